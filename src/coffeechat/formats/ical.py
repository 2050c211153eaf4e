"""iCalendar in and out: the user's busy time from calendar exports, and meeting invites.

``read_busy`` turns an export from Google Calendar, Outlook, Apple Calendar or any
RFC 5545 producer into busy intervals; ``coffeechat.formats.invite.write_invite``
writes the invite that Google Calendar and Outlook accept. ``icalendar``,
``recurring_ical_events`` and ``x_wr_timezone`` are imported inside the functions, so the
command line starts without them.

How exports are read (``read_busy``):

- Recurring series (RRULE, RDATE) with EXDATE and RECURRENCE-ID overrides: a moved
  occurrence is busy at its new time only, a cancelled one (STATUS:CANCELLED) not at all.
- Free time is skipped: TRANSP:TRANSPARENT, Outlook's X-MICROSOFT-CDO-BUSYSTATUS:FREE,
  cancelled events and events of zero length (a DTSTART date-time without DTEND or
  DURATION).
- All-day events (DATE values) are busy for whole days in the user's zone; floating times
  are read in X-WR-TIMEZONE when the calendar names one, else in the user's zone.
- TZIDs: IANA names; the Windows names Outlook writes ("W. Europe Standard Time") are
  mapped to their IANA zone (the VTIMEZONE block that comes with them is not needed);
  other names ("Customized Time Zone") use the file's own VTIMEZONE block; an unknown
  TZID without a block is read as floating.
- Free/busy blocks (VFREEBUSY, as a CalDAV free-busy query answers): each FREEBUSY
  period is busy, but those marked FBTYPE=FREE.
- One bad event does not lose the calendar. Empty RRULE, RDATE or EXDATE lines say
  nothing and are dropped; an RRULE with spaces (``BYDAY=MO, TU``) is mended. A
  recurrence or exception that still cannot be read (a bad RRULE, ``RDATE:20131210Z``,
  ``EXDATE:tuesday``, a series too long to expand) makes that event count once, at its
  DTSTART; an event whose time itself cannot be read (a bad or repeated DTSTART, DTEND,
  DURATION or RECURRENCE-ID, no DTSTART) is left out. Each is reported as a
  ``CalendarWarning`` naming the source, the line and the event (its summary and UID),
  at most ``MAX_WARNINGS`` of them and a count of the rest.
- Errors: the source and, where it can be found, the 1-based line. Bytes that are not
  UTF-8 (or UTF-16 with a byte order mark), text that is not iCalendar, a truncated file,
  and a calendar none of whose events can be read raise ``CalendarParseError``.
  Damage elsewhere inside an event (a bad GEO, a DESCRIPTION line broken by a careless
  exporter) is tolerated, since it does not change when the user is busy.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from coffeechat.core.errors import CalendarParseError, InvalidValue
from coffeechat.core.scheduling import Interval

if TYPE_CHECKING:
    from icalendar import Calendar, Component

__all__ = ["PRODID", "CalendarWarning", "known_zone", "read_busy", "windows_zone"]

PRODID = "-//coffeechat//coffeechat//EN"

_UTC = dt.UTC
#: The properties that decide when an event is busy: a bad value in one of them fails.
_BUSY_PROPERTIES = frozenset(
    {"DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID", "SEQUENCE"}
)
_SINGLE_PROPERTIES = ("DTSTART", "DTEND", "DURATION", "RECURRENCE-ID", "UID")
#: SECONDLY is left out on purpose: a series every second is no calendar anyone keeps,
#: and expanding two weeks of it would take minutes.
_FREQUENCIES = frozenset({"MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY"})
#: Occurrences a day per FREQ, and how many a series may have up to the window's end.
_PER_DAY = {"MINUTELY": 1440, "HOURLY": 24, "DAILY": 1, "WEEKLY": 1 / 7, "MONTHLY": 1 / 28}
_PER_DAY["YEARLY"] = 1 / 365
_MAX_REPEATS = 50_000
_NEWLINE = re.compile(r"\r?\n")
_NAME_END = re.compile(r"[;:]")
_QUOTED = re.compile(r"'([^']{3,})'")
_ZONE_EXAMPLE = "Europe/Berlin"


# -- zones ------------------------------------------------------------------------------


@cache
def _windows_table() -> dict[str, str]:
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    table = {" ".join(name.split()).casefold(): iana for name, iana in WINDOWS_TO_OLSON.items()}
    return table | dict(WINDOWS_TO_OLSON)


def windows_zone(name: str) -> str | None:
    """The IANA zone for a Windows zone name ("Eastern Standard Time"), or None."""
    table = _windows_table()
    return table.get(name) or table.get(" ".join(name.split()).casefold())


def _zone_or_none(name: str) -> zoneinfo.ZoneInfo | None:
    """The zone for an IANA or Windows name; None for names neither knows."""
    cleaned = name.strip().strip("/")
    try:
        return zoneinfo.ZoneInfo(cleaned)
    except (KeyError, ValueError, OSError):  # ZoneInfoNotFoundError is a KeyError
        pass
    iana = windows_zone(cleaned)
    return zoneinfo.ZoneInfo(iana) if iana else None


def known_zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (KeyError, ValueError, OSError):
        raise InvalidValue("zone", name, "is not an IANA time zone name", _ZONE_EXAMPLE) from None


@cache
def _prefer_iana_for_windows_names() -> None:
    """Make icalendar resolve every Windows zone name to its IANA zone, once per process.

    icalendar keeps one process-wide cache of zones by TZID and fills it with the first
    VTIMEZONE block it meets for a name it does not know, so "Eastern Standard Time"
    would mean whatever the first Outlook file said. Looking the Windows names up first
    puts their IANA zones in that cache, and a later block with the same name is ignored.
    """
    from icalendar.timezone import tzp
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    for name in WINDOWS_TO_OLSON:
        tzp.timezone(name)


# -- reading busy time ------------------------------------------------------------------

#: Warnings given in full for one file; past them, a count of the rest.
MAX_WARNINGS = 10
#: The properties that say when an event is: an event is left out when one cannot be read.
_TIME_PROPERTIES = ("DTSTART", "DTEND", "DURATION", "RECURRENCE-ID")
#: The properties that make an event repeat: when one cannot be read, it counts once.
_RECURRENCE = ("RRULE", "RDATE", "EXDATE")
_FIX = "fix or delete that event, or export the calendar again"


@dataclass(frozen=True)
class CalendarWarning:
    """A part of a calendar that could not be read, and what was done about it."""

    source: str
    line: int | None
    problem: str

    def __str__(self) -> str:
        where = f"{self.source}: line {self.line}: " if self.line is not None else ""
        return (where or f"{self.source}: ") + self.problem


@dataclass
class _Note:
    uid: str | None
    name: str | None  # the property whose line is shown (None: the event's BEGIN line)
    problem: str
    left_out: bool
    line: int | None = None


class _Reading:
    """What was wrong with one file's events. The lines that show it are looked up in one
    pass over the file, and only when something was wrong."""

    def __init__(self, text: str, source: str) -> None:
        self.text = text
        self.source = source
        self.events = 0
        self.left_out = 0
        self.notes: list[_Note] = []
        self.untold = 0

    def leave_out(
        self, event: Component, name: str | None, problem: str, line: int | None = None
    ) -> None:
        self.left_out += 1
        self._note(_Note(_uid(event), name, problem, True, line))

    def once(
        self, event: Component, name: str | None, problem: str, line: int | None = None
    ) -> None:
        _drop_recurrence(event)
        self._note(_Note(_uid(event), name, problem, False, line))

    def _note(self, note: _Note) -> None:
        if len(self.notes) < MAX_WARNINGS:
            self.notes.append(note)
        else:
            self.untold += 1

    def check(self) -> None:
        """Refuse the file when it has events and none of them can be read."""
        if not self.events or self.left_out < self.events:
            return
        first = next(note for note in self.notes if note.left_out)
        line = first.line or _event_lines(self.text, [(first.uid, first.name)])[0]
        others = self.events - 1
        rest = f" (and none of its {others} other events can be read)" if others else ""
        raise CalendarParseError(self.source, line, f"{first.problem}: {_FIX}{rest}")

    def warnings(self) -> list[CalendarWarning]:
        wanted = [(n.uid, n.name) for n in self.notes if n.line is None]
        found = iter(_event_lines(self.text, wanted) if wanted else [])
        result = []
        for note in self.notes:
            line = note.line if note.line is not None else next(found)
            done = "that event is left out" if note.left_out else "read as a single occurrence"
            result.append(CalendarWarning(self.source, line, f"{note.problem}; {done}"))
        if self.untold:
            result.append(
                CalendarWarning(
                    self.source, None, f"{self.untold} more events could not be fully read"
                )
            )
        return result


def read_busy(
    data: bytes,
    source: str,
    start: dt.datetime,
    end: dt.datetime,
    default_zone: str,
    warnings: list[CalendarWarning] | None = None,
) -> list[Interval]:
    """The busy intervals (UTC, merged, sorted, clipped to [start, end)) of an iCalendar file.

    ``source`` names the file or URL in error messages; ``default_zone`` is the user's
    IANA zone, in which all-day events and floating times are read. ``start`` and ``end``
    must be aware. Events that cannot be read in full are left out or counted once, and
    said in ``warnings`` when a list is given. Raises ``CalendarParseError`` for input
    that is not a readable calendar (or none of whose events can be read),
    ``InvalidValue`` for an unknown ``default_zone``.
    """
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("read_busy needs aware start and end datetimes")
    zone = known_zone(default_zone)
    start, end = start.astimezone(_UTC), end.astimezone(_UTC)
    text = _decode(data, source)
    reading = _Reading(text, source)
    calendars = _parse(text, reading, end.date())
    reading.check()
    spans: list[tuple[dt.datetime, dt.datetime]] = []
    if end > start:
        for calendar, floating in calendars:
            spans.extend(_calendar_busy(calendar, floating, reading, start, end, zone))
        reading.check()
    if warnings is not None:
        warnings.extend(reading.warnings())
    return _merge(spans)


def _decode(data: bytes, source: str) -> str:
    codec = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1 if codec != "utf-16" else None
        raise CalendarParseError(
            source,
            line,
            f"is not UTF-8 text (byte 0x{data[exc.start]:02X} at offset {exc.start}): "
            "iCalendar files are UTF-8; export the calendar again, or save the file as UTF-8",
        ) from None


def _parse(text: str, reading: _Reading, last: dt.date) -> list[tuple[Calendar, bool]]:
    """The file's calendars, each with whether it has floating times."""
    from icalendar import Calendar

    source = reading.source
    body = text.lstrip()
    if not body:
        raise CalendarParseError(source, None, "is empty: export the calendar again")
    first_number = text.count("\n", 0, len(text) - len(body)) + 1
    first = _NEWLINE.split(body, maxsplit=1)[0]
    if first.lstrip().startswith("<"):
        raise CalendarParseError(
            source,
            first_number,
            "is a web page (HTML), not an iCalendar file: check the address, or use the "
            "calendar's secret iCal/ICS link",
        )
    if first.strip().upper() != "BEGIN:VCALENDAR":
        raise CalendarParseError(
            source,
            first_number,
            # What the file holds is never quoted: it may be anything (/etc/passwd, a
            # server's private answer), and the name and the line are enough to look.
            "is not an iCalendar (.ics) file: it does not start with BEGIN:VCALENDAR",
        )
    _prefer_iana_for_windows_names()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. guessed vendor-prefixed TZIDs
            components = Calendar.from_ical(text, multiple=True)
    except Exception as exc:  # icalendar raises many kinds for damaged input
        raise _structure_error(text, source, exc) from None
    # icalendar silently drops a component that never ends (a cut-off download).
    truncated = _truncation_error(text, source)
    if truncated is not None:
        raise truncated
    calendars = [c for c in components if c.name == "VCALENDAR"]
    if not calendars:
        raise _structure_error(text, source, ValueError("no complete VCALENDAR")) from None
    checked = []
    for calendar in calendars:
        scale = calendar.get("CALSCALE")
        if scale is not None and str(scale).strip().upper() != "GREGORIAN":
            raise CalendarParseError(
                source,
                _first_line(text, "CALSCALE"),
                f"uses CALSCALE:{scale}; only the Gregorian calendar is supported",
            )
        checked.append((calendar, _check_events(calendar, reading, last)))
    return checked


