"""The pipeline through the CLI: `log`, the stages it leads to, `board` and `search`.

"Now" is Friday 27 November 2026, 09:00 in New York (-05:00); Sam's zone is New York, so
a time given without an offset is New York time. The stage walk and search also run on
PostgreSQL when COFFEECHAT_TEST_DATABASE_URL is set.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from coffeechat.core.model import BOARD_ORDER
from conftest import NOW, NOW_DT

KINDS = [
    "outreach",
    "reply",
    "follow-up",
    "scheduling-email",
    "meeting",
    "thank-you",
    "intro-request",
    "introduced",
    "report-back",
    "keep-in-touch",
    "note",
]

INIT = [
    "init",
    "--name", "Sam Rivera",
    "--email", "sam@example.com",
    "--timezone", "America/New_York",
    "--availability", "Mon-Fri 08:00-20:00",
]  # fmt: skip


@pytest.fixture
def ccb(cc, database_url: str, monkeypatch: pytest.MonkeyPatch):
    """Sam's workspace through the CLI on each backend (SQLite; PostgreSQL when enabled)."""
    monkeypatch.setenv("COFFEECHAT_DATABASE_URL", database_url)
    cc(*INIT)
    return cc


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch):
    """Moves "now" for the commands that follow: ``clock("2026-12-03T09:00:00-05:00")``."""

    def set_now(iso: str) -> None:
        monkeypatch.setenv("COFFEECHAT_NOW", iso)

    return set_now


def error_line(result) -> str:
    return result.stderr.strip()


def stage(cc, ref: str = "ada") -> str:
    return cc.json("contact", "show", ref)["stage"]


def timeline(cc, ref: str = "ada") -> list[dict[str, Any]]:
    return cc.json("contact", "show", ref)["timeline"]


def board(cc) -> dict[str, list[str]]:
    """Stage → names, for the stages that have someone."""
    return {
        s["stage"]: [c["name"] for c in s["contacts"]]
        for s in cc.json("board")["stages"]
        if s["contacts"]
    }


@pytest.fixture
def ada(ccw) -> dict[str, Any]:
    return ccw.json(
        "contact", "add", "Ada Lovelace", "--company", "Acme", "--title", "Staff Engineer",
        "--timezone", "Europe/London",
    )  # fmt: skip


# --- log -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_can_be_logged(ccw, ada, kind):
    logged = ccw.json("log", "ada", kind, "--note", f"About the {kind}")
    assert {k: v for k, v in logged.items() if k != "contact"} == {
        "id": 1,
        "kind": kind,
        "at": NOW,
        "zone": "America/New_York",
        "note": f"About the {kind}",
        # a meeting held names the conversation it holds (one made for it here)
        "value": "1" if kind == "meeting" else None,
    }
    assert logged["contact"] == {"id": 1, "name": "Ada Lovelace", "stage": stage(ccw)}
    assert [(e["kind"], e["note"]) for e in timeline(ccw)] == [(kind, f"About the {kind}")]


def test_log_says_when_and_the_stage_it_leads_to(ccw, ada):
    result = ccw("log", "ada", "outreach", "--at", "2026-11-23T10:00", "--note", "On LinkedIn")
    assert result.stdout == (
        "Logged outreach with Ada Lovelace on Mon 2026-11-23 10:00 EST (event 1); "
        "stage: reached-out.\n"
    )


def test_log_finds_the_contact_by_id_or_name(ccw, ada):
    ccw("contact", "add", "Grace Hopper")
    assert ccw.json("log", "2", "outreach")["contact"]["name"] == "Grace Hopper"
    assert ccw.json("log", "lovelace", "outreach")["contact"]["name"] == "Ada Lovelace"


def test_times_are_read_in_the_users_zone_and_printed_with_its_offset(ccw, ada):
    written = {
        "2026-11-23T10:00": "2026-11-23T10:00:00-05:00",
        "2026-11-23 10:00": "2026-11-23T10:00:00-05:00",
        "2026-11-23T15:00:00Z": "2026-11-23T10:00:00-05:00",
        "2026-11-23T10:00:00+01:00": "2026-11-23T04:00:00-05:00",
        "2026-11-24T07:30:00+09:00": "2026-11-23T17:30:00-05:00",
        "2026-07-01T10:00": "2026-07-01T10:00:00-04:00",  # summer time in New York
        "2026-11-20": "2026-11-20T00:00:00-05:00",
    }
    logged = {at: ccw.json("log", "ada", "note", "--at", at, "--note", "x")["at"] for at in written}
    assert logged == written


