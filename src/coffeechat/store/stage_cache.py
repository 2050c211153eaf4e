"""The stage cache (0008): each contact's derived stage, with the interval of "now" in
which the derivation gives it. Triggers delete a contact's row when its events, its
conversations, the introductions offered to it (0009) or the contact itself change; a row
is used only while valid."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Integer,
    Select,
    and_,
    bindparam,
    delete,
    func,
    or_,
    select,
)

from coffeechat.core.model import Stage
from coffeechat.store.database import lock_owner_feeds, upsert_many
from coffeechat.store.schema import company, contact, contact_tag, stage_cache, user


@dataclass(frozen=True)
class Cached:
    """One contact's derived stage, as a cache row holds it (and the contact's name)."""

    contact_id: int
    name: str
    stage: Stage
    since: dt.datetime | None


@dataclass(frozen=True)
class Row:
    """A derivation to cache: valid while ``valid_from <= now < valid_until``."""

    contact_id: int
    stage: Stage
    since: dt.datetime | None
    valid_from: dt.datetime | None
    valid_until: dt.datetime | None


def _valid(now: dt.datetime, user_zone: str) -> ColumnElement[bool]:
    return and_(
        stage_cache.c.user_zone == user_zone,
        or_(stage_cache.c.valid_from.is_(None), stage_cache.c.valid_from <= now),
        or_(stage_cache.c.valid_until.is_(None), stage_cache.c.valid_until > now),
    )


def stale_ids(
    conn: Connection, owner_id: int, now: dt.datetime, user_zone: str, limit: int | None = None
) -> list[int]:
    """The owner's contacts without a row valid at ``now`` for ``user_zone``, by id (the
    first ``limit`` of them)."""
    joined = contact.outerjoin(
        stage_cache,
        and_(
            stage_cache.c.contact_id == contact.c.id,
            stage_cache.c.owner_id == owner_id,  # (the owner's rows only, by their index)
            _valid(now, user_zone),
        ),
    )
    query = (
        select(contact.c.id)
        .select_from(joined)
        .where(contact.c.owner_id == owner_id, stage_cache.c.contact_id.is_(None))
        .order_by(contact.c.id)
        .limit(limit)
    )
    return [r[0] for r in conn.execute(query)]


def contact_count(conn: Connection, owner_id: int) -> int:
    """How many contacts the owner has (each has a valid row when none is stale)."""
    query = select(func.count()).select_from(contact).where(contact.c.owner_id == owner_id)
    return int(conn.execute(query).scalar_one())


def lock_feeds(conn: Connection, owner_id: int) -> None:
    """Keep every writer of what feeds a stage of ``owner_id`` out until the transaction
    ends, so that nothing lands between reading a history and caching what it gives
    (``database.lock_owner_feeds``: on PostgreSQL that owner's lock, exclusive; the
    refresh opens its transaction with it, ``writing(refresh=True)``). SQLite: the
    transaction's write lock (BEGIN IMMEDIATE) does it already."""
    lock_owner_feeds(conn, owner_id, exclusive=True)


def save(conn: Connection, owner_id: int, user_zone: str, rows: Sequence[Row]) -> None:
    """Cache ``rows`` in place of whatever the cache held for those contacts (an upsert:
    two processes refreshing the same contact at once both succeed)."""
    if not rows:
        return
    upsert_many(
        conn,
        stage_cache,
        ("contact_id",),
        [
            {
                "owner_id": owner_id,
                "contact_id": r.contact_id,
                "stage": r.stage.value,
                "since": r.since,
                "user_zone": user_zone,
                "valid_from": r.valid_from,
                "valid_until": r.valid_until,
            }
            for r in rows
        ],
    )


def drop_orphans(conn: Connection, owner_id: int) -> None:
    """Forget rows whose contact is gone without its cascade (a connection that did not
    turn SQLite's foreign keys on): they would be counted."""
    conn.execute(
        delete(stage_cache).where(
            stage_cache.c.owner_id == owner_id,
            stage_cache.c.contact_id.not_in(select(contact.c.id)),
        )
    )


def counts(conn: Connection, owner_id: int, now: dt.datetime, user_zone: str) -> dict[Stage, int]:
    """How many of the owner's contacts each stage holds, by their valid rows."""
    query = (
        select(stage_cache.c.stage, func.count())
        .where(stage_cache.c.owner_id == owner_id, _valid(now, user_zone))
        .group_by(stage_cache.c.stage)
    )
    return {Stage(stage): int(n) for stage, n in conn.execute(query)}


def _columns() -> tuple[ColumnElement[object], ...]:
    return (stage_cache.c.contact_id, contact.c.name, stage_cache.c.stage, stage_cache.c.since)


def _cached(rows: Sequence[object]) -> list[Cached]:
    return [Cached(r[0], r[1], Stage(r[2]), r[3]) for r in rows]  # type: ignore[index]


