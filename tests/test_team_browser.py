"""The team server's whole review loop in a real browser (Debian's Chromium driven by
Playwright), against ``coffeechat serve --team`` on the ``database_url`` fixture's
database (SQLite, and PostgreSQL when it is set): a coach makes a cohort and reads its
invite link; a seeker (on a phone's screen) joins by the link, submits a recap; the
coach comments on a topic and asks for changes; the seeker replies, edits the recap and
submits again; the coach sees version 2 and what changed, and approves; the dashboard
and its CSV show the seeker; and the digest worker (``coffeechat worker``, run as a
process: one round of its job queue on PostgreSQL, ``--once`` on SQLite) mails both of
them at an ``aiosmtpd`` server of the test (the coach's digest: no word of the seeker's
notes)."""

from __future__ import annotations

import contextlib
import csv
import io
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

from coffeechat.config import Settings
from coffeechat.service.accounts import Accounts
from coffeechat.service.digests import URL_ENV
from conftest import NOW, _free_port, axe_blocking, make_settings, watch, worker_process
from test_send import _serve

pytestmark = [pytest.mark.browser]

PASSWORD = "correct horse battery"
NOTE = "She hinted at a reorg in the data team"
REFLECTION = "I should ask about the data team's hiring."
BETTER = "Next time I will ask how the data team hires from support."
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 800}


@contextlib.contextmanager
def serving_team(
    home: Path, database_url: str, now: str = NOW, smtp_port: int | None = None
) -> Iterator[str]:
    """``coffeechat serve --team`` on ``database_url``, on a free loopback port, its clock
    fixed at ``now``, until the block ends; yields its address once it answers. Its mail
    server: the one at ``smtp_port`` of 127.0.0.1, or none."""
    port = _free_port()
    env = {**os.environ, "COFFEECHAT_HOME": str(home), "COFFEECHAT_NOW": now}
    env["COFFEECHAT_DATABASE_URL"] = database_url
    env["PYTHONPATH"] = os.pathsep.join([str(Path(__file__).parent.parent / "src"), *sys.path])
    for name in [n for n in env if n.startswith("COFFEECHAT_SMTP_") or n == URL_ENV]:
        del env[name]
    if smtp_port is not None:
        env["COFFEECHAT_SMTP_HOST"] = "127.0.0.1"
        env["COFFEECHAT_SMTP_PORT"] = str(smtp_port)
        env["COFFEECHAT_SMTP_SECURITY"] = "none"
        env["COFFEECHAT_SMTP_FROM"] = "coffeechat@bootcamp.example"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "coffeechat",
            "serve",
            "--team",
            "--no-browser",
            "--port",
            str(port),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert server.stdout is not None
        said = []
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = server.stdout.readline()
            said.append(line)
            if "is at http" in line or not line:
                break
        assert any("is at http" in s for s in said), "".join(said)
        while time.monotonic() < deadline:  # until it answers
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)
        if server.stdout is not None:
            server.stdout.close()


def run_worker(team: Settings, smtp_port: int, *options: str) -> subprocess.CompletedProcess[str]:
    """``coffeechat worker OPTIONS`` on the team's database, its clock fixed at NOW, its
    mail server the one at ``smtp_port`` of 127.0.0.1."""
    assert team.database_url
    return worker_process(team.home, team.database_url, NOW, smtp_port, *options)


