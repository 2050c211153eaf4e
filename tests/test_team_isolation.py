"""Isolation on the team server, generated from the route table: every route and method
(a new route is covered without a new test) is called by people who must get nothing of
seeker A's: seeker B, a coach of another cohort, and A's own coach (who sees what A
submitted, never the rest), with A's ids in the path, in the query and in the body, and
A's names as search terms. Each answers 404, or anything else but a 5xx without a word
of A's; and A's rows are the same afterwards. People signed out, deactivated, or with a
revoked token get nothing at all. On both backends, one app per backend.

A route with a path parameter this file does not know fails the test: add the parameter
to ``PATH_PARAMS`` (what of A's to put there), or the route to ``PUBLIC`` (why anyone may
call it), so that every new route is covered or consciously left out.
"""

from __future__ import annotations

import datetime as dt
import inspect
import os
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from pydantic import BaseModel
from sqlalchemy import func, insert, select, text
from starlette.routing import Mount, Route

from coffeechat.config import Clock, Settings
from coffeechat.service.accounts import Accounts
from coffeechat.service.importjobs import imports_folder
from coffeechat.web.security import SESSION_COOKIE, team_csrf_token
from conftest import NOW_DT, PG_ENV, WEB_BASE, _pg_schema_url

PASSWORD = "correct horse battery"

#: Routes anyone may call, and why: they hold no one's data. Exact path templates (as
#: the route table names them): a new route under one of these paths is not public
#: until it is listed here.
PUBLIC = {
    "/static/app.css": "the static files' mount: the same files (CSS, scripts) for everyone",
    "/welcome": "the sign-in page",
    "/login": "signing in",
    "/reset/{token}": "a password reset link: the link is the secret (test_web_team.py)",
    "/forgot": "asking for a reset link: the same answer whatever the address "
    "(test_password_reset_mail.py)",
}

#: Routes this file does not call as B, and why (each is tested where it says).
NOT_CALLED = {
    "/logout": "signs B out: tests/test_web_team.py::test_sign_out_ends_this_session_only",
    "/logout/everywhere": "signs B out: tests/test_web_team.py",
}

#: Seeker A's words that nobody else may ever see: names, notes, takeaways, promises...
#: (search terms are parts of them: a page that repeats the search is no leak).
PRIVATE = (
    "Zebulon Quartermaine",
    "zebulon@quartermaine.example",
    "Xanthorpe Widgetworks",
    "Orbweaver outreach about lanterns",
    "Marzipan journey of seventeen bridges",
    "Gloaming advice on velvet ledgers",
    "Send the porcupine portfolio",
    "Wilhelmina Introducee",
    "Chief Quibbler",
    "Quillfeather Interrogatives",
    "zq-contacts-file.csv",
    "Ottoline Importable",
    "Persimmon reflection on harbour cranes",
)
#: What A submitted to their coach: only that coach may read it.
SUBMITTED = (
    "Yara Submittedlund",
    "Submittedlund Shipping",
    "Submitted recap about tangerine lighthouses",
)
#: Written by A after submitting Yara's recap: the coach reads the recap as submitted,
#: never these.
AFTER_SUBMITTING = ("Afterthought about saffron kites", "Afterthought promise of walnut ladders")
#: What A submitted to another cohort (Cohort Three, coach 3): not coach 1's to read.
ELSEWHERE = ("Umberto Thirdcohort", "Thirdcohort recap about juniper canals")
#: Seeker D's (in cohort 1, who leaves it with deactivate): never submitted.
D_PRIVATE = ("Dorothea Unshared", "Unshared musings on cobalt orchards")
#: D's after leaving: nothing of it reaches the coach.
D_AFTER = ("Newcomer Afterleaving", "Afterleaving notes on amber trams")
PRIVATE += AFTER_SUBMITTING + ELSEWHERE
SEARCH = ("Quartermaine", "Xanthorpe", "Submittedlund", "porcupine", "Marzipan")
#: The fields a search term goes in: each route with one is called with every term.
SEARCHED = frozenset({"q", "query", "search"})


@dataclass
class Seeded:
    """The team: A's ids and the people calling."""

    app: Any
    accounts: Accounts
    ids: dict[str, Any] = field(default_factory=dict)
    users: dict[str, int] = field(default_factory=dict)
    #: People signed in (a browser session and an API token each), made once
    callers: dict[str, Any] = field(default_factory=dict)


def _path_value(name: str) -> Callable[[Seeded], str]:
    return lambda team: str(team.ids[name])


#: What of A's goes in each path parameter. A route with a parameter not named here
#: fails test_every_path_parameter_is_known: add it (an id of A's, made in ``_seed_a`` or
#: ``_seed_review``).
PATH_PARAMS: dict[str, Callable[[Seeded], str]] = {
    "contact_id": _path_value("contact"),
    "event_id": _path_value("event"),
    "company_id": _path_value("company"),
    "takeaway_id": _path_value("takeaway"),
    "promise_id": _path_value("promise"),
    "intro_id": _path_value("introduction"),
    "path_id": _path_value("path"),
    "job_id": _path_value("job"),
    "conversation_id": _path_value("conversation"),
    "name": _path_value("guide"),  # /settings/guides/{name}.toml
    "kind": lambda team: "outreach",  # a message's kind, not an id
    "topic": lambda team: "journey",  # a note's topic, not an id
    "fmt": lambda team: "json",  # an export's format
    "token": lambda team: "not-a-reset-link",
    # recap review and the cohort dashboard (issue 15): A's submission, A's cohort
    "submission_id": _path_value("submission"),
    "cohort_id": _path_value("cohort"),
    "comment_id": _path_value("comment"),
    # an invite code lets anyone who has it join its cohort (the cohorts' own tests):
    # here a code of no cohort, which must open nothing
    "code": lambda team: "not-an-invite-code",
    # one of A's API tokens (Your account: revoked by its owner only)
    "token_id": _path_value("api_token"),
}

#: The parameters of recap review and the cohort dashboard: A's coach may open these.
REVIEW = {"submission_id", "cohort_id", "comment_id"}