def _check_events(calendar: Component, reading: _Reading, last: dt.date) -> bool:
    """Mend or set aside the events whose busy time cannot be read as they are.

    Returns whether any event kept starts or ends at a floating time. This runs for every
    event of the file, so it reads properties with ``dict.get`` (icalendar stores their
    names in upper case) instead of the slower case-insensitive lookup; the rest runs for
    damaged events only.
    """
    get = dict.get
    floating = False
    out: set[int] = set()
    unsplit: list[Component] = []
    for event in calendar.walk("VEVENT"):
        reading.events += 1
        if event.errors:
            if any(name is None for name, _ in event.errors):
                unsplit.append(event)  # after the others: one scan of the file finds them all
                continue
            if not _mend_values(event, reading, last):
                out.add(id(event))
                continue
        if not _check_event(event, reading, last):
            out.add(id(event))
            continue
        if not floating:
            floating = _floats(
                get(event, "DTSTART"), get(event, "DTEND"), get(event, "RECURRENCE-ID")
            )
            for name in ("EXDATE", "RDATE"):
                dates = get(event, name)
                for listed in dates if isinstance(dates, list) else [dates] if dates else []:
                    floating = floating or _floats(*getattr(listed, "dts", ()))
    if unsplit:
        lines = _unsplit_lines(reading.text)
        for event in unsplit:
            kept = _mend_unsplit(event, lines, reading) and _mend_values(event, reading, last)
            if not kept or not _check_event(event, reading, last):
                out.add(id(event))
            elif not floating:
                floating = _floats(get(event, "DTSTART"), get(event, "DTEND"))
    if out:
        _remove(calendar, out)
    return floating


