"""The filter options of the views: declared once (cli/filtering.py), the same on every
command that takes them, and resolved in views/filters.py, without the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer
from conftest import WriteLedger, item_yaml

from huishang.cli import load
from huishang.errors import HuishangError
from huishang.ledger.load import load_ledger
from huishang.views.facts import ledger_facts
from huishang.views.filters import FILTERS, Given, resolve

UNITS = "units:\n  - {name: 最高人民法院, short: [最高法]}\n  - {name: 最高人民检察院, short: [最高检]}\n"


def _options(command: str) -> dict[str, Any]:
    """The options of a command as click has them."""
    commands: dict[str, Any] = typer.main.get_command(load()).commands  # type: ignore[attr-defined]
    return {p.name: p for p in commands[command].params if p.name is not None}


def _described(param: Any) -> tuple[object, ...]:
    return (tuple(param.opts), param.help, param.multiple, param.default)


def test_list_and_export_take_the_twelve_filters_alike() -> None:
    listed, exported = _options("list"), _options("export")
    assert len(FILTERS) == 12
    assert set(FILTERS) <= set(listed) and set(FILTERS) <= set(exported)
    for name in FILTERS:
        assert _described(listed[name]) == _described(exported[name]), name


@pytest.mark.parametrize(("command", "names"), [
    ("warnings", ["warning", "lead", "unit", "meeting", "level", "source"]),
    ("progress", ["lead", "unit", "meeting", "level", "source"]),
])
def test_other_views_take_a_few_of_the_same(command: str, names: list[str]) -> None:
    options, listed = _options(command), _options("list")
    assert [n for n in options if n in FILTERS] == names
    for name in names:
        assert _described(options[name]) == _described(listed[name]), name


@pytest.fixture
def ledger(write_ledger: WriteLedger) -> Path:
    meeting = "id: 2023-06-12-fa-jian\ntitle: 会商会\ndate: 2023-06-12\nparties: [最高人民法院]\n"
    return write_ledger({
        "units.yaml": UNITS,
        "items/2023-06-12-fa-jian/meeting.yaml": meeting,
        "items/2023-06-12-fa-jian/2023-06-12-fa-jian-01.yaml": item_yaml(
            "2023-06-12-fa-jian-01", lead="最高检"),
    })


def test_resolve_gives_full_names_ids_and_days(ledger: Path) -> None:
    view = ledger_facts(load_ledger(ledger))
    chosen = resolve(view, Given(lead="最高检", unit="最高人民法院", meeting="fa-jian",
                                 status=("in_progress",), due_within="2w"), "zh")
    assert (chosen.lead, chosen.unit, chosen.meeting) == ("最高人民检察院", "最高人民法院",
                                                          "2023-06-12-fa-jian")
    assert chosen.statuses == ("in_progress",) and chosen.due_within == 14
    assert resolve(view, Given(), "zh") == resolve(view, Given(overdue=False), "en")


@pytest.mark.parametrize(("given", "code", "lang", "words"), [
    (Given(lead="最高发"), "filter.unknown_unit_like", "zh", "最高人民法院、最高人民检察院"),
    (Given(lead="最高发"), "filter.unknown_unit_like", "en", "最高人民法院, 最高人民检察院"),
    (Given(partner="司法部"), "filter.unknown_unit", "zh", "司法部"),
    (Given(due_within="3x"), "option.bad_days", "zh", "3x"),
])
def test_resolve_refuses_what_names_nothing(ledger: Path, given: Given, code: str, lang: str,
                                           words: str) -> None:
    view = ledger_facts(load_ledger(ledger))
    with pytest.raises(HuishangError) as refused:
        resolve(view, given, lang)
    assert refused.value.code == code and refused.value.exit_code == 2
    assert words in " ".join(map(str, refused.value.params.values()))
