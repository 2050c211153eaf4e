"""The proposal engine (core, pure): named weeks that go wrong in real life, and properties.

``violations`` re-checks every rule of ``coffeechat.core.scheduling`` on its own, with
zoneinfo and plain comparisons, so that the engine is never its own judge.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coffeechat.core.errors import InvalidValue
from coffeechat.core.hours import DAYS, WeeklyHours, parse_hours
from coffeechat.core.scheduling import (
    Interval,
    OptionKind,
    Proposal,
    ProposalRequest,
    Side,
    local_instant,
    propose,
)

UTC = dt.UTC
NY, LONDON = "America/New_York", "Europe/London"
LA, AUCKLAND = "America/Los_Angeles", "Pacific/Auckland"
OFFICE = "Mon-Fri 09:00-17:00"
KIND = OptionKind


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def side(zone: str, hours: str, *holidays: str) -> Side:
    return Side(zone, parse_hours(hours), frozenset(dt.date.fromisoformat(h) for h in holidays))


def request(now: str, user: Side, contact: Side, **kw) -> ProposalRequest:
    return ProposalRequest(now=at(now), user=user, contact=contact, **kw)


def local(when: dt.datetime, zone: str) -> str:
    """'Tue 12:00' style, in a zone."""
    w = when.astimezone(ZoneInfo(zone))
    return f"{DAYS[w.weekday()]} {w:%Y-%m-%d %H:%M}"


def summary(p: Proposal, zone: str) -> list[tuple[str, str]]:
    return [(o.kind.value, local(o.start, zone)) for o in p.options]


# -- the independent checker -----------------------------------------------------------------


def _minute(t: dt.datetime) -> int:
    return t.hour * 60 + t.minute


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time())


def option_violations(req: ProposalRequest, start: dt.datetime, end: dt.datetime, kind: KIND):
    """Every rule one option breaks, as readable strings (empty when it is valid)."""
    bad: list[str] = []
    cz, uz = ZoneInfo(req.contact.zone), ZoneInfo(req.user.zone)
    now = req.now.astimezone(dt.UTC)  # "days from now" is elapsed time, not wall-clock days
    length = end - start
    if start < now + req.min_notice:
        bad.append("starts before the minimum notice")
    if end > now + dt.timedelta(days=req.days):
        bad.append("ends after the window")
    if kind is KIND.FLEXIBLE:
        if length < max(dt.timedelta(hours=2), req.duration):
            bad.append("flexible window shorter than 2 h / the meeting")
    elif length != req.duration:
        bad.append(f"lasts {length}, not {req.duration}")
    # Local times on both sides: read plainly (first occurrence), no clock change inside.
    cs = start.astimezone(cz).replace(tzinfo=None)
    ce = end.astimezone(cz).replace(tzinfo=None)
    us = start.astimezone(uz).replace(tzinfo=None)
    ue = end.astimezone(uz).replace(tzinfo=None)
    if cs.replace(tzinfo=cz).astimezone(UTC) != start.astimezone(UTC):
        bad.append("the contact's local start does not denote the instant")
    if ce - cs != length or ue - us != length:
        bad.append("straddles a clock change")
    if ce > _midnight(cs.date() + dt.timedelta(days=1)):
        bad.append("runs past the contact's midnight")
    # The user's availability, on the user's local day.
    base = _midnight(us.date())
    if not any(
        base + dt.timedelta(minutes=a) <= us and ue <= base + dt.timedelta(minutes=b)
        for a, b in req.user.hours.on(us.weekday())
    ):
        bad.append(f"outside the user's availability ({us:%a %H:%M}-{ue:%H:%M})")
    for busy in req.busy:
        if start < busy.end and busy.start < end:
            bad.append(f"overlaps busy time {busy}")
    if cs.date() in req.contact.holidays:
        bad.append("on the contact's holiday")
    if us.date() in req.user.holidays:
        bad.append("on the user's holiday")
    # The kind, in the contact's local time.
    work = req.contact.hours.on(cs.weekday())
    s, e = _minute(cs), _minute(cs) + length // dt.timedelta(minutes=1)
    weekends = (
        req.allow_weekends
        if req.allow_weekends is not None
        else bool(req.user.hours.on(5) or req.user.hours.on(6))
    )
    if kind in (KIND.LUNCH, KIND.AFTER_WORK, KIND.BEFORE_WORK, KIND.FLEXIBLE) and not work:
        bad.append(f"{kind} on a day they do not work")
    if kind is KIND.LUNCH and not (s >= 12 * 60 and e <= 13 * 60 + 30):
        bad.append("lunch outside 12:00-13:30")
    if kind is KIND.LUNCH and s % 15:
        bad.append("lunch off the 15-minute grid")
    if kind is KIND.AFTER_WORK and work and not (0 <= s - work[-1][1] <= 60):
        bad.append("after-work not 0-60 min after work ends")
    if kind is KIND.AFTER_WORK and work and (s - work[-1][1]) % 15:
        bad.append("after-work off the 15-minute grid")
    if kind is KIND.BEFORE_WORK and work and not (0 <= work[0][0] - e <= 30):
        bad.append("before-work not ending 0-30 min before work starts")
    if kind is KIND.FLEXIBLE and not (s >= 7 * 60 and e <= 21 * 60):
        bad.append("flexible window outside 07:00-21:00")
    if kind is KIND.WEEKEND:
        if not weekends:
            bad.append("weekend option though the user does not allow weekends")
        if cs.weekday() < 5:
            bad.append("weekend option on a weekday")
        if not (s >= 9 * 60 and e <= 18 * 60):
            bad.append("weekend option outside daytime")
    if kind not in (KIND.LUNCH, KIND.FLEXIBLE) and any(s < b and a < e for a, b in work):
        bad.append(f"{kind} inside their working hours")
    return bad


def violations(req: ProposalRequest, p: Proposal) -> list[str]:
    """Every rule the proposal breaks (empty when it keeps them all)."""
    bad: list[str] = []
    cz = ZoneInfo(req.contact.zone)
    for i, o in enumerate(p.options):
        if o.start.utcoffset() != o.start.astimezone(cz).utcoffset():
            bad.append(f"option {i}: start not in the contact's zone")
        bad += [
            f"option {i} ({o.kind}): {v}" for v in option_violations(req, o.start, o.end, o.kind)
        ]
        if not o.reason or "\n" in o.reason:
            bad.append(f"option {i}: not a one-line reason")
        if req.user.zone != req.contact.zone and "for you" not in o.reason:
            bad.append(f"option {i}: reason does not give the user's time")
    starts = [o.start for o in p.options]
    if starts != sorted(starts):
        bad.append("not sorted by start")
    days = [o.start.astimezone(cz).date() for o in p.options]
    if len(set(days)) != len(days):
        bad.append("two options on the same day")
    clocks = [o.start.astimezone(cz).time() for o in p.options]
    if len(set(clocks)) != len(clocks):
        bad.append("two options at the same clock time")
    if len(p.options) > req.count:
        bad.append("more options than asked")
    if len(p.options) < req.count and not p.warnings:
        bad.append("fewer options than asked, without a warning")
    kinds = [o.kind for o in p.options]
    if len(set(kinds)) < len(kinds) and not any("same kind" in w for w in p.warnings):
        bad.append("a kind repeats without a warning")
    return bad


def checked(req: ProposalRequest) -> Proposal:
    p = propose(req)
    assert violations(req, p) == []
    assert propose(req) == p, "the same request must give the same proposal"
    return p


# -- named weeks -----------------------------------------------------------------------------


def test_a_normal_week_new_york_user_london_contact():
    req = request(
        "2026-06-08T09:00:00-04:00", side(NY, "Mon-Fri 06:00-22:00"), side(LONDON, OFFICE)
    )
    p = checked(req)
    # Three days with none next to another (Wed, Fri, Mon); Monday's window closes at
    # 14:00 London time, so the afternoon flexible block goes to Friday.
    assert summary(p, LONDON) == [
        ("after-work", "Wed 2026-06-10 17:30"),
        ("flexible", "Fri 2026-06-12 14:00"),
        ("lunch", "Mon 2026-06-15 12:00"),
    ]
    assert p.warnings == []
    assert [o.reason for o in p.options] == [
        "Right after their working day ends at 17:00 (17:30 Wed in London), 12:30 Wed for you",
        "An open 3-hour window for them to pick any 30 minutes that suits "
        "(14:00-17:00 Fri in London), 09:00-12:00 Fri for you",
        "Lunch time for them (12:00 Mon in London), 07:00 Mon for you",
    ]
    assert p.options[1].end - p.options[1].start == dt.timedelta(hours=3)
    assert all(str(o.start.tzinfo) == LONDON for o in p.options)


def test_same_zone_reasons_do_not_repeat_the_time():
    req = request(
        "2026-06-08T09:00:00+01:00", side(LONDON, "daily 07:00-21:00"), side(LONDON, OFFICE)
    )
    p = checked(req)
    assert len(p.options) == 3
    assert all("for you" not in o.reason for o in p.options)


def test_us_clocks_change_but_not_london_s():
    # 3-10 March 2026: New York moves to summer time on Sunday 8 March, London on the 29th.
    # 07:00-07:45 in New York is 12:00-12:45 in London before the change, 11:00 after:
    # lunch fits on Thursday and Friday, not on Monday 9 March.
    req = request(
        "2026-03-03T12:00:00+00:00", side(NY, "weekdays 07:00-07:45"), side(LONDON, OFFICE)
    )
    p = checked(req)
    assert summary(p, LONDON) == [
        ("lunch", "Thu 2026-03-05 12:00"),
        ("lunch", "Fri 2026-03-06 12:15"),
    ]
    assert [local(o.start, NY) for o in p.options] == [
        "Thu 2026-03-05 07:00",
        "Fri 2026-03-06 07:15",
    ]
    assert p.warnings[0].startswith("Only 2 of the 3 times you asked for fit in the next 7 days")
    assert "--days 14" in p.warnings[0]
    assert "same kind" in p.warnings[1]


def test_us_change_shows_the_right_user_time_on_both_sides_of_it():
    req = request(
        "2026-03-03T12:00:00+00:00", side(NY, "weekdays 06:00-22:00"), side(LONDON, OFFICE)
    )
    p = checked(req)
    assert len(p.options) == 3
    for o in p.options:
        gap = 5 if o.start < at("2026-03-08T07:00:00+00:00") else 4
        assert (
            o.start.astimezone(ZoneInfo(NY)).hour == o.start.astimezone(ZoneInfo(LONDON)).hour - gap
        )
        assert f"{o.start.astimezone(ZoneInfo(NY)):%H:%M}" in o.reason.split("), ")[1]
    assert {o.start.date() for o in p.options} & {dt.date(2026, 3, 9), dt.date(2026, 3, 10)}


def test_london_clocks_change_but_not_new_york_s():
    # 20-27 October 2026: London leaves summer time on Sunday 25 October, New York on
    # 1 November. 08:00 in New York is 13:00 in London before, 12:00 after.
    req = request(
        "2026-10-20T12:00:00+00:00", side(NY, "weekdays 08:00-08:45"), side(LONDON, OFFICE)
    )
    p = checked(req)
    assert summary(p, LONDON) == [
        ("lunch", "Thu 2026-10-22 13:00"),
        ("lunch", "Mon 2026-10-26 12:00"),
    ]
    assert [local(o.start, NY) for o in p.options] == [
        "Thu 2026-10-22 08:00",
        "Mon 2026-10-26 08:00",
    ]


def test_a_skipped_local_time_is_never_offered():
    assert local_instant(dt.date(2026, 3, 8), 150, ZoneInfo(NY)) is None  # 02:30 does not exist
    first = local_instant(dt.date(2026, 11, 1), 90, ZoneInfo(NY))  # 01:30 happens twice
    assert first == at("2026-11-01T05:30:00+00:00")
    # Their Sunday shift ends at 02:00 on the night the clocks skip 02:00-03:00:
    # after-work can only start at 03:00.
    req = request(
        "2026-03-05T00:00:00-05:00",
        side(NY, "Sun 01:00-04:00"),
        side(NY, "Sun 00:30-02:00"),
    )
    p = checked(req)
    assert [(o.kind, o.start, o.end) for o in p.options] == [
        (KIND.AFTER_WORK, at("2026-03-08T03:00:00-04:00"), at("2026-03-08T03:30:00-04:00"))
    ]


def test_no_option_straddles_the_repeated_hour():
    # 1 November 2026 in New York: 01:00-02:00 happens twice. 01:30 + 30 min would read
    # 01:30-01:00 on a clock, so the engine takes 01:15-01:45 instead.
    req = request(
        "2026-10-29T12:00:00-04:00",
        side(NY, "Sun 00:00-03:00"),
        side(NY, "Sun 00:00-01:00"),
        count=1,
    )
    p = checked(req)
    # (Compared in UTC: Python never finds an instant in a repeated hour equal to one
    # written with another tzinfo.)
    assert [(o.kind, o.start.astimezone(UTC), o.start.utcoffset()) for o in p.options] == [
        (KIND.AFTER_WORK, at("2026-11-01T05:15:00+00:00"), dt.timedelta(hours=-4))
    ]


def test_no_window_straddles_the_user_s_clock_change():
    # New York skips 02:00-03:00 on 8 March 2026, at 07:00 UTC: 10:00 in Moscow. Moscow
    # 08:00-11:00 would read 00:00-04:00 on the user's clock for three real hours, so the
    # window starts when New York's clock has changed.
    req = request(
        "2026-03-05T12:00:00+00:00",
        side(NY, "Sun 00:00-05:00"),
        side("Europe/Moscow", "Sun 09:00-18:00"),
        count=1,
    )
    p = checked(req)
    assert [(o.kind, o.start, o.end) for o in p.options] == [
        (KIND.FLEXIBLE, at("2026-03-08T10:00:00+03:00"), at("2026-03-08T12:00:00+03:00"))
    ]


def test_an_option_stays_within_the_contact_s_day():
    # Work ends at 23:30: 23:45 + 30 min would end the next day, so after-work is 23:30.
    req = request(
        "2026-06-08T09:00:00+01:00",
        side(NY, "daily 00:00-24:00"),
        side(LONDON, "Mon-Fri 15:00-23:30"),
        count=5,
    )
    p = checked(req)
    assert [local(o.start, LONDON)[-5:] for o in p.options if o.kind is KIND.AFTER_WORK] == [
        "23:30"
    ]


def test_date_line_auckland_user_los_angeles_contact():
    # Their Monday noon in Los Angeles is Tuesday 09:00 in Auckland: every option falls on
    # the user's next day, so their Friday (the user's Saturday) is out.
    user = side(AUCKLAND, "Mon-Fri 06:00-10:00 14:00-16:00")
    req = request("2026-02-09T00:00:00+00:00", user, side(LA, OFFICE))
    p = checked(req)
    assert {o.kind for o in p.options} == {KIND.LUNCH, KIND.AFTER_WORK, KIND.FLEXIBLE}
    for o in p.options:
        theirs, yours = o.start.astimezone(ZoneInfo(LA)), o.start.astimezone(ZoneInfo(AUCKLAND))
        assert yours.date() == theirs.date() + dt.timedelta(days=1)
        assert theirs.weekday() < 4
        assert f"{DAYS[yours.weekday()]} for you" in o.reason
    lunch = next(o for o in p.options if o.kind is KIND.LUNCH)
    assert lunch.reason.startswith("Lunch time for them (12:00 ")
    assert lunch.reason.endswith("09:00 " + DAYS[lunch.start.weekday() + 1] + " for you")


def test_date_line_a_holiday_is_the_user_s_local_date():
    # Waitangi Day, Friday 6 February 2026 in Auckland, is Thursday 5 February in Los
    # Angeles: that Thursday is out, the user's own Thursday (their Wednesday) is not.
    user = "Mon-Fri 06:00-10:00 14:00-16:00"
    now = "2026-02-02T00:00:00+00:00"
    free = checked(request(now, side(AUCKLAND, user), side(LA, OFFICE)))
    held = checked(request(now, side(AUCKLAND, user, "2026-02-06"), side(LA, OFFICE)))
    la_days = [o.start.astimezone(ZoneInfo(LA)).date() for o in free.options]
    assert dt.date(2026, 2, 5) in la_days
    la_days = [o.start.astimezone(ZoneInfo(LA)).date() for o in held.options]
    assert la_days == [dt.date(2026, 2, 3), dt.date(2026, 2, 4)]
    assert held.warnings[0].startswith("Only 2 of the 3 times")


def test_date_line_the_other_way_round():
    user = side(LA, "Mon-Fri 13:00-21:00")
    contact = side(AUCKLAND, "Mon-Fri 08:30-17:30")
    # Their Monday is the user's Sunday: out. Ten days hold Thu, Fri, Tue and Wed for them.
    p = checked(request("2026-07-06T09:00:00-07:00", user, contact, days=10))
    assert len(p.options) == 3
    assert {o.start.weekday() for o in p.options} <= {1, 2, 3, 4}
    for o in p.options:
        assert o.start.astimezone(ZoneInfo(LA)).date() == o.start.date() - dt.timedelta(days=1)


def test_thanksgiving_week_contact_in_new_york():
    contact = side(NY, OFFICE, "2026-11-26", "2026-11-27")
    user = side(LONDON, "Mon-Fri 08:00-22:00")
    p = checked(request("2026-11-23T09:00:00-05:00", user, contact))
    assert summary(p, NY) == [
        ("lunch", "Wed 2026-11-25 12:00"),
        ("flexible", "Mon 2026-11-30 07:00"),
    ]
    assert p.options[1].end == at("2026-11-30T09:00:00-05:00")  # the end of the window
    assert p.warnings == [
        "Only 2 of the 3 times you asked for fit in the next 7 days (at least 36 hours ahead) "
        "around your availability and busy time, their working hours and both sides' holidays;"
        " look further ahead (e.g. --days 14)."
    ]
    without = checked(request("2026-11-23T09:00:00-05:00", user, side(NY, OFFICE)))
    assert len(without.options) == 3


def test_christmas_week_holidays_on_both_sides():
    now = "2026-12-21T12:00:00+00:00"
    contact = side(LONDON, "Mon-Fri 09:00-17:30", "2026-12-25", "2026-12-28")
    user = side(NY, "Mon-Fri 07:00-20:00", "2026-12-25")
    p = checked(request(now, user, contact))
    assert summary(p, LONDON) == [
        ("lunch", "Wed 2026-12-23 12:00"),
        ("after-work", "Thu 2026-12-24 18:00"),
    ]
    # A user who also meets at weekends gets a Saturday slot when they are free then.
    weekend_user = side(NY, "Mon-Fri 07:00-20:00; Sat-Sun 08:00-14:00", "2026-12-25")
    p = checked(request(now, weekend_user, contact))
    assert summary(p, LONDON) == [
        ("lunch", "Wed 2026-12-23 12:00"),
        ("after-work", "Thu 2026-12-24 18:00"),
        ("weekend", "Sat 2026-12-26 13:00"),
    ]
    assert p.options[2].reason == (
        "A weekend daytime slot, away from their working hours (13:00 Sat in London), "
        "08:00 Sat for you"
    )


def busy_every_day(
    zone: str, start: str, end: str, first: dt.date, days: int
) -> tuple[Interval, ...]:
    tz = ZoneInfo(zone)
    out = []
    for i in range(days):
        day = first + dt.timedelta(days=i)
        s = dt.datetime.combine(day, dt.time.fromisoformat(start), tzinfo=tz)
        e = dt.datetime.combine(day, dt.time.fromisoformat(end), tzinfo=tz)
        out.append(Interval(s, e))
    return tuple(out)


def test_busy_time_blocks_every_lunch():
    # The user's calendar is full 06:30-09:00 New York time: that is 11:30-14:00 in London.
    busy = busy_every_day(NY, "06:30", "09:00", dt.date(2026, 6, 8), 9)
    req = request(
        "2026-06-08T09:00:00-04:00",
        side(NY, "Mon-Fri 03:00-22:00"),
        side(LONDON, OFFICE),
        busy=busy,
    )
    p = checked(req)
    assert len(p.options) == 3
    assert KIND.LUNCH not in {o.kind for o in p.options}
    assert {o.kind for o in p.options} == {KIND.AFTER_WORK, KIND.FLEXIBLE, KIND.BEFORE_WORK}


def test_no_free_time_at_all():
    now = "2026-06-08T09:00:00-04:00"
    busy = (Interval(at(now), at(now) + dt.timedelta(days=8)),)
    p = checked(request(now, side(NY, "Mon-Fri 06:00-22:00"), side(LONDON, OFFICE), busy=busy))
    assert p.options == []
    assert p.warnings == [
        "No time fits in the next 7 days (at least 36 hours ahead): your calendar is busy at "
        "every time that would suit both of you. Free some time or look further ahead "
        "(e.g. --days 14)."
    ]


def test_a_week_of_holidays_says_so():
    days = [f"2026-06-{d:02d}" for d in range(8, 17)]
    p = checked(
        request(
            "2026-06-08T09:00:00-04:00",
            side(NY, "Mon-Fri 06:00-22:00", *days),
            side(LONDON, OFFICE),
        )
    )
    assert p.options == []
    assert "are holidays (yours: Tue 9 Jun, Wed 10 Jun, Thu 11 Jun" in p.warnings[0]
    assert "theirs: none" in p.warnings[0]


def test_hours_that_never_meet_say_so():
    p = checked(
        request("2026-06-08T09:00:00-04:00", side(NY, "Mon-Fri 18:00-21:00"), side(LONDON, OFFICE))
    )
    assert p.options == []
    assert p.warnings == [
        "No time fits in the next 7 days (at least 36 hours ahead): your availability "
        "(Mon-Fri 18:00-21:00, New York time) never meets their lunch break, the hour after "
        "their work, the half hour before it or a free 2-hour window (their working hours: "
        "Mon-Fri 09:00-17:00, London time). Widen your availability or look further ahead "
        "(e.g. --days 14)."
    ]


def test_notice_longer_than_the_window():
    p = checked(
        request(
            "2026-06-08T09:00:00-04:00",
            side(NY, "daily 00:00-24:00"),
            side(LONDON, OFFICE),
            days=1,
            min_notice=dt.timedelta(hours=36),
        )
    )
    assert p.options == []
    assert "36 hours of notice leave no room in a 1 day window" in p.warnings[0]


def test_weekend_options_only_when_the_user_has_weekend_hours():
    now = "2026-06-08T09:00:00-04:00"
    weekends = checked(request(now, side(NY, "Sat-Sun 06:00-14:00"), side(LONDON, OFFICE)))
    assert summary(weekends, LONDON) == [
        ("weekend", "Sat 2026-06-13 11:00"),
        ("weekend", "Sun 2026-06-14 11:15"),
    ]
    assert any("same kind" in w for w in weekends.warnings)
    refused = checked(
        request(now, side(NY, "Sat-Sun 06:00-14:00"), side(LONDON, OFFICE), allow_weekends=False)
    )
    assert refused.options == []
    # 03:00-04:00 in New York is 08:00-09:00 in London: too early for a weekend slot.
    dawn = checked(request(now, side(NY, "Sat-Sun 03:00-04:00"), side(LONDON, OFFICE)))
    assert dawn.options == []
    weekdays = checked(request(now, side(NY, "daily 00:00-24:00"), side(LONDON, OFFICE), count=5))
    assert len(weekdays.options) == 5
    assert KIND.WEEKEND not in {o.kind for o in weekdays.options[:3]}
    weekdays_only = checked(
        request(now, side(NY, "Mon-Fri 00:00-24:00"), side(LONDON, OFFICE), count=5)
    )
    assert KIND.WEEKEND not in {o.kind for o in weekdays_only.options}


def test_a_contact_who_works_saturday_gets_no_weekend_slot_inside_work():
    p = checked(
        request(
            "2026-06-08T09:00:00-04:00",
            side(NY, "Sat-Sun 00:00-24:00"),
            side(LONDON, "Tue-Sat 09:00-17:00"),
        )
    )
    kinds = {(o.kind, local(o.start, LONDON)[:3]) for o in p.options}
    assert (KIND.LUNCH, "Sat") in kinds or (KIND.AFTER_WORK, "Sat") in kinds
    assert all(k is not KIND.WEEKEND or day == "Sun" for k, day in kinds)


def test_half_hour_and_quarter_hour_zones():
    p = checked(
        request(
            "2026-06-08T09:00:00+05:30",
            side("Asia/Kolkata", "Mon-Fri 07:00-22:00"),
            side("Asia/Kathmandu", "Sun-Fri 10:00-18:00"),
        )
    )
    lunch = next(o for o in p.options if o.kind is KIND.LUNCH)
    assert lunch.reason.startswith("Lunch time for them (12:00 ")
    assert "11:45" in lunch.reason


def test_more_options_than_kinds_are_varied_first():
    p = checked(
        request(
            "2026-06-08T09:00:00-04:00",
            side(NY, "daily 00:00-24:00"),
            side(LONDON, OFFICE),
            count=5,
            days=14,
        )
    )
    assert [o.kind for o in p.options].count(KIND.LUNCH) == 1
    assert {o.kind for o in p.options} == set(KIND)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"now": dt.datetime(2026, 6, 8, 9)}, "now"),
        ({"count": 0}, "count"),
        ({"days": 0}, "days"),
        ({"duration": dt.timedelta(seconds=90)}, "duration"),
        ({"min_notice": dt.timedelta(hours=-1)}, "min_notice"),
        ({"contact": side("Mars/Olympus_Mons", OFFICE)}, "contact zone"),
    ],
)
def test_bad_requests_name_the_field(change, field):
    base = {
        "now": at("2026-06-08T09:00:00-04:00"),
        "user": side(NY, OFFICE),
        "contact": side(LONDON, OFFICE),
    }
    with pytest.raises(InvalidValue) as err:
        propose(ProposalRequest(**(base | change)))
    assert err.value.field == field


# -- properties ------------------------------------------------------------------------------

ZONES = [
    "UTC",
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
    "America/Los_Angeles",
    "America/St_Johns",
    "America/Sao_Paulo",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Australia/Adelaide",
    "Pacific/Auckland",
    "Pacific/Chatham",
]
# Dates near clock changes in the zones above, so that random weeks often cross one.
CHANGES = [
    dt.datetime(2026, 3, 8, tzinfo=UTC),
    dt.datetime(2026, 3, 29, tzinfo=UTC),
    dt.datetime(2026, 4, 5, tzinfo=UTC),
    dt.datetime(2026, 9, 27, tzinfo=UTC),
    dt.datetime(2026, 10, 4, tzinfo=UTC),
    dt.datetime(2026, 10, 25, tzinfo=UTC),
    dt.datetime(2026, 11, 1, tzinfo=UTC),
]


@st.composite
def instants(draw: st.DrawFn) -> dt.datetime:
    zone = ZoneInfo(draw(st.sampled_from(ZONES)))
    if draw(st.booleans()):
        base = draw(st.sampled_from(CHANGES)) - dt.timedelta(days=4)
        minutes = draw(st.integers(0, 6 * 1440))
    else:
        base = dt.datetime(2026, 1, 1, tzinfo=UTC)
        minutes = draw(st.integers(0, 2 * 365 * 1440))
    return (base + dt.timedelta(minutes=minutes)).astimezone(zone)


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


@st.composite
def weekly(draw: st.DrawFn, *, step: int, weekends: bool, longest: int) -> WeeklyHours:
    """Random weekly hours: some days off, some split days, on a grid of ``step`` minutes."""
    if draw(st.integers(0, 9)) == 0:
        return parse_hours("daily 00:00-24:00" if weekends else "weekdays 00:00-24:00")
    days: list[tuple[tuple[int, int], ...]] = []
    for day in range(7):
        if (day >= 5 and not weekends) or draw(st.integers(0, 5)) == 0:
            days.append(())
            continue
        start = draw(st.integers(0, 20 * 60 // step)) * step
        end = min(1440, start + draw(st.integers(1, longest // step)) * step)
        if draw(st.booleans()) and end - start > 3 * step:
            cut = start + (end - start) // 2 // step * step
            days.append(((start, cut), (cut + step, end)))
        else:
            days.append(((start, end),))
    text = "; ".join(
        f"{DAYS[d]} " + " ".join(f"{_clock(a)}-{_clock(b)}" for a, b in spans)
        for d, spans in enumerate(days)
        if spans
    )
    return parse_hours(text) if text else WeeklyHours(tuple(days))


@st.composite
def requests(draw: st.DrawFn) -> ProposalRequest:
    now = draw(instants())
    days = draw(st.sampled_from([1, 2, 3, 5, 7, 7, 7, 10, 14]))
    busy = tuple(
        Interval(s, s + dt.timedelta(minutes=draw(st.integers(15, 600))))
        for s in (
            now + dt.timedelta(minutes=draw(st.integers(0, days * 1440)))
            for _ in range(draw(st.integers(0, 12)))
        )
    )

    def holidays() -> frozenset[dt.date]:
        first = now.date()
        return frozenset(
            first + dt.timedelta(days=d)
            for d in draw(st.lists(st.integers(-1, days + 1), max_size=3))
        )

    user = Side(
        draw(st.sampled_from(ZONES)),
        draw(weekly(step=15, weekends=draw(st.booleans()), longest=20 * 60)),
        holidays(),
    )
    contact = Side(
        draw(st.sampled_from(ZONES)),
        draw(weekly(step=5, weekends=draw(st.booleans()), longest=12 * 60)),
        holidays(),
    )
    return ProposalRequest(
        now=now,
        user=user,
        contact=contact,
        busy=busy,
        count=draw(st.integers(1, 5)),
        days=days,
        duration=dt.timedelta(minutes=draw(st.sampled_from([15, 20, 30, 45, 60, 90, 150]))),
        min_notice=dt.timedelta(minutes=draw(st.integers(0, 72 * 4)) * 15),
        allow_weekends=draw(st.sampled_from([None, None, True, False])),
    )


def brute_force_has_a_workday_slot(req: ProposalRequest) -> bool:
    """Whether any lunch, after-work or before-work slot is valid, by plain enumeration."""
    cz = ZoneInfo(req.contact.zone)
    first = req.now.astimezone(cz).date()
    for offset in range(req.days + 2):
        day = first + dt.timedelta(days=offset)
        work = req.contact.hours.on(day.weekday())
        if not work:
            continue
        length = req.duration // dt.timedelta(minutes=1)
        tries = [(KIND.LUNCH, m) for m in range(12 * 60, 13 * 60 + 31 - length, 15)]
        tries += [(KIND.AFTER_WORK, work[-1][1] + d) for d in range(0, 61, 15)]
        tries += [(KIND.BEFORE_WORK, work[0][0] - g - length) for g in range(0, 31, 15)]
        for kind, minute in tries:
            if not 0 <= minute < 1440:
                continue
            start = dt.datetime.combine(day, dt.time(minute // 60, minute % 60), tzinfo=cz)
            start = start.astimezone(UTC)
            if start.astimezone(cz).replace(tzinfo=None).time() != dt.time(
                minute // 60, minute % 60
            ):
                continue
            end = start + req.duration
            if not option_violations(req, start, end, kind):
                return True
    return False


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(requests())
def test_every_option_keeps_every_rule(req: ProposalRequest):
    p = propose(req)
    assert violations(req, p) == []
    assert propose(req) == p
    if not p.options:
        assert len(p.warnings) == 1 and p.warnings[0].startswith("No time fits")
    if brute_force_has_a_workday_slot(req):
        assert p.options, "a valid slot exists but the engine found none"


def test_days_from_now_are_elapsed_days_even_across_a_clock_change():
    """Found by the property test: "now" given in Adelaide just before its clocks go forward
    (4 October 2026). The window is 5 x 24 h of elapsed time, whatever zone now is in."""
    every_hour = parse_hours("Mon-Fri 00:00-24:00")
    now = dt.datetime(2026, 9, 30, 9, 30, tzinfo=ZoneInfo("Australia/Adelaide"))
    req = ProposalRequest(
        now=now,
        user=Side("Asia/Kolkata", every_hour),
        contact=Side("Australia/Adelaide", every_hour),
        days=5,
        duration=dt.timedelta(minutes=15),
        min_notice=dt.timedelta(0),
    )
    p = propose(req)
    assert p.options
    assert violations(req, p) == []
    assert all(o.end <= now.astimezone(UTC) + dt.timedelta(days=5) for o in p.options)
