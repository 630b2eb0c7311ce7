"""Deadlines and progress dates as offices write them (ledger/dates.py): each form read to
the day it means, and what is not a date refused rather than guessed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import RunCli, WriteLedger
from test_import import MEETING, OFFICE_MERGES, TODAY, UNITS, office_rows, workbook

from huishang.ledger.dates import (
    NO_DEADLINE,
    NO_DUE,
    BadNoteDate,
    loose_date,
    loose_deadline,
    note_date,
)

D = dt.date


@pytest.mark.parametrize(("text", "day"), [
    ("2024年底", D(2024, 12, 31)),
    ("2024年末", D(2024, 12, 31)),
    ("2024年底前", D(2024, 12, 31)),
    ("2024年上半年", D(2024, 6, 30)),
    ("2024年上半年前", D(2024, 6, 30)),
    ("2024年下半年", D(2024, 12, 31)),
    ("2024年第一季度", D(2024, 3, 31)),
    ("2024年第二季度", D(2024, 6, 30)),
    ("2024年第三季度", D(2024, 9, 30)),
    ("2024年第四季度", D(2024, 12, 31)),
    ("2024年第1季度", D(2024, 3, 31)),
    ("2024年第2季度", D(2024, 6, 30)),
    ("2024年第3季度", D(2024, 9, 30)),
    ("2024年第4季度", D(2024, 12, 31)),
    ("２０２４年三季度", D(2024, 9, 30)),  # full-width digits, no 第
    ("9999年底", D(9999, 12, 31)),  # the last year a date can have
    ("0001年底", D(1, 12, 31)),  # and the first
])
def test_a_year_its_halves_and_its_quarters_end_on_their_last_day(text: str,
                                                                   day: dt.date | None) -> None:
    assert loose_deadline(text) == day


@pytest.mark.parametrize(("text", "day"), [
    ("2024年1月底", D(2024, 1, 31)),
    ("2024年12月底", D(2024, 12, 31)),
    ("2024年2月底", D(2024, 2, 29)),  # a leap year
    ("2023年2月末", D(2023, 2, 28)),
    ("2024年6月底前", D(2024, 6, 30)),
    ("2024年11月份", D(2024, 11, 30)),
    ("2024.4", D(2024, 4, 30)),
])
def test_a_month_ends_on_its_own_last_day(text: str, day: dt.date) -> None:
    assert loose_deadline(text) == day


@pytest.mark.parametrize(("text", "day"), [
    ("2024年6月15日前", D(2024, 6, 15)),
    ("2024/6/15之前", D(2024, 6, 15)),
    ("2024-06-15以前", D(2024, 6, 15)),
    ("2024.6.15前。", D(2024, 6, 15)),
])
def test_a_full_date_followed_by_before_is_that_day(text: str, day: dt.date) -> None:
    assert loose_deadline(text) == day


@pytest.mark.parametrize("word", NO_DEADLINE)
def test_every_no_deadline_word_means_no_deadline(word: str) -> None:
    assert loose_deadline(word) is NO_DUE
    assert loose_deadline(f"{word}。") is NO_DUE


def test_the_no_deadline_words_are_those_ledgers_use() -> None:
    # written out, so that dropping a word from the table is noticed here too
    assert set(NO_DEADLINE) == {"长期", "长期坚持", "持续", "持续推进", "长期推进", "常态化",
                                "常态化推进", "无"}


@pytest.mark.parametrize("text", [
    "2024年13月底", "2024年0月底", "2024年第五季度", "0000年底", "0000年6月底",
    "2024年2月30日前", "前", "尽快", "2024年中",
])
def test_what_is_no_deadline_is_refused_not_guessed(text: str) -> None:
    assert loose_deadline(text) is None


def test_an_impossible_date_is_no_date() -> None:
    assert loose_date("2024年2月29日") == D(2024, 2, 29)
    assert loose_date("2023年2月29日") is None
    assert loose_date("2024年13月1日") is None


@pytest.mark.parametrize(("text", "found"), [
    ("2024年8月30日，召开专题会议", (D(2024, 8, 30), "召开专题会议")),
    ("2024.9.30 联合印发规范。", (D(2024, 9, 30), "联合印发规范。")),
    ("2024年8月30日，", None),  # only a date: no note to date
    ("2024年8月30日", None),
    ("召开专题会议", None),
])
def test_a_progress_line_is_dated_only_by_a_real_date_before_its_text(
        text: str, found: tuple[dt.date, str] | None) -> None:
    read = note_date(text)
    assert (None if read is None else (read[0].span(2024)[0], read[1])) == found


@pytest.mark.parametrize("text", ["2024年13月30日，召开专题会议", "2023年2月29日，召开专题会议"])
def test_a_progress_line_starting_with_an_impossible_date_is_refused(text: str) -> None:
    with pytest.raises(BadNoteDate):  # no such month or day: refused, never guessed
        note_date(text)


def test_an_impossible_month_end_is_refused_at_its_cell(run: RunCli, write_ledger: WriteLedger,
                                                         tmp_path: Path) -> None:
    ledger = write_ledger({"units.yaml": UNITS, "items/2024-09-10-hlj/meeting.yaml": MEETING},
                          with_meeting=False)
    rows = office_rows()
    rows[5][6] = "2024年13月底"  # G6: the deadline of item 2
    sheet = workbook(tmp_path / "台账.xlsx", rows, merges=OFFICE_MERGES)
    result = run("import", str(sheet), "--meeting", "2024-09-10-hlj", "--repo", str(ledger),
                 *TODAY)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert f"{sheet}:会商事项台账!G6: 完成时限（年月日）: 无法识别的完成时限“2024年13月底”" \
        in result.stderr
    assert not list((ledger / "items/2024-09-10-hlj").glob("*-0*.yaml"))
