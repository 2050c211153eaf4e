"""From guide to recap through the CLI, the way a script (or the user guide) runs it.

Sam (the user) is in New York; "now" is Friday 27 November 2026, 09:00 there.
"""

from __future__ import annotations

import json
import subprocess

import pytest

from conftest import system_tool

GOOD_GUIDE = """\
title = "Product management"
closing = ["next", "keep"]

[[questions]]
key = "day"
text = "What does a normal week look like for you at {company}?"
purpose = "The job from the inside."

[[questions]]
key = "metrics"
text = "Which numbers do you watch?"
purpose = "What success means there."

[[questions]]
key = "next"
text = "Who else should I talk to?"
purpose = "The next conversations."

[[questions]]
key = "keep"
text = "May I keep you posted?"
purpose = "A relationship."
"""


@pytest.fixture
def ada(ccw):
    ccw(
        "contact", "add", "Ada Lovelace", "--company", "Acme", "--title", "Data Engineer",
        "--seniority", "senior", "--timezone", "Europe/London", "--email", "ada@acme.example",
        "--met-at", "PyData NYC", "--how-met", "event",
    )  # fmt: skip
    return ccw


def test_the_guide_json_contract(ada):
    shown = ada.json("guide", "ada", "--minutes", "30")
    assert shown["guide"] == "default" and shown["minutes"] == 30
    keys = [q["key"] for q in shown["questions"]]
    assert keys[-2:] == ["network", "stay-in-touch"]
    assert set(shown["questions"][0]) >= {"key", "text", "purpose", "minutes"}
    assert sum(q["minutes"] for q in shown["questions"]) <= 30
    every = "journey balance challenges workflow team advice break-in network stay-in-touch"
    assert sorted(keys + shown["skipped"]) == sorted(every.split())
    short = ada.json("guide", "ada", "--minutes", "10")
    assert len(short["questions"]) < len(keys) and "network" not in short["skipped"]
    tiara = ada.json("guide", "ada", "--guide", "tiara")
    assert [q["key"] for q in tiara["questions"]][-2:] == ["resources", "assignments"]


def test_the_guide_in_the_terminal_and_as_markdown(ada):
    text = ada("guide", "ada", "--minutes", "25").stdout
    assert "Ada Lovelace" in text and "[journey]" in text and "Mind the time" in text
    markdown = ada("guide", "ada", "--format", "md").stdout
    assert "Ada Lovelace" in markdown and "Acme" in markdown


def test_impossible_minutes_and_unknown_guides_are_one_line(ada):
    for minutes in ("0", "-5", "3"):
        assert "minutes" in ada.fails("guide", "ada", "--minutes", minutes).stderr
    assert "no guide called 'nope'" in ada.fails("guide", "ada", "--guide", "nope").stderr
    assert ada.json("contact", "show", "ada")["conversations"] == []


def test_a_custom_guide_from_a_file(ada, tmp_path):
    path = tmp_path / "pm.toml"
    path.write_text(GOOD_GUIDE)
    assert "Added guide 'pm'" in ada("guide", "add", str(path)).stdout
    listed = ada.json("guide", "list")["guides"]
    assert [g["name"] for g in listed] == ["default", "tiara", "pm"]
    shown = ada.json("guide", "ada", "--guide", "pm", "--minutes", "20")
    assert shown["questions"][0]["text"] == "What does a normal week look like for you at Acme?"
    bad = tmp_path / "bad.toml"
    bad.write_text(GOOD_GUIDE.replace('purpose = "Which numbers"', "").replace("metrics", "day"))
    error = ada.fails("guide", "add", str(bad)).stderr
    assert "bad.toml" in error and "line" in error
    ada("guide", "remove", "pm")
    ada.fails("guide", "remove", "pm")
    ada.fails("guide", "remove", "default")


def test_the_toml_of_a_built_in_guide_can_be_edited_and_added(ada, tmp_path):
    text = ada("guide", "show", "default", "--toml").stdout
    path = tmp_path / "mine.toml"
    path.write_text(text.replace('name = "default"', 'name = "mine"'))
    ada("guide", "add", str(path), "--name", "mine")
    assert ada.json("guide", "show", "mine")["questions"][0]["key"] == "journey"


def test_script_a_whole_conversation_to_the_recap(ada, tmp_path):
    noted = ada.json("note", "add", "ada", "--topic", "journey", "Physics PhD, then QA, then data")
    assert noted["started"] and noted["note"]["topic"] == "journey"
    ada("note", "add", "ada", "--topic", "advice", "Lead with the pipeline project")
    ada("note", "add", "ada", "Recommended the Data Engineering Podcast")
    ada("takeaway", "add", "ada", "--kind", "insight", "They hire from support roles")
    ada("takeaway", "add", "ada", "--kind", "resource", "Data Engineering Podcast")
    ada("promise", "add", "ada", "--by", "me", "--due", "2026-12-02", "Send my portfolio")
    ada("promise", "add", "ada", "--by", "them", "Forward my résumé")
    intro = ada.json("intro", "add", "ada", "--to", "Bob Chen", "--company", "Initech")
    assert intro["created"] and intro["contact"]["introduced_by"]["name"] == "Ada Lovelace"
    assert intro["contact"]["stage"] == "intro-offered"
    assert intro["follow_up"] == {
        "kind": "introduction",
        "due": "2026-11-28",
        "text": "Ask Ada for the introduction to Bob Chen",
    }
    ada("log", "ada", "meeting", "--at", "2026-11-26T12:00")
    assert ada.json("contact", "show", "ada")["stage"] == "met-up"
    result = ada("recap", "ada")
    markdown = result.stdout
    assert markdown.startswith("# Conversation with Ada Lovelace")
    assert markdown.index("Physics PhD") < markdown.index("Lead with the pipeline")
    assert "Bob Chen" in markdown and "Send my portfolio" in markdown
    assert "is now recapped" in result.stderr
    assert ada.json("contact", "show", "ada")["stage"] == "recapped"


