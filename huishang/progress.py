"""Progress tables: items counted by status, overdue and warning colour, per group."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from huishang.models import STATUSES
from huishang.query import Row


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

    def add(self, row: Row) -> None:
        self.total += 1
        self.statuses[row.item.status] += 1
        self.overdue += row.overdue_days > 0
        if row.alert is not None:
            self.colours[row.alert.colour] += 1

    @property
    def done_ratio(self) -> float | None:
        """Share of items done, cancelled ones left out; None when nothing counts."""
        counted = self.total - self.statuses["cancelled"]
        return self.statuses["done"] / counted if counted else None


def _groups(row: Row, by: str) -> list[tuple[str, str]]:
    """(key, label) of every group a row belongs to; a row may be in several (by unit)."""
    item, meeting = row.item, row.meeting
    if by == "meeting":
        return [(row.meeting_id, meeting.title if meeting else row.meeting_id)]
    if by == "aspect":
        titles = {a.key: a.title for a in meeting.aspects} if meeting else {}
        if item.aspect is None:
            return [(f"{row.meeting_id}/", "")]
        return [(f"{row.meeting_id}/{item.aspect}",
                 f"{item.aspect} {titles.get(item.aspect, '')}".strip())]
    if by == "lead":
        return [(row.lead, row.lead)]
    if by == "unit":
        return [(unit, unit) for unit in dict.fromkeys(row.units)]
    if by == "owner":
        name = item.owner.text if item.owner else ""
        return [(name, name)]
    if by == "level":
        level = meeting.level if meeting else ""
        return [(level, level)]
    raise ValueError(by)


def tally(found: Iterable[Row], by: str) -> tuple[list[Tally], Tally]:
    """One Tally per group in first-seen order, and the totals over distinct items."""
    groups: dict[str, Tally] = {}
    total = Tally("", "")
    for row in found:
        total.add(row)
        for key, label in _groups(row, by):
            groups.setdefault(key, Tally(key, label)).add(row)
    return list(groups.values()), total


def order(tallies: Sequence[Tally], by: str) -> list[Tally]:
    """Meetings by id (they start with their date); other groups by size, largest first."""
    if by in ("meeting", "aspect"):
        return sorted(tallies, key=lambda t: t.key)
    return sorted(tallies, key=lambda t: (-t.total, t.key))


