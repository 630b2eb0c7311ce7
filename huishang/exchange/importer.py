"""An office's 台账 sheet read into the ledger: each row an item of its meeting.

A row whose item is not in the ledger becomes a new file; a row whose item is there
changes it through the rules of `update` (a moved deadline needs a reason, closing needs
evidence). The whole sheet is judged before anything is written, and any problem, placed
at its cell, refuses all of it. Importing the same sheet again changes nothing.

Which item a row is: its 编号 (item id) when the sheet has one; else its 序号 in the
meeting, the number the minutes give (序号 5 is `<meeting-id>-05`, gaps stay gaps); else
the item of the meeting with the same title; else a new item with the next free number.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from huishang.edit import lifecycle, scaffold
from huishang.edit.changes import Change, Refused, add_aspects, edit_item, id_index, new_file
from huishang.errors import HuishangError
from huishang.exchange import values
from huishang.exchange.columns import (
    HEADING_NUMBER,
    TOTALS_ROW,
    Columns,
    find_columns,
    form_period,
    heading_number,
)
from huishang.exchange.grid import Grid, read_grids, sheet_names
from huishang.exchange.merge import merge_rows
from huishang.exchange.rows import Reading, RowStop, Wanted, normal
from huishang.ledger.dates import NoDeadline, place_note_date
from huishang.ledger.layout import item_id_of, item_number
from huishang.ledger.models import InputLimits, Item, Meeting
from huishang.ledger.problems import Problem
from huishang.ledger.records import Ledger, Loaded, folder_of
from huishang.ledger.rules import unit_problem
from huishang.messages import NOTE_JOINS, field_value, msg


@dataclass(frozen=True)
class Options:
    meeting: str | None  # --meeting: rows without a 会议编号 cell go there
    today: dt.date
    lang: str
    date: dt.date | None = None  # --date: progress notes the sheet does not date
    reason: str | None = None  # --reason: for changed agreed fields, when no reason column
    sheet: str | None = None
    maps: dict[str, str] = field(default_factory=dict)
    create_aspects: bool = False  # aspects the meeting lacks are made from the sheet's headings


@dataclass(frozen=True)
class RowResult:
    """What one row does: `new`, `update` or `same`, with what changes, in words."""

    cell: str  # the row's first cell, as the office names it
    item_id: str
    action: str
    summary: tuple[str, ...] = ()
    defaulted: tuple[values.Entry, ...] = ()  # notes dated by --date or today, not the sheet
    merged: tuple[str, ...] = ()  # the rows of other sheets about the same item
    readings: tuple[Reading, ...] = ()


@dataclass
class Outcome:
    file: str  # the first sheet's; `sources` has every sheet read
    sheet: str | None
    rows: list[RowResult] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    ignored: tuple[tuple[str, str], ...] = ()
    sources: list[tuple[str, str | None, tuple[tuple[str, str], ...]]] = field(
        default_factory=list)  # file, sheet, the columns not understood
    aspects: list[tuple[str, str, str]] = field(default_factory=list)  # meeting, key, title
    hints: set[str] = field(default_factory=set)  # message codes to show after the problems
    hidden: tuple[str, ...] = ()  # hidden sheets not read (no --sheet named one)

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)


def import_sheet(ledger: Ledger, path: Path, options: Options) -> Outcome:
    """Read the sheet and judge every row against the ledger; nothing is written here."""
    return import_sheets(ledger, [path], options)


def import_sheets(ledger: Ledger, paths: list[Path], options: Options) -> Outcome:
    """Read several sheets (the forms units sent back) as one import: rows of different
    sheets about the same item are merged by date; a problem anywhere refuses all."""
    shared = _Shared(ledger, options)
    runs = [_Run(shared, *_locate(path, options, ledger.settings.limits))
            for path in paths]
    for run in runs:
        run.read_rows()
    if shared.added and not any(run.problems() for run in runs):
        shared.write_aspects()
        for run in runs:
            run.ledger = shared.ledger
    for item_id, group in shared.groups.items():
        run, w = group[0]
        try:
            if len(group) > 1:
                w = merge_rows(group)
            run.carry_out(w, item_id, shared.existing[item_id],
                          tuple(g[0].first_cell(g[1].row) for g in group[1:]))
        except RowStop:
            continue
    outcome = shared.outcome
    outcome.sources = [(run.grid.file, run.grid.sheet, run.columns.ignored) for run in runs]
    outcome.file, outcome.sheet = outcome.sources[0][:2]
    outcome.ignored = outcome.sources[0][2]
    outcome.problems = [p for run in runs for p in run.problems()]
    if options.sheet is None:  # a clerk who checked the workbook never saw these
        outcome.hidden = tuple(name for path in paths
                               for name in sheet_names(path, visible=False))
    return outcome


def _locate(path: Path, options: Options, limits: InputLimits) -> tuple[Grid, Columns]:
    """The sheet to read (--sheet, else the first with a header) and its columns."""
    grids = read_grids(path, options.sheet, limits)
    for grid in grids:
        columns = find_columns(grid, options.maps)
        if columns is not None:
            if "lead" not in columns.fields:  # every item has one: say so once, not a row
                raise HuishangError("import.no_lead_column", path=str(path),
                                    sheet=grid.sheet or "-")
            # a header cell merged down over the rows would give each row the header's text
            merged = grid.merged_down(columns.header_row, columns.fields.values())
            if merged is not None:
                raise HuishangError("import.header_merged", cell=grid.cell_name(*merged))
            return grid, columns
    raise HuishangError("import.no_header", path=str(path),
                        sheet=options.sheet or ", ".join(g.sheet or g.file for g in grids))


class _Shared:
    """What every sheet of one import shares: the ledger's items found by id, 序号 and title,
    the ids rows have taken, and the outcome."""

    def __init__(self, ledger: Ledger, options: Options):
        self.ledger = ledger
        self.options = options
        self.outcome = Outcome("", None)
        self.by_id = {e.record.id: e for e in ledger.items}
        self.ids = id_index(ledger)
        # each meeting's items by 序号 and by title, and its highest number: a row is
        # matched in constant time, so a 10,000-row sheet is not 10,000 scans of the ledger
        self.by_number: dict[tuple[str, int], Loaded[Item]] = {}
        self.by_title: dict[tuple[str, str], Loaded[Item]] = {}
        self.top: dict[str, int] = {}  # meeting -> its highest item number, rows included
        for entry in ledger.items:
            folder = folder_of(entry.path)
            self.by_title.setdefault((folder, entry.record.title.strip()), entry)
            self.count(entry.record.id)
            number = item_number(entry.record.id)
            if number is not None:
                self.by_number.setdefault((folder, number), entry)
        # item id -> the rows about it (one a sheet), and the item in the ledger if any
        self.groups: dict[str, list[tuple[_Run, Wanted]]] = {}
        self.existing: dict[str, Loaded[Item] | None] = {}
        self.added: dict[str, dict[str, str]] = {}  # meeting -> new aspect's title -> key

    def new_aspect(self, meeting: Meeting, text: str) -> str | None:
        """With --create-aspects, the key of an aspect the meeting lacks, named by a heading
        row or an aspect cell (一、共同提升… → a new aspect 共同提升…); None without it."""
        if not self.options.create_aspects:
            return None
        title = HEADING_NUMBER.sub("", unicodedata.normalize("NFKC", text)).strip().rstrip(":")
        added = self.added.setdefault(meeting.id, {})
        if title not in added:
            taken = {a.key for a in meeting.aspects} | set(added.values())
            wanted = heading_number(text)
            key = f"A{wanted}" if wanted is not None and f"A{wanted}" not in taken else next(
                f"A{n}" for n in range(1, len(taken) + 2) if f"A{n}" not in taken)
            added[title] = key
        return added[title]

    def write_aspects(self) -> None:
        """The meetings' new aspects as changes; the items are then checked against them."""
        meetings = dict(self.ledger.meetings)
        for meeting_id, added in self.added.items():
            entry = meetings[meeting_id]
            change = add_aspects(self.ledger, entry, [(k, t) for t, k in added.items()])
            assert isinstance(change.record, Meeting)
            meetings[meeting_id] = Loaded(change.record, entry.path, entry.source)
            self.outcome.changes.append(change)
            self.outcome.aspects.extend((meeting_id, k, t) for t, k in added.items())
        self.ledger = replace(self.ledger, meetings=meetings)

    def aspect_title(self, meeting: Meeting, key: str) -> str:
        found = next((a.title for a in meeting.aspects if a.key == key), None)
        return found or next(t for t, k in self.added.get(meeting.id, {}).items() if k == key)

    def count(self, item_id: str) -> None:
        """Note an item id as taken, so that the next new number comes after it."""
        number = item_number(item_id)
        if number is not None:
            meeting_id = item_id.rsplit("-", 1)[0]  # <meeting-id>-NN
            self.top[meeting_id] = max(self.top.get(meeting_id, 0), number)


