"""Scheduling through the CLI: propose, confirm (with the invite), reschedule, calendars.

"Now" is Friday 27 November 2026, 09:00 in New York; Sam (the user) lives in New York and
can meet Mon-Fri 08:00-20:00.
"""

from __future__ import annotations

import datetime as dt
import http.server
import threading
import zoneinfo
from pathlib import Path

import pytest

from conftest import NOW_DT

NY = zoneinfo.ZoneInfo("America/New_York")


def ics(*events: str) -> bytes:
    body = "".join(events)
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n" + body + "END:VCALENDAR\r\n"
    ).encode()


def busy_day(day: str, uid: str = "x") -> str:
    """An all-day busy event on a YYYYMMDD day."""
    end = (dt.date(int(day[:4]), int(day[4:6]), int(day[6:])) + dt.timedelta(days=1)).strftime(
        "%Y%m%d"
    )
    return (
        f"BEGIN:VEVENT\r\nUID:{uid}{day}\r\nDTSTAMP:20261101T000000Z\r\n"
        f"DTSTART;VALUE=DATE:{day}\r\nDTEND;VALUE=DATE:{end}\r\nSUMMARY:Busy\r\nEND:VEVENT\r\n"
    )


@pytest.fixture
def ada(ccw):
    ccw("contact", "add", "Ada Lovelace", "--company", "Acme", "--email", "ada@acme.example",
        "--timezone", "Europe/London", "--city", "London")  # fmt: skip
    ccw("log", "ada", "reply", "--at", "2026-11-26T10:00")
    return ccw


def propose(cc, *args):
    return cc.json("schedule", "propose", "ada", *args)


def test_three_varied_options_in_the_next_week_in_their_zone(ada):
    doc = propose(ada)
    options = doc["options"]
    assert len(options) == 3
    assert doc["warnings"] == []
    assert doc["contact"]["name"] == "Ada Lovelace"
    assert (doc["contact_zone"], doc["user_zone"]) == ("Europe/London", "America/New_York")
    starts = [dt.datetime.fromisoformat(o["start"]) for o in options]
    assert all(s.utcoffset() == dt.timedelta(0) for s in starts)  # London in winter
    assert len({o["kind"] for o in options}) == 3
    assert len({s.date() for s in starts}) == 3
    for o, start in zip(options, starts, strict=True):
        assert NOW_DT + dt.timedelta(hours=36) <= start
        assert dt.datetime.fromisoformat(o["end"]) <= NOW_DT + dt.timedelta(days=7)
        assert o["reason"]
        assert o["contact_local"].endswith("GMT")
        assert o["user_local"].endswith("EST")
        assert o["place"] == "Video call (or phone, if you prefer)"  # London is far away


def test_in_person_near_them_when_they_live_in_your_zone(ccw):
    ccw("contact", "add", "Grace Hopper", "--company", "Navy", "--timezone", "America/New_York",
        "--city", "New York")  # fmt: skip
    options = ccw.json("schedule", "propose", "grace")["options"]
    places = {o["kind"]: o["place"] for o in options}
    if "lunch" in places:
        assert places["lunch"] == "Lunch near Navy in New York (I can come to you)"
    assert any(p.startswith("Coffee near Navy in New York") for p in places.values())


def test_a_format_asked_for_is_used_for_every_option(ada):
    options = propose(ada, "--format", "phone")["options"]
    assert {o["format"] for o in options} == {"phone"}
    assert {o["place"] for o in options} == {"Phone call (I will call you)"}


def test_the_options_are_held_until_one_is_confirmed(ada):
    offered = propose(ada)["options"]
    shown = ada.json("contact", "show", "ada")
    assert [o["start"] for o in shown["offered"]] == [o["start"] for o in offered]
    assert shown["needs_new_options"] is False
    assert "Offered (held until one is confirmed):" in ada("contact", "show", "ada").stdout


def test_options_that_all_passed_ask_for_new_ones(ada, monkeypatch):
    propose(ada)
    monkeypatch.setenv("COFFEECHAT_NOW", "2026-12-10T09:00:00-05:00")
    assert ada.json("contact", "show", "ada")["needs_new_options"] is True
    steps = ada.json("status")["next_steps"]
    assert steps[0] == (
        "Every time you offered Ada Lovelace has passed: "
        "offer new ones with coffeechat schedule propose 1"
    )


