"""The bulletin against an independent count, on generated histories that look like real
ones: an old 台账 adopted mid-year with months of dated progress, a second meeting whose
items are entered late, long silences, deadline moves, items blocked and resumed,
cancellations, notes after closing, commits at odd hours and in other time zones, feedback
dated in a month and committed in the first days of the next. A seeded generator keeps its own record of every event; the
count below reads only that record, never the ledger."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from huishang.git.timeline import build
from huishang.ledger.models import WarningThresholds
from huishang.reports.bulletin import Bulletin, compute, month_bounds
from huishang.store.files import load_ledger
from huishang.views.earlywarning import Thresholds, assess

ZONE = ZoneInfo("Asia/Shanghai")
WORDS = {"planned": "未启动", "in_progress": "推进中", "blocked": "受阻", "done": "已办结",
         "cancelled": "已终止"}
UNITS = ("最高人民法院", "最高人民检察院", "司法部")
MONTHS = [f"2024-{m:02d}" for m in range(3, 13)]
TODAY = dt.date(2025, 1, 6)


@dataclass
class Event:
    """One progress update as the generator made it."""

    dated: dt.date
    committed: dt.date
    note: str
    status: str | None = None  # the status it sets
    due: dt.date | None = None  # the deadline it moves to
    before_due: dt.date | None = None
    before_status: str | None = None


@dataclass
class Made:
    item_id: str
    meeting: str
    met: dt.date
    lead: str
    due: dt.date  # as agreed at the meeting
    created: dt.date  # the day its file was first committed
    adopted: bool  # in the ledger's first commit (the old 台账 imported)
    events: list[Event] = field(default_factory=list)


@dataclass
class World:
    root: Path
    items: list[Made]


def _stamp(day: dt.date, rng: random.Random) -> str:
    """A commit time whose day in Shanghai is `day`: late at night, just after midnight,
    or written from another time zone."""
    local, offset = rng.choice([(dt.time(0, 5), 8), (dt.time(23, 55), 8), (dt.time(10), 8),
                                (dt.time(16, 30), 0), (dt.time(9), -5)])
    moment = dt.datetime.combine(day, dt.time(12), ZONE).replace(
        hour=local.hour, minute=local.minute)
    stamp = moment.astimezone(dt.timezone(dt.timedelta(hours=offset)))
    if offset != 8:  # the same day in Shanghai at these hours: 00:30 and 22:00
        stamp = dt.datetime.combine(day, dt.time(0, 30) if offset == 0 else dt.time(22),
                                    ZONE).astimezone(dt.timezone(dt.timedelta(hours=offset)))
    assert stamp.astimezone(ZONE).date() == day
    return stamp.isoformat()


def _events(rng: random.Random, met: dt.date, due: dt.date, after: dt.date) -> list[Event]:
    """An item's updates after its meeting, dated in order; each committed the same day or a
    few days later (across a month's end), never before an earlier one of the item."""
    events: list[Event] = []
    status, current_due = "planned", due
    day, last_commit = max(met, after), after
    while True:
        day += dt.timedelta(days=rng.choice([3, 9, 20, 35, 70]))
        if day > dt.date(2024, 12, 20):
            return events
        committed = max(day + dt.timedelta(days=rng.choice([0, 0, 0, 1, 4, 6])), last_commit)
        last_commit = committed
        event = Event(day, committed, rng.choice(["召开专题会议", "形成初稿", "征求意见",
                                                  "持续推进"]))
        roll = rng.random()
        if status in ("planned", "blocked") and roll < 0.5:
            event.status = "in_progress"
        elif status in ("planned", "in_progress", "blocked") and roll < 0.56:
            event.status = "cancelled"
            event.note = "已由新规定涵盖，不再推进"
        elif status in ("in_progress", "blocked") and roll < 0.8:
            event.status = "done"
            event.note = "已印发"
        elif status in ("planned", "in_progress") and roll < 0.9:
            event.due = current_due + dt.timedelta(days=rng.choice([30, 61, 92]))
            event.before_due, current_due = current_due, event.due
            event.note = rng.choice(["需会签", "待上级批复"])
        elif status in ("planned", "in_progress") and roll < 0.95:
            event.status = "blocked"
            event.note = "待上级明确口径"
        if event.status:
            event.before_status, status = status, event.status
            event.note += f"（状态：{WORDS[event.before_status]} → {WORDS[event.status]}）"
        events.append(event)


def _file(made: Made, upto: list[Event]) -> str:
    """The item's file holding the updates `upto`, as `huishang update` writes them."""
    status, due, done_on = "planned", made.due, None
    lines = ["updates:"] if upto else []
    for e in upto:
        lines += [f"  - date: {e.dated}", f"    note: {json.dumps(e.note, ensure_ascii=False)}"]
        if e.due is not None:
            lines += ["    changes:", "      - field: due", f"        before: {e.before_due}",
                      f"        after: {e.due}", f"        reason: {e.note}"]
            due = e.due
        if e.status is not None:
            status = e.status
            done_on = e.dated if e.status == "done" else None
    head = [f"id: {made.item_id}", f"title: 事项{made.item_id}", f"lead: {made.lead}",
            f"due: {due}", f"status: {status}"]
    tail = [f"done_on: {done_on}", "evidence: [法〔2024〕1号]"] if done_on else []
    return "\n".join(head + lines + tail) + "\n"


def _git(root: Path, *args: str, stamp: str = "2024-01-01T10:00:00+08:00") -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "张三", "GIT_AUTHOR_EMAIL": "z@court.example.cn",
           "GIT_COMMITTER_NAME": "张三", "GIT_COMMITTER_EMAIL": "z@court.example.cn",
           "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    subprocess.run(["git", "-C", str(root), *args], env=env, check=True, capture_output=True)


def generate(seed: int, root: Path) -> World:
    """Meeting m1 (March) adopted with its months of progress on 15 July; meeting m2
    (August) whose items are entered days or weeks after it; then the months' feedback."""
    rng = random.Random(seed)
    adoption = dt.date(2024, 7, rng.choice([1, 15, 31]))
    met1, met2 = dt.date(2024, 3, 8), dt.date(2024, 8, rng.choice([5, 27]))
    items: list[Made] = []
    for meeting, met, count in (("m1", met1, 4), ("m2", met2, 3)):
        for n in range(1, count + 1):
            adopted = meeting == "m1"
            created = adoption if adopted else met + dt.timedelta(days=rng.choice([0, 9, 30]))
            due = met + dt.timedelta(days=rng.choice([40, 90, 150, 240]))
            made = Made(f"{meeting}-{n:02d}", meeting, met, rng.choice(UNITS), due, created,
                        adopted)
            made.events = _events(rng, met, due, met if adopted else created)
            for e in made.events:  # what happened before the adoption came in with it
                if adopted and e.committed < adoption:
                    e.committed = adoption
            items.append(made)
    root.mkdir()
    _git(root, "init", "-q", "-b", "main")
    commits = sorted({m.created for m in items} | {e.committed for m in items for e in m.events})
    for day in commits:
        for made in items:
            if made.created > day:
                continue
            folder = root / "items" / made.meeting
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "meeting.yaml").write_text(
                f"id: {made.meeting}\ntitle: 会商会议{made.meeting}\ndate: {made.met}\n"
                "parties: [最高人民法院, 最高人民检察院]\nlevel: national\n", encoding="utf-8")
            done = [e for e in made.events if e.committed <= day]
            (folder / f"{made.item_id}.yaml").write_text(_file(made, done), encoding="utf-8")
        _git(root, "add", "-A")
        _git(root, "commit", "-qm", f"feedback {day}", stamp=_stamp(day, rng))
    return World(root, items)


