"""The parts of a 公文 (GB/T 9704-2012 §7) around the text, read back from the .docx with
python-docx: 发文字号 (and its counter in numbers.yaml), 主送机关, signature and 成文日期,
联系人/联系电话, and the 版记 (抄送, 印发机关 and 印发日期 between rules)."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from conftest import LI, ZHANG, Repo, RunCli, item_yaml
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

MEETING = ("id: m1\ntitle: 两院第一次会商会\ndate: 2024-04-01\n"
           "parties: [最高人民法院, 最高人民检察院]\nlevel: national\n"
           "aspects:\n  - key: A1\n    title: 共同推进规范司法\n")
UNITS = ("units:\n  - name: 最高人民法院\n    short: [最高法]\n"
         "  - name: 最高人民检察院\n    short: [最高检]\n")
DOCUMENTS = """documents:
  issuer: 最高人民法院研究室
  issuers:
    notice: 河南省人民检察院研究室
  to:
    bulletin: 院领导
    review: 两院会商办公室
  cc: [最高人民检察院办公厅, 司法部办公厅]
  printed_by: 最高人民法院办公厅
  contact: 王五
  phone: 010-67556789
  numbering:
    notice: 豫检研函〔{year}〕{n}号
"""


@pytest.fixture
def ledger(tmp_path: Path) -> Repo:
    root = tmp_path / "ledger"
    root.mkdir()
    repo = Repo(root)
    repo.write("units.yaml", UNITS)
    repo.write("huishang.yaml", DOCUMENTS)
    repo.write("items/m1/meeting.yaml", MEETING)
    repo.write("items/m1/m1-03.yaml", item_yaml(
        "m1-03", title="建立案件质效会商通报机制", lead="最高法", partners="[最高检]",
        due="2024-07-31", status="in_progress",
        updates="\n  - date: 2024-05-20\n    note: 形成初稿"))
    repo.commit("ledger", ZHANG, "2024-08-02")
    return repo


def _texts(path: Path) -> list[str]:
    """The paragraphs outside tables in reading order, the 版记's in its text box too."""
    document = docx.Document(io.BytesIO(path.read_bytes()))
    return [Paragraph(p, document).text
            for p in document.element.body.xpath(".//w:p[not(ancestor::w:tbl)]")]


def _notice(run: RunCli, ledger: Repo, out: Path, *more: str) -> list[str]:
    result = run("notice", "--unit", "最高法", "--format", "docx", "-o", str(out),
                 "--repo", str(ledger.root), "--today", "2024-09-03", *more)
    assert result.exit_code == 0, result.output
    return _texts(out)


def test_a_notice_carries_every_part_of_a_gongwen(run: RunCli, ledger: Repo,
                                                  tmp_path: Path) -> None:
    out = tmp_path / "函.docx"
    texts = _notice(run, ledger, out)
    assert texts[:3] == ["豫检研函〔2024〕1号", "督办提示函", "最高人民法院："]
    signature = texts.index("河南省人民检察院研究室")  # the notice's own issuer
    assert texts[signature + 1] == "2024年9月3日"
    assert texts[signature + 2] == "（联系人：王五，联系电话：010-67556789）"
    assert texts[-2:] == ["抄送：最高人民检察院办公厅、司法部办公厅。",
                          "最高人民法院办公厅\t2024年9月3日印发"]
    document = docx.Document(io.BytesIO(out.read_bytes()))
    cc, printed = document.element.body.xpath(".//w:txbxContent/w:p")
    rules = [[edge.tag.split("}")[1] for edge in p.pPr.find(qn("w:pBdr"))]
             for p in (cc, printed)]
    assert rules == [["top"], ["top", "bottom"]]  # the 版记 between rules


