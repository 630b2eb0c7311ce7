"""The record tells what happened: a change of an agreed field (调整) is shown as a change
with its reason and who asked for it, never as progress; blocking and escalating say why;
validate says when a meeting's items do not add up to what it agreed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import LI, ZHANG, Repo, RunCli, WriteLedger, item_yaml

from huishang.store.files import load_ledger

MOVE = "调整完成时限：2024-06-30 → 2024-12-31（理由：需经省委政法委审议；调整人：王副院长）"


@pytest.fixture
def moved(write_ledger: WriteLedger, run: RunCli) -> Repo:
    """m1-01's deadline moved at 王副院长's request, recorded by the clerk 李四; m1-02 had
    a note of work in the same month."""
    root = write_ledger({
        "items/m1/m1-01.yaml": item_yaml(due="2024-06-30"),
        "items/m1/m1-02.yaml": item_yaml("m1-02", title="规范阅卷", lead="最高人民检察院",
                                         due="2024-12-31"),
    })
    repo = Repo(root)
    repo.commit("ledger", ZHANG, "2024-06-01")
    result = run("update", "m1-01", "--due", "2024-12-31", "--reason", "需经省委政法委审议",
                 "--by", "王副院长", "--date", "2024-07-29", "--repo", str(root),
                 "--today", "2024-07-29")
    assert result.exit_code == 0, result.output
    result = run("update", "m1-02", "--note", "形成初稿", "--date", "2024-07-10",
                 "--repo", str(root), "--today", "2024-07-29")
    assert result.exit_code == 0, result.output
    repo.commit("july", LI, "2024-07-29")
    return repo


def _run(run: RunCli, root: Path, *args: str) -> str:
    result = run(*args, "--repo", str(root), "--today", "2024-08-05")
    assert result.exit_code == 0, result.output
    return result.stdout


def test_show_and_the_items_page_show_a_change_as_a_change(run: RunCli, moved: Repo,
                                                           tmp_path: Path) -> None:
    shown = _run(run, moved.root, "show", "m1-01")
    assert MOVE in shown
    assert "2024-07-29  需经省委政法委审议\n" not in shown  # not as a note of progress
    site = tmp_path / "site"
    _run(run, moved.root, "site", "--output", str(site))
    page = (site / "items/m1-01.html").read_text(encoding="utf-8")
    assert MOVE in page


def test_a_change_with_a_note_of_work_shows_both(run: RunCli, write_ledger: WriteLedger) -> None:
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml(due="2024-06-30")})
    _run(run, root, "update", "m1-01", "--due", "2024-12-31", "--reason", "需与修法衔接",
         "--note", "已完成调研报告", "--by", "张三", "--date", "2024-07-29")
    lines = _run(run, root, "show", "m1-01").splitlines()
    at = [line.strip() for line in lines if "2024-07-29" in line]
    assert at[0].endswith("已完成调研报告（张三）")
    assert at[1].endswith("调整完成时限：2024-06-30 → 2024-12-31（理由：需与修法衔接；调整人：张三）")


def test_history_names_who_asked_and_who_recorded(run: RunCli, moved: Repo) -> None:
    lines = _run(run, moved.root, "history", "m1-01").splitlines()
    head = next(line for line in lines if "july" in line)
    assert "李四 <li@spp.example.cn>" in head  # the clerk who recorded it
    assert ("    · 完成时限：2024-06-30 → 2024-12-31（理由：需经省委政法委审议；调整人：王副院长）"
            in lines)
    assert not any("新增进展" in line for line in lines)  # the reason is not progress
    data = json.loads(_run(run, moved.root, "history", "m1-01", "--format", "json"))
    assert data["commits"][-1]["events"] == [{
        "kind": "due", "before": "2024-06-30", "after": "2024-12-31",
        "detail": "需经省委政法委审议", "by": "王副院长"}]


def test_the_bulletin_names_who_asked_and_counts_no_change_as_feedback(
        run: RunCli, moved: Repo) -> None:
    lines = _run(run, moved.root, "bulletin", "--month", "2024-07").splitlines()
    assert ("| 1 | 统一量刑建议审查标准 | 2024.06.30 | 2024.12.31 | 需经省委政法委审议 "
            "| 王副院长 | 2024.07.29 |") in lines
    assert "| 1 | 统一量刑建议审查标准 | 最高人民法院 | 推进中 | 本月无新进展 |" in lines
    assert "| 2 | 规范阅卷 | 最高人民检察院 | 推进中 | 2024.07.10，形成初稿 |" in lines
    silent = lines[lines.index("## 十、未反馈单位"):]
    assert "| 最高人民法院 | 1 | 第1项“统一量刑建议审查标准” |" in silent  # its move is no feedback
    assert not any(line.startswith("| 最高人民检察院") for line in silent)


def test_blocking_and_escalating_need_the_reason(run: RunCli, write_ledger: WriteLedger) -> None:
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml()})
    args = ("--repo", str(root), "--today", "2024-01-05")
    blocked = run("update", "m1-01", "--status", "受阻", *args)
    assert blocked.exit_code == 1 and "标记受阻必须说明原因：请加 --note" in blocked.stderr
    escalated = run("update", "m1-01", "--escalate", *args)
    assert escalated.exit_code == 1 and "请示报告必须说明" in escalated.stderr
    assert (root / "items/m1/m1-01.yaml").read_text(encoding="utf-8") == item_yaml()
    done = run("update", "m1-01", "--status", "受阻", "--escalate", "--note", "待立法机关明确",
               *args)
    assert done.exit_code == 0, done.output
    assert load_ledger(root).problems == []


def test_validate_warns_of_a_blocked_item_without_a_reason(
        run: RunCli, write_ledger: WriteLedger) -> None:
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml(status="blocked")})
    result = run("validate", "--repo", str(root))
    assert result.exit_code == 0
    assert ("items/m1/m1-01.yaml:6:9: [警告] status: 事项受阻，但没有说明原因的进展记录；"
            "请用 huishang update --note 补记原因") in result.stdout


def test_validate_warns_when_items_and_agreed_items_differ(
        run: RunCli, write_ledger: WriteLedger) -> None:
    meeting = ("id: m1\ntitle: 测试会议\ndate: 2023-06-12\n"
               "parties: [最高人民法院, 最高人民检察院]\nlevel: national\nagreed_items: 3\n")
    root = write_ledger({"items/m1/meeting.yaml": meeting,
                         "items/m1/m1-01.yaml": item_yaml(aspect=None),
                         "items/m1/m1-02.yaml": item_yaml("m1-02", aspect=None)})
    expected = ("items/m1/meeting.yaml:6:15: [警告] agreed_items: 会议议定事项 3 项，台账中有 2 项："
                "请核对是否漏登或多登")
    assert expected in run("validate", "--repo", str(root)).stdout
    # check --base, which keeps the ledger's state by folder, says the same
    repo = Repo(root)
    repo.commit("ledger", ZHANG, "2024-01-01")
    checked = run("check", "--base", "HEAD", "--repo", str(root), "--format", "json")
    assert checked.exit_code == 0, checked.output
    assert [p["rule"] for p in json.loads(checked.stdout)["problems"]] == [
        "meeting.agreed_count"]
    (root / "items/m1/m1-03.yaml").write_text(item_yaml("m1-03", aspect=None), encoding="utf-8")
    assert "会议议定事项" not in run("validate", "--repo", str(root)).stdout


def test_a_blocked_item_without_a_reason_can_still_be_written(
        run: RunCli, write_ledger: WriteLedger) -> None:
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml(status="blocked")})
    result = run("update", "m1-01", "--due", "2024-12-31", "--reason", "顺延",
                 "--repo", str(root), "--today", "2024-01-05")
    assert result.exit_code == 0, result.output


def test_an_imported_change_names_the_sheets_reporter_as_who_asked(
        run: RunCli, write_ledger: WriteLedger, tmp_path: Path) -> None:
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml(due="2024-06-30")})
    sheet = tmp_path / "填报表.csv"
    sheet.write_text("编号,会商事项,牵头单位,完成时限,调整理由,填报人\n"
                     "m1-01,统一量刑建议审查标准,最高人民法院,2024-12-31,需经省委政法委审议,王副院长\n",
                     encoding="utf-8")
    result = run("import", str(sheet), "--meeting", "m1", "--repo", str(root),
                 "--today", "2024-07-29")
    assert result.exit_code == 0, result.output
    (entry,) = load_ledger(root).items
    (update,) = entry.record.updates
    assert (update.by, update.work, [c.field for c in update.changes]) == (
        "王副院长", None, ["due"])


def test_without_history_the_bulletin_shows_the_recorded_deadline_changes(
        run: RunCli, write_ledger: WriteLedger) -> None:
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml(due="2024-06-30")})
    _run(run, root, "update", "m1-01", "--due", "2024-12-31", "--reason", "需经省委政法委审议",
         "--by", "王副院长", "--date", "2024-07-29")
    lines = _run(run, root, "bulletin", "--month", "2024-07", "--no-history").splitlines()
    assert ("| 1 | 统一量刑建议审查标准 | 2024.06.30 | 2024.12.31 | 需经省委政法委审议 "
            "| 王副院长 | 2024.07.29 |") in lines


def test_a_changes_reason_is_never_quoted_as_the_latest_progress(
        run: RunCli, moved: Repo, tmp_path: Path) -> None:
    import openpyxl

    reason = "需经省委政法委审议"
    review = _run(run, moved.root, "review", "m1")
    assert "主要进展：尚未报送。" in review.split("第1项")[1].split("第2项")[0]
    assert f"2024年7月29日，{reason}" not in review
    notice = run("notice", "--unit", "最高人民法院", "--repo", str(moved.root),
                 "--today", "2025-03-01")
    assert notice.exit_code == 0, notice.output
    assert "统一量刑建议审查标准" in notice.stdout
    assert reason not in notice.stdout
    out = tmp_path / "填报表.xlsx"
    _run(run, moved.root, "export", "--form", "--period", "2024-08", "-o", str(out))
    cells = [c.value for row in openpyxl.load_workbook(out).worksheets[0].iter_rows()
             for c in row]
    assert not [c for c in cells if isinstance(c, str) and reason in c]
