"""Reading the team server's audit log (``audit_log``; store/accounts.audit writes it):
entries newest first, filtered by action, by who did it, and by time; and the actions
written so far. SQL only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, select

from coffeechat.store.schema import audit_log, user


@dataclass(frozen=True)
class AuditRow:
    """One entry, with who did it (None: an admin at the shell, or no one signed in)."""

    id: int
    at: dt.datetime
    actor_email: str | None
    actor_name: str | None
    action: str
    target: str | None
    detail: str | None


@dataclass(frozen=True)
class AuditFilter:
    """Which entries: of this action, by this account (its sign-in address), since."""

    action: str | None = None
    actor: str | None = None
    since: dt.datetime | None = None


def _where(found: AuditFilter) -> list[object]:
    where: list[object] = []
    if found.action:
        where.append(audit_log.c.action == found.action)
    if found.actor:
        where.append(user.c.login_email == found.actor)
    if found.since is not None:
        where.append(audit_log.c.at >= found.since)
    return where


def entries(
    conn: Connection, found: AuditFilter, limit: int | None = None, offset: int = 0
) -> list[AuditRow]:
    """The entries ``found`` names, newest first (by id: the order they were written)."""
    query = (
        select(
            audit_log.c.id,
            audit_log.c.at,
            user.c.login_email,
            user.c.name,
            audit_log.c.action,
            audit_log.c.target,
            audit_log.c.detail,
        )
        .select_from(audit_log.outerjoin(user, user.c.id == audit_log.c.actor_id))
        .where(*_where(found))  # type: ignore[arg-type]
        .order_by(audit_log.c.id.desc())
        .offset(offset)
    )
    if limit is not None:
        query = query.limit(limit)
    return [AuditRow(*row) for row in conn.execute(query)]


def actions(conn: Connection) -> list[str]:
    """Every action written so far, by name."""
    query = select(audit_log.c.action).group_by(audit_log.c.action).order_by(audit_log.c.action)
    return [str(a) for a in conn.execute(query).scalars()]
