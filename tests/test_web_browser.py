"""The web UI in a real browser: Debian's Chromium driven by Playwright, against
``coffeechat serve`` started on a free loopback port. Skipped, with a message, where
Chromium or Playwright is missing."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import watch

pytestmark = [pytest.mark.browser]


def test_today_and_contacts_load_without_console_errors(served: str, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 375, "height": 812})
    problems = watch(page)
    page.goto(served)
    assert page.url.endswith("/")  # signed in, the code gone from the address bar
    assert page.locator("h1").inner_text() == "Today"
    assert "second-contact" in page.content()
    page.get_by_role("link", name="Contacts", exact=True).click()
    page.wait_for_url("**/contacts")
    assert page.locator("h1").inner_text() == "Contacts"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # no sideways scroll
    page.fill("#q", "lovel")  # search as you type: htmx swaps the results in place
    from playwright.sync_api import expect

    expect(page.locator("#results")).not_to_contain_text("Bob Chen")  # no eval: CSP holds
    expect(page.locator("#results")).to_contain_text("Ada Lovelace")
    assert page.url.endswith("/contacts?q=lovel&stage=&tag=&company=")  # in the address
    assert page.evaluate("typeof htmx") == "object"
    assert problems == []


def test_the_board_stacks_on_a_phone_and_a_move_swaps_in_place(served: str, browser: Any) -> None:
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 375, "height": 812})
    problems = watch(page)
    page.goto(served)
    page.get_by_role("link", name="Board", exact=True).click()
    page.wait_for_url("**/board")
    assert page.locator("h1").inner_text() == "Board"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # no sideways scroll
    lefts = {round(box["x"]) for box in (c.bounding_box() for c in page.locator(".column").all())}
    assert len(lefts) == 1  # the columns stack, one under the other
    ada = page.locator("#stage-reached-out + ul .card").filter(has_text="Ada Lovelace")
    ada.get_by_label("What happened?").select_option("reply")
    ada.get_by_role("button", name="Log it").click()  # htmx swaps the board in place
    expect(page.locator("#board .notice")).to_contain_text("Logged reply for Ada Lovelace")
    expect(page.locator("#stage-reached-out + ul")).to_have_count(0)
    assert page.url.endswith("/board")
    assert problems == []


@pytest.mark.parametrize("script", [True, False], ids=["htmx", "no-script"])
def test_each_button_of_an_agenda_item_posts_to_its_own_action(
    served: str, browser: Any, script: bool
) -> None:
    """An item's Done, Snooze a week and Dismiss share one form: each button posts the
    item to its own action, by htmx (the agenda swapped in place) and as a plain form
    without JavaScript (a redirect back to Today); "Snooze a week" sends its 7 days."""
    from playwright.sync_api import expect

    context = browser.new_context(java_script_enabled=script)
    page = context.new_page()
    seen = watch(page)
    page.goto(served)
    agenda = page.locator("#agenda")
    said = {
        "Snooze a week": "Snoozed follow-up for Ada Lovelace by 7 days",
        "Dismiss": "Dismissed second-contact for Ada Lovelace",
    }
    for (button, notice), kind in zip(said.items(), ("follow-up", "second-contact"), strict=True):
        item = agenda.locator("li.item").filter(has_text=f"· {kind} ·")
        item.get_by_role("button", name=button).click()
        expect(agenda).to_contain_text(notice)
    gone = agenda.locator("li.item").filter(has_text="· second-contact ·")
    expect(gone).to_have_count(0)  # dismissed
    assert seen == []
    context.close()
