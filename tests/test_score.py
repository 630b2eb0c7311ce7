"""考评 (`score`): figures counted by hand on a small ledger, and against a count of their
definitions, day by day, on generated ledgers."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Callable

import pytest

from huishang.ledger.models import Item
from huishang.views.score import Period, counted, period_of, score
from huishang.views.tracked import of_item
from tests.conftest import MEETING, RunCli, WriteLedger, item_yaml

M2 = MEETING.replace("id: m1", "id: m2").replace("2023-06-12", "2024-08-10")


def _item(item_id: str, lead: str, due: str, status: str, updates: list[str],
          **more: str) -> str:
    fields: dict[str, str] = {"lead": lead, "due": due, "status": status, **more}
    if updates:
        fields["updates"] = "".join(f"\n  - date: {d}\n    note: 进展" for d in updates)
    if status == "done":
        fields["evidence"] = "[某文件]"
    return item_yaml(item_id, **fields)


A, B = "最高人民法院", "最高人民检察院"

# Counted by hand for 2024-Q3 (July to September); see each line's comment.
SMALL = {
    # due in Q3, done on time; open in July and August, reported in both; closed in Q3
    "items/m1/m1-01.yaml": _item("m1-01", A, "2024-08-31", "done", ["2024-07-05", "2024-08-20"],
                                 done_on="2024-08-20"),
    # due in Q3, done late; open all three months, reported in September; closed in Q3
    "items/m1/m1-02.yaml": _item("m1-02", A, "2024-09-15", "done", ["2024-09-20"],
                                 done_on="2024-09-20"),
    # due in Q3, still open: 61 days overdue on 30 September; reported in September
    "items/m1/m1-03.yaml": _item("m1-03", A, "2024-07-31", "in_progress",
                                 ["2024-06-30", "2024-09-02"]),
    # cancelled on 15 July: left out of on time; open in July only, reported then
    "items/m1/m1-04.yaml": _item("m1-04", A, "2024-09-10", "cancelled", ["2024-07-15"]),
    # meeting on 10 August: open in August and September, never reported
    "items/m2/m2-01.yaml": _item("m2-01", A, "2025-03-31", "planned", []),
    # B leads, A supports (not counted for A): 92 days overdue; reported in August
    "items/m1/m1-05.yaml": _item("m1-05", B, "2024-06-30", "in_progress", ["2024-08-05"],
                                 partners=f"[{A}]"),
    # due and done on 30 September: on time; reported in September
    "items/m1/m1-06.yaml": _item("m1-06", B, "2024-09-30", "done", ["2024-09-30"],
                                 done_on="2024-09-30"),
    # due after Q3, reported only in October: three months silent, not overdue
    "items/m1/m1-07.yaml": _item("m1-07", B, "2024-10-10", "in_progress", ["2024-10-05"]),
    "items/m2/meeting.yaml": M2,
}

SMALL_JSON = {
    "version": 1,
    "period": {"name": "2024-Q3", "start": "2024-07-01", "end": "2024-09-30"},
    "units": [
        {"unit": B, "on_time_rate": 1.0, "feedback_rate": round(2 / 9, 4), "overdue": 1,
         "mean_overdue_days": 92.0, "closed": 1, "open": 2},
        {"unit": A, "on_time_rate": round(1 / 3, 4), "feedback_rate": round(5 / 11, 4),
         "overdue": 1, "mean_overdue_days": 61.0, "closed": 2, "open": 2},
    ],
}


def test_score_counted_by_hand(run: RunCli, write_ledger: WriteLedger) -> None:
    root = write_ledger(SMALL)
    result = run("score", "--quarter", "2024-Q3", "--repo", str(root), "--today", "2024-10-15",
                 "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == SMALL_JSON


def test_score_as_csv_and_markdown(run: RunCli, write_ledger: WriteLedger) -> None:
    root = write_ledger(SMALL)
    common = ("--quarter", "2024-q3", "--repo", str(root), "--today", "2024-10-15")
    csv = run("score", *common, "--format", "csv")
    assert csv.exit_code == 0, csv.output
    assert csv.stdout.splitlines() == [
        "\ufeff排名,牵头单位,按期办结率,反馈及时率,逾期事项,平均逾期天数,期内办结,期末在办",
        f"1,{B},1.0000,0.2222,1,92.0,1,2",
        f"2,{A},0.3333,0.4545,1,61.0,2,2"]
    md = run("score", *common, "--format", "markdown", "--lang", "en")
    assert md.stdout.splitlines()[:5] == [
        "**Scores: 2024-Q3 (2024-07-01 to 2024-09-30)**", "",
        "| Rank | Lead unit | Closed on time | Reported monthly | Overdue | Mean days overdue "
        "| Closed | Open |",
        "|--:|:--|--:|--:|--:|--:|--:|--:|",
        f"| 1 | {B} | 100% | 22% | 1 | 92.0 | 1 | 2 |"]


def test_score_year_to_date_by_default(run: RunCli, write_ledger: WriteLedger) -> None:
    """Without a period, this year up to today: on 15 August 2024 only m1-03 of A's items
    has come due (not done: 0%), and it is 15 days overdue."""
    root = write_ledger(SMALL)
    result = run("score", "--repo", str(root), "--today", "2024-08-15", "--format", "json")
    assert result.exit_code == 0, result.output
    got = json.loads(result.stdout)
    assert got["period"] == {"name": "2024", "start": "2024-01-01", "end": "2024-08-15"}
    a = next(u for u in got["units"] if u["unit"] == A)
    assert (a["on_time_rate"], a["overdue"], a["mean_overdue_days"]) == (0.0, 1, 15.0)


def test_a_note_after_a_cancellation_does_not_move_it(run: RunCli,
                                                       write_ledger: WriteLedger) -> None:
    """Cancelled on 15 July (its note records it), a note on 5 October: the bulletin of
    September counts the item cancelled in July, and so does Q3's 考评 — not open, not
    overdue, not silent in August and September."""
    cancelled = _item("m1-04", A, "2024-09-10", "cancelled", [])
    cancelled += ("updates:\n  - date: 2024-07-15\n    note: 不再推进（状态：推进中 → 已终止）\n"
                  "  - date: 2024-10-05\n    note: 补记说明\n")
    root = write_ledger({"items/m1/m1-04.yaml": cancelled,
                         "items/m1/m1-03.yaml": SMALL["items/m1/m1-03.yaml"]})
    result = run("score", "--quarter", "2024-Q3", "--repo", str(root), "--today", "2024-10-20",
                 "--format", "json")
    assert result.exit_code == 0, result.output
    (a,) = json.loads(result.stdout)["units"]
    assert (a["open"], a["overdue"], a["mean_overdue_days"]) == (1, 1, 61.0)
    assert a["feedback_rate"] == round(2 / 4, 4)  # m1-04 in July, m1-03 in three months
    bulletin = run("bulletin", "--month", "2024-09", "--no-history", "--repo", str(root),
                   "--today", "2024-10-20")
    assert bulletin.exit_code == 0, bulletin.output
    assert "在办事项1项，其中逾期1项" in bulletin.stdout


def test_a_period_is_scored_as_its_bulletins_saw_it(run: RunCli,
                                                     write_ledger: WriteLedger) -> None:
    """Q3 scored in October, after m1-01's deadline of 31 August was moved on 5 October and
    m1-02 (due 10 September) was cancelled on 3 October: at 30 September both were open,
    due in the quarter and overdue, as September's bulletin says."""
    moved = _item("m1-01", A, "2024-12-31", "in_progress", []) + (
        "updates:\n  - date: 2024-10-05\n    note: 需会签\n    changes:\n"
        "      - field: due\n        before: 2024-08-31\n        after: 2024-12-31\n"
        "        reason: 需会签\n")
    cancelled = _item("m1-02", A, "2024-09-10", "cancelled", []) + (
        "updates:\n  - date: 2024-10-03\n    note: 不再推进（状态：推进中 → 已终止）\n")
    root = write_ledger({"items/m1/m1-01.yaml": moved, "items/m1/m1-02.yaml": cancelled})
    result = run("score", "--quarter", "2024-Q3", "--repo", str(root), "--today", "2024-10-20",
                 "--format", "json")
    assert result.exit_code == 0, result.output
    (a,) = json.loads(result.stdout)["units"]
    assert (a["on_time_rate"], a["overdue"], a["mean_overdue_days"], a["open"]) \
        == (0.0, 2, round((30 + 20) / 2, 1), 2)
    bulletin = run("bulletin", "--month", "2024-09", "--no-history", "--repo", str(root),
                   "--today", "2024-10-20")
    assert bulletin.exit_code == 0, bulletin.output
    assert "在办事项2项，其中逾期2项" in bulletin.stdout


