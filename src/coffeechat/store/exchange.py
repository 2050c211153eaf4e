"""Every owned row out (for the JSON export) and back in (for the import), ids kept.

Rows are plain dicts keyed by column name, without ``owner_id`` (the workspace's owner
is the one that counts). Derived columns (a company's ``name_key``) and the search
index are not dumped: the import computes the one and the service rebuilds the other.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Table, bindparam, func, insert, select, update

from coffeechat.store.companies import name_key
from coffeechat.store.schema import (
    calendar_source,
    company,
    contact,
    contact_email,
    contact_tag,
    conversation,
    event,
    followup_state,
    guide,
    introduction,
    note,
    path,
    path_step,
    promise,
    proposal,
    proposal_option,
    search_doc,
    takeaway,
    user,
)

#: Owned tables in an order where every row comes after the rows it points at (but for a
#: contact's ``introduced_by_id``, set once every contact is in).
TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        company,
        contact,
        contact_email,
        contact_tag,
        event,
        calendar_source,
        guide,
        conversation,
        proposal,
        proposal_option,
        note,
        takeaway,
        promise,
        introduction,
        followup_state,
        path,
        path_step,
    )
}

#: Columns that are not dumped: computed again on the way in.
_DERIVED = {"owner_id", "name_key"}

#: Columns pointing at a row of the same table: inserted empty, then set.
_SELF_REFS = {"contact": "introduced_by_id"}

#: The owner's columns that the export carries (all but the id).
OWNER_COLUMNS = tuple(c.name for c in user.columns if c.name != "id")


def _columns(table: Table) -> list[Any]:
    return [c for c in table.columns if c.name not in _DERIVED]


def _order(table: Table) -> list[Any]:
    if "id" in table.c:
        return [table.c.id]
    return [c for c in table.primary_key.columns]


def snapshot(conn: Connection) -> Connection:
    """The connection, reading from one snapshot of the database until it ends (call before
    its first statement): SQLite's transactions do so already; PostgreSQL's need REPEATABLE
    READ, or a row written meanwhile by someone else could appear half."""
    if conn.dialect.name == "postgresql":
        return conn.execution_options(isolation_level="REPEATABLE READ")
    return conn


def dump(conn: Connection, owner_id: int) -> dict[str, list[dict[str, Any]]]:
    """Every row the owner has, table by table, in id order."""
    out: dict[str, list[dict[str, Any]]] = {}
    for name, table in TABLES.items():
        rows = conn.execute(
            select(*_columns(table)).where(table.c.owner_id == owner_id).order_by(*_order(table))
        )
        out[name] = [dict(r._mapping) for r in rows]
    return out


def owner_row(conn: Connection, owner_id: int) -> dict[str, Any]:
    """The owner's settings and when they were created, by column."""
    row = conn.execute(select(user).where(user.c.id == owner_id)).one()
    return {c: row._mapping[c] for c in OWNER_COLUMNS}


def replace_owner(conn: Connection, owner_id: int, values: Mapping[str, Any]) -> None:
    """Overwrite the owner's settings (and creation instant) with ``values``."""
    unknown = set(values) - set(OWNER_COLUMNS)
    if unknown:
        raise KeyError(", ".join(sorted(unknown)))
    conn.execute(update(user).where(user.c.id == owner_id).values(**values))


def occupied(conn: Connection) -> dict[str, int]:
    """How many rows each non-empty owned table holds (the search index included), and
    ``user`` when there is more than one user: an empty workspace gives ``{}``."""
    out: dict[str, int] = {}
    for name, table in (*TABLES.items(), ("search_doc", search_doc)):
        count = conn.execute(select(func.count()).select_from(table)).scalar_one()
        if count:
            out[name] = int(count)
    users = conn.execute(select(func.count()).select_from(user)).scalar_one()
    if users > 1:
        out["user"] = int(users)
    return out


def restore(
    conn: Connection, owner_id: int, tables: Mapping[str, Sequence[Mapping[str, Any]]]
) -> None:
    """Insert rows as they are (ids included) for the owner, into an empty workspace.

    On PostgreSQL each id sequence then continues after the largest id restored.
    """
    unknown = set(tables) - set(TABLES)
    if unknown:
        raise KeyError(", ".join(sorted(unknown)))
    for name, table in TABLES.items():
        rows = [dict(r) for r in tables.get(name, [])]
        if not rows:
            continue
        columns = {c.name for c in _columns(table)}
        for r in rows:
            extra = set(r) - columns
            if extra:
                raise KeyError(f"{name}: {', '.join(sorted(extra))}")
            r["owner_id"] = owner_id
            if name == "company":
                r["name_key"] = name_key(r["name"])
        self_ref = _SELF_REFS.get(name)
        later = []
        if self_ref:
            later = [(r["id"], r[self_ref]) for r in rows if r.get(self_ref) is not None]
            rows = [{**r, self_ref: None} for r in rows]
        conn.execute(insert(table), rows)
        if later:
            assert self_ref is not None
            conn.execute(
                update(table)
                .where(table.c.id == bindparam("row_id"))
                .values({self_ref: bindparam("ref_id")}),
                [{"row_id": row_id, "ref_id": ref} for row_id, ref in later],
            )
    if conn.dialect.name == "postgresql":
        _continue_sequences(conn, [n for n in TABLES if tables.get(n)])


def _continue_sequences(conn: Connection, names: Sequence[str]) -> None:
    """Move each table's id sequence past the ids inserted by hand."""
    for name in names:
        table = TABLES[name]
        if "id" not in table.c:
            continue
        conn.execute(
            select(
                func.setval(
                    func.pg_get_serial_sequence(name, "id"),
                    select(func.max(table.c.id)).scalar_subquery(),
                )
            )
        )
