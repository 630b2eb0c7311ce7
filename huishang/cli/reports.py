"""Commands that publish the ledger: bulletin, review, notice, export, site."""

from __future__ import annotations

import datetime as dt
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from huishang.cli.app import app, say
from huishang.cli.filtering import filter_options
from huishang.cli.options import (
    LangOpt,
    RepoOpt,
    Session,
    SourceOpt,
    StrictOpt,
    TodayOpt,
    left_out,
    only_sources,
    open_session,
    parse_date,
)
from huishang.cli.writing import split
from huishang.errors import HuishangError
from huishang.output.escape import file_name, terminal
from huishang.views.filters import NO_FILTERS, Given, resolve

if TYPE_CHECKING:
    from huishang.output.document import Document
    from huishang.views.query import Row


class DocFormat(StrEnum):
    markdown = "markdown"
    html = "html"
    docx = "docx"
    pdf = "pdf"


class NoticeFormat(StrEnum):
    markdown = "markdown"
    docx = "docx"
    pdf = "pdf"


class SheetLayout(StrEnum):
    flat = "flat"  # one row an item, ids first, with filters: data to sort and re-import
    office = "office"  # the office's own 台账: under aspect headings, 序号 as in the minutes


class SheetSort(StrEnum):
    number = "number"  # the minutes' order
    due = "due"
    lead = "lead"


OutputOpt = Annotated[Path | None, typer.Option(
    "--output", "-o", help="写入文件（默认输出到屏幕）Write to this file (default: stdout).",
    show_default=False)]


AsOfOpt = Annotated[dt.date | None, typer.Option(
    "--as-of", metavar="YYYY-MM-DD", parser=parse_date,
    help="统计截至此日报送的反馈（默认今天）Count feedback reported (committed) by this day "
    "(default: today).", show_default=False)]
IssueOpt = Annotated[int | None, typer.Option(
    "--issue", min=1, help="期号（第X期），默认按 documents.first_issue 推算 The issue number; "
    "default: counted from documents.first_issue in huishang.yaml.", show_default=False)]


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    _write_bytes(text.encode("utf-8"), output)


def _write_bytes(data: bytes, output: Path) -> None:
    from huishang.edit.atomic import write_atomic

    write_atomic(output, data)
    sys.stderr.write(say("write.wrote", path=terminal(str(output))) + "\n")


ToOpt = Annotated[list[str] | None, typer.Option(
    "--to", help="主送机关（可重复；默认 documents.to）The addressee (repeatable; default: "
    "documents.to in huishang.yaml).", show_default=False)]
CcOpt = Annotated[list[str] | None, typer.Option(
    "--cc", help="抄送机关（可重复；默认 documents.cc）Copy to (repeatable; default: "
    "documents.cc).", show_default=False)]
NumberOpt = Annotated[str | None, typer.Option(
    "--number", help="发文字号：完整文号或只写序号（不改动计数）The document number: whole "
    "(豫检研函〔2024〕12号) or the number alone; the counter is left as it is.",
    show_default=False)]


def issue_document(doc: Document, session: Session, kind: str, fmt: str, *,
                   to: list[str] | None, cc: list[str] | None, number: str | None,
                   output: Path | None, warn: bool = True) -> None:
    """`doc` with its 公文 parts (reports/parts.py), written as `fmt`. Its 发文字号 is
    `number`, else the next of the kind's pattern: taken from the counter when the
    document is written to a file, and only once it is written (a failed write takes no
    number); only shown when it is printed (a look before sending takes no number)."""
    from contextlib import nullcontext

    from huishang.edit.numbers import explicit_number, format_number, next_number, reserved
    from huishang.reports.parts import complete

    settings = session.ledger.settings.documents
    pattern: str | None = getattr(settings.numbering, kind)
    year = session.today.year
    root = session.ledger.root
    counted = pattern is not None and number is None and output is not None
    with reserved(root, kind, year) if counted else nullcontext(None) as taken:
        written = ""
        if number is not None:
            written = explicit_number(number, pattern, year)
        elif pattern is not None:
            written = format_number(pattern, year, taken or next_number(root, kind, year))
        complete(doc, settings, kind, session.lang, to=split(to or []), cc=split(cc or []),
                 number=written)
        if not doc.issuer and warn:
            sys.stderr.write(say("doc.no_issuer", kind=kind) + "\n")
        write_document(doc, fmt, output, session)
    if counted:
        sys.stderr.write(say("doc.numbered", number=terminal(written)) + "\n")


