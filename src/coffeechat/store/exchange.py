"""Every owned row out (for the JSON export) and back in (for the import), ids kept.

Rows are plain dicts keyed by column name, without ``owner_id`` (the workspace's owner
is the one that counts). Derived columns (a company's ``name_key``) and the search
index are not dumped: the import computes the one and the service rebuilds the other.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Table, bindparam, func, insert, select, update

from coffeechat.core.model import Contact, Event
from coffeechat.store.companies import name_key
from coffeechat.store.database import cursor_transaction
from coffeechat.store.schema import (
    ACCOUNT_COLUMNS,
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

if TYPE_CHECKING:
    from coffeechat.store.scheduling import ConversationRow

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

#: The owner's columns that the export carries (all but the id and the account's).
OWNER_COLUMNS = tuple(
    c.name for c in user.columns if c.name != "id" and c.name not in ACCOUNT_COLUMNS
)


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


#: Rows read at a time by the chunked readers below (and ids per ``IN`` list).
CHUNK = 1000


def chunks(
    conn: Connection, owner_id: int, name: str, size: int | None = None
) -> Iterator[list[dict[str, Any]]]:
    """The owner's rows of one table (one with an ``id``) in id order, ``size`` at a time:
    each chunk is read when the one before has been used (keyset pagination on the id, so
    memory does not grow with the table, and every chunk is one indexed range)."""
    table = TABLES[name]
    size = size or CHUNK
    last = 0
    while True:
        rows = conn.execute(
            select(*_columns(table))
            .where(table.c.owner_id == owner_id, table.c.id > last)
            .order_by(table.c.id)
            .limit(size)
        ).all()
        if not rows:
            return
        yield [dict(r._mapping) for r in rows]
        if len(rows) < size:
            return
        last = rows[-1].id


def children(
    conn: Connection, owner_id: int, name: str, parent: str, parent_ids: Sequence[int]
) -> list[dict[str, Any]]:
    """The owner's rows of a child table (e-mails, tags, offered times, path steps) that
    belong to the given parents, in primary-key order."""
    table = TABLES[name]
    out: list[dict[str, Any]] = []
    for start in range(0, len(parent_ids), CHUNK):
        part = parent_ids[start : start + CHUNK]
        rows = conn.execute(
            select(*_columns(table))
            .where(table.c.owner_id == owner_id, table.c[parent].in_(part))
            .order_by(*_order(table))
        )
        out.extend(dict(r._mapping) for r in rows)
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
    later: list[tuple[int, int]] = []
    for name in TABLES:
        later += insert_rows(conn, owner_id, name, tables.get(name, []))
    set_introducers(conn, later)
    continue_sequences(conn, [n for n in TABLES if tables.get(n)])


def insert_rows(
    conn: Connection, owner_id: int, name: str, rows: Sequence[Mapping[str, Any]]
) -> list[tuple[int, int]]:
    """Insert some rows of one table as they are (ids included) for the owner: call it in
    ``TABLES`` order, a row after the rows it points at. A contact's introducer is left
    empty: the (contact id, introducer id) pairs returned go to ``set_introducers`` once
    every contact is in."""
    table = TABLES[name]
    if not rows:
        return []
    columns = {c.name for c in _columns(table)}
    values = []
    for r in rows:
        extra = set(r) - columns
        if extra:
            raise KeyError(f"{name}: {', '.join(sorted(extra))}")
        v = {**r, "owner_id": owner_id}
        if name == "company":
            v["name_key"] = name_key(r["name"])
        values.append(v)
    later: list[tuple[int, int]] = []
    self_ref = _SELF_REFS.get(name)
    if self_ref:
        later = [(v["id"], v[self_ref]) for v in values if v.get(self_ref) is not None]
        for v in values:
            v[self_ref] = None
    conn.execute(insert(table), values)
    return later


def set_introducers(conn: Connection, pairs: Sequence[tuple[int, int]]) -> None:
    """Set each restored contact's introducer: (contact id, introducer id) pairs."""
    table, self_ref = contact, _SELF_REFS["contact"]
    for start in range(0, len(pairs), CHUNK):
        conn.execute(
            update(table)
            .where(table.c.id == bindparam("row_id"))
            .values({self_ref: bindparam("ref_id")}),
            [{"row_id": row_id, "ref_id": ref} for row_id, ref in pairs[start : start + CHUNK]],
        )


def continue_sequences(conn: Connection, names: Sequence[str]) -> None:
    """On PostgreSQL, move each named table's id sequence past the ids inserted by hand."""
    if conn.dialect.name == "postgresql":
        _continue_sequences(conn, names)


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


# --- contacts in chunks (CSV and vCard exports, the search index of an import) -------------


def contacts_in_chunks(
    conn: Connection, owner_id: int, by_name: bool = True, size: int | None = None
) -> Iterator[list[Contact]]:
    """The owner's contacts (with e-mails and tags), by name as ``contacts.list_contacts``
    orders them or by id, ``size`` at a time: one query read as it goes (a server-side
    cursor on PostgreSQL), the e-mails and tags of each chunk read with it."""
    from coffeechat.store import contacts as contact_store

    query = contact_store._base_query(owner_id).order_by(
        *((func.lower(contact.c.name), contact.c.id) if by_name else (contact.c.id,))
    )
    with cursor_transaction(conn):
        # options of this statement only: Connection.execution_options would change ``conn``
        result = conn.execute(
            query, execution_options={"stream_results": True, "yield_per": size or CHUNK}
        )
        try:
            for rows in result.partitions():
                ids = [r.id for r in rows]
                emails, tags = contact_store._emails_and_tags(conn, owner_id, ids)
                yield [contact_store._to_contact(r, emails[r.id], tags[r.id]) for r in rows]
        finally:
            result.close()


def timelines_of(
    conn: Connection, owner_id: int, contact_ids: Sequence[int]
) -> tuple[dict[int, list[Event]], dict[int, list[ConversationRow]]]:
    """The timelines (oldest first) and conversations (by id) of the given contacts, as
    ``events.events_by_contact`` and ``scheduling.conversations_by_contact`` give them for
    everyone."""
    from coffeechat.store.events import _to_event
    from coffeechat.store.scheduling import _conversation

    events: dict[int, list[Event]] = defaultdict(list)
    talks: dict[int, list[ConversationRow]] = defaultdict(list)
    for start in range(0, len(contact_ids), CHUNK):
        part = contact_ids[start : start + CHUNK]
        for r in conn.execute(
            select(event)
            .where(event.c.owner_id == owner_id, event.c.contact_id.in_(part))
            .order_by(event.c.at, event.c.id)
        ):
            events[r.contact_id].append(_to_event(r))
        for r in conn.execute(
            select(conversation)
            .where(conversation.c.owner_id == owner_id, conversation.c.contact_id.in_(part))
            .order_by(conversation.c.id)
        ):
            talks[r.contact_id].append(_conversation(r))
    return events, talks


def names_of(conn: Connection, owner_id: int, contact_ids: Sequence[int]) -> dict[int, str]:
    """The names of the given contacts, by id."""
    out: dict[int, str] = {}
    unique = sorted(set(contact_ids))
    for start in range(0, len(unique), CHUNK):
        part = unique[start : start + CHUNK]
        rows = conn.execute(
            select(contact.c.id, contact.c.name).where(
                contact.c.owner_id == owner_id, contact.c.id.in_(part)
            )
        )
        out.update((r.id, r.name) for r in rows)
    return out