def test_the_notice_number_counts_up_per_year_and_is_kept_in_the_ledger(
        run: RunCli, ledger: Repo, tmp_path: Path) -> None:
    assert _notice(run, ledger, tmp_path / "a.docx")[0] == "豫检研函〔2024〕1号"
    assert _notice(run, ledger, tmp_path / "b.docx")[0] == "豫检研函〔2024〕2号"
    counters = (ledger.root / "numbers.yaml").read_text(encoding="utf-8")
    assert "notice:\n  2024: 2\n" in counters
    # an explicit number, whole or the number alone, does not move the counter
    assert _notice(run, ledger, tmp_path / "c.docx", "--number", "7")[0] == "豫检研函〔2024〕7号"
    assert _notice(run, ledger, tmp_path / "d.docx",
                   "--number", "豫检研明电〔2024〕3号")[0] == "豫检研明电〔2024〕3号"
    assert (ledger.root / "numbers.yaml").read_text(encoding="utf-8") == counters
    # a look on screen shows the next number without taking it
    shown = run("notice", "--unit", "最高法", "--repo", str(ledger.root), "--today", "2024-09-03")
    assert "豫检研函〔2024〕3号" in shown.stdout
    assert (ledger.root / "numbers.yaml").read_text(encoding="utf-8") == counters
    # a new year starts at 1; the file is committed, so a clone carries on from it
    assert _notice(run, ledger, tmp_path / "e.docx", "--today", "2025-01-06")[0] == \
        "豫检研函〔2025〕1号"
    ledger.commit("numbers", LI, "2025-01-06")
    clone = tmp_path / "clone"
    ledger.git("clone", "-q", str(ledger.root), str(clone))
    result = run("notice", "--unit", "最高法", "--repo", str(clone), "--today", "2025-01-07")
    assert "豫检研函〔2025〕2号" in result.stdout


def test_a_broken_counter_file_is_refused_at_its_place(run: RunCli, ledger: Repo,
                                                       tmp_path: Path) -> None:
    ledger.write("numbers.yaml", "notice:\n  2024: 十二\n")
    result = run("notice", "--unit", "最高法", "--format", "docx", "-o", str(tmp_path / "x.docx"),
                 "--repo", str(ledger.root), "--today", "2024-09-03")
    assert result.exit_code == 1
    assert "numbers.yaml:2:3" in result.output
    assert not (tmp_path / "x.docx").exists()


def test_a_document_that_cannot_be_written_takes_no_number(run: RunCli, ledger: Repo,
                                                          tmp_path: Path) -> None:
    nowhere = tmp_path / "没有这个文件夹" / "函.docx"
    result = run("notice", "--unit", "最高法", "--format", "docx", "-o", str(nowhere),
                 "--repo", str(ledger.root), "--today", "2024-09-03")
    assert result.exit_code == 1
    assert "豫检研函" not in result.stderr  # no number said to be taken
    assert not (ledger.root / "numbers.yaml").exists()
    assert _notice(run, ledger, tmp_path / "a.docx")[0] == "豫检研函〔2024〕1号"


def test_a_counter_file_of_comments_alone_starts_at_one(run: RunCli, ledger: Repo,
                                                        tmp_path: Path) -> None:
    ledger.write("numbers.yaml", "# 发文字号计数\n")
    assert _notice(run, ledger, tmp_path / "a.docx")[0] == "豫检研函〔2024〕1号"
    assert "notice:\n  2024: 1\n" in (ledger.root / "numbers.yaml").read_text(encoding="utf-8")


def test_to_and_cc_on_the_command_line_rule(run: RunCli, ledger: Repo, tmp_path: Path) -> None:
    texts = _notice(run, ledger, tmp_path / "a.docx", "--to", "最高人民法院办公厅",
                    "--cc", "最高人民检察院、司法部")
    assert texts[2] == "最高人民法院办公厅："
    assert "抄送：最高人民检察院、司法部。" in texts


def test_bulletin_and_review_are_addressed_and_signed(run: RunCli, ledger: Repo,
                                                     tmp_path: Path) -> None:
    out = tmp_path / "通报.docx"
    result = run("bulletin", "--month", "2024-08", "--format", "docx", "-o", str(out),
                 "--repo", str(ledger.root), "--today", "2024-09-03")
    assert result.exit_code == 0, result.output
    texts = _texts(out)
    assert "院领导：" in texts
    signature = len(texts) - 1 - texts[::-1].index("最高人民法院研究室")
    assert texts[signature + 1] == "2024年9月3日"  # the closing signature and 成文日期
    assert texts[-1] == "最高人民法院办公厅\t2024年9月3日印发"

    review = run("review", "m1", "--repo", str(ledger.root), "--today", "2024-09-03")
    assert "两院会商办公室：" in review.stdout.splitlines()
    assert "抄送：最高人民检察院办公厅、司法部办公厅。" in review.stdout


