"""Calendar downloads: bounded in time and bytes, no link-local or metadata addresses,
redirects checked, nothing the server or a file says quoted in an error
(service/downloads.py, service/calendars.py). Servers run on 127.0.0.1 in a thread."""

from __future__ import annotations

import contextlib
import http.server
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from coffeechat.formats import files
from coffeechat.service import calendars, downloads

CALENDAR = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:a@t\r\n"
    b"DTSTART:20261130T150000Z\r\nDTEND:20261130T160000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)
SECRET = "s3cret-token-in-the-body"

Handler = Callable[[http.server.BaseHTTPRequestHandler], None]


@pytest.fixture
def serve() -> Iterator[Callable[[Handler], str]]:
    """Start a server on 127.0.0.1 whose GET is ``handler``; gives its URL."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(handler: Handler) -> str:
        class Handle(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                with contextlib.suppress(OSError):  # the client went away, as it should
                    handler(self)

            def log_message(self, *args: object) -> None:
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handle)
        server.daemon_threads = True
        servers.append(server)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{server.server_address[1]}/cal.ics"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def _ok(body: bytes, length: bool = True) -> Handler:
    def handler(request: http.server.BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        if length:
            request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)

    return handler


def _drip(request: http.server.BaseHTTPRequestHandler) -> None:
    """A server that sends one byte every 0.2 s, for ever."""
    request.send_response(200)
    request.end_headers()
    request.wfile.flush()
    while True:
        request.wfile.write(b"B")
        request.wfile.flush()
        time.sleep(0.2)


@pytest.fixture
def fast(monkeypatch: pytest.MonkeyPatch) -> None:
    """A whole download gets 1.5 s (30 in real use), so the slow servers stay quick."""
    monkeypatch.setattr(downloads, "DEADLINE", 1.5)


@pytest.fixture
def no_connection(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Record (and refuse) every connection attempt."""
    tried: list[Any] = []

    def refuse(address: Any, *args: Any, **kwargs: Any) -> socket.socket:
        tried.append(address)
        raise AssertionError(f"connected to {address}")

    monkeypatch.setattr(socket, "create_connection", refuse)
    return tried


def test_a_calendar_is_downloaded(serve) -> None:
    assert downloads.download(serve(_ok(CALENDAR)), 10_000) == CALENDAR
    assert downloads.download(serve(_ok(CALENDAR, length=False)), 10_000) == CALENDAR


def test_a_server_that_drips_is_cut_at_the_deadline(ccw, serve, fast) -> None:
    url = serve(_drip)
    started = time.monotonic()
    result = ccw.fails("calendar", "add", url)
    assert result.stderr.strip() == (
        f"Error: {url}: too slow: not downloaded within 1.5 seconds, not read"
    )
    assert time.monotonic() - started < 20  # not the old unbounded wait
    assert ccw.json("calendar", "list") == {"calendars": []}


def test_a_server_that_drips_its_headers_is_cut_too(serve, fast) -> None:
    def slow_headers(request: http.server.BaseHTTPRequestHandler) -> None:
        request.wfile.write(b"HTTP/1.0 200 OK\r\n")
        while True:
            request.wfile.write(b"X")
            request.wfile.flush()
            time.sleep(0.2)

    with pytest.raises(downloads.DownloadFailed, match="too slow"):
        downloads.download(serve(slow_headers), 10_000)


