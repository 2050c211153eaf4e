"""The team server's daily digests, the worker's heartbeat and per-user agenda feed keys.
SQL only: when a digest is due and what it says are in core/digests.py and
service/digests.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, and_, bindparam, delete, func, select, update

from coffeechat.store import prepared
from coffeechat.store.database import insert_new, upsert
from coffeechat.store.schema import (
    DEFAULT_DIGEST_HOUR,
    cohort,
    digest,
    digest_setting,
    feed_key,
    submission,
    submission_version,
    user,
    worker_heartbeat,
)

#: Who receives a digest: these roles (an admin manages accounts, and has no agenda).
DIGEST_ROLES = ("seeker", "coach")
#: The statuses of a submission that wait for the coach.
WAITING = ("submitted", "resubmitted")


@dataclass(frozen=True)
class Recipient:
    """An active account that may get a digest, with its choice and its zone."""

    id: int
    email: str
    name: str
    role: str
    timezone: str
    country: str | None
    enabled: bool
    hour: int


def recipients(conn: Connection, user_id: int | None = None) -> list[Recipient]:
    """Every active seeker and coach with a sign-in address, and their digest choice
    (that of ``user_id`` only, when given)."""
    query = (
        select(
            user.c.id,
            user.c.login_email,
            user.c.name,
            user.c.role,
            user.c.timezone,
            user.c.country,
            digest_setting.c.enabled,
            digest_setting.c.hour,
        )
        .outerjoin(digest_setting, digest_setting.c.user_id == user.c.id)
        .where(
            user.c.active.is_(True),
            user.c.login_email.is_not(None),
            user.c.role.in_(DIGEST_ROLES),
        )
        .order_by(user.c.id)
    )
    if user_id is not None:
        query = query.where(user.c.id == user_id)
    rows = conn.execute(query)
    return [
        Recipient(
            int(r.id),
            r.login_email,
            r.name,
            r.role,
            r.timezone,
            r.country,
            True if r.enabled is None else bool(r.enabled),
            DEFAULT_DIGEST_HOUR if r.hour is None else int(r.hour),
        )
        for r in rows
    ]


def recipient(conn: Connection, user_id: int) -> Recipient | None:
    """One account's digest choice (None: no active seeker or coach of that id)."""
    found = recipients(conn, user_id)
    return found[0] if found else None


def choice(conn: Connection, user_id: int) -> tuple[bool, int]:
    """A user's digest choice: (on, hour); the default when they never chose."""
    row = conn.execute(
        select(digest_setting.c.enabled, digest_setting.c.hour).where(
            digest_setting.c.user_id == user_id
        )
    ).first()
    if row is None:
        return True, DEFAULT_DIGEST_HOUR
    return bool(row.enabled), int(row.hour)


def set_choice(conn: Connection, user_id: int, enabled: bool, hour: int) -> None:
    """Keep a user's digest choice."""
    values = {"user_id": user_id, "enabled": enabled, "hour": hour}
    conn.execute(upsert(conn, digest_setting, ("user_id",), values))


def days_given(
    conn: Connection, user_ids: list[int], first: dt.date, last: dt.date
) -> set[tuple[int, dt.date]]:
    """The (user, day) pairs of ``user_ids`` between ``first`` and ``last`` that already
    have a digest (taken, sent or empty)."""
    if not user_ids:
        return set()
    rows = conn.execute(
        select(digest.c.user_id, digest.c.local_date).where(
            digest.c.user_id.in_(user_ids),
            digest.c.local_date >= first,
            digest.c.local_date <= last,
        )
    )
    return {(int(r.user_id), r.local_date) for r in rows}


def take(conn: Connection, user_id: int, day: dt.date, now: dt.datetime) -> bool:
    """Take the digest of ``user_id`` for ``day`` (their zone's day); False when it was
    taken already, by this worker or another (race-free: the unique (user, day))."""
    made = conn.execute(
        insert_new(conn, digest, "user_id", "local_date")
        .values(user_id=user_id, local_date=day, status="sending", items=0, created_at=now)
        .returning(digest.c.id)
    ).scalar()
    return made is not None


def finish(
    conn: Connection, user_id: int, day: dt.date, status: str, items: int, now: dt.datetime
) -> None:
    """The digest of ``day`` was sent (or was empty, so not sent)."""
    conn.execute(
        update(digest)
        .where(digest.c.user_id == user_id, digest.c.local_date == day)
        .values(status=status, items=items, sent_at=now if status == "sent" else None)
    )


def give_back(conn: Connection, user_id: int, day: dt.date) -> None:
    """The digest of ``day`` could not be sent: free it for a later pass."""
    conn.execute(
        delete(digest).where(
            digest.c.user_id == user_id, digest.c.local_date == day, digest.c.status == "sending"
        )
    )


