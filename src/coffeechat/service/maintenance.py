"""Looking after the workspace itself: backups, the doctor, restoring a damaged
workspace from a backup, and keeping its files private."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from coffeechat.config import Settings
from coffeechat.core.errors import CoffeechatError, DamagedWorkspace
from coffeechat.service.base import WorkspaceBase, _sqlite_path
from coffeechat.store import backup as backup_store
from coffeechat.store import damage, database, privacy
from coffeechat.store import doctor as checks
from coffeechat.store import undo as undo_store
from coffeechat.store.schema import SCHEMA_REVISION

#: How many of SQLite's findings the doctor shows (the count says how many there were).
SHOWN = 3


class NotSQLite(CoffeechatError):
    """A file backup of a workspace that is not a SQLite file."""

    def __init__(self, where: str) -> None:
        super().__init__(
            f"backup copies a SQLite workspace; {where} is a server database: use its own "
            "tools (pg_dump), or `coffeechat export json -o FILE` for a portable copy"
        )


class BadRestore(CoffeechatError):
    """``doctor --restore`` was given something that cannot be restored from."""

    def __init__(self, backup: str, problem: str, folder: Path) -> None:
        super().__init__(
            f"doctor --restore: {backup}: {problem}; nothing was changed (the backups: ls {folder})"
        )


@dataclass(frozen=True)
class Check:
    """One thing the doctor looked at."""

    name: str
    ok: bool
    detail: str
    fix: str = ""


@dataclass
class DoctorReport:
    """What the doctor found, and what it repaired with ``fix``."""

    where: str
    checks: list[Check] = field(default_factory=list)
    repaired: int = 0
    #: The newest backup that passes SQLite's full check (what --restore would take).
    newest_good_backup: Path | None = None
    #: Where --restore put the damaged database aside.
    set_aside: Path | None = None

    @property
    def ok(self) -> bool:
        """True when every check passed."""
        return all(c.ok for c in self.checks)


def damage_found(settings: Settings | None, error: BaseException) -> DamagedWorkspace | None:
    """When ``error``, raised in the middle of a command, means that the workspace's
    SQLite file is damaged: remember it (every later command refuses the workspace until
    `doctor` has looked) and return the one-line error to show; else None."""
    if settings is None or not damage.is_damage(error):
        return None
    try:
        path = _sqlite_path(settings)
    except CoffeechatError:
        return None
    if path is None:
        return None
    damage.mark(path, [str(error).splitlines()[0] if str(error) else type(error).__name__])
    return DamagedWorkspace(settings.describe())


def backups_folder(home: Path) -> Path:
    """Where backups go: ``backups/`` in the workspace folder."""
    return home / "backups"


class MaintenanceMixin(WorkspaceBase):
    """Backups and checks."""

    def _sqlite_file(self) -> Path | None:
        return database.sqlite_path(self.settings.database_url)

    def backup(self, to: str | Path | None = None) -> Path:
        """A consistent copy of the workspace, made while it may be in use: to ``to``, or
        to ``backups/coffeechat-<stamp>.db`` in the workspace folder. A damaged workspace
        is not copied (DamagedWorkspace); a target that cannot be written is a
        BackupFailed, with nothing left behind."""
        source = self._sqlite_file()
        if source is None:
            raise NotSQLite(self.settings.describe())
        if to is None:
            name = f"coffeechat-{backup_store.stamp(self.local_now())}.db"
            target = backups_folder(self.settings.home) / name
        else:
            target = Path(to).expanduser()
            if target.is_dir():
                target = target / f"coffeechat-{backup_store.stamp(self.local_now())}.db"
            if target.resolve() == source.resolve():
                raise CoffeechatError(f"backup: {target} is the workspace itself; choose another")
        return backup_store.copy_sqlite(source, target, self.settings.describe())

    def auto_backup(self, reason: str) -> Path | None:
        """An automatic backup before an import (SQLite only; rotated: the last 10 and one
        older). A damaged workspace or a backup that cannot be written raises, so what
        it protects does not happen."""
        source = self._sqlite_file()
        if source is None or not source.exists():
            return None
        folder = backups_folder(self.settings.home)
        return backup_store.auto_backup(
            source, folder, reason, self.local_now(), self.settings.describe()
        )

    @classmethod
    def examine(
        cls, settings: Settings, fix: bool = False, restore: str | Path | None = None
    ) -> DoctorReport:
        """The doctor: check the workspace, even a damaged one (which no other command
        opens). A damaged SQLite file is reported with SQLite's findings and the newest
        good backup; ``restore`` (a backup file, or the name of one in backups/) puts
        that backup in place, keeping the damaged file aside. On a sound workspace, see
        ``doctor``."""
        report = DoctorReport(settings.describe())
        path = _sqlite_path(settings)
        folder = backups_folder(settings.home)
        if restore is not None:
            if path is None:
                raise NotSQLite(settings.describe())
            now = settings.clock.now()
            backup, aside = restore_backup(path, Path(restore).expanduser(), folder, now)
            report.set_aside = aside
            kept = f"; the database it replaced is kept as {aside}" if aside else ""
            report.checks.append(Check("restore", True, f"restored from {backup}{kept}"))
        problems: list[str] | None = None
        if path is not None and path.exists():
            problems = _integrity(path)
            ours = damage.has_sqlite_header(path) or bool(backup_store.backups(folder))
            if problems and ours:
                damage.mark(path, problems)
                _damaged_report(report, settings, path, problems, fix)
                return report
            if not problems:
                damage.unmark(path)  # sound (again): commands may open it
        workspace = cls.open(settings)
        try:
            if restore is not None:  # the backup's last change is not this workspace's
                with workspace.writing(record=False) as conn:
                    undo_store.forget(conn)
            workspace._checkup(report, fix, problems)
        finally:
            workspace.close()
        return report

    def doctor(self, fix: bool = False) -> DoctorReport:
        """Check the open workspace: integrity, schema version, orphan rows, the search
        index, file permissions, backups. With ``fix``, remove orphan rows and stale index
        entries (after a backup) and tighten loose permissions."""
        report = DoctorReport(self.settings.describe())
        self._checkup(report, fix)
        return report

    def _checkup(self, report: DoctorReport, fix: bool, checked: list[str] | None = None) -> None:
        """The checks of a workspace that opens; ``checked`` is SQLite's integrity check
        when it was just run on the file (it reads every page: once is enough)."""
        repaired = 0
        if fix:
            backup = self.auto_backup("before-doctor-fix")
            with self.writing(record=False) as conn:  # a repair, not undone; nor is the
                repaired = checks.remove_orphans(conn)  # change before it any more
                undo_store.forget(conn)
            report.repaired = repaired
            if backup is not None:
                report.checks.append(Check("backup", True, f"made {backup} before repairing"))
        with self.reading() as conn:
            damaged = checks.integrity(conn) if checked is None else checked
            version = database.current_revision(self.engine, self.settings.describe())
            orphans = checks.orphans(conn)
            stale = checks.stale_index(conn)
            mismatched = checks.mismatched_notes(conn)
        folder = backups_folder(self.settings.home)
        report.newest_good_backup = backup_store.newest_good(folder)
        report.checks.append(_integrity_check(damaged, report.newest_good_backup))
        report.checks.append(
            Check(
                "schema",
                version == SCHEMA_REVISION,
                f"schema {version}"
                + ("" if version == SCHEMA_REVISION else f", code expects {SCHEMA_REVISION}"),
                ""
                if version == SCHEMA_REVISION
                else "open it with this version of coffeechat to upgrade it",
            )
        )
        lines = [f"{n} in {t}.{c}" for t, c, n in orphans]
        report.checks.append(
            Check(
                "orphans",
                not orphans,
                "no row points at a missing one" if not orphans else ", ".join(lines),
                "" if not orphans else "coffeechat doctor --fix (a backup is made first)",
            )
        )
        report.checks.append(
            Check(
                "search index",
                not stale,
                "in step with the data" if not stale else ", ".join(f"{n} {k}" for k, n in stale),
                "" if not stale else "coffeechat doctor --fix",
            )
        )
        report.checks.append(
            Check(
                "notes",
                not mismatched,
                "every note is filed with its conversation's contact"
                if not mismatched
                else f"{mismatched} notes filed under another contact",
                "" if not mismatched else "coffeechat export json, then check those notes",
            )
        )
        report.checks.append(_permissions_check(self.settings, self._sqlite_file(), fix))
        report.checks.append(_backups_check(folder, report.newest_good_backup))


def _integrity(path: Path) -> list[str]:
    """SQLite's full check of the file ([] when sound); a file that cannot be opened at
    all (its permissions, say) is a one-line error, not damage."""
    try:
        return damage.check(path)
    except sqlite3.Error as error:
        raise CoffeechatError(f"database: {path}: {error}") from None


def _shown(problems: list[str]) -> str:
    count = f"{len(problems)}+" if len(problems) >= damage.DETAILS else str(len(problems))
    first = "; ".join(p if len(p) <= 100 else p[:97] + "..." for p in problems[:SHOWN])
    return f"damaged: SQLite's check found {count} problem(s): {first}"


def _integrity_check(problems: list[str], newest: Path | None) -> Check:
    if not problems:
        return Check("integrity", True, "the database file is sound")
    if newest is not None:
        fix = (
            f"restore the newest good backup: coffeechat doctor --fix --restore {newest} "
            "(the damaged file is kept aside)"
        )
    else:
        fix = (
            "no good backup to restore from: save what can still be read with the sqlite3 "
            "tool (sqlite3 coffeechat.db .recover > recovered.sql) and keep the file"
        )
    return Check("integrity", False, _shown(problems), fix)


def _permissions_check(settings: Settings, path: Path | None, fix: bool) -> Check:
    found = privacy.loose(settings.home, path)
    if not found:
        return Check("permissions", True, "the folder and its files are yours alone (0700, 0600)")
    listed = ", ".join(f"{_relative(p, settings.home)} ({m:o})" for p, m in found[:SHOWN])
    more = f" and {len(found) - SHOWN} more" if len(found) > SHOWN else ""
    if fix:
        changed = privacy.tighten(found)
        return Check("permissions", True, f"tightened {changed}: {listed}{more}")
    return Check(
        "permissions",
        False,
        f"others on this machine may read {len(found)}: {listed}{more}",
        "coffeechat doctor --fix (folders become 0700, files 0600)",
    )


def _relative(path: Path, home: Path) -> str:
    try:
        name = path.relative_to(home).as_posix()
    except ValueError:
        return str(path)
    return name if name != "." else str(home)


def _backups_check(folder: Path, newest: Path | None) -> Check:
    saved = backup_store.backups(folder)
    if not saved:
        return Check("backups", True, "none yet", "coffeechat backup")
    if newest is None:
        return Check(
            "backups",
            False,
            f"none of the {len(saved)} in {folder} passes SQLite's check",
            "coffeechat backup (once the workspace is sound)",
        )
    return Check("backups", True, f"{len(saved)} in {folder}; the newest good: {newest.name}")


def _damaged_report(
    report: DoctorReport, settings: Settings, path: Path, problems: list[str], fix: bool
) -> None:
    folder = backups_folder(settings.home)
    report.newest_good_backup = backup_store.newest_good(folder)
    report.checks.append(_integrity_check(problems, report.newest_good_backup))
    report.checks.append(_permissions_check(settings, path, fix))
    report.checks.append(_backups_check(folder, report.newest_good_backup))


def restore_backup(
    path: Path, backup: Path, folder: Path, now: dt.datetime
) -> tuple[Path, Path | None]:
    """Put ``backup`` (a file, or the name of one in ``folder``) in place of the workspace
    database ``path``, after checking it; the current database (with its -wal) is kept
    aside as ``<name>-damaged-<stamp>.db``, never deleted. Returns (the backup used, where
    the old database went). Run it while no other coffeechat uses the workspace."""
    if not backup.exists() and not backup.is_absolute() and (folder / backup).exists():
        backup = folder / backup
    if not backup.is_file():
        raise BadRestore(str(backup), "no such backup file", folder)
    if path.exists() and backup.resolve() == path.resolve():
        raise BadRestore(str(backup), "that is the workspace itself", folder)
    problems = _integrity(backup)
    if problems:
        raise BadRestore(str(backup), f"damaged too ({problems[0][:80]})", folder)
    if not damage.is_workspace(backup):
        raise BadRestore(str(backup), "not a coffeechat workspace", folder)
    staging = path.with_name(f".{path.name}.restoring")
    try:
        backup_store.copy_sqlite(backup, staging, str(backup))
    except CoffeechatError as error:
        raise BadRestore(str(backup), f"cannot be copied in ({error})", folder) from None
    aside = None
    try:
        if path.exists():
            aside = _aside(path, now)
            os.replace(path, aside)
            for suffix in ("-wal", "-journal"):
                companion = path.with_name(path.name + suffix)
                if companion.exists():
                    os.replace(companion, aside.with_name(aside.name + suffix))
            path.with_name(path.name + "-shm").unlink(missing_ok=True)
        os.replace(staging, path)
    except OSError as error:
        staging.unlink(missing_ok=True)
        if aside is not None and aside.exists() and not path.exists():
            os.replace(aside, path)  # as it was
        problem = f"cannot be put in place ({error.strerror})"
        raise BadRestore(str(backup), problem, folder) from None
    damage.unmark(path)
    return backup, aside


def _aside(path: Path, now: dt.datetime) -> Path:
    """A free name for the damaged database, beside it."""
    stamp = backup_store.stamp(now)
    target = path.with_name(f"{path.stem}-damaged-{stamp}.db")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.stem}-damaged-{stamp}-{n}.db")
    return target
