"""The rhythm through the CLI: the agenda, dismiss and snooze, promises kept, the
calendar export, no-reply and responsiveness.

Sam (the user) is in New York; "now" is Friday 27 November 2026, 09:00 there (the day
after Thanksgiving, a business day).
"""

from __future__ import annotations

import datetime as dt
import shlex

import pytest
from icalendar import Calendar


@pytest.fixture
def acme(ccw):
    ccw("company", "add", "Acme", "--motivation", "3")
    for name in ("Ada Lovelace", "Bob Chen"):
        ccw("contact", "add", name, "--company", "Acme", "--timezone", "America/New_York")
    return ccw


def items(cc, *args):
    return cc.json("agenda", *args)["items"]


def test_three_and_seven_business_days_after_an_outreach(acme):
    # Mon 16 Nov 10:00: 3 business days → Thu 19 Nov; 7 → Wed 25 Nov (before Thanksgiving)
    acme("log", "ada", "outreach", "--at", "2026-11-16T10:00")
    found = {i["kind"]: i for i in items(acme) if i["contact"]["name"] == "Ada Lovelace"}
    assert found["second-contact"]["due"] == "2026-11-19"
    assert found["second-contact"]["overdue_days"] == 8
    assert "Bob Chen" in found["second-contact"]["reason"]
    # the suggested command works as written: a draft to Bob (id 2), about Acme
    command = shlex.split(found["second-contact"]["suggested_command"])
    assert command[:3] == ["coffeechat", "draft", "second-contact"]
    drafted = acme.json(*command[1:])
    assert drafted["contact"]["name"] == "Bob Chen"
    assert "Acme" in drafted["subject"]
    assert found["follow-up"]["due"] == "2026-11-25"
    assert found["follow-up"]["suggested_command"] == "coffeechat draft follow-up 1"
    document = acme.json("agenda")
    assert set(document) == {"today", "days", "items"} and document["today"] == "2026-11-27"
    assert set(document["items"][0]) == {
        "item", "contact", "kind", "due", "due_at", "overdue", "overdue_days", "reason",
        "suggested_command",
    }  # fmt: skip


def test_logging_the_follow_up_clears_it_and_silence_then_means_no_reply(acme, monkeypatch):
    acme("log", "ada", "outreach", "--at", "2026-11-05T10:00")
    acme("log", "ada", "follow-up", "--at", "2026-11-16T10:00")
    assert not [i for i in items(acme) if i["kind"] == "follow-up"]
    # 7 business days after Mon 16 Nov: Wed 25 Nov; Ada is no-reply since then
    shown = acme.json("contact", "show", "ada")
    assert shown["stage"] == "no-reply"
    assert shown["stage_since"].startswith("2026-11-25")
    assert shown["responsiveness"] == "curmudgeon"
    assert "no-reply" in {c["stage"] for c in acme.json("contact", "list")["contacts"]}
    acme("log", "ada", "reply")
    assert acme.json("contact", "show", "ada")["stage"] == "agreed"


def test_a_quick_reply_makes_a_booster_owed_an_answer_within_a_day(acme):
    acme("log", "bob", "outreach", "--at", "2026-11-24T10:00")
    acme("log", "bob", "reply", "--at", "2026-11-26T08:00")
    shown = acme.json("contact", "show", "bob")
    assert shown["responsiveness"] == "booster"
    [schedule] = [i for i in shown["follow_ups"] if i["kind"] == "schedule"]
    assert schedule["due"] == "2026-11-27"


def test_after_the_chat_thank_you_recap_and_report_back(acme):
    acme("log", "ada", "meeting", "--at", "2026-11-26T12:00")
    due = {i["kind"]: i["due"] for i in items(acme, "--days", "14")}
    assert due["recap"] == "2026-11-26"
    assert due["thank-you"] == "2026-11-27"
    assert due["report-back"] == "2026-12-03"
    acme("takeaway", "add", "ada", "--kind", "advice", "Ship small")  # a recap needs content
    acme("recap", "ada", "--format", "md")
    acme("log", "ada", "thank-you")
    left = {i["kind"] for i in items(acme, "--days", "14")}
    assert "recap" not in left and "thank-you" not in left and "report-back" in left


def test_dismiss_and_snooze_by_item_id(acme):
    acme("log", "ada", "outreach", "--at", "2026-11-16T10:00")
    by_kind = {i["kind"]: i["item"] for i in items(acme)}
    acme("followup", "dismiss", by_kind["second-contact"])
    snoozed = acme.json("followup", "snooze", by_kind["follow-up"], "--days", "3")
    assert snoozed["due"] == "2026-11-30"
    left = {i["kind"]: i for i in items(acme)}
    assert "second-contact" not in left and left["follow-up"]["due"] == "2026-11-30"
    assert "no open item" in acme.fails("followup", "dismiss", "99:nothing").stderr
    acme.fails("followup", "snooze", by_kind["follow-up"], "--until", "2026-11-01")
    acme.fails("followup", "snooze", by_kind["follow-up"])


def test_a_promise_kept_leaves_the_agenda(acme):
    made = acme.json("promise", "add", "ada", "--by", "me", "--due", "2026-11-30", "Send it")
    [item] = [i for i in items(acme) if i["kind"] == "promise"]
    assert item["due"] == "2026-11-30"
    assert f"coffeechat promise done {made['promise']['id']}" in item["suggested_command"]
    assert "Kept: Send it" in acme("promise", "done", str(made["promise"]["id"])).stdout
    assert not [i for i in items(acme) if i["kind"] == "promise"]
    acme.fails("promise", "done", "999")


