"""Questions asked of the ledger: which items are overdue or warned, filtered and in what order.

The views ask them of `Facts` (see facts.py), so the same code serves a ledger loaded
from its files and one read from the view index.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from huishang.errors import HuishangError
from huishang.ledger.vocab import CLOSED_STATUSES
from huishang.views.earlywarning import Alert, Thresholds, assess
from huishang.views.facts import Facts, LedgerFacts, facts_of

if TYPE_CHECKING:
    from huishang.ledger.models import Item
    from huishang.ledger.records import Ledger, Loaded

NO_DUE = dt.date.max.isoformat()  # sorts after every deadline


class Row(NamedTuple):
    """One item as the views show it, with everything derived from `today`."""

    facts: Facts
    overdue_days: int
    days_left: int | None  # for an open item with a deadline: 0 today, negative when overdue
    alert: Alert | None
    entry: Loaded[Item] | None = None  # the record, when the whole ledger was loaded

    @property
    def item(self) -> Item:
        """The full record, for views that show more than `Facts` holds."""
        if self.entry is None:
            raise LookupError(f"{self.facts.id}: a row from the view index has no record")
        return self.entry.record

    @property
    def leads(self) -> tuple[str, ...]:
        return self.facts.leads

    @property
    def partners(self) -> tuple[str, ...]:
        return self.facts.partners

    @property
    def units(self) -> tuple[str, ...]:
        return self.facts.units

    @property
    def meeting_id(self) -> str:
        return self.facts.meeting_id


_day = dt.date.fromisoformat


def make_row(facts: Facts, today: dt.date, thresholds: Thresholds,
             entry: Loaded[Item] | None = None) -> Row:
    if facts.status in CLOSED_STATUSES:
        return Row(facts, 0, None, None, entry)
    due = _day(facts.due) if facts.due is not None else None
    left = (due - today).days if due is not None else None
    since = facts.last_update or facts.meeting_date
    met = _day(facts.meeting_date) if facts.meeting_date is not None else None
    alert = assess(facts.status, due, _day(since) if since is not None else None, today,
                   thresholds, met)
    return Row(facts, -left if left is not None and left < 0 else 0, left, alert, entry)


def ledger_rows(ledger: Ledger, today: dt.date) -> list[Row]:
    """Every valid item of a loaded ledger as a row with its record, sorted by deadline."""
    thresholds = Thresholds.of(ledger.settings.warnings)
    return sort_rows([make_row(facts_of(ledger, entry), today, thresholds, entry)
                      for entry in ledger.items], "due")


Test = Callable[[Facts], bool]


@dataclass(frozen=True)
class Filter:
    """Conditions that all must hold; an empty filter keeps every item."""

    overdue: bool = False
    lead: str | None = None
    partner: str | None = None
    unit: str | None = None
    owner: str | None = None
    meeting: str | None = None
    aspect: str | None = None
    statuses: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    due_within: int | None = None
    levels: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()  # rolled-up ledgers by name

    @property
    def open_only(self) -> bool:
        """True when no item done or cancelled can meet the conditions."""
        return (self.overdue or self.due_within is not None or bool(self.warnings)
                or (bool(self.statuses) and not set(self.statuses) & set(CLOSED_STATUSES)))

    def tests(self, today: dt.date) -> list[Test]:
        """One test per condition given (the warning colour is tested on rows)."""
        tests: list[Test] = []
        if self.overdue:
            now = today.isoformat()
            tests.append(lambda f: f.status not in CLOSED_STATUSES and f.due is not None
                         and f.due < now)
        if self.due_within is not None:
            until = (today + dt.timedelta(days=self.due_within)).isoformat()
            tests.append(lambda f: f.status not in CLOSED_STATUSES and f.due is not None
                         and f.due <= until)
        lead, partner, unit, owner = self.lead, self.partner, self.unit, self.owner
        if lead is not None:
            tests.append(lambda f: lead in f.leads)
        if partner is not None:
            tests.append(lambda f: partner in f.partners)
        if unit is not None:
            tests.append(lambda f: unit in f.leads or unit in f.partners)
        if owner is not None:
            tests.append(lambda f: owner in (f.owner_person, f.owner_division))
        if self.meeting is not None:
            tests.append(lambda f: f.meeting_id == self.meeting)
        if self.aspect is not None:
            tests.append(lambda f: f.aspect == self.aspect)
        if self.statuses:
            tests.append(lambda f: f.status in self.statuses)
        if self.levels:
            tests.append(lambda f: f.meeting_level in self.levels)
        if self.sources:
            tests.append(lambda f: f.source in self.sources)
        return tests


def select(view: LedgerFacts, today: dt.date, conditions: Filter = Filter()) -> list[Row]:
    """The rows of the items that meet every condition, in the ledger's order."""
    kept: Iterable[Facts] = view.facts(open_only=conditions.open_only)
    for test in conditions.tests(today):
        kept = filter(test, kept)
    found = [make_row(f, today, view.thresholds) for f in kept]
    if conditions.warnings:
        colours = conditions.warnings
        found = [r for r in found if r.alert is not None and r.alert.colour in colours]
    return found


