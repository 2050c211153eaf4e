"""CalDAV busy time against a real server: Radicale (from PyPI), started in-process on
127.0.0.1 for each test, storage in tmp_path, users in a plain htpasswd file.

"Now" is Friday 27 November 2026, 09:00 in New York; Sam (the user) lives in New York and
can meet Mon-Fri 08:00-20:00; Ada, the contact, lives in London.
"""

from __future__ import annotations

import datetime as dt
import json
import socketserver
import threading
import wsgiref.simple_server
import zoneinfo
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import NOW_DT

NY = zoneinfo.ZoneInfo("America/New_York")
PASSWORD = "correct-horse-battery"
#: The days of the next week; Wed 2 December stays free in the busy calendars.
WEEK = [(NOW_DT + dt.timedelta(days=d)).strftime("%Y%m%d") for d in range(1, 9)]
FREE = "20261202"


class Radicale:
    """A Radicale server on 127.0.0.1 (a thread serving its WSGI app) that can be stopped."""

    def __init__(self, folder: Path) -> None:
        import radicale
        import radicale.config

        self.folder = folder
        folder.mkdir(parents=True)
        users = folder / "users"
        users.write_text(f"sam:{PASSWORD}\ngrace:hopper\n")
        rights = folder / "rights"
        rights.write_text(RIGHTS)
        configuration = radicale.config.load([])
        configuration.update(
            {
                "auth": {
                    "type": "htpasswd",
                    "htpasswd_filename": str(users),
                    "htpasswd_encryption": "plain",
                    "delay": "0",
                },
                "rights": {"type": "from_file", "file": str(rights)},
                "storage": {"filesystem_folder": str(folder / "collections")},
            },
            "test",
            privileged=True,
        )

        class Quiet(wsgiref.simple_server.WSGIRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

        class Server(socketserver.ThreadingMixIn, wsgiref.simple_server.WSGIServer):
            daemon_threads = True

        self.server = wsgiref.simple_server.make_server(
            "127.0.0.1", 0, radicale.Application(configuration), Server, Quiet
        )
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def calendar(self, path: str, *events: str) -> str:
        """A calendar at ``path`` (``sam/work``) holding ``events``; its address."""
        folder = self.folder / "collections" / "collection-root" / path
        folder.mkdir(parents=True, exist_ok=True)
        (folder / ".Radicale.props").write_text(json.dumps({"tag": "VCALENDAR"}))
        for number, event in enumerate(events):
            (folder / f"event-{number}.ics").write_text(wrap(event), newline="")
        return f"caldav+http://sam@127.0.0.1:{self.port}/{path}/"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


RIGHTS = """
[root]
user: .+
collection:
permissions: R

[principal]
user: .+
collection: {user}
permissions: RW

[own-calendars]
user: .+
collection: {user}/[^/]+
permissions: rw

[sam-sees-grace-busy-time]
user: sam
collection: grace/[^/]+
permissions: f
"""


def wrap(*events: str) -> str:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
        + "".join(events)
        + "END:VCALENDAR\r\n"
    )


def vevent(uid: str, *lines: str) -> str:
    body = "".join(f"{line}\r\n" for line in lines)
    return f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20261101T000000Z\r\n{body}END:VEVENT\r\n"


def busy_week() -> str:
    """Every day of the next week busy (all day, a daily series), but Wednesday."""
    return vevent(
        "conference",
        f"DTSTART;VALUE=DATE:{WEEK[0]}",
        f"DTEND;VALUE=DATE:{WEEK[1]}",
        "RRULE:FREQ=DAILY;COUNT=8",
        f"EXDATE;VALUE=DATE:{FREE}",
        "SUMMARY:Conference",
    )


@pytest.fixture
def radicale(tmp_path: Path) -> Iterator[Radicale]:
    server = Radicale(tmp_path / "radicale")
    yield server
    server.stop()


@pytest.fixture
def password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COFFEECHAT_CALDAV_PASSWORD", PASSWORD)


