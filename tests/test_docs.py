"""The docs keep up with the code: CLI reference, help texts, JSON fields, settings, env vars."""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import click
import pytest
from click.testing import CliRunner

from coffeechat.cli import COMMANDS, cli
from coffeechat.service.workspace import SETTING_KEYS
from conftest import load_script

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SRC = ROOT / "src" / "coffeechat"


def _load_generator() -> ModuleType:
    """scripts/cli_reference.py, imported from its path (scripts/ is not a package)."""
    return load_script("scripts/cli_reference.py")


generator = _load_generator()
ALL_COMMANDS = generator.commands()
COMMAND_PATHS = [path for path, _, _ in ALL_COMMANDS]


def _documented(doc: str) -> str:
    return (DOCS / doc).read_text(encoding="utf-8")


def _in_backticks(name: str, text: str) -> bool:
    return f"`{name}`" in text


# --- the CLI reference ------------------------------------------------------------------


def test_cli_reference_is_up_to_date() -> None:
    generated = generator.reference()
    current = (DOCS / "cli.md").read_text(encoding="utf-8")
    assert current == generated, "docs/cli.md is out of date with --help: run `make docs`"


def test_cli_reference_covers_every_command() -> None:
    reference = (DOCS / "cli.md").read_text(encoding="utf-8")
    # The walk must find the subcommands, not just the top level.
    assert {"coffeechat", "coffeechat contact add", "coffeechat company list"} <= set(COMMAND_PATHS)
    assert len(COMMAND_PATHS) > len(COMMANDS)
    for path in COMMAND_PATHS:
        assert f"\n## {path}\n" in reference, path


def test_cli_reference_does_not_depend_on_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    narrow = generator.reference()
    monkeypatch.setenv("COLUMNS", "250")
    assert generator.reference() == narrow


# --- help texts -------------------------------------------------------------------------


@pytest.mark.parametrize("path", COMMAND_PATHS)
def test_every_command_has_help_and_an_example(path: str) -> None:
    _, command, ctx = ALL_COMMANDS[COMMAND_PATHS.index(path)]
    assert (command.help or "").strip(), f"{path} has no help text"
    text = command.get_help(ctx)
    assert "Example:" in text, f"{path}: its help has no Example: block"
    example = text.split("Example:", 1)[1].split("\n\n", 1)[0]
    lines = [line.strip() for line in example.splitlines() if line.strip()]
    assert lines, f"{path}: the Example: block is empty"
    words = " ".join(path.split()[1:])
    assert any(line.startswith("coffeechat") and words in line for line in lines), (
        f"{path}: no example line runs `{path}`"
    )


@pytest.mark.parametrize("name", list(COMMANDS))
def test_top_level_short_help_matches_the_command(name: str) -> None:
    ctx = generator.root_context()
    command = cli.get_command(ctx, name)
    assert command is not None
    _, _, short = COMMANDS[name]
    assert short == command.get_short_help_str(limit=200), (
        f"COMMANDS[{name!r}] in coffeechat/cli/__init__.py differs from the command's own help"
    )


def test_commands_table_lists_every_loaded_command() -> None:
    ctx = generator.root_context()
    assert cli.list_commands(ctx) == list(COMMANDS)
    for name, (module, attribute, _) in COMMANDS.items():
        command = cli.get_command(ctx, name)
        assert isinstance(command, click.Command), (module, attribute)
        assert command.name == name, f"{module}.{attribute} is named {command.name!r}"


# --- the JSON contract ------------------------------------------------------------------


def _keys(document: Any) -> set[str]:
    """Every object key in a JSON document, at any depth."""
    if isinstance(document, dict):
        found = set(document)
        for value in document.values():
            found |= _keys(value)
        return found
    if isinstance(document, list):
        found = set()
        for value in document:
            found |= _keys(value)
        return found
    return set()


class _Run:
    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str) -> Any:
        result = self.runner.invoke(cli, list(args), catch_exceptions=False)
        assert result.exit_code == 0, (args, result.output)
        return result

    def json(self, *args: str) -> Any:
        return json.loads(self(*args, "--json").stdout)


