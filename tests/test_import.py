"""`huishang import`: an office's 台账 spreadsheet into the ledger in one command.

The sheets are built as offices make them (a title row, Chinese headers with remarks,
aspect heading rows, merged cells, dates typed four ways, short unit names, a totals
row), written by openpyxl and read back by huishang with calamine.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from conftest import Repo, RunCli, WriteLedger

from huishang.ledger.models import Item
from huishang.store.files import load_ledger

UNITS = """units:
  - {name: 黑龙江省高级人民法院, short: [黑龙江高院, 黑龙江省法院]}
  - {name: 黑龙江省人民检察院, short: [黑龙江省检察院]}
  - {name: 黑龙江省公安厅}
"""
MEETING = """id: 2024-09-10-hlj
title: 第三次工作交流会商会
date: 2024-09-10
parties: [黑龙江省高级人民法院, 黑龙江省人民检察院]
level: provincial
aspects:
  - key: H1
    title: 刑事审判与检察衔接
  - key: H2
    title: 民事检察监督衔接
"""
HEADER = ["序号", "会商事项", "牵头单位", "配合单位", "责任部门", "责任人",
          "完成时限\n（年月日）", "落实状态", "进展情况", "办结依据"]
TODAY = ("--today", "2024-11-20")


def office_rows() -> list[list[Any]]:
    """The sheet a clerk keeps: what each column holds is written as people write it."""
    return [
        ["黑龙江省两院第三次会商会议定事项落实台账"],
        ["填报单位：研究室", None, None, None, None, None, None, None, "填报日期：2024年11月8日"],
        HEADER,
        ["一、刑事审判与检察衔接"],
        [1, "统一认罪认罚案件量刑建议审查标准", "黑龙江高院", "黑龙江省检察院", "刑事审判第一庭",
         "王某", dt.datetime(2024, 12, 31), "推进中",
         "2024年10月8日，形成初稿。\n2024年9月20日，召开专题会议。", None],
        [2, "建立刑事案件信息共享机制", "黑龙江省检察院", "黑龙江高院、黑龙江省公安厅",
         "案件管理办公室", None, "2025年6月底前", "未启动", None, None],
        [None] * 10,
        ["二、民事检察监督衔接"],
        [4, "规范民事抗诉案件再审审查程序", "黑龙江省法院", None, "审判监督庭", "李某",
         "2024/12/31", "已完成", "2024.9.30 联合印发规范。", "黑高法〔2024〕88号"],
        [5, "常态化开展类案研讨", "黑龙江省检察院", "黑龙江高院，黑龙江省公安厅", None, None,
         "长期坚持", "进行中", "每季度召开一次研讨会", None],
        [6, "共同编发典型案例", "黑龙江高院", None, None, None, "2025.3.31", None, None, None],
        ["合计", "5项"],
    ]


def workbook(path: Path, rows: Sequence[Sequence[Any]], *, merges: Sequence[str] = (),
             title: str = "会商事项台账", before: Sequence[str] = ()) -> Path:
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    for name in before:  # sheets ahead of the ledger's, such as a cover
        book.create_sheet(name).append(["说明：本表由研究室维护"])
    sheet = first
    sheet.title = title
    book.move_sheet(sheet, len(before))
    for row in rows:
        sheet.append(list(row))
    for cells in merges:
        sheet.merge_cells(cells)
    book.save(path)
    return path


OFFICE_MERGES = ("A1:J1", "A4:J4", "A8:J8")


@pytest.fixture
def ledger(write_ledger: WriteLedger) -> Path:
    return write_ledger({"units.yaml": UNITS, "items/2024-09-10-hlj/meeting.yaml": MEETING},
                        with_meeting=False)


def items(root: Path) -> dict[str, Item]:
    loaded = load_ledger(root, use_cache=False)
    assert loaded.errors == [], loaded.errors
    return {e.record.id: e.record for e in loaded.items}


def snapshot(root: Path) -> dict[str, bytes]:
    """The ledger's own files (not git's, nor the cache's), byte for byte."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not {".git", ".huishang-cache"} & set(p.relative_to(root).parts)}