def test_an_introduction_offered_is_asked_for_then_the_person_written_to(acme):
    acme("log", "ada", "meeting", "--at", "2026-11-26T12:00")
    acme("intro", "add", "ada", "--to", "Cleo Park")
    [ask] = [i for i in items(acme) if i["kind"] == "introduction"]
    assert ask["due"] == "2026-11-28" and "intro-request 1" in ask["suggested_command"]
    acme("log", "ada", "intro-request")
    acme("log", "cleo", "introduced")
    [write] = [i for i in items(acme) if i["kind"] == "introduction"]
    assert write["suggested_command"] == "coffeechat draft outreach 3"


def test_keep_in_touch_every_few_months_per_contact(acme):
    acme("log", "ada", "meeting", "--at", "2026-09-01T12:00")
    acme("log", "ada", "thank-you", "--at", "2026-09-01T18:00")
    due = {i["kind"]: i["due"] for i in items(acme, "--days", "60")}
    assert due["keep-in-touch"] == "2026-12-01"
    acme("contact", "edit", "ada", "--keep-in-touch", "6")
    assert "keep-in-touch" not in {i["kind"] for i in items(acme, "--days", "60")}
    acme.fails("contact", "edit", "ada", "--keep-in-touch", "13")


def test_the_agenda_as_a_calendar_with_alarms(acme, tmp_path):
    acme("log", "ada", "outreach", "--at", "2026-11-16T10:00")
    target = tmp_path / "agenda.ics"
    done = acme("agenda", "--ics", str(target))
    assert "written to" in done.stderr
    assert "written to" not in done.stdout
    calendar = Calendar.from_ical(target.read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 2
    assert {e.decoded("dtstart") for e in events} == {dt.date(2026, 11, 19), dt.date(2026, 11, 25)}
    assert all(list(e.walk("VALARM")) for e in events)
    assert all(str(e["uid"]).endswith("@coffeechat") for e in events)


def test_the_agenda_in_the_terminal_and_bad_days(acme):
    assert "Nothing is owed" in acme("agenda").stdout
    acme("log", "ada", "outreach", "--at", "2026-11-16T10:00")
    text = acme("agenda").stdout
    assert "Overdue" in text and "coffeechat draft follow-up 1" in text
    acme.fails("agenda", "--days", "-1")


def test_the_demo_has_a_populated_agenda_and_network(cc):
    cc("demo")
    kinds = {i["kind"] for i in cc.json("agenda", "--days", "14")["items"]}
    assert {"thank-you", "recap", "confirm", "introduction"} <= kinds
    chains = cc.json("network")["chains"]
    assert ["You", "Priya Natarajan", "Grace Kim"] in chains
    assert ["You", "Aiko Tanaka", "Kenji Sato"] in chains


def test_done_logs_what_the_item_asks_or_records_it_done(acme):
    acme("log", "ada", "meeting", "--at", "2026-11-26T12:00")
    acme("promise", "add", "ada", "--by", "me", "--due", "2026-11-30", "Send the deck")
    by_kind = {i["kind"]: i["item"] for i in items(acme, "--days", "14")}
    # a thank-you is one entry of the timeline: done logs it, sent now
    said = acme.json("followup", "done", by_kind["thank-you"])
    assert said == {"done": by_kind["thank-you"], "contact": "Ada Lovelace", "kind": "thank-you"}
    timeline = acme.json("contact", "show", "ada")["timeline"]
    assert [e["kind"] for e in timeline][-1] == "thank-you"
    # a promise is kept
    assert "Done: promise for Ada Lovelace." in acme("followup", "done", by_kind["promise"]).stdout
    assert "promise" not in {i["kind"] for i in items(acme, "--days", "14")}
    # a recap has no entry to log: it is recorded done and leaves the agenda
    acme("followup", "done", by_kind["recap"])
    left = {i["kind"] for i in items(acme, "--days", "14")}
    assert left == {"report-back"}
    assert "no open item" in acme.fails("followup", "done", by_kind["recap"]).stderr


def test_done_on_keep_in_touch_logs_it_so_the_next_one_comes(acme):
    acme("log", "ada", "meeting", "--at", "2026-08-01T12:00")
    acme("log", "ada", "thank-you", "--at", "2026-08-01T18:00")
    acme("log", "ada", "report-back", "--at", "2026-08-10T18:00")
    [item] = [i for i in items(acme) if i["kind"] == "keep-in-touch"]
    acme("followup", "done", item["item"])
    [later] = [i for i in items(acme, "--days", "120") if i["kind"] == "keep-in-touch"]
    assert later["item"] != item["item"] and later["due"] == "2027-02-27"


def test_calendar_refresh_reads_every_calendar_again(ccw, tmp_path):
    from pathlib import Path

    source = Path(__file__).parent / "data" / "calendars" / "google.ics"
    copy = tmp_path / "work.ics"
    copy.write_bytes(source.read_bytes())
    ccw("calendar", "add", str(copy))
    assert ccw.json("calendar", "refresh") == {
        "calendars": ccw.json("calendar", "list")["calendars"],
        "warnings": [],
    }
    copy.write_text("not a calendar")
    result = ccw("calendar", "refresh")
    assert "Warning:" in result.stderr and "kept the copy" in result.stderr
    assert ccw.json("calendar", "list")["calendars"][0]["bytes"] == len(source.read_bytes())
