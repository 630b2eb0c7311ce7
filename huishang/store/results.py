"""Results keyed by what a file *is*: valid in any clone, on any machine that shares the
folder, which is how CI keeps them between runs.

A file's key is its git blob id when git's index says the work tree holds exactly that
(`git ls-files -s`, less what `git diff-files` finds changed), else a hash of its bytes.
A result is stored under a digest of every key it depends on and of the code that made
it (signed.fingerprint), so a result can never be used for other content or by other code.

The store lives outside the work tree, in `HUISHANG_CACHE_DIR` (else the user's cache
folder), in 256 files by the first byte of the digest, each signed with HMAC-SHA256
under a key kept in that folder: a repository cannot write there, and a file that does
not verify is ignored. A run rewrites only the files it added results to.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from huishang.ledger.layout import LEDGER_PATHS
from huishang.ledger.rawfile import read_bytes
from huishang.store.signed import Private, fingerprint

RESULTS_DIR = "results"
UNKEYED_BYTES = 1 << 26  # a larger file is not keyed, but loaded, and its size refused


def file_keys(root: Path, paths: Iterable[str],
              within: Sequence[str] = LEDGER_PATHS) -> dict[str, str]:
    """The key of each file: `git:<blob id>` where git vouches for it, else `b2:<hash>`;
    files that cannot be read are left out (they are loaded, and their problem said). Git
    is asked of the files `within` those paths only."""
    from huishang.git.worktree import committed_blobs

    known = committed_blobs(root, within)
    keys: dict[str, str] = {}
    for rel in paths:
        key = f"git:{known[rel]}" if rel in known else byte_key(root / rel, UNKEYED_BYTES)
        if key is not None:
            keys[rel] = key
    return keys


def byte_key(path: Path, limit: int) -> str | None:
    """`b2:<hash>` of a file's bytes, read as a hostile file is (ledger/rawfile.py); None
    for a link, a FIFO or anything not a regular file, a file larger than `limit`, or one
    that cannot be read."""
    data, _ = read_bytes(path, "", limit)
    return None if data is None else "b2:" + hashlib.blake2b(data, digest_size=20).hexdigest()


class Digests:
    """The key of a result made by this code from a file with `common` inputs (the keys of
    the settings and the registry, the size limit) and some more (the file's own key,
    its meeting's)."""

    def __init__(self, *common: object) -> None:
        self.base = hashlib.blake2b(fingerprint(), digest_size=20)
        self.base.update(repr(common).encode("utf-8", "surrogateescape"))

    def __call__(self, *parts: str | None) -> str:
        h = self.base.copy()
        h.update("\0".join(p or "" for p in parts).encode("utf-8", "surrogateescape"))
        return h.hexdigest()


@dataclass
class ResultStore:
    """Results by digest, read a part (a first byte) at a time, written back by part."""

    kept: Private
    parts: dict[str, dict[str, Any]] = field(default_factory=dict)
    dirty: set[str] = field(default_factory=set)
    hits: int = 0
    most: int | None = None  # results a part keeps at most, the oldest dropped first

    @classmethod
    def open(cls, root: Path | None, name: str = RESULTS_DIR,
             most: int | None = None) -> ResultStore:
        """The store `name` (a folder of the cache home; None: keep nothing). Results read
        together share a store, and only those: a run reads every part of the stores it
        uses."""
        return cls(Private(None) if root is None else Private.open(root, name), most=most)

    def _part(self, name: str) -> dict[str, Any]:
        found = self.parts.get(name)
        if found is None:
            found = self.kept.read(name)
            found = self.parts[name] = found if isinstance(found, dict) else {}
        return found

    def get(self, key: str) -> Any | None:
        found = self._part(key[:2]).get(key)
        if found is not None:
            self.hits += 1
        return found

    def put(self, key: str, value: Any) -> None:
        part = self._part(key[:2])
        part[key] = value
        while self.most is not None and len(part) > self.most:
            del part[next(iter(part))]
        self.dirty.add(key[:2])

    def save(self) -> None:
        """Write the parts that gained results; a store that cannot be written is skipped."""
        if all(self.kept.write(name, self.parts[name]) for name in sorted(self.dirty)):
            self.dirty.clear()

    def release(self) -> None:
        """Save, then let go of the parts read: a part asked for again is read again."""
        self.save()
        self.parts.clear()
        self.dirty.clear()
