"""``init``, ``demo``, ``status`` and ``settings``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from coffeechat.cli import render
from coffeechat.cli.options import (
    emit_json,
    interactive,
    json_option,
    open_workspace,
    pass_workspace,
    read_input,
    settings_from,
)


def _checked(check: Callable[[str], str], optional: bool = False) -> Callable[[str], str]:
    """A prompt's value check: a bad answer is shown and asked again."""
    from coffeechat.core.errors import InvalidValue, UnknownZone

    def proc(value: str) -> str:
        if optional and not value.strip():
            return ""
        try:
            return check(value)
        except InvalidValue as error:
            if isinstance(error, UnknownZone) and error.suggestions:  # "did you mean…"
                raise click.UsageError(str(error).split(": ", 1)[1]) from None
            raise click.UsageError(f"{error.problem} (example: {error.example})") from None

    return proc


@click.command()
@click.option("--name", help="Your name, as you sign e-mails.")
@click.option("--email", help="Your e-mail address.")
@click.option("--timezone", help="Your IANA time zone, e.g. America/New_York.")
@click.option("--country", help="ISO country code for holidays (default: from the time zone).")
@click.option(
    "--availability",
    help='When you can meet, e.g. "Mon-Fri 08:00-20:00" (the default).',
)
@click.option("--signature", help="The sign-off under your e-mails (default: your name).")
@click.option("--phone", help="Your phone number, for meeting confirmations.")
@json_option
def init(as_json: bool, **raw: Any) -> None:
    """Create your workspace.

    In a terminal, asks for what you leave out. Off a terminal, give --name, or pipe the
    answers one per line in the order of the questions: name, e-mail, time zone,
    availability, leaving out those given as options; an empty or missing line takes the
    default (no e-mail, this machine's zone, Mon-Fri 08:00-20:00).

    The workspace folder is made readable by you alone (0700), and so is every file
    coffeechat writes in it (0600), whatever your umask.

    \b
    Example:
        coffeechat init --name "Sam Rivera" --email sam@example.com \\
            --timezone America/New_York --availability "Mon-Fri 08:00-20:00"
        printf 'Sam Rivera\\nsam@example.com\\nAmerica/Chicago\\n' | coffeechat init
    """
    from coffeechat.config import local_zone
    from coffeechat.core import validate
    from coffeechat.core.hours import normalize_hours
    from coffeechat.formats import zonetab
    from coffeechat.formats.jsonout import settings as settings_json
    from coffeechat.service import Workspace

    settings = settings_from(click.get_current_context())
    if interactive():
        Workspace.refuse_existing(settings)  # before asking anything
        if not raw["name"]:
            raw["name"] = click.prompt("Your name", value_proc=_checked(validate.name))
        if not raw["email"]:
            raw["email"] = click.prompt(
                "Your e-mail (Enter to skip)",
                default="",
                show_default=False,
                value_proc=_checked(validate.email, optional=True),
            )
        if not raw["timezone"]:
            raw["timezone"] = click.prompt(
                "Your time zone", default=local_zone(), value_proc=_checked(zonetab.checked_zone)
            )
        if not raw["availability"]:
            raw["availability"] = click.prompt(
                "When can you meet people",
                default="Mon-Fri 08:00-20:00",
                value_proc=_checked(normalize_hours),
            )
    elif not raw["name"]:
        _piped_answers(raw)
    raw["timezone"] = raw["timezone"] or local_zone()
    raw["availability"] = raw["availability"] or "Mon-Fri 08:00-20:00"
    raw["signature"] = raw["signature"] or raw["name"]
    workspace = Workspace.create(settings, **raw)
    try:
        owner = workspace.get_settings()
    finally:
        workspace.close()
    if as_json:
        emit_json({"workspace": settings.describe(), "settings": settings_json(owner)})
        return
    click.echo(f"Created your workspace at {settings.describe()}.")
    click.echo('Next: record someone you met: coffeechat contact add "Ada Lovelace" --company Acme')


#: The questions of ``init``, in the order they are asked (and piped answers are read).
QUESTIONS = ("name", "email", "timezone", "availability")
#: Piped answers are a few short lines; more than this is not answers.
ANSWERS_LIMIT = 64 * 1024


