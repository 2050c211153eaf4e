"""The agenda feed: the agenda and the conversations coming up as one calendar a
calendar app subscribes to (``/agenda.ics?key=…``), so reminders arrive through it.

The feed's key and when it was last fetched are files in the workspace folder, beside
the web's access token (service/access.py): not data of the workspace, so ``undo`` and
the tables stay out of it."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coffeechat.service.workspace import Workspace

#: How far ahead the feed looks: far enough for a calendar app to show the month.
FEED_DAYS = 30


def agenda_feed(workspace: Workspace, days: int = FEED_DAYS) -> bytes:
    """The feed: every agenda item due within ``days`` (late ones on today), and the
    conversations coming up in that time, with alarms; stable UIDs, so each fetch
    updates the entries already there."""
    from coffeechat.formats.agendaics import Meeting, agenda_ics

    result = workspace.agenda(days)
    meetings = []
    for row, name in workspace.coming_conversations(days):
        assert row.start is not None
        end = row.end or row.start + dt.timedelta(minutes=30)
        what = f"Conversation with {name}"
        meetings.append(
            Meeting(f"conversation-{row.id}", what, row.start, end, row.place, row.link or "")
        )
    return agenda_ics(
        result.items,
        workspace.now(),
        workspace.get_settings().name,
        meetings=meetings,
        today=result.today,
    )
