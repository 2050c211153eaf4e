"""A damaged copy of a workspace (issue 12): every command says so in one line, nothing is
written into it, backups refuse to copy it, the doctor names the newest good backup and
restores it; automatic backups keep an older good copy; a full disk is one line."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import random
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from coffeechat.cli import cli
from coffeechat.store import backup as backup_store
from conftest import NOW

DAMAGED = "Error: the workspace database is damaged: run `coffeechat doctor`"
PAGE = 4096
CONTACTS = 800

#: Commands that open the workspace, each on its own fresh damaged copy.
COMMANDS = [
    ["contact", "list"],
    ["contact", "show", "ann5"],
    ["export", "json"],
    ["board"],
    ["search", "ann"],
    ["status"],
    ["contact", "add", "Bob Stone"],
    ["backup"],
]


@pytest.fixture(scope="module")
def populated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace of 800 contacts (~130 pages) with a good backup made after them."""
    home = tmp_path_factory.mktemp("populated") / "ws"
    people = tmp_path_factory.mktemp("csv") / "people.csv"
    rows = ["First Name,Last Name,Company,Position,Email Address,Connected On,URL"]
    rows += [f"Ann{i},Lee{i},Co{i % 40},Engineer,a{i}@x.example,01 Jan 2025," for i in range(800)]
    people.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("COFFEECHAT_NOW", NOW)
        env.delenv("COFFEECHAT_DATABASE_URL", raising=False)
        runner = CliRunner()
        for args in (
            ["init", "--name", "Sam Rivera", "--timezone", "America/New_York"],
            ["import", "linkedin", str(people)],
            ["backup"],
        ):
            result = runner.invoke(cli, ["--home", str(home), *args])
            assert result.exit_code == 0, result.output
    with sqlite3.connect(home / "coffeechat.db") as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return home


