"""The bulletin's 考评 section: the lead units best and worst by 按期办结率 and by 反馈及时率,
for the year up to the bulletin's last day, from the items as they then stood."""

from __future__ import annotations

from collections.abc import Sequence

from huishang.messages import long_date, msg
from huishang.output.document import Section
from huishang.views.score import Period, UnitScore

RATES = ("on_time_rate", "feedback_rate")


def score_section(period: Period, scores: Sequence[UnitScore], lang: str) -> Section:
    """For each rate, a sentence naming the units with the highest and the lowest (all of
    them when tied); sentences, not a table, so that no name or figure is cut across
    lines. Nothing to rank is said so."""
    def t(key: str, **params: object) -> str:
        return msg(key, lang, **params)

    lines = []
    for name in RATES:
        rated = [(getattr(s, name), s.unit) for s in scores if getattr(s, name) is not None]
        if not rated:
            continue
        top, bottom = max(r for r, _ in rated), min(r for r, _ in rated)
        if len(rated) == 1:
            lines.append(t("bulletin.score_only", rate=t(f"score.{name}"), unit=rated[0][1],
                           value=_percent(top, lang)))
        elif bottom < top:
            lines.append(t("bulletin.score_line", rate=t(f"score.{name}"),
                           best=_named(rated, top, lang),
                           best_rate=_percent(top, lang), worst=_named(rated, bottom, lang),
                           worst_rate=_percent(bottom, lang)))
        else:  # all alike: nobody is worst
            lines.append(t("bulletin.score_same", rate=t(f"score.{name}"),
                           value=_percent(top, lang)))
    if not lines:
        return Section(t("bulletin.s.score"), None, [t("bulletin.none")])
    since = t("bulletin.score_period", start=long_date(period.start, lang),
              end=long_date(period.end, lang))
    return Section(t("bulletin.s.score"), None, [since, *lines])


def _named(rated: list[tuple[float, str]], rate: float, lang: str) -> str:
    return msg("sep.list", lang).join(unit for r, unit in rated if r == rate)


def _percent(rate: float, lang: str) -> str:
    return msg("doc.percent", lang, n=round(rate * 100))
