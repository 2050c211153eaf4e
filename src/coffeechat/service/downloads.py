"""Downloading a file the user named by URL (a calendar), with every limit in one place.

- Only ``http`` and ``https``: ``file:``, ``ftp:`` and the rest are refused.
- The host name is resolved once, every address it resolves to is checked, and the
  connection goes to a checked address only (a name that resolves to something else a
  second later, "DNS rebinding", gains nothing). Link-local addresses
  (169.254.0.0/16, fe80::/10, where clouds answer with their machines' credentials) and
  the cloud metadata services (169.254.169.254, fd00:ec2::254, 100.100.100.200,
  metadata.google.internal...) are refused; loopback and private networks are allowed
  (a CalDAV server at home, the tests' 127.0.0.1), except inside ``public_only()``: the
  team server downloads for people who are not its admin, so it reaches public
  addresses only (its own network, a database or an admin page beside it, is no
  one's calendar) unless its admin allows private ones.
- Redirects (at most ``MAX_REDIRECTS``) are followed by hand, each one checked the same.
- The whole download, redirects included, has ``DEADLINE`` seconds: each read waits at
  most the time left (and ``READ_TIMEOUT``), and a timer closes the connection when the
  time is up, so a server that sends one byte a second cannot hold coffeechat.
- At most ``limit`` bytes of body are read; more is refused (the Content-Length is
  checked first when the server gives one).
- Errors say what went wrong (the status, too large, too slow, a refused address), never
  what the server sent.

``download`` GETs a body; ``request`` sends any method (the PROPFIND and REPORT of a
CalDAV server) under the same rules, with headers that go to the first URL's host only
(the password), and a deadline that several requests can share.
"""

from __future__ import annotations

import contextlib
import contextvars
import ipaddress
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import SplitResult, urljoin, urlsplit

from coffeechat.core.errors import CoffeechatError

if TYPE_CHECKING:
    import http.client

#: Seconds for a whole download, redirects included (read at call time: tests lower it).
DEADLINE = 30.0
#: Seconds one connection or one read may wait (never more than what is left of DEADLINE).
READ_TIMEOUT = 10.0
#: Redirects followed before giving up.
MAX_REDIRECTS = 5
#: How much is read at a time.
CHUNK = 64 * 1024

#: Host names of cloud metadata services, refused before they are even resolved.
METADATA_NAMES = frozenset(
    {"metadata", "metadata.google.internal", "metadata.goog", "metadata.azure.internal"}
)
#: Addresses of cloud metadata services that are not link-local (AWS over IPv6, Alibaba,
#: Oracle's legacy address); the link-local ones are refused as link-local.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a) for a in ("fd00:ec2::254", "100.100.100.200", "192.0.0.192")
)


#: Whether only public addresses may be reached (``public_only``): per request, so one
#: process can serve the team and run the tests' local apps side by side.
_PUBLIC_ONLY: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "coffeechat_public_only", default=False
)


@contextlib.contextmanager
def public_only(on: bool = True) -> Iterator[None]:
    """Downloads inside (and in the threads the block hands work to, which copy its
    context) reach public addresses only: loopback, private networks and every other
    address that is not global are refused."""
    token = _PUBLIC_ONLY.set(on)
    try:
        yield
    finally:
        _PUBLIC_ONLY.reset(token)


class DownloadFailed(CoffeechatError):
    """A URL could not be downloaded; the message names it and says why (never quoting
    what the server sent)."""

    def __init__(self, url: str, problem: str) -> None:
        self.url = url
        self.problem = problem
        super().__init__(f"{url}: {problem}")