def _check_event(event: Component, reading: _Reading, last: dt.date) -> bool:
    """Whether an event can be read (mending its recurrence if need be); said if not."""
    get = dict.get
    for name in _SINGLE_PROPERTIES:
        if isinstance(get(event, name), list):
            reading.leave_out(event, name, f"{name} appears more than once in {_called(event)}")
            return False
    if get(event, "DTSTART") is None:
        reading.leave_out(event, None, f"{_called(event)} has no DTSTART")
        return False
    rules = get(event, "RRULE")
    if rules is None:
        return True
    listed = [r for r in (rules if isinstance(rules, list) else [rules]) if not _empty(r)]
    if not listed:
        del event["RRULE"]  # an empty RRULE: no recurrence
        return True
    for rule in listed:
        problem = _rule_problem(rule, event, last)
        if problem is not None:
            reading.once(event, "RRULE", f"RRULE of {_called(event)} {problem}")
            return True
    if len(listed) != (len(rules) if isinstance(rules, list) else 1):
        event["RRULE"] = listed[0] if len(listed) == 1 else listed
    return True


def _empty(rule: Any) -> bool:
    """An RRULE with nothing in it (``RRULE:``), which says there is no recurrence."""
    return isinstance(rule, dict) and not rule


def _mend_values(event: Component, reading: _Reading, last: dt.date) -> bool:
    """Mend the bad values icalendar kept as "broken"; False when the event's time itself
    cannot be read (it is left out)."""
    named = [(name, message) for name, message in event.errors if name is not None]
    for name, message in named:
        if name in _TIME_PROPERTIES:
            bad = f"{name} has a bad value ({_short(message, 120)}) in {_called(event)}"
            reading.leave_out(event, name, bad)
            return False
    names = {name for name, _ in named}
    for name in _RECURRENCE:
        if name in names and name in event and not _mend_list(event, name):
            message = next(m for n, m in named if n == name)
            bad = f"{name} of {_called(event)} cannot be read ({_short(message, 120)})"
            reading.once(event, name, bad)
            break
    if "SEQUENCE" in names:
        event.pop("SEQUENCE", None)  # decides which copy of an event wins, not when
    return True


