"""Cohorts on the team server: a coach makes one and invites by link or code, seekers
join and leave (deactivate or delete), the coach's dashboard (page, API, CSV) counts
what each seeker did in their own week and zone, and the seeker's sharing page shows
exactly the coach's row. On both backends."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event as sa_event
from sqlalchemy import insert, text

from coffeechat.config import Clock, Settings
from coffeechat.core.followups import is_overdue
from coffeechat.formats.cohort_report import COLUMNS, neutral
from coffeechat.service import Workspace
from coffeechat.service.accounts import Accounts
from coffeechat.store.schema import submission, submission_comment, submission_version
from conftest import WEB_BASE
from test_web_team import PASSWORD, Browser, bearer, token_for

#: "Now" here: Sunday 29 November 2026, 12:00 UTC. In New York it is Sunday morning
#: (week 2026-W48); in Kiritimati (UTC+14), across the date line, already Monday 02:00
#: (week 2026-W49).
NOW = dt.datetime(2026, 11, 29, 12, 0, tzinfo=dt.UTC)
EARLIER = NOW - dt.timedelta(days=10)


def clocked(settings: Settings, at: dt.datetime) -> Settings:
    return Settings(settings.home, settings.database_url, Clock(at))


@pytest.fixture
def settings(workspace: Workspace, quick_passwords: None) -> Settings:
    """Seekers Ada (New York), Bo (Kiritimati), Cleo (quiet since she joined 10 days
    ago) and Fay (in no cohort); coaches Cy (Spring 2027: Ada, Bo, Cleo) and Dee (her
    own cohort); Eve, an admin."""
    made = workspace.settings  # a copy of the run's template: no migration to wait for
    with Accounts.open(clocked(made, EARLIER)) as accounts:
        for email, name, role in [
            ("ada@example.org", "Ada Lovelace", "seeker"),
            ("bo@example.org", "Bo Chen", "seeker"),
            ("cleo@example.org", "Cleo Diaz", "seeker"),
            ("fay@example.org", "Fay Wu", "seeker"),
            ("cy@example.org", "Cy Park", "coach"),
            ("dee@example.org", "Dee Okafor", "coach"),
            ("eve@example.org", "Eve Admin", "admin"),
        ]:
            accounts.create_user(email, name, role, PASSWORD)
        accounts.cohort_create("Spring 2027", "cy@example.org", 2)
        accounts.cohort_create("Autumn 2027", "dee@example.org", 3)
        accounts.cohort_add("Spring 2027", "cleo@example.org")
        ids = {u.email: u.id for u in accounts.list_users()}
        accounts.workspace_for(ids["ada@example.org"]).update_settings(timezone="America/New_York")
        accounts.workspace_for(ids["bo@example.org"]).update_settings(timezone="Pacific/Kiritimati")
        accounts.workspace_for(ids["cleo@example.org"]).update_settings(timezone="Europe/Paris")
    with Accounts.open(clocked(made, NOW)) as accounts:
        accounts.cohort_add("Spring 2027", "ada@example.org")
        accounts.cohort_add("Spring 2027", "bo@example.org")
    return made


@pytest.fixture
def app(settings: Settings) -> Iterator[Any]:
    from coffeechat.web import WebSettings, create_app

    accounts = Accounts.open(clocked(settings, NOW))
    made = create_app(WebSettings(home=settings.home, team=True), None, accounts)
    yield made
    accounts.close()


def ids_of(app: Any) -> dict[str, int]:
    return {u.email: u.id for u in app.state.accounts.list_users()}


def cohort_id(app: Any, name: str = "Spring 2027") -> int:
    with app.state.accounts.reading() as conn:
        return int(
            conn.execute(text("SELECT id FROM cohort WHERE name = :n"), {"n": name}).scalar()
        )


def signed_in(app: Any, email: str) -> Browser:
    browser = Browser(app)
    assert browser.sign_in(email).status_code == 303
    return browser


def submit(
    app: Any, seeker: str, cohort: int, status: str, at: dt.datetime, contact: int = 1
) -> int:
    """A submission as recap review writes it (its own code is another part's)."""
    with app.state.accounts.writing(record=False) as conn:
        made = conn.execute(
            insert(submission)
            .values(
                seeker_id=ids_of(app)[seeker],
                cohort_id=cohort,
                contact_id=contact,
                status=status,
                version=1,
                created_at=at,
                submitted_at=at,
            )
            .returning(submission.c.id)
        ).scalar_one()
        conn.execute(
            insert(submission_version).values(
                submission_id=made,
                version=1,
                title=f"Recap {contact}",
                markdown="# Recap",
                document="{}",
                submitted_at=at,
            )
        )
    return int(made)


@pytest.fixture
def world(app: Any) -> dict[str, Any]:
    """Real events in Ada's and Bo's own workspaces, on both sides of their week's
    boundary; a recap of Bo's waiting for review."""
    ids = ids_of(app)
    ada = app.state.accounts.workspace_for(ids["ada@example.org"])
    grace = ada.add_contact(name="Grace Hopper").id
    linus = ada.add_contact(name="Linus Torvalds").id
    kay = ada.add_contact(name="Kay Nakamura").id
    # this week (Monday 23 November, New York): two reached out to, one replied, one
    # conversation (a meeting logged twice on one day counts once)
    ada.log(str(grace), "outreach", at="2026-11-23T09:00:00-05:00")
    ada.log(str(linus), "outreach", at="2026-11-24T09:00:00-05:00")
    ada.log(str(grace), "reply", at="2026-11-24T15:00:00-05:00")
    ada.log(str(grace), "meeting", at="2026-11-26T12:00:00-05:00")
    ada.log(str(grace), "meeting", at="2026-11-26T16:00:00-05:00")
    # Sunday 22 November, 23:30 in New York (Monday in UTC): the week before
    ada.log(str(linus), "meeting", at="2026-11-22T23:30:00-05:00")
    # reached out to on 2 November, never answered: the follow-up is overdue
    ada.log(str(kay), "outreach", at="2026-11-02T09:00:00-05:00")
    bo = app.state.accounts.workspace_for(ids["bo@example.org"])
    mia = bo.add_contact(name="Mia Rossi").id
    # Monday 30 November 01:00 in Kiritimati (29 November 11:00 UTC): his week W49
    bo.log(str(mia), "meeting", at="2026-11-30T01:00:00+14:00")
    # Sunday 29 November 20:00 there (06:00 UTC): his week before, W48
    bo.log(str(mia), "reply", at="2026-11-29T19:00:00+14:00")
    bo.log(str(mia), "meeting", at="2026-11-29T20:00:00+14:00")
    cohort = cohort_id(app)
    recap = submit(app, "bo@example.org", cohort, "submitted", NOW - dt.timedelta(hours=1))
    return {"ada": ada, "bo": bo, "cohort": cohort, "bo_recap": recap}


# --- making a cohort, joining ---------------------------------------------------------------


def test_a_coach_makes_a_cohort_and_sees_its_invite(app: Any) -> None:
    cy = signed_in(app, "cy@example.org")
    made = cy.http.post(
        "/cohorts", data={"name": "Winter 2028", "goal": "4", "csrf_token": cy.csrf()}
    )
    assert made.status_code == 303
    page = cy.http.get(made.headers["location"])
    assert page.status_code == 200
    assert re.findall(r"<h1[^>]*>(.*?)</h1>", page.text) == ["Winter 2028"]
    code = app.state.accounts.cohort_list()[-1].invite_code
    assert f"{WEB_BASE}/join/{code}" in page.text and f"<code>{code}</code>" in page.text
    assert "goal of 4" in page.text
    again = cy.http.post(
        "/cohorts", data={"name": "Winter 2028", "goal": "4", "csrf_token": cy.csrf()}
    )
    assert again.status_code == 400 and "already a cohort named" in again.text
    bad = cy.http.post("/cohorts", data={"name": "X", "goal": "many", "csrf_token": cy.csrf()})
    assert bad.status_code == 400 and "whole number" in bad.text
    assert cy.http.post("/cohorts", data={"name": "No token", "goal": "2"}).status_code == 403
    with app.state.accounts.reading() as conn:
        rows = conn.execute(
            text("SELECT action, target, actor_id FROM audit_log WHERE action = 'cohort.create'")
        ).all()
    assert ("cohort.create", "Winter 2028", ids_of(app)["cy@example.org"]) in [
        tuple(r) for r in rows
    ]
    ada = signed_in(app, "ada@example.org")
    refused = ada.http.post(
        "/cohorts", data={"name": "Mine", "goal": "1", "csrf_token": ada.csrf()}
    )
    assert refused.status_code == 403


def test_a_seeker_joins_by_code_and_by_link(app: Any) -> None:
    code = {c.name: c.invite_code for c in app.state.accounts.cohort_list()}["Autumn 2027"]
    fay = signed_in(app, "fay@example.org")
    form = fay.http.get("/cohorts/join")
    assert form.status_code == 200 and 'name="code"' in form.text
    wrong = fay.http.post("/cohorts/join", data={"code": "not-a-code", "csrf_token": fay.csrf()})
    assert wrong.status_code == 400
    assert "no cohort has the invite code &#39;not-a-code&#39;" in wrong.text
    assert 'aria-invalid="true"' in wrong.text
    joined = fay.http.post("/cohorts/join", data={"code": f"  {code} ", "csrf_token": fay.csrf()})
    assert joined.status_code == 303
    assert "You joined Autumn 2027." in fay.http.get(joined.headers["location"]).text
    twice = fay.http.post("/cohorts/join", data={"code": code, "csrf_token": fay.csrf()})
    assert twice.status_code == 303
    assert "You are in Autumn 2027 already." in fay.http.get(twice.headers["location"]).text
    # by the link: Spring 2027, shown first, joined with a button (POST, with CSRF)
    spring = {c.name: c.invite_code for c in app.state.accounts.cohort_list()}["Spring 2027"]
    link = fay.http.get(f"/join/{spring}")
    assert (
        link.status_code == 200
        and "Cy Park invites you to <strong>Spring 2027</strong>" in link.text
    )
    assert fay.http.post(f"/join/{spring}").status_code == 403
    assert fay.http.post(f"/join/{spring}", data={"csrf_token": fay.csrf()}).status_code == 303
    assert fay.http.get("/join/nothing-here").status_code == 404
    mine = fay.http.get("/api/v1/cohorts").json()["cohorts"]
    assert [(c["name"], c["membership"], c["invite_code"]) for c in mine] == [
        ("Autumn 2027", "active", None),
        ("Spring 2027", "active", None),
    ]
    with app.state.accounts.reading() as conn:
        joins = conn.execute(
            text("SELECT target, detail FROM audit_log WHERE action = 'cohort.join' ORDER BY id")
        ).all()
    assert [tuple(r) for r in joins] == [
        ("fay@example.org", "Autumn 2027"),
        ("fay@example.org", "Spring 2027"),
    ]


def test_a_signed_out_invite_link_comes_back_after_signing_in(app: Any) -> None:
    code = app.state.accounts.cohort_list()[0].invite_code
    browser = Browser(app)
    first = browser.http.get(f"/join/{code}")
    assert first.status_code == 303 and first.headers["location"] == f"/welcome?next=/join/{code}"
    signed = browser.sign_in("fay@example.org", next=f"/join/{code}")
    assert signed.headers["location"] == f"/join/{code}"


def test_coaches_and_admins_do_not_join_as_seekers(app: Any) -> None:
    code = app.state.accounts.cohort_list()[0].invite_code
    for email in ("dee@example.org", "eve@example.org"):
        browser = signed_in(app, email)
        refused = browser.http.post(f"/join/{code}", data={"csrf_token": browser.csrf()})
        assert refused.status_code == 400 and "only job seekers join cohorts" in refused.text
    with app.state.accounts.reading() as conn:
        assert conn.execute(text("SELECT count(*) FROM cohort_member")).scalar() == 3


# --- the dashboard --------------------------------------------------------------------------


def seekers_of(http: Any, cohort: int, **headers: str) -> dict[str, Any]:
    found = http.get(f"/api/v1/cohorts/{cohort}/dashboard", headers=headers)
    assert found.status_code == 200, found.text
    return {s["email"]: s for s in found.json()["seekers"]}


def test_the_dashboard_counts_each_seekers_week_in_their_zone(app: Any, world: Any) -> None:
    http = TestClient(app, base_url=WEB_BASE)
    seekers = seekers_of(http, world["cohort"], **bearer(token_for(app, "cy@example.org")))
    assert list(seekers) == ["ada@example.org", "bo@example.org", "cleo@example.org"]
    ada, bo = seekers["ada@example.org"], seekers["bo@example.org"]
    assert ada["week"] == {
        "week": "2026-W48",
        "monday": "2026-11-23",
        "outreach": 2,
        "replies": 1,
        "conversations": 1,
        "goal": 2,
        "goal_met": False,
        "recaps_submitted": 0,
    }
    assert [(w["week"], w["conversations"], w["outreach"]) for w in ada["previous_weeks"]] == [
        ("2026-W44", 0, 0),
        ("2026-W45", 0, 1),  # the outreach of Monday 2 November
        ("2026-W46", 0, 0),
        ("2026-W47", 1, 0),  # Sunday 22 November, late in New York
    ]
    # across the date line, Bo's week has begun: Monday 30 November
    assert bo["week"]["week"] == "2026-W49" and bo["week"]["conversations"] == 1
    assert bo["week"]["recaps_submitted"] == 1
    assert bo["previous_weeks"][-1]["week"] == "2026-W48"
    assert bo["previous_weeks"][-1]["conversations"] == 1
    assert bo["previous_weeks"][-1]["replies"] == 1
    # the same counts as each seeker's own Today and stats
    for seeker, workspace in (("ada", world["ada"]), ("bo", world["bo"])):
        own = workspace.this_week()
        assert (own.week, own.conversations) == (
            seekers[f"{seeker}@example.org"]["week"]["week"],
            seekers[f"{seeker}@example.org"]["week"]["conversations"],
        )
    progress = world["ada"].progress()
    assert [w.conversations for w in progress.weeks[-5:]] == [0, 0, 0, 1, 1]
    assert ada["last_active"] == "2026-11-29T07:00:00-05:00"  # the events logged now
    assert ada["timezone"] == "America/New_York"


def test_what_needs_attention(app: Any, world: Any) -> None:
    http = TestClient(app, base_url=WEB_BASE)
    token = token_for(app, "cy@example.org")
    seekers = seekers_of(http, world["cohort"], **bearer(token))
    flags = {e: [a["id"] for a in s["needs_attention"]] for e, s in seekers.items()}
    # Bo's recap of Sunday's conversation was due on Sunday: on his Monday, it is late
    assert flags == {
        "ada@example.org": ["overdue-follow-ups"],
        "bo@example.org": ["overdue-follow-ups", "recap-waiting"],
        "cleo@example.org": ["inactive-7-days"],
    }
    late = {}
    for seeker in ("ada", "bo"):
        agenda = world[seeker].agenda(days=0)
        late[seeker] = [i for i in agenda.items if is_overdue(i, NOW, agenda.today)]
        assert seekers[f"{seeker}@example.org"]["overdue_follow_ups"] == len(late[seeker]) >= 1
    assert seekers["ada@example.org"]["needs_attention"][0]["message"].endswith("overdue")
    assert seekers["bo@example.org"]["needs_attention"][1]["message"] == (
        "1 recap waits for your review"
    )
    # read again, from the agenda cache now fresh: the same
    assert seekers_of(http, world["cohort"], **bearer(token)) == seekers
    # done: Ada's follow-up is no longer overdue; nothing waits once it is reviewed
    for seeker in late:
        for _ in range(10):
            agenda = world[seeker].agenda(days=0)
            items = [i for i in agenda.items if is_overdue(i, NOW, agenda.today)]
            if not items:
                break
            world[seeker].dismiss(items[0].item)
    with app.state.accounts.writing(record=False) as conn:
        conn.execute(text("UPDATE submission SET status = 'approved'"))
    again = seekers_of(http, world["cohort"], **bearer(token))
    assert again["ada@example.org"]["needs_attention"] == []
    assert again["bo@example.org"]["needs_attention"] == []


def test_the_dashboard_page_sorts_and_filters_without_javascript(app: Any, world: Any) -> None:
    cy = signed_in(app, "cy@example.org")
    cohort = world["cohort"]

    def order(query: str) -> list[str]:
        page = cy.http.get(f"/cohorts/{cohort}{query}")
        assert page.status_code == 200
        return re.findall(r'<th scope="row"><data data-field="name" value="([^"]+)"', page.text)

    assert order("") == ["Ada Lovelace", "Bo Chen", "Cleo Diaz"]
    assert order("?sort=week") == ["Cleo Diaz", "Ada Lovelace", "Bo Chen"]
    assert order("?sort=active") == ["Cleo Diaz", "Ada Lovelace", "Bo Chen"]
    assert order("?sort=attention&show=attention") == ["Bo Chen", "Ada Lovelace", "Cleo Diaz"]
    # an order or a choice it does not know: a 400 that names the allowed ones
    for query, allowed in (("?sort=nonsense", "name, week, active, attention"),
                           ("?show=some", "all, attention")):  # fmt: skip
        refused = cy.http.get(f"/cohorts/{cohort}{query}")
        assert refused.status_code == 400 and allowed in refused.text, refused.text[:300]
    page = cy.http.get(f"/cohorts/{cohort}")
    assert 'data-attention="inactive-7-days"' in page.text
    assert "Grace" not in page.text and "Kay" not in page.text  # never a contact
    assert '<a href="/cohorts" aria-current="page">Cohorts</a>' in page.text
    assert "/sharing" not in page.text  # a coach has no sharing page in the navigation


def test_only_the_coach_of_the_cohort_sees_its_dashboard(app: Any, world: Any) -> None:
    cohort = world["cohort"]
    http = TestClient(app, base_url=WEB_BASE, follow_redirects=False)
    nowhere = http.get(
        "/api/v1/cohorts/999999/dashboard", headers=bearer(token_for(app, "cy@example.org"))
    )
    assert nowhere.status_code == 404
    for email in ("dee@example.org", "ada@example.org", "fay@example.org", "eve@example.org"):
        token = token_for(app, email)
        hidden = http.get(f"/api/v1/cohorts/{cohort}/dashboard", headers=bearer(token))
        assert hidden.status_code == 404 and hidden.json() == nowhere.json(), email
        browser = signed_in(app, email)
        for path in (f"/cohorts/{cohort}", f"/cohorts/{cohort}/report.csv"):
            assert browser.http.get(path).status_code == 404, (email, path)
    lists = {
        email: [
            c["name"]
            for c in http.get("/api/v1/cohorts", headers=bearer(token_for(app, email))).json()[
                "cohorts"
            ]
        ]
        for email in ("cy@example.org", "dee@example.org", "eve@example.org", "ada@example.org")
    }
    assert lists == {
        "cy@example.org": ["Spring 2027"],
        "dee@example.org": ["Autumn 2027"],
        "eve@example.org": ["Autumn 2027", "Spring 2027"],
        "ada@example.org": ["Spring 2027"],
    }
    listed = http.get("/api/v1/cohorts", headers=bearer(token_for(app, "cy@example.org"))).json()
    assert listed["cohorts"][0]["coach"] == {"email": "cy@example.org", "name": "Cy Park"}
    assert listed["cohorts"][0]["weekly_goal"] == 2 and listed["cohorts"][0]["members"] == 3


def test_the_csv_report(app: Any, world: Any) -> None:
    ids = ids_of(app)
    app.state.accounts.workspace_for(ids["cleo@example.org"]).update_settings(
        name='=HYPERLINK("http://evil.example","x")'
    )
    cy = signed_in(app, "cy@example.org")
    got = cy.http.get(f"/cohorts/{world['cohort']}/report.csv")
    assert got.status_code == 200 and got.headers["content-type"].startswith("text/csv")
    assert 'filename="cohort-spring-2027.csv"' in got.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(got.text)))
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) == 3 * 5  # a line per seeker per week
    ada = [r for r in rows if r["email"] == "ada@example.org"]
    assert [r["week"] for r in ada] == ["2026-W44", "2026-W45", "2026-W46", "2026-W47", "2026-W48"]
    assert {
        k: ada[-1][k] for k in ("outreach", "replies", "conversations", "goal", "goal_met")
    } == {
        "outreach": "2",
        "replies": "1",
        "conversations": "1",
        "goal": "2",
        "goal_met": "no",
    }
    assert ada[-1]["needs_attention"] == "overdue-follow-ups"
    cleo = [r for r in rows if r["email"] == "cleo@example.org"]
    assert cleo[0]["name"] == '\'=HYPERLINK("http://evil.example","x")'
    assert "Grace" not in got.text and "Kay" not in got.text
    with app.state.accounts.reading() as conn:
        exports = conn.execute(
            text("SELECT actor_id, target FROM audit_log WHERE action = 'cohort.export'")
        ).all()
    assert [tuple(r) for r in exports] == [(ids["cy@example.org"], "Spring 2027")]


