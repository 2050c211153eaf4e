"""A cache of each contact's derived stage, kept honest by triggers (issue 12: status).

``status`` counts contacts by stage; the stage is derived from the timeline (never stored
as a fact), so counting read every timeline. ``stage_cache`` holds the derivation with
the interval of "now" in which it holds. Database triggers delete a contact's row
whenever anything that feeds the derivation changes: its events, its conversations (a
confirmed time is a planned meeting) and the contact itself (its zone, country, the
day met), whoever writes, from any process.

Revision ID: 0008_stage_cache
Revises: 0007_indexes
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

from coffeechat.store.schema import UTCDateTime

revision = "0008_stage_cache"
down_revision = "0007_indexes"
branch_labels = None
depends_on = None

#: (table, the column naming the contact) whose changes make a cached stage stale.
FEEDS = (("event", "contact_id"), ("conversation", "contact_id"), ("contact", "id"))


def upgrade() -> None:
    # "if not exists" throughout: a workspace whose revision was set back by hand (or a
    # test that fakes an older schema) may hold it already
    if not sa.inspect(op.get_bind()).has_table("stage_cache"):
        _create_table()
    op.create_index(
        "ix_stage_cache_owner_id_stage_since",
        "stage_cache",
        ["owner_id", "stage", "since"],
        if_not_exists=True,
    )
    _create_triggers()


def _create_table() -> None:
    op.create_table(
        "stage_cache",
        sa.Column("owner_id", sa.Integer, nullable=False),
        sa.Column("contact_id", sa.Integer, nullable=False),
        sa.Column("stage", sa.String(20), nullable=False),
        sa.Column("since", UTCDateTime),
        sa.Column("user_zone", sa.String(64), nullable=False),
        sa.Column("valid_from", UTCDateTime),
        sa.Column("valid_until", UTCDateTime),
        sa.PrimaryKeyConstraint("contact_id", name="pk_stage_cache"),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["user.id"], ondelete="CASCADE", name="fk_stage_cache_owner_id_user"
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            ondelete="CASCADE",
            name="fk_stage_cache_contact_id_contact",
        ),
    )


def _create_triggers() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # one "=" per row, not "IN (OLD.x, NEW.x)" (which SQLite runs far slower), and
        # nothing at all while the cache is empty (a bulk import into a new workspace)
        for table, column in FEEDS:
            for when, rows in (
                ("INSERT", ("NEW",)),
                ("UPDATE", ("OLD", "NEW")),
                ("DELETE", ("OLD",)),
            ):
                if table == "contact" and when != "UPDATE":
                    continue  # a new contact has no row; a removed one cascades
                body = " ".join(
                    f"DELETE FROM stage_cache WHERE contact_id = {r}.{column};"  # noqa: S608
                    for r in rows
                )
                op.execute(
                    f"CREATE TRIGGER IF NOT EXISTS stage_cache_{table}_{when.lower()} "  # noqa: S608
                    f'AFTER {when} ON "{table}" FOR EACH ROW '
                    f"WHEN EXISTS (SELECT 1 FROM stage_cache) BEGIN {body} END"
                )
        return
    for table, column in FEEDS:
        op.execute(
            f"CREATE OR REPLACE FUNCTION stage_cache_forget_{table}() RETURNS trigger "  # noqa: S608
            "LANGUAGE plpgsql AS $$ BEGIN "
            "IF TG_OP <> 'INSERT' THEN "
            f"DELETE FROM stage_cache WHERE contact_id = OLD.{column}; END IF; "
            "IF TG_OP <> 'DELETE' THEN "
            f"DELETE FROM stage_cache WHERE contact_id = NEW.{column}; END IF; "
            "RETURN NULL; END $$"
        )
        events = "UPDATE" if table == "contact" else "INSERT OR UPDATE OR DELETE"
        op.execute(f'DROP TRIGGER IF EXISTS stage_cache_{table} ON "{table}"')
        op.execute(
            f'CREATE TRIGGER stage_cache_{table} AFTER {events} ON "{table}" '
            f"FOR EACH ROW EXECUTE FUNCTION stage_cache_forget_{table}()"
        )


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, _ in FEEDS:
        if sqlite:
            for when in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS stage_cache_{table}_{when}")
        else:
            op.execute(f'DROP TRIGGER IF EXISTS stage_cache_{table} ON "{table}"')
            op.execute(f"DROP FUNCTION IF EXISTS stage_cache_forget_{table}()")
    op.drop_index("ix_stage_cache_owner_id_stage_since", table_name="stage_cache")
    op.drop_table("stage_cache")
