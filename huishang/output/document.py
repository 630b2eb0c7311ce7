"""A report as paragraphs and tables (`Document`), and its Markdown.

The same value is printed as Markdown, as an HTML page (output/html.py) and as a Word
document in 公文 layout (output/docx.py), so the three carry the same content.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from huishang.messages import msg
from huishang.output.escape import markdown
from huishang.output.formats import sheet_markdown
from huishang.output.gongwen import heading_number
from huishang.output.table import Sheet, Value, as_cell, text_of


@dataclass
class Section:
    heading: str
    sheet: Sheet | None = None
    text: list[str] = field(default_factory=list)  # paragraphs before the table
    level: int = 1  # 1: 一、 2: （一）

    def __post_init__(self) -> None:
        if self.sheet is not None:
            self.sheet = without_empty_columns(self.sheet)


def without_empty_columns(sheet: Sheet) -> Sheet:
    """`sheet` without the columns that have nothing in any row (逾期天数 when nothing is
    overdue): a document prints no empty column."""
    body = sheet.body()
    if not body:
        return sheet
    keep = [i for i in range(len(sheet.columns)) if any(text_of(row[i]).strip() for row in body)]
    if len(keep) == len(sheet.columns):
        return sheet
    return Sheet(sheet.title, [sheet.columns[i] for i in keep],
                 [[row[i] for i in keep] for row in sheet.rows],
                 [sheet.total[i] for i in keep] if sheet.total is not None else None,
                 sheet.caption)


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
    addressee: str = ""  # 主送机关, written with its colon
    closing: list[str] = field(default_factory=list)  # after the sections, before the signature
    notes: list[str] = field(default_factory=list)  # after the signature: how it was counted
    number: str = ""  # 发文字号, e.g. 豫检研函〔2024〕12号
    contact: str = ""  # 附注 under the date: （联系人：…，联系电话：…）
    cc: str = ""  # the 版记's 抄送 line, written with its label: 抄送：…。
    printed: tuple[str, str] = ("", "")  # the 版记's 印发机关 and 印发日期 (…印发)

    @property
    def has_record(self) -> bool:
        """Whether the document ends with a 版记 (抄送, 印发机关 and 印发日期)."""
        return bool(self.cc or any(self.printed))


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


def unstopped(text: str) -> str:
    """`text` without the full stop or semicolon it ends with (in either language), to
    become a clause of a longer sentence."""
    stops = "".join(msg(code, language) for code in ("sep.stop", "sep.items")
                    for language in ("zh", "en"))
    return text.rstrip(stops)


def clauses(parts: Sequence[str], lang: str) -> str:
    """Sentences joined as the clauses of one, with semicolons between them: each one's
    own full stop gives way to the semicolon (召开起草小组会议；2024.08.20，…, never
    。；); the last keeps its ending."""
    return msg("sep.items", lang).join([unstopped(p) for p in parts[:-1]] + list(parts[-1:]))


def _one_line(value: Value, lang: str) -> Value:
    """A cell of several lines (a month's progress notes) as one, joined as a sentence
    joins them: a Markdown table has no line breaks but markup."""
    if "\n" not in text_of(value):
        return value
    cell = as_cell(value)
    return cell._replace(text=clauses([line for line in cell.text.split("\n") if line], lang))


def document_markdown(doc: Document, lang: str = "zh") -> str:
    parts: list[str] = []
    if doc.masthead:
        parts += [f"**{markdown(doc.masthead)}**", ""]
    head = [markdown(x) for x in (doc.issue, doc.issuer, doc.date if doc.masthead else "") if x]
    if head:
        parts += [msg("sep.apart", lang).join(head), "", "---", ""]
    if doc.number:
        parts += [markdown(doc.number), ""]
    parts += [f"# {markdown(doc.title)}", ""]
    if doc.addressee:
        parts += [markdown(doc.addressee), ""]
    parts += [line for text in doc.intro for line in (markdown(text), "")]
    for section in doc.sections:
        parts += [f"{'#' * (section.level + 1)} {markdown(section.heading)}", ""]
        parts += [line for text in section.text for line in (markdown(text), "")]
        if section.sheet is not None:
            sheet = section.sheet
            table = sheet_markdown(Sheet(
                "", sheet.columns, [[_one_line(v, lang) for v in row] for row in sheet.rows],
                sheet.total, sheet.caption))
            parts += [table.rstrip("\n"), ""]
    parts += [line for text in doc.closing for line in (markdown(text), "")]
    parts += [line for text in (doc.issuer, doc.date) if text
              for line in (markdown(text), "")]
    if doc.contact:
        parts += [markdown(doc.contact), ""]
    parts += [line for text in doc.notes for line in (f"*{markdown(text)}*", "")]
    if doc.has_record:  # the 版记 between rules
        parts += ["---", ""]
        printed = msg("sep.apart", lang).join(x for x in doc.printed if x)
        parts += [line for text in (doc.cc, printed) if text
                  for line in (markdown(text), "")]
        parts += ["---", ""]
    return "\n".join(parts).rstrip("\n") + "\n"