@pytest.mark.parametrize(("option", "value", "words"), [
    ("--quarter", "2024-Q5", "YYYY-Qn"), ("--month", "2024-13", "YYYY-MM"),
    ("--year", "24", "YYYY"), ("--year", "2030", "尚未开始"), ("--year", "0000", "YYYY"),
    ("--month", "0000-01", "YYYY-MM"), ("--quarter", "0000-Q1", "YYYY-Qn")])
def test_score_refuses_a_period_it_cannot_count(run: RunCli, write_ledger: WriteLedger,
                                                option: str, value: str, words: str) -> None:
    root = write_ledger(SMALL)
    result = run("score", option, value, "--repo", str(root), "--today", "2024-10-15")
    assert result.exit_code == 2
    assert words in result.stderr and value in result.stderr


def test_score_takes_one_period(run: RunCli, write_ledger: WriteLedger) -> None:
    root = write_ledger(SMALL)
    result = run("score", "--month", "2024-08", "--year", "2024", "--repo", str(root))
    assert result.exit_code == 2
    assert "只能选一个" in result.stderr


# ---- against the definitions, counted day by day on generated ledgers ----

def _generated(rng: random.Random, n: int) -> list[tuple[Item, dt.date]]:
    units = ["甲", "乙", "丙"]
    found = []
    for k in range(n):
        meeting = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 330))
        due = meeting + dt.timedelta(days=rng.randint(-10, 200))
        status = rng.choice(["planned", "in_progress", "blocked", "done", "cancelled"])
        updates = sorted(meeting + dt.timedelta(days=rng.randint(0, 300))
                         for _ in range(rng.randint(0, 5)))
        record: dict[str, object] = {
            "id": f"g-{k}", "title": "事项", "lead": rng.choice(units), "due": due,
            "status": status, "updates": [{"date": d, "note": "进展"} for d in updates]}
        if status == "done":
            record["done_on"] = meeting + dt.timedelta(days=rng.randint(0, 300))
            record["evidence"] = ["文件"]
        found.append((Item.model_validate(record), meeting))
    return found


