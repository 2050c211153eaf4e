"""A server's worker gets ready before it takes requests.

The first request that walks FastAPI's routes builds every route's request models, the
first page of each kind compiles its templates, and the first draft loads the checker's
word lists: in all about a second of one worker's processor, that the first people to
open a page would otherwise wait for, and everyone else on that worker with them (issue
15: on a team server just started or restarted, those first seconds were the slowest of
the whole load test). ``serve`` does them at start-up instead, in each worker
(``WebSettings.warm``); tests and embedders that build an app do not pay for it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

from starlette.exceptions import HTTPException

#: A path no route has: a request for it walks past every route.
NOWHERE = "/-/warm-up"


async def warm_up(app: Any) -> None:
    """Build the routes' models, compile every template, load the checker."""
    import anyio.to_thread

    await _walk_routes(app)
    await anyio.to_thread.run_sync(_compile_templates)
    await anyio.to_thread.run_sync(_load_checker)


async def _walk_routes(app: Any) -> None:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": NOWHERE,
        "raw_path": NOWHERE.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [],
        "client": ("127.0.0.1", 0),
        "server": ("127.0.0.1", 0),
        "state": {},
        "app": app,
    }

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Any) -> None:
        return None

    # straight to the router: no guard, no handler of errors (it ends in a 404)
    with contextlib.suppress(HTTPException):
        await app.router(scope, receive, send)


def _compile_templates() -> int:
    """Every page template compiled (Jinja keeps them); how many."""
    from coffeechat.web.templating import ENV

    names = ENV.list_templates(filter_func=lambda name: name.endswith(".html"))
    for name in names:
        ENV.get_template(name)
    return len(names)


def _load_checker() -> None:
    """The checker's patterns, word lists (simplemma's) and learned model, by checking one
    message."""
    from coffeechat.core.checker import check_message

    check_message(
        "outreach",
        "Hi Ada, we met at the data meetup. Would you have 20 minutes for a call about "
        "your move into analytics? Thanks, Sam",
        now=dt.datetime(2026, 1, 5, 15, 0, tzinfo=dt.UTC),
        zone="UTC",
    )
