"""A cache of parsed, validated files that can never be wrong.

Each file's result (its record, or its problems) is stored under `.huishang-cache/`
with the file's identity: size, mtime_ns, ctime_ns, inode and device, taken before
the file was read. Any change to a file changes its identity, so exactly that entry
is read again; files added or deleted are seen by the directory scan itself. A file
modified within `RACY_SECONDS` before the cache was written is read again anyway,
as git treats "racily clean" index entries, so a rewrite within one tick of a coarse
clock is never missed.

The cache holds pickled records, and a pickle from someone else could run code.
So the whole file is signed with HMAC-SHA256 under a key kept outside the
repository (in the user's cache folder): a cache that does not verify, that was
written by another version, or that is damaged in any way is discarded unread.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import secrets
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from huishang import __version__
from huishang.atomic import create_exclusive, write_atomic

CACHE_DIR = ".huishang-cache"
CACHE_FILE = "ledger.cache"
RACY_SECONDS = 2
_MAGIC = b"huishang-cache\x00"
_FORMAT = f"{__version__}|{sys.version_info[:2]}|1".encode()

Identity = tuple[int, int, int, int, int]  # size, mtime_ns, ctime_ns, inode, device


def identity(st: os.stat_result) -> Identity:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


def _key_path() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "huishang" / "cache.key"


def _secret() -> bytes | None:
    """The signing key, created on first use; None when no private place can hold it."""
    path = _key_path()
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


@dataclass
class FileCache:
    """Per-file results of one ledger, looked up by path and identity."""

    root: Path
    salt: str  # what else the results depend on (e.g. the size limit)
    entries: dict[str, tuple[Identity, Any]] = field(default_factory=dict)
    written_ns: int = 0
    dirty: bool = False
    hits: int = 0

    @classmethod
    def open(cls, root: Path, salt: str) -> FileCache:
        cache = cls(root, salt)
        key = _secret()
        path = root / CACHE_DIR / CACHE_FILE
        if key is None or path.is_symlink():
            return cache
        try:
            blob = path.read_bytes()
            written_ns = path.stat().st_mtime_ns
        except OSError:
            return cache
        body = _verified(blob, key)
        if body is None:
            return cache
        try:
            stored_salt, entries = pickle.loads(body)  # signed by us: safe to unpickle
        except Exception:  # a damaged but signed file: start afresh
            return cache
        if stored_salt != salt or not isinstance(entries, dict):
            return cache
        cache.entries, cache.written_ns = entries, written_ns
        return cache

    def get(self, rel: str, ident: Identity) -> Any | None:
        found = self.entries.get(rel)
        if found is None or found[0] != ident:
            return None
        if ident[1] >= self.written_ns - RACY_SECONDS * 1_000_000_000:
            return None  # racily clean: it may have changed within the clock's resolution
        self.hits += 1
        return found[1]

    def put(self, rel: str, ident: Identity, value: Any) -> None:
        self.entries[rel] = (ident, value)
        self.dirty = True

    def keep_only(self, paths: set[str]) -> None:
        """Drop entries of files that are gone."""
        gone = [rel for rel in self.entries if rel not in paths]
        for rel in gone:
            del self.entries[rel]
        self.dirty = self.dirty or bool(gone)

    def save(self) -> None:
        """Write the cache if anything changed; a cache that cannot be written is skipped."""
        key = _secret()
        if not self.dirty or key is None:
            return
        folder = self.root / CACHE_DIR
        try:
            if folder.is_symlink():
                return
            folder.mkdir(exist_ok=True)
            ignore = folder / ".gitignore"
            if not ignore.exists():
                write_atomic(ignore, b"# huishang's local cache: never commit it\n*\n")
            body = pickle.dumps((self.salt, self.entries), protocol=pickle.HIGHEST_PROTOCOL)
            tag = hmac.new(key, _FORMAT + body, hashlib.sha256).digest()
            write_atomic(folder / CACHE_FILE, _MAGIC + _FORMAT + b"\n" + tag + body)
        except OSError:
            return


def _verified(blob: bytes, key: bytes) -> bytes | None:
    header = _MAGIC + _FORMAT + b"\n"
    if not blob.startswith(header) or len(blob) < len(header) + 32:
        return None
    tag = blob[len(header):len(header) + 32]
    body = blob[len(header) + 32:]
    expected = hmac.new(key, _FORMAT + body, hashlib.sha256).digest()
    return body if hmac.compare_digest(tag, expected) else None
