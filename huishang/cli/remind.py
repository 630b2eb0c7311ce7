"""The `remind` command: push today's reminders (临近提醒, 到期催办, 未反馈) to the units by
e-mail and webhook, or show who would get what."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from huishang.cli.app import app, say
from huishang.cli.context import CheckFormat, ledger_root
from huishang.cli.options import (
    CommitOpt,
    LangOpt,
    NoCacheOpt,
    RepoOpt,
    Session,
    TextFormatOpt,
    TodayOpt,
    ledger_lock,
    note_problems,
    open_session,
)
from huishang.errors import HuishangError

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from huishang.ledger.records import Ledger
    from huishang.notify.deliver import Attachment, Channels
    from huishang.reports.notice import Notice
    from huishang.views.reminders import Reminder


@app.command()
def remind(
    send: Annotated[bool, typer.Option(
        "--send", help="发送提醒并记入 reminders/YYYY-MM.yaml（默认只预览）Send the reminders "
        "and record each one sent in reminders/YYYY-MM.yaml (default: only show them).")] = False,
    commit: CommitOpt = False,
    fmt: TextFormatOpt = CheckFormat.text,
    no_cache: NoCacheOpt = False,
    repo: RepoOpt = None,
    today: TodayOpt = None,
    lang: LangOpt = None,
) -> None:
    """督办提醒 Remind each unit of the items it leads or supports that are due in exactly
    one of `reminders.before_days` days (临近提醒), overdue (到期催办: on the first overdue
    day, then every `overdue_every_days` days), or, from day `silent_after_day` of the
    month, without any update this month (未反馈, once a month).

    Without --send it only shows who would get what. With --send it mails each unit's
    `contacts` (units.yaml) through HUISHANG_SMTP_URL (smtp://user@host:port, STARTTLS
    when offered, or smtps://; the password in HUISHANG_SMTP_PASSWORD), with its 督办提示函
    attached when it has red or orange items, and posts JSON to HUISHANG_WEBHOOK_URL when
    set; each reminder delivered is recorded in reminders/YYYY-MM.yaml, and one already
    sent today is not sent again. It exits 1 when any reminder failed.

    **Examples**

    ```
    huishang remind
    huishang remind --format json
    huishang remind --send --commit
    huishang remind --today 2024-08-05 --send
    ```
    """
    root = ledger_root(repo)
    session = open_session(root, today, lang, "facts", no_cache=no_cache, only=[])
    note_problems(session)
    channels = _channels(session)
    if not send:
        _preview(session, root, channels, fmt)
        return
    if not channels.smtp_url and not channels.webhook_url:
        raise HuishangError("remind.no_transport", exit_code=2)
    _send(session, root, channels, fmt, commit)


def _plan(session: Session) -> list[Reminder]:
    """Today's reminders, of this ledger's own items (a rolled-up ledger's units are
    reminded by the office that keeps it)."""
    from huishang.views.reminders import reminders
    from huishang.views.tracked import of_facts

    view = session.facts
    own = (of_facts(f) for f in view.facts(open_only=True) if not f.source)
    return reminders(own, session.today, view.reminders, view.thresholds, view.canonical)


def _channels(session: Session) -> Channels:
    from huishang.notify.deliver import Channels

    view = session.facts
    smtp_url = os.environ.get("HUISHANG_SMTP_URL") or None
    webhook_url = os.environ.get("HUISHANG_WEBHOOK_URL") or None
    if smtp_url:
        from huishang.notify.mail import Server

        Server.parse(smtp_url, None)  # a mistyped URL is said before anything is sent
    if webhook_url:
        from huishang.notify.webhook import check_url

        check_url(webhook_url)

    def contacts(unit: str) -> tuple[str, ...]:
        return view.contacts.get(view.canonical(unit), ())

    rules = view.reminders
    return Channels(smtp_url, os.environ.get("HUISHANG_SMTP_PASSWORD"), webhook_url,
                    rules.sender, rules.from_address, contacts)


def _preview(session: Session, root: Path, channels: Channels, fmt: CheckFormat) -> None:
    from huishang.notify.log import already_sent
    from huishang.notify.text import items_json
    from huishang.output.formats import emit_json

    plan = _plan(session)
    sent = already_sent(root, session.today)
    when = session.today.isoformat()
    rows = []
    for r in plan:
        ways = channels.transports(r.unit)
        rows.append((r, ways, [w for w in ways if (r.unit, r.kind, w) in sent]))
    if fmt is CheckFormat.json:
        emit_json({"today": when, "reminders": [
            {"unit": r.unit, "kind": r.kind, "items": items_json(r),
             "to": list(channels.contacts(r.unit)), "transports": ways, "sent_today": done}
            for r, ways, done in rows]})
        return
    if not plan:
        typer.echo(say("remind.none", today=when))
        return
    from huishang.output.table import Column, Sheet, layout
    from huishang.output.terminal import colour_wanted, terminal_width

    sheet = Sheet(say("remind.title", today=when), [
        Column(say("remind.unit")), Column(say("remind.kind"), no_wrap=True),
        Column(say("remind.items")), Column(say("remind.to")),
        Column(say("remind.transport"), no_wrap=True)])
    for r, ways, done in rows:
        shown = [say("remind.sent_today" if w in done else "remind.to_send",
                     transport=say(f"remind.transport.{w}")) for w in ways]
        sheet.add(r.unit, say(f"remind.kind.{r.kind}"),
                  say("sep.list").join(line.item.id for line in r.items),
                  say("sep.list").join(channels.contacts(r.unit))
                  or say("remind.no_contacts"), say("sep.list").join(shown) or "-")
    sheet.caption = say("remind.dry")
    sys.stdout.write(layout(sheet, colour=colour_wanted(sys.stdout),
                            width=terminal_width(sys.stdout)))


def _send(session: Session, root: Path, channels: Channels, fmt: CheckFormat,
          commit: bool) -> None:
    from huishang.notify.deliver import deliver
    from huishang.notify.log import Sent, log_path
    from huishang.output.escape import terminal

    def said(sent: Sent) -> None:
        sys.stderr.write(terminal(say("remind.sent", unit=sent.unit,
                                      kind=say(f"remind.kind.{sent.kind}"),
                                      transport=say(f"remind.transport.{sent.transport}")))
                         + "\n")

    with ledger_lock(root):
        plan = _plan(session)
        for r in plan:
            if not channels.transports(r.unit):
                sys.stderr.write(terminal(say("remind.unreachable", unit=r.unit,
                                              kind=say(f"remind.kind.{r.kind}"))) + "\n")
        done, failed = deliver(root, plan, session.today, session.lang, channels,
                               _attachments(root, session), said)
        for f in failed:
            sys.stderr.write(terminal(say(
                "remind.failed", unit=f.reminder.unit, kind=say(f"remind.kind.{f.reminder.kind}"),
                transport=say(f"remind.transport.{f.transport}"), error=f.error)) + "\n")
        path = log_path(session.today)
        if commit and done:
            from huishang.git import repo as gitrepo

            message = say("commit.remind", date=session.today.isoformat(), n=len(done))
            sha = gitrepo.commit(root, [path], message)
            sys.stderr.write(say("write.committed", sha=sha, message=message) + "\n")
    if fmt is CheckFormat.json:
        from huishang.output.formats import emit_json

        emit_json({"today": session.today.isoformat(), "log": path, "sent": [
            {"unit": s.unit, "kind": s.kind, "items": list(s.items), "transport": s.transport,
             "to": list(s.to), "message_id": s.message_id} for s in done],
            "failed": [{"unit": f.reminder.unit, "kind": f.reminder.kind,
                        "transport": f.transport, "error": f.error} for f in failed]})
    else:
        typer.echo(say("remind.summary", sent=len(done), failed=len(failed), path=path))
    if failed:
        raise typer.Exit(1)


def _attachments(root: Path, session: Session) -> Callable[[str], Attachment | None]:
    """Each unit's 督办提示函 as .docx, made when its first e-mail goes (the ledger is
    loaded, and python-docx imported, then and only then); None for a unit with no red or
    orange item."""
    made: dict[str, Attachment | None] = {}
    found: dict[str, Notice] | None = None
    ledger: Ledger | None = None

    def attachment(unit: str) -> Attachment | None:
        nonlocal found, ledger
        if unit in made:
            return made[unit]
        from huishang.output.docx import document_docx
        from huishang.output.escape import file_name
        from huishang.reports.notice import notice_document, notices
        from huishang.store.files import load_ledger

        if ledger is None or found is None:
            ledger = load_ledger(root)
            found = notices(ledger, session.today)
        notice = found.get(unit)
        settings = ledger.settings.documents
        made[unit] = None if notice is None else (
            say("remind.attachment", unit=file_name(unit)),
            document_docx(notice_document(notice, session.lang, settings=settings),
                          settings, ledger.root, limits=ledger.settings.limits))
        return made[unit]

    return attachment
