"""Deadlines as an iCalendar file (RFC 5545): one all-day event per open item on its due date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from huishang.messages import msg
from huishang.views.query import Row

_PRODID = "-//huishang//huishang//ZH"


def _escape(text: str) -> str:
    # RFC 5545 3.3.11: backslash, semicolon, comma and newline are escaped in TEXT values
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def _fold(line: str) -> str:
    """Fold a content line at 75 octets, never inside a UTF-8 character (RFC 5545 3.1)."""
    out: list[str] = []
    current = b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current.decode("utf-8"))
            current = b""
        current += encoded
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)


def ics(rows: Sequence[Row], stamp: dt.datetime, lang: str) -> str:
    """The calendar of open items with a deadline, worded in `lang`; `stamp` is DTSTAMP
    (UTC)."""

    def line(code: str, value: str) -> str:
        return f"{msg(code, lang)}{msg('sep.colon', lang)}{value}"

    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{_PRODID}", "CALSCALE:GREGORIAN",
             f"X-WR-CALNAME:{_escape(msg('ics.calendar', lang))}"]
    for row in rows:
        item = row.facts
        if row.days_left is None or item.due is None:  # finished or undated
            continue
        due = dt.date.fromisoformat(item.due)
        description = [line("field.lead", msg("sep.list", lang).join(row.leads))]
        if row.partners:
            description.append(line("field.partners", msg("sep.list", lang).join(row.partners)))
        if item.owner:
            description.append(line("field.owner", item.owner))
        description.append(line("field.status", msg(f"status.{item.status}", lang)))
        lines += [
            "BEGIN:VEVENT",
            f"UID:{item.id}@huishang",
            f"DTSTAMP:{stamp.strftime('%Y%m%dT%H%M%SZ')}",
            f"DTSTART;VALUE=DATE:{due.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(due + dt.timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{_escape(msg('ics.summary', lang, title=item.title))}",
            f"DESCRIPTION:{_escape(chr(10).join(description))}",
            f"CATEGORIES:{_escape(row.meeting_id)}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)
