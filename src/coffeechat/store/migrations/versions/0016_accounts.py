"""Accounts for the team server (issue 15): roles, passwords, sessions, API tokens,
cohorts and the audit log; and ``undo`` per user.

- ``user`` gains its account: ``login_email`` (normalised, unique; the local owner has
  none), ``role`` (seeker, coach or admin), ``password_hash`` (argon2id) and ``active``.
  Its undo triggers are made again: they leave these columns out (store/undo.py,
  ACCOUNT_COLUMNS), so a seeker's ``undo`` never brings back an old password or role.
- New tables of the server's own, without undo triggers and not exported:
  ``web_session``, ``api_token``, ``login_attempt``, ``password_reset``, ``cohort``,
  ``cohort_member``, ``audit_log``.
- ``undo_state`` gains ``owner_id``: row 1 keeps the database's counters, and each user
  has a row naming their own last change. The local owner's last change moves to theirs.

Revision ID: 0016_accounts
Revises: 0015_reason
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

from coffeechat.store.schema import UTCDateTime

revision = "0016_accounts"
down_revision = "0015_reason"
branch_labels = None
depends_on = None

NEW_TABLES = (
    "audit_log", "cohort_member", "cohort", "password_reset", "login_attempt", "api_token",
    "web_session",
)  # fmt: skip


def _user(
    table: str, name: str = "user_id", *, nullable: bool = False, ondelete: str = "CASCADE"
) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(
        name,
        sa.Integer,
        sa.ForeignKey("user.id", name=f"fk_{table}_{name}_user", ondelete=ondelete),
        nullable=nullable,
    )


def upgrade() -> None:
    from coffeechat.store import undo

    # "if not exists" throughout: a workspace whose revision was set back by hand (or a
    # test that fakes an older schema) may hold it already
    bind = op.get_bind()
    inspector = sa.inspect(bind)
    tables = set(inspector.get_table_names())
    columns = {c["name"] for c in inspector.get_columns("user")}
    for column in (
        sa.Column("login_email", sa.String(320)),
        sa.Column("role", sa.String(10), nullable=False, server_default="seeker"),
        sa.Column("password_hash", sa.String(255)),
        sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    ):
        if column.name not in columns:
            op.add_column("user", column)
    op.create_index("ix_user_login_email", "user", ["login_email"], unique=True, if_not_exists=True)
    undo.create_triggers(bind, ["user"])
    if "web_session" in tables:  # the rest is there too
        return

    op.create_table(
        "web_session",
        sa.Column("id", sa.String(64), nullable=False),
        _user("web_session"),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("last_seen_at", UTCDateTime, nullable=False),
        sa.Column("expires_at", UTCDateTime, nullable=False),
        sa.Column("user_agent", sa.String(200)),
        sa.Column("ip", sa.String(45)),
        sa.Column("revoked_at", UTCDateTime),
        sa.PrimaryKeyConstraint("id", name="pk_web_session"),
    )
    op.create_index("ix_web_session_user_id", "web_session", ["user_id"])
    op.create_table(
        "api_token",
        sa.Column("id", sa.Integer, nullable=False),
        _user("api_token"),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("last_used_at", UTCDateTime),
        sa.Column("revoked_at", UTCDateTime),
        sa.PrimaryKeyConstraint("id", name="pk_api_token"),
    )
    op.create_index("ix_api_token_user_id", "api_token", ["user_id"])
    op.create_index("ix_api_token_token_hash", "api_token", ["token_hash"], unique=True)
    op.create_table(
        "login_attempt",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("key", sa.String(400), nullable=False),
        sa.Column("at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_login_attempt"),
    )
    op.create_index("ix_login_attempt_key_at", "login_attempt", ["key", "at"])
    op.create_table(
        "password_reset",
        sa.Column("token_hash", sa.String(64), nullable=False),
        _user("password_reset"),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("expires_at", UTCDateTime, nullable=False),
        sa.Column("used_at", UTCDateTime),
        sa.PrimaryKeyConstraint("token_hash", name="pk_password_reset"),
    )
    op.create_index("ix_password_reset_user_id", "password_reset", ["user_id"])
    op.create_table(
        "cohort",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        _user("cohort", "coach_id", ondelete="RESTRICT"),
        sa.Column("weekly_goal", sa.Integer, nullable=False),
        sa.Column("invite_code", sa.String(40), nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_cohort"),
        sa.UniqueConstraint("name", name="uq_cohort_name"),
        sa.UniqueConstraint("invite_code", name="uq_cohort_invite_code"),
    )
    op.create_table(
        "cohort_member",
        sa.Column(
            "cohort_id",
            sa.Integer,
            sa.ForeignKey(
                "cohort.id", name="fk_cohort_member_cohort_id_cohort", ondelete="CASCADE"
            ),
            nullable=False,
        ),
        _user("cohort_member"),
        sa.Column("status", sa.String(10), nullable=False, server_default="active"),
        sa.Column("joined_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("cohort_id", "user_id", name="pk_cohort_member"),
    )
    op.create_index("ix_cohort_member_user_id", "cohort_member", ["user_id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("at", UTCDateTime, nullable=False),
        _user("audit_log", "actor_id", nullable=True, ondelete="SET NULL"),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("target", sa.String(320)),
        sa.Column("detail", sa.Text),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])

    # undo per user: row 1 keeps the counters, the owner's last change gets its own row
    op.add_column("undo_state", sa.Column("owner_id", sa.Integer))
    op.create_index("ix_undo_state_owner_id", "undo_state", ["owner_id"], unique=True)
    if bind.dialect.name == "postgresql":  # row 1 was inserted with its id: move on
        op.execute(
            "SELECT setval(pg_get_serial_sequence('undo_state', 'id'), "
            "(SELECT coalesce(max(id), 1) FROM undo_state)) "
            "WHERE pg_get_serial_sequence('undo_state', 'id') IS NOT NULL"
        )
    owner = bind.execute(sa.text('SELECT min(id) FROM "user"')).scalar()
    if owner is not None:
        op.execute(
            sa.text(
                "INSERT INTO undo_state (id, owner_id, next_id, last_change, label, created_at) "
                "SELECT 2, :owner, 0, last_change, label, created_at FROM undo_state WHERE id = 1"
            ).bindparams(owner=owner)
        )
        op.execute(
            "UPDATE undo_state SET last_change = NULL, label = NULL, created_at = NULL WHERE id = 1"
        )
        if bind.dialect.name == "postgresql":
            op.execute(
                "SELECT setval(pg_get_serial_sequence('undo_state', 'id'), 2) "
                "WHERE pg_get_serial_sequence('undo_state', 'id') IS NOT NULL"
            )


def downgrade() -> None:
    from coffeechat.store import undo

    bind = op.get_bind()
    op.execute(
        "UPDATE undo_state SET (last_change, label, created_at) = "
        "(SELECT last_change, label, created_at FROM undo_state AS o "
        'WHERE o.owner_id = (SELECT min(id) FROM "user")) WHERE id = 1'
    )
    op.execute("DELETE FROM undo_state WHERE id <> 1")
    op.drop_index("ix_undo_state_owner_id", table_name="undo_state")
    with op.batch_alter_table("undo_state") as batch:
        batch.drop_column("owner_id")
    for name in NEW_TABLES:
        op.drop_table(name)
    op.drop_index("ix_user_login_email", table_name="user")
    with op.batch_alter_table("user") as batch:
        for column in ("active", "password_hash", "role", "login_email"):
            batch.drop_column(column)
    undo.create_triggers(bind, ["user"])
