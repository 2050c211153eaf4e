"""Consistent copies of a SQLite workspace, made while it is in use, checked, and the
rotation of the automatic ones.

The copy goes through SQLite's online backup API: it reads a consistent snapshot even
while another process writes (WAL). It is written to a temporary file made by
``tempfile`` beside the target (mode 0600), checked page by page (``quick_check``: a
damaged workspace is never copied, so damage never pushes good copies out), fsync'd and
renamed into place: a backup is whole or absent, never half written. A full disk or a
folder that cannot be written is a ``BackupFailed`` and leaves nothing behind.

Backups are named with a stamp of the moment they were made, in the user's zone with its
offset (``20261116T203000-0600``: the day it was where the user lives, not in Greenwich);
a stamp in UTC ends in ``Z`` (``20261117T023000Z``), as older backups and those made
before the owner is known (a schema upgrade) do.

Rotation of the automatic backups (``auto-<stamp>-<reason>.db``): the ``KEEP`` (10)
newest are kept, and one more, older: the newest of the others made at least ``AGE``
(7 days) before the newest backup, or, when none is that old, the oldest of them; it must
pass the same check. So an afternoon of imports never leaves only copies of that
afternoon, and there is always a copy from before the latest week of changes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import sqlite3
import tempfile
from pathlib import Path

from coffeechat.core.errors import BackupFailed, DamagedWorkspace
from coffeechat.store import damage, privacy

#: How many automatic backups are kept (the oldest go first), besides the older one.
KEEP = 10

#: The older automatic backup kept is one made at least this long before the newest.
AGE = dt.timedelta(days=7)

#: Automatic backups are named ``auto-<stamp>-<reason>.db``.
AUTO_PREFIX = "auto-"

_STAMP = re.compile(r"(\d{8}T\d{6})(Z|[+-]\d{4})")


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError):
        return (error.strerror or type(error).__name__).lower()
    return str(error).splitlines()[0] if str(error) else type(error).__name__


def _remove(temporary: str) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            os.unlink(temporary + suffix)


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def copy_sqlite(
    source: Path, target: Path, where: str | None = None, automatic: bool = False
) -> Path:
    """Copy the SQLite database at ``source`` to ``target`` (replacing it) consistently,
    after checking the copy. Raises ``DamagedWorkspace`` (nothing written) when the
    source is damaged, ``BackupFailed`` when the target cannot be written."""
    where = where or str(source)
    folder = target.parent
    try:
        privacy.make_folder(folder)
        fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise BackupFailed(str(target), _reason(error), automatic) from None
    try:
        os.fchmod(fd, privacy.FILE_MODE)
        os.close(fd)
        problems = _copy(source, Path(temporary), where)
        if problems:
            damage.mark(source, problems)
            after = "nothing was changed" if automatic else "no backup was made"
            raise DamagedWorkspace(where, after)
        fd = os.open(temporary, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temporary, target)
    except BaseException as error:
        _remove(temporary)
        if isinstance(error, OSError | sqlite3.Error):
            raise BackupFailed(str(target), _reason(error), automatic) from None
        raise
    _sync_folder(folder)
    return target


def _copy(source: Path, temporary: Path, where: str) -> list[str]:
    """Copy through the backup API; [] when the copy is sound, else what is wrong."""
    try:
        src = sqlite3.connect(damage.uri(source, "ro"), uri=True)
    except sqlite3.Error as error:
        if damage.is_damage(error):
            return [str(error)]
        raise
    try:
        dst = sqlite3.connect(temporary, isolation_level=None)
        try:
            try:
                src.backup(dst)
            except (sqlite3.Error, UnicodeDecodeError) as error:
                if damage.is_damage(error) or isinstance(error, UnicodeDecodeError):
                    return [str(error)]
                raise
            dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            dst.close()
    finally:
        src.close()
    return damage.check(temporary, quick=True)


def stamp(now: dt.datetime) -> str:
    """A file-name-safe time stamp of ``now`` in its own offset: 20261127T090000-0500 (give
    it the instant in the user's zone, so the date is theirs), 20261127T140000Z in UTC."""
    if now.utcoffset() == dt.timedelta(0):
        return now.strftime("%Y%m%dT%H%M%SZ")
    return now.strftime("%Y%m%dT%H%M%S%z")


def made_at(path: Path) -> dt.datetime | None:
    """When a backup named with a stamp was made (None for another name)."""
    found = _STAMP.search(path.name)
    if not found:
        return None
    offset = "+0000" if found.group(2) == "Z" else found.group(2)
    try:
        return dt.datetime.strptime(found.group(1) + offset, "%Y%m%dT%H%M%S%z")
    except ValueError:  # a name that only looks like a stamp
        return None


def auto_backup(
    source: Path, folder: Path, reason: str, now: dt.datetime, where: str | None = None
) -> Path:
    """An automatic backup before something that changes much (an upgrade, an import),
    then the rotation (see the module's docstring; never the user's own backups)."""
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in reason)[:40]
    target = folder / f"{AUTO_PREFIX}{stamp(now)}-{safe}.db"
    n = 1
    while target.exists():  # two in the same second
        n += 1
        target = folder / f"{AUTO_PREFIX}{stamp(now)}-{safe}-{n}.db"
    copy_sqlite(source, target, where, automatic=True)
    prune(folder)
    return target


def _order(path: Path) -> tuple[dt.datetime, int, str]:
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        mtime = 0
    return (made_at(path) or dt.datetime.min.replace(tzinfo=dt.UTC), mtime, path.name)


def automatic(folder: Path) -> list[Path]:
    """The automatic backups in a folder, oldest first."""
    if not folder.is_dir():
        return []
    return sorted(
        (p for p in folder.iterdir() if p.name.startswith(AUTO_PREFIX) and p.suffix == ".db"),
        key=_order,
    )


def backups(folder: Path) -> list[Path]:
    """Every backup in a folder (automatic and the user's), newest first."""
    if not folder.is_dir():
        return []
    found = (p for p in folder.iterdir() if p.suffix == ".db" and not p.name.startswith("."))
    return sorted(found, key=_order, reverse=True)


def newest_good(folder: Path) -> Path | None:
    """The newest backup in ``folder`` that passes SQLite's full check and holds a
    workspace (what `doctor` offers to restore from)."""
    for path in backups(folder):
        try:
            if not damage.check(path) and damage.is_workspace(path):
                return path
        except sqlite3.Error:
            continue
    return None


def prune(folder: Path, keep: int = KEEP, age: dt.timedelta = AGE) -> list[Path]:
    """Remove automatic backups past the rotation rule; returns what was removed."""
    found = automatic(folder)
    if len(found) <= keep:
        return []
    newest, rest = found[-keep:], found[:-keep]
    latest = made_at(newest[-1])
    old_enough = [p for p in rest if latest is None or (made_at(p) or latest) <= latest - age]
    candidates = list(reversed(old_enough)) or rest  # newest old enough, else the oldest
    extra = None
    for path in candidates:
        try:
            if not damage.check(path, quick=True):
                extra = path
                break
        except sqlite3.Error:
            continue
    removed = [p for p in rest if p != extra]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed
