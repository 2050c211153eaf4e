"""Full-text search over contacts, companies and notes.

SQLite: an FTS5 table (see the baseline migration) ranked with bm25 and cut with
``snippet()``. PostgreSQL: ``to_tsvector('simple', folded)`` with a GIN index, ranked with
``ts_rank`` and cut with ``ts_headline``. Either way every word of the query must match,
as a prefix, and the user's text only ever reaches the database as a bound parameter.

Case and accents do not matter on either: FTS5 folds them itself (``remove_diacritics``);
for PostgreSQL, whose ``unaccent`` extension needs privileges a workspace may not have,
each document's title and body are folded here (``fold``) into its ``folded`` column
(0006), and so is the query: "nandu" finds "Ñandú" and "Ñandú" finds "nandu".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, delete, insert, text

from coffeechat.store.database import upsert
from coffeechat.store.schema import search_doc

MARK_START, MARK_END = "**", "**"
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Hit:
    """One search result: what it is, its id, title, a snippet with marks, and a score."""

    kind: str
    ref_id: int
    title: str
    snippet: str
    score: float


#: The search documents of what was written on a conversation besides its notes.
WRITTEN_KINDS = ("takeaway", "promise")


def written_title(contact_name: str, kind: str, detail: str) -> str:
    """The title of a takeaway's or a promise's search document: whose, what, and its
    kind ("insight") or who promised ("me", "them")."""
    if kind == "promise":
        return f"{contact_name}: promise by {detail}"
    return f"{contact_name}: takeaway ({detail})"


def words(query: str) -> list[str]:
    """The words of a query, as the index sees them."""
    return _WORD.findall(query.lower())


def fold(text: str) -> str:
    """Text as the PostgreSQL index holds it: case folded, accents and other combining
    marks dropped ("Ñandú" → "nandu", "Straße" → "strasse")."""
    lowered = text.casefold()
    if lowered.isascii():
        return lowered
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _folded(conn: Connection, title: str, body: str) -> str | None:
    """The ``folded`` column of a document: PostgreSQL's index reads it; SQLite's FTS5
    folds by itself, so it stays empty there."""
    return None if conn.dialect.name == "sqlite" else fold(f"{title} {body}")


def index(conn: Connection, owner_id: int, kind: str, ref_id: int, title: str, body: str) -> None:
    """Put (or replace) one document in the index: one statement, so two commands
    indexing the same thing at once do not both insert it."""
    values = {
        "owner_id": owner_id,
        "kind": kind,
        "ref_id": ref_id,
        "title": title,
        "body": body,
        "folded": _folded(conn, title, body),
    }
    conn.execute(upsert(conn, search_doc, ("kind", "ref_id"), values))


def unindex(conn: Connection, owner_id: int, kind: str, ref_id: int) -> None:
    """Take one document out of the index."""
    conn.execute(
        delete(search_doc).where(
            search_doc.c.owner_id == owner_id,
            search_doc.c.kind == kind,
            search_doc.c.ref_id == ref_id,
        )
    )


_SQLITE = text(
    "SELECT d.kind, d.ref_id, d.title, "
    "snippet(search_fts, -1, :mark_start, :mark_end, '…', 16) AS snippet, "
    "bm25(search_fts, 5.0, 1.0) AS score "
    "FROM search_fts JOIN search_doc AS d ON d.id = search_fts.rowid "
    "WHERE search_fts MATCH :query AND d.owner_id = :owner "
    "ORDER BY score, d.kind, d.ref_id LIMIT :limit"
)

_POSTGRES = text(
    "SELECT d.kind, d.ref_id, d.title, "
    "ts_headline('simple', d.title || ' ' || d.body, q, "
    "  'StartSel=' || :mark_start || ', StopSel=' || :mark_end "
    "  || ', MaxWords=24, MinWords=6, ShortWord=1') AS snippet, "
    "-ts_rank(setweight(to_tsvector('simple', d.title), 'A') "
    "  || to_tsvector('simple', d.folded), q) AS score "
    "FROM search_doc AS d, to_tsquery('simple', :query) AS q "
    "WHERE d.owner_id = :owner AND to_tsvector('simple', d.folded) @@ q "
    "ORDER BY score, d.kind, d.ref_id LIMIT :limit"
)


def search(conn: Connection, owner_id: int, query: str, limit: int = 20) -> list[Hit]:
    """Documents matching every word of ``query`` (as prefixes), best first."""
    terms = words(query)
    if not terms:
        return []
    if conn.dialect.name == "sqlite":
        statement, match = _SQLITE, " ".join(f'"{t}"*' for t in terms)
    else:
        terms = words(fold(query))
        if not terms:  # nothing but marks
            return []
        statement, match = _POSTGRES, " & ".join(f"{t}:*" for t in terms)
    rows = conn.execute(
        statement,
        {
            "query": match,
            "owner": owner_id,
            "limit": limit,
            "mark_start": MARK_START,
            "mark_end": MARK_END,
        },
    )
    return [Hit(r.kind, r.ref_id, r.title, r.snippet, float(r.score)) for r in rows]


def index_many(conn: Connection, owner_id: int, docs: Sequence[tuple[str, int, str, str]]) -> None:
    """Add many new documents (kind, ref_id, title, body) that are not indexed yet."""
    if not docs:
        return
    if conn.dialect.name == "sqlite":
        # One INSERT ... SELECT, not an executemany: the trigger feeds FTS5 row by row
        # either way, but FTS5 writes its pending terms out at the end of every statement,
        # so one statement per document made a segment per document (4x slower).
        conn.exec_driver_sql(
            "CREATE TEMP TABLE IF NOT EXISTS search_staging (kind, ref_id, title, body)"
        )
        conn.exec_driver_sql("INSERT INTO temp.search_staging VALUES (?, ?, ?, ?)", docs)
        copy = (
            "INSERT INTO search_doc (owner_id, kind, ref_id, title, body) "  # noqa: S608
            f"SELECT {int(owner_id)}, kind, ref_id, title, body "
            "FROM temp.search_staging ORDER BY rowid"
        )
        conn.exec_driver_sql(copy)
        conn.exec_driver_sql("DELETE FROM temp.search_staging")
        return
    conn.execute(  # RETURNING: multi-row statements (the undo triggers record each one)
        insert(search_doc).returning(search_doc.c.id, sort_by_parameter_order=True),
        [
            {
                "owner_id": owner_id,
                "kind": k,
                "ref_id": r,
                "title": t,
                "body": b,
                "folded": fold(f"{t} {b}"),
            }
            for k, r, t, b in docs
        ],
    ).all()
