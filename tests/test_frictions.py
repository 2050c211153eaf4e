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
