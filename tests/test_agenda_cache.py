"""The agenda cache (0013): the agenda read through it is the agenda derived from every
timeline, as time passes and after every kind of write, on both backends; and a page of
it derives only the contacts with something due on it."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from coffeechat.config import Clock, Settings
from coffeechat.service import Workspace
from coffeechat.service.demo import seed_demo
from coffeechat.store.schema import agenda_cache
from conftest import NOW_DT, make_settings


@pytest.fixture
def demo(database_url: str, tmp_path: Path) -> Iterator[Workspace]:
    """The demo workspace (contacts at every stage, conversations, proposals, promises,
    introductions), on each backend."""
    ws = seed_demo(make_settings(tmp_path / "demo", database_url))
    try:
        yield ws
    finally:
        ws.close()


@pytest.fixture
def local_demo(tmp_path: Path) -> Iterator[Workspace]:
    """The demo workspace on SQLite: for what does not depend on the backend."""
    ws = seed_demo(make_settings(tmp_path / "demo"))
    try:
        yield ws
    finally:
        ws.close()


def at(settings: Settings, when: dt.datetime) -> Workspace:
    """The same workspace, opened with "now" at ``when``."""
    return Workspace.open(dataclasses.replace(settings, clock=Clock(when)))


def shown(agenda: Any) -> tuple[Any, ...]:
    return (agenda.today, agenda.total, agenda.next_offset, [vars(i) for i in agenda.items])


def same_as_derived(
    ws: Workspace,
    horizons: tuple[int, ...] = (0, 7, 30, 366),
    pages: tuple[tuple[int, int], ...] = ((1, 0), (2, 1), (3, 4), (50, 0)),
) -> None:
    """The cached agenda, whole and by pages, for several horizons, is the derived one."""
    now = ws.now()
    for days in horizons:
        assert shown(ws.agenda(days)) == shown(ws._agenda_derived(days, None, 0, now)), days
    for limit, offset in pages:
        cached = ws.agenda(14, limit=limit, offset=offset)
        assert shown(cached) == shown(ws._agenda_derived(14, limit, offset, now))


def cached_rows(ws: Workspace) -> int:
    with ws.reading() as conn:
        return int(conn.execute(select(func.count()).select_from(agenda_cache)).scalar_one())


def test_the_cached_agenda_is_the_derived_one_as_time_passes(demo: Workspace) -> None:
    """Every 53 hours (a different time of day each time) over seven weeks, without a
    write: items fall due, conversations pass, the thank-you's 24 hours run out,
    proposals lapse, no-reply arrives."""
    same_as_derived(demo)
    assert cached_rows(demo) >= len(demo.list_contacts())
    for step in range(1, 7 * 7 * 24 // 53):
        ws = at(demo.settings, NOW_DT + dt.timedelta(hours=53 * step))
        try:
            same_as_derived(ws, (7, 30), ((2, 1),))
        finally:
            ws.close()


def test_a_clock_set_back_derives_again(local_demo: Workspace) -> None:
    later = at(local_demo.settings, NOW_DT + dt.timedelta(days=20))
    try:
        same_as_derived(later)
    finally:
        later.close()
    same_as_derived(local_demo)  # rows made at a later now are not valid before it


#: Writes of every kind that feeds the rules, as the CLI words them: each one is followed
#: by a comparison of the cached agenda with the derived one.
WRITES = [
    ["log", "Marcus Oyelaran", "reply"],
    ["contact", "add", "Nadia Park", "--company", "Stripe"],
    ["contact", "edit", "Nadia Park", "--company", "Figma"],
    ["company", "edit", "Figma", "--target"],
    ["contact", "edit", "Nadia Park", "--timezone", "Asia/Tokyo", "--country", "JP"],
    ["log", "Nadia Park", "outreach", "--at", "2026-11-16T10:00"],
    ["schedule", "propose", "Marcus Oyelaran"],
    ["followup", "snooze", "{item}", "--days", "9"],
    ["followup", "dismiss", "{item}"],
    ["settings", "set", "country", "GB"],
    ["contact", "remove", "Nadia Park", "--yes"],
    ["undo"],
]


def test_every_write_keeps_the_cache_honest(demo: Workspace, same_cli: Any) -> None:
    same_as_derived(demo)
    for args in WRITES:
        if "{item}" in args:
            item = demo.agenda(30).items[0].item
            args = [item if a == "{item}" else a for a in args]
        result = same_cli(*args)
        assert result.exit_code == 0, (args, result.output)
        same_as_derived(demo)


@pytest.fixture
def same_cli(demo: Workspace, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The CLI on the demo's workspace."""
    from conftest import CLI

    monkeypatch.setenv("COFFEECHAT_HOME", str(demo.settings.home))
    monkeypatch.setenv("COFFEECHAT_DATABASE_URL", demo.settings.database_url)
    return CLI()


