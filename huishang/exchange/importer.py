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

from huishang.edit import lifecycle, scaffold, store
from huishang.errors import HuishangError
from huishang.exchange import values
from huishang.exchange.columns import HEADING_NUMBER, TOTALS_ROW, Columns, find_columns
from huishang.exchange.grid import Grid, read_grids, sheet_names
from huishang.ledger.dates import NoDeadline
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


@dataclass(frozen=True)
class RowResult:
    """What one row does: `new`, `update` or `same`, with what changes, in words."""

    cell: str  # the row's first cell, as the office names it
    item_id: str
    action: str
    summary: tuple[str, ...] = ()


@dataclass
class Outcome:
    file: str
    sheet: str | None
    rows: list[RowResult] = field(default_factory=list)
    changes: list[store.Change] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    ignored: tuple[tuple[str, str], ...] = ()
    hidden: tuple[str, ...] = ()  # hidden sheets not read (no --sheet named one)

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)


@dataclass
class _Wanted:
    """One row's values, read and resolved."""

    row: int
    meeting: Loaded[Meeting]
    title: str
    lead: str
    item_id: str | None = None
    number: int | None = None
    aspect: str | None = None
    partners: list[str] | None = None
    division: str | None = None
    person: str | None = None
    due: dt.date | NoDeadline | None = None
    status: str | None = None
    entries: list[values.Entry] = field(default_factory=list)
    dated: bool = False  # the notes' dates come from the sheet, not from --date or today
    done_on: dt.date | None = None
    evidence: list[str] = field(default_factory=list)
    reason: str | None = None
    by: str | None = None
    notes: str | None = None


class _Bad(Exception):
    """Stops reading a row; its problems are already recorded."""


def import_sheet(ledger: Ledger, path: Path, options: Options) -> Outcome:
    """Read the sheet and judge every row against the ledger; nothing is written here."""
    grid, columns = _locate(path, options, ledger.settings.limits)
    run = _Run(ledger, grid, columns, options)
    if options.sheet is None:
        run.outcome.hidden = tuple(sheet_names(path, visible=False))
    run.all_rows()
    return run.outcome


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


