"""The command that brings an office's spreadsheet in: import."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from huishang.cli.app import app, say
from huishang.cli.context import CheckFormat
from huishang.cli.options import (
    CommitOpt,
    DryRunOpt,
    LangOpt,
    RepoOpt,
    TextFormatOpt,
    TodayOpt,
    ledger_lock,
    open_session,
    parse_date,
    refuse_sourced,
)

if TYPE_CHECKING:
    from huishang.exchange.importer import Outcome


@app.command("import")
def import_sheet(
    files: Annotated[list[Path], typer.Argument(
        metavar="FILE...", help="台账表格或填报表，可一次导入多个 The spreadsheets: .xlsx, .xls, "
        ".xlsm, .ods or .csv; several at once (the forms units sent back) are one import.")],
    meeting: Annotated[str | None, typer.Option(
        "--meeting", help="会议编号：各行事项属于此会议（表中有“会议编号”列时以该列为准） "
        "The meeting the rows belong to (a meeting ID column, when present, wins).",
        show_default=False)] = None,
    sheet: Annotated[str | None, typer.Option(
        "--sheet", help="工作表名称或序号（默认：第一个有表头的工作表） Sheet name or number "
        "(default: the first with a header).", show_default=False)] = None,
    maps: Annotated[list[str] | None, typer.Option(
        "--map", metavar="列名=字段", help="指定某列对应的字段，可重复，如 --map 工作内容=title "
        "Which field a column holds; repeatable.", show_default=False)] = None,
    date: Annotated[dt.date | None, typer.Option(
        "--date", metavar="YYYY-MM-DD", parser=parse_date, show_default=False,
        help="未注明日期的进展记为此日（默认今天） Date of progress the sheet does not date "
        "(default: today).")] = None,
    reason: Annotated[str | None, typer.Option(
        "--reason", help="调整理由：表中事项要素（如完成时限）与台账不一致且无“调整理由”列时必填 "
        "Why agreed fields change, when the sheet has no reason column.",
        show_default=False)] = None,
    create_aspects: Annotated[bool, typer.Option(
        "--create-aspects", help="会议未登记的方面，按表中标题行（一、…）或所属方面列新建 "
        "Create the aspects the meeting lacks from the sheet's heading rows or aspect "
        "column.")] = False,
    dry_run: DryRunOpt = False,
    commit: CommitOpt = False,
    fmt: TextFormatOpt = CheckFormat.text,
    repo: RepoOpt = None,
    today: TodayOpt = None,
    lang: LangOpt = None,
) -> None:
    """导入台账表格 Import an office's ledger spreadsheet: each row an item of the meeting.

    Columns are found by their headers as offices write them (序号, 会商事项, 所属方面,
    牵头单位, 配合单位, 责任部门, 责任人, 完成时限, 落实状态, 进展情况, 办结依据 and usual
    variants; English field names too). Title rows, merged cells, blank rows, aspect
    heading rows (一、…) and a totals row are handled. Dates may be Excel dates,
    2024年6月30日, 2024/6/30, 2024.6.30 or 2024年6月底前; statuses in Chinese; units by
    their short names.

    Each line of 进展情况 that starts with a date becomes a progress update of that date:
    2024年8月30日，… 8月20日，… 2024年4月，… 5月中旬，… 6月底，… A missing year is the one
    that puts the date in the form's period (填报期间：2024年8月), else the latest since the
    meeting; a month stands for its 1st, 上旬/中旬/下旬 for the 1st/11th/21st, 月底 for its
    last day (no earlier than the meeting, no later than today). A note without a date
    takes the 进展日期 cell, else --date (default today), and the report names it. A date
    in the text always wins over 进展日期; 办结日期 is its cell, else the closing note's date.

    A row's item is the one its 序号 names (序号 5 is `<meeting>-05`), or its 事项编号.
    Nothing is written unless every row is right: each problem is shown at its cell.
    Importing the same sheet again changes nothing; a changed row updates its item by the
    rules of `update` (a moved deadline needs a reason).

    **Examples**

    ```
    huishang import 会商事项台账.xlsx --meeting 2024-08-07-hlj-fa-jian --dry-run
    huishang import 会商事项台账.xlsx --meeting 2024-08-07-hlj-fa-jian --commit
    huishang import 台账.csv --meeting 2023-06-12-fa-jian --map 工作内容=title
    huishang import 导出台账.xlsx --reason 第二次会商会调整完成时限
    ```
    """
    from huishang.exchange.columns import parse_maps
    from huishang.exchange.importer import Options, import_sheets
    from huishang.git import repo as gitrepo
    from huishang.output.escape import terminal

    chosen_maps = parse_maps(maps or [])
    with ledger_lock(repo):
        session = open_session(repo, today, lang)
        refuse_sourced(session, meeting)
        options = Options(meeting=meeting, today=session.today, lang=session.lang, date=date,
                          reason=reason, sheet=sheet, maps=chosen_maps,
                          create_aspects=create_aspects)
        outcome = import_sheets(session.ledger, files, options)
        if fmt is CheckFormat.json:
            _json(outcome, session.lang, dry_run)
        else:
            _text(outcome, session.lang, dry_run)
        if outcome.problems:
            raise typer.Exit(1)
        if not outcome.rows and fmt is CheckFormat.text:
            sys.stderr.write(say("import.nothing") + "\n")
        if dry_run:
            if fmt is CheckFormat.text:
                sys.stderr.write(say("import.dry_run") + "\n")
            return
        from huishang.edit import changes

        changes.write_all(outcome.changes)
        if commit and outcome.changes:
            names = say("sep.list").join(terminal(f.name) for f in files)
            message = say("commit.import", file=names, new=outcome.count("new"),
                          update=outcome.count("update"))
            sha = gitrepo.commit(session.ledger.root, [c.rel for c in outcome.changes],
                                 message)
            sys.stderr.write(say("write.committed", sha=sha, message=message) + "\n")


def _text(outcome: Outcome, lang: str, dry_run: bool) -> None:
    from huishang.messages import msg
    from huishang.output.escape import terminal
    from huishang.output.problem_formats import problems_text

    err = sys.stderr
    for file, sheet, ignored in outcome.sources:
        err.write(terminal(msg("import.sheet", lang, file=file, sheet=sheet or "-")) + "\n")
        if ignored:
            columns = msg("sep.list", lang).join(f"{name}{msg('paren', lang, text=letter)}"
                                                 for name, letter in ignored)
            err.write(terminal(msg("import.ignored", lang, columns=columns)) + "\n")
    if outcome.hidden:
        err.write(terminal(msg("import.hidden_skipped", lang, sheets=list(outcome.hidden)))
                  + "\n")
    if outcome.problems:
        err.write(problems_text(outcome.problems, lang,
                                msg("import.refused", lang, n=len(outcome.problems))))
        for hint in sorted(outcome.hints):
            err.write(msg(hint, lang) + "\n")
        return
    for meeting, key, title in outcome.aspects:
        sys.stdout.write(terminal(msg("import.aspect_added", lang, meeting=meeting, key=key,
                                      title=title)) + "\n")
    for row in outcome.rows:
        if row.action == "same":
            continue
        what = msg(f"import.row_{row.action}", lang)
        if row.summary:
            what += msg("sep.colon", lang) + msg("sep.items", lang).join(row.summary)
        where = row.cell + "".join(msg("paren", lang, text=msg("import.merged", lang, cell=c))
                                   for c in row.merged)
        sys.stdout.write(terminal(f"{row.item_id}  {what}  {where}") + "\n")
        if dry_run:  # how each value was read, for the clerk to check before writing
            prefix = row.cell.rsplit("!", 1)[0] + "!" if "!" in row.cell else ""
            for reading in row.readings:
                sys.stdout.write(terminal(msg(
                    "import.reading", lang, cell=reading.cell.removeprefix(prefix),
                    field=reading.field, text=reading.text.replace("\n", " "),
                    value=reading.value if reading.how is None else msg(
                        f"import.read_{reading.how}", lang, date=reading.value))) + "\n")
        for entry in () if dry_run else row.defaulted:  # a dry run's readings say it
            sys.stdout.write(terminal("  " + msg("import.progress_defaulted", lang,
                                                  date=str(entry.date),
                                                  note=entry.line.replace("\n", " "))) + "\n")
    sys.stdout.write(msg("import.summary", lang, new=outcome.count("new"),
                         update=outcome.count("update"), same=outcome.count("same")) + "\n")


def _json(outcome: Outcome, lang: str, dry_run: bool) -> None:
    from huishang.output.formats import emit_json
    from huishang.output.problem_formats import problems_json

    rows = [{"cell": r.cell, "id": r.item_id, "action": r.action, "changes": list(r.summary),
             "undated": [{"date": str(e.date), "note": e.note} for e in r.defaulted],
             "merged": list(r.merged),
             "readings": [{"cell": g.cell, "field": g.field, "text": g.text, "value": g.value,
                           "how": g.how} for g in r.readings]}
            for r in outcome.rows]
    aspects = [{"meeting": m, "key": k, "title": t} for m, k, t in outcome.aspects]
    emit_json(problems_json(outcome.problems, lang, file=outcome.file, sheet=outcome.sheet,
                            files=[{"file": f, "sheet": s} for f, s, _ in outcome.sources],
                            aspects=aspects if not outcome.problems else [],
                            hidden_sheets=list(outcome.hidden), dry_run=dry_run,
                            rows=rows if not outcome.problems else [],
                            paths=[c.rel for c in outcome.changes]
                            if not outcome.problems else []))
