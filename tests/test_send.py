"""`coffeechat send`: a real SMTP server (aiosmtpd) on 127.0.0.1 receives the drafts."""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from coffeechat.formats.eml import write_eml
from coffeechat.service.sending import EVENT_OF_KIND, event_kind
from conftest import CLI

PASSWORD = "correct horse battery staple"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: Any


@dataclass
class Collector:
    """An aiosmtpd handler that keeps every message it is given."""

    messages: list[Received] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address in self.refuse:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos), parsed))
        return "250 Message accepted for delivery"


def check_password(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
    ok = (
        isinstance(data, LoginPassword)
        and data.login == b"sam"
        and data.password == PASSWORD.encode()
    )
    return AuthResult(success=ok, handled=False)


@dataclass
class Server:
    port: int
    handler: Collector

    @property
    def messages(self) -> list[Received]:
        return self.handler.messages


def _serve(**options: Any) -> Iterator[Server]:
    handler = Collector()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, **options)
    controller.start()
    try:
        yield Server(port, handler)
    finally:
        controller.stop()


@pytest.fixture
def smtp() -> Iterator[Server]:
    """An open relay on 127.0.0.1 (no TLS, no login)."""
    yield from _serve()


@pytest.fixture
def smtp_auth() -> Iterator[Server]:
    """A server that wants a login (user `sam`, PASSWORD) before it takes mail."""
    yield from _serve(authenticator=check_password, auth_required=True, auth_require_tls=False)


@pytest.fixture
def ada(ccw: CLI) -> int:
    """Ada Lovelace (ada@example.com) in Sam's workspace; her id."""
    added = ccw.json("contact", "add", "Ada Lovelace", "--email", "ada@example.com")
    return int(added["id"])


def use_server(cc: CLI, port: int, user: str | None = None) -> None:
    cc("settings", "set", "smtp_host", "127.0.0.1")
    cc("settings", "set", "smtp_port", str(port))
    cc("settings", "set", "smtp_security", "none")
    if user:
        cc("settings", "set", "smtp_user", user)


def draft(
    tmp_path: Path, contact_id: int, kind: str = "outreach", name: str = "ada.eml", **extra: Any
) -> Path:
    data = write_eml(
        sender=("Sam Rivera", "sam@example.com"),
        recipient=extra.pop("recipient", ("Ada Lovelace", "ada@example.com")),
        subject=extra.pop("subject", "PyData NYC: a question about Acme"),
        body="Hi Ada,\n\nGreat to meet you at PyData NYC. Could we talk for 20 minutes?\n\nSam\n",
        kind=kind,
        contact_id=contact_id,
    )
    path = tmp_path / name
    path.write_bytes(data)
    return path


def timeline(cc: CLI, contact_id: int) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = cc.json("contact", "show", str(contact_id))["timeline"]
    return events


def test_a_draft_is_delivered_and_logged(ccw: CLI, ada: int, smtp: Server, tmp_path: Path) -> None:
    use_server(ccw, smtp.port)
    path = draft(tmp_path, ada)
    sent = ccw.json("send", str(path))
    assert len(smtp.messages) == 1
    got = smtp.messages[0]
    assert got.mail_from == "sam@example.com"
    assert got.rcpt_tos == ["ada@example.com"]
    message = got.message
    assert message["Subject"] == "PyData NYC: a question about Acme"
    assert "Great to meet you at PyData NYC" in message.get_body().get_content()
    assert not [k for k in message if k.lower().startswith("x-coffeechat")]
    assert message["Date"] is not None
    assert message["Date"].datetime.isoformat() == "2026-11-27T09:00:00-05:00"
    assert str(message["Message-ID"]).endswith("@example.com>")
    assert sent == {
        "sent": True,
        "message_id": str(message["Message-ID"]),
        "to": ["ada@example.com"],
        "subject": "PyData NYC: a question about Acme",
        "contact": {"id": ada, "name": "Ada Lovelace", "stage": "reached-out"},
        "logged": "outreach",
        "refused": [],
    }
    (event,) = timeline(ccw, ada)
    assert event["kind"] == "outreach"
    assert event["note"] == "Sent: PyData NYC: a question about Acme"
    assert event["at"].startswith("2026-11-27T09:00:00")


def test_human_output_and_the_kind_mapping(
    ccw: CLI, ada: int, smtp: Server, tmp_path: Path
) -> None:
    use_server(ccw, smtp.port)
    ccw("log", str(ada), "meeting", "--at", "2026-11-25T12:00")
    path = draft(tmp_path, ada, kind="thank-you", subject="Thank you!")
    result = ccw("send", str(path))
    lines = result.stdout.strip().splitlines()
    assert lines == [
        "Sent 'Thank you!' to ada@example.com.",
        "Logged thank-you with Ada Lovelace; stage: following-up.",
    ]
    assert [e["kind"] for e in timeline(ccw, ada)] == ["meeting", "thank-you"]


def test_every_draft_kind_maps_to_a_loggable_event() -> None:
    assert event_kind("scheduling").value == "scheduling-email"
    assert event_kind("reschedule").value == "scheduling-email"
    assert event_kind("second-contact").value == "outreach"
    assert event_kind("confirm").value == "note"
    assert event_kind(None).value == "note"
    assert event_kind("something-new").value == "note"
    assert len(EVENT_OF_KIND) == 10


