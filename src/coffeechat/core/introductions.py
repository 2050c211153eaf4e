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
from collections.abc import Iterable, Sequence

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


def cycle_made(edges: Iterable[tuple[int, int]], frm: int, to: int) -> list[int] | None:
    """The cycle that a new introduction ``frm`` → ``to`` would close, as the ids along it
    (``[frm, to, ..., frm]``), or None when it closes none.

    ``edges`` are the introductions already known, (introducer, person introduced): each
    contact's ``introduced_by`` and each offer recorded. Who introduced whom runs one
    way: A introduced B and B introduced A (or any longer loop) is a mistake.
    """
    if frm == to:
        return [frm, frm]
    onward: dict[int, list[int]] = {}
    for a, b in edges:
        onward.setdefault(a, []).append(b)
    came_from: dict[int, int] = {to: to}
    frontier = [to]
    while frontier:  # breadth first from ``to``: does it lead back to ``frm``?
        later: list[int] = []
        for node in frontier:
            for nxt in onward.get(node, ()):
                if nxt in came_from:
                    continue
                came_from[nxt] = node
                if nxt == frm:
                    path = [frm]
                    while path[-1] != to:
                        path.append(came_from[path[-1]])
                    return [frm, *reversed(path)]
                later.append(nxt)
        frontier = later
    return None
