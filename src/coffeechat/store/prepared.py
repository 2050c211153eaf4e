"""Reads that every page makes, run on SQLite without SQLAlchemy's execution layer.

A statement built once (a ``functools.cache``'d query with bound parameters) costs
SQLite a few microseconds to run, and SQLAlchemy some forty more to run it: the
execution context, the cursor wrapper, the result and its rows, for every statement of
every page. ``rows(conn, statement, values)`` compiles such a statement once per dialect
and then runs it straight on the driver's connection, with SQLAlchemy's own bind and
result processors (so a date or an instant comes back exactly as ``conn.execute`` gives
it), in the connection's transaction.

What keeps it honest:

- only for statements whose compiled form is the same for every value (no expanding
  ``IN``, no literal rendered at execution); any other statement takes ``conn.execute``;
- when anything listens to the engine's statements (a test counting them, a profiler),
  every statement takes ``conn.execute``, so the listeners see each one;
- PostgreSQL takes ``conn.execute``: its reads cross a network, the layer is noise;
- tests/test_prepared.py runs each statement of this kind both ways and compares.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.sql.expression import CompoundSelect, Select

#: What ``rows`` runs: a SELECT, or a UNION of them.
Query = Select[Any] | CompoundSelect[Any]


@dataclass(frozen=True)
class _Plan:
    """A statement compiled for SQLite: its SQL, the order of its parameters, their bind
    processors, and the result processors of its columns (by position)."""

    sql: str
    compiled: Any  # SQLCompiled: construct_params gives the defaults of bound parameters
    names: tuple[str, ...]
    #: The bind processors by parameter name (each name once; those without none).
    binds: tuple[tuple[str, Callable[[Any], Any]], ...]
    results: tuple[tuple[int, Callable[[Any], Any]], ...]
    #: Rows as named tuples (by position and by column name, as SQLAlchemy's rows).
    row: Callable[[Sequence[Any]], Sequence[Any]]


#: Plans by statement (the statements are built once, so they live as long as these).
_PLANS: dict[tuple[int, str], _Plan | None] = {}


def rows(conn: Connection, statement: Query, values: Mapping[str, Any]) -> Sequence[Any]:
    """The rows of ``statement`` with ``values``, as ``conn.execute(...).all()`` gives them
    (by position or by column name), on SQLite straight from the driver."""
    if conn.dialect.name != "sqlite" or conn.dispatch.before_cursor_execute:
        return conn.execute(statement, values).all()
    key = (id(statement), conn.dialect.name)
    if key in _PLANS:
        plan = _PLANS[key]
    else:
        plan = _PLANS[key] = _plan(conn, statement)
    if plan is None:
        return conn.execute(statement, values).all()
    if not conn.in_transaction():  # as conn.execute would: the BEGIN of `reading`
        conn.begin()
    given = plan.compiled.construct_params(values)
    for name, process in plan.binds:  # each value once, however often the SQL uses it
        given[name] = process(given[name])
    parameters = [given[n] for n in plan.names]
    driver = conn.connection.driver_connection
    assert driver is not None
    found = driver.execute(plan.sql, parameters).fetchall()
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


def _plan(conn: Connection, statement: Query) -> _Plan | None:
    """``statement`` compiled once for ``conn``'s dialect, or None when its SQL depends
    on the values (an expanding IN, a literal rendered at execution)."""
    dialect = conn.dialect
    compiled: Any = statement.compile(dialect=dialect)
    if (
        compiled.positiontup is None
        or compiled.literal_execute_params
        or compiled.post_compile_params
    ):
        return None
    names = tuple(compiled.positiontup)
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
    return _Plan(compiled.string, compiled, names, tuple(binds), tuple(results), make)