def test_a_week_of_a_clock_change_has_its_days_in_the_seekers_zone() -> None:
    """New York leaves summer time on Sunday 1 November 2026: that day lasts 25 hours,
    and each day still begins at a local midnight."""
    from coffeechat.core.cohorts import midnights

    cuts = midnights(dt.datetime(2026, 11, 5, 12, tzinfo=dt.UTC), "America/New_York")
    assert len(cuts) == 36 and cuts[0].date() == dt.date(2026, 10, 5)
    assert cuts[-1].date() == dt.date(2026, 11, 9)
    utc = [c.astimezone(dt.UTC) for c in cuts]
    lengths = {(b - a).total_seconds() / 3600 for a, b in itertools.pairwise(utc)}
    assert lengths == {24, 25}
    assert all(c.astimezone(dt.UTC).hour in (4, 5) for c in cuts)


def test_the_dashboards_orders() -> None:
    from coffeechat.core.cohorts import Attention, SeekerRow, WeekNumbers, sort_rows

    def row(name: str, conversations: int, active: int | None, flags: int) -> SeekerRow:
        week = WeekNumbers("2026-W48", dt.date(2026, 11, 23), 0, 0, conversations, 0, 3)
        seen = None if active is None else NOW - dt.timedelta(days=active)
        attention = tuple(Attention(f"a{n}", "x") for n in range(flags))
        return SeekerRow(0, name.lower(), name, "UTC", (week,) * 5, 0, 0, seen, attention)

    rows = [row("Bo", 2, 1, 0), row("ada", 2, None, 1), row("Cleo", 0, 3, 2)]

    def names(by: str) -> list[str]:
        return [r.name for r in sort_rows(rows, by)]

    assert names("name") == ["ada", "Bo", "Cleo"]
    assert names("week") == ["Cleo", "ada", "Bo"]
    assert names("active") == ["ada", "Cleo", "Bo"]  # never active first
    assert names("attention") == ["Cleo", "ada", "Bo"]


