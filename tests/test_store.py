"""The store under the service, on SQLite and (when configured) PostgreSQL.

Schema and migrations agree, every owned row carries its owner, deletes cascade, owners
never see each other's rows, search ranks and survives any text, and a failed write
leaves the database exactly as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from sqlalchemy import Connection, MetaData, inspect, select, text, update

from coffeechat.core.errors import (
    CoffeechatError,
    InvalidValue,
    NoWorkspace,
    SchemaTooNew,
    UnknownContact,
    WorkspaceExists,
)
from coffeechat.core.model import EventKind, UserSettings
from coffeechat.service import Workspace
from coffeechat.store import companies as company_store
from coffeechat.store import contacts as contact_store
from coffeechat.store import events as event_store
from coffeechat.store import search as search_store
from coffeechat.store import users
from coffeechat.store.schema import (
    contact,
    contact_email,
    contact_tag,
    event,
    metadata,
    search_doc,
    team_metadata,
)
from coffeechat.store.undo import undo_metadata
from conftest import NOW_DT, OWNER, make_settings

#: Tables the database keeps for itself or the search index, not described by metadata.
FTS_TABLES = {
    "search_fts",
    "search_fts_data",
    "search_fts_idx",
    "search_fts_docsize",
    "search_fts_config",
    "search_fts_content",
}
UNOWNED = {"user", "alembic_version"}


def _is_sqlite(workspace: Workspace) -> bool:
    return workspace.engine.dialect.name == "sqlite"


def _flatten(diffs: list[Any]) -> list[tuple[Any, ...]]:
    """compare_metadata nests column-level changes in lists; flatten them."""
    out: list[tuple[Any, ...]] = []
    for diff in diffs:
        if isinstance(diff, list):
            out.extend(_flatten(diff))
        else:
            out.append(diff)
    return out


def _expected_extra(diff: tuple[Any, ...]) -> bool:
    """Differences that come from the backend-specific search index, not from drift."""
    kind, obj = diff[0], diff[1]
    if kind == "remove_table" and obj.name in FTS_TABLES:
        return True
    return kind == "remove_index" and obj.name == "ix_search_doc_fts"


#: Indexes on an expression: SQLAlchemy cannot reflect them from SQLite, and autogenerate
#: skips them there (both say so in a warning); test_expression_indexes_exist checks them
#: in the database instead.
EXPRESSION_INDEXES = frozenset({"ix_contact_owner_id_lower_name_id"})


def _dump(conn: Connection) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (the FTS shadow tables included), in a stable order."""
    dump = {}
    for name in sorted(inspect(conn).get_table_names()):
        quoted = conn.dialect.identifier_preparer.quote(name)
        rows = conn.execute(text(f"SELECT * FROM {quoted}")).all()  # noqa: S608
        dump[name] = sorted((tuple(r) for r in rows), key=repr)
    return dump


def _count(conn: Connection, table: Any, **where: Any) -> int:
    query = select(table)
    for column, value in where.items():
        query = query.where(table.c[column] == value)
    return len(conn.execute(query).all())


# --- schema ---------------------------------------------------------------------------


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression")
def test_migrated_schema_matches_the_metadata(workspace):
    both = MetaData(naming_convention=metadata.naming_convention)
    for table in (
        *metadata.tables.values(),
        *undo_metadata.tables.values(),
        *team_metadata.tables.values(),
    ):
        table.to_metadata(both)
    with workspace.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diffs = _flatten(compare_metadata(context, both))
    assert [d for d in diffs if not _expected_extra(d)] == []


