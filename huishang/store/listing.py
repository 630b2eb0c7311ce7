"""The listing of a ledger: the name and identity (type, size, mtime, ctime, inode) of every
input of a load, taken without reading any file, and a digest of it.

The digest is combined from parts: the top (huishang.yaml, units.yaml, items/), the
listing of items/, and one digest per meeting folder. A writer can then take one folder's
listing again and combine it with the others' digests as they were (see delta.py).
Digests depend on values only (marshal's version 2), never on how Python made them.
"""

from __future__ import annotations

import errno
import hashlib
import marshal
import os
import stat
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import Any

from huishang.ledger.layout import ITEMS_DIR, SETTINGS_FILE, UNITS_FILE
from huishang.store import signed
from huishang.store.signed import RACY_SECONDS
from huishang.views.earlywarning import Thresholds
from huishang.views.facts import Facts, LedgerFacts

DIGEST = 32  # bytes of a listing's digest
_INPUTS = (SETTINGS_FILE, UNITS_FILE, ITEMS_DIR)  # what load_ledger reads at the top
SHAPE = repr(  # the facts a view holds: a view of another shape is never read
    (Facts._fields, Thresholds._fields, list(LedgerFacts.__dataclass_fields__))).encode()


@dataclass(frozen=True)
class Snapshot:
    """The identities of every input of a load at one moment, and their digest."""

    digest: bytes  # of every entry's name and identity
    settled: bool  # nothing changed within RACY_SECONDS before the listing began
    top: bytes = b""  # the identities of huishang.yaml, units.yaml and items/
    head: bytes = b""  # the names and identities in items/ ("" when there is no items/)
    folders: dict[str, bytes] = field(default_factory=dict)  # meeting folder -> its digest

    @staticmethod
    def combine(top: bytes, head: bytes, folders: dict[str, bytes]) -> bytes:
        """The digest of a listing from its parts: one folder's listing can be taken again
        (after a write) and combined with the others' digests as they were."""
        return hashlib.blake2b(SHAPE + top + head + b"".join(folders.values()),
                               digest_size=32).digest()


IDENTITY = attrgetter(  # what tells an entry changed; a coarse clock tells less (tests)
    "st_mode", "st_size", "st_mtime_ns", "st_ctime_ns", "st_ino")
_CTIME = attrgetter("st_ctime_ns")
_FOLDER = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)
# Folders are opened once and their entries looked up relative to them where the system
# can (POSIX); elsewhere (Windows) by path, with the same digest of the same entries.
# (lstat is never listed in supports_dir_fd: it is stat without following links)
DIR_FD = hasattr(os, "O_DIRECTORY") and {os.open, os.stat} <= os.supports_dir_fd
Folder = int | str  # an open folder's descriptor, or its path where there are none
# Two processes pay for a fork: measured, one process lists 400 folders (10k items) faster
# (189 vs 205 ms), two list 4,000 folders (100k items) faster (0.89-1.0 s vs 1.02-1.07 s).
PARALLEL_FROM = 1000  # meeting folders; fewer are listed in one process


def listing(root: Path) -> Snapshot:
    """The identity of every input of a ledger load, without reading any file. Large
    ledgers are listed by two processes, each taking half of the meeting folders."""
    began = signed.now_ns()
    top = _open_folder(str(root), None)
    folders: dict[str, bytes] = {}
    head = b""
    try:
        top_part, newest, has_items = _top(top)
        if has_items:
            head, folders, item_newest = _items(top)
            newest = max(newest, item_newest)
    finally:
        _close(top)
    return Snapshot(Snapshot.combine(top_part, head, folders),
                   newest < began - RACY_SECONDS * 1_000_000_000, top_part, head, folders)


def _plain(value: Any) -> bytes:
    """Names and identities as bytes that depend only on their values: marshal's version 2,
    since later versions mark objects met twice, which depends on how they were made."""
    return marshal.dumps(value, 2)


def _top(top: Folder) -> tuple[bytes, int, bool]:
    inputs, newest = _look(top, list(_INPUTS))
    return (_plain((os.stat(top).st_dev, inputs)), newest,
            _is_folder(inputs[_INPUTS.index(ITEMS_DIR)]))


Identity = tuple[int, ...]  # mode, size, mtime_ns, ctime_ns, inode
Identities = list[Identity | None]


def _is_folder(ident: Identity | None) -> bool:
    return ident is not None and stat.S_ISDIR(ident[0])


def _open_folder(name: str, parent: Folder | None) -> Folder:
    """Open the folder `name` (in `parent`, when given), never through a symbolic link."""
    if DIR_FD:
        if parent is None:
            return os.open(name, os.O_RDONLY | os.O_DIRECTORY)
        assert isinstance(parent, int)
        return os.open(name, _FOLDER, dir_fd=parent)
    path = name if parent is None else os.path.join(str(parent), name)
    if not stat.S_ISDIR(os.lstat(path).st_mode):  # a link or a file where a folder was
        raise NotADirectoryError(errno.ENOTDIR, "not a folder", path)
    return path


