"""The view index: what `list`, `warnings` and `progress` need, kept from the last full load.

A warm view must not pay for YAML, pydantic or even one record per item, so after a full
load the `View` (plain facts, see facts.py) is stored in `.huishang-cache/view.index`,
signed like the file cache, together with a digest of the *listing*: the name, type,
size, mtime, ctime and inode of huishang.yaml, units.yaml, items/, every entry in items/
and every entry in each meeting folder. That is every input of a load, so when the
listing's digest is the same the load's result is the same, and the stored view is used
as it is. Any edit, rename, new, deleted or replaced file changes the digest, and the
ledger is loaded again (through the per-file cache) and a new index written.

The listing is taken before the load. The index is written only when no entry changed
within `RACY_SECONDS` before that, so a file rewritten during the load, or twice within
one tick of the file system's clock, can never leave a stale view behind.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from huishang import cache
from huishang.cache import RACY_SECONDS, fetch, store
from huishang.facts import Facts, Rules, View
from huishang.layout import ITEMS_DIR, SETTINGS_FILE, UNITS_FILE

if TYPE_CHECKING:
    from huishang.ledger import Ledger

INDEX_FILE = "view.index"
_INPUTS = (SETTINGS_FILE, UNITS_FILE, ITEMS_DIR)  # what load_ledger reads at the top
_SHAPE = repr((Facts._fields, Rules._fields, View.__dataclass_fields__.keys())).encode()


@dataclass(frozen=True)
class Listing:
    digest: bytes  # of every entry's name and identity
    settled: bool  # nothing changed within RACY_SECONDS before the listing began


def listing(root: Path) -> Listing:
    """The identity of every input of a ledger load, without reading any file."""
    began = cache.now_ns()
    newest = 0
    entries: list[tuple[object, ...]] = []

    def look(fd: int | None, folder: str, names: list[str]) -> list[str]:
        """Record each name's identity; the names of the real folders among them."""
        nonlocal newest
        folders = []
        for name in names:
            try:
                st = os.lstat(name, dir_fd=fd) if fd is not None else os.lstat(name)
            except FileNotFoundError:
                entries.append((folder, name))
                continue
            entries.append((folder, name, st.st_mode, st.st_size, st.st_mtime_ns,
                            st.st_ctime_ns, st.st_ino))
            newest = max(newest, st.st_ctime_ns)
            if stat.S_ISDIR(st.st_mode):
                folders.append(name)
        return folders

    top = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        entries.append(("", "", os.fstat(top).st_dev))
        if ITEMS_DIR in look(top, "", list(_INPUTS)):
            _items(top, look)
    finally:
        os.close(top)
    body = pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL)
    digest = hashlib.blake2b(_SHAPE + body, digest_size=32).digest()
    return Listing(digest, newest < began - RACY_SECONDS * 1_000_000_000)


def _items(top: int, look: Callable[[int | None, str, list[str]], list[str]]) -> None:
    try:
        items = os.open(ITEMS_DIR, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=top)
    except OSError:  # not a folder, or a link: the loader reports it, the listing has it
        return
    try:
        for name in look(items, ITEMS_DIR, sorted(os.listdir(items))):
            try:
                fd = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=items)
            except OSError:
                continue
            try:
                look(fd, name, sorted(os.listdir(fd)))
            finally:
                os.close(fd)
    finally:
        os.close(items)


def read(root: Path, digest: bytes) -> View | None:
    """The stored view when it was made from exactly this listing, else None."""
    body = fetch(root, INDEX_FILE)
    if body is None or body[:len(digest)] != digest:
        return None
    try:
        facts, errors, aliases, rules, lang, timezone = pickle.loads(body[len(digest):])
        return View(list(map(Facts._make, facts)), errors, aliases, Rules._make(rules), lang,
                    timezone)
    except Exception:  # signed by us yet unreadable: load the ledger instead
        return None


def write(root: Path, digest: bytes, view: View) -> None:
    payload = ([tuple(f) for f in view.facts], view.errors, view.aliases, tuple(view.rules),
               view.lang, view.timezone)
    store(root, INDEX_FILE, digest + pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL))


Progress = Callable[[int, int], None]


def load_view(root: Path, *, use_cache: bool = True, progress: Progress | None = None) -> View:
    """The view of the ledger at `root`: from the index when nothing changed since it was
    written, else from a full load (which then writes the index)."""
    found = listing(root) if use_cache else None
    if found is not None:
        view = read(root, found.digest)
        if view is not None:
            return view
    view = view_of_ledger(root, use_cache, progress)
    if found is not None and found.settled:
        write(root, found.digest, view)
    return view


def view_of_ledger(root: Path, use_cache: bool, progress: Progress | None) -> View:
    from huishang.facts import view_of
    from huishang.ledger import load_ledger

    ledger: Ledger = load_ledger(root, use_cache=use_cache, progress=progress)
    return view_of(ledger)
