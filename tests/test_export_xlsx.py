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
from conftest import RunCli
from test_import import snapshot

from huishang.ledger.load import load_ledger

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