def _mend_list(event: Component, name: str) -> bool:
    """Drop empty values of a recurrence property and mend what a calendar app would (the
    spaces in ``BYDAY=MO, TU``); False when a value still cannot be read."""
    from icalendar.prop import vBroken, vRecur

    values = dict.get(event, name)
    kept = []
    for value in values if isinstance(values, list) else [values]:
        if not isinstance(value, vBroken):
            kept.append(value)
            continue
        raw = str(value).strip()
        if not raw:
            continue  # an empty RDATE, EXDATE or RRULE says nothing
        if name != "RRULE":
            return False
        try:
            kept.append(vRecur.from_ical("".join(raw.split())))
        except Exception:
            return False
    if not kept:
        del event[name]
    else:
        event[name] = kept[0] if len(kept) == 1 else kept
    return True


def _mend_unsplit(
    event: Component, lines: dict[str | None, tuple[int, str]], reading: _Reading
) -> bool:
    """An event with a line icalendar could not split: when it is a busy property, the
    event counts once (a recurrence line) or is left out (a time line); False for the latter."""
    uid = _uid(event)
    found = lines.get(uid.strip() if uid else None)
    if found is None:
        return True
    number, line = found
    name = next((n for n in _BUSY_PROPERTIES if line.upper().startswith(n)), None)
    problem = f"cannot read {_short(line)!r} (expected NAME;PARAMS:VALUE) in {_called(event)}"
    if name in _RECURRENCE:
        reading.once(event, name, problem, number)
    elif name in _TIME_PROPERTIES:
        reading.leave_out(event, name, problem, number)
        return False
    return True


def _drop_recurrence(event: Component) -> None:
    for name in _RECURRENCE:
        event.pop(name, None)


def _remove(component: Component, ids: set[int]) -> None:
    """Take the components with these ids out of ``component`` and its subcomponents."""
    component.subcomponents = [c for c in component.subcomponents if id(c) not in ids]
    for sub in component.subcomponents:
        if sub.subcomponents:
            _remove(sub, ids)


def _called(event: Component) -> str:
    """How messages name an event: ``event 'Standup' (UID 1234@example.org)``."""
    summary = dict.get(event, "SUMMARY")
    if isinstance(summary, list):
        summary = summary[0] if summary else None
    uid = _uid(event)
    named = " ".join(str(summary).split()) if summary is not None else ""
    if named and uid:
        return f"event {_short(named, 60)!r} (UID {_short(uid.strip(), 60)})"
    if named:
        return f"event {_short(named, 60)!r} (no UID)"
    return f"event {_short(uid.strip(), 60)!r}" if uid else "an event without UID or summary"


