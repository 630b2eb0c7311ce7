"""Progress tables: items counted by status, overdue and warning colour, per group."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from huishang.ledger.vocab import STATUSES
from huishang.views.query import Row


@dataclass
class Tally:
    """Counts for one group of items."""

    key: str
    label: str
    total: int = 0
    statuses: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))
    overdue: int = 0
    colours: dict[str, int] = field(
        default_factory=lambda: {"red": 0, "orange": 0, "yellow": 0})
    shared: int = 0  # of the totals: items counted in more than one group (joint leads)

    def add(self, row: Row) -> None:
        self.total += 1
        self.statuses[row.facts.status] += 1
        self.overdue += row.overdue_days > 0
        if row.alert is not None:
            self.colours[row.alert.colour] += 1

    @property
    def done_ratio(self) -> float | None:
        """Share of items done, cancelled ones left out; None when nothing counts."""
        counted = self.total - self.statuses["cancelled"]
        return self.statuses["done"] / counted if counted else None


Rollup = Callable[[str], str]  # a unit's full name -> the unit it counts under


def _groups(row: Row, by: str, rollup: Rollup | None = None) -> list[tuple[str, str]]:
    """(key, label) of every group a row belongs to; a row may be in several (by unit).
    With `rollup`, units (by lead or by unit) count under the unit it names."""
    f = row.facts
    if by == "meeting":
        return [(f.meeting_id, f.meeting_title or f.meeting_id)]
    if by == "aspect":
        if f.aspect is None:
            return [(f"{f.meeting_id}/", "")]
        return [(f"{f.meeting_id}/{f.aspect}", f"{f.aspect} {f.aspect_title}".strip())]
    if by == "lead":
        leads = map(rollup, f.leads) if rollup else f.leads  # joint leads: each counts it
        return [(lead, lead) for lead in dict.fromkeys(leads)]
    if by == "unit":
        units = map(rollup, f.units) if rollup else f.units
        return [(unit, unit) for unit in dict.fromkeys(units)]
    if by == "source":
        return [(f.source, f.source)]
    if by == "owner":
        return [(f.owner, f.owner)]
    if by == "level":
        level = f.meeting_level or ""
        return [(level, level)]
    raise ValueError(by)


def tally(found: Iterable[Row], by: str, rollup: Rollup | None = None) -> tuple[
    list[Tally], Tally
]:
    """One Tally per group in first-seen order, and the totals over distinct items."""
    groups: dict[str, Tally] = {}
    total = Tally("", "")
    for row in found:
        total.add(row)
        belongs = _groups(row, by, rollup)
        total.shared += len(belongs) > 1
        for key, label in belongs:
            groups.setdefault(key, Tally(key, label)).add(row)
    return list(groups.values()), total


def order(tallies: Sequence[Tally], by: str) -> list[Tally]:
    """Meetings by id (they start with their date); other groups by size, largest first."""
    if by in ("meeting", "aspect"):
        return sorted(tallies, key=lambda t: t.key)
    return sorted(tallies, key=lambda t: (-t.total, t.key))


