"""Scheduling a chat with a contact (``/contacts/{id}/schedule``): the options offered
(``coffeechat schedule propose``) on a week view in both zones, new options with other
constraints, the scheduling e-mail, "they chose option N" → confirm (``schedule
confirm``, moving a chat already set with ``--move``) → the invite to download."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from starlette.exceptions import HTTPException

from coffeechat.core.errors import AlreadyScheduled, CoffeechatError, UnknownContact
from coffeechat.formats import jsonout
from coffeechat.web import notice as notice_cookie
from coffeechat.web.routers.deps import workspace_of
from coffeechat.web.security import check_csrf
from coffeechat.web.templating import is_htmx, render

if TYPE_CHECKING:
    from coffeechat.core.model import Contact
    from coffeechat.service.contacts import ContactDetail
    from coffeechat.service.workspace import Workspace

router = APIRouter(include_in_schema=False, dependencies=[Depends(check_csrf)])

NOTICE_COOKIE = "coffeechat_schedule_notice"
#: The formats ``schedule propose|confirm --format`` take.
FORMATS = ("coffee", "lunch", "phone", "video")
#: The fields of the propose form: (name, label, default, low, high), as the CLI's options.
PROPOSE_FIELDS = (
    ("count", "How many options (1-5)", "3", 1, 5),
    ("days", "Days ahead (1-60)", "7", 1, 60),
    ("duration", "Minutes (10-240)", "30", 10, 240),
)
#: The fewest days the week view shows.
WEEK = 7


@dataclass(frozen=True)
class OptionCard:
    """One option offered, as both sides read it."""

    number: int
    kind: str
    format: str
    place: str
    reason: str
    yours: str
    theirs: str
    #: "the next day for them" when their date is not yours; None when it is.
    day_note: str | None
    flexible: bool
    #: A window's first and last start, in their zone, for a datetime-local input.
    earliest: str
    latest: str
    past: bool


@dataclass(frozen=True)
class Busy:
    """One of your own chats already set: busy time in the week."""

    yours: str
    name: str
    contact_id: int


@dataclass(frozen=True)
class Day:
    """A day of the week view (your day), with what falls on it."""

    label: str
    iso: str
    options: list[OptionCard]
    busy: list[Busy]


@dataclass(frozen=True)
class Scheduled:
    """The chat already set with this contact."""

    yours: str
    theirs: str
    place: str | None
    format: str | None
    link: str | None
    confirm_on: str
    reschedules: int


@dataclass(frozen=True)
class Email:
    """The scheduling e-mail, read-only here (edited on the Messages page)."""

    kind: str
    to: str | None
    subject: str
    body: str
    mailto: str
    warnings: list[str]


@dataclass
class ProposeForm:
    """The propose form: what was typed, and the error beside the field it is about."""

    values: dict[str, str] = field(default_factory=dict)
    field: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class SchedulePage:
    """The context of a contact's scheduling page."""

    title: str
    contact: Contact
    contact_zone: str
    user_zone: str
    days: list[Day]
    options: list[OptionCard]
    #: Every option offered still lies ahead (else new ones are due).
    current: bool
    #: The options were offered to move the chat already set (``schedule reschedule``).
    moving: bool
    scheduled: Scheduled | None
    email: Email | None
    email_problem: str | None
    form: ProposeForm
    warnings: list[str] = field(default_factory=list)
    notice: str | None = None
    formats: tuple[str, ...] = FORMATS
    fields: tuple[tuple[str, str, str, int, int], ...] = PROPOSE_FIELDS


@dataclass
class ConfirmForm:
    """The confirm form: the option or time chosen and the details of the invite."""

    option: int | None = None
    at: str = ""
    link: str = ""
    place: str = ""
    format: str = ""
    move: bool = False
    field: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class ConfirmPage:
    """The context of the confirm step: what they chose, then link, place, format."""

    title: str
    contact: Contact
    contact_zone: str
    user_zone: str
    option: OptionCard | None
    form: ConfirmForm
    scheduled: Scheduled | None
    #: Confirming moves the chat already set (the form says so and passes ``move``).
    moves: bool
    formats: tuple[str, ...] = FORMATS


# --- reading the contact's scheduling state ------------------------------------------------


def _detail(workspace: Workspace, contact_id: int) -> ContactDetail:
    detail = workspace.show_contact(str(contact_id))
    if detail.contact.id != contact_id:  # an id that is no one's matched part of a name
        raise UnknownContact(str(contact_id))
    return detail


def _local(instant: dt.datetime, zone: str, fmt: str) -> str:
    return instant.astimezone(zoneinfo.ZoneInfo(zone)).strftime(fmt)


