"""The ledger as an Excel workbook an office can use: one row an item with typed cells
(dates are dates, days overdue are numbers), the warning colours as fills, a frozen
header with filters, widths that fit Chinese text, and a sheet of totals per lead unit;
each sheet prints on A4 landscape with its header repeated, at a scale that can be read.

Written with XlsxWriter (measured faster than openpyxl's write-only mode, and it sets
every format Excel and WPS show); imported only by `export --xlsx`. A text cell is
always written as text, never as a formula, whatever it starts with.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO

from huishang.exchange.sections import Heading
from huishang.messages import long_date, msg
from huishang.output.table import cell_width
from huishang.views.earlywarning import COLOURS
from huishang.views.item_columns import ItemColumn, values
from huishang.views.progress import Tally
from huishang.views.query import Row

FILLS = {"red": "#FF7C80", "orange": "#F4B084", "yellow": "#FFE699"}  # the warning fills
_FONT = "SimSun"  # 宋体, which Excel and WPS have on every Chinese system
_MAX_WIDTH = {"text": 24, "date": 16, "number": 10, "long": 48}
# The office layout wraps its text (a unit's name at a character), so its columns are
# narrower: twelve columns print on one A4 landscape page across at about 80 %.
_OFFICE_WIDTH = {"text": 13, "date": 16, "number": 9, "long": 32}
# Excel fits a row to its wrapped text when it opens a file, LibreOffice (and the PDF made
# through it) does not: the office layout sets each row's height, 16 pt a line of 11 pt text (the
# line a CJK face with the tallest spacing takes).
_LINE_PT = 16

# Printing: A4 landscape with Excel's margins (0.7 inch left and right, 0.75 top and
# bottom), in pixels of 96 to the inch, as Excel lays a column out: a width of w takes
# 7w + 5 pixels (a digit of its 11 pt Normal font is 7 pixels), a row 20.
_PRINT_WIDTH_PX = (297 / 25.4 - 1.4) * 96
_PRINT_HEIGHT_PX = (210 / 25.4 - 1.5) * 96
_ROW_PX = 20
# A program that measures the width unit as a digit of 0.5 em (7.33 pixels: LibreOffice, or
# WPS without Calibri) lays the same columns out about 5 % wider than Excel.
_HEADROOM = 1.05
MIN_PRINT_SCALE = 70  # below this a printed sheet is too small to read


def write_workbook(target: Path | BinaryIO, lines: Sequence[Row | Heading],
                   columns: Sequence[ItemColumn], tallies: Sequence[Tally], total: Tally, *,
                   lang: str, today: dt.date, office: bool = False) -> None:
    """Write the workbook to a path or a binary buffer (the caller makes it atomic). The
    items sheet has a row for each of `lines`: an item, or a heading (sections.py) merged
    across the sheet. `office`: the office's layout, its text wrapped in narrower columns
    so that the sheet prints on one page across, without the flat list's filters."""
    import xlsxwriter

    # strings_to_formulas off: a cell that starts with "=" is the clerk's text, not a formula
    book = xlsxwriter.Workbook(target, {"in_memory": True, "strings_to_formulas": False,
                                           "strings_to_urls": False,
                                           "strings_to_numbers": False})
    book.set_properties({"title": msg("xlsx.title", lang), "author": "huishang"})
    formats = _Formats(book, lang, wrap=office)
    _items_sheet(book, formats, lines, columns, lang, today, office=office)
    _summary_sheet(book, formats, tallies, total, lang)
    book.close()


class _Formats:
    def __init__(self, book: Any, lang: str, *, wrap: bool) -> None:
        base = {"font_name": _FONT, "font_size": 11, "valign": "top", "border": 1}
        self.title = book.add_format({"font_name": _FONT, "bold": True, "font_size": 16,
                                      "align": "center", "valign": "vcenter"})
        self.note = book.add_format({"font_name": _FONT, "font_size": 10, "italic": True})
        self.header = book.add_format({**base, "bold": True, "align": "center",
                                       "valign": "vcenter", "text_wrap": True,
                                       "bg_color": "#D9E1F2"})
        date_format = msg("xlsx.date_format", lang)
        self.kinds: dict[str, Any] = {
            "text": book.add_format({**base, "text_wrap": wrap}),
            "long": book.add_format({**base, "text_wrap": True}),
            "date": book.add_format({**base, "num_format": date_format, "align": "left"}),
            "number": book.add_format({**base, "num_format": "0"}),
        }
        self.fills = {c: book.add_format({**base, "bg_color": FILLS[c], "bold": True})
                      for c in COLOURS}
        self.percent = book.add_format({**base, "num_format": "0.0%"})
        self.total = book.add_format({**base, "bold": True})
        self.total_percent = book.add_format({**base, "bold": True, "num_format": "0.0%"})
        self.meeting = book.add_format({**base, "bold": True, "font_size": 12})
        self.heading = book.add_format({**base, "bold": True, "bg_color": "#F2F2F2"})


