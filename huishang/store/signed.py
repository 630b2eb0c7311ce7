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
import secrets
import sys
import time
from pathlib import Path
from typing import Any

from huishang import __version__
from huishang.edit.atomic import create_exclusive, write_atomic
from huishang.edit.lock import cache_folder
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


def private_folder(root: Path, name: str) -> tuple[Path, bytes] | None:
    """The folder `name` of the cache home and the key; None when the cache home is inside
    the ledger at `root` (a repository could then ship results) or has no key: then
    nothing is kept."""
    home = cache_home()
    if _inside(os.path.realpath(home), os.path.realpath(root)):
        return None
    key = signing_key(root)
    return None if key is None else (home / name, key)


def store(root: Path, name: str, body: bytes) -> bool:
    """Sign `body` and write it atomically as `name` in the repo's cache folder; a cache
    that cannot be written (no key, read-only folder) is silently skipped (False)."""
    key = signing_key(root)
    if key is None:
        return False
    try:
        tag = hmac.new(key, fingerprint() + body, hashlib.sha256).digest()
        write_atomic(cache_folder(root) / name, _MAGIC + fingerprint() + b"\n" + tag + body)
    except OSError:
        return False
    return True


def fetch(root: Path, name: str) -> memoryview | None:
    """The body of the cache file `name`, or None unless it is there, is not a link, and
    verifies under our key and code. (A view, not a copy: an index can be large.)"""
    key = signing_key(root)
    path = root / CACHE_DIR / name
    if key is None or path.is_symlink():
        return None
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    header = _MAGIC + fingerprint() + b"\n"
    if not blob.startswith(header) or len(blob) < len(header) + 32:
        return None
    tag = blob[len(header):len(header) + 32]
    body = memoryview(blob)[len(header) + 32:]
    expected = hmac.new(key, fingerprint(), hashlib.sha256)
    expected.update(body)
    return body if hmac.compare_digest(tag, expected.digest()) else None


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


def seal(key: bytes, value: Any) -> bytes:
    """`value` pickled with the code that made it, signed under `key`."""
    body = dumps((fingerprint(), value))
    return hmac.new(key, body, hashlib.sha256).digest() + body


def unseal(key: bytes, path: Path) -> Any | None:
    """What `seal` wrote at `path`; None when it cannot be read, does not verify, or was
    made by other code (its results are never used, and are dropped when rewritten, so a
    store holds one version's results, not every version's since it was made)."""
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    tag, body = blob[:32], memoryview(blob)[32:]
    if not hmac.compare_digest(tag, hmac.new(key, body, hashlib.sha256).digest()):
        return None
    found = loads(body)
    if not isinstance(found, tuple) or len(found) != 2:
        return None
    code, value = found
    return value if code == fingerprint() else None
