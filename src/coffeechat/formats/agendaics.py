"""The agenda as a calendar file: one all-day entry per follow-up, with an alarm.

``icalendar`` is imported inside the function, so the command line starts without it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coffeechat.formats.ical import PRODID

if TYPE_CHECKING:
    from coffeechat.core.followups import FollowUp

#: The alarm rings at this time (floating: the calendar's own zone) on the day due.
ALARM_AT = dt.timedelta(hours=9)
#: How long before a conversation its alarm rings.
MEETING_ALARM = dt.timedelta(minutes=30)


@dataclass(frozen=True)
class Meeting:
    """A conversation coming up, as the feed shows it: ``key`` makes its UID."""

    key: str
    title: str
    start: dt.datetime
    end: dt.datetime
    place: str | None = None
    description: str = ""


def agenda_ics(
    items: Iterable[FollowUp],
    now: dt.datetime,
    name: str = "coffeechat",
    *,
    meetings: Iterable[Meeting] = (),
    today: dt.date | None = None,
) -> bytes:
    """An iCalendar file (METHOD:PUBLISH) of the items: each an all-day event on its due
    day whose UID is the item id, so importing it again updates rather than duplicates.

    With ``today`` (the agenda feed), an item already late is shown on today, not on a
    past day nobody looks at again. ``meetings`` are timed events in UTC, each with an
    alarm ``MEETING_ALARM`` before it."""
    from icalendar import Alarm, Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"{name}: follow-ups")
    stamp = now.astimezone(dt.UTC)
    for item in items:
        day = max(item.due, today) if today is not None else item.due
        late = " (late)" if today is not None and item.due < today else ""
        event = Event()
        event.add("uid", f"{item.item}@coffeechat")
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + dt.timedelta(days=1))
        event.add("summary", f"{item.contact_name}: {item.kind}{late}")
        event.add("description", f"{item.reason}\n{item.suggested_command}")
        event.add("categories", ["coffeechat", item.kind])
        event.add("transp", "TRANSPARENT")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"{item.contact_name}: {item.kind}")
        alarm.add("trigger", ALARM_AT, parameters={"RELATED": "START"})
        event.add_component(alarm)
        calendar.add_component(event)
    for meeting in meetings:
        event = Event()
        event.add("uid", f"{meeting.key}@coffeechat")
        event.add("dtstamp", stamp)
        event.add("dtstart", meeting.start.astimezone(dt.UTC))
        event.add("dtend", meeting.end.astimezone(dt.UTC))
        event.add("summary", meeting.title)
        if meeting.place:
            event.add("location", meeting.place)
        if meeting.description:
            event.add("description", meeting.description)
        event.add("categories", ["coffeechat", "conversation"])
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", meeting.title)
        alarm.add("trigger", -MEETING_ALARM)
        event.add_component(alarm)
        calendar.add_component(event)
    return bytes(calendar.to_ical())