def test_events_keep_the_zone_they_were_logged_in(ccw, ada):
    ccw("log", "ada", "outreach", "--at", "2026-11-23T10:00")
    ccw("settings", "set", "timezone", "Asia/Tokyo")
    ccw("log", "ada", "reply", "--at", "2026-11-25T08:00")
    assert [(e["at"], e["zone"]) for e in timeline(ccw)] == [
        ("2026-11-23T10:00:00-05:00", "America/New_York"),
        ("2026-11-25T08:00:00+09:00", "Asia/Tokyo"),
    ]


LOG_ERRORS = [
    (
        ["ada", "party"],
        "kind: must be one of outreach|reply|follow-up|scheduling-email|meeting|thank-you|"
        "intro-request|introduced|report-back|keep-in-touch|note (got 'party'; example: outreach)",
    ),
    (
        ["ada", "stage"],
        "kind: must be one of outreach|reply|follow-up|scheduling-email|meeting|thank-you|"
        "intro-request|introduced|report-back|keep-in-touch|note (got 'stage'; example: outreach)",
    ),
    (["ada", "note"], "note: a note needs text (got ''; example: --note 'Likes Rust')"),
    (
        ["ada", "note", "--note", "   "],
        "note: a note needs text (got '   '; example: --note 'Likes Rust')",
    ),
    (
        ["ada", "reply", "--at", "yesterday"],
        "at: not an ISO 8601 date-time (got 'yesterday'; example: 2026-11-27T14:30)",
    ),
    (
        ["ada", "reply", "--at", "2026-11-31T10:00"],
        "at: not an ISO 8601 date-time (got '2026-11-31T10:00'; example: 2026-11-27T14:30)",
    ),
    (
        ["grace", "reply"],
        "contact: no contact matches 'grace'; see `coffeechat contact list` for ids and names",
    ),
]


@pytest.mark.parametrize(("args", "error"), LOG_ERRORS, ids=[" ".join(a) for a, _ in LOG_ERRORS])
def test_log_refuses_bad_input_and_logs_nothing(ccw, ada, args, error):
    ccw("log", "ada", "outreach", "--at", "2026-11-23T10:00")
    before = ccw.json("contact", "show", "ada")
    assert error_line(ccw.fails("log", *args)) == f"Error: {error}"
    assert ccw.json("contact", "show", "ada") == before


def test_log_without_a_kind_is_a_usage_error(ccw, ada):
    result = ccw("log", "ada", ok=False)
    assert result.exit_code == 2
    assert "Missing argument 'KIND'" in result.stderr


# --- stages derived from the log -----------------------------------------------------------

# Steps "kind@when" (in 2026, New York time) and the stage they lead to; now is 11-27 09:00.
STAGES = [
    ("", "met"),
    ("outreach@11-20T10:00", "reached-out"),
    ("outreach@11-20T10:00 reply@11-23T10:00", "agreed"),
    ("outreach@11-20T10:00 reply@11-23T10:00 scheduling-email@11-23T12:00", "scheduling"),
    ("reply@11-23T10:00 meeting@12-02T12:30", "scheduled"),  # the meeting is ahead
    ("reply@11-23T10:00 meeting@11-26T12:30", "met-up"),  # the meeting is behind
    ("meeting@11-26T12:30 thank-you@11-26T18:00", "following-up"),
    ("meeting@11-20T12:30 report-back@11-26T18:00", "following-up"),
    ("meeting@11-20T12:30 keep-in-touch@11-26T18:00", "following-up"),
    ("meeting@11-20T12:30 intro-request@11-26T18:00", "following-up"),
    ("meeting@11-20T12:30 introduced@11-26T18:00", "following-up"),
    ("meeting@11-20T12:30 follow-up@11-26T18:00", "following-up"),
    ("outreach@11-16T10:00 follow-up@11-25T10:00", "reached-out"),
    ("follow-up@11-25T10:00", "reached-out"),
    ("note@11-25T10:00", "met"),  # a note changes nothing
    ("thank-you@11-25T10:00", "met"),  # nothing to thank for before the meeting
    ("meeting@11-20T12:30 outreach@11-25T10:00", "met-up"),  # never a step back
    ("reply@11-25T10:00 outreach@11-20T10:00", "agreed"),  # instants count, not log order
]


@pytest.mark.parametrize(("steps", "expected"), STAGES, ids=[s or "nothing" for s, _ in STAGES])
def test_the_stage_follows_the_log(ccw, ada, steps, expected):
    for step in steps.split():
        kind, when = step.split("@")
        ccw("log", "ada", kind, "--at", f"2026-{when}", "--note", "x", "--future")
    assert stage(ccw) == expected
    assert board(ccw) == {expected: ["Ada Lovelace"]}


