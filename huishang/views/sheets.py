"""The ledger views (list, warnings, progress, show) as sheets for people and records for JSON."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from huishang.ledger.vocab import CHANGE_FIELDS
from huishang.messages import field_value, leads_text, msg
from huishang.output.escape import terminal
from huishang.output.table import COLOUR_STYLES, Cell, Column, Sheet, Value
from huishang.views.cells import alert_cell, change_text, reason_text
from huishang.views.earlywarning import COLOURS
from huishang.views.item_columns import ITEM_COLUMNS, layout, row_cells
from huishang.views.progress import Tally
from huishang.views.query import NO_DUE, Row

if TYPE_CHECKING:
    from huishang.git.history import Event, Step

_BAR = 10  # width of the % done bar, in cells


# --- list ------------------------------------------------------------------------------

def list_sheet(found: Sequence[Row], lang: str, title: str) -> Sheet:
    """The list as a table, in the columns of the layout "list" (item_columns.py)."""
    columns = layout("list")
    sheet = Sheet(title, [c.sheet_column(lang) for c in columns],
                  caption=msg("count", lang, n=len(found)))
    cells = row_cells(tuple(columns))
    sheet.rows = [cells(row, lang) for row in found]
    return sheet


# --- warnings ----------------------------------------------------------------------------

def warned(found: Sequence[Row]) -> list[Row]:
    """Rows with a warning, grouped by colour (red first), then lead unit, worst first."""
    rank = {c: i for i, c in enumerate(COLOURS)}
    rows = [r for r in found if r.alert is not None]
    return sorted(rows, key=lambda r: (rank[r.alert.colour] if r.alert else 9, r.facts.leads,
                                       -r.overdue_days, r.facts.due or NO_DUE, r.facts.id))


def warnings_sheet(found: Sequence[Row], lang: str, title: str) -> Sheet:
    """Warnings grouped by colour and lead unit; a group's colour and lead are shown once
    for people, and are on every row as data (CSV), where each row must stand alone."""
    keys = ("warning", "lead", "id", "title", "owner", "due", "warning_reason")
    sheet = Sheet(title, [ITEM_COLUMNS[k].sheet_column(lang) for k in keys])
    counts = dict.fromkeys(COLOURS, 0)
    previous: tuple[str, tuple[str, ...]] | None = None
    for row in found:
        assert row.alert is not None
        counts[row.alert.colour] += 1
        group = (row.alert.colour, row.leads)
        colour, named = alert_cell(row.alert, lang), leads_text(row.leads, lang)
        leads: Value = named
        if group == previous:
            colour, leads = Cell("", data=colour.text), Cell("", data=named)
        previous = group
        f = row.facts
        sheet.add(colour, leads, f.id, f.title, f.owner, f.due or "",
                  reason_text(row.alert, lang))
    sheet.caption = msg("warning_counts", lang, **counts)
    return sheet


# --- progress ------------------------------------------------------------------------------

def bar(ratio: float | None) -> str:
    if ratio is None:
        return "-"
    filled = round(ratio * _BAR)
    return "█" * filled + "░" * (_BAR - filled) + f" {round(ratio * 100):>3d}%"


def progress_sheet(tallies: Sequence[Tally], total: Tally, by: str, lang: str,
                   title: str) -> Sheet:
    """The progress table; % done is a bar for people, a number as data (CSV)."""
    heads = [msg(f"group.{by}", lang), msg("total", lang)]
    heads += [msg(f"status.{s}", lang) for s in total.statuses]
    heads += [msg("overdue_count", lang), msg("done_pct", lang)]
    heads += [msg(f"colour.{c}", lang) for c in COLOURS]
    columns = [Column(heads[0])] + [Column(h, justify="right", no_wrap=True) for h in heads[1:]]
    # the bar reads left to right
    columns[-4] = Column(heads[-4], no_wrap=True, data_header=msg("done_pct_number", lang))
    sheet = Sheet(title, columns)
    for t in tallies:
        sheet.rows.append(_tally_cells(t, _group_label(t, by, lang)))
    sheet.total = _tally_cells(total, msg("totals", lang))
    if by == "lead" and total.shared:
        sheet.caption = msg("progress.joint_leads", lang, n=total.shared)
    return sheet


def _group_label(t: Tally, by: str, lang: str) -> str:
    if by == "level" and t.label:
        return msg(f"level.{t.label}", lang)
    if by == "source" and not t.key:
        return msg("source.own", lang)
    if by == "meeting":
        return f"{t.key} {t.label}" if t.label != t.key else t.key
    if by == "aspect":
        meeting = t.key.split("/")[0]
        return f"{meeting} {t.label or msg('none_group', lang)}"
    return t.label or msg("none_group", lang)


def _tally_cells(t: Tally, name: str) -> list[Value]:
    cells: list[Value] = [Cell(name), Cell(str(t.total))]
    cells += [Cell(str(n)) for n in t.statuses.values()]
    cells.append(Cell(str(t.overdue), "bold red" if t.overdue else ""))
    ratio = t.done_ratio
    cells.append(Cell(bar(ratio), "green",
                      data=f"{ratio * 100:.1f}" if ratio is not None else ""))
    cells += [Cell(str(t.colours[c]), COLOUR_STYLES[c] if t.colours[c] else "")
              for c in COLOURS]
    return cells


def tally_json(t: Tally) -> dict[str, Any]:
    ratio = t.done_ratio
    return {
        "key": t.key,
        "label": t.label,
        "total": t.total,
        **t.statuses,
        "overdue": t.overdue,
        "done_ratio": round(ratio, 4) if ratio is not None else None,
        **t.colours,
    }


# --- history -------------------------------------------------------------------------------

def event_text(event: Event, lang: str) -> str:
    """One history event in words; a change names who asked for it, an update who reported
    it (the commit's author, who recorded it, heads the step)."""
    if event.kind in CHANGE_FIELDS:
        return change_text(event.kind, event.before, event.after, event.detail, event.by, lang)
    text = msg(f"event.{event.kind}", lang,
               before=field_value(event.before, lang, event.kind),
               after=field_value(event.after, lang, event.kind), detail=event.detail.strip())
    if event.by:
        text = msg("event.reported_by", lang, event=text, by=event.by)
    return text


def step_lines(step: Step, lang: str, *, indent: str = "    ") -> list[str]:
    commit = step.commit
    # authors, subjects and old versions of files come from git, unchecked: one line each,
    # no control character
    head = f"{commit.day}  {commit.sha[:9]}  {commit.author} <{commit.email}>  {commit.subject}"
    return [terminal(head)] + [f"{indent}· {terminal(event_text(e, lang))}"
                               for e in step.events]


def step_json(step: Any) -> dict[str, Any]:
    commit = step.commit
    return {"commit": commit.sha, "date": commit.date, "author": commit.author,
            "email": commit.email, "subject": commit.subject, "path": step.path,
            "events": [e.as_json() for e in step.events]}
