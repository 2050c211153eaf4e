"""The recap page (/contacts/{id}/recap) and the recap and search API, through the test
client, on SQLite and PostgreSQL: the preview is the CLI's HTML with user text escaped,
the check's findings beside it, the form writes through the service, the downloads are
the CLI's files; the JSON is the CLI's."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from coffeechat.service import Workspace
from conftest import CLI, WebClient

SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def ada(workspace: Workspace) -> int:
    """Ada, met up with, with a note (holding a script tag), a takeaway and a promise."""
    contact = workspace.add_contact(name="Ada Lovelace", company="Acme")
    workspace.log(str(contact.id), "outreach", at="2026-11-16T10:00")
    workspace.log(str(contact.id), "reply", at="2026-11-17T10:00")
    workspace.log(str(contact.id), "meeting", at="2026-11-20T10:00")
    workspace.add_note(str(contact.id), f"Started in QA {SCRIPT}", topic="journey")
    workspace.add_takeaway(str(contact.id), "insight", "Data teams hire from support")
    workspace.add_promise(str(contact.id), "me", "Send my portfolio")
    return contact.id


def test_the_recap_page_shows_the_preview_the_check_and_the_downloads(
    client: WebClient, ada: int
) -> None:
    page = client.get(f"/contacts/{ada}/recap")
    assert page.status_code == 200
    html = page.text
    assert "<h1>Recap: Ada Lovelace</h1>" in html
    assert f'src="/contacts/{ada}/recap/preview"' in html and "sandbox" in html
    for fmt in ("pdf", "docx", "md", "html"):
        assert f"/contacts/{ada}/recap/download?format={fmt}" in html
    # the check's findings, worded, beside the preview: the undated promise
    assert "promises-dated" in html and "Send my portfolio" in html
    assert 'class="finding' in html
    assert SCRIPT not in html


def test_the_preview_is_the_cli_html_with_user_text_escaped_and_no_script_allowed(
    client: WebClient, ada: int, same_cli: CLI
) -> None:
    preview = client.get(f"/contacts/{ada}/recap/preview")
    assert preview.status_code == 200
    assert preview.headers["content-type"].startswith("text/html")
    assert SCRIPT not in preview.text
    assert "Started in QA &lt;script&gt;alert(1)&lt;/script&gt;" in preview.text
    policy = preview.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "sandbox" in policy
    assert "script-src" not in policy  # none allowed: default-src 'none'
    # the same document `recap --format html` writes (the CLI writes it, so second)
    cli = same_cli("recap", str(ada), "--format", "html").stdout
    assert _body(preview.text) == _body(cli)


def _body(html: str) -> str:
    found = re.search(r"<body.*</body>", html, re.S)
    assert found
    return found.group(0)


def test_reading_the_recap_writes_nothing(
    client: WebClient, ada: int, workspace: Workspace
) -> None:
    for url in ("", "/preview", "/download?format=md"):
        assert client.get(f"/contacts/{ada}/recap{url}").status_code == 200
    assert workspace.show_contact(str(ada)).contact.stage.value == "met-up"


@pytest.mark.parametrize(
    ("fmt", "media"),
    [
        ("md", "text/markdown; charset=utf-8"),
        ("html", "text/html; charset=utf-8"),
        ("pdf", "application/pdf"),
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ],
)
def test_downloads_have_their_type_and_a_file_name(
    client: WebClient, ada: int, fmt: str, media: str
) -> None:
    got = client.get(f"/contacts/{ada}/recap/download?format={fmt}")
    assert got.status_code == 200
    assert got.headers["content-type"] == media
    disposition = got.headers["content-disposition"]
    assert disposition.startswith("attachment;")
    assert f'filename="recap-ada-lovelace-2026-11-20.{fmt}"' in disposition
    if fmt == "pdf":
        assert got.content.startswith(b"%PDF")
    elif fmt == "docx":
        with zipfile.ZipFile(io.BytesIO(got.content)) as docx:
            assert "word/document.xml" in docx.namelist()
            assert b"Ada Lovelace" in docx.read("word/document.xml")
    elif fmt == "md":
        assert got.text.startswith("# Conversation with Ada Lovelace")
    else:
        assert SCRIPT not in got.text


def test_an_unknown_format_is_refused(client: WebClient, ada: int) -> None:
    assert client.get(f"/contacts/{ada}/recap/download?format=exe").status_code == 422


def test_saving_writes_the_recap_through_the_service(
    client: WebClient, ada: int, workspace: Workspace, same_cli: CLI
) -> None:
    sent = client.post(
        f"/contacts/{ada}/recap",
        data={"reflection": "I want this team", "next_contact": "2026-12-10", "next_step": "Ask"},
    )
    assert sent.status_code == 303 and sent.headers["location"] == f"/contacts/{ada}/recap"
    assert workspace.show_contact(str(ada)).contact.stage.value == "recapped"
    shown = client.get(f"/contacts/{ada}/recap")
    assert "Recap saved: Ada Lovelace is now recapped." in shown.text
    assert "I want this team" in shown.text
    assert 'value="2026-12-10"' in shown.text
    md = client.get(f"/contacts/{ada}/recap/download?format=md").text
    assert "I want this team" in md and "Thursday 10 December 2026" in md
    # one change, named like the command, that `coffeechat undo` reverts
    undone = same_cli.json("undo")
    assert undone["undone"] is True and undone["label"] == "recap"
    assert workspace.show_contact(str(ada)).contact.stage.value == "met-up"


def test_a_bad_date_is_refused_beside_its_field_and_nothing_changes(
    client: WebClient, ada: int, workspace: Workspace
) -> None:
    sent = client.post(f"/contacts/{ada}/recap", data={"next_contact": "someday"})
    assert sent.status_code == 400
    assert 'id="recap-next-contact"' in sent.text and 'aria-invalid="true"' in sent.text
    assert "next_contact" in sent.text
    assert workspace.show_contact(str(ada)).contact.stage.value == "met-up"


def test_the_form_needs_its_csrf_token(client: WebClient, ada: int) -> None:
    assert client.post(f"/contacts/{ada}/recap", csrf=False, data={}).status_code == 403


def test_htmx_gets_the_recap_part_back(client: WebClient, ada: int) -> None:
    got = client.htmx("POST", f"/contacts/{ada}/recap", data={"reflection": "Keen"})
    assert got.status_code == 200
    assert got.text.lstrip().startswith('<div id="recap">')
    assert "Recap saved" in got.text


def test_with_nothing_written_the_page_says_what_to_add(
    client: WebClient, workspace: Workspace
) -> None:
    bob = workspace.add_contact(name="Bob Chen")
    page = client.get(f"/contacts/{bob.id}/recap")
    assert page.status_code == 200
    assert "Nothing is written for this recap yet" in page.text
    assert "/recap/preview" not in page.text
    assert client.get(f"/contacts/{bob.id}/recap/download?format=pdf").status_code == 400
    assert workspace.show_contact(str(bob.id)).conversations == []  # nothing was started


def test_an_unknown_contact_is_a_404(client: WebClient, ada: int) -> None:
    assert client.get("/contacts/999/recap").status_code == 404
    assert client.get("/api/v1/contacts/999/recap").json()["error"]["code"] == "unknown-contact"


def test_the_contact_page_links_to_the_recap(client: WebClient, ada: int) -> None:
    assert f'href="/contacts/{ada}/recap"' in client.get(f"/contacts/{ada}").text


# --- the API ---------------------------------------------------------------------------------


def test_the_recap_api_reads_what_recap_json_writes(
    client: WebClient, ada: int, same_cli: CLI, workspace: Workspace
) -> None:
    before = client.get(f"/api/v1/contacts/{ada}/recap").json()
    assert before["first"] is True and before["contact"]["stage"] == "met-up"
    assert workspace.show_contact(str(ada)).contact.stage.value == "met-up"  # read only
    written = same_cli.json("recap", str(ada))
    assert {**before, "contact": written["contact"]} == written  # the same recap
    # once written, the GET is what `recap --json` says again
    assert client.get(f"/api/v1/contacts/{ada}/recap").json() == same_cli.json(
        "recap", str(ada), "--json"
    )


def test_the_recap_api_gives_the_file_with_format(client: WebClient, ada: int) -> None:
    got = client.get(f"/api/v1/contacts/{ada}/recap?format=pdf")
    assert got.headers["content-type"] == "application/pdf"
    assert got.content.startswith(b"%PDF")
    assert "recap-ada-lovelace-2026-11-20.pdf" in got.headers["content-disposition"]
    bad = client.get(f"/api/v1/contacts/{ada}/recap?format=exe")
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "format"


def test_posting_the_recap_writes_it(client: WebClient, ada: int, workspace: Workspace) -> None:
    got = client.post(
        f"/api/v1/contacts/{ada}/recap", json={"reflection": "Keen", "next_contact": "2026-12-10"}
    )
    assert got.status_code == 200, got.text
    body = got.json()
    assert body["first"] is True and body["contact"]["stage"] == "recapped"
    assert body["recap"]["reflection"] == "Keen" and body["recap"]["next_contact"] == "2026-12-10"
    bad = client.post(f"/api/v1/contacts/{ada}/recap", json={"next_contact": "soon"})
    assert bad.status_code == 400 and bad.json()["error"]["field"] == "next_contact"


def test_search_api_equals_search_json(client: WebClient, ada: int, same_cli: CLI) -> None:
    got = client.get("/api/v1/search?q=acme").json()
    assert got == same_cli.json("search", "acme")
    assert any(r["title"] == "Ada Lovelace" for r in got["results"])
    limited = client.get("/api/v1/search?q=a&limit=1").json()
    assert limited == same_cli.json("search", "a", "--limit", "1")


def test_search_api_needs_words(client: WebClient) -> None:
    got = client.get("/api/v1/search?q=")
    assert got.status_code == 422 and got.json()["error"]["field"] == "q"


def test_the_api_needs_a_sign_in(stranger: WebClient, ada: int) -> None:
    for url in (f"/api/v1/contacts/{ada}/recap", "/api/v1/search?q=a"):
        assert stranger.get(url).status_code == 401
    assert stranger.get(f"/contacts/{ada}/recap").status_code == 303


def test_the_routes_are_in_the_openapi_and_in_docs_json(client: WebClient) -> None:
    from pathlib import Path

    spec = client.get("/api/v1/openapi.json").json()
    contract = (Path(__file__).parent.parent / "docs" / "json.md").read_text(encoding="utf-8")
    for path, methods in (
        ("/api/v1/contacts/{contact_id}/recap", ("get", "post")),
        ("/api/v1/search", ("get",)),
    ):
        assert set(methods) <= set(spec["paths"][path])
        for method in methods:
            documented = f"`{method.upper()} {path.replace('{contact_id}', '{id}')}"
            assert documented in contract, documented


def test_a_reflection_alone_makes_a_recap(client: WebClient, workspace: Workspace) -> None:
    bob = workspace.add_contact(name="Bob Chen")
    sent = client.post(f"/contacts/{bob.id}/recap", data={"reflection": "Worth a chat"})
    assert sent.status_code == 303
    page = client.get(f"/contacts/{bob.id}/recap").text
    assert "Worth a chat" in page and f"/contacts/{bob.id}/recap/preview" in page
    assert "Reflection: Bob Chen" in client.get(f"/contacts/{bob.id}/recap/preview").text
    assert workspace.show_contact(str(bob.id)).contact.stage.value == "met"  # no meeting


def test_an_unknown_conversation_is_named(client: WebClient, ada: int) -> None:
    got = client.get(f"/contacts/{ada}/recap?conversation=999")
    assert got.status_code == 400 and "999" in got.text
    assert "Nothing is written" not in got.text
