"""The 考评 figures as a table: for a terminal and Markdown in percent, as data (CSV) numbers."""

from __future__ import annotations

from collections.abc import Sequence

from huishang.messages import msg
from huishang.output.table import Cell, Column, Sheet, Value
from huishang.views.score import Period, UnitScore

FIGURES = ("on_time_rate", "feedback_rate", "overdue", "mean_overdue_days", "closed", "open")


def score_title(period: Period, lang: str) -> str:
    return msg("score.title", lang, period=period.name, start=period.start.isoformat(),
               end=period.end.isoformat())


def score_sheet(scores: Sequence[UnitScore], period: Period, lang: str) -> Sheet:
    """One row per lead unit in rank order; as data (CSV) rates are fractions 0–1 and
    nothing to count is an empty cell."""
    columns = [Column(msg("score.rank", lang), "right", no_wrap=True),
               Column(msg("score.unit", lang))]
    columns += [Column(msg(f"score.{name}", lang), "right", no_wrap=True) for name in FIGURES]
    sheet = Sheet(score_title(period, lang), columns, caption=msg("score.caption", lang))
    for rank, s in enumerate(scores, 1):
        sheet.rows.append([str(rank), s.unit, *_figures(s, lang)])
    return sheet


def _figures(s: UnitScore, lang: str) -> list[Value]:
    def rate(value: float | None) -> Cell:
        if value is None:
            return Cell("-", data="")
        return Cell(msg("doc.percent", lang, n=round(value * 100)), data=f"{value:.4f}")

    mean = s.mean_overdue_days
    return [rate(s.on_time_rate), rate(s.feedback_rate),
            Cell(str(s.overdue), "bold red" if s.overdue else ""),
            Cell("-", data="") if mean is None else f"{mean:.1f}",
            str(s.closed), str(s.open)]
