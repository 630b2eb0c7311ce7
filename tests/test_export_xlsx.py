"""`export --xlsx` read back as an office would open it (with openpyxl): typed cells,
warning fills, a frozen header with filters, a summary per lead unit; and the workbook
re-imported, to the same ledger and into an empty one. CSV as data."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from pathlib import Path

import openpyxl
import pytest
from conftest import RunCli, WriteLedger
from test_import import snapshot

from huishang.store.files import load_ledger

DEMO = Path(__file__).resolve().parent.parent
TODAY = ("--today", "2025-08-01")


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    """A copy of the bundled ledger."""
    root = tmp_path / "ledger"
    root.mkdir()
    for name in ("huishang.yaml", "units.yaml"):
        shutil.copy(DEMO / name, root / name)
    shutil.copytree(DEMO / "items", root / "items")
    return root


def headers(sheet: object) -> list[str]:
    return [c.value for c in sheet[3]]  # type: ignore[index]


def test_the_workbook_has_typed_cells_fills_and_a_frozen_filtered_header(
        run: RunCli, demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "台账.xlsx"
    result = run("export", "--xlsx", "-o", str(out), "--repo", str(demo), *TODAY)
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["会商事项台账", "按牵头单位统计"]
    sheet = book["会商事项台账"]
    head = headers(sheet)
    assert head[:11] == ["事项编号", "会议编号", "序号", "会商事项", "所属方面", "牵头单位",
                         "配合单位", "责任部门", "责任人", "完成时限", "落实状态"]
    assert {"预警", "逾期天数", "最新进展", "办结依据"} <= set(head)
    assert sheet.freeze_panes == "A4"
    assert sheet.auto_filter.ref == f"A3:{sheet.cell(3, len(head)).column_letter}{sheet.max_row}"
    col = {h: i + 1 for i, h in enumerate(head)}
    rows = {sheet.cell(r, 1).value: r for r in range(4, sheet.max_row + 1)}
    ledger = load_ledger(demo)
    assert set(rows) == {e.record.id for e in ledger.items}
    late = rows["2023-06-12-fa-jian-02"]  # due 2025-06-30, open: 32 days overdue, red
    assert sheet.cell(late, col["完成时限"]).value == dt.datetime(2025, 6, 30)
    assert sheet.cell(late, col["完成时限"]).number_format == 'yyyy"年"m"月"d"日"'
    assert sheet.cell(late, col["逾期天数"]).value == 32
    assert sheet.cell(late, col["序号"]).value == 2
    warned = sheet.cell(late, col["预警"])
    assert warned.value == "红" and warned.fill.fgColor.rgb == "FFFF7C80"
    assert sheet.cell(late, col["最新进展"]).value == "衔接机制文稿已完成初稿，正在会签。"
    assert sheet.cell(late, col["牵头单位"]).value == "最高人民检察院"
    # a column wide enough for Chinese text: two units a character
    assert sheet.column_dimensions["D"].width >= 40
    done = rows["2023-06-12-fa-jian-01"]
    assert sheet.cell(done, col["落实状态"]).value == "已办结"
    assert sheet.cell(done, col["办结日期"]).value == dt.datetime(2024, 6, 20)
    assert sheet.cell(done, col["预警"]).value is None
    summary = book["按牵头单位统计"]
    table = {r[0]: r for r in summary.iter_rows(min_row=2, values_only=True)}
    total = table["合计"]
    assert total[1] == len(ledger.items)
    assert summary.cell(2, 9).number_format == "0.0%"
    court = table["最高人民法院"]
    assert court[1] == sum(1 for e in ledger.items if ledger.canonical(e.record.lead)
                           == "最高人民法院")


def test_the_workbook_honours_the_filters_and_columns_of_list(
        run: RunCli, demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "逾期.xlsx"
    result = run("export", "--xlsx", "--overdue", "--lead", "最高检", "--columns",
                 "事项编号,会商事项,完成时限,overdue_days", "-o", str(out), "--repo", str(demo),
                 *TODAY)
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(out).worksheets[0]
    assert headers(sheet) == ["事项编号", "会商事项", "完成时限", "逾期天数"]
    listed = run("list", "--overdue", "--lead", "最高检", "--format", "csv", "--columns", "id",
                 "--repo", str(demo), *TODAY).stdout
    expected = [r[0] for r in csv.reader(io.StringIO(listed.removeprefix("\ufeff")))][1:]
    assert [sheet.cell(r, 1).value for r in range(4, sheet.max_row + 1)] == expected
    assert expected  # the filter keeps something, so the comparison says something


def test_the_workbook_reimports_to_the_same_ledger(run: RunCli, demo: Path,
                                                    tmp_path: Path) -> None:
    out = tmp_path / "台账.xlsx"
    today = ("--today", "2026-11-21")  # after every update the demo records
    assert run("export", "--xlsx", "-o", str(out), "--repo", str(demo), *today).exit_code == 0
    before = snapshot(demo)
    again = run("import", str(out), "--repo", str(demo), *today)
    assert again.exit_code == 0, again.output
    count = len(load_ledger(demo).items)
    assert f"新建 0 项，更新 0 项，{count} 项无变化。" in again.stdout
    assert snapshot(demo) == before

    # into a ledger with the same meetings and units but no items: the same items
    empty = tmp_path / "empty"
    shutil.copytree(demo, empty, ignore=lambda folder, names: [
        n for n in names if n.endswith(".yaml") and n not in ("meeting.yaml", "units.yaml",
                                                               "huishang.yaml")])
    filled = run("import", str(out), "--repo", str(empty), *today)
    assert filled.exit_code == 0, filled.output
    old = {e.record.id: e.record for e in load_ledger(demo).items}
    new = {e.record.id: e.record for e in load_ledger(empty).items}
    assert set(new) == set(old)
    ledger = load_ledger(demo)
    for item_id, item in new.items():
        was = old[item_id]
        same = ("title", "aspect", "due", "status", "evidence", "done_on")
        assert [getattr(item, k) for k in same] == [getattr(was, k) for k in same], item_id
        assert ledger.canonical(item.lead) == ledger.canonical(was.lead)
        assert {ledger.canonical(p) for p in item.partners} == {
            ledger.canonical(p) for p in was.partners}
        assert item.owner == was.owner
        if was.updates:  # the workbook carries the latest progress, with its date
            assert item.updates[-1].date == was.updates[-1].date
            assert item.updates[-1].note == was.updates[-1].note.strip()


def test_text_that_looks_like_a_formula_stays_text(run: RunCli, demo: Path,
                                                   tmp_path: Path) -> None:
    path = demo / "items/2023-06-12-fa-jian/2023-06-12-fa-jian-03.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\ntitle: ", "\ntitle: \"=HYPERLINK(\\\"http://x\\\")\"\n"
                                 "#", 1), encoding="utf-8")
    out = tmp_path / "台账.xlsx"
    assert run("export", "--xlsx", "-o", str(out), "--repo", str(demo), *TODAY).exit_code == 0
    sheet = openpyxl.load_workbook(out).worksheets[0]
    cell = next(sheet.cell(r, 4) for r in range(4, sheet.max_row + 1)
                if sheet.cell(r, 1).value == "2023-06-12-fa-jian-03")
    assert cell.value == '=HYPERLINK("http://x")' and cell.data_type == "s"


def test_export_needs_a_format_and_a_file_for_the_workbook(run: RunCli, demo: Path) -> None:
    assert run("export", "--repo", str(demo)).exit_code == 2
    result = run("export", "--xlsx", "--repo", str(demo))
    assert result.exit_code == 2 and "-o" in result.stderr
    result = run("export", "--xlsx", "--columns", "id,nonsense", "-o", "x.xlsx",
                 "--repo", str(demo))
    assert result.exit_code == 2 and "nonsense" in result.stderr


def test_csv_is_data_with_chosen_columns(run: RunCli, demo: Path) -> None:
    result = run("list", "--overdue", "--format", "csv", "--columns",
                 "id，完成时限、overdue_days,progress,evidence", "--repo", str(demo), *TODAY)
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    assert rows[0] == ["事项编号", "完成时限", "逾期天数", "最新进展", "办结依据"]
    first = next(r for r in rows if r[0] == "2023-06-12-fa-jian-02")
    assert first[1:4] == ["2025-06-30", "32", "衔接机制文稿已完成初稿，正在会签。"]
    progress = run("progress", "--format", "csv", "--repo", str(demo), *TODAY).stdout
    table = list(csv.reader(io.StringIO(progress.removeprefix("\ufeff"))))
    assert "完成率（%）" in table[0]
    ratio = table[1][table[0].index("完成率（%）")]
    assert float(ratio) >= 0 and "█" not in progress
    refused = run("list", "--columns", "id", "--repo", str(demo))
    assert refused.exit_code == 2


# A4 landscape within Excel's margins (0.7 inch each side, 0.75 top and bottom), in
# pixels at 96 to the inch; a row takes 20.
PAGE_PX = ((297 / 25.4 - 1.4) * 96, (210 / 25.4 - 1.5) * 96)


def _columns_px(sheet: object) -> float:
    """The sheet's width in pixels: a stored width w (its padding in it) is 7w pixels, for
    each column of its range."""
    dims = sheet.column_dimensions.values()  # type: ignore[attr-defined]
    return sum(7 * d.width * (d.max - d.min + 1) for d in dims)


def _scale(sheet: object) -> int:
    """The print scale in %; a file leaves out the default, 100."""
    return int(sheet.page_setup.scale or 100)  # type: ignore[attr-defined]


def test_every_sheet_prints_on_a4_landscape_at_a_readable_scale(
        run: RunCli, demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "台账.xlsx"
    assert run("export", "--xlsx", "-o", str(out), "--repo", str(demo), *TODAY).exit_code == 0
    book = openpyxl.load_workbook(out)
    items, totals = book["会商事项台账"], book["按牵头单位统计"]
    for sheet in (items, totals):
        setup = sheet.page_setup
        assert setup.orientation == "landscape" and int(setup.paperSize) == 9, sheet.title
        assert not sheet.sheet_properties.pageSetUpPr or not \
            sheet.sheet_properties.pageSetUpPr.fitToPage  # an explicit scale, not "fit"
        assert 70 <= _scale(sheet) <= 100, sheet.title
    assert items.print_title_rows == "$3:$3"  # the header row on every page
    # 18 columns do not fit one page at 70 %: they go across pages, the id repeated
    assert _columns_px(items) * 0.7 > PAGE_PX[0]
    assert _scale(items) == 70 and items.print_title_cols == "$A:$A"
    # the totals on one landscape page
    scale = _scale(totals) / 100
    assert _columns_px(totals) * scale <= PAGE_PX[0]
    assert totals.max_row * 20 * scale <= PAGE_PX[1]
    assert totals.print_title_rows == "$1:$1"


# The office's own layout (--layout office): one meeting whose items are numbered as in its
# minutes, 04 under the first aspect although numbered after the second's, 05 under none.
HN = "2024-03-12-hn"
HN_FILES = {
    "units.yaml": "units:\n  - {name: 河南省高级人民法院, short: [省法院]}\n"
                  "  - {name: 河南省人民检察院, short: [省检察院]}\n",
    f"items/{HN}/meeting.yaml": f"""id: {HN}
