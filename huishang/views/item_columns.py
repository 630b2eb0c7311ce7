"""The columns an item can be shown in, one entry each: the list table, CSV, the workbook
and JSON are all made from this table, so a new column is one entry here.

An entry says how a column is headed (the message `field.<key>`, the same in every
format), what a row holds in it as data (typed: a date is a date, days overdue a number,
so a spreadsheet can sort and sum them), how a terminal shows it (styled), what JSON
gives (language-free), and how wide it may be laid out. `LAYOUTS` names the columns each
output has by default, in its order (the 填报表's agreed columns too), and `WIDTHS` the
widths a layout fixes. The headers are those `import` reads back, so an exported workbook
re-imports unchanged.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Any, Literal

from huishang.errors import HuishangError
from huishang.ledger.layout import item_number
from huishang.messages import leads_text, msg
from huishang.output.table import Column, Value
from huishang.views.cells import alert_cell, reason_text, status_cell, timing_cell
from huishang.views.query import Row

Kind = Literal["text", "date", "number", "long"]  # long: text wrapped in a wide column
Getter = Callable[[Row, str], Any]  # (row, lang) -> a value


@dataclass(frozen=True)
class ItemColumn:
    """One column of items: its key (`--columns`, the message `field.<key>`), its kind
    (how a workbook formats and widens it), and how a row fills it in each output."""

    key: str
    kind: Kind
    value: Getter | None  # typed data (CSV, workbook), None when empty; None: JSON only
    # In a table: `shown` of the row's attribute `source` (a dotted path; "" the row
    # itself) and the language; without `shown`, `source` as it is (text, nothing as an
    # empty cell); without either, the value as text.
    source: str = ""
    shown: Callable[[Any, str], Value] | None = None
    json: Callable[[Row], Any] | None = None  # in `--format json`; None: not in JSON
    json_key: str = ""  # the JSON name, when it is not the key
    record: bool = False  # needs the item's record (the full ledger), not only its facts
    # says what huishang works out (a warning, days overdue), not a field of the item: `import`
    # passes it over, unsaid, when it reads an exported sheet back
    derived: bool = False
    wrap: bool = True  # a terminal may fold it onto more lines when the table is too wide

    def header(self, lang: str) -> str:
        return msg(f"field.{self.key}", lang)

    def cell(self, row: Row, lang: str) -> Value:
        return row_cells((self,))(row, lang)[0]

    def sheet_column(self, lang: str) -> Column:
        return Column(self.header(lang), no_wrap=not self.wrap)


@functools.lru_cache(maxsize=32)
def row_cells(columns: tuple[ItemColumn, ...]) -> Callable[[Row, str], list[Value]]:
    """A function giving a row's cells in `columns`, as a table shows them. It is compiled
    once for the columns, as `dataclasses` compiles an `__init__`: one call a row, the
    facts read inline, since a ledger table has thousands of rows (a call per cell took
    the table of 10,000 items 30 % longer to build)."""
    space: dict[str, Any] = {"_text": _text}
    parts = []
    for i, column in enumerate(columns):
        source = column.source
        if source and not re.fullmatch(r"[a-z_]+(\.[a-z_]+)*", source):
            raise ValueError(f"{column.key}: source {source!r} is no attribute path")
        # the facts are read once a row, as `facts`
        got = source if source.startswith("facts.") else f"row.{source}" if source else "row"
        if column.shown is not None:
            space[f"shown{i}"] = column.shown
            parts.append(f"shown{i}({got}, lang)")
        elif source:
            parts.append(f"({got} or '')")  # a fact as it is, nothing as an empty cell
        else:
            assert column.value is not None, f"{column.key} is a JSON field, not a column"
            space[f"value{i}"] = column.value
            parts.append(f"_text(value{i}(row, lang))")
    exec(f"def cells(row, lang):\n    facts = row.facts\n    return [{', '.join(parts)}]\n",
         space)
    made: Callable[[Row, str], list[Value]] = space["cells"]
    return made


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _join(values: Sequence[str], lang: str) -> str | None:
    return msg("sep.list", lang).join(values) or None


def _fact(name: str) -> Callable[[Row, str], Any]:
    """A fact as data: as it is, None when empty."""
    get = attrgetter(f"facts.{name}")
    return lambda row, lang: get(row) or None


def _json_fact(name: str) -> Callable[[Row], Any]:
    return attrgetter(f"facts.{name}")


def _aspect(row: Row, lang: str) -> str | None:
    f = row.facts
    return (f.aspect_title or f.aspect) or None


def _progress(row: Row, lang: str) -> str | None:
    updates = row.item.dated_updates
    return updates[-1].note if updates else None


def _owner_json(row: Row) -> dict[str, str | None] | None:
    f = row.facts
    if f.owner_division is None and f.owner_person is None:
        return None
    return {"division": f.owner_division, "person": f.owner_person}


def _timing(row: Row, lang: str) -> str | None:
    return timing_cell(row, lang).text or None


def _last_progress(row: Row, lang: str) -> str | None:
    """The latest note of work with its date: a change's reason is no progress to quote."""
    work = row.item.dated_work
    return f"{work[-1].date.isoformat()} {work[-1].note}" if work else None


