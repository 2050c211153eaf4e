"""The way in: a one-time login link (``serve`` prints it) or the access token typed
into a form; both end with a session cookie and a redirect to a clean URL.

In team mode (``serve --team``) the way in is an account's e-mail and password instead
(routers/account.py has the rest: signing out, password resets)."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from coffeechat.service import access
from coffeechat.web.security import SESSION_COOKIE, new_session
from coffeechat.web.templating import render

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True)
class WelcomePage:
    """How to get in (shown to anyone not signed in)."""

    title: str
    next: str
    error: str | None = None


def _safe_next(target: str) -> str:
    """Only paths of this site (no ``//host`` or scheme): no open redirect."""
    return target if target.startswith("/") and not target.startswith("//") else "/"


def _signed_in(request: Request, target: str) -> Response:
    token = access.current_token(request.app.state.web.home)
    assert token is not None
    response = RedirectResponse(_safe_next(target), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        new_session(token),
        httponly=True,
        samesite="strict",
        secure=request.app.state.web.https,
        path="/",
    )
    return response


@router.get("/welcome")
def welcome(request: Request, next: str = "/") -> Response:
    """The page that says how to get in."""
    if request.app.state.web.team:
        from coffeechat.web.routers.account import sign_in_page

        return sign_in_page(request, next)
    return render(request, "auth/welcome.html", WelcomePage("Sign in to coffeechat", next))


@router.get("/login")
def login_link(request: Request, code: str = "", next: str = "/") -> Response:
    """The one-time link ``serve`` prints: a session cookie, then the page, clean URL."""
    if request.app.state.web.team:  # no sign-in codes on the team server
        return RedirectResponse("/welcome", status_code=303)
    if access.use_login_code(request.app.state.web.home, code):
        return _signed_in(request, next)
    page = WelcomePage(
        "Sign in to coffeechat",
        next,
        "This sign-in link was already used or is out of date.",
    )
    return render(request, "auth/welcome.html", page, status_code=401)


@router.post("/login")
def login_token(
    request: Request,
    token: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
    email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    login_check: Annotated[str, Form()] = "",
) -> Response:
    """The access token typed in (``coffeechat serve --token`` prints it). No CSRF token
    here: the form is only of use to someone who knows the secret already. In team
    mode: an account's e-mail and password (routers/account.py)."""
    if request.app.state.web.team:
        from coffeechat.web.routers.account import team_sign_in

        return team_sign_in(request, email, password, next, login_check)
    current = access.current_token(request.app.state.web.home)
    if current and hmac.compare_digest(token.strip(), current):
        return _signed_in(request, next)
    page = WelcomePage("Sign in to coffeechat", next, "That is not this workspace's token.")
    return render(request, "auth/welcome.html", page, status_code=401)
