"""A contact's stage, derived from its timeline; never stored twice.

Each logged event moves the contact forward along the pipeline to the stage that event
implies, never back (a late `outreach` logged for a contact already met stays `met-up`).
An explicit stage chosen by the user is itself a `stage` event: it sets the stage as of
its instant, and later events move on from there; a `stage` event with the value `auto`
withdraws the explicit choices before it. `no-reply` and `declined` stand beside
the pipeline; any later event that implies a stage brings the contact back into it.

An introduction offered to the user (``coffeechat intro add --to``) is not an event of
the person's timeline but a fact of its own: given as ``offered_at``, it moves the
person from `met` to `intro-offered` as of that instant (and, like an event, never
back). Until then nothing has happened with them; after it the next step is the
introduction, then the user's outreach.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from coffeechat.core.model import PIPELINE, Event, EventKind, Stage

#: The value of a `stage` event that returns the contact to its derived stage.
AUTO = "auto"

_POSITION = {stage: i for i, stage in enumerate(PIPELINE)}
# Off-pipeline stages count as "reached out" when deciding whether an event moves forward.
_POSITION[Stage.NO_REPLY] = _POSITION[Stage.REACHED_OUT]
_POSITION[Stage.DECLINED] = _POSITION[Stage.REACHED_OUT]

# Kinds that mean "after the conversation" once the contact has been met.
_AFTERCARE = {
    EventKind.THANK_YOU,
    EventKind.REPORT_BACK,
    EventKind.KEEP_IN_TOUCH,
    EventKind.INTRO_REQUEST,
    EventKind.INTRODUCED,
    EventKind.FOLLOW_UP,
}


@dataclass(frozen=True)
class StageState:
    """A derived stage and the instant the contact entered it (None: since it was added)."""

    stage: Stage
    since: dt.datetime | None


def _implied(kind: EventKind, at: dt.datetime, now: dt.datetime, current: Stage) -> Stage | None:
    if kind is EventKind.OUTREACH:
        return Stage.REACHED_OUT
    if kind is EventKind.REPLY:
        return Stage.AGREED
    if kind is EventKind.SCHEDULING_EMAIL:
        return Stage.SCHEDULING
    if kind is EventKind.MEETING:
        return Stage.SCHEDULED if at > now else Stage.MET_UP
    if kind is EventKind.RECAP:
        return Stage.RECAPPED
    if kind in _AFTERCARE:
        if _POSITION[current] >= _POSITION[Stage.MET_UP]:
            return Stage.FOLLOWING_UP
        if kind is EventKind.FOLLOW_UP:
            return Stage.REACHED_OUT
        return None
    return None  # notes change nothing


def _entered(event: Event, now: dt.datetime) -> dt.datetime:
    """When an event moved the contact: its instant, or when it was logged if that is later
    than now (a meeting logged for next week puts the contact in `scheduled` today)."""
    if event.at <= now or event.recorded_at is None:
        return event.at
    return min(event.recorded_at, now)


def derive_stage(
    events: Iterable[Event], now: dt.datetime, offered_at: dt.datetime | None = None
) -> StageState:
    """The stage a timeline leads to as of ``now`` (events after ``now`` still count);
    ``offered_at``: when an introduction to this person was first offered, if one was
    (an offer later than ``now`` has not happened yet)."""
    ordered = sorted(events, key=lambda e: (e.at, e.id))
    # "auto" withdraws every explicit choice made before it.
    autos = [i for i, e in enumerate(ordered) if e.kind is EventKind.STAGE and e.value == AUTO]
    if autos:
        ordered = [
            e for i, e in enumerate(ordered) if e.kind is not EventKind.STAGE or i > autos[-1]
        ]
    stage, since = Stage.MET, None
    steps: list[Event | None] = list(ordered)  # None: the introduction offered
    if offered_at is not None and offered_at <= now:  # before the events of its instant
        cut = next((i for i, e in enumerate(ordered) if e.at >= offered_at), len(ordered))
        steps.insert(cut, None)
    for event in steps:
        if event is None:  # the introduction offered
            assert offered_at is not None
            off_pipeline = stage in (Stage.NO_REPLY, Stage.DECLINED)
            if off_pipeline or _POSITION[stage] < _POSITION[Stage.INTRO_OFFERED]:
                stage, since = Stage.INTRO_OFFERED, offered_at
            continue
        if event.kind is EventKind.STAGE and event.value:
            new: Stage | None = Stage(event.value)
        else:
            new = _implied(event.kind, event.at, now, stage)
            off_pipeline = stage in (Stage.NO_REPLY, Stage.DECLINED)
            if new is not None and not off_pipeline and _POSITION[new] <= _POSITION[stage]:
                new = None
            if new is not None and off_pipeline and event.kind is EventKind.FOLLOW_UP:
                new = None  # chasing someone marked no-reply does not un-mark them
        if new is not None and (new is not stage or event.kind is EventKind.STAGE):
            stage, since = new, _entered(event, now)
    return StageState(stage, since)
