"""The bundled demonstration ledger: valid, honest about what is illustrative, and useful."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import yaml
from conftest import RunCli

from huishang.store.files import load_ledger

ROOT = Path(__file__).parent.parent


def test_bundled_ledger_is_valid() -> None:
    ledger = load_ledger(ROOT)
    assert ledger.errors == []
    # public reports name only some of each meeting's items, and validate says so
    assert [(p.path, p.code) for p in ledger.problems] == [
        (f"items/{m}/meeting.yaml", "meeting.agreed_count")
        for m in ("2023-06-12-fa-jian", "2023-08-22-fa-si", "2023-12-14-xj-fa-jian")]
    assert sorted(ledger.meetings) == [
        "2023-06-12-fa-jian", "2023-08-22-fa-si", "2023-12-14-xj-fa-jian",
        "2024-08-07-hlj-fa-jian"]


def test_made_up_details_are_marked_illustrative() -> None:
    for entry in load_ledger(ROOT).items:
        assert entry.record.illustrative, entry.path


def test_real_meeting_facts() -> None:
    meetings = {k: v.record for k, v in load_ledger(ROOT).meetings.items()}
    assert meetings["2023-06-12-fa-jian"].agreed_items == 13
    assert meetings["2023-08-22-fa-si"].agreed_items == 28
    assert len(meetings["2023-12-14-xj-fa-jian"].aspects) == 7
    assert meetings["2024-08-07-hlj-fa-jian"].sequence == 2


def test_overdue_list_matches_an_independent_count(run: RunCli) -> None:
    today = dt.date(2026, 11, 21)
    expected = []
    for path in sorted((ROOT / "items").rglob("*.yaml")):
        if path.name == "meeting.yaml":
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        due = data.get("due")
        if data["status"] not in ("done", "cancelled") and due is not None and due < today:
            expected.append(data["id"])
    result = run("list", "--overdue", "--repo", str(ROOT), "--today", today.isoformat(),
                 "--format", "json")
    found = [row["id"] for row in json.loads(result.stdout)["items"]]
    assert sorted(found) == sorted(expected)
    assert len(found) >= 3  # the demonstration shows a meaningful table
