"""iCalendar busy import and invites (coffeechat.formats.ical), on exports as tools write them."""

from __future__ import annotations

import datetime as dt
import itertools
import subprocess
import sys
import zoneinfo
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coffeechat.core.errors import CalendarParseError, InvalidValue
from coffeechat.core.scheduling import Interval
from coffeechat.formats.ical import CalendarWarning, read_busy, windows_zone
from coffeechat.formats.invite import write_invite

CALENDARS = Path(__file__).parent / "data" / "calendars"
UTC = dt.UTC


def utc(text: str) -> dt.datetime:
    """'2026-11-24 20:00' → an aware UTC datetime."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=UTC)


def spans(intervals: list[Interval]) -> list[tuple[str, str]]:
    """Intervals as ('MM-DD HH:MM', 'MM-DD HH:MM') pairs in UTC, easy to read in a diff."""
    for interval in intervals:
        assert interval.start.utcoffset() == dt.timedelta(0)
    return [(i.start.strftime("%m-%d %H:%M"), i.end.strftime("%m-%d %H:%M")) for i in intervals]


def ics(*lines: str) -> bytes:
    """A calendar from content lines, CRLF as exporters write it."""
    return ("\r\n".join(lines) + "\r\n").encode()


def calendar(*events: str, head: tuple[str, ...] = ()) -> bytes:
    """A VCALENDAR around events given as newline-separated content lines."""
    body = [line for event in events for line in event.strip().splitlines()]
    return ics(
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", *head, *body, "END:VCALENDAR"
    )


def busy(data: bytes, start: str, end: str, zone: str = "America/New_York") -> list[Interval]:
    return read_busy(data, "test.ics", utc(start), utc(end), zone)


# -- Google export: a weekly series with EXDATE, a moved and a cancelled occurrence ------


GOOGLE = (CALENDARS / "google.ics").read_bytes()


def test_google_export_series_exceptions_free_and_all_day_events():
    got = read_busy(GOOGLE, "google.ics", utc("2026-11-16"), utc("2026-12-08"), "Europe/Berlin")
    assert spans(got) == [
        # 16 Nov: EXDATE; 23 Nov 10:00 moved to Tue 24 Nov 15:00 New York (EST, UTC-5)
        ("11-24 20:00", "11-24 21:00"),
        # lunch 17:00-18:00 and a call 17:30-19:00 merge; focus time (TRANSPARENT),
        # the cancelled dentist and the transparent Thanksgiving holiday are free
        ("11-25 17:00", "11-25 19:00"),
        # floating 08:00 read in the calendar's X-WR-TIMEZONE (New York), not the user's
        ("12-01 13:00", "12-01 13:30"),
        # the all-day offsite (3-4 Dec) covers whole days in the user's zone (Berlin, UTC+1)
        ("12-02 23:00", "12-04 23:00"),
        # 30 Nov is cancelled (STATUS:CANCELLED on its RECURRENCE-ID); 7 Dec as usual
        ("12-07 15:00", "12-07 16:00"),
    ]


def test_a_moved_occurrence_is_busy_at_its_new_time_only():
    assert busy(GOOGLE, "2026-11-23", "2026-11-24") == []
    assert spans(busy(GOOGLE, "2026-11-24", "2026-11-25")) == [("11-24 20:00", "11-24 21:00")]


def test_intervals_are_clipped_to_the_window():
    got = busy(GOOGLE, "2026-11-25 17:45", "2026-11-25 18:15")
    assert got == [Interval(utc("2026-11-25 17:45"), utc("2026-11-25 18:15"))]


def test_a_window_given_in_another_zone_still_yields_utc():
    new_york = zoneinfo.ZoneInfo("America/New_York")
    start = dt.datetime(2026, 11, 25, 12, 45, tzinfo=new_york)  # 17:45 UTC
    got = read_busy(GOOGLE, "g.ics", start, start + dt.timedelta(hours=1), "UTC")
    assert spans(got) == [("11-25 17:45", "11-25 18:45")]


def test_an_empty_window_has_no_busy_time():
    assert busy(GOOGLE, "2026-11-25", "2026-11-25") == []


# -- Outlook export: Windows zone names with their VTIMEZONE blocks ----------------------


OUTLOOK = (CALENDARS / "outlook.ics").read_bytes()


def test_outlook_export_with_windows_zone_names():
    got = read_busy(OUTLOOK, "outlook.ics", utc("2026-11-01"), utc("2026-11-17"), "Europe/Berlin")
    assert spans(got) == [
        ("11-02 08:30", "11-02 09:00"),  # Mondays 09:30 "W. Europe Standard Time" (CET)
        ("11-03 16:00", "11-03 17:00"),  # 11:00 "Eastern Standard Time" (EST since 1 Nov)
        # 4 and 5 Nov: TRANSP:TRANSPARENT and X-MICROSOFT-CDO-BUSYSTATUS:FREE are free
        ("11-05 23:00", "11-06 23:00"),  # out of office, all day in Berlin
        ("11-16 08:30", "11-16 09:00"),  # 9 Nov is an EXDATE
    ]


@pytest.mark.parametrize(
    ("windows", "iana"),
    [
        ("Eastern Standard Time", "America/New_York"),
        ("W. Europe Standard Time", "Europe/Berlin"),
        ("Pacific Standard Time", "America/Los_Angeles"),
        ("GMT Standard Time", "Europe/London"),
        ("Tokyo Standard Time", "Asia/Tokyo"),
        ("New Zealand Standard Time", "Pacific/Auckland"),
        ("eastern  standard time", "America/New_York"),
        ("Atlantis Standard Time", None),
        ("Europe/Berlin", None),
    ],
)
def test_windows_zone(windows, iana):
    assert windows_zone(windows) == iana


def test_windows_names_use_the_iana_zone_even_when_the_block_is_wrong():
    # The block claims Pacific time has no daylight saving; the IANA zone knows better.
    data = calendar(
        """
