"""Fixing mistakes: notes, takeaways, promises, introductions and timeline entries can be
listed, edited, moved and removed, by id; stages, follow-ups and stats follow."""

from __future__ import annotations

import json

import pytest

from coffeechat.core.errors import FarAhead, InvalidValue, UnknownRecord
from coffeechat.core.model import Stage
from conftest import NOW

INIT = (
    "init", "--name", "Sam Rivera", "--email", "sam@example.com",
    "--timezone", "America/New_York", "--availability", "Mon-Fri 08:00-20:00",
)  # fmt: skip


def follow_up_kinds(workspace, ref: str = "ada") -> set[str]:
    return {f.kind for f in workspace.follow_ups(ref)}


def funnel(workspace) -> dict[str, int]:
    return {f.stage: f.count for f in workspace.progress().funnel}


@pytest.fixture
def ada(contacts):
    return contacts.add("Ada Lovelace", email="ada@example.com")


@pytest.fixture
def met(workspace, contacts, ada):
    """Ada replied on Monday and met Sam over lunch on Thursday."""
    contacts.log("ada", "reply", at="2026-11-23T10:00")
    return contacts.log("ada", "meeting", at="2026-11-26T12:00")


# --- the timeline: the service ------------------------------------------------------------


def test_removing_the_only_meeting_brings_the_contact_back_from_met_up(workspace, contacts, met):
    assert contacts.stage("ada") == "met-up"
    assert workspace.status().by_stage[Stage.MET_UP] == 1  # the stage cache is filled
    assert {"recap", "thank-you", "report-back"} <= follow_up_kinds(workspace)
    assert funnel(workspace)["met-up"] == 1

    done = workspace.remove_event(met.id)

    assert (done.kind, done.id, done.after) == ("event", met.id, None)
    assert done.contact.stage is Stage.AGREED
    assert contacts.stage("ada") == "agreed"
    counts = workspace.status().by_stage  # the cache's triggers saw the DELETE
    assert (counts[Stage.MET_UP], counts[Stage.AGREED]) == (0, 1)
    assert workspace._status_derived().by_stage == counts
    kinds = follow_up_kinds(workspace)
    assert not kinds & {"recap", "thank-you", "report-back", "keep-in-touch"}
    assert "schedule" in kinds
    assert funnel(workspace)["met-up"] == 0
    # the conversation the log made for the meeting goes with it
    assert workspace.show_contact("ada").conversations == []
    assert done.also == (f"its conversation ({met.value}) is removed too",)


def test_a_meeting_far_ahead_and_its_confirm_follow_up_can_be_removed(workspace, contacts, ada):
    # the example: `log priya meeting --at 2027-03-01T10:00`, a typo for 2026
    contacts.log("ada", "reply", at="2026-11-23T10:00")
    typo = workspace.log("ada", "meeting", at="2027-03-01T10:00")
    assert contacts.stage("ada") == "scheduled"
    assert [f.kind for f in workspace.follow_ups("ada")] == ["confirm"]
    workspace.remove_event(typo.id)
    assert contacts.stage("ada") == "agreed"
    assert "confirm" not in follow_up_kinds(workspace)
    assert [e.kind.value for e in workspace.list_events("ada").events] == ["reply"]


def test_the_service_refuses_a_meeting_far_ahead_only_when_asked_to(workspace, contacts, ada):
    with pytest.raises(FarAhead, match=r"2027-03-01 10:00 .* more than a day ahead.*--future"):
        workspace.log("ada", "meeting", at="2027-03-01T10:00", ask_ahead=True)
    assert workspace.list_events("ada").events == []
    # a day ahead at most is fine; so is anything when not asked
    workspace.log("ada", "meeting", at="2026-11-28T08:59", ask_ahead=True)
    workspace.log("ada", "meeting", at="2027-03-01T10:00")