def test_a_relationship_walks_the_pipeline(ccb, clock):
    """The whole path, the clock moving on, on each backend."""
    ccb("contact", "add", "Ada Lovelace", "--met-on", "2026-11-20")

    def where() -> tuple[str, str]:
        shown = ccb.json("contact", "show", "ada")
        return shown["stage"], shown["stage_since"]

    assert where()[0] == "met"
    ccb("log", "ada", "outreach", "--at", "2026-11-23T10:00")
    assert where() == ("reached-out", "2026-11-23T10:00:00-05:00")
    clock("2026-11-30T09:00:00-05:00")
    ccb("log", "ada", "reply", "--at", "2026-11-29T20:15")
    assert where() == ("agreed", "2026-11-29T20:15:00-05:00")
    ccb("log", "ada", "scheduling-email")
    assert where() == ("scheduling", "2026-11-30T09:00:00-05:00")
    clock("2026-12-01T09:00:00-05:00")
    ccb("log", "ada", "meeting", "--at", "2026-12-03T12:30", "--future")
    # scheduled from the day it was put in the diary, not from the meeting itself
    assert where() == ("scheduled", "2026-12-01T09:00:00-05:00")
    clock("2026-12-03T13:00:00-05:00")
    assert where() == ("met-up", "2026-12-03T12:30:00-05:00")
    clock("2026-12-04T08:00:00-05:00")
    ccb("log", "ada", "thank-you", "--at", "2026-12-03T19:00")
    assert where() == ("following-up", "2026-12-03T19:00:00-05:00")
    assert board(ccb) == {"following-up": ["Ada Lovelace"]}


def test_declined_is_set_by_hand_and_a_later_reply_brings_them_back(ccw, ada, clock):
    ccw("log", "ada", "outreach", "--at", "2026-11-20T10:00")
    ccw("contact", "edit", "ada", "--stage", "declined")
    assert stage(ccw) == "declined"
    clock("2026-12-01T09:00:00-05:00")
    ccw("log", "ada", "follow-up")
    assert stage(ccw) == "declined"
    ccw("log", "ada", "reply")
    assert stage(ccw) == "agreed"


def test_no_reply_set_by_hand_stays_through_a_follow_up(ccw, ada, clock):
    ccw("log", "ada", "outreach", "--at", "2026-11-16T10:00")
    ccw("contact", "edit", "ada", "--stage", "no-reply")
    clock("2026-11-30T09:00:00-05:00")
    ccw("log", "ada", "follow-up")
    assert stage(ccw) == "no-reply"
    assert board(ccw) == {"no-reply": ["Ada Lovelace"]}


# --- board -----------------------------------------------------------------------------


def test_an_empty_board_says_how_to_start(ccw):
    assert ccw("board").stdout == (
        'The board is empty. Add a contact: coffeechat contact add "Ada Lovelace"\n'
    )
    assert ccw.json("board") == {
        "stages": [{"stage": s.value, "contacts": []} for s in BOARD_ORDER]
    }


@pytest.fixture
def pipeline(ccw) -> Any:
    """Four people at three stages."""
    ccw("contact", "add", "Ada Lovelace", "--company", "Acme", "--title", "Staff Engineer",
        "--met-on", "2026-11-20")  # fmt: skip
    ccw("contact", "add", "Grace Hopper", "--company", "US Navy")
    ccw("log", "grace", "outreach", "--at", "2026-11-25T09:00")
    ccw("contact", "add", "Alan Turing", "--title", "Researcher")
    ccw("log", "alan", "outreach", "--at", "2026-11-13T21:00")
    ccw("contact", "add", "Katherine Johnson")
    ccw("log", "katherine", "reply", "--at", "2026-11-27T06:00")
    return ccw


def test_board_json_lists_every_stage_longest_waiting_first(pipeline):
    # Ada has waited since noon on the day they met; nobody logged anything for her yet
    assert pipeline.json("board") == {
        "stages": [
            {
                "stage": "met",
                "contacts": [
                    {
                        "id": 1,
                        "name": "Ada Lovelace",
                        "company": "Acme",
                        "title": "Staff Engineer",
                        "since": "2026-11-20T12:00:00-05:00",
                        "waiting_days": 6.9,
                    }
                ],
            },
            {"stage": "intro-offered", "contacts": []},
            {
                "stage": "reached-out",
                "contacts": [
                    {
                        "id": 3,
                        "name": "Alan Turing",
                        "company": None,
                        "title": "Researcher",
                        "since": "2026-11-13T21:00:00-05:00",
                        "waiting_days": 13.5,
                    },
                    {
                        "id": 2,
                        "name": "Grace Hopper",
                        "company": "US Navy",
                        "title": None,
                        "since": "2026-11-25T09:00:00-05:00",
                        "waiting_days": 2.0,
                    },
                ],
            },
            {
                "stage": "agreed",
                "contacts": [
                    {
                        "id": 4,
                        "name": "Katherine Johnson",
                        "company": None,
                        "title": None,
                        "since": "2026-11-27T06:00:00-05:00",
                        "waiting_days": 0.1,
                    }
                ],
            },
            *({"stage": s.value, "contacts": []} for s in BOARD_ORDER[4:]),
        ]
    }


