"""The monthly bulletin (月通报): the month's figures against the previous month, a table per
lead unit, each open item's progress in the month, blocked and escalated items, what
closed, was cancelled or is new, which deadlines moved and why, the red and orange items
and why, and the units that reported nothing (未反馈单位).

Figures are taken as the ledger stood at the end of the month (or today, for the
current month), replayed from git; without history they come from the files alone.
Offices compile the bulletin in the first days of the next month, so feedback *dated* in
the month counts even when it was committed later, up to the day the bulletin is made
(`as_of`).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from huishang.errors import HuishangError
from huishang.git.history import item_id_of
from huishang.git.timeline import Timeline
from huishang.ledger.dates import parse_month
from huishang.ledger.models import Item
from huishang.ledger.records import Ledger
from huishang.ledger.vocab import CLOSED_STATUSES, COLOURS, STATUSES
from huishang.views.earlywarning import Alert, Thresholds, assess
from huishang.views.score import Period, UnitScore, year_scores

AlertFn = Callable[[Item, dt.date], Alert | None]


@dataclass(frozen=True)
class Figures:
    in_force: int
    done: int
    new: int
    overdue: int
    colours: dict[str, int]


@dataclass(frozen=True)
class UnitLine:
    unit: str
    total: int
    done: int
    in_progress: int
    overdue: int
    done_ratio: float | None
    colours: dict[str, int]


@dataclass(frozen=True)
class Move:
    item_id: str
    before: str
    after: str
    reason: str
    author: str
    day: str
    title: str = ""


@dataclass(frozen=True)
class Flagged:
    alert: Alert
    item: Item
    leads: tuple[str, ...]
    overdue_days: int


@dataclass(frozen=True)
class Noted:
    """An item with its lead units and the words that explain it: the month's progress, the
    reason it is blocked or was cancelled."""

    item: Item
    leads: tuple[str, ...]
    notes: tuple[str, ...]


@dataclass
class Bulletin:
    month: str
    start: dt.date
    end: dt.date  # the last day counted: the month's end, or today in the current month
    as_of: dt.date  # feedback dated in the month counts if committed by this day
    from_git: bool
    shallow: bool
    figures: Figures
    previous: Figures
    statuses: dict[str, int] = field(default_factory=dict)  # every item, by status, at `end`
    late: int = 0  # updates dated in the month but committed after it
    units: list[UnitLine] = field(default_factory=list)
    progress: list[Noted] = field(default_factory=list)
    blocked: list[Noted] = field(default_factory=list)
    closed: list[tuple[Item, tuple[str, ...]]] = field(default_factory=list)  # with its leads
    cancelled: list[Noted] = field(default_factory=list)
    new: list[tuple[Item, tuple[str, ...]]] = field(default_factory=list)
    moves: list[Move] = field(default_factory=list)
    flagged: list[Flagged] = field(default_factory=list)
    # (lead unit, owner, open items): who reported nothing this month (未反馈)
    silent: list[tuple[str, str, int]] = field(default_factory=list)
    # 考评: the year's figures per lead unit up to `end` (see bulletin_score.py)
    scores: tuple[Period, list[UnitScore]] | None = None


def month_bounds(month: str) -> tuple[dt.date, dt.date]:
    """The first and last day of a month as an option gives it (`parse_month`)."""
    year, number = parse_month(month)
    return dt.date(year, number, 1), dt.date(year, number, calendar.monthrange(year, number)[1])


def alert_fn(ledger: Ledger) -> AlertFn:
    """The warning any version of an item deserved on a day, under the ledger's thresholds;
    silence counts from the item's latest update, else from its meeting."""
    meeting_days = _meeting_days(ledger)
    thresholds = Thresholds.of(ledger.settings.warnings)

    def alert(item: Item, day: dt.date) -> Alert | None:
        latest = max((u.date for u in item.updates), default=None)
        met = meeting_days.get(item.id)
        return assess(item.status, item.due, latest or met, day, thresholds, met)

    return alert


def _once_each(alert: AlertFn) -> AlertFn:
    """`alert`, worked out once for each version and day: the figures, the units and the
    flagged list each ask it of every item at the month's end. (The versions are held by
    the caller for as long as this lives, so their ids name them.)"""
    found: dict[tuple[int, dt.date], Alert | None] = {}

    def once(item: Item, day: dt.date) -> Alert | None:
        key = (id(item), day)
        if key not in found:
            found[key] = alert(item, day)
        return found[key]

    return once