def test_a_document_without_an_issuer_says_so(run: RunCli, ledger: Repo) -> None:
    ledger.write("huishang.yaml", "lang: zh\n")
    result = run("review", "m1", "--repo", str(ledger.root), "--today", "2024-09-03")
    assert result.exit_code == 0
    assert "未设置发文机关" in result.stderr and "issuer" in result.stderr
    assert "未设置发文机关" not in result.stdout


def test_a_number_alone_needs_a_pattern(run: RunCli, ledger: Repo) -> None:
    result = run("review", "m1", "--number", "3", "--repo", str(ledger.root),
                 "--today", "2024-09-03")
    assert result.exit_code == 2 and "documents.numbering" in result.output


@pytest.mark.parametrize("given", ["", "  ", "0", "０", "10000000", "abc", "〔2024〕",
                                   "豫检研函2024年12号"])
def test_an_empty_or_zero_number_is_refused(run: RunCli, ledger: Repo, tmp_path: Path,
                                            given: str) -> None:
    out = tmp_path / "函.docx"
    result = run("notice", "--unit", "最高法", "--number", given, "--format", "docx",
                 "-o", str(out), "--repo", str(ledger.root), "--today", "2024-09-03")
    assert result.exit_code == 2, result.output
    assert "不是发文字号" in result.stderr
    assert not out.exists()


def test_a_numbering_pattern_needs_its_number(run: RunCli, ledger: Repo) -> None:
    ledger.write("huishang.yaml", "documents:\n  numbering:\n    notice: 豫检研函〔{year}〕号\n")
    result = run("validate", "--repo", str(ledger.root))
    assert result.exit_code == 1
    assert "huishang.yaml:3:13" in result.output and "{n}" in result.output


def test_init_writes_a_documents_section_to_fill_in(run: RunCli, tmp_path: Path) -> None:
    from huishang.store.files import load_ledger

    target = tmp_path / "台账"
    result = run("init", str(target))
    assert result.exit_code == 0, result.output
    assert "documents:" in result.stdout  # the next steps name it
    path = target / "huishang.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("# documents:")
    path.write_text(text[:start] + "\n".join(line.removeprefix("# ")
                                             for line in text[start:].splitlines()) + "\n",
                    encoding="utf-8")
    ledger = load_ledger(target)
    assert ledger.problems == []
    documents = ledger.settings.documents
    assert documents.issuer == "某某省高级人民法院研究室"
    assert documents.numbering.notice == "某法研函〔{year}〕{n}号"
    assert documents.to.review == "会商办公室"


def test_the_signature_keeps_with_the_last_words(run: RunCli, ledger: Repo,
                                                 tmp_path: Path) -> None:
    """A signature never stands on a page of its own: the paragraphs from the last words
    of the text to the date are kept together (and a 报告 ends with 特此报告。)."""
    out = tmp_path / "报告.docx"
    assert run("review", "m1", "--format", "docx", "-o", str(out), "--repo", str(ledger.root),
               "--today", "2024-09-03").exit_code == 0
    paragraphs = docx.Document(io.BytesIO(out.read_bytes())).paragraphs
    at = [p.text for p in paragraphs].index("特此报告。")
    signature = paragraphs[at:at + 4]
    assert [p.text for p in signature] == ["特此报告。", "", "最高人民法院研究室", "2024年9月3日"]
    assert [p.paragraph_format.keep_with_next for p in signature] == [True, True, True, False]


def test_a_months_notes_in_one_cell_read_as_one_sentence(run: RunCli, ledger: Repo) -> None:
    ledger.write("items/m1/m1-03.yaml", item_yaml(
        "m1-03", title="建立案件质效会商通报机制", lead="最高法", due="2024-12-31",
        status="in_progress", updates="\n  - date: 2024-08-05\n    note: 召开起草小组会议。"
        "\n  - date: 2024-08-20\n    note: 形成征求意见稿。"))
    ledger.commit("notes", ZHANG, "2024-08-21")
    result = run("bulletin", "--month", "2024-08", "--repo", str(ledger.root),
                 "--today", "2024-09-03")
    assert result.exit_code == 0, result.output
    assert "2024.08.05，召开起草小组会议；2024.08.20，形成征求意见稿。" in result.stdout
    assert "。；" not in result.stdout