def test_expression_indexes_exist(workspace):
    """The contact list is read a page at a time through its index, by name case-folded:
    the planner uses it (SQLite says so in EXPLAIN QUERY PLAN; PostgreSQL's plan depends
    on its statistics, so there the index is only checked to exist)."""
    with workspace.engine.connect() as conn:
        if _is_sqlite(workspace):
            plan = conn.execute(
                text(
                    "EXPLAIN QUERY PLAN SELECT id FROM contact WHERE owner_id = 1 "
                    "ORDER BY lower(name), id LIMIT 50"
                )
            ).all()
            assert "ix_contact_owner_id_lower_name_id" in " ".join(str(r) for r in plan)
            assert "TEMP B-TREE" not in " ".join(str(r) for r in plan)
        else:
            names = conn.execute(
                text("SELECT indexname FROM pg_indexes WHERE tablename = 'contact'")
            ).scalars()
            assert set(names) >= EXPRESSION_INDEXES


def test_every_table_but_user_carries_a_non_null_owner(workspace):
    with workspace.engine.connect() as conn:
        inspector = inspect(conn)
        tables = set(inspector.get_table_names()) - FTS_TABLES
        server = set(undo_metadata.tables) | set(team_metadata.tables)  # the server's own
        assert tables == set(metadata.tables) | {"alembic_version"} | server
        for name in sorted(tables - UNOWNED - server):
            columns = {c["name"]: c for c in inspector.get_columns(name)}
            assert "owner_id" in columns, name
            assert columns["owner_id"]["nullable"] is False, name
            owner_fks = [
                fk
                for fk in inspector.get_foreign_keys(name)
                if fk["constrained_columns"] == ["owner_id"]
            ]
            assert [(fk["referred_table"], fk["referred_columns"]) for fk in owner_fks] == [
                ("user", ["id"])
            ], name
    for table in metadata.tables.values():
        if table.name not in UNOWNED:
            assert table.c.owner_id.nullable is False, table.name


def test_sqlite_connections_use_wal_and_foreign_keys(tmp_path):
    settings = make_settings(tmp_path / "ws")
    Workspace.create(settings, **OWNER).close()
    workspace = Workspace.open(settings)
    try:
        for _ in range(2):  # a pooled connection keeps them, a fresh one gets them
            with workspace.engine.connect() as conn:
                assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
                assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            workspace.engine.dispose()
    finally:
        workspace.close()


# --- opening and creating -------------------------------------------------------------


def test_open_on_a_missing_sqlite_file_says_so_and_creates_nothing(tmp_path):
    home = tmp_path / "nowhere"
    with pytest.raises(NoWorkspace):
        Workspace.open(make_settings(home))
    assert not (home / "coffeechat.db").exists()
    assert not home.exists()


def test_open_on_an_empty_database_says_there_is_no_workspace(database_url, tmp_path):
    with pytest.raises(NoWorkspace):
        Workspace.open(make_settings(tmp_path / "ws", database_url))
    if database_url.startswith("sqlite"):
        assert not Path(database_url.removeprefix("sqlite:///")).exists()


def test_create_twice_refuses_and_keeps_the_first(database_url, tmp_path):
    settings = make_settings(tmp_path / "ws", database_url)
    first = Workspace.create(settings, **OWNER)
    try:
        first.add_contact(name="Ada Lovelace")
        with pytest.raises(WorkspaceExists):
            Workspace.create(settings, **{**OWNER, "name": "Someone Else"})
        assert first.get_settings().name == "Sam Rivera"
        assert [c.name for c in first.list_contacts()] == ["Ada Lovelace"]
    finally:
        first.close()


def test_a_workspace_from_a_newer_coffeechat_is_refused(database_url, tmp_path):
    settings = make_settings(tmp_path / "ws", database_url)
    created = Workspace.create(settings, **OWNER)
    with created.writing() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    created.close()
    with pytest.raises(SchemaTooNew, match="9999_from_the_future"):
        Workspace.open(settings)


def test_open_finds_the_workspace_create_made(database_url, tmp_path):
    settings = make_settings(tmp_path / "ws", database_url)
    created = Workspace.create(settings, **OWNER)
    created.add_contact(name="Ada Lovelace", emails=["ada@example.com"])
    created.close()
    reopened = Workspace.open(settings)
    try:
        assert reopened.owner_id == created.owner_id
        assert [c.emails for c in reopened.list_contacts()] == [["ada@example.com"]]
    finally:
        reopened.close()


