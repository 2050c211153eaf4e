"""The daily digest of the team server: when a user's is due, and what it says.

A seeker's digest tells what is due today (and late) on their agenda, each with the
page of the team server that helps (never a command line: a team server's people work
in the web, and the server's ids mean nothing to a command line of their own), and the
conversations of the next two days; a coach's tells which recaps wait for their review,
oldest first, with how many business days each has waited (career centres aim to answer
within two). A coach's digest holds only what the coach may see: the recap's title, the
seeker's name, the cohort and the wait. A digest with nothing in it is not sent.

"Daily" is on the user's clock: the digest of a day is due once the hour they chose has
come in their zone, and there is one a day (the caller keeps a row per user and day).
Pure: ``now`` is a parameter, no I/O."""

from __future__ import annotations

import datetime as dt
import shlex
import zoneinfo
from dataclasses import dataclass
from urllib.parse import quote

from coffeechat.core.drafts import KINDS

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
    #: The page that helps (a path of the web app, ``page_of``).
    page: str
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


#: The kinds of draft whose agenda item names a second person (``--to NAME``), as the
#: web's editor takes them (web/routers/messages.NAMED).
_NAMED = frozenset({"intro-request", "second-contact"})


def page_of(contact_id: int, command: str) -> str:
    """The page of the web app that does what an agenda item's ``command`` (its
    ``suggested_command``, a command line) does, for a digest of the team server:
    a draft's editor (``coffeechat draft KIND ID`` → ``/contacts/ID/messages/KIND``, as
    Today's "Open the draft"), the recap (``/contacts/ID/recap``), the scheduling page
    (``/contacts/ID/schedule``), the form that adds a contact (``/contacts#add``), else
    the contact's page."""
    try:
        words = shlex.split(command)
    except ValueError:
        words = []
    fallback = f"/contacts/{contact_id}"
    if words[:1] != ["coffeechat"] or len(words) < 2:
        return fallback
    verb, rest = words[1], words[2:]
    if verb == "draft" and len(rest) >= 2 and rest[0] in KINDS and rest[1].isdigit():
        kind = rest[0]
        path = f"/contacts/{int(rest[1])}/messages/{kind}"
        to = rest[rest.index("--to") + 1] if "--to" in rest[:-1] else None
        return f"{path}?to={quote(to)}" if to and kind in _NAMED else path
    if verb == "recap" and rest and rest[0].isdigit():
        path = f"/contacts/{int(rest[0])}/recap"
        if "--conversation" in rest[:-1]:
            conversation = rest[rest.index("--conversation") + 1]
            if conversation.isdigit():
                path += f"?conversation={int(conversation)}"
        return path
    if verb == "schedule" and len(rest) >= 2 and rest[0] == "propose" and rest[1].isdigit():
        return f"/contacts/{int(rest[1])}/schedule"
    if verb == "contact" and rest[:1] == ["add"]:
        return "/contacts#add"
    return fallback


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
            lines.append(f"    {link(base, item.page)}")
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
