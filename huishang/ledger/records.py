"""The loaded ledger as values: each record with the file it came from, and the problems."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel

from huishang.ledger.layout import in_source, split_source
from huishang.ledger.models import Item, Meeting, Settings
from huishang.ledger.problems import Problem
from huishang.ledger.units import UnitIndex
from huishang.ledger.yamlfile import SourceMap, read_yaml

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class Loaded(Generic[M]):
    """A record that passed its model, with where it came from.

    Positions are needed only when a rule between files reports a problem, so they are
    not kept (nor cached) for every file: `source` reads them from the file on demand.
    """

    record: M
    path: str  # relative to the repo root, with forward slashes
    known_source: SourceMap | None = field(default=None, compare=False, repr=False)
    root: Path | None = field(default=None, compare=False, repr=False)

    @property
    def source(self) -> SourceMap:
        if self.known_source is None:
            found = positions(self.root, self.path)
            object.__setattr__(self, "known_source", found)
            return found
        return self.known_source


def positions(root: Path | None, rel: str) -> SourceMap:
    """The positions in a file as it is now; an empty map if it can no longer be read. (The
    file of a rolled-up ledger is `rel` without its source's name, in that ledger's root.)"""
    if root is not None:
        doc, _ = read_yaml(root / split_source(rel)[1], rel, 16 * 1024 * 1024)
        if doc is not None:
            return doc.source
    return SourceMap({}, {}, {})


@dataclass(frozen=True)
class Ledger:
    root: Path
    settings: Settings
    units: UnitIndex | None
    meetings: dict[str, Loaded[Meeting]]  # by folder name
    items: list[Loaded[Item]]
    problems: list[Problem] = field(default_factory=list)
    cache_hits: int = 0  # files whose result came from the cache
    # The ledgers rolled up into this one, by source name, as loaded from their trees (their
    # records also among `meetings` and `items`, named `<source>:…`); for their git history.
    sources: dict[str, Ledger] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def canonical(self, unit: str) -> str:
        """A unit's full name when units.yaml knows the name given, else the name as given."""
        found = self.units.canonical(unit) if self.units is not None else None
        return found or unit

    def meeting_of(self, entry: Loaded[Item]) -> Meeting | None:
        found = self.meetings.get(folder_of(entry.path))
        return found.record if found else None

    def meeting_days(self) -> dict[str, dt.date]:
        """Each item's id and the date of its meeting (items whose meeting record is
        missing or invalid are left out)."""
        days = {}
        for entry in self.items:
            meeting = self.meeting_of(entry)
            if meeting is not None:
                days[entry.record.id] = meeting.date
        return days


def folder_of(rel: str) -> str:
    """The meeting folder of a file under items/ (`xj:<folder>` for a rolled-up ledger's)."""
    source, local = split_source(rel)
    return in_source(source, local.split("/")[1])
