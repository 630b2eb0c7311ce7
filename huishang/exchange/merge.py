"""Rows of several sheets about one item (the forms two units sent back) merged into one:
their notes in date order, the status of the latest report, every proof."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import replace
from typing import Any, Protocol

from huishang.exchange import values
from huishang.exchange.columns import Columns
from huishang.exchange.grid import Grid
from huishang.exchange.rows import RowStop, Wanted, normal
from huishang.messages import field_value, msg


class ImportOptions(Protocol):
    @property
    def lang(self) -> str: ...


class ImportedSheet(Protocol):
    """A sheet of the import, which places a problem at a cell of a row."""

    @property
    def grid(self) -> Grid: ...
    @property
    def columns(self) -> Columns: ...
    @property
    def options(self) -> ImportOptions: ...

    def bad(self, row: int, name: str | None, code: str, /, **params: Any) -> None: ...


# Fields agreed at the meeting: two sheets about one item must give them alike.
_AGREED = ("title", "lead", "aspect", "partners", "division", "person", "due", "notes")


def merge_rows(group: Sequence[tuple[ImportedSheet, Wanted]]) -> Wanted:
    """Rows of several sheets about one item as one: their notes together in date order
    (a note both give, once), the status of the latest report, every proof. Agreed fields
    that differ, or two statuses for the same day, are refused at both cells."""
    (first_run, merged), rest = group[0], group[1:]
    conflicts = False
    for run, w in rest:
        for name in _AGREED:
            if getattr(w, name) is not None and getattr(merged, name) is not None and (
                    getattr(w, name) != getattr(merged, name)):
                conflicts = True
                run.bad(w.row, name, "import.merge_differs",
                        other=first_run.grid.cell_name(merged.row,
                                                       first_run.columns.fields.get(name, 0)),
                        value=field_value(getattr(merged, name), run.options.lang, name))
    reports = sorted(((_report_day(w), i, run, w) for i, (run, w) in enumerate(group)
                      if w.status is not None), key=lambda x: (x[0] or dt.date.min, x[1]))
    for (day, _, run, w), (later, _, other_run, other) in itertools.pairwise(reports):
        if day == later and w.status != other.status:
            conflicts = True
            lang = run.options.lang
            other_run.bad(other.row, "status", "import.merge_status",
                          other=run.grid.cell_name(w.row, run.columns.fields["status"]),
                          date=str(day or "-"), value=msg(f"status.{w.status}", lang),
                          mine=msg(f"status.{other.status}", lang))
    if conflicts:
        raise RowStop
    entries: dict[tuple[dt.date | None, str], values.Entry] = {}
    for _, w in group:
        for entry in w.entries:
            entries.setdefault((entry.date, normal(entry.note)), entry)
    latest = reports[-1][3] if reports else merged
    agreed: dict[str, Any] = {
        name: next((getattr(w, name) for _, w in group if getattr(w, name) is not None), None)
        for name in _AGREED}
    return replace(merged, **agreed,
                   entries=sorted(entries.values(), key=lambda e: e.date or dt.date.min),
                   status=latest.status, done_on=latest.done_on or next(
                       (w.done_on for _, w in group if w.done_on is not None), None),
                   evidence=list(dict.fromkeys(p for _, w in group for p in w.evidence)),
                   reason=next((w.reason for _, w in group if w.reason), None),
                   by=latest.by or next((w.by for _, w in group if w.by), None),
                   readings=tuple(r for _, w in group for r in w.readings))


def _report_day(w: Wanted) -> dt.date | None:
    """The day a row reports on: its latest note's."""
    return max((e.date for e in w.entries if e.date is not None), default=None)
