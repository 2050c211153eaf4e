"""The team server (``coffeechat serve --team``) in the web: sign-in by e-mail and
password, server-side sessions (a new id at every sign-in, sign out, sign out
everywhere), the sign-in form's check, CSRF, rate limits, ``Secure`` cookies, password
reset links (one use, expiring), per-user API tokens and ``/api/v1/me``, and every
request in the signed-in user's own workspace. On both backends."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from coffeechat.config import Clock, Settings
from coffeechat.service.accounts import FAILURES_PER_ACCOUNT, FAILURES_PER_ADDRESS, Accounts
from conftest import NOW_DT, WEB_BASE, make_settings

PASSWORD = "correct horse battery"


@pytest.fixture
def settings(database_url: str, tmp_path: Path, quick_passwords: None) -> Settings:
    """A database with three accounts: Ada and Bo (seekers) and Cy (a coach)."""
    made = make_settings(tmp_path / "ws", database_url)
    with Accounts.open(made) as accounts:
        accounts.create_user("ada@example.org", "Ada Lovelace", "seeker", PASSWORD)
        accounts.create_user("bo@example.org", "Bo Chen", "seeker", PASSWORD)
        accounts.create_user("cy@example.org", "Cy Diaz", "coach", PASSWORD)
    return made


def team_app(settings: Settings, at: dt.datetime = NOW_DT) -> Any:
    from coffeechat.web import WebSettings, create_app

    clocked = Settings(settings.home, settings.database_url, Clock(at))
    accounts = Accounts.open(clocked)
    return create_app(WebSettings(home=settings.home, team=True), None, accounts)


@pytest.fixture
def app(settings: Settings) -> Iterator[Any]:
    made = team_app(settings)
    yield made
    made.state.accounts.close()


class Browser:
    """A browser on the team server."""

    def __init__(self, app: Any, base: str = WEB_BASE) -> None:
        self.http = TestClient(app, base_url=base, follow_redirects=False)

    def sign_in(self, email: str, password: str = PASSWORD, next: str = "/") -> Any:
        page = self.http.get("/welcome")
        assert page.status_code == 200, page.text
        check = re.search(r'name="login_check" value="([^"]+)"', page.text)
        assert check
        return self.http.post(
            "/login",
            data={"email": email, "password": password, "next": next, "login_check": check[1]},
        )

    @property
    def session(self) -> str | None:
        return self.http.cookies.get("coffeechat_session")

    def csrf(self) -> str:
        found = re.search(r'<meta name="csrf-token" content="([^"]*)"', self.http.get("/").text)
        assert found and found[1]
        return found[1]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def token_for(app: Any, email: str) -> str:
    return str(app.state.accounts.issue_token(email, "tests"))


# --- signing in ------------------------------------------------------------------------------


def test_sign_in_with_email_and_password(app: Any) -> None:
    browser = Browser(app)
    assert browser.http.get("/").status_code == 303  # to /welcome
    page = browser.http.get("/welcome")
    assert 'type="password"' in page.text and 'name="email"' in page.text
    response = browser.sign_in("  ADA@example.org ", next="/contacts")
    assert response.status_code == 303 and response.headers["location"] == "/contacts"
    today = browser.http.get("/")
    assert today.status_code == 200
    assert "Ada Lovelace" in today.text and "Sign out everywhere" in today.text


def test_a_wrong_password_is_refused_without_saying_which_part(app: Any) -> None:
    browser = Browser(app)
    wrong = browser.sign_in("ada@example.org", "not the password at all")
    nobody = browser.sign_in("nobody@example.org", PASSWORD)
    for response in (wrong, nobody):
        assert response.status_code == 401
        assert "That e-mail and password do not match an account." in response.text
    assert browser.session is None


def test_a_new_session_id_at_every_sign_in(app: Any) -> None:
    """Session fixation: an id planted in the browser before the sign-in is never the
    one signed in, and it opens nothing."""
    browser = Browser(app)
    planted = "planted-by-someone-else-0123456789"
    browser.http.cookies.set("coffeechat_session", planted, domain="127.0.0.1")
    browser.sign_in("ada@example.org")
    first = browser.session
    assert first and first != planted
    browser.sign_in("ada@example.org")
    assert browser.session not in (first, planted)
    other = Browser(app)
    other.http.cookies.set("coffeechat_session", planted)
    assert other.http.get("/").status_code == 303
    with app.state.accounts.reading() as conn:  # the database keeps digests only
        ids = conn.execute(text("SELECT id FROM web_session")).scalars().all()
    assert first not in ids and all(len(i) == 64 for i in ids)


def test_the_sign_in_form_needs_its_check(app: Any) -> None:
    """Another site cannot post the form to sign a visitor in to an account it chose."""
    browser = Browser(app)
    response = browser.http.post(
        "/login", data={"email": "ada@example.org", "password": PASSWORD, "login_check": "x"}
    )
    assert response.status_code == 403 and browser.session is None


def test_failed_sign_ins_are_limited_per_account(app: Any) -> None:
    browser = Browser(app)
    for _ in range(FAILURES_PER_ACCOUNT):
        assert browser.sign_in("ada@example.org", "wrong password here").status_code == 401
    locked = browser.sign_in("ada@example.org")  # even the right password, for a while
    assert locked.status_code == 429
    assert "Too many failed sign-ins. Wait 15 minutes" in locked.text
    assert Browser(app).sign_in("bo@example.org").status_code == 303  # others are not
    later = team_app(app.state.accounts.settings, NOW_DT + dt.timedelta(minutes=16))
    try:
        assert Browser(later).sign_in("ada@example.org").status_code == 303
    finally:
        later.state.accounts.close()


def test_failed_sign_ins_are_limited_per_address(app: Any) -> None:
    browser = Browser(app)
    for n in range(FAILURES_PER_ADDRESS):
        assert browser.sign_in(f"guess{n}@example.org", "wrong password here").status_code == 401
    assert browser.sign_in("bo@example.org").status_code == 429


def test_the_cookie_is_secure_over_https(app: Any) -> None:
    plain = Browser(app).sign_in("ada@example.org")
    assert "secure" not in plain.headers["set-cookie"].lower()
    https = Browser(app, "https://127.0.0.1:8765").sign_in("ada@example.org")
    cookie = https.headers["set-cookie"].lower()
    assert "coffeechat_session=" in cookie and "secure" in cookie and "httponly" in cookie


def test_sign_ins_are_audited(app: Any) -> None:
    Browser(app).sign_in("ada@example.org", "wrong password here")
    Browser(app).sign_in("ada@example.org")
    with app.state.accounts.reading() as conn:
        rows = conn.execute(text("SELECT action, target FROM audit_log ORDER BY id")).all()
    assert [tuple(r) for r in rows][-2:] == [
        ("signin.failed", "ada@example.org"),
        ("signin", "ada@example.org"),
    ]


# --- signing out -----------------------------------------------------------------------------


def test_sign_out_ends_this_session_only(app: Any) -> None:
    laptop, phone = Browser(app), Browser(app)
    laptop.sign_in("ada@example.org")
    phone.sign_in("ada@example.org")
    old = laptop.session
    response = laptop.http.post("/logout", data={"csrf_token": laptop.csrf()})
    assert response.status_code == 303 and response.headers["location"] == "/welcome"
    replay = Browser(app)
    replay.http.cookies.set("coffeechat_session", old or "")
    assert replay.http.get("/").status_code == 303
    assert phone.http.get("/").status_code == 200


def test_sign_out_everywhere_ends_every_session(app: Any) -> None:
    laptop, phone = Browser(app), Browser(app)
    laptop.sign_in("ada@example.org")
    phone.sign_in("ada@example.org")
    bo = Browser(app)
    bo.sign_in("bo@example.org")
    laptop.http.post("/logout/everywhere", data={"csrf_token": laptop.csrf()})
    assert phone.http.get("/").status_code == 303
    assert bo.http.get("/").status_code == 200


def test_state_changing_requests_need_the_csrf_token(app: Any) -> None:
    browser = Browser(app)
    browser.sign_in("ada@example.org")
    refused = browser.http.post("/logout")
    assert refused.status_code == 403
    other = Browser(app)
    other.sign_in("bo@example.org")
    forged = browser.http.post("/contacts", data={"name": "Eve", "csrf_token": other.csrf()})
    assert forged.status_code == 403  # another session's token is no good
    made = browser.http.post("/contacts", data={"name": "Grace", "csrf_token": browser.csrf()})
    assert made.status_code == 303


# --- each in their own workspace ---------------------------------------------------------------


def test_each_account_works_in_its_own_workspace(app: Any) -> None:
    ada, bo = token_for(app, "ada@example.org"), token_for(app, "bo@example.org")
    http = TestClient(app, base_url=WEB_BASE, follow_redirects=False)
    made = http.post("/api/v1/contacts", json={"name": "Grace Hopper"}, headers=bearer(ada))
    assert made.status_code == 201, made.text
    grace = made.json()["id"]
    assert [
        c["name"] for c in http.get("/api/v1/contacts", headers=bearer(ada)).json()["contacts"]
    ] == ["Grace Hopper"]
    assert http.get("/api/v1/contacts", headers=bearer(bo)).json()["contacts"] == []
    hidden = http.get(f"/api/v1/contacts/{grace}", headers=bearer(bo))
    assert hidden.status_code == 404 and hidden.json()["error"]["code"] == "unknown-contact"
    browser = Browser(app)
    browser.sign_in("bo@example.org")
    assert "Grace Hopper" not in browser.http.get("/contacts").text
    assert browser.http.get(f"/contacts/{grace}").status_code == 404
    browser.sign_in("ada@example.org")
    assert "Grace Hopper" in browser.http.get("/contacts").text


def test_undo_in_the_web_is_per_account(app: Any) -> None:
    ada, bo = Browser(app), Browser(app)
    ada.sign_in("ada@example.org")
    bo.sign_in("bo@example.org")
    ada.http.post("/contacts", data={"name": "Grace", "csrf_token": ada.csrf()})
    bo.http.post("/contacts", data={"name": "Linus", "csrf_token": bo.csrf()})
    accounts = app.state.accounts
    users = {u.email: u.id for u in accounts.list_users()}
    mine = accounts.workspace_for(users["ada@example.org"])
    assert mine.last_change().label == "contact add"
    assert mine.undo() is not None
    theirs = accounts.workspace_for(users["bo@example.org"])
    assert [c.name for c in theirs.list_contacts()] == ["Linus"]
    assert theirs.last_change() is not None


def test_api_me_names_the_account(app: Any) -> None:
    http = TestClient(app, base_url=WEB_BASE)
    token = token_for(app, "cy@example.org")
    assert token.startswith("cct_")
    assert http.get("/api/v1/me", headers=bearer(token)).json() == {
        "user": {"email": "cy@example.org", "name": "Cy Diaz", "role": "coach"}
    }
    browser = Browser(app)
    browser.sign_in("ada@example.org")
    assert browser.http.get("/api/v1/me").json()["user"]["email"] == "ada@example.org"
    nobody = http.get("/api/v1/me")
    assert nobody.status_code == 401 and nobody.json()["error"]["code"] == "unauthorized"
    assert "coffeechat admin token" in nobody.json()["error"]["message"]
    assert http.get("/api/v1/me", headers=bearer(token + "x")).status_code == 401


def test_a_revoked_token_and_a_deactivated_account_get_401(app: Any) -> None:
    http = TestClient(app, base_url=WEB_BASE, follow_redirects=False)
    accounts = app.state.accounts
    kept, revoked = token_for(app, "ada@example.org"), token_for(app, "bo@example.org")
    accounts.revoke_token("bo@example.org", "tests")
    assert http.get("/api/v1/me", headers=bearer(revoked)).status_code == 401
    browser = Browser(app)
    browser.sign_in("ada@example.org")
    assert http.get("/api/v1/me", headers=bearer(kept)).status_code == 200
    accounts.deactivate("ada@example.org")
    assert http.get("/api/v1/me", headers=bearer(kept)).status_code == 401
    assert http.get("/api/v1/contacts", headers=bearer(kept)).status_code == 401
    assert browser.http.get("/").status_code == 303
    assert browser.http.get("/api/v1/me").status_code == 401
    assert Browser(app).sign_in("ada@example.org").status_code == 401


def test_the_feed_and_sign_in_codes_are_not_served(app: Any) -> None:
    http = TestClient(app, base_url=WEB_BASE, follow_redirects=False)
    assert http.get("/agenda.ics?key=anything").status_code == 404
    assert http.get("/login?code=anything").headers["location"] == "/welcome"


# --- password reset links ------------------------------------------------------------------------


def _reset_form(browser: Browser, link: str) -> str:
    page = browser.http.get(link)
    assert page.status_code == 200, page.text
    found = re.search(r'name="check" value="([^"]+)"', page.text)
    assert found
    return found[1]


def test_a_reset_link_sets_a_password_once(app: Any) -> None:
    link = "/reset/" + app.state.accounts.reset_password("ada@example.org")
    signed_in = Browser(app)
    signed_in.sign_in("ada@example.org")
    browser = Browser(app)
    check = _reset_form(browser, link)
    differ = browser.http.post(
        link, data={"password": "a brand new phrase", "repeat": "another", "check": check}
    )
    assert differ.status_code == 400 and "The two passwords differ." in differ.text
    weak = browser.http.post(
        link, data={"password": "password1", "repeat": "password1", "check": check}
    )
    assert weak.status_code == 400 and "one of the passwords tried first" in weak.text
    done = browser.http.post(
        link,
        data={"password": "a brand new phrase", "repeat": "a brand new phrase", "check": check},
    )
    assert done.status_code == 200 and "Your new password is set" in done.text
    assert signed_in.http.get("/").status_code == 303  # signed out by the new password
    again = browser.http.post(
        link, data={"password": "a third phrase!", "repeat": "a third phrase!", "check": check}
    )
    assert again.status_code == 404 and "already used or is out of date" in again.text
    assert browser.http.get(link).status_code == 404
    assert Browser(app).sign_in("ada@example.org").status_code == 401
    assert Browser(app).sign_in("ada@example.org", "a brand new phrase").status_code == 303


def test_a_reset_link_expires(app: Any) -> None:
    link = "/reset/" + app.state.accounts.reset_password("ada@example.org")
    later = team_app(app.state.accounts.settings, NOW_DT + dt.timedelta(hours=24, minutes=1))
    try:
        browser = Browser(later)
        assert browser.http.get(link).status_code == 404
        browser.http.cookies.set("coffeechat_login", "c")
        posted = browser.http.post(
            link,
            data={"password": "a brand new phrase", "repeat": "a brand new phrase", "check": "c"},
        )
        assert posted.status_code == 404
    finally:
        later.state.accounts.close()
    assert Browser(app).http.get(link).status_code == 200  # before: it worked
    assert Browser(app).http.get("/reset/not-a-link").status_code == 404


def test_the_reset_form_needs_its_check(app: Any) -> None:
    link = "/reset/" + app.state.accounts.reset_password("ada@example.org")
    browser = Browser(app)
    posted = browser.http.post(
        link, data={"password": "a brand new phrase", "repeat": "a brand new phrase"}
    )
    assert posted.status_code == 403
    assert app.state.accounts.reset_account(link.rsplit("/", 1)[1]) is not None  # kept


# --- serve --team --------------------------------------------------------------------------------


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """``serve`` up to the point where it would serve: the arguments of each server.run."""
    from coffeechat.web import server

    calls: list[Any] = []
    monkeypatch.setattr(server, "run", lambda *args: calls.append(args))
    monkeypatch.setattr(server, "port_problem", lambda host, port: None)
    return calls


def test_serve_team_on_sqlite_warns_that_it_is_for_a_trial(
    cc: Any, home: Path, started: list[Any], quick_passwords: None
) -> None:
    from coffeechat.web import server

    result = cc("serve", "--team", "--no-browser", "--forwarded-allow-ips", "127.0.0.1")
    assert "Warning: SQLite is for a trial" in result.stderr
    assert "No accounts yet" in result.stderr
    assert "Sign in with an account's e-mail and password." in result.stdout
    team = started[0][-1]
    assert team == server.Team(frozenset(), "127.0.0.1")
    refused = cc("serve", "--forwarded-allow-ips", "127.0.0.1", ok=False)
    assert refused.exit_code == 2 and "go with --team" in refused.stderr


def test_serve_team_says_at_once_when_its_mail_settings_cannot_work(
    cc: Any,
    home: Path,
    started: list[Any],
    monkeypatch: pytest.MonkeyPatch,
    quick_passwords: None,
) -> None:
    monkeypatch.setenv("COFFEECHAT_SMTP_HOST", "mail.example.org")
    monkeypatch.setenv("COFFEECHAT_SMTP_FROM", "no address")
    result = cc("serve", "--team", "--no-browser")
    assert started  # it serves all the same: sign-in needs no mail
    assert "Warning: password reset links will not be mailed" in result.stderr
    assert "COFFEECHAT_SMTP_FROM" in result.stderr
    monkeypatch.setenv("COFFEECHAT_SMTP_FROM", "coffeechat@example.org")
    assert "will not be mailed" not in cc("serve", "--team", "--no-browser").stderr


def test_api_me_on_your_own_computer_names_you(client: Any) -> None:
    """Local mode (no --team): the workspace's owner, as the settings say."""
    assert client.get("/api/v1/me").json() == {
        "user": {"email": "sam@example.com", "name": "Sam Rivera", "role": "seeker"}
    }
    assert client.get("/static/app.css").status_code == 200


