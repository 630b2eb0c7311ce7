"""Policies no test noticed changing (found by tools/mutate.py): status changes never taken,
meeting files in a pull request, Markdown's special characters, warnings for an item with
no dates at all. Each test here fails on a mutant that survived the rest of the suite."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import LI, MEETING_2, ZHANG, Repo, RunCli, WriteLedger, item_yaml
from markdown_it import MarkdownIt

from huishang.exchange import values
from huishang.ledger.models import WarningThresholds
from huishang.ledger.vocab import (
    CHANGE_FIELDS,
    COLOUR_WORDS,
    COLOURS,
    STATUS_WORDS,
    STATUSES,
    closest,
    key_of,
)
from huishang.output import escape
from huishang.store.files import load_ledger
from huishang.views.earlywarning import Thresholds, assess

TODAY = "2024-03-01"


# --- the status lifecycle ---------------------------------------------------------------

def _status_after(run: RunCli, root: Path, *args: str) -> tuple[int, str, str]:
    """Exit code, stderr and the item's status after `huishang update m1-01 args`."""
    result = run("update", "m1-01", *args, "--repo", str(root), "--today", TODAY)
    [entry] = load_ledger(root, use_cache=False).items
    return result.exit_code, result.stderr, entry.record.status


@pytest.mark.parametrize(("before", "after"), [
    ("planned", "in_progress"), ("planned", "blocked"), ("planned", "cancelled"),
    ("in_progress", "blocked"), ("in_progress", "done"), ("in_progress", "cancelled"),
    ("blocked", "in_progress"), ("blocked", "done"), ("blocked", "cancelled"),
    ("done", "in_progress"), ("cancelled", "planned"), ("cancelled", "in_progress"),
])
def test_every_allowed_change_of_status_is_taken_with_a_note(
        run: RunCli, write_ledger: WriteLedger, before: str, after: str) -> None:
    extra = {"done_on": "2024-01-10", "evidence": "[文号]"} if before == "done" else {}
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml(status=before, **extra)})
    proof = ("--evidence", "法〔2024〕1号") if after == "done" else ()
    code, stderr, status = _status_after(run, root, "--status", after, "--note", "会商决定",
                                         *proof)
    assert (code, status) == (0, after), stderr


def test_a_planned_item_may_be_blocked_with_its_reason(run: RunCli,
                                                       write_ledger: WriteLedger) -> None:
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml(status="planned")})
    code, stderr, status = _status_after(run, root, "--status", "blocked")
    assert (code, status) == (1, "planned")  # 受阻 says why, as 终止 does
    assert "标记受阻必须说明原因" in stderr
    code, stderr, status = _status_after(run, root, "--status", "blocked", "--note", "待会签")
    assert (code, status) == (0, "blocked"), stderr


@pytest.mark.parametrize("before", ["planned", "blocked"])
def test_cancelling_needs_a_reason_from_every_status(run: RunCli, write_ledger: WriteLedger,
                                                      before: str) -> None:
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml(status=before)})
    code, stderr, status = _status_after(run, root, "--status", "cancelled")
    assert (code, status) == (1, before)
    assert "终止事项必须说明理由" in stderr


@pytest.mark.parametrize("after", ["planned", "in_progress"])
def test_reopening_a_cancelled_item_needs_a_reason(run: RunCli, write_ledger: WriteLedger,
                                                    after: str) -> None:
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml(status="cancelled")})
    code, stderr, status = _status_after(run, root, "--status", after)
    assert (code, status) == (1, "cancelled")
    assert "重新打开已办结或已终止的事项必须说明理由" in stderr


@pytest.mark.parametrize(("before", "after", "allowed"), [
    ("planned", "done", "推进中、受阻、已终止"),
    ("cancelled", "done", "未启动、推进中"),
    ("done", "planned", "推进中"),
])
def test_a_change_the_lifecycle_does_not_allow_names_the_allowed_ones(
        run: RunCli, write_ledger: WriteLedger, before: str, after: str, allowed: str) -> None:
    extra = {"done_on": "2024-01-10", "evidence": "[文号]"} if before == "done" else {}
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml(status=before, **extra)})
    code, stderr, status = _status_after(run, root, "--status", after, "--note", "说明",
                                         "--evidence", "文号")
    assert (code, status) == (1, before)
    assert f"可改为：{allowed}" in stderr


