"""The agenda cache (0013): the due day of each open follow-up item of every contact, with
the interval of "now" in which the rules give them. Triggers delete a contact's rows
when anything its items are derived from changes; rows are used only while valid.

A page of the agenda reads the due days here, then derives only the contacts that have
something due by the page's last day (store/agenda_cache.py answers "who", the rules
answer "what")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Connection, and_, delete, func, insert, or_, select, text

from coffeechat.store.schema import agenda_cache, contact


@dataclass(frozen=True)
class Derived:
    """One contact's open items as derived: their due days, valid while
    ``valid_from <= now < valid_until`` (None: unbounded)."""

    contact_id: int
    dues: tuple[dt.date, ...]
    valid_from: dt.datetime | None
    valid_until: dt.datetime | None


def _valid(now: dt.datetime, user_zone: str) -> ColumnElement[bool]:
    return and_(
        agenda_cache.c.user_zone == user_zone,
        or_(agenda_cache.c.valid_from.is_(None), agenda_cache.c.valid_from <= now),
        or_(agenda_cache.c.valid_until.is_(None), agenda_cache.c.valid_until > now),
    )


def stale_ids(conn: Connection, owner_id: int, now: dt.datetime, user_zone: str) -> list[int]:
    """The owner's contacts without rows valid at ``now``, by id: every contact when the
    owner has no row at all (a cache never filled, or emptied); else those whose rows
    the triggers marked (a validity that ends before it begins), whose validity ended,
    or that begins later (a clock set back), through the validity indexes. A change of
    the user's zone marks every row (a trigger on ``user``)."""
    filled = conn.execute(
        select(agenda_cache.c.id).where(agenda_cache.c.owner_id == owner_id).limit(1)
    ).first()
    if filled is None:
        query = select(contact.c.id).where(contact.c.owner_id == owner_id).order_by(contact.c.id)
        return [r[0] for r in conn.execute(query)]
    mine = agenda_cache.c.owner_id == owner_id
    ended = select(agenda_cache.c.contact_id).where(mine, agenda_cache.c.valid_until <= now)
    later = select(agenda_cache.c.contact_id).where(mine, agenda_cache.c.valid_from > now)
    ids = {r[0] for r in conn.execute(ended)} | {r[0] for r in conn.execute(later)}
    return sorted(ids)


def lock_feeds(conn: Connection) -> None:
    """Keep every writer of what feeds an item out until the transaction ends, so that
    nothing lands between reading a history and caching what it gives. SQLite: the
    transaction's write lock (BEGIN IMMEDIATE) does it already."""
    if conn.dialect.name == "postgresql":
        conn.execute(
            text(
                "LOCK TABLE event, conversation, contact, introduction, proposal, "
                "proposal_option, promise, followup_state, company IN SHARE MODE"
            )
        )


def save(conn: Connection, owner_id: int, user_zone: str, rows: Sequence[Derived]) -> None:
    """Cache these derivations in place of whatever the cache held for those contacts."""
    if not rows:
        return
    ids = [r.contact_id for r in rows]
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        conn.execute(delete(agenda_cache).where(agenda_cache.c.contact_id.in_(part)))
    values = [
        {
            "owner_id": owner_id,
            "contact_id": r.contact_id,
            "due": due,
            "user_zone": user_zone,
            "valid_from": r.valid_from,
            "valid_until": r.valid_until,
        }
        for r in rows
        for due in (r.dues or (None,))
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
    rows = select(agenda_cache.c.id).where(
        agenda_cache.c.owner_id == owner_id,
        agenda_cache.c.due <= by,
        _valid(now, user_zone),
    )
    if up_to is not None:
        rows = rows.limit(up_to)
    query = select(func.count()).select_from(rows.subquery())
    return int(conn.execute(query).scalar_one())


def contacts_due(
    conn: Connection, owner_id: int, by: dt.date, first: int, now: dt.datetime, user_zone: str
) -> list[int]:
    """The contacts whose items include the ``first`` earliest due on or before ``by``:
    every contact with an item due no later than the ``first``-th earliest day (so that
    the ``first`` most urgent items, whatever breaks ties within a day, are among
    theirs)."""
    valid = and_(agenda_cache.c.owner_id == owner_id, agenda_cache.c.due <= by)
    valid = and_(valid, _valid(now, user_zone))
    last = conn.execute(
        select(agenda_cache.c.due)
        .where(valid)
        .order_by(agenda_cache.c.due)
        .offset(max(first - 1, 0))
        .limit(1)
    ).scalar()
    until = by if last is None else min(last, by)
    query = select(agenda_cache.c.contact_id).where(valid, agenda_cache.c.due <= until).distinct()
    return sorted(r[0] for r in conn.execute(query))
