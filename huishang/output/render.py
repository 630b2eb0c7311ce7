"""Turn results into what people and scripts read: rich tables, CSV, Markdown, JSON, lines.

This is the only module that imports rich. Colour appears only on a terminal and
never under NO_COLOR (rich honours both); values from files are always shown as
plain text (rich `Text`), never interpreted as markup.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import itemgetter
from typing import IO, TYPE_CHECKING, Any, NamedTuple

from huishang.ledger.problems import Problem

if TYPE_CHECKING:  # rich is imported where it is used: plain output never needs it
    from rich.console import Console, RenderableType
    from rich.table import Table

JSON_VERSION = 1
FORMATS = ("table", "json", "csv", "markdown")
_WIDE = 200  # width when writing to a pipe or file: never cut a row to 80 columns


def console(file: IO[str] | None = None) -> Console:
    from rich.console import Console

    out = file or sys.stdout
    width = None if out.isatty() or "COLUMNS" in os.environ else _WIDE
    return Console(file=out, highlight=False, soft_wrap=False, width=width,
                   no_color="NO_COLOR" in os.environ or None)


def show(renderable: RenderableType, *, pager: bool = False, file: IO[str] | None = None) -> None:
    """Print a renderable. On a terminal, a table taller than the screen goes through the
    pager (like git); off a terminal, lines lose the padding rich leaves at their ends."""
    out = console(file)
    if out.is_terminal:
        if pager and _height(out, renderable) > out.height:
            os.environ.setdefault("LESS", "-FRX")  # keep colours, quit if one screen
            with out.pager(styles=True):
                out.print(renderable)
        else:
            out.print(renderable)
        return
    with out.capture() as captured:
        out.print(renderable)
    text = "\n".join(line.rstrip() for line in captured.get().splitlines())
    (file or sys.stdout).write(text.strip("\n") + "\n")


def _height(out: Console, renderable: RenderableType) -> int:
    return len(out.render_lines(renderable, out.options, pad=False))


def emit_json(payload: dict[str, Any], file: IO[str] | None = None) -> None:
    out = file or sys.stdout
    out.write(json.dumps({"version": JSON_VERSION, **payload}, ensure_ascii=False, indent=2))
    out.write("\n")


class Cell(NamedTuple):
    """A value with an optional style; views build cells without knowing about rich."""

    text: str
    style: str = ""
    link: str = ""  # where the cell points, in HTML output


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


def sheet_table(sheet: Sheet) -> Table:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(title=sheet.title, box=box.SIMPLE_HEAD, title_justify="left",
                  pad_edge=False, caption=sheet.caption or None, caption_justify="left")
    for col in sheet.columns:
        table.add_column(col.header, justify=col.justify,  # type: ignore[arg-type]
                         no_wrap=col.no_wrap, overflow="fold")
    for row in sheet.rows:
        table.add_row(*(Text(c.text, style=c.style) for c in map(as_cell, row)))
    if sheet.total is not None:
        table.add_section()
        table.add_row(*(Text(c.text, style=c.style) for c in map(as_cell, sheet.total)),
                      style="bold")
    return table


def sheet_plain(sheet: Sheet) -> str:
    """The table exactly as rich lays it out off a terminal (box SIMPLE_HEAD, no colour),
    computed directly, a column at a time: rich takes seconds for thousands of rows."""
    body = [*sheet.rows, *([sheet.total] if sheet.total is not None else [])]
    columns = []  # each column's cells padded to its width, header first
    widths = []
    last = len(sheet.columns) - 1
    for n, column in enumerate(sheet.columns):
        texts = [c if c.__class__ is str else c.text for c in map(itemgetter(n), body)]
        texts.insert(0, column.header)
        whole = " ".join(texts[1:])
        if "\n" in whole or "\r" in whole or "\n" in texts[0] or "\r" in texts[0]:
            texts = [t.replace("\r", " ").replace("\n", " ") for t in texts]
            whole = " ".join(texts[1:])
        sizes = [cell_width(texts[0])]  # a column of ids or dates has a Chinese header
        sizes += map(len if whole.isascii() and whole.isprintable() else cell_width, texts[1:])
        width = max(sizes)
        if column.justify == "right":
            texts = [" " * (width - size) + t for t, size in zip(texts, sizes, strict=True)]
        elif n < last:  # the last column's padding would be stripped
            texts = [t + " " * (width - size) for t, size in zip(texts, sizes, strict=True)]
        columns.append(texts)
        widths.append(width)
    columns[0] = [" " + t for t in columns[0]]
    lines = list(map(str.rstrip, map("   ".join, zip(*columns, strict=True))))
    out = [sheet.title, ""] if sheet.title else [""]
    out += [lines[0], " " + "─" * (sum(widths) + 3 * (len(widths) - 1))]
    out += lines[1:len(sheet.rows) + 1]
    if sheet.total is not None:
        out += ["", lines[-1]]
    if sheet.caption:
        out += ["", sheet.caption]
    return "\n".join(out).strip("\n") + "\n"


class _CharWidths(dict[str, int]):
    """Cells taken by each character, as rich measures it, looked up once per character."""

    def __missing__(self, char: str) -> int:
        from rich.cells import get_character_cell_size

        width = self[char] = get_character_cell_size(char)
        return width


_CHAR_WIDTHS = _CharWidths()
_WIDTHS: dict[str, int] = {}  # short texts measured in this run


def cell_width(text: str) -> int:
    """How many terminal cells `text` takes, equal to rich's `cell_len`."""
    if text.isascii() and text.isprintable():
        return len(text)
    width = _WIDTHS.get(text)
    if width is not None:
        return width
    if "\u200d" in text or "\ufe0f" in text:  # joined emoji: rich's own rules
        from rich.cells import cell_len

        width = cell_len(text)
    else:
        width = sum(map(_CHAR_WIDTHS.__getitem__, text))
    if len(text) <= 16 and len(_WIDTHS) < 65_536:  # units, owners, statuses: they repeat
        _WIDTHS[text] = width
    return width


