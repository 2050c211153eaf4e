"""Changing a contact as a whole: edit (``coffeechat contact edit``), remove (``contact
remove``, after a confirm step) and merge a duplicate into them (``contact merge``).
Each write is one change that the notice after it offers to undo."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from pydantic import BaseModel

from coffeechat.core.errors import CoffeechatError, IntroductionCycle
from coffeechat.core.model import BOARD_ORDER, Contact, HowMet, Seniority
from coffeechat.web import notice as notice_cookie
from coffeechat.web.routers.contacts import CONTACT_NOTICE, LIST_NOTICE, known_contact
from coffeechat.web.routers.deps import workspace_of
from coffeechat.web.security import check_csrf
from coffeechat.web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(check_csrf)])


@dataclass(frozen=True)
class Field:
    """One field of the edit form: the service's name for it, its label, the kind of
    input (text, email, date, number, select, textarea), a hint, and the choices of a
    select."""

    name: str
    label: str
    kind: str = "text"
    hint: str = ""
    choices: tuple[str, ...] = ()


#: The hint beside the reason field (add and edit forms).
REASON_HINT = (
    "A few words the outreach draft uses after how you met, e.g. your talk on streaming at PyData."
)

#: Every option of ``contact edit``, in its order (e-mails and tags as one line each).
EDIT_FIELDS = (
    Field("name", "Name"),
    Field("emails", "E-mail addresses", "text", "Separate them with commas."),
    Field("phone", "Phone", "tel"),
    Field("linkedin", "LinkedIn profile", "text", "A URL or a handle."),
    Field("company", "Company"),
    Field("title", "Job title"),
    Field("seniority", "Seniority", "select", choices=tuple(s.value for s in Seniority)),
    Field("city", "City"),
    Field("timezone", "Their time zone", "text", "For example Europe/Berlin."),
    Field("work_hours", "Their working hours", "text", "For example Mon-Fri 09:00-17:00."),
    Field("country", "Country code", "text", "Two letters, e.g. DE; empty: from the time zone."),
    Field("how_met", "How you met", "select", choices=tuple(h.value for h in HowMet)),
    Field("met_at", "Where you met"),
    Field("met_on", "When you met", "date", "YYYY-MM-DD."),
    Field("introduced_by", "Introduced by", "text", "A contact's name or id."),
    Field("tags", "Tags", "text", "Separate them with commas."),
    Field("note", "Note", "textarea"),
    Field("reason", "Why you want to talk to them", "text", REASON_HINT),
    Field("keep_in_touch", "Keep in touch every … months", "number", "1 to 12; 0: never."),
    Field(
        "stage",
        "Stage",
        "select",
        "Leave it to follow the timeline, or set it by hand (auto: back to the timeline).",
        ("auto", *(s.value for s in BOARD_ORDER)),
    ),
)
NAMES = tuple(f.name for f in EDIT_FIELDS)


@dataclass
class EditPage:
    """The context of a contact's edit form: the values shown, and the error beside the
    field the service refused (``field`` None: above the form)."""

    title: str
    contact: Contact
    values: dict[str, str]
    fields: tuple[Field, ...] = EDIT_FIELDS
    field: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class RemovePage:
    """The context of the step that asks before a contact is removed."""

    title: str
    contact: Contact
    events: int
    conversations: int


@dataclass
class MergePage:
    """The context of merging a duplicate into a contact: the search for the duplicate
    (by default their name) and who it found."""

    title: str
    contact: Contact
    query: str
    others: list[tuple[int, str]] = field(default_factory=list)
    chosen: str = ""
    error: str | None = None
    #: what merging the one picked would do (``merge_preview``), before it is done
    preview: Any = None


def _split(text: str) -> list[str]:
    """A line of e-mails or tags: separated by commas (or spaces and new lines)."""
    return [part for part in re.split(r"[,\s]+", text) if part]


def form_values(c: Contact) -> dict[str, str]:
    """The edit form filled in with what is known now."""

    def text(value: Any) -> str:
        if value is None:
            return ""
        return str(getattr(value, "value", value))

    values = {name: text(getattr(c, name, None)) for name in NAMES}
    values["emails"] = ", ".join(c.emails)
    values["tags"] = ", ".join(c.tags)
    values["introduced_by"] = c.introduced_by or ""
    values["met_on"] = c.met_on.isoformat() if c.met_on else ""
    values["stage"] = ""
    return values


def changed_fields(current: dict[str, str], typed: dict[str, str]) -> dict[str, Any]:
    """What the form changes, as ``edit_contact`` takes it: only the fields whose value
    differs from the current one (an empty one clears the field), so saving an untouched
    form changes nothing and records no change."""
    given: dict[str, Any] = {}
    for name in NAMES:
        new = typed.get(name, "").strip()
        if name in ("emails", "tags"):
            if _split(new) != _split(current[name]):
                given[name] = _split(new)
        elif name == "note":
            if new != current[name].strip():
                given[name] = typed.get(name, "").replace("\r\n", "\n").strip()
        elif new != current[name].strip():
            given[name] = new
    if given.get("stage") == "":
        del given["stage"]
    return given


def _field_of(problem: CoffeechatError) -> str | None:
    """Which field of the form an error is about."""
    if isinstance(problem, IntroductionCycle):
        return "introduced_by"
    where = getattr(problem, "field", None)
    where = {"email": "emails", "tag": "tags"}.get(where or "", where)
    return where if where in NAMES else None


@router.get("/contacts/{contact_id}/edit")
def edit_form(request: Request, contact_id: int) -> Response:
    """The form with every field ``contact edit`` changes, filled in."""
    c = known_contact(request, contact_id).contact
    return render(request, "contacts/edit.html", EditPage(f"Edit {c.name}", c, form_values(c)))


class EditForm(BaseModel):
    """What the edit form sends: every field as typed (missing ones: empty)."""

    name: str = ""
    emails: str = ""
    phone: str = ""
    linkedin: str = ""
    company: str = ""
    title: str = ""
    seniority: str = ""
    city: str = ""
    timezone: str = ""
    work_hours: str = ""
    country: str = ""
    how_met: str = ""
    met_at: str = ""
    met_on: str = ""
    introduced_by: str = ""
    tags: str = ""
    note: str = ""
    reason: str = ""
    keep_in_touch: str = ""
    stage: str = ""


@router.post("/contacts/{contact_id}/edit")
def edit_contact(request: Request, contact_id: int, form: Annotated[EditForm, Form()]) -> Response:
    """Save the form (``coffeechat contact edit``): the fields that changed, in one
    change. A value the service refuses comes back beside its field, nothing saved."""
    typed = form.model_dump()
    c = known_contact(request, contact_id).contact
    given = changed_fields(form_values(c), typed)
    if not given:
        return notice_cookie.redirect_with(
            f"/contacts/{contact_id}", CONTACT_NOTICE, "Nothing changed."
        )
    try:
        changed = workspace_of(request).edit_contact(str(contact_id), **given)
    except CoffeechatError as problem:
        page = EditPage(f"Edit {c.name}", c, typed, field=_field_of(problem), error=str(problem))
        return render(request, "contacts/edit.html", page, status_code=400)
    return notice_cookie.redirect_with(
        f"/contacts/{contact_id}", CONTACT_NOTICE, f"Saved {changed.name}; stage {changed.stage}."
    )


@router.get("/contacts/{contact_id}/remove")
def remove_form(request: Request, contact_id: int) -> Response:
    """Ask first (``contact remove`` asks too): what goes with them."""
    detail = known_contact(request, contact_id)
    page = RemovePage(
        f"Remove {detail.contact.name}?",
        detail.contact,
        len(detail.timeline),
        len(detail.conversations),
    )
    return render(request, "contacts/remove.html", page)


@router.post("/contacts/{contact_id}/remove")
def remove_contact(request: Request, contact_id: int) -> Response:
    """Remove a contact and their history (``coffeechat contact remove --yes``); the
    list then says so and offers to undo it."""
    known_contact(request, contact_id)
    removed = workspace_of(request).remove_contact(str(contact_id))
    return notice_cookie.redirect_with(
        "/contacts", LIST_NOTICE, f"Removed {removed.name} and their history."
    )


#: How many people the search for a duplicate offers.
CANDIDATES = 20


def _merge_page(
    request: Request, c: Contact, query: str, chosen: str = "", error: str | None = None
) -> MergePage:
    """The merge step: the contacts the search finds (not this one), to pick from."""
    others: list[tuple[int, str]] = []
    try:
        hits = workspace_of(request).search(query, limit=50) if query.strip() else []
    except CoffeechatError as problem:  # a query of punctuation only
        hits, error = [], error or str(problem)
    for hit in hits:
        if hit.kind == "contact" and hit.id != c.id:
            others.append((hit.id, f"{hit.title} (id {hit.id})"))
    return MergePage(f"Merge into {c.name}", c, query, others[:CANDIDATES], chosen, error)


@router.get("/contacts/{contact_id}/merge")
def merge_form(
    request: Request, contact_id: int, q: str | None = None, other: str = ""
) -> Response:
    """Find and pick the duplicate to merge into this contact (the search starts with
    their first name); with ``other`` picked, what the merge would do (a dry run)."""
    c = known_contact(request, contact_id).contact
    query = q if q is not None else c.name.split()[0]
    page = _merge_page(request, c, query, other)
    if other.strip().isdigit():
        try:
            known_contact(request, int(other))
            page.preview = workspace_of(request).merge_preview(str(contact_id), other.strip())
        except CoffeechatError as problem:
            page.error = str(problem)
    return render(request, "contacts/merge.html", page)


@router.post("/contacts/{contact_id}/merge")
def merge_contact(
    request: Request,
    contact_id: int,
    other: Annotated[str, Form()] = "",
    q: Annotated[str, Form()] = "",
) -> Response:
    """Merge the duplicate picked into this contact (``coffeechat contact merge``):
    nothing of either is lost; the duplicate is removed."""
    c = known_contact(request, contact_id).contact
    try:
        if not other.strip().isdigit():
            from coffeechat.core.errors import InvalidValue

            raise InvalidValue("other", other, "pick the contact to merge", "12")
        gone = known_contact(request, int(other)).contact
        merged = workspace_of(request).merge_contacts(str(contact_id), str(gone.id))
    except CoffeechatError as problem:
        page = _merge_page(request, c, q, other, str(problem))
        return render(request, "contacts/merge.html", page, status_code=400)
    return notice_cookie.redirect_with(
        f"/contacts/{merged.id}", CONTACT_NOTICE, f"Merged {gone.name} into {merged.name}."
    )
