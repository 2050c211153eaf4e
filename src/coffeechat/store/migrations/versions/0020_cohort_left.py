"""Cohorts (issue 15): what the coach keeps of a seeker who left, and names unique
whatever their case.

- ``cohort_member.left_at`` and ``cohort_member.left_numbers``: when a seeker left with
  deactivate, and their numbers frozen then (the weeks from joining to leaving, overdue
  follow-ups and last active, as JSON: ``core.cohorts.freeze``), which the coach keeps.
  Those who left before this revision have none (their recaps stay, as before).
- ``uq_cohort_name_lower``: a unique index on ``lower(name)``, so "Alpha" and "alpha"
  cannot both exist. A database that already has such names keeps the oldest as it is
  and renames the others "alpha (2)", "alpha (3)"... (the invite codes are unchanged).

Revision ID: 0020_cohort_left
Revises: 0019_submission_conversation
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

from coffeechat.store.schema import UTCDateTime

revision = "0020_cohort_left"
down_revision = "0019_submission_conversation"
branch_labels = None
depends_on = None


def _unique_names(conn: sa.Connection) -> None:
    """Rename the cohorts whose names differ from an older one's only by case."""
    rows = conn.execute(sa.text("SELECT id, name FROM cohort ORDER BY id")).all()
    taken = {str(name).lower() for _, name in rows}
    seen: set[str] = set()
    for ident, name in rows:
        key = str(name).lower()
        if key not in seen:
            seen.add(key)
            continue
        n = 2
        while f"{key} ({n})" in taken:
            n += 1
        renamed = f"{name} ({n})"
        taken.add(renamed.lower())
        conn.execute(
            sa.text("UPDATE cohort SET name = :name WHERE id = :id"),
            {"name": renamed, "id": ident},
        )


def _has_index(bind: sa.Connection, name: str) -> bool:
    """Whether the index ``name`` exists (asked of the catalogue: SQLAlchemy's reflection
    of an expression index warns that it cannot read it)."""
    if bind.dialect.name == "sqlite":
        query = "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = :name"
    else:
        query = "SELECT 1 FROM pg_indexes WHERE indexname = :name AND schemaname = current_schema()"
    return bind.execute(sa.text(query), {"name": name}).first() is not None


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    columns = {c["name"] for c in inspector.get_columns("cohort_member")}
    if "left_numbers" not in columns:
        op.add_column("cohort_member", sa.Column("left_at", UTCDateTime))
        op.add_column("cohort_member", sa.Column("left_numbers", sa.Text))
    if not _has_index(op.get_bind(), "uq_cohort_name_lower"):
        _unique_names(op.get_bind())
        op.create_index("uq_cohort_name_lower", "cohort", [sa.text("lower(name)")], unique=True)


def downgrade() -> None:
    op.drop_index("uq_cohort_name_lower", table_name="cohort")
    op.drop_column("cohort_member", "left_numbers")
    op.drop_column("cohort_member", "left_at")
