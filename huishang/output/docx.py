"""A `Document` as a Word file in 公文 layout (GB/T 9704-2012), with python-docx.

Without a template the page, the styles and the page numbers are made here to the
standard (output/gongwen.py): A4, its margins, a grid of 22 lines of 28 characters, the
title in 小标宋, level-1 headings in 黑体, level-2 in 楷体, body in 仿宋, all set for East
Asian text (`w:eastAsia`, which Word and WPS read for Chinese; `w:ascii` alone is ignored
for it), and "— 1 —" at the foot, right on odd pages and left on even ones.

An office that has its own template (`documents.template` in huishang.yaml) keeps
everything of it (page, styles, header, footer, its 红头); the document is written after
the template's own text, whose placeholders {{title}}, {{issue}}, {{issuer}}, {{date}}
and {{masthead}} are filled in. Only the commands that write .docx import this module.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from huishang.errors import HuishangError
from huishang.ledger.models import DocumentSettings, InputLimits
from huishang.output import gongwen
from huishang.output.colwidths import CELL_MARGIN_PT, column_widths, table_size
from huishang.output.escape import xml_text
from huishang.output.table import COLOUR_STYLES, Sheet, Value, as_cell

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.styles.style import ParagraphStyle
    from docx.text.paragraph import Paragraph

    from huishang.output.document import Document

# Cell fills of the warning colours, light enough to print and read in black.
_FILLS = {style: fill for fill, style in zip(("FFC7CE", "FFE0B2", "FFF2CC"),
                                               COLOUR_STYLES.values(), strict=True)}
# Style names huishang adds; an office template may define them itself.
TABLE_STYLE = "Gongwen Table Text"
TABLE_HEAD_STYLE = "Gongwen Table Head"
PAGE_NUMBER_STYLE = "Gongwen Page Number"
MASTHEAD_STYLE = "Gongwen Masthead"
_THEME_FONTS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")
PLACEHOLDERS = ("title", "issue", "issuer", "date", "masthead")


def document_docx(doc: Document, settings: DocumentSettings, root: Path | None,
                  dropped: list[str] | None = None, limits: InputLimits | None = None) -> bytes:
    """The .docx file of `doc`, on the office's template when `settings` names one, read
    within the ledger's `limits`; the template's links outside itself that were dropped
    are added to `dropped`."""
    import docx

    from huishang.output.docx_links import drop_external

    fonts = {**gongwen.FONTS, **{k: v for k, v in settings.fonts.model_dump().items() if v}}
    if settings.template:
        word = _open_template(settings.template, root, limits or InputLimits())
        links = drop_external(word)
        if dropped is not None:
            dropped.extend(links)
        _fill_placeholders(word, doc)
        _ensure_styles(word, fonts, only_missing=True)
    else:
        word = docx.Document()
        _page(word)
        _ensure_styles(word, fonts, only_missing=False)
        _page_numbers(word)
        if doc.masthead:
            _masthead(word, doc)
    _write(word, doc)
    _font_alternates(word, fonts)
    properties = word.core_properties
    properties.title = xml_text(doc.title)
    properties.author = xml_text(doc.issuer)
    properties.last_modified_by = xml_text(doc.issuer)
    properties.comments = ""
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _open_template(name: str, root: Path | None, limits: InputLimits) -> WordDocument:
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    from huishang.ledger.archive import check_archive

    base = (root or Path.cwd()).resolve()
    path = (base / name).resolve()
    if not path.is_relative_to(base):  # the repository names it; it may not reach out
        raise HuishangError("doc.template_outside", exit_code=2, path=name)
    # a template is a zip archive from the repository: bounded before python-docx opens it
    # (a zip bomb), and an entity bomb in its XML is libxml2's SyntaxError, never expanded
    check_archive(path, name, limits, exit_code=2)
    try:
        return docx.Document(str(path))
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, SyntaxError,
            PackageNotFoundError) as error:
        raise HuishangError("doc.bad_template", exit_code=2, path=name,
                            problem=str(error) or type(error).__name__) from None


_PLACEHOLDER = re.compile(r"\{\{(" + "|".join(PLACEHOLDERS) + r")\}\}")


def _fill_placeholders(word: WordDocument, doc: Document) -> None:
    values = {key: xml_text(getattr(doc, key)) for key in PLACEHOLDERS}
    paragraphs = list(word.paragraphs)
    for section in word.sections:
        paragraphs += section.header.paragraphs + section.first_page_header.paragraphs
    for paragraph in paragraphs:
        text = paragraph.text
        if "{{" not in text:
            continue
        # one pass: a filled value (a meeting's title holding "{{issuer}}") is never read
        # again as a placeholder
        text = _PLACEHOLDER.sub(lambda found: values[found.group(1)], text)
        runs = paragraph.runs
        if runs:  # Word splits text into runs at will: the first run takes the whole text
            runs[0].text = text
            for run in runs[1:]:
                run.text = ""


# --- page and styles ---------------------------------------------------------------

def _element(tag: str, **attributes: str) -> Any:
    """A new element `w:<tag>` with its `w:` attributes, in the order given."""
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement

    return OxmlElement(f"w:{tag}", {qn(f"w:{k}"): v for k, v in attributes.items()})


def _line(edge: str, size: int, space: int, colour: str = "000000") -> Any:
    """A single rule of a border (`w:top`, `w:insideH`, …), `size` in eighths of a point."""
    return _element(edge, val="single", sz=str(size), space=str(space), color=colour)


def _page(word: WordDocument) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Mm

    section = word.sections[0]
    section.page_width, section.page_height = (Mm(v) for v in gongwen.PAGE_MM)
    margins = gongwen.MARGINS_MM
    section.top_margin, section.bottom_margin = Mm(margins["top"]), Mm(margins["bottom"])
    section.left_margin, section.right_margin = Mm(margins["left"]), Mm(margins["right"])
    section.footer_distance = Mm(margins["bottom"] - 7 - 5)  # 7 mm below the text
    # The grid: 22 lines a page. Characters are not snapped to a grid (Word and LibreOffice
    # differ there); 28 of them fill a line because body text is set a little tighter
    # (gongwen.char_spacing_twentieths).
    sect = section._sectPr
    grid = sect.find(qn("w:docGrid"))
    if grid is None:
        grid = _element("docGrid")
        sect.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(gongwen.line_pitch_twips()))
    grid.attrib.pop(qn("w:charSpace"), None)


def _fonts(element: Any, east_asian: str, latin: str = gongwen.LATIN_FONT) -> None:
    """Set the fonts of a style's or run's rPr for Latin and for East Asian text, and drop
    the theme fonts that would override them."""
    from docx.oxml.ns import qn

    fonts = element.get_or_add_rPr().get_or_add_rFonts()
    for name in _THEME_FONTS:
        fonts.attrib.pop(qn(f"w:{name}"), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:cs"), latin)


def _ensure_styles(word: WordDocument, fonts: dict[str, str], only_missing: bool) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    styles = word.styles
    if not only_missing:  # the defaults under every style: no theme fonts, Chinese
        defaults = styles.element.find(qn("w:docDefaults"))
        r_fonts = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}") \
            if defaults is not None else None
        if r_fonts is not None:
            for name in _THEME_FONTS:
                r_fonts.attrib.pop(qn(f"w:{name}"), None)
            r_fonts.set(qn("w:eastAsia"), fonts["body"])
            size = r_fonts.getparent().find(qn("w:sz"))
            if size is not None:
                size.set(qn("w:val"), str(int(gongwen.BODY_PT * 2)))

    def style(name: str) -> ParagraphStyle | None:
        """The style to set up: a new one (on Normal), or an existing one unless the
        office's template made it."""
        try:
            found: ParagraphStyle = styles[name]
        except KeyError:
            found = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            if name != "Normal":
                found.base_style = styles["Normal"]
            return found
        return None if only_missing else found

    pitch = Pt(gongwen.line_pitch_twips() / 20)
    exact = WD_LINE_SPACING.EXACTLY
    specs: list[tuple[str, str, float, dict[str, Any]]] = [
        ("Normal", "body", gongwen.BODY_PT,
         {"indent": 2, "align": WD_ALIGN_PARAGRAPH.JUSTIFY}),
        ("Title", "title", gongwen.TITLE_PT, {"align": WD_ALIGN_PARAGRAPH.CENTER,
                                              "before": 1, "after": 1}),
        ("Heading 1", "heading1", gongwen.BODY_PT, {"indent": 2, "keep": True}),
        ("Heading 2", "heading2", gongwen.BODY_PT, {"indent": 2, "keep": True}),
        (TABLE_STYLE, "table", gongwen.TABLE_PT,
         {"single": True, "loose": True, "align": WD_ALIGN_PARAGRAPH.LEFT}),
        (TABLE_HEAD_STYLE, "heading1", gongwen.TABLE_PT,
         {"single": True, "align": WD_ALIGN_PARAGRAPH.CENTER, "loose": True}),
        (PAGE_NUMBER_STYLE, "page_number", gongwen.PAGE_NUMBER_PT,
         {"single": True, "loose": True}),
        (MASTHEAD_STYLE, "title", gongwen.MASTHEAD_PT,
         {"single": True, "align": WD_ALIGN_PARAGRAPH.CENTER, "red": True}),
    ]
    for name, font, size, how in specs:
        found = style(name)
        if found is None:
            continue
        _fonts(found.element, fonts[font])
        found.font.size = Pt(size)
        found.font.bold = False
        found.font.italic = False
        found.font.color.rgb = RGBColor.from_string(gongwen.RED if how.get("red")
                                                    else "000000")
        r_pr = found.element.get_or_add_rPr()
        if not how.get("loose"):
            _tighten(r_pr, gongwen.char_spacing_twentieths())
        else:  # tables and page numbers keep their own line height, off the page's grid
            _off_grid(found.element.get_or_add_pPr())
        _east_asian_language(r_pr)
        fmt = found.paragraph_format
        fmt.space_before = Pt(gongwen.BODY_PT * how.get("before", 0))
        fmt.space_after = Pt(gongwen.BODY_PT * how.get("after", 0))
        fmt.first_line_indent = Pt(gongwen.BODY_PT * how.get("indent", 0))
        fmt.left_indent = Pt(0)
        if how.get("single"):
            fmt.line_spacing = 1.15
        else:
            fmt.line_spacing_rule = exact
            fmt.line_spacing = pitch
        if "align" in how:
            fmt.alignment = how["align"]
        fmt.keep_with_next = bool(how.get("keep"))
        fmt.widow_control = True
        p_pr = found.element.pPr
        border = p_pr.find(qn("w:pBdr")) if p_pr is not None else None
        if border is not None:  # the default Title's rule under it
            p_pr.remove(border)