DocFormatOpt = Annotated[DocFormat, typer.Option(
    "--format", help="输出格式（docx 为公文格式 Word 文档，pdf 经 LibreOffice 转换，均须 -o）"
    "Output format; docx (Word in 公文 layout) and pdf (made by LibreOffice) need -o.")]


def needs_output(fmt: str, output: Path | None) -> Path | None:
    """A Word document or a PDF is a file, and a PDF needs LibreOffice: both checked
    before the ledger is read."""
    from huishang.output.document_formats import FILE_FORMATS

    if fmt in FILE_FORMATS and output is None:
        raise HuishangError("doc.needs_output", exit_code=2)
    if fmt == "pdf":
        from huishang.output.pdf import office

        office()
    return output


def write_document(doc: Document, fmt: str, output: Path | None, session: Session) -> None:
    """A document as Markdown or HTML (to stdout or -o), or as .docx or PDF (-o
    required)."""
    from huishang.output.document_formats import DOCUMENT_FORMATS, Setting

    output = needs_output(fmt, output)
    settings = session.ledger.settings.documents
    setting = Setting(session.lang, settings, session.ledger.root, session.ledger.settings.limits)
    made = DOCUMENT_FORMATS[fmt](doc, setting)
    if isinstance(made, str):
        _write(made, output)
        return
    assert output is not None  # needs_output asks a file of a format made of bytes
    _write_bytes(made, output)
    if setting.dropped:  # the office should know its template reached outside itself
        sys.stderr.write(terminal(say("doc.links_dropped", path=settings.template,
                                      links=setting.dropped)) + "\n")


@app.command()
def bulletin(
    month: Annotated[str | None, typer.Option(
        "--month", metavar="YYYY-MM", help="通报月份（默认本月）The month (default: this month).",
        show_default=False)] = None,
    fmt: DocFormatOpt = DocFormat.markdown,
    output: OutputOpt = None,
    as_of: AsOfOpt = None,
    issue: IssueOpt = None,
    to: ToOpt = None,
    cc: CcOpt = None,
    number: NumberOpt = None,
    no_history: Annotated[bool, typer.Option(
        "--no-history", help="不读 git 历史，只依据现有文件统计 Count from the files' dates "
        "alone. (The months up to an imported 台账's first commit are read that way in any "
        "case.)")] = False,
    source: SourceOpt = None,
    strict: StrictOpt = False,
    repo: RepoOpt = None,
    today: TodayOpt = None,
    lang: LangOpt = None,
) -> None:
    """月通报 The monthly bulletin a leader receives: the overall state in sentences and
    figures against the previous month, each lead unit, each open item's progress in the
    month, blocked and escalated items, items closed (with evidence), cancelled (with
    reasons) and new, deadline changes with their reasons, red and orange items and why,
    units that reported nothing (未反馈单位), and a 下一步工作 paragraph to edit.

    Feedback dated in the month counts even when it was committed after the month ended,
    up to the day the bulletin is made (or --as-of): offices compile the bulletin in the
    first days of the next month. As Word (--format docx) it is laid out as a 公文
    (GB/T 9704), with the masthead, issuer and issue number of `documents:` in
    huishang.yaml, or on the office's own template.

    **Examples**

    ```
    huishang bulletin --month 2024-08 --format docx -o 2024年8月通报.docx
    huishang bulletin --month 2024-08 --as-of 2024-09-03 --issue 8 --format docx -o 通报.docx
    huishang bulletin --month 2024-06 --format html -o 2024年6月通报.html
    huishang bulletin --month 2024-06 --no-history
    huishang bulletin --month 2024-08 --source xj --source hlj --format docx -o 汇总通报.docx
    huishang bulletin --month 2024-08 --format pdf -o 2024年8月通报.pdf
    ```

    A ledger that rolls others up (`rollup:` in huishang.yaml) reports on its own items
    and on every source's, with each source's deadline changes and their authors read
    from the history `huishang sync` fetched; --source keeps only the sources named.
    """
    from huishang.git.timeline import build, uncommitted
    from huishang.reports.bulletin import compute, issue_number
    from huishang.reports.bulletin_document import bulletin_document

    needs_output(fmt.value, output)
    session = open_session(repo, today, lang, span=True, only=source)
    if source:
        session = only_sources(session, source)
    left_out(session, strict)
    chosen = month or session.today.strftime("%Y-%m")
    timeline = build(session.ledger, use_git=not no_history)
    result = compute(session.ledger, timeline, chosen, session.today, as_of)
    timeline.save()  # the blobs read for the items replayed, for the next bulletin
    if timeline.from_git:
        edited = uncommitted(session.ledger.root)
        if edited:
            sys.stderr.write(say("bulletin.uncommitted", n=len(edited), paths=terminal(
                say("sep.list").join(edited[:5]))) + "\n")
    settings = session.ledger.settings.documents
    doc = bulletin_document(result, session.lang, settings,
                            issue or issue_number(chosen, settings.first_issue))
    issue_document(doc, session, "bulletin", fmt.value, to=to, cc=cc, number=number,
                   output=output)


