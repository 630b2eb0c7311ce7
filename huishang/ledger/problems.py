"""Problems found in user files: plain values with a location, rendered in the clerk's language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from huishang.messages import msg

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, at one place.

    Problems are data, not exceptions: the loader and the checks collect them so
    that one run reports everything, sorted by path and line.
    """

    path: str
    line: int | None
    column: int | None
    field: str
    code: str
    params: tuple[tuple[str, str], ...] = ()
    severity: Severity = "error"

    def message(self, lang: str = "zh") -> str:
        return msg(self.code, lang, **dict(self.params))

    def __post_init__(self) -> None:
        # Values quoted from files never break a report line: one problem, one line.
        safe = tuple((k, v.replace("\r", "\\r").replace("\n", "\\n")) for k, v in self.params)
        object.__setattr__(self, "params", safe)

    def location(self) -> str:
        if self.line is None:
            return self.path
        return f"{self.path}:{self.line}:{self.column or 1}"

    def render(self, lang: str = "zh") -> str:
        return f"{self.location()}: {self.detail(lang)}"

    def detail(self, lang: str = "zh") -> str:
        """What is wrong, after the location: severity, field and message."""
        label = f"{self.field}: " if self.field else ""
        tag = "" if self.severity == "error" else msg(f"severity.{self.severity}", lang)
        return f"{tag}{label}{self.message(lang)}"

    def as_json(self, lang: str = "zh") -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "rule": self.code,
            "severity": self.severity,
            "message": self.message(lang),
        }


def problem(
    path: str,
    pos: tuple[int, int] | None,
    field: str,
    code: str,
    severity: Severity = "error",
    **params: Any,
) -> Problem:
    """Build a Problem; `pos` is a 1-based (line, column) or None for a whole file or folder."""
    line, column = pos if pos is not None else (None, None)
    return Problem(
        path=path,
        line=line,
        column=column,
        field=field,
        code=code,
        params=tuple(sorted((k, str(v)) for k, v in params.items())),
        severity=severity,
    )


def sort_key(p: Problem) -> tuple[str, int, int, str, str]:
    return (p.path, p.line or 0, p.column or 0, p.field, p.code)
