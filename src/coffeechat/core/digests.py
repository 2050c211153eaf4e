"""The daily digest of the team server: when a user's is due, and what it says.

A seeker's digest tells what is due today (and late) on their agenda, with the command
or page that helps, and the conversations of the next two days; a coach's tells which
recaps wait for their review, oldest first, with how many business days each has
waited (career centres aim to answer within two). A coach's digest holds only what the
coach may see: the recap's title, the seeker's name, the cohort and the wait. A digest
with nothing in it is not sent.

"Daily" is on the user's clock: the digest of a day is due once the hour they chose has
come in their zone, and there is one a day (the caller keeps a row per user and day).
Pure: ``now`` is a parameter, no I/O."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

#: How many items a digest lists before "and N more".
SHOWN = 5
#: What career centres aim for: a recap answered within this many business days.
REVIEW_DAYS = 2


def zone_of(name: str) -> zoneinfo.ZoneInfo:
    """The zone named ``name``; UTC when the name is unknown (a damaged setting must not
    stop everyone's digests)."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def due_day(now: dt.datetime, zone: str, hour: int) -> dt.date | None:
    """The day (in ``zone``) whose digest is due at ``now``: today there once the clock
    there has reached ``hour``:00; None before. On the day a clock skips the hour
    (spring forward), the first instant after it counts."""
    local = now.astimezone(zone_of(zone))
    return local.date() if local.hour >= hour else None


@dataclass(frozen=True)
class Message:
    """A digest as mailed: its subject and its plain text, and how many items it tells
    of (things due and conversations, or recaps waiting)."""

    subject: str
    text: str
    items: int = 0


@dataclass(frozen=True)
class DueItem:
    """An agenda item due today or late."""

    contact_name: str
    reason: str
    command: str
    late_days: int  # 0: due today


@dataclass(frozen=True)
class ComingChat:
    """A conversation of the next days, its start on the user's clock."""

    contact_name: str
    start: dt.datetime
    place: str | None


@dataclass(frozen=True)
class WaitingRecap:
    """A recap waiting for the coach: what the coach may see of it."""

    id: int
    title: str
    seeker_name: str
    cohort_name: str
    business_days: int
    resubmitted: bool


def link(base: str | None, path: str) -> str:
    """The address of ``path`` on the server (the path alone when no address is known)."""
    return f"{base.rstrip('/')}{path}" if base else path


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _first_name(name: str) -> str:
    return name.split()[0] if name.split() else name


def _footer(base: str | None) -> list[str]:
    return [
        "",
        "--",
        "Your daily digest from coffeechat. Change its hour or turn it off in your "
        f"settings: {link(base, '/settings#digest')}",
    ]


def seeker_digest(
    name: str,
    due: list[DueItem],
    total: int,
    coming: list[ComingChat],
    base: str | None,
) -> Message | None:
    """A seeker's digest: ``due`` (the first items of ``total`` due today or late) and
    ``coming``; None when there is nothing in it."""
    if not total and not coming:
        return None
    late = sum(1 for i in due if i.late_days)
    lines = [f"Hello {_first_name(name)},", ""]
    if total:
        lines.append(
            f"Due today: {_plural(total, 'thing')} to do" + (f", {late} late." if late else ".")
        )
        for item in due[:SHOWN]:
            when = "" if not item.late_days else f" ({_plural(item.late_days, 'day')} late)"
            lines.append(f"- {item.contact_name}{when}: {item.reason}")
            if item.command:
                lines.append(f"    {item.command}")
        if total > len(due[:SHOWN]):
            lines.append(f"...and {total - len(due[:SHOWN])} more on Today: {link(base, '/')}")
        else:
            lines.append(f"Open Today: {link(base, '/')}")
    if coming:
        if total:
            lines.append("")
        lines.append("Coming conversations:")
        for chat in coming[:SHOWN]:
            where = f", {chat.place}" if chat.place else ""
            lines.append(f"- {chat.start:%a %d %b, %H:%M}: {chat.contact_name}{where}")
    if total:
        subject = f"coffeechat: {_plural(total, 'thing')} to do today"
        if late:
            subject += f" ({late} late)"
    else:
        subject = f"coffeechat: {_plural(len(coming), 'conversation')} coming up"
    return Message(subject, "\n".join(lines + _footer(base)) + "\n", total + len(coming))


def coach_digest(name: str, waiting: list[WaitingRecap], base: str | None) -> Message | None:
    """A coach's digest: the recaps waiting for their review, oldest first; None when
    none waits. Titles, names, cohorts and waits only: never what the seeker wrote."""
    if not waiting:
        return None
    late = sum(1 for w in waiting if w.business_days >= REVIEW_DAYS)
    count = _plural(len(waiting), "recap")
    lines = [
        f"Hello {_first_name(name)},",
        "",
        f"{count} {'waits' if len(waiting) == 1 else 'wait'} for your review, oldest first:",
    ]
    for recap in waiting[:SHOWN]:
        again = ", sent again" if recap.resubmitted else ""
        wait = (
            "since today"
            if recap.business_days == 0
            else _plural(recap.business_days, "business day")
        )
        lines.append(f"- {recap.seeker_name} ({recap.cohort_name}): {recap.title}")
        lines.append(f"    waiting {wait}{again}: {link(base, f'/submissions/{recap.id}')}")
    if len(waiting) > SHOWN:
        lines.append(f"...and {len(waiting) - SHOWN} more.")
    lines.append("")
    lines.append(f"Seekers hear back best within {REVIEW_DAYS} business days.")
    subject = f"coffeechat: {count} to review"
    if late:
        subject += f" ({late} waiting {REVIEW_DAYS}+ business days)"
    return Message(subject, "\n".join(lines + _footer(base)) + "\n", len(waiting))
