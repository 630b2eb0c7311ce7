"""The ledger as a table of data, one row an item, the columns a 台账 has: what
`export --xlsx` writes and `list --format csv --columns` chooses from.

Values are typed (a date is a date, days overdue a number), so a spreadsheet can sort,
filter and sum them; labels (status, warning colour) are in the reader's language. The
headers are those `import` reads back, so an exported workbook re-imports unchanged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from huishang.errors import HuishangError
from huishang.ledger.layout import item_number
from huishang.messages import leads_text, msg
from huishang.views.query import Row

Kind = Literal["text", "date", "number", "long"]  # long: text wrapped in a wide column


@dataclass(frozen=True)
class Column:
    key: str
    kind: Kind
    value: Callable[[Row, str], Any]  # (row, lang) -> a typed value, None when empty
    record: bool = False  # needs the item's record (the full ledger), not only its facts

    def header(self, lang: str) -> str:
        return msg(f"col.{self.key}", lang)


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _number(row: Row, lang: str) -> int | None:
    return item_number(row.facts.id)


def _aspect(row: Row, lang: str) -> str | None:
    f = row.facts
    return (f.aspect_title or f.aspect) or None


def _progress(row: Row, lang: str) -> str | None:
    updates = row.item.dated_updates
    return updates[-1].note if updates else None


def _status(row: Row, lang: str) -> str:
    return msg(f"status.{row.facts.status}", lang)


def _warning(row: Row, lang: str) -> str | None:
    return msg(f"colour.{row.alert.colour}", lang) if row.alert else None


def _warning_reason(row: Row, lang: str) -> str | None:
    from huishang.views.sheets import reason_text

    return reason_text(row.alert, lang) if row.alert else None


def _join(values: Sequence[str], lang: str) -> str | None:
    return msg("sep.list", lang).join(values) or None


_ALL = (
    Column("id", "text", lambda r, lang: r.facts.id),
    Column("meeting", "text", lambda r, lang: r.facts.meeting_id),
    Column("number", "number", _number),
    Column("title", "long", lambda r, lang: r.facts.title),
    Column("aspect", "text", _aspect),
    Column("lead", "text", lambda r, lang: _join(r.facts.leads, lang)),
    Column("partners", "text", lambda r, lang: _join(r.facts.partners, lang)),
    Column("division", "text", lambda r, lang: r.facts.owner_division),
    Column("person", "text", lambda r, lang: r.facts.owner_person),
    Column("due", "date", lambda r, lang: _day(r.facts.due)),
    Column("status", "text", _status),
    Column("escalated", "text", lambda r, lang: msg("yes", lang) if r.facts.escalated else None),
    Column("warning", "text", _warning),
    Column("warning_reason", "text", _warning_reason),
    Column("overdue_days", "number", lambda r, lang: r.overdue_days or None),
    Column("days_left", "number", lambda r, lang: r.days_left),
    Column("progress_date", "date", lambda r, lang: _day(r.facts.last_update)),
    Column("progress", "long", _progress, record=True),
    Column("done_on", "date", lambda r, lang: r.item.done_on, record=True),
    Column("evidence", "long", lambda r, lang: "\n".join(r.item.evidence) or None,
           record=True),
    Column("notes", "long", lambda r, lang: r.item.notes, record=True),
    Column("path", "text", lambda r, lang: r.facts.path),
)
COLUMNS: dict[str, Column] = {c.key: c for c in _ALL}

# What the workbook has, in the order a 台账 has it.
SHEET_COLUMNS = ("id", "meeting", "number", "title", "aspect", "lead", "partners", "division",
                 "person", "due", "status", "warning", "warning_reason", "overdue_days",
                 "progress_date", "progress", "done_on", "evidence")
# The office's own layout (`export --xlsx --layout office`): 序号 first, no tool ids (the
# heading rows say the aspect), what a leader reads in a 台账.
OFFICE_COLUMNS = ("number", "title", "lead", "partners", "division", "person", "due", "status",
                  "warning", "overdue_days", "progress_date", "progress")
IDS = ("id", "meeting")  # the tool's ids, which `import` matches rows by
# `list --format csv` without --columns: the list's columns, as data.
LIST_COLUMNS = ("id", "title", "lead", "division", "person", "due", "status", "overdue_days",
                "days_left", "warning")


def choose(given: str | None, default: Sequence[str]) -> list[Column]:
    """Columns named in `--columns id,title,due` (keys or headers in either language)."""
    if given is None:
        return [COLUMNS[k] for k in default]
    by_name: dict[str, Column] = dict(COLUMNS)
    for column in COLUMNS.values():
        for lang in ("zh", "en"):
            by_name.setdefault(column.header(lang).lower(), column)
    chosen = []
    for name in given.replace("，", ",").replace("、", ",").split(","):
        if not name.strip():
            continue
        found = by_name.get(name.strip().lower())
        if found is None:
            raise HuishangError("option.bad_column", exit_code=2, value=name.strip(),
                                choices=", ".join(COLUMNS))
        chosen.append(found)
    return chosen


def as_minutes(columns: Sequence[Column]) -> list[Column]:
    """The columns with joint leads written as the minutes write them:
    最高人民法院、最高人民检察院（共同牵头）."""
    return [_MINUTES_LEAD if c.key == "lead" else c for c in columns]


_MINUTES_LEAD = Column("lead", "text",
                       lambda r, lang: leads_text(r.facts.leads, lang, document=True) or None)


def needs_records(columns: Sequence[Column]) -> bool:
    return any(c.record for c in columns)


def values(row: Row, columns: Sequence[Column], lang: str) -> list[Any]:
    return [c.value(row, lang) for c in columns]
