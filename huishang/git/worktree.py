"""What git says of the ledger's files in the work tree: its tree, what changed since, and
which files are exactly their blob in git's index. (No other package asks git this.)"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from huishang.git.repo import git_env
from huishang.ledger.layout import ITEMS_DIR, LEDGER_PATHS


@dataclass(frozen=True)
class WorkTree:
    """What git says of the ledger's files in the work tree."""

    tree: str  # the id of HEAD's items/ tree
    dirty: list[str]  # tracked ledger files whose content is not HEAD's (deleted ones too)
    untracked: list[str]  # entries under items/ that git does not track (ignored ones too)

    @property
    def clean(self) -> bool:
        """The ledger's files are exactly HEAD's."""
        return not self.dirty and not self.untracked


@dataclass(frozen=True)
class Scope:
    """What a lean load is asked for."""

    full: set[str] = field(default_factory=set)  # paths whose item records are wanted
    tree: WorkTree | None = None  # git's view of the work tree, when there is git
    keep: bool = False  # keep this tree's state for later runs (the base branch's own run)


def work_tree(root: Path) -> WorkTree | None:
    """git's view of the ledger at `root`; None outside git or without a commit. Its three
    questions are asked at once: two of them walk the whole work tree."""
    asked = {
        "tree": ["rev-parse", "--verify", "--quiet", "HEAD:./items"],
        "dirty": ["-c", "core.quotepath=off", "diff", "--name-only", "--no-renames",
                  "--relative", "-z", "HEAD", "--", *LEDGER_PATHS],
        "untracked": ["ls-files", "--others", "--directory", "-z", "--", ITEMS_DIR],
    }
    try:
        running = {name: subprocess.Popen(["git", "-C", str(root), *args], env=git_env(),
                                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
                   for name, args in asked.items()}
    except OSError:  # no git here
        return None
    said: dict[str, str] = {}
    failed = False
    for name, process in running.items():
        out, _ = process.communicate()
        failed = failed or process.returncode != 0
        said[name] = out.decode("utf-8", "surrogateescape")
    if failed:
        return None
    return WorkTree(said["tree"].strip(), _names(said["dirty"]),
                    [p.rstrip("/") for p in _names(said["untracked"])])


def _names(out: str) -> list[str]:
    return [name for name in out.split("\0") if name]


def changed_since(root: Path, tree: str, now: WorkTree) -> set[str] | None:
    """The paths under items/ whose content differs between the items/ tree `tree` and the
    work tree (either side of a rename); None when git does not know `tree`."""
    try:
        done = subprocess.run(["git", "-C", str(root), "-c", "core.quotepath=off", "diff-tree",
                               "-r", "--name-only", "--no-renames", "-z", tree, now.tree],
                              capture_output=True, env=git_env(), check=False)
    except OSError:
        return None
    if done.returncode != 0:
        return None
    found = {f"{ITEMS_DIR}/{name}" for name in
             _names(done.stdout.decode("utf-8", "surrogateescape"))}
    return found | set(now.dirty) | set(now.untracked)


def committed_blobs(root: Path, within: Sequence[str] = LEDGER_PATHS) -> dict[str, str]:
    """Path -> blob id of each regular file (within those paths) whose work-tree content is
    its blob in git's index; {} outside git."""
    def run(*args: str) -> bytes | None:
        try:
            done = subprocess.run(["git", "-C", str(root), "--literal-pathspecs", *args],
                                  capture_output=True,
                                  env=git_env(), check=False)
        except OSError:  # no git here: every file is keyed by its bytes
            return None
        return done.stdout if done.returncode == 0 else None

    listed = run("ls-files", "-s", "-z", "--", *within)
    changed = run("diff-files", "--name-only", "-z", "--", *within)
    if listed is None or changed is None:
        return {}
    dirty = set(changed.decode("utf-8", "surrogateescape").split("\0"))
    blobs: dict[str, str] = {}
    for entry in listed.decode("utf-8", "surrogateescape").split("\0"):
        meta, _, rel = entry.partition("\t")
        parts = meta.split()
        if len(parts) == 3 and parts[0] in ("100644", "100755") and parts[2] == "0" \
                and rel not in dirty:
            blobs[rel] = parts[1]
    return blobs