def test_static_files_need_no_session(app: Any) -> None:
    assert Browser(app).http.get("/static/app.css").status_code == 200


def test_each_worker_builds_the_team_app_from_the_environment(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`serve --team --workers N`: each worker process builds its app from what serve
    set, the public name of --allowed-host included."""
    from coffeechat.web import server

    monkeypatch.setenv("COFFEECHAT_HOME", str(settings.home))
    monkeypatch.setenv("COFFEECHAT_DATABASE_URL", settings.database_url)
    monkeypatch.setenv(server.TEAM_ENV, "1")
    monkeypatch.setenv(server.HOSTS_ENV, "coffee.example.org")
    app = server.from_environment()
    try:
        assert app.state.web.team
        public = Browser(app, "http://coffee.example.org")
        assert public.sign_in("ada@example.org").status_code == 303
        assert Browser(app, "http://elsewhere.example").http.get("/welcome").status_code == 400
    finally:
        app.state.accounts.close()


def test_forwarded_headers_are_believed_only_from_the_proxies_named(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """uvicorn believes X-Forwarded-Proto/For from 127.0.0.1 by default: the team server
    believes them only with --forwarded-allow-ips."""
    import uvicorn

    from coffeechat.web import server

    seen: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: seen.append(kwargs))
    monkeypatch.setattr(server, "build", lambda *args: None)  # no app: no engine left open
    address = server.Address("127.0.0.1", 8765, https=False)
    server.run(settings, address, 1, team=server.Team())
    server.run(settings, address, 1, team=server.Team(forwarded_allow_ips="10.0.0.5"))
    assert seen[0]["proxy_headers"] is False
    assert seen[1]["proxy_headers"] is True and seen[1]["forwarded_allow_ips"] == "10.0.0.5"


def test_what_acts_on_the_whole_database_is_not_served(app: Any) -> None:
    """A backup of a SQLite database would hold every account; the doctor repairs
    everyone's rows: those are the admins', from the shell."""
    browser = Browser(app)
    browser.sign_in("ada@example.org")
    csrf = browser.csrf()
    assert browser.http.post("/data/backup", data={"csrf_token": csrf}).status_code == 404
    assert browser.http.get("/data/doctor").status_code == 404
    assert browser.http.post("/data/doctor", data={"csrf_token": csrf}).status_code == 404
    page = browser.http.get("/data")
    assert page.status_code == 200 and "Download a backup" not in page.text
    exported = browser.http.get("/data/export/json")
    assert exported.status_code == 200 and "password" not in exported.text.lower()


def test_a_calendar_is_an_address_not_a_file_of_the_server(app: Any, tmp_path: Path) -> None:
    secret = tmp_path / "server.ics"
    secret.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n")
    browser = Browser(app)
    browser.sign_in("ada@example.org")
    refused = browser.http.post(
        "/settings/calendars", data={"source": str(secret), "csrf_token": browser.csrf()}
    )
    assert refused.status_code == 400
    assert "address, not a file" in refused.text
    users = {u.email: u.id for u in app.state.accounts.list_users()}
    assert app.state.accounts.workspace_for(users["ada@example.org"]).list_calendars() == []


# --- issue 15's audit: limits that hold under load, resets, another ASGI server --------------


class CountedHasher:
    """The hasher, checking slowly (as argon2id does) and counting its checks."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.checked = 0
        self.lock = threading.Lock()

    def _count(self) -> None:
        with self.lock:
            self.checked += 1
        time.sleep(0.05)

    def hash(self, password: str) -> str:
        return str(self.real.hash(password))

    def verify(self, password: str, hashed: str) -> bool:
        self._count()
        return bool(self.real.verify(password, hashed))

    def verify_and_update(self, password: str, hashed: str) -> Any:
        self._count()
        return self.real.verify_and_update(password, hashed)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch, quick_passwords: None) -> CountedHasher:
    from coffeechat.service import accounts as module

    made = CountedHasher(module.hasher())
    monkeypatch.setattr(module, "_HASHER", [made])
    module._dummy_hash.cache_clear()
    module._dummy_hash()  # made before the count starts
    made.checked = 0
    return made


