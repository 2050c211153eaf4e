"""The last change of the workspace, recorded so that ``coffeechat undo`` can revert it
(issue 13).

Two tables of the database's own (no owner, not exported): ``undo_state``, one row
naming the last change (and, on SQLite, the change the open write transaction records
into), and ``undo_entry``, the inverse of each row the last change wrote. Triggers on
every table of user data (all but the derived ``stage_cache``) write the entries, in the
same transaction as the change; ``store/undo.py`` generates them from the columns each
table has. PostgreSQL numbers changes with the sequence ``undo_change_id``.

Revision ID: 0012_undo
Revises: 0011_introduced
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

from coffeechat.store.schema import UTCDateTime

revision = "0012_undo"
down_revision = "0011_introduced"
branch_labels = None
depends_on = None

#: The tables whose changes are recorded, at this revision.
RECORDED = (
    "user", "company", "contact", "contact_email", "contact_tag", "event", "search_doc",
    "calendar_source", "conversation", "proposal", "proposal_option", "note", "takeaway",
    "promise", "introduction", "guide", "followup_state", "path", "path_step",
)  # fmt: skip


def upgrade() -> None:
    from coffeechat.store import undo

    # "if not exists" throughout: a workspace whose revision was set back by hand (or a
    # test that fakes an older schema) may hold it already
    bind = op.get_bind()
    tables = set(sa.inspect(bind).get_table_names())
    if "undo_state" not in tables:
        op.create_table(
            "undo_state",
            sa.Column("id", sa.Integer, nullable=False),
            sa.Column("current", sa.BigInteger),
            sa.Column("next_id", sa.BigInteger, nullable=False),
            sa.Column("last_change", sa.BigInteger),
            sa.Column("label", sa.String(200)),
            sa.Column("created_at", UTCDateTime),
            sa.PrimaryKeyConstraint("id", name="pk_undo_state"),
        )
        op.execute("INSERT INTO undo_state (id, next_id) VALUES (1, 0)")
    if "undo_entry" not in tables:
        op.create_table(
            "undo_entry",
            sa.Column("id", sa.Integer, nullable=False),
            sa.Column("change_id", sa.BigInteger, nullable=False),
            sa.Column("tbl", sa.String(40), nullable=False),
            sa.Column("op", sa.String(1), nullable=False),
            sa.Column("lo", sa.BigInteger),
            sa.Column("hi", sa.BigInteger),
            sa.Column("key", sa.Text),
            sa.Column("old", sa.Text),
            sa.PrimaryKeyConstraint("id", name="pk_undo_entry"),
        )
    op.create_index("ix_undo_entry_change_id", "undo_entry", ["change_id"], if_not_exists=True)
    # the ON DELETE CASCADE of a contact finds its e-mails by this index: undoing a big
    # import removes every contact it made (PostgreSQL otherwise scanned the e-mails,
    # dead rows included, once per contact)
    op.create_index(
        "ix_contact_email_contact_id", "contact_email", ["contact_id"], if_not_exists=True
    )
    if bind.dialect.name != "sqlite":
        op.execute(f"CREATE SEQUENCE IF NOT EXISTS {undo.SEQUENCE}")
    undo.create_triggers(bind, RECORDED)


def downgrade() -> None:
    from coffeechat.store import undo

    bind = op.get_bind()
    for name in RECORDED:
        undo.drop_triggers(bind, sa.Table(name, sa.MetaData(), autoload_with=bind))
    if bind.dialect.name != "sqlite":
        op.execute(f"DROP SEQUENCE IF EXISTS {undo.SEQUENCE}")
    op.drop_index("ix_contact_email_contact_id", table_name="contact_email")
    op.drop_index("ix_undo_entry_change_id", table_name="undo_entry")
    op.drop_table("undo_entry")
    op.drop_table("undo_state")
