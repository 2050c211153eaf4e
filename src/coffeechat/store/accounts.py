"""The team server's accounts: users' sign-in columns, sessions, API tokens, failed
sign-ins, password resets, cohorts and the audit log. SQL only: the rules are in
core/accounts.py and service/accounts.py. Secrets are stored as SHA-256 digests (tokens,
session ids, reset links) or argon2id hashes (passwords), never as given."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, and_, bindparam, delete, func, insert, select, text, update

from coffeechat.core.model import UserSettings
from coffeechat.store import prepared
from coffeechat.store.database import insert_new
from coffeechat.store.schema import (
    api_token,
    audit_log,
    cohort,
    cohort_member,
    login_attempt,
    password_reset,
    user,
    web_session,
)
from coffeechat.store.users import _FIELDS


@dataclass(frozen=True)
class Account:
    """A user as the team server knows them."""

    id: int
    email: str | None
    name: str
    role: str
    active: bool
    password_hash: str | None
    created_at: dt.datetime


_ACCOUNT = (
    user.c.id,
    user.c.login_email,
    user.c.name,
    user.c.role,
    user.c.active,
    user.c.password_hash,
    user.c.created_at,
)


def _account(row: Any) -> Account:
    return Account(
        int(row.id),
        row.login_email,
        row.name,
        row.role,
        bool(row.active),
        row.password_hash,
        row.created_at,
    )


# --- users -------------------------------------------------------------------------------


def create_user(
    conn: Connection,
    settings: UserSettings,
    email: str,
    role: str,
    password_hash: str | None,
    now: dt.datetime,
) -> int | None:
    """Insert an account; None when its address is taken (race-free: ON CONFLICT)."""
    values = {f: getattr(settings, f) for f in _FIELDS}
    statement = insert_new(conn, user, "login_email").values(
        **values,
        created_at=now,
        login_email=email,
        role=role,
        password_hash=password_hash,
        active=True,
    )
    found = conn.execute(statement.returning(user.c.id)).scalar()
    return None if found is None else int(found)


def by_email(conn: Connection, email: str) -> Account | None:
    """The account of a (normalised) sign-in address."""
    row = conn.execute(select(*_ACCOUNT).where(user.c.login_email == email)).first()
    return None if row is None else _account(row)


def by_id(conn: Connection, user_id: int) -> Account | None:
    """The account of a user id."""
    row = conn.execute(select(*_ACCOUNT).where(user.c.id == user_id)).first()
    return None if row is None else _account(row)


def accounts(conn: Connection) -> list[Account]:
    """Every account with a sign-in address, by address."""
    rows = conn.execute(
        select(*_ACCOUNT).where(user.c.login_email.is_not(None)).order_by(user.c.login_email)
    )
    return [_account(r) for r in rows]


def set_account(conn: Connection, user_id: int, **values: Any) -> None:
    """Change account columns (``password_hash``, ``role``, ``active``, ``name``)."""
    assert set(values) <= {"password_hash", "role", "active", "name"}, values
    conn.execute(update(user).where(user.c.id == user_id).values(**values))


# --- sessions ------------------------------------------------------------------------------


def add_session(
    conn: Connection,
    digest: str,
    user_id: int,
    now: dt.datetime,
    expires_at: dt.datetime,
    user_agent: str | None,
    ip: str | None,
) -> None:
    """A new session (``digest``: the SHA-256 of the id in its cookie)."""
    conn.execute(
        insert(web_session).values(
            id=digest,
            user_id=user_id,
            created_at=now,
            last_seen_at=now,
            expires_at=expires_at,
            user_agent=user_agent,
            ip=ip,
        )
    )


@dataclass(frozen=True)
class Seen:
    """A live session or token, and whose."""

    account: Account
    last_seen_at: dt.datetime | None


def session_account(conn: Connection, digest: str, now: dt.datetime) -> Seen | None:
    """The account of a live session: not revoked, not expired, the account active."""
    found = prepared.rows(conn, _SESSION_ACCOUNT, {"digest": digest, "now": now})
    return None if not found else Seen(_account(found[0]), found[0].last_seen_at)


#: session_account's and token_account's statements, built once: every request of the
#: team server runs one (``store/prepared.py``).
_SESSION_ACCOUNT = (
    select(*_ACCOUNT, web_session.c.last_seen_at)
    .join(user, user.c.id == web_session.c.user_id)
    .where(
        web_session.c.id == bindparam("digest"),
        web_session.c.revoked_at.is_(None),
        web_session.c.expires_at > bindparam("now"),
        user.c.active.is_(True),
    )
    .limit(1)
)
_TOKEN_ACCOUNT = (
    select(*_ACCOUNT, api_token.c.last_used_at)
    .join(user, user.c.id == api_token.c.user_id)
    .where(
        api_token.c.token_hash == bindparam("digest"),
        api_token.c.revoked_at.is_(None),
        user.c.active.is_(True),
    )
    .limit(1)
)


def touch_session(conn: Connection, digest: str, now: dt.datetime, expires_at: dt.datetime) -> None:
    """The session was used: seen now, and live until ``expires_at``."""
    conn.execute(
        update(web_session)
        .where(web_session.c.id == digest)
        .values(last_seen_at=now, expires_at=expires_at)
    )


def revoke_session(conn: Connection, digest: str, now: dt.datetime) -> None:
    """End one session."""
    conn.execute(
        update(web_session)
        .where(web_session.c.id == digest, web_session.c.revoked_at.is_(None))
        .values(revoked_at=now)
    )


def revoke_sessions(conn: Connection, user_id: int, now: dt.datetime) -> int:
    """End every session of a user; how many were live."""
    result = conn.execute(
        update(web_session)
        .where(web_session.c.user_id == user_id, web_session.c.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    return int(result.rowcount)


# --- API tokens ----------------------------------------------------------------------------


def add_token(conn: Connection, user_id: int, name: str, digest: str, now: dt.datetime) -> int:
    """A new API token (``digest``: its SHA-256); its id."""
    found = conn.execute(
        insert(api_token)
        .values(user_id=user_id, name=name, token_hash=digest, created_at=now)
        .returning(api_token.c.id)
    ).scalar_one()
    return int(found)


def token_account(conn: Connection, digest: str) -> Seen | None:
    """The account of a live token: not revoked, the account active."""
    found = prepared.rows(conn, _TOKEN_ACCOUNT, {"digest": digest})
    return None if not found else Seen(_account(found[0]), found[0].last_used_at)


def touch_token(conn: Connection, digest: str, now: dt.datetime) -> None:
    """The token was used now."""
    conn.execute(update(api_token).where(api_token.c.token_hash == digest).values(last_used_at=now))


def revoke_tokens(conn: Connection, user_id: int, now: dt.datetime, name: str | None = None) -> int:
    """Revoke a user's tokens (those named ``name`` only, when given); how many."""
    where = [api_token.c.user_id == user_id, api_token.c.revoked_at.is_(None)]
    if name is not None:
        where.append(api_token.c.name == name)
    result = conn.execute(update(api_token).where(*where).values(revoked_at=now))
    return int(result.rowcount)


