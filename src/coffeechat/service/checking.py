"""Checking a message the user wrote, against the rules of its kind."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from coffeechat.config import Settings, local_zone
from coffeechat.core.errors import InvalidValue, NoWorkspace
from coffeechat.formats.eml import read_message

if TYPE_CHECKING:
    from coffeechat.core.checker import Report


@dataclass
class CheckedMessage:
    """The report on one message, with the subject it had (if it was an e-mail)."""

    kind: str
    subject: str | None
    report: Report


def check_message(
    settings: Settings, kind: str, data: bytes, source: str, contact: str | None = None
) -> CheckedMessage:
    """Check a message (plain text or .eml). The workspace, when there is one, gives the
    user's zone and name and, with ``contact``, the recipient; without one the machine's
    zone is used (and ``contact`` cannot be)."""
    from coffeechat.core.checker import KINDS, Recipient
    from coffeechat.core.checker import check_message as run_checks
    from coffeechat.service.workspace import Workspace

    cleaned = kind.strip().lower()
    if cleaned == "recap":
        from coffeechat.core.recapcheck import check_recap_text

        if contact:
            raise InvalidValue("contact", contact, "a recap is checked on its own", "(none)")
        return CheckedMessage(cleaned, None, check_recap_text(read_message(data, source).body))
    if cleaned not in KINDS:
        kinds = "|".join((*KINDS, "recap"))
        raise InvalidValue("kind", kind, f"must be one of {kinds}", "outreach")
    message = read_message(data, source)
    recipient, sender, zone = None, None, local_zone()
    try:
        workspace = Workspace.open(settings)
    except NoWorkspace:
        if contact:
            raise
    else:
        try:
            owner = workspace.get_settings()
            sender, zone = owner.name, owner.timezone
            if contact:
                person = workspace.show_contact(contact).contact
                recipient = Recipient(name=person.name, company=person.company)
                # times in a message to them are read in their zone unless one is written
                zone = person.timezone or zone
        finally:
            workspace.close()
    report = run_checks(
        cleaned,
        message.body,
        now=settings.clock.now(),
        zone=zone,
        recipient=recipient,
        sender=sender,
    )
    return CheckedMessage(cleaned, message.subject, report)
