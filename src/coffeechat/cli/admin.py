"""``admin``: the accounts of the team server (``coffeechat serve --team``), from the
shell: users, passwords, API tokens and cohorts. Scripts rely on these commands, their
output and their JSON (docs/json.md)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click

from coffeechat.cli.options import emit_json, json_option, settings_from
from coffeechat.cli.render import status_line

if TYPE_CHECKING:
    from coffeechat.service.accounts import Accounts, Cohort, Token, User
    from coffeechat.service.audit import AuditEntry

EMAIL_HELP = "The account's e-mail address (how its owner signs in)."
#: Where a reset link points when --url is not given: `coffeechat serve`'s address.
DEFAULT_URL = "http://127.0.0.1:8765"


@contextmanager
def open_accounts() -> Iterator[Accounts]:
    """The accounts of the database named by ``--home``/the environment (its schema made
    or upgraded first)."""
    from coffeechat.service.accounts import Accounts

    accounts = Accounts.open(settings_from(click.get_current_context()))
    try:
        yield accounts
    finally:
        accounts.close()


def _terminal() -> bool:
    return sys.stdin.isatty()


def read_password(confirm: bool = True) -> str:
    """A new password: the first line of standard input when it is not a terminal (for
    scripts), else asked twice without echo."""
    if not _terminal():
        text = sys.stdin.readline()
        return text.rstrip("\r\n")
    value = click.prompt(
        "Password (at least 8 characters)",
        hide_input=True,
        confirmation_prompt="Repeat the password" if confirm else False,
        err=True,
    )
    return str(value)


@click.group()
def admin() -> None:
    """Manage the team server's accounts: users, passwords, API tokens, cohorts.

    They work on the database of COFFEECHAT_DATABASE_URL (PostgreSQL for a team; SQLite
    in the workspace folder for a trial), making its tables when it is empty. The first
    account is usually an admin. `admin audit` prints the audit log. See docs/team.md.

    \b
    Example:
        coffeechat admin create-user ada@example.org --name "Ada Lovelace" --role admin
        coffeechat admin list-users --json
    """


@admin.command("create-user")
@click.argument("email", metavar="EMAIL", help=EMAIL_HELP)
@click.option("--name", required=True, help="The person's name, as others see it.")
@click.option(
    "--role",
    type=click.Choice(["seeker", "coach", "admin"]),
    default="seeker",
    show_default=True,
    help="seeker: a job seeker; coach: leads cohorts and reviews recaps; admin: manages accounts.",
)
def create_user(email: str, name: str, role: str) -> None:
    """Create an account; its password is read from standard input.

    When standard input is not a terminal, its first line is the password (for
    scripts); otherwise it is asked twice, without showing it. At least 8 characters;
    the passwords everyone tries first are refused.

    \b
    Example:
        coffeechat admin create-user ada@example.org --name "Ada Lovelace" --role coach
        printf '%s\\n' "$PASSWORD" | coffeechat admin create-user bo@example.org --name "Bo Chen"
    """
    with open_accounts() as accounts:
        accounts.check_new_user(email, name, role)  # before anyone types a password
        made = accounts.create_user(email, name, role, read_password())
    status_line(f"Created {made.email} ({made.role}).")


@admin.command("reset-password")
@click.argument("email", metavar="EMAIL", help=EMAIL_HELP)
@click.option(
    "--url",
    default=None,
    metavar="URL",
    help="The address people open the team server at (the link starts with it). "
    f"Default: COFFEECHAT_SERVER_URL, else {DEFAULT_URL}.",
)
@click.option(
    "--no-mail",
    is_flag=True,
    help="Only print the link, even when a mail server is set (COFFEECHAT_SMTP_HOST).",
)
def reset_password(email: str, url: str | None, no_mail: bool) -> None:
    """Print a password reset link for an account (it works once, for 24 hours).

    Give the link to its owner: the page it opens sets a new password, every browser
    signed in to the account is signed out, every other link of the account stops
    working, and its failed sign-ins are forgotten (a locked-out account opens again).
    A deactivated account gets no link. When the team server has a mail server
    (COFFEECHAT_SMTP_HOST and COFFEECHAT_SMTP_FROM, as for `coffeechat worker`), the
    link is also mailed to the account's address, unless --no-mail.

    \b
    Example:
        coffeechat admin reset-password bo@example.org --url https://coffee.example.org
        coffeechat admin reset-password bo@example.org --no-mail
    """
    import os

    from coffeechat.service.digests import URL_ENV, MailServer

    mail = None if no_mail else MailServer.from_env()  # a bad setting: said before anything
    given = os.environ.get(URL_ENV, "").strip()
    base = server_url(url, "--url") if url is not None else ""
    if not base:
        base = server_url(given, URL_ENV) if given else DEFAULT_URL
    with open_accounts() as accounts:
        token = accounts.reset_password(email)  # a deactivated account: refused
        user = accounts.user_by_email(email)
        now = accounts.now()
    link = f"{base}/reset/{token}"
    click.echo(link)
    if mail is None:
        status_line("The link works once, for 24 hours.")
        return
    from coffeechat.service.reset_mail import mail_reset

    mail_reset(mail, user.email, user.name, link, now)
    status_line(f"The link works once, for 24 hours. It was also mailed to {user.email}.")


def server_url(value: str, source: str) -> str:
    """The address a reset link starts with: http or https, with a host (no trailing
    slash); a one-line error naming ``source`` otherwise."""
    from urllib.parse import urlsplit

    cleaned = value.strip().rstrip("/")
    try:
        parts = urlsplit(cleaned)
        host = parts.hostname
        parts.port  # noqa: B018  (a port that is not a number raises here)
    except ValueError:
        host = None
    if (
        not cleaned
        or parts.scheme.lower() not in {"http", "https"}
        or not host
        or any(c.isspace() for c in cleaned)
        or parts.query
        or parts.fragment
    ):
        raise click.ClickException(
            f"{source}: {value.strip()!r} is not the address of the team server: give "
            "http:// or https:// and its host, e.g. https://coffee.example.org"
        )
    return cleaned


@admin.command()
@click.argument("email", metavar="EMAIL", help=EMAIL_HELP)
def deactivate(email: str) -> None:
    """Close an account: it can no longer sign in, and its sessions and API tokens end.

    Its data stays where it is.

    \b
    Example:
        coffeechat admin deactivate bo@example.org
    """
    with open_accounts() as accounts:
        user = accounts.deactivate(email)
    status_line(f"Deactivated {user.email}: its sessions and API tokens no longer work.")


def _user_document(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "name": user.name,
        "role": user.role,
        "active": user.active,
        "created_at": user.created_at.isoformat(),
    }


@admin.command("list-users")
@json_option
def list_users(as_json: bool) -> None:
    """List the accounts, by e-mail address.

    \b
    Example:
        coffeechat admin list-users
        coffeechat admin list-users --json
    """
    with open_accounts() as accounts:
        users = accounts.list_users()
    if as_json:
        emit_json({"users": [_user_document(u) for u in users]})
        return
    if not users:
        click.echo("No accounts yet: `coffeechat admin create-user EMAIL --name NAME` makes one.")
        return
    for user in users:
        state = "" if user.active else "  (deactivated)"
        click.echo(f"{user.email}  {user.role}  {user.name}{state}")


@admin.command()
@click.argument("email", metavar="EMAIL", help=EMAIL_HELP)
@click.option("--name", "label", required=True, metavar="LABEL", help="What the token is for.")
def token(email: str, label: str) -> None:
    """Print a new API token for an account (shown this once; kept only as a hash).

    The token signs in to /api/v1/ as that account: `Authorization: Bearer TOKEN`.
    Deactivating the account ends it.

    \b
    Example:
        coffeechat admin token ada@example.org --name "laptop sync"
    """
    with open_accounts() as accounts:
        made = accounts.issue_token(email, label)
    click.echo(made)
    status_line("Keep it secret: it is shown only this once.")


@admin.command("set-role")
@click.argument("email", metavar="EMAIL", help=EMAIL_HELP)
@click.option(
    "--role",
    type=click.Choice(["seeker", "coach", "admin"]),
    required=True,
    help="seeker: a job seeker; coach: leads cohorts and reviews recaps; admin: manages accounts.",
)
def set_role(email: str, role: str) -> None:
    """Give an account another role (written in the audit log).

    The account keeps its data, sessions and tokens; what it may open follows the new
    role from its next request. A coach who leads cohorts may be given another role:
    a warning names the cohorts, which have no working coach until they are a coach
    again (or `coffeechat admin cohort create` makes new ones with another coach).

    \b
    Example:
        coffeechat admin set-role bo@example.org --role coach
    """
    with open_accounts() as accounts:
        before = accounts.user_by_email(email).role
        user = accounts.set_role(email, role)
        led = accounts.cohorts_led(email) if before == "coach" and user.role != "coach" else []
    status_line(f"{user.email} is now {'an' if user.role == 'admin' else 'a'} {user.role}.")
    if led:
        names = ", ".join(led)
        status_line(
            f"Warning: {user.email} leads {len(led)} cohort{'s' if len(led) > 1 else ''} "
            f"({names}) that {'have' if len(led) > 1 else 'has'} no working coach until "
            f"they are a coach again: `coffeechat admin set-role {user.email} --role coach`."
        )


@admin.command("set-name")
@click.argument("email", metavar="EMAIL", help=EMAIL_HELP)
@click.option("--name", required=True, metavar="NAME", help="The account's new name.")
def set_name(email: str, name: str) -> None:
    """Give an account another name (written in the audit log).

    On the team server a name is the account's: coaches know a seeker by it on their
    dashboards, and people cannot change their own. The drafts of the account are
    signed with it from its next request.

    \b
    Example:
        coffeechat admin set-name bo@example.org --name "Bo Chen-Park"
    """
    with open_accounts() as accounts:
        user = accounts.set_name(email, name)
    status_line(f"{user.email} is now named {user.name}.")


@admin.command("revoke-token")
@click.argument("email", metavar="EMAIL", help=EMAIL_HELP)
@click.option(
    "--name", "label", required=True, metavar="LABEL", help="The label the token was given."
)
def revoke_token(email: str, label: str) -> None:
    """Revoke an account's API tokens of one label: they stop working at once.

    `coffeechat admin tokens EMAIL` lists the labels.

    \b
    Example:
        coffeechat admin revoke-token bo@example.org --name "laptop sync"
    """
    with open_accounts() as accounts:
        count = accounts.revoke_token(email, label)
    if not count:
        raise click.ClickException(
            f"{email.strip()} has no live token named {label.strip()!r}: "
            f"`coffeechat admin tokens {email.strip()}` lists them"
        )
    status_line(f"Revoked {count} token{'s' if count > 1 else ''} named {label.strip()!r}.")


def _instant(value: Any) -> str | None:
    return None if value is None else str(value.isoformat())


def _token_document(found: Token) -> dict[str, Any]:
    return {
        "name": found.name,
        "active": found.active,
        "created_at": _instant(found.created_at),
        "last_used_at": _instant(found.last_used_at),
        "revoked_at": _instant(found.revoked_at),
    }


@admin.command()
@click.argument("email", metavar="EMAIL", help=EMAIL_HELP)
@json_option
def tokens(email: str, as_json: bool) -> None:
    """List an account's API tokens, live and revoked (their labels and dates; the
    tokens themselves are never shown again).

    \b
    Example:
        coffeechat admin tokens bo@example.org
        coffeechat admin tokens bo@example.org --json
    """
    with open_accounts() as accounts:
        found = accounts.list_tokens(email)
    if as_json:
        emit_json({"tokens": [_token_document(t) for t in found]})
        return
    if not found:
        click.echo(f"No tokens: `coffeechat admin token {email.strip()} --name LABEL` makes one.")
        return
    for t in found:
        used = f"last used {t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "never used"
        state = f"revoked {t.revoked_at:%Y-%m-%d %H:%M}" if t.revoked_at else used
        click.echo(f"{t.name}  made {t.created_at:%Y-%m-%d %H:%M}  {state}")


def _entry_document(entry: AuditEntry) -> dict[str, Any]:
    actor = None
    if entry.actor_email is not None:
        actor = {"email": entry.actor_email, "name": entry.actor_name}
    return {
        "id": entry.id,
        "at": entry.at.isoformat(),
        "actor": actor,
        "action": entry.action,
        "target": entry.target,
        "detail": entry.detail,
    }


@admin.command()
@click.option(
    "--since",
    metavar="DATE",
    help="Only entries from this day on (YYYY-MM-DD, UTC), or from an instant with its offset.",
)
@click.option(
    "--action",
    metavar="ACTION",
    help="Only entries of this action (signin, user.role...; an unknown one is refused).",
)
@click.option("--actor", metavar="EMAIL", help="Only what this account did.")
@json_option
def audit(since: str | None, action: str | None, actor: str | None, as_json: bool) -> None:
    """Print the audit log, newest first: sign-ins, role changes, tokens, cohorts,
    exports...

    Times are in UTC. The entry says who did it ("shell": an admin at the shell, or no
    one signed in), what, to whom, and the detail. Reading it here is an export, and is
    written in the log too.

    \b
    Example:
        coffeechat admin audit --since 2026-11-01 --action signin.failed
        coffeechat admin audit --json > audit.json
    """
    from coffeechat.service.audit import audit_export, audit_filter, known_actions

    found = audit_filter(action, actor, since)
    with open_accounts() as accounts:
        if found.action is not None:
            known = known_actions(accounts)
            if found.action not in known:
                raise click.ClickException(
                    f"--action: {found.action!r} is not an action of the log; the actions "
                    f"are {', '.join(known)}"
                )
        entries = audit_export(accounts, found, form="json" if as_json else "text")
    if as_json:
        emit_json({"entries": [_entry_document(e) for e in entries]})
        return
    if not entries:
        click.echo("No entries.")
        return
    for e in entries:
        who = e.actor_email or "shell"
        what = "  ".join(x for x in (e.target, e.detail) if x)
        click.echo(f"{e.at:%Y-%m-%d %H:%M:%S}  {who}  {e.action}  {what}".rstrip())


@admin.group()
def cohort() -> None:
    """Cohorts: a coach, their seekers, and a weekly goal.

    \b
    Example:
        coffeechat admin cohort create "Spring 2027" --coach ada@example.org --goal 3
        coffeechat admin cohort add "Spring 2027" bo@example.org
    """


@cohort.command("create")
@click.argument("name", metavar="NAME", help="The cohort's name.")
@click.option("--coach", required=True, metavar="EMAIL", help="The coach's e-mail address.")
@click.option(
    "--goal",
    type=click.IntRange(1, 100),
    default=3,
    show_default=True,
    metavar="N",
    help="Conversations a week each seeker aims for.",
)
def cohort_create(name: str, coach: str, goal: int) -> None:
    """Create a cohort led by a coach; prints its invite code.

    \b
    Example:
        coffeechat admin cohort create "Spring 2027" --coach ada@example.org --goal 3
    """
    with open_accounts() as accounts:
        code = accounts.cohort_create(name, coach, goal)
    click.echo(code)


@cohort.command("add")
@click.argument("name", metavar="NAME", help="The cohort's name.")
@click.argument("email", metavar="EMAIL", help=EMAIL_HELP)
def cohort_add(name: str, email: str) -> None:
    """Add a seeker to a cohort.

    \b
    Example:
        coffeechat admin cohort add "Spring 2027" bo@example.org
    """
    with open_accounts() as accounts:
        done = accounts.cohort_add_member(name, email)
    status_line(
        f"Added {done.email} to {done.cohort}."
        if done.added
        else f"{done.email} is in {done.cohort}."
    )


def _cohort_document(found: Cohort) -> dict[str, Any]:
    return {
        "name": found.name,
        "coach": {"email": found.coach_email, "name": found.coach_name},
        "weekly_goal": found.weekly_goal,
        "invite_code": found.invite_code,
        "members": found.members,
        "created_at": found.created_at.isoformat(),
    }


@cohort.command("list")
@json_option
def cohort_list(as_json: bool) -> None:
    """List the cohorts, by name.

    \b
    Example:
        coffeechat admin cohort list --json
    """
    with open_accounts() as accounts:
        found = accounts.cohort_list()
    if as_json:
        emit_json({"cohorts": [_cohort_document(c) for c in found]})
        return
    if not found:
        click.echo("No cohorts yet: `coffeechat admin cohort create NAME --coach EMAIL`.")
        return
    for c in found:
        click.echo(
            f"{c.name}  coach {c.coach_email}  goal {c.weekly_goal}/week  "
            f"{c.members} seekers  code {c.invite_code}"
        )