def issue_number(month: str, first: str | None) -> int | None:
    """The bulletin's issue number (第N期) when `first` (YYYY-MM) was issue 1."""
    if first is None:
        return None
    this, one = month_bounds(month)[0], month_bounds(first)[0]
    n = (this.year - one.year) * 12 + this.month - one.month + 1
    return n if n >= 1 else None


def compute(ledger: Ledger, timeline: Timeline, month: str, today: dt.date,
            as_of: dt.date | None = None) -> Bulletin:
    """The bulletin of `month`, made on `today`, counting feedback committed by `as_of`
    (default: today)."""
    start, end = month_bounds(month)
    if start > today:
        raise HuishangError("option.future_month", exit_code=2, month=month)
    as_of = min(as_of or today, today)
    end = min(end, today, as_of)
    previous_end = start - dt.timedelta(days=1)
    alert = _once_each(alert_fn(ledger))

    states, late = timeline.reported(end, as_of)
    before, _ = timeline.reported(previous_end, as_of)
    bulletin = Bulletin(
        month=month, start=start, end=end, as_of=as_of, from_git=timeline.from_git,
        shallow=timeline.shallow, late=late,
        figures=_figures(timeline, states, start, end, alert),
        previous=_figures(timeline, before, previous_end.replace(day=1), previous_end, alert),
        statuses={s: sum(item.status == s for item in states.values()) for s in STATUSES},
    )
    lead = {i: tuple(map(ledger.canonical, item.leads)) for i, item in states.items()}
    bulletin.units = _units(states, lead, end, alert)
    for i, item in sorted(states.items()):
        if _open(item):
            bulletin.progress.append(Noted(item, lead[i], _notes_in(item, start, end)))
        if item.status == "blocked" or (_open(item) and item.escalated):
            bulletin.blocked.append(Noted(item, lead[i], _last_note(item)))
        if item.status == "cancelled" and _cancelled_in(item, before.get(i), start, end):
            bulletin.cancelled.append(Noted(item, lead[i], _last_note(item)))
    bulletin.closed = sorted(((item, lead[i]) for i, item in states.items()
                              if _closed_in(item, start, end)), key=lambda p: p[0].id)
    bulletin.new = sorted(((item, lead[i]) for i, item in states.items()
                           if _created_in(timeline, i, start, end)), key=lambda p: p[0].id)
    moves = _moves(timeline, start, end) if timeline.from_git else _recorded_moves(
        states, start, end)
    bulletin.moves = [replace(m, title=states[m.item_id].title) if m.item_id in states else m
                      for m in moves]
    for i, item in sorted(states.items()):
        found = alert(item, end)
        if found is not None and found.colour in ("red", "orange"):
            late = (end - item.due).days if item.due and item.due < end else 0
            bulletin.flagged.append(Flagged(found, item, lead[i], late))
    bulletin.flagged.sort(key=lambda f: (COLOURS.index(f.alert.colour), -f.overdue_days,
                                         f.item.id))
    bulletin.silent = _silent(states, lead, start, end)
    bulletin.scores = year_scores(ledger, states.values(), end)
    return bulletin


def _open(item: Item) -> bool:
    return item.status not in CLOSED_STATUSES


def _notes_in(item: Item, start: dt.date, end: dt.date) -> tuple[str, ...]:
    """The progress notes dated in the month, oldest first, each with its day."""
    return tuple(f"{u.date.month}.{u.date.day} {u.work}" for u in
                 sorted(item.updates, key=lambda u: u.date)
                 if start <= u.date <= end and u.work is not None)  # a 调整 is no feedback


def _last_note(item: Item) -> tuple[str, ...]:
    """The latest progress note: where a blocked or cancelled item says why."""
    latest = max(item.updates, key=lambda u: u.date, default=None)
    return (latest.note,) if latest is not None else ()


def _cancelled_in(item: Item, before: Item | None, start: dt.date, end: dt.date) -> bool:
    """Cancelled in the month: not cancelled at the end of the previous month, or (without
    history, where the previous month is a guess) cancelled by an update dated in it."""
    if before is None or before.status != "cancelled":
        return True
    latest = max(item.updates, key=lambda u: u.date, default=None)
    return latest is not None and start <= latest.date <= end


