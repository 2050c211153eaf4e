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
    # SQLite changes no constraint in place: the table is made again, written out here
    # as this revision has it (not by alembic's batch mode, which copies the reflected
    # constraints in the order of a set: two workspaces made apart would differ, and it
    # reflects the cohort table, whose expression index SQLAlchemy warns of). Dropping
    # the old table deletes its versions and comments (ON DELETE CASCADE): they are set
    # aside first and put back.
    columns = (
        "id, seeker_id, cohort_id, contact_id, status, version, created_at, submitted_at, "
        "reviewed_at, conversation_id"
    )
    op.execute("CREATE TEMP TABLE keep_submission_version AS SELECT * FROM submission_version")
    op.execute("CREATE TEMP TABLE keep_submission_comment AS SELECT * FROM submission_comment")
    op.execute(_SQLITE_TABLE)
    op.execute(f"INSERT INTO submission_new ({columns}) SELECT {columns} FROM submission")  # noqa: S608 (fixed names)
    op.execute("DROP TABLE submission")
    op.execute("ALTER TABLE submission_new RENAME TO submission")
    op.execute(
        "CREATE INDEX ix_submission_cohort_id_status_submitted_at "
        "ON submission (cohort_id, status, submitted_at)"
    )
    op.execute("DELETE FROM submission_comment")
    op.execute("DELETE FROM submission_version")
    op.execute("INSERT INTO submission_version SELECT * FROM keep_submission_version")
    op.execute("INSERT INTO submission_comment SELECT * FROM keep_submission_comment ORDER BY id")
    op.execute("DROP TABLE keep_submission_version")
    op.execute("DROP TABLE keep_submission_comment")


#: The submission table of this revision on SQLite (as SQLAlchemy writes it).
_SQLITE_TABLE = (
    "CREATE TABLE submission_new (\n"
    "\tid INTEGER NOT NULL, \n"
    "\tseeker_id INTEGER NOT NULL, \n"
    "\tcohort_id INTEGER NOT NULL, \n"
    "\tcontact_id INTEGER NOT NULL, \n"
    "\tstatus VARCHAR(20) NOT NULL, \n"
    "\tversion INTEGER NOT NULL, \n"
    "\tcreated_at DATETIME NOT NULL, \n"
    "\tsubmitted_at DATETIME NOT NULL, \n"
    "\treviewed_at DATETIME, \n"
    "\tconversation_id INTEGER DEFAULT '0' NOT NULL, \n"
    "\tCONSTRAINT pk_submission PRIMARY KEY (id), \n"
    "\tCONSTRAINT fk_submission_seeker_id_user FOREIGN KEY(seeker_id) REFERENCES user (id) "
    "ON DELETE CASCADE, \n"
    "\tCONSTRAINT fk_submission_cohort_id_cohort FOREIGN KEY(cohort_id) REFERENCES cohort (id) "
    "ON DELETE CASCADE, \n"
    "\tCONSTRAINT uq_submission_seeker_id "
    "UNIQUE (seeker_id, cohort_id, contact_id, conversation_id)\n"
    ")"
)


def downgrade() -> None:
    # the older key (seeker, cohort, contact) may not hold once two conversations of one
    # contact were submitted: the column and the key stay, unused by the older code
    pass