def test_board_shows_stages_with_how_long_each_has_waited(pipeline):
    assert pipeline("board").stdout == (
        "met (1)\n"
        "    6d  Ada Lovelace, Staff Engineer at Acme  (id 1)\n"
        "\n"
        "reached-out (2)\n"
        "   13d  Alan Turing, Researcher  (id 3)\n"
        "    2d  Grace Hopper, US Navy  (id 2)\n"
        "\n"
        "agreed (1)\n"
        "    3h  Katherine Johnson  (id 4)\n"
    )


def _column(board: dict, stage: str) -> dict:
    return next(column for column in board["stages"] if column["stage"] == stage)


def test_board_times_carry_the_offset_of_the_users_zone(ccw, ada):
    ccw("log", "ada", "outreach", "--at", "2026-07-15T10:00")
    since = _column(ccw.json("board"), "reached-out")["contacts"][0]
    summer = dt.datetime(2026, 7, 15, 14, 0, tzinfo=dt.UTC)
    assert since["since"] == "2026-07-15T10:00:00-04:00"
    assert since["waiting_days"] == round((NOW_DT - summer).total_seconds() / 86400, 1)
    ccw("settings", "set", "timezone", "Europe/Paris")
    reached = _column(ccw.json("board"), "reached-out")
    assert reached["contacts"][0]["since"] == "2026-07-15T16:00:00+02:00"
    assert ccw.json("contact", "show", "ada")["created_at"] == "2026-11-27T15:00:00+01:00"


@pytest.mark.parametrize(
    ("zone", "since"),
    [
        ("America/New_York", "2026-11-20T12:00:00-05:00"),
        ("Pacific/Auckland", "2026-11-20T12:00:00+13:00"),
        ("Pacific/Honolulu", "2026-11-20T12:00:00-10:00"),
    ],
)
def test_a_new_contact_waits_from_the_day_met_in_the_users_own_calendar(ccw, zone, since):
    ccw("settings", "set", "timezone", zone)
    assert ccw.json("contact", "add", "Ada", "--met-on", "2026-11-20")["stage_since"] == since
    assert ccw.json("board")["stages"][0]["contacts"][0]["since"] == since


def test_a_meeting_ahead_has_not_kept_anyone_waiting(ccw, ada):
    ccw("log", "ada", "meeting", "--at", "2026-12-02T12:30", "--future")
    entry = _column(ccw.json("board"), "scheduled")
    assert (entry["contacts"][0]["since"], entry["contacts"][0]["waiting_days"]) == (NOW, 0.0)


# --- search ----------------------------------------------------------------------------

RESULT_FIELDS = ["kind", "id", "title", "snippet", "score", "contact_id"]


@pytest.fixture
def network(ccb) -> Any:
    """Ada at Acme Robotics with a note about Brooklyn, Grace at the Navy, and Acme itself."""
    ccb("company", "add", "Acme Robotics", "--website", "acme.example",
        "--note", "Warehouse robots, hiring in spring")  # fmt: skip
    ccb("contact", "add", "Ada Lovelace", "--company", "Acme Robotics", "--title", "Engineer",
        "--tag", "python", "--note", "Loves analytical engines")  # fmt: skip
    ccb("contact", "add", "Grace Hopper", "--company", "US Navy", "--title", "Rear Admiral",
        "--email", "grace@navy.example")  # fmt: skip
    ccb("log", "ada", "note", "--note", "Suggested the Rust meetup in Brooklyn")
    ccb("log", "grace", "reply", "--note", "Happy to talk about compilers")
    return ccb


def search(cc, *words: str) -> list[tuple[str, str]]:
    return [(r["kind"], r["title"]) for r in cc.json("search", *words)["results"]]


