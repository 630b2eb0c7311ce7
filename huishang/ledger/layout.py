"""Where a ledger repository keeps its files, and how to find one; shared by the loader and
the view index, and light to import."""

from pathlib import Path

from huishang.errors import HuishangError

SETTINGS_FILE = "huishang.yaml"
UNITS_FILE = "units.yaml"
ITEMS_DIR = "items"
MEETING_FILE = "meeting.yaml"
SUFFIX = ".yaml"


def find_root(start: Path) -> Path:
    """The nearest folder at or above `start` holding huishang.yaml or items/, like git."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / SETTINGS_FILE).is_file() or (folder / ITEMS_DIR).is_dir():
            return folder
    raise HuishangError("repo.not_found", exit_code=2, start=str(start))