def test_confirm_records_the_conversation_and_writes_an_invite(ada, tmp_path):
    from icalendar import Calendar

    options = propose(ada)["options"]
    number = next(o["number"] for o in options if o["kind"] != "flexible")
    chosen = options[number - 1]
    invite = tmp_path / "chat.ics"
    done = ada.json("schedule", "confirm", "ada", "--option", str(number), "--ics", str(invite))
    assert done["contact"]["stage"] == "scheduled"
    assert done["conversation"]["start"] == chosen["start"]
    assert done["conversation"]["zone"] == "Europe/London"
    assert done["rescheduled"] is False
    assert done["invite"] == str(invite)
    day_before = dt.datetime.fromisoformat(chosen["start"]).date() - dt.timedelta(days=1)
    assert done["follow_ups"][0]["kind"] == "confirm"
    assert done["follow_ups"][0]["due"] == day_before.isoformat()
    cal = Calendar.from_ical(invite.read_bytes())
    assert str(cal["METHOD"]) == "REQUEST"
    event = next(c for c in cal.walk("VEVENT"))
    assert str(event["ATTENDEE"]).lower() == "mailto:ada@acme.example"
    assert event.decoded("DTSTART") == dt.datetime.fromisoformat(chosen["start"])
    assert any(c.name == "VALARM" for c in event.walk())
    assert any(c.name == "VTIMEZONE" for c in cal.walk())
    # the offer is no longer open, and the contact shows the scheduled conversation
    shown = ada.json("contact", "show", "ada")
    assert shown["offered"] == []
    assert [c["status"] for c in shown["conversations"]] == ["scheduled"]
    assert ada.json("contact", "list", "--stage", "scheduled")["contacts"][0]["name"] == (
        "Ada Lovelace"
    )


def test_confirm_writes_the_invite_into_the_workspace_by_default(ada, home):
    propose(ada)
    done = ada.json("schedule", "confirm", "ada", "--at", "2026-12-02T17:45")
    assert Path(done["invite"]).parent == home / "invites"
    assert Path(done["invite"]).read_bytes().startswith(b"BEGIN:VCALENDAR")
    # --at without an offset is their time (London)
    assert done["conversation"]["start"] == "2026-12-02T17:45:00+00:00"


def test_a_flexible_window_needs_the_time_they_chose(ada):
    options = propose(ada)["options"]
    flexible = [o for o in options if o["kind"] == "flexible"]
    if not flexible:
        pytest.skip("no flexible option this week")
    result = ada.fails("schedule", "confirm", "ada", "--option", str(flexible[0]["number"]))
    assert "is a window" in result.stderr
    assert "--at" in result.stderr


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["--option", "1"], "no times are on offer to Ada Lovelace"),
        ([], "option: give either --option N or --at TIME"),
        (["--option", "1", "--at", "2026-12-02T10:00"], "give either --option N or --at TIME"),
        (["--at", "2026-11-20T10:00"], "at: is not in the future"),
        (["--at", "tomorrow"], "at: not an ISO 8601 date-time"),
        (["--at", "2026-12-02T10:00", "--format", "pigeon"], "format: must be one of"),
    ],
)
def test_confirm_refuses_bad_choices_and_changes_nothing(ada, args, error):
    before = ada.json("contact", "show", "ada")
    result = ada.fails("schedule", "confirm", "ada", *args)
    assert error in result.stderr
    assert ada.json("contact", "show", "ada") == before


def test_an_option_number_out_of_range(ada):
    propose(ada)
    result = ada.fails("schedule", "confirm", "ada", "--option", "7")
    assert "option: must be between 1 and 3" in result.stderr


