"""The web UI's pages and JSON API over the service: Today, Contacts, a contact's page,
the add form, and /api/v1 answering the very documents of the CLI's --json.

"Now" is Friday 27 November 2026, 09:00 in New York (conftest)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from coffeechat.service import Workspace
from conftest import CLI, WebClient


@pytest.fixture
def ada(contacts: Any) -> Any:
    """Ada, written to on Monday 16 November: a second contact (Bob, at Acme too) and a
    follow-up are due."""
    ada = contacts.add("Ada Lovelace", company="Acme", timezone="America/New_York")
    contacts.add("Bob Chen", company="Acme", timezone="America/New_York")
    contacts.log(str(ada.id), "outreach", at="2026-11-16T10:00")
    return ada


def h1s(page: str) -> list[str]:
    return re.findall(r"<h1[^>]*>(.*?)</h1>", page, re.S)


def test_today_shows_what_is_due_with_its_next_step(client: WebClient, ada: Any) -> None:
    page = client.get("/").text
    assert h1s(page) == ["Today"]
    assert "Overdue" in page
    assert "second-contact" in page and "follow-up" in page
    assert f'href="/contacts/{ada.id}"' in page
    assert f"coffeechat draft follow-up {ada.id}" in page
    assert 'action="/followups/dismiss"' in page and 'action="/followups/snooze"' in page


def test_today_shows_one_page_of_the_agenda_most_urgent_first(
    client: WebClient, workspace: Workspace
) -> None:
    """Thirty people written to on different days: Today shows the 25 most urgent items
    and links to the rest; the second page starts where the first ends."""
    from coffeechat.web.routers.today import PAGE

    for n in range(30):
        person = workspace.add_contact(name=f"Person {n:02d}")
        workspace.log(str(person.id), "outreach", at=f"2026-10-{n % 28 + 1:02d}T10:00")
    agenda = workspace.agenda(7)
    assert agenda.total > PAGE
    first = client.get("/").text
    items = re.findall(r'name="item" value="([^"]+)"', first)
    shown = list(dict.fromkeys(items))  # each item has several forms
    assert shown == [i.item for i in agenda.items[:PAGE]]
    assert f"Items 1–{PAGE} of {agenda.total}" in first
    assert f'href="/?offset={PAGE}"' in first
    second = client.get(f"/?offset={PAGE}").text
    rest = list(dict.fromkeys(re.findall(r'name="item" value="([^"]+)"', second)))
    assert rest == [i.item for i in agenda.items[PAGE : 2 * PAGE]]
    assert 'href="/?offset=0"' in second


def test_today_counts_what_is_due_no_further_than_it_needs(
    client: WebClient, contacts: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past ``COUNTED`` items (and the page's end) Today says "more than": it does not
    count every item of a large workspace at every request."""
    from coffeechat.web.routers import today

    for name in ("Ada", "Bea", "Cem", "Dia"):
        person = contacts.add(name, timezone="America/New_York")
        contacts.log(str(person.id), "outreach", at="2026-11-16T10:00")
    monkeypatch.setattr(today, "PAGE", 1)
    monkeypatch.setattr(today, "COUNTED", 100)
    assert "Items 1–1 of 4, most urgent first" in client.get("/").text  # counted whole
    monkeypatch.setattr(today, "COUNTED", 2)
    assert "Items 1–1 of more than 1, most urgent first" in client.get("/").text
    assert "Items 3–3 of more than 3" in client.get("/?offset=2").text  # the page's end


def test_an_empty_today_says_what_to_do_first(client: WebClient) -> None:
    page = client.get("/").text
    assert "Nothing is owed" in page
    assert 'href="/contacts#add"' in page
    assert "None in the next seven days." in page
    assert "0 of 3 conversations" in page or re.search(r"0 of \d+ conversations", page)


