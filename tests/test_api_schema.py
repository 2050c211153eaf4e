"""The JSON API against its own OpenAPI document (``/api/v1/openapi.json``), with
schemathesis: requests made from the schema, valid and not, never get a 5xx, and every
answer matches what the schema says it answers. On your own computer (the workspace's
token) and on the team server (an account's API token). Bounded, and the same examples
on every run: a few per operation, from a fixed seed (derandomized), no deadline.

A seeded workspace (a contact with a timeline, a conversation with notes, a recap) gives
the generated ids something to find: the first contacts' ids are small numbers, which
schemathesis tries first."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from coffeechat.config import Clock, Settings
from coffeechat.service import Workspace
from conftest import NOW, NOW_DT, OWNER, WEB_BASE, make_settings

#: Examples per operation: enough to try each parameter's edges, quick enough for CI.
EXAMPLES = 12
CHECKS = [not_a_server_error, response_schema_conformance]
BOUNDED = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def _seed(workspace: Workspace) -> None:
    """People to find: a contact met and written up, one reached out to."""
    met = workspace.add_contact(name="Ada Lovelace", company="Analytical Engines")
    workspace.log(str(met.id), "meeting", at=(NOW_DT - dt.timedelta(days=2)).isoformat())
    workspace.add_note(str(met.id), "She began with the loom", topic="journey")
    workspace.write_recap(str(met.id))
    other = workspace.add_contact(name="Grace Hopper", emails=["grace@example.org"])
    workspace.log(str(other.id), "outreach", at=(NOW_DT - dt.timedelta(days=9)).isoformat())


def _web(home: Path, team: bool) -> Any:
    from coffeechat.web import WebSettings

    return WebSettings(home=home, team=team)


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, dict[str, str]]]:
    """`coffeechat serve` on a seeded workspace, and its token's header."""
    from coffeechat.service import access
    from coffeechat.web import create_app

    home = tmp_path_factory.mktemp("schema-local")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("COFFEECHAT_NOW", NOW)
        workspace = Workspace.create(make_settings(home), **OWNER)
        _seed(workspace)
        token = access.access_token(home)
        try:
            yield create_app(_web(home, False), workspace), {"Authorization": f"Bearer {token}"}
        finally:
            workspace.close()


