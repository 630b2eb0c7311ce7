"""Commands that read git as the audit trail: history, log, check."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Annotated

import typer

from huishang.cli.app import app
from huishang.cli.context import CheckFormat, ledger_root
from huishang.cli.options import (
    ItemIdArg,
    LangOpt,
    RepoOpt,
    ReportFormatOpt,
    SourceOpt,
    TextFormatOpt,
    TodayOpt,
    open_session,
    parse_date,
    report_problems,
)


@app.command()
def history(
    item_id: ItemIdArg,
    fmt: TextFormatOpt = CheckFormat.text,
    repo: RepoOpt = None,
    today: TodayOpt = None,
    lang: LangOpt = None,
) -> None:
    """事项变更记录 The item's life from git: every commit that touched its file (renames
    followed), with date, author, commit and what changed, in words.

    **Examples**

    ```
    huishang history 2023-06-12-fa-jian-01
    huishang history fa-jian-01 --format json
    huishang history xj:2023-12-14-xj-fa-jian-03
    ```
    """
    from huishang.git.history import trail_of
    from huishang.messages import msg
    from huishang.output.formats import emit_json
    from huishang.views.query import find
    from huishang.views.sheets import step_json, step_lines

    session = open_session(repo, today, lang, "item", item=item_id, span=True)
    entry = find(session.ledger, item_id)
    found = trail_of(session.ledger, entry.path)
    if fmt is CheckFormat.json:
        emit_json({"item": entry.record.id, "path": entry.path, "shallow": found.shallow,
                   "commits": [step_json(s) for s in found.steps]})
        return
    typer.echo(f"{entry.record.id}  {entry.record.title}")
    if found.shallow:
        typer.echo(msg("shallow", session.lang))
    if not found.steps:
        typer.echo(msg("no_history", session.lang, path=entry.path))
    for step in found.steps:
        typer.echo("\n".join(step_lines(step, session.lang)))


@app.command()
def log(
    since: Annotated[dt.date, typer.Option("--since", metavar="YYYY-MM-DD", parser=parse_date,
                                           help="起始日期（含）From this day on.")],
    until: Annotated[dt.date | None, typer.Option(
        "--until", metavar="YYYY-MM-DD", parser=parse_date, show_default=False,
        help="截止日期（含）Up to and including this day (default: today).")] = None,
    source: SourceOpt = None,
    fmt: TextFormatOpt = CheckFormat.text,
    repo: RepoOpt = None,
    today: TodayOpt = None,
    lang: LangOpt = None,
) -> None:
    """台账变更日志 Every change to the ledger in a period, grouped by item: new and closed
    items, deadline moves, status changes, updates, and who made them.

    **Examples**

    ```
    huishang log --since 2024-06-01 --until 2024-06-30
    huishang log --since 2024-06-01 --format json
    ```
    """
    from huishang.git.history import period_of
    from huishang.messages import msg
    from huishang.output.formats import emit_json
    from huishang.views.sheets import step_json, step_lines

    session = open_session(repo, today, lang, "settings", only=source)
    end = until or session.today
    grouped, shallow = period_of(session.ledger, since, end)
    if source:  # only the sources named: the ledger's own changes are left out too
        from huishang.ledger.layout import split_source

        grouped = {k: v for k, v in grouped.items() if split_source(k)[0] in source}
    if fmt is CheckFormat.json:
        emit_json({"since": since.isoformat(), "until": end.isoformat(), "shallow": shallow,
                   "items": {k: [step_json(s) for s in v] for k, v in grouped.items()}})
        return
    if shallow:
        typer.echo(msg("shallow", session.lang))
    if not grouped:
        typer.echo(msg("no_changes", session.lang, since=since.isoformat(),
                         until=end.isoformat()))
    lines = []  # written at once: a year's log has tens of thousands of lines
    for item_id in sorted(grouped):
        steps = grouped[item_id]
        lines.append(f"{item_id}  ({msg('changes_count', session.lang, n=len(steps))})")
        for step in steps:
            lines += ["  " + line for line in step_lines(step, session.lang)]
    if lines:
        typer.echo("\n".join(lines))


@app.command()
def check(
    base: Annotated[str, typer.Option("--base", metavar="REV", help="对比的基准版本，如 "
                                      "origin/main The revision the change starts from.")],
    fmt: ReportFormatOpt = None,
    repo: RepoOpt = None,
    today: TodayOpt = None,
    lang: LangOpt = None,
) -> None:
    """审核变更 Check a change (a pull request): the ledger must be valid, and the change
    from REV must follow the rules of the process.

    Items are never deleted or renamed (cancel them instead); past updates are
    append-only; a deadline moves only with a new update giving the reason; reopening a
    done item needs one too; new updates may not be dated after today or before the
    meeting; with `ownership` set in huishang.yaml, changes to a unit's items by someone
    who is not among its maintainers are reported.

    **Examples**

    ```
    huishang check --base origin/main
    huishang check --base HEAD~3 --format json
    ```
    """
    from huishang.git.change import change_since
    from huishang.git.rules import check_change
    from huishang.ledger.problems import sort_key
    from huishang.messages import msg

    if base.startswith("-"):
        raise typer.BadParameter("a revision cannot start with '-'", param_hint="--base")
    # every file's problems, but the records only of the files the change touched
    change = change_since(ledger_root(repo), base)
    session = open_session(repo, today, lang, lean=change.scope)
    problems = sorted(check_change(session.ledger, change, session.today), key=sort_key)
    code = report_problems(problems, fmt, session.lang, msg("check_ok", session.lang))
    sys.stdout.flush()
    raise typer.Exit(code)
