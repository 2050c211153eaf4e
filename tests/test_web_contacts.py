"""Contacts on the web: the list's filters, editing, removing (and undoing it), merging a
contact, correcting what their page lists (timeline, takeaways, promises, introductions),
the Board's meeting details, a company's website and note, and the contact routes of the
JSON API (``PATCH``/``DELETE /api/v1/contacts/{id}``), each against the CLI that does the
same.

"Now" is Friday 27 November 2026, 09:00 in New York (conftest)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from coffeechat.service import Workspace
from conftest import CLI, WebClient


@pytest.fixture
def ada(contacts: Any) -> Any:
    """Ada at Acme (tagged python), written to on Monday 16 November; Bob at Acme too,
    Cleo elsewhere with the same tag."""
    ada = contacts.add("Ada Lovelace", company="Acme", timezone="America/New_York", tags=["python"])
    contacts.add("Bob Chen", company="Acme", tags=["rust"])
    contacts.add("Cleo Diaz", company="Globex", tags=["python"])
    contacts.log(str(ada.id), "outreach", at="2026-11-16T10:00", note="LinkedIn <b>hello</b>")
    return ada


def names(page: str) -> list[str]:
    """The names the list shows, in order."""
    return re.findall(r'<td><a href="/contacts/\d+">([^<]*)</a></td>', page)


def h1s(page: str) -> list[str]:
    return re.findall(r"<h1[^>]*>(.*?)</h1>", page, re.S)


def undo_form(page: str) -> dict[str, str]:
    """The hidden fields of the Undo button on a page."""
    form = re.search(r'<form method="post" action="/undo".*?</form>', page, re.S)
    assert form, "no Undo button"
    return dict(re.findall(r'name="(change|back|notice)" value="([^"]*)"', form.group(0)))


# --- the list's filters -----------------------------------------------------------------


def test_the_list_filters_by_tag_and_company_beside_the_stage(client: WebClient, ada: Any) -> None:
    assert names(client.get("/contacts?tag=python").text) == ["Ada Lovelace", "Cleo Diaz"]
    assert names(client.get("/contacts?company=Acme").text) == ["Ada Lovelace", "Bob Chen"]
    both = client.get("/contacts?tag=python&company=Acme&stage=reached-out").text
    assert names(both) == ["Ada Lovelace"]
    assert 'id="tag" name="tag" type="text" value="python"' in both
    assert 'id="company" name="company" type="text" value="Acme"' in both
    fragment = client.htmx("GET", "/contacts?tag=rust")
    assert fragment.text.lstrip().startswith('<section id="results"')
    assert names(fragment.text) == ["Bob Chen"]
    unknown = client.get("/contacts?company=Nowhere")
    assert unknown.status_code == 200 and 'class="error"' in unknown.text
    assert names(unknown.text) == []


def test_the_pager_keeps_the_filters(client: WebClient, contacts: Any) -> None:
    for n in range(52):
        contacts.add(f"Person {n:02d}", tags=["many"], company="Initech")
    page = client.get("/contacts?tag=many&company=Initech").text
    assert 'href="/contacts?tag=many&amp;company=Initech&amp;offset=50"' in page
    second = client.get("/contacts?tag=many&company=Initech&offset=50").text
    assert names(second) == ["Person 50", "Person 51"]


# --- edit -------------------------------------------------------------------------------


def test_the_edit_form_has_every_field_of_contact_edit(client: WebClient, ada: Any) -> None:
    page = client.get(f"/contacts/{ada.id}/edit").text
    assert h1s(page) == ["Edit Ada Lovelace"]
    for name in (
        "name",
        "emails",
        "phone",
        "linkedin",
        "company",
        "title",
        "seniority",
        "city",
        "timezone",
        "work_hours",
        "country",
        "how_met",
        "met_at",
        "met_on",
        "introduced_by",
        "tags",
        "note",
        "reason",
        "keep_in_touch",
        "stage",
    ):
        assert f'name="{name}"' in page, name
        assert f'<label for="edit-{name}">' in page, name
    assert 'value="Acme"' in page and 'value="python"' in page


def test_editing_saves_the_changed_fields_as_contact_edit(
    client: WebClient, workspace: Workspace, ada: Any, same_cli: CLI
) -> None:
    form = {
        "name": "Ada King",
        "emails": "ada@example.com, ada@acme.example",
        "company": "Acme",
        "title": "Staff Engineer",
        "seniority": "senior",
        "timezone": "America/New_York",
        "work_hours": "Mon-Fri 09:00-17:00",
        "tags": "python, mentor",
        "note": "Likes <b>Rust</b>\r\nand tea",
        "stage": "",
    }
    response = client.post(f"/contacts/{ada.id}/edit", data=form)
    assert response.status_code == 303 and response.headers["location"] == f"/contacts/{ada.id}"
    shown = same_cli.json("contact", "show", str(ada.id))
    assert shown["name"] == "Ada King" and shown["title"] == "Staff Engineer"
    assert shown["emails"] == ["ada@example.com", "ada@acme.example"]
    assert shown["tags"] == ["mentor", "python"] and shown["seniority"] == "senior"
    assert shown["note"] == "Likes <b>Rust</b>\nand tea"
    page = client.get(f"/contacts/{ada.id}").text
    assert "Saved Ada King" in page and "Likes &lt;b&gt;Rust&lt;/b&gt;" in page
    assert undo_form(page)["back"] == f"/contacts/{ada.id}"
    assert workspace.last_change() is not None
    assert workspace.last_change().label == "contact edit"  # type: ignore[union-attr]


def test_an_untouched_form_changes_nothing(
    client: WebClient, workspace: Workspace, ada: Any
) -> None:
    page = client.get(f"/contacts/{ada.id}/edit").text
    values = dict(
        re.findall(r'<input id="edit-\w+" name="(\w+)" type="[a-z]+" value="([^"]*)"', page)
    )
    before = workspace.last_change()
    response = client.post(f"/contacts/{ada.id}/edit", data=values)
    assert response.status_code == 303
    assert workspace.last_change() == before
    assert "Nothing changed." in client.get(f"/contacts/{ada.id}").text


@pytest.mark.parametrize(
    ("field", "value", "said"),
    [
        ("emails", "not an address", "email"),
        ("met_on", "2030-01-01", "met_on"),
        ("timezone", "Mars/Olympus", "timezone"),
        ("name", "", "name"),
        ("keep_in_touch", "40", "keep_in_touch"),
    ],
)
def test_a_refused_value_is_shown_beside_its_field_and_nothing_is_saved(
    client: WebClient, workspace: Workspace, ada: Any, field: str, value: str, said: str
) -> None:
    before = workspace.show_contact(str(ada.id)).contact
    response = client.post(
        f"/contacts/{ada.id}/edit", data={"name": "Ada King", "title": "CTO", field: value}
    )
    assert response.status_code == 400
    page = response.text
    assert f'id="edit-{field}-error" role="alert">{said}' in page
    assert f'aria-describedby="edit-{field}-error"' in page or f'edit-{field}-error"' in page
    assert 'value="CTO"' in page  # what was typed stays
    assert workspace.show_contact(str(ada.id)).contact == before


def test_an_introduction_loop_is_refused_beside_introduced_by(
    client: WebClient, workspace: Workspace, ada: Any
) -> None:
    bob = workspace.show_contact("Bob").contact
    workspace.edit_contact(str(bob.id), introduced_by=str(ada.id))
    response = client.post(
        f"/contacts/{ada.id}/edit", data={"name": "Ada Lovelace", "introduced_by": str(bob.id)}
    )
    assert response.status_code == 400
    assert 'id="edit-introduced_by-error"' in response.text


# --- remove and undo --------------------------------------------------------------------


def test_remove_asks_first_then_removes_and_undo_brings_it_all_back(
    client: WebClient, workspace: Workspace, ada: Any
) -> None:
    ask = client.get(f"/contacts/{ada.id}/remove").text
    assert h1s(ask) == ["Remove Ada Lovelace?"]
    assert "Remove Ada Lovelace and their history</button>" in ask
    assert "1 timeline entry" in ask and "coffeechat undo" in ask
    assert workspace.show_contact(str(ada.id))  # asking removed nothing
    response = client.post(f"/contacts/{ada.id}/remove")
    assert response.status_code == 303 and response.headers["location"] == "/contacts"
    assert client.get(f"/contacts/{ada.id}").status_code == 404
    listed = client.get("/contacts").text
    assert "Removed Ada Lovelace and their history." in listed
    assert workspace.last_change().label == "contact remove"  # type: ignore[union-attr]
    fields = undo_form(listed)
    assert fields["back"] == "/contacts" and fields["notice"] == "coffeechat_contacts_notice"
    undone = client.post("/undo", data=fields)
    assert undone.status_code == 303 and undone.headers["location"] == "/contacts"
    again = client.get("/contacts").text
    assert "Undid contact remove for Ada Lovelace" in again and "Ada Lovelace" in names(again)
    assert "/undo" not in again  # undo is no change: nothing to undo now
    assert workspace.last_change() is None
    assert [e.kind.value for e in workspace.show_contact(str(ada.id)).timeline] == ["outreach"]


def test_an_undo_after_another_change_undoes_nothing(
    client: WebClient, workspace: Workspace, ada: Any
) -> None:
    client.post(f"/contacts/{ada.id}/remove")
    fields = undo_form(client.get("/contacts").text)
    workspace.add_contact(name="Dora Eng")  # another change since
    response = client.post("/undo", data=fields)
    assert response.status_code == 303
    assert "Nothing was undone" in client.get("/contacts").text
    assert [c.name for c in workspace.list_contacts()] == ["Bob Chen", "Cleo Diaz", "Dora Eng"]


def test_undo_goes_back_only_to_a_page_of_this_site(client: WebClient, ada: Any) -> None:
    for back in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        response = client.post(
            "/undo", data={"change": "1", "back": back, "notice": "coffeechat_notice"}
        )
        assert response.headers["location"] == "/"


def test_undo_needs_the_csrf_token(client: WebClient, workspace: Workspace, ada: Any) -> None:
    client.post(f"/contacts/{ada.id}/remove")
    fields = undo_form(client.get("/contacts").text)
    assert client.post("/undo", data=fields, csrf=False).status_code == 403
    assert workspace.last_change() is not None


# --- merge ------------------------------------------------------------------------------


def test_merge_finds_the_duplicate_and_merges_it_as_contact_merge(
    client: WebClient, workspace: Workspace, contacts: Any, ada: Any
) -> None:
    twin = contacts.add("Ada L.", emails=["ada@home.example"], title="Engineer")
    contacts.log(str(twin.id), "reply", at="2026-11-18T10:00")
    page = client.get(f"/contacts/{ada.id}/merge").text
    assert h1s(page) == ["Merge a duplicate into Ada Lovelace"]
    assert f'value="{twin.id}"' in page and f'value="{ada.id}"' not in page
    preview = client.get(f"/contacts/{ada.id}/merge?q=Ada&other={twin.id}").text
    assert "Merging Ada L. into Ada Lovelace" in preview
    assert "title: <strong>Engineer</strong> (from Ada L.)" in preview
    assert "E-mails: ada@home.example" in preview and "1 timeline entry" in preview
    assert f'name="other" value="{twin.id}"' in preview
    assert len(workspace.list_contacts()) == 4  # a preview changes nothing
    response = client.post(f"/contacts/{ada.id}/merge", data={"other": str(twin.id)})
    assert response.status_code == 303 and response.headers["location"] == f"/contacts/{ada.id}"
    merged = workspace.show_contact(str(ada.id))
    assert merged.contact.emails == ["ada@home.example"] and merged.contact.title == "Engineer"
    assert [e.kind.value for e in merged.timeline] == ["outreach", "reply"]
    assert "Merged Ada L. into Ada Lovelace." in client.get(f"/contacts/{ada.id}").text
    assert workspace.last_change().label == "contact merge"  # type: ignore[union-attr]


def test_merge_refuses_itself_and_nothing(
    client: WebClient, workspace: Workspace, ada: Any
) -> None:
    for other in (str(ada.id), "", "999"):
        response = client.post(f"/contacts/{ada.id}/merge", data={"other": other})
        assert response.status_code in (400, 404)
    assert len(workspace.list_contacts()) == 3


# --- the contact page's records ---------------------------------------------------------


@pytest.fixture
def written(workspace: Workspace, ada: Any) -> dict[str, int]:
    """Ada's takeaway, promise and introduction (to Bob), with their ids."""
    takeaway = workspace.add_takeaway(str(ada.id), "advice", "Ship <small> things")
    promise = workspace.add_promise(str(ada.id), "me", "Send my portfolio", due="2026-12-01")
    workspace.add_introduction(str(ada.id), "Bob Chen")
    [intro] = workspace.list_introductions(str(ada.id))[1]
    return {"takeaway": takeaway.id, "promise": promise.id, "introduction": intro.id}