# --- deletes --------------------------------------------------------------------------


def test_removing_a_contact_removes_everything_that_is_theirs(contacts, workspace):
    ada = contacts.add(
        "Ada Lovelace",
        emails=["ada@example.com", "ada@acme.example"],
        tags=["python", "mentor"],
        company="Acme",
        note="Analytical engines",
    )
    contacts.log("ada", "outreach")
    contacts.log("ada", "note", note="Suggested the Brooklyn meetup")
    workspace.edit_contact("ada", stage="declined")
    bob = contacts.add("Bob Babbage", introduced_by="ada", emails=["bob@example.com"], tags=["x"])
    assert bob.introduced_by_id == ada.id
    with workspace.reading() as conn:
        event_ids = [e.id for e in event_store.events_for(conn, workspace.owner_id, ada.id)]
    assert len(event_ids) == 3

    workspace.remove_contact("ada")

    with workspace.reading() as conn:
        assert _count(conn, contact, id=ada.id) == 0
        assert _count(conn, contact_email, contact_id=ada.id) == 0
        assert _count(conn, contact_tag, contact_id=ada.id) == 0
        assert _count(conn, event, contact_id=ada.id) == 0
        assert _count(conn, search_doc, kind="contact", ref_id=ada.id) == 0
        for eid in event_ids:
            assert _count(conn, search_doc, kind="event", ref_id=eid) == 0
        bob_row = conn.execute(select(contact).where(contact.c.id == bob.id)).one()
        assert bob_row.introduced_by_id is None
        assert _count(conn, contact_email, contact_id=bob.id) == 1
        assert _count(conn, contact_tag, contact_id=bob.id) == 1
    assert workspace.search("brooklyn") == []
    assert workspace.search("analytical") == []
    assert [r.title for r in workspace.search("acme")] == ["Acme"]  # the company stays
    assert workspace.show_contact("bob").contact.introduced_by is None


def test_deleting_a_contact_row_cascades_by_foreign_key(contacts, workspace):
    """The store's delete relies on ON DELETE: it must hold on both backends."""
    ada = contacts.add("Ada Lovelace", emails=["ada@example.com"], tags=["python"])
    contacts.log("ada", "outreach")
    bob = contacts.add("Bob Babbage", introduced_by="ada")
    with workspace.writing() as conn:
        contact_store.delete_contact(conn, workspace.owner_id, ada.id)
    with workspace.reading() as conn:
        assert _count(conn, contact_email, contact_id=ada.id) == 0
        assert _count(conn, contact_tag, contact_id=ada.id) == 0
        assert _count(conn, event, contact_id=ada.id) == 0
        assert (
            conn.execute(
                select(contact.c.introduced_by_id).where(contact.c.id == bob.id)
            ).scalar_one()
            is None
        )


# --- owners ---------------------------------------------------------------------------


def _second_owner(workspace: Workspace) -> dict[str, int]:
    """Another owner in the same database, with data that looks much like the first's."""
    now = NOW_DT.astimezone(dt.UTC)
    other = UserSettings(name="Riley Other", timezone="Europe/Paris")
    with workspace.writing() as conn:
        owner = users.create_owner(conn, other, now)
        company_id = company_store.insert_company(conn, owner, {"name": "Acme"}, now)
        search_store.index(conn, owner, "company", company_id, "Acme", "")
        contact_id = contact_store.insert_contact(
            conn,
            owner,
            {"name": "Ada Byron", "work_hours": "Mon-Fri 09:00-17:00", "company_id": company_id},
            ["ada.byron@example.com"],
            ["secret-tag"],
            now,
        )
        search_store.index(conn, owner, "contact", contact_id, "Ada Byron", "Acme secret-tag")
        event_id = event_store.add_event(
            conn, owner, contact_id, EventKind.NOTE, now, "Europe/Paris", now, note="zanzibar"
        )
        search_store.index(conn, owner, "event", event_id, "Ada Byron: note", "zanzibar")
    return {"owner": owner, "company": company_id, "contact": contact_id, "event": event_id}


