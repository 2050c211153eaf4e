"""``contact add|edit|show|list|remove``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from coffeechat.cli import render
from coffeechat.cli.options import (
    CONTACT_HELP,
    LIMIT,
    emit_json,
    interactive,
    json_option,
    pass_contacts_view,
    pass_workspace,
)
from coffeechat.cli.render import say
from coffeechat.core.model import BOARD_ORDER, HowMet, Seniority

#: ``--offset``: 0 to the service's ``OFFSET_MAX`` (bigger is a usage error, exit 2).
OFFSET = click.IntRange(0, 1_000_000_000)


def _choices(values: list[str]) -> str:
    return "|".join(values)


def contact_fields(f: Callable[..., Any]) -> Callable[..., Any]:
    """The options shared by ``contact add`` and ``contact edit``."""
    options = [
        click.option("--email", "emails", multiple=True, help="E-mail address (repeatable)."),
        click.option("--phone", help="Phone number."),
        click.option("--linkedin", help="LinkedIn profile URL or handle."),
        click.option("--company", help="Where they work (added to your companies if new)."),
        click.option("--title", help="Their job title."),
        click.option(
            "--seniority",
            metavar=f"[{_choices([s.value for s in Seniority])}]",
            help="How senior they are.",
        ),
        click.option("--city", help="The city they work in."),
        click.option("--timezone", help="Their IANA time zone, e.g. Europe/Berlin."),
        click.option("--work-hours", help='Their working hours (default "Mon-Fri 09:00-17:00").'),
        click.option("--country", help="ISO country code (default: from the time zone)."),
        click.option(
            "--how-met",
            metavar=f"[{_choices([h.value for h in HowMet])}]",
            help="How you met.",
        ),
        click.option("--met-at", help="Where you met (an event, a site...)."),
        click.option("--met-on", help="When you met, YYYY-MM-DD."),
        click.option("--introduced-by", metavar="CONTACT", help="Who introduced you (id or name)."),
        click.option("--tag", "tags", multiple=True, help="A tag (repeatable)."),
        click.option("--note", help="A free note about them."),
        click.option(
            "--reason",
            help="Why you want to talk to them, in a few words the outreach draft can use "
            '(e.g. "your talk on streaming at PyData").',
        ),
        click.option(
            "--keep-in-touch",
            metavar="MONTHS",
            help="Months between keep-in-touch notes (1-12, 0: never; default 3).",
        ),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def _raw(kwargs: dict[str, Any]) -> dict[str, Any]:
    """Click's values as service input: unset multi-options become None (not given)."""
    raw = dict(kwargs)
    for key in ("emails", "tags", "add_tags", "remove_tags"):
        if key in raw:
            raw[key] = list(raw[key]) or None
    return raw


@click.group()
def contact() -> None:
    """Record and look after the people you meet.

    A contact is named by its id or by an unambiguous part of the name.

    \b
    Example:
        coffeechat contact add "Ada Lovelace" --company Acme --met-at "PyData NYC"
        coffeechat contact list --stage reached-out
        coffeechat contact show ada
    """


@contact.command("add")
@click.argument("name", help="Their full name.")
@contact_fields
@json_option
@pass_workspace
def contact_add(workspace: Any, name: str, as_json: bool, **kwargs: Any) -> None:
    """Record someone you met.

    \b
    Example:
        coffeechat contact add "Ada Lovelace" --email ada@example.com \\
            --company Acme --title "Staff Engineer" --seniority senior \\
            --timezone America/New_York --how-met event --met-at "PyData NYC" \\
            --met-on 2026-11-20 --tag python \\
            --reason "your talk on moving a team from batch to streaming"
    """
    from coffeechat.formats.jsonout import contact as contact_json

    created = workspace.add_contact(name=name, **_raw(kwargs))
    if as_json:
        emit_json(contact_json(created, workspace.get_settings().timezone))
    else:
        say(f"Added {render.contact_line(created)} (id {created.id}).")
        click.echo(f"When you have written to them: coffeechat log {created.id} outreach")


@contact.command("edit")
@click.argument("ref", metavar="CONTACT", help=CONTACT_HELP)
@click.option("--name", help="Their name.")
@contact_fields
@click.option("--add-tag", "add_tags", multiple=True, help="Add a tag, keeping the others.")
@click.option("--remove-tag", "remove_tags", multiple=True, help="Remove a tag.")
@click.option(
    "--stage",
    metavar="STAGE",
    help=f"Set the stage by hand ({_choices([s.value for s in BOARD_ORDER])}), or auto.",
)
@json_option
@pass_workspace
def contact_edit(workspace: Any, ref: str, as_json: bool, **kwargs: Any) -> None:
    """Change what you know about a contact.

    CONTACT is an id or an unambiguous part of the name. Options you leave out stay
    as they are; an empty value ("") clears a field; --email and --tag replace the
    whole list.

    \b
    Example:
        coffeechat contact edit ada --title "Engineering Manager" --add-tag mentor
        coffeechat contact edit ada --reason "you moved from teaching into data"
        coffeechat contact edit 4 --stage declined
    """
    from coffeechat.formats.jsonout import contact as contact_json

    changed = workspace.edit_contact(ref, **_raw(kwargs))
    if as_json:
        emit_json(contact_json(changed, workspace.get_settings().timezone))
    else:
        say(f"Updated {render.contact_line(changed)} (id {changed.id}), stage {changed.stage}.")


