"""Where and how to meet: in person near the contact when that is realistic, else a call.

DOMAIN.md: offer to come to them (their office or near it) so they need not travel, or to
do a call instead. In person is offered only when we know their city and they live in the
user's time zone (a proxy for "near enough"); otherwise a video call, phone on request.
"""

from __future__ import annotations

from enum import StrEnum

from coffeechat.core.scheduling import OptionKind


class Format(StrEnum):
    """How the conversation happens."""

    COFFEE = "coffee"
    LUNCH = "lunch"
    PHONE = "phone"
    VIDEO = "video"


def meeting_format(
    kind: OptionKind,
    city: str | None,
    contact_zone: str | None,
    user_zone: str,
    requested: Format | None = None,
) -> Format:
    """The format for an option: the one requested, else in person when near, else video."""
    if requested is not None:
        return requested
    near = city is not None and (contact_zone is None or contact_zone == user_zone)
    if not near:
        return Format.VIDEO
    return Format.LUNCH if kind is OptionKind.LUNCH else Format.COFFEE


def place_text(fmt: Format, city: str | None, company: str | None) -> str:
    """A short description of the place, offering to come to them."""
    where = (f"near {company}" if company else "near your office") + (f" in {city}" if city else "")
    if fmt is Format.COFFEE:
        return f"Coffee {where} (I can come to you)"
    if fmt is Format.LUNCH:
        return f"Lunch {where} (I can come to you)"
    if fmt is Format.PHONE:
        return "Phone call (I will call you)"
    return "Video call (or phone, if you prefer)"
