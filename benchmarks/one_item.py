"""Time the work on one item beside Taskwarrior's, in the same run (issue 18).

    python benchmarks/one_item.py [--items 10000] [--big 100000] [--commits 1000] [--repeat 5]

For each size: `show ID` beside `task N info`, and whether a warm `show` imports
pydantic; `update ID --note` beside `task N annotate`; `list --overdue` right after an
update beside the warm `list --overdue`; and, on a ledger
with a history, `history ID` beside `git log --follow --raw` of the item's file. Prints the
median wall time and peak memory of each and the ratio the target names. A script to run
by hand, never a timed test; needs `task` (Debian package taskwarrior) for its rows.
"""

from __future__ import annotations

import argparse
import itertools
import shutil
import subprocess
import time
from pathlib import Path

from run import TODAY, at_each_size, generate, huishang, measure, row, taskwarrior, verdict

_notes = itertools.count(1)


def settled(listing: list[str], ledger: Path) -> None:
    """Make the view index: once every file is older than the racy window (2 s), as in a
    clerk's day, where the last write is rarely that recent."""
    time.sleep(2.5)
    subprocess.run(listing, cwd=ledger, capture_output=True, check=False)


def imports(ledger: Path, module: str, *args: str) -> str:
    """Whether `huishang ARGS` imports `module` (issue 37: a warm `show` imports neither
    pydantic nor typer)."""
    python, *rest = huishang(*args, "--today", TODAY)
    done = subprocess.run([python, "-X", "importtime", *rest], cwd=ledger,
                          capture_output=True, text=True, check=False)
    found = any(line.rsplit("|", 1)[-1].strip() == module for line in done.stderr.splitlines())
    return "yes (misses the target)" if found else "no (meets the target)"


def one_size(work: Path, items: int, args: argparse.Namespace) -> None:
    commits, repeat = args.commits, args.repeat
    ledger = work / f"ledger-{items}"
    generate(ledger, items, commits)
    if commits:  # as a clerk's clone: the cache folder is never committed
        (ledger / ".gitignore").write_text(".huishang-cache/\n", encoding="utf-8")
    files = sorted(p for p in (ledger / "items").rglob("*.yaml") if p.name != "meeting.yaml")
    item = files[len(files) // 2]
    item_id = item.stem
    subprocess.run(huishang("validate"), cwd=ledger, capture_output=True, check=False)
    listing = huishang("list", "--overdue", "--today", TODAY)
    settled(listing, ledger)

    task_env = None
    number = "1"
    if shutil.which("task"):
        task_env = taskwarrior(work / f"task-{items}")
        subprocess.run(["task", "import", str(ledger / "tasks.json")], env=task_env,
                       capture_output=True, check=True)
        number = str(len(files) // 2 + 1)

    show, peak = measure(huishang("show", item_id, "--today", TODAY), ledger, repeat)
    row(f"huishang show ID ({items})", show, peak)
    if task_env is not None:
        info, info_peak = measure(["task", number, "info"], ledger, repeat, task_env)
        row(f"task N info ({items}, Taskwarrior)", info, info_peak,
            f"huishang/task = {show / info:.2f}, " + verdict(show / info <= 1.5) + " (≤ 1.5)")
    for module in ("pydantic", "typer"):
        print(f"  a warm show imports {module}: {imports(ledger, module, 'show', item_id)}")

    note = ["--note", "已召开专题会议，形成初步意见。", "--today", TODAY]
    update, peak = measure(huishang("update", item_id, *note), ledger, repeat)
    row(f"huishang update ID --note ({items})", update, peak)
    if task_env is not None:
        annotate, annotate_peak = measure(["task", number, "annotate", "已召开专题会议"],
                                          ledger, repeat, task_env)
        row(f"task N annotate ({items}, Taskwarrior)", annotate, annotate_peak,
            f"huishang/task = {update / annotate:.2f}, "
            + verdict(update / annotate <= 1.0) + " (≤ 1.0)")

    settled(listing, ledger)
    warm, warm_peak = measure(listing, ledger, repeat)
    row(f"huishang list --overdue, warm ({items})", warm, warm_peak)
    after = [*huishang("update", item_id, "--note", f"进展{next(_notes)}", "--today", TODAY)]
    right_after, peak = measure(listing, ledger, repeat, prepare=after)
    row(f"  the same right after an update ({items})", right_after, peak,
        f"{right_after / warm:.2f}× warm, " + verdict(right_after / warm <= 1.5) + " (≤ 1.5×)")

    if commits:
        rel = str(item.relative_to(ledger))
        history, peak = measure(huishang("history", item_id), ledger, repeat)
        row(f"huishang history ID ({items}, {commits} commits)", history, peak)
        git, git_peak = measure(["git", "log", "--follow", "--raw", "--", rel], ledger, repeat)
        row("git log --follow --raw of its file", git, git_peak,
            f"huishang/git = {history / git:.2f}")


if __name__ == "__main__":
    at_each_size(__doc__ or "", one_size, repeat=5, commits=True)
