"""The example ledgers under cases/: each valid one passes with exactly the summary in its
expected.txt, each invalid one gives exactly the problems in its expected.txt."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import RunCli

CASES = Path(__file__).parent / "cases"


def _cases(kind: str) -> list[Path]:
    return sorted(p for p in (CASES / kind).iterdir() if p.is_dir())


def _copy(case: Path, tmp_path: Path) -> Path:
    """The case's ledger copied out, so that a run leaves nothing (a cache) in tests/."""
    target = tmp_path / "ledger"
    shutil.copytree(case / "ledger", target, symlinks=True)
    return target


@pytest.mark.parametrize("case", _cases("valid"), ids=lambda p: p.name)
def test_valid_case_passes(case: Path, run: RunCli, tmp_path: Path) -> None:
    result = run("validate", "--repo", str(_copy(case, tmp_path)), "--today", "2024-01-01")
    assert result.exit_code == 0, result.output
    assert result.stdout == (case / "expected.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("case", _cases("invalid"), ids=lambda p: p.name)
def test_invalid_case_reports_exactly(case: Path, run: RunCli, tmp_path: Path) -> None:
    result = run("validate", "--repo", str(_copy(case, tmp_path)), "--today", "2024-01-01")
    expected = (case / "expected.txt").read_text(encoding="utf-8")
    assert result.stdout == expected
    assert result.exit_code == 1


def test_every_invalid_case_has_expectations() -> None:
    for case in _cases("invalid"):
        lines = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
        assert len(lines) >= 2, case  # at least one problem and the summary


def test_every_valid_case_expects_the_one_line_summary() -> None:
    for case in _cases("valid"):
        lines = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
        assert len(lines) == 1, case  # the summary, and no problem