def test_a_removed_meeting_leaves_a_conversation_with_notes_open_again(workspace, contacts, ada):
    workspace.add_note("ada", "Started in QA", topic="journey")
    meeting = contacts.log("ada", "meeting", at="2026-11-26T12:00")
    [held] = workspace.show_contact("ada").conversations
    assert (held.status, str(held.id)) == ("held", meeting.value)
    done = workspace.remove_event(meeting.id)
    [row] = workspace.show_contact("ada").conversations
    assert (row.id, row.status, row.start) == (held.id, "open", None)
    assert [n.text for n in workspace.list_notes("ada").notes] == ["Started in QA"]
    assert done.also == (f"conversation {held.id} is open again, no longer held",)
    assert not {"recap", "thank-you"} & follow_up_kinds(workspace)


def test_a_meeting_logged_before_it_named_its_conversation_is_found_by_its_time(
    workspace, contacts, met
):
    from coffeechat.store import events as event_store
    from coffeechat.store.schema import event

    with workspace.writing() as conn:  # as `log` wrote it before 13: no value
        conn.execute(event.update().where(event.c.id == met.id).values(value=None))
        assert event_store.get_event(conn, workspace.owner_id, met.id).value is None
    workspace.remove_event(met.id)
    assert workspace.show_contact("ada").conversations == []


def test_removing_the_recap_entry_leaves_the_conversation_to_recap(workspace, contacts, met):
    workspace.add_takeaway("ada", "insight", "Data teams hire from support")
    workspace.write_recap("ada")
    assert contacts.stage("ada") == "recapped"
    assert "recap" not in follow_up_kinds(workspace)
    [entry] = [e for e in workspace.list_events("ada").events if e.kind.value == "recap"]
    workspace.remove_event(entry.id)
    assert contacts.stage("ada") == "met-up"
    assert "recap" in follow_up_kinds(workspace)
    assert workspace.show_contact("ada").conversations[0].recapped_at is None


def test_a_removed_note_entry_leaves_the_search(workspace, contacts, ada):
    entry = contacts.log("ada", "note", note="Loves Rust meetups")
    assert [r.id for r in workspace.search("rust")] == [entry.id]
    workspace.remove_event(entry.id)
    assert workspace.search("rust") == []


def test_log_meeting_keeps_its_length_and_format(workspace, contacts, ada):
    meeting = workspace.log("ada", "meeting", at="2026-11-26T12:00", minutes=60, format="lunch")
    [row] = workspace.show_contact("ada").conversations
    assert str(row.id) == meeting.value
    assert (row.end - row.start).total_seconds() == 3600
    assert row.format == "lunch"
    workspace.add_note("ada", "Leaves at six", topic="balance")
    recap = workspace.write_recap("ada").recap
    assert (recap.minutes, recap.format) == (60, "lunch")


def test_log_meeting_length_and_format_on_a_conversation_already_open(workspace, contacts, ada):
    workspace.add_note("ada", "Started in QA")
    workspace.log("ada", "meeting", at="2026-11-26T12:00", minutes=45, format="video")
    [row] = workspace.show_contact("ada").conversations
    assert ((row.end - row.start).total_seconds(), row.format) == (45 * 60, "video")


@pytest.mark.parametrize(
    ("kind", "options", "problem"),
    [
        ("outreach", {"minutes": 60}, "minutes: only a meeting has a length and a format"),
        ("reply", {"format": "lunch"}, "format: only a meeting has a length and a format"),
        ("meeting", {"minutes": 2}, "minutes: must be between 5 and 600"),
        ("meeting", {"format": "picnic"}, "format: must be one of coffee|lunch|phone|video"),
    ],
)
def test_log_refuses_a_length_or_format_that_cannot_be(workspace, ada, kind, options, problem):
    with pytest.raises(InvalidValue) as error:
        workspace.log("ada", kind, at="2026-11-26T12:00", **options)
    assert str(error.value).startswith(problem)
    assert workspace.list_events("ada").events == []


def test_a_meeting_ahead_takes_its_length_from_schedule_confirm(workspace, ada):
    with pytest.raises(InvalidValue, match=r"a meeting ahead is a plan.*schedule confirm"):
        workspace.log("ada", "meeting", at="2026-11-28T08:00", minutes=60)
    assert workspace.list_events("ada").events == []


