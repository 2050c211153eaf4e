"""Your data (/data): the import wizard over `coffeechat import` (the same dry run, the same
import, in the background with a progress bar htmx polls), the downloads of `coffeechat
export` and `coffeechat backup`, and `coffeechat doctor [--fix]`."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from coffeechat.service import Workspace
from coffeechat.service.importjobs import imports_folder
from conftest import CLI, WebClient, watch

DATA = Path(__file__).parent / "data" / "imports"
#: A Google Contacts CSV (its columns are known without a map), a repeat inside it.
PEOPLE = (
    b"First Name,Last Name,E-mail 1 - Value,Organization Name\n"
    b"Ada,Lovelace,ada@example.com,Acme\n"
    b"Grace,Hopper,grace@example.com,Navy\n"
    b"Ada,Lovelace,ada@lovelace.example,Acme\n"
    b",,,Nameless Inc\n"
)


def h1s(page: str) -> list[str]:
    return re.findall(r"<h1[^>]*>(.*?)</h1>", page, re.S)


def upload(client: WebClient, name: str, data: bytes, kind: str = "", **form: str) -> Any:
    return client.post(
        "/data/imports", data={"kind": kind, **form}, files={"file": (name, data, "text/plain")}
    )


def job_of(response: Any) -> str:
    assert response.status_code == 303, response.text
    found = re.fullmatch(r"/data/imports/([\w-]+)", response.headers["location"])
    assert found, response.headers["location"]
    return found.group(1)


def finished(workspace: Workspace, job: str) -> Any:
    for _ in range(1000):
        state = workspace.import_job(job)
        if state.finished:
            return state
        time.sleep(0.01)
    raise AssertionError(f"the import {job} did not finish")


def counts_on(page: str) -> dict[str, int]:
    return {
        action: int(n)
        for action, n in re.findall(r'<th scope="row">(\w+)</th><td class="n">(\d+)</td>', page)
    }


def test_the_page_offers_import_export_backup_and_doctor(
    client: WebClient, workspace: Workspace
) -> None:
    page = client.get("/data").text
    assert h1s(page) == ["Your data"]
    assert 'href="/data" aria-current="page">Your data<' in page
    assert 'enctype="multipart/form-data"' in page and 'name="csrf_token"' in page
    assert '<label for="import-file">' in page and 'type="file"' in page
    for fmt in ("json", "csv", "vcard"):
        assert f'href="/data/export/{fmt}"' in page
    assert 'href="/data/doctor"' in page
    if workspace.settings.database_url.startswith("sqlite"):
        assert 'action="/data/backup"' in page
    else:  # a server's database: its own tools, or the JSON export
        assert 'action="/data/backup"' not in page and "database server" in page


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("people.csv", PEOPLE, "csv"),
        ("contacts.vcf", (DATA / "contacts-4.0.vcf").read_bytes(), "vcard"),
        ("Connections.csv", (DATA / "Connections.csv").read_bytes(), "linkedin"),
    ],
)
def test_the_preview_is_the_clis_dry_run(
    client: WebClient,
    workspace: Workspace,
    same_cli: CLI,
    tmp_path: Path,
    name: str,
    data: bytes,
    kind: str,
) -> None:
    workspace.add_contact(name="Grace Hopper", email="grace@example.com")
    job = job_of(upload(client, name, data))
    page = client.get(f"/data/imports/{job}").text
    assert h1s(page) == [f"Import {name}"]
    path = tmp_path / name
    path.write_bytes(data)
    expected = same_cli.json("import", kind, str(path), "--dry-run")
    actions = ("created", "updated", "merged", "unchanged", "skipped")
    assert counts_on(page) == {a: expected[a] for a in actions}
    assert f"{expected['total']} rows read" in page
    for row in expected["rows"]:
        if row["action"] == "skipped":
            assert f"<td>{row['line']}</td>" in page
    assert len(workspace.list_contacts()) == 1  # nothing written yet
    assert f'action="/data/imports/{job}"' in page


def test_importing_creates_the_contacts_and_the_progress_says_done(
    client: WebClient, workspace: Workspace
) -> None:
    job = job_of(upload(client, "people.csv", PEOPLE))
    started = client.post(f"/data/imports/{job}")
    assert started.status_code == 303 and started.headers["location"] == f"/data/imports/{job}"
    done = finished(workspace, job)
    assert done.state == "done", done.error
    assert sorted(c.name for c in workspace.list_contacts()) == ["Ada Lovelace", "Grace Hopper"]
    fragment = client.htmx("GET", f"/data/imports/{job}")
    assert fragment.status_code == 200
    assert "<h1" not in fragment.text and 'id="job"' in fragment.text
    assert 'value="100"' in fragment.text and "hx-trigger" not in fragment.text  # stops polling
    assert counts_on(fragment.text) == {
        "created": 2,
        "updated": 0,
        "merged": 1,
        "unchanged": 0,
        "skipped": 1,
    }
    assert "2 new, 0 updated, 1 merged, 0 unchanged, 1 skipped" in fragment.text
    assert list(imports_folder(workspace.settings.home, workspace.owner_id).glob("*.upload")) == []
    assert workspace.undo().label == "import"  # named for `coffeechat undo`
    # the job is done: it is not imported twice
    assert client.post(f"/data/imports/{job}").status_code == 400


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Imports stop at 40% until the event is set (a dry run goes through)."""
    gate = threading.Event()
    original = Workspace.import_contacts

    def holding(self: Workspace, read: Any, *args: Any, **kwargs: Any) -> Any:
        if not kwargs.get("dry_run"):
            kwargs["progress"](1, 4)
            assert gate.wait(20)
        return original(self, read, *args, **kwargs)

    monkeypatch.setattr(Workspace, "import_contacts", holding)
    return gate


