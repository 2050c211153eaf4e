"""Follow-up rules (core.followups): 3B7, scheduling, aftercare, introductions, promises,
keep-in-touch, dismiss/snooze, the agenda, and a realistic three-month timeline."""

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import pytest

from coffeechat.core.followups import (
    KINDS,
    ContactHistory,
    ConversationFacts,
    FollowUp,
    IntroFacts,
    ItemState,
    PromiseFacts,
    add_months,
    agenda,
    follow_ups,
    no_reply_at,
    overdue_days,
    responsiveness,
)
from coffeechat.core.model import Event, EventKind

NY = "America/New_York"
LONDON = "Europe/London"
AUCKLAND = "Pacific/Auckland"
# Listed by hand: the core never imports `holidays`.
US = frozenset(
    {
        dt.date(2026, 11, 26),
        dt.date(2026, 12, 25),
        dt.date(2027, 1, 1),
        dt.date(2027, 1, 18),
        dt.date(2027, 2, 15),
    }
)
UK = frozenset(
    {dt.date(2026, 12, 25), dt.date(2026, 12, 26), dt.date(2026, 12, 28), dt.date(2027, 1, 1)}
)
NZ = frozenset(
    {
        dt.date(2026, 12, 25),
        dt.date(2026, 12, 26),
        dt.date(2026, 12, 28),
        dt.date(2027, 1, 1),
        dt.date(2027, 1, 2),
        dt.date(2027, 1, 4),
        dt.date(2027, 2, 6),
        dt.date(2027, 2, 8),
    }
)
CID = 12


def at(*args, zone=NY):
    """An instant given as wall-clock time in ``zone``."""
    return dt.datetime(*args, tzinfo=ZoneInfo(zone))


def d(text):
    return dt.date.fromisoformat(text)


def ev(id_, kind, when, *, value=None, recorded=None, contact=CID):
    return Event(id_, contact, EventKind(kind), when, NY, value=value, recorded_at=recorded)


def hist(*events, **kw):
    values = {
        "contact_id": CID,
        "name": "Ada Park",
        "zone": NY,
        "holidays": US,
        "user_zone": NY,
        "events": tuple(events),
    }
    values.update(kw)
    return ContactHistory(**values)


def items(history, now):
    return [(i.kind, i.due.isoformat()) for i in follow_ups(history, now)]


def only(history, now, kind):
    found = [i for i in follow_ups(history, now) if i.kind == kind]
    assert len(found) == 1, found
    return found[0]


def none_of(history, now, kind):
    return not [i for i in follow_ups(history, now) if i.kind == kind]


OUTREACH = ev(1, "outreach", at(2026, 11, 30, 10))  # Mon morning, New York


# --- 3B7: second contact and follow-up ---------------------------------------------------


def test_an_outreach_without_reply_gives_a_second_contact_and_a_follow_up():
    h = hist(OUTREACH, peer="Ben Ortiz", peer_id=13)
    now = at(2026, 11, 30, 11)
    assert items(h, now) == [("second-contact", "2026-12-03"), ("follow-up", "2026-12-09")]
    second = only(h, now, "second-contact")
    assert second.item == "12:second-contact:outreach-1"
    assert second.suggested_command == "coffeechat draft second-contact 13"  # to Ben
    assert second.reason == (
        "No reply to your outreach of Mon 30 Nov: write to Ben Ortiz at the same company"
    )
    follow = only(h, now, "follow-up")
    assert follow.item == "12:follow-up:outreach-1"
    assert follow.suggested_command == "coffeechat draft follow-up 12"
    assert follow.reason == (
        "No reply to your outreach of Mon 30 Nov: one follow-up is due 7 business days later"
    )
    assert (follow.contact_id, follow.contact_name) == (CID, "Ada Park")


def test_no_second_contact_without_a_peer():
    assert items(hist(OUTREACH), at(2026, 11, 30, 11)) == [("follow-up", "2026-12-09")]


def test_the_day_before_due_the_items_are_still_listed():
    h = hist(OUTREACH, peer="Ben Ortiz")
    assert items(h, at(2026, 12, 2, 23, 59)) == [
        ("second-contact", "2026-12-03"),
        ("follow-up", "2026-12-09"),
    ]
    assert items(h, at(2026, 12, 20)) == [
        ("second-contact", "2026-12-03"),
        ("follow-up", "2026-12-09"),
    ]


def test_a_target_company_peer_suggests_adding_someone():
    h = hist(OUTREACH, peer="target", company="Acme & Co")
    item = only(h, at(2026, 12, 1), "second-contact")
    assert item.suggested_command == 'coffeechat contact add NAME --company "Acme & Co"'
    assert "find a second person at Acme & Co" in item.reason
    bare = only(hist(OUTREACH, peer="target"), at(2026, 12, 1), "second-contact")
    assert bare.suggested_command == "coffeechat contact add NAME"


def test_names_are_quoted_for_the_shell():
    h = hist(OUTREACH, peer='Jo "JJ" O$ullivan')
    cmd = only(h, at(2026, 12, 1), "second-contact").suggested_command
    assert cmd == 'coffeechat draft second-contact "Jo \\"JJ\\" O\\$ullivan"'


@pytest.mark.parametrize(
    ("sent", "second", "follow"),
    [
        (at(2026, 11, 30, 11, 59, 59), "2026-12-03", "2026-12-09"),  # morning: counts Mon
        (at(2026, 11, 30, 12), "2026-12-04", "2026-12-10"),  # noon exactly: counts Tue
        (at(2026, 11, 25, 9), "2026-12-01", "2026-12-07"),  # Thanksgiving skipped
        (at(2026, 12, 5, 10), "2026-12-10", "2026-12-16"),  # Saturday: counts Mon
        (at(2026, 12, 21, 9), "2026-12-24", "2026-12-31"),  # Christmas skipped
        (at(2027, 1, 14, 15), "2027-01-21", "2027-01-27"),  # counts Fri; MLK day skipped
    ],
)
def test_rhythm_boundaries(sent, second, follow):
    h = hist(ev(1, "outreach", sent), peer="Ben Ortiz")
    assert items(h, sent + dt.timedelta(minutes=1)) == [
        ("second-contact", second),
        ("follow-up", follow),
    ]


def test_rhythm_in_the_spring_forward_week():
    # clocks change Sun 8 Mar 2026 in New York; a weekend message counts from Monday
    for sent in (at(2026, 3, 7, 10), at(2026, 3, 8, 10)):
        h = hist(ev(1, "outreach", sent), holidays=frozenset(), peer="Ben Ortiz")
        assert items(h, at(2026, 3, 8, 11)) == [
            ("second-contact", "2026-03-12"),
            ("follow-up", "2026-03-18"),
        ]


def test_business_days_are_counted_on_the_contacts_clock():
    # Fri 23 Oct 2026 10:00 in New York is 15:00 in London: counts from Mon 26 there,
    # the week the clocks change; the dates are used as they are.
    sent = ev(1, "outreach", at(2026, 10, 23, 10))
    h = hist(sent, zone=LONDON, holidays=frozenset(), peer="Ben Ortiz")
    assert items(h, at(2026, 10, 23, 11)) == [
        ("second-contact", "2026-10-29"),
        ("follow-up", "2026-11-04"),
    ]
    # the same message read in New York counts from Friday
    h = hist(sent, holidays=frozenset(), peer="Ben Ortiz")
    assert items(h, at(2026, 10, 23, 11)) == [
        ("second-contact", "2026-10-28"),
        ("follow-up", "2026-11-03"),
    ]


