"""The agenda feed (``/agenda.ics?key=…``): the agenda and the conversations coming up
as a calendar a calendar app subscribes to, so reminders arrive through it.

A calendar app cannot sign in: the Guard lets this one path through with the feed's
secret key alone (web/security.py, FEED_PATH), and so does this route, checked again
here. Each fetch is remembered (when, and the app's User-Agent) for Today to show.

On the team server each user has a key of their own (service/feed.team_feed_key): the
key names whose agenda the feed is, and no session is read."""

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


def current_feed_key(request: Request, *, renew: bool = False) -> str:
    """The feed key of whoever is signed in: the workspace's (local mode), or the
    signed-in user's own (team mode); ``renew`` replaces it."""
    accounts = request.app.state.accounts
    if accounts is None:
        from coffeechat.service import access

        return access.feed_key(request.app.state.web.home, renew=renew)
    from coffeechat.service.feed import team_feed

    feed = team_feed(accounts, workspace_of(request).owner_id, renew=renew)
    request.state.feed = feed  # when it was last fetched: read with it (fetched_text)
    return feed.key


@router.api_route(FEED_PATH, methods=["GET", "HEAD"])
def agenda_feed(request: Request, key: str = "") -> Response:
    """The feed, for a calendar app: follow-ups as all-day entries with a 09:00 alarm,
    conversations at their time with an alarm 30 minutes before. HEAD (an app checking
    the address) answers the headers only, and is not counted as a fetch."""
    from coffeechat.service import access
    from coffeechat.service import feed as feeds

    accounts = request.app.state.accounts
    home = request.app.state.web.home
    user_id = None
    if accounts is not None:
        user_id = feeds.team_feed_user(accounts, key)
        if user_id is None:
            raise HTTPException(404)
    elif not access.feed_key_matches(home, key):
        raise HTTPException(404)
    headers = {
        "Content-Disposition": 'inline; filename="coffeechat-agenda.ics"',
        "Cache-Control": "no-store",
    }
    if request.method == "HEAD":
        return Response(media_type="text/calendar; charset=utf-8", headers=headers)
    agent = request.headers.get("user-agent")
    if accounts is not None:
        assert user_id is not None
        data = feeds.agenda_feed(accounts.workspace_for(user_id))
        feeds.team_feed_fetched(accounts, user_id, agent)
    else:
        workspace = workspace_of(request)
        data = feeds.agenda_feed(workspace)
        access.feed_fetched(home, workspace.now().isoformat(), agent)
    return Response(data, media_type="text/calendar; charset=utf-8", headers=headers)
