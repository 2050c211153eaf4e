"""Progress in numbers: the funnel from people met to offers, how fast people answer, and
conversations per week against the user's weekly goal.

Everything is counted from the timelines, in the user's zone, within a window of days
(``since`` to today; all time without ``since``). Each stage counts what happened in
the window:

- ``met``: contacts met (or, without a date met, added) in the window;
- ``reached-out``: contacts with an ``outreach`` in the window;
- ``replied``: contacts with a ``reply`` in the window;
- ``met-up``: contacts with a conversation held (a past ``meeting``) in the window;
- ``introductions``: introductions offered in the window (a contact's offer, or a contact
  recorded as introduced by another; one per pair of people);
- ``referrals``: paths into a company via a contact, started in the window;
- ``offers``: referral paths with an ``offer`` step in the window (the funnel's end; the
  conventional route's offers are compared with these by ``coffeechat path show``).

A rate is the share of the previous stage that went on to this one: of the previous
stage's contacts (in the window), those also counted in this stage, over the previous
count (``through`` is that numerator). Someone the user already knew who met up without
an outreach or a reply counts in ``met-up`` but not in its rate, so a rate never exceeds
1 (it did: "met up 2: 200% of replied"). An introduction went through ``met-up`` when its
introducer met up; a referral went through ``introductions`` when its contact is one of
an introduction (either side); an offer, through ``referrals``, when its path is one.
None for the first stage or when the previous count is 0.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from coffeechat.core.model import Event, EventKind
from coffeechat.core.paths import OFFER, Path, PathKind

#: The funnel's stages in order (stable keys: a public contract).
STAGES: tuple[str, ...] = (
    "met",
    "reached-out",
    "replied",
    "met-up",
    "introductions",
    "referrals",
    "offers",
)

#: How each stage reads.
STAGE_LABELS: dict[str, str] = {
    "met": "met",
    "reached-out": "reached out",
    "replied": "replied",
    "met-up": "met up",
    "introductions": "introductions",
    "referrals": "referrals",
    "offers": "offers",
}

#: Weeks shown without ``since``: this one and the seven before.
DEFAULT_WEEKS = 8

BOOSTER = "booster"
OBLIGATE = "obligate"


@dataclass(frozen=True)
class ContactFacts:
    """What the funnel needs to know of one contact, as days in the user's zone."""

    id: int
    met_on: dt.date
    introduced_by: int | None = None
    outreach: tuple[dt.date, ...] = ()
    replies: tuple[dt.date, ...] = ()
    meetings: tuple[dt.date, ...] = ()
    responsiveness: str | None = None


@dataclass(frozen=True)
class FunnelStage:
    """One stage: how many, and the share of the previous stage that went on to it
    (``through`` of them; None for the first stage)."""

    stage: str
    count: int
    rate: float | None
    through: int | None = None


@dataclass(frozen=True)
class WeekCount:
    """Conversations held in one ISO week, against the goal."""

    week: str
    monday: dt.date
    conversations: int
    goal: int


@dataclass(frozen=True)
class Progress:
    """The numbers ``coffeechat stats`` shows."""

    since: dt.date | None
    today: dt.date
    funnel: list[FunnelStage]
    median_days_to_reply: float | None
    median_days_to_meeting: float | None
    weeks: list[WeekCount]
    weekly_goal: int
    boosters: int
    obligates: int

    @property
    def booster_rate(self) -> float | None:
        """Share of replies that came within 3 business days (None: no replies yet)."""
        answered = self.boosters + self.obligates
        return round(self.boosters / answered, 3) if answered else None


def local_day(at: dt.datetime, zone: str) -> dt.date:
    """The day an instant falls on in ``zone``."""
    return at.astimezone(zoneinfo.ZoneInfo(zone)).date()


def contact_facts(
    contact_id: int,
    met_on: dt.date,
    introduced_by: int | None,
    events: Iterable[Event],
    held: Iterable[dt.datetime],
    now: dt.datetime,
    zone: str,
    responsiveness: str | None = None,
) -> ContactFacts:
    """One contact's facts from its timeline and held conversations (up to ``now``).

    A held conversation and the ``meeting`` logged for it are one meeting: meetings are
    counted once per day.
    """
    past = [e for e in events if e.at <= now]

    def days(kind: EventKind) -> tuple[dt.date, ...]:
        return tuple(sorted(local_day(e.at, zone) for e in past if e.kind is kind))

    met = {local_day(e.at, zone) for e in past if e.kind is EventKind.MEETING}
    met |= {local_day(at, zone) for at in held if at <= now}
    return ContactFacts(
        id=contact_id,
        met_on=met_on,
        introduced_by=introduced_by,
        outreach=days(EventKind.OUTREACH),
        replies=days(EventKind.REPLY),
        meetings=tuple(sorted(met)),
        responsiveness=responsiveness,
    )


