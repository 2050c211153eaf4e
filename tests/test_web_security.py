"""The web UI's guard: sign-in, Host, CSRF, body size, headers, escaping, binding."""

from __future__ import annotations

import asyncio
import os
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute
from starlette.routing import Route

from coffeechat.cli import cli
from coffeechat.service import access
from coffeechat.web.security import MAX_BODY, SESSION_COOKIE
from coffeechat.web.server import bind_problem, is_loopback
from conftest import WebClient

STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}


def routes(app: Any) -> list[tuple[str, str]]:
    """Every (method, path) of the app, with path parameters filled in."""
    found = []
    for route in app.routes:
        included = getattr(route, "original_router", None)  # FastAPI's include_router
        if included is not None:
            found += routes(included)
        elif isinstance(route, APIRoute | Route):  # Today is a plain Starlette route
            path = re.sub(r"\{[^}]+\}", "1", route.path)
            # HEAD (Starlette adds it beside GET) answers as GET does, without a body
            found += [(method, path) for method in sorted(route.methods or ()) if method != "HEAD"]
    return found


def test_every_route_needs_a_session_or_the_token(stranger: WebClient, web_app: Any) -> None:
    checked = 0
    for method, path in routes(web_app):
        if path in ("/login", "/welcome"):
            continue
        response = stranger.http.request(method, path)
        if path == "/agenda.ics":  # the feed: its key or nothing (tests/test_web_feed.py)
            assert response.status_code == 404, (method, path)
        elif path.startswith("/api/"):
            assert response.status_code == 401, (method, path)
            assert response.json()["error"]["code"] == "unauthorized"
        else:
            assert response.status_code == 303, (method, path)
            assert response.headers["location"].startswith("/welcome?next=")
        checked += 1
    assert checked >= 8
    assert stranger.get("/api/v1/openapi.json").status_code == 401


def test_the_welcome_page_says_how_to_get_in(stranger: WebClient) -> None:
    page = stranger.get("/welcome?next=/contacts").text
    assert "<h1>Sign in to coffeechat</h1>" in page
    assert "coffeechat serve --token" in page
    assert 'href="/contacts"' not in page  # no navigation before signing in


