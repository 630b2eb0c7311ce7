"""Where this machine keeps the rolled-up ledgers it synced, and which revision of each is in use.

Everything lives in the user's cache folder (`HUISHANG_CACHE_DIR`, else
`$XDG_CACHE_HOME/huishang`, else `~/.cache/huishang`), under `rollup/<ledger>-<hash>/`
for each ledger that rolls others up:

    <name>.git/                 the source's fetched commits (a bare repository)
    trees/<name>/<revision>/    the files of a revision that passed validation
    state.json                  per source: the revision in use, its commit day, the sync day

A revision's tree is never changed once it is in use; a later sync adds a new tree
beside it and switches `state.json` to it in one atomic write.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from huishang.ledger.layout import cache_home

STATE_FILE = "state.json"
_REVISION = re.compile(r"[0-9a-f]{40}([0-9a-f]{24})?")


def rollup_dir(root: Path) -> Path:
    """The cache folder of the ledger at `root`: one per ledger, named so a person can tell."""
    real = os.path.realpath(root)
    tag = hashlib.sha256(real.encode("utf-8", "surrogateescape")).hexdigest()[:12]
    return cache_home() / "rollup" / f"{Path(real).name}-{tag}"


def repository(root: Path, name: str) -> Path:
    return rollup_dir(root) / f"{name}.git"


def tree(root: Path, name: str, revision: str) -> Path:
    return rollup_dir(root) / "trees" / name / revision


@dataclass(frozen=True)
class InUse:
    """The revision of a source that the views read."""

    url: str
    ref: str
    revision: str  # the commit id
    committed: str  # the commit's day, YYYY-MM-DD
    synced: str  # the day of the sync that last fetched it (or found nothing new)

    def age(self, today: dt.date) -> int:
        """Days since the source was last synced."""
        return (today - dt.date.fromisoformat(self.synced)).days


def read_state(root: Path) -> dict[str, InUse]:
    """The revision in use of each source; a damaged or missing state is an empty one (the
    views then say each source has not been synced)."""
    try:
        raw = json.loads((rollup_dir(root) / STATE_FILE).read_text(encoding="utf-8"))
        found = {name: InUse(**fields) for name, fields in raw["sources"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}
    return {name: used for name, used in found.items() if _sound(used)}


def _sound(used: InUse) -> bool:
    """A state entry a view can use: a commit id and two real days (a hand-edited or
    damaged entry counts as never synced, never as a traceback)."""
    try:
        dt.date.fromisoformat(used.committed)
        dt.date.fromisoformat(used.synced)
    except (TypeError, ValueError):
        return False
    return isinstance(used.revision, str) and bool(_REVISION.fullmatch(used.revision))


def write_state(root: Path, state: dict[str, InUse]) -> None:
    from huishang.edit.atomic import write_atomic

    body = {"sources": {name: asdict(used) for name, used in sorted(state.items())}}
    write_atomic(rollup_dir(root) / STATE_FILE,
                 json.dumps(body, ensure_ascii=False, indent=1).encode() + b"\n")
