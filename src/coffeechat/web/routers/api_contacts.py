"""The JSON API of one contact: ``PATCH /api/v1/contacts/{id}`` (= ``contact edit
--json``) and ``DELETE /api/v1/contacts/{id}`` (= ``contact remove --yes --json``). The list,
the add and the GET are in routers/api.py."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request

from coffeechat.formats import jsonout
from coffeechat.web.routers.api import ContactFields
from coffeechat.web.routers.contacts import known_contact
from coffeechat.web.routers.deps import workspace_of
from coffeechat.web.security import check_csrf

router = APIRouter(prefix="/api/v1", tags=["api"], dependencies=[Depends(check_csrf)])


class ContactChanges(ContactFields):
    """What to change about a contact: the options of ``coffeechat contact edit``. A
    field left out stays as it is; "" clears it; ``emails`` and ``tags`` replace the
    whole list, ``add_tags``/``remove_tags`` keep the others; ``stage`` sets it by hand
    (``auto``: back to the timeline's)."""

    name: str | None = None
    add_tags: list[str] | None = None
    remove_tags: list[str] | None = None
    keep_in_touch: str | int | None = None
    stage: str | None = None


@router.patch("/contacts/{contact_id}")
def edit_contact(request: Request, contact_id: int, changes: ContactChanges) -> dict[str, Any]:
    """Change a contact (= ``contact edit --json``): the contact as it is afterwards."""
    known_contact(request, contact_id)
    workspace = workspace_of(request)
    changed = workspace.edit_contact(str(contact_id), **changes.model_dump(exclude_none=True))
    return jsonout.contact(changed, workspace.get_settings().timezone)


@router.delete("/contacts/{contact_id}")
def remove_contact(request: Request, contact_id: int) -> dict[str, Any]:
    """Remove a contact and their history (= ``contact remove --yes --json``): the
    contact as it was just before, under ``removed``."""
    known_contact(request, contact_id)
    workspace = workspace_of(request)
    removed = workspace.remove_contact(str(contact_id))
    return {"removed": jsonout.contact(removed, workspace.get_settings().timezone)}
