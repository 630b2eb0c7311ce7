"""The `huishang` command line: parse options, call the core, hand results to a renderer."""

from __future__ import annotations

import datetime as dt
import os
import sys
import traceback
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup
from typer.exceptions import TyperException

from huishang import __version__
from huishang.errors import HuishangError


class _Group(TyperGroup):
    """The one place where expected errors become messages (exit 1 or 2) and bugs exit 3."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, TyperException):  # usage errors and exits: typer's own
            raise
        except BrokenPipeError:  # `huishang list | head`: the reader left, nothing is wrong
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(0)
        except HuishangError as exc:
            sys.stderr.write(f"huishang: {exc.message}\n")
            ctx.exit(exc.exit_code)
        except Exception as exc:  # a bug in huishang, not the user's mistake
            if os.environ.get("HUISHANG_DEBUG"):
                traceback.print_exc()
            sys.stderr.write(
                f"huishang: 内部错误 internal error: {type(exc).__name__}: {exc}\n"
                "请报告此问题 (set HUISHANG_DEBUG=1 for details and please report it).\n"
            )
            ctx.exit(3)


app = typer.Typer(
    cls=_Group,
    name="huishang",
    help="会商事项台账：跟踪会商会议定事项的落实情况。\n\n"
    "Track the items agreed at consultation meetings (会商会), kept as YAML files in git.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
)


class Lang(StrEnum):
    zh = "zh"
    en = "en"


class CheckFormat(StrEnum):
    text = "text"
    json = "json"


class ListFormat(StrEnum):
    table = "table"
    json = "json"


def _parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value) if len(value) == 10 else _bad_date(value)
    except ValueError:
        return _bad_date(value)


def _bad_date(value: str) -> dt.date:
    raise typer.BadParameter(f"“{value}”不是 YYYY-MM-DD 格式的日期 (expected YYYY-MM-DD)")


RepoOpt = Annotated[
    Path | None,
    typer.Option("--repo", help="台账仓库目录 The ledger repository (default: found by walking "
                 "up from the current folder, like git).", show_default=False),
]
TodayOpt = Annotated[
    dt.date | None,
    typer.Option("--today", metavar="YYYY-MM-DD", parser=_parse_date,
                 help="以此日期为今天 Take this date as today (default: today in the repo's "
                 "time zone).", show_default=False),
]
LangOpt = Annotated[
    Lang | None,
    typer.Option("--lang", help="标签语言 Language of labels and messages (default: `lang` in "
                 "huishang.yaml, else zh).", show_default=False),
]


@dataclass(frozen=True)
class Session:
    """What every command needs: the loaded ledger, today's date and the language."""

    ledger: Any  # huishang.ledger.Ledger, imported lazily
    today: dt.date
    lang: str


def open_ledger(repo: Path | None, today: dt.date | None, lang: Lang | None) -> Session:
    from huishang.ledger import find_root, load_ledger

    root = repo.resolve() if repo is not None else find_root(Path.cwd())
    if not root.is_dir():
        raise HuishangError(f"台账目录不存在 no such folder: {root}", exit_code=2)
    ledger = load_ledger(root)
    if today is None:
        from zoneinfo import ZoneInfo

        # The only place that reads the clock: the core always receives `today`.
        today = dt.datetime.now(ZoneInfo(ledger.settings.timezone)).date()
    return Session(ledger, today, lang.value if lang else ledger.settings.lang)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"huishang {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="显示版本 Show the version and exit.")] = False,
) -> None:
    """会商事项台账 huishang: track the items agreed at consultation meetings."""


