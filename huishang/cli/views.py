"""Commands that show the ledger: list, warnings, progress, show."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from huishang.cli.app import app
from huishang.cli.context import CheckFormat, Lang
from huishang.cli.filtering import filter_options
from huishang.cli.options import (
    ByChoice,
    FormatOpt,
    ItemIdArg,
    LangOpt,
    LevelChoice,
    NoCacheOpt,
    PagerOpt,
    RepoOpt,
    Session,
    SortChoice,
    TextFormatOpt,
    TodayOpt,
    ViewFormat,
    note_problems,
    open_session,
    use_cache,
)
from huishang.errors import HuishangError
from huishang.views.filters import NO_FILTERS, Given, resolve

if TYPE_CHECKING:
    from huishang.output.table import Sheet
    from huishang.views.query import Row


@app.command("list")
@filter_options()
def list_items(
    filters: Given = NO_FILTERS,
    sort: Annotated[SortChoice, typer.Option("--sort", help="排序 Sort by; undated and "
                                             "finished items come last.")] = SortChoice.due,
    fmt: FormatOpt = ViewFormat.table,
    columns: Annotated[str | None, typer.Option(
        "--columns", help="CSV 的列，逗号分隔（键名或表头），如 id,title,due,overdue_days,progress "
        "Columns of the CSV: keys or headers, comma-separated.", show_default=False)] = None,
    exit_code: Annotated[bool, typer.Option(
        "--exit-code", help="有事项列出时以 1 退出（供定时任务、CI 使用） Exit 1 when anything "
        "is listed, for cron and CI.")] = False,
    pager: PagerOpt = True,
    no_cache: NoCacheOpt = False,
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
    huishang list --overdue --format csv --columns id,title,lead,due,overdue_days,progress
    huishang list --overdue --today 2024-06-30 --format json
    huishang list --overdue --exit-code > /dev/null || echo 有逾期事项
    huishang list --overdue --source xj
    ```

    CSV is data: dates as YYYY-MM-DD, days overdue and days left as numbers.
    """
    from huishang.views.query import select, sort_rows
    from huishang.views.sheets import list_sheet

    if columns is not None and fmt is not ViewFormat.csv:
        raise HuishangError("option.columns_csv", exit_code=2)
    source = list(filters.source) or None
    session = open_session(repo, today, lang, "facts", no_cache=no_cache, only=source)
    chosen = resolve(session.facts, filters, session.lang)
    found = sort_rows(select(session.facts, session.today, chosen), sort.value)
    if fmt is ViewFormat.csv:
        _list_csv(session, found, columns, repo, source)
    else:
        _emit_rows(session, found, fmt, pager, list_sheet,
                   title="overdue_title" if filters.overdue else "items_title",
                   empty="no_overdue" if filters.overdue else "no_items")
    if exit_code and found:
        raise typer.Exit(1)


def _list_csv(session: Session, found: list[Row], columns: str | None,
              repo: Path | None, source: list[str] | None) -> None:
    """The list as CSV data; the columns that need more than the view index holds (the
    latest progress, evidence) are read from the files."""
    import sys

    from huishang.output.formats import data_csv
    from huishang.views.item_columns import choose, needs_records, values

    note_problems(session)
    chosen = choose(columns, "csv")
    if needs_records(chosen):
        ledger = open_session(repo, session.today, Lang(session.lang), span=True,
                              only=source, notes=False).ledger
        entries = {e.path: e for e in ledger.items}
        found = [r._replace(entry=entries[r.facts.path]) for r in found
                 if r.facts.path in entries]
    sys.stdout.write(data_csv([c.header(session.lang) for c in chosen],
                              (values(r, chosen, session.lang) for r in found)))


def _emit_rows(session: Session, found: list[Row], fmt: ViewFormat, pager: bool,
               sheet: Callable[[list[Row], str, str], Sheet], *, title: str,
               empty: str) -> None:
    """Print item rows as a sheet (or JSON records); an empty table is a sentence."""
    from huishang.messages import msg
    from huishang.output.formats import emit
    from huishang.views.item_columns import item_json

    note_problems(session)
    when = session.today.isoformat()
    if not found and fmt is ViewFormat.table:
        typer.echo(msg(empty, session.lang, today=when))
        return
    emit(sheet(found, session.lang, msg(title, session.lang, today=when)), fmt.value,
         lambda: {"today": when, "items": [item_json(r) for r in found]}, pager=pager)