def test_an_office_sheet_imports_into_a_valid_ledger(run: RunCli, ledger: Path,
                                                      tmp_path: Path) -> None:
    sheet = workbook(tmp_path / "台账.xlsx", office_rows(), merges=OFFICE_MERGES)
    result = run("import", str(sheet), "--meeting", "2024-09-10-hlj", "--repo", str(ledger),
                 *TODAY)
    assert result.exit_code == 0, result.output
    assert "新建 5 项，更新 0 项，0 项无变化。" in result.stdout
    found = items(ledger)
    # 序号 gives the number: 3 is missing in the minutes' numbering, and stays missing
    assert sorted(found) == [f"2024-09-10-hlj-0{n}" for n in (1, 2, 4, 5, 6)]
    first, second, fourth, fifth, sixth = (found[f"2024-09-10-hlj-0{n}"] for n in (1, 2, 4, 5, 6))
    assert (first.aspect, first.lead, first.partners) == ("H1", "黑龙江高院", ["黑龙江省检察院"])
    assert first.owner is not None and first.owner.text == "刑事审判第一庭 王某"
    assert (first.due, first.status) == (dt.date(2024, 12, 31), "in_progress")
    # two dated lines, newest first in the cell: two updates, oldest first
    assert [(u.date, u.note) for u in first.updates] == [
        (dt.date(2024, 9, 20), "召开专题会议。"), (dt.date(2024, 10, 8), "形成初稿。")]
    assert (second.due, second.status, second.partners) == (
        dt.date(2025, 6, 30), "planned", ["黑龙江高院", "黑龙江省公安厅"])
    assert (fourth.aspect, fourth.status, fourth.done_on, fourth.evidence) == (
        "H2", "done", dt.date(2024, 9, 30), ["黑高法〔2024〕88号"])
    assert fourth.due == dt.date(2024, 12, 31)
    # 长期坚持: no deadline; an undated note is dated today; 进行中 is in progress
    assert (fifth.due, fifth.status, fifth.partners) == (
        None, "in_progress", ["黑龙江高院", "黑龙江省公安厅"])
    assert [(u.date, u.note) for u in fifth.updates] == [
        (dt.date(2024, 11, 20), "每季度召开一次研讨会")]
    assert (sixth.due, sixth.status, sixth.updates) == (dt.date(2025, 3, 31), "planned", [])
    assert run("validate", "--repo", str(ledger), *TODAY).exit_code == 0


def test_a_bad_row_refuses_the_whole_import_naming_each_cell(run: RunCli, ledger: Path,
                                                              tmp_path: Path) -> None:
    rows = office_rows()
    rows[4][2] = "黑龙江高级法院"  # C5: a unit not in units.yaml
    rows[5][6] = "2024年13月1日"  # G6: no such month
    rows[8][7] = "推进"  # H9: not a status
    rows[9][0] = 4  # A10: the number of the row above
    rows[10][1] = None  # B11: no title
    sheet = workbook(tmp_path / "台账.xlsx", rows, merges=OFFICE_MERGES)
    before = snapshot(ledger)
    result = run("import", str(sheet), "--meeting", "2024-09-10-hlj", "--repo", str(ledger),
                 *TODAY)
    assert result.exit_code == 1
    at = f"{sheet}:会商事项台账!"
    lines = [line for line in result.stderr.splitlines() if line.startswith(at)]
    assert [line.split(": ", 1)[0].removeprefix(at) for line in lines] == [
        "C5", "G6", "H9", "A10", "B11"]
    assert "是否为：黑龙江省高级人民法院" in lines[0]
    assert lines[1].startswith(f"{at}G6: 完成时限（年月日）: 无法识别的完成时限“2024年13月1日”")
    assert "序号 4 与第 9 行重复" in lines[3]
    assert "表格有 5 处问题，未导入任何事项。" in result.stderr
    assert snapshot(ledger) == before


