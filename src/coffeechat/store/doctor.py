"""The queries `coffeechat doctor` runs: integrity, foreign keys, orphan rows, the index."""

from __future__ import annotations

from sqlalchemy import Connection, text

from coffeechat.store.database import is_sqlite

#: (table, column, referenced table): references the checks follow (SQLite enforces them
#: only when foreign keys are on, and another tool may have written with them off).
REFERENCES: tuple[tuple[str, str, str], ...] = (
    ("contact", "owner_id", "user"),
    ("contact", "company_id", "company"),
    ("contact", "introduced_by_id", "contact"),
    ("company", "owner_id", "user"),
    ("contact_email", "contact_id", "contact"),
    ("contact_tag", "contact_id", "contact"),
    ("event", "contact_id", "contact"),
    ("conversation", "contact_id", "contact"),
    ("proposal", "contact_id", "contact"),
    ("proposal_option", "proposal_id", "proposal"),
    ("note", "conversation_id", "conversation"),
    ("note", "contact_id", "contact"),
    ("takeaway", "conversation_id", "conversation"),
    ("promise", "conversation_id", "conversation"),
    ("introduction", "from_id", "contact"),
    ("introduction", "to_id", "contact"),
    ("followup_state", "contact_id", "contact"),
    ("path", "company_id", "company"),
    ("path_step", "path_id", "path"),
)

#: search_doc kinds and the table each points into.
INDEXED = {"contact": "contact", "company": "company", "event": "event", "chat-note": "note"}


def integrity(conn: Connection) -> list[str]:
    """SQLite's own page and index check: [] when sound (PostgreSQL checks its own)."""
    if not is_sqlite(str(conn.engine.url)):
        return []
    rows = [str(r[0]) for r in conn.exec_driver_sql("PRAGMA integrity_check")]
    return [] if rows == ["ok"] else rows


def orphans(conn: Connection) -> list[tuple[str, str, int]]:
    """(table, column, count) of rows whose reference points at nothing."""
    found = []
    for table, column, target in REFERENCES:
        count = conn.execute(
            text(
                f'SELECT count(*) FROM "{table}" t WHERE t.{column} IS NOT NULL '  # noqa: S608
                f'AND NOT EXISTS (SELECT 1 FROM "{target}" r WHERE r.id = t.{column})'
            )
        ).scalar_one()
        if count:
            found.append((table, column, int(count)))
    return found


def stale_index(conn: Connection) -> list[tuple[str, int]]:
    """(kind, count) of search entries whose row is gone."""
    found = []
    for kind, table in INDEXED.items():
        count = conn.execute(
            text(
                "SELECT count(*) FROM search_doc d WHERE d.kind = :kind "  # noqa: S608
                f'AND NOT EXISTS (SELECT 1 FROM "{table}" r WHERE r.id = d.ref_id)'
            ),
            {"kind": kind},
        ).scalar_one()
        if count:
            found.append((kind, int(count)))
    return found


def mismatched_notes(conn: Connection) -> int:
    """Notes filed under a contact other than their conversation's."""
    return int(
        conn.execute(
            text(
                "SELECT count(*) FROM note n JOIN conversation c ON c.id = n.conversation_id "
                "WHERE c.contact_id <> n.contact_id"
            )
        ).scalar_one()
    )


def remove_orphans(conn: Connection) -> int:
    """Delete orphan rows and stale index entries (the doctor's --fix); returns how many.
    Optional references (a contact's company or introducer) are cleared, not deleted."""
    optional = {("contact", "company_id"), ("contact", "introduced_by_id")}
    removed = 0
    for table, column, target in REFERENCES:
        missing = (
            f"{column} IS NOT NULL AND NOT EXISTS "  # noqa: S608 (names from REFERENCES)
            f'(SELECT 1 FROM "{target}" r WHERE r.id = "{table}".{column})'
        )
        if (table, column) in optional:
            sql = f'UPDATE "{table}" SET {column} = NULL WHERE {missing}'  # noqa: S608
        else:
            sql = f'DELETE FROM "{table}" WHERE {missing}'  # noqa: S608
        removed += conn.execute(text(sql)).rowcount or 0
    for kind, table in INDEXED.items():
        removed += (
            conn.execute(
                text(
                    "DELETE FROM search_doc WHERE kind = :kind AND NOT EXISTS "  # noqa: S608
                    f'(SELECT 1 FROM "{table}" r WHERE r.id = search_doc.ref_id)'
                ),
                {"kind": kind},
            ).rowcount
            or 0
        )
    return removed
