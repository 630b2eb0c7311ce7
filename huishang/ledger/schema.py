"""JSON Schema files generated from the models, for editors and other validators."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from huishang.edit.atomic import remove_leftovers, write_atomic
from huishang.ledger.models import Item, Meeting, Settings, UnitsFile

SCHEMA_DIR = "schemas"
MODELS: dict[str, type[BaseModel]] = {
    "meeting.schema.json": Meeting,
    "item.schema.json": Item,
    "units.schema.json": UnitsFile,
    "settings.schema.json": Settings,
}


def schema_texts() -> dict[str, str]:
    """File name -> JSON text of every schema, exactly as committed under schemas/."""
    out = {}
    for name, model in MODELS.items():
        body = model.model_json_schema(mode="validation")
        doc = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": name, **body}
        out[name] = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    return out


def stale(folder: Path) -> list[str]:
    """Names of schema files in `folder` that are missing or differ from the models."""
    found = []
    for name, text in schema_texts().items():
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            found.append(name)
    return found


def write(folder: Path) -> list[str]:
    """Write the schema files that changed; returns their names."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = schema_texts()
    for name in texts:  # what an interrupted run left
        remove_leftovers(folder, name)
    changed = stale(folder)
    for name in changed:
        write_atomic(folder / name, texts[name].encode("utf-8"))
    return changed