def test_dry_run_lists_what_would_be_created_and_writes_nothing(
        run: RunCli, ledger: Path, tmp_path: Path) -> None:
    sheet = workbook(tmp_path / "台账.xlsx", office_rows(), merges=OFFICE_MERGES)
    before = snapshot(ledger)
    result = run("import", str(sheet), "--meeting", "2024-09-10-hlj", "--repo", str(ledger),
                 "--dry-run", *TODAY)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == (
        f"2024-09-10-hlj-01  新建  {sheet}:会商事项台账!A5")
    assert "预演" in result.stderr
    assert snapshot(ledger) == before


def test_importing_the_same_sheet_again_changes_nothing(run: RunCli, ledger: Path,
                                                         tmp_path: Path) -> None:
    sheet = workbook(tmp_path / "台账.xlsx", office_rows(), merges=OFFICE_MERGES)
    args = ("import", str(sheet), "--meeting", "2024-09-10-hlj", "--repo", str(ledger))
    assert run(*args, *TODAY).exit_code == 0
    before = snapshot(ledger)
    again = run(*args, "--today", "2024-11-25")  # another day: undated notes are not new
    assert again.exit_code == 0, again.output
    assert "新建 0 项，更新 0 项，5 项无变化。" in again.stdout
    assert snapshot(ledger) == before


def test_a_changed_row_updates_its_item_by_the_rules_of_update(
        run: RunCli, tmp_path: Path, write_ledger: WriteLedger) -> None:
    root = write_ledger({}, with_meeting=False)
    repo = Repo(root)
    repo.write("units.yaml", UNITS)
    repo.write("items/2024-09-10-hlj/meeting.yaml", MEETING)
    repo.commit("会议")
    first = workbook(tmp_path / "台账.xlsx", office_rows(), merges=OFFICE_MERGES)
    args = ("--meeting", "2024-09-10-hlj", "--repo", str(root))
    done = run("import", str(first), *args, "--commit", *TODAY)
    assert done.exit_code == 0, done.output
    assert repo.git("log", "--format=%s") == "导入 台账.xlsx：新建 5 项，更新 0 项\n会议\n"
    base = repo.git("rev-parse", "HEAD").strip()

    rows = office_rows()
    rows[4][6] = "2025年3月31日"  # the deadline of 01 moves
    rows[4][8] += "\n2024年11月15日，征求意见。"
    rows[5][7] = "推进中"  # 02 starts
    rows[5][8] = "2024年11月18日，与公安厅对接。"
    changed = workbook(tmp_path / "台账2.xlsx", rows, merges=OFFICE_MERGES)
    before = snapshot(root)
    refused = run("import", str(changed), *args, *TODAY)
    assert refused.exit_code == 1
    assert (f"{changed}:会商事项台账!G5: 完成时限（年月日）: 台账为“2024-12-31”，表中为“2025-03-31”"
            in refused.stderr)
    assert snapshot(root) == before

    done = run("import", str(changed), *args, "--reason", "经第四次会商调整", "--commit", *TODAY)
    assert done.exit_code == 0, done.output
    assert "2024-09-10-hlj-01  更新：进展；完成时限 2024-12-31 → 2025-03-31" in done.stdout
    found = items(root)
    one, two = found["2024-09-10-hlj-01"], found["2024-09-10-hlj-02"]
    assert one.due == dt.date(2025, 3, 31)
    last = one.updates[-1]
    assert (last.date, last.note) == (dt.date(2024, 11, 15), "征求意见。")
    assert [(c.field, c.before, c.after, c.reason) for c in last.changes] == [
        ("due", dt.date(2024, 12, 31), dt.date(2025, 3, 31), "经第四次会商调整")]
    assert two.status == "in_progress" and two.updates[-1].date == dt.date(2024, 11, 18)
    # the import's commit passes the rules a pull request is checked by
    checked = run("check", "--base", base, "--repo", str(root), *TODAY)
    assert checked.exit_code == 0, checked.output
    # and importing the changed sheet again changes nothing
    again = run("import", str(changed), *args, "--reason", "经第四次会商调整", *TODAY)
    assert "新建 0 项，更新 0 项，5 项无变化。" in again.stdout


