"""``coffeechat recap submit CONTACT --server URL``: a recap written in a local workspace,
handed to a coach on a team server (the team app, in-process), with an API token from a
file or the environment; every failure is one line."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from coffeechat.service import recap_submit
from coffeechat.service.accounts import Accounts
from conftest import CLI, make_settings
from test_web_team import PASSWORD, team_app

SERVER = "http://127.0.0.1:8765"
#: The real client (the fixture's stands in for it).
REAL_CLIENT = recap_submit._client


@pytest.fixture
def server(tmp_path: Path, quick_passwords: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A team server (SQLite) with Ada, a seeker of "Spring 2027" coached by Cy, reached
    in-process by `recap submit`."""
    settings = make_settings(tmp_path / "server")
    with Accounts.open(settings) as accounts:
        accounts.create_user("ada@example.org", "Ada Lovelace", "seeker", PASSWORD)
        accounts.create_user("cy@example.org", "Cy Diaz", "coach", PASSWORD)
        accounts.cohort_create("Spring 2027", "cy@example.org")
        accounts.cohort_add("Spring 2027", "ada@example.org")
    app = team_app(settings)
    monkeypatch.setattr(
        recap_submit, "_client", lambda: TestClient(app, base_url=SERVER, follow_redirects=False)
    )
    yield app
    app.state.accounts.close()


@pytest.fixture
def token_file(server: Any, tmp_path: Path) -> Path:
    path = tmp_path / "token.txt"
    path.write_text(server.state.accounts.issue_token("ada@example.org", "laptop") + "\n")
    return path


@pytest.fixture
def grace(engines: CLI) -> CLI:
    """The local workspace: Grace Hopper, with a takeaway (so a recap to submit)."""
    engines("log", "grace", "meeting", "--at", "2026-11-25T12:30")
    engines("takeaway", "add", "grace", "--kind", "insight", "Managers read every referral")
    return engines


def rows(app: Any, query: str) -> list[Any]:
    with app.state.accounts.reading() as conn:
        return [tuple(r) for r in conn.execute(text(query))]


def test_submit_sends_the_recap_and_nothing_else(grace: CLI, server: Any, token_file: Path) -> None:
    done = grace("recap", "submit", "grace", "--server", SERVER, "--token-file", str(token_file))
    assert done.stdout.strip() == (
        f"Submitted the recap of Grace Hopper (version 1, submitted): {SERVER}/submissions/1"
    )
    [(contact_id, status, version)] = rows(
        server, "SELECT contact_id, status, version FROM submission"
    )
    assert contact_id < 0 and (status, version) == ("submitted", 1)
    [(markdown, document)] = rows(server, "SELECT markdown, document FROM submission_version")
    assert "Managers read every referral" in markdown
    sent = json.loads(document)
    assert sent["recap"]["who"]["name"] == "Grace Hopper"
    assert "Ada Lovelace" not in document  # another contact of the workspace stays home
    # nothing saved locally: the recap was assembled, not written
    assert grace.json("contact", "show", "grace")["stage"] == "met-up"
    grace("takeaway", "add", "grace", "--kind", "advice", "Ask about the data team")
    again = grace.json(
        "recap", "submit", "grace", "--server", SERVER, "--token-file", str(token_file)
    )
    assert again == {
        "submission": {"id": 1, "status": "resubmitted", "version": 2},
        "unchanged": False,
        "url": f"{SERVER}/submissions/1",
    }
    assert rows(server, "SELECT action FROM audit_log WHERE action LIKE 'submission.%'") == [
        ("submission.submit",),
        ("submission.submit",),
    ]