def test_the_contact_page_lists_everything_correctable(
    client: WebClient, ada: Any, written: dict[str, int]
) -> None:
    page = client.get(f"/contacts/{ada.id}").text
    for title in (
        "Details",
        "Follow-ups",
        "Timeline",
        "Conversations",
        "Takeaways",
        "Promises",
        "Introductions",
    ):
        assert f">{title}</h2>" in page, title
    assert "Ship &lt;small&gt; things" in page and "LinkedIn &lt;b&gt;hello&lt;/b&gt;" in page
    assert f'action="/contacts/{ada.id}/takeaways/{written["takeaway"]}/remove"' in page
    assert f'action="/contacts/{ada.id}/promises/{written["promise"]}"' in page
    assert f'action="/contacts/{ada.id}/introductions/{written["introduction"]}/remove"' in page
    assert f'href="/contacts/{ada.id}/edit"' in page and f'href="/contacts/{ada.id}/remove"' in page


def test_a_timeline_entry_is_removed_as_log_remove_and_undone(
    client: WebClient, workspace: Workspace, ada: Any
) -> None:
    [event] = workspace.show_contact(str(ada.id)).timeline
    response = client.post(f"/contacts/{ada.id}/events/{event.id}/remove")
    assert response.status_code == 303
    assert workspace.show_contact(str(ada.id)).timeline == []
    assert workspace.last_change().label == "log remove"  # type: ignore[union-attr]
    page = client.get(f"/contacts/{ada.id}").text
    assert "Removed the outreach of Mon 16 Nov 2026; Ada Lovelace is at stage met." in page
    client.post("/undo", data=undo_form(page))
    assert [e.id for e in workspace.show_contact(str(ada.id)).timeline] == [event.id]


