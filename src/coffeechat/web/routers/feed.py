"""The agenda feed (``/agenda.ics?key=…``): the agenda and the conversations coming up
as a calendar a calendar app subscribes to, so reminders arrive through it.

A calendar app cannot sign in: the Guard lets this one path through with the feed's
secret key alone (web/security.py, FEED_PATH), and so does this route, checked again
here. Each fetch is remembered (when, and the app's User-Agent) for Today to show."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from coffeechat.web.routers.deps import workspace_of
from coffeechat.web.security import FEED_PATH

router = APIRouter(include_in_schema=False)


def feed_url(request: Request, key: str) -> str:
    """The feed's address as this server is reached (for the copy button)."""
    from urllib.parse import quote

    return f"{str(request.base_url).rstrip('/')}{FEED_PATH}?key={quote(key)}"


@router.api_route(FEED_PATH, methods=["GET", "HEAD"])
def agenda_feed(request: Request, key: str = "") -> Response:
    """The feed, for a calendar app: follow-ups as all-day entries with a 09:00 alarm,
    conversations at their time with an alarm 30 minutes before. HEAD (an app checking
    the address) answers the headers only, and is not counted as a fetch."""
    from coffeechat.service import access
    from coffeechat.service.feed import agenda_feed as feed

    home = request.app.state.web.home
    if not access.feed_key_matches(home, key):
        raise HTTPException(404)
    headers = {
        "Content-Disposition": 'inline; filename="coffeechat-agenda.ics"',
        "Cache-Control": "no-store",
    }
    if request.method == "HEAD":
        return Response(media_type="text/calendar; charset=utf-8", headers=headers)
    workspace = workspace_of(request)
    data = feed(workspace)
    access.feed_fetched(home, workspace.now().isoformat(), request.headers.get("user-agent"))
    return Response(data, media_type="text/calendar; charset=utf-8", headers=headers)