#: What goes in query and form fields and JSON bodies, by field name: A's ids and
#: names again (anything not named here gets a harmless value of its type).
FIELDS: dict[str, Callable[[Seeded], Any]] = {
    "q": lambda team: SEARCH[0],
    "query": lambda team: SEARCH[0],
    "search": lambda team: SEARCH[0],
    "company": lambda team: SEARCH[1],
    "contact": lambda team: str(team.ids["contact"]),
    "other": lambda team: str(team.ids["contact"]),
    "next_contact": lambda team: str(team.ids["contact"]),
    "conversation": lambda team: team.ids["conversation"],
    "item": lambda team: team.ids["item"],
    "change": lambda team: str(team.ids["change"]),
    "guide": lambda team: team.ids["guide"],
    "calendar": lambda team: "1",
    "option": lambda team: "1",
    "kind": lambda team: "outreach",
    "format": lambda team: "md",
    "how": lambda team: "delete",  # leaving a cohort: the worst way
    "status": lambda team: "approved",  # a review
}


#: The fields of the forms whose routes read the form themselves (``request.form()``,
#: no declared field): plausible values, so that their success paths run (the caller's
#: own settings are saved). test_every_form_route_has_its_fields checks that each such
#: route is here ({} for one that reads no field).
FORM_FIELDS: dict[str, Callable[[Seeded], dict[str, str]]] = {
    "/settings/profile": lambda team: {
        "email": "someone@example.org",
        "phone": "+1 212 555 0100",
        "timezone": "America/Chicago",
        "signature": "Someone",
        "paper": "letter",
    },
    "/settings/availability": lambda team: {
        "availability": "Mon-Fri 09:00-17:00",
        "country": "US",
        "cities": "Chicago",
        "weekly_goal": "4",
    },
    "/settings/mail": lambda team: {
        "smtp_host": "smtp.example.com",
        "smtp_port": "587",
        "smtp_security": "starttls",
        "smtp_user": "someone@example.org",
    },
    "/settings/digest": lambda team: {"digest_on": "on", "digest_hour": "9"},
    "/contacts/{contact_id}/chat/notes": lambda team: {
        "note-journey": "Overwritten journey",
        "minutes": "30",
    },
    "/settings/calendars/refresh": lambda team: {},
    "/settings/feed": lambda team: {},
    "/settings/templates/{kind}/reset": lambda team: {},
}


# --- the route table ------------------------------------------------------------------------


def _routes(routes: list[Any]) -> Iterator[Any]:
    for route in routes:
        included = getattr(route, "original_router", None)  # FastAPI's include_router
        if included is not None:
            yield from _routes(included.routes)
        else:
            yield route


def route_table() -> list[tuple[str, str, Any]]:
    """(method, path, route) of every route of the team app, HEAD left to GET."""
    from coffeechat.web import WebSettings, create_app

    # the team server's: some routes are its own (recap review, cohorts); the accounts
    # are not asked anything while the app is built
    app = create_app(WebSettings(home=Path("/nonexistent"), team=True), None, object())  # type: ignore[arg-type]
    found = []
    for route in _routes(app.routes):
        if isinstance(route, Mount):
            found.append(("GET", route.path + "/app.css", route))
        elif isinstance(route, (APIRoute, Route)):
            methods = sorted(set(route.methods or ()) - {"HEAD"}) or ["GET"]
            found += [(method, route.path, route) for method in methods]
        else:
            raise AssertionError(f"a route of a kind this test does not know: {route!r}")
    return found


ROUTES = route_table()


def _public(path: str) -> bool:
    return path in PUBLIC


def _params(path: str) -> list[str]:
    return re.findall(r"\{(\w+)(?::\w+)?\}", path)


def _route_id(item: tuple[str, str, Any]) -> str:
    return f"{item[0]} {item[1]}"


CALLED = [r for r in ROUTES if not _public(r[1]) and r[1] not in NOT_CALLED]
GUARDED = [r for r in ROUTES if not _public(r[1])]


def test_every_path_parameter_is_known() -> None:
    unknown = sorted(
        {f"{{{p}}} in {method} {path}" for method, path, _ in ROUTES for p in _params(path)}
        - {f"{{{p}}} in {method} {path}" for method, path, _ in ROUTES for p in PATH_PARAMS}
    )
    unknown = [u for u in unknown if u.split("}")[0][1:] not in PATH_PARAMS]
    assert not unknown, (
        "routes with a path parameter tests/test_team_isolation.py does not know: "
        f"{unknown}. Add each to PATH_PARAMS there (which of seeker A's ids or values to "
        "put in it, made in the `team` fixture), so that B is shown to get nothing of A's "
        "through it; or, when anyone may call the route, add it to PUBLIC with the reason."
    )


def _reads_its_form(route: Any) -> bool:
    """A route that takes a form without declaring its fields: a POST of a module that
    calls ``request.form()`` and none of whose parameters is a body field."""
    dependant = getattr(route, "dependant", None)
    if dependant is None or dependant.body_params or "POST" not in (route.methods or ()):
        return False
    return "request.form()" in inspect.getsource(inspect.getmodule(route.endpoint))


def test_every_form_route_has_its_fields() -> None:
    missing = sorted(
        {path for _, path, route in ROUTES if _reads_its_form(route)} - set(FORM_FIELDS)
    )
    assert not missing, (
        f"routes that read their form themselves: {missing}; add each to FORM_FIELDS in "
        "tests/test_team_isolation.py with plausible values of its form's fields"
    )
    assert set(FORM_FIELDS) <= {path for _, path, _ in ROUTES}


def test_the_allow_lists_name_real_routes() -> None:
    paths = {path for _, path, _ in ROUTES}
    assert set(PUBLIC) <= paths
    assert set(NOT_CALLED) <= paths


# --- the team ---------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def team_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, _pg_admin: Any
) -> Iterator[str]:
    """An empty database for the module: SQLite, and PostgreSQL when PG_ENV is set."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('isolation') / 'store.db'}"
        return
    if _pg_admin is None:
        pytest.skip(f"PostgreSQL: {PG_ENV} is not set")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with _pg_admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield _pg_schema_url(os.environ[PG_ENV], schema)
    finally:
        with _pg_admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


GUIDE = """name = "quillguide"
title = "Quillfeather Interrogatives"
description = "Questions of A's own."

