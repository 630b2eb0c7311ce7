"""How an item's progress updates changed between two versions: the one comparison that
both the pull-request rules (updates are append-only) and the history (what changed, in
words) make."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class UpdateChanges(Generic[T]):
    edited: list[int]  # positions present in both versions whose entry differs
    removed: list[T]  # entries of the old version past the end of the new one
    added: list[T]  # entries of the new version past the end of the old one
    first_added: int  # the position of the first added entry


def compare_updates(old: Sequence[T], new: Sequence[T]) -> UpdateChanges[T]:
    """Updates are a list appended to: compare position by position."""
    shared = min(len(old), len(new))
    edited = [i for i in range(shared) if old[i] != new[i]]
    return UpdateChanges(edited, list(old[len(new):]), list(new[len(old):]), len(old))
