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

DIGEST = 32  # bytes of a listing's digest
_INPUTS = (SETTINGS_FILE, UNITS_FILE, ITEMS_DIR)  # what load_ledger reads at the top
Identity = tuple[int, ...]  # mode, size, mtime_ns, ctime_ns, inode
Identities = list[Identity | None]


def digest(data: bytes) -> bytes:
    """The digest every listing, view and written file is known by here."""
    return hashlib.blake2b(data, digest_size=DIGEST).digest()


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
        return digest(top + head + b"".join(folders.values()))


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
    head = b""
    folders: dict[str, bytes] = {}
    with _opened(str(root), None) as top:
        top_part, newest, has_items = _top(top)
        if has_items:
            head, folders, item_newest = _items(top)
            newest = max(newest, item_newest)
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


def _is_folder(ident: Identity | None) -> bool:
    return ident is not None and stat.S_ISDIR(ident[0])


class _opened:  # not @contextmanager: that cost 2 % of a listing of 400 folders (measured)
    """The folder `name` (in `parent`, when given), opened never through a symbolic link,
    and closed on leaving."""

    def __init__(self, name: str, parent: Folder | None) -> None:
        if DIR_FD:
            assert parent is None or isinstance(parent, int)
            self.folder: Folder = os.open(name, os.O_RDONLY | os.O_DIRECTORY) \
                if parent is None else os.open(name, _FOLDER, dir_fd=parent)
            return
        self.folder = name if parent is None else os.path.join(str(parent), name)
        if not stat.S_ISDIR(os.lstat(self.folder).st_mode):  # a link or a file, not a folder
            raise NotADirectoryError(errno.ENOTDIR, "not a folder", self.folder)

    def __enter__(self) -> Folder:
        return self.folder

    def __exit__(self, *_: object) -> None:
        if isinstance(self.folder, int):
            os.close(self.folder)


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


def _children(folder: Folder) -> tuple[list[str], Identities, int]:
    """The names in `folder`, their identities and the newest ctime."""
    names = sorted(os.listdir(folder))
    identities, newest = _look(folder, names)
    return names, identities, newest


def _items(top: Folder) -> tuple[bytes, dict[str, bytes], int]:
    """The listing of items/, the digest of every meeting folder's, and the newest ctime."""
    with _opened(ITEMS_DIR, top) as items:
        names, identities, newest = _children(items)
        folders = [name for name, ident in zip(names, identities, strict=True)
                   if _is_folder(ident)]
        half = len(folders) // 2  # the same halves either way, so the same digest
        if len(folders) >= PARALLEL_FROM and hasattr(os, "fork") and (os.cpu_count() or 1) > 1:
            first, second = _in_parallel(items, folders[:half], folders[half:])
        else:
            first, second = _folders(items, folders[:half]), _folders(items, folders[half:])
    return (_plain((names, identities)), dict(zip(folders, first[0] + second[0], strict=True)),
            max(newest, first[1], second[1]))


def _folders(items: Folder, folders: list[str]) -> tuple[list[bytes], int]:
    """The digest of the listing of each folder in `folders`, and their newest ctime."""
    digests = []
    newest = 0
    for name in folders:
        try:
            with _opened(name, items) as folder:
                children, identities, folder_newest = _children(folder)
        except OSError:  # gone or replaced since items/ was read
            digests.append(digest(_plain((name, None))))
            continue
        digests.append(folder_digest(name, children, identities))
        newest = max(newest, folder_newest)
    return digests, newest


def folder_digest(name: str, children: list[str], identities: Identities) -> bytes:
    """The digest of one meeting folder's listing, as `listing` takes it."""
    return digest(_plain((name, children, identities)))


def partial(root: Path, names: list[str]) -> tuple[
    bytes, bytes, dict[str, tuple[list[str], Identities]]
]:
    """The listing of the top and of items/, and that of each meeting folder named, as
    `listing` takes them; OSError when any of them cannot be read."""
    with _opened(str(root), None) as top:
        top_part, _, has_items = _top(top)
        if not has_items:
            raise NotADirectoryError(errno.ENOTDIR, "no items folder", ITEMS_DIR)
        with _opened(ITEMS_DIR, top) as items:
            every, identities, _ = _children(items)
            found = {}
            for name in names:
                with _opened(name, items) as folder:
                    found[name] = _children(folder)[:2]
    return top_part, _plain((every, identities)), found


def _in_parallel(items: Folder, mine: list[str], theirs: list[str]) -> tuple[
    tuple[list[bytes], int], tuple[list[bytes], int]
]:
    """Both halves' results, the second from a forked child; if the child fails, the parent
    lists that half itself."""
    size = DIGEST * len(theirs) + 8
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
        answer = b"".join(iter(lambda: os.read(read_end, 1 << 16), b""))
    finally:
        os.close(read_end)
        _, status = os.waitpid(pid, 0)
    if len(answer) != size or os.waitstatus_to_exitcode(status) != 0:
        return first, _folders(items, theirs)
    return first, ([answer[n:n + DIGEST] for n in range(0, size - 8, DIGEST)],
                   int.from_bytes(answer[-8:], "little"))
