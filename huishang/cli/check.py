"""Commands that check the ledger: validate, schema."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from huishang.cli.app import app, say
from huishang.cli.options import (
    LangOpt,
    NoCacheOpt,
    RepoOpt,
    ReportFormatOpt,
    TodayOpt,
    open_session,
    report_problems,
)


@app.command()
def validate(
    paths: Annotated[list[Path] | None, typer.Argument(
        help="只报告这些文件或目录中的问题 Report only problems in these files or folders "
        "(the whole ledger is always loaded, for cross-file rules).", show_default=False)] = None,
    no_cache: NoCacheOpt = False,
    repo: RepoOpt = None,
    today: TodayOpt = None,
    lang: LangOpt = None,
    fmt: ReportFormatOpt = None,
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
    from huishang.ledger.scope import restrict
    from huishang.messages import msg

    session = open_session(repo, today, lang, no_cache=no_cache)
    ledger = session.ledger
    problems = ledger.problems
    if ledger.settings.rollup:  # a unit the sources declare otherwise is named, not merged
        from huishang.ledger.problems import sort_key
        from huishang.rollup.span import in_view, unit_conflicts

        sources, _ = in_view(ledger.root, [s.name for s in ledger.settings.rollup],
                             session.today, ledger.settings.rollup_stale_days, session.lang)
        problems = sorted([*problems, *unit_conflicts(ledger, sources)], key=sort_key)
    if paths:
        problems = restrict(problems, paths, ledger.root, Path.cwd())
    ok = msg("valid", session.lang, meetings=len(ledger.meetings), items=len(ledger.items))
    raise typer.Exit(report_problems(problems, fmt, session.lang, ok,
                                     meetings=len(ledger.meetings), items=len(ledger.items)))


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
    from huishang.edit.schemas import write_schemas
    from huishang.ledger import schema as schemas
    from huishang.ledger.layout import find_root

    del today  # accepted like everywhere; schemas do not depend on the date
    root = repo.resolve() if repo is not None else find_root(Path.cwd())
    folder = output if output is not None else root / schemas.SCHEMA_DIR
    if check:
        outdated = schemas.stale(folder)
        for name in outdated:
            typer.echo(say("schema.stale", path=str(folder / name)))
        raise typer.Exit(1 if outdated else 0)
    for name in write_schemas(folder):
        typer.echo(say("write.wrote", path=str(folder / name)))
