"""Recap review on the team server (service/review.py, the API under /api/v1/submissions
and the pages under /submissions), on SQLite and PostgreSQL: a seeker submits a recap to
the coach of their cohort, resubmits (a new version, and what changed), the coach and
the seeker comment in threads, only the coach reviews, the queue waits in business
days, and no one else sees any of it (404, the same as an unknown id)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from coffeechat.config import Settings
from coffeechat.core import review as rules
from coffeechat.service.accounts import Accounts
from conftest import NOW_DT, WEB_BASE, make_settings
from test_web_team import PASSWORD, Browser, bearer, team_app

SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def settings(database_url: str, tmp_path: Path, quick_passwords: None) -> Settings:
    """Ada and Bo (seekers) in "Spring 2027", coached by Cy; Dee coaches "Fall 2027",
    with Eve (a seeker) in it; Al is an admin. Ada has a contact, Grace, with a recap."""
    made = make_settings(tmp_path / "ws", database_url)
    with Accounts.open(made) as accounts:
        for email, name, role in (
            ("ada@example.org", "Ada Lovelace", "seeker"),
            ("bo@example.org", "Bo Chen", "seeker"),
            ("eve@example.org", "Eve Moss", "seeker"),
            ("cy@example.org", "Cy Diaz", "coach"),
            ("dee@example.org", "Dee Ray", "coach"),
            ("al@example.org", "Al Admin", "admin"),
        ):
            accounts.create_user(email, name, role, PASSWORD)
        accounts.cohort_create("Spring 2027", "cy@example.org")
        accounts.cohort_create("Fall 2027", "dee@example.org")
        accounts.cohort_add("Spring 2027", "ada@example.org")
        accounts.cohort_add("Spring 2027", "bo@example.org")
        accounts.cohort_add("Fall 2027", "eve@example.org")
        ada = accounts.workspace_for(ids(accounts)["ada@example.org"])
        grace = ada.add_contact(name="Grace Hopper", company="Navy")
        ada.log(str(grace.id), "meeting", at="2026-11-20T10:00")
        ada.add_note(str(grace.id), f"Started in QA {SCRIPT}", topic="journey")
        ada.add_takeaway(str(grace.id), "insight", "Data teams hire from support")
    return made


def ids(accounts: Accounts) -> dict[str, int]:
    return {u.email: u.id for u in accounts.list_users()}


@pytest.fixture
def app(settings: Settings) -> Iterator[Any]:
    made = team_app(settings)
    yield made
    made.state.accounts.close()


class Api:
    """The API as one account (bearer token)."""

    def __init__(self, app: Any, email: str) -> None:
        self.http = TestClient(app, base_url=WEB_BASE, follow_redirects=False)
        self.headers = bearer(app.state.accounts.issue_token(email, "tests"))

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.http.get(path, headers=self.headers, **kwargs)

    def post(self, path: str, body: Any = None) -> Any:
        return self.http.post(path, json=body, headers=self.headers)


def grace_of(app: Any) -> int:
    accounts = app.state.accounts
    ada = accounts.workspace_for(ids(accounts)["ada@example.org"])
    return int(ada.list_contacts()[0].id)


def submit(api: Api, contact: int, body: Any = None) -> dict[str, Any]:
    made = api.post(f"/api/v1/contacts/{contact}/submissions", body)
    assert made.status_code == 201, made.text
    return made.json()["submission"]  # type: ignore[no-any-return]


def audit(app: Any, action: str) -> list[tuple[Any, ...]]:
    with app.state.accounts.reading() as conn:
        rows = conn.execute(
            text("SELECT actor_id, target, detail FROM audit_log WHERE action = :a ORDER BY id"),
            {"a": action},
        )
        return [tuple(r) for r in rows]


# --- submitting ---------------------------------------------------------------------------


def test_a_seeker_submits_a_recap_and_the_coach_reads_it(app: Any) -> None:
    ada, cy = Api(app, "ada@example.org"), Api(app, "cy@example.org")
    grace = grace_of(app)
    made = submit(ada, grace)
    assert made == {"id": made["id"], "status": "submitted", "version": 1}
    mine = ada.get("/api/v1/submissions").json()["submissions"]
    assert [(s["id"], s["status"], s["contact_id"]) for s in mine] == [
        (made["id"], "submitted", grace)
    ]
    assert mine[0]["cohort"]["name"] == "Spring 2027"
    assert mine[0]["title"].startswith("Conversation with Grace Hopper")
    queue = cy.get("/api/v1/submissions").json()["submissions"]
    assert [s["id"] for s in queue] == [made["id"]]
    assert queue[0]["seeker"] == {"name": "Ada Lovelace", "email": "ada@example.org"}
    assert queue[0]["contact_id"] is None  # the seeker's own ids are not the coach's
    assert queue[0]["waiting_business_days"] == 0 and queue[0]["overdue"] is False
    opened = cy.get(f"/api/v1/submissions/{made['id']}")
    assert opened.status_code == 200, opened.text
    body = opened.json()
    assert body["recap"]["recap"]["who"]["name"] == "Grace Hopper"
    assert body["recap"]["contact"]["name"] == "Grace Hopper"
    assert f"Started in QA {SCRIPT}" in body["markdown"]
    assert body["comments"] == [] and body["changes"] is None
    assert [v["version"] for v in body["versions"]] == [1]
    assert audit(app, "submission.submit")[0][1:] == (
        "ada@example.org",
        f"submission={made['id']} version=1 cohort=Spring 2027",
    )


def test_the_coach_reads_the_snapshot_not_the_workspace(app: Any) -> None:
    """What the seeker writes after submitting stays theirs until they submit again."""
    ada, cy = Api(app, "ada@example.org"), Api(app, "cy@example.org")
    grace = grace_of(app)
    made = submit(ada, grace)
    accounts = app.state.accounts
    workspace = accounts.workspace_for(ids(accounts)["ada@example.org"])
    workspace.add_note(str(grace), "A private second thought", topic="balance")
    workspace.edit_contact(str(grace), name="Grace B. Hopper")
    body = cy.get(f"/api/v1/submissions/{made['id']}").json()
    assert "private second thought" not in body["markdown"]
    assert "Grace B. Hopper" not in str(body)


def test_resubmitting_makes_a_new_version_and_shows_what_changed(app: Any) -> None:
    ada, cy = Api(app, "ada@example.org"), Api(app, "cy@example.org")
    grace = grace_of(app)
    first = submit(ada, grace)
    accounts = app.state.accounts
    workspace = accounts.workspace_for(ids(accounts)["ada@example.org"])
    workspace.add_takeaway(str(grace), "introduction", "She will introduce me to Linus")
    second = submit(ada, grace)
    assert second == {"id": first["id"], "status": "resubmitted", "version": 2}
    body = cy.get(f"/api/v1/submissions/{first['id']}").json()
    assert body["version"] == 2 and [v["version"] for v in body["versions"]] == [1, 2]
    added = [c["text"] for c in body["changes"] if c["kind"] == "added"]
    assert any("She will introduce me to Linus" in line for line in added)
    assert not any(
        "introduce me to Linus" in c["text"] for c in body["changes"] if c["kind"] == "removed"
    )
    old = cy.get(f"/api/v1/submissions/{first['id']}", params={"version": 1}).json()
    assert old["version"] == 1 and old["changes"] is None
    assert "Linus" not in old["markdown"]
    # every later version is "resubmitted", whatever the review said
    for review in ("changes-requested", "approved"):
        done = cy.post(f"/api/v1/submissions/{first['id']}/status", {"status": review})
        assert done.json()["submission"]["status"] == review
        workspace.add_takeaway(str(grace), "advice", f"Answer the {review} review")
        again = submit(ada, grace)
        assert again["status"] == "resubmitted"
    assert again["version"] == 4
    missing = cy.get(f"/api/v1/submissions/{first['id']}", params={"version": 9})
    assert missing.status_code == 400 and missing.json()["error"]["field"] == "version"


def test_the_same_recap_in_two_cohorts_is_two_submissions(app: Any) -> None:
    accounts = app.state.accounts
    accounts.cohort_add("Fall 2027", "ada@example.org")
    ada = Api(app, "ada@example.org")
    grace = grace_of(app)
    refused = ada.post(f"/api/v1/contacts/{grace}/submissions")
    assert refused.status_code == 400
    error = refused.json()["error"]
    assert error["code"] == "not-in-a-cohort" and error["field"] == "cohort"
    assert "2 cohorts" in error["message"] and "Fall 2027" in error["message"]
    mine = dict((name, i) for i, name in cohorts_of(app, "ada@example.org"))
    spring, fall = mine["Spring 2027"], mine["Fall 2027"]
    one = submit(ada, grace, {"cohort": spring})
    other = submit(ada, grace, {"cohort": fall})
    assert one["id"] != other["id"] and other["version"] == 1
    dee = Api(app, "dee@example.org")
    assert [s["id"] for s in dee.get("/api/v1/submissions").json()["submissions"]] == [other["id"]]


def cohorts_of(app: Any, email: str) -> list[tuple[int, str]]:
    from coffeechat.service.review import Review

    accounts = app.state.accounts
    user = accounts.get_user(ids(accounts)[email])
    return Review.of(accounts).cohorts_of(user)


def test_a_seeker_in_no_cohort_or_naming_another_is_told(app: Any) -> None:
    accounts = app.state.accounts
    accounts.create_user("fay@example.org", "Fay Lin", "seeker", PASSWORD)
    fay_ws = accounts.workspace_for(ids(accounts)["fay@example.org"])
    contact = fay_ws.add_contact(name="Ken Thompson")
    fay_ws.add_takeaway(str(contact.id), "insight", "Unix was a side project")
    fay = Api(app, "fay@example.org")
    alone = fay.post(f"/api/v1/contacts/{contact.id}/submissions")
    assert alone.status_code == 400 and "no cohort" in alone.json()["error"]["message"]
    ada = Api(app, "ada@example.org")
    fall = next(i for i, n in cohorts_of(app, "eve@example.org") if n == "Fall 2027")
    other = ada.post(f"/api/v1/contacts/{grace_of(app)}/submissions", {"cohort": fall})
    assert other.status_code == 400
    assert "not one of your cohorts" in other.json()["error"]["message"]
    nobody = ada.post("/api/v1/contacts/999999/submissions")
    assert nobody.status_code == 404 and nobody.json()["error"]["code"] == "unknown-contact"
    with accounts.reading() as conn:
        assert conn.execute(text("SELECT count(*) FROM submission")).scalar() == 0


def test_a_recap_with_nothing_written_is_not_submitted(app: Any) -> None:
    accounts = app.state.accounts
    ws = accounts.workspace_for(ids(accounts)["ada@example.org"])
    empty = ws.add_contact(name="Linus Torvalds")
    refused = Api(app, "ada@example.org").post(f"/api/v1/contacts/{empty.id}/submissions")
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "empty-recap"


# --- comments and reviews -----------------------------------------------------------------


def test_comments_are_threaded_on_the_version_they_were_made_on(app: Any) -> None:
    ada, cy = Api(app, "ada@example.org"), Api(app, "cy@example.org")
    grace = grace_of(app)
    sid = submit(ada, grace)["id"]
    path = f"/api/v1/submissions/{sid}/comments"
    on_topic = cy.post(path, {"text": "Ask how long ramp-up took", "topic": "journey"})
    assert on_topic.status_code == 201, on_topic.text
    first = on_topic.json()["comment"]
    assert first["topic"] == "journey" and first["version"] == 1 and first["parent"] is None
    assert first["author"] == {"name": "Cy Diaz", "role": "coach"} and first["mine"] is True
    whole = cy.post(path, {"text": "A good start overall", "topic": None}).json()["comment"]
    reply = ada.post(path, {"text": "Six months, she said", "parent": first["id"]})
    assert reply.status_code == 201, reply.text
    answered = reply.json()["comment"]
    assert answered["parent"] == first["id"] and answered["topic"] == "journey"
    accounts = app.state.accounts
    workspace = accounts.workspace_for(ids(accounts)["ada@example.org"])
    workspace.add_note(str(grace), "Ramp-up took six months", topic="journey")
    submit(ada, grace)  # version 2: a new comment is on it, the old ones stay on 1
    later = ada.post(path, {"text": "Added the ramp-up", "parent": answered["id"]}).json()
    assert later["comment"]["version"] == 2
    comments = cy.get(f"/api/v1/submissions/{sid}").json()["comments"]
    assert [(c["text"], c["parent"], c["version"]) for c in comments] == [
        ("Ask how long ramp-up took", None, 1),
        ("Six months, she said", first["id"], 1),
        ("Added the ramp-up", answered["id"], 2),
        ("A good start overall", None, 1),
    ]
    assert whole["topic"] is None
    assert [c["mine"] for c in ada.get(f"/api/v1/submissions/{sid}").json()["comments"]] == [
        False,
        True,
        True,
        False,
    ]
    assert len(audit(app, "submission.comment")) == 4


def test_a_comment_is_checked(app: Any) -> None:
    ada, cy = Api(app, "ada@example.org"), Api(app, "cy@example.org")
    sid = submit(ada, grace_of(app))["id"]
    path = f"/api/v1/submissions/{sid}/comments"
    blank = cy.post(path, {"text": "   "})
    assert blank.status_code == 400 and blank.json()["error"]["field"] == "text"
    topic = cy.post(path, {"text": "Hm", "topic": "astrology"})
    assert topic.status_code == 400 and topic.json()["error"]["field"] == "topic"
    assert "journey" in topic.json()["error"]["message"]
    assert cy.post(path, {"text": "On the takeaways", "topic": "takeaways"}).status_code == 201
    stray = cy.post(path, {"text": "Hm", "parent": 999999})
    assert stray.status_code == 400 and stray.json()["error"]["field"] == "parent"
    extra = cy.post(path, {"text": "Hm", "colour": "red"})
    assert extra.status_code == 422


def test_only_the_coach_requests_changes_or_approves(app: Any) -> None:
    ada, cy = Api(app, "ada@example.org"), Api(app, "cy@example.org")
    sid = submit(ada, grace_of(app))["id"]
    path = f"/api/v1/submissions/{sid}/status"
    mine = ada.post(path, {"status": "approved"})
    assert mine.status_code == 403 and mine.json()["error"]["code"] == "not-the-coach"
    wrong = cy.post(path, {"status": "submitted"})
    assert wrong.status_code == 400 and wrong.json()["error"]["field"] == "status"
    done = cy.post(path, {"status": "changes-requested"})
    assert done.status_code == 200
    item = done.json()["submission"]
    assert item["status"] == "changes-requested" and item["reviewed_at"] is not None
    assert item["waiting_business_days"] is None
    assert cy.get("/api/v1/submissions").json()["submissions"] == []  # nothing waits
    reviewed = cy.get("/api/v1/submissions", params={"status": "changes-requested"}).json()
    assert [s["id"] for s in reviewed["submissions"]] == [sid]
    assert ada.get(f"/api/v1/submissions/{sid}").json()["submission"]["status"] == (
        "changes-requested"
    )
    assert (
        audit(app, "submission.review")[0][2]
        == f"submission={sid} version=1 status=changes-requested"
    )


# --- who sees what ------------------------------------------------------------------------


def test_no_one_else_sees_a_submission_not_even_that_it_exists(app: Any) -> None:
    ada = Api(app, "ada@example.org")
    sid = submit(ada, grace_of(app))["id"]
    unknown = ada.get(f"/api/v1/submissions/{sid + 1000}")
    assert unknown.status_code == 404
    for email in ("bo@example.org", "dee@example.org", "eve@example.org", "al@example.org"):
        other = Api(app, email)
        asked = other.get(f"/api/v1/submissions/{sid}")
        assert asked.status_code == 404, email
        assert asked.json() == {
            "error": {
                "code": "unknown-submission",
                "message": f"no submission {sid}",
                "field": None,
            }
        }
        commented = other.post(f"/api/v1/submissions/{sid}/comments", {"text": "Hello"})
        assert commented.status_code == 404, email
        reviewed = other.post(f"/api/v1/submissions/{sid}/status", {"status": "approved"})
        assert reviewed.status_code == 404, email
        assert other.get("/api/v1/submissions").json()["submissions"] == []
        browser = Browser(app)
        browser.sign_in(email)
        assert browser.http.get(f"/submissions/{sid}").status_code == 404
        csrf = browser.csrf()
        for path, form in (
            (f"/submissions/{sid}/comments", {"text": "Hello"}),
            (f"/submissions/{sid}/status", {"status": "approved"}),
        ):
            posted = browser.http.post(path, data={**form, "csrf_token": csrf})
            assert posted.status_code == 404, (email, path)
    assert Api(app, "bo@example.org").get(f"/api/v1/submissions/{sid + 1000}").json() == {
        "error": {
            "code": "unknown-submission",
            "message": f"no submission {sid + 1000}",
            "field": None,
        }
    }
    bo = Api(app, "bo@example.org")  # Ada's contact is no contact of Bo's
    assert bo.post(f"/api/v1/contacts/{grace_of(app)}/submissions").status_code == 404
    assert audit(app, "submission.open") == []
    assert audit(app, "submission.comment") == [] and audit(app, "submission.review") == []


def test_every_time_a_coach_opens_a_submission_it_is_audited(app: Any) -> None:
    ada, cy = Api(app, "ada@example.org"), Api(app, "cy@example.org")
    sid = submit(ada, grace_of(app))["id"]
    ada.get(f"/api/v1/submissions/{sid}")  # the seeker's own reading is not
    assert audit(app, "submission.open") == []
    cy.get(f"/api/v1/submissions/{sid}")
    cy.get(f"/api/v1/submissions/{sid}", params={"version": 1})
    browser = Browser(app)
    browser.sign_in("cy@example.org")
    assert browser.http.get(f"/submissions/{sid}").status_code == 200
    coach = ids(app.state.accounts)["cy@example.org"]
    assert (
        audit(app, "submission.open")
        == [(coach, "ada@example.org", f"submission={sid} version=1")] * 3
    )
    cy.get("/api/v1/submissions")  # the queue shows titles, not recaps: not an opening
    assert len(audit(app, "submission.open")) == 3


def test_review_exists_on_the_team_server_only(client: Any) -> None:
    """The local server (no --team) has no submissions: 404, as for any unknown page."""
    for method, path in (
        ("post", "/api/v1/contacts/1/submissions"),
        ("post", "/api/v1/submissions"),
        ("get", "/api/v1/submissions"),
        ("get", "/api/v1/submissions/1"),
        ("post", "/api/v1/submissions/1/comments"),
        ("post", "/api/v1/submissions/1/status"),
        ("get", "/submissions"),
        ("get", "/submissions/1"),
    ):
        answer = getattr(client, method)(path, **({"json": {}} if method == "post" else {}))
        assert answer.status_code == 404, (method, path, answer.text)


# --- the queue --------------------------------------------------------------------------


def test_the_queue_is_oldest_first_with_business_days_waited(settings: Settings) -> None:
    """Ada submits on Friday 27 November, Bo on Tuesday 1 December; on Thursday 3
    December Ada's has waited 3 business days (counted from Monday: Friday's came in
    the afternoon on the coach's clock, UTC), past the two career centres aim for."""
    early = team_app(settings, NOW_DT)
    try:
        submit(Api(early, "ada@example.org"), grace_of(early))
    finally:
        early.state.accounts.close()
    later = team_app(settings, NOW_DT + dt.timedelta(days=4))
    try:
        accounts = later.state.accounts
        bo_ws = accounts.workspace_for(ids(accounts)["bo@example.org"])
        linus = bo_ws.add_contact(name="Linus Torvalds")
        bo_ws.add_takeaway(str(linus.id), "insight", "Email patches, not pull requests")
        submit(Api(later, "bo@example.org"), linus.id)
    finally:
        later.state.accounts.close()
    thursday = team_app(settings, NOW_DT + dt.timedelta(days=6))
    try:
        queue = Api(thursday, "cy@example.org").get("/api/v1/submissions").json()["submissions"]
        assert [(s["seeker"]["name"], s["waiting_business_days"], s["overdue"]) for s in queue] == [
            ("Ada Lovelace", 3, True),
            ("Bo Chen", 1, False),
        ]
        browser = Browser(thursday)
        browser.sign_in("cy@example.org")
        page = browser.http.get("/submissions")
        assert page.status_code == 200
        assert page.text.count("<h1>") == 1 and "<h1>Recaps to review</h1>" in page.text
        assert page.text.index("Ada Lovelace") < page.text.index("Bo Chen")
        assert 'class="overdue"' in page.text and "3 business days" in page.text
        assert "over two business days" in page.text
    finally:
        thursday.state.accounts.close()


