"""Scheduling: busy-time calendars, conversations, proposals and their options.

Revision ID: 0002_scheduling
Revises: 0001_baseline
Create Date: 2026-11-27
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

from coffeechat.store.schema import UTCDateTime

revision = "0002_scheduling"
down_revision = "0001_baseline"
branch_labels = None
depends_on = None


def _owner(table: str) -> list[Any]:
    return [
        sa.Column("owner_id", sa.Integer, nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["user.id"], ondelete="CASCADE", name=f"fk_{table}_owner_id_user"
        ),
    ]


def upgrade() -> None:
    op.create_table(
        "calendar_source",
        sa.Column("id", sa.Integer),
        *_owner("calendar_source"),
        sa.Column("source", sa.String(2000), nullable=False),
        sa.Column("is_url", sa.Boolean, nullable=False),
        sa.Column("cached", sa.LargeBinary),
        sa.Column("fetched_at", UTCDateTime),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_calendar_source"),
        sa.UniqueConstraint("owner_id", "source", name="uq_calendar_source_owner_source"),
    )
    op.create_table(
        "conversation",
        sa.Column("id", sa.Integer),
        *_owner("conversation"),
        sa.Column("contact_id", sa.Integer, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("start", UTCDateTime),
        sa.Column("end", UTCDateTime),
        sa.Column("zone", sa.String(64), nullable=False),
        sa.Column("place", sa.Text),
        sa.Column("format", sa.String(20)),
        sa.Column("reschedules", sa.Integer, nullable=False),
        sa.Column("uid", sa.String(200), nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_conversation"),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            ondelete="CASCADE",
            name="fk_conversation_contact_id_contact",
        ),
    )
    op.create_index(
        "ix_conversation_owner_id_contact_id", "conversation", ["owner_id", "contact_id"]
    )
    op.create_table(
        "proposal",
        sa.Column("id", sa.Integer),
        *_owner("proposal"),
        sa.Column("contact_id", sa.Integer, nullable=False),
        sa.Column("conversation_id", sa.Integer),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("zone", sa.String(64), nullable=False),
        sa.Column("duration_min", sa.Integer, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_proposal"),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            ondelete="CASCADE",
            name="fk_proposal_contact_id_contact",
        ),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversation.id"],
            ondelete="SET NULL",
            name="fk_proposal_conversation_id_conversation",
        ),
    )
    op.create_index("ix_proposal_owner_id_contact_id", "proposal", ["owner_id", "contact_id"])
    op.create_table(
        "proposal_option",
        sa.Column("id", sa.Integer),
        *_owner("proposal_option"),
        sa.Column("proposal_id", sa.Integer, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("start", UTCDateTime, nullable=False),
        sa.Column("end", UTCDateTime, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("format", sa.String(20), nullable=False),
        sa.Column("place", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_proposal_option"),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposal.id"],
            ondelete="CASCADE",
            name="fk_proposal_option_proposal_id_proposal",
        ),
    )
    op.create_index("ix_proposal_option_proposal_id", "proposal_option", ["proposal_id"])


def downgrade() -> None:
    for table in ("proposal_option", "proposal", "conversation", "calendar_source"):
        op.drop_table(table)
