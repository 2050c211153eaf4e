"""Corrections on a contact's page (service/corrections.py, as ``coffeechat log remove``,
``takeaway edit|remove``, ``promise edit|remove`` and ``intro remove`` do): each record is
named by its id; the stage, follow-ups and stats follow. Every form is a plain POST that
comes back to the contact's page with a notice and an Undo button."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from coffeechat.core.errors import CoffeechatError
from coffeechat.web import notice as notice_cookie
from coffeechat.web.routers.contacts import CONTACT_NOTICE
from coffeechat.web.routers.deps import workspace_of
from coffeechat.web.security import check_csrf

if TYPE_CHECKING:
    from coffeechat.service.corrections import Corrected

router = APIRouter(include_in_schema=False, dependencies=[Depends(check_csrf)])

#: How much of a record's text a notice quotes.
QUOTE = 60


def _quote(text: str) -> str:
    flat = " ".join(text.split())
    return f"“{flat}”" if len(flat) <= QUOTE else f"“{flat[: QUOTE - 1].rstrip()}…”"


def _corrected(
    request: Request, contact_id: int, write: Callable[[], Corrected], words: Callable[[Any], str]
) -> Response:
    """Run one correction and go back to the contact's page saying what it did (the
    contact the record belongs to, whatever the address said), or why it was refused.
    A contact that is not the caller's is not found (404, as on every route: nothing
    says whether it exists); a record gone from one of their own contacts is a notice."""
    from coffeechat.web.routers.contacts import known_contact

    known_contact(request, contact_id)  # UnknownContact: the not-found page
    try:
        done = write()
    except CoffeechatError as problem:
        return notice_cookie.redirect_with(
            f"/contacts/{contact_id}", CONTACT_NOTICE, f"error:{problem}"
        )
    said = f"{words(done)}; {done.contact.name} is at stage {done.contact.stage}."
    also = "".join(f" Also: {line}." for line in done.also)
    return notice_cookie.redirect_with(f"/contacts/{done.contact.id}", CONTACT_NOTICE, said + also)


@router.post("/contacts/{contact_id}/events/{event_id}/remove")
def log_remove(request: Request, contact_id: int, event_id: int) -> Response:
    """Remove an entry of the timeline (``coffeechat log remove EVENT``)."""
    workspace = workspace_of(request)
    return _corrected(
        request,
        contact_id,
        lambda: workspace.remove_event(event_id),
        lambda d: f"Removed the {d.before.kind.value} of {d.before.at:%a %d %b %Y}",
    )


@router.post("/contacts/{contact_id}/events/{event_id}")
def log_edit(
    request: Request,
    contact_id: int,
    event_id: int,
    note: Annotated[str, Form()] = "",
    at: Annotated[str, Form()] = "",
) -> Response:
    """Correct a timeline entry's note and time (``Workspace.edit_event``): only what
    differs from what the form showed is changed (the field shows minutes, not seconds)."""
    from coffeechat.web.routers.contacts import local_field

    workspace = workspace_of(request)

    def write() -> Corrected:
        before = next(
            (e for e in workspace.list_events(str(contact_id)).events if e.id == event_id), None
        )
        if before is None:
            from coffeechat.core.errors import UnknownRecord

            raise UnknownRecord("event", event_id, "log list")
        zone = workspace.get_settings().timezone
        typed = note.replace("\r\n", "\n").strip()
        return workspace.edit_event(
            event_id,
            note=typed if typed != (before.note or "") else None,
            at=at.strip() if at.strip() and at.strip() != local_field(before.at, zone) else None,
        )

    return _corrected(
        request,
        contact_id,
        write,
        lambda d: f"Saved the {d.after.kind.value} of {d.after.at:%a %d %b %Y}",
    )


@router.post("/contacts/{contact_id}/takeaways/{takeaway_id}")
def takeaway_edit(
    request: Request,
    contact_id: int,
    takeaway_id: int,
    text: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = "",
) -> Response:
    """Change a takeaway's text and kind (``coffeechat takeaway edit ID TEXT --kind``)."""
    workspace = workspace_of(request)
    return _corrected(
        request,
        contact_id,
        lambda: workspace.edit_takeaway(takeaway_id, text, kind=kind or None),
        lambda d: f"Saved the takeaway {_quote(d.after.text)} ({d.after.kind})",
    )


@router.post("/contacts/{contact_id}/takeaways/{takeaway_id}/remove")
def takeaway_remove(request: Request, contact_id: int, takeaway_id: int) -> Response:
    """Remove a takeaway (``coffeechat takeaway remove ID``)."""
    workspace = workspace_of(request)
    return _corrected(
        request,
        contact_id,
        lambda: workspace.remove_takeaway(takeaway_id),
        lambda d: f"Removed the takeaway {_quote(d.before.text)}",
    )


@router.post("/contacts/{contact_id}/promises/{promise_id}")
def promise_edit(
    request: Request,
    contact_id: int,
    promise_id: int,
    text: Annotated[str, Form()] = "",
    due: Annotated[str, Form()] = "",
) -> Response:
    """Change a promise's text and due date (``coffeechat promise edit ID TEXT --due``;
    an empty date takes it away)."""
    workspace = workspace_of(request)

    def words(d: Corrected) -> str:
        when = f", due {d.after.due:%a %d %b %Y}" if d.after.due else ", no due date"
        return f"Saved the promise {_quote(d.after.text)}{when}"

    return _corrected(
        request,
        contact_id,
        lambda: workspace.edit_promise(promise_id, text, due=due.strip() or "none"),
        words,
    )


@router.post("/contacts/{contact_id}/promises/{promise_id}/remove")
def promise_remove(request: Request, contact_id: int, promise_id: int) -> Response:
    """Remove a promise (``coffeechat promise remove ID``); its follow-up goes with it."""
    workspace = workspace_of(request)
    return _corrected(
        request,
        contact_id,
        lambda: workspace.remove_promise(promise_id),
        lambda d: f"Removed the promise {_quote(d.before.text)}",
    )


@router.post("/contacts/{contact_id}/introductions/{intro_id}/remove")
def intro_remove(request: Request, contact_id: int, intro_id: int) -> Response:
    """Remove an offered introduction (``coffeechat intro remove ID``); the person stays a
    contact."""
    workspace = workspace_of(request)
    return _corrected(
        request,
        contact_id,
        lambda: workspace.remove_introduction(intro_id),
        lambda d: f"Removed introduction {d.id}",
    )
