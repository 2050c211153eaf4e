"""Every page of the web UI in Chromium, on a desktop (1280x800) and a phone (375x812)
screen (the first in the light colour scheme, the second in the dark one), over the
demo workspace: axe-core finds no serious or critical problem, the
browser reports no error (console, script, a 4xx/5xx answer), there is one <h1> and
nothing scrolls sideways. With COFFEECHAT_SCREENSHOTS=1 (`make screenshots`) each page
is also photographed for the docs (docs/screenshots/NAME-SIZE.png).

A new page joins the walk with one line in PAGES (top-level pages come in through
templating.NAVIGATION by themselves)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from coffeechat.web.templating import NAVIGATION
from conftest import BLOCKING, VIEWPORTS, Served, axe_report, axe_violations, watch

pytestmark = [pytest.mark.browser]


def _slug(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")


#: Every page: (name, path). The name names the screenshot; ``{contact}`` and
#: ``{company}`` in a path are the ids of a demo contact (Priya Natarajan, whose page is
#: the fullest) and company (Lumen Health): see Served.ids in conftest.
PAGES: tuple[tuple[str, str], ...] = (
    *((_slug(label), href) for href, label in NAVIGATION),
    ("contact", "/contacts/{contact}"),
    ("schedule", "/contacts/{contact}/schedule"),
    ("chat", "/contacts/{contact}/chat"),
    ("recap", "/contacts/{contact}/recap"),
    ("message", "/contacts/{contact}/messages/thank-you"),
    ("welcome", "/welcome"),
    ("not-found", "/no-such-page"),
)
assert len({name for name, _ in PAGES}) == len(PAGES), "two pages share a name in PAGES"
#: Pages seen by someone not signed in.
SIGNED_OUT = frozenset({"welcome"})
#: Pages that answer with an error status on purpose.
STATUS = {"not-found": 404}
#: The colour scheme of each size: both schemes are checked (contrast above all) for
#: the price of one walk, and the docs show both.
SCHEMES = {"desktop": "light", "phone": "dark"}


@pytest.fixture(scope="module")
def contexts(module_browser: Any, served_demo: Served) -> Iterator[Callable[[str, bool], Any]]:
    """``contexts("phone", signed_in=True)``: one browser context per screen size and
    sign-in state for the whole module (signing in once each), closed at its end."""
    made: dict[tuple[str, bool], Any] = {}

    def get(size: str, signed_in: bool) -> Any:
        if (size, signed_in) not in made:
            context = module_browser.new_context(
                viewport=VIEWPORTS[size], color_scheme=SCHEMES[size], reduced_motion="reduce"
            )
            if signed_in:
                page = context.new_page()
                page.goto(served_demo.login_url())
                assert page.locator("nav[aria-label=Pages]").count() == 1, "not signed in"
                page.close()
            made[size, signed_in] = context
        return made[size, signed_in]

    yield get
    for context in made.values():
        context.close()


@pytest.mark.parametrize("size", list(VIEWPORTS))
@pytest.mark.parametrize(("name", "path"), PAGES, ids=[name for name, _ in PAGES])
def test_page_is_accessible_and_error_free(
    name: str,
    path: str,
    size: str,
    contexts: Callable[[str, bool], Any],
    served_demo: Served,
    screenshot: Callable[[Any, str, str], Any],
) -> None:
    page = contexts(size, name not in SIGNED_OUT).new_page()
    try:
        problems = watch(page)
        url = served_demo.base + path.format(**served_demo.ids)
        response = page.goto(url)
        page.wait_for_load_state("load")
        expected = STATUS.get(name, 200)
        assert response is not None and response.status == expected, (url, response)
        if expected >= 400:  # the page's own answer is meant: not a problem
            problems[:] = [p for p in problems if p[1] != url]
        assert page.locator("h1").count() == 1, "a page has one <h1>"

        violations = axe_violations(page)
        blocking = [v for v in violations if v["impact"] in BLOCKING]
        if blocking:
            pytest.fail(f"axe on {name} ({size}, {url}):\n{axe_report(blocking)}", pytrace=False)

        width = VIEWPORTS[size]["width"]
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"{name} scrolls sideways at {width} px ({scroll} px wide)"
        assert problems == [], f"{name} ({size}): " + "; ".join(p[0] for p in problems)
        screenshot(page, name, size)
    finally:
        page.close()


def test_the_walk_sees_what_it_looks_for(
    contexts: Callable[[str, bool], Any], served_demo: Served
) -> None:
    """The checks above are alive: a field without a label, text too faint to read, a
    console error, a script error and a missing file are each seen."""
    page = contexts("desktop", True).new_page()
    try:
        problems = watch(page)
        page.goto(served_demo.base + "/")
        page.evaluate(
            """() => {
                const main = document.querySelector("main");
                main.append(document.createElement("input"));
                const faint = document.createElement("p");
                faint.textContent = "faint";
                faint.style.color = "#eeeeee";
                main.append(faint);
                console.error("boom");
                setTimeout(() => { throw new Error("thrown"); });
                return fetch("/static/no-such-file.css");
            }"""
        )
        page.wait_for_timeout(100)
        found = {v["id"]: v["impact"] for v in axe_violations(page)}
        assert found.get("label") == "critical", found
        assert found.get("color-contrast") == "serious", found
        assert "label (critical)" in axe_report(axe_violations(page))
        seen = " ".join(p[0] for p in problems)
        assert "console: boom" in seen and "thrown" in seen, seen
        assert "HTTP 404" in seen and "no-such-file.css" in seen, seen
    finally:
        page.close()
