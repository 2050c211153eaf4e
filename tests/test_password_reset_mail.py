"""Password reset by e-mail on the team server: "Forgot your password?" on the sign-in
page mails a one-use, expiring link to a real SMTP server (aiosmtpd on 127.0.0.1) when
a mail server is set, answers the same for an address no account has, is limited like
sign-ins and audited; without a mail server the page says to ask an admin. And
``coffeechat admin reset-password`` mails the link too when a mail server is set. On
both backends."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from coffeechat.config import Settings
from coffeechat.core.errors import Deactivated
from coffeechat.service.accounts import RESETS_PER_ACCOUNT, RESETS_PER_ADDRESS, Accounts
from conftest import CLI, make_settings
from test_send import Server, _serve
from test_web_team import PASSWORD, Browser, team_app

SAME_ANSWER = "If an account has this address, a link to choose a new password is on its way."
NEW = "a brand new phrase"


@pytest.fixture
def smtp() -> Iterator[Server]:
    """An open relay on 127.0.0.1."""
    yield from _serve()


@pytest.fixture
def mailing(smtp: Server, monkeypatch: pytest.MonkeyPatch) -> Server:
    """The team server's mail settings (as the worker's) point at ``smtp``."""
    monkeypatch.setenv("COFFEECHAT_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("COFFEECHAT_SMTP_PORT", str(smtp.port))
    monkeypatch.setenv("COFFEECHAT_SMTP_SECURITY", "none")
    monkeypatch.setenv("COFFEECHAT_SMTP_FROM", "coffeechat@bootcamp.example")
    monkeypatch.delenv("COFFEECHAT_SERVER_URL", raising=False)
    return smtp


@pytest.fixture
def app(settings: Settings) -> Iterator[Any]:
    made = team_app(settings)
    yield made
    made.state.accounts.close()


@pytest.fixture
def settings(database_url: str, tmp_path: Path, quick_passwords: None) -> Settings:
    """A database with Ada and Bo (seekers) and Cy (a coach)."""
    made = make_settings(tmp_path / "ws", database_url)
    with Accounts.open(made) as accounts:
        accounts.create_user("ada@example.org", "Ada Lovelace", "seeker", PASSWORD)
        accounts.create_user("bo@example.org", "Bo Chen", "seeker", PASSWORD)
        accounts.create_user("cy@example.org", "Cy Diaz", "coach", PASSWORD)
    return made


def ask(browser: Browser, email: str) -> Any:
    """Open "Forgot your password?" from the sign-in page and send the address."""
    signin = browser.http.get("/welcome")
    assert '<a href="/forgot">Forgot your password?</a>' in signin.text
    page = browser.http.get("/forgot")
    assert page.status_code == 200, page.text
    check = re.search(r'name="check" value="([^"]+)"', page.text)
    assert check, page.text
    return browser.http.post("/forgot", data={"email": email, "check": check[1]})


def link_in(message: Any) -> str:
    found = re.search(r"https?://\S+/reset/\S+", message.get_content())
    assert found, message.get_content()
    return found[0]


def set_password(browser: Browser, link: str, password: str = NEW) -> Any:
    page = browser.http.get(link)
    check = re.search(r'name="check" value="([^"]+)"', page.text)
    if check is None:
        return page
    return browser.http.post(
        link, data={"password": password, "repeat": password, "check": check[1]}
    )


def audit(app: Any) -> list[tuple[str, str]]:
    with app.state.accounts.reading() as conn:
        rows = conn.execute(text("SELECT action, target FROM audit_log ORDER BY id")).all()
    return [(r[0], r[1]) for r in rows]


def test_a_mailed_link_sets_the_password_once(
    app: Any, mailing: Server, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    answer = ask(Browser(app), "  ADA@example.org ")
    assert answer.status_code == 200 and SAME_ANSWER in answer.text
    assert "<h1>Check your e-mail</h1>" in answer.text
    [got] = mailing.handler.messages
    assert got.rcpt_tos == ["ada@example.org"] and got.message["To"] == "ada@example.org"
    assert got.message["From"] == "coffeechat@bootcamp.example"
    assert got.message["Subject"] == "Your coffeechat password reset link"
    body = got.message.get_content()
    assert "Hello Ada Lovelace," in body and "It works once, for 24 hours." in body
    link = link_in(got.message)
    assert link.startswith("http://127.0.0.1:8765/reset/")  # the request's own address
    path = link.removeprefix("http://127.0.0.1:8765")
    ours = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("coffeechat"))
    assert path.removeprefix("/reset/") not in ours  # the link is never logged
    browser = Browser(app)
    done = set_password(browser, path)
    assert done.status_code == 200 and "Your new password is set" in done.text
    again = set_password(Browser(app), path, "a third phrase!")
    assert again.status_code == 404 and "already used or is out of date" in again.text
    assert Browser(app).sign_in("ada@example.org").status_code == 401
    assert Browser(app).sign_in("ada@example.org", NEW).status_code == 303
    actions = audit(app)
    assert ("user.reset-request", "ada@example.org") in actions
    assert ("user.reset-link", "ada@example.org") in actions
    assert ("user.password-reset", "ada@example.org") in actions


def test_the_link_starts_with_the_server_url_when_one_is_set(
    app: Any, mailing: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COFFEECHAT_SERVER_URL", "https://coffee.bootcamp.example/")
    ask(Browser(app), "ada@example.org")
    [got] = mailing.handler.messages
    assert re.search(r"^https://coffee\.bootcamp\.example/reset/\S+$", link_in(got.message))


def test_an_unknown_address_gets_the_same_answer_and_no_mail(app: Any, mailing: Server) -> None:
    known = ask(Browser(app), "ada@example.org")
    for email in ("nobody@example.org", "not an address"):
        unknown = ask(Browser(app), email)
        assert unknown.status_code == known.status_code == 200
        assert unknown.text == known.text  # not a word of difference
    assert len(mailing.handler.messages) == 1  # Ada's only
    assert ("user.reset-request", "nobody@example.org") in audit(app)


def test_a_deactivated_account_gets_no_mail(app: Any, mailing: Server) -> None:
    app.state.accounts.deactivate("bo@example.org")
    answer = ask(Browser(app), "bo@example.org")
    assert answer.status_code == 200 and SAME_ANSWER in answer.text
    assert mailing.handler.messages == []


def test_reset_requests_are_limited_per_account(app: Any, mailing: Server) -> None:
    for _ in range(RESETS_PER_ACCOUNT):
        assert ask(Browser(app), "ada@example.org").status_code == 200
    limited = ask(Browser(app), "ada@example.org")
    assert limited.status_code == 429
    assert "Too many reset links were asked for lately. Wait 15 minutes" in limited.text
    assert len(mailing.handler.messages) == RESETS_PER_ACCOUNT
    assert ask(Browser(app), "bo@example.org").status_code == 200  # others are not
    # asking for links never locks anyone out of signing in
    assert Browser(app).sign_in("ada@example.org", PASSWORD).status_code == 303
    assert ("user.reset-request.limited", "ada@example.org") in audit(app)


def test_reset_requests_are_limited_per_address(app: Any, mailing: Server) -> None:
    for n in range(RESETS_PER_ADDRESS):
        assert ask(Browser(app), f"guess{n}@example.org").status_code == 200
    assert ask(Browser(app), "bo@example.org").status_code == 429
    assert mailing.handler.messages == []


def test_the_forgot_form_needs_its_check(app: Any, mailing: Server) -> None:
    posted = Browser(app).http.post("/forgot", data={"email": "ada@example.org", "check": "x"})
    assert posted.status_code == 403 and mailing.handler.messages == []


def test_without_a_mail_server_the_page_says_to_ask_an_admin(
    app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COFFEECHAT_SMTP_HOST", raising=False)
    browser = Browser(app)
    page = browser.http.get("/forgot")
    assert page.status_code == 200
    assert "ask an admin of this server for a password" in " ".join(page.text.split())
    assert "coach" not in page.text  # coaches make no reset links
    assert "<form" not in page.text.split("<main", 1)[-1].split("</main>", 1)[0]
    browser.http.cookies.set("coffeechat_login", "c")
    posted = browser.http.post("/forgot", data={"email": "ada@example.org", "check": "c"})
    assert "ask an admin" in posted.text and "coach" not in posted.text
    with app.state.accounts.reading() as conn:
        assert conn.execute(text("SELECT count(*) FROM password_reset")).scalar_one() == 0


# --- coffeechat admin reset-password ---------------------------------------------------------


@pytest.fixture
def admin(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> CLI:
    monkeypatch.setenv("COFFEECHAT_DATABASE_URL", settings.database_url or "")
    return CLI()


def test_admin_reset_password_mails_the_link_too(admin: CLI, mailing: Server, app: Any) -> None:
    result = admin("admin", "reset-password", "ada@example.org", "--url", "https://cc.example/")
    printed = result.stdout.strip()
    assert printed.startswith("https://cc.example/reset/")
    assert "It was also mailed to ada@example.org." in result.stderr
    [got] = mailing.handler.messages
    assert re.search(r"https://cc\.example/reset/\S+", got.message.get_content())[0] == printed  # type: ignore[index]
    path = printed.removeprefix("https://cc.example")
    assert set_password(Browser(app), path).status_code == 200
    quiet = admin("admin", "reset-password", "ada@example.org", "--no-mail")
    assert "mailed" not in quiet.stderr and len(mailing.handler.messages) == 1
    assert quiet.stdout.startswith("http://127.0.0.1:8765/reset/")


def test_admin_reset_password_without_a_mail_server_only_prints(
    admin: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COFFEECHAT_SMTP_HOST", raising=False)
    monkeypatch.setenv("COFFEECHAT_SERVER_URL", "https://coffee.bootcamp.example")
    result = admin("admin", "reset-password", "ada@example.org")
    assert result.stdout.startswith("https://coffee.bootcamp.example/reset/")
    assert "mailed" not in result.stderr


def test_admin_reset_password_refuses_a_deactivated_account(
    admin: CLI, mailing: Server, settings: Settings
) -> None:
    """Its link would answer 404: no link is made, printed or mailed."""
    with Accounts.open(settings) as accounts:
        accounts.deactivate("bo@example.org")
        with pytest.raises(Deactivated):  # nor from any other path of the service
            accounts.reset_password("bo@example.org")
    result = admin.fails("admin", "reset-password", "bo@example.org")
    assert result.stdout == ""
    assert result.stderr == (
        "Error: email: bo@example.org is deactivated, so it gets no reset link (it cannot "
        "sign in)\n"
    )
    assert mailing.handler.messages == []
    with Accounts.open(settings) as accounts, accounts.reading() as conn:
        assert conn.execute(text("SELECT count(*) FROM password_reset")).scalar_one() == 0


@pytest.mark.parametrize(
    "url", ["not a url", "coffee.example.org", "ftp://coffee.example.org", "https://", "http:// x"]
)
def test_admin_reset_password_checks_the_url_first(
    admin: CLI, mailing: Server, settings: Settings, url: str
) -> None:
    result = admin.fails("admin", "reset-password", "ada@example.org", "--url", url)
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"Error: --url: {url.strip()!r} is not the address of")
    assert mailing.handler.messages == []
    with Accounts.open(settings) as accounts, accounts.reading() as conn:
        assert conn.execute(text("SELECT count(*) FROM password_reset")).scalar_one() == 0


def test_admin_reset_password_checks_the_server_url_of_the_environment(
    admin: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COFFEECHAT_SMTP_HOST", raising=False)
    monkeypatch.setenv("COFFEECHAT_SERVER_URL", "coffee.example.org")
    result = admin.fails("admin", "reset-password", "ada@example.org")
    assert result.stderr.startswith("Error: COFFEECHAT_SERVER_URL: 'coffee.example.org' is not")
    good = admin("admin", "reset-password", "ada@example.org", "--url", "http://[::1]:8765/")
    assert good.stdout.startswith("http://[::1]:8765/reset/")


def test_an_unreachable_mail_server_names_the_team_servers_settings(
    admin: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The team server's mail settings are its environment's, not `settings show`'s."""
    from test_send import free_port

    monkeypatch.setenv("COFFEECHAT_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("COFFEECHAT_SMTP_PORT", str(free_port()))  # nothing listens there
    monkeypatch.setenv("COFFEECHAT_SMTP_SECURITY", "none")
    monkeypatch.setenv("COFFEECHAT_SMTP_FROM", "coffeechat@bootcamp.example")
    result = admin.fails("admin", "reset-password", "ada@example.org", "--url", "https://cc.ex")
    assert result.stdout.startswith("https://cc.ex/reset/")  # written, printed: still valid
    assert "cannot send through 127.0.0.1:" in result.stderr
    assert "check COFFEECHAT_SMTP_HOST, COFFEECHAT_SMTP_PORT and COFFEECHAT_SMTP_SECURITY" in (
        result.stderr
    )
    assert "settings show" not in result.stderr
