"""How far an .xls workbook's cells reach, read from its records before calamine opens it.

calamine reads every sheet of an .xls file as soon as it opens it, before a sheet can be
asked for its size: it reserves the grid a sheet's DIMENSIONS record declares, and makes
one dense grid up to its last cell. A 5 KB file that declares 4 billion rows, or holds
one value at row 65,536 and column 65,536, makes it abort the process. So the file is
opened first with olefile (its compound-file container, within the file size already
bounded) and its Workbook stream walked record by record, as calamine walks it: each
sheet's declared area, the place of each cell that holds a value, the count of cell
records and of merged ranges are checked against the limits, and a file beyond them is
refused at its cell or sheet.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path

from huishang.errors import HuishangError
from huishang.exchange.extent import CellBeyond
from huishang.ledger.models import InputLimits

_BOF, _EOF, _SHEET, _DIMENSIONS, _MERGED, _MULRK = 0x0809, 0x000A, 0x0085, 0x0200, 0x00E5, 0x00BD
_CODEPAGE, _BIFF8 = 0x0042, 0x0600
# the records calamine makes a cell of, each opening with its row and column (u16 each):
# Number, Label, RString, BoolErr, Rk, LabelSst, Formula
_CELLS = frozenset({0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD, 0x0006})
_STREAMS = ("Workbook", "Book", "WORKBOOK", "BOOK")  # the names calamine looks for, in order


def check_xls(path: Path, limits: InputLimits) -> None:
    """Refuse the .xls file `path` when a sheet has more cell records or merged ranges
    than `limits` allow; raise CellBeyond at a sheet's declared far corner or first cell
    with a value beyond them. A file that is no compound file is left for calamine to
    refuse in its own words."""
    import olefile  # type: ignore[import-untyped]

    try:
        if not olefile.isOleFile(str(path)):
            return
        # strictly: a sector chain that leaves the file, which olefile would read short,
        # made calamine panic
        with olefile.OleFileIO(str(path), raise_defects=olefile.DEFECT_INCORRECT) as container:
            name = next((n for n in _STREAMS if container.exists(n)), None)
            if name is None:
                return
            stream = container.openstream(name).read()
    except Exception as error:  # olefile's OleFileError, or its own failures on a bad file
        raise HuishangError("import.unreadable", path=str(path),
                            error=str(error) or type(error).__name__) from None
    view = memoryview(stream)
    for position, sheet in _sheets(view):
        _check_sheet(view, position, sheet, path, limits)


def _records(stream: memoryview, at: int) -> Iterator[tuple[int, memoryview]]:
    while at + 4 <= len(stream):
        kind, size = struct.unpack_from("<HH", stream, at)
        yield kind, stream[at + 4:at + 4 + size]
        at += 4 + size


def _sheets(stream: memoryview) -> Iterator[tuple[int, str]]:
    """(position of its BOF, name) of each sheet the workbook's BoundSheet records list.
    A BIFF8 name opens with a flag (Latin-1 or UTF-16); a BIFF5 one (Excel 95) has none
    and is written in the workbook's code page."""
    version, codepage = _BIFF8, "latin-1"
    for kind, data in _records(stream, 0):
        if kind == _EOF:
            return
        if kind == _BOF and len(data) >= 2:
            version = struct.unpack_from("<H", data)[0]
        elif kind == _CODEPAGE and len(data) >= 2:
            codepage = _codec(struct.unpack_from("<H", data)[0])
        elif kind == _SHEET and len(data) >= 7:
            position, count = struct.unpack_from("<I", data)[0], data[6]
            if version < _BIFF8:
                yield position, bytes(data[7:7 + count]).decode(codepage, "replace")
            elif len(data) >= 8:
                wide = data[7] & 1
                raw = bytes(data[8:8 + count * (2 if wide else 1)])
                yield position, raw.decode("utf-16-le" if wide else "latin-1", "replace")


def _codec(codepage: int) -> str:
    """Python's name for a Windows code page (936 for GBK), Latin-1 when it has none."""
    import codecs

    try:
        return codecs.lookup(f"cp{codepage}").name
    except LookupError:
        return "latin-1"


def _check_sheet(stream: memoryview, position: int, sheet: str, path: Path,
                 limits: InputLimits) -> None:
    merged = depth = cells = 0
    seen = False
    # calamine keeps every cell record before it makes the grid, those at one place
    # included: a 64 MB file of them took 974 MB; no more records than the grid's cells
    most = limits.rows * limits.columns
    for kind, data in _records(stream, position):
        if depth:  # an embedded chart's substream: calamine skips it, and so do we
            depth += (kind == _BOF) - (kind == _EOF)
            continue
        if kind == _BOF:
            depth, seen = (depth + 1, seen) if seen else (depth, True)
        elif kind == _EOF:
            break
        elif kind == _DIMENSIONS:
            _check_declared(data, sheet, limits)
        elif kind in _CELLS and len(data) >= 4:
            row, column = struct.unpack_from("<HH", data)
            _check_cell(sheet, row, column, limits)
            cells += 1
        elif kind == _MULRK and len(data) >= 6:
            row, first = struct.unpack_from("<HH", data)
            last = struct.unpack_from("<H", data, len(data) - 2)[0]
            _check_cell(sheet, row, max(first, last), limits)
            cells += (len(data) - 6) // 6
        elif kind == _MERGED and len(data) >= 2:
            merged += struct.unpack_from("<H", data)[0]
        if cells > most:
            raise HuishangError("limit.cells", path=str(path), sheet=sheet, limit=most)
    if merged > limits.merged_ranges:
        raise HuishangError("limit.merged", path=str(path), sheet=sheet, n=merged,
                            limit=limits.merged_ranges)


def _check_cell(sheet: str, row: int, column: int, limits: InputLimits) -> None:
    if row >= limits.rows or column >= limits.columns:
        raise CellBeyond(sheet, row, column)


def _check_declared(data: memoryview, sheet: str, limits: InputLimits) -> None:
    """calamine reserves room for the area a DIMENSIONS record declares (its first row and
    column, and one past its last), reckoned as it reckons it: in 32 bits, wrapping when
    the last comes before the first. An area larger than the limits allow is refused at
    the declared far corner; a smaller one is not trusted either, each cell is checked."""
    if len(data) == 14:
        first_row, past_row, first_column, past_column = struct.unpack_from("<IIHH", data)
    elif len(data) == 10:
        first_row, past_row, first_column, past_column = struct.unpack_from("<HHHH", data)
    else:
        return  # calamine refuses the record itself
    if first_column > 0xFF or past_column < first_column:
        first_column = 0
    if past_row >= 1 and past_column >= 1:
        rows = (past_row - 1 - first_row + 1) % (1 << 32)
        columns = (past_column - 1 - first_column + 1) % (1 << 32)
    else:
        rows = columns = 1
    if rows * columns > limits.rows * limits.columns:
        raise CellBeyond(sheet, first_row + rows - 1, first_column + columns - 1)