def test_a_wrong_bearer_token_or_cookie_is_refused(stranger: WebClient, web_app: Any) -> None:
    bad = stranger.get("/api/v1/contacts", headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401
    stranger.http.cookies.set(SESSION_COOKIE, "made-up.0000")
    assert stranger.get("/").status_code == 303


def test_the_bearer_token_opens_the_api(stranger: WebClient, web_app: Any) -> None:
    token = access.current_token(web_app.state.web.home)
    response = stranger.get("/api/v1/contacts", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.json() == {"contacts": [], "next_offset": None}


def test_signing_in_by_link_sets_a_strict_httponly_cookie_once(
    stranger: WebClient, web_app: Any
) -> None:
    code = access.new_login_code(web_app.state.web.home)
    response = stranger.get(f"/login?code={code}&next=/contacts")
    assert response.status_code == 303
    assert response.headers["location"] == "/contacts"  # a clean URL: no code in it
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=")
    assert "HttpOnly" in cookie
    assert "samesite=strict" in cookie.lower()
    assert stranger.get("/contacts").status_code == 200
    again = WebClient(web_app, signed_in=False).get(f"/login?code={code}")
    assert again.status_code == 401  # used up
    assert "already used" in again.text


def test_signing_in_with_the_token_typed_in(stranger: WebClient, web_app: Any) -> None:
    token = access.current_token(web_app.state.web.home)
    wrong = stranger.post("/login", csrf=False, data={"token": "guess", "next": "/"})
    assert wrong.status_code == 401
    assert SESSION_COOKIE not in wrong.headers.get("set-cookie", "")
    right = stranger.post("/login", csrf=False, data={"token": token, "next": "//evil.example"})
    assert right.status_code == 303
    assert right.headers["location"] == "/"  # never off the site
    assert stranger.get("/").status_code == 200


def test_a_new_token_signs_every_browser_out(client: WebClient, web_app: Any) -> None:
    assert client.get("/").status_code == 200
    access.access_token(web_app.state.web.home, renew=True)
    assert client.get("/").status_code == 303


def test_the_token_is_read_again_only_when_its_file_changes(tmp_path: Path) -> None:
    """Each request asks for the token: its file is read once, then again only when
    another process replaced it (``serve --new-token``) or removed it."""
    first = access.access_token(tmp_path)
    assert access.current_token(tmp_path) == first
    opened = []
    real = Path.read_text

    def counting(path: Path, *args: Any, **kwargs: Any) -> str:
        opened.append(path)
        return real(path, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Path, "read_text", counting)
        assert [access.current_token(tmp_path) for _ in range(3)] == [first] * 3
        assert opened == []
        (tmp_path / "other").write_text("replaced-elsewhere\n")
        os.replace(tmp_path / "other", tmp_path / access.TOKEN_FILE)  # as another process
        assert access.current_token(tmp_path) == "replaced-elsewhere"
        assert len(opened) == 1
    (tmp_path / access.TOKEN_FILE).unlink()
    assert access.current_token(tmp_path) is None


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8765", "127.0.0.2", ""])
def test_a_foreign_host_header_gets_400(client: WebClient, host: str) -> None:
    response = client.get("/", headers={"Host": host})
    assert response.status_code == 400
    assert client.get("/welcome", headers={"Host": host}).status_code == 400


@pytest.mark.parametrize("host", ["localhost:8765", "127.0.0.1", "[::1]:8765"])
def test_loopback_names_are_accepted(client: WebClient, host: str) -> None:
    assert client.get("/", headers={"Host": host}).status_code == 200


def test_every_state_changing_route_refuses_a_post_without_csrf(
    client: WebClient, web_app: Any
) -> None:
    checked = 0
    for method, path in routes(web_app):
        if method not in STATE_CHANGING or path == "/login":
            continue
        response = client.http.request(method, path, data={"item": "x", "name": "Ada"})
        assert response.status_code == 403, (method, path, response.text)
        forged = client.http.request(method, path, headers={"X-CSRF-Token": "0" * 64})
        assert forged.status_code == 403, (method, path)
        checked += 1
    assert checked >= 4


def test_csrf_errors_on_the_api_have_the_error_shape(client: WebClient) -> None:
    response = client.post("/api/v1/contacts", csrf=False, json={"name": "Ada"})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


def test_a_bearer_request_needs_no_csrf_token(stranger: WebClient, web_app: Any) -> None:
    token = access.current_token(web_app.state.web.home)
    response = stranger.http.post(
        "/api/v1/contacts", json={"name": "Ada"}, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 201


def test_a_declared_60_mb_body_gets_413_unread(client: WebClient) -> None:
    response = client.http.post(
        "/contacts",
        content=b"x" * 10,
        headers={"Content-Length": str(60 * 1024 * 1024), "X-CSRF-Token": client.csrf},
    )
    assert response.status_code == 413


def test_a_streamed_60_mb_upload_gets_413(client: WebClient, web_app: Any) -> None:
    """60 MB sent in 1 MB chunks with no Content-Length, straight into the ASGI app: the
    body is never held whole, and the answer comes once 50 MB have gone by."""
    cookie = client.http.cookies.get(SESSION_COOKIE)
    boundary = "----coffeechat"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n'
        f'{client.csrf}\r\n--{boundary}\r\nContent-Disposition: form-data; name="file"; '
        'filename="big.csv"\r\nContent-Type: text/csv\r\n\r\n'
    ).encode()
    chunk = b"a," * (512 * 1024)
    sent = {"bytes": 0}
    chunks = iter([head, *([chunk] * 60)])
    messages: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        piece = next(chunks, None)
        if piece is None:
            return {"type": "http.request", "body": b"", "more_body": False}
        sent["bytes"] += len(piece)
        return {"type": "http.request", "body": piece, "more_body": True}

    async def send(message: dict[str, Any]) -> None:
        messages.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/contacts",
        "raw_path": b"/contacts",
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"127.0.0.1:8765"),
            (b"content-type", f"multipart/form-data; boundary={boundary}".encode()),
            (b"cookie", f"{SESSION_COOKIE}={cookie}".encode()),
            (b"transfer-encoding", b"chunked"),
        ],
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 8765),
    }
    asyncio.run(web_app(scope, receive, send))
    start = next(m for m in messages if m["type"] == "http.response.start")
    assert start["status"] == 413
    assert MAX_BODY < sent["bytes"] <= MAX_BODY + len(chunk) + len(head)


@pytest.mark.parametrize("path", ["/", "/contacts", "/api/v1/contacts", "/welcome", "/nope"])
def test_security_headers_on_every_answer(client: WebClient, path: str) -> None:
    headers = client.get(path).headers
    csp = headers["content-security-policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"


def test_pages_hold_no_inline_script_or_style(client: WebClient, contacts: Any) -> None:
    ada = contacts.add("Ada")
    for path in ("/", "/contacts", f"/contacts/{ada.id}", "/welcome"):
        page = client.get(path).text
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), path
        assert not re.search(r"<[^>]*\son[a-z]+\s*=", page), path  # no onclick=...
        assert "javascript:" not in page and "hx-on" not in page, path
        assert "style=" not in page and "<style" not in page, path


HOSTILE = "<script>alert(1)</script>"


