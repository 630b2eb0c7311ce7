"""Turn results into what people and scripts read: rich tables, plain lines, JSON.

This is the only module that imports rich. Colour appears only on a terminal and
never under NO_COLOR (rich honours both); values from files are always shown as
plain text, never interpreted as markup.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Sequence
from typing import IO, Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from huishang.messages import label
from huishang.problems import Problem
from huishang.query import Row

JSON_VERSION = 1
_WIDE = 200  # width when writing to a pipe or file: never cut a row to 80 columns

_STATUS_STYLE = {
    "planned": "",
    "in_progress": "cyan",
    "blocked": "bold red",
    "done": "green",
    "cancelled": "dim",
}


def console(file: IO[str] | None = None) -> Console:
    out = file or sys.stdout
    is_tty = out.isatty()
    width = None if is_tty or "COLUMNS" in os.environ else _WIDE
    return Console(file=out, highlight=False, soft_wrap=False, width=width,
                   no_color="NO_COLOR" in os.environ or None)


def show(renderable: Any, file: IO[str] | None = None) -> None:
    """Print a table; off a terminal, without the padding rich leaves at the ends of lines."""
    out = console(file)
    if out.is_terminal:
        out.print(renderable)
        return
    with out.capture() as captured:
        out.print(renderable)
    text = "\n".join(line.rstrip() for line in captured.get().splitlines())
    (file or sys.stdout).write(text.strip("\n") + "\n")


def emit_json(payload: dict[str, Any], file: IO[str] | None = None) -> None:
    out = file or sys.stdout
    out.write(json.dumps({"version": JSON_VERSION, **payload}, ensure_ascii=False, indent=2))
    out.write("\n")


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


def status_text(status: str, lang: str) -> Text:
    return Text(label(f"status.{status}", lang), style=_STATUS_STYLE.get(status, ""))


def timing_text(row: Row, lang: str) -> Text:
    if row.overdue_days:
        return Text(label("overdue_by", lang, n=row.overdue_days), style="bold red")
    if row.days_left is None:
        return Text("")
    if row.days_left == 0:
        return Text(label("due_today", lang), style="yellow")
    return Text(label("due_in", lang, n=row.days_left))


def owner_text(row: Row) -> str:
    owner = row.item.owner
    if owner is None:
        return ""
    return " ".join(part for part in (owner.division, owner.person) if part)


def items_table(rows: Sequence[Row], lang: str, title: str) -> Table:
    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left", pad_edge=False)
    for key in ("id", "title", "lead", "owner", "due", "status", "timing"):
        table.add_column(label(key, lang), overflow="fold",
                         no_wrap=key in ("id", "due", "status", "timing"))
    for row in rows:
        item = row.item
        table.add_row(
            Text(item.id),
            Text(item.title),
            Text(item.lead),
            Text(owner_text(row)),
            Text(_date(item.due)),
            status_text(item.status, lang),
            timing_text(row, lang),
        )
    table.caption = label("count", lang, n=len(rows))
    table.caption_justify = "left"
    return table


def row_json(row: Row) -> dict[str, Any]:
    item = row.item
    return {
        "id": item.id,
        "meeting": row.meeting,
        "aspect": item.aspect,
        "title": item.title,
        "lead": item.lead,
        "partners": list(item.partners),
        "owner": item.owner.model_dump() if item.owner else None,
        "due": _date(item.due) or None,
        "status": item.status,
        "escalated": item.escalated,
        "overdue": row.overdue_days > 0,
        "overdue_days": row.overdue_days,
        "days_left": row.days_left,
        "last_update": _date(item.last_activity) or None,
        "path": row.entry.path,
    }


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""
