"""The last change of the workspace, recorded by triggers so that ``undo`` can revert it.

Every table of user data (``RECORDED``: the schema's tables but the derived
``stage_cache``) carries triggers, generated here from the SQLAlchemy metadata, that
write the inverse of each row change into ``undo_entry`` in the same transaction:

- an INSERT records the new row's key; consecutive ids inserted by one change share one
  entry, a range ``lo..hi`` (an import of 100,000 contacts writes a few hundred entries,
  not 100,000), undone by deleting the range;
- an UPDATE (that changes something) or a DELETE records the old row as JSON, undone by
  writing that row back, with its id.

The triggers record only while a change is open: on SQLite the one row of
``undo_state`` names it (``current``, set as a write transaction begins and cleared as it
ends: SQLite runs one writer at a time); on PostgreSQL the transaction's setting
``coffeechat.change`` does (``SET LOCAL``, so concurrent writers each see their own).
Writes outside (a migration, ``doctor --fix``, ``undo`` itself) are not recorded.

Only the last change is kept: when a change records its first entry, the transaction
(holding ``undo_state``'s row lock) deletes every entry of any other change and makes
itself ``undo_state.last_change``. A change that records nothing (a read, the stage
cache's refresh) leaves the last change as it was.

A migration that adds a table of user data, adds a column to one, or rebuilds one on
SQLite (``batch_alter_table`` drops its triggers) must call ``create_triggers`` for it;
``tests/test_undo.py`` checks every recorded table's triggers at head.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    select,
    text,
)

from coffeechat.store.schema import ACCOUNT_COLUMNS as schema_account_columns
from coffeechat.store.schema import UTCDateTime, metadata

#: The undo log's own tables: kept beside the schema's ``metadata`` (they hold no owner's
#: rows and are not exported; the migration 0009 makes them).
undo_metadata = MetaData()

undo_state = Table(
    "undo_state",
    undo_metadata,
    # row 1 holds the database's counters (``current``, ``next_id``) and no owner; each
    # user who made a change has a row of their own (0016) naming their last change:
    # ``undo`` is per user, one user's change never forgets another's
    Column("id", Integer, primary_key=True),
    Column("owner_id", Integer, index=True, unique=True),
    # SQLite: the change the open write transaction records into (None: none)
    Column("current", BigInteger),
    # SQLite: the last change id given out (PostgreSQL uses the sequence undo_change_id)
    Column("next_id", BigInteger, nullable=False, default=0),
    # the change ``undo`` would revert (None: nothing to undo) and what it was
    Column("last_change", BigInteger),
    Column("label", String(200)),
    Column("created_at", UTCDateTime),
)

undo_entry = Table(
    "undo_entry",
    undo_metadata,
    Column("id", Integer, primary_key=True),
    Column("change_id", BigInteger, nullable=False),
    Column("tbl", String(40), nullable=False),
    # i: inserted (lo..hi, or key), u: updated, d: deleted (lo or key, and old)
    Column("op", String(1), nullable=False),
    Column("lo", BigInteger),
    Column("hi", BigInteger),
    # the primary key as a JSON array, for a table whose key is not one ``id``
    Column("key", Text),
    # the row before the change, as JSON (SQLite: blobs in hex)
    Column("old", Text),
    Index("ix_undo_entry_change_id", "change_id"),
)

#: The PostgreSQL sequence that numbers changes.
SEQUENCE = "undo_change_id"

#: Tables derived from others and kept by their own triggers: not recorded.
DERIVED = frozenset({"stage_cache", "agenda_cache"})

#: Columns that are a cache, not the user's data: an update of only those is no change.
CACHE_COLUMNS: dict[str, frozenset[str]] = {
    "calendar_source": frozenset({"cached", "fetched_at"}),
}

#: Columns that are not the user's data but their account (0016): never recorded (the
#: old row a trigger keeps leaves them out), never written back by ``undo``, and an
#: update of only those is no change. A seeker's ``undo`` must not bring back an old
#: password, role or a deactivated account.
ACCOUNT_COLUMNS: dict[str, frozenset[str]] = {
    "user": schema_account_columns,
}

#: Rows of the search index are restored like any other, but not counted as records.
UNCOUNTED = frozenset({"search_doc"})


def recorded_tables() -> list[Table]:
    """The tables whose changes are recorded, parents before children."""
    return [t for t in metadata.sorted_tables if t.name not in DERIVED]


def keyed_tables() -> tuple[list[str], list[str]]:
    """The recorded tables keyed by one ``id`` (recorded as ranges by ``bulk_inserts``)
    and the others (``contact_tag``: its rows go with their contact)."""
    tables = recorded_tables()
    return [t.name for t in tables if _by_id(t)], [t.name for t in tables if not _by_id(t)]


def _pk(table: Table) -> list[str]:
    return [c.name for c in table.primary_key.columns]


def _by_id(table: Table) -> bool:
    """Whether the table's key is one integer ``id`` (recorded as ranges)."""
    return _pk(table) == ["id"]


