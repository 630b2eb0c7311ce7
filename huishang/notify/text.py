"""A reminder in words: its subject and a plain-text body a phone shows well, and the JSON
a webhook receives."""

from __future__ import annotations

import datetime as dt
from typing import Any

from huishang.messages import long_date, msg
from huishang.views.reminders import Reminded, Reminder


def subject(reminder: Reminder, lang: str) -> str:
    return msg(f"remind.subject.{reminder.kind}", lang, n=len(reminder.items))


def body(reminder: Reminder, today: dt.date, lang: str, sender: str | None,
         attachment: str | None = None) -> str:
    """The unit, why it is written to, each item in two short lines, what to do, and who
    writes: short lines, no table (a phone's mail shows tables badly)."""
    def t(key: str, **params: object) -> str:
        return msg(key, lang, **params)

    lines = [reminder.unit + t("sep.colon").strip(), "",
             t(f"remind.intro.{reminder.kind}", today=long_date(today, lang),
               n=len(reminder.items)), ""]
    for n, line in enumerate(reminder.items, 1):
        lines.append(f"{n}. {line.item.title}")
        lines.append("   " + t("remind.item", leads=t("sep.list").join(line.leads),
                                 role=t("remind.role.partner") if line.role == "partner"
                                 else "", due=_due(line, lang), when=_when(line, lang)))
    lines += ["", t(f"remind.ask.{reminder.kind}")]
    if attachment:
        lines += ["", t("remind.attached", name=attachment)]
    lines += ["", *([sender] if sender else []), long_date(today, lang)]
    return "\n".join(lines) + "\n"


def _due(line: Reminded, lang: str) -> str:
    due = line.item.due
    return long_date(due, lang) if due is not None else msg("no_due", lang)


def _when(line: Reminded, lang: str) -> str:
    if line.days is None:
        return msg("remind.no_deadline", lang)
    if line.days < 0:
        return msg("remind.days_over", lang, n=-line.days)
    if line.days == 0:
        return msg("remind.due_today", lang)
    return msg("remind.days_left", lang, n=line.days)


def items_json(reminder: Reminder) -> list[dict[str, Any]]:
    """The items as scripts and webhooks read them: `days` left to the deadline (negative
    when overdue, null without one), `colour` the warning (red, orange, yellow or null)."""
    return [{"id": line.item.id, "title": line.item.title,
             "due": line.item.due.isoformat() if line.item.due else None,
             "days": line.days, "colour": line.colour, "role": line.role}
            for line in reminder.items]
