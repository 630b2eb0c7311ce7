"""`remind`: which unit is reminded of what on which day, and real deliveries — an SMTP
server (aiosmtpd) and a webhook (http.server) on 127.0.0.1 inside the test receive them."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import MEETING, Repo, RunCli, WriteLedger, item_yaml

from huishang.ledger.models import Item
from huishang.views.earlywarning import Thresholds
from huishang.views.reminders import Rules, reminders
from huishang.views.tracked import of_item

TODAY = "2024-08-05"
COURT, PROCURATORATE, MINISTRY = "最高人民法院", "最高人民检察院", "司法部"
UNITS = f"""units:
  - name: {COURT}
    short: [最高法]
    contacts: [yanjiushi@court.example.cn, duban@court.example.cn]
  - name: {PROCURATORATE}
    contacts: [duban@spp.example.cn]
  - name: {MINISTRY}
"""
SETTINGS = "reminders:\n  sender: 会商办公室\n  from: huishang@office.example.cn\n"


def _item(item_id: str, lead: str, due: str, status: str = "in_progress",
          updates: str = "2024-07-01", **more: str) -> str:
    fields = {"lead": lead, "due": due, "status": status,
              "updates": f"[{{date: {updates}, note: 推进中}}]", **more}
    if status == "done":
        fields |= {"done_on": updates, "evidence": "[某文]"}
    return item_yaml(item_id, **fields)


FILES = {
    "units.yaml": UNITS,
    "huishang.yaml": SETTINGS,
    # due in 7 days: 临近提醒 for the court, and for the procuratorate that supports it
    "items/m1/m1-01.yaml": _item("m1-01", COURT, "2024-08-12", updates="2024-08-01",
                                 partners=f"[{PROCURATORATE}]", title="统一量刑建议审查标准"),
    # one day overdue: the first 到期催办
    "items/m1/m1-02.yaml": _item("m1-02", "最高法", "2024-08-04", title="规范二审开庭出庭意见"),
    # eight days overdue: the second 到期催办 (7 days after the first)
    "items/m1/m1-03.yaml": _item("m1-03", PROCURATORATE, "2024-07-28", title="建立检察建议办理规程"),
    # due in 3 days; the ministry has no contacts
    "items/m1/m1-04.yaml": _item("m1-04", MINISTRY, "2024-08-08", title="规范司法鉴定管理"),
    # done: never reminded; due in 2 days: not a reminder day
    "items/m1/m1-05.yaml": _item("m1-05", PROCURATORATE, "2024-08-06", "done"),
    "items/m1/m1-06.yaml": _item("m1-06", COURT, "2024-08-07"),
}


# ---- which reminder on which day (the pure function) ----

def _one(due: str, status: str = "in_progress", updates: tuple[str, ...] = ()) -> Item:
    return Item.model_validate({"id": "x-01", "title": "事项", "lead": COURT, "due": due,
                                "status": status,
                                "updates": [{"date": d, "note": "进展"} for d in updates]})


THRESHOLDS = Thresholds(30, 60, 60, 14, 60)


def test_reminded_on_exactly_the_days_before_and_every_seventh_day_overdue() -> None:
    item = _one("2024-03-10")
    rules = Rules((7, 3, 1), 7, 32)  # no silence in this test
    days: dict[str, list[int]] = {"before": [], "overdue": []}
    start = dt.date(2024, 2, 1)
    for n in range(100):
        today = start + dt.timedelta(days=n)
        for r in reminders([of_item(item, dt.date(2024, 1, 1))], today, rules, THRESHOLDS):
            days[r.kind].append((today - dt.date(2024, 3, 10)).days)
    assert days == {"before": [-7, -3, -1], "overdue": [1, 8, 15, 22, 29, 36, 43, 50, 57]}


def test_silence_from_the_configured_day_for_units_without_an_update_this_month() -> None:
    quiet, spoken = _one("2025-01-01"), _one("2025-01-01", updates=("2024-08-02",))
    rules = Rules((7,), 7, 25)
    day = dt.date(2024, 8, 24)
    assert reminders([of_item(quiet, None)], day, rules, THRESHOLDS) == []
    late = reminders([of_item(quiet, None)], day + dt.timedelta(days=1), rules, THRESHOLDS)
    assert [(r.unit, r.kind, len(r.items)) for r in late] == [(COURT, "silent", 1)]
    assert reminders([of_item(quiet, None), of_item(spoken, None)], dt.date(2024, 8, 26),
                     rules, THRESHOLDS) == []


# ---- the preview ----

def test_the_preview_says_who_would_get_what_and_sends_nothing(
        run: RunCli, write_ledger: WriteLedger) -> None:
    root = write_ledger(FILES)
    result = run("remind", "--repo", str(root), "--today", TODAY, "--format", "json")
    assert result.exit_code == 0, result.output
    got = json.loads(result.stdout)
    assert [(r["unit"], r["kind"], [i["id"] for i in r["items"]], r["to"])
            for r in got["reminders"]] == [
        (MINISTRY, "before", ["m1-04"], []),
        (PROCURATORATE, "before", ["m1-01"], ["duban@spp.example.cn"]),
        (PROCURATORATE, "overdue", ["m1-03"], ["duban@spp.example.cn"]),
        (COURT, "before", ["m1-01"], ["yanjiushi@court.example.cn", "duban@court.example.cn"]),
        (COURT, "overdue", ["m1-02"], ["yanjiushi@court.example.cn", "duban@court.example.cn"]),
    ]
    assert got["reminders"][4]["items"] == [{
        "id": "m1-02", "title": "规范二审开庭出庭意见", "due": "2024-08-04", "days": -1,
        "colour": "orange", "role": "lead"}]
    assert got["reminders"][1]["items"][0]["role"] == "partner"
    assert not (root / "reminders").exists()
    table = run("remind", "--repo", str(root), "--today", TODAY)
    assert table.exit_code == 0
    assert "以上为预览，未发送；加 --send 发送。" in table.stdout
    assert "（units.yaml 未填 contacts）" in table.stdout


def test_send_without_any_transport_is_refused(run: RunCli, write_ledger: WriteLedger,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HUISHANG_SMTP_URL", raising=False)
    monkeypatch.delenv("HUISHANG_WEBHOOK_URL", raising=False)
    result = run("remind", "--send", "--repo", str(write_ledger(FILES)), "--today", TODAY)
    assert result.exit_code == 2
    assert "HUISHANG_SMTP_URL" in result.stderr


# ---- a real SMTP server ----

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Inbox:
    """What the SMTP server received; a recipient named in `refuse` is refused (550)."""

    def __init__(self) -> None:
        self.mails: list[tuple[list[str], EmailMessage]] = []
        self.refuse: set[str] = set()
        self.sessions: list[tuple[bool, bool]] = []  # (over TLS, authenticated) per message

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          options: list[str]) -> str:
        if address in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        mail = message_from_bytes(envelope.content, policy=default)
        assert isinstance(mail, EmailMessage)
        self.mails.append((list(envelope.rcpt_tos), mail))
        self.sessions.append((session.ssl is not None, session.authenticated))
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def _env(monkeypatch: pytest.MonkeyPatch, smtp_url: str | None = None,
         webhook_url: str | None = None) -> None:
    for name, value in (("HUISHANG_SMTP_URL", smtp_url), ("HUISHANG_WEBHOOK_URL", webhook_url)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")  # nothing leaves the machine
    monkeypatch.delenv("HUISHANG_SMTP_PASSWORD", raising=False)


def _log(root: Path) -> list[dict[str, Any]]:
    path = root / "reminders/2024-08.yaml"
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))["reminders"]
    assert isinstance(entries, list)
    return entries


def test_mail_reaches_each_unit_with_its_notice_attached(
        run: RunCli, write_ledger: WriteLedger, smtp: tuple[Inbox, int],
        monkeypatch: pytest.MonkeyPatch) -> None:
    inbox, port = smtp
    _env(monkeypatch, smtp_url=f"smtp://127.0.0.1:{port}")
    root = write_ledger(FILES)
    result = run("remind", "--send", "--repo", str(root), "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert "司法部（临近提醒）无法发送" in result.stderr  # no contacts, no webhook
    assert result.stdout == "共发送 4 条提醒，失败 0 条，已记录于 reminders/2024-08.yaml\n"
    got = {(str(m["To"]), str(m["Subject"])): (rcpt, m) for rcpt, m in inbox.mails}
    court = "yanjiushi@court.example.cn, duban@court.example.cn"
    assert sorted(got) == [
        ("duban@spp.example.cn", "【临近提醒】1项会商事项即将到期"),
        ("duban@spp.example.cn", "【到期催办】1项会商事项已逾期"),
        (court, "【临近提醒】1项会商事项即将到期"),
        (court, "【到期催办】1项会商事项已逾期")]
    rcpt, mail = got[(court, "【到期催办】1项会商事项已逾期")]
    assert rcpt == ["yanjiushi@court.example.cn", "duban@court.example.cn"]
    raw = mail.as_bytes()
    assert b"=?utf-8?" in raw.split(b"\n\n", 1)[0].lower()  # the headers are RFC 2047 words
    assert mail["From"].addresses[0].display_name == "会商办公室"
    assert mail["From"].addresses[0].addr_spec == "huishang@office.example.cn"
    text = mail.get_body(("plain",))
    assert text is not None
    assert text.get_content().replace("\r\n", "\n") == (
        "最高人民法院：\n\n"
        "根据会商事项台账，截至2024年8月5日，贵单位牵头或配合的以下1项事项已超过完成时限：\n\n"
        "1. 规范二审开庭出庭意见\n"
        "   牵头单位：最高人民法院；完成时限：2024年8月4日（已逾期1天）\n\n"
        "请高度重视，分析原因，加快推进，并及时书面反馈落实情况。\n\n"
        "附件：督办提示函-最高人民法院.docx\n\n"
        "会商办公室\n2024年8月5日\n")
    attachments = list(mail.iter_attachments())
    assert [a.get_filename() for a in attachments] == ["督办提示函-最高人民法院.docx"]
    import docx

    document = docx.Document(io.BytesIO(attachments[0].get_content()))
    words = "\n".join(p.text for p in document.paragraphs)
    assert "督办提示函" in words and "最高人民法院" in words
    partner = got[("duban@spp.example.cn", "【临近提醒】1项会商事项即将到期")][1]
    body = partner.get_body(("plain",))
    assert body is not None
    assert "   牵头单位：最高人民法院（贵单位配合）；完成时限：2024年8月12日（还有7天）\n" \
        in body.get_content().replace("\r\n", "\n")

    entries = _log(root)
    assert [(e["date"], e["unit"], e["kind"], e["items"], e["transport"], e["to"])
            for e in entries] == [
        (dt.date(2024, 8, 5), PROCURATORATE, "before", ["m1-01"], "email",
         ["duban@spp.example.cn"]),
        (dt.date(2024, 8, 5), PROCURATORATE, "overdue", ["m1-03"], "email",
         ["duban@spp.example.cn"]),
        (dt.date(2024, 8, 5), COURT, "before", ["m1-01"], "email",
         ["yanjiushi@court.example.cn", "duban@court.example.cn"]),
        (dt.date(2024, 8, 5), COURT, "overdue", ["m1-02"], "email",
         ["yanjiushi@court.example.cn", "duban@court.example.cn"])]
    assert {e["message_id"] for e in entries} == {str(m["Message-ID"]) for _, m in inbox.mails}

    again = run("remind", "--send", "--repo", str(root), "--today", TODAY)
    assert again.exit_code == 0
    assert again.stdout.startswith("共发送 0 条提醒")
    assert len(inbox.mails) == 4 and len(_log(root)) == 4
    preview = run("remind", "--repo", str(root), "--today", TODAY, "--format", "json")
    assert [r["sent_today"] for r in json.loads(preview.stdout)["reminders"]] == [
        [], ["email"], ["email"], ["email"], ["email"]]
    validate = run("validate", "--repo", str(root))
    assert validate.exit_code == 0, validate.output


def test_a_refused_recipient_fails_its_unit_only(
        run: RunCli, write_ledger: WriteLedger, smtp: tuple[Inbox, int],
        monkeypatch: pytest.MonkeyPatch) -> None:
    inbox, port = smtp
    inbox.refuse = {"duban@spp.example.cn"}
    _env(monkeypatch, smtp_url=f"smtp://127.0.0.1:{port}")
    root = write_ledger(FILES)
    result = run("remind", "--send", "--repo", str(root), "--today", TODAY, "--format", "json")
    assert result.exit_code == 1
    got = json.loads(result.stdout)
    assert [(f["unit"], f["kind"]) for f in got["failed"]] == [
        (PROCURATORATE, "before"), (PROCURATORATE, "overdue")]
    assert "duban@spp.example.cn" in got["failed"][0]["error"]
    assert [(e["unit"], e["kind"]) for e in _log(root)] == [(COURT, "before"), (COURT, "overdue")]
    assert len(inbox.mails) == 2
    inbox.refuse = set()  # the next run sends what failed, and only that
    again = run("remind", "--send", "--repo", str(root), "--today", TODAY)
    assert again.exit_code == 0
    assert [(e["unit"], e["kind"]) for e in _log(root)][2:] == [
        (PROCURATORATE, "before"), (PROCURATORATE, "overdue")]


@pytest.mark.parametrize(("log", "words"), [
    ("reminders: [\n", "reminders/2024-08.yaml:2:1: YAML"),
    ("reminders: 5\n", "reminders/2024-08.yaml 的 reminders 应为逐条列出的列表"),
    ("reminders: []\n", "reminders/2024-08.yaml 的 reminders 应为逐条列出的列表"),
    ("reminders:\n  - {date: 2024-08-01, unit: 甲, kind: before, transport: email}\nnote: x\n",
     "reminders/2024-08.yaml 的 reminders 应为逐条列出的列表")])
def test_a_log_that_cannot_be_read_or_appended_to_sends_nothing(
        run: RunCli, write_ledger: WriteLedger, smtp: tuple[Inbox, int],
        monkeypatch: pytest.MonkeyPatch, log: str, words: str) -> None:
    """A broken month's log, or one an entry appended to would not be read back from (the
    list written in brackets, a key after it), is said at its place before anything is
    sent: never a reminder sent and then left out of the record, or sent twice."""
    inbox, port = smtp
    _env(monkeypatch, smtp_url=f"smtp://127.0.0.1:{port}")
    root = write_ledger({**FILES, "reminders/2024-08.yaml": log})
    result = run("remind", "--send", "--repo", str(root), "--today", TODAY)
    assert result.exit_code == 1, result.output
    assert words in result.stderr
    assert inbox.mails == []
    assert (root / "reminders/2024-08.yaml").read_text(encoding="utf-8") == log


@pytest.mark.parametrize("contact", ["x,evil@spp.example.cn", "<duban@spp.example.cn>"])
def test_a_contact_that_is_not_one_address_adds_no_recipient(
        run: RunCli, write_ledger: WriteLedger, smtp: tuple[Inbox, int],
        monkeypatch: pytest.MonkeyPatch, contact: str) -> None:
    """units.yaml's check takes "x,evil@spp.example.cn" or "<duban@…>" for an address; mail
    would read the one as two and not read the other, so that unit's mail fails, saying
    why in the clerk's language, and the others go."""
    inbox, port = smtp
    _env(monkeypatch, smtp_url=f"smtp://127.0.0.1:{port}")
    units = UNITS.replace("[duban@spp.example.cn]", f'["{contact}"]')
    root = write_ledger({**FILES, "units.yaml": units})
    result = run("remind", "--send", "--repo", str(root), "--today", TODAY, "--format", "json")
    assert result.exit_code == 1, result.output
    failed = json.loads(result.stdout)["failed"]
    assert [(f["unit"], f["transport"]) for f in failed] == [
        (PROCURATORATE, "email"), (PROCURATORATE, "email")]
    assert failed[0]["error"] == f"units.yaml 中的收件地址“{contact}”不是一个电子邮箱地址"
    assert sorted(a for rcpt, _ in inbox.mails for a in rcpt) == [
        "duban@court.example.cn", "duban@court.example.cn", "yanjiushi@court.example.cn",
        "yanjiushi@court.example.cn"]