def _font_alternates(word: WordDocument, fonts: dict[str, str]) -> None:
    """Name in the font table, for each Chinese font the document uses, the stock face to
    use where it is missing (仿宋_GB2312 → 仿宋): `w:altName`, with the GB2312 character
    set. The fonts of `documents.fonts` stay the ones asked for; only their stand-ins are
    named."""
    from docx.opc.oxml import serialize_part_xml
    from docx.oxml.ns import qn
    from docx.oxml.parser import parse_xml

    table = next((rel.target_part for rel in word.part.rels.values()
                  if rel.reltype.endswith("/fontTable")), None)
    if table is None:
        return
    root = parse_xml(table.blob)
    known = {font.get(qn("w:name")): font for font in root.findall(qn("w:font"))}
    for role, alternate in gongwen.ALTERNATES.items():
        name = fonts.get(role)
        if not name or name == alternate:
            continue
        font = known.get(name)
        if font is None:
            font = known[name] = _element("font", name=name)
            root.append(font)
        for old in font.findall(qn("w:altName")):
            font.remove(old)
        font.insert(0, _element("altName", val=alternate))  # the schema puts altName first
        if font.find(qn("w:charset")) is None:  # after altName and panose1, as the schema has it
            font.insert(1 + (font.find(qn("w:panose1")) is not None),
                        _element("charset", val="86"))  # GB2312
    # a font table is a plain part to python-docx: its bytes are replaced as a whole
    table._blob = serialize_part_xml(root)


