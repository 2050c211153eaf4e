"""The proposal engine: three varied times in the next week, around both people.

Pure: everything it needs (now, both sides' hours, zones and holidays, the user's busy
time) comes in as values. DOMAIN.md step 3 says what a good set of options looks like.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from coffeechat.core.hours import WeeklyHours


class OptionKind(StrEnum):
    """The kinds of slot offered, so that the options differ."""

    LUNCH = "lunch"
    AFTER_WORK = "after-work"
    BEFORE_WORK = "before-work"
    FLEXIBLE = "flexible"
    WEEKEND = "weekend"


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


@dataclass(frozen=True)
class Option:
    """One offered slot. For `flexible`, start..end is the window they pick a time in."""

    start: dt.datetime
    end: dt.datetime
    kind: OptionKind
    reason: str


@dataclass
class Proposal:
    """The chosen options, best mix first, and warnings when fewer than asked fit."""

    options: list[Option] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
