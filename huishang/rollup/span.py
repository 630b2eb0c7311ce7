"""The views over a ledger and the ledgers it rolls up, each source's ids named `<source>:…`.

A source's tree in use was validated by `sync` and never changes, so its view (the facts of
its items, already named `<source>:<id>`) is kept in a signed index keyed by its revision:
a warm view reads one index per source and lists no folder of it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from huishang.errors import HuishangError
from huishang.ledger.layout import UNITS_FILE, in_source
from huishang.rollup import synced

if TYPE_CHECKING:
    from huishang.ledger.models import Unit
    from huishang.ledger.problems import Problem
    from huishang.ledger.records import Ledger
    from huishang.ledger.units import UnitIndex
    from huishang.views.facts import Facts, LedgerFacts

@dataclass(frozen=True)
class InView:
    """A source whose revision in use a view reads."""

    name: str
    used: synced.InUse
    tree: Path


def chosen(configured: Sequence[str], only: Sequence[str] | None) -> list[str]:
    """The sources a run reads: those named with --source, else all; an unknown name is an
    error that lists the configured ones."""
    if not only:
        return list(configured)
    unknown = [name for name in only if name not in configured]
    if unknown:
        raise HuishangError("source.unknown", exit_code=2, name=unknown[0],
                            names=tuple(configured))
    return list(dict.fromkeys(only))


def in_view(root: Path, names: Iterable[str], today: dt.date, stale_days: int,
            lang: str) -> tuple[list[InView], list[str]]:
    """The sources in use among `names`, and a note for each one never synced (left out)
    or synced longer ago than `stale_days`."""
    from huishang.messages import msg

    state = synced.read_state(root)
    found, notes = [], []
    for name in names:
        used = state.get(name)
        folder = synced.tree(root, name, used.revision) if used else None
        if used is None or folder is None or not folder.is_dir():
            notes.append(msg("source.never_synced", lang, name=name))
            continue
        if used.age(today) > stale_days:
            notes.append(msg("source.stale", lang, name=name, days=used.age(today),
                             synced=used.synced, revision=used.revision[:10]))
        found.append(InView(name, used, folder))
    return found, notes


def _key(source: InView) -> str:
    return f"{source.name}\0{source.used.revision}"


def source_facts(source: InView) -> LedgerFacts:
    """The view of one source in use, its ids named `<source>:<id>`: kept in its tree by
    the store, or loaded from its tree (which then keeps it)."""
    from huishang.store.index import tree_view

    found = tree_view(source.tree, _key(source))
    if found is not None:
        return found
    return write_facts(source, load_source(source))


def write_facts(source: InView, ledger: Ledger) -> LedgerFacts:
    """Keep the view of a source's `ledger` (as loaded from its tree) in its tree."""
    from huishang.store.index import keep_tree_view
    from huishang.views.facts import ledger_facts

    view = ledger_facts(prefixed(source.name, ledger))
    keep_tree_view(source.tree, _key(source), view)
    return view


def span_facts(own: LedgerFacts, sources: Sequence[InView]) -> LedgerFacts:
    """One view over this ledger's facts and each source's."""
    parts = [own, *(source_facts(s) for s in sources)]
    if len(parts) == 1:
        return own
    aliases: dict[str, str] = {}
    parents: dict[str, str] = {}
    levels: dict[str, str] = {}
    for part in parts:  # this ledger's own registry first: its names win
        _merge(aliases, part.aliases)
        _merge(parents, part.parents)
        _merge(levels, part.levels)

    def closed() -> list[Facts]:
        return [f for part in parts for f in part.closed_facts()]

    return replace(own, open_facts=[f for part in parts for f in part.open_facts],
                   closed=closed, errors=sum(part.errors for part in parts), aliases=aliases,
                   parents=parents, levels=levels)


def _merge(into: dict[str, str], more: dict[str, str]) -> None:
    for key, value in more.items():
        into.setdefault(key, value)