def test_the_progress_fragment_polls_while_the_import_writes(
    client: WebClient, workspace: Workspace, held: threading.Event
) -> None:
    job = job_of(upload(client, "people.csv", PEOPLE))
    try:
        first = client.htmx("POST", f"/data/imports/{job}")
        assert first.status_code == 200 and "<progress" in first.text
        for _ in range(1000):
            running = client.htmx("GET", f"/data/imports/{job}").text
            if 'value="40"' in running:
                break
            time.sleep(0.01)
        assert '<progress id="job-progress" max="100" value="40">' in running
        assert 'hx-trigger="every 500ms"' in running and "40% done" in running
        page = client.get(f"/data/imports/{job}").text  # without script: it reloads
        assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page
    finally:
        held.set()
    assert finished(workspace, job).state == "done"
    assert "hx-trigger" not in client.htmx("GET", f"/data/imports/{job}").text


def test_a_second_import_waits_for_the_first(
    client: WebClient, workspace: Workspace, held: threading.Event
) -> None:
    first = job_of(upload(client, "people.csv", PEOPLE))
    try:
        client.post(f"/data/imports/{first}")
        second = job_of(upload(client, "more.csv", PEOPLE))  # the running one's file stays
        refused = client.post(f"/data/imports/{second}")
        assert refused.status_code == 409
        assert "another import is running (people.csv" in refused.text
        assert "one import at a time" in refused.text
        fragment = client.htmx("POST", f"/data/imports/{second}")
        assert fragment.status_code == 200 and "another import is running" in fragment.text
        assert workspace.import_job(second).state == "checked"
    finally:
        held.set()
    assert finished(workspace, first).state == "done"