class _Run:
    """One sheet of an import: its rows read, and problems placed at its cells."""

    def __init__(self, shared: _Shared, grid: Grid, columns: Columns):
        self.shared = shared
        self.ledger = shared.ledger
        self.options = shared.options
        self.outcome = shared.outcome
        self.grid = grid
        self.columns = columns
        self.period = form_period(grid, columns.header_row)  # a 填报表's month, if it is one
        self.by_id, self.ids = shared.by_id, shared.ids
        self.by_number, self.by_title = shared.by_number, shared.by_title
        # (meeting, heading number or 0, 序号) -> its first row
        self.numbers: dict[tuple[str, int, int], int] = {}
        self.section: tuple[int, str] | None = None  # the last aspect heading row
        self.section_number = 0  # its number (一、 is 1), when 序号 restart under headings
        self.sectioned = False
        self.unknown_sections: set[tuple[int, str]] = set()  # reported once each
        self._located: list[tuple[int, int, Problem]] = []

    def problems(self) -> list[Problem]:
        return [p for _, _, p in sorted(self._located, key=lambda x: (x[0], x[1]))]

    # -- problems at cells ----------------------------------------------------------------

    def bad(self, row: int, name: str | None, code: str, /, **params: Any) -> None:
        column = self.columns.fields.get(name, 0) if name else 0
        label = self.columns.label(name) if name in self.columns.fields else ""
        self._located.append((row, column, Problem(
            path=self.grid.cell_name(row, column), line=None, column=None, field=label,
            code=code, params=tuple(sorted((k, str(v)) for k, v in params.items())))))

    def cell(self, row: int, name: str) -> Any:
        column = self.columns.fields.get(name)
        return "" if column is None else self.grid.value(row, column)

    def read(self, row: int, name: str, parse: Callable[[Any], Any]) -> Any:
        """A cell read by `parse`; None when blank; a problem (and None) when unreadable."""
        raw = self.cell(row, name)
        if values.blank(raw):
            return None
        try:
            return parse(raw)
        except values.Bad as bad:
            self.bad(row, name, bad.code, **bad.params)
            return None

    # -- the rows -------------------------------------------------------------------------

    def kind(self, r: int) -> str:
        """What a row is: `item`, `heading` (一、共同深化…) or `skip` (blank, totals)."""
        texts = [str(t).strip() for t in self.grid.rows[r] if not values.blank(t)]
        if not texts or TOTALS_ROW.match(texts[0]):
            return "skip"
        if len(set(texts)) == 1 and (len(texts) > 1 or values.blank(self.cell(r, "title"))):
            return "heading"
        return "item"

    def restarts(self) -> bool:
        """Whether 序号 restart under each heading (一、1 2 3 / 二、1 2 3): a number comes
        again under another heading, never twice under one."""
        seen: set[tuple[int, Any]] = set()
        numbers: set[Any] = set()
        again = False
        heading = 0
        for r in range(self.columns.header_row + 1, len(self.grid.rows)):
            kind = self.kind(r)
            if kind == "heading":
                heading += 1
            elif kind == "item" and not values.blank(number := self.cell(r, "number")):
                if (heading, number) in seen:
                    return False
                again = again or number in numbers
                seen.add((heading, number))
                numbers.add(number)
        return again

    def read_rows(self) -> None:
        """Read every item row and name the item it is about; nothing is judged yet."""
        self.sectioned = "number" in self.columns.fields and self.restarts()
        headings = 0
        for r in range(self.columns.header_row + 1, len(self.grid.rows)):
            kind = self.kind(r)
            if kind == "heading":
                headings += 1
                text = str(next(t for t in self.grid.rows[r] if not values.blank(t))).strip()
                self.section = (r, text)  # 一、共同深化落实认罪认罚从宽制度
                self.section_number = heading_number(text) or headings
                continue
            if kind == "skip":
                continue
            try:
                wanted = self.wanted(r)
                wanted.readings = self.readings(wanted)
                self.claim(wanted)
            except RowStop:
                continue

    def claim(self, w: Wanted) -> None:
        """The item the row is about, taken by it; a second row of this sheet about the same
        item is refused, a row of another sheet joins it (to be merged)."""
        existing = self.existing(w)
        item_id = existing.record.id if existing is not None else self.new_id(w)
        group = self.shared.groups.get(item_id)
        same = next((other for run, other in group or () if run is self), None)
        if same is not None:
            self.bad(w.row, "id" if w.item_id else "number", "import.duplicate", id=item_id,
                     row=same.row + 1)
            raise RowStop
        if group is None:
            self.shared.groups[item_id] = group = []
            self.shared.existing[item_id] = existing
            self.shared.count(item_id)
        group.append((self, w))

    def wanted(self, r: int) -> Wanted:
        """Every cell of the row read; any problem (all of them recorded) stops the row."""
        before = len(self._located)
        meeting = self.meeting(r)
        title = self.read(r, "title", values.text)
        lead = self.read(r, "lead", self.leads_of(meeting))
        if title is None:
            self.bad(r, "title", "import.required")
        if not lead:  # blank, or only separators
            self.bad(r, "lead", "import.required")
        w = Wanted(r, meeting, title or "", _distinct(lead or [], self.ledger.canonical)
                   ) if meeting is not None else None
        item_id = self.read(r, "id", values.text)
        number = self.read(r, "number", values.number)
        section = self.section_number if self.sectioned and number is not None else None
        if meeting is not None and number is not None:
            first = self.numbers.setdefault((meeting.record.id, section or 0, number), r)
            if first != r:
                self.bad(r, "number", "import.duplicate_number", number=number, row=first + 1)
        partners = self.read(r, "partners", values.units)
        for name, units in (("lead", lead or []), ("partners", partners or [])):
            for unit in units:
                found = unit_problem(self.ledger, unit)
                if found is not None:
                    self.bad(r, name, found[0], **found[1])
        read = {name: self.read(r, name, parse) for name, parse in (
            ("division", values.text), ("person", values.text), ("due", values.deadline),
            ("status", values.status), ("done_on", values.date), ("evidence", values.evidence),
            ("reason", values.text), ("by", values.text), ("notes", values.text))}
        if w is None:
            raise RowStop
        w.item_id, w.number, w.section = item_id, number, section
        w.aspect = self.aspect(r, meeting) if meeting is not None else None
        w.partners = _distinct(partners or [], self.ledger.canonical) or None
        w.division, w.person = read["division"], read["person"]
        w.due, w.status, w.done_on = read["due"], read["status"], read["done_on"]
        w.evidence = read["evidence"] or []
        w.reason = read["reason"] or self.options.reason
        w.by, w.notes = read["by"], read["notes"]
        if meeting is not None:
            w.entries = self.entries(r, meeting.record)
        if len(self._located) > before:
            raise RowStop
        return w

    def readings(self, w: Wanted) -> tuple[Reading, ...]:
        """How the row's cells that are read, not copied, were read: units, aspect,
        deadline, status, dates and each progress note's date."""
        lang, canonical = self.options.lang, self.ledger.canonical
        out: list[Reading] = []

        def add(name: str, value: str, text: str | None = None,
                where: tuple[int, int] | None = None, label: str | None = None,
                how: str | None = None) -> None:
            column = self.columns.fields.get(name)
            if where is None and column is None:
                return
            row, column = where or (w.row, column or 0)
            written = text if text is not None else values.text(self.grid.value(row, column))
            if written and written != value:  # a value copied as written needs no showing
                out.append(Reading(self.grid.cell_name(row, column),
                                   label or self.columns.label(name), written, value, how))

        add("lead", msg("sep.list", lang).join(canonical(unit) for unit in w.lead))
        if w.partners:
            add("partners", msg("sep.list", lang).join(canonical(p) for p in w.partners))
        if w.aspect is not None:
            title = self.shared.aspect_title(w.meeting.record, w.aspect)
            heading = None if "aspect" in self.columns.fields or self.section is None else (
                self.section[0], 0)
            add("aspect", f"{w.aspect} {title}", where=heading,
                label=msg("field.aspect", lang) if heading else None)
        if w.due is not None:
            add("due", w.due.isoformat() if isinstance(w.due, dt.date) else
                msg("import.read_no_due", lang))
        if w.status is not None:
            add("status", msg(f"status.{w.status}", lang))
        if w.done_on is not None:
            add("done_on", w.done_on.isoformat())
        for entry in w.entries:
            add("progress", str(entry.date), text=entry.line, how=entry.how)
        return tuple(out)

    def leads_of(self, meeting: Loaded[Meeting] | None) -> Callable[[Any], list[str]]:
        """How the row's 牵头单位 cell is read: "两院共同牵头" names the meeting's parties,
        and a name is split at 和 only where units.yaml or the parties know a part."""
        parties = meeting.record.parties if meeting is not None else []
        units = self.ledger.units

        def known(name: str) -> bool:
            return name in parties or (units is not None and units.canonical(name) is not None)

        return lambda value: values.leads(value, parties, known)

    def meeting(self, r: int) -> Loaded[Meeting] | None:
        given = self.read(r, "meeting", values.text)
        meeting_id = given or self.options.meeting
        if meeting_id is None:
            self.bad(r, None, "import.no_meeting")
            return None
        found = self.ledger.meetings.get(meeting_id)
        if found is None:
            self.bad(r, "meeting" if given else None, "import.meeting_missing", id=meeting_id)
        return found

    def aspect(self, r: int, meeting: Loaded[Meeting]) -> str | None:
        """The aspect's key: from its column, else from the heading row above."""
        given = self.read(r, "aspect", values.text)
        where, name = (r, "aspect") if given is not None else (
            (self.section[0], None) if self.section is not None else (r, None))
        text = given or (self.section[1] if self.section is not None else None)
        if text is None:
            return None
        key = aspect_key(meeting.record, text) or self.shared.new_aspect(meeting.record, text)
        if key is None:
            if (where, meeting.record.id) not in self.unknown_sections:
                self.unknown_sections.add((where, meeting.record.id))
                choices = msg("sep.list", self.options.lang).join(
                    f"{a.key} {a.title}" for a in meeting.record.aspects) or "-"
                self.bad(where, name, "import.aspect_unknown", value=text,
                         meeting=meeting.record.id, choices=choices)
                self.outcome.hints.add("import.create_aspects_hint")
            raise RowStop
        return key

    def entries(self, r: int, meeting: Meeting) -> list[values.Entry]:
        """The row's progress notes, each dated: by the date its text starts with, else by
        the 进展日期 cell, else by --date or today; in date order (files keep notes oldest
        first; ledgers often put the latest first)."""
        on_column = self.read(r, "progress_date", values.date)
        found = self.read(r, "progress", values.progress) or []
        default = self.options.date or self.options.today
        out: list[values.Entry] = []
        for entry in found:
            if entry.written is None:
                out.append(replace(entry, date=on_column or default,
                                   how="column" if on_column else "default"))
                continue
            day = place_note_date(entry.written, period=self.period, earliest=meeting.date,
                                  latest=self.options.today)
            if day is None:
                self.bad(r, "progress", "import.progress_year_unknown",
                         value=entry.written.written, meeting=meeting.date.isoformat(),
                         today=self.options.today.isoformat())
                continue
            out.append(replace(entry, date=day, how="text"))
        adjust = self.read(r, "adjust", values.text)
        if adjust is not None:  # a request for the office to decide, kept as a note
            reason = self.read(r, "reason", values.text)
            note = msg("import.adjust_note" if reason else "import.adjust_note_bare",
                       self.options.lang, adjust=adjust, reason=reason or "")
            latest = max(out, key=lambda e: e.date or default, default=None)
            how = latest.how if latest is not None else "column" if on_column else "default"
            out.append(values.Entry(latest.date if latest is not None else on_column or default,
                                    note, None, note, how))
        return sorted(out, key=lambda e: e.date or default)

    def check_dates(self, w: Wanted, entries: list[values.Entry]) -> None:
        """New progress falls between the meeting and today, as `check` requires."""
        meeting = w.meeting.record
        for entry in entries:
            assert entry.date is not None
            if entry.date > self.options.today:
                self.bad(w.row, "progress", "import.progress_future",
                         date=entry.date.isoformat(), today=self.options.today.isoformat())
            elif entry.date < meeting.date:
                self.bad(w.row, "progress", "import.progress_before_meeting",
                         date=entry.date.isoformat(), meeting=meeting.date.isoformat())
        if any(e.date is not None and not meeting.date <= e.date <= self.options.today
               for e in entries):
            raise RowStop

    # -- which item, and what changes -------------------------------------------------------

    def carry_out(self, w: Wanted, item_id: str, existing: Loaded[Item] | None,
                  merged: tuple[str, ...] = ()) -> None:
        self.merged = merged
        if existing is None:
            self.create(w, item_id)
        else:
            self.change(w, existing)

    def existing(self, w: Wanted) -> Loaded[Item] | None:
        folder = w.meeting.record.id
        if w.item_id is not None:
            found = self.by_id.get(w.item_id)
            if found is not None and folder_of(found.path) != folder:
                self.bad(w.row, "id", "import.other_meeting", id=w.item_id,
                         other=folder_of(found.path), meeting=folder)
                raise RowStop
            if found is None and self.period is not None:  # a form reports, never creates
                self.bad(w.row, "id", "import.form_unknown_id", id=w.item_id)
                raise RowStop
            return found
        if w.number is not None and w.section is not None:
            return self.by_id.get(_sectioned_id(folder, w.section, w.number))
        if w.number is not None:
            return self.by_number.get((folder, w.number))
        return self.by_title.get((folder, w.title))

    def new_id(self, w: Wanted) -> str:
        meeting_id = w.meeting.record.id
        if w.item_id is not None:
            return w.item_id
        if w.number is not None and w.section is not None:
            return _sectioned_id(meeting_id, w.section, w.number)
        if w.number is not None:
            return item_id_of(meeting_id, w.number)
        return f"{meeting_id}-{self.shared.top.get(meeting_id, 0) + 1:02d}"

    def create(self, w: Wanted, item_id: str) -> None:
        self.check_dates(w, w.entries)
        status = w.status or ("in_progress" if w.entries else "planned")
        updates = [self.update_record(e, w) for e in w.entries]
        done_on = None
        if status == "done":
            if not w.evidence:
                self.bad(w.row, "status", "import.done_no_evidence")
                raise RowStop
            done_on = w.done_on or (w.entries[-1].date if w.entries else None) or (
                self.options.date or self.options.today)
        elif w.done_on is not None:
            self.bad(w.row, "done_on", "import.done_on_not_done")
            raise RowStop
        text = scaffold.item_text(
            item_id, w.title, w.lead, partners=w.partners or (), aspect=w.aspect,
            due=w.due if isinstance(w.due, dt.date) else None, division=w.division,
            person=w.person, status=status, updates=updates, done_on=done_on,
            evidence=w.evidence, notes=w.notes)
        rel = scaffold.item_path(w.meeting.record.id, item_id)
        if (self.ledger.root / rel).exists():  # a file that does not validate
            self.bad(w.row, "id" if w.item_id else "number", "import.file_exists", path=rel)
            raise RowStop
        change = self.checked(w, lambda: new_file(self.ledger, rel, text, Item,
                                                        self.ids))
        self.outcome.changes.append(change)
        self.outcome.rows.append(RowResult(self.first_cell(w.row), item_id, "new",
                                           defaulted=_defaulted(w.entries),
                                           merged=self.merged, readings=w.readings))

    def update_record(self, entry: values.Entry, w: Wanted) -> dict[str, Any]:
        record: dict[str, Any] = {"date": entry.date, "note": entry.note}
        if w.by:
            record["by"] = w.by
        return record

    def change(self, w: Wanted, entry: Loaded[Item]) -> None:
        item = entry.record
        lang = self.options.lang
        canonical = self.ledger.canonical
        request: dict[str, Any] = {}
        if w.title != item.title:
            request["title"] = w.title
        if w.aspect is not None and w.aspect != item.aspect:
            request["aspect"] = w.aspect
        if list(map(canonical, w.lead)) != list(map(canonical, item.leads)):
            request["lead"] = tuple(w.lead)
        if w.partners is not None and (
                set(map(canonical, w.partners)) != set(map(canonical, item.partners))):
            request["partners"] = tuple(w.partners)
        owner = item.owner
        if w.division is not None and w.division != (owner.division if owner else None):
            request["division"] = w.division
        if w.person is not None and w.person != (owner.person if owner else None):
            request["person"] = w.person
        if isinstance(w.due, NoDeadline) and item.due is not None:
            self.bad(w.row, "due", "import.due_cleared", due=item.due.isoformat())
            raise RowStop
        if isinstance(w.due, dt.date) and w.due != item.due:
            request["due"] = w.due
        if request and not w.reason:
            for key, after in request.items():
                before = getattr(owner, key, None) if key in ("division", "person") else (
                    getattr(item, key))
                self.bad(w.row, key, "import.change_no_reason",
                         before=field_value(before, lang, key),
                         after=field_value(after, lang, key))
            raise RowStop
        new_entries = [e for e in w.entries if not _known(e, item)]
        self.check_dates(w, new_entries)
        evidence = tuple(p for p in w.evidence if p not in item.evidence)
        status = w.status if w.status not in (None, item.status) else None
        last = new_entries[-1] if new_entries else None
        day = last.date if last is not None and last.date is not None else (
            self.options.date or self.options.today)
        latest = item.last_activity
        if status is not None and latest is not None and day < latest:
            # a late form: its status is older than what the item already records
            self.bad(w.row, "status", "import.status_older", date=day.isoformat(),
                     newer=latest.isoformat())
            raise RowStop
        if not (request or new_entries or evidence or status):
            self.outcome.rows.append(RowResult(self.first_cell(w.row), item.id, "same",
                                               merged=self.merged, readings=w.readings))
            return
        asked = lifecycle.Request(
            date=day, today=self.options.today, note=last.note if last else None,
            status=status, reason=w.reason if request else None, evidence=evidence,
            done_on=w.done_on if status == "done" else None,
            by=w.by if last or request else None,  # 填报人: who reported, or asked for a change
            **request)
        # the lifecycle's rules, in the sheet's words: every rule of the status it breaks,
        # else what else `plan` refuses
        refused = lifecycle.status_refusals(item, asked, lang)
        try:
            plan = lifecycle.plan(item, asked, lang)
        except HuishangError as first:
            refused = refused or [first]
        if refused:
            for rule in refused:
                self.bad(w.row, _PLAN_COLUMNS.get(rule.code),
                         _PLAN_WORDS.get(rule.code, rule.code), **rule.params)
            raise RowStop
        earlier = tuple(self.update_record(e, w) for e in new_entries[:-1])
        plan = replace(plan, updates=earlier + plan.updates)
        change = self.checked(w, lambda: edit_item(self.ledger, entry, plan, self.ids))
        self.outcome.changes.append(change)
        self.outcome.rows.append(RowResult(self.first_cell(w.row), item.id, "update",
                                           plan.summary, _defaulted(new_entries),
                                           self.merged, w.readings))

    def checked(self, w: Wanted, make: Callable[[], Change]) -> Change:
        """A change checked as `validate` would; its problems placed at the row's cells."""
        try:
            return make()
        except Refused as refused:
            for p in refused.problems:
                root = re.match(r"[a-z_]+", p.field)
                name = _FIELD_COLUMNS.get(root.group() if root else "")
                if name == "id" and w.item_id is None:
                    name = "number"
                self.bad(w.row, name, p.code, **dict(p.params))
            raise RowStop from None

    def first_cell(self, row: int) -> str:
        return self.grid.cell_name(row, min(self.columns.fields.values(), default=0))


