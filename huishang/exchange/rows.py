"""One row of an import as read: its values resolved, how each cell was read, and the stop
a problem in it makes (the problem itself is already placed at its cell)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from huishang.exchange import values
from huishang.ledger.dates import NoDeadline
from huishang.ledger.models import Meeting
from huishang.ledger.records import Loaded


@dataclass(frozen=True)
class Reading:
    """How one cell was read: its text and what it became, for the clerk to check."""

    cell: str  # as the office names it: 台账.xlsx:会商事项台账!G5
    field: str  # the column's header as written
    text: str
    value: str  # in words: a date, a status, a unit's full name, an aspect
    how: str | None = None  # a note's date: where it came from (text, column, default)


@dataclass
class Wanted:
    """One row's values, read and resolved."""

    row: int
    meeting: Loaded[Meeting]
    title: str
    lead: list[str]  # one, or joint leads (共同牵头)
    item_id: str | None = None
    number: int | None = None
    section: int | None = None  # the heading's number, when 序号 restart under headings
    aspect: str | None = None
    partners: list[str] | None = None
    division: str | None = None
    person: str | None = None
    due: dt.date | NoDeadline | None = None
    status: str | None = None
    entries: list[values.Entry] = field(default_factory=list)
    done_on: dt.date | None = None
    evidence: list[str] = field(default_factory=list)
    reason: str | None = None
    by: str | None = None
    notes: str | None = None
    readings: tuple[Reading, ...] = ()


class RowStop(Exception):
    """Stops reading a row; its problems are already recorded."""


def normal(note: str) -> str:
    """A note as compared: its words, whatever the blanks and line breaks between them."""
    return " ".join(note.split())
