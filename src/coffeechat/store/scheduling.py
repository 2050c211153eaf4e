"""Calendars, proposals (offered options) and conversations."""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Connection,
    Integer,
    Row,
    Select,
    bindparam,
    delete,
    insert,
    select,
    update,
)

from coffeechat.store import prepared
from coffeechat.store.database import ids_in, insert_new
from coffeechat.store.schema import calendar_source, conversation, proposal, proposal_option


@dataclass(frozen=True)
class CalendarRow:
    """A stored busy-time source."""

    id: int
    source: str
    is_url: bool
    cached: bytes | None
    fetched_at: dt.datetime | None


@dataclass(frozen=True)
class OptionRow:
    """One option of a proposal, numbered from 1 as `schedule confirm --option N` takes it."""

    number: int
    start: dt.datetime
    end: dt.datetime
    kind: str
    format: str
    place: str
    reason: str


@dataclass(frozen=True)
class ProposalRow:
    """A stored proposal with its options (by position)."""

    id: int
    contact_id: int
    conversation_id: int | None
    status: str
    zone: str
    duration_min: int
    created_at: dt.datetime
    options: tuple[OptionRow, ...]


@dataclass(frozen=True)
class ConversationRow:
    """A stored conversation."""

    id: int
    contact_id: int
    status: str
    start: dt.datetime | None
    end: dt.datetime | None
    zone: str
    place: str | None
    format: str | None
    reschedules: int
    uid: str
    created_at: dt.datetime
    updated_at: dt.datetime
    guide: str | None = None
    planned_minutes: int | None = None
    started_at: dt.datetime | None = None
    skipped: tuple[str, ...] = ()
    reflection: str | None = None
    next_contact: dt.date | None = None
    next_step: str | None = None
    variant: str | None = None
    recapped_at: dt.datetime | None = None
    link: str | None = None  # the video link (0009)


# --- calendars ----------------------------------------------------------------------------


def _calendar(row: Row[Any]) -> CalendarRow:
    return CalendarRow(row.id, row.source, row.is_url, row.cached, row.fetched_at)


def add_calendar(
    conn: Connection,
    owner_id: int,
    source: str,
    is_url: bool,
    cached: bytes | None,
    fetched_at: dt.datetime | None,
    now: dt.datetime,
) -> int | None:
    """Store a busy-time source; its id, or None when it is stored already (the unique
    key decides: of two commands adding it at once, one does)."""
    result = conn.execute(
        insert_new(conn, calendar_source, "owner_id", "source")
        .values(
            owner_id=owner_id,
            source=source,
            is_url=is_url,
            cached=cached,
            fetched_at=fetched_at,
            created_at=now,
        )
        .returning(calendar_source.c.id)
    )
    found = result.scalar()
    return None if found is None else int(found)


def list_calendars(conn: Connection, owner_id: int) -> list[CalendarRow]:
    """The owner's busy-time sources, oldest first."""
    rows = conn.execute(
        select(calendar_source)
        .where(calendar_source.c.owner_id == owner_id)
        .order_by(calendar_source.c.id)
    )
    return [_calendar(r) for r in rows]


def cache_calendar(
    conn: Connection, owner_id: int, calendar_id: int, data: bytes, fetched_at: dt.datetime
) -> None:
    """Keep the last copy read from a source."""
    conn.execute(
        update(calendar_source)
        .where(calendar_source.c.owner_id == owner_id, calendar_source.c.id == calendar_id)
        .values(cached=data, fetched_at=fetched_at)
    )


def remove_calendar(conn: Connection, owner_id: int, calendar_id: int) -> None:
    """Forget a busy-time source."""
    conn.execute(
        delete(calendar_source).where(
            calendar_source.c.owner_id == owner_id, calendar_source.c.id == calendar_id
        )
    )


# --- proposals ----------------------------------------------------------------------------


