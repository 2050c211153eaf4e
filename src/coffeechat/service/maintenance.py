"""Looking after the workspace itself: backups and the doctor."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from coffeechat.core.errors import CoffeechatError
from coffeechat.service.base import WorkspaceBase
from coffeechat.store import backup as backup_store
from coffeechat.store import database
from coffeechat.store import doctor as checks
from coffeechat.store.schema import SCHEMA_REVISION


class NotSQLite(CoffeechatError):
    """A file backup of a workspace that is not a SQLite file."""

    def __init__(self, where: str) -> None:
        super().__init__(
            f"backup copies a SQLite workspace; {where} is a server database: use its own "
            "tools (pg_dump), or `coffeechat export json -o FILE` for a portable copy"
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

    @property
    def ok(self) -> bool:
        """True when every check passed."""
        return all(c.ok for c in self.checks)


def backups_folder(home: Path) -> Path:
    """Where backups go: ``backups/`` in the workspace folder."""
    return home / "backups"


class MaintenanceMixin(WorkspaceBase):
    """Backups and checks."""

    def _sqlite_file(self) -> Path | None:
        return database.sqlite_path(self.settings.database_url)

    def backup(self, to: str | Path | None = None) -> Path:
        """A consistent copy of the workspace, made while it may be in use: to ``to``, or
        to ``backups/coffeechat-<stamp>.db`` in the workspace folder."""
        source = self._sqlite_file()
        if source is None:
            raise NotSQLite(self.settings.describe())
        if to is None:
            name = f"coffeechat-{backup_store.stamp(self.now())}.db"
            target = backups_folder(self.settings.home) / name
        else:
            target = Path(to).expanduser()
            if target.is_dir():
                target = target / f"coffeechat-{backup_store.stamp(self.now())}.db"
            if target.resolve() == source.resolve():
                raise CoffeechatError(f"backup: {target} is the workspace itself; choose another")
        try:
            return backup_store.copy_sqlite(source, target)
        except OSError as error:
            raise CoffeechatError(f"backup: {target}: {error.strerror}") from None

    def auto_backup(self, reason: str) -> Path | None:
        """An automatic backup before an import (SQLite only; the last 10 are kept)."""
        source = self._sqlite_file()
        if source is None or not source.exists():
            return None
        folder = backups_folder(self.settings.home)
        return backup_store.auto_backup(source, folder, reason, self.now())

    def doctor(self, fix: bool = False) -> DoctorReport:
        """Check the workspace: integrity, schema version, orphan rows, the search index.
        With ``fix``, remove orphan rows and stale index entries (after a backup)."""
        report = DoctorReport(self.settings.describe())
        repaired = 0
        if fix:
            backup = self.auto_backup("before-doctor-fix")
            with self.writing() as conn:
                repaired = checks.remove_orphans(conn)
            report.repaired = repaired
            if backup is not None:
                report.checks.append(Check("backup", True, f"made {backup} before repairing"))
        with self.reading() as conn:
            damaged = checks.integrity(conn)
            version = database.current_revision(self.engine, self.settings.describe())
            orphans = checks.orphans(conn)
            stale = checks.stale_index(conn)
            mismatched = checks.mismatched_notes(conn)
        report.checks.append(
            Check(
                "integrity",
                not damaged,
                "the database file is sound" if not damaged else "; ".join(damaged[:5]),
                "" if not damaged else _restore_hint(self.settings.home),
            )
        )
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
        folder = backups_folder(self.settings.home)
        saved = sorted(folder.glob("*.db")) if folder.is_dir() else []
        report.checks.append(
            Check(
                "backups",
                True,
                f"{len(saved)} in {folder}" if saved else "none yet",
                "" if saved else "coffeechat backup",
            )
        )
        return report


def _restore_hint(home: Path) -> str:
    folder = backups_folder(home)
    return (
        f"restore the newest backup from {folder} (copy it over coffeechat.db while "
        "coffeechat is not running), or export what can still be read: coffeechat export json"
    )