def sort_rows(found: Sequence[Row], by: str) -> list[Row]:
    """Sort rows; except by id, open items with a deadline come first, then undated, then
    finished ones."""
    return sorted(found, key=sort_key(by))


def sort_key(by: str) -> Callable[[Row], tuple[object, ...]]:
    """What `sort_rows` sorts by, for callers that sort within groups of their own."""
    if by == "id":
        return lambda r: (r.facts.id,)
    if by == "lead":
        return lambda r: (r.facts.leads, *_by_due(r))
    if by == "overdue":
        return lambda r: (_rank(r), -r.overdue_days, *_by_due(r))
    return _by_due


def _rank(row: Row) -> int:
    if row.days_left is not None:
        return 0
    return 2 if row.facts.status in CLOSED_STATUSES else 1


def _by_due(row: Row) -> tuple[int, str, str]:
    return (_rank(row), row.facts.due or NO_DUE, row.facts.id)


_SPAN = re.compile(r"(\d+)\s*([dw]?)")


def parse_days(text: str) -> int:
    """'14d', '2w' or '14' as a number of days."""
    match = _SPAN.fullmatch(text.strip().lower())
    if not match:
        raise HuishangError("option.bad_days", exit_code=2, value=text)
    number, unit = int(match.group(1)), match.group(2)
    return number * 7 if unit == "w" else number


def find_meeting(ids: Iterable[str], ref: str) -> str:
    """The meeting id that is `ref`, or the one that ends with `-ref` (`fa-jian` for
    2023-06-12-fa-jian), as item commands take a unique ending of an item's id."""
    known = set(ids)
    if ref in known:
        return ref
    matches = sorted(i for i in known if i.endswith(f"-{ref}"))
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise HuishangError("meeting.ambiguous", exit_code=2, ref=ref, names=", ".join(matches))
    raise HuishangError("review.unknown_meeting", exit_code=2, meeting=ref,
                        known=", ".join(sorted(known)[-5:]) or "-")


def find(ledger: Ledger, ref: str) -> Loaded[Item]:
    """The item whose id is `ref`, or the one item whose id ends with `-ref`."""
    exact = [e for e in ledger.items if e.record.id == ref]
    if exact:
        return exact[0]
    matches = [e for e in ledger.items if e.record.id.endswith(f"-{ref}")]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        broken = sorted({p.path for p in ledger.errors if p.path.endswith(f"/{ref}.yaml")})
        if broken:
            raise HuishangError("item.broken", path=broken[0])
        raise HuishangError("item.not_found", ref=ref)
    names = ", ".join(sorted(e.record.id for e in matches))
    raise HuishangError("item.ambiguous", ref=ref, names=names)
