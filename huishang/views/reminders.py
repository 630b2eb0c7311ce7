"""Which unit is reminded of which items today (临近提醒, 到期催办, 未反馈): one pure function
over the items, their meetings' dates and the `reminders:` settings.

* before (临近提醒): open items due in exactly one of `before_days` days;
* overdue (到期催办): open items past due, on the first overdue day and then every
  `overdue_every_days` days (not daily: a reminder a day is soon ignored);
* silent (未反馈): from day `silent_after_day` of the month, a unit none of whose open items
  has an update dated this month is reminded of them all (the log keeps it to once a
  month).

A unit is reminded of the items it leads (each joint lead) and of those it supports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple

from huishang.ledger.vocab import CLOSED_STATUSES
from huishang.views.earlywarning import Thresholds, assess
from huishang.views.remind_settings import Rules
from huishang.views.tracked import Tracked

__all__ = ["KINDS", "Reminded", "Reminder", "Rules", "reminders"]

KINDS = ("before", "overdue", "silent")


class Reminded(NamedTuple):
    """One item in a reminder, as the unit reads it."""

    item: Tracked
    leads: tuple[str, ...]  # full names
    role: str  # "lead" or "partner": what the reminded unit is for the item
    days: int | None  # days left to the deadline; negative: days overdue; None: no deadline
    colour: str | None  # its warning today: red, orange, yellow or None


@dataclass(frozen=True)
class Reminder:
    unit: str
    kind: str  # one of KINDS
    items: tuple[Reminded, ...]


def reminders(items: Iterable[Tracked], today: dt.date, rules: Rules,
              thresholds: Thresholds, canonical: Callable[[str], str] = str) -> list[Reminder]:
    """Every reminder due today, by unit (in order of name), then kind (in KINDS order)."""
    found: dict[tuple[str, str], list[Reminded]] = {}
    mine: dict[str, list[Reminded]] = {}  # each unit's open items, for silence
    reported: set[str] = set()  # units with an update dated this month
    month = (today.year, today.month)
    for item in items:
        meeting_day = item.meeting_day
        if item.status in CLOSED_STATUSES or (meeting_day is not None and meeting_day > today):
            continue
        leads = tuple(dict.fromkeys(map(canonical, item.leads)))
        days = (item.due - today).days if item.due is not None else None
        since = item.last_activity or meeting_day
        alert = assess(item.status, item.due, since, today, thresholds, meeting_day)
        colour = alert.colour if alert is not None else None
        kinds = []
        if days is not None and days in rules.before_days:
            kinds.append("before")
        if days is not None and days < 0 and (-days - 1) % rules.overdue_every_days == 0:
            kinds.append("overdue")
        spoke = any((day.year, day.month) == month and day <= today for day in item.updates)
        partners = [p for p in dict.fromkeys(map(canonical, item.partners)) if p not in leads]
        for unit, role in [*((lead, "lead") for lead in leads),
                           *((p, "partner") for p in partners)]:
            line = Reminded(item, leads, role, days, colour)
            for kind in kinds:
                found.setdefault((unit, kind), []).append(line)
            mine.setdefault(unit, []).append(line)
            if spoke:
                reported.add(unit)
    if today.day >= rules.silent_after_day:
        for unit, lines in mine.items():
            if unit not in reported:
                found[(unit, "silent")] = lines
    return [Reminder(unit, kind, tuple(sorted(lines, key=_order)))
            for (unit, kind), lines in sorted(found.items(),
                                              key=lambda p: (p[0][0], KINDS.index(p[0][1])))]


def _order(line: Reminded) -> tuple[bool, str, str]:
    due = line.item.due
    return (due is None, due.isoformat() if due else "", line.item.id)