def _certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, made by the openssl command."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return cert, key


@pytest.mark.parametrize(("password", "delivered"), [("s3cret", 4), ("wrong", 0)])
def test_starttls_when_offered_then_login_with_the_password_from_the_environment(
        run: RunCli, write_ledger: WriteLedger, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, password: str, delivered: int) -> None:
    import shutil
    import ssl

    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword

    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command to make a certificate")
    cert, key = _certificate(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)

    def authenticator(server: Any, session: Any, envelope: Any, mechanism: str,
                      data: Any) -> AuthResult:
        good = data == LoginPassword(b"clerk@court.example.cn", b"s3cret")
        return AuthResult(success=good, handled=False)  # the server answers 535 if not

    inbox, port = Inbox(), _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, tls_context=context,
                            require_starttls=True, auth_required=True,
                            authenticator=authenticator)
    controller.start()
    try:
        _env(monkeypatch, smtp_url=f"smtp://clerk%40court.example.cn@127.0.0.1:{port}")
        monkeypatch.setenv("HUISHANG_SMTP_PASSWORD", password)
        monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # the test's certificate is trusted
        root = write_ledger({**FILES, "huishang.yaml": "reminders:\n  sender: 会商办公室\n"})
        result = run("remind", "--send", "--repo", str(root), "--today", TODAY)
    finally:
        controller.stop()
    assert result.exit_code == (0 if delivered else 1), result.output
    assert len(inbox.mails) == delivered
    assert inbox.sessions == [(True, True)] * delivered
    # no `from` in huishang.yaml: mail comes from the SMTP user, an address
    assert {m["From"].addresses[0].addr_spec for _, m in inbox.mails} <= {
        "clerk@court.example.cn"}
    if not delivered:
        assert "535" in result.stderr  # the server's answer to a wrong password
        assert not (root / "reminders").exists()