def test_closing_needs_evidence_and_a_not_started_item_cannot_jump_to_done(
        run: RunCli, ledger: Path, tmp_path: Path) -> None:
    sheet = workbook(tmp_path / "台账.xlsx", office_rows(), merges=OFFICE_MERGES)
    args = ("--meeting", "2024-09-10-hlj", "--repo", str(ledger), *TODAY)
    assert run("import", str(sheet), *args).exit_code == 0
    rows = office_rows()
    rows[5][7] = "已办结"  # 02 was not started
    rows[5][9] = "黑检发〔2024〕5号"
    rows[10][7] = "已办结"  # 06 has no evidence
    again = run("import", str(workbook(tmp_path / "b.xlsx", rows, merges=OFFICE_MERGES)), *args)
    assert again.exit_code == 1
    assert "H6: 落实状态: 不能从未启动直接改为已办结" in again.stderr
    assert "H11: 落实状态: 已办结的事项须有办结依据（办结依据列）" in again.stderr


@pytest.mark.parametrize(("row", "status", "said"), [
    (4, "已终止", "H5: 落实状态: 终止事项须在进展情况列说明理由"),  # 01 is in progress
    (8, "推进中", "H9: 落实状态: 重新打开已办结或已终止的事项，须在进展情况列新增说明理由的进展"),  # 04 is done
])
def test_a_status_change_without_its_reason_is_refused_in_the_sheets_words(
        run: RunCli, ledger: Path, tmp_path: Path, row: int, status: str, said: str) -> None:
    """The lifecycle's rules (edit/lifecycle.py) judge a row as they judge `update`; the
    refusal names the sheet's column to fill, not update's --note."""
    sheet = workbook(tmp_path / "台账.xlsx", office_rows(), merges=OFFICE_MERGES)
    args = ("--meeting", "2024-09-10-hlj", "--repo", str(ledger), *TODAY)
    assert run("import", str(sheet), *args).exit_code == 0
    before = snapshot(ledger)
    rows = office_rows()
    rows[row][7] = status  # no new progress note says why
    again = run("import", str(workbook(tmp_path / "b.xlsx", rows, merges=OFFICE_MERGES)),
                *args, "--commit")
    assert again.exit_code == 1
    assert said in again.stderr
    assert "--note" not in again.stderr
    assert snapshot(ledger) == before


def test_a_row_breaking_two_status_rules_is_told_both(run: RunCli, ledger: Path,
                                                     tmp_path: Path) -> None:
    sheet = workbook(tmp_path / "台账.xlsx", office_rows(), merges=OFFICE_MERGES)
    args = ("--meeting", "2024-09-10-hlj", "--repo", str(ledger), *TODAY)
    assert run("import", str(sheet), *args).exit_code == 0
    rows = office_rows()
    rows[10][7] = "已办结"  # 06 was not started, and there is no evidence
    again = run("import", str(workbook(tmp_path / "b.xlsx", rows, merges=OFFICE_MERGES)), *args)
    assert again.exit_code == 1
    cell = [line.split("!", 1)[1] for line in again.stderr.splitlines() if "!H11:" in line]
    assert cell == ["H11: 落实状态: 不能从未启动直接改为已办结；可改为：推进中、受阻、已终止",
                    "H11: 落实状态: 已办结的事项须有办结依据（办结依据列）"]


def test_a_gb18030_csv_with_a_mapped_column(run: RunCli, ledger: Path, tmp_path: Path) -> None:
    text = ("序号,工作内容,牵头单位,时限,状态\r\n"
            "3,\"联合开展专项检查, 形成报告\",黑龙江高院,2025-1-15,推进中\r\n")
    path = tmp_path / "台账.csv"
    path.write_bytes(text.encode("gb18030"))
    args = ("import", str(path), "--meeting", "2024-09-10-hlj", "--repo", str(ledger), *TODAY)
    unmapped = run(*args)
    assert unmapped.exit_code == 1 and "--map" in unmapped.stderr
    result = run(*args, "--map", "工作内容=title")
    assert result.exit_code == 0, result.output
    item = items(ledger)["2024-09-10-hlj-03"]
    assert (item.title, item.due) == ("联合开展专项检查, 形成报告", dt.date(2025, 1, 15))