BEGIN:VTIMEZONE
TZID:Pacific Standard Time
BEGIN:STANDARD
DTSTART:16010101T000000
TZOFFSETFROM:-0800
TZOFFSETTO:-0800
END:STANDARD
END:VTIMEZONE
BEGIN:VEVENT
UID:summer
DTSTART;TZID=Pacific Standard Time:20260715T090000
DTEND;TZID=Pacific Standard Time:20260715T100000
END:VEVENT
BEGIN:VEVENT
UID:no-block
DTSTART;TZID=Tokyo Standard Time:20260716T090000
DTEND;TZID=Tokyo Standard Time:20260716T100000
END:VEVENT
"""
    )
    assert spans(busy(data, "2026-07-14", "2026-07-17")) == [
        ("07-15 16:00", "07-15 17:00"),  # PDT, UTC-7
        ("07-16 00:00", "07-16 01:00"),  # JST, UTC+9
    ]


def custom_zone_calendar(offset: str) -> bytes:
    return calendar(
        f"""
BEGIN:VTIMEZONE
TZID:Customized Time Zone
BEGIN:STANDARD
DTSTART:16010101T000000
TZOFFSETFROM:{offset}
TZOFFSETTO:{offset}
END:STANDARD
END:VTIMEZONE
BEGIN:VEVENT
UID:custom
DTSTART;TZID="Customized Time Zone":20261201T090000
DTEND;TZID="Customized Time Zone":20261201T100000
END:VEVENT
"""
    )


def test_each_file_uses_its_own_block_for_a_custom_tzid():
    # icalendar caches zones by TZID for the whole process; two Outlook files with
    # different "Customized Time Zone" blocks must still each be read with their own.
    india, brazil = custom_zone_calendar("+0530"), custom_zone_calendar("-0300")
    assert spans(busy(india, "2026-12-01", "2026-12-02")) == [("12-01 03:30", "12-01 04:30")]
    assert spans(busy(brazil, "2026-12-01", "2026-12-02")) == [("12-01 12:00", "12-01 13:00")]
    assert spans(busy(india, "2026-12-01", "2026-12-02")) == [("12-01 03:30", "12-01 04:30")]


def test_unknown_tzid_without_a_block_is_read_as_floating():
    data = calendar(
        """
BEGIN:VEVENT
UID:somewhere
DTSTART;TZID=Nowhere/Land:20261201T090000
DTEND;TZID=Nowhere/Land:20261201T100000
END:VEVENT
"""
    )
    assert spans(busy(data, "2026-12-01", "2026-12-02", "Europe/Berlin")) == [
        ("12-01 08:00", "12-01 09:00")
    ]


# -- daylight saving, floating times, all-day events, missing DTEND ----------------------


def test_a_series_keeps_its_local_time_across_the_dst_change():
    data = calendar(
        """
