"""The views on a small ledger: exact tables, formats that round-trip, colour only on a terminal."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path

import pytest
from conftest import RunCli, WriteLedger, item_yaml, on_a_terminal

from huishang.output.table import Cell, Column, Sheet, layout

TODAY = "2024-01-05"
# an SGR sequence that sets a foreground or background colour
COLOUR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[0-9;]*)?m")
UNITS = "units:\n  - {name: 最高人民法院, short: [最高法]}\n  - {name: 最高人民检察院, short: [最高检]}\n"


@pytest.fixture
def small(write_ledger: WriteLedger) -> Path:
    return write_ledger({
        "units.yaml": UNITS,
        # overdue 5 days, no update since the meeting: red
        "items/m1/m1-01.yaml": item_yaml(owner="{division: 刑一庭, person: 张三}"),
        # due in 10 days with a recent update: yellow
        "items/m1/m1-02.yaml": item_yaml("m1-02", title="规范阅卷", due="2024-01-15",
                                         lead="最高检", partners="[最高法]",
                                         updates="[{date: 2024-01-02, note: 已起草}]"),
        "items/m1/m1-03.yaml": item_yaml("m1-03", title="统一入罪标准", status="done",
                                         done_on="2023-12-01", evidence="[法〔2023〕1号]"),
        "items/m1/m1-04.yaml": item_yaml("m1-04", title="撤销事项", status="cancelled",
                                         aspect=None, due=None),
    })


def test_progress_table_exact(run: RunCli, small: Path) -> None:
    result = run("progress", "--repo", str(small), "--today", TODAY, "--by", "lead")
    assert result.exit_code == 0
    assert result.stdout == (
        "落实进度（截至 2024-01-05）\n"
        "\n"
        " 牵头单位         总数   未启动   推进中   受阻   已办结   已终止   逾期   完成率            红   橙   黄\n"
        " " + "─" * 104 + "\n"
        " 最高人民法院        3        0        1      0        1        1      1   █████░░░░░  50%    1    0    0\n"
        " 最高人民检察院      1        0        1      0        0        0      0   ░░░░░░░░░░   0%    0    0    1\n"
        "\n"
        " 合计                4        0        2      0        1        1      1   ███░░░░░░░  33%    1    0    1\n"
    )


def test_progress_by_unit_counts_partners_and_totals_distinct_items(run: RunCli,
                                                                   small: Path) -> None:
    result = run("progress", "--repo", str(small), "--today", TODAY, "--by", "unit",
                 "--format", "json")
    payload = json.loads(result.stdout)
    totals = {g["key"]: g["total"] for g in payload["groups"]}
    assert totals == {"最高人民法院": 4, "最高人民检察院": 1}
    assert payload["total"]["total"] == 4
    assert payload["total"]["done_ratio"] == pytest.approx(1 / 3, abs=1e-4)


def test_progress_by_aspect_and_meeting(run: RunCli, small: Path) -> None:
    result = run("progress", "--repo", str(small), "--today", TODAY, "--by", "aspect",
                 "--format", "json")
    groups = {g["key"]: g["total"] for g in json.loads(result.stdout)["groups"]}
    assert groups == {"m1/A1": 3, "m1/": 1}
    result = run("progress", "--repo", str(small), "--today", TODAY, "--format", "csv")
    rows = list(csv.reader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    assert rows[1][0] == "m1 测试会议"
    assert rows[-1][0] == "合计"


def test_warnings_table_exact(run: RunCli, small: Path) -> None:
    result = run("warnings", "--repo", str(small), "--today", TODAY)
    assert result.exit_code == 0
    assert result.stdout == (
        "三色预警（截至 2024-01-05）\n"
        "\n"
        " 预警   牵头单位         事项编号   会商事项               责任人        完成时限     预警原因\n"
        " " + "─" * 104 + "\n"
        " 红     最高人民法院     m1-01      统一量刑建议审查标准   刑一庭 张三   2023-12-31   逾期且 207 天无进展\n"
        " 黄     最高人民检察院   m1-02      规范阅卷                             2024-01-15   10 天后到期\n"
        "\n"
        "红 1 项，橙 0 项，黄 1 项\n"
    )


def test_warnings_filter_and_empty(run: RunCli, small: Path) -> None:
    result = run("warnings", "--repo", str(small), "--today", TODAY, "--warning", "orange",
                 "--lang", "en")
    assert result.stdout == "No warnings as of 2024-01-05.\n"
    result = run("warnings", "--repo", str(small), "--today", TODAY, "--unit", "最高法",
                 "--format", "json")
    assert [r["id"] for r in json.loads(result.stdout)["items"]] == ["m1-01", "m1-02"]


def test_show_exact(run: RunCli, small: Path) -> None:
    result = run("show", "m1-02", "--repo", str(small), "--today", TODAY)
    assert result.exit_code == 0
    assert result.stdout == (
        "m1-02  规范阅卷\n"
        "\n"
        "会议      测试会议（2023-06-12，m1）\n"
        "序号      第2项\n"
        "所属方面  A1 共同深化落实认罪认罚从宽制度\n"
        "牵头单位  最高人民检察院\n"
        "配合单位  最高人民法院\n"
        "完成时限  2024-01-15（剩 10 天）\n"
        "落实状态  推进中\n"
        "预警      黄：10 天后到期\n"
        "文件      items/m1/m1-02.yaml\n"
        "\n"
        "进展\n"
        "1. 2024-01-02  已起草\n"  # numbered as `correct --update N` names them
    )


def test_show_done_item_in_english_json(run: RunCli, small: Path) -> None:
    result = run("show", "m1-03", "--repo", str(small), "--today", TODAY, "--format", "json")
    item = json.loads(result.stdout)["item"]
    assert item["status"] == "done"
    assert item["evidence"] == ["法〔2023〕1号"]
    assert item["done_on"] == "2023-12-01"
    assert item["warning"] is None and item["overdue"] is False


@pytest.mark.parametrize(("ref", "message"), [
    ("nope", "没有编号为“nope”的事项"),
    ("01", None),
])
def test_show_unknown_id(run: RunCli, small: Path, ref: str, message: str | None) -> None:
    result = run("show", ref, "--repo", str(small))
    if message is None:  # "01" is the unique ending of m1-01
        assert result.exit_code == 0
        assert result.stdout.startswith("m1-01  统一量刑建议审查标准")
    else:
        assert result.exit_code == 1
        assert message in result.stderr


def test_show_ambiguous_and_broken(run: RunCli, write_ledger: WriteLedger) -> None:
    root = write_ledger({
        "items/m1/m1-01.yaml": item_yaml(),
        "items/m2/meeting.yaml": "id: m2\ntitle: t\ndate: 2024-01-01\nparties: [a]\n"
                                 "level: national\n",
        "items/m2/m2-01.yaml": item_yaml("m2-01", aspect=None),
        "items/m2/m2-02.yaml": item_yaml("m2-02", status="no", aspect=None),
    })
    result = run("show", "01", "--repo", str(root))
    assert result.exit_code == 1
    assert "m1-01, m2-01" in result.stderr
    result = run("show", "m2-02", "--repo", str(root))
    assert result.exit_code == 1
    assert "items/m2/m2-02.yaml" in result.stderr and "validate" in result.stderr


def test_csv_round_trips(run: RunCli, small: Path) -> None:
    result = run("list", "--repo", str(small), "--today", TODAY, "--format", "csv")
    assert result.stdout.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    # data, not display text: the owner in two columns, days as numbers
    assert rows[0] == ["事项编号", "会商事项", "牵头单位", "责任部门", "责任人", "完成时限",
                       "落实状态", "逾期天数", "剩余天数", "预警"]
    assert rows[1] == ["m1-01", "统一量刑建议审查标准", "最高人民法院", "刑一庭", "张三",
                       "2023-12-31", "推进中", "5", "-5", "红"]
    # open and dated first, then finished ones by deadline (undated last)
    assert [r[0] for r in rows[1:]] == ["m1-01", "m1-02", "m1-03", "m1-04"]


def test_csv_quotes_commas_and_newlines(run: RunCli, write_ledger: WriteLedger) -> None:
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml(title='"a, b\n  c \\"q\\""')})
    result = run("list", "--repo", str(root), "--format", "csv", "--lang", "en")
    rows = list(csv.reader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    assert rows[1][1] == 'a, b c "q"'


def test_markdown_is_a_table(run: RunCli, write_ledger: WriteLedger) -> None:
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml(title="'a | b'")})
    result = run("list", "--repo", str(root), "--today", TODAY, "--format", "markdown",
                 "--lang", "en")
    lines = result.stdout.splitlines()
    assert lines[0] == "**Ledger (as of 2024-01-05)**"
    assert lines[2] == "| Item ID | Item | Lead unit | Owner | Deadline | Status | Overdue/left | Warning |"
    assert lines[4].startswith("| m1-01 | a \\| b | 最高人民法院 |")


def test_lead_filter_takes_short_names(run: RunCli, small: Path) -> None:
    result = run("list", "--repo", str(small), "--lead", "最高检", "--format", "json")
    assert [r["id"] for r in json.loads(result.stdout)["items"]] == ["m1-02"]


def test_bad_due_within_is_a_usage_error(run: RunCli, small: Path) -> None:
    result = run("list", "--repo", str(small), "--due-within", "soon")
    assert result.exit_code == 2
    assert "14d" in result.stderr


def test_lang_from_settings(run: RunCli, write_ledger: WriteLedger) -> None:
    root = write_ledger({"huishang.yaml": "lang: en\n", "items/m1/m1-01.yaml": item_yaml()})
    result = run("progress", "--repo", str(root), "--today", TODAY)
    assert result.stdout.startswith("Progress (as of 2024-01-05)")
    result = run("progress", "--repo", str(root), "--today", TODAY, "--lang", "zh")
    assert result.stdout.startswith("落实进度")


def _on_a_terminal(root: Path, no_color: bool) -> str:
    """Run `huishang list` with stdout on a pseudo-terminal and return what it printed."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR",
                                                            "COLUMNS", "TERM")}
    env["TERM"] = "xterm-256color"
    if no_color:
        env["NO_COLOR"] = "1"
    _, shown = on_a_terminal(["list", "--no-pager", "--today", TODAY, "--repo", str(root)],
                             env)
    return shown.decode("utf-8", "replace")


