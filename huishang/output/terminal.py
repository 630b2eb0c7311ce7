"""The terminal: whether to colour, how wide it is, paging, and rich for panels and progress.

Tables never go through rich (see `table.layout`); rich draws what needs a layout engine:
the record panel of `show` and the progress bar of a long load. Colour follows the
conventions every terminal program shares: NO_COLOR (when not empty) turns it off,
FORCE_COLOR (when not empty) turns it on, and otherwise only a terminal gets it.
"""

from __future__ import annotations

import io
import os
import shutil
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.progress import Progress, TaskID

    from huishang.output.table import Cell

WIDE = 200  # rich's width off a terminal: never cut a line to 80 columns


def output_encoding() -> None:
    """Output that goes to a file or a pipe is UTF-8, whatever the locale (a Windows
    console's GBK included): a redirected CSV keeps its BOM and opens in Excel. A terminal
    keeps its own encoding, and a character it lacks becomes '?' instead of an error."""
    for stream in (sys.stdout, sys.stderr):
        if not isinstance(stream, io.TextIOWrapper):
            continue
        if is_terminal(stream):
            stream.reconfigure(errors="replace")
        elif stream.encoding.lower().replace("-", "") != "utf8":
            stream.reconfigure(encoding="utf-8")


def colour_wanted(stream: IO[str]) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stream.isatty()


def is_terminal(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except ValueError:  # a closed stream
        return False


def page(text: str, *, pager: bool, stream: IO[str] | None = None) -> None:
    """Write `text`; on a terminal, text taller than the screen goes through the pager,
    like git (less -FRX: keep colours, quit at once when it fits)."""
    out = stream or sys.stdout
    if pager and is_terminal(out) and text.count("\n") > shutil.get_terminal_size().lines:
        import pydoc

        os.environ.setdefault("LESS", "-FRX")
        pydoc.pager(text.rstrip("\n"))
        return
    out.write(text)


def terminal_width(stream: IO[str]) -> int | None:
    """The width to fit tables to: the terminal's (or COLUMNS), None off a terminal."""
    if not is_terminal(stream):
        return None
    return shutil.get_terminal_size().columns


def console(stream: IO[str] | None = None) -> Console:
    from rich.console import Console

    out = stream or sys.stdout
    width = None if is_terminal(out) or "COLUMNS" in os.environ else WIDE
    wanted = colour_wanted(out)  # decided here, so rich's own reading of FORCE_COLOR
    return Console(file=out, highlight=False, soft_wrap=False, width=width,  # cannot differ
                   force_terminal=wanted, color_system="auto" if wanted else None,
                   no_color=not wanted or None)


def show(renderable: RenderableType, *, stream: IO[str] | None = None) -> None:
    """Print a rich renderable; off a terminal, lines lose the padding rich leaves at
    their ends."""
    out = console(stream)
    if out.is_terminal:
        out.print(renderable)
        return
    with out.capture() as captured:
        out.print(renderable)
    text = "\n".join(line.rstrip() for line in captured.get().splitlines())
    (stream or sys.stdout).write(text.strip("\n") + "\n")


def record_text(title: str, fields: Sequence[tuple[str, Cell]], timeline_title: str,
                timeline: Sequence[tuple[str, str]], *, colour: bool, width: int | None) -> str:
    """One record in full: a title, aligned `label  value` lines, then a dated timeline;
    `colour` as ANSI codes, folded to `width` when one is given."""
    from huishang.output.escape import terminal
    from huishang.output.table import RESET, Cell, pairs, sgr

    def heading(text: str) -> str:
        return f"{sgr('bold')}{text}{RESET}" if colour and text else text

    lines = [heading(terminal(title)), "",
             *pairs(fields, colour=colour, width=width, key_style="bold"), "",
             heading(timeline_title),
             *pairs([(Cell(day, "cyan"), what) for day, what in timeline], colour=colour,
                    width=width)]
    return "\n".join(lines) + "\n"


class _LazyProgress:
    """A progress bar on stderr that appears only on a terminal and only after a second."""

    def __init__(self, description: str) -> None:
        import time

        self._clock = time.monotonic
        self._start = self._clock()
        self._description = description
        self._bar: Progress | None = None
        self._task: TaskID | None = None

    def __call__(self, done: int, total: int) -> None:
        if self._bar is None:
            if not is_terminal(sys.stderr) or self._clock() - self._start < 1.0:
                return
            from rich.progress import Progress

            self._bar = Progress(console=console(sys.stderr), transient=True)
            self._bar.start()
            self._task = self._bar.add_task(self._description, total=total)
        assert self._task is not None
        self._bar.update(self._task, completed=done, total=total)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()


@contextmanager
def progress_bar(description: str) -> Iterator[Callable[[int, int], None]]:
    bar = _LazyProgress(description)
    try:
        yield bar
    finally:
        bar.close()