def test_an_unknown_record_is_an_error_notice_and_nothing_changes(
    client: WebClient, workspace: Workspace, ada: Any
) -> None:
    response = client.post(f"/contacts/{ada.id}/events/999/remove")
    assert response.status_code == 303
    page = client.get(f"/contacts/{ada.id}").text
    assert 'class="error" role="alert">event: there is no event' in page
    assert len(workspace.show_contact(str(ada.id)).timeline) == 1


def test_takeaways_and_promises_are_edited_and_removed(
    client: WebClient, workspace: Workspace, ada: Any, written: dict[str, int], same_cli: CLI
) -> None:
    t, p = written["takeaway"], written["promise"]
    client.post(
        f"/contacts/{ada.id}/takeaways/{t}", data={"text": "Ship small things", "kind": "insight"}
    )
    assert workspace.last_change().label == "takeaway edit"  # type: ignore[union-attr]
    [takeaway] = same_cli.json("takeaway", "list", str(ada.id))["takeaways"]
    assert (takeaway["text"], takeaway["kind"]) == ("Ship small things", "insight")
    client.post(f"/contacts/{ada.id}/promises/{p}", data={"text": "Send the deck", "due": ""})
    [promise] = same_cli.json("promise", "list", str(ada.id))["promises"]
    assert promise["text"] == "Send the deck" and promise["due"] is None
    assert (
        "Saved the promise “Send the deck”, no due date" in client.get(f"/contacts/{ada.id}").text
    )
    refused = client.post(
        f"/contacts/{ada.id}/takeaways/{t}", data={"text": " ", "kind": "insight"}
    )
    assert refused.status_code == 303
    assert 'class="error"' in client.get(f"/contacts/{ada.id}").text
    client.post(f"/contacts/{ada.id}/takeaways/{t}/remove")
    client.post(f"/contacts/{ada.id}/promises/{p}/remove")
    assert workspace.last_change().label == "promise remove"  # type: ignore[union-attr]
    assert same_cli.json("takeaway", "list", str(ada.id))["takeaways"] == []
    assert same_cli.json("promise", "list", str(ada.id))["promises"] == []


