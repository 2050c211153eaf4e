"""Several writers on one workspace (issue 12): writes wait their turn, a chat loses no
line, and creating something unique by name is race-free on PostgreSQL.

The multi-process test is bounded: 3 writer processes of ``WRITES`` commands each (run
in-process by each child, so 150 commands do not start 150 interpreters), an import of
20,000 rows and a piped chat of 50 lines, on each backend; a few seconds on an idle
machine, well under a minute on two busy cores.
"""

from __future__ import annotations

import ast
import csv
import json
import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, text

import coffeechat
from coffeechat.cli.chatscreen import Chat, run_lines
from coffeechat.config import Settings
from coffeechat.core.errors import WorkspaceBusy, WorkspaceExists
from coffeechat.service import Workspace
from coffeechat.store import database
from conftest import OWNER, make_settings

SRC = Path(coffeechat.__file__).parent

#: Commands per writer process, chat lines, rows imported.
WRITES = 50
CHAT_LINES = 50
IMPORT_ROWS = 20_000
#: No run of the whole test should come near this (seconds); it only stops a hung child.
GIVE_UP = 600
#: How long one side of a race waits for the other (seconds); reached only on a failure.
RACE_WAIT = 60


# --- SQLite: a write waits for another writer ---------------------------------------------


@pytest.fixture
def sqlite_ws(tmp_path: Path) -> Iterator[Workspace]:
    ws = Workspace.create(make_settings(tmp_path / "ws"), **OWNER)
    try:
        yield ws
    finally:
        ws.close()


def _db(ws: Workspace) -> Path:
    path = database.sqlite_path(ws.settings.database_url)
    assert path is not None
    return path


class Holder:
    """Another connection holding the write lock, with a change made (so any snapshot
    taken before its commit is stale)."""

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.conn.execute("BEGIN IMMEDIATE")
        self.conn.execute("UPDATE \"user\" SET signature = coalesce(signature, '') || '.'")

    def release(self) -> None:
        self.conn.execute("COMMIT")
        self.conn.close()


