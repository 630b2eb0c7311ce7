"""Rules that need more than one field or more than one file: ids, aspects, units, closing."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from huishang.ledger.layout import ITEMS_DIR, MEETING_FILE, SUFFIX
from huishang.ledger.models import Item, Meeting, Settings, Unit, UnitsFile
from huishang.ledger.problems import Problem, problem
from huishang.ledger.records import Ledger, Loaded, folder_of
from huishang.ledger.units import UnitIndex
from huishang.ledger.vocab import closest
from huishang.ledger.yamlfile import Loc, dotted


def check_ledger(ledger: Ledger) -> list[Problem]:
    """Every cross-field and cross-file problem of a loaded ledger."""
    problems: list[Problem] = []
    for folder, meeting in ledger.meetings.items():
        problems += check_meeting(meeting, folder, ledger)
    for entry in ledger.items:
        problems += check_item(entry, ledger)
    counts = Counter(folder_of(entry.path) for entry in ledger.items)
    for folder, meeting in ledger.meetings.items():
        problems += agreed_count(meeting, counts[folder])
    return problems + duplicates(ledger.items) + carried(ledger.items)


def agreed_count(meeting: Loaded[Meeting], items: int) -> list[Problem]:
    """A meeting that says how many items it agreed (agreed_items) and has another number
    of valid items in its folder: one is missing, or one too many was entered. A meeting
    with no items has not had them entered yet: nothing to say."""
    agreed = meeting.record.agreed_items
    if agreed is None or agreed == items or not items:
        return []
    return [problem(meeting.path, meeting.source.at(("agreed_items",)), "agreed_items",
                    "meeting.agreed_count", "warning", agreed=agreed, items=items)]


def duplicates(items: Sequence[Loaded[Item]]) -> list[Problem]:
    """Each item whose id an earlier item has."""
    problems = []
    first_seen: dict[str, str] = {}
    for entry in items:
        item_id = entry.record.id
        if item_id in first_seen:
            problems.append(at(entry, ("id",), "id.duplicate", id=item_id,
                               other=first_seen[item_id]))
        else:
            first_seen[item_id] = entry.path
    return problems


def carried(items: Sequence[Loaded[Item]],
            by_id: Mapping[str, Item] | None = None) -> list[Problem]:
    """Every problem of the carry-overs of `items`, whose ends are looked up in `by_id`
    (by default, among `items`)."""
    if by_id is None:
        by_id = {entry.record.id: entry.record for entry in items}
    return [found for entry in items for found in _carried(entry, by_id)]


def _carried(entry: Loaded[Item], by_id: Mapping[str, Item]) -> Iterator[Problem]:
    """A carry-over names another item, and the two ends, where both are given, agree."""
    item = entry.record
    for field, other_end in (("carried_from", "carried_to"), ("carried_to", "carried_from")):
        named = getattr(item, field)
        if named is None:
            continue
        other = by_id.get(named)
        if other is None or named == item.id:
            yield at(entry, (field,), "carried.unknown", id=named, key=field)
        elif getattr(other, other_end) not in (None, item.id):
            yield at(entry, (field,), "carried.mismatch", id=named, key=other_end,
                     other=getattr(other, other_end))
    if item.carried_to is not None and item.status != "cancelled":
        yield at(entry, ("status",), "carried.open", id=item.carried_to)


def check_meeting(entry: Loaded[Meeting], folder: str, ledger: Ledger) -> Iterator[Problem]:
    meeting = entry.record
    if meeting.id != folder:
        yield at(entry, ("id",), "id.folder_mismatch", id=meeting.id, expected=folder)
    keys: set[str] = set()
    for i, aspect in enumerate(meeting.aspects):
        if aspect.key in keys:
            yield at(entry, ("aspects", i, "key"), "aspect.duplicate", key=aspect.key)
        keys.add(aspect.key)
    yield from _check_units(entry, ledger, [(("parties", i), name)
                                            for i, name in enumerate(meeting.parties)])


def check_item(entry: Loaded[Item], ledger: Ledger) -> Iterator[Problem]:
    item = entry.record
    expected = entry.path.rsplit("/", 1)[-1].removesuffix(SUFFIX)
    if item.id != expected:
        yield at(entry, ("id",), "id.file_mismatch", id=item.id, expected=expected)

    meeting = ledger.meeting_of(entry)
    if item.aspect is not None and meeting is not None:
        keys = [a.key for a in meeting.aspects]
        if item.aspect not in keys:
            yield at(entry, ("aspect",), "aspect.unknown", aspect=item.aspect,
                      meeting=f"{ITEMS_DIR}/{folder_of(entry.path)}/{MEETING_FILE}",
                      choices=", ".join(keys) or "-")

    joint = not isinstance(item.lead, str)
    named: list[tuple[Loc, str]] = [(("lead", i) if joint else ("lead",), lead)
                                    for i, lead in enumerate(item.leads)]
    named += [(("partners", i), p) for i, p in enumerate(item.partners)]
    yield from _check_units(entry, ledger, named)
    leads: set[str] = set()
    for i, lead in enumerate(item.leads):
        if ledger.canonical(lead) in leads:
            yield at(entry, ("lead", i), "lead.twice", unit=lead)
        leads.add(ledger.canonical(lead))
    partners = {ledger.canonical(p) for p in item.partners}
    seen: set[str] = set()
    for i, owner in enumerate(item.partner_owners):
        unit = ledger.canonical(owner.unit)
        if unit not in partners:
            yield at(entry, ("partner_owners", i, "unit"), "partner_owner.not_partner",
                     unit=owner.unit)
        elif unit in seen:
            yield at(entry, ("partner_owners", i, "unit"), "partner_owner.twice",
                     unit=owner.unit)
        seen.add(unit)

    if item.status == "blocked" and not any(u.work for u in item.updates):
        yield problem(entry.path, entry.source.at(("status",)), "status", "blocked.no_reason",
                      "warning")
    if item.status == "done":
        if item.done_on is None:
            yield at(entry, ("status",), "done.no_date")
        if not item.evidence:
            yield at(entry, ("status",), "done.no_evidence")
    elif item.done_on is not None:
        yield at(entry, ("done_on",), "done_on.not_done")


def _check_units(entry: Loaded[Meeting] | Loaded[Item], ledger: Ledger,
                 named: Sequence[tuple[Loc, str]]) -> Iterator[Problem]:
    for loc, name in named:
        found = unit_problem(ledger, name)
        if found is not None:
            yield at(entry, loc, found[0], **found[1])


def unit_problem(ledger: Ledger, name: str) -> tuple[str, dict[str, str]] | None:
    """The problem with a unit's name, as a message code and its parameters: not in
    units.yaml, with the closest names registered. None when the name is known, or when
    there is no units.yaml (then any name is accepted)."""
    if ledger.units is None or ledger.units.canonical(name) is not None:
        return None
    like = list(dict.fromkeys(ledger.units.aliases[x]  # full names, once each
                              for x in closest(name, ledger.units.aliases)))
    if like:
        return "unit.unknown_like", {"unit": name, "like": ", ".join(like)}
    return "unit.unknown", {"unit": name}


def at(entry: Loaded[Meeting] | Loaded[Item], loc: Loc, code: str, **params: Any) -> Problem:
    """A problem of a loaded record, located at the field `loc`."""
    return problem(entry.path, entry.source.at(loc), dotted(loc), code, **params)


def check_settings(loaded: Loaded[Settings]) -> list[Problem]:
    """Each rolled-up ledger has a name of its own: it prefixes that ledger's ids."""
    problems = []
    seen: set[str] = set()
    for i, source in enumerate(loaded.record.rollup):
        if source.name in seen:
            loc = ("rollup", i, "name")
            problems.append(problem(loaded.path, loaded.source.at(loc), dotted(loc),
                                    "rollup.duplicate_name", name=source.name))
        seen.add(source.name)
    return problems