def test_an_introduction_is_removed_and_the_person_stays(
    client: WebClient, workspace: Workspace, ada: Any, written: dict[str, int]
) -> None:
    client.post(f"/contacts/{ada.id}/introductions/{written['introduction']}/remove")
    assert workspace.list_introductions(str(ada.id))[1] == []
    assert workspace.show_contact("Bob Chen").contact.name == "Bob Chen"
    assert "Bob Chen stays a contact" in client.get(f"/contacts/{ada.id}").text


# --- Board and Companies ----------------------------------------------------------------


def test_a_meeting_on_the_board_says_when_how_long_and_how(
    client: WebClient, workspace: Workspace, ada: Any
) -> None:
    board = client.get("/board").text
    assert f'id="minutes-{ada.id}" name="minutes"' in board and '<option value="lunch">' in board
    response = client.post(
        "/board/move",
        data={
            "contact": str(ada.id),
            "kind": "meeting",
            "at": "2026-11-25T12:30",
            "minutes": "45",
            "format": "lunch",
        },
    )
    assert response.status_code == 303
    meeting = workspace.show_contact(str(ada.id)).timeline[-1]
    assert meeting.kind.value == "meeting" and meeting.at.isoformat() == "2026-11-25T17:30:00+00:00"
    [talk] = workspace.show_contact(str(ada.id)).conversations
    assert talk.format == "lunch" and talk.end is not None and talk.start is not None
    assert (talk.end - talk.start).total_seconds() == 45 * 60
    page = client.get("/board").text
    assert "Logged meeting for Ada Lovelace" in page
    assert undo_form(page)["back"] == "/board"
    assert workspace.last_change().label == "log meeting"  # type: ignore[union-attr]


