"""Why the user wants to talk to a contact (issue 16).

``contact.reason``: the user's reason to talk to this person ("your talk on streaming
at PyData", "you moved from teaching into data"), free text that the outreach draft puts
in its second sentence. A plain ADD COLUMN, not a batch copy: on SQLite that would drop
the triggers of the stage cache, the agenda cache and undo on ``contact``. The undo
triggers of ``contact`` are made again so that an undone edit of the reason puts it back.

Revision ID: 0015_reason
Revises: 0014_agenda_text
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0015_reason"
down_revision = "0014_agenda_text"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from coffeechat.store import undo

    bind = op.get_bind()
    # "if not there": a workspace whose revision was set back by hand may hold it already
    have = {c["name"] for c in sa.inspect(bind).get_columns("contact")}
    if "reason" not in have:
        op.add_column("contact", sa.Column("reason", sa.Text))
    undo.create_triggers(bind, ["contact"])


def downgrade() -> None:
    # dropping the column would rebuild the table on SQLite (and drop its triggers): the
    # column stays, unused by the older code, and its undo triggers keep recording it
    pass