def test_the_contact_is_found_by_the_to_address(
    ccw: CLI, ada: int, smtp: Server, tmp_path: Path
) -> None:
    use_server(ccw, smtp.port)
    ccw("contact", "add", "Grace Hopper", "--email", "grace@example.com")
    raw = draft(tmp_path, ada).read_bytes()
    stripped = b"".join(
        line for line in raw.splitlines(keepends=True) if not line.startswith(b"X-Coffeechat")
    ).replace(b"ada@example.com", b"ADA@Example.com")
    path = tmp_path / "by-address.eml"
    path.write_bytes(stripped)
    sent = ccw.json("send", str(path))
    assert sent["contact"]["name"] == "Ada Lovelace"
    assert sent["logged"] == "note"
    assert smtp.messages[0].rcpt_tos == ["ADA@Example.com"]
    assert [e["kind"] for e in timeline(ccw, ada)] == ["note"]


def test_an_unknown_recipient_is_refused_before_sending(
    ccw: CLI, ada: int, smtp: Server, tmp_path: Path
) -> None:
    use_server(ccw, smtp.port)
    raw = draft(tmp_path, ada, recipient=("Nobody", "nobody@example.org")).read_bytes()
    path = tmp_path / "nobody.eml"
    path.write_bytes(b"".join(ln for ln in raw.splitlines(True) if b"X-Coffeechat" not in ln))
    result = ccw.fails("send", str(path))
    assert "nobody@example.org" in result.stderr
    assert smtp.messages == []
    assert timeline(ccw, ada) == []


def test_no_mail_server_is_one_line(ccw: CLI, ada: int, tmp_path: Path) -> None:
    result = ccw.fails("send", str(draft(tmp_path, ada)))
    assert "coffeechat settings set smtp_host" in result.stderr
    assert timeline(ccw, ada) == []


def test_a_server_that_is_down_is_one_line_and_nothing_is_logged(
    ccw: CLI, ada: int, tmp_path: Path
) -> None:
    use_server(ccw, free_port())  # nothing listens there
    result = ccw.fails("send", str(draft(tmp_path, ada)))
    assert "cannot send through 127.0.0.1:" in result.stderr
    assert "check smtp_host, smtp_port and smtp_security with `coffeechat settings show`" in (
        result.stderr
    )  # the workspace's own settings (the team server names its environment's)
    assert timeline(ccw, ada) == []


def test_a_refused_recipient_is_one_line_and_nothing_is_logged(
    ccw: CLI, ada: int, smtp: Server, tmp_path: Path
) -> None:
    use_server(ccw, smtp.port)
    smtp.handler.refuse.add("ada@example.com")
    result = ccw.fails("send", str(draft(tmp_path, ada)))
    assert "refused every recipient (ada@example.com: 550 5.1.1 No such user here)" in (
        result.stderr
    )
    assert smtp.messages == []
    assert timeline(ccw, ada) == []


def test_plain_smtp_only_to_this_computer(ccw: CLI, ada: int, tmp_path: Path) -> None:
    ccw("settings", "set", "smtp_host", "mail.example.com")
    ccw("settings", "set", "smtp_security", "none")
    result = ccw.fails("send", str(draft(tmp_path, ada)))
    assert "smtp_security starttls" in result.stderr


# aiosmtpd warns about AUTH without TLS: that is the point of this local test server.
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")
def test_login_with_the_password_from_the_environment(
    ccw: CLI, ada: int, smtp_auth: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_server(ccw, smtp_auth.port, user="sam")
    path = draft(tmp_path, ada)
    monkeypatch.delenv("COFFEECHAT_SMTP_PASSWORD", raising=False)
    result = ccw.fails("send", str(path))
    assert "no password: set COFFEECHAT_SMTP_PASSWORD or store it in your keyring" in result.stderr
    monkeypatch.setenv("COFFEECHAT_SMTP_PASSWORD", "wrong")
    result = ccw.fails("send", str(path))
    assert "refused the login of sam" in result.stderr
    assert "wrong" not in result.stderr
    assert smtp_auth.messages == []
    assert timeline(ccw, ada) == []
    monkeypatch.setenv("COFFEECHAT_SMTP_PASSWORD", PASSWORD)
    assert ccw.json("send", str(path))["logged"] == "outreach"
    assert len(smtp_auth.messages) == 1
    settings = ccw.json("settings", "show")
    assert PASSWORD not in str(settings)


def test_a_plain_text_file_is_refused_with_a_hint(ccw: CLI, ada: int, tmp_path: Path) -> None:
    path = tmp_path / "message.txt"
    path.write_text("Hi Ada, could we talk for 20 minutes?\n", encoding="utf-8")
    result = ccw.fails("send", str(path))
    assert "coffeechat draft KIND CONTACT --eml FILE" in result.stderr


def test_a_missing_file_is_one_line(ccw: CLI, tmp_path: Path) -> None:
    ccw.fails("send", str(tmp_path / "nope.eml"))
