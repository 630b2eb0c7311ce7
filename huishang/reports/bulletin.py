"""The monthly bulletin (月通报): the month's figures against the previous month, a table per
lead unit, each open item's progress in the month, blocked and escalated items, what
closed, was cancelled or is new, which deadlines moved and why, the red and orange items
and why, and the units that reported nothing (未反馈单位).

Each item is taken as it stood at the end of the month (or today, for the current month)
by the one rule of git/standing.py: the file as committed by then, plus every change dated
in the month and committed by the day the bulletin is made (`as_of`: offices compile it in
the first days of the next month), applied in date order; without history, the changes
are read from the files' dates. An item is closed, cancelled or started in the month of
the update that records it, and only then.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from huishang.errors import HuishangError
from huishang.git.standing import Standing
from huishang.git.timeline import Timeline
from huishang.ledger.dates import month_end, parse_month
from huishang.ledger.models import Item, Update
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
    total: int  # every item the unit leads, cancelled ones too: the sum of `statuses`
    done: int
    overdue: int
    done_ratio: float | None  # of the items not cancelled
    colours: dict[str, int]
    statuses: dict[str, int] = field(default_factory=dict)  # every status, zeros too


@dataclass(frozen=True)
class DeadlineMove:
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
    """An item with its lead units and the updates that explain it: the month's progress,
    the reason it is blocked or was cancelled."""

    item: Item
    leads: tuple[str, ...]
    notes: tuple[Update, ...]


@dataclass(frozen=True)
class Silent:
    """A unit that reported nothing in the month on the open items it leads (未反馈)."""

    unit: str
    items: tuple[Item, ...]


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
    moves: list[DeadlineMove] = field(default_factory=list)
    flagged: list[Flagged] = field(default_factory=list)
    silent: list[Silent] = field(default_factory=list)  # who reported nothing (未反馈)
    # 考评: the year's figures per lead unit up to `end` (see bulletin_score.py)
    scores: tuple[Period, list[UnitScore]] | None = None


def month_bounds(month: str) -> tuple[dt.date, dt.date]:
    """The first and last day of a month as an option gives it (`parse_month`)."""
    year, number = parse_month(month)
    return dt.date(year, number, 1), month_end(year, number)


def alert_fn(ledger: Ledger) -> AlertFn:
    """The warning any version of an item deserved on a day, under the ledger's thresholds;
    silence counts from the item's latest update, else from its meeting."""
    meeting_days = ledger.meeting_days()
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

    # last month as this bulletin's day sees it: on the same day, the figures the previous
    # bulletin gave as this month's
    standing = timeline.month_end(end, as_of, start)
    states = {i: s.item for i, s in standing.items()}
    before = {i: s.item for i, s in timeline.month_end(previous_end, as_of).items()}
    late = sum(s.late for s in standing.values())
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
        if item.status == "cancelled" and _changed_in(standing[i], start, end):
            bulletin.cancelled.append(Noted(item, lead[i], _why(standing[i])))
    bulletin.closed = sorted(((item, lead[i]) for i, item in states.items()
                              if _closed_in(item, start, end)), key=lambda p: p[0].id)
    bulletin.new = sorted(((item, lead[i]) for i, item in states.items()
                           if _created_in(timeline, i, start, end)), key=lambda p: p[0].id)
    bulletin.moves = _moves(standing)
    for i, item in sorted(states.items()):
        found = alert(item, end)
        if found is not None and found.colour in ("red", "orange"):
            late = (end - item.due).days if item.due and item.due < end else 0
            bulletin.flagged.append(Flagged(found, item, lead[i], late))
    bulletin.flagged.sort(key=lambda f: (COLOURS.index(f.alert.colour), -f.overdue_days,
                                         f.item.id))
    bulletin.silent = _silent(states, ledger.canonical, start, end)
    bulletin.scores = year_scores(ledger, states.values(), end)
    return bulletin


def _open(item: Item) -> bool:
    return item.status not in CLOSED_STATUSES


def _notes_in(item: Item, start: dt.date, end: dt.date) -> tuple[Update, ...]:
    """The progress updates dated in the month, oldest first; a 调整 (an update whose note
    is only its change's reason) is no feedback."""
    return tuple(u for u in sorted(item.updates, key=lambda u: u.date)
                 if start <= u.date <= end and u.work is not None)


