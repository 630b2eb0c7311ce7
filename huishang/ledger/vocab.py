"""The closed vocabularies of the ledger, in one place and without heavy imports, so that the
models, the views and the command line's choices all agree."""

from __future__ import annotations

from typing import Literal, get_args

Status = Literal["planned", "in_progress", "blocked", "done", "cancelled"]
Level = Literal["national", "provincial", "municipal", "county"]
Colour = Literal["red", "orange", "yellow"]
# The agreed fields of an item, changed only with a recorded reason.
ChangeField = Literal["title", "aspect", "lead", "partners", "owner", "due"]

STATUSES: tuple[str, ...] = get_args(Status)
CLOSED_STATUSES: tuple[str, ...] = ("done", "cancelled")
LEVELS: tuple[str, ...] = get_args(Level)
COLOURS: tuple[Colour, ...] = get_args(Colour)
CHANGE_FIELDS: tuple[str, ...] = get_args(ChangeField)
GROUPINGS: tuple[str, ...] = ("meeting", "aspect", "lead", "unit", "owner", "level")
SORTS: tuple[str, ...] = ("due", "id", "lead", "overdue")