def test_minutes_on_a_reply_are_refused_and_nothing_is_logged(
    client: WebClient, workspace: Workspace, ada: Any
) -> None:
    client.post("/board/move", data={"contact": str(ada.id), "kind": "reply", "minutes": "30"})
    assert "only a meeting has a length" in client.get("/board").text
    bad = client.post(
        "/board/move", data={"contact": str(ada.id), "kind": "meeting", "minutes": "lots"}
    )
    assert bad.status_code == 303
    assert [e.kind.value for e in workspace.show_contact(str(ada.id)).timeline] == ["outreach"]


def test_a_company_website_and_note_are_company_edit(
    client: WebClient, workspace: Workspace, ada: Any, same_cli: CLI
) -> None:
    acme = workspace.show_company("Acme")
    page = client.get(f"/companies/{acme.id}").text
    assert h1s(page) == ["Acme"] and 'name="website"' in page and 'name="note"' in page
    assert f'href="/companies/{acme.id}"' in client.get("/companies").text
    response = client.post(
        f"/companies/{acme.id}/details",
        data={"website": "https://acme.example", "note": "Hires <juniors>"},
    )
    assert response.status_code == 303
    shown = same_cli.json("company", "show", "Acme")
    assert shown["website"] == "https://acme.example" and shown["note"] == "Hires <juniors>"
    assert workspace.last_change().label == "company edit"  # type: ignore[union-attr]
    assert "Saved Acme." in client.get("/companies").text
    refused = client.post(
        f"/companies/{acme.id}/details", data={"website": "not a site", "note": ""}
    )
    assert refused.status_code == 400 and 'id="company-website-error"' in refused.text
    assert same_cli.json("company", "show", "Acme")["note"] == "Hires <juniors>"
    assert client.get("/companies/999").status_code == 404


# --- the JSON API -----------------------------------------------------------------------


def api(client: WebClient, method: str, url: str, **kwargs: Any) -> Any:
    return client.http.request(method, url, headers={"X-CSRF-Token": client.csrf}, **kwargs)


def test_api_patch_is_contact_edit_json(client: WebClient, same_cli: CLI, ada: Any) -> None:
    response = api(
        client,
        "PATCH",
        f"/api/v1/contacts/{ada.id}",
        json={"title": "CTO", "add_tags": ["mentor"], "keep_in_touch": 2},
    )
    assert response.status_code == 200
    document = response.json()
    assert document["title"] == "CTO" and document["tags"] == ["mentor", "python"]
    again = same_cli.json("contact", "edit", str(ada.id), "--title", "CTO")
    assert document == again


