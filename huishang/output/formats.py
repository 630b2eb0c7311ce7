"""A sheet for scripts and documents: JSON, CSV and Markdown; and `emit`, which prints a
view in the format named, chosen from `SHEET_FORMATS`."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import IO, Any

from huishang.output.escape import csv_cell, markdown
from huishang.output.table import Sheet, data_of, text_of

JSON_VERSION = 1


def json_text(payload: dict[str, Any]) -> str:
    return json.dumps({"version": JSON_VERSION, **payload}, ensure_ascii=False, indent=2) + "\n"


def emit_json(payload: dict[str, Any], stream: IO[str] | None = None) -> None:
    (stream or sys.stdout).write(json_text(payload))


def _plain_rows(sheet: Sheet) -> list[list[str]]:
    return [list(map(text_of, row)) for row in sheet.body()]


def sheet_csv(sheet: Sheet) -> str:
    """The sheet as data (each cell's `data` where it has one), as CSV with a UTF-8 BOM, so
    that spreadsheet programs show Chinese text correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # RFC 4180 line endings (CRLF), as spreadsheets expect
    writer.writerow([csv_cell(col.data_header or col.header) for col in sheet.columns])
    writer.writerows([[csv_cell(data_of(value)) for value in row] for row in sheet.body()])
    return "\ufeff" + buffer.getvalue()


def data_csv(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """CSV of typed values, with a BOM for spreadsheet programs: numbers as numbers, dates
    as YYYY-MM-DD, nothing as an empty cell; text escaped as every CSV cell is."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([csv_cell(h) for h in headers])
    writer.writerows([[_data_cell(v) for v in row] for row in rows])
    return "\ufeff" + buffer.getvalue()


def _data_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return csv_cell(str(value))


def sheet_markdown(sheet: Sheet) -> str:
    align = {"left": ":--", "right": "--:", "center": ":-:"}
    lines = [f"**{markdown(sheet.title)}**", ""] if sheet.title else []
    lines.append("| " + " | ".join(markdown(c.header) for c in sheet.columns) + " |")
    lines.append("|" + "|".join(align.get(c.justify, ":--") for c in sheet.columns) + "|")
    lines += ["| " + " | ".join(markdown(v) for v in row) + " |"
              for row in _plain_rows(sheet)]
    if sheet.caption:
        lines += ["", markdown(sheet.caption)]
    return "\n".join(lines) + "\n"


Payload = dict[str, Any] | Callable[[], dict[str, Any]]  # the JSON, or how to make it


def _print_json(sheet: Sheet, payload: Payload, pager: bool) -> None:
    emit_json(payload() if callable(payload) else payload)


def _print_csv(sheet: Sheet, payload: Payload, pager: bool) -> None:
    sys.stdout.write(sheet_csv(sheet))


def _print_markdown(sheet: Sheet, payload: Payload, pager: bool) -> None:
    sys.stdout.write(sheet_markdown(sheet))


def _print_table(sheet: Sheet, payload: Payload, pager: bool) -> None:
    """Laid out by huishang itself, in colour on a terminal, fitted to its width."""
    from huishang.output.table import layout
    from huishang.output.terminal import colour_wanted, page, terminal_width

    text = layout(sheet, colour=colour_wanted(sys.stdout), width=terminal_width(sys.stdout))
    page(text, pager=pager)


# The formats of a view (`--format`): each prints the sheet, or its JSON payload.
SHEET_FORMATS: dict[str, Callable[[Sheet, Payload, bool], None]] = {
    "table": _print_table, "json": _print_json, "csv": _print_csv,
    "markdown": _print_markdown,
}


def emit(sheet: Sheet, fmt: str, payload: Payload, *, pager: bool = False) -> None:
    """Print a view in the format named; `payload` (or a function making it) is the JSON."""
    SHEET_FORMATS[fmt](sheet, payload, pager)
