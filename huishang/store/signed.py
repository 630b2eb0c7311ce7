"""Signed pickles: the one way anything huishang keeps is written and read back.

What the store keeps is pickled, and a pickle from someone else could run code. So every
file is signed with HMAC-SHA256 under one key kept outside the repository (in the user's
cache folder), together with a fingerprint of the code that wrote it: a file that does
not verify, was written by another version or by other code (any change to huishang's
own source files), or is damaged in any way is discarded unread.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
import pickle
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self

from huishang import __version__
from huishang.ledger.layout import CACHE_DIR, cache_home

RACY_SECONDS = 2
_MAGIC = b"huishang-cache\x00"
KEY_FILE = "cache.key"


@functools.cache
def fingerprint() -> bytes:
    """A fingerprint of the code that made a kept result: the version, Python's, and the
    size and mtime of every source file of the package (the history reports keep results
    too, so not only ledger/), so an edited checkout never reads results an older build
    of itself computed."""
    parts = [__version__, repr(sys.version_info[:2]), "3"]
    for folder, subfolders, files in os.walk(Path(__file__).parent.parent):
        subfolders.sort()
        for name in sorted(files):
            if name.endswith(".py"):
                st = os.stat(os.path.join(folder, name))
                parts.append(f"{folder}/{name}:{st.st_size}:{st.st_mtime_ns}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest().encode()


def now_ns() -> int:
    """The time a run starts looking at files, to tell racily clean entries (tests move it).
    (The only clock read here, never the ledger's "today".)"""
    return time.time_ns()


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def signing_key(root: Path) -> bytes | None:
    """The one key, in the user's cache folder, never a place the repository controls: a
    cache folder inside the ledger (a relative XDG_CACHE_HOME is never used) would let a
    cloned repository ship a key and a signed pickle, so ~/.cache is used then. None when
    even that is inside, or no key can be read or made there."""
    ledger = os.path.realpath(root)
    for base in (cache_home(), Path.home() / ".cache" / "huishang"):
        if not _inside(os.path.realpath(base), ledger):
            return _key_at(base / KEY_FILE)
    return None


def _key_at(path: Path) -> bytes | None:
    try:
        key = path.read_bytes()
        if len(key) == 32:
            return key
    except OSError:
        pass
    import secrets

    from huishang.edit.atomic import create_exclusive

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


def _read(path: Path) -> bytes | None:
    try:
        return None if path.is_symlink() else path.read_bytes()
    except OSError:
        return None


def _sign(key: bytes, body: bytes) -> bytes:
    tag = hmac.new(key, fingerprint() + body, hashlib.sha256).digest()
    return _MAGIC + fingerprint() + b"\n" + tag + body


def _verified(key: bytes, blob: bytes | None) -> memoryview | None:
    """The body of what `_sign` made with this key and this code, else None. (A view, not
    a copy: an index can be large.)"""
    header = _MAGIC + fingerprint() + b"\n"
    if blob is None or not blob.startswith(header) or len(blob) < len(header) + 32:
        return None
    tag = blob[len(header):len(header) + 32]
    body = memoryview(blob)[len(header) + 32:]
    expected = hmac.new(key, fingerprint(), hashlib.sha256)
    expected.update(body)
    return body if hmac.compare_digest(tag, expected.digest()) else None


def write_file(root: Path, name: str, body: bytes) -> bool:
    """Sign `body` and write it atomically as `name` in the repo's cache folder; a cache
    that cannot be written (no key, read-only folder) is silently skipped (False)."""
    from huishang.edit.atomic import write_atomic
    from huishang.edit.lock import cache_folder

    key = signing_key(root)
    if key is None:
        return False
    try:
        write_atomic(cache_folder(root) / name, _sign(key, body))
    except OSError:
        return False
    return True


def read_file(root: Path, name: str) -> memoryview | None:
    """The body of the cache file `name`, or None unless it is there, is not a link, and
    verifies under our key and code."""
    key = signing_key(root)
    return None if key is None else _verified(key, _read(root / CACHE_DIR / name))


def dumps(value: Any) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def loads(body: bytes | memoryview | None) -> Any:
    """What `dumps` made, read from a body that verified; None when damaged."""
    if body is None:
        return None
    try:
        return pickle.loads(body)  # signed by us
    except Exception:  # a damaged but signed file: as if absent
        return None


@dataclass(frozen=True)
class Private:
    """A folder of the cache home, outside every work tree (which is how CI keeps it
    between runs), of values signed under the key."""

    folder: Path | None  # None: no private place, nothing is kept
    key: bytes = b""

    @classmethod
    def open(cls, root: Path, name: str) -> Self:
        """The folder `name`; none when the cache home is inside the ledger at `root` (a
        repository could then ship results) or has no key."""
        home = cache_home()
        key = None if _inside(os.path.realpath(home), os.path.realpath(root)) \
            else signing_key(root)
        return cls(None) if key is None else cls(home / name, key)

    def read(self, name: str) -> Any | None:
        """The value kept as `name`; None when absent, not ours, or made by other code (its
        values are never used, and dropped when rewritten)."""
        return None if self.folder is None else \
            loads(_verified(self.key, _read(self.folder / name)))

    def write(self, name: str, value: Any) -> bool:
        """Keep `value` as `name`; a folder that cannot be written is skipped (False)."""
        if self.folder is None:
            return False
        from huishang.edit.atomic import write_atomic

        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            write_atomic(self.folder / name, _sign(self.key, dumps(value)), durable=False)
        except OSError:
            return False
        return True
