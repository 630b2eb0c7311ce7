"""The three-colour early warning (红橙黄三色预警): a derived level for every open item.

With the default thresholds (all set in huishang.yaml under `warnings:`):

* red:    overdue by more than 30 days, or overdue with no update for 60 days;
* orange: overdue, or started (in progress or blocked) with no update for 60 days;
* yellow: due within the next 14 days (today included).

"No update for N days" counts from the last progress update, or from the
meeting's date when there is none yet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from huishang.models import Item, WarningRules
from huishang.vocab import COLOURS, Colour

__all__ = ["COLOURS", "Alert", "assess"]

STARTED = ("in_progress", "blocked")


@dataclass(frozen=True)
class Alert:
    colour: Colour
    reason: str  # a key of messages.LABELS, rendered with `days`
    days: int


def last_activity(item: Item, meeting_date: dt.date | None) -> dt.date | None:
    """The date of the last update, or of the meeting when the item has none."""
    return item.updates[-1].date if item.updates else meeting_date


def assess(item: Item, today: dt.date, rules: WarningRules,
           meeting_date: dt.date | None) -> Alert | None:
    """The warning an item deserves today, or None."""
    if item.status in ("done", "cancelled"):
        return None
    overdue = (today - item.due).days if item.due is not None and item.due < today else 0
    since = last_activity(item, meeting_date)
    stale = (today - since).days if since is not None else 0
    if overdue > rules.red_overdue_days:
        return Alert("red", "why.overdue_long", overdue)
    if overdue > 0 and stale >= rules.red_stale_days:
        return Alert("red", "why.overdue_stale", stale)
    if overdue > 0:
        return Alert("orange", "why.overdue", overdue)
    if item.status in STARTED and stale >= rules.orange_stale_days:
        return Alert("orange", "why.stalled", stale)
    if item.due is not None and (item.due - today).days <= rules.yellow_due_within_days:
        return Alert("yellow", "why.due_soon", (item.due - today).days)
    return None
