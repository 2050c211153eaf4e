"""Running the web app: uvicorn on loopback by default, one or several workers.

Several workers need an import string, so each worker builds its app from the
environment (``from_environment``); ``serve`` sets that environment first.
"""

from __future__ import annotations

import ipaddress
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI

    from coffeechat.config import Settings

HOST_ENV = "COFFEECHAT_WEB_HOST"
HTTPS_ENV = "COFFEECHAT_WEB_HTTPS"
TEAM_ENV = "COFFEECHAT_WEB_TEAM"
HOSTS_ENV = "COFFEECHAT_WEB_HOSTS"
PRIVATE_ENV = "COFFEECHAT_WEB_PRIVATE_ADDRESSES"


@dataclass(frozen=True)
class Team:
    """How the team server (``serve --team``) is reached: the names a reverse proxy
    passes on as the Host (besides the bound one), and the proxies whose forwarded
    headers (X-Forwarded-Proto, X-Forwarded-For) are believed; whether calendars may be
    downloaded from loopback and private addresses (else public ones only)."""

    hosts: frozenset[str] = frozenset()
    forwarded_allow_ips: str | None = None
    private_addresses: bool = False


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable from this machine only."""
    name = host.strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def bind_problem(host: str, allow_remote: bool, cert: str | None, key: str | None) -> str | None:
    """Why the server must not start on ``host`` (None: it may). Off loopback, anyone on
    the network could reach the workspace: that takes --allow-remote and HTTPS."""
    if is_loopback(host):
        return None
    if not allow_remote:
        return (
            f"--host {host} is not a loopback address: anyone on your network could reach "
            "your workspace. Serve on 127.0.0.1, or add --allow-remote with --cert and --key "
            "(HTTPS)"
        )
    if not cert or not key:
        return f"--allow-remote needs HTTPS: give --cert FILE and --key FILE (for {host})"
    for option, path in (("--cert", cert), ("--key", key)):
        if not Path(path).is_file():
            return f"{option}: no file at {path}"
    return None


def port_problem(host: str, port: int) -> str | None:
    """Why ``host:port`` cannot be listened on (another server there), or None. Checked
    before a new sign-in code replaces the one a running server printed."""
    import socket

    name = host.strip("[]")
    family = socket.AF_INET6 if ":" in name else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((name, port))
        except OSError as error:
            reason = (error.strerror or str(error)).lower()
            return (
                f"--port {port}: cannot listen on {host} ({reason}); is coffeechat already "
                f"running? Try --port {port + 1}"
            )
    return None


@dataclass(frozen=True)
class Address:
    """Where the server answers, and the URL to print."""

    host: str
    port: int
    https: bool

    def url(self, path: str = "/") -> str:
        """The URL of ``path`` (an IPv6 host in brackets)."""
        host = f"[{self.host}]" if ":" in self.host and not self.host.startswith("[") else self.host
        return f"{'https' if self.https else 'http'}://{host}:{self.port}{path}"


def has_display() -> bool:
    """Whether a browser can be opened here (a desktop session, or macOS/Windows)."""
    if sys.platform in {"darwin", "win32"}:
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


#: The team server's thread pool, per worker: about as many requests at once as the
#: worker keeps database connections (store/database.PG_POOL). anyio's 40 only had more
#: threads wait for a connection, and take turns at the interpreter with those working.
TEAM_THREADS = 16


def build(
    workspace_settings: Settings, host: str, https: bool, team: Team | None = None
) -> FastAPI:
    """The app over the workspace of ``workspace_settings`` (in team mode, over the
    accounts of its database)."""
    from coffeechat.service import Workspace
    from coffeechat.web import WebSettings, create_app

    if team is not None:
        from coffeechat.service.accounts import Accounts

        accounts = Accounts.open(workspace_settings)
        web = WebSettings(
            home=workspace_settings.home,
            host=host,
            https=https,
            team=True,
            extra_hosts=team.hosts,
            private_addresses=team.private_addresses,
            threads=TEAM_THREADS,
            warm=True,
        )
        return create_app(web, None, accounts)
    workspace = Workspace.open(workspace_settings)
    web = WebSettings(home=workspace_settings.home, host=host, https=https, warm=True)
    return create_app(web, workspace)


def from_environment() -> FastAPI:
    """The app of one worker, from the environment ``serve`` set (uvicorn's factory)."""
    from coffeechat.config import Settings

    if os.environ.get(TEAM_ENV) == "1":
        return team_app()
    return build(
        Settings.from_env(), os.environ.get(HOST_ENV, "127.0.0.1"), os.environ.get(HTTPS_ENV) == "1"
    )


def team_app() -> FastAPI:
    """The team server's app, for any ASGI server: ``uvicorn --factory
    coffeechat.web.server:team_app``, or gunicorn with uvicorn's workers (docs/team.md,
    "Under another ASGI server"). It reads the environment: COFFEECHAT_DATABASE_URL
    (and COFFEECHAT_HOME), COFFEECHAT_WEB_HOST (the address the server listens on, the
    Host names it accepts: 127.0.0.1 by default), COFFEECHAT_WEB_HOSTS (more Host names,
    comma-separated: the public name a reverse proxy passes on, as --allowed-host),
    COFFEECHAT_WEB_HTTPS=1 (the server speaks HTTPS itself), and
    COFFEECHAT_WEB_PRIVATE_ADDRESSES=1 (as --allow-private-addresses); the mail
    server's COFFEECHAT_SMTP_HOST and the rest, and COFFEECHAT_SERVER_URL, as ``serve
    --team``. Which proxies' forwarded headers are believed is the ASGI server's
    setting (uvicorn's and gunicorn's --forwarded-allow-ips)."""
    from coffeechat.config import Settings

    names = os.environ.get(HOSTS_ENV, "")
    team = Team(
        frozenset(n.strip().lower() for n in names.split(",") if n.strip()),
        private_addresses=os.environ.get(PRIVATE_ENV) == "1",
    )
    host = os.environ.get(HOST_ENV, "").strip() or "127.0.0.1"
    return build(Settings.from_env(), host, os.environ.get(HTTPS_ENV) == "1", team)


def run(
    workspace_settings: Settings,
    address: Address,
    workers: int,
    cert: str | None = None,
    key: str | None = None,
    team: Team | None = None,
) -> None:
    """Serve until interrupted. In team mode, forwarded headers are believed from the
    proxies of ``team.forwarded_allow_ips`` only (none unless given)."""
    import uvicorn

    tls = {"ssl_certfile": cert, "ssl_keyfile": key} if cert and key else {}
    common: dict[str, object] = {
        "host": address.host.strip("[]"),
        "port": address.port,
        "log_level": "warning",
    }
    if team is not None:
        common["proxy_headers"] = team.forwarded_allow_ips is not None
        if team.forwarded_allow_ips is not None:
            common["forwarded_allow_ips"] = team.forwarded_allow_ips
    if workers > 1:
        os.environ["COFFEECHAT_HOME"] = str(workspace_settings.home)
        os.environ["COFFEECHAT_DATABASE_URL"] = workspace_settings.database_url
        os.environ[HOST_ENV] = address.host
        os.environ[HTTPS_ENV] = "1" if address.https else "0"
        os.environ[TEAM_ENV] = "1" if team is not None else "0"
        os.environ[HOSTS_ENV] = ",".join(sorted(team.hosts)) if team is not None else ""
        os.environ[PRIVATE_ENV] = "1" if team is not None and team.private_addresses else "0"
        uvicorn.run(
            "coffeechat.web.server:from_environment",
            factory=True,
            workers=workers,
            **common,  # type: ignore[arg-type]
            **tls,  # type: ignore[arg-type]
        )
        return
    app = build(workspace_settings, address.host, address.https, team)
    uvicorn.run(app, **common, **tls)  # type: ignore[arg-type]
