"""The closed vocabularies of the ledger, in one place and without heavy imports, so that the
models, the views and the command line's choices all agree."""

from __future__ import annotations

from typing import Literal, get_args

Status = Literal["planned", "in_progress", "blocked", "done", "cancelled"]
Level = Literal["national", "provincial", "municipal", "county"]
Colour = Literal["red", "orange", "yellow"]

STATUSES: tuple[str, ...] = get_args(Status)
CLOSED_STATUSES: tuple[str, ...] = ("done", "cancelled")
LEVELS: tuple[str, ...] = get_args(Level)
COLOURS: tuple[Colour, ...] = get_args(Colour)
GROUPINGS: tuple[str, ...] = ("meeting", "aspect", "lead", "unit", "owner", "level")
SORTS: tuple[str, ...] = ("due", "id", "lead", "overdue")
