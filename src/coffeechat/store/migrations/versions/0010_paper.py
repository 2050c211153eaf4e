"""The paper size the owner prints on (issue 13): a4, letter, or null for the size of
their country (Letter in the US, Canada, Mexico, the Philippines...; A4 elsewhere).

Revision ID: 0010_paper
Revises: 0009_cities
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_paper"
down_revision = "0009_cities"
branch_labels = None
depends_on = None


def _has_paper() -> bool:
    return any(c["name"] == "paper" for c in sa.inspect(op.get_bind()).get_columns("user"))


def upgrade() -> None:
    # only when missing: a workspace whose revision was set back by hand (or a test that
    # does so) runs this again
    if not _has_paper():
        with op.batch_alter_table("user") as batch:
            batch.add_column(sa.Column("paper", sa.String(10)))


def downgrade() -> None:
    if _has_paper():
        with op.batch_alter_table("user") as batch:
            batch.drop_column("paper")
