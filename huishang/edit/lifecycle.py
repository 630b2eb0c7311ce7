"""The rules of an item's life: which status changes are allowed and what each one needs.

planned → in_progress → done, with blocked and back along the way; cancelled
needs a reason; so does reopening a done or cancelled item; done needs evidence
(no proof, no closing: 销号); a deadline moves only with a reason, which is kept
as a progress update so the change is never silent.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from typing import Any

from huishang.errors import HuishangError
from huishang.ledger.models import Item
from huishang.ledger.yamlfile import CONTROL
from huishang.messages import field_value, join_notes, msg

TRANSITIONS: dict[str, tuple[str, ...]] = {
    "planned": ("in_progress", "blocked", "cancelled"),
    "in_progress": ("blocked", "done", "cancelled"),
    "blocked": ("in_progress", "done", "cancelled"),
    "done": ("in_progress",),
    "cancelled": ("planned", "in_progress"),
}


@dataclass(frozen=True)
class Request:
    """What the user asked `huishang update` to do."""

    date: dt.date
    today: dt.date
    meeting_date: dt.date | None = None  # a progress note may not be older than its meeting
    note: str | None = None
    status: str | None = None
    due: dt.date | None = None
    reason: str | None = None
    evidence: tuple[str, ...] = ()
    done_on: dt.date | None = None
    by: str | None = None
    escalated: bool | None = None
    # The agreed fields, changed only with --reason; None leaves a field as it is.
    title: str | None = None
    lead: tuple[str, ...] | None = None  # one lead, or joint leads (共同牵头)
    partners: tuple[str, ...] | None = None
    division: str | None = None
    person: str | None = None
    aspect: str | None = None


@dataclass(frozen=True)
class Plan:
    """The edits that carry a request out, and a one-line summary of each."""

    values: dict[str, Any] = field(default_factory=dict)  # top-level fields to set
    remove: tuple[str, ...] = ()  # top-level fields to delete
    evidence: tuple[str, ...] = ()  # entries to append to evidence
    updates: tuple[dict[str, Any], ...] = ()  # progress updates to append, oldest first
    summary: tuple[str, ...] = ()


def check_text(option: str, value: str | None) -> None:
    """Refuse a value given on the command line that a ledger file may not hold (a control
    character, U+2028/U+2029, only blanks), before anything is written. An empty value
    means the option was not given."""
    if value and not value.strip():
        raise HuishangError("option.blank", exit_code=2, option=option)
    bad = (CONTROL.search(value) or re.search("\r", value)) if value else None
    if bad:
        raise HuishangError("option.control_char", exit_code=2, option=option,
                            char=f"U+{ord(bad.group()):04X}")


def one_line_ending(value: str | None) -> str | None:
    """Text pasted from Windows (CRLF, or a lone CR) with the line breaks files keep."""
    return value.replace("\r\n", "\n").replace("\r", "\n") if value else value


def plan(item: Item, req: Request, lang: str) -> Plan:
    """Check a request against the item and the rules; the Plan, or a clear refusal."""
    req = replace(req, note=one_line_ending(req.note), reason=one_line_ending(req.reason),
                  by=one_line_ending(req.by),
                  evidence=tuple(one_line_ending(p) or p for p in req.evidence))
    for option, value in (("--note", req.note), ("--reason", req.reason), ("--by", req.by),
                          ("--title", req.title),
                          *(("--lead", unit) for unit in req.lead or ()),
                          ("--owner-division", req.division), ("--owner-person", req.person),
                          ("--aspect", req.aspect),
                          *(("--evidence", proof) for proof in req.evidence),
                          *(("--partner", unit) for unit in req.partners or ())):
        check_text(option, value)
    changes = _field_changes(item, req)
    if req.reason and not changes:
        raise HuishangError("update.reason_without_due", exit_code=2)
    if req.by and not (req.note or req.status or changes or req.escalated is not None):
        raise HuishangError("update.by_without_note", exit_code=2)
    if not any((req.note, req.status, changes, req.evidence, req.done_on,
                req.escalated is not None)):
        raise HuishangError("update.nothing", exit_code=2)
    if req.date > req.today:
        raise HuishangError("update.future", date=req.date.isoformat(),
                            today=req.today.isoformat())
    if req.meeting_date is not None and req.date < req.meeting_date:
        raise HuishangError("update.before_meeting", date=req.date.isoformat(),
                            meeting=req.meeting_date.isoformat())
    values: dict[str, Any] = {}
    remove: list[str] = []
    notes: list[str] = [req.note.strip()] if req.note and req.note.strip() else []
    summary: list[str] = []
    status: str = item.status

    if req.status is not None:
        _check_transition(item, req, lang)
        values["status"] = req.status
        status = req.status
        before, after = (msg(f"status.{s}", lang) for s in (item.status, req.status))
        notes.append(msg("note.status", lang, before=before, after=after))
        summary.append(msg("summary.status", lang, before=before, after=after))
        if item.status == "done":
            remove.append("done_on")

    evidence = (*item.evidence, *req.evidence)
    if status == "done":
        if not evidence:
            raise HuishangError("update.no_evidence")
        if req.status == "done" or req.done_on is not None:
            values["done_on"] = req.done_on or req.date
    elif req.done_on is not None:
        raise HuishangError("update.done_on_not_done", exit_code=2)

    records: list[dict[str, Any]] = []
    if changes:
        if not req.reason or not req.reason.strip():
            raise HuishangError("update.due_no_reason" if list(changes) == ["due"]
                                else "update.change_no_reason", exit_code=2)
        reason = req.reason.strip()
        for name, (before, after) in changes.items():
            values[name] = after
            records.append({"field": name, "before": before, "after": after,
                            "reason": reason})
            summary.append(msg("summary.change", lang, field=msg(f"summary.field.{name}", lang),
                               before=field_value(before, lang, name),
                               after=field_value(after, lang, name)))
        if not notes:  # the reason is the update's note; the record says what changed
            notes.append(reason)

    if req.escalated is not None and req.escalated != item.escalated:
        if req.escalated and not req.note:
            raise HuishangError("update.escalate_no_reason")
        values["escalated"] = req.escalated
        notes.append(msg("note.escalated" if req.escalated else "note.not_escalated", lang))
        summary.append(msg("summary.escalated" if req.escalated else "summary.not_escalated",
                           lang))

    if req.evidence:
        summary.append(msg("summary.evidence", lang, n=len(req.evidence)))

    update = None
    if notes:
        update = {"date": req.date, "note": join_notes(notes, lang)}
        if req.by:
            update["by"] = req.by
        if records:
            update["changes"] = records
        if req.note:
            summary.insert(0, msg("summary.update", lang))
    return Plan(values, tuple(remove), tuple(req.evidence), (update,) if update else (),
                tuple(summary))


def _field_changes(item: Item, req: Request) -> dict[str, tuple[Any, Any]]:
    """The agreed fields the request changes: name -> (before, after), in file order."""
    owner = item.owner.model_dump(exclude_none=True) if item.owner else {}
    wanted_owner = dict(owner)
    if req.division is not None:
        wanted_owner["division"] = req.division
    if req.person is not None:
        wanted_owner["person"] = req.person
    wanted: dict[str, tuple[Any, Any]] = {
        "title": (item.title, req.title),
        "aspect": (item.aspect, req.aspect),
        "lead": (item.lead, _lead_value(req.lead)),
        "partners": (list(item.partners),
                     list(req.partners) if req.partners is not None else None),
        "owner": (owner or None, wanted_owner if wanted_owner != owner else None),
        "due": (item.due, req.due),
    }
    changes = {name: (before, after) for name, (before, after) in wanted.items()
               if after is not None and after != before}
    if req.due is not None and req.due == item.due:
        raise HuishangError("update.due_same", due=req.due.isoformat())
    return changes


def _lead_value(leads: tuple[str, ...] | None) -> str | list[str] | None:
    """The `lead` field as a file writes it: one unit's name, or the list of joint leads."""
    if not leads:
        return None
    return leads[0] if len(leads) == 1 else list(leads)


