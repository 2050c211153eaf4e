"""The JSON API under /api/v1/ keeps the contract of docs/json.md: every route of the
app's OpenAPI is in the doc's "The web API" table and the other way round; every route
whose row names a CLI command answers what that command prints with ``--json`` (same
keys, same values) on the same workspace; every route answers a bad request with
``{"error": {"code", "message", "field"}}``.

A write is compared by calling the route, undoing it (``coffeechat undo``: the API's
write is one change, named as the CLI names its own), then running the CLI on the same
data. A new route fails ``test_every_documented_route_has_a_case`` until it has a case
in CASES (or, with no CLI twin, a line in NO_CLI_TWIN saying why)."""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from coffeechat.service import Workspace
from conftest import CLI, WebClient

DOC = Path(__file__).resolve().parent.parent / "docs" / "json.md"

#: A table row that names a route: "| `METHOD /api/v1/PATH[?query]` ...".
ROW = re.compile(r"^\| `(GET|POST|PUT|PATCH|DELETE) (/api/v1/[^`?\s]*)[^|]*\|[^|]*\|(.*)\|\s*$")


def route_key(method: str, path: str) -> str:
    """``METHOD /api/v1/a/{}/b``: a route with its path parameters unnamed (the doc
    writes ``{id}`` where the code has ``{contact_id}``)."""
    return method.upper() + " " + re.sub(r"\{[^}]*\}", "{}", path)


def documented() -> dict[str, str]:
    """The routes of the doc's web API table, each with its "same as" column (the rows
    of one route joined: a route may have several rows, e.g. the recap and its file)."""
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## The web API (`/api/v1/`)", 1)[1].split("\n## ", 1)[0]
    header = "| request | answers | same as |"
    assert header in section, "the web API table has lost its header"
    table = section.split(header, 1)[1].split("\n")[2:]  # after the |---| line
    rows: dict[str, str] = {}
    for line in table:
        if not line.startswith("|"):
            break  # the table ends at its first line that is not a row
        found = ROW.match(line)
        assert found, f"a row of the web API table that names no route: {line[:80]}"
        key = route_key(found.group(1), found.group(2))
        rows[key] = (rows.get(key, "") + " " + found.group(3)).strip()
    return rows


def served(client: WebClient) -> set[str]:
    """The API's routes, as the app's OpenAPI describes them."""
    spec = client.get("/api/v1/openapi.json").json()
    return {
        route_key(method, path)
        for path, operations in spec["paths"].items()
        if path.startswith("/api/v1/")
        for method in operations
    }


