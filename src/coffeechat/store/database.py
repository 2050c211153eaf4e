"""Engines, connection settings and the schema version check."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Table, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DatabaseError, OperationalError

from coffeechat.core.errors import DamagedWorkspace, NotAWorkspace
from coffeechat.store.schema import SCHEMA_REVISION

#: How long a write waits for another connection's write lock before it fails with
#: "database is locked" (seconds; docs/configuration.md says so). Longer than the longest
#: write a user starts: an import of 100,000 rows holds the lock for several seconds on a
#: slow machine.
BUSY_TIMEOUT = 30.0

#: The execution option that marks a connection as one that only reads (``reading``).
READ_ONLY = "coffeechat_read_only"

# Bulk writes (store.contacts.insert_many) hand dates straight to the driver: as ISO
# text, as SQLAlchemy writes a Date column (the module's own adapter is deprecated).
sqlite3.register_adapter(dt.date, dt.date.isoformat)


def inserted_ids(conn: Connection, table: str, count: int) -> list[int]:
    """The ids SQLite gave the ``count`` rows just inserted into ``table`` by one
    executemany, in order: the transaction holds the write lock, so they are the newest
    rowids (SQLite's RETURNING does not promise the order of its rows)."""
    last = int(conn.exec_driver_sql(f'SELECT max(id) FROM "{table}"').scalar_one())  # noqa: S608
    return list(range(last - count + 1, last + 1))


def _insert(conn: Connection, table: Table) -> Any:
    """The INSERT of ``conn``'s dialect, which knows ON CONFLICT."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        return postgresql_insert(table)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table)


def insert_new(conn: Connection, table: Table, *key: str) -> Any:
    """``INSERT ... ON CONFLICT (key) DO NOTHING`` into ``table``, in the dialect of
    ``conn`` (SQLite or PostgreSQL): a row whose unique key is taken is left out, not an
    IntegrityError, so two writers that create the same thing at once make one of it.
    ``key`` names the columns of a unique constraint of the table."""
    return _insert(conn, table).on_conflict_do_nothing(index_elements=[table.c[k] for k in key])


def upsert(
    conn: Connection,
    table: Table,
    key: tuple[str, ...],
    values: dict[str, Any],
    keep: tuple[str, ...] = (),
) -> Any:
    """``INSERT ... ON CONFLICT (key) DO UPDATE``: insert ``values``, or, when a row of
    that unique key exists (made meanwhile by another writer, too), set its other
    columns to them, but for those in ``keep`` (such as a creation time)."""
    statement = _insert(conn, table).values(**values)
    return statement.on_conflict_do_update(
        index_elements=[table.c[k] for k in key],
        set_={c: statement.excluded[c] for c in values if c not in key + keep},
    )


def upsert_many(
    conn: Connection, table: Table, key: tuple[str, ...], rows: list[dict[str, Any]]
) -> None:
    """``upsert`` of many rows in one executemany (every row with the same columns)."""
    if not rows:
        return
    statement = _insert(conn, table)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c[k] for k in key],
        set_={c: statement.excluded[c] for c in rows[0] if c not in key},
    )
    conn.execute(statement, rows)


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
    cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    # A transaction that may write takes the write lock when it begins, waiting up to the
    # busy timeout for it. A deferred one (a plain BEGIN) that reads and then writes asks
    # for the lock at its first write, and SQLite refuses that upgrade at once, without
    # waiting, when another connection wrote since the transaction's first read. Reads
    # stay deferred: under WAL they run beside a writer, and never wait for it.
    if conn.get_execution_options().get(READ_ONLY):
        driver = conn.connection.driver_connection
        if conn.dispatch.before_cursor_execute or driver is None:
            conn.exec_driver_sql("BEGIN")
        else:  # every page begins one: straight to the driver (a plain BEGIN never
            # waits, so never needs SQLAlchemy's errors), as store/prepared.py does
            driver.execute("BEGIN")
    else:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """A connection whose transactions only read: on SQLite they begin deferred, beside
    any writer. Every other transaction is a write (``engine.begin()``, a ``conn.begin()``
    or the autobegin of ``engine.connect()``) and begins with the write lock taken.

    On PostgreSQL a read runs in autocommit: each statement on its own, with no BEGIN and
    no ROLLBACK, two round trips fewer. What it sees is the same: at PostgreSQL's READ
    COMMITTED every statement of a transaction takes a snapshot of its own anyway."""
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.execution_options(isolation_level="AUTOCOMMIT", **{READ_ONLY: True})
        else:
            conn.execution_options(**{READ_ONLY: True})
        yield conn


@contextmanager
def cursor_transaction(conn: Connection) -> Iterator[None]:
    """A transaction around a server-side cursor (``stream_results``), which PostgreSQL
    keeps only inside one: a reading connection there runs in autocommit, so one is
    begun (and ended) on the driver for as long as the cursor is read. Elsewhere,
    nothing to do."""
    if conn.dialect.name != "postgresql":
        yield
        return
    driver = conn.connection.driver_connection
    if driver is None or not getattr(driver, "autocommit", False):
        yield
        return
    with driver.transaction():
        yield


#: The class of the PostgreSQL advisory locks that keep a workspace's caches right ("cf");
#: the owner's id is the lock's second key, so one person's writes never wait for another's.
FEEDS_LOCK = 0x6366


def lock_owner_feeds(conn: Connection, owner_id: int, *, exclusive: bool) -> None:
    """On PostgreSQL, take the lock of ``owner_id``'s feeds until the transaction ends:
    shared by each of their writes (they run side by side), exclusive by a refresh of a
    cache derived from what they wrote (``agenda_cache``, ``stage_cache``), so that no
    write of theirs lands between reading a timeline and caching what it gives. Other
    owners' writes and refreshes never wait for it. SQLite: the write lock of every
    write transaction (BEGIN IMMEDIATE) does it already."""
    if conn.dialect.name != "postgresql":
        return
    how = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
    conn.execute(text(f"SELECT {how}(:kind, :owner)"), {"kind": FEEDS_LOCK, "owner": owner_id})


def among(conn: Connection, column: Any, ids: Sequence[int]) -> Any:
    """``column IN ids``, for a list of ids that changes with every call (a page of
    contacts). On PostgreSQL it is ``column = ANY(:ids)`` with one array parameter: the
    statement's text is the same for any number of ids, so SQLAlchemy and psycopg
    neither expand nor parse it again, and PostgreSQL may keep its plan."""
    return ids_in(conn.dialect.name, column, None, ids)


def ids_in(dialect: str, column: Any, name: str | None = "ids", ids: Any = None) -> Any:
    """``column`` in a list of ids: ``ids``, or for a statement built once (per dialect)
    the list bound as ``name`` when it runs. On PostgreSQL one array parameter (such a
    statement runs straight on the driver: ``store/prepared.py``); on SQLite an
    expanding ``IN``."""
    from sqlalchemy import Integer, any_, bindparam

    given: dict[str, Any] = {} if ids is None else {"value": list(ids)}
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import ARRAY

        return column == any_(bindparam(name, type_=ARRAY(Integer), **given))
    return column.in_(bindparam(name, expanding=True, **given))


def is_locked(error: BaseException) -> bool:
    """Whether a database error means "another writer held the lock too long" (SQLite's
    busy timeout ran out; a PostgreSQL lock timeout, deadlock or serialization failure),
    so the same transaction may succeed if tried again."""
    orig = getattr(error, "orig", None)
    if isinstance(orig, sqlite3.OperationalError):
        code = getattr(orig, "sqlite_errorcode", None)
        if code is not None:
            return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
        return "locked" in str(orig) or "busy" in str(orig)
    return getattr(orig, "sqlstate", None) in _RETRYABLE_SQLSTATES


def is_out_of_range(error: BaseException) -> bool:
    """Whether a database error means "a number too large for its column" (an id given
    from outside, past what an id can be): PostgreSQL's numeric_value_out_of_range, or
    SQLite's driver refusing an integer past 64 bits."""
    if isinstance(error, OverflowError):
        return "too large to convert to SQLite INTEGER" in str(error)
    return getattr(getattr(error, "orig", None), "sqlstate", None) == "22003"


#: lock_not_available, serialization_failure, deadlock_detected
_RETRYABLE_SQLSTATES = frozenset({"55P03", "40001", "40P01"})


#: Connections an engine keeps open (and as many more it may open for a burst).
POOL = 40

#: On PostgreSQL: connections each process keeps open, and how many more it may open for a
#: burst (docs/team.md: max_connections must cover every worker's, and the worker's).
PG_POOL = 15
PG_OVERFLOW = 5


def open_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets WAL, foreign keys, a busy timeout and real
    transactions (DDL included) that take the write lock up front unless they only read
    (``reading``)."""
    if is_sqlite(url):
        # connections kept for as many threads as the web server runs at once (anyio's
        # 40): a connection opened per request (the pool's overflow, closed on return)
        # costs its PRAGMAs, and served pages waited for the 5 kept by default
        engine = create_engine(
            url, connect_args={"timeout": BUSY_TIMEOUT}, pool_size=POOL, max_overflow=POOL
        )
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    # a connection kept for each request a worker serves at once: one opened per request
    # (the overflow of a smaller pool, closed on return) costs PostgreSQL a new backend
    # whose caches start cold, and a team server under load opened one every few requests
    return create_engine(
        url, pool_pre_ping=True, pool_size=PG_POOL, max_overflow=PG_OVERFLOW, pool_recycle=3600
    )


def current_revision(engine: Engine, where: str) -> str | None:
    """The schema revision stored in the database, or None when it has no schema yet.

    Raises NotAWorkspace when the file is not a database at all, or holds other tables.
    """
    try:
        with reading(engine) as conn:
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

    if conn.dialect.name == "postgresql":  # one upgrade (or init) at a time; the next
        # one then finds the schema current (SQLite: BEGIN IMMEDIATE already does this)
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _UPGRADE_LOCK})
    run_upgrade(conn, revision)


#: The PostgreSQL advisory lock that upgrades of the schema take ("cc" in ASCII).
_UPGRADE_LOCK = 0x6363


def needs_upgrade(found: str | None) -> bool:
    """Whether a stored revision is older than the one this code writes."""
    return found != SCHEMA_REVISION