# --- notes, takeaways, promises, introductions: the service ---------------------------------


def test_a_note_is_edited_moved_and_removed_and_the_search_follows(workspace, ada):
    written = workspace.add_note("ada", "Physics PhD, then QA", topic="balance")
    assert workspace.search("physics")[0].title == "Ada Lovelace: balance"

    moved = workspace.edit_note(written.id, topic="journey")
    assert (moved.before.topic, moved.after.topic) == ("balance", "journey")
    assert workspace.search("physics")[0].title == "Ada Lovelace: journey"

    by_number = workspace.edit_note(written.id, topic="3")  # the third question
    assert by_number.after.topic == "challenges"
    alone = workspace.edit_note(written.id, "Physics PhD, then data", topic="none")
    assert (alone.after.topic, alone.after.text) == (None, "Physics PhD, then data")
    assert workspace.search("QA") == []
    assert [r.title for r in workspace.search("data")] == ["Ada Lovelace: conversation"]

    workspace.remove_note(written.id)
    assert workspace.list_notes("ada").notes == []
    assert workspace.search("physics") == []


def test_takeaways_and_promises_are_searched_as_they_now_read(workspace, ada):
    takeaway = workspace.add_takeaway("ada", "insight", "Tool breadth matters")
    promise = workspace.add_promise("ada", "me", "Send the deck")
    workspace.edit_takeaway(takeaway.id, "Depth beats breadth")
    workspace.edit_promise(promise.id, "Send the slides")
    assert workspace.search("tool") == [] and workspace.search("deck") == []
    assert [r.kind for r in workspace.search("depth")] == ["takeaway"]
    assert [r.kind for r in workspace.search("slides")] == ["promise"]
    workspace.remove_takeaway(takeaway.id)
    workspace.remove_promise(promise.id)
    assert workspace.search("depth") == [] and workspace.search("slides") == []


def test_a_note_goes_under_a_topic_of_its_guide_only(workspace, ada):
    written = workspace.add_note("ada", "Leaves at six", topic="balance")
    with pytest.raises(InvalidValue, match="topic: is not a topic of the 'default' guide"):
        workspace.edit_note(written.id, topic="weather")
    with pytest.raises(InvalidValue, match="topic: the guide has questions 1 to 9"):
        workspace.edit_note(written.id, topic="10")
    with pytest.raises(InvalidValue, match="note: is empty"):
        workspace.edit_note(written.id, "   ")
    [note] = workspace.list_notes("ada").notes
    assert (note.topic, note.text) == ("balance", "Leaves at six")


def test_removing_a_takeaway_changes_the_recap(workspace, met):
    workspace.add_note("ada", "Started in QA", topic="journey")
    kept = workspace.add_takeaway("ada", "insight", "Data teams hire from support")
    typo = workspace.add_takeaway("ada", "advice", "Lern dbt")
    first = workspace.write_recap("ada")
    assert [t.text for t in first.recap.takeaways] == [
        "Data teams hire from support",
        "Lern dbt",
    ]
    edited = workspace.edit_takeaway(typo.id, "Learn dbt", kind="resource")
    assert (edited.after.kind, edited.after.text) == ("resource", "Learn dbt")
    assert [(t.kind.value, t.text) for t in workspace.write_recap("ada").recap.takeaways] == [
        ("insight", "Data teams hire from support"),
        ("resource", "Learn dbt"),
    ]
    workspace.remove_takeaway(typo.id)
    workspace.remove_takeaway(kept.id)
    again = workspace.write_recap("ada")
    assert again.recap.takeaways == ()
    assert "takeaways" in [f.rule for f in again.findings]
    assert workspace.list_takeaways("ada")[1] == []


