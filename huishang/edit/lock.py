"""One writer at a time: a lock on the ledger, held from reading it to writing the file.

Two `huishang update` runs on the same item would otherwise both read the same version,
and the second would replace the first one's update. The lock is an OS file lock
(fcntl on POSIX, msvcrt on Windows, through filelock) on a file in the git-ignored
cache folder, so it is released when the process ends, even when it is killed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from huishang.edit.atomic import write_atomic
from huishang.errors import HuishangError
from huishang.ledger.layout import CACHE_DIR

LOCK_NAME = "write.lock"
LOCK_FILE = f"{CACHE_DIR}/{LOCK_NAME}"
WAIT_SECONDS = 60.0  # another writer holds the lock for a second or two at most


def cache_folder(root: Path) -> Path:
    """The repo's cache folder (which holds the lock), made with a .gitignore that keeps
    all of it out of git; OSError when the folder cannot be made (or is a link)."""
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


@contextmanager
def one_writer(root: Path) -> Iterator[None]:
    from filelock import FileLock, Timeout

    try:
        path = cache_folder(root) / LOCK_NAME
    except OSError as exc:  # a read-only ledger, or a link where the cache folder goes
        raise HuishangError("write.no_lock", path=LOCK_FILE, error=exc.strerror or exc) \
            from None
    lock = FileLock(path, timeout=WAIT_SECONDS)
    try:
        lock.acquire()
    except Timeout:
        raise HuishangError("write.locked", path=LOCK_FILE) from None
    try:
        yield
    finally:
        lock.release()
