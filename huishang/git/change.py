"""A change since its base: where it left the base, and the files it changed.

The change is what the branch did since it left the base: it is compared with the merge
base, not the base's tip, so a branch that is only behind passes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from huishang.errors import HuishangError
from huishang.git.history import raw_changes
from huishang.git.repo import git
from huishang.git.worktree import Scope, WorkTree, work_tree
from huishang.ledger.layout import ITEMS_DIR, SETTINGS_FILE, UNITS_FILE

# The files of the rules (settings and unit registry): diffed with the items, judged apart.
RULE_FILES = (SETTINGS_FILE, UNITS_FILE)


@dataclass(frozen=True)
class ChangedFile:
    """A file the change added, edited, renamed or deleted, as git's raw diff says."""

    status: str
    old_path: str | None
    new_path: str | None
    old_blob: str | None

    @property
    def path(self) -> str:
        return self.new_path or self.old_path or ""


@dataclass(frozen=True)
class BranchChange:
    """A change since its base: where it left the base, and the files it changed."""

    fork: str  # the merge base
    head: str
    diffs: list[ChangedFile]
    tree: WorkTree | None  # git's view of the work tree

    @property
    def scope(self) -> Scope:
        """What the lean load of the ledger needs (store/lean.py): the records of the
        changed paths (either side), and the tree's state kept when the change is empty
        at the base's own tip (the base branch's run, which pull requests start from)."""
        paths = {p for d in self.diffs for p in (d.old_path, d.new_path) if p}
        return Scope(paths, self.tree, keep=self.fork == self.head)


def change_since(root: Path, base: str) -> BranchChange:
    """The change from `base` to the work tree, compared from where it left `base`."""
    try:
        git(root, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}")
    except HuishangError:
        raise HuishangError("git.no_base", exit_code=2, base=base) from None
    try:
        fork = git(root, "merge-base", base, "HEAD").strip()
    except HuishangError:
        raise HuishangError("check.no_merge_base", exit_code=2, base=base) from None
    tree = work_tree(root)
    head = git(root, "rev-parse", "HEAD").strip()
    return BranchChange(fork, head, _diff(root, fork, tree), tree)


def _diff(root: Path, fork: str, tree: WorkTree | None) -> list[ChangedFile]:
    """Files changed from `fork` to the working tree; new content is read from the files.
    When the ledger's tracked files are HEAD's, the two commits' trees are compared, which
    git does without looking at every file."""
    upto = ["HEAD"] if tree is not None and not tree.dirty else []
    out = git(root, "-c", "core.quotepath=off", "diff", "--raw", "--no-abbrev", "-M",
              fork, *upto, "--", ITEMS_DIR, *RULE_FILES)
    return [ChangedFile(status, old, new, old_blob)
            for status, old, new, old_blob, _, _ in raw_changes(out)]