def status_refusals(item: Item, req: Request, lang: str) -> list[HuishangError]:
    """Every rule of the status lifecycle the request breaks, the step itself first.
    `plan` refuses with the first; an import names them all at the row's status cell."""
    if req.status is None:
        return []
    if req.status == item.status:
        return [HuishangError("update.status_same", status=msg(f"status.{req.status}", lang))]
    found = []
    allowed = TRANSITIONS[item.status]
    if req.status not in allowed:
        names = msg("sep.list", lang).join(msg(f"status.{s}", lang) for s in allowed)
        found.append(HuishangError("update.transition",
                                   before=msg(f"status.{item.status}", lang),
                                   after=msg(f"status.{req.status}", lang), allowed=names))
    if req.status == "cancelled" and not req.note:
        found.append(HuishangError("update.cancel_no_reason"))
    if req.status == "blocked" and not req.note:  # the bulletin's 受阻 section shows why
        found.append(HuishangError("update.block_no_reason"))
    if item.status in ("done", "cancelled") and not req.note:
        found.append(HuishangError("update.reopen_no_reason"))
    if req.status == "done" and not (item.evidence or req.evidence):
        found.append(HuishangError("update.no_evidence"))
    return found


def _check_transition(item: Item, req: Request, lang: str) -> None:
    refused = status_refusals(item, req, lang)
    if refused:
        raise refused[0]
