"""Deadlines as an iCalendar file (RFC 5545): one all-day event per open item on its due date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from huishang.views.query import Row

_PRODID = "-//huishang//会商事项台账//ZH"


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


def ics(rows: Sequence[Row], stamp: dt.datetime) -> str:
    """The calendar of open items with a deadline; `stamp` is DTSTAMP (UTC)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{_PRODID}", "CALSCALE:GREGORIAN",
             "X-WR-CALNAME:会商事项期限"]
    for row in rows:
        item = row.facts
        if row.days_left is None or item.due is None:  # finished or undated
            continue
        due = dt.date.fromisoformat(item.due)
        description = [f"牵头单位：{row.lead}"]
        if row.partners:
            description.append(f"配合单位：{'、'.join(row.partners)}")
        if item.owner:
            description.append(f"责任人：{item.owner}")
        description.append(f"状态：{item.status}")
        lines += [
            "BEGIN:VEVENT",
            f"UID:{item.id}@huishang",
            f"DTSTAMP:{stamp.strftime('%Y%m%dT%H%M%SZ')}",
            f"DTSTART;VALUE=DATE:{due.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(due + dt.timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{_escape(f'【会商事项】{item.title}')}",
            f"DESCRIPTION:{_escape(chr(10).join(description))}",
            f"CATEGORIES:{_escape(row.meeting_id)}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)
