"""Contacts with their e-mails and tags."""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, Row, bindparam, delete, func, insert, select, update

from coffeechat.core.model import Contact, HowMet, Seniority
from coffeechat.store import prepared
from coffeechat.store.database import ids_in, insert_new, inserted_ids
from coffeechat.store.schema import company, contact, contact_email, contact_tag, introduction

#: Columns of the contact table a caller may set directly.
FIELDS = (
    "name",
    "phone",
    "linkedin",
    "company_id",
    "title",
    "seniority",
    "city",
    "timezone",
    "work_hours",
    "country",
    "how_met",
    "met_at",
    "met_on",
    "introduced_by_id",
    "note",
    "reason",
)

_introducer = contact.alias("introducer")
_SENIORITY = {s.value: s for s in Seniority}
_HOW_MET = {h.value: h for h in HowMet}


def _base_query(owner_id: int) -> Any:
    return _contacts_query().where(contact.c.owner_id == owner_id)


def _contacts_query() -> Any:
    # when an introduction to the contact was first offered: it feeds the stage (one
    # lookup per contact through ix_introduction_to_id)
    offered = (
        select(func.min(introduction.c.created_at))
        .where(introduction.c.to_id == contact.c.id)
        .scalar_subquery()
    )
    return (
        select(
            contact,
            company.c.name.label("company_name"),
            _introducer.c.name.label("introducer_name"),
            offered.label("intro_offered_at"),
        )
        .select_from(contact)
        .outerjoin(company, company.c.id == contact.c.company_id)
        .outerjoin(_introducer, _introducer.c.id == contact.c.introduced_by_id)
    )


@functools.cache
def _contacts_by(dialect: str, many: bool) -> Any:
    """The owner's contacts with the ids ``ids`` (``many``) or the one with ``contact_id``,
    built once (``store/prepared.py`` runs it)."""
    query = _contacts_query().where(contact.c.owner_id == bindparam("owner_id"))
    if many:
        return query.where(ids_in(dialect, contact.c.id))
    return query.where(contact.c.id == bindparam("contact_id"))


@functools.cache
def _details_of(dialect: str, table: str) -> Any:
    """The e-mails (in order) or the tags (by name) of the owner's contacts ``ids``."""
    if table == "email":
        column, order = contact_email.c.email, contact_email.c.position
        owner, of = contact_email.c.owner_id, contact_email.c.contact_id
    else:
        column, order = contact_tag.c.tag, contact_tag.c.tag
        owner, of = contact_tag.c.owner_id, contact_tag.c.contact_id
    return (
        select(of, column)
        .where(owner == bindparam("owner_id"), ids_in(dialect, of))
        .order_by(order)
    )


#: contact_name's statement, built once (every write by id checks the contact with it).
_NAME_OF = select(contact.c.name).where(
    contact.c.owner_id == bindparam("owner_id"), contact.c.id == bindparam("contact_id")
)


def _to_contact(row: Row[Any], emails: list[str], tags: list[str]) -> Contact:
    return Contact(
        id=row.id,
        name=row.name,
        emails=emails,
        phone=row.phone,
        linkedin=row.linkedin,
        company=row.company_name,
        company_id=row.company_id,
        title=row.title,
        seniority=_SENIORITY[row.seniority] if row.seniority else None,
        city=row.city,
        timezone=row.timezone,
        work_hours=row.work_hours,
        country=row.country,
        how_met=_HOW_MET[row.how_met] if row.how_met else None,
        met_at=row.met_at,
        met_on=row.met_on,
        introduced_by_id=row.introduced_by_id,
        introduced_by=row.introducer_name,
        tags=tags,
        note=row.note,
        created_at=row.created_at,
        keep_in_touch=row.keep_in_touch,
        reason=row.reason,
        intro_offered_at=row.intro_offered_at,
    )


