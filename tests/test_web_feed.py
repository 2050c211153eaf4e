"""The agenda feed (``/agenda.ics?key=…``): reachable without signing in, with its key
only; the agenda and the conversations coming up as a calendar with alarms and stable
UIDs; each fetch remembered for Today; the key renewed from Settings or the CLI.

"Now" is Friday 27 November 2026, 09:00 in New York (conftest)."""

from __future__ import annotations

import datetime as dt
import re
import stat
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from coffeechat.formats.ical import read_busy
from coffeechat.service import Workspace, access
from conftest import CLI, WebClient


@pytest.fixture
def ada(contacts: Any) -> Any:
    """Ada, written to on 16 November (a follow-up is late), who agreed to talk on
    Tuesday 1 December at noon in New York."""
    ada = contacts.add("Ada Lovelace", company="Acme", timezone="America/New_York")
    contacts.log(str(ada.id), "outreach", at="2026-11-16T10:00")
    return ada


def key_of(client: WebClient) -> str:
    """The feed's key, as Settings shows it."""
    page = client.get("/settings").text
    found = re.search(r'id="feed-url" type="text" readonly value="([^"]+)"', page)
    assert found, "no feed address on Settings"
    url = found.group(1).replace("&amp;", "&")
    assert url.startswith("http://127.0.0.1:8765/agenda.ics?key=")
    return parse_qs(urlsplit(url).query)["key"][0]


def components(data: bytes, name: str) -> list[Any]:
    from icalendar import Calendar

    return [c for c in Calendar.from_ical(data).walk() if c.name == name]


def test_without_the_key_or_with_a_wrong_one_there_is_nothing(
    client: WebClient, stranger: WebClient
) -> None:
    key = key_of(client)
    for who in (stranger, client):  # signed in or not: the key or nothing
        for url in ("/agenda.ics", "/agenda.ics?key=", "/agenda.ics?key=nope"):
            response = who.get(url)
            assert response.status_code == 404, url
            assert "key" not in response.text.lower()  # no hint
        assert who.get(f"/agenda.ics?key={key[:-1]}").status_code == 404
        assert who.get(f"/agenda.ics?key={key}&key=nope").status_code == 404
    assert stranger.http.post(f"/agenda.ics?key={key}").status_code == 404  # GET only
    assert stranger.http.head("/agenda.ics?key=nope").status_code == 404
    head = stranger.http.head(f"/agenda.ics?key={key}")
    assert head.status_code == 200 and head.headers["content-type"].startswith("text/calendar")
    assert access.feed_last_fetched(client.app.state.web.home) is None  # a HEAD is no fetch
    assert stranger.get(f"/agenda.ics?key={key}").status_code == 200
    assert stranger.get(f"/agenda.ics/x?key={key}").status_code == 303  # nothing else opens


def test_the_key_is_a_private_file_compared_as_a_whole(web_app: Any) -> None:
    home = web_app.state.web.home
    assert not access.feed_key_matches(home, "anything")  # before one is made
    key = access.feed_key(home)
    assert len(key) >= 32 and access.feed_key(home) == key
    assert stat.S_IMODE((home / access.FEED_KEY_FILE).stat().st_mode) == 0o600
    assert access.feed_key_matches(home, key)
    assert not access.feed_key_matches(home, key + "x")
    assert not access.feed_key_matches(home, "")


