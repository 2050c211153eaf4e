"""Human-readable output. It may change between versions; ``--json`` is the contract."""

from __future__ import annotations

import datetime as dt
import functools
import re
import zoneinfo
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, ParamSpec

import click

from coffeechat.core import paper
from coffeechat.core.errors import quoted

if TYPE_CHECKING:
    from coffeechat.core.model import Company, Contact, Event, UserSettings
    from coffeechat.service.contacts import ContactDetail
    from coffeechat.service.pipeline import BoardColumn, Status
    from coffeechat.service.workspace import SearchResult


P = ParamSpec("P")

#: Terminal escape sequences: CSI (colours, cursor moves, erasing), OSC (window titles,
#: hyperlinks, clipboard writes) up to their BEL or ST, and the two-character ones.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"
    r"|\x1b[\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
    r"|\x9b[0-?]*[ -/]*[@-~]?"
    r"|[\x90\x98\x9d\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
)
#: What else must not reach a terminal raw: C0 controls but tab and line feed (BEL, BS,
#: CR...), DEL, C1 controls, and the bidirectional overrides, embeddings, isolates and
#: marks that make text read in another order than it is stored.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def safe(text: str) -> str:
    """Text as it may be shown in a terminal: escape sequences and control characters
    (but tab and line feed) removed, bidirectional overrides too. Exports and ``--json``
    keep the text as stored; only what is printed for a person goes through this."""
    if text.isascii() and text.isprintable():  # most text: nothing to remove
        return text
    return _CONTROLS.sub("", _ESCAPES.sub("", text))


def line(text: str) -> str:
    """``safe`` text on one line (for an error message): line breaks become spaces."""
    return " ".join(safe(text).split("\n"))


#: A quoted value in a message (click's usage errors quote what was given).
_QUOTED = re.compile(r"'([^'\n]{60})[^'\n]{10,}'|\"([^\"\n]{60})[^\"\n]{10,}\"")


def shortened(message: str) -> str:
    """A message made ``line``-safe, with every quoted value over 60 characters cut."""

    def cut(match: re.Match[str]) -> str:
        quote = match[0][0]
        kept = match[1] if match[1] is not None else match[2]
        return f"{quote}{kept}…{quote} ({len(match[0]) - 2:,} characters)"

    return _QUOTED.sub(cut, line(message))


def say(text: str = "", err: bool = False, nl: bool = True) -> None:
    """``click.echo`` of human output that may hold the user's text: made ``safe``."""
    click.echo(safe(text), err=err, nl=nl)


def status_line(text: str) -> None:
    """A status line ("Wrote FILE.", "Backed up to ..."): on standard error, so that
    standard output holds only the content (a draft, an agenda) when it is redirected."""
    say(text, err=True)


def safe_output(render: Callable[P, str]) -> Callable[P, str]:
    """A renderer whose whole output is made ``safe`` (for those that add no styles)."""

    @functools.wraps(render)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> str:
        return safe(render(*args, **kwargs))

    return wrapper


def local(value: dt.datetime | None, zone: str, fmt: str = "%a %Y-%m-%d %H:%M") -> str:
    """An instant as wall-clock time in ``zone``."""
    if value is None:
        return "-"
    return value.astimezone(zoneinfo.ZoneInfo(zone)).strftime(fmt)


