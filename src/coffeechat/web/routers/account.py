"""Team mode's accounts in the web: signing in with an e-mail and a password, signing
out (here, or everywhere), the password reset page of a one-use link, and
``GET /api/v1/me``. In local mode these routes answer 404 (but ``/api/v1/me``, which
names the workspace's owner).

Sessions live in the database (service/accounts.py): the cookie holds a random id, a new
one at every sign-in, so an id planted in a browser before its owner signs in is never
the one signed in (session fixation). The sign-in form carries a check that matches a
cookie set with the form (double submit), so another site cannot sign a visitor in to
an account of its choosing."""

from __future__ import annotations

import hmac
import logging
import secrets
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from coffeechat.web.routers.auth import _safe_next
from coffeechat.web.security import SESSION_COOKIE, access_of, check_csrf
from coffeechat.web.templating import render

log = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)
api_router = APIRouter(prefix="/api/v1", tags=["api"])

#: The cookie of the sign-in form's check (double submit), only sent to /login.
LOGIN_COOKIE = "coffeechat_login"


@dataclass(frozen=True)
class SignInPage:
    """The team sign-in form."""

    title: str
    next: str
    check: str
    email: str = ""
    error: str | None = None


@dataclass(frozen=True)
class ResetPage:
    """The page of a password reset link: the new password, twice."""

    title: str
    email: str | None
    error: str | None = None
    done: bool = False
    check: str = ""


@dataclass(frozen=True)
class ForgotPage:
    """ "Forgot your password?": the address to mail a reset link to (``mail``: a mail
    server is set; without one, the page says to ask an admin), then the same answer
    whether an account has that address or not (``sent``)."""

    title: str
    mail: bool
    check: str = ""
    sent: bool = False
    email: str = ""
    error: str | None = None


def _accounts(request: Request) -> Any:
    accounts = request.app.state.accounts
    if accounts is None:
        raise HTTPException(404)
    return accounts


def _secure(request: Request) -> bool:
    """Whether the browser reached us over HTTPS: the cookie is then ``Secure``. The
    scheme is the one uvicorn saw, or the one a trusted proxy said (X-Forwarded-Proto,
    taken only from the addresses of ``serve --forwarded-allow-ips``)."""
    return bool(request.app.state.web.https) or request.url.scheme == "https"


def set_cookie(request: Request, response: Response, name: str, value: str, path: str) -> None:
    """A cookie of ours: ``HttpOnly``, ``SameSite=Strict``, ``Secure`` over HTTPS, for
    ``path`` only (the session's is ``/``; a form's check goes to its form's path)."""
    response.set_cookie(
        name, value, httponly=True, samesite="strict", secure=_secure(request), path=path
    )


def sign_in_page(
    request: Request, next: str, *, email: str = "", error: str | None = None, status: int = 200
) -> Response:
    """The sign-in form, with a fresh check in its cookie."""
    check = secrets.token_urlsafe(18)
    page = SignInPage("Sign in to coffeechat", _safe_next(next), check, email, error)
    response = render(request, "auth/signin.html", page, status_code=status)
    set_cookie(request, response, LOGIN_COOKIE, check, "/login")
    return response


def team_sign_in(request: Request, email: str, password: str, next: str, check: str) -> Response:
    """POST /login in team mode: a new session for the right e-mail and password."""
    from coffeechat.service.accounts import BadSignIn, TooManyAttempts

    accounts = _accounts(request)
    expected = request.cookies.get(LOGIN_COOKIE, "")
    if not expected or not check or not hmac.compare_digest(expected, check):
        return sign_in_page(
            request,
            next,
            email=email,
            error="The sign-in form had expired: please sign in again.",
            status=403,
        )
    address = request.client.host if request.client else None
    try:
        signed = accounts.sign_in(
            email, password, address=address, user_agent=request.headers.get("user-agent")
        )
    except TooManyAttempts as error:
        message = (
            f"Too many failed sign-ins. Wait {error.minutes} minutes and try again, or ask "
            "an admin for a password reset link."
        )
        return sign_in_page(request, next, email=email, error=message, status=429)
    except BadSignIn:
        message = "That e-mail and password do not match an account."
        return sign_in_page(request, next, email=email, error=message, status=401)
    response = RedirectResponse(_safe_next(next), status_code=303)
    set_cookie(request, response, SESSION_COOKIE, signed.session_id, "/")
    response.delete_cookie(LOGIN_COOKIE, path="/login")
    return response


