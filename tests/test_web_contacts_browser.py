"""Contacts in a real browser: a contact edited by keyboard alone (Tab to the fields,
type, Enter to save), the page at phone width, and the Undo button after it."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from conftest import watch

pytestmark = [pytest.mark.browser]


def tab_to(page: Any, selector: str, most: int = 60) -> None:
    """Press Tab until the element ``selector`` has the focus (at most ``most`` times)."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_a_contact_is_edited_by_keyboard_alone_and_undone(served: str, browser: Any) -> None:
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 375, "height": 812})
    problems = watch(page)
    page.goto(served)
    page.get_by_role("link", name="Contacts", exact=True).click()
    page.get_by_role("link", name="Ada Lovelace").click()
    page.wait_for_url("**/contacts/*")
    tab_to(page, 'a[href$="/edit"]')
    page.keyboard.press("Enter")
    page.wait_for_url("**/edit")
    assert page.locator("h1").inner_text() == "Edit Ada Lovelace"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # no sideways scroll
    tab_to(page, "#edit-title")
    page.keyboard.type("Staff Engineer")
    tab_to(page, "#edit-city")
    page.keyboard.type("Brooklyn")
    page.keyboard.press("Enter")  # Enter in a field submits the form
    page.wait_for_url(re.compile(r".*/contacts/\d+$"))
    expect(page.locator(".notice")).to_contain_text("Saved Ada Lovelace")
    expect(page.locator("dl")).to_contain_text("Staff Engineer")
    expect(page.locator("dl")).to_contain_text("Brooklyn")
    shots = os.environ.get("COFFEECHAT_SCREENSHOTS")
    if shots:  # for a look at the pages (docs): not part of what is tested
        page.screenshot(path=str(Path(shots) / "contact-375.png"), full_page=True)
    tab_to(page, ".undo-form button")  # the Undo button, by keyboard too
    page.keyboard.press("Enter")
    expect(page.locator(".notice")).to_contain_text("Undid contact edit for Ada Lovelace")
    expect(page.locator("dl")).not_to_contain_text("Staff Engineer")
    assert problems == []


def test_the_filters_swap_the_list_in_place_and_stay_in_the_address(
    served: str, browser: Any
) -> None:
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1280, "height": 800})
    problems = watch(page)
    page.goto(served)
    page.get_by_role("link", name="Contacts", exact=True).click()
    page.wait_for_url("**/contacts")
    page.fill("#company", "Acme")
    page.locator("#company").press("Tab")  # change: htmx asks for the results
    expect(page.locator("#results")).to_contain_text("Bob Chen")
    page.select_option("#stage", "reached-out")
    expect(page.locator("#results")).not_to_contain_text("Bob Chen")
    expect(page.locator("#results")).to_contain_text("Ada Lovelace")
    assert "company=Acme" in page.url and "stage=reached-out" in page.url
    shots = os.environ.get("COFFEECHAT_SCREENSHOTS")
    if shots:
        page.screenshot(path=str(Path(shots) / "contacts-1280.png"), full_page=True)
        page.get_by_role("link", name="Ada Lovelace").click()
        page.wait_for_url("**/contacts/*")
        page.screenshot(path=str(Path(shots) / "contact-1280.png"), full_page=True)
        page.goto(page.url + "/edit")
        page.screenshot(path=str(Path(shots) / "edit-1280.png"), full_page=True)
        page.set_viewport_size({"width": 375, "height": 812})
        page.screenshot(path=str(Path(shots) / "edit-375.png"), full_page=True)
        page.fill("#edit-timezone", "Mars/Olympus")
        page.get_by_role("button", name="Save").click()
        page.screenshot(path=str(Path(shots) / "edit-error-375.png"), full_page=True)
        problems[:] = [p for p in problems if "400" not in p[0]]  # refused, as meant
        page.goto(page.url.replace("/edit", "/merge"))
        page.screenshot(path=str(Path(shots) / "merge-375.png"), full_page=True)
        page.goto(page.url.replace("/merge", "/remove"))
        page.screenshot(path=str(Path(shots) / "remove-375.png"), full_page=True)
        page.goto(page.url.split("/contacts")[0] + "/companies/1")
        page.screenshot(path=str(Path(shots) / "company-375.png"), full_page=True)
        page.goto(page.url.split("/companies")[0] + "/board")
        page.screenshot(path=str(Path(shots) / "board-375.png"), full_page=True)
    assert problems == []