title: 河南省两院第一次工作交流会商会
date: 2024-03-12
parties: [河南省高级人民法院, 河南省人民检察院]
level: provincial
aspects:
  - key: A1
    title: 共同提升审判和检察工作质效
  - key: A2
    title: 共同加强技术支撑保障
""",
    **{f"items/{HN}/{HN}-{n}.yaml": f"id: {HN}-{n}\n{aspect}title: {title}\nlead: {lead}\n"
       f"due: {due}\nstatus: in_progress\n"
       for n, aspect, title, lead, due in (
           ("01", "aspect: A1\n", "联合制定量刑指引", "河南省高级人民法院", "2024-12-31"),
           ("02", "aspect: A1\n", "统一类案证据标准", "[河南省高级人民法院, 河南省人民检察院]",
            "2024-10-31"),
           ("03", "aspect: A2\n", "建立信息共享平台", "河南省人民检察院", "2025-06-30"),
           ("04", "aspect: A1\n", "推进卷宗电子化移送", "河南省人民检察院", "2024-09-30"),
           ("05", "", "建立会商联络员制度", "河南省人民检察院", "2024-11-30"))},
}
HN_TODAY = ("--today", "2024-08-20")


@pytest.fixture
def minutes(write_ledger: WriteLedger) -> Path:
    return write_ledger(HN_FILES, with_meeting=False)


def exported(run: RunCli, root: Path, out: Path, *args: str) -> openpyxl.Workbook:
    result = run("export", "--xlsx", "-o", str(out), *args, "--repo", str(root), *HN_TODAY)
    assert result.exit_code == 0, result.output
    return openpyxl.load_workbook(out)


def first_column(sheet: object) -> list[object]:
    return [r[0] for r in sheet.iter_rows(min_row=4, values_only=True)]  # type: ignore[attr-defined]


def test_the_office_layout_sets_items_out_as_the_minutes_do(
        run: RunCli, minutes: Path, tmp_path: Path) -> None:
    sheet = exported(run, minutes, tmp_path / "台账.xlsx", "--layout", "office").worksheets[0]
    head = headers(sheet)
    assert head[:8] == ["序号", "会商事项", "牵头单位", "配合单位", "责任部门", "责任人", "完成时限",
                        "落实状态"]
    assert not {"事项编号", "会议编号", "所属方面"} & set(head)  # no tool ids, no aspect column
    # 05 has no aspect: first, under no heading; then the aspects in the minutes' order
    assert first_column(sheet) == [5, "一、共同提升审判和检察工作质效", 1, 2, 4,
                                   "二、共同加强技术支撑保障", 3]
    last = openpyxl.utils.get_column_letter(len(head))
    assert {f"A5:{last}5", f"A9:{last}9"} <= {str(r) for r in sheet.merged_cells.ranges}
    rows = {r[1]: r for r in sheet.iter_rows(min_row=4, values_only=True)}
    assert rows["统一类案证据标准"][2] == "河南省高级人民法院、河南省人民检察院（共同牵头）"
    assert rows["联合制定量刑指引"][2] == "河南省高级人民法院"
    assert sheet["A2"].value == "截至2024年8月20日，共 5 项"

    # the flat layout stays as it was: ids first, one row an item, by deadline
    flat = exported(run, minutes, tmp_path / "flat.xlsx").worksheets[0]
    assert headers(flat)[:3] == ["事项编号", "会议编号", "序号"]
    assert first_column(flat) == [f"{HN}-{n}" for n in ("04", "02", "05", "01", "03")]


def test_ids_are_in_the_office_layout_only_when_asked_for(
        run: RunCli, minutes: Path, tmp_path: Path) -> None:
    sheet = exported(run, minutes, tmp_path / "台账.xlsx", "--layout", "office",
                     "--ids").worksheets[0]
    head = headers(sheet)
    assert head[-2:] == ["事项编号", "会议编号"] and head[0] == "序号"
    rows = [r for r in sheet.iter_rows(min_row=4, values_only=True) if isinstance(r[0], int)]
    assert [(r[0], r[-2], r[-1]) for r in rows][:2] == [(5, f"{HN}-05", HN), (1, f"{HN}-01", HN)]


def test_sort_orders_the_items_within_the_headings_or_the_flat_list(
        run: RunCli, minutes: Path, tmp_path: Path) -> None:
    by_due = exported(run, minutes, tmp_path / "a.xlsx", "--layout", "office", "--sort",
                      "due").worksheets[0]
    assert first_column(by_due) == [5, "一、共同提升审判和检察工作质效", 4, 2, 1,
                                    "二、共同加强技术支撑保障", 3]
    by_lead = exported(run, minutes, tmp_path / "b.xlsx", "--layout", "office", "--sort",
                       "lead").worksheets[0]
    # by lead as `list --sort lead` has it, then deadline: 河南省人民检察院, 河南省高级人民法院,
    # then the joint leads
    assert first_column(by_lead) == [5, "一、共同提升审判和检察工作质效", 4, 1, 2,
                                     "二、共同加强技术支撑保障", 3]
    flat = exported(run, minutes, tmp_path / "c.xlsx", "--sort", "number").worksheets[0]
    assert first_column(flat) == [f"{HN}-{n}" for n in ("05", "01", "02", "04", "03")]
    flat = exported(run, minutes, tmp_path / "d.xlsx", "--sort", "lead").worksheets[0]
    assert first_column(flat) == [f"{HN}-{n}" for n in ("04", "05", "03", "01", "02")]
    refused = run("export", "--xlsx", "-o", str(tmp_path / "e.xlsx"), "--sort", "nonsense",
                  "--repo", str(minutes), *HN_TODAY)
    assert refused.exit_code == 2
    # the form keeps the minutes' order: the workbook's options are refused, not ignored
    refused = run("export", "--form", "-o", str(tmp_path / "f.xlsx"), "--sort", "due",
                  "--repo", str(minutes), *HN_TODAY)
    assert refused.exit_code == 2 and "--sort 只用于导出 Excel 台账（--xlsx）" in refused.stderr
    for formats in ((), ("--xlsx", "--form")):  # none, or two at once: say which there are
        refused = run("export", *formats, "-o", str(tmp_path / "x.xlsx"), "--repo",
                      str(minutes), *HN_TODAY)
        assert refused.exit_code == 2
        assert "请选择一种导出格式：--xlsx（台账）、--form（填报表）或 --ics（日历）" in refused.stderr


def test_the_form_and_the_office_layout_set_out_the_same_headings_and_numbers(
        run: RunCli, minutes: Path, tmp_path: Path) -> None:
    office = exported(run, minutes, tmp_path / "台账.xlsx", "--layout", "office").worksheets[0]
    form = tmp_path / "填报表.xlsx"
    done = run("export", "--form", "--period", "2024-08", "-o", str(form), "--repo",
               str(minutes), *HN_TODAY)
    assert done.exit_code == 0, done.output
    assert first_column(openpyxl.load_workbook(form).worksheets[0]) == first_column(office)


def test_the_office_layout_prints_on_one_a4_landscape_page_across(
        run: RunCli, demo: Path, tmp_path: Path) -> None:
    book = exported(run, demo, tmp_path / "台账.xlsx", "--layout", "office", *TODAY)
    items, totals = book["会商事项台账"], book["按牵头单位统计"]
    for sheet in (items, totals):
        setup = sheet.page_setup
        assert setup.orientation == "landscape" and int(setup.paperSize) == 9, sheet.title
        assert 70 <= _scale(sheet) <= 100, sheet.title
    assert items.print_title_rows == "$3:$3"
    # the office's columns wrap their text: one page across, no column repeated, with 5 %
    # to spare for a program that measures a width unit as 7.33 pixels, not Excel's 7
    assert _columns_px(items) * 1.05 * _scale(items) / 100 <= PAGE_PX[0]
    assert items.print_title_cols is None
    # each row as tall as its wrapped text, which LibreOffice does not work out on opening:
    # 新疆维吾尔自治区高级人民法院 takes three lines of the lead's column
    lead = headers(items).index("牵头单位") + 1
    tall = next(r for r in range(4, items.max_row + 1)
                if items.cell(r, lead).value == "新疆维吾尔自治区高级人民法院")
    assert items.row_dimensions[tall].height >= 3 * 15
    scale = _scale(totals) / 100
    assert _columns_px(totals) * scale <= PAGE_PX[0]
    assert totals.max_row * 20 * scale <= PAGE_PX[1]


def test_the_office_layout_reimports_unchanged(run: RunCli, minutes: Path,
                                               tmp_path: Path) -> None:
    before = snapshot(minutes)
    with_ids, without = tmp_path / "ids.xlsx", tmp_path / "台账.xlsx"
    exported(run, minutes, with_ids, "--layout", "office", "--ids")
    exported(run, minutes, without, "--layout", "office")
    # matched by id, or, for one meeting's sheet, by its 序号 as in the minutes; the
    # joint leads written as the minutes write them read back as the same two units
    for args in ((str(with_ids),), (str(without), "--meeting", HN)):
        again = run("import", *args, "--repo", str(minutes), *HN_TODAY)
        assert again.exit_code == 0, again.output
        assert "新建 0 项，更新 0 项，5 项无变化。" in again.stdout
    assert snapshot(minutes) == before
