"""Sheets that would be read other than as the clerk sees them are refused or said: a hidden
sheet, a header merged down over the rows, an impossible date, an absurd 序号."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from conftest import HLJ_IMPORT as ARGS
from conftest import RunCli

HEADER = ["序号", "会商事项", "牵头单位", "进展情况"]


def written(ledger: Path) -> list[str]:
    return sorted(p.name for p in (ledger / "items").rglob("*.yaml") if p.name != "meeting.yaml")


def test_the_default_sheet_is_the_first_visible_one_and_a_hidden_one_is_named(
        run: RunCli, hlj_ledger: Path, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    hidden = book.active
    assert hidden is not None
    hidden.title = "旧台账"
    hidden.append(HEADER)
    hidden.append([1, "隐藏表中的事项", "黑龙江省高级人民法院"])
    hidden.sheet_state = "hidden"
    seen = book.create_sheet("台账")
    seen.append(HEADER)
    seen.append([2, "看得见的事项", "黑龙江省高级人民法院"])
    sheet = tmp_path / "台账.xlsx"
    book.save(sheet)
    result = run("import", str(sheet), *ARGS, "--repo", str(hlj_ledger), "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[:2] == [
        f"reading {sheet} (sheet: 台账)",
        "hidden sheets not read: 旧台账 (name one with --sheet to import it)"]
    assert "2024-09-10-hlj-02" in result.stdout and "-01" not in result.stdout
    as_json = run("import", str(sheet), *ARGS, "--repo", str(hlj_ledger), "--dry-run",
                  "--format", "json")
    assert json.loads(as_json.stdout)["hidden_sheets"] == ["旧台账"]
    named = run("import", str(sheet), *ARGS, "--repo", str(hlj_ledger), "--sheet", "旧台账")
    assert named.exit_code == 0, named.output
    assert written(hlj_ledger) == ["2024-09-10-hlj-01.yaml"]


def test_a_header_merged_down_into_the_rows_is_refused(run: RunCli, hlj_ledger: Path,
                                                       tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet_ = book.active
    assert sheet_ is not None
    sheet_.append(HEADER)
    for n in (1, 2, 3):
        sheet_.append([n, None, "黑龙江省高级人民法院"])
    sheet_.merge_cells("B1:B4")  # 会商事项 over the three rows' titles
    sheet = tmp_path / "台账.xlsx"
    book.save(sheet)
    result = run("import", str(sheet), *ARGS, "--repo", str(hlj_ledger))
    assert result.exit_code == 1, result.output
    assert result.stderr.endswith(
        f"huishang: {sheet}:Sheet!B1: a header cell is merged down into the rows, which would "
        "each take the header's text; unmerge it\n")
    assert written(hlj_ledger) == []


@pytest.mark.parametrize(("cell", "column", "expected"), [
    ("2024年2月30日，召开专题会议", "D2", "starts with '2024年2月30日', a date that does not exist"),
    ("2024年9月20日，起草。\n2024.13.01 印发", "D2", "starts with '2024.13.01', a date that does not exist"),
])
def test_a_progress_line_starting_with_an_impossible_date_is_refused(
        run: RunCli, hlj_ledger: Path, tmp_path: Path, cell: str, column: str,
        expected: str) -> None:
    """Before, the line was taken as undated and dated today."""
    sheet = tmp_path / "台账.csv"
    quoted = cell.replace('"', '""')
    sheet.write_text(f'{",".join(HEADER)}\n1,事项,黑龙江省高级人民法院,"{quoted}"\n',
                     encoding="utf-8")
    result = run("import", str(sheet), *ARGS, "--repo", str(hlj_ledger))
    assert result.exit_code == 1, result.output
    assert f"{sheet}:{column}: " in result.stderr and expected in result.stderr
    assert written(hlj_ledger) == []


@pytest.mark.parametrize("number", ["1e300", "100000", "9" * 400])
def test_an_absurd_number_is_refused_at_its_cell(run: RunCli, hlj_ledger: Path, tmp_path: Path,
                                                 number: str) -> None:
    """1e300 made a file name longer than any file system takes (an OSError, exit 3)."""
    book = openpyxl.Workbook()
    sheet_ = book.active
    assert sheet_ is not None
    sheet_.append(HEADER)
    sheet_.append([float(number) if number == "1e300" else number, "事项", "黑龙江省高级人民法院"])
    sheet = tmp_path / "台账.xlsx"
    book.save(sheet)
    result = run("import", str(sheet), *ARGS, "--repo", str(hlj_ledger))
    assert result.exit_code == 1, result.output
    assert f"{sheet}:Sheet!A2: " in result.stderr
    assert "the number must be a whole number from 1 to 99999" in result.stderr
    assert written(hlj_ledger) == []
