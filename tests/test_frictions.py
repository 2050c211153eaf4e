"""The small frictions of issue 13: each behaviour a new user tripped on, fixed.

"Now" is Friday 27 November 2026, 09:00 in New York (conftest).
"""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo

import pytest

from coffeechat.core.errors import InvalidValue
from coffeechat.core.hours import normalize_hours, parse_hours

# --- several windows a day in the availability ------------------------------------------


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("Mon-Fri 07:00-08:30, 17:30-20:00", "Mon-Fri 07:00-08:30 17:30-20:00"),
        ("Mon-Fri 07:00-08:30,17:30-20:00", "Mon-Fri 07:00-08:30 17:30-20:00"),
        ("Mon-Fri 07:00-08:30 , 17:30-20:00,", "Mon-Fri 07:00-08:30 17:30-20:00"),
        (
            "Mon-Fri 07:00-08:30,17:30-20:00; Sat 10:00-12:00",
            "Mon-Fri 07:00-08:30 17:30-20:00; Sat 10:00-12:00",
        ),
        (
            "Mon-Fri 07:00-08:30, 17:30-20:00, Sat 10:00-12:00",
            "Mon-Fri 07:00-08:30 17:30-20:00; Sat 10:00-12:00",
        ),
        # overlapping windows are merged into one
        ("Mon-Fri 07:00-09:00, 08:30-10:00", "Mon-Fri 07:00-10:00"),
    ],
)
def test_several_windows_a_day(text, canonical):
    assert normalize_hours(text, "availability") == canonical


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Mon-Fri 07:00-08:30, 17:30-2000", "'17:30-2000' is not an HH:MM-HH:MM interval"),
        ("Mon-Fri 07:00-08:30, 20:00-17:30", "'20:00-17:30' ends before it starts"),
        ("Mon-Fri 07:00-08:30, Funday 10:00-11:00", "unknown days 'Funday'"),
    ],
)
def test_several_windows_errors_name_the_bad_part(text, problem):
    with pytest.raises(InvalidValue) as info:
        parse_hours(text, "availability")
    assert str(info.value).startswith("availability: ")
    assert problem in str(info.value)


def test_settings_accept_several_windows_and_proposals_keep_to_them(ccw):
    ccw("settings", "set", "availability", "Mon-Fri 07:00-08:30, 17:30-20:00")
    assert ccw.json("settings", "show")["availability"] == "Mon-Fri 07:00-08:30 17:30-20:00"
    ccw("contact", "add", "Grace Hopper", "--timezone", "America/New_York")
    ccw("log", "grace", "reply", "--at", "2026-11-26T10:00")
    options = ccw.json("schedule", "propose", "grace")["options"]
    assert options
    ny = zoneinfo.ZoneInfo("America/New_York")
    for option in options:
        start = dt.datetime.fromisoformat(option["start"]).astimezone(ny).time()
        end = dt.datetime.fromisoformat(option["end"]).astimezone(ny).time()
        morning = dt.time(7) <= start and end <= dt.time(8, 30)
        evening = dt.time(17, 30) <= start and end <= dt.time(20)
        assert morning or evening, option


def test_init_accepts_several_windows(cc, home):
    cc("init", "--name", "Sam", "--timezone", "America/Chicago",
       "--availability", "Mon-Fri 07:00-08:30,17:30-20:00")  # fmt: skip
    assert cc.json("settings", "show")["availability"] == "Mon-Fri 07:00-08:30 17:30-20:00"


# --- init reads piped answers -------------------------------------------------------------


def test_init_reads_piped_answers_in_the_order_of_the_questions(cc):
    cc("init", input="Sam Rivera\nsam@example.com\nAmerica/Chicago\nMon-Fri 07:00-08:30\n")
    settings = cc.json("settings", "show")
    assert (settings["name"], settings["email"]) == ("Sam Rivera", "sam@example.com")
    assert (settings["timezone"], settings["availability"]) == (
        "America/Chicago",
        "Mon-Fri 07:00-08:30",
    )


def test_piped_answers_skip_the_questions_given_as_options(cc):
    cc("init", "--timezone", "Europe/Paris", input="Sam Rivera\n\n17:00-18:00 is wrong\n", ok=False)
    cc("init", "--timezone", "Europe/Paris", input="Sam Rivera\n\nMon 09:00-10:00\n")
    settings = cc.json("settings", "show")
    assert (settings["email"], settings["timezone"]) == (None, "Europe/Paris")
    assert settings["availability"] == "Mon 09:00-10:00"


