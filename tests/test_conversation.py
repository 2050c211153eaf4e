"""The conversation through the service, on SQLite and PostgreSQL: which conversation
notes attach to, introductions, the chat's saving, meetings, and the recap's stage.

Sam (the user) is in New York; "now" is Friday 27 November 2026, 09:00 there.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from coffeechat.config import Clock
from coffeechat.core.errors import CoffeechatError, InvalidValue
from coffeechat.core.recap import Variant
from coffeechat.service import Workspace
from coffeechat.store import scheduling as scheduling_store
from conftest import NOW_DT, Contacts


def conversations(ws: Workspace, ref: str) -> list[scheduling_store.ConversationRow]:
    return ws.show_contact(ref).conversations


@pytest.fixture
def ada(contacts: Contacts) -> str:
    contacts.add(
        "Ada Lovelace",
        company="Acme",
        title="Data Engineer",
        seniority="senior",
        timezone="Europe/London",
        emails=["ada@acme.example"],
    )
    return "ada"


def test_a_note_starts_a_conversation_when_there_is_none(workspace: Workspace, ada: str) -> None:
    written = workspace.add_note(ada, "Started in QA", topic="journey")
    assert written.started
    [row] = conversations(workspace, ada)
    assert row.status == "open" and row.start is None
    again = workspace.add_note(ada, "Then data", topic="journey")
    assert not again.started and again.conversation_id == row.id


def test_notes_attach_to_the_scheduled_conversation(workspace: Workspace, ada: str) -> None:
    workspace.add_note(ada, "An old chat")  # starts conversation 1
    workspace.log(ada, "reply")
    workspace.confirm(ada, at="2026-12-01T12:00")
    scheduled = [c for c in conversations(workspace, ada) if c.status == "scheduled"]
    written = workspace.add_note(ada, "Prep: ask about Airflow", topic="workflow")
    assert written.conversation_id == scheduled[0].id


def test_an_unknown_topic_is_refused_and_nothing_is_written(workspace: Workspace, ada: str) -> None:
    with pytest.raises(InvalidValue, match="not a topic of the 'default' guide"):
        workspace.add_note(ada, "Hm", topic="trends")
    assert conversations(workspace, ada) == []  # not even the conversation was started
    workspace.add_note(ada, "Trends in data", topic="trends", guide="tiara")
    assert conversations(workspace, ada)[0].guide == "tiara"


def test_the_reflection_topic_is_always_allowed(workspace: Workspace, ada: str) -> None:
    workspace.add_note(ada, "I want a team like hers", topic="reflection")
    result = workspace.write_recap(ada)
    assert result.recap.reflection == "I want a team like hers"


def test_another_conversation_by_id_and_a_wrong_id(workspace: Workspace, ada: str) -> None:
    first = workspace.add_note(ada, "one").conversation_id
    with pytest.raises(CoffeechatError, match="has no conversation 999"):
        workspace.add_takeaway(ada, "insight", "x", conversation=999)
    assert workspace.add_takeaway(ada, "insight", "x", conversation=first).conversation_id == first


def test_promises_take_dates_and_refuse_bad_ones(workspace: Workspace, ada: str) -> None:
    workspace.add_promise(ada, "me", "Send my portfolio", due="2026-12-02")
    with pytest.raises(InvalidValue, match="due"):
        workspace.add_promise(ada, "me", "Something", due="next week-ish")
    with pytest.raises(InvalidValue, match="by"):
        workspace.add_promise(ada, "everyone", "Something")
    promises = workspace.write_recap(ada).recap.promises
    assert [(p.text, p.due) for p in promises] == [("Send my portfolio", dt.date(2026, 12, 2))]


def test_an_introduction_creates_the_person_and_links_an_existing_one(
    workspace: Workspace, ada: str, contacts: Contacts
) -> None:
    made = workspace.add_introduction(ada, "Bob Chen", company="Initech", email="bob@initech.ex")
    assert made.created
    bob = made.person
    assert bob.introduced_by == "Ada Lovelace" and bob.company == "Initech"
    assert bob.how_met is not None and bob.how_met.value == "introduced"
    assert bob.stage.value == "intro-offered" and bob.emails == ["bob@initech.ex"]
    assert made.ask_on == dt.date(2026, 11, 28)  # the day after, in Ada's zone
    contacts.add("Cleo Park")
    linked = workspace.add_introduction(ada, "cleo park")
    assert not linked.created and linked.person.name == "Cleo Park"
    assert linked.person.introduced_by == "Ada Lovelace"
    with pytest.raises(InvalidValue, match="cannot introduce themselves"):
        workspace.add_introduction(ada, "Ada Lovelace")
    recap = workspace.write_recap(ada).recap
    assert [(i.name, i.company) for i in recap.introductions] == [
        ("Bob Chen", "Initech"),
        ("Cleo Park", None),
    ]


def test_logging_the_meeting_holds_the_conversation(workspace: Workspace, ada: str) -> None:
    workspace.add_note(ada, "Prep")
    workspace.log(ada, "meeting", at="2026-11-26T12:00")
    [row] = conversations(workspace, ada)
    assert row.status == "held"
    assert row.start == dt.datetime(2026, 11, 26, 17, 0, tzinfo=dt.UTC)
    assert workspace.show_contact(ada).contact.stage.value == "met-up"


def test_the_chat_saves_each_keystroke_and_finishing_meets_them(
    workspace: Workspace, ada: str
) -> None:
    session = workspace.start_chat(ada, minutes=20)
    assert session.plan.minutes == 20 and session.started_at == NOW_DT
    note_id = workspace.save_note(session.conversation_id, "journey", "P")
    assert workspace.save_note(session.conversation_id, "journey", "Ph", note_id) == note_id
    workspace.set_skipped(session.conversation_id, "balance", True)
    workspace.set_skipped(session.conversation_id, "team", True)
    workspace.set_skipped(session.conversation_id, "team", False)
    resumed = workspace.start_chat(ada)
    assert [(n.topic, n.text) for n in resumed.notes] == [("journey", "Ph")]
    assert resumed.skipped == {"balance"} and resumed.plan.minutes == 20
    workspace.delete_note(session.conversation_id, note_id)
    assert workspace.start_chat(ada).notes == []
    contact = workspace.finish_chat(session.conversation_id)
    assert contact.stage.value == "met-up"


def test_the_first_recap_moves_the_stage_once(workspace: Workspace, ada: str) -> None:
    workspace.add_note(ada, "Started in QA", topic="journey")
    workspace.log(ada, "meeting", at="2026-11-26T12:00")
    first = workspace.write_recap(ada)
    assert first.first and first.contact.stage.value == "recapped"
    assert first.recap.variant is Variant.INTERVIEW
    # the report-back a week after the chat, unless the user says otherwise
    assert first.recap.next_contact == dt.date(2026, 12, 3)
    again = workspace.write_recap(ada, next_contact="2026-12-10")
    assert not again.first and again.recap.next_contact == dt.date(2026, 12, 10)
    kinds = [e.kind.value for e in workspace.show_contact(ada).timeline]
    assert kinds.count("recap") == 1


def test_a_recap_that_fails_to_deliver_changes_nothing(workspace: Workspace, ada: str) -> None:
    workspace.add_note(ada, "Started in QA", topic="journey")

    def broken(recap: object) -> None:
        raise CoffeechatError("PDF needs WeasyPrint")

    with pytest.raises(CoffeechatError):
        workspace.write_recap(ada, reflection="kept?", deliver=broken)
    [row] = conversations(workspace, ada)
    assert row.recapped_at is None and row.reflection is None
    assert workspace.show_contact(ada).contact.stage.value == "met"


def test_variants_follow_what_happened(workspace: Workspace, contacts: Contacts) -> None:
    contacts.add("Nobody Yet")
    reflection = workspace.write_recap("nobody", reflection="Read their blog instead")
    assert reflection.recap.variant is Variant.REFLECTION
    assert reflection.recap.topics == () and reflection.recap.start is None
    contacts.add("Old Friend", how_met="already-known")
    workspace.add_note("old friend", "Works in analytics", topic="journey")
    assert workspace.write_recap("old friend").recap.variant is Variant.KNOWN


def test_topics_are_in_guide_order_with_skips(workspace: Workspace, ada: str) -> None:
    workspace.add_note(ada, "Stays till 6", topic="balance")
    workspace.add_note(ada, "Physics, then QA", topic="journey")
    workspace.add_note(ada, "Unplanned: loves Rust")
    session = workspace.start_chat(ada)
    workspace.set_skipped(session.conversation_id, "team", True)
    recap = workspace.write_recap(ada).recap
    keys = [t.key for t in recap.topics]
    assert keys[:3] == ["journey", "balance", "challenges"] and keys[-1] == "stay-in-touch"
    by_key = {t.key: t for t in recap.topics}
    assert by_key["journey"].notes == ("Physics, then QA",)
    assert by_key["team"].skipped and not by_key["journey"].skipped
    assert recap.other_notes == ("Unplanned: loves Rust",)
    # tailored to a senior contact at Acme, like the guide that was shown
    assert "Acme" in " ".join(t.question for t in recap.topics)


def test_a_meeting_logged_with_no_conversation_on_record_is_one(
    workspace: Workspace, ada: str
) -> None:
    workspace.log(ada, "meeting", at="2026-11-20T12:00")
    [row] = conversations(workspace, ada)
    assert row.status == "held" and row.start == dt.datetime(2026, 11, 20, 17, tzinfo=dt.UTC)
    assert workspace.add_note(ada, "Later thoughts").conversation_id == row.id
    workspace.log(ada, "meeting", at="2026-11-25T12:00")  # a second chat: a second record
    assert [c.status for c in conversations(workspace, ada)] == ["held", "held"]


def test_a_chat_reopened_the_next_day_starts_its_clock_again(
    workspace: Workspace, ada: str
) -> None:
    first = workspace.start_chat(ada)
    assert first.started_at == NOW_DT
    workspace.settings = replace(workspace.settings, clock=Clock(NOW_DT + dt.timedelta(hours=2)))
    assert workspace.start_chat(ada).started_at == NOW_DT  # the same sitting
    workspace.settings = replace(workspace.settings, clock=Clock(NOW_DT + dt.timedelta(days=1)))
    assert workspace.start_chat(ada).started_at == NOW_DT + dt.timedelta(days=1)


def test_conversation_notes_are_searchable_and_leave_with_their_contact(
    workspace: Workspace, ada: str
) -> None:
    written = workspace.add_note(ada, "Recommended the Kubernetes book", topic="advice")
    [hit] = workspace.search("kubernetes")
    assert (hit.kind, hit.id, hit.contact_id) == ("conversation-note", written.id, 1)
    assert hit.title == "Ada Lovelace: advice"
    note_id = workspace.save_note(written.conversation_id, None, "Uses Terraform")
    assert [h.kind for h in workspace.search("terraform")] == ["conversation-note"]
    workspace.delete_note(written.conversation_id, note_id)
    assert workspace.search("terraform") == []
    workspace.edit_contact(ada, name="Ada King")
    assert workspace.search("kubernetes")[0].title == "Ada King: advice"
    workspace.remove_contact(ada)
    assert workspace.search("kubernetes") == []


def test_a_late_recap_never_dates_the_next_contact_in_the_past(
    workspace: Workspace, ada: str
) -> None:
    workspace.log(ada, "meeting", at="2026-11-10T12:00")  # 17 days ago
    workspace.add_takeaway(ada, "advice", "Write about the pipeline")
    assert workspace.write_recap(ada).recap.next_contact == dt.date(2026, 11, 27)


# --- a topic's note set whole (the web's chat page saves as you type) ------------------------


def test_setting_a_topic_note_replaces_it_never_appends(workspace: Workspace, ada: str) -> None:
    first = workspace.set_topic_note(ada, "journey", "Started in")
    assert first.outcome == "added" and first.started and first.id is not None
    second = workspace.set_topic_note(ada, "Journey", "Started in QA, then data")
    assert (second.outcome, second.id, second.topic) == ("edited", first.id, "journey")
    assert workspace.set_topic_note(ada, "journey", "Started in QA, then data").outcome == (
        "unchanged"
    )
    notes = workspace.list_notes(ada).notes
    assert [(n.topic, n.text) for n in notes] == [("journey", "Started in QA, then data")]
    assert workspace.topic_notes(ada).topics["journey"].text == "Started in QA, then data"


def test_setting_a_topic_note_joins_the_chats_lines_and_empty_removes(
    workspace: Workspace, ada: str
) -> None:
    workspace.add_note(ada, "Started in QA", topic="journey")
    workspace.add_note(ada, "Then data", topic="journey")
    workspace.add_note(ada, "Knows Bob")  # under no topic: left alone
    assert workspace.topic_notes(ada).topics["journey"].text == "Started in QA\nThen data"
    saved = workspace.set_topic_note(ada, "journey", "Started in QA\nThen data engineering")
    assert saved.outcome == "edited"
    notes = workspace.list_notes(ada).notes
    assert [(n.topic, n.text) for n in notes] == [
        ("journey", "Started in QA\nThen data engineering"),
        (None, "Knows Bob"),
    ]
    assert workspace.set_topic_note(ada, "journey", "  ").outcome == "removed"
    assert [n.topic for n in workspace.list_notes(ada).notes] == [None]
    assert "journey" not in workspace.topic_notes(ada).topics


def test_setting_a_note_on_a_topic_the_guide_lacks_writes_nothing(
    workspace: Workspace, ada: str
) -> None:
    with pytest.raises(InvalidValue, match="not a topic of the 'default' guide") as refused:
        workspace.set_topic_note(ada, "trends", "Hm")
    assert refused.value.field == "topic"
    with pytest.raises(InvalidValue, match="not a topic"):
        workspace.set_topic_note(ada, "trends", "")  # checked even with nothing to write
    assert conversations(workspace, ada) == []  # no conversation started
    empty = workspace.set_topic_note(ada, "journey", "")
    assert (empty.outcome, empty.conversation_id) == ("unchanged", None)
    assert conversations(workspace, ada) == []
    assert workspace.topic_notes(ada).conversation_id is None
