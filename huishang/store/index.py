"""The view index: what `list`, `warnings` and `progress` need, kept from the last full load.

A warm view must not pay for YAML, pydantic or even one record per item, so after a full
load the `LedgerFacts` (plain facts, see facts.py) is stored in `.huishang-cache/view.index`,
signed like the file cache, together with a digest of the *listing*: the name, type,
size, mtime, ctime and inode of huishang.yaml, units.yaml, items/, every entry in items/
and every entry in each meeting folder. That is every input of a load, so when the
listing's digest is the same the load's result is the same, and the stored view is used
as it is. Any edit, rename, new, deleted or replaced file changes the digest, and the
ledger is loaded again (through the per-file cache) and a new index written.

The listing (listing.py) is taken before the load. The index is written only when no entry changed
within `RACY_SECONDS` before that, so a file rewritten during the load, or twice within
one tick of the file system's clock, can never leave a stale view behind.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from huishang.store.listing import DIGEST, Snapshot, digest, listing
from huishang.store.signed import dumps, loads, read_file, write_file
from huishang.views.earlywarning import Thresholds
from huishang.views.facts import Facts, LedgerFacts
from huishang.views.remind_settings import Rules

if TYPE_CHECKING:
    from huishang.ledger.load import Progress
    from huishang.store.delta import State

INDEX_FILE = "view.index"
TREE_INDEX = "rollup.index"  # in a tree that never changes: a rolled-up source's revision


def _sections(body: memoryview) -> tuple[bytes, memoryview, memoryview, memoryview]:
    """The digest, the listing's parts, the view of open items and that of the others."""
    at = DIGEST + 8
    meta_end = at + int.from_bytes(body[DIGEST:at], "little")
    head_end = meta_end + 8 + int.from_bytes(body[meta_end:meta_end + 8], "little")
    return bytes(body[:DIGEST]), body[at:meta_end], body[meta_end + 8:head_end], body[head_end:]


def _view(body: memoryview) -> LedgerFacts | None:
    """The view the index holds; the facts of closed items are unpickled only if a
    question needs them."""
    try:
        _, _, head, rest = _sections(body)
        facts, errors, aliases, thresholds, lang, timezone, rollup, stale_days, parents, \
            levels, contacts, reminders = loads(head)
        return LedgerFacts(list(map(Facts._make, facts)),
                           lambda: list(map(Facts._make, loads(rest))), errors, aliases,
                           Thresholds._make(thresholds), lang, timezone, rollup, stale_days,
                           parents, levels, contacts=contacts,
                           reminders=Rules._make(reminders))
    except Exception:  # signed by us yet unreadable: load the ledger instead
        return None


def stored(root: Path) -> State | None:
    """The listing the view index was made from and the errors it found, or None when
    there is no index."""
    from huishang.store.delta import State

    body = read_file(root, INDEX_FILE)
    if body is None:
        return None
    try:
        made_from, meta, _, _ = _sections(body)
        return State(made_from, *loads(meta))
    except Exception:
        return None


def write(root: Path, listed: bytes, view: LedgerFacts, name: str = INDEX_FILE,
          made_from: Snapshot | None = None) -> None:
    """Store `view`, made from the listing `listed` (with its parts, when `made_from`)."""
    # Equal values (a meeting's id and title, unit names, dates) become one object, which
    # pickle then writes once: the index is a third smaller and loads twice as fast.
    shared: dict[object, object] = {}

    def plain(facts: list[Facts]) -> list[tuple[object, ...]]:
        return [tuple([shared.setdefault(v, v) for v in f]) for f in facts]

    meta = b"" if made_from is None else dumps(
        (made_from.top, made_from.head, made_from.folders, view.errors_at, view.errors))
    head = dumps((plain(view.open_facts), view.errors, view.aliases, tuple(view.thresholds),
                  view.lang, view.timezone, view.rollup, view.stale_days, view.parents,
                  view.levels, view.contacts, tuple(view.reminders)))
    closed = dumps(plain(view.closed_facts()))
    write_file(root, name, b"".join((listed, len(meta).to_bytes(8, "little"), meta,
                                     len(head).to_bytes(8, "little"), head, closed)))


def tree_view(tree: Path, key: str) -> LedgerFacts | None:
    """The view kept in `tree` (one that never changes once in use) under `key`."""
    body = read_file(tree, TREE_INDEX)
    return None if body is None or body[:DIGEST] != digest(key.encode()) else _view(body)


def keep_tree_view(tree: Path, key: str, view: LedgerFacts) -> None:
    write(tree, digest(key.encode()), view, TREE_INDEX)


def load_facts(root: Path, *, use_cache: bool = True,
               progress: Progress | None = None) -> LedgerFacts:
    """The view of the ledger at `root`: from the index when nothing changed since it was
    written, else from a full load (which then writes the index)."""
    found = None
    if use_cache:
        with contextlib.suppress(OSError):  # an unreadable folder: the full load says which
            found = listing(root)
    if found is not None and (body := read_file(root, INDEX_FILE)) is not None:
        if body[:DIGEST] == found.digest:
            view = _view(body)
        else:  # a write since may have said what it changed
            from huishang.store.delta import with_written

            view = with_written(root, bytes(body[:DIGEST]), found.digest,
                                lambda: _view(body))
        if view is not None:
            return view
    view = facts_of_ledger_files(root, use_cache, progress)
    if found is not None and found.settled:
        write(root, found.digest, view, made_from=found)
    return view


def facts_of_ledger_files(root: Path, use_cache: bool,
                          progress: Progress | None) -> LedgerFacts:
    from huishang.store.files import load_ledger
    from huishang.views.facts import ledger_facts

    return ledger_facts(load_ledger(root, use_cache=use_cache, progress=progress))