def test_today_shows_the_conversations_coming_up(
    client: WebClient, workspace: Workspace, ada: Any
) -> None:
    workspace.log(str(ada.id), "reply")
    workspace.confirm(str(ada.id), at="2026-12-01T12:00")
    page = client.get("/").text
    assert re.search(
        r"Tue 01 Dec, 12:00</strong> with <a href=\"/contacts/\d+\">Ada Lovelace", page
    )


def test_coming_up_is_the_next_seven_days_soonest_first(
    workspace: Workspace, contacts: Any
) -> None:
    """Booked within the week, soonest first with their names; one further out is not,
    nor one that has ended (read in SQL: a page costs the week, not every booking)."""
    import dataclasses
    import datetime as dt

    from coffeechat.config import Clock

    booked = {
        "Cy Later": "2026-12-08T10:00",  # beyond the 7 days
        "Di Soon": "2026-12-02T09:00",
        "Ed Sooner": "2026-11-30T16:00",
    }
    for name, at in booked.items():
        person = contacts.add(name, timezone="America/New_York")
        workspace.confirm(str(person.id), at=at)
    coming = workspace.coming_conversations(7)
    assert [name for _, name in coming] == ["Ed Sooner", "Di Soon"]
    assert [c.start.isoformat() for c, _ in coming] == [
        "2026-11-30T21:00:00+00:00",
        "2026-12-02T14:00:00+00:00",
    ]
    assert [name for _, name in workspace.coming_conversations(14)][-1] == "Cy Later"
    later = dt.datetime.fromisoformat("2026-12-01T00:00-05:00")  # Ed's is over
    settings = dataclasses.replace(workspace.settings, clock=Clock(later))
    then = Workspace.open(settings)
    try:
        assert [name for _, name in then.coming_conversations(7)] == ["Di Soon"]
    finally:
        then.close()


def test_dismiss_is_a_plain_post_then_redirect(
    client: WebClient, workspace: Workspace, ada: Any
) -> None:
    [item] = [i.item for i in workspace.agenda(7).items if i.kind == "second-contact"]
    response = client.post("/followups/dismiss", data={"item": item})
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    assert item not in [i.item for i in workspace.agenda(7).items]
    assert "Dismissed second-contact for Ada Lovelace." in client.get("/").text
    assert "Dismissed" not in client.get("/").text  # said once
    assert "Dismissed" not in client.get("/?done=Dismissed").text  # no words put in by a link


def test_a_dismissed_item_comes_back_with_the_undo_button_on_today(
    client: WebClient, workspace: Workspace, ada: Any
) -> None:
    [item] = [i.item for i in workspace.agenda(7).items if i.kind == "second-contact"]
    client.post("/followups/dismiss", data={"item": item})
    page = client.get("/").text
    change = re.search(r'name="change" value="(\d+)"', page)
    assert change, "no Undo button beside the notice"
    answer = client.post(
        "/undo",
        data={"change": change.group(1), "back": "/", "notice": "coffeechat_notice"},
    )
    assert answer.status_code == 303 and answer.headers["location"] == "/"
    assert item in [i.item for i in workspace.agenda(7).items]


def test_snooze_by_htmx_answers_the_agenda_only(
    client: WebClient, workspace: Workspace, ada: Any
) -> None:
    [item] = [i.item for i in workspace.agenda(7).items if i.kind == "follow-up"]
    response = client.htmx("POST", "/followups/snooze", data={"item": item, "days": "14"})
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="agenda"')
    assert "<html" not in response.text
    assert "Snoozed follow-up for Ada Lovelace by 14 days." in response.text
    assert item not in [i.item for i in workspace.agenda(7).items]


def test_an_unknown_item_is_a_page_with_the_one_line_error(client: WebClient) -> None:
    response = client.post("/followups/dismiss", data={"item": "9:nothing:here"})
    assert response.status_code == 404
    assert "no open item" in response.text


