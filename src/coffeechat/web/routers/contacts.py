"""Contacts: the paged list with search as you type and a stage filter, a contact's
page, and the form that adds one."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from coffeechat.core.errors import CoffeechatError
from coffeechat.core.model import BOARD_ORDER
from coffeechat.web import notice as notice_cookie
from coffeechat.web.routers.deps import workspace_of
from coffeechat.web.routers.messages import CONTACT_NOTICE
from coffeechat.web.security import check_csrf
from coffeechat.web.templating import is_htmx, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(check_csrf)])

PAGE_SIZE = 50
STAGES = tuple(s.value for s in BOARD_ORDER)
#: The fields of the add form, in order: (name, label, input type).
ADD_FIELDS = (
    ("name", "Name", "text"),
    ("email", "E-mail", "email"),
    ("company", "Company", "text"),
    ("title", "Job title", "text"),
    ("met_at", "Where you met", "text"),
    ("met_on", "When you met (YYYY-MM-DD)", "date"),
    ("timezone", "Their time zone (e.g. Europe/Berlin)", "text"),
)


@dataclass(frozen=True)
class ContactRow:
    """A contact in the list (or a search hit: then ``stage`` is None)."""

    id: int
    name: str
    company: str | None
    stage: str | None
    snippet: str | None = None


@dataclass
class AddForm:
    """The add form: what was typed, and the error beside the field it is about."""

    values: dict[str, str] = field(default_factory=dict)
    field: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class ContactsPage:
    """The context of Contacts."""

    title: str
    rows: list[ContactRow]
    query: str
    stage: str
    stages: tuple[str, ...]
    offset: int
    next_offset: int | None
    previous_offset: int | None
    form: AddForm
    fields: tuple[tuple[str, str, str], ...] = ADD_FIELDS
    error: str | None = None


@dataclass(frozen=True)
class ContactPage:
    """The context of a contact's page."""

    title: str
    contact: Any
    timeline: list[Any]
    follow_ups: list[Any]
    conversations: list[Any]
    next_step: str | None
    notice: str | None = None


def contacts_page(
    request: Request, query: str, stage: str, offset: int, form: AddForm
) -> ContactsPage:
    """The list as asked: search hits for a query, else one page (of a stage)."""
    workspace = workspace_of(request)
    rows: list[ContactRow] = []
    next_offset = None
    error = None
    try:
        if query.strip():
            hits = workspace.search(query, limit=PAGE_SIZE)
            rows = [
                ContactRow(h.id, h.title, None, None, h.snippet)
                for h in hits
                if h.kind == "contact"
            ]
        else:
            page = workspace.contacts_page(stage=stage or None, limit=PAGE_SIZE, offset=offset)
            rows = [ContactRow(c.id, c.name, c.company, c.stage.value) for c in page.items]
            next_offset = page.next_offset
    except CoffeechatError as problem:  # a query of punctuation only, an unknown stage
        error = str(problem)
    previous = max(offset - PAGE_SIZE, 0) if offset and not query.strip() else None
    return ContactsPage(
        "Contacts", rows, query, stage, STAGES, offset, next_offset, previous, form, error=error
    )


@router.get("/contacts")
def contacts(request: Request, q: str = "", stage: str = "", offset: int = 0) -> Response:
    """The list; htmx (search as you type, the stage filter) gets the results only."""
    page = contacts_page(request, q, stage, max(offset, 0), AddForm())
    block = "results" if is_htmx(request) else None
    return render(request, "contacts/list.html", page, block=block)


@router.post("/contacts")
def add_contact(
    request: Request,
    name: Annotated[str, Form()] = "",
    email: Annotated[str, Form()] = "",
    company: Annotated[str, Form()] = "",
    title: Annotated[str, Form()] = "",
    met_at: Annotated[str, Form()] = "",
    met_on: Annotated[str, Form()] = "",
    timezone: Annotated[str, Form()] = "",
) -> Response:
    """Add a contact (``coffeechat contact add``); the form again, with the error beside
    its field, when the service refuses a value (nothing is saved then)."""
    values = {
        "name": name,
        "email": email,
        "company": company,
        "title": title,
        "met_at": met_at,
        "met_on": met_on,
        "timezone": timezone,
    }
    given: dict[str, Any] = {k: v.strip() for k, v in values.items() if v.strip()}
    if "email" in given:
        given["emails"] = [given.pop("email")]
    try:
        created = workspace_of(request).add_contact(**{"name": name, **given})
    except CoffeechatError as problem:
        where = getattr(problem, "field", None)
        where = "email" if where == "emails" else where
        form = AddForm(values, where if where in values else "name", str(problem))
        page = contacts_page(request, "", "", 0, form)
        if is_htmx(request):  # htmx swaps no 4xx answer: the form with its error, as a 200
            return render(request, "contacts/list.html", page, block="add")
        return render(request, "contacts/list.html", page, status_code=400)
    target = f"/contacts/{created.id}"
    if is_htmx(request):
        # htmx would follow a 303 itself and swap the whole contact page into the form:
        # it is told to go there instead
        return Response(status_code=200, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


@router.get("/contacts/{contact_id}")
def contact(request: Request, contact_id: int) -> Response:
    """A contact: details, stage, next step, follow-ups and timeline."""
    workspace = workspace_of(request)
    detail = workspace.show_contact(str(contact_id))
    if detail.contact.id != contact_id:  # an id that is no one's matched part of a name
        from coffeechat.core.errors import UnknownContact

        raise UnknownContact(str(contact_id))
    _, items = workspace.contact_followups(str(contact_id))
    next_step = items[0].suggested_command if items else None
    page = ContactPage(
        detail.contact.name,
        detail.contact,
        list(reversed(detail.timeline)),
        items,
        detail.conversations,
        next_step,
        notice_cookie.told(request, CONTACT_NOTICE),
    )
    response = render(request, "contacts/show.html", page)
    return notice_cookie.shown(request, response, CONTACT_NOTICE)