def _q(name: str) -> str:
    return f'"{name}"'


def _watched(table: Table) -> list[str]:
    skip = CACHE_COLUMNS.get(table.name, frozenset()) | ACCOUNT_COLUMNS.get(table.name, frozenset())
    return [c.name for c in table.columns if c.name not in skip]


def _kept(table: Table) -> list[Any]:
    """The columns an entry keeps of an old row (all but the account's)."""
    skip = ACCOUNT_COLUMNS.get(table.name, frozenset())
    return [c for c in table.columns if c.name not in skip]


def _narrowed(table: Table) -> bool:
    """Whether the update trigger watches some columns only (``UPDATE OF``)."""
    return table.name in CACHE_COLUMNS or table.name in ACCOUNT_COLUMNS


# --- triggers ------------------------------------------------------------------------------


def trigger_names(table: Table) -> list[str]:
    """The names of a table's undo triggers (the same on both backends)."""
    return [f"undo_{table.name}_{op}" for op in ("insert", "update", "delete")]


def _sqlite_old(table: Table) -> str:
    parts = []
    for column in _kept(table):
        value = f"OLD.{_q(column.name)}"
        if isinstance(column.type, LargeBinary):  # JSON holds no blob: hex, NULL kept
            value = f"CASE WHEN {value} IS NULL THEN NULL ELSE hex({value}) END"
        parts.append(f"'{column.name}', {value}")
    return f"json_object({', '.join(parts)})"


def _sqlite_key(table: Table, row: str) -> tuple[str, str]:
    """(columns, values) naming a row of ``table`` in an undo_entry."""
    if _by_id(table):
        return "lo", f"{row}.id"
    return "key", f"json_array({', '.join(f'{row}.{_q(c)}' for c in _pk(table))})"


_SQLITE_CURRENT = "(SELECT current FROM undo_state WHERE id = 1)"


def sqlite_triggers(table: Table) -> list[str]:
    """The CREATE TRIGGER statements of one table on SQLite."""
    name, insert_name, update_name, delete_name = table.name, *trigger_names(table)
    recording = f"{_SQLITE_CURRENT} IS NOT NULL"
    if _by_id(table):
        # extend the newest entry when it is this change's insert into this table that
        # ends just before this id; otherwise start a new one (changes(): the UPDATE's)
        insert_body = (
            f"UPDATE undo_entry SET hi = NEW.id WHERE id = (SELECT max(id) FROM undo_entry) "  # noqa: S608
            f"AND tbl = '{name}' AND op = 'i' AND hi = NEW.id - 1 "
            f"AND change_id = {_SQLITE_CURRENT}; "
            "INSERT INTO undo_entry (change_id, tbl, op, lo, hi) "
            f"SELECT current, '{name}', 'i', NEW.id, NEW.id FROM undo_state "
            "WHERE id = 1 AND changes() = 0;"
        )
    else:
        column, value = _sqlite_key(table, "NEW")
        insert_body = (
            f"INSERT INTO undo_entry (change_id, tbl, op, {column}) "  # noqa: S608
            f"SELECT current, '{name}', 'i', {value} FROM undo_state WHERE id = 1;"
        )
    column, value = _sqlite_key(table, "OLD")
    old = _sqlite_old(table)
    watched = _watched(table)
    changed = " OR ".join(f"OLD.{_q(c)} IS NOT NEW.{_q(c)}" for c in watched)
    of = f"OF {', '.join(_q(c) for c in watched)} " if _narrowed(table) else ""

    def record(op: str) -> str:
        return (
            f"INSERT INTO undo_entry (change_id, tbl, op, {column}, old) "  # noqa: S608
            f"SELECT current, '{name}', '{op}', {value}, {old} FROM undo_state WHERE id = 1;"
        )

    return [
        f"CREATE TRIGGER {insert_name} AFTER INSERT ON {_q(name)} FOR EACH ROW "
        f"WHEN {recording} BEGIN {insert_body} END",
        f"CREATE TRIGGER {update_name} AFTER UPDATE {of}ON {_q(name)} FOR EACH ROW "
        f"WHEN {recording} AND ({changed}) BEGIN {record('u')} END",
        f"CREATE TRIGGER {delete_name} AFTER DELETE ON {_q(name)} FOR EACH ROW "
        f"WHEN {recording} BEGIN {record('d')} END",
    ]