def test_contacts_are_paged(client: WebClient, contacts: Any) -> None:
    for n in range(55):
        contacts.add(f"Person {n:02d}")
    first = client.get("/contacts").text
    assert h1s(first) == ["Contacts"]
    assert "Person 00" in first and "Person 49" in first and "Person 50" not in first
    assert 'href="/contacts?offset=50"' in first
    second = client.get("/contacts?offset=50").text
    assert "Person 50" in second and "Person 54" in second and "Person 49" not in second
    assert 'offset=0">Previous' in second


def test_contacts_filter_by_stage(client: WebClient, contacts: Any, ada: Any) -> None:
    page = client.get("/contacts?stage=reached-out").text
    assert "Ada Lovelace" in page and "Bob Chen" not in page
    assert '<option value="reached-out" selected>' in page
    bad = client.get("/contacts?stage=nonsense").text
    assert "stage:" in bad  # the service's one line


def test_search_as_you_type_answers_a_fragment_to_htmx(
    client: WebClient, contacts: Any, ada: Any
) -> None:
    fragment = client.htmx("GET", "/contacts?q=lovel")
    assert fragment.text.lstrip().startswith('<section id="results"')
    assert "Ada Lovelace" in fragment.text and "Bob Chen" not in fragment.text
    page = client.get("/contacts?q=lovel").text
    assert page.startswith("<!doctype html>") and "Ada Lovelace" in page
    assert 'value="lovel"' in page
    assert 'hx-trigger="input changed delay:300ms' in page
    assert fragment.headers["vary"] == "HX-Request"
    restored = client.htmx(
        "GET", "/contacts?q=lovel", headers={"HX-History-Restore-Request": "true"}
    )
    assert restored.text.startswith("<!doctype html>")  # htmx restoring history: the page


def test_a_contact_page(client: WebClient, ada: Any) -> None:
    page = client.get(f"/contacts/{ada.id}").text
    assert h1s(page) == ["Ada Lovelace"]
    assert "Stage: <strong>reached-out</strong>" in page
    assert "Next step:" in page
    assert "outreach" in page and "Acme" in page


def test_an_unknown_contact_is_404(client: WebClient, ada: Any) -> None:
    assert client.get("/contacts/999").status_code == 404
    unreadable = client.get("/contacts/nope")
    assert unreadable.status_code == 422
    assert "contact_id: " in unreadable.text and "<h1>" in unreadable.text


def test_adding_a_contact_redirects_to_their_page(client: WebClient, workspace: Workspace) -> None:
    response = client.post(
        "/contacts", data={"name": "Grace Hopper", "email": "grace@example.com", "company": "Navy"}
    )
    assert response.status_code == 303
    [grace] = workspace.list_contacts()
    assert response.headers["location"] == f"/contacts/{grace.id}"
    assert grace.emails == ("grace@example.com",) or list(grace.emails) == ["grace@example.com"]
    assert grace.company == "Navy"


def test_adding_a_contact_by_htmx_goes_to_their_page(
    client: WebClient, workspace: Workspace
) -> None:
    """htmx follows a 303 by itself and would swap the whole contact page into the
    form: it is told where to go instead (HX-Redirect)."""
    response = client.htmx("POST", "/contacts", data={"name": "Grace Hopper"})
    assert response.status_code == 200
    [grace] = workspace.list_contacts()
    assert response.headers["hx-redirect"] == f"/contacts/{grace.id}"
    assert response.text == ""


def test_a_bad_value_is_shown_beside_its_field_and_nothing_is_saved(
    client: WebClient, workspace: Workspace
) -> None:
    response = client.post(
        "/contacts", data={"name": "Grace Hopper", "email": "not an address", "title": "Admiral"}
    )
    assert response.status_code == 400
    page = response.text
    field = re.search(r'<input id="add-email"[^>]*>\s*<p class="error"[^>]*>([^<]*)</p>', page)
    assert field, page
    assert "email" in field.group(1)
    assert 'value="Admiral"' in page and 'value="Grace Hopper"' in page  # what was typed
    assert 'aria-invalid="true"' in page
    assert workspace.list_contacts() == []
    fragment = client.htmx("POST", "/contacts", data={"name": "", "title": "x"})
    assert fragment.status_code == 200  # htmx swaps no 4xx answer: the error would not show
    assert fragment.text.lstrip().startswith('<section id="add"')
    assert re.search(r'id="add-name-error"', fragment.text)


