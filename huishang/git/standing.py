"""An item's life as dated changes, and the item at a month's end as a bulletin sees it.

Every change to an item counts on one day: the date of the progress update that records
it (a status change on the update whose note says "（状态：A → B）", a deadline or other
agreed field on the update whose `changes:` records it, a closing on its `done_on`), else
the date of an update added with it in the same commit, else the day it was committed
(and never later than that day: a date ahead of its commit is the file's error). A
month's end then shows every change that counts on or before that day and was committed
by the day the bulletin is made, applied in date order: a change dated in a month and
committed in the next belongs to the month of its date, and nothing dated later changes
what an earlier month shows.

Without history the item's file is all there is: it is read back into the same dated
changes (the status it started with is the first recorded change's "before", and so for
each agreed field), so that both readings give the same figures when the files and the
history agree. A status the file holds but no update records has no day of its own: it
is counted, but never listed as a month's closing, cancellation or start.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from huishang.git.updates import compare_updates
from huishang.ledger.models import Item, Update
from huishang.ledger.vocab import STATUSES

# The fields of an item a change may set (progress updates are added, never set).
_FIELDS = tuple(name for name in Item.model_fields if name != "updates")


@dataclass(frozen=True, slots=True)
class Dated:
    """One change to an item on the day it counts, known from the day it was committed."""

    day: dt.date
    known: dt.date  # the commit's day; dt.date.min when read from a file
    fields: tuple[tuple[str, Any], ...] = ()  # top-level values set
    update: Update | None = None  # a progress update added
    seq: int = 0  # where the update stands in the file (updates keep their file order)
    whole: bool = False  # the item replaced by `item` (a new file; None: deleted)
    item: Item | None = None
    dated: bool = True  # False: a status the file holds but no update records
    author: str = ""
    reason: str = ""  # why an agreed field changed (a deadline move's reason)


@dataclass(frozen=True, slots=True)
class Move:
    """A deadline moved, on the day it counts."""

    day: dt.date
    before: dt.date | None
    after: dt.date | None
    reason: str
    author: str


@dataclass(frozen=True)
class Standing:
    """An item at a month's end: the item, the day its status last changed (None when no
    update dates it) and the note of the update that recorded it, the deadline moves that
    count in the month, and how many of its updates were committed after the month."""

    item: Item
    status_day: dt.date | None = None
    status_note: str | None = None
    moves: tuple[Move, ...] = ()
    late: int = 0


@functools.cache
def _marker() -> re.Pattern[str]:
    """The words `huishang update --status` adds to its note, in either language."""
    from huishang.messages import msg

    patterns = []
    for lang in ("zh", "en"):
        words: dict[str, str] = {msg(f"status.{s}", lang): s for s in STATUSES}
        choice = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        template = re.escape(msg("note.status", lang, before="\0", after="\1"))
        patterns.append(template.replace("\0", f"(?P<b{lang}>{choice})")
                        .replace("\1", f"(?P<a{lang}>{choice})"))
    return re.compile("|".join(patterns))


@functools.cache
def _status_of(word: str) -> str:
    from huishang.messages import msg

    return next(s for s in STATUSES for lang in ("zh", "en") if msg(f"status.{s}", lang) == word)


def status_change(note: str) -> tuple[str, str] | None:
    """The status change (before, after) a progress note records, if it records one."""
    matches = list(_marker().finditer(note))
    if not matches:
        return None
    found = matches[-1]  # a note that tells of several changes ends at the last
    groups = {k[0]: v for k, v in found.groupdict().items() if v is not None}
    return _status_of(groups["b"]), _status_of(groups["a"])


def changes_between(old: Item | None, new: Item | None, committed: dt.date, author: str = "",
                    first_seq: int = 0) -> list[Dated]:
    """What one commit did to an item, as dated changes (see the module's docstring)."""
    if old is None or new is None:
        return [Dated(committed, committed, whole=True, item=new, author=author)]
    diff = compare_updates(old.updates, new.updates)
    if diff.edited or diff.removed:  # a rewritten past: the file as committed, that day
        return [Dated(committed, committed, whole=True, item=new, author=author)]
    return _split(old, new, diff.added, committed, committed, author, first_seq, dated=True)


def from_file(item: Item, entered: dt.date) -> list[Dated]:
    """An item's life read from its file alone: the item as it was entered (on `entered`,
    its meeting's day), then each change on the day its update or `done_on` gives."""
    start: dict[str, Any] = {"updates": []}
    marks = [(u.date, n, mark) for n, u in enumerate(item.updates)
             if (mark := status_change(u.note)) is not None]
    if marks:  # the earliest recorded change says what the status was before it
        start["status"] = min(marks)[2][0]
    elif item.status == "done":
        start["status"] = "in_progress"  # before its closing, the item was in hand
    for update in sorted(item.updates, key=lambda u: u.date, reverse=True):
        for record in update.changes:  # the earliest record of a field says where it began
            start[record.field] = record.before
    if item.status == "done" or start.get("status") == "done":
        start.update(done_on=None, evidence=[])
    first = item.model_copy(update=start)
    entry = Dated(entered, dt.date.min, whole=True, item=first)
    return [entry, *_split(first, item, item.updates, entered, dt.date.min, "", 0,
                           dated=False)]


def _split(old: Item, new: Item, added: Sequence[Update], committed: dt.date,
           known: dt.date, author: str, first_seq: int, *, dated: bool) -> list[Dated]:
    """The changes from `old` to `new` given the updates `added`: each update on its date
    with what it records; the closing on `done_on`; whatever is left on the day of the
    latest update added (else the commit's), or, read from a file (`dated` False),
    undated on the day of its latest update. From git (`dated`), nothing counts later
    than the day it was committed: a date ahead of its commit (which `update` refuses)
    is the file's error, and git's day is the fact."""
    cap = committed if dated else dt.date.max

    def on(day: dt.date) -> dt.date:
        return min(day, cap)

    out: list[Dated] = []
    for n, update in enumerate(added):
        values: list[tuple[str, Any]] = []
        mark = status_change(update.note)
        if mark is not None and mark[1] != "done":  # a closing counts on its done_on
            values.append(("status", mark[1]))
            if mark[0] == "done":
                values.append(("done_on", None))
        values += [(record.field, record.after) for record in update.changes]
        reason = next((r.reason for r in update.changes if r.field == "due"), "")
        out.append(Dated(on(update.date), known, tuple(values), update, first_seq + n,
                         author=update.by or author, reason=reason))
    if new.status == "done" and new.done_on is not None and (
            old.status != "done" or old.done_on != new.done_on):
        out.append(Dated(on(new.done_on), known, (("status", "done"), ("done_on", new.done_on),
                                              ("evidence", new.evidence)), author=author))
    reached = dict((name, getattr(old, name)) for name in _FIELDS)
    for change in sorted(out, key=lambda d: d.day):
        reached.update(change.fields)
    rest = tuple((name, getattr(new, name)) for name in _FIELDS
                 if reached[name] != getattr(new, name))
    if rest:
        day = max((u.date for u in added), default=committed)
        notes = " ".join(u.note for u in added)
        out.append(Dated(on(day), known, rest, dated=dated, author=author, reason=notes))
    return out


def fold(life: Iterable[Dated], end: dt.date, start: dt.date | None = None) -> Standing | None:
    """The item at the end of `end` from its dated changes (in the order they were made),
    with the deadline moves, and the updates committed after `end`, that count from
    `start` to `end`; None when it did not exist."""
    base: Item | None = None
    values: dict[str, Any] = {}
    updates: list[tuple[int, Update]] = []
    status_day: dt.date | None = None
    status_note: str | None = None
    moves: list[Move] = []
    late = 0
    for day, change in _ordered(life):
        if day > end:
            break
        if change.whole:
            base, values, status_day, status_note = change.item, {}, None, None
            updates = list(enumerate(base.updates, -len(base.updates))) if base else []
            continue
        if base is None:
            continue
        for name, value in change.fields:
            now = values.get(name, getattr(base, name))
            if value == now:
                continue
            if name == "status":
                status_day = day if change.dated else None
                status_note = change.update.note if change.update is not None else None
            if name == "due" and start is not None and start <= day:
                moves.append(Move(day, now, value, change.reason.strip(), change.author))
            values[name] = value
        if change.update is not None:
            updates.append((change.seq, change.update))
            late += change.known > end and (start is None or start <= day)
    if base is None:
        return None
    updates.sort(key=lambda pair: pair[0])
    kept = [u for _, u in updates]
    item = base if not values and kept == base.updates else \
        base.model_copy(update={**values, "updates": kept})
    return Standing(item, status_day, status_note, tuple(moves), late)


def _ordered(life: Iterable[Dated]) -> list[tuple[dt.date, Dated]]:
    """The changes by the day they count on; those of one day in the order they were
    made. A change never counts before the file it changes was entered."""
    ordered = []
    floor = dt.date.min
    for change in life:
        if change.whole:
            floor = change.day
        ordered.append((max(change.day, floor), change))
    ordered.sort(key=lambda pair: pair[0])  # stable
    return ordered


Brief = tuple[str, dt.date | None, dt.date | None]  # status, due, done_on


def briefs(life: Iterable[Dated]) -> list[tuple[dt.date, Brief | None]]:
    """What `fold` gives of the item's status, deadline and closing day on every day a
    change counts on (None: not in the ledger), in day order: a trend over many months
    reads these, not the item at each month's end."""
    points: list[tuple[dt.date, Brief | None]] = []
    now: dict[str, Any] | None = None
    for day, change in _ordered(life):
        if change.whole:
            item = change.item
            now = None if item is None else \
                {"status": item.status, "due": item.due, "done_on": item.done_on}
        elif now is not None:
            now.update((k, v) for k, v in change.fields if k in now)
        brief = None if now is None else (now["status"], now["due"], now["done_on"])
        if points and points[-1][0] == day:
            points[-1] = (day, brief)
        else:
            points.append((day, brief))
    return points


def dated_states(item: Item, entered: dt.date) -> list[tuple[dt.date, Brief]]:
    """The item's status, deadline and closing day from each day its file dates a change to
    them, as `fold` reads the file without history (`from_file`); empty when no update
    records a change (a status in its note, or `changes:`): then the file is the item at
    every day from `entered`, save that a closing counts on its `done_on`."""
    if not any(u.changes or status_change(u.note) is not None for u in item.updates):
        return []
    found: list[tuple[dt.date, Brief]] = []
    for day, brief in briefs(from_file(item, entered)):
        if brief is not None and (not found or found[-1][1] != brief):
            found.append((day, brief))
    return found


def dated_by(item: Item, end: dt.date) -> bool:
    """Whether everything the file dates falls on or before `end` (then the file is the
    item at `end`, whichever way its changes are read)."""
    return all(u.date <= end for u in item.updates) and (
        item.done_on is None or item.done_on <= end)


def nothing_later(then: Item, later: Item, end: dt.date) -> bool:
    """Whether a later version of an item adds nothing dated by `end`: no update, no
    closing. (Updates are appended, so every update added between them is in `later`.)"""
    if later is then:
        return True
    known: dict[tuple[dt.date, str], int] = {}
    for u in then.updates:
        known[u.date, u.note] = known.get((u.date, u.note), 0) + 1
    for u in later.updates:
        if u.date <= end:
            if not known.get((u.date, u.note)):
                return False
            known[u.date, u.note] -= 1
    closed = later.status == "done" and later.done_on is not None and later.done_on <= end
    return not closed or (then.status == "done" and then.done_on == later.done_on)


# One version of an item as a life is read from: the day it was committed, its author, the
# item (None: deleted or not valid) and, for a version read from its file, the day the
# item entered the ledger.
Known = tuple[dt.date, str, Item | None, dt.date | None]


def corrected_by(item: Item | None, latest: Item | None) -> Item | None:
    """An earlier version of an item as the latest version's corrections (更正) say it
    should have read: a correction rewrites the past, so the month a corrected date falls
    in is the month it counts in, once the correction is committed."""
    if item is None or latest is None or not latest.corrections or item is latest:
        return item
    written, _ = latest.as_written()
    updates, done_on = list(item.updates), item.done_on
    for fix in latest.corrections:
        if fix.update is None:
            if fix.now.done_on is not None and done_on == fix.was.done_on:
                done_on = fix.now.done_on
            continue
        line = written[fix.update - 1]
        now = {k: v for k, v in (("date", fix.now.date), ("note", fix.now.note)) if v}
        at = next((i for i, u in enumerate(updates)
                   if (u.date, u.note) == (line.date, line.note)), None)
        if at is not None:
            updates[at] = updates[at].model_copy(update=now)
    if updates == item.updates and done_on == item.done_on:
        return item
    return item.model_copy(update={"updates": updates, "done_on": done_on})


def life(versions: Sequence[Known]) -> list[Dated]:
    """The dated changes of an item's versions, oldest first: the first whole (or read
    from its file when it says when it entered), then what each commit did; each read as
    the latest version's corrections say (`corrected_by`)."""
    latest = next((v[2] for v in reversed(versions) if v[2] is not None), None)
    versions = [(day, author, corrected_by(item, latest), entered)
                for day, author, item, entered in versions]
    out: list[Dated] = []
    before: Item | None = None
    for n, (committed, author, item, entered) in enumerate(versions):
        if n == 0 and entered is not None and item is not None:
            out += from_file(item, entered)
        else:
            out += changes_between(before, item, committed, author,
                                   len(before.updates) if before else 0)
        before = item
    return out
