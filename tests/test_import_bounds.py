"""Hostile spreadsheets are refused before they are read: a workbook whose one cell sits at
XFD1048576, a zip bomb, a million parts, too many rows or merged ranges, an overlong cell.

Each file is built here, small on disk, and imported by a separate process held to 1 GiB
of memory: a reader that allocated the grid or inflated the bomb would die there, and
the test see it. Each refusal names the file and its part or cell, and writes nothing.
"""

from __future__ import annotations

import os
import resource
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import HLJ_IMPORT as ARGS
from conftest import RunCli

GIB = 1024 ** 3
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def xlsx(path: Path, rows_xml: str, *, after: str = "", extra: dict[str, bytes] | None = None,
         big_part: int = 0) -> Path:
    """A one-sheet workbook written part by part, as a hostile one would be: `rows_xml`
    inside <sheetData>, `after` behind it (merged ranges), `big_part` bytes of spaces in
    one more part (a bomb: a megabyte of them zips to about a kilobyte)."""
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
            '2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
            'sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '</Types>'),
        "_rels/.rels": (
            f'<?xml version="1.0"?><Relationships xmlns="{_RELS}"><Relationship Id="rId1" '
            f'Type="{_DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (
            f'<?xml version="1.0"?><workbook xmlns="{_MAIN}" xmlns:r="{_DOC_RELS}"><sheets>'
            '<sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0"?><Relationships xmlns="{_RELS}"><Relationship Id="rId1" '
            f'Type="{_DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
        "xl/worksheets/sheet1.xml": (
            f'<?xml version="1.0"?><worksheet xmlns="{_MAIN}"><sheetData>{rows_xml}'
            f'</sheetData>{after}</worksheet>'),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        for name, text in parts.items():
            book.writestr(name, text)
        for name, data in (extra or {}).items():
            book.writestr(name, data)
        if big_part:
            with book.open("xl/media/bomb.xml", "w") as bomb:
                for _ in range(big_part // (1 << 20)):
                    bomb.write(b" " * (1 << 20))
    return path


def cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


HEADER_ROW = f'<row r="1">{cell("A1", "序号")}{cell("B1", "会商事项")}{cell("C1", "牵头单位")}</row>'
ITEM_ROW = (f'<row r="2">{cell("A2", "1")}{cell("B2", "统一量刑建议审查标准")}'
            f'{cell("C2", "黑龙江省高级人民法院")}</row>')


def import_bounded(ledger: Path, sheet: Path) -> subprocess.CompletedProcess[str]:
    """`huishang import` in its own process, which may not use more than 1 GiB."""

    def limit_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (GIB, GIB))

    env = {**os.environ, "RUST_BACKTRACE": "0"}
    return subprocess.run([sys.executable, "-m", "huishang", "import", str(sheet), *ARGS,
                           "--repo", str(ledger)], capture_output=True, text=True,
                          timeout=120, preexec_fn=limit_memory, env=env, check=False)


def written(ledger: Path) -> list[str]:
    return sorted(str(p.relative_to(ledger)) for p in (ledger / "items").rglob("*.yaml")
                  if p.name != "meeting.yaml")


def refused(ledger: Path, sheet: Path) -> str:
    """What `huishang import` says as it refuses `sheet`: exit 1, and no item written."""
    result = import_bounded(ledger, sheet)
    assert result.returncode == 1, result.stderr
    assert written(ledger) == []
    return result.stderr


def test_a_sane_workbook_still_imports(hlj_ledger: Path, tmp_path: Path) -> None:
    result = import_bounded(hlj_ledger, xlsx(tmp_path / "台账.xlsx", HEADER_ROW + ITEM_ROW))
    assert result.returncode == 0, result.stderr
    assert written(hlj_ledger) == ["items/2024-09-10-hlj/2024-09-10-hlj-01.yaml"]


def test_one_cell_at_the_last_row_and_column_is_refused_at_that_cell(
        hlj_ledger: Path, tmp_path: Path) -> None:
    """calamine would allocate 16,384 x 1,048,576 cells (512 GiB) and abort."""
    sheet = xlsx(tmp_path / "台账.xlsx", HEADER_ROW + ITEM_ROW
                 + f'<row r="1048576">{cell("XFD1048576", "x")}</row>')
    assert refused(hlj_ledger, sheet) == (
        f"huishang: {sheet}: cell XFD1048576 in xl/worksheets/sheet1.xml is beyond what is "
        "read (at most 20000 rows and 200 columns: limits.rows, limits.columns in "
        "huishang.yaml); it was not read\n")


def test_a_declared_dimension_is_not_trusted_either_way(hlj_ledger: Path, tmp_path: Path) -> None:
    """A sheet may declare A1:XFD1048576 and hold two rows: it is read by its cells."""
    sheet = xlsx(tmp_path / "台账.xlsx", HEADER_ROW + ITEM_ROW)
    with zipfile.ZipFile(sheet) as book:
        parts = {name: book.read(name) for name in book.namelist()}
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(
        b"<sheetData>", b'<dimension ref="A1:XFD1048576"/><sheetData>')
    with zipfile.ZipFile(sheet, "w") as book:
        for name, data in parts.items():
            book.writestr(name, data)
    result = import_bounded(hlj_ledger, sheet)
    assert result.returncode == 0, result.stderr
    assert written(hlj_ledger) == ["items/2024-09-10-hlj/2024-09-10-hlj-01.yaml"]


def test_a_reference_written_with_character_entities_is_read_as_xml_reads_it(
        hlj_ledger: Path, tmp_path: Path) -> None:
    """`&#88;FD` is XFD to every XML reader: a scan of the raw text would miss it."""
    sheet = xlsx(tmp_path / "台账.xlsx", HEADER_ROW + ITEM_ROW
                 + '<row r="1048576"><c r="&#88;FD1048576"><v>1</v></c></row>')
    result = import_bounded(hlj_ledger, sheet)
    assert result.returncode == 1, result.stderr
    assert "cell XFD1048576 in xl/worksheets/sheet1.xml is beyond" in result.stderr
    assert written(hlj_ledger) == []


def test_cells_placed_without_references_are_followed_too(hlj_ledger: Path,
                                                         tmp_path: Path) -> None:
    """A cell without `r` sits after the one before it: 300 of them reach column KN."""
    wide = '<row r="2">' + "<c><v>1</v></c>" * 300 + "</row>"
    result = import_bounded(hlj_ledger, xlsx(tmp_path / "台账.xlsx", HEADER_ROW + wide))
    assert result.returncode == 1, result.stderr
    assert "cell GS2 in xl/worksheets/sheet1.xml is beyond" in result.stderr


def test_a_zip_bomb_is_refused_before_it_is_inflated(hlj_ledger: Path, tmp_path: Path) -> None:
    sheet = xlsx(tmp_path / "台账.xlsx", HEADER_ROW + ITEM_ROW, big_part=96 << 20)
    assert sheet.stat().st_size < 200_000
    assert refused(hlj_ledger, sheet) == (
        f"huishang: {sheet} unzips to more than 67108864 bytes (at part xl/media/bomb.xml; "
        "limits.unzipped_bytes in huishang.yaml); it was not read\n")


def test_a_workbook_of_a_thousand_parts_is_refused(hlj_ledger: Path, tmp_path: Path) -> None:
    sheet = xlsx(tmp_path / "台账.xlsx", HEADER_ROW + ITEM_ROW,
                 extra={f"xl/media/p{n}.bin": b"" for n in range(1_000)})
    assert refused(hlj_ledger, sheet) == (
        f"huishang: {sheet} holds 1005 parts, more than the limit of 1000 "
        "(limits.parts in huishang.yaml); it was not read\n")


def test_a_doctype_in_a_part_is_refused(hlj_ledger: Path, tmp_path: Path) -> None:
    """How an entity bomb is declared; no office file has one."""
    sheet = xlsx(tmp_path / "台账.xlsx", HEADER_ROW + ITEM_ROW, extra={
        "xl/sharedStrings.xml": b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "aaaa">]><s/>'})
    assert refused(hlj_ledger, sheet) == (
        f"huishang: cannot read part xl/sharedStrings.xml of {sheet}: DOCTYPE\n")


def test_merged_ranges_beyond_the_limit_are_refused(hlj_ledger: Path, tmp_path: Path) -> None:
    merges = "".join(f'<mergeCell ref="D{r}:XFD{r}"/>' for r in range(3, 5_004))
    sheet = xlsx(tmp_path / "台账.xlsx", HEADER_ROW + ITEM_ROW,
                 after=f'<mergeCells count="5001">{merges}</mergeCells>')
    assert refused(hlj_ledger, sheet) == (
        f"huishang: {sheet} (台账) has 5001 merged ranges, more than the limit of 5000 "
        "(limits.merged_ranges in huishang.yaml); it was not read\n")


def test_the_limits_are_settings(run: RunCli, hlj_ledger: Path, tmp_path: Path) -> None:
    (hlj_ledger / "huishang.yaml").write_text("limits:\n  rows: 10\n", encoding="utf-8")
    rows = "序号,会商事项,牵头单位\n" + "".join(f"{n},事项{n},黑龙江省高级人民法院\n"
                                          for n in range(1, 11))
    sheet = tmp_path / "台账.csv"
    sheet.write_text(rows, encoding="utf-8")
    result = run("import", str(sheet), *ARGS, "--repo", str(hlj_ledger))
    assert result.exit_code == 1, result.output
    assert result.stderr == (f"huishang: {sheet} (-) has 10+ rows, more than the limit of 10 "
                             "(limits.rows in huishang.yaml); it was not read\n")
    assert written(hlj_ledger) == []


@pytest.mark.parametrize("length", [32_768, 131_073, 3_000_000])
def test_an_overlong_cell_is_refused_at_its_cell(run: RunCli, hlj_ledger: Path, tmp_path: Path,
                                                 length: int) -> None:
    """The csv module's own limit (131,072) ended in exit 3; a 3-million-character title
    would make an item file larger than validate reads."""
    sheet = tmp_path / "台账.csv"
    sheet.write_text(f"序号,会商事项,牵头单位\n1,{'长' * length},黑龙江省高级人民法院\n",
                     encoding="utf-8")
    result = run("import", str(sheet), *ARGS, "--repo", str(hlj_ledger))
    assert result.exit_code == 1, result.output
    assert result.stderr == (f"huishang: {sheet}:B2: the cell holds more than 32767 characters "
                             "(limits.cell_chars in huishang.yaml); it was not read\n")
    book = xlsx(tmp_path / "台账.xlsx", HEADER_ROW + f'<row r="2">{cell("A2", "1")}'
                f'{cell("B2", "长" * length)}{cell("C2", "黑龙江省高级人民法院")}</row>')
    result = run("import", str(book), *ARGS, "--repo", str(hlj_ledger))
    assert result.exit_code == 1, result.output
    assert f"{book}:台账!B2: the cell holds more than 32767 characters" in result.stderr
    assert written(hlj_ledger) == []


def ods(path: Path, rows_xml: str) -> Path:
    """An OpenDocument spreadsheet of one sheet, `rows_xml` its table rows."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="台账">{rows_xml}'
        '</table:table></office:spreadsheet></office:body></office:document-content>')
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        book.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return path


def ods_cell(text: str) -> str:
    return (f'<table:table-cell office:value-type="string"><text:p>{text}</text:p>'
            '</table:table-cell>')


@pytest.mark.parametrize(("rows", "where"), [
    # a row repeated a million times, then one cell: the grid would reach row 1,048,572
    ('<table:table-row table:number-rows-repeated="1048570"><table:table-cell '
     'table:number-columns-repeated="16384"/></table:table-row>'
     f'<table:table-row>{ods_cell("x")}</table:table-row>', "A1048572"),
    # a cell repeated across the row, then one with a value at column 16,001 (WQK)
    (f'<table:table-row><table:table-cell table:number-columns-repeated="16000"/>'
     f'{ods_cell("x")}</table:table-row>', "WQK2"),
])
def test_repeated_ods_rows_and_cells_are_refused(hlj_ledger: Path, tmp_path: Path, rows: str,
                                                 where: str) -> None:
    header = f'<table:table-row>{ods_cell("序号")}{ods_cell("会商事项")}{ods_cell("牵头单位")}</table:table-row>'
    sheet = ods(tmp_path / "台账.ods", header + rows)
    result = import_bounded(hlj_ledger, sheet)
    assert result.returncode == 1, result.stderr
    assert f"{sheet}: cell {where} in content.xml is beyond what is read" in result.stderr
    assert written(hlj_ledger) == []


# --- .xls: a compound file of BIFF8 records, built here byte by byte ---------------------

def biff(kind: int, data: bytes = b"") -> bytes:
    """One BIFF record: its type, its length, its data."""
    return struct.pack("<HH", kind, len(data)) + data


def xls_label(row: int, column: int, text: str) -> bytes:
    """A Label record: a cell holding `text`, 0-based row and column."""
    return biff(0x0204, struct.pack("<HHHHB", row, column, 0, len(text), 1)
                + text.encode("utf-16-le"))


XLS_HEADER = xls_label(0, 0, "序号") + xls_label(0, 1, "会商事项") + xls_label(0, 2, "牵头单位")
XLS_ITEM = (xls_label(1, 0, "1") + xls_label(1, 1, "统一量刑建议审查标准")
            + xls_label(1, 2, "黑龙江省高级人民法院"))


def xls(path: Path, body: bytes, *, broken_chain: bool = False, excel95: bool = False) -> Path:
    """An .xls workbook of one sheet 台账 whose records are `body`: a Workbook stream (BOF,
    BoundSheet8, EOF, then the sheet's BOF, body, EOF) in a compound file of 512-byte
    sectors: header, FAT, directory, stream. `broken_chain` points the stream's sectors
    past the end of the file, as a damaged or hostile file may. `excel95` writes BIFF5, as
    Excel 95 did: the sheet's name in the workbook's code page (GBK), with no flag."""
    version = 0x0500 if excel95 else 0x0600
    bof = [biff(0x0809, struct.pack("<HHHHII", version, kind, 0, 0, 0, 0)) for kind in (5, 16)]
    if excel95:
        globals_ = bof[0] + biff(0x0042, struct.pack("<H", 936))
        bound = struct.pack("<IBBB", 0, 0, 0, 4) + "台账".encode("gbk")
    else:
        globals_ = bof[0]
        bound = struct.pack("<IBBBB", 0, 0, 0, 2, 1) + "台账".encode("utf-16-le")
    sheet_at = len(globals_) + 4 + len(bound) + 4
    bound = struct.pack("<I", sheet_at) + bound[4:]
    stream = (globals_ + biff(0x0085, bound) + biff(0x000A) + bof[1] + body + biff(0x000A))
    stream += b"\0" * max(0, 4096 - len(stream))  # no smaller than the mini-stream cutoff
    sectors = -(-len(stream) // 512)
    end, free = 0xFFFFFFFE, 0xFFFFFFFF
    chain = [s + 1 for s in range(2, sectors + 1)] + [end]
    if broken_chain:
        chain[0] = sectors + 3  # one past the last sector
    fat = [0xFFFFFFFD, end, *chain]
    assert len(fat) <= 128, "one FAT sector is enough for these tests"
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<9I", 0, 1, 1, 0, 0x1000, end, 0, end, 0)
              + struct.pack("<109I", 0, *[free] * 108))

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        raw = (name + "\0").encode("utf-16-le") if name else b""
        return (raw.ljust(64, b"\0") + struct.pack("<HBB3I", len(raw), kind, 1, free, free,
                                                   child)
                + b"\0" * 36 + struct.pack("<3I", start, size, 0))

    directory = (entry("Root Entry", 5, 1, end, 0) + entry("Workbook", 2, free, 2, len(stream))
                 + entry("", 0, free, 0, 0) * 2)
    path.write_bytes(header + struct.pack("<128I", *fat, *[free] * (128 - len(fat)))
                     + directory + stream.ljust(sectors * 512, b"\0"))
    return path


def test_a_sane_xls_workbook_still_imports(hlj_ledger: Path, tmp_path: Path) -> None:
    result = import_bounded(hlj_ledger, xls(tmp_path / "台账.xls", XLS_HEADER + XLS_ITEM))
    assert result.returncode == 0, result.stderr
    assert written(hlj_ledger) == ["items/2024-09-10-hlj/2024-09-10-hlj-01.yaml"]


def _dimensions(first_row: int, past_row: int, first_column: int, past_column: int) -> bytes:
    return biff(0x0200, struct.pack("<IIHHH", first_row, past_row, first_column,
                                    past_column, 0))


@pytest.mark.parametrize(("records", "where"), [
    # a declared area of 4 billion rows: calamine reserved room for it and aborted
    (_dimensions(0, 0xFFFFFFFF, 0, 0xFF), "IU4294967295"),
    # a last row before the first: calamine's 32-bit count wrapped to 4 billion rows
    (_dimensions(10, 5, 0, 3), "C4294967301"),
    # one value at the last row and column of the format: a dense grid of 16.7 million
    # cells, 535 MB before calamine aborted under 1 GiB
    (xls_label(65535, 255, "x"), "IV65536"),
    # a column no .xls may have, which its records can still hold
    (xls_label(2, 65535, "x"), "CRXP3"),
    # a MulRk run of numbers whose last column is written at its end
    (biff(0x00BD, struct.pack("<HH", 2, 0) + b"\0" * 6 * 300 + struct.pack("<H", 299)), "KN3"),
])
def test_an_xls_reaching_beyond_the_limits_is_refused_before_it_is_read(
        hlj_ledger: Path, tmp_path: Path, records: bytes, where: str) -> None:
    sheet = xls(tmp_path / "台账.xls", XLS_HEADER + XLS_ITEM + records)
    assert sheet.stat().st_size < 10_000
    assert refused(hlj_ledger, sheet) == (
        f"huishang: {sheet}: cell {where} in 台账 is beyond what is read (at most 20000 rows "
        "and 200 columns: limits.rows, limits.columns in huishang.yaml); it was not read\n")


def test_an_excel_95_sheet_beyond_the_limits_is_named_as_its_workbook_writes_it(
        hlj_ledger: Path, tmp_path: Path) -> None:
    """An Excel 95 (BIFF5) workbook writes its sheet names in its code page, here GBK,
    with no flag byte before them: the refusal names the sheet 台账, not a mangled one."""
    far = biff(0x0200, struct.pack("<HHHHH", 0, 0xFFFF, 0, 0xFF, 0))  # BIFF5: 16-bit rows
    sheet = xls(tmp_path / "台账.xls", far + XLS_HEADER, excel95=True)
    assert refused(hlj_ledger, sheet) == (
        f"huishang: {sheet}: cell IU65535 in 台账 is beyond what is read (at most 20000 rows "
        "and 200 columns: limits.rows, limits.columns in huishang.yaml); it was not read\n")


def test_a_declared_xls_area_within_the_limits_is_read(hlj_ledger: Path, tmp_path: Path) -> None:
    """Formatted empty cells widen what a sheet declares: 60,000 rows of 8 columns is
    480,000 cells, well within 20,000 x 200, and only the cells with values are read."""
    sheet = xls(tmp_path / "台账.xls", _dimensions(0, 60_000, 0, 8) + XLS_HEADER + XLS_ITEM)
    result = import_bounded(hlj_ledger, sheet)
    assert result.returncode == 0, result.stderr
    assert written(hlj_ledger) == ["items/2024-09-10-hlj/2024-09-10-hlj-01.yaml"]


def test_xls_merged_ranges_beyond_the_limit_are_refused(hlj_ledger: Path,
                                                        tmp_path: Path) -> None:
    ranges = [struct.pack("<4H", r, r, 3, 255) for r in range(3, 5_004)]
    records = b"".join(biff(0x00E5, struct.pack("<H", len(part)) + b"".join(part))
                       for part in (ranges[:1_000], ranges[1_000:2_000], ranges[2_000:3_000],
                                    ranges[3_000:4_000], ranges[4_000:]))
    sheet = xls(tmp_path / "台账.xls", XLS_HEADER + XLS_ITEM + records)
    assert refused(hlj_ledger, sheet) == (
        f"huishang: {sheet} (台账) has 5001 merged ranges, more than the limit of 5000 "
        "(limits.merged_ranges in huishang.yaml); it was not read\n")


def test_a_damaged_xls_container_is_refused_in_words(hlj_ledger: Path, tmp_path: Path) -> None:
    """Its stream's sectors run past the end of the file: calamine panicked (exit 3)."""
    sheet = xls(tmp_path / "台账.xls", XLS_HEADER + XLS_ITEM, broken_chain=True)
    result = import_bounded(hlj_ledger, sheet)
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith(f"huishang: cannot read {sheet}: "), result.stderr
    assert "Traceback" not in result.stderr and "panicked" not in result.stderr
    assert written(hlj_ledger) == []


def test_overlapping_merged_ranges_are_refused_before_they_are_spread(
        hlj_ledger: Path, tmp_path: Path) -> None:
    """3,000 ranges (under the limit of 5,000) each over the whole 20,000 x 200 grid a
    cell at GR20000 makes: spreading each range's value would be 12 billion cell writes,
    minutes of work from a 30 KB file. The ranges may not overlap, so the work stops once
    it has covered the grid."""
    merges = '<mergeCell ref="B3:GR20000"/>' * 3_000
    sheet = xlsx(tmp_path / "台账.xlsx", HEADER_ROW + ITEM_ROW
                 + f'<row r="20000">{cell("GR20000", "x")}</row>',
                 after=f'<mergeCells count="3000">{merges}</mergeCells>')
    assert sheet.stat().st_size < 30_000
    assert refused(hlj_ledger, sheet) == (
        f"huishang: {sheet} (台账) has merged ranges that overlap; it cannot be read\n")


def test_xls_cell_records_beyond_the_grids_cells_are_refused(hlj_ledger: Path,
                                                             tmp_path: Path) -> None:
    """calamine keeps every record before it makes the grid, many at one place included (a
    64 MB file of them took 974 MB): no more than limits.rows x limits.columns, here
    lowered to 10 x 10."""
    (hlj_ledger / "huishang.yaml").write_text("limits:\n  rows: 10\n  columns: 10\n",
                                              encoding="utf-8")
    sheet = xls(tmp_path / "台账.xls", XLS_HEADER + XLS_ITEM + xls_label(2, 0, "x") * 95)
    assert refused(hlj_ledger, sheet) == (
        f"huishang: {sheet} (台账) holds more than 100 cells with values (limits.rows times "
        "limits.columns in huishang.yaml); it was not read\n")
    sheet = xls(tmp_path / "台账.xls", XLS_HEADER + XLS_ITEM + xls_label(2, 0, "x") * 94)
    assert import_bounded(hlj_ledger, sheet).stderr.count("more than 100 cells") == 0