# --- the cases ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One route against its CLI twin. ``url`` and ``cli`` may name ``{ada}``,
    ``{bob}``, ``{cleo}`` (contact ids) and ``{item}`` (a follow-up item of Bob's);
    ``cli`` is split as a shell would; ``ignore`` lists (space-separated) dotted keys
    dropped from both documents (ids made anew after the undo); ``writes``
    is false for a route that only reads (then nothing is undone, and nothing must be
    written)."""

    route: str
    url: str
    body: dict[str, Any] | None
    cli: str
    ignore: str = ""
    writes: bool = True
    stdin: str | None = None
    status: int = 200


OUTREACH = (
    "Hi Ada, Grace Kim suggested I write to you. I loved your talk on compilers. "
    "Would you have 20 minutes for a call next week? Thanks, Sam"
)

CASES = [
    Case(
        "GET /api/v1/contacts",
        "/api/v1/contacts?limit=1&offset=1&tag=mentor",
        None,
        "contact list --limit 1 --offset 1 --tag mentor",
        writes=False,
    ),
    Case(
        "GET /api/v1/contacts/{}",
        "/api/v1/contacts/{ada}",
        None,
        "contact show {ada}",
        writes=False,
    ),
    Case(
        "POST /api/v1/contacts",
        "/api/v1/contacts",
        {
            "name": "Grace Kim",
            "emails": ["grace@example.com"],
            "tags": ["python", "mentor"],
            "company": "Initech",
            "title": "CTO",
            "how_met": "event",
            "met_on": "2026-10-02",
            "introduced_by": "Ada Lovelace",
        },
        "contact add 'Grace Kim' --email grace@example.com --tag python --tag mentor"
        " --company Initech --title CTO --how-met event --met-on 2026-10-02"
        " --introduced-by 'Ada Lovelace'",
        ignore="id company_id",
        status=201,
    ),
    Case(
        "PATCH /api/v1/contacts/{}",
        "/api/v1/contacts/{ada}",
        {"title": "CTO", "add_tags": ["python"], "city": "", "stage": "agreed"},
        "contact edit {ada} --title CTO --add-tag python --city '' --stage agreed",
    ),
    Case(
        "DELETE /api/v1/contacts/{}",
        "/api/v1/contacts/{bob}",
        None,
        "contact remove {bob} --yes",
    ),
    Case(
        "GET /api/v1/agenda",
        "/api/v1/agenda?days=14&limit=2",
        None,
        "agenda --days 14 --limit 2",
        writes=False,
    ),
    Case(
        "POST /api/v1/contacts/{}/proposals",
        "/api/v1/contacts/{ada}/proposals",
        {"count": 2, "days": 10, "duration": 45, "format": "phone"},
        "schedule propose {ada} --count 2 --days 10 --duration 45 --format phone",
        ignore="proposal_id",
        status=201,
    ),
    Case(
        "POST /api/v1/contacts/{}/confirm",
        "/api/v1/contacts/{ada}/confirm",
        {"option": 1, "place": "Blue Bottle", "format": "coffee"},
        "schedule confirm {ada} --option 1 --place 'Blue Bottle' --format coffee",
        ignore="conversation.id",  # the chat it schedules is made anew
    ),
    Case(
        "POST /api/v1/check",
        "/api/v1/check",
        {"kind": "outreach", "text": OUTREACH, "contact": "Ada"},
        "check --kind outreach --contact Ada -",
        writes=False,
        stdin=OUTREACH,
    ),
    Case(
        "POST /api/v1/followups/done",
        "/api/v1/followups/done",
        {"item": "{item}"},
        "followup done {item}",
    ),
    Case(
        "POST /api/v1/followups/dismiss",
        "/api/v1/followups/dismiss",
        {"item": "{item}"},
        "followup dismiss {item}",
    ),
    Case(
        "POST /api/v1/followups/snooze",
        "/api/v1/followups/snooze",
        {"item": "{item}", "days": 3},
        "followup snooze {item} --days 3",
    ),
    Case("GET /api/v1/settings", "/api/v1/settings", None, "settings show", writes=False),
    Case(
        "PATCH /api/v1/settings",
        "/api/v1/settings",
        {"signature": "Sam, Lisbon"},
        "settings set signature 'Sam, Lisbon'",
    ),
    Case(
        "POST /api/v1/contacts/{}/notes",
        "/api/v1/contacts/{ada}/notes",
        {"topic": "Team", "text": "Five people, remote"},
        "note add {ada} --topic Team 'Five people, remote'",
        ignore="note.id",
        status=201,
    ),
    Case(
        "POST /api/v1/contacts/{}/takeaways",
        "/api/v1/contacts/{ada}/takeaways",
        {"kind": "advice", "text": "Learn SQL"},
        "takeaway add {ada} --kind advice 'Learn SQL'",
        ignore="takeaway.id",
        status=201,
    ),
    Case(
        "POST /api/v1/contacts/{}/promises",
        "/api/v1/contacts/{ada}/promises",
        {"by": "me", "text": "Send the article", "due": "2026-12-04"},
        "promise add {ada} --by me --due 2026-12-04 'Send the article'",
        ignore="promise.id",
        status=201,
    ),
    Case(
        "POST /api/v1/contacts/{}/introductions",
        "/api/v1/contacts/{ada}/introductions",
        {"to": "Dana Park", "company": "Initech", "email": "dana@example.com"},
        "intro add {ada} --to 'Dana Park' --company Initech --email dana@example.com",
        ignore="introduction contact.id contact.company_id follow_up",
        status=201,
    ),
    Case(
        "POST /api/v1/contacts/{}/events",
        "/api/v1/contacts/{ada}/events",
        {"kind": "meeting", "at": "2026-11-25T12:30", "minutes": 60, "format": "lunch"},
        "log {ada} meeting --at 2026-11-25T12:30 --minutes 60 --format lunch",
        ignore="id",
        status=201,
    ),
    Case(
        "GET /api/v1/contacts/{}/recap",
        "/api/v1/contacts/{cleo}/recap",
        None,
        "recap {cleo}",
        # The GET is a preview: it writes nothing, so the contact's stage it shows has
        # not moved to `recapped` (docs/json.md); `recap --json` writes (it runs last).
        ignore="contact.stage",
        writes=False,
    ),
    Case(
        "POST /api/v1/contacts/{}/recap",
        "/api/v1/contacts/{cleo}/recap",
        {"reflection": "I want this team", "next_contact": "2026-12-10", "next_step": "Ask"},
        "recap {cleo} --reflection 'I want this team' --next-contact 2026-12-10 --next-step Ask",
    ),
    Case(
        "GET /api/v1/search",
        "/api/v1/search?q=acme&limit=5",
        None,
        "search acme --limit 5",
        writes=False,
    ),
]

#: Routes with no CLI twin to compare with, and why.
NO_CLI_TWIN = {
    # Sets a topic's note whole as the chat page types it (add, edit or remove, by what
    # is there): `note add` and `note edit` are two commands (tests/test_web_chat.py).
    "PUT /api/v1/contacts/{}/notes/{}",
    # Who the token belongs to: no command prints it (tests/test_web_team.py).
    "GET /api/v1/me",
}


@pytest.fixture
def world(workspace: Workspace) -> dict[str, str]:
    """Ada (replied, a conversation begun, times on offer), Bob (reached out to ten
    days ago: a follow-up is due) and Cleo (met yesterday, a note: a recap to write),
    all three mentors."""
    ada = workspace.add_contact(
        name="Ada Lovelace",
        emails=["ada@example.com"],
        company="Acme",
        city="London",
        timezone="Europe/London",
        tags=["mentor"],
    )
    bob = workspace.add_contact(name="Bob Chen", company="Globex", tags=["mentor"])
    cleo = workspace.add_contact(name="Cleo Diaz", company="Acme", tags=["mentor"])
    workspace.log(str(ada.id), "outreach", at="2026-11-20T10:00")
    workspace.log(str(ada.id), "reply", at="2026-11-21T10:00", note="Happy to talk")
    workspace.log(str(bob.id), "outreach", at="2026-11-17T10:00")
    workspace.log(str(cleo.id), "meeting", at="2026-11-26T12:00")
    workspace.add_note(str(ada.id), "Ask about the compiler team")  # her conversation
    workspace.propose_slots(str(ada.id))
    workspace.add_note(str(cleo.id), "Acme hires in spring", topic=None)
    item = workspace.follow_ups(str(bob.id))[0].item
    return {"ada": str(ada.id), "bob": str(bob.id), "cleo": str(cleo.id), "item": item}


def fill(value: Any, world: dict[str, str]) -> Any:
    """``value`` with ``{ada}``, ``{bob}``, ``{cleo}`` and ``{item}`` filled in."""
    if isinstance(value, str):
        return value.format(**world)
    if isinstance(value, dict):
        return {k: fill(v, world) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(fill(v, world) for v in value)
    return value


def without(document: Any, dotted: str) -> Any:
    """``document`` without the keys named (space-separated; ``a.b`` is ``b`` inside
    ``a``)."""
    for name in dotted.split():
        *path, last = name.split(".")
        inner = document
        for step in path:
            inner = inner.get(step) if isinstance(inner, dict) else None
        if isinstance(inner, dict):
            inner.pop(last, None)
    return document


def call(stranger: WebClient, method: str, url: str, body: Any) -> Any:
    """The API as a script calls it: no session, the Bearer token, JSON in and out."""
    from coffeechat.service import access

    token = access.access_token(stranger.app.state.web.home)
    headers = {"Authorization": f"Bearer {token}"}
    kwargs: dict[str, Any] = {"headers": headers}
    if body is not None:
        kwargs["json"] = body
    return stranger.http.request(method, url, **kwargs)


def test_every_route_is_documented_and_every_documented_route_exists(
    client: WebClient,
) -> None:
    doc, app = set(documented()), served(client)
    assert app - doc == set(), "routes docs/json.md's web API table does not name"
    assert doc - app == set(), "routes docs/json.md names that the app does not serve"


def twin(same_as: str) -> tuple[str, ...] | None:
    """The CLI command a row's "same as" column names (``contact list`` of
    "`contact list --json --limit --offset`"), or None when it names none."""
    found = re.match(r"`([a-z][a-z-]*(?: [a-z][a-z-]*)*)", same_as.strip())
    return tuple(found.group(1).split()) if found else None


def test_every_documented_route_has_a_case() -> None:
    rows = documented()
    cased = [case.route for case in CASES]
    assert len(cased) == len(set(cased)), "one case per route"
    assert set(cased).isdisjoint(NO_CLI_TWIN)
    with_twin = {route for route, same_as in rows.items() if twin(same_as)}
    assert with_twin - set(cased) - NO_CLI_TWIN == set(), "routes with a CLI twin, no case"
    assert set(cased) | NO_CLI_TWIN <= set(rows), "cases of routes the doc does not name"
    for case in CASES:  # the case runs the command its row names
        command = twin(rows[case.route])
        assert command and tuple(shlex.split(case.cli))[: len(command)] == command, case


def run_cli(cli: CLI, case: Case, world: dict[str, str]) -> Any:
    """The case's command with ``--json``, its document parsed."""
    result = cli(*shlex.split(fill(case.cli, world)), "--json", input=case.stdin)
    return json.loads(result.stdout)