def _json_documents(tmp_path: Path) -> dict[str, Any]:
    """One JSON document per command that prints one, run against the demo workspace."""
    run = _Run()
    run("demo")
    docs: dict[str, Any] = {}
    docs["init"] = run.json("--home", str(tmp_path / "fresh"), "init", "--name", "Sam Rivera")
    docs["status"] = run.json("status")
    docs["settings show"] = run.json("settings", "show")
    docs["settings set"] = run.json("settings", "set", "weekly_goal", "4")
    docs["contact list"] = run.json("contact", "list")
    ids = [str(c["id"]) for c in docs["contact list"]["contacts"]]
    assert len(ids) >= 5, "the demo workspace should hold several contacts"
    docs["contact show"] = [run.json("contact", "show", i) for i in ids]
    docs["contact add"] = run.json(
        "contact", "add", "Ada Lovelace",
        "--email", "ada@example.com", "--phone", "+44 20 7946 0000", "--linkedin", "ada",
        "--company", "Analytical Engines", "--title", "Engineer", "--seniority", "senior",
        "--city", "London", "--timezone", "Europe/London", "--how-met", "introduced",
        "--met-at", "PyData London", "--met-on", "2026-11-20", "--introduced-by", ids[0],
        "--tag", "python", "--note", "Knows everyone",
    )  # fmt: skip
    new = str(docs["contact add"]["id"])
    docs["log"] = run.json("log", new, "outreach", "--note", "Short note on LinkedIn")
    docs["contact edit"] = run.json("contact", "edit", new, "--stage", "no-reply")
    docs["contact remove"] = run.json("contact", "remove", new, "--yes")
    docs["company list"] = run.json("company", "list")
    names = [c["name"] for c in docs["company list"]["companies"]]
    docs["company show"] = [run.json("company", "show", n) for n in names]
    docs["company add"] = run.json("company", "add", "Acme", "--advocacy", "yes")
    docs["company edit"] = run.json("company", "edit", "Acme", "--motivation", "2")
    docs["board"] = run.json("board")
    docs["search"] = run.json("search", "lumen")
    assert docs["search"]["results"], "the demo should have something to find"
    docs["schedule propose"] = run.json("schedule", "propose", "marcus")
    assert docs["schedule propose"]["options"], "the demo week should have free times"
    number = next(
        str(o["number"]) for o in docs["schedule propose"]["options"] if o["kind"] != "flexible"
    )
    docs["schedule confirm"] = run.json(
        "schedule", "confirm", "marcus", "--option", number, "--ics", str(tmp_path / "i.ics")
    )
    docs["schedule reschedule"] = run.json("schedule", "reschedule", "marcus")
    docs["contact show (scheduled)"] = run.json("contact", "show", "marcus")
    calendar = tmp_path / "busy.ics"
    calendar.write_bytes(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nEND:VCALENDAR\r\n")
    docs["calendar add"] = run.json("calendar", "add", str(calendar))
    docs["calendar list"] = run.json("calendar", "list")
    docs["calendar remove"] = run.json("calendar", "remove", "1")
    message = tmp_path / "message.txt"
    message.write_text("Hi Ada, are you hiring? My CV is attached.\n", encoding="utf-8")
    docs["check"] = run.json("check", "--kind", "outreach", str(message))
    assert docs["check"]["findings"], "that message should have findings"
    docs["guide"] = run.json("guide", "aiko", "--minutes", "20")
    docs["guide list"] = run.json("guide", "list")
    docs["guide show"] = run.json("guide", "show", "tiara")
    docs["note add"] = run.json("note", "add", "aiko", "--topic", "balance", "Leaves at six")
    docs["takeaway add"] = run.json("takeaway", "add", "aiko", "--kind", "advice", "Ship it")
    docs["promise add"] = run.json("promise", "add", "aiko", "--by", "me", "Send the link")
    docs["intro add"] = run.json("intro", "add", "aiko", "--to", "Kenji Sato")
    docs["note list"] = run.json("note", "list", "aiko")
    docs["takeaway list"] = run.json("takeaway", "list", "aiko")
    docs["promise list"] = run.json("promise", "list", "aiko")
    docs["intro list"] = run.json("intro", "list", "aiko")
    docs["log list"] = run.json("log", "list", "aiko")
    note_id = str(docs["note add"]["note"]["id"])
    docs["note edit"] = run.json("note", "edit", note_id, "Leaves at six", "--topic", "journey")
    docs["promise edit"] = run.json(
        "promise", "edit", str(docs["promise add"]["promise"]["id"]), "--due", "2026-12-04"
    )
    docs["intro remove"] = run.json(
        "intro", "remove", str(docs["intro list"]["introductions"][0]["id"])
    )
    docs["log remove"] = run.json("log", "remove", str(docs["log list"]["events"][-1]["id"]))
    docs["recap"] = run.json("recap", "aiko")
    docs["recap (priya)"] = run.json("recap", "priya", "-o", str(tmp_path / "priya.md"))
    assert docs["recap"]["findings"], "Aiko's recap misses parts"
    recap = tmp_path / "recap.md"
    recap.write_text("# Notes\n\nNothing much.\n", encoding="utf-8")
    docs["check recap"] = run.json("check", "--kind", "recap", str(recap))
    docs["agenda"] = run.json("agenda", "--days", "14")
    assert docs["agenda"]["items"], "the demo should owe something"
    first = docs["agenda"]["items"][0]["item"]
    docs["followup snooze"] = run.json("followup", "snooze", first, "--days", "2")
    docs["followup dismiss"] = run.json("followup", "dismiss", first)
    docs["network"] = run.json("network")
    docs["path list"] = run.json("path", "list")
    assert docs["path list"]["paths"], "the demo has paths"
    docs["path show"] = run.json("path", "show")
    docs["path show one"] = run.json("path", "show", str(docs["path list"]["paths"][0]["id"]))
    docs["stats"] = run.json("stats")
    docs["backup"] = run.json("backup", "--to", str(tmp_path / "b.db"))
    docs["doctor"] = run.json("doctor")
    docs["contact merge"] = run.json("contact", "merge", "grace", "kenji")
    docs["undo --dry-run"] = run.json("undo", "--dry-run")
    docs["undo"] = run.json("undo")
    return docs


def test_every_json_field_is_documented(tmp_path: Path) -> None:
    documents = _json_documents(tmp_path)
    keys: set[str] = set().union(*(_keys(d) for d in documents.values()))
    # The walk must really reach nested objects (contacts inside lists inside documents).
    assert len(keys) >= 40, sorted(keys)
    assert {"stage_since", "timeline", "waiting_days", "snippet", "weekly_goal"} <= keys
    assert {"contact_local", "reschedules", "follow_ups", "fetched_at", "offered"} <= keys
    assert {"findings", "severity", "hint"} <= keys
    contract = _documented("json.md")
    missing = sorted(k for k in keys if not _in_backticks(k, contract))
    assert not missing, f"--json fields missing from docs/json.md: {missing}"


# --- configuration and settings ---------------------------------------------------------


def test_every_environment_variable_is_documented() -> None:
    mentioned: set[str] = set()
    for path in SRC.rglob("*.py"):
        mentioned |= set(re.findall(r"\bCOFFEECHAT_[A-Z0-9_]*[A-Z0-9]", path.read_text("utf-8")))
    assert {"COFFEECHAT_HOME", "COFFEECHAT_DATABASE_URL", "COFFEECHAT_NOW"} <= mentioned
    configuration = _documented("configuration.md")
    missing = sorted(v for v in mentioned if not _in_backticks(v, configuration))
    assert not missing, f"environment variables missing from docs/configuration.md: {missing}"


def test_every_setting_is_documented() -> None:
    assert len(SETTING_KEYS) >= 5
    docs = _documented("guide.md") + _documented("configuration.md")
    missing = sorted(k for k in SETTING_KEYS if not _in_backticks(k, docs))
    assert not missing, f"settings missing from docs/guide.md and docs/configuration.md: {missing}"


# --- the web UI's screenshots -----------------------------------------------------------


def test_the_guide_shows_every_screenshot_and_only_those_that_exist() -> None:
    """`make screenshots` writes docs/screenshots/NAME-desktop.png and NAME-phone.png for
    every page of the browser tests' walk: the guide's gallery shows each, both sizes, and
    points at no picture that is not there."""
    guide = _documented("guide.md")
    shown = set(re.findall(r'src="(screenshots/[^"]+\.png)"', guide))
    present = {f"screenshots/{p.name}" for p in (DOCS / "screenshots").glob("*.png")}
    assert present, "no screenshots in docs/screenshots (make screenshots)"
    assert not shown - present, f"the guide shows pictures that are missing: {shown - present}"
    assert not present - shown, f"screenshots not in the guide's gallery: {present - shown}"
    names = {re.sub(r"-(desktop|phone)\.png$", "", p) for p in present}
    sizes = {f"{n}-{size}.png" for n in names for size in ("desktop", "phone")}
    assert sizes == present, f"a page has one size only: {sorted(sizes ^ present)}"
