"""The scheduling routes of the JSON API: propose times to a contact and confirm the one
they chose, with the documents of ``schedule propose --json`` and ``schedule confirm
--json`` (the same service calls, the same formats/jsonout.py)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict

from coffeechat.core.errors import UnknownContact
from coffeechat.formats import jsonout
from coffeechat.web.routers.deps import workspace_of
from coffeechat.web.security import check_csrf

router = APIRouter(prefix="/api/v1", tags=["api"], dependencies=[Depends(check_csrf)])


class ProposalRequest(BaseModel):
    """What ``schedule propose`` takes (each optional, with the CLI's defaults). One-off
    ``--busy`` calendars are the CLI's: the calendars added with ``calendar add`` count
    here too."""

    model_config = ConfigDict(extra="forbid")

    count: int = 3
    days: int = 7
    duration: int = 30
    format: str | None = None


class ConfirmRequest(BaseModel):
    """What ``schedule confirm`` takes: ``option`` or ``at`` (one of them), and the
    invite's details. The invite is kept in the workspace (no ``--ics`` path here)."""

    model_config = ConfigDict(extra="forbid")

    option: int | None = None
    at: str | None = None
    place: str | None = None
    format: str | None = None
    link: str | None = None
    move: bool = False


def _check_id(request: Request, contact_id: int) -> None:
    """An id that is no one's must not match a contact named by those digits."""
    found = workspace_of(request).show_contact(str(contact_id)).contact
    if found.id != contact_id:
        raise UnknownContact(str(contact_id))


@router.post("/contacts/{contact_id}/proposals", status_code=201)
def api_schedule_propose(
    request: Request, contact_id: int, wanted: ProposalRequest | None = None
) -> dict[str, Any]:
    """Offer times to a contact, held until one is confirmed (= ``schedule propose
    --json``)."""
    _check_id(request, contact_id)
    wanted = wanted or ProposalRequest()
    view = workspace_of(request).propose_slots(
        str(contact_id),
        count=wanted.count,
        days=wanted.days,
        duration=wanted.duration,
        format=wanted.format,
    )
    return jsonout.proposal(view)


@router.post("/contacts/{contact_id}/confirm")
def api_schedule_confirm(
    request: Request, contact_id: int, chosen: ConfirmRequest
) -> dict[str, Any]:
    """Record the time they chose and write its invite (= ``schedule confirm --json``)."""
    _check_id(request, contact_id)
    done = workspace_of(request).confirm(
        str(contact_id),
        option=chosen.option,
        at=chosen.at,
        place=chosen.place,
        format=chosen.format,
        link=chosen.link,
        move=chosen.move,
    )
    return jsonout.confirmation(done)
