"""Each warning rule at its thresholds, with the defaults and with custom settings."""

from __future__ import annotations

import datetime as dt

import pytest

from huishang.ledger.models import Item, WarningThresholds
from huishang.views.earlywarning import Alert, Thresholds, assess

TODAY = dt.date(2024, 6, 1)
MEETING_DAY = dt.date(2023, 1, 1)
RULES = WarningThresholds()


def make(due_offset: int | None, status: str = "in_progress",
         updated_days_ago: int | None = 0) -> Item:
    """An item due `due_offset` days from TODAY, last updated `updated_days_ago` days ago."""
    data: dict[str, object] = {"id": "x-01", "title": "t", "lead": "最高人民法院",
                               "status": status}
    if due_offset is not None:
        data["due"] = TODAY + dt.timedelta(days=due_offset)
    if updated_days_ago is not None:
        data["updates"] = [{"date": TODAY - dt.timedelta(days=updated_days_ago), "note": "n"}]
    if status == "done":
        data.update(done_on=TODAY, evidence=["文号"])
    return Item.model_validate(data)


def judge(item: Item, rules: WarningThresholds = RULES,
          meeting_day: dt.date = MEETING_DAY) -> Alert | None:
    """The warning for an item of a meeting held on `meeting_day`, as of TODAY."""
    return assess(item.status, item.due, item.last_activity or meeting_day, TODAY,
                  Thresholds.of(rules), meeting_day)


def colour(item: Item, rules: WarningThresholds = RULES) -> str | None:
    alert = judge(item, rules)
    return alert.colour if alert else None


@pytest.mark.parametrize(
    ("due_offset", "updated", "expected"),
    [
        (-31, 0, "red"),      # overdue by more than 30 days
        (-30, 0, "orange"),   # overdue by exactly 30: not yet red
        (-1, 0, "orange"),    # overdue by one day
        (-1, 59, "orange"),   # overdue, 59 days without update
        (-1, 60, "red"),      # overdue and 60 days without update
        (0, 0, "yellow"),     # due today: not overdue, due soon
        (14, 0, "yellow"),    # due in exactly 14 days
        (15, 0, None),        # due in 15 days
        (15, 59, None),       # in progress, 59 days without update
        (15, 60, "orange"),   # in progress, 60 days without update: stalled
        (None, 60, "orange"),  # undated but stalled
        (None, 0, None),
    ],
)
def test_default_thresholds(due_offset: int | None, updated: int, expected: str | None) -> None:
    assert colour(make(due_offset, updated_days_ago=updated)) == expected


def test_stalled_counts_from_the_meeting_when_there_is_no_update() -> None:
    item = make(100, updated_days_ago=None)
    assert colour(item) == "orange"  # the meeting was 517 days ago
    recent = judge(item, RULES, TODAY - dt.timedelta(days=59))
    assert recent is None


def test_stalled_applies_to_started_items_only() -> None:
    assert judge(make(100, "planned", updated_days_ago=200), RULES, TODAY) is None
    assert colour(make(100, "blocked", updated_days_ago=200)) == "orange"


@pytest.mark.parametrize(("waited", "expected"), [(59, None), (60, "orange"), (400, "orange")])
def test_an_item_never_started_is_orange_from_its_meeting(waited: int,
                                                          expected: str | None) -> None:
    meeting = TODAY - dt.timedelta(days=waited)
    for updated in (None, 0):  # a note does not start it: only its status does
        alert = judge(make(100, "planned", updated_days_ago=updated), RULES, meeting)
        assert (alert.colour if alert else None) == expected
        if alert is not None:
            assert (alert.reason, alert.days) == ("why.unstarted", waited)
    assert judge(make(100, "in_progress"), RULES, meeting) is None
    later = WarningThresholds(orange_unstarted_days=waited + 1)
    assert judge(make(100, "planned"), later, meeting) is None


@pytest.mark.parametrize("status", ["done", "cancelled"])
def test_finished_items_never_warn(status: str) -> None:
    assert colour(make(-400, status, updated_days_ago=400)) is None


def test_custom_thresholds() -> None:
    rules = WarningThresholds(red_overdue_days=5, red_stale_days=10, orange_stale_days=20,
                         yellow_due_within_days=3)
    assert colour(make(-6), rules) == "red"
    assert colour(make(-5), rules) == "orange"
    assert colour(make(-1, updated_days_ago=10), rules) == "red"
    assert colour(make(3), rules) == "yellow"
    assert colour(make(4), rules) is None
    assert colour(make(30, updated_days_ago=20), rules) == "orange"


def test_reason_and_days() -> None:
    alert = judge(make(-45), RULES, MEETING_DAY)
    assert alert is not None and (alert.reason, alert.days) == ("why.overdue_long", 45)
    alert = judge(make(-3, updated_days_ago=70), RULES, MEETING_DAY)
    assert alert is not None and (alert.reason, alert.days) == ("why.overdue_stale", 70)
    alert = judge(make(40, updated_days_ago=61), RULES, MEETING_DAY)
    assert alert is not None and (alert.reason, alert.days) == ("why.stalled", 61)
