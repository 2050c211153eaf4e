"""``send``: a drafted .eml through the user's SMTP server, logged on the timeline."""

from __future__ import annotations

from typing import Any

import click

from coffeechat.cli.options import emit_json, json_option, pass_workspace, read_input
from coffeechat.cli.render import say


@click.command()
@click.argument("file", metavar="DRAFT_OR_EML")
@json_option
@pass_workspace
def send(workspace: Any, file: str, as_json: bool) -> None:
    """Send a drafted e-mail through your mail server and log it on the contact's timeline.

    DRAFT_OR_EML is an .eml file, as `coffeechat draft KIND CONTACT --eml FILE` writes it
    (or - to read it from standard input). The contact is the one the draft was written
    for, else the one whose e-mail is in To:. What is logged follows the draft's kind
    (outreach, scheduling-email, follow-up, thank-you...; a confirmation is a note).

    The server comes from your settings (smtp_host, smtp_port, smtp_security,
    smtp_user). The password is never stored: it is read from COFFEECHAT_SMTP_PASSWORD,
    else from your system keyring (service "coffeechat", your smtp_user) when the
    keyring package is installed. smtp_security none is allowed only to localhost.

    \b
    Example:
        coffeechat settings set smtp_host smtp.example.com
        coffeechat settings set smtp_user sam@example.com
        coffeechat draft outreach ada --eml ada.eml
        coffeechat send ada.eml
    """
    from coffeechat.formats.files import MESSAGE_LIMIT
    from coffeechat.service.sending import send_message

    data, source = read_input(file, MESSAGE_LIMIT, "a message")
    sent = send_message(workspace, data, source)
    contact = sent.contact
    if as_json:
        emit_json(
            {
                "sent": True,
                "message_id": sent.message_id,
                "to": sent.to,
                "subject": sent.subject,
                "contact": {"id": contact.id, "name": contact.name, "stage": contact.stage.value},
                "logged": sent.logged.value,
                "refused": sent.refused,
            }
        )
        return
    say(f"Sent {sent.subject!r} to {', '.join(sent.to)}.")
    say(f"Logged {sent.logged} with {contact.name}; stage: {contact.stage}.")
    if sent.refused:
        say(f"warning: the server refused {', '.join(sent.refused)}", err=True)
