"""A contact's stage is derived from its timeline (core, pure: no database)."""

import datetime as dt

import pytest

from coffeechat.core.model import Event, EventKind, Stage
from coffeechat.core.stages import derive_stage

NOW = dt.datetime(2026, 11, 27, 14, 0, tzinfo=dt.UTC)


def timeline(*entries):
    """Events from (days before NOW, kind[, value]) tuples."""
    events = []
    for i, entry in enumerate(entries, start=1):
        days, kind, *value = entry
        at = NOW - dt.timedelta(days=days)
        events.append(
            Event(i, 1, EventKind(kind), at, "America/New_York", value=value[0] if value else None)
        )
    return events


def stage_of(*entries):
    return derive_stage(timeline(*entries), NOW).stage.value


def test_a_new_contact_is_met():
    state = derive_stage([], NOW)
    assert (state.stage, state.since) == (Stage.MET, None)


@pytest.mark.parametrize(
    ("entries", "stage"),
    [
        ([(5, "outreach")], "reached-out"),
        ([(5, "outreach"), (4, "reply")], "agreed"),
        ([(5, "outreach"), (4, "reply"), (3, "scheduling-email")], "scheduling"),
        ([(5, "outreach"), (4, "reply"), (-2, "meeting")], "scheduled"),
        ([(5, "outreach"), (4, "reply"), (1, "meeting")], "met-up"),
        ([(5, "outreach"), (1, "meeting"), (0.5, "thank-you")], "following-up"),
        ([(9, "meeting"), (3, "report-back")], "following-up"),
        ([(9, "meeting"), (3, "keep-in-touch")], "following-up"),
        ([(9, "meeting"), (3, "intro-request")], "following-up"),
        ([(9, "meeting"), (3, "introduced")], "following-up"),
        ([(9, "meeting"), (3, "follow-up")], "following-up"),
        # a follow-up to an unanswered outreach keeps the contact reached-out
        ([(9, "outreach"), (2, "follow-up")], "reached-out"),
        ([(2, "follow-up")], "reached-out"),
        # aftercare before any meeting changes nothing
        ([(5, "outreach"), (3, "thank-you")], "reached-out"),
        ([(3, "note")], "met"),
        ([(5, "outreach"), (3, "note")], "reached-out"),
    ],
)
def test_each_event_moves_the_contact_along(entries, stage):
    assert stage_of(*entries) == stage


def test_events_never_move_a_contact_back():
    assert stage_of((9, "meeting"), (3, "outreach")) == "met-up"
    assert stage_of((9, "outreach"), (8, "reply"), (7, "scheduling-email"), (6, "reply")) == (
        "scheduling"
    )


def test_order_is_by_instant_not_by_logging_order():
    events = timeline((1, "meeting"), (5, "outreach"))  # logged late, happened first
    assert derive_stage(events, NOW).stage is Stage.MET_UP


def test_a_scheduled_meeting_becomes_met_up_once_its_time_has_passed():
    events = timeline((5, "outreach"), (-2, "meeting"))
    assert derive_stage(events, NOW).stage is Stage.SCHEDULED
    assert derive_stage(events, NOW + dt.timedelta(days=3)).stage is Stage.MET_UP


def test_scheduled_since_is_when_it_was_logged_not_the_future_meeting():
    logged = NOW - dt.timedelta(hours=3)
    meeting = Event(1, 1, EventKind.MEETING, NOW + dt.timedelta(days=2), "UTC", recorded_at=logged)
    state = derive_stage([meeting], NOW)
    assert (state.stage, state.since) == (Stage.SCHEDULED, logged)


def test_explicit_stage_sets_the_stage_and_later_events_move_on():
    assert stage_of((5, "outreach"), (2, "stage", "no-reply")) == "no-reply"
    assert stage_of((5, "outreach"), (2, "stage", "no-reply"), (1, "reply")) == "agreed"
    assert stage_of((5, "outreach"), (3, "stage", "declined")) == "declined"
    # chasing someone marked no-reply does not un-mark them
    assert stage_of((9, "outreach"), (3, "stage", "no-reply"), (1, "follow-up")) == "no-reply"
    # an explicit stage may move a contact back
    assert stage_of((9, "meeting"), (1, "stage", "agreed")) == "agreed"


def test_auto_returns_to_the_derived_stage():
    assert stage_of((5, "outreach"), (3, "stage", "declined"), (2, "stage", "auto")) == (
        "reached-out"
    )
    assert stage_of((5, "outreach"), (3, "stage", "auto")) == "reached-out"


def test_since_is_when_the_contact_entered_its_stage():
    events = timeline((5, "outreach"), (4, "note"), (3, "follow-up"))
    state = derive_stage(events, NOW)
    assert state.stage is Stage.REACHED_OUT
    assert state.since == NOW - dt.timedelta(days=5)