def test_reschedule_moves_the_same_conversation_and_warns_the_second_time(ada, tmp_path):
    ada.fails("schedule", "reschedule", "ada")
    propose(ada)
    first = ada.json("schedule", "confirm", "ada", "--at", "2026-12-01T12:30")
    moved = ada.json("schedule", "reschedule", "ada")
    assert moved["warnings"] == []
    number = next(o["number"] for o in moved["options"] if o["kind"] != "flexible")
    again = ada.json(
        "schedule", "confirm", "ada", "--option", str(number), "--ics", str(tmp_path / "m.ics")
    )
    assert again["rescheduled"] is True
    assert again["conversation"]["id"] == first["conversation"]["id"]
    assert again["conversation"]["reschedules"] == 1
    assert b"SEQUENCE:1" in (tmp_path / "m.ics").read_bytes()
    twice = ada.json("schedule", "reschedule", "ada")
    assert any("already moved 1 time" in w for w in twice["warnings"])


def test_propose_when_a_conversation_is_already_scheduled_points_to_reschedule(ada):
    propose(ada)
    ada("schedule", "confirm", "ada", "--at", "2026-12-01T12:30")
    warnings = propose(ada)["warnings"]
    assert any("coffeechat schedule reschedule 1" in w for w in warnings)


def test_a_contact_without_a_zone_is_assumed_in_yours(ccw):
    ccw("contact", "add", "Alan Turing")
    doc = ccw.json("schedule", "propose", "alan")
    assert doc["contact_zone"] == "America/New_York"
    assert any("has no time zone" in w for w in doc["warnings"])


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["--count", "9"], "count: must be between 1 and 5"),
        (["--days", "0"], "days: must be between 1 and 60"),
        (["--duration", "5"], "duration: must be between 10 and 240"),
        (["--busy", "/no/such/file.ics"], "/no/such/file.ics"),
    ],
)
def test_propose_refuses_bad_values(ada, args, error):
    result = ada.fails("schedule", "propose", "ada", *args)
    assert error in result.stderr


# --- calendars -------------------------------------------------------------------------


def test_a_busy_calendar_keeps_its_days_free_of_options(ada, tmp_path):
    week = [(NOW_DT + dt.timedelta(days=d)).strftime("%Y%m%d") for d in range(1, 9)]
    free = week[4]  # Wed 2 December stays free
    cal = tmp_path / "work.ics"
    cal.write_bytes(ics(*(busy_day(day) for day in week if day != free)))
    added = ada.json("calendar", "add", str(cal))
    assert (added["kind"], added["source"]) == ("file", str(cal))
    doc = propose(ada)
    assert len(doc["options"]) <= 1
    assert doc["warnings"]
    for o in doc["options"]:
        assert dt.datetime.fromisoformat(o["start"]).astimezone(NY).strftime("%Y%m%d") == free
    # --busy adds one more calendar for this proposal only
    extra = tmp_path / "extra.ics"
    extra.write_bytes(ics(busy_day(free, "y")))
    assert propose(ada, "--busy", str(extra))["options"] == []


def test_calendar_list_and_remove(ccw, tmp_path):
    cal = tmp_path / "a.ics"
    cal.write_bytes(ics(busy_day("20261201")))
    ccw("calendar", "add", str(cal))
    listed = ccw.json("calendar", "list")["calendars"]
    assert [(c["id"], c["source"], c["kind"]) for c in listed] == [(1, str(cal), "file")]
    ccw.fails("calendar", "add", str(cal))  # already added
    removed = ccw.json("calendar", "remove", "1")
    assert removed["removed"]["source"] == str(cal)
    assert ccw.json("calendar", "list") == {"calendars": []}
    ccw.fails("calendar", "remove", "1")


def test_a_malformed_calendar_is_refused_with_its_name_and_nothing_is_stored(ccw, tmp_path):
    bad = tmp_path / "bad.ics"
    bad.write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:1\r\n"
        b"DTSTART:2026-12-01 nonsense\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    result = ccw.fails("calendar", "add", str(bad))
    assert str(bad) in result.stderr
    assert ccw.json("calendar", "list") == {"calendars": []}
    missing = ccw.fails("calendar", "add", str(tmp_path / "missing.ics"))
    assert "missing.ics" in missing.stderr


