"""Weekly hours such as ``Mon-Fri 09:00-17:00``: parse, validate, format.

Used for a contact's working hours and the user's availability. The grammar is small on
purpose: one or more groups separated by ``;``, each a day spec followed by one or more
``HH:MM-HH:MM`` intervals. Day specs are ``Mon``, ``Mon-Fri``, ``Mon,Wed,Fri``,
``weekdays``, ``weekends`` or ``daily``. ``24:00`` is allowed as an end.

Several intervals on the same days are separated by spaces or commas
(``Mon-Fri 07:00-08:30, 17:30-20:00`` and ``Mon-Fri 07:00-08:30,17:30-20:00`` alike); a comma
after an interval followed by days starts a new group, as ``;`` does. Overlapping or
touching intervals are merged into one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coffeechat.core.errors import InvalidValue, quoted

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_FULL = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_INDEX = {d.lower(): i for i, d in enumerate(DAYS)} | {d: i for i, d in enumerate(_FULL)}
_NAMED = {
    "weekdays": tuple(range(5)),
    "weekends": (5, 6),
    "daily": tuple(range(7)),
}
_INTERVAL = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")
#: a comma between two intervals ("07:00-08:30, 17:30-20:00"): read as a space
_COMMA_TIMES = re.compile(r"(\d)\s*,\s*(?=\d)")
#: a comma between an interval and days ("Mon 09:00-10:00, Sat 10:00-12:00"): a new group
_COMMA_DAYS = re.compile(r"(\d)\s*,\s*(?=[^\W\d_])")
#: a comma after the last interval of a group ("07:00-08:30,"): nothing
_COMMA_END = re.compile(r"(\d)\s*,\s*(?=;|$)")
EXAMPLE = "Mon-Fri 09:00-17:00"


@dataclass(frozen=True)
class WeeklyHours:
    """Minutes-of-day intervals per weekday (0 = Monday)."""

    days: tuple[tuple[tuple[int, int], ...], ...]

    def on(self, weekday: int) -> tuple[tuple[int, int], ...]:
        """The intervals on one weekday, as (start, end) minutes since midnight."""
        return self.days[weekday]

    def __str__(self) -> str:
        return format_hours(self)


def _minutes(hours: str, minutes: str, *, end: bool) -> int | None:
    h, m = int(hours), int(minutes)
    if m > 59:
        return None
    if h == 24 and m == 0 and end:
        return 24 * 60
    if h > 23:
        return None
    return h * 60 + m


def _parse_days(spec: str) -> tuple[int, ...] | None:
    spec = spec.strip().lower()
    if spec in _NAMED:
        return _NAMED[spec]
    result: list[int] = []
    for part in spec.split(","):
        first, dash, last = part.strip().partition("-")
        a = _DAY_INDEX.get(first.strip())
        b = _DAY_INDEX.get(last.strip()) if dash else a
        if a is None or b is None:
            return None
        i = a
        while True:  # ranges may wrap the week, e.g. Sat-Mon
            result.append(i)
            if i == b:
                break
            i = (i + 1) % 7
    return tuple(result)


def parse_hours(text: str, field: str = "hours") -> WeeklyHours:
    """Parse weekly hours; raise InvalidValue naming ``field`` when the text is not valid."""

    def bad(problem: str) -> InvalidValue:
        return InvalidValue(field, text, problem, EXAMPLE)

    if not text or not text.strip():
        raise bad("weekly hours cannot be empty")
    days: list[list[tuple[int, int]]] = [[] for _ in range(7)]
    groups = _COMMA_END.sub(r"\1", _COMMA_DAYS.sub(r"\1;", _COMMA_TIMES.sub(r"\1 ", text)))
    for group in groups.split(";"):
        tokens = group.split()
        if not tokens:
            raise bad("an empty group between ';'")
        intervals = [t for t in tokens if _INTERVAL.match(t)]
        day_tokens = [t for t in tokens if not _INTERVAL.match(t)]
        stray = next((t for t in day_tokens if any(c.isdigit() for c in t)), None)
        if stray is not None and intervals:  # e.g. "9-17" or "08:30," beside the times
            raise bad(f"{quoted(stray)} is not an HH:MM-HH:MM interval")
        if not day_tokens:
            raise bad(f"no days before {quoted(group.strip())}")
        if not intervals:
            raise bad(f"no HH:MM-HH:MM interval in {quoted(group.strip())}")
        if tokens[: len(day_tokens)] != day_tokens:
            raise bad(f"days must come before the times in {quoted(group.strip())}")
        weekdays = _parse_days("".join(day_tokens))
        if weekdays is None:
            raise bad(
                f"unknown days {quoted(' '.join(day_tokens))} (use Mon..Sun, weekdays, daily)"
            )
        for token in intervals:
            m = _INTERVAL.match(token)
            assert m is not None
            start = _minutes(m[1], m[2], end=False)
            end = _minutes(m[3], m[4], end=True)
            if start is None or end is None:
                raise bad(f"{quoted(token)} is not a time of day")
            if end <= start:
                raise bad(f"{quoted(token)} ends before it starts")
            for d in weekdays:
                days[d].append((start, end))
    merged = tuple(_merge(sorted(d)) for d in days)
    return WeeklyHours(merged)


def _merge(intervals: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    out: list[tuple[int, int]] = []
    for start, end in intervals:
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return tuple(out)


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def format_hours(hours: WeeklyHours) -> str:
    """The canonical text for weekly hours, grouping consecutive days with equal times."""
    groups: list[str] = []
    i = 0
    while i < 7:
        if not hours.days[i]:
            i += 1
            continue
        j = i
        while j + 1 < 7 and hours.days[j + 1] == hours.days[i]:
            j += 1
        days = DAYS[i] if i == j else f"{DAYS[i]}-{DAYS[j]}"
        times = " ".join(f"{_clock(a)}-{_clock(b)}" for a, b in hours.days[i])
        groups.append(f"{days} {times}")
        i = j + 1
    return "; ".join(groups)


def normalize_hours(text: str, field: str = "hours") -> str:
    """Validate weekly hours and return their canonical text."""
    return format_hours(parse_hours(text, field))
