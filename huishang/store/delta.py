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
from dataclasses import dataclass
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


def before(root: Path, folders: list[str]) -> Before | None:
    """Taken under the write lock before any file is read; None when it cannot be."""
    try:
        return Before(*partial(root, folders))
    except OSError:
        return None


@dataclass(frozen=True)
class Written:
    """One file a write replaced: its bytes, its facts (None: not a valid item) and its
    errors before (those the file had on its own) and after."""

    rel: str
    data: bytes
    facts: Facts | None
    errors_before: int
    errors_after: int


@dataclass(frozen=True)
class Stored:
    """What the index says of the listing it was made from, for a write to keep it warm."""

    digest: bytes
    listing: Snapshot
    errors_at: dict[str, int]  # path -> errors found there
    errors: int


@dataclass
class _State:
    base: bytes  # the digest of the index this applies to
    top: bytes
    head: bytes
    folders: dict[str, bytes]
    errors_at: dict[str, int]
    errors: int
    facts: dict[str, tuple[object, ...] | None]  # path -> facts written since the index
    hashes: dict[str, bytes]  # path -> hash of the bytes written

    def dumps(self, digest: bytes) -> bytes:
        return dumps((self.base, digest, self.top, self.head, self.folders, self.errors_at,
                      self.errors, self.facts, self.hashes))


def _read(root: Path) -> tuple[bytes, _State] | None:
    """The delta's listing digest and state, or None."""
    body = read_file(root, DELTA_FILE)
    if body is None:
        return None
    try:
        base, digest, *rest = loads(body)
        return digest, _State(base, *rest)
    except Exception:  # signed by us yet unreadable: as if there were none
        return None


def after_write(root: Path, was: Before | None, written: list[Written],
                stored: Stored | None) -> None:
    """Say in the delta what a write changed, when the `stored` index (index.stored) can be
    kept (see above)."""
    if was is None or stored is None:
        return
    state = _State(stored.digest, stored.listing.top, stored.listing.head,
                   dict(stored.listing.folders), dict(stored.errors_at), stored.errors, {}, {})
    found = _read(root)
    if found is not None and found[1].base == stored.digest:
        state = found[1]
    names: dict[str, list[str]] = {}  # meeting folder -> the files written there
    for w in written:
        names.setdefault(w.rel.split("/")[1], []).append(w.rel.rsplit("/", 1)[1])
    if (was.top, was.head) != (state.top, state.head) or any(
            folder_digest(name, *was.folders[name]) != state.folders.get(name)
            for name in names):
        return  # the index is older than what was there before the write
    try:
        top, head, now = partial(root, list(names))
    except OSError:
        return
    if top != was.top or not _only(marshal.loads(was.head), marshal.loads(head), set(names)) \
            or not all(_only(was.folders[n], now[n], set(files)) for n, files in names.items()):
        return  # something else changed meanwhile
    for w in written:
        try:
            if (root / w.rel).read_bytes() != w.data:
                return
        except OSError:
            return
        if state.errors_at.get(w.rel, 0) != w.errors_before:
            return  # errors there from rules between files: those need the whole ledger
        state.errors += w.errors_after - w.errors_before
        state.errors_at[w.rel] = w.errors_after
        state.facts[w.rel] = tuple(w.facts) if w.facts is not None else None
        state.hashes[w.rel] = digest(w.data)
    if len(state.facts) > MAX_FILES:
        return
    for name in names:
        state.folders[name] = folder_digest(name, *now[name])
    state.head = head
    write_file(root, DELTA_FILE, state.dumps(Snapshot.combine(top, head, state.folders)))


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
    for rel, expected in state.hashes.items():
        try:
            if digest((root / rel).read_bytes()) != expected:
                return None
        except OSError:
            return None
    stale = view()
    if stale is None:
        return None
    changed = [Facts._make(f) for f in state.facts.values() if f is not None]
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


def written(ledger: Ledger, change: Change, data: bytes) -> Written | None:
    """What an item's write of `data` changed in the views; None when rules between files
    may judge it (it carries over to or from another item)."""
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
    errors_before = sum(p.severity == "error" for p in problems)  # of the file by itself
    return Written(change.rel, data, facts_of(ledger, Loaded(record, change.rel)),
                   errors_before, 0)
