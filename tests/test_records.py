"""The records mean what they say (issue 13): a reflection is no meeting, an introduction
offered has a stage of its own, imported employers are not targets, funnel rates count
those who went through the step before, search finds takeaways and promises, a contact
has one scheduled conversation, every output shows the same stage, and a video link goes
into the invite and the confirmation."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from coffeechat.core.model import Stage
from coffeechat.service import Workspace
from conftest import CLI

DATA = Path(__file__).parent / "data"


def _stage(cc: CLI, ref: str) -> str:
    return str(cc.json("contact", "show", ref)["stage"])


# --- the reflection --------------------------------------------------------------------


def test_a_reflection_is_no_meeting(ccw: CLI) -> None:
    ccw("contact", "add", "Alex Chen", "--company", "Stripe")
    result = ccw(
        "recap", "alex", "--variant", "reflection", "--reflection", "Their team ships weekly"
    )
    assert "# Reflection: Alex Chen" in result.stdout
    assert "stays at met" in result.stderr
    shown = ccw.json("contact", "show", "alex")
    assert shown["stage"] == "met"  # not recapped: nothing took place
    assert [e["kind"] for e in shown["timeline"]] == []
    assert shown["follow_ups"] == []  # no thank-you, no report-back owed
    status = ccw("status").stdout
    assert "Thank Alex" not in status and "draft thank-you" not in status
    assert "Reach out to Alex Chen" in status
    assert not any(i["kind"] == "thank-you" for i in ccw.json("agenda")["items"])


def test_a_reflection_leaves_a_contact_met_where_it_was(ccw: CLI) -> None:
    ccw("contact", "add", "Alex Chen")
    ccw("log", "alex", "outreach", "--at", "2026-11-20T10:00")
    ccw("recap", "alex", "--variant", "reflection", "--reflection", "I learnt a lot")
    assert _stage(ccw, "alex") == "reached-out"


@pytest.mark.parametrize("variant", ["interview", "known", "reflection", None])
def test_a_recap_with_nothing_written_stops_and_says_what_to_add(
    ccw: CLI, home: Path, variant: str | None
) -> None:
    ccw("contact", "add", "Alex Chen")
    ccw("log", "alex", "meeting", "--at", "2026-11-26T12:00")
    before = ccw.json("contact", "show", "alex")
    chosen = ["--variant", variant] if variant else []
    error = ccw.fails("recap", "alex", *chosen).stderr
    assert "nothing is written" in error
    assert "coffeechat takeaway add 1" in error and "--reflection" in error
    assert ccw.json("contact", "show", "alex") == before  # nothing changed
    assert not list(home.glob("recap-*"))


def test_a_recap_with_only_a_reflection_is_written(ccw: CLI) -> None:
    ccw("contact", "add", "Alex Chen")
    ccw("recap", "alex", "--reflection", "What I took from their talk")
    again = ccw("recap", "alex")  # the kept reflection is content too
    assert "What I took from their talk" in again.stdout


# --- an introduction offered -------------------------------------------------------------


@pytest.fixture
def offered(ccw: CLI) -> CLI:
    """Priya, met yesterday, offered to introduce Sam to Marcus (a new contact)."""
    ccw("contact", "add", "Priya Natarajan", "--company", "Stripe")
    ccw("log", "priya", "meeting", "--at", "2026-11-26T10:00")
    ccw("intro", "add", "priya", "--to", "Marcus Oyelaran", "--company", "Grubhub")
    return ccw


def test_a_person_offered_stands_at_intro_offered(offered: CLI) -> None:
    marcus = offered.json("contact", "show", "marcus")
    assert marcus["stage"] == "intro-offered"
    assert marcus["stage_since"] == "2026-11-27T09:00:00-05:00"  # when it was offered
    listed = offered.json("contact", "list", "--stage", "intro-offered")["contacts"]
    assert [c["name"] for c in listed] == ["Marcus Oyelaran"]
    board = {c["stage"]: c["contacts"] for c in offered.json("board")["stages"]}
    assert [c["name"] for c in board["intro-offered"]] == ["Marcus Oyelaran"]
    assert offered.json("status")["stages"]["intro-offered"] == 1


def test_the_next_step_is_the_introduction_as_the_agenda_says(offered: CLI) -> None:
    steps = offered.json("status")["next_steps"]
    assert not any("Reach out to Marcus" in s for s in steps)
    ask = next(i for i, s in enumerate(steps) if "Ask Priya Natarajan for the introduction" in s)
    assert 'coffeechat draft intro-request 1 --to "Marcus Oyelaran"' in steps[ask]
    agenda = [i["reason"] for i in offered.json("agenda", "--days", "3")["items"]]
    assert any("Ask Priya Natarajan for the introduction to Marcus" in r for r in agenda)
    offered("log", "priya", "intro-request")
    assert any("Wait for Priya Natarajan" in s for s in offered.json("status")["next_steps"])
    offered("log", "marcus", "introduced")
    steps = offered.json("status")["next_steps"]
    assert any("write to them with coffeechat draft outreach 2" in s for s in steps)
    offered("log", "marcus", "outreach")
    assert _stage(offered, "marcus") == "reached-out"  # the pipeline goes on from there


def test_a_warm_introduction_comes_before_cold_contacts(offered: CLI) -> None:
    connections = DATA / "imports" / "Connections.csv"
    offered("import", "linkedin", str(connections))
    steps = offered.json("status")["next_steps"]
    warm = next(i for i, s in enumerate(steps) if "introduction to Marcus" in s)
    cold = [i for i, s in enumerate(steps) if s.startswith("Reach out to")]
    assert cold and warm < min(cold)


def test_an_introduction_offered_later_does_not_move_anyone_back(ccw: CLI) -> None:
    ccw("contact", "add", "Priya Natarajan")
    ccw("contact", "add", "Marcus Oyelaran")
    ccw("log", "marcus", "outreach", "--at", "2026-11-20T10:00")
    ccw("intro", "add", "priya", "--to", "Marcus Oyelaran")
    assert _stage(ccw, "marcus") == "reached-out"


def test_the_introduction_table_feeds_the_stage_cache(offered: CLI, home: Path) -> None:
    assert offered.json("status")["stages"]["intro-offered"] == 1  # cached now
    with sqlite3.connect(home / "coffeechat.db") as conn:  # any writer, any process
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("DELETE FROM introduction")
    counts = offered.json("status")["stages"]
    assert (counts["intro-offered"], counts["met"]) == (0, 1)


def test_the_introduction_triggers_work_on_each_backend(workspace: Workspace) -> None:
    workspace.add_contact(name="Priya Natarajan")
    workspace.add_introduction("Priya Natarajan", "Marcus Oyelaran")
    assert workspace.status().by_stage[Stage.INTRO_OFFERED] == 1  # cached now
    with workspace.engine.begin() as conn:  # another writer, behind the service's back
        conn.execute(text("DELETE FROM introduction"))
    assert workspace.status() == workspace._status_derived()
    assert workspace.status().by_stage[Stage.INTRO_OFFERED] == 0


# --- imported employers are companies, not targets --------------------------------------


def test_an_import_does_not_flood_the_target_list(ccw: CLI) -> None:
    ccw("company", "add", "Acme", "--motivation", "3")
    ccw("contact", "add", "Ada Lovelace", "--company", "Initech")
    ccw("import", "linkedin", str(DATA / "imports" / "Connections.csv"))
    companies = ccw.json("company", "list")["companies"]
    ranked = [(c["name"], c["rank"], c["active"]) for c in companies if c["target"]]
    assert ranked == [("Acme", 1, True)]
    others = [c for c in companies if not c["target"]]
    assert "Initech" in {c["name"] for c in others} and "Fabrikam, Ltd." in {
        c["name"] for c in others
    }
    assert all(c["rank"] is None and not c["active"] for c in others)
    text = ccw("company", "list").stdout
    assert "Not ranked:" in text and "company edit NAME --target" in text


def test_a_company_is_ranked_once_scored_or_marked(ccw: CLI) -> None:
    ccw("contact", "add", "Ada Lovelace", "--company", "Initech")
    ccw("contact", "add", "Bo Chen", "--company", "Globex")
    assert ccw.json("company", "show", "initech")["rank"] is None
    assert "not on your target list" in ccw("company", "edit", "initech", "--note", "x").stdout
    assert ccw.json("company", "edit", "initech", "--motivation", "2")["rank"] == 1
    assert ccw.json("company", "edit", "globex", "--target")["rank"] == 2
    assert ccw.json("company", "edit", "globex", "--no-target")["rank"] is None
    added = ccw.json("company", "add", "Globex", "--posting", "3")  # puts it on the list
    assert (added["id"], added["target"]) == (2, True)
    assert "already" in ccw.fails("company", "add", "Globex").stderr


def test_an_export_from_before_targets_and_links_reads(ccw: CLI, tmp_path: Path) -> None:
    ccw("company", "add", "Acme", "--motivation", "3")
    ccw("contact", "add", "Ada Lovelace", "--company", "Initech")
    ccw("schedule", "confirm", "ada", "--at", "2026-12-01T12:30", "--link", "meet.example.com/x")
    backup = tmp_path / "all.json"
    ccw("export", "json", "-o", str(backup))
    document = json.loads(backup.read_text())
    for company in document["companies"]:
        del company["target"]
    for talk in document["conversations"]:
        assert talk.pop("link") == "https://meet.example.com/x"
    backup.write_text(json.dumps(document))
    restored = ["--home", str(tmp_path / "restored")]
    ccw(*restored, "init", "--name", "Sam Rivera", "--timezone", "America/New_York")
    ccw(*restored, "import", "json", str(backup))
    companies = {c["name"]: c for c in ccw.json(*restored, "company", "list")["companies"]}
    assert (companies["Acme"]["target"], companies["Initech"]["target"]) == (True, False)
    [talk] = ccw.json(*restored, "contact", "show", "ada")["conversations"]
    assert talk["link"] is None


def test_status_asks_for_targets_when_only_employers_came_with_contacts(ccw: CLI) -> None:
    ccw("import", "linkedin", str(DATA / "imports" / "Connections.csv"))
    assert any("List the employers you target" in s for s in ccw.json("status")["next_steps"])


# --- the funnel ------------------------------------------------------------------------


@pytest.fixture
def skipped(ccw: CLI) -> CLI:
    """Ada went the whole way; Kim, an old friend, met up without outreach or reply."""
    ccw("contact", "add", "Ada Lovelace", "--met-on", "2026-11-02")
    ccw("contact", "add", "Kim Park", "--met-on", "2026-11-02", "--how-met", "already-known")
    ccw("log", "ada", "outreach", "--at", "2026-11-03T10:00")
    ccw("log", "ada", "reply", "--at", "2026-11-04T10:00")
    ccw("log", "ada", "meeting", "--at", "2026-11-10T12:00")
    ccw("log", "kim", "meeting", "--at", "2026-11-12T12:00")
    return ccw


def test_funnel_rates_count_only_who_went_through_the_step_before(skipped: CLI) -> None:
    funnel = {s["stage"]: s for s in skipped.json("stats")["funnel"]}
    assert (funnel["replied"]["count"], funnel["met-up"]["count"]) == (1, 2)
    assert (funnel["met-up"]["rate"], funnel["met-up"]["through"]) == (1.0, 1)
    assert funnel["reached-out"]["rate"] == 0.5  # Ada of the two met
    text = skipped("stats").stdout
    assert "200%" not in text
    assert re.search(r"met up\s+2\s+100% of replied \(1 of 1\)", text)


def test_the_chart_shows_the_same_rates(skipped: CLI, tmp_path: Path) -> None:
    chart = tmp_path / "progress.svg"
    skipped("stats", "-o", str(chart))
    svg = chart.read_text()
    assert "200%" not in svg and "100% of previous" in svg


# --- search ------------------------------------------------------------------------------


def test_search_finds_takeaways_and_promises(ccw: CLI, tmp_path: Path) -> None:
    ccw("contact", "add", "Alex Chen")
    ccw("takeaway", "add", "alex", "--kind", "insight", "Hiring managers value tool breadth")
    ccw("promise", "add", "alex", "--by", "me", "Send the portfolio link", "--due", "2026-12-01")
    [hit] = ccw.json("search", "tool breadth")["results"]
    assert (hit["kind"], hit["contact_id"], hit["title"]) == (
        "takeaway",
        1,
        "Alex Chen: takeaway (insight)",
    )
    [hit] = ccw.json("search", "portfolio")["results"]
    assert (hit["kind"], hit["title"]) == ("promise", "Alex Chen: promise by me")
    assert "(contact 1)" in ccw("search", "breadth").stdout
    ccw("contact", "edit", "alex", "--name", "Alex Cheng")
    assert ccw.json("search", "breadth")["results"][0]["title"].startswith("Alex Cheng:")
    backup = tmp_path / "all.json"
    ccw("export", "json", "-o", str(backup))
    ccw("contact", "remove", "alex", "--yes")
    assert ccw.json("search", "breadth")["results"] == []
    restored = ["--home", str(tmp_path / "restored")]
    ccw(*restored, "init", "--name", "Sam Rivera", "--timezone", "America/New_York")
    ccw(*restored, "import", "json", str(backup))
    found = ccw.json(*restored, "search", "breadth")["results"]
    assert [(r["kind"], r["title"]) for r in found] == [
        ("takeaway", "Alex Cheng: takeaway (insight)")
    ]


# --- one scheduled conversation ---------------------------------------------------------


@pytest.fixture
def booked(ccw: CLI, tmp_path: Path) -> CLI:
    ccw("contact", "add", "Ada Lovelace", "--email", "ada@acme.example",
        "--timezone", "Europe/London")  # fmt: skip
    ccw("log", "ada", "reply", "--at", "2026-11-26T10:00")
    ccw("schedule", "confirm", "ada", "--at", "2026-12-01T12:30", "--ics", str(tmp_path / "a.ics"))
    return ccw


def test_a_second_confirm_refuses_without_move(booked: CLI) -> None:
    before = booked.json("contact", "show", "ada")
    error = booked.fails("schedule", "confirm", "ada", "--at", "2026-12-02T12:30").stderr
    assert "already has a conversation on Tue 01 Dec 12:30" in error
    assert "coffeechat schedule reschedule 1" in error and "--move" in error
    assert booked.json("contact", "show", "ada") == before


def test_a_second_confirm_with_move_moves_the_same_invite(booked: CLI, tmp_path: Path) -> None:
    first = booked.json("contact", "show", "ada")["conversations"]
    moved = booked.json("schedule", "confirm", "ada", "--at", "2026-12-02T12:30", "--move",
                        "--ics", str(tmp_path / "b.ics"))  # fmt: skip
    assert moved["rescheduled"] is True
    talks = booked.json("contact", "show", "ada")["conversations"]
    assert [c["id"] for c in talks] == [first[0]["id"]]  # never two scheduled
    assert talks[0]["start"] == "2026-12-02T12:30:00+00:00" and talks[0]["reschedules"] == 1
    old, new = (tmp_path / "a.ics").read_bytes(), (tmp_path / "b.ics").read_bytes()
    uid = re.search(rb"UID:(\S+)", old)
    assert uid is not None and b"UID:" + uid[1] in new
    assert b"SEQUENCE:0" in old and b"SEQUENCE:1" in new


def test_a_second_confirm_in_a_terminal_asks_whether_to_move(
    booked: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("coffeechat.cli.scheduling.interactive", lambda: True)
    declined = booked("schedule", "confirm", "ada", "--at", "2026-12-02T12:30", input="n\n",
                      ok=False)  # fmt: skip
    assert declined.exit_code == 1 and "Move it to this new time?" in declined.output
    assert booked.json("contact", "show", "ada")["conversations"][0]["reschedules"] == 0
    moved = booked("schedule", "confirm", "ada", "--at", "2026-12-02T12:30", input="y\n")
    assert "Moved: Ada Lovelace" in moved.stdout
    [talk] = booked.json("contact", "show", "ada")["conversations"]
    assert talk["reschedules"] == 1


# --- every output shows the same stage ---------------------------------------------------


def test_every_json_output_shows_the_same_stage(ccw: CLI) -> None:
    """A walk through the workflow; after each step, every output that shows Ada agrees
    with `contact show` (stage and since)."""

    def same(document: dict[str, object]) -> None:
        shown = ccw.json("contact", "show", "ada")
        listed = next(c for c in ccw.json("contact", "list")["contacts"] if c["id"] == 1)
        board = {
            c["id"]: col["stage"] for col in ccw.json("board")["stages"] for c in col["contacts"]
        }
        assert listed["stage"] == shown["stage"] == board[1] == document["stage"]
        assert listed["stage_since"] == shown["stage_since"]
        if "stage_since" in document:
            assert document["stage_since"] == shown["stage_since"]
        network = {c["id"]: c["stage"] for c in ccw.json("network")["contacts"]}
        if 1 in network:
            assert network[1] == shown["stage"]

    same(ccw.json("contact", "add", "Ada Lovelace", "--timezone", "Europe/London"))
    same(ccw.json("log", "ada", "outreach", "--at", "2026-11-20T10:00")["contact"])
    same(ccw.json("log", "ada", "reply", "--at", "2026-11-26T10:00")["contact"])
    same(ccw.json("schedule", "propose", "ada")["contact"])  # was `met`, since null
    same(ccw.json("note", "add", "ada", "Read her blog first")["contact"])
    same(ccw.json("schedule", "confirm", "ada", "--at", "2026-12-01T12:30")["contact"])
    same(ccw.json("takeaway", "add", "ada", "--kind", "advice", "Ship small")["contact"])
    same(ccw.json("promise", "add", "ada", "--by", "me", "Send the link")["contact"])
    same(ccw.json("intro", "add", "ada", "--to", "Bo Chen")["introducer"])
    same(ccw.json("contact", "edit", "ada", "--city", "London"))
    same(ccw.json("log", "ada", "meeting", "--at", "2026-11-27T08:00")["contact"])
    same(ccw.json("recap", "ada")["contact"])
    same(ccw.json("draft", "thank-you", "ada")["contact"])
    assert _stage(ccw, "ada") == "recapped"


# --- the video link ----------------------------------------------------------------------


def test_confirm_link_goes_into_the_invite_and_the_confirmation(ccw: CLI, tmp_path: Path) -> None:
    ccw("contact", "add", "Ada Lovelace", "--email", "ada@acme.example",
        "--timezone", "America/Los_Angeles")  # fmt: skip
    link = "https://meet.example.com/abc-defg?pwd=1"
    done = ccw.json("schedule", "confirm", "ada", "--at", "2026-12-01T12:30", "--format",
                    "video", "--link", link, "--ics", str(tmp_path / "a.ics"))  # fmt: skip
    assert done["conversation"]["link"] == link
    from icalendar import Calendar

    [event] = Calendar.from_ical((tmp_path / "a.ics").read_bytes()).walk("VEVENT")
    assert str(event["LOCATION"]) == link and str(event["URL"]) == link
    assert link in str(event["DESCRIPTION"])
    assert f"Link: {link}" in ccw("draft", "confirm", "ada").stdout
    moved = ccw.json("schedule", "confirm", "ada", "--at", "2026-12-02T12:30", "--move")
    assert moved["conversation"]["link"] == link  # a moved video call keeps its link


@pytest.mark.parametrize(
    "link",
    ["javascript:alert(1)", "ftp://files.example.com/x", "https://meet.example.com/\x07x",
     "https://meet.example.com/a b", "not a link"],
)  # fmt: skip
def test_a_bad_link_is_refused_and_nothing_is_scheduled(ccw: CLI, link: str) -> None:
    ccw("contact", "add", "Ada Lovelace")
    assert "link:" in ccw.fails("schedule", "confirm", "ada", "--at", "2026-12-01T12:30",
                                "--link", link).stderr  # fmt: skip
    assert ccw.json("contact", "show", "ada")["conversations"] == []


def test_the_docs_name_the_new_stage_and_fields() -> None:
    docs = Path(__file__).parents[1] / "docs"
    guide, contract = (docs / "guide.md").read_text(), (docs / "json.md").read_text()
    assert "`intro-offered`" in guide and "`intro-offered`" in contract
    assert json.dumps("through") and "`through`" in contract
