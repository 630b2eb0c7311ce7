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


State = tuple[dt.date, str, dt.date | None, dt.date | None]


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
    # (day, status, due, done_on) from each day its file dates a change, when it records
    # one (git/standing.py: dated_states); else it stood as it is from its meeting
    states: tuple[State, ...] = ()

    @property
    def last_activity(self) -> dt.date | None:
        return max(self.updates, default=None)

    def at(self, day: dt.date) -> tuple[str, dt.date | None, dt.date | None]:
        """Its status, deadline and closing day at the end of `day`, as a bulletin made
        from the file sees them (for an item whose file dates no change: as it is)."""
        if not self.states:
            return self.status, self.due, self.done_on
        found = self.states[0]
        for state in self.states:
            if state[0] > day:
                break
            found = state
        return found[1], found[2], found[3]


def of_facts(f: Facts) -> Tracked:
    return Tracked(f.id, f.title, f.leads, f.partners, f.status,
                   _date(f.due) if f.due else None, _date(f.done_on) if f.done_on else None,
                   tuple(map(_date, f.updates)),
                   _date(f.meeting_date) if f.meeting_date else None,
                   tuple((_date(day), status, _date(due) if due else None,
                          _date(done) if done else None) for day, status, due, done in f.states))


def of_item(item: Item, meeting_day: dt.date | None,
            canonical: Callable[[str], str] = str) -> Tracked:
    return Tracked(item.id, item.title, tuple(map(canonical, item.leads)),
                   tuple(map(canonical, item.partners)), item.status, item.due, item.done_on,
                   tuple(u.date for u in item.updates), meeting_day,
                   states(item, meeting_day))


def states(item: Item, meeting_day: dt.date | None) -> tuple[State, ...]:
    """The item's dated states (Tracked.states) by the bulletin's rule."""
    from huishang.git.standing import dated_states

    return tuple((day, *brief) for day, brief in dated_states(item, meeting_day or dt.date.min))
