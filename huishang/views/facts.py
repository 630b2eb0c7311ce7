"""What the ledger views need to know of each item, as plain values.

`list`, `warnings` and `progress` work on `Facts` and a `LedgerFacts`, never on the models: they
are cheap to keep in the view index (see `store/index.py`), and a warm `list` then runs without
importing pydantic or reading a single YAML file. Dates are ISO strings, which sort and
compare like the dates they stand for.

This module imports nothing heavy at run time; a `LedgerFacts` is made from a loaded `Ledger`
by `ledger_facts`, which only reads its attributes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from huishang.ledger.layout import SOURCE_MARK
from huishang.ledger.vocab import CLOSED_STATUSES
from huishang.views.earlywarning import Thresholds
from huishang.views.remind_settings import Rules

if TYPE_CHECKING:
    import datetime as dt

    from huishang.ledger.models import Item
    from huishang.ledger.records import Ledger, Loaded


class Facts(NamedTuple):
    """One valid item as the views show it; the lead and partners by their full names."""

    id: str
    path: str  # relative to the repo root
    meeting_id: str  # the meeting's folder
    title: str
    leads: tuple[str, ...]  # one, or joint leads (共同牵头)
    partners: tuple[str, ...]
    owner: str  # as views show it: division, then person
    owner_division: str | None
    owner_person: str | None
    due: str | None  # YYYY-MM-DD
    status: str
    escalated: bool
    aspect: str | None
    aspect_title: str  # the meeting's title of the aspect, "" when not known
    last_update: str | None  # date of the last progress update
    meeting_title: str | None  # None when the meeting record is missing or invalid
    meeting_date: str | None
    meeting_level: str | None
    done_on: str | None = None  # YYYY-MM-DD
    updates: tuple[str, ...] = ()  # the date of each progress update, as written
    # (day, status, due, done_on) from each day the file dates a change (views/tracked.py)
    states: tuple[tuple[str, str, str | None, str | None], ...] = ()

    @property
    def units(self) -> tuple[str, ...]:
        return (*self.leads, *self.partners)

    @property
    def source(self) -> str:
        """The rolled-up ledger the item comes from (`xj` for `xj:<id>`); "" for this one's."""
        return self.id[:max(self.id.find(SOURCE_MARK), 0)]


@dataclass
class LedgerFacts:
    """Everything `list`, `warnings` and `progress` read of a ledger.

    Items still open and items done or cancelled are kept apart: most questions (overdue,
    warnings, due soon) concern open items only, and then the others are never loaded.
    No view depends on the order of items (each sorts its own rows).
    """

    open_facts: list[Facts]  # items not done or cancelled
    closed: list[Facts] | Callable[[], list[Facts]]  # the others, or how to load them
    errors: int  # errors anywhere in the ledger, for the note under a view
    aliases: dict[str, str]  # every unit name units.yaml accepts -> its full name
    thresholds: Thresholds
    lang: str
    timezone: str
    rollup: tuple[str, ...] = ()  # names of the ledgers rolled up into this one's views
    stale_days: int = 7  # a source synced longer ago than this is named under a view
    parents: dict[str, str] = field(default_factory=dict)  # unit -> its parent, full names
    levels: dict[str, str] = field(default_factory=dict)  # unit -> its level
    # unit -> the e-mail addresses its notices and reminders go to (units.yaml `contacts`)
    contacts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    reminders: Rules = field(default_factory=Rules)  # `reminders:` in huishang.yaml
    # errors by file, for a write to tell what it changed (known after a load, not kept
    # in what the views read)
    errors_at: dict[str, int] = field(default_factory=dict)

    def facts(self, *, open_only: bool = False) -> list[Facts]:
        return self.open_facts if open_only else self.open_facts + self.closed_facts()

    def closed_facts(self) -> list[Facts]:
        if callable(self.closed):
            self.closed = self.closed()
        return self.closed

    def canonical(self, unit: str) -> str:
        """A unit's full name when units.yaml knows the name given, else the name as given."""
        return self.aliases.get(unit, unit)

    def rolled_up(self, unit: str, level: str) -> str:
        """The unit an item of `unit` counts under when units roll up to `level`: its
        nearest ancestor (by `parent`) at that level; itself when it is at that level, or
        none of its ancestors is."""
        seen = {unit}
        at = unit
        while self.levels.get(at) != level:
            parent = self.parents.get(at)
            if parent is None or parent in seen:  # the top, or a loop in units.yaml
                return unit
            seen.add(parent)
            at = parent
        return at


def ledger_facts(ledger: Ledger) -> LedgerFacts:
    settings = ledger.settings
    every = [facts_of(ledger, entry) for entry in ledger.items]
    units = ledger.units.units.values() if ledger.units is not None else ()
    return LedgerFacts(
        open_facts=[f for f in every if f.status not in CLOSED_STATUSES],
        closed=[f for f in every if f.status in CLOSED_STATUSES],
        errors=len(ledger.errors),
        aliases=dict(ledger.units.aliases) if ledger.units is not None else {},
        thresholds=Thresholds.of(settings.warnings),
        lang=settings.lang,
        timezone=settings.timezone,
        rollup=tuple(source.name for source in settings.rollup),
        stale_days=settings.rollup_stale_days,
        parents={u.name: ledger.canonical(u.parent) for u in units if u.parent is not None},
        levels={u.name: u.level for u in units if u.level is not None},
        contacts={u.name: tuple(u.contacts) for u in units if u.contacts},
        reminders=Rules.of(settings.reminders),
        errors_at=dict(Counter(p.path for p in ledger.errors)),
    )


def facts_of(ledger: Ledger, entry: Loaded[Item]) -> Facts:
    from huishang.ledger.records import folder_of

    item = entry.record
    meeting = ledger.meeting_of(entry)
    aspect_title = ""
    if meeting is not None and item.aspect is not None:
        aspect_title = next((a.title for a in meeting.aspects if a.key == item.aspect), "")
    owner = item.owner
    last = item.last_activity
    return Facts(
        id=item.id,
        path=entry.path,
        meeting_id=folder_of(entry.path),
        title=item.title,
        leads=tuple(map(ledger.canonical, item.leads)),
        partners=tuple(map(ledger.canonical, item.partners)),
        owner=owner.text if owner else "",
        owner_division=owner.division if owner else None,
        owner_person=owner.person if owner else None,
        due=item.due.isoformat() if item.due else None,
        status=item.status,
        escalated=item.escalated,
        aspect=item.aspect,
        aspect_title=aspect_title,
        last_update=last.isoformat() if last else None,
        meeting_title=meeting.title if meeting else None,
        meeting_date=meeting.date.isoformat() if meeting else None,
        meeting_level=meeting.level if meeting else None,
        done_on=item.done_on.isoformat() if item.done_on else None,
        updates=tuple(u.date.isoformat() for u in item.updates),
        states=_states(item, meeting.date if meeting else None),
    )


def _states(item: Item, meeting_day: dt.date | None) -> tuple[
        tuple[str, str, str | None, str | None], ...]:
    """The item's dated states (views/tracked.py), dates as ISO strings."""
    import datetime as dt

    from huishang.git.standing import dated_states

    return tuple((day.isoformat(), status, due.isoformat() if due else None,
                  done.isoformat() if done else None)
                 for day, (status, due, done) in dated_states(item, meeting_day or dt.date.min))