def test_api_delete_is_contact_remove(
    client: WebClient, workspace: Workspace, same_cli: CLI, ada: Any
) -> None:
    response = api(client, "DELETE", f"/api/v1/contacts/{ada.id}")
    assert response.status_code == 200
    assert response.json()["removed"]["name"] == ada.name  # as `contact remove --json`
    assert [c["name"] for c in same_cli.json("contact", "list")["contacts"]] == [
        "Bob Chen",
        "Cleo Diaz",
    ]
    assert workspace.last_change().label == "contact remove"  # type: ignore[union-attr]
    assert api(client, "DELETE", f"/api/v1/contacts/{ada.id}").status_code == 404


def test_api_errors_name_the_field(client: WebClient, workspace: Workspace, ada: Any) -> None:
    missing = api(client, "PATCH", "/api/v1/contacts/999", json={"title": "x"})
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "unknown-contact"
    bad = api(client, "PATCH", f"/api/v1/contacts/{ada.id}", json={"met_on": "someday"})
    assert bad.status_code == 400 and bad.json()["error"]["field"] == "met_on"
    unknown = api(client, "PATCH", f"/api/v1/contacts/{ada.id}", json={"shoe_size": 9})
    assert unknown.status_code == 422 and unknown.json()["error"]["field"] == "shoe_size"
    assert workspace.show_contact(str(ada.id)).contact.met_on is None
    assert client.http.patch(f"/api/v1/contacts/{ada.id}", json={"title": "x"}).status_code == 403


def test_a_timeline_entry_s_note_and_time_are_edited(
    client: WebClient, workspace: Workspace, ada: Any
) -> None:
    [event] = workspace.show_contact(str(ada.id)).timeline
    page = client.get(f"/contacts/{ada.id}").text
    assert (
        f'id="event-{event.id}-at" name="at" type="datetime-local" value="2026-11-16T10:00"' in page
    )
    response = client.post(
        f"/contacts/{ada.id}/events/{event.id}",
        data={"note": "LinkedIn message", "at": "2026-11-17T08:15"},
    )
    assert response.status_code == 303
    [after] = workspace.show_contact(str(ada.id)).timeline
    assert after.note == "LinkedIn message" and after.at.isoformat() == "2026-11-17T13:15:00+00:00"
    assert workspace.last_change().label == "log edit"  # type: ignore[union-attr]
    assert "Saved the outreach of Tue 17 Nov 2026" in client.get(f"/contacts/{ada.id}").text
    client.post(
        f"/contacts/{ada.id}/events/{event.id}", data={"note": "x", "at": "2030-01-01T10:00"}
    )
    assert 'class="error"' in client.get(f"/contacts/{ada.id}").text
    assert workspace.show_contact(str(ada.id)).timeline == [after]


def test_a_web_request_is_a_change_of_its_own_inside_serve() -> None:
    """`coffeechat serve` runs inside the CLI's change for the command: each request
    must still be its own change, named for what it did (not "serve")."""
    from coffeechat.service.changes import active, change

    with change("serve") as outer:
        with change("contact edit", own=True) as inner:
            assert inner is not outer and active() is inner and inner.label == "contact edit"
        with change("log reply") as nested:
            assert nested is outer
        assert active() is outer


def test_the_contact_page_lists_the_drafts_due_with_their_editors(
    client: WebClient, workspace: Workspace, ada: Any
) -> None:
    """Ada's outreach of Monday has had no answer for three business days: her page
    links the follow-up draft the agenda asks for, with why; Bob, who is owed nothing,
    has no such list (the links to every kind stay)."""
    page = client.get(f"/contacts/{ada.id}").text
    due = re.search(r'<ul class="drafts-due">(.*?)</ul>', page, re.S)
    assert due, page
    links = re.findall(r'<a href="([^"]+)"><strong>([^<]+)</strong></a>, due now: ([^<]+)', due[1])
    assert (f"/contacts/{ada.id}/messages/follow-up", "Follow-up") in [(u, k) for u, k, _ in links]
    _, items = workspace.contact_followups(str(ada.id))
    follow_up = next(i for i in items if i.kind == "follow-up")
    assert follow_up.reason.replace("'", "&#39;") in due[1]
    bob = workspace.show_contact("Bob Chen").contact
    assert 'class="drafts-due"' not in client.get(f"/contacts/{bob.id}").text
    assert client.get(links[0][0]).status_code == 200  # the editor it links answers
