"""What is written about a conversation: notes, takeaways, promises, introductions, and
the user's own guides."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, NamedTuple

from sqlalchemy import Connection, delete, insert, select, update

from coffeechat.store import prepared
from coffeechat.store.database import upsert
from coffeechat.store.schema import guide, introduction, note, promise, takeaway

#: The kind of a conversation note in the search index.
CHAT_NOTE = "chat-note"


class NoteRow(NamedTuple):
    """A stored note (topic None: not under any topic of the guide)."""

    id: int
    conversation_id: int
    topic: str | None
    text: str
    created_at: dt.datetime
    updated_at: dt.datetime


class TakeawayRow(NamedTuple):
    """A stored takeaway."""

    id: int
    conversation_id: int
    kind: str
    text: str
    created_at: dt.datetime


class PromiseRow(NamedTuple):
    """A stored promise (by "me" or "them")."""

    id: int
    conversation_id: int
    contact_id: int
    by: str
    text: str
    due: dt.date | None
    done_at: dt.datetime | None
    created_at: dt.datetime


class IntroductionRow(NamedTuple):
    """A stored introduction: ``from_id`` offered to introduce the user to ``to_id``."""

    id: int
    from_id: int
    to_id: int
    conversation_id: int | None
    status: str
    created_at: dt.datetime
    updated_at: dt.datetime


class GuideRow(NamedTuple):
    """A stored custom guide (its definition is JSON)."""

    id: int
    name: str
    title: str
    definition: str
    created_at: dt.datetime
    updated_at: dt.datetime


# --- notes ----------------------------------------------------------------------------------


def add_note(
    conn: Connection,
    owner_id: int,
    conversation_id: int,
    contact_id: int,
    topic: str | None,
    text: str,
    now: dt.datetime,
) -> int:
    """Store a note; returns its id."""
    result = conn.execute(
        insert(note)
        .values(
            owner_id=owner_id,
            conversation_id=conversation_id,
            contact_id=contact_id,
            topic=topic,
            text=text,
            created_at=now,
            updated_at=now,
        )
        .returning(note.c.id)
    )
    return int(result.scalar_one())


def update_note(
    conn: Connection, owner_id: int, conversation_id: int, note_id: int, text: str, now: dt.datetime
) -> bool:
    """Change a note's text; False when there is no such note in that conversation."""
    result = conn.execute(
        update(note)
        .where(
            note.c.owner_id == owner_id,
            note.c.conversation_id == conversation_id,
            note.c.id == note_id,
        )
        .values(text=text, updated_at=now)
    )
    return bool(result.rowcount)


def delete_note(conn: Connection, owner_id: int, conversation_id: int, note_id: int) -> bool:
    """Remove a note; False when there is no such note in that conversation."""
    result = conn.execute(
        delete(note).where(
            note.c.owner_id == owner_id,
            note.c.conversation_id == conversation_id,
            note.c.id == note_id,
        )
    )
    return bool(result.rowcount)


def notes_for(conn: Connection, owner_id: int, conversation_id: int) -> list[NoteRow]:
    """A conversation's notes in the order they were written."""
    rows = conn.execute(
        select(note)
        .where(note.c.owner_id == owner_id, note.c.conversation_id == conversation_id)
        .order_by(note.c.id)
    )
    return [
        NoteRow(r.id, r.conversation_id, r.topic, r.text, r.created_at, r.updated_at) for r in rows
    ]


# --- takeaways and promises -----------------------------------------------------------------


def add_takeaway(
    conn: Connection,
    owner_id: int,
    conversation_id: int,
    contact_id: int,
    kind: str,
    text: str,
    now: dt.datetime,
) -> int:
    """Store a takeaway; returns its id."""
    result = conn.execute(
        insert(takeaway)
        .values(
            owner_id=owner_id,
            conversation_id=conversation_id,
            contact_id=contact_id,
            kind=kind,
            text=text,
            created_at=now,
        )
        .returning(takeaway.c.id)
    )
    return int(result.scalar_one())


def takeaways_for(conn: Connection, owner_id: int, conversation_id: int) -> list[TakeawayRow]:
    """A conversation's takeaways in the order they were written."""
    rows = conn.execute(
        select(takeaway)
        .where(takeaway.c.owner_id == owner_id, takeaway.c.conversation_id == conversation_id)
        .order_by(takeaway.c.id)
    )
    return [TakeawayRow(r.id, r.conversation_id, r.kind, r.text, r.created_at) for r in rows]


