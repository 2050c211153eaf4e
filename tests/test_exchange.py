"""Export and import: the JSON backup round-trips losslessly (a hypothesis property, on
SQLite and PostgreSQL), bad files are refused with the JSON path of the problem and
change nothing, and contacts come out as CSV and vCard that other tools read."""

from __future__ import annotations

import base64
import copy
import csv
import datetime as dt
import io
import json
import os
import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from coffeechat.core.errors import IntroductionCycle, InvalidValue
from coffeechat.core.model import LOGGABLE_KINDS, Contact, Seniority, Stage
from coffeechat.formats import exportcontacts, exportjson
from coffeechat.formats.exportjson import ExportFileError
from coffeechat.formats.files import TooLarge
from coffeechat.service.exchange import WorkspaceNotEmpty
from coffeechat.service.workspace import Workspace
from coffeechat.store import exchange as exchange_store
from coffeechat.store.schema import ACCOUNT_COLUMNS, SCHEMA_REVISION, metadata, search_doc
from conftest import (
    NOW_DT,
    OWNER,
    PG_ENV,
    _pg_schema_url,
    _Template,
    copy_template,
    make_settings,
    make_template,
)

ROOT = Path(__file__).resolve().parent.parent


def new_workspace(home: Path, url: str | None = None, **owner: Any) -> Workspace:
    """A fresh workspace at ``home`` (SQLite there unless ``url``)."""
    return Workspace.create(make_settings(home, url), **(owner or OWNER))


@contextmanager
def fresh_database(database_url: str, tmp_path: Path, admin: Any = None) -> Iterator[str]:
    """Another empty database on the backend of ``database_url`` (one per example); on
    PostgreSQL a schema made and dropped through ``admin`` (or an engine of its own)."""
    if database_url.startswith("sqlite"):
        folder = tmp_path / uuid.uuid4().hex
        folder.mkdir()
        yield f"sqlite:///{folder / 'store.db'}"
        return
    from sqlalchemy import create_engine, text

    base = os.environ[PG_ENV]
    schema = f"x_{uuid.uuid4().hex[:12]}"
    engine = admin if admin is not None else create_engine(base)
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield _pg_schema_url(base, schema)
    finally:
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        if admin is None:
            engine.dispose()


def without_time(document: dict[str, Any]) -> dict[str, Any]:
    """A document without ``exported_at`` (the one field two exports may differ in)."""
    return {k: v for k, v in document.items() if k != "exported_at"}


def search_rows(ws: Workspace) -> list[tuple[str, int, str, str]]:
    """The search index of a workspace, sorted."""
    with ws.reading() as conn:
        rows = conn.execute(
            select(search_doc.c.kind, search_doc.c.ref_id, search_doc.c.title, search_doc.c.body)
        )
        return sorted((r.kind, r.ref_id, r.title, r.body) for r in rows)


def round_trip(source: Workspace, target: Workspace) -> tuple[dict[str, Any], dict[str, Any]]:
    """Export ``source``, import into ``target``, export ``target``: both documents."""
    data = source.export_json()
    target.import_json(data, "backup.json")
    again = target.export_json()
    return json.loads(data), json.loads(again)


BUSY = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n"
    "BEGIN:VEVENT\r\nUID:busy-1@t\r\nDTSTAMP:20261101T000000Z\r\n"
    "DTSTART:20261130T150000Z\r\nDTEND:20261130T160000Z\r\nSUMMARY:Dentist\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)


def seed_everything(home: Path, url: str | None = None) -> Workspace:
    """The demo workspace, plus a calendar (with its cached copy), a guide of the user's,
    follow-up decisions and a kept promise: a row in every table."""
    from coffeechat.core.guides import BUILTIN
    from coffeechat.formats.guidefile import dump_toml
    from coffeechat.service.demo import seed_demo

    ws = seed_demo(make_settings(home, url))
    calendar = home / "busy.ics"
    calendar.write_text(BUSY, encoding="utf-8")
    ws.add_calendar(str(calendar))
    guide_file = home / "mine.toml"
    guide_file.write_text(dump_toml(BUILTIN["tiara"]), encoding="utf-8")
    ws.add_guide(str(guide_file), name="my-tiara")
    items = ws.follow_ups()
    ws.dismiss(items[0].item)
    ws.snooze(items[1].item, days=3)
    promise = next(p for p in ws.export_document()["promises"] if p["by"] == "me")
    ws.promise_done(promise["id"])
    ws.update_settings(smtp_host="smtp.example.com", smtp_port="587", smtp_user="sam")
    return ws


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """An export with a row in every table (made once, on SQLite)."""
    ws = seed_everything(tmp_path_factory.mktemp("sample"))
    try:
        document = ws.export_document()
    finally:
        ws.close()
    for section in exportjson.SECTIONS:
        assert document[section.key], f"the sample should hold {section.key}"
    return document


# --- the round trip -----------------------------------------------------------------------


def test_everything_round_trips(database_url: str, tmp_path: Path) -> None:
    source = seed_everything(tmp_path / "a", database_url)
    with fresh_database(database_url, tmp_path) as url:
        target = new_workspace(tmp_path / "b", url, name="Someone Else", timezone="Asia/Tokyo")
        try:
            first, second = round_trip(source, target)
            assert without_time(first) == without_time(second)
            assert first["format"] == "coffeechat-export" and first["version"] == 1
            assert first["schema"] == SCHEMA_REVISION
            assert first["exported_at"] == "2026-11-27T09:00:00-05:00"
            # the owner's settings are the backup's
            assert target.get_settings() == source.get_settings()
            # the search index is rebuilt: the same documents, found the same way
            assert search_rows(target) == search_rows(source)
            assert [r.title for r in target.search("lumen")] == [
                r.title for r in source.search("lumen")
            ]
            # the derived views agree
            assert [(c.id, c.stage) for c in target.list_contacts()] == [
                (c.id, c.stage) for c in source.list_contacts()
            ]
            assert target.follow_ups() == source.follow_ups()
            # new rows continue after the restored ids (PostgreSQL: sequences moved on)
            top = max(c["id"] for c in first["contacts"])
            assert target.add_contact(name="New Person").id == top + 1
            events = max(e["id"] for e in first["events"])
            assert target.log(str(top + 1), "outreach").id == events + 1
        finally:
            target.close()
            source.close()


