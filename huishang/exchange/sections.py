"""The items of meetings set out as their minutes set them out: per meeting, under its
aspects' headings (一、…), numbered as the minutes number them; the layout that the 填报表
(form.py) and the office-layout workbook (workbook.py) both print, so they cannot drift."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from huishang.ledger.models import Item, Meeting

T = TypeVar("T")


@dataclass(frozen=True)
class Heading:
    """A heading row: a meeting's title (only when several meetings are set out), or an
    aspect's, numbered as in the minutes (一、…) even when earlier aspects have no rows."""

    text: str
    meeting: bool  # a meeting's title rather than an aspect's


def number(item: Item) -> int | None:
    """序号: the item's number in its minutes (第3项), which a leader refers to; never a
    row counter."""
    from huishang.ledger.layout import item_number

    return item_number(item.id)


def minutes_order(item: Item, meeting: Meeting | None) -> tuple[tuple[int, ...], str]:
    """An item's place in its minutes, from its id after the meeting's: 2-03 is 二、3, 05 is
    5; other ids after the numbered ones, by name."""
    rest = item.id.removeprefix(f"{meeting.id}-") if meeting is not None else item.id
    numbers = rest.split("-")
    if all(n.isdigit() for n in numbers):
        return tuple(int(n) for n in numbers), ""
    return (1 << 30,), rest


def sections(entries: Iterable[T], lang: str, *, item: Callable[[T], Item],
             meeting: Callable[[T], Meeting | None],
             key: Callable[[T], Any] | None = None) -> list[Heading | T]:
    """The entries as rows under headings: meetings by date, and in each the items without
    an aspect first (under no heading), then each aspect's in the minutes' order of aspects.
    Within a group the items keep the minutes' order, or are sorted by `key` (ties in the
    minutes' order). Items whose meeting is unknown come last, under no heading."""
    from huishang.output.gongwen import heading_number

    by_meeting: dict[str, list[T]] = {}
    meetings: dict[str, Meeting | None] = {}
    for entry in entries:
        found = meeting(entry)
        at = found.id if found is not None else ""
        by_meeting.setdefault(at, []).append(entry)
        meetings[at] = found

    def ordered(group: list[T]) -> list[T]:
        group = sorted(group, key=lambda e: minutes_order(item(e), meeting(e)))
        return sorted(group, key=key) if key is not None else group

    known = sorted((m for m in meetings.values() if m is not None), key=lambda m: (m.date, m.id))
    out: list[Heading | T] = []
    for m in known:
        mine = by_meeting[m.id]
        if len(meetings) > 1:
            out.append(Heading(m.title, meeting=True))
        aspects = {a.key for a in m.aspects}
        out += ordered([e for e in mine if item(e).aspect not in aspects])
        for n, aspect in enumerate(m.aspects, start=1):
            group = [e for e in mine if item(e).aspect == aspect.key]
            if group:
                out.append(Heading(heading_number(n, 1, lang) + aspect.title, meeting=False))
                out += ordered(group)
    out += ordered(by_meeting.get("", []))
    return out
