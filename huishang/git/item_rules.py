"""The rules of an added or edited item (`ITEM_RULES`), judged against its version at the base.

Past progress updates are append-only; a change of a deadline, title, aspect, lead,
partners or owner is recorded in a new update (`changes:`, with its reason); a done item's
evidence is only added to and its completion date stays; reopening needs a reason; new
updates may not be dated after today or before the item's meeting. An item rule reads one
added or edited item and yields (the field, the message's values); its message code is
the registry's, so a rule cannot report under another's name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from huishang.git.change import ChangedFile
from huishang.git.history import is_item_path, load_blob
from huishang.git.updates import UpdateChanges, compare_updates
from huishang.ledger.models import Correction, Item, Meeting, Update
from huishang.ledger.records import Ledger, Loaded
from huishang.ledger.vocab import CHANGE_FIELDS
from huishang.ledger.yamlfile import Loc

# The option of `huishang update` that records a change of each agreed field but the
# deadline, whose message names its own (check.due_no_reason).
_OPTIONS = {"title": "--title", "aspect": "--aspect", "lead": "--lead",
            "partners": "--partner", "owner": "--owner-division/--owner-person"}

FoundAt = tuple[Loc, dict[str, Any]]


@dataclass(frozen=True)
class ItemEdit:
    """One item file the change added or edited, as the item rules read it."""

    entry: Loaded[Item]
    old: dict[str, Any]  # the file at the merge base; empty when there is none to read
    has_base: bool  # whether the merge base had a version of it to compare with
    updates: UpdateChanges[Update | None]  # its updates, the base's against now
    renamed: bool
    meeting: Meeting | None
    today: dt.date

    @property
    def item(self) -> Item:
        return self.entry.record


@dataclass(frozen=True)
class ItemRule:
    """A rule of one added or edited item; one that `compares` needs its base version."""

    name: str
    code: str
    check: Callable[[ItemEdit], Iterable[FoundAt]]
    compares: bool = True


def item_edit(d: ChangedFile, blobs: dict[str, bytes], by_path: dict[str, Loaded[Item]],
              ledger: Ledger, today: dt.date) -> ItemEdit | None:
    """An item file the change added, edited or renamed, with its version at the base;
    None for any other file, and for one that does not validate (validate says why)."""
    if d.status == "D" or not (is_item_path(d.path) or is_item_path(d.old_path or "")):
        return None
    entry = by_path.get(d.path)
    if entry is None:
        return None
    old = load_blob(blobs.get(d.old_blob or "")) if d.old_blob else None
    new_updates, _ = entry.record.as_written()  # the file's lines, whatever is corrected
    return ItemEdit(entry, old or {}, old is not None,
                    compare_updates(_updates(old), new_updates), d.status == "R",
                    ledger.meeting_of(entry), today)


def _id_kept(e: ItemEdit) -> Iterator[FoundAt]:
    if e.old.get("id") != e.item.id and not e.renamed:  # a rename is reported as such
        yield ("id",), {"old": e.old.get("id"), "new": e.item.id}


def _updates_not_edited(e: ItemEdit) -> Iterator[FoundAt]:
    for i in e.updates.edited:
        yield ("updates", i), {}


def _updates_not_removed(e: ItemEdit) -> Iterator[FoundAt]:
    if e.updates.removed:
        yield ("updates",), {"count": len(e.updates.removed)}


def _old_corrections(e: ItemEdit) -> list[Any]:
    written = e.old.get("corrections")
    return written if isinstance(written, list) else []


def _corrections_not_edited(e: ItemEdit) -> Iterator[FoundAt]:
    before = _old_corrections(e)
    fixes = e.item.corrections
    if len(fixes) < len(before) or any(_correction(raw) not in (None, fix)
                                       for raw, fix in zip(before, fixes, strict=False)):
        yield ("corrections",), {}


def _new_corrections_not_future(e: ItemEdit) -> Iterator[FoundAt]:
    first = len(_old_corrections(e))
    for i, fix in enumerate(e.item.corrections[first:], first):
        if fix.date > e.today:
            yield ("corrections", i, "date"), {"date": fix.date, "today": e.today}


def _unrecorded(e: ItemEdit) -> Iterator[tuple[str, Any, Any]]:
    """Each agreed field that changed with no new update recording that very change."""
    records = [r for u in e.updates.added if u is not None for r in u.changes]
    for name in CHANGE_FIELDS:
        before, after = _norm(e.old.get(name)), _norm(getattr(e.item, name))
        if before != after and not any(r.field == name and _norm(r.before) == before
                                       and _norm(r.after) == after for r in records):
            yield name, before, after


def _due_moved_on_record(e: ItemEdit) -> Iterator[FoundAt]:
    for name, before, after in _unrecorded(e):
        if name == "due":
            yield ("due",), {"before": _shown(before), "after": _shown(after), "id": e.item.id}


def _fields_changed_on_record(e: ItemEdit) -> Iterator[FoundAt]:
    for name, before, after in _unrecorded(e):
        if name != "due":
            yield (name,), {"before": _shown(before), "after": _shown(after), "id": e.item.id,
                            "option": _OPTIONS[name]}


def _was_done(e: ItemEdit) -> bool:
    return e.old.get("status") == "done"


def _evidence_only_added(e: ItemEdit) -> Iterator[FoundAt]:
    if not (_was_done(e) and e.item.status == "done"):
        return
    proof = [str(p) for p in e.old.get("evidence") or [] if p is not None]
    if e.item.evidence[:len(proof)] != proof:
        yield ("evidence",), {"before": ", ".join(proof)}


def _done_on_kept(e: ItemEdit) -> Iterator[FoundAt]:
    if _was_done(e) and e.item.status == "done" \
            and _norm(e.old.get("done_on")) != _norm(e.item.as_written()[1]):
        yield ("done_on",), {"before": e.old.get("done_on")}


def _reopened_with_reason(e: ItemEdit) -> Iterator[FoundAt]:
    if _was_done(e) and e.item.status != "done" and not e.updates.added:
        yield ("status",), {}


def _new_updates(e: ItemEdit) -> Iterator[tuple[int, Update]]:
    for i, update in enumerate(e.updates.added, e.updates.first_added):
        if update is not None:
            yield i, update


def _new_updates_not_future(e: ItemEdit) -> Iterator[FoundAt]:
    for i, update in _new_updates(e):
        if update.date > e.today:
            yield ("updates", i, "date"), {"date": update.date, "today": e.today}


def _new_updates_not_before_meeting(e: ItemEdit) -> Iterator[FoundAt]:
    for i, update in _new_updates(e):
        if e.meeting is not None and update.date < e.meeting.date:
            yield ("updates", i, "date"), {"date": update.date, "meeting": e.meeting.date}


ITEM_RULES = [
    ItemRule("id-kept", "check.id_changed", _id_kept),
    ItemRule("updates-not-edited", "check.update_edited", _updates_not_edited),
    ItemRule("corrections-not-edited", "check.correction_edited", _corrections_not_edited),
    ItemRule("new-corrections-not-future", "check.update_future", _new_corrections_not_future),
    ItemRule("updates-not-removed", "check.update_removed", _updates_not_removed),
    ItemRule("due-moved-on-record", "check.due_no_reason", _due_moved_on_record),
    ItemRule("fields-changed-on-record", "check.change_unrecorded",
             _fields_changed_on_record),
    ItemRule("evidence-only-added", "check.evidence_changed", _evidence_only_added),
    ItemRule("done-on-kept", "check.done_on_changed", _done_on_kept),
    ItemRule("reopened-with-reason", "check.reopen_no_reason", _reopened_with_reason),
    ItemRule("new-updates-not-future", "check.update_future", _new_updates_not_future,
             compares=False),
    ItemRule("new-updates-not-before-meeting", "check.update_before_meeting",
             _new_updates_not_before_meeting, compares=False),
]


def _norm(value: Any) -> Any:
    """A field's value in one comparable form, whether read from an old blob (plain YAML
    data, dates as text) or from a model."""
    if isinstance(value, BaseModel):
        value = value.model_dump(exclude_none=True)
    if value is None or value == [] or value == {}:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((str(k), str(v)) for k, v in value.items() if v is not None))
    return str(value)


def _shown(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, tuple):
        return ", ".join(v if isinstance(v, str) else str(v[1]) for v in value)
    return str(value)


def _correction(raw: Any) -> Correction | None:
    """A correction of an old version; None when it did not validate then."""
    try:
        return Correction.model_validate(raw)
    except ValidationError:
        return None


def _updates(data: dict[str, Any] | None) -> list[Update | None]:
    """The updates of an old version; an entry that did not validate then is None."""
    if not data or not isinstance(data.get("updates"), list):
        return []
    out: list[Update | None] = []
    for raw in data["updates"]:
        try:
            out.append(Update.model_validate(raw))
        except ValidationError:
            out.append(None)
    return out