def test_a_second_owners_rows_are_invisible(contacts, workspace):
    contacts.add("Ada Lovelace", company="Acme", tags=["python"])
    contacts.log("ada", "outreach")
    other = _second_owner(workspace)
    assert other["owner"] != workspace.owner_id

    assert [c.name for c in workspace.list_contacts()] == ["Ada Lovelace"]
    assert workspace.list_contacts(tag="secret-tag") == []
    assert [c.name for c in workspace.list_companies()] == ["Acme"]
    assert [c.contacts for c in workspace.list_companies()] == [
        [(workspace.show_contact("ada").contact.id, "Ada Lovelace")]
    ]
    assert workspace.show_contact("ada").contact.name == "Ada Lovelace"  # not ambiguous
    assert [t.kind for t in workspace.show_contact("ada").timeline] == [EventKind.OUTREACH]
    with pytest.raises(UnknownContact):
        workspace.show_contact(str(other["contact"]))
    with pytest.raises(UnknownContact):
        workspace.show_contact("byron")
    assert workspace.search("zanzibar") == []
    assert workspace.search("byron") == []
    assert {(r.kind, r.title) for r in workspace.search("acme")} == {
        ("contact", "Ada Lovelace"),
        ("company", "Acme"),
    }
    board = [c.name for column in workspace.board() for c in column.contacts]
    assert board == ["Ada Lovelace"]
    assert workspace.get_settings().name == "Sam Rivera"


def test_the_first_owner_is_the_one_a_workspace_opens(database_url, tmp_path):
    settings = make_settings(tmp_path / "ws", database_url)
    created = Workspace.create(settings, **OWNER)
    _second_owner(created)
    created.close()
    reopened = Workspace.open(settings)
    try:
        assert reopened.owner_id == created.owner_id
        assert reopened.list_contacts() == []
    finally:
        reopened.close()


def test_a_second_owner_cannot_change_the_first_owners_rows(contacts, workspace):
    ada = contacts.add("Ada Lovelace", title="Engineer")
    other = _second_owner(workspace)
    with workspace.writing() as conn:
        contact_store.update_contact(conn, other["owner"], ada.id, {"title": "Hacked"})
        contact_store.delete_contact(conn, other["owner"], ada.id)
    assert workspace.show_contact("ada").contact.title == "Engineer"


# --- search ---------------------------------------------------------------------------


@pytest.fixture
def people(contacts, workspace):
    """A few contacts with names and notes that overlap."""
    contacts.add("Charles Babbage", note="Worked with Lovelace on the analytical engine")
    contacts.add("Ada Lovelace", company="Acme Robotics", note="Poetical science")
    contacts.add("Grace Hopper", note="Compilers and cobol")
    return workspace


def test_a_name_match_ranks_above_a_body_match(people):
    assert [r.title for r in people.search("lovelace")] == ["Ada Lovelace", "Charles Babbage"]


def test_words_match_as_prefixes(people):
    assert [r.title for r in people.search("lov")] == ["Ada Lovelace", "Charles Babbage"]
    assert [r.title for r in people.search("hop")] == ["Grace Hopper"]
    assert people.search("LOVEL")[0].title == "Ada Lovelace"


def test_every_word_must_match(people):
    assert people.search("ada engine") == []
    assert [r.title for r in people.search("babbage engine")] == ["Charles Babbage"]
    assert [r.title for r in people.search("lovelace poetical")] == ["Ada Lovelace"]


def test_search_snippets_mark_the_match(people):
    hit = people.search("cobol")[0]
    assert f"{search_store.MARK_START}cobol{search_store.MARK_END}" in hit.snippet.lower()


