"""Import jobs: a contacts file handed over whole (the web's upload), checked by a dry
run, then imported in the background while its progress is kept where any worker reads it.

Everything of a job lives in ``imports/OWNER/`` in the workspace folder (0700, so nothing
of it is another user's to read; on the team server each account has its own folder: no
one reads, starts or tidies away another's job, nor waits for another's import):
``<job>.upload``, the file as it came (0600), removed once it is imported, refused, or
left for ``UPLOAD_KEPT`` seconds (or when the next file comes); ``<job>.json``, the job's
state (0600); ``running``, the lock that makes one import at a time per workspace
(created exclusively, naming its job). The import itself is
``import_contacts`` (or ``import_json`` for a coffeechat export), the call ``coffeechat
import`` makes: the same matching, the same backup first, the same all or nothing.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from coffeechat.core.errors import CoffeechatError
from coffeechat.service.exchange import ExchangeMixin
from coffeechat.service.imports import ImportsMixin, ImportSummary

#: The kinds of file an import job takes (the subcommands of ``coffeechat import``).
KINDS = ("linkedin", "vcard", "csv", "json")
#: Row outcomes, in the order a summary gives them (as ``coffeechat import``).
ACTIONS = ("created", "updated", "merged", "unchanged", "skipped")
#: Rows of each outcome (and warnings) kept in a job's state to be shown; the counts are whole.
SHOWN = 50
#: Seconds an uploaded file waits to be imported before it is removed.
UPLOAD_KEPT = 3600
#: Seconds without progress after which a running import is taken for dead (its process
#: was stopped) and its lock no longer holds.
STALLED = 900
#: The part of the bar that reading the file takes; matching and writing take the rest.
READING = 20

_JOB_ID = re.compile(r"^[A-Za-z0-9_-]{8,40}$")


class UnknownImport(CoffeechatError):
    """No import job of this id (or it is gone: its file was removed after a while)."""

    def __init__(self, job: str) -> None:
        super().__init__(
            f"no import {job[:40]!r}: it is done and gone, or it never was; upload the file again"
        )


class ImportBusy(CoffeechatError):
    """Another import of this workspace is running."""

    def __init__(self, other: ImportJob | None) -> None:
        what = f" ({other.source}, {other.percent}% done)" if other is not None else ""
        super().__init__(
            f"another import is running{what}: one import at a time; wait until it is done, "
            "then import this file"
        )


@dataclass
class ImportJob:
    """One uploaded file on its way in: checked (the dry run's outcome), running (how far),
    done (what the import did), refused or failed (why, in one line)."""

    id: str
    kind: str
    source: str
    state: str = "checked"  # checked | refused | running | done | failed
    percent: int = 0
    total: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    #: The first ``SHOWN`` rows of each outcome: line, name, reason.
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    warnings: list[dict[str, Any]] = field(default_factory=list)
    warnings_total: int = 0
    error: str | None = None
    backup: str | None = None
    mapping: str | None = None
    #: For a JSON export: the objects of each list it restores (or restored).
    restores: dict[str, int] = field(default_factory=dict)

    @property
    def finished(self) -> bool:
        """Whether nothing more will happen to this job."""
        return self.state in {"refused", "done", "failed"}


def imports_folder(home: Path, owner_id: int) -> Path:
    """Where the import jobs of the workspace of ``owner_id`` keep their files:
    ``imports/OWNER_ID/`` in the workspace folder (the team server's accounts share it)."""
    return home / "imports" / str(owner_id)


def guess_kind(filename: str, data: bytes) -> str:
    """The kind of a contacts file from its name and first bytes: a zip or a CSV with
    LinkedIn's header is LinkedIn's export, .vcf (or BEGIN:VCARD) a vCard, .json (or a
    leading ``{``) a coffeechat export, anything else a CSV."""
    name = filename.lower()
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if data[:4] == b"PK\x03\x04" or (b"First Name" in head and b"Connected On" in head):
        return "linkedin"
    if name.endswith((".vcf", ".vcard")) or head[:11].upper() == b"BEGIN:VCARD":
        return "vcard"
    if name.endswith(".json") or head[:1] == b"{":
        return "json"
    return "csv"


class ImportJobsMixin(ExchangeMixin, ImportsMixin):
    """Imports of an uploaded file, one at a time, with their progress kept on disk."""

    # -- files ---------------------------------------------------------------------

    def _jobs(self) -> Path:
        folder = imports_folder(self.settings.home, self.owner_id)
        folder.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        folder.mkdir(exist_ok=True, mode=0o700)
        return folder

    def _job_file(self, job: str, suffix: str) -> Path:
        if not _JOB_ID.match(job):
            raise UnknownImport(job)
        return self._jobs() / f"{job}{suffix}"

    def _save_job(self, job: ImportJob) -> None:
        """Write the job's state whole (a reader sees the old state or the new one)."""
        target = self._job_file(job.id, ".json")
        temporary = target.with_suffix(f".{secrets.token_hex(4)}.tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(asdict(job), out)
        os.replace(temporary, target)

    def import_job(self, job: str) -> ImportJob:
        """The state of an import job (UnknownImport when there is none of that id)."""
        path = self._job_file(job, ".json")
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise UnknownImport(job) from None
        found = ImportJob(**raw)
        if found.state == "running" and self._file_now() - path.stat().st_mtime > STALLED:
            found.state = "failed"  # its process was stopped: the transaction rolled back
            found.error = (
                f"{found.source}: the import stopped before the end (was coffeechat stopped?); "
                "nothing of it was kept: upload the file again"
            )
        return found

    def _file_now(self) -> float:
        """The time files are given now (their ages are measured against it): the
        modification time of a file touched here, on the file system's clock, which is
        the clock that dates the job files (not the workspace's clock, which a test or a
        plan may set to another day)."""
        marker = self._jobs() / ".now"
        marker.touch(mode=0o600)
        return marker.stat().st_mtime

    def _tidy_uploads(self, keep: str | None = None) -> None:
        """Remove the files left by earlier uploads (not the one being imported), and the
        state of jobs older than ``UPLOAD_KEPT``."""
        running = self._lock_holder()
        now = self._file_now()
        for path in self._jobs().iterdir():
            job = path.name.split(".", 1)[0]
            if job in {running, keep} or path.name in {"running", ".now"}:
                continue
            if path.suffix in {".upload", ".tmp"} or now - path.stat().st_mtime > UPLOAD_KEPT:
                path.unlink(missing_ok=True)

    # -- the lock ------------------------------------------------------------------

    def _lock(self) -> Path:
        return self._jobs() / "running"

    def _lock_holder(self) -> str | None:
        """The job holding the lock, unless it is finished or has stalled."""
        lock = self._lock()
        try:
            job = lock.read_text(encoding="utf-8").strip()
        except OSError:
            return None
        state = self._job_file(job, ".json") if _JOB_ID.match(job) else lock
        try:
            moved = max(state.stat().st_mtime, lock.stat().st_mtime)
        except OSError:
            moved = 0.0
        alive = self._file_now() - moved < STALLED
        if alive and _JOB_ID.match(job):
            try:
                alive = not self.import_job(job).finished
            except UnknownImport:
                alive = False
        return job if alive else None

    def _take_lock(self, job: str) -> None:
        lock = self._lock()
        for _ in range(2):
            try:
                fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                holder = self._lock_holder()
                if holder is not None:
                    other = None
                    with contextlib.suppress(UnknownImport):
                        other = self.import_job(holder)
                    raise ImportBusy(other) from None
                lock.unlink(missing_ok=True)  # a dead import's: no longer holds
                continue
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(job)
            return
        raise ImportBusy(None)

    def _release_lock(self, job: str) -> None:
        lock = self._lock()
        with contextlib.suppress(OSError):
            if lock.read_text(encoding="utf-8").strip() == job:
                lock.unlink()

    # -- the three steps -----------------------------------------------------------

    def check_import(
        self, data: bytes, filename: str, kind: str | None = None, mapping: str | None = None
    ) -> ImportJob:
        """Step 1 and 2: keep the file (0600) and do the dry run of its import. The job is
        "checked" (with what the import would do) or "refused" (the file cannot be
        imported: the error names the line and the field; its file is removed at once).
        ``kind`` is guessed from the file when not given; ``mapping`` is the CSV's
        ``--map``."""
        from coffeechat.formats.imported import one_line

        source = one_line(Path(filename or "upload").name)[:120] or "upload"
        kind = kind or guess_kind(source, data)
        if kind not in KINDS:
            raise CoffeechatError(f"kind: {kind!r} is not one of {', '.join(KINDS)}")
        job = ImportJob(secrets.token_urlsafe(12), kind, source, mapping=mapping or None)
        self._tidy_uploads()
        upload = self._job_file(job.id, ".upload")
        fd = os.open(upload, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        try:
            if kind == "json":
                self._check_json(job, data)
            else:
                _summarise(job, self._run_contacts(job, data, dry_run=True))
        except CoffeechatError as problem:
            job.state, job.error = "refused", str(problem)
            upload.unlink(missing_ok=True)
        self._save_job(job)
        return job

    def start_import(self, job_id: str) -> ImportJob:
        """Step 3 begins: take the workspace's import lock for a checked job (ImportBusy
        when another import runs) and mark it running; then call ``run_import``."""
        job = self.import_job(job_id)
        if job.state != "checked":
            raise CoffeechatError(
                f"{job.source}: this import is {job.state} already; upload the file again"
            )
        if not self._job_file(job.id, ".upload").exists():
            raise CoffeechatError(
                f"{job.source}: the uploaded file is gone (another file came after it, or it "
                "waited over an hour); upload it again"
            )
        self._take_lock(job.id)
        job.state, job.percent = "running", 0
        self._save_job(job)
        return job

    def run_import(self, job_id: str, progress: Callable[[int], None] | None = None) -> ImportJob:
        """Import a started job's file (``start_import``), as one change that ``undo``
        names "import", saving its progress as it goes (``progress(percent)`` is told each
        new value once it is saved); then its summary, or its error. Its file is removed
        and the lock released whatever happens."""
        from coffeechat.service.changes import change

        job = self.import_job(job_id)
        upload = self._job_file(job.id, ".upload")

        def moved(percent: int) -> None:
            percent = max(0, min(100, percent))
            if percent > job.percent:
                job.percent = percent
                self._save_job(job)
                if progress is not None:
                    progress(percent)

        try:
            data = upload.read_bytes()
            with change("import"):
                if job.kind == "json":
                    self._run_json(job, data, moved)
                else:
                    _summarise(job, self._run_contacts(job, data, dry_run=False, moved=moved))
            job.state = "done"
            moved(100)
        except CoffeechatError as problem:
            job.state, job.error = "failed", str(problem)
        except OSError as problem:
            job.state, job.error = "failed", f"{job.source}: {problem.strerror or problem}"
        except BaseException:
            job.state, job.error = "failed", f"{job.source}: the import stopped unexpectedly"
            raise
        finally:
            upload.unlink(missing_ok=True)
            self._save_job(job)
            self._release_lock(job.id)
        return job

    # -- what each kind does ---------------------------------------------------------

    def _run_contacts(
        self,
        job: ImportJob,
        data: bytes,
        dry_run: bool,
        moved: Callable[[int], None] | None = None,
    ) -> ImportSummary:
        """Read the file and import it (or its dry run): the calls of ``coffeechat import
        linkedin|vcard|csv``."""

        def reading(done: int, total: int) -> None:
            if moved is not None and total:
                moved(READING * done // total)

        def writing(done: int, total: int) -> None:
            if moved is not None and total:
                moved(READING + (100 - READING) * done // total)

        if job.kind == "linkedin":
            from coffeechat.formats.linkedin import read_linkedin

            found = read_linkedin(data, job.source, progress=reading)
        elif job.kind == "vcard":
            from coffeechat.formats.vcard import read_vcard

            found = read_vcard(data, job.source, progress=reading)
        else:
            from coffeechat.formats.csvcontacts import parse_map, read_csv_contacts

            mapping = parse_map(job.mapping) if job.mapping else None
            found = read_csv_contacts(data, job.source, progress=reading, mapping=mapping)
        return self.import_contacts(found, job.source, job.kind, dry_run=dry_run, progress=writing)

    def _check_json(self, job: ImportJob, data: bytes) -> None:
        """The dry run of restoring an export: the workspace must be empty, and the whole
        document is read and checked (nothing written): the objects it would restore."""
        import io

        from coffeechat.formats import exportjson
        from coffeechat.formats.files import BoundedReader
        from coffeechat.service.exchange import WorkspaceNotEmpty
        from coffeechat.store import exchange as exchange_store

        with self.reading() as conn:
            found = exchange_store.occupied(conn)
        if found:
            raise WorkspaceNotEmpty(job.source, found)
        stream = BoundedReader(io.BytesIO(data), job.source, exportjson.MAX_BYTES, "a JSON export")
        restored = exportjson.read(stream, job.source, lambda table, rows: None)
        job.restores = {k: n for k, n in restored.counts.items() if n}
        job.total = sum(job.restores.values())

    def _run_json(self, job: ImportJob, data: bytes, moved: Callable[[int], None]) -> None:
        """Restore an export (``coffeechat import json``), the bar following the bytes read."""
        import io

        class Counted(io.BytesIO):
            def read(self, size: int | None = -1) -> bytes:
                chunk = super().read(size)
                moved(95 * self.tell() // max(1, len(data)))
                return chunk

        summary = self.import_json(Counted(data), job.source)
        job.restores = {k: n for k, n in summary.counts.items() if n}
        job.total = sum(job.restores.values())


def _summarise(job: ImportJob, summary: ImportSummary) -> None:
    """Put an import's summary (or its dry run's) into the job: the counts, the first rows
    of each outcome, the first warnings."""
    job.total = summary.total
    job.counts = {a: summary.count(a) for a in ACTIONS}
    rows: dict[str, list[dict[str, Any]]] = {a: [] for a in ACTIONS}
    for r in summary.rows:
        kept = rows[r.action] if r.action in rows else rows.setdefault(r.action, [])
        if len(kept) < SHOWN:
            kept.append({"line": r.line, "name": r.name, "reason": r.reason or None})
    job.rows = {a: kept for a, kept in rows.items() if kept}
    job.warnings = [{"line": line, "reason": why} for line, why in summary.warnings[:SHOWN]]
    job.warnings_total = len(summary.warnings)
    job.backup = str(summary.backup) if summary.backup else None
