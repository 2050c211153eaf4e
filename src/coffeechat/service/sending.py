"""Sending a drafted .eml through the user's own SMTP server, and logging it.

The password is never stored: it comes from the caller, ``COFFEECHAT_SMTP_PASSWORD``, or
the system keyring (when the ``keyring`` package is installed). ``smtp_security none``
(no encryption at all) is allowed only to this computer (localhost, 127.0.0.0/8, ::1),
e.g. a local relay or a test server; any other host needs ``starttls`` or ``ssl``.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from coffeechat.core.errors import CoffeechatError, InvalidValue
from coffeechat.core.model import Contact, EventKind
from coffeechat.formats.eml import CONTACT_HEADER, KIND_HEADER, looks_like_eml

if TYPE_CHECKING:
    import smtplib
    from email.message import EmailMessage

    from coffeechat.core.model import UserSettings
    from coffeechat.service.workspace import Workspace

PASSWORD_ENV = "COFFEECHAT_SMTP_PASSWORD"
KEYRING_SERVICE = "coffeechat"
TIMEOUT_SECONDS = 30
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}


#: The draft kind (X-Coffeechat-Kind) → the timeline event logged once it is sent.
EVENT_OF_KIND: dict[str, EventKind] = {
    "outreach": EventKind.OUTREACH,
    "scheduling": EventKind.SCHEDULING_EMAIL,
    "reschedule": EventKind.SCHEDULING_EMAIL,
    "follow-up": EventKind.FOLLOW_UP,
    "second-contact": EventKind.OUTREACH,
    "confirm": EventKind.NOTE,
    "thank-you": EventKind.THANK_YOU,
    "report-back": EventKind.REPORT_BACK,
    "keep-in-touch": EventKind.KEEP_IN_TOUCH,
    "intro-request": EventKind.INTRO_REQUEST,
}

_DRAFT_HINT = "write it as e-mail with `coffeechat draft KIND CONTACT --eml FILE`"


class SendError(CoffeechatError):
    """A message that cannot be sent: a bad file, a missing setting, or the server said no.
    ``kind`` says which, in a word, for a record that must hold no address or text:
    connection, login, certificate, starttls, sender, recipient, refused, or other."""

    def __init__(self, message: str, kind: str = "other") -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class SmtpSource:
    """Where the mail server's settings of a message come from, as the hints of its
    errors name them: by default a user's own settings (``coffeechat settings``); the
    team server's worker passes its environment variables (service/digests.WORKER_SETTINGS,
    ``env_settings``)."""

    #: The settings of the server's address: host, port and security.
    address: str = "smtp_host, smtp_port and smtp_security with `coffeechat settings show`"
    #: The login's settings.
    login: str = f"smtp_user and the password in {PASSWORD_ENV} or your keyring"
    #: How to use SSL instead of STARTTLS.
    use_ssl: str = "`coffeechat settings set smtp_security ssl`"


#: A user's own settings (``coffeechat settings``): what ``send`` uses.
USER_SETTINGS = SmtpSource()


@dataclass(frozen=True)
class SentMessage:
    """What was sent, to whom, and what was logged on the contact's timeline."""

    message_id: str
    to: list[str]
    subject: str
    contact: Contact
    logged: EventKind
    #: Recipients the server refused while accepting others (the message went to the rest).
    refused: list[str] = field(default_factory=list)


def event_kind(draft_kind: str | None) -> EventKind:
    """The timeline event for a sent draft of this kind (no or unknown kind: a note)."""
    if not draft_kind:
        return EventKind.NOTE
    return EVENT_OF_KIND.get(draft_kind.strip().lower(), EventKind.NOTE)


