"""Problems found in user files, for people (text), scripts (JSON) and GitHub Actions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from huishang.ledger.problems import Problem
from huishang.output.escape import github_data, github_property, name, terminal


def problems_text(problems: Sequence[Problem], lang: str, summary: str) -> str:
    # file names may hold anything: a name is written so that no two print the same
    lines = [f"{name(p.location())}: {terminal(p.detail(lang))}" for p in problems]
    lines.append(summary)
    return "\n".join(lines) + "\n"


def problems_json(problems: Sequence[Problem], lang: str, **extra: Any) -> dict[str, Any]:
    return {
        "ok": not any(p.severity == "error" for p in problems),
        **extra,
        "problems": [p.as_json(lang) for p in problems],
    }


def problems_github(problems: Sequence[Problem], lang: str) -> str:
    """GitHub Actions workflow commands (`::error file=…,line=…::message`), one a problem."""
    lines = []
    for p in problems:
        props = [f"file={github_property(p.path)}"]
        if p.line is not None:
            props += [f"line={p.line}", f"col={p.column or 1}"]
        props.append(f"title={github_property(p.code)}")
        message = (f"{p.field}: " if p.field else "") + p.message(lang)
        lines.append(f"::{p.severity} {','.join(props)}::{github_data(message)}")
    return "".join(line + "\n" for line in lines)
