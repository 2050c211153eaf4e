"""Companies: the employers a user targets."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, Row, func, select, update

from coffeechat.core.model import Company
from coffeechat.store.database import insert_new
from coffeechat.store.schema import company

FIELDS = ("name", "website", "advocacy", "motivation", "posting", "note", "target")


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
        target=bool(row.target),
    )


def insert_company(
    conn: Connection, owner_id: int, values: dict[str, Any], now: dt.datetime
) -> int | None:
    """Insert a company; its id, or None when the owner has one of that name already
    (the unique key decides: of two writers creating it at once, one does)."""
    result = conn.execute(
        insert_new(conn, company, "owner_id", "name_key")
        .values(owner_id=owner_id, name_key=name_key(values["name"]), created_at=now, **values)
        .returning(company.c.id)
    )
    found = result.scalar()
    return None if found is None else int(found)


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
    """Ids of the companies on the target list (of company ``only``, when given): added
    with `company add`, scored or marked (0009), not those that came with a contact."""
    query = select(company.c.id).where(company.c.owner_id == owner_id, company.c.target.is_(True))
    if only is not None:
        query = query.where(company.c.id == only)
    return {r.id for r in conn.execute(query)}


def count_companies(conn: Connection, owner_id: int, *, targets_only: bool = False) -> int:
    """How many companies the owner has (on the target list only, with ``targets_only``)."""
    query = select(func.count()).select_from(company).where(company.c.owner_id == owner_id)
    if targets_only:
        query = query.where(company.c.target.is_(True))
    return int(conn.execute(query).scalar_one())


def is_target(conn: Connection, owner_id: int, company_id: int) -> bool:
    """Whether one company is on the target list (see ``targets``)."""
    return company_id in targets(conn, owner_id, company_id)


def insert_companies(
    conn: Connection, owner_id: int, names: list[str], now: dt.datetime
) -> tuple[list[int], set[int]]:
    """Insert companies by name in one statement, leaving out any that another writer
    created meanwhile: the ids of all of them, in the order given, and the set of those
    inserted here."""
    if not names:
        return [], set()
    keys = [name_key(n) for n in names]
    rows = [
        {"owner_id": owner_id, "name": n, "name_key": k, "created_at": now}
        for n, k in zip(names, keys, strict=True)
    ]
    inserted = conn.execute(
        insert_new(conn, company, "owner_id", "name_key").returning(
            company.c.name_key, company.c.id
        ),
        rows,
    )
    ids = {k: int(i) for k, i in inserted}
    created = set(ids.values())
    missing = [k for k in keys if k not in ids]
    for start in range(0, len(missing), _LOOKUP_CHUNK):
        chunk = missing[start : start + _LOOKUP_CHUNK]
        found = conn.execute(
            select(company.c.name_key, company.c.id).where(
                company.c.owner_id == owner_id, company.c.name_key.in_(chunk)
            )
        )
        ids.update((k, int(i)) for k, i in found)
    return [ids[k] for k in keys], created


#: Names looked up per query (well under SQLite's limit of bound parameters).
_LOOKUP_CHUNK = 500
