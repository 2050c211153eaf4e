"""Daily digests and per-user agenda feeds for the team server (issue 15).

- ``digest_setting``: a user's choice of daily digest, on or off and at which hour of
  their zone (no row: on, at 08:00).
- ``digest``: one row per user and day of their zone that a digest was made for
  (status sending, sent or empty); unique per (user, day), so a digest goes out once a
  day even when the worker restarts or two workers run.
- ``worker_heartbeat``: when the worker last ran (the web warns when that is old).
- ``feed_key``: each user's agenda feed key (``/agenda.ics?key=…``), when a calendar
  app last fetched it and which.

Tables of the server, like 0016's: not exported, not recorded for ``undo``.

Revision ID: 0018_digests
Revises: 0017_review
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

from coffeechat.store.schema import UTCDateTime

revision = "0018_digests"
down_revision = "0017_review"
branch_labels = None
depends_on = None

NEW_TABLES = ("feed_key", "worker_heartbeat", "digest", "digest_setting")


def _user_id(name: str, table: str, **extra: object) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(
        name,
        sa.Integer,
        sa.ForeignKey("user.id", name=f"fk_{table}_{name}_user", ondelete="CASCADE"),
        nullable=False,
        **extra,  # type: ignore[arg-type]
    )


def upgrade() -> None:
    tables = set(sa.inspect(op.get_bind()).get_table_names())
    if "digest" in tables:  # a revision set back by hand: the rest is there too
        return
    op.create_table(
        "digest_setting",
        _user_id("user_id", "digest_setting"),
        sa.Column("enabled", sa.Boolean, nullable=False),
        sa.Column("hour", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("user_id", name="pk_digest_setting"),
    )
    op.create_table(
        "digest",
        sa.Column("id", sa.Integer, nullable=False),
        _user_id("user_id", "digest"),
        sa.Column("local_date", sa.Date, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("items", sa.Integer, nullable=False, server_default="0"),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("sent_at", UTCDateTime),
        sa.PrimaryKeyConstraint("id", name="pk_digest"),
        sa.UniqueConstraint("user_id", "local_date", name="uq_digest_user_id"),
    )
    op.create_table(
        "worker_heartbeat",
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("at", UTCDateTime, nullable=False),
        sa.Column("detail", sa.String(200)),
        sa.PrimaryKeyConstraint("name", name="pk_worker_heartbeat"),
    )
    op.create_table(
        "feed_key",
        _user_id("user_id", "feed_key"),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("fetched_at", UTCDateTime),
        sa.Column("agent", sa.String(120)),
        sa.PrimaryKeyConstraint("user_id", name="pk_feed_key"),
        sa.UniqueConstraint("key", name="uq_feed_key_key"),
    )


def downgrade() -> None:
    for name in NEW_TABLES:
        op.drop_table(name)
