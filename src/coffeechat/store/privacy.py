"""The workspace is private: its folder 0700, every file coffeechat writes in it 0600,
whatever the umask.

A person's notes about other people must not be readable by the other accounts of the
machine. SQLite gives the -wal, -shm and -journal files the mode of the database file, so
the database is created 0600 before SQLite first opens it; the folders coffeechat makes
(the workspace, ``backups/``, ``invites/``) are made 0700. ``loose`` lists what is more
open than that (a workspace made by an older coffeechat, a file copied in), for the doctor.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

#: The modes of what coffeechat makes in the workspace folder.
FILE_MODE = 0o600
FOLDER_MODE = 0o700

#: The folders in the workspace that hold files coffeechat writes.
SUBFOLDERS = ("backups", "invites")


def make_folder(folder: Path) -> list[Path]:
    """Make ``folder`` (0700) and any missing parent (the usual mode); returns the
    folders made, outermost first, so a caller that fails later can remove them. An
    existing folder is left as it is."""
    missing: list[Path] = []
    current = folder
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    made: list[Path] = []
    try:
        for path in reversed(missing):
            try:
                path.mkdir()
            except FileExistsError:  # made by another process meanwhile
                continue
            made.append(path)
        if folder in made:
            os.chmod(folder, FOLDER_MODE)
    except BaseException:
        remove_folders(made)
        raise
    return made


def remove_folders(made: list[Path]) -> None:
    """Remove folders made by ``make_folder`` (innermost first), if still empty."""
    for path in reversed(made):
        try:
            path.rmdir()
        except OSError:
            return


def create_file(path: Path) -> None:
    """Create ``path`` empty with mode 0600 (it must not exist): the database, before
    SQLite opens it, so its -wal and -shm get the same mode."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
    finally:
        os.close(fd)


def _loose(path: Path, folder: bool) -> int | None:
    try:
        info = path.lstat()
    except OSError:
        return None
    if stat.S_ISLNK(info.st_mode) or (folder != stat.S_ISDIR(info.st_mode)):
        return None
    mode = stat.S_IMODE(info.st_mode)
    return mode if mode & 0o077 else None


def workspace_files(home: Path, database: Path | None) -> list[Path]:
    """What coffeechat keeps private: the folder, the database and its companions, the
    backups, the invites, and files it set aside (a damaged database, its marker)."""
    found: list[Path] = [home]
    if database is not None:
        found += [database.with_name(database.name + s) for s in ("", "-wal", "-shm", "-journal")]
        found += sorted(database.parent.glob(f"{database.stem}-damaged-*"))
        found.append(database.with_name(database.name + ".damaged"))
    for name in SUBFOLDERS:
        folder = home / name
        if folder.is_dir() and not folder.is_symlink():
            found.append(folder)
            found += sorted(p for p in folder.iterdir() if p.is_file())
    return found


def loose(home: Path, database: Path | None) -> list[tuple[Path, int]]:
    """(path, mode) of the workspace's folders and files that others may read or write."""
    found = []
    for path in workspace_files(home, database):
        mode = _loose(path, folder=path.is_dir())
        if mode is not None:
            found.append((path, mode))
    return found


def tighten(found: list[tuple[Path, int]]) -> int:
    """Take away the group's and others' bits of each path; returns how many changed."""
    changed = 0
    for path, mode in found:
        os.chmod(path, mode & 0o700)
        changed += 1
    return changed
