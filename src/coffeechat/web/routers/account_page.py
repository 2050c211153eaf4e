"""Your account on the team server (``/account``): who you are, your password (changed
with the current one), your API tokens (made here, shown once, revoked here), and
signing out everywhere. In local mode: 404 (the workspace is yours; there is no account)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import Response

from coffeechat.core.errors import CoffeechatError, PasswordRefused
from coffeechat.web import notice as notice_cookie
from coffeechat.web.routers.account import set_cookie
from coffeechat.web.routers.deps import workspace_of
from coffeechat.web.security import SESSION_COOKIE, access_of, check_csrf
from coffeechat.web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(check_csrf)])

#: The cookie that carries what a change did to the page after its redirect.
NOTICE_COOKIE = "coffeechat_account_notice"


@dataclass(frozen=True)
class TokenLine:
    """One of your API tokens, as the page lists it."""

    id: int
    name: str
    created: str
    last_used: str


@dataclass
class AccountPage:
    """The Account page."""

    title: str
    name: str
    email: str
    role: str
    tokens: list[TokenLine]
    notice: str | None = None
    #: A token just made: shown on this answer only, never again.
    new_token: str | None = None
    errors: dict[str, str] = field(default_factory=dict)


def _accounts(request: Request) -> Any:
    accounts = request.app.state.accounts
    if accounts is None:
        raise HTTPException(404)
    return accounts


def _when(at: dt.datetime | None, zone: str) -> str:
    return f"{at.astimezone(zoneinfo.ZoneInfo(zone)):%a %d %b %Y, %H:%M}" if at else "never"


def account_page(request: Request, **extra: Any) -> AccountPage:
    accounts = _accounts(request)
    user = access_of(request).user
    zone = workspace_of(request).get_settings().timezone
    tokens = [
        TokenLine(t.id, t.name, _when(t.created_at, zone), _when(t.last_used_at, zone))
        for t in accounts.tokens_of(user.id)
    ]
    return AccountPage("Your account", user.name, user.email, user.role, tokens, **extra)


def _page(request: Request, status: int = 200, **extra: Any) -> Response:
    response = render(
        request, "account/index.html", account_page(request, **extra), status_code=status
    )
    response.headers["Cache-Control"] = "no-store"  # a new token is on it, once
    return response


@router.get("/account")
def account(request: Request) -> Response:
    """Your account: name, address, role, password, API tokens."""
    said = notice_cookie.told(request, NOTICE_COOKIE)
    return notice_cookie.shown(request, _page(request, notice=said), NOTICE_COOKIE)


@router.post("/account/password")
def change_password(
    request: Request,
    current: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    repeat: Annotated[str, Form()] = "",
) -> Response:
    """A new password, with the current one: every other browser is signed out, this
    one gets a new session."""
    from coffeechat.service.accounts import BadSignIn, TooManyAttempts

    accounts = _accounts(request)
    user = access_of(request).user
    if password != repeat:
        return _page(request, 400, errors={"password": "The two new passwords differ."})
    address = request.client.host if request.client else None
    try:
        signed = accounts.change_password(
            user.id,
            current,
            password,
            address=address,
            user_agent=request.headers.get("user-agent"),
        )
    except TooManyAttempts as error:
        message = f"Too many wrong passwords: wait {error.minutes} minutes and try again."
        return _page(request, 429, errors={"current": message})
    except BadSignIn:
        return _page(request, 400, errors={"current": "That is not your current password."})
    except PasswordRefused as error:  # a sentence, as the reset page says it
        return _page(request, 400, errors={"password": f"The new password {error.problem}."})
    except CoffeechatError as error:
        return _page(request, 400, errors={"password": str(error)})
    response = notice_cookie.redirect_with(
        "/account", NOTICE_COOKIE, "Your password is changed; every other browser is signed out."
    )
    set_cookie(request, response, SESSION_COOKIE, signed.session_id, "/")
    return response


@router.post("/account/tokens")
def new_token(request: Request, name: Annotated[str, Form()] = "") -> Response:
    """A new API token, shown once on the answer (never stored as given)."""
    user = access_of(request).user
    try:
        token = _accounts(request).issue_own_token(user.id, name)
    except CoffeechatError as error:
        return _page(request, 400, errors={"token": str(error)})
    return _page(request, new_token=token, notice=f"New token {name.strip()!r}: copy it now.")


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(request: Request, token_id: int) -> Response:
    """Revoke one of your tokens: it stops working at once."""
    user = access_of(request).user
    name = _accounts(request).revoke_own_token(user.id, token_id)
    if name is None:
        raise HTTPException(404)
    return notice_cookie.redirect_with(
        "/account", NOTICE_COOKIE, f"Revoked the token {name!r}: it no longer works."
    )