def test_colour_on_a_terminal_but_not_under_no_color(small: Path) -> None:
    coloured = _on_a_terminal(small, no_color=False)
    assert "m1-01" in coloured and "\x1b[" in coloured
    plain = _on_a_terminal(small, no_color=True)
    assert "m1-01" in plain
    assert COLOUR.search(coloured)
    assert not COLOUR.search(plain)  # bold and italic may stay; colours may not


EXPECTED = Path(__file__).parent / "expected" / "tables"


def _sample_sheets(root: Path) -> dict[str, Sheet]:
    """Tables of every shape: the three views, a caption and totals, and hard characters."""
    import datetime as dt

    from huishang.store.files import load_ledger
    from huishang.views.progress import order, tally
    from huishang.views.query import ledger_rows
    from huishang.views.sheets import list_sheet, progress_sheet, warned, warnings_sheet

    found = ledger_rows(load_ledger(root), dt.date(2024, 1, 5))
    groups, total = tally(found, "unit")
    odd = Sheet("标题", [Column("甲"), Column("数", "right")], caption="说明")
    odd.add("很长的中文单元格内容", Cell("1"))
    odd.add("", Cell("12345"))
    hard = Sheet("", [Column("编号"), Column("说明"), Column("末列")])
    hard.add("a-1", "行一", "")  # an empty last cell
    hard.add("b-22", "表情👩‍💻和变体☺️", "“引号”…")  # joined emoji, narrow punctuation
    hard.add("c-3", "全角", "ｆｕｌｌ　ｗｉｄｔｈ")  # full-width characters
    hard.add("ｄ-4", "é combining é", "  ")  # a wide id; a last cell of spaces
    return {"list": list_sheet(found, "zh", "台账"),
            "warnings": warnings_sheet(warned(found), "en", "W"),
            "progress": progress_sheet(order(groups, "unit"), total, "unit", "zh", "进度"),
            "caption": odd, "characters": hard}


