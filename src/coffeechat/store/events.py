"""The timeline: append-only facts about contacts."""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    Connection,
    Integer,
    Row,
    Select,
    bindparam,
    case,
    delete,
    func,
    insert,
    literal,
    select,
    union_all,
    update,
)

from coffeechat.core.model import Event, EventKind
from coffeechat.store import prepared
from coffeechat.store.schema import event


def add_event(
    conn: Connection,
    owner_id: int,
    contact_id: int,
    kind: EventKind,
    at: dt.datetime,
    zone: str,
    now: dt.datetime,
    note: str | None = None,
    value: str | None = None,
) -> int:
    """Append one event; returns its id."""
    result = conn.execute(
        insert(event)
        .values(
            owner_id=owner_id,
            contact_id=contact_id,
            kind=kind.value,
            at=at,
            zone=zone,
            note=note,
            value=value,
            created_at=now,
        )
        .returning(event.c.id)
    )
    return int(result.scalar_one())


#: A kind by its stored value (a dictionary look-up: lists build hundreds of thousands).
_KINDS = {k.value: k for k in EventKind}


def _to_event(row: Row[Any]) -> Event:
    return Event(
        id=row.id,
        contact_id=row.contact_id,
        kind=_KINDS[row.kind],
        at=row.at,
        zone=row.zone,
        note=row.note,
        value=row.value,
        recorded_at=row.created_at,
    )


def events_for(conn: Connection, owner_id: int, contact_id: int) -> list[Event]:
    """One contact's timeline, oldest first."""
    values = {"owner_id": owner_id, "contact_id": contact_id}
    rows = prepared.rows(conn, _timeline_of(conn.dialect.name, many=False), values)
    return [_to_event(r) for r in rows]


def _timeline_of(dialect: str, *, many: bool) -> Any:
    """The timeline of the contact ``contact_id`` (or those of the list of ids
    ``contact_id``, ``many``), oldest first (``store/prepared.py``)."""
    return prepared.owned(dialect, event, ("at", "id"), ("contact_id", many))


def events_by_contact(
    conn: Connection, owner_id: int, contact_ids: Sequence[int] | None = None
) -> dict[int, list[Event]]:
    """Every contact's timeline at once (for lists and the board), oldest first; only
    those of ``contact_ids`` when given (a page of a list, read through the index)."""
    rows: Any
    if contact_ids is not None:
        if not contact_ids:
            return {}
        values = {"owner_id": owner_id, "contact_id": list(contact_ids)}
        rows = prepared.rows(conn, _timeline_of(conn.dialect.name, many=True), values)
    else:
        query = select(event).where(event.c.owner_id == owner_id)
        rows = conn.execute(query.order_by(event.c.at, event.c.id))
    out: dict[int, list[Event]] = defaultdict(list)
    for r in rows:
        out[r.contact_id].append(_to_event(r))
    return out


def contacts_of_events(conn: Connection, owner_id: int, event_ids: list[int]) -> dict[int, int]:
    """event id → contact id, for the given events."""
    if not event_ids:
        return {}
    rows = conn.execute(
        select(event.c.id, event.c.contact_id).where(
            event.c.owner_id == owner_id, event.c.id.in_(event_ids)
        )
    )
    return {r.id: r.contact_id for r in rows}


def get_event(conn: Connection, owner_id: int, event_id: int) -> Event | None:
    """One timeline entry by id, or None."""
    row = conn.execute(
        select(event).where(event.c.owner_id == owner_id, event.c.id == event_id)
    ).first()
    return _to_event(row) if row is not None else None


def change_event(conn: Connection, owner_id: int, event_id: int, values: dict[str, Any]) -> None:
    """Correct one timeline entry (its note, or when it happened)."""
    conn.execute(
        update(event).where(event.c.owner_id == owner_id, event.c.id == event_id).values(**values)
    )


def delete_event(conn: Connection, owner_id: int, event_id: int) -> bool:
    """Remove one timeline entry; False when there was none."""
    result = conn.execute(delete(event).where(event.c.owner_id == owner_id, event.c.id == event_id))
    return bool(result.rowcount)


def meeting_days(
    conn: Connection,
    owner_id: int,
    start: dt.datetime,
    midnights: Sequence[dt.datetime],
    end: dt.datetime,
) -> int:
    """How many (contact, day) pairs have a meeting logged or a conversation held from
    ``start`` up to ``end`` (both included), the days beginning at ``midnights`` (those
    after ``start``, in order): what a week's count of conversations counts, in SQL
    through the (owner, kind, at) and (owner, status, start) indexes, without reading
    any timeline, nor even the week's meetings, row by row."""
    values: dict[str, Any] = {"owner_id": owner_id, "start": start, "end": end}
    values.update({f"midnight_{i}": m for i, m in enumerate(midnights)})
    return int(prepared.rows(conn, _meeting_days_query(len(midnights)), values)[0][0])


@functools.cache
def _meeting_days_query(midnights: int) -> Select[Any]:
    """The statement of ``meeting_days`` for a week of ``midnights`` + 1 days so far,
    built once (Today reads it at every request: building it cost ten times running it)."""
    from coffeechat.store.schema import conversation

    owner_id = bindparam("owner_id", type_=Integer)
    start = bindparam("start", type_=event.c.at.type)
    end = bindparam("end", type_=event.c.at.type)
    logged = select(event.c.contact_id, event.c.at.label("at")).where(
        event.c.owner_id == owner_id,
        event.c.kind == EventKind.MEETING.value,
        event.c.at >= start,
        event.c.at <= end,
    )
    held = select(conversation.c.contact_id, conversation.c.start.label("at")).where(
        conversation.c.owner_id == owner_id,
        conversation.c.status == "held",
        conversation.c.start.is_not(None),
        conversation.c.start >= start,
        conversation.c.start <= end,
    )
    moments = union_all(logged, held).subquery()
    day: Any = literal(0)
    if midnights:
        day = case(
            *(
                (moments.c.at < bindparam(f"midnight_{i}", type_=event.c.at.type), i)
                for i in range(midnights)
            ),
            else_=midnights,
        )
    pairs = select(moments.c.contact_id, day.label("day")).distinct().subquery()
    return select(func.count()).select_from(pairs)