@app.command()
def review(
    meeting: Annotated[str, typer.Argument(metavar="MEETING-ID", help="会议编号 The meeting.",
                                           show_default=False)],
    fmt: DocFormatOpt = DocFormat.markdown,
    output: OutputOpt = None,
    to: ToOpt = None,
    cc: CcOpt = None,
    number: NumberOpt = None,
    strict: StrictOpt = False,
    repo: RepoOpt = None,
    today: TodayOpt = None,
    lang: LangOpt = None,
) -> None:
    """落实情况报告 The report on one meeting's items that the next meeting of the same
    parties reviews: the overall state, then aspect by aspect and item by item (lead and
    partners, state, key progress, evidence of closed items), the open problems (blocked,
    overdue, stalled, never started), and totals per aspect and per unit. Items carried
    over from an earlier meeting (`carried_from`) say so.

    **Examples**

    ```
    huishang review 2023-12-14-xj-fa-jian
    huishang review 2023-12-14-xj-fa-jian --format docx -o 落实情况报告.docx
    huishang review 2023-12-14-xj-fa-jian --format html -o 落实情况报告.html --today 2024-06-30
    huishang review xj:2023-12-14-xj-fa-jian
    huishang review 2023-12-14-xj-fa-jian --format pdf -o 落实情况报告.pdf
    ```
    """
    from huishang.reports.review import compute, review_document

    needs_output(fmt.value, output)
    session = open_session(repo, today, lang, holding=meeting)
    left_out(session, strict)
    result = compute(session.ledger, meeting, session.today)
    doc = review_document(result, session.lang, session.ledger.settings.documents)
    issue_document(doc, session, "review", fmt.value, to=to, cc=cc, number=number,
                   output=output)