# ---- a real webhook ----

class Hook:
    def __init__(self) -> None:
        self.bodies: list[dict[str, Any]] = []
        self.fail_for: set[str] = set()


@pytest.fixture
def hook() -> Iterator[tuple[Hook, str]]:
    seen = Hook()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers["Content-Length"])
            body = json.loads(self.rfile.read(length).decode("utf-8"))
            assert self.headers["Content-Type"] == "application/json; charset=utf-8"
            failing = body["unit"] in seen.fail_for
            if not failing:
                seen.bodies.append(body)
            self.send_response(503 if failing else 200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:  # keep the test's output clean
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield seen, f"http://127.0.0.1:{server.server_address[1]}/hook"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_the_webhook_gets_each_reminder_and_a_5xx_is_a_failure(
        run: RunCli, write_ledger: WriteLedger, hook: tuple[Hook, str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    seen, url = hook
    seen.fail_for = {MINISTRY}
    _env(monkeypatch, webhook_url=url)
    root = write_ledger(FILES)
    result = run("remind", "--send", "--repo", str(root), "--today", TODAY)
    assert result.exit_code == 1
    assert "发送失败：司法部（临近提醒，Webhook）：对方返回 HTTP 503" in result.stderr
    assert [(b["unit"], b["kind"]) for b in seen.bodies] == [
        (PROCURATORATE, "before"), (PROCURATORATE, "overdue"), (COURT, "before"),
        (COURT, "overdue")]
    body = seen.bodies[3]
    assert body["items"] == [{"id": "m1-02", "title": "规范二审开庭出庭意见", "due": "2024-08-04",
                              "days": -1, "colour": "orange", "role": "lead"}]
    assert body["subject"] == "【到期催办】1项会商事项已逾期"
    assert body["date"] == TODAY and body["text"].startswith("最高人民法院：\n")
    entries = _log(root)
    assert [(e["unit"], e["transport"], e["message_id"]) for e in entries] == [
        (b["unit"], "webhook", b["message_id"]) for b in seen.bodies]
    assert "to" not in entries[0]


def test_a_refused_connection_fails_the_mail_and_the_webhook_still_goes(
        run: RunCli, write_ledger: WriteLedger, hook: tuple[Hook, str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    seen, url = hook
    _env(monkeypatch, smtp_url=f"smtp://127.0.0.1:{_free_port()}", webhook_url=url)
    root = write_ledger(FILES)
    result = run("remind", "--send", "--repo", str(root), "--today", TODAY, "--format", "json")
    assert result.exit_code == 1
    got = json.loads(result.stdout)
    assert [(f["unit"], f["transport"]) for f in got["failed"]] == [
        (PROCURATORATE, "email"), (PROCURATORATE, "email"), (COURT, "email"), (COURT, "email")]
    assert {e["transport"] for e in _log(root)} == {"webhook"}
    assert len(_log(root)) == len(seen.bodies) == 5


def test_send_commit_records_the_log_in_git(
        run: RunCli, tmp_path: Path, hook: tuple[Hook, str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    _, url = hook
    _env(monkeypatch, webhook_url=url)
    (tmp_path / "ledger").mkdir()
    repo = Repo(tmp_path / "ledger")
    for rel, text in {"items/m1/meeting.yaml": MEETING, **FILES}.items():
        repo.write(rel, text)
    repo.commit("ledger")
    result = run("remind", "--send", "--commit", "--repo", str(repo.root), "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert repo.git("log", "-1", "--format=%s").strip() == "督办提醒：2024-08-05 发送 5 条"
    assert repo.git("status", "--porcelain").strip() == ""
    assert repo.git("show", "--name-only", "--format=").split() == ["reminders/2024-08.yaml"]


@pytest.mark.parametrize(("name", "url", "words"), [
    ("smtp_url", "mail.court.example.cn:25", "HUISHANG_SMTP_URL 应为 smtp://user@host:port 或 "),
    ("smtp_url", "smtp://[::1", "HUISHANG_SMTP_URL 应为 smtp://user@host:port 或 "),
    ("smtp_url", "smtp://u@h:99999", "HUISHANG_SMTP_URL 应为 smtp://user@host:port 或 "),
    ("webhook_url", "ftp://hook.example.cn/", "HUISHANG_WEBHOOK_URL 应为 http(s)://host/path"),
    ("webhook_url", "http://[::1", "HUISHANG_WEBHOOK_URL 应为 http(s)://host/path"),
    ("webhook_url", "http://h:99999/", "HUISHANG_WEBHOOK_URL 应为 http(s)://host/path")])
def test_a_bad_url_is_said_before_anything_is_sent(
        run: RunCli, write_ledger: WriteLedger, monkeypatch: pytest.MonkeyPatch,
        name: str, url: str, words: str) -> None:
    _env(monkeypatch, **{name: url})
    result = run("remind", "--send", "--repo", str(write_ledger(FILES)), "--today", TODAY)
    assert result.exit_code == 2, result.output
    assert words in result.stderr and url in result.stderr


_RUN = """
import sys
from huishang.cli import main
sys.argv = ["huishang", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
print("IMPORTED", ",".join(sorted({name.split(".")[0] for name in sys.modules}
                                   & {"docx", "jinja2", "xlsxwriter", "python_calamine",
                                      "openpyxl"})))
"""


@pytest.mark.parametrize(("args", "heavy"), [
    (["score"], ""), (["remind"], ""), (["remind", "--send"], "docx")])
def test_score_and_remind_import_no_heavy_library(
        write_ledger: WriteLedger, smtp: tuple[Inbox, int], args: list[str],
        heavy: str) -> None:
    """python-docx only to attach a notice to mail; nothing heavy otherwise."""
    root = write_ledger(FILES)
    env = {**os.environ, "HUISHANG_SMTP_URL": f"smtp://127.0.0.1:{smtp[1]}"}
    done = subprocess.run([sys.executable, "-c", _RUN, *args, "--repo", str(root),
                           "--today", TODAY], env=env, capture_output=True, text=True,
                          check=True)
    assert done.stdout.splitlines()[-1] == f"IMPORTED {heavy}", done.stderr