def test_instants_carry_the_offset_of_their_zone(sample: dict[str, Any]) -> None:
    """Instants of a thing with a zone (an event, a conversation, an offered time) carry
    that zone's offset; the others the owner's."""
    import zoneinfo

    def offset_ok(value: str, zone: str) -> bool:
        instant = dt.datetime.fromisoformat(value)
        return instant.utcoffset() == instant.astimezone(zoneinfo.ZoneInfo(zone)).utcoffset()

    own = sample["settings"]["timezone"]
    for e in sample["events"]:
        assert offset_ok(e["at"], e["zone"]) and offset_ok(e["created_at"], own)
    for c in sample["conversations"]:
        for key in ("start", "end", "started_at"):
            assert c[key] is None or offset_ok(c[key], c["zone"])
        assert offset_ok(c["updated_at"], own)
    for p in sample["proposals"]:
        for o in p["options"]:
            assert offset_ok(o["start"], p["zone"]) and offset_ok(o["end"], p["zone"])
    daniel = next(c for c in sample["conversations"] if c["zone"] == "Pacific/Auckland")
    assert daniel["start"][11:16] == "12:30" and daniel["start"].endswith("+13:00")
    assert sample["settings"]["created_at"] == "2026-11-27T09:00:00-05:00"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", sample["contacts"][0]["met_on"])
    import base64

    assert base64.b64decode(sample["calendars"][0]["cached"]).decode() == BUSY


def test_odd_instants_round_trip(tmp_path: Path) -> None:
    """Fractional seconds, and the local mean time of old dates (an offset in seconds:
    Monrovia kept one until 1972, well within the years coffeechat accepts)."""
    source = Workspace.create(
        make_settings(tmp_path / "a", now="2026-11-27T09:00:00.123456-05:00"),
        **{**OWNER, "timezone": "Africa/Monrovia"},
    )
    target = new_workspace(tmp_path / "b")
    try:
        ada = source.add_contact(name="Ada Lovelace", emails=["ada@example.com"])
        source.log(str(ada.id), "note", at="1950-01-01T10:00", note="long ago")
        first, second = round_trip(source, target)
        assert without_time(first) == without_time(second)
        assert first["events"][0]["at"] == "1950-01-01T10:00:00-00:44:30"
        assert first["events"][0]["created_at"] == "2026-11-27T14:00:00.123456+00:00"
    finally:
        source.close()
        target.close()


def test_what_the_database_holds_is_taken_back(tmp_path: Path, sample: dict[str, Any]) -> None:
    """Values the service would not write but the database holds (the same e-mail twice,
    an empty topic list) still restore: a backup must never be refused for them."""
    document = copy.deepcopy(sample)
    document["contacts"][0]["emails"] = ["same@example.com", "same@example.com"]
    document["contacts"][0]["tags"] = []
    ws = new_workspace(tmp_path / "b")
    try:
        ws.import_json(exportjson.dumps(document), "backup.json")
        assert without_time(ws.export_document()) == without_time(document)
    finally:
        ws.close()


# --- the property -------------------------------------------------------------------------

ZONES = (
    "America/New_York",
    "Europe/London",
    "Asia/Kolkata",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "America/St_Johns",
    "UTC",
)
ODD = "aZé ñøßÅ李明'\",;:\\-.()🙂\u0301\u200dÖ&<>=+@"


def _name() -> st.SearchStrategy[str]:
    return st.text(ODD, min_size=1, max_size=30).filter(lambda s: bool(s.split()))


def _text() -> st.SearchStrategy[str]:
    return st.text(ODD + "\n\t", min_size=1, max_size=60).filter(lambda s: bool(s.strip()))


_EMAIL = st.builds(
    lambda local, domain, tld: f"{local}@{domain}.{tld}",
    st.text("abcxyz0189._+'!#$%&*/=?^`{|}~é", min_size=1, max_size=12).filter(
        lambda s: not s.startswith(".")
    ),
    st.text("abcdefgh0123", min_size=1, max_size=8),
    st.sampled_from(["com", "example", "co.uk"]),
)
_TAG = st.text("abcdefgh é-_/&李", min_size=1, max_size=12).filter(lambda s: bool(s.split()))

_CONTACT = st.fixed_dictionaries(
    {
        "name": _name(),
        "emails": st.lists(_EMAIL, max_size=3),
        "tags": st.lists(_TAG, max_size=3),
    },
    optional={
        "timezone": st.sampled_from(ZONES),
        "phone": st.sampled_from(["+1 212 555 0100", "(020) 7946-0000", "0049.30.1234"]),
        "linkedin": st.sampled_from(["ada-l", "https://www.linkedin.com/in/zoë"]),
        "seniority": st.sampled_from([s.value for s in Seniority]),
        "how_met": st.sampled_from(["event", "online", "already-known", "other"]),
        "met_on": st.dates(dt.date(2020, 1, 1), dt.date(2026, 11, 27)).map(str),
        "met_at": _text(),
        "note": _text(),
        "title": _name(),
        "city": _name(),
        "keep_in_touch": st.integers(0, 12).map(str),
        "work_hours": st.sampled_from(["Mon-Fri 09:00-17:00", "Tue-Sat 10:00-18:30"]),
    },
)