@app.command()
def notice(
    unit: Annotated[str | None, typer.Option("--unit", help="收函单位（全称或简称）The unit "
                                             "to write to (full or short name).",
                                             show_default=False)] = None,
    every: Annotated[bool, typer.Option("--all", help="为每个有红色、橙色预警事项的单位各写一份"
                                        "（须 -o 文件夹）One notice per unit with red or "
                                        "orange items, into the folder -o.")] = False,
    reply_by: Annotated[dt.date | None, typer.Option(
        "--reply-by", metavar="YYYY-MM-DD", parser=parse_date,
        help="要求书面反馈的日期 The date to reply by.", show_default=False)] = None,
    fmt: Annotated[NoticeFormat, typer.Option("--format", help="输出格式（docx、pdf 须 -o）"
                                              "Output format; docx and pdf need -o.")] = (
        NoticeFormat.markdown
    ),
    output: OutputOpt = None,
    to: ToOpt = None,
    cc: CcOpt = None,
    number: NumberOpt = None,
    strict: StrictOpt = False,
    repo: RepoOpt = None,
    today: TodayOpt = None,
    lang: LangOpt = None,
) -> None:
    """督办提示函 A reminder to one unit: its red and orange items, those it leads and, apart,
    those it supports, with deadlines, days overdue and the latest progress. With --all, one
    notice per unit that has such items, written into a folder.

    **Examples**

    ```
    huishang notice --unit 自治区高院 --format docx -o 督办提示函.docx
    huishang notice --unit 最高人民检察院 --reply-by 2024-09-10
    huishang notice --all --format docx -o 督办提示函
    huishang notice --unit 自治区高院 --format pdf -o 督办提示函.pdf
    huishang notice --unit 自治区高院 --to 高院办公室 --cc 自治区检察院 --format docx -o 函.docx
    huishang notice --unit 自治区高院 --number 12 --format docx -o 函.docx
    ```

    The 发文字号 comes from `documents.numbering` in huishang.yaml, counted per year in
    numbers.yaml when the letter is written to a file; --number gives it (whole, or the
    number alone) without moving the count. 主送 is the unit unless --to or
    `documents.to` says otherwise; 抄送 (--cc, `documents.cc`), 联系人 and 联系电话
    (`documents.contact`, `documents.phone`) and the issuer come from `documents:` too.
    """
    from huishang.ledger.rules import unit_problem
    from huishang.reports.notice import notice_document, notices

    if unit is None and not every:
        raise HuishangError("notice.needs_unit", exit_code=2)
    if every and output is None:
        raise HuishangError("notice.all_needs_folder", exit_code=2)
    if every and (to or number):
        raise HuishangError("notice.all_one_each", exit_code=2)
    needs_output(fmt.value, output)
    session = open_session(repo, today, lang)
    left_out(session, strict)
    ledger = session.ledger
    found = notices(ledger, session.today)
    settings = ledger.settings.documents
    if not every:
        assert unit is not None
        wrong = unit_problem(ledger, unit)
        if wrong is not None:
            raise HuishangError(wrong[0], exit_code=2, **wrong[1])
        chosen = found.get(ledger.canonical(unit))
        if chosen is None:
            sys.stderr.write(say("notice.nothing", unit=terminal(ledger.canonical(unit))) + "\n")
            return
        doc = notice_document(chosen, session.lang, reply_by, settings)
        issue_document(doc, session, "notice", fmt.value, to=to, cc=cc, number=number,
                       output=output)
        return
    assert output is not None
    if not found:
        sys.stderr.write(say("notice.all_nothing") + "\n")
        return
    output.mkdir(parents=True, exist_ok=True)
    suffix = {NoticeFormat.docx: ".docx", NoticeFormat.pdf: ".pdf"}.get(fmt, ".md")
    for n, (name, chosen) in enumerate(found.items()):
        path = output / f"{say('notice.title')}-{file_name(name)}{suffix}"
        doc = notice_document(chosen, session.lang, reply_by, settings)
        issue_document(doc, session, "notice", fmt.value, to=None, cc=cc, number=None,
                       output=path, warn=n == 0)
    sys.stderr.write(say("notice.wrote", n=len(found), path=str(output)) + "\n")


ColumnsOpt = Annotated[str | None, typer.Option(
    "--columns", help="列，逗号分隔（键名或表头），如 id,title,due,overdue_days Columns, "
    "comma-separated: keys or headers.", show_default=False)]


