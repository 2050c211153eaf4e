"""The stage cache (0008): ``status`` reads cached derivations, and what it answers is
always what deriving every timeline from scratch answers (``_status_derived``).

The randomized walks are bounded (a few seeds of 60 steps on each backend): each step
compares the two answers, so a cache row kept one instant too long shows up as a
difference.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import random
import re
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, event, func, select, text
from sqlalchemy.exc import OperationalError

from coffeechat.config import Clock
from coffeechat.core.errors import CoffeechatError
from coffeechat.core.model import Stage
from coffeechat.service import Workspace
from coffeechat.service import pipeline as pipeline_module
from coffeechat.store import stage_cache
from coffeechat.store.schema import stage_cache as stage_cache_table
from conftest import NOW_DT, make_settings

STAGES = [s.value for s in Stage]
ZONES = ["Europe/London", "Asia/Tokyo", "America/New_York", "Pacific/Auckland"]
NAMES = ["Ada", "ada", "Bo Chen", "Zoë", "Émile", "Ada"]  # ties in list order too
KINDS = ["outreach", "reply", "follow-up", "meeting", "scheduling-email", "recap", "thank-you"]


def set_now(ws: Workspace, when: dt.datetime) -> None:
    """Move the workspace's clock (as COFFEECHAT_NOW does for a command)."""
    ws.settings = dataclasses.replace(ws.settings, clock=Clock(when))


def same(ws: Workspace) -> None:
    """The cached status is the derived one, and so is every row of the cache (a row's
    ``since`` shows in no status for some stages: checked here all the same)."""
    cached = ws.status()
    derived = ws._status_derived()
    assert cached == derived
    now = ws.now()
    with ws.reading() as conn:
        zone = ws._user_zone(conn)
        rows = stage_cache.of_contacts(conn, ws.owner_id, ws_ids(ws), now, zone)
    assert [(r.contact_id, r.stage, r.since) for r in rows] == [
        (c.id, c.stage, c.stage_since) for c in ws.list_contacts()
    ]


def ws_ids(ws: Workspace) -> list[int]:
    return [c.id for c in ws.list_contacts()]


def _iso(when: dt.datetime) -> str:
    return when.isoformat(timespec="minutes")


class Walk:
    """Random operations on a workspace, as a user (or a clock) would do them."""

    def __init__(self, ws: Workspace, rng: random.Random) -> None:
        self.ws, self.rng = ws, rng
        self.ids: list[int] = []

    def now(self) -> dt.datetime:
        return self.ws.now()

    def someone(self) -> str:
        return str(self.rng.choice(self.ids))

    def add(self) -> None:
        fields: dict[str, Any] = {"name": self.rng.choice(NAMES)}
        if self.rng.random() < 0.4:
            fields["met_on"] = (self.now() - dt.timedelta(days=self.rng.randint(1, 30))).date()
            fields["met_on"] = fields["met_on"].isoformat()
        if self.rng.random() < 0.5:
            fields["timezone"] = self.rng.choice(ZONES)
        self.ids.append(self.ws.add_contact(**fields).id)

    def log(self) -> None:
        kind = self.rng.choice(KINDS)
        back = dt.timedelta(hours=self.rng.randint(0, 24 * 12))
        at = self.now() - back
        if kind == "meeting" and self.rng.random() < 0.5:
            at = self.now() + dt.timedelta(hours=self.rng.randint(1, 24 * 6))
        self.ws.log(self.someone(), kind, at=_iso(at))

    def chase(self) -> None:
        """Outreach, then a follow-up: the road to no-reply."""
        if self.rng.random() < 0.5:
            self.add()  # someone whose timeline is only that
            who = str(self.ids[-1])
        else:
            who = self.someone()
        start = self.now() - dt.timedelta(days=self.rng.randint(3, 20))
        self.ws.log(who, "outreach", at=_iso(start))
        self.ws.log(who, "follow-up", at=_iso(start + dt.timedelta(days=self.rng.randint(1, 3))))

    def stage(self) -> None:
        self.ws.edit_contact(self.someone(), stage=self.rng.choice([*STAGES, "auto", "auto"]))

    def zone(self) -> None:
        self.ws.edit_contact(self.someone(), timezone=self.rng.choice([*ZONES, ""]))

    def met_on(self) -> None:
        day = (self.now() - dt.timedelta(days=self.rng.randint(0, 40))).date()
        self.ws.edit_contact(self.someone(), met_on=day.isoformat())

    def propose(self) -> None:
        self.ws.propose_slots(self.someone())

    def confirm(self) -> None:
        at = self.now() + dt.timedelta(hours=self.rng.randint(2, 24 * 5))
        self.ws.confirm(self.someone(), at=_iso(at))

    def reschedule(self) -> None:
        self.ws.reschedule(self.someone())

    def remove(self) -> None:
        who = self.rng.choice(self.ids)
        self.ws.remove_contact(str(who))
        self.ids.remove(who)

    def merge(self) -> None:
        keep, other = self.rng.sample(self.ids, 2)
        self.ws.merge_contacts(str(keep), str(other))
        self.ids.remove(other)

    def settings(self) -> None:
        self.ws.update_settings(timezone=self.rng.choice(ZONES))

    def time(self) -> None:
        hours = self.rng.choice([1, 5, 24, 24 * 3, 24 * 8, 24 * 11])
        sign = -1 if self.rng.random() < 0.3 else 1
        set_now(self.ws, self.now() + sign * dt.timedelta(hours=hours))

    def step(self) -> str:
        moves = ["add", "time", "settings"]
        if self.ids:
            moves += ["log", "log", "log", "chase", "chase", "stage", "zone", "met_on", "propose"]
            moves += ["confirm", "reschedule", "remove", "time", "time"]
        if len(self.ids) >= 2:
            moves.append("merge")
        move = self.rng.choice(moves)
        with contextlib.suppress(CoffeechatError):  # refused: data left as it was
            getattr(self, move)()
        return move


