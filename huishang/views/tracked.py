"""An item as `score` and `remind` read it, dates as dates: made from the view index's facts
(a warm run loads no model) or from a model (the bulletin's items as they stood)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Callable

    from huishang.ledger.models import Item
    from huishang.views.facts import Facts

_date = dt.date.fromisoformat


class Tracked(NamedTuple):
    id: str
    title: str
    leads: tuple[str, ...]
    partners: tuple[str, ...]
    status: str
    due: dt.date | None
    done_on: dt.date | None
    updates: tuple[dt.date, ...]  # the date of each progress update
    meeting_day: dt.date | None  # None when the meeting record is missing or invalid
    cancelled_on: dt.date | None = None  # a cancelled item: the day its file dates that


    @property
    def last_activity(self) -> dt.date | None:
        return max(self.updates, default=None)


def of_facts(f: Facts) -> Tracked:
    return Tracked(f.id, f.title, f.leads, f.partners, f.status,
                   _date(f.due) if f.due else None, _date(f.done_on) if f.done_on else None,
                   tuple(map(_date, f.updates)),
                   _date(f.meeting_date) if f.meeting_date else None,
                   _date(f.cancelled_on) if f.cancelled_on else None)


def of_item(item: Item, meeting_day: dt.date | None,
            canonical: Callable[[str], str] = str) -> Tracked:
    return Tracked(item.id, item.title, tuple(map(canonical, item.leads)),
                   tuple(map(canonical, item.partners)), item.status, item.due, item.done_on,
                   tuple(u.date for u in item.updates), meeting_day,
                   cancelled_on(item, meeting_day))


def cancelled_on(item: Item, meeting_day: dt.date | None) -> dt.date | None:
    """The day a cancelled item's file dates its cancellation, by the bulletin's rule
    (git/standing.py); None for an item not cancelled or when no update records it."""
    if item.status != "cancelled":
        return None
    from huishang.git.standing import status_since

    return status_since(item, meeting_day or dt.date.min)
