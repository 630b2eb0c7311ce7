"""The whole ledger's problems, as `load_ledger` finds them, without holding every record.

`check --base` needs every problem of the ledger, but the records of the files the change
touched only. Each file's own problems, and what rules between files read of it (an item's
id, carry-overs and status) depend only on that file, its meeting, the unit registry and
the settings. So they are kept twice over:

- by file, in the content-addressed store (results.py), under the keys of exactly those
  files: a file is parsed again only when one of them is new;
- by meeting folder, in the state of a whole `items/` tree (trees.py), which the base
  branch's own run keeps: a pull request then makes again only the folders of the paths
  that differ from that tree, and neither lists nor keys the others.

The rules between files then run on the summaries.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple, cast

from huishang.git.worktree import Scope, WorkTree, changed_since
from huishang.ledger.layout import ITEMS_DIR, MEETING_FILE, SETTINGS_FILE, SUFFIX, UNITS_FILE
from huishang.ledger.load import (
    PARALLEL_FROM,
    FolderFiles,
    _settings_and_units,
    across_cores,
    load_one,
    scan_folder,
    scan_top,
)
from huishang.ledger.models import Item, Meeting, Settings
from huishang.ledger.problems import Problem, sort_key
from huishang.ledger.records import Ledger, Loaded, folder_of, positions
from huishang.ledger.rules import agreed_count, carried, check_item, check_meeting, duplicates
from huishang.ledger.units import UnitIndex
from huishang.ledger.yamlfile import SourceMap
from huishang.store.results import Digests, ResultStore, file_keys
from huishang.store.trees import States, context

FEW_FOLDERS = 20  # folders made again; up to this many, they are parsed, not looked up


class Summary(NamedTuple):
    """What the rules between files read of one valid item."""

    id: str
    carried_from: str | None
    carried_to: str | None
    status: str


_Meeting = tuple[str, Meeting | None, list[Problem]]  # a meeting's path, record, problems


class Folder(NamedTuple):
    """A meeting folder's part of the ledger: the problems of its listing, its meeting
    (path, record, problems), and its items. Most items are plain: valid, with no problem
    of their own, no carry-over, and the id their file is named by; of those the name
    alone is kept. The others are kept by their place among the names."""

    listed: list[Problem]
    meeting: _Meeting | None
    names: str  # the item files as listed, without their suffix, joined by "/"
    odd: dict[int, tuple[Summary | None, list[Problem]]]


# what the rules between files read of a plain item, beyond its id: it carries nothing
# over (its status is read only of items that do)
_PLAIN = Summary("", None, None, "")


def load_lean(root: Path, scope: Scope) -> Ledger:
    """Every problem of the ledger at `root`; the records of the items at the paths in
    `scope.full`, and of the meetings of the folders made again (every folder unless a
    kept state answers; the folders of `scope.full` always); the rest from a kept state
    or the store."""
    settings, units, problems = _settings_and_units(root)
    names, found = scan_top(root)
    problems += found
    states = States.open(root)
    under = context(root, settings.max_file_bytes)
    kept, since, kept_tree = _nearest(root, states, under, scope.tree)
    redo = {name for name in names if name not in kept or name in since}
    redo |= _folders_of(scope.full)
    made, items, hits = _make(root, [name for name in names if name in redo], scope.full,
                              settings, units, whole=not kept)
    folders = {name: made[name] if name in redo else kept[name] for name in names}
    meetings: dict[str, Loaded[Meeting]] = {}
    by_id: dict[str, Summary] = {}  # the last item of each id, as the full load keeps it
    twice: set[str] = set()
    carrying: list[tuple[str, Summary]] = []
    for name, folder in folders.items():
        problems += folder.listed
        if folder.meeting is not None:
            rel, record, own = folder.meeting
            problems += own
            if record is not None and name in redo:
                meetings[name] = Loaded(record, rel, root=root)
        stems = _stems(folder)
        if name not in redo:
            hits += len(stems) + (folder.meeting is not None)
        if not folder.odd:  # a folder of plain items, named apart from each other
            twice.update(by_id.keys() & stems)
            by_id.update(dict.fromkeys(stems, _PLAIN))
            continue
        for place, stem in enumerate(stems):
            summary, own = folder.odd.get(place, (_PLAIN, []))
            problems += own
            if summary is None:
                continue
            item_id = summary.id or stem
            if summary.carried_from or summary.carried_to:
                carrying.append((_rel(name, stem), summary))
            if item_id in by_id:
                twice.add(item_id)
            by_id[item_id] = summary
    problems += _between(root, folders, twice, carrying, by_id)
    tree = scope.tree
    # the base branch's run keeps its tree's state; so does a run that found no state at
    # all (a pull request's first run when the base's cache is gone): its next run, on
    # the next commit, makes again only the folders changed since
    if tree is not None and tree.clean and tree.tree != kept_tree and (
            scope.keep or (not kept and states.none())):
        states.put(under, tree.tree, {name: _kept(folder) for name, folder in folders.items()})
    problems.sort(key=sort_key)
    return Ledger(root, settings, units, meetings, items, problems, hits)


def _kept(folder: Folder) -> Folder:
    """A folder as a state keeps it: without its meeting's record, the bulk of a state to
    read (a later run reads the meetings of the folders it makes again only)."""
    if folder.meeting is None:
        return folder
    rel, _, own = folder.meeting
    return folder._replace(meeting=(rel, None, own))


def _nearest(root: Path, states: States, under: str,
             now: WorkTree | None) -> tuple[dict[str, Folder], set[str], str | None]:
    """The kept state closest to the work tree (the fewest changed paths), the folders
    changed since, and the tree it is of; ({}, set(), None) when none applies."""
    best: tuple[int, str, set[str]] | None = None
    if now is not None:
        for tree in states.trees(under):
            changed = changed_since(root, tree, now)
            if changed is not None and (best is None or len(changed) < best[0]):
                best = (len(changed), tree, changed)
    state = states.get(under, best[1]) if best is not None else None
    if best is None or not isinstance(state, dict):
        return {}, set(), None
    return cast(dict[str, Folder], state), _folders_of(best[2]), best[1]


def _folders_of(paths: Iterable[str]) -> set[str]:
    """The names of the entries under items/ that `paths` are in (or are: an untracked
    folder is one path); the settings and the registry are in none."""
    return {folder_of(p) for p in paths if p.startswith(f"{ITEMS_DIR}/")}


def _make(root: Path, names: list[str], full: set[str], settings: Settings,
          units: UnitIndex | None, whole: bool) -> tuple[dict[str, Folder],
                                                          list[Loaded[Item]], int]:
    """The parts of the folders `names`, each file's taken from the store where its key
    is known (unless the folders are few, and not `whole`); the records of the items in
    `full`; how many files the store answered."""
    listings = {name: scan_folder(root, name) for name in names}
    # a few folders are parsed again: that costs less than keying their files (git reads
    # its whole index) and reading and writing back the store's parts they are in
    many = whole or len(names) > FEW_FOLDERS
    keys = file_keys(root, [SETTINGS_FILE, UNITS_FILE, *(
        rel for listing in listings.values() for rel in (listing.meeting, *listing.items)
        if rel is not None)]) if many else {}
    store = ResultStore.open(root if many else None)
    digest = Digests(keys.get(SETTINGS_FILE), keys.get(UNITS_FILE), settings.max_file_bytes)

    def key_of(kind: str, rel: str, *more: str | None) -> str | None:
        return digest(kind, rel, keys[rel], *more) if rel in keys else None

    def stored(key: str | None) -> Any | None:
        return store.get(key) if key is not None else None

    meetings: dict[str, _Meeting] = {}
    item_keys: dict[str, str | None] = {}
    results: dict[str, tuple[Summary | None, list[Problem]]] = {}
    tasks: list[_Task] = []
    for name, listing in listings.items():
        meeting_key = keys.get(f"{ITEMS_DIR}/{name}/{MEETING_FILE}")
        if listing.meeting is not None:
            known = stored(key_of("meeting", listing.meeting))
            if known is not None:
                meetings[name] = (listing.meeting, *known)
        misses = []
        for rel in listing.items:
            key = item_keys[rel] = key_of("item", rel, meeting_key)
            found = stored(key) if rel not in full else None
            if found is None:
                misses.append(rel)
            else:
                results[rel] = found
        if misses or (listing.meeting is not None and name not in meetings):
            tasks.append(_Task(name, listing.meeting, meetings.get(name), misses))
    items: list[Loaded[Item]] = []
    for name, meeting, made in _summarize(root, settings, units, full, tasks):
        if meeting is not None and name not in meetings:
            meetings[name] = meeting
            if (key := key_of("meeting", meeting[0])) is not None:
                store.put(key, meeting[1:])
        for rel, summary, own, entry in made:
            results[rel] = (summary, own)
            if (key := item_keys[rel]) is not None:
                store.put(key, (summary, own))
            if entry is not None:
                items.append(entry)
    store.save()
    return {name: _folder(root, listing, meetings.get(name), results)
            for name, listing in listings.items()}, items, store.hits


class _Task(NamedTuple):
    """A folder's files to parse: its meeting unless known, and those items."""

    name: str
    meeting_rel: str | None
    meeting: _Meeting | None
    items: list[str]