@pytest.mark.parametrize("name", ["list", "warnings", "progress", "caption", "characters"])
def test_tables_match_their_saved_layout(small: Path, name: str) -> None:
    """The table layout is huishang's own; these files are what a reader saw when it was
    made (then equal to rich's SIMPLE_HEAD layout). Set HUISHANG_SAVE_EXPECTED=1 to
    rewrite them after a deliberate change, and read the diff."""
    text = layout(_sample_sheets(small)[name])
    path = EXPECTED / f"{name}.txt"
    if os.environ.get("HUISHANG_SAVE_EXPECTED"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_plain_tables_keep_one_line_a_row() -> None:
    """Where rich would wrap a cell at a line break, the plain table puts a space, so that
    `grep` and `wc -l` see one line for each item."""
    sheet = Sheet("", [Column("编号"), Column("事项")])
    sheet.add("m1-01", "第一行\n第二行\r\n第三行")
    sheet.add("m1-02", "短")
    lines = layout(sheet).splitlines()
    assert lines[2:] == [" m1-01   第一行 第二行  第三行", " m1-02   短"]


@pytest.mark.parametrize(("name", "narrow"), [("list", 90), ("progress", 110)])
def test_terminal_tables_match_their_saved_layout(small: Path, name: str, narrow: int) -> None:
    """On a terminal: the same layout with ANSI colour around each styled text (never its
    padding), folded to the terminal's width. Saved files are read with `cat -v`."""
    sheets = _sample_sheets(small)
    for width in (None, narrow):
        text = layout(sheets[name], colour=True, width=width)
        path = EXPECTED / f"{name}-terminal-{'narrow' if width else 'wide'}.txt"
        if os.environ.get("HUISHANG_SAVE_EXPECTED"):
            path.write_text(text, encoding="utf-8")
        assert text == path.read_text(encoding="utf-8")
        plain = re.sub(r"\x1b\[[0-9;]*m", "", text)
        if width is None:  # colour changes nothing but the codes
            assert plain == layout(sheets[name])
        else:
            from huishang.output.table import cell_width

            assert max(map(cell_width, plain.splitlines())) <= width


def test_folding_keeps_every_character_in_order() -> None:
    from huishang.output.table import fold

    text = "统一认罪认罚案件量刑建议的审查标准 and some ASCII"
    for width in (1, 2, 3, 8, 13):
        lines = fold(text, width)
        assert "".join(lines) == text
        from huishang.output.table import cell_width

        assert all(cell_width(line) <= max(width, 2) for line in lines)


def test_styles_become_ansi_codes() -> None:
    from huishang.output.table import sgr

    assert sgr("bold white on red") == "\x1b[1;37;41m"
    assert sgr("bold black on dark_orange") == "\x1b[1;30;48;5;208m"
    assert sgr("") == ""
    with pytest.raises(ValueError, match="sparkly"):
        sgr("sparkly")


def test_every_style_the_views_use_has_a_code() -> None:
    from huishang.output.table import COLOUR_STYLES, sgr
    from huishang.views.cells import STATUS_STYLES

    for style in [*STATUS_STYLES.values(), *COLOUR_STYLES.values(),
                  "bold red", "yellow", "green", "dim"]:
        assert sgr(style).startswith("\x1b[")

