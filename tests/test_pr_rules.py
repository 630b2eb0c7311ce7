"""Pull-request rules with no holes, as stories in real git repositories: what was agreed
or proven does not change silently, the rules that judge a change are the base's, every
commit counts (merges too), and a branch that is only behind its base passes."""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import LI, WANG, ZHANG, Repo, RunCli, WriteLedger, item_yaml
from conftest import MAINTAINED_UNITS as UNITS

TODAY = "2024-03-01"
OPEN = item_yaml(due="2024-06-30", partners="[最高人民检察院]") + \
    "updates:\n  - date: 2023-07-01\n    note: 已启动\n"
DONE = item_yaml("m1-02", status="done", done_on="2024-01-15", evidence="[法〔2024〕3号]",
                 due="2024-01-31")


@pytest.fixture
def repo(write_ledger: WriteLedger) -> Repo:
    root = write_ledger({"items/m1/m1-01.yaml": OPEN, "items/m1/m1-02.yaml": DONE,
                         "units.yaml": UNITS, "huishang.yaml": "ownership: error\n"})
    r = Repo.proposing(root)
    return r


def _check(run: RunCli, repo: Repo, base: str = "main") -> tuple[int, list[dict[str, Any]]]:
    result = run("check", "--base", base, "--repo", str(repo.root), "--today", TODAY,
                 "--format", "json")
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)["problems"]