def test_recap_json_and_every_file_format(ada, tmp_path):
    ada("note", "add", "ada", "--topic", "journey", "Physics PhD")
    ada("takeaway", "add", "ada", "--kind", "advice", "Write about your projects")
    ada("log", "ada", "meeting", "--at", "2026-11-26T12:00")
    document = ada.json("recap", "ada", "--next-contact", "2026-12-09")
    assert document["first"] and document["contact"]["stage"] == "recapped"
    recap = document["recap"]
    assert recap["who"]["company"] == "Acme" and recap["next_contact"] == "2026-12-09"
    assert recap["topics"][0] == {
        "key": "journey",
        "question": recap["topics"][0]["question"],
        "notes": ["Physics PhD"],
        "skipped": False,
    }
    assert recap["start"] == "2026-11-26T17:00:00+00:00"  # noon in New York, in London
    assert {f["rule"] for f in document["findings"]} <= {"topics-covered", "promises-dated"}
    for fmt, magic in (("pdf", b"%PDF"), ("docx", b"PK"), ("html", b"<!"), ("md", b"# ")):
        target = tmp_path / f"recap.{fmt}"
        done = ada("recap", "ada", "-o", str(target))
        assert f"Recap written to {target}" in done.stderr
        assert done.stdout == ""
        assert target.read_bytes().lstrip()[:4].upper().startswith(magic.upper())
    assert not ada.json("recap", "ada", "--format", "md")["first"]


def test_a_reflection_without_a_conversation(ada):
    document = ada.json("recap", "ada", "--reflection", "Read their engineering blog")
    assert document["recap"]["variant"] == "reflection"
    assert document["recap"]["topics"] == []
    assert document["recap"]["reflection"] == "Read their engineering blog"


def test_bad_input_is_one_line_and_changes_nothing(ada, tmp_path):
    before = ada.json("contact", "show", "ada")
    ada.fails("note", "add", "ada", "--topic", "weather", "Sunny")
    ada.fails("note", "add", "nobody", "Hello")
    ada.fails("promise", "add", "ada", "--by", "me", "--due", "someday", "Call")
    ada.fails("recap", "ada", "--next-contact", "2026-13-40")
    ada.fails("recap", "ada", "-o", str(tmp_path / "recap.txt"))
    ada.fails("intro", "add", "ada", "--to", "  ")
    assert ada.json("contact", "show", "ada") == before
    assert not (tmp_path / "recap.txt").exists()


def test_the_pdf_recap_renders_pages(ada, tmp_path):
    ada("note", "add", "ada", "--topic", "journey", "Physics PhD")
    target = tmp_path / "recap.pdf"
    ada("recap", "ada", "-o", str(target))
    pages = str(tmp_path / "page")
    subprocess.run([system_tool("pdftoppm"), "-png", "-r", "30", str(target), pages], check=True)
    assert list(tmp_path.glob("page*.png"))


def test_check_kind_recap_reads_a_recap(ada, tmp_path):
    ada("note", "add", "ada", "--topic", "journey", "Physics PhD")
    ada("log", "ada", "meeting", "--at", "2026-11-26T12:00")
    markdown = ada("recap", "ada").stdout
    report = json.loads(ada("check", "--kind", "recap", "--json", input=markdown).stdout)
    rules = {f["rule"] for f in report["findings"]}
    assert "takeaways" in rules and "next-step" not in rules
    empty = json.loads(ada("check", "--kind", "recap", "--json", input="# Notes\n").stdout)
    assert {f["rule"] for f in empty["findings"]} >= {"takeaways", "next-step"}


def test_a_topic_marked_skipped_by_hand(ada):
    ada("note", "add", "ada", "--topic", "journey", "Physics PhD")
    assert "balance: skipped" in ada("note", "skip", "ada", "balance").stdout
    topics = {t["key"]: t for t in ada.json("recap", "ada")["recap"]["topics"]}
    assert topics["balance"]["skipped"] and not topics["journey"]["skipped"]
    ada("note", "skip", "ada", "balance", "--undo")
    topics = {t["key"]: t for t in ada.json("recap", "ada")["recap"]["topics"]}
    assert not topics["balance"]["skipped"]
    ada.fails("note", "skip", "ada", "weather")
    ada.fails("note", "skip", "ada", "reflection")