@pytest.mark.parametrize(
    ("name", "data", "where"),
    [
        ("bad.csv", b'First Name,E-mail 1 - Value\nAda,"ada@x.com\nBob,b@x.com\n', "line 2"),
        ("cut.vcf", (DATA / "truncated.vcf").read_bytes(), "line 17"),
        ("odd.csv", b"Who,Mail\nAda,ada@x.com\n", "line 1: not a Google Contacts"),
    ],
)
def test_a_bad_file_says_where_and_imports_nothing(
    client: WebClient, workspace: Workspace, name: str, data: bytes, where: str
) -> None:
    response = upload(client, name, data)
    assert response.status_code == 400
    assert h1s(response.text) == ["Your data"]
    assert f"{name}, {where}" in html.unescape(response.text)
    assert "This file was not imported" in response.text and 'aria-invalid="true"' in response.text
    assert workspace.list_contacts() == []
    assert list(imports_folder(workspace.settings.home, workspace.owner_id).glob("*.upload")) == []


def test_a_csv_with_its_columns_mapped(client: WebClient, workspace: Workspace) -> None:
    job = job_of(upload(client, "odd.csv", b"Who,Mail\nAda,ada@x.com\n", map="Who=name,Mail=email"))
    assert counts_on(client.get(f"/data/imports/{job}").text)["created"] == 1
    refused = upload(client, "odd.csv", b"Who,Mail\nAda,ada@x.com\n", map="Who=nom")
    assert refused.status_code == 400 and 'value="Who=nom"' in refused.text


def test_no_file_is_said_beside_the_field(client: WebClient) -> None:
    response = client.post("/data/imports", data={"kind": ""})
    assert response.status_code == 400 and "Choose a file to import." in response.text


def test_a_60_mb_upload_is_refused_by_the_guard(client: WebClient, workspace: Workspace) -> None:
    big = b"x" * (60 * 1024 * 1024)
    response = upload(client, "huge.csv", big)
    assert response.status_code == 413
    assert workspace.list_contacts() == []


def test_uploads_need_the_csrf_token(client: WebClient) -> None:
    response = client.post(
        "/data/imports", csrf=False, files={"file": ("people.csv", PEOPLE, "text/csv")}
    )
    assert response.status_code == 403


def test_an_unknown_import_is_404(client: WebClient) -> None:
    assert client.get("/data/imports/nothing-here-at-all").status_code == 404
    assert client.get("/data/imports/..%2F..%2Fcoffeechat").status_code == 404


def test_the_exports_download_and_parse(client: WebClient, workspace: Workspace) -> None:
    workspace.add_contact(name="Ada Lovelace", email="ada@example.com", company="Acme")
    workspace.add_contact(name="Grace Hopper")
    whole = client.get("/data/export/json")
    assert whole.status_code == 200
    assert 'filename="coffeechat-export.json"' in whole.headers["content-disposition"]
    assert whole.content == workspace.export_json()
    assert [c["name"] for c in json.loads(whole.content)["contacts"]] == [
        "Ada Lovelace",
        "Grace Hopper",
    ]
    table = client.get("/data/export/csv")
    rows = list(csv.DictReader(io.StringIO(table.content.decode("utf-8-sig"))))
    assert [r["name"] for r in rows] == ["Ada Lovelace", "Grace Hopper"]
    cards = client.get("/data/export/vcard")
    assert cards.headers["content-type"].startswith("text/vcard")
    assert cards.text.count("BEGIN:VCARD") == 2 and "FN:Ada Lovelace" in cards.text
    assert client.get("/data/export/pdf").status_code == 404


def test_the_backup_downloads_a_sound_copy(client: WebClient, workspace: Workspace) -> None:
    workspace.add_contact(name="Ada Lovelace")
    response = client.post("/data/backup")
    if not workspace.settings.database_url.startswith("sqlite"):
        assert response.status_code == 400
        assert "not a SQLite" in response.text or "SQLite" in response.text
        return
    assert response.status_code == 200
    assert response.content.startswith(b"SQLite format 3\x00")
    assert "attachment" in response.headers["content-disposition"]
    import sqlite3

    copy = Path(workspace.settings.home) / "downloaded.db"
    copy.write_bytes(response.content)
    with sqlite3.connect(copy) as db:
        assert db.execute("SELECT name FROM contact").fetchall() == [("Ada Lovelace",)]