def test_across_the_date_line_the_contacts_day_counts():
    # Thu 3 Dec 15:00 in New York is Fri 4 Dec 09:00 in Auckland (morning there)
    sent = ev(1, "outreach", at(2026, 12, 3, 15))
    h = hist(sent, zone=AUCKLAND, holidays=frozenset(), peer="Ben Ortiz")
    assert items(h, at(2026, 12, 3, 16)) == [
        ("second-contact", "2026-12-09"),
        ("follow-up", "2026-12-15"),
    ]
    # ... and Thu 3 Dec 09:00 in Pago Pago (a day behind): counts from Thursday
    pago = hist(
        ev(1, "outreach", at(2026, 12, 3, 15)),
        zone="Pacific/Pago_Pago",
        holidays=frozenset(),
        peer="Ben Ortiz",
    )
    assert items(pago, at(2026, 12, 3, 16)) == [
        ("second-contact", "2026-12-08"),
        ("follow-up", "2026-12-14"),
    ]


def test_a_reply_ends_the_rhythm():
    h = hist(OUTREACH, ev(2, "reply", at(2026, 12, 8, 9)), peer="Ben Ortiz")
    assert [k for k, _ in items(h, at(2026, 12, 8, 10))] == ["schedule"]


def test_a_reply_logged_later_than_now_does_not_count_yet():
    h = hist(OUTREACH, ev(2, "reply", at(2026, 12, 8, 9)), peer="Ben Ortiz")
    assert [k for k, _ in items(h, at(2026, 12, 8, 8))] == ["second-contact", "follow-up"]


def test_the_follow_up_sent_ends_both_items():
    h = hist(OUTREACH, ev(2, "follow-up", at(2026, 12, 9, 9)), peer="Ben Ortiz")
    assert items(h, at(2026, 12, 9, 10)) == []
    # an early follow-up (before the second-contact is due) ends both as well
    h = hist(OUTREACH, ev(2, "follow-up", at(2026, 12, 1, 9)), peer="Ben Ortiz")
    assert items(h, at(2026, 12, 1, 10)) == []


def test_a_new_outreach_restarts_the_rhythm():
    h = hist(
        ev(1, "outreach", at(2026, 11, 2, 9)),
        ev(2, "follow-up", at(2026, 11, 11, 9)),
        ev(3, "outreach", at(2026, 12, 7, 9)),
    )
    follow = only(h, at(2026, 12, 7, 10), "follow-up")
    assert (follow.due, follow.item) == (d("2026-12-16"), "12:follow-up:outreach-3")


def test_contacts_already_met_or_declined_are_not_chased():
    declined = ev(2, "stage", at(2026, 12, 1, 9), value="declined")
    assert items(hist(OUTREACH, declined, peer="Ben"), at(2026, 12, 2)) == []
    gave_up = ev(2, "stage", at(2026, 12, 1, 9), value="no-reply")
    assert items(hist(OUTREACH, gave_up, peer="Ben"), at(2026, 12, 2)) == []


# --- no-reply and responsiveness ---------------------------------------------------------

FOLLOWED = (OUTREACH, ev(2, "follow-up", at(2026, 12, 9, 10)))  # Wed 9 Dec: counts Wed


def test_no_reply_seven_business_days_after_the_follow_up():
    h = hist(*FOLLOWED)
    assert no_reply_at(h, at(2026, 12, 17, 23, 59, 59)) is None
    assert no_reply_at(h, at(2026, 12, 18)) == at(2026, 12, 18)
    assert no_reply_at(h, at(2027, 2, 1)) == at(2026, 12, 18)
    assert items(h, at(2026, 12, 18)) == []


def test_no_reply_from_a_follow_up_sent_at_noon_counts_from_the_next_day():
    h = hist(OUTREACH, ev(2, "follow-up", at(2026, 12, 9, 12)))
    assert no_reply_at(h, at(2026, 12, 18, 12)) is None
    assert no_reply_at(h, at(2026, 12, 21)) == at(2026, 12, 21)


def test_no_reply_skips_christmas():
    h = hist(OUTREACH, ev(2, "follow-up", at(2026, 12, 18, 10)))
    assert no_reply_at(h, at(2026, 12, 29, 23)) is None
    assert no_reply_at(h, at(2026, 12, 30, 9)) == at(2026, 12, 30)


def test_no_reply_is_midnight_on_the_contacts_clock():
    h = hist(*FOLLOWED, zone=LONDON, holidays=UK)
    # Wed 9 Dec 10:00 in New York is 15:00 in London: counts from Thu 10, so Fri 18 + 1
    # business day = Mon 21 Dec, 00:00 London = Sun 20 Dec 19:00 in New York
    assert no_reply_at(h, at(2026, 12, 20, 18, 59)) is None
    assert no_reply_at(h, at(2026, 12, 20, 19)) == at(2026, 12, 21, zone=LONDON)


def test_a_late_answer_undoes_no_reply():
    h = hist(*FOLLOWED, ev(3, "reply", at(2027, 1, 5, 9)))
    assert no_reply_at(h, at(2026, 12, 20)) == at(2026, 12, 18)
    assert responsiveness(h, at(2026, 12, 20)) == "curmudgeon"
    assert no_reply_at(h, at(2027, 1, 5, 10)) is None
    assert responsiveness(h, at(2027, 1, 5, 10)) == "obligate"


def test_no_follow_up_means_no_no_reply():
    h = hist(OUTREACH)
    assert no_reply_at(h, at(2027, 3, 1)) is None
    assert responsiveness(h, at(2027, 3, 1)) is None


def test_responsiveness_values():
    now = at(2027, 1, 10)
    assert responsiveness(hist(), now) is None
    assert responsiveness(hist(OUTREACH), at(2026, 12, 1)) is None
    # the third business day is Thu 3 Dec: a reply any time that day is a booster's
    booster = hist(OUTREACH, ev(2, "reply", at(2026, 12, 3, 23, 59)))
    assert responsiveness(booster, now) == "booster"
    obligate = hist(OUTREACH, ev(2, "reply", at(2026, 12, 4, 0, 0)))
    assert responsiveness(obligate, now) == "obligate"
    assert responsiveness(hist(*FOLLOWED), now) == "curmudgeon"
    assert responsiveness(hist(*FOLLOWED), at(2026, 12, 17)) is None


def test_responsiveness_on_the_contacts_clock():
    # reply Thu 3 Dec 20:00 in New York = Fri 4 Dec 14:00 in Auckland: after their third
    # business day (sent Mon 30 Nov 10:00 NY = Tue 1 Dec 04:00 Auckland: Tue..Fri 4)
    h = hist(OUTREACH, ev(2, "reply", at(2026, 12, 3, 20)), zone=AUCKLAND, holidays=NZ)
    assert responsiveness(h, at(2026, 12, 5)) == "booster"
    late = hist(OUTREACH, ev(2, "reply", at(2026, 12, 4, 7)), zone=AUCKLAND, holidays=NZ)
    assert responsiveness(late, at(2026, 12, 5)) == "obligate"  # Sat 5 Dec 01:00 there


