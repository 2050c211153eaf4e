"""Jinja2 templates (autoescaped) that render a whole page or one block of it (htmx)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2_fragments import render_block

from coffeechat.web.security import expected_csrf

HERE = Path(__file__).parent

ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(HERE / "templates"),
    autoescape=True,  # every user-written text is escaped, in .html and fragments alike
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    # the templates are files of the installed package: never asked again whether they
    # changed (the default stats each template, and each it extends, at every render)
    auto_reload=False,
)

#: The pages in the navigation, in order: (path, label). Only pages that exist.
NAVIGATION = (
    ("/", "Today"),
    ("/contacts", "Contacts"),
    ("/messages", "Messages"),
    ("/board", "Board"),
    ("/companies", "Companies"),
    ("/network", "Network"),
    ("/paths", "Paths"),
    ("/stats", "Stats"),
    ("/data", "Your data"),
    ("/settings", "Settings"),
)

#: The team server's pages, by role (after those above).
TEAM_NAVIGATION = {
    "seeker": (("/cohorts", "Cohorts"), ("/sharing", "Sharing")),
    "coach": (("/cohorts", "Cohorts"),),
    "admin": (("/cohorts", "Cohorts"), ("/admin/audit", "Audit log")),
}


def is_htmx(request: Request) -> bool:
    """Whether htmx made the request and wants a fragment, not the page (when it
    restores a page from history it wants the whole page)."""
    headers = request.headers
    return (
        headers.get("hx-request") == "true" and headers.get("hx-history-restore-request") != "true"
    )


def worker_warning(request: Request) -> str | None:
    """Team mode, signed in: the warning every page shows while the digest worker has
    not run for a day (service/digests.STALE_AFTER), or while its digests fail and none
    has gone out since, so neither a stopped worker nor a failing mail server is silent;
    None when all is well, and in local mode. Admins read what failed and what to check;
    seekers and coaches, that an admin needs to check it."""
    accounts = getattr(request.app.state, "accounts", None)
    user = getattr(getattr(request.state, "access", None), "user", None)
    if accounts is None or user is None:
        return None
    import zoneinfo

    from coffeechat.service.digests import ERROR_KINDS, worker_status

    status = worker_status(accounts)
    if not status.stopped and not status.failing:
        return None
    zone = zoneinfo.ZoneInfo(_zone(request))

    def when(instant: dt.datetime) -> str:
        return f"{instant.astimezone(zone):%a %d %b, %H:%M}"

    said = []
    if status.stopped:
        how = "An admin starts it with `coffeechat worker` (docs/team.md)."
        last = status.last_run
        ran = "has never run" if last is None else f"last ran on {when(last)}"
        said.append(f"Daily digests are not going out: the worker {ran}. {how}")
    if status.failing and getattr(user, "role", "") == "admin":
        kind = ERROR_KINDS.get(status.error_kind or "other", ERROR_KINDS["other"])
        counts = ""
        if status.pass_sent or status.pass_failed:
            counts = f" (its last pass: {status.pass_sent} sent, {status.pass_failed} failed)"
        failed = f" on {when(status.failed_at)}" if status.failed_at else ""
        since = (
            "none has ever gone out"
            if status.last_sent is None
            else f"the last one went out on {when(status.last_sent)}"
        )
        said.append(
            f"Daily digests are failing: the last one the worker tried{failed} could not be "
            f"mailed: {kind}{counts}; {since}. Check the mail server's settings in the "
            "worker's environment (COFFEECHAT_SMTP_HOST, _PORT, _SECURITY, _USER, "
            "_PASSWORD_FILE, _FROM) and the worker's log (docs/team.md)."
        )
    elif status.failing:
        said.append(
            "Some daily digests are not going out: the last one tried could not be mailed. "
            "An admin needs to check the mail server's settings."
        )
    return " ".join(said)


def _zone(request: Request) -> str:
    """The signed-in user's zone (UTC when it cannot be read)."""
    from coffeechat.web.routers.deps import workspace_of

    try:
        return workspace_of(request).get_settings().timezone
    except Exception:  # an error page while the database is away: UTC will do
        return "UTC"


def render(
    request: Request,
    name: str,
    page: Any,
    *,
    block: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """The template ``name`` with the page's context dataclass as ``page``; one
    ``block`` of it only when given."""
    import dataclasses

    # every page's context is a typed dataclass: what a template may use is written down
    assert dataclasses.is_dataclass(page), f"{name}: the context is not a dataclass"
    access = getattr(request.state, "access", None)
    user = getattr(access, "user", None)
    context = {
        "page": page,
        "path": request.url.path,
        "navigation": NAVIGATION + TEAM_NAVIGATION.get(getattr(user, "role", ""), ()),
        "csrf": expected_csrf(request),
        "signed_in": access is not None,
        # team mode: who is signed in (the header offers to sign out)
        "account": user,
        # team mode: the digest worker has stopped (a banner on every page)
        "worker_warning": worker_warning(request) if block is None else None,
    }
    if block is not None:
        html = render_block(ENV, name, block, context)
    else:
        html = ENV.get_template(name).render(context)
    # a page and its fragment share a URL: caches must keep them apart
    return HTMLResponse(html, status_code=status_code, headers={"Vary": "HX-Request"})