def test_the_sheet_is_found_among_others_and_a_two_row_header_is_read(
        run: RunCli, ledger: Path, tmp_path: Path) -> None:
    rows = [["序号", "会商事项", "牵头单位", "责任主体", None, "完成时限"],
            [None, None, None, "责任部门", "责任人", None],
            [1, "共同编发典型案例", "黑龙江高院", "研究室", "赵某", 45747]]  # an unformatted date
    sheet = workbook(tmp_path / "台账.xlsx", rows, merges=("D1:E1", "A1:A2", "B1:B2", "C1:C2",
                                                           "F1:F2"),
                     title="明细", before=["封面"])
    result = run("import", str(sheet), "--meeting", "2024-09-10-hlj", "--repo", str(ledger),
                 *TODAY)
    assert result.exit_code == 0, result.output
    assert "工作表：明细" in result.stderr
    item = items(ledger)["2024-09-10-hlj-01"]
    assert item.owner is not None and (item.owner.division, item.owner.person) == ("研究室", "赵某")
    assert item.due == dt.date(2025, 3, 31)
    picked = run("import", str(sheet), "--sheet", "封面", "--meeting", "2024-09-10-hlj",
                 "--repo", str(ledger), *TODAY)
    assert picked.exit_code == 1 and "未找到表头" in picked.stderr


def test_hostile_cells_are_refused_or_kept_as_text(run: RunCli, ledger: Path,
                                                   tmp_path: Path) -> None:
    rows = [["序号", "会商事项", "牵头单位", "备注"],
            [1, "+cmd|' /C calc'!A0 key: value # not a comment", "黑龙江高院",
             "'; DROP TABLE"]]
    sheet = workbook(tmp_path / "台账.xlsx", rows)
    args = ("--meeting", "2024-09-10-hlj", "--repo", str(ledger), *TODAY)
    result = run("import", str(sheet), *args)
    assert result.exit_code == 0, result.output
    item = items(ledger)["2024-09-10-hlj-01"]
    assert item.title == "+cmd|' /C calc'!A0 key: value # not a comment"
    assert item.notes == "'; DROP TABLE"
    # a control character (Excel will not save one; a CSV can hold it) is refused at its cell
    csv = tmp_path / "台账.csv"
    csv.write_text("序号,会商事项,牵头单位\n2,响铃\x07\x1b[2J字符,黑龙江高院\n", encoding="utf-8")
    refused = run("import", str(csv), *args)
    assert refused.exit_code == 1
    assert f"{csv}:B2: 会商事项:" in refused.stderr and "U+0007" in refused.stderr
    assert "\x07" not in refused.stderr and "\x1b" not in refused.stderr


@pytest.mark.parametrize(("args", "message"), [
    (("--meeting", "2099-01-01-none"), "会议 2099-01-01-none 不存在"),
    ((), "未指定会议"),
    (("--map", "工作内容"), "--map 应写作 列名=字段"),
    (("--meeting", "2024-09-10-hlj", "--map", "牵头单位=notes"), "没有“牵头单位”列"),
])
def test_clear_errors_for_the_whole_import(run: RunCli, ledger: Path, tmp_path: Path,
                                           args: tuple[str, ...], message: str) -> None:
    sheet = workbook(tmp_path / "台账.xlsx", office_rows(), merges=OFFICE_MERGES)
    result = run("import", str(sheet), "--repo", str(ledger), *args, *TODAY)
    assert result.exit_code in (1, 2)
    assert message in result.output
    assert "Traceback" not in result.output


