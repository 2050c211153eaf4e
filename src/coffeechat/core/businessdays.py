"""Business days on the recipient's clock (DOMAIN.md, "Business days").

Every waiting rule of the outreach rhythm (Dalton's 3B7) counts business days as the
person who received the message lives them: in the contact's time zone, skipping
weekends and the public holidays of the contact's country. The caller passes those
holidays as a container of dates (the service computes them with the ``holidays``
package; this module imports nothing outside the standard library).

When a message starts the count:

- it reaches them **before 12:00** their time on a business day: it counts from that day;
- it reaches them **at or after 12:00**, or on a weekend or holiday: it counts from the
  next business day.

"N business days after" a message is then the N-th business day after that counting
day. Contact in New York, US holidays, times theirs:

- sent Mon 2026-11-30 10:00, 3 business days after: Thu 2026-12-03;
- sent Mon 2026-11-30 15:00: counts from Tue, so Fri 2026-12-04;
- sent Wed 2026-11-25 09:00: Thanksgiving (Thu 26) is skipped, Fri 27 counts: Tue 2026-12-01;
- sent Sat 2026-12-05: counts from Mon 7, so Thu 2026-12-10.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Container

__all__ = [
    "NOON",
    "add_business_days",
    "business_days_after",
    "business_days_between",
    "counting_day",
    "is_business_day",
    "local_date",
]

#: A message that reaches the recipient at or after this local time counts from the next
#: business day.
NOON = dt.time(12, 0)

_SATURDAY = 5


def is_business_day(day: dt.date, holidays: Container[dt.date]) -> bool:
    """Whether ``day`` is a working day: Monday to Friday and not a public holiday."""
    return day.weekday() < _SATURDAY and day not in holidays


def _aware(instant: dt.datetime, name: str) -> None:
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime (with a time zone), got {instant}")


def local_date(instant: dt.datetime, zone: str) -> dt.date:
    """The calendar day an aware instant falls on in the IANA zone ``zone``."""
    _aware(instant, "instant")
    return instant.astimezone(zoneinfo.ZoneInfo(zone)).date()


def add_business_days(day: dt.date, n: int, holidays: Container[dt.date]) -> dt.date:
    """The ``n``-th business day after ``day``.

    ``n=0`` gives ``day`` itself when it is a business day, else the next business day.
    ``day`` itself need not be a business day: 1 business day after a Saturday is the
    Monday (when that is not a holiday).
    """
    if n < 0:
        raise ValueError(f"n must be 0 or more, got {n}")
    if n == 0:
        while not is_business_day(day, holidays):
            day += dt.timedelta(days=1)
        return day
    left = n
    while left:
        day += dt.timedelta(days=1)
        if is_business_day(day, holidays):
            left -= 1
    return day


def counting_day(sent: dt.datetime, zone: str, holidays: Container[dt.date]) -> dt.date:
    """The business day a message sent at ``sent`` counts from, on the recipient's clock.

    Before 12:00 their time on a business day: that day. At or after 12:00 (12:00:00
    exactly included), or on a weekend or holiday: the next business day.
    """
    _aware(sent, "sent")
    local = sent.astimezone(zoneinfo.ZoneInfo(zone))
    day = local.date()
    if is_business_day(day, holidays) and local.time() < NOON:
        return day
    return add_business_days(day, 1, holidays)


def business_days_after(
    sent: dt.datetime, n: int, zone: str, holidays: Container[dt.date]
) -> dt.date:
    """The day that is ``n`` business days after a message sent at ``sent``, on the
    recipient's clock: ``n`` business days after its counting day (``n=0``: the counting
    day itself)."""
    return add_business_days(counting_day(sent, zone, holidays), n, holidays)


def business_days_between(
    sent: dt.datetime, later: dt.datetime, zone: str, holidays: Container[dt.date]
) -> int:
    """How many business days after the counting day of ``sent`` the instant ``later``
    falls on, on the recipient's clock.

    0 when ``later`` falls on the counting day itself or before it; a weekend or holiday
    counts as the business day before it (a Saturday after a Friday counting day: 0).
    So ``business_days_between(sent, t) <= n`` exactly when ``t`` falls before the
    business day ``business_days_after(sent, n + 1)``.
    """
    _aware(later, "later")
    start = counting_day(sent, zone, holidays)
    end = local_date(later, zone)
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if is_business_day(day, holidays):
            count += 1
    return count
