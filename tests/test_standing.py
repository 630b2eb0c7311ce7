"""The bulletin's one counting rule (git/standing.py): an item at a month's end, read from
its versions as git committed them or from its file alone. Each test here fails on a
change of that rule (a mutant of tools/mutate.py) that the rest of the suite let pass."""

from __future__ import annotations

import datetime as dt
from typing import Any

from huishang.git.standing import (
    Known,
    dated_by,
    dated_states,
    fold,
    life,
    nothing_later,
    status_change,
)
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


def _done(done_on: str, evidence: list[str], **fields: Any) -> Item:
    return _item(status="done", done_on=done_on, evidence=evidence, **fields)


def test_an_item_reopened_in_july_is_open_without_a_closing_day_at_julys_end() -> None:
    """Closed in June; reopened on 10 July by the update that says so, committed in August
    with a note of 5 August: at July's end the item is open again and has no closing day."""
    shut = [{"date": "2024-06-05", "note": "已印发"}]
    reopened = [*shut, {"date": "2024-07-10", "note": "督查发现未落实到位（状态：已办结 → 推进中）"},
                {"date": "2024-08-05", "note": "重新组织起草"}]
    versions: list[Known] = [
        (dt.date(2024, 6, 5), "张三", _done("2024-06-05", ["法〔2024〕9号"], updates=shut), None),
        (dt.date(2024, 8, 6), "张三", _item(updates=reopened), None)]
    july = _at(versions, JULY_END)
    assert (july.status, july.done_on) == ("in_progress", None)


def test_a_closing_day_moved_into_july_counts_in_july() -> None:
    """Closed on 20 June, then the office finds the document was issued only on 25 July and
    moves the closing day in August: at July's end the item closed on 25 July."""
    versions: list[Known] = [
        (dt.date(2024, 6, 21), "张三", _done("2024-06-20", ["法〔2024〕9号"]), None),
        (dt.date(2024, 8, 2), "张三", _done("2024-07-25", ["法〔2024〕9号"]), None)]
    assert _at(versions, JULY_END).done_on == dt.date(2024, 7, 25)


def test_proof_added_later_to_a_closed_item_counts_from_when_it_was_added() -> None:
    """Closed on 20 June with one document; a second is added to its proof in August: July's
    bulletin shows the one document the item had then."""
    versions: list[Known] = [
        (dt.date(2024, 6, 21), "张三", _done("2024-06-20", ["法〔2024〕9号"]), None),
        (dt.date(2024, 8, 2), "张三", _done("2024-06-20", ["法〔2024〕9号", "印发通知"]), None)]
    assert _at(versions, JULY_END).evidence == ["法〔2024〕9号"]


def test_a_deadline_move_is_told_by_whom_the_update_names_else_by_who_committed_it() -> None:
    """Two deadline moves in June: one recorded for 李四 by 张三's commit, one with no name:
    the bulletin says who moved each."""
    moved = {"date": "2024-06-10", "note": "会商同意延期", "by": "李四",
             "changes": [{"field": "due", "before": "2024-12-31", "after": "2025-03-31",
                          "reason": "会商同意延期"}]}
    again = {"date": "2024-06-20", "note": "再次调整",
             "changes": [{"field": "due", "before": "2025-03-31", "after": "2025-06-30",
                          "reason": "再次调整"}]}
    versions: list[Known] = [
        (dt.date(2024, 6, 1), "王五", _item(), None),
        (dt.date(2024, 6, 10), "张三", _item(due="2025-03-31", updates=[moved]), None),
        (dt.date(2024, 6, 20), "张三", _item(due="2025-06-30", updates=[moved, again]), None)]
    standing = fold(life(versions), JUNE_END, dt.date(2024, 6, 1))
    assert standing is not None
    assert [(m.after, m.author, m.reason) for m in standing.moves] == [
        (dt.date(2025, 3, 31), "李四", "会商同意延期"), (dt.date(2025, 6, 30), "张三", "再次调整")]


