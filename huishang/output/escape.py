"""One escaping function for each reader of huishang's output. Every text that came from a
file, a file name or git (so from whoever wrote the pull request) passes the function of
the format it is written in:

- a terminal: control characters are shown as `\\x1b`, never sent (an escape sequence can
  clear the screen, retitle the window or hide a line);
- CSV, opened in Excel or WPS: a cell that starts with = + - @ tab or CR is a formula
  there, so it gets a leading apostrophe (OWASP's advice); plain numbers stay numbers;
- Markdown: raw HTML and link syntax are escaped, as renderers make them live;
- GitHub Actions: workflow command data and properties are percent-encoded, and any
  other text is printed between `::stop-commands::` and its token, so no line of it is
  read as a command (`::` at the start of a line, or `##[` anywhere).
- Word (.docx): python-docx escapes markup; characters XML 1.0 cannot hold (control
  characters, lone surrogates) become U+FFFD instead of making the file unreadable.
HTML is escaped by the templates' autoescaping (output/html.py).
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_LINE_BREAKS = str.maketrans({"\n": " ", "\r": " ", "\t": " "})


def terminal(text: str) -> str:
    """`text` safe for a terminal, on one line: breaks and tabs become spaces, every other
    control character is written out as `\\xNN`."""
    if text.isprintable():
        return text
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text.translate(_LINE_BREAKS))


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
