"""Policies the rest of the suite let change unnoticed, found by whole-module runs of
tools/mutate.py: each test here fails on a change of policy that every other test passed.
(tests/test_policy_gaps.py holds those of issue 40 itself.)"""

from __future__ import annotations

from pathlib import Path

from conftest import RunCli, WriteLedger, item_yaml

from huishang.ledger.load import load_ledger

TODAY = "2024-03-01"


def _item(root: Path, item_id: str = "m1-01") -> Path:
    return root / "items" / "m1" / f"{item_id}.yaml"


# --- the status lifecycle (edit/lifecycle.py) --------------------------------------------

def test_a_proof_pasted_from_a_windows_document_keeps_its_line_break_as_files_keep_it(
        run: RunCli, write_ledger: WriteLedger) -> None:
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml()})
    result = run("update", "m1-01", "--status", "done", "--evidence", "法〔2024〕1号\r\n附件一",
                 "--repo", str(root), "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert load_ledger(root, use_cache=False).items[0].record.evidence == ["法〔2024〕1号\n附件一"]


def test_progress_dated_on_the_day_of_the_meeting_itself_is_taken(
        run: RunCli, write_ledger: WriteLedger) -> None:
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml()})  # the meeting met on 2023-06-12
    result = run("update", "m1-01", "--note", "会上即明确牵头处室", "--date", "2023-06-12",
                 "--repo", str(root), "--today", TODAY)
    assert result.exit_code == 0, result.output
    [update] = load_ledger(root, use_cache=False).items[0].record.updates
    assert str(update.date) == "2023-06-12"
    earlier = run("update", "m1-01", "--note", "会前", "--date", "2023-06-11",
                  "--repo", str(root), "--today", TODAY)
    assert earlier.exit_code == 1 and "2023-06-12" in earlier.stderr


def test_a_standing_item_with_no_deadline_takes_progress_notes(
        run: RunCli, write_ledger: WriteLedger) -> None:
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml(due=None)})  # 长期坚持
    result = run("update", "m1-01", "--note", "本季度已开展联合培训", "--repo", str(root),
                 "--today", TODAY)
    assert result.exit_code == 0, result.output
    item = load_ledger(root, use_cache=False).items[0].record
    assert item.due is None and [u.note for u in item.updates] == ["本季度已开展联合培训"]


def test_the_title_and_the_partners_change_only_with_their_reason_on_record(
        run: RunCli, write_ledger: WriteLedger) -> None:
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml()})
    args = ("--repo", str(root), "--today", TODAY)
    retitled = run("update", "m1-01", "--title", "统一量刑建议审查和采纳标准",
                   "--reason", "纪要核稿更正", *args)
    assert retitled.exit_code == 0, retitled.output
    partnered = run("update", "m1-01", "--partner", "最高人民检察院", "--reason", "会商增加配合单位",
                    *args)
    assert partnered.exit_code == 0, partnered.output
    item = load_ledger(root, use_cache=False).items[0].record
    assert item.title == "统一量刑建议审查和采纳标准" and item.partners == ["最高人民检察院"]
    assert [(c.field, c.before, c.after, c.reason) for u in item.updates for c in u.changes] == [
        ("title", "统一量刑建议审查标准", "统一量刑建议审查和采纳标准", "纪要核稿更正"),
        ("partners", [], ["最高人民检察院"], "会商增加配合单位")]
