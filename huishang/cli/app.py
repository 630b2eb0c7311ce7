"""The typer application, the one place where errors become exit codes, and `--version`."""

from __future__ import annotations

import os
import sys
import traceback
from typing import Annotated, Any

import typer
from typer._click import exceptions as click_errors
from typer.core import TyperGroup
from typer.exceptions import TyperException

from huishang import __version__
from huishang.cli.context import Lang, lift_run_options
from huishang.cli.usage import translated
from huishang.errors import HuishangError
from huishang.messages import msg
from huishang.output.terminal import output_encoding


class Language:
    """The language of the run's messages: `--lang` as given on the command line, then the
    ledger's setting once a command has read it (`use`)."""

    current = "zh"

    @classmethod
    def use(cls, lang: str) -> None:
        cls.current = lang

    @classmethod
    def from_argv(cls, argv: list[str]) -> None:
        for n, arg in enumerate(argv):
            if arg == "--lang" and n + 1 < len(argv) and argv[n + 1] in tuple(Lang):
                cls.use(argv[n + 1])
            elif arg.startswith("--lang=") and arg[7:] in tuple(Lang):
                cls.use(arg[7:])


def say(code: str, **params: object) -> str:
    """A message in the run's language, for the CLI's own words."""
    return msg(code, Language.current, **params)


def _error(message: str) -> None:
    """Write an error for the terminal. Its parameters may come from file names, git or
    the command line, so each line passes the terminal's escaping."""
    from huishang.output.escape import terminal

    lines = [terminal(line) for line in message.split("\n")]
    sys.stderr.write("huishang: " + "\n".join(lines) + "\n")


class _Group(TyperGroup):
    """The one place where expected errors become messages (exit 1 or 2) and bugs exit 3."""

    def main(self, args: Any = None, *rest: Any, **options: Any) -> Any:
        argv = lift_run_options(list(args) if args is not None else sys.argv[1:])
        output_encoding()
        Language.use("zh")
        Language.from_argv(argv)
        # under GitHub Actions a line of a view (an item's title, a commit message) could
        # be read by the runner as a workflow command; `check` and `validate` escape their own
        if os.environ.get("GITHUB_ACTIONS") != "true" or argv[:1] in (["check"], ["validate"]):
            return super().main(argv, *rest, **options)
        from huishang.output.escape import GithubSafe

        streams = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = GithubSafe(sys.stdout), GithubSafe(sys.stderr)
        try:
            return super().main(argv, *rest, **options)
        finally:
            sys.stdout, sys.stderr = streams

    def make_context(self, *args: Any, **options: Any) -> Any:
        try:
            return super().make_context(*args, **options)
        except click_errors.UsageError as exc:
            raise translated(exc, Language.current) from None

    def invoke(self, ctx: Any) -> Any:  # typer vendors click; its Context is private
        try:
            return super().invoke(ctx)
        except click_errors.UsageError as exc:  # a mistyped option or value, in our words
            raise translated(exc, Language.current) from None
        except (typer.Exit, typer.Abort, TyperException):  # usage errors and exits: typer's own
            raise
        except BrokenPipeError:  # `huishang list | head`: the reader left, nothing is wrong
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(0)
        except HuishangError as exc:
            _error(exc.message(Language.current))
            ctx.exit(exc.exit_code)
        except OSError as exc:  # the user's files or folders, not a bug: say which
            where = f" {exc.filename}" if exc.filename else ""
            _error(say("error.io", where=where, error=_os_error(exc)))
            ctx.exit(1)
        except Exception as exc:  # a bug in huishang, not the user's mistake
            if os.environ.get("HUISHANG_DEBUG"):
                traceback.print_exc()
            _error(say("error.internal", kind=type(exc).__name__, error=exc))
            ctx.exit(3)


def _os_error(exc: OSError) -> str:
    """The system's reason in the run's language where the table has it."""
    import errno

    from huishang.messages import MESSAGES

    code = f"errno.{errno.errorcode.get(exc.errno or 0, '')}"
    return say(code) if code in MESSAGES else str(exc.strerror or exc)


def _completion_wanted() -> bool:
    """Shell completion (--install-completion, --show-completion, and the shell asking for
    words) costs an import a warm `list` need not pay, so it is offered to the runs that
    use it or show it: those, and the top-level help."""
    if "_HUISHANG_COMPLETE" in os.environ:
        return True
    argv = sys.argv[1:]
    return (not argv or argv[0] in ("--help", "-h", "--install-completion",
                                    "--show-completion"))


app = typer.Typer(
    cls=_Group,
    name="huishang",
    help="会商事项台账：跟踪会商会议定事项的落实情况。\n\n"
    "Track the items agreed at consultation meetings (会商会), kept as YAML files in git.",
    no_args_is_help=True,
    add_completion=_completion_wanted(),
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
)


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
