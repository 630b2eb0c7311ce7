"""Which column of an office's sheet holds which field: found by the headers offices write
(序号, 会商事项, 牵头单位, 完成时限…, with their usual variants, in Chinese or English),
overridden by `--map 列名=字段`."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from huishang.errors import HuishangError
from huishang.exchange.grid import Grid, column_letter
from huishang.messages import msg

# The fields a sheet can give, and the headers offices write for each (after `_plain`:
# no spaces, no parenthesised remark, lower case). The export's own headers, in both
# languages, are added from the column table and the form's (field.<key>), so a workbook
# or form huishang wrote reads back.
HEADERS: dict[str, tuple[str, ...]] = {
    "id": ("事项编号", "id"),
    "meeting": ("会议编号", "meeting"),
    "number": ("序号", "项次", "事项序号", "no.", "no", "number"),
    "title": ("会商事项", "事项", "具体事项", "事项名称", "事项内容", "会商事项内容", "议定事项",
              "工作事项", "工作任务", "任务", "title"),
    "aspect": ("所属方面", "方面", "议题", "类别", "aspect"),
    "lead": ("牵头单位", "牵头部门", "主办单位", "牵头", "lead"),
    "partners": ("配合单位", "协办单位", "配合部门", "协同单位", "参与单位", "partners"),
    "division": ("责任部门", "承办部门", "责任庭室", "承办庭室", "责任处室", "责任单位",
                 "owner_division", "division"),
    "person": ("责任人", "承办人", "具体责任人", "owner_person", "person"),
    "due": ("完成时限", "时限", "期限", "完成期限", "办结时限", "截止日期", "完成时间", "due"),
    "status": ("落实状态", "状态", "办理状态", "进展状态", "status"),
    "progress": ("进展情况", "落实情况", "工作进展", "推进情况", "进展", "落实进展", "最新进展",
                 "本期进展", "本月进展", "progress this period",
                 "progress"),
    "progress_date": ("进展日期", "反馈日期", "更新日期", "填报日期", "报送日期",
                      "progress_date"),
    "done_on": ("办结日期", "办结时间", "实际完成时间", "实际完成日期", "done_on"),
    "evidence": ("办结依据", "佐证材料", "办结材料", "证明材料", "依据", "evidence"),
    "adjust": ("调整事项", "调整内容", "申请调整事项", "变更事项", "adjust"),
    "reason": ("调整理由", "调整原因", "变更理由", "延期理由", "延期原因", "reason"),
    "by": ("填报人", "报送人", "by"),
    "notes": ("备注", "notes"),
}
FIELDS: tuple[str, ...] = tuple(HEADERS)
# A totals row under the items, and the numbering of a heading row (一、 （二） 3. 第四部分).
TOTALS_ROW = re.compile(r"^\s*(合计|总计|小计|共计|total)", re.IGNORECASE)
HEADING_NUMBER = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、.]|[(][一二三四五六七八九十\d]+[)]|\d+[、.]"
    r"|第[一二三四五六七八九十\d]+(?:部分|方面|项)?[、:]?)\s*")
_NUMERALS = {c: i for i, c in enumerate("一二三四五六七八九", start=1)}


def heading_number(text: str) -> int | None:
    """The number a heading row starts with: 一、→ 1, （十二）→ 12, 3. → 3, 第四部分 → 4."""
    found = HEADING_NUMBER.match(unicodedata.normalize("NFKC", text))
    if found is None:
        return None
    written = re.sub(r"[^一二三四五六七八九十\d]", "", found.group())
    if written.isdigit():
        return int(written)
    tens, _, ones = written.rpartition("十")
    if "十" not in written:
        return _NUMERALS.get(written)
    return (_NUMERALS.get(tens, 0) if tens else 1) * 10 + _NUMERALS.get(ones, 0)


_REMARK = re.compile(r"[(（\[【].*?[)）\]】]")


def _plain(header: Any) -> str:
    """A header as compared: NFKC, no blanks or line breaks, no remark in brackets."""
    text = unicodedata.normalize("NFKC", str(header))
    text = _REMARK.sub("", text)
    return re.sub(r"\s+", "", text).lower().rstrip(":：*")


def _known_headers() -> dict[str, str]:
    """Every header text understood -> its field (or a derived column's key, which the
    table marks: read back, it is passed over)."""
    from huishang.exchange.form import INPUT
    from huishang.views.item_columns import ITEM_COLUMNS

    known: dict[str, str] = {}
    derived = [c for c in ITEM_COLUMNS.values() if c.derived]
    for key in (*FIELDS, *(c.key for c in derived)):
        for lang in ("zh", "en"):
            known.setdefault(_plain(msg(f"field.{key}", lang)), key)
        known.setdefault(_plain(key), key)
    for own in INPUT:  # the form's own wording (本期进展)
        for lang in ("zh", "en"):
            known.setdefault(_plain(own.header(lang)), own.key)
    for key, words in HEADERS.items():
        for word in words:
            known.setdefault(_plain(word), key)
    return known


@dataclass(frozen=True)
class Columns:
    """Where each field is, in one grid: the header's row and each field's column."""

    header_row: int  # the last row of the header (a header can take two rows)
    fields: dict[str, int]  # field -> 0-based column
    headers: dict[int, str]  # column -> the header as written
    ignored: tuple[tuple[str, str], ...]  # headers not understood: as written, column letter

    def label(self, field: str) -> str:
        """The header the office wrote for a field, for messages."""
        column = self.fields.get(field)
        return self.headers.get(column, field) if column is not None else field


def parse_maps(maps: Sequence[str]) -> dict[str, str]:
    """`--map 列名=字段` options as header (compared plainly) -> field."""
    chosen: dict[str, str] = {}
    for given in maps:
        header, sep, field = given.partition("=")
        field = field.strip()
        if not sep or not header.strip() or field not in FIELDS:
            raise HuishangError("import.bad_map", exit_code=2, value=given,
                                fields=", ".join(FIELDS))
        chosen[_plain(header)] = field
    return chosen


_SCAN = 30  # header rows are looked for among the first rows, under any title rows


def find_columns(grid: Grid, maps: dict[str, str]) -> Columns | None:
    """The header of a grid: the first row that names the item's title and at least one
    more field. None when no row does."""
    known = {**_known_headers(), **maps}
    for r in range(min(_SCAN, len(grid.rows))):
        found = _match(grid.rows[r], known)
        if "title" not in found.values() or len(set(found.values())) < 2:
            continue
        header_row = r
        # A two-row header: 责任主体 over 责任部门 | 责任人; the lower row names the fields
        # the upper one's merged cell hides.
        if r + 1 < len(grid.rows):
            below = _match(grid.rows[r + 1], known)
            taken = set(found.values())
            extra = {c: f for c, f in below.items() if f not in taken and f != "title"}
            # every name in the lower row is new, or the upper cell's merged down
            if extra and all(f in extra.values() or found.get(c) == f
                             for c, f in below.items()):
                found.update(extra)
                header_row = r + 1
        return _columns(grid, header_row, r, found)
    return None


def _match(cells: Sequence[Any], known: dict[str, str]) -> dict[int, str]:
    found: dict[int, str] = {}
    seen: set[str] = set()
    for c, cell in enumerate(cells):
        key = known.get(_plain(cell)) if str(cell).strip() else None
        if key is not None and key not in seen:  # a field's first column is its column
            found[c] = key
            seen.add(key)
    return found


def _columns(grid: Grid, header_row: int, first_row: int, found: dict[int, str]) -> Columns:
    headers: dict[int, str] = {}
    ignored: list[tuple[str, str]] = []
    width = max((len(grid.rows[r]) for r in range(first_row, header_row + 1)), default=0)
    for c in range(width):
        written = next((str(grid.value(r, c)).strip() for r in range(header_row, first_row - 1, -1)
                        if str(grid.value(r, c)).strip()), "")
        if c in found:
            headers[c] = re.sub(r"\s+", "", written)
        elif written:
            ignored.append((written, column_letter(c)))
    fields = {f: c for c, f in found.items() if f in FIELDS}
    return Columns(header_row, fields, headers, tuple(dict.fromkeys(ignored)))


# The period a 填报表 asks about, in a row above its header: 填报期间：2024年8月 (or the
# English form's "Period: 2024-08").
_PERIOD = re.compile(r"(?:填报期间|报送期间|填报月份|报送月份)\s*[:：]?\s*"
                     r"(\d{4})\s*年\s*(\d{1,2})\s*月|period\s*[:：]\s*(\d{4})-(\d{1,2})",
                     re.IGNORECASE)


def form_period(grid: Grid, header_row: int) -> tuple[int, int] | None:
    """The (year, month) the rows above a form's header name; None for a sheet that names
    none (an office's own 台账)."""
    for r in range(header_row):
        for cell in grid.rows[r]:
            found = _PERIOD.search(unicodedata.normalize("NFKC", str(cell)))
            if found is not None:
                year, month = (int(g) for g in found.groups() if g is not None)
                if 1 <= month <= 12:
                    return year, month
    return None