def test_search_ignores_diacritics_on_sqlite(contacts, workspace):
    if not _is_sqlite(workspace):
        pytest.skip("PostgreSQL's 'simple' configuration keeps accents (no unaccent)")
    contacts.add("José Núñez", note="Café society")
    contacts.add("Zoe Muller", note="Munchen office")
    assert [r.title for r in workspace.search("jose nunez")] == ["José Núñez"]
    assert [r.title for r in workspace.search("cafe")] == ["José Núñez"]
    assert [r.title for r in workspace.search("Zoë Müller")] == ["Zoe Muller"]
    assert [r.title for r in workspace.search("münch")] == ["Zoe Muller"]


PUNCTUATION = "\"'*()^+-!%:\\\x00 "
FTS_SYNTAX = [
    '"',
    '"ada',
    'ada"',
    '"ada lovelace"',
    "'ada'",
    "*",
    "ada*",
    "*ada",
    "AND",
    "ada AND lovelace",
    "ada OR",
    "NOT ada",
    "ada NEAR lovelace",
    "NEAR(ada lovelace)",
    ":",
    "ada:",
    "title:ada",
    "ada:*",
    "{title body}: ada",
    "&",
    "ada & lovelace",
    "ada | lovelace",
    "!ada",
    "ada <-> lovelace",
    "(",
    "(ada",
    "ada)",
    "()",
    "-",
    "-ada",
    "ada -lovelace",
    "^ada",
    "+ada",
    "ada\\",
    "%ada%",
    "ada'; DROP TABLE contact; --",
    "_",
    "ada_",
    "\x00ada",
]


def test_query_syntax_in_user_text_never_errors(people):
    """Every query in one workspace; a database error is reported with its query."""
    outcomes: dict[str, Any] = {}
    for query in FTS_SYNTAX:
        try:
            outcomes[query] = [r.title for r in people.search(query)]
        except InvalidValue:
            outcomes[query] = "refused"
        except Exception as error:
            outcomes[query] = f"error: {type(error).__name__}: {error}"
    errors = {q: o for q, o in outcomes.items() if isinstance(o, str) and o != "refused"}
    assert errors == {}
    refused = [q for q, o in outcomes.items() if o == "refused"]
    assert refused == ['"', "*", ":", "&", "(", "()", "-"]  # no word to look for
    plain = [q for q in FTS_SYNTAX if q.strip(PUNCTUATION).lower() in {"ada", "ada lovelace"}]
    assert len(plain) > 10
    assert [q for q in plain if "Ada Lovelace" not in outcomes[q]] == []


def test_search_text_never_reaches_the_database_as_syntax(workspace):
    """Property: any text either searches (a list) or is refused as a user error."""
    workspace.add_contact(name="Ada Lovelace", note="NEAR the AND gate: x*y (z)")
    fts_bits = st.sampled_from(
        ['"', "*", "AND", "OR", "NOT", "NEAR", ":", "&", "|", "!", "(", ")", "-", "^", "<->", "ada"]
    )
    texts = st.one_of(
        st.text(max_size=30),
        st.lists(st.one_of(fts_bits, st.text(max_size=4)), max_size=8).map(" ".join),
        st.lists(fts_bits, max_size=8).map("".join),
    )

    @hypothesis_settings(max_examples=60, deadline=None, database=None)
    @given(texts)
    def check(query: str) -> None:
        try:
            results = workspace.search(query)
        except InvalidValue:
            assert search_store.words(query) == []
        else:
            assert isinstance(results, list)

    check()


# --- failed writes --------------------------------------------------------------------


def _populate(contacts: Any, workspace: Workspace) -> None:
    contacts.add("Ada Lovelace", emails=["ada@example.com"], company="Acme", tags=["python"])
    contacts.log("ada", "note", note="Likes Rust")
    workspace.add_company("Globex", motivation=2)


