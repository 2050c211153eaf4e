"""A workspace written by an earlier schema upgrades itself when opened, keeping its data."""

import datetime as dt

from sqlalchemy import inspect, text

from coffeechat.service import Workspace
from coffeechat.store import database
from coffeechat.store.migrations import known_revisions
from coffeechat.store.schema import SCHEMA_REVISION
from conftest import make_settings


def test_every_revision_is_known_and_the_newest_is_what_the_code_writes():
    assert {
        "0001_baseline",
        "0002_scheduling",
        "0003_smtp",
        "0004_conversation",
        "0005_followups",
        "0006_search_folded",
        "0007_indexes",
        "0008_stage_cache",
        "0009_cities",
        "0010_paper",
        "0011_introduced",
        "0012_undo",
        "0013_agenda_cache",
        "0014_agenda_text",
        "0015_reason",
        "0016_accounts",
        "0017_review",
        "0018_digests",
        "0019_submission_conversation",
        "0020_cohort_left",
    } <= known_revisions()
    assert SCHEMA_REVISION == "0020_cohort_left"


def test_a_baseline_workspace_upgrades_on_open(database_url, tmp_path):
    engine = database.open_engine(database_url)
    now = dt.datetime(2026, 11, 1, 12)  # stored as naive UTC
    with engine.begin() as conn:
        database.upgrade(conn, "0001_baseline")
        # rows as the baseline wrote them: its columns only, not today's
        conn.execute(
            text(
                'INSERT INTO "user" (id, name, timezone, availability, weekly_goal, created_at) '
                "VALUES (1, 'Sam Rivera', 'America/New_York', 'Mon-Fri 08:00-20:00', 3, :now)"
            ),
            {"now": now},
        )
        conn.execute(
            text(
                "INSERT INTO contact (owner_id, name, work_hours, created_at) "
                "VALUES (1, 'Ada Lovelace', 'Mon-Fri 09:00-17:00', :now)"
            ),
            {"now": now},
        )
    assert "proposal" not in inspect(engine).get_table_names()
    engine.dispose()

    workspace = Workspace.open(make_settings(tmp_path / "ws", database_url))
    try:
        assert [c.name for c in workspace.list_contacts()] == ["Ada Lovelace"]
        assert workspace.get_settings().smtp_security == "starttls"  # 0003's default
        with workspace.reading() as conn:
            version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            assert version == SCHEMA_REVISION
            assert "proposal" in inspect(conn).get_table_names()
        assert workspace.propose_slots("ada").options
    finally:
        workspace.close()


def test_0020_makes_cohort_names_unique_whatever_their_case(database_url):
    """Names that differ only by case were allowed before 0020: the oldest keeps its
    name, the others are renamed; then a unique index on lower(name) holds, and the
    memberships gain the columns of what a coach keeps of those who left (empty)."""
    import pytest
    from sqlalchemy.exc import IntegrityError

    engine = database.open_engine(database_url)
    now = dt.datetime(2026, 11, 1, 12)
    try:
        with engine.begin() as conn:
            database.upgrade(conn, "0018_digests")
            conn.execute(
                text(
                    'INSERT INTO "user" (id, name, timezone, availability, weekly_goal, '
                    "created_at, login_email, role, active) VALUES (1, 'Lee', 'UTC', "
                    "'Mon-Fri 09:00-17:00', 3, :now, 'lee@example.org', 'coach', true)"
                ),
                {"now": now},
            )
            for ident, name in ((1, "Alpha"), (2, "alpha"), (3, "ALPHA"), (4, "Beta")):
                conn.execute(
                    text(
                        "INSERT INTO cohort (id, name, coach_id, weekly_goal, invite_code, "
                        "created_at) VALUES (:id, :name, 1, 3, :code, :now)"
                    ),
                    {"id": ident, "name": name, "code": f"code{ident}", "now": now},
                )
            conn.execute(
                text(
                    "INSERT INTO cohort_member (cohort_id, user_id, status, joined_at) "
                    "VALUES (1, 1, 'inactive', :now)"
                ),
                {"now": now},
            )
        with engine.begin() as conn:
            database.upgrade(conn)
        with engine.begin() as conn:
            names = conn.execute(text("SELECT id, name FROM cohort ORDER BY id")).all()
            assert [tuple(r) for r in names] == [
                (1, "Alpha"),
                (2, "alpha (2)"),
                (3, "ALPHA (3)"),
                (4, "Beta"),
            ]
            member = conn.execute(text("SELECT left_at, left_numbers FROM cohort_member"))
            assert [tuple(r) for r in member] == [(None, None)]
        with pytest.raises(IntegrityError), engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO cohort (id, name, coach_id, weekly_goal, invite_code, "
                    "created_at) VALUES (5, 'bETA', 1, 3, 'code5', :now)"
                ),
                {"now": now},
            )
    finally:
        engine.dispose()