def test_every_page_has_the_navigation_and_one_h1(client: WebClient, ada: Any) -> None:
    titles = set()
    for path in ("/", "/contacts", f"/contacts/{ada.id}"):
        page = client.get(path).text
        assert len(h1s(page)) == 1, path
        titles.add(h1s(page)[0])
        assert '<nav aria-label="Pages">' in page
        assert 'href="/">Today' in page or 'href="/" aria-current="page">Today' in page
        assert 'href="/contacts"' in page
    assert len(titles) == 3


def test_the_static_files_and_htmx_are_served(client: WebClient) -> None:
    page = client.get("/").text
    for src in re.findall(r'(?:src|href)="(/static/[^"]+)"', page):
        assert client.get(src).status_code == 200, src
    assert "htmx:configRequest" in client.get("/static/app.js").text


# --- the JSON API: the CLI's documents ---------------------------------------------------


def test_api_contacts_equal_contact_list_json(
    client: WebClient, same_cli: CLI, contacts: Any, ada: Any
) -> None:
    contacts.add("Cleo Diaz", tags=["python"])
    api = client.get("/api/v1/contacts?limit=1").json()
    cli = same_cli.json("contact", "list", "--limit", "1")
    assert api == cli
    assert api["next_offset"] == 1
    everyone = client.get("/api/v1/contacts").json()
    assert everyone["contacts"] == same_cli.json("contact", "list")["contacts"]


def test_api_contact_equals_contact_show_json(client: WebClient, same_cli: CLI, ada: Any) -> None:
    api = client.get(f"/api/v1/contacts/{ada.id}").json()
    assert api == same_cli.json("contact", "show", str(ada.id))
    assert api["follow_ups"] and api["timeline"]


def test_api_agenda_equals_agenda_json(client: WebClient, same_cli: CLI, ada: Any) -> None:
    assert client.get("/api/v1/agenda").json() == same_cli.json("agenda")
    paged = client.get("/api/v1/agenda?limit=1&days=14").json()
    assert paged == same_cli.json("agenda", "--limit", "1", "--days", "14")
    assert paged["total"] == 2 and paged["next_offset"] == 1


def test_api_adds_a_contact(client: WebClient, same_cli: CLI) -> None:
    response = client.post(
        "/api/v1/contacts", json={"name": "Grace Hopper", "emails": ["grace@example.com"]}
    )
    assert response.status_code == 201
    created = response.json()
    assert created["name"] == "Grace Hopper" and created["emails"] == ["grace@example.com"]
    shown = same_cli.json("contact", "show", str(created["id"]))
    assert {k: shown[k] for k in created} == created


def test_api_errors_have_code_message_and_field(client: WebClient, ada: Any) -> None:
    missing = client.get("/api/v1/contacts/999")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "unknown-contact"
    assert "no contact matches" in missing.json()["error"]["message"]
    bad = client.post("/api/v1/contacts", json={"name": "Grace", "emails": ["nope"]})
    assert bad.status_code == 400
    error = bad.json()["error"]
    assert set(error) == {"code", "message", "field"}
    assert error["code"] == "invalid-value" and error["field"]
    unreadable = client.post("/api/v1/contacts", json={"emails": []})
    assert unreadable.status_code == 422
    assert unreadable.json()["error"] == {
        "code": "invalid-request",
        "message": "name: field required",
        "field": "name",
    }
    too_many = client.get("/api/v1/contacts?limit=0")
    assert too_many.status_code == 422 and too_many.json()["error"]["field"] == "limit"
    assert client.get("/api/v1/nothing").json()["error"]["code"] == "not-found"


def test_api_is_documented_in_openapi(client: WebClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/contacts", "/api/v1/contacts/{contact_id}", "/api/v1/agenda"} <= set(
        spec["paths"]
    )
    json.dumps(spec)


