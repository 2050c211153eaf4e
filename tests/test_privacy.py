"""Private by default (issue 12): the workspace folder 0700 and every file coffeechat
writes in it 0600 whatever the umask; the doctor reports looser modes and --fix tightens
them; `init` where it cannot write is one line and leaves nothing behind."""

from __future__ import annotations

import errno
import json
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from coffeechat.service import Workspace
from coffeechat.store import privacy
from conftest import make_settings


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(params=[0o022, 0o002], ids=["umask-022", "umask-002"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    old = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(old)


INIT = ["init", "--name", "Sam Rivera", "--timezone", "America/New_York"]


def test_everything_coffeechat_writes_is_private_whatever_the_umask(cc, home, umask, tmp_path):
    assert not home.exists()
    cc(*INIT)
    cc("contact", "add", "Ada Lovelace", "--email", "ada@acme.example",
       "--timezone", "Europe/London")  # fmt: skip
    cc("log", "ada", "reply", "--at", "2026-11-26T10:00")
    cc("backup")
    people = tmp_path / "people.csv"
    people.write_text("First Name,Last Name\nGrace,Hopper\n", encoding="utf-8")
    cc("import", "linkedin", str(people))  # an automatic backup first
    cc.json("schedule", "propose", "ada")
    invite = Path(cc.json("schedule", "confirm", "ada", "--at", "2026-12-02T17:45")["invite"])
    workspace = Workspace.open(make_settings(home))  # holds a connection: -wal and -shm
    try:
        workspace.add_contact(name="Grace Kim")
        db = home / "coffeechat.db"
        companions = [db.with_name(db.name + s) for s in ("-wal", "-shm")]
        assert all(p.exists() for p in companions)
        folders = [home, home / "backups", home / "invites"]
        made = [db, *companions, invite, *(home / "backups").iterdir()]
        assert len(made) >= 5
        assert {str(p): oct(mode(p)) for p in folders} == {str(p): "0o700" for p in folders}
        assert {str(p): oct(mode(p)) for p in made} == {str(p): "0o600" for p in made}
    finally:
        workspace.close()
    assert privacy.loose(home, home / "coffeechat.db") == []
    assert next(c for c in cc.json("doctor")["checks"] if c["name"] == "permissions")["ok"]


def test_the_demo_workspace_is_private(cc, tmp_path, umask):
    demo = tmp_path / "demo"
    cc("--home", str(demo), "demo")
    assert mode(demo) == 0o700 and mode(demo / "coffeechat.db") == 0o600


def test_the_doctor_reports_loose_modes_and_fix_tightens_them(ccw, home):
    ccw("backup")
    db = home / "coffeechat.db"
    backup = next((home / "backups").iterdir())
    home.chmod(0o755)
    db.chmod(0o644)
    backup.chmod(0o664)
    result = ccw("doctor", "--json", ok=False)
    assert result.exit_code == 1
    assert result.stderr.strip() == "doctor: 1 problem(s) found: permissions"
    check = next(c for c in json.loads(result.stdout)["checks"] if c["name"] == "permissions")
    assert not check["ok"] and "others on this machine may read " in check["detail"]
    assert "coffeechat.db (644)" in check["detail"] and "--fix" in check["fix"]
    fixed = ccw.json("doctor", "--fix")
    assert fixed["ok"]
    assert (mode(home), mode(db), mode(backup)) == (0o700, 0o600, 0o600)
    # the backup --fix makes first is private too
    assert all(mode(p) == 0o600 for p in (home / "backups").iterdir())


# --- init where it cannot write -----------------------------------------------------------


@pytest.fixture
def read_only(tmp_path: Path, tmpfs: Callable[..., Path]) -> Path:
    """A read-only folder that stops root too: a read-only tmpfs (skipped without mount)."""
    return tmpfs(tmp_path / "ro", options="ro")


@pytest.mark.parametrize("where", ["folder", "missing parent"])
def test_init_on_a_read_only_folder_is_one_line(cc, read_only, where):
    home = read_only if where == "folder" else read_only / "a" / "b"
    line = cc.fails("--home", str(home), *INIT).stderr.strip()
    assert line.startswith(f"Error: cannot create a workspace at {home / 'coffeechat.db'}: ")
    assert "read-only file system" in line and "nothing was created" in line
    assert list(read_only.iterdir()) == []


def test_init_that_fails_halfway_leaves_nothing_behind(cc, tmp_path, monkeypatch):
    """The same on any machine: the database cannot be created (EACCES), and a disk that
    fills while the schema is written."""
    home = tmp_path / "deep" / "ws"

    def refused(path: Path) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    with monkeypatch.context() as patch:
        patch.setattr(privacy, "create_file", refused)
        line = cc.fails("--home", str(home), *INIT).stderr.strip()
    assert "permission denied" in line and "nothing was created" in line
    assert not (tmp_path / "deep").exists()

    import sqlite3

    from sqlalchemy.exc import OperationalError

    from coffeechat.store import database

    def full(conn: object, revision: str = "head") -> None:
        raise OperationalError(
            "CREATE TABLE", {}, sqlite3.OperationalError("database or disk is full")
        )

    with monkeypatch.context() as patch:
        patch.setattr(database, "upgrade", full)
        line = cc.fails("--home", str(home), *INIT).stderr.strip()
    assert "database or disk is full" in line and "nothing was created" in line
    assert not (tmp_path / "deep").exists()
    cc("--home", str(home), *INIT)  # and then it works
    assert mode(home) == 0o700


def test_the_web_app_sends_nothing_to_an_opentelemetry_provider(monkeypatch, workspace):
    """FastAPI traces requests and logs exceptions (with their messages) to any
    OpenTelemetry provider the process has; coffeechat's app turns that off, so even under
    ``opentelemetry-instrument`` nothing about a request leaves the machine."""
    from fastapi import FastAPI
    from fastapi.testclient import TestClient
    from opentelemetry import trace

    from coffeechat.service import access
    from coffeechat.web import WebSettings, create_app

    asked: list[str] = []

    class RecordingProvider(trace.TracerProvider):  # a provider someone configured
        def get_tracer(self, name, *args, **kwargs):
            asked.append(name)
            return trace.NoOpTracer()

    monkeypatch.setattr(trace, "get_tracer_provider", lambda: RecordingProvider())

    plain = FastAPI()
    plain.get("/ping")(lambda: {"ok": True})
    assert TestClient(plain).get("/ping").status_code == 200
    assert asked, "the recording provider is not one FastAPI would use"
    asked.clear()

    access.access_token(workspace.settings.home)
    app = create_app(WebSettings(home=workspace.settings.home), workspace)
    http = TestClient(app, base_url="http://127.0.0.1:8000", follow_redirects=False)
    code = access.new_login_code(workspace.settings.home)
    assert http.get(f"/login?code={code}").status_code == 303
    assert http.get("/contacts").status_code == 200
    assert http.get("/contacts/999999").status_code == 404
    assert asked == []