@dataclass(frozen=True)
class Count:
    """What a bulletin of the month must say, counted from the generator's record."""

    figures: tuple[int, int, int, int, tuple[tuple[str, int], ...]]
    closed: list[str]
    cancelled: list[tuple[str, str]]
    new: list[str]
    moves: list[tuple[str, str, str, str]]
    progress: dict[str, tuple[str, ...]]
    late: int  # updates dated in the month, committed after it
    blocked: list[str]


def count(world: World, month: str, as_of: dt.date, history: bool) -> Count:
    start, end = month_bounds(month)
    end = min(end, as_of)
    thresholds = Thresholds.of(WarningThresholds())  # huishang.yaml's defaults
    in_force = done = new = overdue = 0
    colours = dict.fromkeys(("red", "orange", "yellow"), 0)
    closed, cancelled, fresh, moves, progress = [], [], [], [], {}
    late = 0
    blocked = []
    for made in world.items:
        if history and made.created > as_of:
            continue  # not yet in the ledger on the day the bulletin is made
        entered = made.met if (made.adopted or not history) else made.created
        if entered > end:
            continue
        seen = [e for e in made.events if e.dated <= end and (not history or e.committed <= as_of)]
        status, due = "planned", made.due
        for e in seen:
            status = e.status or status
            due = e.due or due
        last_status = next((e for e in reversed(seen) if e.status), None)
        # what the adoption brought in is the sheet's history, not late feedback
        late += sum(history and start <= e.dated and e.committed > end
                    and not (made.adopted and e.committed == made.created) for e in seen)
        fresh += [made.item_id] if start <= entered <= end else []
        new += start <= entered <= end
        moves += [(made.item_id, str(e.before_due), str(e.due), str(e.dated)) for e in seen
                  if e.due is not None and start <= e.dated]
        if status == "done" and last_status is not None and start <= last_status.dated:
            done += 1
            closed.append(made.item_id)
        if status == "cancelled" and last_status is not None and start <= last_status.dated:
            cancelled.append((made.item_id, last_status.note))
        if status in ("done", "cancelled"):
            continue
        in_force += 1
        blocked += [made.item_id] if status == "blocked" else []
        overdue += due < end
        latest = max((e.dated for e in seen), default=None)
        alert = assess(status, due, latest or made.met, end, thresholds, made.met)
        if alert is not None:
            colours[alert.colour] += 1
        # a deadline move's note is its reason: a change (调整), not progress feedback
        progress[made.item_id] = tuple(f"{e.dated.month}.{e.dated.day} {e.note}" for e in seen
                                       if start <= e.dated and e.due is None)
    return Count((in_force, done, new, overdue, tuple(sorted(colours.items()))), sorted(closed),
                 sorted(cancelled), sorted(fresh), sorted(moves), progress, late, sorted(blocked))