_COMPANY = st.fixed_dictionaries(
    {"name": _name()},
    optional={
        "advocacy": st.sampled_from(["yes", "no"]),
        "motivation": st.integers(0, 3),
        "posting": st.integers(1, 3),
        "website": st.sampled_from(["acme.example", "https://x.example/jobs?a=1,2"]),
        "note": _text(),
    },
)

_PLAN = st.fixed_dictionaries(
    {
        "settings": st.fixed_dictionaries(
            {},
            optional={
                "signature": _text(),
                "weekly_goal": st.integers(0, 100).map(str),
                "smtp_host": st.just("smtp.example.com"),
                "smtp_port": st.integers(1, 65535).map(str),
                "phone": st.just("+33 1 23 45 67 89"),
            },
        ),
        "companies": st.lists(_COMPANY, max_size=3, unique_by=lambda c: c["name"].casefold()),
        "contacts": st.lists(
            st.tuples(_CONTACT, st.integers(0, 5), st.integers(0, 5)), min_size=1, max_size=5
        ),
        "events": st.lists(
            st.tuples(
                st.integers(0, 9),
                st.sampled_from([k.value for k in LOGGABLE_KINDS]),
                st.sampled_from(ZONES),
                st.integers(0, 60 * 24 * 90),
                st.none() | _text(),
            ),
            max_size=8,
        ),
        "stages": st.lists(
            st.tuples(st.integers(0, 9), st.sampled_from(["declined", "agreed", "auto"])),
            max_size=2,
        ),
        "chats": st.lists(
            st.tuples(
                st.integers(0, 9),
                st.sampled_from(["note", "takeaway", "promise-me", "promise-them"]),
                _text(),
                st.none() | st.dates(dt.date(2026, 11, 1), dt.date(2027, 3, 1)),
            ),
            max_size=6,
        ),
        "intros": st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9) | _name()), max_size=3),
        "guide": st.booleans(),
        "paths": st.lists(
            st.tuples(st.integers(0, 9), _name(), st.none() | st.integers(0, 9), st.integers(0, 3)),
            max_size=2,
        ),
        "followups": st.integers(0, 2),
        "promise_done": st.booleans(),
        "final_zone": st.sampled_from(ZONES),
    }
)


def _build(ws: Workspace, plan: dict[str, Any], tmp: Path) -> None:
    """Apply a plan through the service, as a user would."""
    ws.update_settings(**plan["settings"])
    companies = [ws.add_company(c["name"], **{k: v for k, v in c.items() if k != "name"}).name
                 for c in plan["companies"]]  # fmt: skip
    ids: list[int] = []
    for fields, company, introducer in plan["contacts"]:
        raw = dict(fields)
        if companies and company < len(companies):
            raw["company"] = companies[company]
        elif company == 5:
            raw["company"] = f"Other {len(ids)} Ltd"
        if ids and introducer < len(ids):
            raw["introduced_by"] = str(ids[introducer])
        ids.append(ws.add_contact(**raw).id)

    def who(n: int) -> str:
        return str(ids[n % len(ids)])

    for n, kind, zone, minutes, note in plan["events"]:
        ws.update_settings(timezone=zone)
        at = (NOW_DT - dt.timedelta(minutes=minutes)).isoformat()
        ws.log(who(n), kind, at=at, note=note or ("met" if kind == "note" else None))
    for n, stage in plan["stages"]:
        ws.edit_contact(who(n), stage=stage)
    for n, what, text, due in plan["chats"]:
        if what == "note":
            ws.add_note(who(n), text)
        elif what == "takeaway":
            ws.add_takeaway(who(n), "insight", text)
        else:
            by = what.split("-")[1]
            ws.add_promise(who(n), by, text, due=str(due) if due else None)
    for n, to in plan["intros"]:
        if isinstance(to, int):
            if ids[to % len(ids)] == ids[n % len(ids)]:
                continue
            to = ws.show_contact(who(to)).contact.name
            if sum(c.name == to for c in ws.list_contacts()) != 1:
                continue
        try:
            ws.add_introduction(who(n), to)
        except IntroductionCycle:  # a random introduction may close a loop: refused
            continue
        except InvalidValue as error:  # a random name may be the introducer's own
            assert "cannot introduce themselves" in str(error)
    if plan["guide"]:
        from coffeechat.core.guides import BUILTIN
        from coffeechat.formats.guidefile import dump_toml

        guide_file = tmp / f"{uuid.uuid4().hex}.toml"
        guide_file.write_text(dump_toml(BUILTIN["default"]), encoding="utf-8")
        ws.add_guide(str(guide_file), name="mine")
    listed = ws.list_companies()
    for company, role, via, steps in plan["paths"]:
        if not listed:
            break
        path = ws.add_path(
            str(listed[company % len(listed)].id), role, "conventional" if via is None else who(via)
        )
        order = ["application", "resume-screen", "phone-screen"]
        if via is not None:
            order = ["introduction", "technical-challenge", "final-round"]
        for step in order[:steps]:
            ws.add_path_step(path.id, step, on="2026-11-20", note=step.upper())
    items = ws.follow_ups()
    if plan["followups"] >= 1 and items:
        ws.dismiss(items[0].item)
    if plan["followups"] >= 2 and len(items) > 1:
        ws.snooze(items[1].item, days=2)
    mine = [p for p in ws.export_document()["promises"] if p["by"] == "me"]
    if plan["promise_done"] and mine:
        ws.promise_done(mine[0]["id"])
    ws.update_settings(timezone=plan["final_zone"])


