"""Search folds accents on PostgreSQL too: a ``folded`` column of each search document
(title and body, case- and accent-folded in Python), which the GIN index now reads.

SQLite's FTS5 table folds by itself: there the column is added and stays empty.

Revision ID: 0006_search_folded
Revises: 0005_followups
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_search_folded"
down_revision = "0005_followups"
branch_labels = None
depends_on = None

#: Documents folded per round trip when an existing index is filled in.
_BATCH = 1000


def upgrade() -> None:
    # a plain ADD COLUMN, not a batch copy: on SQLite that would drop the FTS5 triggers
    op.add_column("search_doc", sa.Column("folded", sa.Text))
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        return
    from coffeechat.store.search import fold

    docs = sa.table(
        "search_doc", sa.column("id"), sa.column("title"), sa.column("body"), sa.column("folded")
    )
    last = 0
    while True:
        rows = bind.execute(
            sa.select(docs.c.id, docs.c.title, docs.c.body)
            .where(docs.c.id > last)
            .order_by(docs.c.id)
            .limit(_BATCH)
        ).all()
        if not rows:
            break
        bind.execute(
            sa.update(docs)
            .where(docs.c.id == sa.bindparam("doc_id"))
            .values(folded=sa.bindparam("text")),
            [{"doc_id": r.id, "text": fold(f"{r.title} {r.body}")} for r in rows],
        )
        last = rows[-1].id
    op.execute("DROP INDEX IF EXISTS ix_search_doc_fts")
    op.execute(
        "CREATE INDEX ix_search_doc_fts ON search_doc USING GIN (to_tsvector('simple', folded))"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.execute("DROP INDEX IF EXISTS ix_search_doc_fts")
        op.execute(
            "CREATE INDEX ix_search_doc_fts ON search_doc USING GIN "
            "(to_tsvector('simple', title || ' ' || body))"
        )
    op.drop_column("search_doc", "folded")
