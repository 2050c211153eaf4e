"""Recap review for the team server (issue 15): submissions, their versions, comments.

- ``submission``: a seeker's recap of one contact handed to one cohort's coach. Its
  ``status`` is submitted, changes-requested, resubmitted or approved; ``version`` is the
  latest version's number; ``submitted_at`` is when that version came (a review queue's
  waiting time runs from there). ``contact_id`` is not a foreign key: a submission is a
  snapshot the coach keeps even when the seeker removes the contact.
- ``submission_version``: each version's snapshot, as submitted (title, Markdown, and the
  ``recap --json`` document).
- ``submission_comment``: a comment on a version, on one topic of the recap or (topic
  None) on the whole; ``parent_id`` threads replies.

Tables of the server, like 0016's: not exported, not recorded for ``undo``.

Revision ID: 0017_review
Revises: 0016_accounts
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

from coffeechat.store.schema import UTCDateTime

revision = "0017_review"
down_revision = "0016_accounts"
branch_labels = None
depends_on = None

NEW_TABLES = ("submission_comment", "submission_version", "submission")


def upgrade() -> None:
    tables = set(sa.inspect(op.get_bind()).get_table_names())
    if "submission" in tables:  # a revision set back by hand: the rest is there too
        return
    op.create_table(
        "submission",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column(
            "seeker_id",
            sa.Integer,
            sa.ForeignKey("user.id", name="fk_submission_seeker_id_user", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "cohort_id",
            sa.Integer,
            sa.ForeignKey("cohort.id", name="fk_submission_cohort_id_cohort", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("contact_id", sa.Integer, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("submitted_at", UTCDateTime, nullable=False),
        sa.Column("reviewed_at", UTCDateTime),
        sa.PrimaryKeyConstraint("id", name="pk_submission"),
        sa.UniqueConstraint("seeker_id", "cohort_id", "contact_id", name="uq_submission_seeker_id"),
    )
    op.create_index(
        "ix_submission_cohort_id_status_submitted_at",
        "submission",
        ["cohort_id", "status", "submitted_at"],
    )
    op.create_table(
        "submission_version",
        sa.Column(
            "submission_id",
            sa.Integer,
            sa.ForeignKey(
                "submission.id",
                name="fk_submission_version_submission_id_submission",
                ondelete="CASCADE",
            ),
            nullable=False,
        ),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("markdown", sa.Text, nullable=False),
        sa.Column("document", sa.Text, nullable=False),
        sa.Column("submitted_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("submission_id", "version", name="pk_submission_version"),
    )
    op.create_table(
        "submission_comment",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column(
            "submission_id",
            sa.Integer,
            sa.ForeignKey(
                "submission.id",
                name="fk_submission_comment_submission_id_submission",
                ondelete="CASCADE",
            ),
            nullable=False,
        ),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column(
            "author_id",
            sa.Integer,
            sa.ForeignKey(
                "user.id", name="fk_submission_comment_author_id_user", ondelete="SET NULL"
            ),
        ),
        sa.Column(
            "parent_id",
            sa.Integer,
            sa.ForeignKey(
                "submission_comment.id",
                name="fk_submission_comment_parent_id_submission_comment",
                ondelete="CASCADE",
            ),
        ),
        sa.Column("topic", sa.String(200)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_submission_comment"),
    )
    op.create_index("ix_submission_comment_submission_id", "submission_comment", ["submission_id"])


def downgrade() -> None:
    for name in NEW_TABLES:
        op.drop_table(name)