def test_dating_a_promise_makes_its_follow_up_and_the_recap_check_says_how(workspace, met):
    workspace.add_takeaway("ada", "insight", "Data teams hire from support")
    promised = workspace.add_promise("ada", "me", "Send my portfolio link")
    [finding] = [f for f in workspace.write_recap("ada").findings if f.rule == "promises-dated"]
    # the hint dates this promise; `promise add` would have made a second one
    assert finding.hint == f"Give it a date: coffeechat promise edit {promised.id} --due DATE"
    assert "promise" not in follow_up_kinds(workspace)

    done = workspace.edit_promise(promised.id, due="2026-12-04")
    assert (done.before.due, done.after.due.isoformat()) == (None, "2026-12-04")
    assert "promise" in follow_up_kinds(workspace)
    assert not [f for f in workspace.write_recap("ada").findings if f.rule == "promises-dated"]
    assert workspace.edit_promise(promised.id, "Send the portfolio and the deck").after.text == (
        "Send the portfolio and the deck"
    )
    assert workspace.edit_promise(promised.id, due="none").after.due is None
    workspace.edit_promise(promised.id, due="2026-12-04")
    workspace.remove_promise(promised.id)
    assert "promise" not in follow_up_kinds(workspace)
    assert workspace.list_promises("ada")[1] == []


def test_removing_an_introduction_takes_its_follow_up_and_the_link(workspace, met):
    made = workspace.add_introduction("ada", "Bob Chen", company="Initech")
    assert "introduction" in follow_up_kinds(workspace)
    assert workspace.show_contact("bob").contact.introduced_by_id == made.introducer.id
    done = workspace.remove_introduction(made.introduction_id)
    assert "introduction" not in follow_up_kinds(workspace)
    bob = workspace.show_contact("bob").contact  # the person stays, unlinked
    assert bob.introduced_by_id is None
    assert done.also == (
        f"Bob Chen stays a contact (remove them with `coffeechat contact remove {bob.id}`)",
    )
    assert workspace.list_introductions("ada")[1] == []


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda ws: ws.edit_note(99, "x"), "note: there is no note 99; `coffeechat note list"),
        (lambda ws: ws.remove_note(99), "note: there is no note 99;"),
        (lambda ws: ws.edit_takeaway(99, "x"), "takeaway: there is no takeaway 99; `coffeechat "),
        (lambda ws: ws.remove_takeaway(99), "takeaway: there is no takeaway 99;"),
        (lambda ws: ws.edit_promise(99, due="2026-12-04"), "promise: there is no promise 99;"),
        (lambda ws: ws.remove_promise(99), "promise: there is no promise 99;"),
        (lambda ws: ws.remove_introduction(99), "introduction: there is no introduction 99;"),
        (lambda ws: ws.remove_event(99), "event: there is no event 99; `coffeechat log list"),
    ],
)
def test_an_unknown_id_is_named(workspace, ada, call, message):
    with pytest.raises(UnknownRecord) as error:
        call(workspace)
    assert str(error.value).startswith(message)


# --- the CLI ------------------------------------------------------------------------------


@pytest.fixture
def ccb(cc, database_url: str, monkeypatch: pytest.MonkeyPatch):
    """Sam's workspace through the CLI on each backend."""
    monkeypatch.setenv("COFFEECHAT_DATABASE_URL", database_url)
    cc(*INIT)
    cc("contact", "add", "Priya Shah", "--company", "Stripe")
    return cc


def test_log_far_ahead_needs_future_when_not_in_a_terminal(ccb):
    ccb("log", "priya", "reply", "--at", "2026-11-23T10:00")
    failed = ccb.fails("log", "priya", "meeting", "--at", "2027-03-01T10:00")
    assert failed.stderr == (
        "Error: at: Mon 2027-03-01 10:00 (America/New_York) is more than a day ahead; if the "
        "meeting is really planned then, add --future (or fix the date)\n"
    )
    assert [e["kind"] for e in ccb.json("log", "list", "priya")["events"]] == ["reply"]
    logged = ccb.json("log", "priya", "meeting", "--at", "2027-03-01T10:00", "--future")
    assert logged["contact"]["stage"] == "scheduled"
    listed = ccb.json("log", "list", "priya")
    assert [e["kind"] for e in listed["events"]] == ["reply", "meeting"]
    removed = ccb("log", "remove", str(logged["id"]))
    assert removed.stdout == (
        f"Removed meeting with Priya Shah on Mon 2027-03-01 10:00 EST (event {logged['id']}); "
        "Priya Shah is at stage agreed.\n"
    )
    assert ccb.json("contact", "show", "priya")["stage"] == "agreed"
    assert "confirm" not in [i["kind"] for i in ccb.json("agenda", "--days", "120")["items"]]