@app.command()
@filter_options()
def export(
    ics: Annotated[bool, typer.Option("--ics", help="导出 iCalendar 日历 Export the deadlines "
                                      "of open items as an iCalendar file.")] = False,
    xlsx: Annotated[bool, typer.Option("--xlsx", help="导出 Excel 台账（须 -o） Export the "
                                       "ledger as an Excel workbook; needs -o.")] = False,
    form: Annotated[bool, typer.Option("--form", help="导出下发各单位的填报表（须 -o） Export "
                                       "the feedback form sent to units; needs -o.")] = False,
    layout: Annotated[SheetLayout, typer.Option(
        "--layout", help="台账版式：flat 每项一行（含事项编号，可筛选）；office 按方面分组、"
        "序号同纪要 The workbook's layout: flat (one row an item, with ids and filters) or "
        "office (under aspect headings, numbered as in the minutes).")] = SheetLayout.flat,
    sort: Annotated[SheetSort | None, typer.Option(
        "--sort", help="台账排序：number 按纪要顺序，due 按完成时限，lead 按牵头单位；office "
        "版式在各方面内排序（默认：flat 按时限，office 按纪要顺序） Order of the workbook's "
        "items; within each aspect in the office layout (default: due for flat, the "
        "minutes' order for office).", show_default=False)] = None,
    ids: Annotated[bool, typer.Option("--ids", help="台账加列事项编号、会议编号 Add the item "
                                      "and meeting ids to the workbook.")] = False,
    period: Annotated[str | None, typer.Option(
        "--period", metavar="YYYY-MM", help="填报表的填报期间（默认本月） The month the form "
        "asks about (default: this month).", show_default=False)] = None,
    columns: ColumnsOpt = None,
    filters: Given = NO_FILTERS,
    output: OutputOpt = None,
    strict: StrictOpt = False,
    repo: RepoOpt = None,
    today: TodayOpt = None,
    lang: LangOpt = None,
) -> None:
    """导出 Export the ledger: an Excel workbook for the office (--xlsx), the 填报表 sent to
    units for their monthly feedback (--form), or deadlines as a calendar (--ics). The
    filters are those of `list`.

    The form (--form) has a title naming the meeting(s) and the period, the items under
    their aspect headings (一、…) numbered as in the minutes, the agreed fields locked (the
    sheet is protected without a password), and empty columns for the unit: 本期进展,
    进展日期, 落实状态 (a drop-down), 办结依据, 办结日期, 调整事项 and 调整理由. A hidden
    column keeps each item's id, so `huishang import` matches the rows however the unit
    re-sorts them. Without --status, items already closed are left out. It prints on A4
    landscape.

    The workbook has one row an item with typed cells (dates are dates, days overdue are
    numbers), the warning colours as fills, a frozen header with filters, and a sheet of
    totals per lead unit. `huishang import` reads it back unchanged. With --layout office
    it is the office's own 台账: the items under their aspect headings (一、…) as the form
    has them, 序号 as in the minutes, joint leads written as the minutes write them, and
    no 事项编号/会议编号 unless --ids asks for them. --sort orders the items (within each
    aspect in the office layout). Every sheet prints on A4 landscape with its header
    repeated, at 70 % or more; the totals on one page.

    **Examples**

    ```
    huishang export --xlsx -o 会商事项台账.xlsx
    huishang export --xlsx --lead 最高法 --status 推进中 -o 最高法事项.xlsx
    huishang export --xlsx --columns 事项编号,会商事项,完成时限,逾期天数 -o 逾期.xlsx --overdue
    huishang export --xlsx --layout office -o 会商事项台账.xlsx
    huishang export --xlsx --layout office --sort due --ids -o 按时限台账.xlsx
    huishang export --ics -o 会商事项期限.ics
    huishang export --form --unit 省检察院 --period 2024-08 -o 省检察院填报表.xlsx
    ```
    """
    from huishang.views.query import select, sort_rows

    if sum((ics, xlsx, form)) != 1:
        raise HuishangError("export.no_format", exit_code=2)
    given = [name for name, on in (("--layout", layout is not SheetLayout.flat),
                                   ("--sort", sort is not None), ("--ids", ids)) if on]
    if given and not xlsx:
        raise HuishangError("export.xlsx_only", exit_code=2, option=given[0])
    session = open_session(repo, today, lang, span=True, only=list(filters.source) or None)
    left_out(session, strict)
    chosen = resolve(session.facts, filters, session.lang)
    rows = sort_rows(select(session.facts, session.today, chosen), "due")
    if ics:
        from huishang.exchange.calendar import ics as to_ics

        # DTSTAMP comes from `today`, not the clock, so the same ledger exports the same file
        stamp = dt.datetime.combine(session.today, dt.time(0), dt.UTC)
        _write(to_ics(rows, stamp, session.lang), output)
        return
    if output is None:
        raise HuishangError("export.needs_output", exit_code=2,
                            kind="--form" if form else "--xlsx")
    if form:
        _export_form(session, rows, output, period, filters.unit,
                     closed=bool(filters.status))
        return
    _export_xlsx(session, rows, columns, output, office=layout is SheetLayout.office,
                 sort=sort, ids=ids)