def duration(delta: dt.timedelta) -> str:
    """A short waiting time: 45m, 5h, 3d, 2w, 4mo."""
    minutes = int(delta.total_seconds() // 60)
    if minutes < 60:
        return f"{minutes}m"
    if minutes < 24 * 60:
        return f"{minutes // 60}h"
    days = minutes // (24 * 60)
    if days < 14:
        return f"{days}d"
    if days < 60:
        return f"{days // 7}w"
    return f"{days // 30}mo"


def table(rows: Iterable[Iterable[str]], headers: list[str]) -> str:
    """A plain aligned table."""
    body = [[safe(str(c)) for c in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in body:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines += [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in body
    ]
    return "\n".join(lines)


def labelled(fields: Iterable[tuple[str, object]]) -> list[str]:
    """``  label:   value`` lines for the fields that have a value, values aligned."""
    present = [(label, value) for label, value in fields if value]
    width = max((len(label) for label, _ in present), default=0) + 2
    return [f"  {label + ':':<{width}}{value}" for label, value in present]


def contact_line(c: Contact) -> str:
    """``Ada Lovelace, Engineer at Acme``."""
    role = " at ".join(p for p in (c.title, c.company) if p)
    return f"{c.name}, {role}" if role else c.name


@safe_output
def contacts(items: list[Contact]) -> str:
    """The contact list."""
    if not items:
        return 'No contacts yet. Add one: coffeechat contact add "Ada Lovelace" --company Acme'
    rows = [
        (str(c.id), c.name, c.company or "", c.title or "", c.stage.value, ", ".join(c.tags))
        for c in items
    ]
    return table(rows, ["ID", "NAME", "COMPANY", "TITLE", "STAGE", "TAGS"])


@safe_output
def contact_detail(detail: ContactDetail, user_zone: str, now: dt.datetime) -> str:
    """One contact with its timeline."""
    c = detail.contact
    since = c.stage_since
    lines = [f"{contact_line(c)}  (id {c.id})"]
    fields: list[tuple[str, object]] = [
        ("stage", c.stage.value + (f" for {duration(now - since)}" if since else "")),
        ("e-mail", ", ".join(c.emails)),
        ("phone", c.phone),
        ("linkedin", c.linkedin),
        ("seniority", c.seniority.value if c.seniority else None),
        ("city", c.city),
        ("time zone", f"{c.timezone} ({c.country})" if c.timezone and c.country else c.timezone),
        ("country", c.country if not c.timezone else None),
        ("work hours", c.work_hours),
        ("how met", c.how_met.value if c.how_met else None),
        ("met at", c.met_at),
        ("met on", c.met_on.isoformat() if c.met_on else None),
        (
            "introduced by",
            f"{c.introduced_by} (id {c.introduced_by_id})" if c.introduced_by else None,
        ),
        ("tags", ", ".join(c.tags)),
        ("reason", c.reason),
        ("note", c.note),
    ]
    if detail.introduced:
        fields.append(("introduced", ", ".join(f"{n} (id {i})" for i, n in detail.introduced)))
    fields += _scheduled(detail, now)
    lines += labelled(fields)
    lines += _offered(detail, now)
    lines += _conversations(detail, user_zone)
    lines.append("")
    if detail.timeline:
        lines.append("Timeline:")
        lines += [f"  {event_line(e)}" for e in detail.timeline]
    else:
        lines.append(f"Timeline: empty. After you write to them: coffeechat log {c.id} outreach")
    return "\n".join(lines)


def _scheduled(detail: ContactDetail, now: dt.datetime) -> list[tuple[str, object]]:
    """Conversations scheduled and still to come, as labelled fields."""
    from coffeechat.core.scheduling import confirm_day
    from coffeechat.formats.jsonout import local_span

    return [
        (
            "scheduled",
            f"{local_span(c.start, c.end, c.zone)}, {c.place}"
            + (f" (moved {c.reschedules}x)" if c.reschedules else "")
            + f"; confirm with them on {confirm_day(c.start, c.zone):%a %d %b}",
        )
        for c in detail.conversations
        if c.status == "scheduled" and c.start and c.end and c.end > now
    ]


def _conversations(detail: ContactDetail, user_zone: str) -> list[str]:
    """Conversations that took place or were started, with what to do about each."""
    from coffeechat.formats.jsonout import local_span

    rows = [c for c in detail.conversations if c.status != "scheduled"]
    if not rows:
        return []
    ref = detail.contact.id
    lines = ["", "Conversations:"]
    for c in rows:
        when = local_span(c.start, c.end, user_zone) if c.start and c.end else "no time yet"
        state = f"recapped {local(c.recapped_at, user_zone, '%a %d %b')}" if c.recapped_at else ""
        if not state:
            state = f"recap: coffeechat recap {ref} --conversation {c.id}"
        guide = f", guide {c.guide}" if c.guide else ""
        lines.append(f"  {c.id}. {c.status:<6} {when}{guide}; {state}")
    return lines


def _offered(detail: ContactDetail, now: dt.datetime) -> list[str]:
    """The options on offer, numbered as `schedule confirm --option N` takes them."""
    from coffeechat.formats.jsonout import local_span

    if not detail.proposal or not detail.offered:
        return []
    zone = detail.proposal.zone
    lines = ["", "Offered (held until one is confirmed):"]
    for o in detail.offered:
        span = local_span(o.start, o.end, zone, o.kind == "flexible")
        lines.append(f"  {o.number}. {o.kind:<11} {span}")
    if detail.needs_new_options(now):
        lines.append(f"  Every option has passed: coffeechat schedule propose {detail.contact.id}")
    return lines


def event_line(e: Event) -> str:
    """``Mon 2026-11-30 10:00 EST  outreach  note``."""
    when = local(e.at, e.zone, "%a %Y-%m-%d %H:%M %Z")
    what = f"stage set to {e.value}" if e.kind.value == "stage" else e.kind.value
    return f"{when}  {what}" + (f"  {e.note}" if e.note else "")


@safe_output
def companies(items: list[Company]) -> str:
    """The ranked target list, then how many other employers there are."""
    if not items:
        return "No companies yet. Add a target: coffeechat company add Acme --motivation 3"

    def score(v: object) -> str:
        return "-" if v is None else ("yes" if v is True else "no" if v is False else str(v))

    rows = [
        (
            str(c.rank),
            "*" if c.active else "",
            c.name,
            score(c.advocacy),
            score(c.motivation),
            score(c.posting),
            ", ".join(n for _, n in c.contacts),
        )
        for c in items
        if c.rank is not None
    ]
    others = [c for c in items if c.rank is None]
    if rows:
        out = table(
            rows, ["RANK", "ACTIVE", "COMPANY", "ADVOCACY", "MOTIVATION", "POSTING", "CONTACTS"]
        )
        out += "\n\n* active: the top five, the ones to work on now."
    else:
        out = "No target companies yet. Add one: coffeechat company add Acme --motivation 3"
    if others:
        shown = ", ".join(c.name for c in others[:_OTHERS_SHOWN])
        more = len(others) - _OTHERS_SHOWN
        shown += f" and {more:,} more" if more > 0 else ""
        out += (
            f"\n\nNot ranked: {len(others):,} other employer{'s' if len(others) != 1 else ''} "
            f"of your contacts ({shown}). Put one on the list: "
            "coffeechat company edit NAME --target"
        )
    return out


#: How many unranked companies ``companies`` names.
_OTHERS_SHOWN = 10


@safe_output
def company_detail(c: Company) -> str:
    """One company."""
    ranked = f"rank {c.rank}" if c.rank is not None else "not a target"
    lines = [f"{c.name}  (id {c.id}, {ranked}{', active' if c.active else ''})"]
    fields = [
        ("website", c.website),
        ("advocacy", None if c.advocacy is None else ("yes" if c.advocacy else "no")),
        ("motivation", None if c.motivation is None else f"{c.motivation}/3"),
        ("posting", None if c.posting is None else f"{c.posting}/3"),
        ("note", c.note),
        ("contacts", ", ".join(f"{n} (id {i})" for i, n in c.contacts)),
    ]
    lines += labelled(fields)
    return "\n".join(lines)


def board(columns: list[BoardColumn], now: dt.datetime) -> str:
    """Contacts by stage with how long each has waited."""
    from coffeechat.service.pipeline import waited

    if not any(col.contacts for col in columns):
        return 'The board is empty. Add a contact: coffeechat contact add "Ada Lovelace"'
    blocks = []
    for col in columns:
        if not col.contacts:
            continue
        title = click.style(f"{col.stage.value} ({len(col.contacts)})", bold=True)
        entries = [
            f"  {duration(waited(c, now)):>4}  {safe(contact_line(c))}  (id {c.id})"
            for c in col.contacts
        ]
        blocks.append("\n".join([title, *entries]))
    return "\n\n".join(blocks)


@safe_output
def settings(s: UserSettings) -> str:
    """The owner's settings."""
    rows = [
        ("name", s.name),
        ("email", s.email or ""),
        ("timezone", s.timezone),
        ("country", s.country or ""),
        ("availability", s.availability),
        ("phone", s.phone or ""),
        ("weekly_goal", str(s.weekly_goal)),
        ("smtp_host", s.smtp_host or ""),
        ("smtp_port", str(s.smtp_port or "")),
        ("smtp_security", s.smtp_security),
        ("smtp_user", s.smtp_user or ""),
        ("cities", s.cities or ""),
        ("paper", s.paper or f"{paper.for_country(s.country)} (from your country)"),
        ("signature", (s.signature or "").replace("\n", " / ")),
    ]
    return "\n".join(f"{k:<14}{v}" for k, v in rows)


_MARKED = re.compile(r"\*\*(.+?)\*\*")


def search_results(query: str, results: list[SearchResult]) -> str:
    """Search hits with their snippets."""
    if not results:
        return safe(f"Nothing matches {quoted(query)}.")
    lines = []
    for r in results:
        by_contact = r.kind in ("note", "takeaway", "promise")
        ref = f"contact {r.contact_id}" if by_contact else f"{r.kind} {r.id}"
        snippet = _MARKED.sub(lambda m: click.style(m[1], bold=True), safe(r.snippet))
        lines.append(f"{r.kind:<8} {safe(r.title)}  ({ref})\n         {snippet}")
    return "\n".join(lines)


@safe_output
def status(s: Status) -> str:
    """Where the user stands and what to do next."""
    counts = ", ".join(f"{n} {stage.value}" for stage, n in s.by_stage.items() if n)
    lines = [
        f"coffeechat: {s.owner}'s workspace at {s.where}",
        f"{s.contacts} contact{'' if s.contacts == 1 else 's'}"
        + (f" ({counts})" if counts else "")
        + f", {s.companies} compan{'y' if s.companies == 1 else 'ies'}",
        "",
        "What to do next:",
    ]
    lines += [f"  - {step}" for step in s.next_steps]
    lines += ["", "All commands: coffeechat --help"]
    return "\n".join(lines)


@safe_output
def follow_up_lines(responsiveness: str | None, items: list[Any]) -> str:
    """A contact's responsiveness and open follow-ups, under their detail."""
    lines = []
    if responsiveness:
        meaning = {
            "booster": "answered within 3 business days: answer them within 24 hours",
            "obligate": "answered, but after 3 business days",
            "curmudgeon": "no answer, even to the follow-up",
        }[responsiveness]
        lines += ["", f"Responsiveness: {responsiveness} ({meaning})"]
    if items:
        lines += ["", "Follow-ups:"]
        lines += [
            f"  {i.due:%a %d %b}  {i.kind:<14} {i.reason}\n{'':<13}{i.suggested_command}"
            for i in items
        ]
    return "\n".join(lines)
