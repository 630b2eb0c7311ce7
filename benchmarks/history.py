"""Time the reports read from git history beside `git log --raw` of the same history, in
the same run (issue 18).

    python benchmarks/history.py [--items 10000] [--commits 10000] [--repeat 3]

On a ledger whose history adds the items and then edits them (`generate.py --commits`):
`bulletin --month`, `log --since` over the whole history and `site`, each once with an
empty result store (`HUISHANG_CACHE_DIR`; a fresh machine, or CI with nothing restored),
then warm (the store as the previous run left it), then right after one more commit
(only that commit is read). Prints the median wall time and peak memory and the ratio
to `git log --raw` that the targets name (bulletin and log ≤ 3×, site ≤ 10×). A script to
run by hand, never a timed test.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from run import TODAY, at_each_size, huishang, measure, row, verdict, with_history

_MONTH = "2025-06"


def one_size(work: Path, items: int, args: argparse.Namespace) -> None:
    ledger, git = with_history(work, items, args.commits or 10_000, args.repeat)
    store = work / "store"
    reports = {
        "bulletin --month": (huishang("bulletin", "--month", _MONTH, "--today", TODAY), 3.0),
        "log --since (whole history)": (huishang("log", "--since", "2000-01-01", "--today",
                                                 TODAY), 3.0),
        "site": (huishang("site", "-o", str(work / "site"), "--today", TODAY), 10.0),
    }
    empty = ["rm", "-rf", str(store)]
    for name, (argv, target) in reports.items():
        env = {**os.environ, "HUISHANG_CACHE_DIR": str(store)}
        cold, cold_peak = measure(argv, ledger, args.repeat, env, prepare=empty)
        row(f"huishang {name}, empty store", cold, cold_peak, f"{cold / git:.1f}× git")
        warm, warm_peak = measure(argv, ledger, args.repeat, env)
        row(f"huishang {name}, warm", warm, warm_peak,
            f"{warm / git:.1f}× git, " + verdict(warm / git <= target) + f" (≤ {target:g}×)")
        commit = [sys.executable, "-c", _ONE_MORE, str(ledger)]
        after, after_peak = measure(argv, ledger, args.repeat, env, prepare=commit)
        row("  the same after one more commit", after, after_peak, f"{after / git:.1f}× git")
    shutil.rmtree(store, ignore_errors=True)


# One more commit: a progress note appended to the first item file.
_ONE_MORE = """
import os, pathlib, subprocess, sys
root = pathlib.Path(sys.argv[1])
path = sorted(p for p in (root / "items").rglob("*-01.yaml"))[0]
text = path.read_text(encoding="utf-8")
if "updates:" not in text:
    text += "updates:\\n"
note = "updates:\\n  - date: 2026-11-20\\n    note: 续报进展。\\n"
path.write_text(text.replace("updates:\\n", note, 1), encoding="utf-8")
who = {"GIT_AUTHOR_NAME": "张三", "GIT_AUTHOR_EMAIL": "z@example.cn",
       "GIT_COMMITTER_NAME": "张三", "GIT_COMMITTER_EMAIL": "z@example.cn"}
subprocess.run(["git", "-C", str(root), "commit", "-qam", "续报"], check=True,
               env={**os.environ, **who})
"""


if __name__ == "__main__":
    at_each_size(__doc__ or "", one_size, repeat=3, commits=True)