def _items_sheet(book: Any, f: _Formats, lines: Sequence[Row | Heading],
                 columns: Sequence[ItemColumn], lang: str, today: dt.date, *, office: bool) -> None:
    sheet = book.add_worksheet(msg("xlsx.items_sheet", lang))
    last = max(len(columns) - 1, 0)
    sheet.merge_range(0, 0, 0, last, msg("xlsx.title", lang), f.title)
    sheet.set_row(0, 28)
    n = sum(1 for line in lines if not isinstance(line, Heading))
    sheet.write_string(1, 0, msg("xlsx.as_of", lang, today=long_date(today, lang), n=n), f.note)
    header = 2
    widths = [cell_width(c.header(lang)) + 2 for c in columns]
    for c, column in enumerate(columns):
        sheet.write_string(header, c, column.header(lang), f.header)
    warning_at = next((i for i, c in enumerate(columns) if c.key == "warning"), None)
    written: list[tuple[int, list[Any]]] = []
    for r, row in enumerate(lines, start=header + 1):
        if isinstance(row, Heading):
            sheet.merge_range(r, 0, r, last, row.text, f.meeting if row.meeting else f.heading)
            continue
        cells = values(row, columns, lang)
        for c, value in enumerate(cells):
            style = f.kinds[columns[c].kind]
            if c == warning_at and row.alert is not None:
                style = f.fills[row.alert.colour]
            _write(sheet, r, c, value, style)
            widths[c] = max(widths[c], _width(value))
        written.append((r, cells))
    most = _OFFICE_WIDTH if office else _MAX_WIDTH
    laid = [min(widths[c], most[column.kind]) for c, column in enumerate(columns)]
    for c, width in enumerate(laid):
        sheet.set_column(c, c, width)
    if office:  # each row as tall as its wrapped text, in whatever program opens it
        for r, cells in written:
            sheet.set_row(r, _LINE_PT * max((_lines(v, w) for v, w in zip(cells, laid,
                                                                          strict=True)),
                                            default=1))
    if office:  # headings across the sheet: a filter or a sort would tear them from their rows
        sheet.freeze_panes(header + 1, min(2, len(columns)))
    else:
        sheet.freeze_panes(header + 1, 0)
        sheet.autofilter(header, 0, header + len(lines), last)
    scale = print_scale(laid)
    _print_setup(sheet, scale)
    sheet.repeat_rows(header)  # the header on every page
    if _pixels(laid) * scale / 100 > _PRINT_WIDTH_PX:  # more pages across: each says whose
        sheet.repeat_columns(0)


def _lines(value: Any, width: float) -> int:
    """The lines a text takes wrapped in a column `width` wide: a character is 2 wide, and
    one unit of the column is left for the cell's padding."""
    if not isinstance(value, str):
        return 1
    room = max(width - 1, 2)
    return sum(max(1, math.ceil(cell_width(line) / room)) for line in value.split("\n"))


def _pixels(widths: Sequence[float]) -> float:
    return sum(7 * w + 5 for w in widths)


def print_scale(widths: Sequence[float], rows: int | None = None) -> int:
    """The print scale (%) at which columns of `widths` fit an A4 landscape page across
    (and `rows` rows down, when given), never below `MIN_PRINT_SCALE`: a sheet wider than
    that is printed on more pages across instead of in type too small to read."""
    fits = _PRINT_WIDTH_PX / (_pixels(widths) * _HEADROOM)
    if rows is not None:
        fits = min(fits, _PRINT_HEIGHT_PX / (rows * _ROW_PX))
    return max(MIN_PRINT_SCALE, min(100, int(fits * 100)))


def _print_setup(sheet: Any, scale: int) -> None:
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.set_print_scale(scale)


def _write(sheet: Any, r: int, c: int, value: Any, style: Any) -> None:
    if value is None:
        sheet.write_blank(r, c, None, style)
    elif isinstance(value, dt.date):
        sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), style)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        sheet.write_number(r, c, value, style)
    else:
        sheet.write_string(r, c, str(value), style)


def _width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 14
    longest = max((cell_width(line) for line in str(value).split("\n")), default=0)
    return longest + 2


def _summary_sheet(book: Any, f: _Formats, tallies: Sequence[Tally], total: Tally,
                   lang: str) -> None:
    from huishang.ledger.vocab import STATUSES

    sheet = book.add_worksheet(msg("xlsx.summary_sheet", lang))
    heads = [msg("group.lead", lang), msg("total", lang)]
    heads += [msg(f"status.{s}", lang) for s in STATUSES]
    heads += [msg("overdue_count", lang), msg("xlsx.done_ratio", lang)]
    heads += [msg(f"colour.{c}", lang) for c in COLOURS]
    for c, head in enumerate(heads):
        sheet.write_string(0, c, head, f.header)
    for r, t in enumerate([*tallies, total], start=1):
        closing = t is total
        name = msg("totals", lang) if closing else (t.label or msg("none_group", lang))
        cells: list[Any] = [name, t.total, *t.statuses.values(), t.overdue]
        for c, value in enumerate(cells):
            _write(sheet, r, c, value, f.total if closing else f.kinds["text" if c == 0
                                                                       else "number"])
        ratio = t.done_ratio
        _write(sheet, r, len(cells), ratio, f.total_percent if closing else f.percent)
        for c, colour in enumerate(COLOURS, start=len(cells) + 1):
            count = t.colours[colour]
            _write(sheet, r, c, count, f.fills[colour] if count else (
                f.total if closing else f.kinds["number"]))
    if total.shared:  # joint leads: each lead's row counts the item, the totals once
        sheet.write_string(len(tallies) + 3, 0, msg("progress.joint_leads", lang, n=total.shared))
    first = max([cell_width(t.label) for t in tallies] + [12]) + 2
    sheet.set_column(0, 0, first)
    sheet.set_column(1, len(heads) - 1, 9)
    sheet.freeze_panes(1, 1)
    _print_setup(sheet, print_scale([first] + [9] * (len(heads) - 1), len(tallies) + 2))
    sheet.repeat_rows(0)
