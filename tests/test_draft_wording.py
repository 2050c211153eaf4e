"""Every draft and every recap format, over varied contacts, reads right.

Sam Rivera (New York) writes to someone in the same city, someone in another city and
someone across the date line, with and without a takeaway written, with every option by
video or a mix in person. Whatever the contact, the text must hold to a few rules: no
word twice in a row, the user's own words exactly as written, no claim of being in touch
with someone the timeline does not show, no offer to come to the office of someone far
away, and the format named once when every option shares it.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import pytest

from coffeechat.core.drafts import KINDS, NoTakeaway, NotMetYet, report_opening, time_since
from coffeechat.core.errors import CoffeechatError
from coffeechat.core.recap import Recap
from coffeechat.formats.recap import recap_docx, recap_html, recap_markdown
from coffeechat.service import Workspace
from conftest import NOW_DT

HEADLINE = "Bootcamp graduate, iOS and Python developer"
SIGNATURE = f"Sam Rivera\n{HEADLINE}"


@dataclass(frozen=True)
class Person:
    """A contact of the scenario and where they live."""

    name: str
    city: str
    zone: str
    title: str
    company: str
    met_at: str
    near: bool  # in one of Sam's cities


PEOPLE = {
    "same-city": Person(
        "Grace Hopper", "New York", "America/New_York", "Engineering Manager",
        "Analytical Engines", "the NYC Python meetup", True,
    ),
    "other-city": Person(
        "Priya Natarajan", "San Francisco", "America/Los_Angeles", "Senior Data Engineer",
        "Stripe", "PyData Global", False,
    ),
    "date-line": Person(
        "Daniel Mensah", "Auckland", "Pacific/Auckland", "Staff iOS Engineer",
        "Kiwi Labs", "an iOS Slack group", False,
    ),
}  # fmt: skip

#: Takeaways as a user types them: capitals, proper nouns and acronyms that a sentence
#: built around them would be tempted to change.
TAKEAWAYS = (
    "Kafka is worth learning before applying",
    "iOS teams at Kiwi hire from QA",
    "Offered to introduce me to their team lead",
)

REPEATED = re.compile(r"\b(\w+)\s+\1\b", re.IGNORECASE)


def setup(workspace: Workspace, who: str, takeaway: str | None) -> Person:
    """Sam's workspace with one contact met two weeks ago (and a takeaway, when given),
    two people they introduced (Linus already written to, Marcus not yet), and a
    conversation booked next week."""
    person = PEOPLE[who]
    workspace.update_settings(signature=SIGNATURE, phone="+1 212 555 0142")
    workspace.add_contact(
        name=person.name,
        email="them@example.com",
        company=person.company,
        title=person.title,
        seniority="senior",
        city=person.city,
        timezone=person.zone,
        how_met="event",
        met_at=person.met_at,
        met_on="2026-11-02",
    )
    workspace.log("1", "outreach", at="2026-11-05T10:00")
    workspace.log("1", "reply", at="2026-11-06T10:00")
    workspace.log("1", "meeting", at="2026-11-13T12:00")
    if takeaway:
        workspace.add_takeaway("1", "advice", takeaway)
    workspace.add_introduction("1", "Linus Torvalds")
    workspace.add_introduction("1", "Marcus Oyelaran")
    workspace.log("Linus Torvalds", "outreach", at="2026-11-20T10:00")
    return person


def every_draft(workspace: Workspace) -> dict[str, str]:
    """The body of each kind of draft for contact 1 (those that can be written)."""
    bodies: dict[str, str] = {}
    for kind in KINDS:
        if kind in ("confirm", "reschedule"):
            continue
        to = "Marcus Oyelaran" if kind == "intro-request" else None
        bodies[kind] = workspace.draft(kind, "1", to=to).body
    workspace.confirm("1", option=1, place="Dishoom, Kings Cross")
    bodies["confirm"] = workspace.draft("confirm", "1").body
    bodies["reschedule"] = workspace.draft("reschedule", "1").body
    return bodies


def check_wording(text: str) -> None:
    """The rules every text holds to, whoever it is for."""
    repeated = REPEATED.search(text)
    assert repeated is None, f"{repeated[0]!r} in:\n{text}"
    assert '"' not in text.replace("\n", " "), text  # nothing of the user's quoted inline


@pytest.mark.parametrize("who", list(PEOPLE))
@pytest.mark.parametrize("takeaway", TAKEAWAYS)
def test_every_draft_reads_right(workspace: Workspace, who: str, takeaway: str) -> None:
    person = setup(workspace, who, takeaway)
    bodies = every_draft(workspace)
    assert set(bodies) == set(KINDS)
    for kind, body in bodies.items():
        check_wording(body)
        if kind in ("outreach", "second-contact"):
            # the headline said once, as a sentence; the signature's name line as written
            assert "I'm a bootcamp graduate, iOS and Python developer." in body, kind
            assert HEADLINE not in body and body.endswith("Best,\nSam Rivera\n"), kind
        else:
            assert SIGNATURE in body, kind  # the user's signature as written
        if HEADLINE in body.replace(SIGNATURE, ""):
            assert f": {HEADLINE}." in body, kind  # after a colon, capital kept
    for kind in ("thank-you", "report-back"):
        # the takeaway, exactly as written, on a line of its own
        assert f"\n\n{takeaway}\n\n" in bodies[kind], bodies[kind]
    assert f"at {person.met_at}" in bodies["outreach"]
    if who == "date-line":  # the field keeps the title's "iOS"
        assert "iOS engineering" in bodies["second-contact"]
    assert "Where: Dishoom, Kings Cross" in bodies["confirm"]

    report = bodies["report-back"]
    # Linus has an outreach logged; Marcus has nothing: no claim of being in touch.
    assert "been in touch with Linus Torvalds" in report
    assert "in touch with Marcus" not in report and "and Marcus" not in report
    assert "plan to reach out to Marcus Oyelaran" in report
    # one time phrase, from the real gap (two weeks), never two that disagree
    assert "It's been two weeks since we talked," in report
    assert "little while" not in report and "last week" not in report
    assert "It's been two weeks since we last talked," in bodies["keep-in-touch"]

    for kind in ("scheduling", "reschedule"):
        body = bodies[kind]
        if person.near:
            assert "come to you" in body, body
        else:
            assert "office" not in body and "come to you" not in body, body
            assert body.lower().count("video") == 1, body  # the format said once
            assert "for a video call" in body
        assert body.count("(or phone, if you prefer)") <= 1


@pytest.mark.parametrize("kind", ["thank-you", "report-back"])
def test_without_a_takeaway_the_draft_says_what_to_add(workspace: Workspace, kind: str) -> None:
    setup(workspace, "other-city", None)
    with pytest.raises(NoTakeaway) as raised:
        workspace.draft(kind, "1")
    message = str(raised.value)
    assert "\n" not in message
    assert 'coffeechat takeaway add 1 --kind advice "' in message


def test_a_topic_note_is_not_a_takeaway(workspace: Workspace) -> None:
    setup(workspace, "other-city", None)
    workspace.add_note("1", "Physics, then QA", topic="journey")
    with pytest.raises(NoTakeaway):
        workspace.draft("thank-you", "1")


@pytest.mark.parametrize("kind", ["thank-you", "report-back"])
def test_no_thanks_for_a_conversation_that_never_happened(workspace: Workspace, kind: str) -> None:
    workspace.add_contact(name="Alex Chen", email="alex@example.com")
    workspace.add_takeaway("1", "advice", "Start with the data team")
    with pytest.raises(NotMetYet) as raised:
        workspace.draft(kind, "1")
    assert "coffeechat log 1 meeting" in str(raised.value)


def test_the_cli_stops_with_one_line(ccw) -> None:  # type: ignore[no-untyped-def]
    ccw("contact", "add", "Ada Lovelace", "--email", "ada@example.com")
    ccw("log", "ada", "meeting", "--at", "2026-11-26T12:00")
    result = ccw.fails("draft", "report-back", "ada")
    assert "coffeechat takeaway add 1" in result.stderr


def test_in_person_only_in_the_users_cities(workspace: Workspace) -> None:
    """Boston shares New York's zone, but Sam cannot pop over for coffee; with Boston in
    Sam's `cities`, the draft offers to come to them."""
    workspace.update_settings(signature=SIGNATURE)
    workspace.add_contact(
        name="Ada Lovelace", email="ada@example.com", company="Acme", city="Boston",
        timezone="America/New_York",
    )  # fmt: skip
    body = workspace.draft("scheduling", "1").body
    assert "office" not in body and "for a video call:" in body
    check_wording(body)
    workspace.update_settings(cities="New York, Boston")
    workspace.propose_slots("1")
    body = workspace.draft("scheduling", "1").body
    # each in-person line offers to come to them; the call is offered once besides
    assert "(I can come to you)" in body and "near Acme in Boston" in body
    assert "do a call instead" in body
    check_wording(body)


