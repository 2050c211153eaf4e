"""Messages in the web UI: the kinds of draft, the editor with the checker's findings as
you type, the .eml download, sending through a mail server, "I sent it", and
``POST /api/v1/check`` (= ``check --json``)."""

from __future__ import annotations

import email.parser
import email.policy
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from markupsafe import escape

from coffeechat.core.drafts import KINDS
from coffeechat.service import Workspace
from coffeechat.web.routers.messages import draft_path, marked
from conftest import CLI, WebClient, watch
from test_send import Server, _serve, free_port

#: An outreach that breaks two rules (asks for a job, mentions an attachment)...
BAD = (
    "Hi Ada,\n\nWe met at PyData NYC last week. Are you hiring? I attached my resume.\n\n"
    "Would you have 20 minutes for a call?\n\nBest,\nSam"
)
#: ... and the same, fixed.
GOOD = (
    "Hi Ada,\n\nWe met at PyData NYC last week. Your talk on Acme's data platform stayed "
    "with me. Would you have 20 minutes for a call about your path?\n\nBest,\nSam"
)


@pytest.fixture
def ada(workspace: Workspace) -> Any:
    """Ada Lovelace, met at PyData NYC, with an e-mail address."""
    return workspace.add_contact(
        name="Ada Lovelace", emails=["ada@example.com"], company="Acme", met_at="PyData NYC"
    )


def editor(ada: Any, kind: str = "outreach") -> str:
    return f"/contacts/{ada.id}/messages/{kind}"


def rules(text: str) -> list[str]:
    return re.findall(r'<code class="rule">([^<]+)</code>', text)


# --- the Messages page -------------------------------------------------------------------


def test_messages_is_in_the_navigation_and_offers_the_contacts(client: WebClient, ada: Any) -> None:
    page = client.get("/")
    assert '<a href="/messages">Messages</a>' in page.text
    response = client.get("/messages")
    assert response.status_code == 200
    assert "<h1>Messages</h1>" in response.text
    assert f'href="/messages?contact={ada.id}"' in response.text


def test_the_contact_search_answers_htmx_with_the_choices_only(
    client: WebClient, workspace: Workspace, ada: Any
) -> None:
    workspace.add_contact(name="Bob Chen")
    response = client.htmx("GET", "/messages?q=lovelace")
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="choices"')
    assert "Ada Lovelace" in response.text
    assert "Bob Chen" not in response.text
    assert "No contacts match" in client.get("/messages?q=zzzz").text


def test_every_kind_of_draft_is_listed_for_a_contact(client: WebClient, ada: Any) -> None:
    response = client.get(f"/messages?contact={ada.id}")
    assert response.status_code == 200
    for kind in KINDS:
        if kind == "intro-request":  # asks who to be introduced to first
            assert f'action="{editor(ada, kind)}"' in response.text
        else:
            assert f'href="{editor(ada, kind)}"' in response.text


def test_the_kinds_the_agenda_asks_for_are_marked_due(
    client: WebClient, workspace: Workspace, ada: Any
) -> None:
    workspace.log(str(ada.id), "outreach", at="2026-11-16T10:00")  # a follow-up is due
    response = client.get(f"/messages?contact={ada.id}")
    assert response.text.count('class="due"') == 1
    due = response.text.split('class="due"')[1].split("</li>")[0]
    assert "Due now:" in due and "one follow-up is due" in due
    assert f'href="{editor(ada, "follow-up")}"' in due


def test_an_unknown_contact_or_kind_is_not_found(client: WebClient, ada: Any) -> None:
    assert client.get("/messages?contact=999").status_code == 404
    assert client.get("/contacts/999/messages/outreach").status_code == 404
    assert client.get(editor(ada, "sonnet")).status_code == 404


# --- the editor --------------------------------------------------------------------------


