"""The proposal engine: three varied times in the next week, around both people.

Pure: everything it needs (now, both sides' hours, zones and holidays, the user's busy
time) comes in as values. DOMAIN.md step 3 says what a good set of options looks like.

The rules ``propose`` keeps, for every option it returns:

- It starts at least ``min_notice`` (36 h) from now and ends at most ``days`` (7) days
  from now. It lasts ``duration`` (30 min), except a ``flexible`` option: a window of
  2 to 3 hours (never shorter than ``duration``) for the contact to pick a time in.
- It lies within one local day of the contact (in their zone) and within one interval of
  the user's availability on the user's local day (in the user's zone). It never
  straddles a clock change in either zone, and its local start exists (a time skipped
  by daylight saving is never offered).
- It is free of the user's busy time, and its local date is not a holiday on either side
  (each side's holidays are dates in that side's zone).
- Its kind, in the contact's local time:
  ``lunch`` lies within 12:00-13:30; ``after-work`` starts 0-60 min after their working
  day ends; ``before-work`` ends 0-30 min before it starts (these three only on a day
  they work); ``flexible`` lies within 07:00-21:00 on a day they work, working hours
  included (it leaves the choice to them); ``weekend`` is a daytime slot
  (09:00-18:00) on their Saturday or Sunday, only when weekends are allowed (by default:
  when the user's availability has Saturday or Sunday hours). Apart from ``lunch`` and
  ``flexible``, no option overlaps their working hours.
- The options fall on different local days of the contact, no two start at the same
  local clock time, and their kinds vary: lunch, after-work and flexible first, then
  before-work and weekend; a kind repeats only when nothing else fits (with a warning).

Candidate times step by 15 minutes (after-work and before-work from the edges of the
working day). The choice among candidates is in ``coffeechat.core.slots``. The same
request always gives the same proposal. Fewer options than asked, or none, come with a
warning that says why and how to look further.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from bisect import bisect_right
from dataclasses import dataclass, field
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from coffeechat.core.errors import InvalidValue
from coffeechat.core.hours import DAYS, WeeklyHours, format_hours
from coffeechat.core.slots import choose


class OptionKind(StrEnum):
    """The kinds of slot offered, so that the options differ."""

    LUNCH = "lunch"
    AFTER_WORK = "after-work"
    BEFORE_WORK = "before-work"
    FLEXIBLE = "flexible"
    WEEKEND = "weekend"


#: The kinds in order of preference: a mix of the first three is the classic proposal.
PREFERENCE = (
    OptionKind.LUNCH,
    OptionKind.AFTER_WORK,
    OptionKind.FLEXIBLE,
    OptionKind.BEFORE_WORK,
    OptionKind.WEEKEND,
)
LUNCH_WINDOW = (12 * 60, 13 * 60 + 30)  # minutes of the contact's day
WEEKEND_DAYTIME = (9 * 60, 18 * 60)
AFTER_WORK_DELAYS = (30, 15, 45, 0, 60)  # minutes after work ends, best first
BEFORE_WORK_GAPS = (15, 30, 0)  # minutes between the end and the start of work, best first
FLEXIBLE_DAYTIME = (7 * 60, 21 * 60)  # a window they can use, not the middle of their night
FLEXIBLE_SHORTEST = 120
FLEXIBLE_LONGEST = 180
STEP = 15
MAX_COUNT = 10
MAX_DAYS = 90
_DAY = dt.timedelta(days=1)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True, order=True)
class Interval:
    """A span of time between two aware instants (start inclusive, end exclusive)."""

    start: dt.datetime
    end: dt.datetime


@dataclass(frozen=True)
class Side:
    """One person's side: zone, weekly hours (availability or working hours), holidays."""

    zone: str
    hours: WeeklyHours
    holidays: frozenset[dt.date] = frozenset()


