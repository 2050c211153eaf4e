"""The words of the domain: enums and plain dataclasses shared by every layer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class Seniority(StrEnum):
    """How senior a contact is in their job."""

    ENTRY = "entry"
    MID = "mid"
    SENIOR = "senior"
    LEAD = "lead"
    EXECUTIVE = "executive"


class HowMet(StrEnum):
    """How the user came to know a contact."""

    EVENT = "event"
    ONLINE = "online"
    INTRODUCED = "introduced"
    ALREADY_KNOWN = "already-known"
    OTHER = "other"


class EventKind(StrEnum):
    """What happened with a contact: one entry on its timeline."""

    OUTREACH = "outreach"
    REPLY = "reply"
    FOLLOW_UP = "follow-up"
    SCHEDULING_EMAIL = "scheduling-email"
    MEETING = "meeting"
    THANK_YOU = "thank-you"
    INTRO_REQUEST = "intro-request"
    INTRODUCED = "introduced"
    REPORT_BACK = "report-back"
    KEEP_IN_TOUCH = "keep-in-touch"
    NOTE = "note"
    # Not logged by hand: the user setting a stage explicitly is a fact of its own,
    # and writing a recap (`coffeechat recap`) is one too.
    STAGE = "stage"
    RECAP = "recap"


#: The kinds a user logs with `coffeechat log` (all but the internal ones).
LOGGABLE_KINDS: tuple[EventKind, ...] = tuple(
    k for k in EventKind if k not in (EventKind.STAGE, EventKind.RECAP)
)


class Stage(StrEnum):
    """Where a relationship stands; derived from the contact's timeline."""

    MET = "met"
    #: Someone offered to introduce the user to them: the introduction comes first.
    INTRO_OFFERED = "intro-offered"
    REACHED_OUT = "reached-out"
    AGREED = "agreed"
    SCHEDULING = "scheduling"
    SCHEDULED = "scheduled"
    MET_UP = "met-up"
    RECAPPED = "recapped"
    FOLLOWING_UP = "following-up"
    NO_REPLY = "no-reply"
    DECLINED = "declined"


#: The pipeline in order; `no-reply` and `declined` stand beside it.
PIPELINE: tuple[Stage, ...] = (
    Stage.MET,
    Stage.INTRO_OFFERED,
    Stage.REACHED_OUT,
    Stage.AGREED,
    Stage.SCHEDULING,
    Stage.SCHEDULED,
    Stage.MET_UP,
    Stage.RECAPPED,
    Stage.FOLLOWING_UP,
)

#: Every stage in the order the board shows them.
BOARD_ORDER: tuple[Stage, ...] = (*PIPELINE, Stage.NO_REPLY, Stage.DECLINED)


@dataclass(frozen=True)
class Event:
    """One fact on a contact's timeline: an instant (UTC), the zone it was meant in."""

    id: int
    contact_id: int
    kind: EventKind
    at: dt.datetime
    zone: str
    note: str | None = None
    value: str | None = None
    #: When it was written down (a meeting can be logged days before it happens).
    recorded_at: dt.datetime | None = None


@dataclass
class Contact:
    """A person in the user's network."""

    id: int
    name: str
    emails: list[str] = field(default_factory=list)
    phone: str | None = None
    linkedin: str | None = None
    company: str | None = None
    company_id: int | None = None
    title: str | None = None
    seniority: Seniority | None = None
    city: str | None = None
    timezone: str | None = None
    work_hours: str = "Mon-Fri 09:00-17:00"
    country: str | None = None
    how_met: HowMet | None = None
    met_at: str | None = None
    met_on: dt.date | None = None
    introduced_by_id: int | None = None
    introduced_by: str | None = None
    tags: list[str] = field(default_factory=list)
    note: str | None = None
    created_at: dt.datetime | None = None
    #: Months between keep-in-touch notes (None: the default, 3).
    keep_in_touch: int | None = None
    #: Why the user wants to talk to this person ("your talk on streaming at PyData"):
    #: the outreach draft's reason for writing to them.
    reason: str | None = None
    #: When someone first offered to introduce the user to this contact (an
    #: ``introduction`` row naming them; None: never). It feeds the derived stage.
    intro_offered_at: dt.datetime | None = None
    stage: Stage = Stage.MET
    stage_since: dt.datetime | None = None
    last_event_at: dt.datetime | None = None


@dataclass
class Company:
    """An employer; a target when the user put it on the LAMP list (``target``: added
    with `company add`, scored, or marked), else a company a contact works at."""

    id: int
    name: str
    website: str | None = None
    advocacy: bool | None = None
    motivation: int | None = None
    posting: int | None = None
    note: str | None = None
    target: bool = False
    #: The place on the LAMP list (1-based); None for a company that is not a target.
    rank: int | None = None
    active: bool = False
    contacts: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class UserSettings:
    """The workspace owner's settings."""

    name: str
    email: str | None = None
    timezone: str = "UTC"
    country: str | None = None
    availability: str = "Mon-Fri 08:00-20:00"
    signature: str | None = None
    phone: str | None = None
    weekly_goal: int = 3
    #: Cities where the user can meet people in person ("Chicago, Evanston"); empty:
    #: the city of ``timezone``.
    cities: str | None = None
    # Sending e-mail (optional): the password is never stored, only where to find it.
    smtp_host: str | None = None
    smtp_port: int | None = None
    smtp_security: str = "starttls"
    smtp_user: str | None = None
    #: The paper to print on (a4 or letter); None: the size of ``country`` (core.paper).
    paper: str | None = None