BEGIN:VEVENT
UID:standup
DTSTART;TZID=America/New_York:20260226T090000
DTEND;TZID=America/New_York:20260226T091500
RRULE:FREQ=WEEKLY;BYDAY=TH
END:VEVENT
"""
    )
    assert spans(busy(data, "2026-03-02", "2026-03-16", "Europe/London")) == [
        ("03-05 14:00", "03-05 14:15"),  # EST, UTC-5
        ("03-12 13:00", "03-12 13:15"),  # EDT, UTC-4 since 8 March
    ]


def test_floating_times_are_read_in_the_users_zone():
    data = calendar(
        """
BEGIN:VEVENT
UID:floating
DTSTART:20261201T090000
DTEND:20261201T100000
RRULE:FREQ=DAILY;COUNT=2
END:VEVENT
"""
    )
    assert spans(busy(data, "2026-11-30", "2026-12-03", "Asia/Tokyo")) == [
        ("12-01 00:00", "12-01 01:00"),
        ("12-02 00:00", "12-02 01:00"),
    ]
    assert spans(busy(data, "2026-11-30", "2026-12-03", "America/Los_Angeles")) == [
        ("12-01 17:00", "12-01 18:00"),
        ("12-02 17:00", "12-02 18:00"),
    ]


def test_an_unknown_x_wr_timezone_falls_back_to_the_users_zone():
    event = "BEGIN:VEVENT\nUID:f\nDTSTART:20261201T090000\nDTEND:20261201T100000\nEND:VEVENT"
    data = calendar(event, head=("X-WR-TIMEZONE:Mars/Olympus_Mons",))
    assert spans(busy(data, "2026-12-01", "2026-12-02", "Europe/Paris")) == [
        ("12-01 08:00", "12-01 09:00")
    ]


def test_all_day_events_cover_the_users_local_days():
    data = calendar(
        """
BEGIN:VEVENT
UID:vacation
DTSTART;VALUE=DATE:20261201
DTEND;VALUE=DATE:20261203
END:VEVENT
BEGIN:VEVENT
UID:weekly-all-day
DTSTART;VALUE=DATE:20261207
RRULE:FREQ=WEEKLY;COUNT=2
END:VEVENT
"""
    )
    assert spans(busy(data, "2026-11-30", "2026-12-20", "Pacific/Auckland")) == [
        ("11-30 11:00", "12-02 11:00"),  # NZDT, UTC+13
        ("12-06 11:00", "12-07 11:00"),  # no DTEND: one day
        ("12-13 11:00", "12-14 11:00"),
    ]


def test_events_without_dtend():
    data = calendar(
        """
