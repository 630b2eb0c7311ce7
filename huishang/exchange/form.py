"""The 填报表 sent to units each month (下发): the agreed fields shown and locked, empty
columns for the month's feedback, a hidden item id so that rows match whatever a unit
re-sorts, and the period it asks about, which the import reads back (columns.form_period).

Written with XlsxWriter, imported only by `export --form`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, BinaryIO

from huishang.exchange.sections import Heading, number, sections
from huishang.messages import leads_text, msg

if TYPE_CHECKING:
    from huishang.ledger.models import Item, Meeting

# The form's columns: the field key and its width in characters. Headers are the messages
# field.<key> (form.field.<key> where the form says it otherwise), which the import reads back.
# The widths (168 in all) print at about 85% on A4 landscape: 10.5 pt text as about 9 pt.
AGREED = (("number", 4.5), ("title", 22), ("lead", 10), ("partners", 9), ("division", 9),
          ("person", 6), ("due", 10.5), ("last_progress", 16))
INPUT = (("progress", 24), ("progress_date", 10.5), ("status", 8), ("evidence", 10),
         ("done_on", 10.5), ("adjust", 9), ("reason", 9))
_OWN_HEADERS = ("progress",)  # 本期进展, not the ledger's 最新进展
HIDDEN = ("id", "meeting", "aspect")  # read back by the import, never shown or printed
_FORM_STATUSES = ("planned", "in_progress", "blocked", "done", "cancelled")
_FONT = "SimSun"  # 宋体, which Excel and WPS have on every Chinese system


@dataclass(frozen=True)
class FormItem:
    """One item of a form, with its meeting."""

    item: Item
    meeting: Meeting


def write_form(target: BinaryIO, entries: Sequence[FormItem], *, period: tuple[int, int],
               unit: str | None, lang: str) -> None:
    """Write the form: title and period rows, the header, then the items as their minutes
    set them out (sections.py): per meeting and aspect a heading row (一、…), 序号 as in
    the minutes."""
    import xlsxwriter

    book = xlsxwriter.Workbook(target, {"in_memory": True, "strings_to_formulas": False,
                                           "strings_to_urls": False,
                                           "strings_to_numbers": False})
    book.set_properties({"title": msg("form.sheet", lang), "author": "huishang"})
    sheet = book.add_worksheet(msg("form.sheet", lang))
    f = _formats(book, lang)
    columns = [*AGREED, *INPUT, *((key, 0) for key in HIDDEN)]
    last = len(AGREED) + len(INPUT) - 1
    meetings = list(dict.fromkeys(e.meeting.id for e in entries))
    titles = {e.meeting.id: e.meeting.title for e in entries}
    year, month = period
    sheet.merge_range(0, 0, 0, last, msg("form.title", lang, meetings=msg(
        "sep.list", lang).join(titles[m] for m in meetings) or "-",
        period=msg("form.period_value", lang, year=year, month=month)), f["title"])
    sheet.set_row(0, 36)
    sheet.merge_range(1, 0, 1, last, msg("form.period", lang, year=year, month=month,
                                         unit=unit or msg("form.unit_blank", lang)), f["note"])
    header = 2
    for c, (key, width) in enumerate(columns):
        head = msg(f"form.field.{key}" if key in _OWN_HEADERS else f"field.{key}", lang)
        sheet.write_string(header, c, head,
                           f["input_header"] if (key, width) in INPUT else f["header"])
        if key in HIDDEN:
            sheet.set_column(c, c, 12, f["locked"], {"hidden": True})
        else:
            sheet.set_column(c, c, width)
    sheet.set_row(header, 30)
    r = header + 1
    for line in sections(entries, lang, item=lambda e: e.item, meeting=lambda e: e.meeting):
        if isinstance(line, Heading):
            sheet.merge_range(r, 0, r, last, line.text,
                              f["meeting"] if line.meeting else f["heading"])
        else:
            _item_row(sheet, r, line, columns, f, lang)
        r += 1
    first, end = header + 1, max(r - 1, header + 1)
    status_at = len(AGREED) + [k for k, _ in INPUT].index("status")
    sheet.data_validation(first, status_at, end, status_at, {
        "validate": "list", "source": [msg(f"status.{s}", lang) for s in _FORM_STATUSES],
        "input_title": msg("field.status", lang), "input_message": msg("form.status_hint", lang)})
    for key in ("progress_date", "done_on"):
        at = len(AGREED) + [k for k, _ in INPUT].index(key)
        sheet.data_validation(first, at, end, at, {
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


def _item_row(sheet: Any, r: int, entry: FormItem, columns: list[tuple[str, float]],
              f: dict[str, Any], lang: str) -> None:
    item = entry.item
    last = item.dated_work[-1] if item.dated_work else None
    owner = item.owner
    known: dict[str, Any] = {
        "number": number(item), "title": item.title,
        "lead": leads_text(item.leads, lang, document=True),
        "partners": msg("sep.list", lang).join(item.partners),
        "division": owner.division if owner else None,
        "person": owner.person if owner else None, "due": item.due,
        "last_progress": f"{last.date.isoformat()} {last.note}" if last else None,
        "id": item.id, "meeting": entry.meeting.id, "aspect": item.aspect}
    agreed = {k for k, _ in AGREED} | set(HIDDEN)
    for c, (key, _) in enumerate(columns):
        value = known.get(key)
        style = f["input_date"] if key in ("progress_date", "done_on") else (
            f["input"] if key not in agreed else f["locked_date"] if key == "due" else
            f["locked_number"] if key == "number" else f["locked"])
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
