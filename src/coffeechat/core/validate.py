"""Checks for user input. Each raises InvalidValue naming the field and a valid example."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import TypeVar

from coffeechat.core import limits
from coffeechat.core.errors import InvalidValue

E = TypeVar("E", bound=StrEnum)

_EMAIL = re.compile(
    r"^[^@\s,;<>()\[\]\"\x00-\x1f\x7f-\x9f]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)
_PHONE = re.compile(r"^\+?[0-9 ()./-]{5,25}$")
_HANDLE = re.compile(r"^[A-Za-z0-9_-]{3,100}$")
#: The most rows one ``--limit`` (or one page of the service API) may ask for.
LIMIT_MAX = 10_000

_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
_LINKEDIN = re.compile(r"^(https?://)?([a-z]{2,3}\.)?linkedin\.com/\S+$", re.IGNORECASE)


def name(value: str, field: str = "name", limit: int = limits.NAME) -> str:
    """A person's or company's name (or a title, a city...): not empty, one line, at most
    ``limit`` characters."""
    cleaned = " ".join(value.split())
    if not cleaned:
        raise InvalidValue(field, value, "cannot be empty", "Ada Lovelace")
    return longest(cleaned, limit, field, value)


def longest(cleaned: str, limit: int, field: str, value: str | None = None) -> str:
    """``cleaned`` when it is at most ``limit`` characters long (``core.limits``)."""
    if len(cleaned) > limit:
        raise InvalidValue(
            field,
            cleaned if value is None else value,
            f"is longer than {limit:,} characters ({len(cleaned):,})",
            "a shorter text",
        )
    return cleaned


def line(value: str, field: str, limit: int) -> str | None:
    """An optional one-line text (a title, a city, where you met): spaces collapsed,
    at most ``limit`` characters; None when empty."""
    cleaned = " ".join(value.split())
    return longest(cleaned, limit, field, value) if cleaned else None


def text(value: str, field: str, limit: int = limits.NOTE) -> str | None:
    """An optional text that keeps its line breaks (a note): stripped, at most ``limit``
    characters; None when empty."""
    cleaned = value.strip()
    return longest(cleaned, limit, field, value) if cleaned else None


def count(items: list[str], limit: int, field: str, example: str) -> list[str]:
    """A list of at most ``limit`` items (a contact's e-mails, its tags)."""
    if len(items) > limit:
        raise InvalidValue(field, ", ".join(items), f"holds more than {limit} items", example)
    return items


def email(value: str, field: str = "email") -> str:
    """An e-mail address, stripped; the domain is lower-cased."""
    cleaned = value.strip()
    if len(cleaned) > limits.EMAIL or not _EMAIL.match(cleaned):
        raise InvalidValue(field, value, "not an e-mail address", "ada@example.com")
    local, _, domain = cleaned.rpartition("@")
    return f"{local}@{domain.lower()}"


def phone(value: str, field: str = "phone") -> str:
    """A phone number: digits with optional +, spaces, dots, dashes and brackets."""
    cleaned = value.strip()
    digits = sum(c.isdigit() for c in cleaned)
    if not _PHONE.match(cleaned) or digits < 5:
        raise InvalidValue(field, value, "not a phone number", "+1 212 555 0100")
    return cleaned


def linkedin(value: str, field: str = "linkedin") -> str:
    """A LinkedIn profile URL; a bare handle becomes the full URL."""
    cleaned = value.strip()
    if _HANDLE.match(cleaned):
        return f"https://www.linkedin.com/in/{cleaned}"
    if _LINKEDIN.match(cleaned):
        full = cleaned if cleaned.lower().startswith("http") else f"https://{cleaned}"
        return longest(full, limits.URL, field, value)
    raise InvalidValue(field, value, "not a LinkedIn profile", "https://www.linkedin.com/in/ada")


def url(value: str, field: str = "website") -> str:
    """A web address; ``example.com`` becomes ``https://example.com``."""
    cleaned = value.strip()
    if cleaned and "://" not in cleaned and "." in cleaned and " " not in cleaned:
        cleaned = f"https://{cleaned}"
    if not _URL.match(cleaned):
        raise InvalidValue(field, value, "not a web address", "https://example.com")
    return longest(cleaned, limits.URL, field, value)


def link(value: str, field: str = "link") -> str:
    """A meeting's video link: an http(s) address with no spaces or control characters
    (it goes into an invite and an e-mail as is); ``meet.example.com/x`` gets https://."""
    cleaned = value.strip()
    if any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in cleaned):
        raise InvalidValue(field, value, "has a control character", "https://meet.example.com/abc")
    if cleaned and "://" not in cleaned and "." in cleaned and " " not in cleaned:
        cleaned = f"https://{cleaned}"
    if not _URL.match(cleaned):
        raise InvalidValue(
            field, value, "must be an http:// or https:// address", "https://meet.example.com/abc"
        )
    return longest(cleaned, limits.LINK, field, value)


def timezone(value: str, field: str = "timezone") -> str:
    """An IANA time zone name such as ``America/New_York`` (or ``UTC``)."""
    cleaned = value.strip()
    try:
        if not cleaned or cleaned.startswith(("/", ".")) or ".." in cleaned:
            raise ValueError(cleaned)
        if "/" not in cleaned and cleaned != "UTC":
            # legacy names (EST, CET, EST5EDT) carry no place: no country, no holidays
            raise ValueError(cleaned)
        zoneinfo.ZoneInfo(cleaned)
    except (ValueError, zoneinfo.ZoneInfoNotFoundError):
        raise InvalidValue(field, value, "not an IANA time zone", "Europe/Paris") from None
    return cleaned


