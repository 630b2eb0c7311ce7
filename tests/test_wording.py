"""Official wording in every document and every format: no arrows, no "7.1" dates, no Latin
spaces between Chinese and digits, no markup, headers that say what their cells hold, and
a notice whose opening says what it lists."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pytest
from conftest import ZHANG, Repo, RunCli, item_yaml

MEETING = ("id: m1\ntitle: 两院会商会\ndate: 2024-01-10\nparties: [最高人民法院, 最高人民检察院]\n"
           "level: national\naspects:\n  - key: A1\n    title: 共同推进规范司法\n")

ARROW = "→"
SHORT_DATE = re.compile(r"(?<![\d.])\d{1,2}\.\d{1,2}(?![\d.])")  # 7.1
LATIN_SPACE = re.compile(r"[\u4e00-\u9fff] \d|\d [\u4e00-\u9fff]")  # 会后 135 天
MARKUP = re.compile(r"<br|<p>|</")


@pytest.fixture
def ledger(tmp_path: Path) -> Repo:
    root = tmp_path / "ledger"
    root.mkdir()
    repo = Repo(root)
    repo.write("huishang.yaml", "documents:\n  issuer: 最高人民法院研究室\n  first_issue: 2024-01\n")
    repo.write("items/m1/meeting.yaml", MEETING)
    repo.write("items/m1/m1-01.yaml", item_yaml(  # stalled since March, not overdue
        "m1-01", title="统一量刑建议审查标准", due="2025-12-31", status="in_progress",
        updates="\n  - date: 2024-03-01\n    note: 已召开会议（状态：未启动 → 推进中）"))
    repo.write("items/m1/m1-02.yaml", item_yaml(  # never started
        "m1-02", title="共建鉴定人名册", due="2025-06-30", status="planned"))
    repo.write("items/m1/m1-03.yaml", item_yaml(  # two notes in July
        "m1-03", title="建立案件质效会商通报机制", lead="最高人民检察院", due="2024-12-31",
        status="in_progress", updates="\n  - date: 2024-07-01\n    note: 起草完成\n"
        "  - date: 2024-07-15\n    note: 征求意见（状态：受阻 → 推进中）"))
    repo.commit("ledger", ZHANG, "2024-07-30")
    return repo


def _texts(run: RunCli, ledger: Repo, tmp_path: Path, command: list[str]) -> dict[str, str]:
    """The document in each of its formats, as text a reader sees."""
    found = {}
    formats = ["markdown", "docx"] + (["html"] if command[0] != "notice" else [])
    for fmt in formats:
        out = tmp_path / f"{command[0]}.{fmt}"
        result = run(*command, "--format", fmt, "-o", str(out), "--repo", str(ledger.root),
                     "--today", "2024-08-05")
        assert result.exit_code == 0, result.output
        if fmt == "docx":
            document = docx.Document(io.BytesIO(out.read_bytes()))
            found[fmt] = "\n".join([p.text for p in document.paragraphs] + [
                cell.text for table in document.tables for row in table.rows
                for cell in row.cells])
        elif fmt == "html":
            body = out.read_text(encoding="utf-8")
            body = body[body.index("<article"):body.index("</article>")]
            found[fmt] = re.sub(r"<[^>]+>", "\n", body)
        else:
            found[fmt] = out.read_text(encoding="utf-8")
    return found


@pytest.mark.parametrize("command", [
    ["bulletin", "--month", "2024-07"], ["review", "m1"], ["notice", "--unit", "最高人民法院"],
])
def test_documents_read_as_official_text(run: RunCli, ledger: Repo, tmp_path: Path,
                                         command: list[str]) -> None:
    for fmt, text in _texts(run, ledger, tmp_path, command).items():
        text = text.replace("\t", "\n")  # the masthead's issuer and date, apart
        assert ARROW not in text, fmt
        assert SHORT_DATE.findall(text) == [], fmt
        assert LATIN_SPACE.findall(text) == [], fmt
        if fmt == "markdown":
            assert MARKUP.findall(text) == [], fmt


def test_status_changes_in_notes_read_as_words(run: RunCli, ledger: Repo) -> None:
    result = run("bulletin", "--month", "2024-07", "--repo", str(ledger.root),
                 "--today", "2024-08-05")
    assert "2024.07.01，起草完成；2024.07.15，征求意见（状态由受阻调整为推进中）" in result.stdout


def test_percentages_sit_under_a_header_that_says_so(run: RunCli, ledger: Repo) -> None:
    result = run("bulletin", "--month", "2024-07", "--repo", str(ledger.root),
                 "--today", "2024-08-05")
    lines = result.stdout.splitlines()
    head = next(line for line in lines if line.startswith("| 牵头单位 | 总数 |"))
    assert head == "| 牵头单位 | 总数 | 未启动 | 推进中 | 受阻 | 已办结 | 已终止 | 办结率 |"
    assert "| 最高人民法院 | 2 | 1 | 1 | 0 | 0 | 0 | 0% |" in lines


def test_a_notice_opens_with_what_it_lists(run: RunCli, ledger: Repo) -> None:
    result = run("notice", "--unit", "最高人民法院", "--repo", str(ledger.root),
                 "--today", "2024-08-05")
    assert result.exit_code == 0, result.output
    assert ("根据会商事项台账，截至2024年8月5日，贵单位牵头或配合的以下2项事项"
            "长期无进展或会后长期未启动（红色、橙色预警），现予提示。") in result.stdout
    late = run("notice", "--unit", "最高人民法院", "--repo", str(ledger.root),
               "--today", "2026-01-05")
    assert "以下2项事项已逾期或长期无进展（红色、橙色预警）" in late.stdout