def test_formula_cells_are_neutralised() -> None:
    for cell in ("=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx"):
        assert neutral(cell) == "'" + cell
    assert neutral("Ada") == "Ada" and neutral(-3) == -3 and neutral("a=b") == "a=b"


# --- sharing and leaving --------------------------------------------------------------------


def row_of(page: str, email: str) -> str:
    found = re.search(r'<tr data-seeker="' + re.escape(email) + r'".*?</tr>', page, re.S)
    assert found, email
    return found[0]


def fields_of(html: str) -> dict[str, str]:
    """The values a row shows, by the name the API gives them (``data-field``)."""
    found = dict(re.findall(r'<data data-field="([^"]+)" value="([^"]*)"', html))
    found.update(re.findall(r'<time data-field="([^"]+)" datetime="([^"]*)"', html))
    if 'data-field="account_closed"' in html:
        found["account_closed"] = "True"
    ids = re.findall(r'data-attention="([^"]+)"', html)
    found["needs_attention"] = " ".join(ids)
    return found


def flat(document: dict[str, Any]) -> dict[str, str]:
    """An API row as ``fields_of`` reads a page's (the same names, as text)."""
    found: dict[str, str] = {}
    for key, value in document.items():
        if key == "needs_attention":
            found[key] = " ".join(a["id"] for a in value)
        elif isinstance(value, dict):
            found.update({f"{key}.{k}": v for k, v in flat(value).items()})
        elif isinstance(value, list):
            for n, item in enumerate(value):
                found.update({f"{key}.{n}.{k}": v for k, v in flat(item).items()})
        elif value is True or value is False:
            if key != "account_closed" or value:
                found[key] = str(value).lower() if key != "account_closed" else "True"
        elif value is not None:
            found[key] = str(value)
    return found


