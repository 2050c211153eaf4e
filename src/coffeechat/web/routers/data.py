"""Your data (``/data``): the import wizard (upload a file, see the dry run, import it with
a bar that moves while it writes: ``coffeechat import``), the exports (``coffeechat
export json|csv|vcard``), a backup to download (``coffeechat backup``) and the doctor
(``coffeechat doctor [--fix]``).

An import runs in a thread of this process; its state is kept by the service in the
workspace folder (``service/importjobs.py``), so any worker answers the page that polls it.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import FileResponse, RedirectResponse, Response

from coffeechat.core.errors import CoffeechatError
from coffeechat.service.importjobs import guess_kind
from coffeechat.web import notice as notice_cookie
from coffeechat.web.routers.deps import workspace_of
from coffeechat.web.security import check_csrf
from coffeechat.web.templating import is_htmx, render

if TYPE_CHECKING:
    from coffeechat.service.importjobs import ImportJob
    from coffeechat.service.workspace import Workspace

router = APIRouter(include_in_schema=False, dependencies=[Depends(check_csrf)])

NOTICE_COOKIE = "coffeechat_data_notice"
log = logging.getLogger(__name__)

#: The kinds of file the wizard takes: (value, label); "" guesses from the file.
KIND_CHOICES = (
    ("", "Guess from the file"),
    ("linkedin", "LinkedIn: Connections.csv or the whole .zip"),
    ("vcard", "vCard (.vcf): a phone or an address book"),
    ("csv", "CSV: any spreadsheet, Google Contacts"),
    ("json", "coffeechat export (.json): restore into an empty workspace"),
)

#: The exports offered: (format, file name, media type, what it is).
EXPORTS = {
    "json": ("coffeechat-export.json", "application/json", "Everything, as JSON (a backup)"),
    "csv": ("coffeechat-contacts.csv", "text/csv; charset=utf-8", "Contacts, for a spreadsheet"),
    "vcard": ("coffeechat-contacts.vcf", "text/vcard; charset=utf-8", "Contacts, as vCards"),
}

#: The words of each outcome of a row.
OUTCOMES = {
    "created": "new contacts",
    "updated": "existing contacts with empty fields filled",
    "merged": "repeats within the file, merged",
    "unchanged": "already known, nothing new",
    "skipped": "skipped",
}


@dataclass
class UploadForm:
    """The upload form: what was chosen, and the error when the file was refused."""

    kind: str = ""
    mapping: str = ""
    error: str | None = None


@dataclass(frozen=True)
class DataPage:
    """The context of Your data."""

    title: str
    form: UploadForm
    kinds: tuple[tuple[str, str], ...]
    exports: list[tuple[str, str]]
    sqlite: bool
    notice: str | None = None
    backup_error: str | None = None


@dataclass(frozen=True)
class JobPage:
    """The context of an import's page: its state (``service.importjobs.ImportJob``)."""

    title: str
    job: ImportJob
    outcomes: dict[str, str]
    #: The message when the import could not start (another one is running).
    busy: str | None = None


@dataclass(frozen=True)
class DoctorPage:
    """The context of the doctor's page (``coffeechat doctor``)."""

    title: str
    where: str
    ok: bool
    checks: list[Any] = field(default_factory=list)
    repaired: int | None = None
    fixable: bool = False


def data_page(
    request: Request,
    *,
    form: UploadForm | None = None,
    notice: str | None = None,
    backup_error: str | None = None,
) -> DataPage:
    """Your data's page."""
    workspace = workspace_of(request)
    exports = [(fmt, about) for fmt, (_, _, about) in EXPORTS.items()]
    return DataPage(
        "Your data",
        form or UploadForm(),
        KIND_CHOICES,
        exports,
        workspace.settings.database_url.startswith("sqlite"),
        notice,
        backup_error,
    )


@router.get("/data")
def your_data(request: Request) -> Response:
    """Import, export, back up, check."""
    said = notice_cookie.told(request, NOTICE_COOKIE)
    response = render(request, "data/index.html", data_page(request, notice=said))
    return notice_cookie.shown(request, response, NOTICE_COOKIE)


@router.post("/data/imports")
def check_import(
    request: Request,
    file: Annotated[UploadFile | None, File()] = None,
    kind: Annotated[str, Form()] = "",
    mapping: Annotated[str, Form(alias="map")] = "",
) -> Response:
    """Steps 1 and 2: take the file and show what importing it would do (``coffeechat
    import KIND FILE --dry-run``). A file that cannot be imported is said beside the field."""
    form = UploadForm(kind, mapping)
    if file is None or not file.filename:
        form.error = "Choose a file to import."
        return render(request, "data/index.html", data_page(request, form=form), status_code=400)
    data = file.file.read()
    if request.app.state.web.team and (kind or guess_kind(file.filename, data)) == "json":
        # a backup keeps its ids and replaces a whole workspace: never into a shared database
        form.error = (
            f"{file.filename}: a coffeechat export is restored into a new workspace on your "
            "own computer (coffeechat import json), not into the team server; here, import "
            "a LinkedIn, vCard or CSV file"
        )
        return render(request, "data/index.html", data_page(request, form=form), status_code=400)
    try:
        job = workspace_of(request).check_import(data, file.filename, kind or None, mapping)
    except CoffeechatError as problem:
        form.error = str(problem)
        return render(request, "data/index.html", data_page(request, form=form), status_code=400)
    finally:
        file.file.close()
    if job.state == "refused":
        form.error = job.error
        return render(request, "data/index.html", data_page(request, form=form), status_code=400)
    return RedirectResponse(f"/data/imports/{job.id}", status_code=303)