def test_a_scheduling_email_or_meeting_counts_as_an_answer():
    h = hist(OUTREACH, ev(2, "scheduling-email", at(2026, 12, 1, 9)))
    assert responsiveness(h, at(2026, 12, 2)) == "booster"
    assert none_of(h, at(2026, 12, 2), "follow-up")


# --- schedule ----------------------------------------------------------------------------


def test_schedule_two_days_after_an_obligates_reply():
    h = hist(OUTREACH, ev(2, "reply", at(2026, 12, 4, 9)))  # Fri: after the 3rd business day
    item = only(h, at(2026, 12, 4, 10), "schedule")
    assert item.due == d("2026-12-06")  # calendar days
    assert item.item == "12:schedule:reply-2"
    assert item.suggested_command == "coffeechat draft scheduling 12"
    assert item.reason == "Ada Park agreed to talk on Fri 4 Dec: send three times to choose from"


def test_schedule_the_day_after_a_boosters_reply_until_answered():
    reply = ev(2, "reply", at(2026, 12, 1, 14))
    h = hist(OUTREACH, reply)
    item = only(h, at(2026, 12, 1, 15), "schedule")
    assert item.due == d("2026-12-02")
    assert "within 24 hours" in item.reason
    answered = hist(OUTREACH, reply, ev(3, "scheduling-email", at(2026, 12, 1, 20)))
    item = only(answered, at(2026, 12, 1, 21), "schedule")
    assert (item.due, item.item) == (d("2026-12-03"), "12:schedule:reply-2")
    assert "no time is confirmed yet" in item.reason


@pytest.mark.parametrize(
    ("reply", "due"),
    [
        (at(2026, 12, 3, 23, 59), "2026-12-04"),  # last minute of the 3rd business day
        (at(2026, 12, 4, 0, 0), "2026-12-06"),  # the 4th: an obligate, two days
    ],
)
def test_the_booster_boundary_for_schedule(reply, due):
    h = hist(OUTREACH, ev(2, "reply", reply))
    assert only(h, reply + dt.timedelta(minutes=1), "schedule").due == d(due)


def test_schedule_uses_the_users_day():
    # reply Tue 1 Dec 23:30 in New York is Wed 2 Dec in London (the user's zone)
    h = hist(ev(2, "reply", at(2026, 12, 1, 23, 30)), user_zone=LONDON)
    assert only(h, at(2026, 12, 2, 0), "schedule").due == d("2026-12-04")


def test_a_confirmed_time_ends_schedule_and_asks_to_confirm():
    conv = ConversationFacts(7, "scheduled", at(2026, 12, 10, 12, 30), at(2026, 12, 10, 13), NY,
                             recapped=False)  # fmt: skip
    h = hist(OUTREACH, ev(2, "reply", at(2026, 12, 4, 9)), conversations=(conv,))
    assert items(h, at(2026, 12, 5)) == [("confirm", "2026-12-09")]


def test_a_meeting_logged_ahead_ends_schedule():
    meeting = ev(3, "meeting", at(2026, 12, 10, 12), recorded=at(2026, 12, 5, 9))
    h = hist(OUTREACH, ev(2, "reply", at(2026, 12, 4, 9)), meeting)
    assert items(h, at(2026, 12, 5, 10)) == [("confirm", "2026-12-09")]
    # before it was written down, it was not known
    assert [k for k, _ in items(h, at(2026, 12, 5, 8))] == ["schedule"]


def test_options_all_passed_asks_for_new_ones():
    h = hist(
        OUTREACH,
        ev(2, "reply", at(2026, 12, 4, 9)),
        ev(3, "scheduling-email", at(2026, 12, 4, 11)),
        options_all_passed_at=at(2026, 12, 9, 17, 30),
    )
    item = only(h, at(2026, 12, 10), "schedule")
    assert item.due == d("2026-12-09")
    assert item.item == "12:schedule:options-20261209T2230Z"
    assert item.suggested_command == "coffeechat schedule propose 12"
    assert "passed unconfirmed on Wed 9 Dec" in item.reason
    # not before they have passed
    assert only(h, at(2026, 12, 9, 17), "schedule").due == d("2026-12-06")


# --- confirm -----------------------------------------------------------------------------


def scheduled(start, end=None, zone=NY, id_=7, status="scheduled", recapped=False):
    end = end or start + dt.timedelta(minutes=30)
    return ConversationFacts(id_, status, start, end, zone, recapped)


def test_confirm_the_day_before_on_the_contacts_clock():
    conv = scheduled(at(2026, 12, 10, 12, 30))
    h = hist(conversations=(conv,))
    item = only(h, at(2026, 12, 1), "confirm")
    assert item.due == d("2026-12-09")
    assert item.item == "12:confirm:conversation-7-2026-12-10"
    assert item.suggested_command == "coffeechat draft confirm 12"
    assert "Thu 10 Dec 12:30 (America/New_York)" in item.reason
    assert only(h, at(2026, 12, 10, 12, 29), "confirm").due == d("2026-12-09")
    assert none_of(h, at(2026, 12, 10, 12, 30), "confirm")  # it has started


@pytest.mark.parametrize(
    ("kind", "when", "done"),
    [
        ("note", at(2026, 12, 8, 0, 0), True),  # from the day before the confirm day
        ("note", at(2026, 12, 7, 23, 59), False),  # too early
        ("scheduling-email", at(2026, 12, 9, 18), True),
        ("follow-up", at(2026, 12, 10, 9), True),  # the same morning, before the start
        ("thank-you", at(2026, 12, 9, 9), False),  # not a confirmation
    ],
)
def test_confirm_done_by_a_message_near_the_start(kind, when, done):
    h = hist(ev(5, kind, when), conversations=(scheduled(at(2026, 12, 10, 12, 30)),))
    assert none_of(h, at(2026, 12, 10, 12), "confirm") is done


def test_confirm_on_the_contacts_clock_across_the_date_line():
    # Tue 19 Jan 08:00 in Auckland is Mon 18 Jan 14:00 in New York
    conv = scheduled(at(2027, 1, 19, 8, zone=AUCKLAND), zone=AUCKLAND)
    h = hist(conversations=(conv,), zone=AUCKLAND, holidays=NZ)
    assert only(h, at(2027, 1, 10), "confirm").due == d("2027-01-18")
    # Sun 17 Jan 18:00 in New York is Mon 18 Jan noon in Auckland: in the window
    confirmed = hist(ev(5, "note", at(2027, 1, 17, 18)), conversations=(conv,), zone=AUCKLAND)
    assert none_of(confirmed, at(2027, 1, 18), "confirm")
    # Sat 16 Jan 09:00 New York is Sun 17 Jan 03:00 there: also in the window (from the 17th)
    early = hist(ev(5, "note", at(2027, 1, 16, 9)), conversations=(conv,), zone=AUCKLAND)
    assert none_of(early, at(2027, 1, 18), "confirm")
    too_early = hist(ev(5, "note", at(2027, 1, 15, 9)), conversations=(conv,), zone=AUCKLAND)
    assert only(too_early, at(2027, 1, 18), "confirm").due == d("2027-01-18")