@dataclass(frozen=True)
class TokenRow:
    """An API token as its owner's admin sees it: its label and dates, never the secret."""

    name: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


def tokens(conn: Connection, user_id: int) -> list[TokenRow]:
    """A user's tokens, live and revoked, oldest first."""
    rows = conn.execute(
        select(api_token.c.name, api_token.c.created_at, api_token.c.last_used_at)
        .add_columns(api_token.c.revoked_at)
        .where(api_token.c.user_id == user_id)
        .order_by(api_token.c.id)
    )
    return [TokenRow(*row) for row in rows]


# --- failed sign-ins ------------------------------------------------------------------------


#: The class of the PostgreSQL advisory locks of sign-in attempts ("la"); the second key
#: is a hash of the attempt's key (an account, a network address).
ATTEMPTS_LOCK = 0x6C61


def lock_attempts(conn: Connection, keys: list[str]) -> None:
    """Hold the lock of each of ``keys`` until the transaction ends, so that counting
    the attempts and writing one down is one step: of many attempts at once, each
    counts every one before it. On PostgreSQL an advisory lock per key (taken in one
    order: no deadlock); SQLite's write transactions (BEGIN IMMEDIATE) hold its only
    write lock already."""
    if conn.dialect.name != "postgresql":
        return
    for key in sorted(set(keys)):
        number = int.from_bytes(hashlib.sha256(key.encode()).digest()[:4], "big", signed=True)
        conn.execute(
            text("SELECT pg_advisory_xact_lock(:kind, :key)"),
            {"kind": ATTEMPTS_LOCK, "key": number},
        )


