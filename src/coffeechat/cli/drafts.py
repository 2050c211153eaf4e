"""``draft``: a message of the workflow, written from what the workspace knows."""

from __future__ import annotations

from typing import Any

import click

from coffeechat.cli.options import CONTACT_HELP, emit_json, json_option, pass_workspace, write_file
from coffeechat.cli.render import say, status_line

KIND_LIST = (
    "outreach|follow-up|second-contact|scheduling|confirm|reschedule|thank-you|"
    "report-back|keep-in-touch|intro-request"
)


@click.command()
@click.argument("kind", metavar="KIND")
@click.argument("ref", metavar="CONTACT", help=CONTACT_HELP)
@click.option("--to", "to", metavar="NAME", help="intro-request: who to be introduced to.")
@click.option("--eml", metavar="FILE", help="Also write the draft as an .eml file here.")
@json_option
@pass_workspace
def draft(workspace: Any, kind: str, ref: str, to: str | None, eml: str | None,
          as_json: bool) -> None:  # fmt: skip
    """Draft a message of the workflow for a contact, from what you know about them.

    KIND is one of outreach, follow-up, second-contact, scheduling, confirm, reschedule,
    thank-you, report-back, keep-in-touch or intro-request. The draft is signed with your
    `signature` setting. Put your own version of a template in COFFEECHAT_HOME/templates/
    (e.g. templates/outreach.txt) to change the wording: docs/drafts.md lists the variables.

    \b
    Example:
        coffeechat draft outreach ada
        coffeechat draft scheduling ada --eml ada.eml
        coffeechat draft intro-request ada --to "Grace Kim" --json
    """
    from pathlib import Path

    result = workspace.draft(kind, ref, to=to)
    if eml:
        from coffeechat.formats.eml import write_eml

        path = Path(eml).expanduser()
        data = write_eml(
            sender=result.sender,
            recipient=(result.contact.name, result.to_email),
            subject=result.subject,
            body=result.body,
            kind=result.kind,
            contact_id=result.contact.id,
        )
        write_file(path, data)
    for warning in result.warnings:
        say(f"Warning: {warning}", err=True)
    if as_json:
        from coffeechat.formats import jsonout

        emit_json(
            {
                "kind": result.kind,
                "contact": jsonout.contact(result.contact, result.user_zone),
                "to": result.to_email,
                "subject": result.subject,
                "body": result.body,
                "mailto": result.mailto,
            }
        )
        return
    say(result.subject)
    click.echo()
    say(result.body, nl=False)
    if eml:
        status_line(f"Wrote {eml}: open it in your mail program, or `coffeechat send {eml}`.")