def test_the_feed_is_the_agenda_and_the_conversations_with_alarms(
    client: WebClient, stranger: WebClient, workspace: Workspace, ada: Any
) -> None:
    grace = workspace.add_contact(name="Grace Hopper", timezone="Europe/London")
    workspace.log(str(grace.id), "reply")
    workspace.confirm(str(grace.id), at="2026-12-01T12:00")  # noon on her clock, in London
    key = key_of(client)
    response = stranger.get(f"/agenda.ics?key={key}", headers={"User-Agent": "Thunderbird/115"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert response.headers["cache-control"] == "no-store"
    data = response.content
    events = {str(e["uid"]): e for e in components(data, "VEVENT")}
    follow_up = next(i for i in workspace.agenda(30).items if i.kind == "follow-up")
    assert f"{follow_up.item}@coffeechat" in events
    talk = next(e for uid, e in events.items() if uid.startswith("conversation-"))
    assert talk.to_ical().decode().count("DTSTART:20261201T120000Z") == 1  # in UTC
    assert str(talk["summary"]) == "Conversation with Grace Hopper"
    assert all(len(e.subcomponents) == 1 for e in events.values())  # one VALARM each
    assert len(components(data, "VALARM")) == len(events)
    # the project's own reader takes it: the conversation is busy time, the items are not
    start = dt.datetime(2026, 11, 27, tzinfo=dt.UTC)
    busy = read_busy(data, "feed", start, start + dt.timedelta(days=30), "America/New_York")
    assert [(b.start, b.end) for b in busy] == [
        (
            dt.datetime(2026, 12, 1, 12, tzinfo=dt.UTC),
            dt.datetime(2026, 12, 1, 12, 30, tzinfo=dt.UTC),
        )
    ]
    again = stranger.get(f"/agenda.ics?key={key}").content
    assert {str(e["uid"]) for e in components(again, "VEVENT")} == set(events)  # stable


def test_a_late_item_is_on_today_in_the_feed(
    client: WebClient, stranger: WebClient, workspace: Workspace, ada: Any
) -> None:
    late = [i for i in workspace.agenda(30).items if i.due < dt.date(2026, 11, 27)]
    assert late, "the follow-up of 16 November is late"
    data = stranger.get(f"/agenda.ics?key={key_of(client)}").content
    event = next(
        e for e in components(data, "VEVENT") if str(e["uid"]) == f"{late[0].item}@coffeechat"
    )
    assert event.decoded("dtstart") == dt.date(2026, 11, 27)
    assert str(event["summary"]).endswith("(late)")


def test_today_shows_when_a_calendar_app_last_fetched_it(
    client: WebClient, stranger: WebClient, workspace: Workspace
) -> None:
    assert "No calendar app has fetched it yet." in client.get("/").text
    agent = "Google-Calendar-Importer   (+http://www.google.com/calendar)\n" + "x" * 300
    stranger.get(f"/agenda.ics?key={key_of(client)}", headers={"User-Agent": agent})
    page = client.get("/").text
    # 09:00 in New York, the test clock's "now"; the agent on one line, cut short
    assert (
        "Last fetched by a calendar app: Fri 27 Nov 2026, 09:00 by Google-Calendar-Importer (+http"
        in page
    )
    [_, seen] = access.feed_last_fetched(workspace.settings.home) or ("", "")
    assert len(seen) == access.AGENT_LONGEST and "\n" not in seen
    assert 'id="feed-url"' in page and 'class="copy" data-copy="feed-url"' in page


def test_a_new_key_ends_the_old_address(client: WebClient, stranger: WebClient) -> None:
    old = key_of(client)
    assert stranger.get(f"/agenda.ics?key={old}").status_code == 200
    response = client.post("/settings/feed")
    assert response.status_code == 303
    assert "The feed has a new address" in client.get("/settings").text
    new = key_of(client)
    assert new != old
    assert stranger.get(f"/agenda.ics?key={old}").status_code == 404
    assert stranger.get(f"/agenda.ics?key={new}").status_code == 200


def test_the_cli_prints_and_renews_the_feed_address(
    client: WebClient, stranger: WebClient, same_cli: CLI
) -> None:
    shown = same_cli("serve", "--feed").stdout.strip()
    assert shown == f"http://127.0.0.1:8765/agenda.ics?key={key_of(client)}"
    assert same_cli("serve", "--feed", "--port", "9000").stdout.startswith("http://127.0.0.1:9000/")
    renewed = same_cli("serve", "--new-feed")
    new = renewed.stdout.strip()
    assert new != shown and "Replaced the feed's key" in renewed.stderr
    assert stranger.get(shown.removeprefix("http://127.0.0.1:8765")).status_code == 404
    assert stranger.get(new.removeprefix("http://127.0.0.1:8765")).status_code == 200
