"""The team server's daily digests (``coffeechat worker``): a seeker's agenda and a
coach's recaps waiting arrive at a real SMTP server (aiosmtpd on 127.0.0.1), once a day
at the hour each chose in their own zone, never when turned off or when nothing is due;
the banner of a stopped worker; the agenda feed per user; and the worker itself on
procrastinate (PostgreSQL). "Now" is always injected: no test reads the clock."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert, select, text

from coffeechat.config import Clock, Settings
from coffeechat.core.digests import due_day
from coffeechat.service.accounts import Accounts
from coffeechat.service.digests import Digests, MailServer, Pass, choice, set_choice
from coffeechat.store.schema import cohort, digest, submission, submission_version
from conftest import WEB_BASE, worker_process
from test_send import Server, _serve

PASSWORD = "correct horse battery"
URL = "https://coffee.bootcamp.example"
#: Fri 27 Nov 2026, 14:00 UTC: 09:00 in New York, 15:00 in Berlin.
FRIDAY = dt.datetime(2026, 11, 27, 14, 0, tzinfo=dt.UTC)
SECRET_NOTE = "she hinted at a layoff"


@pytest.fixture
def smtp() -> Iterator[Server]:
    """An open relay on 127.0.0.1."""
    yield from _serve()


def mail_server(smtp: Server) -> MailServer:
    return MailServer("127.0.0.1", "coffeechat@bootcamp.example", smtp.port, "none")


@pytest.fixture
def team(workspace: Any, quick_passwords: None) -> Settings:
    """Ada (a seeker in New York with a follow-up late and a thank-you due), Bo (a
    seeker in New York with nothing to do) and Cy (a coach in Berlin whose cohort holds
    Ada's recap, waiting since Tuesday); in the database of the ``workspace`` fixture
    (a copy of a migrated one: quicker than migrating), whose local owner has no
    account and gets no digest."""
    made = workspace.settings
    with Accounts.open(made) as accounts:
        ada = accounts.create_user("ada@example.org", "Ada Lovelace", "seeker", PASSWORD)
        bo = accounts.create_user("bo@example.org", "Bo Chen", "seeker", PASSWORD)
        accounts.create_user("cy@example.org", "Cy Diaz", "coach", PASSWORD)
        accounts.cohort_create("Spring 2027", "cy@example.org", 3)
        accounts.cohort_add("Spring 2027", "ada@example.org")
        accounts.cohort_add("Spring 2027", "bo@example.org")
        workspace = accounts.workspace_for(ada.id)
        workspace.update_settings(timezone="America/New_York")
        accounts.workspace_for(bo.id).update_settings(timezone="America/New_York")
        grace = workspace.add_contact(name="Grace Hopper", emails=["grace@example.com"])
        workspace.log("Grace Hopper", "outreach", at="2026-11-16T10:00")
        workspace.add_contact(name="Alan Turing")
        workspace.log("Alan Turing", "meeting", at="2026-11-26T10:00")
        cy = accounts.list_users()[2]
        assert cy.email == "cy@example.org"
        accounts.workspace_for(cy.id).update_settings(timezone="Europe/Berlin")
        tuesday = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)
        with accounts.writing(record=False) as conn:
            cohort_id = conn.execute(select(cohort.c.id)).scalar_one()
            found = conn.execute(
                insert(submission)
                .values(
                    seeker_id=ada.id,
                    cohort_id=cohort_id,
                    contact_id=grace.id,
                    status="submitted",
                    version=1,
                    created_at=tuesday,
                    submitted_at=tuesday,
                )
                .returning(submission.c.id)
            ).scalar_one()
            conn.execute(
                insert(submission_version).values(
                    submission_id=found,
                    version=1,
                    title="Conversation with Grace Hopper",
                    markdown=f"# Grace Hopper\n\n{SECRET_NOTE}\n",
                    document="{}",
                    submitted_at=tuesday,
                )
            )
    return made


def at(team: Settings, now: dt.datetime) -> Accounts:
    """The accounts of the team's database with ``now`` as the clock."""
    return Accounts.open(Settings(team.home, team.database_url, Clock(now)))


def run_pass(team: Settings, now: dt.datetime, smtp: Server) -> Pass:
    """One pass of the worker (``--once``) at ``now``."""
    with at(team, now) as accounts:
        return Digests(accounts, mail_server(smtp), URL).run_once()


def user_id(team: Settings, email: str) -> int:
    with Accounts.open(team) as accounts:
        return next(u.id for u in accounts.list_users() if u.email == email)


def received(smtp: Server) -> dict[str, Any]:
    """The messages received, by recipient."""
    return {m.rcpt_tos[0]: m.message for m in smtp.messages}


# --- what arrives ---------------------------------------------------------------------------


def test_the_digests_arrive_for_a_seeker_and_a_coach(team: Settings, smtp: Server) -> None:
    done = run_pass(team, FRIDAY, smtp)
    assert (done.sent, done.empty, done.failed) == (2, 1, 0)  # Bo has nothing due
    with Accounts.open(team) as accounts, accounts.reading() as conn:
        told = conn.execute(select(digest.c.status, digest.c["items"]).order_by(digest.c.user_id))
        assert sorted(tuple(r) for r in told) == [("empty", 0), ("sent", 1), ("sent", 3)]
    mails = received(smtp)
    assert set(mails) == {"ada@example.org", "cy@example.org"}
    ada = mails["ada@example.org"]
    assert ada["From"] == "coffeechat@bootcamp.example"
    assert ada["Subject"] == "coffeechat: 3 things to do today (2 late)"
    body = ada.get_content()
    assert "Grace Hopper (2 days late): No reply to your outreach" in body
    assert re.search(rf"    {URL}/contacts/\d+/messages/follow-up\r?\n", body)
    assert "Thank Alan Turing within 24 hours" in body
    assert f"Open Today: {URL}/" in body
    assert f"{URL}/settings#digest" in body
    coach = mails["cy@example.org"]
    assert coach["Subject"] == "coffeechat: 1 recap to review (1 waiting 2+ business days)"
    text_ = coach.get_content()
    assert "1 recap waits for your review, oldest first:" in text_
    assert "- Ada Lovelace (Spring 2027): Conversation with Grace Hopper" in text_
    assert re.search(rf"waiting 3 business days: {URL}/submissions/\d+", text_)
    # only what the coach may see: never the seeker's notes, agenda or contacts
    assert SECRET_NOTE not in text_
    assert "Alan Turing" not in text_ and "follow-up" not in text_


def test_a_second_pass_the_same_day_sends_nothing(team: Settings, smtp: Server) -> None:
    run_pass(team, FRIDAY, smtp)
    assert len(smtp.messages) == 2
    again = run_pass(team, FRIDAY + dt.timedelta(hours=6), smtp)  # 15:00 in New York
    assert (again.sent, again.empty) == (0, 0) and len(smtp.messages) == 2
    # the next day in each zone: again
    run_pass(team, FRIDAY + dt.timedelta(days=1), smtp)
    assert len(smtp.messages) == 4


def test_two_workers_at_once_send_one_digest(team: Settings, smtp: Server) -> None:
    """Both found the digest due; the one that takes its row first sends it."""
    ada = user_id(team, "ada@example.org")
    with at(team, FRIDAY) as one, at(team, FRIDAY) as two:
        first, second = Digests(one, mail_server(smtp)), Digests(two, mail_server(smtp))
        day = dt.date(2026, 11, 27)
        assert (ada, day) in first.due() and (ada, day) in second.due()
        assert first.send(ada, day) == "sent"
        assert second.send(ada, day) == "taken"
    assert len(smtp.messages) == 1


def test_a_send_job_after_a_change_of_choice_sends_nothing(team: Settings, smtp: Server) -> None:
    """A job deferred before the user chose a later hour (or turned it off) sends
    nothing; the digest comes at the new hour."""
    ada = user_id(team, "ada@example.org")
    day = dt.date(2026, 11, 27)
    with at(team, FRIDAY) as accounts:
        set_choice(accounts, ada, True, 11)
        assert Digests(accounts, mail_server(smtp)).send(ada, day) == "not due"
        set_choice(accounts, ada, False, 11)
        assert Digests(accounts, mail_server(smtp)).send(ada, day) == "off"
    assert smtp.messages == []


def test_a_digest_the_server_refused_goes_out_at_the_next_pass(
    team: Settings, smtp: Server
) -> None:
    smtp.handler.refuse.add("ada@example.org")
    failed = run_pass(team, FRIDAY, smtp)
    assert failed.failed == 1 and "refused every recipient" in failed.errors[0]
    assert set(received(smtp)) == {"cy@example.org"}
    smtp.handler.refuse.clear()
    later = run_pass(team, FRIDAY + dt.timedelta(minutes=5), smtp)
    assert later.sent == 1 and set(received(smtp)) == {"cy@example.org", "ada@example.org"}


def test_off_sends_nothing(team: Settings, smtp: Server) -> None:
    ada = user_id(team, "ada@example.org")
    with Accounts.open(team) as accounts:
        set_choice(accounts, ada, False, 8)
        assert choice(accounts, ada).enabled is False
    run_pass(team, FRIDAY, smtp)
    assert set(received(smtp)) == {"cy@example.org"}
    with Accounts.open(team) as accounts, accounts.reading() as conn:
        assert conn.execute(select(digest.c.id).where(digest.c.user_id == ada)).all() == []


def test_nothing_due_sends_nothing_and_says_so_once(team: Settings, smtp: Server) -> None:
    bo = user_id(team, "bo@example.org")
    run_pass(team, FRIDAY, smtp)
    assert "bo@example.org" not in received(smtp)
    with Accounts.open(team) as accounts, accounts.reading() as conn:
        rows = conn.execute(select(digest.c.status).where(digest.c.user_id == bo)).all()
        assert [r.status for r in rows] == ["empty"]
        assert choice(accounts, bo).last_sent is None


# --- links to the web, never a command line --------------------------------------------------

#: Every shape of ``suggested_command`` core/followups.py makes, and the page it becomes.
COMMANDS = [
    ("coffeechat draft follow-up 6", "/contacts/6/messages/follow-up"),
    ("coffeechat draft thank-you 6", "/contacts/6/messages/thank-you"),
    ("coffeechat draft report-back 6", "/contacts/6/messages/report-back"),
    ("coffeechat draft scheduling 6", "/contacts/6/messages/scheduling"),
    ("coffeechat draft confirm 6", "/contacts/6/messages/confirm"),
    ("coffeechat draft keep-in-touch 6", "/contacts/6/messages/keep-in-touch"),
    ("coffeechat draft outreach 9", "/contacts/9/messages/outreach"),
    ("coffeechat draft second-contact 9", "/contacts/9/messages/second-contact"),
    ("coffeechat draft second-contact 'Ann Lee'", "/contacts/6"),
    (
        "coffeechat draft intro-request 6 --to 'Ann Lee'",
        "/contacts/6/messages/intro-request?to=Ann%20Lee",
    ),
    ("coffeechat recap 6", "/contacts/6/recap"),
    ("coffeechat recap 6 --conversation 3", "/contacts/6/recap?conversation=3"),
    ("coffeechat schedule propose 6", "/contacts/6/schedule"),
    ("coffeechat contact add NAME --company 'Acme Inc'", "/contacts#add"),
    ("coffeechat contact show 6; when kept: coffeechat promise done 2", "/contacts/6"),
    ("coffeechat something-new 6", "/contacts/6"),
    ("", "/contacts/6"),
]


def resolves(app: Any, address: str) -> bool:
    """Whether a GET of ``address`` (a path, or a URL on the server) reaches a route of
    the app's route table."""
    from urllib.parse import urlsplit

    from starlette.routing import Route

    path = urlsplit(address).path

    def found(routes: Any) -> bool:
        for route in routes:
            included = getattr(route, "original_router", None)
            if included is not None and found(included.routes):
                return True
            get = isinstance(route, Route) and "GET" in (route.methods or ())
            if get and route.path_regex.fullmatch(path):
                return True
        return False

    return found(app.routes)


@pytest.mark.parametrize(("command", "page"), COMMANDS)
def test_each_command_becomes_a_page_of_the_web(command: str, page: str, web_app: Any) -> None:
    """The page is a route of the app, and the one Today's "Open the draft" opens."""
    from coffeechat.core.digests import page_of
    from coffeechat.web.routers.messages import draft_path

    made = page_of(6, command)
    assert made == page
    assert resolves(web_app, made), made
    assert draft_path(command) in (None, made)


def test_a_team_digest_links_to_pages_and_names_no_command(team: Settings, smtp: Server) -> None:
    """Every line of both digests: no ``coffeechat …`` command line, and each link a page
    of the web app that opens for its reader."""
    run_pass(team, FRIDAY, smtp)
    mails = received(smtp)
    app = team_app(team, FRIDAY)
    try:
        for address, name in (("ada@example.org", "seeker"), ("cy@example.org", "coach")):
            body = mails[address].get_content()
            assert "coffeechat " not in body, (name, body)
            links = re.findall(r"https?://\S+", body)
            assert len(links) >= (5 if name == "seeker" else 2), body
            browser = Browser(app)
            browser.sign_in(address)
            for found in links:
                assert found.startswith(f"{URL}/"), found
                assert resolves(app, found), found
                path = found.removeprefix(URL).partition("#")[0]
                assert browser.http.get(path).status_code == 200, found
        seeker = mails["ada@example.org"].get_content()
        assert re.search(rf"{URL}/contacts/\d+/messages/thank-you\r?\n", seeker), seeker
        assert re.search(rf"{URL}/contacts/\d+/recap\r?\n", seeker), seeker
    finally:
        app.state.accounts.close()


# --- when: the hour in each one's zone -----------------------------------------------------------


def test_the_hour_is_the_users_own(team: Settings, smtp: Server) -> None:
    ada = user_id(team, "ada@example.org")
    with Accounts.open(team) as accounts:
        set_choice(accounts, ada, True, 10)
    run_pass(team, FRIDAY + dt.timedelta(minutes=55), smtp)  # 09:55 in New York
    assert "ada@example.org" not in received(smtp)
    run_pass(team, FRIDAY + dt.timedelta(hours=1), smtp)  # 10:00
    assert "ada@example.org" in received(smtp)
    with Accounts.open(team) as accounts:
        last = choice(accounts, ada).last_sent
    assert last == FRIDAY + dt.timedelta(hours=1)


def test_not_before_the_hour(team: Settings, smtp: Server) -> None:
    early = dt.datetime(2026, 11, 27, 6, 0, tzinfo=dt.UTC)  # 01:00 New York, 07:00 Berlin
    done = run_pass(team, early, smtp)
    assert (done.sent, done.empty) == (0, 0) and smtp.messages == []


def test_a_zone_across_the_date_line(team: Settings) -> None:
    """18:00 UTC on Friday is 08:00 on Saturday in Kiritimati (UTC+14) and 07:00 on
    Friday in Pago Pago (UTC-11): Ada's Saturday digest is due, Bo's Friday one not yet."""
    ada, bo = user_id(team, "ada@example.org"), user_id(team, "bo@example.org")
    with Accounts.open(team) as accounts:
        accounts.workspace_for(ada).update_settings(timezone="Pacific/Kiritimati")
        accounts.workspace_for(bo).update_settings(timezone="Pacific/Pago_Pago")
    evening = dt.datetime(2026, 11, 27, 18, 0, tzinfo=dt.UTC)
    with at(team, evening) as accounts:
        due = dict(Digests(accounts).due())
    assert due.get(ada) == dt.date(2026, 11, 28)
    assert bo not in due
    with at(team, evening + dt.timedelta(hours=1)) as accounts:
        assert dict(Digests(accounts).due()).get(bo) == dt.date(2026, 11, 27)


def test_once_a_day_at_eight_through_a_dst_week() -> None:
    """New York leaves summer time on Sun 1 Nov 2026: 08:00 there is 12:00 UTC before,
    13:00 UTC after. Checked every 5 minutes of the week, a digest is due once a day, at
    08:00 local."""
    zone = "America/New_York"
    given: dict[dt.date, dt.datetime] = {}
    now = dt.datetime(2026, 10, 29, 0, 0, tzinfo=dt.UTC)
    while now < dt.datetime(2026, 11, 5, 0, 0, tzinfo=dt.UTC):
        day = due_day(now, zone, 8)
        if day is not None and day not in given:
            given[day] = now
        now += dt.timedelta(minutes=5)
    utc_hours = {day: instant.hour for day, instant in given.items()}
    assert utc_hours[dt.date(2026, 10, 31)] == 12  # Saturday, EDT (UTC-4)
    assert utc_hours[dt.date(2026, 11, 1)] == 13  # Sunday, EST (UTC-5)
    assert utc_hours[dt.date(2026, 11, 2)] == 13
    assert all(i.minute == 0 for i in given.values())


def test_the_hour_a_clock_skips_comes_with_the_next_one() -> None:
    """Berlin skips 02:00-03:00 on Sun 29 Mar 2026: a 02:00 digest comes at 03:00."""
    assert due_day(dt.datetime(2026, 3, 29, 0, 59, tzinfo=dt.UTC), "Europe/Berlin", 2) is None
    due = due_day(dt.datetime(2026, 3, 29, 1, 0, tzinfo=dt.UTC), "Europe/Berlin", 2)
    assert due == dt.date(2026, 3, 29)


def test_a_dst_morning_sends_one_digest(team: Settings, smtp: Server) -> None:
    """Passes every hour across New York's change: one digest a local day."""
    ada = user_id(team, "ada@example.org")
    start = dt.datetime(2026, 10, 31, 11, 0, tzinfo=dt.UTC)
    for hours in (0, 1, 2, 24, 25, 26, 27):
        run_pass(team, start + dt.timedelta(hours=hours), smtp)
    with Accounts.open(team) as accounts, accounts.reading() as conn:
        days = conn.execute(
            select(digest.c.local_date, digest.c.created_at)
            .where(digest.c.user_id == ada)
            .order_by(digest.c.local_date)
        ).all()
    assert [(d.local_date, d.created_at.hour) for d in days] == [
        (dt.date(2026, 10, 31), 12),
        (dt.date(2026, 11, 1), 13),
    ]


@dataclass(frozen=True)
class Stepping(Clock):
    """A clock the test moves on: its last instant is now."""

    instants: list[dt.datetime] = field(default_factory=list)

    def now(self) -> dt.datetime:
        return self.instants[-1]


def _utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


#: (zone, hour, from, to (UTC; from: midnight there), each digest mailed: local day,
#: local time, UTC hour).
AROUND_THE_CLOCK = [
    pytest.param(  # New York falls back on Sun 1 Nov 2026: 08:00 is 12:00 UTC, then 13:00
        "America/New_York",
        8,
        "2026-10-31T04:00",
        "2026-11-03T04:00",
        [("2026-10-31", "08:00", 12), ("2026-11-01", "08:00", 13), ("2026-11-02", "08:00", 13)],
        id="new-york-fall-back-at-8",
    ),
    pytest.param(  # 01:00 comes twice on Sun 1 Nov in New York: the first one, once
        "America/New_York",
        1,
        "2026-10-31T04:00",
        "2026-11-03T04:00",
        [("2026-10-31", "01:00", 5), ("2026-11-01", "01:00", 5), ("2026-11-02", "01:00", 6)],
        id="new-york-the-hour-that-comes-twice",
    ),
    pytest.param(  # Auckland skips 02:00-03:00 on Sun 27 Sep 2026: that day's comes at 03:00
        "Pacific/Auckland",
        2,
        "2026-09-25T12:00",
        "2026-09-28T12:00",
        [("2026-09-26", "02:00", 14), ("2026-09-27", "03:00", 14), ("2026-09-28", "02:00", 13)],
        id="auckland-spring-forward-at-2",
    ),
    pytest.param(  # UTC+14: its day begins the day before in UTC
        "Pacific/Kiritimati",
        8,
        "2026-10-31T10:00",
        "2026-11-03T10:00",
        [("2026-11-01", "08:00", 18), ("2026-11-02", "08:00", 18), ("2026-11-03", "08:00", 18)],
        id="kiritimati-date-line-at-8",
    ),
]


@pytest.mark.parametrize(("zone", "hour", "start", "end", "expected"), AROUND_THE_CLOCK)
def test_one_digest_a_local_day_at_the_hour_across_dst_and_the_date_line(
    team: Settings,
    smtp: Server,
    zone: str,
    hour: int,
    start: str,
    end: str,
    expected: list[tuple[str, str, int]],
) -> None:
    """A seeker with a follow-up late every day, the worker passing every 15 minutes
    for three days: exactly one digest arrives each local day, at the hour they chose
    on their clock (the first instant after it on a day that skips it; the first of
    the two on a day that has it twice)."""
    import zoneinfo

    before = _utc(start) - dt.timedelta(days=30)  # what is known then counts in the window
    with at(team, before) as accounts:
        for person in accounts.list_users():  # the fixture's people: off
            set_choice(accounts, person.id, False, 8)
        dee = accounts.create_user("dee@example.org", "Dee Park", "seeker", PASSWORD)
        own = accounts.workspace_for(dee.id)
        own.update_settings(timezone=zone)
        own.add_contact(name="Edsger Dijkstra", emails=["ewd@example.com"])
        own.log("Edsger Dijkstra", "outreach", at=f"{before:%Y-%m-%d}T10:00")
        set_choice(accounts, dee.id, True, hour)
    clock = Stepping(instants=[_utc(start)])
    arrived: list[dt.datetime] = []
    with Accounts.open(Settings(team.home, team.database_url, clock)) as accounts:
        digests = Digests(accounts, mail_server(smtp), URL)
        while clock.now() < _utc(end):
            done = digests.run_once()
            assert done.failed == 0, done.errors
            arrived += [clock.now()] * done.sent
            clock.instants.append(clock.now() + dt.timedelta(minutes=15))
    local = zoneinfo.ZoneInfo(zone)
    got = [
        (f"{t.astimezone(local):%Y-%m-%d}", f"{t.astimezone(local):%H:%M}", t.hour) for t in arrived
    ]
    assert got == expected
    assert [m.rcpt_tos for m in smtp.messages] == [["dee@example.org"]] * len(expected)


# --- the command ------------------------------------------------------------------------------


def test_worker_once_from_the_command_line(
    team: Settings, smtp: Server, runner: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coffeechat.cli import cli

    monkeypatch.setenv("COFFEECHAT_DATABASE_URL", team.database_url)
    monkeypatch.setenv("COFFEECHAT_NOW", FRIDAY.isoformat())
    monkeypatch.setenv("COFFEECHAT_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("COFFEECHAT_SMTP_PORT", str(smtp.port))
    monkeypatch.setenv("COFFEECHAT_SMTP_SECURITY", "none")
    monkeypatch.setenv("COFFEECHAT_SMTP_FROM", "coffeechat@bootcamp.example")
    result = runner.invoke(cli, ["worker", "--once", "--url", URL])
    assert result.exit_code == 0, result.output
    assert "2 digests sent, 1 with nothing due (not sent), 0 failed." in result.output
    assert len(smtp.messages) == 2
    assert SECRET_NOTE not in result.output  # never a message body in the output


def test_the_worker_needs_postgresql_and_a_mail_server(
    runner: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coffeechat.cli import cli

    result = runner.invoke(cli, ["worker"])
    assert result.exit_code == 1
    assert "the worker needs PostgreSQL" in result.output
    result = runner.invoke(cli, ["worker", "--once"])
    assert result.exit_code == 1
    assert "no mail server for the digests: set COFFEECHAT_SMTP_HOST" in result.output
    monkeypatch.setenv("COFFEECHAT_SMTP_HOST", "smtp.example.org")
    monkeypatch.setenv("COFFEECHAT_SMTP_FROM", "coffeechat@example.org")
    monkeypatch.setenv("COFFEECHAT_SMTP_SECURITY", "none")
    result = runner.invoke(cli, ["worker", "--once"])
    assert result.exit_code == 1
    assert "allowed only to this computer, not smtp.example.org" in result.output


def test_the_mail_password_comes_from_a_file(tmp_path: Path) -> None:
    secret = tmp_path / "smtp-password"
    secret.write_text("s3cret pass\n", encoding="utf-8")
    env = {
        "COFFEECHAT_SMTP_HOST": "smtp.example.org",
        "COFFEECHAT_SMTP_USER": "digests",
        "COFFEECHAT_SMTP_PASSWORD_FILE": str(secret),
        "COFFEECHAT_SMTP_FROM": "coffeechat@example.org",
    }
    server = MailServer.from_env(env)
    assert server is not None
    assert (server.host, server.security, server.user, server.password) == (
        "smtp.example.org",
        "starttls",
        "digests",
        "s3cret pass",
    )
    assert "s3cret" not in repr(server)
    assert MailServer.from_env({}) is None


# --- the web ----------------------------------------------------------------------------------


def team_app(team: Settings, now: dt.datetime) -> Any:
    from coffeechat.web import WebSettings, create_app

    return create_app(WebSettings(home=team.home, team=True), None, at(team, now))


class Browser:
    def __init__(self, app: Any) -> None:
        self.http = TestClient(app, base_url=WEB_BASE, follow_redirects=False)

    def sign_in(self, email: str) -> None:
        page = self.http.get("/welcome")
        check = re.search(r'name="login_check" value="([^"]+)"', page.text)
        assert check
        response = self.http.post(
            "/login",
            data={"email": email, "password": PASSWORD, "next": "/", "login_check": check[1]},
        )
        assert response.status_code == 303, response.text

    def csrf(self) -> str:
        found = re.search(r'<meta name="csrf-token" content="([^"]*)"', self.http.get("/").text)
        assert found
        return found[1]


BANNER = "Daily digests are not going out"


@pytest.fixture
def browser(team: Settings) -> Iterator[Browser]:
    app = team_app(team, FRIDAY)
    made = Browser(app)
    made.sign_in("ada@example.org")
    yield made
    app.state.accounts.close()


def test_the_banner_shows_on_every_page_while_the_worker_has_never_run(
    browser: Browser,
) -> None:
    """Every page of the route table without a parameter, and an error page."""
    from test_web_security import routes

    skip = ("/api/", "/static/", "/agenda.ics", "/login", "/welcome", "/reset/")
    paths = sorted(
        {p for m, p in routes(browser.http.app) if m == "GET" and not p.startswith(skip)}
    )
    assert {"/", "/contacts", "/settings"} <= set(paths)
    shown = 0
    for path in paths:
        page = browser.http.get(path)
        if page.headers.get("content-type", "").startswith("text/html") and page.status_code in (
            200,
            404,
        ):
            assert f"{BANNER}: the worker has never run." in page.text, path
            shown += 1
    assert shown >= 10
    missing = browser.http.get("/contacts/999999")
    assert missing.status_code == 404 and BANNER in missing.text


def test_the_banner_shows_when_the_heartbeat_is_a_day_old(team: Settings, smtp: Server) -> None:
    run_pass(team, FRIDAY - dt.timedelta(days=1, minutes=1), smtp)  # Thursday 13:59 UTC
    app = team_app(team, FRIDAY)
    browser = Browser(app)
    browser.sign_in("ada@example.org")
    page = browser.http.get("/contacts")
    assert f"{BANNER}: the worker last ran on Thu 26 Nov, 08:59." in page.text
    app.state.accounts.close()


def test_no_banner_while_the_worker_runs(team: Settings, smtp: Server) -> None:
    run_pass(team, FRIDAY - dt.timedelta(hours=23), smtp)
    app = team_app(team, FRIDAY)
    browser = Browser(app)
    browser.sign_in("ada@example.org")
    for path in ("/", "/contacts", "/settings"):
        assert BANNER not in browser.http.get(path).text
    app.state.accounts.close()


# --- a failing mail server is never silent ----------------------------------------------------

FAILING = "Some daily digests are not going out: the last one tried could not be mailed."
ENV_HINT = "check COFFEECHAT_SMTP_HOST, COFFEECHAT_SMTP_PORT and COFFEECHAT_SMTP_SECURITY"


def down() -> MailServer:
    """A mail server that is not there: a free port of 127.0.0.1 nothing listens on."""
    from conftest import _free_port

    return MailServer("127.0.0.1", "coffeechat@bootcamp.example", _free_port(), "none")


def failing_pass(team: Settings, now: dt.datetime) -> Pass:
    with at(team, now) as accounts:
        return Digests(accounts, down(), URL).run_once()


def test_a_mail_server_that_is_down_is_named_by_the_servers_settings(team: Settings) -> None:
    """The worker uses COFFEECHAT_SMTP_*, not anyone's `coffeechat settings`: its errors
    say so. A user's own mail (`coffeechat send`) still names their settings."""
    from coffeechat.core.model import UserSettings
    from coffeechat.service.sending import SendError, _deliver

    done = failing_pass(team, FRIDAY)
    assert (done.sent, done.failed, done.error_kind) == (0, 2, "connection")
    for error in done.errors:
        assert ENV_HINT in error and "in the environment of `coffeechat worker`" in error
        assert "settings show" not in error and "smtp_host" not in error
    server = down()
    own = UserSettings(
        name="Sam", smtp_host="127.0.0.1", smtp_port=server.port, smtp_security="none"
    )
    with pytest.raises(SendError) as raised:
        _deliver(own, _mail(), "sam@example.org", ["ada@example.org"], None)
    assert "check smtp_host, smtp_port and smtp_security with `coffeechat settings show`" in (
        str(raised.value)
    )
    assert raised.value.kind == "connection"


def _mail() -> Any:
    from email.message import EmailMessage

    made = EmailMessage()
    made["Subject"] = "hello"
    made.set_content("hello")
    return made


def test_failing_digests_warn_on_every_page_until_one_goes_out(
    team: Settings, smtp: Server
) -> None:
    """The worker runs (no stopped-worker banner) but its mail fails: every page warns
    seekers and coaches that an admin must check the mail server, and tells the admins
    what failed and what to check; what is kept of the failure is counts and a kind,
    never an address or a text. Once a digest goes out, the warning goes."""
    with Accounts.open(team) as accounts:
        accounts.create_user("root@example.org", "Rita Root", "admin", PASSWORD)
    failing_pass(team, FRIDAY)
    with Accounts.open(team) as accounts, accounts.reading() as conn:
        kept = conn.execute(text("SELECT name, detail FROM worker_heartbeat")).all()
    details = " ".join(str(r.detail) for r in kept)
    assert "error=connection" in details and "failed=2" in details
    assert "@" not in details and "Ada" not in details and SECRET_NOTE not in details
    app = team_app(team, FRIDAY + dt.timedelta(minutes=3))
    try:
        from test_web_security import routes

        for email in ("ada@example.org", "cy@example.org"):
            reader = Browser(app)
            reader.sign_in(email)
            skip = ("/api/", "/static/", "/agenda.ics", "/login", "/welcome", "/reset/")
            paths = {p for m, p in routes(app) if m == "GET" and not p.startswith(skip)}
            shown = 0
            for path in sorted(paths):
                page = reader.http.get(path)
                html = page.headers.get("content-type", "").startswith("text/html")
                if html and page.status_code in (200, 403, 404):
                    assert FAILING in page.text, (email, path)
                    assert "COFFEECHAT_SMTP" not in page.text, (email, path)
                    assert "An admin needs to check the mail server" in page.text
                    assert BANNER + ": the worker" not in page.text  # it runs
                    shown += 1
            assert shown >= 5, email
        admin = Browser(app)
        admin.sign_in("root@example.org")
        page = admin.http.get("/cohorts").text
        assert "Daily digests are failing: the last one the worker tried on Fri 27 Nov" in page
        assert "the mail server cannot be reached (its last pass: 0 sent, 2 failed)" in page
        assert "none has ever gone out" in page
        assert "settings in the worker&#39;s environment (COFFEECHAT_SMTP_HOST, _PORT" in page
        assert "the worker&#39;s log" in page
    finally:
        app.state.accounts.close()
    # the mail server is back: the digests given back go out at the next pass
    later = run_pass(team, FRIDAY + dt.timedelta(minutes=5), smtp)
    assert later.sent == 2
    app = team_app(team, FRIDAY + dt.timedelta(minutes=6))
    try:
        for email in ("ada@example.org", "root@example.org"):
            reader = Browser(app)
            reader.sign_in(email)
            page = reader.http.get("/settings" if email.startswith("ada") else "/cohorts").text
            assert FAILING not in page and "Daily digests are failing" not in page
    finally:
        app.state.accounts.close()


def test_a_digest_failing_after_the_last_sent_one_warns(team: Settings, smtp: Server) -> None:
    """Cy's digest went out, then Ada's address is refused at each pass: a digest failed
    and none went out since, so the warning shows; the admins read how many of the last
    pass failed and when the last one went out."""
    smtp.handler.refuse.add("ada@example.org")
    run_pass(team, FRIDAY, smtp)  # Ada refused, then Cy sent: nothing to warn of yet
    with at(team, FRIDAY) as accounts:
        from coffeechat.service.digests import worker_status

        assert worker_status(accounts).failing is False
    again = run_pass(team, FRIDAY + dt.timedelta(minutes=5), smtp)
    assert (again.sent, again.failed, again.error_kind) == (0, 1, "recipient")
    with Accounts.open(team) as accounts:
        accounts.create_user("root@example.org", "Rita Root", "admin", PASSWORD)
    app = team_app(team, FRIDAY + dt.timedelta(minutes=6))
    try:
        admin = Browser(app)
        admin.sign_in("root@example.org")
        page = admin.http.get("/cohorts").text
        assert "the mail server refused a recipient&#39;s address" in page
        assert "(its last pass: 0 sent, 1 failed)" in page
        assert "the last one went out on Fri 27 Nov, 14:00" in page
        assert "ada@example.org" not in page
    finally:
        app.state.accounts.close()


def test_no_banner_in_local_mode(client: Any) -> None:
    assert BANNER not in client.get("/").text


def test_settings_show_the_last_digest_and_change_its_hour(team: Settings, smtp: Server) -> None:
    run_pass(team, FRIDAY, smtp)
    app = team_app(team, FRIDAY)
    browser = Browser(app)
    browser.sign_in("ada@example.org")
    page = browser.http.get("/settings")
    assert "Last digest sent: Fri 27 Nov 2026, 09:00." in page.text
    assert '<option value="8" selected>08:00</option>' in page.text
    assert "in America/New_York" in page.text
    csrf = browser.csrf()
    saved = browser.http.post(
        "/settings/digest", data={"csrf_token": csrf, "digest_on": "on", "digest_hour": "7"}
    )
    assert saved.status_code == 303
    assert '<option value="7" selected>07:00</option>' in browser.http.get("/settings").text
    off = browser.http.post("/settings/digest", data={"csrf_token": csrf, "digest_hour": "7"})
    assert off.status_code == 303
    ada = user_id(team, "ada@example.org")
    with Accounts.open(team) as accounts:
        assert (choice(accounts, ada).enabled, choice(accounts, ada).hour) == (False, 7)
    bad = browser.http.post(
        "/settings/digest", data={"csrf_token": csrf, "digest_on": "on", "digest_hour": "25"}
    )
    assert bad.status_code == 400
    assert 'id="digest-hour-error"' in bad.text and "an hour from 0 to 23" in bad.text
    forged = browser.http.post("/settings/digest", data={"digest_on": "on", "digest_hour": "9"})
    assert forged.status_code == 403
    app.state.accounts.close()


# --- the agenda feed, per user ----------------------------------------------------------------


def _feed_key(browser: Browser) -> str:
    found = re.search(r"/agenda\.ics\?key=([^\"&]+)\"", browser.http.get("/settings").text)
    assert found
    return found[1]


def test_each_user_has_a_feed_of_their_own(team: Settings) -> None:
    app = team_app(team, FRIDAY)
    ada, bo = Browser(app), Browser(app)
    ada.sign_in("ada@example.org")
    bo.sign_in("bo@example.org")
    ada_key, bo_key = _feed_key(ada), _feed_key(bo)
    assert ada_key != bo_key
    assert _feed_key(ada) == ada_key  # the same address at every visit
    calendar = TestClient(app, base_url=WEB_BASE, follow_redirects=False)  # no session
    ada_feed = calendar.get(f"/agenda.ics?key={ada_key}", headers={"User-Agent": "Cal/1.0"})
    assert ada_feed.status_code == 200 and "Grace Hopper" in ada_feed.text
    bo_feed = calendar.get(f"/agenda.ics?key={bo_key}")
    assert bo_feed.status_code == 200 and "Grace Hopper" not in bo_feed.text
    assert calendar.get("/agenda.ics?key=not-a-key").status_code == 404
    assert calendar.get("/agenda.ics").status_code == 404
    assert "by Cal/1.0" in ada.http.get("/settings").text
    # a new address: the old one stops working
    renewed = ada.http.post("/settings/feed", data={"csrf_token": ada.csrf()})
    assert renewed.status_code == 303
    assert calendar.get(f"/agenda.ics?key={ada_key}").status_code == 404
    assert calendar.get(f"/agenda.ics?key={_feed_key(ada)}").status_code == 200
    # a deactivated account's feed answers 404
    app.state.accounts.deactivate("bo@example.org")
    assert calendar.get(f"/agenda.ics?key={bo_key}").status_code == 404
    app.state.accounts.close()


def test_serve_team_has_no_shared_feed(runner: Any) -> None:
    from coffeechat.cli import cli

    result = runner.invoke(cli, ["serve", "--team", "--feed"])
    assert result.exit_code == 2
    assert "each person finds their feed under Settings" in result.output


# --- the worker on procrastinate (PostgreSQL) -------------------------------------------------


def test_the_worker_on_procrastinate_sends_once(
    team: Settings, smtp: Server, database_url: str
) -> None:
    """The periodic job defers one send job per digest due; the worker runs them all;
    a second round the same day sends nothing."""
    if database_url.startswith("sqlite"):
        pytest.skip("procrastinate runs on PostgreSQL only")
    from coffeechat.service import worker

    async def one_round(accounts: Accounts) -> None:
        digests = Digests(accounts, mail_server(smtp), URL)
        app = worker.make_app(digests)
        async with app.open_async():
            assert await worker.apply_queue_schema(app, digests) is (not made)
            await app.tasks[worker.FIND_DUE].defer_async(timestamp=0)
            await app.run_worker_async(
                wait=False, install_signal_handlers=False, listen_notify=False
            )

    made = False
    with at(team, FRIDAY) as accounts:
        asyncio.run(one_round(accounts))
        made = True
        assert sorted(m.rcpt_tos[0] for m in smtp.messages) == [
            "ada@example.org",
            "cy@example.org",
        ]
        with accounts.reading() as conn:
            beat = conn.execute(
                text("SELECT at FROM worker_heartbeat WHERE name = 'digests'")
            ).scalar_one()
            assert beat == FRIDAY.replace(tzinfo=None)
    with at(team, FRIDAY + dt.timedelta(hours=2)) as accounts:
        asyncio.run(one_round(accounts))
    assert len(smtp.messages) == 2


def run_worker_command(
    team: Settings, smtp_port: int, *options: str
) -> subprocess.CompletedProcess[str]:
    """``coffeechat worker OPTIONS`` as its own process on the team's database, its clock
    at FRIDAY, its mail server the one at ``smtp_port`` of 127.0.0.1."""
    assert team.database_url
    return worker_process(team.home, team.database_url, FRIDAY.isoformat(), smtp_port, *options)


def test_the_worker_command_on_its_queue_mails_a_seeker_and_a_coach(
    team: Settings, smtp: Server, database_url: str
) -> None:
    """The real ``coffeechat worker`` (a process of its own, on procrastinate, one
    round: ``--until-idle``) against an aiosmtpd server: the seeker's digest and the
    coach's arrive, the coach's without a word of the seeker's notes; the second round
    the same day sends nothing; with the mail server down it exits 1, its log names the
    COFFEECHAT_SMTP_* variables, and the web would warn."""
    if database_url.startswith("sqlite"):
        pytest.skip("procrastinate runs on PostgreSQL only")
    from conftest import _free_port

    dead = _free_port()
    failed = run_worker_command(team, dead, "--until-idle", "--url", URL)
    assert failed.returncode == 1, failed.stderr
    assert "0 digests sent, 2 failed (2 left for the next pass)." in failed.stderr
    assert ENV_HINT in failed.stderr and "settings show" not in failed.stderr
    assert SECRET_NOTE not in failed.stdout + failed.stderr
    with Accounts.open(team) as accounts:
        from coffeechat.service.digests import worker_status

        status = worker_status(accounts)
        assert (status.failing, status.error_kind) == (True, "connection")

    done = run_worker_command(team, smtp.port, "--until-idle", "--url", URL)
    assert done.returncode == 0, done.stderr
    assert "2 digests sent, 0 failed." in done.stderr
    assert SECRET_NOTE not in done.stdout + done.stderr  # never a message body in the log
    mails = received(smtp)
    assert set(mails) == {"ada@example.org", "cy@example.org"}
    seeker = mails["ada@example.org"].get_content()
    assert mails["ada@example.org"]["Subject"] == "coffeechat: 3 things to do today (2 late)"
    assert "Grace Hopper (2 days late): No reply to your outreach" in seeker
    assert "Thank Alan Turing within 24 hours" in seeker
    assert re.search(rf"{URL}/contacts/\d+/messages/thank-you\r?\n", seeker)
    coach = mails["cy@example.org"].get_content()
    assert mails["cy@example.org"]["Subject"].startswith("coffeechat: 1 recap to review")
    assert "- Ada Lovelace (Spring 2027): Conversation with Grace Hopper" in coach
    assert re.search(rf"waiting 3 business days: {URL}/submissions/\d+", coach)
    assert SECRET_NOTE not in coach and "Alan Turing" not in coach
    with Accounts.open(team) as accounts, accounts.reading() as conn:
        jobs = conn.execute(text("SELECT count(*) FROM procrastinate_jobs")).scalar_one()
        assert jobs >= 2  # the queue ran it: the failed sends of the first round stay
    again = run_worker_command(team, smtp.port, "--until-idle", "--url", URL)
    assert again.returncode == 0 and "0 digests sent, 0 failed." in again.stderr
    assert len(smtp.messages) == 2


def test_once_and_until_idle_are_one_or_the_other(runner: Any) -> None:
    from coffeechat.cli import cli

    result = runner.invoke(cli, ["worker", "--once", "--until-idle"])
    assert result.exit_code == 2 and "give one of them" in result.output


def test_without_procrastinate_the_worker_says_how_to_install_it(
    team: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:

    from coffeechat.service.worker import NeedsProcrastinate, make_app

    monkeypatch.setitem(sys.modules, "procrastinate", None)
    with Accounts.open(team) as accounts, pytest.raises(NeedsProcrastinate) as raised:
        make_app(Digests(accounts))
    assert "pip install 'coffeechat[team]'" in str(raised.value)


def test_a_postgresql_url_becomes_a_libpq_conninfo() -> None:
    from coffeechat.service.worker import NeedsPostgres, conninfo

    made = conninfo(
        "postgresql+psycopg://cc:p%40ss@db.internal:5433/coffee?options=-csearch_path%3Dt_1"
    )
    assert "host=db.internal" in made and "port=5433" in made and "dbname=coffee" in made
    assert "password=p@ss" in made and "options=-csearch_path=t_1" in made
    with pytest.raises(NeedsPostgres):
        conninfo("sqlite:///x.db")
