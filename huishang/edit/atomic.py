"""Atomic file writes: a temp file in the same folder, fsync, then rename over the target."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from huishang.ledger.layout import TEMP_SUFFIX, is_leftover_write, temp_prefix


def write_atomic(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Replace `path` with `data` so that readers see the old file or the new, never half.
    Not `durable`: not synced to disk, for a cache whose every file is verified when read
    (a crash can then leave it empty, never half-written for a reader)."""
    folder = path.parent
    _need_folder(folder)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=temp_prefix(path.name), suffix=TEMP_SUFFIX)
    try:
        _fill(fd, data, path, sync=durable)
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    if durable:
        fsync_folder(folder)


def create_exclusive(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Create `path` with `data`, complete or not at all; FileExistsError if it exists.

    The data goes to a temp file first and is then hard-linked into place, which fails
    when the name exists: two writers never clobber each other, and a process killed
    half-way leaves no half-written file under the real name.
    """
    _need_folder(path.parent)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=temp_prefix(path.name),
                               suffix=TEMP_SUFFIX)
    try:
        _fill(fd, data, path)
        os.chmod(tmp, mode)
        os.link(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
    fsync_folder(path.parent)


def place_many(files: list[tuple[Path, bytes, bool]]) -> None:
    """Write many files, each complete or not at all, with one sync for all of them:
    (path, data, replace) each; `replace` False creates the file and refuses an existing
    one (FileExistsError), as `create_exclusive` does.

    Every temp file is written first, then the file systems are synced once (an fsync a
    file cost more than the writing, for an import of thousands of rows), and only then is
    each renamed or linked into place; a kill at any moment leaves each file whole, old
    or new, and temp files the next write removes.
    """
    staged: list[tuple[Path, str, bool]] = []
    try:
        for path, data, replace in files:
            _need_folder(path.parent)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=temp_prefix(path.name),
                                       suffix=TEMP_SUFFIX)
            staged.append((path, tmp, replace))
            _fill(fd, data, path, sync=False)
            mode = path.stat().st_mode & 0o7777 if replace and path.exists() else 0o644
            os.chmod(tmp, mode)
        _sync([tmp for _, tmp, _ in staged])
        # a new file's place must be free before any file is placed: anything there, a
        # dangling link included, would stop the run half-way
        for path, _, replace in staged:
            if not replace and os.path.lexists(path):
                raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path))
        made: list[Path] = []
        try:
            for path, tmp, replace in staged:
                if replace:
                    os.replace(tmp, path)
                else:
                    try:
                        os.link(tmp, path)
                    except FileExistsError:  # appeared since: named, not the temp file
                        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST),
                                              str(path)) from None
                    made.append(path)
                    os.unlink(tmp)
        except FileExistsError:
            for path in made:  # the files this run created go again: all or nothing
                with contextlib.suppress(OSError):
                    os.unlink(path)
            raise
    finally:
        for _, tmp, _ in staged:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
    for folder in sorted({path.parent for path, _, _ in files}):
        fsync_folder(folder)


def _sync(paths: Iterable[str | Path]) -> None:
    """Make files durable: one sync of the file systems where the platform has it (one
    fsync a file costs more than writing thousands of them), else an fsync per file."""
    if hasattr(os, "sync"):
        os.sync()
        return
    for path in paths:  # Windows: no sync of everything; each file then
        with open(path, "rb+") as fh:
            os.fsync(fh.fileno())


def remove_leftovers(folder: Path, name: str | None = None) -> list[str]:
    """Remove the temporary files interrupted writes left in `folder` (only those of the
    file `name`, when given); the names removed.

    Call only while no other write is under way (holding the ledger's write lock): then
    every such file is debris.
    """
    removed: list[str] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for found in sorted(names):
        if name is None and not is_leftover_write(found):
            continue
        if name is not None and not (found.startswith(temp_prefix(name))
                                     and found.endswith(TEMP_SUFFIX)):
            continue
        with contextlib.suppress(FileNotFoundError):
            os.unlink(folder / found)
            removed.append(found)
    return removed


def flush_folder(folder: Path) -> None:
    """Make every file under `folder` durable before it is renamed into place (a site's
    thousands of pages), as `_sync` does; the folder is walked only to fsync each file."""
    _sync(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def _fill(fd: int, data: bytes, path: Path, *, sync: bool = True) -> None:
    """Write and fsync a temp file; an error (a full disk) names the file being written."""
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if sync:
                os.fsync(fh.fileno())
    except OSError as exc:
        if exc.filename is not None:
            raise
        raise OSError(exc.errno, exc.strerror, str(path)) from exc


def _need_folder(folder: Path) -> None:
    # Name the missing folder itself, not the temp file that could not be made in it.
    if not folder.is_dir():
        raise FileNotFoundError(errno.ENOENT, "no such folder", str(folder))


def fsync_folder(folder: Path) -> None:
    """Make a rename inside `folder` durable; not possible on every platform."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
