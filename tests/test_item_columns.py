"""The columns of items, one table (views/item_columns.py): one header per column in every
format, and a new column is one entry that the table, CSV and JSON all show."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import RunCli, WriteLedger, item_yaml

from huishang.exchange.columns import FIELDS
from huishang.messages import msg
from huishang.views.item_columns import ITEM_COLUMNS, LAYOUTS, ItemColumn, register, unregister

TODAY = "2024-01-05"


@pytest.fixture
def ledger(write_ledger: WriteLedger) -> Path:
    return write_ledger({
        "items/m1/m1-01.yaml": item_yaml(owner="{division: 刑一庭, person: 张三}"),
        "items/m1/m1-02.yaml": item_yaml("m1-02", title="规范阅卷", due="2024-01-15"),
    })


def _csv_header(text: str) -> list[str]:
    return next(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def _markdown_header(text: str) -> list[str]:
    line = next(line for line in text.splitlines() if line.startswith("| "))
    return [cell.strip() for cell in line.strip("|").split("|")]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_column_has_one_header_in_the_table_markdown_csv_and_workbook(
        run: RunCli, ledger: Path, tmp_path: Path, lang: str) -> None:
    keys = ["id", "title", "lead", "due", "status", "warning"]
    common = ("--repo", str(ledger), "--today", TODAY, "--lang", lang)
    table = run("list", *common, "--format", "markdown")
    data = run("list", *common, "--format", "csv", "--columns", ",".join(keys))
    assert table.exit_code == 0 and data.exit_code == 0
    shown = _markdown_header(table.stdout)
    headers = [msg(f"field.{k}", lang) for k in keys]
    assert [h for h in shown if h in headers] == headers  # the table has them all, in order
    assert _csv_header(data.stdout) == headers

    book = tmp_path / "ledger.xlsx"
    assert run("export", "--xlsx", *common, "-o", str(book)).exit_code == 0
    from openpyxl import load_workbook

    workbook = load_workbook(book, read_only=True)  # read-only keeps the file open: closed
    try:
        sheet = workbook.worksheets[0]
        written = [c for c in next(sheet.iter_rows(min_row=3, max_row=3, values_only=True))
                   if c]
    finally:
        workbook.close()
    assert [h for h in written if h in headers] == headers
    if lang == "zh":  # the official wording, not a short form of it
        assert headers[1] == "会商事项" and headers[3] == "完成时限"


@pytest.fixture
def meeting_title() -> Iterator[ItemColumn]:
    """A column the table lacks: the item's meeting by its title (headed by the message
    field.meeting_title), added for one test."""
    assert "meeting_title" not in ITEM_COLUMNS
    column = ItemColumn("meeting_title", "text", lambda row, lang: row.facts.meeting_title,
                        json=lambda row: row.facts.meeting_title)
    register(column, layouts=("list", "csv", "json"))
    yield column
    unregister("meeting_title")
    assert "meeting_title" not in ITEM_COLUMNS


def test_a_new_column_is_one_entry_seen_in_table_csv_and_json(
        run: RunCli, ledger: Path, meeting_title: ItemColumn) -> None:
    common = ("--repo", str(ledger), "--today", TODAY, "--lang", "en")
    table = run("list", *common, "--format", "markdown")
    assert _markdown_header(table.stdout)[-1] == "Meeting"
    assert all(line.endswith("| 测试会议 |") for line in table.stdout.splitlines()
               if line.startswith("| m1-"))

    data = run("list", *common, "--format", "csv")
    rows = list(csv.reader(io.StringIO(data.stdout.lstrip("\ufeff"))))
    assert rows[0][-1] == "Meeting" and [r[-1] for r in rows[1:]] == ["测试会议"] * 2
    chosen = run("list", *common, "--format", "csv", "--columns", "id,meeting_title")
    assert chosen.stdout.lstrip("\ufeff").splitlines()[:2] == ["Item ID,Meeting",
                                                               "m1-01,测试会议"]

    items = json.loads(run("list", *common, "--format", "json").stdout)["items"]
    assert [i["meeting_title"] for i in items] == ["测试会议"] * 2
    assert list(items[0])[-2:] == ["path", "meeting_title"]


def test_a_column_taken_out_leaves_every_format(run: RunCli, ledger: Path,
                                                meeting_title: ItemColumn) -> None:
    unregister("meeting_title")
    common = ("--repo", str(ledger), "--today", TODAY, "--lang", "en")
    assert "Meeting" not in _markdown_header(run("list", *common, "--format", "markdown").stdout)
    items = json.loads(run("list", *common, "--format", "json").stdout)["items"]
    assert "meeting_title" not in items[0]
    refused = run("list", *common, "--format", "csv", "--columns", "meeting_title")
    assert refused.exit_code == 2


@pytest.mark.parametrize("name", ["sheet", "office", "ids", "form", "form_ids"])
def test_every_column_an_export_writes_is_read_back_or_passed_over(name: str) -> None:
    assert [k for k in LAYOUTS[name] if k not in FIELDS and not ITEM_COLUMNS[k].derived] == []


@pytest.mark.parametrize("derived", [True, False])
def test_a_derived_column_is_passed_over_when_its_workbook_is_read_back(
        run: RunCli, ledger: Path, tmp_path: Path, derived: bool) -> None:
    """What huishang works out is one flag of its column: the import passes it over unsaid,
    and names a column it does not understand."""
    register(ItemColumn("meeting_title", "text", lambda row, lang: row.facts.meeting_title,
                        derived=derived), layouts=("sheet",))
    try:
        book = tmp_path / "台账.xlsx"
        common = ("--repo", str(ledger), "--today", TODAY)
        assert run("export", "--xlsx", "-o", str(book), *common).exit_code == 0
        again = run("import", str(book), *common)
    finally:
        unregister("meeting_title")
    assert again.exit_code == 0, again.output
    assert "新建 0 项，更新 0 项，2 项无变化。" in again.stdout
    said = "未识别的列（已忽略）：会议名称（S）"
    assert (said in again.stderr) is not derived, again.stderr


def test_the_progress_so_far_is_a_column_of_the_csv(run: RunCli, write_ledger: WriteLedger
                                                    ) -> None:
    """The form's 上期进展 is a column like any other: the latest note of work with its
    date, not a change's reason."""
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml(updates=(
        "\n  - date: 2023-11-02\n    note: 完成调研。\n  - date: 2023-12-01\n    note: 需经审议"
        "\n    changes:\n      - {field: due, before: 2023-12-01, after: 2023-12-31, "
        "reason: 需经审议}"))})
    data = run("list", "--repo", str(root), "--today", TODAY, "--format", "csv",
               "--columns", "id,上期进展")
    assert data.exit_code == 0, data.output
    assert data.stdout.lstrip("\ufeff").splitlines() == ["事项编号,上期进展",
                                                        "m1-01,2023-11-02 完成调研。"]


def test_the_site_labels_a_meeting_by_its_own_fields(run: RunCli, ledger: Path,
                                                     tmp_path: Path) -> None:
    """The meeting page's date is the meeting's (会议日期), not the bulletin's date of a
    change of deadline (调整日期), and its aspects are headed as the column is."""
    out = tmp_path / "site"
    assert run("site", "-o", str(out), "--repo", str(ledger), "--today", TODAY).exit_code == 0
    page = (out / "meetings/m1.html").read_text(encoding="utf-8")
    assert "会议日期" in page and "调整日期" not in page
    assert msg("field.aspect", "zh") in page
