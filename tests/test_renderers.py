"""Each output family chooses its renderer by name from one table, and a sheet carries
its data beside what people read, so a view is built once for every format."""

from __future__ import annotations

import pytest

from huishang.cli.options import ReportFormat, ViewFormat
from huishang.cli.reports import DocFormat, NoticeFormat
from huishang.output.document_formats import DOCUMENT_FORMATS, FILE_FORMATS
from huishang.output.formats import SHEET_FORMATS, sheet_csv, sheet_markdown
from huishang.output.problem_formats import PROBLEM_FORMATS
from huishang.output.table import Cell, Column, Sheet, layout


@pytest.mark.parametrize(("choices", "table"), [
    (ViewFormat, SHEET_FORMATS), (ReportFormat, PROBLEM_FORMATS), (DocFormat, DOCUMENT_FORMATS),
    (NoticeFormat, DOCUMENT_FORMATS),
])
def test_every_format_offered_has_its_renderer(choices: type, table: dict[str, object]) -> None:
    assert {c.value for c in choices} <= set(table)
    assert set(FILE_FORMATS) <= set(DOCUMENT_FORMATS)


def test_a_sheet_shows_people_its_text_and_csv_its_data() -> None:
    sheet = Sheet("", [Column("单位"), Column("完成率", data_header="完成率（%）")])
    sheet.add("最高人民法院", Cell("█████░░░░░  50%", "green", data="50.0"))
    sheet.add(Cell("", data="最高人民法院"), Cell("-", data=""))  # a group named once
    assert sheet_csv(sheet).splitlines() == ["\ufeff单位,完成率（%）", "最高人民法院,50.0",
                                             "最高人民法院,"]
    shown = sheet_markdown(sheet) + layout(sheet)
    assert "50.0" not in shown and "完成率（%）" not in shown
    assert sheet_markdown(sheet).splitlines()[-1] == "|  | - |"
