"""The JSON API of the recap and of search: ``GET /api/v1/contacts/{id}/recap`` (the
document of ``recap --json``, or the file with ``?format=``), ``POST`` to write it, and
``GET /api/v1/search`` (``search --json``). docs/json.md is their contract."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict

from coffeechat.formats import jsonout
from coffeechat.web.routers.deps import workspace_of
from coffeechat.web.routers.recaps import known_contact, recap_file
from coffeechat.web.security import check_csrf

router = APIRouter(prefix="/api/v1", tags=["api"], dependencies=[Depends(check_csrf)])


class RecapChanges(BaseModel):
    """What a recap keeps: the options of ``coffeechat recap`` (all optional)."""

    model_config = ConfigDict(extra="forbid")

    conversation: int | None = None
    variant: str | None = None
    reflection: str | None = None
    next_contact: str | None = None
    next_step: str | None = None


@router.get("/contacts/{contact_id}/recap", response_model=None)
def recap(
    request: Request,
    contact_id: int,
    conversation: int | None = None,
    variant: str | None = None,
    format: Annotated[str | None, Query(pattern="^(md|html|pdf|docx)$")] = None,
) -> dict[str, Any] | Response:
    """The recap as ``recap --json`` gives it (``first``: writing it would be the first
    recap), or with ``format`` the file (md, html, pdf, docx). Reads only: nothing is
    written, the stage does not move (``POST`` writes it)."""
    workspace = workspace_of(request)
    if format is not None:
        return recap_file(workspace, contact_id, conversation, format)
    known_contact(workspace, contact_id)
    result = workspace.preview_recap(str(contact_id), conversation, variant)
    return jsonout.recap_written(result, "md", None)


@router.post("/contacts/{contact_id}/recap")
def write_recap(request: Request, contact_id: int, changes: RecapChanges) -> dict[str, Any]:
    """Write the recap (= ``recap --json`` with ``--variant --reflection --next-contact
    --next-step``): what is given is kept; the first recap moves the contact to
    ``recapped``."""
    workspace = workspace_of(request)
    known_contact(workspace, contact_id)
    result = workspace.write_recap(str(contact_id), **changes.model_dump())
    return jsonout.recap_written(result, "md", None)


@router.get("/search")
def search(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=500)],
    limit: Annotated[int, Query(ge=1, le=1000)] = 20,
) -> dict[str, Any]:
    """Contacts, companies and notes matching every word of ``q`` (= ``search --json
    --limit``)."""
    return jsonout.search(q, workspace_of(request).search(q, limit=limit))
