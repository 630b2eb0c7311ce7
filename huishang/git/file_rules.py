"""The rules of one file a change touched (`FILE_RULES`), one small function each.

A file rule reads one line of the diff and yields where it is broken, as (line and column
or None, the message's values). The rule's message code and severity are the registry's,
so a rule cannot report under another's name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from huishang.git.change import RULE_FILES, ChangedFile
from huishang.git.history import is_item_path
from huishang.ledger.layout import ITEMS_DIR, MEETING_FILE
from huishang.ledger.problems import Severity

Found = tuple[tuple[int, int] | None, dict[str, Any]]


@dataclass(frozen=True)
class FileRule:
    """A rule of one file the change added, edited, renamed or deleted."""

    name: str
    code: str  # the message code of its problem
    check: Callable[[ChangedFile], Iterable[Found]]
    severity: Severity = "error"


def _is_meeting_path(path: str) -> bool:
    parts = path.split("/")
    return len(parts) == 3 and parts[0] == ITEMS_DIR and parts[2] == MEETING_FILE


def _settings_changed(d: ChangedFile) -> Iterator[Found]:
    """The settings or the registry changed: judged by the base's, said as a warning."""
    if d.path in RULE_FILES:
        yield None, {"file": d.path}


def _item_deleted(d: ChangedFile) -> Iterator[Found]:
    """Items are never deleted: they are cancelled."""
    if d.status == "D" and d.path not in RULE_FILES and not _is_meeting_path(d.path):
        yield None, {}


def _meeting_deleted(d: ChangedFile) -> Iterator[Found]:
    """A meeting is the record of what was agreed: never deleted."""
    if d.status == "D" and _is_meeting_path(d.path):
        yield None, {}


def _item_renamed(d: ChangedFile) -> Iterator[Found]:
    """An item file's name is its id, and ids never change."""
    if d.status == "R" and (is_item_path(d.path) or is_item_path(d.old_path or "")):
        yield (1, 1), {"old": d.old_path}


FILE_RULES = [
    FileRule("settings-changed", "check.rules_from_base", _settings_changed, "warning"),
    FileRule("item-deleted", "check.deleted", _item_deleted),
    FileRule("meeting-deleted", "check.meeting_deleted", _meeting_deleted),
    FileRule("item-renamed", "check.renamed", _item_renamed),
]