@app.command()
def validate(
    paths: Annotated[list[Path] | None, typer.Argument(
        help="只报告这些文件或目录中的问题 Report only problems in these files or folders "
        "(the whole ledger is always loaded, for cross-file rules).", show_default=False)] = None,
    repo: RepoOpt = None,
    today: TodayOpt = None,
    lang: LangOpt = None,
    fmt: Annotated[CheckFormat, typer.Option("--format", help="输出格式 Output format.")] = (
        CheckFormat.text
    ),
) -> None:
    """校验整个台账 Check every file of the ledger and report all problems at once.

    Each problem is printed as `path:line:column: field: message`.
    Exit status: 0 no problems, 1 problems found, 2 usage error.

    **Examples**

    ```
    huishang validate
    huishang validate items/2023-06-12-fa-jian
    huishang validate --format json --lang en
    ```
    """
    from huishang.messages import label
    from huishang.render import emit_json, problems_json, problems_text
    from huishang.scope import restrict

    session = open_ledger(repo, today, lang)
    ledger = session.ledger
    problems = ledger.problems
    if paths:
        problems = restrict(problems, paths, ledger.root, Path.cwd())
    errors = sum(p.severity == "error" for p in problems)
    if fmt is CheckFormat.json:
        emit_json(problems_json(problems, session.lang, meetings=len(ledger.meetings),
                                items=len(ledger.items)))
    elif problems:
        summary = label("invalid", session.lang, errors=errors,
                        warnings=len(problems) - errors, files=len({p.path for p in problems}))
        sys.stdout.write(problems_text(problems, session.lang, summary))
    else:
        typer.echo(label("valid", session.lang, meetings=len(ledger.meetings),
                         items=len(ledger.items)))
    raise typer.Exit(1 if errors else 0)


class ViewFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class StatusChoice(StrEnum):
    planned = "planned"
    in_progress = "in_progress"
    blocked = "blocked"
    done = "done"
    cancelled = "cancelled"


class ColourChoice(StrEnum):
    red = "red"
    orange = "orange"
    yellow = "yellow"


class LevelChoice(StrEnum):
    national = "national"
    provincial = "provincial"
    municipal = "municipal"
    county = "county"


class SortChoice(StrEnum):
    due = "due"
    id = "id"
    lead = "lead"
    overdue = "overdue"


class ByChoice(StrEnum):
    meeting = "meeting"
    aspect = "aspect"
    lead = "lead"
    unit = "unit"
    owner = "owner"
    level = "level"


FormatOpt = Annotated[ViewFormat, typer.Option(
    "--format", help="输出格式 Output format: a table for people, json for scripts, csv for "
    "spreadsheets (UTF-8 with BOM), markdown for documents.")]
PagerOpt = Annotated[bool, typer.Option(
    "--pager/--no-pager", help="终端中长表格分页 Page tables taller than the terminal.")]
LeadOpt = Annotated[str | None, typer.Option(
    "--lead", help="牵头单位（全称或简称）Lead unit, full or short name.", show_default=False)]
PartnerOpt = Annotated[str | None, typer.Option(
    "--partner", help="配合单位 Partner unit.", show_default=False)]
UnitOpt = Annotated[str | None, typer.Option(
    "--unit", help="牵头或配合单位 Lead or partner unit.", show_default=False)]
OwnerOpt = Annotated[str | None, typer.Option(
    "--owner", help="责任人或责任部门 Owner person or division.", show_default=False)]
MeetingOpt = Annotated[str | None, typer.Option(
    "--meeting", help="会议编号 Meeting id.", show_default=False)]
AspectOpt = Annotated[str | None, typer.Option(
    "--aspect", help="方面编号 Aspect key, e.g. A1.", show_default=False)]
StatusOpt = Annotated[list[StatusChoice] | None, typer.Option(
    "--status", metavar="STATUS", help="状态（可重复）Status; repeat for several.",
    show_default=False)]
WarningOpt = Annotated[list[ColourChoice] | None, typer.Option(
    "--warning", metavar="COLOUR", help="预警颜色（可重复）Warning colour; repeat for several.",
    show_default=False)]
DueWithinOpt = Annotated[str | None, typer.Option(
    "--due-within", metavar="DAYS", help="今后 N 天内到期（含已逾期）Open items due within "
    "N days, overdue ones included: 14d, 2w.", show_default=False)]
LevelOpt = Annotated[list[LevelChoice] | None, typer.Option(
    "--level", metavar="LEVEL", help="会议层级（可重复）Level of the meeting; repeat for several.",
    show_default=False)]


