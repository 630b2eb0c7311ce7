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

        huishang validate
        huishang validate items/2023-06-12-fa-jian
        huishang validate --format json --lang en
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


@app.command("list")
def list_items(
    overdue: Annotated[bool, typer.Option("--overdue", help="只列逾期事项 Only overdue items: "
                                          "not done or cancelled, due before today.")] = False,
    repo: RepoOpt = None,
    today: TodayOpt = None,
    lang: LangOpt = None,
    fmt: Annotated[ListFormat, typer.Option("--format", help="输出格式 Output format.")] = (
        ListFormat.table
    ),
) -> None:
    """列出台账事项 List the items of the ledger (台账).

    **Examples**

        huishang list --overdue
        huishang list --overdue --today 2024-06-30 --format json
    """
    from huishang.messages import label
    from huishang.query import rows
    from huishang.render import emit_json, items_table, row_json, show

    session = open_ledger(repo, today, lang)
    found = rows(session.ledger, session.today, overdue=overdue)
    _note_problems(session)
    if fmt is ListFormat.json:
        emit_json({"today": session.today.isoformat(), "items": [row_json(r) for r in found]})
        return
    if not found:
        key = "no_overdue" if overdue else "no_items"
        typer.echo(label(key, session.lang, today=session.today.isoformat()))
        return
    title = label("overdue_title" if overdue else "items_title", session.lang,
                  today=session.today.isoformat())
    show(items_table(found, session.lang, title))


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

        huishang schema
        huishang schema --check
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
