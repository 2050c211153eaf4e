"""Companies through the CLI: the LAMP target list (List, Advocacy, Motivation, Posting).

Ranked by motivation (0-3), then posting (1-3), then advocacy (yes first); the top five are
the active ones, the employers to work on now.
"""

from __future__ import annotations

from typing import Any

import pytest


def error_line(result) -> str:
    return result.stderr.strip()


def companies(cc) -> list[dict[str, Any]]:
    return cc.json("company", "list")["companies"]


def ranking(cc) -> list[tuple[int, str, bool]]:
    """(rank, name, active) down the target list."""
    return [(c["rank"], c["name"], c["active"]) for c in companies(cc)]


# --- company add -----------------------------------------------------------------------


def test_add_with_every_option_prints_the_company(ccw):
    added = ccw.json(
        "company", "add", "Acme Robotics",
        "--advocacy", "yes",
        "--motivation", "3",
        "--posting", "2",
        "--website", "https://acme.example/careers",
        "--note", "Robots for warehouses",
    )  # fmt: skip
    assert added == {
        "id": 1,
        "name": "Acme Robotics",
        "website": "https://acme.example/careers",
        "advocacy": True,
        "motivation": 3,
        "posting": 2,
        "note": "Robots for warehouses",
        "rank": 1,
        "active": True,
        "target": True,
        "contacts": [],
    }
    assert ccw.json("company", "show", "acme") == added


def test_add_with_a_name_only_is_unscored(ccw):
    assert ccw.json("company", "add", "  Initech  ") == {
        "id": 1,
        "name": "Initech",
        "website": None,
        "advocacy": None,
        "motivation": None,
        "posting": None,
        "note": None,
        "rank": 1,
        "active": True,
        "target": True,
        "contacts": [],
    }


def test_add_says_where_the_company_ranks(ccw):
    ccw("company", "add", "Acme", "--motivation", "3")
    assert ccw("company", "add", "Initech", "--motivation", "1").stdout == (
        "Added Initech (id 2), rank 2.\n"
    )


def test_advocacy_is_yes_or_no(ccw):
    spelled = {"yes": True, "Y": True, "true": True, "1": True, "no": False, "N": False,
               "false": False, "0": False}  # fmt: skip
    found = {
        given: ccw.json("company", "add", f"Company {i}", "--advocacy", given)["advocacy"]
        for i, given in enumerate(spelled)
    }
    assert found == spelled


def test_a_website_without_a_scheme_gets_https(ccw):
    assert ccw.json("company", "add", "Acme", "--website", "acme.example")["website"] == (
        "https://acme.example"
    )


def test_every_score_in_range_is_accepted(ccw):
    for motivation in range(4):
        for posting in range(1, 4):
            added = ccw.json(
                "company", "add", f"M{motivation}P{posting}",
                "--motivation", str(motivation), "--posting", str(posting),
            )  # fmt: skip
            assert (added["motivation"], added["posting"]) == (motivation, posting)
    assert len(companies(ccw)) == 12


INVALID = [
    (["--motivation", "4"], "motivation: must be between 0 and 3 (got 4; example: 3)"),
    (["--motivation", "-1"], "motivation: must be between 0 and 3 (got -1; example: 3)"),
    (["--posting", "0"], "posting: must be between 1 and 3 (got 0; example: 3)"),
    (["--posting", "4"], "posting: must be between 1 and 3 (got 4; example: 3)"),
    (["--advocacy", "maybe"], "advocacy: must be yes or no (got 'maybe'; example: yes)"),
    (
        ["--website", "not a site"],
        "website: not a web address (got 'not a site'; example: https://example.com)",
    ),
    (
        ["--website", "ftp://acme.example"],
        "website: not a web address (got 'ftp://acme.example'; example: https://example.com)",
    ),
]


