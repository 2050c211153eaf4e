"""Cohorts in SQL: who leads and who is in which, joining and leaving, and the counts
a coach's dashboard shows, read from each seeker's own rows with aggregate queries (a
cohort's dashboard is a few statements, however many seekers and contacts: no query per
seeker or per contact). Nothing here reads a contact's name, a note or a draft: the
counts are all a coach gets."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    BigInteger,
    Connection,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    case,
    cast,
    delete,
    distinct,
    exists,
    func,
    literal,
    or_,
    select,
    union_all,
    update,
)

from coffeechat.core.model import EventKind
from coffeechat.store.schema import (
    agenda_cache,
    api_token,
    cohort,
    cohort_member,
    contact,
    conversation,
    event,
    submission,
    submission_version,
    user,
    web_session,
)

#: Statuses of a submission that wait for the coach.
WAITING = ("submitted", "resubmitted")


@dataclass(frozen=True)
class CohortInfo:
    """A cohort, its coach and how many seekers are active in it."""

    id: int
    name: str
    coach_id: int
    coach_email: str
    coach_name: str
    weekly_goal: int
    invite_code: str
    members: int
    created_at: dt.datetime
    #: the viewer's membership when they are a seeker (``active``, ``inactive``), else None
    membership: str | None = None


@dataclass(frozen=True)
class Member:
    """A seeker of a cohort: their account, zone and membership."""

    user_id: int
    email: str
    name: str
    zone: str
    status: str
    joined_at: dt.datetime
    #: the account can sign in (False: an admin deactivated it)
    active: bool = True
    #: when they left with deactivate, and their numbers frozen then (JSON)
    left_at: dt.datetime | None = None
    left_numbers: str | None = None


def cohorts_query() -> Select[Any]:
    """Cohorts with their coach (address, name) and their number of active seekers, by
    name (store/accounts.py lists them all with it)."""
    members = (
        select(cohort_member.c.cohort_id, func.count().label("n"))
        .where(cohort_member.c.status == "active")
        .group_by(cohort_member.c.cohort_id)
        .subquery()
    )
    return (
        select(
            cohort,
            user.c.login_email,
            user.c.name.label("coach_name"),
            func.coalesce(members.c.n, 0).label("members"),
        )
        .join(user, user.c.id == cohort.c.coach_id)
        .outerjoin(members, members.c.cohort_id == cohort.c.id)
        .order_by(cohort.c.name, cohort.c.id)
    )


def _info(row: Any, membership: str | None = None) -> CohortInfo:
    return CohortInfo(
        int(row.id),
        row.name,
        int(row.coach_id),
        row.login_email or "",
        row.coach_name,
        int(row.weekly_goal),
        row.invite_code,
        int(row.members),
        row.created_at,
        membership,
    )


def by_id(conn: Connection, cohort_id: int) -> CohortInfo | None:
    """The cohort ``cohort_id``."""
    row = conn.execute(cohorts_query().where(cohort.c.id == cohort_id)).first()
    return None if row is None else _info(row)


def by_code(conn: Connection, code: str) -> CohortInfo | None:
    """The cohort whose invite code is ``code``."""
    row = conn.execute(cohorts_query().where(cohort.c.invite_code == code)).first()
    return None if row is None else _info(row)


def by_name(conn: Connection, name: str) -> CohortInfo | None:
    """The cohort named ``name``."""
    row = conn.execute(cohorts_query().where(cohort.c.name == name)).first()
    return None if row is None else _info(row)


def led_by(conn: Connection, coach_id: int | None) -> list[CohortInfo]:
    """The cohorts of a coach (every cohort with None), by name."""
    query = cohorts_query()
    if coach_id is not None:
        query = query.where(cohort.c.coach_id == coach_id)
    return [_info(r) for r in conn.execute(query)]


def joined_by(conn: Connection, user_id: int) -> list[CohortInfo]:
    """The cohorts a seeker is in (or left without deleting), by name, each with their
    membership's status."""
    query = (
        cohorts_query()
        .add_columns(cohort_member.c.status.label("membership"))
        .join(
            cohort_member,
            and_(cohort_member.c.cohort_id == cohort.c.id, cohort_member.c.user_id == user_id),
        )
    )
    return [_info(r, r.membership) for r in conn.execute(query)]


