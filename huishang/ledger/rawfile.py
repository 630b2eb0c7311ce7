"""A ledger file's bytes, read as a hostile file must be: never through a link, never
blocking on a FIFO or a device, never more than a limit (even if it grows meanwhile).
No YAML here, so the store can key a file by its bytes without loading a parser."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from huishang.ledger.problems import Problem, problem

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


def read_bytes(path: Path, rel: str, max_bytes: int) -> tuple[bytes | None, list[Problem]]:
    """The file's bytes, opened without following links and without blocking on a FIFO."""
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        if exc.errno == errno.ELOOP or path.is_symlink():
            return None, [problem(rel, (1, 1), "", "file.symlink")]
        return None, [problem(rel, (1, 1), "", "file.unreadable", error=exc.strerror or exc)]
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return None, [problem(rel, (1, 1), "", "file.not_regular")]
        if st.st_size > max_bytes:
            return None, [problem(rel, (1, 1), "", "file.too_large", size=st.st_size,
                                  limit=max_bytes)]
        chunks, left = [], max_bytes + 1
        while left > 0:
            chunk = os.read(fd, left)
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        raw = b"".join(chunks)
    except OSError as exc:
        return None, [problem(rel, (1, 1), "", "file.unreadable", error=exc.strerror or exc)]
    finally:
        os.close(fd)
    if len(raw) > max_bytes:  # it grew while we looked
        return None, [problem(rel, (1, 1), "", "file.too_large", size=len(raw), limit=max_bytes)]
    return raw, []
