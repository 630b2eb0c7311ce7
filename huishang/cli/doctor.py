"""`huishang doctor`: what this machine has and lacks, each missing piece with what to install."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from huishang.cli.app import Language, app, say
from huishang.cli.context import CheckFormat
from huishang.cli.options import (
    LangOpt,
    RepoOpt,
    TextFormatOpt,
    TodayOpt,
)
from huishang.errors import HuishangError


@app.command()
def doctor(
    repo: RepoOpt = None,
    today: TodayOpt = None,
    lang: LangOpt = None,
    fmt: TextFormatOpt = CheckFormat.text,
) -> None:
    """检查本机环境 Check this machine: Python, huishang and git versions, the 公文 fonts
    (and what documents use in place of a missing one), the console's encoding, the cache
    folder, the ledger's settings and its roll-up sources (local ones only; nothing is
    fetched). Exit status: 1 when something a command needs is missing (git, a writable
    cache folder, a readable ledger), each line saying what to install; 0 otherwise, also
    with warnings (missing fonts).

    **Examples**

    ```
    huishang doctor
    huishang doctor --repo 台账 --lang en
    huishang doctor --format json
    ```
    """
    from huishang.ledger.layout import find_root
    from huishang.output.terminal import is_terminal
    from huishang.reports.doctor import examine

    del today  # accepted as by every command; nothing here depends on the day
    if lang is not None:
        Language.use(lang.value)
    root = repo.resolve() if repo is not None else None  # a folder not there is a finding
    if root is None:
        try:
            root = find_root(Path.cwd())
        except HuishangError:
            root = None  # not inside a ledger: the machine is checked all the same
    encoding = sys.stdout.encoding if is_terminal(sys.stdout) else None
    findings = examine(root, encoding)
    missing = [f for f in findings if f.level == "missing"]
    if fmt is CheckFormat.json:
        from huishang.output.formats import emit_json

        emit_json({"ok": not missing, "checks": [
            {"check": f.check, "level": f.level, "rule": f.code,
             "message": say(f.code, **f.params), **f.params} for f in findings]})
    else:
        width = max(len(say(f"doctor.level.{level}")) for level in ("ok", "warning", "missing"))
        for f in findings:
            label = say(f"doctor.level.{f.level}")
            typer.echo(f"{label}{' ' * (width - len(label))}  {say(f.code, **f.params)}")
        warnings = sum(f.level == "warning" for f in findings)
        typer.echo(say("doctor.missing", n=len(missing)) if missing
                   else say("doctor.warnings", n=warnings) if warnings else say("doctor.ready"))
    raise typer.Exit(1 if missing else 0)
