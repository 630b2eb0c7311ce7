"""Column widths of a document's table, from its contents measured in its own type size.

A Chinese character takes the full size (an em), a Latin letter or digit about half of it
(half an em in Times New Roman, the Latin face of 公文; a little more is allowed for the
faces that stand in for it where it is not installed). Each column has the width its
widest line wants and the least it can take without breaking what must not be broken: a
number, a date, a Latin word, and all of a column that never wraps (序号, figures). Long
text (titles, progress) folds, at character boundaries. Columns are served from the
narrowest: names, dates and figures stay on one line, and the long ones share what is
left. The widths are written into the document (fixed layout), so Word, WPS and
LibreOffice lay the table out alike.
"""

from __future__ import annotations

import math
import re

from huishang.output.table import Sheet, as_cell, cell_width

CELL_MARGIN_PT = 2.85  # left and right in each cell (0.1 cm): more room for the text
PADDING_PT = 2 * CELL_MARGIN_PT + 1.5  # both margins, the rules and rounding
LATIN_EM = 0.55  # a Latin digit: half an em in Times New Roman, a little more in its stand-ins
HEAD_LEAST = 4  # a header folds onto two lines rather than widen a column of figures
FOLD_LEAST = 6  # a column of text that folds keeps at least six characters a line
# Latin words, numbers and dates, with the punctuation that may not be parted from them (a
# line never starts with ，or ends with （)
_UNBROKEN = re.compile(r"[\uff08\u300a\u201c\u2018\u300c\u300e\u3010]?"
                       r"[\x21-\x7e\u00a0-\u02ff]+"
                       r"[\uff0c\u3002\u3001\uff1b\uff1a\uff01\uff1f\uff09\u300b\u201d\u2019"
                       r"\u300d\u300f\u3011]?")


def ems(text: str) -> float:
    """How wide `text` is, in ems of its type size."""
    wide = cell_width(text) - len(text)  # East Asian wide characters take two cells
    return wide + (len(text) - wide) * LATIN_EM


def _unbroken(text: str) -> float:
    """Ems of the widest piece of `text` that is never broken: a number, a date, a Latin
    word; two Chinese characters at the least."""
    return max([2.0, *(ems(word) for word in _UNBROKEN.findall(text))])


def table_size(sheet: Sheet, line_pt: float, sizes: tuple[float, ...]) -> float:
    """The first of `sizes` (largest first) at which every column of `sheet` gets at least
    its least width; the last one when none does."""
    for size in sizes[:-1]:
        if sum(_bounds(sheet, size)[1]) <= line_pt:
            return size
    return sizes[-1]


def column_widths(sheet: Sheet, line_pt: float, size_pt: float) -> list[float]:
    """The widths in points of the columns of `sheet`, together `line_pt` (a full line).

    Columns are served from the narrowest: each gets all it wants (no line folded) while
    the columns left can still have their least; those left fold their text, sharing the
    rest in proportion to what they want."""
    want, least, hards = _bounds(sheet, size_pt)
    if sum(want) <= line_pt:  # everything fits on one line: spread the room evenly
        return [w * line_pt / sum(want) for w in want]
    if sum(hards) >= line_pt:  # too many columns for the line: shrink all alike
        return [w * line_pt / sum(hards) for w in hards]
    if sum(least) > line_pt:  # text folds to fewer than six characters a line
        give = (sum(least) - line_pt) / (sum(least) - sum(hards))
        least = [w - (w - h) * give for w, h in zip(least, hards, strict=True)]
    widths = list(least)
    left = sorted(range(len(want)), key=want.__getitem__)
    served = 0.0
    while len(left) > 1 and served + want[left[0]] + _fold_room(left[1:], least) <= line_pt:
        widths[left[0]] = want[left[0]]  # one line for each of its cells
        served += want[left.pop(0)]
    room = line_pt - served
    while left:  # the rest fold, in proportion to what they want, none below its least
        share = room / sum(want[i] for i in left)
        below = [i for i in left if want[i] * share < least[i]]
        if not below:
            for i in left:
                widths[i] = want[i] * share
            break
        for i in below:
            widths[i] = least[i]
            room -= least[i]
            left.remove(i)
    return widths


def _bounds(sheet: Sheet, size_pt: float) -> tuple[list[float], list[float], list[float]]:
    """What each column wants (no line folded), the least it takes (text folding at six
    characters a line), and what it cannot do without (its unbroken words), in points."""
    want: list[float] = []
    least: list[float] = []
    hards: list[float] = []
    for i, column in enumerate(sheet.columns):
        lines = [line for row in sheet.body() for line in as_cell(row[i]).text.split("\n")]
        widest = max((ems(line) for line in lines), default=0.0)
        head = ems(column.header)
        head_least = min(head, max(HEAD_LEAST, math.ceil(head / 2)))
        hard = max([head_least, *(_unbroken(line) for line in lines)])
        if column.no_wrap:
            hard = max(hard, widest)
        wanted = max(widest, hard, head if widest <= HEAD_LEAST else head_least)
        want.append(wanted * size_pt + PADDING_PT)
        least.append(max(hard, min(wanted, FOLD_LEAST)) * size_pt + PADDING_PT)
        hards.append(hard * size_pt + PADDING_PT)
    return want, least, hards


def _fold_room(columns: list[int], least: list[float]) -> float:
    """What the columns that will fold need at the least."""
    return sum(least[i] for i in columns)