def _last_note(item: Item) -> tuple[Update, ...]:
    """The latest progress update: where a blocked or cancelled item says why."""
    latest = max(item.updates, key=lambda u: u.date, default=None)
    return (latest,) if latest is not None else ()


def _changed_in(standing: Standing, start: dt.date, end: dt.date) -> bool:
    """The item's status changed in the month: by an update dated in it (or, an update not
    saying so, a commit made in it). A status no update dates counts in no month."""
    return standing.status_day is not None and start <= standing.status_day <= end


def _why(standing: Standing) -> tuple[Update, ...]:
    """The reason for a change of status: the update that recorded it, else the latest
    update dated by then."""
    day = standing.status_day or dt.date.max
    dated = [u for u in standing.item.updates if u.date <= day]
    if standing.status_note is not None:
        found = next((u for u in reversed(dated) if u.note == standing.status_note), None)
        return (found or Update(date=day, note=standing.status_note),)
    latest = max(dated, key=lambda u: u.date, default=None)
    return (latest,) if latest is not None else ()


def _closed_in(item: Item, start: dt.date, end: dt.date) -> bool:
    return item.status == "done" and item.done_on is not None and start <= item.done_on <= end


def _created_in(timeline: Timeline, item_id: str, start: dt.date, end: dt.date) -> bool:
    created = timeline.created(item_id)
    return created is not None and start <= created <= end


def _figures(timeline: Timeline, states: dict[str, Item], start: dt.date, end: dt.date,
             alert: AlertFn) -> Figures:
    open_items = [item for item in states.values() if _open(item)]
    return Figures(
        in_force=len(open_items),
        done=sum(_closed_in(item, start, end) for item in states.values()),
        new=sum(_created_in(timeline, i, start, end) for i in states),
        overdue=sum(item.due is not None and item.due < end for item in open_items),
        colours=_colours(open_items, end, alert),
    )


def _colours(items: list[Item], end: dt.date, alert: AlertFn) -> dict[str, int]:
    """How many of `items` each warning colour marks at `end`."""
    found = Counter(a.colour for a in (alert(item, end) for item in items) if a is not None)
    return {colour: found[colour] for colour in COLOURS}


def _units(states: dict[str, Item], lead: dict[str, tuple[str, ...]], end: dt.date,
           alert: AlertFn) -> list[UnitLine]:
    """A line per lead unit; a joint item (共同牵头) is on the line of each of its leads."""
    grouped: dict[str, list[Item]] = {}
    for i, item in states.items():
        for unit in dict.fromkeys(lead[i]):
            grouped.setdefault(unit, []).append(item)
    lines = []
    for unit, items in grouped.items():
        statuses = {s: sum(item.status == s for item in items) for s in STATUSES}
        in_force = len(items) - statuses["cancelled"]
        lines.append(UnitLine(
            unit=unit, total=len(items), done=statuses["done"],
            overdue=sum(_open(item) and item.due is not None and item.due < end
                        for item in items),
            done_ratio=statuses["done"] / in_force if in_force else None,
            colours=_colours(items, end, alert),
            statuses=statuses))
    return sorted(lines, key=lambda line: (-line.total, line.unit))


def _moves(standing: dict[str, Standing]) -> list[DeadlineMove]:
    """Deadline changes that count in the month (dated in it, by the update that records
    them), with their reasons and who made them."""
    moves = [DeadlineMove(i, _text(m.before), _text(m.after), m.reason, m.author, m.day.isoformat(),
                  s.item.title) for i, s in standing.items() for m in s.moves]
    return sorted(moves, key=lambda m: (m.day, m.item_id))


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _silent(states: dict[str, Item], canonical: Callable[[str], str], start: dt.date,
            end: dt.date) -> list[Silent]:
    """The units with open items that have no progress update dated in the month (未反馈),
    each with those items: judged item by item, so a unit's report on one item does not
    hide its silence on another. Each lead of an item led jointly answers for it, and a
    调整 (a change with its reason) is no feedback."""
    found: dict[str, list[Item]] = {}
    for _, item in sorted(states.items()):
        if _open(item) and not any(start <= u.date <= end and u.work is not None
                                   for u in item.updates):
            for unit in dict.fromkeys(canonical(lead) for lead in item.leads):
                found.setdefault(unit, []).append(item)
    return sorted((Silent(unit, tuple(items)) for unit, items in found.items()),
                  key=lambda s: (-len(s.items), s.unit))
