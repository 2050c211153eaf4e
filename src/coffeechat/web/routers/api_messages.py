"""The JSON API of Messages: ``POST /api/v1/check`` (= ``coffeechat check --json``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict

from coffeechat.formats import jsonout
from coffeechat.web.routers.deps import workspace_of
from coffeechat.web.security import check_csrf

router = APIRouter(prefix="/api/v1", tags=["api"], dependencies=[Depends(check_csrf)])


class MessageToCheck(BaseModel):
    """A message to check: its kind (outreach, scheduling, thank-you, another kind of
    draft, or recap), its text (plain text or a whole e-mail), and who it is for."""

    model_config = ConfigDict(extra="forbid")

    kind: str
    text: str
    contact: str | None = None


@router.post("/check")
def check(request: Request, message: MessageToCheck) -> dict[str, Any]:
    """What to fix in a message (= ``check --kind KIND [--contact C] --json``)."""
    from coffeechat.service.checking import check_in

    checked = check_in(
        workspace_of(request),
        message.kind,
        message.text.encode("utf-8"),
        "the message",
        message.contact,
    )
    return jsonout.check_report(checked.report)