def members(conn: Connection, cohort_id: int, user_id: int | None = None) -> list[Member]:
    """The seekers of a cohort, active and inactive (only ``user_id`` when given)."""
    query = (
        select(
            user.c.id,
            user.c.login_email,
            user.c.name,
            user.c.timezone,
            cohort_member.c.status,
            cohort_member.c.joined_at,
            user.c.active,
            cohort_member.c.left_at,
            cohort_member.c.left_numbers,
        )
        .join(user, user.c.id == cohort_member.c.user_id)
        .where(cohort_member.c.cohort_id == cohort_id)
        .order_by(user.c.id)
    )
    if user_id is not None:
        query = query.where(cohort_member.c.user_id == user_id)
    found = [
        Member(
            int(r.id),
            r.login_email or "",
            r.name,
            r.timezone,
            r.status,
            r.joined_at,
            bool(r.active) if r.active is not None else True,
            r.left_at,
            r.left_numbers,
        )
        for r in conn.execute(query)
    ]
    # by name whatever its case, then e-mail (core.cohorts.by_name), the same on every
    # backend (not the database's collation)
    return sorted(found, key=lambda m: (m.name.casefold(), m.email.casefold(), m.user_id))


def membership(conn: Connection, cohort_id: int, user_id: int) -> str | None:
    """``active``, ``inactive``, or None (not in it)."""
    found = conn.execute(
        select(cohort_member.c.status).where(
            cohort_member.c.cohort_id == cohort_id, cohort_member.c.user_id == user_id
        )
    ).scalar()
    return None if found is None else str(found)


def deactivate(
    conn: Connection, cohort_id: int, user_id: int, frozen: str, now: dt.datetime
) -> bool:
    """Mark a seeker's membership inactive, keeping ``frozen`` (their numbers at
    ``now``, ``core.cohorts.freeze``) for the coach; False when they were not in it."""
    result = conn.execute(
        update(cohort_member)
        .where(cohort_member.c.cohort_id == cohort_id, cohort_member.c.user_id == user_id)
        .values(status="inactive", left_at=now, left_numbers=frozen)
    )
    return bool(result.rowcount)


def rejoined(conn: Connection, cohort_id: int, user_id: int) -> None:
    """Back in after leaving with deactivate: the frozen numbers go (the counts are
    live again)."""
    conn.execute(
        update(cohort_member)
        .where(
            cohort_member.c.cohort_id == cohort_id,
            cohort_member.c.user_id == user_id,
            cohort_member.c.status == "active",
        )
        .values(left_at=None, left_numbers=None)
    )


def remove(conn: Connection, cohort_id: int, user_id: int) -> int:
    """Take a seeker out of a cohort with everything they submitted to it (versions and
    comments go by cascade); how many submissions went."""
    ids = select(submission.c.id).where(
        submission.c.cohort_id == cohort_id, submission.c.seeker_id == user_id
    )
    gone = [int(i) for i in conn.execute(ids).scalars()]
    if gone:
        # explicitly, children first: SQLite's cascades need its foreign keys on
        from coffeechat.store.schema import submission_comment

        conn.execute(delete(submission_comment).where(submission_comment.c.submission_id.in_(gone)))
        conn.execute(delete(submission_version).where(submission_version.c.submission_id.in_(gone)))
        conn.execute(delete(submission).where(submission.c.id.in_(gone)))
    conn.execute(
        delete(cohort_member).where(
            cohort_member.c.cohort_id == cohort_id, cohort_member.c.user_id == user_id
        )
    )
    return len(gone)


# --- the dashboard's counts ------------------------------------------------------------------


@dataclass(frozen=True)
class Activity:
    """One seeker's counts by week (0: this week) and kind: ``outreach`` and ``reply``
    (contacts), ``meeting`` (a contact and a day), ``recap`` (versions submitted)."""

    weeks: dict[int, dict[str, int]]


@dataclass(frozen=True)
class ZoneGroup:
    """Seekers who share a zone, and the local midnights that cut their weeks into days
    (``core.cohorts.midnights``)."""

    owner_ids: list[int]
    midnights: list[dt.datetime]


