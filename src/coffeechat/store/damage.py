"""Telling a damaged SQLite workspace from a sound one, and remembering the damage.

SQLite says a file is damaged with SQLITE_CORRUPT ("database disk image is malformed",
"malformed database schema", a broken virtual table) or SQLITE_NOTADB when page 1 is gone;
text it cannot decode comes up from the sqlite3 module as a ``UnicodeDecodeError`` (even
in the message of another error) or "Could not decode to UTF-8". A full check
(``PRAGMA integrity_check``) reads every page: ~0.25 s for 100,000 contacts, too slow for
every command, so commands find damage as they meet it, and once found it is *remembered*
in a marker file beside the database (``coffeechat.db.damaged``): every later command
refuses the workspace, so nothing more is written into it, until ``coffeechat doctor``
finds it sound again or a backup replaces it.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import traceback
from pathlib import Path
from urllib.parse import quote

#: SQLite's primary result codes for a damaged file: SQLITE_CORRUPT, SQLITE_NOTADB.
CORRUPT = 11
NOTADB = 26
CORRUPT_CODES = frozenset({CORRUPT, NOTADB})

#: What a SQLite file starts with.
MAGIC = b"SQLite format 3\x00"

#: How many lines of SQLite's own report a check keeps.
DETAILS = 100


def _sqlite_damage(error: sqlite3.Error) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int) and code & 0xFF in CORRUPT_CODES:
        return True
    return "Could not decode to UTF-8" in str(error)


def is_damage(error: BaseException) -> bool:
    """Whether an exception raised while using a SQLite workspace means its file is damaged
    (a SQLAlchemy error is judged by the driver's error it wraps)."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        orig = getattr(current, "orig", None)
        if isinstance(orig, sqlite3.Error) and _sqlite_damage(orig):
            return True
        if isinstance(current, sqlite3.Error) and _sqlite_damage(current):
            return True
        if isinstance(current, UnicodeDecodeError) and _from_the_database(current):
            return True
        current = current.__cause__ or current.__context__
    return False


def _from_the_database(error: BaseException) -> bool:
    """Whether an error was raised while talking to the database (not reading a file)."""
    frames = traceback.extract_tb(error.__traceback__)
    return any(
        f"{os.sep}sqlalchemy{os.sep}" in frame.filename
        or frame.filename.endswith(f"{os.sep}store{os.sep}database.py")
        or f"{os.sep}sqlite3{os.sep}" in frame.filename
        for frame in frames
    )


def uri(path: Path, mode: str) -> str:
    """A SQLite URI for a file (``mode`` ro or rw: never creates it), any name quoted."""
    return f"file:{quote(str(path))}?mode={mode}"


def has_sqlite_header(path: Path) -> bool:
    """Whether the file starts like a SQLite database (its first 16 bytes)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def check(path: Path, quick: bool = False) -> list[str]:
    """SQLite's own check of every page (``integrity_check``; ``quick_check`` skips the
    index contents): [] when sound, else what it found (a file it cannot open as a
    database at all gives the reason as the one problem). A file that cannot be opened
    for another reason (permissions, a missing folder) raises ``sqlite3.Error``."""
    pragma = "quick_check" if quick else "integrity_check"
    try:
        conn = sqlite3.connect(uri(path, "rw"), uri=True, isolation_level=None)
    except sqlite3.Error as error:
        if _sqlite_damage(error):
            return [str(error)]
        raise
    try:
        rows = [str(r[0]) for r in conn.execute(f"PRAGMA {pragma}({DETAILS})")]
    except UnicodeDecodeError as error:
        return [f"unreadable text in the database's layout ({error.reason})"]
    except sqlite3.Error as error:
        if _sqlite_damage(error):
            return [str(error)]
        raise
    finally:
        conn.close()
    return [] if rows == ["ok"] else rows


def is_workspace(path: Path) -> bool:
    """Whether a sound SQLite file holds a coffeechat workspace (its schema version and an
    owner): what a backup must be to restore from it."""
    try:
        conn = sqlite3.connect(uri(path, "ro"), uri=True)
    except sqlite3.Error:
        return False
    try:
        version = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        owner = conn.execute('SELECT id FROM "user" LIMIT 1').fetchone()
    except (sqlite3.Error, UnicodeDecodeError):
        return False
    finally:
        conn.close()
    return version is not None and owner is not None


def marker(database: Path) -> Path:
    """The file that remembers that ``database`` was found damaged."""
    return database.with_name(database.name + ".damaged")


def mark(database: Path, problems: list[str]) -> None:
    """Remember that ``database`` is damaged (best effort: a read-only folder keeps no
    memory, and every command then finds the damage again by itself)."""
    lines = ["found damaged: run `coffeechat doctor`", *problems[:5]]
    with contextlib.suppress(OSError):
        fd = os.open(marker(database), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")


def marked(database: Path) -> bool:
    """Whether ``database`` was found damaged and not yet checked sound or replaced."""
    return marker(database).exists()


def unmark(database: Path) -> None:
    """Forget the damage (the doctor found the file sound, or a backup replaced it)."""
    marker(database).unlink(missing_ok=True)