@pytest.fixture(scope="module")
def nobody_template(tmp_path_factory: pytest.TempPathFactory, _pg_admin: Any) -> _Template:
    """What ``Workspace.create(name="Nobody Yet")`` makes (every other setting left to its
    default), made once: the import's target, copied for each example."""
    return make_template(tmp_path_factory.mktemp("nobody"), _pg_admin, {"name": "Nobody Yet"})


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=_PLAN)
def test_export_import_export_is_lossless(
    database_url: str,
    tmp_path: Path,
    _template: _Template,
    nobody_template: _Template,
    _pg_admin: Any,
    plan: dict[str, Any],
) -> None:
    """Each example's two workspaces are copies of what ``Workspace.create`` makes (the
    source Sam Rivera's, the target Nobody Yet's: conftest's templates, checked against
    ``create`` by tests/test_fixtures.py), not migrated afresh: a migration costs ~1 s on
    PostgreSQL, twice an example."""
    with (
        fresh_database(database_url, tmp_path, _pg_admin) as a,
        fresh_database(database_url, tmp_path, _pg_admin) as b,
    ):
        home = tmp_path / uuid.uuid4().hex
        copy_template(_template, a, _pg_admin)
        copy_template(nobody_template, b, _pg_admin)
        source = Workspace.open(make_settings(home / "a", a))
        target = Workspace.open(make_settings(home / "b", b))
        try:
            _build(source, plan, tmp_path)
            first, second = round_trip(source, target)
            assert without_time(first) == without_time(second)
            assert search_rows(target) == search_rows(source)
            assert target.get_settings() == source.get_settings()
        finally:
            source.close()
            target.close()


# --- refusals -----------------------------------------------------------------------------


def _empty(ws: Workspace) -> bool:
    with ws.reading() as conn:
        return exchange_store.occupied(conn) == {}


def test_a_workspace_with_data_is_refused(database_url: str, tmp_path: Path) -> None:
    source = seed_everything(tmp_path / "a")
    data = source.export_json()
    source.close()
    with fresh_database(database_url, tmp_path) as url:
        target = new_workspace(tmp_path / "b", url, name="Kim Lee")
        try:
            target.add_contact(name="Already Here")
            before = target.export_document()
            with pytest.raises(WorkspaceNotEmpty) as refused:
                target.import_json(data, "backup.json")
            message = str(refused.value)
            assert "\n" not in message
            assert message.startswith("backup.json: not imported: this workspace already holds")
            assert "(contacts: 1, search entries: 1)" in message
            assert "COFFEECHAT_HOME" in message
            assert without_time(target.export_document()) == without_time(before)
        finally:
            target.close()


def test_importing_twice_is_refused_the_second_time(tmp_path: Path, sample: dict) -> None:
    ws = new_workspace(tmp_path / "b")
    data = exportjson.dumps(sample)
    ws.import_json(data, "backup.json")
    with pytest.raises(WorkspaceNotEmpty, match="contacts: 8"):
        ws.import_json(data, "backup.json")


