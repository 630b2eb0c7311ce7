"""The record of reminders sent (留痕): reminders/YYYY-MM.yaml in the ledger, one entry per
delivered reminder, appended atomically; and the keys a run must not send again."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from huishang.errors import HuishangError

FOLDER = "reminders"
HEADER = "# appended by huishang remind --send\nreminders:\n"


@dataclass(frozen=True)
class Sent:
    """One delivered reminder as the log keeps it."""

    date: dt.date
    unit: str
    kind: str
    items: tuple[str, ...]  # item ids
    transport: str  # "email" or "webhook"
    to: tuple[str, ...]  # e-mail recipients; empty for a webhook
    message_id: str

    def key(self) -> tuple[str, str, str]:
        return (self.unit, self.kind, self.transport)


def log_path(today: dt.date) -> str:
    """The month's log, relative to the ledger's root."""
    return f"{FOLDER}/{today:%Y-%m}.yaml"


def already_sent(root: Path, today: dt.date) -> set[tuple[str, str, str]]:
    """(unit, kind, transport) not to send again today: those sent today, and silence
    (未反馈) sent any day this month."""
    from huishang.ledger.yamlfile import read_yaml

    rel = log_path(today)
    if not (root / rel).exists():
        return set()
    doc, problems = read_yaml(root / rel, rel)
    if doc is None or problems:
        shown = problems[0].render() if problems else rel
        raise HuishangError("remind.bad_log", problem=shown)
    entries = doc.data.get("reminders") or []
    if not isinstance(entries, list) or not _appendable(root / rel, len(entries)):
        # an entry appended would not be read back (`reminders: []`, another key after
        # the list): refused before anything is sent, not found unreadable after
        raise HuishangError("remind.log_not_list", path=rel)
    found = set()
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        key = (str(entry.get("unit")), str(entry.get("kind")), str(entry.get("transport")))
        if str(entry.get("date")) == today.isoformat() or key[1] == "silent":
            found.add(key)
    return found


def _appendable(path: Path, count: int) -> bool:
    """Whether an entry `append` adds to the file is read back as one more entry."""
    import yaml

    probe = Sent(dt.date(2000, 1, 1), "-", "before", (), "webhook", (), "-")
    try:
        data = yaml.safe_load(_with_entry(path.read_bytes(), probe))
    except yaml.YAMLError:
        return False
    entries = data.get("reminders") if isinstance(data, dict) else None
    return isinstance(entries, list) and len(entries) == count + 1


def _with_entry(before: bytes, sent: Sent) -> bytes:
    if before and not before.endswith(b"\n"):
        before += b"\n"
    return before + entry_text(sent).encode("utf-8")


def entry_text(sent: Sent) -> str:
    """One entry of the list, in the log's own layout (dumped by PyYAML, so any unit name
    or id is quoted as YAML needs)."""
    import yaml

    record = {"date": sent.date, "unit": sent.unit, "kind": sent.kind,
              "items": list(sent.items), "transport": sent.transport,
              **({"to": list(sent.to)} if sent.to else {}), "message_id": sent.message_id}
    text = yaml.safe_dump([record], allow_unicode=True, sort_keys=False, width=10_000,
                          default_flow_style=None)
    return "".join(f"  {line}\n" for line in text.splitlines())


def append(root: Path, sent: Sent) -> None:
    """Add one entry at the end of the month's log, the rest of it byte for byte; the
    file is replaced whole (a reader sees it before or after, never half)."""
    from huishang.edit.atomic import write_atomic

    path = root / log_path(sent.date)
    path.parent.mkdir(exist_ok=True)
    before = path.read_bytes() if path.exists() else HEADER.encode("utf-8")
    write_atomic(path, _with_entry(before, sent))
