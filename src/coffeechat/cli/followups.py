"""``agenda`` and ``followup``: what is owed to whom, today and next."""

from __future__ import annotations

from typing import Any

import click

from coffeechat.cli.contacts import paging
from coffeechat.cli.options import ITEM_HELP, emit_json, json_option, pass_workspace, write_file
from coffeechat.cli.render import say, status_line


@click.command()
@click.option(
    "--days",
    type=int,
    default=7,
    show_default=True,
    metavar="N",
    help="How far ahead to look.",
)
@click.option("--ics", metavar="FILE", help="Also write the items as a calendar file.")
@paging
@json_option
@pass_workspace
def agenda(
    workspace: Any, days: int, ics: str | None, limit: int | None, offset: int, as_json: bool
) -> None:
    """What you owe to whom: overdue, today and coming, most urgent first.

    Every item comes from your timelines (DOMAIN rules: 3 and 7 business days on the
    recipient's clock after an outreach, thank-you within 24 hours, report-back after
    a week, keep in touch every few months...) with the command that helps. An item is
    done when you log what it asks (`coffeechat log ada thank-you`), or dismissed or
    snoozed with `coffeechat followup`.

    --ics FILE writes the items as all-day calendar entries with a 09:00 alarm;
    importing the file again updates them. --limit and --offset show one page of the
    items (in the same order; --ics then writes that page).

    \b
    Example:
        coffeechat agenda
        coffeechat agenda --days 14 --ics follow-ups.ics
        coffeechat agenda --json --limit 50 --offset 50
    """
    result = workspace.agenda(days, limit=limit, offset=offset)
    if ics:
        from coffeechat.formats.agendaics import agenda_ics

        data = agenda_ics(result.items, workspace.now(), workspace.get_settings().name)
        write_file(ics, data)
    if as_json:
        from coffeechat.formats.jsonout import agenda as agenda_json

        emit_json(agenda_json(result, paged=limit is not None))
        return
    say(_text(result))
    if result.next_offset is not None:
        say(f"\n{result.total} items in all; more: --offset {result.next_offset}")
    if ics:
        status_line(f"{len(result.items)} items written to {ics}.")


def _text(result: Any) -> str:
    from coffeechat.core.followups import is_overdue

    lines = [f"Agenda for {result.today:%a %d %b %Y} (and the next {result.days} days)"]
    if not result.items:
        lines.append("Nothing is owed: a good day to meet someone new.")
        return "\n".join(lines)
    groups: list[tuple[str, list[Any]]] = [
        ("Overdue", [i for i in result.items if is_overdue(i, result.now, result.today)]),
        ("Today", [i for i in result.items if _today(i, result)]),
        ("Coming", [i for i in result.items if i.due > result.today]),
    ]
    for title, items in groups:
        if not items:
            continue
        lines += ["", title]
        for i in items:
            when = _late(i, result) or ("today" if i.due == result.today else f"{i.due:%a %d %b}")
            lines.append(f"  {when:<10} {i.kind:<15} {i.contact_name}: {i.reason}")
            lines.append(f"  {'':<10} {click.style(i.suggested_command, bold=True)}")
            lines.append(f"  {'':<10} {click.style('item ' + i.item, dim=True)}")
    return "\n".join(lines)


def _today(item: Any, result: Any) -> bool:
    """Due today and not yet late (a thank-you past its 24 hours is overdue, not today)."""
    from coffeechat.core.followups import is_overdue

    return item.due == result.today and not is_overdue(item, result.now, result.today)


def _late(item: Any, result: Any) -> str:
    """How late an overdue item is: "3d late" by days, "8h late" within its day; "" when
    it is not overdue."""
    from coffeechat.core.followups import is_overdue, overdue_days

    if not is_overdue(item, result.now, result.today):
        return ""
    days = overdue_days(item, result.today)
    if days or item.due_at is None:
        return f"{days}d late"
    hours = int((result.now - item.due_at).total_seconds() // 3600)
    return f"{hours}h late" if hours else "just late"


@click.group()
def followup() -> None:
    """Mark done, dismiss or snooze an item of the agenda.

    Items are named by the id the agenda shows (`item 3:thank-you:conversation-2`).

    \b
    Example:
        coffeechat followup done 3:thank-you:conversation-2
        coffeechat followup snooze 3:keep-in-touch:event-41 --days 14
        coffeechat followup dismiss 4:second-contact:outreach-17
    """


@followup.command("done")
@click.argument("item", metavar="ITEM", help=ITEM_HELP)
@json_option
@pass_workspace
def followup_done(workspace: Any, item: str, as_json: bool) -> None:
    """Mark an item done: you did what it asks.

    A follow-up, thank-you, report-back or keep-in-touch is logged on the contact's
    timeline as sent now (`coffeechat log` with --at records another time); a promise
    is marked kept; any other item is recorded done and leaves the agenda.

    \b
    Example:
        coffeechat followup done 3:thank-you:conversation-2
    """
    found = workspace.done(item)
    if as_json:
        emit_json({"done": found.item, "contact": found.contact_name, "kind": found.kind})
        return
    say(f"Done: {found.kind} for {found.contact_name}.")


@followup.command("dismiss")
@click.argument("item", metavar="ITEM", help=ITEM_HELP)
@json_option
@pass_workspace
def followup_dismiss(workspace: Any, item: str, as_json: bool) -> None:
    """Drop an item for good: it is not owed after all.

    \b
    Example:
        coffeechat followup dismiss 4:second-contact:outreach-17
    """
    found = workspace.dismiss(item)
    if as_json:
        emit_json({"dismissed": found.item, "contact": found.contact_name, "kind": found.kind})
        return
    say(f"Dismissed {found.kind} for {found.contact_name}.")


@followup.command("snooze")
@click.argument("item", metavar="ITEM", help=ITEM_HELP)
@click.option("--until", metavar="DATE", help="The day it comes back, YYYY-MM-DD.")
@click.option("--days", type=int, metavar="N", help="Or: in N days.")
@json_option
@pass_workspace
def followup_snooze(
    workspace: Any, item: str, until: str | None, days: int | None, as_json: bool
) -> None:
    """Move an item to a later day.

    \b
    Example:
        coffeechat followup snooze 3:keep-in-touch:event-41 --days 14
        coffeechat followup snooze 3:keep-in-touch:event-41 --until 2027-01-04
    """
    found = workspace.snooze(item, until=until, days=days)
    after = workspace.follow_ups(str(found.contact_id))
    due = next((i.due for i in after if i.item == found.item), None)
    if as_json:
        emit_json(
            {
                "snoozed": found.item,
                "contact": found.contact_name,
                "kind": found.kind,
                "due": due.isoformat() if due else None,
            }
        )
        return
    say(f"Snoozed {found.kind} for {found.contact_name} until {due:%a %d %b %Y}.")