def test_files_that_are_no_spreadsheet(run: RunCli, ledger: Path, tmp_path: Path) -> None:
    broken = tmp_path / "台账.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    result = run("import", str(broken), "--meeting", "2024-09-10-hlj", "--repo", str(ledger))
    assert result.exit_code == 1 and "无法读取" in result.stderr
    other = tmp_path / "台账.docx"
    other.write_bytes(b"")
    result = run("import", str(other), "--meeting", "2024-09-10-hlj", "--repo", str(ledger))
    assert result.exit_code == 2 and ".xlsx" in result.stderr


def test_json_output_for_scripts(run: RunCli, ledger: Path, tmp_path: Path) -> None:
    import json

    sheet = workbook(tmp_path / "台账.xlsx", office_rows(), merges=OFFICE_MERGES)
    result = run("import", str(sheet), "--meeting", "2024-09-10-hlj", "--repo", str(ledger),
                 "--format", "json", "--dry-run", *TODAY)
    payload = json.loads(result.stdout)
    assert payload["ok"] is True and payload["dry_run"] is True
    assert [r["action"] for r in payload["rows"]] == ["new"] * 5
    assert payload["paths"][0] == "items/2024-09-10-hlj/2024-09-10-hlj-01.yaml"


def test_the_python_module_runs_the_import(ledger: Path, tmp_path: Path) -> None:
    import sys

    sheet = workbook(tmp_path / "台账.xlsx", office_rows(), merges=OFFICE_MERGES)
    done = subprocess.run([sys.executable, "-m", "huishang", "import", str(sheet), "--meeting",
                           "2024-09-10-hlj", "--repo", str(ledger), "--dry-run", *TODAY],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_a_file_changed_after_the_sheet_was_judged_stops_every_write(
        ledger: Path, tmp_path: Path) -> None:
    """The import is judged under the lock; should a file change anyway before the writes,
    nothing is written, not even the rows that did not touch it."""
    from huishang.edit import changes
    from huishang.errors import HuishangError
    from huishang.exchange.importer import Options, import_sheet

    sheet = workbook(tmp_path / "台账.xlsx", office_rows(), merges=OFFICE_MERGES)
    options = Options(meeting="2024-09-10-hlj", today=dt.date(2024, 11, 20), lang="zh")
    changes.write_all(import_sheet(load_ledger(ledger), sheet, options).changes)
    rows = office_rows()
    rows[4][8] += "\n2024年11月19日，再次研究。"  # 01 gains a note
    rows.append([7, "新增事项", "黑龙江高院"])  # and a new item
    outcome = import_sheet(load_ledger(ledger), workbook(tmp_path / "b.xlsx", rows), options)
    assert [c.rel.rsplit("-", 1)[1] for c in outcome.changes] == ["01.yaml", "07.yaml"]
    first = outcome.changes[0].path
    first.write_text(first.read_text(encoding="utf-8") + "notes: 他人刚刚改过\n",
                     encoding="utf-8")
    before = snapshot(ledger)
    with pytest.raises(HuishangError) as refused:
        changes.write_all(outcome.changes)
    assert refused.value.code == "write.changed_meanwhile"
    assert snapshot(ledger) == before
    assert not any(p.name.endswith(".tmp") for p in ledger.rglob("*"))


def test_without_numbers_rows_match_by_title_and_new_items_take_the_next_number(
        run: RunCli, ledger: Path, tmp_path: Path) -> None:
    sheet = workbook(tmp_path / "台账.xlsx", office_rows(), merges=OFFICE_MERGES)
    args = ("--meeting", "2024-09-10-hlj", "--repo", str(ledger), *TODAY)
    assert run("import", str(sheet), *args).exit_code == 0  # numbers 01 02 04 05 06
    rows = [["会商事项", "牵头单位", "进展情况"],
            ["共同编发典型案例", "黑龙江高院", None],  # 06, by its title
            ["联合培训", "黑龙江省检察院", "已制定培训方案"],  # new: 07
            ["联合调研", "黑龙江省检察院", None]]  # new: 08
    result = run("import", str(workbook(tmp_path / "b.xlsx", rows)), *args,
                 "--date", "2024年11月1日")
    assert result.exit_code == 0, result.output
    assert "新建 2 项，更新 0 项，1 项无变化。" in result.stdout
    found = items(ledger)
    assert (found["2024-09-10-hlj-07"].title, found["2024-09-10-hlj-08"].title) == (
        "联合培训", "联合调研")
    # an undated note takes --date
    assert [(u.date, u.note) for u in found["2024-09-10-hlj-07"].updates] == [
        (dt.date(2024, 11, 1), "已制定培训方案")]


def test_undated_progress_before_the_meeting_is_refused_and_notes_end_in_date_order(
        run: RunCli, ledger: Path, tmp_path: Path) -> None:
    rows = [["序号", "会商事项", "牵头单位", "进展情况"],
            [1, "联合培训", "黑龙江高院", "已制定方案"],
            [2, "联合调研", "黑龙江高院", "已完成调研\n2024年10月9日，召开座谈会"]]
    sheet = workbook(tmp_path / "台账.xlsx", rows)
    args = ("import", str(sheet), "--meeting", "2024-09-10-hlj", "--repo", str(ledger), *TODAY)
    early = run(*args, "--date", "2024-09-01")  # the meeting was on 2024-09-10
    assert early.exit_code == 1
    assert "会商事项台账!D2: 进展情况: 进展日期 2024-09-01 早于会议日期 2024-09-10" in early.stderr
    # the undated note, dated by --date, falls before the dated one: files keep date order
    done = run(*args, "--date", "2024-10-01")
    assert done.exit_code == 0, done.output
    assert [(u.date, u.note) for u in items(ledger)["2024-09-10-hlj-02"].updates] == [
        (dt.date(2024, 10, 1), "已完成调研"), (dt.date(2024, 10, 9), "召开座谈会")]


def test_dry_run_shows_how_every_value_was_read(run: RunCli, ledger: Path,
                                                tmp_path: Path) -> None:
    import json

    rows = office_rows()
    rows[5][6] = "2025年第三季度"
    rows[5][8] = "10月22日，与公安厅对接。"
    sheet = workbook(tmp_path / "台账.xlsx", rows, merges=OFFICE_MERGES)
    args = ("import", str(sheet), "--meeting", "2024-09-10-hlj", "--repo", str(ledger),
            "--dry-run", *TODAY)
    result = run(*args)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    second = lines.index(f"2024-09-10-hlj-02  新建  {sheet}:会商事项台账!A6")
    assert lines[second + 1:second + 7] == [
        "  C6 牵头单位：“黑龙江省检察院” → 黑龙江省人民检察院",
        "  D6 配合单位：“黑龙江高院、黑龙江省公安厅” → 黑龙江省高级人民法院、黑龙江省公安厅",
        "  A4 所属方面：“一、刑事审判与检察衔接” → H1 刑事审判与检察衔接",
        "  G6 完成时限（年月日）：“2025年第三季度” → 2025-09-30",
        "  I6 进展情况：“10月22日，与公安厅对接。” → 2024-10-22（据文中日期）",
        "2024-09-10-hlj-04  新建  " + f"{sheet}:会商事项台账!A9"]
    assert "  H10 落实状态：“进行中” → 推进中" in lines  # a value copied as written is not shown
    assert "  G10 完成时限（年月日）：“长期坚持” → 无完成时限" in lines
    assert "  I10 进展情况：“每季度召开一次研讨会” → 2024-11-20（未注明日期，按 --date 或今天）" in lines
    payload = json.loads(run(*args, "--format", "json").stdout)
    readings = payload["rows"][1]["readings"]
    assert readings[3] == {"cell": f"{sheet}:会商事项台账!G6", "field": "完成时限（年月日）",
                           "text": "2025年第三季度", "value": "2025-09-30", "how": None}
    assert (readings[4]["value"], readings[4]["how"]) == ("2024-10-22", "text")
    english = json.loads(run(*args, "--format", "json", "--lang", "en").stdout)
    note = [g for g in english["rows"][1]["readings"] if g["cell"] == readings[4]["cell"]]
    assert note == [{**readings[4], "field": "进展情况"}]  # the same date, the same how