@pytest.mark.parametrize("seed", range(4))
def test_the_cached_status_is_the_derived_one_along_random_walks(workspace: Workspace, seed):
    walk = Walk(workspace, random.Random(seed))
    for _ in range(3):
        walk.add()
    done = []
    for _ in range(60):
        done.append(walk.step())
        same(workspace)
    assert {"log", "time"} <= set(done)


def test_no_reply_arrives_on_the_seventh_business_day_through_the_cache(workspace: Workspace):
    ada = workspace.add_contact(name="Ada", timezone="Europe/London")
    set_now(workspace, dt.datetime(2026, 11, 10, 10, tzinfo=dt.UTC))  # logged as it happens
    workspace.log(str(ada.id), "outreach")
    set_now(workspace, dt.datetime(2026, 11, 13, 10, tzinfo=dt.UTC))  # a Friday
    workspace.log(str(ada.id), "follow-up")
    start = dt.datetime(2026, 11, 13, 12, tzinfo=dt.UTC)
    times = [start + dt.timedelta(hours=h) for h in range(0, 24 * 14, 5)]
    seen = []
    for when in [*times, *reversed(times)]:  # on to no-reply, then back before it
        set_now(workspace, when)
        same(workspace)
        seen.append(workspace.status().by_stage[Stage.NO_REPLY])
    half = seen[: len(times)]
    assert half[0] == 0 and half[-1] == 1 and half == sorted(half)
    assert seen[len(times) :] == half[::-1]


def test_the_users_zone_is_part_of_a_cached_stage(workspace: Workspace):
    """A contact added on the day met counts from noon where the user lives."""
    set_now(workspace, dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC))
    workspace.add_contact(name="Bo")  # added at 10:00 UTC that day
    set_now(workspace, dt.datetime(2026, 11, 25, 10, tzinfo=dt.UTC))
    workspace.add_contact(name="Ada", met_on="2026-11-20")  # noon there: 17:00 or 03:00 UTC
    same(workspace)
    steps = workspace.status().next_steps
    workspace.update_settings(timezone="Asia/Tokyo")
    same(workspace)
    assert workspace.status().next_steps != steps  # Ada now waited longer than Bo


def test_no_reply_over_the_new_year_reads_the_calendar_of_each_year(workspace: Workspace):
    bo = workspace.add_contact(name="Bo", timezone="America/New_York")
    set_now(workspace, dt.datetime(2027, 1, 20, tzinfo=dt.UTC))
    workspace.log(str(bo.id), "outreach", at="2026-12-18T15:00:00+00:00")
    workspace.log(str(bo.id), "follow-up", at="2026-12-22T15:00:00+00:00")
    for day in (dt.datetime(2027, 1, 20, tzinfo=dt.UTC), dt.datetime(2028, 3, 1, tzinfo=dt.UTC)):
        set_now(workspace, day)
        same(workspace)
        set_now(workspace, day - dt.timedelta(days=400))  # back: before it all
        same(workspace)


def test_a_planned_meeting_becomes_met_up_as_time_passes(workspace: Workspace):
    ada = workspace.add_contact(name="Ada")
    workspace.log(str(ada.id), "reply", at="2026-11-26T10:00:00+00:00")
    workspace.confirm(str(ada.id), at="2026-11-30T15:00:00+00:00")
    assert workspace.status().by_stage[Stage.SCHEDULED] == 1
    set_now(workspace, dt.datetime(2026, 11, 30, 15, 1, tzinfo=dt.UTC))
    same(workspace)
    assert workspace.status().by_stage[Stage.MET_UP] == 1
    set_now(workspace, dt.datetime(2026, 11, 30, 14, 59, tzinfo=dt.UTC))  # and back
    same(workspace)
    assert workspace.status().by_stage[Stage.SCHEDULED] == 1


