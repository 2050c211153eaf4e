"""Contacts: the paged list with search as you type and filters by stage, tag and
company, a contact's page, and the form that adds one."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from coffeechat.core.errors import CoffeechatError
from coffeechat.core.model import BOARD_ORDER
from coffeechat.web import notice as notice_cookie
from coffeechat.web.notice import Undoable
from coffeechat.web.routers.deps import reads_inline, workspace_of
from coffeechat.web.security import check_csrf
from coffeechat.web.templating import is_htmx, render

if TYPE_CHECKING:
    from coffeechat.service.pipeline import ListedPage

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
    ("reason", "Why you want to talk to them (e.g. your talk on streaming)", "text"),
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
    #: the tag and company filters (beside the stage), as typed
    tag: str
    company: str
    #: the filters as a query string ending in "&" (or ""), for the pager's links
    filters_query: str
    next_offset: int | None
    previous_offset: int | None
    form: AddForm
    fields: tuple[tuple[str, str, str], ...] = ADD_FIELDS
    error: str | None = None
    notice: str | None = None
    undo: Undoable | None = None


@dataclass(frozen=True)
class ContactPage:
    """The context of a contact's page."""

    title: str
    contact: Any
    timeline: list[Any]
    follow_ups: list[Any]
    conversations: list[Any]
    next_step: str | None
    #: what a write on this page did (or why it was refused), said once
    notice: str | None = None
    error: str | None = None
    undo: Undoable | None = None
    #: the lists the corrections of service/corrections.py change (routers/records.py)
    takeaways: list[Any] = field(default_factory=list)
    promises: list[Any] = field(default_factory=list)
    #: the introductions this contact offered, each with the name of whom it is to
    introductions: list[tuple[Any, str]] = field(default_factory=list)
    takeaway_kinds: tuple[str, ...] = ()
    #: the drafts its open follow-ups ask for (routers/messages.py's KindLink), due now
    drafts_due: list[Any] = field(default_factory=list)
    #: each timeline entry's time in your zone, as a date-time field shows it
    local_times: dict[int, str] = field(default_factory=dict)
    #: on the team server, the page of the next step and its link's words in place of
    #: ``next_step``'s command line (routers/today.next_page)
    next_link: tuple[str, str] | None = None


#: The cookies that carry a write's notice to the list and to a contact's page.
LIST_NOTICE = "coffeechat_contacts_notice"
CONTACT_NOTICE = "coffeechat_contact_notice"


def known_contact(request: Request, contact_id: int) -> Any:
    """The contact with this id and their timeline (``show_contact``); UnknownContact
    (404) for an id of no one, even when the digits are part of someone's name."""
    detail = workspace_of(request).show_contact(str(contact_id))
    if detail.contact.id != contact_id:
        from coffeechat.core.errors import UnknownContact

        raise UnknownContact(str(contact_id))
    return detail


