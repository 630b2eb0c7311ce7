"""Time huishang at scale, side by side with Taskwarrior and with the PyYAML C-loader floor.

    python benchmarks/run.py [--items 10000] [--big 100000] [--commits 10000] [--repeat 5]

Prints the median wall time and peak memory of each command, the ratios the targets
name, and whether each target is met. A script to run by hand or in a CI job of its
own (see README), never a timed test. Needs `task` (Debian package taskwarrior) for
the comparison; without it that row is skipped.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
TODAY = "2026-11-21"
# An installed huishang has its bytecode compiled (pip compiles it at install): a run
# that may not write it (PYTHONDONTWRITEBYTECODE, set on some machines) would time
# Python's compiler in every command instead.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

# The floors of the spreadsheet commands: the libraries alone, reading or writing the same
# workbook's cells (no checking, no ledger files).
READ_FLOOR = """
import sys
from python_calamine import CalamineWorkbook
CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).to_python()
"""
WRITE_FLOOR = """
import sys, datetime
from python_calamine import CalamineWorkbook
import xlsxwriter
rows = CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).to_python()
book = xlsxwriter.Workbook(sys.argv[2], {"constant_memory": True})
sheet = book.add_worksheet()
for r, row in enumerate(rows):
    for c, value in enumerate(row):
        if isinstance(value, datetime.date):
            sheet.write_datetime(r, c, datetime.datetime.combine(value, datetime.time()))
        else:
            sheet.write(r, c, value)
book.close()
"""

# The floor of writing an item a file: create as many small files in as many folders.
CREATE_FLOOR = """
import os, sys, pathlib, shutil
root = pathlib.Path(sys.argv[1])
shutil.rmtree(root, ignore_errors=True)
folders = [root / str(n) for n in range(400)]
for folder in folders:
    folder.mkdir(parents=True)
for n in range(int(sys.argv[2])):
    with open(folders[n % 400] / f"{n}.yaml", "xb") as fh:
        fh.write(b"x" * 400)
os.sync()
"""

FLOOR = """
import sys, pathlib, yaml
for path in sorted(pathlib.Path(sys.argv[1]).rglob("*.yaml")):
    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
