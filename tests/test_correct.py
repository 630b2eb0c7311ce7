"""`huishang correct`: a wrong progress date, note or done_on corrected in the open (更正).
The file keeps what was written and gains a `corrections:` entry; every view and report
uses the corrected value; `show` and `history` show both; `check --base` accepts it and
still refuses an edited note."""

from __future__ import annotations

import json

import pytest
from conftest import Repo, RunCli, WriteLedger

MEETING = """id: m1
title: 两院第一次工作交流会商会
date: 2024-03-12
parties: [最高人民法院, 最高人民检察院]
level: national
"""
ITEM = """id: m1-01
title: 联合发布典型案例
lead: 最高人民法院
due: 2024-12-31
status: done
updates:
  - date: 2024-06-12
    note: 征集案例。
  - date: 2024-06-12
    note: 两院联合发布典型案例。
done_on: 2024-06-12
evidence: [法〔2024〕30号]
"""
AT = ("--today", "2024-09-05")


@pytest.fixture
def repo(write_ledger: WriteLedger) -> Repo:
    repo = Repo(write_ledger({}, with_meeting=False))
    repo.write("items/m1/meeting.yaml", MEETING)
    repo.write("items/m1/m1-01.yaml", ITEM)
    repo.commit("导入台账", date="2024-07-01")
    return repo


def test_a_wrong_date_is_corrected_in_the_open(run: RunCli, repo: Repo) -> None:
    root = ("--repo", str(repo.root))
    base = repo.git("rev-parse", "HEAD").strip()
    shown = run("show", "m1-01", *root, *AT)
    assert "2. 2024-06-12  两院联合发布典型案例。" in shown.stdout.splitlines()
    june = ("bulletin", "--month", "2024-06", "--no-history", *root, *AT)
    assert "本月新增事项0项，办结1项；" in run(*june).stdout  # as recorded, the closing was June's
    done = run("correct", "m1-01", "--update", "2", "--date", "2024-08-20", "--reason",
               "填报表进展日期有误，以文中日期为准", "--by", "张三", *root, *AT)
    assert done.exit_code == 0, done.output
    assert done.stdout == "items/m1/m1-01.yaml：已更正第 2 条进展\n"
    done = run("correct", "m1-01", "--done-on", "2024-08-20", "--reason", "办结日期随之更正",
               *root, *AT)
    assert done.exit_code == 0, done.output
    text = (repo.root / "items/m1/m1-01.yaml").read_text(encoding="utf-8")
    assert text == ITEM + (  # what was written stays; the corrections follow it
        "corrections:\n"
        "  - date: 2024-09-05\n    update: 2\n    was: {date: 2024-06-12}\n"
        "    now: {date: 2024-08-20}\n    reason: 填报表进展日期有误，以文中日期为准\n    by: 张三\n"
        "  - date: 2024-09-05\n    was: {done_on: 2024-06-12}\n    now: {done_on: 2024-08-20}\n"
        "    reason: 办结日期随之更正\n")
    repo.commit("更正", date="2024-09-05")

    lines = run("show", "m1-01", *root, *AT).stdout.splitlines()
    assert "办结日期  2024-08-20" in lines
    assert "2. 2024-08-20  两院联合发布典型案例。" in lines
    assert ("更正      2024-09-05 更正进展“两院联合发布典型案例。”的日期：2024-06-12 → 2024-08-20"
            "（填报表进展日期有误，以文中日期为准；张三）") in lines
    listed = json.loads(run("list", "--format", "json", *root, *AT).stdout)["items"]
    assert listed[0]["last_update"] == "2024-08-20"
    august = run("bulletin", "--month", "2024-08", *root, *AT).stdout
    assert "2024.08.20" in august and "联合发布典型案例" in august.split("本月办结事项")[1]
    assert "本月新增事项0项，办结0项；" in run(*june).stdout  # corrected, it is no longer June's
    history = run("history", "m1-01", *root, *AT).stdout
    assert "更正：2024-06-12 → 2024-08-20（填报表进展日期有误，以文中日期为准）" in history
    assert run("check", "--base", base, *root, *AT).exit_code == 0


def test_check_still_refuses_an_edited_note_or_correction(run: RunCli, repo: Repo) -> None:
    root = ("--repo", str(repo.root))
    assert run("correct", "m1-01", "--update", "1", "--note", "征集典型案例。", "--reason",
               "原文漏字", *root, *AT).exit_code == 0
    repo.commit("更正", date="2024-09-05")
    base = repo.git("rev-parse", "HEAD").strip()
    path = repo.root / "items/m1/m1-01.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("note: 两院联合发布典型案例。", "note: 两院联合发布。"),
                    encoding="utf-8")
    edited = run("check", "--base", base, *root, *AT)
    assert edited.exit_code == 1 and "进展只能追加，不能改写" in edited.output
    path.write_text(text.replace("reason: 原文漏字", "reason: 另有原因"), encoding="utf-8")
    rewritten = run("check", "--base", base, *root, *AT)
    assert rewritten.exit_code == 1 and "更正只能追加" in rewritten.output


