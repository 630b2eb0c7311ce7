"""The rules of the process, checked on a change (a pull request) against its base revision.

Items are never deleted or renamed (cancel them instead) and ids never change;
past progress updates are append-only; a deadline moves only with a new update
giving the reason; reopening a done item needs one too; new updates may not be
dated after today or before the item's meeting; and, when units.yaml names
maintainers, changes by anyone else are reported.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from huishang.errors import HuishangError
from huishang.git.history import (
    FileChange,
    is_item_path,
    load_blob,
    log_changes,
    raw_changes,
    read_blobs,
)
from huishang.git.repo import git
from huishang.git.updates import UpdateChanges, compare_updates
from huishang.ledger.layout import ITEMS_DIR
from huishang.ledger.models import Item, Update
from huishang.ledger.problems import Problem, Severity, problem
from huishang.ledger.records import Ledger, Loaded
from huishang.ledger.rules import at


@dataclass(frozen=True)
class _Diffed:
    status: str
    old_path: str | None
    new_path: str | None
    old_blob: str | None


def check_change(ledger: Ledger, base: str, today: dt.date) -> list[Problem]:
    """Every problem of the ledger as it is, plus every rule the change from `base` breaks."""
    root = ledger.root
    try:
        git(root, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}")
    except HuishangError:
        raise HuishangError("git.no_base", exit_code=2, base=base) from None
    diffs = _diff(ledger, base)
    blobs = read_blobs(root, [d.old_blob for d in diffs if d.old_blob])
    by_path = {e.path: e for e in ledger.items}
    problems = list(ledger.problems)
    for d in diffs:
        problems += _file_rules(d, blobs, by_path, ledger, today)
    problems += ownership(ledger, base)
    return problems


def _diff(ledger: Ledger, base: str) -> list[_Diffed]:
    """Files changed from `base` to the working tree; new content is read from the files."""
    out = git(ledger.root, "-c", "core.quotepath=off", "diff", "--raw", "--no-abbrev", "-M",
              base, "--", ITEMS_DIR)
    return [_Diffed(status, old, new, old_blob)
            for status, old, new, old_blob, _, _ in raw_changes(out)]


def _file_rules(d: _Diffed, blobs: dict[str, bytes], by_path: dict[str, Loaded[Item]],
                ledger: Ledger, today: dt.date) -> list[Problem]:
    path = d.new_path or d.old_path or ""
    if not is_item_path(path) and not (d.old_path and is_item_path(d.old_path)):
        if d.status == "D":
            return [problem(path, None, "", "check.deleted")]
        return []
    if d.status == "D":
        return [problem(path, None, "", "check.deleted")]
    found: list[Problem] = []
    if d.status == "R":
        found.append(problem(path, (1, 1), "", "check.renamed", old=d.old_path))
    entry = by_path.get(path)
    if entry is None:  # the file does not validate: validate's problems already say why
        return found
    old = load_blob(blobs.get(d.old_blob or "")) if d.old_blob else None
    new_updates = entry.record.updates
    diff = compare_updates(_updates(old), new_updates)
    if old is not None:
        found += _old_vs_new(entry, old, diff, renamed=d.status == "R")
    meeting = ledger.meeting_of(entry)
    for i, update in enumerate(diff.added, diff.first_added):
        if update is None:
            continue
        if update.date > today:
            found.append(at(entry, ("updates", i, "date"), "check.update_future",
                             date=update.date, today=today))
        if meeting is not None and update.date < meeting.date:
            found.append(at(entry, ("updates", i, "date"), "check.update_before_meeting",
                             date=update.date, meeting=meeting.date))
    return found


def _old_vs_new(entry: Loaded[Item], old: dict[str, Any], diff: UpdateChanges[Update | None],
                *, renamed: bool) -> list[Problem]:
    item = entry.record
    found = []
    if old.get("id") != item.id and not renamed:  # a rename is reported as such
        found.append(at(entry, ("id",), "check.id_changed", old=old.get("id"), new=item.id))
    for i in diff.edited:
        found.append(at(entry, ("updates", i), "check.update_edited"))
    if diff.removed:
        found.append(at(entry, ("updates",), "check.update_removed", count=len(diff.removed)))
    added = bool(diff.added)
    if str(old.get("due")) != str(item.due.isoformat() if item.due else None) and not added:
        found.append(at(entry, ("due",), "check.due_no_reason", before=old.get("due"),
                         after=item.due))
    if old.get("status") == "done" and item.status != "done" and not added:
        found.append(at(entry, ("status",), "check.reopen_no_reason"))
    return found


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


def ownership(ledger: Ledger, base: str) -> list[Problem]:
    """Changes to a unit's items by someone not among its maintainers (if any are named)."""
    mode = ledger.settings.ownership
    if mode == "off" or ledger.units is None:
        return []
    severity: Severity = "error" if mode == "error" else "warning"
    changes: list[FileChange] = log_changes(ledger.root, [ITEMS_DIR], revisions=f"{base}..HEAD")
    by_path = {e.path: e for e in ledger.items}
    found = []
    for change in changes:
        entry = by_path.get(change.path)
        if entry is None or not is_item_path(change.path):
            continue
        unit = ledger.units.get(entry.record.lead)
        if unit is None or not unit.maintainers:
            continue
        if change.commit.email.lower() not in {m.lower() for m in unit.maintainers}:
            found.append(problem(change.path, (1, 1), "lead", "check.not_maintainer", severity,
                                 sha=change.commit.sha[:9], email=change.commit.email,
                                 unit=unit.name))
    return found