def add_proposal(
    conn: Connection,
    owner_id: int,
    contact_id: int,
    conversation_id: int | None,
    zone: str,
    duration_min: int,
    options: Sequence[OptionRow],
    now: dt.datetime,
) -> int:
    """Store a proposal as the contact's open one (older open ones are superseded)."""
    conn.execute(
        update(proposal)
        .where(
            proposal.c.owner_id == owner_id,
            proposal.c.contact_id == contact_id,
            proposal.c.status == "open",
        )
        .values(status="superseded")
    )
    pid = int(
        conn.execute(
            insert(proposal)
            .values(
                owner_id=owner_id,
                contact_id=contact_id,
                conversation_id=conversation_id,
                status="open",
                zone=zone,
                duration_min=duration_min,
                created_at=now,
            )
            .returning(proposal.c.id)
        ).scalar_one()
    )
    if options:
        conn.execute(
            insert(proposal_option),
            [
                {
                    "owner_id": owner_id,
                    "proposal_id": pid,
                    "position": o.number,
                    "start": o.start,
                    "end": o.end,
                    "kind": o.kind,
                    "format": o.format,
                    "place": o.place,
                    "reason": o.reason,
                }
                for o in options
            ],
        )
    return pid


def _proposals(
    conn: Connection, owner_id: int, where: Any, values: dict[str, Any] | None = None
) -> list[ProposalRow]:
    """The owner's proposals that ``where`` picks, with their options; ``where`` a
    statement built once (bound parameters in ``values``) or an expression."""
    rows: Any
    if values is not None:
        rows = prepared.rows(conn, where, {"owner_id": owner_id, **values})
    else:
        rows = conn.execute(
            select(proposal).where(proposal.c.owner_id == owner_id, where).order_by(proposal.c.id)
        ).all()
    options: dict[int, list[OptionRow]] = defaultdict(list)
    if rows:
        query = _options_of(conn.dialect.name)
        for o in prepared.rows(conn, query, {"ids": [r.id for r in rows]}):
            options[o.proposal_id].append(
                OptionRow(o.position, o.start, o.end, o.kind, o.format, o.place, o.reason)
            )
    return [
        ProposalRow(
            r.id,
            r.contact_id,
            r.conversation_id,
            r.status,
            r.zone,
            r.duration_min,
            r.created_at,
            tuple(options[r.id]),
        )
        for r in rows
    ]


def open_proposal(conn: Connection, owner_id: int, contact_id: int) -> ProposalRow | None:
    """The contact's open proposal (the options offered and not yet confirmed), if any."""
    query = _open_of(conn.dialect.name, many=False)
    found = _proposals(conn, owner_id, query, {"status": "open", "contact_id": contact_id})
    return found[-1] if found else None


def _open_of(dialect: str, *, many: bool) -> Any:
    """The proposals of the status ``status`` of the contact ``contact_id`` (or of one of
    the list of ids ``contact_id``, ``many``), oldest first (``store/prepared.py``)."""
    return prepared.owned(dialect, proposal, ("id",), ("status", False), ("contact_id", many))


def _conversations_of(dialect: str, *, many: bool) -> Any:
    """The conversations of the contact ``contact_id`` (or of one of the list of ids
    ``contact_id``, ``many``), oldest first."""
    return prepared.owned(dialect, conversation, ("id",), ("contact_id", many))


@functools.cache
def _options_of(dialect: str) -> Any:
    """The options of the proposals ``ids``, in order."""
    return (
        select(proposal_option)
        .where(ids_in(dialect, proposal_option.c.proposal_id))
        .order_by(proposal_option.c.position)
    )


def open_proposals(
    conn: Connection, owner_id: int, contact_ids: Sequence[int] | None = None
) -> dict[int, ProposalRow]:
    """Every contact's open proposal (of ``contact_ids`` when given), by contact id."""
    if contact_ids is not None:
        query = _open_of(conn.dialect.name, many=True)
        found = _proposals(
            conn, owner_id, query, {"status": "open", "contact_id": list(contact_ids)}
        )
    else:
        found = _proposals(conn, owner_id, proposal.c.status == "open")
    return {p.contact_id: p for p in found}


def set_proposal_status(conn: Connection, owner_id: int, proposal_id: int, status: str) -> None:
    """Mark a proposal confirmed (or superseded)."""
    conn.execute(
        update(proposal)
        .where(proposal.c.owner_id == owner_id, proposal.c.id == proposal_id)
        .values(status=status)
    )


# --- conversations ------------------------------------------------------------------------