_PG_CURRENT = "nullif(current_setting('coffeechat.change', true), '')::bigint"


def postgresql_triggers(table: Table) -> list[str]:
    """The functions and triggers of one table on PostgreSQL: inserts recorded once per
    statement, as runs of consecutive ids read from its transition table."""
    name, insert_name, update_name, delete_name = table.name, *trigger_names(table)
    if _by_id(table):
        inserted = (
            "INSERT INTO undo_entry (change_id, tbl, op, lo, hi) "  # noqa: S608
            f"SELECT cid, '{name}', 'i', min(id), max(id) FROM "
            "(SELECT id, id - row_number() OVER (ORDER BY id) AS run FROM undo_new) AS r "
            "GROUP BY run ORDER BY min(id);"
        )
        old_key, old_value = "lo", "OLD.id"
    else:
        columns = ", ".join(_q(c) for c in _pk(table))
        inserted = (
            "INSERT INTO undo_entry (change_id, tbl, op, key) "  # noqa: S608
            f"SELECT cid, '{name}', 'i', jsonb_build_array({columns})::text FROM undo_new;"
        )
        old_key = "key"
        old_value = f"jsonb_build_array({', '.join(f'OLD.{_q(c)}' for c in _pk(table))})::text"
    watched = _watched(table)
    of = f"OF {', '.join(_q(c) for c in watched)} " if _narrowed(table) else ""
    dropped = "".join(f" - '{c}'" for c in sorted(ACCOUNT_COLUMNS.get(name, ())))
    olds = ", ".join(f"OLD.{_q(c)}" for c in watched)
    news = ", ".join(f"NEW.{_q(c)}" for c in watched)
    return [
        f"CREATE OR REPLACE FUNCTION {insert_name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"DECLARE cid bigint := {_PG_CURRENT}; BEGIN "
        f"IF cid IS NOT NULL THEN {inserted} END IF; RETURN NULL; END $$",
        f"CREATE OR REPLACE FUNCTION {update_name}() RETURNS trigger LANGUAGE plpgsql AS $$ "  # noqa: S608
        f"DECLARE cid bigint := {_PG_CURRENT}; BEGIN "
        f"IF cid IS NOT NULL THEN INSERT INTO undo_entry (change_id, tbl, op, {old_key}, old) "
        f"VALUES (cid, '{name}', CASE TG_OP WHEN 'UPDATE' THEN 'u' ELSE 'd' END, "
        f"{old_value}, (to_jsonb(OLD){dropped})::text); END IF; RETURN NULL; END $$",
        f"CREATE TRIGGER {insert_name} AFTER INSERT ON {_q(name)} "
        f"REFERENCING NEW TABLE AS undo_new FOR EACH STATEMENT EXECUTE FUNCTION {insert_name}()",
        f"CREATE TRIGGER {update_name} AFTER UPDATE {of}ON {_q(name)} FOR EACH ROW "
        f"WHEN (ROW({olds}) IS DISTINCT FROM ROW({news})) EXECUTE FUNCTION {update_name}()",
        f"CREATE TRIGGER {delete_name} AFTER DELETE ON {_q(name)} FOR EACH ROW "
        f"EXECUTE FUNCTION {update_name}()",
    ]


