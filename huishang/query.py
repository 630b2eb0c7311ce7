"""Questions asked of a loaded ledger: what is overdue, by how much, and in what order."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from huishang.ledger import Ledger, Loaded, folder_of
from huishang.models import CLOSED_STATUSES, Item


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
    """One item as the ledger views show it, with everything derived from `today`."""

    entry: Loaded[Item]
    meeting: str
    overdue_days: int
    days_left: int | None

    @property
    def item(self) -> Item:
        return self.entry.record


def rows(ledger: Ledger, today: dt.date, *, overdue: bool = False) -> list[Row]:
    """The items of the ledger as rows, the most overdue first, then by deadline and id."""
    out = [
        Row(e, folder_of(e.path), overdue_days(e.record, today), days_left(e.record, today))
        for e in ledger.items
        if not overdue or is_overdue(e.record, today)
    ]
    out.sort(key=_by_due)
    return out


def _by_due(row: Row) -> tuple[int, dt.date, str]:
    item = row.item
    # open items with a deadline first, then open undated ones, then finished ones
    rank = 0 if row.days_left is not None else (1 if is_open(item) else 2)
    return (rank, item.due or dt.date.max, item.id)
