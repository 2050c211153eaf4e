"""Reads that every page makes, run without SQLAlchemy's execution layer.

A statement built once (a ``functools.cache``'d query with bound parameters) costs
SQLite a few microseconds to run, and SQLAlchemy some forty more to run it: the
execution context, the cursor wrapper, the result and its rows, for every statement of
every page. On PostgreSQL the layer is not noise either: on the team server, where the
processor is what runs out (issue 15), a one-row read costs psycopg about 35 us of the
worker's processor, SQLAlchemy's ``conn.execute`` of a statement built once about 125,
and one built for each call about 240 (``benchmarks/reads.py``). ``rows(conn, statement,
values)`` compiles such a statement once per dialect and then runs it straight on the
driver's connection (sqlite3, or psycopg), with SQLAlchemy's own bind and result
processors (so a date or an instant comes back exactly as ``conn.execute`` gives it), in
the connection's transaction.

What keeps it honest:

- only for statements whose compiled form is the same for every value (no expanding
  ``IN``, no literal rendered at execution); any other statement takes ``conn.execute``;
  lists of ids go to PostgreSQL as one array parameter (``database.among``), so those
  statements qualify there;
- when anything listens to the engine's statements (a test counting them, a profiler),
  every statement takes ``conn.execute``, so the listeners see each one;
- an error of the driver is raised as SQLAlchemy raises it (its ``DBAPIError`` class for
  that error, the connection invalidated when it broke), so callers catch the same;
- tests/test_prepared.py runs each statement of this kind both ways and compares, on
  both backends.
"""

from __future__ import annotations

import functools
from collections import namedtuple
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, bindparam, exc, select
from sqlalchemy.sql.expression import CompoundSelect, Select

#: What ``rows`` runs: a SELECT, or a UNION of them.
Query = Select[Any] | CompoundSelect[Any]


@dataclass(frozen=True)
class _Plan:
    """A statement compiled for SQLite: its SQL, the order of its parameters, their bind
    processors, and the result processors of its columns (by position)."""

    sql: str
    compiled: Any  # SQLCompiled: construct_params gives the defaults of bound parameters
    #: The parameters: by position (sqlite3's ?) in this order, or by name (psycopg's
    #: %(name)s) with these names.
    names: tuple[str, ...]
    named: bool
    #: The names the SQL spells differently (SQLAlchemy escapes some characters).
    escaped: Mapping[str, str]
    #: The bind processors by parameter name (each name once; those without none).
    binds: tuple[tuple[str, Callable[[Any], Any]], ...]
    results: tuple[tuple[int, Callable[[Any], Any]], ...]
    #: Rows as named tuples (by position and by column name, as SQLAlchemy's rows).
    row: Callable[[Sequence[Any]], Sequence[Any]]


#: The drivers ``rows`` runs on directly (any other: ``conn.execute``).
_DRIVERS = frozenset({"pysqlite", "psycopg"})


#: Plans by statement (the statements are built once, so they live as long as these).
_PLANS: dict[tuple[int, str], _Plan | None] = {}


def rows(conn: Connection, statement: Query, values: Mapping[str, Any]) -> Sequence[Any]:
    """The rows of ``statement`` with ``values``, as ``conn.execute(...).all()`` gives them
    (by position or by column name), straight from the driver (sqlite3, psycopg)."""
    dialect = conn.dialect
    if dialect.driver not in _DRIVERS or conn.dispatch.before_cursor_execute:
        return conn.execute(statement, values).all()
    key = (id(statement), dialect.name)
    if key in _PLANS:
        plan = _PLANS[key]
    else:
        plan = _PLANS[key] = _plan(conn, statement)
    if plan is None:
        return conn.execute(statement, values).all()
    if not conn.in_transaction():  # as conn.execute would: the BEGIN of `reading`
        conn.begin()
    given = plan.compiled.construct_params(values, escape_names=False)
    for name, process in plan.binds:  # each value once, however often the SQL uses it
        given[name] = process(given[name])
    parameters: Any
    if plan.named:  # psycopg: %(name)s, by the names as the SQL spells them
        parameters = {plan.escaped.get(n, n): given[n] for n in plan.names}
    else:
        parameters = [given[n] for n in plan.names]
    driver = conn.connection.driver_connection
    assert driver is not None
    try:
        found = driver.execute(plan.sql, parameters).fetchall()
    except conn.dialect.loaded_dbapi.Error as error:  # sqlite3's or psycopg's
        raise _wrapped(conn, plan.sql, parameters, error) from error
    make = plan.row
    if not plan.results:
        return [make(r) for r in found]
    out = []
    for row in found:
        values_of = list(row)
        for i, process in plan.results:
            values_of[i] = process(values_of[i])
        out.append(make(values_of))
    return out


@functools.cache
def owned(dialect: str, table: Table, order: tuple[str, ...], *where: tuple[str, bool]) -> Query:
    """``SELECT * FROM table`` of the owner ``:owner_id``, where each column named in
    ``where`` is the value bound by its name (``False``) or one of the list of ids bound by
    its name (``True``), ordered by the ``order`` columns: built once per dialect and
    shape, for ``rows``."""
    from coffeechat.store.database import ids_in

    query = select(table).where(table.c.owner_id == bindparam("owner_id"))
    for name, many in where:
        column = table.c[name]
        query = query.where(ids_in(dialect, column, name) if many else column == bindparam(name))
    return query.order_by(*(table.c[name] for name in order))


def _wrapped(conn: Connection, sql: str, parameters: Any, error: Any) -> Exception:
    """The driver's ``error`` as ``conn.execute`` raises it: SQLAlchemy's class for it
    (``OperationalError``...), and a connection that broke invalidated, so the pool
    replaces it rather than handing it out again."""
    dialect = conn.dialect
    broken = dialect.is_disconnect(error, conn.connection.dbapi_connection, None)
    if broken:
        conn.invalidate(error)
    wrapped: Exception = exc.DBAPIError.instance(
        sql,
        parameters,
        error,
        dialect.loaded_dbapi.Error,
        connection_invalidated=broken,
        dialect=dialect,
    )
    return wrapped


def _plan(conn: Connection, statement: Query) -> _Plan | None:
    """``statement`` compiled once for ``conn``'s dialect, or None when its SQL depends
    on the values (an expanding IN, a literal rendered at execution)."""
    dialect = conn.dialect
    compiled: Any = statement.compile(dialect=dialect)
    named = dialect.paramstyle == "pyformat"
    if (
        (compiled.positiontup is None and not named)
        or compiled.literal_execute_params
        or compiled.post_compile_params
    ):
        return None
    names = tuple(compiled.bind_names.values()) if named else tuple(compiled.positiontup)
    binds = []
    for name in dict.fromkeys(names):
        process = compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None:
            binds.append((name, process))
    results = []
    for i, column in enumerate(statement.selected_columns):
        process = column.type.dialect_impl(dialect).result_processor(dialect, None)
        if process is not None:
            results.append((i, process))
    keys = list(statement.selected_columns.keys())
    # rows named by the statement's columns (known only here: no class to declare)
    row: Any = namedtuple("Row", keys, rename=True)  # type: ignore[misc]
    make = row._make
    escaped = dict(compiled.escaped_bind_names or {})
    return _Plan(
        compiled.string, compiled, names, named, escaped, tuple(binds), tuple(results), make
    )
