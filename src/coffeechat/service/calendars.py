"""Busy-time calendars: reading files and URLs (bounded in bytes and time, with a cached
copy); the rules of a download are in ``coffeechat.service.downloads``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from coffeechat.core.errors import CoffeechatError, InvalidValue

#: The largest calendar read, from a file or a URL (read at call time: tests lower it).
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
    """The calendar's bytes, fresh; CalendarUnavailable when it cannot be read (past
    ``MAX_CALENDAR_BYTES``, or a download refused, failed or slower than its deadline)."""
    from coffeechat.formats import files

    if not source.is_url:
        try:
            return files.read_bytes(source.text, MAX_CALENDAR_BYTES, "a calendar")
        except files.FileTrouble as error:
            raise CalendarUnavailable(str(error)) from None
    from coffeechat.service import downloads

    try:
        return downloads.download(source.url, MAX_CALENDAR_BYTES, "a calendar", source.text)
    except (downloads.DownloadFailed, files.FileTrouble) as error:
        raise CalendarUnavailable(str(error)) from None


def describe_age(fetched_at: dt.datetime | None, now: dt.datetime) -> str:
    """``3 h ago``-style age of a cached copy."""
    if fetched_at is None:
        return "never"
    hours = (now - fetched_at).total_seconds() / 3600
    return f"{hours:.0f} h ago" if hours < 48 else f"{hours / 24:.0f} days ago"
