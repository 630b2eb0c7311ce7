"""The 考评 figures leaders rank lead units by, for a period: 按期办结率, 反馈及时率, overdue
items and their mean days, items closed and open. One pure function over the items.

The period is counted up to its last day, or to today when that is earlier (a year to
date): an item is judged on what had happened by then. Definitions, per lead unit (an
item with joint leads counts for each of them):

* on_time_rate: of the items not cancelled whose deadline falls in the period, the share
  done with `done_on` on or before `due`;
* feedback_rate: of the (item, month) pairs in the period where the item was open during
  the month (its meeting on or before the month's end, not closed before the month
  began), the share with at least one update dated in that month;
* overdue, mean_overdue_days: the items open and past due at the period's end, and the
  mean of their days overdue then; closed: items done in the period; open: items open
  at the period's end.

Each figure reads the item as it stood at the period's end (its status, deadline and
closing day) by the bulletin's rule (git/standing.py, read from the file): a change counts
from the day of the update that records it, so a deadline moved or an item cancelled
after the period, or a note added after a cancellation, changes nothing in it, and a
period's figures agree with its bulletins'. An item whose file records no change stands
as it is: a done item closes on its `done_on`; a cancelled one, its cancellation unsaid,
on the day of its latest update, else of its meeting.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from huishang.ledger.dates import month_end, months
from huishang.views.tracked import Tracked, of_item

if TYPE_CHECKING:
    from huishang.ledger.models import Item
    from huishang.ledger.records import Ledger

_MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")
_QUARTER = re.compile(r"(\d{4})-[Qq]([1-4])")
_YEAR = re.compile(r"\d{4}")


class Period(NamedTuple):
    """A period as named on the command line (2024-08, 2024-Q3, 2024), its first day and
    the last day counted."""

    name: str
    start: dt.date
    end: dt.date


def period_of(today: dt.date, *, month: str | None = None, quarter: str | None = None,
              year: str | None = None) -> Period | None:
    """The period named by one of the options (none: the current year), whole; None when
    the name is not a period of its kind. `counted` ends it at today."""
    if month is not None:
        found = _MONTH.fullmatch(month)
        if not found:
            return None
        y, m = int(found[1]), int(found[2])
        if y < 1:  # no calendar has a year 0
            return None
        return Period(month, dt.date(y, m, 1), month_end(y, m))
    if quarter is not None:
        found = _QUARTER.fullmatch(quarter)
        if not found:
            return None
        y, q = int(found[1]), int(found[2])
        if y < 1:
            return None
        return Period(f"{y}-Q{q}", dt.date(y, 3 * q - 2, 1), month_end(y, 3 * q))
    text = year if year is not None else str(today.year)
    if not _YEAR.fullmatch(text) or int(text) < 1:
        return None
    return Period(text, dt.date(int(text), 1, 1), dt.date(int(text), 12, 31))


def counted(period: Period, today: dt.date) -> Period | None:
    """The period up to today when today is earlier than its end; None when it has not
    begun."""
    if period.start > today:
        return None
    return period._replace(end=min(period.end, today))


@dataclass(frozen=True)
class UnitScore:
    """One lead unit's figures; a rate is None when nothing counts towards it."""

    unit: str
    due: int  # items (not cancelled) due in the period
    on_time: int  # of those, done by their deadline
    months: int  # (item, month) pairs the item was open in
    reported: int  # of those, pairs with an update dated in the month
    overdue: int
    overdue_days: int  # summed over the overdue items
    closed: int
    open: int

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.due if self.due else None

    @property
    def feedback_rate(self) -> float | None:
        return self.reported / self.months if self.months else None

    @property
    def mean_overdue_days(self) -> float | None:
        return self.overdue_days / self.overdue if self.overdue else None


def year_scores(ledger: Ledger, items: Iterable[Item], end: dt.date) -> tuple[
        Period, list[UnitScore]]:
    """The figures of `end`'s year up to `end`, of the items given (a bulletin's: as they
    stood at its end), each with the date of its meeting in the ledger."""
    days = ledger.meeting_days()
    period = Period(str(end.year), dt.date(end.year, 1, 1), end)
    return period, score((of_item(item, days.get(item.id)) for item in items), period,
                         ledger.canonical)


def score(items: Iterable[Tracked], period: Period,
          canonical: Callable[[str], str] = str) -> list[UnitScore]:
    """Every lead unit's figures for the period, ranked: by on_time_rate, then
    feedback_rate, highest first (a unit with no rate after those with one), then by name.
    A unit is scored when it leads an item whose meeting was held by the period's end."""
    spans = months(period.start, period.end)
    end = period.end
    counts: dict[str, list[int]] = {}
    for item in items:
        meeting_day = item.meeting_day
        if meeting_day is not None and meeting_day > end:
            continue
        status, due, done_on = item.at(end)
        figures = [0] * 8
        if status != "cancelled" and due is not None and period.start <= due <= end:
            figures[0] = 1
            figures[1] = status == "done" and done_on is not None and done_on <= due
        reported_in = {(day.year, day.month) for day in item.updates if day <= end}
        for first, last in spans:
            if (meeting_day is None or meeting_day <= last) \
                    and (first == dt.date.min or _open_on(item, first - dt.timedelta(days=1))):
                figures[2] += 1
                figures[3] += (first.year, first.month) in reported_in
        is_open = _open_on(item, end)
        if is_open and due is not None and due < end:
            figures[4] = 1
            figures[5] = (end - due).days
        figures[6] = (status == "done" and done_on is not None
                      and period.start <= done_on <= end)
        figures[7] = is_open
        for lead in dict.fromkeys(map(canonical, item.leads)):
            total = counts.setdefault(lead, [0] * 8)
            for n, value in enumerate(figures):
                total[n] += value
    scores = [UnitScore(unit, *values) for unit, values in counts.items()]
    return sorted(scores, key=_rank)


def _rank(s: UnitScore) -> tuple[bool, float, bool, float, str]:
    on_time, feedback = s.on_time_rate, s.feedback_rate
    return (on_time is None, -(on_time or 0.0), feedback is None, -(feedback or 0.0), s.unit)


def _open_on(item: Tracked, day: dt.date) -> bool:
    """Whether the item was open at the end of `day`: by its dated states when its file
    records changes (the bulletin's rule), else until its `done_on`, or, cancelled, until
    its latest update (the note that cancels it, unsaid) or else its meeting's day."""
    if item.states:
        return item.at(day)[0] not in ("done", "cancelled")
    if item.status == "done":
        closed_on = item.done_on or item.last_activity or item.meeting_day
    elif item.status == "cancelled":
        closed_on = item.last_activity or item.meeting_day or dt.date.min
    else:
        return True
    return closed_on is None or closed_on > day


def score_json(scores: Iterable[UnitScore], period: Period) -> dict[str, object]:
    """The figures as `score --format json` prints them (the `version` is added there)."""
    return {
        "period": {"name": period.name, "start": period.start.isoformat(),
                   "end": period.end.isoformat()},
        "units": [{"unit": s.unit, "on_time_rate": _round(s.on_time_rate),
                   "feedback_rate": _round(s.feedback_rate), "overdue": s.overdue,
                   "mean_overdue_days": _round(s.mean_overdue_days, 1), "closed": s.closed,
                   "open": s.open} for s in scores],
    }


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)