@pytest.mark.parametrize(("answer", "events"), [("y\n", ["meeting"]), ("n\n", [])])
def test_log_far_ahead_asks_in_a_terminal(ccw, monkeypatch, answer, events):
    from coffeechat.cli import options

    ccw("contact", "add", "Priya Shah")
    monkeypatch.setattr(options, "interactive", lambda: True)
    result = ccw("log", "priya", "meeting", "--at", "2027-03-01T10:00", input=answer, ok=False)
    assert "Mon 2027-03-01 10:00 (America/New_York) is more than a day ahead. Log the meeting?" in (
        result.output
    )
    assert result.exit_code == (0 if events else 1)
    assert [e["kind"] for e in ccw.json("log", "list", "priya")["events"]] == events


def test_log_meeting_minutes_and_format(ccw):
    ccw("contact", "add", "Priya Shah")
    ccw("log", "priya", "meeting", "--at", "2026-11-26T12:00", "--minutes", "60",
        "--format", "lunch")  # fmt: skip
    [talk] = ccw.json("contact", "show", "priya")["conversations"]
    assert (talk["start"], talk["end"], talk["format"]) == (
        "2026-11-26T12:00:00-05:00",
        "2026-11-26T13:00:00-05:00",
        "lunch",
    )
    failed = ccw.fails("log", "priya", "outreach", "--minutes", "60")
    assert failed.stderr.startswith("Error: minutes: only a meeting has a length and a format")


def test_log_list_and_remove_in_words(ccw):
    ccw("contact", "add", "Priya Shah")
    ccw("log", "priya", "outreach", "--at", "2026-11-23T10:00", "--note", "On LinkedIn")
    assert ccw("log", "list", "priya").stdout == (
        "Timeline of Priya Shah (stage: reached-out):\n"
        "ID  WHEN                      KIND      NOTE\n"
        "1   Mon 2026-11-23 10:00 EST  outreach  On LinkedIn\n"
    )
    assert ccw.fails("log", "remove", "7").stderr == (
        "Error: event: there is no event 7; `coffeechat log list CONTACT` lists the ids\n"
    )
    document = ccw.json("log", "remove", "1")
    assert document == {
        "kind": "event",
        "id": 1,
        "removed": True,
        "before": {
            "id": 1,
            "kind": "outreach",
            "at": "2026-11-23T10:00:00-05:00",
            "zone": "America/New_York",
            "note": "On LinkedIn",
            "value": None,
        },
        "after": None,
        "contact": {"id": 1, "name": "Priya Shah", "stage": "met"},
        "also": [],
    }
    assert ccw("log", "list", "priya").stdout == "Nothing logged with Priya Shah yet.\n"