def _conditions(session: Session, *, overdue: bool = False, lead: str | None = None,
                partner: str | None = None, unit: str | None = None, owner: str | None = None,
                meeting: str | None = None, aspect: str | None = None,
                status: list[StatusChoice] | None = None,
                warning: list[ColourChoice] | None = None, due_within: str | None = None,
                level: list[LevelChoice] | None = None) -> Any:
    from huishang.query import Filter, canonical, parse_days

    ledger = session.ledger

    def unit_name(name: str | None) -> str | None:
        return canonical(ledger, name) if name is not None else None

    return Filter(
        overdue=overdue, lead=unit_name(lead), partner=unit_name(partner),
        unit=unit_name(unit), owner=owner, meeting=meeting, aspect=aspect,
        statuses=tuple(s.value for s in status or ()),
        warnings=tuple(w.value for w in warning or ()),
        due_within=parse_days(due_within) if due_within is not None else None,
        levels=tuple(lv.value for lv in level or ()),
    )


@app.command("list")
def list_items(
    overdue: Annotated[bool, typer.Option("--overdue", help="只列逾期事项 Only overdue items: "
                                          "not done or cancelled, due before today.")] = False,
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
    sort: Annotated[SortChoice, typer.Option("--sort", help="排序 Sort by; undated and "
                                             "finished items come last.")] = SortChoice.due,
    fmt: FormatOpt = ViewFormat.table,
    pager: PagerOpt = True,
    repo: RepoOpt = None,
    today: TodayOpt = None,
    lang: LangOpt = None,
) -> None:
    """列出台账事项 List the items of the ledger (台账), with filters that combine.

    **Examples**

    ```
    huishang list --overdue
    huishang list --lead 最高法 --status in_progress --status blocked
    huishang list --due-within 14d --sort due
    huishang list --warning red --format csv > red.csv
    huishang list --overdue --today 2024-06-30 --format json
    ```
    """
    from huishang.messages import label
    from huishang.query import rows, select, sort_rows
    from huishang.render import emit
    from huishang.views import list_sheet, row_json

    session = open_ledger(repo, today, lang)
    conditions = _conditions(session, overdue=overdue, lead=lead, partner=partner, unit=unit,
                             owner=owner, meeting=meeting, aspect=aspect, status=status,
                             warning=warning, due_within=due_within, level=level)
    found = sort_rows(select(rows(session.ledger, session.today), conditions), sort.value)
    _note_problems(session)
    when = session.today.isoformat()
    if not found and fmt is ViewFormat.table:
        typer.echo(label("no_overdue" if overdue else "no_items", session.lang, today=when))
        return
    title = label("overdue_title" if overdue else "items_title", session.lang, today=when)
    emit(list_sheet(found, session.lang, title), fmt.value,
         {"today": when, "items": [row_json(r) for r in found]}, pager=pager)


@app.command()
def warnings(
    warning: WarningOpt = None,
    lead: LeadOpt = None,
    unit: UnitOpt = None,
    meeting: MeetingOpt = None,
    level: LevelOpt = None,
    fmt: FormatOpt = ViewFormat.table,
    pager: PagerOpt = True,
    repo: RepoOpt = None,
    today: TodayOpt = None,
    lang: LangOpt = None,
) -> None:
    """三色预警 List the red, orange and yellow warnings, grouped by colour and lead unit.

    Red: overdue by more than 30 days, or overdue with no update for 60 days.
    Orange: overdue, or in progress or blocked with no update for 60 days.
    Yellow: due within 14 days. The thresholds are set under `warnings:` in huishang.yaml.

    **Examples**

    ```
    huishang warnings
    huishang warnings --warning red --unit 最高检
    huishang warnings --format markdown > 预警.md
    ```
    """
    from huishang.messages import label
    from huishang.query import rows, select
    from huishang.render import emit
    from huishang.views import row_json, warned, warnings_sheet

    session = open_ledger(repo, today, lang)
    conditions = _conditions(session, warning=warning, lead=lead, unit=unit, meeting=meeting,
                             level=level)
    found = warned(select(rows(session.ledger, session.today), conditions))
    _note_problems(session)
    when = session.today.isoformat()
    if not found and fmt is ViewFormat.table:
        typer.echo(label("no_warnings", session.lang, today=when))
        return
    title = label("warnings_title", session.lang, today=when)
    emit(warnings_sheet(found, session.lang, title), fmt.value,
         {"today": when, "items": [row_json(r) for r in found]}, pager=pager)


