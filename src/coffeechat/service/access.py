"""Who may use the web UI: the workspace's access token and one-time login codes.

Both live in the workspace folder as files only their owner can read (mode 0600):
``web-token`` holds the access token (what ``coffeechat serve --token`` prints and the
API takes as ``Authorization: Bearer``), ``web-login`` the one login code of the last
``serve``, removed when it is used. Files rather than a table: the token guards the
workspace folder, so it lives with it, and ``--new-token`` works even while the
database is busy. Nothing here is kept in process memory but a copy of the token checked
against the file's ``stat`` on every use: several server workers read the same files.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

TOKEN_FILE = "web-token"
LOGIN_FILE = "web-login"


def _write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` readable by its owner only, replacing it whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as stream:
        stream.write(text + "\n")
    os.replace(temporary, path)


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8").strip() or None
    except FileNotFoundError:
        return None


def access_token(home: Path, *, renew: bool = False) -> str:
    """The workspace's access token, made on first use; ``renew`` replaces it (every
    session and login link made with the old one stops working)."""
    path = home / TOKEN_FILE
    current = None if renew else _read(path)
    if current is None:
        current = secrets.token_urlsafe(32)
        _write_private(path, current)
    return current


#: Files as last read, by path: (what ``os.stat`` said of it, its text).
_READ: dict[Path, tuple[tuple[int, ...], str | None]] = {}


def _read_known(path: Path) -> str | None:
    """``_read(path)``, read again only when ``stat`` says it is another file or was
    written since (every page asks for the token and the feed's key: a stat costs a
    fraction of a read; a key renewed from any process is a file replaced whole)."""
    try:
        seen = os.stat(path)
    except FileNotFoundError:
        _READ.pop(path, None)
        return None
    key = (seen.st_dev, seen.st_ino, seen.st_size, seen.st_mtime_ns, seen.st_ctime_ns)
    known = _READ.get(path)
    if known is not None and known[0] == key:
        return known[1]
    text = _read(path)
    _READ[path] = (key, text)
    return text


def current_token(home: Path) -> str | None:
    """The access token as it is now, or None before the first ``serve`` (every request
    asks; ``--new-token`` replaces the file whole, from any process)."""
    return _read_known(home / TOKEN_FILE)


def _digest(code: str) -> str:
    return hashlib.sha256(code.encode("utf-8")).hexdigest()


def new_login_code(home: Path) -> str:
    """A fresh one-time login code (the one of an earlier ``serve`` stops working)."""
    code = secrets.token_urlsafe(24)
    _write_private(home / LOGIN_FILE, _digest(code))
    return code


def use_login_code(home: Path, code: str) -> bool:
    """Whether ``code`` is the pending login code; it is used up when it is."""
    path = home / LOGIN_FILE
    stored = _read(path)
    if not code or stored is None or not hmac.compare_digest(stored, _digest(code)):
        return False
    try:
        path.unlink()  # of two requests racing with the code, one removes it: that one wins
    except FileNotFoundError:
        return False
    return True


# --- the agenda feed -------------------------------------------------------------------

FEED_KEY_FILE = "feed-key"
FEED_SEEN_FILE = "feed-seen"
#: The most of a calendar app's User-Agent kept (it is shown on Today).
AGENT_LONGEST = 120


def feed_key(home: Path, *, renew: bool = False) -> str:
    """The secret key of the agenda feed (``/agenda.ics?key=…``), made on first use;
    ``renew`` replaces it, so the old address stops working. A file of its own, not the
    access token: a calendar app that holds the feed's address can read the agenda, and
    nothing else."""
    path = home / FEED_KEY_FILE
    if renew:
        current = secrets.token_urlsafe(24)
        _write_private(path, current)
        return current
    return _read_known(path) or _create_once(path, secrets.token_urlsafe(24))


def _create_once(path: Path, text: str) -> str:
    """Write ``text`` to ``path`` (0600) unless another worker made it first: then what
    that one wrote, so two first pages never show two keys."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as stream:
        stream.write(text + "\n")
    try:
        os.link(temporary, path)  # fails when the file exists: never replaces it
    except FileExistsError:
        text = _read(path) or text
    except OSError:  # no hard links here: the usual replace
        os.replace(temporary, path)
        return text
    temporary.unlink(missing_ok=True)
    return text


def feed_key_matches(home: Path, given: str | None) -> bool:
    """Whether ``given`` is the feed's key (compared in constant time); False before
    a key was made."""
    stored = _read(home / FEED_KEY_FILE)
    if not given or stored is None:
        return False
    return hmac.compare_digest(given.encode("utf-8"), stored.encode("utf-8"))


def feed_fetched(home: Path, at: str, agent: str | None) -> None:
    """Remember that a calendar app fetched the feed at ``at`` (ISO 8601), and which
    (its User-Agent, on one line and cut short)."""
    import json

    name = " ".join((agent or "").split())[:AGENT_LONGEST]
    _write_private(home / FEED_SEEN_FILE, json.dumps({"at": at, "agent": name}))


def feed_last_fetched(home: Path) -> tuple[str, str] | None:
    """When the feed was last fetched (ISO 8601) and by what, or None: never."""
    import json

    text = _read_known(home / FEED_SEEN_FILE)
    if text is None:
        return None
    try:
        seen = json.loads(text)
        return str(seen["at"]), str(seen.get("agent") or "")
    except (ValueError, KeyError, TypeError):  # a file damaged by hand: as if never
        return None
