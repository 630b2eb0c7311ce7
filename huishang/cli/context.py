"""Where and when a command runs, settled before any command is parsed (and before typer
is imported): the run options that may come before the command name, the ledger's
folder, the day, and the choices of language and text format."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path

from huishang.errors import HuishangError


class Lang(StrEnum):
    zh = "zh"
    en = "en"


class CheckFormat(StrEnum):
    text = "text"
    json = "json"


_LIFTED = ("--repo", "--lang", "--today")


def lift_run_options(argv: list[str]) -> list[str]:
    """`huishang --repo DIR list` as `huishang list --repo DIR`: like `git -C`, the ledger
    (and the language and day) may be given before the command; each command takes them
    as its own options."""
    lifted: list[str] = []
    rest = list(argv)
    while rest:
        name = rest[0].split("=", 1)[0]
        if name not in _LIFTED:
            break
        taken = 1 if "=" in rest[0] else 2
        lifted += rest[:taken]
        rest = rest[taken:]
    return rest + lifted


def ledger_root(repo: Path | None) -> Path:
    """The ledger's folder: --repo, else found by walking up from here, like git."""
    from huishang.ledger.layout import find_root

    root = repo.resolve() if repo is not None else find_root(Path.cwd())
    if not root.is_dir():
        raise HuishangError("repo.no_folder", exit_code=2, path=str(root))
    return root


def the_day(today: dt.date | None, timezone: str) -> dt.date:
    """`--today`, else today where the ledger is."""
    if today is not None:
        return today
    from zoneinfo import ZoneInfo

    # The only place that reads the clock: the core always receives `today`.
    return dt.datetime.now(ZoneInfo(timezone)).date()
