"""The records mean what they say (issue 13).

- An introduction offered feeds the stage of the person it names (`intro-offered`,
  before `met`... after it, on the way to `reached-out`): the ``introduction`` table gets
  the stage cache's triggers, and the cache is emptied (the derivation changed).
- ``company.target``: a company is on the LAMP target list only when the user put it
  there (``company add``, a LAMP score, ``company edit --target``); an employer created
  by a contact or an import is a company, not a target. Existing companies are targets
  when they carry a LAMP score, a website or a note, or have no contact (only
  ``company add`` makes those); the rest were made by contacts and imports.
- ``conversation.link``: the video link of a confirmed conversation.
- Takeaways and promises are searched: their documents are added to the index.

Revision ID: 0011_introduced
Revises: 0010_paper
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_introduced"
down_revision = "0010_paper"
branch_labels = None
depends_on = None

#: Rows read per round trip when the search index is filled in.
_BATCH = 1000


def upgrade() -> None:
    bind = op.get_bind()
    _create_triggers()
    op.execute("DELETE FROM stage_cache")
    # "if not there" throughout: a workspace whose revision was set back by hand (or a
    # test that fakes an older schema) may hold them already
    inspector = sa.inspect(bind)
    has = {t: {c["name"] for c in inspector.get_columns(t)} for t in ("company", "conversation")}
    # plain ADD COLUMNs, not batch copies: on SQLite those would drop the triggers of
    # the stage cache (conversation) and nothing else needs a rebuild
    if "target" not in has["company"]:
        op.add_column(
            "company", sa.Column("target", sa.Boolean, nullable=False, server_default=sa.false())
        )
    if "link" not in has["conversation"]:
        op.add_column("conversation", sa.Column("link", sa.String(2000)))
    company = sa.table(
        "company",
        sa.column("id"),
        sa.column("target"),
        sa.column("advocacy"),
        sa.column("motivation"),
        sa.column("posting"),
        sa.column("website"),
        sa.column("note"),
    )
    contact = sa.table("contact", sa.column("company_id"))
    bind.execute(
        sa.update(company)
        .where(
            company.c.motivation.is_not(None)
            | company.c.posting.is_not(None)
            | company.c.advocacy.is_not(None)
            | company.c.website.is_not(None)
            | company.c.note.is_not(None)
            | ~sa.exists().where(contact.c.company_id == company.c.id)
        )
        .values(target=sa.true())
    )
    _index_written(bind)


def _create_triggers() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for when, rows in (("INSERT", ("NEW",)), ("UPDATE", ("OLD", "NEW")), ("DELETE", ("OLD",))):
            body = " ".join(
                f"DELETE FROM stage_cache WHERE contact_id = {r}.to_id;"  # noqa: S608
                for r in rows
            )
            op.execute(
                f"CREATE TRIGGER IF NOT EXISTS stage_cache_introduction_{when.lower()} "  # noqa: S608
                f"AFTER {when} ON introduction FOR EACH ROW "
                f"WHEN EXISTS (SELECT 1 FROM stage_cache) BEGIN {body} END"
            )
        return
    op.execute(
        "CREATE OR REPLACE FUNCTION stage_cache_forget_introduction() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN "
        "IF TG_OP <> 'INSERT' THEN "
        "DELETE FROM stage_cache WHERE contact_id = OLD.to_id; END IF; "
        "IF TG_OP <> 'DELETE' THEN "
        "DELETE FROM stage_cache WHERE contact_id = NEW.to_id; END IF; "
        "RETURN NULL; END $$"
    )
    op.execute("DROP TRIGGER IF EXISTS stage_cache_introduction ON introduction")
    op.execute(
        "CREATE TRIGGER stage_cache_introduction AFTER INSERT OR UPDATE OR DELETE "
        "ON introduction FOR EACH ROW EXECUTE FUNCTION stage_cache_forget_introduction()"
    )


def _index_written(bind: sa.Connection) -> None:
    """Put every takeaway and promise in the search index (as the service does)."""
    from coffeechat.store.search import fold, written_title

    sqlite = bind.dialect.name == "sqlite"
    contact = sa.table("contact", sa.column("id"), sa.column("name"))
    docs = sa.table(
        "search_doc",
        sa.column("owner_id"),
        sa.column("kind"),
        sa.column("ref_id"),
        sa.column("title"),
        sa.column("body"),
        sa.column("folded"),
    )
    for kind, detail in (("takeaway", "kind"), ("promise", "by")):
        bind.execute(sa.delete(docs).where(docs.c.kind == kind))  # none, unless set back
        table = sa.table(
            kind,
            sa.column("id"),
            sa.column("owner_id"),
            sa.column("contact_id"),
            sa.column("text"),
            sa.column(detail),
        )
        last = 0
        while True:
            rows = bind.execute(
                sa.select(
                    table.c.id, table.c.owner_id, table.c.text, table.c[detail], contact.c.name
                )
                .join(contact, contact.c.id == table.c.contact_id)
                .where(table.c.id > last)
                .order_by(table.c.id)
                .limit(_BATCH)
            ).all()
            if not rows:
                break
            values = []
            for r in rows:
                title = written_title(r.name, kind, r[3])
                values.append(
                    {
                        "owner_id": r.owner_id,
                        "kind": kind,
                        "ref_id": r.id,
                        "title": title,
                        "body": r.text,
                        "folded": None if sqlite else fold(f"{title} {r.text}"),
                    }
                )
            bind.execute(sa.insert(docs), values)
            last = rows[-1].id


def downgrade() -> None:
    op.execute("DELETE FROM search_doc WHERE kind IN ('takeaway', 'promise')")
    with op.batch_alter_table("company") as batch:
        batch.drop_column("target")
    if op.get_bind().dialect.name == "sqlite":
        for when in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS stage_cache_introduction_{when}")
    else:
        op.execute("DROP TRIGGER IF EXISTS stage_cache_introduction ON introduction")
        op.execute("DROP FUNCTION IF EXISTS stage_cache_forget_introduction()")
    # dropping conversation.link would rebuild the table on SQLite (and drop its stage
    # cache triggers): the column stays, unused by the older code
    op.execute("DELETE FROM stage_cache")