def _signed_out(request: Request) -> Response:
    response = RedirectResponse("/welcome", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/", secure=_secure(request), httponly=True)
    return response


@router.post("/logout", dependencies=[Depends(check_csrf)])
def sign_out(request: Request) -> Response:
    """Sign out of this browser."""
    accounts = _accounts(request)
    access = access_of(request)
    if access.sid:
        accounts.sign_out(access.sid)
    return _signed_out(request)


@router.post("/logout/everywhere", dependencies=[Depends(check_csrf)])
def sign_out_everywhere(request: Request) -> Response:
    """Sign out of every browser (every session of this account ends)."""
    accounts = _accounts(request)
    access = access_of(request)
    accounts.sign_out_everywhere(access.user.id)
    return _signed_out(request)


def _reset_form(
    request: Request,
    email: str,
    error: str | None = None,
    status: int = 200,
    check: str | None = None,
) -> Response:
    """The form of a reset link, with a fresh check in its cookie (double submit, as the
    sign-in form); the form shown again after a mistake keeps its check."""
    check = check or secrets.token_urlsafe(18)
    page = ResetPage("Choose a new password", email, error, check=check)
    response = render(request, "auth/reset.html", page, status_code=status)
    path = request.url.path
    set_cookie(request, response, LOGIN_COOKIE, check, path)
    return response


def _forgot_page(
    request: Request, page: ForgotPage, status: int = 200, check: str | None = None
) -> Response:
    """The forgot page; with a form, a fresh check in its cookie (double submit, as the
    sign-in form: another site cannot make a visitor's browser ask for mails)."""
    if page.mail and not page.sent:
        from dataclasses import replace

        page = replace(page, check=check or secrets.token_urlsafe(18))
    response = render(request, "auth/forgot.html", page, status_code=status)
    if page.check:
        set_cookie(request, response, LOGIN_COOKIE, page.check, "/forgot")
    return response


@router.get("/forgot")
def forgot_page(request: Request) -> Response:
    """ "Forgot your password?" (the sign-in page links here)."""
    from coffeechat.service.reset_mail import configured_mail

    _accounts(request)
    mail = configured_mail() is not None
    return _forgot_page(request, ForgotPage("Forgot your password?", mail))


@router.post("/forgot")
def forgot(
    request: Request,
    background: BackgroundTasks,
    email: Annotated[str, Form()] = "",
    check: Annotated[str, Form()] = "",
) -> Response:
    """Mail a reset link to the address when an active account has it. The answer is
    the same whether it does or not (no one learns who has an account here), and the
    mail goes out after the answer (nor from how long it takes). Limited per account and
    per network address, as sign-ins are."""
    from coffeechat.service.accounts import TooManyAttempts
    from coffeechat.service.reset_mail import configured_mail, link_base

    title = "Forgot your password?"
    expected = request.cookies.get(LOGIN_COOKIE, "")
    if not expected or not check or not hmac.compare_digest(expected, check):
        mailing = request.app.state.accounts is not None and configured_mail() is not None
        error = "The form had expired: try again."
        return _forgot_page(request, ForgotPage(title, mailing, email=email, error=error), 403)
    accounts = _accounts(request)
    mail = configured_mail()
    if mail is None:
        return _forgot_page(request, ForgotPage(title, False))
    if not email.strip():
        page = ForgotPage(title, True, error="Give the e-mail address you sign in with.")
        return _forgot_page(request, page, 400, check)
    address = request.client.host if request.client else None
    try:
        asked = accounts.request_reset(email, address=address)
    except TooManyAttempts as error:
        message = (
            f"Too many reset links were asked for lately. Wait {error.minutes} minutes and "
            "try again, or ask an admin for one."
        )
        return _forgot_page(request, ForgotPage(title, True, email=email, error=message), 429)
    if asked is not None:
        user, token = asked
        link = f"{link_base(str(request.base_url))}/reset/{token}"
        background.add_task(_mail_link, mail, user.email, user.name, link, accounts.now())
    return _forgot_page(request, ForgotPage("Check your e-mail", True, sent=True))


def _mail_link(mail: Any, to: str, name: str, link: str, now: Any) -> None:
    """Send the link after the answer; a refusal goes to the log (never the link)."""
    from coffeechat.core.errors import CoffeechatError
    from coffeechat.service.reset_mail import mail_reset

    try:
        mail_reset(mail, to, name, link, now)
    except CoffeechatError as error:
        log.warning("password reset mail to %s failed: %s", to, error)


@router.get("/reset/{token}")
def reset_page(request: Request, token: str) -> Response:
    """The page of a password reset link (``admin reset-password`` prints it)."""
    user = _accounts(request).reset_account(token)
    if user is None:
        return _reset_gone(request)
    return _reset_form(request, user.email)


def _reset_gone(request: Request) -> Response:
    page = ResetPage(
        "This link no longer works",
        None,
        "This password reset link was already used or is out of date: ask for a new one "
        "(Forgot your password?, on the sign-in page) or ask an admin.",
    )
    return render(request, "auth/reset.html", page, status_code=404)


@router.post("/reset/{token}")
def reset_password(
    request: Request,
    token: str,
    password: Annotated[str, Form()] = "",
    repeat: Annotated[str, Form()] = "",
    check: Annotated[str, Form()] = "",
) -> Response:
    """Set the new password: once, while the link is valid. The form's check must
    match its cookie (the link's own secret is in the address besides)."""
    from coffeechat.core.errors import PasswordRefused

    expected = request.cookies.get(LOGIN_COOKIE, "")
    if not expected or not check or not hmac.compare_digest(expected, check):
        raise HTTPException(403, "The form has expired: open the link again.")
    accounts = _accounts(request)
    user = accounts.reset_account(token)
    if user is None:
        return _reset_gone(request)
    if password != repeat:
        return _reset_form(request, user.email, "The two passwords differ.", 400, check)
    try:
        done = accounts.use_reset(token, password)
    except PasswordRefused as error:
        return _reset_form(request, user.email, f"The password {error.problem}.", 400, check)
    if done is None:
        return _reset_gone(request)
    page = ResetPage("Your new password is set", user.email, done=True)
    return render(request, "auth/reset.html", page)


@api_router.get("/me")
def me(request: Request) -> dict[str, Any]:
    """Who is signed in: ``{"user": {"email", "name", "role"}}``. In local mode, the
    workspace's owner (their e-mail setting, role ``seeker``)."""
    access = access_of(request)
    if access.user is not None:
        user = access.user
        return {"user": {"email": user.email, "name": user.name, "role": user.role}}
    from coffeechat.web.routers.deps import workspace_of

    owner = workspace_of(request).get_settings()
    return {"user": {"email": owner.email or "", "name": owner.name, "role": "seeker"}}