def test_piped_answers_blank_or_missing_lines_take_the_defaults(cc, monkeypatch):
    monkeypatch.setenv("TZ", "America/Denver")
    cc("init", input="Sam Rivera\n")
    settings = cc.json("settings", "show")
    assert (settings["email"], settings["timezone"]) == (None, "America/Denver")
    assert settings["availability"] == "Mon-Fri 08:00-20:00"


@pytest.mark.parametrize(
    ("answers", "error"),
    [
        ("\nsam@example.com\n", "the first line piped to init (your name) is empty"),
        ("Sam\nnot-an-email\n", "email: "),
        ("Sam\n\nNowhere/City\n", "timezone: "),
        ("Sam\n\n\n\nextra\n", "5 lines on standard input, but init asks only 4 questions"),
    ],
)
def test_bad_piped_answers_are_one_line_and_create_nothing(cc, home, answers, error):
    result = cc.fails("init", input=answers)
    assert error in result.stderr
    assert not (home / "coffeechat.db").exists()


def test_init_with_nothing_piped_still_needs_a_name(cc, home):
    for piped in (None, "", "\n\n"):
        result = cc("init", input=piped, ok=False)
        assert result.exit_code == 2
        assert "--name is required when not run in a terminal" in result.stderr


# --- status lines on stderr, content alone on stdout ------------------------------------

STATUS_WORDS = ("Wrote ", "written to", "Backed up", "Exported ", "Created a demo")


def test_status_lines_go_to_stderr_so_stdout_holds_only_content(ccw, tmp_path):
    ccw("contact", "add", "Ada Lovelace", "--email", "ada@acme.example", "--company", "Acme",
        "--timezone", "Europe/London", "--city", "London")  # fmt: skip
    ccw("log", "ada", "outreach", "--at", "2026-11-20T10:00")
    ccw("log", "ada", "reply", "--at", "2026-11-21T10:00")
    options = ccw.json("schedule", "propose", "ada")["options"]
    number = str(next(o["number"] for o in options if o["kind"] != "flexible"))
    runs = {
        # command: what stdout must still hold (the content), or "" for nothing
        ("draft", "outreach", "ada", "--eml", str(tmp_path / "o.eml")): "Ada",
        ("agenda", "--ics", str(tmp_path / "a.ics")): "Agenda for",
        ("schedule", "confirm", "ada", "--option", number, "--ics", str(tmp_path / "i.ics")): (
            "Ada Lovelace"
        ),
        ("guide", "ada", "--format", "md", "-o", str(tmp_path / "g.md")): "",
        ("recap", "ada", "-o", str(tmp_path / "r.md")): "",
        ("export", "json", "-o", str(tmp_path / "e.json")): "",
        ("export", "csv", "-o", str(tmp_path / "e.csv")): "",
        ("stats", "-o", str(tmp_path / "s.svg")): "",
        ("network", "-o", str(tmp_path / "n.svg")): "",
        ("backup", str(tmp_path / "b.db")): "",
    }
    for args, content in runs.items():
        if args[0] == "recap":  # a recap needs something written on the conversation
            ccw("note", "add", "ada", "--topic", "balance", "Leaves at six")
        result = ccw(*args)
        said = " ".join(args[:2])
        assert not any(word in result.stdout for word in STATUS_WORDS), (said, result.stdout)
        assert any(word in result.stderr for word in STATUS_WORDS), (said, result.stderr)
        if content:
            assert content in result.stdout, (said, result.stdout)
        else:
            assert result.stdout == "", (said, result.stdout)


def test_demo_says_where_on_stderr(cc):
    result = cc("demo")
    assert result.stderr.startswith("Created a demo workspace")
    assert result.stdout.startswith("coffeechat: Sam Rivera's workspace")


# --- backup [PATH] ----------------------------------------------------------------------


def test_backup_takes_its_path_as_an_argument_and_still_as_to(ccw, tmp_path):
    mine = tmp_path / "mine.db"
    ccw("backup", str(mine))
    assert mine.read_bytes().startswith(b"SQLite format 3")
    other = tmp_path / "other.db"
    assert ccw.json("backup", "--to", str(other))["file"] == str(other)
    folder = tmp_path / "folder"
    folder.mkdir()
    made = ccw.json("backup", str(folder))["file"]
    assert made.startswith(str(folder / "coffeechat-2026112"))
    both = ccw("backup", str(mine), "--to", str(other), ok=False)
    assert both.exit_code == 2
    assert "as PATH or as --to, not both" in both.stderr


