"""Companies: the employers a user targets."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, Row, func, insert, select, update

from coffeechat.core.model import Company
from coffeechat.store.database import inserted_ids
from coffeechat.store.schema import company

FIELDS = ("name", "website", "advocacy", "motivation", "posting", "note")


def name_key(name: str) -> str:
    """The key that makes two spellings of one company the same company."""
    return " ".join(name.split()).casefold()


def _to_company(row: Row[Any]) -> Company:
    return Company(
        id=row.id,
        name=row.name,
        website=row.website,
        advocacy=row.advocacy,
        motivation=row.motivation,
        posting=row.posting,
        note=row.note,
    )


def insert_company(
    conn: Connection, owner_id: int, values: dict[str, Any], now: dt.datetime
) -> int:
    """Insert a company; returns its id."""
    result = conn.execute(
        insert(company)
        .values(owner_id=owner_id, name_key=name_key(values["name"]), created_at=now, **values)
        .returning(company.c.id)
    )
    return int(result.scalar_one())


def update_company(
    conn: Connection, owner_id: int, company_id: int, values: dict[str, Any]
) -> None:
    """Change some fields of a company."""
    if "name" in values:
        values = {**values, "name_key": name_key(values["name"])}
    if values:
        conn.execute(
            update(company)
            .where(company.c.owner_id == owner_id, company.c.id == company_id)
            .values(**values)
        )


def get_company(conn: Connection, owner_id: int, company_id: int) -> Company | None:
    """One company, or None."""
    row = conn.execute(
        select(company).where(company.c.owner_id == owner_id, company.c.id == company_id)
    ).first()
    return _to_company(row) if row else None


def find_company_by_name(conn: Connection, owner_id: int, name: str) -> int | None:
    """The id of the company with exactly this name (any capitals), or None."""
    return conn.execute(
        select(company.c.id).where(
            company.c.owner_id == owner_id, company.c.name_key == name_key(name)
        )
    ).scalar()


def list_companies(conn: Connection, owner_id: int) -> list[Company]:
    """All of the owner's companies (unranked)."""
    rows = conn.execute(select(company).where(company.c.owner_id == owner_id))
    return [_to_company(r) for r in rows]


def company_names(conn: Connection, owner_id: int) -> list[tuple[int, str]]:
    """(id, name) of every company."""
    rows = conn.execute(
        select(company.c.id, company.c.name)
        .where(company.c.owner_id == owner_id)
        .order_by(company.c.id)
    )
    return [(r.id, r.name) for r in rows]


def targets(conn: Connection, owner_id: int, only: int | None = None) -> set[int]:
    """Ids of the companies on the target list: scored on at least one LAMP criterion
    (of company ``only``, when given)."""
    query = select(company.c.id).where(
        company.c.owner_id == owner_id,
        (company.c.motivation.is_not(None))
        | (company.c.posting.is_not(None))
        | (company.c.advocacy.is_not(None)),
    )
    if only is not None:
        query = query.where(company.c.id == only)
    return {r.id for r in conn.execute(query)}


def count_companies(conn: Connection, owner_id: int) -> int:
    """How many companies the owner has."""
    return int(
        conn.execute(
            select(func.count()).select_from(company).where(company.c.owner_id == owner_id)
        ).scalar_one()
    )


def is_target(conn: Connection, owner_id: int, company_id: int) -> bool:
    """Whether one company is on the target list (see ``targets``)."""
    return company_id in targets(conn, owner_id, company_id)


def insert_companies(
    conn: Connection, owner_id: int, names: list[str], now: dt.datetime
) -> list[int]:
    """Insert companies by name in one statement; their ids, in the order given."""
    if not names:
        return []
    rows = [
        {"owner_id": owner_id, "name": n, "name_key": name_key(n), "created_at": now} for n in names
    ]
    if conn.dialect.name == "sqlite":
        # with RETURNING in parameter order SQLAlchemy would insert one row at a time
        conn.execute(insert(company), rows)
        return inserted_ids(conn, "company", len(rows))
    result = conn.execute(
        insert(company).returning(company.c.id, sort_by_parameter_order=True), rows
    )
    return [int(r[0]) for r in result]