def _closed_by(item: Item, meeting: dt.date, day: dt.date) -> bool:
    if item.status == "done":
        assert item.done_on is not None
        return item.done_on <= day
    if item.status == "cancelled":
        return (max((u.date for u in item.updates), default=meeting)) <= day
    return False


Stood = tuple[str, dt.date | None, dt.date | None]  # status, due, done_on


def _as_filed(item: Item, meeting: dt.date, day: dt.date) -> Stood:
    """An item whose file records no change: as it is, whatever the day."""
    return item.status, item.due, item.done_on


def _by_definition(items: list[tuple[Item, dt.date]], unit: str, period: Period,
                   stood: Callable[[Item, dt.date, dt.date], Stood] = _as_filed,
                   closed_by: Callable[[Item, dt.date, dt.date], bool] | None = None,
                   ) -> dict[str, object]:
    closed_by = closed_by or _closed_by
    mine = [(i, m) for i, m in items if unit in i.leads and m <= period.end]
    at_end = {i.id: stood(i, m, period.end) for i, m in mine}
    due = [(status, deadline, done_on) for status, deadline, done_on in at_end.values()
           if status != "cancelled" and deadline is not None
           and period.start <= deadline <= period.end]
    on_time = [1 for status, deadline, done_on in due
               if status == "done" and done_on and deadline and done_on <= deadline]
    pairs = reported = 0
    day = period.start
    while day <= period.end:  # each month of the period, found by walking its days
        if day.day == 1 or day == period.start:
            first = day.replace(day=1)
            last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
            for i, m in mine:
                before = first - dt.timedelta(days=1)
                if m <= last and not closed_by(i, m, before):
                    pairs += 1
                    reported += any(first <= u.date <= min(last, period.end)
                                    for u in i.updates)
        day += dt.timedelta(days=1)
    end = period.end
    late = [(end - deadline).days for i, m in mine
            if not closed_by(i, m, end) and (deadline := at_end[i.id][1]) is not None
            and deadline < end]
    return {
        "on_time_rate": len(on_time) / len(due) if due else None,
        "feedback_rate": reported / pairs if pairs else None,
        "overdue": len(late),
        "mean_overdue_days": sum(late) / len(late) if late else None,
        "closed": sum(status == "done" and done_on is not None
                      and period.start <= done_on <= end
                      for status, _, done_on in at_end.values()),
        "open": sum(not closed_by(i, m, end) for i, m in mine),
    }