def parse_eml(data: bytes, source: str) -> EmailMessage:
    """The e-mail in ``data``; it must have From, To and Subject, with addresses."""
    import email
    import email.policy
    from email.message import EmailMessage

    if not looks_like_eml(data):
        raise SendError(f"{source}: not an e-mail (.eml) file; {_DRAFT_HINT}")
    try:
        message = email.message_from_bytes(data, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        for name in ("From", "To", "Subject"):
            if not str(message.get(name) or "").strip():
                raise SendError(f"{source}: the e-mail has no {name}: header; {_DRAFT_HINT}")
        _addresses(message, "From", source)
        _addresses(message, "To", source)
    except (ValueError, IndexError, TypeError) as error:  # a header the parser cannot read
        raise SendError(f"{source}: the e-mail headers cannot be read ({error})") from None
    return message


def _addresses(message: EmailMessage, name: str, source: str) -> list[str]:
    """The e-mail addresses in one header; a name without an address is refused."""
    header = message.get(name)
    if header is None:
        return []
    found = [a.addr_spec for a in getattr(header, "addresses", ())]
    missing = [a for a in found if "@" not in a]
    if missing or (name in {"From", "To"} and not found):
        fix = (
            "set yours with `coffeechat settings set email you@example.com`"
            if name == "From"
            else "add theirs with `coffeechat contact edit CONTACT --email ADDRESS`"
        )
        raise SendError(
            f"{source}: {name}: {str(header)!r} has no e-mail address; {fix}, then draft it again"
        )
    return found


def _find_contact(workspace: Workspace, message: EmailMessage, source: str) -> Contact:
    """The contact named by X-Coffeechat-Contact, else the one whose e-mail is in To:."""
    ref = str(message.get(CONTACT_HEADER) or "").strip()
    if ref:
        return workspace.show_contact(ref).contact
    to = _addresses(message, "To", source)
    everyone = workspace.list_contacts()
    for address in to:
        key = address.casefold()
        matches = [c for c in everyone if key in (e.casefold() for e in c.emails)]
        if len(matches) > 1:
            names = ", ".join(f"{c.name} (#{c.id})" for c in matches)
            raise SendError(
                f"{source}: {address} belongs to several contacts ({names}); {_DRAFT_HINT}"
            )
        if matches:
            return matches[0]
    raise SendError(
        f"{source}: no contact has the address {', '.join(to)}; add it with "
        "`coffeechat contact edit CONTACT --email ADDRESS` (or add the contact)"
    )


def _is_loopback(host: str) -> bool:
    if host.casefold() in {"localhost", "localhost."}:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _keyring_password(user: str) -> str | None:
    """The password stored in the system keyring, when the keyring package is there."""
    try:
        import keyring  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return None
    try:
        found = keyring.get_password(KEYRING_SERVICE, user)
    except Exception:  # no usable backend, a locked keyring...: as if nothing were stored
        return None
    return found if isinstance(found, str) and found else None


def password_source(owner: UserSettings) -> str | None:
    """Where ``send`` will find the password of ``smtp_user``: "environment",
    "keyring", or None (nowhere yet; also None without ``smtp_user``). Never the
    password itself."""
    if not owner.smtp_user:
        return None
    if os.environ.get(PASSWORD_ENV):
        return "environment"
    return "keyring" if _keyring_password(owner.smtp_user) else None


def store_password(user: str | None, password: str) -> None:
    """Keep the password of ``user`` in the system keyring, where ``send`` reads it
    (coffeechat never writes it into the workspace). Refused, with the way to set it
    instead, without ``smtp_user`` or without a usable keyring."""
    how = f"set {PASSWORD_ENV} before `coffeechat serve`, or install a keyring"
    if not user:
        raise InvalidValue("smtp_password", "(hidden)", "set smtp_user first", "sam@example.com")
    if not password or "\n" in password or "\r" in password:
        raise InvalidValue("smtp_password", "(hidden)", "give the password on one line", "…")
    try:
        import keyring  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        raise InvalidValue(
            "smtp_password", "(hidden)", "the keyring package is not installed", how
        ) from None
    try:
        keyring.set_password(KEYRING_SERVICE, user, password)
    except Exception as error:  # no backend on this computer, a locked keyring...
        problem = str(error).splitlines()[0][:120] if str(error) else type(error).__name__
        raise InvalidValue(
            "smtp_password", "(hidden)", f"the keyring refused it ({problem})", how
        ) from None


def _password(owner: UserSettings, given: str | None) -> str | None:
    """The password for ``smtp_user``: given, else the environment, else the keyring."""
    if not owner.smtp_user:
        return None
    password = given or os.environ.get(PASSWORD_ENV) or _keyring_password(owner.smtp_user)
    if not password:
        raise SendError(
            f"no password: set {PASSWORD_ENV} or store it in your keyring "
            f"(`keyring set {KEYRING_SERVICE} {owner.smtp_user}`)"
        )
    return password


def _reply_text(error: smtplib.SMTPResponseException) -> str:
    text = error.smtp_error
    raw = text.decode("utf-8", errors="replace") if isinstance(text, bytes) else str(text)
    return f"{error.smtp_code} {' '.join(raw.split())}".strip()


def _deliver(
    owner: UserSettings,
    message: EmailMessage,
    sender: str,
    recipients: list[str],
    password: str | None,
    *,
    source: SmtpSource = USER_SETTINGS,
) -> list[str]:
    """Hand the message to the server; the recipients it refused (others got it). The
    hints of its errors name the settings of ``source``."""
    import smtplib
    import ssl

    host = owner.smtp_host or ""
    security = owner.smtp_security
    port = owner.smtp_port or DEFAULT_PORTS.get(security, 587)
    where = f"{host}:{port}"
    try:
        client: smtplib.SMTP
        if security == "ssl":
            context = ssl.create_default_context()
            client = smtplib.SMTP_SSL(host, port, timeout=TIMEOUT_SECONDS, context=context)
        else:
            client = smtplib.SMTP(host, port, timeout=TIMEOUT_SECONDS)
        with client:
            client.ehlo()
            if security == "starttls":
                client.starttls(context=ssl.create_default_context())
                client.ehlo()
            if owner.smtp_user:
                assert password is not None
                client.login(owner.smtp_user, password)
            refused = client.send_message(message, sender, recipients)
    except smtplib.SMTPAuthenticationError as error:
        raise SendError(
            f"smtp: {where} refused the login of {owner.smtp_user} ({_reply_text(error)}); "
            f"check {source.login}",
            "login",
        ) from None
    except smtplib.SMTPRecipientsRefused as error:
        said = "; ".join(
            f"{address}: {code} {_decode(text)}"
            for address, (code, text) in error.recipients.items()
        )
        raise SendError(
            f"smtp: {where} refused every recipient ({said}); nothing was sent", "recipient"
        ) from None
    except smtplib.SMTPSenderRefused as error:
        raise SendError(
            f"smtp: {where} refused the sender {sender} ({_reply_text(error)}); nothing was sent",
            "sender",
        ) from None
    except smtplib.SMTPNotSupportedError as error:
        hint = f"; try {source.use_ssl}" if security == "starttls" else ""
        said = _one_line(error).rstrip(".")
        raise SendError(f"smtp: {where}: {said}{hint}", "starttls") from None
    except smtplib.SMTPResponseException as error:
        raise SendError(
            f"smtp: {where} said {_reply_text(error)}; nothing was sent", "refused"
        ) from None
    except ssl.SSLCertVerificationError as error:
        raise SendError(
            f"smtp: {where}: the server's certificate cannot be trusted "
            f"({error.verify_message or _one_line(error)})",
            "certificate",
        ) from None
    except (smtplib.SMTPException, OSError) as error:
        reason = _one_line(error) or type(error).__name__
        raise SendError(
            f"smtp: cannot send through {where} ({reason}); check {source.address}",
            "connection",
        ) from None
    return sorted(refused)


def _decode(text: bytes | str) -> str:
    raw = text.decode("utf-8", errors="replace") if isinstance(text, bytes) else text
    return " ".join(raw.split())


def _one_line(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return " ".join(error.strerror.split())
    return " ".join(str(error).split())


def _prepare(message: EmailMessage, sender: str, owner: UserSettings, workspace: Workspace) -> str:
    """Add Date and Message-ID when missing, drop coffeechat's own headers; the Message-ID."""
    import email.utils
    import zoneinfo

    if message.get("Date") is None:
        try:
            zone: dt.tzinfo | None = zoneinfo.ZoneInfo(owner.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            zone = None
        now = workspace.now()
        message["Date"] = email.utils.format_datetime(now.astimezone(zone) if zone else now)
    if message.get("Message-ID") is None:
        domain = sender.rpartition("@")[2] or "coffeechat.invalid"
        message["Message-ID"] = email.utils.make_msgid(domain=domain)
    for name in {k for k in message if k.lower().startswith("x-coffeechat-")}:
        del message[name]
    return str(message["Message-ID"])


def send_message(
    workspace: Workspace, data: bytes, source: str, password: str | None = None
) -> SentMessage:
    """Send an .eml (a draft from `coffeechat draft --eml`, or any e-mail to a contact)
    through the user's SMTP server and log it on the contact's timeline.

    Everything that can be checked is checked before connecting; when the server refuses,
    nothing is logged. ``password`` wins over ``COFFEECHAT_SMTP_PASSWORD`` and the keyring.
    """
    message = parse_eml(data, source)
    contact = _find_contact(workspace, message, source)
    owner = workspace.get_settings()
    if not owner.smtp_host:
        raise SendError(
            "no mail server: set it with `coffeechat settings set smtp_host smtp.example.com` "
            "(and smtp_user, smtp_port, smtp_security as your provider says)"
        )
    if owner.smtp_security == "none" and not _is_loopback(owner.smtp_host):
        raise SendError(
            f"smtp_security none sends in clear text and is allowed only to this computer, "
            f"not {owner.smtp_host}: `coffeechat settings set smtp_security starttls` (or ssl)"
        )
    secret = _password(owner, password)
    sender = _addresses(message, "From", source)[0]
    to = _addresses(message, "To", source)
    recipients = list(dict.fromkeys(to + _addresses(message, "Cc", source)))
    recipients += [a for a in _addresses(message, "Bcc", source) if a not in recipients]
    kind = event_kind(str(message.get(KIND_HEADER) or ""))
    subject = " ".join(str(message["Subject"]).split())
    message_id = _prepare(message, sender, owner, workspace)
    refused = _deliver(owner, message, sender, recipients, secret)
    logged = log_sent(workspace, contact.id, kind, subject)
    return SentMessage(message_id, to, subject, logged, kind, refused)


def log_sent(workspace: Workspace, contact_id: int, kind: EventKind, subject: str) -> Contact:
    """Log a message sent to a contact on their timeline (``kind`` from ``event_kind``),
    as ``send`` does once the server took it, and as the web's "I sent it" does for a
    message sent from the user's own mail program; the contact afterwards."""
    subject = " ".join(subject.split())
    note = f"Sent: {subject}" if subject else "Sent"
    event = workspace.log(str(contact_id), kind.value, note=note)
    return workspace.show_contact(str(event.contact_id)).contact