def _export_form(session: Session, rows: list[Row], output: Path, period: str | None,
                 unit: str | None, *, closed: bool) -> None:
    import io

    from huishang.edit.atomic import write_atomic
    from huishang.exchange.form import write_form
    from huishang.exchange.sections import sections
    from huishang.ledger.dates import parse_month
    from huishang.ledger.vocab import CLOSED_STATUSES

    year, month = parse_month(period or session.today.strftime("%Y-%m"))
    ledger = session.ledger
    entries = {e.path: e for e in ledger.items}
    chosen = [r._replace(entry=entries[r.facts.path]) for r in rows
              if r.facts.path in entries and (closed or r.facts.status not in CLOSED_STATUSES)
              and ledger.meeting_of(entries[r.facts.path]) is not None]
    lines = sections(chosen, session.lang, item=lambda r: r.item,
                     meeting=lambda r: ledger.meeting_of(entries[r.facts.path]))
    buffer = io.BytesIO()
    write_form(buffer, lines, period=(year, month),
               unit=ledger.canonical(unit) if unit else None, lang=session.lang)
    write_atomic(output, buffer.getvalue())
    sys.stderr.write(say("form.wrote", path=str(output), n=len(chosen),
                         period=say("form.period_value", year=year, month=month)) + "\n")


def _export_xlsx(session: Session, rows: list[Row], columns: str | None, output: Path, *,
                 office: bool, sort: SheetSort | None, ids: bool) -> None:
    import io

    from huishang.edit.atomic import write_atomic
    from huishang.exchange.sections import Heading, sections
    from huishang.exchange.workbook import write_workbook
    from huishang.views.item_columns import ITEM_COLUMNS, LAYOUTS, as_minutes, choose
    from huishang.views.progress import order, tally
    from huishang.views.query import sort_key, sort_rows

    chosen = choose(columns, "office" if office else "sheet")
    if ids:
        chosen += [ITEM_COLUMNS[k] for k in LAYOUTS["ids"] if ITEM_COLUMNS[k] not in chosen]
    ledger = session.ledger
    entries = {e.path: e for e in ledger.items}
    rows = [r._replace(entry=entries[r.facts.path]) for r in rows]
    groups, total = tally(rows, "lead")
    by = sort or (SheetSort.number if office else SheetSort.due)
    key = None if by is SheetSort.number else sort_key(by.value)
    lines: list[Row | Heading] = list(sort_rows(rows, by.value) if key else rows)
    if office or key is None:  # the office sorts within its headings
        lines = sections(rows, session.lang, item=lambda r: r.item,
                         meeting=lambda r: ledger.meeting_of(entries[r.facts.path]), key=key)
    if not office:  # the minutes' order alone, without the headings
        lines = [line for line in lines if not isinstance(line, Heading)]
    buffer = io.BytesIO()
    write_workbook(buffer, lines, as_minutes(chosen) if office else chosen,
                   order(groups, "lead"), total, lang=session.lang, today=session.today,
                   office=office)
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
    the longest overdue items, the ledger table (filter, sort and page in the browser;
    index.html?overdue=1 shows only overdue items), and a page per meeting, per item and
    per rolled-up ledger. Open index.html from disk or publish the folder anywhere.

    **Examples**

    ```
    huishang site --output 看板
    huishang site -o public --lang en
    ```

    A ledger that rolls others up gets a page per source (sources/<name>.html) and a
    progress table by source on the overview.
    """
    from huishang.reports.site import build_site

    session = open_session(repo, today, lang, span=True)
    left_out(session, strict)
    written = build_site(session.ledger, session.today, session.lang,
                         output.parent.resolve() / output.name)  # a link is refused, not followed
    sys.stderr.write(say("site.wrote", n=len(written), path=str(output)) + "\n")
