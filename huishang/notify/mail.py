"""E-mail over SMTP: where to send from `HUISHANG_SMTP_URL` (smtp:// with STARTTLS when the
server offers it, or smtps://), the password from `HUISHANG_SMTP_PASSWORD` only (never a
file in the repository), and a reminder as a MIME message with Chinese headers encoded
(RFC 2047) and the attachment named in Chinese (RFC 2231), all by the email package."""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formatdate, make_msgid
from types import TracebackType
from urllib.parse import unquote, urlsplit

from huishang.errors import HuishangError

DOCX = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")
TIMEOUT = 30.0  # seconds: a server that does not answer fails its units, not the run


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    tls: bool  # smtps: TLS from the first byte
    user: str | None
    password: str | None

    @classmethod
    def parse(cls, url: str, password: str | None) -> Server:
        try:  # a bracket left open, or a port that is no number, is a mistyped URL
            parts = urlsplit(url)
            port = parts.port
        except ValueError:
            raise HuishangError("remind.bad_smtp_url", exit_code=2, value=url) from None
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise HuishangError("remind.bad_smtp_url", exit_code=2, value=url)
        tls = parts.scheme == "smtps"
        user = unquote(parts.username) if parts.username else None
        return cls(parts.hostname, port or (465 if tls else 25), tls, user, password)

    def default_from(self) -> str:
        """The address mail is sent from when `reminders.from` is unset."""
        if self.user and "@" in self.user:
            return self.user
        return f"huishang@{self.host}"


def message(*, sender: str | None, from_address: str, to: tuple[str, ...], subject: str,
            body: str, attachment: tuple[str, bytes] | None = None) -> EmailMessage:
    """The reminder as an e-mail: plain text in UTF-8, and the .docx when there is one.
    Each address is parsed as one address (NotOneAddress otherwise), so a contact written
    with a comma or a quote never adds a recipient."""
    mail = EmailMessage(policy=SMTP)
    user, _, domain = from_address.rpartition("@")
    mail["From"] = Address(display_name=sender or "", username=user, domain=domain)
    mail["To"] = tuple(map(_one_address, to))
    mail["Subject"] = subject
    mail["Date"] = formatdate(localtime=True)
    mail["Message-ID"] = make_msgid(domain=domain or None)
    mail.set_content(body)
    if attachment is not None:
        name, data = attachment
        mail.add_attachment(data, maintype=DOCX[0], subtype=DOCX[1], filename=name)
    return mail


class NotOneAddress(ValueError):
    """A contact mail would not read as one address."""

    def __init__(self, address: str) -> None:
        super().__init__(address)
        self.address = address


def _one_address(text: str) -> Address:
    try:  # a bracket or a comma is a parse error, not a ValueError, to the email package
        return Address(addr_spec=text)
    except (ValueError, HeaderParseError):
        raise NotOneAddress(text) from None


class Mailer:
    """One connection for a run's mail, opened when the first message goes; a failure to
    connect fails that message, and the next one tries again."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.smtp: smtplib.SMTP | None = None

    def __enter__(self) -> Mailer:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (OSError, smtplib.SMTPException):
                self.smtp.close()

    def send(self, mail: EmailMessage) -> str:
        """Send one message; its Message-ID. Raises OSError or SMTPException."""
        if self.smtp is None:
            self.smtp = self._connect()
        try:
            self.smtp.send_message(mail)
        except smtplib.SMTPServerDisconnected:
            self.smtp = None
            raise
        return str(mail["Message-ID"])

    def _connect(self) -> smtplib.SMTP:
        s = self.server
        context = ssl.create_default_context()
        smtp: smtplib.SMTP
        if s.tls:
            smtp = smtplib.SMTP_SSL(s.host, s.port, timeout=TIMEOUT, context=context)
        else:
            smtp = smtplib.SMTP(s.host, s.port, timeout=TIMEOUT)
        try:
            smtp.ehlo()
            if not s.tls and smtp.has_extn("starttls"):
                smtp.starttls(context=context)
                smtp.ehlo()
            if s.user and s.password is not None:
                smtp.login(s.user, s.password)
        except BaseException:
            smtp.close()
            raise
        return smtp