def _emails_and_tags(
    conn: Connection, owner_id: int, ids: Sequence[int] | None
) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    emails: dict[int, list[str]] = defaultdict(list)
    tags: dict[int, list[str]] = defaultdict(list)
    if ids is not None:  # a page's worth: statements built once, run on the driver
        dialect = conn.dialect.name
        values = {"owner_id": owner_id, "ids": list(ids)}
        for cid, email in prepared.rows(conn, _details_of(dialect, "email"), values):
            emails[cid].append(email)
        for cid, tag in prepared.rows(conn, _details_of(dialect, "tag"), values):
            tags[cid].append(tag)
        return emails, tags
    q_emails = select(contact_email.c.contact_id, contact_email.c.email).where(
        contact_email.c.owner_id == owner_id
    )
    q_tags = select(contact_tag.c.contact_id, contact_tag.c.tag).where(
        contact_tag.c.owner_id == owner_id
    )
    for cid, email in conn.execute(q_emails.order_by(contact_email.c.position)):
        emails[cid].append(email)
    for cid, tag in conn.execute(q_tags.order_by(contact_tag.c.tag)):
        tags[cid].append(tag)
    return emails, tags


def get_contact(conn: Connection, owner_id: int, contact_id: int) -> Contact | None:
    """One contact, or None."""
    query = _contacts_by(conn.dialect.name, False)
    found = prepared.rows(conn, query, {"owner_id": owner_id, "contact_id": contact_id})
    if not found:
        return None
    emails, tags = _emails_and_tags(conn, owner_id, [contact_id])
    return _to_contact(found[0], emails[contact_id], tags[contact_id])


def list_contacts(conn: Connection, owner_id: int) -> list[Contact]:
    """All of the owner's contacts, by name."""
    rows = conn.execute(_base_query(owner_id).order_by(func.lower(contact.c.name), contact.c.id))
    emails, tags = _emails_and_tags(conn, owner_id, None)
    return [_to_contact(r, emails[r.id], tags[r.id]) for r in rows]