# The file's fields (and update's refusals) and the sheet's column that holds them.
_FIELD_COLUMNS = {"id": "id", "title": "title", "aspect": "aspect", "lead": "lead",
                  "partners": "partners", "owner": "division", "due": "due",
                  "status": "status", "updates": "progress", "done_on": "done_on",
                  "evidence": "evidence", "notes": "notes"}
_PLAN_COLUMNS = {"update.transition": "status", "update.status_same": "status",
                 "update.future": "progress", "update.due_same": "due",
                 "update.done_on_not_done": "done_on", "option.blank": "progress",
                 "option.control_char": "progress", "update.block_no_reason": "status",
                 "update.no_evidence": "status", "update.cancel_no_reason": "status",
                 "update.reopen_no_reason": "status"}
# Refusals whose `update` wording names an option (--evidence, --note): on a sheet, the
# column to fill instead.
_PLAN_WORDS = {"update.no_evidence": "import.done_no_evidence",
               "update.cancel_no_reason": "import.cancel_no_reason",
               "update.reopen_no_reason": "import.reopen_no_reason"}


def _sectioned_id(meeting_id: str, section: int, number: int) -> str:
    """二、3 of the minutes: `<meeting-id>-2-03`, ending in its number under its heading."""
    return item_id_of(f"{meeting_id}-{section}", number)