def drop_triggers(conn: Connection, table: Table) -> None:
    """Drop a table's undo triggers (and functions), where they exist."""
    for trigger in trigger_names(table):
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {trigger}")
        else:
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {trigger} ON {_q(table.name)}")
            conn.exec_driver_sql(f"DROP FUNCTION IF EXISTS {trigger}() CASCADE")


def reflected(conn: Connection, name: str) -> Table:
    """The table ``name`` as the database has it now. SQLAlchemy cannot read an index on
    an expression from SQLite (contact's ``lower(name)``, 0013) and says so in a warning:
    only the columns matter here."""
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression")
        return Table(name, MetaData(), autoload_with=conn)


def create_triggers(conn: Connection, names: Iterable[str] | None = None) -> None:
    """(Re)create the undo triggers of the tables ``names`` (default: every recorded
    table) for the columns they have in the database now (read from it, so a migration
    gets triggers that fit its own revision): for a migration that adds or rebuilds a
    table or adds a column to one."""
    for name in [t.name for t in recorded_tables()] if names is None else names:
        table = reflected(conn, name)
        drop_triggers(conn, table)
        make = sqlite_triggers if conn.dialect.name == "sqlite" else postgresql_triggers
        for statement in make(table):
            conn.exec_driver_sql(statement)


# --- one change ------------------------------------------------------------------------------


def begin(conn: Connection, change_id: int | None) -> int:
    """Open change ``change_id`` (a new id when None) in this write transaction: what the
    triggers record from now on belongs to it. Returns its id."""
    if conn.dialect.name == "sqlite":
        if change_id is None:
            given = conn.exec_driver_sql(
                "UPDATE undo_state SET next_id = next_id + 1, current = next_id + 1 "
                "WHERE id = 1 RETURNING current"
            ).scalar_one()
            return int(given)
        conn.exec_driver_sql("UPDATE undo_state SET current = ? WHERE id = 1", (change_id,))
        return change_id
    given = conn.execute(
        text(
            "SELECT set_config('coffeechat.change', "
            f"coalesce(CAST(:change AS bigint), nextval('{SEQUENCE}'))::text, true)"
        ),
        {"change": change_id},
    ).scalar_one()
    return int(given)


@contextmanager
def bulk_inserts(
    conn: Connection, ranged: Sequence[str], cascaded: Sequence[str] = ()
) -> Iterator[None]:
    """Inserts in bulk (an import's new rows) recorded as one id range per table of
    ``ranged`` instead of row by row. On SQLite the insert triggers of those tables (and
    of ``cascaded``, children that the ON DELETE CASCADE of those rows removes with
    them, such as an imported contact's tags) are set aside while it runs, inside the
    transaction, and put back as they were; then every id above each table's highest
    before it is the change's (the write lock is held: nobody else inserted). Updates
    and deletes inside are recorded as usual. PostgreSQL's triggers already record a
    statement at a time: nothing to do there."""
    if conn.dialect.name != "sqlite":
        yield
        return
    current = conn.exec_driver_sql("SELECT current FROM undo_state WHERE id = 1").scalar()
    names = [f"undo_{name}_insert" for name in (*ranged, *cascaded)]
    found = conn.execute(
        text(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN :names"
        ).bindparams(_expanding("names")),
        {"names": names},
    ).all()
    if current is None or not found:
        yield
        return
    # each table's range entry is written first (empty), so that it comes before what
    # is recorded inside (an update of a new row is then known as one of the new rows)
    # and after what came before (a row deleted earlier, its id taken again)
    ranges = {}
    for name in ranged:
        before = _highest(conn, name)
        ranges[name] = conn.execute(
            undo_entry.insert()
            .values(change_id=current, tbl=name, op="i", lo=before + 1, hi=before)
            .returning(undo_entry.c.id)
        ).scalar_one()
    for name, _ in found:
        conn.exec_driver_sql(f"DROP TRIGGER {name}")
    try:
        yield
    finally:
        for _, sql in found:
            conn.exec_driver_sql(sql)
    for name, entry in ranges.items():
        after = _highest(conn, name)
        conn.execute(
            text("UPDATE undo_entry SET hi = :after WHERE id = :entry"),
            {"after": after, "entry": entry},
        )
    conn.execute(  # the tables it inserted nothing into
        text("DELETE FROM undo_entry WHERE change_id = :c AND op = 'i' AND hi < lo"),
        {"c": current},
    )