_BUILT_IN = (
    ItemColumn("id", "text", _fact("id"), "facts.id", json=_json_fact("id"), wrap=False),
    ItemColumn("meeting", "text", _fact("meeting_id"), json=_json_fact("meeting_id")),
    ItemColumn("number", "number", lambda r, lang: item_number(r.facts.id)),
    ItemColumn("title", "long", _fact("title"), "facts.title", json=_json_fact("title")),
    ItemColumn("aspect", "text", _aspect, json=_json_fact("aspect")),
    ItemColumn("lead", "text", lambda r, lang: _join(r.facts.leads, lang), "facts.leads",
               leads_text,
               lambda r: r.facts.leads[0] if len(r.facts.leads) == 1 else list(r.facts.leads)),
    ItemColumn("leads", "text", None, json=lambda r: list(r.facts.leads)),
    ItemColumn("partners", "text", lambda r, lang: _join(r.facts.partners, lang),
               json=lambda r: list(r.facts.partners)),
    ItemColumn("division", "text", _fact("owner_division")),
    ItemColumn("person", "text", _fact("owner_person")),
    ItemColumn("owner", "text", _fact("owner"), "facts.owner", json=_owner_json),
    ItemColumn("due", "date", lambda r, lang: _day(r.facts.due), "facts.due",
               json=_json_fact("due"), wrap=False),
    ItemColumn("status", "text", lambda r, lang: msg(f"status.{r.facts.status}", lang),
               "facts.status", status_cell, _json_fact("status"), wrap=False),
    ItemColumn("escalated", "text",
               lambda r, lang: msg("yes", lang) if r.facts.escalated else None,
               json=_json_fact("escalated")),
    ItemColumn("timing", "text", _timing, shown=timing_cell, wrap=False),
    ItemColumn("overdue", "text", None, json=lambda r: r.overdue_days > 0),
    ItemColumn("warning", "text",
               lambda r, lang: msg(f"colour.{r.alert.colour}", lang) if r.alert else None,
               "alert", alert_cell, lambda r: r.alert.colour if r.alert else None,
               wrap=False, derived=True),
    ItemColumn("warning_reason", "text",
               lambda r, lang: reason_text(r.alert, lang) if r.alert else None,
               json=lambda r: r.alert.reason.removeprefix("why.") if r.alert else None,
               derived=True),
    ItemColumn("overdue_days", "number", lambda r, lang: r.overdue_days or None,
               json=attrgetter("overdue_days"), derived=True),
    ItemColumn("days_left", "number", lambda r, lang: r.days_left,
               json=attrgetter("days_left"), derived=True),
    ItemColumn("progress_date", "date", lambda r, lang: _day(r.facts.last_update),
               json=_json_fact("last_update"), json_key="last_update"),
    ItemColumn("progress", "long", _progress, record=True),
    ItemColumn("last_progress", "long", _last_progress, record=True, derived=True),
    ItemColumn("done_on", "date", lambda r, lang: r.item.done_on, record=True),
    ItemColumn("evidence", "long", lambda r, lang: "\n".join(r.item.evidence) or None,
               record=True),
    ItemColumn("notes", "long", lambda r, lang: r.item.notes, record=True),
    ItemColumn("path", "text", _fact("path"), json=_json_fact("path")),
)
ITEM_COLUMNS: dict[str, ItemColumn] = {c.key: c for c in _BUILT_IN}

# Which columns each output has by default, in its order.
LAYOUTS: dict[str, tuple[str, ...]] = {
    # the table `list` prints (and its Markdown, and the site's ledger table)
    "list": ("id", "title", "lead", "owner", "due", "status", "timing", "warning"),
    # `list --format csv` without --columns: the list's columns, as data
    "csv": ("id", "title", "lead", "division", "person", "due", "status", "overdue_days",
            "days_left", "warning"),
    # `--format json`: each item's record
    "json": ("id", "meeting", "aspect", "title", "lead", "leads", "partners", "owner", "due",
             "status", "escalated", "overdue", "overdue_days", "days_left", "warning",
             "warning_reason", "progress_date", "path"),
    # what the workbook (`export --xlsx`) has, in the order a 台账 has it
    "sheet": ("id", "meeting", "number", "title", "aspect", "lead", "partners", "division",
              "person", "due", "status", "warning", "warning_reason", "overdue_days",
              "progress_date", "progress", "done_on", "evidence"),
    # the office's own layout (`export --xlsx --layout office`): 序号 first, no tool ids
    # (the heading rows say the aspect), what a leader reads in a 台账
    "office": ("number", "title", "lead", "partners", "division", "person", "due", "status",
               "warning", "overdue_days", "progress_date", "progress"),
    # the tool's ids, which `import` matches rows by (`export --xlsx --ids`)
    "ids": ("id", "meeting"),
    # the agreed fields of the 填报表 (`export --form`), shown and locked, before the columns
    # a unit fills in (exchange/form.py)
    "form": ("number", "title", "lead", "partners", "division", "person", "due",
             "last_progress"),
    # what the import matches a form's rows by, hidden in it
    "form_ids": ("id", "meeting", "aspect"),
}

