"""The whole journey of issue 14 in Chromium, once by mouse clicks and typing, once by
the keyboard alone, on a fresh workspace (just its owner, Sam Rivera in New York):

add a contact with the Contacts form → write the outreach on Messages, see a finding
appear and go away as the text is fixed, "I sent it" → log their reply on the Board →
propose times on the scheduling page → confirm option 1 with a video link → download the
invite and read it (the start in both zones, the link) → the meeting time passes (the
server restarts with its clock after the chat) → take notes on the chat page on a phone
(the page killed mid-sentence, then offline) → write the recap and download its PDF →
see the follow-ups on Today.

Each stage is a step function over a :class:`Journey`, whose ``mode`` says how a link,
button or field is reached: ``clicks`` clicks it, ``keyboard`` Tabs to it and presses
Enter (after the sign-in address nothing but ``keyboard.press`` and ``keyboard.type``
touches the pages; the addresses typed, as a person would, are the sign-in again once
the server restarted, the phone's tab opened on the contact's page, and the killed chat
page reopened). Tab must show the focus wherever it lands. No console error, script
error or 4xx/5xx answer on the way, and axe-core finds nothing serious or critical on
any page state reached.

A step whose page is not built yet (its address answers 404) is skipped alone, with a
warning that names it: the journey goes on without it (the outreach is then logged on
the Board instead). Once the page exists the step runs by itself; its selectors were
taken from the branches that build those pages (Messages, chat, Recap) and the journey
passed whole on a trial merge of them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import time
import warnings
import zoneinfo
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from coffeechat.service import Workspace
from conftest import NOW, OWNER, VIEWPORTS, _serving, axe_blocking, make_settings, watch
from test_web_keyboard import FOCUS_SHOWN, FOCUSED

pytestmark = [pytest.mark.browser]

MODES = ("clicks", "keyboard")
#: The most Tab presses that may lead to one element (a long page, from its top).
TAB_LIMIT = 160
#: The person the journey is about.
NAME = "Grace Hopper"
EMAIL = "grace@example.com"
COMPANY = "Foxglove Studio"
ZONE = "Europe/Berlin"
LINK = "https://meet.example.com/grace-hopper"
#: An outreach the checker finds nothing serious in, and the sentence that breaks it
#: (an attachment mentioned: the ``attachment`` rule, an error).
OUTREACH = (
    "Hi Grace, we met at the PyData meetup last week, where you spoke about data teams. "
    "Would you have 20 minutes for a call next week? "
    "I would love to hear how you moved into analytics."
)
ATTACHED = " I attached my CV."
#: What is typed on the chat page: cut mid-sentence, then while offline.
MID_SENTENCE = "Moved from QA into data after two years, then"
OFFLINE_NOTE = "Team of five, two seniors"
#: Whether the focus, if anywhere, shows (an outline or a shadow: app.css gives one).
SHOWS_FOCUS = f"(el => el === document.body || ({FOCUS_SHOWN})(el))(document.activeElement)"
REFLECTION = "I want to work on a team like hers: small, and close to the users."


class Driver:
    """One page, worked by clicks or by the keyboard alone (noting, on the way, every
    element the focus landed on without showing it)."""

    def __init__(self, page: Any, mode: str, unseen: list[str] | None = None) -> None:
        self.page = page
        self.mode = mode
        self.unseen = [] if unseen is None else unseen

    def focused(self, target: Any) -> bool:
        return bool(target.evaluate("el => el === document.activeElement"))

    def tab_to(self, target: Any, *, back: bool = False, limit: int = TAB_LIMIT) -> None:
        """Tab (or Shift+Tab) until ``target`` has the focus; fails after ``limit``
        presses, naming what it looked for and where the focus was."""
        key = "Shift+Tab" if back else "Tab"
        target.wait_for()
        for _ in range(limit):
            if self.focused(target):
                return
            self.page.keyboard.press(key)
            if not self.page.evaluate(SHOWS_FOCUS):
                self.unseen.append(f"{self.page.url}: {self.page.evaluate(FOCUSED)}")
        where = self.page.evaluate(FOCUSED)
        raise AssertionError(f"{limit} presses of {key} never reached {target}: focus on {where}")

    def activate(self, target: Any, *, back: bool = False) -> None:
        """Follow a link or press a button."""
        if self.mode == "clicks":
            target.click()
        else:
            self.tab_to(target, back=back)
            self.page.keyboard.press("Enter")

    def type_into(self, target: Any, text: str, *, back: bool = False) -> None:
        """Replace what a field holds by typing ``text`` into it."""
        if self.mode == "clicks":
            target.click()
        else:
            self.tab_to(target, back=back)
        self.page.keyboard.press("Control+a")
        self.page.keyboard.type(text)

    def choose(self, select: Any, value: str) -> None:
        """Pick an option of a <select> (arrow keys on the closed select, by keyboard)."""
        from playwright.sync_api import expect

        if self.mode == "clicks":
            select.select_option(value)
            return
        self.tab_to(select)
        values = select.evaluate("el => Array.from(el.options, o => o.value)")
        assert value in values, f"{value!r} is not one of {values}"
        for _ in range(len(values)):
            current = select.input_value()
            if current == value:
                break
            down = values.index(value) > values.index(current)
            self.page.keyboard.press("ArrowDown" if down else "ArrowUp")
        expect(select).to_have_value(value)


@dataclass
class Journey:
    """What the steps share: the browser context, the server, what was learnt on the way."""

    mode: str
    context: Any
    home: Path
    tmp: Path
    base: str = ""
    page: Any = None
    driver: Driver | None = None
    watched: list[list[tuple[str, str]]] = field(default_factory=list)
    #: What took the keyboard focus without showing it (Driver.tab_to).
    unseen: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    contact_id: int = 0
    #: The chat as the scheduling page offered it: option 1's texts for each side.
    for_you: str = ""
    for_them: str = ""
    #: When the chat confirmed ends (from the invite).
    chat_end: dt.datetime | None = None
    server: contextlib.ExitStack = field(default_factory=contextlib.ExitStack)

    @property
    def d(self) -> Driver:
        assert self.driver is not None
        return self.driver

    def serve(self, now: str = NOW) -> str:
        """(Re)start ``coffeechat serve`` on the journey's workspace, its clock at
        ``now``; returns the sign-in address."""
        self.server.close()
        url = self.server.enter_context(_serving(self.home, now))
        self.base = url.split("/login", 1)[0]
        return url

    def open_page(self, size: str = "desktop") -> Any:
        page = self.context.new_page()
        page.set_viewport_size(VIEWPORTS[size])
        page.set_default_timeout(10_000)
        self.watched.append(watch(page))
        return page

    @property
    def problems(self) -> list[tuple[str, str]]:
        """What went wrong on any page of the journey (console, script, 4xx/5xx)."""
        return [p for seen in self.watched for p in seen]

    def available(self, path: str, step: str) -> bool:
        """Whether a page exists yet (asked without navigating); a 404 skips the step."""
        status = self.context.request.get(self.base + path).status
        if status == 404:
            self.skipped.append(f"{step}: {path} answers 404 (the page is not on this branch)")
            return False
        assert status == 200, f"{step}: {path} answered {status}"
        return True

    def axe(self, what: str, page: Any = None) -> None:
        found = axe_blocking(page or self.page)
        assert not found, f"axe on {what} ({self.mode}):\n{found}"

    @property
    def contact_path(self) -> str:
        return f"/contacts/{self.contact_id}"


# --- the steps, in the journey's order ------------------------------------------------------


def sign_in(j: Journey) -> None:
    """The sign-in address `serve` printed opens Today."""
    from playwright.sync_api import expect

    url = j.serve()
    j.page = j.open_page()
    j.driver = Driver(j.page, j.mode, j.unseen)
    j.page.goto(url)
    expect(j.page.locator("h1")).to_have_text("Today")
    j.axe("Today, empty")


def add_contact(j: Journey) -> None:
    """Contacts → the add form → their page."""
    from playwright.sync_api import expect

    page = j.page
    j.d.activate(page.get_by_role("link", name="Contacts", exact=True))
    page.wait_for_url("**/contacts")
    expect(page.locator("h1")).to_have_text("Contacts")
    j.axe("Contacts")
    for label, value in (
        ("#add-name", NAME),
        ("#add-email", EMAIL),
        ("#add-company", COMPANY),
        ("#add-timezone", ZONE),
    ):
        j.d.type_into(page.locator(label), value)
    j.d.activate(page.get_by_role("button", name="Add contact"))
    page.wait_for_url(re.compile(r".*/contacts/\d+$"))
    expect(page.locator("h1")).to_have_text(NAME)
    expect(page.get_by_text(EMAIL)).to_be_visible()
    j.contact_id = int(page.url.rsplit("/", 1)[1])
    j.axe("the contact's page")


def write_outreach(j: Journey) -> None:
    """Messages: the outreach editor, a finding that comes and goes as the text is
    typed, then "I sent it" logs the outreach (guarded: the Messages page)."""
    from playwright.sync_api import expect

    if not j.available(f"{j.contact_path}/messages/outreach", "write outreach"):
        log_on_board(j, "outreach")  # the journey needs the outreach all the same
        return
    page = j.page
    # SELECTORS (as on i14-messages; check them after the merge): the contact page's
    # "Outreach" link, #body, #findings-live with a code.rule per finding, "I sent it"
    j.d.activate(page.get_by_role("link", name="Outreach", exact=True))
    page.wait_for_url(f"**{j.contact_path}/messages/outreach")
    expect(page.locator("h1")).to_contain_text(NAME)
    body = page.locator("#body")
    findings = page.locator("#findings-live")
    attachment = findings.locator("code.rule", has_text="attachment")
    j.d.type_into(body, OUTREACH + ATTACHED)
    expect(attachment).to_be_visible()  # checked as it is typed, no button pressed
    j.axe("the outreach editor with a finding")
    j.d.type_into(body, OUTREACH)  # the sentence taken out again
    expect(attachment).to_have_count(0)
    expect(findings).to_contain_text("words")
    j.d.activate(page.get_by_role("button", name="I sent it"))
    page.wait_for_url(f"**{j.contact_path}")
    expect(page.locator(".notice")).to_contain_text("Logged outreach")
    j.axe("the contact's page after I sent it")


def log_on_board(j: Journey, kind: str) -> None:
    """Board: "What happened?" on their card, Log it."""
    from playwright.sync_api import expect

    page = j.page
    j.d.activate(page.get_by_role("link", name="Board", exact=True))
    page.wait_for_url("**/board")
    card = page.locator(".card").filter(has_text=NAME)
    j.d.choose(card.get_by_label("What happened?"), kind)
    j.d.activate(card.get_by_role("button", name="Log it"))
    expect(page.locator("#board .notice")).to_contain_text(f"Logged {kind} for {NAME}")
    j.axe(f"the Board after logging {kind}")


def log_reply(j: Journey) -> None:
    """They answered: logged on the Board."""
    log_on_board(j, "reply")


def propose(j: Journey) -> None:
    """Their page → Schedule a chat → Propose times (htmx): three options in both zones."""
    from playwright.sync_api import expect

    page = j.page
    j.d.activate(page.locator(".card").filter(has_text=NAME).get_by_role("link", name=NAME))
    page.wait_for_url(f"**{j.contact_path}")
    j.d.activate(page.get_by_role("link", name=f"Schedule a chat with {NAME}"))
    page.wait_for_url(f"**{j.contact_path}/schedule")
    expect(page.locator("h1")).to_have_text(f"Schedule a chat with {NAME}")
    j.axe("the scheduling page, nothing offered")
    j.d.activate(page.get_by_role("button", name="Propose times"))
    expect(page.locator("#schedule .notice")).to_contain_text(f"3 new times for {NAME}")
    option = page.locator("article.option").filter(has_text="Option 1")
    j.for_you = option.locator(".both p", has_text="For you").inner_text()
    j.for_them = option.locator(".both p", has_text=f"For {NAME}").inner_text()
    j.axe("the scheduling page with options")


def confirm(j: Journey) -> None:
    """They chose option 1: confirmed with a video link."""
    from playwright.sync_api import expect

    page = j.page
    j.d.activate(page.get_by_role("button", name="They chose option 1"))
    page.wait_for_url("**/schedule/confirm?option=1")
    expect(page.locator("h1")).to_have_text(f"Confirm the chat with {NAME}")
    j.axe("the confirm step")
    j.d.type_into(page.get_by_label("Video call link"), LINK)
    j.d.activate(page.get_by_role("button", name="Confirm and make the invite"))
    page.wait_for_url(f"**{j.contact_path}/schedule")
    expect(page.locator(".notice")).to_contain_text(f"Scheduled: {NAME}")
    j.axe("the scheduling page, the chat set")


def download_invite(j: Journey) -> None:
    """The invite downloads; read back, it starts when option 1 said, on both sides,
    and carries the video link."""
    from icalendar import Calendar

    page = j.page
    with page.expect_download() as event:
        j.d.activate(page.get_by_role("link", name="Download the invite (.ics)"))
    saved = j.tmp / f"invite-{j.mode}.ics"
    event.value.save_as(saved)
    assert event.value.suggested_filename.endswith("-grace-hopper.ics")
    (vevent,) = Calendar.from_ical(saved.read_bytes()).walk("VEVENT")
    assert str(vevent["url"]) == LINK
    assert EMAIL in str(vevent["attendee"])
    start = vevent.decoded("dtstart")
    for zone, shown in ((OWNER["timezone"], j.for_you), (ZONE, j.for_them)):
        local = start.astimezone(zoneinfo.ZoneInfo(zone)).strftime("%a %d %b %H:%M")
        assert local in shown, f"the invite starts {local} in {zone}; option 1 said {shown!r}"
    j.chat_end = vevent.decoded("dtend")


def meeting_passes(j: Journey) -> None:
    """An hour after the chat ended: the server starts again with its clock then, and
    the same browser signs in again (the one address typed)."""
    from playwright.sync_api import expect

    assert j.chat_end is not None
    url = j.serve((j.chat_end + dt.timedelta(hours=1)).isoformat())
    j.page.goto(url)
    expect(j.page.locator("h1")).to_have_text("Today")


def chat(j: Journey) -> None:
    """On a phone (375x812): notes typed on the chat page survive the page killed
    mid-sentence, and a dropped connection (guarded: the chat page)."""
    from playwright.sync_api import expect

    path = f"{j.contact_path}/chat"
    if not j.available(path, "chat"):
        return
    # SELECTORS (as on i14-chat; check them after the merge): the contact page's link
    # to the chat, the topics' fields (.topic textarea), #save-status ("Saved", "Offline…")
    phone = j.open_page("phone")
    d = Driver(phone, j.mode, j.unseen)
    phone.goto(j.base + j.contact_path)  # the phone's own tab on their page
    d.activate(phone.get_by_role("link", name=re.compile("chat page")))
    phone.wait_for_url(f"**{path}")
    expect(phone.locator("h1")).to_contain_text(NAME)
    assert phone.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"]
    j.axe("the chat page on a phone", phone)
    first = phone.locator(".topic textarea").first
    d.type_into(first, MID_SENTENCE)
    phone.close()  # killed mid-sentence, before any save was due

    phone = j.open_page("phone")
    d = Driver(phone, j.mode, j.unseen)
    phone.goto(j.base + path)  # reopened
    first = phone.locator(".topic textarea").first
    expect(first).to_have_value(MID_SENTENCE)
    status = phone.locator("#save-status")
    expect(status).to_have_text("Saved")
    assert MID_SENTENCE in j.context.request.get(j.base + path).text(), "not on the server"

    j.context.set_offline(True)
    d.type_into(phone.locator(".topic textarea").nth(1), OFFLINE_NOTE)
    expect(status).to_contain_text("Offline")
    j.context.set_offline(False)
    expect(status).to_have_text("Saved")
    assert OFFLINE_NOTE in j.context.request.get(j.base + path).text(), "not sent once online"
    j.axe("the chat page with notes", phone)
    phone.close()


def recap(j: Journey) -> None:
    """Their page → Recap: the reflection written and saved, the PDF downloaded
    (guarded: the recap page)."""
    from playwright.sync_api import expect

    path = f"{j.contact_path}/recap"
    if not j.available(path, "recap"):
        return
    # SELECTORS (as on i14-recap; check them after the merge): the contact page's
    # "Recap" link, #recap-reflection, "Save the recap", #recap .notice, the "PDF" link
    page = j.page
    j.d.activate(page.get_by_role("link", name="Contacts", exact=True))
    page.wait_for_url("**/contacts")
    j.d.activate(page.locator("#results").get_by_role("link", name=NAME))
    page.wait_for_url(f"**{j.contact_path}")
    j.d.activate(page.get_by_role("link", name="Recap", exact=True))
    page.wait_for_url(f"**{path}")
    expect(page.locator("h1")).to_contain_text(NAME)
    j.axe("the recap page")
    j.d.type_into(page.locator("#recap-reflection"), REFLECTION)
    j.d.activate(page.get_by_role("button", name="Save the recap"))
    expect(page.locator("#recap .notice")).to_contain_text("Recap saved")
    j.axe("the recap page, saved")
    with page.expect_download() as event:
        j.d.activate(page.get_by_role("link", name="PDF", exact=True))
    assert event.value.suggested_filename.endswith(".pdf")
    assert Path(event.value.path()).read_bytes().startswith(b"%PDF")


def follow_ups_on_today(j: Journey) -> None:
    """Today after the chat: the thank-you is due (and the recap, unless written)."""
    from playwright.sync_api import expect

    page = j.page
    j.d.activate(page.get_by_role("link", name="Today", exact=True))
    page.wait_for_url(f"{j.base}/")
    items = page.locator("#agenda .item").filter(has_text=NAME)
    expect(items.filter(has_text=re.compile(r"· thank-you ·"))).to_have_count(1)
    recapped = not any(s.startswith("recap:") for s in j.skipped)
    expect(items.filter(has_text=re.compile(r"· recap ·"))).to_have_count(0 if recapped else 1)
    expect(page.get_by_role("region", name="Conversations coming up")).not_to_contain_text(NAME)
    j.axe("Today with follow-ups")


STEPS: tuple[Callable[[Journey], None], ...] = (
    sign_in,
    add_contact,
    write_outreach,
    log_reply,
    propose,
    confirm,
    download_invite,
    meeting_passes,
    chat,
    recap,
    follow_ups_on_today,
)


@pytest.fixture
def fresh_home(tmp_path: Path) -> Path:
    """A workspace with its owner and nothing else."""
    home = tmp_path / "journey"
    Workspace.create(make_settings(home), **OWNER).close()
    return home


@pytest.fixture
def journey(
    request: pytest.FixtureRequest, module_browser: Any, fresh_home: Path, tmp_path: Path
) -> Iterator[Journey]:
    context = module_browser.new_context(viewport=VIEWPORTS["desktop"], accept_downloads=True)
    j = Journey(request.param, context, fresh_home, tmp_path)
    try:
        yield j
    finally:
        context.close()
        j.server.close()


@pytest.mark.parametrize("journey", MODES, indirect=True)
@pytest.mark.filterwarnings("always:journey by .* step skipped:UserWarning")
def test_the_whole_journey(journey: Journey) -> None:
    timings = []
    for step in STEPS:
        began = time.monotonic()
        step(journey)
        timings.append(f"{step.__name__} {time.monotonic() - began:.1f}s")
    print(f"journey by {journey.mode}: " + ", ".join(timings))
    for skipped in journey.skipped:
        warnings.warn(f"journey by {journey.mode}: step skipped: {skipped}", stacklevel=1)
    assert journey.problems == [], journey.problems
    assert journey.unseen == [], f"the focus was not visible on: {journey.unseen}"
