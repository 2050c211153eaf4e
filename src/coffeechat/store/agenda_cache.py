"""The agenda cache (0013): each open follow-up item of every contact with what the
agenda's order needs (its day, the instant it is due by, its kind's rank, the contact's
name, its id) and its words (the reason and the command, 0014), with the interval of
"now" in which the rules give them. Triggers mark a contact's rows stale when anything
its items are derived from changes; rows are used only while valid.

A page of the agenda is one read here, in the agenda's order; only rows cached before
0014 (no words) send their contacts back to the rules."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Connection,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    case,
    delete,
    exists,
    func,
    insert,
    literal,
    or_,
    select,
    union_all,
    update,
)

from coffeechat.store import prepared
from coffeechat.store.database import lock_owner_feeds
from coffeechat.store.schema import agenda_cache, contact


class Due(NamedTuple):
    """One open item as the agenda sorts it (core/followups.agenda's key, with the kind
    as its index in ``KINDS``), and its words (None in rows cached before 0014)."""

    due: dt.date
    due_at: dt.datetime | None
    kind_rank: int
    name: str
    item: str
    reason: str | None = None
    command: str | None = None


class Shown(NamedTuple):
    """One item of a page, as cached (``row``: its row's id)."""

    row: int
    contact_id: int
    due: Due


@dataclass(frozen=True)
class Derived:
    """One contact's open items as derived, valid while ``valid_from <= now <
    valid_until`` (None: unbounded)."""

    contact_id: int
    items: tuple[Due, ...]
    valid_from: dt.datetime | None
    valid_until: dt.datetime | None


#: The parameters of the statements below, which are built once (Today reads them at
#: every request: building a statement cost more than running it).
_OWNER = bindparam("owner_id", type_=Integer)
_NOW = bindparam("now", type_=agenda_cache.c.valid_from.type)


def _valid() -> ColumnElement[bool]:
    """Rows for the zone ``user_zone`` valid at ``now`` (both bound at execution)."""
    return and_(
        agenda_cache.c.user_zone == bindparam("user_zone", type_=String),
        or_(agenda_cache.c.valid_from.is_(None), agenda_cache.c.valid_from <= _NOW),
        or_(agenda_cache.c.valid_until.is_(None), agenda_cache.c.valid_until > _NOW),
    )


#: What the freshness check answers for "the owner has no row at all" (no contact id).
_EMPTY = -1


@functools.cache
def _stale_queries() -> tuple[CompoundSelect[Any], Select[Any]]:
    """The freshness check in one statement (rows whose validity ended, rows valid only
    later, and ``_EMPTY`` when the owner has no row), and every contact of the owner."""
    c = agenda_cache.c
    ended = select(c.contact_id).where(c.owner_id == _OWNER, c.valid_until <= _NOW)
    later = select(c.contact_id).where(c.owner_id == _OWNER, c.valid_from > _NOW)
    empty = select(literal(_EMPTY)).where(~exists().where(c.owner_id == _OWNER))
    everyone = select(contact.c.id).where(contact.c.owner_id == _OWNER).order_by(contact.c.id)
    return union_all(ended, later, empty), everyone


def stale_ids(conn: Connection, owner_id: int, now: dt.datetime, user_zone: str) -> list[int]:
    """The owner's contacts without rows valid at ``now``, by id: every contact when the
    owner has no row at all (a cache never filled, or emptied); else those whose rows
    the triggers marked (a validity that ends before it begins), whose validity ended,
    or that begins later (a clock set back), through the validity indexes. A change of
    the user's zone marks every row (a trigger on ``user``). One statement when nothing
    is stale (Today asks at every visit)."""
    check, everyone = _stale_queries()
    values = {"owner_id": owner_id, "now": now}
    ids = {r[0] for r in prepared.rows(conn, check, values)}
    if _EMPTY in ids:
        return [r[0] for r in conn.execute(everyone, values)]
    return sorted(ids)


def lock_feeds(conn: Connection, owner_id: int) -> None:
    """Keep every writer of what feeds an item of ``owner_id`` out until the transaction
    ends, so that nothing lands between reading a history and caching what it gives
    (``database.lock_owner_feeds``: on PostgreSQL that owner's lock, exclusive; the
    refresh opens its transaction with it, ``writing(refresh=True)``). SQLite: the
    transaction's write lock (BEGIN IMMEDIATE) does it already."""
    lock_owner_feeds(conn, owner_id, exclusive=True)


def save(conn: Connection, owner_id: int, user_zone: str, rows: Sequence[Derived]) -> None:
    """Cache these derivations in place of whatever the cache held for those contacts."""
    if not rows:
        return
    ids = [r.contact_id for r in rows]
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        conn.execute(
            delete(agenda_cache).where(
                agenda_cache.c.owner_id == owner_id, agenda_cache.c.contact_id.in_(part)
            )
        )
    values = [
        {
            "owner_id": owner_id,
            "contact_id": r.contact_id,
            "due": i.due if i else None,
            "due_at": i.due_at if i else None,
            "kind_rank": i.kind_rank if i else None,
            "name": i.name if i else None,
            "item": i.item if i else None,
            "reason": i.reason if i else None,
            "command": i.command if i else None,
            "user_zone": user_zone,
            "valid_from": r.valid_from,
            "valid_until": r.valid_until,
        }
        for r in rows
        for i in (r.items or (None,))
    ]
    conn.execute(insert(agenda_cache), values)


def count_due(
    conn: Connection,
    owner_id: int,
    by: dt.date,
    now: dt.datetime,
    user_zone: str,
    up_to: int | None = None,
) -> int:
    """How many open items are due on or before ``by`` (counting no further than
    ``up_to`` when given: a page that says "more than N" need not count them all)."""
    values = {"owner_id": owner_id, "by": by, "now": now, "user_zone": user_zone}
    if up_to is not None:
        values["up_to"] = up_to
    return int(prepared.rows(conn, _count_query(up_to is not None), values)[0][0])


@functools.cache
def _count_query(capped: bool) -> Select[Any]:
    c = agenda_cache.c
    rows = select(c.id).where(
        c.owner_id == _OWNER, c.due <= bindparam("by", type_=c.due.type), _valid()
    )
    if capped:
        rows = rows.limit(bindparam("up_to", type_=Integer))
    return select(func.count()).select_from(rows.subquery())


def page(
    conn: Connection,
    owner_id: int,
    by: dt.date,
    today: dt.date,
    now: dt.datetime,
    user_zone: str,
    offset: int = 0,
    limit: int | None = None,
) -> list[Shown]:
    """The items due on or before ``by`` from ``offset`` (at most ``limit`` of them),
    with their contacts, in the agenda's order: by day, the late first (a day before
    ``today``, or an instant due by at or before ``now``), then kind, contact name and
    item id. Names compare as Python compares them (by code point): SQLite's BINARY
    collation does (UTF-8 bytes sort as their code points), PostgreSQL's "C" does, the
    database's default may not."""
    values = {
        "owner_id": owner_id,
        "by": by,
        "today": today,
        "now": now,
        "user_zone": user_zone,
        "offset": offset,
        "limit": limit,
    }
    postgresql = conn.dialect.name == "postgresql"
    query = _page_query(postgresql, limit is not None)
    return [Shown(int(r[0]), int(r[1]), Due(*r[2:])) for r in prepared.rows(conn, query, values)]


@functools.cache
def _page_query(postgresql: bool, limited: bool) -> Select[Any]:
    c = agenda_cache.c
    today = bindparam("today", type_=c.due.type)
    late = or_(c.due < today, and_(c.due_at.is_not(None), c.due_at <= _NOW))
    name: ColumnElement[str] = c.name
    item: ColumnElement[str] = c.item
    if postgresql:
        name, item = name.collate("C"), item.collate("C")
    query = (
        select(
            c.id, c.contact_id, c.due, c.due_at, c.kind_rank, c.name, c.item, c.reason, c.command
        )
        .where(c.owner_id == _OWNER, c.due <= bindparam("by", type_=c.due.type), _valid())
        .order_by(c.due, case((late, 0), else_=1), c.kind_rank, name, item)
        .offset(bindparam("offset", type_=Integer))
    )
    if limited:
        query = query.limit(bindparam("limit", type_=Integer))
    return query


def set_words(conn: Connection, words: Sequence[tuple[int, str, str]]) -> None:
    """Give rows cached without words (before 0014) theirs: (row id, reason, command).
    A row replaced meanwhile has another id, and one that has words keeps them."""
    if not words:
        return
    c = agenda_cache.c
    conn.execute(
        update(agenda_cache)
        .where(c.id == bindparam("row"), c.reason.is_(None))
        .values(reason=bindparam("words_reason"), command=bindparam("words_command")),
        [{"row": r, "words_reason": reason, "words_command": cmd} for r, reason, cmd in words],
    )
