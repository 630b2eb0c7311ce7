"""The `huishang` command line: each module parses options, calls the core, hands results to a
renderer and exits with a code.

A run imports only the module of the command it runs (a warm `list` is timed in tens of
milliseconds, and building every command's options costs a good share of that); help, a
mistyped command and `load()` get every command.
"""

from __future__ import annotations

import gc
import importlib
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import typer

# Each command and the module that defines it; a test checks this against the app.
COMMANDS = {
    "validate": "check", "schema": "check",
    "list": "views", "warnings": "views", "progress": "views", "show": "views",
    "init": "write", "new": "write", "update": "write", "correct": "write",
    "import": "exchange",
    "history": "audit", "log": "audit", "check": "audit",
    "bulletin": "reports", "review": "reports", "notice": "reports", "export": "reports",
    "site": "reports", "sync": "rollup", "doctor": "doctor",
    "score": "score", "remind": "remind", "unit": "registry",
}


def load(command: str | None = None) -> typer.Typer:
    """The app with `command` registered, or with every command when it is None or unknown."""
    from huishang.cli.app import app

    wanted = [COMMANDS[command]] if command in COMMANDS else sorted(set(COMMANDS.values()))
    for module in wanted:
        importlib.import_module(f"huishang.cli.{module}")
    return app


def _command(argv: list[str]) -> str | None:
    """The command named first on the command line; None when a top-level option (help,
    version) comes first, as then the whole app may be shown."""
    return argv[0] if argv and not argv[0].startswith("-") else None


def main() -> None:
    # A run builds many small objects and few cycles, and exits within seconds: collecting
    # every 700 allocations (the default) took a tenth of a warm `list`.
    gc.set_threshold(100_000, 50, 100)
    from huishang.cli.context import lift_run_options
    from huishang.cli.warm import serve

    argv = lift_run_options(sys.argv[1:])
    if not serve(argv):
        load(_command(argv))(prog_name="huishang")


__all__ = ["COMMANDS", "load", "main"]
