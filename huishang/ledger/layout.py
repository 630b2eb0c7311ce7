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
    raise HuishangError(
        f"在 {start} 及其上级目录中找不到台账（huishang.yaml 或 items/）；"
        f"请在台账仓库中运行，或用 --repo 指定。\n"
        f"No ledger (huishang.yaml or items/) at or above {start}; run inside one or pass --repo.",
        exit_code=2,
    )
