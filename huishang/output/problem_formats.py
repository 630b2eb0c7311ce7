"""Problems found in user files, for people (text), scripts (JSON) and GitHub Actions:
each a report chosen by name from `PROBLEM_FORMATS`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from huishang.ledger.problems import Problem
from huishang.messages import msg
from huishang.output.escape import github_data, github_inert, github_property, name, terminal


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


def _summary(problems: Sequence[Problem], lang: str) -> str:
    errors = sum(p.severity == "error" for p in problems)
    return msg("invalid", lang, errors=errors, warnings=len(problems) - errors,
               files=len({p.path for p in problems}))


def _report_text(problems: Sequence[Problem], lang: str, ok: str, counts: dict[str, Any]) -> str:
    """Each problem at its place and a summary, or `ok` when there is none."""
    return problems_text(problems, lang, _summary(problems, lang)) if problems else ok + "\n"


def _report_json(problems: Sequence[Problem], lang: str, ok: str, counts: dict[str, Any]) -> str:
    from huishang.output.formats import json_text  # csv and json only for this report

    return json_text(problems_json(problems, lang, **counts))


def _report_github(problems: Sequence[Problem], lang: str, ok: str,
                   counts: dict[str, Any]) -> str:
    """Workflow annotations, then the text report, no line of which may read as a
    workflow command."""
    text = _report_text(problems, lang, ok, counts)
    return problems_github(problems, lang) + (github_inert(text) if problems else text)


# The formats of a report of problems (`--format` of validate and check).
PROBLEM_FORMATS: dict[str, Callable[[Sequence[Problem], str, str, dict[str, Any]], str]] = {
    "text": _report_text, "json": _report_json, "github": _report_github,
}
