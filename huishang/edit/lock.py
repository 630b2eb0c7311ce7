"""One writer at a time: a lock on the ledger, held from reading it to writing the file.

Two `huishang update` runs on the same item would otherwise both read the same version,
and the second would replace the first one's update. The lock is an OS file lock
(fcntl on POSIX, msvcrt on Windows, through filelock) on a file in the git-ignored
cache folder, so it is released when the process ends, even when it is killed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from huishang.errors import HuishangError

LOCK_NAME = "write.lock"
LOCK_FILE = f".huishang-cache/{LOCK_NAME}"
WAIT_SECONDS = 60.0  # another writer holds the lock for a second or two at most


@contextmanager
def one_writer(root: Path, wait: float = WAIT_SECONDS) -> Iterator[None]:
    from filelock import FileLock, Timeout

    from huishang.ledger.cache import make_folder

    try:
        path = make_folder(root) / LOCK_NAME
    except OSError as exc:  # a read-only ledger, or a link where the cache folder goes
        raise HuishangError("write.no_lock", path=LOCK_FILE, error=exc.strerror or exc) \
            from None
    lock = FileLock(path, timeout=wait)
    try:
        lock.acquire()
    except Timeout:
        raise HuishangError("write.locked", path=LOCK_FILE) from None
    try:
        yield
    finally:
        lock.release()