def test_confirm_in_a_dst_week():
    # Mon 9 Mar 2026 09:00 New York, the day after clocks spring forward
    h = hist(conversations=(scheduled(at(2026, 3, 9, 9)),))
    assert only(h, at(2026, 3, 1), "confirm").due == d("2026-03-08")
    # Mon 26 Oct 2026 09:00 London, the day after the autumn change
    london = hist(conversations=(scheduled(at(2026, 10, 26, 9, zone=LONDON), zone=LONDON),))
    assert only(london, at(2026, 10, 20), "confirm").due == d("2026-10-25")


def test_a_rescheduled_conversation_is_a_new_confirm_item():
    first = only(hist(conversations=(scheduled(at(2026, 12, 10, 12)),)), at(2026, 12, 1), "confirm")
    moved = only(hist(conversations=(scheduled(at(2026, 12, 14, 12)),)), at(2026, 12, 1), "confirm")
    assert first.item != moved.item


# --- recap, thank-you, report-back -------------------------------------------------------


def test_after_a_conversation_recap_thank_you_report_back_keep_in_touch():
    conv = scheduled(at(2026, 12, 10, 12, 30), at(2026, 12, 10, 13))
    h = hist(conversations=(conv,))
    assert items(h, at(2026, 12, 10, 12, 59)) == []  # under way
    now = at(2026, 12, 10, 13)
    assert items(h, now) == [
        ("recap", "2026-12-10"),
        ("thank-you", "2026-12-11"),
        ("report-back", "2026-12-17"),
        ("keep-in-touch", "2027-03-10"),
    ]
    by_kind = {i.kind: i for i in follow_ups(h, now)}
    assert by_kind["recap"].suggested_command == "coffeechat recap 12"
    assert by_kind["recap"].item == "12:recap:conversation-7"
    assert by_kind["thank-you"].suggested_command == "coffeechat draft thank-you 12"
    assert by_kind["report-back"].suggested_command == "coffeechat draft report-back 12"
    assert by_kind["keep-in-touch"].suggested_command == "coffeechat draft keep-in-touch 12"


def test_a_held_conversation_counts_from_its_status():
    conv = scheduled(at(2026, 12, 10, 12, 30), status="held")
    assert [k for k, _ in items(hist(conversations=(conv,)), at(2026, 12, 10, 12, 31))] == [
        "recap",
        "thank-you",
        "report-back",
        "keep-in-touch",
    ]


def test_recap_done_by_the_flag_or_a_recap_event():
    conv = scheduled(at(2026, 12, 10, 12, 30))
    assert none_of(hist(conversations=(replace_recapped(conv),)), at(2026, 12, 11), "recap")
    recap = ev(9, "recap", at(2026, 12, 10, 15), value="7")
    assert none_of(hist(recap, conversations=(conv,)), at(2026, 12, 11), "recap")
    other = ev(9, "recap", at(2026, 12, 10, 15), value="8")
    assert not none_of(hist(other, conversations=(conv,)), at(2026, 12, 11), "recap")


def replace_recapped(conv):
    return ConversationFacts(conv.id, conv.status, conv.start, conv.end, conv.zone, True)


def test_thank_you_within_24_hours_in_the_users_zone():
    conv = scheduled(at(2026, 12, 10, 23, 0), at(2026, 12, 10, 23, 30))
    assert only(hist(conversations=(conv,)), at(2026, 12, 11), "thank-you").due == d("2026-12-11")
    london = hist(conversations=(conv,), user_zone=LONDON)  # ends 04:30 on the 11th there
    assert only(london, at(2026, 12, 11), "thank-you").due == d("2026-12-12")
    assert only(london, at(2026, 12, 11), "recap").due == d("2026-12-11")


@pytest.mark.parametrize(
    ("when", "done"),
    [(at(2026, 12, 10, 12), False), (at(2026, 12, 10, 14), True), (at(2026, 12, 20), True)],
)
def test_thank_you_done_by_a_thank_you_after_the_start(when, done):
    conv = scheduled(at(2026, 12, 10, 12, 30))
    h = hist(ev(5, "thank-you", when), conversations=(conv,))
    assert none_of(h, at(2026, 12, 21), "thank-you") is done


def test_report_back_done_by_a_report_back():
    conv = scheduled(at(2026, 12, 10, 12, 30))
    h = hist(ev(5, "report-back", at(2026, 12, 18, 9)), conversations=(conv,))
    assert none_of(h, at(2026, 12, 21), "report-back")
    assert only(hist(conversations=(conv,)), at(2026, 12, 16), "report-back").due == d("2026-12-17")


def test_a_second_conversation_needs_its_own_aftercare():
    one = scheduled(at(2026, 12, 10, 12), id_=7, recapped=True)
    two = scheduled(at(2027, 1, 20, 12), id_=8)
    h = hist(ev(5, "thank-you", at(2026, 12, 10, 15)), conversations=(one, two))
    now = at(2027, 1, 21)
    got = [(i.kind, i.item) for i in follow_ups(h, now) if i.kind in ("recap", "thank-you")]
    assert got == [
        ("recap", "12:recap:conversation-8"),
        ("thank-you", "12:thank-you:conversation-8"),
    ]
    recap = only(h, now, "recap")
    assert recap.suggested_command == "coffeechat recap 12 --conversation 8"


def test_a_meeting_without_a_conversation_stands_for_one():
    meeting = ev(5, "meeting", at(2026, 12, 10, 12))
    assert items(hist(meeting), at(2026, 12, 10, 13)) == [
        ("recap", "2026-12-10"),
        ("thank-you", "2026-12-11"),
        ("report-back", "2026-12-17"),
        ("keep-in-touch", "2027-03-10"),
    ]
    # a meeting that belongs to a conversation is not counted twice
    linked = ev(5, "meeting", at(2026, 12, 10, 12), value="7")
    h = hist(linked, conversations=(scheduled(at(2026, 12, 10, 12), status="held"),))
    assert len(follow_ups(h, at(2026, 12, 10, 13))) == 4


def test_open_conversations_and_undated_ones_give_nothing():
    open_ = ConversationFacts(7, "open", None, None, NY, False)
    held_undated = ConversationFacts(8, "held", None, None, NY, False)
    assert items(hist(conversations=(open_, held_undated)), at(2026, 12, 10)) == []


# --- introductions -----------------------------------------------------------------------


def intro(status, **kw):
    values = {
        "id": 3,
        "person_id": 40,
        "person_name": "Grace Kim",
        "offered_at": at(2026, 12, 10, 13),
        "status": status,
        "asked_at": None,
        "made_at": None,
        "contacted": False,
    }
    values.update(kw)
    return IntroFacts(**values)


def test_an_offered_introduction_is_asked_for_the_next_day():
    item = only(hist(intros=(intro("offered"),)), at(2026, 12, 10, 14), "introduction")
    assert (item.due, item.item) == (d("2026-12-11"), "12:introduction:intro-3-ask")
    assert item.reason == "Ask Ada Park for the introduction to Grace Kim offered on Thu 10 Dec"
    assert item.suggested_command == 'coffeechat draft intro-request 12 --to "Grace Kim"'


