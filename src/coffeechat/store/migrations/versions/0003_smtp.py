"""Sending e-mail: the owner's SMTP server (host, port, security, user; no password).

Revision ID: 0003_smtp
Revises: 0002_scheduling
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_smtp"
down_revision = "0002_scheduling"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("user") as batch:
        batch.add_column(sa.Column("smtp_host", sa.String(255)))
        batch.add_column(sa.Column("smtp_port", sa.Integer))
        batch.add_column(
            sa.Column("smtp_security", sa.String(10), nullable=False, server_default="starttls")
        )
        batch.add_column(sa.Column("smtp_user", sa.String(320)))


def downgrade() -> None:
    with op.batch_alter_table("user") as batch:
        for column in ("smtp_user", "smtp_security", "smtp_port", "smtp_host"):
            batch.drop_column(column)