def add_promise(
    conn: Connection,
    owner_id: int,
    conversation_id: int,
    contact_id: int,
    values: dict[str, Any],
) -> int:
    """Store a promise (``by``, ``text``, ``due``, ``created_at``); returns its id."""
    result = conn.execute(
        insert(promise)
        .values(owner_id=owner_id, conversation_id=conversation_id, contact_id=contact_id, **values)
        .returning(promise.c.id)
    )
    return int(result.scalar_one())


def _promise(r: Any) -> PromiseRow:
    return PromiseRow(
        r.id, r.conversation_id, r.contact_id, r.by, r.text, r.due, r.done_at, r.created_at
    )


def promises_for(conn: Connection, owner_id: int, conversation_id: int) -> list[PromiseRow]:
    """A conversation's promises in the order they were made."""
    rows = conn.execute(
        select(promise)
        .where(promise.c.owner_id == owner_id, promise.c.conversation_id == conversation_id)
        .order_by(promise.c.id)
    )
    return [_promise(r) for r in rows]


def all_promises(
    conn: Connection, owner_id: int, contact_ids: Sequence[int] | None = None
) -> list[PromiseRow]:
    """Every promise of the workspace (for follow-ups), or those to ``contact_ids``."""
    if contact_ids is None:
        query = select(promise).where(promise.c.owner_id == owner_id)
        return [_promise(r) for r in conn.execute(query.order_by(promise.c.id))]
    statement = prepared.owned(conn.dialect.name, promise, ("id",), ("contact_id", True))
    values = {"owner_id": owner_id, "contact_id": list(contact_ids)}
    return [_promise(r) for r in prepared.rows(conn, statement, values)]


# --- introductions --------------------------------------------------------------------------


def add_introduction(conn: Connection, owner_id: int, values: dict[str, Any]) -> int:
    """Store an introduction (``from_id``, ``to_id``, ``conversation_id``, ``status``)."""
    result = conn.execute(
        insert(introduction).values(owner_id=owner_id, **values).returning(introduction.c.id)
    )
    return int(result.scalar_one())


def _introduction(r: Any) -> IntroductionRow:
    return IntroductionRow(
        r.id, r.from_id, r.to_id, r.conversation_id, r.status, r.created_at, r.updated_at
    )


def introductions(
    conn: Connection,
    owner_id: int,
    *,
    from_id: int | None = None,
    from_ids: Sequence[int] | None = None,
    to_ids: Sequence[int] | None = None,
) -> list[IntroductionRow]:
    """Introductions, oldest first (only those offered by ``from_id``, or by one of
    ``from_ids``, or offered to one of ``to_ids``, when given)."""
    where: list[tuple[str, bool]] = []
    values: dict[str, Any] = {"owner_id": owner_id}
    if to_ids is not None:
        where.append(("to_id", True))
        values["to_id"] = list(to_ids)
    if from_id is not None and from_ids is not None:  # both: one of from_ids that is from_id
        from_ids = [i for i in from_ids if i == from_id]
        from_id = None
    if from_id is not None:
        where.append(("from_id", False))
        values["from_id"] = from_id
    if from_ids is not None:
        where.append(("from_id", True))
        values["from_id"] = list(from_ids)
    statement = prepared.owned(conn.dialect.name, introduction, ("id",), *where)
    return [_introduction(r) for r in prepared.rows(conn, statement, values)]


# --- custom guides --------------------------------------------------------------------------


def _guide(r: Any) -> GuideRow:
    return GuideRow(r.id, r.name, r.title, r.definition, r.created_at, r.updated_at)


def save_guide(
    conn: Connection, owner_id: int, name: str, title: str, definition: str, now: dt.datetime
) -> bool:
    """Store a guide under its name, replacing one of the same name; True when it replaced.
    One statement: of two commands storing the same new name at once, the later one
    replaces the other's guide."""
    existing = get_guide(conn, owner_id, name)
    if existing is not None:
        conn.execute(
            update(guide)
            .where(guide.c.id == existing.id)
            .values(title=title, definition=definition, updated_at=now)
        )
        return True
    values = {
        "owner_id": owner_id,
        "name": name,
        "title": title,
        "definition": definition,
        "created_at": now,
        "updated_at": now,
    }
    conn.execute(upsert(conn, guide, ("owner_id", "name"), values, keep=("created_at",)))
    return False