def _plain_rows(sheet: Sheet) -> list[list[str]]:
    body = [*sheet.rows, *([sheet.total] if sheet.total is not None else [])]
    return [list(map(text_of, row)) for row in body]


def sheet_csv(sheet: Sheet) -> str:
    """CSV with a UTF-8 BOM, so that spreadsheet programs show Chinese text correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # RFC 4180 line endings (CRLF), as spreadsheets expect
    writer.writerow([col.header for col in sheet.columns])
    writer.writerows(_plain_rows(sheet))
    return "\ufeff" + buffer.getvalue()


def sheet_markdown(sheet: Sheet) -> str:
    def cell(text: str) -> str:
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")

    align = {"left": ":--", "right": "--:", "center": ":-:"}
    lines = [f"**{cell(sheet.title)}**", ""] if sheet.title else []
    lines.append("| " + " | ".join(cell(c.header) for c in sheet.columns) + " |")
    lines.append("|" + "|".join(align.get(c.justify, ":--") for c in sheet.columns) + "|")
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in _plain_rows(sheet)]
    if sheet.caption:
        lines += ["", cell(sheet.caption)]
    return "\n".join(lines) + "\n"


def emit(sheet: Sheet, fmt: str, payload: dict[str, Any] | Callable[[], dict[str, Any]], *,
         pager: bool = False) -> None:
    """Print a view in the chosen format; `payload` (or a function making it) is the JSON."""
    if fmt == "json":
        emit_json(payload() if callable(payload) else payload)
    elif fmt == "csv":
        sys.stdout.write(sheet_csv(sheet))
    elif fmt == "markdown":
        sys.stdout.write(sheet_markdown(sheet))
    elif sys.stdout.isatty():
        show(sheet_table(sheet), pager=pager)
    else:
        sys.stdout.write(sheet_plain(sheet))


def detail(title: str, fields: Sequence[tuple[str, Cell]],
           timeline_title: str, timeline: Sequence[tuple[str, str]]) -> RenderableType:
    """One record in full: a title, aligned `label: value` lines, then a dated timeline."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for name, value in fields:
        grid.add_row(Text(name), Text(value.text, style=value.style))
    steps = Table.grid(padding=(0, 2))
    steps.add_column(no_wrap=True)
    steps.add_column(overflow="fold")
    for when, what in timeline:
        steps.add_row(Text(when, style="cyan"), Text(what))
    return Group(Text(title, style="bold"), Text(""), grid, Text(""),
                 Text(timeline_title, style="bold"), steps)


