"""Baseline: user, company, contact (+ e-mails, tags), event timeline, search index.

Revision ID: 0001_baseline
Revises:
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

from coffeechat.store.schema import UTCDateTime

revision = "0001_baseline"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "user",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(320)),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("country", sa.String(2)),
        sa.Column("availability", sa.String(200), nullable=False),
        sa.Column("signature", sa.Text),
        sa.Column("phone", sa.String(40)),
        sa.Column("weekly_goal", sa.Integer, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_user"),
    )
    op.create_table(
        "company",
        sa.Column("id", sa.Integer),
        sa.Column("owner_id", sa.Integer, nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("name_key", sa.String(200), nullable=False),
        sa.Column("website", sa.String(500)),
        sa.Column("advocacy", sa.Boolean),
        sa.Column("motivation", sa.Integer),
        sa.Column("posting", sa.Integer),
        sa.Column("note", sa.Text),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_company"),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["user.id"], ondelete="CASCADE", name="fk_company_owner_id_user"
        ),
        sa.UniqueConstraint("owner_id", "name_key", name="uq_company_owner_name"),
    )
    op.create_table(
        "contact",
        sa.Column("id", sa.Integer),
        sa.Column("owner_id", sa.Integer, nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("phone", sa.String(40)),
        sa.Column("linkedin", sa.String(500)),
        sa.Column("company_id", sa.Integer),
        sa.Column("title", sa.String(200)),
        sa.Column("seniority", sa.String(20)),
        sa.Column("city", sa.String(200)),
        sa.Column("timezone", sa.String(64)),
        sa.Column("work_hours", sa.String(200), nullable=False),
        sa.Column("country", sa.String(2)),
        sa.Column("how_met", sa.String(20)),
        sa.Column("met_at", sa.String(300)),
        sa.Column("met_on", sa.Date),
        sa.Column("introduced_by_id", sa.Integer),
        sa.Column("note", sa.Text),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_contact"),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["user.id"], ondelete="CASCADE", name="fk_contact_owner_id_user"
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["company.id"],
            ondelete="SET NULL",
            name="fk_contact_company_id_company",
        ),
        sa.ForeignKeyConstraint(
            ["introduced_by_id"],
            ["contact.id"],
            ondelete="SET NULL",
            name="fk_contact_introduced_by_id_contact",
        ),
    )
    op.create_index("ix_contact_owner_id", "contact", ["owner_id"])
    op.create_index("ix_contact_company_id", "contact", ["company_id"])
    op.create_table(
        "contact_email",
        sa.Column("id", sa.Integer),
        sa.Column("owner_id", sa.Integer, nullable=False),
        sa.Column("contact_id", sa.Integer, nullable=False),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_contact_email"),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["user.id"], ondelete="CASCADE", name="fk_contact_email_owner_id_user"
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            ondelete="CASCADE",
            name="fk_contact_email_contact_id_contact",
        ),
    )
    op.create_index(
        "ix_contact_email_owner_id_contact_id", "contact_email", ["owner_id", "contact_id"]
    )
    op.create_index("ix_contact_email_email", "contact_email", ["email"])
    op.create_table(
        "contact_tag",
        sa.Column("owner_id", sa.Integer, nullable=False),
        sa.Column("contact_id", sa.Integer, nullable=False),
        sa.Column("tag", sa.String(50), nullable=False),
        sa.PrimaryKeyConstraint("contact_id", "tag", name="pk_contact_tag"),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["user.id"], ondelete="CASCADE", name="fk_contact_tag_owner_id_user"
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            ondelete="CASCADE",
            name="fk_contact_tag_contact_id_contact",
        ),
    )
    op.create_index("ix_contact_tag_owner_id", "contact_tag", ["owner_id"])
    op.create_table(
        "event",
        sa.Column("id", sa.Integer),
        sa.Column("owner_id", sa.Integer, nullable=False),
        sa.Column("contact_id", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("at", UTCDateTime, nullable=False),
        sa.Column("zone", sa.String(64), nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("value", sa.String(100)),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_event"),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["user.id"], ondelete="CASCADE", name="fk_event_owner_id_user"
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            ondelete="CASCADE",
            name="fk_event_contact_id_contact",
        ),
    )
    op.create_index("ix_event_contact_id_at", "event", ["contact_id", "at"])
    op.create_index("ix_event_owner_id", "event", ["owner_id"])
    op.create_table(
        "search_doc",
        sa.Column("id", sa.Integer),
        sa.Column("owner_id", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("ref_id", sa.Integer, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_search_doc"),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["user.id"], ondelete="CASCADE", name="fk_search_doc_owner_id_user"
        ),
        sa.UniqueConstraint("kind", "ref_id", name="uq_search_doc_kind_ref"),
    )
    op.create_index("ix_search_doc_owner_id", "search_doc", ["owner_id"])
    if op.get_bind().dialect.name == "sqlite":
        # External-content FTS5 index over search_doc, kept in step by triggers.
        op.execute(
            "CREATE VIRTUAL TABLE search_fts USING fts5("
            "title, body, content='search_doc', content_rowid='id', "
            "tokenize='unicode61 remove_diacritics 2')"
        )
        op.execute(
            "CREATE TRIGGER search_doc_ai AFTER INSERT ON search_doc BEGIN "
            "INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END"
        )
        op.execute(
            "CREATE TRIGGER search_doc_ad AFTER DELETE ON search_doc BEGIN "
            "INSERT INTO search_fts(search_fts, rowid, title, body) "
            "VALUES ('delete', old.id, old.title, old.body); END"
        )
        op.execute(
            "CREATE TRIGGER search_doc_au AFTER UPDATE ON search_doc BEGIN "
            "INSERT INTO search_fts(search_fts, rowid, title, body) "
            "VALUES ('delete', old.id, old.title, old.body); "
            "INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END"
        )
    else:
        op.execute(
            "CREATE INDEX ix_search_doc_fts ON search_doc USING GIN "
            "(to_tsvector('simple', title || ' ' || body))"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS search_fts")
    for table in ("search_doc", "event", "contact_tag", "contact_email", "contact", "company"):
        op.drop_table(table)
    op.drop_table("user")