def test_all_by_phone_is_said_once(workspace: Workspace) -> None:
    workspace.add_contact(name="Ada Lovelace", email="ada@example.com", timezone="Europe/London")
    workspace.propose_slots("1", format="phone")
    body = workspace.draft("scheduling", "1").body
    assert body.lower().count("phone") == 1 and "for a phone call, in London time:" in body
    assert "video call instead" in body and "office" not in body


def test_time_since_in_words() -> None:
    today = NOW_DT.date()
    ago = [time_since(today.replace(day=27 - d), today) for d in (0, 6)]
    assert ago == [None, None]
    import datetime as dt

    def since(days: int) -> str | None:
        return time_since(today - dt.timedelta(days=days), today)

    assert [since(d) for d in (7, 13, 14, 21, 30, 61, 200, 400, 800)] == [
        "a week", "a week", "two weeks", "three weeks", "about a month", "two months",
        "seven months", "over a year", "over two years",
    ]  # fmt: skip
    yesterday = today - dt.timedelta(days=1)
    assert report_opening(yesterday, today) == (
        "I wanted to let you know what came of our conversation yesterday."
    )
    assert report_opening(None, today).startswith("I wanted to let you know")


# --- the recap, in every format -----------------------------------------------------------


def recap_texts(recap: Recap) -> dict[str, str]:
    """The recap as Markdown, HTML (what the PDF prints) and DOCX text."""
    import docx

    document = docx.Document(io.BytesIO(recap_docx(recap)))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    word = "\n".join([p.text for p in document.paragraphs] + cells)
    html = re.sub(r"<[^>]+>", " ", recap_html(recap))
    return {"md": recap_markdown(recap), "html": html, "docx": word}