# The widths (in characters) a layout sets its columns to rather than fitting them to their
# text: the form's 168 in all (with its own columns) print at about 85% on A4 landscape,
# 10.5 pt text as about 9 pt. A column without one is as wide as its kind (form.py).
WIDTHS: dict[str, dict[str, float]] = {
    "form": {"number": 4.5, "title": 22, "lead": 10, "partners": 9, "division": 9,
             "person": 6, "due": 10.5, "last_progress": 16},
}


def register(column: ItemColumn, *, layouts: Sequence[str] = ()) -> None:
    """Add a column (or replace the one with its key), and show it at the end of the
    named layouts: e.g. `register(ItemColumn("source", ...), layouts=("list", "json"))`."""
    ITEM_COLUMNS[column.key] = column
    for name in layouts:
        if column.key not in LAYOUTS[name]:
            LAYOUTS[name] = (*LAYOUTS[name], column.key)
    _json_fields.cache_clear()


def unregister(key: str) -> None:
    """Take a column out of the table and every layout."""
    ITEM_COLUMNS.pop(key, None)
    for name, keys in LAYOUTS.items():
        LAYOUTS[name] = tuple(k for k in keys if k != key)
    _json_fields.cache_clear()


def layout(name: str) -> list[ItemColumn]:
    """The columns of one output, in its order."""
    return [ITEM_COLUMNS[k] for k in LAYOUTS[name]]


def _tabled() -> dict[str, ItemColumn]:
    """The columns a table can have (not those only JSON gives)."""
    return {k: c for k, c in ITEM_COLUMNS.items() if c.value is not None}


def choose(given: str | None, default: str) -> list[ItemColumn]:
    """Columns named in `--columns id,title,due` (keys or headers in either language), or
    the layout `default`."""
    if given is None:
        return layout(default)
    tabled = _tabled()
    by_name: dict[str, ItemColumn] = dict(tabled)
    for column in tabled.values():
        for lang in ("zh", "en"):
            by_name.setdefault(column.header(lang).lower(), column)
    chosen = []
    for name in given.replace("，", ",").replace("、", ",").split(","):
        if not name.strip():
            continue
        found = by_name.get(name.strip().lower())
        if found is None:
            raise HuishangError("option.bad_column", exit_code=2, value=name.strip(),
                                choices=", ".join(tabled))
        chosen.append(found)
    return chosen


def as_minutes(columns: Sequence[ItemColumn]) -> list[ItemColumn]:
    """The columns with joint leads written as the minutes write them:
    最高人民法院、最高人民检察院（共同牵头）."""
    return [_MINUTES_LEAD if c.key == "lead" else c for c in columns]


_MINUTES_LEAD = ItemColumn("lead", "text",
                           lambda r, lang: leads_text(r.facts.leads, lang, document=True) or None)


def as_written(columns: Sequence[ItemColumn]) -> list[ItemColumn]:
    """The columns with the units named as the item's file names them (最高检, as the
    minutes did) and joint leads as the minutes write them: the 填报表 gives a unit the
    agreed fields in the minutes' words."""
    return [_AS_WRITTEN.get(c.key, c) for c in columns]


_AS_WRITTEN = {c.key: c for c in (
    ItemColumn("lead", "text",
               lambda r, lang: leads_text(r.item.leads, lang, document=True), record=True),
    # no partners: an empty text, as the form has always written it
    ItemColumn("partners", "text",
               lambda r, lang: msg("sep.list", lang).join(r.item.partners), record=True),
)}


def needs_records(columns: Sequence[ItemColumn]) -> bool:
    return any(c.record for c in columns)


def values(row: Row, columns: Sequence[ItemColumn], lang: str) -> list[Any]:
    """A row's typed data in the columns (CSV, workbook)."""
    return [c.value(row, lang) if c.value is not None else None for c in columns]


def item_json(row: Row, only: Sequence[str] = ()) -> dict[str, Any]:
    """An item's record as `--format json` gives it; its fields `only`, when named."""
    return {key: get(row) for key, get in _json_fields() if not only or key in only}


@functools.cache
def _json_fields() -> tuple[tuple[str, Callable[[Row], Any]], ...]:
    return tuple((c.json_key or c.key, c.json) for c in layout("json") if c.json is not None)
