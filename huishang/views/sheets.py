"""The ledger views (list, warnings, progress, show) as sheets for people and records for JSON."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from huishang.ledger.layout import item_number
from huishang.ledger.vocab import CHANGE_FIELDS
from huishang.messages import field_value, leads_text, msg
from huishang.output.escape import terminal
from huishang.output.table import COLOUR_STYLES, Cell, Column, Sheet, Value
from huishang.views.cells import alert_cell, reason_text, status_cell, timing_cell
from huishang.views.earlywarning import COLOURS
from huishang.views.item_columns import ITEM_COLUMNS, item_json, layout, row_cells
from huishang.views.progress import Tally
from huishang.views.query import NO_DUE, Row

if TYPE_CHECKING:
    from huishang.git.history import Event, Step
    from huishang.ledger.models import Item

_BAR = 10  # width of the % done bar, in cells


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


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


# --- show ----------------------------------------------------------------------------------

def detail_fields(row: Row, lang: str,
                  canonical: Callable[[str], str] = str) -> list[tuple[str, Cell]]:
    """The item's fields as `show` prints them; `canonical` gives a unit's full name, to
    find each partner's owner however its name was written."""
    item, f = row.item, row.facts
    meeting_text = f.meeting_id
    if f.meeting_title is not None:
        where = f"{f.meeting_date}{msg('sep.clause', lang)}{f.meeting_id}"
        meeting_text = f"{f.meeting_title}{msg('paren', lang, text=where)}"
    fields: list[tuple[str, Cell]] = [(msg("meeting", lang), Cell(meeting_text))]
    number = item_number(item.id)
    if number is not None:
        fields.append((msg("field.number", lang), Cell(msg("nth_item", lang, n=number))))
    if f.aspect is not None:
        fields.append((msg("field.aspect", lang), Cell(f"{f.aspect} {f.aspect_title}".strip())))
    fields.append((msg("field.lead", lang), Cell(leads_text(row.leads, lang, document=True))))
    if row.partners:
        named = []
        for unit in row.partners:
            own = item.partner_owner(unit, canonical)
            named.append(unit + (msg("paren", lang, text=own.text) if own else ""))
        fields.append((msg("field.partners", lang), Cell(msg("sep.list", lang).join(named))))
    if item.owner is not None:
        fields.append((msg("field.owner", lang), Cell(item.owner.text)))
    due = _date(item.due)
    timing = timing_cell(row, lang)
    if due and timing.text:
        due = f"{due}{msg('paren', lang, text=timing.text)}"
    fields.append((msg("field.due", lang), Cell(due, timing.style)))
    status = status_cell(item.status, lang)
    if item.carried_to is not None:
        status = Cell(msg("status.carried", lang), status.style)
    if item.escalated:
        status = Cell(f"{status.text}{msg('sep.clause', lang)}{msg('escalated', lang)}",
                      status.style)
    fields.append((msg("field.status", lang), status))
    if row.alert is not None:
        colour = alert_cell(row.alert, lang)
        fields.append((msg("field.warning", lang),
                       Cell(f"{colour.text}{msg('sep.colon', lang)}{reason_text(row.alert, lang)}",
                            colour.style)))
    for key, other in (("carried_from", item.carried_from), ("carried_to", item.carried_to)):
        if other is not None:
            fields.append((msg(f"field.{key}", lang), Cell(other)))
    if item.done_on is not None:
        fields.append((msg("field.done_on", lang), Cell(item.done_on.isoformat())))
    for i, proof in enumerate(item.evidence):
        fields.append((msg("field.evidence", lang) if i == 0 else "", Cell(proof)))
    if item.tags:
        fields.append((msg("field.tags", lang), Cell(msg("sep.list", lang).join(item.tags))))
    if item.notes:
        fields.append((msg("field.notes", lang), Cell(item.notes)))
    for i, line in enumerate(correction_lines(item, lang)):
        fields.append((msg("field.corrections", lang) if i == 0 else "", Cell(line)))
    path = f.path + (f" {msg('illustrative', lang)}" if item.illustrative else "")
    fields.append((msg("field.path", lang), Cell(path, "dim")))
    return fields


def correction_lines(item: Item, lang: str) -> list[str]:
    """Each correction in words, what was recorded beside what is right: 2024-09-05
    更正进展“两院联合发布…”的日期：2024-06-12 → 2024-08-20（进展日期误记；张三）."""
    written, _ = item.as_written()
    lines = []
    for fix in item.corrections:
        why = msg("sep.items", lang).join(p for p in (fix.reason, fix.by) if p)
        for key in ("date", "note", "done_on"):
            was, now = getattr(fix.was, key), getattr(fix.now, key)
            if now is None:
                continue
            what = msg("correction.done_on", lang) if key == "done_on" else msg(
                f"correction.update_{key}", lang,
                note=_short(written[fix.update - 1].note if fix.update else ""))
            lines.append(msg("correction.shown", lang, date=fix.date.isoformat(), what=what,
                             was=str(was if was is not None else "-"), now=str(now),
                             reason=why))
    return lines


def _short(text: str, width: int = 16) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[:width] + "…"


def timeline(row: Row, lang: str, *, numbered: bool = False) -> list[tuple[str, str]]:
    """The item's updates by date: each note of work with who reported it, and each change
    of an agreed field (调整) as a change, from what to what and why; `numbered` as
    `correct --update N` names the updates."""
    steps = []
    for n, u in enumerate(row.item.dated_updates, start=1):
        day = (f"{n}. " if numbered else "") + u.date.isoformat()
        if u.work is not None:
            steps.append((day, u.note.strip() + (msg("paren", lang, text=u.by) if u.by else "")))
        steps += [(day, msg("timeline.change", lang, event=change_text(
            c.field, c.before, c.after, c.reason, u.by or "", lang))) for c in u.changes]
    return steps or [("", msg("no_updates", lang))]


def change_text(field: str, before: object, after: object, reason: str, by: str,
                lang: str) -> str:
    """A change of an agreed field in words, with its reason and who asked for it:
    完成时限：2024-06-30 → 2024-12-31（理由：…；调整人：…）."""
    text = msg(f"event.{field}", lang, before=field_value(before, lang, field),
               after=field_value(after, lang, field), detail="")
    reason = reason.strip()
    if reason and by:
        return msg("event.reason_by", lang, event=text, detail=reason, by=by)
    return msg("event.reason", lang, event=text, detail=reason) if reason else text


def detail_json(row: Row) -> dict[str, Any]:
    """The record as the file has it, its progress notes by date, with units by their full
    names as `list` gives them (the names as written stay under `lead_as_written`,
    `partners_as_written`)."""
    record = row.item.model_dump(mode="json")
    record["updates"] = [u.model_dump(mode="json") for u in row.item.dated_updates]
    derived = item_json(row)
    written = {"lead_as_written": record["lead"], "partners_as_written": record["partners"]}
    return {**record, **{k: derived[k] for k in ("lead", "leads", "partners", "meeting", "overdue",
                                                  "overdue_days", "days_left", "warning",
                                                  "warning_reason", "path")}, **written}


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
