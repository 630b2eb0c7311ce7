"""Official wording in documents: a warning's reason as a clause of a sentence (已逾期30天,
no Latin spaces in Chinese), and progress notes quoted without the tool's marks (a status
change recorded as "（状态：未启动 → 推进中）" reads "（状态由未启动调整为推进中）")."""

from __future__ import annotations

import functools
import re

from huishang.messages import msg
from huishang.views.cells import reason_text
from huishang.views.earlywarning import Alert


def reason_words(alert: Alert, lang: str) -> str:
    """Why an item is warned, as a document says it: 已逾期30天, 已60天无进展."""
    return reason_text(alert, lang, "doc.")


@functools.cache
def _status_marks() -> list[tuple[re.Pattern[str], str]]:
    """The status change `update` writes into a note (note.status, in either language),
    as a pattern, with the official words for it."""
    found = []
    for lang in ("zh", "en"):
        template = re.escape(msg("note.status", lang, before="\0", after="\1"))
        word = r"[^()\uff08\uff09]+?"  # a status label: no bracket
        pattern = template.replace("\0", f"(?P<before>{word})").replace(
            "\1", f"(?P<after>{word})")
        found.append((re.compile(pattern), lang))
    return found


def note_text(note: str) -> str:
    """A progress note as a document quotes it: its status changes in words, not arrows."""
    for pattern, lang in _status_marks():
        note = pattern.sub(functools.partial(_in_words, lang=lang), note)
    return note


def _in_words(match: re.Match[str], lang: str) -> str:
    return msg("doc.status_changed", lang, before=match["before"], after=match["after"])