def _at_once(accounts: Accounts, emails: list[str], address: str) -> list[int]:
    """Sign-ins with a wrong password, all at once; each one's answer (401, 429)."""
    from coffeechat.service.accounts import BadSignIn, TooManyAttempts

    start = threading.Barrier(16)

    def attempt(email: str) -> int:
        with contextlib.suppress(threading.BrokenBarrierError):
            start.wait(timeout=30)
        try:
            accounts.sign_in(email, "a wrong guess!", address=address, user_agent=None)
        except BadSignIn:
            return 401
        except TooManyAttempts:
            return 429
        return 303

    with ThreadPoolExecutor(max_workers=16) as pool:
        return list(pool.map(attempt, emails))


def test_sign_ins_at_once_check_at_most_five_passwords_of_an_account(
    settings: Settings, counted: CountedHasher
) -> None:
    """Counted before the (slow) check, in the same step as the count: many wrong
    guesses at once never get more than the limit checked."""
    with Accounts.open(settings) as accounts:
        answers = _at_once(accounts, ["ada@example.org"] * 48, "203.0.113.9")
    assert counted.checked == FAILURES_PER_ACCOUNT
    assert answers.count(401) == FAILURES_PER_ACCOUNT
    assert answers.count(429) == 48 - FAILURES_PER_ACCOUNT


