"""A report as paragraphs and tables (`Document`), and its Markdown.

The same value is printed as Markdown, as an HTML page (output/html.py) and as a Word
document in 公文 layout (output/docx.py), so the three carry the same content.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from huishang.output.escape import markdown
from huishang.output.formats import sheet_markdown
from huishang.output.gongwen import heading_number
from huishang.output.table import Sheet


@dataclass
class Section:
    heading: str
    sheet: Sheet | None = None
    text: list[str] = field(default_factory=list)  # paragraphs before the table
    level: int = 1  # 1: 一、 2: （一）


@dataclass
class Document:
    """A report of paragraphs and tables, with what an official document carries around
    them: a masthead (红头) and issue number, the addressee, the issuer and the date."""

    title: str
    intro: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    masthead: str = ""  # the red header of a bulletin, e.g. 会商事项落实情况通报
    issue: str = ""  # 第8期
    issuer: str = ""  # 发文机关
    date: str = ""  # 成文日期, as written: 2024年9月3日
    addressee: str = ""  # 主送: a notice's unit, written with its colon
    closing: list[str] = field(default_factory=list)  # after the sections, before the signature
    notes: list[str] = field(default_factory=list)  # after the signature: how it was counted


def number_headings(sections: list[Section], lang: str) -> None:
    """Put 一、 before level-1 headings and （一） before level-2 ones, counting afresh under
    each level-1 heading."""
    counts = [0, 0]
    for section in sections:
        level = min(max(section.level, 1), 2)
        counts[level - 1] += 1
        if level == 1:
            counts[1] = 0
        section.heading = heading_number(counts[level - 1], level, lang) + section.heading


def document_markdown(doc: Document) -> str:
    parts: list[str] = []
    if doc.masthead:
        parts += [f"**{markdown(doc.masthead)}**", ""]
    head = [markdown(x) for x in (doc.issue, doc.issuer, doc.date if doc.masthead else "") if x]
    if head:
        parts += ["  ".join(head), "", "---", ""]
    parts += [f"# {markdown(doc.title)}", ""]
    if doc.addressee:
        parts += [markdown(doc.addressee), ""]
    parts += [line for text in doc.intro for line in (markdown(text), "")]
    for section in doc.sections:
        parts += [f"{'#' * (section.level + 1)} {markdown(section.heading)}", ""]
        parts += [line for text in section.text for line in (markdown(text), "")]
        if section.sheet is not None:
            table = sheet_markdown(Sheet("", section.sheet.columns, section.sheet.rows,
                                         section.sheet.total, section.sheet.caption))
            parts += [table.rstrip("\n"), ""]
    parts += [line for text in doc.closing for line in (markdown(text), "")]
    if not doc.masthead:
        parts += [line for text in (doc.issuer, doc.date) if text
                  for line in (markdown(text), "")]
    parts += [line for text in doc.notes for line in (f"*{markdown(text)}*", "")]
    return "\n".join(parts).rstrip("\n") + "\n"