[[questions]]
key = "first"
text = "How did you start, {name}?"
purpose = "Their story."

[[questions]]
key = "second"
text = "What would you change at {company}?"
purpose = "The inside view."

[[questions]]
key = "third"
text = "Who else should I talk to?"
purpose = "The next person."
"""


def _seed_a(team: Seeded, home: Path) -> None:
    """A's workspace: companies, contacts, events, a conversation with notes, takeaways,
    promises and an introduction, a recap, a proposal, a path, a guide, an import job,
    a change to undo; and a submission of one recap to A's coach."""
    from coffeechat.service.changes import change
    from coffeechat.store import schema

    ws = team.accounts.workspace_for(team.users["a"])
    ws.add_company("Xanthorpe Widgetworks", motivation=3, posting=2)
    with change("contact add", own=True):
        zeb = ws.add_contact(
            name="Zebulon Quartermaine",
            company="Xanthorpe Widgetworks",
            emails=["zebulon@quartermaine.example"],
            tags=["zqtag"],
        )
    yara = ws.add_contact(name="Yara Submittedlund", company="Submittedlund Shipping")
    ref = str(zeb.id)
    at = (NOW_DT - dt.timedelta(days=5)).isoformat()
    ws.log(ref, "outreach", at=at, note="Orbweaver outreach about lanterns")
    ws.log(ref, "meeting", at=(NOW_DT - dt.timedelta(days=2)).isoformat())
    ws.add_note(ref, "Marzipan journey of seventeen bridges", topic="journey")
    ws.add_takeaway(ref, "advice", "Gloaming advice on velvet ledgers")
    ws.add_promise(ref, "me", "Send the porcupine portfolio", due="2026-11-25")
    ws.add_introduction(ref, "Wilhelmina Introducee")
    ws.write_recap(ref, reflection="Persimmon reflection on harbour cranes")
    ws.log(str(yara.id), "meeting", at=(NOW_DT - dt.timedelta(days=1)).isoformat())
    ws.add_note(str(yara.id), "Submitted recap about tangerine lighthouses", topic="journey")
    ws.write_recap(str(yara.id))
    ws.propose_slots(ref)
    ws.add_path("Xanthorpe Widgetworks", "Chief Quibbler", "conventional")
    guide = home / "quill.toml"
    guide.write_text(GUIDE, encoding="utf-8")
    ws.add_guide(str(guide))
    job = ws.check_import(
        b"Name,Email\nOttoline Importable,otto@example.org\n", "zq-contacts-file.csv"
    )
    owner = team.users["a"]
    with team.accounts.reading() as conn:

        def first(name: str) -> int:
            table = schema.metadata.tables[name]
            found = conn.execute(
                select(func.min(table.c.id)).where(table.c.owner_id == owner)
            ).scalar()
            assert found is not None, table
            return int(found)

        team.ids.update(
            contact=zeb.id,
            submitted_contact=yara.id,
            company=first("company"),
            event=first("event"),
            takeaway=first("takeaway"),
            promise=first("promise"),
            introduction=first("introduction"),
            path=first("path"),
            conversation=first("conversation"),
        )
    team.ids["job"] = job.id
    team.accounts.issue_own_token(owner, "zq laptop")
    team.ids["api_token"] = next(
        t.id for t in team.accounts.tokens_of(owner) if t.name == "zq laptop"
    )
    team.ids["guide"] = "quillguide"
    last = ws.last_change()
    team.ids["change"] = last.change_id if last else 1
    items = ws.agenda(30).items
    assert items, "A needs something on the agenda"
    team.ids["item"] = items[0].item


def _seed_review(team: Seeded) -> None:
    """Two cohorts (A with coach 1, B with coach 2), and A's recap of Yara submitted to
    coach 1 with a comment on it: through the review's service when there is one, else
    in its tables (made by migration 0017) as the service would write them."""
    from coffeechat.store import schema

    accounts, now = team.accounts, team.accounts.now()
    accounts.cohort_create("Cohort One", "coach1@example.org", 3)
    accounts.cohort_create("Cohort Two", "coach2@example.org", 3)
    accounts.cohort_add("Cohort One", "a@example.org")
    accounts.cohort_add("Cohort Two", "b@example.org")
    contact = team.ids["submitted_contact"]
    submission = _submitted_by_service(team, contact)
    with accounts.writing(record=False) as conn:
        cohort = conn.execute(
            select(schema.cohort.c.id).where(schema.cohort.c.name == "Cohort One")
        )
        cohort_id = int(cohort.scalar_one())
        if submission is None:
            submission = _submitted_in_tables(team, conn, cohort_id, contact)
        comment = conn.execute(
            insert(schema.submission_comment).values(
                submission_id=submission,
                version=1,
                author_id=team.users["coach1"],
                text="A comment",
                created_at=now,
            )
        )
        team.ids.update(
            cohort=cohort_id,
            submission=submission,
            comment=int(comment.inserted_primary_key[0]),
        )