def test_sign_ins_at_once_check_at_most_twenty_from_an_address(
    settings: Settings, counted: CountedHasher
) -> None:
    emails = [f"guess{n}@example.org" for n in range(48)]
    with Accounts.open(settings) as accounts:
        answers = _at_once(accounts, emails, "2001:db8:5:6::1")
    assert counted.checked == FAILURES_PER_ADDRESS
    assert answers.count(401) == FAILURES_PER_ADDRESS


def test_reset_links_asked_for_at_once_stay_within_the_limit(settings: Settings) -> None:
    from coffeechat.service.accounts import RESETS_PER_ACCOUNT, TooManyAttempts

    with Accounts.open(settings) as accounts:

        def ask(_: int) -> bool:
            try:
                return accounts.request_reset("ada@example.org", address="203.0.113.9") is not None
            except TooManyAttempts:
                return False

        with ThreadPoolExecutor(max_workers=16) as pool:
            made = list(pool.map(ask, range(40)))
        with accounts.reading() as conn:
            rows = conn.execute(text("SELECT count(*) FROM password_reset")).scalar_one()
    assert made.count(True) == rows == RESETS_PER_ACCOUNT


def test_a_right_password_takes_its_attempt_back(settings: Settings) -> None:
    with Accounts.open(settings) as accounts:
        for _ in range(FAILURES_PER_ADDRESS + 3):  # more than the address's limit: all fine
            accounts.sign_in("ada@example.org", PASSWORD, address="203.0.113.9", user_agent=None)
        with accounts.reading() as conn:
            assert conn.execute(text("SELECT count(*) FROM login_attempt")).scalar_one() == 0


