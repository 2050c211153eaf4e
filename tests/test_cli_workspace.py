"""The workspace through the CLI: init, settings, status, demo and the environment contracts.

Every test runs with COFFEECHAT_HOME in its own tmp folder and COFFEECHAT_NOW fixed to
Friday 27 November 2026, 09:00 in New York (see conftest.py).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest

from coffeechat.core.model import BOARD_ORDER

SAM = {
    "name": "Sam Rivera",
    "email": "sam@example.com",
    "timezone": "America/New_York",
    "country": "US",
    "availability": "Mon-Fri 08:00-20:00",
    "signature": "Sam Rivera",
    "phone": None,
    "weekly_goal": 3,
    "smtp_host": None,
    "smtp_port": None,
    "smtp_security": "starttls",
    "smtp_user": None,
    "cities": None,
    "paper": None,
}

#: The line every command prints before `init`, after "Error: ".
NO_WORKSPACE = (
    "no coffeechat workspace at {where}: run `coffeechat init` to create one "
    "(or `coffeechat demo` to try it with sample data)"
)

DEMO_CONTACTS = [
    "Aiko Tanaka",
    "Daniel Mensah",
    "Elena Sokolova",
    "Grace Kim",
    "Kenji Sato",
    "Marcus Oyelaran",
    "Priya Natarajan",
    "Tomás Herrera",
]


def error_line(result) -> str:
    """The one line a user error prints on stderr."""
    return result.stderr.strip()


# --- init ------------------------------------------------------------------------------


def test_init_with_every_flag_prints_the_workspace_and_settings(cc, home):
    document = cc.json(
        "init",
        "--name", "Sam Rivera",
        "--email", "sam@example.com",
        "--timezone", "Europe/Berlin",
        "--country", "at",
        "--availability", "weekdays 07:30-21:00; Sat 10:00-14:00",
        "--signature", "Sam Rivera, full-stack developer",
        "--phone", "+1 212 555 0142",
    )  # fmt: skip
    assert document == {
        "workspace": str(home / "coffeechat.db"),
        "settings": {
            "name": "Sam Rivera",
            "email": "sam@example.com",
            "timezone": "Europe/Berlin",
            "country": "AT",
            "availability": "Mon-Fri 07:30-21:00; Sat 10:00-14:00",
            "signature": "Sam Rivera, full-stack developer",
            "phone": "+1 212 555 0142",
            "weekly_goal": 3,
            "smtp_host": None,
            "smtp_port": None,
            "smtp_security": "starttls",
            "smtp_user": None,
            "cities": None,
            "paper": None,
        },
    }
    assert (home / "coffeechat.db").is_file()
    assert cc.json("settings", "show") == document["settings"]


def test_init_says_where_the_workspace_is_and_what_to_do_next(cc, home):
    result = cc("init", "--name", "Sam Rivera", "--timezone", "America/New_York")
    assert result.stdout == (
        f"Created your workspace at {home / 'coffeechat.db'}.\n"
        'Next: record someone you met: coffeechat contact add "Ada Lovelace" --company Acme\n'
    )


def test_init_defaults_signature_availability_and_country(cc):
    settings = cc.json("init", "--name", "Sam Rivera", "--timezone", "America/New_York")
    assert settings["settings"] == {**SAM, "email": None}


def test_init_without_a_zone_takes_the_machine_zone(cc, monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Paris")
    settings = cc.json("init", "--name", "Sam Rivera")["settings"]
    assert (settings["timezone"], settings["country"]) == ("Europe/Paris", "FR")


def test_init_without_a_name_off_a_terminal_is_a_usage_error(cc, home):
    result = cc("init", "--email", "sam@example.com", ok=False)
    assert result.exit_code == 2
    assert "Error: --name is required when not run in a terminal" in result.stderr
    assert not (home / "coffeechat.db").exists()


def test_init_in_a_terminal_asks_for_what_is_missing(cc, monkeypatch):
    monkeypatch.setattr("coffeechat.cli.workspace.interactive", lambda: True)
    result = cc("init", input="Sam Rivera\nsam@example.com\nAmerica/Chicago\n\n")
    assert "Your name: " in result.stdout
    assert "When can you meet people [Mon-Fri 08:00-20:00]: " in result.stdout
    assert cc.json("settings", "show") == {
        **SAM,
        "timezone": "America/Chicago",
    }


def test_init_in_a_terminal_asks_again_after_a_bad_answer(cc, monkeypatch):
    monkeypatch.setattr("coffeechat.cli.workspace.interactive", lambda: True)
    answers = "Sam Rivera\nsam@\n\nMars/Base\nAsia/Seoul\nweekdays 9-5\nweekdays 09:00-17:00\n"
    out = cc("init", input=answers).stdout
    assert "Error: not an e-mail address (example: ada@example.com)\n" in out
    assert "Error: not an IANA time zone (example: Europe/Paris)\n" in out
    assert "Error: no HH:MM-HH:MM interval in 'weekdays 9-5'" in out
    shown = cc.json("settings", "show")
    assert (shown["email"], shown["timezone"], shown["country"], shown["availability"]) == (
        None,
        "Asia/Seoul",
        "KR",
        "Mon-Fri 09:00-17:00",
    )


def test_init_in_a_terminal_refuses_an_existing_workspace_before_asking(ccw, monkeypatch):
    monkeypatch.setattr("coffeechat.cli.workspace.interactive", lambda: True)
    result = ccw.fails("init", input="Someone Else\n")
    assert "Your name" not in result.stdout
    assert "a workspace already exists at" in result.stderr
    assert ccw.json("settings", "show")["name"] == "Sam Rivera"


@pytest.mark.parametrize(
    ("flags", "error"),
    [
        (
            ["--timezone", "Mars/Olympus"],
            "timezone: not an IANA time zone (got 'Mars/Olympus'; example: Europe/Paris)",
        ),
        (
            ["--email", "sam-at-example"],
            "email: not an e-mail address (got 'sam-at-example'; example: ada@example.com)",
        ),
        (
            ["--availability", "whenever"],
            "availability: no HH:MM-HH:MM interval in 'whenever' "
            "(got 'whenever'; example: Mon-Fri 09:00-17:00)",
        ),
        (
            ["--country", "XX"],
            "country: not an ISO 3166 country code (got 'XX'; example: US)",
        ),
        (
            ["--phone", "call me"],
            "phone: not a phone number (got 'call me'; example: +1 212 555 0100)",
        ),
    ],
)
def test_init_with_an_invalid_value_creates_nothing(cc, home, flags, error):
    result = cc.fails("init", "--name", "Sam Rivera", *flags)
    assert error_line(result) == f"Error: {error}"
    assert not (home / "coffeechat.db").exists()
    cc("init", "--name", "Sam Rivera")  # the name is still free


def test_init_twice_refuses_and_keeps_the_first_workspace(ccw, home):
    result = ccw.fails("init", "--name", "Someone Else")
    assert error_line(result) == (
        f"Error: a workspace already exists at {home / 'coffeechat.db'}: "
        "change it with `coffeechat settings set`"
    )
    assert ccw.json("settings", "show")["name"] == "Sam Rivera"


# --- before init -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["status"],
        ["settings", "show"],
        ["settings", "set", "name", "Sam"],
        ["contact", "add", "Ada Lovelace"],
        ["contact", "list"],
        ["contact", "show", "ada"],
        ["contact", "edit", "ada", "--title", "CTO"],
        ["contact", "remove", "ada", "--yes"],
        ["company", "add", "Acme"],
        ["company", "list"],
        ["company", "show", "Acme"],
        ["company", "edit", "Acme", "--posting", "2"],
        ["log", "ada", "outreach"],
        ["board"],
        ["search", "acme"],
    ],
    ids=lambda command: " ".join(command) or "(no command)",
)
def test_commands_before_init_say_how_to_start_in_one_line(cc, home, command):
    result = cc.fails(*command)
    where = home / "coffeechat.db"
    assert error_line(result) == "Error: " + NO_WORKSPACE.format(where=where)
    assert not where.exists()


# --- settings --------------------------------------------------------------------------


def test_settings_show(ccw):
    assert ccw("settings", "show").stdout == (
        "name          Sam Rivera\n"
        "email         sam@example.com\n"
        "timezone      America/New_York\n"
        "country       US\n"
        "availability  Mon-Fri 08:00-20:00\n"
        "phone         \n"
        "weekly_goal   3\n"
        "smtp_host     \n"
        "smtp_port     \n"
        "smtp_security starttls\n"
        "smtp_user     \n"
        "cities        \n"
        "paper         letter (from your country)\n"
        "signature     Sam Rivera\n"
    )
    assert ccw.json("settings", "show") == SAM


@pytest.mark.parametrize(
    ("key", "value", "changes"),
    [
        ("name", "  Samantha   Rivera ", {"name": "Samantha Rivera"}),
        ("email", "sam@Work.EXAMPLE", {"email": "sam@work.example"}),
        ("email", "", {"email": None}),
        ("timezone", "Europe/Paris", {"timezone": "Europe/Paris", "country": "FR"}),
        ("timezone", "Etc/UTC", {"timezone": "Etc/UTC", "country": None}),
        ("country", "ca", {"country": "CA"}),
        ("availability", "weekdays 7:30-21:00", {"availability": "Mon-Fri 07:30-21:00"}),
        ("signature", "Sam\nBootcamp graduate", {"signature": "Sam\nBootcamp graduate"}),
        ("signature", "", {"signature": None}),
        ("phone", "+1 212 555 0142", {"phone": "+1 212 555 0142"}),
        ("weekly_goal", "5", {"weekly_goal": 5}),
        ("weekly-goal", "0", {"weekly_goal": 0}),
        ("TimeZone", "Asia/Tokyo", {"timezone": "Asia/Tokyo", "country": "JP"}),
    ],
)
def test_settings_set_changes_one_setting(ccw, key, value, changes):
    assert ccw.json("settings", "set", key, value) == {**SAM, **changes}
    assert ccw.json("settings", "show") == {**SAM, **changes}


def test_settings_set_prints_the_settings(ccw):
    out = ccw("settings", "set", "timezone", "Europe/Paris").stdout
    assert "timezone      Europe/Paris\n" in out
    assert "country       FR\n" in out


def test_clearing_the_country_derives_it_from_the_zone_again(ccw):
    ccw("settings", "set", "country", "CA")
    assert ccw.json("settings", "set", "country", "")["country"] == "US"


@pytest.mark.parametrize(
    ("key", "value", "error"),
    [
        (
            "timezone",
            "Mars/Olympus",
            "timezone: not an IANA time zone (got 'Mars/Olympus'; example: Europe/Paris)",
        ),
        ("timezone", "", "timezone: not an IANA time zone (got ''; example: Europe/Paris)"),
        ("name", "", "name: cannot be empty (got ''; example: Ada Lovelace)"),
        (
            "email",
            "sam@",
            "email: not an e-mail address (got 'sam@'; example: ada@example.com)",
        ),
        ("country", "ZZ", "country: not an ISO 3166 country code (got 'ZZ'; example: US)"),
        (
            "availability",
            "Mon-Fri 20:00-08:00",
            "availability: '20:00-08:00' ends before it starts "
            "(got 'Mon-Fri 20:00-08:00'; example: Mon-Fri 09:00-17:00)",
        ),
        ("weekly_goal", "many", "weekly_goal: not a number (got 'many'; example: 3)"),
        ("weekly_goal", "101", "weekly_goal: must be between 0 and 100 (got 101; example: 100)"),
        ("phone", "555", "phone: not a phone number (got '555'; example: +1 212 555 0100)"),
        (
            "colour",
            "blue",
            "setting: unknown setting (got 'colour'; example: "
            "name|email|timezone|country|availability|signature|phone|weekly_goal|cities"
            "|smtp_host|smtp_port|smtp_security|smtp_user|paper)",
        ),
    ],
)
def test_settings_set_refuses_invalid_values_and_changes_nothing(ccw, key, value, error):
    result = ccw.fails("settings", "set", key, value)
    assert error_line(result) == f"Error: {error}"
    assert ccw.json("settings", "show") == SAM


def test_settings_set_needs_a_key_and_a_value(ccw):
    result = ccw("settings", "set", "timezone", ok=False)
    assert result.exit_code == 2
    assert "Missing argument 'VALUE'" in result.stderr


# --- status ----------------------------------------------------------------------------


def test_status_of_a_new_workspace_suggests_the_first_steps(ccw, home):
    assert ccw("status").stdout == (
        f"coffeechat: Sam Rivera's workspace at {home / 'coffeechat.db'}\n"
        "0 contacts, 0 companies\n"
        "\n"
        "What to do next:\n"
        '  - Record someone you met: coffeechat contact add "Ada Lovelace" --company Acme\n'
        "  - List the employers you target: coffeechat company add Acme --motivation 3\n"
        "\n"
        "All commands: coffeechat --help\n"
    )


def test_status_counts_one_of_each_in_the_singular(ccw):
    ccw("contact", "add", "Ada Lovelace", "--company", "Acme")
    assert "\n1 contact (1 met), 1 company\n" in ccw("status").stdout


def test_coffeechat_without_a_command_shows_the_status(ccw):
    assert ccw().stdout == ccw("status").stdout


def test_status_counts_contacts_by_stage_and_names_the_next_steps(ccw, home):
    ccw("company", "add", "Acme", "--motivation", "3")
    ccw("contact", "add", "Ada Lovelace", "--company", "Acme")
    ccw("contact", "add", "Grace Hopper", "--company", "Navy")
    ccw("log", "grace", "outreach", "--at", "2026-11-20T10:00")
    ccw("contact", "add", "Alan Turing")
    ccw("log", "alan", "outreach", "--at", "2026-11-23T10:00")
    ccw("log", "alan", "reply", "--at", "2026-11-24T10:00")
    document = ccw.json("status")
    assert document == {
        "owner": "Sam Rivera",
        "workspace": str(home / "coffeechat.db"),
        "contacts": 3,
        "companies": 2,
        "stages": {
            "met": 1,
            "intro-offered": 0,
            "reached-out": 1,
            "agreed": 1,
            "scheduling": 0,
            "scheduled": 0,
            "met-up": 0,
            "recapped": 0,
            "following-up": 0,
            "no-reply": 0,
            "declined": 0,
        },
        "next_steps": [
            "Alan Turing agreed to chat: offer three times with coffeechat draft scheduling 3",
            "Reach out to Ada Lovelace: coffeechat draft outreach 1 "
            "(once sent: coffeechat log 1 outreach)",
            "Grace Hopper has not answered in 6 days: when they do, coffeechat log 2 reply",
            "Everything owed, today and this week: coffeechat agenda",
            "See every relationship by stage: coffeechat board",
        ],
    }
    assert list(document["stages"]) == [s.value for s in BOARD_ORDER]
    out = ccw("status").stdout
    assert "3 contacts (1 met, 1 reached-out, 1 agreed), 2 companies\n" in out


# --- demo ------------------------------------------------------------------------------


def test_demo_creates_a_workspace_with_sample_data(cc, home):
    done = cc("demo")
    assert (
        done.stderr == f"Created a demo workspace with sample data at {home / 'coffeechat.db'}.\n"
    )
    out = done.stdout
    assert out.startswith(
        f"coffeechat: Sam Rivera's workspace at {home / 'coffeechat.db'}\n"
        "8 contacts (2 intro-offered, 2 reached-out, 1 scheduling, 1 scheduled, 1 met-up, "
        "1 following-up), "
        "6 companies\n"
    )
    assert out.endswith(
        f"Look around: coffeechat --home {home} board\n"
        "Your own workspace: coffeechat init (keep it apart from the demo's folder).\n"
    )
    contacts = cc.json("contact", "list")["contacts"]
    assert [c["name"] for c in contacts] == DEMO_CONTACTS
    stages = {c["name"]: c["stage"] for c in contacts}
    assert stages["Priya Natarajan"] == "following-up"
    assert stages["Daniel Mensah"] == "scheduled"
    assert [c["name"] for c in cc.json("company", "list")["companies"]] == [
        "Lumen Health",
        "Northwind Analytics",
        "Brightline Robotics",
        "Tidewater Bank",
        "Foxglove Studio",
        "Parcel & Co",
    ]
    grace = cc.json("contact", "show", "grace")
    assert grace["introduced_by"] == {"id": 1, "name": "Priya Natarajan"}


def test_demo_runs_again_without_adding_anything(cc):
    cc("demo")
    before = cc.json("contact", "list"), cc.json("company", "list"), cc.json("board")
    done = cc("demo")
    assert done.stderr == "Opened the existing workspace (sample data goes only into a new one).\n"
    assert done.stdout.startswith("coffeechat: Sam Rivera's workspace at ")
    assert (cc.json("contact", "list"), cc.json("company", "list"), cc.json("board")) == before


def test_demo_never_mixes_sample_people_into_an_existing_workspace(ccw):
    ccw("contact", "add", "Ada Lovelace")
    ccw("demo")
    assert [c["name"] for c in ccw.json("contact", "list")["contacts"]] == ["Ada Lovelace"]
    assert ccw.json("company", "list") == {"companies": []}


def test_demo_timeline_is_dated_relative_to_now(cc, monkeypatch):
    monkeypatch.setenv("COFFEECHAT_NOW", "2027-03-10T12:00:00+00:00")
    cc("demo")
    priya = cc.json("contact", "show", "priya")
    assert priya["created_at"] == "2027-03-10T07:00:00-05:00"
    now = dt.datetime.fromisoformat("2027-03-10T12:00:00+00:00")
    assert priya["timeline"]
    assert all(dt.datetime.fromisoformat(e["at"]) <= now for e in priya["timeline"])


# --- where the data lives: COFFEECHAT_HOME, --home, COFFEECHAT_DATABASE_URL -----------------


def test_each_home_holds_its_own_workspace(cc, tmp_path, monkeypatch):
    cc("init", "--name", "Sam Rivera")
    cc("contact", "add", "Ada Lovelace")
    monkeypatch.setenv("COFFEECHAT_HOME", str(tmp_path / "elsewhere"))
    cc.fails("contact", "list")
    cc("init", "--name", "Alex Kim")
    assert cc.json("contact", "list") == {"contacts": []}
    assert (tmp_path / "elsewhere" / "coffeechat.db").is_file()


def test_home_option_wins_over_the_environment(cc, home, tmp_path):
    other = tmp_path / "other home"
    cc("--home", str(other), "init", "--name", "Alex Kim")
    cc("--home", str(other), "contact", "add", "Ada Lovelace")
    assert (other / "coffeechat.db").is_file()
    assert not (home / "coffeechat.db").exists()
    assert cc.json("--home", str(other), "settings", "show")["name"] == "Alex Kim"
    result = cc.fails("contact", "list")
    assert "coffeechat init" in error_line(result)


def test_database_url_points_at_another_sqlite_file(cc, home, tmp_path, monkeypatch):
    elsewhere = tmp_path / "data" / "career.db"
    url = f"sqlite:///{elsewhere}"
    monkeypatch.setenv("COFFEECHAT_DATABASE_URL", url)
    document = cc.json("init", "--name", "Sam Rivera")
    assert document["workspace"] == url
    cc("contact", "add", "Ada Lovelace")
    assert elsewhere.is_file()
    assert not (home / "coffeechat.db").exists()
    assert cc.json("status")["workspace"] == url

    monkeypatch.delenv("COFFEECHAT_DATABASE_URL")
    assert "coffeechat init" in error_line(cc.fails("contact", "list"))
    monkeypatch.setenv("COFFEECHAT_DATABASE_URL", url)
    assert [c["name"] for c in cc.json("contact", "list")["contacts"]] == ["Ada Lovelace"]


def test_database_url_without_a_workspace_says_so(cc, tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'nothing-here.db'}"
    monkeypatch.setenv("COFFEECHAT_DATABASE_URL", url)
    assert error_line(cc.fails("board")) == "Error: " + NO_WORKSPACE.format(where=url)


@pytest.mark.parametrize("url", ["not a database url", "nosuchdb://localhost/coffeechat"])
def test_an_unusable_database_url_is_one_line(cc, monkeypatch, url):
    monkeypatch.setenv("COFFEECHAT_DATABASE_URL", url)
    for command in (["init", "--name", "Sam Rivera"], ["status"]):
        line = error_line(cc.fails(*command))
        assert line.startswith("Error: COFFEECHAT_DATABASE_URL: "), line
        assert "postgresql+psycopg://" in line


def test_an_unreachable_database_server_is_not_a_missing_workspace(cc, monkeypatch):
    # Port 1 on the loopback refuses at once: the user must hear about the server.
    monkeypatch.setenv("COFFEECHAT_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/cc")
    for command in (["init", "--name", "Sam Rivera"], ["contact", "list"]):
        line = error_line(cc.fails(*command))
        assert line.startswith("Error: database: "), line
        assert "Connection refused" in line or "connection" in line.lower()


def test_a_file_that_is_not_a_database_is_one_line(cc, home):
    home.mkdir(parents=True)
    (home / "coffeechat.db").write_bytes(b"my notes, not a database\n" * 200)
    for command in (["contact", "list"], ["init", "--name", "Sam Rivera"]):
        line = error_line(cc.fails(*command))
        assert line.startswith(f"Error: {home / 'coffeechat.db'} is not a coffeechat workspace ")
        assert line.endswith("point COFFEECHAT_HOME or --home at another folder")


def test_a_database_of_another_program_is_left_alone(cc, home):
    home.mkdir(parents=True)
    with sqlite3.connect(home / "coffeechat.db") as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.close()
    line = error_line(cc.fails("init", "--name", "Sam Rivera"))
    assert line == (
        f"Error: {home / 'coffeechat.db'} is not a coffeechat workspace "
        "(it holds tables of another program): move it aside, "
        "or point COFFEECHAT_HOME or --home at another folder"
    )
    with sqlite3.connect(home / "coffeechat.db") as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    conn.close()
    assert tables == ["recipes"]


# --- COFFEECHAT_NOW --------------------------------------------------------------------


@pytest.mark.parametrize("value", ["tomorrow", "2026-11-27T09:00", "2026-11-27", "27/11/2026 9am"])
def test_an_invalid_now_is_one_line(cc, monkeypatch, value):
    monkeypatch.setenv("COFFEECHAT_NOW", value)
    result = cc.fails("init", "--name", "Sam Rivera")
    assert error_line(result) == (
        f"Error: COFFEECHAT_NOW: {value!r} is not an ISO 8601 instant with an offset "
        "(example: 2026-11-27T09:00:00-05:00)"
    )


def test_an_invalid_now_does_not_break_help(cc, monkeypatch):
    monkeypatch.setenv("COFFEECHAT_NOW", "tomorrow")
    assert "Show contacts by stage" in cc("--help").stdout


@pytest.mark.parametrize(
    ("now", "created_at"),
    [
        ("2026-11-27T14:00:00Z", "2026-11-27T09:00:00-05:00"),
        ("2026-11-28T01:30:00+09:00", "2026-11-27T11:30:00-05:00"),
        ("2026-07-01T12:00:00+00:00", "2026-07-01T08:00:00-04:00"),
    ],
)
def test_now_is_the_clock_of_every_command(ccw, monkeypatch, now, created_at):
    monkeypatch.setenv("COFFEECHAT_NOW", now)
    added = ccw.json("contact", "add", "Ada Lovelace")
    assert added["created_at"] == created_at
    logged = ccw.json("log", "ada", "outreach")
    assert logged["at"] == created_at


def test_json_documents_are_one_document_on_stdout(ccw):
    ccw("contact", "add", "Ada Lovelace")
    for command in (
        ["settings", "show"],
        ["status"],
        ["contact", "list"],
        ["contact", "show", "ada"],
        ["company", "list"],
        ["board"],
        ["search", "ada"],
    ):
        result = ccw(*command, "--json")
        assert result.stderr == ""
        json.loads(result.stdout)


def test_a_chosen_country_survives_a_change_of_zone(ccw):
    ccw("settings", "set", "country", "CA")
    moved = ccw.json("settings", "set", "timezone", "Europe/Paris")
    assert (moved["timezone"], moved["country"]) == ("Europe/Paris", "CA")
    rederived = ccw.json("settings", "set", "country", "")
    assert rederived["country"] == "FR"


def test_smtp_settings_are_checked_and_no_password_is_kept(ccw):
    ccw("settings", "set", "smtp_host", "smtp.example.com")
    ccw("settings", "set", "smtp_port", "587")
    ccw("settings", "set", "smtp_user", "sam@example.com")
    shown = ccw.json("settings", "set", "smtp_security", "SSL")
    assert (shown["smtp_host"], shown["smtp_port"], shown["smtp_security"], shown["smtp_user"]) == (
        "smtp.example.com",
        587,
        "ssl",
        "sam@example.com",
    )
    assert "password" not in " ".join(shown)
    for key, value in [("smtp_port", "99999"), ("smtp_security", "tls13"), ("smtp_host", "a b")]:
        assert key in ccw.fails("settings", "set", key, value).stderr
    ccw.fails("settings", "set", "smtp_password", "hunter2")


def test_status_suggests_the_draft_for_each_next_step(ccw, tmp_path):
    ccw("contact", "add", "Grace Hopper")
    ccw("log", "grace", "outreach", "--at", "2026-11-16T10:00")
    ccw("contact", "add", "Alan Turing")
    ccw("log", "alan", "meeting", "--at", "2026-11-26T12:00")
    steps = ccw.json("status")["next_steps"]
    assert (
        "Grace Hopper has not answered in 10 days: when they do, coffeechat log 1 reply; "
        "a nudge: coffeechat draft follow-up 1"
    ) in steps
    assert "You met Alan Turing: write it up today with coffeechat recap 2" in steps
    assert (
        "Thank Alan Turing within 24 hours: coffeechat draft thank-you 2 "
        "(once sent: coffeechat log 2 thank-you)"
    ) in steps
    ccw("takeaway", "add", "alan", "--kind", "insight", "Read the paper first")
    ccw("recap", "alan", "-o", str(tmp_path / "alan.md"))
    steps = ccw.json("status")["next_steps"]
    assert not any("write it up" in s for s in steps)
    assert any(s.startswith("Thank Alan Turing within 24 hours") for s in steps)