def test_an_asked_introduction_gets_a_reminder_a_week_later():
    asked = intro("asked", asked_at=at(2026, 12, 11, 9))
    item = only(hist(intros=(asked,)), at(2026, 12, 12), "introduction")
    assert (item.due, item.item) == (d("2026-12-18"), "12:introduction:intro-3-remind")
    assert "gentle reminder" in item.reason


def test_a_made_introduction_asks_to_write_to_the_person():
    made = intro("made", asked_at=at(2026, 12, 11, 9), made_at=at(2026, 12, 14, 8))
    item = only(hist(intros=(made,)), at(2026, 12, 14, 9), "introduction")
    assert (item.due, item.item) == (d("2026-12-15"), "12:introduction:intro-3-contact")
    assert item.suggested_command == "coffeechat draft outreach 40"
    assert item.reason == "Ada Park introduced you to Grace Kim on Mon 14 Dec: write to Grace Kim"
    contacted = intro("made", made_at=at(2026, 12, 14, 8), contacted=True)
    assert items(hist(intros=(contacted,)), at(2026, 12, 20)) == []
    assert items(hist(intros=(intro("met", contacted=True),)), at(2026, 12, 20)) == []


def test_an_introduction_offered_later_than_now_is_not_known():
    assert items(hist(intros=(intro("offered"),)), at(2026, 12, 10, 12)) == []


# --- promises ----------------------------------------------------------------------------


def test_dated_promises_not_kept_are_due_on_their_date():
    promises = (
        PromiseFacts(5, "Send my portfolio link", d("2026-12-11"), done=False),
        PromiseFacts(6, "Read the book", None, done=False),
        PromiseFacts(7, "Share the article", d("2026-12-09"), done=True),
    )
    h = hist(promises=promises)
    assert items(h, at(2026, 12, 10)) == [("promise", "2026-12-11")]
    item = only(h, at(2026, 12, 10), "promise")
    assert item.item == "12:promise:promise-5"
    assert item.reason == "You promised Ada Park: Send my portfolio link"
    assert item.suggested_command.endswith("; when kept: coffeechat promise done 5")


# --- keep in touch -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        ("2026-11-30", 3, "2027-02-28"),
        ("2027-01-31", 1, "2027-02-28"),
        ("2028-01-31", 1, "2028-02-29"),
        ("2026-12-31", 2, "2027-02-28"),
        ("2026-10-31", 4, "2027-02-28"),
        ("2026-12-15", 3, "2027-03-15"),
        ("2026-11-15", 14, "2028-01-15"),
        ("2026-05-31", 0, "2026-05-31"),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(d(day), months) == d(expected)


MET = ev(1, "meeting", at(2026, 11, 30, 12))


def test_keep_in_touch_every_three_months_from_the_last_contact():
    h = hist(MET, ev(2, "thank-you", at(2026, 11, 30, 20)), ev(3, "note", at(2026, 12, 20)))
    item = only(h, at(2026, 12, 21), "keep-in-touch")
    assert (item.due, item.item) == (d("2027-02-28"), "12:keep-in-touch:event-2")  # clamped
    reply = ev(4, "reply", at(2027, 1, 5, 9))  # any contact counts, notes do not
    assert only(hist(MET, reply), at(2027, 1, 6), "keep-in-touch").due == d("2027-04-05")


def test_keep_in_touch_months_is_per_contact_and_can_be_off():
    assert only(hist(MET, keep_in_touch_months=2), at(2026, 12, 1), "keep-in-touch").due == d(
        "2027-01-30"
    )
    assert none_of(hist(MET, keep_in_touch_months=0), at(2026, 12, 1), "keep-in-touch")


def test_no_keep_in_touch_before_meeting():
    h = hist(OUTREACH, ev(2, "reply", at(2026, 12, 1)))
    assert none_of(h, at(2026, 12, 2), "keep-in-touch")
    planned = ev(3, "meeting", at(2026, 12, 20), recorded=at(2026, 12, 1, 12))
    assert none_of(hist(OUTREACH, planned), at(2026, 12, 2), "keep-in-touch")


def test_at_most_three_keep_in_touch_a_year():
    touches = [
        ev(2, "keep-in-touch", at(2027, 3, 1, 10)),
        ev(3, "keep-in-touch", at(2027, 6, 1, 10)),
        ev(4, "keep-in-touch", at(2027, 9, 1, 10)),
    ]
    h = hist(ev(1, "meeting", at(2026, 12, 1, 12)), *touches)
    item = only(h, at(2027, 9, 2), "keep-in-touch")
    assert item.due == d("2028-02-29")  # 365 days after 1 Mar 2027 (not 1 Dec 2027)
    assert "at most 3 a year: not before Tue 29 Feb 2028" in item.reason
    # with two in the year, the usual three months
    two = hist(ev(1, "meeting", at(2026, 12, 1, 12)), *touches[1:])
    assert only(two, at(2027, 9, 2), "keep-in-touch").due == d("2027-12-01")
    # once the oldest of three is over a year old, the cap no longer bites
    old = [
        ev(2, "keep-in-touch", at(2026, 1, 10, 10)),
        ev(3, "keep-in-touch", at(2026, 4, 10, 10)),
        ev(4, "keep-in-touch", at(2026, 12, 1, 10)),
    ]
    h = hist(ev(1, "meeting", at(2025, 12, 1, 12)), *old)
    assert only(h, at(2026, 12, 2), "keep-in-touch").due == d("2027-03-01")


# --- dismiss and snooze ------------------------------------------------------------------


def test_dismissed_items_disappear():
    state = ItemState("12:second-contact:outreach-1", "dismiss", None)
    h = hist(OUTREACH, peer="Ben", states=(state,))
    assert items(h, at(2026, 12, 1)) == [("follow-up", "2026-12-09")]


def test_snoozed_items_move_to_the_later_date():
    later = ItemState("12:follow-up:outreach-1", "snooze", d("2026-12-14"))
    assert items(hist(OUTREACH, states=(later,)), at(2026, 12, 1)) == [("follow-up", "2026-12-14")]
    earlier = ItemState("12:follow-up:outreach-1", "snooze", d("2026-12-02"))
    assert items(hist(OUTREACH, states=(earlier,)), at(2026, 12, 1)) == [
        ("follow-up", "2026-12-09")
    ]


def test_the_last_decision_about_an_item_wins():
    item = "12:follow-up:outreach-1"
    states = (ItemState(item, "dismiss", None), ItemState(item, "snooze", d("2026-12-20")))
    assert items(hist(OUTREACH, states=states), at(2026, 12, 1)) == [("follow-up", "2026-12-20")]


def test_a_done_item_stays_gone_whatever_its_state():
    state = ItemState("12:follow-up:outreach-1", "snooze", d("2026-12-20"))
    h = hist(OUTREACH, ev(2, "follow-up", at(2026, 12, 9, 9)), states=(state,))
    assert none_of(h, at(2026, 12, 10), "follow-up")


# --- the agenda --------------------------------------------------------------------------


def fu(kind, due, name="Ada Park"):
    return FollowUp(1, name, kind, d(due), f"1:{kind}:{due}:{name}", "why", "cmd")


