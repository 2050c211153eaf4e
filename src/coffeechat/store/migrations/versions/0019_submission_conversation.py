"""A recap submission per conversation, not per contact (issue 15).

``submission.conversation_id``: the conversation whose recap was submitted (its id in
the seeker's workspace: the server's for a recap submitted on the server, the local one
for ``coffeechat recap submit``; 0 when not known). A second conversation with the same
contact is a submission of its own, no longer a "new version" diffed against the first
one's recap. The unique key becomes (seeker, cohort, contact, conversation).

Existing rows keep their versions and comments; each gets the conversation its latest
version's document names (``recap --json``'s ``conversation``), else 0.

On SQLite the unique key is part of the table: the table is copied (batch mode). Its
versions and comments would go with the old table (``ON DELETE CASCADE`` fires on a
``DROP TABLE`` while foreign keys are on), so they are kept aside and put back.

Revision ID: 0019_submission_conversation
Revises: 0018_digests
Create Date: 2026-12-06
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0019_submission_conversation"
down_revision = "0018_digests"
branch_labels = None
depends_on = None

KEY = ("seeker_id", "cohort_id", "contact_id", "conversation_id")


def _conversation_of(document: str | None) -> int:
    try:
        found = json.loads(document or "")
    except ValueError:
        return 0
    value = found.get("conversation") if isinstance(found, dict) else None
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**31:
        return value
    return 0


def _backfill(bind: sa.Connection) -> None:
    rows = bind.execute(
        sa.text(
            "SELECT s.id, v.document FROM submission s JOIN submission_version v "
            "ON v.submission_id = s.id AND v.version = s.version"
        )
    ).all()
    for submission_id, document in rows:
        found = _conversation_of(document)
        if found:
            bind.execute(
                sa.text("UPDATE submission SET conversation_id = :c WHERE id = :i"),
                {"c": found, "i": submission_id},
            )


def upgrade() -> None:
    bind = op.get_bind()
    have = {c["name"] for c in sa.inspect(bind).get_columns("submission")}
    if "conversation_id" in have:  # a revision set back by hand
        return
    op.add_column(
        "submission",
        sa.Column("conversation_id", sa.Integer, nullable=False, server_default="0"),
    )
    _backfill(bind)
    if bind.dialect.name != "sqlite":
        op.drop_constraint("uq_submission_seeker_id", "submission", type_="unique")
        op.create_unique_constraint("uq_submission_seeker_id", "submission", list(KEY))
        return
    op.execute("CREATE TEMP TABLE keep_submission_version AS SELECT * FROM submission_version")
    op.execute("CREATE TEMP TABLE keep_submission_comment AS SELECT * FROM submission_comment")
    with op.batch_alter_table("submission", recreate="always") as batch:
        batch.drop_constraint("uq_submission_seeker_id", type_="unique")
        batch.create_unique_constraint("uq_submission_seeker_id", list(KEY))
    op.execute("DELETE FROM submission_comment")
    op.execute("DELETE FROM submission_version")
    op.execute("INSERT INTO submission_version SELECT * FROM keep_submission_version")
    op.execute("INSERT INTO submission_comment SELECT * FROM keep_submission_comment ORDER BY id")
    op.execute("DROP TABLE keep_submission_version")
    op.execute("DROP TABLE keep_submission_comment")


def downgrade() -> None:
    # the older key (seeker, cohort, contact) may not hold once two conversations of one
    # contact were submitted: the column and the key stay, unused by the older code
    pass
