"""Find the ledger repository and load every file in it into records and problems.

Nothing under items/ is skipped silently: every entry is either loaded or
reported. Links are never followed, and nothing outside the repository is read.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel

from huishang.errors import HuishangError
from huishang.fielderrors import parse_model
from huishang.models import Item, Meeting, Settings, UnitsFile
from huishang.problems import Problem, problem, sort_key
from huishang.units import UnitIndex
from huishang.yamlfile import DEFAULT_MAX_BYTES, SourceMap, read_yaml

SETTINGS_FILE = "huishang.yaml"
UNITS_FILE = "units.yaml"
ITEMS_DIR = "items"
MEETING_FILE = "meeting.yaml"
SUFFIX = ".yaml"

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Loaded(Generic[M]):
    """A record that passed its model, with where it came from."""

    record: M
    path: str  # relative to the repo root, with forward slashes
    source: SourceMap


@dataclass(frozen=True)
class Ledger:
    root: Path
    settings: Settings
    units: UnitIndex | None
    meetings: dict[str, Loaded[Meeting]]  # by folder name
    items: list[Loaded[Item]]
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def meeting_of(self, entry: Loaded[Item]) -> Meeting | None:
        found = self.meetings.get(folder_of(entry.path))
        return found.record if found else None


def folder_of(rel: str) -> str:
    """The meeting folder of a file under items/."""
    return rel.split("/")[1]


def find_root(start: Path) -> Path:
    """The nearest folder at or above `start` holding huishang.yaml or items/, like git."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / SETTINGS_FILE).is_file() or (folder / ITEMS_DIR).is_dir():
            return folder
    raise HuishangError(
        f"在 {start} 及其上级目录中找不到台账（huishang.yaml 或 items/）；"
        f"请在台账仓库中运行，或用 --repo 指定。\n"
        f"No ledger (huishang.yaml or items/) at or above {start}; run inside one or pass --repo.",
        exit_code=2,
    )


def load_one(model: type[M], root: Path, rel: str, max_bytes: int) -> tuple[
    Loaded[M] | None, list[Problem]
]:
    """Read, parse and validate one file; problems are returned, never raised."""
    doc, problems = read_yaml(root / rel, rel, max_bytes)
    if doc is None:
        return None, problems
    record, problems = parse_model(model, doc, rel)
    if record is None:
        return None, problems
    return Loaded(record, rel, doc.source), []


def load_ledger(root: Path) -> Ledger:
    """Load the whole ledger at `root`: every record that is valid, and every problem."""
    from huishang.checks import check_ledger  # checks need the Ledger type defined here

    problems: list[Problem] = []
    settings = Settings()
    if _exists(root / SETTINGS_FILE):
        loaded_settings, found = load_one(Settings, root, SETTINGS_FILE, DEFAULT_MAX_BYTES)
        problems += found
        if loaded_settings is not None:
            settings = loaded_settings.record
    max_bytes = settings.max_file_bytes

    units: UnitIndex | None = None
    if _exists(root / UNITS_FILE):
        loaded_units, found = load_one(UnitsFile, root, UNITS_FILE, max_bytes)
        problems += found
        # An empty registry (as `huishang init` leaves it) is not set up yet: no unit checks.
        if loaded_units is not None and loaded_units.record.units:
            units, found = UnitIndex.build(loaded_units)
            problems += found

    meeting_files, item_files, found = scan_items(root)
    problems += found
    meetings: dict[str, Loaded[Meeting]] = {}
    for rel in meeting_files:
        meeting, found = load_one(Meeting, root, rel, max_bytes)
        problems += found
        if meeting is not None:
            meetings[folder_of(rel)] = meeting
    items: list[Loaded[Item]] = []
    for rel in item_files:
        item, found = load_one(Item, root, rel, max_bytes)
        problems += found
        if item is not None:
            items.append(item)

    ledger = Ledger(root, settings, units, meetings, items)
    problems += check_ledger(ledger)
    problems.sort(key=sort_key)
    return Ledger(root, settings, units, meetings, items, problems)


def scan_items(root: Path) -> tuple[list[str], list[str], list[Problem]]:
    """List meeting and item files under items/, reporting every entry that does not fit."""
    meetings: list[str] = []
    items: list[str] = []
    problems: list[Problem] = []
    top = root / ITEMS_DIR
    if top.is_symlink():
        return [], [], [problem(ITEMS_DIR, None, "", "file.symlink")]
    if not top.is_dir():
        return [], [], []
    for entry in _entries(top):
        rel = f"{ITEMS_DIR}/{entry.name}"
        if entry.is_symlink():
            problems.append(problem(rel, (1, 1), "", "file.symlink"))
        elif not entry.is_dir(follow_symlinks=False):
            problems.append(problem(rel, (1, 1), "", "file.unexpected"))
        else:
            has_meeting = False
            for child in _entries(Path(entry.path)):
                child_rel = f"{rel}/{child.name}"
                if child.is_symlink():
                    problems.append(problem(child_rel, (1, 1), "", "file.symlink"))
                elif child.is_dir(follow_symlinks=False):
                    problems.append(problem(child_rel, None, "", "folder.unexpected"))
                elif child.name == MEETING_FILE:
                    has_meeting = True
                    meetings.append(child_rel)
                elif child.name.endswith(SUFFIX) and not child.name.startswith("."):
                    items.append(child_rel)
                else:
                    problems.append(_misnamed(child_rel, child.name))
            if not has_meeting:
                problems.append(problem(f"{rel}/{MEETING_FILE}", None, "", "folder.no_meeting"))
    return meetings, items, problems


def _misnamed(rel: str, name: str) -> Problem:
    stem, dot, suffix = name.rpartition(".")
    if dot and suffix.lower() in ("yml", "yaml") and stem:
        return problem(rel, (1, 1), "", "file.bad_suffix", expected=f"{stem}{SUFFIX}")
    return problem(rel, (1, 1), "", "file.unexpected")


def _entries(folder: Path) -> Iterable[os.DirEntry[str]]:
    with os.scandir(folder) as it:
        return sorted(it, key=lambda e: e.name)


def _exists(path: Path) -> bool:
    """True for a file or a link: a link is then reported by the reader, not ignored."""
    return path.is_symlink() or path.exists()
