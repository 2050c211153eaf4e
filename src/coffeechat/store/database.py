"""Engines, connection settings and the schema version check."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DatabaseError, OperationalError

from coffeechat.core.errors import DamagedWorkspace, NotAWorkspace
from coffeechat.store.schema import SCHEMA_REVISION

# Bulk writes (store.contacts.insert_many) hand dates straight to the driver: as ISO
# text, as SQLAlchemy writes a Date column (the module's own adapter is deprecated).
sqlite3.register_adapter(dt.date, dt.date.isoformat)


def inserted_ids(conn: Connection, table: str, count: int) -> list[int]:
    """The ids SQLite gave the ``count`` rows just inserted into ``table`` by one
    executemany, in order: the transaction holds the write lock, so they are the newest
    rowids (SQLite's RETURNING does not promise the order of its rows)."""
    last = int(conn.exec_driver_sql(f'SELECT max(id) FROM "{table}"').scalar_one())  # noqa: S608
    return list(range(last - count + 1, last + 1))


def sqlite_url(path: Path) -> str:
    """The SQLAlchemy URL of a SQLite file."""
    return f"sqlite:///{path}"


def is_sqlite(url: str) -> bool:
    """Whether a database URL points at SQLite."""
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str) -> Path | None:
    """The file a SQLite URL points at (None for in-memory or other backends)."""
    parsed = make_url(url)
    if (
        parsed.get_backend_name() != "sqlite"
        or not parsed.database
        or parsed.database == ":memory:"
    ):
        return None
    return Path(parsed.database)


def _sqlite_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin: the module
    # would otherwise run DDL (a migration) outside any transaction.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA busy_timeout = 5000")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN")


def open_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets WAL, foreign keys, a busy timeout and real
    transactions (DDL included)."""
    if is_sqlite(url):
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True)


def current_revision(engine: Engine, where: str) -> str | None:
    """The schema revision stored in the database, or None when it has no schema yet.

    Raises NotAWorkspace when the file is not a database at all, or holds other tables.
    """
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table("alembic_version"):
                if inspect(conn).get_table_names():
                    raise NotAWorkspace(where, "it holds tables of another program")
                return None
            row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
    except (DatabaseError, UnicodeDecodeError) as error:
        if _damaged(engine, error):
            raise DamagedWorkspace(where) from None
        if isinstance(error, OperationalError | UnicodeDecodeError):
            raise
        reason = str(error.orig).splitlines()[0] if error.orig else "unreadable"
        raise NotAWorkspace(where, reason) from None
    return row[0] if row else None


def _damaged(engine: Engine, error: BaseException) -> bool:
    """Whether an error opening a SQLite workspace means a damaged file: SQLite's
    "malformed", or "not a database" for a file that starts like one (a file of notes
    is not a workspace, not a damaged one)."""
    from coffeechat.store import damage

    if not damage.is_damage(error):
        return False
    orig = getattr(error, "orig", None)
    if getattr(orig, "sqlite_errorcode", None) == damage.NOTADB:
        path = sqlite_path(str(engine.url))
        return path is not None and damage.has_sqlite_header(path)
    return True


def upgrade(conn: Connection, revision: str = "head") -> None:
    """Bring the schema to ``revision`` with Alembic (imported only when needed), inside
    the caller's transaction: it lands whole or not at all."""
    from coffeechat.store.migrations import run_upgrade

    run_upgrade(conn, revision)


def needs_upgrade(found: str | None) -> bool:
    """Whether a stored revision is older than the one this code writes."""
    return found != SCHEMA_REVISION