def test_note_list_edit_move_remove(ccw):
    ccw("contact", "add", "Ada Lovelace")
    ccw("note", "add", "ada", "--topic", "balance", "Physics PhD, then QA")
    ccw("note", "add", "ada", "Recommended a podcast")
    listed = ccw.json("note", "list", "ada")
    assert [(n["id"], n["topic"], n["text"]) for n in listed["notes"]] == [
        (1, "balance", "Physics PhD, then QA"),
        (2, None, "Recommended a podcast"),
    ]
    assert listed["notes"][0]["created_at"] == NOW
    assert ccw("note", "list", "ada").stdout == (
        "Notes on Ada Lovelace:\n"
        "ID  CONVERSATION  TOPIC    WRITTEN               TEXT\n"
        "1   1             balance  Fri 2026-11-27 09:00  Physics PhD, then QA\n"
        "2   1             -        Fri 2026-11-27 09:00  Recommended a podcast\n"
    )
    assert ccw("note", "move", "1", "--topic", "journey").stdout == (
        "Note 1 moved under journey; Ada Lovelace is at stage met.\n"
    )
    edited = ccw.json("note", "edit", "2", "The Data Engineering Podcast", "--topic", "advice")
    assert (edited["before"]["text"], edited["after"]["text"]) == (
        "Recommended a podcast",
        "The Data Engineering Podcast",
    )
    assert edited["after"]["topic"] == "advice"
    # no text given, not in a terminal: the new text comes from standard input
    ccw("note", "edit", "2", input="Recommended the Data Engineering Podcast\n")
    assert ccw.json("note", "list", "ada")["notes"][1]["text"] == (
        "Recommended the Data Engineering Podcast"
    )
    assert ccw.fails("note", "edit", "2", input="").stderr.startswith(
        "Error: note 2: give the new text"
    )
    assert ccw("note", "remove", "1").stdout == (
        'Removed note 1 (journey): "Physics PhD, then QA"; Ada Lovelace is at stage met.\n'
    )
    assert [n["id"] for n in ccw.json("note", "list", "ada")["notes"]] == [2]
    assert ccw.fails("note", "remove", "1").stderr == (
        "Error: note: there is no note 1; `coffeechat note list CONTACT` lists the ids\n"
    )


def test_note_edit_opens_the_editor_in_a_terminal(ccw, monkeypatch):
    import click

    from coffeechat.cli import options

    ccw("contact", "add", "Ada Lovelace")
    ccw("note", "add", "ada", "Physics PhD")
    monkeypatch.setattr(options, "interactive", lambda: True)
    monkeypatch.setattr(click, "edit", lambda text: text + ", then QA\n")
    ccw("note", "edit", "1")
    assert ccw.json("note", "list", "ada")["notes"][0]["text"] == "Physics PhD, then QA"
    monkeypatch.setattr(click, "edit", lambda text: None)  # closed without saving
    assert ccw.fails("note", "edit", "1").stderr == "Error: note 1: unchanged (nothing was saved)\n"


def test_promise_add_says_the_promise_and_edit_dates_it(ccw):
    ccw("contact", "add", "Ada Lovelace")
    said = ccw("promise", "add", "ada", "--by", "me", "Send my portfolio link")
    assert said.stdout == (
        "You promised: Send my portfolio link (promise 1, on conversation 1 with Ada Lovelace "
        "(a new conversation, started for it)).\n"
    )
    assert ccw("promise", "edit", "1", "--due", "2026-12-04").stdout == (
        'Promise 1, due 2026-12-04: "Send my portfolio link"; Ada Lovelace is at stage met.\n'
    )
    [promise] = ccw.json("promise", "list", "ada")["promises"]
    assert (promise["by"], promise["due"], promise["done"]) == ("me", "2026-12-04", False)
    items = ccw.json("agenda", "--days", "14")["items"]
    assert [i["kind"] for i in items] == ["promise"]
    ccw("promise", "remove", "1")
    assert ccw.json("agenda", "--days", "14")["items"] == []


def test_takeaway_and_intro_lists_edits_and_removals(ccw):
    ccw("contact", "add", "Ada Lovelace")
    ccw("takeaway", "add", "ada", "--kind", "insight", "Hires from suport")
    document = ccw.json("takeaway", "edit", "1", "Hires from support")
    assert (document["kind"], document["after"]["text"]) == ("takeaway", "Hires from support")
    assert ccw.json("takeaway", "list", "ada")["takeaways"][0]["text"] == "Hires from support"
    assert ccw("takeaway", "remove", "1").stdout == (
        'Removed takeaway 1 (insight): "Hires from support"; Ada Lovelace is at stage met.\n'
    )
    ccw("intro", "add", "ada", "--to", "Bob Chen")
    [offered] = ccw.json("intro", "list", "ada")["introductions"]
    assert (offered["from_id"], offered["to_id"], offered["status"]) == (1, 2, "offered")
    assert ccw("intro", "list", "ada").stdout == (
        "Introductions Ada Lovelace offered:\n"
        "ID  TO             STATUS\n"
        "1   Bob Chen (#2)  offered\n"
    )
    assert ccw("intro", "remove", "1").stdout == (
        "Removed introduction 1; Ada Lovelace is at stage met.\n"
        "  Also: Bob Chen stays a contact (remove them with `coffeechat contact remove 2`).\n"
    )
    assert ccw.json("intro", "list", "ada")["introductions"] == []


