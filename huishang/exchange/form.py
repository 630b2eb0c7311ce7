"""The 填报表 sent to units each month (下发): the agreed fields shown and locked, empty
columns for the month's feedback, a hidden item id so that rows match whatever a unit
re-sorts, and the period it asks about, which the import reads back (columns.form_period).

Written with XlsxWriter, imported only by `export --form`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO, Literal

from huishang.exchange.sections import Heading
from huishang.messages import msg
from huishang.views.item_columns import WIDTHS, ItemColumn, as_written, layout
from huishang.views.query import Row


@dataclass(frozen=True)
class InputColumn:
    """A column a unit fills in, which the import reads back: headed by the message
    `field.<key>` as an item column is (`form.field.<key>` where the form words it
    otherwise), `width` characters wide."""

    key: str
    kind: Literal["text", "long", "date"]  # a date is checked as one when typed
    width: float
    own_header: bool = False

    def header(self, lang: str) -> str:
        return msg(f"form.field.{self.key}" if self.own_header else f"field.{self.key}", lang)


# After the agreed columns (the layout `form` of views/item_columns.py), what a unit fills in.
INPUT = (InputColumn("progress", "long", 24, own_header=True),  # 本期进展, not 最新进展
         InputColumn("progress_date", "date", 10.5), InputColumn("status", "text", 8),
         InputColumn("evidence", "long", 10), InputColumn("done_on", "date", 10.5),
         InputColumn("adjust", "text", 9), InputColumn("reason", "text", 9))
_KIND_WIDTH = {"text": 9, "long": 16, "date": 10.5, "number": 4.5}  # a column WIDTHS lacks
_FORM_STATUSES = ("planned", "in_progress", "blocked", "done", "cancelled")
_FONT = "SimSun"  # 宋体, which Excel and WPS have on every Chinese system


def write_form(target: BinaryIO, lines: Sequence[Row | Heading], *, period: tuple[int, int],
               unit: str | None, lang: str) -> None:
    """Write the form: title and period rows, the header, then a row for each of `lines`:
    an item (with its record), or a heading (sections.py) merged across the form, so
    that the items are set out as their minutes set them out."""
    import xlsxwriter

    book = xlsxwriter.Workbook(target, {"in_memory": True, "strings_to_formulas": False,
                                           "strings_to_urls": False,
                                           "strings_to_numbers": False})
    book.set_properties({"title": msg("form.sheet", lang), "author": "huishang"})
    sheet = book.add_worksheet(msg("form.sheet", lang))
    f = _formats(book, lang)
    agreed = as_written(layout("form"))
    hidden = layout("form_ids")  # read back by the import, never shown or printed
    widths = WIDTHS.get("form", {})
    last = len(agreed) + len(INPUT) - 1
    titles = {line.facts.meeting_id: line.facts.meeting_title or ""
              for line in lines if isinstance(line, Row)}
    year, month = period
    sheet.merge_range(0, 0, 0, last, msg("form.title", lang, meetings=msg(
        "sep.list", lang).join(titles.values()) or "-",
        period=msg("form.period_value", lang, year=year, month=month)), f["title"])
    sheet.set_row(0, 36)
    sheet.merge_range(1, 0, 1, last, msg("form.period", lang, year=year, month=month,
                                         unit=unit or msg("form.unit_blank", lang)), f["note"])
    header = 2
    for c, column in enumerate(agreed):
        sheet.write_string(header, c, column.header(lang), f["header"])
        sheet.set_column(c, c, widths.get(column.key, _KIND_WIDTH[column.kind]))
    for c, own in enumerate(INPUT, start=len(agreed)):
        sheet.write_string(header, c, own.header(lang), f["input_header"])
        sheet.set_column(c, c, own.width)
    for c, column in enumerate(hidden, start=last + 1):
        sheet.write_string(header, c, column.header(lang), f["header"])
        sheet.set_column(c, c, 12, f["locked"], {"hidden": True})
    sheet.set_row(header, 30)
    r = header + 1
    for line in lines:
        if isinstance(line, Heading):
            sheet.merge_range(r, 0, r, last, line.text,
                              f["meeting"] if line.meeting else f["heading"])
        else:
            _item_row(sheet, r, line, agreed, hidden, f, lang)
        r += 1
    first, end = header + 1, max(r - 1, header + 1)
    at = {own.key: c for c, own in enumerate(INPUT, start=len(agreed))}
    sheet.data_validation(first, at["status"], end, at["status"], {
        "validate": "list", "source": [msg(f"status.{s}", lang) for s in _FORM_STATUSES],
        "input_title": msg("field.status", lang), "input_message": msg("form.status_hint", lang)})
    for own in INPUT:
        if own.kind == "date":
            sheet.data_validation(first, at[own.key], end, at[own.key], {
                "validate": "date", "criteria": ">", "value": dt.date(2000, 1, 1),
                "error_message": msg("form.date_hint", lang)})
    sheet.freeze_panes(header + 1, 2)
    # locked without a password: the agreed fields cannot be typed over by mistake, yet
    # anyone may unprotect the sheet (审阅 → 撤消工作表保护) to read or copy it
    sheet.protect("", {"format_columns": True, "format_rows": True, "sort": True,
                       "autofilter": True})
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.set_margins(left=0.25, right=0.25, top=0.5, bottom=0.5)
    sheet.repeat_rows(header)
    sheet.print_area(0, 0, end, last)
    sheet.fit_to_pages(1, 0)
    sheet.set_footer(msg("form.footer", lang))
    book.close()


_LOCKED = {"date": "locked_date", "number": "locked_number"}  # else "locked"


def _item_row(sheet: Any, r: int, row: Row, agreed: Sequence[ItemColumn],
              hidden: Sequence[ItemColumn], f: dict[str, Any], lang: str) -> None:
    c = 0
    for column in agreed:
        assert column.value is not None, f"{column.key} is a JSON field, not a column"
        _write(sheet, r, c, column.value(row, lang), f[_LOCKED.get(column.kind, "locked")])
        c += 1
    for own in INPUT:
        sheet.write_blank(r, c, None, f["input_date" if own.kind == "date" else "input"])
        c += 1
    for column in hidden:  # the ids as data, as JSON gives them: the aspect's key, not title
        assert column.json is not None, f"{column.key} has no value as data"
        _write(sheet, r, c, column.json(row), f["locked"])
        c += 1


def _write(sheet: Any, r: int, c: int, value: Any, style: Any) -> None:
    if value is None:
        sheet.write_blank(r, c, None, style)
    elif isinstance(value, dt.date):
        sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), style)
    elif isinstance(value, int):
        sheet.write_number(r, c, value, style)
    else:
        sheet.write_string(r, c, str(value), style)


def _formats(book: Any, lang: str) -> dict[str, Any]:
    base = {"font_name": _FONT, "font_size": 10.5, "valign": "top", "border": 1,
            "text_wrap": True}
    date = msg("xlsx.date_format", lang)
    return {
        "title": book.add_format({"font_name": _FONT, "bold": True, "font_size": 16,
                                  "align": "center", "valign": "vcenter", "text_wrap": True}),
        "note": book.add_format({"font_name": _FONT, "font_size": 11}),
        "header": book.add_format({**base, "bold": True, "align": "center",
                                   "valign": "vcenter", "bg_color": "#D9E1F2"}),
        "input_header": book.add_format({**base, "bold": True, "align": "center",
                                         "valign": "vcenter", "bg_color": "#FFF2CC"}),
        "meeting": book.add_format({**base, "bold": True, "font_size": 12}),
        "heading": book.add_format({**base, "bold": True, "bg_color": "#F2F2F2"}),
        "locked": book.add_format(base),
        "locked_number": book.add_format({**base, "align": "center"}),
        "locked_date": book.add_format({**base, "num_format": date, "align": "left"}),
        "input": book.add_format({**base, "locked": False}),
        "input_date": book.add_format({**base, "locked": False, "num_format": date,
                                       "align": "left"}),
    }
