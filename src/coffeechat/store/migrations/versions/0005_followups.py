"""Follow-ups and paths: the user's dismissals and snoozes, paths into companies.

Revision ID: 0005_followups
Revises: 0004_conversation
Create Date: 2026-11-27
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

from coffeechat.store.schema import UTCDateTime

revision = "0005_followups"
down_revision = "0004_conversation"
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
    with op.batch_alter_table("contact") as batch:
        batch.add_column(sa.Column("keep_in_touch", sa.Integer))
    op.create_table(
        "followup_state",
        sa.Column("id", sa.Integer),
        *_owner("followup_state"),
        sa.Column("contact_id", sa.Integer, nullable=False),
        sa.Column("item", sa.String(120), nullable=False),
        sa.Column("action", sa.String(10), nullable=False),
        sa.Column("until", sa.Date),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_followup_state"),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            ondelete="CASCADE",
            name="fk_followup_state_contact_id_contact",
        ),
    )
    op.create_index("ix_followup_state_owner_id", "followup_state", ["owner_id"])
    op.create_table(
        "path",
        sa.Column("id", sa.Integer),
        *_owner("path"),
        sa.Column("company_id", sa.Integer, nullable=False),
        sa.Column("role", sa.String(200), nullable=False),
        sa.Column("via_contact_id", sa.Integer),
        sa.Column("conventional", sa.Boolean, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_path"),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], ondelete="CASCADE", name="fk_path_company_id_company"
        ),
        sa.ForeignKeyConstraint(
            ["via_contact_id"],
            ["contact.id"],
            ondelete="SET NULL",
            name="fk_path_via_contact_id_contact",
        ),
    )
    op.create_index("ix_path_owner_id", "path", ["owner_id"])
    op.create_table(
        "path_step",
        sa.Column("id", sa.Integer),
        *_owner("path_step"),
        sa.Column("path_id", sa.Integer, nullable=False),
        sa.Column("step", sa.String(40), nullable=False),
        sa.Column("on", sa.Date, nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_path_step"),
        sa.ForeignKeyConstraint(
            ["path_id"], ["path.id"], ondelete="CASCADE", name="fk_path_step_path_id_path"
        ),
    )
    op.create_index("ix_path_step_path_id", "path_step", ["path_id"])


def downgrade() -> None:
    for table in ("path_step", "path", "followup_state"):
        op.drop_table(table)
    with op.batch_alter_table("contact") as batch:
        batch.drop_column("keep_in_touch")
