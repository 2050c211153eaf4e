"""``coffeechat undo`` reverts the last change, exactly, after every command that writes.

Every command of the CLI is in one of the tables below: ``WRITES`` (a runnable example
against the demo workspace; the walk checks that it changes something and that `undo`
puts every table back as it was) or ``READS`` (an example that must leave the data and
the last change as they were), or ``OTHER`` (with why). A command in none of them fails
``test_every_command_is_classified``: adding a command means adding its row here (one
line, see docs/development.md).
"""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import Table, text

from coffeechat.cli import cli
from coffeechat.config import Settings
from coffeechat.service import Workspace
from coffeechat.service.demo import seed_demo
from coffeechat.store import undo as undo_store
from coffeechat.store.schema import metadata
from conftest import CLI, OWNER, PG_ENV, make_settings

DATA = Path(__file__).parent / "data"
CALENDAR = str(DATA / "calendars" / "google.ics")
GUIDE = str(DATA / "guides" / "good-engineers.toml")


@dataclass(frozen=True)
class Row:
    """An example run of a command. ``{dir}`` in an argument is a scratch folder,
    ``{item}`` the first item of the agenda; ``setup`` runs first (its changes are part
    of the state undo must return to); ``input`` is piped in; ``fresh``: run in a
    workspace holding only its owner; ``smtp``: with a mail server on 127.0.0.1."""

    args: tuple[str, ...]
    setup: tuple[tuple[str, ...], ...] = ()
    input: str | None = None
    fresh: bool = False
    smtp: bool = False
    sqlite_only: bool = False
    label: str | None = None  # what undo names it, when not the command's words


def row(*args: str, **options: Any) -> Row:
    return Row(tuple(args), **options)


#: Commands that change the workspace, each with an example run on the demo workspace.
WRITES: dict[str, Row] = {
    "settings set": row("settings", "set", "signature", "Sam R."),
    "contact add": row("contact", "add", "Zoe Park", "--company", "Acme Robotics", "--email", "zoe@example.com", "--tag", "x"),  # noqa: E501
    "contact edit": row("contact", "edit", "Kenji", "--title", "Staff Engineer", "--company", "Acme Robotics", "--reason", "your robotics talk"),  # noqa: E501
    "contact merge": row("contact", "merge", "Aiko", "Kenji"),
    "contact remove": row("contact", "remove", "Priya", "--yes"),
    "company add": row("company", "add", "Acme Robotics"),
    "company edit": row("company", "edit", "Lumen Health", "--motivation", "1", "--note", "hm"),
    "log add": row("log", "Elena", "reply", label="log reply"),
    "log edit": row("log", "edit", "10", "--note", "Fixed a typo"),
    "log remove": row("log", "remove", "10"),
    "schedule propose": row("schedule", "propose", "Marcus"),
    "schedule confirm": row("schedule", "confirm", "Marcus", "--option", "1", "--ics", "{dir}/m.ics"),  # noqa: E501
    "schedule reschedule": row("schedule", "reschedule", "Daniel"),
    "calendar add": row("calendar", "add", CALENDAR),
    "calendar remove": row("calendar", "remove", CALENDAR, setup=(("calendar", "add", CALENDAR),)),
    "send": row("send", "{dir}/elena.eml", smtp=True, setup=(("contact", "edit", "Elena", "--email", "elena@example.com"),)),  # noqa: E501
    "guide add": row("guide", "add", GUIDE, "--name", "mine"),
    "guide remove": row("guide", "remove", "mine", setup=(("guide", "add", GUIDE, "--name", "mine"),)),  # noqa: E501
    "chat": row("chat", "Daniel", "--minutes", "30", input="Started in QA\n/note Knows Bob\n"),
    "note add": row("note", "add", "Priya", "She liked the portfolio"),
    "note skip": row("note", "skip", "Aiko", "balance"),
    "note edit": row("note", "edit", "1", "Physics degree, then QA"),
    "note move": row("note", "move", "2", "--topic", "challenges"),
    "note remove": row("note", "remove", "3"),
    "takeaway add": row("takeaway", "add", "Priya", "Learn Kafka", "--kind", "advice"),
    "takeaway edit": row("takeaway", "edit", "1", "Compliance is half the job", "--kind", "advice"),
    "takeaway remove": row("takeaway", "remove", "2"),
    "promise add": row("promise", "add", "Priya", "Send the article", "--by", "me", "--due", "2026-12-01"),  # noqa: E501
    "promise done": row("promise", "done", "1"),
    "promise edit": row("promise", "edit", "2", "--due", "2026-12-10"),
    "promise remove": row("promise", "remove", "1"),
    "intro remove": row("intro", "remove", "2"),
    "intro add": row("intro", "add", "Aiko", "--to", "Zed Quinn", "--company", "Parcel & Co"),
    "recap write": row("recap", "Aiko", "-o", "{dir}/recap.md", "--reflection", "A good chat", label="recap"),  # noqa: E501
    "path add": row("path", "add", "Tidewater Bank", "--role", "Data Engineer", "--via", "conventional"),  # noqa: E501
    "path step": row("path", "step", "1", "hiring-manager-review"),
    "followup dismiss": row("followup", "dismiss", "{item}"),
    "followup snooze": row("followup", "snooze", "{item}", "--days", "3"),
    "followup done": row("followup", "done", "{item}"),
    "import csv": row("import", "csv", str(DATA / "imports" / "google-contacts.csv")),
    "import linkedin": row("import", "linkedin", str(DATA / "imports" / "Connections.csv")),
    "import vcard": row("import", "vcard", str(DATA / "imports" / "contacts-4.0.vcf")),
    "import json": row("import", "json", "{dir}/demo.json", fresh=True),
}  # fmt: skip

