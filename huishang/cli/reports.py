"""Commands that publish the ledger: bulletin, export."""

from __future__ import annotations

import datetime as dt
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from huishang.cli.app import app, say
from huishang.cli.options import (
    AspectOpt,
    DueWithinOpt,
    FactsSession,
    LangOpt,
    LeadOpt,
    LevelOpt,
    MeetingOpt,
    OwnerOpt,
    PartnerOpt,
    RepoOpt,
    Session,
    StatusOpt,
    StrictOpt,
    TodayOpt,
    UnitOpt,
    WarningOpt,
    left_out,
    make_filter,
    open_ledger,
)
from huishang.errors import HuishangError

if TYPE_CHECKING:
    from huishang.views.query import Row


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
    (from git), red and orange items, and units that reported nothing (未反馈单位).

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


ColumnsOpt = Annotated[str | None, typer.Option(
    "--columns", help="列，逗号分隔（键名或表头），如 id,title,due,overdue_days Columns, "
    "comma-separated: keys or headers.", show_default=False)]


@app.command()
def export(
    ics: Annotated[bool, typer.Option("--ics", help="导出 iCalendar 日历 Export the deadlines "
                                      "of open items as an iCalendar file.")] = False,
    xlsx: Annotated[bool, typer.Option("--xlsx", help="导出 Excel 台账（须 -o） Export the "
                                       "ledger as an Excel workbook; needs -o.")] = False,
    columns: ColumnsOpt = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="只导出逾期事项 Only overdue "
                                          "items.")] = False,
    lead: LeadOpt = None,
    partner: PartnerOpt = None,
    unit: UnitOpt = None,
    owner: OwnerOpt = None,
    meeting: MeetingOpt = None,
    aspect: AspectOpt = None,
    status: StatusOpt = None,
    warning: WarningOpt = None,
    due_within: DueWithinOpt = None,
    level: LevelOpt = None,
    output: OutputOpt = None,
    strict: StrictOpt = False,
    repo: RepoOpt = None,
    today: TodayOpt = None,
    lang: LangOpt = None,
) -> None:
    """导出 Export the ledger: an Excel workbook for the office (--xlsx), or deadlines as a
    calendar (--ics). The filters are those of `list`.

    The workbook has one row an item with typed cells (dates are dates, days overdue are
    numbers), the warning colours as fills, a frozen header with filters, and a sheet of
    totals per lead unit. `huishang import` reads it back unchanged.

    **Examples**

    ```
    huishang export --xlsx -o 会商事项台账.xlsx
    huishang export --xlsx --lead 最高法 --status 推进中 -o 最高法事项.xlsx
    huishang export --xlsx --columns 事项编号,会商事项,完成时限,逾期天数 -o 逾期.xlsx --overdue
    huishang export --ics -o 会商事项期限.ics
    ```
    """
    from huishang.views.facts import ledger_facts
    from huishang.views.query import select, sort_rows

    if ics == xlsx:
        raise HuishangError("export.no_format", exit_code=2)
    session = open_ledger(repo, today, lang)
    left_out(session, strict)
    facts = FactsSession(ledger_facts(session.ledger), session.today, session.lang)
    chosen = make_filter(facts, overdue=overdue, lead=lead, partner=partner, unit=unit,
                         owner=owner, meeting=meeting, aspect=aspect, status=status,
                         warning=warning, due_within=due_within, level=level)
    rows = sort_rows(select(facts.facts, session.today, chosen), "due")
    if ics:
        from huishang.output.calendar import ics as to_ics

        # DTSTAMP comes from `today`, not the clock, so the same ledger exports the same file
        stamp = dt.datetime.combine(session.today, dt.time(0), dt.UTC)
        _write(to_ics(rows, stamp, session.lang), output)
        return
    if output is None:
        raise HuishangError("export.needs_output", exit_code=2, kind="--xlsx")
    _export_xlsx(session, rows, columns, output)


def _export_xlsx(session: Session, rows: list[Row], columns: str | None,
                 output: Path) -> None:
    import io

    from huishang.edit.atomic import write_atomic
    from huishang.exchange.workbook import write_workbook
    from huishang.views.ledger_table import SHEET_COLUMNS, choose
    from huishang.views.progress import order, tally

    chosen = choose(columns, SHEET_COLUMNS)
    entries = {e.path: e for e in session.ledger.items}
    rows = [r._replace(entry=entries[r.facts.path]) for r in rows]
    groups, total = tally(rows, "lead")
    buffer = io.BytesIO()
    write_workbook(buffer, rows, chosen, order(groups, "lead"), total, lang=session.lang,
                   today=session.today)
    write_atomic(output, buffer.getvalue())
    sys.stderr.write(say("write.wrote", path=str(output)) + "\n")


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
