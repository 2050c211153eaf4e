"""``log``, ``board`` and ``search``."""

from __future__ import annotations

from typing import Any

import click

from coffeechat.cli import render
from coffeechat.cli.options import CONTACT_HELP, LIMIT, emit_json, json_option, pass_workspace
from coffeechat.cli.render import say


@click.command()
@click.argument("ref", metavar="CONTACT", help=CONTACT_HELP)
@click.argument("kind", metavar="KIND")
@click.option("--at", help="When it happened, ISO 8601 (default: now; no offset = your zone).")
@click.option("--note", help="What was said or done.")
@json_option
@pass_workspace
def log(
    workspace: Any, ref: str, kind: str, at: str | None, note: str | None, as_json: bool
) -> None:
    """Log what happened with a contact; their stage follows.

    \b
    KIND is one of:
      outreach, reply, follow-up, scheduling-email, meeting, thank-you,
      intro-request, introduced, report-back, keep-in-touch, note

    \b
    Example:
        coffeechat log ada outreach --note "LinkedIn message about PyData"
        coffeechat log ada reply --at 2026-11-30T09:15
        coffeechat log ada meeting --at 2026-12-03T12:30
    """
    from coffeechat.formats import jsonout

    event = workspace.log(ref, kind, at=at, note=note)
    contact = workspace.show_contact(str(event.contact_id)).contact
    if as_json:
        document = jsonout.event(event)
        document["contact"] = {
            "id": contact.id,
            "name": contact.name,
            "stage": contact.stage.value,
        }
        emit_json(document)
    else:
        when = render.local(event.at, event.zone, "%a %Y-%m-%d %H:%M %Z")
        say(f"Logged {event.kind} with {contact.name} on {when}; stage: {contact.stage}.")


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
        emit_json(
            {
                "query": query,
                "results": [
                    {
                        "kind": r.kind,
                        "id": r.id,
                        "title": r.title,
                        "snippet": r.snippet,
                        "score": r.score,
                        "contact_id": r.contact_id,
                    }
                    for r in results
                ],
            }
        )
    else:
        click.echo(render.search_results(query, results))
