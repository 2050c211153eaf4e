"""`coffeechat draft`: every message of the workflow, written well and passing its checker."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from coffeechat.core.checker import Recipient, check_message, count_words, split_body
from coffeechat.core.drafts import KINDS, field_of, mailto, relative_day, takeaway
from coffeechat.formats.eml import CONTACT_HEADER, KIND_HEADER, read_message
from conftest import CLI, NOW_DT, SIGNATURE


@pytest.fixture
def cc(engines: CLI) -> CLI:
    """A workspace with Ada (London, met at PyData) and Grace (New York, same company)."""
    return engines


def draft(cc: CLI, kind: str, *args: str) -> dict[str, object]:
    document = cc.json("draft", kind, *args)
    assert isinstance(document, dict)
    return document


def check(kind: str, body: str, zone: str = "Europe/London") -> list[tuple[str, str]]:
    report = check_message(
        kind,
        body,
        now=NOW_DT,
        zone=zone,
        recipient=Recipient("Ada Lovelace", "Analytical Engines"),
        sender="Sam Rivera",
    )
    return [(f.severity, f.rule) for f in report.findings]


def test_outreach_is_short_connection_first_and_passes_the_checker(cc: CLI) -> None:
    doc = draft(cc, "outreach", "ada")
    body = str(doc["body"])
    assert doc["subject"] == "Following up from the PyData London meetup"
    assert body.startswith("Hi Ada,\n\nWe met at the PyData London meetup on Tuesday.")
    # a complete sentence about the sender, and the signature does not say it again
    assert "I'm a bootcamp graduate and full-stack developer." in body
    assert "Bootcamp graduate, full-stack developer" not in body
    # no reason known: a line to fill in, never a made-up one
    assert "[Why them, in one line:" in body
    assert "20-30 minutes" in body and "?" in body
    for word in ("job", "position", "attach", "résumé", "resume", "hiring"):
        assert word not in body.lower()
    text, _ = split_body(body, "Sam Rivera")
    assert count_words(text) <= 75
    assert check("outreach", body) == []
    assert body.endswith("Best,\nSam Rivera\n")


def test_outreach_for_an_introduced_contact_names_who_introduced_them(cc: CLI) -> None:
    cc("contact", "add", "Alan Turing", "--introduced-by", "ada", "--email", "alan@x.example")
    doc = draft(cc, "outreach", "alan")
    assert doc["subject"] == "Ada Lovelace suggested I reach out"
    assert "Ada Lovelace suggested I get in touch with you." in str(doc["body"])
    assert check("outreach", str(doc["body"])) == []


def test_scheduling_offers_three_options_in_their_zone_and_yours(cc: CLI) -> None:
    body = str(draft(cc, "scheduling", "ada")["body"])
    options = [line for line in body.splitlines() if line[:2] in ("1.", "2.", "3.")]
    assert len(options) == 3
    for line in options:
        assert " GMT (" in line and " EST for me)" in line
    assert "London time" in body
    assert "Which works best for you?" in body
    assert "for a video call, in London time:" in body
    assert "office" not in body and "come to you" not in body
    assert "Looking forward to it!" in body
    assert check("scheduling", body) == []


def test_scheduling_in_the_same_zone_shows_one_time(cc: CLI) -> None:
    body = str(draft(cc, "scheduling", "grace")["body"])
    options = [line for line in body.splitlines() if line[:2] in ("1.", "2.", "3.")]
    assert len(options) == 3
    assert all("EST" in line and "for me" not in line for line in options)
    assert check("scheduling", body, zone="America/New_York") == []


def test_scheduling_uses_the_stored_proposal(cc: CLI) -> None:
    proposed = cc.json("schedule", "propose", "ada")
    body = str(draft(cc, "scheduling", "ada")["body"])
    for option in proposed["options"]:
        assert option["contact_local"] in body
    again = cc.json("contact", "show", "ada")
    assert [o["contact_local"] for o in again["offered"]] == [
        o["contact_local"] for o in proposed["options"]
    ]


def test_follow_up_is_two_sentences_on_the_same_thread(cc: CLI) -> None:
    cc("log", "ada", "outreach", "--at", "2026-11-17T10:00")
    outreach = draft(cc, "outreach", "ada")
    doc = draft(cc, "follow-up", "ada")
    assert doc["subject"] == f"Re: {outreach['subject']}"
    text, _ = split_body(str(doc["body"]), "Sam Rivera")
    paragraph = text.split("\n\n", 1)[1]
    assert paragraph.count(". ") + 1 == 2
    assert "questions by e-mail instead" in paragraph
    assert "the note I sent last week" in paragraph


def test_second_contact_writes_to_someone_else_at_the_company(cc: CLI) -> None:
    doc = draft(cc, "second-contact", "grace")
    assert doc["subject"] == "A question about Analytical Engines"
    assert "Hi Grace," in str(doc["body"])
    assert "?" in str(doc["body"])
    cc("contact", "add", "Linus Nowhere")
    assert "has no company" in cc.fails("draft", "second-contact", "linus").stderr


def test_confirm_gives_time_zone_place_and_phone(cc: CLI) -> None:
    cc("schedule", "confirm", "ada", "--at", "2026-11-30T17:30", "--place", "Dishoom, Kings Cross")
    doc = draft(cc, "confirm", "ada")
    body = str(doc["body"])
    assert "Mon 30 Nov 17:30-18:00 GMT (Mon 30 Nov 12:30-13:00 EST for me)" in body
    assert "Where: Dishoom, Kings Cross" in body
    assert "+1 212 555 0142" in body
    result = cc("draft", "confirm", "ada")
    assert "send it on Sun 29 Nov" in result.stderr


def test_confirm_without_a_conversation_is_one_line(cc: CLI) -> None:
    assert "schedule confirm" in cc.fails("draft", "confirm", "ada").stderr


def test_reschedule_apologises_and_offers_new_times(cc: CLI) -> None:
    cc("schedule", "confirm", "ada", "--at", "2026-11-30T17:30")
    cc("schedule", "reschedule", "ada")
    offered = cc.json("contact", "show", "ada")["offered"]
    body = str(draft(cc, "reschedule", "ada")["body"])
    assert "I'm sorry" in body and "Mon 30 Nov 17:30-18:00 GMT" in body
    assert 2 <= len(offered) <= 3
    for option in offered:
        assert option["contact_local"] in body


def test_thank_you_names_the_takeaway_and_the_next_step(cc: CLI) -> None:
    cc("log", "ada", "meeting", "--at", "2026-11-26T12:00")
    cc("log", "ada", "note", "--note", "Suggested I learn dbt before applying to data teams")
    doc = draft(cc, "thank-you", "ada")
    body = str(doc["body"])
    assert "Thank you for the conversation yesterday" in body
    assert "\n\nSuggested I learn dbt before applying to data teams\n\n" in body
    assert "I'm putting that into practice" in body
    assert check("thank-you", body) == []


def test_thank_you_without_a_note_asks_for_one(cc: CLI) -> None:
    cc("log", "ada", "meeting", "--at", "2026-11-26T12:00")
    result = cc.fails("draft", "thank-you", "ada")
    assert 'coffeechat takeaway add 1 --kind advice "' in result.stderr


def test_thank_you_names_a_takeaway_written_on_the_conversation(cc: CLI) -> None:
    cc("log", "ada", "meeting", "--at", "2026-11-26T12:00")
    cc("note", "add", "ada", "--topic", "journey", "Physics, then QA")
    cc("takeaway", "add", "ada", "--kind", "advice", "Suggested I write about my pipeline")
    body = str(draft(cc, "thank-you", "ada")["body"])
    assert "\n\nSuggested I write about my pipeline\n\n" in body


def test_report_back_and_keep_in_touch(cc: CLI) -> None:
    cc("log", "ada", "meeting", "--at", "2026-11-12T12:00")
    cc("log", "ada", "note", "--note", "Offered to introduce me to their team lead")
    report = str(draft(cc, "report-back", "ada")["body"])
    assert "\n\nOffered to introduce me to their team lead\n\n" in report
    assert "It's been two weeks since we talked" in report
    keep = cc("draft", "keep-in-touch", "ada")
    assert "Analytical Engines" in keep.stdout and "[brackets]" in keep.stderr


def test_intro_request_names_the_person_and_gives_a_blurb(cc: CLI) -> None:
    body = str(draft(cc, "intro-request", "ada", "--to", "Grace Hopper")["body"])
    assert "introducing me to Grace Hopper at Analytical Engines?" in body
    blurb = body.split("---\n")[1]
    assert blurb.startswith("Sam Rivera would love 20 minutes of Grace's time")
    assert "Sam is a bootcamp graduate and full-stack developer." in blurb
    assert "sam@example.com" in blurb
    assert "--to" in cc.fails("draft", "intro-request", "ada").stderr


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_renders_with_subject_body_and_signature(cc: CLI, kind: str) -> None:
    cc("log", "ada", "outreach", "--at", "2026-11-17T10:00")
    cc("log", "ada", "meeting", "--at", "2026-11-20T10:00")
    cc("log", "ada", "note", "--note", "Mentioned the team is moving to streaming")
    if kind in ("confirm", "reschedule"):
        cc("schedule", "confirm", "ada", "--at", "2026-12-01T12:30")
    args = ["--to", "Grace Hopper"] if kind == "intro-request" else []
    result = cc("draft", kind, "ada", *args)
    subject, blank, *body = result.stdout.split("\n")
    assert subject and blank == ""
    assert body[0] == "Hi Ada,"
    assert "{{" not in result.stdout and "{%" not in result.stdout
    if kind in ("outreach", "second-contact"):  # the headline is said in the body instead
        assert result.stdout.rstrip().endswith("Best,\nSam Rivera")
        assert "I'm a bootcamp graduate and full-stack developer." in result.stdout
    else:
        assert result.stdout.rstrip().endswith(SIGNATURE)
    text, _ = split_body("\n".join(body), "Sam Rivera")
    assert count_words(text) <= 150


def test_unknown_kind_lists_the_kinds(cc: CLI) -> None:
    message = cc.fails("draft", "linkedin", "ada").stderr
    assert "outreach|follow-up|second-contact|scheduling" in message


def test_mailto_is_percent_encoded(cc: CLI) -> None:
    doc = draft(cc, "outreach", "ada")
    link = urlsplit(str(doc["mailto"]))
    assert link.scheme == "mailto" and unquote(link.path) == "ada@engines.example"
    fields = parse_qs(link.query)
    assert fields["subject"] == [doc["subject"]]
    assert fields["body"][0].replace("\r\n", "\n") == doc["body"]
    assert " " not in str(doc["mailto"]) and "\n" not in str(doc["mailto"])
    assert doc["to"] == "ada@engines.example"
    assert doc["contact"]["name"] == "Ada Lovelace"  # type: ignore[index]


def test_mailto_encodes_reserved_characters() -> None:
    link = mailto("a@b.example", "Q&A: 50% off?", "a=b & c\nd")
    expected = "mailto:a@b.example?subject=Q%26A%3A%2050%25%20off%3F"
    assert link == expected + "&body=a%3Db%20%26%20c%0D%0Ad"


def test_eml_carries_subject_body_and_headers(cc: CLI, tmp_path: Path) -> None:
    path = tmp_path / "ada.eml"
    result = cc("draft", "outreach", "ada", "--eml", str(path))
    assert f"Wrote {path}" in result.stderr
    data = path.read_bytes()
    message = read_message(data, str(path))
    doc = draft(cc, "outreach", "ada")
    assert message.subject == doc["subject"]
    assert message.body == str(doc["body"]).strip()
    import email

    parsed = email.message_from_bytes(data)
    assert parsed[KIND_HEADER] == "outreach"
    assert parsed[CONTACT_HEADER] == "1"
    assert "ada@engines.example" in parsed["To"]


def test_a_template_under_home_wins(cc: CLI, home: Path) -> None:
    (home / "templates").mkdir()
    (home / "templates" / "outreach.txt").write_text(
        "Subject: Hello {{ contact.first_name }}\n\nShort and sweet.\n{{ me.signature }}\n",
        encoding="utf-8",
    )
    doc = draft(cc, "outreach", "ada")
    assert doc["subject"] == "Hello Ada"
    assert doc["body"] == "Short and sweet.\n" + SIGNATURE + "\n"


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ("Subject: x\n\nHi {{ contact.first_name }\n", 3, "unexpected"),
        ("Subject: x\n\nHi\n{{ contact.nickname }}\n", 4, "nickname"),
        ("Subject: x\n\n{% if %}\n", 3, ""),
    ],
)
def test_a_broken_override_names_the_file_and_line(
    cc: CLI, home: Path, text: str, line: int, problem: str
) -> None:
    (home / "templates").mkdir()
    path = home / "templates" / "outreach.txt"
    path.write_text(text, encoding="utf-8")
    message = cc.fails("draft", "outreach", "ada").stderr
    assert f"{path}: line {line}" in message
    assert problem in message


def test_an_override_without_a_subject_is_refused(cc: CLI, home: Path) -> None:
    (home / "templates").mkdir()
    (home / "templates" / "thank-you.txt").write_text("Hi there\n", encoding="utf-8")
    cc("log", "ada", "meeting", "--at", "2026-11-26T12:00")
    cc("log", "ada", "note", "--note", "Liked the question about on-call")
    assert "Subject:" in cc.fails("draft", "thank-you", "ada").stderr


def test_json_document_has_the_documented_fields(cc: CLI) -> None:
    doc = draft(cc, "outreach", "ada")
    assert set(doc) == {"kind", "contact", "to", "subject", "body", "mailto"}
    assert doc["kind"] == "outreach"
    assert json.loads(json.dumps(doc)) == doc


# --- the wording helpers ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "field"),
    [
        ("Senior Backend Engineer", "backend engineering"),
        ("Data Engineer", "data engineering"),
        ("Product Designer", "product design"),
        ("Engineering Manager", "engineering management"),
        ("CTO", "technology leadership"),
        ("Staff iOS Engineer", "iOS engineering"),
        ("Senior Python Developer", "Python development"),
        ("DevOps Engineer", "DevOps engineering"),
        ("Team Lead, Platform", None),
        (None, None),
    ],
)
def test_field_of_a_title(title: str | None, field: str | None) -> None:
    assert field_of(title) == field


def test_relative_days() -> None:
    today = NOW_DT.date()  # a Friday
    assert relative_day(today, today) == "today"
    assert relative_day(today.replace(day=26), today) == "yesterday"
    assert relative_day(today.replace(day=24), today) == "on Tuesday"
    assert relative_day(today.replace(day=21), today) == "last Saturday"
    assert relative_day(today.replace(day=28), today) == "tomorrow"


def test_takeaways_are_kept_as_written() -> None:
    found = takeaway("Offered to introduce me to their team lead")
    assert found.note == "Offered to introduce me to their team lead"
    assert found.is_introduction and "introduction" in found.action
    plain = takeaway("Kafka is worth learning")
    assert plain.note == "Kafka is worth learning"
    assert "kafka" not in plain.sentence.lower() and not plain.is_introduction
