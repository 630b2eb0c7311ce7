"""The ledger as it stood on any day, replayed from git: every committed version of every item.

An item at a month's end is what its versions committed by the day a report is made say
happened by then, each change on the day it counts on (standing.py): so "open at the
end of May" means what the ledger says of May, not what it says now. Without git
history (a copy of the files, or a repository with no commits) the current files are the
only version, read back into their dated changes; callers say so.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
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
    item_id_from_path,
    named,
    read_history,
    steps,
)
from huishang.git.repo import git
from huishang.git.standing import (
    Standing,
    briefs,
    corrected_by,
    dated_by,
    fold,
    life,
    nothing_later,
)
from huishang.ledger.layout import ITEMS_DIR, in_source, split_source
from huishang.ledger.models import Item
from huishang.ledger.records import Ledger, folder_of


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
    author: str = ""  # the commit's author
    # Set on a version read from its file (files alone, or an item of the ledger's
    # adoption, see `build`): the day the item entered the ledger by its file, its
    # meeting's; its changes count on the days its updates give.
    entered: dt.date | None = None


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
    # The timelines of rolled-up ledgers (their ids already among `versions`, named
    # `<source>:<id>`), whose steps are theirs.
    parts: dict[str, Timeline] = field(default_factory=dict)

    def all_steps(self) -> list[Step]:
        """Every item change, this ledger's and then each rolled-up ledger's."""
        return self._steps(None)

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

    def tallies(self, days: Sequence[dt.date]) -> list[Counter[Brief]]:
        """How many items stood as each brief at the end of each of `days` (ascending),
        each item by the bulletin's rule (standing.py) with everything committed: one sweep
        over the days its changes count on, whatever the number of days."""
        events = sorted((day, item_id, n, brief) for item_id in self.versions
                        for n, (day, brief) in enumerate(self._briefs(item_id)))
        standing: dict[str, Brief | None] = {}
        counts: Counter[Brief] = Counter()
        out: list[Counter[Brief]] = []
        at = 0
        for day in days:
            while at < len(events) and events[at][0] <= day:
                _, item_id, _, now = events[at]
                before = standing.get(item_id)
                if before is not None:
                    counts[before] -= 1
                if now is not None:
                    counts[now] += 1
                standing[item_id] = now
                at += 1
            out.append(Counter({brief: n for brief, n in counts.items() if n}))
        return out

    def _briefs(self, item_id: str) -> list[tuple[dt.date, Brief | None]]:
        """An item's brief on each day a change of it counts on (standing.briefs). Kept in
        the result store under its versions' blob ids: a later run validates none of them,
        and after a commit only the items it touched are replayed."""
        versions = self.versions.get(item_id, [])

        def make() -> list[tuple[dt.date, Brief | None]]:
            changes = life([(v.day, v.author, self.item(v), v.entered if n == 0 else None)
                            for n, v in enumerate(versions)])
            return [(day, Brief(*b) if b is not None else None) for day, b in briefs(changes)]

        if self.log is None:
            return make()
        chain = "\n".join(f"{v.source}:{v.blob}:{v.day}:{v.entered}:{v.author}"
                          for v in versions)
        digest = hashlib.blake2b(chain.encode(), digest_size=20).hexdigest()
        found: list[tuple[dt.date, Brief | None]] = self.log.derived("life", digest, make)
        return found

    def created(self, item_id: str) -> dt.date | None:
        """The day an item entered the ledger: its first commit's, or for an item read
        from its file, its meeting's."""
        versions = self.versions.get(item_id, [])
        if not versions:
            return None
        return versions[0].entered or versions[0].day

    def month_end(self, end: dt.date, as_of: dt.date,
                  start: dt.date | None = None) -> dict[str, Standing]:
        """Every item at the end of `end` as a bulletin made on `as_of` sees it (see
        standing.py), with the deadline moves that count from `start` to `end`."""
        out = {}
        for item_id in self.versions:
            found = self.standing(item_id, end, as_of, start)
            if found is not None:
                out[item_id] = found
        return out

    def standing(self, item_id: str, end: dt.date, as_of: dt.date,
                 start: dt.date | None = None) -> Standing | None:
        """One item at the end of `end`: its file as committed by then and every change
        dated by then and committed by `as_of`, in date order. Most items are their
        version standing at `end` (nothing dated by then committed since, not cancelled,
        no deadline move in the month): only the others are replayed from their versions."""
        versions = self.versions.get(item_id, [])
        known = bisect.bisect_right(versions, as_of, key=lambda v: v.day) \
            if self.from_git else len(versions)
        if not known:
            return None
        at_end = bisect.bisect_right(versions, end, key=lambda v: v.day) - 1
        first = versions[0]
        if at_end < 0 and (first.entered is None or first.entered > end):
            return None
        pick = versions[max(at_end, 0)]
        then = self.item(pick)
        later = self.item(versions[known - 1]) if known - 1 > at_end else then
        then = corrected_by(then, later)  # a correction known by `as_of` rewrites the past
        later = later if known - 1 > at_end else then
        # a version committed by `end` holds nothing that counts later; one read from its
        # file (the first, entered by its meeting's day) may
        read = at_end <= 0 and first.entered is not None
        settled = then is not None and then.status != "cancelled" \
            and (not read or dated_by(then, end)) \
            and not self._moved(versions, known, then, start, end)
        if then is not None and settled and (later is None or nothing_later(then, later, end)):
            return Standing(then)
        # replayed from the version standing at `end` when it holds nothing dated later (a
        # cancellation's day, or a move in the month, may lie further back: from the first)
        begin = max(at_end, 0) if settled else 0
        return fold(life([(v.day, v.author, self.item(v), v.entered if n == begin == 0 else None)
                          for n, v in enumerate(versions[begin:known])]), end, start)

    def _moved(self, versions: list[Version], known: int, item: Item | None,
               start: dt.date | None, end: dt.date) -> bool:
        """Whether a deadline may have moved from `start` to `end`: an update dated then
        records a move, or a commit since `start` changed the deadline."""
        if start is None:
            return False
        if item is not None and any(start <= u.date <= end and any(
                r.field == "due" for r in u.changes) for u in item.updates):
            return True
        if not self.from_git:
            return False
        since = bisect.bisect_left(versions, start, key=lambda v: v.day)
        for n in range(max(since, 1), known):
            before, after = self.brief(versions[n - 1]), self.brief(versions[n])
            if before is not None and after is not None and before.due != after.due:
                return True
        return False

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
            timeline.versions[entry.record.id] = [Version(day, current=entry.record,
                                                          entered=day)]
        return timeline
    zone = ZoneInfo(ledger.settings.timezone)
    log = read_history(ledger.root)
    timeline = Timeline(shallow=log.shallow, log=log)
    first_paths: dict[str, str] = {}
    for change in log.changes:
        item_id = item_id_from_path(change.path)  # a file is named by its item's id (validate)
        day = commit_day(change.commit, zone)
        first_paths.setdefault(item_id, change.path)
        timeline.versions.setdefault(item_id, []).append(
            Version(day, change.new_blob, author=change.commit.author))
        if change.status == "R" and change.old_path:  # the old id ends where the new begins
            old_id = item_id_from_path(change.old_path)
            if old_id != item_id:
                timeline.versions.setdefault(old_id, []).append(Version(day, None))
    if log.changes:
        _adopted(timeline, ledger, commit_day(log.changes[0].commit, zone), first_paths)
    if latest_loaded:
        _known_current(timeline, ledger)
    log.save()
    return timeline