def _piped_answers(raw: dict[str, Any]) -> None:
    """Fill ``raw`` from answers piped on standard input, one line per question not given
    as an option (``QUESTIONS`` order); a blank line keeps the default. With nothing
    piped, --name is required (a usage error, as before)."""
    import sys

    required = click.UsageError("--name is required when not run in a terminal")
    if sys.stdin is None or sys.stdin.isatty():
        raise required
    data, _ = read_input("-", ANSWERS_LIMIT, "the answers to init")
    lines = data.decode("utf-8", errors="replace").splitlines()
    if not any(line.strip() for line in lines):
        raise required
    asked = [key for key in QUESTIONS if not raw[key]]
    if len(lines) > len(asked):
        raise click.ClickException(
            f"{len(lines)} lines on standard input, but init asks only {len(asked)} "
            f"questions here ({', '.join(asked)}), one answer per line"
        )
    for key, answer in zip(asked, lines, strict=False):
        raw[key] = answer.strip() or None
    if not raw["name"]:
        raise click.ClickException("the first line piped to init (your name) is empty")


@click.command()
def demo() -> None:
    """Open a workspace with sample data, creating it on first run.

    Use a separate folder for it (--home or COFFEECHAT_HOME) so the sample people never
    mix with yours; `make run` does that for you.

    \b
    Example:
        coffeechat --home ./demo-workspace demo
    """
    from coffeechat.core.errors import NoWorkspace
    from coffeechat.service import Workspace
    from coffeechat.service.demo import seed_demo

    settings = settings_from(click.get_current_context())
    try:
        workspace = Workspace.open(settings)
        created = False
    except NoWorkspace:
        workspace = seed_demo(settings)
        created = True
    try:
        if created:
            render.status_line(
                f"Created a demo workspace with sample data at {settings.describe()}."
            )
        else:
            render.status_line(
                "Opened the existing workspace (sample data goes only into a new one)."
            )
        click.echo(render.status(workspace.status()))
        click.echo(
            f"\nLook around: coffeechat --home {settings.home} board\n"
            "Your own workspace: coffeechat init (keep it apart from the demo's folder)."
        )
    finally:
        workspace.close()


@click.command()
@json_option
@pass_workspace
def status(workspace: Any, as_json: bool) -> None:
    """Show where you stand and what to do next.

    \b
    Example:
        coffeechat status
    """
    s = workspace.status()
    if as_json:
        emit_json(
            {
                "owner": s.owner,
                "workspace": s.where,
                "contacts": s.contacts,
                "companies": s.companies,
                "stages": {stage.value: n for stage, n in s.by_stage.items()},
                "next_steps": s.next_steps,
            }
        )
    else:
        click.echo(render.status(s))


@click.group()
def settings() -> None:
    """Show or change your settings (name, zone, availability, signature...).

    \b
    Example:
        coffeechat settings show
        coffeechat settings set availability "Mon-Fri 07:30-21:00"
    """


@settings.command("show")
@json_option
def settings_show(as_json: bool) -> None:
    """Show your settings.

    \b
    Example:
        coffeechat settings show --json
    """
    from coffeechat.formats.jsonout import settings as settings_json

    with open_workspace() as workspace:
        current = workspace.get_settings()
    if as_json:
        emit_json(settings_json(current))
    else:
        click.echo(render.settings(current))


@settings.command("set")
@click.argument("key")
@click.argument("value")
@json_option
def settings_set(key: str, value: str, as_json: bool) -> None:
    """Change one setting.

    KEY is one of: name, email, timezone, country, availability, signature, phone,
    weekly_goal, cities (where you can meet in person, e.g. "Chicago, Evanston"), and
    the smtp_* settings. An empty VALUE clears an optional setting.

    \b
    Example:
        coffeechat settings set timezone Europe/Paris
        coffeechat settings set availability "Mon-Fri 07:30-21:00; Sat 10:00-14:00"
    """
    from coffeechat.formats.jsonout import settings as settings_json

    with open_workspace() as workspace:
        new = workspace.update_settings(**{key.strip().lower().replace("-", "_"): value})
    if as_json:
        emit_json(settings_json(new))
    else:
        click.echo(render.settings(new))