@app.command()
@filter_options("warning", "lead", "unit", "meeting", "level", "source")
def warnings(
    filters: Given = NO_FILTERS,
    fmt: FormatOpt = ViewFormat.table,
    pager: PagerOpt = True,
    no_cache: NoCacheOpt = False,
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
    from huishang.views.query import select
    from huishang.views.sheets import warned, warnings_sheet

    session = open_session(repo, today, lang, "facts", no_cache=no_cache,
                           only=list(filters.source) or None)
    chosen = resolve(session.facts, filters, session.lang)
    found = warned(select(session.facts, session.today, chosen))
    _emit_rows(session, found, fmt, pager,
               warnings_sheet,
               title="warnings_title",
               empty="no_warnings")


@app.command()
@filter_options("lead", "unit", "meeting", "level", "source")
def progress(
    by: Annotated[ByChoice, typer.Option("--by", help="分组 Group by.")] = ByChoice.meeting,
    filters: Given = NO_FILTERS,
    rollup_units: Annotated[LevelChoice | None, typer.Option(
        "--rollup-units", metavar="LEVEL", help="按上级单位汇总：各单位计入其该层级的上级"
        "（units.yaml 的 parent）Count each unit under its ancestor at this level (by "
        "`parent` in units.yaml), e.g. provincial: a city's court counts under its "
        "province's; with --by lead or --by unit.", show_default=False)] = None,
    fmt: FormatOpt = ViewFormat.table,
    pager: PagerOpt = True,
    no_cache: NoCacheOpt = False,
    repo: RepoOpt = None,
    today: TodayOpt = None,
    lang: LangOpt = None,
) -> None:
    """落实进度表 Progress per meeting, aspect, lead unit, unit, owner, level or source.

    Counts items by status, overdue and warning colour; % done leaves cancelled items out.
    With `--by unit` an item counts for its lead and each partner, and with `--by lead` a
    joint item (共同牵头) counts for each of its leads, so the totals row counts each item
    once (a note under the table says how many count more than once).

    **Examples**

    ```
    huishang progress
    huishang progress --by lead
    huishang progress --by unit --level provincial --format csv > 进度.csv
    huishang progress --by source
    huishang progress --by unit --rollup-units provincial
    ```
    """
    from huishang.messages import msg
    from huishang.output.formats import emit
    from huishang.views.progress import order, tally
    from huishang.views.query import select
    from huishang.views.sheets import progress_sheet, tally_json

    if rollup_units is not None and by.value not in ("lead", "unit"):
        raise HuishangError("option.rollup_units_by", exit_code=2)
    session = open_session(repo, today, lang, "facts", no_cache=no_cache,
                           only=list(filters.source) or None)
    chosen = resolve(session.facts, filters, session.lang)
    view = session.facts
    rollup: Callable[[str], str] | None = None
    if rollup_units is not None:
        rollup = functools.partial(view.rolled_up, level=rollup_units.value)
    groups, total = tally(select(view, session.today, chosen), by.value, rollup)
    groups = order(groups, by.value)
    note_problems(session)
    when = session.today.isoformat()
    title = msg("progress_title", session.lang, today=when)
    sheet = progress_sheet(groups, total, by.value, session.lang, title)
    emit(sheet, fmt.value,
         {"today": when, "by": by.value, "groups": [tally_json(t) for t in groups],
          "total": tally_json(total), "items_in_several_groups": total.shared}, pager=pager)


@app.command()
def show(
    item_id: ItemIdArg,
    fmt: TextFormatOpt = CheckFormat.text,
    repo: RepoOpt = None,
    today: TodayOpt = None,
    lang: LangOpt = None,
) -> None:
    """查看事项详情 Show one item in full, with its progress updates as a timeline.

    **Examples**

    ```
    huishang show 2023-06-12-fa-jian-01
    huishang show fa-jian-01 --format json
    huishang show xj:2023-12-14-xj-fa-jian-03
    ```
    """
    from huishang.cli.context import ledger_root
    from huishang.cli.warm import detail_text
    from huishang.store.door import keep_shown
    from huishang.views.detail import detail_of
    from huishang.views.facts import facts_of
    from huishang.views.query import find

    keep = keep_shown(ledger_root(repo), item_id) if use_cache(False) else None
    session = open_session(repo, today, lang, "item", item=item_id, span=True)
    entry = find(session.ledger, item_id)
    detail = detail_of(session.ledger, facts_of(session.ledger, entry), entry.record)
    if keep is not None:
        keep(detail)
    sys.stdout.write(detail_text(detail, session.today, session.lang,
                                 as_json=fmt is CheckFormat.json, out=sys.stdout))
