"""Meeting commands take a unique ending of a meeting's id, as item commands take one of an
item's: `review fa-jian`, `list --meeting fa-jian`, `new item --meeting fa-jian`."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import RunCli, WriteLedger, item_yaml


def _meeting(folder: str, title: str) -> str:
    return (f"id: {folder}\ntitle: {title}\ndate: 2023-06-12\n"
            "parties: [最高人民法院, 最高人民检察院]\nlevel: national\n")


def _ledger(write_ledger: WriteLedger) -> Path:
    return write_ledger({
        "items/2023-06-12-fa-jian/meeting.yaml": _meeting("2023-06-12-fa-jian", "两院第一次会商会"),
        "items/2023-06-12-fa-jian/2023-06-12-fa-jian-01.yaml": item_yaml(
            "2023-06-12-fa-jian-01", aspect=None),
        "items/2024-08-07-hlj-fa-jian/meeting.yaml": _meeting("2024-08-07-hlj-fa-jian",
                                                              "黑龙江两院会商会"),
        "items/2024-08-07-hlj-fa-jian/2024-08-07-hlj-fa-jian-01.yaml": item_yaml(
            "2024-08-07-hlj-fa-jian-01", aspect=None),
        "items/2023-08-22-fa-si/meeting.yaml": _meeting("2023-08-22-fa-si", "法院司法部会商会"),
    }, with_meeting=False)


def test_review_takes_a_unique_ending_of_a_meeting_id(run: RunCli,
                                                      write_ledger: WriteLedger) -> None:
    root = _ledger(write_ledger)
    result = run("review", "hlj-fa-jian", "--repo", str(root), "--today", "2024-09-01")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# 关于黑龙江两院会商会议定事项落实情况的报告")
    both = run("review", "fa-jian", "--repo", str(root), "--today", "2024-09-01")
    assert both.exit_code == 2
    assert ("“fa-jian”可指多个会议：2023-06-12-fa-jian, 2024-08-07-hlj-fa-jian"
            in both.stderr)
    assert run("review", "2023-06-12-fa-jian", "--repo", str(root),
               "--today", "2024-09-01").exit_code == 0


def test_meeting_options_take_a_unique_ending(run: RunCli, write_ledger: WriteLedger) -> None:
    root = _ledger(write_ledger)
    listed = run("list", "--meeting", "hlj-fa-jian", "--format", "json", "--repo", str(root))
    assert [i["id"] for i in json.loads(listed.stdout)["items"]] == ["2024-08-07-hlj-fa-jian-01"]
    assert run("list", "--meeting", "fa-jian", "--repo", str(root)).exit_code == 2
    made = run("new", "item", "--meeting", "fa-si", "--title", "规范司法鉴定", "--lead", "最高人民法院",
               "--repo", str(root))
    assert (made.exit_code, made.stdout) == (0, "2023-08-22-fa-si-01\n")