@dataclass(frozen=True)
class ProposalRequest:
    """What the engine needs to choose options."""

    now: dt.datetime
    user: Side  # hours = when the user can meet
    contact: Side  # hours = the contact's working hours
    busy: tuple[Interval, ...] = ()
    count: int = 3
    days: int = 7
    duration: dt.timedelta = dt.timedelta(minutes=30)
    min_notice: dt.timedelta = dt.timedelta(hours=36)
    allow_weekends: bool | None = None  # None: when the user's hours have Sat or Sun

    @property
    def weekends_allowed(self) -> bool:
        """Whether `weekend` options may be offered."""
        if self.allow_weekends is None:
            return allows_weekends(self.user.hours)
        return self.allow_weekends


@dataclass(frozen=True)
class Option:
    """One offered slot. For `flexible`, start..end is the window they pick a time in.

    ``start`` and ``end`` are aware and expressed in the contact's zone.
    """

    start: dt.datetime
    end: dt.datetime
    kind: OptionKind
    reason: str


@dataclass
class Proposal:
    """The chosen options, best mix first, and warnings when fewer than asked fit."""

    options: list[Option] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def allows_weekends(hours: WeeklyHours) -> bool:
    """Whether weekly availability includes Saturday or Sunday."""
    return bool(hours.on(5) or hours.on(6))


