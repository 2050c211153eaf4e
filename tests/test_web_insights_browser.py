"""Network and Recap in a real browser (Debian's Chromium, Playwright, ``coffeechat
serve``): a person in the network drawing is a link that opens their page, and the recap
PDF downloads. ``COFFEECHAT_SCREENSHOTS=DIR`` saves each page at desktop and phone size."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from coffeechat.service import Workspace
from conftest import make_settings, watch

pytestmark = [pytest.mark.browser]


def _seed(home: Path) -> None:
    """Priya introduced the user to Ada; Ada's conversation has a note and a takeaway."""
    workspace = Workspace.open(make_settings(home))
    try:
        priya = workspace.add_contact(name="Priya Natarajan", company="Initech")
        workspace.edit_contact("Ada Lovelace", introduced_by=str(priya.id))
        workspace.add_note("Ada Lovelace", "Started in QA <script>", topic="journey")
        workspace.add_takeaway("Ada Lovelace", "insight", "Data teams hire from support")
    finally:
        workspace.close()


def _seed_more(home: Path) -> None:
    """More to draw: introductions offered, a path with its steps, a weekly goal."""
    workspace = Workspace.open(make_settings(home))
    try:
        workspace.add_introduction("Priya Natarajan", "Grace Kim", company="Globex")
        workspace.add_introduction("Ada Lovelace", "Lee Park", company="Acme")
        workspace.add_company("Acme")
        path = workspace.add_path("Acme", "Data Analyst", "Ada Lovelace")
        workspace.add_path_step(str(path.id), "introduction", on="2026-11-10")
        workspace.add_path_step(str(path.id), "final-round", on="2026-11-20", note="Two hours")
        workspace.update_settings(weekly_goal="2")
    finally:
        workspace.close()


def test_a_person_in_the_network_opens_their_page_and_the_recap_pdf_downloads(
    served: str, browser: Any, tmp_path: Path
) -> None:
    _seed(tmp_path / "served")
    page = browser.new_page(viewport={"width": 375, "height": 812}, accept_downloads=True)
    problems = watch(page)
    page.goto(served)
    page.get_by_role("link", name="Network", exact=True).click()
    page.wait_for_url("**/network")
    assert page.locator("h1").inner_text() == "Network"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # no sideways scroll
    page.locator('svg a[aria-label^="Ada Lovelace"]').click()
    page.wait_for_url("**/contacts/*")
    assert page.locator("h1").inner_text() == "Ada Lovelace"

    page.get_by_role("link", name="Recap", exact=True).click()
    page.wait_for_url("**/recap")
    assert page.locator("h1").inner_text() == "Recap: Ada Lovelace"
    frame = page.frame_locator("iframe")
    assert "Started in QA <script>" in frame.locator("body").inner_text()  # shown, not run
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    with page.expect_download() as event:
        page.get_by_role("link", name="PDF", exact=True).click()
    download = event.value
    assert download.suggested_filename.startswith("recap-ada-lovelace-")
    assert download.suggested_filename.endswith(".pdf")
    assert Path(download.path()).read_bytes().startswith(b"%PDF")

    page.fill("#recap-reflection", "I want this team")
    page.get_by_role("button", name="Save the recap").click()  # htmx swaps the part in place
    from playwright.sync_api import expect

    expect(page.locator("#recap .notice")).to_contain_text("Recap saved")
    assert problems == []


def test_screenshots(served: str, browser: Any, tmp_path: Path) -> None:
    """Each page at 1280x800 and 375x812, where COFFEECHAT_SCREENSHOTS asks for them."""
    folder = os.environ.get("COFFEECHAT_SCREENSHOTS")
    if not folder:
        pytest.skip("set COFFEECHAT_SCREENSHOTS=DIR to save the screenshots")
    _seed(tmp_path / "served")
    _seed_more(tmp_path / "served")
    page = browser.new_page()
    problems = watch(page)
    page.goto(served)  # the sign-in code works once: one page, resized
    base = served.split("/login")[0]
    page.goto(base + "/network")
    ada = page.locator('svg a[aria-label^="Ada Lovelace"]').get_attribute("href")
    for width, height in ((1280, 800), (375, 812)):
        page.set_viewport_size({"width": width, "height": height})
        for name, path in (
            ("network", "/network"),
            ("paths", "/paths"),
            ("stats", "/stats"),
            ("recap", f"{ada}/recap"),
        ):
            page.goto(base + path)
            page.screenshot(path=f"{folder}/{name}-{width}.png", full_page=True)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, name
    assert problems == []


def test_axe_finds_nothing_serious(served: str, browser: Any, tmp_path: Path) -> None:
    """axe-core on Network, Paths, Stats and Recap, on a desktop and a phone."""
    from axe_playwright_python.sync_playwright import Axe

    _seed(tmp_path / "served")
    _seed_more(tmp_path / "served")
    context = browser.new_context(bypass_csp=True)  # axe runs as an injected script
    page = context.new_page()
    page.goto(served)
    base = served.split("/login")[0]
    page.goto(base + "/network")
    ada = page.locator('svg a[aria-label^="Ada Lovelace"]').get_attribute("href")
    axe = Axe()
    found = []
    for width, height in ((1280, 800), (375, 812)):
        page.set_viewport_size({"width": width, "height": height})
        for path in ("/network", "/paths", "/stats", f"{ada}/recap"):
            page.goto(base + path)
            result = axe.run(page)
            assert result.response["passes"], "axe checked nothing"
            found += [
                f"{width} {path}: {v['id']} ({v['impact']}): {v['help']}"
                for v in result.response["violations"]
                if v["impact"] in ("serious", "critical")
            ]
    context.close()
    assert found == []