def test_a_name_server_that_does_not_answer_is_cut_at_the_deadline(
    fast, no_connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    def slow(*args: Any, **kwargs: Any) -> Any:
        time.sleep(5)
        raise OSError("no answer")

    monkeypatch.setattr(socket, "getaddrinfo", slow)
    with pytest.raises(downloads.DownloadFailed, match="too slow"):
        downloads.download("http://calendar.test/cal.ics", 1000)
    assert no_connection == []


def test_a_body_past_the_cap_is_refused(ccw, serve, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(calendars, "MAX_CALENDAR_BYTES", 1000)
    for length in (True, False):  # said up front, or found while reading
        url = serve(_ok(CALENDAR + b"X" * 5000, length=length))
        result = ccw.fails("calendar", "add", url)
        assert result.stderr.strip() == (
            f"Error: {url}: larger than 1,000 bytes (the limit for a calendar), not read"
        )
    assert ccw.json("calendar", "list") == {"calendars": []}


def test_an_endless_body_stops_at_the_cap(serve, fast) -> None:
    def endless(request: http.server.BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.end_headers()
        while True:
            request.wfile.write(b"Z" * 65536)

    with pytest.raises(files.TooLarge, match="larger than 195 KB"):
        downloads.download(serve(endless), 200_000)


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://169.254.10.1/",
        "http://[fe80::1]/cal.ics",
        "http://[::ffff:169.254.169.254]/",
        "http://[fd00:ec2::254]/latest/",
        "http://100.100.100.200/",
        "webcal://169.254.169.254/cal.ics",
    ],
)
def test_link_local_and_metadata_addresses_are_refused_without_a_connection(
    ccw, no_connection, url: str
) -> None:
    result = ccw.fails("calendar", "add", url)
    assert "refused:" in result.stderr
    assert "link-local" in result.stderr or "metadata" in result.stderr
    assert no_connection == []


def test_a_metadata_name_is_refused_before_it_is_resolved(
    no_connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    def resolve(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("resolved")

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    with pytest.raises(downloads.DownloadFailed, match="is a cloud metadata service"):
        downloads.download("http://metadata.google.internal/computeMetadata/v1/", 1000)
    assert no_connection == []


def test_every_address_of_a_name_is_checked_and_only_they_are_used(
    serve, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A name that resolves to a link-local address among others is refused; one that
    resolves to 127.0.0.1 is fetched from that address, asking for the name."""
    url = serve(_ok(CALENDAR))
    port = int(url.split(":")[2].split("/")[0])
    answers = {
        "calendar.test": ["127.0.0.1"],
        "mixed.test": ["127.0.0.1", "169.254.169.254"],
    }
    real = socket.getaddrinfo
    asked: list[str] = []

    def resolve(host: str, port: Any, *args: Any, **kwargs: Any) -> Any:
        asked.append(host)
        if host in answers:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in answers[host]]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    assert downloads.download(f"http://calendar.test:{port}/cal.ics", 10_000) == CALENDAR
    assert asked.count("calendar.test") == 1  # resolved once: the connection used that answer
    with pytest.raises(downloads.DownloadFailed) as caught:
        downloads.download(f"http://mixed.test:{port}/cal.ics", 10_000)
    assert "refused: mixed.test resolves to 169.254.169.254, a cloud metadata address" in str(
        caught.value
    )


def test_redirects_are_checked_like_the_first_address(serve) -> None:
    def to(location: str) -> Handler:
        def handler(request: http.server.BaseHTTPRequestHandler) -> None:
            request.send_response(302)
            request.send_header("Location", location)
            request.end_headers()

        return handler

    target = serve(_ok(CALENDAR))
    assert downloads.download(serve(to(target)), 10_000) == CALENDAR
    with pytest.raises(downloads.DownloadFailed, match=r"169\.254\.169\.254 is a cloud metadata"):
        downloads.download(serve(to("http://169.254.169.254/latest/")), 10_000)
    with pytest.raises(downloads.DownloadFailed, match="only http and https URLs are read"):
        downloads.download(serve(to("file:///etc/passwd")), 10_000)
    loop: list[str] = []
    loop.append(serve(lambda request: to(loop[0])(request)))
    with pytest.raises(downloads.DownloadFailed, match="more than 5 redirects"):
        downloads.download(loop[0], 10_000)


def test_errors_never_quote_what_the_server_sent(ccw, serve) -> None:
    def answer(status: int, body: bytes) -> Handler:
        def handler(request: http.server.BaseHTTPRequestHandler) -> None:
            request.send_response(status)
            request.send_header("Content-Length", str(len(body)))
            request.end_headers()
            request.wfile.write(body)

        return handler

    secret = SECRET.encode()
    for handler in (
        answer(200, secret + b"\nroot:x:0:0:root:/root:/bin/bash\n"),
        answer(404, b"<html>" + secret + b"</html>"),
        answer(200, b"<html><body>" + secret + b"</body></html>"),
        lambda request: request.wfile.write(b"NOT-HTTP " + secret + b"\r\n\r\n"),
    ):
        result = ccw.fails("calendar", "add", serve(handler))
        assert SECRET not in result.output and "root:x" not in result.output


def test_a_file_that_is_not_a_calendar_is_not_quoted(ccw, tmp_path: Path) -> None:
    fake = tmp_path / "passwd"
    fake.write_text(f"root:x:0:0:{SECRET}:/root:/bin/bash\n")
    result = ccw.fails("calendar", "add", str(fake))
    assert result.stderr.strip() == (
        f"Error: {fake}: line 1: is not an iCalendar (.ics) file: it does not start with "
        "BEGIN:VCALENDAR"
    )
    passwd = Path("/etc/passwd")
    if passwd.exists():
        result = ccw.fails("calendar", "add", str(passwd))
        lines = [line for line in passwd.read_text().splitlines() if line.strip()]
        assert not any(line in result.output for line in lines)
        assert "root:" not in result.output


def test_other_schemes_are_refused(ccw) -> None:
    for url in ("file:///etc/passwd", "ftp://example.com/cal.ics", "gopher://x/"):
        ccw.fails("calendar", "add", url)
    with pytest.raises(downloads.DownloadFailed, match="not ftp:"):
        downloads.download("ftp://example.com/cal.ics", 1000)


def test_https_connects_to_the_checked_address_and_checks_the_certificate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pinned address keeps TLS honest: the certificate is checked for the name."""
    import shutil
    import ssl
    import subprocess

    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is needed to make a test certificate")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    made = subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key),
         "-out", str(cert), "-days", "1", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost"],
        capture_output=True, check=False,
    )  # fmt: skip
    if made.returncode != 0:
        pytest.skip("this openssl cannot make a test certificate")

    class Handle(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            _ok(CALENDAR)(self)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handle)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    try:
        with pytest.raises(downloads.DownloadFailed, match="certificate verify failed"):
            downloads.download(f"https://localhost:{port}/cal.ics", 10_000)
        trusted = ssl.create_default_context
        monkeypatch.setattr(ssl, "create_default_context", lambda: trusted(cafile=str(cert)))
        assert downloads.download(f"https://localhost:{port}/cal.ics", 10_000) == CALENDAR
        with pytest.raises(downloads.DownloadFailed, match="certificate verify failed"):
            downloads.download(f"https://127.0.0.1:{port}/cal.ics", 10_000)  # not its name
    finally:
        server.shutdown()
        server.server_close()
