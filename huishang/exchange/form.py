"""The 填报表 sent to units each month: the period it asks about, as its rows above the
header say it (填报期间：2024年8月), so the feedback written into it is read for that month."""

from __future__ import annotations

import re
import unicodedata

from huishang.exchange.grid import Grid

PERIOD_LABELS = ("填报期间", "报送期间", "填报月份", "报送月份")
_PERIOD = re.compile(rf"(?:{'|'.join(PERIOD_LABELS)})\s*[:：]?\s*(\d{{4}})\s*年\s*(\d{{1,2}})\s*月")


def form_period(grid: Grid, header_row: int) -> tuple[int, int] | None:
    """The (year, month) a form's rows above its header name; None for a sheet that names
    none (an office's own 台账)."""
    for r in range(header_row):
        for cell in grid.rows[r]:
            found = _PERIOD.search(unicodedata.normalize("NFKC", str(cell)))
            if found is not None and 1 <= int(found.group(2)) <= 12:
                return int(found.group(1)), int(found.group(2))
    return None