@pytest.fixture
def memory_keyring() -> Iterator[dict[tuple[str, str], str]]:
    """An in-memory keyring for the test (the real one is never touched)."""
    import keyring
    from keyring.backend import KeyringBackend

    stored: dict[tuple[str, str], str] = {}

    class Memory(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def get_password(self, service: str, username: str) -> str | None:
            return stored.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            stored[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            stored.pop((service, username), None)

    previous = keyring.get_keyring()
    keyring.set_keyring(Memory())
    yield stored
    keyring.set_keyring(previous)


@pytest.fixture
def ada(ccw: Any) -> Any:
    ccw("contact", "add", "Ada Lovelace", "--company", "Acme", "--email", "ada@acme.example",
        "--timezone", "Europe/London", "--city", "London")  # fmt: skip
    ccw("log", "ada", "reply", "--at", "2026-11-26T10:00")
    return ccw


def option_days(doc: dict[str, Any]) -> set[str]:
    return {
        dt.datetime.fromisoformat(o["start"]).astimezone(NY).strftime("%Y%m%d")
        for o in doc["options"]
    }


def everything_written(home: Path) -> bytes:
    return b"".join(p.read_bytes() for p in home.rglob("*") if p.is_file())


# -- reading ------------------------------------------------------------------------------


def test_recurring_and_all_day_events_are_busy_on_your_own_days(ada, radicale, password, home):
    standup = vevent(
        "standup",
        "DTSTART;TZID=America/New_York:20261130T080000",
        "DTEND;TZID=America/New_York:20261130T200000",
        "RRULE:FREQ=WEEKLY;BYDAY=WE",
        "SUMMARY:Workshop",
    )
    address = radicale.calendar("sam/work", busy_week())
    radicale.calendar("sam/evenings", standup)
    added = ada.json("calendar", "add", address)
    assert (added["kind"], added["source"], added["warnings"]) == ("caldav", address, [])
    # The all-day series leaves Wednesday free in New York (not its UTC day): the options
    # all fall on it.
    doc = ada.json("schedule", "propose", "ada")
    assert doc["options"]
    assert option_days(doc) == {FREE}
    # The whole account: Wednesday's workshop too, so nothing is left.
    ada("calendar", "remove", "1")
    account = f"caldav+http://sam@127.0.0.1:{radicale.port}/"
    ada.json("calendar", "add", account)
    assert ada.json("schedule", "propose", "ada")["options"] == []
    assert PASSWORD.encode() not in everything_written(home)


def test_caldav_option_and_user_with_the_password_from_the_keyring(
    ccw, radicale, memory_keyring, home
):
    address = radicale.calendar("sam/work", busy_week())
    url = address.replace("caldav+", "").replace("sam@", "")
    memory_keyring[("coffeechat-caldav", f"sam@127.0.0.1:{radicale.port}")] = PASSWORD
    result = ccw("calendar", "add", "--caldav", url, "--user", "sam")
    assert f"Added calendar 1: {address}" in result.stdout
    listed = ccw.json("calendar", "list")["calendars"]
    assert [(c["kind"], c["source"]) for c in listed] == [("caldav", address)]
    assert listed[0]["bytes"] > 0
    assert PASSWORD not in result.output
    assert PASSWORD.encode() not in everything_written(home)


def test_free_busy_where_the_server_gives_no_events(ada, radicale, password):
    # Grace shares her calendar with Sam as free/busy only: Radicale refuses its events.
    radicale.calendar("grace/work", busy_week())
    address = f"caldav+http://sam@127.0.0.1:{radicale.port}/grace/work/"
    ada.json("calendar", "add", address)
    listed = ada.json("calendar", "list")["calendars"]
    assert listed[0]["kind"] == "caldav"
    doc = ada.json("schedule", "propose", "ada", "--days", "3")
    # Radicale's free/busy puts all-day events in UTC: Sat-Mon are busy from 19:00 the
    # day before, so the options that are left are on Friday before 19:00 at most.
    for option in doc["options"]:
        start = dt.datetime.fromisoformat(option["start"]).astimezone(NY)
        assert start.strftime("%Y%m%d") == "20261127"
        assert start.hour < 19


def test_one_bad_event_on_the_server_is_said_and_the_rest_read(ada, radicale, password):
    # A series whose start year is a typo: too long to expand, so it counts once.
    typo = vevent(
        "typo@example.org",
        "DTSTART:20191130T120000Z",
        "DTEND:20191130T130000Z",
        "RRULE:FREQ=HOURLY",
        "SUMMARY:Reading group",
    )
    address = radicale.calendar("sam/work", busy_week(), typo)
    added = ada.json("calendar", "add", address)
    [warning] = added["warnings"]
    assert warning.startswith(f"{address}: line ")
    assert "event 'Reading group' (UID typo@example.org)" in warning
    assert warning.endswith("read as a single occurrence")
    result = ada("schedule", "propose", "ada")
    assert f"Warning: {address}: line " in result.stderr
    doc = ada.json("schedule", "propose", "ada")
    assert option_days(doc) == {FREE}
    assert any("Reading group" in w for w in doc["warnings"])


# -- failing ------------------------------------------------------------------------------


def test_a_wrong_password_is_one_line_and_nothing_is_stored(ccw, radicale, monkeypatch, home):
    address = radicale.calendar("sam/work", busy_week())
    monkeypatch.setenv("COFFEECHAT_CALDAV_PASSWORD", "wrong-password-123")
    result = ccw.fails("calendar", "add", address)
    assert result.stderr.strip() == (
        f"Error: {address}: the server refused the user name or password (401): check them "
        "(the password comes from COFFEECHAT_CALDAV_PASSWORD or your keyring)"
    )
    assert "wrong-password-123" not in result.output
    assert ccw.json("calendar", "list") == {"calendars": []}
    assert b"wrong-password-123" not in everything_written(home)


def test_a_password_changed_since_uses_the_last_copy_and_says_so(ada, radicale, monkeypatch):
    address = radicale.calendar("sam/work", busy_week())
    monkeypatch.setenv("COFFEECHAT_CALDAV_PASSWORD", PASSWORD)
    ada.json("calendar", "add", address)
    monkeypatch.setenv("COFFEECHAT_CALDAV_PASSWORD", "an-old-one")
    doc = ada.json("schedule", "propose", "ada")
    assert option_days(doc) == {FREE}
    assert [w for w in doc["warnings"] if address in w] == [
        f"{address}: the server refused the user name or password (401): check them (the "
        "password comes from COFFEECHAT_CALDAV_PASSWORD or your keyring); used the copy read "
        "0 h ago"
    ]


def test_no_password_says_where_to_put_one(ccw, radicale):
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        address = radicale.calendar("sam/work", busy_week())
        result = ccw.fails("calendar", "add", address)
    finally:
        keyring.set_keyring(previous)
    assert "no password (this computer has no system keyring)" in result.stderr
    assert "COFFEECHAT_CALDAV_PASSWORD" in result.stderr
    assert f"keyring set coffeechat-caldav sam@127.0.0.1:{radicale.port}" in result.stderr


def test_a_server_that_is_down(ada, radicale, password):
    address = radicale.calendar("sam/work", busy_week())
    ada.json("calendar", "add", address)
    radicale.stop()
    result = ada("schedule", "propose", "ada")
    assert f"Warning: {address}: could not be reached" in result.stderr
    assert "used the copy read 0 h ago" in result.stderr
    doc = ada.json("schedule", "propose", "ada")
    assert option_days(doc) == {FREE}  # the copy still keeps the week busy
    # A new calendar on a server that is down is refused in one line.
    other = f"caldav+http://sam@127.0.0.1:{radicale.port}/sam/other/"
    failed = ada.fails("calendar", "add", other)
    assert "could not be reached" in failed.stderr


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["caldav+http://sam@calendar.example.org/dav/"], "plain http"),
        (["caldav+https://calendar.example.org/dav/"], "needs a user name"),
        (["caldav+https://sam:hunter2@calendar.example.org/dav/"], "must not hold the password"),
        (["--caldav", "ftp://calendar.example.org/", "--user", "sam"], "not a CalDAV address"),
        (["caldav+https://sam@cal.example.org/", "--user", "ada"], "differs from the user"),
    ],
    ids=["http elsewhere", "no user", "password in the address", "not http", "two users"],
)
def test_caldav_addresses_refused(ccw, args, error):
    result = ccw.fails("calendar", "add", *args)
    assert error in result.stderr
    assert "hunter2" not in result.output