def check_case(case: Case, script: WebClient, cli: CLI, world: dict[str, str]) -> None:
    """The route answers what its CLI twin prints; a write is one change, undone before
    the CLI runs on the same data, and that change is the CLI's own."""
    method = case.route.split()[0]
    before = cli.json("undo", "--dry-run")
    response = call(script, method, fill(case.url, world), fill(case.body, world))
    assert response.status_code == case.status, response.text
    api = response.json()
    if not case.writes:
        assert cli.json("undo", "--dry-run") == before, "a read wrote something"
        printed = run_cli(cli, case, world)
    else:
        assert cli.json("undo", "--dry-run") != before, "the write left nothing to undo"
        by_api = cli.json("undo")  # the API's write was one change: undo it whole
        printed = run_cli(cli, case, world)
        by_cli = cli.json("undo", "--dry-run")
        same = ("label", "records", "contacts", "contact_count")
        # the same change: named alike, as many records, the same contacts
        assert {k: by_api[k] for k in same} == {k: by_cli[k] for k in same}
    assert without(api, case.ignore) == without(printed, case.ignore)


def test_every_route_answers_what_the_cli_prints(
    subtests: Any, stranger: WebClient, same_cli: CLI, world: dict[str, str]
) -> None:
    """One workspace for all the cases (fast): each leaves the data as it found it, as
    its last change (the CLI's) is undone."""
    for case in CASES:
        with subtests.test(msg=case.route):
            nothing = same_cli.json("undo", "--dry-run")
            try:
                check_case(case, stranger, same_cli, world)
            finally:
                if same_cli.json("undo", "--dry-run") != nothing:
                    same_cli("undo")