def longest_waiting(
    conn: Connection, owner_id: int, stage: Stage, now: dt.datetime, user_zone: str, n: int
) -> list[Cached]:
    """The ``n`` contacts of ``stage`` that have waited longest at ``now`` (``now`` less
    ``since``, 0 when ``since`` is missing or later), ties in list order (name, id).

    Two reads, each through the (owner, stage, since) index: those that waited, by
    ``since``; then, if fewer than ``n``, those that did not (all tied), by name."""
    query = (
        select(*_columns())
        .join(contact, contact.c.id == stage_cache.c.contact_id)
        .where(
            stage_cache.c.owner_id == owner_id,
            stage_cache.c.stage == stage.value,
            _valid(now, user_zone),
        )
    )
    waited = query.where(stage_cache.c.since < now)
    found = _cached(
        conn.execute(
            waited.order_by(stage_cache.c.since, func.lower(contact.c.name), contact.c.id).limit(n)
        ).all()
    )
    if len(found) < n:
        rest = query.where(or_(stage_cache.c.since.is_(None), stage_cache.c.since >= now))
        rest = rest.order_by(func.lower(contact.c.name), contact.c.id).limit(n - len(found))
        found += _cached(conn.execute(rest).all())
    return found


def of_contacts(
    conn: Connection, owner_id: int, ids: Sequence[int], now: dt.datetime, user_zone: str
) -> list[Cached]:
    """The valid rows of these contacts, in list order (name, id)."""
    if not ids:
        return []
    query = (
        select(*_columns())
        .join(contact, contact.c.id == stage_cache.c.contact_id)
        .where(
            stage_cache.c.owner_id == owner_id,
            stage_cache.c.contact_id.in_(list(ids)),
            _valid(now, user_zone),
        )
        .order_by(func.lower(contact.c.name), contact.c.id)
    )
    return _cached(conn.execute(query).all())


@dataclass(frozen=True)
class Listed:
    """A contact as the list shows it: its stage is None when no row is valid."""

    id: int
    name: str
    company: str | None
    stage: Stage | None


def listed(
    conn: Connection,
    owner_id: int,
    now: dt.datetime,
    user_zone: str | None,
    *,
    tag: str | None = None,
    company_id: int | None = None,
    stage: Stage | None = None,
    limit: int,
    offset: int = 0,
) -> list[Listed]:
    """One page of the owner's contacts in list order (name, id: ``contact_ids``), each
    with its company's name and its stage if its row is valid at ``now``: one read,
    along the (owner, lower(name), id) index. With ``stage`` only the contacts whose
    valid row holds it (so only right when no row is stale). ``user_zone`` None: the
    owner's, read by the same query."""
    query = _listed_query(
        tag is not None, company_id is not None, stage is not None, user_zone is None
    )
    values = {
        "owner_id": owner_id,
        "now": now,
        "user_zone": user_zone,
        "tag": tag,
        "company_id": company_id,
        "stage": stage.value if stage is not None else None,
        "limit": limit,
        "offset": offset,
    }
    return [
        Listed(r[0], r[1], r[2], Stage(r[3]) if r[3] is not None else None)
        for r in conn.execute(query, values)
    ]


@functools.cache
def _listed_query(by_tag: bool, by_company: bool, by_stage: bool, own_zone: bool) -> Select[Any]:
    """The statement of ``listed`` for these filters, built once (every request reads
    it: building it again would cost more than running it)."""
    now = bindparam("now", type_=stage_cache.c.valid_from.type)
    owner_id = bindparam("owner_id", type_=Integer)
    zone: Any = bindparam("user_zone")
    if own_zone:
        zone = select(user.c.timezone).where(user.c.id == owner_id).scalar_subquery()
    valid = and_(
        stage_cache.c.contact_id == contact.c.id,
        # said again although a contact's row is its owner's: without it, PostgreSQL may
        # read every owner's rows (a team server's 50,000) to join a page of 50
        stage_cache.c.owner_id == owner_id,
        stage_cache.c.user_zone == zone,
        or_(stage_cache.c.valid_from.is_(None), stage_cache.c.valid_from <= now),
        or_(stage_cache.c.valid_until.is_(None), stage_cache.c.valid_until > now),
    )
    joined = contact.outerjoin(company, company.c.id == contact.c.company_id)
    if by_stage:
        joined = joined.join(stage_cache, and_(valid, stage_cache.c.stage == bindparam("stage")))
    else:
        joined = joined.outerjoin(stage_cache, valid)
    query = (
        select(contact.c.id, contact.c.name, company.c.name, stage_cache.c.stage)
        .select_from(joined)
        .where(contact.c.owner_id == owner_id)
    )
    if by_tag:
        query = query.where(
            contact.c.id.in_(
                select(contact_tag.c.contact_id).where(
                    contact_tag.c.owner_id == owner_id, contact_tag.c.tag == bindparam("tag")
                )
            )
        )
    if by_company:
        query = query.where(contact.c.company_id == bindparam("company_id"))
    return (
        query.order_by(func.lower(contact.c.name), contact.c.id)
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
    )
