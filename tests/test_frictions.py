"""The small frictions of issue 13: each behaviour a new user tripped on, fixed.

"Now" is Friday 27 November 2026, 09:00 in New York (conftest).
"""

from __future__ import annotations

import datetime as dt
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