class _Server:
    """A calendar served over HTTP on 127.0.0.1, that can be switched off."""

    def __init__(self, body: bytes) -> None:
        body_ref = body

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/calendar")
                self.end_headers()
                self.wfile.write(body_ref)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/cal.ics"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def test_a_url_calendar_falls_back_to_its_last_copy_when_unreachable(ada):
    week = [(NOW_DT + dt.timedelta(days=d)).strftime("%Y%m%d") for d in range(1, 9)]
    server = _Server(ics(*(busy_day(day) for day in week)))
    try:
        added = ada.json("calendar", "add", server.url)
        assert added["kind"] == "url"
        assert propose(ada)["options"] == []
    finally:
        server.stop()
    doc = propose(ada)
    assert doc["options"] == []  # the cached copy still blocks the week
    assert any("could not be reached" in w and "used the copy" in w for w in doc["warnings"])


def test_an_unreachable_url_cannot_be_added(ccw):
    server = _Server(b"")
    url = server.url
    server.stop()
    result = ccw.fails("calendar", "add", url)
    assert "could not be reached" in result.stderr
    assert ccw.json("calendar", "list") == {"calendars": []}


def test_an_invite_for_a_contact_without_e_mail_says_so(ccw, tmp_path):
    from icalendar import Calendar

    ccw("contact", "add", "Alan Turing", "--timezone", "Europe/London")
    done = ccw.json("schedule", "confirm", "alan", "--at", "2026-12-02T17:45",
                    "--ics", str(tmp_path / "a.ics"))  # fmt: skip
    assert any("Alan Turing has no e-mail" in w for w in done["warnings"])
    cal = Calendar.from_ical((tmp_path / "a.ics").read_bytes())
    assert "ATTENDEE" not in next(iter(cal.walk("VEVENT")))


def test_the_day_to_confirm_stays_on_the_conversation(ada):
    ada("schedule", "confirm", "ada", "--at", "2026-12-02T17:45")
    conversation = ada.json("contact", "show", "ada")["conversations"][0]
    assert conversation["confirm_on"] == "2026-12-01"
    assert "confirm with them on Tue 01 Dec" in ada("contact", "show", "ada").stdout


@pytest.mark.parametrize(
    ("now", "zone", "closed"),
    [
        # Thanksgiving week: no option on Thursday 26 (nor on Friday, not a US holiday)
        ("2026-11-23T08:00:00-05:00", "America/New_York", {"2026-11-26"}),
        # Christmas week with a London contact: Christmas Day and Boxing Day (Monday 28 in lieu)
        ("2026-12-22T08:00:00-05:00", "Europe/London", {"2026-12-25", "2026-12-28"}),
    ],
)
def test_public_holidays_on_either_side_get_no_option(ccw, monkeypatch, now, zone, closed):
    monkeypatch.setenv("COFFEECHAT_NOW", now)
    ccw("contact", "add", "Grace Hopper", "--timezone", zone)
    options = ccw.json("schedule", "propose", "grace", "--count", "5")["options"]
    assert options
    days = {o["start"][:10] for o in options} | {
        dt.datetime.fromisoformat(o["start"]).astimezone(NY).date().isoformat() for o in options
    }
    assert not days & closed


def test_confirm_takes_the_options_place_unless_told_otherwise(ada):
    options = propose(ada)["options"]
    number = next(o["number"] for o in options if o["kind"] != "flexible")
    kept = ada.json("schedule", "confirm", "ada", "--option", str(number))["conversation"]
    assert (kept["format"], kept["place"]) == ("video", "Video call (or phone, if you prefer)")
    ada("schedule", "reschedule", "ada")
    moved = ada.json("schedule", "confirm", "ada", "--option", str(number), "--format", "coffee",
                     "--place", "Monmouth Coffee, Borough")["conversation"]  # fmt: skip
    assert (moved["format"], moved["place"]) == ("coffee", "Monmouth Coffee, Borough")


def test_a_conversation_already_booked_is_busy_time_for_the_next_proposal(ada):
    options = propose(ada)["options"]
    booked = next(o for o in options if o["kind"] != "flexible")
    ada("schedule", "confirm", "ada", "--option", str(booked["number"]))
    ada("contact", "add", "Grace Hopper", "--timezone", "Europe/London", "--city", "London")
    for o in ada.json("schedule", "propose", "grace")["options"]:
        assert not (o["start"] < booked["end"] and booked["start"] < o["end"]), o
    # moving Ada's conversation offers other days than the one it was on
    moved = ada.json("schedule", "reschedule", "ada")["options"]
    assert moved
    assert booked["start"][:10] not in {o["start"][:10] for o in moved}