def test_every_web_file_ships_in_the_wheel() -> None:
    """Templates and static files match the package-data globs of pyproject.toml."""
    import fnmatch
    import tomllib
    from pathlib import Path

    root = Path(__file__).parent.parent
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    globs = config["tool"]["setuptools"]["package-data"]["coffeechat"]
    package = root / "src" / "coffeechat"
    for folder in ("web/templates", "web/static"):
        for path in (package / folder).rglob("*"):
            if path.is_file():
                name = path.relative_to(package).as_posix()
                assert any(
                    fnmatch.fnmatch(name, g) and name.count("/") == g.count("/") for g in globs
                ), name


def test_vendored_files_match_their_recorded_sha256() -> None:
    import hashlib
    from pathlib import Path

    vendor = Path(__file__).parent.parent / "src" / "coffeechat" / "web" / "static" / "vendor"
    rows = [r.split() for r in (vendor / "VERSIONS").read_text().splitlines() if r and r[0] != "#"]
    assert {r[0] for r in rows} == {p.name for p in vendor.iterdir() if p.name != "VERSIONS"}
    for name, package, version, digest, *_ in rows:
        assert hashlib.sha256((vendor / name).read_bytes()).hexdigest() == digest, name
        assert package == "htmx.org" and version.startswith("2.0.")


def test_done_removes_the_item_and_undo_brings_it_back(
    client: WebClient, workspace: Workspace, same_cli: CLI, ada: Any
) -> None:
    [item] = [i.item for i in workspace.agenda(7).items if i.kind == "follow-up"]
    assert 'action="/followups/done"' in client.get("/").text
    response = client.post("/followups/done", data={"item": item})
    assert response.status_code == 303 and response.headers["location"] == "/"
    assert item not in [i.item for i in workspace.agenda(7).items]
    assert "Done: follow-up for Ada Lovelace." in client.get("/").text
    assert [e.kind.value for e in workspace.show_contact(str(ada.id)).timeline][-1] == "follow-up"
    undone = same_cli("undo")
    assert "followup done" in undone.output
    assert item in [i.item for i in workspace.agenda(7).items]


def test_done_by_htmx_answers_the_agenda_only(
    client: WebClient, workspace: Workspace, ada: Any
) -> None:
    [item] = [i.item for i in workspace.agenda(7).items if i.kind == "second-contact"]
    response = client.htmx("POST", "/followups/done", data={"item": item})
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="agenda"')
    assert "Done: second-contact for Ada Lovelace." in response.text
    assert item not in [i.item for i in workspace.agenda(7).items]
    assert client.post("/followups/done", data={"item": item}).status_code == 404  # once


def test_the_week_is_counted_as_stats_counts_it_without_reading_every_timeline(
    client: WebClient, workspace: Workspace, contacts: Any
) -> None:
    # "now" is Friday 27 November 09:00 in New York: the week began Monday the 23rd
    ada = contacts.add("Ada Lovelace")
    bob = contacts.add("Bob Chen", timezone="Europe/Paris")
    cleo = contacts.add("Cleo Park")
    contacts.log(str(ada.id), "meeting", at="2026-11-23T00:30")  # this week, just
    contacts.log(str(ada.id), "meeting", at="2026-11-24T10:00")
    contacts.log(str(ada.id), "meeting", at="2026-11-24T15:00")  # same day: one meeting
    contacts.log(str(bob.id), "meeting", at="2026-11-22T23:30")  # Sunday: last week
    workspace.log(str(cleo.id), "meeting", at="2026-11-26T12:00", minutes=45)  # held: both
    contacts.log(str(bob.id), "meeting", at="2026-11-30T12:00")  # ahead: a plan
    week = workspace.this_week()
    old = workspace.progress().weeks[-1]
    assert week == old
    assert (week.week, week.conversations, week.goal) == ("2026-W48", 3, 3)
    assert "3 of 3 conversations" in client.get("/").text


