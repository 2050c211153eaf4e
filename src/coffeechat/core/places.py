"""Where and how to meet: in person near the contact when that is realistic, else a call.

DOMAIN.md: offer to come to them (their office or near it) so they need not travel, or to
do a call instead. In person is offered only when the contact's city is one the user can
get to: the user's ``cities`` setting, else the city of the user's time zone
(``America/Chicago``: Chicago). Anywhere else, a video call, phone on request.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import StrEnum

from coffeechat.core.scheduling import OptionKind


class Format(StrEnum):
    """How the conversation happens."""

    COFFEE = "coffee"
    LUNCH = "lunch"
    PHONE = "phone"
    VIDEO = "video"


IN_PERSON: frozenset[Format] = frozenset({Format.COFFEE, Format.LUNCH})


def _city_key(city: str) -> str:
    """``new york`` for ``New York``, ``New York, NY`` or ``new  york``: what two spellings
    of one city share."""
    return " ".join(city.split(",")[0].split()).casefold()


def zone_city(zone: str) -> str | None:
    """The city a time zone is named after: ``Buenos Aires`` for
    ``America/Argentina/Buenos_Aires``; None for ``UTC`` and the like."""
    if "/" not in zone or zone.startswith("Etc/"):
        return None
    return zone.rsplit("/", 1)[1].replace("_", " ")


def parse_cities(text: str | None) -> tuple[str, ...]:
    """The cities of a ``cities`` setting ("Chicago, Evanston"; commas, semicolons or one a
    line), as written, without repeats."""
    out: list[str] = []
    for part in re.split(r"[,;\n]", text or ""):
        city = " ".join(part.split())
        if city and _city_key(city) not in {_city_key(c) for c in out}:
            out.append(city)
    return tuple(out)


def home_cities(setting: str | None, user_zone: str) -> tuple[str, ...]:
    """The cities the user can meet in: their ``cities`` setting, else the city of their
    time zone."""
    cities = parse_cities(setting)
    if cities:
        return cities
    own = zone_city(user_zone)
    return (own,) if own else ()


def is_near(city: str | None, cities: Sequence[str]) -> bool:
    """Whether a contact in ``city`` is near enough to meet in person: it is one of the
    user's cities."""
    if not city or not city.strip():
        return False
    return _city_key(city) in {_city_key(c) for c in cities}


def meeting_format(
    kind: OptionKind,
    city: str | None,
    cities: Sequence[str],
    requested: Format | None = None,
) -> Format:
    """The format for an option: the one requested, else in person when the contact's
    city is one of the user's ``cities``, else video."""
    if requested is not None:
        return requested
    if not is_near(city, cities):
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


def format_phrase(fmt: Format, city: str | None, company: str | None) -> str:
    """The format as a draft says it once for all the options: "a video call",
    "a coffee near Stripe in San Francisco"."""
    where = (f"near {company}" if company else "near your office") + (f" in {city}" if city else "")
    if fmt is Format.COFFEE:
        return f"a coffee {where}"
    if fmt is Format.LUNCH:
        return f"lunch {where}"
    if fmt is Format.PHONE:
        return "a phone call"
    return "a video call"


def flexibility(formats: Sequence[Format], places_said: bool = False) -> str:
    """The sentence that says the user can change the place or the medium: coming to the
    contact only when something in person is on offer (``places_said``: the lines of the
    options already offer it, so only a call is left to offer)."""
    kinds = set(formats)
    if kinds & IN_PERSON and places_said:
        return "We can also do a call instead, if that's easier."
    if kinds & IN_PERSON:
        return "I can also come to your office, or we can do a call instead."
    if kinds == {Format.PHONE}:
        return "I'm flexible, and happy to do a video call instead."
    if kinds == {Format.VIDEO}:
        return "I'm flexible, and happy to talk by phone instead."
    return "I'm flexible: by video or by phone, whichever suits you."