def _card(o: Any, contact_zone: str, user_zone: str, duration: int, now: dt.datetime) -> OptionCard:
    doc = jsonout.option(o, contact_zone, user_zone)
    mine = o.start.astimezone(zoneinfo.ZoneInfo(user_zone)).date()
    theirs = o.start.astimezone(zoneinfo.ZoneInfo(contact_zone)).date()
    note = None
    if theirs > mine:
        note = "the next day for them"
    elif theirs < mine:
        note = "the day before for them"
    latest = max(o.start, o.end - dt.timedelta(minutes=duration))
    return OptionCard(
        number=o.number,
        kind=o.kind,
        format=o.format,
        place=o.place,
        reason=o.reason,
        yours=doc["user_local"],
        theirs=doc["contact_local"],
        day_note=note,
        flexible=o.kind == "flexible",
        earliest=_local(o.start, contact_zone, "%Y-%m-%dT%H:%M"),
        latest=_local(latest, contact_zone, "%Y-%m-%dT%H:%M"),
        past=o.start <= now,
    )


def _upcoming(detail: ContactDetail, now: dt.datetime) -> Any | None:
    """The contact's scheduled conversation still ahead, as the service finds it."""
    found = [
        c
        for c in detail.conversations
        if c.status == "scheduled" and c.start is not None and c.start > now
    ]
    return found[-1] if found else None


def _scheduled(conversation: Any | None, user_zone: str) -> Scheduled | None:
    if conversation is None:
        return None
    doc = jsonout.conversation(conversation, user_zone)
    return Scheduled(
        yours=doc["user_local"],
        theirs=jsonout.local_span(conversation.start, conversation.end, conversation.zone),
        place=conversation.place,
        format=conversation.format,
        link=conversation.link,
        confirm_on=dt.date.fromisoformat(doc["confirm_on"]).strftime("%a %d %b"),
        reschedules=conversation.reschedules,
    )


def _week(
    workspace: Workspace, cards: list[OptionCard], options: list[Any], user_zone: str
) -> list[Day]:
    """Your days from today to the last option (a week at least), each with the options
    and your own chats that start on it."""
    tz = zoneinfo.ZoneInfo(user_zone)
    now = workspace.now()
    today = now.astimezone(tz).date()
    last = max((o.start.astimezone(tz).date() for o in options), default=today)
    span = max((last - today).days + 1, WEEK)
    booked = workspace.coming_conversations(days=span)
    days = []
    for n in range(span):
        day = today + dt.timedelta(days=n)
        on_day = [
            c for c, o in zip(cards, options, strict=True) if o.start.astimezone(tz).date() == day
        ]
        busy = [
            Busy(jsonout.local_span(c.start, c.end, user_zone), name, c.contact_id)
            for c, name in booked
            if c.start is not None and c.end is not None and c.start.astimezone(tz).date() == day
        ]
        days.append(Day(day.strftime("%a %d %b"), day.isoformat(), on_day, busy))
    return days


def _email(workspace: Workspace, contact_id: int, moving: bool) -> Email:
    """The held options' e-mail; only called while every option lies ahead, so the
    draft reads the held proposal and writes nothing."""
    draft = workspace.draft("reschedule" if moving else "scheduling", str(contact_id))
    return Email(
        draft.kind, draft.to_email, draft.subject, draft.body, draft.mailto, draft.warnings
    )


def schedule_page(
    request: Request,
    contact_id: int,
    *,
    form: ProposeForm | None = None,
    warnings: list[str] | None = None,
    notice: str | None = None,
) -> SchedulePage:
    """The scheduling page, read from the service (nothing is written to show it)."""
    workspace = workspace_of(request)
    detail = _detail(workspace, contact_id)
    user_zone = workspace.get_settings().timezone
    now = workspace.now()
    held = detail.proposal
    contact_zone = held.zone if held else (detail.contact.timezone or user_zone)
    options = list(held.options) if held else []
    duration = held.duration_min if held else 30
    cards = [_card(o, contact_zone, user_zone, duration, now) for o in options]
    upcoming = _upcoming(detail, now)
    moving = held is not None and upcoming is not None and held.conversation_id == upcoming.id
    current = bool(options) and all(o.start > now for o in options)
    email, problem = None, None
    if current:
        try:
            email = _email(workspace, contact_id, moving)
        except CoffeechatError as error:  # e.g. a template that cannot be read
            problem = str(error)
    defaults = {name: default for name, _, default, _, _ in PROPOSE_FIELDS}
    if upcoming is not None:
        defaults["duration"] = ""  # a move keeps the chat's length unless told
    return SchedulePage(
        title=f"Schedule a chat with {detail.contact.name}",
        contact=detail.contact,
        contact_zone=contact_zone,
        user_zone=user_zone,
        days=_week(workspace, cards, options, user_zone),
        options=cards,
        current=current,
        moving=moving,
        scheduled=_scheduled(upcoming, user_zone),
        email=email,
        email_problem=problem,
        form=form or ProposeForm(defaults),
        warnings=warnings or [],
        notice=notice,
    )


