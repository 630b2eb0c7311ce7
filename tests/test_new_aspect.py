"""`huishang new aspect`: an aspect (方面) added to a meeting from the command line, the rest
of meeting.yaml byte for byte, a key the meeting has refused."""

from __future__ import annotations

from pathlib import Path

from conftest import MEETING, RunCli, WriteLedger, item_yaml

from huishang.store.files import load_ledger

FLOW = ("id: 2023-12-14-xj-fa-jian\ntitle: 首次工作交流会商会\ndate: 2023-12-14\n"
        "parties: [自治区高院, 自治区检察院]\nlevel: provincial\n"
        "aspects: [{key: X1, title: 共同推进政治机关建设}]  # 纪要第一部分\n")


def _aspect(run: RunCli, root: Path, *args: str) -> str:
    result = run("new", "aspect", *args, "--repo", str(root))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_an_aspect_is_added_after_the_others(run: RunCli, write_ledger: WriteLedger) -> None:
    root = write_ledger({})
    out = _aspect(run, root, "--meeting", "m1", "A2", "共同推动涉案企业合规改革")
    assert out == "已为会议 m1 新增方面 A2：共同推动涉案企业合规改革\n"
    assert (root / "items/m1/meeting.yaml").read_text(encoding="utf-8") == MEETING + (
        "  - key: A2\n    title: 共同推动涉案企业合规改革\n")
    # an item may name it at once
    (root / "items/m1/m1-01.yaml").write_text(item_yaml(aspect="A2"), encoding="utf-8")
    assert load_ledger(root).problems == []


def test_a_unique_ending_names_the_meeting_and_a_flow_list_stays_flow(
        run: RunCli, write_ledger: WriteLedger) -> None:
    root = write_ledger({"items/2023-12-14-xj-fa-jian/meeting.yaml": FLOW}, with_meeting=False)
    _aspect(run, root, "--meeting", "xj-fa-jian", "X2", "共同深化全面依法治疆实践")
    assert (root / "items/2023-12-14-xj-fa-jian/meeting.yaml").read_text(encoding="utf-8") == \
        FLOW.replace("共同推进政治机关建设}]", "共同推进政治机关建设}, {key: X2, title: 共同深化全面依法治疆实践}]")
    assert load_ledger(root).problems == []


def test_a_key_already_used_is_refused(run: RunCli, write_ledger: WriteLedger) -> None:
    root = write_ledger({})
    result = run("new", "aspect", "--meeting", "m1", "A1", "另一个方面", "--repo", str(root))
    assert result.exit_code == 2
    assert "会议 m1 已有方面 A1：共同深化落实认罪认罚从宽制度" in result.stderr
    missing = run("new", "aspect", "--meeting", "m9", "A2", "x", "--repo", str(root))
    assert missing.exit_code == 2 and "没有会议“m9”" in missing.stderr
    blank = run("new", "aspect", "--meeting", "m1", "A2", " ", "--repo", str(root))
    assert blank.exit_code == 2
    assert (root / "items/m1/meeting.yaml").read_text(encoding="utf-8") == MEETING


def test_dry_run_shows_the_aspect_and_writes_nothing(run: RunCli,
                                                     write_ledger: WriteLedger) -> None:
    root = write_ledger({})
    out = _aspect(run, root, "--meeting", "m1", "A2", "共同提升案件办理质效", "--dry-run")
    assert "+  - key: A2\n+    title: 共同提升案件办理质效\n" in out
    assert (root / "items/m1/meeting.yaml").read_text(encoding="utf-8") == MEETING
