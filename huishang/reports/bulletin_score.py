"""The bulletin's 考评 section: the lead units best and worst by 按期办结率 and by 反馈及时率,
for the year up to the bulletin's last day, from the items as they then stood."""

from __future__ import annotations

from collections.abc import Sequence

from huishang.messages import long_date, msg
from huishang.output.document import Section
from huishang.output.table import Column, Sheet
from huishang.views.score import Period, UnitScore

RATES = ("on_time_rate", "feedback_rate")


def score_section(period: Period, scores: Sequence[UnitScore], lang: str) -> Section:
    """A sentence and a table: for each rate, the units with the highest and the lowest
    (all of them when tied); nothing to rank is said so."""
    def t(key: str, **params: object) -> str:
        return msg(key, lang, **params)

    sheet = Sheet("", [Column(t("b.metric")), Column(t("b.score_best")),
                       Column(t("b.score_worst"))])
    for name in RATES:
        rated = [(getattr(s, name), s.unit) for s in scores if getattr(s, name) is not None]
        if not rated:
            continue
        top, bottom = max(r for r, _ in rated), min(r for r, _ in rated)
        sheet.add(t(f"score.{name}"), _named(rated, top, lang),
                  _named(rated, bottom, lang) if bottom < top else "-")
    heading = t("b.s.score")
    if not sheet.rows:
        return Section(heading, None, [t("b.none")])
    since = t("b.score_period", start=long_date(period.start, lang),
              end=long_date(period.end, lang))
    return Section(heading, sheet, [since])


def _named(rated: list[tuple[float, str]], rate: float, lang: str) -> str:
    units = msg("sep.list", lang).join(unit for r, unit in rated if r == rate)
    return msg("b.score_named", lang, units=units,
               rate=msg("doc.percent", lang, n=round(rate * 100)))