# ---- items whose files record their changes: the state at a day told by the story ----

WORDS = {"planned": "未启动", "in_progress": "推进中", "blocked": "受阻", "done": "已办结",
         "cancelled": "已终止"}
Story = list[tuple[dt.date, str | None, dt.date | None]]  # day, new status, new deadline
STORIES: dict[str, tuple[Stood, Story]] = {}  # item id: its first state and its story


def _told(rng: random.Random, n: int) -> list[tuple[Item, dt.date]]:
    """Items started, blocked, done, cancelled and given new deadlines by updates (as
    `huishang update` writes them), with plain notes between; the story kept aside."""
    found = []
    for k in range(n):
        meeting = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 300))
        status, due = "planned", meeting + dt.timedelta(days=rng.randint(10, 150))
        first: Stood = (status, due, None)
        story: Story = []
        updates: list[dict[str, object]] = []
        done_on = None
        day = meeting
        for _ in range(rng.randint(0, 6)):
            day += dt.timedelta(days=rng.randint(1, 60))
            kind = rng.choice(["note", "status", "due"]) if status not in ("done", "cancelled") \
                else "note"
            if kind == "status":
                after = rng.choice([s for s in WORDS if s not in (status, "planned")])
                updates.append({"date": day, "note": f"调整（状态：{WORDS[status]} → "
                                                     f"{WORDS[after]}）"})
                story.append((day, after, None))
                status = after
                done_on = day if after == "done" else None
            elif kind == "due":
                after_due = due + dt.timedelta(days=rng.randint(10, 90))
                updates.append({"date": day, "note": "延期", "changes": [
                    {"field": "due", "before": due, "after": after_due, "reason": "延期"}]})
                story.append((day, None, after_due))
                due = after_due
            else:
                updates.append({"date": day, "note": "进展"})
        record: dict[str, object] = {"id": f"t-{k}", "title": "事项", "lead": rng.choice("甲乙丙"),
                                     "due": due, "status": status, "updates": updates}
        if status == "done":
            record.update(done_on=done_on, evidence=["文件"])
        found.append((Item.model_validate(record), meeting))
        STORIES[f"t-{k}"] = (first, story)
    return found


def _story_at(item: Item, meeting: dt.date, day: dt.date) -> Stood:
    status, due, done_on = STORIES[item.id][0]
    for when, new_status, new_due in STORIES[item.id][1]:
        if when <= day:
            status, due = new_status or status, new_due or due
            done_on = when if status == "done" else None
    return status, due, done_on


def _story_closed_by(item: Item, meeting: dt.date, day: dt.date) -> bool:
    return _story_at(item, meeting, day)[0] in ("done", "cancelled")


@pytest.mark.parametrize(("seed", "told"), [(seed, False) for seed in range(6)]
                         + [(seed, True) for seed in range(6)])
def test_score_matches_its_definitions_on_a_generated_ledger(seed: int, told: bool) -> None:
    """Items as filed (no change recorded), and items whose updates record their changes:
    each period's figures as counted from the items at the period's end, each month's
    open items from the items at the month's start."""
    rng = random.Random(seed)
    items = _told(rng, 120) if told else _generated(rng, 120)
    rules = (_story_at, _story_closed_by) if told else (_as_filed, _closed_by)
    today = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(200, 500))
    for name in ({"quarter": f"{today.year}-Q{rng.randint(1, (today.month + 2) // 3)}"},
                 {"month": f"2024-{rng.randint(2, 12):02d}"}, {}):
        named = period_of(today, **name)
        assert named is not None
        period = counted(named, today)
        if period is None:  # a month after today
            continue
        scores = score([of_item(i, m) for i, m in items], period)
        assert {s.unit for s in scores} == {u for i, m in items for u in i.leads
                                            if m <= period.end}
        for s in scores:
            got = {"on_time_rate": s.on_time_rate, "feedback_rate": s.feedback_rate,
                   "overdue": s.overdue, "mean_overdue_days": s.mean_overdue_days,
                   "closed": s.closed, "open": s.open}
            assert got == pytest.approx(_by_definition(items, s.unit, period, *rules)), \
                (name, s.unit)
        rates = [(s.on_time_rate is None, -(s.on_time_rate or 0), s.feedback_rate is None,
                  -(s.feedback_rate or 0)) for s in scores]
        assert rates == sorted(rates)
