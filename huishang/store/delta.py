"""Keep the view index warm across a write: the files a write changed, said in a small
signed file beside the index, so the next `list` reads the index and that, not the ledger.

The view index (index.py) holds the digest of the listing it was made from, and the digest
of each meeting folder's listing. A writer (holding the write lock) takes the listing of
the folders it will write in *before* reading any file, and again after writing. When

* the index's listing of those folders, of items/ and of the top is still the one before,
* nothing changed between before and after but the files written, and
* each file written still holds exactly the bytes written,

then the listing after is the index's with those folders' digests replaced, and the view
is the index's with those files' facts replaced. That is written to `view.delta` with the
digest of that listing: a view uses it only when the listing it takes is exactly that one,
and only after reading each written file again and finding the same bytes (which also
settles a rewrite within one tick of a coarse clock). Anything else (a file changed by
another program meanwhile, a delta for an older index, a damaged delta) and the view loads
the ledger as before.

A file's errors may come from rules between files; a write says how many of the old
file's errors were its own, and is recorded only when the index found no others there.
"""

from __future__ import annotations

import marshal
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from huishang.ledger.vocab import CLOSED_STATUSES
from huishang.store.listing import Identities, Snapshot, digest, folder_digest, partial
from huishang.store.signed import dumps, loads, read_file, write_file
from huishang.views.facts import Facts, LedgerFacts

if TYPE_CHECKING:
    from huishang.edit.changes import Change
    from huishang.ledger.records import Ledger

DELTA_FILE = "view.delta"
MAX_FILES = 500  # beyond this many files written since the index, the next view reloads


@dataclass(frozen=True)
class Before:
    """The listing of the top, of items/ and of the folders a writer will write in."""

    top: bytes
    head: bytes
    folders: dict[str, tuple[list[str], Identities]]


@dataclass
class State:
    """The listing the view index was made from and the errors it found, and what was
    written since."""

    base: bytes  # the digest of the index's listing
    top: bytes
    head: bytes
    folders: dict[str, bytes]
    errors_at: dict[str, int]  # path -> errors found there
    errors: int
    facts: dict[str, tuple[object, ...]] = field(default_factory=dict)  # written since
    hashes: dict[str, bytes] = field(default_factory=dict)  # path -> digest of its bytes


def _read(root: Path) -> tuple[bytes, State] | None:
    """The delta's listing digest and state, or None."""
    found = loads(read_file(root, DELTA_FILE))
    return found if isinstance(found, tuple) else None


def _holds(root: Path, rel: str, hashed: bytes) -> bool:
    """True when the file `rel` holds the bytes of that digest."""
    try:
        return digest((root / rel).read_bytes()) == hashed
    except OSError:
        return False


def after_write(root: Path, was: Before, ledger: Ledger, change: Change, data: bytes,
                stored: Callable[[Path], State | None]) -> None:
    """Say in the delta what an item's write of `data` changed, when the view index
    (`stored`, index.stored) can be kept (see above)."""
    made = _written(ledger, change)
    state = None if made is None else stored(root)
    if made is None or state is None:
        return
    found = _read(root)
    if found is not None and found[1].base == state.base:
        state = found[1]
    rel = change.rel
    folder, name = rel.split("/")[1], rel.rsplit("/", 1)[1]
    if (was.top, was.head) != (state.top, state.head) or \
            folder_digest(folder, *was.folders[folder]) != state.folders.get(folder):
        return  # the index is older than what was there before the write
    try:
        top, head, now = partial(root, [folder])
    except OSError:
        return
    if top != was.top or not _only(marshal.loads(was.head), marshal.loads(head), {folder}) \
            or not _only(was.folders[folder], now[folder], {name}):
        return  # something else changed meanwhile
    facts, errors_before = made
    hashed = digest(data)
    if not _holds(root, rel, hashed) or state.errors_at.get(rel, 0) != errors_before:
        return  # errors there from rules between files: those need the whole ledger
    state.errors -= errors_before  # a write is checked: the file has no error of its own
    state.errors_at[rel] = 0
    state.facts[rel] = tuple(facts)
    state.hashes[rel] = hashed
    if len(state.facts) > MAX_FILES:
        return
    state.folders[folder] = folder_digest(folder, *now[folder])
    state.head = head
    write_file(root, DELTA_FILE, dumps((Snapshot.combine(top, head, state.folders), state)))


def _only(was: tuple[list[str], Identities], now: tuple[list[str], Identities],
          names: set[str]) -> bool:
    """True when two listings (names, identities) have the same names, and the same
    identities but for `names`."""
    was_names, was_ids = was
    now_names, now_ids = now
    return bool(was_names == now_names and all(
        a == b or name in names for name, a, b in zip(now_names, was_ids, now_ids, strict=True)))


def with_written(root: Path, base: bytes, listed: bytes,
                 view: Callable[[], LedgerFacts | None]) -> LedgerFacts | None:
    """The index's view (of listing `base`) with the delta applied, when the delta leads
    from that listing to `listed` and every file it names still holds what was written."""
    found = _read(root)
    if found is None or found[0] != listed or found[1].base != base:
        return None
    state = found[1]
    if not all(_holds(root, rel, hashed) for rel, hashed in state.hashes.items()):
        return None
    stale = view()
    if stale is None:
        return None
    changed = [Facts._make(f) for f in state.facts.values()]
    kept_open = [f for f in stale.open_facts if f.path not in state.facts]
    closed = stale.closed

    def all_closed() -> list[Facts]:
        earlier = closed() if callable(closed) else closed
        return [f for f in earlier if f.path not in state.facts] + [
            f for f in changed if f.status in CLOSED_STATUSES]

    stale.open_facts = kept_open + [f for f in changed if f.status not in CLOSED_STATUSES]
    stale.closed = all_closed
    stale.errors = state.errors
    return stale


def _written(ledger: Ledger, change: Change) -> tuple[Facts, int] | None:
    """What an item's write changed in the views: its facts, and how many errors its file
    had on its own before; None when rules between files may judge it (it carries over to
    or from another item)."""
    from huishang.ledger.fielderrors import parse_model
    from huishang.ledger.models import Item
    from huishang.ledger.records import Loaded
    from huishang.ledger.rules import check_item
    from huishang.ledger.yamlfile import parse_yaml
    from huishang.views.facts import facts_of

    record = change.record
    if not isinstance(record, Item) or record.carried_from or record.carried_to:
        return None
    doc, problems = parse_yaml(change.before, change.rel)
    if doc is not None:
        old, problems = parse_model(Item, doc, change.rel)
        if old is not None:
            if old.carried_from or old.carried_to:
                return None
            problems += check_item(Loaded(old, change.rel, doc.source), ledger)
    return (facts_of(ledger, Loaded(record, change.rel)),
            sum(p.severity == "error" for p in problems))
