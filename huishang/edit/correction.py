"""A correction (更正) as `huishang correct` asks for it: which recorded value is wrong, what
is right, why and who; checked against the item, planned as the entry to append."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from huishang.errors import HuishangError
from huishang.ledger.models import Item


@dataclass(frozen=True)
class Asked:
    """What the user asked to correct: update N (as `show` numbers them, 1 the oldest) with
    a new date and/or note, or the item's done_on."""

    today: dt.date
    reason: str
    update: int | None = None
    date: dt.date | None = None
    note: str | None = None
    done_on: dt.date | None = None
    by: str | None = None
    meeting_date: dt.date | None = None


def file_position(item: Item, shown: int) -> int:
    """The position (1 the first in the file) of the update `show` numbers `shown`: show
    lists them by date, oldest first."""
    order = item.dated_positions
    if not 1 <= shown <= len(order):
        raise HuishangError("correct.no_update", exit_code=2, n=shown, count=len(order))
    return order[shown - 1] + 1


def plan(item: Item, asked: Asked) -> dict[str, Any]:
    """The `corrections:` entry to append; refused when it would correct nothing, names no
    value, or puts a date outside the meeting and today."""
    if not asked.reason.strip():
        raise HuishangError("correct.no_reason", exit_code=2)
    for day in (asked.date, asked.done_on):
        if day is not None and day > asked.today:
            raise HuishangError("update.future", date=day.isoformat(),
                                today=asked.today.isoformat())
        if day is not None and asked.meeting_date is not None and day < asked.meeting_date:
            raise HuishangError("update.before_meeting", date=day.isoformat(),
                                meeting=asked.meeting_date.isoformat())
    was: dict[str, Any] = {}
    now: dict[str, Any] = {}
    entry: dict[str, Any] = {"date": asked.today}
    if asked.update is not None:
        if asked.done_on is not None or (asked.date is None and asked.note is None):
            raise HuishangError("correct.what", exit_code=2)
        position = file_position(item, asked.update)
        current = item.updates[position - 1]
        for key, value in (("date", asked.date), ("note", asked.note)):
            if value is not None and value != getattr(current, key):
                was[key], now[key] = getattr(current, key), value
        entry["update"] = position
    elif asked.done_on is not None:
        if item.status != "done" or item.done_on is None:
            raise HuishangError("correct.not_done", exit_code=2)
        if asked.done_on != item.done_on:
            was["done_on"], now["done_on"] = item.done_on, asked.done_on
    else:
        raise HuishangError("correct.what", exit_code=2)
    if not now:
        raise HuishangError("correct.same", exit_code=2)
    entry.update({"was": was, "now": now, "reason": asked.reason.strip()})
    if asked.by:
        entry["by"] = asked.by
    return entry