def test_escalating_and_withdrawing_say_which_they_did(run: RunCli,
                                                       write_ledger: WriteLedger) -> None:
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml()})
    args = ("--repo", str(root), "--today", TODAY)
    escalated = run("update", "m1-01", "--escalate", "--note", "需上级明确口径", *args)
    assert escalated.stdout.strip().endswith("：进展；请示报告"), escalated.output
    withdrawn = run("update", "m1-01", "--no-escalate", *args)
    assert withdrawn.stdout.strip().endswith("：撤回请示报告"), withdrawn.output
    notes = [u.note for u in load_ledger(root, use_cache=False).items[0].record.updates]
    assert notes == ["需上级明确口径；已请示报告上级。", "撤回请示报告。"]


def test_a_new_person_is_recorded_against_the_owner_as_it_was(
        run: RunCli, write_ledger: WriteLedger) -> None:
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml(owner="{division: 刑一庭}")})
    result = run("update", "m1-01", "--owner-person", "张三", "--reason", "分工调整",
                 "--repo", str(root), "--today", TODAY)
    assert result.exit_code == 0, result.output
    text = (root / "items/m1/m1-01.yaml").read_text(encoding="utf-8")
    # the division alone before: no empty person is written into the record
    assert "before: {division: 刑一庭}, after: {division: 刑一庭, person: 张三}" in text


# --- meeting files in a pull request -------------------------------------------------------

UNITS = """units:
  - {name: 最高人民法院, maintainers: [zhang@court.example.cn]}
  - {name: 最高人民检察院, maintainers: [li@spp.example.cn]}
"""
PARTNERED = item_yaml(due="2024-06-30", partners="[最高人民检察院]") + \
    "updates:\n  - date: 2023-07-01\n    note: 已启动\n"


@pytest.fixture
def repo(write_ledger: WriteLedger) -> Repo:
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml(due="2024-06-30")})
    r = Repo.proposing(root)
    return r


def _check(run: RunCli, repo: Repo) -> tuple[int, list[tuple[str, str]]]:
    result = run("check", "--base", "main", "--repo", str(repo.root), "--today", TODAY,
                 "--format", "json")
    assert result.exit_code in (0, 1), result.output
    problems: list[dict[str, Any]] = json.loads(result.stdout)["problems"]
    return result.exit_code, [(p["path"], p["rule"]) for p in problems]


def test_a_change_that_adds_a_meeting_passes(run: RunCli, repo: Repo) -> None:
    repo.write("items/m2/meeting.yaml", MEETING_2)
    repo.write("items/m2/m2-01.yaml", item_yaml("m2-01", due="2024-12-31"))
    repo.commit("第二次会议", LI, "2024-01-12")
    assert _check(run, repo) == (0, [])


def test_a_change_that_edits_a_meeting_passes(run: RunCli, repo: Repo) -> None:
    text = (repo.root / "items/m1/meeting.yaml").read_text(encoding="utf-8")
    repo.write("items/m1/meeting.yaml", text.replace("title: 测试会议", "title: 第一次会议"))
    repo.commit("会议名称更正", LI, "2024-01-12")
    assert _check(run, repo) == (0, [])


def test_a_change_that_deletes_a_meeting_is_refused(run: RunCli, repo: Repo) -> None:
    repo.git("checkout", "-q", "main")
    repo.write("items/m2/meeting.yaml", MEETING_2)
    repo.commit("第二次会议", ZHANG, "2024-01-12")
    repo.git("checkout", "-q", "-B", "change")
    (repo.root / "items/m2/meeting.yaml").unlink()
    (repo.root / "items/m2").rmdir()
    repo.commit("删除会议", LI, "2024-02-01")
    assert _check(run, repo) == (1, [("items/m2/meeting.yaml", "check.meeting_deleted")])


