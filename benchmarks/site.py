"""Time `site` at national scale, and how its index page behaves in Chromium (issue 18).

    python benchmarks/site.py [--items 10000] [--big 100000] [--commits 2000] [--repeat 1]

On a ledger from `generate.py` with a history of `--commits` commits: `site` into a new
folder and over the site it wrote before (the old one is removed after the swap), with
the result store warm, each beside `git log --raw` of the same history (target ≤ 10×)
and the 60 s / 1 GiB target at 100,000 items. Then, when Playwright and a Chromium are
installed, the index page in a headless Chromium: how long until its ledger table has
rows and a pager, a sort by title, and a search (target: usable within 2 s). A script to
run by hand, never a timed test.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import time
from pathlib import Path

from run import TODAY, at_each_size, huishang, measure, row, verdict, with_history

_READY = ("document.querySelectorAll('#ledger tbody tr').length > 0 && "
          "document.getElementById('ledger-page').textContent !== ''")
_PAINTED = "() => new Promise(done => requestAnimationFrame(() => done(null)))"


def one_size(work: Path, items: int, args: argparse.Namespace) -> None:
    env = {**os.environ, "HUISHANG_CACHE_DIR": str(work / "store")}
    ledger, git = with_history(work, items, args.commits or 2_000, args.repeat, env)
    out = work / "site"
    argv = huishang("site", "-o", str(out), "--today", TODAY)
    subprocess.run(argv, cwd=ledger, capture_output=True, check=True, env=env)  # the store
    fresh, fresh_peak = measure(argv, ledger, args.repeat, env, prepare=["rm", "-rf", str(out)])
    note = f"{fresh / git:.1f}× git, " + verdict(fresh / git <= 10)
    if items >= 100_000:
        note += "; 60 s / 1 GiB: " + verdict(fresh <= 60 and fresh_peak <= 1024)
    row(f"huishang site, new folder ({items} items)", fresh, fresh_peak, note)
    again, again_peak = measure(argv, ledger, args.repeat, env)
    row("  the same over the previous site", again, again_peak, f"{again / git:.1f}× git")
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 2**20
    index = (out / "index.html").stat().st_size / 2**20
    print(f"  site {size:.0f} MiB, index.html {index:.1f} MiB")
    _in_chromium(out / "index.html", args.repeat)


def _in_chromium(index: Path, repeat: int) -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        chromium = None
    if chromium is None:
        print("  (no Playwright or Chromium here: the index page is not timed)")
        return
    usable, sort, search = [], [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium,
                                    args=["--no-sandbox", "--disable-gpu"])
        for _ in range(max(repeat, 3)):
            page = browser.new_page()
            start = time.perf_counter()
            page.goto(index.as_uri(), wait_until="load", timeout=300_000)
            page.wait_for_function(_READY, timeout=300_000)
            usable.append(time.perf_counter() - start)
            start = time.perf_counter()
            page.click('#ledger th[data-col="title"]')
            page.evaluate(_PAINTED)
            sort.append(time.perf_counter() - start)
            start = time.perf_counter()
            page.fill("#filter", "m00042")
            page.evaluate(_PAINTED)
            search.append(time.perf_counter() - start)
            page.close()
        browser.close()
    usable_s = statistics.median(usable)
    row("  index.html in Chromium: ledger usable", usable_s, 0,
        verdict(usable_s <= 2.0) + " (≤ 2 s)")
    row("  index.html in Chromium: sort by title", statistics.median(sort), 0)
    row("  index.html in Chromium: search", statistics.median(search), 0)


if __name__ == "__main__":
    at_each_size(__doc__, one_size, repeat=1, commits=True)
