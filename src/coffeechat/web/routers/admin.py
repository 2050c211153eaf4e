"""The admins' pages of the team server: the audit log (``/admin/audit``), newest first,
a page at a time, filtered by action and by who did it, and its export as CSV
(``/admin/audit.csv``, itself written in the log). Anyone but an admin, and every
request in local mode, gets 404: as if the pages did not exist."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

from coffeechat.core.errors import InvalidValue
from coffeechat.web.security import access_of
from coffeechat.web.templating import render

if TYPE_CHECKING:
    from coffeechat.service.audit import AuditEntry, AuditFilter

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True)
class AuditLine:
    """One entry as the page shows it."""

    at: str
    at_iso: str
    actor: str
    action: str
    target: str
    detail: str


@dataclass(frozen=True)
class AuditLogPage:
    """The context of /admin/audit: the entries of this page, the filter (as typed) and
    its choices, the neighbouring pages and the export's address with the same filter."""

    title: str
    entries: list[AuditLine]
    action: str
    actor: str
    actions: list[str]
    newer: str | None
    older: str | None
    export: str
    #: A filter that could not be read: (field, message)
    error: tuple[str, str] | None = None


def _admin_accounts(request: Request) -> Any:
    """The accounts, when an admin asks; 404 for anyone else, and in local mode."""
    accounts = request.app.state.accounts
    if accounts is None:
        raise HTTPException(404)
    user = access_of(request).user
    if user is None or user.role != "admin":
        raise HTTPException(404)
    return accounts


def _line(entry: AuditEntry) -> AuditLine:
    return AuditLine(
        f"{entry.at:%Y-%m-%d %H:%M:%S}",
        entry.at.isoformat(),
        entry.actor_email or "shell, or not signed in",
        entry.action,
        entry.target or "",
        entry.detail or "",
    )


def _query(**values: Any) -> str:
    kept = {k: v for k, v in values.items() if v not in (None, "", 0)}
    return "?" + urlencode(kept) if kept else ""


@router.get("/admin/audit")
def audit_log(
    request: Request,
    action: str = "",
    actor: str = "",
    offset: int = Query(0, ge=0),
) -> Response:
    """The audit log, newest first, a page at a time."""
    from coffeechat.service.audit import PAGE, AuditFilter, audit_filter, audit_page

    accounts = _admin_accounts(request)
    error = None
    try:
        found = audit_filter(action, actor)
    except InvalidValue as problem:
        found, error = AuditFilter(), (problem.field, str(problem))
    if error is not None:
        shown = audit_page(accounts, found, 0, 0)
        lines: list[AuditLine] = []
        newer = older = None
    else:
        shown = audit_page(accounts, found, offset, PAGE)
        lines = [_line(e) for e in shown.entries]
        newer = None
        if offset:
            newer = "/admin/audit" + _query(
                action=action, actor=actor, offset=max(0, offset - PAGE)
            )
        older = None
        if shown.next_offset is not None:
            older = "/admin/audit" + _query(action=action, actor=actor, offset=shown.next_offset)
    page = AuditLogPage(
        "Audit log",
        lines,
        action.strip(),
        actor.strip(),
        shown.actions,
        newer,
        older,
        "/admin/audit.csv" + _query(action=action.strip(), actor=actor.strip()),
        error,
    )
    return render(request, "admin/audit.html", page, status_code=400 if error else 200)


@router.get("/admin/audit.csv")
def audit_csv(request: Request, action: str = "", actor: str = "", since: str = "") -> Response:
    """The entries the filter names, newest first, as CSV (the export is logged)."""
    from coffeechat.service.audit import audit_csv as as_csv
    from coffeechat.service.audit import audit_export, audit_filter

    accounts = _admin_accounts(request)
    found: AuditFilter = audit_filter(action, actor, since)  # a bad one: 400 (errors.py)
    entries = audit_export(accounts, found, form="csv", actor=access_of(request).user.id)
    return Response(
        as_csv(entries),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="coffeechat-audit.csv"'},
    )
