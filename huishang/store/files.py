"""The per-file cache of a whole-ledger load, and that load: each file's parsed result kept
under `.huishang-cache/` with the file's identity.

The identity is size, mtime_ns, ctime_ns, inode and device, taken before the file was
read. Any change to a file changes its identity, so exactly that entry is read again;
files added or deleted are seen by the directory scan itself. A file changed (its ctime)
less than `RACY_SECONDS` before the run that cached it began is read again anyway, as git
treats "racily clean" index entries, so a rewrite within one tick of a coarse clock is
never missed. The files are signed (signed.py).
"""

from __future__ import annotations

import functools
import hashlib
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from huishang.ledger import load
from huishang.ledger.load import Identity, Progress
from huishang.ledger.records import Ledger
from huishang.store import signed
from huishang.store.signed import RACY_SECONDS

CACHE_FILE = "ledger.cache"
PARTS = 64  # the entries are kept in this many files, by meeting folder


def _part_of(rel: str) -> int:
    """Which part keeps the entry of the file `rel`: the files of one meeting folder share
    one, so a clerk's change rewrites a sixty-fourth of the cache, not all of it."""
    return _part_of_folder(rel.rpartition("/")[0])


@functools.cache  # one entry per folder, not per file
def _part_of_folder(folder: str) -> int:
    return hashlib.blake2b(folder.encode("utf-8", "surrogateescape"),
                           digest_size=1).digest()[0] % PARTS


def _part_file(n: int) -> str:
    return f"{CACHE_FILE}.{n:02d}"


@dataclass
class FileCache:
    """Per-file results of one ledger, looked up by path and identity.

    Kept in `PARTS` signed files by meeting folder (`ledger.cache.NN`), each with the
    time its run began, and a head file (`ledger.cache`) with the problems between files.
    Each part has a random generation, renewed when it is written; the head names the
    generations it was judged over, so problems between files are reused only with
    exactly those parts (a run that stopped half-way, or another writing meanwhile,
    leaves them judged again, never wrong)."""

    root: Path
    salt: str  # what else the results depend on (e.g. the size limit)
    started_ns: int = 0  # when this run began looking at files
    entries: dict[str, tuple[Identity, Any]] = field(default_factory=dict)
    trusted_ns: int = 0  # entries changed (ctime) at or after this are never trusted
    # the problems between files found in exactly `entries`, and the digest of what else
    # judged them (the settings and the unit registry); forgotten when an entry changes
    between: tuple[str, Any] | None = None
    generations: dict[int, str] = field(default_factory=dict)  # of the parts read or written
    dirty: set[int] = field(default_factory=set)  # the parts to write
    head_dirty: bool = False
    hits: int = 0

    @classmethod
    def open(cls, root: Path, max_bytes: int) -> FileCache:
        """The cache of results read with that size limit. (What the classes it holds are
        like is in the code's fingerprint, which every file of it is signed with.)"""
        salt = f"max_file_bytes={max_bytes}"
        cache = cls(root, salt, started_ns=signed.now_ns())
        head = signed.loads(signed.read_file(root, CACHE_FILE))
        if not (isinstance(head, tuple) and len(head) == 3 and head[0] == salt):
            return cache
        _, between, judged_over = head
        trusted = []
        for n in range(PARTS):
            part = signed.loads(signed.read_file(root, _part_file(n)))
            if not (isinstance(part, tuple) and len(part) == 4 and part[0] == salt
                    and isinstance(part[3], dict)):
                continue
            _, part_trusted, generation, entries = part
            # an entry changed within the clock's resolution of the run that kept it is
            # never trusted (racily clean); each part knows when its run began
            cache.entries.update((rel, found) for rel, found in entries.items()
                                 if found[0][2] < part_trusted)
            cache.generations[n] = generation
            trusted.append(part_trusted)
        cache.trusted_ns = max(trusted, default=0)
        if judged_over == cache.generations:
            cache.between = between
        return cache

    def get(self, rel: str, ident: Identity) -> Any | None:
        found = self.entries.get(rel)
        if found is None or found[0] != ident:
            return None
        if ident[2] >= self.trusted_ns:
            return None  # racily clean: it may have changed within the clock's resolution
        self.hits += 1
        return found[1]

    def put(self, rel: str, ident: Identity, value: Any) -> None:
        self.entries[rel] = (ident, value)
        self.between = None
        self.dirty.add(_part_of(rel))

    def keep_only(self, paths: set[str]) -> None:
        """Drop entries of files that are gone."""
        gone = [rel for rel in self.entries if rel not in paths]
        for rel in gone:
            del self.entries[rel]
            self.dirty.add(_part_of(rel))
        if gone:
            self.between = None

    def problems_between(self, judged_by: str) -> Any | None:
        """The problems between files kept with the entries, when every entry was a hit
        (each file is as it was; no file is new, or `hits` would fall short) and they were
        judged by the same settings and registry."""
        if self.hits != len(self.entries) or self.between is None:
            return None
        known, found = self.between
        return found if known == judged_by else None

    def keep_between(self, judged_by: str, found: Any) -> None:
        if self.between != (judged_by, found):
            self.between = (judged_by, found)
            self.head_dirty = True

    def save(self) -> None:
        """Write the parts that changed, then the head; a cache that cannot be written is
        skipped."""
        if not self.dirty and not self.head_dirty:
            return
        trusted = self.started_ns - RACY_SECONDS * 1_000_000_000
        grouped: dict[int, dict[str, tuple[Identity, Any]]] = {n: {} for n in self.dirty}
        for rel, found in self.entries.items():
            n = _part_of(rel)
            if n in grouped:
                grouped[n][rel] = found
        for n, entries in sorted(grouped.items()):
            generation = secrets.token_hex(8)
            if signed.write_file(self.root, _part_file(n),
                                 signed.dumps((self.salt, trusted, generation, entries))):
                self.generations[n] = generation
            else:
                self.generations.pop(n, None)
        self.dirty.clear()
        signed.write_file(self.root, CACHE_FILE,
                          signed.dumps((self.salt, self.between, dict(self.generations))))
        self.head_dirty = False


def load_ledger(root: Path, *, use_cache: bool = True, progress: Progress | None = None,
                workers: int | None = None) -> Ledger:
    """The whole ledger at `root` (see ledger/load.py), each unchanged file's result taken
    from the cache."""
    return load.load_ledger(root, cache=functools.partial(FileCache.open, root) if use_cache
                            else None, progress=progress, workers=workers)