"""


def measure(argv: list[str], cwd: Path, repeat: int, env: dict[str, str] | None = None,
            prepare: list[str] | None = None) -> tuple[float, float]:
    """Median seconds and the largest peak memory (MiB) over `repeat` runs."""
    times, peaks = [], []
    for _ in range(repeat):
        if prepare:
            subprocess.run(prepare, cwd=cwd, env=env, capture_output=True, check=False)
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        times.append(time.perf_counter() - start)
        peaks.append(usage.ru_maxrss / 1024)
        if os.waitstatus_to_exitcode(status) not in (0, 1):
            raise SystemExit(f"{' '.join(argv)} failed with {status}")
    return statistics.median(times), max(peaks)


def generate(folder: Path, items: int, commits: int = 0) -> None:
    args = [sys.executable, str(HERE / "generate.py"), str(folder), "--items", str(items)]
    if commits:
        args += ["--commits", str(commits)]
    subprocess.run(args, check=True, capture_output=True)


def with_history(work: Path, items: int, commits: int, repeat: int,
                 env: dict[str, str] | None = None) -> tuple[Path, float]:
    """A generated ledger of `items` with a history of `commits`, validated once, and the
    median time of `git log --raw` over it (printed): the reference of history reports."""
    ledger = work / f"ledger-{items}"
    generate(ledger, items, commits)
    (ledger / ".gitignore").write_text(".huishang-cache/\ntasks.json\n", encoding="utf-8")
    subprocess.run(huishang("validate"), cwd=ledger, capture_output=True, check=False, env=env)
    git, git_peak = measure(["git", "log", "--raw", "--no-abbrev", "-M", "--", "items"],
                            ledger, repeat)
    row(f"git log --raw ({items} items, {commits} commits)", git, git_peak)
    return ledger, git


def huishang(*args: str) -> list[str]:
    return [sys.executable, "-m", "huishang", *args]


def on_a_terminal(argv: list[str]) -> list[str]:
    """`argv` run on a pseudo-terminal (util-linux `script`), as a clerk runs it: output
    goes to a terminal, so colour and fitting to the width are on."""
    import shlex

    return ["script", "-qec", shlex.join(argv), "/dev/null"]


def taskwarrior(data: Path) -> dict[str, str]:
    """The environment of a Taskwarrior whose data and settings are in `data` alone."""
    data.mkdir()
    (data / "taskrc").write_text(f"data.location={data}\nconfirmation=off\n"
                                 "verbose=nothing\ngc=off\n", encoding="utf-8")
    return {**os.environ, "TASKRC": str(data / "taskrc"), "TASKDATA": str(data)}


def row(name: str, seconds: float, peak: float, note: str = "") -> None:
    print(f"{name:<46} {seconds * 1000:>9.0f} ms {peak:>8.0f} MiB  {note}")


def at_each_size(doc: str, one_size: Callable[[Path, int, argparse.Namespace], None],
                 repeat: int, commits: bool = False) -> None:
    """The main of a script that measures at `--items` and, when given, `--big` items."""
    parser = argparse.ArgumentParser(description=doc.split("\n")[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--big", type=int, default=0, help="also run at this size (100000)")
    parser.add_argument("--repeat", type=int, default=repeat)
    if commits:
        parser.add_argument("--commits", type=int, default=0, help="a history of this many")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="huishang-bench-"))
    print(f"{'command':<46} {'median':>12} {'peak':>12}")
    try:
        for items in [args.items] + ([args.big] if args.big else []):
            one_size(work, items, args)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def verdict(ok: bool) -> str:
    return "meets the target" if ok else "MISSES the target"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--big", type=int, default=0, help="also run at this size (100000)")
    parser.add_argument("--commits", type=int, default=0, help="history of this many commits")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-exchange", dest="exchange", action="store_false",
                        help="skip export --xlsx and import")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="huishang-bench-"))
    env = {**os.environ, "HUISHANG_NO_CACHE": ""}
    print(f"{'command':<46} {'median':>12} {'peak':>12}")
    try:
        version, peak = measure(huishang("--version"), work, args.repeat, env)
        row("huishang --version", version, peak, verdict(version <= 0.150) + " (≤ 150 ms)")

        ledger = work / "ledger"
        generate(ledger, args.items)
        floor, floor_peak = measure([sys.executable, "-c", FLOOR, "items"], ledger, args.repeat)
        row(f"C-loader parse of {args.items} files (floor)", floor, floor_peak)
        cold, cold_peak = measure(huishang("validate", "--no-cache"), ledger, args.repeat, env)
        row(f"huishang validate --no-cache ({args.items})", cold, cold_peak,
            f"{cold / floor:.2f}× floor, " + verdict(cold / floor <= 1.5) + " (≤ 1.5×)")
        subprocess.run(huishang("validate"), cwd=ledger, capture_output=True, check=False)
        listing = huishang("list", "--overdue", "--today", TODAY)
        subprocess.run(listing, cwd=ledger, capture_output=True, check=False)  # the view index
        warm, warm_peak = measure(listing, ledger, args.repeat, env)
        row(f"huishang list --overdue, warm ({args.items})", warm, warm_peak)
        # on a terminal: the same table in colour, fitted to 160 columns, without the pager
        tty_env = {**env, "COLUMNS": "160", "LINES": "50", "TERM": "xterm-256color"}
        tty_env.pop("NO_COLOR", None)
        warm_tty, tty_peak = measure(on_a_terminal([*listing, "--no-pager"]), ledger,
                                     args.repeat, tty_env)
        row(f"  the same on a terminal ({args.items})", warm_tty, tty_peak)
        if shutil.which("task"):
            task_env = taskwarrior(work / "task")
            subprocess.run(["task", "import", str(ledger / "tasks.json")], env=task_env,
                           capture_output=True, check=True)
            task, task_peak = measure(["task", "overdue"], ledger, args.repeat, task_env)
            row(f"task overdue ({args.items}, Taskwarrior)", task, task_peak,
                f"huishang/task = {warm / task:.2f}, " + verdict(warm / task <= 1.0)
                + " (≤ 1.0)")
            task_tty, peak = measure(on_a_terminal(["task", "overdue"]), ledger, args.repeat,
                                     {**task_env, "COLUMNS": "160", "LINES": "50"})
            row(f"  task overdue on a terminal ({args.items})", task_tty, peak,
                f"huishang/task = {warm_tty / task_tty:.2f}, "
                + verdict(warm_tty / task_tty <= 1.0) + " (≤ 1.0)")
        else:
            print("task overdue: skipped (apt-get install taskwarrior)")

        if args.exchange:
            spreadsheets(work, ledger, args.items, args.repeat, env)

        if args.big:
            big = work / "big"
            generate(big, args.big)
            cold, peak = measure(huishang("validate", "--no-cache"), big, 1, env)
            row(f"huishang validate, cold ({args.big})", cold, peak,
                verdict(cold <= 20 and peak <= 1024) + " (≤ 20 s, ≤ 1 GiB)")
            subprocess.run(huishang("validate"), cwd=big, capture_output=True, check=False)
            listing = huishang("list", "--overdue", "--today", TODAY)
            subprocess.run(listing, cwd=big, capture_output=True, check=False)
            warm, peak = measure(listing, big, args.repeat, env)
            row(f"huishang list --overdue, warm ({args.big})", warm, peak,
                verdict(warm <= 1 and peak <= 1024) + " (≤ 1 s, ≤ 1 GiB)")

        if args.commits:
            repo = work / "history"
            generate(repo, min(args.items, 2_000), args.commits)
            log, peak = measure(huishang("log", "--since", "2000-01-01", "--until", TODAY),
                                repo, args.repeat, env)
            row(f"huishang log over {args.commits} commits", log, peak)
            item = sorted((repo / "items").rglob("*-01.yaml"))[0].stem
            history, peak = measure(huishang("history", item), repo, args.repeat, env)
            row(f"huishang history ID over {args.commits} commits", history, peak)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def spreadsheets(work: Path, ledger: Path, items: int, repeat: int,
                 env: dict[str, str]) -> None:
    """export --xlsx of the whole ledger; import of that workbook into the same ledger
    (nothing changes) and into one with the same meetings and no items (every row a new
    file); beside the libraries' own floor and Taskwarrior importing as many tasks."""
    book = work / "ledger.xlsx"
    export = huishang("export", "--xlsx", "-o", str(book), "--today", TODAY)
    seconds, peak = measure(export, ledger, repeat, env)
    floor, floor_peak = measure([sys.executable, "-c", WRITE_FLOOR, str(book),
                                 str(work / "floor.xlsx")], ledger, repeat)
    row(f"huishang export --xlsx ({items})", seconds, peak, f"{seconds / floor:.2f}× floor")
    row(f"  calamine read + XlsxWriter write ({items}, floor)", floor, floor_peak)
    reimport = huishang("import", str(book), "--today", TODAY)
    subprocess.run(reimport, cwd=ledger, env=env, capture_output=True, check=True)  # no error
    same, peak = measure(reimport, ledger, repeat, env)
    read, read_peak = measure([sys.executable, "-c", READ_FLOOR, str(book)], ledger, repeat)
    row(f"huishang import, nothing changes ({items})", same, peak)
    # an office's own sheet has 序号, not huishang's ids: rows are matched by number
    numbered = work / "numbered.xlsx"
    subprocess.run(huishang("export", "--xlsx", "-o", str(numbered), "--today", TODAY,
                            "--columns", "meeting,number,title,lead,due,status,progress_date,"
                            "progress,evidence"), cwd=ledger, env=env, capture_output=True,
                   check=True)
    by_number = huishang("import", str(numbered), "--today", TODAY)
    subprocess.run(by_number, cwd=ledger, env=env, capture_output=True, check=True)
    seconds, peak = measure(by_number, ledger, repeat, env)
    row(f"  the same by 序号, no ids in the sheet ({items})", seconds, peak)
    empty = work / "empty"
    shutil.copytree(ledger, empty, ignore=lambda folder, names: [
        n for n in names if n.endswith(".yaml") and n not in ("meeting.yaml", "units.yaml",
                                                               "huishang.yaml")])
    clear = [sys.executable, "-c", "import sys, pathlib\n"
             "[p.unlink() for p in pathlib.Path('items').rglob('*.yaml') "
             "if p.name != 'meeting.yaml']"]
    importing = huishang("import", str(book), "--today", TODAY)
    subprocess.run(importing, cwd=empty, env=env, capture_output=True, check=True)  # imports
    fresh, peak = measure(importing, empty, repeat, env, prepare=clear)
    row(f"huishang import into no items ({items} new files)", fresh, peak)
    row(f"  calamine read of the workbook ({items}, floor)", read, read_peak)
    create, create_peak = measure([sys.executable, "-c", CREATE_FLOOR, str(work / "files"),
                                   str(items)], work, repeat)
    row(f"  create {items} small files and sync (floor)", create, create_peak)
    if shutil.which("task"):
        data = work / "task-import"
        task_env = taskwarrior(data)
        wipe = [sys.executable, "-c", "import sys, pathlib\n"
                f"[p.unlink() for p in pathlib.Path({str(data)!r}).glob('*.data')]"]
        task, task_peak = measure(["task", "import", str(ledger / "tasks.json")], ledger,
                                  repeat, task_env, prepare=wipe)
        row(f"task import ({items}, Taskwarrior)", task, task_peak,
            f"huishang import into no items / task = {fresh / task:.2f}")


if __name__ == "__main__":
    main()
