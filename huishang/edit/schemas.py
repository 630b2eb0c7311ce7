"""Writing the JSON Schema files: only those that differ from the models, each atomically."""

from __future__ import annotations

from pathlib import Path

from huishang.edit.atomic import remove_leftovers, write_atomic
from huishang.ledger.schema import schema_texts, stale


def write_schemas(folder: Path) -> list[str]:
    """Write the schema files that changed; returns their names."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = schema_texts()
    for name in texts:  # what an interrupted run left
        remove_leftovers(folder, name)
    changed = stale(folder)
    for name in changed:
        write_atomic(folder / name, texts[name].encode("utf-8"))
    return changed