def _on_lock_request(engine: Engine, thread: threading.Thread, asked: threading.Event) -> None:
    """Set ``asked`` when ``thread`` asks for the write lock: its BEGIN IMMEDIATE, or (a
    deferred transaction) its first write."""

    def before(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        words = statement.lstrip().split(None, 2)
        first = words[0].upper() if words else ""
        immediate = first == "BEGIN" and len(words) > 1 and words[1].upper() == "IMMEDIATE"
        if threading.current_thread() is thread and (
            immediate or first in ("INSERT", "UPDATE", "DELETE")
        ):
            asked.set()

    event.listen(engine, "before_cursor_execute", before)


def _in_thread(work: Callable[[], Any]) -> tuple[threading.Thread, dict[str, Any]]:
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = work()
        except Exception as error:  # reported by the test
            outcome["error"] = error

    return threading.Thread(target=run), outcome


def test_a_write_that_reads_first_waits_for_another_writer(sqlite_ws: Workspace) -> None:
    """The bug of issue 12: a plain BEGIN, a read, then another connection commits, and
    the write is refused at once ("database is locked") instead of waiting."""
    sqlite_ws.add_contact(name="Ada Lovelace")
    holder = Holder(_db(sqlite_ws))
    thread, outcome = _in_thread(lambda: sqlite_ws.add_note("ada", "Started in QA"))
    asked = threading.Event()
    _on_lock_request(sqlite_ws.engine, thread, asked)
    thread.start()
    try:
        assert asked.wait(GIVE_UP)
    finally:
        holder.release()
    thread.join(GIVE_UP)
    assert "error" not in outcome, outcome
    assert outcome["value"].contact.name == "Ada Lovelace"
    with sqlite_ws.reading() as conn:
        assert conn.execute(text("SELECT count(*) FROM note")).scalar_one() == 1


def test_reads_do_not_wait_for_a_writer(
    sqlite_ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    sqlite_ws.add_contact(name="Ada Lovelace")
    monkeypatch.setattr(database, "BUSY_TIMEOUT", 0.01, raising=False)  # waiting at all would fail
    holder = Holder(_db(sqlite_ws))
    try:
        reader = Workspace.open(sqlite_ws.settings)
        try:
            assert [c.name for c in reader.list_contacts()] == ["Ada Lovelace"]
        finally:
            reader.close()
    finally:
        holder.release()


def test_a_write_that_never_gets_the_lock_is_one_line(
    ccw: Any, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ccw("contact", "add", "Ada Lovelace")
    monkeypatch.setattr(database, "BUSY_TIMEOUT", 0.01, raising=False)
    holder = Holder(home / "coffeechat.db")
    try:
        result = ccw.fails("note", "add", "ada", "Started in QA")
        assert ccw("contact", "list").output.count("Ada Lovelace") == 1  # reads go on
    finally:
        holder.release()
    assert "the workspace stayed locked by another coffeechat command" in result.stderr
    assert "so nothing was changed" in result.stderr
    assert ccw.json("contact", "show", "ada")["conversations"] == []


def test_every_write_takes_the_lock_as_it_begins(sqlite_ws: Workspace) -> None:
    statements: list[str] = []
    event.listen(
        sqlite_ws.engine,
        "before_cursor_execute",
        lambda conn, cursor, statement, *a: statements.append(statement),
    )
    with sqlite_ws.writing() as conn:
        conn.execute(text("SELECT 1"))
    with sqlite_ws.reading() as conn:
        conn.execute(text("SELECT 1"))
    with sqlite_ws.engine.begin() as conn:  # any other transaction is a write
        conn.execute(text("SELECT 1"))
    begins = [s for s in statements if s.startswith("BEGIN")]
    assert begins == ["BEGIN IMMEDIATE", "BEGIN", "BEGIN IMMEDIATE"]


def test_the_busy_timeout_is_the_documented_one(sqlite_ws: Workspace) -> None:
    with sqlite_ws.reading() as conn:
        timeout = conn.exec_driver_sql("PRAGMA busy_timeout").scalar_one()
    assert timeout == database.BUSY_TIMEOUT * 1000
    doc = (SRC.parent.parent / "docs" / "configuration.md").read_text(encoding="utf-8")
    assert f"{database.BUSY_TIMEOUT:g} seconds" in doc


#: The files that may start a transaction other than through reading() and writing().
TRANSACTION_PLACES = {
    "service/base.py",  # reading(), writing(), opening
    "service/workspace.py",  # init: schema and owner in one transaction
    "store/database.py",  # the engine, the revision check
    "store/prepared.py",  # begins its connection's transaction as conn.execute would
}


def test_transactions_start_through_reading_and_writing() -> None:
    """A transaction that is not begun by ``reading()`` is a write on SQLite (it takes
    the write lock): new code reads through ``reading()``, writes through ``writing()``."""
    places = set()
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = {ast.unparse(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
        if any(c.endswith(("engine.connect", "engine.begin", "conn.begin")) for c in calls):
            places.add(path.relative_to(SRC).as_posix())
    assert places <= TRANSACTION_PLACES


def test_no_write_lock_is_held_while_a_calendar_downloads(
    ccw: Any, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A proposal downloads the stored calendars before its write transaction: every
    other writer would wait for the download otherwise."""
    import http.server

    ccw("contact", "add", "Ada Lovelace", "--timezone", "Europe/London")
    body = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nEND:VCALENDAR\r\n"
    tries: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            other = sqlite3.connect(home / "coffeechat.db", timeout=0, isolation_level=None)
            try:  # another writer, while the calendar downloads
                other.execute("BEGIN IMMEDIATE")
                other.execute("ROLLBACK")
                tries.append("written")
            except sqlite3.OperationalError as error:
                tries.append(str(error))
            finally:
                other.close()
            self.send_response(200)
            self.send_header("Content-Type", "text/calendar")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/cal.ics"
        ccw("calendar", "add", url)
        assert len(ccw.json("schedule", "propose", "ada")["options"]) == 3
    finally:
        server.shutdown()
        server.server_close()
    assert tries == ["written", "written"]  # calendar add, then the proposal


def test_two_inits_at_once_make_one_owner(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second `init` checked for a workspace before the first one committed it."""
    settings = make_settings(tmp_path / "ws", database_url)
    Workspace.create(settings, **OWNER).close()
    monkeypatch.setattr(database, "current_revision", lambda engine, where: None)
    with pytest.raises(WorkspaceExists):
        Workspace.create(settings, **{**OWNER, "name": "Someone Else"})
    monkeypatch.undo()
    ws = Workspace.open(settings)
    try:
        with ws.reading() as conn:
            assert conn.execute(text('SELECT name FROM "user"')).scalars().all() == ["Sam Rivera"]
    finally:
        ws.close()


def test_two_inits_at_once_on_postgresql(pg_url: str, tmp_path: Path) -> None:
    """Both create the tables at once: the second waits for the first, then finds the
    workspace made (it failed with a UniqueViolation on the catalog)."""
    settings = make_settings(tmp_path / "ws", pg_url)
    a_created, b_waits = threading.Event(), threading.Event()
    thread_a, outcome_a = _in_thread(lambda: Workspace.create(settings, **OWNER).close())
    thread_b, outcome_b = _in_thread(lambda: Workspace.create(settings, **OWNER).close())

    def before(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        creating = statement.lstrip().upper().startswith("CREATE TABLE")
        if threading.current_thread() is thread_b and (creating or "advisory" in statement):
            b_waits.set()

    def after(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if threading.current_thread() is thread_a and "CREATE TABLE" in statement.upper():
            a_created.set()

    def commit(conn: Any) -> None:
        if threading.current_thread() is thread_a:
            b_waits.wait(RACE_WAIT)

    listeners = [("before_cursor_execute", before), ("after_cursor_execute", after)]
    listeners.append(("commit", commit))
    for name, listener in listeners:
        event.listen(Engine, name, listener)
    try:
        thread_a.start()
        assert a_created.wait(RACE_WAIT)
        thread_b.start()
        thread_a.join(GIVE_UP)
        thread_b.join(GIVE_UP)
    finally:
        for name, listener in listeners:
            event.remove(Engine, name, listener)
    assert "error" not in outcome_a, outcome_a
    assert isinstance(outcome_b.get("error"), WorkspaceExists), outcome_b


# --- a chat loses no line -----------------------------------------------------------------


@pytest.fixture
def chat_ws(sqlite_ws: Workspace) -> Workspace:
    sqlite_ws.add_contact(name="Ada Lovelace")
    return sqlite_ws


def _chat_notes(ws: Workspace) -> list[str]:
    session = ws.start_chat("ada")
    return [n.text for n in session.notes]


def test_a_chat_save_that_meets_a_lock_is_tried_again(
    chat_ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The lock outlasts the busy timeout: the save waits, tries again, and lands."""
    session = chat_ws.start_chat("ada")
    monkeypatch.setattr(database, "BUSY_TIMEOUT", 0.01, raising=False)
    chat_ws.engine.dispose()  # connections made from now on wait 10 ms
    holder = Holder(_db(chat_ws))
    pauses: list[float] = []

    def pause(seconds: float) -> None:  # the first pause: the other writer finishes
        pauses.append(seconds)
        if len(pauses) == 2:
            holder.release()

    monkeypatch.setattr("time.sleep", pause)
    state = Chat(session, chat_ws)
    outcome = run_lines(state, iter_lines("Started in QA\n"), lambda line: None)
    assert len(pauses) >= 2
    assert outcome.finished
    assert _chat_notes(chat_ws) == ["Started in QA"]


def test_a_chat_that_never_gets_its_turn_says_what_was_not_saved(
    chat_ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = chat_ws.start_chat("ada")
    monkeypatch.setattr(database, "BUSY_TIMEOUT", 0.01, raising=False)
    chat_ws.engine.dispose()
    monkeypatch.setattr("time.sleep", lambda seconds: None)
    holder = Holder(_db(chat_ws))
    try:
        with pytest.raises(WorkspaceBusy) as raised:
            run_lines(Chat(session, chat_ws), iter_lines("Started in QA\n"), lambda line: None)
    finally:
        holder.release()
    message = str(raised.value)
    assert "the note 'Started in QA' was not saved, nor anything typed after it" in message
    assert "\n" not in message


class iter_lines:  # a stand-in for a text stream
    def __init__(self, data: str) -> None:
        self.lines = data.splitlines(keepends=True)

    def readline(self, size: int = -1) -> str:
        return self.lines.pop(0) if self.lines else ""


# --- PostgreSQL: two commands create the same company at once -----------------------------


@pytest.fixture
def pg_url(database_url: str) -> str:
    if database.is_sqlite(database_url):
        pytest.skip("PostgreSQL only: on SQLite the second writer waits for the first")
    return database_url


def _race(
    url: str, tmp_path: Path, first: Callable[[Workspace], Any], second: Callable[[Workspace], Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Run ``first`` and ``second`` on two workspaces (two engines) so that ``second``
    looks for the name after ``first`` inserted it but before it commits, as two
    commands do when they create the same new company at the same time."""
    Workspace.create(make_settings(tmp_path / "ws", url), **OWNER).close()
    settings = make_settings(tmp_path / "ws", url)
    a, b = Workspace.open(settings), Workspace.open(settings)
    try:
        thread_a, outcome_a = _in_thread(lambda: first(a))
        thread_b, outcome_b = _in_thread(lambda: second(b))
        a_inserted, b_inserts = threading.Event(), threading.Event()

        def inserting(statement: str) -> bool:
            return statement.lstrip().upper().startswith("INSERT INTO COMPANY")

        def after_a(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
            if inserting(statement):
                a_inserted.set()

        def before_b(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
            if inserting(statement):
                b_inserts.set()

        def commit_a(conn: Any) -> None:  # a commits once b is about to insert too
            b_inserts.wait(RACE_WAIT)

        event.listen(a.engine, "after_cursor_execute", after_a)
        event.listen(a.engine, "commit", commit_a)
        event.listen(b.engine, "before_cursor_execute", before_b)
        thread_a.start()
        assert a_inserted.wait(RACE_WAIT)  # b looks for the name after a inserted it
        thread_b.start()
        thread_a.join(GIVE_UP)
        thread_b.join(GIVE_UP)
        return outcome_a, outcome_b
    finally:
        a.close()
        b.close()


def test_two_contacts_with_the_same_new_company_at_once(pg_url: str, tmp_path: Path) -> None:
    outcome_a, outcome_b = _race(
        pg_url,
        tmp_path,
        lambda ws: ws.add_contact(name="Ada Lovelace", company="Initech"),
        lambda ws: ws.add_contact(name="Bob Chen", company="initech"),
    )
    assert "error" not in outcome_a and "error" not in outcome_b, (outcome_a, outcome_b)
    ws = Workspace.open(make_settings(tmp_path / "ws", pg_url))
    try:
        assert [c.name for c in ws.list_companies()] == ["Initech"]
        assert {c.company for c in ws.list_contacts()} == {"Initech"}
    finally:
        ws.close()


def test_two_companies_of_one_name_at_once(pg_url: str, tmp_path: Path) -> None:
    outcome_a, outcome_b = _race(
        pg_url,
        tmp_path,
        lambda ws: ws.add_company("Initech"),
        lambda ws: ws.add_company("Initech"),
    )
    assert "error" not in outcome_a, outcome_a
    assert "company" in str(outcome_b.get("error")).lower()
    assert type(outcome_b["error"]).__name__ == "CompanyExists"


# --- several processes on one workspace ---------------------------------------------------

WRITER = """
import json, sys
from click.testing import CliRunner
from coffeechat.cli import cli

kind, count = sys.argv[1], int(sys.argv[2])
runner = CliRunner()
failures = []
for i in range(1, count + 1):
    args = {
        "contacts": ["contact", "add", f"Writer {i}", "--company", f"Co {i}", "--tag", "w"],
        "notes": ["note", "add", "2", f"note {i}"],
        "logs": ["log", "3", "note", "--note", f"log {i}"],
    }[kind]
    result = runner.invoke(cli, args)
    if result.exit_code != 0:
        failures.append([args, result.exit_code, result.output, repr(result.exception)])
print(json.dumps(failures))
sys.exit(1 if failures else 0)
"""


def _env(url: str) -> dict[str, str]:
    paths = [str(SRC.parent), *filter(None, [os.environ.get("PYTHONPATH")])]
    return {**os.environ, "COFFEECHAT_DATABASE_URL": url, "PYTHONPATH": os.pathsep.join(paths)}


def test_several_writers_and_a_piped_chat(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COFFEECHAT_DATABASE_URL", database_url)
    settings = Settings.from_env()
    ws = Workspace.create(settings, **OWNER)
    try:
        for name in ("Ada Lovelace", "Bob Chen", "Carol Diaz"):  # ids 1, 2, 3
            ws.add_contact(name=name)
    finally:
        ws.close()
    people = tmp_path / "people.csv"
    with people.open("w", newline="", encoding="utf-8") as f:
        rows = csv.writer(f)
        rows.writerow(["name", "email", "company"])
        for i in range(IMPORT_ROWS):  # companies shared with the contacts writer
            rows.writerow([f"Person {i}", f"p{i}@example.com", f"Co {i % 500}"])
    writer = tmp_path / "writer.py"
    writer.write_text(WRITER, encoding="utf-8")

    env = _env(database_url)
    python = [sys.executable]
    mapping = "name=name,email=email,company=company"
    commands = {
        "contacts": [*python, str(writer), "contacts", str(WRITES)],
        "notes": [*python, str(writer), "notes", str(WRITES)],
        "logs": [*python, str(writer), "logs", str(WRITES)],
        "import": [*python, "-m", "coffeechat", "import", "csv", str(people), "--map", mapping],
        "chat": [*python, "-m", "coffeechat", "chat", "1"],
    }
    lines = "".join(f"line {i}\n" for i in range(1, CHAT_LINES + 1)).encode()
    read_end, write_end = os.pipe()  # the chat's standard input: a pipe, all lines in it
    os.write(write_end, lines)  # (well under a pipe's buffer)
    os.close(write_end)
    try:
        children = {
            name: subprocess.Popen(
                command,
                env=env,
                stdin=read_end if name == "chat" else subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for name, command in commands.items()
        }
    finally:
        os.close(read_end)
    results = {}
    try:
        for name, child in children.items():
            out, err = child.communicate(timeout=GIVE_UP)
            results[name] = (child.returncode, out, err)
    finally:
        for child in children.values():
            if child.poll() is None:
                child.kill()
                child.wait()
    failed = {
        name: f"exited {code}: {out[-1000:]} {err[-1000:]}"
        for name, (code, out, err) in results.items()
        if code != 0
    }
    assert not failed, failed
    assert "20000 created" in results["import"][1]
    assert f"{CHAT_LINES} notes on 1 topic" in results["chat"][1]

    engine = database.open_engine(database_url)
    try:
        with database.reading(engine) as conn:

            def count(sql: str) -> int:
                return int(conn.execute(text(sql)).scalar_one())

            assert count("SELECT count(*) FROM contact") == 3 + WRITES + IMPORT_ROWS
            assert count("SELECT count(*) FROM contact WHERE name LIKE 'Writer %'") == WRITES
            assert count("SELECT count(*) FROM company") == 500  # Co 0 .. Co 499, once each
            assert count("SELECT count(*) FROM note WHERE contact_id = 2") == WRITES
            assert count("SELECT count(*) FROM event WHERE contact_id = 3") == WRITES
            chat = [
                r[0]
                for r in conn.execute(
                    text("SELECT text FROM note WHERE contact_id = 1 ORDER BY id")
                )
            ]
            assert chat == [f"line {i}" for i in range(1, CHAT_LINES + 1)]
            assert count("SELECT count(*) FROM event WHERE contact_id = 1") == 1  # the meeting
    finally:
        engine.dispose()
    failures = [json.loads(results[n][1] or "[]") for n in ("contacts", "notes", "logs")]
    assert failures == [[], [], []]