@pytest.mark.parametrize(("options", "error"), INVALID, ids=[" ".join(o) for o, _ in INVALID])
def test_add_and_edit_refuse_out_of_range_values_and_change_nothing(ccw, options, error):
    ccw("company", "add", "Acme", "--motivation", "2", "--posting", "2", "--advocacy", "no")
    before = companies(ccw)
    added = ccw.fails("company", "add", "Initech", "--motivation", "1", *options)
    edited = ccw.fails("company", "edit", "acme", "--motivation", "1", *options)
    assert error_line(added) == error_line(edited) == f"Error: {error}"
    assert companies(ccw) == before


@pytest.mark.parametrize(
    ("option", "field", "example"),
    [("--motivation", "motivation", "3"), ("--posting", "posting", "3")],
)
def test_a_score_that_is_not_a_number_names_the_field(ccw, option, field, example):
    result = ccw.fails("company", "add", "Acme", option, "three")
    low = 0 if field == "motivation" else 1
    assert error_line(result) == (
        f"Error: {field}: must be a whole number between {low} and 3 "
        f"(got 'three'; example: {example})"
    )
    assert companies(ccw) == []


def test_an_empty_score_clears_it(ccw):
    ccw("company", "add", "Acme", "--motivation", "3", "--posting", "2")
    cleared = ccw.json("company", "edit", "acme", "--motivation", "", "--posting", "")
    assert (cleared["motivation"], cleared["posting"]) == (None, None)


@pytest.mark.parametrize("spelling", ["Acme", "acme", "  ACME  "])
def test_a_company_is_added_once(ccw, spelling):
    ccw("company", "add", "Acme", "--motivation", "3")
    result = ccw.fails("company", "add", spelling, "--motivation", "1")
    assert error_line(result) == (
        f"Error: company: {spelling.strip()!r} is already in the workspace; "
        f"change it with `coffeechat company edit {spelling.strip()!r}`"
    )
    assert [(c["name"], c["motivation"]) for c in companies(ccw)] == [("Acme", 3)]


def test_a_company_needs_a_name(ccw):
    result = ccw.fails("company", "add", " ")
    assert error_line(result) == "Error: name: cannot be empty (got ' '; example: Ada Lovelace)"


# --- company list: the LAMP ranking ------------------------------------------------------


def test_list_ranks_by_motivation_then_posting_then_advocacy(ccw):
    # added in an order that is none of the keys, so the ranking has to sort
    for name, advocacy, motivation, posting in [
        ("Globex", "no", "3", "3"),
        ("Umbrella", "no", "1", "3"),
        ("Acme", "yes", "2", "2"),
        ("Hooli", "yes", "3", "3"),
        ("Initech", "no", "2", "3"),
        ("Stark", "yes", "2", "1"),
        ("Wayne", "no", "2", "2"),
        ("Cyberdyne", "yes", "0", "3"),
    ]:
        ccw(
            "company", "add", name,
            "--advocacy", advocacy, "--motivation", motivation, "--posting", posting,
        )  # fmt: skip
    assert ranking(ccw) == [
        (1, "Hooli", True),  # motivation 3, posting 3, advocacy yes
        (2, "Globex", True),  # motivation 3, posting 3, advocacy no
        (3, "Initech", True),  # motivation 2, posting 3
        (4, "Acme", True),  # motivation 2, posting 2, advocacy yes
        (5, "Wayne", True),  # motivation 2, posting 2, advocacy no
        (6, "Stark", False),  # motivation 2, posting 1
        (7, "Umbrella", False),  # motivation 1
        (8, "Cyberdyne", False),  # motivation 0
    ]


def test_unscored_companies_rank_after_scored_ones(ccw):
    ccw("company", "add", "Zeta")
    ccw("company", "add", "Alpha")
    ccw("company", "add", "Omega", "--motivation", "0", "--posting", "1")
    ccw("company", "add", "Beta", "--advocacy", "yes")
    ccw("company", "add", "Gamma", "--advocacy", "no")
    assert [name for _, name, _ in ranking(ccw)] == ["Omega", "Beta", "Alpha", "Zeta", "Gamma"]