def contact_ids(
    conn: Connection,
    owner_id: int,
    *,
    tag: str | None = None,
    company_id: int | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[int]:
    """The ids of the owner's contacts in list order (by name, then id: a stable order
    to page in), optionally only those with a tag or at a company, and one page of them."""
    query = select(contact.c.id).where(contact.c.owner_id == owner_id)
    if tag is not None:
        query = query.where(
            contact.c.id.in_(
                select(contact_tag.c.contact_id).where(
                    contact_tag.c.owner_id == owner_id, contact_tag.c.tag == tag
                )
            )
        )
    if company_id is not None:
        query = query.where(contact.c.company_id == company_id)
    query = query.order_by(func.lower(contact.c.name), contact.c.id)
    if limit is not None:
        query = query.limit(limit)
    if offset:
        query = query.offset(offset)
    return [r[0] for r in conn.execute(query)]


def contacts_by_ids(
    conn: Connection, owner_id: int, ids: Sequence[int], *, details: bool = True
) -> list[Contact]:
    """The owner's contacts with these ids, in the order given (missing ones left out);
    without ``details``, their e-mails and tags are not read (left empty)."""
    if not ids:
        return []
    query = _contacts_by(conn.dialect.name, True)
    rows = {r.id: r for r in prepared.rows(conn, query, {"owner_id": owner_id, "ids": list(ids)})}
    if not details:
        return [_to_contact(rows[i], [], []) for i in ids if i in rows]
    emails, tags = _emails_and_tags(conn, owner_id, list(rows))
    return [_to_contact(rows[i], emails[i], tags[i]) for i in ids if i in rows]


def contact_name(conn: Connection, owner_id: int, contact_id: int) -> str | None:
    """One contact's name (None when the owner has no contact with that id)."""
    found = prepared.rows(conn, _NAME_OF, {"owner_id": owner_id, "contact_id": contact_id})
    return found[0][0] if found else None


def first_peer(
    conn: Connection, owner_id: int, company_id: int, other_than: int
) -> tuple[int, str] | None:
    """(id, name) of the contact with the lowest id at a company but ``other_than``: one
    row read through the company index, however many work there."""
    row = conn.execute(
        select(contact.c.id, contact.c.name)
        .where(
            contact.c.owner_id == owner_id,
            contact.c.company_id == company_id,
            contact.c.id != other_than,
        )
        .order_by(contact.c.id)
        .limit(1)
    ).first()
    return (row.id, row.name) if row is not None else None


def first_two_at(
    conn: Connection, owner_id: int, company_ids: Iterable[int]
) -> dict[int, list[tuple[int, str]]]:
    """``first_two_at_companies`` for some companies only: one statement, two rows read
    through the (owner, company, id) index per company, however many work there."""
    from sqlalchemy import union_all

    wanted = sorted(set(company_ids))
    out: dict[int, list[tuple[int, str]]] = {cid: [] for cid in wanted}
    for start in range(0, len(wanted), 200):
        parts = [
            select(contact.c.company_id, contact.c.id, contact.c.name)
            .where(contact.c.owner_id == owner_id, contact.c.company_id == cid)
            .order_by(contact.c.id)
            .limit(2)
            .subquery()
            .select()
            for cid in wanted[start : start + 200]
        ]
        if not parts:
            continue
        for company_id, cid, name in conn.execute(union_all(*parts)):
            out[company_id].append((cid, name))
    for kept in out.values():
        kept.sort()
    return {cid: kept for cid, kept in out.items() if kept}


def first_two_at_companies(conn: Connection, owner_id: int) -> dict[int, list[tuple[int, str]]]:
    """(id, name) of the two contacts with the lowest ids at each company, by company id
    (the peer of anyone there is the first of them that is not themselves): one pass."""
    out: dict[int, list[tuple[int, str]]] = {}
    rows = conn.execute(
        select(contact.c.company_id, contact.c.id, contact.c.name).where(
            contact.c.owner_id == owner_id, contact.c.company_id.is_not(None)
        )
    )
    for company_id, cid, name in rows:
        kept = out.setdefault(company_id, [])
        if len(kept) < 2:
            kept.append((cid, name))
            kept.sort()
        elif cid < kept[1][0]:
            kept[1] = (cid, name)
            kept.sort()
    return out


def contact_names(conn: Connection, owner_id: int) -> list[tuple[int, str]]:
    """(id, name) of every contact: what reference resolution needs, and no more."""
    rows = conn.execute(
        select(contact.c.id, contact.c.name)
        .where(contact.c.owner_id == owner_id)
        .order_by(contact.c.id)
    )
    return [(r.id, r.name) for r in rows]


def contacts_with_email(conn: Connection, owner_id: int, email: str) -> list[int]:
    """Ids of contacts that have this e-mail (case-insensitive)."""
    rows = conn.execute(
        select(contact_email.c.contact_id)
        .where(contact_email.c.owner_id == owner_id)
        .where(func.lower(contact_email.c.email) == email.lower())
    )
    return [r[0] for r in rows]


def insert_contact(
    conn: Connection,
    owner_id: int,
    values: dict[str, Any],
    emails: Sequence[str],
    tags: Sequence[str],
    now: dt.datetime,
) -> int:
    """Insert a contact with its e-mails and tags; returns the new id."""
    cid = int(
        conn.execute(
            insert(contact)
            .values(owner_id=owner_id, created_at=now, **values)
            .returning(contact.c.id)
        ).scalar_one()
    )
    set_emails(conn, owner_id, cid, emails)
    set_tags(conn, owner_id, cid, tags)
    return cid


def update_contact(
    conn: Connection, owner_id: int, contact_id: int, values: dict[str, Any]
) -> None:
    """Change some fields of a contact."""
    if values:
        conn.execute(
            update(contact)
            .where(contact.c.owner_id == owner_id, contact.c.id == contact_id)
            .values(**values)
        )


def set_emails(conn: Connection, owner_id: int, contact_id: int, emails: Sequence[str]) -> None:
    """Replace a contact's e-mails (order kept: the first is the primary one)."""
    conn.execute(
        delete(contact_email).where(
            contact_email.c.owner_id == owner_id, contact_email.c.contact_id == contact_id
        )
    )
    if emails:
        conn.execute(
            insert(contact_email),
            [
                {"owner_id": owner_id, "contact_id": contact_id, "email": e, "position": i}
                for i, e in enumerate(emails)
            ],
        )


def set_tags(conn: Connection, owner_id: int, contact_id: int, tags: Sequence[str]) -> None:
    """Replace a contact's tags."""
    conn.execute(
        delete(contact_tag).where(
            contact_tag.c.owner_id == owner_id, contact_tag.c.contact_id == contact_id
        )
    )
    unique = list(dict.fromkeys(tags))
    if unique:  # a tag another command gave the contact meanwhile is kept, once
        conn.execute(
            insert_new(conn, contact_tag, "contact_id", "tag"),
            [{"owner_id": owner_id, "contact_id": contact_id, "tag": t} for t in unique],
        )


def delete_contact(conn: Connection, owner_id: int, contact_id: int) -> None:
    """Remove a contact; its e-mails, tags and timeline go with it."""
    conn.execute(delete(contact).where(contact.c.owner_id == owner_id, contact.c.id == contact_id))


def contacts_at_companies(conn: Connection, owner_id: int) -> dict[int, list[tuple[int, str]]]:
    """(id, name) of the contacts working at each company, by company id."""
    rows = conn.execute(
        select(contact.c.company_id, contact.c.id, contact.c.name)
        .where(contact.c.owner_id == owner_id, contact.c.company_id.is_not(None))
        .order_by(func.lower(contact.c.name))
    )
    out: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for r in rows:
        out[r.company_id].append((r.id, r.name))
    return out


def introduced_by(conn: Connection, owner_id: int, contact_id: int) -> list[tuple[int, str]]:
    """Contacts this contact introduced the user to."""
    values = {"owner_id": owner_id, "contact_id": contact_id}
    return [(r.id, r.name) for r in prepared.rows(conn, _INTRODUCED_BY, values)]


_INTRODUCED_BY = (
    select(contact.c.id, contact.c.name)
    .where(
        contact.c.owner_id == bindparam("owner_id"),
        contact.c.introduced_by_id == bindparam("contact_id"),
    )
    .order_by(contact.c.id)
)


def introduction_edges(conn: Connection, owner_id: int) -> list[tuple[int, int]]:
    """Every (introducer, person) pair: each contact's ``introduced_by`` and each offer."""
    from coffeechat.store.schema import introduction

    by = select(contact.c.introduced_by_id, contact.c.id).where(
        contact.c.owner_id == owner_id, contact.c.introduced_by_id.is_not(None)
    )
    offers = select(introduction.c.from_id, introduction.c.to_id).where(
        introduction.c.owner_id == owner_id
    )
    return [(int(a), int(b)) for a, b in conn.execute(by.union_all(offers))]


def reassign(conn: Connection, owner_id: int, from_id: int, to_id: int) -> None:
    """Move everything that belongs to contact ``from_id`` over to ``to_id`` (a merge):
    the timeline, conversations and what was written on them, proposals, introductions,
    paths; introductions between the two disappear; ``from_id``'s follow-up decisions
    are dropped (their ids name the old contact)."""
    from coffeechat.store.schema import (
        conversation,
        event,
        followup_state,
        introduction,
        note,
        path,
        promise,
        proposal,
        takeaway,
    )

    for table in (event, conversation, proposal, note, takeaway, promise):
        conn.execute(
            update(table)
            .where(table.c.owner_id == owner_id, table.c.contact_id == from_id)
            .values(contact_id=to_id)
        )
    conn.execute(
        delete(introduction).where(
            introduction.c.owner_id == owner_id,
            ((introduction.c.from_id == from_id) & (introduction.c.to_id == to_id))
            | ((introduction.c.from_id == to_id) & (introduction.c.to_id == from_id)),
        )
    )
    for column in ("from_id", "to_id"):
        conn.execute(
            update(introduction)
            .where(introduction.c.owner_id == owner_id, introduction.c[column] == from_id)
            .values({column: to_id})
        )
    conn.execute(
        update(contact)
        .where(contact.c.owner_id == owner_id, contact.c.introduced_by_id == from_id)
        .values(introduced_by_id=to_id)
    )
    conn.execute(
        update(contact)
        .where(contact.c.id == to_id, contact.c.introduced_by_id == to_id)
        .values(introduced_by_id=None)
    )
    conn.execute(
        update(path)
        .where(path.c.owner_id == owner_id, path.c.via_contact_id == from_id)
        .values(via_contact_id=to_id)
    )
    conn.execute(
        delete(followup_state).where(
            followup_state.c.owner_id == owner_id, followup_state.c.contact_id == from_id
        )
    )


#: The columns `insert_many` writes, in the order of each row's values.
BULK_COLUMNS = (
    "name", "phone", "linkedin", "company_id", "title", "city", "met_on", "how_met", "note",
    "work_hours",
)  # fmt: skip


def insert_many(
    conn: Connection,
    owner_id: int,
    rows: Sequence[tuple[Any, ...]],
    emails: Sequence[Sequence[str]],
    tags: Sequence[Sequence[str]],
    now: dt.datetime,
) -> list[int]:
    """Insert many contacts (each row the values of ``BULK_COLUMNS``, ``met_on`` a date)
    with their e-mails and tags; their ids, in order.

    On SQLite the rows go straight to the driver's executemany, the owner and the time
    written into the statement rather than bound 30,000 times (the transaction holds the
    write lock, so the new rowids are the next ones, in order: ``inserted_ids``);
    elsewhere through one INSERT ... RETURNING per batch.
    """
    if not rows:
        return []
    if conn.dialect.name == "sqlite":
        owner = int(owner_id)
        stamp = now.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")  # digits only
        marks = ", ".join("?" * len(BULK_COLUMNS))
        columns = ", ".join(("owner_id", *BULK_COLUMNS, "created_at"))
        conn.exec_driver_sql(
            f"INSERT INTO contact ({columns}) VALUES ({owner}, {marks}, '{stamp}')",  # noqa: S608
            rows,  # dates go through the adapter store.database registers
        )
        ids = inserted_ids(conn, "contact", len(rows))
        email_rows = [
            (cid, e, i) for cid, es in zip(ids, emails, strict=True) for i, e in enumerate(es)
        ]
        tag_rows = [(cid, t) for cid, ts in zip(ids, tags, strict=True) for t in ts]
        if email_rows:
            insert_emails = (
                "INSERT INTO contact_email (owner_id, contact_id, email, position) "  # noqa: S608
                f"VALUES ({owner}, ?, ?, ?)"
            )
            conn.exec_driver_sql(insert_emails, email_rows)
        if tag_rows:
            insert_tags = (
                f"INSERT INTO contact_tag (owner_id, contact_id, tag) VALUES ({owner}, ?, ?)"  # noqa: S608
            )
            conn.exec_driver_sql(insert_tags, tag_rows)
        return ids
    result = conn.execute(
        insert(contact).returning(contact.c.id, sort_by_parameter_order=True),
        [
            {"owner_id": owner_id, "created_at": now, **dict(zip(BULK_COLUMNS, r, strict=True))}
            for r in rows
        ],
    )
    ids = [int(r[0]) for r in result]
    email_maps = [
        {"owner_id": owner_id, "contact_id": cid, "email": e, "position": i}
        for cid, es in zip(ids, emails, strict=True)
        for i, e in enumerate(es)
    ]
    tag_maps = [
        {"owner_id": owner_id, "contact_id": cid, "tag": t}
        for cid, ts in zip(ids, tags, strict=True)
        for t in ts
    ]
    if email_maps:  # RETURNING: a few multi-row statements, not one per row (so the
        # undo triggers record a batch at a time)
        conn.execute(
            insert(contact_email).returning(contact_email.c.id, sort_by_parameter_order=True),
            email_maps,
        ).all()
    if tag_maps:
        conn.execute(insert(contact_tag), tag_maps)
    return ids