def aspect_key(meeting: Meeting, text: str) -> str | None:
    """An aspect named by its key (A1), its title, or a heading (一、共同…, A1 共同…)."""
    plain = unicodedata.normalize("NFKC", text).strip()
    bare = HEADING_NUMBER.sub("", plain).strip().rstrip(":")
    for aspect in meeting.aspects:
        title = unicodedata.normalize("NFKC", aspect.title).strip()
        if plain in (aspect.key, title) or bare in (aspect.key, title):
            return aspect.key
        if plain.startswith(f"{aspect.key} ") and plain[len(aspect.key):].strip() == title:
            return aspect.key
    return None


def _distinct(units: list[str], canonical: Callable[[str], str]) -> list[str]:
    """Units as written, each unit once (黑龙江高院 and 黑龙江省法院 are one court)."""
    seen: set[str] = set()
    kept = []
    for unit in units:
        if canonical(unit) not in seen:
            seen.add(canonical(unit))
            kept.append(unit)
    return kept


def _defaulted(entries: list[values.Entry]) -> tuple[values.Entry, ...]:
    return tuple(e for e in entries if e.how == "default")


def _known(entry: values.Entry, item: Item) -> bool:
    """A note the item already has. `update` adds its own words after a note (状态由…改为…),
    so a recorded note that starts with the sheet's counts; the date counts only when the
    sheet gave it."""
    wanted = normal(entry.note)
    # a recorded note may itself start with a date (`update --note "5月中旬，…"`): exported
    # and read back, its whole line is that note, on the day it was recorded
    whole = normal(entry.line) if entry.written is not None else None
    for update in item.updates:
        recorded = normal(update.note)
        if recorded == whole:
            return True
        if entry.how != "default" and update.date != entry.date:
            continue
        if recorded == wanted or (recorded.startswith(wanted)
                                  and recorded[len(wanted)].startswith(NOTE_JOINS)):
            return True
    return False

