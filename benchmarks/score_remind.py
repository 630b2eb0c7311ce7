"""Time `score` and the dry `remind` beside the warm `list --overdue`, in the same run (issue 36).

    python benchmarks/score_remind.py [--items 10000] [--big 100000] [--repeat 5]

For each size: the warm `list --overdue` (the reference), `score` (this year to date, as
a table and as JSON) and `remind` without --send (as a table and as JSON), each on the
same generated ledger with its caches made. The target: each at most 3× the warm list.
Prints the median wall time and peak memory of each. A script to run by hand, never a
timed test.
"""

from __future__ import annotations

import argparse
import subprocess
from pathlib import Path

from run import TODAY, at_each_size, generate, huishang, measure, row, verdict

TARGET = 3.0  # × the warm list


def one_size(work: Path, items: int, args: argparse.Namespace) -> None:
    ledger = work / f"ledger-{items}"
    generate(ledger, items)
    listing = huishang("list", "--overdue", "--today", TODAY)
    for warm_up in (huishang("validate"), listing):  # the ledger cache and the view index
        subprocess.run(warm_up, cwd=ledger, capture_output=True, check=False)
    warm, peak = measure(listing, ledger, args.repeat)
    row(f"huishang list --overdue, warm ({items})", warm, peak)
    for name, argv in (("score", ["score"]), ("score --format json", ["score", "--format",
                                                                       "json"]),
                       ("remind (dry)", ["remind"]),
                       ("remind --format json (dry)", ["remind", "--format", "json"])):
        took, peak = measure(huishang(*argv, "--today", TODAY), ledger, args.repeat)
        row(f"huishang {name} ({items})", took, peak,
            f"{took / warm:.2f}× list, " + verdict(took / warm <= TARGET) + f" (≤ {TARGET:g}×)")


if __name__ == "__main__":
    at_each_size(__doc__ or "", one_size, repeat=5)
