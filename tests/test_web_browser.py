"""The web UI in a real browser: Debian's Chromium driven by Playwright, against
``coffeechat serve`` started on a free loopback port. Skipped, with a message, where
Chromium or Playwright is missing."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from coffeechat.service import Workspace
from conftest import NOW, OWNER, make_settings, system_tool

#: Chromium as root in a container: no sandbox (it needs user namespaces), no GPU.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]

pytestmark = [pytest.mark.browser]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    """``coffeechat serve`` on a workspace with two contacts; yields the sign-in URL."""
    home = tmp_path / "served"
    workspace = Workspace.create(make_settings(home), **OWNER)
    ada = workspace.add_contact(name="Ada Lovelace", company="Acme")
    workspace.add_contact(name="Bob Chen", company="Acme")
    workspace.log(str(ada.id), "outreach", at="2026-11-16T10:00")
    workspace.close()
    port = _free_port()
    env = {**os.environ, "COFFEECHAT_HOME": str(home), "COFFEECHAT_NOW": NOW}
    env["PYTHONPATH"] = os.pathsep.join([str(Path(__file__).parent.parent / "src"), *sys.path])
    server = subprocess.Popen(
        [sys.executable, "-m", "coffeechat", "serve", "--no-browser", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert server.stdout is not None
        url = None
        deadline = time.monotonic() + 20
        while url is None and time.monotonic() < deadline:
            line = server.stdout.readline()
            found = re.search(r"(http://\S+/login\?code=\S+)", line)
            url = found.group(1) if found else None
        assert url, "serve printed no sign-in address"
        while time.monotonic() < deadline:  # until it answers
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
        if server.stdout is not None:
            server.stdout.close()


@pytest.fixture
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    executable = system_tool("chromium", package="chromium")  # Debian's: fails loudly if absent
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def test_today_and_contacts_load_without_console_errors(served: str, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 375, "height": 812})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on(
        "response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None
    )
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
    assert page.url.endswith("/contacts?q=lovel&stage=")  # the search is in the address
    assert page.evaluate("typeof htmx") == "object"
    assert problems == []


def test_the_board_stacks_on_a_phone_and_a_move_swaps_in_place(served: str, browser: Any) -> None:
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 375, "height": 812})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on(
        "response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None
    )
    page.goto(served)
    page.get_by_role("link", name="Board", exact=True).click()
    page.wait_for_url("**/board")
    assert page.locator("h1").inner_text() == "Board"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # no sideways scroll
    lefts = {round(box["x"]) for box in (c.bounding_box() for c in page.locator(".column").all())}
    assert len(lefts) == 1  # the columns stack, one under the other
    ada = page.locator("#stage-reached-out + ul .card").filter(has_text="Ada Lovelace")
    ada.locator("select").select_option("reply")
    ada.get_by_role("button", name="Log it").click()  # htmx swaps the board in place
    expect(page.locator("#board .notice")).to_contain_text("Logged reply for Ada Lovelace")
    expect(page.locator("#stage-reached-out + ul")).to_have_count(0)
    assert page.url.endswith("/board")
    assert problems == []