def test_an_ipv6_client_is_counted_by_its_64(settings: Settings) -> None:
    from coffeechat.core.accounts import network
    from coffeechat.service.accounts import BadSignIn, TooManyAttempts

    assert network("2001:db8:1:2:aaaa::1") == "2001:db8:1:2::/64"
    assert network("::ffff:198.51.100.7") == "198.51.100.7"
    assert network("198.51.100.7") == "198.51.100.7"
    with Accounts.open(settings) as accounts:
        for n in range(FAILURES_PER_ADDRESS):  # each from another address of one /64
            with pytest.raises(BadSignIn):
                accounts.sign_in(f"guess{n}@example.org", "a wrong guess!",
                                 address=f"2001:db8:1:2::{n + 1:x}", user_agent=None)  # fmt: skip
        with pytest.raises(TooManyAttempts):
            accounts.sign_in("bo@example.org", PASSWORD, address="2001:db8:1:2:ffff::9",
                             user_agent=None)  # fmt: skip
        assert accounts.sign_in("bo@example.org", PASSWORD, address="2001:db8:1:3::1",
                                user_agent=None)  # another /64  # fmt: skip
        for n in range(FAILURES_PER_ADDRESS):  # IPv4: per address, as before
            with pytest.raises(BadSignIn):
                accounts.sign_in(f"guess{n}@example.org", "a wrong guess!",
                                 address="198.51.100.7", user_agent=None)  # fmt: skip
        assert accounts.sign_in("bo@example.org", PASSWORD, address="198.51.100.8",
                                user_agent=None)  # fmt: skip