def _job_page(job: ImportJob, busy: str | None = None) -> JobPage:
    return JobPage(f"Import {job.source}", job, OUTCOMES, busy)


@router.get("/data/imports/{job_id}")
def import_job(request: Request, job_id: str) -> Response:
    """An import: its dry run, its progress (the fragment htmx polls), or its result."""
    job = workspace_of(request).import_job(job_id)
    block = "job" if is_htmx(request) else None
    return render(request, "data/job.html", _job_page(job), block=block)


def _run(workspace: Workspace, job_id: str) -> None:
    """The import, in its own thread (the service saves its progress and its end)."""
    try:
        workspace.run_import(job_id)
    except Exception:  # the job says it failed; the log says why
        log.exception("import %s stopped", job_id)


@router.post("/data/imports/{job_id}")
def start_import(request: Request, job_id: str) -> Response:
    """Step 3: import the checked file (``coffeechat import KIND FILE``) in the
    background; the page shows its progress. One import at a time per workspace."""
    from coffeechat.service.importjobs import ImportBusy

    workspace = workspace_of(request)
    try:
        job = workspace.start_import(job_id)
    except ImportBusy as busy:
        page = _job_page(workspace.import_job(job_id), str(busy))
        if is_htmx(request):
            return render(request, "data/job.html", page, block="job")
        return render(request, "data/job.html", page, status_code=409)
    threading.Thread(target=_run, args=(workspace, job.id), name=f"import-{job.id}").start()
    if is_htmx(request):
        return render(request, "data/job.html", _job_page(job), block="job")
    return RedirectResponse(f"/data/imports/{job.id}", status_code=303)


@router.get("/data/export/{fmt}")
def export(request: Request, fmt: str) -> Response:
    """A download of ``coffeechat export json|csv|vcard``."""
    from fastapi import HTTPException

    if fmt not in EXPORTS:
        raise HTTPException(404, f"No export as {fmt!r}: json, csv or vcard.")
    workspace = workspace_of(request)
    name, media, _ = EXPORTS[fmt]
    accounts = request.app.state.accounts
    if accounts is not None:  # the team server: who took a copy, in the audit log
        from coffeechat.web.security import access_of

        user = access_of(request).user
        accounts.audit(user.id, "data.export", user.email, fmt)
    write = {
        "json": workspace.export_json,
        "csv": workspace.export_contacts_csv,
        "vcard": workspace.export_vcard,
    }[fmt]
    return Response(
        write(),
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.post("/data/backup")
def backup(request: Request) -> Response:
    """A download of ``coffeechat backup``: a consistent copy of the workspace, kept in
    backups/ too. Not on the team server: the database is everyone's (a copy of a SQLite
    one would hold every account); its backups are the admins' (docs/team.md)."""
    _not_in_team(request)
    workspace = workspace_of(request)
    try:
        made = workspace.backup()
    except CoffeechatError as problem:
        page = data_page(request, backup_error=str(problem))
        return render(request, "data/index.html", page, status_code=400)
    return FileResponse(made, media_type="application/vnd.sqlite3", filename=made.name)


#: The checks ``doctor --fix`` repairs.
FIXABLE = {"orphans", "search index", "permissions"}


def _not_in_team(request: Request) -> None:
    """404 on the team server, for what acts on the whole database."""
    if request.app.state.web.team:
        from fastapi import HTTPException

        raise HTTPException(404)


def _doctor_page(request: Request, fix: bool) -> DoctorPage:
    _not_in_team(request)
    report = workspace_of(request).doctor(fix=fix)
    fixable = any(not c.ok and c.name in FIXABLE for c in report.checks)
    return DoctorPage(
        "Check your workspace",
        report.where,
        report.ok,
        list(report.checks),
        report.repaired if fix else None,
        fixable,
    )


@router.get("/data/doctor")
def doctor(request: Request) -> Response:
    """``coffeechat doctor``: what it found, and what to do."""
    return render(request, "data/doctor.html", _doctor_page(request, fix=False))


@router.post("/data/doctor")
def doctor_fix(request: Request) -> Response:
    """``coffeechat doctor --fix``: repair what can be repaired safely, after a backup."""
    return render(request, "data/doctor.html", _doctor_page(request, fix=True))