def local_instant(day: dt.date, minute: int, zone: ZoneInfo) -> dt.datetime | None:
    """The UTC instant of ``minute`` past local midnight of ``day`` in ``zone``.

    None when the local clock skips that time (a daylight-saving gap). In a repeated hour
    the first occurrence is meant. ``minute`` may reach 1440 (the next midnight).
    """
    day += dt.timedelta(days=minute // 1440)
    minute %= 1440
    local = dt.datetime.combine(day, dt.time(minute // 60, minute % 60), tzinfo=zone)
    instant = local.astimezone(dt.UTC)
    if _wall(instant, zone) != local.replace(tzinfo=None):
        return None
    return instant


def propose(request: ProposalRequest) -> Proposal:
    """Choose up to ``request.count`` varied options; warn when fewer fit."""
    frame = _frame(request)
    candidates = _candidates(frame)
    chosen = sorted(choose(candidates, request.count), key=lambda c: c.start)
    options = [
        Option(
            c.start.astimezone(frame.contact_zone),
            c.end.astimezone(frame.contact_zone),
            c.kind,
            _reason(frame, c),
        )
        for c in chosen
    ]
    warnings: list[str] = []
    if not options:
        warnings.append(_why_none(frame))
    elif len(options) < request.count:
        warnings.append(_shortfall(request, len(options)))
    kinds = [o.kind for o in options]
    if len(set(kinds)) < len(kinds):
        warnings.append(_repeats(kinds))
    return Proposal(options, warnings)


# -- the frame: a checked request and what follows from it ---------------------------------


@dataclass(frozen=True)
class _Frame:
    request: ProposalRequest
    user_zone: ZoneInfo
    contact_zone: ZoneInfo
    earliest: dt.datetime  # UTC
    latest: dt.datetime  # UTC
    busy_starts: tuple[dt.datetime, ...]  # merged busy time, UTC, sorted
    busy_ends: tuple[dt.datetime, ...]
    weekends: bool
    minutes: int  # the meeting's length


def _zone(name: str, field_name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidValue(
            field_name, name, "not a known IANA time zone", "Europe/London"
        ) from None


def _frame(request: ProposalRequest) -> _Frame:
    if request.now.utcoffset() is None:
        raise InvalidValue("now", request.now, "needs a UTC offset", "2026-03-02T09:00:00+00:00")
    if not 1 <= request.count <= MAX_COUNT:
        raise InvalidValue("count", request.count, f"must be 1 to {MAX_COUNT}", "3")
    if not 1 <= request.days <= MAX_DAYS:
        raise InvalidValue("days", request.days, f"must be 1 to {MAX_DAYS}", "7")
    minutes, rest = divmod(request.duration, dt.timedelta(minutes=1))
    if rest or not 1 <= minutes <= 1440:
        raise InvalidValue(
            "duration", request.duration, "must be whole minutes, at most 24 h", "30"
        )
    if request.min_notice < dt.timedelta(0):
        raise InvalidValue("min_notice", request.min_notice, "cannot be negative", "36 h")
    now = request.now.astimezone(dt.UTC)
    earliest, latest = now + request.min_notice, now + dt.timedelta(days=request.days)
    spans: list[tuple[dt.datetime, dt.datetime]] = []
    for busy in request.busy:
        if busy.start.utcoffset() is None or busy.end.utcoffset() is None:
            raise InvalidValue("busy", busy, "needs aware instants", "an Interval in UTC")
        start, end = busy.start.astimezone(dt.UTC), busy.end.astimezone(dt.UTC)
        if start < latest and end > earliest and start < end:
            spans.append((start, end))
    merged: list[tuple[dt.datetime, dt.datetime]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return _Frame(
        request,
        _zone(request.user.zone, "user zone"),
        _zone(request.contact.zone, "contact zone"),
        earliest,
        latest,
        tuple(s for s, _ in merged),
        tuple(e for _, e in merged),
        request.weekends_allowed,
        minutes,
    )


def _wall(instant: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """The naive local wall-clock time of an instant."""
    return instant.astimezone(zone).replace(tzinfo=None)


def _at(day: dt.date, minute: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=minute)


# -- candidates ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Candidate:
    kind_rank: int
    day: dt.date  # the contact's local day
    clock: dt.time  # the contact's local start
    rank: int  # 0 = the best time of its kind
    start: dt.datetime  # UTC
    end: dt.datetime

    @property
    def kind(self) -> OptionKind:
        return PREFERENCE[self.kind_rank]


def _fits(
    frame: _Frame, day: dt.date, start: dt.datetime, end: dt.datetime, busy: bool, holidays: bool
) -> bool:
    """The rules every kind shares (see the module docstring)."""
    if start < frame.earliest or end > frame.latest:
        return False
    span = end - start
    cs, ce = _wall(start, frame.contact_zone), _wall(end, frame.contact_zone)
    if ce - cs != span or cs.date() != day or ce > _at(day, 1440):
        return False
    us, ue = _wall(start, frame.user_zone), _wall(end, frame.user_zone)
    if ue - us != span:
        return False
    user_day = us.date()
    if not any(
        _at(user_day, a) <= us and ue <= _at(user_day, b)
        for a, b in frame.request.user.hours.on(user_day.weekday())
    ):
        return False
    if holidays and (
        day in frame.request.contact.holidays or user_day in frame.request.user.holidays
    ):
        return False
    if busy:
        i = bisect_right(frame.busy_ends, start)
        if i < len(frame.busy_starts) and frame.busy_starts[i] < end:
            return False
    return True


def _candidates(frame: _Frame, busy: bool = True, holidays: bool = True) -> list[_Candidate]:
    """Every valid slot of every kind, day by day in the contact's zone."""
    out: list[_Candidate] = []
    day = _wall(frame.earliest, frame.contact_zone).date()
    last = _wall(frame.latest, frame.contact_zone).date()
    while day <= last:
        out.extend(_day_candidates(frame, day, busy, holidays))
        day += _DAY
    return out


def _day_candidates(frame: _Frame, day: dt.date, busy: bool, holidays: bool) -> list[_Candidate]:
    zone, length = frame.contact_zone, frame.minutes
    work = frame.request.contact.hours.on(day.weekday())
    out: list[_Candidate] = []

    def add(kind: OptionKind, minute: int, rank: int, span: int = length) -> bool:
        if minute < 0 or minute >= 1440:
            return False
        start = local_instant(day, minute, zone)
        if start is None:
            return False
        end = start + dt.timedelta(minutes=span)
        if not _fits(frame, day, start, end, busy, holidays):
            return False
        clock = dt.time(minute // 60, minute % 60)
        out.append(_Candidate(PREFERENCE.index(kind), day, clock, rank, start, end))
        return True

    if work:
        first, last = work[0][0], work[-1][1]
        for rank, minute in enumerate(range(LUNCH_WINDOW[0], LUNCH_WINDOW[1] - length + 1, STEP)):
            add(OptionKind.LUNCH, minute, rank)
        if last < 1440:
            for rank, delay in enumerate(AFTER_WORK_DELAYS):
                add(OptionKind.AFTER_WORK, last + delay, rank)
        for rank, gap in enumerate(BEFORE_WORK_GAPS):
            add(OptionKind.BEFORE_WORK, first - gap - length, rank)
    if frame.weekends and day.weekday() >= 5:
        best = 11 * 60  # late morning
        for minute in range(WEEKEND_DAYTIME[0], WEEKEND_DAYTIME[1] - length + 1, STEP):
            if not any(minute < b and a < minute + length for a, b in work):
                rank = abs(minute - best) // STEP * 2 + (minute > best)
                add(OptionKind.WEEKEND, minute, rank)
    if work:
        shortest = max(FLEXIBLE_SHORTEST, length)
        longest = max(FLEXIBLE_LONGEST, shortest)
        for minute in range(FLEXIBLE_DAYTIME[0], FLEXIBLE_DAYTIME[1] - shortest + 1, STEP):
            if not add(OptionKind.FLEXIBLE, minute, 0, shortest):
                continue
            # A window that breaks a rule stays broken when longer: grow until one breaks.
            span = shortest
            while span + STEP <= longest and minute + span + STEP <= FLEXIBLE_DAYTIME[1]:
                start = out[-1].start
                end = start + dt.timedelta(minutes=span + STEP)
                if not _fits(frame, day, start, end, busy, holidays):
                    break
                span += STEP
            c = out[-1]
            rank = _flexible_rank(minute, span, longest)
            out[-1] = _Candidate(c.kind_rank, day, c.clock, rank, c.start, c.start + _mins(span))
    return out


def _mins(minutes: int) -> dt.timedelta:
    return dt.timedelta(minutes=minutes)


def _flexible_rank(minute: int, span: int, longest: int) -> int:
    """Daytime first, then longer windows, then an afternoon (14:00) or morning (09:00)."""
    end = minute + span
    band = 0 if minute >= 8 * 60 and end <= 18 * 60 else 1
    near = min(abs(minute - 14 * 60), abs(minute - 9 * 60) + STEP) // STEP
    return band * 10_000 + (longest - span) // STEP * 100 + near


# -- texts ---------------------------------------------------------------------------------


def place_name(zone: str) -> str:
    """A readable place for an IANA zone: ``America/New_York`` -> ``New York``."""
    if "/" not in zone or zone.startswith("Etc/"):
        return zone
    return zone.rsplit("/", 1)[1].replace("_", " ")


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _local(start: dt.datetime, end: dt.datetime, zone: ZoneInfo, window: bool) -> str:
    s, e = _wall(start, zone), _wall(end, zone)
    day = DAYS[s.weekday()]
    if not window:
        return f"{s:%H:%M} {day}"
    end_text = "24:00" if e.date() > s.date() else f"{e:%H:%M}"
    return f"{s:%H:%M}-{end_text} {day}"


def _length(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not rest:
        return f"{hours}-hour" if hours else "0-minute"
    return f"{hours} h {rest:02d} min" if hours else f"{rest}-minute"


def _reason(frame: _Frame, c: _Candidate) -> str:
    request = frame.request
    window = c.kind is OptionKind.FLEXIBLE
    place = place_name(request.contact.zone)
    theirs = f"{_local(c.start, c.end, frame.contact_zone, window)} in {place}"
    yours = ""
    if request.user.zone != request.contact.zone:
        yours = f", {_local(c.start, c.end, frame.user_zone, window)} for you"
    work = request.contact.hours.on(c.day.weekday())
    if c.kind is OptionKind.LUNCH:
        lead = "Lunch time for them"
    elif c.kind is OptionKind.AFTER_WORK:
        lead = f"Right after their working day ends at {_clock(work[-1][1])}"
    elif c.kind is OptionKind.BEFORE_WORK:
        lead = f"Just before their working day starts at {_clock(work[0][0])}"
    elif c.kind is OptionKind.FLEXIBLE:
        span = (c.end - c.start) // dt.timedelta(minutes=1)
        meeting = _amount(_mins(frame.minutes))
        lead = f"An open {_length(span)} window for them to pick any {meeting} that suits"
    else:
        lead = "A weekend daytime slot, away from their working hours"
    return f"{lead} ({theirs}){yours}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _amount(delta: dt.timedelta) -> str:
    minutes = delta // dt.timedelta(minutes=1)
    if minutes % 60 == 0:
        return _plural(minutes // 60, "hour")
    return _plural(minutes, "minute")


def _window(request: ProposalRequest) -> str:
    span = "the next day" if request.days == 1 else f"the next {request.days} days"
    if request.min_notice <= dt.timedelta(0):
        return f"in {span}"
    return f"in {span} (at least {_amount(request.min_notice)} ahead)"


def _further(request: ProposalRequest) -> str:
    return f"look further ahead (e.g. --days {min(request.days * 2, MAX_DAYS)})"


def _shortfall(request: ProposalRequest, found: int) -> str:
    verb = "fits" if found == 1 else "fit"
    return (
        f"Only {found} of the {request.count} times you asked for {verb} {_window(request)} "
        "around your availability and busy time, their working hours and both sides' "
        f"holidays; {_further(request)}."
    )


def _repeats(kinds: list[OptionKind]) -> str:
    distinct = [k.value for k in PREFERENCE if k in kinds]
    named = " and ".join(distinct) if len(distinct) <= 2 else ", ".join(distinct)
    return (
        f"Only {named} times fit, so some options are of the same kind; widen your "
        "availability for more variety."
    )


def _why_none(frame: _Frame) -> str:
    request = frame.request
    head = f"No time fits {_window(request)}"
    if frame.earliest + _mins(frame.minutes) > frame.latest:
        cause = (
            f"{_amount(request.min_notice)} of notice leave no room in a "
            f"{_plural(request.days, 'day')} window"
        )
        return f"{head}: {cause}; {_further(request)}."
    unbusy = bool(_candidates(frame, busy=False))
    unholiday = bool(_candidates(frame, holidays=False))
    if not (unbusy or unholiday or _candidates(frame, busy=False, holidays=False)):
        cause = _mismatch(frame)
        return f"{head}: {cause}. Widen your availability or {_further(request)}."
    if unbusy and not unholiday:
        cause = "your calendar is busy at every time that would suit both of you"
        return f"{head}: {cause}. Free some time or {_further(request)}."
    if unholiday and not unbusy:
        cause = f"the days that would suit both of you are holidays ({_holidays(frame)})"
        return f"{head}: {cause}; {_further(request)}."
    cause = (
        "your busy calendar and the holidays "
        f"({_holidays(frame)}) cover every time that would suit both of you"
    )
    return f"{head}: {cause}; {_further(request)}."


def _mismatch(frame: _Frame) -> str:
    request = frame.request
    yours = format_hours(request.user.hours) or "none"
    theirs = format_hours(request.contact.hours) or "none"
    kinds = (
        "their lunch break, the hour after their work, the half hour before it or a free "
        f"{_length(max(FLEXIBLE_SHORTEST, frame.minutes))} window"
    )
    if frame.weekends:
        kinds += " or a weekend daytime slot"
    return (
        f"your availability ({yours}, {place_name(request.user.zone)} time) never meets "
        f"{kinds} (their working hours: {theirs}, {place_name(request.contact.zone)} time)"
    )


def _holidays(frame: _Frame) -> str:
    request = frame.request

    def listed(side: Side, zone: ZoneInfo) -> str:
        first, last = _wall(frame.earliest, zone).date(), _wall(frame.latest, zone).date()
        days = sorted(d for d in side.holidays if first <= d <= last)
        return (
            ", ".join(f"{DAYS[d.weekday()]} {d.day} {_MONTHS[d.month - 1]}" for d in days) or "none"
        )

    return (
        f"yours: {listed(request.user, frame.user_zone)}; "
        f"theirs: {listed(request.contact, frame.contact_zone)}"
    )


def confirm_day(start: dt.datetime, zone: str) -> dt.date:
    """The day to confirm a conversation with the contact: the day before, their time."""
    return (start.astimezone(zoneinfo.ZoneInfo(zone)) - dt.timedelta(days=1)).date()