def iso_week(day: dt.date) -> str:
    """``2026-W48``: the ISO year and week of a day."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def monday_of(day: dt.date) -> dt.date:
    """The Monday of the day's ISO week."""
    return day - dt.timedelta(days=day.weekday())


def median(values: Iterable[float]) -> float | None:
    """The median, or None for no values."""
    found = list(values)
    import statistics  # ~20 ms (random, fractions): only when a median is wanted

    return float(statistics.median(found)) if found else None


def rates(
    counts: Sequence[tuple[str, int]], through: Sequence[int | None] | None = None
) -> list[FunnelStage]:
    """Stages with each one's share of the previous (None first, or after a 0):
    ``through[i]`` of stage ``i`` went through stage ``i - 1`` (default: all of them)."""
    out = []
    previous: int | None = None
    for i, (stage, count) in enumerate(counts):
        went = None if i == 0 else (count if through is None else through[i])
        if went is not None and previous is not None:
            went = min(went, previous)
        rate = round(went / previous, 3) if previous and went is not None else None
        out.append(FunnelStage(stage, count, rate, went))
        previous = count
    return out


def _first_after(days: Sequence[dt.date], start: dt.date) -> dt.date | None:
    return next((d for d in days if d >= start), None)


def progress(
    contacts: Sequence[ContactFacts],
    introductions: Iterable[tuple[int, int, dt.date]],
    paths: Sequence[Path],
    *,
    today: dt.date,
    weekly_goal: int,
    since: dt.date | None = None,
    path_started: Mapping[int, dt.date] | None = None,
) -> Progress:
    """Count the funnel, the medians and the weeks for the window ``since``..``today``.

    ``introductions`` are (from contact, to contact, day offered); ``path_started`` gives
    the day a path without steps was added (a path with steps started on its first).
    """

    def inside(day: dt.date | None) -> bool:
        return day is not None and (since is None or since <= day) and day <= today

    def first_inside(days: Sequence[dt.date]) -> dt.date | None:
        return next((d for d in days if inside(d)), None)

    met = [c for c in contacts if inside(c.met_on)]
    reached = [c for c in contacts if first_inside(c.outreach)]
    replied = [c for c in contacts if first_inside(c.replies)]
    met_up = [c for c in contacts if first_inside(c.meetings)]
    pairs = {(a, b) for a, b, day in introductions if inside(day)}
    pairs |= {(c.introduced_by, c.id) for c in met if c.introduced_by is not None}
    started = path_started or {}
    referrals = [
        p for p in paths if p.kind is PathKind.CONTACT and inside(p.started_on or started.get(p.id))
    ]
    offers = [
        p
        for p in paths
        if p.kind is PathKind.CONTACT and any(s.step == OFFER and inside(s.on) for s in p.steps)
    ]
    met_ids, reached_ids = {c.id for c in met}, {c.id for c in reached}
    replied_ids = {c.id for c in replied}
    met_up_ids = {c.id for c in met_up}
    introduced = {person for pair in pairs for person in pair}
    referral_ids = {p.id for p in referrals}
    through = [
        None,
        len(reached_ids & met_ids),
        len(replied_ids & reached_ids),
        len(met_up_ids & replied_ids),
        sum(1 for a, _ in pairs if a in met_up_ids),
        sum(1 for p in referrals if p.via_contact_id in introduced),
        sum(1 for p in offers if p.id in referral_ids),
    ]
    funnel = rates(
        list(
            zip(
                STAGES,
                (
                    len(met),
                    len(reached),
                    len(replied),
                    len(met_up),
                    len(pairs),
                    len(referrals),
                    len(offers),
                ),
                strict=True,
            )
        ),
        through,
    )

    to_reply, to_meeting = [], []
    for c in reached:
        first = first_inside(c.outreach)
        assert first is not None
        reply = _first_after(c.replies, first)
        if reply is not None and reply <= today:
            to_reply.append((reply - first).days)
        meeting = _first_after(c.meetings, first)
        if meeting is not None and meeting <= today:
            to_meeting.append((meeting - first).days)

    first_monday = (
        monday_of(since) if since else monday_of(today) - dt.timedelta(weeks=DEFAULT_WEEKS - 1)
    )
    held: dict[dt.date, int] = {}
    for c in contacts:
        for day in c.meetings:
            if inside(day) and day >= first_monday:
                held[monday_of(day)] = held.get(monday_of(day), 0) + 1
    weeks = []
    monday = first_monday
    while monday <= today:
        weeks.append(WeekCount(iso_week(monday), monday, held.get(monday, 0), weekly_goal))
        monday += dt.timedelta(weeks=1)

    kinds = [c.responsiveness for c in reached]
    return Progress(
        since=since,
        today=today,
        funnel=funnel,
        median_days_to_reply=median(to_reply),
        median_days_to_meeting=median(to_meeting),
        weeks=weeks,
        weekly_goal=weekly_goal,
        boosters=kinds.count(BOOSTER),
        obligates=kinds.count(OBLIGATE),
    )