def _highest(conn: Connection, name: str) -> int:
    found = conn.exec_driver_sql(f"SELECT max(id) FROM {_q(name)}").scalar()  # noqa: S608
    return int(found or 0)


def finish(
    conn: Connection,
    change_id: int,
    label: str,
    now: dt.datetime,
    *,
    continued: bool,
    owner_id: int,
) -> bool:
    """Close the change of ``owner_id`` in this transaction, before its commit. When it
    recorded something, it becomes that owner's last change (the entries of their
    previous one are deleted; other users' last changes stay). A ``continued`` change (an
    earlier transaction of it recorded) that meanwhile stopped being the last one
    (another writer's change of the same owner landed between its transactions) cannot
    be undone whole: then nothing is left to undo. Returns whether the change holds
    entries now."""
    sqlite = conn.dialect.name == "sqlite"
    if sqlite:
        conn.exec_driver_sql("UPDATE undo_state SET current = NULL WHERE id = 1")
    else:
        conn.exec_driver_sql("SELECT set_config('coffeechat.change', '', true)")
    recorded = conn.execute(
        text("SELECT 1 FROM undo_entry WHERE change_id = :c LIMIT 1"), {"c": change_id}
    ).first()
    if recorded is None:
        return False
    found = _owner_row(conn, owner_id, lock=True)  # PostgreSQL: one change lands at a time
    if found == change_id:
        return True
    if continued:  # its first part was dropped by another change: none of it is undoable
        conn.execute(text("DELETE FROM undo_entry WHERE change_id = :c"), {"c": change_id})
        forget(conn, owner_id)
        return False
    if found is not None:
        conn.execute(text("DELETE FROM undo_entry WHERE change_id = :c"), {"c": found})
    conn.execute(
        undo_state.update()
        .where(undo_state.c.owner_id == owner_id)
        .values(last_change=change_id, label=label[:200], created_at=now)
    )
    return True


def _owner_row(conn: Connection, owner_id: int, *, lock: bool) -> int | None:
    """The owner's last change (their row made when missing; ``lock``: held, on
    PostgreSQL, until the transaction ends)."""
    from coffeechat.store.database import insert_new

    conn.execute(insert_new(conn, undo_state, "owner_id").values(owner_id=owner_id, next_id=0))
    query = undo_state.select().where(undo_state.c.owner_id == owner_id)
    if lock and conn.dialect.name != "sqlite":
        query = query.with_for_update()
    row = conn.execute(query).one()
    return None if row.last_change is None else int(row.last_change)


def forget(conn: Connection, owner_id: int | None = None) -> None:
    """Nothing to undo any more for ``owner_id`` (after an undo); for anyone when None
    (after a restore or a repair of the whole database)."""
    if owner_id is None:
        conn.execute(text("DELETE FROM undo_entry"))
        conn.execute(undo_state.update().values(last_change=None, label=None, created_at=None))
        return
    found = conn.execute(
        select(undo_state.c.last_change).where(undo_state.c.owner_id == owner_id)
    ).scalar()
    if found is not None:
        conn.execute(text("DELETE FROM undo_entry WHERE change_id = :c"), {"c": found})
    conn.execute(
        undo_state.update()
        .where(undo_state.c.owner_id == owner_id)
        .values(last_change=None, label=None, created_at=None)
    )


@dataclass(frozen=True)
class Last:
    """The change ``undo`` would revert."""

    change_id: int
    label: str
    created_at: dt.datetime | None


def last(conn: Connection, owner_id: int, *, lock: bool = False) -> Last | None:
    """The owner's last change, or None when there is nothing to undo. ``lock`` (in a
    write transaction): no other change of theirs can land until this transaction ends."""
    query = undo_state.select().where(undo_state.c.owner_id == owner_id)
    if lock and conn.dialect.name != "sqlite":
        query = query.with_for_update()
    row = conn.execute(query).first()
    if row is None or row.last_change is None:
        return None
    return Last(int(row.last_change), row.label or "", row.created_at)


