"""The ledger as it stood on any day, replayed from git: every committed version of every item.

With git, an item's state on a day is its last version committed on or before
that day (in the ledger's time zone), so "open at the end of May" means what the
ledger said then, not what it says now. Without git history (a copy of the
files, or a repository with no commits) the current files are the only version;
callers say so.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from huishang.errors import HuishangError
from huishang.git.history import (
    Commit,
    Log,
    Step,
    commit_day,
    item_id_of,
    named,
    read_history,
    steps,
)
from huishang.git.repo import git
from huishang.ledger.layout import ITEMS_DIR, in_source, split_source
from huishang.ledger.models import Item
from huishang.ledger.records import Ledger


@dataclass(frozen=True, slots=True)
class Version:
    """One version of an item: from git, the blob it was committed as (validated only when
    a report asks for it); from the files alone, the item itself."""

    day: dt.date  # the commit's day in the ledger's time zone
    blob: str | None = None  # None: deleted (or, with `current`, the files alone)
    # without git history, the item as its file holds it; with it, the ledger's record
    # when this is the latest version and the file is committed unchanged
    current: Item | None = None
    source: str = ""  # a rolled-up ledger's version: the source whose history holds it


class Brief(NamedTuple):
    """What a trend counts of a version: far less than the item, and kept by blob id. (A
    tuple: the 18,732 of a 10,000-commit history unpickle four times as fast as slotted
    dataclasses, which a bulletin pays when it reads the store.)"""

    status: str
    due: dt.date | None
    done_on: dt.date | None


@dataclass
class Timeline:
    """Every version of every item, oldest first; `from_git` is False for files alone.

    A version from git is a blob id until a report asks what it holds: `item` validates it
    (once per blob), `brief` gives what a trend counts (kept in the result store by blob
    id, so a later run validates nothing it has seen). A month's bulletin validates the
    versions standing on its few days, never the whole history."""

    versions: dict[str, list[Version]] = field(default_factory=dict)
    from_git: bool = True
    shallow: bool = False
    log: Log | None = None  # the git pass it was built from, for callers that need the steps
    zone: ZoneInfo | None = None
    # The timelines of rolled-up ledgers (their ids already among `versions`, named
    # `<source>:<id>`), whose steps are theirs.
    parts: dict[str, Timeline] = field(default_factory=dict)

    def all_steps(self) -> list[Step]:
        """Every item change, this ledger's and then each rolled-up ledger's."""
        return self._steps(None)

    def steps_between(self, start: dt.date, end: dt.date) -> list[Step]:
        """The item changes committed from `start` to `end` (days in the ledger's zone);
        only their blobs are described."""
        if self.zone is None:
            return []
        zone = self.zone
        return self._steps(lambda commit: start <= commit_day(commit, zone) <= end)

    def _steps(self, keep: Callable[[Commit], bool] | None) -> list[Step]:
        found = steps(self.log, keep) if self.log is not None else []
        for source, part in self.parts.items():
            found += named(source, part._steps(keep))
        return found

    def item(self, version: Version) -> Item | None:
        """The item a version holds; None when deleted or when it does not validate."""
        if version.source:
            source, part = version.source, self.parts[version.source]
            plain = replace(version, source="")
            if part.log is None or plain.blob is None:
                return _renamed(source, part.item(plain))
            # one object per version, as `reported` tells an unchanged item by identity
            renamed: Item | None = part.log.derived(
                f"renamed:{source}", plain.blob, lambda: _renamed(source, part.item(plain)))
            return renamed
        if version.blob is None or self.log is None or version.current is not None:
            return version.current
        return _item(self.log, version.blob)

    def brief(self, version: Version) -> Brief | None:
        """What a trend counts of a version (None when deleted or not valid)."""
        if version.source:
            return self.parts[version.source].brief(replace(version, source=""))
        if version.blob is None or self.log is None:
            return _brief_of(version.current)
        log = self.log
        found: Brief | None = log.derived("brief", version.blob,
                                          lambda: _brief_of(self.item(version)))
        return found

    def save(self) -> None:
        """Keep what was found of its blobs (briefs, data) for the next run."""
        if self.log is not None:
            self.log.save()
        for part in self.parts.values():
            part.save()

    def release(self) -> None:
        """Keep what was found of the blobs, then let it go (see Log.release): after this,
        only the versions' days and `from_git` are to be read."""
        if self.log is not None:
            self.log.release()
        for part in self.parts.values():
            part.release()

    def _standing(self, item_id: str, day: dt.date) -> Version | None:
        """The version of an item committed last by the end of `day`."""
        found = None
        for version in self.versions.get(item_id, []):
            if version.day > day:
                break
            found = version
        return found

    def state(self, item_id: str, day: dt.date) -> Item | None:
        """The item as committed by the end of `day`, or None if it did not exist then."""
        version = self._standing(item_id, day)
        found = self.item(version) if version is not None else None
        if found is not None and not self.from_git:
            found = as_of(found, day)
        return found

    def tallies(self, days: Sequence[dt.date]) -> list[Counter[Brief]]:
        """How many items stood as each brief at the end of each of `days` (ascending): one
        sweep over every version in commit order, whatever the number of days."""
        events = sorted((v.day, item_id, n, v) for item_id, versions in self.versions.items()
                        for n, v in enumerate(versions))
        standing: dict[str, Brief | None] = {}
        counts: Counter[Brief] = Counter()
        out: list[Counter[Brief]] = []
        at = 0
        for day in days:
            while at < len(events) and events[at][0] <= day:
                _, item_id, _, version = events[at]
                before, now = standing.get(item_id), self.brief(version)
                if before is not None:
                    counts[before] -= 1
                if now is not None:
                    counts[now] += 1
                standing[item_id] = now
                at += 1
            tally: Counter[Brief] = Counter()
            for brief, n in counts.items():
                if n:
                    tally[brief if self.from_git else _guessed(brief, day)] += n
            out.append(tally)
        return out

    def created(self, item_id: str) -> dt.date | None:
        versions = self.versions.get(item_id, [])
        return versions[0].day if versions else None

    def reported(self, end: dt.date, as_of: dt.date) -> tuple[dict[str, Item], int]:
        """The items as they stood at the end of `end`, counting the feedback dated by `end`
        but committed later, up to `as_of` (a unit reports on the 30th, the clerk commits on
        the 3rd). Returns the items and how many such late updates were counted.

        An item whose every later change is dated by `end` is taken as committed by
        `as_of`; otherwise it stays as committed by `end`, with the late updates added and,
        if it was closed by `end`, closed.
        """
        if not self.from_git or as_of <= end:
            return self.states(min(end, as_of)), 0
        out: dict[str, Item] = {}
        late = 0
        for item_id in self.versions:
            then, later = self.state(item_id, end), self.state(item_id, as_of)
            if then is None:
                continue
            if later is None or later is then:
                out[item_id] = then
                continue
            known = {(u.date, u.note) for u in then.updates}
            extra = [u for u in later.updates if u.date <= end and (u.date, u.note) not in known]
            closed = later.status == "done" and later.done_on is not None \
                and later.done_on <= end
            late += len(extra)
            if all(u.date <= end for u in later.updates) and (closed or later.done_on is None):
                out[item_id] = later
                continue
            changes: dict[str, object] = {}
            if extra:
                changes["updates"] = sorted([*then.updates, *extra], key=lambda u: u.date)
            if closed and then.status != "done":
                changes.update(status="done", done_on=later.done_on, evidence=later.evidence)
            out[item_id] = then.model_copy(update=changes) if changes else then
        return out, late

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


def has_history(root: Path) -> bool:
    try:
        git(root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    except HuishangError:
        return False
    return True


def uncommitted(root: Path) -> list[str]:
    """Item files edited, added or deleted but not committed: what a count from git
    history leaves out."""
    try:
        out = git(root, "status", "--porcelain", "-z", "--untracked-files=all", "--",
                  ITEMS_DIR)
    except HuishangError:
        return []
    entries = iter(out.split("\0"))
    found = []
    for entry in entries:
        if len(entry) > 3:
            found.append(entry[3:])
            if entry[0] in "RC":  # a rename names its old path next, without a status
                next(entries, None)
    return found


def build(ledger: Ledger, use_git: bool = True, *, latest_loaded: bool = True) -> Timeline:
    """The timeline from git when the ledger has history, else from the current files; for
    a ledger that rolls others up, each source's from its own history, merged. With
    `latest_loaded`, an item's latest version is the loaded record when git vouches its
    file is unchanged; a caller that never asks `item` (it counts briefs, reads steps)
    leaves it off and saves the two git processes that tell."""
    if ledger.sources:
        return _spanning(ledger, use_git, latest_loaded)
    if not use_git or not has_history(ledger.root):
        timeline = Timeline(from_git=False)
        for entry in ledger.items:
            meeting = ledger.meeting_of(entry)
            day = meeting.date if meeting else dt.date.min
            timeline.versions[entry.record.id] = [Version(day, current=entry.record)]
        return timeline
    zone = ZoneInfo(ledger.settings.timezone)
    log = read_history(ledger.root)
    timeline = Timeline(shallow=log.shallow, log=log, zone=zone)
    for change in log.changes:
        item_id = item_id_of(change.path)  # a file is named by its item's id (validate)
        day = commit_day(change.commit, zone)
        timeline.versions.setdefault(item_id, []).append(Version(day, change.new_blob))
        if change.status == "R" and change.old_path:  # the old id ends where the new begins
            old_id = item_id_of(change.old_path)
            if old_id != item_id:
                timeline.versions.setdefault(old_id, []).append(Version(day, None))
    if latest_loaded:
        _known_current(timeline, ledger)
    log.save()
    return timeline


def _known_current(timeline: Timeline, ledger: Ledger) -> None:
    """An item's latest version whose file git vouches is unchanged in the work tree is
    the record the ledger loaded already: a report as of today (a bulletin's as-of day)
    does not validate every item's blob again."""
    from huishang.ledger.results import committed_blobs

    committed = committed_blobs(ledger.root)
    for entry in ledger.items:
        versions = timeline.versions.get(item_id_of(entry.path))
        if versions and versions[-1].blob is not None \
                and committed.get(entry.path) == versions[-1].blob:
            versions[-1] = replace(versions[-1], current=entry.record)


def _item(log: Log, blob: str) -> Item | None:
    """The item a blob holds, None when it does not validate."""

    def validate() -> Item | None:
        data = log.data(blob)
        if data is None:
            return None
        try:
            return Item.model_validate(data)
        except ValidationError:
            return None

    found: Item | None = log.derived("item", blob, validate)
    return found


def _spanning(ledger: Ledger, use_git: bool, latest_loaded: bool) -> Timeline:
    local = [e for e in ledger.items if not split_source(e.path)[0]]
    # a view of some sources only (--source) leaves this ledger's own items and history out
    own = build(replace(ledger, items=local, sources={}), use_git,
                latest_loaded=latest_loaded) if local else Timeline()
    zone = ZoneInfo(ledger.settings.timezone)
    merged = Timeline(dict(own.versions), shallow=own.shallow, log=own.log, zone=zone)
    kinds = [own.from_git] if own.versions else []
    for source, part in ledger.sources.items():
        # days in this ledger's time zone, as for its own items
        timeline = build(replace(part, settings=ledger.settings), use_git,
                         latest_loaded=latest_loaded)
        for item_id, versions in timeline.versions.items():
            merged.versions[in_source(source, item_id)] = [
                replace(v, source=source) for v in versions]
        merged.parts[source] = timeline
        merged.shallow = merged.shallow or timeline.shallow
        if timeline.versions:
            kinds.append(timeline.from_git)
    merged.from_git = all(kinds)
    return merged


def _renamed(source: str, item: Item | None) -> Item | None:
    if item is None:
        return None
    return item.model_copy(update={"id": in_source(source, item.id)})


def _guessed(brief: Brief, day: dt.date) -> Brief:
    """A brief on `day` from today's files, as `as_of` guesses the item: done later, it
    was still open then."""
    if brief.status == "done" and brief.done_on is not None and brief.done_on > day:
        return Brief("in_progress", brief.due, None)
    return brief


def _brief_of(item: Item | None) -> Brief | None:
    return Brief(item.status, item.due, item.done_on) if item is not None else None
