"""``serve``: the web UI over the same workspace, on this machine only by default."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from coffeechat.cli.options import settings_from
from coffeechat.cli.render import status_line

if TYPE_CHECKING:
    from coffeechat.config import Settings
    from coffeechat.web import server


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8765, show_default=True, help="The port."
)
@click.option("--no-browser", is_flag=True, help="Do not open a browser (the URL is printed).")
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    metavar="N",
    help="Server processes sharing the workspace.",
)
@click.option("--token", "show_token", is_flag=True, help="Print the access token and exit.")
@click.option(
    "--new-token",
    is_flag=True,
    help="Replace the access token (signing out every browser), print it and exit.",
)
@click.option(
    "--feed",
    "show_feed",
    is_flag=True,
    help="Print the address of your agenda feed (for a calendar app) and exit.",
)
@click.option(
    "--new-feed",
    is_flag=True,
    help="Replace the agenda feed's key (the old address stops working), print it and exit.",
)
@click.option(
    "--allow-remote",
    is_flag=True,
    help="Allow a --host other than loopback (needs --cert and --key: HTTPS).",
)
@click.option("--cert", metavar="FILE", help="TLS certificate (PEM), with --allow-remote.")
@click.option("--key", metavar="FILE", help="TLS private key (PEM), with --allow-remote.")
@click.option(
    "--team",
    is_flag=True,
    help="The team server: accounts sign in with their e-mail and password, each in their "
    "own workspace (COFFEECHAT_DATABASE_URL on PostgreSQL; see docs/team.md).",
)
@click.option(
    "--forwarded-allow-ips",
    metavar="IPS",
    help="With --team behind a reverse proxy: the proxy's addresses (comma-separated, or *) "
    "whose X-Forwarded-Proto and X-Forwarded-For are believed.",
)
@click.option(
    "--allowed-host",
    "allowed_hosts",
    multiple=True,
    metavar="NAME",
    help="With --team: another name the Host header may give (the public name a reverse "
    "proxy passes on). Repeatable.",
)
@click.option(
    "--allow-private-addresses",
    is_flag=True,
    help="With --team: calendars may be downloaded from loopback and private networks (a "
    "CalDAV server inside your network). Without it, public addresses only.",
)
def serve(
    host: str,
    port: int,
    no_browser: bool,
    workers: int,
    show_token: bool,
    new_token: bool,
    show_feed: bool,
    new_feed: bool,
    allow_remote: bool,
    cert: str | None,
    key: str | None,
    team: bool,
    forwarded_allow_ips: str | None,
    allowed_hosts: tuple[str, ...],
    allow_private_addresses: bool,
) -> None:
    """Start the web UI on this computer and open it in your browser.

    It prints an address that signs you in once (then a cookie keeps you signed in);
    the JSON API under /api/v1/ takes `Authorization: Bearer TOKEN` with the token
    that --token prints. Only this computer can reach it unless you add
    --allow-remote, which refuses to start without HTTPS (--cert and --key).

    --feed prints the address of your agenda feed (with this --host and --port): a
    calendar app that subscribes to it shows your follow-ups and conversations, with
    alarms, while the server runs. --new-feed replaces its secret key.

    --team starts the team server instead: people sign in with the e-mail and password
    of an account (`coffeechat admin create-user`), each in their own workspace, and
    the API takes their own tokens (`coffeechat admin token`). Run it on PostgreSQL
    (COFFEECHAT_DATABASE_URL); SQLite is for a trial. Behind a reverse proxy that
    speaks HTTPS, give --forwarded-allow-ips and --allowed-host (docs/team.md).

    \b
    Example:
        coffeechat serve
        coffeechat serve --port 9000 --no-browser
        coffeechat serve --token
        coffeechat serve --feed
        coffeechat serve --team --workers 4 --forwarded-allow-ips 127.0.0.1
    """
    from coffeechat.service import Workspace, access
    from coffeechat.web import server

    settings = settings_from(click.get_current_context())
    if team:
        if show_token or new_token or show_feed or new_feed:
            raise click.UsageError(
                "--token and --feed are for a workspace on this computer: on the team "
                "server each person finds their feed under Settings, and `coffeechat "
                "admin token` makes API tokens"
            )
        _serve_team(settings, host, port, no_browser, workers, allow_remote, cert, key,
                    server.Team(frozenset(allowed_hosts), forwarded_allow_ips,
                                allow_private_addresses))  # fmt: skip
        return
    if forwarded_allow_ips or allowed_hosts or allow_private_addresses:
        raise click.UsageError(
            "--forwarded-allow-ips, --allowed-host and --allow-private-addresses go with --team"
        )
    Workspace.open(settings).close()  # no workspace: the usual one-line error
    if show_token or new_token:
        click.echo(access.access_token(settings.home, renew=new_token))
        if new_token:
            status_line("Replaced the access token: every browser must sign in again.")
        return
    if show_feed or new_feed:
        from urllib.parse import quote

        feed_key = access.feed_key(settings.home, renew=new_feed)
        address = server.Address(host, port, https=bool(cert and key))
        click.echo(address.url(f"/agenda.ics?key={quote(feed_key)}"))
        if new_feed:
            status_line("Replaced the feed's key: subscribe your calendar app to this address.")
        return
    problem = server.bind_problem(host, allow_remote, cert, key) or server.port_problem(host, port)
    if problem:
        raise click.ClickException(problem)
    access.access_token(settings.home)  # made on first serve
    code = access.new_login_code(settings.home)
    address = server.Address(host, port, https=bool(cert and key))
    url = address.url(f"/login?code={code}")
    click.echo(f"coffeechat is at {address.url()} (Ctrl+C stops it).")
    click.echo(f"Open this address to sign in (it works once): {url}")
    if not no_browser and server.has_display():
        import webbrowser

        webbrowser.open(url)
    server.run(settings, address, workers, cert, key)


def _serve_team(
    settings: Settings,
    host: str,
    port: int,
    no_browser: bool,
    workers: int,
    allow_remote: bool,
    cert: str | None,
    key: str | None,
    team: server.Team,
) -> None:
    """``serve --team``: the accounts of the database, each in their own workspace."""
    from coffeechat.service.accounts import Accounts
    from coffeechat.web import server

    with Accounts.open(settings) as accounts:  # the schema made or upgraded first
        if accounts.on_sqlite():
            status_line(
                "Warning: SQLite is for a trial. A team server needs PostgreSQL: set "
                "COFFEECHAT_DATABASE_URL (docs/team.md)."
            )
        if not accounts.list_users():
            status_line(
                "No accounts yet: `coffeechat admin create-user EMAIL --name NAME --role "
                "admin` makes the first."
            )
    from coffeechat.config import BadEnvironment
    from coffeechat.service.digests import MailServer

    try:  # said now, not at the first "forgot your password?"
        MailServer.from_env()
    except BadEnvironment as error:
        status_line(
            f"Warning: password reset links will not be mailed (an admin gives them "
            f"instead): {error}"
        )
    problem = server.bind_problem(host, allow_remote, cert, key) or server.port_problem(host, port)
    if problem:
        raise click.ClickException(problem)
    address = server.Address(host, port, https=bool(cert and key))
    click.echo(f"coffeechat (team) is at {address.url()} (Ctrl+C stops it).")
    click.echo("Sign in with an account's e-mail and password.")
    if not no_browser and server.has_display():
        import webbrowser

        webbrowser.open(address.url("/welcome"))
    server.run(settings, address, workers, cert, key, team)
