"""Windows with a Chinese locale, simulated on Linux: no POSIX-only calls (O_DIRECTORY,
O_NOFOLLOW, dir_fd, fork, sync), and a GBK locale that redirects output to a file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import WriteLedger, item_yaml, on_a_terminal

from huishang.store import listing as index

# Python as it is on Windows: what huishang may not count on is taken away before it loads.
WINDOWS = """
import os, sys
for name in ("O_DIRECTORY", "O_NOFOLLOW", "fork", "sync"):
    if hasattr(os, name):
        delattr(os, name)
os.supports_dir_fd.clear()
sys.argv[0] = "huishang"
from huishang.cli import main
main()
"""


@pytest.fixture
def root(write_ledger: WriteLedger) -> Path:
    return write_ledger({
        "units.yaml": "units:\n  - {name: 最高人民法院, short: [最高法]}\n"
                      "  - {name: 最高人民检察院, short: [最高检]}\n",
        "items/m1/m1-01.yaml": item_yaml(lead="最高法", due="2023-12-20"),
        "items/m1/m1-02.yaml": item_yaml("m1-02", lead="最高法", status="done",
                                         done_on="2023-12-01", evidence="[法〔2023〕1号]"),
    })


def _windows(root: Path, *args: str, encoding: str = "gbk") -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": encoding, "NO_COLOR": "1",
           "XDG_CACHE_HOME": str(root.parent / "xdg")}
    return subprocess.run([sys.executable, "-c", WINDOWS, *args, "--today", "2024-01-05",
                           "--repo", str(root)], env=env, capture_output=True, check=False)


@pytest.mark.parametrize("args", [["list", "--overdue"], ["warnings"], ["progress"],
                                  ["show", "m1-01"], ["validate"],
                                  ["list", "--format", "csv"]])
def test_every_view_works_without_posix_calls_and_writes_utf8_when_redirected(
        root: Path, args: list[str]) -> None:
    for _ in range(2):  # cold, then warm from the view index
        done = _windows(root, *args)
        assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
        text = done.stdout.decode("utf-8")  # a GBK locale, yet UTF-8 in the file
        assert "Traceback" not in text
    if "csv" in args:
        assert done.stdout.startswith("\ufeff".encode())  # the BOM Excel looks for
        assert "最高人民法院" in text


def test_writes_and_exports_work_without_posix_calls(root: Path, tmp_path: Path) -> None:
    done = _windows(root, "update", "m1-01", "--note", "已起草", "--date", "2024-01-04")
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert "已起草" in (root / "items/m1/m1-01.yaml").read_text(encoding="utf-8")
    out = tmp_path / "台账.xlsx"
    done = _windows(root, "export", "--xlsx", "-o", str(out))
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert out.stat().st_size > 0


def test_the_listing_by_path_sees_what_the_listing_by_descriptor_sees(
        root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = index.listing(root)
    monkeypatch.setattr(index, "DIR_FD", False)
    by_path = index.listing(root)
    assert by_path == index.listing(root)  # the same ledger, the same digest
    (root / "items/m1/m1-03.yaml").write_text(item_yaml("m1-03"), encoding="utf-8")
    assert index.listing(root).digest != by_path.digest  # a new file is seen
    (root / "items/m2").symlink_to(root / "items/m1")  # never followed either way
    linked = index.listing(root)
    monkeypatch.setattr(index, "DIR_FD", True)
    assert index.listing(root).digest != first.digest
    assert linked.digest != by_path.digest


@pytest.mark.skipif(not hasattr(os, "O_DIRECTORY"), reason="a system with O_DIRECTORY")
def test_where_the_system_has_descriptors_the_listing_uses_them() -> None:
    """Linux lists lstat in no `supports_dir_fd` (it is stat without following links): the
    test for folder descriptors must not take that for a system without them."""
    assert index.DIR_FD is True


def test_a_gbk_terminal_gets_no_error_for_a_character_it_lacks(root: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "gbk", "NO_COLOR": "1", "TERM": "xterm"}
    code, printed = on_a_terminal(["progress", "--no-pager", "--today", "2024-01-05",
                                   "--repo", str(root)], env, stderr=True)
    shown = printed.decode("gbk", "replace")
    assert code == 0, shown
    assert "落实进度" in shown and "内部错误" not in shown


def test_progress_in_a_gbk_pipe_keeps_its_bars(root: Path) -> None:
    done = _windows(root, "progress")
    assert done.returncode == 0
    assert "░" in done.stdout.decode("utf-8") or "█" in done.stdout.decode("utf-8")


def test_the_shipped_workflow_runs_the_ledger_on_windows_too() -> None:
    import yaml

    from huishang.edit.ci import ci_text

    jobs = yaml.safe_load(ci_text("github", "main"))["jobs"]
    windows = jobs["windows"]
    assert "windows-latest" in windows["runs-on"]
    commands = [step.get("run", "") for step in windows["steps"]]
    assert "huishang validate" in commands
    assert any("--format csv >" in c for c in commands)  # a redirected CSV, as offices do