def test_the_sharing_page_shows_exactly_the_coachs_row(app: Any, world: Any) -> None:
    cy = signed_in(app, "cy@example.org")
    board = cy.http.get(f"/cohorts/{world['cohort']}").text
    api = seekers_of(
        TestClient(app, base_url=WEB_BASE),
        world["cohort"],
        **bearer(token_for(app, "cy@example.org")),
    )
    for email in ("ada@example.org", "bo@example.org"):
        seeker = signed_in(app, email)
        page = seeker.http.get("/sharing")
        assert page.status_code == 200
        assert re.findall(r"<h1[^>]*>(.*?)</h1>", page.text) == ["Sharing"]
        # the coach's row, but what waits for review is worded for the seeker
        mine = row_of(page.text, email)
        assert mine.replace("for Cy Park&#39;s review", "for your review") == row_of(board, email)
        # field by field, what the coach's API gives: the zone and the exact last
        # active time included
        shown = fields_of(mine)
        assert shown == flat(api[email]), email
        assert shown["timezone"] and shown["last_active"] == api[email]["last_active"]
        assert shown["last_active"] in mine
        assert '<a href="/sharing" aria-current="page">Sharing</a>' in page.text
    bo_row = row_of(signed_in(app, "bo@example.org").http.get("/sharing").text, "bo@example.org")
    assert "1 recap waits for Cy Park&#39;s review" in bo_row
    assert "for your review" not in bo_row
    bo = signed_in(app, "bo@example.org").http.get("/sharing").text
    assert "Recap 1: version 1, submitted" in bo
    assert "You are in no cohort" in signed_in(app, "fay@example.org").http.get("/sharing").text


