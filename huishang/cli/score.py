"""The `score` command: the 考评 figures per lead unit for a month, a quarter or a year."""

from __future__ import annotations

from typing import Annotated

import typer

from huishang.cli.app import app, say
from huishang.cli.options import (
    FormatOpt,
    LangOpt,
    NoCacheOpt,
    RepoOpt,
    SourceOpt,
    TodayOpt,
    ViewFormat,
    note_problems,
    open_session,
)
from huishang.errors import HuishangError


@app.command()
def score(
    month: Annotated[str | None, typer.Option(
        "--month", metavar="YYYY-MM", help="考评月份 The month.", show_default=False)] = None,
    quarter: Annotated[str | None, typer.Option(
        "--quarter", metavar="YYYY-Qn", help="考评季度，如 2024-Q3 The quarter, e.g. 2024-Q3.",
        show_default=False)] = None,
    year: Annotated[str | None, typer.Option(
        "--year", metavar="YYYY", help="考评年度（默认本年截至今天）The year (default: this "
        "year to date).", show_default=False)] = None,
    fmt: FormatOpt = ViewFormat.table,
    source: SourceOpt = None,
    no_cache: NoCacheOpt = False,
    repo: RepoOpt = None,
    today: TodayOpt = None,
    lang: LangOpt = None,
) -> None:
    """考评 Rank the lead units of a period by 按期办结率 (items due in the period and done
    by their deadline) and then 反馈及时率 (months an item was open with an update dated in
    the month), with overdue items, their mean days overdue, items closed and items open.

    A period is counted to its last day, or to today when that is earlier. Cancelled items
    are left out of 按期办结率; an item with joint leads counts for each. In JSON the rates
    are fractions 0–1, null when nothing counts.

    **Examples**

    ```
    huishang score
    huishang score --quarter 2024-Q3
    huishang score --month 2024-08 --format markdown > 考评.md
    huishang score --year 2024 --format json
    huishang score --year 2024 --format csv > 考评.csv
    ```
    """
    from huishang.output.formats import emit
    from huishang.views.score import counted, period_of, score_json
    from huishang.views.score import score as figures
    from huishang.views.score_table import score_sheet
    from huishang.views.tracked import of_facts

    given = [(kind, value) for kind, value in
             (("month", month), ("quarter", quarter), ("year", year)) if value is not None]
    if len(given) > 1:
        raise HuishangError("option.one_period", exit_code=2)
    session = open_session(repo, today, lang, "facts", no_cache=no_cache, only=source)
    note_problems(session)
    named = period_of(session.today, month=month, quarter=quarter, year=year)
    if named is None:
        kind, value = given[0]
        raise HuishangError("option.bad_period", exit_code=2, value=value,
                            kind=say(f"option.period_kind.{kind}"))
    period = counted(named, session.today)
    if period is None:
        raise HuishangError("option.period_not_begun", exit_code=2, period=named.name)
    view = session.facts
    chosen = view.facts()
    if source:
        chosen = [f for f in chosen if f.source in source]
    scores = figures(map(of_facts, chosen), period, view.canonical)
    if not scores and fmt is ViewFormat.table:
        from huishang.messages import msg

        typer.echo(msg("score.nothing", session.lang, period=period.name))
        return
    emit(score_sheet(scores, period, session.lang), fmt.value,
         lambda: score_json(scores, period))