# --- reverting ------------------------------------------------------------------------------


@dataclass
class Plan:
    """What reverting a change writes: per table, the inserted rows to delete (id ranges
    or keys) and the old rows to write back (key → row as JSON)."""

    ranges: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    keys: dict[str, list[list[Any]]] = field(default_factory=dict)
    rows: dict[str, dict[tuple[Any, ...], str]] = field(default_factory=dict)

    def records(self) -> int:
        """How many rows the change touched (the search index's aside)."""
        count = 0
        for name, spans in self.ranges.items():
            if name not in UNCOUNTED:
                count += sum(hi - lo + 1 for lo, hi in spans)
        for name, keys in self.keys.items():
            if name not in UNCOUNTED:
                count += len(keys)
        for name, rows in self.rows.items():
            if name not in UNCOUNTED:
                count += len(rows)
        return count


def plan(conn: Connection, change_id: int) -> Plan:
    """Read a change's entries into what reverting it writes: each row goes back to how
    it was before the change's first entry about it (absent, for an inserted one)."""
    result = Plan()
    seen: dict[str, set[tuple[Any, ...]]] = {}
    entries = conn.execute(
        text("SELECT tbl, op, lo, hi, key, old FROM undo_entry WHERE change_id = :c ORDER BY id"),
        {"c": change_id},
    )
    for tbl, op, lo, hi, key, old in entries:
        known = seen.setdefault(tbl, set())
        ident: tuple[Any, ...] = (int(lo),) if lo is not None else tuple(json.loads(key))
        if op == "i":
            if lo is not None:
                result.ranges.setdefault(tbl, []).append((int(lo), int(hi)))
            else:
                known.add(ident)
                result.keys.setdefault(tbl, []).append(list(ident))
            continue
        if ident in known or (
            lo is not None and any(a <= int(lo) <= b for a, b in result.ranges.get(tbl, ()))
        ):
            continue  # inserted by this change, or restored to an earlier state already
        known.add(ident)
        result.rows.setdefault(tbl, {})[ident] = old
    return result


def contacts_of(conn: Connection, revert: Plan, limit: int = 3) -> tuple[list[str], int]:
    """The names of (up to ``limit``) contacts a change touched, and how many it touched."""
    ids: dict[int, str | None] = {}
    count = 0
    for lo, hi in revert.ranges.get("contact", ()):
        count += hi - lo + 1
        for cid in range(lo, min(hi, lo + limit) + 1):
            ids.setdefault(cid, None)
    for ident, old in revert.rows.get("contact", {}).items():
        ids[int(ident[0])] = json.loads(old).get("name")
    for rows in revert.rows.values():
        for old in rows.values():
            row = json.loads(old)
            for column in ("contact_id", "from_id", "to_id"):
                if row.get(column) is not None:
                    ids.setdefault(int(row[column]), None)
    for name, spans in revert.ranges.items():
        table = metadata.tables[name]
        if name == "contact" or "contact_id" not in table.c or len(ids) > limit:
            continue
        for lo, hi in spans:
            found = conn.execute(
                text(
                    f"SELECT DISTINCT contact_id FROM {_q(name)} "  # noqa: S608
                    "WHERE id BETWEEN :lo AND :hi LIMIT 10"
                ),
                {"lo": lo, "hi": hi},
            )
            for (cid,) in found:
                ids.setdefault(int(cid), None)
    for key in revert.keys.get("contact_tag", ()):
        ids.setdefault(int(key[0]), None)
    count = max(count, len(ids))
    wanted = [cid for cid, name in ids.items() if name is None][: limit + 1]
    if wanted:
        names: dict[int, str] = dict(
            conn.execute(
                text("SELECT id, name FROM contact WHERE id IN :ids").bindparams(_expanding("ids")),
                {"ids": wanted},
            ).all()
        )
        for cid in wanted:
            ids[cid] = names.get(cid)
    shown = sorted({n for n in ids.values() if n})[:limit]
    return shown, count


def _expanding(name: str) -> Any:
    from sqlalchemy import bindparam

    return bindparam(name, expanding=True)