def _tighten(r_pr: Any, twentieths: int) -> None:
    from docx.oxml.ns import qn

    spacing = r_pr.find(qn("w:spacing"))
    if spacing is None:
        spacing = _element("spacing")
        r_pr.insert_element_before(spacing, *_AFTER_SPACING)
    spacing.set(qn("w:val"), str(twentieths))


def _off_grid(p_pr: Any) -> None:
    from docx.oxml.ns import qn

    if p_pr.find(qn("w:snapToGrid")) is None:
        p_pr.insert_element_before(_element("snapToGrid", val="0"), "w:spacing", "w:ind",
                                   "w:contextualSpacing", "w:mirrorIndents",
                                   "w:suppressOverlap", "w:jc", "w:textDirection",
                                   "w:textAlignment", "w:outlineLvl", "w:rPr", "w:sectPr",
                                   "w:pPrChange")


# What follows <w:spacing> in a run's properties (the schema fixes their order).
_AFTER_SPACING = ("w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u",
                  "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs",
                  "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")


def _east_asian_language(r_pr: Any) -> None:
    from docx.oxml.ns import qn

    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = _element("lang")
        r_pr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def _page_numbers(word: WordDocument) -> None:
    """— 1 — at the foot: right on odd pages, left on even ones, one character in."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    word.settings.odd_and_even_pages_header_footer = True
    section = word.sections[0]
    for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
                          (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.style = word.styles[PAGE_NUMBER_STYLE]
        paragraph.alignment = align
        one = Pt(gongwen.PAGE_NUMBER_PT)
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            paragraph.paragraph_format.right_indent = one
        else:
            paragraph.paragraph_format.left_indent = one
        _page_field(paragraph)


def _page_field(paragraph: Paragraph) -> None:
    paragraph.add_run("\u2014 ")
    field = _element("fldSimple", instr="PAGE")
    run = _element("r")
    text = _element("t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    paragraph.add_run(" \u2014")


def _masthead(word: WordDocument, doc: Document) -> None:
    """The red header of a bulletin: its name, the issue, then the issuer and the date
    over a red rule."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
    from docx.shared import Mm, Pt

    word.add_paragraph(xml_text(doc.masthead), style=MASTHEAD_STYLE)
    if doc.issue:
        issue = word.add_paragraph(xml_text(doc.issue))
        issue.alignment = WD_ALIGN_PARAGRAPH.CENTER
        issue.paragraph_format.first_line_indent = Pt(0)
    line = word.add_paragraph()
    border = _element("pBdr")
    border.append(_line("bottom", 18, 4, gongwen.RED))
    line._p.get_or_add_pPr().append(border)
    fmt = line.paragraph_format
    fmt.first_line_indent = Pt(0)
    fmt.left_indent = Pt(gongwen.BODY_PT)
    fmt.right_indent = Pt(gongwen.BODY_PT)
    width = Mm(gongwen.TEXT_WIDTH_MM)
    fmt.tab_stops.add_tab_stop(width - Pt(gongwen.BODY_PT * 2), WD_TAB_ALIGNMENT.RIGHT)
    line.add_run(xml_text(doc.issuer) + "\t" + xml_text(doc.date))