def test_lists_keep_the_ambiguous_contact_error(ccw):
    ccw("contact", "add", "Ada Lovelace")
    ccw("contact", "add", "Ada Park")
    for group in ("note", "takeaway", "promise", "intro", "log"):
        failed = ccw.fails(group, "list", "ada")
        assert "matches 2 contacts: Ada Lovelace (id 1), Ada Park (id 2)" in failed.stderr


def test_the_json_of_a_correction_is_one_document(ccw):
    ccw("contact", "add", "Ada Lovelace")
    ccw("note", "add", "ada", "Leaves at six")
    out = ccw("note", "remove", "1", "--json").stdout
    assert json.loads(out)["before"]["text"] == "Leaves at six"


def test_an_entry_s_note_and_time_are_corrected_and_the_stage_follows(workspace, contacts, ada):
    contacts.log("ada", "outreach", at="2026-11-16T10:00", note="LinkedIn")
    reply = contacts.log("ada", "reply", at="2026-11-20T09:00", note="Yes, Tuesday")
    done = workspace.edit_event(reply.id, note="Yes, Wednesday", at="2026-11-21T08:30")
    assert done.before.note == "Yes, Tuesday" and done.after.note == "Yes, Wednesday"
    [_, after] = workspace.list_events("ada").events
    assert after.note == "Yes, Wednesday" and after.at.isoformat() == "2026-11-21T13:30:00+00:00"
    assert [h.id for h in workspace.search("wednesday") if h.kind == "note"] == [reply.id]
    assert workspace.search("tuesday") == []
    workspace.edit_event(reply.id, note="")
    assert workspace.list_events("ada").events[1].note is None
    assert workspace.last_change().label == "a change"


@pytest.mark.parametrize(
    ("kind", "at", "field"),
    [
        ("reply", "2027-05-01T10:00", "at"),
        ("meeting", "2026-11-20T10:00", "at"),
        ("reply", "soon", "at"),
    ],
)
def test_a_time_that_cannot_be_is_refused_and_nothing_changes(
    workspace, contacts, ada, kind, at, field
):
    event = contacts.log("ada", kind, at="2026-11-19T09:00")
    with pytest.raises(InvalidValue) as refused:
        workspace.edit_event(event.id, note="x", at=at)
    assert refused.value.field == field
    [kept] = [e for e in workspace.list_events("ada").events if e.id == event.id]
    assert kept.note is None and kept.at == event.at


def test_editing_nothing_or_no_entry_is_refused(workspace, contacts, ada):
    with pytest.raises(UnknownRecord):
        workspace.edit_event(999, note="x")
    event = contacts.log("ada", "outreach", at="2026-11-16T10:00")
    with pytest.raises(InvalidValue):
        workspace.edit_event(event.id)


def test_log_edit_says_what_it_saved_and_json_is_the_correction(ccw):
    ccw("contact", "add", "Priya Shah")
    event = ccw.json("log", "priya", "reply", "--at", "2026-11-20T09:00", "--note", "Yes")
    result = ccw("log", "edit", str(event["id"]), "--note", "Yes, Tuesday")
    assert "Saved the reply with Priya Shah on Fri 2026-11-20 09:00 EST" in result.stdout
    document = ccw.json("log", "edit", str(event["id"]), "--at", "2026-11-21T10:00")
    assert document["kind"] == "event" and document["removed"] is False
    assert document["before"]["note"] == "Yes, Tuesday" == document["after"]["note"]
    assert document["after"]["at"].startswith("2026-11-21T10:00")
    refused = ccw.fails("log", "edit", str(event["id"]), "--at", "2030-01-01T10:00")
    assert "at:" in refused.stderr