def test_agenda_orders_overdue_then_today_then_coming():
    today = d("2026-12-10")
    listed = [
        fu("keep-in-touch", "2026-12-20"),
        fu("promise", "2026-12-10"),
        fu("follow-up", "2026-12-08"),
        fu("recap", "2026-12-05"),
        fu("thank-you", "2026-12-12"),
        fu("schedule", "2026-12-10"),
        fu("report-back", "2026-12-18"),
    ]
    got = [(i.kind, i.due.isoformat()) for i in agenda(listed, today, 7)]
    assert got == [
        ("recap", "2026-12-05"),
        ("follow-up", "2026-12-08"),
        ("schedule", "2026-12-10"),
        ("promise", "2026-12-10"),
        ("thank-you", "2026-12-12"),
    ]
    today_only = [i.kind for i in agenda(listed, today, 0)]
    assert today_only == ["recap", "follow-up", "schedule", "promise"]


def test_agenda_ties_by_kind_then_contact_name():
    today = d("2026-12-10")
    listed = [fu("promise", "2026-12-09", "Zoe"), fu("promise", "2026-12-09", "Ada"),
              fu("confirm", "2026-12-09", "Max")]  # fmt: skip
    got = [(i.kind, i.contact_name) for i in agenda(listed, today, 7)]
    assert got == [("confirm", "Max"), ("promise", "Ada"), ("promise", "Zoe")]


def test_overdue_days():
    assert overdue_days(fu("recap", "2026-12-05"), d("2026-12-10")) == 5
    assert overdue_days(fu("recap", "2026-12-10"), d("2026-12-10")) == 0
    assert overdue_days(fu("recap", "2026-12-12"), d("2026-12-10")) == 0


def test_kinds_are_the_public_list():
    assert KINDS == (
        "second-contact", "follow-up", "schedule", "confirm", "recap", "thank-you",
        "introduction", "promise", "report-back", "keep-in-touch",
    )  # fmt: skip


def test_now_must_be_aware():
    with pytest.raises(ValueError, match="aware"):
        follow_ups(hist(OUTREACH), dt.datetime(2026, 12, 1))


def test_item_ids_are_unique_and_stable():
    conv = scheduled(at(2026, 12, 10, 12, 30), status="held")
    h = hist(
        OUTREACH,
        ev(2, "reply", at(2026, 12, 1, 9)),
        conversations=(conv,),
        intros=(intro("offered"),),
        promises=(PromiseFacts(5, "x", d("2026-12-20"), False),),
    )
    first = follow_ups(h, at(2026, 12, 11))
    assert len({i.item for i in first}) == len(first)
    assert follow_ups(h, at(2026, 12, 11)) == first
    assert all(i.item.startswith("12:") and len(i.item) <= 120 for i in first)


# --- a realistic three months ------------------------------------------------------------
#
# A job seeker in New York, eight contacts, from Mon 30 Nov 2026 to the end of Feb 2027.
# Everything the user logs is dated; the history of each contact is rebuilt "as known at"
# each checkpoint (a conversation exists once arranged, a promise once made, ...).


@dataclass
class Conv:
    id: int
    arranged: dt.datetime
    start: dt.datetime
    end: dt.datetime
    zone: str = NY
    recapped: dt.datetime | None = None


@dataclass
class Promise:
    id: int
    text: str
    due: dt.date | None
    made: dt.datetime
    kept: dt.datetime | None = None


@dataclass
class Intro:
    id: int
    person_id: int
    person: str
    offered: dt.datetime
    asked: dt.datetime | None = None
    made: dt.datetime | None = None
    contacted: dt.datetime | None = None
    met: dt.datetime | None = None


@dataclass
class Person:
    id: int
    name: str
    zone: str = NY
    holidays: frozenset = US
    events: list = field(default_factory=list)
    convs: list = field(default_factory=list)
    promises: list = field(default_factory=list)
    intros: list = field(default_factory=list)
    peer: str | None = None
    peer_id: int | None = None
    company: str | None = None
    options_passed: tuple | None = None  # (passed at, new options sent at)
    states: list = field(default_factory=list)  # (decided at, ItemState)

    def log(self, id_, kind, when, value=None, recorded=None):
        self.events.append(Event(id_, self.id, EventKind(kind), when, NY, value=value,
                                 recorded_at=recorded))  # fmt: skip

    def history(self, now):
        def happened(t):
            return t is not None and t <= now

        convs = tuple(
            ConversationFacts(
                c.id,
                "held" if c.end <= now else "scheduled",
                c.start,
                c.end,
                c.zone,
                happened(c.recapped),
            )
            for c in self.convs
            if c.arranged <= now
        )
        promises = tuple(
            PromiseFacts(p.id, p.text, p.due, happened(p.kept))
            for p in self.promises
            if p.made <= now
        )
        intros = []
        for i in self.intros:
            if i.offered > now:
                continue
            status = (
                "met" if happened(i.met) else "made" if happened(i.made)
                else "asked" if happened(i.asked) else "offered"
            )  # fmt: skip
            intros.append(
                IntroFacts(
                    i.id,
                    i.person_id,
                    i.person,
                    i.offered,
                    status,
                    i.asked,
                    i.made,
                    happened(i.contacted),
                )
            )
        passed = None
        if self.options_passed and self.options_passed[0] <= now < self.options_passed[1]:
            passed = self.options_passed[0]
        return ContactHistory(
            contact_id=self.id,
            name=self.name,
            zone=self.zone,
            holidays=self.holidays,
            user_zone=NY,
            events=tuple(e for e in self.events if (e.recorded_at or e.at) <= now),
            conversations=convs,
            options_all_passed_at=passed,
            promises=promises,
            intros=tuple(intros),
            peer=self.peer,
            peer_id=self.peer_id,
            states=tuple(s for t, s in self.states if t <= now),
            company=self.company,
        )