def test_leaving_with_deactivate_keeps_the_recaps_with_the_coach(app: Any, world: Any) -> None:
    cohort = world["cohort"]
    ada = signed_in(app, "ada@example.org")
    submit(app, "ada@example.org", cohort, "approved", NOW - dt.timedelta(days=2))
    confirm = ada.http.get(f"/sharing/{cohort}/leave")
    assert confirm.status_code == 200
    assert re.findall(r"<h1[^>]*>(.*?)</h1>", confirm.text) == ["Leave Spring 2027"]
    assert ada.http.post(f"/sharing/{cohort}/leave", data={"how": "deactivate"}).status_code == 403
    live = seekers_of(
        TestClient(app, base_url=WEB_BASE), cohort, **bearer(token_for(app, "cy@example.org"))
    )["ada@example.org"]
    left = ada.http.post(
        f"/sharing/{cohort}/leave", data={"how": "deactivate", "csrf_token": ada.csrf()}
    )
    assert left.status_code == 303
    assert (
        "Your coach keeps the recaps you submitted" in ada.http.get(left.headers["location"]).text
    )
    http = TestClient(app, base_url=WEB_BASE)
    board = http.get(
        f"/api/v1/cohorts/{cohort}/dashboard", headers=bearer(token_for(app, "cy@example.org"))
    ).json()
    assert "ada@example.org" not in [s["email"] for s in board["seekers"]]
    # the coach keeps her numbers as they stood when she left: her week (she joined
    # this week), overdue follow-ups, last active
    [kept_row] = board["left"]
    assert kept_row["email"] == "ada@example.org" and kept_row["name"] == "Ada Lovelace"
    assert kept_row["recaps_submitted"] == 1
    assert kept_row["timezone"] == "America/New_York"
    assert kept_row["left_at"] == "2026-11-29T07:00:00-05:00"
    assert [
        (w["week"], w["outreach"], w["replies"], w["conversations"], w["recaps_submitted"])
        for w in kept_row["weeks"]
    ] == [("2026-W48", 2, 1, 1, 1)]
    assert kept_row["weeks"][0]["goal"] == 2 and kept_row["weeks"][0]["goal_met"] is False
    assert kept_row["overdue_follow_ups"] == live["overdue_follow_ups"] >= 1
    assert kept_row["last_active"] == live["last_active"] is not None
    # nothing she does after leaving reaches the coach
    world["ada"].log("3", "outreach", at="2026-11-29T06:30:00-05:00")
    world["ada"].log("1", "meeting", at="2026-11-29T06:40:00-05:00")
    submit(app, "ada@example.org", cohort, "submitted", NOW - dt.timedelta(minutes=5), 2)
    later = http.get(
        f"/api/v1/cohorts/{cohort}/dashboard", headers=bearer(token_for(app, "cy@example.org"))
    ).json()
    assert later["left"] == [kept_row]
    with app.state.accounts.reading() as conn:
        kept = conn.execute(
            text("SELECT count(*) FROM submission WHERE seeker_id = :s"),
            {"s": ids_of(app)["ada@example.org"]},
        ).scalar()
    assert kept == 2  # hers, and the one written after she left (never counted)
    assert [c.name for c in world["ada"].list_contacts()] == [
        "Grace Hopper",
        "Kay Nakamura",
        "Linus Torvalds",
    ]
    sharing = ada.http.get("/sharing").text
    assert "You left this cohort." in sharing and "Recap 1" in sharing
    # the sharing page shows what the coach keeps, the same numbers
    kept_html = re.search(r'<li data-seeker="ada@example.org".*?</ul>', sharing, re.S)
    assert kept_html and "Left on Sun 29 Nov 2026" in kept_html[0]
    shown = fields_of(kept_html[0])
    assert shown["weeks.0.week"] == "2026-W48" and shown["weeks.0.outreach"] == "2"
    assert shown["weeks.0.conversations"] == "1" and shown["weeks.0.recaps_submitted"] == "1"
    csv_text = signed_in(app, "cy@example.org").http.get(f"/cohorts/{cohort}/report.csv").text
    assert (
        "Spring 2027,ada@example.org,Ada Lovelace,inactive,2026-W48,2026-11-23,2,1,1,2,no,1,"
        f"{live['overdue_follow_ups']},{live['last_active']},\r\n" in csv_text
    )
    assert csv_text.count("ada@example.org") == 1
    # back in with the code: active again, her numbers with it
    code = app.state.accounts.cohort_list()[-1].invite_code
    back = ada.http.post("/cohorts/join", data={"code": code, "csrf_token": ada.csrf()})
    assert back.status_code == 303
    again = seekers_of(http, cohort, **bearer(token_for(app, "cy@example.org")))
    assert again["ada@example.org"]["week"]["outreach"] == 3  # live again
    rejoined = http.get(
        f"/api/v1/cohorts/{cohort}/dashboard", headers=bearer(token_for(app, "cy@example.org"))
    ).json()
    assert rejoined["left"] == []
    with app.state.accounts.reading() as conn:
        frozen = conn.execute(
            text("SELECT left_numbers FROM cohort_member WHERE user_id = :s"),
            {"s": ids_of(app)["ada@example.org"]},
        ).scalar()
    assert frozen is None


