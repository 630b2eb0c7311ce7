"""Cell values as people type them, read into the ledger's values; a value that cannot be
read is a `Bad` naming the message to show at its cell."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from huishang.ledger.dates import (
    BadNoteDate,
    NoDeadline,
    NoteDate,
    loose_date,
    loose_deadline,
    note_date,
)
from huishang.ledger.vocab import STATUS_WORDS, STATUSES, key_of
from huishang.ledger.yamlfile import CONTROL

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_SERIALS = range(20_000, 80_000)  # Excel day numbers of 1954 to 2119: a date, unformatted
_UNITS_SEP = re.compile(r"\s*[、，,;；/／\n]+\s*")
_EVIDENCE_SEP = re.compile(r"\s*[；;]\s*")
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


# "两院共同牵头", "双方共同牵头", "共同牵头": the minutes name every party of the meeting.
_ALL_PARTIES = re.compile(r"(两院|两家|双方|三方|各方|会商各方|会商双方)((共同)?牵头)?|共同牵头")
# "A、B（共同牵头）", as documents and forms write joint leads (in English "A, B (joint
# leads)", messages' lead.joint), or "A、B共同牵头"
_JOINT_MARK = re.compile(r"\s*[（(]?\s*(共同牵头|joint leads)\s*[)）]?$", re.IGNORECASE)
_AND = re.compile(r"\s*[和与及]\s*")


def leads(value: Any, parties: Sequence[str], known: Callable[[str], bool]) -> list[str]:
    """牵头单位: one unit, or joint leads as the minutes write them: "A、B", "A和B",
    "A、B（共同牵头）", or "两院共同牵头" for every party of the meeting (`parties`). A name
    is split at 和/与/及 only when it is not itself a `known` unit and a part of it is, so
    that a unit whose name holds 和 (中华人民共和国…) stays whole, and an unknown part is
    named alone in the error."""
    whole = text(value) or ""
    if _ALL_PARTIES.fullmatch(whole):
        return list(parties)
    found: list[str] = []
    for name in units(_JOINT_MARK.sub("", whole)):
        parts = [p for p in _AND.split(name) if p]
        found += parts if not known(name) and any(map(known, parts)) else [name]
    return found


def evidence(value: Any) -> list[str]:
    """Proofs, one a line; in a one-line cell, separated by ；."""
    whole = text(value) or ""
    parts = whole.split("\n") if "\n" in whole else _EVIDENCE_SEP.split(whole)
    return [p.strip() for p in parts if p.strip()]


@dataclass(frozen=True)
class Entry:
    """One progress note of a cell: its lines as written, the date its text gives (as
    written) and, once placed, its day and how it was dated (`text`, `column` for the
    进展日期 cell, `default` for --date or today)."""

    date: dt.date | None
    note: str
    written: NoteDate | None = None
    line: str = ""
    how: str = "text"


def progress(value: Any) -> list[Entry]:
    """The notes of a progress cell, in the cell's order. Each line that starts with a date
    (2024年8月30日，… 8月20日，… 5月中旬，…) begins a note; other lines continue the note
    above. A line starting with a date that cannot exist (2月30日) is refused."""
    whole = text(value)
    if whole is None:
        return []
    entries: list[Entry] = []
    for line in whole.split("\n"):
        try:
            dated = note_date(line)
        except BadNoteDate as bad:
            raise Bad("import.progress_date_bad", {"value": bad.written}) from None
        if dated is not None:
            entries.append(Entry(None, dated[1], dated[0], line.strip()))
        elif not line.strip():
            continue
        elif entries:
            last = entries[-1]
            entries[-1] = replace(last, note=f"{last.note}\n{line.strip()}",
                                  line=f"{last.line}\n{line.strip()}")
        else:
            entries.append(Entry(None, line.strip(), None, line.strip()))
    return entries
