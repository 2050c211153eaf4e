"""Settings on the team server. It downloads calendars for people who are not its admin: from public
addresses only (its own network, a database or an admin page beside it, is no one's
calendar), unless the admin allows private ones (``serve --team
--allow-private-addresses``); the local server still reaches a calendar at home. A file
is uploaded, never read from the server. Draft templates are the server's: shown, never
changed from the web."""

from __future__ import annotations

import http.server
import re
import stat
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from coffeechat.service import downloads
from coffeechat.web import WebSettings, create_app
from test_web_team import PASSWORD, Browser, team_app

PEOPLE = b"First Name,Last Name,E-mail 1 - Value\nGrace,Hopper,grace@example.com\n"
CALENDAR = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nEND:VCALENDAR\r\n"


@pytest.fixture
def made(database_url: str, tmp_path: Any, quick_passwords: None) -> Any:
    """A team database with Ada (a seeker)."""
    from coffeechat.service.accounts import Accounts
    from conftest import make_settings

    made = make_settings(tmp_path / "ws", database_url)
    with Accounts.open(made) as accounts:
        accounts.create_user("ada@example.org", "Ada Lovelace", "seeker", PASSWORD)
    return made


@pytest.fixture
def team(made: Any) -> Iterator[Any]:
    app = team_app(made)
    yield app
    app.state.accounts.close()


@pytest.fixture
def calendar_url() -> Iterator[tuple[str, list[str]]]:
    """A calendar served on 127.0.0.1, and the paths asked of it."""
    asked: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/calendar")
            self.send_header("Content-Length", str(len(CALENDAR)))
            self.end_headers()
            self.wfile.write(CALENDAR)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/cal.ics", asked
    finally:
        server.shutdown()
        server.server_close()


def _add(app: Any, url: str) -> Any:
    browser = Browser(app)
    browser.sign_in("ada@example.org")
    return browser.http.post(
        "/settings/calendars", data={"source": url, "csrf_token": browser.csrf()}
    )


def _calendars(app: Any) -> list[Any]:
    users = {u.email: u.id for u in app.state.accounts.list_users()}
    return list(app.state.accounts.workspace_for(users["ada@example.org"]).list_calendars())


def test_the_team_server_refuses_a_calendar_on_its_own_network(
    team: Any, calendar_url: tuple[str, list[str]]
) -> None:
    url, asked = calendar_url
    refused = _add(team, url)
    assert refused.status_code == 400
    assert "not a public address" in refused.text
    assert asked == []  # not even connected to
    assert _calendars(team) == []


def test_its_admin_may_allow_private_addresses(made: Any, calendar_url: Any) -> None:
    from coffeechat.config import Clock, Settings
    from coffeechat.service.accounts import Accounts
    from conftest import NOW_DT

    url, asked = calendar_url
    accounts = Accounts.open(Settings(made.home, made.database_url, Clock(NOW_DT)))
    app = create_app(WebSettings(home=made.home, team=True, private_addresses=True), None, accounts)
    try:
        added = _add(app, url)
        assert added.status_code == 303, added.text
        assert asked == ["/cal.ics"]
        assert [c.source for c in _calendars(app)] == [url]
    finally:
        accounts.close()


def test_only_the_requests_of_the_team_server_are_held_to_public_addresses() -> None:
    """The rule is per request (a context variable), not the process's: a local server
    in the same process still reaches a calendar at home."""
    assert downloads.refused_address("127.0.0.1") is None
    assert downloads.refused_address("10.1.2.3") is None
    with downloads.public_only():
        assert "not a public address" in (downloads.refused_address("127.0.0.1") or "")
        assert "not a public address" in (downloads.refused_address("10.1.2.3") or "")
        assert "not a public address" in (downloads.refused_address("::1") or "")
        assert "not a public address" in (downloads.refused_address("::ffff:192.168.0.1") or "")
        assert downloads.refused_address("93.184.215.14") is None
        assert "link-local" in (downloads.refused_address("169.254.10.1") or "")
    assert downloads.refused_address("192.168.0.1") is None


def test_the_flag_goes_with_team_only(cc: Any) -> None:
    refused = cc("serve", "--allow-private-addresses", "--no-browser", ok=False)
    assert refused.exit_code == 2
    assert "go with --team" in refused.stderr


def test_team_app_is_public_only_by_default(team: Any) -> None:
    assert team.state.web.private_addresses is False


def test_on_the_team_server_a_file_is_uploaded(team: Any) -> None:
    """No file of the server is read, and no address of its network: the calendar file
    comes from the person's own computer, into their own workspace only."""
    browser = Browser(team)
    browser.sign_in("ada@example.org")
    page = browser.http.get("/settings").text
    assert "An .ics file on this computer" not in page and "Upload calendar" in page
    sent = browser.http.post(
        "/settings/calendars/upload",
        data={"csrf_token": browser.csrf()},
        files={"file": ("work.ics", CALENDAR, "text/calendar")},
    )
    assert sent.status_code == 303, sent.text
    assert [(c.source, c.kind) for c in _calendars(team)] == [("upload:work.ics", "upload")]


def test_on_the_team_server_templates_are_shown_not_changed(team: Any) -> None:
    browser = Browser(team)
    browser.sign_in("ada@example.org")
    page = browser.http.get("/settings").text
    assert '<pre class="template">' in page and "/settings/templates/outreach" not in page
    refused = browser.http.post(
        "/settings/templates/outreach",
        data={"text": "Subject: x\n\nHi\n", "csrf_token": browser.csrf()},
    )
    assert refused.status_code == 404


