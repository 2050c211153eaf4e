"""How long busy import (and a proposal) takes on a year-long calendar, against the library.

    .venv/bin/python benchmarks/scheduling.py [--runs 7] [--events 5000]

Builds a calendar for 2026 with ``--events`` events as Google Calendar exports them: 30
weekly series in America/New_York (each with EXDATEs and RECURRENCE-ID overrides, one
moved and one cancelled), the rest single events (UTC, zoned, all-day and transparent),
writes it to a temporary file, and then times in this process, interleaved, after a
warm-up (medians of ``--runs``):

(a) the baseline: ``icalendar.Calendar.from_ical(data)`` plus
    ``recurring_ical_events.of(calendar).between(...)`` for a two-week window;
(b) ``coffeechat.formats.ical.read_busy`` for the same window (it parses, checks,
    expands, converts to UTC intervals and merges them);
(c) when ``coffeechat.core.scheduling.propose`` exists: (b) plus a proposal for a contact
    in Europe/London over the first week of that window.

It prints the medians and the ratio of (c), or (b) without a proposal engine, to (a):
target <= 1.5. This is a measurement, not a test: it always exits 0 and prints
ABOVE TARGET where the ratio misses.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

TARGET = 1.5
ZONE = "America/New_York"
#: "Now" for the measurement: the busy window is two weeks from here.
NOW = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=-4)))
WINDOW = dt.timedelta(days=14)

VTIMEZONE = """BEGIN:VTIMEZONE
TZID:America/New_York
X-LIC-LOCATION:America/New_York
BEGIN:DAYLIGHT
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
TZNAME:EDT
DTSTART:19700308T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
TZNAME:EST
DTSTART:19701101T020000
RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU
END:STANDARD
END:VTIMEZONE"""


def _stamp(value: dt.datetime) -> str:
    return value.strftime("%Y%m%dT%H%M%S")


def _event(uid: str, lines: list[str], summary: str) -> list[str]:
    return [
        "BEGIN:VEVENT",
        *lines,
        "DTSTAMP:20251201T120000Z",
        f"UID:{uid}",
        "CREATED:20251115T090000Z",
        f"DESCRIPTION:{summary}: agenda and notes are in the shared document\\, as usual.",
        "SEQUENCE:0",
        "STATUS:CONFIRMED",
        f"SUMMARY:{summary}",
        "END:VEVENT",
    ]


def build_calendar(events: int, seed: int = 2026) -> str:
    """A Google-style export for 2026 with ``events`` VEVENTs (series, overrides, singles)."""
    rng = random.Random(seed)
    tz = f"TZID={ZONE}"
    out = [
        "BEGIN:VCALENDAR",
        "PRODID:-//Google Inc//Google Calendar 70.9054//EN",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:sam@example.com",
        f"X-WR-TIMEZONE:{ZONE}",
        VTIMEZONE,
    ]
    count = 0
    for series in range(30):
        first = dt.datetime(2026, 1, 5, 8 + series % 9, 30 * (series % 2)) + dt.timedelta(
            days=series % 5
        )
        uid = f"series-{series}@google.com"
        weeks = [first + dt.timedelta(weeks=w) for w in range(52)]
        exdates = rng.sample(weeks[1:], 4)
        out += _event(
            uid,
            [
                f"DTSTART;{tz}:{_stamp(first)}",
                f"DTEND;{tz}:{_stamp(first + dt.timedelta(minutes=45))}",
                "RRULE:FREQ=WEEKLY;WKST=SU;UNTIL=20261231T235959Z",
                *(f"EXDATE;{tz}:{_stamp(d)}" for d in sorted(exdates)),
            ],
            f"Weekly {series}",
        )
        count += 1
        moved, cancelled, *_ = rng.sample([w for w in weeks[1:] if w not in exdates], 3)
        new_start = moved + dt.timedelta(days=1, hours=2)
        out += _event(
            uid,
            [
                f"RECURRENCE-ID;{tz}:{_stamp(moved)}",
                f"DTSTART;{tz}:{_stamp(new_start)}",
                f"DTEND;{tz}:{_stamp(new_start + dt.timedelta(minutes=45))}",
            ],
            f"Weekly {series} (moved)",
        )
        out += _event(
            uid,
            [
                f"RECURRENCE-ID;{tz}:{_stamp(cancelled)}",
                f"DTSTART;{tz}:{_stamp(cancelled)}",
                f"DTEND;{tz}:{_stamp(cancelled + dt.timedelta(minutes=45))}",
                "STATUS:CANCELLED",
            ],
            f"Weekly {series} (cancelled)",
        )
        count += 2
    single = 0
    while count < events:
        day = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(365))
        start = dt.datetime.combine(day, dt.time(rng.randrange(7, 20), rng.choice((0, 15, 30))))
        end = start + dt.timedelta(minutes=rng.choice((15, 30, 45, 60, 90)))
        kind = rng.random()
        if kind < 0.5:  # Google writes single events in UTC
            utc_start = start.replace(tzinfo=dt.timezone(dt.timedelta(hours=-5)))
            utc_end = end.replace(tzinfo=dt.timezone(dt.timedelta(hours=-5)))
            lines = [
                f"DTSTART:{_stamp(utc_start.astimezone(dt.UTC))}Z",
                f"DTEND:{_stamp(utc_end.astimezone(dt.UTC))}Z",
            ]
        elif kind < 0.9:
            lines = [f"DTSTART;{tz}:{_stamp(start)}", f"DTEND;{tz}:{_stamp(end)}"]
        else:
            next_day = day + dt.timedelta(days=1)
            lines = [
                f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
                f"DTEND;VALUE=DATE:{next_day:%Y%m%d}",
                "TRANSP:TRANSPARENT" if kind < 0.95 else "TRANSP:OPAQUE",
            ]
        out += _event(f"single-{single}@google.com", lines, f"Meeting {single}")
        single += 1
        count += 1
    out.append("END:VCALENDAR")
    return "\r\n".join(out) + "\r\n"


def median_times(jobs: dict[str, Callable[[], object]], runs: int) -> dict[str, list[float]]:
    """Seconds per job, ``runs`` times each, interleaved after one warm-up round."""
    for job in jobs.values():
        job()
    times: dict[str, list[float]] = {name: [] for name in jobs}
    for _ in range(runs):
        for name, job in jobs.items():
            start = time.perf_counter()
            job()
            times[name].append(time.perf_counter() - start)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--events", type=int, default=5000)
    args = parser.parse_args()

    import icalendar
    import recurring_ical_events

    from coffeechat.core import scheduling
    from coffeechat.core.hours import parse_hours
    from coffeechat.formats.ical import read_busy

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "year-2026.ics"
        path.write_text(build_calendar(args.events), encoding="utf-8", newline="")
        size = path.stat().st_size
        start, end = NOW, NOW + WINDOW

        def baseline() -> list:
            data = path.read_bytes()
            calendar = icalendar.Calendar.from_ical(data)
            return recurring_ical_events.of(calendar).between(start, end)

        def busy() -> list:
            return read_busy(path.read_bytes(), str(path), start, end, ZONE)

        jobs: dict[str, Callable[[], object]] = {"(a) library": baseline, "(b) read_busy": busy}
        if hasattr(scheduling, "propose"):

            def proposal() -> object:
                intervals = read_busy(path.read_bytes(), str(path), start, end, ZONE)
                request = scheduling.ProposalRequest(
                    now=NOW,
                    user=scheduling.Side(ZONE, parse_hours("Mon-Fri 07:00-21:00")),
                    contact=scheduling.Side("Europe/London", parse_hours("Mon-Fri 09:00-17:30")),
                    busy=tuple(intervals),
                )
                return scheduling.propose(request)

            jobs["(c) read_busy + propose"] = proposal

        occurrences, intervals = len(baseline()), len(busy())
        times = median_times(jobs, args.runs)

    print(
        f"calendar: {args.events} events, {size / 1e6:.1f} MB; window {start:%Y-%m-%d} + 14 days: "
        f"{occurrences} occurrences, {intervals} busy intervals after merging"
    )
    print(f"{'':26} {'median':>9} {'min':>9}")
    medians = {}
    for name, values in times.items():
        medians[name] = statistics.median(values)
        print(f"{name:26} {medians[name] * 1000:7.1f} ms {min(values) * 1000:7.1f} ms")
    measured = list(medians)[-1]
    ratio = medians[measured] / medians["(a) library"]
    verdict = "ok" if ratio <= TARGET else "ABOVE TARGET"
    print(f"ratio {measured} / (a) library: {ratio:.2f} (target <= {TARGET}) {verdict}")
    if measured != "(b) read_busy":
        b_ratio = medians["(b) read_busy"] / medians["(a) library"]
        print(f"ratio (b) read_busy / (a) library: {b_ratio:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