@pytest.fixture(scope="module")
def team(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[dict[str, tuple[Any, dict[str, str]]]]:
    """`coffeechat serve --team` with a seeker's seeded workspace in a coach's cohort,
    and for each of them, the app and their token's header."""
    from coffeechat.service.accounts import Accounts
    from coffeechat.web import create_app

    home = tmp_path_factory.mktemp("schema-team")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("COFFEECHAT_NOW", NOW)
        made = Settings(home, f"sqlite:///{home / 'team.db'}", Clock(NOW_DT))
        accounts = Accounts.open(made)
        user = accounts.create_user("bo@example.org", "Bo Chen", "seeker", None)
        accounts.create_user("cy@example.org", "Cy Diaz", "coach", None)
        _seed(accounts.workspace_for(user.id))
        accounts.cohort_create("Spring", "cy@example.org", 3)
        accounts.cohort_add("Spring", "bo@example.org")
        _review(accounts)
        tokens = {
            email: accounts.issue_token(email, "schemathesis")
            for email in ("bo@example.org", "cy@example.org")
        }
        app = create_app(_web(home, True), None, accounts)
        try:
            yield {e: (app, {"Authorization": f"Bearer {t}"}) for e, t in tokens.items()}
        finally:
            accounts.close()


def _review(accounts: Any) -> None:
    """Recap review to find: Bo's recap of Ada (submission 1) submitted to Cy, who
    commented on it (comment 1)."""
    from coffeechat.service.review import Review

    review = Review.of(accounts)
    bo, cy = accounts.user_by_email("bo@example.org"), accounts.user_by_email("cy@example.org")
    ada = next(c for c in accounts.workspace_for(bo.id).list_contacts() if c.name.startswith("Ada"))
    made = review.submit_contact(bo, ada.id)
    review.comment(cy, made.id, "Say more about the loom", "journey")


def _document(team: bool) -> dict[str, Any]:
    """The OpenAPI document the app serves at /api/v1/openapi.json, on your own computer
    or on the team server (which has routes of its own). Built without a workspace or a
    database, at import: schemathesis makes one test per operation from it
    (test_the_document_tested_is_the_one_served checks it is the one served)."""
    from coffeechat.web import WebSettings, create_app

    settings = WebSettings(home=Path("/nonexistent"), team=team)
    accounts: Any = object() if team else None  # not asked anything while the app is built
    document: dict[str, Any] = create_app(settings, None, accounts).openapi()
    return document


# schemathesis.pytest.from_fixture (a schema loaded in a fixture) needs pytest < 9 (it
# sets Function._nodeid), and its own transport trips on urllib3-future (which httpx2
# installs in urllib3's place): the documents are loaded at import, and each test sends
# its cases to its fixture's app through Starlette's TestClient, then lets schemathesis
# check the answers
LOCAL_API = schemathesis.openapi.from_dict(_document(team=False))
TEAM_API = schemathesis.openapi.from_dict(_document(team=True))


def call_and_validate(case: Any, app: Any, headers: dict[str, str]) -> None:
    """Send ``case`` to ``app`` as ``headers`` say, and run the checks on the answer."""
    kwargs = case.as_transport_kwargs(base_url=WEB_BASE, headers=headers)
    kwargs.pop("cookies", None)
    if isinstance(kwargs.get("data"), (bytes, str)):
        kwargs["content"] = kwargs.pop("data")
    http = TestClient(app, base_url=WEB_BASE, raise_server_exceptions=False)
    response = http.request(**kwargs)
    case.validate_response(response, checks=CHECKS, headers=headers)


def test_the_document_tested_is_the_one_served(
    local: tuple[Any, dict[str, str]], team: dict[str, tuple[Any, dict[str, str]]]
) -> None:
    for (app, headers), in_team in ((local, False), (team["bo@example.org"], True)):
        http = TestClient(app, base_url=WEB_BASE)
        served = http.get("/api/v1/openapi.json", headers=headers)
        assert served.status_code == 200
        assert served.json() == _document(in_team)


@LOCAL_API.parametrize()
@BOUNDED
def test_the_local_api_keeps_its_schema(case: Any, local: tuple[Any, dict[str, str]]) -> None:
    app, headers = local
    call_and_validate(case, app, headers)


@TEAM_API.parametrize()
@BOUNDED
def test_the_team_api_keeps_its_schema(
    case: Any, team: dict[str, tuple[Any, dict[str, str]]]
) -> None:
    """As a seeker, then as their coach."""
    for email in ("bo@example.org", "cy@example.org"):
        app, headers = team[email]
        call_and_validate(case, app, headers)


def test_the_checks_catch_a_server_error_and_a_wrong_error_shape() -> None:
    """The checks are live: a 5xx fails, and so does an error not in the API's shape."""
    from schemathesis.core.failures import FailureGroup
    from starlette.applications import Starlette
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    def answer(status: int, body: Any) -> Any:
        return Starlette(
            routes=[Route("/api/v1/contacts/{contact_id}", lambda r: JSONResponse(body, status))]
        )

    case = LOCAL_API["/api/v1/contacts/{contact_id}"]["GET"].Case(path_parameters={"contact_id": 1})
    with pytest.raises(FailureGroup, match="Server error"):
        call_and_validate(case, answer(500, {"error": "boom"}), {})
    with pytest.raises(FailureGroup, match="Response violates schema"):
        call_and_validate(case, answer(404, {"detail": "Not Found"}), {})
    call_and_validate(
        case, answer(404, {"error": {"code": "unknown-contact", "message": "x", "field": None}}), {}
    )


#: A recap document as `coffeechat recap CONTACT --json` prints it, sent whole.
SENT = {
    "recap": {
        "conversation": 7,
        "recap": {"title": "Conversation with Ken", "topics": [{"key": "journey"}]},
    },
    "markdown": "# Conversation with Ken\n\n- Unix was a side project\n",
    "contact_key": "local-3",
}


def test_the_review_api_s_answers_keep_their_schema(
    team: dict[str, tuple[Any, dict[str, str]]],
) -> None:
    """The submissions routes' successful answers (which generated requests rarely
    reach: they need a submission, a valid document, a coach's status) against the
    schema, as the seeker and as the coach."""

    def sent(email: str, path: str, method: str, expected: int, **parts: Any) -> None:
        app, headers = team[email]
        case = TEAM_API[path][method].Case(**parts)
        kwargs = case.as_transport_kwargs(base_url=WEB_BASE, headers=headers)
        kwargs.pop("cookies", None)
        response = TestClient(app, base_url=WEB_BASE).request(**kwargs)
        assert response.status_code == expected, (email, method, path, response.text)
        case.validate_response(response, checks=CHECKS, headers=headers)

    seeker, coach = "bo@example.org", "cy@example.org"
    one = {"submission_id": 1}
    sent(seeker, "/api/v1/submissions", "GET", 200)
    sent(seeker, "/api/v1/submissions/{submission_id}", "GET", 200, path_parameters=one)
    accounts = team[seeker][0].state.accounts  # the generated requests may have removed Ada
    mine = accounts.workspace_for(accounts.user_by_email(seeker).id)
    ken = mine.add_contact(name="Ken Thompson")
    mine.add_takeaway(str(ken.id), "insight", "Unix was a side project")
    for expected in (201, 200):  # submitted, then the same again: nothing changed
        sent(
            seeker,
            "/api/v1/contacts/{contact_id}/submissions",
            "POST",
            expected,
            path_parameters={"contact_id": ken.id},
            body={},
        )
    sent(seeker, "/api/v1/submissions", "POST", 201, body=SENT)
    sent(seeker, "/api/v1/submissions", "POST", 200, body=SENT)  # the same again
    sent(
        seeker,
        "/api/v1/submissions/{submission_id}/comments",
        "POST",
        201,
        path_parameters=one,
        body={"text": "It was a Jacquard loom", "parent": 1},
    )
    sent(coach, "/api/v1/submissions", "GET", 200, query={"status": "submitted"})
    sent(coach, "/api/v1/submissions/{submission_id}", "GET", 200, path_parameters=one)
    sent(
        coach,
        "/api/v1/submissions/{submission_id}/comments",
        "POST",
        201,
        path_parameters=one,
        body={"text": "Thanks", "topic": "takeaways"},
    )
    sent(
        coach,
        "/api/v1/submissions/{submission_id}/status",
        "POST",
        200,
        path_parameters=one,
        body={"status": "approved"},
    )
