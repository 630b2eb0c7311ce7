"""Roll-up at national scale: a ledger over N sources of M items each, beside one ledger.

    python benchmarks/rollup.py [--sources 32] [--items 5000] [--single 160000] [--repeat 5]

Each source is its own git repository (generate.py, a different seed each). Measured:
the first `sync` (fetch, check out and validate every source), a `sync` with nothing new
(target under 2 s), and the warm `list --overdue` over all sources, per item beside the
warm `list --overdue` of one ledger of --single items (target: within 2x per item).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import huishang, measure, row, verdict  # noqa: E402


def make_sources(work: Path, sources: int, items: int) -> list[Path]:
    found = []
    for n in range(sources):
        folder = work / f"p{n:02d}"
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(folder), "--items",
                        str(items), "--commits", "1", "--seed", str(n + 1)], check=True,
                       capture_output=True)
        found.append(folder)
    return found


def make_national(work: Path, sources: list[Path]) -> Path:
    root = work / "national"
    (root / "items").mkdir(parents=True)
    (root / "huishang.yaml").write_text("rollup:\n" + "".join(
        f"  - name: p{n:02d}\n    url: {folder}\n    ref: HEAD\n"
        for n, folder in enumerate(sources)), encoding="utf-8")
    return root


def timed(argv: list[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, cwd=cwd, env=env, check=False, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sources", type=int, default=32)
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--single", type=int, default=0,
                        help="items of the single ledger compared (default: sources x items)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    single_items = args.single or args.sources * args.items
    total = args.sources * args.items

    with tempfile.TemporaryDirectory(prefix="huishang-rollup-") as tmp:
        work = Path(tmp)
        env = {**os.environ, "HUISHANG_CACHE_DIR": str(work / "cache"),
               "XDG_CACHE_HOME": str(work / "xdg")}
        print(f"generating {args.sources} sources of {args.items} items, and one ledger of "
              f"{single_items} ...", flush=True)
        sources = make_sources(work, args.sources, args.items)
        national = make_national(work, sources)
        single = work / "single"
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(single), "--items",
                        str(single_items)], check=True, capture_output=True)

        print(f"{'path':<46} {'median':>12} {'peak':>12}")
        first = timed(huishang("sync", "--today", "2026-11-21"), national, env)
        row(f"first sync ({total} items)", first, 0, "fetch, check out, validate")
        seconds, peak = measure(huishang("sync", "--today", "2026-11-21"), national,
                                args.repeat, env)
        row("sync, nothing new", seconds, peak, verdict(seconds < 2.0) + " (< 2 s)")

        overdue = huishang("list", "--overdue", "--today", "2026-11-21")
        timed(overdue, single, env)  # warm the single ledger's index
        one, one_peak = measure(overdue, single, args.repeat, env)
        row(f"one ledger, warm list --overdue ({single_items})", one, one_peak,
            f"{one / single_items * 1e6:.1f} us/item")
        timed(overdue, national, env)
        many, many_peak = measure(overdue, national, args.repeat, env)
        ratio = (many / total) / (one / single_items)
        row(f"roll-up, warm list --overdue ({total})", many, many_peak,
            f"{many / total * 1e6:.1f} us/item, {ratio:.2f}x per item: "
            + verdict(ratio <= 2.0))


if __name__ == "__main__":
    main()