def three_months():
    """The eight contacts and everything the user logged about them."""
    ada = Person(1, "Ada Park", peer="Lee Chen", peer_id=13)  # a booster, the happy path
    ada.log(101, "outreach", at(2026, 11, 30, 9, 30))
    ada.log(102, "reply", at(2026, 12, 2, 11))
    ada.log(103, "scheduling-email", at(2026, 12, 2, 16))
    ada.convs.append(Conv(11, at(2026, 12, 3, 10), at(2026, 12, 8, 12, 30), at(2026, 12, 8, 13),
                          recapped=at(2026, 12, 8, 15)))  # fmt: skip
    ada.log(104, "note", at(2026, 12, 7, 10))  # the confirmation
    ada.log(105, "meeting", at(2026, 12, 8, 12, 30), "11", at(2026, 12, 8, 13, 5))
    ada.log(106, "recap", at(2026, 12, 8, 15), "11")
    ada.log(107, "thank-you", at(2026, 12, 8, 20))
    ada.promises.append(Promise(1101, "Send my portfolio link", d("2026-12-11"),
                                at(2026, 12, 8, 13), kept=at(2026, 12, 10, 9)))  # fmt: skip
    ada.intros.append(Intro(1201, 7, "Grace Kim", at(2026, 12, 8, 13), asked=at(2026, 12, 9, 9),
                            made=at(2026, 12, 14, 8), contacted=at(2026, 12, 15, 10),
                            met=at(2027, 1, 7, 12, 45)))  # fmt: skip
    ada.log(108, "intro-request", at(2026, 12, 9, 9))
    ada.log(109, "introduced", at(2026, 12, 14, 8))
    ada.log(110, "report-back", at(2026, 12, 18, 10))

    # Los Angeles, sent at noon their time; never answers
    ben = Person(2, "Ben Ortiz", zone="America/Los_Angeles", peer="target", company="Globex")
    ben.log(201, "outreach", at(2026, 12, 3, 15))
    ben.log(202, "follow-up", at(2026, 12, 16, 10))

    chloe = Person(3, "Chloé Martin", zone=LONDON, holidays=UK)  # late reply (obligate)
    chloe.log(301, "outreach", at(2026, 12, 14, 10))  # 15:00 in London: counts from Tue
    chloe.log(302, "reply", at(2026, 12, 22, 9, zone=LONDON))
    chloe.log(303, "scheduling-email", at(2026, 12, 23, 11))
    chloe.convs.append(Conv(31, at(2026, 12, 28, 9), at(2027, 1, 5, 17, 30, zone=LONDON),
                            at(2027, 1, 5, 18, zone=LONDON), LONDON,
                            recapped=at(2027, 1, 6, 10)))  # fmt: skip
    chloe.log(304, "meeting", at(2027, 1, 5, 12, 30), "31", at(2027, 1, 5, 13, 5))
    chloe.log(305, "thank-you", at(2027, 1, 5, 20))
    chloe.log(306, "recap", at(2027, 1, 6, 10), "31")
    chloe.promises.append(Promise(3101, "Read the book she recommended", None,
                                  at(2027, 1, 5, 13)))  # fmt: skip
    chloe.states.append(
        (at(2027, 1, 20), ItemState("3:report-back:conversation-31", "snooze", d("2027-02-05")))
    )

    dev = Person(4, "Dev Patel", peer="Erin Walsh", peer_id=5)  # late; options passed
    dev.log(401, "outreach", at(2026, 12, 1, 9))
    dev.states.append((at(2026, 12, 4, 14, 5), ItemState("4:second-contact:outreach-401",
                                                         "dismiss", None)))  # fmt: skip
    dev.log(402, "follow-up", at(2026, 12, 10, 11))
    dev.log(403, "reply", at(2026, 12, 14, 10))
    dev.log(404, "scheduling-email", at(2026, 12, 15, 9))
    dev.options_passed = (at(2026, 12, 22, 17, 30), at(2026, 12, 28, 9))
    dev.log(405, "scheduling-email", at(2026, 12, 28, 9))
    dev.convs.append(Conv(41, at(2027, 1, 4, 15), at(2027, 1, 12, 8, 30), at(2027, 1, 12, 9)))
    dev.log(406, "scheduling-email", at(2027, 1, 11, 9))  # the confirmation
    dev.log(407, "meeting", at(2027, 1, 12, 8, 30), "41", at(2027, 1, 12, 9, 10))
    dev.log(408, "thank-you", at(2027, 1, 13, 10))
    dev.log(409, "report-back", at(2027, 1, 22, 10))  # never recapped

    erin = Person(5, "Erin Walsh")  # Dev's colleague, the second contact: a booster
    erin.log(501, "outreach", at(2026, 12, 4, 14))  # Friday afternoon: counts from Monday
    erin.log(502, "reply", at(2026, 12, 7, 8))
    erin.log(503, "scheduling-email", at(2026, 12, 7, 19))
    erin.convs.append(Conv(51, at(2026, 12, 9, 10), at(2026, 12, 15, 12), at(2026, 12, 15, 12, 30),
                           recapped=at(2026, 12, 15, 14)))  # fmt: skip
    erin.log(504, "note", at(2026, 12, 14, 9))
    erin.log(505, "meeting", at(2026, 12, 15, 12), "51", at(2026, 12, 15, 12, 35))
    erin.log(506, "recap", at(2026, 12, 15, 14), "51")
    erin.log(507, "thank-you", at(2026, 12, 16, 9))
    erin.log(508, "report-back", at(2026, 12, 29, 10))
    erin.promises.append(Promise(5101, "Share the article on onboarding", d("2027-01-08"),
                                 at(2026, 12, 15, 12, 30), kept=at(2027, 2, 10, 9)))  # fmt: skip

    farid = Person(6, "Farid Haddad")  # known for a year: three keep-in-touch already
    farid.convs.append(Conv(61, at(2025, 11, 1), at(2025, 11, 10, 12), at(2025, 11, 10, 12, 30),
                            recapped=at(2025, 11, 10, 15)))  # fmt: skip
    farid.log(601, "meeting", at(2025, 11, 10, 12), "61")
    farid.log(602, "recap", at(2025, 11, 10, 15), "61")
    farid.log(603, "thank-you", at(2025, 11, 11, 9))
    farid.log(604, "report-back", at(2025, 11, 20, 9))
    farid.log(605, "keep-in-touch", at(2026, 2, 10, 10))
    farid.log(606, "keep-in-touch", at(2026, 5, 12, 10))
    farid.log(607, "keep-in-touch", at(2026, 8, 12, 10))
    farid.log(608, "keep-in-touch", at(2027, 2, 12, 10))

    grace = Person(7, "Grace Kim")  # introduced by Ada: booster, forgets the thank-you
    grace.log(701, "outreach", at(2026, 12, 15, 10))
    grace.log(702, "reply", at(2026, 12, 15, 17))
    grace.log(703, "scheduling-email", at(2026, 12, 16, 9))
    grace.convs.append(Conv(71, at(2026, 12, 18, 10), at(2027, 1, 7, 12), at(2027, 1, 7, 12, 45),
                            recapped=at(2027, 1, 7, 16)))  # fmt: skip
    grace.log(704, "note", at(2027, 1, 6, 10))
    grace.log(705, "meeting", at(2027, 1, 7, 12), "71", at(2027, 1, 7, 12, 50))
    grace.log(706, "recap", at(2027, 1, 7, 16), "71")
    grace.log(707, "report-back", at(2027, 1, 21, 9))
    grace.intros.append(Intro(7201, 10, "Hana Sato", at(2027, 1, 7, 12, 30)))  # never asked

    # Auckland, sent on Christmas morning there (holidays until Tue 5 Jan)
    hiro = Person(8, "Hiro Tanaka", zone=AUCKLAND, holidays=NZ, peer="Iris Wong", peer_id=11)
    hiro.log(801, "outreach", at(2026, 12, 24, 15))
    hiro.log(802, "reply", at(2027, 1, 8, 10, zone=AUCKLAND))
    hiro.log(803, "scheduling-email", at(2027, 1, 8, 9))
    hiro.convs.append(Conv(81, at(2027, 1, 11, 9), at(2027, 1, 19, 8, zone=AUCKLAND),
                           at(2027, 1, 19, 8, 30, zone=AUCKLAND), AUCKLAND,
                           recapped=at(2027, 1, 18, 16)))  # fmt: skip
    hiro.log(804, "note", at(2027, 1, 17, 18))  # Mon 18 Jan noon in Auckland
    hiro.log(805, "meeting", at(2027, 1, 18, 14), "81", at(2027, 1, 18, 14, 35))
    hiro.log(806, "recap", at(2027, 1, 18, 16), "81")
    hiro.log(807, "thank-you", at(2027, 1, 18, 20))
    hiro.intros.append(Intro(8201, 12, "Jun Ito", at(2027, 1, 18, 14, 20),
                             asked=at(2027, 1, 20, 9), made=at(2027, 1, 27, 8),
                             contacted=at(2027, 2, 3, 10)))  # fmt: skip
    hiro.log(808, "intro-request", at(2027, 1, 20, 9))
    hiro.log(809, "introduced", at(2027, 1, 27, 8))
    hiro.log(810, "report-back", at(2027, 1, 29, 10))
    return [ada, ben, chloe, dev, erin, farid, grace, hiro]