# --- content -----------------------------------------------------------------------

def _write(word: WordDocument, doc: Document) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    add: Callable[..., Paragraph] = word.add_paragraph
    if doc.number:  # 发文字号: under a masthead centred, else at the right above the title
        number = add(xml_text(doc.number))
        number.alignment = (WD_ALIGN_PARAGRAPH.CENTER if doc.masthead
                            else WD_ALIGN_PARAGRAPH.RIGHT)
        number.paragraph_format.first_line_indent = Pt(0)
    add(xml_text(doc.title), style="Title")
    if doc.addressee:
        add(xml_text(doc.addressee)).paragraph_format.first_line_indent = Pt(0)
    for text in doc.intro:
        _paragraphs(word, text)
    for section in doc.sections:
        add(xml_text(section.heading), style="Heading 1" if section.level == 1 else "Heading 2")
        for text in section.text:
            _paragraphs(word, text)
        if section.sheet is not None:
            _table(word, section.sheet)
    # The closing, the signature, the date and the 附注 stay on one page: a signature
    # never stands on a page of its own.
    signed = [text for text in (doc.issuer, doc.date) if text]
    if signed:  # the last words of the text, a paragraph or a table's last row, go with it
        _keep_last_with_next(word)
    for text in doc.closing:
        for line in text.split("\n"):
            add(xml_text(line)).paragraph_format.keep_with_next = bool(signed)
    if signed:
        add("").paragraph_format.keep_with_next = True
        for n, text in enumerate(signed):
            p = add(xml_text(text))
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            p.paragraph_format.right_indent = Pt(gongwen.BODY_PT * 4)  # 右空四字
            p.paragraph_format.keep_with_next = n < len(signed) - 1 or bool(doc.contact)
    if doc.contact:  # 附注: under the date, two characters in
        add(xml_text(doc.contact))
    for text in doc.notes:
        _paragraphs(word, text)
    if doc.has_record:
        _record(word, doc)


