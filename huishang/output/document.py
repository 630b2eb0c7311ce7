"""A report as paragraphs and tables (`Document`), and its Markdown."""

from __future__ import annotations

from dataclasses import dataclass, field

from huishang.output.escape import markdown
from huishang.output.formats import sheet_markdown
from huishang.output.table import Sheet


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
    parts = [f"# {markdown(doc.title)}", ""]
    parts += [line for text in doc.intro for line in (markdown(text), "")]
    for section in doc.sections:
        parts += [f"## {markdown(section.heading)}", ""]
        parts += [line for text in section.text for line in (markdown(text), "")]
        if section.sheet is not None:
            table = sheet_markdown(Sheet("", section.sheet.columns, section.sheet.rows,
                                         section.sheet.total, section.sheet.caption))
            parts += [table.rstrip("\n"), ""]
    return "\n".join(parts).rstrip("\n") + "\n"
