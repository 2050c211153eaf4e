"""Scheduling in a real browser (Debian's Chromium through Playwright, against
``coffeechat serve``): propose, click an option, confirm with a video link, download the
invite and read it; the week stacks on a phone, across the date line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from coffeechat.service import Workspace
from conftest import make_settings, watch

pytestmark = [pytest.mark.browser]


def test_propose_choose_confirm_and_download_the_invite(
    served: str, browser: Any, tmp_path: Path
) -> None:
    from icalendar import Calendar
    from playwright.sync_api import expect

    workspace = Workspace.open(make_settings(tmp_path / "served"))
    try:  # Ada in Auckland, the user in Los Angeles: the day differs on each side
        workspace.update_settings(timezone="America/Los_Angeles")
        workspace.edit_contact("1", timezone="Pacific/Auckland", emails=["ada@example.com"])
    finally:
        workspace.close()
    page = browser.new_page(viewport={"width": 375, "height": 812}, accept_downloads=True)
    problems = watch(page)
    page.goto(served)
    page.goto(served.split("/login")[0] + "/contacts/1")
    page.get_by_role("link", name="Schedule a chat with Ada Lovelace").click()
    page.wait_for_url("**/contacts/1/schedule")
    assert page.locator("h1").inner_text() == "Schedule a chat with Ada Lovelace"
    page.get_by_role("button", name="Propose times").click()  # htmx swaps the middle
    expect(page.locator("#schedule .notice")).to_contain_text("3 new times for Ada Lovelace")
    option = page.locator("article.option").filter(has_text="Option 1")
    expect(option).to_contain_text("Mon 30 Nov 15:00-15:30 PST")
    expect(option).to_contain_text("Tue 01 Dec 12:00-12:30 NZDT (the next day for them)")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # no sideways scroll
    lefts = {round(box["x"]) for box in (d.bounding_box() for d in page.locator(".day").all())}
    assert len(lefts) == 1  # the days stack on a phone
    expect(page.get_by_role("button", name="Copy the text")).to_be_visible()  # script ran
    option.get_by_role("button", name="They chose option 1").click()
    page.wait_for_url("**/schedule/confirm?option=1")
    assert page.locator("h1").inner_text() == "Confirm the chat with Ada Lovelace"
    page.get_by_label("Video call link").fill("https://meet.example.com/ada")
    page.get_by_role("button", name="Confirm and make the invite").click()
    page.wait_for_url("**/contacts/1/schedule")
    expect(page.locator(".notice")).to_contain_text("Scheduled: Ada Lovelace")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the invite (.ics)").click()
    saved = tmp_path / "invite.ics"
    download.value.save_as(saved)
    assert download.value.suggested_filename == "2026-12-01-ada-lovelace.ics"
    (event,) = Calendar.from_ical(saved.read_bytes()).walk("VEVENT")
    assert str(event["url"]) == "https://meet.example.com/ada"
    assert event.decoded("dtstart").isoformat() == "2026-12-01T12:00:00+13:00"
    assert "ada@example.com" in str(event["attendee"])
    assert problems == []
