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
from dataclasses import dataclass

from huishang.errors import HuishangError

_LOOSE = re.compile(r"(\d{4})\s*[年/.\-]\s*(\d{1,2})\s*[月/.\-]\s*(\d{1,2})\s*日?")
_YEAR_MONTH = re.compile(r"(\d{4})-(\d{1,2})")  # an option's month: 2024-08, 2024-8
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
    return month_end(year, month)


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def months(first: dt.date, last: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The first and last day of each month from `first`'s to `last`'s."""
    spans = []
    for n in range(first.year * 12 + first.month - 1, last.year * 12 + last.month):
        year, month = divmod(n, 12)
        spans.append((dt.date(year, month + 1, 1), month_end(year, month + 1)))
    return spans


def parse_month(text: str) -> tuple[int, int]:
    """A month as an option gives it (`--month`, `--period`): YYYY-MM or YYYY-M, full-width
    digits too, as (year, month); refused otherwise."""
    found = _YEAR_MONTH.fullmatch(unicodedata.normalize("NFKC", text).strip())
    if found is None or not 1 <= int(found.group(2)) <= 12 or int(found.group(1)) < 1:
        raise HuishangError("option.bad_month", exit_code=2, value=text)
    return int(found.group(1)), int(found.group(2))


# A date at the start of a progress note as units write it in a 填报表, perhaps without its
# year ("8月20日，…") or its day ("2024年4月，…", "5月中旬，…", "6月底，…"). The year may
# be joined by 年 / . -; without a year the month takes 月, so "3.5亿元" is never a date.
_NOTE_DATE = re.compile(
    r"\s*(?:(?P<year>\d{4})\s*(?:年|[/.\-／．－](?=\s*\d{1,2}\s*[/.\-／．－月])))?\s*"
    r"(?P<month>\d{1,2})\s*(?:月|(?<=\d)[/.\-／．－](?=\s*\d))"
    r"(?:\s*(?:(?P<day>\d{1,2})(?:\s*(?P<unit>[日号]))?"
    r"|(?P<part>上旬|中旬|下旬|月底|月末|底|末|份)))?")
_NOTE_END = re.compile(r"\s*[，,：:、;；.。]\s*|\s+")
# The first day of each part of a month; 月底 is the month's last day.
THIRDS = {"上旬": (1, 10), "中旬": (11, 20), "下旬": (21, 31)}
_MONTH_END = ("月底", "月末", "底", "末")
_PLANNED = ("前", "以前", "之前")  # "10月底前完成" is a plan, not the note's date


class BadNoteDate(ValueError):
    """A note starts with a date that does not exist (2024年13月1日, 2月30日)."""

    def __init__(self, written: str) -> None:
        super().__init__(written)
        self.written = written


@dataclass(frozen=True)
class NoteDate:
    """A date as written at the start of a note: its year when given, its month, and a day
    or a part of the month (上旬 中旬 下旬 月底) or neither (the whole month)."""

    written: str
    year: int | None
    month: int
    day: int | None = None
    part: str | None = None  # 上旬 | 中旬 | 下旬 | 月底, or None

    def span(self, year: int) -> tuple[dt.date, dt.date]:
        """The days it can mean in `year`: one day, a third of the month, or the month."""
        last = calendar.monthrange(year, self.month)[1]
        if self.day is not None:
            day = dt.date(year, self.month, self.day)
            return day, day
        if self.part in THIRDS:
            first, end = THIRDS[self.part]
            return dt.date(year, self.month, first), dt.date(year, self.month, min(end, last))
        if self.part == "月底":
            return dt.date(year, self.month, last), dt.date(year, self.month, last)
        return dt.date(year, self.month, 1), dt.date(year, self.month, last)


def note_date(text: str) -> tuple[NoteDate, str] | None:
    """The date a note starts with, and the rest of the note; None when it starts with no
    date. A date that cannot exist raises BadNoteDate: it is refused, never read as text."""
    # matched as written (\d takes full-width digits, the separators are in both widths),
    # so the rest of the note keeps its own punctuation
    found = _NOTE_DATE.match(text)
    if found is None:
        return None
    groups = found.groupdict()
    day, part = groups["day"], groups["part"]
    end = _NOTE_END.match(text, found.end())
    if end is None and not (day and groups["unit"]) and part is None:
        return None  # "4月份以来" and "8月20日召开" are dated, "4月内" is not
    rest = text[end.end() if end is not None else found.end():].strip()
    if not rest or rest.startswith(_PLANNED):
        return None
    if groups["year"] is None and "月" not in found.group():
        return None  # "3.5 亿元": without a year, a date is written with 月
    part = "月底" if part in _MONTH_END else (None if part == "份" else part)
    written = found.group().strip()
    date = NoteDate(written, int(groups["year"]) if groups["year"] else None,
                    int(groups["month"]), int(day) if day else None, part)
    try:
        date.span(date.year or 2000)  # a leap year: 2月29日 without a year may exist
    except ValueError:
        raise BadNoteDate(written) from None
    if date.year is not None and not dt.MINYEAR <= date.year <= dt.MAXYEAR:
        raise BadNoteDate(written)
    return date, rest


def place_note_date(date: NoteDate, *, period: tuple[int, int] | None, earliest: dt.date,
                    latest: dt.date) -> dt.date | None:
    """The day a note's date stands for, between `earliest` (the meeting) and `latest` (the
    import day) where it can be.

    A missing year is the one that puts the date in the form's `period` (year, month), else
    the latest one that puts it between `earliest` and `latest`; None when there is none.
    A month or a third of one stands for its first day (the 1st, 11th or 21st), moved to
    `earliest` or `latest` when they fall inside it; 月底 is the month's last day.
    """
    if date.year is not None:
        years = [date.year]
    elif period is not None and period[1] == date.month:
        years = [period[0]]
    else:
        years = [y for y in range(latest.year, earliest.year - 1, -1)
                 if _fits(date, y, earliest, latest)][:1]
        if not years:
            return None
    try:
        first, last = date.span(years[0])
    except ValueError:  # 2月29日 in a year without it
        return None
    day = last if date.part == "月底" else first
    if first <= earliest <= last:
        day = max(day, earliest)
    if first <= latest <= last:
        day = min(day, latest)
    return day


def _fits(date: NoteDate, year: int, earliest: dt.date, latest: dt.date) -> bool:
    try:
        first, last = date.span(year)
    except ValueError:
        return False
    return first <= latest and last >= earliest
