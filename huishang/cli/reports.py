"""Commands that publish the ledger: bulletin, export."""

from __future__ import annotations

import datetime as dt
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from huishang.cli.app import app, say
from huishang.cli.options import (
    LangOpt,
    RepoOpt,
    StrictOpt,
    TodayOpt,
    left_out,
    note_problems,
    open_facts,
    open_ledger,
)
from huishang.errors import HuishangError


class DocFormat(StrEnum):
    markdown = "markdown"
    html = "html"


OutputOpt = Annotated[Path | None, typer.Option(
    "--output", "-o", help="写入文件（默认输出到屏幕）Write to this file (default: stdout).",
    show_default=False)]


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    from huishang.edit.atomic import write_atomic

    write_atomic(output, text.encode("utf-8"))
    sys.stderr.write(say("write.wrote", path=str(output)) + "\n")


@app.command()
def bulletin(
    month: Annotated[str | None, typer.Option(
        "--month", metavar="YYYY-MM", help="通报月份（默认本月）The month (default: this month).",
        show_default=False)] = None,
    fmt: Annotated[DocFormat, typer.Option("--format", help="输出格式 Output format.")] = (
        DocFormat.markdown
    ),
    output: OutputOpt = None,
    no_history: Annotated[bool, typer.Option(
        "--no-history", help="不读 git 历史，只依据现有文件统计 Count from the files alone, "
        "e.g. for a ledger imported in bulk whose commits say nothing of when things "
        "happened.")] = False,
    strict: StrictOpt = False,
    repo: RepoOpt = None,
    today: TodayOpt = None,
    lang: LangOpt = None,
) -> None:
    """月通报 The monthly bulletin, ready to circulate: headline figures against the previous
    month, a table per lead unit, items closed and new, deadline changes with their reasons
    (from git), red and orange items, and units that reported nothing (零报告).

    **Examples**

    ```
    huishang bulletin --month 2024-06
    huishang bulletin --month 2024-06 --format html -o 2024年6月通报.html
    huishang bulletin --month 2024-06 --no-history
    ```
    """
    from huishang.git.timeline import build
    from huishang.output.document import document_markdown
    from huishang.output.html import document_html
    from huishang.reports.bulletin import compute
    from huishang.reports.bulletin_document import bulletin_document

    session = open_ledger(repo, today, lang)
    left_out(session, strict)
    chosen = month or session.today.strftime("%Y-%m")
    result = compute(session.ledger, build(session.ledger, use_git=not no_history), chosen,
                     session.today)
    doc = bulletin_document(result, session.lang)
    if fmt is DocFormat.html:
        text = document_html(doc, session.lang, session.ledger.root)
    else:
        text = document_markdown(doc)
    _write(text, output)


@app.command()
def export(
    ics: Annotated[bool, typer.Option("--ics", help="导出 iCalendar 日历 Export the deadlines "
                                      "of open items as an iCalendar file.")] = False,
    output: OutputOpt = None,
    strict: StrictOpt = False,
    repo: RepoOpt = None,
    today: TodayOpt = None,
    lang: LangOpt = None,
) -> None:
    """导出 Export the ledger for other programs.

    **Examples**

    ```
    huishang export --ics -o 会商事项期限.ics
    ```
    """
    from huishang.output.calendar import ics as to_ics
    from huishang.views.query import select, sort_rows

    if not ics:
        raise HuishangError("export.no_format", exit_code=2)
    session = open_facts(repo, today, lang)
    note_problems(session, strict)
    # DTSTAMP comes from `today`, not the clock, so the same ledger exports the same file
    stamp = dt.datetime.combine(session.today, dt.time(0), dt.UTC)
    _write(to_ics(sort_rows(select(session.facts, session.today), "due"), stamp, session.lang),
           output)


@app.command()
def site(
    output: Annotated[Path, typer.Option("--output", "-o", help="输出目录 The folder to write "
                                         "(new, empty, or written by huishang before).")],
    strict: StrictOpt = False,
    repo: RepoOpt = None,
    today: TodayOpt = None,
    lang: LangOpt = None,
) -> None:
    """静态看板 Write an offline HTML dashboard: overview, charts from git history, progress,
    the overdue list, the ledger table (filter and sort in the browser), and a page per
    meeting and per item. Open index.html from disk or publish the folder anywhere.

    **Examples**

    ```
    huishang site --output 看板
    huishang site -o public --lang en
    ```
    """
    from huishang.reports.site import build_site

    session = open_ledger(repo, today, lang)
    left_out(session, strict)
    written = build_site(session.ledger, session.today, session.lang,
                         output.parent.resolve() / output.name)  # a link is refused, not followed
    sys.stderr.write(say("site.wrote", n=len(written), path=str(output)) + "\n")