def _close(folder: Folder) -> None:
    if isinstance(folder, int):
        os.close(folder)


def _stat(name: str, folder: Folder) -> os.stat_result:
    if isinstance(folder, int):
        return os.lstat(name, dir_fd=folder)
    return os.lstat(os.path.join(folder, name))


def _look(folder: Folder, names: list[str]) -> tuple[Identities, int]:
    """The identity of each name in `folder` (None when it is gone), and the newest ctime."""
    try:
        stats = [_stat(name, folder) for name in names]
    except FileNotFoundError:  # gone since the folder was read (or never there)
        found = [_lstat(name, folder) for name in names]
        return ([None if st is None else IDENTITY(st) for st in found],
                max((st.st_ctime_ns for st in found if st is not None), default=0))
    return list(map(IDENTITY, stats)), max(map(_CTIME, stats), default=0)


def _lstat(name: str, folder: Folder) -> os.stat_result | None:
    try:
        return _stat(name, folder)
    except FileNotFoundError:
        return None


def _items(top: Folder) -> tuple[bytes, dict[str, bytes], int]:
    """The listing of items/, the digest of every meeting folder's, and the newest ctime."""
    items = _open_folder(ITEMS_DIR, top)
    try:
        names = sorted(os.listdir(items))
        identities, newest = _look(items, names)
        folders = [name for name, ident in zip(names, identities, strict=True)
                   if _is_folder(ident)]
        head = _plain((names, identities))
        half = len(folders) // 2  # the same halves either way, so the same digest
        if len(folders) >= PARALLEL_FROM and _can_fork():
            first, second = _in_parallel(items, folders[:half], folders[half:])
        else:
            first, second = _folders(items, folders[:half]), _folders(items, folders[half:])
        return (head, dict(zip(folders, first[0] + second[0], strict=True)),
                max(newest, first[1], second[1]))
    finally:
        _close(items)


def _folders(items: Folder, folders: list[str]) -> tuple[list[bytes], int]:
    """The digest of the listing of each folder in `folders`, and their newest ctime."""
    digests = []
    newest = 0
    for name in folders:
        digest, folder_newest = _folder(items, name)
        digests.append(digest)
        newest = max(newest, folder_newest)
    return digests, newest


def _folder(items: Folder, name: str) -> tuple[bytes, int]:
    try:
        children, identities, newest = _children(items, name)
    except OSError:  # gone or replaced since items/ was read
        return hashlib.blake2b(_plain((name, None)), digest_size=32).digest(), 0
    return folder_digest(name, children, identities), newest


def _children(items: Folder, name: str) -> tuple[list[str], Identities, int]:
    folder = _open_folder(name, items)
    try:
        children = sorted(os.listdir(folder))
        identities, newest = _look(folder, children)
    finally:
        _close(folder)
    return children, identities, newest


def folder_digest(name: str, children: list[str], identities: Identities) -> bytes:
    """The digest of one meeting folder's listing, as `listing` takes it."""
    return hashlib.blake2b(_plain((name, children, identities)),
                           digest_size=32).digest()


def partial(root: Path, names: list[str]) -> tuple[
    bytes, bytes, dict[str, tuple[list[str], Identities]]
]:
    """The listing of the top and of items/, and that of each meeting folder named, as
    `listing` takes them; OSError when any of them cannot be read."""
    top = _open_folder(str(root), None)
    try:
        top_part, _, has_items = _top(top)
        if not has_items:
            raise NotADirectoryError(errno.ENOTDIR, "no items folder", ITEMS_DIR)
        items = _open_folder(ITEMS_DIR, top)
        try:
            every = sorted(os.listdir(items))
            head = _plain((every, _look(items, every)[0]))
            found = {}
            for name in names:
                children, identities, _ = _children(items, name)
                found[name] = (children, identities)
        finally:
            _close(items)
    finally:
        _close(top)
    return top_part, head, found


def _can_fork() -> bool:
    return hasattr(os, "fork") and (os.cpu_count() or 1) > 1


def _in_parallel(items: Folder, mine: list[str], theirs: list[str]) -> tuple[
    tuple[list[bytes], int], tuple[list[bytes], int]
]:
    """Both halves' results, the second from a forked child; if the child fails, the parent
    lists that half itself."""
    size = 32 * len(theirs) + 8
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: list, send the digests, and leave without running any cleanup
        code = 1
        try:
            os.close(read_end)
            digests, newest = _folders(items, theirs)
            out = memoryview(b"".join(digests) + newest.to_bytes(8, "little"))
            while out:
                out = out[os.write(write_end, out):]
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    try:
        first = _folders(items, mine)
        chunks = []
        while True:
            chunk = os.read(read_end, 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_end)
        _, status = os.waitpid(pid, 0)
    answer = b"".join(chunks)
    if len(answer) != size or os.waitstatus_to_exitcode(status) != 0:
        return first, _folders(items, theirs)
    return first, ([answer[n:n + 32] for n in range(0, size - 8, 32)],
                   int.from_bytes(answer[-8:], "little"))