def test_a_meeting_logged_with_the_clock_set_back_is_answered_right(workspace: Workspace):
    ada = workspace.add_contact(name="Ada")
    workspace.log(str(ada.id), "meeting", at="2026-12-03T15:00:00+00:00")  # planned
    set_now(workspace, NOW_DT - dt.timedelta(days=2))  # before it was logged
    for _ in range(2):
        same(workspace)
    set_now(workspace, NOW_DT - dt.timedelta(days=2, microseconds=-1))
    same(workspace)


# --- what status reads -------------------------------------------------------------------


@pytest.fixture
def statements(workspace: Workspace) -> Iterator[list[str]]:
    """Every statement the workspace's engine runs from now on."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.append(statement)

    event.listen(workspace.engine, "before_cursor_execute", record)
    yield seen
    event.remove(workspace.engine, "before_cursor_execute", record)


def _reads_events(statements: list[str]) -> list[str]:
    return [s for s in statements if re.search(r'\bFROM\s+"?event"?\b', s, re.IGNORECASE)]


def test_a_second_status_reads_no_timeline(workspace: Workspace, statements: list[str]):
    for name in ("Ada", "Bo", "Cy"):
        c = workspace.add_contact(name=name)
        workspace.log(str(c.id), "outreach", at="2026-11-20T10:00:00+00:00")
    first = workspace.status()
    assert _reads_events(statements)  # the first one derives and caches
    statements.clear()
    assert workspace.status() == first
    assert not _reads_events(statements)


def test_a_contact_waiting_for_the_calendar_is_cached_until_it_says_so(
    workspace: Workspace, statements: list[str]
):
    """Followed up on a Friday: from 9 calendar days on the calendar is read, and says
    "no-reply" only on the 7th business day (Tuesday 00:00). In between, the stage holds
    until that instant: a second read derives nothing (it derived at every read, which
    under load made every cohort dashboard derive those seekers again)."""
    ada = workspace.add_contact(name="Ada", timezone="Europe/London")
    set_now(workspace, dt.datetime(2026, 11, 10, 10, tzinfo=dt.UTC))
    workspace.log(str(ada.id), "outreach")
    set_now(workspace, dt.datetime(2026, 11, 13, 10, tzinfo=dt.UTC))  # a Friday
    workspace.log(str(ada.id), "follow-up")
    set_now(workspace, dt.datetime(2026, 11, 22, 12, tzinfo=dt.UTC))  # 9 days on, Sunday
    first = workspace.status()
    assert first.by_stage[Stage.NO_REPLY] == 0
    workspace.agenda(days=7)
    statements.clear()
    set_now(workspace, dt.datetime(2026, 11, 22, 12, 1, tzinfo=dt.UTC))  # a minute later
    assert workspace.status() == first
    workspace.agenda(days=7)
    assert not _reads_events(statements)
    set_now(workspace, dt.datetime(2026, 11, 24, 0, 30, tzinfo=dt.UTC))  # Tuesday, London
    assert workspace.status().by_stage[Stage.NO_REPLY] == 1
    same(workspace)


def test_after_one_log_status_derives_that_contact_alone(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
):
    ids = [workspace.add_contact(name=f"Person {i}").id for i in range(5)]
    workspace.status()
    derived: list[int] = []
    real = pipeline_module.apply_stage_valid

    def spy(contact: Any, *args: Any) -> Any:
        derived.append(contact.id)
        return real(contact, *args)

    monkeypatch.setattr(pipeline_module, "apply_stage_valid", spy)
    workspace.status()
    assert derived == []
    workspace.log(str(ids[2]), "outreach")
    workspace.status()
    assert derived == [ids[2]]


def test_a_write_from_another_connection_invalidates(workspace: Workspace):
    ada = workspace.add_contact(name="Ada")
    assert workspace.status().by_stage[Stage.MET] == 1
    other = create_engine(workspace.settings.database_url)
    try:
        with other.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO event (owner_id, contact_id, kind, at, zone, created_at) "
                    "VALUES (:owner, :cid, 'reply', :at, 'UTC', :at)"
                ),
                {"owner": workspace.owner_id, "cid": ada.id, "at": dt.datetime(2026, 11, 20)},
            )
    finally:
        other.dispose()
    status = workspace.status()
    assert status.by_stage[Stage.AGREED] == 1
    assert status == workspace._status_derived()


@pytest.mark.parametrize(
    "change",
    [
        "UPDATE contact SET timezone = 'Asia/Tokyo' WHERE id = :cid",
        "DELETE FROM event WHERE contact_id = :cid",
        "UPDATE event SET kind = 'reply' WHERE contact_id = :cid",
        "INSERT INTO event (owner_id, contact_id, kind, at, zone, created_at) "
        "SELECT owner_id, contact_id, kind, at, zone, created_at FROM event "
        "WHERE contact_id = :cid",
        "UPDATE conversation SET status = 'cancelled' WHERE contact_id = :cid",
        "DELETE FROM conversation WHERE contact_id = :cid",
    ],
)
def test_each_trigger_forgets_the_contact(workspace: Workspace, change: str):
    ada = workspace.add_contact(name="Ada")
    workspace.log(str(ada.id), "outreach", at="2026-11-20T10:00:00+00:00")
    workspace.confirm(str(ada.id), at="2026-12-02T15:00:00+00:00")
    workspace.status()
    with workspace.engine.begin() as conn:
        assert conn.execute(select(func.count()).select_from(stage_cache_table)).scalar() == 1
        conn.execute(text(change), {"cid": ada.id})
        assert conn.execute(select(func.count()).select_from(stage_cache_table)).scalar() == 0


def test_a_workspace_whose_cache_cannot_be_written_still_answers(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
):
    ada = workspace.add_contact(name="Ada")
    workspace.log(str(ada.id), "reply", at="2026-11-20T10:00:00+00:00")

    def refuse(*_: Any) -> None:
        raise OperationalError("INSERT INTO stage_cache", {}, Exception("readonly database"))

    monkeypatch.setattr(stage_cache, "save", refuse)
    status = workspace.status()
    assert status.by_stage[Stage.AGREED] == 1
    assert status == workspace._status_derived()
    with workspace.reading() as conn:
        assert conn.execute(select(func.count()).select_from(stage_cache_table)).scalar() == 0


def test_the_cache_is_not_exported_and_an_import_finds_the_workspace_empty(
    workspace: Workspace, tmp_path
):
    from coffeechat.store import exchange

    workspace.add_contact(name="Ada")
    workspace.status()
    with workspace.reading() as conn:
        assert "stage_cache" not in exchange.occupied(conn)


def test_the_triggers_are_there_at_head(workspace: Workspace):
    """A migration that rebuilds event, conversation or contact on SQLite drops their
    triggers: this fails until it creates them again."""
    with workspace.reading() as conn:
        if conn.dialect.name == "sqlite":
            found = conn.execute(
                text(
                    "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' "
                    "AND name LIKE 'stage_cache_%'"
                )
            ).scalars()
        else:
            found = conn.execute(
                text(
                    "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                    "WHERE t.tgname LIKE 'stage_cache_%' AND c.relnamespace = "
                    "current_schema()::regnamespace"
                )
            ).scalars()
        assert set(found) == {"event", "conversation", "contact", "introduction"}


def test_a_read_only_postgresql_session_still_answers(workspace: Workspace, tmp_path):
    """A PostgreSQL role or session that may not write: status derives, uncached."""
    url = workspace.settings.database_url
    if not url.startswith("postgresql"):
        pytest.skip("SQLite: the monkeypatched refusal above stands for a read-only file")
    ada = workspace.add_contact(name="Ada")
    workspace.log(str(ada.id), "reply", at="2026-11-20T10:00:00+00:00")
    reader = Workspace.open(
        make_settings(tmp_path / "ro", url + "%20-cdefault_transaction_read_only%3Don")
    )
    try:
        status = reader.status()
        assert status.by_stage[Stage.AGREED] == 1
        assert status == reader._status_derived()
    finally:
        reader.close()
    with workspace.reading() as conn:
        assert conn.execute(select(func.count()).select_from(stage_cache_table)).scalar() == 0


def test_a_contact_removed_without_its_cascade_is_not_counted(workspace: Workspace):
    """A raw SQLite connection leaves foreign keys off: the cache row stays behind."""
    url = workspace.settings.database_url
    if not url.startswith("sqlite"):
        pytest.skip("PostgreSQL always cascades")
    import sqlite3

    ada = workspace.add_contact(name="Ada")
    workspace.add_contact(name="Bo")
    workspace.status()
    raw = sqlite3.connect(url.removeprefix("sqlite:///"))
    with raw:
        raw.execute("DELETE FROM contact WHERE id = ?", (ada.id,))
    raw.close()
    status = workspace.status()
    assert status.contacts == 1
    assert status == workspace._status_derived()


def test_two_refreshes_of_the_same_contacts_both_land(workspace: Workspace):
    ada = workspace.add_contact(name="Ada")
    row = stage_cache.Row(ada.id, Stage.MET, ada.stage_since, None, None)  # as derived
    for _ in range(2):  # the second finds the first's row: an upsert, not a conflict
        with workspace.writing() as conn:
            stage_cache.save(conn, workspace.owner_id, "America/New_York", [row])
    same(workspace)