# --- the error shape ------------------------------------------------------------------------


@dataclass(frozen=True)
class Bad:
    """A request the route refuses: its url and body (``{ada}`` etc. filled in), the
    status and the ``field`` the error names."""

    url: str
    body: dict[str, Any] | None
    status: int
    field: str | None


#: A bad field for every route that takes one (an unknown contact id is tried on every
#: route with one, and no token on every route, in the test itself).
BAD = {
    "GET /api/v1/contacts": [Bad("/api/v1/contacts?limit=0", None, 422, "limit")],
    "POST /api/v1/contacts": [
        Bad("/api/v1/contacts", {"name": "Grace", "met_on": "someday"}, 400, "met_on"),
        Bad("/api/v1/contacts", {"title": "CTO"}, 422, "name"),
    ],
    "PATCH /api/v1/contacts/{}": [
        Bad("/api/v1/contacts/{ada}", {"met_on": "someday"}, 400, "met_on"),
        Bad("/api/v1/contacts/{ada}", {"stage": "married"}, 400, "stage"),
    ],
    "GET /api/v1/agenda": [Bad("/api/v1/agenda?days=-1", None, 422, "days")],
    "POST /api/v1/contacts/{}/proposals": [
        Bad("/api/v1/contacts/{ada}/proposals", {"count": 0}, 400, "count"),
        Bad("/api/v1/contacts/{ada}/proposals", {"format": "telepathy"}, 400, "format"),
    ],
    "POST /api/v1/contacts/{}/confirm": [
        Bad("/api/v1/contacts/{ada}/confirm", {"option": 9}, 400, "option"),
        Bad("/api/v1/contacts/{ada}/confirm", {"at": "soon"}, 400, "at"),
    ],
    "POST /api/v1/check": [
        Bad("/api/v1/check", {"kind": "gossip", "text": "Hi"}, 400, "kind"),
        Bad("/api/v1/check", {"kind": "outreach"}, 422, "text"),
    ],
    "POST /api/v1/followups/done": [Bad("/api/v1/followups/done", {"item": "nope"}, 404, "item")],
    "POST /api/v1/followups/dismiss": [
        Bad("/api/v1/followups/dismiss", {"item": "nope"}, 404, "item")
    ],
    "POST /api/v1/followups/snooze": [
        Bad("/api/v1/followups/snooze", {"item": "{item}", "until": "soon"}, 400, "until"),
        Bad("/api/v1/followups/snooze", {"item": "{item}", "days": "x"}, 422, "days"),
    ],
    "PATCH /api/v1/settings": [
        Bad("/api/v1/settings", {"timezone": "Mars/Base"}, 400, "timezone"),
        Bad("/api/v1/settings", {"colour": "blue"}, 400, "colour"),
    ],
    "POST /api/v1/contacts/{}/notes": [
        Bad("/api/v1/contacts/{ada}/notes", {"topic": "weather", "text": "x"}, 400, "topic"),
        Bad("/api/v1/contacts/{ada}/notes", {"text": "x", "mood": "happy"}, 422, "mood"),
    ],
    "PUT /api/v1/contacts/{}/notes/{}": [
        Bad("/api/v1/contacts/{ada}/notes/weather", {"text": "x"}, 400, "topic")
    ],
    "POST /api/v1/contacts/{}/takeaways": [
        Bad("/api/v1/contacts/{ada}/takeaways", {"kind": "gossip", "text": "x"}, 400, "kind")
    ],
    "POST /api/v1/contacts/{}/promises": [
        Bad("/api/v1/contacts/{ada}/promises", {"by": "everyone", "text": "x"}, 400, "by"),
        Bad(
            "/api/v1/contacts/{ada}/promises", {"by": "me", "text": "x", "due": "soon"}, 400, "due"
        ),
    ],
    "POST /api/v1/contacts/{}/introductions": [
        Bad("/api/v1/contacts/{ada}/introductions", {"to": "Dana", "email": "no"}, 400, "email")
    ],
    "POST /api/v1/contacts/{}/events": [
        Bad("/api/v1/contacts/{ada}/events", {"kind": "lunch"}, 400, "kind"),
        Bad("/api/v1/contacts/{ada}/events", {"kind": "reply", "at": "soon"}, 400, "at"),
    ],
    "GET /api/v1/contacts/{}/recap": [
        Bad("/api/v1/contacts/{cleo}/recap?format=exe", None, 422, "format"),
        Bad("/api/v1/contacts/{cleo}/recap?variant=gossip", None, 400, "variant"),
    ],
    "POST /api/v1/contacts/{}/recap": [
        Bad("/api/v1/contacts/{cleo}/recap", {"next_contact": "someday"}, 400, "next_contact")
    ],
    "GET /api/v1/search": [Bad("/api/v1/search", None, 422, "q")],
}

