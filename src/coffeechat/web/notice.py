"""What an action did, carried to the page after its redirect and shown there once.

A cookie, not a query parameter: a link could then put any words on a page. Each page has
its own cookie name, so a notice meant for one page is never shown on another."""

from __future__ import annotations

from urllib.parse import quote, unquote

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

#: The most of a notice shown (it is our own text; the cap keeps a forged cookie short).
LONGEST = 300


def redirect_with(path: str, cookie: str, text: str) -> Response:
    """Post-redirect-get: a 303 to ``path`` carrying ``text`` for one minute."""
    response = RedirectResponse(path, status_code=303)
    response.set_cookie(cookie, quote(text), max_age=60, httponly=True, samesite="strict")
    return response


def told(request: Request, cookie: str) -> str | None:
    """The notice the last redirect carried, if any."""
    raw = request.cookies.get(cookie)
    return unquote(raw)[:LONGEST] if raw else None


def shown(request: Request, response: Response, cookie: str) -> Response:
    """The page's response, with the notice it showed forgotten (it is said once)."""
    if cookie in request.cookies:
        response.delete_cookie(cookie, httponly=True, samesite="strict")
    return response
