"""Load every file of a ledger repository into records and problems.

Nothing under items/ is skipped silently: every entry is either loaded or
reported. Links are never followed, and nothing outside the repository is read.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple, Protocol, TypeVar

from pydantic import BaseModel

from huishang.ledger.fielderrors import parse_model
from huishang.ledger.layout import (
    ITEMS_DIR,
    MEETING_FILE,
    SETTINGS_FILE,
    SUFFIX,
    UNITS_FILE,
    is_leftover_write,
    item_file,
)
from huishang.ledger.models import Item, Meeting, Settings, UnitsFile
from huishang.ledger.problems import Problem, problem, sort_key
from huishang.ledger.records import Ledger, Loaded, M, folder_of
from huishang.ledger.rules import build_units, check_item, check_ledger, check_settings
from huishang.ledger.units import UnitIndex
from huishang.ledger.yamlfile import DEFAULT_MAX_BYTES, read_yaml

Identity = tuple[int, int, int, int, int]  # size, mtime_ns, ctime_ns, inode, device


def identity(st: os.stat_result) -> Identity:
    """What tells a file changed without reading it (see store/files.py)."""
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


class KeptFiles(Protocol):
    """Per-file results kept between loads, by path and identity (store/files.py)."""

    hits: int

    def get(self, rel: str, ident: Identity) -> Any | None: ...
    def put(self, rel: str, ident: Identity, value: Any) -> None: ...
    def keep_only(self, paths: set[str]) -> None: ...
    def problems_between(self, judged_by: str) -> Any | None: ...
    def keep_between(self, judged_by: str, found: Any) -> None: ...
    def save(self) -> None: ...


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
    written = doc.data.get("status") if isinstance(doc.data, dict) else None
    if isinstance(record, Item) and written != record.status:  # 推进中 for in_progress
        problems = [problem(rel, doc.source.at(("status",)), "status", "status.synonym",
                            "warning", value=written, key=record.status)]
    return Loaded(record, rel, root=root), problems


Progress = Callable[[int, int], None]
T = TypeVar("T")
R = TypeVar("R")
PARALLEL_FROM = 2000  # files; below this, starting worker processes costs more than it saves


def load_ledger(root: Path, *, cache: Callable[[int], KeptFiles] | None = None,
                progress: Progress | None = None, workers: int | None = None) -> Ledger:
    """Load the whole ledger at `root`: every record that is valid, and every problem.

    Per-file results come from the `cache` (opened for the size limit) when the file is
    unchanged; the rest are read in parallel across cores when there are many.
    """

    settings, units, problems = _settings_and_units(root)
    max_bytes = settings.max_file_bytes
    meeting_files, item_files, found = scan_items(root)
    problems += found
    jobs = [(MEETING_KIND, rel) for rel in meeting_files] + [(ITEM_KIND, rel) for rel in item_files]
    kept = cache(max_bytes) if cache is not None else None
    results = _load_files(root, jobs, max_bytes, kept, progress, workers)
    meetings: dict[str, Loaded[Meeting]] = {}
    items: list[Loaded[Item]] = []
    for (kind, rel), (record, found) in zip(jobs, results, strict=True):
        problems += found
        if record is None:
            continue
        if kind == MEETING_KIND:
            meetings[folder_of(rel)] = record
        else:
            items.append(record)

    ledger = Ledger(root, settings, units, meetings, items)
    if kept is None:
        problems += check_ledger(ledger)
        return Ledger(root, settings, units, meetings, items, sorted(problems, key=sort_key))
    # the rules between files judged every record again: unless a file changed, or the
    # settings or the registry did, what they found last time is kept with the cache
    judged = judged_by(root)
    between = kept.problems_between(judged)
    if between is None:
        between = check_ledger(ledger)
    kept.keep_between(judged, between)
    kept.save()
    problems += between
    problems.sort(key=sort_key)
    return Ledger(root, settings, units, meetings, items, problems, kept.hits)


def _settings_and_units(root: Path) -> tuple[Settings, UnitIndex | None, list[Problem]]:
    """huishang.yaml and units.yaml, as a full load reads them (their problems too)."""
    problems: list[Problem] = []
    settings = Settings()
    if _exists(root / SETTINGS_FILE):
        loaded_settings, found = load_one(Settings, root, SETTINGS_FILE, DEFAULT_MAX_BYTES)
        problems += found
        if loaded_settings is not None:
            settings = loaded_settings.record
            problems += check_settings(loaded_settings)
    units: UnitIndex | None = None
    if _exists(root / UNITS_FILE):
        loaded_units, found = load_one(UnitsFile, root, UNITS_FILE, settings.max_file_bytes)
        problems += found
        # An empty registry (as `huishang init` leaves it) is not set up yet: no unit checks.
        if loaded_units is not None and loaded_units.record.units:
            units, found = build_units(loaded_units)
            problems += found
    return settings, units, problems


def load_settings(root: Path) -> Ledger:
    """The ledger's settings and unit registry, with their problems, and no meeting or
    item: what a report read from git history alone needs."""
    settings, units, problems = _settings_and_units(root)
    return Ledger(root, settings, units, {}, [], sorted(problems, key=sort_key))


def load_for_item(root: Path, ref: str) -> Ledger | None:
    """The part of the ledger one item's `show`, `update` and `history` need: settings,
    units, the item and its meeting; its problems are those of these files alone.

    An item's file is named by its id (`validate` holds every file to that), so the item
    `ref`, or the one whose id ends with `-ref`, is found by file names, without reading
    any other item. None when the names alone cannot settle it (no such name, several, or
    a file whose id is not its name): the caller then loads the whole ledger, which finds
    the item, or says precisely why not.
    """
    rel = item_file(root, ref)
    if rel is None:
        return None
    settings, units, problems = _settings_and_units(root)
    entry, own = load_one(Item, root, rel, settings.max_file_bytes)
    if entry is None or entry.record.id != rel.rsplit("/", 1)[1].removesuffix(SUFFIX):
        return None
    meetings: dict[str, Loaded[Meeting]] = {}
    folder = folder_of(rel)
    meeting_rel = f"{ITEMS_DIR}/{folder}/{MEETING_FILE}"
    if _exists(root / meeting_rel):
        meeting, found_here = load_one(Meeting, root, meeting_rel, settings.max_file_bytes)
        problems += found_here
        if meeting is not None:
            meetings[folder] = meeting
    ledger = Ledger(root, settings, units, meetings, [entry])
    problems += own + list(check_item(entry, ledger))
    problems.sort(key=sort_key)
    return Ledger(root, settings, units, meetings, [entry], problems)


MEETING_KIND, ITEM_KIND = "meeting", "item"
_MODELS: dict[str, type[BaseModel]] = {MEETING_KIND: Meeting, ITEM_KIND: Item}
Result = tuple[Any, list[Problem]]


def judged_by(root: Path) -> str:
    """A digest of the settings' and the registry's bytes, which every rule reads."""
    import hashlib

    digest = hashlib.blake2b(digest_size=20)
    for name in (SETTINGS_FILE, UNITS_FILE):
        try:
            digest.update((root / name).read_bytes())
        except OSError:
            digest.update(b"\0none")
        digest.update(b"\0")
    return digest.hexdigest()


def _load_files(root: Path, jobs: list[tuple[str, str]], max_bytes: int,
                cache: KeptFiles | None, progress: Progress | None,
                workers: int | None) -> list[Result]:
    """The result of every job, from the cache where the file is unchanged (the cache is
    told of the others, and of files that are gone, and saved by the caller)."""
    results: list[Result | None] = [None] * len(jobs)
    misses: list[int] = []
    for n, (_, rel) in enumerate(jobs):
        if cache is not None:
            try:
                cached = cache.get(rel, identity(os.lstat(root / rel)))
            except OSError:
                cached = None
            if cached is not None:
                results[n] = cached
                continue
        misses.append(n)
    loaded = _read_many(root, [jobs[n] for n in misses], max_bytes, progress, workers)
    for n, (ident, result) in zip(misses, loaded, strict=True):
        results[n] = result
        if cache is not None and ident is not None:
            cache.put(jobs[n][1], ident, result)
    if cache is not None:
        cache.keep_only({rel for _, rel in jobs})
    return [r for r in results if r is not None]


def _read_many(root: Path, jobs: list[tuple[str, str]], max_bytes: int,
               progress: Progress | None, workers: int | None) -> list[tuple[Any, Result]]:
    count = workers if workers is not None else (os.cpu_count() or 1)
    if count < 2 or len(jobs) < PARALLEL_FROM:
        out = []
        for n, job in enumerate(jobs):
            out.append(_read_job(root, job, max_bytes))
            if progress is not None and n % 500 == 0:
                progress(n, len(jobs))
        return out
    size = max(200, len(jobs) // (count * 8))
    chunks = [jobs[i:i + size] for i in range(0, len(jobs), size)]
    out = []
    for part in across_cores(_read_chunk, [(root, chunk, max_bytes) for chunk in chunks],
                             count):
        out += part
        if progress is not None:
            progress(len(out), len(jobs))
    return out


def across_cores(work: Callable[[T], R], chunks: list[T], count: int) -> Iterator[R]:
    """`work` done on each chunk by `count` worker processes, the results in order."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork" if "fork" in
                                          multiprocessing.get_all_start_methods() else None)
    with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
        yield from pool.map(work, chunks)


