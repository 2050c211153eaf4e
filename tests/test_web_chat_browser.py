"""The chat page in a real browser held like a phone (375x812): notes survive a page
closed mid-sentence and a dropped connection, the timer shows the cue of the moment, and
nothing is written to the console. Checked on the server through the page it renders
(read with the context's own session, outside the page's script)."""

from __future__ import annotations

import html
import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from conftest import watch

pytestmark = [pytest.mark.browser]

PHONE = {"width": 375, "height": 812}
#: Ada Lovelace, the first contact of the served workspace.
CHAT = "/contacts/1/chat"


def origin(sign_in: str) -> str:
    parts = urlsplit(sign_in)
    return f"{parts.scheme}://{parts.netloc}"


def on_server(context: Any, base: str, key: str) -> str:
    """The note of ``key`` as the server has it (the page as served, before any script)."""
    text = context.request.get(base + CHAT).text()
    found = re.search(rf'<textarea id="note-{key}"[^>]*>(.*?)</textarea>', text, re.S)
    assert found, f"no field for {key}"
    return html.unescape(found.group(1))


@pytest.fixture
def phone(served: str, browser: Any) -> Any:
    """A phone-sized browser context, signed in."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(served)
    page.close()
    yield context
    context.close()


def test_a_page_closed_mid_sentence_keeps_the_text_and_sends_it(served: str, phone: Any) -> None:
    from playwright.sync_api import expect

    base = origin(served)
    problems: list[tuple[str, str]] = []
    page = phone.new_page()
    watch(page, problems)
    page.goto(base + CHAT)
    assert page.locator("h1").inner_text() == "Chat with Ada Lovelace"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    expect(page.locator(".nojs-save")).to_be_hidden()  # saved as typed: no button
    page.locator("#note-journey").press_sequentially("Physics PhD, then Q")
    page.close()  # mid-sentence, before the save was due

    again = phone.new_page()
    watch(again, problems)
    again.goto(base + CHAT)
    expect(again.locator("#note-journey")).to_have_value("Physics PhD, then Q")
    expect(again.locator("#save-status")).to_have_text("Saved")
    assert on_server(phone, base, "journey") == "Physics PhD, then Q"
    again.locator("#note-journey").press("End")
    again.locator("#note-journey").press_sequentially("A, then data")
    expect(again.locator("#save-status")).to_have_text("Saved")
    assert on_server(phone, base, "journey") == "Physics PhD, then QA, then data"  # replaced
    for key in ("balance", "team", "advice"):  # one after the other, no pause
        again.locator(f"#note-{key}").press_sequentially(f"On {key}", delay=5)
    expect(again.locator("#save-status")).to_have_text("Saved")
    assert [on_server(phone, base, k) for k in ("balance", "team", "advice")] == [
        "On balance",
        "On team",
        "On advice",
    ]
    assert problems == []


def test_offline_text_is_kept_and_sent_when_back_online(served: str, phone: Any) -> None:
    from playwright.sync_api import expect

    base = origin(served)
    problems: list[tuple[str, str]] = []
    page = phone.new_page()
    watch(page, problems)
    page.goto(base + CHAT)
    expect(page.locator("#save-status")).to_have_text("Saved")
    phone.set_offline(True)
    page.locator("#note-team").press_sequentially("Five people, two seniors")
    status = page.locator("#save-status")
    expect(status).to_have_text("Offline — kept on this phone, will send when back")
    page.wait_for_timeout(800)  # past the debounce: nothing could be sent
    assert on_server(phone, base, "team") == ""
    phone.set_offline(False)
    expect(status).to_have_text("Saved")
    assert on_server(phone, base, "team") == "Five people, two seniors"
    page.reload()
    expect(page.locator("#note-team")).to_have_value("Five people, two seniors")
    # a text kept here that is older than the server's gives way to it, and is forgotten
    page.goto(base + "/contacts")  # (set from another page: the chat's own would send it)
    page.evaluate(
        "localStorage.setItem('coffeechat:note:1:team',"
        " JSON.stringify({text: 'stale', pending: true, at: 0}))"
    )
    page.goto(base + CHAT)
    expect(page.locator("#note-team")).to_have_value("Five people, two seniors")
    assert page.evaluate("localStorage.getItem('coffeechat:note:1:team')") is None
    assert on_server(phone, base, "team") == "Five people, two seniors"
    assert problems == []


def test_the_timer_shows_the_question_of_the_moment_and_takeaways_add_in_place(
    served: str, phone: Any, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    base = origin(served)
    problems: list[tuple[str, str]] = []
    page = phone.new_page()
    watch(page, problems)
    page.goto(base + CHAT + "?minutes=30")
    expect(page.locator("#cue")).to_have_text("Press Start when the chat begins.")
    page.get_by_role("button", name="Start").click()
    expect(page.locator("#cue")).to_contain_text("Opening")
    expect(page.get_by_role("button", name="Pause")).to_be_visible()
    # ten minutes in (set on the page's own clock): the question planned for minute 10
    second = page.locator(".topic").nth(2)
    start = int(second.get_attribute("data-start") or "0")
    page.evaluate(
        "m => localStorage.setItem('coffeechat:timer:1',"
        " JSON.stringify({elapsed: m * 60000 + 1000, since: null}))",
        start,
    )
    question = second.locator("label").inner_text()
    expect(page.locator("#cue")).to_contain_text("Paused. Now: " + question.split(" ← ")[0])
    expect(second).to_have_class(re.compile(r"\bnow\b"))
    # the guide re-fitted to 15 minutes: fewer questions
    before = page.locator(".topic").count()
    page.locator("#minutes").select_option("15")
    page.get_by_role("button", name="Fit the questions").click()
    page.wait_for_url("**/contacts/1/chat?minutes=15")
    assert page.locator(".topic").count() < before
    # a takeaway added in place (htmx), no reload
    page.locator("#takeaway-kind").select_option("advice")
    page.locator("#takeaway-text").fill("Ship small things")
    page.get_by_role("button", name="Add takeaway").click()
    expect(page.locator("#takeaways .notice")).to_have_text("Takeaway added (advice).")
    expect(page.locator("#takeaways .written")).to_contain_text("Ship small things")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shots = os.environ.get("COFFEECHAT_SCREENSHOTS")
    if shots:  # for the docs and for a look: COFFEECHAT_SCREENSHOTS=DIR
        page.locator(".topic.now textarea").focus()  # what the phone shows while typing
        page.screenshot(path=str(Path(shots) / "chat-phone.png"))
        page.set_viewport_size({"width": 1280, "height": 800})
        page.screenshot(path=str(Path(shots) / "chat-desktop.png"), full_page=True)
    assert problems == []