_Made = tuple[str, _Meeting | None,
              list[tuple[str, Summary | None, list[Problem], Loaded[Item] | None]]]


def _summarize(root: Path, settings: Settings, units: UnitIndex | None, full: set[str],
               tasks: list[_Task]) -> list[_Made]:
    """Each task's meeting and items parsed and judged, across cores when they are many:
    a worker sends back summaries, which cost little to pass, and records only of `full`."""
    count = os.cpu_count() or 1
    files = sum(len(task.items) for task in tasks)
    if count < 2 or files < PARALLEL_FROM:
        return _summarize_chunk((root, settings, units, full, tasks))
    size = max(200, files // (count * 8))
    chunks: list[list[_Task]] = [[]]
    held = 0
    for task in tasks:
        if held >= size:
            chunks.append([])
            held = 0
        chunks[-1].append(task)
        held += len(task.items) + 1
    work = [(root, settings, units, {p for t in chunk for p in t.items if p in full}, chunk)
            for chunk in chunks]
    return [made for part in across_cores(_summarize_chunk, work, count) for made in part]


def _summarize_chunk(work: tuple[Path, Settings, UnitIndex | None, set[str], list[_Task]],
                     ) -> list[_Made]:
    root, settings, units, full, tasks = work
    max_bytes = settings.max_file_bytes
    registry = Ledger(root, settings, units, {}, [])
    out: list[_Made] = []
    for task in tasks:
        meeting = task.meeting
        if meeting is None and task.meeting_rel is not None:
            entry, own = load_one(Meeting, root, task.meeting_rel, max_bytes)
            if entry is not None:
                own = own + list(check_meeting(entry, task.name, registry))
            meeting = (task.meeting_rel, entry.record if entry is not None else None, own)
        known = {} if meeting is None or meeting[1] is None else {
            task.name: Loaded(meeting[1], meeting[0], root=root)}
        context = Ledger(root, settings, units, known, [])
        made = []
        for rel in task.items:
            item, own = load_one(Item, root, rel, max_bytes)
            summary: Summary | None = None
            if item is not None:  # its own problems, with those of its meeting and units
                own = own + list(check_item(item, context))
                record = item.record
                summary = Summary(record.id, record.carried_from, record.carried_to,
                                  record.status)
            made.append((rel, summary, own, item if rel in full else None))
        out.append((task.name, meeting, made))
    return out


def _folder(root: Path, listing: FolderFiles, meeting: _Meeting | None,
            results: dict[str, tuple[Summary | None, list[Problem]]]) -> Folder:
    stems = [rel.rsplit("/", 1)[1].removesuffix(SUFFIX) for rel in listing.items]
    odd = {}
    for place, (stem, rel) in enumerate(zip(stems, listing.items, strict=True)):
        summary, own = results[rel]
        if summary is None or own or summary.carried_from or summary.carried_to or \
                summary.id != stem:
            odd[place] = (summary, own)
    listed = listing.problems
    if meeting is not None and meeting[1] is not None:  # its valid items, as agreed?
        valid = sum(results[rel][0] is not None for rel in listing.items)
        listed = listed + agreed_count(Loaded(meeting[1], meeting[0], root=root), valid)
    return Folder(listed, meeting, "/".join(stems), odd)


def _stems(folder: Folder) -> list[str]:
    return folder.names.split("/") if folder.names else []


def _rel(folder: str, stem: str) -> str:
    return f"{ITEMS_DIR}/{folder}/{stem}{SUFFIX}"


def _between(root: Path, folders: dict[str, Folder], twice: set[str],
             carrying: list[tuple[str, Summary]], by_id: dict[str, Summary]) -> list[Problem]:
    """The problems of the rules between files. They read an item's id, carry-overs and
    status, and for a problem its positions, read from the file (which is what its key
    says). Only the items that share an id or carry over can have one, so only those
    are handed to the rules, in the order of the ledger."""
    shared: list[tuple[str, Summary]] = []
    for name, folder in folders.items() if twice else ():
        for place, stem in enumerate(_stems(folder)):
            summary = folder.odd.get(place, (_PLAIN, []))[0]
            if summary is not None and (summary.id or stem) in twice:
                shared.append((_rel(name, stem), summary if summary.id else
                               summary._replace(id=stem)))
    return (duplicates(_entries(root, shared)) +
            carried(_entries(root, carrying), cast(dict[str, Item], by_id)))


def _entries(root: Path, summaries: list[tuple[str, Summary]]) -> list[Loaded[Item]]:
    return cast(list[Loaded[Item]], [_Entry(s, rel, root) for rel, s in summaries])


@dataclass
class _Entry:
    """An item as the rules between files read it: its summary for a record."""

    record: Summary
    path: str
    root: Path

    @functools.cached_property
    def source(self) -> SourceMap:
        return positions(self.root, self.path)
