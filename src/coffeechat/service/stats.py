"""Progress: the funnel from people met to offers, reply times, conversations per week."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from coffeechat.bulk import gc_paused
from coffeechat.core import validate
from coffeechat.core.errors import InvalidValue
from coffeechat.service.followups import FollowupsMixin
from coffeechat.store import conversations as conversation_store
from coffeechat.store import users

if TYPE_CHECKING:  # loaded by `stats` only: `contact list` starts faster
    from sqlalchemy import Connection

    from coffeechat.core.stats import Progress, WeekCount


class StatsMixin(FollowupsMixin):
    """Progress use cases."""

    @gc_paused()
    def progress(self, since: str | None = None) -> Progress:
        """The funnel, medians and weeks from ``since`` (YYYY-MM-DD) to today, in the
        user's zone; the funnel covers all time and the weeks the last eight without it."""
        from coffeechat.core.followups import responsiveness
        from coffeechat.core.stats import contact_facts, local_day, progress
        from coffeechat.service.paths import path_from_rows
        from coffeechat.store import paths as path_store

        now = self.now()
        with self.reading() as conn:  # one read of the timelines, for replies and the rest
            owner = users.get_settings(conn, self.owner_id)
            histories, contacts = self._histories(conn)
            introductions = conversation_store.introductions(conn, self.owner_id)
            rows = path_store.list_paths(conn, self.owner_id)
            steps = path_store.steps_by_path(conn, self.owner_id)
        zone = owner.timezone
        today = local_day(now, zone)
        start = validate.date(since, "since") if since else None
        if start is not None and start > today:
            raise InvalidValue("since", since, f"is in the future (today is {today})", str(today))
        facts = []
        for c in contacts.values():
            history = histories[c.id]
            held = [r.start for r in history.conversations if r.status == "held" and r.start]
            met_on = c.met_on
            if met_on is None:
                assert c.created_at is not None
                met_on = local_day(c.created_at, zone)
            facts.append(
                contact_facts(
                    c.id,
                    met_on,
                    c.introduced_by_id,
                    history.events,
                    held,
                    now,
                    zone,
                    responsiveness(history, now),
                )
            )
        return progress(
            facts,
            [(i.from_id, i.to_id, local_day(i.created_at, zone)) for i in introductions],
            [path_from_rows(r, steps.get(r.id, [])) for r in rows],
            today=today,
            weekly_goal=owner.weekly_goal,
            since=start,
            path_started={r.id: local_day(r.created_at, zone) for r in rows},
        )

    def this_week(self) -> WeekCount:
        """This week's conversations against the weekly goal, as ``progress().weeks[-1]``
        counts them (a meeting per contact and day, Monday to now, in the user's zone),
        from the meetings of this week alone: Today shows it without reading every
        timeline."""
        now = self.now()
        with self.reading() as conn:
            owner = users.get_settings(conn, self.owner_id)
            return self._week_in(conn, now, owner.timezone, owner.weekly_goal)

    def _week_in(self, conn: Connection, now: dt.datetime, zone: str, goal: int) -> WeekCount:
        """``this_week`` read on ``conn`` (the user's ``zone`` and weekly ``goal`` given)."""
        import zoneinfo

        from coffeechat.core.stats import WeekCount, iso_week, local_day, monday_of
        from coffeechat.store import events as event_store

        today = local_day(now, zone)
        monday = monday_of(today)
        local = zoneinfo.ZoneInfo(zone)
        start = dt.datetime.combine(monday, dt.time(0), tzinfo=local)
        midnights = [
            dt.datetime.combine(monday + dt.timedelta(days=d), dt.time(0), tzinfo=local)
            for d in range(1, (today - monday).days + 1)
        ]
        count = event_store.meeting_days(conn, self.owner_id, start, midnights, now)
        return WeekCount(iso_week(monday), monday, count, goal)
