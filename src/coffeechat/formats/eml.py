"""E-mail messages in: the subject and plain-text body of an .eml file or of plain text."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from coffeechat.core.errors import CoffeechatError

_HEADER = re.compile(r"^[A-Za-z][A-Za-z0-9-]*:[ \t]")
_TAG = re.compile(r"<[^>]+>")
_BLOCK = re.compile(r"</?(p|div|br|li|tr|h[1-6])\b[^>]*>", re.IGNORECASE)


class MessageReadError(CoffeechatError):
    """A message file that cannot be read as text or e-mail."""


@dataclass(frozen=True)
class Message:
    """What a checker needs of a message: its subject (if any) and its body as text."""

    subject: str | None
    body: str


def looks_like_eml(data: bytes) -> bool:
    """Whether the bytes start with e-mail headers (From:, Subject:, ...) and a blank line."""
    head = data[:4096].decode("utf-8", errors="replace").replace("\r\n", "\n")
    lines = head.split("\n")
    headers = 0
    for line in lines:
        if not line.strip():
            return headers >= 2
        if _HEADER.match(line):
            headers += 1
        elif not line[:1].isspace():  # not a folded header line either
            return False
    return False


def _text_of_html(markup: str) -> str:
    text = _BLOCK.sub("\n", markup)
    return html.unescape(_TAG.sub("", text))


def read_message(data: bytes, source: str, *, exact: bool = False) -> Message:
    """A message from an .eml file or from plain text (UTF-8, or UTF-16 with a BOM).
    Plain text is kept ``exact`` (as decoded, so offsets into it are offsets into what
    was given) or with its line ends as "\\n" and no blank space around it."""
    if looks_like_eml(data):
        import email
        import email.policy
        from email.message import EmailMessage

        parsed = email.message_from_bytes(data, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        part = parsed.get_body(preferencelist=("plain", "html"))
        if part is None:
            raise MessageReadError(f"{source}: the e-mail has no text part to check")
        try:
            content = part.get_content()
        except (LookupError, ValueError) as error:
            raise MessageReadError(
                f"{source}: the e-mail body cannot be decoded ({error})"
            ) from None
        body = _text_of_html(content) if part.get_content_subtype() == "html" else content
        subject = parsed.get("Subject")
        return Message(str(subject) if subject else None, body.strip())
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise MessageReadError(
                f"{source}: not UTF-8 text; save the message as UTF-8 or as an .eml file"
            ) from None
    return Message(None, text if exact else text.replace("\r\n", "\n").strip())


#: Headers that tie a drafted .eml to its contact and kind, for `coffeechat send`.
KIND_HEADER = "X-Coffeechat-Kind"
CONTACT_HEADER = "X-Coffeechat-Contact"


#: What has no place in a header line: line breaks and the other control characters
#: (a name restored from an old backup may hold them).
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def header_text(text: str) -> str:
    """A text as one header line: every control character or line break a space, spaces
    collapsed, so no value can end a header and start another."""
    return " ".join(_UNSAFE.sub(" ", text).split())


def write_eml(
    *,
    sender: tuple[str, str | None],
    recipient: tuple[str, str | None],
    subject: str,
    body: str,
    kind: str,
    contact_id: int,
) -> bytes:
    """A draft as an .eml file (UTF-8 plain text) that mail programs open and `send` reads.

    ``sender``/``recipient`` are (name, e-mail or None); a missing address leaves the
    header with the name only, for the user to complete.
    """
    from email.headerregistry import Address
    from email.message import EmailMessage

    def address(person: tuple[str, str | None]) -> str:
        name, email = person
        name = header_text(name)
        if not email:
            return name
        local, _, domain = header_text(email).rpartition("@")
        return str(Address(display_name=name, username=local, domain=domain))

    message = EmailMessage()
    message["From"] = address(sender)
    message["To"] = address(recipient)
    message["Subject"] = header_text(subject)
    message[KIND_HEADER] = kind
    message[CONTACT_HEADER] = str(contact_id)
    message.set_content(body)
    return message.as_bytes()