def _adopted(timeline: Timeline, ledger: Ledger, first: dt.date,
             paths: dict[str, str]) -> None:
    """The items first committed in the month of the ledger's first commit of items (its
    adoption: an office's existing 台账 imported) are read from their files, entered on
    their meeting's day: the months before it, and that month, count what the sheet's
    dates say happened (new, closed, moved), not the day of the import."""
    end = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    for item_id, versions in timeline.versions.items():
        head = versions[0]
        if head.day >= end or head.blob is None or item_id not in paths:
            continue
        meeting = ledger.meetings.get(folder_of(paths[item_id]))
        entered = min(meeting.record.date, head.day) if meeting is not None else head.day
        versions[0] = replace(head, entered=entered)


def _known_current(timeline: Timeline, ledger: Ledger) -> None:
    """An item's latest version whose file git vouches is unchanged in the work tree is
    the record the ledger loaded already: a report as of today (a bulletin's as-of day)
    does not validate every item's blob again."""
    from huishang.git.worktree import committed_blobs

    committed = committed_blobs(ledger.root)
    for entry in ledger.items:
        versions = timeline.versions.get(item_id_from_path(entry.path))
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
    merged = Timeline(dict(own.versions), shallow=own.shallow, log=own.log)
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


def _brief_of(item: Item | None) -> Brief | None:
    return Brief(item.status, item.due, item.done_on) if item is not None else None
