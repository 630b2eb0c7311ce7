"""The bulletin's one counting rule (git/standing.py): an item at a month's end, read from
its versions as git committed them or from its file alone. Each test here fails on a
change of that rule (a mutant of tools/mutate.py) that the rest of the suite let pass."""

from __future__ import annotations

import datetime as dt
from typing import Any

from huishang.git.standing import Known, fold, life, status_change
from huishang.ledger.models import Item

JUNE_END, JULY_END = dt.date(2024, 6, 30), dt.date(2024, 7, 31)


def _item(**fields: Any) -> Item:
    return Item.model_validate({"id": "m1-01", "title": "统一量刑建议审查标准",
                                "lead": "最高人民法院", "due": "2024-12-31",
                                "status": "in_progress", **fields})


def _at(versions: list[Known], end: dt.date) -> Item:
    standing = fold(life(versions), end)
    assert standing is not None
    return standing.item


def test_a_status_change_noted_in_english_counts_as_one_noted_in_chinese() -> None:
    """`huishang update --status --lang en` writes its note in English: the change it
    records is read the same as the Chinese one."""
    assert status_change("已起草（状态：未启动 → 推进中）") == ("planned", "in_progress")
    assert status_change("Drafted. (status: planned → in progress)") == (
        "planned", "in_progress")
    assert status_change("Signed off. (status: in progress → blocked)") == (
        "in_progress", "blocked")


def test_a_progress_note_rewritten_later_counts_on_the_day_it_was_committed() -> None:
    """A clerk rewrites June's note in July: git's day is the fact, so June's bulletin keeps
    the note as it stood at June's end and July's shows it as rewritten."""
    drafted = _item(updates=[{"date": "2024-06-03", "note": "已起草"}])
    rewritten = _item(updates=[{"date": "2024-06-03", "note": "已起草并送最高检会签"}])
    versions: list[Known] = [(dt.date(2024, 6, 3), "张三", drafted, None),
                             (dt.date(2024, 7, 2), "李四", rewritten, None)]
    assert [u.note for u in _at(versions, JUNE_END).updates] == ["已起草"]
    assert [u.note for u in _at(versions, JULY_END).updates] == ["已起草并送最高检会签"]


def test_an_item_closed_in_june_read_from_its_file_was_open_without_proof_at_mays_end() -> None:
    """Without history the file is all there is: the item closed on 20 June was in hand at
    the end of May, with no closing day and no proof yet, and closed at June's end."""
    closed = _item(status="done", done_on="2024-06-20", evidence=["法〔2024〕9号"],
                   updates=[{"date": "2024-05-10", "note": "已起草"}])
    versions: list[Known] = [(dt.date(2024, 7, 1), "张三", closed, dt.date(2024, 4, 1))]
    may = _at(versions, dt.date(2024, 5, 31))
    assert (may.status, may.done_on, may.evidence) == ("in_progress", None, [])
    june = _at(versions, JUNE_END)
    assert (june.status, june.done_on, june.evidence) == (
        "done", dt.date(2024, 6, 20), ["法〔2024〕9号"])


def test_proof_an_open_item_holds_from_its_meeting_is_not_taken_away_before_its_notes() -> None:
    """An item still in hand already lists the minutes that set it up as proof: read from
    its file alone, it held that proof from its meeting on, not only from its first note."""
    held = _item(evidence=["会议纪要〔2024〕1号"], updates=[{"date": "2024-06-10", "note": "已起草"}])
    versions: list[Known] = [(dt.date(2024, 7, 1), "张三", held, dt.date(2024, 4, 1))]
    assert _at(versions, dt.date(2024, 5, 31)).evidence == ["会议纪要〔2024〕1号"]


def test_a_partners_late_feedback_dated_earlier_stays_last_as_the_file_keeps_it() -> None:
    """The file's history starts with two notes read from the file; a partner's feedback
    dated between them arrives later and is appended: the notes keep the file's order."""
    first = [{"date": "2024-06-10", "note": "已起草"}, {"date": "2024-06-20", "note": "已会签"}]
    late = [*first, {"date": "2024-06-15", "note": "最高检反馈意见", "by": "李四"}]
    versions: list[Known] = [(dt.date(2024, 6, 20), "张三", _item(updates=first),
                              dt.date(2024, 4, 1)),
                             (dt.date(2024, 7, 2), "李四", _item(updates=late), None)]
    assert [u.note for u in _at(versions, JULY_END).updates] == ["已起草", "已会签", "最高检反馈意见"]
