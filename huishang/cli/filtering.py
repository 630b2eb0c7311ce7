"""The filter options of the views (`--lead`, `--status`, `--overdue`…), declared once and
given to a command with `@filter_options()`: the command receives them as one
`views.filters.Given`, which `views.filters.resolve` turns into a filter."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

from huishang.cli.options import (
    AspectOpt,
    DueWithinOpt,
    LeadOpt,
    LevelOpt,
    MeetingOpt,
    OverdueOpt,
    OwnerOpt,
    PartnerOpt,
    SourceOpt,
    StatusOpt,
    UnitOpt,
    WarningOpt,
)
from huishang.views.filters import FILTERS, Given

# Each filter option: the annotation and default a command's parameter gets.
FILTER_OPTIONS: dict[str, tuple[Any, Any]] = {
    "overdue": (OverdueOpt, False), "lead": (LeadOpt, None), "partner": (PartnerOpt, None),
    "unit": (UnitOpt, None), "owner": (OwnerOpt, None), "meeting": (MeetingOpt, None),
    "aspect": (AspectOpt, None), "status": (StatusOpt, None), "warning": (WarningOpt, None),
    "due_within": (DueWithinOpt, None), "level": (LevelOpt, None),
    "source": (SourceOpt, None),
}

_Command = TypeVar("_Command", bound=Callable[..., Any])


def filter_options(*names: str) -> Callable[[_Command], _Command]:
    """Give a command the filter options `names` (all of them by default, in their order),
    where it has its parameter `filters`, which then receives them as one
    `views.filters.Given`, its choices as their keys."""
    chosen = names or FILTERS

    def decorate(command: _Command) -> _Command:
        signature = inspect.signature(command, eval_str=True)  # as typer reads it
        params: list[inspect.Parameter] = []
        for param in signature.parameters.values():
            if param.name != "filters":
                params.append(param)
                continue
            params += [inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                         annotation=FILTER_OPTIONS[name][0],
                                         default=FILTER_OPTIONS[name][1]) for name in chosen]

        @functools.wraps(command)
        def run(**given: Any) -> Any:
            values = {name: given.pop(name) for name in chosen}
            for name, value in values.items():
                if isinstance(value, list):  # repeated options; choices as their keys
                    values[name] = tuple(getattr(v, "value", v) for v in value)
                elif value is None and FILTER_OPTIONS[name][0] in _REPEATED:
                    values[name] = ()
            return command(**given, filters=Given(**values))

        run.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
        run.__annotations__ = {p.name: p.annotation for p in params}
        return run  # type: ignore[return-value]

    return decorate


_REPEATED = (StatusOpt, WarningOpt, LevelOpt, SourceOpt)
