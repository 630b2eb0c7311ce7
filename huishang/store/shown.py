"""The items `show` gives, kept in the result store under what they were made from: the
bytes of the item's file, its meeting's, the settings' and the registry's, with the
code's fingerprint. A warm `show` reads these four files and one part of the store, and
no YAML parser or model."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from huishang.ledger.layout import MEETING_FILE, SETTINGS_FILE, SUFFIX, UNITS_FILE
from huishang.store.results import Digests, ResultStore, byte_key

if TYPE_CHECKING:
    from huishang.views.detail import Detail

STORE = "shown"
MOST = 64  # items a part (of 256) keeps; the first kept are dropped first
LARGEST = 1 << 20  # a larger file is left to the loader, which says what its limit is


def key_of(root: Path, rel: str) -> str | None:
    """The key of the item whose file is `rel`, as its files are now; None when one of
    them is a link, not a regular file, large, or cannot be read (the loader then says
    why)."""
    parts: list[str | None] = [rel]
    for path in (rel, f"{rel.rsplit('/', 1)[0]}/{MEETING_FILE}", SETTINGS_FILE, UNITS_FILE):
        if path != rel and not os.path.lexists(root / path):
            parts.append(None)
            continue
        found = byte_key(root / path, LARGEST)
        if found is None:
            return None
        parts.append(found)
    return Digests(STORE)(*parts)


def read(root: Path, rel: str) -> Detail | None:
    """The item of `rel` as a `show` of the same files kept it; None if none did."""
    found = key_of(root, rel)
    return None if found is None else ResultStore.open(root, STORE).get(found)


def keep(root: Path, rel: str, key_before: str | None, detail: Detail) -> None:
    """Keep `detail`, made from `rel` as it was found by its name, from files read after
    `key_before` was taken: only if they are the same now, so that a file changed
    meanwhile is never kept under another's key, and only an item whose id is its file's
    name (one found otherwise could be one of several the next time)."""
    if key_before is None or detail.facts.path != rel \
            or detail.facts.id != rel.rsplit("/", 1)[1].removesuffix(SUFFIX) \
            or key_of(root, rel) != key_before:
        return
    store = ResultStore.open(root, STORE, most=MOST)
    store.put(key_before, detail)
    store.save()