def _seed_scenarios(team: Seeded, home: Path) -> None:
    """After the review's seed: A writes more on Yara (after submitting her recap); A
    is also in Cohort Three (coach 3) and submits Umberto's recap there; seeker D, in
    cohort 1, with a recap submitted and a contact never shared."""
    from coffeechat.service.review import Review

    accounts, a = team.accounts, team.users["a"]
    ws = accounts.workspace_for(a)
    yara = str(team.ids["submitted_contact"])
    ws.add_takeaway(yara, "advice", AFTER_SUBMITTING[0])
    ws.add_promise(yara, "me", AFTER_SUBMITTING[1], due="2026-12-20")
    accounts.cohort_create("Cohort Three", "coach3@example.org", 2)
    accounts.cohort_add("Cohort Three", "a@example.org")
    umberto = ws.add_contact(name=ELSEWHERE[0]).id
    ws.log(str(umberto), "meeting", at=(NOW_DT - dt.timedelta(days=1)).isoformat())
    ws.add_note(str(umberto), ELSEWHERE[1], topic="journey")
    ws.write_recap(str(umberto))
    third = next(c for c in accounts.cohort_list() if c.name == "Cohort Three")
    with accounts.reading() as conn:
        from coffeechat.store import schema

        third_id = int(
            conn.execute(
                select(schema.cohort.c.id).where(schema.cohort.c.name == third.name)
            ).scalar_one()
        )
    review = Review.of(accounts)
    made = review.submit_contact(accounts.get_user(a), umberto, cohort=third_id)
    team.ids.update(third_cohort=third_id, third_submission=int(made.id))
    # D: in cohort 1, a recap submitted, a contact and notes never shared
    accounts.cohort_add("Cohort One", "d@example.org")
    d = accounts.workspace_for(team.users["d"])
    shared = d.add_contact(name="Desmond Sharedfriend").id
    d.log(str(shared), "outreach", at=(NOW_DT - dt.timedelta(days=2)).isoformat())
    d.log(str(shared), "meeting", at=(NOW_DT - dt.timedelta(days=1)).isoformat())
    d.write_recap(str(shared), reflection="Shared reflection on pewter bells")
    kept = d.add_contact(name=D_PRIVATE[0]).id
    d.add_note(str(kept), D_PRIVATE[1], topic="journey")
    d.log(str(kept), "outreach", at=(NOW_DT - dt.timedelta(days=3)).isoformat())
    made = review.submit_contact(accounts.get_user(team.users["d"]), shared)
    team.ids["d_submission"] = int(made.id)


def _submitted_by_service(team: Seeded, contact: int) -> int | None:
    try:
        from coffeechat.service.review import Review  # type: ignore[import-not-found]
    except ImportError:
        return None
    user = team.accounts.get_user(team.users["a"])
    return int(Review.of(team.accounts).submit_contact(user, contact).id)


def _submitted_in_tables(team: Seeded, conn: Any, cohort_id: int, contact: int) -> int:
    import json

    from coffeechat.formats import jsonout
    from coffeechat.formats.recap import recap_markdown
    from coffeechat.store import schema

    now = team.accounts.now()
    result = team.accounts.workspace_for(team.users["a"]).preview_recap(str(contact))
    made = conn.execute(
        insert(schema.submission).values(
            seeker_id=team.users["a"],
            cohort_id=cohort_id,
            contact_id=contact,
            status="submitted",
            version=1,
            created_at=now,
            submitted_at=now,
        )
    )
    submission = int(made.inserted_primary_key[0])
    conn.execute(
        insert(schema.submission_version).values(
            submission_id=submission,
            version=1,
            title="Yara Submittedlund",
            markdown=recap_markdown(result.recap),
            document=json.dumps(jsonout.recap_written(result, "md", None)),
            submitted_at=now,
        )
    )
    return submission


@pytest.fixture(scope="module")
def team(
    team_url: str, tmp_path_factory: pytest.TempPathFactory, _template: Any
) -> Iterator[Seeded]:
    """The team server with A, B, two coaches, C (deactivated later) and an admin."""
    from pwdlib import PasswordHash
    from pwdlib.hashers.argon2 import Argon2Hasher

    from coffeechat.service import accounts as accounts_module
    from coffeechat.web import WebSettings, create_app

    home = tmp_path_factory.mktemp("isolation-home")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("COFFEECHAT_NOW", NOW_DT.isoformat())
        cheap = PasswordHash((Argon2Hasher(time_cost=1, memory_cost=1024, parallelism=1),))
        env.setattr(accounts_module, "_HASHER", [cheap])
        accounts_module._dummy_hash.cache_clear()
        settings = Settings(home, team_url, Clock(NOW_DT))
        accounts = Accounts.open(settings)
        made = Seeded(create_app(WebSettings(home=home, team=True), None, accounts), accounts)
        people = {
            "a": ("a@example.org", "Ada Seeker", "seeker"),
            "b": ("b@example.org", "Bo Seeker", "seeker"),
            "c": ("c@example.org", "Cy Leaving", "seeker"),
            "d": ("d@example.org", "Dora Deactivating", "seeker"),
            "coach3": ("coach3@example.org", "Coach Three", "coach"),
            "coach1": ("coach1@example.org", "Coach One", "coach"),
            "coach2": ("coach2@example.org", "Coach Two", "coach"),
            "admin": ("admin@example.org", "Admin Person", "admin"),
        }
        for key, (email, name, role) in people.items():
            made.users[key] = accounts.create_user(email, name, role, PASSWORD).id
        _seed_a(made, home)
        accounts.workspace_for(made.users["b"]).add_contact(name="Bo's own contact")
        _seed_review(made)
        _seed_scenarios(made, home)
        try:
            yield made
        finally:
            accounts.close()
            accounts_module._dummy_hash.cache_clear()


#: The tables of recap review in the dump (A's coach may change them: a comment...).
REVIEW_TABLES = ("submission", "submission_version", "submission_comment")


#: Tables whose rows are not compared, and why. Every other table of the schema (the
#: workspace's and the team server's) is: A's rows of it, found by the schema's foreign
#: keys (``a_rows``), so a new table is compared without a change here.
NOT_COMPARED = {
    "search_doc": "a cache: rebuilt when it likes, the same facts",
    "stage_cache": "a cache: rebuilt when it likes, the same facts",
    "agenda_cache": "a cache: rebuilt when it likes, the same facts",
    "login_attempt": "failed sign-ins by address or typed e-mail: no one's row",
    "worker_heartbeat": "the digest worker's: no one's row",
}
#: Tables compared whole (A's cohort is led by coach 1: no foreign key says it is A's).
WHOLE = {"cohort"}


def _all_tables() -> list[Any]:
    from coffeechat.store import schema

    return [*schema.metadata.sorted_tables, *schema.team_metadata.sorted_tables]