def problems_text(problems: Sequence[Problem], lang: str, summary: str) -> str:
    lines = [p.render(lang) for p in problems]
    lines.append(summary)
    return "\n".join(lines) + "\n"


def problems_json(problems: Sequence[Problem], lang: str, **extra: Any) -> dict[str, Any]:
    return {
        "ok": not any(p.severity == "error" for p in problems),
        **extra,
        "problems": [p.as_json(lang) for p in problems],
    }


def _escape_data(text: str) -> str:
    # As GitHub's toolkit does: a file's content must not start a new workflow command.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def problems_github(problems: Sequence[Problem], lang: str) -> str:
    """GitHub Actions workflow commands (`::error file=…,line=…::message`), one a problem."""
    lines = []
    for p in problems:
        props = [f"file={_escape_property(p.path)}"]
        if p.line is not None:
            props += [f"line={p.line}", f"col={p.column or 1}"]
        props.append(f"title={_escape_property(p.code)}")
        message = (f"{p.field}: " if p.field else "") + p.message(lang)
        lines.append(f"::{p.severity} {','.join(props)}::{_escape_data(message)}")
    return "".join(line + "\n" for line in lines)


@dataclass
class Section:
    heading: str
    sheet: Sheet | None = None
    text: list[str] = field(default_factory=list)


@dataclass
class Document:
    """A report of paragraphs and tables, printed as Markdown or as a standalone HTML page."""

    title: str
    intro: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)


def document_markdown(doc: Document) -> str:
    parts = [f"# {doc.title}", ""]
    parts += [line for text in doc.intro for line in (text, "")]
    for section in doc.sections:
        parts += [f"## {section.heading}", ""]
        parts += [line for text in section.text for line in (text, "")]
        if section.sheet is not None:
            table = sheet_markdown(Sheet("", section.sheet.columns, section.sheet.rows,
                                         section.sheet.total, section.sheet.caption))
            parts += [table.rstrip("\n"), ""]
    return "\n".join(parts).rstrip("\n") + "\n"


# Fonts that carry Chinese on Windows, macOS and Linux, so that pages render anywhere offline.
CJK_FONTS = ('"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", '
             '"WenQuanYi Micro Hei", sans-serif')

PAGE_CSS = f"""
body {{ font-family: {CJK_FONTS}; margin: 2rem auto; max-width: 72rem; padding: 0 1rem;
       color: #1f2328; line-height: 1.6; }}
h1 {{ font-size: 1.6rem; border-bottom: 2px solid #b91c1c; padding-bottom: .4rem; }}
h2 {{ font-size: 1.2rem; margin-top: 2rem; }}
table {{ border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .92rem; }}
th, td {{ border: 1px solid #d0d7de; padding: .3rem .5rem; text-align: left;
         vertical-align: top; }}
th {{ background: #f6f8fa; }}
td.num, th.num {{ text-align: right; font-variant-numeric: tabular-nums; }}
tr.total td {{ font-weight: bold; background: #f6f8fa; }}
.red {{ background: #fee2e2; color: #991b1b; font-weight: bold; }}
.orange {{ background: #ffedd5; color: #9a3412; font-weight: bold; }}
.yellow {{ background: #fef9c3; color: #854d0e; }}
.muted {{ color: #59636e; font-size: .9rem; }}
a {{ color: #1d4ed8; text-decoration: none; }} a:hover {{ text-decoration: underline; }}
.cards {{ display: flex; flex-wrap: wrap; gap: .75rem; margin: 1rem 0; }}
.card {{ border: 1px solid #d0d7de; border-radius: 6px; padding: .5rem 1rem; min-width: 7rem; }}
.card b {{ display: block; font-size: 1.6rem; }}
.chart {{ max-width: 100%; height: auto; display: block; margin: .5rem 0 1rem; }}
.chart-title {{ font-size: 14px; font-weight: bold; fill: #1f2328; }}
.tick, .legend {{ font-size: 12px; fill: #59636e; }}
.controls {{ display: flex; gap: .5rem; flex-wrap: wrap; margin: .5rem 0; }}
.controls input, .controls select {{ font: inherit; padding: .2rem .4rem; }}
th[data-col] {{ cursor: pointer; user-select: none; }}
ol.timeline {{ list-style: none; padding-left: 0; }}
ol.timeline li {{ border-left: 3px solid #2563eb; padding: .2rem .8rem; margin-bottom: .4rem; }}
"""

