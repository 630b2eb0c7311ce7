"""The formats a document is written in (`--format` of bulletin, review, notice), each a
renderer chosen by name from `DOCUMENT_FORMATS`: text to print, or a file's bytes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from huishang.ledger.models import DocumentSettings, InputLimits
    from huishang.output.document import Document


@dataclass
class Setting:
    """What a renderer may need besides the document: the language, the office's document
    settings (its Word template), the ledger's folder (its own templates) and its bounds
    on what it reads (`limits:`)."""

    lang: str
    settings: DocumentSettings
    root: Path | None
    limits: InputLimits | None = None
    dropped: list[str] = field(default_factory=list)  # the template's links a .docx dropped


def _markdown(doc: Document, setting: Setting) -> str:
    from huishang.output.document import document_markdown

    return document_markdown(doc, setting.lang)


def _html(doc: Document, setting: Setting) -> str:
    from huishang.output.html import document_html

    return document_html(doc, setting.lang, setting.root, setting.limits)


def _docx(doc: Document, setting: Setting) -> bytes:
    from huishang.output.docx import document_docx

    return document_docx(doc, setting.settings, setting.root, setting.dropped, setting.limits)


def _pdf(doc: Document, setting: Setting) -> bytes:
    from huishang.output.pdf import docx_to_pdf, office

    return docx_to_pdf(_docx(doc, setting), office())


# Text formats print to the screen or a file; the others make a file's bytes (-o).
DOCUMENT_FORMATS: dict[str, Callable[[Document, Setting], str | bytes]] = {
    "markdown": _markdown, "html": _html, "docx": _docx, "pdf": _pdf,
}
FILE_FORMATS = ("docx", "pdf")  # written to a file (-o), never to the screen