def test_the_doctor_shows_its_findings_and_repairs(client: WebClient, workspace: Workspace) -> None:
    workspace.settings.home.chmod(0o700)  # as `coffeechat init` leaves a folder it makes
    page = client.get("/data/doctor").text
    assert h1s(page) == ["Check your workspace"]
    assert "Everything is in order." in page and "integrity" in page
    assert 'action="/data/doctor"' not in page  # nothing to repair
    workspace.settings.home.chmod(0o755)  # others could read it
    page = client.get("/data/doctor").text
    assert "problem: permissions" in page and "What to do" in page
    assert 'action="/data/doctor"' in page
    repaired = client.post("/data/doctor")
    assert repaired.status_code == 200 and "Repaired" in repaired.text
    assert workspace.settings.home.stat().st_mode & 0o777 == 0o700
    assert "Everything is in order." in client.get("/data/doctor").text


@pytest.mark.browser
def test_in_a_browser_the_wizard_previews_imports_and_the_bar_moves_to_done(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """Upload by the file field, see the dry run, click Import: the bar is shown below
    100% (the answer of the click is the running import, at 0%), htmx polls it to done,
    the summary replaces it; no console error, no sideways scroll on a phone."""
    from playwright.sync_api import expect

    sign_in: str = request.getfixturevalue("served")
    chromium: Any = request.getfixturevalue("browser")
    rows = "".join(f"Person,{i},p{i}@example.com,Firm {i % 50}\n" for i in range(5000))
    people = tmp_path / "people.csv"
    people.write_text("First Name,Last Name,E-mail 1 - Value,Organization Name\n" + rows)
    page = chromium.new_page(viewport={"width": 375, "height": 812})
    problems = watch(page)
    page.goto(sign_in)
    page.get_by_role("link", name="Your data", exact=True).click()
    page.wait_for_url("**/data")
    assert page.locator("h1").inner_text() == "Your data"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.get_by_label("File", exact=True).set_input_files(str(people))
    page.get_by_role("button", name="See what it would do").click()
    page.wait_for_url("**/data/imports/*")
    expect(page.locator("h1")).to_have_text("Import people.csv")
    expect(page.locator("table.counts caption")).to_have_text("5000 rows read")
    expect(page.locator("table.counts tr", has_text="created")).to_contain_text("5000")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shots = tmp_path  # screenshots to look at (pytest --basetemp=DIR keeps them)
    page.screenshot(path=str(Path(shots) / "data-preview-375.png"), full_page=True)
    seen: list[str] = []
    page.on(
        "response",
        lambda r: seen.append(r.url) if "/data/imports/" in r.url else None,
    )
    with page.expect_response(lambda r: r.request.method == "POST") as clicked:
        page.get_by_role("button", name="Import people.csv").click()
    # The click's own answer is the running import below 100%; read from the answer, not
    # the live page, which htmx may already have polled to done on a fast machine.
    first = re.search(r'id="job-progress" max="100" value="(\d+)"', clicked.value.text())
    assert first is not None and int(first.group(1)) < 100
    bar = page.locator("progress#job-progress")
    expect(bar).to_be_visible()
    expect(page.locator("#job h2")).to_have_text("Imported", timeout=30_000)
    assert bar.get_attribute("value") == "100"
    expect(page.locator("#job .notice")).to_contain_text("5000 new")
    assert page.url.endswith(page.url.rsplit("/", 1)[-1])  # swapped in place
    assert any(u == page.url for u in seen)  # it polled the job's address
    page.screenshot(path=str(Path(shots) / "data-done-375.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_role("link", name="Import another file").click()
    page.wait_for_url("**/data")
    page.screenshot(path=str(Path(shots) / "data-1280.png"), full_page=True)
    assert problems == []
