"""Meeting invites: an iCalendar REQUEST that Google Calendar and Outlook accept.

``icalendar`` is imported inside the functions, so the command line starts without it.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from coffeechat.core.errors import InvalidValue
from coffeechat.formats.ical import PRODID, known_zone

if TYPE_CHECKING:
    from icalendar import Timezone

__all__ = ["write_invite"]

_UTC = dt.UTC


@lru_cache(maxsize=32)
def _vtimezone(zone: str, first_year: int, last_year: int) -> Timezone:
    """A VTIMEZONE for ``zone`` from 1 January ``first_year`` to 1 January ``last_year`` (UTC).

    Built from zoneinfo's own transitions rather than with icalendar's
    ``Timezone.from_tzid``: that one searches in steps of 64 days and so misses short
    periods (Morocco's clocks go back an hour for Ramadan, about five weeks), and it
    writes a DAYLIGHT onset in the new local time where RFC 5545 wants the old one.
    Each onset here is the local time before the change, as RFC 5545 says.
    """
    from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

    tz = zoneinfo.ZoneInfo(zone)

    def state(seconds: int) -> tuple[dt.timedelta, bool, str]:
        local = dt.datetime.fromtimestamp(seconds, tz)
        offset = local.utcoffset() or dt.timedelta(0)
        return offset, bool(local.dst()), local.tzname() or str(offset)

    moment = int(dt.datetime(first_year, 1, 1, tzinfo=_UTC).timestamp())
    stop = int(dt.datetime(last_year, 1, 1, tzinfo=_UTC).timestamp())
    current = state(moment)
    first_onset = dt.datetime.fromtimestamp(moment, tz).replace(tzinfo=None)
    # (daylight, offset before, offset after, name) -> local onsets
    observances = {(current[1], current[0], current[0], current[2]): [first_onset]}
    day = 86_400
    while moment < stop:
        if state(moment + day) == current:
            moment += day
            continue
        before, after = moment, moment + day  # the change is in (before, after]
        while after - before > 1:
            middle = (before + after) // 2
            before, after = (middle, after) if state(middle) == current else (before, middle)
        new = state(after)
        onset = dt.datetime.fromtimestamp(after, _UTC) + current[0]
        key = (new[1], current[0], new[0], new[2])
        observances.setdefault(key, []).append(onset.replace(tzinfo=None))
        current, moment = new, after

    vtimezone = Timezone()
    vtimezone.add("tzid", zone)
    for (daylight, before_offset, after_offset, name), onsets in observances.items():
        part = TimezoneDaylight() if daylight else TimezoneStandard()
        part.add("dtstart", onsets[0])
        if onsets[1:]:
            part.add("rdate", onsets[1:])
        part.add("tzoffsetfrom", before_offset)
        part.add("tzoffsetto", after_offset)
        part.add("tzname", name)
        vtimezone.add_component(part)
    return vtimezone


def _aware(name: str, value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidValue(name, value, "must carry a UTC offset", "2026-12-01T12:00:00-05:00")
    return value


def write_invite(
    *,
    uid: str,
    start: dt.datetime,
    end: dt.datetime,
    zone: str,
    summary: str,
    description: str,
    location: str | None,
    organizer: tuple[str, str | None],
    attendee: tuple[str, str | None],
    now: dt.datetime,
    sequence: int = 0,
    alarm_minutes: int = 30,
    url: str | None = None,
) -> bytes:
    """An iCalendar invite (CRLF, folded) for one meeting, as Google Calendar and Outlook read it.

    ``organizer`` and ``attendee`` are ``(name, e-mail or None)``. With both e-mails it is
    a scheduling request (RFC 5546): METHOD:REQUEST, ORGANIZER and an ATTENDEE asked to
    RSVP. A request must name both by e-mail address, so when either address is missing
    the file is a plain event instead (no METHOD, ORGANIZER or ATTENDEE), which every
    calendar imports as an ordinary entry; the names (and the address that is known) are
    then added to DESCRIPTION so nothing is lost. Times are written in ``zone`` with its
    VTIMEZONE (for the years around the meeting), DTSTAMP is ``now`` in UTC, and a
    display alarm goes off ``alarm_minutes`` before the start. ``url``: the meeting's
    video link (URL property; the caller puts it in LOCATION and DESCRIPTION too, where
    calendar apps show it).
    """
    from icalendar import Alarm, Calendar, Event

    tz = known_zone(zone)
    start, end, now = _aware("start", start), _aware("end", end), _aware("now", now)
    if end <= start:
        raise InvalidValue("end", end.isoformat(), "must be after the start", "start + 30 min")
    if alarm_minutes < 0:
        raise InvalidValue("alarm_minutes", alarm_minutes, "must be 0 or more", "30")
    local_start, local_end = start.astimezone(tz), end.astimezone(tz)
    (organizer_name, organizer_email), (attendee_name, attendee_email) = organizer, attendee
    scheduling = bool(organizer_email and attendee_email)

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    if scheduling:
        calendar.add("method", "REQUEST")
    calendar.add_component(_vtimezone(zone, local_start.year - 1, local_end.year + 2))

    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", now.astimezone(_UTC))
    event.add("dtstart", local_start)
    event.add("dtend", local_end)
    event.add("sequence", sequence)
    event.add("summary", summary)
    if scheduling:
        event.add("description", description)
        event.add("organizer", _address(organizer_name, organizer_email or ""))
        invited = _address(attendee_name, attendee_email or "")
        invited.params.update(
            {"ROLE": "REQ-PARTICIPANT", "PARTSTAT": "NEEDS-ACTION", "RSVP": "TRUE"}
        )
        event.add("attendee", invited)
    else:
        people = [f"Organizer: {_person(organizer_name, organizer_email)}"]
        people.append(f"With: {_person(attendee_name, attendee_email)}")
        event.add("description", "\n".join([description, "", *people]).strip())
    if location:
        event.add("location", location)
    if url:
        event.add("url", url)
    event.add("status", "CONFIRMED")
    event.add("transp", "OPAQUE")

    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm.add("trigger", dt.timedelta(minutes=-alarm_minutes))
    event.add_component(alarm)
    calendar.add_component(event)
    invite: bytes = calendar.to_ical()
    return invite


def _address(name: str, email: str) -> Any:
    from icalendar import vCalAddress

    address = vCalAddress(f"mailto:{email.strip()}")
    if name:
        address.params["CN"] = name
    return address


def _person(name: str, email: str | None) -> str:
    return f"{name} <{email}>" if email else name
