"""Turn pydantic's validation errors into located problems in the clerk's words."""

from __future__ import annotations

import re
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from huishang.ledger.problems import Problem, problem
from huishang.ledger.yamlfile import Loc, SourceMap, YamlDoc, dotted
from huishang.messages import MESSAGES, type_key

M = TypeVar("M", bound=BaseModel)

# pydantic error type -> our rule code, where the words need no parameters
_SIMPLE = {
    "missing": "field.missing",
    "int_type": "type.integer",
    "int_parsing": "type.integer",
    "int_from_float": "type.integer",
    "bool_type": "type.bool",
    "bool_parsing": "type.bool",
    "list_type": "type.list",
    "model_type": "type.mapping",
    "model_attributes_type": "type.mapping",
    "dict_type": "type.mapping",
    "string_too_short": "value.empty",
    "date_type": "date.invalid",
}


def parse_model(model: type[M], doc: YamlDoc, rel: str) -> tuple[M | None, list[Problem]]:
    """Validate a loaded document against a model; every error becomes a located Problem."""
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        return None, [to_problem(err, doc.source, rel) for err in exc.errors()]


def to_problem(err: ErrorDetails, source: SourceMap, rel: str) -> Problem:
    loc: Loc = tuple(err["loc"])
    kind = err["type"]
    ctx: dict[str, Any] = dict(err.get("ctx") or {})
    if not loc and kind.startswith("correction.") and isinstance(ctx.get("n"), int):
        loc = ("corrections", ctx["n"] - 1)  # the item's rule names the entry it refuses
    value = err.get("input")
    written = source.raw.get(loc)
    shown = written if written is not None else value
    field = dotted(loc)
    if kind == "extra_forbidden":
        return problem(rel, source.key_at(loc), field, "field.unknown")
    if kind == "missing":
        return problem(rel, source.at(loc[:-1]), field, "field.missing")
    pos = source.at(loc)
    if kind in MESSAGES:  # our own PydanticCustomError codes
        return problem(rel, pos, field, kind, **ctx)
    if kind == "string_type":
        if isinstance(value, int | float | bool) and written is not None:
            return problem(rel, pos, field, "type.text_quote", got=type_key(value), value=written)
        return problem(rel, pos, field, "type.text", got=type_key(value))
    if kind in ("literal_error", "enum"):
        choices = ", ".join(re.findall(r"'([^']*)'", str(ctx.get("expected", ""))))
        return problem(rel, pos, field, "value.choice", value=shown, choices=choices,
                       vocab=str(loc[-1]))
    if kind == "too_short":
        return problem(rel, pos, field, "list.too_short", min=ctx.get("min_length", 1))
    if kind in ("greater_than_equal", "less_than_equal"):
        limit = ctx.get("ge", ctx.get("le"))
        code = "value.too_small" if kind == "greater_than_equal" else "value.too_large"
        return problem(rel, pos, field, code, min=limit, max=limit)
    if kind in _SIMPLE:
        return problem(rel, pos, field, _SIMPLE[kind], got=type_key(value), value=shown)
    return problem(rel, pos, field, "value.invalid", detail=err["msg"])
