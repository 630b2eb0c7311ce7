"""Problems found in user files, for people (text), scripts (JSON) and GitHub Actions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from huishang.ledger.problems import Problem


def problems_text(problems: Sequence[Problem], lang: str, summary: str) -> str:
    lines = [p.render(lang) for p in problems]
    lines.append(summary)
    return "\n".join(lines) + "\n"


def problems_json(problems: Sequence[Problem], lang: str, **extra: Any) -> dict[str, Any]:
    return {
        "ok": not any(p.severity == "error" for p in problems),
        **extra,
        "problems": [p.as_json(lang) for p in problems],
    }


def _escape_data(text: str) -> str:
    # As GitHub's toolkit does: a file's content must not start a new workflow command.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def problems_github(problems: Sequence[Problem], lang: str) -> str:
    """GitHub Actions workflow commands (`::error file=…,line=…::message`), one a problem."""
    lines = []
    for p in problems:
        props = [f"file={_escape_property(p.path)}"]
        if p.line is not None:
            props += [f"line={p.line}", f"col={p.column or 1}"]
        props.append(f"title={_escape_property(p.code)}")
        message = (f"{p.field}: " if p.field else "") + p.message(lang)
        lines.append(f"::{p.severity} {','.join(props)}::{_escape_data(message)}")
    return "".join(line + "\n" for line in lines)
