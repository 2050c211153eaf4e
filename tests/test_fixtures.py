"""The ``workspace`` fixture copies one workspace made per run (conftest._template):
the copy must be exactly what ``Workspace.create`` makes, on each backend, or every test
that uses it would test something the product never builds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from coffeechat.service import Workspace
from conftest import OWNER, _schema_of, make_settings

#: The catalogue of a PostgreSQL schema, its name replaced by "X".
PG_CATALOGUE = {
    "columns": "SELECT table_name, column_name, data_type, column_default, is_nullable "
    "FROM information_schema.columns WHERE table_schema = :s ORDER BY 1, 2",
    "indexes": "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = :s ORDER BY 1",
    "constraints": "SELECT conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
    "JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = :s ORDER BY 1, 2",
    "triggers": "SELECT t.tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t "
    "JOIN pg_class r ON r.oid = t.tgrelid JOIN pg_namespace n ON n.oid = r.relnamespace "
    "WHERE n.nspname = :s AND NOT t.tgisinternal ORDER BY 1, 2",
    "functions": "SELECT p.proname, p.prosrc FROM pg_proc p "
    "JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = :s ORDER BY 1",
    "sequences": "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = :s "
    "ORDER BY 1",
}
TABLES = ("alembic_version", "user")


def _describe(url: str) -> dict[str, Any]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            if url.startswith("sqlite"):
                found: dict[str, Any] = {
                    "schema": conn.execute(
                        text("SELECT type, name, sql FROM sqlite_master ORDER BY 1, 2")
                    ).all()
                }
                schema = ""
            else:
                schema = _schema_of(url)
                found = {
                    name: [
                        tuple(str(v).replace(schema, "X") for v in row)
                        for row in conn.execute(text(sql), {"s": schema})
                    ]
                    for name, sql in PG_CATALOGUE.items()
                }
            for table in TABLES:
                found[table] = conn.execute(text(f'SELECT * FROM "{table}"')).all()  # noqa: S608
            return found
    finally:
        engine.dispose()


def test_the_copied_workspace_is_the_one_create_makes(
    workspace: Workspace, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    copied = workspace.settings.database_url
    if copied.startswith("sqlite"):
        fresh = f"sqlite:///{tmp_path / 'fresh.db'}"
    else:  # a second schema beside the fixture's
        fresh = request.getfixturevalue("database_url").replace(
            _schema_of(copied), _schema_of(copied) + "_fresh"
        )
        admin = create_engine(fresh.split("?")[0])
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{_schema_of(fresh)}"'))
        request.addfinalizer(admin.dispose)
        request.addfinalizer(lambda: _drop(admin, _schema_of(fresh)))
    Workspace.create(make_settings(tmp_path / "fresh", fresh), **OWNER).close()
    made, copy = _describe(fresh), _describe(copied)
    assert made["user"] and made["alembic_version"]
    assert copy == made


def _drop(admin: Any, schema: str) -> None:
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


def test_each_test_gets_its_own_copy(workspace: Workspace) -> None:
    """Two runs of this test (one per backend) each start empty: nothing leaks from the
    template's other copies."""
    assert workspace.list_contacts() == []
    workspace.add_contact(name="Ada Lovelace")
    assert len(workspace.list_contacts()) == 1
