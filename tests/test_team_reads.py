"""How the team server reads: few round trips, the same answers.

A page of the team server pays a network round trip for every statement it sends to
PostgreSQL. So: reads run in autocommit on PostgreSQL (no BEGIN, no ROLLBACK); a contact's
page is read in one go (``Workspace.contact_page``); and a list of ids is one array
parameter (``database.among``). Each is checked here against the slower way it replaced,
on both backends where both apply. And a request never holds one connection while it
waits for another: with a pool of one connection, every kind of request still answers.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, select

from coffeechat.service.accounts import Accounts
from coffeechat.store import database
from coffeechat.store.schema import contact
from conftest import WEB_BASE
from test_web_team import PASSWORD, Browser, settings, team_app  # noqa: F401 (a fixture)


def _rich(workspace: Any) -> list[int]:
    """Contacts with something in every part of their page: a timeline, a conversation,
    options offered, takeaways, promises, introductions (to a contact and to a stranger)."""
    ada = workspace.add_contact(name="Ada Park", company="Acme", email="ada@example.org")
    bo = workspace.add_contact(name="Bo Lind", company="Acme", tags="data")
    cy = workspace.add_contact(name="Cy Ruiz")
    workspace.log(str(ada.id), "outreach", at="2026-11-20T10:00")
    workspace.log(str(ada.id), "reply", at="2026-11-21T09:00")
    workspace.log(str(ada.id), "meeting", at="2026-11-25T12:30")
    workspace.add_takeaway(str(ada.id), "advice", "Lead with the portfolio, not the CV")
    workspace.add_promise(str(ada.id), "me", "Send the case study", due="2026-11-30")
    workspace.add_promise(str(ada.id), "them", "Ask Dana about the team")
    workspace.add_introduction(str(ada.id), "Dana Wu", company="Orbis")
    workspace.add_introduction(str(ada.id), str(cy.id))
    workspace.log(str(bo.id), "outreach", at="2026-11-10T10:00")
    workspace.log(str(bo.id), "reply", at="2026-11-12T10:00")
    assert workspace.propose_slots(str(bo.id)).options  # an open proposal on Bo's page
    return [ada.id, bo.id, cy.id]


def test_a_contact_page_read_in_one_go_is_what_the_five_reads_give(workspace: Any) -> None:
    ids = _rich(workspace)
    for cid in ids:
        read = workspace.contact_page(cid)
        ref = str(cid)
        detail = workspace.show_contact(ref)
        assert read.detail == detail
        assert read.followups == workspace.contact_followups(ref)[1]
        assert read.takeaways == workspace.list_takeaways(ref)[1]
        assert read.promises == workspace.list_promises(ref)[1]
        offered = workspace.list_introductions(ref)[1]
        names = [workspace.show_contact(str(i.to_id)).contact.name for i in offered]
        assert read.introductions == list(zip(offered, names, strict=True))
        assert read.zone == workspace.get_settings().timezone
    assert workspace.contact_page(ids[0]).followups  # the case study promised is due
    assert len(workspace.contact_page(ids[0]).introductions) == 2
    assert workspace.contact_page(ids[1]).detail.proposal is not None


def test_a_contact_page_of_no_one_is_unknown(workspace: Any) -> None:
    from coffeechat.core.errors import UnknownContact

    _rich(workspace)
    with pytest.raises(UnknownContact):
        workspace.contact_page(987654)


@pytest.mark.parametrize("size", [0, 1, 3, 250])
def test_among_finds_what_in_finds(workspace: Any, size: int) -> None:
    for i in range(5):
        workspace.add_contact(name=f"Person {i}")
    with workspace.reading() as conn:
        every = [r.id for r in conn.execute(select(contact.c.id).order_by(contact.c.id))]
        wanted = [*(every * 60)[:size], 10**9]  # repeats and an id of no one
        query = select(contact.c.id).order_by(contact.c.id)
        found = conn.execute(query.where(database.among(conn, contact.c.id, wanted))).all()
        expected = conn.execute(query.where(contact.c.id.in_(wanted))).all()
    assert found == expected
    assert len(found) == min(size, len(every)) if size < len(every) else len(every)


def _postgresql(workspace: Any) -> None:
    if workspace.engine.dialect.name != "postgresql":
        pytest.skip("reads in autocommit and held connections are PostgreSQL's")


def test_reads_on_postgresql_send_no_begin_and_no_rollback(workspace: Any) -> None:
    _postgresql(workspace)
    _rich(workspace)
    sent: list[str] = []
    listen = [
        ("begin", lambda conn: sent.append("BEGIN")),
        ("rollback", lambda conn: sent.append("ROLLBACK")),
        ("commit", lambda conn: sent.append("COMMIT")),
    ]
    for name, fn in listen:
        event.listen(workspace.engine, name, fn)
    try:
        workspace.contact_page(workspace.list_contacts()[0].id)
        raw = workspace.engine.raw_connection()  # what the pool hands out is idle again
        try:
            assert raw.driver_connection.info.transaction_status.name == "IDLE"
        finally:
            raw.close()
    finally:
        for name, fn in listen:
            event.remove(workspace.engine, name, fn)
    # SQLAlchemy still calls its hooks; in autocommit psycopg sends neither statement
    with workspace.reading() as conn:
        assert conn.connection.driver_connection.autocommit is True
    with workspace.writing() as conn:  # writes stay transactions
        assert conn.connection.driver_connection.autocommit is False


def test_every_kind_of_request_answers_with_a_pool_of_one_connection(
    settings: Any,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A request takes one connection at a time and gives it back: a request that held
    one while it waited for a second would, with every connection of the pool held so
    under load, wait for the pool's timeout (as would everyone after it). With a pool of
    one connection, pages, writes and the API all answer, and none is left out."""
    from sqlalchemy import create_engine

    from coffeechat.service import base

    def one_connection(made: Any) -> Any:
        if made.database_url.startswith("sqlite"):
            return database.open_engine(made.database_url)
        return create_engine(made.database_url, pool_size=1, max_overflow=0, pool_timeout=3)

    monkeypatch.setattr(base, "_open_engine", one_connection)
    app = team_app(settings)
    accounts: Accounts = app.state.accounts
    try:
        browser = Browser(app)
        assert browser.sign_in("ada@example.org", PASSWORD).status_code == 303
        ada_id = next(u.id for u in accounts.list_users() if u.email == "ada@example.org")
        workspace = accounts.workspace_for(ada_id)
        ada = workspace.add_contact(name="Ada Park", company="Acme")
        workspace.log(str(ada.id), "outreach", at="2026-11-20T10:00")
        for path in (
            "/",
            "/contacts",
            f"/contacts/{ada.id}",
            f"/contacts/{ada.id}/messages/outreach",
        ):
            page = browser.http.get(path)
            assert page.status_code == 200, (path, page.text[:300])
            assert "Ada Park" in page.text or path == "/"
        assert accounts.engine.pool.checkedout() == 0
        api = TestClient(app, base_url=WEB_BASE)
        token = accounts.issue_token("ada@example.org", "tests")
        headers = {"Authorization": f"Bearer {token}"}
        note = api.post(f"/api/v1/contacts/{ada.id}/notes", json={"text": "x"}, headers=headers)
        assert note.status_code == 201, note.text
        logged = api.post(
            f"/api/v1/contacts/{ada.id}/events", json={"kind": "reply"}, headers=headers
        )
        assert logged.status_code == 201, logged.text
        missing = api.post("/api/v1/contacts/999999/notes", json={"text": "x"}, headers=headers)
        assert missing.status_code == 404
        assert api.get("/api/v1/contacts?limit=50", headers=headers).status_code == 200
        assert accounts.engine.pool.checkedout() == 0
    finally:
        accounts.close()


def test_the_team_server_sizes_its_thread_pool_to_its_connections(
    settings: Any,  # noqa: F811
) -> None:
    """Requests' work runs in a pool of about as many threads as the worker keeps
    connections (not anyio's 40, most of which would wait for one), set when the app
    starts; the local server keeps anyio's."""
    import anyio.to_thread

    from coffeechat.config import Settings
    from coffeechat.web import WebSettings, create_app, server

    built = server.build(settings, "127.0.0.1", False, server.Team(frozenset()))
    try:
        assert built.state.web.threads == server.TEAM_THREADS
        assert server.TEAM_THREADS <= database.PG_POOL + database.PG_OVERFLOW
    finally:
        built.state.accounts.close()
    accounts = Accounts.open(Settings(settings.home, settings.database_url, settings.clock))
    try:
        app = create_app(WebSettings(home=settings.home, team=True, threads=7), None, accounts)
        with TestClient(app, base_url=WEB_BASE) as client:
            limiter = anyio.to_thread.current_default_thread_limiter
            assert client.portal.call(lambda: limiter().total_tokens) == 7
    finally:
        accounts.close()
