"""Paths into a company and the steps each one took."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Row, insert, select

from coffeechat.store.schema import company, contact, path, path_step


@dataclass(frozen=True)
class PathRow:
    """A stored path with its company's name and, when via a contact, the contact's."""

    id: int
    company_id: int
    company: str
    role: str
    conventional: bool
    via_contact_id: int | None
    via_contact: str | None
    created_at: dt.datetime


@dataclass(frozen=True)
class StepRow:
    """A stored step of a path."""

    id: int
    path_id: int
    step: str
    on: dt.date
    note: str | None
    created_at: dt.datetime


def insert_path(
    conn: Connection,
    owner_id: int,
    company_id: int,
    role: str,
    via_contact_id: int | None,
    now: dt.datetime,
) -> int:
    """Store a path (conventional when ``via_contact_id`` is None); returns its id."""
    result = conn.execute(
        insert(path)
        .values(
            owner_id=owner_id,
            company_id=company_id,
            role=role,
            via_contact_id=via_contact_id,
            conventional=via_contact_id is None,
            created_at=now,
        )
        .returning(path.c.id)
    )
    return int(result.scalar_one())


def _query(owner_id: int) -> Any:
    return (
        select(
            path,
            company.c.name.label("company_name"),
            contact.c.name.label("contact_name"),
        )
        .select_from(path)
        .join(company, company.c.id == path.c.company_id)
        .outerjoin(contact, contact.c.id == path.c.via_contact_id)
        .where(path.c.owner_id == owner_id)
    )


def _path(row: Row[Any]) -> PathRow:
    return PathRow(
        id=row.id,
        company_id=row.company_id,
        company=row.company_name,
        role=row.role,
        conventional=bool(row.conventional),
        via_contact_id=row.via_contact_id,
        via_contact=row.contact_name,
        created_at=row.created_at,
    )


def get_path(conn: Connection, owner_id: int, path_id: int) -> PathRow | None:
    """One path, or None."""
    row = conn.execute(_query(owner_id).where(path.c.id == path_id)).first()
    return _path(row) if row is not None else None


def list_paths(conn: Connection, owner_id: int) -> list[PathRow]:
    """Every path of the owner, oldest first."""
    return [_path(r) for r in conn.execute(_query(owner_id).order_by(path.c.id))]


def add_step(
    conn: Connection,
    owner_id: int,
    path_id: int,
    step: str,
    on: dt.date,
    note: str | None,
    now: dt.datetime,
) -> int:
    """Store one step of a path; returns its id."""
    result = conn.execute(
        insert(path_step)
        .values(owner_id=owner_id, path_id=path_id, step=step, on=on, note=note, created_at=now)
        .returning(path_step.c.id)
    )
    return int(result.scalar_one())


def _step(row: Row[Any]) -> StepRow:
    return StepRow(row.id, row.path_id, row.step, row.on, row.note, row.created_at)


def steps_for(conn: Connection, owner_id: int, path_id: int) -> list[StepRow]:
    """One path's steps in the order they were taken."""
    rows = conn.execute(
        select(path_step)
        .where(path_step.c.owner_id == owner_id, path_step.c.path_id == path_id)
        .order_by(path_step.c.on, path_step.c.id)
    )
    return [_step(r) for r in rows]


def steps_by_path(conn: Connection, owner_id: int) -> dict[int, list[StepRow]]:
    """Every path's steps at once, each in the order taken."""
    rows = conn.execute(
        select(path_step)
        .where(path_step.c.owner_id == owner_id)
        .order_by(path_step.c.on, path_step.c.id)
    )
    out: dict[int, list[StepRow]] = defaultdict(list)
    for r in rows:
        out[r.path_id].append(_step(r))
    return out