def country(value: str, known: Iterable[str], field: str = "country") -> str:
    """An ISO 3166 alpha-2 country code, upper-cased."""
    cleaned = value.strip().upper()
    if cleaned not in set(known):
        raise InvalidValue(field, value, "not an ISO 3166 country code", "US")
    return cleaned


def country_after(
    old_zone: str | None,
    old_country: str | None,
    new_zone: str | None,
    given: str | None,
    zone_countries: Mapping[str, str],
    known: Iterable[str],
) -> str | None:
    """The country once a zone and/or country change: a given code wins; "" derives it
    from the zone; a new zone re-derives a country that was derived from the old one (or
    unset) but keeps one the user chose. Holidays follow this country."""
    if given:
        return country(given, known)
    derived = zone_countries.get(new_zone) if new_zone else None
    if given is not None:  # "" asks for the zone's country
        return derived
    if new_zone == old_zone:
        return old_country
    was_derived = old_country is None or old_country == zone_countries.get(old_zone or "")
    return derived if was_derived else old_country


def choice(enum: type[E], value: str, field: str) -> E:
    """One of an enum's values, case-insensitive."""
    try:
        return enum(value.strip().lower())
    except ValueError:
        options = "|".join(e.value for e in enum)
        raise InvalidValue(
            field, value, f"must be one of {options}", next(iter(enum)).value
        ) from None


#: How the date range reads in errors.
DATE_RANGE = f"{limits.FIRST_DAY.year}-{limits.LAST_DAY.year}"


def date(value: str, field: str) -> dt.date:
    """A calendar date written YYYY-MM-DD, from 1900 to 2100 (``core.limits``)."""
    try:
        parsed = dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidValue(field, value, "not a date (YYYY-MM-DD)", "2026-11-27") from None
    return in_range(parsed, field, value)


def in_range(day: dt.date, field: str, value: object = None) -> dt.date:
    """``day`` when it falls from 1900 to 2100 (``core.limits``); else InvalidValue."""
    if not limits.FIRST_DAY <= day <= limits.LAST_DAY:
        raise InvalidValue(
            field,
            day.isoformat() if value is None else value,
            f"is outside the years {DATE_RANGE} coffeechat accepts",
            "2026-11-27",
        )
    return day


def instant(value: str, zone: str, field: str = "at") -> dt.datetime:
    """An ISO 8601 date-time from 1900 to 2100; without an offset it is read in ``zone``.
    Returns aware UTC."""
    try:
        parsed = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise InvalidValue(field, value, "not an ISO 8601 date-time", "2026-11-27T14:30") from None
    in_range(parsed.date(), field, value)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=zoneinfo.ZoneInfo(zone))
    return parsed.astimezone(dt.UTC)


def not_later(when: dt.datetime, now: dt.datetime, field: str, value: object) -> dt.datetime:
    """A fact that already happened (a reply, a meeting held) is not dated in the future:
    later than ``limits.FUTURE_SLACK`` after ``now`` is a typo in the date. The example
    in the error is the day of ``now`` in its own offset: give it in the user's zone."""
    if when > now + limits.FUTURE_SLACK:
        raise InvalidValue(
            field,
            value,
            "is in the future, and this is something that already happened",
            now.date().isoformat(),
        )
    return when


#: Characters that have no place in a header line of an e-mail: CR, LF and the other
#: control characters (a CR LF would start a header of the sender's choosing).
_HEADER_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


#: A host name or an IP address (an IPv6 one in brackets or bare).
_HOST = re.compile(r"^(?:[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?\.?)+$|^\[?[0-9A-Fa-f:.]+\]?$")


def host(value: str, field: str = "host") -> str:
    """A host name (``smtp.example.com``) or an IP address; "" stays "" (unset). Only
    letters, digits, dots, dashes and the colons of an IPv6 address: nothing that could
    end an SMTP command or a header line."""
    cleaned = value.strip()
    if cleaned and (len(cleaned) > limits.HOST or not _HOST.match(cleaned)):
        raise InvalidValue(field, value, "not a host name", "smtp.example.com")
    return cleaned


def header_safe(value: str, field: str, example: str) -> str:
    """A value that goes into an e-mail header or an SMTP command: one line, no control
    characters."""
    if _HEADER_UNSAFE.search(value):
        raise InvalidValue(field, value, "holds a line break or a control character", example)
    return value


def tag(value: str, field: str = "tag") -> str:
    """A tag: one word or phrase, lower-cased, without commas."""
    cleaned = " ".join(value.split()).lower()
    if not cleaned or "," in cleaned or len(cleaned) > limits.TAG:
        raise InvalidValue(
            field, value, f"a tag is 1-{limits.TAG} characters without commas", "fintech"
        )
    return cleaned


def int_range(value: int, low: int, high: int, field: str) -> int:
    """An integer within [low, high]."""
    if not low <= value <= high:
        raise InvalidValue(field, value, f"must be between {low} and {high}", str(high))
    return value


def score(value: int | str, low: int, high: int, field: str) -> int | None:
    """A LAMP score: a whole number within [low, high]; an empty text clears it (None)."""
    if isinstance(value, str):
        if not value.strip():
            return None
        try:
            value = int(value.strip())
        except ValueError:
            raise InvalidValue(
                field, value, f"must be a whole number between {low} and {high}", str(high)
            ) from None
    return int_range(value, low, high, field)


def yes_no(value: str, field: str) -> bool:
    """``yes``/``no`` (also true/false, y/n, 1/0)."""
    cleaned = value.strip().lower()
    if cleaned in {"yes", "y", "true", "1"}:
        return True
    if cleaned in {"no", "n", "false", "0"}:
        return False
    raise InvalidValue(field, value, "must be yes or no", "yes")