#: Routes that take no field but the contact's id (tried with an unknown one) or none at
#: all: only the token can be wrong.
NO_FIELD = {
    "GET /api/v1/contacts/{}",
    "DELETE /api/v1/contacts/{}",
    "GET /api/v1/settings",
    "GET /api/v1/me",
}


def assert_error(response: Any, status: int, field: str | None, route: str) -> dict[str, Any]:
    """The response is the API's error document, with this status and field."""
    assert response.status_code == status, (route, response.status_code, response.text)
    document = response.json()
    assert set(document) == {"error"} and set(document["error"]) == {"code", "message", "field"}
    error: dict[str, Any] = document["error"]
    assert re.fullmatch(r"[a-z]+(-[a-z]+)*", error["code"]), error
    assert isinstance(error["message"], str) and error["message"].strip(), error
    assert "Traceback" not in error["message"]
    assert error["field"] == field, (route, error)
    return error


def test_every_route_has_bad_requests() -> None:
    assert set(BAD) | NO_FIELD == set(documented())
    assert set(BAD).isdisjoint(NO_FIELD)


def bad_requests(route: str, stranger: WebClient, world: dict[str, str]) -> None:
    """The route refuses a request with no token, an unknown contact id (with a body
    that is fine) and each of its BAD requests, with the error document."""
    method = route.split()[0]
    case = next((c for c in CASES if c.route == route), None)
    example = fill(case.body, world) if case else {"text": "x"}
    path = route.split()[1]
    url = (
        fill(case.url, world)
        if case
        else path
        if "{}" not in path
        else f"/api/v1/contacts/{world['ada']}/notes/team"
    )
    anyone = stranger.http.request(method, url, json=example)  # no token, no session
    assert_error(anyone, 401, None, route)
    if "{}" in route:
        nobody = re.sub(r"^/api/v1/contacts/\d+", "/api/v1/contacts/999999", url)
        error = assert_error(call(stranger, method, nobody, example), 404, None, route)
        assert error["code"] == "unknown-contact"
    for bad in BAD.get(route, []):
        response = call(stranger, method, fill(bad.url, world), fill(bad.body, world))
        assert_error(response, bad.status, bad.field, route)


def test_a_bad_request_answers_the_error_document(
    subtests: Any, stranger: WebClient, same_cli: CLI, world: dict[str, str]
) -> None:
    """Every route of the doc, on one workspace: a refused request changes nothing."""
    for route in sorted(documented()):
        with subtests.test(msg=route):
            before = same_cli.json("undo", "--dry-run"), same_cli.json("contact", "list")
            bad_requests(route, stranger, world)
            after = same_cli.json("undo", "--dry-run"), same_cli.json("contact", "list")
            assert after == before, "a refused request changed something"
