"""The cities where the owner can meet people in person (issue 13: drafts offer to come to
a contact only in one of them).

Revision ID: 0009_cities
Revises: 0008_stage_cache
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_cities"
down_revision = "0008_stage_cache"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Only when missing: a workspace whose revision was set back by hand runs it again.
    if "cities" in {c["name"] for c in sa.inspect(op.get_bind()).get_columns("user")}:
        return
    with op.batch_alter_table("user") as batch:
        batch.add_column(sa.Column("cities", sa.String(500)))


def downgrade() -> None:
    with op.batch_alter_table("user") as batch:
        batch.drop_column("cities")
