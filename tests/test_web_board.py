"""The Board page (``/board``): columns by stage with waiting times, and the form on each
card that logs what happened (``coffeechat log``) so the card moves.

"Now" is Friday 27 November 2026, 09:00 in New York (conftest)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from coffeechat.service import Workspace
from conftest import CLI, WebClient


@pytest.fixture
def ada(contacts: Any) -> Any:
    """Ada, written to on Monday 16 November: reached out, waiting for her answer."""
    ada = contacts.add("Ada <b>Lovelace</b>", company="Acme", timezone="America/New_York")
    contacts.log(str(ada.id), "outreach", at="2026-11-16T10:00")
    return ada


def column_of(page: str, contact_id: int) -> str:
    """The stage of the column the card of ``contact_id`` is in."""
    stage = None
    for found in re.finditer(r'<h2 id="stage-([a-z-]+)"|href="/contacts/(\d+)"', page):
        if found.group(1):
            stage = found.group(1)
        elif int(found.group(2)) == contact_id:
            assert stage is not None
            return stage
    raise AssertionError(f"no card for {contact_id}")


def stage_of(workspace: Workspace, contact_id: int) -> str:
    return next(
        col.stage.value for col in workspace.board() for c in col.contacts if c.id == contact_id
    )


def test_the_board_shows_every_stage_with_escaped_names_and_waiting(
    client: WebClient, workspace: Workspace, ada: Any
) -> None:
    page = client.get("/board").text
    assert re.findall(r"<h1[^>]*>(.*?)</h1>", page) == ["Board"]
    for col in workspace.board():
        assert f'id="stage-{col.stage.value}"' in page
    assert "Ada &lt;b&gt;Lovelace&lt;/b&gt;" in page and "<b>Lovelace" not in page
    assert column_of(page, ada.id) == "reached-out"
    assert "Waiting: 10 days" in page
    assert '<option value="reply">' in page and '<option value="note">' not in page
    assert 'href="/board" aria-current="page"' in page


def test_a_move_logs_the_event_and_the_card_changes_column(
    client: WebClient, workspace: Workspace, ada: Any
) -> None:
    response = client.post("/board/move", data={"contact": str(ada.id), "kind": "reply"})
    assert response.status_code == 303
    assert response.headers["location"] == "/board"
    assert workspace.show_contact(str(ada.id)).timeline[-1].kind.value == "reply"
    page = client.get("/board").text
    assert column_of(page, ada.id) == stage_of(workspace, ada.id) != "reached-out"
    assert "Logged reply for Ada &lt;b&gt;Lovelace&lt;/b&gt;: now" in page
    assert "Logged reply" not in client.get("/board").text  # said once


def test_htmx_gets_the_board_fragment(client: WebClient, workspace: Workspace, ada: Any) -> None:
    response = client.htmx("POST", "/board/move", data={"contact": str(ada.id), "kind": "reply"})
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="board">')
    assert "<h1>" not in response.text
    assert column_of(response.text, ada.id) == stage_of(workspace, ada.id)


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "teleport"},
        {"kind": "note"},
        {"kind": "stage"},
        {"kind": ""},
        {"kind": "reply", "contact": "99999"},
        {"kind": "reply", "contact": "ada"},
    ],
)
def test_a_bad_move_is_a_notice_and_writes_nothing(
    client: WebClient, workspace: Workspace, ada: Any, data: dict[str, str]
) -> None:
    before = workspace.show_contact(str(ada.id)).timeline
    response = client.post("/board/move", data={"contact": str(ada.id), **data})
    assert response.status_code == 303
    page = client.get("/board").text
    [error] = re.findall(r'<p class="error" role="alert">(.*?)</p>', page)
    assert "\n" not in error and error
    assert workspace.show_contact(str(ada.id)).timeline == before
    htmx = client.htmx("POST", "/board/move", data={"contact": str(ada.id), **data})
    assert 'class="error"' in htmx.text
    assert workspace.show_contact(str(ada.id)).timeline == before


def test_a_move_needs_the_csrf_token(client: WebClient, workspace: Workspace, ada: Any) -> None:
    before = workspace.show_contact(str(ada.id)).timeline
    response = client.post(
        "/board/move", csrf=False, data={"contact": str(ada.id), "kind": "reply"}
    )
    assert response.status_code == 403
    assert workspace.show_contact(str(ada.id)).timeline == before


def test_a_stranger_is_sent_to_sign_in(stranger: WebClient, ada: Any) -> None:
    response = stranger.get("/board")
    assert response.status_code in (302, 303, 307)
    assert "Ada" not in response.text


def test_undo_reverts_a_board_move_by_its_label(
    client: WebClient, workspace: Workspace, same_cli: CLI, ada: Any
) -> None:
    client.post("/board/move", data={"contact": str(ada.id), "kind": "reply"})
    assert stage_of(workspace, ada.id) != "reached-out"
    undone = same_cli.json("undo")
    assert undone["undone"] is True
    assert undone["label"] == "log reply"
    assert stage_of(workspace, ada.id) == "reached-out"


def test_every_web_write_is_a_change_named_for_undo(client: WebClient, same_cli: CLI) -> None:
    assert client.post("/contacts", data={"name": "Grace Hopper"}).status_code == 303
    assert same_cli.json("undo")["label"] == "contact add"
    assert client.post("/companies", data={"name": "Initech"}).status_code == 303
    assert same_cli.json("undo")["label"] == "company add"
