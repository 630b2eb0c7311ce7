"""The bulletin's figures over histories as offices make them: updates dated in a month and
committed in the next, notes after a cancellation, ledgers read without history, and an old
台账 adopted mid-year. Each expectation is counted by hand from the story told."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import LI, ZHANG, Repo, RunCli, item_yaml

from huishang.git.timeline import build
from huishang.reports.bulletin import Bulletin, compute
from huishang.store.files import load_ledger


def _meeting(day: str) -> str:
    return (f"id: m1\ntitle: 测试会议\ndate: {day}\nparties: [最高人民法院, 最高人民检察院]\n"
            "level: national\n")


def _sheet_item(item_id: str, status: str, due: str, extra: str = "") -> str:
    return item_yaml(item_id, aspect=None, due=due, status=status) + extra


def _ledger(tmp_path: Path, items: dict[str, tuple[str, ...]],
            meeting: str = "2024-06-07") -> Repo:
    """Meeting m1 held and committed on `meeting`, with its items as (status, due, and
    optionally more of the file)."""
    root = tmp_path / "ledger"
    root.mkdir()
    repo = Repo(root)
    repo.write("items/m1/meeting.yaml", _meeting(meeting))
    for item_id, spec in items.items():
        repo.write(f"items/m1/{item_id}.yaml", _sheet_item(item_id, *spec))
    repo.commit("meeting", ZHANG, meeting)
    return repo


def _update(run: RunCli, repo: Repo, item_id: str, dated: str, committed: str,
            *args: str) -> None:
    """`huishang update` as a clerk runs it on the day of the feedback's date, committed
    later (the clerk's commit, on `committed`)."""
    result = run("update", item_id, "--date", dated, *args, "--repo", str(repo.root),
                 "--today", committed)
    assert result.exit_code == 0, result.output
    repo.commit(f"{item_id} {dated}", LI, committed)


def _bulletin(repo: Repo, month: str, today: str, *, history: bool = True) -> Bulletin:
    ledger = load_ledger(repo.root)
    return compute(ledger, build(ledger, use_git=history), month, dt.date.fromisoformat(today))


def _figures(b: Bulletin) -> tuple[object, ...]:
    f = b.figures
    return f.in_force, f.done, f.new, f.overdue, tuple(sorted(f.colours.items()))


def test_a_late_start_stays_in_its_month_after_a_later_note(run: RunCli,
                                                           tmp_path: Path) -> None:
    """Started by an update dated 25 August, committed on 5 September: August shows it
    推进中 whether the bulletin is made on 6 September or in October, after a note dated
    2 October, and September's 上月 is August's 本月."""
    repo = _ledger(tmp_path, {"m1-01": ("planned", "2024-12-31")})
    _update(run, repo, "m1-01", "2024-08-25", "2024-09-05", "--status", "推进中",
            "--note", "已成立起草小组")
    early = _bulletin(repo, "2024-08", "2024-09-06")
    _update(run, repo, "m1-01", "2024-10-02", "2024-10-02", "--note", "形成初稿")
    again = _bulletin(repo, "2024-08", "2024-10-05")
    for b in (early, again):
        assert b.statuses["in_progress"] == 1 and b.statuses["planned"] == 0
        assert b.flagged == []  # not orange "会后 85 天仍未启动"
        assert [n.item.status for n in b.progress] == ["in_progress"]
    assert _figures(again) == _figures(early)
    september = _bulletin(repo, "2024-09", "2024-10-05")
    assert september.previous == again.figures


def test_a_late_cancellation_counts_in_its_month_and_only_there(run: RunCli,
                                                                tmp_path: Path) -> None:
    """Cancelled by an update dated 31 October, committed on 2 November, then a note in
    November: October counts it cancelled (not in force, not overdue, not red) and lists
    it with its own reason; November does not list it again."""
    repo = _ledger(tmp_path, {"m1-01": ("in_progress", "2024-09-30"),
                              "m1-02": ("in_progress", "2024-12-31")})
    _update(run, repo, "m1-01", "2024-10-31", "2024-11-02", "--status", "已终止",
            "--note", "已由新规定涵盖")
    _update(run, repo, "m1-01", "2024-11-20", "2024-11-20", "--note", "相关材料已归档")
    october = _bulletin(repo, "2024-10", "2024-12-02")
    assert (october.figures.in_force, october.figures.overdue) == (1, 0)
    assert october.figures.colours["red"] == 0
    assert [(n.item.id, n.notes[0].note.startswith("已由新规定涵盖")) for n in october.cancelled] \
        == [("m1-01", True)]
    november = _bulletin(repo, "2024-11", "2024-12-02")
    assert november.cancelled == []
    assert november.previous == october.figures


def test_without_history_a_cancellation_is_listed_in_its_month_only(run: RunCli,
                                                                    tmp_path: Path) -> None:
    """Read from the files alone, an item cancelled on 31 October is not 本月终止 in its
    meeting's month, nor in the months of its other notes."""
    repo = _ledger(tmp_path, {"m1-01": ("in_progress", "2024-12-31")})
    _update(run, repo, "m1-01", "2024-08-10", "2024-08-10", "--note", "调研")
    _update(run, repo, "m1-01", "2024-10-31", "2024-10-31", "--status", "已终止",
            "--note", "已由新规定涵盖")
    listed = {month: [n.notes for n in _bulletin(repo, month, "2024-12-02",
                                                 history=False).cancelled]
              for month in ("2024-06", "2024-07", "2024-08", "2024-09", "2024-10", "2024-11")}
    assert [m for m, found in listed.items() if found] == ["2024-10"]
    assert listed["2024-10"][0][0].note.startswith("已由新规定涵盖")
    in_force = [_bulletin(repo, m, "2024-12-02", history=False).figures.in_force
                for m in ("2024-06", "2024-09", "2024-10")]
    assert in_force == [1, 1, 0]


@pytest.mark.parametrize("history", [True, False])
def test_a_note_after_a_cancellation_does_not_list_it_again(run: RunCli, tmp_path: Path,
                                                            history: bool) -> None:
    """Cancelled on 20 August; a note of 10 September is no second cancellation."""
    repo = _ledger(tmp_path, {"m1-01": ("in_progress", "2024-12-31")})
    _update(run, repo, "m1-01", "2024-08-20", "2024-08-20", "--status", "已终止",
            "--note", "已由新规定涵盖")
    _update(run, repo, "m1-01", "2024-09-10", "2024-09-10", "--note", "材料归档")
    august = _bulletin(repo, "2024-08", "2024-10-08", history=history)
    september = _bulletin(repo, "2024-09", "2024-10-08", history=history)
    assert [n.item.id for n in august.cancelled] == ["m1-01"]
    assert september.cancelled == []


def test_without_history_a_status_no_update_records_is_listed_in_no_month(
        run: RunCli, tmp_path: Path) -> None:
    """A cancellation typed into the file, its note not saying so, has no day: it is
    counted, never listed as a month's cancellation."""
    repo = _ledger(tmp_path, {"m1-01": ("cancelled", "2024-12-31",
                                        "updates:\n  - date: 2024-08-10\n    note: 不再推进\n")})
    for month in ("2024-06", "2024-07", "2024-08", "2024-09"):
        b = _bulletin(repo, month, "2024-10-08", history=False)
        assert b.cancelled == [] and b.figures.in_force == 0, month


@pytest.mark.parametrize("history", [True, False])
def test_a_deadline_move_counts_in_the_month_of_its_update(run: RunCli, tmp_path: Path,
                                                           history: bool) -> None:
    """A move dated 30 June and committed on 2 July is June's, with history or without."""
    repo = _ledger(tmp_path, {"m1-01": ("in_progress", "2024-06-30")}, meeting="2024-04-01")
    _update(run, repo, "m1-01", "2024-06-30", "2024-07-02", "--due", "2024-09-30",
            "--reason", "需会签")
    june = _bulletin(repo, "2024-06", "2024-07-05", history=history)
    assert [(m.before, m.after, m.reason, m.day) for m in june.moves] == [
        ("2024-06-30", "2024-09-30", "需会签", "2024-06-30")]
    assert _bulletin(repo, "2024-07", "2024-07-05", history=history).moves == []


@pytest.fixture
def adopted(tmp_path: Path) -> Repo:
    """An office's 台账 imported on 10 July in one commit: meeting m1 of 15 March with its
    progress since, dated in the sheet; meeting m2 of 5 July. By the sheet's dates: m1-01
    closed in May, m1-02 on 8 July; m1-03's deadline moved in May, m1-06's on 3 July;
    m1-04 overdue since 20 June."""
    root = tmp_path / "ledger"
    root.mkdir()
    repo = Repo(root)
    repo.write("items/m1/meeting.yaml", _meeting("2024-03-15"))
    repo.write("items/m2/meeting.yaml", _meeting("2024-07-05").replace("id: m1", "id: m2"))
    files = {
        "m1/m1-01": _sheet_item("m1-01", "done", "2024-06-30",
                                "updates:\n  - date: 2024-05-20\n    note: 已印发\n"
                                "done_on: 2024-05-20\nevidence: [法〔2024〕3号]\n"),
        "m1/m1-02": _sheet_item("m1-02", "done", "2024-07-31",
                                "updates:\n  - date: 2024-04-10\n    note: 起草\n"
                                "done_on: 2024-07-08\nevidence: [法〔2024〕8号]\n"),
        "m1/m1-03": _sheet_item("m1-03", "in_progress", "2024-09-30",
                                "updates:\n  - date: 2024-05-28\n    note: 需会签\n"
                                "    changes:\n      - field: due\n        before: 2024-05-31\n"
                                "        after: 2024-09-30\n        reason: 需会签\n"
                                "  - date: 2024-06-10\n    note: 会签中\n"),
        "m1/m1-04": _sheet_item("m1-04", "in_progress", "2024-06-20",
                                "updates:\n  - date: 2024-04-20\n    note: 调研\n"),
        "m1/m1-05": _sheet_item("m1-05", "planned", "2024-12-31"),
        "m1/m1-06": _sheet_item("m1-06", "in_progress", "2024-10-31",
                                "updates:\n  - date: 2024-07-03\n    note: 待上级批复\n"
                                "    changes:\n      - field: due\n        before: 2024-07-15\n"
                                "        after: 2024-10-31\n        reason: 待上级批复\n"),
        "m2/m2-01": _sheet_item("m2-01", "planned", "2024-07-25"),
        "m2/m2-02": _sheet_item("m2-02", "planned", "2024-12-31"),
    }
    for name, text in files.items():
        repo.write(f"items/{name}.yaml", text)
    repo.commit("导入台账", ZHANG, "2024-07-10")
    return repo


@pytest.mark.parametrize("history", [True, False])
def test_the_first_bulletin_after_adopting_a_ledger_counts_the_sheets_dates(
        adopted: Repo, history: bool) -> None:
    july = _bulletin(adopted, "2024-07", "2024-08-03", history=history)
    f, p = july.figures, july.previous
    assert (f.in_force, f.done, f.new, f.overdue) == (6, 1, 2, 2)  # m1-04 and m2-01 overdue
    assert (p.in_force, p.done, p.new, p.overdue) == (5, 0, 0, 1)  # m1-02 was open in June
    assert [i.id for i, _ in july.closed] == ["m1-02"]
    assert [i.id for i, _ in july.new] == ["m2-01", "m2-02"]
    assert [(m.item_id, m.before, m.after, m.day) for m in july.moves] == [
        ("m1-06", "2024-07-15", "2024-10-31", "2024-07-03")]
    assert july.late == 0  # the sheet's history is no late feedback
    may = _bulletin(adopted, "2024-05", "2024-08-03", history=history)
    assert [i.id for i, _ in may.closed] == ["m1-01"]
    assert [(m.item_id, m.after) for m in may.moves] == [("m1-03", "2024-09-30")]
    assert (may.figures.in_force, may.figures.new) == (5, 0)
    march = _bulletin(adopted, "2024-03", "2024-08-03", history=history)
    assert (march.figures.in_force, march.figures.new) == (6, 6)


@pytest.mark.parametrize("history", [True, False])
def test_the_sites_trend_counts_each_month_as_the_bulletin_does(
        run: RunCli, tmp_path: Path, history: bool) -> None:
    """The dashboard's month-by-month open and overdue counts follow the bulletin's rule: a
    cancellation dated 31 October and committed on 2 November is October's."""
    repo = _ledger(tmp_path, {"m1-01": ("in_progress", "2024-09-30"),
                              "m1-02": ("in_progress", "2024-12-31")})
    _update(run, repo, "m1-01", "2024-10-31", "2024-11-02", "--status", "已终止",
            "--note", "已由新规定涵盖")
    ledger = load_ledger(repo.root)
    ends = [dt.date(2024, 9, 30), dt.date(2024, 10, 31), dt.date(2024, 11, 30)]
    trend = build(ledger, use_git=history, latest_loaded=False).tallies(ends)
    open_items = [sum(n for brief, n in counts.items()
                      if brief.status not in ("done", "cancelled")) for counts in trend]
    assert open_items == [2, 1, 1]
    october = _bulletin(repo, "2024-10", "2024-12-02", history=history)
    assert october.figures.in_force == open_items[1]
