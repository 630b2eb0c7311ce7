"""The Word documents as a reader sees them: LibreOffice (headless, the Debian package, with
Noto CJK fonts) renders each .docx to PDF, and every page must carry text and its page
number (— N —). A file Word or WPS would refuse fails to convert and fails here.

CI installs LibreOffice and sets HUISHANG_REQUIRE_OFFICE=1, so these tests fail there,
never skip, when it is missing."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import docx
import pypdf
import pytest
from conftest import ZHANG, Repo, RunCli, item_yaml

from huishang.output import gongwen

REQUIRED = os.environ.get("HUISHANG_REQUIRE_OFFICE") == "1"  # set by .ci/run
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

MEETING = ("id: m1\ntitle: 两院会商会\ndate: 2024-01-10\nparties: [最高人民法院, 最高人民检察院]\n"
           "level: national\naspects:\n  - key: A1\n    title: 共同推进规范司法\n")


@pytest.fixture(scope="module")
def soffice() -> str:
    if SOFFICE is None:
        if REQUIRED:
            pytest.fail("LibreOffice is required here (HUISHANG_REQUIRE_OFFICE=1) but missing")
        pytest.skip("no LibreOffice on this machine")
    return SOFFICE


@pytest.fixture
def ledger(tmp_path: Path) -> Repo:
    """Forty items, enough for documents of several pages, with long titles and notes."""
    root = tmp_path / "ledger"
    root.mkdir()
    repo = Repo(root)
    repo.write("items/m1/meeting.yaml", MEETING)
    for n in range(1, 41):
        lead = "最高人民法院" if n % 2 else "最高人民检察院"
        status = ("in_progress", "blocked", "planned", "done")[n % 4]
        extra = {"done_on": "2024-07-20", "evidence": f"[法〔2024〕{n}号]"} if n % 4 == 3 else {}
        repo.write(f"items/m1/m1-{n:02d}.yaml", item_yaml(
            f"m1-{n:02d}", title=f"第{n}项：健全两院在案件办理、信息共享和人员交流方面的常态化协作机制",
            lead=lead, partners="[最高人民法院, 最高人民检察院]", due=f"2024-{(n % 9) + 1:02d}-28",
            status=status, updates=f"\n  - date: 2024-07-{(n % 28) + 1:02d}\n"
            f"    note: 召开专题会议研究推进，形成工作方案初稿并征求相关部门意见（第{n}次）", **extra))
    repo.commit("ledger", ZHANG, "2024-07-30")
    return repo


def _pages(soffice: str, document: Path, work: Path) -> list[str]:
    profile = work / "lo-profile"  # its own profile: no clash with another office process
    done = subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                           "--convert-to", "pdf", "--outdir", str(work), str(document)],
                          capture_output=True, text=True, timeout=240, check=False)
    pdf = work / (document.stem + ".pdf")
    assert pdf.is_file(), done.stdout + done.stderr
    return [page.extract_text() for page in pypdf.PdfReader(pdf).pages]


def _plain(text: str) -> str:
    return "".join(text.split())


def _check_pages(pages: list[str], first: str, last: str) -> None:
    for number, text in enumerate(pages, 1):
        assert f"— {number} —" in text, (number, text[-80:])
        assert len(_plain(text)) > 20, number  # more than a page number on every page
    assert first in _plain(pages[0])
    assert last in _plain(pages[-1])


@pytest.mark.parametrize("command, first, last, fewest", [
    (["bulletin", "--month", "2024-07"], "会商事项落实情况通报", "下一步工作", 4),
    (["review", "m1"], "关于两院会商会议定事项落实情况的报告", "特此报告。", 4),
    (["notice", "--unit", "最高人民法院", "--reply-by", "2024-08-20"], "督办提示函",
     "2024年8月5日", 2),
])
def test_documents_render_page_by_page(soffice: str, run: RunCli, ledger: Repo,
                                       tmp_path: Path, command: list[str], first: str,
                                       last: str, fewest: int) -> None:
    out = tmp_path / f"{command[0]}.docx"
    result = run(*command, "--format", "docx", "-o", str(out), "--repo", str(ledger.root),
                 "--today", "2024-08-05")
    assert result.exit_code == 0, result.output
    pages = _pages(soffice, out, tmp_path)
    assert fewest <= len(pages) <= 30
    _check_pages(pages, first, last)


# a date of a table, a share, a number of two digits or more: each a word of its own
_FIGURE = re.compile(r"(?<![\d.])(\d{4}\.\d{2}\.\d{2}|\d+%|\d{2,})(?![\d.%])")


def _figures(text: str) -> list[str]:
    return _FIGURE.findall(text)


@pytest.mark.parametrize("command", [
    ["bulletin", "--month", "2024-07"],
    ["review", "m1"],
    ["notice", "--unit", "最高人民法院"],
])
def test_no_date_or_number_of_a_table_is_split_across_lines(
        soffice: str, run: RunCli, ledger: Repo, tmp_path: Path, command: list[str]) -> None:
    """Every date and number of every table cell is found whole on one line of the PDF:
    one broken across lines ("202" / "4.07.28") would be found fewer times than the
    document holds it."""
    out = tmp_path / f"{command[0]}.docx"
    result = run(*command, "--format", "docx", "-o", str(out), "--repo", str(ledger.root),
                 "--today", "2024-08-05")
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    held = Counter(f for text in [*cells, *(p.text for p in document.paragraphs)]
                   for f in _figures(text))
    wanted = {f for text in cells for f in _figures(text)}
    assert any("." in f for f in wanted) or command[0] == "review"  # dates are there
    lines = [line for page in _pages(soffice, out, tmp_path) for line in page.splitlines()]
    printed = Counter(f for line in lines for f in _figures(line))
    broken = {f: (held[f], printed[f]) for f in wanted if printed[f] < held[f]}
    assert broken == {}
    # a unit's name in a table is not folded either
    # (body text may fold a name at a line's end, as any paragraph does: only the tables'
    # occurrences are counted against the printed lines)
    for name in ("最高人民法院", "最高人民检察院"):
        in_tables = sum(cell.count(name) for cell in cells)
        assert in_tables == 0 or sum("".join(line.split()).count(name) for line in lines) >= \
            in_tables, name


@pytest.mark.parametrize("command, heading", [
    (["bulletin", "--month", "2024-07"], "办理情况"),
    (["review", "m1"], "各单位落实情况"),
])
def test_per_unit_rows_add_up_as_printed(soffice: str, run: RunCli, ledger: Repo,
                                         tmp_path: Path, command: list[str],
                                         heading: str) -> None:
    """Each unit's total is the sum of its items in every state (未启动, 推进中, 受阻,
    已办结, 已终止), read from the printed page."""
    out = tmp_path / f"{command[0]}.docx"
    result = run(*command, "--format", "docx", "-o", str(out), "--repo", str(ledger.root),
                 "--today", "2024-08-05")
    assert result.exit_code == 0, result.output
    text = "\n".join(_pages(soffice, out, tmp_path))
    table = text[text.index(heading):]
    head = re.search(r"总数 未启动 推进中 受阻 已办结 已终止 办结率", table)
    assert head is not None, table[:300]
    rows = re.findall(r"^(最高人民\S+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+%)$",
                      table[head.end():], re.MULTILINE)
    assert {row[0] for row in rows} == {"最高人民法院", "最高人民检察院"}
    for unit, total, *counts, ratio in rows:
        assert int(total) == sum(map(int, counts)) == 20, unit
        done, cancelled = int(counts[3]), int(counts[4])
        assert ratio == f"{round(100 * done / (int(total) - cancelled))}%"


@pytest.mark.parametrize("command", [
    ["bulletin", "--month", "2024-07"], ["review", "m1"], ["notice", "--unit", "最高人民法院"],
])
def test_documents_as_pdf(soffice: str, run: RunCli, ledger: Repo, tmp_path: Path,
                          command: list[str]) -> None:
    out = tmp_path / f"{command[0]}.pdf"
    result = run(*command, "--format", "pdf", "-o", str(out), "--repo", str(ledger.root),
                 "--today", "2024-08-05")
    assert result.exit_code == 0, result.output
    pages = [page.extract_text() for page in pypdf.PdfReader(out).pages]
    assert len(pages) >= 2
    assert all(f"— {n} —" in text for n, text in enumerate(pages, 1))


def test_pdf_without_libreoffice_names_what_to_install(run: RunCli, ledger: Repo,
                                                       tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice, no libreoffice
    out = tmp_path / "通报.pdf"
    result = run("bulletin", "--month", "2024-07", "--format", "pdf", "-o", str(out),
                 "--repo", str(ledger.root), "--today", "2024-08-05")
    assert result.exit_code == 2
    assert "LibreOffice" in result.output and "libreoffice-writer" in result.output
    assert not out.exists()


def _baseline(page: pypdf.PageObject, words: str) -> float:
    """How high above the foot of the page (in points) the line holding `words` stands."""
    found: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if words in text:
            found.append(tm[4] * cm[1] + tm[5] * cm[3] + cm[5])

    page.extract_text(visitor_text=visit)
    assert found, words
    return found[-1]


@pytest.mark.parametrize("command", [
    ["bulletin", "--month", "2024-07"], ["review", "m1"], ["notice", "--unit", "最高人民法院"],
])
def test_the_record_ends_on_the_last_line_of_the_last_page(
        soffice: str, run: RunCli, ledger: Repo, tmp_path: Path, command: list[str]) -> None:
    ledger.write("huishang.yaml", "documents:\n  issuer: 最高人民法院研究室\n"
                 "  cc: [最高人民检察院办公厅]\n")
    out = tmp_path / f"{command[0]}.pdf"
    result = run(*command, "--format", "pdf", "-o", str(out), "--repo", str(ledger.root),
                 "--today", "2024-08-05")
    assert result.exit_code == 0, result.output
    last = pypdf.PdfReader(out).pages[-1]
    foot = gongwen.points(gongwen.MARGINS_MM["bottom"])  # the text area's last line is here
    pitch = gongwen.line_pitch_twips() / 20
    assert foot <= _baseline(last, "印发") < foot + pitch  # GB/T 9704-2012 §7.4
    assert _baseline(last, "抄送") > _baseline(last, "印发")
