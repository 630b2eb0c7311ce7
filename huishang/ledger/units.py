"""The unit registry (units.yaml): canonical names and the short names people use."""

from __future__ import annotations

from dataclasses import dataclass

from huishang.ledger.models import Unit


@dataclass(frozen=True)
class UnitIndex:
    """Looks up a unit by its full name or any of its short names."""

    units: dict[str, Unit]  # canonical name -> unit
    aliases: dict[str, str]  # every accepted name -> canonical name

    def canonical(self, name: str) -> str | None:
        """The full name for a full or short name, or None when the unit is unknown."""
        return self.aliases.get(name)

    def get(self, name: str) -> Unit | None:
        canonical = self.aliases.get(name)
        return self.units.get(canonical) if canonical else None
