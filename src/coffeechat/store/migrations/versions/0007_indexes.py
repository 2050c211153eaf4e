"""Indexes for the questions about one contact (issue 12: cost follows the question).

One contact's timeline (or a chunk of contacts' timelines) by owner and contact, a
contact's peer at a company (the lowest id but theirs), the people a contact introduced,
one contact's promises and follow-up decisions, the introductions made to a contact (the
cascade when it is removed), and the contacts with a tag: each read through an index
rather than a scan of the workspace.

Revision ID: 0007_indexes
Revises: 0006_search_folded
Create Date: 2026-12-05
"""

from alembic import op

revision = "0007_indexes"
down_revision = "0006_search_folded"
branch_labels = None
depends_on = None

#: (index, table, columns), as store/schema.py declares them.
INDEXES = (
    # one contact's timeline, or a chunk's: SQLite would otherwise take the owner index
    ("ix_event_owner_id_contact_id_at", "event", ["owner_id", "contact_id", "at"]),
    ("ix_contact_owner_id_company_id_id", "contact", ["owner_id", "company_id", "id"]),
    ("ix_contact_introduced_by_id", "contact", ["introduced_by_id"]),
    ("ix_contact_tag_owner_id_tag", "contact_tag", ["owner_id", "tag"]),
    ("ix_promise_owner_id_contact_id", "promise", ["owner_id", "contact_id"]),
    ("ix_introduction_owner_id_from_id", "introduction", ["owner_id", "from_id"]),
    ("ix_introduction_to_id", "introduction", ["to_id"]),
    ("ix_followup_state_owner_id_contact_id", "followup_state", ["owner_id", "contact_id"]),
)


#: Owner-only indexes that the ones above begin with: left in place, SQLite would pick
#: them (for their rowid order) and read every row of the owner for one contact's.
REPLACED = (
    ("ix_promise_owner_id", "promise", ["owner_id"]),
    ("ix_introduction_owner_id", "introduction", ["owner_id"]),
    ("ix_followup_state_owner_id", "followup_state", ["owner_id"]),
)


def upgrade() -> None:
    # "if (not) exists": a workspace whose revision was set back by hand (or a test that
    # fakes an older schema) may hold some of them already
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, if_not_exists=True)
    for name, table, _ in REPLACED:
        op.drop_index(name, table_name=table, if_exists=True)


def downgrade() -> None:
    for name, table, columns in REPLACED:
        op.create_index(name, table, columns)
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
