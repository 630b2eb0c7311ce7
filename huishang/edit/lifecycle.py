"""The rules of an item's life: which status changes are allowed and what each one needs.

planned → in_progress → done, with blocked and back along the way; cancelled
needs a reason; so does reopening a done or cancelled item; done needs evidence
(no proof, no closing: 销号); a deadline moves only with a reason, which is kept
as a progress update so the change is never silent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from huishang.errors import HuishangError
from huishang.ledger.models import Item
from huishang.messages import label

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
    note: str | None = None
    status: str | None = None
    due: dt.date | None = None
    reason: str | None = None
    evidence: tuple[str, ...] = ()
    done_on: dt.date | None = None
    by: str | None = None
    escalated: bool | None = None


@dataclass(frozen=True)
class Plan:
    """The edits that carry a request out, and a one-line summary of each."""

    values: dict[str, Any] = field(default_factory=dict)  # top-level fields to set
    remove: tuple[str, ...] = ()  # top-level fields to delete
    evidence: tuple[str, ...] = ()  # entries to append to evidence
    update: dict[str, Any] | None = None  # a progress update to append
    summary: tuple[str, ...] = ()


def refuse(zh: str, en: str, lang: str, code: int = 1) -> HuishangError:
    return HuishangError(zh if lang == "zh" else en, exit_code=code)


def plan(item: Item, req: Request, lang: str) -> Plan:
    """Check a request against the item and the rules; the Plan, or a clear refusal."""
    if req.reason and req.due is None:
        raise refuse("--reason 用于说明期限调整，需与 --due 一起使用",
                     "--reason explains a deadline change and goes with --due", lang, code=2)
    if req.by and not (req.note or req.status or req.due or req.escalated is not None):
        raise refuse("--by 是进展记录的填报人，需与 --note 等一起使用",
                     "--by names who reported an update; use it with --note", lang, code=2)
    if not any((req.note, req.status, req.due, req.evidence, req.done_on,
                req.escalated is not None)):
        raise refuse("没有要更新的内容：请给出 --note、--status、--due、--evidence 等",
                     "nothing to update: give --note, --status, --due, --evidence or others",
                     lang, code=2)
    if req.date > req.today:
        raise refuse(f"进展日期 {req.date} 晚于今天 {req.today}",
                     f"the update date {req.date} is after today {req.today}", lang)
    values: dict[str, Any] = {}
    remove: list[str] = []
    notes: list[str] = [req.note.strip()] if req.note and req.note.strip() else []
    summary: list[str] = []
    status: str = item.status

    if req.status is not None:
        _check_transition(item, req, lang)
        values["status"] = req.status
        status = req.status
        before, after = (label(f"status.{s}", lang) for s in (item.status, req.status))
        notes.append(label("note.status", lang, before=before, after=after))
        summary.append(f"{item.status} → {req.status}")
        if item.status == "done":
            remove.append("done_on")

    evidence = (*item.evidence, *req.evidence)
    if status == "done":
        if not evidence:
            raise refuse("没有办结依据不能销号：请用 --evidence 给出文号、链接或文件",
                         "an item is closed only with proof: give --evidence (a document "
                         "number, a link or a file)", lang)
        if req.status == "done" or req.done_on is not None:
            values["done_on"] = req.done_on or req.date
    elif req.done_on is not None:
        raise refuse("只有办结（done）的事项才有 --done-on",
                     "--done-on is only for items that are done", lang, code=2)

    if req.due is not None:
        if not req.reason or not req.reason.strip():
            raise refuse("调整期限必须说明理由：请加 --reason",
                         "a deadline change must say why: add --reason", lang, code=2)
        if req.due == item.due:
            raise refuse(f"期限已是 {req.due}", f"the deadline is already {req.due}", lang)
        values["due"] = req.due
        old = item.due.isoformat() if item.due else label("no_due", lang)
        notes.append(label("note.due", lang, before=old, after=req.due.isoformat(),
                           reason=req.reason.strip()))
        summary.append(f"due {old} → {req.due.isoformat()}")

    if req.escalated is not None and req.escalated != item.escalated:
        values["escalated"] = req.escalated
        notes.append(label("note.escalated" if req.escalated else "note.not_escalated", lang))
        summary.append("escalated" if req.escalated else "escalation withdrawn")

    if req.evidence:
        summary.append(f"evidence +{len(req.evidence)}")

    update = None
    if notes:
        update = {"date": req.date, "note": " ".join(notes)}
        if req.by:
            update["by"] = req.by
        if req.note:
            summary.insert(0, "update")
    return Plan(values, tuple(remove), tuple(req.evidence), update, tuple(summary))


def _check_transition(item: Item, req: Request, lang: str) -> None:
    assert req.status is not None
    if req.status == item.status:
        raise refuse(f"状态已是 {req.status}", f"the status is already {req.status}", lang)
    allowed = TRANSITIONS[item.status]
    if req.status not in allowed:
        raise refuse(f"不能从 {item.status} 直接改为 {req.status}；可改为：{', '.join(allowed)}",
                     f"cannot go from {item.status} to {req.status}; allowed: "
                     f"{', '.join(allowed)}", lang)
    if req.status == "cancelled" and not req.note:
        raise refuse("撤销事项必须说明理由：请加 --note",
                     "cancelling an item needs a reason: add --note", lang)
    if item.status in ("done", "cancelled") and not req.note:
        raise refuse("重新打开已办结或已撤销的事项必须说明理由：请加 --note",
                     "reopening a done or cancelled item needs a reason: add --note", lang)
