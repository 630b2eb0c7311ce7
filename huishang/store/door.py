"""The one door to a ledger: a command says what it needs, and gets it the fastest sound
way; after it writes, it says so here.

Behind it: the view index and what writes add to it (index.py, delta.py, listing.py),
the per-file cache of a whole load (files.py), the lean load of `check --base` over the
result store and the kept tree states (lean.py, results.py, trees.py), and the history
passes (git/history.py keeps them where this door says). Every kept thing is signed
(signed.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from huishang.edit.changes import Change
    from huishang.git.worktree import Scope
    from huishang.ledger.records import Ledger
    from huishang.store.delta import Before
    from huishang.views.detail import Detail
    from huishang.views.facts import LedgerFacts

Need = Literal["facts", "ledger", "item", "settings"]
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Got:
    """What a command asked for: the ledger (or the part of it asked for), or its view's
    facts; `ledger` is None when an item's files cannot be found by name."""

    ledger: Ledger | None = None
    facts: LedgerFacts | None = None


def get(root: Path, need: Need, *, use_cache: bool = True, progress: Progress | None = None,
        item: str = "", scope: Scope | None = None) -> Got:
    """What a command needs of the ledger at `root`:

    - "facts": the view's facts, from the view index when no file changed since;
    - "ledger": the whole ledger, each unchanged file's result from the cache; with a
      `scope` (`check --base`), every problem but the records of its paths only;
    - "item": settings, units, `item`'s file and its meeting, when its file is found by
      name (else no ledger: the caller loads it whole, or spanning its sources);
    - "settings": the settings and registry alone (a report read from git history).
    """
    if need == "facts":  # (no view reads git history: a warm view imports no parser)
        from huishang.store.index import load_facts

        return Got(facts=load_facts(root, use_cache=use_cache, progress=progress))
    from huishang.git import history
    from huishang.store.results import ResultStore

    history.keeping = ResultStore.open  # the history passes (git/history.py) are kept there
    if need == "settings":
        from huishang.ledger.load import load_settings

        return Got(load_settings(root))
    if need == "item":
        from huishang.ledger.load import load_for_item

        return Got(load_for_item(root, item))
    if scope is not None and use_cache:
        from huishang.store.lean import load_lean

        return Got(load_lean(root, scope))
    from huishang.store.files import load_ledger

    return Got(load_ledger(root, use_cache=use_cache, progress=progress))


def shown_item(root: Path, ref: str) -> Detail | None:
    """The item `ref` as a `show` of the same files kept it (store/shown.py), found by its
    file's name; None when no show did."""
    from huishang.ledger.layout import item_file
    from huishang.store import shown

    rel = item_file(root, ref)
    return None if rel is None else shown.read(root, rel)


def keep_shown(root: Path, ref: str) -> Callable[[Detail], None]:
    """Taken before the item `ref` is loaded for `show`: keeps what the show made of it,
    for the next, unless its files changed meanwhile or it was not found by its name."""
    from huishang.ledger.layout import item_file
    from huishang.store import shown

    rel = item_file(root, ref)
    before = None if rel is None else shown.key_of(root, rel)
    return lambda detail: None if rel is None else shown.keep(root, rel, before, detail)


def before_write(root: Path, rels: list[str]) -> Before | None:
    """Taken under the write lock before any file is read, for `after_write`; None when it
    cannot be."""
    from huishang.ledger.records import folder_of
    from huishang.store.delta import Before
    from huishang.store.listing import partial

    try:
        return Before(*partial(root, sorted({folder_of(rel) for rel in rels})))
    except OSError:
        return None


def after_write(root: Path, was: Before | None, ledger: Ledger, change: Change,
                data: bytes) -> None:
    """The hook after an item's file was written: the view index stays warm, so the next
    `list` reads the index and this write, not the whole ledger."""
    from huishang.store import delta, index

    if was is not None:
        delta.after_write(root, was, ledger, change, data, index.stored)