@pytest.mark.parametrize(("args", "message"), [
    (("--update", "3", "--date", "2024-08-20"), "没有第 3 条进展（共 2 条"),
    (("--update", "2"), "请指明更正什么"),
    (("--update", "2", "--date", "2024-06-12"), "无需更正"),
    (("--update", "2", "--date", "2024-10-01"), "晚于今天"),
    (("--update", "2", "--date", "2024-01-01"), "早于会议日期"),
])
def test_a_correction_that_names_nothing_true_is_refused(
        run: RunCli, repo: Repo, args: tuple[str, ...], message: str) -> None:
    before = (repo.root / "items/m1/m1-01.yaml").read_bytes()
    result = run("correct", "m1-01", *args, "--reason", "理由", "--repo", str(repo.root), *AT)
    assert result.exit_code in (1, 2)
    assert message in result.output
    assert (repo.root / "items/m1/m1-01.yaml").read_bytes() == before


def test_a_hand_written_correction_must_match_the_record(run: RunCli, repo: Repo) -> None:
    (repo.root / "items/m1/m1-01.yaml").write_text(ITEM + (
        "corrections:\n  - date: 2024-09-05\n    update: 2\n    was: {date: 2024-05-01}\n"
        "    now: {date: 2024-08-20}\n    reason: 日期有误\n"), encoding="utf-8")
    result = run("validate", "--repo", str(repo.root), *AT)
    assert result.exit_code == 1
    assert "第 1 条更正的原值（was）与记录不符：记录为 2024-06-12" in result.output
    assert "items/m1/m1-01.yaml:14:5" in result.output  # at the entry, not the item's top


def test_check_refuses_a_note_edited_in_place_behind_a_correction(
        run: RunCli, repo: Repo) -> None:
    root = ("--repo", str(repo.root))
    base = repo.git("rev-parse", "HEAD").strip()
    path = repo.root / "items/m1/m1-01.yaml"
    path.write_text(ITEM.replace("note: 征集案例。", "note: 从未征集。") + (
        "corrections:\n  - date: 2024-09-05\n    update: 1\n    was: {note: 征集案例。}\n"
        "    now: {note: 从未征集。}\n    reason: 原文有误\n"), encoding="utf-8")
    repo.commit("改写进展并补一条更正", date="2024-09-05")
    result = run("check", "--base", base, *root, *AT)
    assert result.exit_code == 1
    assert "第 1 条更正的原值（was）与记录不符：记录为 从未征集。" in result.output


@pytest.mark.parametrize("was", ["{note: 这句话从未写过。}", "{done_on: 2024-05-01}"])
def test_validate_refuses_a_was_never_recorded(run: RunCli, repo: Repo, was: str) -> None:
    path = repo.root / "items/m1/m1-01.yaml"
    now = "{done_on: 2024-06-12}" if "done_on" in was else "{note: 征集案例。}"
    update = "" if "done_on" in was else "    update: 1\n"
    path.write_text(ITEM + (f"corrections:\n  - date: 2024-09-05\n{update}    was: {was}\n"
                            f"    now: {now}\n    reason: 原文有误\n"), encoding="utf-8")
    result = run("validate", "--repo", str(repo.root), *AT)
    assert result.exit_code == 1
    assert "第 1 条更正的原值（was）与记录不符" in result.output


def test_a_corrected_item_still_takes_updates_and_corrections(run: RunCli, repo: Repo) -> None:
    root = ("--repo", str(repo.root))
    assert run("correct", "m1-01", "--done-on", "2024-08-20", "--reason", "办结日期有误",
               *root, *AT).exit_code == 0
    assert run("correct", "m1-01", "--update", "1", "--note", "征集典型案例。", "--reason",
               "原文漏字", *root, *AT).exit_code == 0
    done = run("update", "m1-01", "--note", "汇编成册。", *root, *AT)
    assert done.exit_code == 0, done.output
    text = (repo.root / "items/m1/m1-01.yaml").read_text(encoding="utf-8")
    assert "note: 征集案例。" in text and "done_on: 2024-06-12" in text
    lines = run("show", "m1-01", *root, *AT).stdout.splitlines()
    assert "办结日期  2024-08-20" in lines and "1. 2024-06-12  征集典型案例。" in lines
    assert run("validate", *root, *AT).exit_code == 0


def test_update_n_is_numbered_as_show_lists_the_notes(run: RunCli, repo: Repo) -> None:
    root = ("--repo", str(repo.root))
    path = repo.root / "items/m1/m1-01.yaml"
    late = "  - date: 2024-06-01\n    note: 配合单位反馈。\n"  # added last, dated first
    path.write_text(ITEM.replace("done_on:", late + "done_on:"), encoding="utf-8")
    assert "1. 2024-06-01  配合单位反馈。" in run("show", "m1-01", *root, *AT).stdout
    done = run("correct", "m1-01", "--update", "1", "--note", "配合单位反馈意见。", "--reason",
               "原文漏字", *root, *AT)
    assert done.exit_code == 0, done.output
    assert "    update: 3\n    was: {note: 配合单位反馈。}\n" in path.read_text(encoding="utf-8")
