"""Input as people type it: Chinese statuses and colours, dates in the forms offices write,
and unit names that are mistyped (an error with the closest names, never an empty list)."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import RunCli, WriteLedger, item_yaml

from huishang.ledger.dates import loose_date
from huishang.store.files import load_ledger

UNITS = ("units:\n  - {name: 最高人民法院, short: [最高法]}\n"
         "  - {name: 最高人民检察院, short: [最高检]}\n")


@pytest.mark.parametrize(("text", "date"), [
    ("2024年3月1日", dt.date(2024, 3, 1)), ("2024/3/1", dt.date(2024, 3, 1)),
    ("2024.3.1", dt.date(2024, 3, 1)), ("2024-9-30", dt.date(2024, 9, 30)),
    ("２０２４年６月３０日", dt.date(2024, 6, 30)), ("2024-06-30", dt.date(2024, 6, 30)),
    ("2024年2月30日", None), ("20240101", None), ("6月30日", None),
])
def test_dates_as_people_write_them(text: str, date: dt.date | None) -> None:
    assert loose_date(text) == date


def test_the_command_line_takes_chinese_statuses_colours_and_dates(
        run: RunCli, write_ledger: WriteLedger) -> None:
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml(status="planned"),
                         "items/m1/m1-02.yaml": item_yaml("m1-02", due="2023-12-01")})
    common = ["--repo", str(root), "--today", "2024年1月5日"]
    result = run("list", "--status", "推进中", "--format", "json", *common)
    assert result.exit_code == 0, result.output
    assert "m1-02" in result.stdout and "m1-01" not in result.stdout
    listed = run("list", "--status", "未启动", "--format", "json", *common).stdout
    assert "m1-01" in listed and "m1-02" not in listed
    # overdue by 35 days: red
    assert "m1-02" in run("warnings", "--warning", "红", "--format", "json", *common).stdout
    assert "m1-02" not in run("warnings", "--warning", "黄色", "--format", "json",
                              *common).stdout
    result = run("update", "m1-01", "--status", "进行中", "--note", "已启动",
                 "--date", "2024/1/3", *common)
    assert result.exit_code == 0, result.output
    item = next(e.record for e in load_ledger(root).items if e.record.id == "m1-01")
    assert (item.status, item.updates[-1].date) == ("in_progress", dt.date(2024, 1, 3))


def test_a_word_that_is_no_status_lists_both_forms(run: RunCli, write_ledger: WriteLedger) -> None:
    result = run("list", "--status", "进行", "--repo", str(write_ledger({})))
    assert result.exit_code == 2
    panel = " ".join(line.strip("│ ") for line in result.output.splitlines())  # unwrapped
    assert "推进中 (in_progress)" in panel


def test_a_file_may_say_its_status_in_chinese(run: RunCli, write_ledger: WriteLedger) -> None:
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml(status="已办结", done_on="2023-12-01",
                                                          evidence="[文号]")})
    ledger = load_ledger(root)
    assert ledger.items[0].record.status == "done"
    assert [(p.code, p.severity, p.line) for p in ledger.problems] == [
        ("status.synonym", "warning", 6)]
    result = run("validate", "--repo", str(root))
    assert result.exit_code == 0
    assert "规范写法为 done" in result.stdout


def test_a_mistyped_unit_in_a_filter_is_an_error_with_suggestions(
        run: RunCli, write_ledger: WriteLedger) -> None:
    root = write_ledger({"units.yaml": UNITS, "items/m1/m1-01.yaml": item_yaml()})
    result = run("list", "--lead", "最高人民法", "--repo", str(root))
    assert result.exit_code == 2
    assert "是否为：最高人民法院" in result.stderr
    result = run("list", "--lead", "国务院", "--repo", str(root), "--lang", "en")
    assert (result.exit_code, result.stderr.strip()) == (
        2, "huishang: no unit '国务院' (neither in units.yaml nor in any item)")
    assert run("list", "--lead", "最高法", "--repo", str(root)).exit_code == 0


def test_a_mistyped_unit_in_a_file_names_the_closest(write_ledger: WriteLedger) -> None:
    root = write_ledger({"units.yaml": UNITS, "items/m1/m1-01.yaml": item_yaml(lead="最高院")})
    (found,) = [p for p in load_ledger(root).problems if p.field == "lead"]
    assert found.message() == "单位“最高院”不在 units.yaml 中；是否为：最高人民法院, 最高人民检察院"



def test_a_unit_lists_the_addresses_its_notices_go_to(write_ledger: WriteLedger) -> None:
    good = "units:\n  - {name: 最高人民法院, contacts: [yjs@court.example.cn]}\n"
    ledger = load_ledger(write_ledger({"units.yaml": good, "items/m1/m1-01.yaml": item_yaml()}))
    assert ledger.units is not None
    assert ledger.units.units["最高人民法院"].contacts == ["yjs@court.example.cn"]
    bad = "units:\n  - {name: 最高人民法院, contacts: [not-an-address]}\n"
    ledger = load_ledger(write_ledger({"units.yaml": bad}))
    (found,) = ledger.problems
    assert (found.path, found.field) == ("units.yaml", "units[0].contacts[0]")


def test_an_item_names_its_leads_in_order(write_ledger: WriteLedger) -> None:
    ledger = load_ledger(write_ledger({"items/m1/m1-01.yaml": item_yaml()}))
    assert [item.record.leads for item in ledger.items] == [("最高人民法院",)]