def test_the_editor_is_filled_with_the_draft(
    client: WebClient, workspace: Workspace, ada: Any
) -> None:
    draft = workspace.draft("outreach", str(ada.id))
    response = client.get(editor(ada))
    assert response.status_code == 200
    assert "<h1>Outreach for Ada Lovelace</h1>" in response.text
    assert f'value="{escape(draft.subject)!s}"' in response.text
    assert str(escape(draft.body)) in response.text
    assert 'hx-trigger="input changed delay:400ms"' in response.text
    assert f'href="{escape(draft.mailto)!s}"' in response.text  # subject and body encoded
    assert draft.mailto.startswith("mailto:ada@example.com?subject=")
    assert "%0D%0A" in draft.mailto and " " not in draft.mailto
    assert 'src="/static/messages.js"' in response.text
    assert 'id="findings"' in response.text


def test_a_draft_that_cannot_be_written_yet_says_why(client: WebClient, ada: Any) -> None:
    response = client.get(editor(ada, "thank-you"))  # not met yet: nothing to thank for
    assert response.status_code == 200
    assert 'class="error" role="alert"' in response.text
    assert "<textarea" in response.text  # they can still write it themselves


def test_a_scheduling_draft_holds_its_options_as_draft_scheduling_does(
    client: WebClient, workspace: Workspace, same_cli: CLI, ada: Any
) -> None:
    workspace.log(str(ada.id), "reply")
    response = client.get(editor(ada, "scheduling"))
    assert response.status_code == 200
    assert "Which works best for you?" in response.text
    assert same_cli.json("undo")["label"] == "draft scheduling"


def test_a_text_that_starts_with_a_blank_line_keeps_it(client: WebClient, ada: Any) -> None:
    response = client.post(editor(ada) + "/check", data={"body": "\nHi Ada"})
    # the browser drops one newline after <textarea ...>: the text's own comes after it
    assert re.search(r"<textarea[^>]*>\n\nHi Ada</textarea>", response.text)


def test_a_second_contact_named_by_the_agenda_is_written_to_them(
    client: WebClient, workspace: Workspace, ada: Any
) -> None:
    bob = workspace.add_contact(name="Bob Chen", company="Acme")
    response = client.get(editor(ada, "second-contact") + "?to=Bob%20Chen")
    assert response.status_code == 303
    assert response.headers["location"] == editor(bob, "second-contact")
    assert client.get(editor(ada, "second-contact") + "?to=Nobody").status_code == 404


def test_an_intro_request_names_who_to_meet(client: WebClient, ada: Any) -> None:
    response = client.get(editor(ada, "intro-request") + "?to=Grace%20Kim")
    assert response.status_code == 200
    assert "Grace" in response.text
    assert 'name="to" value="Grace Kim"' in response.text


def test_the_findings_come_as_you_type_and_go_once_fixed(client: WebClient, ada: Any) -> None:
    bad = client.htmx("POST", editor(ada) + "/check", data={"subject": "Hi", "body": BAD})
    assert bad.status_code == 200
    assert bad.text.lstrip().startswith('<section id="findings"')
    assert "<html" not in bad.text
    assert "asks-for-job" in rules(bad.text)
    assert "attachment" in rules(bad.text)
    assert "<mark>Are you hiring</mark>" in bad.text  # the words it is about
    assert "<mark>attached</mark>" in bad.text
    assert "Ask for their advice" in bad.text  # and the hint
    good = client.htmx("POST", editor(ada) + "/check", data={"subject": "Hi", "body": GOOD})
    assert good.status_code == 200
    assert rules(good.text) == []
    assert "Looks good" in good.text
    assert "<mark>" not in good.text


def test_without_script_the_check_button_brings_the_page_back_with_findings(
    client: WebClient, ada: Any
) -> None:
    response = client.post(editor(ada) + "/check", data={"subject": "My subject", "body": BAD})
    assert response.status_code == 200
    assert "<h1>Outreach for Ada Lovelace</h1>" in response.text
    assert 'value="My subject"' in response.text  # the text as typed, not the draft again
    assert str(escape(BAD)) in response.text
    assert "asks-for-job" in rules(response.text)


def test_the_text_is_escaped_everywhere(client: WebClient, ada: Any) -> None:
    evil = "<script>alert(1)</script> Are you hiring? <img src=x onerror=alert(2)>"
    fragment = client.htmx("POST", editor(ada) + "/check", data={"body": evil})
    page = client.post(editor(ada) + "/check", data={"subject": "<b>x</b>", "body": evil})
    for text in (fragment.text, page.text):
        assert "<script>alert" not in text
        assert "<img src=x" not in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<b>x</b>" not in page.text


