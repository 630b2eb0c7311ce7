"""Tables as values (`Sheet`) and huishang's one text layout of them, plain or in colour.

The same layout serves a terminal and a pipe. It is computed a column at a time, since a
ledger table has thousands of rows and a general layout engine (rich's) took seconds for
them on a terminal. Colour is added per cell, as ANSI codes around the text only, and only
when the caller asks (a terminal, without NO_COLOR). On a terminal narrower than the table
the widest columns are folded onto more lines, so a row never wraps into the next column.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import NamedTuple

from huishang.output.escape import terminal


class Cell(NamedTuple):
    """A value with an optional style; views build cells without knowing the output."""

    text: str
    style: str = ""  # words such as "bold red" or "black on yellow"; see `sgr`
    link: str = ""  # where the cell points, in HTML output
    data: str | None = None  # the cell as data (CSV), where it differs from what people read


Value = Cell | str  # a plain string is a cell without style or link: tables are big


def as_cell(value: Value) -> Cell:
    return value if isinstance(value, Cell) else Cell(value)


def text_of(value: Value) -> str:
    return value if isinstance(value, str) else value.text


@dataclass(frozen=True)
class Column:
    header: str
    justify: str = "left"
    no_wrap: bool = False
    data_header: str = ""  # the header in data (CSV), where it differs


def data_of(value: Value) -> str:
    """A cell as data: what people read, unless the cell says otherwise."""
    if isinstance(value, str):
        return value
    return value.text if value.data is None else value.data


@dataclass
class Sheet:
    """A table independent of its output format: the views build one, renderers print it."""

    title: str
    columns: list[Column]
    rows: list[list[Value]] = field(default_factory=list)
    total: list[Value] | None = None  # a totals row, set apart at the bottom
    caption: str = ""

    def add(self, *cells: Value) -> None:
        self.rows.append(list(cells))

    def body(self) -> list[list[Value]]:
        """The rows, then the totals row if there is one."""
        return [*self.rows, *([self.total] if self.total is not None else [])]


_COLOURS = {"black": 0, "red": 1, "green": 2, "yellow": 3, "blue": 4, "magenta": 5,
            "cyan": 6, "white": 7}
_EXTENDED = {"dark_orange": 208}  # xterm 256-colour palette
_ATTRIBUTES = {"bold": "1", "dim": "2", "italic": "3", "underline": "4"}


def sgr(style: str) -> str:
    """The ANSI Select Graphic Rendition sequence of a style such as "bold white on red"."""
    codes = []
    background = False
    for word in style.split():
        if word == "on":
            background = True
        elif word in _ATTRIBUTES:
            codes.append(_ATTRIBUTES[word])
        elif word in _COLOURS:
            codes.append(str((40 if background else 30) + _COLOURS[word]))
        elif word in _EXTENDED:
            codes.append(f"{48 if background else 38};5;{_EXTENDED[word]}")
        else:
            raise ValueError(f"unknown style word {word!r} in {style!r}")
    return f"\x1b[{';'.join(codes)}m" if codes else ""


# The three warning colours as cell styles: the terminal draws them, HTML names them.
COLOUR_STYLES = {"red": "bold white on red", "orange": "bold black on dark_orange",
                 "yellow": "black on yellow"}

RESET = "\x1b[0m"
GAP = "   "  # between columns
PAIR_GAP = "  "  # between a label and its value
MIN_FOLDED = 8  # a folded column keeps at least this many cells


def layout(sheet: Sheet, *, colour: bool = False, width: int | None = None) -> str:
    """The sheet as text: title, header, a rule, rows, the totals row apart, the caption.

    `colour` adds each cell's style as ANSI codes (and bold to the title, header and
    totals); `width`, the terminal's, folds the widest columns so that each line fits.
    """
    body = sheet.body()
    count = len(sheet.columns)
    columns = [_column_texts(sheet, n, body) for n in range(count)]
    sizes = [_sizes(texts) for texts in columns]
    widths = [max(s) for s in sizes]
    owner: range | list[int] = range(len(body) + 1)  # each line's row (0: the header)
    if width is not None and _total(widths) > width:
        widths = _narrowed(sheet.columns, widths, width)
        columns, owner = _fold_rows(columns, widths)
        sizes = [_sizes(texts) for texts in columns]
    styles = _styles(sheet, body, owner) if colour else [None] * count
    padded = [_pad(texts, size, w, column.justify, n == count - 1, style)
              for n, (column, texts, size, w, style)
              in enumerate(zip(sheet.columns, columns, sizes, widths, styles, strict=True))]
    padded[0] = [" " + t for t in padded[0]]
    lines = list(map(str.rstrip, map(GAP.join, zip(*padded, strict=True))))

    title = f"{sgr('bold')}{sheet.title}{RESET}" if colour and sheet.title else sheet.title
    out = [title, ""] if sheet.title else [""]
    rows = len(sheet.rows)
    out += [line for line, r in zip(lines, owner, strict=True) if r == 0]
    out.append(" " + "─" * (_total(widths) - 1))
    out += [line for line, r in zip(lines, owner, strict=True) if 0 < r <= rows]
    if sheet.total is not None:
        out += ["", *(line for line, r in zip(lines, owner, strict=True) if r > rows)]
    if sheet.caption:
        out += ["", sheet.caption]
    return "\n".join(out).strip("\n") + "\n"


def pairs(rows: Sequence[tuple[Value, Value]], *, colour: bool = False,
          width: int | None = None, key_style: str = "") -> list[str]:
    """Two columns with no header, as a record is laid out (a label and its value, a day
    and what happened): the first as wide as its widest cell, then two spaces, then the
    second, folded to what is left of `width`; a value's own line breaks are kept, its
    further lines under the value."""
    keys = [_printable(text_of(k)) for k, _ in rows]
    key_width = max(map(cell_width, keys), default=0)
    room = None if width is None else max(MIN_FOLDED, width - key_width - len(PAIR_GAP))
    lines = []
    for key, (cell_key, value) in zip(keys, rows, strict=True):
        style = as_cell(value).style if colour else ""
        shown = [piece for line in text_of(value).split("\n")
                 for piece in (fold(_printable(line), room) if room else [_printable(line)])]
        lead = key + " " * (key_width - cell_width(key))
        if colour and key and (own := as_cell(cell_key).style or key_style):
            lead = f"{sgr(own)}{key}{RESET}" + " " * (key_width - cell_width(key))
        for n, text in enumerate(shown):
            text = f"{sgr(style)}{text}{RESET}" if style and text else text
            lines.append(((lead if n == 0 else " " * key_width) + PAIR_GAP + text).rstrip())
    return lines


def _printable(text: str) -> str:
    """`text` as it is, or, when it holds a control character, escaped (escape.terminal)."""
    return text if text.isprintable() else terminal(text)


def _column_texts(sheet: Sheet, n: int, body: list[list[Value]]) -> list[str]:
    """Header and cells of column `n` as one-line texts: a line break becomes a space, so
    that `grep` and `wc -l` see one line per row."""
    texts = [c if c.__class__ is str else c.text for c in map(itemgetter(n), body)]
    texts.insert(0, sheet.columns[n].header)
    if not "".join(texts).isprintable():  # line breaks, and control characters from names
        texts = list(map(terminal, texts))
    return texts


def _sizes(texts: list[str]) -> list[int]:
    whole = "".join(texts)
    if whole.isascii() and whole.isprintable():  # ids, dates, numbers: one check a column
        return list(map(len, texts))
    return list(map(cell_width, texts))


def _pad(texts: list[str], sizes: list[int], width: int, justify: str, last: bool,
         styles: list[str] | None) -> list[str]:
    """Each text padded to the column's width; a styled text wrapped in its codes (the
    padding stays plain, so a coloured background covers the text only)."""
    if styles is not None:
        texts = [f"{sgr(s)}{t}{RESET}" if s and t else t
                 for t, s in zip(texts, styles, strict=True)]
    if justify == "right":
        return [" " * (width - size) + t for t, size in zip(texts, sizes, strict=True)]
    if last:  # the last column's padding would be stripped
        return texts
    return [t + " " * (width - size) for t, size in zip(texts, sizes, strict=True)]


def _styles(sheet: Sheet, body: list[list[Value]], owner: range | list[int]) -> list[list[str]]:
    """The style of every line of every column: the header and the totals row bold."""
    total_at = len(body) if sheet.total is not None else -1
    out = []
    for n in range(len(sheet.columns)):
        by_row = ["bold"] + [as_cell(c).style for c in map(itemgetter(n), body)]
        if total_at > 0:
            by_row[total_at] = f"bold {by_row[total_at]}".strip()
        out.append([by_row[r] for r in owner])
    return out


def _total(widths: list[int]) -> int:
    """Cells a line takes: a leading space, the columns and the gaps between them."""
    return 1 + sum(widths) + len(GAP) * (len(widths) - 1)


def _narrowed(columns: list[Column], widths: list[int], width: int) -> list[int]:
    """Narrow the widest columns that may wrap until the table fits `width`, or no column
    can give more (then the terminal wraps what is left)."""
    widths = list(widths)
    foldable = [n for n, c in enumerate(columns) if not c.no_wrap]
    while _total(widths) > width:
        candidates = [n for n in foldable if widths[n] > MIN_FOLDED]
        if not candidates:
            break
        n = max(candidates, key=lambda k: widths[k])
        widths[n] = max(MIN_FOLDED, widths[n] - (_total(widths) - width))
    return widths


def _fold_rows(columns: list[list[str]], widths: list[int]) -> tuple[list[list[str]], list[int]]:
    """Each row's cells folded to their column's width, as lines; and the row of each line."""
    folded: list[list[str]] = [[] for _ in columns]
    owner: list[int] = []
    for r in range(len(columns[0])):
        parts = [fold(texts[r], w) for texts, w in zip(columns, widths, strict=True)]
        height = max(map(len, parts))
        for n, part in enumerate(parts):
            folded[n] += part + [""] * (height - len(part))
        owner += [r] * height
    return folded, owner


def fold(text: str, width: int) -> list[str]:
    """`text` cut into lines of at most `width` terminal cells (a character that is wider
    than `width` stands alone)."""
    if cell_width(text) <= width:
        return [text]
    lines, line, used = [], "", 0
    for char in text:
        size = cell_width(char)
        if used + size > width and line:
            lines.append(line)
            line, used = "", 0
        line += char
        used += size
    lines.append(line)
    return lines


class _CharWidths(dict[str, int]):
    """Cells taken by each character, as wcwidth-style tables give it, looked up once."""

    def __missing__(self, char: str) -> int:
        from rich.cells import get_character_cell_size

        width = self[char] = get_character_cell_size(char)
        return width


_CHAR_WIDTHS = _CharWidths()
_WIDTHS: dict[str, int] = {}  # short texts measured in this run


def cell_width(text: str) -> int:
    """How many terminal cells `text` takes (East Asian wide characters take two)."""
    if text.isascii() and text.isprintable():
        return len(text)
    width = _WIDTHS.get(text)
    if width is not None:
        return width
    if "\u200d" in text or "\ufe0f" in text:  # joined emoji and variation selectors
        from rich.cells import cell_len

        width = cell_len(text)
    else:
        width = sum(map(_CHAR_WIDTHS.__getitem__, text))
    if len(text) <= 16 and len(_WIDTHS) < 65_536:  # units, owners, statuses: they repeat
        _WIDTHS[text] = width
    return width
