"""Settings and the feed's copy button in a real browser (Debian's Chromium through
Playwright, against ``coffeechat serve``): change a value, save, see the notice; copy the
feed's address to the clipboard. Screenshots go to $COFFEECHAT_SCREENSHOTS when set."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from conftest import watch

pytestmark = [pytest.mark.browser]


def shoot(page: Any, name: str) -> None:
    folder = os.environ.get("COFFEECHAT_SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / name), full_page=True)


def test_settings_save_a_value_and_say_so(served: str, browser: Any) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 375, "height": 812})
    page = context.new_page()
    problems = watch(page)
    page.goto(served)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # Today, with the feed
    shoot(page, "today-phone.png")
    page.get_by_role("link", name="Settings", exact=True).click()
    page.wait_for_url("**/settings")
    assert page.locator("h1").inner_text() == "Settings"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # no sideways scroll
    shoot(page, "settings-phone.png")
    page.get_by_label("When you can meet").fill("Mon-Thu 09:00-17:00")
    page.get_by_role("button", name="Save availability").click()
    page.wait_for_url("**/settings")
    expect(page.locator(".notice")).to_have_text("Saved: availability.")
    expect(page.get_by_label("When you can meet")).to_have_value("Mon-Thu 09:00-17:00")
    assert problems == []
    page.get_by_label("When you can meet").fill("Mon-Thu 17:30-2000")
    page.get_by_role("button", name="Save availability").click()
    expect(page.locator("#set-availability-error")).to_contain_text("HH:MM-HH:MM")
    expect(page.get_by_label("When you can meet")).to_have_attribute("aria-invalid", "true")
    assert all("400" in p[0] for p in problems)  # the refused save answers 400, on purpose


def test_the_copy_button_puts_the_feed_address_on_the_clipboard(served: str, browser: Any) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    problems = watch(page)
    page.goto(served)  # Today
    address = page.locator("#feed-url").input_value()
    assert "/agenda.ics?key=" in address
    expect(page.get_by_text("No calendar app has fetched it yet.")).to_be_visible()
    button = page.get_by_role("button", name="Copy")
    expect(button).to_be_visible()  # shown by its script (hidden without one)
    button.click()
    expect(page.locator(".copied")).to_have_text("Copied.")
    assert page.evaluate("navigator.clipboard.readText()") == address
    shoot(page, "today-desktop.png")
    fetched = context.request.get(address, headers={"User-Agent": "Thunderbird/128"})
    assert fetched.status == 200 and fetched.text().startswith("BEGIN:VCALENDAR")
    page.goto(served.split("/login")[0] + "/")
    expect(page.locator("#feed-help")).to_contain_text("Last fetched by a calendar app:")
    expect(page.locator("#feed-help")).to_contain_text("by Thunderbird/128")
    page.goto(served.split("/login")[0] + "/settings")
    expect(page.get_by_role("button", name="Copy")).to_be_visible()
    shoot(page, "settings-desktop.png")
    assert problems == []
