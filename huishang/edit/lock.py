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

LOCK_FILE = ".huishang-cache/write.lock"
WAIT_SECONDS = 60.0  # another writer holds the lock for a second or two at most


@contextmanager
def one_writer(root: Path, wait: float = WAIT_SECONDS) -> Iterator[None]:
    from filelock import FileLock, Timeout

    path = root / LOCK_FILE
    path.parent.mkdir(exist_ok=True)
    lock = FileLock(path, timeout=wait)
    try:
        lock.acquire()
    except Timeout:
        raise HuishangError("write.locked", path=LOCK_FILE) from None
    try:
        yield
    finally:
        lock.release()