BEGIN:VEVENT
UID:duration
DTSTART:20261201T150000Z
DURATION:PT45M
END:VEVENT
BEGIN:VEVENT
UID:instant
DTSTART:20261201T170000Z
END:VEVENT
BEGIN:VEVENT
UID:day
DTSTART;VALUE=DATE:20261202
END:VEVENT
"""
    )
    assert spans(busy(data, "2026-12-01", "2026-12-04", "UTC")) == [
        ("12-01 15:00", "12-01 15:45"),  # the zero-length reminder at 17:00 is skipped
        ("12-02 00:00", "12-03 00:00"),
    ]


def test_adjacent_and_nested_events_merge():
    data = calendar(
        "BEGIN:VEVENT\nUID:a\nDTSTART:20261201T090000Z\nDTEND:20261201T100000Z\nEND:VEVENT",
        "BEGIN:VEVENT\nUID:b\nDTSTART:20261201T100000Z\nDTEND:20261201T110000Z\nEND:VEVENT",
        "BEGIN:VEVENT\nUID:c\nDTSTART:20261201T093000Z\nDTEND:20261201T094500Z\nEND:VEVENT",
        "BEGIN:VEVENT\nUID:d\nDTSTART:20261201T120000Z\nDTEND:20261201T130000Z\nEND:VEVENT",
    )
    assert spans(busy(data, "2026-12-01", "2026-12-02")) == [
        ("12-01 09:00", "12-01 11:00"),
        ("12-01 12:00", "12-01 13:00"),
    ]


def test_concatenated_calendars_are_all_read():
    first = calendar(
        "BEGIN:VEVENT\nUID:a\nDTSTART:20261201T090000Z\nDTEND:20261201T100000Z\nEND:VEVENT"
    )
    second = calendar(
        "BEGIN:VEVENT\nUID:b\nDTSTART:20261202T090000Z\nDTEND:20261202T100000Z\nEND:VEVENT"
    )
    assert spans(busy(first + second, "2026-12-01", "2026-12-03")) == [
        ("12-01 09:00", "12-01 10:00"),
        ("12-02 09:00", "12-02 10:00"),
    ]


def test_utf16_with_byte_order_mark_and_utf8_bom_are_read():
    event = "BEGIN:VEVENT\nUID:a\nDTSTART:20261201T090000Z\nDTEND:20261201T100000Z\nEND:VEVENT"
    text = calendar(event).decode()
    expected = [("12-01 09:00", "12-01 10:00")]
    assert spans(busy(text.encode("utf-16"), "2026-12-01", "2026-12-02")) == expected
    assert spans(busy(text.encode("utf-8-sig"), "2026-12-01", "2026-12-02")) == expected


def test_bad_arguments():
    with pytest.raises(InvalidValue, match="zone"):
        busy(GOOGLE, "2026-11-16", "2026-11-17", zone="Middle/Earth")
    with pytest.raises(ValueError, match="aware"):
        read_busy(GOOGLE, "g.ics", dt.datetime(2026, 1, 1), utc("2026-01-02"), "UTC")


# -- malformed input: the source and the line -------------------------------------------


GOOD_EVENT = """BEGIN:VEVENT
UID:e1
DTSTART:20261201T090000Z
DTEND:20261201T100000Z
RRULE:FREQ=WEEKLY;BYDAY=TU
SUMMARY:Fine
END:VEVENT"""  # lines 4-10 of calendar(GOOD_EVENT)


def broken(old: str, new: str) -> bytes:
    assert old in GOOD_EVENT
    return calendar(GOOD_EVENT.replace(old, new))


MALFORMED = {
    "not iCalendar": (b"Subject,Start Date\nLunch,2026-12-01\n", 1, "BEGIN:VCALENDAR"),
    "an HTML page": (b"\n<!DOCTYPE html>\n<html><body>Sign in</body></html>", 2, "web page"),
    "empty": (b"  \r\n", None, "empty"),
    "bad date value": (
        broken("DTSTART:20261201T090000Z", "DTSTART:2026-12-01 09:00"),
        6,
        "DTSTART",
    ),
    "impossible date": (broken("DTEND:20261201T100000Z", "DTEND:20261341T100000Z"), 7, "DTEND"),
    "bad DURATION": (broken("DTEND:20261201T100000Z", "DURATION:one hour"), 7, "DURATION"),
    "a busy line without a colon": (broken("DTEND:", "DTEND "), 7, "DTEND 20261201"),
    "no DTSTART": (broken("DTSTART:20261201T090000Z\n", ""), 4, "no DTSTART"),
    "truncated inside an event": (calendar(GOOD_EVENT)[:150], 4, "never closed"),
    "truncated mid-line": (calendar(GOOD_EVENT)[:-30], 4, "never closed"),
    "END that closes nothing open": (broken("SUMMARY:Fine", "END:VALARM"), 9, "END:VALARM"),
    "a line outside the calendar": (calendar(GOOD_EVENT) + b"DTSTART:2026\r\n", 12, "outside"),
    "garbage in the calendar": (calendar("this is not a content line"), 4, "cannot read"),
    "bad VTIMEZONE offset": (
        calendar(
            "BEGIN:VTIMEZONE\nTZID:X\nBEGIN:STANDARD\nTZOFFSETTO:+99xx\nEND:STANDARD\nEND:VTIMEZONE"
        ),
        7,
        "+99xx",
    ),
    "wrong encoding (Latin-1)": (broken("Fine", "Café").decode().encode("latin-1"), 9, "UTF-8"),
}


#: A recurrence that cannot be read: the event counts once, at its DTSTART, with a warning.
COUNTED_ONCE = {
    "bad EXDATE": (
        broken("DTEND:20261201T100000Z", "DTEND:20261201T100000Z\nEXDATE:tue"),
        8,
        "EXDATE",
    ),
    "RRULE with a bad FREQ": (broken("FREQ=WEEKLY", "FREQ=FORTNIGHTLY"), 8, "RRULE"),
    "RRULE without FREQ": (broken("FREQ=WEEKLY;BYDAY=TU", "BYDAY=TU"), 8, "no FREQ"),
    "RRULE with a bad BYDAY": (broken("BYDAY=TU", "BYDAY=XX"), 8, "RRULE"),
    "RRULE every second": (broken("FREQ=WEEKLY", "FREQ=SECONDLY"), 8, "SECONDLY"),
    "RRULE with a bad UNTIL": (broken("BYDAY=TU", "UNTIL=soon"), 8, "RRULE"),
    "a recurrence line without a colon": (broken("RRULE:", "RRULE "), 8, "RRULE FREQ"),
}


@pytest.mark.parametrize(
    ("data", "line", "fragment"), COUNTED_ONCE.values(), ids=COUNTED_ONCE.keys()
)
def test_a_recurrence_that_cannot_be_read_counts_once_with_a_warning(data, line, fragment):
    said: list[CalendarWarning] = []
    got = read_busy(data, "work.ics", utc("2026-12-01"), utc("2026-12-15"), "Europe/Berlin", said)
    assert spans(got) == [("12-01 09:00", "12-01 10:00")]  # not the 8th: no series
    assert [(w.source, w.line) for w in said] == [("work.ics", line)]
    assert fragment in said[0].problem
    assert "event 'Fine' (UID e1)" in said[0].problem
    assert said[0].problem.endswith("read as a single occurrence")
    assert str(said[0]) == f"work.ics: line {line}: {said[0].problem}"


def test_a_series_from_the_year_202_counts_once_far_in_the_past():
    said: list[CalendarWarning] = []
    data = broken("DTSTART:2026", "DTSTART:0202")
    got = read_busy(data, "w.ics", utc("2026-12-01"), utc("2026-12-15"), "UTC", said)
    assert spans(got) == [("12-01 00:00", "12-01 10:00")]  # it ends on 1 December 2026
    assert [w.line for w in said] == [8]
    assert "too many" in said[0].problem


@pytest.mark.parametrize(("data", "line", "fragment"), MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_calendars_name_the_source_and_line(data, line, fragment):
    with pytest.raises(CalendarParseError) as caught:
        read_busy(data, "work.ics", utc("2026-12-01"), utc("2026-12-15"), "Europe/Berlin")
    error = caught.value
    assert error.source == "work.ics"
    assert error.line == line
    assert fragment in error.problem
    where = f"work.ics: line {line}: " if line else "work.ics: "
    assert str(error) == where + error.problem


def test_line_numbers_count_physical_lines_of_folded_content():
    # Outlook folds its long UIDs; a warning after them still names the physical line.
    text = OUTLOOK.decode().replace("DTSTART;VALUE=DATE:20261106", "DTSTART;VALUE=DATE:2026116")
    number = text.split("\r\n").index("DTSTART;VALUE=DATE:2026116") + 1
    said: list[CalendarWarning] = []
    read_busy(text.encode(), "o.ics", utc("2026-11-01"), utc("2026-11-17"), "UTC", said)
    assert [w.line for w in said] == [number]
    assert "DTSTART" in said[0].problem
    assert said[0].problem.endswith("that event is left out")


def test_damage_that_does_not_change_busy_time_is_tolerated():
    # A DESCRIPTION broken over lines by a careless exporter, and a bad GEO.
    data = broken("SUMMARY:Fine", "DESCRIPTION:Join the call\nhttps://meet.example.org/x\nGEO:x")
    assert spans(busy(data, "2026-12-01", "2026-12-02")) == [("12-01 09:00", "12-01 10:00")]


# -- fuzzing: a list or a CalendarParseError, never anything else ------------------------


def read_or_refuse(data: bytes) -> None:
    try:
        got = read_busy(data, "fuzz.ics", utc("2026-11-16"), utc("2026-12-08"), "Europe/Berlin")
    except CalendarParseError as error:
        assert error.source == "fuzz.ics"
        assert error.line is None or error.line >= 1
        return
    assert all(i.start < i.end for i in got)
    assert all(a.end < b.start for a, b in itertools.pairwise(got))


FUZZ = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)


@FUZZ
@given(st.binary(max_size=400))
def test_fuzz_random_bytes(data):
    read_or_refuse(data)


@FUZZ
@given(st.binary(max_size=200))
def test_fuzz_random_bytes_after_a_calendar_header(data):
    read_or_refuse(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + data)


@FUZZ
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=len(GOOGLE)),
            st.sampled_from(["replace", "insert", "delete"]),
            st.sampled_from([b"\r\n", b":", b";", b"0", b"9", b"Z", b"T", b" ", b"-", b"\xff"])
            | st.binary(min_size=1, max_size=3),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_fuzz_mutations_of_a_real_export(edits):
    data = bytearray(GOOGLE)
    for position, operation, chunk in edits:
        position = min(position, len(data))
        if operation == "replace":
            data[position : position + len(chunk)] = chunk
        elif operation == "insert":
            data[position:position] = chunk
        else:
            del data[position : position + len(chunk)]
    read_or_refuse(bytes(data))


# -- the invite -------------------------------------------------------------------------


NOW = dt.datetime(2026, 11, 27, 14, 0, tzinfo=UTC)


def invite(**changes) -> bytes:
    values = {
        "uid": "conversation-42@coffeechat",
        "start": dt.datetime(2026, 12, 2, 17, 30, tzinfo=UTC),
        "end": dt.datetime(2026, 12, 2, 18, 0, tzinfo=UTC),
        "zone": "America/New_York",
        "summary": "Coffee: Ada Lovelace / Grace Hopper",
        "description": "An informational interview about compilers, with thanks in advance.",
        "location": "Blue Bottle, 1 Main St, Brooklyn",
        "organizer": ("Ada Lovelace", "ada@example.org"),
        "attendee": ("Grace Hopper", "grace@example.org"),
        "now": NOW,
    }
    return write_invite(**(values | changes))


def parse(data: bytes):
    from icalendar import Calendar

    return Calendar.from_ical(data)


def test_invite_is_a_request_google_and_outlook_accept():
    data = invite()
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    cal = parse(data)
    assert cal["METHOD"] == "REQUEST"
    assert cal["VERSION"] == "2.0"
    assert "coffeechat" in cal["PRODID"]
    [tz] = cal.walk("VTIMEZONE")
    assert tz["TZID"] == "America/New_York"
    [event] = cal.walk("VEVENT")
    assert event["UID"] == "conversation-42@coffeechat"
    assert event["SEQUENCE"] == 0
    assert event["STATUS"] == "CONFIRMED"
    assert event["DTSTAMP"].dt == NOW
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    assert event["DTSTART"].dt == dt.datetime(2026, 12, 2, 17, 30, tzinfo=UTC)
    assert event["DTSTART"].dt.replace(tzinfo=None) == dt.datetime(2026, 12, 2, 12, 30)
    assert event["DTEND"].dt == dt.datetime(2026, 12, 2, 18, 0, tzinfo=UTC)
    assert event["LOCATION"] == "Blue Bottle, 1 Main St, Brooklyn"
    assert event["ORGANIZER"] == "mailto:ada@example.org"
    assert event["ORGANIZER"].params["CN"] == "Ada Lovelace"
    attendee = event["ATTENDEE"]
    assert attendee == "mailto:grace@example.org"
    assert dict(attendee.params) == {
        "CN": "Grace Hopper",
        "ROLE": "REQ-PARTICIPANT",
        "PARTSTAT": "NEEDS-ACTION",
        "RSVP": "TRUE",
    }
    [alarm] = event.walk("VALARM")
    assert alarm["ACTION"] == "DISPLAY"
    assert alarm["TRIGGER"].dt == dt.timedelta(minutes=-30)
    assert b"TRIGGER:-PT30M" in data
    assert b"DTSTART;TZID=America/New_York:20261202T123000" in data


def test_invite_reads_back_as_busy_time():
    got = read_busy(invite(), "invite.ics", utc("2026-12-02"), utc("2026-12-03"), "UTC")
    assert spans(got) == [("12-02 17:30", "12-02 18:00")]


def test_invite_vtimezone_covers_the_meeting_across_dst():
    data = invite(
        start=dt.datetime(2027, 3, 15, 16, 0, tzinfo=UTC),
        end=dt.datetime(2027, 3, 15, 16, 30, tzinfo=UTC),
        sequence=2,
        alarm_minutes=10,
    )
    cal = parse(data)
    own = cal.walk("VTIMEZONE")[0].to_tz(lookup_tzid=False)
    local = cal.walk("VEVENT")[0]["DTSTART"].dt.replace(tzinfo=None)
    assert local == dt.datetime(2027, 3, 15, 12, 0)  # EDT since 14 March 2027
    assert local.replace(tzinfo=own).astimezone(UTC) == dt.datetime(2027, 3, 15, 16, tzinfo=UTC)
    assert cal.walk("VEVENT")[0]["SEQUENCE"] == 2
    assert b"TRIGGER:-PT10M" in data


@pytest.mark.parametrize(
    "zone",
    [
        # Morocco's clocks go back for Ramadan for about five weeks: icalendar's own
        # generator (64-day search steps) misses some of those periods; ours must not.
        "Africa/Casablanca",
        "America/New_York",
        "Europe/Dublin",  # "negative DST" in the tz database
        "Australia/Lord_Howe",  # 30-minute DST
        "Asia/Kolkata",  # no DST
    ],
)
def test_invite_vtimezone_matches_the_iana_zone(zone):
    tz = zoneinfo.ZoneInfo(zone)
    start = dt.datetime(2027, 6, 1, 12, tzinfo=tz)
    cal = parse(invite(start=start, end=start + dt.timedelta(minutes=30), zone=zone))
    own = cal.walk("VTIMEZONE")[0].to_tz(lookup_tzid=False)  # the file's block, not tzdata
    hour = dt.timedelta(hours=1)
    moment = dt.datetime(2026, 1, 2, tzinfo=UTC)  # the block covers 2026-2028
    while moment < dt.datetime(2028, 12, 31, tzinfo=UTC):
        near_a_change = (moment - 2 * hour).astimezone(tz).utcoffset() != (
            moment + 2 * hour
        ).astimezone(tz).utcoffset()
        if not near_a_change:  # readers differ on the hour of a change itself
            assert moment.astimezone(own).utcoffset() == moment.astimezone(tz).utcoffset()
        moment += 13 * hour


def test_invite_quotes_awkward_names_and_folds_long_text():
    data = invite(
        attendee=('José "Pepe" García, PhD', "pepe@example.org"),
        description="Café ☕ " * 40,
        location=None,
    )
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    event = parse(data).walk("VEVENT")[0]
    assert event["ATTENDEE"].params["CN"] == 'José "Pepe" García, PhD'
    assert event["DESCRIPTION"] == ("Café ☕ " * 40)
    assert "LOCATION" not in event


def test_invite_without_an_attendee_email_is_a_plain_event():
    data = invite(attendee=("Grace Hopper", None))
    cal = parse(data)
    event = cal.walk("VEVENT")[0]
    assert "METHOD" not in cal
    assert "ATTENDEE" not in event and "ORGANIZER" not in event
    assert "With: Grace Hopper" in event["DESCRIPTION"]
    assert "Organizer: Ada Lovelace <ada@example.org>" in event["DESCRIPTION"]
    assert event.walk("VALARM") and cal.walk("VTIMEZONE")


def test_invite_without_an_organizer_email_is_a_plain_event():
    cal = parse(invite(organizer=("Ada Lovelace", None)))
    event = cal.walk("VEVENT")[0]
    assert "METHOD" not in cal and "ORGANIZER" not in event
    assert "With: Grace Hopper <grace@example.org>" in event["DESCRIPTION"]


def test_invite_bad_values():
    with pytest.raises(InvalidValue, match="zone"):
        invite(zone="Eastern Standard Time")
    with pytest.raises(InvalidValue, match="end"):
        invite(end=dt.datetime(2026, 12, 2, 17, 0, tzinfo=UTC))
    with pytest.raises(InvalidValue, match="start"):
        invite(start=dt.datetime(2026, 12, 2, 17, 0))


def test_importing_the_module_does_not_import_the_calendar_libraries():
    code = (
        "import sys, coffeechat.formats.ical; "
        "print(sorted(m for m in ('icalendar', 'recurring_ical_events', 'x_wr_timezone') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
