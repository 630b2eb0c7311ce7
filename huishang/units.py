"""The unit registry (units.yaml): canonical names and the short names people use."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from huishang.models import Unit, UnitsFile
from huishang.problems import Problem, problem
from huishang.yamlfile import dotted

if TYPE_CHECKING:
    from huishang.ledger import Loaded


@dataclass(frozen=True)
class UnitIndex:
    """Looks up a unit by its full name or any of its short names."""

    units: dict[str, Unit]  # canonical name -> unit
    aliases: dict[str, str]  # every accepted name -> canonical name

    @classmethod
    def build(cls, loaded: Loaded[UnitsFile]) -> tuple[UnitIndex, list[Problem]]:
        problems: list[Problem] = []
        units: dict[str, Unit] = {}
        aliases: dict[str, str] = {}
        for i, unit in enumerate(loaded.record.units):
            for j, name in enumerate([unit.name, *unit.short]):
                loc: tuple[str | int, ...] = (
                    ("units", i, "name") if j == 0 else ("units", i, "short", j - 1)
                )
                if name in aliases:
                    problems.append(problem(loaded.path, loaded.source.at(loc), dotted(loc),
                                            "unit.duplicate", name=name, other=aliases[name]))
                    continue
                aliases[name] = unit.name
            units.setdefault(unit.name, unit)
        for i, unit in enumerate(loaded.record.units):
            if unit.parent is not None and unit.parent not in aliases:
                loc = ("units", i, "parent")
                problems.append(problem(loaded.path, loaded.source.at(loc), dotted(loc),
                                        "unit.parent_unknown", unit=unit.parent))
        return cls(units, aliases), problems

    def canonical(self, name: str) -> str | None:
        """The full name for a full or short name, or None when the unit is unknown."""
        return self.aliases.get(name)

    def get(self, name: str) -> Unit | None:
        canonical = self.aliases.get(name)
        return self.units.get(canonical) if canonical else None
