"""Consistent copies of a SQLite workspace, made while it is in use, and the rotation of
the automatic ones.

The copy goes through SQLite's online backup API: it reads a consistent snapshot even
while another process writes (WAL), and the copy is written to a temporary file that is
renamed into place, so a backup is whole or absent, never half written.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

#: How many automatic backups are kept (the oldest go first).
KEEP = 10

#: Automatic backups are named ``auto-<UTC stamp>-<reason>.db``.
AUTO_PREFIX = "auto-"


def copy_sqlite(source: Path, target: Path) -> Path:
    """Copy the SQLite database at ``source`` to ``target`` (replacing it) consistently."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp{os.getpid()}")
    temporary.unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(temporary)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            dst.close()
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    finally:
        src.close()
    os.replace(temporary, target)
    return target


def stamp(now: dt.datetime) -> str:
    """A file-name-safe UTC time stamp, e.g. 20261127T140000Z."""
    return now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def auto_backup(source: Path, folder: Path, reason: str, now: dt.datetime) -> Path:
    """An automatic backup before something that changes much (an upgrade, an import);
    keeps the newest ``KEEP`` and removes older automatic ones (never the user's own)."""
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in reason)[:40]
    target = folder / f"{AUTO_PREFIX}{stamp(now)}-{safe}.db"
    n = 1
    while target.exists():  # two in the same second
        n += 1
        target = folder / f"{AUTO_PREFIX}{stamp(now)}-{safe}-{n}.db"
    copy_sqlite(source, target)
    prune(folder)
    return target


def automatic(folder: Path) -> list[Path]:
    """The automatic backups in a folder, oldest first."""
    if not folder.is_dir():
        return []
    return sorted(
        p for p in folder.iterdir() if p.name.startswith(AUTO_PREFIX) and p.suffix == ".db"
    )


def prune(folder: Path, keep: int = KEEP) -> list[Path]:
    """Remove all but the newest ``keep`` automatic backups; returns what was removed."""
    found = automatic(folder)
    removed = found[: max(0, len(found) - keep)]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed
