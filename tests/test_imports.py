"""Imports through the CLI: duplicates matched, empty fields filled, every row accounted
for, dry runs that change nothing, one transaction even under kill -9."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
NOTES = (
    '\ufeffNotes:\r\n"When exporting your connection data, you may notice that some of the '
    'email addresses are missing."\r\n\r\n'
)


def linkedin(rows: list[str]) -> bytes:
    return (NOTES + HEADER + "".join(r + "\r\n" for r in rows)).encode()


@pytest.fixture
def connections(tmp_path: Path) -> Path:
    path = tmp_path / "Connections.csv"
    path.write_bytes(
        linkedin(
            [
                "Ada,Lovelace,https://www.linkedin.com/in/ada-lovelace,ada@acme.example,Acme,"
                '"Engineer, Data",05 Nov 2026',
                "Zoë,Chen,https://www.linkedin.com/in/zoe,,Initech,PM,1 Oct 2026",
                "Ada,Lovelace,https://www.linkedin.com/in/ada-lovelace,,Acme,Engineer,05 Nov 2026",
                ",,https://www.linkedin.com/in/nobody,,,,05 Nov 2026",
            ]
        )
    )
    return path


def names(cc) -> list[str]:
    return [c["name"] for c in cc.json("contact", "list")["contacts"]]


def test_a_linkedin_export_with_a_duplicate_and_an_existing_contact(ccw, connections):
    ccw("contact", "add", "Zoe Chen", "--company", "Initech", "--email", "zoe@initech.example")
    report = ccw.json("import", "linkedin", str(connections))
    assert (report["created"], report["updated"], report["merged"], report["skipped"]) == (
        1,
        1,
        1,
        1,
    )
    by_line = {r["line"]: r for r in report["rows"]}
    assert by_line[5]["action"] == "created" and by_line[7]["action"] == "merged"
    assert by_line[6]["action"] == "updated" and by_line[6]["contact_id"] == 1
    assert by_line[8]["action"] == "skipped" and by_line[8]["reason"]
    assert names(ccw) == ["Ada Lovelace", "Zoe Chen"]  # existing names are kept
    ada = ccw.json("contact", "show", "ada")
    assert ada["met_on"] == "2026-11-05" and ada["how_met"] == "online"
    assert ada["title"] == "Engineer, Data" and ada["linkedin"].endswith("/ada-lovelace")
    zoe = ccw.json("contact", "show", "zoe")
    assert zoe["emails"] == ["zoe@initech.example"] and zoe["title"] == "PM"
    again = ccw.json("import", "linkedin", str(connections))
    assert again["unchanged"] == 3 and again["created"] == 0
    assert names(ccw) == ["Ada Lovelace", "Zoe Chen"]


def test_a_dry_run_changes_nothing(ccw, connections, home):
    out = ccw("import", "linkedin", str(connections), "--dry-run").stdout
    assert out.startswith("Would import ") and "Connections.csv: 4 rows: 2 created" in out
    assert names(ccw) == []
    assert not (home / "backups").exists()


def test_an_import_is_backed_up_first(ccw, connections, home):
    report = ccw.json("import", "linkedin", str(connections))
    backup = Path(report["backup"])
    assert backup.parent == home / "backups" and "before-import-linkedin" in backup.name
    with sqlite3.connect(backup) as conn:
        assert conn.execute("SELECT count(*) FROM contact").fetchone()[0] == 0


def test_a_broken_file_is_one_line_and_nothing_changes(ccw, tmp_path):
    bad = tmp_path / "Connections.csv"
    bad.write_bytes(b"\x00\x01binary junk\xff")
    error = ccw.fails("import", "linkedin", str(bad)).stderr
    assert "Connections.csv" in error
    assert names(ccw) == []


def test_imported_contacts_are_searchable(ccw, connections):
    ccw("import", "linkedin", str(connections))
    found = {(r["kind"], r["title"]) for r in ccw.json("search", "initech")["results"]}
    assert found == {("contact", "Zoë Chen"), ("company", "Initech")}


def _big_export(path: Path, rows: int) -> None:
    lines = [
        f"Person,Number{i},https://www.linkedin.com/in/p{i},p{i}@example.com,"
        f"Company {i % 300},Engineer,05 Nov 2026"
        for i in range(rows)
    ]
    path.write_bytes(linkedin(lines))


@pytest.mark.skipif(sys.platform == "win32", reason="kill -9 is POSIX")
def test_kill_9_halfway_leaves_all_or_nothing(ccw, home, tmp_path):
    big = tmp_path / "Connections.csv"
    rows = 20_000
    _big_export(big, rows)
    coffeechat = Path(sys.executable).parent / "coffeechat"
    env = {**os.environ, "COFFEECHAT_HOME": str(home)}
    backups = home / "backups"
    outcomes = []
    # The import writes its automatic backup and then opens its one transaction: killed
    # just after the backup appears, it is inside that transaction, however fast it is.
    for delay in (0.01, 0.1, 0.25, None):
        before = set(backups.glob("*.db")) if backups.exists() else set()
        child = subprocess.Popen(
            [str(coffeechat), "import", "linkedin", str(big)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if delay is None:  # the last one runs to the end
            assert child.wait(timeout=120) == 0
        else:
            deadline = time.monotonic() + 60
            while not (set(backups.glob("*.db")) - before if backups.exists() else set()):
                assert child.poll() is None, "the import ended before its backup was seen"
                assert time.monotonic() < deadline
                time.sleep(0.002)
            time.sleep(delay)
            child.send_signal(signal.SIGKILL)
            child.wait()
        with sqlite3.connect(home / "coffeechat.db") as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            count = conn.execute("SELECT count(*) FROM contact").fetchone()[0]
            emails = conn.execute("SELECT count(*) FROM contact_email").fetchone()[0]
            docs = conn.execute("SELECT count(*) FROM search_doc").fetchone()[0]
        assert count in (0, rows), count
        assert emails == count and docs == count + conn_companies(home)
        outcomes.append(count)
        if count == rows:
            break
    assert outcomes[0] == 0  # killed inside the transaction: none of it
    assert outcomes[-1] == rows  # and the import that ran to the end: all of it
    assert ccw.json("doctor")["ok"]


def conn_companies(home: Path) -> int:
    with sqlite3.connect(home / "coffeechat.db") as conn:
        return int(conn.execute("SELECT count(*) FROM company").fetchone()[0])


DATA = Path(__file__).parent / "data" / "imports"


@pytest.mark.parametrize(
    ("kind", "name", "extra"),
    [
        ("linkedin", "Connections.csv", []),
        ("vcard", "google-contacts.vcf", []),
        ("vcard", "android-2.1.vcf", []),
        ("vcard", "icloud.vcf", []),
        ("vcard", "contacts-4.0.vcf", []),
        ("csv", "google-contacts.csv", []),
        ("csv", "google-contacts-old.csv", []),
        (
            "csv",
            "carnet.csv",
            ["--map", "Nom complet=name,Courriel=email,Entreprise=company,Poste=title"],
        ),
    ],
)
def test_every_realistic_file_imports_and_a_second_time_changes_nothing(ccw, kind, name, extra):
    first = ccw.json("import", kind, str(DATA / name), *extra)
    assert first["created"] > 0
    assert first["total"] == len(first["rows"])  # every row accounted for
    created = len(ccw.json("contact", "list")["contacts"])
    again = ccw.json("import", kind, str(DATA / name), *extra)
    assert again["created"] == 0 and again["updated"] == 0
    assert len(ccw.json("contact", "list")["contacts"]) == created


@pytest.mark.parametrize(
    ("kind", "name"),
    [
        ("vcard", "truncated.vcf"),
        ("csv", "no-header.csv"),
        ("csv", "latin1.csv"),
        ("linkedin", "junk.bin"),
        ("vcard", "junk.bin"),
    ],
)
def test_broken_files_are_one_line_naming_the_file(ccw, kind, name, home):
    error = ccw.fails("import", kind, str(DATA / name)).stderr
    assert name in error
    assert ccw.json("contact", "list")["contacts"] == []
    assert not (home / "backups").exists()  # refused before anything, backups included


def test_the_same_people_from_two_sources_are_matched(ccw):
    ccw("import", "vcard", str(DATA / "google-contacts.vcf"))
    before = len(ccw.json("contact", "list")["contacts"])
    report = ccw.json("import", "csv", str(DATA / "google-contacts.csv"))
    after = len(ccw.json("contact", "list")["contacts"])
    assert after - before == report["created"]
    assert report["updated"] + report["unchanged"] + report["merged"] >= 1
