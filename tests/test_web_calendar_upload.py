"""A calendar file uploaded on Settings (the way to add a file from a phone, or on the
team server): kept in the workspace as ``upload:NAME``, read at each proposal from its
stored copy, replaced by uploading the same name again, refused unless it reads as a
calendar, and never read again from anywhere (``calendar refresh`` leaves it)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from coffeechat.core.errors import InvalidValue
from coffeechat.service import Workspace
from conftest import CLI, WebClient

GOOGLE = (Path(__file__).parent / "data" / "calendars" / "google.ics").read_bytes()

#: Busy from Mon 30 Nov to Sun 13 Dec 2026 (UTC), day and night: nothing fits beside it.
ALL_BUSY = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//coffeechat tests//EN\r\n"
    b"BEGIN:VEVENT\r\nUID:away@tests\r\nDTSTAMP:20261101T000000Z\r\n"
    b"DTSTART:20261120T000000Z\r\nDTEND:20261213T000000Z\r\nSUMMARY:Away\r\n"
    b"END:VEVENT\r\nEND:VCALENDAR\r\n"
)


def _upload(client: WebClient, name: str, data: bytes) -> object:
    return client.post("/settings/calendars/upload", files={"file": (name, data, "text/calendar")})


def test_an_uploaded_calendar_is_kept_and_replaced_by_the_same_name(
    client: WebClient, workspace: Workspace, same_cli: CLI
) -> None:
    response = _upload(client, "work.ics", GOOGLE)
    assert response.status_code == 303, response.text
    [calendar] = workspace.list_calendars()
    assert calendar.source == "upload:work.ics" and calendar.kind == "upload"
    assert calendar.size == len(GOOGLE)
    page = client.get("/settings").text
    assert f"Added calendar {calendar.id}: upload:work.ics." in page
    again = _upload(client, "C:\\Users\\sam\\work.ics", ALL_BUSY)  # a browser's full path
    assert again.status_code == 303
    [replaced] = workspace.list_calendars()
    assert replaced.id == calendar.id and replaced.size == len(ALL_BUSY)
    assert f"Replaced calendar {calendar.id}" in client.get("/settings").text
    listed = json.loads(same_cli("calendar", "list", "--json").output)["calendars"]
    assert [(c["source"], c["kind"]) for c in listed] == [("upload:work.ics", "upload")]


def test_its_busy_time_counts_and_nothing_reads_it_again(
    workspace: Workspace, contacts: object
) -> None:
    ada = contacts.add("Ada Lovelace", timezone="Europe/London")  # type: ignore[attr-defined]
    free = workspace.propose_slots(str(ada.id), count=3, days=7)
    assert free.options and not free.warnings
    workspace.upload_calendar("away.ics", ALL_BUSY)
    busy = workspace.propose_slots(str(ada.id), count=3, days=7)
    assert busy.options == []
    assert any("your calendar is busy" in w for w in busy.warnings)
    assert not any("stored copy" in w or "could not" in w for w in busy.warnings)
    listed, warnings = workspace.refresh_calendars()
    assert warnings == [] and [c.size for c in listed] == [len(ALL_BUSY)]


def test_a_file_that_is_not_a_calendar_is_refused_beside_its_field(
    client: WebClient, workspace: Workspace
) -> None:
    response = _upload(client, "notes.ics", b"just some words\n")
    assert response.status_code == 400
    assert re.search(r'id="upload-error" role="alert">[^<]*notes\.ics', response.text)
    assert workspace.list_calendars() == []
    empty = client.post("/settings/calendars/upload", files={"file": ("", b"")})
    assert empty.status_code == 400 and "choose an .ics file" in empty.text


def test_upload_is_no_source_one_can_type(workspace: Workspace, same_cli: CLI) -> None:
    with pytest.raises(InvalidValue, match="uploaded on the web"):
        workspace.add_calendar("upload:work.ics")
    refused = same_cli("calendar", "add", "upload:work.ics", ok=False)
    assert refused.exit_code == 1 and "uploaded on the web" in refused.stderr
