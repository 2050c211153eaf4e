"""The JSON API under /api/v1/: the same documents as the CLI's ``--json``, from the
same service calls and the same formats/jsonout.py (docs/json.md is their contract)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict

from coffeechat.core.errors import UnknownContact
from coffeechat.formats import jsonout
from coffeechat.web.routers.deps import workspace_of
from coffeechat.web.security import check_csrf

router = APIRouter(prefix="/api/v1", tags=["api"], dependencies=[Depends(check_csrf)])


class ContactFields(BaseModel):
    """The fields of a contact that ``contact add`` and ``contact edit`` both take, each
    optional (``NewContact`` and routers/api_contacts.ContactChanges add their own)."""

    model_config = ConfigDict(extra="forbid")

    emails: list[str] | None = None
    phone: str | None = None
    linkedin: str | None = None
    company: str | None = None
    title: str | None = None
    seniority: str | None = None
    city: str | None = None
    timezone: str | None = None
    work_hours: str | None = None
    country: str | None = None
    how_met: str | None = None
    met_at: str | None = None
    met_on: str | None = None
    introduced_by: str | None = None
    tags: list[str] | None = None
    note: str | None = None
    reason: str | None = None


class NewContact(ContactFields):
    """A contact to add: the fields of ``coffeechat contact add`` (only the name is
    required)."""

    name: str
    keep_in_touch: str | None = None


@router.get("/contacts")
def list_contacts(
    request: Request,
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0),
    stage: str | None = None,
    tag: str | None = None,
    company: str | None = None,
) -> dict[str, Any]:
    """One page of contacts (= ``contact list --json --limit --offset``)."""
    workspace = workspace_of(request)
    page = workspace.contacts_page(stage, tag, company, limit=limit, offset=offset)
    zone = workspace.get_settings().timezone
    return {
        "contacts": [jsonout.contact(c, zone) for c in page.items],
        "next_offset": page.next_offset,
    }


@router.post("/contacts", status_code=201)
def add_contact(request: Request, new: NewContact) -> dict[str, Any]:
    """Add a contact (= ``contact add --json``)."""
    workspace = workspace_of(request)
    created = workspace.add_contact(**new.model_dump(exclude_none=True))
    return jsonout.contact(created, workspace.get_settings().timezone)


@router.get("/contacts/{contact_id}")
def show_contact(request: Request, contact_id: int) -> dict[str, Any]:
    """A contact with its timeline (= ``contact show --json``)."""
    workspace = workspace_of(request)
    detail = workspace.show_contact(str(contact_id))
    if detail.contact.id != contact_id:  # an id of no one that matched part of a name
        raise UnknownContact(str(contact_id))
    responsiveness, items = workspace.contact_followups(str(contact_id))
    zone = workspace.get_settings().timezone
    return jsonout.contact_detail(detail, zone, workspace.now(), responsiveness, items)


@router.get("/agenda")
def agenda(
    request: Request,
    days: int = Query(7, ge=0, le=366),
    limit: int | None = Query(None, ge=1, le=1000),
    offset: int = Query(0, ge=0),
) -> JSONResponse:
    """What is owed to whom (= ``agenda --json``, with ``--days --limit --offset``)."""
    result = workspace_of(request).agenda(days, limit=limit, offset=offset)
    return JSONResponse(jsonout.agenda(result, paged=limit is not None))
