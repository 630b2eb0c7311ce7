"""One item in full, as `show` gives it: made once from the record (`detail_of`), then
kept in plain values, so the store can keep it and a warm `show` needs neither YAML nor
the models."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from huishang.ledger.layout import item_number
from huishang.messages import leads_text, msg
from huishang.output.table import Cell
from huishang.views.cells import alert_cell, change_text, reason_text, status_cell, timing_cell
from huishang.views.earlywarning import Thresholds
from huishang.views.facts import Facts

if TYPE_CHECKING:
    from huishang.ledger.models import Item
    from huishang.ledger.records import Ledger
    from huishang.views.query import Row

# A change of an agreed field: (field, before, after, reason), the values as JSON has them.
FieldChanged = tuple[str, Any, Any, str]


class DatedNote(NamedTuple):
    """A progress note (落实反馈) by date, and the changes of agreed fields it records."""

    date: str  # YYYY-MM-DD
    work: str | None  # the note as feedback; None when it only gives the changes' reason
    by: str | None
    changes: tuple[FieldChanged, ...]


class Fix(NamedTuple):
    """One value a correction (更正) puts right: the note's date or words, or done_on."""

    date: str  # when the correction was made
    key: str  # "date", "note" or "done_on"
    was: str
    now: str
    note: str  # the corrected note as written ("" for done_on)
    reason: str
    by: str


class Detail(NamedTuple):
    """Everything `show` says of an item, in any language, on any day, and the settings
    it is read by."""

    facts: Facts
    record: dict[str, Any]  # the record as JSON has it, its notes by date
    partner_owners: tuple[str, ...]  # who carries out each partner's share ("" unknown)
    steps: tuple[DatedNote, ...]
    fixes: tuple[Fix, ...]
    lang: str  # the ledger's language, unless --lang says otherwise
    timezone: str  # the ledger's, where "today" is
    thresholds: Thresholds


def detail_of(ledger: Ledger, facts: Facts, item: Item) -> Detail:
    """The item in full, from its record and its facts (views/facts.py)."""
    record = item.model_dump(mode="json")
    dated = item.dated_updates
    record["updates"] = [u.model_dump(mode="json") for u in dated]
    owners = tuple(own.text if (own := item.partner_owner(unit, ledger.canonical)) else ""
                   for unit in facts.partners)
    steps = tuple(DatedNote(u["date"], n.work, n.by, tuple(
        (c["field"], c["before"], c["after"], c["reason"]) for c in u["changes"]))
        for n, u in zip(dated, record["updates"], strict=True))
    written, _ = item.as_written()
    fixes = []
    for fix in item.corrections:
        for key in ("date", "note", "done_on"):
            was, now = getattr(fix.was, key), getattr(fix.now, key)
            if now is not None:
                note = written[fix.update - 1].note if fix.update and key != "done_on" else ""
                fixes.append(Fix(fix.date.isoformat(), key, str(was if was is not None else "-"),
                                 str(now), note, fix.reason, fix.by or ""))
    settings = ledger.settings
    return Detail(facts, record, owners, steps, tuple(fixes), settings.lang, settings.timezone,
                  Thresholds.of(settings.warnings))


