"""Busy time from a CalDAV server (Nextcloud, Fastmail, iCloud, Radicale...).

The ``caldav`` package speaks the protocol: it builds the PROPFIND and REPORT queries
and reads the multistatus answers. Every HTTP request it makes goes through
``coffeechat.service.downloads.request`` instead of its own HTTP library, so a CalDAV
server gets the rules of a calendar URL: checked addresses (no link-local or cloud
metadata address), one deadline for the whole read, a byte cap on every answer and on
the whole, redirects checked one by one, and the password sent to the calendar's own
scheme, host and port only (Basic authentication, which Nextcloud, Fastmail, iCloud and
Radicale use).

What is read, from the calendar the address names (or, when it names a server or an
account, every calendar of the account):

- the events of the next ``DAYS`` days, with a time-range calendar-query. Coffeechat
  expands them itself, so all-day events and floating times fall on the user's own days
  (a free/busy answer gives them in UTC on Radicale: an all-day event on Thursday would
  leave Thursday evening free in New York) and one bad event is dealt with as in a file;
- where the server does not give events (a calendar shared as free/busy only, a server
  without calendar-query), its free/busy, with a free-busy-query REPORT.

The result is one iCalendar document (the calendars' objects one after the other, or
their VFREEBUSY blocks), cached and read like the body of a calendar URL.

The password comes from ``COFFEECHAT_CALDAV_PASSWORD`` or the system keyring (service
``coffeechat-caldav``, account ``USER@HOST``); it is never stored in the workspace, and
never in a message: messages name the calendar as it was added (``caldav+https://
USER@HOST/PATH``), which holds no password.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import logging
import os
import warnings
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from coffeechat.service import downloads

if TYPE_CHECKING:
    from coffeechat.service.calendars import Source

#: Days of events read from today (the longest proposal looks 60 days ahead).
DAYS = 62
#: The environment variable that holds the password (for every CalDAV calendar).
PASSWORD_ENV = "COFFEECHAT_CALDAV_PASSWORD"
#: The keyring service under which passwords are looked up, by account ``USER@HOST``.
KEYRING_SERVICE = "coffeechat-caldav"

_EMPTY = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//coffeechat//caldav//EN\r\nEND:VCALENDAR\r\n"


class CalDAVTrouble(Exception):
    """A CalDAV calendar could not be read; the message names it (never the password)."""


def keyring_account(source: Source) -> str:
    """The keyring account of a CalDAV calendar: ``USER@HOST`` (``USER@HOST:PORT``)."""
    return f"{source.user}@{urlsplit(source.url).netloc}"


def password(source: Source) -> str:
    """The password of a CalDAV calendar, from the environment or the system keyring."""
    found = os.environ.get(PASSWORD_ENV)
    if found:
        return found
    account = keyring_account(source)
    why = "it is not in your keyring"
    try:
        import keyring
        import keyring.errors
    except ImportError:
        why = "the keyring package is not installed"
    else:
        try:
            stored = keyring.get_password(KEYRING_SERVICE, account)
        except keyring.errors.NoKeyringError:
            why = "this computer has no system keyring"
        except Exception:  # a locked or broken keyring backend
            why = "the system keyring could not be read"
        else:
            if stored:
                return stored
    raise CalDAVTrouble(
        f"{source.text}: no password ({why}): set {PASSWORD_ENV}, or store it with "
        f"`keyring set {KEYRING_SERVICE} {account}`"
    )


def read(source: Source, now: dt.datetime, limit: int) -> bytes:
    """Busy time of the next ``DAYS`` days as one iCalendar document (at most ``limit``
    bytes). Raises ``CalDAVTrouble``, or ``downloads.DownloadFailed`` / ``TooLarge``
    when a request breaks a rule of downloads."""
    secret = password(source)
    start = now.astimezone(dt.UTC) - dt.timedelta(days=1)
    end = start + dt.timedelta(days=DAYS + 1)
    transport = _Transport(source, secret, limit)
    with _quiet():
        from caldav.lib import error

        try:
            client = _client(source, secret, transport)
            parts = _busy_of_all(_calendars(client, source), start, end)
            if not parts:
                raise CalDAVTrouble(f"{source.text}: none of the account's calendars can be read")
        except error.AuthorizationError as failure:
            if getattr(failure, "status", None) == 403:
                raise CalDAVTrouble(
                    f"{source.text}: the server refused access to this calendar (403)"
                ) from None
            raise CalDAVTrouble(
                f"{source.text}: the server refused the user name or password (401): check "
                f"them (the password comes from {PASSWORD_ENV} or your keyring)"
            ) from None
        except error.NotFoundError:
            raise CalDAVTrouble(f"{source.text}: no calendar at this address (404)") from None
        except (downloads.DownloadFailed, CalDAVTrouble):
            raise
        except Exception as failure:
            if type(failure).__name__ == "TooLarge":
                raise
            # What the server sent is never quoted; the kind of failure is enough.
            raise CalDAVTrouble(
                f"{source.text}: the server's answer is not CalDAV ({type(failure).__name__}); "
                "check the address"
            ) from None
    data = b"".join(parts) or _EMPTY
    if len(data) > limit:
        from coffeechat.formats.files import TooLarge

        raise TooLarge(source.text, limit, "a calendar")
    return data


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """No log line or Python warning from the caldav package: its debug lines hold the
    request headers (the password), its warnings are not for the user."""
    logger = logging.getLogger("caldav")
    saved = (logger.level, logger.propagate, list(logger.handlers))
    logger.setLevel(logging.CRITICAL + 1)
    logger.propagate = False
    logger.handlers = [logging.NullHandler()]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(saved[0])
        logger.propagate = saved[1]
        logger.handlers = saved[2]


def _client(source: Source, secret: str, transport: _Transport) -> Any:
    from caldav.davclient import DAVClient

    client: Any = DAVClient(
        url=source.url,
        username=source.user,
        password=secret,
        auth_type="basic",
        enable_rfc6764=False,
        timeout=int(downloads.READ_TIMEOUT),
    )
    client.session.close()
    client.session = transport
    return client


def _calendars(client: Any, source: Source) -> list[Any]:
    """The calendar the address names, or every calendar of the account."""
    from caldav.collection import Calendar
    from caldav.elements import dav
    from caldav.lib import error

    named: Any = Calendar(client=client, url=source.url)
    kinds = named.get_properties([dav.ResourceType()]).get("{DAV:}resourcetype")
    if "calendar" in str(kinds):
        return [named]
    try:
        found = list(client.principal().calendars())
    except error.DAVError:
        found = []
    if not found:
        raise CalDAVTrouble(f"{source.text}: no calendar at this address or in this account")
    return found


def _busy_of_all(calendars: list[Any], start: dt.datetime, end: dt.datetime) -> list[bytes]:
    """The busy time of each calendar. Of an account's calendars, one that refuses both
    queries (a task list, a calendar shared without rights) is passed over, unless all do."""
    from caldav.lib import error

    parts = []
    for calendar in calendars:
        try:
            parts.append(_busy_of(calendar, start, end))
        except error.DAVError as failure:
            if len(calendars) == 1 or getattr(failure, "status", None) == 401:
                raise
    return parts


def _busy_of(calendar: Any, start: dt.datetime, end: dt.datetime) -> bytes:
    """A calendar's events in [start, end), or its free/busy when it gives no events."""
    from caldav.lib import error

    try:
        found = calendar.search(start=start, end=end, event=True, expand=False, post_filter=False)
    except (error.ReportError, error.AuthorizationError):
        answer = calendar.freebusy_request(start, end)
        return _bytes(answer.data)
    return b"".join(_bytes(item.data) for item in found)


