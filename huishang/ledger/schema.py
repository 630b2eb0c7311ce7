"""JSON Schema files generated from the models, for editors and other validators."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

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

