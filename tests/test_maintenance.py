"""Backups (by hand, automatic, rotated) and the doctor."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from pathlib import Path

from coffeechat.store import backup as backup_store
from coffeechat.store.schema import SCHEMA_REVISION

NOW = dt.datetime(2026, 11, 27, 14, tzinfo=dt.UTC)


def count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # noqa: S608


def test_a_backup_is_a_workspace_of_its_own(ccw, home, tmp_path, monkeypatch):
    ccw("contact", "add", "Ada Lovelace")
    shown = ccw.json("backup")
    target = Path(shown["file"])
    assert target.parent == home / "backups" and target.stat().st_size == shown["bytes"]
    copy = tmp_path / "restored"
    copy.mkdir()
    (copy / "coffeechat.db").write_bytes(target.read_bytes())
    monkeypatch.setenv("COFFEECHAT_HOME", str(copy))
    assert [c["name"] for c in ccw.json("contact", "list")["contacts"]] == ["Ada Lovelace"]


def test_backup_to_a_file_and_refusals(ccw, home, tmp_path):
    target = tmp_path / "mine.db"
    assert "Backed up to" in ccw("backup", "--to", str(target)).stderr
    assert count(target, "user") == 1
    ccw.fails("backup", "--to", str(home / "coffeechat.db"))
    ccw.fails("backup", "--to", str(target / "under-a-file.db"))


def test_a_backup_while_another_connection_writes_is_consistent(ccw, home, tmp_path):
    db = home / "coffeechat.db"
    ccw("contact", "add", "Ada Lovelace")
    stop = threading.Event()

    def writer() -> None:
        conn = sqlite3.connect(db, timeout=5, isolation_level=None)
        n = 0
        while not stop.is_set():
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(
                "INSERT INTO company (owner_id, name, name_key, created_at) "
                "VALUES (1, ?, ?, '2026-11-27 14:00:00')",
                (f"C{n}", f"c{n}"),
            )
            conn.execute("COMMIT")
            n += 1
        conn.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        copies = [backup_store.copy_sqlite(db, tmp_path / f"copy{i}.db") for i in range(5)]
    finally:
        stop.set()
        thread.join()
    for copy in copies:
        with sqlite3.connect(copy) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert conn.execute("SELECT count(*) FROM contact").fetchone()[0] == 1


def test_automatic_backups_keep_the_last_ten_and_never_the_users(tmp_path):
    db = tmp_path / "w.db"
    sqlite3.connect(db).close()
    folder = tmp_path / "backups"
    folder.mkdir()
    (folder / "coffeechat-mine.db").write_bytes(b"x")
    for i in range(13):
        backup_store.auto_backup(db, folder, "before import", NOW + dt.timedelta(minutes=i))
    kept = backup_store.automatic(folder)
    # the ten newest, and the oldest one as the older copy (none is a week older)
    assert len(kept) == 11
    assert [p.name for p in kept[:2]] == [
        "auto-20261127T140000Z-before-import.db",
        "auto-20261127T140300Z-before-import.db",
    ]
    assert (folder / "coffeechat-mine.db").exists()


def test_the_doctor_finds_orphans_and_fixes_them_after_a_backup(ccw, home):
    ccw("contact", "add", "Ada Lovelace")
    ccw("log", "ada", "note", "--note", "Likes Rust")
    healthy = ccw.json("doctor")
    assert healthy["ok"] and {c["name"] for c in healthy["checks"]} >= {
        "integrity", "schema", "orphans", "search index"
    }  # fmt: skip
    # another tool, foreign keys off, deletes the contact under its timeline
    with sqlite3.connect(home / "coffeechat.db") as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("DELETE FROM contact")
    sick = ccw("doctor", "--json", ok=False)
    assert sick.exit_code == 1 and "problem" in sick.stderr
    report = json.loads(sick.stdout)
    assert not report["ok"]
    orphans = next(c for c in report["checks"] if c["name"] == "orphans")
    assert "event.contact_id" in orphans["detail"] and "--fix" in orphans["fix"]
    fixed = ccw.json("doctor", "--fix")
    assert fixed["ok"] and fixed["repaired"] >= 2
    assert backup_store.automatic(home / "backups")
    assert count(home / "coffeechat.db", "event") == 0


def test_the_doctor_reads_the_schema_version(ccw):
    [schema] = [c for c in ccw.json("doctor")["checks"] if c["name"] == "schema"]
    assert schema["ok"] and SCHEMA_REVISION in schema["detail"]