@contact.command("show")
@click.argument("ref", metavar="CONTACT", help=CONTACT_HELP)
@json_option
@pass_workspace
def contact_show(workspace: Any, ref: str, as_json: bool) -> None:
    """Show a contact and their timeline.

    \b
    Example:
        coffeechat contact show ada
    """
    from coffeechat.formats import jsonout

    detail = workspace.show_contact(ref)
    zone = workspace.get_settings().timezone
    responsiveness, items = workspace.contact_followups(str(detail.contact.id))
    if as_json:
        document = jsonout.contact_detail(detail, zone, workspace.now(), responsiveness, items)
        emit_json(document)
    else:
        click.echo(render.contact_detail(detail, zone, workspace.now()))
        extra = render.follow_up_lines(responsiveness, items)
        if extra:
            say(extra)


@contact.command("merge")
@click.argument("keep", metavar="CONTACT")
@click.argument("other", metavar="DUPLICATE")
@json_option
@pass_workspace
def contact_merge(workspace: Any, keep: str, other: str, as_json: bool) -> None:
    """Merge a duplicate into a contact: nothing of either is lost.

    CONTACT keeps its fields; its empty ones are filled from DUPLICATE; e-mails and
    tags are joined; both timelines, conversations, notes, promises, introductions and
    paths stay, under CONTACT. DUPLICATE is then removed.

    \b
    Example:
        coffeechat contact merge "Ada Lovelace" "A. Lovelace"
        coffeechat contact merge 12 31
    """
    from coffeechat.formats.jsonout import contact as contact_json

    merged = workspace.merge_contacts(keep, other)
    if as_json:
        emit_json(contact_json(merged, workspace.get_settings().timezone))
        return
    say(f"Merged into {render.contact_line(merged)} (id {merged.id}).")


def paging(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--limit N --offset M``: one page of a list (shared by ``contact list`` and
    ``agenda``)."""
    f = click.option(
        "--offset",
        type=OFFSET,
        default=0,
        show_default=True,
        metavar="M",
        help="Skip the first M (with --limit: the page that starts there).",
    )(f)
    return click.option(
        "--limit",
        type=LIMIT,
        metavar="N",
        help="Show at most N (1-10000); --json then gives next_offset.",
    )(f)


@contact.command("list")
@click.option("--stage", help="Only contacts at this stage.")
@click.option("--tag", help="Only contacts with this tag.")
@click.option("--company", help="Only contacts at this company.")
@paging
@json_option
@pass_contacts_view
def contact_list(
    workspace: Any,
    stage: str | None,
    tag: str | None,
    company: str | None,
    limit: int | None,
    offset: int,
    as_json: bool,
) -> None:
    """List your contacts with their stage, by name.

    --limit and --offset page through the list (the order is by name, then id, so
    pages neither skip nor repeat anyone while nothing changes).

    \b
    Example:
        coffeechat contact list --stage reached-out
        coffeechat contact list --json --limit 100 --offset 200
    """
    from coffeechat.formats.jsonout import contact as contact_json

    filters = {"stage": stage, "tag": tag, "company": company}
    next_offset = None
    if limit is not None:
        page = workspace.contacts_page(**filters, limit=limit, offset=offset)
        items, next_offset = page.items, page.next_offset
    else:
        items = workspace.iter_contacts(**filters, offset=offset)
    if as_json:
        zone = workspace.get_settings().timezone
        # written as read: emit_json takes the generator, 1,000 contacts at a time
        document: dict[str, Any] = {"contacts": (contact_json(c, zone) for c in items)}
        if limit is not None:  # a page says where the next one starts
            document["next_offset"] = next_offset
        emit_json(document)
        return
    items = list(items)
    if not items and (stage or tag or company):
        click.echo("No contacts match these filters.")
    elif not items and offset:
        click.echo(f"No contacts after the first {offset}.")
    else:
        click.echo(render.contacts(items))
    if next_offset is not None:
        click.echo(f"More: --offset {next_offset}")


@contact.command("remove")
@click.argument("ref", metavar="CONTACT", help=CONTACT_HELP)
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
@json_option
@pass_workspace
def contact_remove(workspace: Any, ref: str, yes: bool, as_json: bool) -> None:
    """Delete a contact and their timeline (asks first unless --yes).

    \b
    Example:
        coffeechat contact remove "Ada Lovelace" --yes
    """
    from coffeechat.formats.jsonout import contact as contact_json

    target = workspace.show_contact(ref)
    c = target.contact
    if not yes:
        if not interactive():
            raise click.UsageError("removing a contact needs --yes when not run in a terminal")
        events = len(target.timeline)
        click.confirm(
            f"Remove {render.contact_line(c)} (id {c.id}) and "
            f"{events} timeline entr{'y' if events == 1 else 'ies'}?",
            abort=True,
        )
    removed = workspace.remove_contact(str(c.id))
    if as_json:
        emit_json({"removed": contact_json(removed, workspace.get_settings().timezone)})
    else:
        say(f"Removed {removed.name} (id {removed.id}).")