def test_a_database_refusal_rolls_everything_back(
    database_url: str, tmp_path: Path, sample: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.exc import IntegrityError

    ws = new_workspace(tmp_path / "b", database_url, name="Kim Lee")
    real = exchange_store.set_introducers

    def restore_then_fail(conn: Any, pairs: Any) -> None:
        # every row is in by now: the failure must take them all back out
        real(conn, pairs)
        raise IntegrityError("INSERT", {}, Exception("UNIQUE constraint failed: x.y\nmore"))

    monkeypatch.setattr(exchange_store, "set_introducers", restore_then_fail)
    try:
        with pytest.raises(Exception) as refused:
            ws.import_json(exportjson.dumps(sample), "backup.json")
        assert str(refused.value) == (
            "backup.json: not imported: the database refused it (UNIQUE constraint failed: x.y)"
        )
        assert _empty(ws)
        assert ws.get_settings().name == "Kim Lee"
    finally:
        ws.close()


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """A mutation setting (or, with ``...``, deleting) the value at a JSON path."""

    def mutate(document: dict[str, Any]) -> None:
        parts: list[str | int] = [
            int(p) if p.isdigit() else p for p in re.findall(r"[^.\[\]]+", path)
        ]
        target: Any = document
        for part in parts[:-1]:
            target = target[part]
        if value is ...:
            del target[parts[-1]]
        else:
            target[parts[-1]] = value

    return mutate


def _same_name_twice(document: dict[str, Any]) -> None:
    document["companies"][1]["name"] = document["companies"][0]["name"].upper() + " "


def _two_ids(document: dict[str, Any]) -> None:
    document["contacts"][1]["id"] = document["contacts"][0]["id"]


MALFORMED: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    ("emails-not-list", _set("contacts[3].emails", "a@b.example"),
     "contacts[3].emails: expected a list of strings"),
    ("emails-number", _set("contacts[0].emails", ["a@b.example", 3]),
     "contacts[0].emails: expected a list of strings"),
    ("missing-name", _set("contacts[2].name", ...), "contacts[2].name: missing"),
    ("missing-section", _set("takeaways", ...), "takeaways: missing"),
    ("unknown-key", _set("contacts[1].nickname", "Al"),
     "contacts[1].nickname: unknown key (this version does not know it)"),
    ("unknown-top", _set("extra", []), "extra: unknown key (this version does not know it)"),
    ("dangling-note", _set("notes[4].conversation_id", 999),
     "notes[4].conversation_id: no conversation with id 999 in the file"),
    ("dangling-intro", _set("introductions[0].to_id", 77),
     "introductions[0].to_id: no contact with id 77 in the file"),
    ("dangling-company", _set("contacts[0].company_id", 12),
     "contacts[0].company_id: no company with id 12 in the file"),
    ("dangling-introducer", _set("contacts[0].introduced_by_id", 404),
     "contacts[0].introduced_by_id: no contact with id 404 in the file"),
    ("version", _set("version", 2),
     "version: version 2 is newer than this coffeechat reads (1): "
     "upgrade coffeechat (pip install -U coffeechat)"),
    ("version-text", _set("version", "1"), 'version: expected 1, got "1"'),
    ("version-missing", _set("version", ...), "version: expected 1, got null"),
    ("format", _set("format", "vcard"),
     "format: expected \"coffeechat-export\" (got 'vcard'): not a coffeechat export"),
    ("no-offset", _set("events[0].at", "2026-11-27T09:00:00"),
     "events[0].at: expected an ISO 8601 instant with its offset "
     "(e.g. 2026-11-27T09:00:00-05:00), got '2026-11-27T09:00:00'"),
    ("bad-date", _set("contacts[0].met_on", "2026-13-01"),
     "contacts[0].met_on: expected a date YYYY-MM-DD, got '2026-13-01'"),
    ("basic-date", _set("contacts[0].met_on", "20261101"),
     "contacts[0].met_on: expected a date YYYY-MM-DD, got '20261101'"),
    ("bounds", _set("companies[0].motivation", 7),
     "companies[0].motivation: expected a whole number from 0 to 3, got 7"),
    ("bool-for-int", _set("companies[0].posting", True),
     "companies[0].posting: expected a whole number or null, got true/false"),
    ("null", _set("events[1].zone", None), "events[1].zone: expected an IANA time zone, got null"),
    ("zone", _set("settings.timezone", "Mars/Base"),
     "settings.timezone: not an IANA time zone: 'Mars/Base'"),
    ("choice", _set("events[2].kind", "party"), "events[2].kind: expected one of "),
    ("hours", _set("contacts[0].work_hours", "whenever"),
     "contacts[0].work_hours: not weekly hours"),
    ("section-type", _set("contacts", {}), "contacts: expected a list, got an object"),
    ("row-type", _set("events[0]", []), "events[0]: expected an object, got a list"),
    ("duplicate-id", _two_ids, "contacts[1].id: id "),
    ("duplicate-company", _same_name_twice, "companies[1].name: "),
    ("duplicate-tag", _set("contacts[0].tags", ["python", "python"]),
     "contacts[0].tags[1]: 'python' appears twice"),
    ("too-long", _set("contacts[0].name", "A" * 201),
     "contacts[0].name: longer than 200 characters (201)"),
    ("nul", _set("notes[0].text", "a\x00b"),
     "notes[0].text: holds a NUL character (\\u0000), which cannot be stored"),
    ("base64", _set("calendars[0].cached", "not base64!"), "calendars[0].cached: expected base64"),
    ("guide", _set("guides[0].definition.questions", []),
     "guides[0].definition.questions: has 0 questions; a guide needs"),
    ("guide-type", _set("guides[0].definition", "text"),
     "guides[0].definition: expected a guide (an object), got a string"),
    ("option", _set("proposals[0].options[1].start", ...),
     "proposals[0].options[1].start: missing"),
    ("step", _set("paths[0].steps[0].on", "yesterday"),
     "paths[0].steps[0].on: expected a date YYYY-MM-DD, got 'yesterday'"),
    ("settings", _set("settings", None), "settings: expected an object, got null"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("mutate", "expected"), [(m, e) for _, m, e in MALFORMED], ids=[i for i, _, _ in MALFORMED]
)
def test_a_malformed_document_is_one_line_and_changes_nothing(
    tmp_path: Path, sample: dict[str, Any], mutate: Callable[[dict[str, Any]], None], expected: str
) -> None:
    document = copy.deepcopy(sample)
    mutate(document)
    ws = new_workspace(tmp_path / "b", name="Kim Lee")
    try:
        with pytest.raises(ExportFileError) as refused:
            ws.import_json(exportjson.dumps(document), "backup.json")
        message = str(refused.value)
        assert message.startswith(f"backup.json: {expected}"), message
        assert "\n" not in message
        assert _empty(ws)
        assert ws.get_settings().name == "Kim Lee"
    finally:
        ws.close()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "backup.json: not JSON: line 1 column 1: Expecting value"),
        (b'{"format": ', "backup.json: not JSON: line 1 column 12: Expecting value"),
        (b"\xff\xfe{}", "backup.json: not UTF-8 text (byte 0): not a coffeechat export"),
        (b"[1, 2]", "backup.json: not a coffeechat export (expected a JSON object)"),
        (b"[" * 100_000, "backup.json: not JSON"),
    ],
)
def test_not_an_export_is_one_line(tmp_path: Path, data: bytes, expected: str) -> None:
    ws = new_workspace(tmp_path / "b")
    try:
        with pytest.raises(ExportFileError) as refused:
            ws.import_json(data, "backup.json")
        assert str(refused.value).startswith(expected)
        assert _empty(ws)
    finally:
        ws.close()


def test_a_byte_order_mark_is_fine(tmp_path: Path, sample: dict[str, Any]) -> None:
    ws = new_workspace(tmp_path / "b")
    try:
        ws.import_json(b"\xef\xbb\xbf" + exportjson.dumps(sample), "backup.json")
        assert without_time(ws.export_document()) == without_time(sample)
    finally:
        ws.close()


