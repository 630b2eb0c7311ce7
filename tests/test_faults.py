"""Faults leave the ledger as it was: a full disk (RLIMIT_FSIZE) and a process killed at
every step of a write (SIGKILL before each file-system call) leave no debris that fails
validation, and the same command run again completes the work."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import WriteLedger, item_yaml

from huishang.store.files import load_ledger

TODAY = "2024-03-01"
pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT and /proc: Linux")

# Run huishang, but SIGKILL the process just before its STEP-th file-system call that
# changes something. Every step of a write is a point where a real kill could land.
KILL_AT_STEP = """
import os, signal, sys
step = int(os.environ["KILL_STEP"])
count = 0
def deadly(name):
    real = getattr(os, name)
    def call(*args, **kwargs):
        global count
        count += 1
        if count == step:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)
    setattr(os, name, call)
for name in ("mkdir", "link", "replace", "rename", "unlink", "rmdir", "fsync", "write"):
    deadly(name)
from huishang.cli import main
sys.argv = ["huishang"] + sys.argv[1:]
main()
"""


def _env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg"), "NO_COLOR": "1"}


def _huishang(tmp_path: Path, *args: str, kill_step: int | None = None,
              file_limit: int | None = None) -> subprocess.CompletedProcess[str]:
    env = _env(tmp_path)
    if kill_step is None:
        command = [sys.executable, "-m", "huishang", *args]
    else:
        command = [sys.executable, "-c", KILL_AT_STEP, *args]
        env["KILL_STEP"] = str(kill_step)

    def limit() -> None:
        if file_limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_limit, file_limit))

    return subprocess.run(command, env=env, capture_output=True, text=True, check=False,
                          preexec_fn=limit)


def _debris(root: Path) -> list[str]:
    """Temporary files and empty folders in the ledger, outside huishang's cache folder."""
    found = []
    for path in root.rglob("*"):
        rel = path.relative_to(root).as_posix()
        if rel.startswith((".huishang-cache", ".git/")) or rel == ".git":
            continue
        if path.name.endswith(".tmp") or (path.is_dir() and not any(path.iterdir())):
            found.append(rel)
    return sorted(found)


def _errors(root: Path) -> list[str]:
    return [p.render() for p in load_ledger(root).problems if p.severity == "error"]


def _snapshot(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes()
            for path in sorted(root.rglob("*"))
            if path.is_file() and ".huishang-cache" not in path.parts}


@pytest.fixture
def ledger(write_ledger: WriteLedger) -> Path:
    return write_ledger({"items/m1/m1-01.yaml": item_yaml()})


NEW_MEETING = ("new", "meeting", "--date", "2024-02-01", "--slug", "xj-fa-jian",
               "--title", "会商会", "--parties", "甲法院,乙检察院", "--level", "provincial")
NEW_ITEM = ("new", "item", "--meeting", "m1", "--title", "新事项", "--lead", "最高人民法院",
            "--aspect", "A1")
UPDATE = ("update", "m1-01", "--note", "已形成初稿。", "--due", "2024-06-30", "--reason", "需调研")

WRITES = {"new meeting": NEW_MEETING, "new item": NEW_ITEM, "update": UPDATE}


@pytest.mark.parametrize("command", WRITES)
def test_a_full_disk_changes_nothing(tmp_path: Path, ledger: Path, command: str) -> None:
    before = _snapshot(ledger)
    done = _huishang(tmp_path, *WRITES[command], "--repo", str(ledger), "--today", TODAY,
                     file_limit=40)
    assert done.returncode == 1, done.stderr
    assert "文件超过允许的大小" in done.stderr
    assert "items/" in done.stderr  # names the file it could not write
    assert _snapshot(ledger) == before
    assert _debris(ledger) == []
    assert _errors(ledger) == []
    # With room again, the same command simply works.
    again = _huishang(tmp_path, *WRITES[command], "--repo", str(ledger), "--today", TODAY)
    assert again.returncode == 0, again.stderr
    assert load_ledger(ledger).problems == []


def _kill_every_step(tmp_path: Path, prepare: Callable[[], Path], args: tuple[str, ...],
                     check: Callable[[Path, subprocess.CompletedProcess[str]], None]) -> int:
    """Run `args` on a fresh copy, killed at step 1, 2, ... until it runs to the end;
    `check` judges the ledger after the kill. Returns how many steps were tried."""
    step = 0
    while True:
        step += 1
        root = prepare()
        done = _huishang(tmp_path, *args, "--repo", str(root), "--today", TODAY,
                         kill_step=step)
        if done.returncode != -9:
            assert done.returncode == 0, done.stderr
            return step
        check(root, done)
        assert step < 200, "the command never finished"


def _fresh(write_ledger: WriteLedger, tmp_path: Path) -> Callable[[], Path]:
    def prepare() -> Path:
        import shutil

        shutil.rmtree(tmp_path / "ledger", ignore_errors=True)
        shutil.rmtree(tmp_path / "xdg", ignore_errors=True)
        return write_ledger({"items/m1/m1-01.yaml": item_yaml()})

    return prepare


@pytest.mark.parametrize("command", WRITES)
def test_killed_at_any_step_the_ledger_is_valid_and_a_rerun_completes(
        tmp_path: Path, write_ledger: WriteLedger, command: str) -> None:
    args = WRITES[command]

    def check(root: Path, _: subprocess.CompletedProcess[str]) -> None:
        # Killed: the ledger still validates (debris is at most a warning) ...
        assert _errors(root) == [], command
        # ... and running the command again completes it and leaves nothing behind.
        again = _huishang(tmp_path, *args, "--repo", str(root), "--today", TODAY)
        if again.returncode != 0:  # only when the killed run had written its file whole
            done_already = {
                "new meeting": lambda: list(root.glob("items/2024-02-01-*/meeting.yaml")),
                "update": lambda: "已形成初稿" in (root / "items/m1/m1-01.yaml").read_text(),
            }
            assert command in done_already and done_already[command](), again.stderr
        assert _debris(root) == [], command
        assert load_ledger(root).problems == [], command

    steps = _kill_every_step(tmp_path, _fresh(write_ledger, tmp_path), args, check)
    assert steps > 3  # the write really has several steps, and each was interrupted


def test_init_killed_at_any_step_is_completed_by_running_it_again(tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    assert _huishang(tmp_path, "init", str(clean)).returncode == 0
    expected = _snapshot(clean)
    step = 0
    while True:
        step += 1
        target = tmp_path / f"ledger{step}"
        done = _huishang(tmp_path, "init", str(target), kill_step=step)
        if done.returncode != -9:
            assert done.returncode == 0, done.stderr
            break
        again = _huishang(tmp_path, "init", str(target))
        if again.returncode != 0:  # killed after the last file: the ledger is complete
            assert "已有台账" in again.stderr
        assert _snapshot(target) == expected, step
        assert _debris(target) == ["items"], step  # a new ledger's empty items/
        assert step < 200
    assert step > 5
