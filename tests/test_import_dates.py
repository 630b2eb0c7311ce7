"""Feedback read on the right day: the date of each progress entry as units write it in a
sheet (with or without a year, a month, a third of a month), before a 进展日期 cell that
may be stale, before --date; impossible dates refused at their cell."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import HN, RunCli, WriteLedger
from conftest import HN_MEETING as MEETING
from conftest import HN_UNITS as UNITS
from test_import import items, snapshot, workbook

M = HN


@pytest.fixture
def ledger(write_ledger: WriteLedger) -> Path:
    return write_ledger({"units.yaml": UNITS, f"items/{M}/meeting.yaml": MEETING},
                        with_meeting=False)


def sheet(path: Path, rows: list[list[Any]], header: tuple[str, ...] = (
        "序号", "会商事项", "牵头单位", "落实状态", "最新进展", "进展日期", "办结依据"),
          above: tuple[list[Any], ...] = ()) -> Path:
    return workbook(path, [*above, list(header), *rows])


def dates(root: Path, number: int) -> list[tuple[dt.date, str]]:
    return [(u.date, u.note) for u in items(root)[f"{M}-{number:02d}"].updates]


def test_dates_without_a_year_or_a_day_are_read_as_written(
        run: RunCli, ledger: Path, tmp_path: Path) -> None:
    rows = [[1, "联合制定量刑指引", "省法院", "推进中",
             "4月22日，成立起草小组。\n2024年4月，联合开展调研。\n5月中旬，召开座谈会。\n"
             "6月底，形成初稿。\n3月，启动工作。", None, None],
            [2, "建立信息共享平台", "省检察院", "推进中", "5月上旬，完成需求分析。\n"
             "6月下旬，完成招标。", None, None]]
    path = sheet(tmp_path / "台账.xlsx", rows)
    result = run("import", str(path), "--meeting", M, "--repo", str(ledger),
                 "--today", "2024-07-05")
    assert result.exit_code == 0, result.output
    assert dates(ledger, 1) == [
        (dt.date(2024, 3, 12), "启动工作。"),  # 3月 holds the meeting's day: from then
        (dt.date(2024, 4, 1), "联合开展调研。"),  # a month: its first day
        (dt.date(2024, 4, 22), "成立起草小组。"),
        (dt.date(2024, 5, 11), "召开座谈会。"),  # 中旬: the 11th
        (dt.date(2024, 6, 30), "形成初稿。")]  # 月底: the last day
    assert dates(ledger, 2) == [(dt.date(2024, 5, 1), "完成需求分析。"),
                                (dt.date(2024, 6, 21), "完成招标。")]
    assert "未注明日期" not in result.stdout


def test_a_missing_year_is_the_latest_since_the_meeting(
        run: RunCli, ledger: Path, tmp_path: Path) -> None:
    rows = [[1, "联合制定量刑指引", "省法院", "推进中",
             "12月5日，征求意见。\n1月8日，修改完善。\n3月，再次调研。", None, None]]
    path = sheet(tmp_path / "台账.xlsx", rows)
    result = run("import", str(path), "--meeting", M, "--repo", str(ledger),
                 "--today", "2025-01-20")
    assert result.exit_code == 0, result.output
    assert dates(ledger, 1) == [(dt.date(2024, 3, 12), "再次调研。"),
                                (dt.date(2024, 12, 5), "征求意见。"),
                                (dt.date(2025, 1, 8), "修改完善。")]


def test_a_forms_period_gives_the_missing_year(run: RunCli, ledger: Path,
                                               tmp_path: Path) -> None:
    rows = [[1, "联合制定量刑指引", "省法院", "推进中", "8月20日，印发指引。", None, None]]
    above = (["河南省两院会商事项落实情况填报表"], ["填报期间：2024年8月"])
    args = ("--meeting", M, "--repo", str(ledger), "--today", "2025-08-25")
    form = sheet(tmp_path / "填报表.xlsx", rows, above=above)
    assert run("import", str(form), *args).exit_code == 0
    assert dates(ledger, 1) == [(dt.date(2024, 8, 20), "印发指引。")]  # the form's August
    plain = sheet(tmp_path / "台账.xlsx", [[2, *rows[0][1:]]])
    assert run("import", str(plain), *args).exit_code == 0
    assert dates(ledger, 2) == [(dt.date(2025, 8, 20), "印发指引。")]  # the latest August


def test_two_dated_lines_beside_a_date_column_are_two_updates(
        run: RunCli, ledger: Path, tmp_path: Path) -> None:
    rows = [[1, "联合制定量刑指引", "省法院", "推进中",
             "2024年4月3日，成立起草小组。\n5月中旬，召开座谈会。\n征求各方意见。",
             dt.datetime(2024, 6, 12), None],
            [2, "建立信息共享平台", "省检察院", "推进中", "完成需求分析。",
             dt.datetime(2024, 6, 12), None]]
    path = sheet(tmp_path / "台账.xlsx", rows)
    result = run("import", str(path), "--meeting", M, "--repo", str(ledger),
                 "--today", "2024-07-05")
    assert result.exit_code == 0, result.output
    assert dates(ledger, 1) == [(dt.date(2024, 4, 3), "成立起草小组。"),
                                (dt.date(2024, 5, 11), "召开座谈会。\n征求各方意见。")]
    assert dates(ledger, 2) == [(dt.date(2024, 6, 12), "完成需求分析。")]  # the cell's date


def test_a_stale_progress_date_never_overrides_the_text_nor_dates_the_closing(
        run: RunCli, ledger: Path, tmp_path: Path) -> None:
    args = ("--meeting", M, "--repo", str(ledger))
    first = sheet(tmp_path / "台账.xlsx", [[1, "联合发布典型案例", "省法院", "推进中",
                                          "2024年6月12日，征集案例。", None, None]])
    assert run("import", str(first), *args, "--today", "2024-07-05").exit_code == 0
    filled = sheet(tmp_path / "填报表.xlsx", [[1, "联合发布典型案例", "省法院", "已办结",
                                            "2024年8月20日，两院联合发布典型案例。",
                                            dt.datetime(2024, 6, 12), "豫法〔2024〕30号"]])
    result = run("import", str(filled), *args, "--today", "2024-09-03")
    assert result.exit_code == 0, result.output
    item = items(ledger)[f"{M}-01"]
    assert [u.date for u in item.updates] == [dt.date(2024, 6, 12), dt.date(2024, 8, 20)]
    assert (item.status, item.done_on) == ("done", dt.date(2024, 8, 20))


def test_a_closing_dates_its_done_on_by_the_closing_entry_or_its_cell(
        run: RunCli, ledger: Path, tmp_path: Path) -> None:
    rows = [[1, "联合发布典型案例", "省法院", "已办结", "7月2日，印发通知。", None, "豫法〔2024〕30号",
             None],
            [2, "建立信息共享平台", "省检察院", "已办结", "6月底，平台上线。", None, "平台验收报告",
             "2024年7月1日"]]
    path = sheet(tmp_path / "台账.xlsx", rows, header=(
        "序号", "会商事项", "牵头单位", "落实状态", "最新进展", "进展日期", "办结依据", "办结日期"))
    result = run("import", str(path), "--meeting", M, "--repo", str(ledger),
                 "--today", "2024-07-05")
    assert result.exit_code == 0, result.output
    found = items(ledger)
    assert found[f"{M}-01"].done_on == dt.date(2024, 7, 2)
    assert found[f"{M}-02"].done_on == dt.date(2024, 7, 1)


def test_undated_progress_is_named_in_the_report(run: RunCli, ledger: Path,
                                                 tmp_path: Path) -> None:
    rows = [[1, "联合制定量刑指引", "省法院", "推进中", "已形成初稿", None, None]]
    path = sheet(tmp_path / "台账.xlsx", rows, header=(
        "序号", "会商事项", "牵头单位", "落实状态", "最新进展"))
    args = ("import", str(path), "--meeting", M, "--repo", str(ledger), "--today", "2024-07-05")
    shown = run(*args, "--dry-run", "--format", "json")
    assert json.loads(shown.stdout)["rows"][0]["undated"] == [
        {"date": "2024-07-05", "note": "已形成初稿"}]  # today
    result = run(*args, "--date", "2024-07-01")
    assert result.exit_code == 0, result.output
    assert "  进展未注明日期，记为 2024-07-01：已形成初稿" in result.stdout.splitlines()
    assert dates(ledger, 1) == [(dt.date(2024, 7, 1), "已形成初稿")]


@pytest.mark.parametrize(("note", "message"), [
    ("2024年13月1日，召开会议。", "进展开头的日期“2024年13月1日”不存在"),
    ("2月30日，召开会议。", "进展开头的日期“2月30日”不存在"),
    ("8月5日，召开会议。", "无法确定“8月5日”的年份"),  # no 8月5日 since the meeting
])
def test_a_date_that_cannot_be_read_is_refused_at_its_cell(
        run: RunCli, ledger: Path, tmp_path: Path, note: str, message: str) -> None:
    rows = [[1, "联合制定量刑指引", "省法院", "推进中", "已成立起草小组", None, None],
            [2, "建立信息共享平台", "省检察院", "推进中", f"2024年4月1日，启动。\n{note}", None,
             None]]
    path = sheet(tmp_path / "台账.xlsx", rows)
    before = snapshot(ledger)
    result = run("import", str(path), "--meeting", M, "--repo", str(ledger),
                 "--today", "2024-07-05")
    assert result.exit_code == 1
    assert f"{path}:会商事项台账!E3: 最新进展: {message}" in result.stderr
    assert snapshot(ledger) == before


FORM = ("序号", "会商事项", "牵头单位", "落实状态", "本期进展", "进展日期", "办结依据")
ABOVE = (["河南省两院会商事项落实情况填报表"], ["填报期间：2024年6月"])


def test_two_forms_about_one_item_are_merged_by_date(run: RunCli, ledger: Path,
                                                     tmp_path: Path) -> None:
    court = sheet(tmp_path / "省法院.xlsx", [
        [1, "联合制定量刑指引", "省法院", "推进中", "6月5日，形成初稿。", None, None],
        [2, "建立信息共享平台", "省检察院", None, "6月3日，提供接口文档。", None, None]],
        header=FORM, above=ABOVE)
    procuratorate = sheet(tmp_path / "省检察院.xlsx", [
        [1, "联合制定量刑指引", "省法院", None, "6月10日，反馈修改意见。", None, None],
        [2, "建立信息共享平台", "省检察院", "已办结", "6月28日，平台上线运行。", None, "验收报告"]],
        header=FORM, above=ABOVE)
    args = ("--meeting", M, "--repo", str(ledger), "--today", "2024-07-03")
    result = run("import", str(court), str(procuratorate), *args)
    assert result.exit_code == 0, result.output
    assert f"读取 {procuratorate}（工作表：会商事项台账）" in result.stderr
    assert result.stdout.splitlines()[0] == (
        f"{M}-01  新建  {court}:会商事项台账!A4（与 {procuratorate}:会商事项台账!A4 合并）")
    assert dates(ledger, 1) == [(dt.date(2024, 6, 5), "形成初稿。"),
                                (dt.date(2024, 6, 10), "反馈修改意见。")]
    second = items(ledger)[f"{M}-02"]
    assert [u.date for u in second.updates] == [dt.date(2024, 6, 3), dt.date(2024, 6, 28)]
    assert (second.status, second.done_on, second.evidence) == (
        "done", dt.date(2024, 6, 28), ["验收报告"])
    # the same two forms again change nothing
    again = run("import", str(court), str(procuratorate), *args)
    assert "新建 0 项，更新 0 项，2 项无变化。" in again.stdout


def test_two_statuses_the_same_day_are_refused_naming_both_cells(
        run: RunCli, ledger: Path, tmp_path: Path) -> None:
    court = sheet(tmp_path / "省法院.xlsx", [
        [1, "联合制定量刑指引", "省法院", "推进中", "6月5日，形成初稿。", None, None]],
        header=FORM, above=ABOVE)
    procuratorate = sheet(tmp_path / "省检察院.xlsx", [
        [1, "联合制定量刑指引", "省法院", "受阻", "6月5日，意见分歧较大。", None, None],
        [2, "建立信息共享平台", "省检察院", "推进中", "6月3日，提供接口文档。", None, None]],
        header=FORM, above=ABOVE)
    before = snapshot(ledger)
    result = run("import", str(court), str(procuratorate), "--meeting", M, "--repo",
                 str(ledger), "--today", "2024-07-03")
    assert result.exit_code == 1
    assert (f"{procuratorate}:会商事项台账!D4: 落实状态: 与 {court}:会商事项台账!D4 同日"
            f"（2024-06-05）报送的落实状态矛盾：该处为推进中，此处为受阻") in result.stderr
    assert snapshot(ledger) == before  # the other form's good row is not written either


def test_a_late_forms_older_status_does_not_overwrite_a_newer_one(
        run: RunCli, ledger: Path, tmp_path: Path) -> None:
    july = (["河南省两院会商事项落实情况填报表"], ["填报期间：2024年7月"])
    newer = sheet(tmp_path / "省检察院.xlsx", [
        [1, "联合制定量刑指引", "省法院", "推进中", "2024年7月5日，形成初稿。", None, None]],
        header=FORM, above=july)
    older = sheet(tmp_path / "省法院.xlsx", [
        [1, "联合制定量刑指引", "省法院", "受阻", "2024年7月2日，意见分歧较大。", None, None]],
        header=FORM, above=july)
    args = ("--meeting", M, "--repo", str(ledger), "--today", "2024-07-10")
    assert run("import", str(newer), *args).exit_code == 0
    before = snapshot(ledger)
    result = run("import", str(older), *args)
    assert result.exit_code == 1
    assert (f"{older}:会商事项台账!D4: 落实状态: 此落实状态所据进展为 2024-07-02，早于事项已记录的 "
            "2024-07-05 进展") in result.stderr
    assert snapshot(ledger) == before
    english = run("import", str(older), *args, "--lang", "en")
    assert "status goes with progress of 2024-07-02, before the item's note of 2024-07-05" \
        in english.stderr


def test_a_recorded_note_that_starts_with_a_date_reads_back_unchanged(
        run: RunCli, write_ledger: WriteLedger, tmp_path: Path) -> None:
    """A note written with `update` may itself start with a date ("5月中旬，…"); the exported
    workbook, imported again, is still the same note, not a new one."""
    root = write_ledger({"units.yaml": UNITS, f"items/{M}/meeting.yaml": MEETING,
                         f"items/{M}/{M}-01.yaml": (
                             f"id: {M}-01\ntitle: 联合制定量刑指引\nlead: 河南省高级人民法院\n"
                             "status: in_progress\nupdates:\n  - date: 2024-06-03\n"
                             "    note: 5月中旬，召开座谈会。\n")}, with_meeting=False)
    at = ("--repo", str(root), "--today", "2024-07-05")
    book = tmp_path / "导出.xlsx"
    assert run("export", "--xlsx", "-o", str(book), *at).exit_code == 0
    before = snapshot(root)
    again = run("import", str(book), *at)
    assert again.exit_code == 0, again.output
    assert "新建 0 项，更新 0 项，1 项无变化。" in again.stdout
    assert snapshot(root) == before