def test_a_deadline_moved_on_the_first_day_of_the_month_counts_in_that_month() -> None:
    moved = {"date": "2024-06-01", "note": "会商同意延期",
             "changes": [{"field": "due", "before": "2024-12-31", "after": "2025-03-31",
                          "reason": "会商同意延期"}]}
    versions: list[Known] = [
        (dt.date(2024, 5, 6), "王五", _item(), None),
        (dt.date(2024, 6, 1), "张三", _item(due="2025-03-31", updates=[moved]), None)]
    june = fold(life(versions), JUNE_END, dt.date(2024, 6, 1))
    may = fold(life(versions), dt.date(2024, 5, 31), dt.date(2024, 5, 1))
    assert june is not None and may is not None
    assert [(m.before, m.after) for m in june.moves] == [
        (dt.date(2024, 12, 31), dt.date(2025, 3, 31))]
    assert may.moves == ()


def test_feedback_dated_before_its_item_was_entered_counts_from_the_day_it_was_entered() -> None:
    """The item was entered on 2 July; feedback dated 29 June is added the next day: it
    cannot count before the item existed, and July's bulletin shows it."""
    early = [{"date": "2024-06-29", "note": "会前已着手起草"}]
    versions: list[Known] = [(dt.date(2024, 7, 2), "张三", _item(), None),
                             (dt.date(2024, 7, 3), "张三", _item(updates=early), None)]
    assert fold(life(versions), JUNE_END) is None
    assert [u.note for u in _at(versions, JULY_END).updates] == ["会前已着手起草"]


def test_feedback_of_the_months_first_day_committed_after_the_month_counts_as_late() -> None:
    """A note dated 1 June reaches the ledger on 3 July: June's bulletin counts it among the
    updates committed after the month."""
    noted = [{"date": "2024-06-01", "note": "月初报送"}]
    versions: list[Known] = [(dt.date(2024, 5, 6), "张三", _item(), None),
                             (dt.date(2024, 7, 3), "李四", _item(updates=noted), None)]
    june = fold(life(versions), JUNE_END, dt.date(2024, 6, 1))
    assert june is not None and june.late == 1


def test_two_status_changes_on_one_day_leave_that_day_where_the_second_ended() -> None:
    """Started and found blocked on the same day: the item's trend has one point that day,
    blocked, and not the moment in between; a later note that changes neither adds none."""
    item = _item(status="blocked", updates=[
        {"date": "2024-06-10", "note": "已启动（状态：未启动 → 推进中）"},
        {"date": "2024-06-10", "note": "需经费保障（状态：推进中 → 受阻）"},
        {"date": "2024-06-20", "note": "已报请协调经费"}])
    due = dt.date(2024, 12, 31)
    assert dated_states(item, dt.date(2024, 4, 1)) == [
        (dt.date(2024, 4, 1), ("planned", due, None)),
        (dt.date(2024, 6, 10), ("blocked", due, None))]


def test_a_file_whose_last_note_and_closing_fall_on_the_months_last_day_is_dated_by_it() -> None:
    """The quick answer for most items: a file that dates nothing after the month's end is
    the item at that end (a note or a closing on the last day included)."""
    closed = _done("2024-06-30", ["法〔2024〕9号"], updates=[
        {"date": "2024-06-30", "note": "已印发"}])
    assert dated_by(closed, JUNE_END)
    assert not dated_by(closed, dt.date(2024, 6, 29))
    assert not dated_by(_done("2024-07-01", ["法〔2024〕9号"]), JUNE_END)


