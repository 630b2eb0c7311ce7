"""Sending the day's reminders: each by the transports that reach its unit (e-mail to the
unit's contacts, the webhook), never twice a day, each delivery logged as it happens, and
a failure kept to the reminder it concerns."""

from __future__ import annotations

import datetime as dt
import smtplib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from huishang.messages import msg
from huishang.notify import log
from huishang.notify.text import body, items_json, subject
from huishang.views.reminders import Reminder

if TYPE_CHECKING:
    from huishang.notify.mail import Mailer

Attachment = tuple[str, bytes]  # file name, .docx bytes


@dataclass(frozen=True)
class Channels:
    """How this run can reach units, and as whom it writes."""

    smtp_url: str | None
    smtp_password: str | None
    webhook_url: str | None
    sender: str | None
    from_address: str | None  # `reminders.from`; unset: derived from the SMTP URL
    contacts: Callable[[str], tuple[str, ...]]  # a unit's e-mail addresses

    def transports(self, unit: str) -> list[str]:
        found = []
        if self.smtp_url and self.contacts(unit):
            found.append("email")
        if self.webhook_url:
            found.append("webhook")
        return found


class Failure(NamedTuple):
    reminder: Reminder
    transport: str
    error: str


def pending(reminders: list[Reminder], channels: Channels,
            sent: set[tuple[str, str, str]]) -> Iterator[tuple[Reminder, str]]:
    """Each (reminder, transport) to send: not already sent (see log.already_sent)."""
    for reminder in reminders:
        for transport in channels.transports(reminder.unit):
            if (reminder.unit, reminder.kind, transport) not in sent:
                yield reminder, transport


def deliver(root: Path, reminders: list[Reminder], today: dt.date, lang: str,
            channels: Channels, attachment: Callable[[str], Attachment | None],
            on_sent: Callable[[log.Sent], None] = lambda s: None) -> tuple[
                list[log.Sent], list[Failure]]:
    """Send what is pending and append each delivery to the month's log at once (a run
    stopped half-way keeps the record of what went)."""
    from huishang.notify.mail import NotOneAddress
    from huishang.notify.webhook import WebhookRefused, post

    done: list[log.Sent] = []
    failed: list[Failure] = []
    mailer: Mailer | None = None
    todo = list(pending(reminders, channels, log.already_sent(root, today)))
    try:
        for reminder, transport in todo:
            try:
                if transport == "email":
                    if mailer is None:
                        mailer = _mailer(channels)
                    to, message_id = channels.contacts(reminder.unit), _mail(
                        mailer, reminder, today, lang, channels, attachment)
                else:
                    to, message_id = (), _message_id()
                    assert channels.webhook_url is not None
                    post(channels.webhook_url,
                         webhook_body(reminder, today, lang, channels.sender, message_id))
            except WebhookRefused as exc:
                failed.append(Failure(reminder, transport,
                                      msg("remind.http", lang, status=exc.status)))
            except NotOneAddress as exc:
                failed.append(Failure(reminder, transport,
                                      msg("remind.bad_contact", lang, address=exc.address)))
            except (OSError, smtplib.SMTPException, ValueError) as exc:
                failed.append(Failure(reminder, transport, _reason(exc)))
            else:
                sent = log.Sent(today, reminder.unit, reminder.kind,
                                tuple(line.item.id for line in reminder.items), transport, to,
                                message_id)
                log.append(root, sent)
                done.append(sent)
                on_sent(sent)
    finally:
        if mailer is not None:
            mailer.close()
    return done, failed


def webhook_body(reminder: Reminder, today: dt.date, lang: str, sender: str | None,
                 message_id: str) -> dict[str, object]:
    """The JSON a webhook receives (documented in the README)."""
    return {"unit": reminder.unit, "kind": reminder.kind, "date": today.isoformat(),
            "subject": subject(reminder, lang), "text": body(reminder, today, lang, sender),
            "items": items_json(reminder), "message_id": message_id}


def _mailer(channels: Channels) -> Mailer:
    from huishang.notify.mail import Mailer, Server

    assert channels.smtp_url is not None
    return Mailer(Server.parse(channels.smtp_url, channels.smtp_password))


def _mail(mailer: Mailer, reminder: Reminder, today: dt.date, lang: str, channels: Channels,
          attachment: Callable[[str], Attachment | None]) -> str:
    from huishang.notify.mail import message

    attached = attachment(reminder.unit)
    from_address = channels.from_address or mailer.server.default_from()
    mail = message(sender=channels.sender, from_address=from_address,
                   to=channels.contacts(reminder.unit), subject=subject(reminder, lang),
                   body=body(reminder, today, lang, channels.sender,
                             attached[0] if attached else None),
                   attachment=attached)
    return mailer.send(mail)


def _message_id() -> str:
    from email.utils import make_msgid

    return make_msgid(domain="huishang")


def _reason(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error.decode("utf-8", "replace") if isinstance(
            exc.smtp_error, bytes) else str(exc.smtp_error)
        return f"SMTP {exc.smtp_code} {text}"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "SMTP: " + ", ".join(exc.recipients)
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__
