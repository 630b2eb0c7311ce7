"""The ledger as it stood on any day, replayed from git: every committed version of every item.

With git, an item's state on a day is its last version committed on or before
that day (in the ledger's time zone), so "open at the end of May" means what the
ledger said then, not what it says now. Without git history (a copy of the
files, or a repository with no commits) the current files are the only version;
callers say so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from huishang.errors import HuishangError
from huishang.git.history import Commit, Log, Step, item_id_of, read_log, steps
from huishang.git.repo import git
from huishang.ledger.layout import ITEMS_DIR
from huishang.ledger.models import Item
from huishang.ledger.records import Ledger


@dataclass(frozen=True)
class Version:
    day: dt.date  # the commit's day in the ledger's time zone
    item: Item | None  # None: deleted, or a version that did not validate


@dataclass
class Timeline:
    """Every version of every item, oldest first; `from_git` is False for files alone."""

    versions: dict[str, list[Version]] = field(default_factory=dict)
    from_git: bool = True
    shallow: bool = False
    log: Log | None = None  # the git pass it was built from, for callers that need the steps
    zone: ZoneInfo | None = None

    def steps_between(self, start: dt.date, end: dt.date) -> list[Step]:
        """The item changes committed from `start` to `end` (days in the ledger's zone)."""
        if self.log is None or self.zone is None:
            return []
        zone = self.zone
        return [s for s in steps(self.log) if start <= commit_day(s.commit, zone) <= end]

    def state(self, item_id: str, day: dt.date) -> Item | None:
        """The item as committed by the end of `day`, or None if it did not exist then."""
        found = None
        for version in self.versions.get(item_id, []):
            if version.day > day:
                break
            found = version.item
        if found is not None and not self.from_git:
            found = as_of(found, day)
        return found

    def created(self, item_id: str) -> dt.date | None:
        versions = self.versions.get(item_id, [])
        return versions[0].day if versions else None

    def states(self, day: dt.date) -> dict[str, Item]:
        out = {}
        for item_id in self.versions:
            item = self.state(item_id, day)
            if item is not None:
                out[item_id] = item
        return out


def as_of(item: Item, day: dt.date) -> Item:
    """Without history, the best guess at an item on `day` from its current file: updates
    dated later are dropped, and an item done after that day was still open then."""
    updates = [u for u in item.updates if u.date <= day]
    changes: dict[str, object] = {}
    if len(updates) != len(item.updates):
        changes["updates"] = updates
    if item.status == "done" and item.done_on is not None and item.done_on > day:
        changes.update(status="in_progress", done_on=None)
    return item.model_copy(update=changes) if changes else item


def commit_day(commit: Commit, zone: ZoneInfo) -> dt.date:
    return dt.datetime.fromisoformat(commit.date).astimezone(zone).date()


def has_history(root: Path) -> bool:
    try:
        git(root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    except HuishangError:
        return False
    return True


def build(ledger: Ledger, use_git: bool = True) -> Timeline:
    """The timeline from git when the ledger has history, else from the current files."""
    if not use_git or not has_history(ledger.root):
        timeline = Timeline(from_git=False)
        for entry in ledger.items:
            meeting = ledger.meeting_of(entry)
            day = meeting.date if meeting else dt.date.min
            timeline.versions[entry.record.id] = [Version(day, entry.record)]
        return timeline
    zone = ZoneInfo(ledger.settings.timezone)
    log = read_log(ledger.root, [ITEMS_DIR], items_only=True)
    timeline = Timeline(shallow=log.shallow, log=log, zone=zone)
    for change in log.changes:
        item = None
        data = log.data(change.new_blob)
        if data is not None:
            try:
                item = Item.model_validate(data)
            except ValidationError:
                item = None
        item_id = item.id if item is not None else item_id_of(change.path)
        day = commit_day(change.commit, zone)
        timeline.versions.setdefault(item_id, []).append(Version(day, item))
        if change.status == "R" and change.old_path:  # the old id ends where the new begins
            old_id = item_id_of(change.old_path)
            if old_id != item_id:
                timeline.versions.setdefault(old_id, []).append(Version(day, None))
    return timeline
