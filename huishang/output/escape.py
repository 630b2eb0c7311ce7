"""One escaping function for each reader of huishang's output. Every text that came from a
file, a file name or git (so from whoever wrote the pull request) passes the function of
the format it is written in:

- a terminal: control characters are shown as `\\x1b`, never sent (an escape sequence can
  clear the screen, retitle the window or hide a line); so are the bytes of a file name
  that are not UTF-8 (`\\xff`, where each would print as one "?" and two names as one)
  and the bidi controls that reorder what follows them (`\\u202e`);
- CSV, opened in Excel or WPS: a cell that starts with = + - @ tab or CR is a formula
  there, so it gets a leading apostrophe (OWASP's advice); plain numbers stay numbers;
- Markdown: raw HTML and link syntax are escaped, as renderers make them live;
- GitHub Actions: workflow command data and properties are percent-encoded, and any
  other text is printed between `::stop-commands::` and its token, so no line of it is
  read as a command (`::` at the start of a line, or `##[` anywhere); every other
  command's output, under Actions, passes `GithubSafe`, which breaks such lines.
- Word (.docx): python-docx escapes markup; characters XML 1.0 cannot hold (control
  characters, lone surrogates) become U+FFFD instead of making the file unreadable.
HTML is escaped by the templates' autoescaping (output/html.py).
"""

from __future__ import annotations

import re
from typing import Any

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_UNSHOWN_CHARS = ("\x00-\x1f\x7f-\x9f\udc80-\udcff\u061c\u200e\u200f\u202a-\u202e"
                  "\u2066-\u2069")
# what is written out: a character not shown, and a backslash that would otherwise read as
# the start of a written-out one (before `x` and two hex digits, `u` and four, another
# backslash, or a character written out), so that no two texts print the same
_UNSHOWN = re.compile(f"[{_UNSHOWN_CHARS}]"
                      f"|\\\\(?=[\\\\{_UNSHOWN_CHARS}]|x[0-9a-f]{{2}}|u[0-9a-f]{{4}})")
_LINE_BREAKS = str.maketrans({"\n": " ", "\r": " ", "\t": " "})


def _written_out(found: re.Match[str]) -> str:
    if found.group() == "\\":
        return "\\\\"
    code = ord(found.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, kept by surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal(text: str) -> str:
    """`text` safe for a terminal, on one line: breaks and tabs become spaces, every other
    control character is written out as `\\xNN`, a byte that was not UTF-8 as `\\xNN`
    and a bidi control as `\\u202e`; a backslash that could be read as the start of one
    is written `\\\\`. Texts without breaks or tabs never print the same."""
    if text.isprintable() and "\\" not in text:
        return text
    return _UNSHOWN.sub(_written_out, text.translate(_LINE_BREAKS))


def name(text: str) -> str:
    """A file name or path for a terminal: as `terminal` writes it, but a break or tab is
    written out too (`\\x0a`), so two different names never print the same."""
    if text.isprintable() and "\\" not in text:
        return text
    return _UNSHOWN.sub(_written_out, text)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?%?")


def csv_cell(text: str) -> str:
    """A cell that a spreadsheet shows as text, never runs as a formula."""
    if text.startswith(_FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


_MARKDOWN = str.maketrans({"\\": "\\\\", "`": "\\`", "*": "\\*", "_": "\\_", "[": "\\[",
                           "]": "\\]", "|": "\\|", "<": "&lt;", ">": "&gt;", "&": "&amp;"})


def markdown(text: str) -> str:
    """Text that a Markdown renderer shows as written: no HTML, links, emphasis or code,
    and no table cell boundary; a line break becomes <br> (the one tag huishang writes)."""
    return text.translate(_MARKDOWN).replace("\r\n", "<br>").replace("\n", "<br>")


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Text a .docx can hold: what XML 1.0 refuses becomes U+FFFD (tab and breaks stay)."""
    return _NOT_XML.sub("\ufffd", text)


def file_name(text: str) -> str:
    """A unit's name as part of a file name on any system: no separators or reserved
    characters."""
    import re

    return re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", text).strip(". ") or "_"


def github_data(text: str) -> str:
    """The message of a workflow command, as GitHub's own toolkit encodes it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: str) -> str:
    """A property value (file=, title=) of a workflow command."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")


def github_inert(text: str) -> str:
    """Other text in a workflow's log, with command processing stopped around it. The token
    is random, so the text cannot contain the line that would resume it."""
    if not text:
        return text
    import secrets  # here, not above: every table imports this module

    token = secrets.token_hex(16)
    return f"::stop-commands::{token}\n{text.rstrip(chr(10))}\n::{token}::\n"


class GithubSafe:
    """A text stream for a workflow's log that no line of can run as a workflow command:
    `::` opening a line and `##[` anywhere get a zero-width space between their signs.
    Commands other than `check --format github` write through it under Actions."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.at_line_start = True

    def write(self, text: str) -> int:
        if not isinstance(text, str):  # a text stream: click tells it from a binary one so
            raise TypeError("a text stream")
        out = []
        for piece in text.splitlines(keepends=True):
            if self.at_line_start and piece.lstrip().startswith("::"):
                head = len(piece) - len(piece.lstrip())
                piece = piece[:head] + ":\u200b" + piece[head + 1:]
            out.append(piece.replace("##[", "#\u200b#["))
            self.at_line_start = piece.endswith(("\n", "\r"))
        self.stream.write("".join(out))
        return len(text)

    def __getattr__(self, name: str) -> Any:  # flush, isatty, encoding, fileno: the stream's
        return getattr(self.stream, name)