def test_leaving_with_delete_leaves_the_coach_nothing(app: Any, world: Any) -> None:
    cohort = world["cohort"]
    with app.state.accounts.writing(record=False) as conn:  # a thread: a comment, a reply
        parent = None
        for _ in range(2):
            parent = conn.execute(
                insert(submission_comment)
                .values(
                    submission_id=world["bo_recap"],
                    version=1,
                    parent_id=parent,
                    text="x",
                    created_at=NOW,
                )
                .returning(submission_comment.c.id)
            ).scalar_one()
    bo = signed_in(app, "bo@example.org")
    assert bo.http.get(f"/sharing/{cohort}/leave").status_code == 200
    gone = bo.http.post(f"/sharing/{cohort}/leave", data={"how": "delete", "csrf_token": bo.csrf()})
    assert gone.status_code == 303
    http = TestClient(app, base_url=WEB_BASE)
    board = http.get(
        f"/api/v1/cohorts/{cohort}/dashboard", headers=bearer(token_for(app, "cy@example.org"))
    )
    assert "bo@example.org" not in board.text and "Bo Chen" not in board.text
    csv_text = signed_in(app, "cy@example.org").http.get(f"/cohorts/{cohort}/report.csv").text
    assert "bo@example.org" not in csv_text
    with app.state.accounts.reading() as conn:
        left = conn.execute(
            text("SELECT count(*) FROM submission WHERE seeker_id = :s"),
            {"s": ids_of(app)["bo@example.org"]},
        ).scalar()
        versions = conn.execute(text("SELECT count(*) FROM submission_version")).scalar()
        comments = conn.execute(text("SELECT count(*) FROM submission_comment")).scalar()
        leaves = conn.execute(
            text("SELECT target, detail FROM audit_log WHERE action = 'cohort.leave'")
        ).all()
    assert left == 0 and versions == 0 and comments == 0
    assert [tuple(r) for r in leaves] == [("bo@example.org", "Spring 2027: delete (1 submissions)")]
    assert bo.http.get(f"/sharing/{cohort}/leave").status_code == 404
    again = bo.http.post(
        f"/sharing/{cohort}/leave", data={"how": "delete", "csrf_token": bo.csrf()}
    )
    assert again.status_code == 404
    assert [c.name for c in world["bo"].list_contacts()] == ["Mia Rossi"]


# --- the cost of a dashboard ----------------------------------------------------------------


