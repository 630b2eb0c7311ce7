"""Dates as people type them: 2024年3月1日, 2024/3/1, 2024.3.1, 2024-9-30, with full-width
digits too. Files keep ISO dates (YYYY-MM-DD); the command line and imported
spreadsheets accept these forms, and a file's error suggests the ISO form.

A spreadsheet's deadline column holds more: 2024年6月底前, 2024年底, 2024年上半年, and
长期坚持 for work with no deadline. `loose_deadline` reads those too.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata

_LOOSE = re.compile(r"(\d{4})\s*[年/.\-]\s*(\d{1,2})\s*[月/.\-]\s*(\d{1,2})\s*日?")
# A date at the start of a progress note: "2024年8月30日，召开专题会议".
# (\d matches full-width digits too; the separators are given in both widths.)
_LEADING = re.compile(r"\s*(\d{4}\s*[年/.\-／．－]\s*\d{1,2}\s*[月/.\-／．－]\s*\d{1,2}\s*日?)"
                      r"(?:\s*[，,：:、;；.。]\s*|\s+)")
_MONTH = re.compile(r"(\d{4})\s*[年/.\-]\s*(\d{1,2})\s*月?(?:底|末|份)?")
_YEAR_PART = re.compile(r"(\d{4})\s*年?\s*(底|末|年底|年末|上半年|下半年|第?([一二三四1-4])季度)")
_BEFORE = re.compile(r"(?:之前|以前|前)$")
_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
# Work agreed without a deadline, as ledgers say it.
NO_DEADLINE = ("长期", "长期坚持", "持续", "持续推进", "长期推进", "常态化", "常态化推进", "无")


def loose_date(text: str) -> dt.date | None:
    """The date a person meant, or None when the text is not a date in a known form."""
    plain = unicodedata.normalize("NFKC", text).strip()
    found = _LOOSE.fullmatch(plain)
    if found is None:
        return None
    year, month, day = (int(g) for g in found.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


class NoDeadline:
    """What `loose_deadline` returns for 长期坚持 and the like: agreed with no deadline."""


NO_DUE = NoDeadline()


def loose_deadline(text: str) -> dt.date | NoDeadline | None:
    """A deadline as a ledger writes it: a date, the last day of a month (2024年6月底前),
    of a year (2024年底), a half or a quarter (2024年上半年, 2024年第三季度); NO_DUE for
    长期坚持 and the like; None when the text is none of these."""
    plain = unicodedata.normalize("NFKC", text).strip().rstrip("。.")
    if plain in NO_DEADLINE:
        return NO_DUE
    plain = _BEFORE.sub("", plain).strip()
    day = loose_date(plain)
    if day is not None or not plain:
        return day
    if (year_part := _YEAR_PART.fullmatch(plain)) is not None:
        year, part, quarter = year_part.groups()
        month = 3 * _QUARTERS[quarter] if quarter is not None else (
            6 if part == "上半年" else 12)
        return _month_end(int(year), month)
    if (month_end := _MONTH.fullmatch(plain)) is not None:
        return _month_end(int(month_end.group(1)), int(month_end.group(2)))
    return None


def _month_end(year: int, month: int) -> dt.date | None:
    if not 1 <= month <= 12 or not dt.MINYEAR <= year <= dt.MAXYEAR:
        return None
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def leading_date(text: str) -> tuple[dt.date, str] | None:
    """A date written at the start of a note, and the rest of the note; None without one."""
    found = _LEADING.match(text)
    if found is None:
        return None
    day = loose_date(found.group(1))
    rest = text[found.end():].strip()
    return (day, rest) if day is not None and rest else None
