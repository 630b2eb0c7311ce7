"""`export --form`: the 填报表 sent to units (下发), read as an office opens it (openpyxl);
then the whole monthly cycle: two units fill their forms (填报), the clerk imports both at
once (汇总), and the month's bulletin shows exactly their progress on their days (通报)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from conftest import HN, Repo, RunCli, WriteLedger
from conftest import HN_MEETING as MEETING
from conftest import HN_UNITS as UNITS
from test_import import items, snapshot

from huishang.views.item_columns import ItemColumn, register, unregister

M = HN
ITEMS = {
    "01": ("A1", "联合制定量刑指引", "河南省高级人民法院", "[]", "2024-12-31",
           "updates:\n  - date: 2024-06-12\n    note: 成立起草小组。\n"),
    "02": ("A1", "统一类案证据标准", "河南省人民检察院", "[]", "2024-10-31", ""),
    "03": ("A2", "建立信息共享平台", "河南省高级人民法院", "[河南省人民检察院]", "2025-06-30", ""),
    "04": ("A2", "推进卷宗电子化移送", "河南省人民检察院", "[]", "2024-05-31",
           "done_on: 2024-05-20\nevidence: [验收报告]\n"),
}
TODAY = ("--today", "2024-08-20")


def item_text(number: str) -> str:
    aspect, title, lead, partners, due, rest = ITEMS[number]
    status = "done" if "done_on" in rest else "in_progress"
    return (f"id: {M}-{number}\naspect: {aspect}\ntitle: {title}\nlead: {lead}\n"
            f"partners: {partners}\ndue: {due}\nstatus: {status}\n{rest}")


@pytest.fixture
def repo(write_ledger: WriteLedger) -> Repo:
    root = write_ledger({}, with_meeting=False)
    repo = Repo(root)
    repo.write("units.yaml", UNITS)
    repo.write(f"items/{M}/meeting.yaml", MEETING)
    for number in ITEMS:
        repo.write(f"items/{M}/{M}-{number}.yaml", item_text(number))
    repo.commit("会议及议定事项", date="2024-03-15")
    return repo


def rows_of(path: Path) -> list[tuple[Any, ...]]:
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    return list(sheet.iter_rows(values_only=True))


def test_the_form_has_the_offices_layout_locked_fields_and_a_hidden_id(
        run: RunCli, repo: Repo, tmp_path: Path) -> None:
    out = tmp_path / "填报表.xlsx"
    result = run("export", "--form", "--period", "2024-08", "-o", str(out), "--repo",
                 str(repo.root), *TODAY)
    assert result.exit_code == 0, result.output
    assert "已写出填报表" in result.stderr and "3 项（2024年8月）" in result.stderr
    book = openpyxl.load_workbook(out)
    sheet = book.active
    assert sheet is not None and sheet.title == "填报表"
    rows = [r for r in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "河南省两院第一次工作交流会商会议定事项落实情况填报表（2024年8月）"
    assert rows[1][0] == "填报期间：2024年8月　　填报单位：＿＿＿＿＿＿"
    assert rows[2] == ("序号", "会商事项", "牵头单位", "配合单位", "责任部门", "责任人", "完成时限",
                       "上期进展", "本期进展", "进展日期", "落实状态", "办结依据", "办结日期", "调整事项",
                       "调整理由", "事项编号", "会议编号", "所属方面")
    # headings as in the minutes, items under them; 04 is closed and left out
    assert [r[0] for r in rows[3:]] == ["一、共同提升审判和检察工作质效", 1, 2,
                                        "二、共同加强技术支撑保障", 3]
    first = rows[4]
    assert first[1:3] == ("联合制定量刑指引", "河南省高级人民法院")
    assert first[6] == dt.datetime(2024, 12, 31)
    assert first[7] == "2024-06-12 成立起草小组。"
    assert first[8:15] == (None,) * 7
    assert first[15:] == (f"{M}-01", M, "A1")
    # the agreed fields are locked, the input columns open; no password is needed
    assert sheet.protection.sheet is True and not sheet.protection.password
    assert sheet["B5"].protection.locked is True
    assert all(sheet.cell(5, c).protection.locked is False for c in range(9, 16))
    hidden = {n for d in sheet.column_dimensions.values() if d.hidden
              for n in range(d.min or 0, (d.max or 0) + 1)}
    assert hidden == {16, 17, 18}  # P Q R: the id, the meeting, the aspect
    statuses = [v for v in sheet.data_validations.dataValidation if v.type == "list"]
    assert statuses[0].formula1 == '"未启动,推进中,受阻,已办结,已终止"'
    assert "K4:K8" in str(statuses[0].sqref)
    # A4 landscape, the header repeated on every page, fit to the page's width
    assert (sheet.page_setup.orientation, sheet.page_setup.paperSize) == ("landscape", 9)
    assert sheet.print_title_rows == "$3:$3"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert sheet.page_setup.fitToWidth in (None, 1) and sheet.page_setup.fitToHeight == 0
    widths = sum(sheet.column_dimensions[openpyxl.utils.get_column_letter(c)].width
                 for c in range(1, 16))
    # 168 characters (186 as stored, with each cell's padding) print at about 85% on A4
    # landscape: the 10.5 pt text is about 9 pt on paper
    assert widths <= 190


def test_a_units_form_has_its_items_and_names_it(run: RunCli, repo: Repo,
                                                 tmp_path: Path) -> None:
    out = tmp_path / "省检察院.xlsx"
    result = run("export", "--form", "--unit", "省检察院", "-o", str(out), "--repo",
                 str(repo.root), *TODAY)  # the period: this month
    assert result.exit_code == 0, result.output
    rows = rows_of(out)
    assert rows[1][0] == "填报期间：2024年8月　　填报单位：河南省人民检察院"
    assert [r[15] for r in rows[3:] if r[15]] == [f"{M}-02", f"{M}-03"]  # lead, partner
    bad = run("export", "--form", "--period", "2024-13", "-o", str(out), "--repo",
              str(repo.root), *TODAY)
    assert bad.exit_code == 2 and "2024-13" in bad.output


@pytest.mark.parametrize(("month", "ok"), [
    ("2024-8", True), ("2024-08", True), (" 2024-08 ", True), ("２０２４-０８", True),
    ("2024-13", False), ("2024-0", False), ("24-8", False), ("2024-08-01", False),
    ("2024/08", False)])
def test_the_form_and_the_bulletin_read_a_month_alike(
        run: RunCli, repo: Repo, tmp_path: Path, month: str, ok: bool) -> None:
    root = ("--repo", str(repo.root), *TODAY)
    form = run("export", "--form", "--period", month, "-o", str(tmp_path / "f.xlsx"), *root)
    bulletin = run("bulletin", "--month", month, "--no-history", *root)
    assert (form.exit_code, bulletin.exit_code) == ((0, 0) if ok else (2, 2)), (
        form.output + bulletin.output)
    if ok:
        assert rows_of(tmp_path / "f.xlsx")[1][0].startswith("填报期间：2024年8月")
        assert "2024年8月" in bulletin.stdout
    else:
        assert f"“{month}”不是 YYYY-MM 格式的月份" in form.output + bulletin.output


def test_the_last_progress_is_the_latest_by_date(run: RunCli, repo: Repo,
                                                 tmp_path: Path) -> None:
    late = "  - date: 2024-06-01\n    note: 配合单位反馈意见。\n"  # added later, dated earlier
    repo.write(f"items/{M}/{M}-01.yaml", item_text("01") + late)
    out = tmp_path / "填报表.xlsx"
    done = run("export", "--form", "--period", "2024-08", "-o", str(out), "--repo",
               str(repo.root), *TODAY)
    assert done.exit_code == 0, done.output
    assert rows_of(out)[4][7] == "2024-06-12 成立起草小组。"


def fill(path: Path, by_id: dict[str, dict[int, Any]], *, reverse: bool = False) -> None:
    """Write into a form as a unit does: cells by column number (1-based) for each item's
    row, found by its hidden id; `reverse` re-sorts the item rows first."""
    book = openpyxl.load_workbook(path)
    sheet = book.active
    assert sheet is not None
    item_rows = [r for r in range(4, sheet.max_row + 1) if sheet.cell(r, 16).value]
    if reverse:  # the unit sorts its rows by hand: whole rows change places
        values = [[sheet.cell(r, c).value for c in range(1, 19)] for r in item_rows]
        for r, row in zip(item_rows, reversed(values), strict=True):
            for c, value in enumerate(row, start=1):
                sheet.cell(r, c).value = value
    for r in item_rows:
        for column, value in by_id.get(sheet.cell(r, 16).value, {}).items():
            sheet.cell(r, column).value = value
    book.save(path)


PROGRESS, DATE, STATUS, EVIDENCE = 9, 10, 11, 12


def test_the_monthly_cycle_export_fill_import_bulletin(run: RunCli, repo: Repo,
                                                       tmp_path: Path) -> None:
    root = str(repo.root)
    court, procuratorate = tmp_path / "省法院.xlsx", tmp_path / "省检察院.xlsx"
    for unit, out in (("省法院", court), ("省检察院", procuratorate)):
        done = run("export", "--form", "--unit", unit, "--period", "2024-08", "-o", str(out),
                   "--repo", root, *TODAY)
        assert done.exit_code == 0, done.output
    fill(court, {
        f"{M}-01": {PROGRESS: "8月5日，召开起草小组会议。\n8月20日，形成征求意见稿。",
                    DATE: dt.datetime(2024, 6, 12)},  # a stale date beside the text
        f"{M}-03": {PROGRESS: "8月12日，提供接口文档。"}}, reverse=True)
    fill(procuratorate, {
        f"{M}-02": {PROGRESS: "2024年8月16日，印发实施意见。", STATUS: "已办结",
                    EVIDENCE: "豫检发〔2024〕12号"},
        f"{M}-03": {PROGRESS: "8月下旬，联合召开推进会。"}})
    before = snapshot(repo.root)
    args = ("import", str(court), str(procuratorate), "--repo", root, "--today", "2024-09-02")
    shown = run(*args, "--dry-run")
    assert shown.exit_code == 0, shown.output
    assert snapshot(repo.root) == before
    done = run(*args)
    assert done.exit_code == 0, done.output
    assert "新建 0 项，更新 3 项，0 项无变化。" in done.stdout
    repo.commit("汇总8月填报表", date="2024-09-02")
    found = items(repo.root)
    assert [(u.date, u.note) for u in found[f"{M}-01"].updates] == [
        (dt.date(2024, 6, 12), "成立起草小组。"), (dt.date(2024, 8, 5), "召开起草小组会议。"),
        (dt.date(2024, 8, 20), "形成征求意见稿。")]
    assert [(u.date, u.note) for u in found[f"{M}-03"].updates] == [
        (dt.date(2024, 8, 12), "提供接口文档。"), (dt.date(2024, 8, 21), "联合召开推进会。")]
    closed = found[f"{M}-02"]
    assert (closed.status, closed.done_on) == ("done", dt.date(2024, 8, 16))

    bulletin = run("bulletin", "--month", "2024-08", "--repo", root, "--today", "2024-09-02")
    assert bulletin.exit_code == 0, bulletin.output
    text = bulletin.stdout
    for line in ("2024.08.05，召开起草小组会议；2024.08.20，形成征求意见稿。",
                 "2024.08.12，提供接口文档；2024.08.21，联合召开推进会。"):
        assert text.count(line) == 1, line
    assert "06.12" not in text  # June's note is not August's progress
    assert "统一类案证据标准" in text  # closed in August


def test_a_returned_form_cannot_create_items(run: RunCli, repo: Repo,
                                             tmp_path: Path) -> None:
    out = tmp_path / "填报表.xlsx"
    done = run("export", "--form", "--period", "2024-08", "-o", str(out), "--repo",
               str(repo.root), *TODAY)
    assert done.exit_code == 0, done.output
    fill(out, {f"{M}-02": {16: f"{M}-99", PROGRESS: "8月16日，印发实施意见。"}})
    before = snapshot(repo.root)
    result = run("import", str(out), "--repo", str(repo.root), "--today", "2024-09-02")
    assert result.exit_code == 1
    assert f"填报表!P6: 事项编号: 台账中没有事项 {M}-99：填报表只填报已有事项" in result.output
    assert snapshot(repo.root) == before


def test_an_english_form_reads_back_with_its_period(run: RunCli, repo: Repo,
                                                    tmp_path: Path) -> None:
    out = tmp_path / "form.xlsx"
    done = run("export", "--form", "--period", "2024-08", "-o", str(out), "--lang", "en",
               "--repo", str(repo.root), *TODAY)
    assert done.exit_code == 0, done.output
    rows = rows_of(out)
    assert rows[1][0].startswith("Period: 2024-08")
    assert rows[2][8] == "Progress this period" and rows[3][0] == "1. 共同提升审判和检察工作质效"
    fill(out, {f"{M}-01": {PROGRESS: "8月5日，召开起草小组会议。"}})
    # imported a year later, the note is still the form's August
    result = run("import", str(out), "--repo", str(repo.root), "--today", "2025-09-02")
    assert result.exit_code == 0, result.output
    assert items(repo.root)[f"{M}-01"].updates[-1].date == dt.date(2024, 8, 5)


def test_the_whole_form_cell_by_cell(run: RunCli, repo: Repo, tmp_path: Path) -> None:
    """Every cell of the form a unit receives, each column's width and which are hidden:
    units named as the minutes name them (short names, joint leads), no partners as an
    empty cell, the latest note of work (not a change's reason) as the progress so far."""
    repo.write(f"items/{M}/{M}-02.yaml", item_text("02").replace(
        "lead: 河南省人民检察院", "lead: [省检察院, 省法院]") + "owner: {division: 研究室}\n")
    repo.write(f"items/{M}/{M}-03.yaml", item_text("03").replace("2025-06-30", "2025-09-30")
               + "owner: {division: 技术处, person: 王五}\nupdates:\n  - date: 2024-07-01\n"
               "    note: 需经省委政法委审议\n    changes:\n      - {field: due, before: "
               "2025-06-30, after: 2025-09-30, reason: 需经省委政法委审议}\n")
    out = tmp_path / "填报表.xlsx"
    done = run("export", "--form", "--period", "2024-08", "-o", str(out), "--repo",
               str(repo.root), *TODAY)
    assert done.exit_code == 0, done.output
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    blank = (None,) * 17
    assert rows[:2] == [("河南省两院第一次工作交流会商会议定事项落实情况填报表（2024年8月）", *blank),
                        ("填报期间：2024年8月　　填报单位：＿＿＿＿＿＿", *blank)]
    assert rows[2] == ("序号", "会商事项", "牵头单位", "配合单位", "责任部门", "责任人", "完成时限",
                       "上期进展", "本期进展", "进展日期", "落实状态", "办结依据", "办结日期", "调整事项",
                       "调整理由", "事项编号", "会议编号", "所属方面")
    filled_in = (None,) * 7
    assert rows[3:] == [
        ("一、共同提升审判和检察工作质效", *blank),
        (1, "联合制定量刑指引", "河南省高级人民法院", "", None, None, dt.datetime(2024, 12, 31),
         "2024-06-12 成立起草小组。", *filled_in, f"{M}-01", M, "A1"),
        (2, "统一类案证据标准", "省检察院、省法院（共同牵头）", "", "研究室", None,
         dt.datetime(2024, 10, 31), None, *filled_in, f"{M}-02", M, "A1"),
        ("二、共同加强技术支撑保障", *blank),
        (3, "建立信息共享平台", "河南省高级人民法院", "河南省人民检察院", "技术处", "王五",
         dt.datetime(2025, 9, 30), None, *filled_in, f"{M}-03", M, "A2")]
    widths = {openpyxl.utils.get_column_letter(c): (d.width, d.hidden)
              for d in sheet.column_dimensions.values()
              for c in range(d.min or 0, (d.max or 0) + 1)}
    # as stored: each width in characters and the cell's padding, in 1/256 of a character
    shown = [5.28515625, 22.7109375, 10.7109375, 9.7109375, 9.7109375, 6.7109375,
             11.28515625, 16.7109375, 24.7109375, 11.28515625, 8.7109375, 10.7109375,
             11.28515625, 9.7109375, 9.7109375]
    assert widths == {**{openpyxl.utils.get_column_letter(c): (w, False)
                         for c, w in enumerate(shown, start=1)},
                      "P": (12.7109375, True), "Q": (12.7109375, True), "R": (12.7109375, True)}
    assert [sheet.cell(5, c).protection.locked for c in range(1, 19)] == [True] * 8 + [
        False] * 7 + [True] * 3


def test_a_column_named_in_the_forms_layout_is_one_more_agreed_field(
        run: RunCli, repo: Repo, tmp_path: Path) -> None:
    """A column of the column table named in the layout `form` is shown and locked in the
    form, after the agreed fields and before what a unit fills in."""
    register(ItemColumn("meeting_title", "text", lambda row, lang: row.facts.meeting_title),
             layouts=("form",))
    out = tmp_path / "填报表.xlsx"
    try:
        done = run("export", "--form", "--period", "2024-08", "-o", str(out), "--repo",
                   str(repo.root), *TODAY)
    finally:
        unregister("meeting_title")
    assert done.exit_code == 0, done.output
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[2][7:10] == ("上期进展", "会议名称", "本期进展")
    assert rows[4][8] == "河南省两院第一次工作交流会商会"
    assert [sheet.cell(5, c).protection.locked for c in (9, 10)] == [True, False]
    assert sheet.column_dimensions["I"].width > 9