def test_a_reset_link_is_the_way_out_of_a_lockout(app: Any) -> None:
    """The 429 page says a reset link is the way out: it is (the address's count stays)."""
    browser = Browser(app)
    for _ in range(FAILURES_PER_ACCOUNT):
        assert browser.sign_in("ada@example.org", "a wrong guess!").status_code == 401
    assert browser.sign_in("ada@example.org").status_code == 429
    older = "/reset/" + app.state.accounts.reset_password("ada@example.org")
    link = "/reset/" + app.state.accounts.reset_password("ada@example.org")
    check = _reset_form(browser, link)
    new = {"password": "a brand new phrase", "repeat": "a brand new phrase", "check": check}
    assert browser.http.post(link, data=new).status_code == 200
    assert browser.sign_in("ada@example.org", "a brand new phrase").status_code == 303
    assert Browser(app).http.get(older).status_code == 404  # every other link ends too
    with app.state.accounts.reading() as conn:
        kept = conn.execute(
            text("SELECT count(*) FROM login_attempt WHERE key LIKE 'address:%'")
        ).scalar_one()
    assert kept == FAILURES_PER_ACCOUNT


def test_a_refused_new_password_reads_as_a_sentence(app: Any) -> None:
    ada = Browser(app)
    ada.sign_in("ada@example.org")
    data = {"current": PASSWORD, "password": "dragon123", "repeat": "dragon123"}
    page = ada.http.post("/account/password", data={**data, "csrf_token": ada.csrf()})
    assert page.status_code == 400
    assert "The new password is one of the passwords tried first" in page.text
    assert "password: is one" not in page.text