#: Commands that only read: the data and the last change stay as they were.
READS: dict[str, Row] = {
    "status": row("status"),
    "settings show": row("settings", "show"),
    "contact list": row("contact", "list"),
    "contact show": row("contact", "show", "Priya"),
    "company list": row("company", "list"),
    "company show": row("company", "show", "Lumen Health"),
    "board": row("board"),
    "calendar list": row("calendar", "list"),
    "check": row("check", "{dir}/message.txt", "--kind", "outreach"),
    "draft": row("draft", "outreach", "Elena", "--eml", "{dir}/draft.eml"),
    "guide for": row("guide", "for", "Priya"),
    "guide list": row("guide", "list"),
    "guide show": row("guide", "show", "default"),
    "agenda": row("agenda"),
    "network": row("network"),
    "path list": row("path", "list"),
    "path show": row("path", "show", "1"),
    "stats": row("stats"),
    "search": row("search", "priya"),
    "log list": row("log", "list", "Elena"),
    "note list": row("note", "list", "Priya"),
    "takeaway list": row("takeaway", "list", "Priya"),
    "promise list": row("promise", "list", "Priya"),
    "intro list": row("intro", "list", "Priya"),
    "export csv": row("export", "csv", "-o", "{dir}/contacts.csv"),
    "export json": row("export", "json", "-o", "{dir}/export.json"),
    "export vcard": row("export", "vcard", "-o", "{dir}/contacts.vcf"),
    "backup": row("backup", "--to", "{dir}/backup.db", sqlite_only=True),  # a copy: the data stays as it is  # noqa: E501
    "doctor": row("doctor"),
    "demo": row("demo"),  # on an existing workspace it only opens it
}  # fmt: skip

#: Commands tested on their own, and why.
ADMIN_COMMANDS = (
    "create-user", "reset-password", "deactivate", "list-users", "token",
    "cohort create", "cohort add", "cohort list",
    "set-role", "set-name", "tokens", "revoke-token", "audit",
)  # fmt: skip

