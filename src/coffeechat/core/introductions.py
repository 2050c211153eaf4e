"""Introductions: where each one offered stands, derived from the timelines.

A contact (the introducer) offers to introduce the user to a person; the offer is a row
written by `coffeechat intro add`. From then on its status follows the timelines:

- ``offered``: nothing since;
- ``asked``: an ``intro-request`` was logged on the introducer after the offer;
- ``made``: an ``introduced`` event was logged after the offer, on the introducer or on
  the person (the introduction e-mail went out);
- ``met``: the person reached ``met-up`` or beyond (the introduction turned into a
  conversation).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from coffeechat.core.model import PIPELINE, Event, EventKind, Stage

#: The statuses in order.
STATUSES = ("offered", "asked", "made", "met")

_MET = {s for s in PIPELINE if PIPELINE.index(s) >= PIPELINE.index(Stage.MET_UP)}


def introduction_status(
    offered_at: dt.datetime,
    introducer_events: Sequence[Event],
    person_events: Sequence[Event],
    person_stage: Stage,
) -> str:
    """The status of one introduction offered at ``offered_at``."""
    if person_stage in _MET:
        return "met"
    after = [e for e in (*introducer_events, *person_events) if e.at >= offered_at]
    if any(e.kind is EventKind.INTRODUCED for e in after):
        return "made"
    if any(e.kind is EventKind.INTRO_REQUEST for e in introducer_events if e.at >= offered_at):
        return "asked"
    return "offered"


def contacted(person_events: Sequence[Event]) -> bool:
    """Whether the user has written to (or met) the person introduced."""
    reached = {EventKind.OUTREACH, EventKind.MEETING, EventKind.SCHEDULING_EMAIL}
    return any(e.kind in reached for e in person_events)
