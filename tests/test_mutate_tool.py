"""tools/mutate.py on a tiny module of its own: the mutants it makes, the score it prints,
and the original put back however the run ends."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

TOOL = Path(__file__).resolve().parents[1] / "tools" / "mutate.py"
TINY = '''"""Who may vote, and how a ballot is read."""

VOTING_AGE = 18
WORDS = ("是", "否")


def may_vote(age: int) -> bool:
    return age >= VOTING_AGE


def word(yes: bool) -> str:
    if yes:
        return WORDS[0]
    return WORDS[1]
'''
TESTS = '''import time
from pathlib import Path

import tiny


def test_the_voting_age():
    if "VOTING_AGE = 18" not in Path(tiny.__file__).read_text(encoding="utf-8"):
        time.sleep(float(Path("pause").read_text()) if Path("pause").exists() else 0)
    assert tiny.may_vote(18) and not tiny.may_vote(17)


def test_yes():
    assert tiny.word(True) == "是"
'''


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "tiny.py").write_text(TINY, encoding="utf-8")
    (tmp_path / "test_tiny.py").write_text(TESTS, encoding="utf-8")
    return tmp_path


def _env() -> dict[str, str]:
    # measured by its own coverage run, never by one this suite may be running under
    return {k: v for k, v in os.environ.items()
            if not k.startswith(("COVERAGE_", "MUTATE_"))}


def _mutate(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(TOOL), "--root", str(project), "--tests",
                           "test_tiny.py", *args], cwd=project, env=_env(),
                          capture_output=True, text=True, timeout=240)


def _left_behind(project: Path) -> list[Path]:
    kept = project / ".mutate" / "originals"
    return [p for p in kept.rglob("*") if p.is_file()] + list(project.rglob("*.mutate-*"))


def test_mutants_of_a_tiny_module(project: Path) -> None:
    listed = _mutate(project, "tiny.py", "--list")
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.splitlines() == [
        "tiny.py:3:14: `18` → `19`",
        "tiny.py:4:9: entry '否' dropped from the table",
        "tiny.py:4:9: entry '是' dropped from the table",
        "tiny.py:8:12: `age >= VOTING_AGE` → `age > VOTING_AGE`",
        "tiny.py:8:12: return `age >= VOTING_AGE` removed",
        "tiny.py:12:8: condition `yes` negated",
        "tiny.py:13:16: return `WORDS[0]` removed",
        "tiny.py:13:22: `0` → `1`",
        "tiny.py:14:12: return `WORDS[1]` removed",
        "tiny.py:14:18: `1` → `2`",
    ]
    assert (project / "tiny.py").read_text(encoding="utf-8") == TINY


def test_the_score_and_each_survivor_at_its_line(project: Path) -> None:
    done = _mutate(project, "tiny.py")
    assert done.returncode == 0, done.stdout + done.stderr
    summary = done.stdout[done.stdout.index("\nmodule"):]
    assert re.search(r"^tiny\.py +10 +7 +3 +0 +70\.0 %$", summary, re.M), summary
    # word(False) is never asked: 否 may go, and the last line is never run
    assert summary.splitlines()[-3:] == [
        "tiny.py:4:9: entry '否' dropped from the table",
        "tiny.py:14:12: return `WORDS[1]` removed (no test reaches this line)",
        "tiny.py:14:18: `1` → `2` (no test reaches this line)",
    ]
    assert (project / "tiny.py").read_text(encoding="utf-8") == TINY
    assert _left_behind(project) == []
    assert not list(project.rglob("tiny.*.pyc"))  # no bytecode of a mutant to be trusted


def test_at_most_n_mutants_spread_over_the_module(project: Path) -> None:
    listed = _mutate(project, "tiny.py", "--list", "--max-mutants", "3")
    assert [line.split(": ")[0] for line in listed.stdout.splitlines()] == [
        "tiny.py:3:14", "tiny.py:8:12", "tiny.py:13:16"]


def test_an_interrupted_run_puts_the_original_back(project: Path) -> None:
    (project / "pause").write_text("120")  # the first mutant's test hangs
    with subprocess.Popen([sys.executable, str(TOOL), "--root", str(project), "--tests",
                           "test_tiny.py", "tiny.py"], cwd=project, env=_env(),
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                          text=True) as tool:
        assert tool.stdout is not None
        for line in tool.stdout:
            if line.strip().startswith("done in"):  # measured; now the first mutant runs
                break
        deadline = time.monotonic() + 60
        while (project / "tiny.py").read_text(encoding="utf-8") == TINY:
            assert time.monotonic() < deadline, "no mutant was written"
            time.sleep(0.05)
        assert "VOTING_AGE = (19)" in (project / "tiny.py").read_text(encoding="utf-8")
        time.sleep(0.5)
        tool.send_signal(signal.SIGTERM)
        tool.stdout.read()
        assert tool.wait(timeout=60) == 130
    assert (project / "tiny.py").read_text(encoding="utf-8") == TINY
    assert _left_behind(project) == []


def test_a_mutant_left_by_a_killed_run_is_put_back_first(project: Path) -> None:
    kept = project / ".mutate" / "originals" / "tiny.py"
    kept.parent.mkdir(parents=True)
    kept.write_text(TINY, encoding="utf-8")
    (project / "tiny.py").write_text(TINY.replace("= 18", "= (19)"), encoding="utf-8")
    listed = _mutate(project, "tiny.py", "--list")
    assert listed.stdout.splitlines()[0] == (
        "tiny.py: put back the original a killed run had left mutated")
    assert (project / "tiny.py").read_text(encoding="utf-8") == TINY
    assert _left_behind(project) == []


def test_modules_measured_together_are_then_mutated_one_at_a_time_without_measuring_again(
        project: Path) -> None:
    (project / "ballot.py").write_text('"""A ballot."""\n\nSEATS = 3\n', encoding="utf-8")
    both = _mutate(project, "tiny.py", "ballot.py", "--max-mutants", "1")
    assert both.returncode == 0, both.stdout + both.stderr
    assert "measuring which tests reach which lines" in both.stdout
    for module in ("tiny.py", "ballot.py"):
        alone = _mutate(project, module, "--max-mutants", "1")
        assert alone.returncode == 0, alone.stdout + alone.stderr
        assert "measuring" not in alone.stdout
        assert re.search(rf"^{re.escape(module)} +1 ", alone.stdout, re.M), alone.stdout
    (project / "test_tiny.py").write_text(TESTS + "\n", encoding="utf-8")  # a test changed
    again = _mutate(project, "tiny.py", "--max-mutants", "1")
    assert "measuring which tests reach which lines" in again.stdout


FEE = '''"""A late fee."""


def fee(days: int) -> int:
    rate = 2
    if days > 30:
        return days * rate + 10
    return days * rate
'''
FEE_TESTS = '''import time

import fee


def test_a_fee_is_owed():
    assert fee.fee(1) > 0


def test_a_fee_is_owed_for_a_week():
    assert fee.fee(7) > 0


def test_a_month_late_costs_more():
    time.sleep(0.5)
    assert fee.fee(40) == 90
'''


def test_at_most_n_tests_are_those_taking_different_paths(tmp_path: Path) -> None:
    """Of the three tests of `rate = 2`, two take the same path and notice nothing; with
    room for two, the second is the one that takes the other branch."""
    (tmp_path / "fee.py").write_text(FEE, encoding="utf-8")
    (tmp_path / "test_fee.py").write_text(FEE_TESTS, encoding="utf-8")
    (tmp_path / "only.txt").write_text("fee.py:5:12: `2` → `3`\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(TOOL), "--root", str(tmp_path), "--tests",
                           "test_fee.py", "fee.py", "--only", "only.txt", "--max-tests", "2"],
                          cwd=tmp_path, env=_env(), capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "fee.py:5:12: `2` → `3`: killed (2 tests)" in done.stdout


def test_a_table_read_only_by_another_module_is_judged_by_every_test(tmp_path: Path) -> None:
    (tmp_path / "words.py").write_text('"""Levels."""\n\nLEVELS = ("省级", "县级")\n',
                                       encoding="utf-8")
    (tmp_path / "rules.py").write_text('"""Rules."""\n\nfrom words import LEVELS\n\n\n'
                                       'def allowed(level: str) -> bool:\n'
                                       '    return level in LEVELS\n', encoding="utf-8")
    (tmp_path / "test_rules.py").write_text('import rules\n\n\ndef test_a_county():\n'
                                            '    assert rules.allowed("县级")\n',
                                            encoding="utf-8")
    done = subprocess.run([sys.executable, str(TOOL), "--root", str(tmp_path), "--tests",
                           "test_rules.py", "words.py"], cwd=tmp_path, env=_env(),
                          capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "words.py:3:10: entry '县级' dropped from the table: killed (1 tests)" in done.stdout
