"""The whole ledger's problems, as `load_ledger` finds them, without holding every record.

`check --base` needs every problem of the ledger, but the records of the files the change
touched only. Each file's own problems, and what rules between files read of it (an item's
id, carry-overs and status) depend only on that file, its meeting,
the unit registry and the settings: so they are kept in the content-addressed store
(results.py) under the keys of exactly those files, and a file is parsed again only when
one of them is new. The rules between files then run on those summaries.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple, cast

from huishang.ledger.layout import ITEMS_DIR, MEETING_FILE, SETTINGS_FILE, UNITS_FILE
from huishang.ledger.load import ITEM_KIND, _read_many, _settings_and_units, load_one, scan_items
from huishang.ledger.models import Item, Meeting
from huishang.ledger.problems import Problem, sort_key
from huishang.ledger.records import Ledger, Loaded, folder_of, positions
from huishang.ledger.results import Digests, ResultStore, file_keys
from huishang.ledger.rules import carried, check_item, check_meeting, duplicates
from huishang.ledger.yamlfile import SourceMap


class Summary(NamedTuple):
    """What the rules between files read of one valid item."""

    id: str
    carried_from: str | None
    carried_to: str | None
    status: str


def load_lean(root: Path, full: set[str]) -> Ledger:
    """Every problem of the ledger at `root`; the records of every meeting and of the
    items at the paths in `full`; the rest from the store where their files are known."""
    settings, units, problems = _settings_and_units(root)
    meeting_files, item_files, found = scan_items(root)
    problems += found
    keys = file_keys(root, [SETTINGS_FILE, UNITS_FILE, *meeting_files, *item_files])
    store = ResultStore.open(root)
    digest = Digests(keys.get(SETTINGS_FILE), keys.get(UNITS_FILE), settings.max_file_bytes)
    context = Ledger(root, settings, units, {}, [])

    meetings: dict[str, Loaded[Meeting]] = {}
    for rel in meeting_files:
        key = digest("meeting", rel, keys[rel]) if rel in keys else None
        result = store.get(key) if key is not None else None
        if result is None:
            entry, own = load_one(Meeting, root, rel, settings.max_file_bytes)
            if entry is not None:
                own = own + list(check_meeting(entry, folder_of(rel), context))
            result = (entry, own)
            if key is not None:
                store.put(key, result)
        entry, own = result
        problems += own
        if entry is not None:
            meetings[folder_of(rel)] = entry

    context = Ledger(root, settings, units, meetings, [])
    item_keys: dict[str, str | None] = {}
    found_items: dict[str, tuple[Summary | None, list[Problem]]] = {}
    for rel in item_files:
        meeting_rel = f"{ITEMS_DIR}/{folder_of(rel)}/{MEETING_FILE}"
        key = digest("item", rel, keys[rel], keys.get(meeting_rel)) if rel in keys else None
        item_keys[rel] = key
        result = store.get(key) if key is not None and rel not in full else None
        if result is not None:
            found_items[rel] = result
    # the files not in the store are parsed in parallel, as a full load parses them
    missing = [(ITEM_KIND, rel) for rel in item_files if rel not in found_items]
    items: list[Loaded[Item]] = []
    parsed = _read_many(root, missing, settings.max_file_bytes, None, None)
    for (_, rel), (_, (entry, own)) in zip(missing, parsed, strict=True):
        result = _summary(entry, own, context)
        key = item_keys[rel]
        if key is not None:
            store.put(key, result)
        if entry is not None and rel in full:
            items.append(entry)
        found_items[rel] = result
    summaries: list[tuple[str, Summary]] = []
    for rel in item_files:
        summary, own = found_items[rel]
        problems += own
        if summary is not None:
            summaries.append((rel, summary))

    # the rules read only an item's id, carry-overs and status (a summary has them), and
    # for a problem its positions, read from the file (which is what its key says)
    entries = cast(list[Loaded[Item]], [_Entry(s, rel, root) for rel, s in summaries])
    problems += duplicates(entries) + carried(entries)
    store.save()
    problems.sort(key=sort_key)
    return Ledger(root, settings, units, meetings, items, problems, store.hits)


class _Entry:
    """An item as the rules between files read it: its summary for a record."""

    __slots__ = ("known", "path", "record", "root")

    def __init__(self, record: Summary, path: str, root: Path) -> None:
        self.record, self.path, self.root = record, path, root
        self.known: SourceMap | None = None

    @property
    def source(self) -> SourceMap:
        if self.known is None:
            self.known = positions(self.root, self.path)
        return self.known


def _summary(entry: Loaded[Item] | None, own: list[Problem],
             context: Ledger) -> tuple[Summary | None, list[Problem]]:
    """An item's own problems (with those of its meeting and units) and its summary."""
    if entry is None:
        return None, own
    own = own + list(check_item(entry, context))
    record = entry.record
    return Summary(record.id, record.carried_from, record.carried_to, record.status), own
