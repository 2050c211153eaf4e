"""The web UI by keyboard alone, in Chromium over the demo workspace: after signing in
by the address, nothing but Tab, Shift+Tab, Enter, arrow keys and typing. Every link,
button and field the focus lands on shows that it has it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from conftest import VIEWPORTS, Served, axe_blocking, watch

pytestmark = [pytest.mark.browser]

#: Whether the focused element shows it: an outline or a shadow (app.css gives one to
#: :focus-visible, and to every field with the focus).
FOCUS_SHOWN = """el => {
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0;
    return outline || s.boxShadow !== "none";
}"""
#: The focused element, described: tag, id, name and text.
FOCUSED = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return "body";
    const text = (el.innerText || el.value || el.getAttribute("aria-label") || "").trim();
    return `${el.tagName.toLowerCase()}#${el.id}[${el.getAttribute("name") || ""}] ${text}`;
}"""


class Keyboard:
    """Moves through a page the way someone without a mouse does, checking on the way
    that every link and button shows the focus."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.unseen: list[str] = []  # what took the focus without showing it

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)
        if key in ("Tab", "Shift+Tab"):  # (Enter may be leaving the page)
            self.check_focus_shown()

    def check_focus_shown(self) -> None:
        """Links and buttons above all, but fields and scrolling regions too."""
        if self.page.evaluate("document.activeElement === document.body"):
            return
        if not self.page.evaluate(f"({FOCUS_SHOWN})(document.activeElement)"):
            self.unseen.append(self.page.evaluate(FOCUSED))

    def focused(self, locator: Any) -> bool:
        return bool(locator.evaluate("el => el === document.activeElement"))

    def tab_to(self, locator: Any, *, back: bool = False, limit: int = 150) -> None:
        """Tab (or Shift+Tab) until ``locator`` has the focus."""
        for _ in range(limit):
            if self.focused(locator):
                return
            self.press("Shift+Tab" if back else "Tab")
        raise AssertionError(f"{limit} presses of Tab never reached {locator}")

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)


@pytest.fixture
def keyboard(module_browser: Any, served_demo: Served) -> Iterator[Keyboard]:
    """A desktop page signed in (by the sign-in address), for the keyboard only."""
    yield from signed_in_keyboard(module_browser, served_demo, "desktop")


def signed_in_keyboard(browser: Any, served: Served, size: str) -> Iterator[Keyboard]:
    """A page of ``size`` (VIEWPORTS) signed in, for the keyboard only; at the end, no
    error on the page and the focus was shown everywhere it went."""
    context = browser.new_context(viewport=VIEWPORTS[size])
    page = context.new_page()
    page.set_default_timeout(10_000)  # a key that does nothing fails in seconds
    problems = watch(page)
    page.goto(served.login_url())
    keys = Keyboard(page)
    yield keys
    context.close()
    assert problems == [], problems
    assert keys.unseen == [], f"focus not visible on: {keys.unseen}"


def test_the_journey_by_keyboard_alone(keyboard: Keyboard) -> None:
    from playwright.sync_api import expect

    page = keyboard.page
    assert page.locator("h1").inner_text() == "Today"

    # the first Tab shows the skip link; Enter on it skips the navigation
    keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to the page")
    assert keyboard.focused(skip)
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0, "the skip link is off screen"
    keyboard.press("Enter")
    assert page.url.endswith("#main")
    keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('main')"), page.evaluate(FOCUSED)

    # back up to the navigation: Contacts
    keyboard.tab_to(page.get_by_role("link", name="Contacts", exact=True), back=True)
    keyboard.press("Enter")
    page.wait_for_url("**/contacts")
    assert page.locator("h1").inner_text() == "Contacts"

    # add a contact with the form: a bad e-mail brings the focus back to its field, with
    # the error beside it; put right, Enter on the button opens their page
    keyboard.tab_to(page.locator("#add-name"))
    keyboard.type("Ada Lovelace")
    keyboard.press("Tab")
    keyboard.type("not an address")
    keyboard.tab_to(page.locator("#add-company"))
    keyboard.type("Foxglove Studio")
    keyboard.tab_to(page.get_by_role("button", name="Add contact"))
    keyboard.press("Enter")
    expect(page.locator("#add-email-error")).to_be_visible()
    expect(page.locator("#add-email")).to_be_focused()
    assert not (found := axe_blocking(page)), found  # the form in error is accessible too
    keyboard.press("Control+a")
    keyboard.type("ada@example.com")
    keyboard.tab_to(page.get_by_role("button", name="Add contact"))
    keyboard.press("Enter")
    page.wait_for_url("**/contacts/*")
    expect(page.locator("h1")).to_have_text("Ada Lovelace")
    assert page.locator("h1").count() == 1
    expect(page.get_by_text("ada@example.com")).to_be_visible()

    # back to the list, find her by typing in the search, open her page from the results
    keyboard.tab_to(page.get_by_role("link", name="← Contacts"))
    keyboard.press("Enter")
    page.wait_for_url("**/contacts")
    keyboard.tab_to(page.get_by_label("Search"))
    keyboard.type("lovel")
    results = page.locator("#results")
    expect(results).not_to_contain_text("Priya Natarajan")  # the list follows the typing
    keyboard.tab_to(results.get_by_role("link", name="Ada Lovelace"))
    keyboard.press("Enter")
    page.wait_for_url("**/contacts/*")
    expect(page.locator("h1")).to_have_text("Ada Lovelace")

    # the Board: say what happened on her card (the select by arrow keys), Log it
    keyboard.tab_to(page.get_by_role("link", name="Board", exact=True))
    keyboard.press("Enter")
    page.wait_for_url("**/board")
    card = page.locator(".card").filter(has_text="Ada Lovelace")
    what = card.get_by_label("What happened?")
    keyboard.tab_to(what)
    for _ in range(20):  # ArrowDown on a closed select changes its value in place
        if what.input_value() == "reply":
            break
        keyboard.press("ArrowDown")
    assert what.input_value() == "reply"
    keyboard.tab_to(card.get_by_role("button", name="Log it"))
    keyboard.press("Enter")
    expect(page.locator("#board .notice")).to_contain_text("Logged reply for Ada Lovelace")
    expect(page.locator("#board .notice")).to_be_focused()  # not lost with the old board
    assert not (found := axe_blocking(page)), found

    # Companies: a score edited in place and saved with Enter on the row's Save
    keyboard.tab_to(page.get_by_role("link", name="Companies", exact=True), back=True)
    keyboard.press("Enter")
    page.wait_for_url("**/companies")
    motivation = page.get_by_label("Motivation for Parcel & Co (0-3)")
    keyboard.tab_to(motivation)
    keyboard.press("Control+a")
    keyboard.type("3")
    keyboard.tab_to(page.get_by_role("button", name="Save the scores of Parcel & Co"))
    keyboard.press("Enter")
    expect(page.locator("#lamp .notice")).to_be_focused()
    expect(page.get_by_label("Motivation for Parcel & Co (0-3)")).to_have_value("3")
    assert page.url.endswith("/companies")
