"""The items `show` gives, kept in the result store under what they were made from: the
bytes of the item's file, its meeting's, the settings' and the registry's, with the
code's fingerprint. A warm `show` reads these four files and one part of the store, and
no YAML parser or model."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from huishang.ledger.layout import MEETING_FILE, SETTINGS_FILE, UNITS_FILE
from huishang.store.results import Digests, ResultStore

if TYPE_CHECKING:
    from huishang.views.detail import Detail

STORE = "shown"
MOST = 64  # items kept a part (of 256): the last 16,384 shown
LARGEST = 1 << 20  # a larger file is left to the loader, which says what its limit is


def key(root: Path, rel: str) -> str | None:
    """The key of the item whose file is `rel`, as its files are now; None when one of
    them is a link, large, or cannot be read (the loader then says why)."""
    meeting = f"{rel.rsplit('/', 1)[0]}/{MEETING_FILE}"
    parts: list[str | None] = [rel]
    for path in (rel, meeting, SETTINGS_FILE, UNITS_FILE):
        at = root / path
        try:
            if at.is_symlink() or at.stat().st_size > LARGEST:
                return None
            data = at.read_bytes()
        except FileNotFoundError:
            if path == rel:
                return None
            parts.append(None)
            continue
        except OSError:
            return None
        parts.append(hashlib.blake2b(data, digest_size=20).hexdigest())
    return Digests(STORE)(*parts)


def stored(root: Path, rel: str) -> Detail | None:
    """The item of `rel` as a `show` of the same files kept it; None if none did."""
    found = key(root, rel)
    return None if found is None else ResultStore.open(root, STORE).get(found)


def keep(root: Path, rel: str, key_before: str | None, detail: Detail) -> None:
    """Keep `detail`, made from files read after `key_before` was taken: only if they are
    the same now, so a file changed meanwhile is never kept under another's key."""
    if key_before is None or key(root, rel) != key_before:
        return
    store = ResultStore.open(root, STORE, most=MOST)
    store.put(key_before, detail)
    store.save()
