"""The agenda as a calendar file: one all-day entry per follow-up, with an alarm.

``icalendar`` is imported inside the function, so the command line starts without it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from coffeechat.formats.ical import PRODID

if TYPE_CHECKING:
    from coffeechat.core.followups import FollowUp

#: The alarm rings at this time (floating: the calendar's own zone) on the day due.
ALARM_AT = dt.timedelta(hours=9)


def agenda_ics(items: Iterable[FollowUp], now: dt.datetime, name: str = "coffeechat") -> bytes:
    """An iCalendar file (METHOD:PUBLISH) of the items: each an all-day event on its due
    day whose UID is the item id, so importing it again updates rather than duplicates."""
    from icalendar import Alarm, Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"{name}: follow-ups")
    stamp = now.astimezone(dt.UTC)
    for item in items:
        event = Event()
        event.add("uid", f"{item.item}@coffeechat")
        event.add("dtstamp", stamp)
        event.add("dtstart", item.due)
        event.add("dtend", item.due + dt.timedelta(days=1))
        event.add("summary", f"{item.contact_name}: {item.kind}")
        event.add("description", f"{item.reason}\n{item.suggested_command}")
        event.add("categories", ["coffeechat", item.kind])
        event.add("transp", "TRANSPARENT")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"{item.contact_name}: {item.kind}")
        alarm.add("trigger", ALARM_AT, parameters={"RELATED": "START"})
        event.add_component(alarm)
        calendar.add_component(event)
    return bytes(calendar.to_ical())