# --- the page and its forms -----------------------------------------------------------------


def _page_url(contact_id: int) -> str:
    return f"/contacts/{contact_id}/schedule"


@router.get("/contacts/{contact_id}/schedule")
def schedule(request: Request, contact_id: int) -> Response:
    """The options offered to a contact, the e-mail that offers them, the chat once set."""
    said = notice_cookie.told(request, NOTICE_COOKIE)
    page = schedule_page(request, contact_id, notice=said)
    block = "schedule" if is_htmx(request) else None
    response = render(request, "scheduling/index.html", page, block=block)
    return notice_cookie.shown(request, response, NOTICE_COOKIE)


def _whole(values: dict[str, str], name: str, low: int, high: int) -> int | None:
    """A whole number typed in the form (None: left empty); the CLI's range in the error."""
    from coffeechat.core.errors import InvalidValue

    text = values.get(name, "").strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise InvalidValue(
            name, text, f"must be a whole number between {low} and {high}", str(low)
        ) from None


def _propose(request: Request, contact_id: int, values: dict[str, str], moving: bool) -> Response:
    workspace = workspace_of(request)
    _detail(workspace, contact_id)  # an unknown id is a 404, not a form error
    try:
        numbers = {n: _whole(values, n, low, high) for n, _, _, low, high in PROPOSE_FIELDS}
        given: dict[str, Any] = {k: v for k, v in numbers.items() if v is not None}
        chosen = values.get("format", "").strip() or None
        if moving:
            view = workspace.reschedule(str(contact_id), format=chosen, **given)
        else:
            given.setdefault("duration", 30)
            view = workspace.propose_slots(str(contact_id), format=chosen, **given)
    except CoffeechatError as problem:
        where = getattr(problem, "field", None)
        known = [n for n, *_ in PROPOSE_FIELDS] + ["format"]
        form = ProposeForm(values, where if where in known else None, str(problem))
        page = schedule_page(request, contact_id, form=form)
        if is_htmx(request):  # htmx swaps no 4xx answer: the block, with the error
            return render(request, "scheduling/index.html", page, block="schedule")
        return render(request, "scheduling/index.html", page, status_code=400)
    n = len(view.options)
    said = (
        f"{n} new time{'s' if n != 1 else ''} for {view.contact.name}, held until they choose."
        if n
        else f"No free times for you and {view.contact.name}: try more days ahead."
    )
    if is_htmx(request):
        page = schedule_page(request, contact_id, notice=said, warnings=view.warnings)
        return render(request, "scheduling/index.html", page, block="schedule")
    if view.warnings:
        said += " " + " ".join(f"Note: {w}." for w in view.warnings[:2])
    return notice_cookie.redirect_with(_page_url(contact_id), NOTICE_COOKIE, said)


@router.post("/contacts/{contact_id}/schedule/propose")
def schedule_propose(
    request: Request,
    contact_id: int,
    count: Annotated[str, Form()] = "",
    days: Annotated[str, Form()] = "",
    duration: Annotated[str, Form()] = "",
    format: Annotated[str, Form()] = "",
) -> Response:
    """New options for a contact (``coffeechat schedule propose --count --days --duration
    --format``); the old ones are replaced."""
    values = {"count": count, "days": days, "duration": duration, "format": format}
    return _propose(request, contact_id, values, moving=False)


@router.post("/contacts/{contact_id}/schedule/reschedule")
def schedule_reschedule(
    request: Request,
    contact_id: int,
    count: Annotated[str, Form()] = "",
    days: Annotated[str, Form()] = "",
    duration: Annotated[str, Form()] = "",
    format: Annotated[str, Form()] = "",
) -> Response:
    """New options to move the chat already set (``coffeechat schedule reschedule``);
    confirming one of them moves it."""
    values = {"count": count, "days": days, "duration": duration, "format": format}
    return _propose(request, contact_id, values, moving=True)


def confirm_page(request: Request, contact_id: int, form: ConfirmForm) -> ConfirmPage:
    """The confirm step for an option or a time typed."""
    workspace = workspace_of(request)
    detail = _detail(workspace, contact_id)
    user_zone = workspace.get_settings().timezone
    now = workspace.now()
    held = detail.proposal
    contact_zone = held.zone if held else (detail.contact.timezone or user_zone)
    card = None
    if held is not None and form.option is not None:
        for o in held.options:
            if o.number == form.option:
                card = _card(o, contact_zone, user_zone, held.duration_min, now)
    upcoming = _upcoming(detail, now)
    return ConfirmPage(
        title=f"Confirm the chat with {detail.contact.name}",
        contact=detail.contact,
        contact_zone=contact_zone,
        user_zone=user_zone,
        option=card,
        form=form,
        scheduled=_scheduled(upcoming, user_zone),
        moves=upcoming is not None,  # a contact has one chat set: confirming moves it
    )