@pytest.mark.parametrize("who", list(PEOPLE))
def test_every_recap_format_reads_right(workspace: Workspace, who: str) -> None:
    person = setup(workspace, who, TAKEAWAYS[0])
    captured: list[Recap] = []
    workspace.write_recap("1", deliver=captured.append)
    (recap,) = captured
    for fmt, text in recap_texts(recap).items():
        facts = [line for line in text.splitlines() if "When" in line or "Role" in line]
        for line in facts:
            check_wording(line.replace("&#34;", '"'))
        assert "Senior Data Engineer at Stripe · Senior" not in text, fmt
        assert "Video — Video" not in text and "Video — video" not in text, fmt
        assert TAKEAWAYS[0] in text, fmt
        if not person.near:
            # the conversation's zone (theirs) and the user's
            assert person.zone in text and "America/New_York" in text, fmt


def test_no_draft_kind_is_left_out() -> None:
    with pytest.raises(CoffeechatError):
        raise NoTakeaway("thank-you", "Ada", 1)
    assert {"outreach", "scheduling", "confirm", "thank-you", "report-back"} <= set(KINDS)


def test_a_takeaway_comes_before_where_the_meeting_was(workspace: Workspace) -> None:
    workspace.add_contact(name="Ada Lovelace", email="ada@example.com")
    workspace.log("1", "meeting", at="2026-11-26T12:00", note="Coffee at Blue Bottle")
    assert "\n\nCoffee at Blue Bottle\n\n" in workspace.draft("thank-you", "1").body
    workspace.add_takeaway("1", "advice", "Write about the pipeline you built")
    body = workspace.draft("thank-you", "1").body
    assert "\n\nWrite about the pipeline you built\n\n" in body and "Blue Bottle" not in body
