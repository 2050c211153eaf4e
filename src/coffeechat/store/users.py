"""The workspace owner (one in local mode) and their settings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, Integer, bindparam, insert, select, update

from coffeechat.core.model import UserSettings
from coffeechat.store import prepared
from coffeechat.store.schema import user

_FIELDS = (
    "name",
    "email",
    "timezone",
    "country",
    "availability",
    "signature",
    "phone",
    "weekly_goal",
    "smtp_host",
    "smtp_port",
    "smtp_security",
    "smtp_user",
    "cities",
    "paper",
)


def create_owner(conn: Connection, settings: UserSettings, now: dt.datetime) -> int:
    """Insert the owner; returns their id."""
    values = {f: getattr(settings, f) for f in _FIELDS}
    result = conn.execute(insert(user).values(**values, created_at=now).returning(user.c.id))
    return int(result.scalar_one())


def first_owner_id(conn: Connection) -> int | None:
    """The local owner's id (the first user), or None before init."""
    return conn.execute(select(user.c.id).order_by(user.c.id).limit(1)).scalar()


def get_settings(conn: Connection, owner_id: int) -> UserSettings:
    """The owner's settings."""
    (row,) = prepared.rows(conn, _SETTINGS, {"owner_id": owner_id})
    return UserSettings(**{f: getattr(row, f) for f in _FIELDS})


#: get_settings' and timezone_of's statements, built once (every page of the web reads
#: one of them).
_SETTINGS = select(user).where(user.c.id == bindparam("owner_id", type_=Integer))
_TIMEZONE = select(user.c.timezone).where(user.c.id == bindparam("owner_id", type_=Integer))


_ZONE_AND_GOAL = select(user.c.timezone, user.c.weekly_goal).where(
    user.c.id == bindparam("owner_id", type_=Integer)
)


def zone_and_goal(conn: Connection, owner_id: int) -> tuple[str, int]:
    """The owner's time zone and weekly goal (what Today reads of the settings)."""
    zone, goal = prepared.rows(conn, _ZONE_AND_GOAL, {"owner_id": owner_id})[0]
    return str(zone), int(goal)


def timezone_of(conn: Connection, owner_id: int) -> str:
    """The owner's time zone (``get_settings(...).timezone``, one column read)."""
    (row,) = prepared.rows(conn, _TIMEZONE, {"owner_id": owner_id})
    return str(row[0])


def update_settings(conn: Connection, owner_id: int, changes: dict[str, Any]) -> None:
    """Change some of the owner's settings."""
    unknown = set(changes) - set(_FIELDS)
    if unknown:
        raise KeyError(", ".join(sorted(unknown)))
    conn.execute(update(user).where(user.c.id == owner_id).values(**changes))