def test_a_dashboard_of_twenty_seekers_is_a_handful_of_statements(app: Any) -> None:
    """20 seekers with 10 contacts and 30 events each: once the agenda caches are
    fresh, the dashboard reads in a few statements, not a few per seeker or contact
    (benchmarks/team_load.py measures 50 contacts each)."""
    from coffeechat.store.schema import contact, event

    accounts = app.state.accounts
    for n in range(20):
        accounts.create_user(f"s{n}@example.org", f"Seeker {n:02d}", "seeker", PASSWORD)
        accounts.cohort_add("Autumn 2027", f"s{n}@example.org")
    ids = ids_of(app)
    with accounts.writing(record=False) as conn:
        for n in range(20):
            owner = ids[f"s{n}@example.org"]
            made = (
                conn.execute(
                    insert(contact).returning(contact.c.id),
                    [
                        {
                            "owner_id": owner,
                            "name": f"P{k}",
                            "work_hours": "",
                            "created_at": EARLIER,
                        }
                        for k in range(10)
                    ],
                )
                .scalars()
                .all()
            )
            conn.execute(
                insert(event),
                [
                    {
                        "owner_id": owner,
                        "contact_id": c,
                        "kind": kind,
                        "at": NOW - dt.timedelta(days=days),
                        "zone": "UTC",
                        "created_at": NOW - dt.timedelta(days=days),
                    }
                    for c in made
                    for kind, days in (("outreach", 12), ("reply", 9), ("meeting", 2))
                ],
            )
    dee = token_for(app, "dee@example.org")
    http = TestClient(app, base_url=WEB_BASE)
    autumn = cohort_id(app, "Autumn 2027")
    first = seekers_of(http, autumn, **bearer(dee))  # derives every agenda once
    statements: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    sa_event.listen(accounts.engine, "before_cursor_execute", count)
    try:
        again = seekers_of(http, autumn, **bearer(dee))
    finally:
        sa_event.remove(accounts.engine, "before_cursor_execute", count)
    assert again == first and len(again) == 20
    week = again["s0@example.org"]["week"]
    assert (week["conversations"], week["goal"]) == (10, 3)
    reads = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(reads) <= 12, len(reads)


def test_each_page_has_one_h1_of_its_own_and_is_in_the_navigation(app: Any, world: Any) -> None:
    code = app.state.accounts.cohort_list()[-1].invite_code
    cohort = world["cohort"]
    pages = {
        "cy@example.org": ["/cohorts", f"/cohorts/{cohort}"],
        "ada@example.org": [
            "/cohorts",
            "/cohorts/join",
            f"/join/{code}",
            "/sharing",
            f"/sharing/{cohort}/leave",
        ],
    }
    titles = []
    for email, paths in pages.items():
        browser = signed_in(app, email)
        for path in paths:
            page = browser.http.get(path)
            assert page.status_code == 200, (email, path)
            found = re.findall(r"<h1[^>]*>(.*?)</h1>", page.text)
            assert len(found) == 1, path
            titles.append(found[0])
            assert '<a href="/cohorts"' in page.text
            assert ('<a href="/sharing"' in page.text) == (email == "ada@example.org")
    assert len(set(titles)) == len(titles) - 1  # "Cohorts" for the coach and the seeker
    admin = signed_in(app, "eve@example.org").http.get("/cohorts")
    assert "Autumn 2027" in admin.text and "Spring 2027" in admin.text
    assert f"/cohorts/{cohort}" not in admin.text  # no dashboard to open


# --- local mode -----------------------------------------------------------------------------


def test_no_cohorts_on_a_local_server(client: Any) -> None:
    for path in ("/cohorts", "/sharing", "/cohorts/join", "/join/abc", "/cohorts/1"):
        assert client.get(path).status_code == 404, path
    for path in ("/api/v1/cohorts", "/api/v1/cohorts/1/dashboard"):
        answer = client.get(path)
        assert answer.status_code == 404 and answer.json()["error"]["code"] == "not-found"


# --- order, input, closed accounts --------------------------------------------------------------


def test_seekers_come_by_name_whatever_its_case_in_the_api_the_csv_and_the_page(
    app: Any, world: Any
) -> None:
    """Not the database's collation (C: capitals first): the dashboard's order, by name
    whatever its case, then e-mail, in all three."""
    accounts = app.state.accounts
    accounts.create_user("zz@example.org", "aaron lower", "seeker", PASSWORD)
    accounts.create_user("aa@example.org", "Bo Chen", "seeker", PASSWORD)  # same name
    accounts.cohort_add("Spring 2027", "zz@example.org")
    accounts.cohort_add("Spring 2027", "aa@example.org")
    expected = [
        "zz@example.org",
        "ada@example.org",
        "aa@example.org",
        "bo@example.org",
        "cleo@example.org",
    ]
    http = TestClient(app, base_url=WEB_BASE)
    api = seekers_of(http, world["cohort"], **bearer(token_for(app, "cy@example.org")))
    assert list(api) == expected
    cy = signed_in(app, "cy@example.org")
    report = cy.http.get(f"/cohorts/{world['cohort']}/report.csv").text
    emails = [r["email"] for r in csv.DictReader(io.StringIO(report))]
    assert list(dict.fromkeys(emails)) == expected
    page = cy.http.get(f"/cohorts/{world['cohort']}").text
    assert re.findall(r'<tr data-seeker="([^"]+)"', page) == expected


def test_a_weekly_goal_is_at_least_one_everywhere(app: Any) -> None:
    from coffeechat.core.errors import InvalidValue

    cy = signed_in(app, "cy@example.org")
    for goal in ("0", "-1", "101"):
        refused = cy.http.post(
            "/cohorts", data={"name": f"Goal {goal}", "goal": goal, "csrf_token": cy.csrf()}
        )
        assert refused.status_code == 400, goal
        assert "between 1 and 100 conversations a week" in refused.text
        assert "example: 3" in refused.text
    with pytest.raises(InvalidValue, match="between 1 and 100"):
        app.state.accounts.cohort_create("Zero", "cy@example.org", 0)
    assert "Zero" not in [c.name for c in app.state.accounts.cohort_list()]
    assert (
        cy.http.post(
            "/cohorts", data={"name": "One", "goal": "1", "csrf_token": cy.csrf()}
        ).status_code
        == 303
    )


def test_admin_cohort_create_refuses_a_goal_of_zero(settings: Settings) -> None:
    from click.testing import CliRunner

    from coffeechat.cli import cli

    result = CliRunner().invoke(
        cli,
        ["--home", str(settings.home), "admin", "cohort", "create", "Zero",
         "--coach", "cy@example.org", "--goal", "0"],
        env={"COFFEECHAT_DATABASE_URL": settings.database_url},
    )  # fmt: skip
    assert result.exit_code == 2 and "1<=x<=100" in result.output, result.output