def test_a_page_derives_only_the_contacts_it_shows(
    local_demo: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once cached, one contact's write re-derives that contact alone, and a page reads
    no history at all: its items' words are cached with them (0014)."""
    from coffeechat.core import followups

    demo = local_demo
    demo.agenda(7)  # the cache is full
    derived: list[int] = []
    real_until = followups.follow_ups_until
    real = followups.follow_ups

    def counting_until(history: Any, now: dt.datetime) -> Any:
        derived.append(history.contact_id)
        return real_until(history, now)

    read: list[int] = []

    def counting(history: Any, now: dt.datetime) -> Any:
        read.append(history.contact_id)
        return real(history, now)

    monkeypatch.setattr(followups, "follow_ups_until", counting_until)
    monkeypatch.setattr(followups, "follow_ups", counting)
    marcus = demo.show_contact("Marcus Oyelaran").contact
    demo.log(str(marcus.id), "reply")
    page = demo.agenda(7, limit=1)
    assert derived == [marcus.id]
    assert read == []
    assert page.items and page.items[0].reason and page.items[0].suggested_command
    assert page.total == demo._agenda_derived(7, None, 0, demo.now()).total


def test_a_read_only_workspace_answers_uncached(local_demo: Workspace, monkeypatch: Any) -> None:
    from sqlalchemy.exc import OperationalError

    from coffeechat.store import agenda_cache as store

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise OperationalError("INSERT INTO agenda_cache", {}, Exception("readonly database"))

    monkeypatch.setattr(store, "save", refuse)
    demo = local_demo
    assert shown(demo.agenda(7)) == shown(demo._agenda_derived(7, None, 0, demo.now()))
    assert cached_rows(demo) == 0


#: Names whose order differs between code points (Python's, and the agenda's) and a
#: linguistic collation (PostgreSQL's default may be one): accents, case, and letters
#: beyond Latin-1.
NAMES = (
    "Émile", "Zoë", "ängel", "Ōkubo", "Adam", "adam", "Zoe", "Ängel", "emile", "Émile B",
    "zed", "Ōkubo A", "Ada", "Bea", "bea", "Çelik", "Ødegaard", "Łukasz", "Ümit", "Mia",
)  # fmt: skip


ICU = text("SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu'")


def test_a_page_of_one_derives_the_contacts_of_its_item_alone(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many items due the same day (one outreach each, at the same instant): a page of
    one item derives nothing (its words are cached), and each page is the derived one, in
    the agenda's order (names by code point, as Python compares them), on both
    backends."""
    from coffeechat.core import followups

    ws = workspace
    with ws.writing() as conn:
        if conn.dialect.name == "postgresql" and conn.execute(ICU).first():
            # a database whose default collation is linguistic (the test cluster's is C)
            for column, size in (("name", 200), ("item", 120)):
                conn.execute(
                    text(
                        f"ALTER TABLE agenda_cache ALTER COLUMN {column} "
                        f'TYPE varchar({size}) COLLATE "und-x-icu"'
                    )
                )
    for name in NAMES:
        contact = ws.add_contact(name=name)
        ws.log(str(contact.id), "outreach", at="2026-11-20T10:00")
    whole = ws.agenda(30)
    assert whole.total == len(NAMES)
    assert len({i.due for i in whole.items}) == 1  # all on one day
    assert [i.contact_name for i in whole.items] == sorted(NAMES)
    same_as_derived(ws, (30,), tuple((1, n) for n in range(len(NAMES))))
    read: list[int] = []
    real = followups.follow_ups

    def counting(history: Any, now: dt.datetime) -> Any:
        read.append(history.contact_id)
        return real(history, now)

    monkeypatch.setattr(followups, "follow_ups", counting)
    for offset in (0, 7, len(NAMES) - 1):
        read.clear()
        page = ws.agenda(30, limit=1, offset=offset)
        assert [i.item for i in page.items] == [whole.items[offset].item]
        assert read == []


def test_rows_cached_without_words_derive_their_contacts_alone(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows cached before 0014 have no reason or command: a page derives the contacts of
    those rows only (the rest of the page keeps its cached words), shows what the rules
    say, and keeps the words, so the next read derives nothing, on both backends."""
    from coffeechat.core import followups

    ws = workspace
    for name in ("Ada", "Bea", "Cem", "Dia"):
        contact = ws.add_contact(name=name)
        ws.log(str(contact.id), "outreach", at="2026-11-20T10:00")
    expected = shown(ws.agenda(30))
    with ws.writing(record=False) as conn:  # as 0013 cached Bea's and Dia's
        conn.execute(
            agenda_cache.update()
            .where(agenda_cache.c.name.in_(["Bea", "Dia"]))
            .values(reason=None, command=None)
        )
    read: list[str] = []
    real = followups.follow_ups

    def counting(history: Any, now: dt.datetime) -> Any:
        read.append(history.name)
        return real(history, now)

    monkeypatch.setattr(followups, "follow_ups", counting)
    assert shown(ws.agenda(30)) == expected
    assert sorted(read) == ["Bea", "Dia"]
    read.clear()
    assert shown(ws.agenda(30)) == expected
    assert read == []  # their words were kept
    with ws.reading() as conn:
        kept = conn.execute(select(agenda_cache.c.reason).where(agenda_cache.c.name == "Bea"))
        assert kept.scalar_one() == expected[3][1]["reason"]


def test_an_early_cache_without_the_sort_key_upgrades(tmp_path: Path) -> None:
    """A workspace whose 0013 made the table before the sort key's columns (its revision
    set back by hand) gets them on upgrade, its rows go, and the agenda fills again; its
    early indexes give way to the covering ones."""
    import sqlite3

    ws = seed_demo(make_settings(tmp_path / "demo"))
    settings = ws.settings
    expected = shown(ws.agenda(14, limit=3))
    ws.close()
    db = sqlite3.connect(tmp_path / "demo" / "coffeechat.db")
    with db:
        for column in ("due_at", "kind_rank", "name", "item"):
            db.execute(f"ALTER TABLE agenda_cache DROP COLUMN {column}")
        db.execute("DROP INDEX ix_agenda_cache_owner_id_due_valid")
        db.execute("CREATE INDEX ix_agenda_cache_owner_id_due ON agenda_cache (owner_id, due)")
        db.execute("DROP INDEX ix_event_owner_id_kind_at_contact_id")
        db.execute("CREATE INDEX ix_event_owner_id_kind_at ON event (owner_id, kind, at)")
        db.execute("UPDATE alembic_version SET version_num = '0012_undo'")
    db.close()
    again = Workspace.open(settings)
    try:
        assert cached_rows(again) == 0
        assert shown(again.agenda(14, limit=3)) == expected
        assert cached_rows(again) > 0
        with again.reading() as conn:
            names = {r[1] for r in conn.execute(text("PRAGMA index_list(agenda_cache)"))}
        assert "ix_agenda_cache_owner_id_due" not in names
        assert "ix_agenda_cache_owner_id_due_valid" in names
        with again.reading() as conn:
            names = {r[1] for r in conn.execute(text("PRAGMA index_list(event)"))}
        assert "ix_event_owner_id_kind_at" not in names
        assert "ix_event_owner_id_kind_at_contact_id" in names
    finally:
        again.close()
