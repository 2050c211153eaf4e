"""Busy-time calendars: reading files and URLs (with a timeout and a cached copy)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from coffeechat.core.errors import CoffeechatError, InvalidValue

FETCH_TIMEOUT = 10.0  # seconds
MAX_CALENDAR_BYTES = 50 * 1024 * 1024


class CalendarUnavailable(CoffeechatError):
    """A calendar file or URL could not be read."""


@dataclass(frozen=True)
class Source:
    """A calendar source as the user gave it: a file path or an http(s)/webcal URL."""

    text: str
    is_url: bool

    @property
    def url(self) -> str:
        """The URL to fetch (webcal:// is fetched over https)."""
        if self.text.lower().startswith("webcal://"):
            return "https://" + self.text[len("webcal://") :]
        return self.text


def parse_source(text: str) -> Source:
    """Recognise a URL or a file; a file is stored by its absolute path."""
    cleaned = text.strip()
    lowered = cleaned.lower()
    if lowered.startswith(("http://", "https://", "webcal://")):
        return Source(cleaned, True)
    if "://" in cleaned:
        raise InvalidValue(
            "calendar", cleaned, "only files and http(s)/webcal URLs", "~/Downloads/work.ics"
        )
    return Source(str(Path(cleaned).expanduser().resolve()), False)


def read_source(source: Source) -> bytes:
    """The calendar's bytes, fresh; CalendarUnavailable when it cannot be read."""
    if not source.is_url:
        path = Path(source.text)
        try:
            if path.stat().st_size > MAX_CALENDAR_BYTES:
                raise CalendarUnavailable(f"{source.text}: larger than 50 MB, not read")
            return path.read_bytes()
        except OSError as error:
            raise CalendarUnavailable(f"{source.text}: {error.strerror or error}") from None
    import urllib.error
    import urllib.request

    request = urllib.request.Request(source.url, headers={"User-Agent": "coffeechat"})
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:
            data: bytes = response.read(MAX_CALENDAR_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise CalendarUnavailable(f"{source.text}: the server answered {error.code}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", None) or error
        raise CalendarUnavailable(f"{source.text}: could not be reached ({reason})") from None
    if len(data) > MAX_CALENDAR_BYTES:
        raise CalendarUnavailable(f"{source.text}: larger than 50 MB, not read")
    return data


def describe_age(fetched_at: dt.datetime | None, now: dt.datetime) -> str:
    """``3 h ago``-style age of a cached copy."""
    if fetched_at is None:
        return "never"
    hours = (now - fetched_at).total_seconds() / 3600
    return f"{hours:.0f} h ago" if hours < 48 else f"{hours / 24:.0f} days ago"
