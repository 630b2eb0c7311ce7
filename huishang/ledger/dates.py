"""Dates as people type them: 2024年3月1日, 2024/3/1, 2024.3.1, 2024-9-30, with full-width
digits too. Files keep ISO dates (YYYY-MM-DD); the command line and imported
spreadsheets accept these forms, and a file's error suggests the ISO form."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

_LOOSE = re.compile(r"(\d{4})\s*[年/.\-]\s*(\d{1,2})\s*[月/.\-]\s*(\d{1,2})\s*日?")


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