def _keep_last_with_next(word: WordDocument) -> None:
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    body = word.element.body
    last = next((e for e in reversed(body) if e.tag in (qn("w:p"), qn("w:tbl"))), None)
    if last is None:
        return
    rows = last.findall(qn("w:tr")) if last.tag == qn("w:tbl") else []
    found = rows[-1].iter(qn("w:p")) if rows else [last]
    for p in found:
        Paragraph(p, word.part).paragraph_format.keep_with_next = True


def _record(word: WordDocument, doc: Document) -> None:
    """The 版记 at the end: 抄送, then 印发机关 on the left and 印发日期 on the right,
    between rules (the first and last thicker, 0.35 mm, the one between thinner, 0.25 mm),
    in 四号 type one character in from each side, its last line on the last line of the
    last page (GB/T 9704-2012 §7.4)."""
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Mm, Pt

    size = Pt(gongwen.PAGE_NUMBER_PT)  # 四号
    add = word.add_paragraph
    lines = []
    if doc.cc:
        lines.append(add(xml_text(doc.cc)))
    issuer, day = doc.printed
    printed = add(xml_text(issuer) + "\t" + xml_text(day))
    printed.paragraph_format.tab_stops.add_tab_stop(
        Mm(gongwen.TEXT_WIDTH_MM) - Pt(gongwen.PAGE_NUMBER_PT * 2), WD_TAB_ALIGNMENT.RIGHT)
    lines.append(printed)
    for n, line in enumerate(lines):
        fmt = line.paragraph_format
        fmt.first_line_indent = Pt(0)
        fmt.left_indent = fmt.right_indent = size
        for run in line.runs:
            run.font.size = size
        edges = {"top": 7 if n == 0 else 5}  # sz in eighths of a point: 0.35 / 0.25 mm
        if n == len(lines) - 1:
            edges["bottom"] = 7
        _rules(line, edges)
    _at_page_foot(word, lines)


# A text box as wide as the text, anchored to the bottom of the text area of its page,
# growing with its text, with no text beside it (wrapTopAndBottom).
_FOOT_BOX = """<w:r {namespaces}><w:drawing><wp:anchor distT="{gap}" distB="0" distL="0" distR="0"
 simplePos="0" relativeHeight="2" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="0">
<wp:simplePos x="0" y="0"/>
<wp:positionH relativeFrom="margin"><wp:align>center</wp:align></wp:positionH>
<wp:positionV relativeFrom="margin"><wp:align>bottom</wp:align></wp:positionV>
<wp:extent cx="{width}" cy="{height}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>
<wp:wrapTopAndBottom/><wp:docPr id="{id}" name="record"/><wp:cNvGraphicFramePr/>
<a:graphic><a:graphicData uri="{shape}"><wps:wsp><wps:cNvSpPr txBox="1"/>
<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{width}" cy="{height}"/></a:xfrm>
<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr>
<wps:txbx><w:txbxContent/></wps:txbx><wps:bodyPr rot="0" vert="horz" wrap="square"
 lIns="0" tIns="0" rIns="0" bIns="0" anchor="b"><a:spAutoFit/></wps:bodyPr></wps:wsp>
</a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>"""
_WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"