def test_the_token_may_come_from_the_environment(
    grace: CLI, server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = server.state.accounts.issue_token("ada@example.org", "laptop")
    monkeypatch.setenv("COFFEECHAT_SERVER_TOKEN", token)
    monkeypatch.setenv("COFFEECHAT_SERVER", SERVER)
    grace("recap", "submit", "grace")
    assert rows(server, "SELECT version FROM submission") == [(1,)]


def test_recap_contact_still_writes_the_recap(grace: CLI) -> None:
    """`recap CONTACT` is `recap write CONTACT`, as before."""
    plain = grace("recap", "grace").stdout
    assert plain.startswith("# ") and "Managers read every referral" in plain
    assert grace("recap", "write", "grace").stdout == plain
    assert grace("recap", "--format", "md", "grace").stdout == plain  # options first, too
    assert grace.json("recap", "grace")["recap"]["who"]["name"] == "Grace Hopper"
    assert "submit" in grace("recap", "--help").stdout


def test_no_token_is_one_clear_line(grace: CLI, server: Any, tmp_path: Path) -> None:
    missing = grace.fails("recap", "submit", "grace", "--server", SERVER)
    assert "no API token: give --token-file FILE or set COFFEECHAT_SERVER_TOKEN" in missing.stderr
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    assert (
        "the file is empty"
        in grace.fails(
            "recap", "submit", "grace", "--server", SERVER, "--token-file", str(empty)
        ).stderr
    )
    nowhere = grace.fails(
        "recap", "submit", "grace", "--server", SERVER, "--token-file", str(tmp_path / "no")
    )
    assert "cannot read it" in nowhere.stderr


def test_a_refused_token_is_one_clear_line(grace: CLI, server: Any, tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("cct_not-a-token\n")
    refused = grace.fails(
        "recap", "submit", "grace", "--server", SERVER, "--token-file", str(wrong)
    )
    assert f"{SERVER} refused the API token (401)" in refused.stderr
    assert rows(server, "SELECT count(*) FROM submission") == [(0,)]


def test_what_the_server_refuses_is_said(grace: CLI, server: Any, token_file: Path) -> None:
    refused = grace.fails(
        "recap", "submit", "grace", "--server", SERVER, "--token-file", str(token_file),
        "--cohort", "99",
    )  # fmt: skip
    assert f"{SERVER} refused the recap (400): cohort: 99 is not one of your cohorts" in (
        refused.stderr
    )


def test_a_server_without_review_is_a_404(
    grace: CLI, token_file: Path, monkeypatch: pytest.MonkeyPatch, client: Any
) -> None:
    """A local server (no --team), its own token given, has no recap review."""
    from coffeechat.service import access

    monkeypatch.setattr(recap_submit, "_client", lambda: client.http)
    token_file.write_text(access.access_token(client.app.state.web.home))
    refused = grace.fails(
        "recap", "submit", "grace", "--server", SERVER, "--token-file", str(token_file)
    )
    assert "has no recap review (404)" in refused.stderr


def test_an_unreachable_server_is_one_clear_line(
    grace: CLI, token_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(recap_submit, "_client", REAL_CLIENT)  # to a port with no one
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    failed = grace.fails(
        "recap", "submit", "grace", "--server", f"http://127.0.0.1:{port}",
        "--token-file", str(token_file),
    )  # fmt: skip
    assert f"cannot reach http://127.0.0.1:{port}" in failed.stderr


def test_the_token_never_crosses_the_network_in_the_clear(
    grace: CLI, token_file: Path, server: Any
) -> None:
    refused = grace.fails(
        "recap", "submit", "grace", "--server", "http://coffee.example.org",
        "--token-file", str(token_file),
    )  # fmt: skip
    assert "use https://" in refused.stderr
    bad = grace.fails(
        "recap", "submit", "grace", "--server", "coffee.example.org",
        "--token-file", str(token_file),
    )  # fmt: skip
    assert "not a web address" in bad.stderr


def test_an_unchanged_recap_sends_no_new_version(grace: CLI, server: Any, token_file: Path) -> None:
    args = ("recap", "submit", "grace", "--server", SERVER, "--token-file", str(token_file))
    grace(*args)
    again = grace(*args)
    assert again.stdout.strip() == (
        "Nothing changed since version 1 of the recap of Grace Hopper (submitted): nothing "
        f"was submitted. {SERVER}/submissions/1"
    )
    assert grace.json(*args) == {
        "submission": {"id": 1, "status": "submitted", "version": 1},
        "unchanged": True,
        "url": f"{SERVER}/submissions/1",
    }
    assert rows(server, "SELECT count(*) FROM submission_version") == [(1,)]


def test_the_latest_written_recap_goes_when_the_next_chat_is_scheduled(
    grace: CLI, server: Any, token_file: Path
) -> None:
    first = grace.json("recap", "grace")["conversation"]
    grace("schedule", "confirm", "grace", "--at", "2026-12-10T15:00")
    done = grace("recap", "submit", "grace", "--server", SERVER, "--token-file", str(token_file))
    assert "Submitted the recap of Grace Hopper (version 1" in done.stdout
    [(conversation, document)] = rows(
        server,
        "SELECT s.conversation_id, v.document FROM submission s "
        "JOIN submission_version v ON v.submission_id = s.id",
    )
    assert conversation == first == json.loads(document)["conversation"]


def test_a_server_answering_a_web_page_is_not_a_coffeechat_server(
    grace: CLI, token_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import httpx2 as httpx

    page = httpx.MockTransport(
        lambda request: httpx.Response(
            200, text="<html>Welcome</html>", headers={"content-type": "text/html"}
        )
    )
    monkeypatch.setattr(recap_submit, "_client", lambda: httpx.Client(transport=page))
    failed = grace.fails(
        "recap", "submit", "grace", "--server", SERVER, "--token-file", str(token_file)
    )
    assert f"{SERVER} is not a coffeechat team server, or the address is wrong" in failed.stderr
    assert "text/html" in failed.stderr and "refused the recap (200)" not in failed.stderr


def test_the_token_hints_say_seekers_make_their_own(grace: CLI, server: Any) -> None:
    missing = grace.fails("recap", "submit", "grace", "--server", SERVER)
    assert "/account" in missing.stderr and "API tokens" in missing.stderr