@pytest.mark.parametrize(("old", "new", "option"), [
    ("title: 统一量刑建议审查标准", "title: 统一量刑建议标准", "--title"),
    ("aspect: A1", "aspect: A2", "--aspect"),
    ("lead: 最高人民法院", "lead: 最高人民检察院", "--lead"),
    ("status: in_progress", "status: in_progress\npartners: [司法部]", "--partner"),
    ("status: in_progress", "status: in_progress\nowner: {division: 刑一庭}", "--owner-division"),
])
def test_an_agreed_field_changed_without_a_record_names_the_option_that_records_it(
        run: RunCli, repo: Repo, old: str, new: str, option: str) -> None:
    meeting = (repo.root / "items/m1/meeting.yaml").read_text(encoding="utf-8")
    repo.write("items/m1/meeting.yaml", meeting + "  - key: A2\n    title: 第二方面\n")
    text = (repo.root / "items/m1/m1-01.yaml").read_text(encoding="utf-8")
    assert old in text
    repo.write("items/m1/m1-01.yaml", text.replace(old, new))
    repo.commit("直接改动", LI, "2024-02-01")
    result = run("check", "--base", "main", "--repo", str(repo.root), "--today", TODAY)
    assert result.exit_code == 1, result.output
    assert option in result.output
    assert _check(run, repo) == (1, [("items/m1/m1-01.yaml", "check.change_unrecorded")])


def test_a_duplicate_unit_name_is_shown_at_the_second_name(run: RunCli,
                                                            write_ledger: WriteLedger) -> None:
    root = write_ledger({"units.yaml": "units:\n  - name: 最高人民法院\n    short: [最高法]\n"
                                       "  - name: 最高人民法院\n    short: [高法]\n"})
    result = run("validate", "--repo", str(root), "--today", TODAY, "--format", "json")
    found = [(p["line"], p["field"], p["rule"]) for p in json.loads(result.stdout)["problems"]
             if p["path"] == "units.yaml"]
    assert (result.exit_code, found) == (1, [(4, "units[1].name", "unit.duplicate")])


def test_the_vocabularies_are_the_ledgers_own() -> None:
    # written out: a status or colour dropped from the table is noticed here
    assert STATUSES == ("planned", "in_progress", "blocked", "done", "cancelled")
    assert COLOURS == ("red", "orange", "yellow")
    assert CHANGE_FIELDS == ("title", "aspect", "lead", "partners", "owner", "due")


def test_a_partner_who_rewrites_an_earlier_update_is_not_sending_feedback(
        run: RunCli, write_ledger: WriteLedger) -> None:
    root = write_ledger({"items/m1/m1-01.yaml": PARTNERED, "units.yaml": UNITS,
                         "huishang.yaml": "ownership: error\n"})
    repo = Repo.proposing(root)
    text = (root / "items/m1/m1-01.yaml").read_text(encoding="utf-8")
    repo.write("items/m1/m1-01.yaml", text.replace("note: 已启动", "note: 已启动，最高检已同意"))
    repo.commit("partner rewrites the lead's note", LI, "2024-02-01")
    code, problems = _check(run, repo)
    assert (code, sorted(problems)) == (1, [("items/m1/m1-01.yaml", "check.partner_fields"),
                                            ("items/m1/m1-01.yaml", "check.update_edited")])


# --- Markdown -----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "shown"), [
    ("a\\b", "a\\\\b"), ("*重点*", "\\*重点\\*"), ("_要求_", "\\_要求\\_"),
    ("`代码`", "\\`代码\\`"), ("&copy;", "&amp;copy;"), ("a\\|b", "a\\\\\\|b"),
])
def test_markdown_escapes_each_character_a_renderer_reads(text: str, shown: str) -> None:
    assert escape.markdown(text) == shown


def test_a_title_full_of_markdown_stays_in_its_table_cell(run: RunCli,
                                                          write_ledger: WriteLedger) -> None:
    title = "a\\|b *重点* _要求_ `代码` &copy; c\\"
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml(title=f"'{title}'")})
    listing = run("list", "--format", "markdown", "--repo", str(root), "--today", TODAY)
    assert listing.exit_code == 0, listing.output
    page = MarkdownIt("commonmark").enable("table").render(listing.stdout)
    [row] = [r for r in page.split("<tr>") if "m1-01" in r]
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row)
    assert len(cells) == len(re.findall("<th[ >]", page)) == 8
    assert cells[1] == html.escape(title, quote=False)  # shown as written


# --- warnings -----------------------------------------------------------------------------

