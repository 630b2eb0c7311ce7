"""The JSON Schemas under schemas/ are current and agree with the models on real files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import MEETING, item_yaml

from huishang.edit.schemas import write_schemas
from huishang.ledger import schema
from huishang.ledger.yamlfile import parse_yaml

ROOT = Path(__file__).parent.parent
SCHEMAS = ROOT / "schemas"


def _validator(name: str) -> jsonschema.Draft202012Validator:
    import json

    doc = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(
        doc, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def _data(text: str) -> Any:
    doc, problems = parse_yaml(text, "x.yaml")
    assert doc is not None, problems
    return doc.data


def _schema_for(path: Path) -> str:
    if path.name == "meeting.yaml":
        return "meeting.schema.json"
    if path.name == "units.yaml":
        return "units.schema.json"
    if path.name == "huishang.yaml":
        return "settings.schema.json"
    return "item.schema.json"


def test_committed_schemas_are_up_to_date() -> None:
    assert schema.stale(SCHEMAS) == [], "run `huishang schema` and commit schemas/"


def test_stale_detects_a_changed_file(tmp_path: Path) -> None:
    write_schemas(tmp_path)
    assert schema.stale(tmp_path) == []
    (tmp_path / "item.schema.json").write_text("{}", encoding="utf-8")
    assert schema.stale(tmp_path) == ["item.schema.json"]
    assert write_schemas(tmp_path) == ["item.schema.json"]


VALID_FILES = [*sorted(p for base in (ROOT / "items", ROOT / "tests/cases/valid") for p in base.rglob("*.yaml")), ROOT / "units.yaml", ROOT / "huishang.yaml"]


@pytest.mark.parametrize("path", VALID_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_schemas_accept_every_valid_file(path: Path) -> None:
    data = _data(path.read_text(encoding="utf-8-sig"))
    errors = list(_validator(_schema_for(path)).iter_errors(data))
    assert errors == []


@pytest.mark.parametrize(
    "text",
    [
        item_yaml(status="no"),
        item_yaml(stauts="done"),
        item_yaml(due="2023-02-30"),
        item_yaml(due="2023年6月12日"),
        item_yaml(title="1.10"),
        item_yaml(title="''"),
        item_yaml(id="'Bad Id'"),
        item_yaml(lead=None),
        item_yaml(escalated="'yes'"),
        item_yaml(owner="{division: 刑一庭, phone: 1}"),
    ],
)
def test_item_schema_rejects_what_the_model_rejects(text: str) -> None:
    from huishang.ledger.models import Item

    data = _data(text)
    assert list(_validator("item.schema.json").iter_errors(data)) != []
    with pytest.raises(ValueError):
        Item.model_validate(data)


def test_meeting_schema_rejects_a_bad_level() -> None:
    data = _data(MEETING.replace("national", "city"))
    assert list(_validator("meeting.schema.json").iter_errors(data)) != []


def test_a_field_left_out_costs_no_deep_copy() -> None:
    """A list left out is made new, not deep-copied from a shared default (a third of
    validating a short item, and history validates every version); the schema still
    shows the default []."""
    import copy
    import sys

    from huishang.ledger.models import Item

    copies: list[object] = []

    def watch(frame: Any, event: str, arg: Any) -> None:
        if event == "call" and frame.f_code is copy.deepcopy.__code__:
            copies.append(frame)

    sys.setprofile(watch)  # pydantic-core calls deepcopy from Rust, through a kept reference
    try:
        one = Item.model_validate({"id": "m1-01", "title": "t", "lead": "x",
                                   "status": "planned"})
        two = Item.model_validate({"id": "m1-02", "title": "t", "lead": "x",
                                   "status": "planned"})
    finally:
        sys.setprofile(None)
    assert copies == []
    assert one.updates == [] and one.updates is not two.updates
    item_schema = json.loads(schema.schema_texts()["item.schema.json"])
    assert item_schema["properties"]["updates"]["default"] == []