FAILED_WRITES: dict[str, Callable[[Workspace], Any]] = {
    "add with a new company and a bad e-mail": lambda ws: ws.add_contact(
        name="Bob Babbage", company="Brand New Co", tags=["new"], emails=["not-an-email"]
    ),
    "add with a bad zone": lambda ws: ws.add_contact(name="Bob", timezone="Mars/Olympus"),
    "edit with a bad zone": lambda ws: ws.edit_contact(
        "ada", name="Ada King", tags=["changed"], timezone="Mars/Olympus"
    ),
    "edit with a new company and a bad e-mail": lambda ws: ws.edit_contact(
        "ada", company="Initech", title="CTO", emails=["ada@example.com", "nope"]
    ),
    "edit with a bad stage": lambda ws: ws.edit_contact("ada", title="CTO", stage="bogus"),
    "edit with a bad introducer": lambda ws: ws.edit_contact("ada", introduced_by="ada"),
    "log with a bad instant": lambda ws: ws.log("ada", "note", at="yesterday", note="x"),
    "company with a bad score": lambda ws: ws.add_company("Hooli", motivation=9),
    "settings with a bad zone": lambda ws: ws.update_settings(name="X", timezone="Nowhere/City"),
}


@pytest.mark.parametrize("write", FAILED_WRITES.values(), ids=FAILED_WRITES.keys())
def test_a_failed_write_leaves_the_database_unchanged(contacts, workspace, write):
    _populate(contacts, workspace)
    with workspace.reading() as conn:
        before = _dump(conn)
    with pytest.raises(InvalidValue):
        write(workspace)
    with workspace.reading() as conn:
        after = _dump(conn)
    assert after == before
    assert [c.name for c in workspace.list_contacts()] == ["Ada Lovelace"]


def test_the_dump_sees_a_write(contacts, workspace):
    """The comparison above can fail: a successful edit changes the dump."""
    _populate(contacts, workspace)
    with workspace.reading() as conn:
        before = _dump(conn)
    workspace.edit_contact("ada", tags=["changed"])
    with workspace.reading() as conn:
        assert _dump(conn) != before


def test_a_raw_write_inside_a_failed_transaction_is_rolled_back(contacts, workspace):
    ada = contacts.add("Ada Lovelace", title="Engineer")
    with pytest.raises(RuntimeError), workspace.writing() as conn:
        conn.execute(update(contact).where(contact.c.id == ada.id).values(title="Changed"))
        raise RuntimeError("boom")
    assert workspace.show_contact("ada").contact.title == "Engineer"


# --- bugs found while writing these tests, fixed since ---------------------------------


def test_renaming_a_contact_renames_their_notes_in_search(contacts, workspace):
    contacts.add("Ada Lovelace")
    contacts.log("ada", "note", note="Likes zanzibar")
    workspace.edit_contact("ada", name="Ada King")
    assert [r.title for r in workspace.search("zanzibar")] == ["Ada King: note"]
    assert workspace.search("lovelace") == []


def test_a_create_that_failed_half_way_can_be_retried(database_url, tmp_path, monkeypatch):
    settings = make_settings(tmp_path / "ws", database_url)

    def power_cut(*args: Any, **kwargs: Any) -> int:
        raise RuntimeError("power cut")

    with monkeypatch.context() as patch:
        patch.setattr(users, "create_owner", power_cut)
        with pytest.raises(RuntimeError):
            Workspace.create(settings, **OWNER)
    Workspace.create(settings, **OWNER).close()


def test_a_file_that_is_not_a_database_is_a_user_error(tmp_path):
    home = tmp_path / "ws"
    home.mkdir()
    notes = b"these are my notes, not a database\n" * 200
    (home / "coffeechat.db").write_bytes(notes)
    with pytest.raises(CoffeechatError, match="is not a coffeechat workspace"):
        Workspace.open(make_settings(home))
    assert (home / "coffeechat.db").read_bytes() == notes


@pytest.mark.parametrize("replace", [contact_store.set_emails, contact_store.set_tags])
def test_owner_scoped_store_writes_cannot_touch_another_owners_contact(
    contacts, workspace, replace
):
    ada = contacts.add("Ada Lovelace", emails=["ada@example.com"], tags=["python"])
    other = _second_owner(workspace)
    with workspace.writing() as conn:
        replace(conn, other["owner"], ada.id, [])
    shown = workspace.show_contact("ada").contact
    assert (shown.emails, shown.tags) == (["ada@example.com"], ["python"])
