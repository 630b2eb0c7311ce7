"""units.yaml from the command line: a unit added or changed with the rest of the file kept
byte for byte, and the result checked as `validate` checks the registry before anything is
written (a name given twice, an unknown parent, a bad e-mail address)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from huishang.edit.changes import Change, Refused, refuse_too_large
from huishang.edit.splice import Editor
from huishang.errors import HuishangError
from huishang.ledger.fielderrors import parse_model
from huishang.ledger.layout import UNITS_FILE
from huishang.ledger.load import load_one
from huishang.ledger.models import Unit, UnitsFile
from huishang.ledger.records import Loaded
from huishang.ledger.rules import build_units
from huishang.ledger.vocab import closest
from huishang.ledger.yamlfile import parse_yaml

# The order a unit's fields are written in; a new field goes after the nearest earlier one.
UNIT_ORDER = ("name", "short", "level", "parent", "maintainers", "contacts")
HEADER = "# yaml-language-server: $schema=schemas/units.schema.json\n"


@dataclass(frozen=True)
class UnitFields:
    """What `unit add` or `unit edit` sets; None leaves a field as it is (a list given
    replaces the list)."""

    short: tuple[str, ...] | None = None
    level: str | None = None
    parent: str | None = None
    maintainers: tuple[str, ...] | None = None
    contacts: tuple[str, ...] | None = None

    def given(self) -> dict[str, Any]:
        values = {key: getattr(self, key) for key in UNIT_ORDER[1:]}
        return {key: list(v) if isinstance(v, tuple) else v
                for key, v in values.items() if v is not None}


def registry(root: Path, max_bytes: int) -> tuple[str, UnitsFile | None]:
    """units.yaml's text and record ("" and None when there is none); refused when the
    file does not read as a registry, as nothing safe could be written into it."""
    path = root / UNITS_FILE
    if not path.exists():
        return "", None
    loaded, problems = load_one(UnitsFile, root, UNITS_FILE, max_bytes)
    if loaded is None:
        raise Refused(problems)
    return path.read_bytes().decode("utf-8-sig"), loaded.record


def add_unit(root: Path, name: str, fields: UnitFields, max_bytes: int) -> Change:
    """units.yaml with a new unit at the end of its list (the file made when missing)."""
    text, record = registry(root, max_bytes)
    entry = {"name": name, **fields.given()}
    if text:
        editor = Editor(text)
        editor.append("units", entry, flow_lists=True, expand_empty=True)
        after = editor.result()
    else:
        editor = Editor(HEADER + "units: []\n")
        editor.append("units", entry, flow_lists=True, expand_empty=True)
        after = editor.result()
    return _checked(root, text, after, lambda: [*(record.units if record else []),
                                                Unit.model_validate(entry)], max_bytes)


def edit_unit(root: Path, name: str, fields: UnitFields, max_bytes: int) -> Change:
    """units.yaml with the fields given of the unit `name` (full or short name) changed."""
    text, record = registry(root, max_bytes)
    if record is None or not record.units:
        raise HuishangError("unit.no_registry", exit_code=2, unit=name)
    index = find_unit(record, name)
    values = fields.given()
    if not values:
        raise HuishangError("unit.nothing", exit_code=2)
    wanted = {**record.units[index].model_dump(exclude_defaults=True), **values}
    try:
        editor = Editor(text, ("units", index), UNIT_ORDER)
        for key, value in values.items():
            editor.set_value(key, value)
    except ValueError:  # an entry written inline, `- {name: 司法部}`: written inline again
        editor = Editor(text)
        editor.replace_entry("units", index, {k: wanted[k] for k in UNIT_ORDER if k in wanted})
    return _checked(root, text, editor.result(), lambda: [
        *record.units[:index], Unit.model_validate(wanted), *record.units[index + 1:]],
        max_bytes)


def find_unit(record: UnitsFile, name: str) -> int:
    """The place in the registry of the unit `name` (its full name or a short name); a
    name it does not hold is refused with the closest names it does."""
    for i, unit in enumerate(record.units):
        if name == unit.name or name in unit.short:
            return i
    full = {alias: u.name for u in record.units for alias in (u.name, *u.short)}
    like = list(dict.fromkeys(full[x] for x in closest(name, full)))
    if like:
        raise HuishangError("filter.unknown_unit_like", exit_code=2, unit=name,
                            like=", ".join(like))
    raise HuishangError("unit.not_registered", exit_code=2, unit=name)


def _checked(root: Path, before: str, after: str, units: Callable[[], list[Unit]],
             max_bytes: int) -> Change:
    """The new registry, judged as `validate` judges it (its size first) and compared with
    what was meant (made only once the new text is judged valid)."""
    refuse_too_large(UNITS_FILE, after, max_bytes)
    doc, problems = parse_yaml(after, UNITS_FILE)
    record = None
    if doc is not None:
        record, problems = parse_model(UnitsFile, doc, UNITS_FILE)
    if record is None or doc is None:
        raise Refused(problems)
    if record.units != units():  # the text surgery went wrong: a bug, never written
        raise RuntimeError(f"edit of {UNITS_FILE} did not produce the intended data")
    _, problems = build_units(Loaded(record, UNITS_FILE, doc.source))
    if problems:
        raise Refused(problems)
    return Change(root / UNITS_FILE, UNITS_FILE, before, after, record)