def _bytes(data: Any) -> bytes:
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else str(data or "")
    text = text.strip()
    return (text.replace("\r\n", "\n").replace("\n", "\r\n") + "\r\n").encode() if text else b""


class _Response:
    """What the caldav package reads of an HTTP answer."""

    def __init__(self, answer: downloads.Answer) -> None:
        from caldav.lib.http_sync import CaseInsensitiveDict

        self.status_code = answer.status
        self.reason = answer.reason
        self.headers = CaseInsensitiveDict(answer.headers)
        self.content = answer.body
        self.text = answer.body.decode("utf-8", "replace")
        self.url = answer.url


class _Transport:
    """Stands in for the caldav package's HTTP session: each request goes through
    ``downloads.request``, under one deadline for the whole read."""

    def __init__(self, source: Source, secret: str, limit: int) -> None:
        self.source = source
        self.limit = limit
        self.clock = downloads.new_clock(source.text)
        token = base64.b64encode(f"{source.user}:{secret}".encode()).decode("ascii")
        self.secret_headers = {"Authorization": f"Basic {token}"}
        self.origin = urlsplit(source.url)
        self.read = 0  # bytes of every answer so far: the whole read has one cap

    def request(
        self,
        method: str,
        url: str,
        data: bytes | str | None = None,
        headers: Any = None,
        **_ignored: Any,
    ) -> _Response:
        parts = urlsplit(str(url))
        if (parts.scheme, parts.netloc) != (self.origin.scheme, self.origin.netloc):
            # The caldav package joins every URL onto the calendar's; a server that
            # names another host in its answer is not followed there.
            raise CalDAVTrouble(f"{self.source.text}: the server pointed to another host")
        body = data.encode() if isinstance(data, str) else data
        sent = {
            str(k): str(v)
            for k, v in dict(headers or {}).items()
            if str(k).lower() != "authorization"
        }
        answer = downloads.request(
            method,
            str(url),
            self.limit,
            "a calendar",
            self.source.text,
            body=body or None,
            headers=sent,
            secret_headers=self.secret_headers,
            clock=self.clock,
        )
        self.read += len(answer.body)
        if self.read > self.limit:
            from coffeechat.formats.files import TooLarge

            raise TooLarge(self.source.text, self.limit, "a calendar")
        return _Response(answer)

    def close(self) -> None:
        """Nothing to close: each request closes its own connection."""