def _read_chunk(task: tuple[Path, list[tuple[str, str]], int]) -> list[tuple[Any, Result]]:
    root, jobs, max_bytes = task
    return [_read_job(root, job, max_bytes) for job in jobs]


def _read_job(root: Path, job: tuple[str, str], max_bytes: int) -> tuple[Any, Result]:
    """(identity before reading, result); the identity is None when the file cannot be
    looked at, and such a result is never cached."""

    kind, rel = job
    try:
        ident = identity(os.lstat(root / rel))
    except OSError:
        ident = None
    return ident, load_one(_MODELS[kind], root, rel, max_bytes)


def scan_items(root: Path) -> tuple[list[str], list[str], list[Problem]]:
    """List meeting and item files under items/, reporting every entry that does not fit."""
    meetings: list[str] = []
    items: list[str] = []
    folders, problems = scan_top(root)
    for name in folders:
        listing = scan_folder(root, name)
        if listing.meeting is not None:
            meetings.append(listing.meeting)
        items += listing.items
        problems += listing.problems
    return meetings, items, problems


def scan_top(root: Path) -> tuple[list[str], list[Problem]]:
    """The meeting folders under items/, by name, and a problem for every other entry."""
    problems: list[Problem] = []
    top = root / ITEMS_DIR
    if top.is_symlink():
        return [], [problem(ITEMS_DIR, None, "", "file.symlink")]
    if not top.is_dir():
        return [], []
    folders = []
    for entry in _entries(top):
        rel = f"{ITEMS_DIR}/{entry.name}"
        if entry.is_symlink():
            problems.append(problem(rel, (1, 1), "", "file.symlink"))
        elif not entry.is_dir(follow_symlinks=False):
            problems.append(problem(rel, (1, 1), "", "file.unexpected"))
        else:
            folders.append(entry.name)
    return folders, problems


