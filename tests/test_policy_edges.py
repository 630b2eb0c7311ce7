"""Policies the rest of the suite let change unnoticed, found by whole-module runs of
tools/mutate.py: each test here fails on a change of policy (a mutant) that survived those
runs. (tests/test_policy_gaps.py holds those of issue 40 itself.)"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import LI, ZHANG, Repo, RunCli, WriteLedger, item_yaml

from huishang.exchange import values
from huishang.git.timeline import build
from huishang.reports.bulletin import compute
from huishang.store.files import load_ledger

TODAY = "2024-03-01"


def _item(root: Path, item_id: str = "m1-01") -> Path:
    return root / "items" / "m1" / f"{item_id}.yaml"


# --- the status lifecycle (edit/lifecycle.py) --------------------------------------------

def test_a_proof_pasted_from_a_windows_document_keeps_its_line_break_as_files_keep_it(
        run: RunCli, write_ledger: WriteLedger) -> None:
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml()})
    result = run("update", "m1-01", "--status", "done", "--evidence", "法〔2024〕1号\r\n附件一",
                 "--repo", str(root), "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert load_ledger(root, use_cache=False).items[0].record.evidence == ["法〔2024〕1号\n附件一"]


def test_progress_dated_on_the_day_of_the_meeting_itself_is_taken(
        run: RunCli, write_ledger: WriteLedger) -> None:
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml()})  # the meeting met on 2023-06-12
    result = run("update", "m1-01", "--note", "会上即明确牵头处室", "--date", "2023-06-12",
                 "--repo", str(root), "--today", TODAY)
    assert result.exit_code == 0, result.output
    [update] = load_ledger(root, use_cache=False).items[0].record.updates
    assert str(update.date) == "2023-06-12"
    earlier = run("update", "m1-01", "--note", "会前", "--date", "2023-06-11",
                  "--repo", str(root), "--today", TODAY)
    assert earlier.exit_code == 1 and "2023-06-12" in earlier.stderr


def test_a_standing_item_with_no_deadline_takes_progress_notes(
        run: RunCli, write_ledger: WriteLedger) -> None:
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml(due=None)})  # 长期坚持
    result = run("update", "m1-01", "--note", "本季度已开展联合培训", "--repo", str(root),
                 "--today", TODAY)
    assert result.exit_code == 0, result.output
    item = load_ledger(root, use_cache=False).items[0].record
    assert item.due is None and [u.note for u in item.updates] == ["本季度已开展联合培训"]


def test_the_title_and_the_partners_change_only_with_their_reason_on_record(
        run: RunCli, write_ledger: WriteLedger) -> None:
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml()})
    args = ("--repo", str(root), "--today", TODAY)
    retitled = run("update", "m1-01", "--title", "统一量刑建议审查和采纳标准",
                   "--reason", "纪要核稿更正", *args)
    assert retitled.exit_code == 0, retitled.output
    partnered = run("update", "m1-01", "--partner", "最高人民检察院", "--reason", "会商增加配合单位",
                    *args)
    assert partnered.exit_code == 0, partnered.output
    item = load_ledger(root, use_cache=False).items[0].record
    assert item.title == "统一量刑建议审查和采纳标准" and item.partners == ["最高人民检察院"]
    assert [(c.field, c.before, c.after, c.reason) for u in item.updates for c in u.changes] == [
        ("title", "统一量刑建议审查标准", "统一量刑建议审查和采纳标准", "纪要核稿更正"),
        ("partners", [], ["最高人民检察院"], "会商增加配合单位")]


def test_reopening_a_done_item_needs_its_reason(run: RunCli, write_ledger: WriteLedger) -> None:
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml(
        status="done", done_on="2024-01-10", evidence="[法〔2024〕1号]")})
    args = ("--repo", str(root), "--today", TODAY)
    silent = run("update", "m1-01", "--status", "in_progress", *args)
    assert silent.exit_code == 1 and "重新打开已办结或已终止的事项必须说明理由" in silent.stderr
    assert load_ledger(root, use_cache=False).items[0].record.status == "done"
    reopened = run("update", "m1-01", "--status", "in_progress", "--note", "督查发现未落实到位",
                   *args)
    assert reopened.exit_code == 0, reopened.output
    item = load_ledger(root, use_cache=False).items[0].record
    assert (item.status, item.done_on) == ("in_progress", None)


# --- rules across fields and files (ledger/rules.py) ---------------------------------------

def test_an_item_of_no_aspect_is_valid_in_a_meeting_with_aspects(
        run: RunCli, write_ledger: WriteLedger) -> None:
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml(aspect=None),
                         "items/m2/m2-01.yaml": item_yaml("m2-01", aspect=None)})
    # m2 has no meeting file yet: its item is still read
    result = run("validate", "--repo", str(root), "--lang", "en")
    assert "aspect" not in result.stdout, result.stdout


def test_an_aspect_key_given_twice_in_a_meeting_is_shown_at_the_second(
        run: RunCli, write_ledger: WriteLedger) -> None:
    meeting = ("id: m1\ntitle: 测试会议\ndate: 2023-06-12\nparties: [最高人民法院]\n"
               "level: national\naspects:\n  - key: A1\n    title: 甲\n"
               "  - key: A1\n    title: 乙\n")
    root = write_ledger({"items/m1/meeting.yaml": meeting}, with_meeting=False)
    result = run("validate", "--repo", str(root), "--lang", "en")
    assert result.exit_code == 1
    assert "items/m1/meeting.yaml:9:10: aspects[1].key: aspect key 'A1' is used twice" in \
        result.stdout, result.stdout


@pytest.mark.parametrize("level", ["national", "provincial", "municipal", "county"])
def test_a_meeting_may_be_held_at_every_level(run: RunCli, write_ledger: WriteLedger,
                                             level: str) -> None:
    meeting = ("id: m1\ntitle: 会商\ndate: 2023-06-12\nparties: [某人民法院]\n"
               f"level: {level}\n")
    root = write_ledger({"items/m1/meeting.yaml": meeting}, with_meeting=False)
    result = run("validate", "--repo", str(root), "--lang", "en")
    assert result.exit_code == 0, result.stdout


# --- the closed vocabularies (ledger/vocab.py) ----------------------------------------------

def test_progress_is_counted_by_the_meetings_level_by_owner_and_by_source(
        run: RunCli, write_ledger: WriteLedger) -> None:
    """A national meeting with two items carried out by one division, a provincial meeting
    with one item nobody was named for; a ledger of its own (no roll-up) is one source."""
    owner = "{division: 刑一庭, person: 张三}"
    root = write_ledger({
        "items/m1/m1-01.yaml": item_yaml(owner=owner),
        "items/m1/m1-02.yaml": item_yaml("m1-02", owner=owner, status="done",
                                         done_on="2023-12-01", evidence="[法〔2023〕1号]"),
        "items/m2/meeting.yaml": "id: m2\ntitle: 省级会商\ndate: 2023-07-01\n"
                                 "parties: [最高人民法院, 最高人民检察院]\nlevel: provincial\n",
        "items/m2/m2-01.yaml": item_yaml("m2-01", aspect=None)})

    def groups(by: str) -> list[tuple[str, int, int]]:
        result = run("progress", "--by", by, "--format", "json", "--repo", str(root),
                     "--today", "2024-01-05")
        assert result.exit_code == 0, result.output
        return [(g["label"], g["total"], g["done"]) for g in json.loads(result.stdout)["groups"]]

    assert groups("level") == [("national", 2, 1), ("provincial", 1, 0)]
    assert groups("owner") == [("刑一庭 张三", 2, 1), ("", 1, 0)]
    assert groups("source") == [("", 3, 1)]
    table = run("progress", "--by", "owner", "--repo", str(root), "--today", "2024-01-05")
    assert "（未填写）" in table.stdout


# --- cells as offices type them (exchange/values.py) ---------------------------------------

@pytest.mark.parametrize(("cell", "read"), [
    (1, 1), ("1", 1), (99_999, 99_999), ("012345", 12_345), ("99999", 99_999),
])
def test_a_number_cell_is_read_up_to_the_largest_number(cell: object, read: int) -> None:
    assert values.number(cell) == read


@pytest.mark.parametrize("cell", [0, "0", 100_000, "100000", "0012345"])
def test_a_number_cell_beyond_it_is_a_typing_slip(cell: object) -> None:
    with pytest.raises(values.Bad):
        values.number(cell)


@pytest.mark.parametrize(("cell", "day"), [
    (20_000, dt.date(1954, 10, 3)), (79_999, dt.date(2119, 1, 10)),  # Excel day numbers
])
def test_an_unformatted_date_cell_is_read_at_both_ends_of_its_range(cell: int,
                                                                    day: dt.date) -> None:
    assert values.date(cell) == day


@pytest.mark.parametrize(("cell", "day"), [
    (19_000_101, dt.date(1900, 1, 1)), (20_240_630, dt.date(2024, 6, 30)),
    (29_991_231, dt.date(2999, 12, 31)), (dt.datetime(2024, 6, 30), dt.date(2024, 6, 30)),
])
def test_a_date_cell_typed_as_eight_digits_or_saved_as_a_time_is_read(cell: object,
                                                                      day: dt.date) -> None:
    assert values.date(cell) == day
    assert values.deadline(cell) == day


@pytest.mark.parametrize(("read", "cell", "code"), [
    (values.number, "第一", "import.number_bad"), (values.date, "下周", "import.date_bad"),
    (values.deadline, 5.5, "import.deadline_bad"),
])
def test_a_cell_that_cannot_be_read_is_named_as_written(read: Any, cell: object,
                                                        code: str) -> None:
    with pytest.raises(values.Bad) as refused:
        read(cell)
    assert (refused.value.code, refused.value.params) == (code, {"value": str(cell)})


def test_a_lead_cell_is_split_at_和_only_where_a_part_is_a_known_unit() -> None:
    known = {"最高人民法院", "最高人民检察院", "中华人民共和国司法部"}.__contains__
    assert values.leads("最高人民法院和最高人民检察院", [], known) == ["最高人民法院", "最高人民检察院"]
    assert values.leads("中华人民共和国司法部", [], known) == ["中华人民共和国司法部"]
    # no part is a unit: the name stays whole, so the error names it as written
    assert values.leads("某县法院和检察院", [], known) == ["某县法院和检察院"]


def test_proofs_are_one_a_line_or_separated_by_semicolons_on_one_line() -> None:
    assert values.evidence("法〔2024〕1号；法〔2024〕2号") == ["法〔2024〕1号", "法〔2024〕2号"]
    assert values.evidence("法〔2024〕1号\n会议纪要；附件") == ["法〔2024〕1号", "会议纪要；附件"]


def test_a_blank_progress_cell_holds_no_notes() -> None:
    assert values.progress(None) == [] and values.progress("  ") == []


def test_a_date_and_time_cell_is_text_as_written() -> None:
    assert values.text(dt.datetime(2024, 6, 30)) == "2024-06-30"  # a date Excel typed
    assert values.text(dt.datetime(2024, 6, 30, 9, 30)) == "2024-06-30T09:30:00"


# --- the bulletin's counting (reports/bulletin.py) ----------------------------------------

BULLETIN_MEETING = ("id: m1\ntitle: 测试会议\ndate: 2024-04-01\n"
                    "parties: [最高人民法院, 最高人民检察院]\nlevel: national\n")


def _bulletin_item(item_id: str, status: str = "in_progress", due: str = "2024-12-31",
                   extra: str = "") -> str:
    return item_yaml(item_id, aspect=None, due=due, status=status) + extra


def _noted(day: str, note: str) -> str:
    return f"updates:\n  - date: {day}\n    note: {note}\n"


@pytest.fixture
def june(tmp_path: Path, run: RunCli) -> Repo:
    """June 2024, everything on its first or its last day: feedback, closings, a new item
    and a cancellation each day, and an item due on the 30th with feedback in June."""
    (tmp_path / "ledger").mkdir()
    repo = Repo(tmp_path / "ledger")
    repo.write("items/m1/meeting.yaml", BULLETIN_MEETING)
    for item_id in ("m1-01", "m1-02", "m1-03", "m1-04", "m1-05", "m1-06", "m1-09"):
        repo.write(f"items/m1/{item_id}.yaml", _bulletin_item(item_id))
    repo.commit("meeting", ZHANG, "2024-04-01")
    done = "done_on: {}\nevidence: [法〔2024〕9号]\n"
    first = {"m1-01": _bulletin_item("m1-01", extra=_noted("2024-06-01", "月初报送")),
             "m1-03": _bulletin_item("m1-03", "done", extra=_noted("2024-06-01", "已印发")
                                     + done.format("2024-06-01")),
             "m1-05": _bulletin_item("m1-05", due="2024-06-30",
                                     extra=_noted("2024-06-01", "正在会签")),
             "m1-07": _bulletin_item("m1-07", "planned")}
    for item_id, text in first.items():
        repo.write(f"items/m1/{item_id}.yaml", text)
    _cancel(run, repo, "m1-06", "2024-06-01")
    repo.commit("June 1st", LI, "2024-06-01")
    last = {"m1-02": _bulletin_item("m1-02", extra=_noted("2024-06-30", "月末报送")),
            "m1-04": _bulletin_item("m1-04", "done", extra=_noted("2024-06-30", "已办结")
                                    + done.format("2024-06-30")),
            "m1-08": _bulletin_item("m1-08", "planned")}
    for item_id, text in last.items():
        repo.write(f"items/m1/{item_id}.yaml", text)
    _cancel(run, repo, "m1-09", "2024-06-30")
    repo.commit("June 30th", LI, "2024-06-30")
    return repo


def _cancel(run: RunCli, repo: Repo, item_id: str, day: str) -> None:
    cancelled = run("update", item_id, "--status", "cancelled", "--note", "因机构调整终止",
                    "--by", "李四", "--date", day, "--repo", str(repo.root), "--today", day)
    assert cancelled.exit_code == 0, cancelled.output


def test_the_first_and_the_last_day_of_the_month_count_in_it(june: Repo) -> None:
    ledger = load_ledger(june.root)
    b = compute(ledger, build(ledger), "2024-06", dt.date(2024, 7, 5))
    progress = {n.item.id: [u.note for u in n.notes] for n in b.progress}
    assert progress["m1-01"] == ["月初报送"] and progress["m1-02"] == ["月末报送"]
    assert [item.id for item, _ in b.closed] == ["m1-03", "m1-04"]
    assert [item.id for item, _ in b.new] == ["m1-07", "m1-08"]
    assert (b.figures.in_force, b.figures.done, b.figures.new) == (5, 2, 2)  # open: 01 02 05 07 08
    assert b.statuses == {"planned": 2, "in_progress": 3, "blocked": 0, "done": 2,
                          "cancelled": 2}
    assert [(n.item.id, [(str(u.date), u.by) for u in n.notes]) for n in b.cancelled] == [
        ("m1-06", [("2024-06-01", "李四")]), ("m1-09", [("2024-06-30", "李四")])]
    # due on the 30th, the month's last day: not yet overdue when the month ends
    assert b.figures.overdue == 0
    assert [line.overdue for line in b.units] == [0]
    # only the two items entered in June, with no feedback yet, were silent
    assert [(s.unit, [i.id for i in s.items]) for s in b.silent] == [
        ("最高人民法院", ["m1-07", "m1-08"])]


def test_last_month_in_a_bulletin_ends_on_its_last_day(june: Repo) -> None:
    ledger = load_ledger(june.root)
    timeline = build(ledger)
    june_bulletin = compute(ledger, timeline, "2024-06", dt.date(2024, 7, 5))
    july = compute(ledger, timeline, "2024-07", dt.date(2024, 7, 5))
    assert july.previous == june_bulletin.figures  # closings on the 1st and the 30th too


def test_the_bulletin_of_a_month_may_be_made_on_its_first_day(june: Repo) -> None:
    ledger = load_ledger(june.root)
    b = compute(ledger, build(ledger), "2024-07", dt.date(2024, 7, 1))
    assert (b.start, b.end) == (dt.date(2024, 7, 1), dt.date(2024, 7, 1))


def test_a_deadline_set_where_there_was_none_moves_from_blank(run: RunCli,
                                                              tmp_path: Path) -> None:
    (tmp_path / "ledger").mkdir()
    repo = Repo(tmp_path / "ledger")
    repo.write("items/m1/meeting.yaml", BULLETIN_MEETING)
    repo.write("items/m1/m1-01.yaml", item_yaml(aspect=None, due=None))
    repo.commit("meeting", ZHANG, "2024-04-01")
    result = run("update", "m1-01", "--due", "2024-09-30", "--reason", "会商明确时限",
                 "--date", "2024-06-12", "--repo", str(repo.root), "--today", "2024-06-12")
    assert result.exit_code == 0, result.output
    repo.commit("due set", LI, "2024-06-12")
    ledger = load_ledger(repo.root)
    b = compute(ledger, build(ledger), "2024-06", dt.date(2024, 7, 5))
    assert [(m.item_id, m.before, m.after, m.reason) for m in b.moves] == [
        ("m1-01", "", "2024-09-30", "会商明确时限")]
    # a change with its reason is no feedback: the lead unit is still silent in June
    assert [(s.unit, [i.id for i in s.items]) for s in b.silent] == [("最高人民法院", ["m1-01"])]


def test_a_cancellation_typed_into_the_file_is_explained_by_the_note_before_it(
        tmp_path: Path) -> None:
    """Cancelled by editing the file (no update says so) on 10 June; a note dated later in
    June does not explain it: the latest note by that day does."""
    (tmp_path / "ledger").mkdir()
    repo = Repo(tmp_path / "ledger")
    repo.write("items/m1/meeting.yaml", BULLETIN_MEETING)
    before = _noted("2024-06-05", "牵头单位已提出撤销意见")
    repo.write("items/m1/m1-01.yaml", _bulletin_item("m1-01", extra=before))
    repo.commit("meeting", ZHANG, "2024-06-05")
    repo.write("items/m1/m1-01.yaml", _bulletin_item("m1-01", "cancelled", extra=before))
    repo.commit("m1-01 cancelled", ZHANG, "2024-06-10")
    repo.write("items/m1/m1-01.yaml", _bulletin_item(
        "m1-01", "cancelled", extra=before + "  - date: 2024-06-20\n    note: 补记会签情况\n"))
    repo.commit("m1-01 later note", LI, "2024-06-20")
    ledger = load_ledger(repo.root)
    b = compute(ledger, build(ledger), "2024-06", dt.date(2024, 7, 5))
    assert [(n.item.id, [u.note for u in n.notes]) for n in b.cancelled] == [
        ("m1-01", ["牵头单位已提出撤销意见"])]
