"""Busy-time calendars: reading files, URLs and CalDAV servers (bounded in bytes and time,
with a cached copy); the rules of a download are in ``coffeechat.service.downloads``, the
CalDAV reading in ``coffeechat.service.caldav``."""

from __future__ import annotations

import datetime as dt
import ipaddress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from coffeechat.core.errors import CoffeechatError, InvalidValue

#: The largest calendar read, from a file or a URL (read at call time: tests lower it).
MAX_CALENDAR_BYTES = 50 * 1024 * 1024
#: How a CalDAV calendar is written: its address after ``caldav+``, with the user name.
CALDAV_PREFIX = "caldav+"
CALDAV_EXAMPLE = "caldav+https://ada@cloud.example.com/remote.php/dav/calendars/ada/personal/"
#: How a calendar uploaded on the web is named: ``upload:FILENAME``. Its bytes are the
#: stored copy, and nothing is read again (upload it again to change it).
UPLOAD_PREFIX = "upload:"


class CalendarUnavailable(CoffeechatError):
    """A calendar file, URL or CalDAV server could not be read."""


@dataclass(frozen=True)
class Source:
    """A calendar source as the user gave it: a file path, an http(s)/webcal URL, or a
    CalDAV calendar (``caldav+https://USER@HOST/PATH``; never a password)."""

    text: str
    is_url: bool

    @property
    def is_caldav(self) -> bool:
        return self.text.lower().startswith(("caldav+https://", "caldav+http://"))

    @property
    def is_upload(self) -> bool:
        return not self.is_url and self.text.startswith(UPLOAD_PREFIX)

    @property
    def kind(self) -> str:
        """``file``, ``url``, ``caldav`` or ``upload`` (a file uploaded on the web)."""
        if self.is_upload:
            return "upload"
        return "caldav" if self.is_caldav else "url" if self.is_url else "file"

    @property
    def url(self) -> str:
        """The URL to fetch (webcal:// is fetched over https; a CalDAV address without
        ``caldav+`` and its user name)."""
        if self.text.lower().startswith("webcal://"):
            return "https://" + self.text[len("webcal://") :]
        if self.is_caldav:
            parts = urlsplit(self.text[len(CALDAV_PREFIX) :])
            netloc = parts.netloc.rsplit("@", 1)[-1]
            return parts._replace(netloc=netloc).geturl()
        return self.text

    @property
    def user(self) -> str:
        """The user name of a CalDAV calendar ("" for the others)."""
        if not self.is_caldav:
            return ""
        return unquote(urlsplit(self.text[len(CALDAV_PREFIX) :]).username or "")


def parse_source(text: str, caldav: bool = False, user: str | None = None) -> Source:
    """Recognise a URL, a CalDAV calendar or a file; a file is stored by its absolute path.

    ``caldav`` (or a ``caldav+`` address) makes ``text`` a CalDAV calendar, whose user
    name is ``user`` or the one in the address.
    """
    cleaned = text.strip()
    lowered = cleaned.lower()
    if caldav or user is not None or lowered.startswith(CALDAV_PREFIX):
        return _caldav_source(cleaned, user)
    if lowered.startswith(("http://", "https://", "webcal://")):
        return Source(cleaned, True)
    if lowered.startswith(UPLOAD_PREFIX):
        raise InvalidValue(
            "calendar",
            cleaned,
            "upload: names a file uploaded on the web's Settings page: give a file or an address",
            "~/Downloads/work.ics",
        )
    if "://" in cleaned:
        raise InvalidValue(
            "calendar",
            cleaned,
            "only files, http(s)/webcal URLs and caldav+https:// addresses",
            "~/Downloads/work.ics",
        )
    return Source(str(Path(cleaned).expanduser().resolve()), False)


def _caldav_source(text: str, user: str | None) -> Source:
    address = text[len(CALDAV_PREFIX) :] if text.lower().startswith(CALDAV_PREFIX) else text
    parts = urlsplit(address)
    scheme = parts.scheme.lower()
    if parts.password is not None:
        # The address is never repeated: it holds a password.
        raise InvalidValue(
            "calendar",
            "(an address with a password)",
            "must not hold the password: give the user name only, and the password in "
            "COFFEECHAT_CALDAV_PASSWORD or your keyring",
            CALDAV_EXAMPLE,
        )
    if scheme not in ("http", "https"):
        raise InvalidValue("calendar", text, "is not a CalDAV address", CALDAV_EXAMPLE)
    try:
        host, port = parts.hostname, parts.port
    except ValueError:
        raise InvalidValue("calendar", text, "has a bad port", CALDAV_EXAMPLE) from None
    if not host:
        raise InvalidValue("calendar", text, "has no host", CALDAV_EXAMPLE)
    named = unquote(parts.username) if parts.username else None
    name = (user or "").strip() or named
    if user is not None and named is not None and user.strip() != named:
        raise InvalidValue(
            "user", user, f"differs from the user name in the address ({named})", "--user ada"
        )
    if not name:
        raise InvalidValue(
            "calendar",
            text,
            "needs a user name: add --user NAME, or write it in the address",
            CALDAV_EXAMPLE,
        )
    if scheme == "http" and not _loopback(host):
        raise InvalidValue(
            "calendar",
            text,
            "uses plain http, which would send your password unencrypted: use https "
            "(plain http is allowed for a server on this computer only)",
            CALDAV_EXAMPLE,
        )
    where = f"[{host}]" if ":" in host else host
    netloc = f"{quote(name, safe='')}@{where}" + (f":{port}" if port else "")
    clean = parts._replace(scheme=scheme, netloc=netloc, path=parts.path or "/", fragment="")
    return Source(CALDAV_PREFIX + clean.geturl(), True)


def _loopback(host: str) -> bool:
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def read_source(source: Source, now: dt.datetime) -> bytes:
    """The calendar's bytes, fresh; CalendarUnavailable when it cannot be read (past
    ``MAX_CALENDAR_BYTES``, or a download refused, failed or slower than its deadline).
    ``now`` starts the weeks read from a CalDAV server."""
    from coffeechat.formats import files

    if source.is_upload:  # nothing to read again: its stored copy is all there is
        raise CalendarUnavailable(f"{source.text}: uploaded, read from its stored copy")
    if not source.is_url:
        try:
            return files.read_bytes(source.text, MAX_CALENDAR_BYTES, "a calendar")
        except files.FileTrouble as error:
            raise CalendarUnavailable(str(error)) from None
    from coffeechat.service import downloads

    try:
        if source.is_caldav:
            from coffeechat.service import caldav

            try:
                return caldav.read(source, now, MAX_CALENDAR_BYTES)
            except caldav.CalDAVTrouble as error:
                raise CalendarUnavailable(str(error)) from None
        return downloads.download(source.url, MAX_CALENDAR_BYTES, "a calendar", source.text)
    except (downloads.DownloadFailed, files.FileTrouble) as error:
        raise CalendarUnavailable(str(error)) from None


def describe_age(fetched_at: dt.datetime | None, now: dt.datetime) -> str:
    """``3 h ago``-style age of a cached copy."""
    if fetched_at is None:
        return "never"
    hours = (now - fetched_at).total_seconds() / 3600
    return f"{hours:.0f} h ago" if hours < 48 else f"{hours / 24:.0f} days ago"