def _floats(*values: Any) -> bool:
    """Whether one of these property values is a floating (naive) date-time."""
    for value in values:
        moment = getattr(value, "dt", None)
        if isinstance(moment, dt.datetime) and moment.tzinfo is None:
            return True
    return False


def _first(rule: Any, key: str) -> Any:
    values = rule.get(key) if hasattr(rule, "get") else None
    return values[0] if isinstance(values, list) and values else values


def _date(value: dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _rule_problem(rule: Any, event: Component, last: dt.date) -> str | None:
    """Why a recurrence rule cannot be expanded, or None.

    recurring_ical_events (dateutil) walks a series from its DTSTART, about 0.1 ms per
    occurrence, so a daily series starting in the year 202 (a typo) would take minutes:
    such series are refused with a message rather than hanging the command.
    """
    freq = _first(rule, "FREQ")
    if str(freq).upper() not in _FREQUENCIES:
        found = "has no FREQ" if freq is None else f"has FREQ={freq}"
        return (
            f"{found}; expected one of MINUTELY, HOURLY, DAILY, WEEKLY, MONTHLY, YEARLY "
            "(e.g. FREQ=WEEKLY;BYDAY=MO)"
        )
    start = getattr(event.get("DTSTART"), "dt", None)
    until = _first(rule, "UNTIL")
    interval, count = _first(rule, "INTERVAL"), _first(rule, "COUNT")
    if interval is not None and (not isinstance(interval, int) or interval < 1):
        # dateutil loops for ever on INTERVAL=0
        return f"has INTERVAL={interval}; expected a whole number from 1 (e.g. INTERVAL=2)"
    if not isinstance(start, dt.date):
        return None
    last = min(last, _date(until)) if isinstance(until, dt.date) else last
    days = (last - _date(start)).days + 1
    repeats = int(max(0, days) * _PER_DAY[str(freq).upper()])
    if isinstance(interval, int) and interval > 1:
        repeats //= interval
    if isinstance(count, int) and count >= 0:
        repeats = min(repeats, count)
    if repeats > _MAX_REPEATS:
        return (
            f"repeats about {repeats:,} times from {start.isoformat()} on, too many to "
            "expand: check the DTSTART year, or end the series with UNTIL or COUNT"
        )
    return None


def _calendar_busy(
    calendar: Calendar,
    floating: bool,
    reading: _Reading,
    start: dt.datetime,
    end: dt.datetime,
    zone: zoneinfo.ZoneInfo,
) -> list[tuple[dt.datetime, dt.datetime]]:
    import x_wr_timezone  # type: ignore[import-untyped]

    spans = _free_busy(calendar, start, end)
    try:
        named = calendar.get("X-WR-TIMEZONE")
        wr_zone = _zone_or_none(str(named)) if named is not None else None
        # X-WR-TIMEZONE changes floating times only (its UTC→zone step keeps every
        # instant), and copying every event costs a quarter of the parse: skip it when
        # nothing floats.
        if wr_zone is not None and floating:
            calendar = x_wr_timezone.to_standard(calendar, timezone=wr_zone)
        own_zones = _own_zones(calendar)
        # Custom zones are swapped in after expansion and can move an event by hours:
        # query a day wider on both sides, then clip.
        margin = dt.timedelta(days=1) if own_zones else dt.timedelta(0)
        return spans + _expand(calendar, start, end, margin, zone, own_zones)
    except Exception:  # recurring_ical_events and dateutil raise many kinds
        return spans + _expand_each(calendar, reading, start, end, zone)


def _own_zones(calendar: Component) -> dict[int, dt.tzinfo]:
    """This file's VTIMEZONE blocks for TZIDs that are neither IANA nor Windows names.

    icalendar caches such zones process-wide under their TZID, so a second file with a
    different "Customized Time Zone" would be read with the first file's block. The map
    goes from the cached zone (by identity) to the zone built from this file's block.
    """
    from icalendar.timezone import tzp

    result: dict[int, dt.tzinfo] = {}
    for block in calendar.walk("VTIMEZONE"):
        tzid = str(block.get("TZID", ""))
        if not tzid or _zone_or_none(tzid) is not None:
            continue
        used = tzp.timezone(tzid)
        if used is not None:
            result[id(used)] = block.to_tz(lookup_tzid=False)
    return result


def _expand(
    calendar: Component,
    start: dt.datetime,
    end: dt.datetime,
    margin: dt.timedelta,
    zone: zoneinfo.ZoneInfo,
    own_zones: dict[int, dt.tzinfo],
) -> list[tuple[dt.datetime, dt.datetime]]:
    from recurring_ical_events import CalendarQuery  # type: ignore[import-untyped]

    # A span in the user's zone makes recurring_ical_events read dates and floating
    # times in that zone too, so the library's own overlap test agrees with ours.
    query_start = start.astimezone(zone) - margin
    query_end = end.astimezone(zone) + margin
    spans = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        occurrences = CalendarQuery(calendar).between(query_start, query_end)
    for occurrence in occurrences:
        if _is_free(occurrence):
            continue
        busy_start = _instant(occurrence["DTSTART"].dt, zone, own_zones)
        busy_end = _instant(occurrence["DTEND"].dt, zone, own_zones)
        busy_start, busy_end = max(busy_start, start), min(busy_end, end)
        if busy_start < busy_end:
            spans.append((busy_start, busy_end))
    return spans


def _free_busy(
    calendar: Component, start: dt.datetime, end: dt.datetime
) -> list[tuple[dt.datetime, dt.datetime]]:
    """The busy periods of the calendar's VFREEBUSY blocks (all but FBTYPE=FREE)."""
    spans = []
    for block in calendar.subcomponents:  # top-level only: walking every event costs
        if block.name != "VFREEBUSY":
            continue
        periods = dict.get(block, "FREEBUSY")
        for period in periods if isinstance(periods, list) else [periods] if periods else []:
            kind = str(getattr(period, "params", {}).get("FBTYPE", "BUSY")).upper()
            value = getattr(period, "dt", None)
            if kind == "FREE" or not isinstance(value, tuple) or len(value) != 2:
                continue
            first, last = value
            if not isinstance(first, dt.datetime) or first.tzinfo is None:
                continue  # RFC 5545: periods of free/busy time are in UTC
            if isinstance(last, dt.timedelta):
                last = first + last
            if not isinstance(last, dt.datetime) or last.tzinfo is None:
                continue
            busy_start, busy_end = (
                max(first.astimezone(_UTC), start),
                min(last.astimezone(_UTC), end),
            )
            if busy_start < busy_end:
                spans.append((busy_start, busy_end))
    return spans


def _expand_each(
    calendar: Component,
    reading: _Reading,
    start: dt.datetime,
    end: dt.datetime,
    zone: zoneinfo.ZoneInfo,
) -> list[tuple[dt.datetime, dt.datetime]]:
    """Expand the events one UID at a time, after the calendar failed as a whole: an
    event whose series cannot be expanded counts once, or is left out when even that
    fails (the error path only: this is slower)."""
    from icalendar import Calendar

    by_uid: dict[str | None, list[Component]] = defaultdict(list)
    for event in calendar.walk("VEVENT"):
        by_uid[_uid(event)].append(event)
    try:
        own_zones = _own_zones(calendar)
    except Exception:
        own_zones = {}
    margin = dt.timedelta(days=1)
    spans: list[tuple[dt.datetime, dt.datetime]] = []
    for events in by_uid.values():
        alone = Calendar()
        for event in events:
            alone.add_component(event)
        try:
            spans += _expand(alone, start, end, margin, zone, own_zones)
            continue
        except Exception as failure:
            kind = type(failure).__name__
            name = {"BadRuleStringFormat": "RRULE", "PeriodEndBeforeStart": "DTEND"}.get(kind)
            problem = f"{_called(events[0])} cannot be read ({_short(str(failure), 160)})"
        for event in events:
            _drop_recurrence(event)
        try:
            spans += _expand(alone, start, end, margin, zone, own_zones)
        except Exception:
            for event in events:
                reading.leave_out(event, name, problem)
        else:
            reading.once(events[0], name, problem)
    return spans


def _is_free(event: Component) -> bool:
    for name, free in (
        ("STATUS", "CANCELLED"),
        ("TRANSP", "TRANSPARENT"),
        ("X-MICROSOFT-CDO-BUSYSTATUS", "FREE"),
    ):
        value = event.get(name)
        if value is not None and str(value).strip().upper() == free:
            return True
    return False


def _instant(
    value: object, zone: zoneinfo.ZoneInfo, own_zones: dict[int, dt.tzinfo]
) -> dt.datetime:
    """An aware UTC datetime for a DTSTART/DTEND value (date, floating or zoned)."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=zone)
        elif own_zones:
            own = own_zones.get(id(value.tzinfo))
            if own is not None:
                value = value.replace(tzinfo=own)
        return value.astimezone(_UTC)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(), tzinfo=zone).astimezone(_UTC)
    raise ValueError(f"expected a date or date-time, got {value!r}")


def _merge(spans: Iterable[tuple[dt.datetime, dt.datetime]]) -> list[Interval]:
    merged: list[list[dt.datetime]] = []
    for busy_start, busy_end in sorted(spans):
        if merged and busy_start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], busy_end)
        else:
            merged.append([busy_start, busy_end])
    return [Interval(s, e) for s, e in merged]


def _uid(event: Component) -> str | None:
    uid = event.get("UID")
    if isinstance(uid, list):  # a damaged file can repeat it
        uid = uid[0] if uid else None
    return None if uid is None else str(uid)


# -- finding the line of an error (only ever on the error path) --------------------------


def _content_lines(text: str) -> list[tuple[int, str]]:
    """Unfolded content lines with the 1-based number of the physical line each starts on."""
    result: list[tuple[int, str]] = []
    for number, raw in enumerate(_NEWLINE.split(text), start=1):
        if raw[:1] in (" ", "\t") and result:
            first, line = result[-1]
            result[-1] = (first, line + raw[1:])
        elif raw.strip():
            result.append((number, raw))
    return result


def _name(line: str) -> str:
    return _NAME_END.split(line, maxsplit=1)[0].strip().upper()


def _short(line: str, limit: int = 60) -> str:
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _first_line(text: str, name: str) -> int | None:
    for number, line in _content_lines(text):
        if _name(line) == name:
            return number
    return None


def _event_lines(text: str, wanted: list[tuple[str | None, str | None]]) -> list[int | None]:
    """For each (UID, property): the line of that property in the first event with that
    UID that has it, else that event's BEGIN line (None UID: an event without one). One
    pass over the file, however many are wanted."""
    keys = [(uid.strip() if uid else None, name) for uid, name in wanted]
    found: dict[tuple[str | None, str | None], int] = {}
    fallback: dict[tuple[str | None, str | None], int] = {}
    stack: list[str] = []
    begin = 0
    uids: set[str] = set()
    properties: dict[str, int] = {}
    for number, line in _content_lines(text):
        key = _name(line)
        value = line.split(":", 1)[1].strip() if ":" in line else ""
        if key == "BEGIN":
            stack.append(value.upper())
            if stack[-1] == "VEVENT":
                begin, uids, properties = number, set(), {}
        elif key == "END":
            if stack and stack.pop() == "VEVENT":
                ids: set[str | None] = set(uids) if uids else {None}
                for uid, name in keys:
                    if uid in ids and (uid, name) not in found:
                        if name is not None and name in properties:
                            found[(uid, name)] = properties[name]
                        else:
                            fallback.setdefault((uid, name), begin)
        elif stack and stack[-1] == "VEVENT":
            if key == "UID":
                uids.add(value)
            else:
                properties.setdefault(key, number)
    return [found.get(k, fallback.get(k)) for k in keys]


def _event_line(text: str, uid: str | None, name: str | None) -> int | None:
    """The line of property ``name`` in the event with ``uid`` (its BEGIN line if absent)."""
    return _event_lines(text, [(uid, name)])[0]


def _unsplit_lines(text: str) -> dict[str | None, tuple[int, str]]:
    """The first busy-property line icalendar cannot split in each event, by the event's
    UID (None: an event without one)."""
    result: dict[str | None, tuple[int, str]] = {}
    stack: list[str] = []
    broken: tuple[int, str] | None = None
    uid: str | None = None
    for number, line in _content_lines(text):
        key = _name(line)
        if key in ("BEGIN", "END") and ":" in line:
            value = line.split(":", 1)[1].strip().upper()
            if key == "BEGIN":
                stack.append(value)
                if value == "VEVENT":
                    broken, uid = None, None
            elif stack and stack.pop() == "VEVENT" and broken is not None:
                result.setdefault(uid, broken)
        elif stack and stack[-1] == "VEVENT":
            if key == "UID" and ":" in line:
                uid = line.split(":", 1)[1].strip()
            elif (
                broken is None
                and any(line.upper().startswith(name) for name in _BUSY_PROPERTIES)
                and not _parts(line)
            ):
                broken = (number, line)
    return result


def _parts(line: str) -> tuple[str, Any, str] | None:
    """(NAME, params, value) of a content line as icalendar splits it; None if it cannot."""
    from icalendar.parser import Contentline

    try:
        name, params, value = Contentline(line).parts()  # type: ignore[no-untyped-call]
    except Exception:
        return None
    return str(name).upper(), params, str(value)


def _value_problem(name: str, params: Any, value: str) -> str | None:
    """Why icalendar cannot read this property value, or None when it can."""
    from icalendar import Component

    if name in {"BEGIN", "END"} or name.startswith("X-"):
        return None
    try:
        factory: Any = Component.types_factory.for_property(name, params.value)
        factory.from_ical(value)
    except Exception as exc:
        return str(exc)
    return None


def _unclosed_component(lines: list[tuple[int, str]]) -> tuple[int, str] | None:
    stack: list[tuple[int, str]] = []
    for number, line in lines:
        key = _name(line)
        value = line.split(":", 1)[1].strip().upper() if ":" in line else ""
        if key == "BEGIN":
            stack.append((number, value))
        elif key == "END" and stack:
            stack.pop()
    return stack[-1] if stack else None


def _truncation_error(text: str, source: str) -> CalendarParseError | None:
    """The error for a file cut off before its last END, or None (cheap when it is whole)."""
    if _NEWLINE.split(text[-64:].rstrip())[-1].strip().upper() == "END:VCALENDAR":
        return None
    unclosed = _unclosed_component(_content_lines(text))
    if unclosed is None:
        return None
    number, name = unclosed
    return CalendarParseError(
        source,
        number,
        f"BEGIN:{name} is never closed: the file ends before END:{name} "
        "(was the download cut off?); export the calendar again",
    )


def _structure_error(text: str, source: str, exc: Exception) -> CalendarParseError:
    """Explain why icalendar refused the file, at the first line that shows it."""
    truncated = _truncation_error(text, source)
    if truncated is not None:
        return truncated
    lines = _content_lines(text)
    stack: list[tuple[int, str]] = []
    for number, line in lines:
        parts = _parts(line)
        if parts is None:
            if stack and stack[-1][1] == "VEVENT":
                continue  # icalendar tolerates these inside events
            return CalendarParseError(
                source,
                number,
                f"cannot read {_short(line)!r} (expected NAME;PARAMS:VALUE): "
                "export the calendar again",
            )
        key, params, value = parts
        tzid_problem = _tzid_problem(params)
        if tzid_problem is not None:
            return CalendarParseError(source, number, tzid_problem)
        if key == "BEGIN":
            stack.append((number, value.strip().upper()))
        elif key == "END":
            name = value.strip().upper()
            if not stack:
                return CalendarParseError(
                    source, number, f"END:{name} without a BEGIN: export the calendar again"
                )
            begun, open_name = stack.pop()
            if name != open_name:
                return CalendarParseError(
                    source,
                    number,
                    f"END:{name} does not close BEGIN:{open_name} (line {begun}): "
                    "export the calendar again",
                )
        elif not stack and key != "X-COMMENT":
            return CalendarParseError(
                source,
                number,
                "this line is outside BEGIN:VCALENDAR … END:VCALENDAR: export the calendar again",
            )
        elif stack and stack[-1][1] != "VEVENT":  # icalendar tolerates bad values in events
            problem = _value_problem(key, params, value)
            if problem is not None:
                return CalendarParseError(
                    source,
                    number,
                    f"{key} has a bad value ({_short(problem, 120)}): fix or delete that line, "
                    "or export the calendar again",
                )
    block_error = _timezone_block_error(lines, source)
    if block_error is not None:
        return block_error
    message = _short(str(exc), 200)
    quoted = _QUOTED.search(str(exc))
    if quoted:
        for number, line in lines:
            if quoted.group(1) in line:
                return CalendarParseError(source, number, f"{message}: fix or delete that line")
    return CalendarParseError(source, None, f"is not a readable calendar ({message})")


def _tzid_problem(params: Any) -> str | None:
    """Why a TZID parameter breaks icalendar's zone lookup (not: is unknown), or None."""
    from icalendar.timezone import tzp

    tzid = params.get("TZID") if hasattr(params, "get") else None
    if not tzid:
        return None
    try:
        tzp.timezone(str(tzid))
    except Exception as exc:  # e.g. TZID=America: the zoneinfo folder is a directory
        return f"TZID={_short(str(tzid))!r} is not a time zone ({_short(str(exc), 100)})"
    return None


def _timezone_block_error(lines: list[tuple[int, str]], source: str) -> CalendarParseError | None:
    """The first VTIMEZONE block that icalendar cannot turn into a zone, at its bad line."""
    from icalendar import Timezone

    block: list[tuple[int, str]] = []
    for number, line in lines:
        upper = line.strip().upper()
        if upper == "BEGIN:VTIMEZONE":
            block = [(number, line)]
        elif block:
            block.append((number, line))
            if upper != "END:VTIMEZONE":
                continue
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    parsed = Timezone.from_ical("\r\n".join(text for _, text in block))
                    if isinstance(parsed, Timezone):
                        parsed.to_tz(lookup_tzid=False)
            except Exception as exc:
                message = str(exc)
                named = [n for n, text in block[1:-1] if _name(text) and _name(text) in message]
                return CalendarParseError(
                    source,
                    named[0] if named else block[0][0],
                    f"this VTIMEZONE cannot be read ({_short(message, 120)}): "
                    "export the calendar again",
                )
            block = []
    return None
