"""The chat page (`/contacts/{id}/chat`): the guide fitted to the minutes as `coffeechat
guide --minutes` fits it, one note field per topic saved whole (replaced, never
appended), takeaways, promises and introductions added in place; and the JSON API of the
conversation, which prints what the CLI's `--json` prints for the same command."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest

from coffeechat.service import Workspace
from conftest import CLI, WebClient


@pytest.fixture
def ada(contacts: Any) -> Any:
    return contacts.add("Ada <b>Lovelace</b>", company="Acme & Co", seniority="senior")


def h1s(page: str) -> list[str]:
    return re.findall(r"<h1[^>]*>(.*?)</h1>", page, re.S)


def topics(page: str) -> list[str]:
    return re.findall(r'<textarea id="note-([^"]+)"', page)


def field(page: str, key: str) -> str:
    found = re.search(rf'<textarea id="note-{key}"[^>]*>(.*?)</textarea>', page, re.S)
    assert found, f"no field for {key}"
    return html.unescape(found.group(1))


def notes(workspace: Workspace, ada: Any) -> list[tuple[str | None, str]]:
    return [(n.topic, n.text) for n in workspace.list_notes(str(ada.id)).notes]


# --- the page ---------------------------------------------------------------------------------


@pytest.mark.parametrize("minutes", ["15", "30", "60"])
def test_the_page_shows_the_guide_fitted_to_the_minutes(
    client: WebClient, same_cli: CLI, ada: Any, minutes: str
) -> None:
    page = client.get(f"/contacts/{ada.id}/chat?minutes={minutes}").text
    plan = same_cli.json("guide", str(ada.id), "--minutes", minutes)
    assert h1s(page) == ["Chat with Ada &lt;b&gt;Lovelace&lt;/b&gt;"]
    assert topics(page) == [q["key"] for q in plan["questions"]]
    for q in plan["questions"]:
        assert html.escape(q["text"], quote=False) in page
        assert f'data-start="{q["start"]}" data-length="{q["minutes"]}"' in page
    assert f'data-minutes="{minutes}"' in page and f'data-cue="{plan["cue_at"]}"' in page
    assert f'<option value="{minutes}" selected>' in page
    assert '<link rel="stylesheet" href="/static/chat.css">' in page
    assert '<script src="/static/chat.js" defer></script>' in page


def test_a_shorter_chat_drops_questions_and_the_default_is_as_planned(
    client: WebClient, same_cli: CLI, ada: Any
) -> None:
    short = topics(client.get(f"/contacts/{ada.id}/chat?minutes=15").text)
    full = topics(client.get(f"/contacts/{ada.id}/chat").text)
    assert len(short) < len(full)
    assert full == [q["key"] for q in same_cli.json("guide", str(ada.id))["questions"]]


def test_bad_minutes_say_so_beside_the_selector(client: WebClient, ada: Any) -> None:
    for bad in ("abc", "3"):  # not a number; too short for the closing questions
        response = client.get(f"/contacts/{ada.id}/chat?minutes={bad}")
        assert response.status_code == 200
        assert 'id="minutes-error" role="alert">minutes:' in response.text
        assert topics(response.text)  # the guide as planned, all the same


def test_an_unknown_contact_is_404(client: WebClient, contacts: Any) -> None:
    contacts.add("Agent 99")
    assert client.get("/contacts/99/chat").status_code == 404
    assert client.post("/contacts/99/chat/notes", data={"note-journey": "x"}).status_code == 404
    assert client.post("/contacts/99/chat/takeaways", data={"kind": "advice"}).status_code == 404


def test_a_stranger_is_sent_to_sign_in(stranger: WebClient, ada: Any) -> None:
    response = stranger.get(f"/contacts/{ada.id}/chat")
    assert response.status_code in (302, 303, 307) and "Ada" not in response.text
    api = stranger.http.put(f"/api/v1/contacts/{ada.id}/notes/journey", json={"text": "x"})
    assert api.status_code == 401


def test_writes_need_the_csrf_token(client: WebClient, workspace: Workspace, ada: Any) -> None:
    url = f"/contacts/{ada.id}/chat/notes"
    assert client.post(url, csrf=False, data={"note-journey": "x"}).status_code == 403
    put = client.http.put(f"/api/v1/contacts/{ada.id}/notes/journey", json={"text": "x"})
    assert put.status_code == 403 and put.json()["error"]["code"] == "forbidden"
    assert notes(workspace, ada) == []


# --- notes: saved whole ---------------------------------------------------------------------


def test_saving_a_topic_replaces_its_note_never_appends(
    client: WebClient, workspace: Workspace, ada: Any
) -> None:
    url = f"/api/v1/contacts/{ada.id}/notes/journey"
    headers = {"X-CSRF-Token": client.csrf}
    for text in ("Phys", "Physics PhD", "Physics PhD, then QA"):  # as typed, debounced
        response = client.http.put(url, json={"text": text}, headers=headers)
        assert response.status_code == 200, response.text
    assert response.json()["outcome"] == "edited"
    again = client.http.put(url, json={"text": "Physics PhD, then QA"}, headers=headers)
    assert again.json()["outcome"] == "unchanged"
    assert notes(workspace, ada) == [("journey", "Physics PhD, then QA")]
    page = client.get(f"/contacts/{ada.id}/chat").text
    assert field(page, "journey") == "Physics PhD, then QA"
    emptied = client.http.put(url, json={"text": ""}, headers=headers).json()
    assert emptied["outcome"] == "removed" and emptied["note"]["id"] is None
    assert notes(workspace, ada) == []


def test_the_form_without_script_saves_every_topic(
    client: WebClient, workspace: Workspace, same_cli: CLI, ada: Any
) -> None:
    page = client.get(f"/contacts/{ada.id}/chat").text
    assert '<button type="submit">Save notes</button>' in page
    url = f"/contacts/{ada.id}/chat/notes"
    data = {"note-journey": "QA first\r\nthen data", "note-team": "", "minutes": "30"}
    response = client.post(url, data=data)
    assert response.status_code == 303
    assert response.headers["location"] == f"/contacts/{ada.id}/chat?minutes=30#notes"
    assert same_cli.json("undo")["label"] == "note add"
    assert notes(workspace, ada) == []
    client.post(url, data=data)
    assert notes(workspace, ada) == [("journey", "QA first\nthen data")]
    shown = client.get(response.headers["location"]).text
    assert "Notes saved." in shown
    assert field(shown, "journey") == "QA first\nthen data"
    client.post(url, data={"note-journey": "QA first, then data"})
    assert notes(workspace, ada) == [("journey", "QA first, then data")]
    assert same_cli.json("undo")["label"] == "note edit"
    assert notes(workspace, ada) == [("journey", "QA first\nthen data")]


def test_the_lines_the_terminal_chat_took_show_as_one_text(
    client: WebClient, workspace: Workspace, ada: Any
) -> None:
    workspace.add_note(str(ada.id), "Started in QA", topic="journey")
    workspace.add_note(str(ada.id), "Then <data>", topic="journey")
    page = client.get(f"/contacts/{ada.id}/chat").text
    assert "Then &lt;data&gt;" in page and "<data>" not in page
    assert field(page, "journey") == "Started in QA\nThen <data>"


def test_a_note_kept_under_a_question_left_out_for_time_keeps_its_field(
    client: WebClient, workspace: Workspace, ada: Any
) -> None:
    full = topics(client.get(f"/contacts/{ada.id}/chat").text)
    short = topics(client.get(f"/contacts/{ada.id}/chat?minutes=15").text)
    dropped = next(k for k in full if k not in short)
    workspace.set_topic_note(str(ada.id), dropped, "Asked anyway")
    page = client.get(f"/contacts/{ada.id}/chat?minutes=15").text
    assert topics(page) == [*short, dropped]
    assert "Left out for time" in page and field(page, dropped) == "Asked anyway"


def test_a_bad_topic_is_a_4xx_json_error_with_its_field(
    client: WebClient, workspace: Workspace, ada: Any
) -> None:
    headers = {"X-CSRF-Token": client.csrf}
    bad = client.http.put(
        f"/api/v1/contacts/{ada.id}/notes/trends", json={"text": "x"}, headers=headers
    )
    assert bad.status_code == 400
    error = bad.json()["error"]
    assert (error["code"], error["field"]) == ("invalid-value", "topic")
    assert "not a topic" in error["message"]
    missing = client.http.put(f"/api/v1/contacts/{ada.id}/notes/journey", json={}, headers=headers)
    assert missing.status_code == 422 and missing.json()["error"]["field"] == "text"
    posted = client.post(f"/api/v1/contacts/{ada.id}/notes", json={"topic": "trends", "text": "x"})
    assert posted.status_code == 400 and posted.json()["error"]["field"] == "topic"
    plain = client.post(f"/contacts/{ada.id}/chat/notes", data={"note-trends": "x"})
    assert plain.status_code == 400 and "not a topic" in plain.text
    assert notes(workspace, ada) == []
    assert workspace.show_contact(str(ada.id)).conversations == []


# --- takeaways, promises, introductions in place ---------------------------------------------


def test_a_takeaway_is_takeaway_add_and_htmx_gets_the_list(
    client: WebClient, workspace: Workspace, same_cli: CLI, ada: Any
) -> None:
    url = f"/contacts/{ada.id}/chat/takeaways"
    response = client.htmx("POST", url, data={"kind": "advice", "text": "Ship <small> things"})
    assert response.status_code == 200
    part = response.text
    assert part.lstrip().startswith('<section id="takeaways"') and "<h1" not in part
    assert "Ship &lt;small&gt; things" in part and "Takeaway added (advice)." in part
    assert same_cli.json("undo")["label"] == "takeaway add"
    assert workspace.list_takeaways(str(ada.id))[1] == []
    plain = client.post(url, data={"kind": "insight", "text": "Hires from support"})
    assert plain.status_code == 303
    [row] = workspace.list_takeaways(str(ada.id))[1]
    assert (row.kind, row.text) == ("insight", "Hires from support")
    assert "Hires from support" in client.get(f"/contacts/{ada.id}/chat").text


def test_a_bad_takeaway_kind_is_shown_beside_the_field(
    client: WebClient, workspace: Workspace, ada: Any
) -> None:
    url = f"/contacts/{ada.id}/chat/takeaways"
    part = client.htmx("POST", url, data={"kind": "gossip", "text": "Keep <me>"}).text
    assert 'id="takeaway-error" role="alert">kind:' in part
    assert 'value="Keep &lt;me&gt;"' in part  # what was typed stays
    assert client.post(url, data={"kind": "advice", "text": " "}).status_code == 400
    assert workspace.list_takeaways(str(ada.id))[1] == []


def test_a_promise_is_promise_add(
    client: WebClient, workspace: Workspace, same_cli: CLI, ada: Any
) -> None:
    url = f"/contacts/{ada.id}/chat/promises"
    part = client.htmx(
        "POST", url, data={"by": "me", "text": "Send my portfolio", "due": "2026-12-04"}
    ).text
    assert "Send my portfolio · due 2026-12-04" in part and "<h1" not in part
    assert same_cli.json("undo")["label"] == "promise add"
    bad = client.htmx("POST", url, data={"by": "me", "text": "Soon", "due": "tomorrowish"}).text
    assert 'id="promise-error" role="alert">due:' in bad
    client.post(url, data={"by": "them", "text": "Forward my CV"})
    [row] = workspace.list_promises(str(ada.id))[1]
    assert (row.by, row.text, row.due) == ("them", "Forward my CV", None)


def test_an_introduction_is_intro_add(
    client: WebClient, workspace: Workspace, same_cli: CLI, ada: Any
) -> None:
    url = f"/contacts/{ada.id}/chat/introductions"
    part = client.htmx("POST", url, data={"to": "Bob <i>Chen</i>", "company": "Initech"}).text
    assert "Bob &lt;i&gt;Chen&lt;/i&gt; (Initech) · offered" in part
    assert "ask for the introduction on" in part
    assert same_cli.json("undo")["label"] == "intro add"
    refused = client.post(url, data={"to": " "})
    assert refused.status_code == 400 and 'id="intro-error"' in refused.text
    client.post(url, data={"to": "Bob Chen", "email": "bob@initech.example"})
    [row] = workspace.list_introductions(str(ada.id))[1]
    assert workspace.show_contact(str(row.to_id)).contact.emails == ["bob@initech.example"]


# --- the JSON API: what the CLI's --json prints ---------------------------------------------


def test_api_note_add_is_note_add_json(client: WebClient, same_cli: CLI, ada: Any) -> None:
    first = client.post(f"/api/v1/contacts/{ada.id}/notes", json={"topic": "Journey", "text": "QA"})
    assert first.status_code == 201 and first.json()["started"] is True
    api = client.post(f"/api/v1/contacts/{ada.id}/notes", json={"topic": "team", "text": "Five"})
    cli = same_cli.json("note", "add", str(ada.id), "--topic", "team", "Five")
    assert api.json()["note"]["id"] + 1 == cli["note"]["id"]
    api.json()["note"]["id"] = cli["note"]["id"]
    assert {**api.json(), "note": cli["note"]} == cli
    assert api.json()["note"]["topic"] == cli["note"]["topic"] == "team"


def test_api_takeaway_and_promise_add_are_their_cli_json(
    client: WebClient, same_cli: CLI, ada: Any
) -> None:
    same_cli("note", "add", str(ada.id), "started")  # the conversation exists for both
    body = {"kind": "advice", "text": "Learn SQL"}
    api = client.post(f"/api/v1/contacts/{ada.id}/takeaways", json=body)
    assert api.status_code == 201
    cli = same_cli.json("takeaway", "add", str(ada.id), "--kind", "advice", "Learn SQL")
    assert {
        **api.json(),
        "takeaway": {**api.json()["takeaway"], "id": cli["takeaway"]["id"]},
    } == cli
    body = {"by": "me", "text": "Send it", "due": "2026-12-04"}
    api = client.post(f"/api/v1/contacts/{ada.id}/promises", json=body)
    cli = same_cli.json(
        "promise", "add", str(ada.id), "--by", "me", "--due", "2026-12-04", "Send it"
    )
    assert {**api.json(), "promise": {**api.json()["promise"], "id": cli["promise"]["id"]}} == cli


def test_api_bad_kind_is_a_4xx_json_error_with_its_field(
    client: WebClient, workspace: Workspace, ada: Any
) -> None:
    bad = client.post(f"/api/v1/contacts/{ada.id}/takeaways", json={"kind": "gossip", "text": "x"})
    assert bad.status_code == 400 and bad.json()["error"]["field"] == "kind"
    missing = client.post(f"/api/v1/contacts/{ada.id}/takeaways", json={"text": "x"})
    assert missing.status_code == 422 and missing.json()["error"]["field"] == "kind"
    extra = client.post(
        f"/api/v1/contacts/{ada.id}/takeaways", json={"kind": "advice", "text": "x", "why": 1}
    )
    assert extra.status_code == 422
    event = client.post(f"/api/v1/contacts/{ada.id}/events", json={"kind": "lunch"})
    assert event.status_code == 400 and event.json()["error"]["field"] == "kind"
    assert client.post("/api/v1/contacts/99/events", json={"kind": "reply"}).status_code == 404
    assert workspace.list_takeaways(str(ada.id))[1] == []
    assert workspace.show_contact(str(ada.id)).timeline == []


def test_api_intro_add_is_intro_add_json(client: WebClient, same_cli: CLI, ada: Any) -> None:
    api = client.post(f"/api/v1/contacts/{ada.id}/introductions", json={"to": "Bob Chen"})
    assert api.status_code == 201
    cli = same_cli.json("intro", "add", str(ada.id), "--to", "Bob Chen")
    got = api.json()
    assert got["created"] is True and cli["created"] is False  # the second links Bob
    assert got["contact"] == cli["contact"] and got["follow_up"] == cli["follow_up"]
    assert got["introducer"] == cli["introducer"]
    assert got["introduction"] + 1 == cli["introduction"]
    assert set(got) == set(cli)


def test_api_events_is_log_json(
    client: WebClient, workspace: Workspace, same_cli: CLI, ada: Any
) -> None:
    body = {
        "kind": "meeting",
        "at": "2026-11-25T12:30",
        "minutes": 60,
        "format": "lunch",
        "note": "Tacos",
    }
    api = client.post(f"/api/v1/contacts/{ada.id}/events", json=body)
    assert api.status_code == 201, api.text
    assert same_cli.json("undo")["label"] == "log meeting"
    cli = same_cli.json(
        "log", str(ada.id), "meeting", "--at", "2026-11-25T12:30", "--minutes", "60",
        "--format", "lunch", "--note", "Tacos",
    )  # fmt: skip
    # ids and the held conversation's id differ (PostgreSQL does not reuse an undone id)
    assert {**api.json(), "id": cli["id"], "value": cli["value"]} == cli
    assert api.json()["value"].isdigit()
    assert cli["contact"]["stage"] == "met-up"
    ahead = client.post(
        f"/api/v1/contacts/{ada.id}/events", json={"kind": "meeting", "at": "2027-03-01T10:00"}
    )
    assert ahead.status_code == 400
    assert "more than a day ahead" in ahead.json()["error"]["message"]
    planned = {"kind": "meeting", "at": "2027-03-01T10:00", "future": True}
    assert client.post(f"/api/v1/contacts/{ada.id}/events", json=planned).status_code == 201


def test_the_contact_page_links_to_the_chat(client: WebClient, ada: Any) -> None:
    page = client.get(f"/contacts/{ada.id}").text
    assert f'href="/contacts/{ada.id}/chat"' in page


def test_without_script_the_timer_is_hidden_and_the_save_button_shown(
    client: WebClient, ada: Any
) -> None:
    page = client.get(f"/contacts/{ada.id}/chat").text
    assert '<div class="chatbar" id="chatbar" hidden' in page  # the script shows it
    assert '<p class="nojs-save"><button type="submit">Save notes</button></p>' in page
    assert "<script>" not in page and " style=" not in page  # the CSP allows neither