def _closed_in(item: Item, start: dt.date, end: dt.date) -> bool:
    return item.status == "done" and item.done_on is not None and start <= item.done_on <= end


def _created_in(timeline: Timeline, item_id: str, start: dt.date, end: dt.date) -> bool:
    created = timeline.created(item_id)
    return created is not None and start <= created <= end


def _figures(timeline: Timeline, states: dict[str, Item], start: dt.date, end: dt.date,
             alert: AlertFn) -> Figures:
    open_items = [item for item in states.values() if _open(item)]
    colours: dict[str, int] = dict.fromkeys(COLOURS, 0)
    for item in open_items:
        found = alert(item, end)
        if found is not None:
            colours[found.colour] += 1
    return Figures(
        in_force=len(open_items),
        done=sum(_closed_in(item, start, end) for item in states.values()),
        new=sum(_created_in(timeline, i, start, end) for i in states),
        overdue=sum(item.due is not None and item.due < end for item in open_items),
        colours=colours,
    )


def _units(states: dict[str, Item], lead: dict[str, tuple[str, ...]], end: dt.date,
           alert: AlertFn) -> list[UnitLine]:
    """A line per lead unit; a joint item (共同牵头) is on the line of each of its leads."""
    grouped: dict[str, list[Item]] = {}
    for i, item in states.items():
        if item.status != "cancelled":
            for unit in dict.fromkeys(lead[i]):
                grouped.setdefault(unit, []).append(item)
    lines = []
    for unit, items in grouped.items():
        colours: dict[str, int] = dict.fromkeys(COLOURS, 0)
        for item in items:
            found = alert(item, end)
            if found is not None:
                colours[found.colour] += 1
        done = sum(item.status == "done" for item in items)
        lines.append(UnitLine(
            unit=unit, total=len(items), done=done,
            in_progress=sum(item.status == "in_progress" for item in items),
            overdue=sum(_open(item) and item.due is not None and item.due < end
                        for item in items),
            done_ratio=done / len(items), colours=colours))
    return sorted(lines, key=lambda line: (-line.total, line.unit))


def _moves(timeline: Timeline, start: dt.date, end: dt.date) -> list[Move]:
    """Deadline changes committed in the month, with the reason given in the same commit
    and who asked for it (the update's `by`; else who committed it)."""
    return [Move(item_id_of(step.path), _text(event.before), _text(event.after),
                 event.detail.strip(), event.by or step.commit.author, step.commit.day)
            for step in timeline.steps_between(start, end)
            for event in step.events if event.kind == "due"]


def _recorded_moves(states: dict[str, Item], start: dt.date, end: dt.date) -> list[Move]:
    """Without git, the deadline changes the files record (`changes:`) in updates dated in
    the month, with who asked for them where the update names someone."""
    return [Move(i, _text(c.before), _text(c.after), c.reason.strip(), u.by or "",
                 u.date.isoformat())
            for i, item in sorted(states.items()) for u in item.dated_updates
            if start <= u.date <= end for c in u.changes if c.field == "due"]


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _silent(states: dict[str, Item], lead: dict[str, tuple[str, ...]], start: dt.date,
            end: dt.date) -> list[tuple[str, str, int]]:
    """Who has open items but no progress update dated in the month (未反馈), judged per
    owner (责任部门、责任人) within each lead unit: a unit that reports on one item does not
    hide its owners who reported nothing. Items without an owner are judged as one group.
    A joint item is each of its leads' to report on."""
    open_by_owner: dict[tuple[str, str], list[Item]] = {}
    for i, item in states.items():
        if _open(item):
            owner = item.owner.text if item.owner else ""
            for unit in dict.fromkeys(lead[i]):
                open_by_owner.setdefault((unit, owner), []).append(item)
    silent = []
    for (unit, owner), items in open_by_owner.items():
        reported = any(start <= u.date <= end and u.work is not None
                       for item in items for u in item.updates)
        if not reported:
            silent.append((unit, owner, len(items)))
    return sorted(silent, key=lambda row: (-row[2], row[0], row[1]))


def _meeting_days(ledger: Ledger) -> dict[str, dt.date]:
    days = {}
    for entry in ledger.items:
        meeting = ledger.meeting_of(entry)
        if meeting is not None:
            days[entry.record.id] = meeting.date
    return days
