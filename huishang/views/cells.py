"""How an item's status, warning and timing read in a table cell, styled for a terminal."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from huishang.messages import field_value, msg
from huishang.output.table import COLOUR_STYLES, Cell

if TYPE_CHECKING:
    from huishang.views.earlywarning import Alert
    from huishang.views.query import Row

STATUS_STYLES = {"in_progress": "cyan", "blocked": "bold red", "done": "green",
                 "cancelled": "dim"}


@functools.cache
def status_cell(status: str, lang: str) -> Cell:
    return Cell(msg(f"status.{status}", lang), STATUS_STYLES.get(status, ""))


def alert_cell(alert: Alert | None, lang: str) -> Cell:
    return _colour_cell(alert.colour if alert is not None else None, lang)


@functools.cache
def _colour_cell(colour: str | None, lang: str) -> Cell:
    if colour is None:
        return Cell("")
    return Cell(msg(f"colour.{colour}", lang), COLOUR_STYLES[colour])


def reason_text(alert: Alert, lang: str, family: str = "") -> str:
    """Why an item is warned, by its reason's message (`why.*`), or with `family` "doc."
    as a document says it."""
    if alert.reason == "why.due_soon" and alert.days == 0:
        return msg("due_today", lang)
    return msg(family + alert.reason, lang, days=alert.days)


def timing_cell(row: Row, lang: str) -> Cell:
    return _timing_cell(row.overdue_days, row.days_left, lang)


@functools.lru_cache(maxsize=4096)  # thousands of rows share a few hundred day counts
def _timing_cell(overdue_days: int, days_left: int | None, lang: str) -> Cell:
    if overdue_days:
        return Cell(msg("overdue_by", lang, n=overdue_days), "bold red")
    if days_left is None:
        return Cell("")
    if days_left == 0:
        return Cell(msg("due_today", lang), "yellow")
    return Cell(msg("due_in", lang, n=days_left))


def change_text(field: str, before: object, after: object, reason: str, by: str,
                lang: str) -> str:
    """A change of an agreed field in words, with its reason and who asked for it:
    完成时限：2024-06-30 → 2024-12-31（理由：…；调整人：…）."""
    text = msg(f"event.{field}", lang, before=field_value(before, lang, field),
               after=field_value(after, lang, field), detail="")
    reason = reason.strip()
    if reason and by:
        return msg("event.reason_by", lang, event=text, detail=reason, by=by)
    return msg("event.reason", lang, event=text, detail=reason) if reason else text