def last_sent(conn: Connection, user_id: int) -> dt.datetime | None:
    """When the user's last digest went out (None: never)."""
    found = conn.execute(
        select(func.max(digest.c.sent_at)).where(
            digest.c.user_id == user_id, digest.c.status == "sent"
        )
    ).scalar()
    return found


# --- the coach's queue -------------------------------------------------------------------------


@dataclass(frozen=True)
class Waiting:
    """A recap waiting for its coach: what the coach may see of it, and nothing more."""

    id: int
    title: str
    seeker_name: str
    cohort_name: str
    status: str
    submitted_at: dt.datetime


def waiting_for(conn: Connection, coach_id: int) -> list[Waiting]:
    """The submissions waiting for review in the cohorts ``coach_id`` leads, oldest
    first."""
    rows = conn.execute(
        select(
            submission.c.id,
            submission.c.status,
            submission.c.submitted_at,
            submission_version.c.title,
            user.c.name,
            cohort.c.name.label("cohort_name"),
        )
        .join(cohort, cohort.c.id == submission.c.cohort_id)
        .join(user, user.c.id == submission.c.seeker_id)
        .join(
            submission_version,
            and_(
                submission_version.c.submission_id == submission.c.id,
                submission_version.c.version == submission.c.version,
            ),
        )
        .where(cohort.c.coach_id == coach_id, submission.c.status.in_(WAITING))
        .order_by(submission.c.submitted_at, submission.c.id)
    )
    return [
        Waiting(int(r.id), r.title, r.name, r.cohort_name, r.status, r.submitted_at) for r in rows
    ]


# --- the worker's heartbeat --------------------------------------------------------------------


def beat(conn: Connection, name: str, now: dt.datetime, detail: str | None = None) -> None:
    """The worker ``name`` ran at ``now``."""
    values = {"name": name, "at": now, "detail": detail}
    conn.execute(upsert(conn, worker_heartbeat, ("name",), values))


def beats(
    conn: Connection, names: list[str], *, lock: bool = False
) -> dict[str, tuple[dt.datetime, str | None]]:
    """The heartbeats of ``names`` that were written: name → (at, detail); ``lock``:
    held until the transaction ends (PostgreSQL; SQLite has one writer anyway)."""
    query = select(worker_heartbeat.c.name, worker_heartbeat.c.at, worker_heartbeat.c.detail)
    query = query.where(worker_heartbeat.c.name.in_(names))
    if lock:
        query = query.with_for_update()
    return {r.name: (r.at, r.detail) for r in conn.execute(query)}


def last_beat(conn: Connection, name: str) -> dt.datetime | None:
    """When the worker ``name`` last ran (None: never)."""
    found = conn.execute(
        select(worker_heartbeat.c.at).where(worker_heartbeat.c.name == name)
    ).scalar()
    return found


# --- agenda feed keys --------------------------------------------------------------------------


@dataclass(frozen=True)
class Feed:
    """A user's feed key, and when and by what it was last fetched."""

    key: str
    fetched_at: dt.datetime | None
    agent: str | None


def feed_of(conn: Connection, user_id: int) -> Feed | None:
    """The user's feed key (None: none made yet)."""
    found = prepared.rows(conn, _FEED_OF, {"user_id": user_id})
    return None if not found else Feed(found[0].key, found[0].fetched_at, found[0].agent)


#: feed_of's statement, built once (every page of the team server reads it).
_FEED_OF = select(feed_key.c.key, feed_key.c.fetched_at, feed_key.c.agent).where(
    feed_key.c.user_id == bindparam("user_id")
)


def add_feed(conn: Connection, user_id: int, key: str, now: dt.datetime) -> None:
    """Make the user's feed key, unless another request made one first."""
    conn.execute(
        insert_new(conn, feed_key, "user_id").values(user_id=user_id, key=key, created_at=now)
    )


def renew_feed(conn: Connection, user_id: int, key: str, now: dt.datetime) -> None:
    """Replace the user's feed key (the old one stops working)."""
    values = {"user_id": user_id, "key": key, "created_at": now, "fetched_at": None, "agent": None}
    conn.execute(upsert(conn, feed_key, ("user_id",), values))


def feed_user(conn: Connection, key: str) -> int | None:
    """Whose feed key ``key`` is (an active account's only)."""
    found = conn.execute(
        select(feed_key.c.user_id)
        .join(user, user.c.id == feed_key.c.user_id)
        .where(feed_key.c.key == key, user.c.active.is_(True))
    ).scalar()
    return None if found is None else int(found)


def feed_fetched(conn: Connection, user_id: int, now: dt.datetime, agent: str | None) -> None:
    """A calendar app fetched the user's feed."""
    conn.execute(
        update(feed_key).where(feed_key.c.user_id == user_id).values(fetched_at=now, agent=agent)
    )


def has_table(conn: Connection, name: str) -> bool:
    """Whether the database has a table ``name`` (procrastinate's, made by the worker)."""
    from sqlalchemy import inspect

    return bool(inspect(conn).has_table(name))