def add_failure(conn: Connection, keys: list[str], now: dt.datetime) -> list[int]:
    """An attempt, counted against each of ``keys`` (a failed one, or one not yet
    checked: ``drop_attempts`` takes it back when it succeeds); the ids of its rows."""
    return [
        int(
            conn.execute(
                insert(login_attempt).values(key=k, at=now).returning(login_attempt.c.id)
            ).scalar_one()
        )
        for k in keys
    ]


def drop_attempts(conn: Connection, ids: list[int]) -> None:
    """Take back the rows of an attempt that succeeded."""
    if ids:
        conn.execute(delete(login_attempt).where(login_attempt.c.id.in_(ids)))


def failures(conn: Connection, key: str, since: dt.datetime) -> int:
    """Failed sign-ins counted against ``key`` since ``since``."""
    found = conn.execute(
        select(func.count())
        .select_from(login_attempt)
        .where(login_attempt.c.key == key, login_attempt.c.at >= since)
    ).scalar_one()
    return int(found)


def forget_failures(conn: Connection, key: str | None, before: dt.datetime) -> None:
    """Forget ``key``'s failures (all of them), and everyone's older than ``before``."""
    condition = login_attempt.c.at < before
    if key is not None:
        condition = condition | (login_attempt.c.key == key)
    conn.execute(delete(login_attempt).where(condition))


# --- password resets --------------------------------------------------------------------------


def add_reset(
    conn: Connection, digest: str, user_id: int, now: dt.datetime, expires_at: dt.datetime
) -> None:
    """A new reset link (``digest``: its token's SHA-256)."""
    conn.execute(
        insert(password_reset).values(
            token_hash=digest, user_id=user_id, created_at=now, expires_at=expires_at
        )
    )


def end_resets(conn: Connection, user_id: int, now: dt.datetime) -> int:
    """Use up every outstanding reset link of a user (its password changed: an older
    link must not change it again); how many there were."""
    result = conn.execute(
        update(password_reset)
        .where(password_reset.c.user_id == user_id, password_reset.c.used_at.is_(None))
        .values(used_at=now)
    )
    return int(result.rowcount)


def reset_user(conn: Connection, digest: str, now: dt.datetime) -> int | None:
    """Whose reset link this is, while it is unused and not expired."""
    found = conn.execute(
        select(password_reset.c.user_id).where(
            password_reset.c.token_hash == digest,
            password_reset.c.used_at.is_(None),
            password_reset.c.expires_at > now,
        )
    ).scalar()
    return None if found is None else int(found)


def use_reset(conn: Connection, digest: str, now: dt.datetime) -> int | None:
    """Use a reset link up (of two uses at once, one wins); whose it was, or None."""
    found = conn.execute(
        update(password_reset)
        .where(
            password_reset.c.token_hash == digest,
            password_reset.c.used_at.is_(None),
            password_reset.c.expires_at > now,
        )
        .values(used_at=now)
        .returning(password_reset.c.user_id)
    ).scalar()
    return None if found is None else int(found)


# --- cohorts ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CohortRow:
    """A cohort, its coach and how many seekers are in it."""

    id: int
    name: str
    coach_email: str | None
    coach_name: str
    weekly_goal: int
    invite_code: str
    members: int
    created_at: dt.datetime


def create_cohort(
    conn: Connection, name: str, coach_id: int, goal: int, code: str, now: dt.datetime
) -> int | None:
    """A new cohort; None when its name is taken, whatever its case (race-free: ON
    CONFLICT DO NOTHING over the unique index on lower(name) as well as the name)."""
    from sqlalchemy import func

    from coffeechat.store.database import _insert

    if conn.execute(
        select(cohort.c.id).where(func.lower(cohort.c.name) == func.lower(name))
    ).first():
        return None
    found = conn.execute(
        _insert(conn, cohort)
        .on_conflict_do_nothing()
        .values(name=name, coach_id=coach_id, weekly_goal=goal, invite_code=code, created_at=now)
        .returning(cohort.c.id)
    ).scalar()
    return None if found is None else int(found)


