"""Shared fixtures: a fresh workspace per test, the CLI runner, and domain helpers.

No test reads the real clock (``COFFEECHAT_NOW`` is fixed), the user's real data folder,
or the network. Zones come from the ``tzdata`` package, not the system, so every machine
agrees on them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib.util
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import uuid
import zoneinfo
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from click.testing import CliRunner, Result

os.environ["PYTHONTZPATH"] = ""
zoneinfo.reset_tzpath(to=[])

from coffeechat.cli import cli  # noqa: E402
from coffeechat.config import Clock, Settings  # noqa: E402
from coffeechat.service import Workspace  # noqa: E402

#: "Now" for every test: Friday 27 November 2026, 09:00 in New York.
NOW = "2026-11-27T09:00:00-05:00"
NOW_DT = dt.datetime.fromisoformat(NOW)
PG_ENV = "COFFEECHAT_TEST_DATABASE_URL"
#: The repository's root.
REPO = Path(__file__).resolve().parents[1]


def load_script(relative: str) -> ModuleType:
    """A script of the repository ("scripts/corpus_split.py", "benchmarks/roundtrip.py":
    not packages), imported from its path."""
    path = REPO / relative
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("COFFEECHAT_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("COFFEECHAT_DATABASE_URL", raising=False)
    monkeypatch.setenv("COFFEECHAT_NOW", NOW)
    monkeypatch.delenv("TZ", raising=False)
    # No test reads a real CalDAV password (tests that need one set it themselves).
    monkeypatch.delenv("COFFEECHAT_CALDAV_PASSWORD", raising=False)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")


PG_HINT = (
    f"PostgreSQL tests skipped: set {PG_ENV}=postgresql+psycopg://USER@HOST:PORT/DB "
    "to run them (.ci/run starts a cluster and sets it)"
)


def pytest_report_header() -> str:
    """Say up front which backends this run covers."""
    if os.environ.get(PG_ENV):
        return "backends: SQLite and PostgreSQL"
    return f"backends: SQLite only. {PG_HINT}"


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Repeat the PostgreSQL hint once at the end, when those tests were skipped."""
    if not os.environ.get(PG_ENV):
        terminalreporter.write_line(PG_HINT)


def _pg_schema_url(base: str, schema: str) -> str:
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}"