def a_rows(table: Any, owner: int, seen: frozenset[str] = frozenset()) -> Any:
    """The condition that picks A's rows of ``table``, from the schema's foreign keys: a
    column that refers to A's account (``owner_id``, ``user_id``, ``seeker_id``,
    ``author_id``...), or to a row of another table that is A's (a submission's
    versions and comments); None when no key leads to A."""
    from sqlalchemy import or_

    if table.name == "user":
        return table.c.id == owner
    if "owner_id" in table.c:  # a workspace's row: all of it is its owner's
        return table.c.owner_id == owner
    found = []
    for fk in table.foreign_keys:
        parent = fk.column.table
        if parent.name == "user":
            found.append(fk.parent == owner)
        elif parent is not table and parent.name not in seen:
            theirs = a_rows(parent, owner, seen | {table.name})
            if theirs is not None:
                found.append(fk.parent.in_(select(fk.column).where(theirs)))
    return or_(*found) if found else None


def dump(team: Seeded) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of A's in every table of the schema (but ``NOT_COMPARED``), found by
    the foreign keys that lead to A's account: the owned tables, A's account, sessions,
    tokens, reset links, digest choice and digests, feed key, memberships, submissions
    with their versions and comments...; the cohorts whole; A's import job's file."""
    owner = team.users["a"]
    found: dict[str, list[tuple[Any, ...]]] = {}

    def rows(query: Any) -> list[tuple[Any, ...]]:
        return sorted(tuple(map(str, r)) for r in conn.execute(query))

    with team.accounts.reading() as conn:
        for table in _all_tables():
            if table.name in NOT_COMPARED:
                continue
            if table.name in WHOLE:
                found[table.name] = rows(select(table))
                continue
            mine = a_rows(table, owner)
            assert mine is not None, f"{table.name}: no key leads to A: add it to NOT_COMPARED"
            found[table.name] = rows(select(table).where(mine))
    ws = team.accounts.workspace_for(owner)
    upload = imports_folder(team.accounts.settings.home, owner) / f"{team.ids['job']}.upload"
    found["import job"] = [(repr(ws.import_job(team.ids["job"])), str(upload.exists()))]
    return found


def test_every_table_is_compared_or_left_out_with_a_reason() -> None:
    """Each table of the schema has a foreign key that leads to its owner (its rows are
    compared before and after each call), or is listed with why not."""
    names = {t.name for t in _all_tables()}
    assert set(NOT_COMPARED) | WHOLE <= names
    lost = sorted(
        t.name
        for t in _all_tables()
        if t.name not in NOT_COMPARED and t.name not in WHOLE and a_rows(t, 1) is None
    )
    assert not lost, f"tables no key leads to a user from: {lost}; add them to NOT_COMPARED"
    # the tables keyed by a user of the team server are among them
    keyed = {"web_session", "api_token", "password_reset", "digest_setting", "digest",
             "feed_key", "cohort_member", "submission_version"}  # fmt: skip
    assert keyed <= names - set(NOT_COMPARED)


@pytest.fixture(scope="module")
def before(team: Seeded) -> dict[str, list[tuple[Any, ...]]]:
    return dump(team)


# --- calling a route ----------------------------------------------------------------------------


#: What an id-named field (``contact_id``, ``owner_id``, ``id``...) holds of A's, by its
#: name without ``_id`` when that is not the name of one of A's ids (``team.ids``).
ID_STEMS = {"intro": "introduction", "token": "api_token", "recap": "submission"}
#: ...and these are A's account: A's user id.
A_ITSELF = {"owner", "user", "seeker", "member", "author", "actor", "account", "person", "id"}


#: Integer fields that are counts, not ids, with what they get (the page of results A's
#: own calls must see whole). Any other integer field gets one of A's ids.
NUMBERS = {"offset": 0, "limit": 100, "days": 30, "version": 1}


def _id_named(name: str) -> bool:
    return name == "id" or name.endswith(("_id", "_ids"))


def _int_typed(annotation: Any) -> bool:
    kind = str(annotation)
    return "int" in kind and "str" not in kind


def _wants_a(name: str, annotation: Any) -> bool:
    """Whether a field gets one of A's ids though the route does not require it: every
    id-named or integer field (``?owner_id=`` is how a leak by id would look)."""
    return name in FIELDS or _id_named(name) or _int_typed(annotation)


def _a_id(name: str, team: Seeded) -> int:
    """The id of A's that an id-named or integer field gets: the thing its name says
    (``event_id``: A's event), A's own account for ``owner_id``, ``user_id``..., and
    A's contact for any other integer."""
    stem = name.removesuffix("_ids").removesuffix("_id")
    stem = ID_STEMS.get(stem, stem)
    if isinstance(team.ids.get(stem), int):
        return int(team.ids[stem])
    if stem in A_ITSELF or _id_named(name):
        return team.users["a"]
    return int(team.ids["contact"])


def _value(name: str, annotation: Any, team: Seeded) -> Any:
    if name in FIELDS:
        return FIELDS[name](team)
    if name in NUMBERS:
        return NUMBERS[name]
    kind = str(annotation)
    if _id_named(name) or _int_typed(annotation):
        found = _a_id(name, team)
        if "list" in kind:
            return [found]
        return found if _int_typed(annotation) or "str" not in kind else str(found)
    if "bool" in kind:
        return True
    if "list" in kind:
        return ["x"]
    return "x"


def _model(model: type[BaseModel], team: Seeded) -> dict[str, Any]:
    return {
        name: _value(name, info.annotation, team)
        for name, info in model.model_fields.items()
        if info.is_required() or _wants_a(name, info.annotation)
    }


def request_parts(route: Any, team: Seeded) -> dict[str, Any]:
    """The query, form fields, files or JSON body of a call to ``route`` with A's ids and
    names where their names say."""
    dependant = getattr(route, "dependant", None)
    parts: dict[str, Any] = {"params": {}, "data": {}, "files": {}, "json": None}
    if dependant is None:
        return parts

    def walk(found: Any) -> None:
        for param in found.query_params:  # A's names and ids, and anything required
            if param.field_info.is_required() or _wants_a(param.name, param.field_info.annotation):
                parts["params"][param.name] = _value(param.name, param.field_info.annotation, team)
        for param in found.body_params:
            annotation = param.field_info.annotation
            kind = type(param.field_info).__name__
            model = next(
                (
                    a
                    for a in (annotation, *getattr(annotation, "__args__", ()))
                    if inspect.isclass(a) and issubclass(a, BaseModel)
                ),
                None,
            )
            if kind == "File":
                parts["files"][param.name] = ("zq.csv", b"Name\nSomeone\n", "text/csv")
            elif model is not None and kind == "Form":
                parts["data"].update(_model(model, team))
            elif kind == "Form":
                parts["data"][param.name] = _value(param.name, annotation, team)
            elif model is not None:
                body = _model(model, team)
                parts["json"] = body if len(dependant.body_params) == 1 else {param.name: body}
            else:
                parts["json"] = {"x": "x"} if "dict" in str(annotation) else "x"
        for sub in found.dependencies:
            walk(sub)

    walk(dependant)
    if route.path in FORM_FIELDS and not dependant.body_params:
        parts["data"].update(FORM_FIELDS[route.path](team))
    return parts


def fill_path(path: str, team: Seeded) -> str:
    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in PATH_PARAMS:
            pytest.fail(
                f"{path}: add {{{name}}} to PATH_PARAMS (test_every_path_parameter_is_known)"
            )
        return PATH_PARAMS[name](team)

    return re.sub(r"\{(\w+)(?::\w+)?\}", one, path)


class Caller:
    """Someone signed in to the team server: a browser session (pages), an API token."""

    def __init__(self, team: Seeded, email: str) -> None:
        self.team = team
        self.email = email
        self.http = TestClient(team.app, base_url=WEB_BASE, follow_redirects=False)
        signed = team.accounts.sign_in(email, PASSWORD, address=None, user_agent="isolation")
        self.sid = signed.session_id
        self.http.cookies.set(SESSION_COOKIE, self.sid)
        self.token = team.accounts.issue_token(email, f"isolation {uuid.uuid4().hex[:6]}")

    def call(
        self, method: str, path: str, route: Any, *, api_by_token: bool = True, term: str = ""
    ) -> Any:
        """One request to the route, A's ids and names filled in (``term``: the search
        term, in every search field the route has)."""
        parts = request_parts(route, self.team)
        for name in SEARCHED if term else ():
            if name in parts["params"]:
                parts["params"][name] = term
        url = fill_path(path, self.team)
        headers = {"x-csrf-token": team_csrf_token(self.sid)}
        if url.startswith("/api/") and api_by_token:
            headers = {"Authorization": f"Bearer {self.token}"}
        kwargs: dict[str, Any] = {"params": parts["params"], "headers": headers}
        if method not in ("GET", "DELETE"):
            if parts["json"] is not None:
                kwargs["json"] = parts["json"]
            elif parts["files"]:
                kwargs["data"], kwargs["files"] = parts["data"], parts["files"]
            elif parts["data"]:
                kwargs["data"] = parts["data"]
        return self.http.request(method, url, **kwargs)


def signed_in(team: Seeded, email: str) -> Caller:
    """``email`` signed in to the team's app (once per module: no route called signs
    anyone out)."""
    if email not in team.callers:
        team.callers[email] = Caller(team, email)
    caller: Caller = team.callers[email]
    return caller


def leaked(response: Any, words: tuple[str, ...]) -> list[str]:
    shown = response.text + " ".join(f"{k}: {v}" for k, v in response.headers.items())
    return [w for w in words if w.lower() in shown.lower()]


#: Ids no one can have: just past PostgreSQL's integers, and past 64 bits.
HUGE = (2**31, 2**70)

OWNED = {"contact_id", "event_id", "company_id", "takeaway_id", "promise_id", "intro_id",
         "path_id", "job_id", "conversation_id", "submission_id", "cohort_id", "comment_id",
         "name"}  # fmt: skip


def _check(
    team: Seeded,
    who: str,
    method: str,
    path: str,
    route: Any,
    words: tuple[str, ...],
    theirs: frozenset[str] = frozenset(),
) -> None:
    """Call the route as ``who``: no 5xx, none of ``words``, and a GET of one of A's
    things (by a path parameter not in ``theirs``) is a 404."""
    caller = signed_in(team, f"{who}@example.org")
    searched = SEARCHED & set(request_parts(route, team)["params"])
    calls = [(True, ""), (False, "")] if path.startswith("/api/") else [(True, "")]
    calls += [(True, term) for term in SEARCH[1:]] if searched else []
    for by_token, term in calls:
        response = caller.call(method, path, route, api_by_token=by_token, term=term)
        what = f"{who}: {method} {fill_path(path, team)} answered {response.status_code}"
        assert response.status_code < 500, f"{what}: {response.text[:300]}"
        # signed in, with the CSRF token: a 403 is the role's (a seeker making a cohort)
        assert response.status_code != 401, f"{what}: not signed in? {response.text[:300]}"
        assert not response.headers.get("location", "").startswith("/welcome"), what
        assert "did not come from coffeechat" not in response.text, f"{what}: CSRF?"
        found = leaked(response, words)
        assert not found, f"{what} with A's {found}"
        if (set(_params(path)) & OWNED) - theirs:  # one of A's things, by id: not found
            _not_found(team, caller, method, path, route, response, what)


def _not_found(
    team: Seeded, caller: Caller, method: str, path: str, route: Any, response: Any, what: str
) -> None:
    """A call naming one of A's things by id is answered 404; a write may instead be
    refused (4xx) exactly as when the id is no one's (a form checked before the thing
    is looked for), which says nothing of A's either. Never a redirect, a success or a
    notice about A's thing."""
    if response.status_code == 404:
        return
    assert method != "GET" and 400 <= response.status_code < 500, (
        f"{what}, not 404: {response.text[:300]}"
    )
    ids = {k: HUGE[0] if isinstance(v, int) else v for k, v in team.ids.items()}
    nobody = Caller.__new__(Caller)
    nobody.__dict__.update(caller.__dict__, team=Seeded(team.app, team.accounts, ids, team.users))
    other = nobody.call(method, path, route)
    assert other.status_code == response.status_code, (
        f"{what}, not 404, and {other.status_code} for an id of no one's: {response.text[:300]}"
    )


def test_a_finds_their_own_words_where_b_finds_nothing(team: Seeded) -> None:
    """The control: the same requests, made by A, show A's words (so B's empty answers
    mean something)."""
    a = Caller(team, "a@example.org")
    by_path = {(m, p): r for m, p, r in CALLED}
    seen: set[str] = set()
    for method, path in (
        ("GET", "/contacts/{contact_id}"),
        ("GET", "/contacts/{contact_id}/chat"),
        ("GET", "/companies/{company_id}"),
        ("GET", "/paths"),
        ("GET", "/data/imports/{job_id}"),
        ("GET", "/api/v1/contacts/{contact_id}"),
        ("GET", "/api/v1/search"),
    ):
        for term in SEARCH:
            response = a.call(method, path, by_path[(method, path)], term=term)
            assert response.status_code == 200, (path, response.text[:300])
            seen |= set(leaked(response, PRIVATE + SUBMITTED))
    assert {"Zebulon Quartermaine", "Marzipan journey of seventeen bridges"} <= seen
    assert {"Chief Quibbler", "zq-contacts-file.csv", "Yara Submittedlund"} <= seen


@pytest.mark.parametrize("call", CALLED, ids=_route_id)
def test_seeker_b_gets_nothing_of_a(team: Seeded, before: Any, call: tuple[str, str, Any]) -> None:
    method, path, route = call
    _check(team, "b", method, path, route, PRIVATE + SUBMITTED)
    assert dump(team) == before, f"{method} {path} by B changed A's data"


@pytest.mark.parametrize("path", sorted(p for p in FORM_FIELDS if not _params(p)))
def test_the_forms_fields_make_their_routes_succeed(team: Seeded, before: Any, path: str) -> None:
    """FORM_FIELDS are plausible: B's own settings are saved with them (a 303 back to
    the page, not the form again with an error), so the calls above run the routes'
    success paths; A's rows stay as they were."""
    route = next(r for m, p, r in CALLED if p == path and m == "POST")
    response = signed_in(team, "b@example.org").call("POST", path, route)
    assert response.status_code == 303, f"{path}: {response.text[:300]}"
    assert dump(team) == before


@pytest.mark.parametrize("call", CALLED, ids=_route_id)
def test_a_coach_of_another_cohort_gets_nothing_of_a(
    team: Seeded, before: Any, call: tuple[str, str, Any]
) -> None:
    method, path, route = call
    _check(team, "coach2", method, path, route, PRIVATE + SUBMITTED)
    assert dump(team) == before, f"{method} {path} by another cohort's coach changed A's data"


@pytest.mark.parametrize("call", CALLED, ids=_route_id)
def test_a_coach_reads_only_what_was_submitted(
    team: Seeded, before: Any, call: tuple[str, str, Any]
) -> None:
    """A's own coach may open A's submission and cohort (what A submitted is theirs to
    read and comment on: the review's own tests), never the rest of A's workspace: not
    on those pages either."""
    method, path, route = call
    _check(team, "coach1", method, path, route, PRIVATE, theirs=frozenset(REVIEW))
    after = dump(team)
    if set(_params(path)) & REVIEW:  # a comment, a review: the coach's to make
        before.update({t: after[t] for t in REVIEW_TABLES})
    assert after == before, f"{method} {path} by A's coach changed A's data"


@pytest.mark.parametrize("call", CALLED, ids=_route_id)
def test_ids_no_one_can_have_are_not_found(
    team: Seeded, before: Any, call: tuple[str, str, Any]
) -> None:
    """Every id in the path and the fields past what the database holds: never a 5xx."""
    method, path, route = call
    for huge in HUGE:
        ids = {k: huge if isinstance(v, int) else v for k, v in team.ids.items()}
        caller = Caller(Seeded(team.app, team.accounts, ids, team.users), "b@example.org")
        response = caller.call(method, path, route)
        what = f"{method} {fill_path(path, caller.team)} answered {response.status_code}"
        assert response.status_code < 500, f"{what}: {response.text[:300]}"
        if (
            set(_params(path)) & OWNED
            and method == "GET"
            and path != "/settings/guides/{name}.toml"
        ):
            assert response.status_code in (404, 422), what
    assert dump(team) == before


# --- people who get nothing at all --------------------------------------------------------------


@pytest.fixture(scope="module")
def outsiders(team: Seeded) -> dict[str, tuple[dict[str, str], dict[str, str]]]:
    """(cookies, headers) of requests that must open nothing: no one signed in, a
    deactivated account's browser and token, a revoked token, a made-up session."""
    accounts = team.accounts
    leaving = accounts.sign_in("c@example.org", PASSWORD, address=None, user_agent="isolation")
    leaving_token = accounts.issue_token("c@example.org", "before leaving")
    accounts.deactivate("c@example.org")
    revoked = accounts.issue_token("b@example.org", "to revoke")
    accounts.revoke_token("b@example.org", "to revoke")
    csrf = team_csrf_token(leaving.session_id)
    return {
        "nobody": ({}, {}),
        "deactivated session": ({SESSION_COOKIE: leaving.session_id}, {"x-csrf-token": csrf}),
        "deactivated token": ({}, {"Authorization": f"Bearer {leaving_token}"}),
        "revoked token": ({}, {"Authorization": f"Bearer {revoked}"}),
        "made-up session": ({SESSION_COOKIE: "x" * 43}, {}),
    }


@pytest.mark.parametrize("call", GUARDED, ids=_route_id)
def test_the_signed_out_the_deactivated_and_revoked_tokens_get_nothing(
    team: Seeded, before: Any, outsiders: Any, call: tuple[str, str, Any]
) -> None:
    method, path, route = call
    url = fill_path(path, team)
    for who, (cookies, headers) in outsiders.items():
        http = TestClient(team.app, base_url=WEB_BASE, follow_redirects=False, cookies=cookies)
        parts = request_parts(route, team)
        body = {} if method in ("GET", "DELETE") else {"data": parts["data"] or None}
        response = http.request(method, url, params=parts["params"], headers=headers, **body)
        what = f"{who}: {method} {url} answered {response.status_code}"
        if path == "/agenda.ics":  # not served on the team server (per user: later)
            assert response.status_code == 404, what
        elif url.startswith("/api/"):
            assert response.status_code == 401, what
            assert response.json()["error"]["code"] == "unauthorized", what
        else:
            assert response.status_code == 303, what
            assert response.headers["location"].startswith("/welcome?next="), what
        assert not leaked(response, PRIVATE + SUBMITTED), what
    assert dump(team) == before


# --- scenarios: what the coach sees as submitted, of one cohort, after leaving -------------------


def _bearer(caller: Caller) -> dict[str, str]:
    return {"Authorization": f"Bearer {caller.token}"}


def test_the_coach_reads_a_recap_as_it_was_submitted(team: Seeded) -> None:
    """What A wrote on Yara after submitting her recap is in A's recap now, never in
    what the coach reads (the submission is a snapshot)."""
    mine = team.accounts.workspace_for(team.users["a"]).preview_recap(
        str(team.ids["submitted_contact"])
    )
    from coffeechat.formats.recap import recap_markdown

    assert AFTER_SUBMITTING[0] in recap_markdown(mine.recap)  # the control
    coach = signed_in(team, "coach1@example.org")
    for url in (f"/submissions/{team.ids['submission']}",
                f"/api/v1/submissions/{team.ids['submission']}"):  # fmt: skip
        shown = coach.http.get(url, headers=_bearer(coach))
        assert shown.status_code == 200 and "Yara Submittedlund" in shown.text, url
        assert not leaked(shown, AFTER_SUBMITTING), url


def test_a_coach_never_reads_what_was_submitted_to_another_cohort(team: Seeded) -> None:
    """A is in cohort 1 (coach 1) and Cohort Three (coach 3): what A submitted to the
    third is not found by coach 1, by its id or its cohort's, on any route; coach 3,
    the control, reads it."""
    swapped = dict(
        team.ids, submission=team.ids["third_submission"], cohort=team.ids["third_cohort"]
    )
    other = Seeded(team.app, team.accounts, swapped, team.users)  # callers of its own
    for method, path, route in CALLED:
        if method == "GET" and set(_params(path)) & {"submission_id", "cohort_id"}:
            _check(other, "coach1", method, path, route, ELSEWHERE)
    third = Caller(team, "coach3@example.org")
    url = f"/api/v1/submissions/{team.ids['third_submission']}"
    shown = third.http.get(url, headers=_bearer(third))
    assert shown.status_code == 200 and ELSEWHERE[0] in shown.text


def test_after_leaving_with_deactivate_the_coach_keeps_what_was_there_and_nothing_new(
    team: Seeded,
) -> None:
    """D leaves cohort 1 with deactivate: coach 1 keeps D's submitted recap and D's
    numbers as they stood, and sees nothing D does afterwards, nor anything D never
    submitted, on any route."""
    coach = signed_in(team, "coach1@example.org")
    board_url = f"/api/v1/cohorts/{team.ids['cohort']}/dashboard"

    def board() -> dict[str, Any]:
        found = coach.http.get(board_url, headers=_bearer(coach))
        assert found.status_code == 200, found.text[:300]
        return dict(found.json())

    live = {s["email"]: s for s in board()["seekers"]}["d@example.org"]
    assert live["week"]["conversations"] == 1 and live["week"]["recaps_submitted"] == 1
    d = Caller(team, "d@example.org")
    left = d.http.post(
        f"/sharing/{team.ids['cohort']}/leave",
        data={"how": "deactivate"},
        headers={"x-csrf-token": team_csrf_token(d.sid)},
    )
    assert left.status_code == 303, left.text[:300]
    mine = team.accounts.workspace_for(team.users["d"])
    newcomer = mine.add_contact(name=D_AFTER[0]).id
    mine.add_note(str(newcomer), D_AFTER[1], topic="journey")
    mine.log(str(newcomer), "outreach", at=(NOW_DT - dt.timedelta(hours=1)).isoformat())
    mine.log(str(newcomer), "meeting", at=(NOW_DT - dt.timedelta(minutes=30)).isoformat())
    after = board()
    assert "d@example.org" not in [s["email"] for s in after["seekers"]]
    [kept] = [x for x in after["left"] if x["email"] == "d@example.org"]
    assert kept["recaps_submitted"] == 1
    assert kept["weeks"][-1] == live["week"]  # this week, as it stood: nothing new
    assert kept["overdue_follow_ups"] == live["overdue_follow_ups"]
    assert kept["last_active"] == live["last_active"]
    shown = coach.http.get(
        f"/api/v1/submissions/{team.ids['d_submission']}", headers=_bearer(coach)
    )
    assert shown.status_code == 200 and "Desmond Sharedfriend" in shown.text
    for method, path, route in CALLED:
        if method == "GET":
            _check(
                team, "coach1", method, path, route, D_PRIVATE + D_AFTER, theirs=frozenset(REVIEW)
            )


# --- last: A leaves the cohort, with what A shared ----------------------------------------------

LEAVE = ("POST", "/sharing/{cohort_id}/leave")


@pytest.mark.skipif(
    LEAVE not in {(m, p) for m, p, _ in ROUTES}, reason="no way to leave a cohort yet"
)
def test_after_leaving_with_delete_the_coach_sees_nothing(team: Seeded) -> None:
    """A leaves cohort 1 taking what A submitted: A's coach then finds nothing of A's
    on any page or API route, A's submission included. (Last: A's rows change.)"""
    a = Caller(team, "a@example.org")
    left = a.http.post(
        fill_path(LEAVE[1], team),
        data={"how": "delete"},
        headers={"x-csrf-token": team_csrf_token(a.sid)},
    )
    assert left.status_code in (200, 303), left.text[:300]
    gone = PRIVATE + SUBMITTED + ("Ada Seeker",)
    for method, path, route in CALLED:
        if method == "GET":
            _check(team, "coach1", method, path, route, gone, theirs=frozenset({"cohort_id"}))