class Endless(io.RawIOBase):
    """A stream that never ends: ``head`` once, then ``filler`` for ever (a hostile pipe)."""

    def __init__(self, head: bytes, filler: bytes) -> None:
        self.head, self.filler, self.given = head, filler, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        out = (
            self.head
            if self.given == 0 and self.head
            else self.filler * (len(buffer) // len(self.filler))
        )
        out = out[: len(buffer)]
        buffer[: len(out)] = out
        self.given += len(out)
        return len(out)


@pytest.mark.parametrize(
    ("head", "filler"),
    [
        (b"", b" "),  # white space for ever
        (b'{"format": "coffeechat-export", "version": 1, "schema": "', b"x"),  # one endless string
        (b'{"format": "coffeechat-export", "version": 1, "contacts": [', b"\n"),  # in a list
    ],
    ids=["space", "string", "list"],
)
def test_the_cap_counts_the_bytes_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, head: bytes, filler: bytes
) -> None:
    """A stream without a size (a pipe) that never ends is cut at the cap, one line, nothing
    stored (the cap is lowered to 3 MB here; it is 2 GiB)."""
    monkeypatch.setattr(exportjson, "MAX_BYTES", 3 * 1024 * 1024)
    ws = new_workspace(tmp_path / "b", name="Kim Lee")
    try:
        with pytest.raises(TooLarge) as refused:
            ws.import_json(io.BufferedReader(Endless(head, filler)), "standard input")
        assert str(refused.value) == (
            "standard input: larger than 3 MB (the limit for a JSON export), not read"
        )
        assert _empty(ws)
        assert ws.get_settings().name == "Kim Lee"
    finally:
        ws.close()


def test_the_cap_is_far_above_a_large_backup() -> None:
    # 200,000 contacts with their timelines make about 260 MB (docs/export.md)
    assert exportjson.MAX_BYTES >= 1024 * 1024 * 1024


# --- the document is described ------------------------------------------------------------


def _keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def test_every_key_is_documented(sample: dict[str, Any]) -> None:
    doc = (ROOT / "docs" / "export.md").read_text(encoding="utf-8")
    keys = _keys(sample)
    for section in exportjson.SECTIONS:
        keys |= {f.key for f in section.fields} | {section.key}
        for f in section.fields:
            keys |= {child.key for child in f.fields}
    keys |= {f.key for f in exportjson.SETTINGS} | set(exportjson.TOP_KEYS)
    missing = sorted(k for k in keys if f"`{k}`" not in doc)
    assert not missing, f"docs/export.md does not mention {missing}"
    assert f'"{exportjson.FORMAT}"' in doc
    for column in exportcontacts.CSV_COLUMNS:
        assert f"`{column}`" in doc


def test_the_document_covers_every_column() -> None:
    """A new column (a migration) must find its way into the export, with its length."""
    from sqlalchemy import String

    fields: dict[str, dict[str, exportjson.Field]] = {}
    for section in exportjson.SECTIONS:
        fields[section.table] = {f.key: f for f in section.fields if f.table is None}
        for f in section.fields:
            if f.kind == "strings":
                assert f.table and f.column and f.parent
                fields[f.table] = {f.column: f, f.parent: f}
                if f.position:
                    fields[f.table][f.position] = f
            elif f.kind == "objects":
                assert f.table and f.parent
                fields[f.table] = {c.key: c for c in f.fields} | {f.parent: f}
    fields["user"] = {f.key: f for f in exportjson.SETTINGS}
    skipped = {"owner_id", "name_key"}
    for table in metadata.sorted_tables:
        if table.name in ("search_doc", "stage_cache", "agenda_cache"):  # derived, not exported
            continue
        known = fields.get(table.name)
        assert known is not None, f"table {table.name} is not exported"
        for column in table.columns:
            if column.name in skipped or (column.name == "id" and table.name in ("user",)):
                continue
            if table.name == "user" and column.name in ACCOUNT_COLUMNS:  # the account's
                continue
            if table.name == "contact_email" and column.name == "id":
                continue
            assert column.name in known, f"{table.name}.{column.name} is not exported"
            f = known[column.name]
            if isinstance(column.type, String) and column.type.length and f.kind != "strings":
                assert f.length == column.type.length, f"{table.name}.{column.name}"
            if f.kind not in ("strings", "objects") and column.name not in ("id",):
                assert f.null == bool(column.nullable), f"{table.name}.{column.name} nullable"
    assert set(exportjson.TABLES) == set(exchange_store.TABLES)


# --- CSV ----------------------------------------------------------------------------------

ODD_CONTACT = {
    "name": 'Zoë "Zee" O\'Brien, Jr.',
    "emails": ["zoe@example.com", "z.obrien+work@example.co.uk"],
    "phone": "+1 212 555 0100",
    "linkedin": "zoe-obrien",
    "company": "Smith; Wesson & Co",
    "title": '=HYPERLINK("http://evil.example")',
    "seniority": "senior",
    "city": "Zürich",
    "timezone": "Europe/Zurich",
    "how_met": "event",
    "met_at": "PyCon, Room 3",
    "met_on": "2026-11-20",
    "tags": ["python", "data, science".replace(",", ""), "李"],
    "note": "Line one\nLine two, with a comma; a semicolon and a \\ backslash",
}


def test_contacts_csv_reads_back(tmp_path: Path) -> None:
    ws = new_workspace(tmp_path / "a")
    try:
        ada = ws.add_contact(name="Ada Lovelace", tags=["math"])
        ws.add_contact(**ODD_CONTACT, introduced_by=str(ada.id))
        data = ws.export_contacts_csv()
    finally:
        ws.close()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.startswith("id,name,emails,") and "\r\n" in text
    assert not re.search(r"(?<!\r)\n", text.replace("Line one\nLine two", "")), "CRLF only"
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert list(rows[0]) == list(exportcontacts.CSV_COLUMNS)
    assert [r["name"] for r in rows] == ["Ada Lovelace", ODD_CONTACT["name"]]
    zoe = rows[1]
    assert zoe["emails"] == "zoe@example.com;z.obrien+work@example.co.uk"
    assert zoe["phone"] == "'+1 212 555 0100"  # a formula to a spreadsheet otherwise
    assert zoe["title"] == "'" + ODD_CONTACT["title"]
    assert zoe["company"] == "Smith; Wesson & Co"
    assert zoe["note"] == ODD_CONTACT["note"]
    assert zoe["introduced_by"] == "Ada Lovelace"
    assert zoe["tags"] == "data science;python;李"
    assert zoe["met_on"] == "2026-11-20" and zoe["stage"] == "met"
    assert zoe["linkedin"] == "https://www.linkedin.com/in/zoe-obrien"
    assert zoe["country"] == "CH" and zoe["how_met"] == "event"