def refused_address(address: str) -> str | None:
    """What an IP address is when coffeechat will not connect to it ("a link-local
    address"), or None when it may."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip in METADATA_ADDRESSES or str(ip) == "169.254.169.254":
        return "a cloud metadata address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_multicast or ip.is_unspecified:
        return "not a server's address"
    if _PUBLIC_ONLY.get() and not ip.is_global:
        return "not a public address (the team server reaches public addresses only)"
    return None


def _resolve(url: str, host: str, port: int, clock: _Clock) -> list[Any]:
    """``getaddrinfo`` within the time left (a resolver may wait far longer)."""
    answer: list[Any] = []

    def run() -> None:
        try:
            answer.append(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
        except (OSError, UnicodeError) as error:
            answer.append(error)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(clock.timeout())
    if not answer:
        raise (
            clock.too_slow()
            if clock.end <= time.monotonic()
            else DownloadFailed(
                url, f"could not be reached ({host}: the name server did not answer)"
            )
        )
    if isinstance(answer[0], BaseException):
        raise DownloadFailed(url, f"could not be reached ({_reason(answer[0])})")
    return list(answer[0])


def _addresses(url: str, host: str, port: int, clock: _Clock) -> list[tuple[int, str]]:
    """The checked addresses of ``host`` as (family, address), in the resolver's order."""
    if host.rstrip(".").lower() in METADATA_NAMES:
        raise DownloadFailed(url, f"refused: {host} is a cloud metadata service")
    found = _resolve(url, host, port, clock)
    checked: list[tuple[int, str]] = []
    for family, _, _, _, sockaddr in found:
        address = str(sockaddr[0])
        why = refused_address(address)
        if why is not None:
            named = f"{host} is" if host == address else f"{host} resolves to {address},"
            raise DownloadFailed(url, f"refused: {named} {why}")
        if (family, address) not in checked:
            checked.append((family, address))
    if not checked:
        raise DownloadFailed(url, f"could not be reached ({host} has no address)")
    return checked


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__


class _Clock:
    """The time left of a download."""

    def __init__(self, url: str, seconds: float) -> None:
        self.url = url
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        """Seconds left; DownloadFailed when none are."""
        left = self.end - time.monotonic()
        if left <= 0:
            raise self.too_slow()
        return left

    def too_slow(self) -> DownloadFailed:
        return DownloadFailed(
            self.url, f"too slow: not downloaded within {self.seconds:g} seconds, not read"
        )

    def timeout(self) -> float:
        return min(READ_TIMEOUT, self.left())


class _Link:
    """The sockets of one request: connected to checked addresses only, and shut when
    the time is up, wherever a read is waiting (a status line or a header sent one byte
    at a time included)."""

    def __init__(self, addresses: list[tuple[int, str]], port: int, clock: _Clock) -> None:
        self.addresses = addresses
        self.port = port
        self.clock = clock
        self.sockets: list[socket.socket] = []
        self.responses: list[http.client.HTTPResponse] = []
        self.fired = threading.Event()

    def connect(
        self, _address: object = None, _timeout: object = None, _source: object = None
    ) -> socket.socket:
        """A socket connected to the first checked address that answers (it stands in
        for ``socket.create_connection`` in ``http.client``)."""
        last: OSError | None = None
        for _, address in self.addresses:
            try:
                sock = socket.create_connection((address, self.port), self.clock.timeout())
            except OSError as error:
                last = error
                continue
            self.sockets.append(sock)
            return sock
        assert last is not None
        if isinstance(last, TimeoutError) and self.clock.end <= time.monotonic():
            raise self.clock.too_slow()
        raise DownloadFailed(self.clock.url, f"could not be reached ({_reason(last)})")

    def close(self) -> None:
        """Close the response and every socket of the request."""
        for response in self.responses:
            with contextlib.suppress(OSError):
                response.close()
        for sock in self.sockets:
            with contextlib.suppress(OSError):
                sock.close()

    def _stop(self) -> None:
        self.fired.set()
        for sock in self.sockets:
            with contextlib.suppress(OSError):
                # The plain socket's shutdown, under TLS too: the reader then sees the end.
                socket.socket.shutdown(sock, socket.SHUT_RDWR)

    @contextlib.contextmanager
    def watched(self) -> Iterator[None]:
        """Run the request; past the deadline, or on a broken answer, DownloadFailed."""
        import http.client

        timer = threading.Timer(max(self.clock.end - time.monotonic(), 0.0), self._stop)
        timer.daemon = True
        timer.start()
        try:
            yield
        except (OSError, http.client.HTTPException, ValueError) as error:
            if self.fired.is_set() or self.clock.end <= time.monotonic():
                raise self.clock.too_slow() from None
            if isinstance(error, http.client.HTTPException):
                # Its message may quote what the server sent: never shown.
                problem = "the answer is not valid HTTP"
            else:
                problem = _reason(error)
            raise DownloadFailed(self.clock.url, f"could not be read ({problem})") from None
        finally:
            timer.cancel()
        if self.fired.is_set():
            raise self.clock.too_slow()


@dataclass(frozen=True)
class Answer:
    """A server's answer: its status, headers (names in lower case), body and final URL."""

    status: int
    reason: str
    headers: dict[str, str]
    body: bytes
    url: str


