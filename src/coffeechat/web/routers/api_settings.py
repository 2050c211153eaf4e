"""The JSON API of Settings and Today's actions: ``settings show|set --json`` and
``followup done|dismiss|snooze --json``, the same documents from the same service calls
(docs/json.md)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict

from coffeechat.core.errors import InvalidValue
from coffeechat.formats import jsonout
from coffeechat.service.workspace import SETTING_KEYS
from coffeechat.web.routers.deps import workspace_of
from coffeechat.web.security import check_csrf

router = APIRouter(prefix="/api/v1", tags=["api"], dependencies=[Depends(check_csrf)])


class Item(BaseModel):
    """An agenda item, by the id the agenda gives it."""

    model_config = ConfigDict(extra="forbid")

    item: str


class Snooze(Item):
    """An item to snooze: to a day (``until``, YYYY-MM-DD) or by ``days``."""

    until: str | None = None
    days: int | None = None


@router.get("/settings")
def api_settings(request: Request) -> dict[str, Any]:
    """Your settings (``coffeechat settings show --json``)."""
    return jsonout.settings(workspace_of(request).get_settings())


@router.patch("/settings")
def api_settings_set(request: Request, changes: dict[str, str | int | None]) -> dict[str, Any]:
    """Change settings, all checked before any is written (``settings set --json``,
    several keys at once); ``""`` clears an optional one. A key that is no setting is
    refused with that key as the error's field."""
    unknown = sorted(set(changes) - set(SETTING_KEYS))
    if unknown:
        raise InvalidValue(unknown[0], unknown[0], "unknown setting", "|".join(SETTING_KEYS))
    given = {k: "" if v is None else str(v) for k, v in changes.items()}
    workspace = workspace_of(request)
    if "name" in given:  # the team server's names are the accounts', an admin's to change
        from coffeechat.web.routers.settings import refuse_team_rename

        refuse_team_rename(request, given, workspace.get_settings().name)
    return jsonout.settings(workspace.update_settings(**given))


@router.post("/followups/done")
def api_followup_done(request: Request, body: Item) -> dict[str, Any]:
    """Mark an item done (``coffeechat followup done ITEM --json``)."""
    found = workspace_of(request).done(body.item)
    return {"done": found.item, "contact": found.contact_name, "kind": found.kind}


@router.post("/followups/dismiss")
def api_followup_dismiss(request: Request, body: Item) -> dict[str, Any]:
    """Drop an item for good (``coffeechat followup dismiss ITEM --json``)."""
    found = workspace_of(request).dismiss(body.item)
    return {"dismissed": found.item, "contact": found.contact_name, "kind": found.kind}


@router.post("/followups/snooze")
def api_followup_snooze(request: Request, body: Snooze) -> dict[str, Any]:
    """Move an item to a later day (``coffeechat followup snooze ITEM --json``)."""
    workspace = workspace_of(request)
    found = workspace.snooze(body.item, until=body.until, days=body.days)
    after = workspace.follow_ups(str(found.contact_id))
    due = next((i.due for i in after if i.item == found.item), None)
    return {
        "snoozed": found.item,
        "contact": found.contact_name,
        "kind": found.kind,
        "due": due.isoformat() if due else None,
    }