def test_hostile_text_is_escaped_on_every_page(client: WebClient, contacts: Any) -> None:
    evil = contacts.add(f"Evil {HOSTILE}", company=f"{HOSTILE} Inc", note=f'"><img src=x>{HOSTILE}')
    contacts.log(str(evil.id), "outreach", note=HOSTILE)
    pages = ["/", "/contacts", f"/contacts/{evil.id}", "/contacts?q=evil"]
    for path in pages:
        page = client.get(path).text
        assert HOSTILE not in page, path
        assert "<img src=x>" not in page, path
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in client.get(f"/contacts/{evil.id}").text
    fragment = client.htmx("GET", "/contacts?q=evil").text
    assert HOSTILE not in fragment and "&lt;script&gt;" in fragment


def test_no_docs_ui_and_the_openapi_document(client: WebClient) -> None:
    assert client.get("/docs").status_code in (303, 404)
    assert client.get("/redoc").status_code in (303, 404)
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/contacts" in spec["paths"]
    assert not any(p.startswith(("/contacts", "/login")) for p in spec["paths"])


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.5"])
def test_loopback_hosts_may_be_bound(host: str) -> None:
    assert is_loopback(host)
    assert bind_problem(host, False, None, None) is None


def test_binding_off_loopback_needs_allow_remote_and_https(tmp_path: Any) -> None:
    assert "not a loopback address" in (bind_problem("0.0.0.0", False, None, None) or "")
    assert "needs HTTPS" in (bind_problem("192.168.1.5", True, None, None) or "")
    assert "no file" in (bind_problem("192.168.1.5", True, "c.pem", "k.pem") or "")
    (tmp_path / "c.pem").write_text("x")
    (tmp_path / "k.pem").write_text("x")
    cert, key = str(tmp_path / "c.pem"), str(tmp_path / "k.pem")
    assert bind_problem("192.168.1.5", True, cert, key) is None


def test_serve_token_prints_it_and_new_token_replaces_it(ccw: Any, home: Any) -> None:
    first = ccw("serve", "--token").stdout.strip()
    assert len(first) >= 40
    assert ccw("serve", "--token").stdout.strip() == first
    assert ((home / access.TOKEN_FILE).stat().st_mode & 0o777) == 0o600
    second = ccw("serve", "--new-token").stdout.strip()
    assert second != first
    assert ccw("serve", "--token").stdout.strip() == second


def test_serve_refuses_a_remote_host(ccw: Any) -> None:
    result = ccw.fails("serve", "--host", "0.0.0.0", "--no-browser")
    assert "not a loopback address" in result.stderr
    result = ccw.fails("serve", "--host", "0.0.0.0", "--allow-remote", "--no-browser")
    assert "needs HTTPS" in result.stderr


def test_serve_without_a_workspace_is_one_line(cc: Any) -> None:
    result = cc.fails("serve", "--token")
    assert "coffeechat init" in result.stderr or "workspace" in result.stderr


def test_serve_is_listed_in_the_help() -> None:
    assert "serve" in cli.list_commands(None)  # type: ignore[arg-type]


def test_no_browser_is_opened_without_a_display(monkeypatch: pytest.MonkeyPatch) -> None:
    from coffeechat.web import server

    monkeypatch.setattr(server.sys, "platform", "linux")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert not server.has_display()
    monkeypatch.setenv("DISPLAY", ":0")
    assert server.has_display()


def test_each_worker_builds_its_app_from_the_environment(
    workspace: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coffeechat.web import server

    monkeypatch.setenv("COFFEECHAT_HOME", str(workspace.settings.home))
    monkeypatch.setenv("COFFEECHAT_DATABASE_URL", workspace.settings.database_url)
    monkeypatch.setenv(server.HOST_ENV, "::1")
    monkeypatch.setenv(server.HTTPS_ENV, "1")
    app = server.from_environment()
    try:
        assert app.state.web.home == workspace.settings.home
        assert app.state.web.https and "::1" in app.state.web.allowed_hosts()
    finally:
        app.state.workspace.close()


def test_the_session_cookie_is_secure_over_https(workspace: Any) -> None:
    from coffeechat.web import WebSettings, create_app

    access.access_token(workspace.settings.home)
    app = create_app(WebSettings(home=workspace.settings.home, https=True), workspace)
    code = access.new_login_code(workspace.settings.home)
    response = WebClient(app, signed_in=False).get(f"/login?code={code}")
    assert "Secure" in response.headers["set-cookie"]


def test_serve_on_a_taken_port_is_one_line_and_keeps_the_sign_in_code(ccw: Any, home: Any) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        (home / access.LOGIN_FILE).write_text("pending\n")
        result = ccw.fails("serve", "--no-browser", "--port", str(port))
    assert "already running" in result.stderr
    assert (home / access.LOGIN_FILE).read_text() == "pending\n"  # the running one's link
