"""The way in: a one-time login link (``serve`` prints it) or the access token typed
into a form; both end with a session cookie and a redirect to a clean URL."""

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
    return render(request, "auth/welcome.html", WelcomePage("Sign in to coffeechat", next))


@router.get("/login")
def login_link(request: Request, code: str = "", next: str = "/") -> Response:
    """The one-time link ``serve`` prints: a session cookie, then the page, clean URL."""
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
    request: Request, token: Annotated[str, Form()] = "", next: Annotated[str, Form()] = "/"
) -> Response:
    """The access token typed in (``coffeechat serve --token`` prints it). No CSRF token
    here: the form is only of use to someone who knows the secret already."""
    current = access.current_token(request.app.state.web.home)
    if current and hmac.compare_digest(token.strip(), current):
        return _signed_in(request, next)
    page = WelcomePage("Sign in to coffeechat", next, "That is not this workspace's token.")
    return render(request, "auth/welcome.html", page, status_code=401)
