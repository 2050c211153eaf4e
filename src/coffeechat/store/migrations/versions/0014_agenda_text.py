"""The agenda cache keeps each item's words (issue 14: Today in milliseconds).

A page of the agenda read its items from ``agenda_cache`` in SQL, then derived their
contacts' timelines again for the reason and the command of each item: ten milliseconds
of rules for 25 items. The rules give the same words for as long as a row is valid (the
reasons name days, people and promises, all read from what the triggers watch; the year
is bounded by the validity), so the row keeps them: ``reason`` and ``command``. Rows
cached before this revision have none; a read derives just those contacts, as before,
until the next change of theirs writes the words too. Nothing is emptied, nothing
derived at upgrade time.

Revision ID: 0014_agenda_text
Revises: 0013_agenda_cache
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0014_agenda_text"
down_revision = "0013_agenda_cache"
branch_labels = None
depends_on = None

COLUMNS = ("reason", "command")


def _missing() -> list[str]:
    have = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("agenda_cache")}
    return [c for c in COLUMNS if c not in have]


def upgrade() -> None:
    # plain ADD COLUMNs (not batch copies, which would drop the table's triggers on
    # SQLite); only the missing ones: a revision set back by hand runs this again
    for name in _missing():
        op.add_column("agenda_cache", sa.Column(name, sa.Text))


def downgrade() -> None:
    # a batch copy on SQLite: the table has no triggers of its own (they sit on the
    # tables that feed it), and the older code reads every other column as it was
    present = [c for c in COLUMNS if c not in _missing()]
    if present:
        with op.batch_alter_table("agenda_cache") as batch:
            for name in present:
                batch.drop_column(name)
