"""Cell values as people type them, read into the ledger's values; a value that cannot be
read is a `Bad` naming the message to show at its cell."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from huishang.ledger.dates import NoDeadline, leading_date, loose_date, loose_deadline
from huishang.ledger.vocab import STATUS_WORDS, STATUSES, key_of
from huishang.ledger.yamlfile import CONTROL

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_SERIALS = range(20_000, 80_000)  # Excel day numbers of 1954 to 2119: a date, unformatted
_UNITS_SEP = re.compile(r"\s*[、，,;；/／\n]+\s*")
_EVIDENCE_SEP = re.compile(r"\s*[；;]\s*")
# a line that starts with year, month and day, valid or not: 2024年2月30日 is refused at its
# cell, never taken as an undated note (which would be dated today)
_DATE_SHAPED = re.compile(r"\s*(\d{4}\s*[年./-]\s*\d{1,2}\s*[月./-]\s*\d{1,2}\s*日?)")
MAX_NUMBER = 99_999  # a 序号 beyond it is a typing slip, and no file name


@dataclass(frozen=True)
class Bad(Exception):
    """A cell whose value cannot be read: the message code and its parameters."""

    code: str
    params: dict[str, str]


def text(value: Any) -> str | None:
    """A cell as text: None when blank; a whole number without `.0`; line breaks as `\\n`."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date | dt.time):
        value = value.isoformat()
    out = str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
    bad = CONTROL.search(out)
    if bad:  # a ledger file may not hold it, and a terminal must not receive it
        raise Bad("import.control_char", {"char": f"U+{ord(bad.group()):04X}"})
    return out or None


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def number(value: Any) -> int:
    """序号: a positive whole number (1, 1.0, "01", "１") up to MAX_NUMBER."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer() and 1 <= value <= MAX_NUMBER:
            return int(value)
    elif isinstance(value, str):
        plain = unicodedata.normalize("NFKC", value).strip().rstrip(".、")
        if plain.isdigit() and len(plain) <= 6 and 1 <= int(plain) <= MAX_NUMBER:
            return int(plain)
    raise Bad("import.number_bad", {"value": text(value) or ""})


def date(value: Any) -> dt.date:
    found = _date(value)
    if found is None:
        raise Bad("import.date_bad", {"value": text(value) or ""})
    return found


def deadline(value: Any) -> dt.date | NoDeadline:
    """完成时限: a date, or a period's last day (2024年6月底前), or NO_DUE (长期坚持)."""
    found: dt.date | NoDeadline | None = _date(value)
    if found is None and isinstance(value, str):
        found = loose_deadline(value)
    if found is None:
        raise Bad("import.deadline_bad", {"value": text(value) or ""})
    return found


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer() and 19_000_101 <= value <= 29_991_231:  # 20240630
            return loose_date(f"{int(value)//10000}-{int(value)//100 % 100}-{int(value) % 100}")
        if float(value).is_integer() and int(value) in _SERIALS:
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        return None
    if isinstance(value, str):
        plain = unicodedata.normalize("NFKC", value).strip()
        plain = re.sub(r"[ T]00:00(:00)?$", "", plain)  # a date cell saved to CSV by Excel
        if re.fullmatch(r"\d{8}", plain):
            return loose_date(f"{plain[:4]}-{plain[4:6]}-{plain[6:]}")
        return loose_date(plain)
    return None


def status(value: Any) -> str:
    word = text(value) or ""
    found = key_of(word, STATUSES, STATUS_WORDS)
    if found is None:
        raise Bad("import.status_bad", {"value": word})
    return found


def units(value: Any) -> list[str]:
    """Several units in one cell, joined by 、，,;； / or line breaks."""
    return [u for u in _UNITS_SEP.split(text(value) or "") if u]


def evidence(value: Any) -> list[str]:
    """Proofs, one a line; in a one-line cell, separated by ；."""
    whole = text(value) or ""
    parts = whole.split("\n") if "\n" in whole else _EVIDENCE_SEP.split(whole)
    return [p.strip() for p in parts if p.strip()]


@dataclass(frozen=True)
class Entry:
    """One progress note of a cell, with its date when the text gave one."""

    date: dt.date | None
    note: str


def progress(value: Any, *, split: bool = True) -> list[Entry]:
    """The notes of a progress cell, in the cell's order. Each line that starts with a date
    (2024年8月30日，…) begins a note of that date; other lines continue the note above.
    With `split` False (the sheet has a date column for progress) the cell is one note."""
    whole = text(value)
    if whole is None:
        return []
    if not split:
        return [Entry(None, whole)]
    entries: list[Entry] = []
    for line in whole.split("\n"):
        dated = leading_date(line)
        shaped = _DATE_SHAPED.match(line) if dated is None else None
        if shaped and loose_date(unicodedata.normalize("NFKC", shaped.group(1))) is None:
            raise Bad("import.date_bad", {"value": shaped.group(1).strip()})
        if dated is not None:
            entries.append(Entry(dated[0], dated[1]))
        elif not line.strip():
            continue
        elif entries:
            last = entries[-1]
            entries[-1] = Entry(last.date, f"{last.note}\n{line.strip()}")
        else:
            entries.append(Entry(None, line.strip()))
    return entries

