"""Weekly hours: the grammar, its errors, and a round trip."""

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coffeechat.core.errors import InvalidValue
from coffeechat.core.hours import WeeklyHours, format_hours, normalize_hours, parse_hours


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("Mon-Fri 09:00-17:00", "Mon-Fri 09:00-17:00"),
        ("mon-fri 9:00-17:00", "Mon-Fri 09:00-17:00"),
        ("Monday-Friday 08:30-18:00", "Mon-Fri 08:30-18:00"),
        ("weekdays 09:00-12:00 13:00-17:00", "Mon-Fri 09:00-12:00 13:00-17:00"),
        (
            "Mon,Wed 10:00-12:00; Sat 10:00-14:00",
            "Mon 10:00-12:00; Wed 10:00-12:00; Sat 10:00-14:00",
        ),
        ("Mon, Wed 10:00-11:00", "Mon 10:00-11:00; Wed 10:00-11:00"),
        ("Sat-Mon 08:00-24:00", "Mon 08:00-24:00; Sat-Sun 08:00-24:00"),
        ("daily 00:00-24:00", "Mon-Sun 00:00-24:00"),
        ("weekends 10:00-14:00", "Sat-Sun 10:00-14:00"),
        # overlapping intervals merge
        ("Mon 09:00-12:00 11:00-13:00", "Mon 09:00-13:00"),
    ],
)
def test_valid_hours_normalise(text, canonical):
    assert normalize_hours(text) == canonical


def test_parsed_minutes():
    hours = parse_hours("Mon-Fri 09:00-17:00; Sat 10:00-12:30")
    assert hours.on(0) == ((540, 1020),)
    assert hours.on(5) == ((600, 750),)
    assert hours.on(6) == ()


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "cannot be empty"),
        ("Mon-Fri", "no HH:MM-HH:MM interval"),
        ("09:00-17:00", "no days before"),
        ("Foo 09:00-10:00", "unknown days 'Foo'"),
        ("Mon 17:00-09:00", "ends before it starts"),
        ("Mon 25:00-26:00", "is not a time of day"),
        ("Mon 09:60-10:00", "is not a time of day"),
        ("Mon 09:00-17:00;", "an empty group"),
        ("09:00-17:00 Mon", "days must come before the times"),
        ("Mon 09:00-10:00 Tue", "days must come before the times"),
    ],
)
def test_invalid_hours_name_the_field_and_an_example(text, problem):
    with pytest.raises(InvalidValue) as info:
        parse_hours(text, "work_hours")
    message = str(info.value)
    assert message.startswith("work_hours: ")
    assert problem in message
    assert "example: Mon-Fri 09:00-17:00" in message


_interval = st.tuples(st.integers(0, 24 * 60 - 1), st.integers(1, 24 * 60)).filter(
    lambda t: t[0] < t[1]
)


@given(st.lists(st.lists(_interval, max_size=3), min_size=7, max_size=7))
def test_format_then_parse_is_identity(days):
    def merged(intervals):
        out = []
        for a, b in sorted(intervals):
            if out and a <= out[-1][1]:
                out[-1] = (out[-1][0], max(out[-1][1], b))
            else:
                out.append((a, b))
        return tuple(out)

    hours = WeeklyHours(tuple(merged(d) for d in days))
    if not any(hours.days):
        return
    assert parse_hours(format_hours(hours)) == hours


@given(st.text(max_size=40))
def test_any_text_parses_or_raises_invalid_value(text):
    with contextlib.suppress(InvalidValue):
        parse_hours(text)