@pytest.fixture
def team(database_url: str, tmp_path: Path, quick_passwords: None) -> Settings:
    """Cy (a coach) and Ada (a seeker), both in New York. Ada has two contacts she met
    this week: Grace (a note, a takeaway and a recap) and Alan (a recap)."""
    made = make_settings(tmp_path / "ws", database_url)
    with Accounts.open(made) as accounts:
        ada = accounts.create_user("ada@example.org", "Ada Lovelace", "seeker", PASSWORD)
        cy = accounts.create_user("cy@example.org", "Cy Diaz", "coach", PASSWORD)
        accounts.workspace_for(cy.id).update_settings(timezone="America/New_York")
        workspace = accounts.workspace_for(ada.id)
        workspace.update_settings(timezone="America/New_York")
        for name in ("Grace Hopper", "Alan Turing"):
            workspace.add_contact(name=name, company="Analytical Engines")
            workspace.log(name, "meeting", at="2026-11-25T10:00")
        workspace.add_note("Grace Hopper", NOTE, topic="journey")
        workspace.add_takeaway("Grace Hopper", "insight", "Data teams hire from support")
        workspace.write_recap("Grace Hopper", reflection=REFLECTION)
        workspace.write_recap("Alan Turing", reflection="Ask him about compilers.")
    return made


def sign_in(browser: Any, base: str, email: str, viewport: dict[str, int]) -> tuple[Any, Any]:
    """A new browser context signed in as ``email``: (its page, the problems it meets)."""
    page = browser.new_context(viewport=viewport, accept_downloads=True).new_page()
    problems = watch(page)
    page.goto(f"{base}/welcome")
    heading(page, "Sign in to coffeechat")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")
    return page, problems


def heading(page: Any, text: str) -> None:
    """The page has one <h1>, and it says ``text`` (waiting for the page to come)."""
    from playwright.sync_api import expect

    expect(page.locator("h1")).to_have_text(text)
    expect(page.locator("h1")).to_have_count(1)


def fits(page: Any, width: int) -> None:
    """Nothing makes the page scroll sideways."""
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


def contact_id(settings: Settings, email: str, name: str) -> int:
    with Accounts.open(settings) as accounts:
        user = accounts.user_by_email(email)
        found = accounts.workspace_for(user.id).show_contact(name)
        return int(found.contact.id)


