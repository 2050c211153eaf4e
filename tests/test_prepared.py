"""store/prepared.py: the reads every page makes, run straight on SQLite's driver, give
exactly what ``conn.execute`` gives, and step aside for whatever SQLAlchemy must see."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import Integer, bindparam, event, select

from coffeechat.store import (
    accounts,
    agenda_cache,
    contacts,
    digests,
    events,
    prepared,
    scheduling,
    users,
)
from coffeechat.store.schema import (
    contact,
    followup_state,
    introduction,
    promise,
    takeaway,
    user,
)


def _both(conn: Any, statement: Any, values: dict[str, Any]) -> tuple[list[Any], list[Any]]:
    fast = [tuple(r) for r in prepared.rows(conn, statement, values)]
    slow = [tuple(r) for r in conn.execute(statement, values).all()]
    return fast, slow


def _statements(
    dialect: str = "sqlite", ids: tuple[int, ...] = (1, 2)
) -> list[tuple[str, Any, dict[str, Any]]]:
    """Every statement a page runs through ``prepared.rows``, with values (``ids``: some
    contacts' ids)."""
    now = dt.datetime(2026, 11, 27, 14, 0, tzinfo=dt.UTC)
    check, everyone = agenda_cache._stale_queries()
    midnights = [now + dt.timedelta(days=d) for d in range(1, 4)]
    week: dict[str, Any] = {"owner_id": 1, "start": now - dt.timedelta(days=3), "end": now}
    week.update({f"midnight_{i}": m for i, m in enumerate(midnights)})
    page = {
        "owner_id": 1,
        "by": dt.date(2026, 12, 4),
        "today": dt.date(2026, 11, 27),
        "now": now,
        "user_zone": "America/New_York",
        "offset": 0,
        "limit": 25,
    }
    return [
        ("stale", check, {"owner_id": 1, "now": now}),
        ("everyone", everyone, {"owner_id": 1, "now": now}),
        ("count", agenda_cache._count_query(True), {**page, "up_to": 100}),
        ("count all", agenda_cache._count_query(False), page),
        ("page", agenda_cache._page_query(False, True), page),
        ("week", events._meeting_days_query(len(midnights)), week),
        ("coming", scheduling._coming_query(), {"owner_id": 1, "now": now, "until": now}),
        ("settings", users._ZONE_AND_GOAL, {"owner_id": 1}),
        ("all settings", users._SETTINGS, {"owner_id": 1}),
        ("zone", users._TIMEZONE, {"owner_id": 1}),
        ("session", accounts._SESSION_ACCOUNT, {"digest": "x", "now": now}),
        ("token", accounts._TOKEN_ACCOUNT, {"digest": "x"}),
        ("feed", digests._FEED_OF, {"user_id": 1}),
        ("contacts", contacts._contacts_by(dialect, True), {"owner_id": 1, "ids": [*ids]}),
        ("contact", contacts._contacts_by(dialect, False), {"owner_id": 1, "contact_id": ids[0]}),
        ("e-mails", contacts._details_of(dialect, "email"), {"owner_id": 1, "ids": [*ids]}),
        ("tags", contacts._details_of(dialect, "tag"), {"owner_id": 1, "ids": [*ids]}),
        ("name", contacts._NAME_OF, {"owner_id": 1, "contact_id": ids[0]}),
        ("introduced", contacts._INTRODUCED_BY, {"owner_id": 1, "contact_id": ids[0]}),
        (
            "timeline",
            events._timeline_of(dialect, many=False),
            {"owner_id": 1, "contact_id": ids[1]},
        ),
        (
            "timelines",
            events._timeline_of(dialect, many=True),
            {"owner_id": 1, "contact_id": [*ids]},
        ),
        (
            "talks",
            scheduling._conversations_of(dialect, many=False),
            {"owner_id": 1, "contact_id": ids[1]},
        ),
        (
            "all talks",
            scheduling._conversations_of(dialect, many=True),
            {"owner_id": 1, "contact_id": [*ids]},
        ),
        (
            "proposal",
            scheduling._open_of(dialect, many=False),
            {"owner_id": 1, "status": "open", "contact_id": ids[0]},
        ),
        (
            "proposals",
            scheduling._open_of(dialect, many=True),
            {"owner_id": 1, "status": "open", "contact_id": [*ids]},
        ),
        ("options", scheduling._options_of(dialect), {"ids": [1, 2, 3]}),
        (
            "promises",
            prepared.owned(dialect, promise, ("id",), ("contact_id", True)),
            {"owner_id": 1, "contact_id": [*ids]},
        ),
        (
            "takeaways",
            prepared.owned(dialect, takeaway, ("id",), ("contact_id", False)),
            {"owner_id": 1, "contact_id": ids[0]},
        ),
        (
            "offers",
            prepared.owned(dialect, introduction, ("id",), ("from_id", True)),
            {"owner_id": 1, "from_id": [*ids]},
        ),
        (
            "states",
            prepared.owned(dialect, followup_state, ("id",), ("contact_id", True)),
            {"owner_id": 1, "contact_id": [*ids]},
        ),
    ]


def test_each_statement_gives_what_sqlalchemy_gives(workspace, contacts):
    """Dates, instants (aware, UTC), names and counts come back the same both ways, on a
    workspace with items due, a meeting this week and a conversation booked."""
    ada = contacts.add("Ada Lovelace", company="Analytical Engines")
    grace = contacts.add("Grace Hopper")
    contacts.log(str(ada.id), "outreach", at="2026-11-16T10:00")
    contacts.log(str(grace.id), "meeting", at="2026-11-25T15:00")
    workspace.agenda(7)  # fills the agenda cache
    with workspace.reading() as conn:
        found = 0
        for name, statement, values in _statements(conn.dialect.name, (ada.id, grace.id)):
            fast, slow = _both(conn, statement, values)
            assert fast == slow, name
            found += bool(fast)
        assert found >= 12, "most statements found rows: the comparison compared something"
        rows = prepared.rows(conn, agenda_cache._page_query(False, True), _statements()[4][2])
        assert rows, "the workspace has items due: the comparison compared something"
        due_at = [r.due_at for r in rows if r.due_at is not None]
        assert all(d.tzinfo is not None for d in due_at)


def test_rows_are_read_by_name_and_by_position(workspace):
    with workspace.reading() as conn:
        (row,) = prepared.rows(conn, users._ZONE_AND_GOAL, {"owner_id": workspace.owner_id})
        assert row.timezone == row[0] == users.zone_and_goal(conn, workspace.owner_id)[0]
        assert row.weekly_goal == row[1]


def test_listeners_see_every_statement(workspace):
    """A test or a profiler that listens to the engine sees each statement: the driver is
    not used behind its back."""
    seen: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    event.listen(workspace.engine, "before_cursor_execute", record)
    try:
        with workspace.reading() as conn:
            users.zone_and_goal(conn, workspace.owner_id)
    finally:
        event.remove(workspace.engine, "before_cursor_execute", record)
    assert any("weekly_goal" in s for s in seen)


def test_a_statement_whose_sql_depends_on_the_values_takes_sqlalchemy(workspace, contacts):
    ada = contacts.add("Ada Lovelace")
    statement = select(contact.c.name).where(contact.c.id.in_(bindparam("ids", expanding=True)))
    with workspace.reading() as conn:
        assert [tuple(r) for r in prepared.rows(conn, statement, {"ids": [ada.id]})] == [
            ("Ada Lovelace",)
        ]


def test_the_reads_run_in_the_connections_transaction(workspace):
    """Two reads of one ``reading()`` see one snapshot: the first begins the transaction
    (SQLite: the driver alone would run each in a transaction of its own)."""
    if workspace.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL reads in autocommit: each statement its own snapshot")
    statement = select(user.c.weekly_goal).where(user.c.id == bindparam("o", type_=Integer))
    with workspace.reading() as conn:
        prepared.rows(conn, statement, {"o": workspace.owner_id})
        assert conn.in_transaction()
        assert conn.connection.driver_connection.in_transaction


def test_the_driver_runs_each_statement_on_both_backends(workspace):
    """Each statement a page runs through ``prepared.rows`` is planned (run on the driver,
    not handed back to ``conn.execute``) on SQLite and on PostgreSQL, a list of ids sent
    as one array parameter (``database.among``) included on PostgreSQL."""
    from coffeechat.store import database

    with workspace.reading() as conn:
        postgresql = conn.dialect.name == "postgresql"
        for name, statement, values in _statements(conn.dialect.name):
            listed = any(isinstance(v, list) for v in values.values())  # SQLite: IN (...)
            assert (prepared._plan(conn, statement) is not None) == (postgresql or not listed), name
        among = select(contact.c.name).where(database.among(conn, contact.c.id, [1, 2]))
        planned = prepared._plan(conn, among)
        assert (planned is not None) == (conn.dialect.name == "postgresql")


def test_a_driver_error_is_raised_as_sqlalchemy_raises_it(workspace):
    """What fails on the driver comes out as SQLAlchemy's error (what the service layer
    catches), not the driver's own, and the connection is usable afterwards."""
    from sqlalchemy import Column, MetaData, Table, exc

    nowhere = Table("no_such_table", MetaData(), Column("id", Integer))
    statement = select(nowhere.c.id).where(nowhere.c.id == bindparam("i", type_=Integer))
    with pytest.raises(exc.DBAPIError) as raised, workspace.reading() as conn:
        prepared.rows(conn, statement, {"i": 1})
    assert "no_such_table" in str(raised.value)
    with workspace.reading() as conn:
        assert users.zone_and_goal(conn, workspace.owner_id)[0]