def prefixed(name: str, ledger: Ledger) -> Ledger:
    """A source's ledger with its ids, links and paths named `<name>:…`; each record keeps
    its tree as root, so a problem's position is still read from the source's own file."""
    from huishang.ledger.records import Ledger, Loaded

    def renamed(value: str | None) -> str | None:
        return in_source(name, value) if value else value

    meetings = {in_source(name, folder): Loaded(
        m.record.model_copy(update={"id": in_source(name, m.record.id)}),
        in_source(name, m.path), root=ledger.root) for folder, m in ledger.meetings.items()}
    items = [Loaded(e.record.model_copy(update={
        "id": in_source(name, e.record.id), "carried_from": renamed(e.record.carried_from),
        "carried_to": renamed(e.record.carried_to)}), in_source(name, e.path), root=ledger.root)
        for e in ledger.items]
    problems = [replace(p, path=in_source(name, p.path)) for p in ledger.problems]
    return Ledger(ledger.root, ledger.settings, ledger.units, meetings, items, problems)


def load_source(source: InView) -> Ledger:
    """A source's ledger as its tree in use holds it (its own names, not yet prefixed)."""
    from huishang.store.files import load_ledger

    return load_ledger(source.tree)


def span_ledger(own: Ledger, sources: Sequence[InView]) -> Ledger:
    """One ledger of this one's records and each source's, with the units of all merged.
    The sources' own ledgers are kept (by name) for what reads their git history."""
    from huishang.ledger.records import Ledger

    if not sources:
        return own
    loaded = {s.name: load_source(s) for s in sources}
    named = {name: prefixed(name, ledger) for name, ledger in loaded.items()}
    units, conflicts = merge_units(own.units, [(name, ledger.units)
                                               for name, ledger in loaded.items()])
    meetings = dict(own.meetings)
    items = list(own.items)
    problems = list(own.problems) + conflicts
    for part in named.values():
        meetings.update(part.meetings)
        items += part.items
        problems += part.problems
    return Ledger(own.root, own.settings, units, meetings, items, problems, own.cache_hits,
                  sources=loaded)


def merge_units(own: UnitIndex | None, sources: Sequence[tuple[str, UnitIndex | None]]
                ) -> tuple[UnitIndex | None, list[Problem]]:
    """Every source's units added to this ledger's. A unit declared with another level or
    parent, or a short name that stands for another unit, is a problem (a warning), and
    the first declaration stays: this ledger's own, then the sources' in order."""
    from huishang.ledger.problems import problem
    from huishang.ledger.units import UnitIndex

    units: dict[str, Unit] = dict(own.units) if own is not None else {}
    aliases: dict[str, str] = dict(own.aliases) if own is not None else {}
    where: dict[str, str] = dict.fromkeys(units, UNITS_FILE)
    problems: list[Problem] = []
    for name, index in sources:
        if index is None:
            continue
        path = in_source(name, UNITS_FILE)
        for unit in index.units.values():
            known = units.get(unit.name)
            if known is None:
                units[unit.name] = unit
                where[unit.name] = path
            elif (known.level, known.parent) != (unit.level, unit.parent):
                problems.append(problem(path, None, "units", "unit.conflict", "warning",
                                        unit=unit.name, other=where[unit.name]))
        for alias, full in index.aliases.items():
            if aliases.setdefault(alias, full) != full:
                problems.append(problem(path, None, "units", "unit.alias_conflict", "warning",
                                        name=alias, unit=full, other=aliases[alias]))
    if not units:
        return own, problems
    return UnitIndex(units, aliases), problems


def unit_conflicts(own: Ledger, sources: Sequence[InView]) -> list[Problem]:
    """The units declared differently in this ledger and the sources in use (see
    `merge_units`), reading only each source's units.yaml."""
    from huishang.ledger.load import load_one
    from huishang.ledger.models import UnitsFile
    from huishang.ledger.rules import build_units

    indexes: list[tuple[str, UnitIndex | None]] = []
    for source in sources:
        loaded, _ = load_one(UnitsFile, source.tree, UNITS_FILE, own.settings.max_file_bytes)
        indexes.append((source.name, build_units(loaded)[0] if loaded is not None else None))
    return merge_units(own.units, indexes)[1]