@pytest.fixture(scope="session")
def _pg_admin() -> Iterator[Any]:
    """One engine on the PostgreSQL test database for the run (schemas are made and
    dropped through it); None when PG_ENV is not set."""
    base = os.environ.get(PG_ENV)
    if not base:
        yield None
        return
    from sqlalchemy import create_engine

    admin = create_engine(base)
    try:
        yield admin
    finally:
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path, _pg_admin: Any) -> Iterator[str]:
    """A fresh, empty database: SQLite always; PostgreSQL when PG_ENV is set."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    base = os.environ.get(PG_ENV)
    if not base or _pg_admin is None:
        pytest.skip(f"PostgreSQL: {PG_ENV} is not set")
    from sqlalchemy import text

    schema = f"t_{uuid.uuid4().hex[:12]}"
    with _pg_admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield _pg_schema_url(base, schema)
    finally:
        with _pg_admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


def make_settings(home: Path, url: str | None = None, now: str = NOW) -> Settings:
    """Settings for a test workspace."""
    return Settings(
        home=home,
        database_url=url or f"sqlite:///{home / 'coffeechat.db'}",
        clock=Clock(dt.datetime.fromisoformat(now)),
    )


OWNER = {
    "name": "Sam Rivera",
    "email": "sam@example.com",
    "timezone": "America/New_York",
    "availability": "Mon-Fri 08:00-20:00",
}


@dataclass(frozen=True)
class _Template:
    """What ``Workspace.create(**OWNER)`` leaves in an empty database, made once per run
    and copied into each test's: a SQLite file, or the statements it ran on PostgreSQL
    (replayed in the test's schema). A migration costs ~0.3 s on SQLite and ~1 s on
    PostgreSQL (13 revisions, their triggers); the copy ~0.01 s and ~0.1 s.
    tests/test_fixtures.py checks that a copy is what ``create`` makes."""

    sqlite_file: Path
    pg_statements: tuple[tuple[str, Any, bool], ...]


def _record_create(
    url: str, home: Path, owner: dict[str, str] = OWNER
) -> list[tuple[str, Any, bool]]:
    """``Workspace.create`` at ``url``; the statements it sent that change something."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    sent: list[tuple[str, Any, bool]] = []

    def record(conn: Any, cursor: Any, statement: str, params: Any, ctx: Any, many: bool) -> None:
        sent.append((statement, params, many))

    event.listen(Engine, "before_cursor_execute", record)
    try:
        Workspace.create(make_settings(home, url), **owner).close()
    finally:
        event.remove(Engine, "before_cursor_execute", record)
    # reads (reflection, the revision, the advisory lock) change nothing: not replayed;
    # but a SELECT setval(...) moves a sequence (a migration that wrote ids of its own)
    return [
        s
        for s in sent
        if not s[0].lstrip().upper().startswith(("SELECT", "SHOW")) or "setval(" in s[0]
    ]


def make_template(folder: Path, admin: Any, owner: dict[str, str] = OWNER) -> _Template:
    """What ``Workspace.create(**owner)`` leaves in an empty database, in ``folder`` (and
    recorded on PostgreSQL when ``admin`` is its engine): for ``copy_template``."""
    sqlite_file = folder / "store.db"
    with pytest.MonkeyPatch.context() as env:  # session scope: before `_isolated` runs
        env.setenv("COFFEECHAT_NOW", NOW)
        env.delenv("COFFEECHAT_DATABASE_URL", raising=False)
        Workspace.create(make_settings(folder / "ws", f"sqlite:///{sqlite_file}"), **owner).close()
        statements: list[tuple[str, Any, bool]] = []
        if admin is not None:
            from sqlalchemy import text

            schema = f"t_template_{uuid.uuid4().hex[:12]}"
            with admin.begin() as conn:
                conn.execute(text(f'CREATE SCHEMA "{schema}"'))
            try:
                url = _pg_schema_url(os.environ[PG_ENV], schema)
                statements = _record_create(url, folder / "pg", owner)
            finally:
                with admin.begin() as conn:
                    conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    return _Template(sqlite_file, tuple(statements))


@pytest.fixture(scope="session")
def _template(tmp_path_factory: pytest.TempPathFactory, _pg_admin: Any) -> _Template:
    return make_template(tmp_path_factory.mktemp("workspace-template"), _pg_admin)


def _schema_of(url: str) -> str:
    found = re.search(r"search_path%3D(\w+)", url)
    assert found, url
    return found.group(1)


def copy_template(template: _Template, url: str, admin: Any) -> None:
    """Put the template workspace into the empty database at ``url``."""
    if url.startswith("sqlite:///"):
        shutil.copy2(template.sqlite_file, url.removeprefix("sqlite:///"))
        return
    raw = admin.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute(f'SET LOCAL search_path TO "{_schema_of(url)}"')
        batch: list[str] = []  # statements without parameters: one round trip
        for statement, params, many in template.pg_statements:
            if not params and not many:
                batch.append(statement)
                continue
            if batch:
                cursor.execute(";\n".join(batch))
                batch = []
            (cursor.executemany if many else cursor.execute)(statement, params)
        if batch:
            cursor.execute(";\n".join(batch))
        raw.commit()
    finally:
        raw.close()


@pytest.fixture
def workspace(
    database_url: str, tmp_path: Path, _template: _Template, _pg_admin: Any
) -> Iterator[Workspace]:
    """A fresh workspace owned by Sam Rivera (New York), on each backend: a copy of the
    one made for the run, in the (otherwise empty) ``database_url``."""
    copy_template(_template, database_url, _pg_admin)
    ws = Workspace.open(make_settings(tmp_path / "ws", database_url))
    try:
        yield ws
    finally:
        ws.close()


class Contacts:
    """Reads like the domain: ``contacts.add("Ada", company="Acme")``."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace

    def add(self, name: str, **fields: Any) -> Any:
        return self.workspace.add_contact(name=name, **fields)

    def log(self, ref: str, kind: str, at: str | None = None, note: str | None = None) -> Any:
        return self.workspace.log(ref, kind, at=at, note=note)

    def stage(self, ref: str) -> str:
        return self.workspace.show_contact(ref).contact.stage.value


@pytest.fixture
def same_cli(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> CLI:
    """The CLI on the workspace of the ``workspace`` fixture (either backend), e.g. the
    web app's."""
    monkeypatch.setenv("COFFEECHAT_HOME", str(workspace.settings.home))
    monkeypatch.setenv("COFFEECHAT_DATABASE_URL", workspace.settings.database_url)
    return CLI()


@pytest.fixture
def contacts(workspace: Workspace) -> Contacts:
    """Domain helpers over the ``workspace`` fixture."""
    return Contacts(workspace)


class CLI:
    """Runs ``coffeechat`` in-process against the test's COFFEECHAT_HOME."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, ok: bool = True) -> Result:
        result = self.runner.invoke(cli, list(args), input=input, catch_exceptions=False)
        if ok and result.exit_code != 0:
            raise AssertionError(
                f"coffeechat {' '.join(args)} exited {result.exit_code}:\n{result.output}"
            )
        return result

    def json(self, *args: str) -> Any:
        """Run with --json and parse stdout."""
        return json.loads(self(*args, "--json").stdout)

    def fails(self, *args: str, input: str | None = None) -> Result:
        """Run a command expected to fail as a user error (exit 1, one line on stderr)."""
        result = self(*args, input=input, ok=False)
        assert result.exit_code == 1, (result.exit_code, result.output)
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert "Traceback" not in result.output
        return result


@pytest.fixture
def quick_passwords(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2id at its cheapest (the real parameters take a quarter of a second a hash):
    for tests that hash many passwords."""
    from pwdlib import PasswordHash
    from pwdlib.hashers.argon2 import Argon2Hasher

    from coffeechat.service import accounts

    cheap = PasswordHash((Argon2Hasher(time_cost=1, memory_cost=1024, parallelism=1),))
    monkeypatch.setattr(accounts, "_HASHER", [cheap])
    accounts._dummy_hash.cache_clear()


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """The folder COFFEECHAT_HOME points at."""
    return tmp_path / "home"


@pytest.fixture
def runner() -> CliRunner:
    """A click test runner."""
    return CliRunner()


@pytest.fixture
def cc() -> CLI:
    """The CLI with no workspace yet."""
    return CLI()


@pytest.fixture(scope="session")
def initialised(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace folder made once by `coffeechat init` (Sam Rivera, New York)."""
    home = tmp_path_factory.mktemp("initialised")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("COFFEECHAT_NOW", NOW)
        env.delenv("COFFEECHAT_DATABASE_URL", raising=False)
        result = CliRunner().invoke(
            cli,
            [
                "--home", str(home), "init",
                "--name", "Sam Rivera",
                "--email", "sam@example.com",
                "--timezone", "America/New_York",
                "--availability", "Mon-Fri 08:00-20:00",
            ],
        )  # fmt: skip
    assert result.exit_code == 0, result.output
    return home


@pytest.fixture
def ccw(cc: CLI, initialised: Path, tmp_path: Path) -> CLI:
    """The CLI with an initialised workspace (Sam Rivera, New York): a fresh copy of the
    one `init` made for the session, so each test starts from the same state, fast."""
    shutil.copytree(initialised, tmp_path / "home")
    return cc


#: The signature the drafts' tests set: a name, then a line about the sender.
SIGNATURE = "Sam Rivera\nBootcamp graduate, full-stack developer"


@pytest.fixture
def engines(ccw: CLI) -> CLI:
    """The CLI over a workspace with Ada Lovelace (London, met at PyData London) and
    Grace Hopper (New York), both at Analytical Engines, the signature and phone set:
    what the drafts' tests write to."""
    ccw("settings", "set", "signature", SIGNATURE)
    ccw("settings", "set", "phone", "+1 212 555 0142")
    ccw(
        "contact", "add", "Ada Lovelace", "--email", "ada@engines.example",
        "--company", "Analytical Engines", "--title", "Senior Data Engineer",
        "--city", "London", "--timezone", "Europe/London", "--how-met", "event",
        "--met-at", "PyData London meetup", "--met-on", "2026-11-24",
    )  # fmt: skip
    ccw(
        "contact", "add", "Grace Hopper", "--email", "grace@engines.example",
        "--company", "Analytical Engines", "--title", "Engineering Manager",
        "--city", "New York", "--timezone", "America/New_York",
    )  # fmt: skip
    return ccw


@pytest.fixture
def tmpfs() -> Iterator[Callable[..., Path]]:
    """Mount a tiny tmpfs: ``tmpfs(path, size="64k", options="ro")`` (needs root and
    `mount`; the test is skipped elsewhere); unmounted after the test."""
    mounted: list[Path] = []

    def mount(path: Path, size: str = "64k", options: str = "") -> Path:
        path.mkdir(parents=True, exist_ok=True)
        opts = f"size={size}" + (f",{options}" if options else "")
        try:
            done = subprocess.run(
                ["mount", "-t", "tmpfs", "-o", opts, "tmpfs", str(path)],
                capture_output=True,
                check=False,
            )
        except OSError as error:
            pytest.skip(f"cannot mount a tmpfs here: {error}")
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
        mounted.append(path)
        return path

    yield mount
    for path in reversed(mounted):
        subprocess.run(["umount", str(path)], check=False)


def system_tool(name: str, package: str = "poppler-utils") -> str:
    """The path of a system program the tests need; a missing one fails the test loudly
    with the command that installs it (never a silent skip)."""
    found = shutil.which(name)
    if found is None:
        pytest.fail(
            f"{name} is missing: run `scripts/system-deps test` (as root it installs what the "
            f"tests need) or `sudo apt-get install -y {package}`",
            pytrace=False,
        )
    return found


#: The address the web tests talk to (the Host header the app accepts).
WEB_BASE = "http://127.0.0.1:8765"


class WebClient:
    """A browser on the web UI: Starlette's TestClient, signed in (or not), that knows
    the page's CSRF token: ``client.post("/contacts", data={...}, csrf=True)``."""

    def __init__(self, app: Any, signed_in: bool = True) -> None:
        from fastapi.testclient import TestClient

        self.app = app
        self.http = TestClient(app, base_url=WEB_BASE, follow_redirects=False)
        if signed_in:
            from coffeechat.service import access

            code = access.new_login_code(app.state.web.home)
            response = self.http.get(f"/login?code={code}")
            assert response.status_code == 303, response.text

    @property
    def csrf(self) -> str:
        """The CSRF token of this session, as a page carries it."""
        import re

        page = self.http.get("/welcome").text
        found = re.search(r'<meta name="csrf-token" content="([^"]*)"', page)
        assert found and found.group(1), "no CSRF token on the page"
        return found.group(1)

    def get(self, url: str, **kwargs: Any) -> Any:
        return self.http.get(url, **kwargs)

    def post(self, url: str, csrf: bool = True, **kwargs: Any) -> Any:
        if csrf and "json" in kwargs:
            kwargs["headers"] = {**kwargs.get("headers", {}), "X-CSRF-Token": self.csrf}
        elif csrf:
            kwargs["data"] = {**kwargs.get("data", {}), "csrf_token": self.csrf}
        return self.http.post(url, **kwargs)

    def htmx(self, method: str, url: str, **kwargs: Any) -> Any:
        """A request as htmx makes it (its header, the CSRF token in a header)."""
        headers = {"HX-Request": "true", "X-CSRF-Token": self.csrf, **kwargs.pop("headers", {})}
        return self.http.request(method, url, headers=headers, **kwargs)


@pytest.fixture
def web_app(workspace: Workspace) -> Any:
    """The web app over the ``workspace`` fixture, with its access token made."""
    from coffeechat.service import access
    from coffeechat.web import WebSettings, create_app

    access.access_token(workspace.settings.home)
    return create_app(WebSettings(home=workspace.settings.home), workspace)


@pytest.fixture
def client(web_app: Any) -> WebClient:
    """A browser signed in to the web UI."""
    return WebClient(web_app)


@pytest.fixture
def stranger(web_app: Any) -> WebClient:
    """A browser that is not signed in."""
    return WebClient(web_app, signed_in=False)


# --- the web UI in a real browser (tests/test_web_*browser*.py) ---

#: Chromium as root in a container: no sandbox (it needs user namespaces), no GPU.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def _serving(home: Path, now: str = NOW) -> Iterator[str]:
    """``coffeechat serve`` on the workspace at ``home``, on a free loopback port, until
    the block ends, its clock fixed at ``now``; yields the sign-in URL it printed, once
    it answers."""
    port = _free_port()
    env = {**os.environ, "COFFEECHAT_HOME": str(home), "COFFEECHAT_NOW": now}
    env.pop("COFFEECHAT_DATABASE_URL", None)
    env["PYTHONPATH"] = os.pathsep.join([str(Path(__file__).parent.parent / "src"), *sys.path])
    server = subprocess.Popen(
        [sys.executable, "-m", "coffeechat", "serve", "--no-browser", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert server.stdout is not None
        url = None
        deadline = time.monotonic() + 20
        while url is None and time.monotonic() < deadline:
            line = server.stdout.readline()
            found = re.search(r"(http://\S+/login\?code=\S+)", line)
            url = found.group(1) if found else None
        assert url, "serve printed no sign-in address"
        while time.monotonic() < deadline:  # until it answers
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
        if server.stdout is not None:
            server.stdout.close()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    """``coffeechat serve`` on a workspace with two contacts; yields the sign-in URL."""
    home = tmp_path / "served"
    workspace = Workspace.create(make_settings(home), **OWNER)
    ada = workspace.add_contact(name="Ada Lovelace", company="Acme")
    workspace.add_contact(name="Bob Chen", company="Acme")
    workspace.log(str(ada.id), "outreach", at="2026-11-16T10:00")
    workspace.close()
    with _serving(home) as url:
        yield url


@dataclass(frozen=True)
class Served:
    """A running ``coffeechat serve``: where it answers, its workspace, and ids of
    records in it to put in paths (``ids["contact"]``)."""

    base: str
    home: Path
    ids: dict[str, int]

    def login_url(self, next: str = "/") -> str:
        """A fresh one-time sign-in address (each browser context signs in with one)."""
        from urllib.parse import quote

        from coffeechat.service import access

        return f"{self.base}/login?code={access.new_login_code(self.home)}&next={quote(next)}"


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    """The demo workspace, seeded once per run (each server gets a copy), and the ids of
    Priya Natarajan (``contact``: the fullest page) and Lumen Health (``company``)."""
    from coffeechat.service.demo import seed_demo

    home = tmp_path_factory.mktemp("demo-template") / "home"
    with pytest.MonkeyPatch.context() as env:  # session scope: before `_isolated` runs
        env.setenv("COFFEECHAT_HOME", str(home))
        env.setenv("COFFEECHAT_NOW", NOW)
        env.delenv("COFFEECHAT_DATABASE_URL", raising=False)
        workspace = seed_demo(make_settings(home))
        try:
            ids = {
                "contact": workspace.show_contact("Priya Natarajan").contact.id,
                "company": workspace.show_company("Lumen Health").id,
            }
        finally:
            workspace.close()
    return home, ids


@pytest.fixture(scope="module")
def served_demo(
    tmp_path_factory: pytest.TempPathFactory, demo_template: tuple[Path, dict[str, int]]
) -> Iterator[Served]:
    """``coffeechat serve`` on a fresh copy of the demo workspace (what `make run` shows:
    people at every stage, companies, conversations), one server for the whole test
    module: its tests share what they change."""
    template, ids = demo_template
    home = tmp_path_factory.mktemp("demo") / "home"
    shutil.copytree(template, home)
    with _serving(home) as url:
        yield Served(url.split("/login", 1)[0], home, dict(ids))


@contextlib.contextmanager
def _chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    executable = system_tool("chromium", package="chromium")  # Debian's: fails loudly if absent
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def browser() -> Iterator[Any]:
    """Chromium for one test."""
    with _chromium() as chromium:
        yield chromium


@pytest.fixture(scope="module")
def module_browser() -> Iterator[Any]:
    """Chromium shared by the tests of a module (each test opens its own pages)."""
    with _chromium() as chromium:
        yield chromium


#: The two screen sizes every page is tried at (and photographed for the docs at).
VIEWPORTS = {
    "desktop": {"width": 1280, "height": 800},
    "phone": {"width": 375, "height": 812},
}
#: Set to 1 to (re)write docs/screenshots/*.png from the browser tests
#: (`make screenshots`); off, the tests never touch the docs' pictures.
SCREENSHOTS_ENV = "COFFEECHAT_SCREENSHOTS"
SCREENSHOTS = Path(__file__).parent.parent / "docs" / "screenshots"


@pytest.fixture
def screenshot() -> Callable[[Any, str, str], Path | None]:
    """``screenshot(page, "contacts", "phone")`` saves what the page shows (the viewport,
    not the whole length) as docs/screenshots/contacts-phone.png when COFFEECHAT_SCREENSHOTS
    is set; otherwise it does nothing and returns None."""

    def save(page: Any, name: str, size: str) -> Path | None:
        if os.environ.get(SCREENSHOTS_ENV, "") in ("", "0"):
            return None
        assert size in VIEWPORTS, size
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}-{size}.png"
        page.screenshot(path=str(path), animations="disabled", caret="hide")
        return path

    return save


def watch(page: Any, seen: list[tuple[str, str]] | None = None) -> list[tuple[str, str]]:
    """What goes wrong on a Playwright ``page`` from now on, as (what, url): console
    errors (a refused script or style under the CSP is one), script errors, and answers
    of 400 and more, added to ``seen`` (one list for several pages) or a new list. A test
    asserts the list stays empty."""
    seen = [] if seen is None else seen

    def console(message: Any) -> None:
        if message.type == "error":
            seen.append((f"console: {message.text}", message.location.get("url", "")))

    page.on("console", console)
    page.on("pageerror", lambda error: seen.append((f"script error: {error}", page.url)))
    page.on(
        "response",
        lambda r: seen.append((f"HTTP {r.status} {r.url}", r.url)) if r.status >= 400 else None,
    )
    return seen


#: What axe-core may not find on any page (tests/test_web_a11y.py).
BLOCKING = ("serious", "critical")


def axe_report(violations: list[dict[str, Any]]) -> str:
    """axe's findings, readable: the rule, how bad, what to do, and where."""
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}  [{v['helpUrl']}]")
        for node in v["nodes"][:8]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(f"    at {target}: {node['html'][:160]}")
            summary = node.get("failureSummary", "").replace("\n", "\n      ")
            lines.append(f"      {summary}")
        if len(v["nodes"]) > 8:
            lines.append(f"    … and {len(v['nodes']) - 8} more")
    return "\n".join(lines)


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's violations on the page as it is now (axe-playwright-python)."""
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        pytest.fail(
            "axe-playwright-python is missing: `make test` installs it (or "
            "`.venv/bin/pip install -c constraints.txt -e '.[dev]'`)",
            pytrace=False,
        )

    return list(Axe().run(page).response["violations"])


def axe_blocking(page: Any) -> str:
    """axe's serious and critical findings on ``page`` as it is now, readable; "" when
    there are none: ``assert not (found := axe_blocking(page)), found`` after a swap."""
    return axe_report([v for v in axe_violations(page) if v["impact"] in BLOCKING])


def worker_process(
    home: Path, database_url: str, now: str, smtp_port: int, *options: str
) -> subprocess.CompletedProcess[str]:
    """``coffeechat worker OPTIONS`` as a process of its own on ``database_url``, its
    clock at ``now``, its mail server the one at ``smtp_port`` of 127.0.0.1 (no other
    mail setting of this environment, nor its server address, reaches it)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("COFFEECHAT_SMTP_") and k != "COFFEECHAT_SERVER_URL"
    }
    env.update(
        {
            "COFFEECHAT_HOME": str(home),
            "COFFEECHAT_DATABASE_URL": database_url,
            "COFFEECHAT_NOW": now,
            "COFFEECHAT_SMTP_HOST": "127.0.0.1",
            "COFFEECHAT_SMTP_PORT": str(smtp_port),
            "COFFEECHAT_SMTP_SECURITY": "none",
            "COFFEECHAT_SMTP_FROM": "coffeechat@bootcamp.example",
            "PYTHONPATH": os.pathsep.join([str(Path(__file__).parent.parent / "src"), *sys.path]),
        }
    )
    return subprocess.run(
        [sys.executable, "-m", "coffeechat", "worker", *options],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