def test_the_documented_factory_builds_a_working_team_app(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/team.md, "Under another ASGI server": `coffeechat.web.server:team_app`."""
    from coffeechat.web import server

    monkeypatch.setenv("COFFEECHAT_HOME", str(settings.home))
    monkeypatch.setenv("COFFEECHAT_DATABASE_URL", settings.database_url)
    monkeypatch.delenv(server.TEAM_ENV, raising=False)  # the factory is the team's anyway
    monkeypatch.setenv(server.HOSTS_ENV, " Coffee.Example.org ,")
    app = server.team_app()
    try:
        assert app.state.web.team
        public = Browser(app, "http://coffee.example.org")
        assert public.sign_in("ada@example.org").status_code == 303
        assert public.http.get("/").status_code == 200
        assert Browser(app, "http://elsewhere.example").http.get("/welcome").status_code == 400
    finally:
        app.state.accounts.close()


def test_the_factory_runs_under_uvicorn_itself(settings: Settings, tmp_path: Path) -> None:
    """`uvicorn --factory coffeechat.web.server:team_app`, as docs/team.md says."""
    import os
    import socket
    import subprocess
    import sys
    import urllib.request

    if not settings.database_url.startswith("sqlite"):
        pytest.skip("one backend is enough for the server's start")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "COFFEECHAT_HOME": str(settings.home),
           "COFFEECHAT_DATABASE_URL": settings.database_url,
           "PYTHONPATH": os.pathsep.join(sys.path)}  # fmt: skip
    command = [sys.executable, "-m", "uvicorn", "--factory", "coffeechat.web.server:team_app",
               "--host", "127.0.0.1", "--port", str(port), "--no-proxy-headers"]  # fmt: skip
    log = tmp_path / "uvicorn.log"
    with log.open("wb") as said:
        process = subprocess.Popen(command, env=env, stdout=said, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/welcome", timeout=5) as page:
                    status, body = page.status, page.read().decode()
                break
            except OSError:
                assert process.poll() is None, log.read_text()
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)
        assert status == 200 and 'type="password"' in body
    finally:
        process.terminate()
        process.wait(timeout=30)


# --- the next step, in the browser ---------------------------------------------------------


def test_today_and_a_contact_link_the_next_step_not_a_command_line(
    app: Any, settings: Settings
) -> None:
    """On the team server, Today's items and a contact's page take the next step by a
    link to its page (a draft's editor, the recap, the contact), never by a `coffeechat`
    command with the server's ids; each link opens for its owner."""
    accounts = app.state.accounts
    ada = accounts.workspace_for(accounts.user_by_email("ada@example.org").id)
    ada.update_settings(timezone="America/New_York")
    grace = ada.add_contact(name="Grace Hopper", company="Analytical Engines")
    ada.log("Grace Hopper", "outreach", at="2026-11-16T10:00")  # a follow-up is due
    alan = ada.add_contact(name="Alan Turing", company="Bletchley")
    ada.log("Alan Turing", "meeting", at="2026-11-25T10:00")  # thanks and a recap are due
    browser = Browser(app)
    browser.sign_in("ada@example.org")
    today = browser.http.get("/").text
    assert "Grace Hopper" in today and "Alan Turing" in today
    agenda = today[today.index('<section id="agenda"') :]
    assert "coffeechat " not in agenda, re.findall(r".{60}coffeechat .{60}", agenda)
    buttons = re.findall(r'<a class="button" href="([^"]+)">([^<]+)</a>', today)
    assert buttons and {label for _, label in buttons} >= {"Open the draft"}
    for href, _ in buttons:
        assert browser.http.get(href.replace("&amp;", "&")).status_code == 200, href
    for contact in (grace, alan):
        page = browser.http.get(f"/contacts/{contact.id}").text
        step = re.search(r'Next step: <a href="([^"]+)">', page)
        assert step and "<code>coffeechat" not in page, page
        assert browser.http.get(step[1].replace("&amp;", "&")).status_code == 200
