"""Import jobs (service/importjobs.py): the web's import wizard below the web. The dry run
and the import are `coffeechat import`'s; the progress moves through intermediate values
as the rows are written; one import at a time; the uploaded file is private and goes."""

from __future__ import annotations

import io
import os
import stat
import zipfile
from pathlib import Path
from typing import Any

import pytest

from coffeechat.core.errors import CoffeechatError
from coffeechat.service import Workspace
from coffeechat.service.importjobs import ImportBusy, UnknownImport, guess_kind, imports_folder


def people_csv(n: int) -> bytes:
    """A Google Contacts export of ``n`` people (its columns are known without a map)."""
    rows = "".join(f"Person,{i},person{i}@example.com,Firm {i % 7}\n" for i in range(n))
    return ("First Name,Last Name,E-mail 1 - Value,Organization Name\n" + rows).encode()


LINKEDIN = (
    "\ufeffFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
    "Ada,Lovelace,https://www.linkedin.com/in/ada,ada@acme.example,Acme,Engineer,05 Nov 2026\r\n"
    "Zoë,Chen,https://www.linkedin.com/in/zoe,,Initech,PM,1 Oct 2026\r\n"
).encode()


def uploads(workspace: Workspace) -> list[Path]:
    return sorted(imports_folder(workspace.settings.home, workspace.owner_id).glob("*.upload"))


def test_a_job_is_checked_then_imported_with_intermediate_progress(workspace: Workspace) -> None:
    job = workspace.check_import(people_csv(2000), "people.csv")
    assert (job.kind, job.state, job.total) == ("csv", "checked", 2000)
    assert job.counts["created"] == 2000
    assert len(job.rows["created"]) == 50  # the first rows shown, the count whole
    assert workspace.list_contacts() == []  # a dry run
    (upload,) = uploads(workspace)
    assert stat.S_IMODE(upload.stat().st_mode) == 0o600
    assert stat.S_IMODE(upload.parent.stat().st_mode) == 0o700

    workspace.start_import(job.id)
    assert workspace.import_job(job.id).state == "running"
    seen: list[tuple[int, int]] = []

    def told(percent: int) -> None:  # what the page reads at that moment
        seen.append((percent, workspace.import_job(job.id).percent))

    done = workspace.run_import(job.id, progress=told)
    percents = [p for p, _ in seen]
    assert all(p == read for p, read in seen)  # saved before it is told
    assert any(0 < p < 100 for p in percents), percents
    assert percents == sorted(percents) and percents[-1] == 100
    assert done.state == "done" and done.counts["created"] == 2000
    assert len(workspace.list_contacts()) == 2000
    assert uploads(workspace) == []  # the file goes once it is in


def test_the_import_is_one_change_named_import(workspace: Workspace) -> None:
    workspace.add_contact(name="Before")
    job = workspace.check_import(LINKEDIN, "Connections.csv")
    assert job.kind == "linkedin"
    workspace.start_import(job.id)
    workspace.run_import(job.id)
    assert len(workspace.list_contacts()) == 3
    assert workspace.undo().label == "import"
    assert [c.name for c in workspace.list_contacts()] == ["Before"]


def test_linkedins_zip_is_read_for_its_connections(workspace: Workspace) -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("Basic_LinkedInDataExport/Profile.csv", "First Name\nSam\n")
        z.writestr("Basic_LinkedInDataExport/Connections.csv", LINKEDIN)
    job = workspace.check_import(archive.getvalue(), "Basic_LinkedInDataExport.zip")
    assert (job.kind, job.state, job.counts["created"]) == ("linkedin", "checked", 2)
    empty = io.BytesIO()
    with zipfile.ZipFile(empty, "w") as z:
        z.writestr("Profile.csv", "x")
    refused = workspace.check_import(empty.getvalue(), "other.zip")
    assert refused.state == "refused" and "without Connections.csv" in (refused.error or "")
    broken = workspace.check_import(b"PK\x03\x04garbage", "broken.zip", "linkedin")
    assert broken.state == "refused" and "cannot be read" in (broken.error or "")


def test_a_refused_file_says_where_and_leaves_nothing(workspace: Workspace) -> None:
    job = workspace.check_import(b'name,email\nAda,"ada@x.com\nBob,b@x.com\n', "bad.csv")
    assert job.state == "refused"
    assert "bad.csv, line 2" in (job.error or "")
    assert uploads(workspace) == []
    with pytest.raises(CoffeechatError, match="refused already"):
        workspace.start_import(job.id)


def test_one_import_at_a_time(workspace: Workspace) -> None:
    first = workspace.check_import(people_csv(3), "a.csv")
    workspace.start_import(first.id)
    second = workspace.check_import(people_csv(4), "b.csv")  # the running one's file stays
    with pytest.raises(ImportBusy, match=r"another import is running \(a.csv, 0% done\)"):
        workspace.start_import(second.id)
    workspace.run_import(first.id)
    workspace.start_import(second.id)  # the lock went with the first
    assert workspace.run_import(second.id).state == "done"