def _conversation(row: Row[Any]) -> ConversationRow:
    return ConversationRow(
        row.id,
        row.contact_id,
        row.status,
        row.start,
        row.end,
        row.zone,
        row.place,
        row.format,
        row.reschedules,
        row.uid,
        row.created_at,
        row.updated_at,
        row.guide,
        row.planned_minutes,
        row.started_at,
        tuple((row.skipped or "").split()),
        row.reflection,
        row.next_contact,
        row.next_step,
        row.variant,
        row.recapped_at,
        row.link,
    )


def add_conversation(conn: Connection, owner_id: int, values: dict[str, Any]) -> int:
    """Store a conversation; returns its id."""
    result = conn.execute(
        insert(conversation).values(owner_id=owner_id, **values).returning(conversation.c.id)
    )
    return int(result.scalar_one())


def update_conversation(
    conn: Connection, owner_id: int, conversation_id: int, values: dict[str, Any]
) -> None:
    """Change a conversation (a new time, place or status)."""
    conn.execute(
        update(conversation)
        .where(conversation.c.owner_id == owner_id, conversation.c.id == conversation_id)
        .values(**values)
    )


def delete_conversation(conn: Connection, owner_id: int, conversation_id: int) -> None:
    """Remove a conversation (what was written on it goes with it)."""
    conn.execute(
        delete(conversation).where(
            conversation.c.owner_id == owner_id, conversation.c.id == conversation_id
        )
    )


def conversations_for(conn: Connection, owner_id: int, contact_id: int) -> list[ConversationRow]:
    """A contact's conversations, oldest first."""
    values = {"owner_id": owner_id, "contact_id": contact_id}
    rows = prepared.rows(conn, _conversations_of(conn.dialect.name, many=False), values)
    return [_conversation(r) for r in rows]


def scheduled_after(conn: Connection, owner_id: int, now: dt.datetime) -> list[ConversationRow]:
    """The scheduled conversations that end after ``now`` (the user's booked time)."""
    rows = conn.execute(
        select(conversation)
        .where(
            conversation.c.owner_id == owner_id,
            conversation.c.status == "scheduled",
            conversation.c.end > now,
        )
        .order_by(conversation.c.id)
    )
    return [_conversation(r) for r in rows]


def coming(
    conn: Connection, owner_id: int, now: dt.datetime, until: dt.datetime
) -> list[tuple[ConversationRow, str]]:
    """The scheduled conversations that end after ``now`` and start by ``until``, soonest
    first, each with its contact's name: one read along the (owner, status, start)
    index, however many are booked later."""
    values = {"owner_id": owner_id, "now": now, "until": until}
    found = prepared.rows(conn, _coming_query(), values)
    return [(_conversation(r), r.contact_name) for r in found]


@functools.cache
def _coming_query() -> Select[Any]:
    """``coming``'s statement, built once (Today reads it at every request)."""
    from coffeechat.store.schema import contact

    at = conversation.c.start.type
    return (
        select(conversation, contact.c.name.label("contact_name"))
        .join(contact, contact.c.id == conversation.c.contact_id)
        .where(
            conversation.c.owner_id == bindparam("owner_id", type_=Integer),
            conversation.c.status == "scheduled",
            conversation.c.start.is_not(None),
            conversation.c.start <= bindparam("until", type_=at),
            conversation.c.end > bindparam("now", type_=at),
        )
        .order_by(conversation.c.start, conversation.c.id)
    )


def get_conversation(
    conn: Connection, owner_id: int, conversation_id: int
) -> ConversationRow | None:
    """One conversation by id (None when it is not the owner's)."""
    row = conn.execute(
        select(conversation).where(
            conversation.c.owner_id == owner_id, conversation.c.id == conversation_id
        )
    ).first()
    return _conversation(row) if row is not None else None


def conversations_by_contact(
    conn: Connection, owner_id: int, contact_ids: Sequence[int] | None = None
) -> dict[int, list[ConversationRow]]:
    """Every contact's conversations (of ``contact_ids`` when given), oldest first."""
    rows: Any
    if contact_ids is not None:
        if not contact_ids:
            return {}
        values = {"owner_id": owner_id, "contact_id": list(contact_ids)}
        rows = prepared.rows(conn, _conversations_of(conn.dialect.name, many=True), values)
    else:
        query = select(conversation).where(conversation.c.owner_id == owner_id)
        rows = conn.execute(query.order_by(conversation.c.id))
    out: dict[int, list[ConversationRow]] = defaultdict(list)
    for r in rows:
        out[r.contact_id].append(_conversation(r))
    return out
