"""Checking a message the user wrote, against the rules of its kind."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from coffeechat.config import Settings, local_zone
from coffeechat.core.errors import InvalidValue, NoWorkspace
from coffeechat.formats.eml import Message, read_message

if TYPE_CHECKING:
    from coffeechat.core.checker import Recipient, Report
    from coffeechat.core.model import Contact, UserSettings
    from coffeechat.service.workspace import Workspace


@dataclass
class CheckedMessage:
    """The report on one message, with the subject it had (if it was an e-mail) and the
    text that was checked (the findings' spans are offsets into it: a plain-text message
    as given, the text body of an e-mail)."""

    kind: str
    subject: str | None
    report: Report
    text: str = ""


def check_kinds() -> tuple[str, ...]:
    """The kinds a message can be checked as: every kind of draft (second-contact with
    the rules of outreach, reschedule with those of scheduling), and recap."""
    from coffeechat.core.checker import KINDS
    from coffeechat.core.drafts import KINDS as DRAFT_KINDS

    return (*KINDS, *(k for k in DRAFT_KINDS if k not in KINDS), "recap")


def _kind(kind: str) -> str:
    cleaned = (kind or "").strip().lower()
    if cleaned not in check_kinds():
        raise InvalidValue("kind", kind, f"must be one of {'|'.join(check_kinds())}", "outreach")
    return cleaned


def _recap(data: bytes, source: str, contact: str | None) -> CheckedMessage:
    from coffeechat.core.recapcheck import check_recap_text

    if contact:
        raise InvalidValue("contact", contact, "a recap is checked on its own", "(none)")
    return CheckedMessage("recap", None, check_recap_text(read_message(data, source).body))


def check_message(
    settings: Settings, kind: str, data: bytes, source: str, contact: str | None = None
) -> CheckedMessage:
    """Check a message (plain text or .eml). The workspace, when there is one, gives the
    user's zone and name and, with ``contact``, the recipient; without one the machine's
    zone is used (and ``contact`` cannot be)."""
    from coffeechat.service.workspace import Workspace

    cleaned = _kind(kind)
    if cleaned == "recap":
        return _recap(data, source, contact)
    message = read_message(data, source, exact=True)
    try:
        workspace = Workspace.open(settings)
    except NoWorkspace:
        if contact:
            raise
        return _checked(cleaned, message, settings, local_zone())
    try:
        return _check_in(workspace, cleaned, message, contact)
    finally:
        workspace.close()


def check_in(
    workspace: Workspace,
    kind: str,
    data: bytes,
    source: str,
    contact: str | None = None,
    *,
    read: tuple[Contact, UserSettings] | None = None,
) -> CheckedMessage:
    """``check_message`` on a workspace that is open already (the web's): the same
    report for the same text (of at most ``MESSAGE_LIMIT`` bytes, as the CLI reads).
    ``read``: that contact and the settings, when the caller has just read them."""
    from coffeechat.formats.files import MESSAGE_LIMIT

    cleaned = _kind(kind)
    if len(data) > MESSAGE_LIMIT:
        raise InvalidValue(
            "text", f"{len(data)} bytes", f"a message is at most {MESSAGE_LIMIT} bytes", "Hi Ada"
        )
    if cleaned == "recap":
        return _recap(data, source, contact)
    return _check_in(workspace, cleaned, read_message(data, source, exact=True), contact, read)


def _check_in(
    workspace: Workspace,
    kind: str,
    message: Message,
    contact: str | None,
    read: tuple[Contact, UserSettings] | None = None,
) -> CheckedMessage:
    from coffeechat.core.checker import Recipient

    owner = read[1] if read is not None else workspace.get_settings()
    recipient, zone = None, owner.timezone
    if contact:
        person = read[0] if read is not None else workspace.show_contact(contact).contact
        recipient = Recipient(name=person.name, company=person.company)
        # times in a message to them are read in their zone unless one is written
        zone = person.timezone or zone
    return _checked(kind, message, workspace.settings, zone, recipient, owner.name)


def _checked(
    kind: str,
    message: Message,
    settings: Settings,
    zone: str,
    recipient: Recipient | None = None,
    sender: str | None = None,
) -> CheckedMessage:
    from coffeechat.core.checker import check_message as run_checks

    report = run_checks(
        kind,
        message.body,
        now=settings.clock.now(),
        zone=zone,
        recipient=recipient,
        sender=sender,
    )
    return CheckedMessage(kind, message.subject, report, message.body)
