"""The filters a view takes, as given on the command line (`--lead 最高法 --status 推进中`),
resolved against the ledger into a `Filter`: a unit's short name to its full name, a
meeting's unique ending to its id, `14d` to a number of days."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from huishang.errors import HuishangError
from huishang.messages import msg

if TYPE_CHECKING:
    from huishang.views.facts import LedgerFacts
    from huishang.views.query import Filter

# The filter options, in the order `--help` lists them: `list` and `export` take them all,
# other views a few.
FILTERS = ("overdue", "lead", "partner", "unit", "owner", "meeting", "aspect", "status",
           "warning", "due_within", "level", "source")


@dataclass(frozen=True)
class Given:
    """The filters as given: names as people write them, choices as their keys."""

    overdue: bool = False
    lead: str | None = None
    partner: str | None = None
    unit: str | None = None
    owner: str | None = None
    meeting: str | None = None
    aspect: str | None = None
    status: tuple[str, ...] = ()
    warning: tuple[str, ...] = ()
    due_within: str | None = None
    level: tuple[str, ...] = ()
    source: tuple[str, ...] = ()


NO_FILTERS = Given()


def resolve(view: LedgerFacts, given: Given, lang: str) -> Filter:
    """The filter `given` asks for; a unit no item or units.yaml names, an ambiguous
    meeting or a bad span of days is an error (exit 2) naming what was meant, in `lang`."""
    from huishang.views.query import Filter, parse_days  # not at import: `show` needs none

    units = _Units(view, lang)
    return Filter(
        overdue=given.overdue, lead=units.full(given.lead), partner=units.full(given.partner),
        unit=units.full(given.unit), owner=given.owner,
        meeting=_meeting_id(view, given.meeting), aspect=given.aspect,
        statuses=given.status, warnings=given.warning,
        due_within=parse_days(given.due_within) if given.due_within is not None else None,
        levels=given.level, sources=given.source,
    )


class _Units:
    """Full names of units; every unit of every item is collected only when a name is not
    one units.yaml registers."""

    def __init__(self, view: LedgerFacts, lang: str) -> None:
        self.view, self.lang = view, lang
        self.known: set[str] | None = None

    def full(self, name: str | None) -> str | None:
        """The unit's full name; a name no unit has is an error, with the closest named."""
        view = self.view
        if name is None:
            return None
        if name in view.aliases:  # a registered name: no need to look at every item
            return view.canonical(name)
        if self.known is None:
            self.known = set(view.aliases) | {u for f in view.facts() for u in f.units}
        if name not in self.known:
            from huishang.ledger.vocab import closest

            like = list(dict.fromkeys(view.canonical(x) for x in closest(name, self.known)))
            if like:
                raise HuishangError("filter.unknown_unit_like", exit_code=2, unit=name,
                                    like=msg("sep.list", self.lang).join(like))
            raise HuishangError("filter.unknown_unit", exit_code=2, unit=name)
        return view.canonical(name)


def _meeting_id(view: LedgerFacts, ref: str | None) -> str | None:
    """A unique ending of a meeting's id (fa-jian) as the whole id; one that no meeting
    with items ends with is kept as given (it selects nothing)."""
    from huishang.views.query import find_meeting

    if ref is None or any(f.meeting_id == ref for f in view.open_facts):
        return ref
    ids = {f.meeting_id for f in view.facts()}
    return find_meeting(ids, ref) if any(i.endswith(f"-{ref}") for i in ids) else ref
