"""A cohort's numbers out: the JSON documents of ``/api/v1/cohorts`` and its dashboard,
and the CSV report (docs/team.md lists its columns). Every text cell of the CSV that a
spreadsheet would read as a formula (= + - @, or a tab or carriage return first) is
given a leading apostrophe."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from coffeechat.core.cohorts import Left, SeekerRow, WeekNumbers
from coffeechat.formats.jsonout import instant

#: The CSV's columns, in order (a public contract: docs/team.md).
COLUMNS = (
    "cohort",
    "email",
    "name",
    "status",
    "week",
    "monday",
    "outreach",
    "replies",
    "conversations",
    "goal",
    "goal_met",
    "recaps_submitted",
    "overdue_follow_ups",
    "last_active",
    "needs_attention",
)

_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def neutral(value: object) -> object:
    """A cell as written: text that a spreadsheet would run as a formula is prefixed
    with an apostrophe (numbers are left as they are)."""
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value


def week_document(week: WeekNumbers) -> dict[str, Any]:
    """One week of a seeker."""
    return {
        "week": week.week,
        "monday": week.monday.isoformat(),
        "outreach": week.outreach,
        "replies": week.replies,
        "conversations": week.conversations,
        "goal": week.goal,
        "goal_met": week.met_goal,
        "recaps_submitted": week.recaps,
    }


def seeker_document(row: SeekerRow) -> dict[str, Any]:
    """A seeker's row of the dashboard."""
    return {
        "email": row.email,
        "name": row.name,
        "timezone": row.zone,
        "week": week_document(row.week),
        "previous_weeks": [week_document(w) for w in row.previous],
        "overdue_follow_ups": row.overdue,
        "recaps_waiting": row.waiting,
        "last_active": instant(row.last_active, row.zone),
        "needs_attention": [{"id": a.id, "message": a.message} for a in row.needs_attention],
        "account_closed": row.closed,
    }


def left_document(left: Left) -> dict[str, Any]:
    """A seeker who left the cohort keeping their submissions there: their numbers as
    they stood when they left (``weeks`` from joining to leaving, oldest first; empty,
    and the rest null, for one who left before these were kept)."""
    return {
        "email": left.email,
        "name": left.name,
        "recaps_submitted": left.recaps,
        "timezone": left.zone if left.weeks else None,
        "left_at": instant(left.left_at, left.zone),
        "weeks": [week_document(w) for w in left.oldest_first],
        "overdue_follow_ups": left.overdue,
        "last_active": instant(left.last_active, left.zone),
    }


def cohort_document(cohort: Any, *, code: bool) -> dict[str, Any]:
    """A cohort as ``/api/v1/cohorts`` lists it (``code``: with its invite code)."""
    return {
        "id": cohort.id,
        "name": cohort.name,
        "weekly_goal": cohort.weekly_goal,
        "coach": {"email": cohort.coach_email, "name": cohort.coach_name},
        "members": cohort.members,
        "created_at": cohort.created_at.isoformat(),
        "invite_code": cohort.invite_code if code else None,
        "membership": cohort.membership,
    }


def dashboard_document(
    cohort: Any, rows: Sequence[SeekerRow], left: Sequence[Left]
) -> dict[str, Any]:
    """``GET /api/v1/cohorts/{id}/dashboard``."""
    return {
        "cohort": cohort_document(cohort, code=True),
        "seekers": [seeker_document(r) for r in rows],
        "left": [left_document(x) for x in left],
    }


def _week_line(
    cohort: str, who: Any, status: str, week: Any, overdue: object, active: str, attention: str
) -> list[object]:
    """One line of the report: a seeker's week (``who`` a SeekerRow or a Left), its
    cells neutralised for spreadsheets."""
    return [
        neutral(v)
        for v in (
            cohort,
            who.email,
            who.name,
            status,
            week.week,
            week.monday.isoformat(),
            week.outreach,
            week.replies,
            week.conversations,
            week.goal,
            "yes" if week.met_goal else "no",
            week.recaps,
            overdue,
            active,
            attention,
        )
    ]


def csv_text(name: str, rows: Sequence[SeekerRow], left: Sequence[Left]) -> str:
    """The report: a line per active seeker per week (oldest week first), then a line
    per week from joining to leaving of each seeker who left (status ``inactive``: the
    numbers as they stood when they left; one line with only their recaps submitted,
    all told, for one who left before these were kept)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        attention = " ".join(a.id for a in row.needs_attention)
        active = instant(row.last_active, row.zone) or ""
        for week in reversed(row.weeks):
            writer.writerow(_week_line(name, row, "active", week, row.overdue, active, attention))
    for x in left:
        late = "" if x.overdue is None else x.overdue
        then = instant(x.last_active, x.zone) or ""
        for week in x.oldest_first:
            writer.writerow(_week_line(name, x, "inactive", week, late, then, ""))
        if x.weeks:
            continue
        writer.writerow(
            neutral(v)
            for v in (
                name,
                x.email,
                x.name,
                "inactive",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                x.recaps,
                "",
                "",
                "",
            )
        )
    return out.getvalue()
