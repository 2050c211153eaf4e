"""``schedule propose|confirm|reschedule`` and ``calendar add|list|remove``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from coffeechat.cli.options import CONTACT_HELP, emit_json, interactive, json_option, pass_workspace
from coffeechat.cli.render import say, status_line

FORMATS = "coffee|lunch|phone|video"


def slot_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """The options shared by ``propose`` and ``reschedule``."""
    options = [
        click.option("--count", default=3, show_default=True, help="How many options (1-5)."),
        click.option(
            "--days", default=7, show_default=True, help="Look this many days ahead (1-60)."
        ),
        click.option("--busy", multiple=True, metavar="FILE_OR_URL",
                     help="Another calendar of busy time, for this proposal only (repeatable)."),
        click.option("--format", "format_", metavar=f"[{FORMATS}]",
                     help="Offer this format (default: in person when near, else video)."),
    ]  # fmt: skip
    for option in reversed(options):
        f = option(f)
    return f


def _show_proposal(view: Any, as_json: bool, headline: str) -> None:
    from coffeechat.formats import jsonout

    if as_json:
        emit_json(jsonout.proposal(view))
        return
    say(headline)
    for o in view.options:
        doc = jsonout.option(o, view.contact_zone, view.user_zone)
        theirs, yours = doc["contact_local"], doc["user_local"]
        mine = "" if view.contact_zone == view.user_zone else f"  ({yours} for you)"
        say(f"  {o.number}. {o.kind:<11} {theirs}{mine}")
        say(f"     {o.place}")
        say(f"     {o.reason}")
    if view.options:
        say(f"\nHeld until one is chosen: coffeechat schedule confirm {view.contact.id} --option N")
    for warning in view.warnings:
        say(f"Warning: {warning}", err=True)


@click.group()
def schedule() -> None:
    """Offer times to a contact who agreed to chat, and confirm the one they choose.

    \b
    Example:
        coffeechat schedule propose ada
        coffeechat schedule confirm ada --option 2
    """


@schedule.command("propose")
@click.argument("ref", metavar="CONTACT", help=CONTACT_HELP)
@slot_options
@click.option("--duration", default=30, show_default=True, help="Minutes (10-240).")
@json_option
@pass_workspace
def schedule_propose(
    workspace: Any,
    ref: str,
    count: int,
    days: int,
    duration: int,
    busy: tuple[str, ...],
    format_: str | None,
    as_json: bool,
) -> None:
    """Propose varied times in the next week that suit you both.

    Options fall on different days and differ in kind (lunch, after work, a flexible
    window...), in their time zone, outside their working hours except lunch, inside
    your availability, clear of your busy calendars and of holidays on both sides.
    They are held until you confirm one.

    \b
    Example:
        coffeechat schedule propose ada
        coffeechat schedule propose ada --days 14 --busy ~/work.ics --json
    """
    view = workspace.propose_slots(
        ref, count=count, days=days, duration=duration, busy=busy, format=format_
    )
    n = len(view.options)
    _show_proposal(
        view,
        as_json,
        f"{n} time{'s' if n != 1 else ''} for {view.contact.name} "
        f"({view.contact_zone}), {view.duration_min} minutes:",
    )


@schedule.command("confirm")
@click.argument("ref", metavar="CONTACT", help=CONTACT_HELP)
@click.option("--option", "option", type=int, metavar="N", help="The option they chose.")
@click.option("--at", metavar="ISO", help="Or the time agreed (no offset = their zone).")
@click.option("--place", help="Where (default: the option's place).")
@click.option("--format", "format_", metavar=f"[{FORMATS}]", help="How you will meet.")
@click.option("--ics", metavar="FILE", help="Write the invite here (default: in the workspace).")
@click.option(
    "--link",
    metavar="URL",
    help="The video call's link (http or https): goes into the invite and the confirmation.",
)
@click.option(
    "--move",
    is_flag=True,
    help="Move the conversation already scheduled to this time (same invite, updated).",
)
@json_option
@pass_workspace
def schedule_confirm(
    workspace: Any,
    ref: str,
    option: int | None,
    at: str | None,
    place: str | None,
    format_: str | None,
    ics: str | None,
    link: str | None,
    move: bool,
    as_json: bool,
) -> None:
    """Record the time they chose, and write a calendar invite for it.

    The contact moves to `scheduled`; confirm the meeting with them the day before.
    A contact has one scheduled conversation: when one is ahead already, you are asked
    whether to move it (in a terminal; elsewhere give --move), and it is then moved as
    `schedule reschedule` would, with the same invite updated so calendars replace it.

    \b
    Example:
        coffeechat schedule confirm ada --option 2
        coffeechat schedule confirm ada --at 2026-12-04T15:30 --format video --ics chat.ics
        coffeechat schedule confirm ada --at 2026-12-04T15:30 --link https://meet.example.com/x
        coffeechat schedule confirm ada --at 2026-12-07T12:00 --move
    """
    from coffeechat.core.errors import AlreadyScheduled
    from coffeechat.formats import jsonout

    def confirm(moving: bool) -> Any:
        return workspace.confirm(
            ref, option=option, at=at, place=place, format=format_, ics=ics, link=link,
            move=moving,
        )  # fmt: skip

    try:
        done = confirm(move)
    except AlreadyScheduled as already:
        if as_json or not interactive():
            raise
        click.confirm(
            f"{already.name} already has a conversation on {already.when}. "
            "Move it to this new time?",
            abort=True,
        )
        done = confirm(True)
    c = done.conversation
    if as_json:
        emit_json(jsonout.confirmation(done))
        return
    when = jsonout.local_span(c.start, c.end, c.zone)
    verb = "Moved" if done.rescheduled else "Scheduled"
    say(f"{verb}: {done.contact.name}, {when}, {c.place}.")
    if c.zone != done.user_zone:
        click.echo(f"For you: {jsonout.local_span(c.start, c.end, done.user_zone)}.")
    status_line(f"Invite written to {done.invite}: send it to them, or import it yourself.")
    click.echo(f"Confirm with them on {done.confirm_on:%a %d %b}, the day before.")
    for warning in done.warnings:
        say(f"Warning: {warning}", err=True)


@schedule.command("reschedule")
@click.argument("ref", metavar="CONTACT", help=CONTACT_HELP)
@slot_options
@click.option("--duration", type=int, help="Minutes (default: as scheduled).")
@json_option
@pass_workspace
def schedule_reschedule(
    workspace: Any,
    ref: str,
    count: int,
    days: int,
    duration: int | None,
    busy: tuple[str, ...],
    format_: str | None,
    as_json: bool,
) -> None:
    """Offer new times for a scheduled conversation that has to move.

    Apologise and offer the new times in the same message; move a meeting once at most.
    Confirming one of them moves the conversation and sends an updated invite.

    \b
    Example:
        coffeechat schedule reschedule ada
        coffeechat schedule confirm ada --option 1
    """
    view = workspace.reschedule(
        ref, count=count, days=days, duration=duration, busy=busy, format=format_
    )
    _show_proposal(view, as_json, f"New times for {view.contact.name} ({view.contact_zone}):")


@click.group()
def calendar() -> None:
    """Keep the calendars whose busy time every proposal avoids.

    \b
    Example:
        coffeechat calendar add ~/Downloads/work.ics
        coffeechat calendar add https://calendar.example.com/me/basic.ics
        coffeechat calendar add --caldav https://cloud.example.com/remote.php/dav --user ada
        coffeechat calendar list
    """


def _calendar_json(c: Any, zone: str) -> dict[str, Any]:
    from coffeechat.formats.jsonout import instant

    return {
        "id": c.id,
        "source": c.source,
        "kind": c.kind,
        "fetched_at": instant(c.fetched_at, zone),
        "bytes": c.size,
    }


@calendar.command("add")
@click.argument(
    "source",
    metavar="[FILE_OR_URL]",
    required=False,
    help="An .ics file, an http(s) or webcal URL, or caldav+https://USER@HOST/PATH.",
)
@click.option(
    "--caldav",
    "caldav_url",
    metavar="URL",
    help="A CalDAV server, account or calendar (https; http on this computer only).",
)
@click.option(
    "--user",
    metavar="NAME",
    help="Your user name on the CalDAV server (or write NAME@ in the address).",
)
@json_option
@pass_workspace
def calendar_add(
    workspace: Any, source: str | None, caldav_url: str | None, user: str | None, as_json: bool
) -> None:
    """Add an iCalendar file or URL (http, https, webcal) of your busy time, or a CalDAV
    calendar (Nextcloud, Fastmail, iCloud, Radicale...).

    It is read now (a file that is not a calendar is refused) and again at every
    proposal; when a URL or a CalDAV server cannot be reached, its last copy is used.
    An event that cannot be read is left out or counted once, with a warning.

    A CalDAV address is `caldav+https://USER@HOST/PATH`, or `--caldav URL --user USER`:
    the events of the next weeks are read (free/busy where the server gives no events),
    from the calendar the address names or every calendar of the account. The password
    comes from COFFEECHAT_CALDAV_PASSWORD or your keyring (`keyring set coffeechat-caldav
    USER@HOST`); it is never stored in the workspace.

    \b
    Example:
        coffeechat calendar add ~/Downloads/work.ics
        coffeechat calendar add caldav+https://ada@cloud.example.com/remote.php/dav
        coffeechat calendar add --caldav https://caldav.fastmail.com/ --user ada@fastmail.com
    """
    if (source is None) == (caldav_url is None):
        raise click.UsageError("give a FILE_OR_URL, or --caldav URL (one of them)")
    if user is not None and caldav_url is None and not str(source).lower().startswith("caldav+"):
        raise click.UsageError("--user goes with --caldav URL or a caldav+https:// address")
    added = workspace.add_calendar(
        caldav_url or source or "", caldav=caldav_url is not None, user=user
    )
    if as_json:
        emit_json(
            _calendar_json(added, workspace.get_settings().timezone)
            | {"warnings": list(added.warnings)}
        )
    else:
        say(f"Added calendar {added.id}: {added.source}")
    if not as_json:
        for warning in added.warnings:
            say(f"Warning: {warning}", err=True)


@calendar.command("list")
@json_option
@pass_workspace
def calendar_list(workspace: Any, as_json: bool) -> None:
    """List your busy-time calendars.

    \b
    Example:
        coffeechat calendar list --json
    """
    from coffeechat.cli.render import local

    items = workspace.list_calendars()
    zone = workspace.get_settings().timezone
    if as_json:
        emit_json({"calendars": [_calendar_json(c, zone) for c in items]})
    elif not items:
        click.echo("No calendars yet. Add one: coffeechat calendar add ~/Downloads/work.ics")
    else:
        for c in items:
            say(f"{c.id}  {c.source}  (read {local(c.fetched_at, zone)})")


@calendar.command("remove")
@click.argument(
    "source", metavar="ID_OR_SOURCE", help="Its id or its file or URL (`calendar list`)."
)
@json_option
@pass_workspace
def calendar_remove(workspace: Any, source: str, as_json: bool) -> None:
    """Stop using a calendar.

    \b
    Example:
        coffeechat calendar remove 1
    """
    removed = workspace.remove_calendar(source)
    if as_json:
        emit_json({"removed": _calendar_json(removed, workspace.get_settings().timezone)})
    else:
        say(f"Removed calendar {removed.id}: {removed.source}")


@calendar.command("refresh")
@json_option
@pass_workspace
def calendar_refresh(workspace: Any, as_json: bool) -> None:
    """Read every calendar again now and keep the fresh copies.

    Proposals read them anyway; this is for seeing at once that a URL or a CalDAV
    server answers. One that cannot be read keeps its last copy, with a warning.

    \b
    Example:
        coffeechat calendar refresh
    """
    from coffeechat.cli.render import local

    items, warnings = workspace.refresh_calendars()
    zone = workspace.get_settings().timezone
    if as_json:
        emit_json({"calendars": [_calendar_json(c, zone) for c in items], "warnings": warnings})
        return
    if not items:
        click.echo("No calendars yet. Add one: coffeechat calendar add ~/Downloads/work.ics")
    for c in items:
        say(f"{c.id}  {c.source}  (read {local(c.fetched_at, zone)})")
    for warning in warnings:
        say(f"Warning: {warning}", err=True)
