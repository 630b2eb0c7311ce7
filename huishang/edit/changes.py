"""Write ledger files safely: check the result first, then replace atomically or create
exclusively. A refused write leaves every file byte for byte as it was."""

from __future__ import annotations

import contextlib
import difflib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from huishang.edit import atomic
from huishang.edit.atomic import write_atomic
from huishang.edit.lifecycle import Plan
from huishang.edit.splice import Editor, block_entry
from huishang.errors import HuishangError
from huishang.ledger.fielderrors import parse_model
from huishang.ledger.models import Item, Meeting
from huishang.ledger.problems import Problem
from huishang.ledger.records import Ledger, Loaded, folder_of
from huishang.ledger.yamlfile import decode, parse_yaml

BOM = b"\xef\xbb\xbf"


class Refused(HuishangError):
    """The result would not validate; the problems say why and nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("refused", exit_code=1)
        self.problems = problems


@dataclass(frozen=True)
class Change:
    path: Path
    rel: str
    before: str
    after: str
    record: BaseModel | None = None  # what `after` holds, as checked

    def diff(self) -> str:
        return "".join(difflib.unified_diff(
            self.before.splitlines(keepends=True), self.after.splitlines(keepends=True),
            fromfile=f"a/{self.rel}", tofile=f"b/{self.rel}"))


def edit_item(ledger: Ledger, entry: Loaded[Item], plan: Plan,
              ids: Mapping[str, list[str]] | None = None) -> Change:
    """The item file with the plan applied, checked as `validate` would check it."""
    path, text = _opened(ledger, entry.path)
    editor = Editor(text)
    for key in plan.remove:
        editor.remove(key)
    for key, value in plan.values.items():
        editor.set_value(key, value)
    for proof in plan.evidence:
        editor.append("evidence", proof)
    for update in plan.updates:
        editor.append("updates", update)
    after = editor.result()

    expected = _as_written(entry.record)
    for key in plan.remove:
        expected.pop(key, None)
    expected.update(plan.values)
    expected["evidence"] = [*expected["evidence"], *plan.evidence]
    expected["updates"] = [*expected["updates"], *plan.updates]
    change = Change(path, entry.path, text, after)
    record = _verify(change, Item, lambda: Item.model_validate(expected), ledger, ids)
    return replace(change, record=record)


def append_correction(ledger: Ledger, entry: Loaded[Item], correction: dict[str, Any],
                      ids: Mapping[str, list[str]] | None = None) -> Change:
    """The item file with a `corrections:` entry appended, the rest byte for byte, checked
    as `validate` would check it (the record then reads corrected)."""
    path, text = _opened(ledger, entry.path)
    editor = Editor(text)
    editor.append("corrections", correction)
    expected = _as_written(entry.record)
    expected["corrections"] = [*expected["corrections"], correction]
    change = Change(path, entry.path, text, editor.result())
    record = _verify(change, Item, lambda: Item.model_validate(expected), ledger, ids)
    return replace(change, record=record)


def _opened(ledger: Ledger, rel: str) -> tuple[Path, str]:
    """A ledger file's path and text (its BOM left out) to edit; refused, at its place, when
    it is not UTF-8 or holds characters a ledger file may not."""
    path = ledger.root / rel
    text, problems = decode(path.read_bytes(), rel)
    if text is None:
        raise Refused(problems)
    return path, text


def _as_written(item: Item) -> dict[str, Any]:
    """The item's data as its file writes it, before corrections: what a change to the
    file is judged against once read again (the corrections are then applied anew)."""
    updates, done_on = item.as_written()
    return {**item.model_dump(), "updates": [u.model_dump() for u in updates],
            "done_on": done_on}


def add_aspect(ledger: Ledger, entry: Loaded[Meeting], key: str, title: str) -> Change:
    """The meeting file with a new aspect (方面) after the others (see `add_aspects`)."""
    return add_aspects(ledger, entry, [(key, title)])


def add_aspects(ledger: Ledger, entry: Loaded[Meeting],
                aspects: Sequence[tuple[str, str]]) -> Change:
    """The meeting file with aspects (key, title) appended after the others, checked as
    `validate` would check it; a key the meeting already has is refused."""
    for key, _ in aspects:
        taken = next((a for a in entry.record.aspects if a.key == key), None)
        if taken is not None:
            raise HuishangError("aspect.exists", exit_code=2, key=key, title=taken.title,
                                meeting=entry.record.id)
    path, text = _opened(ledger, entry.path)
    entries = [{"key": key, "title": title} for key, title in aspects]
    if re.search(r"^aspects\s*:", text, re.MULTILINE):
        editor = Editor(text)
        for aspect in entries:
            editor.append("aspects", aspect, expand_empty=True)
        after = editor.result()
    else:  # a meeting's fields have no order to keep: a new list goes at the end
        newline = "\r\n" if "\r\n" in text else "\n"
        lines = ["aspects:", *(line for a in entries for line in block_entry(a, 2, 4))]
        after = text + ("" if not text or text.endswith("\n") else newline) + "".join(
            line + newline for line in lines)
    expected = entry.record.model_dump()
    expected["aspects"] = [*expected["aspects"], *entries]
    change = Change(path, entry.path, text, after)
    record = _verify(change, Meeting, lambda: Meeting.model_validate(expected), ledger)
    return replace(change, record=record)


def id_index(ledger: Ledger) -> dict[str, list[str]]:
    """Item id -> the paths holding it: made once for many checked writes (an import)."""
    ids: dict[str, list[str]] = {}
    for entry in ledger.items:
        ids.setdefault(entry.record.id, []).append(entry.path)
    return ids


def refuse_too_large(rel: str, after: str, limit: int) -> None:
    """Refuse a file's new text over `limit` bytes (max_file_bytes): validate reads no
    such file, so one written would drop out of every view and fail CI."""
    from huishang.ledger.problems import problem

    size = len(after.encode("utf-8"))
    if size > limit:
        raise Refused([problem(rel, None, "", "write.too_large", size=size, limit=limit)])


def _verify(change: Change, model: type[BaseModel],
            expected: Callable[[], BaseModel] | None, ledger: Ledger,
            ids: Mapping[str, list[str]] | None = None) -> BaseModel:
    """Re-read the new text; it must pass every rule and hold exactly what was intended.

    The new text is judged first, by the same models as `validate`: a value the models
    refuse (an invisible character in `--by`) is a refusal at its field, not a crash.
    """
    from huishang.ledger.rules import check_item, check_meeting

    refuse_too_large(change.rel, change.after, ledger.settings.max_file_bytes)
    doc, problems = parse_yaml(change.after, change.rel)
    record = None
    if doc is not None:
        record, problems = parse_model(model, doc, change.rel)
    if record is None or doc is None:
        raise Refused(problems)
    if expected is not None and record != expected():
        # The text surgery produced something other than intended: a bug, never written.
        raise RuntimeError(f"edit of {change.rel} did not produce the intended data")
    found: list[Problem] = []
    if isinstance(record, Item):
        # the item's rules read its meeting and the unit registry, never other items
        probe = Ledger(ledger.root, ledger.settings, ledger.units, ledger.meetings,
                       [Loaded(record, change.rel, doc.source)])
        found += check_item(probe.items[-1], probe)
        found += _duplicate_ids(record, change.rel, id_index(ledger) if ids is None else ids)
    elif isinstance(record, Meeting):
        found += check_meeting(Loaded(record, change.rel, doc.source), folder_of(change.rel),
                               ledger)
    found = [p for p in found if p.severity == "error"]  # a warning is validate's to give
    if found:
        raise Refused(found)
    return record


def _duplicate_ids(record: Item, rel: str, ids: Mapping[str, list[str]]) -> list[Problem]:
    from huishang.ledger.problems import problem

    return [problem(rel, (1, 1), "id", "id.duplicate", id=record.id, other=path)
            for path in ids.get(record.id, ()) if path != rel]


def new_file(ledger: Ledger, rel: str, text: str, model: type[BaseModel],
             ids: Mapping[str, list[str]] | None = None) -> Change:
    """A file to create, checked before anything is written; `ids` as `id_index` makes it,
    for many files."""
    change = Change(ledger.root / rel, rel, "", text)
    return replace(change, record=_verify(change, model, None, ledger, ids))


def write(change: Change) -> bytes:
    """Write a checked change: replace an existing file atomically, keeping its BOM, or
    create a new one without ever replacing a file that appeared meanwhile. Leftovers of
    interrupted writes in the file's folder go first (the caller holds the write lock).
    The bytes written."""
    atomic.remove_leftovers(change.path.parent)
    data = _bytes_of(change)
    if change.before:
        write_atomic(change.path, data)
    else:
        create_new(change.path, data)
    return data


def _bytes_of(change: Change) -> bytes:
    """What writing `change` puts in its file: an existing file keeps its BOM, and one
    changed since it was read is refused."""
    if not change.before:
        return change.after.encode("utf-8")
    raw = change.path.read_bytes()
    if raw.decode("utf-8-sig") != change.before:
        raise HuishangError("write.changed_meanwhile", path=change.rel)
    return (BOM if raw.startswith(BOM) else b"") + change.after.encode("utf-8")


def write_all(changes: list[Change]) -> None:
    """Write many checked changes (an import) with one sync for all; each file is whole,
    old or new, whatever happens. A file changed since it was read is refused first."""
    for folder in sorted({c.path.parent for c in changes}):
        atomic.remove_leftovers(folder)
    planned = [(c.path, _bytes_of(c), bool(c.before)) for c in changes]
    try:
        atomic.place_many(planned)
    except FileExistsError as exists:
        raise HuishangError("write.exists", path=str(exists.filename or "")) from None


def create_new(path: Path, data: bytes) -> None:
    """Create `path` with `data`, complete or not at all; refuse if it exists. Folders made
    for it are removed again when it cannot be written (a full disk): a failed `new meeting`
    leaves no empty meeting folder behind."""
    made = _make_folders(path.parent)
    try:
        atomic.create_exclusive(path, data)
    except FileExistsError:
        raise HuishangError("write.exists", path=str(path)) from None
    except BaseException:
        for folder in made:
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise


def _make_folders(folder: Path) -> list[Path]:
    """Make `folder` and its missing parents; those made, innermost first."""
    missing = [f for f in (folder, *folder.parents) if not f.exists()]
    folder.mkdir(parents=True, exist_ok=True)
    return missing