def test_the_week_is_empty_on_an_empty_workspace(workspace: Workspace) -> None:
    assert workspace.this_week() == workspace.progress().weeks[-1]
    assert workspace.this_week().conversations == 0


def test_the_api_marks_done_dismisses_and_snoozes_as_the_cli_does(
    client: WebClient, workspace: Workspace, ada: Any
) -> None:
    by_kind = {i.kind: i.item for i in workspace.agenda(7).items}
    headers = {"X-CSRF-Token": client.csrf}
    snoozed = client.http.post(
        "/api/v1/followups/snooze",
        json={"item": by_kind["second-contact"], "days": 3},
        headers=headers,
    )
    assert snoozed.json()["due"] == "2026-11-30"
    gone = client.http.post(
        "/api/v1/followups/dismiss", json={"item": by_kind["second-contact"]}, headers=headers
    )
    assert gone.json()["dismissed"] == by_kind["second-contact"]
    done = client.http.post(
        "/api/v1/followups/done", json={"item": by_kind["follow-up"]}, headers=headers
    )
    assert done.json() == {
        "done": by_kind["follow-up"],
        "contact": "Ada Lovelace",
        "kind": "follow-up",
    }
    again = client.http.post("/api/v1/followups/done", json={"item": "9:x:y"}, headers=headers)
    assert again.status_code == 404 and again.json()["error"]["code"] == "unknown-item"
    assert workspace.agenda(7).items == []


@pytest.mark.parametrize("path", ["/", "/contacts"])
def test_a_page_the_caches_answer_is_read_in_the_event_loop_on_sqlite(
    client: WebClient,
    workspace: Workspace,
    ada: Any,
    monkeypatch: pytest.MonkeyPatch,
    path: str,
) -> None:
    """Today and Contacts read on SQLite answer without a thread when the caches stand
    (a thread costs as much as the page); right after a write, the refresh goes to a
    thread; on PostgreSQL every read does. The page is the same either way."""
    from starlette import concurrency

    from coffeechat.web.routers import contacts as contacts_router
    from coffeechat.web.routers import today as today_router

    threads: list[str] = []

    async def counted(func: Any, *args: Any, **kwargs: Any) -> Any:
        threads.append(func.__name__)
        return await concurrency.run_in_threadpool(func, *args, **kwargs)

    for module in (today_router, contacts_router):
        monkeypatch.setattr(module, "run_in_threadpool", counted)
    sqlite = workspace.reads_never_wait
    assert sqlite == workspace.settings.database_url.startswith("sqlite")
    workspace.log(str(ada.id), "reply")  # the caches are stale now
    refreshed = client.get(path)
    assert refreshed.status_code == 200 and len(threads) == 1
    again = client.get(path)
    assert again.text == refreshed.text
    assert len(threads) == (1 if sqlite else 2)
    assert client.get(f"{path}?offset=0").text == refreshed.text
    if path == "/contacts":  # a search always goes to a thread (it may take its time)
        before = len(threads)
        client.get("/contacts?q=ada")
        assert len(threads) == before + 1


def test_the_cached_reads_answer_none_when_a_refresh_is_due(workspace: Workspace, ada: Any) -> None:
    """``cached_today`` and ``cached_contact_list`` read and never write: None while a
    contact's rows are stale, else what ``agenda``, ``coming_conversations``,
    ``this_week`` and ``contact_list`` give (Today's three in one transaction)."""
    workspace.log(str(ada.id), "reply")
    workspace.confirm(str(ada.id), at="2026-12-01T12:00")
    assert workspace.cached_today(7, limit=25) is None
    assert workspace.cached_contact_list(limit=50) is None
    agenda = workspace.agenda(7, limit=25)
    listed = workspace.contact_list(limit=50)
    read = workspace.cached_today(7, limit=25)
    assert read is not None
    assert read.agenda == agenda
    assert read.coming == workspace.coming_conversations(7) != []
    assert read.week == workspace.this_week()
    assert workspace.cached_contact_list(limit=50) == listed
