"""The ledger's state at a git tree, kept for the pull requests that start from it.

A pull request changes a few files of a ledger that its base branch's CI has already
checked in full. That run keeps what it found, meeting folder by meeting folder, under
the id of its `items/` tree (`git rev-parse HEAD:items`), with the settings and unit
registry it was judged by. A later run asks git which paths differ from that tree (two
trees diff in milliseconds, however large), and makes again only the folders those paths
are in; every other folder's part is the kept one. It is kept like the results store
(results.py): outside the work tree, signed, and made by this code only.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self

from huishang.ledger.load import judged_by
from huishang.store.results import Digests
from huishang.store.signed import Private

STATES_DIR = "states"
KEEP = 3  # states kept: the base branch's last few trees


def context(root: Path, max_bytes: int) -> str:
    """What every kept part depends on besides its folder's files: the bytes of the
    settings and of the unit registry, the size limit and huishang's code."""
    return Digests(judged_by(root), max_bytes)("state")[:32]


@dataclass(frozen=True)
class States(Private):
    """The kept states, one file each, named `<context>-<tree>`."""

    @classmethod
    def open(cls, root: Path, name: str = STATES_DIR) -> Self:
        return super().open(root, name)

    def trees(self, context: str) -> list[str]:
        """The trees whose state was kept under `context`, the newest first."""
        folder = self.folder
        try:
            kept = [(entry.stat().st_mtime_ns, entry.name) for entry in os.scandir(folder)
                    if entry.name.startswith(context + "-")] if folder else []
        except OSError:
            return []
        return [name.partition("-")[2] for _, name in sorted(kept, reverse=True)]

    def none(self) -> bool:
        """No state is kept, under any context (a store the base branch's run never left)."""
        try:
            return self.folder is None or all(name.startswith(".")
                                              for name in os.listdir(self.folder))
        except OSError:
            return True

    def get(self, context: str, tree: str) -> Any | None:
        return self.read(f"{context}-{tree}")

    def put(self, context: str, tree: str, state: Any) -> None:
        """Keep `state`, and only the newest `KEEP` states."""
        if not self.write(f"{context}-{tree}", state) or self.folder is None:
            return
        try:
            kept = sorted((e for e in os.scandir(self.folder) if e.is_file(follow_symlinks=False)
                           and not e.name.startswith(".")),  # a write's temporary file
                          key=lambda e: e.stat().st_mtime_ns, reverse=True)
        except OSError:
            return
        for entry in kept[KEEP:]:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
