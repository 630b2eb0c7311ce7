"""A spreadsheet's sheet as a grid of values, each cell named as the office sees it
(`台账.xlsx:会商事项台账!H7`).

Workbooks (.xlsx, .xlsm, .xls, .ods) are read with python-calamine, measured about eight
times faster than openpyxl's read-only mode on 10,000 rows (benchmarks/RESULTS.md); a
merged range gives its value to every cell it covers, as a person reading the sheet sees
it. CSV files are read as UTF-8 (with or without BOM) or, as Excel in Chinese saves them,
GB18030.

Every file is bounded before it is read and while it is (ledger/models.py's
InputLimits): its size unzipped, how far its cells reach, its rows, merged ranges and the
length of each cell; beyond them the file is refused at its part or cell.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from huishang.errors import HuishangError
from huishang.ledger.models import InputLimits

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
ZIPPED_SUFFIXES = (".xlsx", ".xlsm", ".ods")  # the others are one binary file (.xls)
CSV_SUFFIXES = (".csv",)


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass(frozen=True)
class Grid:
    """One sheet: rows of cell values ("" for an empty cell), from A1."""

    file: str  # as the person named it
    sheet: str | None  # None for a CSV file
    rows: list[list[Any]]
    merged: tuple[tuple[int, int, int, int], ...] = ()  # top, left, bottom, right (0-based)

    def merged_down(self, row: int, columns: Iterable[int]) -> tuple[int, int] | None:
        """(row, column) of the first of `columns` whose cell in `row` is merged with the row
        below it; None when none is."""
        wanted = set(columns)
        for top, left, bottom, right in self.merged:
            if top <= row < bottom:
                hit = next((c for c in sorted(wanted) if left <= c <= right), None)
                if hit is not None:
                    return row, hit
        return None

    def cell_name(self, row: int, column: int) -> str:
        """`台账.xlsx:会商事项台账!H7` for 0-based row and column (`台账.csv:H7` for CSV)."""
        where = f"{column_letter(column)}{row + 1}"
        return f"{self.file}:{self.sheet}!{where}" if self.sheet else f"{self.file}:{where}"

    def value(self, row: int, column: int) -> Any:
        cells = self.rows[row]
        return cells[column] if column < len(cells) else ""


def sheet_names(path: Path, *, visible: bool | None = None) -> list[str]:
    """The worksheets of a file, in order; only the visible (or hidden) ones when asked."""
    if path.suffix.lower() in CSV_SUFFIXES:
        return [path.name] if visible is not False else []
    return [s.name for s in _workbook(path).sheets_metadata
            if str(s.typ).endswith("WorkSheet")
            and (visible is None or str(s.visible).endswith(".Visible") == visible)]


def read_grids(path: Path, sheet: str | None = None,
               limits: InputLimits | None = None) -> list[Grid]:
    """The sheets of a file, each a Grid; only `sheet` (a name, or a number from 1) if given.
    A file beyond `limits` is refused before its grid is made."""
    limits = limits or InputLimits()
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return [_bounded(Grid(str(path), None, _csv_rows(path, limits)), limits)]
    if suffix not in WORKBOOK_SUFFIXES:
        raise HuishangError("import.bad_suffix", exit_code=2, path=str(path),
                            suffixes=" ".join((*WORKBOOK_SUFFIXES, *CSV_SUFFIXES)))
    _check_size(path, limits)
    from huishang.exchange.extent import CellBeyond

    try:
        if suffix in ZIPPED_SUFFIXES:
            from huishang.exchange.extent import SheetScan
            from huishang.ledger.archive import check_archive

            check_archive(path, str(path), limits,
                          scanner=lambda part: SheetScan(str(path), part, limits))
        else:  # an .xls file: calamine reads all its sheets as it opens it
            from huishang.exchange.biff import check_xls

            check_xls(path, limits)
    except CellBeyond as beyond:
        raise HuishangError("limit.cell_beyond", path=str(path), part=beyond.part,
                            cell=f"{column_letter(beyond.column)}{beyond.row + 1}",
                            rows=limits.rows, columns=limits.columns) from None
    book = _workbook(path)
    # unasked, only the sheets a clerk sees in Excel: a hidden one's rows were never checked
    names = sheet_names(path) if sheet is not None else sheet_names(path, visible=True)
    if sheet is not None:
        names = [_pick_sheet(path, names, sheet)]
    return [_bounded(_sheet_grid(path, book.get_sheet_by_name(name), name, limits), limits)
            for name in names]


def _check_size(path: Path, limits: InputLimits) -> None:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise HuishangError("import.no_file", exit_code=2, path=str(path)) from None
    except OSError:
        return  # the reader says why it cannot read it
    if size > limits.unzipped_bytes:
        raise HuishangError("limit.file_bytes", path=str(path), size=size,
                            limit=limits.unzipped_bytes)


def _bounded(grid: Grid, limits: InputLimits) -> Grid:
    """The grid, when no cell holds more characters than the limit."""
    for r, cells in enumerate(grid.rows):
        for c, value in enumerate(cells):
            if isinstance(value, str) and len(value) > limits.cell_chars:
                raise HuishangError("limit.cell_chars", cell=grid.cell_name(r, c),
                                    limit=limits.cell_chars)
    return grid


def _workbook(path: Path) -> Any:
    from python_calamine import CalamineWorkbook

    try:
        return CalamineWorkbook.from_path(str(path))
    except FileNotFoundError:
        raise HuishangError("import.no_file", exit_code=2, path=str(path)) from None
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # calamine raises its own types for a damaged file, and
        # a panic in its Rust code is pyo3's PanicException, which is no Exception
        raise HuishangError("import.unreadable", path=str(path),
                            error=str(error).splitlines()[0] if str(error) else
                            type(error).__name__) from None


def _pick_sheet(path: Path, names: Sequence[str], wanted: str) -> str:
    if wanted in names:
        return wanted
    if wanted.isdigit() and 1 <= int(wanted) <= len(names):
        return names[int(wanted) - 1]
    raise HuishangError("import.no_sheet", exit_code=2, path=str(path), sheet=wanted,
                        names=", ".join(names))


def _sheet_grid(path: Path, sheet: Any, name: str, limits: InputLimits) -> Grid:
    # every file was scanned before calamine read it (extent.py, biff.py); the rows are
    # checked again before they become Python values
    height, width = sheet.total_height, sheet.total_width
    if height > limits.rows:
        raise HuishangError("limit.rows", path=str(path), sheet=name, n=height,
                            limit=limits.rows)
    if width > limits.columns:
        raise HuishangError("limit.columns", path=str(path), sheet=name, n=width,
                            limit=limits.columns)
    merged = sheet.merged_cell_ranges or ()
    if len(merged) > limits.merged_ranges:
        raise HuishangError("limit.merged", path=str(path), sheet=name, n=len(merged),
                            limit=limits.merged_ranges)
    rows: list[list[Any]] = sheet.to_python(skip_empty_area=False)
    # each range is clipped to the cells there are, and ranges may not overlap: the work
    # is then bounded by the grid, not by the ranges' declared size
    covered, area = 0, sum(len(cells) for cells in rows)
    for (top, left), (bottom, right) in merged:
        if top >= len(rows):
            continue
        value = rows[top][left] if left < len(rows[top]) else ""
        for r in range(top, min(bottom, len(rows) - 1) + 1):
            cells = rows[r]
            last = min(right, len(cells) - 1)
            covered += max(last - left + 1, 0)
            if covered > area:
                raise HuishangError("limit.merged_overlap", path=str(path), sheet=name)
            for c in range(left, last + 1):
                cells[c] = value
    ranges = tuple((top, left, bottom, right) for (top, left), (bottom, right) in merged)
    return Grid(str(path), name, rows, ranges)


def _csv_rows(path: Path, limits: InputLimits) -> list[list[Any]]:
    _check_size(path, limits)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise HuishangError("import.no_file", exit_code=2, path=str(path)) from None
    except OSError as error:
        raise HuishangError("import.unreadable", path=str(path),
                            error=error.strerror or str(error)) from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # gb18030 decodes any bytes; kept for the type checker
        raise HuishangError("import.unreadable", path=str(path), error="encoding")
    # the csv module refuses a field over 131,072 characters with an error that names no
    # cell; the file is bounded already, and each cell's length is judged at its cell
    csv.field_size_limit(max(csv.field_size_limit(), limits.unzipped_bytes))
    rows: list[list[Any]] = []
    try:
        for row in csv.reader(io.StringIO(text, newline="")):
            if len(rows) == limits.rows:
                raise HuishangError("limit.rows", path=str(path), sheet="-",
                                    n=f"{limits.rows}+", limit=limits.rows)
            rows.append(list(row))
    except csv.Error as error:
        raise HuishangError("import.unreadable", path=str(path), error=str(error)) from None
    return rows