def test_search_json_shape(network):
    document = network.json("search", "brooklyn")
    assert list(document) == ["query", "results"]
    assert document["query"] == "brooklyn"
    [hit] = document["results"]
    assert list(hit) == RESULT_FIELDS
    assert (hit["kind"], hit["id"], hit["title"], hit["contact_id"]) == (
        "note",
        1,
        "Ada Lovelace: note",
        1,
    )
    assert "**Brooklyn**" in hit["snippet"]
    assert "Rust meetup" in hit["snippet"]
    assert isinstance(hit["score"], float)


def test_search_finds_contacts_companies_and_notes(network):
    assert sorted(search(network, "acme")) == [
        ("company", "Acme Robotics"),
        ("contact", "Ada Lovelace"),
    ]
    assert search(network, "compilers") == [("note", "Grace Hopper: reply")]
    assert search(network, "engines") == [("contact", "Ada Lovelace")]
    assert search(network, "warehouse") == [("company", "Acme Robotics")]
    assert search(network, "admiral") == [("contact", "Grace Hopper")]
    assert search(network, "python") == [("contact", "Ada Lovelace")]


def test_each_hit_points_at_its_contact(network):
    hits = {r["kind"]: r for r in network.json("search", "acme")["results"]}
    assert hits["company"]["contact_id"] is None
    assert hits["company"]["id"] == 1
    assert hits["contact"]["contact_id"] == hits["contact"]["id"] == 1
    [note] = network.json("search", "compilers")["results"]
    assert note["contact_id"] == 2


def test_search_matches_word_prefixes_and_needs_every_word(network):
    assert search(network, "brook") == [("note", "Ada Lovelace: note")]
    assert search(network, "rust", "brooklyn") == [("note", "Ada Lovelace: note")]
    assert search(network, "rust meet") == [("note", "Ada Lovelace: note")]
    assert search(network, "rust", "paris") == []
    assert search(network, "ROBOT") != []
    assert search(network, "obot") == []


def test_search_snippets_mark_the_words_found(network):
    snippets = [r["snippet"] for r in network.json("search", "lovelace")["results"]]
    assert snippets
    assert all("**Lovelace**" in s for s in snippets)


def test_search_results_are_best_first(network):
    for i in range(3):
        network("log", "grace", "note", "--note", f"Robots, robots and more robots {i}")
    scores = [r["score"] for r in network.json("search", "robots")["results"]]
    assert len(scores) == 4
    assert scores == sorted(scores, reverse=True)


def test_search_limit(network):
    assert len(network.json("search", "a", "--limit", "1")["results"]) == 1


def test_search_syntax_in_the_query_is_plain_text(network):
    # the words reach the database as bound text, never as query syntax
    found = {
        query: sorted(search(network, query))
        for query in ['"acme"', "acme*", "(acme)", "acme:", "acme OR", "NEAR(acme robotics)"]
    }
    acme = [("company", "Acme Robotics"), ("contact", "Ada Lovelace")]
    assert found == {
        '"acme"': acme,
        "acme*": acme,
        "(acme)": acme,
        "acme:": acme,
        "acme OR": [],  # every word must match, "or" included
        "NEAR(acme robotics)": [],
    }
    assert search(network, 'acme" OR "navy') == []


def test_search_prints_hits_with_their_snippets(ccw):
    ccw("company", "add", "Acme Robotics")
    ccw("contact", "add", "Ada Lovelace")
    ccw("log", "ada", "note", "--note", "Met her at the Acme booth")
    out = ccw("search", "acme").stdout
    lines = out.splitlines()
    assert len(lines) == 4
    assert sorted(lines[0::2]) == [
        "company  Acme Robotics  (company 1)",
        "note     Ada Lovelace: note  (contact 1)",
    ]
    assert "**" not in out
    assert "         Met her at the Acme booth" in lines


def test_search_says_when_nothing_matches(ccw, ada):
    assert ccw("search", "zebra").stdout == "Nothing matches 'zebra'.\n"
    assert ccw.json("search", "zebra") == {"query": "zebra", "results": []}


@pytest.mark.parametrize("query", ["   ", "!!!", "? -"])
def test_search_needs_a_word(ccw, query):
    result = ccw.fails("search", query)
    assert error_line(result) == (
        f"Error: query: give at least one word to look for (got {query!r}; example: acme)"
    )


def test_search_without_words_is_a_usage_error(ccw):
    result = ccw("search", ok=False)
    assert result.exit_code == 2
    assert "Missing argument 'WORDS...'" in result.stderr


def test_search_follows_edits(ccb):
    ccb("contact", "add", "Ada Lovelace", "--title", "Engineer")
    ccb("contact", "edit", "ada", "--title", "Mathematician")
    assert search(ccb, "mathematician") == [("contact", "Ada Lovelace")]
    assert search(ccb, "engineer") == []