def test_only_the_top_five_are_active(ccw):
    for motivation, name in enumerate(["F", "E", "D", "C"]):
        ccw("company", "add", name, "--motivation", str(motivation))
    ccw("company", "add", "B", "--motivation", "3", "--posting", "1")
    assert [active for _, _, active in ranking(ccw)] == [True] * 5
    ccw("company", "add", "A", "--motivation", "3", "--posting", "3")
    assert ranking(ccw) == [
        (1, "A", True),
        (2, "B", True),
        (3, "C", True),
        (4, "D", True),
        (5, "E", True),
        (6, "F", False),
    ]


def test_list_json_carries_the_contacts_who_work_there(ccw):
    ccw("company", "add", "Acme", "--advocacy", "yes", "--motivation", "3", "--posting", "2")
    ccw("contact", "add", "Grace Hopper", "--company", "acme")
    ccw("contact", "add", "Ada Lovelace", "--company", "Acme")
    ccw("contact", "add", "Alan Turing", "--company", "Bletchley")
    assert ccw.json("company", "list") == {
        "companies": [
            {
                "id": 1,
                "name": "Acme",
                "website": None,
                "advocacy": True,
                "motivation": 3,
                "posting": 2,
                "note": None,
                "rank": 1,
                "active": True,
                "target": True,
                "contacts": [{"id": 2, "name": "Ada Lovelace"}, {"id": 1, "name": "Grace Hopper"}],
            },
            {
                "id": 2,
                "name": "Bletchley",
                "website": None,
                "advocacy": None,
                "motivation": None,
                "posting": None,
                "note": None,
                # came with a contact: a company, not a target (issue 13)
                "rank": None,
                "active": False,
                "target": False,
                "contacts": [{"id": 3, "name": "Alan Turing"}],
            },
        ]
    }


def test_list_is_a_ranked_table(ccw):
    ccw("company", "add", "Acme", "--advocacy", "yes", "--motivation", "3", "--posting", "2")
    ccw("company", "add", "Initech", "--advocacy", "no", "--motivation", "1")
    for motivation in "2222":
        ccw("company", "add", f"Filler {len(companies(ccw))}", "--motivation", motivation)
    ccw("contact", "add", "Ada Lovelace", "--company", "Acme")
    ccw("contact", "add", "Grace Hopper", "--company", "Acme")
    assert ccw("company", "list").stdout == (
        "RANK  ACTIVE  COMPANY   ADVOCACY  MOTIVATION  POSTING  CONTACTS\n"
        "1     *       Acme      yes       3           2        Ada Lovelace, Grace Hopper\n"
        "2     *       Filler 2  -         2           -\n"
        "3     *       Filler 3  -         2           -\n"
        "4     *       Filler 4  -         2           -\n"
        "5     *       Filler 5  -         2           -\n"
        "6             Initech   no        1           -\n"
        "\n"
        "* active: the top five, the ones to work on now.\n"
    )


def test_an_empty_list_says_how_to_start(ccw):
    assert ccw("company", "list").stdout == (
        "No companies yet. Add a target: coffeechat company add Acme --motivation 3\n"
    )
    assert ccw.json("company", "list") == {"companies": []}


# --- company show ----------------------------------------------------------------------


def test_show_prints_the_company_its_rank_and_its_people(ccw):
    ccw("company", "add", "Acme", "--advocacy", "no", "--motivation", "2", "--posting", "3",
        "--website", "acme.example", "--note", "Hiring in spring")  # fmt: skip
    ccw("company", "add", "Hooli", "--motivation", "3")
    ccw("contact", "add", "Ada Lovelace", "--company", "Acme")
    assert ccw("company", "show", "acme").stdout == (
        "Acme  (id 1, rank 2, active)\n"
        "  website:    https://acme.example\n"
        "  advocacy:   no\n"
        "  motivation: 2/3\n"
        "  posting:    3/3\n"
        "  note:       Hiring in spring\n"
        "  contacts:   Ada Lovelace (id 1)\n"
    )