def test_cohort_names_are_unique_whatever_their_case(app: Any) -> None:
    from coffeechat.core.errors import CohortExists

    accounts = app.state.accounts
    cy = signed_in(app, "cy@example.org")
    again = cy.http.post(
        "/cohorts", data={"name": "spring 2027", "goal": "2", "csrf_token": cy.csrf()}
    )
    assert again.status_code == 400 and "already a cohort named" in again.text
    with pytest.raises(CohortExists):
        accounts.cohort_create("SPRING 2027", "dee@example.org", 2)
    assert [c.name for c in accounts.cohort_list()] == ["Autumn 2027", "Spring 2027"]
    # `admin cohort add NAME` finds the cohort whatever the case typed
    assert accounts.cohort_add("spring 2027", "fay@example.org")
    spring = {c.name: c.members for c in accounts.cohort_list()}["Spring 2027"]
    assert spring == 4  # Ada, Bo, Cleo, and now Fay


def test_a_closed_account_is_marked_and_never_needs_attention(app: Any, world: Any) -> None:
    """An admin deactivated Bo: still among the cohort's seekers (his numbers are his
    cohort's), marked "account closed", and never in "needs attention"."""
    app.state.accounts.deactivate("bo@example.org")
    http = TestClient(app, base_url=WEB_BASE)
    seekers = seekers_of(http, world["cohort"], **bearer(token_for(app, "cy@example.org")))
    assert seekers["bo@example.org"]["account_closed"] is True
    assert seekers["bo@example.org"]["needs_attention"] == []
    assert seekers["ada@example.org"]["account_closed"] is False
    cy = signed_in(app, "cy@example.org")
    page = cy.http.get(f"/cohorts/{world['cohort']}").text
    assert "account closed" in row_of(page, "bo@example.org")
    assert "account closed" not in row_of(page, "ada@example.org")
    flagged = cy.http.get(f"/cohorts/{world['cohort']}?show=attention").text
    assert 'data-seeker="bo@example.org"' not in flagged
    assert "2 need your attention" in page


def test_a_seeker_cannot_rename_themselves_on_the_team_server(app: Any, world: Any) -> None:
    """The coach's dashboard shows the account's name (an admin's): a seeker who gives
    themselves another name (a fellow seeker's) is refused, by the API and the web."""
    http = TestClient(app, base_url=WEB_BASE)
    ada = bearer(token_for(app, "ada@example.org"))
    refused = http.patch("/api/v1/settings", json={"name": "Bo Chen"}, headers=ada)
    assert refused.status_code == 400, refused.text
    assert refused.json()["error"]["field"] == "name"
    assert "an admin changes it" in refused.json()["error"]["message"]
    same = http.patch("/api/v1/settings", json={"name": "Ada Lovelace", "phone": "+1 212 555 0100"},
                      headers=ada)  # fmt: skip
    assert same.status_code == 200, same.text
    assert http.get("/api/v1/me", headers=ada).json()["user"]["name"] == "Ada Lovelace"
    seekers = seekers_of(http, world["cohort"], **bearer(token_for(app, "cy@example.org")))
    assert seekers["ada@example.org"]["name"] == "Ada Lovelace"
    browser = signed_in(app, "ada@example.org")
    page = browser.http.get("/settings").text
    assert 'id="set-name"' not in page and "an admin changes it" in page
    current = world["ada"].get_settings()
    form = {
        k: "" if getattr(current, k) is None else str(getattr(current, k))
        for k in ("email", "timezone", "signature", "paper")
    }
    form.update(name="Bo Chen", phone="+1 212 555 0199", csrf_token=browser.csrf())
    posted = browser.http.post("/settings/profile", data=form)
    assert posted.status_code == 400 and "an admin changes it" in posted.text
    del form["name"]  # the team server's form: no name field
    assert browser.http.post("/settings/profile", data=form).status_code == 303
    assert world["ada"].get_settings().phone == "+1 212 555 0199"
    assert world["ada"].get_settings().name == "Ada Lovelace"


def test_what_the_coach_keeps_spans_every_week_from_joining(app: Any, world: Any) -> None:
    """Cleo joined ten days ago (Thursday of week 47, in Paris): leaving on Sunday of
    week 48, the coach keeps both weeks, oldest first; leaving with delete afterwards
    takes them away."""
    cleo = signed_in(app, "cleo@example.org")
    cohort = world["cohort"]
    left = cleo.http.post(
        f"/sharing/{cohort}/leave", data={"how": "deactivate", "csrf_token": cleo.csrf()}
    )
    assert left.status_code == 303
    http = TestClient(app, base_url=WEB_BASE)
    coach = bearer(token_for(app, "cy@example.org"))
    board = http.get(f"/api/v1/cohorts/{cohort}/dashboard", headers=coach).json()
    [kept] = board["left"]
    assert [w["week"] for w in kept["weeks"]] == ["2026-W47", "2026-W48"]
    assert [w["monday"] for w in kept["weeks"]] == ["2026-11-16", "2026-11-23"]
    assert kept["timezone"] == "Europe/Paris"
    assert kept["last_active"] == "2026-11-29T13:00:00+01:00"  # signed in to leave
    gone = cleo.http.post(
        f"/sharing/{cohort}/leave", data={"how": "delete", "csrf_token": cleo.csrf()}
    )
    assert gone.status_code == 303
    board = http.get(f"/api/v1/cohorts/{cohort}/dashboard", headers=coach).json()
    assert board["left"] == []
    with app.state.accounts.reading() as conn:
        rows = conn.execute(
            text("SELECT count(*) FROM cohort_member WHERE user_id = :s"),
            {"s": ids_of(app)["cleo@example.org"]},
        ).scalar()
    assert rows == 0