def get_guide(conn: Connection, owner_id: int, name: str) -> GuideRow | None:
    """The stored guide of that name, if any."""
    row = conn.execute(
        select(guide).where(guide.c.owner_id == owner_id, guide.c.name == name)
    ).first()
    return _guide(row) if row is not None else None


def list_guides(conn: Connection, owner_id: int) -> list[GuideRow]:
    """The user's guides by name."""
    rows = conn.execute(select(guide).where(guide.c.owner_id == owner_id).order_by(guide.c.name))
    return [_guide(r) for r in rows]


def remove_guide(conn: Connection, owner_id: int, name: str) -> bool:
    """Delete a guide; False when there was none of that name."""
    result = conn.execute(delete(guide).where(guide.c.owner_id == owner_id, guide.c.name == name))
    return bool(result.rowcount)


def note_owners(conn: Connection, owner_id: int, note_ids: list[int]) -> dict[int, int]:
    """note id → contact id, for the given notes."""
    if not note_ids:
        return {}
    rows = conn.execute(
        select(note.c.id, note.c.contact_id).where(
            note.c.owner_id == owner_id, note.c.id.in_(note_ids)
        )
    )
    return {r.id: r.contact_id for r in rows}


def notes_of_contact(conn: Connection, owner_id: int, contact_id: int) -> list[NoteRow]:
    """Every note of a contact's conversations, in the order written."""
    rows = conn.execute(
        select(note)
        .where(note.c.owner_id == owner_id, note.c.contact_id == contact_id)
        .order_by(note.c.id)
    )
    return [
        NoteRow(r.id, r.conversation_id, r.topic, r.text, r.created_at, r.updated_at) for r in rows
    ]


def mark_promise_done(
    conn: Connection, owner_id: int, promise_id: int, now: dt.datetime
) -> str | None:
    """Mark a promise kept; its text, or None when there is no such promise."""
    row = conn.execute(
        select(promise.c.text).where(promise.c.owner_id == owner_id, promise.c.id == promise_id)
    ).first()
    if row is None:
        return None
    conn.execute(
        update(promise)
        .where(promise.c.owner_id == owner_id, promise.c.id == promise_id)
        .values(done_at=now)
    )
    return str(row.text)


# --- corrections: one row by id, changed or removed -----------------------------------------


class Owned(NamedTuple):
    """A row written on a conversation, with the contact it belongs to."""

    id: int
    contact_id: int
    conversation_id: int | None


def _one(conn: Connection, table: Any, owner_id: int, row_id: int) -> Any:
    return conn.execute(
        select(table).where(table.c.owner_id == owner_id, table.c.id == row_id)
    ).first()


def get_note(conn: Connection, owner_id: int, note_id: int) -> tuple[NoteRow, int] | None:
    """A note and its contact's id, or None."""
    r = _one(conn, note, owner_id, note_id)
    if r is None:
        return None
    return NoteRow(r.id, r.conversation_id, r.topic, r.text, r.created_at, r.updated_at), int(
        r.contact_id
    )


def change_note(conn: Connection, owner_id: int, note_id: int, values: dict[str, Any]) -> None:
    """Change a note's ``text`` and/or ``topic`` (with ``updated_at``)."""
    conn.execute(
        update(note).where(note.c.owner_id == owner_id, note.c.id == note_id).values(**values)
    )


def get_takeaway(
    conn: Connection, owner_id: int, takeaway_id: int
) -> tuple[TakeawayRow, int] | None:
    """A takeaway and its contact's id, or None."""
    r = _one(conn, takeaway, owner_id, takeaway_id)
    if r is None:
        return None
    return TakeawayRow(r.id, r.conversation_id, r.kind, r.text, r.created_at), int(r.contact_id)