@router.get("/contacts/{contact_id}/schedule/confirm")
def confirm_step(
    request: Request, contact_id: int, option: int | None = None, at: str = ""
) -> Response:
    """What they chose, with the invite's details (video link, place, format) to add."""
    form = ConfirmForm(option=option, at=at)
    page = confirm_page(request, contact_id, form)
    if option is not None and page.option is None:
        form.field, form.error = "option", f"option {option} is not on offer: pick one below"
        return render(request, "scheduling/confirm.html", page, status_code=404)
    if page.option is not None and page.option.flexible:
        # a window: they picked the time in it; the option's format unless changed
        form.at = form.at or page.option.earliest
        form.format = page.option.format
    return render(request, "scheduling/confirm.html", page)


@router.post("/contacts/{contact_id}/schedule/confirm")
def schedule_confirm(
    request: Request,
    contact_id: int,
    option: Annotated[str, Form()] = "",
    at: Annotated[str, Form()] = "",
    link: Annotated[str, Form()] = "",
    place: Annotated[str, Form()] = "",
    format: Annotated[str, Form()] = "",
    move: Annotated[str, Form()] = "",
) -> Response:
    """Record the time they chose and write its invite (``coffeechat schedule confirm
    --option N | --at TIME --link --place --format [--move]``)."""
    workspace = workspace_of(request)
    _detail(workspace, contact_id)  # the id is a contact's, never part of a name
    form = ConfirmForm(None, at, link, place, format, move == "yes")
    try:
        if option.strip():
            form.option = _whole({"option": option}, "option", 1, 5)
        window = form.option is not None and at.strip()
        done = workspace.confirm(
            str(contact_id),
            option=None if window else form.option,
            at=at.strip() or None,
            place=place.strip() or None,
            format=format.strip() or None,
            link=link.strip() or None,
            move=form.move,
        )
    except AlreadyScheduled as already:
        form.field = "move"
        form.error = (
            f"{already.name} already has a chat on {already.when}. "
            "Move it to this new time? The invite is updated, so calendars replace the old time."
        )
        page = confirm_page(request, contact_id, form)
        return render(request, "scheduling/confirm.html", page, status_code=400)
    except CoffeechatError as problem:
        where = getattr(problem, "field", None)
        form.field = where if where in ("option", "at", "link", "place", "format") else "at"
        if form.field == "option" and form.option is None:
            form.field = "at"
        form.error = str(problem)
        page = confirm_page(request, contact_id, form)
        return render(request, "scheduling/confirm.html", page, status_code=400)
    verb = "Moved" if done.rescheduled else "Scheduled"
    when = jsonout.conversation(done.conversation, done.user_zone)["user_local"]
    said = (
        f"{verb}: {done.contact.name}, {when} for you. Send them the invite, and confirm "
        f"with them on {done.confirm_on:%a %d %b}, the day before."
    )
    return notice_cookie.redirect_with(_page_url(contact_id), NOTICE_COOKIE, said)


# --- downloads ------------------------------------------------------------------------------


@router.get("/contacts/{contact_id}/invite.ics")
def invite(request: Request, contact_id: int) -> Response:
    """The invite of the chat set with the contact (the file ``schedule confirm`` wrote)."""
    workspace = workspace_of(request)
    _detail(workspace, contact_id)
    found = workspace.invite(str(contact_id))
    if found is None:
        raise HTTPException(404, "No chat is set with this contact yet, so there is no invite.")
    return Response(
        found.data,
        media_type="text/calendar; charset=utf-8; method=REQUEST",
        headers={"Content-Disposition": f'attachment; filename="{found.filename}"'},
    )


@router.get("/contacts/{contact_id}/schedule/email.eml")
def scheduling_email(request: Request, contact_id: int) -> Response:
    """The scheduling e-mail as an .eml file (``coffeechat draft scheduling --eml``)."""
    from coffeechat.formats.eml import write_eml

    page = schedule_page(request, contact_id)
    if page.email is None:
        raise HTTPException(404, "No times are on offer: propose some first.")
    workspace = workspace_of(request)
    draft = workspace.draft(page.email.kind, str(contact_id))
    data = write_eml(
        sender=draft.sender,
        recipient=(draft.contact.name, draft.to_email),
        subject=draft.subject,
        body=draft.body,
        kind=draft.kind,
        contact_id=draft.contact.id,
    )
    return Response(
        data,
        media_type="message/rfc822",
        headers={"Content-Disposition": f'attachment; filename="{draft.kind}-{contact_id}.eml"'},
    )