def test_a_caldav_server_on_a_link_local_address_is_refused(ccw, password):
    result = ccw.fails("calendar", "add", "caldav+https://sam@169.254.169.254/dav/")
    assert "refused" in result.stderr
    assert "metadata" in result.stderr


def test_calendar_add_needs_one_source(ccw):
    assert ccw("calendar", "add", ok=False).exit_code == 2
    both = ccw("calendar", "add", "x.ics", "--caldav", "https://c.example.org/", ok=False)
    assert both.exit_code == 2
    assert ccw("calendar", "add", "x.ics", "--user", "sam", ok=False).exit_code == 2


def test_the_byte_cap_holds_for_the_whole_read(ccw, radicale, password, monkeypatch):
    from coffeechat.service import calendars

    address = radicale.calendar("sam/work", busy_week())
    monkeypatch.setattr(calendars, "MAX_CALENDAR_BYTES", 300)
    result = ccw.fails("calendar", "add", address)
    assert address in result.stderr
    assert "larger than" in result.stderr or "limit" in result.stderr


def test_the_password_goes_to_the_calendars_host_only(tmp_path):
    """A redirect to another host (here: another port) gets no Authorization header."""
    import http.server

    from coffeechat.service import downloads

    seen: list[str | None] = []

    class Other(http.server.BaseHTTPRequestHandler):
        def do_PROPFIND(self) -> None:
            seen.append(self.headers.get("Authorization"))
            self.send_response(207)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    other = http.server.HTTPServer(("127.0.0.1", 0), Other)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    target = f"http://127.0.0.1:{other.server_address[1]}/dav/"

    class First(http.server.BaseHTTPRequestHandler):
        def do_PROPFIND(self) -> None:
            seen.append(self.headers.get("Authorization"))
            self.send_response(307)
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    first = http.server.HTTPServer(("127.0.0.1", 0), First)
    threading.Thread(target=first.serve_forever, daemon=True).start()
    try:
        answer = downloads.request(
            "PROPFIND",
            f"http://127.0.0.1:{first.server_address[1]}/dav/",
            1000,
            "a calendar",
            "cal",
            body=b"<propfind/>",
            secret_headers={"Authorization": "Basic c2FtOnNlY3JldA=="},
        )
    finally:
        for server in (first, other):
            server.shutdown()
            server.server_close()
    assert (answer.status, answer.url) == (207, target)
    assert seen == ["Basic c2FtOnNlY3JldA==", None]