def build_units(loaded: Loaded[UnitsFile]) -> tuple[UnitIndex, list[Problem]]:
    """The registry's index, and a problem for every name given twice or unknown parent."""
    problems: list[Problem] = []
    units: dict[str, Unit] = {}
    aliases: dict[str, str] = {}
    for i, unit in enumerate(loaded.record.units):
        for j, name in enumerate([unit.name, *unit.short]):
            loc: tuple[str | int, ...] = (
                ("units", i, "name") if j == 0 else ("units", i, "short", j - 1)
            )
            if name in aliases:
                problems.append(problem(loaded.path, loaded.source.at(loc), dotted(loc),
                                        "unit.duplicate", name=name, other=aliases[name]))
                continue
            aliases[name] = unit.name
        units.setdefault(unit.name, unit)
    for i, unit in enumerate(loaded.record.units):
        if unit.parent is not None and unit.parent not in aliases:
            loc = ("units", i, "parent")
            like = ", ".join(dict.fromkeys(aliases[x] for x in closest(unit.parent, aliases)))
            problems.append(problem(loaded.path, loaded.source.at(loc), dotted(loc),
                                    "unit.parent_unknown_like" if like else "unit.parent_unknown",
                                    unit=unit.parent, like=like))
    return UnitIndex(units, aliases), problems
