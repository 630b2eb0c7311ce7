"""The three-colour early warning (红橙黄三色预警): a derived level for every open item.

With the default thresholds (all set in huishang.yaml under `warnings:`):

* red:    overdue by more than 30 days, or overdue with no update for 60 days;
* orange: overdue, or started (in progress or blocked) with no update for 60 days, or
          still planned (未启动) 60 days after its meeting;
* yellow: due within the next 14 days (today included).

"No update for N days" counts from the last progress update, or from the
meeting's date when there is none yet.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from huishang.ledger.vocab import COLOURS, Colour

__all__ = ["COLOURS", "Alert", "assess"]

STARTED = ("in_progress", "blocked")


class Thresholds(NamedTuple):
    """The three-colour policy's thresholds, in days: `warnings:` in huishang.yaml."""

    red_overdue_days: int
    red_stale_days: int
    orange_stale_days: int
    yellow_due_within_days: int
    orange_unstarted_days: int

    @classmethod
    def of(cls, settings: object) -> Thresholds:
        """The thresholds of any record with these fields (the settings model)."""
        return cls._make(getattr(settings, name) for name in cls._fields)


class Alert(NamedTuple):
    colour: Colour
    reason: str  # a message code, rendered with `days`
    days: int


def assess(status: str, due: dt.date | None, since: dt.date | None, today: dt.date,
           thresholds: Thresholds, meeting_day: dt.date | None = None) -> Alert | None:
    """The warning an item deserves today, or None. `since` is the date of its last
    progress update, or of its meeting when it has none; `meeting_day` the date of its
    meeting, from which an item never started is counted."""
    if status in ("done", "cancelled"):
        return None
    overdue = (today - due).days if due is not None and due < today else 0
    stale = (today - since).days if since is not None else 0
    if overdue > thresholds.red_overdue_days:
        return Alert("red", "why.overdue_long", overdue)
    if overdue > 0 and stale >= thresholds.red_stale_days:
        return Alert("red", "why.overdue_stale", stale)
    if overdue > 0:
        return Alert("orange", "why.overdue", overdue)
    if status in STARTED and stale >= thresholds.orange_stale_days:
        return Alert("orange", "why.stalled", stale)
    waited = (today - meeting_day).days if meeting_day is not None else 0
    if status == "planned" and waited >= thresholds.orange_unstarted_days:
        return Alert("orange", "why.unstarted", waited)
    if due is not None and (due - today).days <= thresholds.yellow_due_within_days:
        return Alert("yellow", "why.due_soon", (due - today).days)
    return None
