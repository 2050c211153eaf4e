"""Times as people write them: 24-hour clocks, ranges, windows, two zones, days ruled out.

``find_times`` is what the checker counts scheduling options with, so each case here is
also a case of the ``three-options`` rule (see test_checker.py for the rule itself).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from coffeechat.core.checker import check_message
from coffeechat.core.datetext import find_times, other_time

NY = "America/New_York"
LONDON = "Europe/London"
NOW = dt.datetime(2026, 11, 27, 10, 0, tzinfo=ZoneInfo(NY))  # a Friday


def times(text: str, zone: str = LONDON) -> list[tuple[dt.date | None, dt.time | None]]:
    return [(f.day, f.clock) for f in find_times(text, now=NOW, zone=zone)]


def day(n: int) -> dt.date:
    return dt.date(2026, 11, 27) + dt.timedelta(days=n)


MON, TUE, WED, THU, FRI = day(3), day(4), day(5), day(6), day(7)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mon 07 Dec 07:30-08:00 GMT", [(dt.date(2026, 12, 7), dt.time(7, 30))]),
        ("Tuesday 09:00", [(TUE, dt.time(9))]),
        ("Tuesday at 07:00", [(TUE, dt.time(7))]),
        ("Thursday 14:00-16:00", [(THU, dt.time(14))]),
        ("Wednesday 2-4pm", [(WED, dt.time(14))]),
        ("Wednesday 11-1pm", [(WED, dt.time(11))]),
        # a 12-hour looking time without am/pm is still a working-day time
        ("Tuesday at 3", [(TUE, dt.time(15))]),
        ("Tuesday at 7:30", [(TUE, dt.time(19, 30))]),
        # ... unless the text writes 24-hour times
        ("Tuesday at 7:30 or Wed 14:00", [(TUE, dt.time(7, 30)), (WED, dt.time(14))]),
    ],
)
def test_24_hour_times_and_ranges(text: str, expected: list[tuple[dt.date, dt.time]]) -> None:
    assert times(text) == expected


def test_the_london_draft_that_misread_0730_as_evening() -> None:
    text = "1. Mon 07 Dec 07:30-08:00 GMT (Mon 07 Dec 02:30-03:00 EST for me)"
    (found,) = find_times(text, now=NOW, zone=LONDON)
    assert found.at == dt.datetime(2026, 12, 7, 7, 30, tzinfo=ZoneInfo(LONDON))


def test_a_flexible_window_in_two_zones_is_one_option() -> None:
    text = "Fri 04 Dec, any time 08:00-11:00 EST (07:00-10:00 CST for me)"
    (found,) = find_times(text, now=NOW, zone=NY)
    assert (found.day, found.clock, found.until, found.part) == (
        FRI,
        dt.time(8),
        dt.time(11),
        "any",
    )
    assert found.zone == NY


def test_a_window_that_ends_after_midnight_is_one_option() -> None:
    found = find_times("Wed 02 Dec, any time 22:00-Thu 01:00 GMT", now=NOW, zone=LONDON)
    assert [(f.day, f.clock, f.until) for f in found] == [(WED, dt.time(22), dt.time(1))]


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("Tue 01 Dec 06:30-07:00 NZDT (Mon 30 Nov 12:30-13:00 EST for me)", "Pacific/Auckland"),
        ("Mon 30 Nov 17:30-18:00 GMT (Tue 01 Dec 07:30-08:00 +14 for me)", LONDON),
        ("Mon 30 Nov 10:00-10:30 HST (Mon 30 Nov 15:00-15:30 EST for me)", "Pacific/Honolulu"),
        ("Tue 01 Dec 12:00-12:30 IST (Tue 01 Dec 01:30-02:00 EST for me)", "Asia/Kolkata"),
        ("Tue 01 Dec 12:00 NST (10:30 EST for me)", "America/St_Johns"),
        ("Tue 01 Dec 12:00 CST (Mon 30 Nov 23:00 EST for me)", "Asia/Shanghai"),
        ("Tue 1 Dec at 9am your time (2pm my time)", NY),
    ],
)
def test_one_option_written_for_both_people_is_one(text: str, zone: str) -> None:
    assert len(find_times(text, now=NOW, zone=zone)) == 1, find_times(text, now=NOW, zone=zone)


def test_offsets_and_zone_abbreviations_after_a_clock() -> None:
    (kiritimati,) = find_times("Tue 01 Dec 07:30 +14", now=NOW, zone=NY)
    assert kiritimati.at is not None and kiritimati.at.utcoffset() == dt.timedelta(hours=14)
    (india,) = find_times("Tue 01 Dec 10:00 UTC+5:30", now=NOW, zone=NY)
    assert india.at is not None and india.at.utcoffset() == dt.timedelta(hours=5, minutes=30)
    (auckland,) = find_times("Tue 01 Dec 09:00 NZDT", now=NOW, zone=NY)
    assert auckland.zone == "Pacific/Auckland"
    # "CST" to someone in Shanghai is China time; to anyone else, Chicago time
    (china,) = find_times("Tue 01 Dec 09:00 CST", now=NOW, zone="Asia/Shanghai")
    assert china.zone == "Asia/Shanghai"
    (chicago,) = find_times("Tue 01 Dec 09:00 CST", now=NOW, zone=LONDON)
    assert chicago.zone == "America/Chicago"
    # an abbreviation that is also a word is a zone only next to a clock
    assert {f.zone for f in find_times("Tuesday at noon, at the ART museum", now=NOW, zone=NY)} == {
        NY
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "I'm away on Monday, so that day won't work. How about Tuesday at 3, Wed 09:00 "
            "or Thu 14:00-16:00?",
            [(TUE, dt.time(15)), (WED, dt.time(9)), (THU, dt.time(14))],
        ),
        ("Not Tuesday, but Wednesday 2-4pm", [(WED, dt.time(14))]),
        ("Monday doesn't work, Tuesday at 3 does.", [(TUE, dt.time(15))]),
        ("I can't do Monday, Tuesday or Wednesday. Thursday at noon?", [(THU, dt.time(12))]),
        ("I won't be able to meet Monday. Friday at 10am?", [(FRI, dt.time(10))]),
        ("Monday, sadly, won't work; Friday at 11am?", [(FRI, dt.time(11))]),
        ("Thursday at 2pm works, not Friday", [(THU, dt.time(14))]),
        ("Any day but Monday: Tuesday at noon?", [(TUE, dt.time(12))]),
        ("Any day except Monday; say Tuesday at noon?", [(TUE, dt.time(12))]),
        ("I'm busy Monday at 3, but Tuesday at 3 is free", [(TUE, dt.time(15))]),
    ],
)
def test_days_ruled_out_are_not_options(text: str, expected: list[tuple[dt.date, dt.time]]) -> None:
    assert times(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the negation is hypothetical, a limit, or not one at all
        ("I'm not free until Tuesday; Tuesday at 4pm?", [(TUE, dt.time(16))]),
        (
            "Can't wait! Tuesday at 3 or Wednesday at noon?",
            [(TUE, dt.time(15)), (WED, dt.time(12))],
        ),
        ("No problem: Tuesday at 3?", [(TUE, dt.time(15))]),
        (
            "Tuesday at 3? If Tuesday doesn't work, Wednesday at noon.",
            [(TUE, dt.time(15)), (WED, dt.time(12))],
        ),
    ],
)
def test_what_does_not_rule_a_day_out(text: str, expected: list[tuple[dt.date, dt.time]]) -> None:
    assert times(text) == expected


SCHEDULING = (
    "Hi Maria,\n\nThank you for agreeing to talk! I'm away on Monday, so that day won't work, "
    "but here are three times in London time:\n\n"
    "1. Tue 01 Dec 07:30-08:00 GMT (Tue 01 Dec 02:30-03:00 EST for me)\n"
    "2. Wed 02 Dec 12:30-13:00 GMT (Wed 02 Dec 07:30-08:00 EST for me)\n"
    "3. Fri 04 Dec, any time 13:00-16:00 GMT (Fri 04 Dec, any time 08:00-11:00 EST for me)\n\n"
    "Which works best for you? I'm flexible, and happy to do a call instead. If none of "
    "these suits you, suggest another time. Looking forward to it!\n\nBest,\nSam"
)


def test_the_checker_counts_three_options() -> None:
    report = check_message("scheduling", SCHEDULING, now=NOW, zone=LONDON)
    errors = [f for f in report.findings if f.severity == "error"]
    assert errors == [], errors


def test_weekdays_side_by_side_are_separate_days() -> None:
    """Only a weekday and a date written together are one day ("Wednesday, December 2");
    two weekdays are two ("Monday. Friday at 10am" once lost Friday to the Monday)."""
    assert times("Mon, Tue or Wed?") == [(MON, None), (TUE, None), (WED, None)]
    assert times("Monday. Friday at 10am?") == [(MON, None), (FRI, dt.time(10))]
    assert times("Wednesday, December 2 at 5:30pm") == [(WED, dt.time(17, 30))]


def test_a_long_text_is_read_in_one_pass() -> None:
    """Thousands of days and times (a pasted calendar) are read without slowing down per
    pair: each day and time is found once."""
    text = "I can't do Monday, but Tuesday at 3pm works, or Wed 14:00-16:00. " * 2000
    assert times(text) == [(TUE, dt.time(15)), (WED, dt.time(14))]


# --- one option per line; numeric dates; ranges that start or end at noon (issue 16) ----

BERLIN = "Europe/Berlin"


def test_a_bullet_dash_on_the_next_line_is_not_a_range():
    text = "Options:\n- Wed 2 Dec, 10:45\n- Thu 3 Dec, 15:30\n- Fri 4 Dec, 08:15"
    found = find_times(text, now=NOW, zone=BERLIN)
    assert [(f.day, f.clock, f.until) for f in found] == [
        (WED, dt.time(10, 45), None),
        (THU, dt.time(15, 30), None),
        (FRI, dt.time(8, 15), None),
    ]


def test_a_range_on_one_line_is_still_a_range():
    found = find_times("Thu 3 Dec, 11:00 - 12:30", now=NOW, zone=BERLIN)
    assert [(f.day, f.clock, f.until) for f in found] == [(THU, dt.time(11), dt.time(12, 30))]


@pytest.mark.parametrize(
    ("text", "zone", "expected"),
    [
        # outside North America a date written with numbers is day first
        ("Wed 2/12 at 10:00", BERLIN, WED),
        ("2/12 at 10:00", LONDON, WED),
        # in the US it is month first
        ("12/2 at 10am", NY, WED),
        # a weekday written before it settles the order, whatever the zone
        ("Thursday 3/12 at 10:00", NY, THU),
        ("Thu 12/3 at 10:00", BERLIN, THU),
        # a number over 12 can only be the day
        ("14/12", NY, dt.date(2026, 12, 14)),
    ],
)
def test_a_numeric_date_is_read_in_the_readers_order(text, zone, expected):
    assert [f.day for f in find_times(text, now=NOW, zone=zone)] == [expected]


@pytest.mark.parametrize(
    ("text", "clock", "until"),
    [
        ("Tuesday, noon-13:30", dt.time(12), dt.time(13, 30)),
        ("Tuesday from midday to 14:00", dt.time(12), dt.time(14)),
        ("Tuesday 12 noon to 1pm", dt.time(12), dt.time(13)),
        ("Tuesday 10:30 to midday", dt.time(10, 30), dt.time(12)),
        ("Tuesday 11am-noon", dt.time(11), dt.time(12)),
    ],
)
def test_a_range_to_or_from_noon_is_one_option(text, clock, until):
    found = find_times(text, now=NOW, zone=LONDON)
    assert [(f.day, f.clock, f.until) for f in found] == [(TUE, clock, until)]


def test_noon_and_24_hour_times_make_three_options():
    text = (
        "Hi Jo,\n\nThanks so much for saying yes! Would one of these suit you?\n\n"
        "- Mon 30 Nov, 09:30\n- Tue 1 Dec, midday-13:00, over lunch\n- Thu 3 Dec at 17:15\n\n"
        "Which is best for you? I can come to you or call, and if none fit I'll find another "
        "time. Looking forward to it!\n\nBest,\nKim"
    )
    result = check_message("scheduling", text, now=NOW, zone=BERLIN)
    assert "three-options" not in {f.rule for f in result.findings}


@pytest.mark.parametrize(
    ("text", "clock", "until"),
    [
        ("Tuesday between 10 and 11am", dt.time(10), dt.time(11)),
        ("Tuesday, between 1:30 and 3pm", dt.time(13, 30), dt.time(15)),
        ("between 9:15 and 10:00 on Tuesday", dt.time(9, 15), dt.time(10)),
    ],
)
def test_between_one_time_and_another_is_one_option(text, clock, until):
    found = find_times(text, now=NOW, zone=NY)
    assert [(f.day, f.clock, f.until) for f in found] == [(TUE, clock, until)]


@pytest.mark.parametrize(
    "text",
    ["I spent between 5 and 10 years in retail.", "Teams of between 3 and 8 people."],
)
def test_between_two_amounts_is_no_time(text):
    assert find_times(text, now=NOW, zone=NY) == []


def test_a_time_before_on_day_belongs_to_the_day_after_it():
    text = "Would 9am on Monday, 2pm on Wednesday, or 4:30pm on Thursday suit you?"
    found = find_times(text, now=NOW, zone=NY)
    assert [(f.day, f.clock) for f in found] == [
        (MON, dt.time(9)),
        (WED, dt.time(14)),
        (THU, dt.time(16, 30)),
    ]


@pytest.mark.parametrize(
    "busy",
    [
        "I'm in back-to-back meetings all day Tuesday.",
        "I'm on leave on Tuesday.",
        "Tuesday I'm tied up from morning to night.",
        "I'm fully booked on Tuesday.",
    ],
)
def test_a_busy_day_is_not_an_option(busy):
    text = f"Would Monday at 10am, Wednesday at 3pm or Thursday at 11am work? {busy}"
    assert TUE not in [f.day for f in find_times(text, now=NOW, zone=NY)]


def test_a_weekday_with_an_ordinal_day_is_one_date():
    text = "Would Mon 30th at 10am, Weds 2nd at 3pm or Friday the 4th at 11am work?"
    found = find_times(text, now=NOW, zone=LONDON)
    assert [(f.day, f.clock) for f in found] == [
        (MON, dt.time(10)),
        (WED, dt.time(15)),
        (FRI, dt.time(11)),
    ]


def test_a_date_then_a_colon_then_its_time_on_each_line():
    text = (
        "Monday 11/30: 10:00am - 11:00am\nWednesday 12/2: 2:00pm - 3:00pm\n"
        "Friday 12/4: 9:00am - 10:00am"
    )
    found = find_times(text, now=NOW, zone=NY)
    assert [(f.day, f.clock, f.until) for f in found] == [
        (MON, dt.time(10), dt.time(11)),
        (WED, dt.time(14), dt.time(15)),
        (FRI, dt.time(9), dt.time(10)),
    ]


@pytest.mark.parametrize(
    ("text", "zone", "expected"),
    [
        # only one reading is near today (Fri 27 Nov): that one, in any zone
        ("12/2 at 10:00", LONDON, WED),
        ("2/12 at 10am", NY, WED),
        # neither is near: the reader's order decides
        ("5/6", LONDON, dt.date(2026, 6, 5)),
        ("5/6", NY, dt.date(2027, 5, 6)),
    ],
)
def test_a_numeric_date_near_today_wins_over_the_zones_order(text, zone, expected):
    assert [f.day for f in find_times(text, now=NOW, zone=zone)] == [expected]


def test_a_time_at_the_end_of_a_line_is_not_the_next_lines_day():
    text = "Options:\nMonday, in the window 9-11am\nTuesday, after 4pm\nWednesday any time\n"
    assert times(text, NY) == [(MON, dt.time(9)), (TUE, dt.time(16)), (WED, None)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tue 1.12., 10:00 or Thu 3.12., 16:30", [(TUE, dt.time(10)), (THU, dt.time(16, 30))]),
        ("Mon 30.11.2026 at 9:15", [(MON, dt.time(9, 15))]),
    ],
)
def test_a_day_first_date_with_dots(text, expected):
    assert times(text, "Europe/Berlin") == expected


@pytest.mark.parametrize(
    ("text", "zone"),
    [("Tuesday works, say at 10.10.", "Europe/Berlin"), ("Tuesday, or 3.5. then", NY)],
)
def test_a_time_with_a_dot_or_a_month_first_zone_has_no_dotted_date(text, zone):
    assert {d for d, _ in times(text, zone)} == {TUE}


@pytest.mark.parametrize(
    ("text", "hour"),
    [("at nine o'clock on Tuesday", 9), ("Tuesday, ten o'clock", 10)],
)
def test_an_hour_in_words_before_oclock(text, hour):
    assert times(text, NY) == [(TUE, dt.time(hour))]


@pytest.mark.parametrize(
    "text",
    [
        "coffee (8:15) on Monday, Tuesday or Thursday",
        "eight fifteen is easy: 8:15 in the morning on Monday, Tuesday or Thursday",
    ],
)
def test_one_time_shared_by_a_list_of_days(text):
    assert [c for _, c in times(text, NY)] == [dt.time(8, 15)] * 3
    assert [d for d, _ in times(text, NY)] == [MON, TUE, THU]


def scheduling(text: str, zone: str = NY) -> set[str]:
    report = check_message("scheduling", text, now=NOW, zone=zone)
    return {f.rule for f in report.findings}


def test_one_time_in_two_zones_with_a_slash_is_one_option():
    rules = scheduling(
        "Thanks so much! Mon 30 Nov 10:00 EST / 16:00 Paris, Tue 1 Dec 10:00 EST / 16:00 "
        "Paris, or Wed 2 Dec 10:00 EST / 16:00 Paris. Which suits? If none, I'll find "
        "another. Happy to call. Looking forward to it!"
    )
    assert "three-options" not in rules
    assert "varied-times" in rules


def test_a_day_named_as_where_the_options_start_is_not_an_option():
    rules = scheduling(
        "Thanks so much! I'm free from Monday: Tuesday at 9am, Wednesday at noon or Thursday "
        "at 5pm. Which suits? If none, I'll find another. Happy to call. Looking forward to it!"
    )
    assert "three-options" not in rules


def test_a_weekday_in_the_plural_is_a_habit_not_a_date():
    text = "I teach on Mondays and Fridays, so Tuesday at 10am or Weds at 4pm?"
    assert times(text, NY) == [(TUE, dt.time(10)), (WED, dt.time(16))]


# ------------------------------------------------ clock times in words and other ways


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Monday at half five", dt.time(17, 30)),  # British: 5:30
        ("Monday at half past five in the evening", dt.time(17, 30)),
        ("Monday at a quarter past eight in the morning", dt.time(8, 15)),
        ("Monday at quarter to one", dt.time(12, 45)),
        ("Monday at quarter to eight", dt.time(7, 45)),
        ("Monday at ten past nine", dt.time(9, 10)),
        ("Monday at twenty to five", dt.time(16, 40)),
        ("Monday at eleven thirty", dt.time(11, 30)),
        ("Monday at twelve", dt.time(12)),
        ("Monday, eight in the morning", dt.time(8)),
        ("Monday, six in the evening", dt.time(18)),
        ("Monday at eight pm", dt.time(20)),
        ("Monday at seven o'clock in the morning", dt.time(7)),
        ("Monday 7:15 in the morning", dt.time(7, 15)),
        ("Monday at 10 in the evening", dt.time(22)),
        ("Monday at 18h", dt.time(18)),
        ("Monday 12h30", dt.time(12, 30)),
        ("Monday à 9h", dt.time(9)),
        ("Monday at 12.30", dt.time(12, 30)),
        ("Monday 5.30pm", dt.time(17, 30)),
        ("Monday at midnight", dt.time(0)),
        ("Monday, 5 in the afternoon", dt.time(17)),
    ],
)
def test_clock_times_as_people_write_them(text: str, expected: dt.time) -> None:
    assert times(text, NY) == [(MON, expected)]


@pytest.mark.parametrize(
    "text",
    [
        "I have half an hour on Monday",
        "Monday at one point I was lost",
        "a 2h call on Monday",
        "Monday for 1h",
        "at ten people per team, Monday",
    ],
)
def test_words_that_are_not_clock_times(text: str) -> None:
    assert times(text, NY) == [(MON, None)]


@pytest.mark.parametrize(
    "text",
    [
        "Monday 30 Nov: 08:00 Eastern / 14:00 for me",
        "Monday 30 Nov, 14:00 my time / 08:00 yours",
        "Monday 30 Nov, 08:00 New York time (14:00 here in Dubai)",
        "Monday 30 Nov, 08:00 (14:00 for me, as your clocks will have changed by then)",
        "Monday 30 Nov, 08:00 (14:00 Dubai)",
        "Monday 30 Nov, 14:00 CET, which is 08:00 your time",
        "Monday 30 Nov, 08:00 Eastern \u2013 14:00 for me",
    ],
)
def test_one_option_written_in_two_zones_is_the_recipients(text: str) -> None:
    assert times(text, NY) == [(MON, dt.time(8))]


def test_a_parenthesis_without_a_time_is_not_a_restatement():
    assert times("Monday 30 Nov at 10 (14:00 Tuesday)", NY) == [
        (MON, dt.time(10)),
        (TUE, dt.time(14)),
    ]


def test_times_in_one_sentence_chain_to_their_day():
    text = (
        "I'm only in town on Wednesday 2 December, so I could see you that morning at 8:30, "
        "at lunchtime around 12:30 over a sandwich, or once the working day is done at 6pm."
    )
    assert times(text, NY) == [(WED, dt.time(8, 30)), (WED, dt.time(12, 30)), (WED, dt.time(18))]


def test_a_day_taken_back_takes_back_what_was_offered_on_it():
    text = "Monday at 9am could work, or actually no, Monday is out. So Wednesday at 1pm?"
    assert times(text, NY) == [(WED, dt.time(13))]
    text = "Monday at 9:30, Wednesday at 13:00 or Thursday at 16:00.\n\nP.S. Strike Wednesday."
    assert times(text, NY) == [(MON, dt.time(9, 30)), (THU, dt.time(16))]
    # without words that take it back, a time offered on the day stays
    text = "Tuesday at 12:00 or Thursday at 9am. I'm on early shifts on Tuesday, so that's out."
    assert (TUE, dt.time(12)) in times(text, NY)


def test_a_range_of_days_is_each_of_its_days():
    text = "I'm free at 12:30 every day from Monday 30 to Wednesday 2 December."
    assert times(text, NY) == [
        (MON, dt.time(12, 30)),
        (TUE, dt.time(12, 30)),
        (WED, dt.time(12, 30)),
    ]
    assert times("Mon-Wed at 10am", NY) == [(d, dt.time(10)) for d in (MON, TUE, WED)]
    # a range ruled out is out from end to end
    assert times("I'm away from Monday to Wednesday, so Thursday at 10?", NY) == [
        (THU, dt.time(10))
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mon 09.15 or Wed 14.00", [(MON, dt.time(9, 15)), (WED, dt.time(14))]),
        ("It costs £17.50 on Monday", [(MON, None)]),
        ("Monday: 15.50 euros", [(MON, None)]),
    ],
)
def test_dotted_24_hour_times(text: str, expected: list[tuple[dt.date, dt.time | None]]) -> None:
    assert times(text, NY) == expected


def test_words_that_take_a_day_back_drop_its_times_with_a_part_of_the_day_said():
    text = (
        "Thursday at 12:00, Monday at 5:30pm or Wednesday at 8am.\n\nActually, scratch the "
        "Wednesday, I just remembered I'm opening the shop that morning."
    )
    assert times(text, NY) == [(THU, dt.time(12)), (MON, dt.time(17, 30))]


def test_a_dotted_day_and_month_is_not_a_time():
    text = "- Thu 14.01, 09:00\n- Fri 15.01, 13:30"
    found = find_times(text, now=NOW, zone=LONDON)
    assert [f.clock for f in found] == [dt.time(9), dt.time(13, 30)]


@pytest.mark.parametrize(
    ("text", "other", "other_in_confirm"),
    [
        ("My train gets in at 9:40", True, True),
        ("On Monday my shift ends at six", True, True),
        ("I have a lecture until 2", True, True),
        ("Thanks for moving our chat from Monday at 10", True, True),
        ("Instead of Tuesday at 4", True, True),
        ("Tuesday, any time until 3", False, True),  # a window where options are offered
        ("See you Tuesday at 3", False, False),
        ("Could we do Monday at 10", False, False),
    ],
)
def test_times_that_are_not_the_meetings(text: str, other: bool, other_in_confirm: bool) -> None:
    start = len(text) - len(text.split()[-1])
    assert other_time(text, start) is other
    assert other_time(text, start, any_until=True) is other_in_confirm


def test_from_ten_to_eleven_is_a_range():
    (found,) = find_times("Tuesday from ten to eleven", now=NOW, zone=NY)
    assert (found.clock, found.until) == (dt.time(10), dt.time(11))
    assert times("Tuesday at ten to eleven", NY) == [(TUE, dt.time(10, 50))]


@pytest.mark.parametrize(
    ("text", "zone", "kept"),
    [
        ("Tue 1 Dec 17:00 Warsaw / 16:00 London time", LONDON, dt.time(16)),
        ("Tue 1 Dec 17:00 CET / 11:00 EST", NY, dt.time(11)),
        ("Tue 1 Dec 11:00 EST / 17:00 Madrid", NY, dt.time(11)),
    ],
)
def test_of_two_sides_the_recipients_or_the_known_zone_is_kept(
    text: str, zone: str, kept: dt.time
) -> None:
    (found,) = find_times(text, now=NOW, zone=zone)
    assert found.at is not None and found.at.astimezone(ZoneInfo(zone)).time() == kept


def test_a_zone_written_with_the_side_dropped_does_not_apply_to_the_rest():
    found = find_times("Tue 1 Dec 08:00 EST / 13:00 GMT, Wed 2 Dec 15:00", now=NOW, zone=NY)
    assert [f.zone for f in found] == [NY, NY]


def test_that_morning_in_the_next_sentence_is_the_day_last_named():
    text = "I'm in town on Friday. I could meet that morning at 9, at 12:30, or at 5:30pm."
    assert times(text, NY) == [(FRI, dt.time(9)), (FRI, dt.time(12, 30)), (FRI, dt.time(17, 30))]


def _read(text: str) -> list[tuple[str, dt.time | None, dt.time | None, str | None]]:
    return [(str(f.day), f.clock, f.until, f.part) for f in find_times(text, now=NOW, zone=NY)]


def test_a_dash_after_a_date_does_not_start_a_clock_range():
    # "June 5 — 12:00" is a date and a time, and "12:00 to 1:00 pm" the range
    assert _read("Monday, November 30 — 12:00 to 1:00 pm") == [
        ("2026-11-30", dt.time(12), dt.time(13), None)
    ]
    # a clock after the month is still a clock: "30 Nov 1:00-1:30pm"
    assert _read("Mon 30 Nov 1:00-1:30pm") == [("2026-11-30", dt.time(13), dt.time(13, 30), None)]


def test_one_time_with_a_zone_word_before_a_list_of_days_is_each_days():
    found = _read("I'm free at 9 a.m. Eastern on Monday Nov 30, Tuesday Dec 1 and Wednesday Dec 2.")
    assert [(day, clock) for day, clock, _, _ in found] == [
        ("2026-11-30", dt.time(9)),
        ("2026-12-01", dt.time(9)),
        ("2026-12-02", dt.time(9)),
    ]


def test_parts_of_one_day_listed_as_choices_are_options_and_a_part_beside_its_time_is_not():
    assert _read("Tuesday December 1 is open: the morning, lunch or the evening.") == [
        ("2026-12-01", None, None, "morning"),
        ("2026-12-01", None, None, "lunch"),
        ("2026-12-01", None, None, "evening"),
    ]
    assert [p for *_, p in _read("Wednesday Dec 2: the morning, or 16:00")] == ["morning", None]
    assert _read("Thursday afternoon, around 3pm") == [("2026-12-03", dt.time(15), None, None)]
    assert _read("Wednesday Dec 2 at 12:30pm, which might work as a lunch break") == [
        ("2026-12-02", dt.time(12, 30), None, None)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Portuguese and Spanish: "D de MONTH", the weekday a short form the reader skips
        ("• quinta, 3 de dezembro, 12h30", [("2026-12-03", dt.time(12, 30))]),
        ("el martes 1 de diciembre de 2026 a las 17:00", [("2026-12-01", dt.time(17))]),
        # Polish and Russian months in the genitive, as written inside a date
        ("1. wtorek, 1 grudnia, 12:00", [("2026-12-01", dt.time(12))]),
        ("— среда, 2 декабря, 11:00", [("2026-12-02", dt.time(11))]),
        # German "5. Dezember um 14:00", Dutch, Swedish, Indonesian, Tagalog
        ("Samstag, 5. Dezember um 14:00", [("2026-12-05", dt.time(14))]),
        ("maandag 30 november om 9:30", [("2026-11-30", dt.time(9, 30))]),
        ("tisdag 1 december kl. 13:00", [("2026-12-01", dt.time(13))]),
        ("Rabu, 2 Desember, 10:00", [("2026-12-02", dt.time(10))]),
        ("Huwebes, 3 Disyembre, 6:00 PM", [("2026-12-03", dt.time(18))]),
        # Chinese, Japanese and Korean dates
        ("12月1日（火）18:30", [("2026-12-01", dt.time(18, 30))]),
        ("2026年12月2日 12:00", [("2026-12-02", dt.time(12))]),
        ("12월 3일 (목) 19:00", [("2026-12-03", dt.time(19))]),
    ],
)
def test_dates_in_other_languages(text, expected):
    assert [(day, clock) for day, clock, _, _ in _read(text)] == expected


def test_at_in_another_language_ties_a_time_to_the_day_before_it():
    # "um 12:30" is Thursday's, though Monday is only a comma after it
    found = _read("Passt dir Donnerstag, 3. Dezember um 12:30, Montag, 7. Dezember um 17:30?")
    assert [(day, clock) for day, clock, _, _ in found] == [
        ("2026-12-03", dt.time(12, 30)),
        ("2026-12-07", dt.time(17, 30)),
    ]


def test_parts_of_the_day_in_other_languages():
    assert _read("Dienstag, 1. Dezember, irgendwann vormittags") == [
        ("2026-12-01", None, None, "morning")
    ]
    assert _read("mercredi 2 décembre, en fin d'après-midi") == [
        ("2026-12-02", None, None, "afternoon")
    ]


def test_a_range_with_a_wave_dash_is_one_option():
    assert _read("12月1日 12:00〜13:00") == [("2026-12-01", dt.time(12), dt.time(13), None)]


def test_a_weekday_with_a_part_of_the_day_in_the_plural_is_a_habit():
    assert _read("I play bowls Friday mornings, so: Monday 30 November at 10am") == [
        ("2026-11-30", dt.time(10), None, None)
    ]


def test_a_day_the_writer_took_off_is_free():
    found = _read(
        "I took a day off next Wednesday, so that one is open:\n- Wednesday, Dec 2 — any time"
    )
    assert [(day, part) for day, _, _, part in found] == [("2026-12-02", "any")]


def test_a_military_time_before_a_zone_or_hours():
    assert _read("Confirming our call Monday, 30 November, at 1030 Eastern.") == [
        ("2026-11-30", dt.time(10, 30), None, None)
    ]
    assert _read("Tuesday at 1400 hrs") == [("2026-12-01", dt.time(14), None, None)]
    assert _read("I moved here in 2019 and love it") == []


def test_other_events_times_are_not_the_meetings():
    text = "I'm coming to the 2pm show tomorrow anyway. Confirming Saturday."
    assert other_time(text, text.index("2pm"))
    text = "Confirming Wednesday, December 2. I fly out at 5pm that evening."
    assert other_time(text, text.index("5pm"))


def test_a_city_named_with_time_is_its_zone_and_the_ocean_is_no_zone():
    found = find_times(
        "All of these are in Auckland time, as we're on opposite sides of the Pacific:\n"
        "1. Wednesday 2 December, 9am",
        now=NOW,
        zone="Pacific/Auckland",
    )
    assert [f.zone for f in found] == ["Pacific/Auckland"]
    found = find_times("Tuesday 1 December at 10am Samoa time", now=NOW, zone=NY)
    assert [f.zone for f in found] == ["Pacific/Apia"]


def test_names_and_holidays_are_not_days_parts_or_zones():
    # a given name that is a weekday elsewhere, one that is a part of the day, and a zone
    # city that is a holiday
    assert _read("Hi Domingo, Monday 30 November at 3pm works") == [
        ("2026-11-30", dt.time(15), None, None)
    ]
    assert _read("Hi Gabi, Monday 30 November at 3pm works") == [
        ("2026-11-30", dt.time(15), None, None)
    ]
    found = find_times("Around Christmas time it gets busy; Tuesday at 10am?", now=NOW, zone=NY)
    assert [f.zone for f in found] == [NY]


def test_a_day_of_the_month_alone_is_the_next_such_date():
    assert _read("Could we do the 30th at 12:30, or the 2nd, any time?") == [
        ("2026-11-30", dt.time(12, 30), None, None),
        ("2026-12-02", None, None, "any"),
    ]
    # written a day or two after it, it is that day (a suggestion turned down)
    assert _read("Thanks for suggesting the 26th") == [("2026-11-26", None, None, "any")]
    # an ordinal that is not a date
    assert _read("The 3rd option suits me best") == []
    assert _read("Your office in the 11th is easy to reach; the 9th arrondissement too") == []
    assert _read("It's the 21st century, after all") == []


def test_days_with_their_ordinals_listed_under_one_clock_are_each_a_day():
    assert _read("Would 5:30 on Monday the 30th, Tuesday the 1st or Thursday the 3rd work?") == [
        ("2026-11-30", dt.time(17, 30), None, None),
        ("2026-12-01", dt.time(17, 30), None, None),
        ("2026-12-03", dt.time(17, 30), None, None),
    ]


def test_the_same_time_repeats_the_clock_before_it():
    text = "How about 8am on Monday 30 November? Failing that, the same time on Tuesday."
    assert _read(text) == [
        ("2026-11-30", dt.time(8), None, None),
        ("2026-12-01", dt.time(8), None, None),
    ]
    # with nothing before it, it is no time
    assert _read("Tuesday at the same time as always?") == [("2026-12-01", None, None, "any")]


def test_a_french_window_between_two_hours_is_one_range():
    assert _read("Jeudi 3 décembre, any time between 12h and 14h") == [
        ("2026-12-03", dt.time(12), dt.time(14), "any")
    ]


def test_an_ordinal_of_something_else_is_no_date():
    assert _read("This is the 1st of many notes, and the 2nd of the three talks") == []