class _Run:
    def __init__(self, ledger: Ledger, grid: Grid, columns: Columns, options: Options):
        self.ledger = ledger
        self.grid = grid
        self.columns = columns
        self.options = options
        self.outcome = Outcome(grid.file, grid.sheet, ignored=columns.ignored)
        self.by_id = {e.record.id: e for e in ledger.items}
        self.ids = store.id_index(ledger)
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
        self.claimed: dict[str, int] = {}  # item id -> the row that takes it
        self.numbers: dict[tuple[str, int], int] = {}  # (meeting, 序号) -> its first row
        self.section: tuple[int, str] | None = None  # the last aspect heading row
        self.unknown_sections: set[tuple[int, str]] = set()  # reported once each
        self._located: list[tuple[int, int, Problem]] = []

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

    def all_rows(self) -> None:
        for r in range(self.columns.header_row + 1, len(self.grid.rows)):
            texts = [str(t).strip() for t in self.grid.rows[r] if not values.blank(t)]
            if not texts or TOTALS_ROW.match(texts[0]):
                continue
            if len(set(texts)) == 1 and (len(texts) > 1 or values.blank(self.cell(r, "title"))):
                self.section = (r, texts[0])  # 一、共同深化落实认罪认罚从宽制度
                continue
            try:
                wanted = self.wanted(r)
                self.carry_out(wanted)
            except _Bad:
                continue
        self._located.sort(key=lambda x: (x[0], x[1]))
        self.outcome.problems = [p for _, _, p in self._located]

    def wanted(self, r: int) -> _Wanted:
        """Every cell of the row read; any problem (all of them recorded) stops the row."""
        before = len(self._located)
        meeting = self.meeting(r)
        title = self.read(r, "title", values.text)
        lead = self.read(r, "lead", values.text)
        if title is None:
            self.bad(r, "title", "import.required")
        if lead is None:
            self.bad(r, "lead", "import.required")
        w = _Wanted(r, meeting, title or "", lead or "") if meeting is not None else None
        item_id = self.read(r, "id", values.text)
        number = self.read(r, "number", values.number)
        if meeting is not None and number is not None:
            first = self.numbers.setdefault((meeting.record.id, number), r)
            if first != r:
                self.bad(r, "number", "import.duplicate_number", number=number, row=first + 1)
        partners = self.read(r, "partners", values.units)
        for name, units in (("lead", [lead] if lead else []), ("partners", partners or [])):
            for unit in units:
                found = unit_problem(self.ledger, unit)
                if found is not None:
                    self.bad(r, name, found[0], **found[1])
        read = {name: self.read(r, name, parse) for name, parse in (
            ("division", values.text), ("person", values.text), ("due", values.deadline),
            ("status", values.status), ("done_on", values.date), ("evidence", values.evidence),
            ("reason", values.text), ("by", values.text), ("notes", values.text))}
        if w is None:
            raise _Bad
        w.item_id, w.number = item_id, number
        w.aspect = self.aspect(r, meeting) if meeting is not None else None
        w.partners = _distinct(partners or [], self.ledger.canonical) or None
        w.division, w.person = read["division"], read["person"]
        w.due, w.status, w.done_on = read["due"], read["status"], read["done_on"]
        w.evidence = read["evidence"] or []
        w.reason = read["reason"] or self.options.reason
        w.by, w.notes = read["by"], read["notes"]
        w.entries, w.dated = self.entries(r)
        if len(self._located) > before:
            raise _Bad
        return w

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
        key = aspect_key(meeting.record, text)
        if key is None:
            if (where, meeting.record.id) not in self.unknown_sections:
                self.unknown_sections.add((where, meeting.record.id))
                choices = msg("sep.list", self.options.lang).join(
                    f"{a.key} {a.title}" for a in meeting.record.aspects) or "-"
                self.bad(where, name, "import.aspect_unknown", value=text,
                         meeting=meeting.record.id, choices=choices)
            raise _Bad
        return key

    def entries(self, r: int) -> tuple[list[values.Entry], bool]:
        """The row's progress notes, each dated: by the text, the date column, --date or
        today; and whether the sheet gave the dates."""
        on_column = self.read(r, "progress_date", values.date)
        has_column = "progress_date" in self.columns.fields
        found = self.read(r, "progress", lambda v: values.progress(v, split=not has_column))
        default = on_column or self.options.date or self.options.today
        # dated, then in date order (files keep notes oldest first; ledgers often put the
        # latest first, and undated notes take a date only now)
        out = sorted((values.Entry(entry.date or default, entry.note) for entry in found or []),
                     key=lambda e: e.date or default)
        dated = on_column is not None or any(e.date for e in found or [])
        return out, dated

    def check_dates(self, w: _Wanted, entries: list[values.Entry]) -> None:
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
            raise _Bad

    # -- which item, and what changes -------------------------------------------------------

    def carry_out(self, w: _Wanted) -> None:
        existing = self.existing(w)
        item_id = existing.record.id if existing is not None else self.new_id(w)
        other = self.claimed.get(item_id)
        if other is not None:
            self.bad(w.row, "id" if w.item_id else "number", "import.duplicate", id=item_id,
                     row=other + 1)
            raise _Bad
        self.claimed[item_id] = w.row
        self.count(item_id)
        if existing is None:
            self.create(w, item_id)
        else:
            self.change(w, existing)

    def existing(self, w: _Wanted) -> Loaded[Item] | None:
        folder = w.meeting.record.id
        if w.item_id is not None:
            found = self.by_id.get(w.item_id)
            if found is not None and folder_of(found.path) != folder:
                self.bad(w.row, "id", "import.other_meeting", id=w.item_id,
                         other=folder_of(found.path), meeting=folder)
                raise _Bad
            return found
        if w.number is not None:
            return self.by_number.get((folder, w.number))
        return self.by_title.get((folder, w.title))

    def new_id(self, w: _Wanted) -> str:
        meeting_id = w.meeting.record.id
        if w.item_id is not None:
            return w.item_id
        if w.number is not None:
            return item_id_of(meeting_id, w.number)
        return f"{meeting_id}-{self.top.get(meeting_id, 0) + 1:02d}"

    def count(self, item_id: str) -> None:
        """Note an item id as taken, so that the next new number comes after it."""
        number = item_number(item_id)
        if number is not None:
            meeting_id = item_id.rsplit("-", 1)[0]  # <meeting-id>-NN
            self.top[meeting_id] = max(self.top.get(meeting_id, 0), number)

    def create(self, w: _Wanted, item_id: str) -> None:
        self.check_dates(w, w.entries)
        status = w.status or ("in_progress" if w.entries else "planned")
        updates = [self.update_record(e, w) for e in w.entries]
        done_on = None
        if status == "done":
            if not w.evidence:
                self.bad(w.row, "status", "import.done_no_evidence")
                raise _Bad
            done_on = w.done_on or (w.entries[-1].date if w.entries else None) or (
                self.options.date or self.options.today)
        elif w.done_on is not None:
            self.bad(w.row, "done_on", "import.done_on_not_done")
            raise _Bad
        text = scaffold.item_text(
            item_id, w.title, w.lead, partners=w.partners or (), aspect=w.aspect,
            due=w.due if isinstance(w.due, dt.date) else None, division=w.division,
            person=w.person, status=status, updates=updates, done_on=done_on,
            evidence=w.evidence, notes=w.notes)
        rel = scaffold.item_path(w.meeting.record.id, item_id)
        if (self.ledger.root / rel).exists():  # a file that does not validate
            self.bad(w.row, "id" if w.item_id else "number", "import.file_exists", path=rel)
            raise _Bad
        change = self.checked(w, lambda: store.new_file(self.ledger, rel, text, Item,
                                                        self.ids))
        self.outcome.changes.append(change)
        self.outcome.rows.append(RowResult(self.first_cell(w.row), item_id, "new"))

    def update_record(self, entry: values.Entry, w: _Wanted) -> dict[str, Any]:
        record: dict[str, Any] = {"date": entry.date, "note": entry.note}
        if w.by:
            record["by"] = w.by
        return record

    def change(self, w: _Wanted, entry: Loaded[Item]) -> None:
        item = entry.record
        lang = self.options.lang
        canonical = self.ledger.canonical
        request: dict[str, Any] = {}
        if w.title != item.title:
            request["title"] = w.title
        if w.aspect is not None and w.aspect != item.aspect:
            request["aspect"] = w.aspect
        if canonical(w.lead) != canonical(item.lead):
            request["lead"] = w.lead
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
            raise _Bad
        if isinstance(w.due, dt.date) and w.due != item.due:
            request["due"] = w.due
        if request and not w.reason:
            for key, after in request.items():
                before = getattr(owner, key, None) if key in ("division", "person") else (
                    getattr(item, key))
                self.bad(w.row, key, "import.change_no_reason",
                         before=field_value(before, lang, key),
                         after=field_value(after, lang, key))
            raise _Bad
        new_entries = [e for e in w.entries if not _known(e, item, w.dated)]
        self.check_dates(w, new_entries)
        evidence = tuple(p for p in w.evidence if p not in item.evidence)
        status = w.status if w.status not in (None, item.status) else None
        if status == "done" and not (evidence or item.evidence):
            self.bad(w.row, "status", "import.done_no_evidence")
            raise _Bad
        if status == "cancelled" and not new_entries:
            self.bad(w.row, "status", "import.cancel_no_reason")
            raise _Bad
        if status is not None and item.status in ("done", "cancelled") and not new_entries:
            self.bad(w.row, "status", "import.reopen_no_reason")
            raise _Bad
        if not (request or new_entries or evidence or status):
            self.outcome.rows.append(RowResult(self.first_cell(w.row), item.id, "same"))
            return
        last = new_entries[-1] if new_entries else None
        day = last.date if last is not None and last.date is not None else (
            self.options.date or self.options.today)
        asked = lifecycle.Request(
            date=day, today=self.options.today, note=last.note if last else None,
            status=status, reason=w.reason if request else None, evidence=evidence,
            done_on=w.done_on if status == "done" else None, by=w.by if last else None,
            **request)
        try:
            plan = lifecycle.plan(item, asked, lang)
        except HuishangError as refused:
            self.bad(w.row, _PLAN_COLUMNS.get(refused.code), refused.code, **refused.params)
            raise _Bad from None
        earlier = tuple(self.update_record(e, w) for e in new_entries[:-1])
        plan = replace(plan, updates=earlier + plan.updates)
        change = self.checked(w, lambda: store.edit_item(self.ledger, entry, plan, self.ids))
        self.outcome.changes.append(change)
        self.outcome.rows.append(RowResult(self.first_cell(w.row), item.id, "update",
                                           plan.summary))

    def checked(self, w: _Wanted, make: Callable[[], store.Change]) -> store.Change:
        """A change checked as `validate` would; its problems placed at the row's cells."""
        try:
            return make()
        except store.Refused as refused:
            for p in refused.problems:
                root = re.match(r"[a-z_]+", p.field)
                name = _FIELD_COLUMNS.get(root.group() if root else "")
                if name == "id" and w.item_id is None:
                    name = "number"
                self.bad(w.row, name, p.code, **dict(p.params))
            raise _Bad from None

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
                 "option.control_char": "progress"}


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


def _normal(note: str) -> str:
    return " ".join(note.split())


def _known(entry: values.Entry, item: Item, dated: bool) -> bool:
    """A note the item already has. `update` adds its own words after a note (状态由…改为…),
    so a recorded note that starts with the sheet's counts; the date counts only when the
    sheet gave it."""
    wanted = _normal(entry.note)
    for update in item.updates:
        if dated and update.date != entry.date:
            continue
        recorded = _normal(update.note)
        if recorded == wanted or (recorded.startswith(wanted)
                                  and recorded[len(wanted)].startswith(NOTE_JOINS)):
            return True
    return False