@app.command()
def progress(
    by: Annotated[ByChoice, typer.Option("--by", help="分组 Group by.")] = ByChoice.meeting,
    lead: LeadOpt = None,
    unit: UnitOpt = None,
    meeting: MeetingOpt = None,
    level: LevelOpt = None,
    fmt: FormatOpt = ViewFormat.table,
    pager: PagerOpt = True,
    repo: RepoOpt = None,
    today: TodayOpt = None,
    lang: LangOpt = None,
) -> None:
    """落实进度表 Progress per meeting, aspect, lead unit, unit, owner or level.

    Counts items by status, overdue and warning colour; % done leaves cancelled items out.
    With `--by unit` an item counts for its lead and each partner, so the totals row counts
    each item once.

    **Examples**

    ```
    huishang progress
    huishang progress --by lead
    huishang progress --by unit --level provincial --format csv > 进度.csv
    ```
    """
    from huishang.messages import label
    from huishang.progress import order, tally
    from huishang.query import rows, select
    from huishang.render import emit
    from huishang.views import progress_sheet, tally_json

    session = open_ledger(repo, today, lang)
    conditions = _conditions(session, lead=lead, unit=unit, meeting=meeting, level=level)
    groups, total = tally(select(rows(session.ledger, session.today), conditions), by.value)
    groups = order(groups, by.value)
    _note_problems(session)
    when = session.today.isoformat()
    title = label("progress_title", session.lang, today=when)
    emit(progress_sheet(groups, total, by.value, session.lang, title), fmt.value,
         {"today": when, "by": by.value, "groups": [tally_json(t) for t in groups],
          "total": tally_json(total)}, pager=pager)


@app.command()
def show(
    item_id: Annotated[str, typer.Argument(metavar="ID", help="事项编号，或其唯一的末段 The item "
                                           "id, or a unique ending of it such as fa-jian-01.")],
    fmt: Annotated[CheckFormat, typer.Option("--format", help="输出格式 Output format.")] = (
        CheckFormat.text
    ),
    repo: RepoOpt = None,
    today: TodayOpt = None,
    lang: LangOpt = None,
) -> None:
    """查看事项详情 Show one item in full, with its progress updates as a timeline.

    **Examples**

    ```
    huishang show 2023-06-12-fa-jian-01
    huishang show fa-jian-01 --format json
    ```
    """
    from huishang.messages import label
    from huishang.query import find, rows
    from huishang.render import detail, emit_json
    from huishang.render import show as print_view
    from huishang.views import detail_fields, detail_json, timeline

    session = open_ledger(repo, today, lang)
    entry = find(session.ledger, item_id)
    row = next(r for r in rows(session.ledger, session.today) if r.entry is entry)
    if fmt is CheckFormat.json:
        emit_json({"today": session.today.isoformat(), "item": detail_json(row)})
        return
    print_view(detail(f"{row.item.id}  {row.item.title}", detail_fields(row, session.lang),
                      label("updates", session.lang), timeline(row, session.lang)))


@app.command()
def schema(
    output: Annotated[Path | None, typer.Option("--output", help="写入目录 Folder to write "
                                                "(default: schemas/ in the ledger).",
                                                show_default=False)] = None,
    check: Annotated[bool, typer.Option("--check", help="只检查是否过期 Only check that the "
                                        "files are up to date; exit 1 if not.")] = False,
    repo: RepoOpt = None,
    today: TodayOpt = None,
) -> None:
    """生成 JSON Schema 文件 Write the JSON Schema files generated from the models.

    Editors use them through the modeline
    `# yaml-language-server: $schema=../../schemas/item.schema.json`.

    **Examples**

    ```
    huishang schema
    huishang schema --check
    ```
    """
    from huishang import schema as schemas
    from huishang.ledger import find_root

    del today  # accepted like everywhere; schemas do not depend on the date
    root = repo.resolve() if repo is not None else find_root(Path.cwd())
    folder = output if output is not None else root / schemas.SCHEMA_DIR
    if check:
        outdated = schemas.stale(folder)
        for name in outdated:
            typer.echo(f"{folder / name}: 与模型不一致，请运行 huishang schema "
                       f"(out of date; run huishang schema)")
        raise typer.Exit(1 if outdated else 0)
    for name in schemas.write(folder):
        typer.echo(f"wrote {folder / name}")


def _note_problems(session: Session) -> None:
    from huishang.messages import label

    errors = session.ledger.errors
    if errors:
        sys.stderr.write(label("ledger_has_problems", session.lang, n=len(errors)) + "\n")


def main() -> None:
    app(prog_name="huishang")