# --- dates in the user's zone -----------------------------------------------------------

#: 21:30 on the 16th in Chicago: already the 17th in UTC.
LATE_IN_CHICAGO = "2026-11-16T21:30:00-06:00"


@pytest.fixture
def chicago(ccw, monkeypatch):
    ccw("settings", "set", "timezone", "America/Chicago")
    monkeypatch.setenv("COFFEECHAT_NOW", LATE_IN_CHICAGO)
    return ccw


def test_backup_names_carry_the_users_day(chicago, home, tmp_path):
    made = chicago.json("backup")["file"]
    assert made == str(home / "backups" / "coffeechat-20261116T213000-0600.db")
    folder = tmp_path / "here"
    folder.mkdir()
    assert chicago.json("backup", str(folder))["file"].endswith("20261116T213000-0600.db")
    chicago("contact", "add", "Ada Lovelace")
    source = tmp_path / "people.csv"
    source.write_text("name\nGrace Hopper\n", encoding="utf-8")
    imported = chicago.json("import", "csv", str(source), "--map", "name=name")
    assert "auto-20261116T213000-0600-before-import-csv" in imported["backup"]


def test_backups_of_any_stamp_rotate_in_the_order_they_were_made(tmp_path):
    import datetime as dt

    from coffeechat.store.backup import made_at, stamp

    utc = dt.datetime(2026, 11, 17, 3, 30, tzinfo=dt.UTC)
    chicago = utc.astimezone(zoneinfo.ZoneInfo("America/Chicago"))
    assert stamp(utc) == "20261117T033000Z"
    assert stamp(chicago) == "20261116T213000-0600"
    assert made_at(tmp_path / f"auto-{stamp(chicago)}-x.db") == utc
    assert made_at(tmp_path / f"auto-{stamp(utc)}-x.db") == utc
    assert made_at(tmp_path / "coffeechat-20261399T999999Z.db") is None


def test_a_restore_says_the_day_it_was_exported_where_you_live(chicago, tmp_path, monkeypatch):
    backup = tmp_path / "backup.json"
    chicago("export", "json", "-o", str(backup))
    document = json.loads(backup.read_text(encoding="utf-8"))
    assert document["exported_at"] == LATE_IN_CHICAGO
    # the same instant as written in UTC (by an older version): still the 16th in Chicago
    document["exported_at"] = "2026-11-17T03:30:00+00:00"
    backup.write_text(json.dumps(document), encoding="utf-8")
    monkeypatch.setenv("COFFEECHAT_HOME", str(tmp_path / "restored"))
    chicago("init", "--name", "Sam Rivera", "--timezone", "America/Chicago")
    assert "exported 2026-11-16" in chicago("import", "json", str(backup)).stdout


# --- overdue when overdue ---------------------------------------------------------------


def test_a_thank_you_32_hours_after_the_chat_is_overdue_not_today(ccw):
    ccw("contact", "add", "Alan Turing", "--timezone", "America/New_York")
    # a 30-minute chat that ended 32 hours before now
    ccw("log", "alan", "meeting", "--at", "2026-11-26T00:30")
    item = next(i for i in ccw.json("agenda")["items"] if i["kind"] == "thank-you")
    assert item["due"] == "2026-11-27"  # today, in New York
    assert item["due_at"] == "2026-11-27T01:00:00-05:00"
    assert (item["overdue"], item["overdue_days"]) == (True, 0)
    assert "the 24 hours have passed" in item["reason"]
    text = ccw("agenda").stdout
    overdue, _, rest = text.partition("\nOverdue\n")[2].partition("\n\n")
    assert "8h late    thank-you" in overdue
    assert "thank-you" not in rest
    shown = ccw.json("contact", "show", "alan")["follow_ups"]
    assert next(i for i in shown if i["kind"] == "thank-you")["overdue"] is True
    steps = ccw.json("status")["next_steps"]
    assert (
        "Thank Alan Turing today: your conversation was more than a day ago: "
        "coffeechat draft thank-you 1 (once sent: coffeechat log 1 thank-you)"
    ) in steps