def test_each_account_keeps_its_files_apart(made: Any, team: Any) -> None:
    """Import jobs are files: each account has a folder of its own under the server's,
    so one person's upload is never another's to read, tidy or wait for."""
    from coffeechat.service.accounts import Accounts

    with Accounts.open(made) as accounts:
        accounts.create_user("bo@example.org", "Bo Chen", "seeker", PASSWORD)
    users = {u.email: u.id for u in team.state.accounts.list_users()}
    ada, bo = Browser(team), Browser(team)
    ada.sign_in("ada@example.org")
    bo.sign_in("bo@example.org")
    sent = ada.http.post(
        "/data/imports",
        data={"kind": "csv", "csrf_token": ada.csrf()},
        files={"file": ("people.csv", PEOPLE, "text/csv")},
    )
    assert sent.status_code == 303, sent.text
    job = sent.headers["location"].rsplit("/", 1)[-1]
    assert ada.http.get(f"/data/imports/{job}").status_code == 200
    assert bo.http.get(f"/data/imports/{job}").status_code == 404
    mine = made.home / "imports" / str(users["ada@example.org"])
    assert any(p.name.startswith(job) for p in mine.iterdir())
    assert stat.S_IMODE(mine.stat().st_mode) == 0o700
    theirs = made.home / "imports" / str(users["bo@example.org"])
    assert not any(p.name.startswith(job) for p in theirs.glob("*"))


def test_a_backup_is_not_restored_into_the_team_server(team: Any) -> None:
    """A coffeechat export keeps its ids and replaces a whole workspace: it goes into a
    new workspace on the person's own computer, never into the shared database."""
    ada = Browser(team)
    ada.sign_in("ada@example.org")
    sent = ada.http.post(
        "/data/imports",
        data={"kind": "", "csrf_token": ada.csrf()},
        files={"file": ("backup.json", b'{"format": "coffeechat"}', "application/json")},
    )
    assert sent.status_code == 400
    assert "restored into a new workspace on your own computer" in sent.text


# --- your account ----------------------------------------------------------------------------


def test_the_account_page_makes_shows_once_and_revokes_tokens(made: Any, team: Any) -> None:
    from coffeechat.service.accounts import Accounts

    with Accounts.open(made) as accounts:
        accounts.create_user("bo@example.org", "Bo Chen", "seeker", PASSWORD)
    ada = Browser(team)
    ada.sign_in("ada@example.org")
    page = ada.http.get("/account").text
    assert "<h1>Your account</h1>" in page and "ada@example.org" in page and "seeker" in page
    assert '<a href="/account"' in ada.http.get("/").text  # the header links to it
    made_one = ada.http.post("/account/tokens", data={"name": "laptop", "csrf_token": ada.csrf()})
    assert made_one.status_code == 200 and made_one.headers["cache-control"] == "no-store"
    token = re.search(r'<code class="token">(cct_[^<]+)</code>', made_one.text)
    assert token
    api = Browser(team).http
    me = api.get("/api/v1/me", headers={"Authorization": f"Bearer {token[1]}"})
    assert me.json()["user"]["email"] == "ada@example.org"
    again = ada.http.get("/account").text
    assert "laptop" in again and token[1] not in again  # listed, never shown again
    token_id = re.search(r'action="/account/tokens/(\d+)/revoke"', again)
    assert token_id
    bo = Browser(team)
    bo.sign_in("bo@example.org")
    theirs = bo.http.post(f"/account/tokens/{token_id[1]}/revoke", data={"csrf_token": bo.csrf()})
    assert theirs.status_code == 404  # not Bo's: as if it did not exist
    assert api.get("/api/v1/me", headers={"Authorization": f"Bearer {token[1]}"}).status_code == 200
    gone = ada.http.post(f"/account/tokens/{token_id[1]}/revoke", data={"csrf_token": ada.csrf()})
    assert gone.status_code == 303
    assert api.get("/api/v1/me", headers={"Authorization": f"Bearer {token[1]}"}).status_code == 401


def test_a_password_is_changed_with_the_current_one(team: Any) -> None:
    ada, elsewhere = Browser(team), Browser(team)
    ada.sign_in("ada@example.org")
    elsewhere.sign_in("ada@example.org")
    old_session = ada.session

    def change(current: str, new: str, repeat: str | None = None) -> Any:
        data = {"current": current, "password": new, "repeat": new if repeat is None else repeat}
        return ada.http.post("/account/password", data={**data, "csrf_token": ada.csrf()})

    assert "not your current password" in change("wrong one here", "a brand new phrase").text
    assert "differ" in change(PASSWORD, "a brand new phrase", "another phrase").text
    assert "too short" in change(PASSWORD, "short").text
    done = change(PASSWORD, "a brand new phrase")
    assert done.status_code == 303
    assert ada.session and ada.session != old_session  # a new session for this browser
    assert "every other browser is signed out" in ada.http.get("/account").text
    assert elsewhere.http.get("/").status_code == 303  # the other browser is signed out
    assert Browser(team).sign_in("ada@example.org").status_code == 401  # the old password
    assert Browser(team).sign_in("ada@example.org", "a brand new phrase").status_code == 303


def test_there_is_no_account_page_on_your_own_computer(client: Any) -> None:
    assert client.get("/account").status_code == 404