def _at_page_foot(word: WordDocument, paragraphs: list[Paragraph]) -> None:
    """`paragraphs` moved into a text box anchored to the bottom of the text area of the
    page they end on, so that they stand on the last lines of the last page; when the text
    leaves no room, the box goes with its anchor onto a page of its own. Checked by
    rendering with LibreOffice (tests/test_render.py), where a frame (w:framePr) loses the
    rules and a floating table (w:tblpPr) stays inline."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    emu = 12700  # EMU in a point
    drawings = [int(x) for x in word.element.xpath("//wp:docPr/@id") if str(x).isdigit()]
    line = gongwen.line_pitch_twips() / 20 * emu
    run = parse_xml(_FOOT_BOX.format(
        namespaces=f'{nsdecls("w", "wp", "a")} xmlns:wps="{_WPS}"', shape=_WPS,
        gap=int(line), width=int(gongwen.points(gongwen.TEXT_WIDTH_MM) * emu),
        height=int(len(paragraphs) * line), id=max(drawings, default=0) + 1))
    content = run.find(f".//{qn('w:txbxContent')}")
    anchor = paragraphs[0].insert_paragraph_before()
    anchor.paragraph_format.first_line_indent = 0
    anchor._p.append(run)
    for paragraph in paragraphs:
        content.append(paragraph._p)


def _rules(paragraph: Paragraph, edges: dict[str, int]) -> None:
    border = _element("pBdr")
    for edge, size in edges.items():
        border.append(_line(edge, size, 1))
    paragraph._p.get_or_add_pPr().insert_element_before(
        border, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
        "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
        "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
        "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
        "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
        "w:rPr", "w:sectPr", "w:pPrChange")


def _paragraphs(word: WordDocument, text: str) -> None:
    for line in text.split("\n"):
        word.add_paragraph(xml_text(line))


def _table(word: WordDocument, sheet: Sheet) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    rows = sheet.body()
    table = word.add_table(rows=1 + len(rows), cols=len(sheet.columns))
    try:
        table.style = word.styles["Table Grid"]
    except KeyError:  # an office template without it: borders drawn here
        _borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _cell_margins(table)
    line = gongwen.points(gongwen.TEXT_WIDTH_MM)
    # a table of many columns is set in 五号 rather than fold its names and dates
    size = table_size(sheet, line, (gongwen.TABLE_PT, gongwen.DENSE_TABLE_PT))
    widths = [Pt(w) for w in column_widths(sheet, line, size)]
    table.autofit = False  # a fixed layout: Word and WPS keep the widths, as LibreOffice does
    for grid_column, column_width in zip(table.columns, widths, strict=True):
        grid_column.width = column_width  # the grid LibreOffice lays out by
    heads: list[Value] = [c.header for c in sheet.columns]
    # Style ids are looked up once: python-docx looks a style object up again for every
    # paragraph it is given to (most of the time of a table of a thousand rows).
    head_id, body_id = (word.styles[name].style_id for name in (TABLE_HEAD_STYLE, TABLE_STYLE))
    for r, (row, values) in enumerate(zip(table.rows, [heads, *rows], strict=True)):
        _row_properties(row, header=r == 0)
        for cell, raw, column, width in zip(row.cells, values, sheet.columns, widths,
                                            strict=True):
            cell.width = width
            value = as_cell(raw)
            lines = xml_text(value.text).split("\n")
            first = cell.paragraphs[0]
            first.text = lines[0]
            for more in lines[1:]:
                cell.add_paragraph(more)
            for p in cell.paragraphs:
                p._p.get_or_add_pPr().style = head_id if r == 0 else body_id
                if r and column.justify == "right":
                    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                if size != gongwen.TABLE_PT:
                    for run in p.runs:
                        run.font.size = Pt(size)
            if value.style in _FILLS:
                _shade(cell, _FILLS[value.style])


def _cell_margins(table: Any) -> None:
    """Narrow cell margins on the left and right (colwidths.CELL_MARGIN_PT)."""
    margins = _element("tblCellMar")
    for edge in ("left", "right"):
        margins.append(_element(edge, w=str(round(CELL_MARGIN_PT * 20)), type="dxa"))
    table._tbl.tblPr.insert_element_before(margins, "w:tblLook", "w:tblCaption",
                                           "w:tblDescription")


def _row_properties(row: Any, header: bool) -> None:
    """Rows are never split across pages; the header row repeats on each page."""
    properties = row._tr.get_or_add_trPr()
    properties.append(_element("cantSplit"))
    if header:
        properties.append(_element("tblHeader", val="true"))


def _shade(cell: Any, fill: str) -> None:
    cell._tc.get_or_add_tcPr().append(_element("shd", val="clear", color="auto", fill=fill))


def _borders(table: Any) -> None:
    borders = _element("tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_line(edge, 4, 0))
    table._tbl.tblPr.insert_element_before(borders, "w:shd", "w:tblLayout", "w:tblCellMar",
                                           "w:tblLook", "w:tblCaption", "w:tblDescription")
