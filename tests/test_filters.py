"""On a random ledger of a few hundred items, every filter of `list` equals an independent
computation from the raw data, at the day boundaries too."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import RunCli

BASE = dt.date(2024, 6, 1)
UNITS = [("最高人民法院", "最高法"), ("最高人民检察院", "最高检"), ("司法部", None),
         ("黑龙江省高级人民法院", "黑龙江高院")]
MEETINGS = [("2023-06-12-a", "national", dt.date(2023, 6, 12)),
            ("2023-12-14-b", "provincial", dt.date(2023, 12, 14)),
            ("2024-01-10-c", "municipal", dt.date(2024, 1, 10))]
STATUSES = ["planned", "in_progress", "blocked", "done", "cancelled"]
PEOPLE = ["张三", "李四", "王五"]
DIVISIONS = ["刑一庭", "研究室"]

Raw = dict[str, Any]


def _generate(root: Path, count: int = 300, seed: int = 20240601) -> list[Raw]:
    rng = random.Random(seed)
    (root / "units.yaml").write_text(yaml.safe_dump({"units": [
        {"name": n, **({"short": [s]} if s else {})} for n, s in UNITS]}, allow_unicode=True),
        encoding="utf-8")
    items: list[Raw] = []
    for meeting_id, level, date in MEETINGS:
        folder = root / "items" / meeting_id
        folder.mkdir(parents=True)
        (folder / "meeting.yaml").write_text(
            f"id: {meeting_id}\ntitle: 会议\ndate: {date}\nparties: [最高人民法院]\n"
            f"level: {level}\naspects:\n  - {{key: A1, title: 一}}\n  - {{key: A2, title: 二}}\n",
            encoding="utf-8")
    for n in range(count):
        meeting_id, level, meeting_date = rng.choice(MEETINGS)
        lead, lead_short = rng.choice(UNITS)
        partners = rng.sample([u for u, _ in UNITS if u != lead], rng.randint(0, 2))
        status = rng.choice(STATUSES)
        raw: Raw = {"id": f"{meeting_id}-{n:03d}", "title": f"事项{n}",
                    "aspect": rng.choice(["A1", "A2", None]),
                    # sometimes the lead is written by its short name
                    "lead": lead_short if lead_short and rng.random() < 0.3 else lead,
                    "partners": partners, "status": status}
        if rng.random() < 0.85:
            raw["due"] = BASE + dt.timedelta(days=rng.randint(-90, 90))
        if rng.random() < 0.8:
            raw["owner"] = {"division": rng.choice(DIVISIONS), "person": rng.choice(PEOPLE)}
        days = sorted(rng.sample(range(0, 330), rng.randint(0, 3)))
        raw["updates"] = [{"date": meeting_date + dt.timedelta(days=d), "note": "进展"}
                          for d in days]
        if status == "blocked" and not days:  # a blocked item says why, as validate asks
            raw["updates"] = [{"date": meeting_date, "note": "待协调"}]
        if status == "done":
            raw["done_on"] = BASE - dt.timedelta(days=1)
            raw["evidence"] = ["文号"]
        raw = {k: v for k, v in raw.items() if v is not None}
        path = root / "items" / meeting_id / f"{raw['id']}.yaml"
        path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False),
                        encoding="utf-8")
        items.append({**raw, "_meeting": meeting_id, "_level": level,
                      "_meeting_date": meeting_date,
                      "_lead": next(u for u, s in UNITS if lead in (u, s) or raw["lead"] in (u, s))})
    return items


def _open(raw: Raw) -> bool:
    return raw["status"] not in ("done", "cancelled")


def _overdue_days(raw: Raw, today: dt.date) -> int:
    due = raw.get("due")
    return (today - due).days if _open(raw) and due is not None and due < today else 0


def _colour(raw: Raw, today: dt.date) -> str | None:
    """The warning rules, restated from their documentation with the default thresholds."""
    if not _open(raw):
        return None
    late = _overdue_days(raw, today)
    last = raw["updates"][-1]["date"] if raw["updates"] else raw["_meeting_date"]
    quiet = (today - last).days
    due = raw.get("due")
    if late > 30 or (late > 0 and quiet >= 60):
        return "red"
    if late > 0 or (raw["status"] in ("in_progress", "blocked") and quiet >= 60):
        return "orange"
    if raw["status"] == "planned" and (today - raw["_meeting_date"]).days >= 60:
        return "orange"
    if due is not None and (due - today).days <= 14:
        return "yellow"
    return None


Pred = Callable[[Raw, dt.date], bool]
CASES: list[tuple[list[str], Pred]] = [
    (["--overdue"], lambda r, t: _overdue_days(r, t) > 0),
    (["--lead", "最高法"], lambda r, t: r["_lead"] == "最高人民法院"),
    (["--lead", "最高人民检察院"], lambda r, t: r["_lead"] == "最高人民检察院"),
    (["--partner", "司法部"], lambda r, t: "司法部" in r["partners"]),
    (["--unit", "黑龙江高院"],
     lambda r, t: "黑龙江省高级人民法院" in (r["_lead"], *r["partners"])),
    (["--owner", "张三"], lambda r, t: r.get("owner", {}).get("person") == "张三"),
    (["--owner", "研究室"], lambda r, t: r.get("owner", {}).get("division") == "研究室"),
    (["--meeting", "2023-12-14-b"], lambda r, t: r["_meeting"] == "2023-12-14-b"),
    (["--aspect", "A2"], lambda r, t: r.get("aspect") == "A2"),
    (["--status", "blocked", "--status", "planned"],
     lambda r, t: r["status"] in ("blocked", "planned")),
    (["--warning", "red"], lambda r, t: _colour(r, t) == "red"),
    (["--warning", "orange", "--warning", "yellow"],
     lambda r, t: _colour(r, t) in ("orange", "yellow")),
    (["--due-within", "14d"],
     lambda r, t: _open(r) and "due" in r and (r["due"] - t).days <= 14),
    (["--due-within", "2w", "--status", "in_progress"],
     lambda r, t: r["status"] == "in_progress" and "due" in r and (r["due"] - t).days <= 14),
    (["--level", "provincial"], lambda r, t: r["_level"] == "provincial"),
    (["--overdue", "--lead", "最高检", "--level", "national"],
     lambda r, t: _overdue_days(r, t) > 0 and r["_lead"] == "最高人民检察院"
     and r["_level"] == "national"),
]


@pytest.fixture(scope="module")
def random_ledger(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Raw]]:
    root = tmp_path_factory.mktemp("random")
    return root, _generate(root)


def _ids(run: RunCli, root: Path, today: dt.date, args: list[str]) -> list[str]:
    result = run("list", *args, "--repo", str(root), "--today", today.isoformat(),
                 "--format", "json")
    assert result.exit_code == 0, result.output
    return [r["id"] for r in json.loads(result.stdout)["items"]]


def _boundary_days(items: list[Raw]) -> list[dt.date]:
    """Days on which items fall due, and the days either side: where off-by-one errors show."""
    dues = sorted({r["due"] for r in items if "due" in r and _open(r)})
    pick = dues[len(dues) // 3]
    return [pick - dt.timedelta(days=1), pick, pick + dt.timedelta(days=1), BASE]


def test_random_ledger_loads_without_problems(random_ledger: tuple[Path, list[Raw]]) -> None:
    from huishang.store.files import load_ledger

    root, items = random_ledger
    ledger = load_ledger(root)
    assert ledger.problems == []
    assert len(ledger.items) == len(items) == 300


@pytest.mark.parametrize(("args", "predicate"), CASES, ids=[" ".join(a) for a, _ in CASES])
def test_filter_matches_independent_computation(run: RunCli,
                                                random_ledger: tuple[Path, list[Raw]],
                                                args: list[str], predicate: Pred) -> None:
    root, items = random_ledger
    for today in _boundary_days(items):
        expected = sorted(r["id"] for r in items if predicate(r, today))
        assert sorted(_ids(run, root, today, args)) == expected, today
    assert any(predicate(r, BASE) for r in items), "the case should select something"


def test_overdue_changes_exactly_at_the_due_date(run: RunCli,
                                                 random_ledger: tuple[Path, list[Raw]]) -> None:
    root, items = random_ledger
    raw = next(r for r in items if _open(r) and "due" in r)
    due = raw["due"]
    assert raw["id"] not in _ids(run, root, due, ["--overdue"])
    assert raw["id"] in _ids(run, root, due + dt.timedelta(days=1), ["--overdue"])


@pytest.mark.parametrize("sort", ["due", "id", "lead", "overdue"])
def test_sort_orders(run: RunCli, random_ledger: tuple[Path, list[Raw]], sort: str) -> None:
    root, items = random_ledger
    result = run("list", "--repo", str(root), "--today", BASE.isoformat(), "--format", "json",
                 "--sort", sort)
    records = json.loads(result.stdout)["items"]
    assert len(records) == len(items)
    if sort == "id":
        assert [r["id"] for r in records] == sorted(r["id"] for r in records)
        return
    # open items with a deadline first, then undated open ones, then finished ones
    ranks = [0 if r["days_left"] is not None else (1 if r["status"] not in ("done", "cancelled")
                                                   else 2) for r in records]
    if sort != "lead":
        assert ranks == sorted(ranks)
    if sort == "due":
        dated = [r["due"] for r, k in zip(records, ranks, strict=True) if k == 0]
        assert dated == sorted(dated)
    if sort == "overdue":
        late = [r["overdue_days"] for r, k in zip(records, ranks, strict=True) if k == 0]
        assert late == sorted(late, reverse=True)
    if sort == "lead":
        leads = [r["lead"] for r in records]
        assert leads == sorted(leads)
