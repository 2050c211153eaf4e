"""Draft templates edited on Settings: checked before they are saved (they compile,
start with their Subject line, and render the draft of your first contact), kept as
``templates/KIND.txt`` (0600) that the next draft uses, and the built-in one back on
request. On the team server the templates are the server's: shown, never changed
(tests/test_web_team_settings.py)."""

from __future__ import annotations

import re
import stat
from typing import Any

from coffeechat.service import Workspace
from conftest import WebClient

MINE = (
    "Subject: Coffee, {{ contact.first_name }}?\n\nHi {{ contact.first_name }},\n\n"
    "Short and mine.\n\n{{ me.sign_off }}\n"
)


def _own(workspace: Workspace, kind: str) -> Any:
    return workspace.settings.home / "templates" / f"{kind}.txt"


def test_a_template_saved_on_settings_writes_the_next_draft(
    client: WebClient, workspace: Workspace, contacts: Any
) -> None:
    ada = contacts.add("Ada Lovelace", email="ada@example.org")
    response = client.post(
        "/settings/templates/outreach", data={"text": MINE.replace("\n", "\r\n")}
    )
    assert response.status_code == 303, response.text
    path = _own(workspace, "outreach")
    assert path.read_text(encoding="utf-8") == MINE  # line ends as a file has them
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    draft = workspace.draft("outreach", str(ada.id))
    assert draft.subject == "Coffee, Ada?" and "Short and mine." in draft.body
    page = client.get("/settings").text
    assert "Saved your outreach template" in page
    assert "Use the built-in one again" in page
    back = client.post("/settings/templates/outreach/reset")
    assert back.status_code == 303 and not path.exists()
    assert "built-in template again" in client.get("/settings").text
    assert workspace.draft("outreach", str(ada.id)).subject != "Coffee, Ada?"


def test_a_template_that_would_not_render_is_refused_beside_its_field(
    client: WebClient, workspace: Workspace, contacts: Any
) -> None:
    contacts.add("Ada Lovelace")
    cases = {
        "Subject: Hi\n\n{% if %}\n": r"line 3",
        "Subject: Hi\n\nDear {{ contact.nickname_of_theirs }},\n": r"line 3.*nickname_of_theirs",
        "Hello there\n\nNo subject line\n": r"line 1: the first line must be",
    }
    for text, said in cases.items():
        response = client.post("/settings/templates/outreach", data={"text": text})
        assert response.status_code == 400, text
        error = re.search(r'id="template-outreach-error" role="alert">([^<]*)<', response.text)
        assert error and re.search(said, error[1]), (text, error and error[1])
        assert "templates/outreach.txt" in error[1]
        assert not _own(workspace, "outreach").exists()


def test_what_was_typed_comes_back_escaped(client: WebClient, workspace: Workspace) -> None:
    typed = "Subject: x\n\n</textarea><script>alert(1)</script>{% if %}"
    response = client.post("/settings/templates/thank-you", data={"text": typed})
    assert response.status_code == 400
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;/textarea&gt;&lt;script&gt;" in response.text
    assert not _own(workspace, "thank-you").exists()


def test_an_unknown_kind_is_refused(client: WebClient) -> None:
    response = client.post("/settings/templates/sonnet", data={"text": MINE})
    assert response.status_code == 400
    assert "must be one of" in response.text


def test_a_template_reaches_the_drafts_values_and_nothing_behind_them(
    client: WebClient, workspace: Workspace, contacts: Any
) -> None:
    contacts.add("Ada Lovelace")
    text = "Subject: x\n\n{{ contact.__class__.__mro__[1].__subclasses__() }}\n"
    response = client.post("/settings/templates/outreach", data={"text": text})
    assert response.status_code == 400
    assert "unsafe" in response.text or "__class__" in response.text
    assert not _own(workspace, "outreach").exists()