def _rules(problems: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    return [(p["path"].rsplit("/", 1)[-1], p["field"], p["rule"]) for p in problems
            if p["severity"] == "error"]


def _edit(repo: Repo, rel: str, old: str, new: str) -> None:
    text = (repo.root / rel).read_text(encoding="utf-8")
    assert old in text
    repo.write(rel, text.replace(old, new))


def _update(run: RunCli, repo: Repo, *args: str) -> None:
    result = run("update", *args, "--repo", str(repo.root), "--today", TODAY)
    assert result.exit_code == 0, result.output


# --- what was proven is fixed ----------------------------------------------------------

def test_a_done_items_evidence_is_only_added_to(run: RunCli, repo: Repo) -> None:
    _edit(repo, "items/m1/m1-02.yaml", "evidence: [法〔2024〕3号]", "evidence: [待补]")
    repo.commit("evidence replaced", ZHANG, "2024-02-01")
    code, problems = _check(run, repo)
    assert code == 1
    assert _rules(problems) == [("m1-02.yaml", "evidence", "check.evidence_changed")]
    assert problems[0]["line"] == 8  # at the evidence line
    assert "重新打开" in problems[0]["message"]  # says what to do instead

    repo.git("reset", "-q", "--hard", "main")
    _update(run, repo, "m1-02", "--evidence", "法〔2024〕9号")
    repo.commit("evidence added", ZHANG, "2024-02-01")
    assert _check(run, repo) == (0, [])


def test_the_completion_date_of_a_done_item_stays(run: RunCli, repo: Repo) -> None:
    _edit(repo, "items/m1/m1-02.yaml", "done_on: 2024-01-15", "done_on: 2023-12-01")
    repo.commit("looks on time now", ZHANG, "2024-02-01")
    code, problems = _check(run, repo)
    assert (code, _rules(problems)) == (1, [("m1-02.yaml", "done_on", "check.done_on_changed")])


# --- what was agreed changes only on the record ------------------------------------------

def test_agreed_fields_need_a_record(run: RunCli, repo: Repo) -> None:
    _edit(repo, "items/m1/m1-01.yaml", "lead: 最高人民法院", "lead: 最高人民检察院")
    _edit(repo, "items/m1/m1-01.yaml", "partners: [最高人民检察院]", "partners: [最高人民法院]")
    _edit(repo, "items/m1/m1-01.yaml", "title: 统一量刑建议审查标准", "title: 研究量刑问题")
    _edit(repo, "items/m1/m1-01.yaml", "due: 2024-06-30", "due: 2024-12-31")
    repo.write("items/m1/m1-01.yaml", (repo.root / "items/m1/m1-01.yaml").read_text()
               + "  - date: 2024-02-01\n    note: 民二庭继续调研。\n")
    repo.commit("silent changes", ZHANG, "2024-02-01")
    code, problems = _check(run, repo)
    assert code == 1
    assert sorted(_rules(problems)) == [
        ("m1-01.yaml", "due", "check.due_no_reason"),
        ("m1-01.yaml", "lead", "check.change_unrecorded"),
        ("m1-01.yaml", "lead", "check.lead_consent"),  # 最高检's maintainer did not take it
        ("m1-01.yaml", "partners", "check.change_unrecorded"),
        ("m1-01.yaml", "title", "check.change_unrecorded"),
    ]
    due = next(p for p in problems if p["rule"] == "check.due_no_reason")
    assert "huishang update m1-01 --due 2024-12-31 --reason" in due["message"]


def test_the_tools_own_way_passes(run: RunCli, repo: Repo) -> None:
    _update(run, repo, "m1-01", "--title", "研究量刑问题", "--due", "2024-12-31",
            "--reason", "经第二次会商调整", "--by", "张三")
    repo.commit("recorded changes", ZHANG, "2024-02-01")
    assert _check(run, repo) == (0, [])
    data = (repo.root / "items/m1/m1-01.yaml").read_text(encoding="utf-8")
    assert "- {field: due, before: 2024-06-30, after: 2024-12-31, reason: 经第二次会商调整}" \
        in data
    # the reason appears once in history, with each change
    result = run("history", "m1-01", "--repo", str(repo.root), "--today", TODAY)
    lines = result.stdout.splitlines()
    assert "    · 名称：统一量刑建议审查标准 → 研究量刑问题（理由：经第二次会商调整；调整人：张三）" in lines
    assert "    · 完成时限：2024-06-30 → 2024-12-31（理由：经第二次会商调整；调整人：张三）" in lines
    assert result.stdout.count("经第二次会商调整") == 2
    bulletin = run("bulletin", "--month", "2024-02", "--repo", str(repo.root), "--today", TODAY,
                   "--format", "markdown").stdout
    assert ("| 1 | 研究量刑问题 | 2024.06.30 | 2024.12.31 | 经第二次会商调整 | 张三 "
            "| 2024.02.01 |") in bulletin


def test_a_lead_moves_with_both_units_maintainers(run: RunCli, repo: Repo) -> None:
    # 最高检's maintainer takes the item over alone: refused
    _update(run, repo, "m1-01", "--lead", "最高人民检察院", "--partner", "最高人民法院",
            "--reason", "经会商由检察院牵头")
    repo.commit("take over", LI, "2024-02-01")
    code, problems = _check(run, repo)
    assert (code, _rules(problems)) == (1, [("m1-01.yaml", "lead", "check.lead_consent")])
    assert "最高人民法院" in problems[0]["message"]
    # the old lead's maintainer confirms in the same change: passes
    _update(run, repo, "m1-01", "--note", "同意移交最高人民检察院牵头。")
    repo.commit("hand over", ZHANG, "2024-02-02")
    assert _check(run, repo) == (0, [])


# --- the rules come from the base -------------------------------------------------------

def test_adding_oneself_as_maintainer_does_not_help(run: RunCli, repo: Repo) -> None:
    _edit(repo, "units.yaml", "maintainers: [zhang@court.example.cn]",
          "maintainers: [zhang@court.example.cn, wang@example.cn]")
    _update(run, repo, "m1-01", "--note", "王五的进展")
    repo.commit("let me in", WANG, "2024-02-01")
    code, problems = _check(run, repo)
    assert code == 1
    assert sorted(_rules(problems)) == [("m1-01.yaml", "lead", "check.not_maintainer"),
                                        ("units.yaml", "", "check.rules_not_maintainer")]
    notes = [p["message"] for p in problems if p["severity"] == "warning"]
    assert any("基准版本" in n for n in notes)  # check says by which rules it judged


def test_switching_ownership_off_does_not_help(run: RunCli, repo: Repo) -> None:
    repo.write("huishang.yaml", "ownership: \"off\"\n")
    _update(run, repo, "m1-01", "--note", "外人的进展")
    repo.commit("no more rules", ("外人", "x@example.org"), "2024-02-01")
    code, problems = _check(run, repo)
    assert code == 1
    assert sorted(_rules(problems)) == [
        ("huishang.yaml", "", "check.rules_not_any_maintainer"),
        ("m1-01.yaml", "lead", "check.not_maintainer")]


def test_a_maintainer_may_change_the_registry_entry_of_their_unit(run: RunCli,
                                                                  repo: Repo) -> None:
    _edit(repo, "units.yaml", "short: [最高检]", "short: [最高检, 高检]")
    repo.commit("short name", LI, "2024-02-01")
    assert _check(run, repo)[0] == 0


# --- partners report -----------------------------------------------------------------------

def test_partners_append_feedback_but_change_no_field(run: RunCli, repo: Repo) -> None:
    _update(run, repo, "m1-01", "--note", "最高检已反馈意见。", "--by", "李四")
    repo.commit("partner feedback", LI, "2024-02-01")
    assert _check(run, repo) == (0, [])
    _update(run, repo, "m1-01", "--status", "blocked", "--note", "等待")
    repo.commit("partner changes the status", LI, "2024-02-02")
    code, problems = _check(run, repo)
    assert (code, _rules(problems)) == (1, [("m1-01.yaml", "", "check.partner_fields")])


# --- every commit, merges included; and the merge base -------------------------------------

def test_an_edit_inside_a_merge_commit_is_caught_and_shown(run: RunCli, repo: Repo) -> None:
    repo.git("checkout", "-q", "main")
    _update(run, repo, "m1-02", "--evidence", "法〔2024〕5号")
    repo.commit("main moves on", ZHANG, "2024-02-01")
    repo.git("checkout", "-q", "change")
    _update(run, repo, "m1-01", "--note", "张三的进展")
    repo.commit("branch work", ZHANG, "2024-02-02")
    repo.git("merge", "-q", "--no-commit", "--no-ff", "main", author=WANG)
    _edit(repo, "items/m1/m1-01.yaml", "due: 2024-06-30", "due: 2025-06-30")
    repo.commit("Merge main", WANG, "2024-02-03")
    code, problems = _check(run, repo)
    assert code == 1
    assert sorted(_rules(problems)) == [("m1-01.yaml", "due", "check.due_no_reason"),
                                        ("m1-01.yaml", "lead", "check.not_maintainer")]
    assert "wang@example.cn" in next(p["message"] for p in problems
                                     if p["rule"] == "check.not_maintainer")
    history = run("history", "m1-01", "--repo", str(repo.root), "--today", TODAY).stdout
    assert "王五 <wang@example.cn>  Merge main" in history
    assert "完成时限：2024-06-30 → 2025-06-30" in history
    # what the merge only brought in from main is not repeated as the merge's own change
    assert history.count("法〔2024〕5号") == 0


def test_a_branch_that_is_only_behind_passes(run: RunCli, repo: Repo) -> None:
    _update(run, repo, "m1-01", "--note", "分支上的进展")
    repo.commit("branch work", ZHANG, "2024-02-01")
    repo.git("checkout", "-q", "main")
    _update(run, repo, "m1-01", "--note", "主干上的进展")
    repo.write("items/m1/m1-03.yaml", item_yaml("m1-03"))
    repo.commit("main moves on", ZHANG, "2024-02-02")
    repo.git("checkout", "-q", "change")
    assert _check(run, repo) == (0, [])  # before: "update removed", "item deleted"


def test_history_names_evidence_removed(run: RunCli, repo: Repo) -> None:
    _edit(repo, "items/m1/m1-02.yaml", "evidence: [法〔2024〕3号]", "evidence: [待补]")
    repo.commit("evidence replaced", ZHANG, "2024-02-01")
    lines = run("history", "m1-02", "--repo", str(repo.root)).stdout.splitlines()
    assert "    · 删除办结依据：法〔2024〕3号" in lines
    assert "    · 新增办结依据：待补" in lines


def test_owner_and_aspect_change_on_the_record(run: RunCli, repo: Repo) -> None:
    meeting = (repo.root / "items/m1/meeting.yaml").read_text(encoding="utf-8")
    repo.write("items/m1/meeting.yaml", meeting + "  - key: A2\n    title: 第二方面\n")
    repo.commit("second aspect", ZHANG, "2024-01-20")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "change")
    repo.git("checkout", "-q", "change")
    _update(run, repo, "m1-01", "--owner-division", "刑一庭", "--owner-person", "张三",
            "--aspect", "A2", "--reason", "明确承办部门")
    repo.commit("owner", ZHANG, "2024-02-01")
    assert _check(run, repo) == (0, [])
    text = (repo.root / "items/m1/m1-01.yaml").read_text(encoding="utf-8")
    assert "- {field: owner, after: {division: 刑一庭, person: 张三}, reason: 明确承办部门}" \
        in text
    assert "- {field: aspect, before: A1, after: A2, reason: 明确承办部门}" in text
    _edit(repo, "items/m1/m1-01.yaml", "owner: {division: 刑一庭, person: 张三}",
          "owner: {division: 刑一庭, person: 李四}")
    repo.commit("owner again, silently", ZHANG, "2024-02-02")
    assert _rules(_check(run, repo)[1]) == [("m1-01.yaml", "owner", "check.change_unrecorded")]


def test_a_base_without_shared_history_is_a_usage_error(run: RunCli, repo: Repo) -> None:
    repo.git("checkout", "-q", "--orphan", "other")
    repo.commit("unrelated", ZHANG, "2024-02-01")
    result = run("check", "--base", "main", "--repo", str(repo.root), "--today", TODAY)
    assert result.exit_code == 2
    assert "没有共同的历史" in result.stderr


def test_an_edit_not_yet_committed_is_part_of_the_change(run: RunCli, repo: Repo) -> None:
    """git compares the two commits' trees only when the work tree is HEAD's: an edit
    still in the work tree is judged as a committed one is."""
    repo.write("items/m1/m1-03.yaml", item_yaml("m1-03"))
    repo.commit("new item", ZHANG, "2024-02-01")
    _edit(repo, "items/m1/m1-02.yaml", "evidence: [法〔2024〕3号]", "evidence: [待补]")
    code, problems = _check(run, repo)
    assert code == 1
    assert _rules(problems) == [("m1-02.yaml", "evidence", "check.evidence_changed")]
