"""Every scheduling draft coffeechat writes passes its own checker, whoever and whenever.

Hypothesis picks both people's zones (on both sides of the date line, half-hour and
quarter-hour offsets, DST weeks of both hemispheres), the user's availability and the
contact's working hours, the moment of drafting, and the format; the service proposes
three times and drafts the reply. The checker, reading the draft as the contact's mail
would, must find no error (three options, varied, within the week...) and read each
option as the very instant proposed (a "07:30" read as evening would fail here).

The product writes times in 24-hour form only (``local_span``), so there is no 12-hour
format to vary.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from coffeechat.config import Clock
from coffeechat.core.checker import Recipient, check_message, count_words, find_times, split_body
from coffeechat.service import Workspace
from conftest import OWNER, make_settings

ZONES = (
    "Pacific/Auckland",
    "Pacific/Kiritimati",
    "Pacific/Chatham",
    "Pacific/Pago_Pago",
    "Pacific/Honolulu",
    "America/St_Johns",
    "America/Halifax",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Europe/London",
    "Europe/Dublin",
    "Europe/Berlin",
    "Africa/Lagos",
    "Asia/Dubai",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Asia/Shanghai",
    "Asia/Manila",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Australia/Adelaide",
    "Australia/Lord_Howe",
)
AVAILABILITY = (
    "Mon-Fri 08:00-20:00",
    "Mon-Sun 07:00-23:00",
    "Mon-Fri 06:00-22:00, Sat 09:00-17:00",
    "Mon-Fri 00:00-24:00",
)
WORK_HOURS = ("Mon-Fri 09:00-17:00", "Mon-Fri 08:00-16:00", "Sun-Thu 09:00-17:00")
#: Weeks when clocks change somewhere (US, EU, New Zealand, Australia), and any day.
WEEKS = (
    (dt.datetime(2026, 3, 2), dt.datetime(2026, 4, 8)),
    (dt.datetime(2026, 9, 22), dt.datetime(2026, 11, 4)),
    (dt.datetime(2026, 1, 1), dt.datetime(2027, 12, 31)),
)
FORMATS = (None, "video", "phone", "coffee")
#: The scheduling rules a reply must meet, warnings included: thanks, three options,
#: which works best, varied, within the week, flexible on time and place, enthusiasm.
DOMAIN_RULES = {
    "thanks",
    "three-options",
    "ask-which",
    "varied-times",
    "within-week",
    "flexible-time",
    "flexible-place",
    "enthusiasm",
    "length",
}


@pytest.fixture(scope="module")
def sam(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    """Sam's workspace with one contact, Ada; each example moves them and the clock."""
    home: Path = tmp_path_factory.mktemp("ws")
    ws = Workspace.create(make_settings(home), **OWNER)
    ws.update_settings(signature="Sam Rivera\nBootcamp graduate, full-stack developer")
    ws.add_contact(name="Ada Lovelace", email="ada@example.com", company="Analytical Engines")
    try:
        yield ws
    finally:
        ws.close()


moments = st.sampled_from(WEEKS).flatmap(
    lambda week: st.datetimes(min_value=week[0], max_value=week[1])
)


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    my_zone=st.sampled_from(ZONES),
    their_zone=st.sampled_from(ZONES),
    availability=st.sampled_from(AVAILABILITY),
    work_hours=st.sampled_from(WORK_HOURS),
    moment=moments,
    fmt=st.sampled_from(FORMATS),
    near=st.booleans(),
)
def test_every_scheduling_draft_passes_the_checker(
    sam: Workspace,
    my_zone: str,
    their_zone: str,
    availability: str,
    work_hours: str,
    moment: dt.datetime,
    fmt: str | None,
    near: bool,
) -> None:
    now = moment.replace(tzinfo=dt.UTC)
    sam.settings = dataclasses.replace(sam.settings, clock=Clock(now))
    sam.update_settings(
        timezone=my_zone, availability=availability, cities="London" if near else "Nowhere"
    )
    sam.edit_contact("1", timezone=their_zone, work_hours=work_hours, city="London")
    proposal = sam.propose_slots("1", format=fmt)
    assume(len(proposal.options) == 3)
    draft = sam.draft("scheduling", "1")

    report = check_message(
        "scheduling",
        draft.body,
        now=now,
        zone=their_zone,
        recipient=Recipient("Ada Lovelace", "Analytical Engines"),
        sender="Sam Rivera",
    )
    errors = [f for f in report.findings if f.severity == "error"]
    assert errors == [], (errors, draft.body)
    # and every rule of a good scheduling reply (DOMAIN.md step 3) holds
    missed = [f for f in report.findings if f.rule in DOMAIN_RULES]
    assert missed == [], (missed, draft.body)
    # each option read as the instant proposed, none twice, nothing else
    body, _ = split_body(draft.body, "Sam Rivera")
    read = [f.at for f in find_times(body, now=now, zone=their_zone) if f.day is not None]
    assert sorted(read) == sorted(o.start for o in proposal.options), draft.body  # type: ignore[type-var]
    if len({(o.format, o.place) for o in proposal.options}) == 1:  # one format: said once
        assert count_words(body) < 100, draft.body


def test_a_proposal_short_of_three_says_so(workspace: Workspace) -> None:
    """When fewer than three times fit, the draft is written and warns: it is the one
    case where the checker's three-options rule cannot hold."""
    workspace.update_settings(availability="Mon 12:00-12:30")
    workspace.add_contact(name="Ada Lovelace", email="ada@example.com")
    draft = workspace.draft("scheduling", "1")
    assert any("three give them a real choice" in w for w in draft.warnings), draft.warnings
