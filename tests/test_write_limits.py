"""No write makes a file that validate would refuse to read (over `max_file_bytes`), and an
import is all or nothing even when a target path is a dangling link."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import RunCli, WriteLedger, item_yaml

SETTINGS = "max_file_bytes: 2048\n"
LIMIT_TEXT = "more than the limit of 2048 (max_file_bytes in huishang.yaml)"


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".huishang-cache" not in p.parts}


@pytest.fixture
def small(write_ledger: WriteLedger) -> Path:
    return write_ledger({"huishang.yaml": SETTINGS, "items/m1/m1-01.yaml": item_yaml()})


def test_a_note_that_grows_the_file_past_the_limit_is_refused(run: RunCli, small: Path) -> None:
    before = files(small)
    result = run("update", "m1-01", "--note", "长" * 700, "--today", "2024-01-10",
                 "--repo", str(small), "--lang", "en")
    assert result.exit_code == 1, result.output
    assert "items/m1/m1-01.yaml: the file would have" in result.stderr
    assert LIMIT_TEXT in result.stderr
    assert files(small) == before
    # a note that fits is written, and the file still validates
    assert run("update", "m1-01", "--note", "长" * 100, "--today", "2024-01-10",
               "--repo", str(small)).exit_code == 0
    assert run("validate", "--repo", str(small), "--today", "2024-01-10").exit_code == 0


def test_a_new_item_past_the_limit_is_refused(run: RunCli, small: Path) -> None:
    before = files(small)
    result = run("new", "item", "--meeting", "m1", "--title", "题" * 1000, "--lead", "最高人民法院",
                 "--repo", str(small), "--lang", "en")
    assert result.exit_code == 1, result.output
    assert "items/m1/m1-02.yaml: the file would have" in result.stderr
    assert LIMIT_TEXT in result.stderr
    assert files(small) == before


def test_an_import_row_past_the_limit_is_refused_at_its_row(run: RunCli, small: Path,
                                                           tmp_path: Path) -> None:
    sheet = tmp_path / "台账.csv"
    sheet.write_text("序号,会商事项,牵头单位\n2,短标题,最高人民法院\n3," + "题" * 1000
                     + ",最高人民法院\n", encoding="utf-8")
    before = files(small)
    result = run("import", str(sheet), "--meeting", "m1", "--repo", str(small), "--lang", "en",
                 "--today", "2024-01-10")
    assert result.exit_code == 1, result.output
    assert f"{sheet}:A3: the file would have" in result.stderr
    assert LIMIT_TEXT in result.stderr
    assert files(small) == before


def test_an_import_over_a_dangling_link_writes_nothing(run: RunCli, write_ledger: WriteLedger,
                                                       tmp_path: Path) -> None:
    """The link stands where the second row's new item would go: before, the first row's
    item was written and the third's not, and the error named a temp file gone since."""
    root = write_ledger({})
    os.symlink(tmp_path / "nowhere.yaml", root / "items/m1/m1-02.yaml")
    sheet = tmp_path / "台账.csv"
    sheet.write_text("序号,会商事项,牵头单位\n1,一,最高人民法院\n2,二,最高人民法院\n"
                     "3,三,最高人民法院\n", encoding="utf-8")
    result = run("import", str(sheet), "--meeting", "m1", "--repo", str(root), "--lang", "en",
                 "--today", "2024-01-10")
    assert result.exit_code == 1, result.output
    assert str(root / "items/m1/m1-02.yaml") in result.stderr
    assert ".tmp" not in result.stderr
    assert sorted(p.name for p in (root / "items/m1").iterdir()) == ["m1-02.yaml",
                                                                     "meeting.yaml"]
    assert not (tmp_path / "nowhere.yaml").exists()


def test_a_correction_past_the_limit_is_refused(run: RunCli, write_ledger: WriteLedger) -> None:
    root = write_ledger({"huishang.yaml": SETTINGS, "items/m1/m1-01.yaml": item_yaml(
        updates="\n  - date: 2024-01-02\n    note: 已起草")})
    before = files(root)
    result = run("correct", "m1-01", "--update", "1", "--note", "更" * 700, "--reason", "笔误",
                 "--today", "2024-01-10", "--repo", str(root), "--lang", "en")
    assert result.exit_code == 1, result.output
    assert "items/m1/m1-01.yaml: the file would have" in result.stderr
    assert LIMIT_TEXT in result.stderr
    assert files(root) == before


@pytest.mark.parametrize("command", [
    ["new", "meeting", "--date", "2024-01-05", "--slug", "big", "--level", "national",
     "--parties", "最高人民法院",
     "--title", "会" * 200, *[a for n in range(1, 9) for a in ("--aspect", f"A{n}=" + "方" * 90)]],
    ["new", "aspect", "--meeting", "m1", "A2", "方" * 1000],
])
def test_a_meeting_past_the_limit_is_refused(run: RunCli, small: Path,
                                             command: list[str]) -> None:
    before = files(small)
    result = run(*command, "--repo", str(small), "--lang", "en")
    assert result.exit_code == 1, result.output
    assert "meeting.yaml: the file would have" in result.stderr
    assert LIMIT_TEXT in result.stderr
    assert files(small) == before


UNITS = "units:\n" + "".join(f"  - name: 第{n}中级人民法院\n    short: [第{n}中院]\n"
                              for n in range(1, 31))


@pytest.mark.parametrize("command", [
    ["unit", "add", "某某省高级人民法院", *[a for n in range(20) for a in
                                   ("--contact", f"clerk{n}@court.example")]],
    ["unit", "edit", "第1中院", *[a for n in range(20) for a in
                               ("--contact", f"clerk{n}@court.example")]],
])
def test_a_registry_past_the_limit_is_refused(run: RunCli, write_ledger: WriteLedger,
                                              command: list[str]) -> None:
    root = write_ledger({"huishang.yaml": SETTINGS, "units.yaml": UNITS})
    assert 1600 < len(UNITS.encode()) < 2048
    before = files(root)
    result = run(*command, "--repo", str(root), "--lang", "en")
    assert result.exit_code == 1, result.output
    assert "units.yaml: the file would have" in result.stderr
    assert LIMIT_TEXT in result.stderr
    assert files(root) == before


def test_an_import_row_growing_an_item_past_the_limit_is_refused(run: RunCli, small: Path,
                                                                tmp_path: Path) -> None:
    """A row about an item there is already: its progress note would grow the file."""
    sheet = tmp_path / "台账.csv"
    sheet.write_text("事项编号,会商事项,牵头单位,进展情况\nm1-01,统一量刑建议审查标准,最高人民法院,"
                     + "进" * 700 + "\n", encoding="utf-8")
    before = files(small)
    result = run("import", str(sheet), "--meeting", "m1", "--repo", str(small), "--lang", "en",
                 "--today", "2024-01-10")
    assert result.exit_code == 1, result.output
    assert "the file would have" in result.stderr
    assert LIMIT_TEXT in result.stderr
    assert files(small) == before