def test_companies_are_found_by_id_or_an_unambiguous_part_of_the_name(ccw):
    for name in ("Acme Robotics", "Acme Foods", "Initech", "Acme"):
        ccw("company", "add", name)
    found = {
        "1": "Acme Robotics",
        "robotics": "Acme Robotics",
        "acme foods": "Acme Foods",
        "init": "Initech",
        "ACME": "Acme",  # an exact name wins over the partial matches
    }
    assert {ref: ccw.json("company", "show", ref)["name"] for ref in found} == found


def test_an_unknown_company_is_one_line(ccw):
    ccw("company", "add", "Acme")
    for command in (["show", "Initech"], ["edit", "Initech", "--motivation", "2"]):
        assert error_line(ccw.fails("company", *command)) == (
            "Error: company: no company matches 'Initech'; see `coffeechat company list`"
        )


def test_an_ambiguous_company_lists_the_candidates(ccw):
    ccw("company", "add", "Acme Robotics")
    ccw("company", "add", "Acme Foods")
    assert error_line(ccw.fails("company", "show", "acme")) == (
        "Error: company: 'acme' matches 2 companies: Acme Robotics (id 1), Acme Foods (id 2); "
        "give the id or the full name"
    )


# --- company edit ----------------------------------------------------------------------


def test_edit_changes_the_scores_and_the_rank_follows(ccw):
    ccw("company", "add", "Acme", "--motivation", "2", "--posting", "2")
    ccw("company", "add", "Initech", "--motivation", "3", "--posting", "1")
    assert ranking(ccw)[0][1] == "Initech"
    result = ccw("company", "edit", "acme", "--motivation", "3", "--posting", "3")
    assert result.stdout == "Updated Acme (id 1), rank 1.\n"
    assert ranking(ccw) == [(1, "Acme", True), (2, "Initech", True)]


def test_edit_json_changes_only_what_is_given(ccw):
    before = ccw.json("company", "add", "Acme", "--advocacy", "yes", "--motivation", "2",
                      "--posting", "2", "--website", "acme.example")  # fmt: skip
    after = ccw.json("company", "edit", "acme", "--posting", "3")
    assert after == {**before, "posting": 3}


def test_an_empty_value_clears_advocacy_website_and_note(ccw):
    ccw("company", "add", "Acme", "--advocacy", "yes", "--website", "acme.example",
        "--note", "Hiring", "--motivation", "2")  # fmt: skip
    after = ccw.json("company", "edit", "acme", "--advocacy", "", "--website", "", "--note", "")
    assert (after["advocacy"], after["website"], after["note"]) == (None, None, None)
    assert after["motivation"] == 2


def test_renaming_a_company_follows_its_contacts(ccw):
    ccw("company", "add", "Acme")
    ccw("contact", "add", "Ada Lovelace", "--company", "Acme")
    renamed = ccw.json("company", "edit", "acme", "--name", "Acme Robotics")
    assert renamed["name"] == "Acme Robotics"
    assert renamed["contacts"] == [{"id": 1, "name": "Ada Lovelace"}]
    assert ccw.json("contact", "show", "ada")["company"] == "Acme Robotics"
    hits = ccw.json("search", "robotics")["results"]
    assert {(h["kind"], h["title"]) for h in hits} == {
        ("company", "Acme Robotics"),
        ("contact", "Ada Lovelace"),
    }


def test_a_company_cannot_take_the_name_of_another(ccw):
    ccw("company", "add", "Acme")
    ccw("company", "add", "Initech")
    result = ccw.fails("company", "edit", "acme", "--name", "initech")
    assert error_line(result) == (
        "Error: company: 'initech' is already in the workspace; "
        "change it with `coffeechat company edit 'initech'`"
    )
    assert [c["name"] for c in companies(ccw)] == ["Acme", "Initech"]
    # changing only the capitals of its own name is fine
    assert ccw.json("company", "edit", "acme", "--name", "ACME")["name"] == "ACME"
