"""Numbering and aspects as offices write them: 序号 restarting under each heading
(一、1 2 3 / 二、1 2) read as heading-and-number, and heading rows that name aspects the
meeting does not have yet, created with --create-aspects."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import HN, RunCli, WriteLedger
from conftest import HN_ASPECTS as ASPECTS
from conftest import HN_BARE as BARE
from conftest import HN_UNITS as UNITS
from test_import import items, snapshot, workbook

M = HN
ARGS = ("--meeting", M, "--today", "2024-07-05")


def rows() -> list[list[Any]]:
    return [["河南省两院会商事项台账"],
            ["序号", "会商事项", "牵头单位", "完成时限"],
            ["一、共同提升审判和检察工作质效"],
            [1, "联合制定量刑指引", "省法院", "2024年12月31日"],
            [2, "统一类案证据标准", "省检察院", "2024年12月31日"],
            [3, "联合发布典型案例", "省法院", "2024年9月30日"],
            ["二、共同加强技术支撑保障"],
            [1, "建立信息共享平台", "省检察院", "2025年6月30日"],
            [2, "推进卷宗电子化移送", "省法院", "长期坚持"]]


@pytest.fixture
def ledger(write_ledger: WriteLedger) -> Path:
    return write_ledger({"units.yaml": UNITS, f"items/{M}/meeting.yaml": BARE + ASPECTS},
                        with_meeting=False)


def test_numbers_restarting_under_each_heading_are_heading_and_number(
        run: RunCli, ledger: Path, tmp_path: Path) -> None:
    sheet = workbook(tmp_path / "台账.xlsx", rows(), merges=("A3:D3", "A7:D7"))
    result = run("import", str(sheet), "--repo", str(ledger), *ARGS)
    assert result.exit_code == 0, result.output
    found = items(ledger)
    assert sorted(found) == [f"{M}-1-01", f"{M}-1-02", f"{M}-1-03", f"{M}-2-01", f"{M}-2-02"]
    assert (found[f"{M}-2-01"].title, found[f"{M}-2-01"].aspect) == ("建立信息共享平台", "A2")
    assert found[f"{M}-1-03"].aspect == "A1"
    before = snapshot(ledger)
    again = run("import", str(sheet), "--repo", str(ledger), *ARGS)  # rows find their items
    assert "新建 0 项，更新 0 项，5 项无变化。" in again.stdout
    assert snapshot(ledger) == before
    assert run("validate", "--repo", str(ledger), "--today", "2024-07-05").exit_code == 0


def test_a_number_twice_under_one_heading_is_still_refused(
        run: RunCli, ledger: Path, tmp_path: Path) -> None:
    sheet_rows = rows()
    sheet_rows[4][0] = 1  # 一、1 twice
    sheet = workbook(tmp_path / "台账.xlsx", sheet_rows)
    result = run("import", str(sheet), "--repo", str(ledger), *ARGS)
    assert result.exit_code == 1
    assert f"{sheet}:会商事项台账!A5: 序号: 序号 1 与第 4 行重复" in result.stderr


def test_heading_rows_become_the_meetings_aspects_with_create_aspects(
        run: RunCli, write_ledger: WriteLedger, tmp_path: Path) -> None:
    root = write_ledger({"units.yaml": UNITS, f"items/{M}/meeting.yaml": BARE},
                        with_meeting=False)
    sheet = workbook(tmp_path / "台账.xlsx", rows())
    before = snapshot(root)
    refused = run("import", str(sheet), "--repo", str(root), *ARGS)
    assert refused.exit_code == 1
    assert (f"{sheet}:会商事项台账!A3: 会议 {M} 没有“一、共同提升审判和检察工作质效”这一方面"
            in refused.stderr)
    assert "加 --create-aspects 按表中标题新建这些方面" in refused.stderr
    assert snapshot(root) == before
    done = run("import", str(sheet), "--repo", str(root), "--create-aspects", *ARGS)
    assert done.exit_code == 0, done.output
    assert f"会议 {M} 新增方面 A2 共同加强技术支撑保障" in done.stdout
    meeting = (root / f"items/{M}/meeting.yaml").read_text(encoding="utf-8")
    assert meeting == BARE + ASPECTS  # appended, the rest byte for byte
    found = items(root)
    assert [found[i].aspect for i in sorted(found)] == ["A1", "A1", "A1", "A2", "A2"]
    assert run("validate", "--repo", str(root), "--today", "2024-07-05").exit_code == 0