def said(b: Bulletin) -> Count:
    f = b.figures
    return Count(
        (f.in_force, f.done, f.new, f.overdue, tuple(sorted(f.colours.items()))),
        sorted(i.id for i, _ in b.closed),
        sorted((n.item.id, n.notes[0].note if n.notes else "") for n in b.cancelled),
        sorted(i.id for i, _ in b.new),
        sorted((m.item_id, m.before, m.after, m.day) for m in b.moves),
        {n.item.id: tuple(f"{u.date.month}.{u.date.day} {u.note}" for u in n.notes)
         for n in b.progress}, b.late, sorted(n.item.id for n in b.blocked))


def _previous_month(month: str) -> str:
    return (month_bounds(month)[0] - dt.timedelta(days=1)).strftime("%Y-%m")


# SEEDS=24 runs more histories by hand; four keep the suite quick
@pytest.mark.parametrize("seed", range(int(os.environ.get("SEEDS", "4"))))
def test_every_month_equals_the_count_from_the_record(tmp_path: Path, seed: int) -> None:
    world = generate(seed, tmp_path / "ledger")
    ledger = load_ledger(world.root)
    assert not ledger.errors
    for history in (True, False):
        timeline = build(ledger, use_git=history)
        made_on: list[dt.date] = [TODAY]
        if history:  # also as drafted in the first days after each month, late feedback in
            made_on += [dt.date(2024, m, d) for m in (8, 9, 10, 11, 12) for d in (1, 4)]
        for as_of in made_on:
            bulletins: dict[str, Bulletin] = {}
            for month in MONTHS:
                if month_bounds(month)[0] > as_of:
                    break
                b = compute(ledger, timeline, month, TODAY, as_of)
                bulletins[month] = b
                where = f"seed {seed}, {month}, as of {as_of}, history {history}"
                assert said(b) == count(world, month, as_of, history), where
                previous = count(world, _previous_month(month), as_of, history)
                f = b.previous
                assert (f.in_force, f.done, f.new, f.overdue,
                        tuple(sorted(f.colours.items()))) == previous.figures, where
                if _previous_month(month) in bulletins:  # 上月 is last month's 本月, same day
                    assert b.previous == bulletins[_previous_month(month)].figures, where
