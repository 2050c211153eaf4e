"""A workspace written by an earlier schema upgrades itself when opened, keeping its data."""

import datetime as dt

from sqlalchemy import insert, inspect, text

from coffeechat.core.model import UserSettings
from coffeechat.service import Workspace
from coffeechat.store import database, users
from coffeechat.store.migrations import known_revisions
from coffeechat.store.schema import SCHEMA_REVISION, contact
from conftest import OWNER, make_settings


def test_every_revision_is_known_and_the_newest_is_what_the_code_writes():
    assert {"0001_baseline", "0002_scheduling"} <= known_revisions()
    assert SCHEMA_REVISION == "0002_scheduling"


def test_a_baseline_workspace_upgrades_on_open(database_url, tmp_path):
    engine = database.open_engine(database_url)
    now = dt.datetime(2026, 11, 1, 12, tzinfo=dt.UTC)
    with engine.begin() as conn:
        database.upgrade(conn, "0001_baseline")
        owner = users.create_owner(conn, UserSettings(**OWNER), now)
        conn.execute(
            insert(contact).values(
                owner_id=owner,
                name="Ada Lovelace",
                work_hours="Mon-Fri 09:00-17:00",
                created_at=now,
            )
        )
    assert "proposal" not in inspect(engine).get_table_names()
    engine.dispose()

    workspace = Workspace.open(make_settings(tmp_path / "ws", database_url))
    try:
        assert [c.name for c in workspace.list_contacts()] == ["Ada Lovelace"]
        with workspace.reading() as conn:
            version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            assert version == SCHEMA_REVISION
            assert "proposal" in inspect(conn).get_table_names()
        assert workspace.propose_slots("ada").options
    finally:
        workspace.close()
