"""The guard in front of every route: the Host header, the size of request bodies,
who is signed in, CSRF tokens, and the security headers of every answer.

Local mode: sessions are stateless: the cookie holds a random id and its HMAC under the
workspace's access token, so any worker can check it and ``serve --new-token`` ends every
session. The CSRF token is the HMAC of the session id (a session-bound token): a page
carries it in a form field or, for htmx, in a ``<meta>`` that static/app.js copies into a
header.

Team mode (``serve --team``): the cookie holds a random session id whose SHA-256 is a row
of ``web_session`` (service/accounts.py): signing out, or out everywhere, ends it at
once, in every worker; the CSRF token is the HMAC of a fixed text under that id (the
database holds only its digest, so a copy of it gives no CSRF token either). API calls
carry a user's own API token as ``Authorization: Bearer``.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import HTTPException, Request

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

SESSION_COOKIE = "coffeechat_session"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
#: The largest request body taken (an upload of a LinkedIn export fits many times).
MAX_BODY = 50 * 1024 * 1024
#: Paths anyone may open: the way in, and the files every page needs.
PUBLIC = ("/login", "/welcome", "/static/")
#: And in team mode, the password reset pages too (their link is the secret).
TEAM_PUBLIC = (*PUBLIC, "/reset/", "/forgot")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: The agenda feed: a calendar app cannot sign in, so its secret key in the query is
#: the only way in (GET and HEAD only; any other request, or a wrong key, is a 404).
FEED_PATH = "/agenda.ics"
LOOPBACK = ("localhost", "127.0.0.1", "::1")

SECURITY_HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        b"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


def _sign(token: str, purpose: str, value: str) -> str:
    key = token.encode("utf-8")
    return hmac.new(key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def new_session(token: str) -> str:
    """A session cookie value for a fresh session under ``token``."""
    sid = secrets.token_urlsafe(18)
    return f"{sid}.{_sign(token, 'session', sid)}"


def session_id(token: str | None, cookie: str | None) -> str | None:
    """The id of a valid session cookie, or None."""
    if not token or not cookie or "." not in cookie:
        return None
    sid, mac = cookie.rsplit(".", 1)
    return sid if hmac.compare_digest(mac, _sign(token, "session", sid)) else None


def csrf_token(token: str, sid: str) -> str:
    """The CSRF token of a session."""
    return _sign(token, "csrf", sid)


def team_csrf_token(sid: str) -> str:
    """The CSRF token of a team session (``sid``: the id its cookie holds)."""
    return _sign(sid, "csrf", "team")


def bound_hosts(host: str) -> frozenset[str]:
    """The names a browser may use to reach a server bound to ``host``."""
    names = {*LOOPBACK, host.strip("[]").lower()}
    return frozenset(names)


def host_name(header: str) -> str:
    """The name part of a Host header (``[::1]:8765`` → ``::1``)."""
    value = header.strip().lower()
    if value.startswith("["):
        return value[1:].split("]", 1)[0]
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


@dataclass(frozen=True)
class Access:
    """Who a request is: signed in by cookie (``sid``) or by bearer token (``bearer``);
    in team mode, which account (``user``: a service.accounts.User)."""

    sid: str | None
    bearer: bool
    user: Any = None


class TooLarge(HTTPException):
    """A request body went past MAX_BODY (raised while it is read: 413)."""

    def __init__(self) -> None:
        super().__init__(413, "Too large: the limit is 50 MB.")


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}


def _cookies(header: str) -> dict[str, str]:
    found = {}
    for part in header.split(";"):
        name, _, value = part.strip().partition("=")
        if name:
            found[name] = value
    return found


class Guard:
    """ASGI middleware: Host check (400), body cap (413), sign-in (401 or a redirect to
    /welcome), and the security headers on every answer."""

    def __init__(
        self,
        app: ASGIApp,
        home: Path,
        hosts: Iterable[str],
        max_body: int = MAX_BODY,
        token: Callable[[Path], str | None] | None = None,
        accounts: Any = None,
        public_only: bool = False,
    ) -> None:
        from coffeechat.service.access import current_token

        self.app = app
        self.home = home
        self.hosts = frozenset(hosts)
        self.max_body = max_body
        self.token = token or current_token
        #: team mode: the service.accounts.Accounts that knows sessions and API tokens
        self.accounts = accounts
        #: downloads made for a request reach public addresses only (the team server)
        self.public_only = public_only

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_secured(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                taken = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in taken]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        headers = _headers(scope)
        if host_name(headers.get("host", "")) not in self.hosts:
            await _plain(send_secured, 400, "Unknown host: open the address coffeechat printed.")
            return
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.max_body:
            await _plain(send_secured, 413, "Too large: the limit is 50 MB.")
            return
        path: str = scope["path"]
        if self.accounts is not None:
            from coffeechat.service.downloads import public_only

            with public_only(self.public_only):
                await self._team(scope, headers, path, receive, send_secured, lambda: started)
            return
        if path == FEED_PATH:
            if scope["method"] in ("GET", "HEAD") and self._feed_key_ok(scope):
                await self.app(scope, receive, send_secured)
            else:  # no hint: the same answer as for a path that does not exist
                await _plain(send_secured, 404, "Not Found")
            return
        access = self._access(headers)
        if access is not None:
            scope.setdefault("state", {})["access"] = access
        elif not path.startswith(PUBLIC):
            if path.startswith("/api/"):
                await _json_error(send_secured, 401, "unauthorized", _HOW_TO_API)
            else:
                await _redirect(send_secured, "/welcome?next=" + quote(path, safe="/"))
            return

        await self._capped(scope, receive, send_secured, lambda: started)

    async def _capped(
        self, scope: Scope, receive: Receive, send: Send, started: Callable[[], bool]
    ) -> None:
        """The app, its request body counted as it is read (413 past the cap)."""
        seen = 0

        async def capped_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise TooLarge
            return message

        try:
            await self.app(scope, capped_receive, send)
        except TooLarge:
            if not started():
                await _plain(send, 413, "Too large: the limit is 50 MB.")

    async def _team(
        self,
        scope: Scope,
        headers: dict[str, str],
        path: str,
        receive: Receive,
        send: Send,
        started: Callable[[], bool],
    ) -> None:
        """Team mode: who the request is comes from the database (a session or an API
        token of an active account); the agenda feed passes with one key and no session
        (the route finds whose key it is, and answers 404 for any other)."""
        from starlette.concurrency import run_in_threadpool

        if path == FEED_PATH:
            if scope["method"] in ("GET", "HEAD") and len(_keys(scope)) == 1:
                await self._capped(scope, receive, send, started)
            else:
                await _plain(send, 404, "Not Found")
            return
        if path.startswith("/static/"):  # the same files for everyone: no session read
            await self._capped(scope, receive, send, started)
            return
        access = await run_in_threadpool(self._team_access, headers)
        if access is not None:
            scope.setdefault("state", {})["access"] = access
        elif not path.startswith(TEAM_PUBLIC):
            if path.startswith("/api/"):
                await _json_error(send, 401, "unauthorized", _HOW_TO_TEAM_API)
            else:
                await _redirect(send, "/welcome?next=" + quote(path, safe="/"))
            return
        await self._capped(scope, receive, send, started)

    def _team_access(self, headers: dict[str, str]) -> Access | None:
        auth = headers.get("authorization", "")
        if auth[:7].lower() == "bearer ":
            user = self.accounts.token_user(auth[7:].strip())
            return None if user is None else Access(None, True, user)
        sid = _cookies(headers.get("cookie", "")).get(SESSION_COOKIE)
        if not sid or len(sid) > 100:
            return None
        user = self.accounts.session_user(sid)
        return None if user is None else Access(sid, False, user)

    def _feed_key_ok(self, scope: Scope) -> bool:
        from coffeechat.service.access import feed_key_matches

        keys = _keys(scope)
        return len(keys) == 1 and feed_key_matches(self.home, keys[0])

    def _access(self, headers: dict[str, str]) -> Access | None:
        token = self.token(self.home)
        if not token:
            return None
        auth = headers.get("authorization", "")
        if auth[:7].lower() == "bearer ":
            given = auth[7:].strip()
            return Access(None, True) if hmac.compare_digest(given, token) else None
        sid = session_id(token, _cookies(headers.get("cookie", "")).get(SESSION_COOKIE))
        return Access(sid, False) if sid else None


def _keys(scope: Scope) -> list[str]:
    """The ``key`` parameters of the query (the agenda feed's)."""
    from urllib.parse import parse_qs

    return parse_qs(scope.get("query_string", b"").decode("latin-1")).get("key", [])


_HOW_TO_API = "sign in: send Authorization: Bearer TOKEN (`coffeechat serve --token` prints it)"
_HOW_TO_TEAM_API = (
    "sign in: send Authorization: Bearer TOKEN, a token of your account "
    "(an admin makes one with `coffeechat admin token EMAIL --name LABEL`)"
)


async def _plain(send: Send, status: int, text: str) -> None:
    body = text.encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def _json_error(send: Send, status: int, code: str, message: str) -> None:
    import json

    body = json.dumps({"error": {"code": code, "message": message, "field": None}}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"www-authenticate", b"Bearer"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def _redirect(send: Send, location: str) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 303,
            "headers": [(b"location", location.encode("latin-1")), (b"content-length", b"0")],
        }
    )
    await send({"type": "http.response.body", "body": b""})


def access_of(request: Request) -> Access:
    """Who made this request (set by the Guard)."""
    access = getattr(request.state, "access", None)
    if not isinstance(access, Access):
        raise HTTPException(401)
    return access


async def check_csrf(request: Request) -> None:
    """A dependency: a state-changing request made with the session cookie must carry
    the session's CSRF token (header for htmx and scripts, form field for plain forms);
    403 otherwise. Bearer requests need none: a browser never adds that header itself."""
    if request.method in SAFE_METHODS:
        return
    access = access_of(request)
    if access.bearer:
        return
    expected = expected_csrf(request)
    given = request.headers.get(CSRF_HEADER)
    if given is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        given = value if isinstance(value, str) else None
    if not expected or not given or not hmac.compare_digest(given, expected):
        raise HTTPException(403, "The form has expired or did not come from coffeechat.")


def expected_csrf(request: Request) -> str:
    """The CSRF token of this request's session ("" when it has none)."""
    access = getattr(request.state, "access", None)
    sid = getattr(access, "sid", None)
    if not sid:
        return ""
    if request.app.state.web.team:
        return team_csrf_token(sid)
    token = request.app.state.web.token()
    return csrf_token(token, sid) if token else ""
