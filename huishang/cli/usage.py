"""Usage errors (a mistyped option, a bad value) in the run's language.

typer's click writes them in English only; each kind is rebuilt here from its parts, and
the values click quotes are kept as given."""

from __future__ import annotations

import re
from typing import Any

from typer._click import exceptions as click_errors

from huishang.messages import msg

# click's own sentences about a value, and the message each becomes.
_VALUE_PROBLEMS = (
    (re.compile(r"(?P<value>.+) is not in the range (?P<range>.+)\.$"), "usage.range"),
    (re.compile(r"(?P<value>.+) is not a valid (?P<kind>[a-z]+)\.$"), "usage.not_a"),
    (re.compile(r"(?P<value>.+) is not one of (?P<choices>.+)\.$"), "usage.choice"),
)
_EXTRA = re.compile(r"Got unexpected extra argument(?:\(s\)|s)? \((?P<args>.*)\)$")
_NO_COMMAND = re.compile(r"No such command (?P<name>.+?)\.(?: Did you mean (?P<like>.+)\?)?$")
_NEEDS_VALUE = re.compile(r"Option (?P<option>.+) requires .*argument")
_NO_VALUE = re.compile(r"Option (?P<option>.+) does not take a value\.$")


def translated(error: click_errors.UsageError, lang: str) -> click_errors.UsageError:
    """The error with its message in `lang`, and typer's words around it set to match."""
    from typer import rich_utils

    rich_utils.ERRORS_PANEL_TITLE = msg("usage.title", lang)
    rich_utils.RICH_HELP = msg("usage.help", lang, command="[blue]'{command_path}",
                               help="{help_option}'[/]")
    text = _message(error, lang)
    if text is None:
        return error
    found = click_errors.UsageError(text, error.ctx)
    found.exit_code = error.exit_code
    return found


def _message(error: click_errors.UsageError, lang: str) -> str | None:
    if isinstance(error, click_errors.MissingParameter):
        kind = "argument" if _kind(error) == "argument" else "option"
        return msg(f"usage.missing_{kind}", lang, name=_hint(error))
    if isinstance(error, click_errors.BadParameter):
        return msg("usage.bad_value", lang, name=_hint(error),
                   problem=_value_problem(error.message, lang))
    if isinstance(error, click_errors.NoSuchOption):
        text = msg("usage.no_option", lang, option=error.option_name)
        if error.possibilities:
            text += msg("usage.did_you_mean", lang, like=", ".join(sorted(error.possibilities)))
        return text
    for pattern, code in ((_EXTRA, "usage.extra"), (_NO_COMMAND, "usage.no_command"),
                          (_NEEDS_VALUE, "usage.needs_value"), (_NO_VALUE, "usage.no_value")):
        found = pattern.match(error.message)
        if found:
            text = msg(code, lang, **{k: v for k, v in found.groupdict().items() if k != "like"})
            like = found.groupdict().get("like")
            return text + (msg("usage.did_you_mean", lang, like=like) if like else "")
    return None


def _kind(error: click_errors.MissingParameter) -> str:
    if error.param_type is not None:
        return error.param_type
    return error.param.param_type_name if error.param is not None else "option"


def _hint(error: click_errors.BadParameter) -> str:
    hint: Any = error.param_hint
    if hint is None and error.param is not None:
        hint = error.param.get_error_hint(error.ctx)  # type: ignore[arg-type]
    if isinstance(hint, (list, tuple)):
        hint = " / ".join(str(h) for h in hint)
    return str(hint or "").strip("'")


def _value_problem(text: str, lang: str) -> str:
    for pattern, code in _VALUE_PROBLEMS:
        found = pattern.match(text)
        if found:
            return msg(code, lang, **found.groupdict())
    return text
