"""A cohort as its coach sees it: per seeker, counts only (outreach, replies,
conversations, recaps submitted, overdue follow-ups, last active) for this week and the
four before, against the cohort's weekly goal, and what needs the coach's attention.

Pure: the counts come from the store (service/cohorts.py); this module cuts the weeks,
names what needs attention and sorts. A seeker's weeks are cut in the seeker's own zone
(their ``timezone`` setting), Monday to Sunday, as their own Today and ``stats`` count
them: the coach sees the week the seeker lives in.
"""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from coffeechat.core.stats import iso_week, local_day, monday_of

#: Weeks on the dashboard: this one and the four before.
WEEKS = 5
#: Nothing done for this long: the seeker needs attention.
QUIET = dt.timedelta(days=7)

#: The ids of what needs attention (a public contract: the API and the CSV name them).
INACTIVE = "inactive-7-days"
OVERDUE = "overdue-follow-ups"
RECAP_WAITING = "recap-waiting"
ATTENTION_IDS = (INACTIVE, OVERDUE, RECAP_WAITING)

#: The dashboard's orders (``?sort=``), the first the default.
SORTS = ("name", "week", "active", "attention")
#: Whom the dashboard shows (``?show=``), the first the default.
SHOWS = ("all", "attention")
#: A cohort's weekly goal (conversations a week for each seeker): at least one.
GOAL_LOW, GOAL_HIGH = 1, 100
#: The most weeks frozen when a seeker leaves (from joining): about five years.
FROZEN_WEEKS = 260


@dataclass(frozen=True)
class WeekNumbers:
    """One seeker's week: people reached out to, people who replied, conversations held
    (a contact and a day, as ``stats`` counts them) and recap versions submitted to the
    cohort, against the weekly goal (conversations)."""

    week: str
    monday: dt.date
    outreach: int
    replies: int
    conversations: int
    recaps: int
    goal: int

    @property
    def met_goal(self) -> bool:
        """Whether the week's conversations reached the goal."""
        return self.conversations >= self.goal


@dataclass(frozen=True)
class Attention:
    """Something that needs the coach's attention: a stable id and what it says."""

    id: str
    message: str


@dataclass(frozen=True)
class SeekerRow:
    """One seeker's row of a cohort's dashboard (what the coach sees of them, and all
    of it). ``weeks``: this week first, then the four before, newest first."""

    user_id: int
    email: str
    name: str
    zone: str
    weeks: tuple[WeekNumbers, ...]
    overdue: int
    waiting: int
    last_active: dt.datetime | None
    needs_attention: tuple[Attention, ...]
    #: the account is deactivated (by an admin): shown as closed, never flagged
    closed: bool = False

    @property
    def week(self) -> WeekNumbers:
        """This week."""
        return self.weeks[0]

    @property
    def previous(self) -> tuple[WeekNumbers, ...]:
        """The four weeks before this one, oldest first."""
        return tuple(reversed(self.weeks[1:]))


@dataclass(frozen=True)
class Left:
    """A seeker who left a cohort keeping what they submitted there (deactivated): what
    the coach still sees of them, as it stood when they left (``freeze``): the recap
    versions they submitted, their weeks from joining to leaving (newest first),
    overdue follow-ups and last active then. Nothing counted after leaving. Those who
    left before these numbers were kept (schema 0020) have no weeks, and ``left_at``,
    ``overdue`` and ``last_active`` None."""

    user_id: int
    email: str
    name: str
    recaps: int
    zone: str = "UTC"
    weeks: tuple[WeekNumbers, ...] = ()
    overdue: int | None = None
    last_active: dt.datetime | None = None
    left_at: dt.datetime | None = None

    @property
    def oldest_first(self) -> tuple[WeekNumbers, ...]:
        """The weeks from joining to leaving, oldest first."""
        return tuple(reversed(self.weeks))


def check_goal(goal: int) -> int:
    """A weekly goal: a whole number of conversations from 1 to 100."""
    from coffeechat.core.errors import InvalidValue

    if not GOAL_LOW <= goal <= GOAL_HIGH:
        raise InvalidValue(
            "goal",
            goal,
            f"must be between {GOAL_LOW} and {GOAL_HIGH} conversations a week",
            "3",
        )
    return goal