OTHER = {
    "init": "creates the workspace: nothing to undo after it (test_nothing_to_undo_*)",
    "undo": "this file",
    "serve": "runs the web server; its pages write through the same service (tests/test_web*.py)",
    "worker": "the team server's digest worker: mails digests and keeps the server's own "
    "tables (digest, worker_heartbeat), never a workspace's data (tests/test_digests.py)",
    "recap submit": "sends a recap to a team server; writes nothing in the workspace "
    "(tests/test_cli_submit.py)",
    "calendar refresh": "renews the calendars' copies, a cache that undo does not count as a "
    "change (store/undo.CACHE_COLUMNS; tests/test_web_settings.py)",
    **{
        f"admin {name}": "the team server's accounts, not a workspace's data: never recorded, "
        "never undone (tests/test_cli_admin.py)"
        for name in ADMIN_COMMANDS
    },
}

#: What must read the same after an undo as before the command.
VIEWS = (("status",), ("agenda",), ("stats",), ("contact", "list"), ("board",))


def leaf_commands() -> list[str]:
    ctx = click.Context(cli)
    found: list[str] = []

    def walk(group: click.Group, prefix: list[str]) -> None:
        for name in group.list_commands(ctx):
            command = group.get_command(ctx, name)
            assert command is not None
            if isinstance(command, click.Group):
                walk(command, [*prefix, name])
            else:
                found.append(" ".join([*prefix, name]))

    walk(cli, [])
    return found


def test_every_command_is_classified() -> None:
    commands = leaf_commands()
    tables = [set(WRITES), set(READS), set(OTHER)]
    for name in commands:
        assert sum(name in t for t in tables) == 1, (
            f"`{name}`: add it to WRITES (with an example) or READS in tests/test_undo.py"
        )
    assert set().union(*tables) <= set(commands), set().union(*tables) - set(commands)


# --- the workspace ------------------------------------------------------------------------


@pytest.fixture(scope="session")
def demo_seed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo workspace on SQLite, made once; tests copy it."""
    home = tmp_path_factory.mktemp("demo")
    seed_demo(make_settings(home)).close()
    return home


@pytest.fixture
def demo(database_url: str, demo_seed: Path, home: Path, monkeypatch: pytest.MonkeyPatch) -> CLI:
    """The CLI over a fresh copy of the demo workspace, on each backend."""
    if database_url.startswith("sqlite"):
        shutil.copytree(demo_seed, home)
    else:
        monkeypatch.setenv("COFFEECHAT_DATABASE_URL", database_url)
        home.mkdir(mode=0o700)
        seed_demo(make_settings(home, database_url)).close()
    return CLI()


def dump() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of user data (the stage cache, derived, aside)."""
    workspace = Workspace.open(Settings.from_env())
    try:
        with workspace.reading() as conn:
            return {
                table.name: [tuple(r) for r in conn.execute(_ordered(table))]
                for table in metadata.sorted_tables
                if table.name not in undo_store.DERIVED
            }
    finally:
        workspace.close()


def _ordered(table: Table) -> Any:
    return table.select().order_by(*table.primary_key.columns)


def views(cc: CLI) -> dict[str, Any]:
    return {" ".join(v): cc.json(*v) for v in VIEWS}


def last_label(cc: CLI) -> str | None:
    label: str | None = cc.json("undo", "--dry-run")["label"]
    return label