def detail_fields(detail: Detail, row: Row, lang: str) -> list[tuple[str, Cell]]:
    """The item's fields as `show` prints them, `row` saying where it stands today."""
    f, record = detail.facts, detail.record
    meeting_text = f.meeting_id
    if f.meeting_title is not None:
        where = f"{f.meeting_date}{msg('sep.clause', lang)}{f.meeting_id}"
        meeting_text = f"{f.meeting_title}{msg('paren', lang, text=where)}"
    fields: list[tuple[str, Cell]] = [(msg("meeting", lang), Cell(meeting_text))]
    number = item_number(f.id)
    if number is not None:
        fields.append((msg("field.number", lang), Cell(msg("nth_item", lang, n=number))))
    if f.aspect is not None:
        fields.append((msg("field.aspect", lang), Cell(f"{f.aspect} {f.aspect_title}".strip())))
    fields.append((msg("field.lead", lang), Cell(leads_text(f.leads, lang, document=True))))
    if f.partners:
        named = [unit + (msg("paren", lang, text=own) if own else "")
                 for unit, own in zip(f.partners, detail.partner_owners, strict=True)]
        fields.append((msg("field.partners", lang), Cell(msg("sep.list", lang).join(named))))
    if record["owner"] is not None:
        fields.append((msg("field.owner", lang), Cell(f.owner)))
    due = f.due or ""
    timing = timing_cell(row, lang)
    if due and timing.text:
        due = f"{due}{msg('paren', lang, text=timing.text)}"
    fields.append((msg("field.due", lang), Cell(due, timing.style)))
    status = status_cell(f.status, lang)
    if record["carried_to"] is not None:
        status = Cell(msg("status.carried", lang), status.style)
    if f.escalated:
        status = Cell(f"{status.text}{msg('sep.clause', lang)}{msg('escalated', lang)}",
                      status.style)
    fields.append((msg("field.status", lang), status))
    if row.alert is not None:
        colour = alert_cell(row.alert, lang)
        fields.append((msg("field.warning", lang),
                       Cell(f"{colour.text}{msg('sep.colon', lang)}{reason_text(row.alert, lang)}",
                            colour.style)))
    for key in ("carried_from", "carried_to"):
        if record[key] is not None:
            fields.append((msg(f"field.{key}", lang), Cell(record[key])))
    if f.done_on is not None:
        fields.append((msg("field.done_on", lang), Cell(f.done_on)))
    for i, proof in enumerate(record["evidence"]):
        fields.append((msg("field.evidence", lang) if i == 0 else "", Cell(proof)))
    if record["tags"]:
        fields.append((msg("field.tags", lang), Cell(msg("sep.list", lang).join(record["tags"]))))
    if record["notes"]:
        fields.append((msg("field.notes", lang), Cell(record["notes"])))
    for i, line in enumerate(correction_lines(detail, lang)):
        fields.append((msg("field.corrections", lang) if i == 0 else "", Cell(line)))
    path = f.path + (f" {msg('illustrative', lang)}" if record["illustrative"] else "")
    fields.append((msg("field.path", lang), Cell(path, "dim")))
    return fields


def correction_lines(detail: Detail, lang: str) -> list[str]:
    """Each correction in words, what was recorded beside what is right: 2024-09-05
    更正进展“两院联合发布…”的日期：2024-06-12 → 2024-08-20（进展日期误记；张三）."""
    lines = []
    for fix in detail.fixes:
        why = msg("sep.items", lang).join(p for p in (fix.reason, fix.by) if p)
        what = msg("correction.done_on", lang) if fix.key == "done_on" else msg(
            f"correction.update_{fix.key}", lang, note=_short(fix.note))
        lines.append(msg("correction.shown", lang, date=fix.date, what=what, was=fix.was,
                         now=fix.now, reason=why))
    return lines


def _short(text: str, width: int = 16) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[:width] + "…"


def timeline(detail: Detail, lang: str, *, numbered: bool = False) -> list[tuple[str, str]]:
    """The item's updates by date: each note of work with who reported it, and each change
    of an agreed field (调整) as a change, from what to what and why; `numbered` as
    `correct --update N` names the updates."""
    steps = []
    for n, step in enumerate(detail.steps, start=1):
        day = (f"{n}. " if numbered else "") + step.date
        if step.work is not None:
            steps.append((day, step.work.strip() + (msg("paren", lang, text=step.by)
                                                    if step.by else "")))
        steps += [(day, msg("timeline.change", lang, event=change_text(
            field, before, after, reason, step.by or "", lang)))
            for field, before, after, reason in step.changes]
    return steps or [("", msg("no_updates", lang))]


def detail_json(detail: Detail, row: Row) -> dict[str, Any]:
    """The record as the file has it, its progress notes by date, with units by their full
    names as `list` gives them (the names as written stay under `lead_as_written`,
    `partners_as_written`)."""
    from huishang.views.item_columns import item_json

    record = detail.record
    written = {"lead_as_written": record["lead"], "partners_as_written": record["partners"]}
    derived = item_json(row, _DERIVED)
    return {**record, **{key: derived[key] for key in _DERIVED}, **written}


# what `show --format json` gives as `list` does, over the record's own fields
_DERIVED = ("lead", "leads", "partners", "meeting", "overdue", "overdue_days", "days_left",
            "warning", "warning_reason", "path")
