"""`huishang unit add / edit / list`: the registry kept from the command line, the rest of
units.yaml byte for byte, nothing written unless the registry stays valid."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import RunCli, WriteLedger

from huishang.store.files import load_ledger

UNITS = """# yaml-language-server: $schema=schemas/units.schema.json
# 单位名录（研究室维护）
units:
  - name: 黑龙江省高级人民法院   # 省法院
    short: [黑龙江高院, 省法院]
    # 层级按机构编制
    level: provincial
  - {name: 黑龙江省人民检察院, short: [省检察院]}
# 以下为市级单位
"""


def _units(write_ledger: WriteLedger, text: str = UNITS) -> Path:
    return write_ledger({"units.yaml": text}, with_meeting=False)


def _unit(run: RunCli, root: Path, *args: str) -> str:
    result = run("unit", *args, "--repo", str(root))
    assert result.exit_code == 0, result.output
    return result.stdout


def _text(root: Path) -> str:
    return (root / "units.yaml").read_text(encoding="utf-8")


def test_a_unit_is_added_after_the_others_and_the_rest_stays(
        run: RunCli, write_ledger: WriteLedger) -> None:
    root = _units(write_ledger)
    out = _unit(run, root, "add", "哈尔滨市中级人民法院", "--short", "哈尔滨中院,哈中院",
                "--level", "municipal", "--parent", "省法院",
                "--maintainer", "yjs@hrbcourt.example.cn", "--contact", "dc@hrbcourt.example.cn")
    assert out == "已登记单位 哈尔滨市中级人民法院\n"
    assert _text(root) == UNITS.replace("# 以下为市级单位\n", "") + (
        "  - name: 哈尔滨市中级人民法院\n"
        "    short: [哈尔滨中院, 哈中院]\n"
        "    level: municipal\n"
        "    parent: 省法院\n"
        "    maintainers: [yjs@hrbcourt.example.cn]\n"
        "    contacts: [dc@hrbcourt.example.cn]\n"
        "# 以下为市级单位\n")
    ledger = load_ledger(root)
    assert ledger.problems == [] and ledger.units is not None
    assert ledger.units.canonical("哈中院") == "哈尔滨市中级人民法院"


def test_the_first_unit_makes_the_registry(run: RunCli, write_ledger: WriteLedger) -> None:
    root = write_ledger({}, with_meeting=False)
    _unit(run, root, "add", "最高人民法院", "--short", "最高法", "--level", "national")
    assert _text(root) == ("# yaml-language-server: $schema=schemas/units.schema.json\n"
                           "units:\n  - name: 最高人民法院\n    short: [最高法]\n"
                           "    level: national\n")
    # the empty list `huishang init` writes becomes a list of its own
    (root / "units.yaml").write_text("# 单位名录\nunits: []\n# 示例\n", encoding="utf-8")
    _unit(run, root, "add", "司法部")
    assert _text(root) == "# 单位名录\nunits:\n  - name: 司法部\n# 示例\n"


def test_a_unit_is_edited_in_place(run: RunCli, write_ledger: WriteLedger) -> None:
    root = _units(write_ledger)
    _unit(run, root, "edit", "省法院", "--maintainer", "a@hljcourt.example.cn",
          "--maintainer", "b@hljcourt.example.cn", "--short", "黑龙江高院")
    assert _text(root) == UNITS.replace(
        "short: [黑龙江高院, 省法院]", "short: [黑龙江高院]").replace(
        "    level: provincial\n", "    level: provincial\n"
        "    maintainers: [a@hljcourt.example.cn, b@hljcourt.example.cn]\n")
    # an entry written inline is written inline again
    _unit(run, root, "edit", "省检察院", "--level", "provincial", "--contact", "x@jcy.example.cn")
    assert ("  - {name: 黑龙江省人民检察院, short: [省检察院], level: provincial, "
            "contacts: [x@jcy.example.cn]}\n# 以下为市级单位\n") in _text(root)
    assert load_ledger(root).problems == []


def test_a_mistyped_name_is_refused_with_the_closest(run: RunCli,
                                                      write_ledger: WriteLedger) -> None:
    root = _units(write_ledger)
    result = run("unit", "edit", "黑龙江省高级法院", "--level", "county", "--repo", str(root))
    assert result.exit_code == 2
    assert "没有单位“黑龙江省高级法院”；是否为：黑龙江省高级人民法院" in result.stderr
    nothing = run("unit", "edit", "省法院", "--repo", str(root))
    assert nothing.exit_code == 2 and "没有要修改的内容" in nothing.stderr
    assert _text(root) == UNITS


def test_what_would_break_the_registry_is_not_written(run: RunCli,
                                                      write_ledger: WriteLedger) -> None:
    root = _units(write_ledger)
    taken = run("unit", "add", "黑龙江省法院", "--short", "省检察院", "--repo", str(root))
    assert taken.exit_code == 1
    assert "units.yaml:10:" in taken.stderr and "“省检察院”重复，已用于 黑龙江省人民检察院" \
        in taken.stderr
    parent = run("unit", "add", "某市法院", "--parent", "国务院", "--repo", str(root))
    assert parent.exit_code == 1 and "上级单位“国务院”不在 units.yaml 中" in parent.stderr
    typo = run("unit", "add", "哈尔滨市中级人民法院", "--parent", "黑龙江省高级法院",
               "--repo", str(root))
    assert typo.exit_code == 1
    assert ("上级单位“黑龙江省高级法院”不在 units.yaml 中；是否为：黑龙江省高级人民法院"
            in typo.stderr)
    address = run("unit", "add", "某市法院", "--maintainer", "not-an-address",
                  "--repo", str(root))
    assert address.exit_code == 1 and "不是有效的电子邮箱地址" in address.stderr
    assert _text(root) == UNITS


def test_dry_run_shows_the_change_and_writes_nothing(run: RunCli,
                                                     write_ledger: WriteLedger) -> None:
    root = _units(write_ledger)
    out = _unit(run, root, "edit", "黑龙江高院", "--level", "national", "--dry-run")
    assert "-    level: provincial\n+    level: national\n" in out
    assert _text(root) == UNITS


def test_unit_list_for_people_and_scripts(run: RunCli, write_ledger: WriteLedger) -> None:
    root = _units(write_ledger)
    table = _unit(run, root, "list")
    assert "黑龙江省高级人民法院" in table and "黑龙江高院、省法院" in table and "省级" in table
    data = json.loads(_unit(run, root, "list", "--format", "json"))
    assert [(u["name"], u["short"], u["level"]) for u in data["units"]] == [
        ("黑龙江省高级人民法院", ["黑龙江高院", "省法院"], "provincial"),
        ("黑龙江省人民检察院", ["省检察院"], None)]
