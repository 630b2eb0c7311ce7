"""Questions asked of a loaded ledger: what is overdue or warned, filtered and in what order."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from huishang.earlywarning import Alert, assess
from huishang.errors import HuishangError
from huishang.ledger import Ledger, Loaded, folder_of
from huishang.models import CLOSED_STATUSES, Item, Meeting


def is_open(item: Item) -> bool:
    return item.status not in CLOSED_STATUSES


def is_overdue(item: Item, today: dt.date) -> bool:
    """Open and due before today; an item due today is not yet overdue."""
    return is_open(item) and item.due is not None and item.due < today


def overdue_days(item: Item, today: dt.date) -> int:
    """Days past the deadline, 0 when the item is not overdue."""
    if not is_overdue(item, today):
        return 0
    assert item.due is not None
    return (today - item.due).days


def days_left(item: Item, today: dt.date) -> int | None:
    """Days until the deadline for an open item (0 today, negative when overdue)."""
    if not is_open(item) or item.due is None:
        return None
    return (item.due - today).days


@dataclass(frozen=True)
class Row:
    """One item as the views show it, with everything derived from `today`."""

    entry: Loaded[Item]
    meeting_id: str
    meeting: Meeting | None
    lead: str  # canonical name when units.yaml knows it
    partners: tuple[str, ...]
    overdue_days: int
    days_left: int | None
    alert: Alert | None

    @property
    def item(self) -> Item:
        return self.entry.record

    @property
    def units(self) -> tuple[str, ...]:
        return (self.lead, *self.partners)


def rows(ledger: Ledger, today: dt.date) -> list[Row]:
    """Every valid item of the ledger as a row, sorted by deadline."""
    return sort_rows([make_row(ledger, entry, today) for entry in ledger.items], "due")


def make_row(ledger: Ledger, entry: Loaded[Item], today: dt.date) -> Row:
    item = entry.record
    meeting = ledger.meeting_of(entry)
    return Row(
        entry=entry,
        meeting_id=folder_of(entry.path),
        meeting=meeting,
        lead=canonical(ledger, item.lead),
        partners=tuple(canonical(ledger, p) for p in item.partners),
        overdue_days=overdue_days(item, today),
        days_left=days_left(item, today),
        alert=assess(item, today, ledger.settings.warnings, meeting.date if meeting else None),
    )


def canonical(ledger: Ledger, unit: str) -> str:
    """A unit's full name when units.yaml knows the name given, else the name as given."""
    if ledger.units is None:
        return unit
    return ledger.units.canonical(unit) or unit


@dataclass(frozen=True)
class Filter:
    """Conditions that all must hold; an empty filter keeps every row."""

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

    def keeps(self, row: Row) -> bool:
        item = row.item
        owner = item.owner
        checks = (
            not self.overdue or row.overdue_days > 0,
            self.lead is None or row.lead == self.lead,
            self.partner is None or self.partner in row.partners,
            self.unit is None or self.unit in row.units,
            self.owner is None or (owner is not None and self.owner in (owner.person,
                                                                        owner.division)),
            self.meeting is None or row.meeting_id == self.meeting,
            self.aspect is None or item.aspect == self.aspect,
            not self.statuses or item.status in self.statuses,
            not self.warnings or (row.alert is not None and row.alert.colour in self.warnings),
            self.due_within is None or (row.days_left is not None
                                        and row.days_left <= self.due_within),
            not self.levels or (row.meeting is not None and row.meeting.level in self.levels),
        )
        return all(checks)


def select(found: Iterable[Row], conditions: Filter) -> list[Row]:
    return [row for row in found if conditions.keeps(row)]


def sort_rows(found: Sequence[Row], by: str) -> list[Row]:
    """Sort rows; except by id, open items with a deadline come first, then undated, then
    finished ones."""
    if by == "id":
        return sorted(found, key=lambda r: r.item.id)
    if by == "lead":
        return sorted(found, key=lambda r: (r.lead, *_by_due(r)))
    if by == "overdue":
        return sorted(found, key=lambda r: (_rank(r), -r.overdue_days, *_by_due(r)))
    return sorted(found, key=_by_due)


def _rank(row: Row) -> int:
    return 0 if row.days_left is not None else (1 if is_open(row.item) else 2)


def _by_due(row: Row) -> tuple[int, dt.date, str]:
    return (_rank(row), row.item.due or dt.date.max, row.item.id)


_SPAN = re.compile(r"(\d+)\s*([dw]?)")


def parse_days(text: str) -> int:
    """'14d', '2w' or '14' as a number of days."""
    match = _SPAN.fullmatch(text.strip().lower())
    if not match:
        raise HuishangError(f"“{text}”不是天数，应如 14d 或 2w (expected e.g. 14d or 2w)",
                            exit_code=2)
    number, unit = int(match.group(1)), match.group(2)
    return number * 7 if unit == "w" else number


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
            raise HuishangError(f"{broken[0]} 有错误，请先运行 huishang validate "
                                f"(the file has problems; run huishang validate)")
        raise HuishangError(f"没有编号为“{ref}”的事项 (no item with id {ref})")
    names = ", ".join(sorted(e.record.id for e in matches))
    raise HuishangError(f"编号“{ref}”不唯一，可能是 (ambiguous id, could be): {names}")
