# ruff: noqa: S608 (trigger bodies are built from the constants below, never from data)
"""A cache of each contact's open follow-up days, kept honest by triggers (issue 14).

Today and ``agenda`` show what is due in the next days; the items are derived from each
contact's timeline (never stored as facts), so every agenda read every timeline: seconds
at 10,000 contacts. ``agenda_cache`` holds, per contact, the due day of each open item
(one row with ``due`` NULL when there is none), with the interval of "now" in which the
derivation holds. A page of the agenda then derives only the contacts with something due
by its end. Database triggers mark a contact's rows stale (their validity ends before it
begins) whenever anything the rules read for it changes, whoever writes, from any
process, and give a new contact a stale row; a read finds the stale ones through an
index, so that it costs what changed, not the workspace:

- its events, conversations, proposals and their options, promises, introductions (as
  the one who offered or the one offered) and follow-up decisions (snooze, dismiss);
- the contact itself (zone, country, keep-in-touch, the day met);
- the events, conversations and record of someone they offered to introduce (what came
  of an introduction is read from the other person's timeline);
- their peers: a contact added, removed, renamed or moved among the first two at a
  company changes who "another person at the company" is; a company marked as a target
  or not;
- the user's country (the holidays of contacts without a zone of their own).

Revision ID: 0013_agenda_cache
Revises: 0012_undo
Create Date: 2026-12-05
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

from coffeechat.store.schema import UTCDateTime

revision = "0013_agenda_cache"
down_revision = "0012_undo"
branch_labels = None
depends_on = None

#: The tables whose changes make a contact's cached items stale.
FEEDS = (
    "event", "conversation", "proposal", "proposal_option", "promise", "followup_state",
    "introduction", "contact", "company", "user",
)  # fmt: skip


#: What "stale" is written as: a validity that ended before it began (``valid_until``
#: at or before any now), found through the (owner, valid_until) index.
STALE = "valid_until = valid_from"
#: The placeholder of a contact added to an owner whose cache is filled: stale at once.
EPOCH = "'1970-01-01 00:00:00.000000'"


def _forget(contact: str) -> str:
    return f"UPDATE agenda_cache SET {STALE} WHERE contact_id = {contact};"


def _forget_in(query: str) -> str:
    return f"UPDATE agenda_cache SET {STALE} WHERE contact_id IN ({query});"


def _placeholder(r: str) -> str:
    """A stale row for a new contact (only where the owner's cache holds rows: an empty
    one is filled whole at the next read)."""
    return (
        "INSERT INTO agenda_cache (owner_id, contact_id, due, user_zone, valid_from, "
        f"valid_until) SELECT {r}.owner_id, {r}.id, NULL, '', {EPOCH}, {EPOCH} "
        f"WHERE EXISTS (SELECT 1 FROM agenda_cache WHERE owner_id = {r}.owner_id);"
    )


def _introducers(contact: str) -> str:
    return _forget_in(f"SELECT from_id FROM introduction WHERE to_id = {contact}")


def _peers(r: str) -> str:
    """The people at ``r``'s company, when ``r`` is (or was) among its first two: the
    peer of anyone there is the first of those two that is not themselves."""
    # the count stops at two: an import into a big company stays one index step per row
    return (
        f"UPDATE agenda_cache SET {STALE} WHERE (SELECT count(*) FROM (SELECT 1 FROM "
        f"contact WHERE company_id = {r}.company_id AND id < {r}.id LIMIT 2) AS firsts) < 2 "
        f"AND contact_id IN (SELECT id FROM contact WHERE company_id = {r}.company_id);"
    )


def _statements(table: str, r: str) -> list[str]:
    """What a change of one row (``r``: OLD or NEW) of ``table`` makes stale."""
    if table in ("event", "conversation"):
        return [_forget(f"{r}.contact_id"), _introducers(f"{r}.contact_id")]
    if table in ("proposal", "promise", "followup_state"):
        return [_forget(f"{r}.contact_id")]
    if table == "proposal_option":
        return [_forget(f"(SELECT contact_id FROM proposal WHERE id = {r}.proposal_id)")]
    if table == "introduction":
        return [_forget(f"{r}.from_id"), _forget(f"{r}.to_id")]
    raise ValueError(table)


def _sort_key() -> list[sa.Column[Any]]:
    """What the agenda's order needs besides the day (core/followups.agenda: due, late,
    kind, contact name, item id), so that a page's rows come from SQL in that order: the
    instant an item is due by (late is computed from it and the day at each read), the
    kind's place in ``KINDS``, the contact's name (a rename marks the rows stale) and the
    item's id. NULL on a contact's row without items."""
    return [
        sa.Column("due_at", UTCDateTime),
        sa.Column("kind_rank", sa.Integer),
        sa.Column("name", sa.String(200)),
        sa.Column("item", sa.String(120)),
    ]


def _add_sort_key() -> None:
    """The sort key's columns on a table made before them (an early 0013): its rows go,
    the cache fills again at the next read; its index of days gives way to the one
    that holds the validity too."""
    have = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("agenda_cache")}
    missing = [c for c in _sort_key() if c.name not in have]
    if missing:
        op.execute("DELETE FROM agenda_cache")
        for column in missing:
            op.add_column("agenda_cache", column)
    op.drop_index("ix_agenda_cache_owner_id_due", table_name="agenda_cache", if_exists=True)


def upgrade() -> None:
    # "if not exists" throughout: a workspace whose revision was set back by hand (or a
    # test that fakes an older schema) may hold it already
    if not sa.inspect(op.get_bind()).has_table("agenda_cache"):
        op.create_table(
            "agenda_cache",
            sa.Column("id", sa.Integer, nullable=False),
            sa.Column("owner_id", sa.Integer, nullable=False),
            sa.Column("contact_id", sa.Integer, nullable=False),
            sa.Column("due", sa.Date),
            *_sort_key(),
            sa.Column("user_zone", sa.String(64), nullable=False),
            sa.Column("valid_from", UTCDateTime),
            sa.Column("valid_until", UTCDateTime),
            sa.PrimaryKeyConstraint("id", name="pk_agenda_cache"),
            sa.ForeignKeyConstraint(
                ["owner_id"], ["user.id"], ondelete="CASCADE", name="fk_agenda_cache_owner_id_user"
            ),
            sa.ForeignKeyConstraint(
                ["contact_id"],
                ["contact.id"],
                ondelete="CASCADE",
                name="fk_agenda_cache_contact_id_contact",
            ),
        )
    else:
        _add_sort_key()
    # the items due by a day, in order of day, with their validity: counted (up to 1,000
    # on Today) from the index alone, and a page's rows found through it
    op.create_index(
        "ix_agenda_cache_owner_id_due_valid",
        "agenda_cache",
        ["owner_id", "due", "user_zone", "valid_from", "valid_until"],
        if_not_exists=True,
    )
    op.create_index(
        "ix_agenda_cache_contact_id", "agenda_cache", ["contact_id"], if_not_exists=True
    )
    op.create_index(
        "ix_agenda_cache_owner_id_valid_until",
        "agenda_cache",
        ["owner_id", "valid_until"],
        if_not_exists=True,
    )
    op.create_index(
        "ix_agenda_cache_owner_id_valid_from",
        "agenda_cache",
        ["owner_id", "valid_from"],
        if_not_exists=True,
    )
    # the contact list's order (by name, case-folded, then id), read a page at a time
    # through an index rather than sorting every contact: Contacts at 100,000
    op.create_index(
        "ix_contact_owner_id_lower_name_id",
        "contact",
        ["owner_id", sa.text("lower(name)"), "id"],
        if_not_exists=True,
    )
    # a week's meetings, read without reading every event (Today's "this week"), and
    # the conversations held that week, without reading every conversation
    # (with the contact: the week's count reads the index alone; an early 0013 made
    # the first without it)
    op.drop_index("ix_event_owner_id_kind_at", table_name="event", if_exists=True)
    op.create_index(
        "ix_event_owner_id_kind_at_contact_id",
        "event",
        ["owner_id", "kind", "at", "contact_id"],
        if_not_exists=True,
    )
    op.create_index(
        "ix_conversation_owner_id_status_start_contact_id",
        "conversation",
        ["owner_id", "status", "start", "contact_id"],
        if_not_exists=True,
    )
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_triggers()
    else:
        _postgresql_triggers()


def _sqlite_triggers() -> None:
    def trigger(name: str, when: str, table: str, body: list[str]) -> None:
        # nothing at all while the cache is empty (a bulk import into a new workspace):
        # it is filled whole at the next read
        op.execute(
            f"CREATE TRIGGER IF NOT EXISTS agenda_cache_{name} "
            f'AFTER {when} ON "{table}" FOR EACH ROW '
            f"WHEN EXISTS (SELECT 1 FROM agenda_cache) BEGIN {' '.join(body)} END"
        )

    for table in FEEDS[:7]:
        trigger(f"{table}_insert", "INSERT", table, _statements(table, "NEW"))
        both = _statements(table, "OLD") + _statements(table, "NEW")
        trigger(f"{table}_update", "UPDATE", table, both)
        trigger(f"{table}_delete", "DELETE", table, _statements(table, "OLD"))
    # a contact: its own rows (a new one gets a stale placeholder; a removed one's go, by
    # cascade and here for a connection without foreign keys), those who offered to
    # introduce them, and their peers when the first two at a company change
    trigger("contact_update", "UPDATE", "contact", [_forget("NEW.id"), _introducers("NEW.id")])
    trigger("contact_insert", "INSERT", "contact", [_placeholder("NEW"), _peers("NEW")])
    gone = "DELETE FROM agenda_cache WHERE contact_id = OLD.id;"
    trigger("contact_delete", "DELETE", "contact", [gone, _peers("OLD")])
    moved = [_peers("OLD"), _peers("NEW")]
    trigger("contact_moved", "UPDATE OF company_id, name", "contact", moved)
    trigger(
        "company_target",
        "UPDATE OF target",
        "company",
        [_forget_in("SELECT id FROM contact WHERE company_id = NEW.id")],
    )
    trigger(
        "user_country",
        "UPDATE OF country, timezone",
        "user",
        [f"UPDATE agenda_cache SET {STALE} WHERE owner_id = NEW.id;"],
    )


def _postgresql_triggers() -> None:
    def function(table: str, body: str, events: str) -> None:
        op.execute(
            f"CREATE OR REPLACE FUNCTION agenda_cache_forget_{table}() RETURNS trigger "
            f"LANGUAGE plpgsql AS $$ BEGIN {body} RETURN NULL; END $$"
        )
        op.execute(f'DROP TRIGGER IF EXISTS agenda_cache_{table} ON "{table}"')
        op.execute(
            f'CREATE TRIGGER agenda_cache_{table} AFTER {events} ON "{table}" '
            f"FOR EACH ROW EXECUTE FUNCTION agenda_cache_forget_{table}()"
        )

    every = "INSERT OR UPDATE OR DELETE"
    for table in FEEDS[:7]:
        old, new = " ".join(_statements(table, "OLD")), " ".join(_statements(table, "NEW"))
        body = f"IF TG_OP <> 'INSERT' THEN {old} END IF; IF TG_OP <> 'DELETE' THEN {new} END IF;"
        function(table, body, every)
    contact = (
        f"IF TG_OP = 'UPDATE' THEN {_forget('NEW.id')} {_introducers('NEW.id')} END IF; "
        f"IF TG_OP = 'INSERT' THEN {_placeholder('NEW')} {_peers('NEW')} END IF; "
        "IF TG_OP = 'DELETE' THEN DELETE FROM agenda_cache WHERE contact_id = OLD.id; "
        f"{_peers('OLD')} END IF; "
        "IF TG_OP = 'UPDATE' AND (OLD.company_id IS DISTINCT FROM NEW.company_id "
        f"OR OLD.name <> NEW.name) THEN {_peers('OLD')} {_peers('NEW')} END IF;"
    )
    function("contact", contact, every)
    company = (
        "IF OLD.target IS DISTINCT FROM NEW.target THEN "
        f"{_forget_in('SELECT id FROM contact WHERE company_id = NEW.id')} END IF;"
    )
    function("company", company, "UPDATE")
    user = (
        "IF OLD.country IS DISTINCT FROM NEW.country OR OLD.timezone <> NEW.timezone THEN "
        f"UPDATE agenda_cache SET {STALE} WHERE owner_id = NEW.id; END IF;"
    )
    function("user", user, "UPDATE")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        rows = bind.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'agenda_cache_%'"
        ).all()
        for (name,) in rows:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    else:
        for table in FEEDS:
            op.execute(f'DROP TRIGGER IF EXISTS agenda_cache_{table} ON "{table}"')
            op.execute(f"DROP FUNCTION IF EXISTS agenda_cache_forget_{table}()")
    op.drop_index("ix_conversation_owner_id_status_start_contact_id", table_name="conversation")
    op.drop_index("ix_event_owner_id_kind_at_contact_id", table_name="event")
    op.drop_index("ix_contact_owner_id_lower_name_id", table_name="contact")
    op.drop_index("ix_agenda_cache_owner_id_valid_from", table_name="agenda_cache")
    op.drop_index("ix_agenda_cache_owner_id_valid_until", table_name="agenda_cache")
    op.drop_index("ix_agenda_cache_contact_id", table_name="agenda_cache")
    op.drop_index("ix_agenda_cache_owner_id_due_valid", table_name="agenda_cache")
    op.drop_table("agenda_cache")