class FolderFiles(NamedTuple):
    """What a meeting folder holds: its meeting file, its item files, and a problem for
    every other entry."""

    meeting: str | None
    items: list[str]
    problems: list[Problem]


def scan_folder(root: Path, name: str) -> FolderFiles:
    """The files of the meeting folder `name` (one that `scan_top` found)."""
    rel = f"{ITEMS_DIR}/{name}"
    meeting: str | None = None
    items: list[str] = []
    problems: list[Problem] = []
    children = _entries(root / rel)
    for child in children:
        child_rel = f"{rel}/{child.name}"
        if child.is_symlink():
            problems.append(problem(child_rel, (1, 1), "", "file.symlink"))
        elif child.is_dir(follow_symlinks=False):
            problems.append(problem(child_rel, None, "", "folder.unexpected"))
        elif child.name == MEETING_FILE:
            meeting = child_rel
        elif child.name.endswith(SUFFIX) and not child.name.startswith("."):
            items.append(child_rel)
        elif is_leftover_write(child.name):
            problems.append(problem(child_rel, None, "", "file.leftover_write", "warning"))
        else:
            problems.append(_misnamed(child_rel, child.name))
    if meeting is None and all(is_leftover_write(c.name) and not c.is_symlink()
                               for c in children):
        # What an interrupted `new meeting` leaves: the next one takes the folder.
        problems = [problem(rel, None, "", "folder.unfinished", "warning")]
    elif meeting is None:
        problems.append(problem(f"{rel}/{MEETING_FILE}", None, "", "folder.no_meeting"))
    return FolderFiles(meeting, items, problems)


def _misnamed(rel: str, name: str) -> Problem:
    stem, dot, suffix = name.rpartition(".")
    if dot and suffix.lower() in ("yml", "yaml") and stem:
        return problem(rel, (1, 1), "", "file.bad_suffix", expected=f"{stem}{SUFFIX}")
    return problem(rel, (1, 1), "", "file.unexpected")


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    with os.scandir(folder) as it:
        return sorted(it, key=lambda e: e.name)


def _exists(path: Path) -> bool:
    """True for a file or a link: a link is then reported by the reader, not ignored."""
    return path.is_symlink() or path.exists()