def test_a_later_version_that_repeats_a_note_or_closes_the_item_adds_to_the_month() -> None:
    """The quick answer's other half: a version committed after the month's end adds
    nothing to it unless it holds a note dated in it (a second "已报送" on the same day is
    a second note) or a closing dated in it."""
    sent = {"date": "2024-06-10", "note": "已报送"}
    then = _item(updates=[sent])
    assert nothing_later(then, then, JUNE_END)
    assert nothing_later(then, _item(updates=[sent, {"date": "2024-07-02", "note": "已会签"}]),
                         JUNE_END)
    assert not nothing_later(then, _item(updates=[sent, sent]), JUNE_END)
    assert not nothing_later(then, _done("2024-06-30", ["法〔2024〕9号"], updates=[sent]),
                             JUNE_END)
    assert nothing_later(then, _done("2024-07-01", ["法〔2024〕9号"], updates=[sent]), JUNE_END)


def test_a_later_version_of_a_closed_item_adds_only_a_moved_closing_day() -> None:
    """Closed on 20 June: a July note adds nothing to June; the closing day moved to 25 June
    does."""
    then = _done("2024-06-20", ["法〔2024〕9号"])
    noted = _done("2024-06-20", ["法〔2024〕9号"],
                  updates=[{"date": "2024-07-02", "note": "已报送总结"}])
    assert nothing_later(then, noted, JUNE_END)
    assert not nothing_later(then, _done("2024-06-25", ["法〔2024〕9号"]), JUNE_END)


# --- corrections (更正) rewrite the past -------------------------------------------------

def test_a_corrected_note_date_moves_the_note_into_the_month_it_was_corrected_to() -> None:
    """A note entered as of 2 July was in fact of 28 June; once the correction is
    committed, June's bulletin shows it on 28 June."""
    drafted = {"date": "2024-06-03", "note": "已起草"}
    signed = {"date": "2024-07-02", "note": "已会签"}
    fix = {"date": "2024-09-05", "update": 2, "was": {"date": "2024-07-02"},
           "now": {"date": "2024-06-28"}, "reason": "填报表进展日期有误，以文中日期为准"}
    versions: list[Known] = [
        (dt.date(2024, 6, 3), "张三", _item(updates=[drafted]), None),
        (dt.date(2024, 7, 3), "张三", _item(updates=[drafted, signed]), None),
        (dt.date(2024, 9, 5), "张三", _item(updates=[drafted, signed], corrections=[fix]), None)]
    june = _at(versions, JUNE_END).updates
    assert [(u.date, u.note) for u in june] == [
        (dt.date(2024, 6, 3), "已起草"), (dt.date(2024, 6, 28), "已会签")]
    assert [u.note for u in _at(versions[:2], JUNE_END).updates] == ["已起草"]


def test_a_corrected_closing_day_moves_the_closing_into_the_month_it_was_corrected_to() -> None:
    """Closed as of 2 July, in fact on 28 June: after the correction June's and July's
    bulletins have the item closed on 28 June; before it, June's had it open."""
    fix = {"date": "2024-09-05", "was": {"done_on": "2024-07-02"},
           "now": {"done_on": "2024-06-28"}, "reason": "以印发日期为准"}
    versions: list[Known] = [
        (dt.date(2024, 5, 6), "张三", _item(), None),
        (dt.date(2024, 7, 3), "张三", _done("2024-07-02", ["法〔2024〕9号"]), None),
        (dt.date(2024, 9, 5), "张三", _done("2024-07-02", ["法〔2024〕9号"], corrections=[fix]),
         None)]
    may, june = _at(versions, dt.date(2024, 5, 31)), _at(versions, JUNE_END)
    assert (may.status, may.done_on) == ("in_progress", None)
    assert (june.status, june.done_on) == ("done", dt.date(2024, 6, 28))
    assert _at(versions, JULY_END).done_on == dt.date(2024, 6, 28)  # and stays so
    assert _at(versions[:2], JUNE_END).status == "in_progress"


def test_an_item_deleted_in_july_stands_at_junes_end_and_is_gone_at_julys() -> None:
    versions: list[Known] = [(dt.date(2024, 5, 6), "张三", _item(), None),
                             (dt.date(2024, 7, 3), "张三", None, None)]
    assert _at(versions, JUNE_END).status == "in_progress"
    assert fold(life(versions), JULY_END) is None