def revert(conn: Connection, revert_plan: Plan) -> None:
    """Write the plan: delete what the change inserted (children first), then write
    back the old rows (parents first; a column referring to its own table is set in a
    second pass, once every row it may name is back). The stage cache's triggers forget
    what these writes touch, as for any other write."""
    tables = recorded_tables()
    for table in reversed(tables):
        spans = revert_plan.ranges.get(table.name)
        if spans:
            conn.execute(
                text(f"DELETE FROM {_q(table.name)} WHERE id BETWEEN :lo AND :hi"),  # noqa: S608
                [{"lo": lo, "hi": hi} for lo, hi in spans],
            )
        keys = revert_plan.keys.get(table.name)
        if keys:
            pk = _pk(table)
            where = " AND ".join(f"{_q(c)} = :k{i}" for i, c in enumerate(pk))
            conn.execute(
                text(f"DELETE FROM {_q(table.name)} WHERE {where}"),  # noqa: S608
                [{f"k{i}": v for i, v in enumerate(key)} for key in keys],
            )
    for table in tables:
        rows = revert_plan.rows.get(table.name)
        if rows:
            _write_back(conn, table, list(rows.values()))


def _self_refs(table: Table) -> list[str]:
    return [fk.parent.name for fk in table.foreign_keys if fk.column.table.name == table.name]


def _write_back(conn: Connection, table: Table, olds: Sequence[str]) -> None:
    columns = [c.name for c in _kept(table)]
    later = _self_refs(table)
    pk = _pk(table)
    names = ", ".join(_q(c) for c in columns)
    conflict = ", ".join(_q(c) for c in pk)
    updates = ", ".join(f"{_q(c)} = excluded.{_q(c)}" for c in columns if c not in pk)
    on_conflict = f"ON CONFLICT ({conflict}) DO " + (
        f"UPDATE SET {updates}" if updates else "NOTHING"
    )
    if conn.dialect.name == "sqlite":
        binary = {c.name for c in table.columns if isinstance(c.type, LargeBinary)}
        params = []
        for old in olds:
            row = json.loads(old)
            values = {}
            for c in columns:
                value = row.get(c)
                if c in binary and value is not None:
                    value = bytes.fromhex(value)
                values[f"v_{c}"] = None if c in later else value
            params.append((values, row))
        marks = ", ".join(f":v_{c}" for c in columns)
        conn.execute(
            text(f"INSERT INTO {_q(table.name)} ({names}) VALUES ({marks}) {on_conflict}"),  # noqa: S608
            [values for values, _ in params],
        )
        for column in later:
            conn.execute(
                text(
                    f"UPDATE {_q(table.name)} SET {_q(column)} = :v "  # noqa: S608
                    + "WHERE "
                    + " AND ".join(f"{_q(c)} = :k_{c}" for c in pk)
                ),
                [{"v": row.get(column)} | {f"k_{c}": row[c] for c in pk} for _, row in params],
            )
        return
    # the row type qualified by its schema: a bare "path" is PostgreSQL's geometric type
    schema = str(conn.execute(text("SELECT current_schema()")).scalar_one())
    row_type = f"{_q(schema.replace(chr(34), chr(34) * 2))}.{_q(table.name)}"
    picked = ", ".join(("NULL" if c in later else f"r.{_q(c)}") for c in columns)
    conn.execute(
        text(
            f"INSERT INTO {_q(table.name)} ({names}) SELECT {picked} "  # noqa: S608
            f"FROM jsonb_populate_record(NULL::{row_type}, CAST(:old AS jsonb)) AS r "
            f"{on_conflict}"
        ),
        [{"old": old} for old in olds],
    )
    for column in later:
        where = " AND ".join(f"t.{_q(c)} = r.{_q(c)}" for c in pk)
        conn.execute(
            text(
                f"UPDATE {_q(table.name)} AS t SET {_q(column)} = r.{_q(column)} "  # noqa: S608
                f"FROM jsonb_populate_record(NULL::{row_type}, CAST(:old AS jsonb)) AS r "
                f"WHERE {where}"
            ),
            [{"old": old} for old in olds],
        )