def corrupt(db: Path, kind: str) -> None:
    """Overwrite part of a SQLite file as a failing disk would."""
    noise = random.Random(12)
    data = db.read_bytes()
    with open(db, "r+b") as handle:
        if kind == "pages":  # every third page of each table and index of several pages
            # (its root, the schema and the one-page tables left sound, so it still opens)
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
                trees: dict[str, list[int]] = {}
                for name, page in conn.execute(
                    "SELECT name, pageno FROM dbstat WHERE name <> 'sqlite_schema' "
                    "ORDER BY name, pageno"
                ):
                    trees.setdefault(name, []).append(page)
            conn.close()
            for pages in trees.values():
                for page in pages[1::3]:
                    handle.seek((page - 1) * PAGE)
                    handle.write(noise.randbytes(PAGE))
        elif kind == "schema":  # the pages of the schema table past page 1
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
                pages = [r[0] for r in conn.execute(
                    "SELECT pageno FROM dbstat WHERE name = 'sqlite_schema' AND pageno > 1"
                )]  # fmt: skip
            conn.close()
            assert pages
            for page in pages:
                handle.seek((page - 1) * PAGE)
                handle.write(noise.randbytes(PAGE))
        elif kind == "page-one":  # the header and the root of the schema
            handle.write(noise.randbytes(PAGE))
        elif kind == "schema-text":  # a table's name no longer UTF-8 (was a traceback)
            sql = data.index(b"CREATE TABLE company")
            name = data.rindex(b"tablecompanycompany", 0, sql)
            handle.seek(name + len(b"table"))
            handle.write(b"\xff\xfe\xfd\xfc\xfb\xfa\xf9")
            handle.seek(sql + len(b"CREATE TABLE "))
            handle.write(b"\xff\xfe\xfd")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def files(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


@pytest.fixture
def damaged(populated: Path, home: Path):
    """Make ``home`` a damaged copy of the populated workspace."""

    def make(kind: str = "pages") -> Path:
        if home.exists():
            shutil.rmtree(home)
        shutil.copytree(populated, home)
        corrupt(home / "coffeechat.db", kind)
        return home / "coffeechat.db"

    return make


@pytest.mark.parametrize("kind", ["pages", "schema", "page-one", "schema-text"])
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_command_on_a_damaged_workspace_is_one_line(cc, damaged, kind, command):
    db = damaged(kind)
    before = digest(db)
    line = cc.fails(*command).stderr.strip()
    assert line.startswith(DAMAGED), line
    assert digest(db) == before  # nothing written into it


def test_the_doctor_reports_the_damage_and_names_the_newest_good_backup(cc, damaged, home):
    db = damaged("pages")
    good = next((home / "backups").glob("coffeechat-*.db"))
    # a newer backup that is damaged too (made by an older coffeechat) is passed over
    bad = home / "backups" / "coffeechat-20261128T090000Z.db"
    shutil.copy(db, bad)
    result = cc("doctor", "--json", ok=False)
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == ["doctor: 1 problem(s) found: integrity"]
    report = json.loads(result.stdout)
    assert not report["ok"] and report["newest_good_backup"] == str(good)
    integrity = next(c for c in report["checks"] if c["name"] == "integrity")
    assert integrity["detail"].startswith("damaged: SQLite's check found ")
    assert f"--fix --restore {good}" in integrity["fix"]
    backups = next(c for c in report["checks"] if c["name"] == "backups")
    assert good.name in backups["detail"]
    text = cc("doctor", ok=False).stdout
    assert "!!  integrity" in text and str(good) in text


def test_damage_once_found_keeps_every_later_write_out(cc, damaged, home):
    db = damaged("pages")
    cc.fails("contact", "list")  # meets the damage, and remembers it
    before = digest(db)
    for command in (["log", "ann1", "note", "--note", "hello"], ["contact", "add", "Bo"]):
        assert cc.fails(*command).stderr.strip() == DAMAGED
    assert digest(db) == before
    assert not (home / "coffeechat.db-wal").exists() or digest(db) == before


def test_backups_refuse_a_damaged_workspace_and_keep_the_good_ones(
    cc, damaged, home, tmp_path, populated
):
    db = damaged("pages")
    before, kept = digest(db), files(home / "backups")
    line = cc.fails("backup").stderr.strip()
    assert line == f"{DAMAGED} (no backup was made)"
    target = tmp_path / "elsewhere.db"
    cc.fails("backup", "--to", str(target))
    assert not target.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
    # the automatic backup before an import refuses too, and the import does not happen
    people = tmp_path / "more.csv"
    people.write_text("First Name,Last Name\nNew,Person\n", encoding="utf-8")
    for command in (["import", "linkedin", str(people)], ["doctor", "--fix"]):
        result = cc(*command, ok=False)
        assert result.exit_code == 1
    assert files(home / "backups") == kept
    assert digest(db) == before


def test_doctor_fix_restores_a_named_backup_and_keeps_the_damaged_file(cc, damaged, home):
    db = damaged("pages")
    spoiled = digest(db)
    name = next((home / "backups").glob("coffeechat-*.db")).name
    assert cc("doctor", "--restore", name, ok=False).exit_code == 2  # needs --fix
    report = cc.json("doctor", "--fix", "--restore", name)
    assert report["ok"]
    aside = Path(report["set_aside"])
    assert aside.parent == home and aside.name.startswith("coffeechat-damaged-")
    assert digest(aside) == spoiled  # never deleted
    assert [c["name"] for c in report["checks"]][:2] == ["restore", "backup"]
    assert cc.json("status")["contacts"] == CONTACTS
    cc("contact", "add", "Bob Stone")
    assert cc.json("doctor")["ok"]


def test_doctor_refuses_to_restore_from_a_damaged_or_missing_backup(cc, damaged, home):
    db = damaged("pages")
    before = digest(db)
    bad = home / "backups" / "coffeechat-20261128T090000Z.db"
    shutil.copy(db, bad)
    line = cc.fails("doctor", "--fix", "--restore", str(bad)).stderr.strip()
    assert line.startswith(f"Error: doctor --restore: {bad}: damaged too")
    line = cc.fails("doctor", "--fix", "--restore", "nothing.db").stderr.strip()
    assert "no such backup file" in line
    assert digest(db) == before and not list(home.glob("coffeechat-damaged-*"))


def test_a_sound_workspace_wrongly_marked_is_cleared_by_the_doctor(ccw, home):
    (home / "coffeechat.db.damaged").write_text("found damaged\n", encoding="utf-8")
    assert ccw.fails("status").stderr.strip() == DAMAGED
    assert ccw.json("doctor")["ok"]
    ccw("status")


# --- rotation -------------------------------------------------------------------------


def test_rotation_keeps_the_ten_newest_and_one_a_week_older(tmp_path):
    db = tmp_path / "w.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    folder = tmp_path / "backups"
    start = dt.datetime(2026, 11, 1, 12, tzinfo=dt.UTC)
    for day in range(13):
        backup_store.auto_backup(db, folder, "import", start + dt.timedelta(days=day))
    days = [backup_store.made_at(p).day for p in backup_store.automatic(folder)]  # type: ignore[union-attr]
    # the ten newest (4th to 13th), and the newest made a week before the newest (6th
    # or earlier): the 3rd
    assert days == [3, *range(4, 14)]
    # a damaged older copy is never the one kept: the next good one is
    for p in backup_store.automatic(folder):
        if backup_store.made_at(p).day == 3:  # type: ignore[union-attr]
            p.write_bytes(b"\0" * 4096)
    backup_store.auto_backup(db, folder, "import", start + dt.timedelta(days=13))
    days = [backup_store.made_at(p).day for p in backup_store.automatic(folder)]  # type: ignore[union-attr]
    assert days == [4, *range(5, 15)]


def test_many_backups_in_one_day_keep_the_oldest(tmp_path):
    db = tmp_path / "w.db"
    sqlite3.connect(db).close()
    folder = tmp_path / "backups"
    start = dt.datetime(2026, 11, 27, 9, tzinfo=dt.UTC)
    for minute in range(25):
        backup_store.auto_backup(db, folder, "import", start + dt.timedelta(minutes=minute))
    kept = backup_store.automatic(folder)
    assert len(kept) == 11 and kept[0].name.startswith("auto-20261127T090000Z")


# --- a full disk ----------------------------------------------------------------------


def test_backup_to_a_full_disk_is_one_line_and_leaves_nothing(cc, populated, home, tmp_path, tmpfs):
    shutil.copytree(populated, home)
    disk = tmpfs(tmp_path / "disk")
    line = cc.fails("backup", "--to", str(disk / "copy.db")).stderr.strip()
    assert line.startswith(f"Error: backup: {disk / 'copy.db'}: ") and "full" in line
    assert list(disk.iterdir()) == []


def test_the_automatic_backup_on_a_full_disk_stops_the_import(cc, populated, home, tmp_path, tmpfs):
    shutil.copytree(populated, home)
    kept = files(home / "backups")
    tmpfs(home / "backups")  # a tiny, empty disk where the backups go
    people = tmp_path / "more.csv"
    people.write_text("First Name,Last Name\nNew,Person\n", encoding="utf-8")
    before = digest(home / "coffeechat.db")
    line = cc.fails("import", "linkedin", str(people)).stderr.strip()
    assert line.startswith("Error: the automatic backup to ") and "nothing was changed" in line
    assert list((home / "backups").iterdir()) == []
    assert digest(home / "coffeechat.db") == before
    assert kept  # still there, under the mount


def test_no_space_left_is_one_line_wherever_the_disk_fills(cc, populated, home, monkeypatch):
    """The same without a mount: the copy meets ENOSPC (any machine)."""
    shutil.copytree(populated, home)
    kept = files(home / "backups")

    def full(*args: object, **kwargs: object) -> list[str]:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backup_store, "_copy", full)
    line = cc.fails("backup").stderr.strip()
    assert line.startswith("Error: backup: ") and line.endswith(
        ": no space left on device; nothing was written"
    )
    line = cc.fails("doctor", "--fix").stderr.strip()
    assert "the automatic backup to" in line and "nothing was changed" in line
    assert files(home / "backups") == kept
