"""The layout of 党政机关公文 (GB/T 9704-2012), as numbers and the standard's own font names.

A4 paper; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; 22 lines of 28
characters of 三号 (16 pt) type; the title in 方正小标宋简体 二号 (22 pt); body text in
仿宋_GB2312; level-1 headings in 黑体, level-2 in 楷体_GB2312; page numbers 四号 (14 pt)
宋体 between dashes (— 1 —), on the right of odd pages and the left of even ones. An
office changes the fonts under `documents.fonts` in huishang.yaml.

These names are the standard's, not messages, so they are kept here, out of messages.py.
"""

from __future__ import annotations

import math
from typing import Final

PAGE_MM: Final = (210.0, 297.0)
MARGINS_MM: Final = {"top": 37.0, "bottom": 35.0, "left": 28.0, "right": 26.0}
LINES: Final = 22
CHARS: Final = 28
TEXT_WIDTH_MM: Final = PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]  # 156 mm
TEXT_HEIGHT_MM: Final = PAGE_MM[1] - MARGINS_MM["top"] - MARGINS_MM["bottom"]  # 225 mm

BODY_PT: Final = 16.0  # 三号
TITLE_PT: Final = 22.0  # 二号
MASTHEAD_PT: Final = 36.0  # 小初: the red header of a bulletin
PAGE_NUMBER_PT: Final = 14.0  # 四号
TABLE_PT: Final = 12.0  # 小四: tables of many columns still fit the 156 mm of a line
DENSE_TABLE_PT: Final = 10.5  # 五号: a table whose columns do not fit at 小四

FONTS: Final = {
    "title": "方正小标宋简体",
    "heading1": "黑体",
    "heading2": "楷体_GB2312",
    "body": "仿宋_GB2312",
    "table": "仿宋_GB2312",
    "page_number": "宋体",
}
# What stock Windows has in place of each (方正小标宋简体 and the _GB2312 faces are not
# part of it): written into the document's font table as each font's alternate name, so
# Word and LibreOffice fall back to the right face, not to a sans one.
ALTERNATES: Final = {
    "title": "宋体",
    "heading1": "黑体",
    "heading2": "楷体",
    "body": "仿宋",
    "table": "仿宋",
    "page_number": "宋体",
}
# The Latin font beside each: digits and Latin letters in 公文 are Times New Roman.
LATIN_FONT: Final = "Times New Roman"
RED: Final = "FF0000"

def points(mm: float) -> float:
    return mm / 25.4 * 72


def line_pitch_twips() -> int:
    """The body's line pitch: the text height shared by 22 lines (579 twips, 28.95 pt)."""
    return int(points(TEXT_HEIGHT_MM) * 20 / LINES)


def char_spacing_twentieths() -> int:
    """How much tighter than its size each body character is set so that 28 fill the line
    (in twentieths of a point, rounded down so the 28th always fits): -5."""
    return math.floor((points(TEXT_WIDTH_MM) / CHARS - BODY_PT) * 20)


_NUMERALS: Final = "一二三四五六七八九十"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五 (headings run to a few dozen)."""
    if n <= 10:
        return _NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else _NUMERALS[tens - 1]
    return head + _NUMERALS[9] + (_NUMERALS[ones - 1] if ones else "")


def heading_number(n: int, level: int, lang: str) -> str:
    """The number before a heading: 一、 and （一） in Chinese, 1. and (1) in English."""
    if lang == "zh":
        return f"{chinese_number(n)}、" if level == 1 else f"（{chinese_number(n)}）"
    return f"{n}. " if level == 1 else f"({n}) "