def test_an_item_with_no_dates_at_all_is_not_silent_for_a_day() -> None:
    strict = Thresholds.of(WarningThresholds(orange_stale_days=1, orange_unstarted_days=1,
                                             red_stale_days=1))
    today = dt.date(2024, 6, 1)
    for status in ("planned", "in_progress", "blocked"):
        assert assess(status, None, None, today, strict, None) is None
    # the same item, heard from yesterday, is silent for a day
    alert = assess("in_progress", None, today - dt.timedelta(days=1), today, strict, None)
    assert alert is not None and (alert.colour, alert.reason, alert.days) == (
        "orange", "why.stalled", 1)


# --- the words offices write for a status or a colour ---------------------------------------

# Written out here, not read from the table, so that a word dropped from it is noticed.
STATUS_WORDS_AS_WRITTEN = {
    "planned": ("未启动", "未开始", "尚未启动", "待启动"),
    "in_progress": ("推进中", "进行中", "正在推进", "落实中", "办理中", "已启动"),
    "blocked": ("受阻", "阻滞", "停滞", "推进受阻"),
    "done": ("已办结", "办结", "已完成", "完成", "已落实"),
    "cancelled": ("已终止", "已撤销", "已取消", "终止", "撤销", "取消"),
}
COLOUR_WORDS_AS_WRITTEN = {
    "red": ("红", "红色", "红灯", "红色预警"),
    "orange": ("橙", "橙色", "橙灯", "橙色预警"),
    "yellow": ("黄", "黄色", "黄灯", "黄色预警"),
}


@pytest.mark.parametrize(("word", "key"), [
    (word, key) for key, words in STATUS_WORDS_AS_WRITTEN.items() for word in words])
def test_every_status_word_of_an_office_ledger_is_read(word: str, key: str) -> None:
    assert key_of(word, STATUSES, STATUS_WORDS) == key
    assert key_of(f" {word} ", STATUSES, STATUS_WORDS) == key


@pytest.mark.parametrize(("word", "key"), [
    (word, key) for key, words in COLOUR_WORDS_AS_WRITTEN.items() for word in words])
def test_every_colour_word_is_read(word: str, key: str) -> None:
    assert key_of(word, COLOURS, COLOUR_WORDS) == key


@pytest.mark.parametrize(("word", "key"), [
    ("planned", "planned"), ("In-Progress", "in_progress"), ("in progress", "in_progress"),
    ("DONE", "done"), ("推进", None), ("", None)])
def test_a_status_key_is_read_in_any_case_and_spelling(word: str, key: str | None) -> None:
    assert key_of(word, STATUSES, STATUS_WORDS) == key


def test_did_you_mean_offers_the_three_closest_names() -> None:
    names = ["自治区高级人民法院", "自治区高院", "自治区法院", "区高级法院", "自治区人民检察院"]
    assert closest("自治区高级法院", names) == ["自治区高级人民法院", "自治区高院", "自治区法院"]


def test_did_you_mean_also_offers_a_name_that_holds_the_one_typed() -> None:
    # too short for difflib to find alike, but 高院 is in the name
    assert closest("高院", ["新疆维吾尔自治区高院", "司法部"]) == ["新疆维吾尔自治区高院"]


# --- spreadsheet cells ----------------------------------------------------------------------

@pytest.mark.parametrize(("cell", "day"), [
    (20_000, dt.date(1954, 10, 3)), (79_999, dt.date(2119, 1, 10)),  # Excel day numbers
    ("2024年6月30日", dt.date(2024, 6, 30)), ("2024/6/30", dt.date(2024, 6, 30)),
    ("20240630", dt.date(2024, 6, 30)), (20240630, dt.date(2024, 6, 30)),
])
def test_a_date_cell_is_read_as_people_type_it(cell: object, day: dt.date) -> None:
    assert values.date(cell) == day


@pytest.mark.parametrize("cell", [19_999, 80_000, "2024年6月31日", "明年"])
def test_a_date_cell_outside_what_people_type_is_refused(cell: object) -> None:
    with pytest.raises(values.Bad) as refused:
        values.date(cell)
    assert refused.value.code == "import.date_bad"


def test_no_text_needs_no_stopping_of_workflow_commands() -> None:
    assert escape.github_inert("") == ""
    assert escape.github_inert("::error::x").startswith("::stop-commands::")