# --- vCard --------------------------------------------------------------------------------


def unfold(data: bytes) -> list[str]:
    """The logical lines of a vCard file (RFC 6350 3.2), checking each physical line."""
    physical = data.split(b"\r\n")
    assert physical[-1] == b"", "the file ends with CRLF"
    for line in physical[:-1]:
        assert len(line) <= 75, line
        line.decode("utf-8")  # never cut inside a UTF-8 sequence
        assert b"\n" not in line and b"\r" not in line
    text = data.decode("utf-8")
    return [line for line in re.sub(r"\r\n[ \t]", "", text).split("\r\n") if line]


def unescape(value: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def split_unescaped(value: str, sep: str) -> list[str]:
    return [unescape(p) for p in re.split(rf"(?<!\\){re.escape(sep)}", value)]


def cards(data: bytes) -> list[dict[str, list[str]]]:
    out: list[dict[str, list[str]]] = []
    for line in unfold(data):
        name, _, value = line.partition(":")
        prop = name.split(";")[0]
        if prop == "BEGIN":
            out.append({})
        out[-1].setdefault(prop, []).append(value)
    return out


def test_contacts_vcard_escapes_and_folds(tmp_path: Path) -> None:
    long_note = "Ünïcödé " * 30 + "🙂" * 40
    ws = new_workspace(tmp_path / "a")
    try:
        ws.add_contact(**{**ODD_CONTACT, "note": ODD_CONTACT["note"] + "\n" + long_note})
        ws.add_contact(name="Cher")
        data = ws.export_vcard()
    finally:
        ws.close()
    found = cards(data)
    assert len(found) == 2
    cher, zoe = sorted(found, key=lambda c: c["FN"][0])
    assert cher["VERSION"] == ["4.0"]
    assert cher["N"] == [";Cher;;;"]
    assert unescape(zoe["FN"][0]) == ODD_CONTACT["name"]
    family, given, *rest = split_unescaped(zoe["N"][0], ";")
    assert (family, given) == ("Jr.", 'Zoë "Zee" O\'Brien,')
    assert rest == ["", "", ""]
    assert [unescape(e) for e in zoe["EMAIL"]] == ODD_CONTACT["emails"]
    assert unescape(zoe["TEL"][0]) == "+1 212 555 0100"
    assert split_unescaped(zoe["ORG"][0], ";") == ["Smith; Wesson & Co"]
    assert unescape(zoe["TITLE"][0]) == ODD_CONTACT["title"]
    assert zoe["URL"] == ["https://www.linkedin.com/in/zoe-obrien"]
    assert unescape(zoe["NOTE"][0]) == ODD_CONTACT["note"] + "\n" + long_note
    assert split_unescaped(zoe["CATEGORIES"][0], ",") == ["data science", "python", "李"]
    assert b"NOTE:Line one\\nLine two\\, with a comma\\; a semicolon and a \\\\ backslash" in (
        data.replace(b"\r\n ", b"")
    )
    assert data.count(b"\r\n ") > 5  # the long note was folded


@given(st.text(min_size=0, max_size=300))
def test_folding_keeps_every_line_short_and_unfolds_back(value: str) -> None:
    line = "NOTE:" + exportcontacts.escape(value)
    folded = exportcontacts.fold(line).encode("utf-8")
    logical = unfold(folded)
    assert logical == ([line] if line else [])
    assert unescape(logical[0][5:]) == re.sub(r"\r\n|\r", "\n", value)


def test_names_split_on_the_last_space() -> None:
    assert exportcontacts.split_name("Ada King Lovelace") == ("Lovelace", "Ada King")
    assert exportcontacts.split_name("Cher") == ("", "Cher")


def test_vcard_of_a_bare_contact() -> None:
    card = exportcontacts.vcard(Contact(id=1, name="Ada Lovelace", stage=Stage.MET))
    assert card == (
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada Lovelace\r\nN:Lovelace;Ada;;;\r\nEND:VCARD\r\n"
    )


# --- the commands -------------------------------------------------------------------------


def line(result: Result) -> str:
    """The one line a failed command wrote on stderr."""
    return str(result.stderr).strip()


def test_export_and_import_through_the_cli(
    ccw: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ccw("contact", "add", "Ada Lovelace", "--email", "ada@example.com", "--tag", "math",
        "--company", "Acme", "--timezone", "Europe/London")  # fmt: skip
    ccw("log", "ada", "outreach", "--note", "Wrote on LinkedIn")
    printed = json.loads(ccw("export", "json").stdout)
    assert printed["contacts"][0]["emails"] == ["ada@example.com"]
    backup = tmp_path / "backup.json"
    said = ccw("export", "json", "-o", str(backup)).stderr
    assert said == f"Exported your workspace (1 contact, 1 company, 0 conversations) to {backup}.\n"
    assert without_time(json.loads(backup.read_text(encoding="utf-8"))) == without_time(printed)
    # the same workspace refuses it: it is not empty
    refused = line(ccw.fails("import", "json", str(backup)))
    assert refused.startswith(f"Error: {backup}: not imported: this workspace already holds data (")
    # a new home takes it
    monkeypatch.setenv("COFFEECHAT_HOME", str(tmp_path / "restored"))
    ccw("init", "--name", "Placeholder")
    restored = json.loads(ccw("import", "json", str(backup), "--json").stdout)
    assert restored["owner"] == "Sam Rivera" and restored["restored"]["contacts"] == 1
    assert restored["file"] == str(backup) and restored["schema"] == SCHEMA_REVISION
    again = json.loads(ccw("export", "json").stdout)
    assert without_time(again) == without_time(printed)
    assert ccw.json("search", "linkedin")["results"][0]["title"] == "Ada Lovelace: outreach"


def test_import_messages(ccw: Any, tmp_path: Path, sample: dict[str, Any]) -> None:
    backup = tmp_path / "backup.json"
    backup.write_bytes(exportjson.dumps(sample))
    said = ccw("import", "json", str(backup)).stdout
    assert said.startswith(f"Restored {backup} (exported 2026-11-27): 6 companies, 8 contacts, ")
    assert said.endswith("your settings are the backup's (Sam Rivera).\n")


def test_import_from_standard_input(ccw: Any, sample: dict[str, Any]) -> None:
    said = ccw("import", "json", "-", input=exportjson.dumps(sample)).stdout
    assert said.startswith("Restored standard input (exported 2026-11-27): 6 companies, ")
    assert without_time(json.loads(ccw("export", "json").stdout)) == without_time(sample)


def test_a_bad_file_through_the_cli(ccw: Any, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "coffeechat-export", "version": 9}', encoding="utf-8")
    assert line(ccw.fails("import", "json", str(bad))) == (
        f"Error: {bad}: version: version 9 is newer than this coffeechat reads (1): "
        "upgrade coffeechat (pip install -U coffeechat)"
    )
    assert line(ccw.fails("import", "json", str(tmp_path / "none.json"))).endswith(
        "none.json: No such file or directory"
    )
    assert line(ccw.fails("import", "json", str(tmp_path))) == (
        f"Error: {tmp_path}: is a folder, not a file"
    )
    assert json.loads(ccw("export", "json").stdout)["contacts"] == []


def test_a_backup_over_the_old_50_mb_cap_restores(
    ccw: Any, tmp_path: Path, sample: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A valid 60 MB backup (the calendars' cached copies made large) restores from a file
    through the CLI: the old import refused anything over 50 MB. What it shows: the size
    alone no longer stops a restore; the 100k-contact round trip is in
    benchmarks/roundtrip.py (too slow for the suite)."""
    document = copy.deepcopy(sample)
    big = [base64.b64encode(bytes([n]) * (15 * 1024 * 1024)).decode("ascii") for n in range(3)]
    first = document["calendars"][0]
    document["calendars"] = [
        {**first, "id": first["id"] + n, "source": f"{first['source']}.{n}", "cached": cached}
        for n, cached in enumerate(big)
    ]
    backup = tmp_path / "big.json"
    backup.write_bytes(exportjson.dumps(document))
    assert backup.stat().st_size > 60 * 1024 * 1024
    monkeypatch.setenv("COFFEECHAT_HOME", str(tmp_path / "restored"))
    ccw("init", "--name", "Placeholder")
    restored = json.loads(ccw("import", "json", str(backup), "--json").stdout)
    assert restored["restored"]["calendars"] == 3
    del document, big
    again = json.loads(ccw("export", "json").stdout)
    assert [len(c["cached"]) for c in again["calendars"]] == [20 * 1024 * 1024] * 3
    assert again["contacts"] == sample["contacts"]


def test_import_needs_a_workspace(cc: Any, tmp_path: Path) -> None:
    backup = tmp_path / "backup.json"
    backup.write_text("{}", encoding="utf-8")
    assert "coffeechat init" in line(cc.fails("import", "json", str(backup)))


def test_contacts_through_the_cli(ccw: Any, tmp_path: Path) -> None:
    ccw("contact", "add", "Ada Lovelace", "--email", "ada@example.com")
    ccw("contact", "add", "Grace Hopper", "--note", "Navy; COBOL")
    out = ccw("export", "csv").stdout_bytes
    assert out.startswith(b"\xef\xbb\xbfid,name,") and out.count(b"\r\n") == 3
    target = tmp_path / "contacts.csv"
    assert ccw("export", "csv", "-o", str(target)).stderr == f"Exported 2 contacts to {target}.\n"
    assert target.read_bytes() == out
    vcf = ccw("export", "vcard").stdout_bytes
    assert [c["FN"] for c in cards(vcf)] == [["Ada Lovelace"], ["Grace Hopper"]]
    target = tmp_path / "contacts.vcf"
    assert ccw("export", "vcard", "-o", str(target)).stderr == f"Exported 2 contacts to {target}.\n"
    assert target.read_bytes() == vcf
    unwritable = tmp_path / "missing-folder" / "x.vcf"
    assert line(ccw.fails("export", "vcard", "-o", str(unwritable))).startswith(
        f"Error: {unwritable}:"
    )


def test_the_vcard_import_reads_the_vcard_export(tmp_path: Path) -> None:
    """`export vcard` then `import vcard` keeps what both know about a contact."""
    from coffeechat.formats.vcard import read_vcard

    ws = new_workspace(tmp_path / "a")
    try:
        ws.add_contact(**{**ODD_CONTACT, "note": ODD_CONTACT["note"] + " " + "Ünï " * 30})
        contact = ws.list_contacts()[0]
        data = ws.export_vcard()
    finally:
        ws.close()
    result = read_vcard(data, "contacts.vcf")
    assert not result.skipped and not result.warnings
    (read,) = result.records
    assert read.name == contact.name
    assert list(read.emails) == contact.emails
    assert list(read.phones) == [contact.phone]
    assert (read.company, read.title, read.linkedin) == (
        contact.company,
        contact.title,
        contact.linkedin,
    )
    assert read.note == contact.note
    assert sorted(read.tags) == contact.tags