def test_a_thank_you_within_its_24_hours_is_due_today(ccw):
    ccw("contact", "add", "Alan Turing", "--timezone", "America/New_York")
    ccw("log", "alan", "meeting", "--at", "2026-11-26T12:00")  # 21 hours before now
    item = next(i for i in ccw.json("agenda")["items"] if i["kind"] == "thank-you")
    assert (item["due_at"], item["overdue"]) == ("2026-11-27T12:30:00-05:00", False)
    assert "within 24 hours" in item["reason"]
    assert "today      thank-you" in ccw("agenda").stdout.partition("\nToday\n")[2]
    assert any(
        s.startswith("Thank Alan Turing within 24 hours") for s in ccw.json("status")["next_steps"]
    )


def test_a_snoozed_thank_you_is_due_on_its_day_not_by_the_hour(ccw):
    ccw("contact", "add", "Alan Turing", "--timezone", "America/New_York")
    ccw("log", "alan", "meeting", "--at", "2026-11-26T00:30")
    items = ccw.json("agenda")["items"]
    ccw("followup", "snooze", next(i["item"] for i in items if i["kind"] == "thank-you"),
        "--days", "1")  # fmt: skip
    item = next(i for i in ccw.json("agenda")["items"] if i["kind"] == "thank-you")
    assert (item["due"], item["due_at"], item["overdue"]) == ("2026-11-28", None, False)


# --- zone suggestions -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("Chicago", ["America/Chicago"]),
        ("chicago", ["America/Chicago"]),
        ("new york", ["America/New_York"]),
        ("Sao-Paulo", ["America/Sao_Paulo"]),
        ("america/chicago", ["America/Chicago"]),
        ("San Francisco", ["America/Los_Angeles"]),  # a city not in any zone's name
        ("Tasmania", ["Australia/Hobart"]),  # from zone.tab's description
        ("Chicgo", ["America/Chicago"]),  # a typo
        ("Nowhere", []),
    ],
)
def test_zone_suggestions(typed, meant):
    from coffeechat.core.zones import suggest
    from coffeechat.formats.zonetab import zone_descriptions

    assert suggest(typed, zone_descriptions()) == meant


def test_every_place_that_takes_a_zone_suggests_one(cc, ccw):
    said = "timezone: unknown time zone 'Chicago'; did you mean America/Chicago?"
    assert said in ccw.fails("settings", "set", "timezone", "Chicago").stderr
    assert said in ccw.fails("contact", "add", "Ada", "--timezone", "Chicago").stderr
    ccw("contact", "add", "Ada")
    assert said in ccw.fails("contact", "edit", "ada", "--timezone", "Chicago").stderr
    unknown = ccw.fails("settings", "set", "timezone", "Nowhere").stderr
    assert "timezone: not an IANA time zone (got 'Nowhere'; example: Europe/Paris)" in unknown


def test_init_suggests_a_zone(cc, home, monkeypatch):
    said = "timezone: unknown time zone 'Chicago'; did you mean America/Chicago?"
    assert said in cc.fails("init", "--name", "Sam", "--timezone", "Chicago").stderr
    assert said in cc.fails("init", input="Sam\n\nChicago\n").stderr
    assert not (home / "coffeechat.db").exists()
    monkeypatch.setattr("coffeechat.cli.workspace.interactive", lambda: True)
    asked = cc("init", input="Sam\n\nChicago\nAmerica/Chicago\n\n")
    assert "did you mean America/Chicago?" in asked.output
    assert cc.json("settings", "show")["timezone"] == "America/Chicago"


# --- the paper size from the user's country ---------------------------------------------


@pytest.mark.parametrize(
    ("country", "size"),
    [("US", "letter"), ("CA", "letter"), ("MX", "letter"), ("PH", "letter"), ("pr", "letter"),
     ("CL", "letter"), ("DE", "a4"), ("GB", "a4"), ("IN", "a4"), (None, "a4")],
)  # fmt: skip
def test_letter_in_letter_countries_a4_elsewhere(country, size):
    from coffeechat.core.paper import for_country

    assert for_country(country) == size


