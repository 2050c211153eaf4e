"""What an action did, carried to the page after its redirect and shown there once.

A cookie, not a query parameter: a link could then put any words on a page. Each page has
its own cookie name, so a notice meant for one page is never shown on another."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, unquote

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

#: The most of a notice shown (it is our own text; the cap keeps a forged cookie short).
LONGEST = 300


#: The second cookie beside a page's notice: the change its write made, for an Undo button.
UNDO_SUFFIX = "_undo"


def redirect_with(path: str, cookie: str, text: str) -> Response:
    """Post-redirect-get: a 303 to ``path`` carrying ``text`` for one minute (and the
    change this request made, when it wrote one, so the page can offer to undo it)."""
    response = RedirectResponse(path, status_code=303)
    response.set_cookie(cookie, quote(text), max_age=60, httponly=True, samesite="strict")
    made = change_made()
    if made is not None:
        response.set_cookie(
            cookie + UNDO_SUFFIX, str(made), max_age=60, httponly=True, samesite="strict"
        )
    return response


def change_made() -> int | None:
    """The id of the change this request recorded, if it wrote anything (``coffeechat
    undo`` would revert it now, unless another write came since)."""
    from coffeechat.service.changes import active

    current = active()
    return current.id if current is not None and current.recorded else None


@dataclass(frozen=True)
class Undoable:
    """An Undo button beside a notice: the change it reverts, the page to come back to,
    and the cookie that page reads its notices from."""

    change: int
    back: str
    cookie: str


def undo_offer(request: Request, cookie: str) -> Undoable | None:
    """The Undo button for the notice the last redirect carried, if its write can be
    undone (a forged id is harmless: undo refuses any change but the last)."""
    raw = request.cookies.get(cookie + UNDO_SUFFIX, "")
    if not raw.isdigit() or cookie not in request.cookies:
        return None
    return Undoable(int(raw), request.url.path, cookie)


def undo_now(back: str, cookie: str) -> Undoable | None:
    """The Undo button for a fragment answered to the write itself (htmx): ``back`` is
    the page the fragment is part of."""
    made = change_made()
    return Undoable(made, back, cookie) if made is not None else None


def told(request: Request, cookie: str) -> str | None:
    """The notice the last redirect carried, if any."""
    raw = request.cookies.get(cookie)
    return unquote(raw)[:LONGEST] if raw else None


def shown(request: Request, response: Response, cookie: str) -> Response:
    """The page's response, with the notice it showed forgotten (it is said once)."""
    for name in (cookie, cookie + UNDO_SUFFIX):
        if name in request.cookies:
            response.delete_cookie(name, httponly=True, samesite="strict")
    return response
