"""The conversation: notes, takeaways, promises, introductions, custom guides, recaps.

Revision ID: 0004_conversation
Revises: 0003_smtp
Create Date: 2026-11-27
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

from coffeechat.store.schema import UTCDateTime

revision = "0004_conversation"
down_revision = "0003_smtp"
branch_labels = None
depends_on = None


def _owner(table: str) -> list[Any]:
    return [
        sa.Column("owner_id", sa.Integer, nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["user.id"], ondelete="CASCADE", name=f"fk_{table}_owner_id_user"
        ),
    ]


def _refs(table: str) -> list[Any]:
    return [
        sa.Column("conversation_id", sa.Integer, nullable=False),
        sa.Column("contact_id", sa.Integer, nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversation.id"],
            ondelete="CASCADE",
            name=f"fk_{table}_conversation_id_conversation",
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            ondelete="CASCADE",
            name=f"fk_{table}_contact_id_contact",
        ),
    ]


def upgrade() -> None:
    with op.batch_alter_table("conversation") as batch:
        batch.add_column(sa.Column("guide", sa.String(40)))
        batch.add_column(sa.Column("planned_minutes", sa.Integer))
        batch.add_column(sa.Column("started_at", UTCDateTime))
        batch.add_column(sa.Column("skipped", sa.Text, nullable=False, server_default=""))
        batch.add_column(sa.Column("reflection", sa.Text))
        batch.add_column(sa.Column("next_contact", sa.Date))
        batch.add_column(sa.Column("next_step", sa.Text))
        batch.add_column(sa.Column("variant", sa.String(20)))
        batch.add_column(sa.Column("recapped_at", UTCDateTime))
    op.create_table(
        "note",
        sa.Column("id", sa.Integer),
        *_owner("note"),
        *_refs("note"),
        sa.Column("topic", sa.String(40)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_note"),
    )
    op.create_index("ix_note_conversation_id", "note", ["conversation_id"])
    op.create_index("ix_note_owner_id", "note", ["owner_id"])
    op.create_table(
        "takeaway",
        sa.Column("id", sa.Integer),
        *_owner("takeaway"),
        *_refs("takeaway"),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_takeaway"),
    )
    op.create_index("ix_takeaway_conversation_id", "takeaway", ["conversation_id"])
    op.create_index("ix_takeaway_owner_id", "takeaway", ["owner_id"])
    op.create_table(
        "promise",
        sa.Column("id", sa.Integer),
        *_owner("promise"),
        *_refs("promise"),
        sa.Column("by", sa.String(10), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("due", sa.Date),
        sa.Column("done_at", UTCDateTime),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_promise"),
    )
    op.create_index("ix_promise_conversation_id", "promise", ["conversation_id"])
    op.create_index("ix_promise_owner_id", "promise", ["owner_id"])
    op.create_table(
        "introduction",
        sa.Column("id", sa.Integer),
        *_owner("introduction"),
        sa.Column("from_id", sa.Integer, nullable=False),
        sa.Column("to_id", sa.Integer, nullable=False),
        sa.Column("conversation_id", sa.Integer),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_introduction"),
        sa.ForeignKeyConstraint(
            ["from_id"], ["contact.id"], ondelete="CASCADE", name="fk_introduction_from_id_contact"
        ),
        sa.ForeignKeyConstraint(
            ["to_id"], ["contact.id"], ondelete="CASCADE", name="fk_introduction_to_id_contact"
        ),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversation.id"],
            ondelete="SET NULL",
            name="fk_introduction_conversation_id_conversation",
        ),
    )
    op.create_index("ix_introduction_owner_id", "introduction", ["owner_id"])
    op.create_index("ix_introduction_from_id", "introduction", ["from_id"])
    op.create_table(
        "guide",
        sa.Column("id", sa.Integer),
        *_owner("guide"),
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("definition", sa.Text, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_guide"),
        sa.UniqueConstraint("owner_id", "name", name="uq_guide_owner_name"),
    )


def downgrade() -> None:
    for table in ("guide", "introduction", "promise", "takeaway", "note"):
        op.drop_table(table)
    with op.batch_alter_table("conversation") as batch:
        for column in (
            "recapped_at",
            "variant",
            "next_step",
            "next_contact",
            "reflection",
            "skipped",
            "started_at",
            "planned_minutes",
            "guide",
        ):
            batch.drop_column(column)
