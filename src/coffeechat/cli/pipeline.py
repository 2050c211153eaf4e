"""``log``, ``board`` and ``search``."""

from __future__ import annotations

from typing import Any

import click

from coffeechat.cli import options, render
from coffeechat.cli.options import (
    CONTACT_HELP,
    LIMIT,
    DefaultGroup,
    emit_json,
    json_option,
    pass_workspace,
)
from coffeechat.cli.render import say


class _LogGroup(DefaultGroup):
    """``log CONTACT KIND`` logs (the ``add`` command); ``log list``, ``log edit`` and
    ``log remove`` correct the timeline. A first word that is not one of the commands is
    a contact."""

    default_command = "add"


@click.group(cls=_LogGroup)
def log() -> None:
    """Log what happened with a contact; their stage follows.

    `coffeechat log CONTACT KIND` is `coffeechat log add CONTACT KIND` (see its help for
    the kinds and options). `log list CONTACT` shows the timeline with ids,
    `log edit EVENT` corrects an entry's note or time, and `log remove EVENT` takes a
    mistaken entry away. (A contact named add, list, edit or remove: give their id.)

    \b
    Example:
        coffeechat log ada outreach --note "LinkedIn message about PyData"
        coffeechat log ada meeting --at 2026-11-25T12:30 --minutes 60 --format lunch
        coffeechat log list ada
        coffeechat log edit 42 --note "Replied on LinkedIn"
        coffeechat log remove 42
    """


@log.command("add")
@click.argument("ref", metavar="CONTACT", help=CONTACT_HELP)
@click.argument("kind", metavar="KIND")
@click.option("--at", help="When it happened, ISO 8601 (default: now; no offset = your zone).")
@click.option("--note", help="What was said or done.")
@click.option(
    "--minutes",
    type=int,
    metavar="N",
    help="A meeting held: how long it lasted (default: as planned, else 30).",
)
@click.option(
    "--format",
    "format_",
    metavar="[coffee|lunch|phone|video]",
    help="A meeting held: how you met.",
)
@click.option(
    "--future",
    is_flag=True,
    help="A meeting more than a day ahead is meant (asked in a terminal, needed otherwise).",
)
@json_option
@pass_workspace
def log_add(
    workspace: Any,
    ref: str,
    kind: str,
    at: str | None,
    note: str | None,
    minutes: int | None,
    format_: str | None,
    future: bool,
    as_json: bool,
) -> None:
    """Log what happened with a contact; their stage follows.

    \b
    KIND is one of:
      outreach, reply, follow-up, scheduling-email, meeting, thank-you,
      intro-request, introduced, report-back, keep-in-touch, note

    A meeting logged more than a day ahead is a plan far off (or a typo in the date):
    in a terminal you are asked to confirm it; otherwise it needs --future.

    \b
    Example:
        coffeechat log ada outreach --note "LinkedIn message about PyData"
        coffeechat log ada reply --at 2026-11-30T09:15
        coffeechat log ada meeting --at 2026-11-25T12:30 --minutes 60 --format lunch
        coffeechat log ada meeting --at 2027-03-01T10:00 --future
        coffeechat log add ada thank-you     # the same as: coffeechat log ada thank-you
    """
    from coffeechat.core.errors import FarAhead
    from coffeechat.formats import jsonout

    def write(ask_ahead: bool) -> Any:
        return workspace.log(
            ref, kind, at=at, note=note, minutes=minutes, format=format_, ask_ahead=ask_ahead
        )

    try:
        event = write(not future)
    except FarAhead as ahead:
        if not options.interactive():
            raise
        click.confirm(f"{ahead.when} is more than a day ahead. Log the {ahead.kind}?", abort=True)
        event = write(False)
    contact = workspace.show_contact(str(event.contact_id)).contact
    if as_json:
        emit_json(jsonout.logged(event, contact))
    else:
        when = render.local(event.at, event.zone, "%a %Y-%m-%d %H:%M %Z")
        say(
            f"Logged {event.kind} with {contact.name} on {when} (event {event.id}); "
            f"stage: {contact.stage}."
        )


def _attach() -> None:
    from coffeechat.cli import corrections

    log.add_command(corrections.log_list)
    log.add_command(corrections.log_edit)
    log.add_command(corrections.log_remove)


_attach()


@click.command()
@json_option
@pass_workspace
def board(workspace: Any, as_json: bool) -> None:
    """Show contacts by stage, with how long each has waited.

    \b
    Example:
        coffeechat board
    """
    from coffeechat.formats.jsonout import instant
    from coffeechat.service.pipeline import waited

    columns = workspace.board()
    now = workspace.now()
    if as_json:
        zone = workspace.get_settings().timezone
        emit_json(
            {
                "stages": [
                    {
                        "stage": col.stage.value,
                        "contacts": [
                            {
                                "id": c.id,
                                "name": c.name,
                                "company": c.company,
                                "title": c.title,
                                "since": instant(c.stage_since, zone),
                                "waiting_days": round(waited(c, now).total_seconds() / 86400, 1),
                            }
                            for c in col.contacts
                        ],
                    }
                    for col in columns
                ]
            }
        )
    else:
        click.echo(render.board(columns, now))


@click.command()
@click.argument("words", nargs=-1, required=True, metavar="WORDS...", help="What to look for.")
@click.option(
    "--limit", default=20, show_default=True, type=LIMIT, help="At most this many results."
)
@json_option
@pass_workspace
def search(workspace: Any, words: tuple[str, ...], limit: int, as_json: bool) -> None:
    """Search contacts, companies and notes; every word must match (as a prefix).

    \b
    Example:
        coffeechat search acme
        coffeechat search rust meetup --json
    """
    query = " ".join(words)
    results = workspace.search(query, limit=limit)
    if as_json:
        from coffeechat.formats import jsonout

        emit_json(jsonout.search(query, results))
    else:
        click.echo(render.search_results(query, results))
