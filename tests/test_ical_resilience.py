"""A calendar survives one bad event (issue 13): the exports of the issue, each in a small
file under tests/data/calendars, and the rules of what is mended, counted once or left out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from coffeechat.core.errors import CalendarParseError
from coffeechat.formats.ical import MAX_WARNINGS, CalendarWarning, read_busy

CALENDARS = Path(__file__).parent / "data" / "calendars"
UTC = dt.UTC


def utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=UTC)


def read(
    data: bytes, start: str, end: str, zone: str = "UTC", source: str = "cal.ics"
) -> tuple[list[tuple[str, str]], list[CalendarWarning]]:
    """(busy spans as 'MM-DD HH:MM' pairs in UTC, warnings)."""
    said: list[CalendarWarning] = []
    got = read_busy(data, source, utc(start), utc(end), zone, said)
    return [(i.start.strftime("%m-%d %H:%M"), i.end.strftime("%m-%d %H:%M")) for i in got], said


def ics(*lines: str) -> bytes:
    return (
        "\r\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", *lines, "END:VCALENDAR"]) + "\r\n"
    ).encode()


def event(uid: str, start: str, *extra: str, summary: str | None = None) -> list[str]:
    """A one-hour event at ``start`` (YYYYMMDDTHHMMSSZ)."""
    end = (dt.datetime.strptime(start, "%Y%m%dT%H%M%SZ") + dt.timedelta(hours=1)).strftime(
        "%Y%m%dT%H%M%SZ"
    )
    named = [f"SUMMARY:{summary}"] if summary else []
    return ["BEGIN:VEVENT", f"UID:{uid}", *named, f"DTSTART:{start}", f"DTEND:{end}", *extra,
            "END:VEVENT"]  # fmt: skip


# -- the four exports of the issue --------------------------------------------------------


def test_an_empty_rrule_means_no_recurrence():
    # A real holiday export: every event carries an empty RRULE: line.
    data = (CALENDARS / "holidays-empty-rrule.ics").read_bytes()
    busy, said = read(data, "2026-11-20", "2027-01-01", zone="America/Chicago")
    assert busy == [("11-26 06:00", "11-27 06:00"), ("12-25 06:00", "12-26 06:00")]
    assert said == []


def test_a_birthday_with_an_unreadable_rdate_counts_once_and_the_others_are_read():
    # A Google birthday export with RDATE:20131210Z.
    data = (CALENDARS / "birthdays-rdate-z.ics").read_bytes()
    busy, said = read(data, "2026-12-01", "2026-12-15", zone="America/Chicago", source="b.ics")
    assert busy == [("12-03 06:00", "12-04 06:00")]  # Ada's, every year; Grace's once, in 2013
    assert [(w.source, w.line) for w in said] == [("b.ics", 12)]
    problem = said[0].problem
    assert problem.startswith('RDATE of event "Grace Hopper\'s birthday" (UID BIRTHDAY_grace')
    assert problem.endswith("read as a single occurrence")
    assert str(said[0]).startswith("b.ics: line 12: RDATE of event")


def test_an_empty_exdate_is_no_exception():
    data = (CALENDARS / "empty-exdate.ics").read_bytes()
    busy, said = read(data, "2026-11-30", "2026-12-05")
    assert busy == [(f"{d} 15:00", f"{d} 15:30") for d in ("11-30", "12-01", "12-02", "12-03",
                                                           "12-04")]  # fmt: skip
    assert said == []


def test_spaces_in_byday_are_mended():
    # An invitation with BYDAY=MO, TU: climbing on Mondays and Tuesdays, 18:00 in New York.
    data = (CALENDARS / "invitation-byday-spaces.ics").read_bytes()
    busy, said = read(data, "2026-11-30", "2026-12-09")
    assert busy == [
        ("11-30 23:00", "12-01 00:00"),
        ("12-01 23:00", "12-02 00:00"),
        ("12-07 23:00", "12-08 00:00"),
        ("12-08 23:00", "12-09 00:00"),
    ]
    assert said == []


# -- what is left out, what counts once ----------------------------------------------------


def test_an_event_whose_time_cannot_be_read_is_left_out_and_the_rest_read():
    data = ics(
        *event("good", "20261201T090000Z", summary="Dentist"),
        *["BEGIN:VEVENT", "UID:bad@x", "SUMMARY:Lunch", "DTSTART:2026-12-02 12:00", "END:VEVENT"],
    )
    busy, said = read(data, "2026-12-01", "2026-12-08", source="work.ics")
    assert busy == [("12-01 09:00", "12-01 10:00")]
    [warning] = said
    assert str(warning).startswith("work.ics: line 12: DTSTART has a bad value (")
    assert str(warning).endswith(") in event 'Lunch' (UID bad@x); that event is left out")


@pytest.mark.parametrize(
    ("lines", "line", "fragment"),
    [
        (["DTSTART:20261202T090000Z", "DTSTART:20261202T100000Z"], 10, "DTSTART appears more"),
        (["SUMMARY:No start"], 8, "has no DTSTART"),
        (["DTSTART:20261202T090000Z", "DTEND 20261202T100000Z"], 11, "cannot read 'DTEND 2026"),
        (["DTSTART:20261202T090000Z", "DURATION:an hour"], 11, "DURATION has a bad value"),
    ],
    ids=["repeated DTSTART", "no DTSTART", "a DTEND line without a colon", "bad DURATION"],
)
def test_events_left_out(lines, line, fragment):
    data = ics(*event("good", "20261201T090000Z"), "BEGIN:VEVENT", "UID:bad", *lines, "END:VEVENT")
    busy, said = read(data, "2026-12-01", "2026-12-08")
    assert busy == [("12-01 09:00", "12-01 10:00")]
    assert [w.line for w in said] == [line]
    assert fragment in said[0].problem
    assert said[0].problem.endswith("that event is left out")


def test_a_series_that_cannot_be_expanded_counts_once():
    data = ics(
        *event("good", "20261202T090000Z"),
        *event("odd", "20261201T120000Z", "RRULE:FREQ=DAILY;BYSETPOS=400", summary="Odd"),
    )
    busy, said = read(data, "2026-12-01", "2026-12-08")
    assert busy == [("12-01 12:00", "12-01 13:00"), ("12-02 09:00", "12-02 10:00")]
    assert [w.line for w in said] == [13]  # the RRULE line
    assert "event 'Odd' (UID odd) cannot be read" in said[0].problem


def test_an_interval_of_zero_counts_once_instead_of_hanging():
    data = ics(*event("zero", "20261201T120000Z", "RRULE:FREQ=DAILY;INTERVAL=0"))
    busy, said = read(data, "2026-12-01", "2026-12-08")
    assert busy == [("12-01 12:00", "12-01 13:00")]
    assert "INTERVAL=0" in said[0].problem


def test_the_file_is_refused_when_none_of_its_events_can_be_read():
    data = ics(
        *["BEGIN:VEVENT", "UID:a", "DTSTART:someday", "END:VEVENT"],
        *["BEGIN:VEVENT", "UID:b", "SUMMARY:nothing", "END:VEVENT"],
    )
    with pytest.raises(CalendarParseError) as caught:
        read(data, "2026-12-01", "2026-12-08", source="x.ics")
    assert caught.value.line == 5
    assert "DTSTART has a bad value" in caught.value.problem
    assert "none of its 1 other events can be read" in caught.value.problem
    # a calendar without events is a calendar, with no busy time
    assert read(ics(), "2026-12-01", "2026-12-08") == ([], [])


def test_warnings_stop_at_a_count_of_the_rest():
    bad = [
        line
        for n in range(MAX_WARNINGS + 5)
        for line in event(f"e{n}", "20261201T090000Z", "RDATE:soon")
    ]
    busy, said = read(ics(*bad), "2026-12-01", "2026-12-08")
    assert busy == [("12-01 09:00", "12-01 10:00")]
    assert len(said) == MAX_WARNINGS + 1
    assert str(said[-1]) == "cal.ics: 5 more events could not be fully read"
    assert [w.line for w in said[:3]] == [7, 13, 19]  # each event's RDATE line


def test_a_free_busy_block_is_busy_but_its_free_periods():
    data = ics(
        "BEGIN:VFREEBUSY",
        "DTSTART:20261201T000000Z",
        "DTEND:20261210T000000Z",
        "FREEBUSY;FBTYPE=BUSY-UNAVAILABLE:20261201T160000Z/PT1H30M,20261202T090000Z/20261202T100000Z",
        "FREEBUSY:20261203T100000Z/20261203T110000Z",
        "FREEBUSY;FBTYPE=FREE:20261204T100000Z/20261204T110000Z",
        "END:VFREEBUSY",
    )
    busy, said = read(data, "2026-12-01", "2026-12-08")
    assert busy == [
        ("12-01 16:00", "12-01 17:30"),
        ("12-02 09:00", "12-02 10:00"),
        ("12-03 10:00", "12-03 11:00"),
    ]
    assert said == []


# -- through the command line ---------------------------------------------------------------


@pytest.fixture
def ada(ccw):
    ccw("contact", "add", "Ada Lovelace", "--company", "Acme", "--email", "ada@acme.example",
        "--timezone", "Europe/London", "--city", "London")  # fmt: skip
    ccw("log", "ada", "reply", "--at", "2026-11-26T10:00")
    return ccw


def test_calendar_add_and_propose_say_what_could_not_be_read(ada, tmp_path):
    birthdays = tmp_path / "birthdays.ics"
    birthdays.write_bytes((CALENDARS / "birthdays-rdate-z.ics").read_bytes())
    added = ada("calendar", "add", str(birthdays))
    assert added.stdout == f"Added calendar 1: {birthdays}\n"
    assert added.stderr.startswith(f"Warning: {birthdays}: line 12: RDATE of event ")
    doc = ada.json("calendar", "add", str(CALENDARS / "holidays-empty-rrule.ics"))
    assert doc["warnings"] == []
    proposed = ada("schedule", "propose", "ada")
    assert f"Warning: {birthdays}: line 12: RDATE" in proposed.stderr
    assert "RDATE" not in proposed.stdout
    warnings = ada.json("schedule", "propose", "ada")["warnings"]
    assert [w for w in warnings if "RDATE" in w] == [
        f'{birthdays}: line 12: RDATE of event "Grace Hopper\'s birthday" (UID '
        "BIRTHDAY_grace@google.com) cannot be read (Expected datetime, date, or time. Got: "
        "'20131210Z'); read as a single occurrence"
    ]


def test_an_event_name_with_escape_sequences_is_made_safe_in_the_terminal(ada, tmp_path):
    cal = tmp_path / "evil.ics"
    cal.write_bytes(
        ics(*event("x", "20261201T090000Z", "RDATE:soon", summary="Lunch\x1b[2J\x1b]0;pwned\x07"))
    )
    result = ada("calendar", "add", str(cal))
    assert "Warning:" in result.stderr
    assert "\x1b" not in result.stderr
    doc = ada.json("schedule", "propose", "ada", "--busy", str(cal))
    # the name is quoted as Python writes a string: its control characters are spelled out
    assert any("event 'Lunch\\x1b[2J" in w for w in doc["warnings"])
    assert not any("\x1b" in w for w in doc["warnings"])