_CELL_CLASS = {"bold white on red": "red", "bold black on dark_orange": "orange",
               "black on yellow": "yellow"}


def sheet_html(sheet: Sheet, table_id: str = "") -> str:
    from html import escape

    def cell(tag: str, value: Value, col: Column) -> str:
        c = as_cell(value)
        classes = [_CELL_CLASS.get(c.style, "")] + (["num"] if col.justify == "right" else [])
        attr = f' class="{" ".join(x for x in classes if x)}"' if any(classes) else ""
        text = escape(c.text)
        if c.link:
            text = f'<a href="{escape(c.link)}">{text}</a>'
        return f"<{tag}{attr}>{text}</{tag}>"

    ident = f' id="{escape(table_id)}"' if table_id else ""
    head = "".join(cell("th", Cell(col.header), col) for col in sheet.columns)
    thead = f"<thead><tr>{head}</tr></thead>" if any(c.header for c in sheet.columns) else ""
    body = ["<tr>" + "".join(cell("td", c, col) for c, col in zip(row, sheet.columns,
                                                                   strict=True)) + "</tr>"
            for row in sheet.rows]
    if sheet.total is not None:
        body.append('<tr class="total">' + "".join(
            cell("td", c, col) for c, col in zip(sheet.total, sheet.columns, strict=True))
            + "</tr>")
    caption = f'<p class="muted">{escape(sheet.caption)}</p>' if sheet.caption else ""
    return f"<table{ident}>{thead}<tbody>{''.join(body)}</tbody></table>{caption}"


def html_page(title: str, body: str, lang: str, extra_head: str = "") -> str:
    from html import escape

    html_lang = "zh-CN" if lang == "zh" else "en"
    return (f'<!DOCTYPE html>\n<html lang="{html_lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title)}</title>\n<style>{PAGE_CSS}</style>\n{extra_head}</head>\n"
            f"<body>\n{body}\n</body>\n</html>\n")


def document_html(doc: Document, lang: str) -> str:
    from html import escape

    parts = [f"<h1>{escape(doc.title)}</h1>"]
    parts += [f'<p class="muted">{escape(text)}</p>' for text in doc.intro]
    for section in doc.sections:
        parts.append(f"<h2>{escape(section.heading)}</h2>")
        parts += [f"<p>{escape(text)}</p>" for text in section.text]
        if section.sheet is not None:
            parts.append(sheet_html(section.sheet))
    return html_page(doc.title, "\n".join(parts), lang)


class _LazyProgress:
    """A progress bar on stderr that appears only on a terminal and only after a second."""

    def __init__(self) -> None:
        import time

        self._clock = time.monotonic
        self._start = self._clock()
        self._bar: Any = None
        self._task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if self._bar is None:
            if not sys.stderr.isatty() or self._clock() - self._start < 1.0:
                return
            from rich.progress import Progress

            self._bar = Progress(console=console(sys.stderr), transient=True)
            self._bar.start()
            self._task = self._bar.add_task("读取台账 loading", total=total)
        self._bar.update(self._task, completed=done, total=total)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()


@contextmanager
def progress_bar() -> Iterator[Callable[[int, int], None]]:
    bar = _LazyProgress()
    try:
        yield bar
    finally:
        bar.close()
