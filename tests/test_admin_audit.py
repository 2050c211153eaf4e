"""The audit log for admins: ``/admin/audit`` (newest first, paged, filtered by action
and by who did it), its CSV export ``/admin/audit.csv`` (itself in the log), and 404 for
everyone else. On both backends. The CLI's side is in tests/test_cli_admin.py."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from coffeechat.config import Settings
from coffeechat.service.accounts import Accounts
from coffeechat.service.audit import PAGE
from coffeechat.store import accounts as store
from conftest import WebClient, make_settings
from test_web_team import PASSWORD, Browser, team_app


@pytest.fixture
def settings(database_url: str, tmp_path: Path, quick_passwords: None) -> Settings:
    """An admin (Lee), a seeker (Bo) and a coach (Cy)."""
    made = make_settings(tmp_path / "ws", database_url)
    with Accounts.open(made) as accounts:
        accounts.create_user("lee@example.org", "Lee Park", "admin", PASSWORD)
        accounts.create_user("bo@example.org", "Bo Chen", "seeker", PASSWORD)
        accounts.create_user("cy@example.org", "Cy Diaz", "coach", PASSWORD)
    return made


@pytest.fixture
def app(settings: Settings) -> Iterator[Any]:
    made = team_app(settings)
    yield made
    made.state.accounts.close()


def signed_in(app: Any, email: str) -> Browser:
    browser = Browser(app)
    assert browser.sign_in(email).status_code == 303
    return browser


def rows(page: str) -> list[list[str]]:
    """The table's rows: their cells' text."""
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in page else ""
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def actions_in_log(accounts: Accounts) -> list[tuple[Any, ...]]:
    with accounts.reading() as conn:
        found = conn.execute(text("SELECT action, actor_id, detail FROM audit_log ORDER BY id"))
        return [tuple(r) for r in found]


def test_an_admin_reads_the_log_newest_first(app: Any) -> None:
    signed_in(app, "bo@example.org")
    Browser(app).sign_in("bo@example.org", "not the password at all")
    lee = signed_in(app, "lee@example.org")
    page = lee.http.get("/admin/audit")
    assert page.status_code == 200
    assert "<h1>Audit log</h1>" in page.text
    found = rows(page.text)
    assert [r[2] for r in found] == [
        "signin",
        "signin.failed",
        "signin",
        "user.create",
        "user.create",
        "user.create",
    ]
    assert found[0][1] == "lee@example.org" and found[0][3] == "lee@example.org"
    assert found[1][1] == "shell, or not signed in" and found[1][3] == "bo@example.org"
    assert found[0][0] == "2026-11-27 14:00:00"  # UTC


def test_the_log_is_filtered_by_action_and_by_who(app: Any) -> None:
    signed_in(app, "bo@example.org")
    lee = signed_in(app, "lee@example.org")
    by_action = rows(lee.http.get("/admin/audit?action=user.create").text)
    assert [r[3] for r in by_action] == ["cy@example.org", "bo@example.org", "lee@example.org"]
    by_bo = rows(lee.http.get("/admin/audit", params={"actor": " BO@example.org "}).text)
    assert [(r[1], r[2]) for r in by_bo] == [("bo@example.org", "signin")]
    page = lee.http.get("/admin/audit?action=user.create").text
    assert '<option value="user.create" selected>' in page
    assert 'href="/admin/audit.csv?action=user.create"' in page


def test_a_filter_that_cannot_be_read_is_said_beside_its_field(app: Any) -> None:
    lee = signed_in(app, "lee@example.org")
    page = lee.http.get("/admin/audit?actor=not-an-address")
    assert page.status_code == 400
    assert 'aria-describedby="audit-actor-error"' in page.text
    assert "actor: not an e-mail address" in page.text
    assert rows(page.text) == []


def test_the_log_comes_a_page_at_a_time(app: Any) -> None:
    accounts = app.state.accounts
    with accounts.writing(record=False) as conn:
        for n in range(PAGE + 5):
            store.audit(conn, accounts.now(), None, "test.entry", f"n{n}")
    lee = signed_in(app, "lee@example.org")
    first = lee.http.get("/admin/audit?action=test.entry").text
    assert [r[3] for r in rows(first)][:2] == [f"n{PAGE + 4}", f"n{PAGE + 3}"]
    assert len(rows(first)) == PAGE
    older = re.search(r'<a href="([^"]+)" rel="next">Older entries</a>', first)
    assert older and "Newer entries" not in first
    second = lee.http.get(older[1].replace("&amp;", "&")).text
    assert [r[3] for r in rows(second)] == [f"n{n}" for n in range(4, -1, -1)]
    assert 'rel="prev">Newer entries</a>' in second and "Older entries" not in second


def test_the_csv_export_is_the_filtered_log_and_is_itself_logged(app: Any) -> None:
    signed_in(app, "bo@example.org")
    lee = signed_in(app, "lee@example.org")
    response = lee.http.get("/admin/audit.csv?action=signin&since=2026-11-27")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["content-disposition"]
    table = list(csv.reader(io.StringIO(response.text)))
    assert table[0] == ["id", "at", "actor_email", "actor_name", "action", "target", "detail"]
    assert [(r[2], r[4]) for r in table[1:]] == [
        ("lee@example.org", "signin"),
        ("bo@example.org", "signin"),
    ]
    assert table[1][1] == "2026-11-27T14:00:00+00:00"
    users = {u.email: u.id for u in app.state.accounts.list_users()}
    assert actions_in_log(app.state.accounts)[-1] == (
        "audit.export",
        users["lee@example.org"],
        "csv action=signin since=2026-11-27T00:00:00+00:00",
    )
    later = list(csv.reader(io.StringIO(lee.http.get("/admin/audit.csv").text)))
    assert later[1][4] == "audit.export"  # the first export, in the second
    assert len(later) == len(table) - 2 + 5 + 1  # 3 user.create, 2 signin, 1 export, header


def test_a_cell_a_spreadsheet_would_run_is_quoted(app: Any) -> None:
    accounts = app.state.accounts
    with accounts.writing(record=False) as conn:
        store.audit(conn, accounts.now(), None, "test.entry", "=HYPERLINK(1)", "+1 -2 @x")
    lee = signed_in(app, "lee@example.org")
    table = list(csv.reader(io.StringIO(lee.http.get("/admin/audit.csv").text)))
    entry = next(r for r in table if r[4] == "test.entry")
    assert entry[5:] == ["'=HYPERLINK(1)", "'+1 -2 @x"]


def test_a_bad_filter_of_the_export_is_a_400(app: Any) -> None:
    lee = signed_in(app, "lee@example.org")
    response = lee.http.get("/admin/audit.csv?since=yesterday")
    assert response.status_code == 400
    assert "since: give a day" in response.text
    assert actions_in_log(app.state.accounts)[-1][0] == "signin"  # nothing exported


@pytest.mark.parametrize("path", ["/admin/audit", "/admin/audit.csv"])
def test_only_admins_see_the_log(app: Any, path: str) -> None:
    for email in ("bo@example.org", "cy@example.org"):
        response = signed_in(app, email).http.get(path)
        assert response.status_code == 404, email
        assert "signin" not in response.text
    token = app.state.accounts.issue_token("bo@example.org", "tests")
    by_token = Browser(app).http.get(path, headers={"Authorization": f"Bearer {token}"})
    assert by_token.status_code == 404
    assert Browser(app).http.get(path).headers["location"].startswith("/welcome")


def test_the_log_is_a_team_server_page_only(client: WebClient) -> None:
    assert client.get("/admin/audit").status_code == 404
    assert client.get("/admin/audit.csv").status_code == 404


def test_a_seekers_download_of_their_data_is_in_the_log(app: Any) -> None:
    bo = signed_in(app, "bo@example.org")
    assert bo.http.get("/data/export/csv").status_code == 200
    users = {u.email: u.id for u in app.state.accounts.list_users()}
    with app.state.accounts.reading() as conn:
        last = conn.execute(
            text("SELECT action, actor_id, target, detail FROM audit_log ORDER BY id DESC")
        ).first()
    assert tuple(last) == ("data.export", users["bo@example.org"], "bo@example.org", "csv")