def _page_points(pdf: bytes) -> tuple[int, int]:
    """The width and height of a PDF's first page, in points (its objects may sit in
    compressed object streams)."""
    import re
    import zlib

    box = rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]"
    texts = [pdf]
    for stream in re.finditer(rb"stream\r?\n", pdf):
        try:
            texts.append(zlib.decompressobj().decompress(pdf[stream.end() :]))
        except zlib.error:
            continue
    found = next((m for text in texts if (m := re.search(box, text))), None)
    assert found, "no MediaBox"
    return round(float(found[1])), round(float(found[2]))


LETTER, A4 = (612, 792), (595, 842)


@pytest.fixture
def met(ccw):
    ccw("contact", "add", "Ada Lovelace", "--timezone", "Europe/London")
    ccw("log", "ada", "meeting", "--at", "2026-11-26T12:00")
    ccw("note", "add", "ada", "--topic", "balance", "Leaves at six")
    return ccw


def test_documents_are_letter_for_a_us_user_and_follow_paper(met, tmp_path):
    import docx

    assert met.json("settings", "show")["country"] == "US"
    met("recap", "ada", "-o", str(tmp_path / "r.pdf"))
    assert _page_points((tmp_path / "r.pdf").read_bytes()) == LETTER
    met("recap", "ada", "-o", str(tmp_path / "r.docx"))
    section = docx.Document(str(tmp_path / "r.docx")).sections[0]
    assert (round(section.page_width.inches, 2), round(section.page_height.inches, 2)) == (8.5, 11)
    met("recap", "ada", "-o", str(tmp_path / "a4.pdf"), "--paper", "A4")
    assert _page_points((tmp_path / "a4.pdf").read_bytes()) == A4
    met("guide", "ada", "--format", "pdf", "-o", str(tmp_path / "g.pdf"))
    assert _page_points((tmp_path / "g.pdf").read_bytes()) == LETTER
    met("guide", "ada", "--format", "pdf", "-o", str(tmp_path / "g4.pdf"), "--paper", "a4")
    assert _page_points((tmp_path / "g4.pdf").read_bytes()) == A4


def test_the_paper_setting_and_the_country_choose_the_size(met, tmp_path):
    assert met.json("settings", "set", "paper", "A4")["paper"] == "a4"
    met("recap", "ada", "-o", str(tmp_path / "set.pdf"))
    assert _page_points((tmp_path / "set.pdf").read_bytes()) == A4
    assert met.json("settings", "set", "paper", "")["paper"] is None
    met("settings", "set", "timezone", "Europe/Berlin")  # the country follows: DE
    met("recap", "ada", "-o", str(tmp_path / "de.pdf"))
    assert _page_points((tmp_path / "de.pdf").read_bytes()) == A4
    assert "paper: must be one of a4|letter" in met.fails("settings", "set", "paper", "A5").stderr


def test_an_export_made_before_the_paper_setting_still_restores(ccw, tmp_path, monkeypatch):
    backup = tmp_path / "backup.json"
    ccw("settings", "set", "paper", "letter")
    ccw("export", "json", "-o", str(backup))
    document = json.loads(backup.read_text(encoding="utf-8"))
    assert document["settings"]["paper"] == "letter"
    del document["settings"]["paper"]
    backup.write_text(json.dumps(document), encoding="utf-8")
    monkeypatch.setenv("COFFEECHAT_HOME", str(tmp_path / "restored"))
    ccw("init", "--name", "Sam Rivera")
    ccw("import", "json", str(backup))
    assert ccw.json("settings", "show")["paper"] is None


def test_with_no_country_the_paper_follows_the_zone(workspace):
    # a workspace whose country was never stored (made before countries, or cleared)
    from coffeechat.store import users

    with workspace.writing() as conn:
        users.update_settings(conn, workspace.owner_id, {"country": None})
    assert workspace.get_settings().country is None
    assert workspace.paper_size() == "letter"  # America/New_York is in the US
    workspace.update_settings(timezone="Europe/Paris")
    with workspace.writing() as conn:
        users.update_settings(conn, workspace.owner_id, {"country": None})
    assert workspace.paper_size() == "a4"
    assert workspace.paper_size("LETTER") == "letter"


def test_a_date_in_the_future_is_refused_with_today_in_the_users_zone(chicago):
    chicago("contact", "add", "Ada Lovelace")
    refused = chicago.fails("contact", "edit", "ada", "--met-on", "2027-01-01").stderr
    assert "example: 2026-11-16)" in refused
    refused = chicago.fails("log", "ada", "reply", "--at", "2027-01-01T10:00").stderr
    assert "example: 2026-11-16)" in refused