@functools.cache
def _activity_query(groups: int, cuts: int) -> Select[Any]:
    """Counts per (owner, day's week, kind) for ``groups`` zone groups of ``cuts``
    midnights each: the contacts with an outreach or a reply, the (contact, day) pairs
    with a meeting logged or a conversation held (as ``stats`` and Today count
    conversations), and the recap versions submitted to the cohort (each in one day:
    counted as rows). A fact's day is found by comparing its instant with its owner's
    midnights (a CASE, as ``events.meeting_days`` does), so the statement reads each
    fact once, through the (owner, kind, at) indexes. Built once per shape."""
    stamp = event.c.at.type
    owners: Any = bindparam("owners", expanding=True)
    since = bindparam("since", type_=stamp)
    now = bindparam("now", type_=stamp)
    kinds = [EventKind.OUTREACH.value, EventKind.REPLY.value, EventKind.MEETING.value]
    logged = select(
        event.c.owner_id, event.c.kind, event.c.contact_id.label("thing"), event.c.at
    ).where(
        event.c.owner_id.in_(owners),
        event.c.kind.in_(kinds),
        event.c.at >= since,
        event.c.at <= now,
    )
    held = select(
        conversation.c.owner_id,
        literal(EventKind.MEETING.value, String).label("kind"),
        conversation.c.contact_id.label("thing"),
        conversation.c.start.label("at"),
    ).where(
        conversation.c.owner_id.in_(owners),
        conversation.c.status == "held",
        conversation.c.start.is_not(None),
        conversation.c.start >= since,
        conversation.c.start <= now,
    )
    recaps = (
        select(
            submission.c.seeker_id.label("owner_id"),
            literal("recap", String).label("kind"),
            submission_version.c.submission_id.label("thing"),
            submission_version.c.submitted_at.label("at"),
        )
        .join(submission, submission.c.id == submission_version.c.submission_id)
        .where(
            submission.c.cohort_id == bindparam("cohort_id", type_=Integer),
            submission.c.seeker_id.in_(owners),
            submission_version.c.submitted_at >= since,
            submission_version.c.submitted_at <= now,
        )
    )
    facts = union_all(logged, held, recaps).subquery("facts")

    def day_of(g: int) -> Any:
        """The fact's day among group ``g``'s (-1 outside them)."""
        return case(
            *((facts.c.at < bindparam(f"g{g}_m{i}", type_=stamp), i - 1) for i in range(cuts)),
            else_=-1,
        )

    day = case(
        *(
            (facts.c.owner_id.in_(bindparam(f"g{g}_owners", expanding=True)), day_of(g))
            for g in range(groups)
        ),
        else_=-1,
    )
    days = select(facts.c.owner_id, facts.c.kind, facts.c.thing, day.label("day")).subquery("days")
    week = days.c.day // 7
    return (
        select(
            days.c.owner_id,
            week.label("week"),
            days.c.kind,
            func.count(distinct(days.c.thing)).label("things"),
            func.count(distinct(cast(days.c.thing, BigInteger) * 64 + days.c.day)).label(
                "thing_days"
            ),
            func.count().label("rows"),
        )
        .where(days.c.day >= 0)
        .group_by(days.c.owner_id, week, days.c.kind)
    )


def activity(
    conn: Connection, cohort_id: int, groups: Sequence[ZoneGroup], now: dt.datetime
) -> dict[int, Activity]:
    """Each owner's counts by week (0: this week) and kind, their days cut by their
    group's midnights, up to ``now``: one statement for the whole cohort."""
    found: dict[int, Activity] = {o: Activity({}) for g in groups for o in g.owner_ids}
    if not groups:
        return found
    cuts = len(groups[0].midnights)
    assert all(len(g.midnights) == cuts for g in groups)
    values: dict[str, Any] = {
        "owners": sorted(found),
        "since": min(g.midnights[0] for g in groups),
        "now": now,
        "cohort_id": cohort_id,
    }
    for n, g in enumerate(groups):
        values[f"g{n}_owners"] = g.owner_ids
        values.update({f"g{n}_m{i}": m for i, m in enumerate(g.midnights)})
    last = (cuts - 1) // 7 - 1  # the week of the last day, counted from the oldest
    for row in conn.execute(_activity_query(len(groups), cuts), values):
        if row.kind == EventKind.MEETING.value:
            count = int(row.thing_days)
        elif row.kind == "recap":
            count = int(row.rows)
        else:
            count = int(row.things)
        weeks = found[int(row.owner_id)].weeks
        weeks.setdefault(last - int(row.week), {})[row.kind] = count
    return found


def last_active(conn: Connection, user_ids: Sequence[int]) -> dict[int, dt.datetime]:
    """When each user last did something: the latest of their contacts' and events'
    creation, their web sessions' last use and their API tokens' (one statement)."""
    if not user_ids:
        return {}
    ids = list(user_ids)
    moments = union_all(
        select(event.c.owner_id.label("who"), func.max(event.c.created_at).label("at"))
        .where(event.c.owner_id.in_(ids))
        .group_by(event.c.owner_id),
        select(contact.c.owner_id, func.max(contact.c.created_at))
        .where(contact.c.owner_id.in_(ids))
        .group_by(contact.c.owner_id),
        select(web_session.c.user_id, func.max(web_session.c.last_seen_at))
        .where(web_session.c.user_id.in_(ids))
        .group_by(web_session.c.user_id),
        select(api_token.c.user_id, func.max(api_token.c.last_used_at))
        .where(api_token.c.user_id.in_(ids), api_token.c.last_used_at.is_not(None))
        .group_by(api_token.c.user_id),
    ).subquery()
    rows = conn.execute(
        select(moments.c.who, func.max(moments.c.at).label("at")).group_by(moments.c.who)
    )
    found = {}
    for r in rows:
        if r.at is None:
            continue
        at = r.at
        if isinstance(at, str):  # SQLite: MAX over a UNION loses the column's type
            at = dt.datetime.fromisoformat(at)
        if at.tzinfo is None:  # stored as naive UTC
            at = at.replace(tzinfo=dt.UTC)
        found[int(r.who)] = at
    return found