def local_field(at: Any, zone: str) -> str:
    """An instant as a date-time field shows it, in ``zone``: "2026-11-16T10:00"."""
    from zoneinfo import ZoneInfo

    return str(at.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%dT%H:%M"))


def said(request: Request, cookie: str) -> tuple[str | None, str | None, Undoable | None]:
    """The notice (or error: "error:" first) the last redirect carried to this page, and
    the Undo button that goes with it."""
    text = notice_cookie.told(request, cookie)
    if text is None:
        return None, None, None
    if text.startswith("error:"):
        return None, text.removeprefix("error:"), None
    return text, None, notice_cookie.undo_offer(request, cookie)


def _list_of(stage: str, tag: str, company: str, offset: int) -> dict[str, Any]:
    """The list's filters as the form gives them, as ``contact_list`` takes them."""
    return {
        "stage": stage or None,
        "tag": tag.strip() or None,
        "company": company.strip() or None,
        "limit": PAGE_SIZE,
        "offset": offset,
    }


def contacts_page(
    request: Request,
    query: str,
    stage: str,
    offset: int,
    form: AddForm,
    tag: str = "",
    company: str = "",
    notice: str | None = None,
    undo: Undoable | None = None,
    listed: ListedPage | None = None,
) -> ContactsPage:
    """The list as asked: search hits for a query, else one page (of a stage, a tag, a
    company; ``listed`` when it was read already)."""
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
            page = listed or workspace.contact_list(**_list_of(stage, tag, company, offset))
            rows = [
                ContactRow(c.id, c.name, c.company, c.stage.value if c.stage else None)
                for c in page.items
            ]
            next_offset = page.next_offset
    except CoffeechatError as problem:  # punctuation only, an unknown stage or company
        error = str(problem)
    previous = max(offset - PAGE_SIZE, 0) if offset and not query.strip() else None
    filters = {"stage": stage, "tag": tag.strip(), "company": company.strip()}
    given = urlencode({k: v for k, v in filters.items() if v})
    return ContactsPage(
        "Contacts",
        rows,
        query,
        stage,
        STAGES,
        offset,
        tag,
        company,
        f"{given}&" if given else "",
        next_offset,
        previous,
        form,
        error=error,
        notice=notice,
        undo=undo,
    )


@router.get("/contacts")
async def contacts(
    request: Request,
    q: str = "",
    stage: str = "",
    tag: str = "",
    company: str = "",
    offset: int = 0,
) -> Response:
    """The list; htmx (search as you type, the filters) gets the results only. On SQLite,
    a page the stage cache answers as it stands is read in the event loop; a search, a
    refresh to write or PostgreSQL go to a thread."""
    offset = max(offset, 0)
    if reads_inline(request) and not q.strip():
        try:
            listed = workspace_of(request).cached_contact_list(
                **_list_of(stage, tag, company, offset)
            )
        except CoffeechatError:  # an unknown stage or company: said by the full path
            listed = None
        if listed is not None:
            return _contacts(request, q, stage, tag, company, offset, listed)
    return await run_in_threadpool(_contacts, request, q, stage, tag, company, offset)


def _contacts(
    request: Request,
    q: str,
    stage: str,
    tag: str,
    company: str,
    offset: int,
    listed: ListedPage | None = None,
) -> Response:
    notice, _, undo = said(request, LIST_NOTICE)
    page = contacts_page(request, q, stage, offset, AddForm(), tag, company, notice, undo, listed)
    block = "results" if is_htmx(request) else None
    response = render(request, "contacts/list.html", page, block=block)
    return notice_cookie.shown(request, response, LIST_NOTICE)


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
    reason: Annotated[str, Form()] = "",
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
        "reason": reason,
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
    """A contact: details, stage, next step, follow-ups, timeline, conversations, and
    what was written with them (takeaways, promises, introductions), each correctable."""
    from coffeechat.core.recap import TakeawayKind

    read = workspace_of(request).contact_page(contact_id)
    detail, items, zone = read.detail, read.followups, read.zone
    next_step = items[0].suggested_command if items else None
    notice, error, undo = said(request, CONTACT_NOTICE)
    from coffeechat.web.routers.messages import draft_links  # (messages imports this module)
    from coffeechat.web.routers.today import next_page

    page = ContactPage(
        detail.contact.name,
        detail.contact,
        list(reversed(detail.timeline)),
        items,
        list(reversed(detail.conversations)),
        next_step,
        notice=notice,
        error=error,
        undo=undo,
        takeaways=read.takeaways,
        promises=read.promises,
        introductions=read.introductions,
        takeaway_kinds=tuple(k.value for k in TakeawayKind),
        local_times={e.id: local_field(e.at, zone) for e in detail.timeline},
        drafts_due=[k for k in draft_links(contact_id, items) if k.due],
        next_link=(
            next_page(contact_id, next_step)
            if next_step and request.app.state.accounts is not None
            else None
        ),
    )
    response = render(request, "contacts/show.html", page)
    return notice_cookie.shown(request, response, CONTACT_NOTICE)