# --- a recap sent from a local workspace -------------------------------------------------------


def test_a_recap_sent_whole_is_submitted_under_its_contact_key(app: Any) -> None:
    ada, cy = Api(app, "ada@example.org"), Api(app, "cy@example.org")
    document = {"recap": {"title": "Conversation with Ken", "topics": [{"key": "journey"}]}}
    body = {
        "recap": document,
        "markdown": "# Conversation with Ken\n\n- One\n",
        "contact_key": "local-3",
    }
    first = ada.post("/api/v1/submissions", body)
    assert first.status_code == 201, first.text
    again = ada.post(
        "/api/v1/submissions", {**body, "markdown": "# Conversation with Ken\n\n- Two\n"}
    )
    assert again.json()["submission"] == {
        "id": first.json()["submission"]["id"],
        "status": "resubmitted",
        "version": 2,
    }
    other = ada.post("/api/v1/submissions", {**body, "contact_key": "local-4"})
    assert other.json()["submission"]["version"] == 1
    mine = ada.get("/api/v1/submissions").json()["submissions"]
    assert {s["contact_id"] for s in mine} == {None}
    opened = cy.get(f"/api/v1/submissions/{first.json()['submission']['id']}").json()
    assert opened["recap"] == document
    assert [(c["kind"], c["text"]) for c in opened["changes"] if c["kind"] != "same"] == [
        ("removed", "- One"),
        ("added", "- Two"),
    ]
    bad = ada.post("/api/v1/submissions", {**body, "recap": {"nothing": 1}})
    assert bad.status_code == 400 and bad.json()["error"]["field"] == "recap"
    empty = ada.post("/api/v1/submissions", {**body, "markdown": " "})
    assert empty.status_code == 400 and empty.json()["error"]["field"] == "markdown"
    keyless = ada.post("/api/v1/submissions", {**body, "contact_key": ""})
    assert keyless.status_code == 422