def waiting(conn: Connection, cohort_id: int, user_ids: Sequence[int]) -> dict[int, int]:
    """How many submissions of each seeker wait for the coach in this cohort."""
    if not user_ids:
        return {}
    rows = conn.execute(
        select(submission.c.seeker_id, func.count())
        .where(
            submission.c.cohort_id == cohort_id,
            submission.c.seeker_id.in_(list(user_ids)),
            submission.c.status.in_(WAITING),
        )
        .group_by(submission.c.seeker_id)
    )
    return {int(r[0]): int(r[1]) for r in rows}


def recap_totals(conn: Connection, cohort_id: int, user_ids: Sequence[int]) -> dict[int, int]:
    """How many recap versions each seeker submitted to this cohort, all told."""
    if not user_ids:
        return {}
    rows = conn.execute(
        select(submission.c.seeker_id, func.count())
        .select_from(submission_version)
        .join(submission, submission.c.id == submission_version.c.submission_id)
        .where(submission.c.cohort_id == cohort_id, submission.c.seeker_id.in_(list(user_ids)))
        .group_by(submission.c.seeker_id)
    )
    return {int(r[0]): int(r[1]) for r in rows}


@dataclass(frozen=True)
class Submitted:
    """A recap a seeker submitted to a cohort, as the sharing page lists it."""

    id: int
    cohort_id: int
    title: str
    status: str
    version: int
    submitted_at: dt.datetime


def submitted(conn: Connection, user_id: int) -> list[Submitted]:
    """The recaps a seeker submitted (to any cohort), newest first, each with its latest
    version's title."""
    rows = conn.execute(
        select(
            submission.c.id,
            submission.c.cohort_id,
            submission_version.c.title,
            submission.c.status,
            submission.c.version,
            submission.c.submitted_at,
        )
        .join(
            submission_version,
            and_(
                submission_version.c.submission_id == submission.c.id,
                submission_version.c.version == submission.c.version,
            ),
        )
        .where(submission.c.seeker_id == user_id)
        .order_by(submission.c.submitted_at.desc(), submission.c.id.desc())
    )
    return [
        Submitted(int(r.id), int(r.cohort_id), r.title, r.status, int(r.version), r.submitted_at)
        for r in rows
    ]


# --- overdue follow-ups (the agenda cache) -----------------------------------------------------


def stale_owners(conn: Connection, owner_ids: Sequence[int], now: dt.datetime) -> set[int]:
    """The owners whose agenda cache is not valid at ``now`` for some contact: the
    checks of ``agenda_cache.stale_ids`` (rows whose validity ended or begins later, or
    no row at all for an owner with contacts), for many owners in one statement."""
    if not owner_ids:
        return set()
    ids = list(owner_ids)
    c = agenda_cache.c
    invalid = (
        select(c.owner_id)
        .where(c.owner_id.in_(ids), or_(c.valid_until <= now, c.valid_from > now))
        .group_by(c.owner_id)
    )
    empty = (
        select(contact.c.owner_id)
        .where(
            contact.c.owner_id.in_(ids),
            ~exists().where(agenda_cache.c.owner_id == contact.c.owner_id),
        )
        .group_by(contact.c.owner_id)
    )
    return {int(r[0]) for r in conn.execute(union_all(invalid, empty))}


def overdue(conn: Connection, todays: dict[int, dt.date], now: dt.datetime) -> dict[int, int]:
    """How many open follow-ups of each owner are past due (``core.followups.is_overdue``:
    a day before the owner's ``todays[owner]``, or an instant due by already passed),
    from cache rows valid at ``now`` in the owner's zone (one statement)."""
    if not todays:
        return {}
    c = agenda_cache.c
    by_day: dict[dt.date, list[int]] = {}
    for owner, day in todays.items():
        by_day.setdefault(day, []).append(owner)
    late = or_(
        *(and_(c.owner_id.in_(owners), c.due < day) for day, owners in by_day.items()),
        and_(c.due_at.is_not(None), c.due_at <= now),
    )
    rows = conn.execute(
        select(c.owner_id, func.count())
        .join(user, and_(user.c.id == c.owner_id, user.c.timezone == c.user_zone))
        .where(
            c.owner_id.in_(list(todays)),
            c.due.is_not(None),
            or_(c.valid_from.is_(None), c.valid_from <= now),
            or_(c.valid_until.is_(None), c.valid_until > now),
            late,
        )
        .group_by(c.owner_id)
    )
    return {int(r[0]): int(r[1]) for r in rows}