def test_the_check_needs_the_csrf_token(client: WebClient, ada: Any) -> None:
    response = client.post(editor(ada) + "/check", csrf=False, data={"body": BAD})
    assert response.status_code == 403


def test_marked_cuts_the_text_around_the_words() -> None:
    segments = marked("I think I can, said my friend", ["I", "my"])
    assert [(s.text, s.mark) for s in segments] == [
        ("I", True),
        (" think ", False),
        ("I", True),
        (" can, said ", False),
        ("my", True),
        (" friend", False),
    ]
    assert [s.text for s in marked("in it", ["I"])] == ["in it"]  # whole words only
    assert [s.mark for s in marked("are you\nhiring?", ["are you hiring"])] == [True, False]


# --- download, send, "I sent it" ---------------------------------------------------------


def test_the_eml_download_is_the_text_as_typed(client: WebClient, ada: Any) -> None:
    response = client.post(
        editor(ada) + "/eml", data={"subject": "Coffee, Ada?", "body": "Hi Ada,\r\n\r\nHello."}
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("message/rfc822")
    assert (
        response.headers["content-disposition"] == f'attachment; filename="outreach-{ada.id}.eml"'
    )
    message = email.parser.BytesParser(policy=email.policy.default).parsebytes(response.content)
    assert message["Subject"] == "Coffee, Ada?"
    assert message["To"].addresses[0].addr_spec == "ada@example.com"
    assert message["From"].addresses[0].addr_spec == "sam@example.com"
    assert message["X-Coffeechat-Kind"] == "outreach"
    assert message["X-Coffeechat-Contact"] == str(ada.id)
    assert message.get_body().get_content() == "Hi Ada,\n\nHello.\n"


def test_i_sent_it_logs_the_event_and_undo_names_it(
    client: WebClient, workspace: Workspace, same_cli: CLI, ada: Any
) -> None:
    response = client.post(editor(ada, "outreach") + "/sent", data={"subject": "Coffee?"})
    assert response.status_code == 303
    assert response.headers["location"] == f"/contacts/{ada.id}"
    (event,) = workspace.show_contact(str(ada.id)).timeline
    assert event.kind.value == "outreach"
    assert event.note == "Sent: Coffee?"
    shown = client.get(f"/contacts/{ada.id}")
    assert "Logged outreach with Ada Lovelace" in shown.text  # the notice, once
    assert "Logged outreach" not in client.get(f"/contacts/{ada.id}").text
    assert same_cli.json("undo")["label"] == "log outreach"
    assert workspace.show_contact(str(ada.id)).timeline == []


def test_i_sent_it_follows_the_kind_as_send_does(
    client: WebClient, workspace: Workspace, same_cli: CLI, ada: Any
) -> None:
    client.post(editor(ada, "scheduling") + "/sent", data={"subject": "Times"})
    (event,) = workspace.show_contact(str(ada.id)).timeline
    assert event.kind.value == "scheduling-email"
    assert same_cli.json("undo")["label"] == "log scheduling-email"


def test_without_a_mail_server_send_is_hidden_and_explained(client: WebClient, ada: Any) -> None:
    response = client.get(editor(ada))
    assert "/send" not in response.text
    assert 'id="no-smtp"' in response.text
    assert "I sent it" in response.text


@pytest.fixture
def smtp() -> Iterator[Server]:
    """An open relay on 127.0.0.1 (no TLS, no login), as `coffeechat send` is tested."""
    yield from _serve()


def use_server(workspace: Workspace, port: int) -> None:
    workspace.update_settings(smtp_host="127.0.0.1", smtp_port=str(port), smtp_security="none")


def test_send_delivers_the_text_as_typed_and_logs_it(
    client: WebClient, workspace: Workspace, same_cli: CLI, ada: Any, smtp: Server
) -> None:
    use_server(workspace, smtp.port)
    page = client.get(editor(ada))
    assert f'formaction="{editor(ada)}/send"' in page.text
    assert 'id="no-smtp"' not in page.text
    response = client.post(
        editor(ada) + "/send", data={"subject": "Coffee, Ada?", "body": "Hi Ada,\n\nHello.\n"}
    )
    assert response.status_code == 303, response.text
    assert response.headers["location"] == f"/contacts/{ada.id}"
    (got,) = smtp.messages
    assert got.rcpt_tos == ["ada@example.com"]
    assert got.message["Subject"] == "Coffee, Ada?"
    assert got.message.get_body().get_content().replace("\r\n", "\n") == "Hi Ada,\n\nHello.\n"
    (event,) = workspace.show_contact(str(ada.id)).timeline
    assert (event.kind.value, event.note) == ("outreach", "Sent: Coffee, Ada?")
    assert "Sent “Coffee, Ada?” to ada@example.com" in client.get(f"/contacts/{ada.id}").text
    assert same_cli.json("undo")["label"] == "send"


def test_a_send_that_fails_says_why_and_logs_nothing(
    client: WebClient, workspace: Workspace, ada: Any
) -> None:
    use_server(workspace, free_port())  # nothing listens there
    response = client.post(editor(ada) + "/send", data={"subject": "Hi", "body": "Hello <b>"})
    assert response.status_code == 400
    assert 'id="send-error"' in response.text
    assert "cannot send through 127.0.0.1" in response.text
    assert "Hello &lt;b&gt;" in response.text  # the text is kept as typed
    assert workspace.show_contact(str(ada.id)).timeline == []


# --- where the editor is linked from -----------------------------------------------------


def test_the_contact_page_links_to_the_editor(client: WebClient, ada: Any) -> None:
    response = client.get(f"/contacts/{ada.id}")
    assert "Write a message" in response.text
    assert f'href="{editor(ada)}"' in response.text


def test_today_opens_the_draft_an_item_asks_for(
    client: WebClient, workspace: Workspace, ada: Any
) -> None:
    workspace.log(str(ada.id), "outreach", at="2026-11-16T10:00")  # a follow-up is due
    response = client.get("/")
    assert f'href="{editor(ada, "follow-up")}"' in response.text
    assert "Open the draft" in response.text


def test_draft_path_reads_the_agenda_command() -> None:
    assert draft_path("coffeechat draft follow-up 12") == "/contacts/12/messages/follow-up"
    assert (
        draft_path('coffeechat draft intro-request 3 --to "Grace Kim"')
        == "/contacts/3/messages/intro-request?to=Grace%20Kim"
    )
    assert (
        draft_path('coffeechat draft second-contact 3 --to "Bob Chen"')
        == "/contacts/3/messages/second-contact?to=Bob%20Chen"
    )
    assert draft_path("coffeechat contact add NAME --company Acme") is None
    assert draft_path("coffeechat draft sonnet 3") is None
    assert draft_path('coffeechat draft outreach "unterminated') is None


# --- POST /api/v1/check ------------------------------------------------------------------


def cli_check(cli: CLI, text: str, *args: str) -> Any:
    """What `coffeechat check ARGS --json` prints for ``text`` on standard input."""
    return json.loads(cli("check", *args, "--json", input=text).stdout)


@pytest.mark.parametrize(
    ("kind", "text"),
    [("outreach", BAD), ("outreach", GOOD), ("follow-up", "Hi Ada, just checking in."),
     ("scheduling", "Hi Ada,\n\nWould Monday at noon or Tuesday at 5pm work?\n\nSam")],
)  # fmt: skip
def test_the_api_check_is_check_json(
    client: WebClient, same_cli: CLI, kind: str, text: str
) -> None:
    response = client.post("/api/v1/check", json={"kind": kind, "text": text})
    assert response.status_code == 200
    assert response.json() == cli_check(same_cli, text, "--kind", kind)


def test_the_api_check_with_a_contact_is_check_contact(
    client: WebClient, same_cli: CLI, ada: Any
) -> None:
    body = {"kind": "outreach", "text": BAD, "contact": str(ada.id)}
    response = client.post("/api/v1/check", json=body)
    expected = cli_check(same_cli, BAD, "--kind", "outreach", "--contact", str(ada.id))
    assert response.json() == expected


def test_the_api_check_refuses_a_bad_kind(client: WebClient) -> None:
    response = client.post("/api/v1/check", json={"kind": "sonnet", "text": "Hi"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["field"] == "kind"
    assert error["code"] == "invalid-value"
    missing = client.post("/api/v1/check", json={"text": "Hi"})
    assert missing.status_code == 422
    assert missing.json()["error"]["field"] == "kind"


def test_the_api_check_refuses_a_text_over_the_cli_limit(client: WebClient) -> None:
    from coffeechat.formats.files import MESSAGE_LIMIT

    text = "a" * (MESSAGE_LIMIT + 1)
    response = client.post("/api/v1/check", json={"kind": "outreach", "text": text})
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "text"


def test_the_api_check_takes_a_bearer_token(web_app: Any) -> None:
    from fastapi.testclient import TestClient

    from coffeechat.service import access
    from conftest import WEB_BASE

    token = access.access_token(web_app.state.web.home)
    http = TestClient(web_app, base_url=WEB_BASE)
    response = http.post(
        "/api/v1/check",
        json={"kind": "outreach", "text": GOOD},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200
    assert response.json()["ok"] is True
    assert http.post("/api/v1/check", json={"kind": "outreach", "text": GOOD}).status_code == 401


# --- in a real browser -------------------------------------------------------------------


@pytest.mark.browser
def test_a_finding_appears_as_you_type_and_goes_once_fixed(
    served: str, browser: Any, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1280, "height": 800})
    problems = watch(page)
    page.goto(served)
    page.get_by_role("link", name="Messages", exact=True).click()
    page.wait_for_url("**/messages")
    assert page.locator("h1").inner_text() == "Messages"
    page.get_by_role("link", name="Ada Lovelace").click()
    page.wait_for_url("**/messages?contact=*")
    page.screenshot(path=str(tmp_path / "messages-kinds-1280.png"), full_page=True)
    page.get_by_role("link", name="Outreach").click()
    page.wait_for_url("**/contacts/*/messages/outreach")
    findings = page.locator("#findings")
    body = page.locator("#body")
    body.fill("")
    body.press_sequentially("Hi Ada, are you hiring? I attached my resume.", delay=5)
    expect(findings.locator(".finding", has_text="asks-for-job")).to_be_visible()
    expect(findings.locator(".preview mark", has_text="are you hiring")).to_be_visible()
    expect(page.locator("#mailto")).to_have_attribute("href", re.compile("are%20you%20hiring"))
    page.screenshot(path=str(tmp_path / "messages-1280.png"), full_page=True)
    body.fill("")
    body.press_sequentially(
        "Hi Ada, we met at PyData NYC. Would you have 20 minutes for a call about your path?",
        delay=5,
    )
    expect(findings.locator(".finding", has_text="asks-for-job")).to_have_count(0)
    expect(findings.locator("mark")).to_have_count(0)
    assert page.locator("#copy").is_visible()  # the script shows it; without script it hides
    page.set_viewport_size({"width": 375, "height": 812})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # no sideways scroll
    page.screenshot(path=str(tmp_path / "messages-375.png"), full_page=True)
    assert problems == []


def test_the_words_marked_are_those_each_finding_is_about(client: WebClient, ada: Any) -> None:
    body = (
        "Hi Ada,\n\nWe met at PyData. I have not attached anything yet. Could you pass my CV "
        "to your manager? Oh, and I attached my CV after all.\n\nSam"
    )
    found = client.htmx("POST", editor(ada) + "/check", data={"body": body})
    assert "attachment" in rules(found.text)
    # the attachment the finding is about, not the one the text says it has not done
    preview = found.text.split('class="preview"', 1)[1]
    assert preview.count("<mark>attached</mark>") == 1
    assert "not attached anything" in preview
    assert "<mark>pass my CV</mark>" in preview


def test_marked_marks_spans_as_given() -> None:
    segments = marked("Are you hiring? Are you hiring?", [], [(16, 30)])
    assert [(s.text, s.mark) for s in segments] == [
        ("Are you hiring? ", False),
        ("Are you hiring", True),
        ("?", False),
    ]
