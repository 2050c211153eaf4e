"""What the user decided about follow-up items: dismissed, or snoozed until a day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, NamedTuple

from sqlalchemy import Connection, insert, select

from coffeechat.store import prepared
from coffeechat.store.schema import followup_state


class StateRow(NamedTuple):
    """One decision about an item (the latest one for an item wins)."""

    contact_id: int
    item: str
    action: str
    until: dt.date | None


def add_state(
    conn: Connection,
    owner_id: int,
    contact_id: int,
    item: str,
    action: str,
    until: dt.date | None,
    now: dt.datetime,
) -> None:
    """Record a dismissal or a snooze."""
    conn.execute(
        insert(followup_state).values(
            owner_id=owner_id,
            contact_id=contact_id,
            item=item,
            action=action,
            until=until,
            created_at=now,
        )
    )


def states(
    conn: Connection, owner_id: int, contact_ids: Sequence[int] | None = None
) -> list[StateRow]:
    """The latest decision about each item (of the items of ``contact_ids`` when given)."""
    rows: Any
    if contact_ids is not None:
        statement = prepared.owned(conn.dialect.name, followup_state, ("id",), ("contact_id", True))
        values = {"owner_id": owner_id, "contact_id": list(contact_ids)}
        rows = prepared.rows(conn, statement, values)
    else:
        query = select(followup_state).where(followup_state.c.owner_id == owner_id)
        rows = conn.execute(query.order_by(followup_state.c.id))
    latest: dict[str, StateRow] = {}
    for r in rows:
        latest[r.item] = StateRow(r.contact_id, r.item, r.action, r.until)
    return list(latest.values())