def weeks_since(joined: dt.datetime, now: dt.datetime, zone: str) -> int:
    """How many of the seeker's weeks (Monday to Sunday in ``zone``) from the one they
    joined in to this one, both included (at most ``FROZEN_WEEKS``)."""
    first = monday_of(local_day(joined, zone))
    last = monday_of(local_day(now, zone))
    return max(1, min(FROZEN_WEEKS, (last - first).days // 7 + 1))


def freeze(row: SeekerRow, recaps: int, left_at: dt.datetime) -> str:
    """What the coach keeps of a seeker who leaves with deactivate, as JSON: their
    weeks (``row.weeks``, newest first), overdue follow-ups and last active at
    ``left_at``, and the recap versions submitted all told."""
    return json.dumps(
        {
            "zone": row.zone,
            "recaps": recaps,
            "overdue": row.overdue,
            "last_active": None if row.last_active is None else row.last_active.isoformat(),
            "weeks": [
                [w.monday.isoformat(), w.outreach, w.replies, w.conversations, w.recaps, w.goal]
                for w in row.weeks
            ],
        },
        sort_keys=True,
    )


def thaw(
    user_id: int,
    email: str,
    name: str,
    frozen: str | None,
    left_at: dt.datetime | None,
    recaps: int,
) -> Left:
    """A seeker who left, from their frozen numbers (``freeze``); without them (left
    before schema 0020) the recaps counted now (``recaps``) and no weeks."""
    if not frozen:
        return Left(user_id, email, name, recaps, left_at=left_at)
    found: dict[str, Any] = json.loads(frozen)
    weeks = tuple(
        week_numbers(
            dt.date.fromisoformat(monday),
            {"outreach": outreach, "reply": replies, "meeting": talks, "recap": sent},
            goal,
        )
        for monday, outreach, replies, talks, sent, goal in found["weeks"]
    )
    last = found.get("last_active")
    return Left(
        user_id,
        email,
        name,
        int(found["recaps"]),
        str(found["zone"]),
        weeks,
        int(found["overdue"]),
        None if last is None else dt.datetime.fromisoformat(last),
        left_at,
    )


def mondays(now: dt.datetime, zone: str, weeks: int = WEEKS) -> list[dt.date]:
    """The Mondays of this week and the ``weeks - 1`` before it in ``zone``, newest first."""
    monday = monday_of(local_day(now, zone))
    return [monday - dt.timedelta(weeks=k) for k in range(weeks)]


def midnights(now: dt.datetime, zone: str, weeks: int = WEEKS) -> list[dt.datetime]:
    """The local midnights that cut the seeker's last ``weeks`` weeks into days, in
    order: from the oldest Monday's to the next Monday's (this week whole, days to come
    included: nothing past ``now`` is counted anyway). Day ``d`` (0: the oldest Monday)
    runs from ``midnights[d]`` to ``midnights[d + 1]``."""
    local = zoneinfo.ZoneInfo(zone)
    first = mondays(now, zone, weeks)[-1]
    return [
        dt.datetime.combine(first + dt.timedelta(days=d), dt.time(0), tzinfo=local)
        for d in range(weeks * 7 + 1)
    ]


def week_numbers(monday: dt.date, counts: dict[str, int], goal: int) -> WeekNumbers:
    """A week from its counts by kind (``outreach``, ``reply``, ``meeting``, ``recap``)."""
    return WeekNumbers(
        iso_week(monday),
        monday,
        counts.get("outreach", 0),
        counts.get("reply", 0),
        counts.get("meeting", 0),
        counts.get("recap", 0),
        goal,
    )


def needs_attention(
    now: dt.datetime,
    last_active: dt.datetime | None,
    joined_at: dt.datetime,
    overdue: int,
    waiting: int,
    closed: bool = False,
) -> tuple[Attention, ...]:
    """What needs the coach's attention, in the order of ``ATTENTION_IDS``: nothing done
    for 7 days (counted from joining when they have done nothing yet), follow-ups past
    due, recaps waiting for review in this cohort. Nothing for a closed account (an
    admin deactivated it: there is nothing the coach can do)."""
    if closed:
        return ()
    found = []
    since = max(t for t in (last_active, joined_at) if t is not None)
    if now - since >= QUIET:
        found.append(Attention(INACTIVE, "Nothing done for 7 days or more"))
    if overdue:
        plural = "follow-up is" if overdue == 1 else "follow-ups are"
        found.append(Attention(OVERDUE, f"{overdue} {plural} overdue"))
    if waiting:
        plural = "recap waits" if waiting == 1 else "recaps wait"
        found.append(Attention(RECAP_WAITING, f"{waiting} {plural} for your review"))
    return tuple(found)


def sort_rows(rows: Sequence[SeekerRow], by: str) -> list[SeekerRow]:
    """The rows in the dashboard's order ``by`` (one of SORTS): ``name`` A to Z;
    ``week``: fewest conversations this week first (who is behind); ``active``: least
    recently active first; ``attention``: most flags first. Ties by name, then e-mail."""

    def name(row: SeekerRow) -> tuple[str, str]:
        return by_name(row.name, row.email)

    if by == "week":
        return sorted(rows, key=lambda r: (r.week.conversations, *name(r)))
    if by == "active":
        never = dt.datetime.min.replace(tzinfo=dt.UTC)
        return sorted(rows, key=lambda r: (r.last_active or never, *name(r)))
    if by == "attention":
        return sorted(rows, key=lambda r: (-len(r.needs_attention), *name(r)))
    return sorted(rows, key=name)


def by_name(name: str, email: str) -> tuple[str, str]:
    """The order of people everywhere (dashboard, API, CSV, sharing): by name whatever
    its case, then by e-mail."""
    return (name.casefold(), email.casefold())


def for_the_seeker(attention: Attention, coach: str) -> Attention:
    """What needs attention as the seeker reads it on their sharing page (the coach's
    words name the coach: "1 recap waits for Lee's review")."""
    if attention.id == RECAP_WAITING:
        return Attention(
            attention.id, attention.message.replace("your review", f"{coach}'s review")
        )
    return attention
