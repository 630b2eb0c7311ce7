"""Names and texts from a pull request are shown so that they cannot pass for others: two
file names print differently whatever bytes they hold, a bidi control is written out, and
under GitHub Actions no line of any view runs as a workflow command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MEETING, Repo, RunCli, WriteLedger, item_yaml

ITEM = "id: m1-01\ntitle: x\naspect: A1\nlead: a\ndue: 2024-01-01\nstatus: planned\n"


def test_two_names_that_are_not_utf8_print_differently(write_ledger: WriteLedger) -> None:
    root = write_ledger({})
    folder = os.fsencode(root / "items" / "m1")
    for raw in (b"\xff.yaml", b"\xfe.yaml", "a\u202elmy.yaml".encode()):
        with open(os.path.join(folder, raw), "w", encoding="utf-8") as out:
            out.write(ITEM)
    done = subprocess.run([sys.executable, "-m", "huishang", "validate", "--repo", str(root),
                           "--lang", "en"], capture_output=True, check=False)
    assert done.returncode == 1
    shown = done.stdout.decode("utf-8")  # strictly: nothing that is not UTF-8 is printed
    assert r"items/m1/\xff.yaml:1:5: id: id 'm1-01' does not match the file name" in shown
    assert r"items/m1/\xfe.yaml:1:5: id: id 'm1-01' does not match the file name" in shown
    assert r"items/m1/a\u202elmy.yaml:1:5" in shown
    assert "\ufffd" not in shown and "\u202e" not in shown


HOSTILE = "::error file=x::伪造的错误"


@pytest.mark.parametrize("view", [["show", "m1-01"], ["history", "m1-01"],
                                  ["log", "--since", "2024-01-01"], ["list"],
                                  ["list", "--format", "markdown"], ["warnings"],
                                  ["bulletin", "--month", "2024-01"], ["review", "m1"],
                                  ["export", "--ics"]])
def test_under_github_actions_no_view_prints_a_workflow_command(
        run: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, view: list[str]) -> None:
    repo = Repo(tmp_path)
    repo.write("items/m1/meeting.yaml", MEETING)
    repo.write("items/m1/m1-01.yaml", item_yaml(
        title=f'"{HOSTILE}"', updates=f'\n  - date: 2024-01-02\n    note: "x\\n{HOSTILE}\\n##[group]y"'))
    repo.commit(f"{HOSTILE}\n\n::add-mask::secret\n##[endgroup]", date="2024-01-03")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = run(*view, "--repo", str(tmp_path), "--today", "2024-02-01")
    assert result.exit_code == 0, result.output
    assert "伪造的错误" in result.output  # the text is shown, not dropped
    for line in (result.stdout + result.stderr).splitlines():
        assert not line.lstrip().startswith("::"), line
        assert "##[" not in line, line


def test_check_keeps_its_own_workflow_commands(run: RunCli, write_ledger: WriteLedger,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml(status="finished")})
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = run("validate", "--repo", str(root), "--format", "github")
    assert result.exit_code == 1
    assert result.stdout.startswith("::error file=items/m1/m1-01.yaml")


def test_a_written_out_character_and_its_spelling_print_differently(
        write_ledger: WriteLedger) -> None:
    """A name holding ESC printed as `\\x1b.yaml`, and so did a name holding the four
    characters backslash, x, 1, b; a name with a line break printed as one with a space."""
    root = write_ledger({})
    folder = root / "items" / "m1"
    for name in ("\x1b.yaml", "\\x1b.yaml", "a\nb.yaml", "a b.yaml"):
        (folder / name).write_text(ITEM, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "huishang", "validate", "--repo", str(root),
                           "--lang", "en"], capture_output=True, check=False)
    shown = [line for line in done.stdout.decode("utf-8").splitlines()
             if "does not match the file name" in line]
    names = sorted(line.split(":1:5:")[0] for line in shown)
    assert names == sorted(["items/m1/\\x1b.yaml", "items/m1/\\\\x1b.yaml",
                            "items/m1/a\\x0ab.yaml", "items/m1/a b.yaml"])