def takeaways_of_contact(conn: Connection, owner_id: int, contact_id: int) -> list[TakeawayRow]:
    """Every takeaway of a contact's conversations, in the order written."""
    statement = prepared.owned(conn.dialect.name, takeaway, ("id",), ("contact_id", False))
    rows = prepared.rows(conn, statement, {"owner_id": owner_id, "contact_id": contact_id})
    return [TakeawayRow(r.id, r.conversation_id, r.kind, r.text, r.created_at) for r in rows]


def change_takeaway(
    conn: Connection, owner_id: int, takeaway_id: int, values: dict[str, Any]
) -> None:
    """Change a takeaway's ``text`` and/or ``kind``."""
    conn.execute(
        update(takeaway)
        .where(takeaway.c.owner_id == owner_id, takeaway.c.id == takeaway_id)
        .values(**values)
    )


def get_promise(conn: Connection, owner_id: int, promise_id: int) -> PromiseRow | None:
    """A promise, or None."""
    r = _one(conn, promise, owner_id, promise_id)
    return _promise(r) if r is not None else None


def change_promise(
    conn: Connection, owner_id: int, promise_id: int, values: dict[str, Any]
) -> None:
    """Change a promise's ``text`` and/or ``due``."""
    conn.execute(
        update(promise)
        .where(promise.c.owner_id == owner_id, promise.c.id == promise_id)
        .values(**values)
    )


def get_introduction(conn: Connection, owner_id: int, intro_id: int) -> IntroductionRow | None:
    """An introduction, or None."""
    r = _one(conn, introduction, owner_id, intro_id)
    return _introduction(r) if r is not None else None


def introductions_to(conn: Connection, owner_id: int, to_id: int) -> list[IntroductionRow]:
    """The introductions offered to one person, oldest first."""
    rows = conn.execute(
        select(introduction)
        .where(introduction.c.owner_id == owner_id, introduction.c.to_id == to_id)
        .order_by(introduction.c.id)
    )
    return [_introduction(r) for r in rows]


def remove_row(conn: Connection, owner_id: int, kind: str, row_id: int) -> bool:
    """Delete one note, takeaway, promise or introduction; False when there was none."""
    table = {"note": note, "takeaway": takeaway, "promise": promise, "introduction": introduction}[
        kind
    ]
    result = conn.execute(delete(table).where(table.c.owner_id == owner_id, table.c.id == row_id))
    return bool(result.rowcount)


def conversation_has_content(conn: Connection, owner_id: int, conversation_id: int) -> bool:
    """Whether anything was written on a conversation (notes, takeaways, promises, offered
    introductions)."""
    for table in (note, takeaway, promise, introduction):
        found = conn.execute(
            select(table.c.id)
            .where(table.c.owner_id == owner_id, table.c.conversation_id == conversation_id)
            .limit(1)
        ).first()
        if found is not None:
            return True
    return False


# --- what search reads of takeaways and promises -----------------------------------------


class WrittenRow(NamedTuple):
    """A takeaway or a promise as search indexes it: ``detail`` is its kind ("insight")
    or who promised ("me", "them")."""

    kind: str  # "takeaway" or "promise"
    id: int
    contact_id: int
    detail: str
    text: str


def written_of_contact(conn: Connection, owner_id: int, contact_id: int) -> list[WrittenRow]:
    """Every takeaway and promise of a contact's conversations, in the order written."""
    out = [
        WrittenRow("takeaway", r.id, r.contact_id, r.kind, r.text)
        for r in conn.execute(
            select(takeaway)
            .where(takeaway.c.owner_id == owner_id, takeaway.c.contact_id == contact_id)
            .order_by(takeaway.c.id)
        )
    ]
    out += [
        WrittenRow("promise", r.id, r.contact_id, r.by, r.text)
        for r in conn.execute(
            select(promise)
            .where(promise.c.owner_id == owner_id, promise.c.contact_id == contact_id)
            .order_by(promise.c.id)
        )
    ]
    return out


def written_owners(conn: Connection, owner_id: int, kind: str, ids: list[int]) -> dict[int, int]:
    """takeaway (or promise) id → contact id, for the given ones."""
    if not ids:
        return {}
    table = takeaway if kind == "takeaway" else promise
    rows = conn.execute(
        select(table.c.id, table.c.contact_id).where(
            table.c.owner_id == owner_id, table.c.id.in_(ids)
        )
    )
    return {r.id: r.contact_id for r in rows}
