"""Scheduling in the web UI: a contact's scheduling page (the options of `schedule
propose` on a week view in both zones, new options with other constraints, the
scheduling e-mail), "they chose option N" → `schedule confirm` → the invite, moving the
chat (`--move`), and the API routes that answer the CLI's `--json` documents.

The contact lives in Auckland and the user in Los Angeles: across the date line, so the
day of an option is not the same on both sides."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from coffeechat.service import Workspace
from conftest import CLI, WebClient


@pytest.fixture
def aroha(workspace: Workspace) -> int:
    """A contact in Auckland; the user (Sam) in Los Angeles."""
    workspace.update_settings(timezone="America/Los_Angeles")
    added = workspace.add_contact(
        name="Aroha Ngata",
        timezone="Pacific/Auckland",
        emails=["aroha@example.com"],
        company="Xero",
    )
    return int(added.id)


def h1s(page: str) -> list[str]:
    return re.findall(r"<h1[^>]*>(.*?)</h1>", page, re.S)


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def undo(cli: CLI) -> dict[str, Any]:
    document: dict[str, Any] = cli.json("undo")
    return document


def read_invite(data: bytes) -> Any:
    from icalendar import Calendar

    calendar = Calendar.from_ical(data)
    (event,) = calendar.walk("VEVENT")
    return event


# --- the page -------------------------------------------------------------------------------


def test_the_contact_page_links_to_scheduling(client: WebClient, aroha: int) -> None:
    page = client.get(f"/contacts/{aroha}").text
    assert f'href="/contacts/{aroha}/schedule"' in page


def test_before_any_proposal_the_page_says_what_to_do_and_writes_nothing(
    client: WebClient, workspace: Workspace, aroha: int, same_cli: CLI
) -> None:
    before = same_cli.json("undo", "--dry-run")
    response = client.get(f"/contacts/{aroha}/schedule")
    assert response.status_code == 200
    assert h1s(response.text) == ["Schedule a chat with Aroha Ngata"]
    assert "No times offered to Aroha Ngata yet" in response.text
    assert f'action="/contacts/{aroha}/schedule/propose"' in response.text
    assert workspace.show_contact(str(aroha)).proposal is None  # a GET proposes nothing
    assert same_cli.json("undo", "--dry-run") == before


def test_propose_shows_the_week_in_both_zones_across_the_date_line(
    client: WebClient, workspace: Workspace, aroha: int, same_cli: CLI
) -> None:
    response = client.post(f"/contacts/{aroha}/schedule/propose", data={})
    assert response.status_code == 303
    assert response.headers["location"] == f"/contacts/{aroha}/schedule"
    proposed = same_cli.json("undo", "--dry-run")
    assert proposed["label"] == "schedule propose"
    page = client.get(f"/contacts/{aroha}/schedule").text
    assert "3 new times for Aroha Ngata" in page  # the notice, once
    assert "3 new times" not in client.get(f"/contacts/{aroha}/schedule").text
    assert same_cli.json("undo", "--dry-run") == proposed  # the page (and its e-mail) read only
    held = workspace.show_contact(str(aroha)).proposal
    assert held is not None and len(held.options) == 3
    # Option 1: Tue 01 Dec lunch in Auckland is Mon 30 Nov afternoon in Los Angeles, and
    # it sits on Monday of the user's week, saying it is the next day for them.
    days = re.findall(r'<li class="day[^"]*">(.*?)</li>', page, re.S)
    assert len(days) >= 7  # a week at least
    monday = next(d for d in days if 'datetime="2026-11-30"' in d)
    words = text_of(monday)
    assert "Option 1 · lunch" in words
    assert "For you Mon 30 Nov 15:00-15:30 PST" in words
    assert "For Aroha Ngata Tue 01 Dec 12:00-12:30 NZDT (the next day for them)" in words
    assert "They chose option 1" in words
    friday = next(d for d in days if 'datetime="2026-11-27"' in d)
    assert "Nothing offered" in text_of(friday)
    # the e-mail that offers them, read-only, with its ways out
    assert "Times for our chat" in page
    assert "1. Tue 01 Dec 12:00-12:30 NZDT (Mon 30 Nov 15:00-15:30 PST for me)" in page
    assert 'href="mailto:aroha@example.com?' in page
    assert f'href="/contacts/{aroha}/schedule/email.eml"' in page
    assert f'href="/contacts/{aroha}/messages/scheduling"' in page
    assert '<script src="/static/scheduling.js" defer></script>' in page


def test_the_page_shows_your_other_chats_as_busy_time(
    client: WebClient, workspace: Workspace, aroha: int
) -> None:
    bob = workspace.add_contact(name="Bob <Chen>", timezone="America/Los_Angeles")
    workspace.confirm(str(bob.id), at="2026-12-01T10:00")
    workspace.propose_slots(str(aroha))
    page = client.get(f"/contacts/{aroha}/schedule").text
    tuesday = next(
        d
        for d in re.findall(r'<li class="day[^"]*">(.*?)</li>', page, re.S)
        if 'datetime="2026-12-01"' in d
    )
    assert "Busy" in tuesday and "Bob &lt;Chen&gt;" in tuesday
    assert "Tue 01 Dec 10:00-10:30 PST" in tuesday


def test_re_propose_with_other_constraints_is_schedule_propose(
    client: WebClient, workspace: Workspace, aroha: int
) -> None:
    client.post(f"/contacts/{aroha}/schedule/propose", data={})
    first = workspace.show_contact(str(aroha)).proposal
    data = {"count": "2", "days": "14", "duration": "45", "format": "phone"}
    response = client.post(f"/contacts/{aroha}/schedule/propose", data=data)
    assert response.status_code == 303
    held = workspace.show_contact(str(aroha)).proposal
    assert held is not None and first is not None and held.id != first.id
    assert len(held.options) == 2 and held.duration_min == 45
    assert {o.format for o in held.options} == {"phone"}


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"count": "9"}, "count", "count: must be between 1 and 5"),
        ({"days": "0"}, "days", "days: must be between 1 and 60"),
        ({"duration": "5"}, "duration", "duration: must be between 10 and 240"),
        ({"duration": "half an hour"}, "duration", "duration: must be a whole number"),
        ({"format": "carrier pigeon"}, "format", "format: must be one of"),
    ],
)
def test_a_bad_constraint_is_named_beside_its_field_and_nothing_changes(
    client: WebClient,
    workspace: Workspace,
    aroha: int,
    data: dict[str, str],
    field: str,
    words: str,
) -> None:
    workspace.propose_slots(str(aroha))
    held = workspace.show_contact(str(aroha)).proposal
    response = client.post(f"/contacts/{aroha}/schedule/propose", data=data)
    assert response.status_code == 400
    page = response.text
    assert f'id="propose-{field}"' in page
    field_html = page.split(f'id="propose-{field}"', 1)[1].split("</div>", 1)[0]
    assert 'aria-invalid="true"' in field_html and words in field_html
    assert workspace.show_contact(str(aroha)).proposal == held  # nothing written
    # htmx gets the middle of the page, with the error, and a 200 it will swap in
    swapped = client.htmx("POST", f"/contacts/{aroha}/schedule/propose", data=data)
    assert swapped.status_code == 200 and words in swapped.text
    assert swapped.text.lstrip().startswith('<div id="schedule">')


def test_htmx_propose_swaps_the_options_in_place(client: WebClient, aroha: int) -> None:
    response = client.htmx("POST", f"/contacts/{aroha}/schedule/propose", data={"count": "2"})
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="schedule">')
    assert "2 new times for Aroha Ngata" in response.text
    assert "They chose option 1" in response.text and "<h1>" not in response.text


def test_the_email_downloads_as_eml(client: WebClient, workspace: Workspace, aroha: int) -> None:
    assert client.get(f"/contacts/{aroha}/schedule/email.eml").status_code == 404
    workspace.propose_slots(str(aroha))
    response = client.get(f"/contacts/{aroha}/schedule/email.eml")
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    import email

    message = email.message_from_bytes(response.content)
    assert message["To"] == "Aroha Ngata <aroha@example.com>"
    assert message["Subject"] == "Times for our chat"


def test_an_unknown_contact_is_404(client: WebClient, workspace: Workspace, aroha: int) -> None:
    agent = workspace.add_contact(name="Agent 999", timezone="Europe/Paris")
    workspace.propose_slots(str(agent.id))
    assert client.get("/contacts/999/schedule").status_code == 404
    assert client.post("/contacts/999/schedule/propose", data={}).status_code == 404
    assert client.get("/contacts/999/schedule/confirm?option=1").status_code == 404
    confirm = client.post("/contacts/999/schedule/confirm", data={"option": "1"})
    assert confirm.status_code == 404  # not Agent 999, whose name holds the digits
    assert workspace.show_contact(str(agent.id)).conversations == []
    assert client.get("/contacts/999/invite.ics").status_code == 404
    assert client.get("/contacts/999/schedule/email.eml").status_code == 404


# --- confirm --------------------------------------------------------------------------------


def test_confirm_an_option_then_download_the_invite_with_the_link(
    client: WebClient, workspace: Workspace, aroha: int, same_cli: CLI
) -> None:
    workspace.propose_slots(str(aroha))
    step = client.get(f"/contacts/{aroha}/schedule/confirm?option=1")
    assert step.status_code == 200
    assert h1s(step.text) == ["Confirm the chat with Aroha Ngata"]
    assert "They chose option 1" in step.text and 'name="link"' in step.text
    assert "Mon 30 Nov 15:00-15:30 PST" in step.text  # both zones again
    response = client.post(
        f"/contacts/{aroha}/schedule/confirm",
        data={"option": "1", "link": "https://meet.example.com/aroha"},
    )
    assert response.status_code == 303, response.text
    assert same_cli.json("undo", "--dry-run")["label"] == "schedule confirm"
    page = client.get(f"/contacts/{aroha}/schedule").text
    assert "Scheduled: Aroha Ngata, Mon 30 Nov 15:00-15:30 PST for you" in page
    assert "Your chat is set" in page and "Download the invite (.ics)" in page
    assert "https://meet.example.com/aroha" in page
    assert workspace.show_contact(str(aroha)).contact.stage.value == "scheduled"
    download = client.get(f"/contacts/{aroha}/invite.ics")
    assert download.status_code == 200
    assert download.headers["content-type"].startswith("text/calendar")
    assert 'filename="2026-12-01-aroha-ngata.ics"' in download.headers["content-disposition"]
    event = read_invite(download.content)
    assert str(event["url"]) == "https://meet.example.com/aroha"
    assert "https://meet.example.com/aroha" in str(event["description"])
    assert event.decoded("dtstart").isoformat() == "2026-12-01T12:00:00+13:00"
    # the very file `schedule confirm` wrote in the workspace
    written = workspace.settings.home / "invites" / "2026-12-01-aroha-ngata.ics"
    assert download.content == written.read_bytes()


def test_confirm_a_window_option_takes_the_time_they_chose(
    client: WebClient, workspace: Workspace, aroha: int
) -> None:
    view = workspace.propose_slots(str(aroha))
    window = next(o for o in view.options if o.kind == "flexible")
    step = client.get(f"/contacts/{aroha}/schedule/confirm?option={window.number}").text
    assert 'type="datetime-local" value="2026-12-02T14:00"' in step
    assert 'min="2026-12-02T14:00" max="2026-12-02T16:30"' in step
    response = client.post(
        f"/contacts/{aroha}/schedule/confirm",
        data={"option": str(window.number), "at": "2026-12-02T15:00", "format": "video"},
    )
    assert response.status_code == 303, response.text
    (chat,) = workspace.show_contact(str(aroha)).conversations
    assert chat.start is not None and chat.start.isoformat() == "2026-12-02T02:00:00+00:00"
    assert chat.format == "video"


def test_confirm_by_a_time_typed_is_confirm_at_in_their_zone(
    client: WebClient, workspace: Workspace, aroha: int
) -> None:
    page = client.get(f"/contacts/{aroha}/schedule").text
    assert "Pick another time" in page
    step = client.get(f"/contacts/{aroha}/schedule/confirm?at=2026-12-03T09:30").text
    assert 'value="2026-12-03T09:30"' in step
    response = client.post(f"/contacts/{aroha}/schedule/confirm", data={"at": "2026-12-03T09:30"})
    assert response.status_code == 303
    (chat,) = workspace.show_contact(str(aroha)).conversations
    assert chat.start is not None and chat.start.isoformat() == "2026-12-02T20:30:00+00:00"
    assert "Wed 02 Dec 12:30-13:00 PST for you" in client.get(f"/contacts/{aroha}/schedule").text


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"at": "next tuesday"}, "at", "at: not an ISO 8601 date-time"),
        ({"at": "2026-11-01T10:00"}, "at", "at: is not in the future"),
        ({"at": ""}, "at", "give either --option N or --at TIME"),
        ({"option": "7"}, "option", "option: must be between 1 and 3"),
        ({"at": "2026-12-03T09:30", "link": "ftp://x"}, "link", "link: must be an http"),
        ({"at": "2026-12-03T09:30", "format": "fax"}, "format", "format: must be one of"),
    ],
)
def test_a_bad_choice_is_named_beside_its_field_and_nothing_changes(
    client: WebClient,
    workspace: Workspace,
    aroha: int,
    data: dict[str, str],
    field: str,
    words: str,
) -> None:
    workspace.propose_slots(str(aroha))
    response = client.post(f"/contacts/{aroha}/schedule/confirm", data=data)
    assert response.status_code == 400
    assert words in response.text
    if field != "option":
        tag = re.search(rf'<[a-z]+ id="confirm-{field}"[^>]*>', response.text)
        assert tag and 'aria-invalid="true"' in tag.group(0)
    assert workspace.show_contact(str(aroha)).conversations == []


def test_an_option_not_on_offer_says_so(
    client: WebClient, workspace: Workspace, aroha: int
) -> None:
    workspace.propose_slots(str(aroha))
    response = client.get(f"/contacts/{aroha}/schedule/confirm?option=8")
    assert response.status_code == 404
    assert "option 8 is not on offer" in response.text


def test_move_the_chat_passes_move_and_updates_the_same_invite(
    client: WebClient, workspace: Workspace, aroha: int
) -> None:
    workspace.propose_slots(str(aroha))
    client.post(f"/contacts/{aroha}/schedule/confirm", data={"option": "1"})
    first = read_invite(client.get(f"/contacts/{aroha}/invite.ics").content)
    page = client.get(f"/contacts/{aroha}/schedule").text
    assert "Move the chat" in page and "Offer new times to move it" in page
    step = client.get(f"/contacts/{aroha}/schedule/confirm?at=2026-12-07T12:00").text
    assert "already has a chat set" in step
    assert 'name="move" value="yes"' in step and ">Move the chat</button>" in step
    # without move (a stale form), nothing moves and the page offers the move
    refused = client.post(f"/contacts/{aroha}/schedule/confirm", data={"at": "2026-12-07T12:00"})
    assert refused.status_code == 400
    assert "already has a chat on" in refused.text and 'name="move" value="yes"' in refused.text
    (chat,) = workspace.show_contact(str(aroha)).conversations
    assert chat.reschedules == 0
    moved = client.post(
        f"/contacts/{aroha}/schedule/confirm", data={"at": "2026-12-07T12:00", "move": "yes"}
    )
    assert moved.status_code == 303
    (chat,) = workspace.show_contact(str(aroha)).conversations
    assert chat.reschedules == 1
    assert "Moved: Aroha Ngata" in client.get(f"/contacts/{aroha}/schedule").text
    second = read_invite(client.get(f"/contacts/{aroha}/invite.ics").content)
    assert str(second["uid"]) == str(first["uid"])  # calendars replace the old time
    assert int(second["sequence"]) == int(first["sequence"]) + 1
    assert second.decoded("dtstart").isoformat() == "2026-12-07T12:00:00+13:00"


def test_offer_new_times_to_move_it_is_schedule_reschedule(
    client: WebClient, workspace: Workspace, aroha: int, same_cli: CLI
) -> None:
    workspace.confirm(str(aroha), at="2026-12-01T12:00")
    response = client.post(f"/contacts/{aroha}/schedule/reschedule", data={"count": "2"})
    assert response.status_code == 303
    assert same_cli.json("undo", "--dry-run")["label"] == "schedule reschedule"
    page = client.get(f"/contacts/{aroha}/schedule").text
    assert "New times offered to move it" in page
    assert f'href="/contacts/{aroha}/messages/reschedule"' in page
    client.post(f"/contacts/{aroha}/schedule/confirm", data={"option": "1", "move": "yes"})
    (chat,) = workspace.show_contact(str(aroha)).conversations
    assert chat.reschedules == 1


def test_no_invite_before_a_chat_is_set(client: WebClient, aroha: int) -> None:
    response = client.get(f"/contacts/{aroha}/invite.ics")
    assert response.status_code == 404
    assert "No chat is set" in response.text


def test_forms_need_the_csrf_token(client: WebClient, workspace: Workspace, aroha: int) -> None:
    assert client.post(f"/contacts/{aroha}/schedule/propose", csrf=False).status_code == 403
    response = client.post(
        f"/contacts/{aroha}/schedule/confirm", csrf=False, data={"at": "2026-12-03T09:30"}
    )
    assert response.status_code == 403
    assert workspace.show_contact(str(aroha)).conversations == []


def test_the_pages_need_signing_in(stranger: WebClient, aroha: int) -> None:
    for url in (f"/contacts/{aroha}/schedule", f"/contacts/{aroha}/invite.ics"):
        assert stranger.get(url).status_code in (303, 401)


def test_user_text_is_escaped(client: WebClient, workspace: Workspace) -> None:
    evil = workspace.add_contact(name="<script>x</script>", timezone="Europe/Paris")
    workspace.propose_slots(str(evil.id))
    page = client.get(f"/contacts/{evil.id}/schedule").text
    assert "<script>x</script>" not in page and "&lt;script&gt;x&lt;/script&gt;" in page


# --- the service: the invite again ----------------------------------------------------------


def test_the_invite_is_the_file_confirm_wrote(workspace: Workspace, aroha: int) -> None:
    assert workspace.invite(str(aroha)) is None
    done = workspace.confirm(str(aroha), at="2026-12-01T12:00", link="https://meet.example.com/a")
    again = workspace.invite(str(aroha))
    assert again is not None
    assert again.data == Path(done.invite).read_bytes()
    assert again.filename == Path(done.invite).name


# --- the API --------------------------------------------------------------------------------


def test_api_proposals_is_schedule_propose_json(
    client: WebClient, aroha: int, same_cli: CLI
) -> None:
    body = {"count": 2, "days": 10, "duration": 45, "format": "phone"}
    response = client.post(f"/api/v1/contacts/{aroha}/proposals", json=body)
    assert response.status_code == 201, response.text
    web = response.json()
    assert undo(same_cli)["label"] == "schedule propose"  # one change, named for undo
    cli = same_cli.json(
        "schedule", "propose", str(aroha), "--count", "2", "--days", "10", "--duration", "45",
        "--format", "phone",
    )  # fmt: skip
    web.pop("proposal_id"), cli.pop("proposal_id")  # a new proposal each time
    assert web == cli
    assert [o["user_local"][:3] for o in web["options"]] != [
        o["contact_local"][:3] for o in web["options"]
    ]  # across the date line, the days differ


def test_api_proposals_takes_an_empty_body(client: WebClient, aroha: int) -> None:
    response = client.post(f"/api/v1/contacts/{aroha}/proposals", json=None)  # no body
    assert response.status_code == 201
    assert len(response.json()["options"]) == 3


def test_api_confirm_is_schedule_confirm_json(
    client: WebClient, workspace: Workspace, aroha: int, same_cli: CLI
) -> None:
    workspace.propose_slots(str(aroha))
    body = {"option": 1, "link": "https://meet.example.com/a"}
    response = client.post(f"/api/v1/contacts/{aroha}/confirm", json=body)
    assert response.status_code == 200, response.text
    web = response.json()
    assert undo(same_cli)["label"] == "schedule confirm"
    cli = same_cli.json(
        "schedule", "confirm", str(aroha), "--option", "1", "--link", "https://meet.example.com/a"
    )
    web["conversation"].pop("id"), cli["conversation"].pop("id")
    assert web == cli
    assert web["conversation"]["link"] == "https://meet.example.com/a"


def test_api_confirm_at_and_move(client: WebClient, workspace: Workspace, aroha: int) -> None:
    url = f"/api/v1/contacts/{aroha}/confirm"
    first = client.post(url, json={"at": "2026-12-03T09:30"})
    assert first.status_code == 200 and first.json()["rescheduled"] is False
    again = client.post(url, json={"at": "2026-12-04T09:30"})
    assert again.status_code == 400
    assert again.json()["error"]["code"] == "already-scheduled"
    moved = client.post(url, json={"at": "2026-12-04T09:30", "move": True})
    assert moved.status_code == 200 and moved.json()["rescheduled"] is True
    assert moved.json()["conversation"]["start"] == "2026-12-04T09:30:00+13:00"


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"option": 9}, 400, "option"),
        ({"at": "soon"}, 400, "at"),
        ({"at": "2026-12-03T09:30", "link": "javascript:alert(1)"}, 400, "link"),
        ({}, 400, "option"),
        ({"option": "one"}, 422, "option"),
        ({"at": "2026-12-03T09:30", "ics": "/tmp/x.ics"}, 422, "ics"),
    ],
)
def test_api_confirm_errors_name_the_field(
    client: WebClient,
    workspace: Workspace,
    aroha: int,
    body: dict[str, Any],
    status: int,
    field: str,
) -> None:
    workspace.propose_slots(str(aroha))
    response = client.post(f"/api/v1/contacts/{aroha}/confirm", json=body)
    assert response.status_code == status, response.text
    assert response.json()["error"]["field"] == field
    assert workspace.show_contact(str(aroha)).conversations == []


@pytest.mark.parametrize(
    ("body", "field"),
    [({"count": 0}, "count"), ({"days": 61}, "days"), ({"format": "fax"}, "format")],
)
def test_api_proposals_errors_name_the_field(
    client: WebClient, aroha: int, body: dict[str, Any], field: str
) -> None:
    response = client.post(f"/api/v1/contacts/{aroha}/proposals", json=body)
    assert response.status_code == 400
    assert response.json()["error"]["field"] == field


def test_api_unknown_contact_is_404(client: WebClient, workspace: Workspace, aroha: int) -> None:
    agent = workspace.add_contact(name="Agent 999", timezone="Europe/Paris")
    workspace.propose_slots(str(agent.id))
    response = client.post("/api/v1/contacts/999/proposals", json={})
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "unknown-contact"
    assert client.post("/api/v1/contacts/999/confirm", json={"option": 1}).status_code == 404
    assert workspace.show_contact(str(agent.id)).conversations == []


def test_api_bearer_and_openapi(client: WebClient, workspace: Workspace, aroha: int) -> None:
    from coffeechat.service import access

    token = access.access_token(workspace.settings.home)
    from fastapi.testclient import TestClient

    bare = TestClient(client.app, base_url="http://127.0.0.1:8765")
    response = bare.post(
        f"/api/v1/contacts/{aroha}/proposals",
        json={},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 201
    assert bare.post(f"/api/v1/contacts/{aroha}/proposals", json={}).status_code == 401
    spec = json.loads(client.get("/api/v1/openapi.json").text)
    assert "/api/v1/contacts/{contact_id}/proposals" in spec["paths"]
    assert "/api/v1/contacts/{contact_id}/confirm" in spec["paths"]


def test_the_routes_are_in_the_json_contract() -> None:
    contract = (Path(__file__).parent.parent / "docs" / "json.md").read_text(encoding="utf-8")
    assert "`POST /api/v1/contacts/{id}/proposals`" in contract
    assert "`POST /api/v1/contacts/{id}/confirm`" in contract
