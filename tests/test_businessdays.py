"""Business days on the recipient's clock: counting day, N business days after, between."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coffeechat.core.businessdays import (
    add_business_days,
    business_days_after,
    business_days_between,
    counting_day,
    is_business_day,
    local_date,
)

NY = "America/New_York"
US = frozenset(
    {
        dt.date(2026, 11, 26),  # Thanksgiving
        dt.date(2026, 12, 25),
        dt.date(2027, 1, 1),
        dt.date(2027, 1, 18),  # Martin Luther King Jr. Day
        dt.date(2027, 2, 15),  # Presidents' Day
    }
)
UK = frozenset({dt.date(2026, 12, 25), dt.date(2026, 12, 28), dt.date(2027, 1, 1)})
NONE: frozenset[dt.date] = frozenset()


def at(zone, *args):
    """An instant given as wall-clock time in ``zone``."""
    return dt.datetime(*args, tzinfo=ZoneInfo(zone))


def d(text):
    return dt.date.fromisoformat(text)


# --- the worked examples of the brief ----------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "expected"),
    [
        (at(NY, 2026, 11, 30, 10), "2026-12-03"),  # Mon morning: counts from Mon
        (at(NY, 2026, 11, 30, 15), "2026-12-04"),  # Mon afternoon: counts from Tue
        (at(NY, 2026, 11, 25, 9), "2026-12-01"),  # Thanksgiving skipped, Fri 27 counts
        (at(NY, 2026, 12, 5, 10), "2026-12-10"),  # Saturday: counts from Mon
    ],
)
def test_three_business_days_after_the_worked_examples(sent, expected):
    assert business_days_after(sent, 3, NY, US) == d(expected)


def test_the_examples_hold_when_the_instant_is_given_in_utc():
    sent = at(NY, 2026, 11, 30, 10).astimezone(dt.UTC)
    assert business_days_after(sent, 3, NY, US) == d("2026-12-03")


# --- is_business_day, add_business_days -------------------------------------------------


def test_weekends_and_holidays_are_not_business_days():
    assert is_business_day(d("2026-11-27"), US)  # the Friday after Thanksgiving works
    assert not is_business_day(d("2026-11-26"), US)
    assert not is_business_day(d("2026-11-28"), US)  # Saturday
    assert not is_business_day(d("2026-11-29"), US)  # Sunday
    assert is_business_day(d("2026-11-26"), NONE)


def test_add_zero_business_days_is_the_day_or_the_next_business_day():
    assert add_business_days(d("2026-11-30"), 0, US) == d("2026-11-30")
    assert add_business_days(d("2026-11-28"), 0, US) == d("2026-11-30")
    assert add_business_days(d("2026-11-26"), 0, US) == d("2026-11-27")
    assert add_business_days(d("2026-12-24"), 0, US) == d("2026-12-24")


def test_add_business_days_over_weekends_and_holidays():
    assert add_business_days(d("2026-11-27"), 1, US) == d("2026-11-30")  # Fri -> Mon
    assert add_business_days(d("2026-11-28"), 1, US) == d("2026-11-30")  # Sat -> Mon
    assert add_business_days(d("2026-12-24"), 1, US) == d("2026-12-28")  # over Christmas
    assert add_business_days(d("2026-12-31"), 1, US) == d("2027-01-04")  # over New Year
    assert add_business_days(d("2027-01-15"), 1, US) == d("2027-01-19")  # over MLK day
    assert add_business_days(d("2027-02-12"), 3, US) == d("2027-02-18")  # Presidents' Day
    assert add_business_days(d("2026-12-21"), 8, US) == d("2027-01-04")  # two holidays


def test_add_business_days_refuses_a_negative_count():
    with pytest.raises(ValueError, match="0 or more"):
        add_business_days(d("2026-11-30"), -1, US)


# --- the counting day: noon, weekends, holidays ------------------------------------------


def test_noon_exactly_counts_from_the_next_business_day():
    assert counting_day(at(NY, 2026, 11, 30, 11, 59, 59), NY, US) == d("2026-11-30")
    assert counting_day(at(NY, 2026, 11, 30, 12, 0, 0), NY, US) == d("2026-12-01")
    assert business_days_after(at(NY, 2026, 11, 30, 11, 59, 59), 3, NY, US) == d("2026-12-03")
    assert business_days_after(at(NY, 2026, 11, 30, 12), 3, NY, US) == d("2026-12-04")


def test_just_after_midnight_counts_from_that_day():
    assert counting_day(at(NY, 2026, 11, 30, 0, 0), NY, US) == d("2026-11-30")
    assert counting_day(at(NY, 2026, 11, 29, 23, 59), NY, US) == d("2026-11-30")


def test_friday_afternoon_counts_from_monday():
    assert counting_day(at(NY, 2026, 12, 4, 12), NY, US) == d("2026-12-07")
    assert business_days_after(at(NY, 2026, 12, 4, 15), 3, NY, US) == d("2026-12-10")


def test_a_holiday_morning_counts_from_the_next_business_day():
    assert counting_day(at(NY, 2026, 11, 26, 9), NY, US) == d("2026-11-27")
    assert counting_day(at(NY, 2027, 1, 18, 8), NY, US) == d("2027-01-19")
    # the afternoon before a holiday skips it too
    assert counting_day(at(NY, 2026, 11, 25, 14), NY, US) == d("2026-11-27")


def test_the_holidays_are_the_recipients():
    # Mon 28 Dec 2026 is a bank holiday in the UK (Boxing Day moved), not in the US
    sent = at("Europe/London", 2026, 12, 24, 10)
    assert business_days_after(sent, 1, "Europe/London", UK) == d("2026-12-29")
    assert business_days_after(sent, 1, "Europe/London", US) == d("2026-12-28")


def test_sent_needs_a_time_zone():
    with pytest.raises(ValueError, match="aware"):
        counting_day(dt.datetime(2026, 11, 30, 10), NY, US)
    with pytest.raises(ValueError, match="aware"):
        business_days_between(at(NY, 2026, 11, 30, 10), dt.datetime(2026, 12, 1), NY, US)


# --- DST weeks ---------------------------------------------------------------------------


def test_new_york_spring_forward_weekend():
    # DST starts Sun 2026-03-08 at 02:00 in New York
    assert business_days_after(at(NY, 2026, 3, 7, 10), 3, NY, NONE) == d("2026-03-12")
    assert business_days_after(at(NY, 2026, 3, 8, 10), 3, NY, NONE) == d("2026-03-12")
    # Mon 9 Mar 11:30 EDT is 15:30 UTC: still the morning for the recipient
    sent = dt.datetime(2026, 3, 9, 15, 30, tzinfo=dt.UTC)
    assert counting_day(sent, NY, NONE) == d("2026-03-09")
    # 16:30 UTC is 11:30 EST before the change (morning) but 12:30 EDT after it
    assert counting_day(dt.datetime(2026, 3, 6, 16, 30, tzinfo=dt.UTC), NY, NONE) == d("2026-03-06")
    assert counting_day(dt.datetime(2026, 3, 9, 16, 30, tzinfo=dt.UTC), NY, NONE) == d("2026-03-10")


def test_london_autumn_change():
    # BST ends Sun 2026-10-25; Fri 23 Oct 11:30 BST is 10:30 UTC
    london = "Europe/London"
    assert counting_day(dt.datetime(2026, 10, 23, 10, 30, tzinfo=dt.UTC), london, NONE) == d(
        "2026-10-23"
    )
    # 11:30 UTC is 12:30 BST on Friday, but 11:30 GMT on Monday
    assert counting_day(dt.datetime(2026, 10, 23, 11, 30, tzinfo=dt.UTC), london, NONE) == d(
        "2026-10-26"
    )
    assert counting_day(dt.datetime(2026, 10, 26, 11, 30, tzinfo=dt.UTC), london, NONE) == d(
        "2026-10-26"
    )
    assert business_days_after(at(london, 2026, 10, 23, 11), 3, london, NONE) == d("2026-10-28")


# --- both sides of the date line ---------------------------------------------------------


def test_the_same_instant_is_another_day_across_the_date_line():
    instant = dt.datetime(2026, 12, 4, 20, 0, tzinfo=dt.UTC)
    # Auckland (UTC+13 in December): Sat 5 Dec 09:00 -> counts from Mon 7
    assert local_date(instant, "Pacific/Auckland") == d("2026-12-05")
    assert counting_day(instant, "Pacific/Auckland", NONE) == d("2026-12-07")
    assert business_days_after(instant, 3, "Pacific/Auckland", NONE) == d("2026-12-10")
    # Pago Pago (UTC-11): Fri 4 Dec 09:00 -> counts from Fri 4
    assert local_date(instant, "Pacific/Pago_Pago") == d("2026-12-04")
    assert counting_day(instant, "Pacific/Pago_Pago", NONE) == d("2026-12-04")
    assert business_days_after(instant, 3, "Pacific/Pago_Pago", NONE) == d("2026-12-09")


def test_a_monday_morning_in_auckland_is_sunday_in_new_york():
    instant = at("Pacific/Auckland", 2026, 11, 30, 9)  # Sun 29 Nov 15:00 in New York
    assert counting_day(instant, "Pacific/Auckland", NONE) == d("2026-11-30")
    assert counting_day(instant, NY, NONE) == d("2026-11-30")
    assert business_days_after(instant, 1, "Pacific/Auckland", NONE) == d("2026-12-01")


# --- business_days_between ---------------------------------------------------------------


def test_business_days_between():
    sent = at(NY, 2026, 11, 30, 10)  # counts from Mon 30
    assert business_days_between(sent, at(NY, 2026, 11, 30, 18), NY, US) == 0
    assert business_days_between(sent, at(NY, 2026, 12, 1, 0, 0), NY, US) == 1
    assert business_days_between(sent, at(NY, 2026, 12, 3, 23, 59), NY, US) == 3
    assert business_days_between(sent, at(NY, 2026, 12, 4, 0, 0), NY, US) == 4
    assert business_days_between(sent, at(NY, 2026, 12, 5, 12), NY, US) == 4  # Saturday
    assert business_days_between(sent, at(NY, 2026, 12, 7, 9), NY, US) == 5


def test_business_days_between_before_the_counting_day_is_zero():
    sent = at(NY, 2026, 11, 30, 15)  # counts from Tue 1 Dec
    assert business_days_between(sent, at(NY, 2026, 11, 30, 16), NY, US) == 0
    assert business_days_between(sent, at(NY, 2026, 12, 1, 16), NY, US) == 0
    assert business_days_between(sent, at(NY, 2026, 12, 2, 8), NY, US) == 1


def test_business_days_between_skips_holidays():
    sent = at(NY, 2026, 11, 25, 9)
    assert business_days_between(sent, at(NY, 2026, 11, 26, 12), NY, US) == 0  # Thanksgiving
    assert business_days_between(sent, at(NY, 2026, 11, 27, 12), NY, US) == 1


def test_business_days_between_reads_the_recipients_clock():
    sent = at("Pacific/Auckland", 2026, 12, 7, 9)  # Mon morning in Auckland
    later = dt.datetime(2026, 12, 7, 12, tzinfo=dt.UTC)  # Tue 8 Dec 01:00 in Auckland
    assert business_days_between(sent, later, "Pacific/Auckland", NONE) == 1


# --- properties --------------------------------------------------------------------------

ZONES = st.sampled_from(
    [NY, "Europe/London", "Pacific/Auckland", "Pacific/Pago_Pago", "Asia/Kolkata", "UTC"]
)
INSTANTS = st.datetimes(
    min_value=dt.datetime(2025, 1, 1),
    max_value=dt.datetime(2028, 12, 31),
    timezones=st.just(dt.UTC),
)
HOLIDAYS = st.frozensets(st.dates(dt.date(2025, 1, 1), dt.date(2029, 3, 1)), max_size=40)


@given(INSTANTS, st.integers(0, 30), ZONES, HOLIDAYS)
def test_the_result_is_a_business_day(sent, n, zone, holidays):
    assert is_business_day(business_days_after(sent, n, zone, holidays), holidays)


@given(INSTANTS, st.integers(0, 30), st.integers(0, 30), ZONES, HOLIDAYS)
def test_monotone_in_n(sent, n, m, zone, holidays):
    low, high = sorted((n, m))
    a = business_days_after(sent, low, zone, holidays)
    b = business_days_after(sent, high, zone, holidays)
    assert a <= b
    assert (a == b) == (low == high)


@given(INSTANTS, INSTANTS, st.integers(0, 15), ZONES, HOLIDAYS)
def test_monotone_in_sent(one, two, n, zone, holidays):
    early, late = sorted((one, two))
    after_early = business_days_after(early, n, zone, holidays)
    assert after_early <= business_days_after(late, n, zone, holidays)


@given(st.dates(dt.date(2000, 1, 3), dt.date(2090, 1, 1)))
def test_five_business_days_from_a_monday_is_a_week(day):
    monday = day - dt.timedelta(days=day.weekday())
    assert add_business_days(monday, 5, NONE) == monday + dt.timedelta(days=7)


@given(INSTANTS, st.integers(0, 30), ZONES, HOLIDAYS)
def test_between_undoes_after(sent, n, zone, holidays):
    day = business_days_after(sent, n, zone, holidays)
    noonish = dt.datetime.combine(day, dt.time(12), ZoneInfo(zone))
    assert business_days_between(sent, noonish, zone, holidays) == n


@given(INSTANTS, ZONES, HOLIDAYS)
def test_the_counting_day_is_the_send_day_or_later(sent, zone, holidays):
    day = counting_day(sent, zone, holidays)
    assert day >= local_date(sent, zone)
    assert is_business_day(day, holidays)
