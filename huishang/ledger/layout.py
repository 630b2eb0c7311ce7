"""Where a ledger repository keeps its files, and how to find one; shared by the loader and
the view index, and light to import."""

import os
import re
from pathlib import Path

from huishang.errors import HuishangError

SETTINGS_FILE = "huishang.yaml"
UNITS_FILE = "units.yaml"
ITEMS_DIR = "items"
MEETING_FILE = "meeting.yaml"
SUFFIX = ".yaml"
TEMP_SUFFIX = ".tmp"
LEDGER_PATHS = (ITEMS_DIR, SETTINGS_FILE, UNITS_FILE)  # what git holds of a ledger
CACHE_DIR = ".huishang-cache"  # the repo's own cache folder, kept out of git
CACHE_ENV = "HUISHANG_CACHE_DIR"


def cache_home() -> Path:
    """huishang's folder in the user's cache: HUISHANG_CACHE_DIR when set, else the
    XDG cache folder (an absolute XDG_CACHE_HOME), else ~/.cache."""
    named = os.environ.get(CACHE_ENV)
    if named:
        return Path(named).expanduser().absolute()
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "huishang"


_ITEM_NUMBER = re.compile(r"-(\d+)$")


def item_number(item_id: str) -> int | None:
    """The item's number in its meeting's minutes (第9项), which its id ends with:
    `<meeting-id>-09`. None for an id that does not end in a number."""
    found = _ITEM_NUMBER.search(item_id)
    return int(found.group(1)) if found else None


def item_id_of(meeting_id: str, number: int) -> str:
    """The id of the meeting's item number `number`: `<meeting-id>-NN`."""
    return f"{meeting_id}-{number:02d}"


SOURCE_MARK = ":"  # between a rolled-up ledger's name and its own id or path: xj:2023-…-01


def split_source(name: str) -> tuple[str, str]:
    """(source, the id or path within it) for `xj:items/…` or `xj:2023-…-01`; ("", name)
    for this ledger's own. Ids never hold a colon, and a path's first part does so only
    when it names a source: `items/a:b.yaml` is this ledger's (misnamed) file."""
    head, mark, rest = name.partition(SOURCE_MARK)
    if mark and head and "/" not in head:
        return head, rest
    return "", name


def in_source(source: str, name: str) -> str:
    """A source's id or path as this ledger names it: `xj:` before it ("" for its own)."""
    return f"{source}{SOURCE_MARK}{name}" if source else name


def temp_prefix(name: str) -> str:
    """How a write's temporary file for `name` starts: `.<name>.` then a random part and
    TEMP_SUFFIX. The loader recognises such files and the next write removes them."""
    return f".{name}."


def is_leftover_write(name: str) -> bool:
    """A temporary file an interrupted write left behind: never ledger data, as the real
    file is replaced only once its temporary file is complete."""
    return name.startswith(".") and name.endswith(TEMP_SUFFIX) and f"{SUFFIX}." in name


def item_file(root: Path, ref: str) -> str | None:
    """The file of the item `ref`, or of the one whose id ends with `-ref`, found by file
    names alone (an item's file is named by its id): `items/<meeting>/<id>.yaml`. None
    when the names cannot settle it: no such name, or several."""
    top = root / ITEMS_DIR
    if not ref or ref.startswith(".") or any(c in ref for c in "/\\:") \
            or top.is_symlink() or not top.is_dir():
        return None
    with os.scandir(top) as it:
        folders = sorted(e.name for e in it if e.is_dir(follow_symlinks=False))
    found = [f"{ITEMS_DIR}/{f}/{ref}{SUFFIX}" for f in folders
             if os.path.lexists(top / f / f"{ref}{SUFFIX}")]
    if not found:
        tail = f"-{ref}{SUFFIX}"
        found = [f"{ITEMS_DIR}/{f}/{name}" for f in folders for name in _names(top / f)
                 if name.endswith(tail) and not name.startswith(".")]
    return found[0] if len(found) == 1 else None


def _names(folder: Path) -> list[str]:
    try:
        return os.listdir(folder)
    except OSError:
        return []


def find_root(start: Path) -> Path:
    """The nearest folder at or above `start` holding huishang.yaml or items/, like git."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / SETTINGS_FILE).is_file() or (folder / ITEMS_DIR).is_dir():
            return folder
    raise HuishangError("repo.not_found", exit_code=2, start=str(start))