# --- the pages ------------------------------------------------------------------------------


def _csrf(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found
    return found[1]


def test_the_whole_review_in_the_browser(app: Any) -> None:
    """Ada submits from the recap page, Cy comments and requests changes, Ada replies
    and submits again, Cy approves: plain forms, no script."""
    grace = grace_of(app)
    ada = Browser(app)
    ada.sign_in("ada@example.org")
    recap = ada.http.get(f"/contacts/{grace}/recap")
    assert "Submit to coach" in recap.text and 'name="cohort"' in recap.text
    assert 'href="/submissions"' in recap.text  # the navigation, in team mode
    sent = ada.http.post(f"/contacts/{grace}/submissions", data={"csrf_token": _csrf(recap.text)})
    assert sent.status_code == 303
    target = sent.headers["location"]
    sid = int(target.rsplit("/", 1)[1])
    mine = ada.http.get(target)
    assert "Submitted to the coach of Spring 2027 (version 1)." in mine.text
    assert "<h1>Submitted recap: Conversation with Grace Hopper" in mine.text
    assert SCRIPT not in mine.text and "&lt;script&gt;" in mine.text
    assert "Request changes" not in mine.text  # the seeker does not review
    listing = ada.http.get("/submissions")
    assert "<h1>Your submitted recaps</h1>" in listing.text
    assert "Waiting for review" in listing.text

    cy = Browser(app)
    cy.sign_in("cy@example.org")
    assert ">Review</a>" in cy.http.get("/submissions").text
    page = cy.http.get(f"/submissions/{sid}")
    assert "Request changes" in page.text and "Approve" in page.text
    assert "From</dt><dd>Ada Lovelace (ada@example.org)" in page.text
    csrf = _csrf(page.text)
    blank = cy.http.post(f"/submissions/{sid}/comments", data={"text": " ", "csrf_token": csrf})
    assert blank.status_code == 400 and 'aria-invalid="true"' in blank.text
    said = cy.http.post(
        f"/submissions/{sid}/comments",
        data={"text": "Say what <b>ramp-up</b> meant", "topic": "journey", "csrf_token": csrf},
    )
    assert said.status_code == 303
    on_section = cy.http.post(
        f"/submissions/{sid}/comments",
        data={"text": "And what next?", "topic": "next-contact", "csrf_token": csrf},
    )
    assert on_section.status_code == 303
    # a comment names its topic as the form offers it, not by its key
    assert "about “Next contact”" in cy.http.get(f"/submissions/{sid}").text
    asked = cy.http.post(
        f"/submissions/{sid}/status", data={"status": "changes-requested", "csrf_token": csrf}
    )
    assert asked.status_code == 303

    page = ada.http.get(f"/submissions/{sid}")
    assert "Changes requested" in page.text
    assert "Say what &lt;b&gt;ramp-up&lt;/b&gt; meant" in page.text
    comment = re.search(r'id="comment-(\d+)"', page.text)
    assert comment
    replied = ada.http.post(
        f"/submissions/{sid}/comments",
        data={"text": "Six months", "parent": comment[1], "csrf_token": _csrf(page.text)},
    )
    assert replied.status_code == 303
    accounts = app.state.accounts
    ws = accounts.workspace_for(ids(accounts)["ada@example.org"])
    ws.add_note(str(grace), "Ramp-up took six months", topic="team")
    ada.http.post(f"/contacts/{grace}/submissions", data={"csrf_token": _csrf(page.text)})

    page = cy.http.get(f"/submissions/{sid}")
    assert "Resubmitted, waiting for review" in page.text
    assert "What changed since version 1" in page.text
    assert re.search(r'class="added">.*Ramp-up took six months', page.text)
    assert 'class="comment depth-1"' in page.text  # the reply, under the comment
    assert 'href="/submissions/' + str(sid) + '?version=1"' in page.text
    cy.http.post(f"/submissions/{sid}/status", data={"status": "approved", "csrf_token": csrf})
    assert "Approved" in ada.http.get("/submissions").text
    forged = ada.http.post(f"/submissions/{sid}/status", data={"status": "approved"})
    assert forged.status_code == 403  # no CSRF token
    own = ada.http.post(
        f"/submissions/{sid}/status", data={"status": "approved", "csrf_token": ada.csrf()}
    )
    assert own.status_code == 403 and "only the coach of this cohort" in own.text


def test_a_seeker_in_no_cohort_is_told_on_the_recap_page(app: Any) -> None:
    app.state.accounts.create_user("fay@example.org", "Fay Lin", "seeker", PASSWORD)
    accounts = app.state.accounts
    ws = accounts.workspace_for(ids(accounts)["fay@example.org"])
    ken = ws.add_contact(name="Ken Thompson")
    ws.add_takeaway(str(ken.id), "insight", "Unix was a side project")
    fay = Browser(app)
    fay.sign_in("fay@example.org")
    page = fay.http.get(f"/contacts/{ken.id}/recap")
    assert "You are in no cohort yet" in page.text and "Submit to coach" not in page.text


def test_the_recap_page_of_the_local_server_offers_no_submission(
    client: Any, contacts: Any
) -> None:
    made = contacts.add("Ada Lovelace")
    contacts.workspace.add_takeaway(str(made.id), "insight", "Data teams hire from support")
    page = client.get(f"/contacts/{made.id}/recap")
    assert page.status_code == 200 and "Submit to coach" not in page.text
    assert 'href="/submissions"' not in page.text


# --- the rules --------------------------------------------------------------------------------


def test_line_changes_show_added_and_removed_lines_with_context() -> None:
    old = "\n".join(f"line {n}" for n in range(1, 11))
    new = old.replace("line 5", "line five") + "\nline 11"
    changes = rules.line_changes(old, new)
    assert [(c.kind, c.text) for c in changes] == [
        ("gap", "…"),
        ("same", "line 3"),
        ("same", "line 4"),
        ("removed", "line 5"),
        ("added", "line five"),
        ("same", "line 6"),
        ("same", "line 7"),
        ("gap", "…"),
        ("same", "line 9"),
        ("same", "line 10"),
        ("added", "line 11"),
    ]
    assert rules.line_changes(old, old) == []


def test_markdown_blocks_read_a_recap_without_html() -> None:
    blocks = rules.markdown_blocks(
        "# Conversation with Grace\n\nLead line\nsecond\n\n## What I learnt\n\n"
        "### Your path (journey)\n\n- Started in \\[QA\\] <b>\n\n---\n\n_Footer._\n"
    )
    assert [(b.kind, b.text, b.key) for b in blocks] == [
        ("title", "Conversation with Grace", None),
        ("text", "Lead line second", None),
        ("section", "What I learnt", None),
        ("topic", "Your path", "journey"),
        ("item", "Started in [QA] <b>", None),
        ("rule", "", None),
        ("text", "Footer.", None),
    ]


def test_contact_keys_never_meet_the_server_s_contact_ids() -> None:
    assert rules.contact_key_id("local-3") == rules.contact_key_id("local-3") < 0
    assert rules.contact_key_id("local-3") != rules.contact_key_id("local-4")


def test_every_field_of_the_review_api_is_documented(app: Any) -> None:
    from test_docs import _documented, _in_backticks, _keys

    ada, cy = Api(app, "ada@example.org"), Api(app, "cy@example.org")
    made = ada.post(f"/api/v1/contacts/{grace_of(app)}/submissions").json()
    sid = made["submission"]["id"]
    said = cy.post(f"/api/v1/submissions/{sid}/comments", {"text": "Good"}).json()
    accounts = app.state.accounts
    workspace = accounts.workspace_for(ids(accounts)["ada@example.org"])
    workspace.add_takeaway(str(grace_of(app)), "advice", "Keep a log")
    submit(ada, grace_of(app))
    documents = [
        made,
        said,
        cy.get("/api/v1/submissions").json(),
        cy.get(f"/api/v1/submissions/{sid}").json(),
        cy.post(f"/api/v1/submissions/{sid}/status", {"status": "approved"}).json(),
    ]
    keys = set().union(*(_keys(d) for d in documents))
    assert {"waiting_business_days", "changes", "mine", "versions"} <= keys
    contract = _documented("json.md")
    missing = sorted(k for k in keys if not _in_backticks(k, contract))
    assert not missing, f"review API fields missing from docs/json.md: {missing}"


# --- issue 15 audit: gaps found in the review -------------------------------------------------


@pytest.mark.parametrize("role", ["admin", "seeker"])
def test_a_coach_whose_role_changed_no_longer_sees_their_cohort_s_recaps(
    app: Any, role: str
) -> None:
    ada = Api(app, "ada@example.org")
    sid = submit(ada, grace_of(app))["id"]
    cy = Api(app, "cy@example.org")
    assert cy.get(f"/api/v1/submissions/{sid}").status_code == 200
    app.state.accounts.set_role("cy@example.org", role)
    unknown = {
        "error": {"code": "unknown-submission", "message": f"no submission {sid}", "field": None}
    }
    opened = cy.get(f"/api/v1/submissions/{sid}")
    assert opened.status_code == 404 and opened.json() == unknown
    commented = cy.post(f"/api/v1/submissions/{sid}/comments", {"text": "Still here"})
    assert commented.status_code == 404 and commented.json() == unknown
    reviewed = cy.post(f"/api/v1/submissions/{sid}/status", {"status": "approved"})
    assert reviewed.status_code == 404 and reviewed.json() == unknown
    assert cy.get("/api/v1/submissions").json()["submissions"] == []
    browser = Browser(app)
    browser.sign_in("cy@example.org")
    page = browser.http.get(f"/submissions/{sid}")
    assert page.status_code == 404 and "Approve" not in page.text
    csrf = browser.csrf()
    for path, form in (
        (f"/submissions/{sid}/comments", {"text": "Hello"}),
        (f"/submissions/{sid}/status", {"status": "approved"}),
    ):
        assert browser.http.post(path, data={**form, "csrf_token": csrf}).status_code == 404
    assert ada.get(f"/api/v1/submissions/{sid}").json()["submission"]["status"] == "submitted"
    assert len(audit(app, "submission.open")) == 1  # only while Cy was a coach
    assert audit(app, "submission.comment") == [] and audit(app, "submission.review") == []


def test_a_body_that_is_not_json_is_a_400_naming_the_body(app: Any) -> None:
    ada = Api(app, "ada@example.org")
    headers = {**ada.headers, "Content-Type": "application/json"}
    for path in ("/api/v1/submissions", f"/api/v1/contacts/{grace_of(app)}/submissions"):
        answer = ada.http.post(path, content=b'{"recap": }', headers=headers)
        assert answer.status_code == 400, (path, answer.text)
        assert answer.json() == {
            "error": {
                "code": "invalid-json",
                "message": "the body is not valid JSON: Expecting value at line 1 column 11",
                "field": "body",
            }
        }


def test_a_body_that_is_not_json_is_a_400_on_the_local_server_too(client: Any) -> None:
    local = client.post(
        "/api/v1/contacts",
        content=b'{"name": "Ada",\n "tags": [1,}',
        headers={"Content-Type": "application/json"},
    )
    assert local.status_code == 400, local.text
    assert local.json()["error"]["field"] == "body"
    assert local.json()["error"]["message"].endswith("at line 2 column 13")


def test_a_comment_too_long_or_a_parent_past_any_id_is_a_400_naming_the_field(app: Any) -> None:
    """As docs/json.md says: a 400 naming the field, not a 422 or a 404."""
    ada, cy = Api(app, "ada@example.org"), Api(app, "cy@example.org")
    sid = submit(ada, grace_of(app))["id"]
    path = f"/api/v1/submissions/{sid}/comments"
    long = cy.post(path, {"text": "x" * (rules.COMMENT_LONGEST + 1)})
    assert long.status_code == 400, long.text
    assert long.json()["error"]["field"] == "text" and "5,000" in long.json()["error"]["message"]
    for parent in (99999999999999999999, 2**31, 0, -1):
        stray = cy.post(path, {"text": "Hm", "parent": parent})
        assert stray.status_code == 400, (parent, stray.text)
        assert stray.json()["error"]["field"] == "parent"
    assert cy.post(path, {"text": "x" * rules.COMMENT_LONGEST}).status_code == 201
    assert audit(app, "submission.comment") and len(audit(app, "submission.comment")) == 1


def _audit_actions() -> set[str]:
    """Every action the code writes in the audit log (a string given to an ``audit``)."""
    import ast

    found: set[str] = set()
    for path in (Path(__file__).parents[1] / "src" / "coffeechat").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if "audit" not in name:
                continue
            for arg in node.args:
                if isinstance(arg.value if isinstance(arg, ast.Constant) else None, str):
                    value = arg.value  # type: ignore[attr-defined]
                    if re.fullmatch(r"[a-z]+(\.[a-z-]+)+|signin", value):
                        found.add(value)
    return found


def test_every_audit_action_the_code_writes_is_documented() -> None:
    actions = _audit_actions()
    assert {"submission.submit", "submission.open", "cohort.export", "signin"} <= actions
    docs = Path(__file__).parents[1] / "docs"
    for name in ("json.md", "team.md"):
        text_ = (docs / name).read_text(encoding="utf-8")
        missing = sorted(a for a in actions if f"`{a}`" not in text_)
        assert not missing, f"audit actions missing from docs/{name}: {missing}"
    page = Path(__file__).parents[1] / "src/coffeechat/web/templates/admin/audit.html"
    intro = page.read_text(encoding="utf-8")
    for action in ("submission.submit", "submission.open", "submission.comment"):
        assert action in intro
    assert "submission.review" in intro and "cohort.export" in intro


def test_the_coach_gets_no_ids_of_the_seeker_s_workspace(app: Any) -> None:
    ada, cy = Api(app, "ada@example.org"), Api(app, "cy@example.org")
    grace = grace_of(app)
    sid = submit(ada, grace)["id"]
    theirs = cy.get(f"/api/v1/submissions/{sid}").json()
    assert theirs["recap"]["contact"] == {"id": None, "name": "Grace Hopper", "stage": "met-up"}
    assert theirs["recap"]["conversation"] is None
    assert theirs["submission"]["contact_id"] is None
    mine = ada.get(f"/api/v1/submissions/{sid}").json()
    assert mine["recap"]["contact"]["id"] == grace
    assert isinstance(mine["recap"]["conversation"], int)
    assert mine["submission"]["contact_id"] == grace
    browser = Browser(app)
    browser.sign_in("cy@example.org")
    page = browser.http.get(f"/submissions/{sid}").text
    assert f"/contacts/{grace}" not in page


def _ada(app: Any) -> Any:
    accounts = app.state.accounts
    return accounts.workspace_for(ids(accounts)["ada@example.org"])


def test_the_latest_written_recap_is_submitted_once_the_next_chat_is_scheduled(
    app: Any,
) -> None:
    """Conversation 1 is recapped, conversation 2 is scheduled (its recap empty): "the
    contact's latest recap" is conversation 1's, on the API and the web; each
    conversation is a submission of its own."""
    ada, cy = Api(app, "ada@example.org"), Api(app, "cy@example.org")
    grace = grace_of(app)
    ws = _ada(app)
    first_chat = ws.preview_recap(str(grace)).conversation_id
    second_chat = ws.confirm(str(grace), at="2026-12-10T15:00").conversation.id
    assert second_chat != first_chat
    made = submit(ada, grace)
    mine = ada.get(f"/api/v1/submissions/{made['id']}").json()
    assert mine["recap"]["conversation"] == first_chat
    assert mine["submission"]["conversation_id"] == first_chat
    assert (
        cy.get(f"/api/v1/submissions/{made['id']}").json()["submission"]["conversation_id"] is None
    )

    browser = Browser(app)
    browser.sign_in("ada@example.org")
    current = browser.http.get(f"/contacts/{grace}/recap").text
    assert "Submit to coach" not in current  # the new chat's recap is empty
    assert f'href="/contacts/{grace}/recap?conversation={first_chat}"' in current
    written = browser.http.get(f"/contacts/{grace}/recap?conversation={first_chat}").text
    assert "Submit to coach" in written
    assert f'name="conversation" value="{first_chat}"' in written
    page = browser.http.get(f"/submissions/{made['id']}").text
    assert f'href="/contacts/{grace}/recap?conversation={first_chat}"' in page

    # the second chat's recap is a submission of its own, not version 2 of the first
    ws.add_note(str(grace), "Met her team", conversation=second_chat)
    other = submit(ada, grace, {"conversation": second_chat})
    assert other["id"] != made["id"] and other["version"] == 1
    latest = ada.post(f"/api/v1/contacts/{grace}/submissions")  # now the latest written
    assert latest.status_code == 200 and latest.json()["submission"]["id"] == other["id"]
    ws.add_takeaway(str(grace), "advice", "Follow up in spring", conversation=first_chat)
    again = submit(ada, grace, {"conversation": first_chat})
    assert again == {"id": made["id"], "status": "resubmitted", "version": 2}
    body = cy.get(f"/api/v1/submissions/{made['id']}").json()
    assert not any("Met her team" in c["text"] for c in body["changes"])


def test_an_unchanged_recap_submitted_again_makes_no_version(app: Any) -> None:
    ada, cy = Api(app, "ada@example.org"), Api(app, "cy@example.org")
    grace = grace_of(app)
    made = submit(ada, grace)
    cy.post(f"/api/v1/submissions/{made['id']}/status", {"status": "changes-requested"})
    again = ada.post(f"/api/v1/contacts/{grace}/submissions")
    assert again.status_code == 200, again.text
    assert again.json() == {
        "submission": {"id": made["id"], "status": "changes-requested", "version": 1},
        "unchanged": True,
    }
    assert cy.get("/api/v1/submissions").json()["submissions"] == []  # not back in the queue
    assert len(audit(app, "submission.submit")) == 1
    browser = Browser(app)
    browser.sign_in("ada@example.org")
    recap = browser.http.get(f"/contacts/{grace}/recap")
    sent = browser.http.post(
        f"/contacts/{grace}/submissions", data={"csrf_token": _csrf(recap.text)}
    )
    assert sent.status_code == 303
    shown = browser.http.get(sent.headers["location"]).text
    assert "Nothing changed since version 1" in shown
    opened = ada.get(f"/api/v1/submissions/{made['id']}").json()
    assert [v["version"] for v in opened["versions"]] == [1]
    document = {"recap": {"title": "Conversation with Ken"}, "conversation": 4}
    body = {"recap": document, "markdown": "# Ken\n", "contact_key": "local-3"}
    assert ada.post("/api/v1/submissions", body).status_code == 201
    twice = ada.post("/api/v1/submissions", body)
    assert twice.status_code == 200 and twice.json()["unchanged"] is True
    assert twice.json()["submission"]["version"] == 1


def test_an_unchanged_recap_sent_again_on_a_later_day_makes_no_version(app: Any) -> None:
    """The recap's closing line carries the day it was rendered: the same recap sent
    again from a local workspace days later is no new version (nor back in the queue);
    a real change makes version 2."""
    ada, cy = Api(app, "ada@example.org"), Api(app, "cy@example.org")
    footer = "\n---\n\n_Written on {} with coffeechat._\n"
    markdown = "# Conversation with Ken\n\n## My reflection\n\nAsk about compilers.\n"
    document = {"recap": {"title": "Conversation with Ken"}, "conversation": 4}

    def send(text: str) -> Any:
        body = {"recap": document, "markdown": text, "contact_key": "local-3"}
        return ada.post("/api/v1/submissions", body)

    made = send(markdown + footer.format("27 November 2026"))
    assert made.status_code == 201, made.text
    cy.post(f"/api/v1/submissions/{made.json()['submission']['id']}/status", {"status": "approved"})
    again = send(markdown + footer.format("30 November 2026"))
    assert again.status_code == 200 and again.json()["unchanged"] is True, again.text
    assert again.json()["submission"] == {**made.json()["submission"], "status": "approved"}
    changed = send(markdown.replace("compilers", "compilers and tests") + footer.format("1 Dec"))
    assert changed.status_code == 201 and changed.json()["submission"]["version"] == 2


def test_a_recap_s_closing_date_alone_is_no_change() -> None:
    from coffeechat.core.review import same_recap

    old = "# Conversation with Grace\n\n---\n\n_Written on 27 November 2026 with coffeechat._\n"
    assert same_recap(old, old.replace("27 November", "29 November"))
    assert same_recap(old, old.replace("Written on 27 November 2026", "Written"))
    assert not same_recap(old, old.replace("Grace", "Grace Hopper"))
    assert not same_recap(old, old + "\nA new line\n")


def test_submissions_made_before_0019_keep_their_versions_and_comments(
    database_url: str,
) -> None:
    """0019 keys a submission by its conversation: each existing one gets the
    conversation its latest version names, and keeps its versions and comments (on
    SQLite the table is copied, and a DROP TABLE would cascade to them)."""
    from sqlalchemy import inspect

    from coffeechat.store import database

    engine = database.open_engine(database_url)
    at = dt.datetime(2026, 11, 20, 12)
    try:
        with engine.begin() as conn:
            database.upgrade(conn, "0018_digests")
            for uid, name, role in ((1, "Ada", "seeker"), (2, "Cy", "coach")):
                conn.execute(
                    text(
                        'INSERT INTO "user" (id, name, timezone, availability, weekly_goal, '
                        "created_at, login_email, role) VALUES (:i, :n, 'UTC', "
                        "'Mon-Fri 09:00-17:00', 3, :t, :e, :r)"
                    ),
                    {"i": uid, "n": name, "t": at, "e": f"{name.lower()}@x.org", "r": role},
                )
            conn.execute(
                text(
                    "INSERT INTO cohort (id, name, coach_id, weekly_goal, invite_code, "
                    "created_at) VALUES (1, 'Spring', 2, 3, 'code', :t)"
                ),
                {"t": at},
            )
            for sid, contact, document in (
                (1, 7, '{"conversation": 12, "recap": {"title": "Grace"}}'),
                (2, -5, '{"recap": {"title": "Ken"}}'),
            ):
                conn.execute(
                    text(
                        "INSERT INTO submission (id, seeker_id, cohort_id, contact_id, status, "
                        "version, created_at, submitted_at) "
                        "VALUES (:s, 1, 1, :c, 'resubmitted', 2, :t, :t)"
                    ),
                    {"s": sid, "c": contact, "t": at},
                )
                for version in (1, 2):
                    conn.execute(
                        text(
                            "INSERT INTO submission_version (submission_id, version, title, "
                            "markdown, document, submitted_at) VALUES (:s, :v, 'T', :m, :d, :t)"
                        ),
                        {"s": sid, "v": version, "m": f"# v{version}", "d": document, "t": at},
                    )
            for cid, parent in ((1, None), (2, 1)):
                conn.execute(
                    text(
                        "INSERT INTO submission_comment (id, submission_id, version, author_id, "
                        "parent_id, text, created_at) VALUES (:i, 1, 1, 2, :p, 'Hm', :t)"
                    ),
                    {"i": cid, "p": parent, "t": at},
                )
        with engine.begin() as conn:
            database.upgrade(conn)
        with engine.connect() as conn:
            rows = conn.execute(
                text("SELECT id, contact_id, conversation_id FROM submission ORDER BY id")
            ).all()
            assert [tuple(r) for r in rows] == [(1, 7, 12), (2, -5, 0)]
            versions = conn.execute(
                text("SELECT submission_id, version FROM submission_version ORDER BY 1, 2")
            ).all()
            assert [tuple(v) for v in versions] == [(1, 1), (1, 2), (2, 1), (2, 2)]
            comments = conn.execute(
                text("SELECT id, parent_id FROM submission_comment ORDER BY id")
            ).all()
            assert [tuple(c) for c in comments] == [(1, None), (2, 1)]
            keys = inspect(conn).get_unique_constraints("submission")
            assert [k["column_names"] for k in keys if k["name"] == "uq_submission_seeker_id"] == [
                ["seeker_id", "cohort_id", "contact_id", "conversation_id"]
            ]
            # another conversation of the same contact is a row of its own now
            conn.execute(
                text(
                    "INSERT INTO submission (id, seeker_id, cohort_id, contact_id, "
                    "conversation_id, status, version, created_at, submitted_at) "
                    "VALUES (3, 1, 1, 7, 13, 'submitted', 1, :t, :t)"
                ),
                {"t": at},
            )
    finally:
        engine.dispose()


def test_who_cannot_submit_is_told_why(app: Any) -> None:
    """A coach is told only seekers submit; a seeker who left is told they left (not
    "in no cohort yet"); an empty recap points to the server's pages, not to a command
    with the server's ids."""
    from coffeechat.service.cohorts import Cohorts

    accounts = app.state.accounts
    cy_ws = accounts.workspace_for(ids(accounts)["cy@example.org"])
    lin = cy_ws.add_contact(name="Lin Wu")
    cy_ws.add_takeaway(str(lin.id), "insight", "Coaches network too")
    coach = Api(app, "cy@example.org").post(f"/api/v1/contacts/{lin.id}/submissions")
    assert coach.status_code == 400, coach.text
    said = coach.json()["error"]["message"]
    assert "only job seekers submit recaps" in said and "coach" in said
    assert "no cohort yet" not in said

    eve = accounts.user_by_email("eve@example.org")
    fall = next(i for i, n in cohorts_of(app, "eve@example.org") if n == "Fall 2027")
    Cohorts(accounts).leave(eve, fall, "deactivate")
    eve_ws = accounts.workspace_for(eve.id)
    ken = eve_ws.add_contact(name="Ken Thompson")
    eve_ws.add_takeaway(str(ken.id), "insight", "Unix was a side project")
    left = Api(app, "eve@example.org").post(f"/api/v1/contacts/{ken.id}/submissions")
    assert left.status_code == 400 and left.json()["error"]["field"] == "cohort"
    assert "you left Fall 2027" in left.json()["error"]["message"]
    browser = Browser(app)
    browser.sign_in("eve@example.org")
    page = browser.http.get(f"/contacts/{ken.id}/recap").text
    assert "You left Fall 2027" in page and "Submit to coach" not in page

    empty = accounts.workspace_for(ids(accounts)["ada@example.org"]).add_contact(name="Bo Li")
    refused = Api(app, "ada@example.org").post(f"/api/v1/contacts/{empty.id}/submissions")
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "empty-recap"
    message = refused.json()["error"]["message"]
    assert f"/contacts/{empty.id}/recap" in message and "coffeechat takeaway add" not in message


def test_a_recap_sent_whole_is_checked_field_by_field(app: Any) -> None:
    """POST /api/v1/submissions checks the whole document (types, dates, lengths), names
    the field, stores nothing; a title over 300 characters is refused, not cut."""
    ada = Api(app, "ada@example.org")
    good = {
        "contact": {"id": 3, "name": "Ken", "stage": "met-up"},
        "conversation": 4,
        "first": True,
        "format": "md",
        "file": None,
        "findings": [],
        "recap": {
            "variant": "interview",
            "title": "Conversation with Ken",
            "who": {"name": "Ken", "title": None, "company": "Bell", "seniority": None},
            "met_on": "2026-11-02",
            "start": "2026-11-20T10:00:00+01:00",
            "minutes": 30,
            "topics": [{"key": "journey", "question": "How?", "notes": ["a"], "skipped": False}],
            "takeaways": [{"kind": "insight", "text": "Unix"}],
            "promises": [{"by": "me", "text": "Send it", "due": None, "done": False}],
            "introductions": [{"name": "Dennis", "company": None, "status": "offered"}],
            "next_contact": "2026-12-01",
            "written_on": "2026-11-20",
        },
    }
    body = {"markdown": "# Conversation with Ken\n", "contact_key": "local-3"}

    def sent(change: dict[str, Any], where: str = "recap") -> Any:
        document = (
            {**good, "recap": {**good["recap"], **change}}
            if where == "recap"
            else {
                **good,
                **change,
            }
        )
        return ada.post("/api/v1/submissions", {**body, "recap": document})

    for change, field in (
        ({"takeaways": 5}, "recap.recap.takeaways"),
        ({"who": "str"}, "recap.recap.who"),
        ({"start": "notadate"}, "recap.recap.start"),
        ({"met_on": "2026-13-40"}, "recap.recap.met_on"),
        ({"minutes": "thirty"}, "recap.recap.minutes"),
        ({"variant": "gossip"}, "recap.recap.variant"),
        ({"takeaways": [{"kind": "insight", "text": 7}]}, "recap.recap.takeaways[0].text"),
        ({"promises": [{"by": "us", "text": "x"}]}, "recap.recap.promises[0].by"),
        ({"reflection": "x" * (rules.TEXT_LONGEST + 1)}, "recap.recap.reflection"),
        ({"title": "T" * (rules.TITLE_LONGEST + 1)}, "recap.recap.title"),
    ):
        refused = sent(change)
        assert refused.status_code == 400, (change, refused.text)
        assert refused.json()["error"]["field"] == field, refused.text
    long_title = sent({"title": "T" * (rules.TITLE_LONGEST + 1)}).json()["error"]["message"]
    assert "at most 300 characters" in long_title
    for change, field in (
        ({"conversation": "4"}, "recap.conversation"),
        ({"first": 1}, "recap.first"),
    ):
        refused = sent(change, where="top")
        assert refused.status_code == 400 and refused.json()["error"]["field"] == field
    with app.state.accounts.reading() as conn:
        assert conn.execute(text("SELECT count(*) FROM submission")).scalar() == 0
    made = sent({})
    assert made.status_code == 201, made.text


def test_an_empty_recap_on_the_team_server_points_to_its_pages(app: Any) -> None:
    ws = _ada(app)
    empty = ws.add_contact(name="Bo Li")
    asked = Api(app, "ada@example.org").get(f"/api/v1/contacts/{empty.id}/recap")
    assert asked.status_code == 400 and asked.json()["error"]["code"] == "empty-recap"
    message = asked.json()["error"]["message"]
    assert f"/contacts/{empty.id}/recap" in message and "coffeechat " not in message


def test_an_empty_recap_on_the_local_server_keeps_the_cli_hint(client: Any) -> None:
    made = client.post("/api/v1/contacts", json={"name": "Bo Li"}).json()
    asked = client.get(f"/api/v1/contacts/{made['id']}/recap")
    assert asked.status_code == 400, asked.text
    assert f"coffeechat takeaway add {made['id']}" in asked.json()["error"]["message"]