def download(url: str, limit: int, what: str = "a download", shown: str | None = None) -> bytes:
    """The body of ``url`` (http or https), at most ``limit`` bytes, within ``DEADLINE``.

    ``shown`` is how messages name the URL (default: the URL itself). Raises
    ``DownloadFailed`` for a refused scheme or address, an error status, a body over
    ``limit``, a download slower than the deadline or a server that cannot be reached.
    """
    name = shown or url
    answer = request("GET", url, limit, what, name)
    if answer.status != 200:
        raise DownloadFailed(name, f"the server answered {answer.status}")
    return answer.body


def new_clock(shown: str, seconds: float | None = None) -> _Clock:
    """A deadline that several requests share (e.g. the requests of one CalDAV read)."""
    return _Clock(shown, DEADLINE if seconds is None else seconds)


def request(
    method: str,
    url: str,
    limit: int,
    what: str,
    shown: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    secret_headers: dict[str, str] | None = None,
    clock: _Clock | None = None,
) -> Answer:
    """One request with every limit of ``download``; the answer whatever its status.

    Redirects are followed (each address checked): 303 turns the request into a GET,
    the others keep its method and body. ``secret_headers`` (a password) are sent to the
    first URL's scheme, host and port only, never after a redirect elsewhere. ``clock``
    is the deadline to keep (default: ``DEADLINE`` from now).
    """
    import http.client

    name = shown
    clock = clock or _Clock(name, DEADLINE)
    current = url
    origin = _origin(urlsplit(url))
    for _ in range(MAX_REDIRECTS + 1):
        parts = urlsplit(current)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https"):
            raise DownloadFailed(name, f"refused: only http and https URLs are read, not {scheme}:")
        try:
            host, port = parts.hostname, parts.port
        except ValueError:
            raise DownloadFailed(name, "is not a valid URL (bad port)") from None
        if not host:
            raise DownloadFailed(name, "is not a valid URL (no host)")
        try:
            host = host.encode("idna").decode("ascii")  # bücher.example: xn--bcher-kva...
        except UnicodeError:
            raise DownloadFailed(name, "is not a valid URL (bad host name)") from None
        port = port or (443 if scheme == "https" else 80)
        addresses = _addresses(name, host, port, clock)
        connection: http.client.HTTPConnection
        if scheme == "https":
            import ssl

            connection = http.client.HTTPSConnection(
                host, port, timeout=clock.timeout(), context=ssl.create_default_context()
            )
        else:
            connection = http.client.HTTPConnection(host, port, timeout=clock.timeout())
        link = _Link(addresses, port, clock)
        # Connect to the checked addresses only; TLS still checks the certificate for host.
        connection._create_connection = link.connect  # type: ignore[attr-defined]
        target = parts.path or "/"
        if parts.query:
            target += "?" + parts.query
        sent = {"User-Agent": "coffeechat", "Accept-Encoding": "identity"} | (headers or {})
        if secret_headers and _origin(parts) == origin:
            sent |= secret_headers
        try:
            with link.watched():
                connection.request(method, target, body=body, headers=sent)
                sock = connection.sock
                response = connection.getresponse()
                link.responses.append(response)
                if response.status in (301, 302, 303, 307, 308):
                    location = response.getheader("Location")
                    if not location:
                        raise DownloadFailed(name, f"the server answered {response.status}")
                    current = urljoin(current, location.strip())
                    if response.status == 303:
                        method, body = "GET", None
                    continue
                content = _body(response, sock, name, limit, what, clock)
                return Answer(
                    response.status,
                    response.reason or "",
                    {key.lower(): value for key, value in response.getheaders()},
                    content,
                    current,
                )
        finally:
            connection.close()
            link.close()
    raise DownloadFailed(name, f"more than {MAX_REDIRECTS} redirects, not read")


def _origin(parts: SplitResult) -> tuple[str, str, int | None]:
    try:
        port = parts.port
    except ValueError:
        port = None
    return parts.scheme.lower(), (parts.hostname or "").lower(), port


def _body(
    response: http.client.HTTPResponse,
    sock: socket.socket | None,
    name: str,
    limit: int,
    what: str,
    clock: _Clock,
) -> bytes:
    """The response's body, bounded in bytes and in time."""
    from coffeechat.formats.files import TooLarge

    length = response.getheader("Content-Length")
    if length is not None and length.strip().isdigit() and int(length) > limit:
        raise TooLarge(name, limit, what)
    body = bytearray()
    while True:
        if sock is not None:
            sock.settimeout(clock.timeout())
        part = response.read1(min(CHUNK, limit + 1 - len(body)))
        if not part:
            return bytes(body)
        body += part
        if len(body) > limit:
            raise TooLarge(name, limit, what)
        clock.left()
