"""Time `check --base` as CI runs it, in a fresh clone of a pull request (issue 18).

    python benchmarks/ci_check.py [--items 10000] [--big 100000] [--repeat 3]

The pull request updates five items, then adds one in a second commit. Measured in the
same run: the check with the result store of the base branch restored (as the shipped
templates restore it); with the store restored from the pull request's previous run (on
its first commit, which found no store: the base branch's cache gone or never made);
the check with no store, the C-loader parse of the whole ledger, and the floor of what
the change itself costs (`git ls-files -s` and a parse of the six files). A script to
run by hand, never a timed test.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from run import FLOOR, TODAY, at_each_size, generate, huishang, measure, row, verdict

CHANGED_FLOOR = """
import subprocess, sys, yaml
subprocess.run(["git", "ls-files", "-s"], capture_output=True, check=True)
for path in sys.argv[1:]:
    yaml.load(open(path, "rb").read(), Loader=yaml.CSafeLoader)
"""


def git(cwd: Path, *args: str) -> str:
    env_args = ["-c", "user.name=书记员", "-c", "user.email=clerk@example.cn"]
    return subprocess.run(["git", *env_args, *args], cwd=cwd, capture_output=True, text=True,
                          check=True).stdout


def pull_request(work: Path, items: int) -> tuple[Path, list[str]]:
    """A clone of a ledger's pull request (1 new item, 5 updated) and the changed paths."""
    origin = work / f"origin-{items}"
    generate(origin, items)
    git(origin, "init", "-q", "-b", "main")
    git(origin, "add", "-A")
    git(origin, "commit", "-qm", "台账")
    git(origin, "checkout", "-q", "-b", "change")
    files = sorted(p for p in (origin / "items").rglob("*.yaml") if p.name != "meeting.yaml")
    changed = []
    for path in files[1000:1005]:
        subprocess.run(huishang("update", path.stem, "--note", "已召开推进会。", "--today",
                                TODAY), cwd=origin, capture_output=True, check=True)
        changed.append(str(path.relative_to(origin)))
    git(origin, "add", "-A")
    git(origin, "commit", "-qm", "进展")  # the pull request's previous run checks this
    model = files[2000]
    new_id = model.stem.rsplit("-", 1)[0] + "-999"
    new = model.with_name(f"{new_id}.yaml")
    new.write_text(model.read_text(encoding="utf-8").replace(model.stem, new_id),
                   encoding="utf-8")
    changed.append(str(new.relative_to(origin)))
    git(origin, "add", "-A")
    git(origin, "commit", "-qm", "新增事项")
    git(origin, "checkout", "-q", "main")
    clone = work / f"clone-{items}"
    git(work, "clone", "-q", "--no-local", str(origin), str(clone))
    git(clone, "checkout", "-q", "change")
    return clone, changed


def one_size(work: Path, items: int, args: argparse.Namespace) -> None:
    repeat = args.repeat
    clone, changed = pull_request(work, items)
    check = huishang("check", "--base", "origin/main", "--today", TODAY)
    base_store = work / f"store-{items}"
    # the base branch's run fills the store, as CI on main leaves it
    main_clone = work / f"main-{items}"
    git(work, "clone", "-q", "--no-local", str(clone), str(main_clone))
    subprocess.run(huishang("check", "--base", "HEAD", "--today", TODAY), cwd=main_clone,
                   env=_env(base_store), capture_output=True, check=False)
    store = work / f"restored-{items}"
    restore = ["sh", "-c", f"rm -rf '{store}' && cp -r '{base_store}' '{store}'"]
    cached, cached_peak = measure(check, clone, repeat, _env(store), prepare=restore)
    # the pull request's previous run, on its first commit, with nothing restored
    earlier = work / f"earlier-{items}"
    git(work, "clone", "-q", "--no-local", str(clone), str(earlier))
    git(earlier, "checkout", "-q", "change~1")
    pr_store = work / f"pr-store-{items}"
    subprocess.run(check, cwd=earlier, env=_env(pr_store), capture_output=True, check=False)
    from_pr = ["sh", "-c", f"rm -rf '{store}' && cp -r '{pr_store}' '{store}'"]
    again, again_peak = measure(check, clone, repeat, _env(store), prepare=from_pr)
    empty = work / f"empty-{items}"
    cold, cold_peak = measure(check, clone, repeat, _env(empty),
                              prepare=["rm", "-rf", str(empty)])
    floor, floor_peak = measure([sys.executable, "-c", FLOOR, "items"], clone, repeat)
    least, least_peak = measure([sys.executable, "-c", CHANGED_FLOOR, *changed], clone, repeat)
    row(f"check --base, store restored ({items})", cached, cached_peak,
        verdict(cached <= 1.0 and cached_peak <= 100) + " (≤ 1 s, ≤ 100 MiB)")
    row(f"check --base, store of the PR's previous run ({items})", again, again_peak,
        verdict(again <= 1.0 and again_peak <= 100) + " (≤ 1 s, ≤ 100 MiB at 100k)")
    row(f"check --base, no store ({items})", cold, cold_peak,
        f"{cold / floor:.2f}× the parse, " + verdict(cold / floor <= 1.0) + " (≤ 1.0×)")
    row(f"C-loader parse of the ledger ({items})", floor, floor_peak)
    row("git ls-files -s + parse of the 6 files", least, least_peak,
        f"store restored = {cached / least:.1f}× this")


def _env(store: Path) -> dict[str, str]:
    import os

    return {**os.environ, "HUISHANG_CACHE_DIR": str(store), "HUISHANG_NO_CACHE": ""}


if __name__ == "__main__":
    at_each_size(__doc__ or "", one_size, repeat=3)