def test_a_recap_goes_round_the_review_loop_and_the_digests_arrive(
    team: Settings, module_browser: Any, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    grace = contact_id(team, "ada@example.org", "Grace Hopper")
    alan = contact_id(team, "ada@example.org", "Alan Turing")
    assert team.database_url
    with serving_team(team.home, team.database_url) as base:
        # the coach makes a cohort and reads its invite link
        coach, coach_problems = sign_in(module_browser, base, "cy@example.org", DESKTOP)
        coach.get_by_role("link", name="Cohorts", exact=True).click()
        coach.wait_for_url(f"{base}/cohorts")
        heading(coach, "Cohorts")
        coach.get_by_label("Name").fill("Spring 2027")
        coach.get_by_label("Weekly goal").fill("2")
        coach.get_by_role("button", name="Make the cohort").click()
        heading(coach, "Spring 2027")
        dashboard = coach.url
        invite = coach.locator('main a[href*="/join/"]').get_attribute("href")
        assert invite and invite.startswith(f"{base}/join/")

        # the seeker, on a phone, opens the link and joins
        seeker, seeker_problems = sign_in(module_browser, base, "ada@example.org", PHONE)
        seeker.goto(invite)
        heading(seeker, "Join Spring 2027")
        expect(seeker.locator("main")).to_contain_text("Cy Diaz invites you to Spring 2027")
        fits(seeker, 375)
        seeker.get_by_role("button", name="Join Spring 2027").click()
        seeker.wait_for_url(re.compile(r"/(sharing|cohorts)"))

        # ... and submits Grace's recap to the coach
        seeker.goto(f"{base}/contacts/{grace}/recap")
        heading(seeker, "Recap: Grace Hopper")
        fits(seeker, 375)
        seeker.get_by_role("button", name="Submit to coach").click()
        seeker.wait_for_url(re.compile(r"/submissions/\d+"))
        submission = seeker.url
        heading(seeker, "Submitted recap: Conversation with Grace Hopper")
        expect(seeker.locator(".status")).to_have_text("Waiting for review")
        fits(seeker, 375)

        # the coach opens the review queue, the submission, comments on a topic and
        # asks for changes
        coach.get_by_role("link", name="Review", exact=True).click()
        coach.wait_for_url(f"{base}/submissions")
        heading(coach, "Recaps to review")
        coach.get_by_role("link", name=re.compile("Grace Hopper")).first.click()
        coach.wait_for_url(submission)
        heading(coach, "Submitted recap: Conversation with Grace Hopper")
        assert not (found := axe_blocking(coach)), found
        expect(coach.locator(".submitted-recap")).to_contain_text(REFLECTION)
        coach.get_by_label("On", exact=True).select_option(value="reflection")
        coach.get_by_label("Comment", exact=True).fill("Say what you will ask next time.")
        coach.get_by_role("button", name="Add the comment").click()
        expect(coach.locator(".comments")).to_contain_text("Say what you will ask next time.")
        expect(coach.locator(".comments")).to_contain_text("about “Reflection”")
        coach.get_by_role("button", name="Request changes").click()
        expect(coach.locator(".status")).to_have_text("Changes requested")

        # the seeker sees the comment, replies, edits the recap and submits again
        seeker.goto(submission)
        expect(seeker.locator(".status")).to_have_text("Changes requested")
        comment = seeker.locator(".comments li.comment").first
        expect(comment).to_contain_text("Say what you will ask next time.")
        comment.locator("summary").click()
        comment.get_by_label("Your reply").fill("Done: see version 2.")
        comment.get_by_role("button", name="Reply").click()
        expect(seeker.locator(".comments")).to_contain_text("Done: see version 2.")
        fits(seeker, 375)
        seeker.goto(f"{base}/contacts/{grace}/recap")
        seeker.get_by_label("My reflection").fill(BETTER)
        seeker.get_by_role("button", name="Save the recap").click()
        preview = seeker.frame_locator(".recap-preview iframe").locator("body")
        expect(preview).to_contain_text(BETTER)
        seeker.get_by_role("button", name="Submit to coach").click()
        seeker.wait_for_url(re.compile(r"/submissions/\d+"))
        assert seeker.url.split("?")[0] == submission  # the same submission, version 2
        expect(seeker.locator(".status")).to_have_text("Resubmitted, waiting for review")

        # the coach sees version 2 and what changed, and approves
        coach.goto(submission)
        changes = coach.locator(".diff")
        expect(changes.locator("li.added")).to_contain_text(BETTER)
        expect(changes.locator("li.removed")).to_contain_text(REFLECTION)
        coach.get_by_role("button", name="Approve").click()
        expect(coach.locator(".status")).to_have_text("Approved")

        # a second recap, left waiting for the coach's digest
        seeker.goto(f"{base}/contacts/{alan}/recap")
        seeker.get_by_role("button", name="Submit to coach").click()
        seeker.wait_for_url(re.compile(r"/submissions/\d+"))

        # the sharing page shows the seeker what the coach sees
        seeker.goto(f"{base}/sharing")
        heading(seeker, "Sharing")
        expect(seeker.locator("table.cohort-rows")).to_contain_text("Ada Lovelace")
        fits(seeker, 375)
        assert not (found := axe_blocking(seeker)), found

        # the dashboard: this week, 2 conversations of 2, 3 recap versions submitted
        coach.goto(dashboard)
        heading(coach, "Spring 2027")
        row = coach.locator("table.cohort-rows tbody tr").filter(has_text="Ada Lovelace")
        cells = row.locator("td")
        expect(cells.nth(0)).to_contain_text("2 of 2")
        expect(cells.nth(3)).to_have_text("3")  # recaps submitted
        assert NOTE not in coach.content() and "Grace Hopper" not in coach.content()
        assert not (found := axe_blocking(coach)), found
        with coach.expect_download() as download:
            coach.get_by_role("link", name="Download the report (CSV)").click()
        report = Path(download.value.path()).read_text(encoding="utf-8")
        lines = list(csv.DictReader(io.StringIO(report)))
        ada = [r for r in lines if r["email"] == "ada@example.org"]
        assert len(ada) == 5 and ada[-1]["week"] == "2026-W48"
        assert (ada[-1]["conversations"], ada[-1]["recaps_submitted"]) == ("2", "3")
        assert ada[-1]["goal_met"] == "yes"

        # the coach's pages on a phone: nothing scrolls sideways but the tables, in
        # their own region
        coach.set_viewport_size(PHONE)
        for url in (f"{base}/cohorts", dashboard, f"{base}/submissions", submission):
            coach.goto(url)
            fits(coach, 375)

        assert coach_problems == [] and seeker_problems == []

    # the digest worker, as an admin runs it (`coffeechat worker`, a process of its own),
    # at 09:00 in New York (their hour: 08:00): on PostgreSQL one round of its job queue
    # (--until-idle), on SQLite one pass without it (--once, as from cron)
    for server in _serve():
        bounded = "--once" if team.database_url.startswith("sqlite") else "--until-idle"
        done = run_worker(team, server.port, bounded, "--url", "https://coffee.bootcamp.example")
        assert done.returncode == 0, done.stdout + done.stderr
        assert "2 digests sent" in done.stderr and " 0 failed" in done.stderr, done.stderr
        assert NOTE not in done.stdout + done.stderr  # never a message body in its output
        mailed = {m.rcpt_tos[0]: m.message for m in server.handler.messages}
        assert sorted(mailed) == ["ada@example.org", "cy@example.org"]
        seeker_digest = mailed["ada@example.org"].get_content()
        assert "Hello Ada," in seeker_digest
        assert "Grace Hopper" in seeker_digest and "Alan Turing" in seeker_digest
        coach_digest = mailed["cy@example.org"].get_content()
        assert mailed["cy@example.org"]["Subject"].startswith("coffeechat: 1 recap")
        assert "Alan Turing" in coach_digest and "Ada Lovelace" in coach_digest
        assert re.search(r"https://coffee\.bootcamp\.example/submissions/\d+", coach_digest)
        for private in (NOTE, "Data teams hire from support", "Grace Hopper"):
            assert private not in coach_digest


def test_a_forgotten_password_is_reset_by_a_mailed_link(
    team: Settings, module_browser: Any
) -> None:
    """ "Forgot your password?" on a phone: the link arrives at the mail server, opens
    the page that sets a new password, and the new one signs in."""
    from playwright.sync_api import expect

    assert team.database_url
    for smtp in _serve():
        with serving_team(team.home, team.database_url, smtp_port=smtp.port) as base:
            page = module_browser.new_context(viewport=PHONE).new_page()
            problems = watch(page)
            page.goto(f"{base}/welcome")
            page.get_by_role("link", name="Forgot your password?").click()
            page.wait_for_url(f"{base}/forgot")
            heading(page, "Forgot your password?")
            fits(page, 375)
            assert not (found := axe_blocking(page)), found
            page.get_by_label("E-mail").fill("ada@example.org")
            page.get_by_role("button", name="Mail me a link").click()
            heading(page, "Check your e-mail")
            expect(page.locator("main")).to_contain_text("If an account has this address")
            deadline = time.monotonic() + 10  # the mail goes out after the answer
            while not smtp.handler.messages and time.monotonic() < deadline:
                time.sleep(0.05)
            [mailed] = smtp.handler.messages
            assert mailed.rcpt_tos == ["ada@example.org"]
            link = re.search(r"http://\S+/reset/\S+", mailed.message.get_content())
            assert link and link[0].startswith(f"{base}/reset/")
            page.goto(link[0])
            heading(page, "Choose a new password")
            page.get_by_label("New password").fill("a brand new phrase")
            page.get_by_label("The same again").fill("a brand new phrase")
            page.get_by_role("button", name="Set the password").click()
            heading(page, "Your new password is set")
            page.get_by_role("link", name="Sign in").click()
            page.get_by_label("E-mail").fill("ada@example.org")
            page.get_by_label("Password").fill("a brand new phrase")
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_url(f"{base}/")
            assert problems == []