def test_a_stalled_lock_does_not_hold_for_ever(workspace: Workspace) -> None:
    first = workspace.check_import(people_csv(3), "a.csv")
    workspace.start_import(first.id)  # and its process died: no progress for an hour
    second = workspace.check_import(people_csv(4), "b.csv")
    folder = imports_folder(workspace.settings.home, workspace.owner_id)
    for path in (folder / "running", folder / f"{first.id}.json"):
        os.utime(path, (0, 0))
    stopped = workspace.import_job(first.id)  # its page stops polling and says why
    assert stopped.state == "failed" and "stopped before the end" in (stopped.error or "")
    workspace.start_import(second.id)
    assert workspace.run_import(second.id).state == "done"


def test_the_next_upload_removes_the_files_left_before(workspace: Workspace) -> None:
    first = workspace.check_import(people_csv(3), "a.csv")
    workspace.check_import(people_csv(3), "b.csv")
    assert len(uploads(workspace)) == 1
    with pytest.raises(CoffeechatError, match=r"a\.csv: the uploaded file is gone"):
        workspace.start_import(first.id)
    assert workspace.list_contacts() == []
    os.utime(
        imports_folder(workspace.settings.home, workspace.owner_id) / f"{first.id}.json", (0, 0)
    )
    workspace.check_import(people_csv(3), "c.csv")  # an hour later: its state goes too
    with pytest.raises(UnknownImport):
        workspace.import_job(first.id)


def test_unknown_and_malicious_job_ids(workspace: Workspace) -> None:
    for job in ("nope-nope-nope", "../../coffeechat", ""):
        with pytest.raises(UnknownImport):
            workspace.import_job(job)


def test_a_json_export_is_checked_then_restored(workspace: Workspace, tmp_path: Path) -> None:
    workspace.add_contact(name="Ada Lovelace", company="Acme")
    export = workspace.export_json()
    refused = workspace.check_import(export, "backup.json")
    assert refused.state == "refused" and "already holds data" in (refused.error or "")
    from conftest import OWNER, make_settings

    settings = make_settings(tmp_path / "empty", workspace.settings.database_url + "")
    if not settings.database_url.startswith("sqlite"):
        pytest.skip("one PostgreSQL schema per test")
    settings = make_settings(tmp_path / "empty")
    empty = Workspace.create(settings, **OWNER)
    try:
        job = empty.check_import(export, "backup.json")
        assert job.kind == "json" and job.state == "checked", job.error
        assert job.restores["contacts"] == 1 and empty.list_contacts() == []
        empty.start_import(job.id)
        assert empty.run_import(job.id).state == "done"
        assert [c.name for c in empty.list_contacts()] == ["Ada Lovelace"]
    finally:
        empty.close()


def test_the_kind_is_guessed_from_the_file() -> None:
    assert guess_kind("x.zip", b"PK\x03\x04...") == "linkedin"
    assert guess_kind("c.csv", LINKEDIN) == "linkedin"
    assert guess_kind("c.vcf", b"") == "vcard"
    assert guess_kind("c.txt", b"BEGIN:VCARD\r\n") == "vcard"
    assert guess_kind("b.json", b"") == "json"
    assert guess_kind("p.csv", people_csv(1)) == "csv"


def test_the_cli_reads_linkedins_zip_too(ccw: Any, tmp_path: Path) -> None:
    archive = tmp_path / "Basic_LinkedInDataExport.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("Connections.csv", LINKEDIN)
    found = ccw.json("import", "linkedin", str(archive), "--dry-run")
    assert (found["total"], found["created"]) == (2, 2)


def test_each_account_of_a_team_server_has_its_own_import_jobs(
    workspace: Workspace, quick_passwords: None
) -> None:
    """The team server's accounts share the workspace folder: another account's job is
    not found by its id, not started, not tidied away, and does not hold the lock."""
    from coffeechat.service.accounts import Accounts

    with Accounts.open(workspace.settings) as accounts:
        bo = accounts.create_user("bo@example.org", "Bo Chen", "seeker", "correct horse battery")
        theirs = accounts.workspace_for(bo.id)
        mine = workspace.check_import(people_csv(3), "mine.csv")
        workspace.start_import(mine.id)  # running: holds this workspace's lock
        with pytest.raises(UnknownImport):
            theirs.import_job(mine.id)
        with pytest.raises(UnknownImport):
            theirs.start_import(mine.id)
        other = theirs.check_import(people_csv(2), "theirs.csv")  # not blocked, tidies its own
        assert theirs.run_import(theirs.start_import(other.id).id).state == "done"
        assert len(uploads(workspace)) == 1
        assert workspace.run_import(mine.id).state == "done"
        assert len(workspace.list_contacts()) == 3 and len(theirs.list_contacts()) == 2