def cohort_id(conn: Connection, name: str) -> int | None:
    """The id of the cohort named ``name``, whatever its case ("alpha" finds "Alpha":
    names are unique regardless of case)."""
    from sqlalchemy import func

    found = conn.execute(select(cohort.c.id).where(cohort.c.name == name)).scalar()
    if found is None:
        found = conn.execute(
            select(cohort.c.id).where(func.lower(cohort.c.name) == func.lower(name))
        ).scalar()
    return None if found is None else int(found)


def add_member(conn: Connection, cohort_ref: int, user_id: int, now: dt.datetime) -> bool:
    """Put a seeker in a cohort (back in, when they had left); False: they were in it."""
    found = conn.execute(
        select(cohort_member.c.status).where(
            cohort_member.c.cohort_id == cohort_ref, cohort_member.c.user_id == user_id
        )
    ).scalar()
    if found == "active":
        return False
    if found is None:  # (not by the insert's rowcount: -1 on PostgreSQL, where a seeker
        # who had left was then never put back)
        conn.execute(
            insert_new(conn, cohort_member, "cohort_id", "user_id").values(
                cohort_id=cohort_ref, user_id=user_id, status="active", joined_at=now
            )
        )
    else:  # they had left: in again
        conn.execute(
            update(cohort_member)
            .where(
                and_(cohort_member.c.cohort_id == cohort_ref, cohort_member.c.user_id == user_id)
            )
            .values(status="active")
        )
    return True


def cohort_name(conn: Connection, cohort_ref: int) -> str:
    """The name of a cohort, as stored."""
    return str(conn.execute(select(cohort.c.name).where(cohort.c.id == cohort_ref)).scalar_one())


def led_cohorts(conn: Connection, coach_id: int) -> list[str]:
    """The names of the cohorts a user leads (is the coach of), by name."""
    rows = conn.execute(
        select(cohort.c.name).where(cohort.c.coach_id == coach_id).order_by(cohort.c.name)
    )
    return [str(r) for r in rows.scalars()]


def cohorts(conn: Connection) -> list[CohortRow]:
    """Every cohort by name, with its coach and its number of active seekers."""
    from coffeechat.store.cohorts import cohorts_query

    rows = conn.execute(cohorts_query())
    return [
        CohortRow(
            int(r.id),
            r.name,
            r.login_email,
            r.coach_name,
            int(r.weekly_goal),
            r.invite_code,
            int(r.members),
            r.created_at,
        )
        for r in rows
    ]


# --- the audit log -------------------------------------------------------------------------


def audit(
    conn: Connection,
    at: dt.datetime,
    actor_id: int | None,
    action: str,
    target: str | None = None,
    detail: str | None = None,
) -> None:
    """Write down who did what to whom."""
    conn.execute(
        insert(audit_log).values(
            at=at,
            actor_id=actor_id,
            action=action,
            target=None if target is None else target[:320],
            detail=detail,
        )
    )


def audit_rows(conn: Connection, limit: int = 100) -> list[dict[str, Any]]:
    """The newest rows of the audit log, newest first."""
    rows = conn.execute(select(audit_log).order_by(audit_log.c.id.desc()).limit(limit))
    return [dict(r._mapping) for r in rows]


# --- a user's own tokens (the Account page) ---------------------------------------------


@dataclass(frozen=True)
class OwnToken:
    """A live API token as its owner sees it (never the token itself)."""

    id: int
    name: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None


def live_tokens(conn: Connection, user_id: int) -> list[OwnToken]:
    """A user's tokens that are not revoked, newest first."""
    rows = conn.execute(
        select(api_token.c.id, api_token.c.name, api_token.c.created_at, api_token.c.last_used_at)
        .where(api_token.c.user_id == user_id, api_token.c.revoked_at.is_(None))
        .order_by(api_token.c.created_at.desc(), api_token.c.id.desc())
    )
    return [OwnToken(int(r.id), r.name, r.created_at, r.last_used_at) for r in rows]


def revoke_token_id(conn: Connection, user_id: int, token_id: int, now: dt.datetime) -> str | None:
    """Revoke one of a user's live tokens by id; its name (None: no such live token of
    theirs)."""
    found = conn.execute(
        update(api_token)
        .where(
            api_token.c.id == token_id,
            api_token.c.user_id == user_id,
            api_token.c.revoked_at.is_(None),
        )
        .values(revoked_at=now)
        .returning(api_token.c.name)
    ).scalar()
    return None if found is None else str(found)
