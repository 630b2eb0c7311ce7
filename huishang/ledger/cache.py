"""A cache of parsed, validated files that can never be wrong.

Each file's result (its record, or its problems) is stored under `.huishang-cache/`
with the file's identity: size, mtime_ns, ctime_ns, inode and device, taken before
the file was read. Any change to a file changes its identity, so exactly that entry
is read again; files added or deleted are seen by the directory scan itself. A file
changed (its ctime) less than `RACY_SECONDS` before the run that cached it began is
read again anyway, as git treats "racily clean" index entries, so a rewrite within
one tick of a coarse clock is never missed. (The only clock read here: `time.time_ns`
to date that run, never the ledger's "today".)

The cache holds pickled records, and a pickle from someone else could run code.
So the whole file is signed with HMAC-SHA256 under a key kept outside the
repository (in the user's cache folder): a cache that does not verify, that was
written by another version or by other code (any change to huishang's own source
files), or that is damaged in any way is discarded unread.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import os
import pickle
import secrets
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from huishang import __version__
from huishang.edit.atomic import create_exclusive, write_atomic

CACHE_DIR = ".huishang-cache"
CACHE_FILE = "ledger.cache"
RACY_SECONDS = 2
_MAGIC = b"huishang-cache\x00"

def _code() -> str:
    """A fingerprint of the code that wrote a cache: the version, Python's, and the size and
    mtime of every source file of the package (the history reports keep results too, so
    not only ledger/), so an edited checkout never reads results an older build of itself
    computed."""
    parts = [__version__, repr(sys.version_info[:2]), "2"]
    for folder, subfolders, files in os.walk(Path(__file__).parent.parent):
        subfolders.sort()
        for name in sorted(files):
            if name.endswith(".py"):
                st = os.stat(os.path.join(folder, name))
                parts.append(f"{folder}/{name}:{st.st_size}:{st.st_mtime_ns}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


CACHE_ENV = "HUISHANG_CACHE_DIR"


def cache_home() -> Path:
    """huishang's folder in the user's cache: HUISHANG_CACHE_DIR when set, else the
    XDG cache folder (an absolute XDG_CACHE_HOME), else ~/.cache."""
    named = os.environ.get(CACHE_ENV)
    if named:
        return Path(named).expanduser().absolute()
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "huishang"


def fingerprint() -> bytes:
    """What identifies the code that made a cached result (see _code)."""
    return _format()


def now_ns() -> int:
    """The time a run starts looking at files, to tell racily clean entries (tests move it)."""
    return time.time_ns()


@functools.cache
def _format() -> bytes:
    return _code().encode()


Identity = tuple[int, int, int, int, int]  # size, mtime_ns, ctime_ns, inode, device


def identity(st: os.stat_result) -> Identity:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


def _key_path(root: Path) -> Path | None:
    """Where the signing key lives: the user's cache folder, never a place the repository
    controls. XDG_CACHE_HOME counts only when it is absolute and outside the ledger (a
    relative one would put the key in the work tree, and a cloned repository could then
    ship a key and a signed pickle); otherwise ~/.cache. None when even that is inside."""
    ledger = os.path.realpath(root)
    for base in (os.environ.get("XDG_CACHE_HOME", ""), str(Path.home() / ".cache")):
        if base and os.path.isabs(base) and not _inside(os.path.realpath(base), ledger):
            return Path(base) / "huishang" / "cache.key"
    return None


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _secret(root: Path) -> bytes | None:
    """The signing key, created on first use; None when no private place can hold it."""
    path = _key_path(root)
    return None if path is None else key_at(path)


def key_at(path: Path) -> bytes | None:
    """The 32-byte key kept at `path` (a private folder), made on first use; None when
    it cannot be read or made."""
    try:
        key = path.read_bytes()
        if len(key) == 32:
            return key
    except OSError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        key = secrets.token_bytes(32)
        create_exclusive(path, key, mode=0o600)  # whole or not at all, even if killed
        return key
    except FileExistsError:  # another process made it first
        try:
            key = path.read_bytes()
        except OSError:
            return None
        return key if len(key) == 32 else None
    except OSError:
        return None


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
    def open(cls, root: Path, salt: str) -> FileCache:
        cache = cls(root, salt, started_ns=now_ns())
        head = _unpickled(fetch(root, CACHE_FILE))
        if not (isinstance(head, tuple) and len(head) == 3 and head[0] == salt):
            return cache
        _, between, judged_over = head
        trusted = []
        for n in range(PARTS):
            part = _unpickled(fetch(root, _part_file(n)))
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
            if store(self.root, _part_file(n), pickle.dumps(
                    (self.salt, trusted, generation, entries),
                    protocol=pickle.HIGHEST_PROTOCOL)):
                self.generations[n] = generation
            else:
                self.generations.pop(n, None)
        self.dirty.clear()
        store(self.root, CACHE_FILE, pickle.dumps(
            (self.salt, self.between, dict(self.generations)),
            protocol=pickle.HIGHEST_PROTOCOL))
        self.head_dirty = False


def _unpickled(body: memoryview | None) -> Any:
    if body is None:
        return None
    try:
        return pickle.loads(body)  # signed by us
    except Exception:  # a damaged but signed file: as if absent
        return None


def make_folder(root: Path) -> Path:
    """The repo's cache folder, made with a .gitignore that keeps all of it out of git
    (when it can be written); OSError when the folder cannot be made (or is a link)."""
    folder = root / CACHE_DIR
    if folder.is_symlink():
        raise OSError(f"{folder} is a link")
    folder.mkdir(exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        # (on a full disk the lock still works, and the write says what is wrong)
        with contextlib.suppress(OSError):
            write_atomic(ignore, b"# huishang's local cache: never commit it\n*\n")
    return folder


def store(root: Path, name: str, body: bytes) -> bool:
    """Sign `body` and write it atomically as `name` in the repo's cache folder; a cache
    that cannot be written (no key, read-only folder) is silently skipped (False)."""
    key = _secret(root)
    if key is None:
        return False
    try:
        folder = make_folder(root)
        tag = hmac.new(key, _format() + body, hashlib.sha256).digest()
        write_atomic(folder / name, _MAGIC + _format() + b"\n" + tag + body)
    except OSError:
        return False
    return True


def fetch(root: Path, name: str) -> memoryview | None:
    """The body of the cache file `name`, or None unless it is there, is not a link, and
    verifies under our key and format. (A view, not a copy: an index can be large.)"""
    key = _secret(root)
    path = root / CACHE_DIR / name
    if key is None or path.is_symlink():
        return None
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    return _verified(blob, key)


def _verified(blob: bytes, key: bytes) -> memoryview | None:
    header = _MAGIC + _format() + b"\n"
    if not blob.startswith(header) or len(blob) < len(header) + 32:
        return None
    tag = blob[len(header):len(header) + 32]
    body = memoryview(blob)[len(header) + 32:]
    expected = hmac.new(key, _format(), hashlib.sha256)
    expected.update(body)
    return body if hmac.compare_digest(tag, expected.digest()) else None