@pytest.fixture
def smtp() -> Iterator[int]:
    """A mail server on 127.0.0.1 that takes every message; its port."""

    class Sink:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    controller = Controller(Sink(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


def prepared(cc: CLI, entry: Row, folder: Path, port: Callable[[], int]) -> list[str]:
    """The arguments of ``entry`` with its placeholders filled in, after what it needs."""
    folder.mkdir(exist_ok=True)
    (folder / "message.txt").write_text("Hi Elena, could we talk for 20 minutes?\n\nSam\n")
    for args in entry.setup:
        cc(*args)
    if entry.smtp:
        for key, value in (("smtp_host", "127.0.0.1"), ("smtp_port", str(port())), ("smtp_security", "none")):  # noqa: E501  # fmt: skip
            cc("settings", "set", key, value)
        cc("draft", "outreach", "Elena", "--eml", str(folder / "elena.eml"))
    item = ""
    if any("{item}" in a for a in entry.args):
        item = cc.json("agenda")["items"][0]["item"]
    return [a.replace("{dir}", str(folder)).replace("{item}", item) for a in entry.args]


def walk_one(
    cc: CLI, name: str, entry: Row, folder: Path, port: Callable[[], int], *, read: bool = True
) -> None:
    """Run one write, check it changed something, undo it, and find everything back
    (and, with ``read``, the same stages, follow-ups and stats)."""
    args = prepared(cc, entry, folder, port)
    before, seen = dump(), views(cc) if read else None
    cc(*args, input=entry.input)
    after = dump()
    assert after != before, f"`{name}` changed nothing"
    assert last_label(cc) == (entry.label or name)
    result = cc("undo")
    assert result.stdout.startswith(f"Undid `{entry.label or name}`"), result.stdout
    assert dump() == before, f"undo after `{name}` did not restore every row"
    if read:
        assert views(cc) == seen, f"what reads the data differs after undoing `{name}`"
    assert cc("undo").stdout == "Nothing to undo.\n"


@pytest.mark.parametrize("name", sorted(WRITES))
def test_undo_reverts_each_write_exactly(
    name: str, demo_seed: Path, home: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    entry = WRITES[name]
    cc = CLI()
    if entry.fresh:
        (tmp_path / "files").mkdir()
        export = str(tmp_path / "files" / "demo.json")
        cc("--home", str(demo_seed), "export", "json", "-o", export)
        Workspace.create(make_settings(home), **OWNER).close()
    else:
        shutil.copytree(demo_seed, home)

    def port() -> int:
        return int(request.getfixturevalue("smtp"))

    walk_one(cc, name, entry, tmp_path / "files", port)


@pytest.mark.skipif(not os.environ.get(PG_ENV), reason=f"PostgreSQL: {PG_ENV} is not set")
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_undo_reverts_each_write_on_postgresql(
    demo: CLI, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """The same walk, one write after the other on one PostgreSQL workspace (each undo
    puts it back as it was for the next)."""

    def port() -> int:
        return int(request.getfixturevalue("smtp"))

    for name, entry in WRITES.items():
        if not entry.fresh:
            walk_one(demo, name, entry, tmp_path / "files", port, read=False)
    assert views(demo)  # the stage cache, recomputed after all those undos, still reads


def test_reads_keep_the_data_and_the_last_change(demo: CLI, tmp_path: Path) -> None:
    demo("log", "Elena", "reply")
    folder = tmp_path / "files"
    for name, entry in READS.items():
        if entry.sqlite_only and "sqlite" not in os.environ.get(
            "COFFEECHAT_DATABASE_URL", "sqlite"
        ):
            continue
        before = dump()
        demo(*prepared(demo, entry, folder, lambda: 0), input=entry.input)
        assert dump() == before, f"`{name}` changed the data: add it to WRITES"
        assert last_label(demo) == "log reply", f"`{name}` lost the last change"
    assert demo("undo").stdout == "Undid `log reply` for Elena Sokolova (1 record).\n"


# --- behaviour ------------------------------------------------------------------------------


def test_nothing_to_undo_in_a_new_workspace(ccw: CLI) -> None:
    assert ccw("undo").stdout == "Nothing to undo.\n"
    assert ccw.json("undo") == {
        "undone": False,
        "dry_run": False,
        "label": None,
        "made_at": None,
        "records": 0,
        "contacts": [],
        "contact_count": 0,
    }


def test_nothing_to_undo_in_a_new_demo_workspace(demo: CLI) -> None:
    assert demo("undo").stdout == "Nothing to undo.\n"


def test_two_writes_then_undo_reverts_only_the_second(demo: CLI) -> None:
    demo("log", "Elena", "reply")
    middle = dump()
    demo("note", "add", "Priya", "Kafka at scale")
    assert demo("undo", "--dry-run").stdout == (
        "Undo would revert `note add` for Priya Natarajan (1 record).\n"
    )
    assert dump() != middle  # a dry run changes nothing
    assert demo("undo").stdout == "Undid `note add` for Priya Natarajan (1 record).\n"
    assert dump() == middle
    assert demo("undo").stdout == "Nothing to undo.\n"  # one level


def test_undo_json_names_the_command_and_the_contacts(demo: CLI) -> None:
    demo("log", "Elena", "reply")
    shown = demo.json("undo", "--dry-run")
    assert shown == {
        "undone": False,
        "dry_run": True,
        "label": "log reply",
        "made_at": "2026-11-27T09:00:00-05:00",
        "records": 1,
        "contacts": ["Elena Sokolova"],
        "contact_count": 1,
    }
    assert demo.json("undo") == shown | {"undone": True, "dry_run": False}


def test_a_failed_command_leaves_the_last_change(demo: CLI) -> None:
    demo("log", "Elena", "reply")
    demo.fails("log", "Nobody", "reply")
    demo.fails("contact", "add", "")
    assert last_label(demo) == "log reply"


def test_several_transactions_of_one_command_are_one_change(demo: CLI) -> None:
    """A piped chat saves each note in its own transaction: one undo takes them all."""
    before = dump()
    demo("chat", "Daniel", "--minutes", "30", input="One\nTwo\nThree\n")
    assert demo("undo").stdout.startswith("Undid `chat` for Daniel Mensah")
    assert dump() == before


def test_writes_outside_a_change_are_each_their_own(demo: CLI) -> None:
    """The service without the CLI (a web request): each write transaction is a change,
    named by its caller."""
    workspace = Workspace.open(Settings.from_env())
    try:
        workspace.log("Elena", "reply")
        with workspace.writing(label="web: note") as conn:
            conn.execute(text("UPDATE contact SET note = 'x' WHERE name = 'Kenji Sato'"))
        middle = dump()
        assert workspace.last_change() is not None
        assert workspace.last_change().label == "web: note"  # type: ignore[union-attr]
        with Workspace.change("web: two notes"):
            workspace.log("Grace", "outreach")
            workspace.log("Tomás", "reply")
        undone = workspace.undo()
        assert undone is not None and undone.label == "web: two notes"
        assert sorted(undone.contacts) == ["Grace Kim", "Tomás Herrera"]
        assert dump() == middle
        assert workspace.undo() is None  # one level
    finally:
        workspace.close()


def test_doctor_fix_and_restore_leave_nothing_to_undo(demo: CLI) -> None:
    demo("log", "Elena", "reply")
    demo("doctor", "--fix")
    assert demo("undo").stdout == "Nothing to undo.\n"


def test_a_restore_leaves_nothing_to_undo(ccw: CLI, home: Path) -> None:
    ccw("contact", "add", "Ada Lovelace")
    ccw("backup", "--to", str(home / "copy.db"))
    ccw("doctor", "--fix", "--restore", str(home / "copy.db"))
    assert ccw("undo").stdout == "Nothing to undo.\n"


def test_undo_refuses_when_the_change_is_no_longer_the_last(demo: CLI) -> None:
    from coffeechat.core.errors import UndoRefused

    workspace = Workspace.open(Settings.from_env())
    try:
        workspace.log("Elena", "reply")
        shown = workspace.last_change()
        assert shown is not None
        workspace.log("Grace", "outreach")  # another writer, meanwhile
        with pytest.raises(UndoRefused, match="no longer the last change"):
            workspace.undo(expected=shown.change_id)
        assert workspace.last_change().label == "a change"  # type: ignore[union-attr]
    finally:
        workspace.close()


def test_a_big_import_is_undone_and_recorded_as_ranges(demo: CLI, tmp_path: Path) -> None:
    lines = ["First Name,Last Name,Email Address,Company,Position,Connected On"]
    lines += [f"P{i},Q{i},p{i}@example.com,Co{i % 50},Engineer,01 Oct 2026" for i in range(3000)]
    source = tmp_path / "Connections.csv"
    source.write_text("Notes:\nnothing\n\n" + "\n".join(lines) + "\n")
    before, triggers = dump(), schema_triggers()
    demo("import", "linkedin", str(source))
    workspace = Workspace.open(Settings.from_env())
    try:
        with workspace.reading() as conn:
            entries = conn.execute(text("SELECT count(*) FROM undo_entry")).scalar_one()
    finally:
        workspace.close()
    assert entries < 100  # ranges, not a row per row
    assert schema_triggers() == triggers  # set aside during the import, and put back
    assert demo("undo").stdout.startswith("Undid `import linkedin` for ")
    assert dump() == before


def schema_triggers() -> list[tuple[str, ...]]:
    """Every trigger of the database, with its definition where the backend keeps one."""
    workspace = Workspace.open(Settings.from_env())
    try:
        with workspace.reading() as conn:
            query = (
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
                if conn.dialect.name == "sqlite"
                else "SELECT t.tgname, c.relname FROM pg_trigger AS t "
                "JOIN pg_class AS c ON c.oid = t.tgrelid "
                "JOIN pg_namespace AS n ON n.oid = c.relnamespace "
                "WHERE NOT t.tgisinternal AND n.nspname = current_schema() ORDER BY 1"
            )
            return [tuple(r) for r in conn.execute(text(query))]
    finally:
        workspace.close()


def test_triggers_at_head_fit_every_recorded_table(workspace: Workspace) -> None:
    """A migration that adds a table or a column (or rebuilds a table on SQLite) must
    create its undo triggers again (store/undo.create_triggers)."""
    with workspace.reading() as conn:
        for table in undo_store.recorded_tables():
            table = undo_store.reflected(conn, table.name)
            if conn.dialect.name == "sqlite":
                found = dict(
                    conn.execute(
                        text(
                            "SELECT name, sql FROM sqlite_master WHERE tbl_name = :t AND type = 'trigger'"  # noqa: E501
                        ),
                        {"t": table.name},
                    ).all()
                )
                for statement in undo_store.sqlite_triggers(table):
                    name = statement.split()[2]
                    assert found.get(name) == statement, f"{name} is missing or outdated"
            else:
                names = set(
                    conn.execute(
                        text(
                            "SELECT tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                            "WHERE c.relname = :t AND NOT t.tgisinternal "
                            "AND c.relnamespace = current_schema()::regnamespace"
                        ),
                        {"t": table.name},
                    ).scalars()
                )
                assert set(undo_store.trigger_names(table)) <= names, table.name


def test_a_change_split_by_another_writer_leaves_nothing_to_undo(demo: CLI) -> None:
    """Another process's change landing between two transactions of a command: the
    command's first part is no longer recorded, so none of it is undone (never half)."""
    import threading

    mine, other = (Workspace.open(Settings.from_env()) for _ in range(2))
    try:
        with Workspace.change("chat"):
            mine.log("Elena", "reply")
            # a thread starts with no change open: the other writer's change is its own
            writer = threading.Thread(target=lambda: other.log("Grace", "outreach"))
            writer.start()
            writer.join()
            assert mine.last_change().label == "a change"  # type: ignore[union-attr]
            mine.log("Tomás", "reply")
        assert mine.last_change() is None
        assert mine.undo() is None
    finally:
        mine.close()
        other.close()
