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


def read_message(data: bytes, source: str) -> Message:
    """A message from an .eml file or from plain text (UTF-8, or UTF-16 with a BOM)."""
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
    return Message(None, text.replace("\r\n", "\n").strip())