def everything(now):
    found = []
    for person in three_months():
        found.extend(follow_ups(person.history(now), now))
    return agenda(found, now.date(), 3650)


def table(listed):
    return [(i.due.isoformat(), i.kind, i.contact_name) for i in listed]


def test_three_months_first_week():
    now = at(2026, 12, 7, 9)  # Mon 7 Dec
    assert table(everything(now)) == [
        ("2026-12-07", "confirm", "Ada Park"),
        ("2026-12-08", "schedule", "Erin Walsh"),  # booster: within 24 hours
        ("2026-12-09", "second-contact", "Ben Ortiz"),  # noon in LA: counts from Fri
        ("2026-12-10", "follow-up", "Dev Patel"),  # second contact dismissed
        ("2026-12-15", "follow-up", "Ben Ortiz"),
        ("2027-02-10", "keep-in-touch", "Farid Haddad"),  # 3 a year: 10 Feb 2026 + 365
    ]
    assert table(agenda(everything(now), now.date(), 7)) == table(everything(now))[:4]
    ben = everything(now)[2]
    assert ben.suggested_command == 'coffeechat contact add NAME --company "Globex"'


def test_three_months_after_the_holidays():
    now = at(2027, 1, 4, 9)  # Mon 4 Jan
    listed = everything(now)
    assert table(listed) == [
        ("2026-12-16", "schedule", "Dev Patel"),  # agreed 14 Dec, still no time
        ("2027-01-04", "confirm", "Chloé Martin"),  # Tue 5 Jan 17:30 London
        ("2027-01-05", "second-contact", "Hiro Tanaka"),  # NZ holidays to Mon 4 Jan
        ("2027-01-06", "confirm", "Grace Kim"),
        ("2027-01-08", "promise", "Erin Walsh"),
        ("2027-01-11", "follow-up", "Hiro Tanaka"),
        ("2027-02-10", "keep-in-touch", "Farid Haddad"),
        ("2027-03-18", "keep-in-touch", "Ada Park"),  # report-back 18 Dec + 3 months
        ("2027-03-29", "keep-in-touch", "Erin Walsh"),
    ]
    assert [overdue_days(i, now.date()) for i in agenda(listed, now.date(), 7)] == [
        19, 0, 0, 0, 0, 0,
    ]  # fmt: skip
    assert "no time is confirmed yet" in listed[0].reason


def test_three_months_options_passed_before_christmas():
    dev = three_months()[3]
    now = at(2026, 12, 23, 9)
    got = follow_ups(dev.history(now), now)
    assert [(i.kind, i.due.isoformat(), i.suggested_command) for i in got] == [
        ("schedule", "2026-12-22", "coffeechat schedule propose 4")
    ]
    chloe = three_months()[2]  # replied Tue 22 Dec 09:00 London = 04:00 in New York
    assert items(chloe.history(now), now) == [("schedule", "2026-12-24")]
    ben = three_months()[1]  # followed up Wed 16 Dec: not yet no-reply
    assert items(ben.history(now), now) == []
    assert no_reply_at(ben.history(now), now) is None


def test_three_months_february():
    now = at(2027, 2, 1, 9)  # Mon 1 Feb
    listed = everything(now)
    assert table(listed) == [
        ("2027-01-08", "thank-you", "Grace Kim"),  # never thanked
        ("2027-01-08", "introduction", "Grace Kim"),  # ask her for Hana Sato
        ("2027-01-08", "promise", "Erin Walsh"),
        ("2027-01-12", "recap", "Dev Patel"),  # never written up
        ("2027-01-28", "introduction", "Hiro Tanaka"),  # write to Jun Ito
        ("2027-02-05", "report-back", "Chloé Martin"),  # due 12 Jan, snoozed
        ("2027-02-10", "keep-in-touch", "Farid Haddad"),
        ("2027-03-18", "keep-in-touch", "Ada Park"),
        ("2027-03-29", "keep-in-touch", "Erin Walsh"),
        ("2027-04-05", "keep-in-touch", "Chloé Martin"),  # thank-you of 5 Jan
        ("2027-04-21", "keep-in-touch", "Grace Kim"),
        ("2027-04-22", "keep-in-touch", "Dev Patel"),
        ("2027-04-29", "keep-in-touch", "Hiro Tanaka"),
    ]
    week = agenda(listed, now.date(), 7)
    assert [overdue_days(i, now.date()) for i in week] == [24, 24, 24, 20, 4, 0]
    jun = listed[4]
    assert jun.suggested_command == "coffeechat draft outreach 12"
    assert jun.contact_id == 8


def test_three_months_end_of_february():
    now = at(2027, 2, 28, 9)  # Sun 28 Feb
    listed = everything(now)
    assert table(listed) == [
        ("2027-01-08", "thank-you", "Grace Kim"),
        ("2027-01-08", "introduction", "Grace Kim"),
        ("2027-01-12", "recap", "Dev Patel"),
        ("2027-02-05", "report-back", "Chloé Martin"),
        ("2027-03-18", "keep-in-touch", "Ada Park"),
        ("2027-03-29", "keep-in-touch", "Erin Walsh"),
        ("2027-04-05", "keep-in-touch", "Chloé Martin"),
        ("2027-04-21", "keep-in-touch", "Grace Kim"),
        ("2027-04-22", "keep-in-touch", "Dev Patel"),
        ("2027-04-29", "keep-in-touch", "Hiro Tanaka"),
        ("2027-05-12", "keep-in-touch", "Farid Haddad"),  # the 12 Feb one + 3 months
    ]
    assert table(agenda(listed, now.date(), 7)) == table(listed)[:4]


def test_three_months_who_answered_how():
    now = at(2027, 2, 28, 9)
    kinds = {p.name: responsiveness(p.history(now), now) for p in three_months()}
    assert kinds == {
        "Ada Park": "booster",
        "Ben Ortiz": "curmudgeon",
        "Chloé Martin": "obligate",
        "Dev Patel": "obligate",
        "Erin Walsh": "booster",
        "Farid Haddad": None,
        "Grace Kim": "booster",
        "Hiro Tanaka": "obligate",  # Fri 8 Jan there, after Tue 5 Jan
    }
    ben = three_months()[1]
    # followed up Wed 16 Dec; seven business days in LA skip Christmas: Mon 28 Dec
    assert no_reply_at(ben.history(now), now) == at(2026, 12, 28, zone="America/Los_Angeles")
