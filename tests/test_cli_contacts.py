"""Contacts through the CLI: add, edit, show, list and remove, bad input included.

The workspace belongs to Sam Rivera in New York; "now" is Friday 27 November 2026, 09:00
there (conftest.py), so every instant in JSON carries -05:00.
"""

from __future__ import annotations

from typing import Any

import pytest

from conftest import NOW

#: The fields `contact list --json` promises for each contact (issue 2).
LIST_FIELDS = {
    "id",
    "name",
    "emails",
    "company",
    "title",
    "seniority",
    "timezone",
    "country",
    "work_hours",
    "how_met",
    "stage",
    "tags",
}


#: A contact added with nothing but a name, as JSON (id aside).
BARE = {
    "emails": [],
    "phone": None,
    "linkedin": None,
    "company": None,
    "company_id": None,
    "title": None,
    "seniority": None,
    "city": None,
    "timezone": None,
    "country": None,
    "work_hours": "Mon-Fri 09:00-17:00",
    "how_met": None,
    "met_at": None,
    "met_on": None,
    "introduced_by": None,
    "tags": [],
    "note": None,
    "reason": None,
    "stage": "met",
    "stage_since": NOW,
    "last_event_at": None,
    "keep_in_touch": None,
    "created_at": NOW,
}


def snapshot(cc) -> tuple[Any, Any]:
    """What a failed command must leave alone: the contacts (with stages) and companies."""
    return cc.json("contact", "list"), cc.json("company", "list")


def names(cc, *filters: str) -> list[str]:
    return [c["name"] for c in cc.json("contact", "list", *filters)["contacts"]]


def error_line(result) -> str:
    return result.stderr.strip()


@pytest.fixture
def ada(ccw) -> dict[str, Any]:
    """Ada Lovelace, met at PyData London, with most fields filled in."""
    return ccw.json(
        "contact", "add", "Ada Lovelace",
        "--email", "ada@example.com",
        "--company", "Acme",
        "--title", "Staff Engineer",
        "--seniority", "senior",
        "--city", "London",
        "--timezone", "Europe/London",
        "--how-met", "event",
        "--met-at", "PyData London",
        "--met-on", "2026-11-20",
        "--tag", "python",
        "--note", "Loves analytical engines",
    )  # fmt: skip


# --- contact add -----------------------------------------------------------------------


def test_add_with_every_option_prints_the_new_contact(ccw):
    ccw("contact", "add", "Charles Babbage")
    added = ccw.json(
        "contact", "add", "Ada Lovelace",
        "--email", "ada@example.com",
        "--email", "Ada.Lovelace@ACME.Example",
        "--phone", "+44 20 7946 0000",
        "--linkedin", "ada-lovelace",
        "--company", "Acme Robotics",
        "--title", "Staff Engineer",
        "--seniority", "senior",
        "--city", "London",
        "--timezone", "Europe/London",
        "--work-hours", "Mon-Thu 10:00-18:00",
        "--country", "ie",
        "--how-met", "event",
        "--met-at", "PyData London",
        "--met-on", "2026-11-20",
        "--introduced-by", "babbage",
        "--tag", "python",
        "--tag", "Mentor",
        "--note", "Loves analytical engines.\nAsk about the Difference Engine.",
        "--reason", "your  talk on\tthe Analytical Engine",
    )  # fmt: skip
    assert added == {
        "id": 2,
        "name": "Ada Lovelace",
        "emails": ["ada@example.com", "Ada.Lovelace@acme.example"],
        "phone": "+44 20 7946 0000",
        "linkedin": "https://www.linkedin.com/in/ada-lovelace",
        "company": "Acme Robotics",
        "company_id": 1,
        "title": "Staff Engineer",
        "seniority": "senior",
        "city": "London",
        "timezone": "Europe/London",
        "country": "IE",
        "work_hours": "Mon-Thu 10:00-18:00",
        "how_met": "event",
        "met_at": "PyData London",
        "met_on": "2026-11-20",
        "introduced_by": {"id": 1, "name": "Charles Babbage"},
        "tags": ["mentor", "python"],
        "note": "Loves analytical engines.\nAsk about the Difference Engine.",
        "reason": "your talk on the Analytical Engine",  # spaces made single
        "stage": "met",
        "stage_since": "2026-11-20T12:00:00-05:00",  # met on: noon that day, Sam's time
        "last_event_at": None,
        "keep_in_touch": None,
        "created_at": NOW,
    }
    shown = ccw.json("contact", "show", "2")
    assert {k: shown[k] for k in added} == added
    assert shown["timeline"] == []


def test_add_with_a_name_only_takes_the_defaults(ccw):
    assert ccw.json("contact", "add", "  Ada   Lovelace ") == {
        "id": 1,
        "name": "Ada Lovelace",
        **BARE,
    }


def test_add_says_what_to_do_next(ccw):
    result = ccw("contact", "add", "Ada Lovelace", "--company", "Acme", "--title", "CTO")
    assert result.stdout == (
        "Added Ada Lovelace, CTO at Acme (id 1).\n"
        "When you have written to them: coffeechat log 1 outreach\n"
    )


def test_emails_keep_their_order_without_duplicates(ccw):
    added = ccw.json(
        "contact", "add", "Ada Lovelace",
        "--email", "ada@work.example",
        "--email", "ada@home.example",
        "--email", "ada@WORK.example",
    )  # fmt: skip
    assert added["emails"] == ["ada@work.example", "ada@home.example"]


def test_tags_are_lower_case_sorted_and_unique(ccw):
    added = ccw.json(
        "contact", "add", "Ada Lovelace", "--tag", "Python", "--tag", "data  science",
        "--tag", "python", "--tag", "AI",
    )  # fmt: skip
    assert added["tags"] == ["ai", "data science", "python"]


def added(cc, option: str, values: list[str], field: str) -> dict[str, Any]:
    """Add one contact per value of ``option``; what ``field`` became for each value."""
    return {
        value: cc.json("contact", "add", f"Contact {i}", option, value)[field]
        for i, value in enumerate(values)
    }


def test_country_comes_from_the_zone_when_not_given(ccw):
    countries = {
        "America/New_York": "US",
        "Europe/London": "GB",
        "Europe/Berlin": "DE",
        "Asia/Tokyo": "JP",
        "Pacific/Auckland": "NZ",
        "America/Sao_Paulo": "BR",
        "Etc/UTC": None,
    }
    assert added(ccw, "--timezone", list(countries), "country") == countries


def test_a_given_country_wins_over_the_zone(ccw):
    added = ccw.json("contact", "add", "Ada", "--timezone", "America/New_York", "--country", "ca")
    assert added["country"] == "CA"


def test_work_hours_are_stored_in_their_canonical_form(ccw):
    canonical = {
        "Mon-Fri 09:00-17:00": "Mon-Fri 09:00-17:00",
        "weekdays 8:30-16:30": "Mon-Fri 08:30-16:30",
        "Mon,Wed 09:00-12:00; Fri 13:00-17:00": "Mon 09:00-12:00; Wed 09:00-12:00; Fri 13:00-17:00",
        "daily 10:00-12:00 14:00-18:00": "Mon-Sun 10:00-12:00 14:00-18:00",
        "Tue-Sat 12:00-24:00": "Tue-Sat 12:00-24:00",
    }
    assert added(ccw, "--work-hours", list(canonical), "work_hours") == canonical


def test_every_seniority(ccw):
    given = ["entry", "MID", "Senior", "lead", "executive"]
    assert list(added(ccw, "--seniority", given, "seniority").values()) == [
        "entry",
        "mid",
        "senior",
        "lead",
        "executive",
    ]


def test_every_way_of_meeting(ccw):
    ways = ["event", "online", "introduced", "already-known", "other"]
    assert added(ccw, "--how-met", ways, "how_met") == {way: way for way in ways}


def test_linkedin_is_stored_as_a_profile_url(ccw):
    urls = {
        "ada-lovelace": "https://www.linkedin.com/in/ada-lovelace",
        "linkedin.com/in/ada": "https://linkedin.com/in/ada",
        "https://uk.linkedin.com/in/ada": "https://uk.linkedin.com/in/ada",
    }
    assert added(ccw, "--linkedin", list(urls), "linkedin") == urls


def test_introduced_by_means_they_were_introduced(ccw):
    ccw("contact", "add", "Charles Babbage")
    ada = ccw.json("contact", "add", "Ada Lovelace", "--introduced-by", "1")
    assert ada["introduced_by"] == {"id": 1, "name": "Charles Babbage"}
    assert ada["how_met"] == "introduced"
    grace = ccw.json(
        "contact", "add", "Grace Hopper", "--introduced-by", "charles", "--how-met", "event"
    )
    assert grace["how_met"] == "event"
    charles = ccw.json("contact", "show", "charles")
    assert charles["introduced"] == [
        {"id": 2, "name": "Ada Lovelace"},
        {"id": 3, "name": "Grace Hopper"},
    ]


def test_a_new_company_joins_the_target_list_and_a_known_one_is_reused(ccw):
    ccw("company", "add", "Acme", "--motivation", "3")
    ada = ccw.json("contact", "add", "Ada Lovelace", "--company", "  acme ")
    grace = ccw.json("contact", "add", "Grace Hopper", "--company", "US Navy")
    assert (ada["company"], ada["company_id"]) == ("Acme", 1)
    assert (grace["company"], grace["company_id"]) == ("US Navy", 2)
    companies = ccw.json("company", "list")["companies"]
    assert [(c["name"], c["contacts"]) for c in companies] == [
        ("Acme", [{"id": 1, "name": "Ada Lovelace"}]),
        ("US Navy", [{"id": 2, "name": "Grace Hopper"}]),
    ]


# --- invalid values --------------------------------------------------------------------

INVALID = [
    (
        ["--timezone", "Mars/Olympus"],
        "timezone: not an IANA time zone (got 'Mars/Olympus'; example: Europe/Paris)",
    ),
    (
        ["--timezone", "New York"],
        "timezone: unknown time zone 'New York'; did you mean America/New_York?",
    ),
    (
        ["--email", "ada-at-example.com"],
        "email: not an e-mail address (got 'ada-at-example.com'; example: ada@example.com)",
    ),
    (
        ["--email", "ada@example.com", "--email", "ada@"],
        "email: not an e-mail address (got 'ada@'; example: ada@example.com)",
    ),
    (
        ["--work-hours", "9-5"],
        "work_hours: no HH:MM-HH:MM interval in '9-5' (got '9-5'; example: Mon-Fri 09:00-17:00)",
    ),
    (
        ["--work-hours", "Mon-Fri 17:00-09:00"],
        "work_hours: '17:00-09:00' ends before it starts "
        "(got 'Mon-Fri 17:00-09:00'; example: Mon-Fri 09:00-17:00)",
    ),
    (
        ["--work-hours", "Funday 09:00-17:00"],
        "work_hours: unknown days 'Funday' (use Mon..Sun, weekdays, daily) "
        "(got 'Funday 09:00-17:00'; example: Mon-Fri 09:00-17:00)",
    ),
    (
        ["--work-hours", "Mon-Fri 09:00-25:00"],
        "work_hours: '09:00-25:00' is not a time of day "
        "(got 'Mon-Fri 09:00-25:00'; example: Mon-Fri 09:00-17:00)",
    ),
    (
        ["--introduced-by", "Nobody"],
        "introduced_by: no contact by that name or id (got 'Nobody'; example: Ada Lovelace)",
    ),
    (
        ["--seniority", "boss"],
        "seniority: must be one of entry|mid|senior|lead|executive (got 'boss'; example: entry)",
    ),
    (
        ["--how-met", "party"],
        "how_met: must be one of event|online|introduced|already-known|other "
        "(got 'party'; example: event)",
    ),
    (
        ["--met-on", "20/11/2026"],
        "met_on: not a date (YYYY-MM-DD) (got '20/11/2026'; example: 2026-11-27)",
    ),
    (
        ["--met-on", "2026-02-30"],
        "met_on: not a date (YYYY-MM-DD) (got '2026-02-30'; example: 2026-11-27)",
    ),
    (
        ["--country", "XX"],
        "country: not an ISO 3166 country code (got 'XX'; example: US)",
    ),
    (
        ["--phone", "call me"],
        "phone: not a phone number (got 'call me'; example: +1 212 555 0100)",
    ),
    (
        ["--linkedin", "https://example.com/ada"],
        "linkedin: not a LinkedIn profile "
        "(got 'https://example.com/ada'; example: https://www.linkedin.com/in/ada)",
    ),
    (
        ["--tag", "python,rust"],
        "tag: a tag is 1-50 characters without commas (got 'python,rust'; example: fintech)",
    ),
]


def _ids(case: tuple[list[str], str]) -> str:
    return " ".join(case[0])


@pytest.mark.parametrize(("options", "error"), INVALID, ids=[_ids(c) for c in INVALID])
def test_add_and_edit_refuse_an_invalid_value_and_change_nothing(ccw, ada, options, error):
    before = snapshot(ccw)
    # --company comes first: a company it would create must not survive the error.
    added = ccw.fails("contact", "add", "Grace Hopper", "--company", "US Navy", *options)
    edited = ccw.fails("contact", "edit", "ada", "--company", "US Navy", "--title", "CTO", *options)
    assert error_line(added) == error_line(edited) == f"Error: {error}"
    assert snapshot(ccw) == before


@pytest.mark.parametrize("name", ["", "   "])
def test_a_contact_needs_a_name(ccw, name):
    result = ccw.fails("contact", "add", name)
    assert error_line(result) == (
        f"Error: name: cannot be empty (got {name!r}; example: Ada Lovelace)"
    )
    assert ccw.json("contact", "list") == {"contacts": []}


def test_add_without_a_name_is_a_usage_error(ccw):
    result = ccw("contact", "add", ok=False)
    assert result.exit_code == 2
    assert "Missing argument 'NAME'" in result.stderr


def test_an_unknown_option_is_a_usage_error(ccw):
    result = ccw("contact", "add", "Ada", "--shoe-size", "40", ok=False)
    assert result.exit_code == 2
    assert "No such option '--shoe-size'" in result.stderr


# --- referring to contacts -------------------------------------------------------------


@pytest.fixture
def people(ccw):
    """Ada Lovelace (1), Ada Byron (2), Grace Hopper (3), Ada (4)."""
    for name in ("Ada Lovelace", "Ada Byron", "Grace Brewster Hopper", "Ada"):
        ccw("contact", "add", name)
    return ccw


def test_contacts_are_found_by_id_or_an_unambiguous_part_of_the_name(people):
    found = {
        "1": "Ada Lovelace",
        " 2 ": "Ada Byron",
        "ada lovelace": "Ada Lovelace",
        "ADA   BYRON": "Ada Byron",
        "love": "Ada Lovelace",
        "byr": "Ada Byron",
        "grace": "Grace Brewster Hopper",
        "brewster hop": "Grace Brewster Hopper",
        "hopper": "Grace Brewster Hopper",
        "ada": "Ada",  # an exact name wins over the partial matches
    }
    assert {ref: people.json("contact", "show", ref)["name"] for ref in found} == found


def test_an_unknown_contact_is_one_line(people):
    # a part of the name must start a word: "lace" is not Ada Lovelace
    for ref in ("lace", "99", "Grace Kelly", "opper"):
        assert error_line(people.fails("contact", "show", ref)) == (
            f"Error: contact: no contact matches {ref!r}; "
            "see `coffeechat contact list` for ids and names"
        )


@pytest.mark.parametrize(
    "command",
    [
        ["contact", "show", "{ref}"],
        ["contact", "edit", "{ref}", "--title", "CTO"],
        ["contact", "remove", "{ref}", "--yes"],
        ["log", "{ref}", "outreach"],
    ],
    ids=lambda command: " ".join(command[:2]),
)
def test_an_ambiguous_name_lists_the_candidates(ccw, command):
    ccw("contact", "add", "Ada Lovelace")
    ccw("contact", "add", "Ada Byron")
    ccw("contact", "add", "Grace Hopper")
    before = snapshot(ccw)
    result = ccw.fails(*(part.format(ref="ad") for part in command))
    assert error_line(result) == (
        "Error: contact: 'ad' matches 2 contacts: Ada Lovelace (id 1), Ada Byron (id 2); "
        "give the id or more of the name"
    )
    assert snapshot(ccw) == before


def test_an_ambiguous_introducer_lists_the_candidates(ccw):
    ccw("contact", "add", "Ada Lovelace")
    ccw("contact", "add", "Ada Byron")
    result = ccw.fails("contact", "add", "Grace Hopper", "--introduced-by", "ada")
    assert "Ada Lovelace (id 1), Ada Byron (id 2)" in error_line(result)
    assert names(ccw) == ["Ada Byron", "Ada Lovelace"]


# --- contact show ----------------------------------------------------------------------


def test_show_prints_the_contact_and_its_timeline(ccw, ada):
    ccw("contact", "add", "Grace Hopper", "--introduced-by", "ada")
    ccw("log", "ada", "outreach", "--at", "2026-11-23T10:00", "--note", "LinkedIn message")
    ccw("log", "ada", "reply", "--at", "2026-11-24T16:30")
    assert ccw("contact", "show", "ada").stdout == (
        "Ada Lovelace, Staff Engineer at Acme  (id 1)\n"
        "  stage:      agreed for 2d\n"
        "  e-mail:     ada@example.com\n"
        "  seniority:  senior\n"
        "  city:       London\n"
        "  time zone:  Europe/London (GB)\n"
        "  work hours: Mon-Fri 09:00-17:00\n"
        "  how met:    event\n"
        "  met at:     PyData London\n"
        "  met on:     2026-11-20\n"
        "  tags:       python\n"
        "  note:       Loves analytical engines\n"
        "  introduced: Grace Hopper (id 2)\n"
        "\n"
        "Timeline:\n"
        "  Mon 2026-11-23 10:00 EST  outreach  LinkedIn message\n"
        "  Tue 2026-11-24 16:30 EST  reply\n"
        "\n"
        "Responsiveness: booster (answered within 3 business days: answer them within 24 hours)\n"
        "\n"
        "Follow-ups:\n"
        "  Wed 25 Nov  schedule       Ada Lovelace agreed to talk on Tue 24 Nov: a booster, "
        "answer within 24 hours with three times to choose from\n"
        "             coffeechat draft scheduling 1\n"
    )


def test_show_of_a_new_contact_says_what_to_do_first(ccw):
    ccw("contact", "add", "Ada Lovelace")
    out = ccw("contact", "show", "ada").stdout
    assert out.endswith("Timeline: empty. After you write to them: coffeechat log 1 outreach\n")


def test_show_json_carries_the_timeline_in_the_users_zone(ccw, ada):
    ccw("log", "ada", "outreach", "--at", "2026-11-23T10:00", "--note", "LinkedIn message")
    ccw("log", "ada", "reply", "--at", "2026-11-24T09:30:00Z")
    shown = ccw.json("contact", "show", "ada")
    assert shown["stage"] == "agreed"
    assert shown["stage_since"] == "2026-11-24T04:30:00-05:00"
    assert shown["last_event_at"] == "2026-11-24T04:30:00-05:00"
    assert shown["timeline"] == [
        {
            "id": 1,
            "kind": "outreach",
            "at": "2026-11-23T10:00:00-05:00",
            "zone": "America/New_York",
            "note": "LinkedIn message",
            "value": None,
        },
        {
            "id": 2,
            "kind": "reply",
            "at": "2026-11-24T04:30:00-05:00",
            "zone": "America/New_York",
            "note": None,
            "value": None,
        },
    ]
    assert shown["introduced"] == []


# --- contact list ----------------------------------------------------------------------


def test_list_json_has_every_promised_field(ccw, ada):
    ccw("contact", "add", "Grace Hopper", "--tag", "navy")
    listed = ccw.json("contact", "list")
    assert list(listed) == ["contacts"]
    assert [c["name"] for c in listed["contacts"]] == ["Ada Lovelace", "Grace Hopper"]
    for contact in listed["contacts"]:
        assert set(contact) >= LIST_FIELDS
    assert listed["contacts"][0] == ada
    assert {k: listed["contacts"][1][k] for k in LIST_FIELDS} == {
        "id": 2,
        "name": "Grace Hopper",
        "emails": [],
        "company": None,
        "title": None,
        "seniority": None,
        "timezone": None,
        "country": None,
        "work_hours": "Mon-Fri 09:00-17:00",
        "how_met": None,
        "stage": "met",
        "tags": ["navy"],
    }


def test_list_is_a_table_by_name(ccw, ada):
    ccw("contact", "add", "grace hopper", "--company", "US Navy", "--tag", "navy", "--tag", "cobol")
    ccw("contact", "add", "Alan Turing", "--title", "Researcher")
    ccw("log", "alan", "outreach")
    assert ccw("contact", "list").stdout == (
        "ID  NAME          COMPANY  TITLE           STAGE        TAGS\n"
        "1   Ada Lovelace  Acme     Staff Engineer  met          python\n"
        "3   Alan Turing            Researcher      reached-out\n"
        "2   grace hopper  US Navy                  met          cobol, navy\n"
    )


def test_an_empty_list_says_how_to_add_someone(ccw):
    assert ccw("contact", "list").stdout == (
        'No contacts yet. Add one: coffeechat contact add "Ada Lovelace" --company Acme\n'
    )
    assert ccw.json("contact", "list") == {"contacts": []}


def test_list_filters_by_stage_tag_and_company(ccw, ada):
    ccw("contact", "add", "Grace Hopper", "--company", "US Navy", "--tag", "Python")
    ccw("contact", "add", "Alan Turing", "--company", "acme")
    ccw("log", "alan", "outreach")
    assert names(ccw, "--stage", "met") == ["Ada Lovelace", "Grace Hopper"]
    assert names(ccw, "--stage", "Reached-Out") == ["Alan Turing"]
    assert names(ccw, "--tag", "PYTHON") == ["Ada Lovelace", "Grace Hopper"]
    assert names(ccw, "--company", "acme") == ["Ada Lovelace", "Alan Turing"]
    assert names(ccw, "--company", "navy", "--tag", "python") == ["Grace Hopper"]
    assert names(ccw, "--stage", "declined") == []


def test_a_filter_that_matches_nobody_does_not_claim_the_list_is_empty(ccw, ada):
    out = ccw("contact", "list", "--tag", "rust").stdout
    assert out == "No contacts match these filters.\n"


@pytest.mark.parametrize(
    ("options", "error"),
    [
        (
            ["--stage", "waiting"],
            "stage: must be one of met|intro-offered|reached-out|agreed|scheduling|scheduled|"
            "met-up|recapped|following-up|no-reply|declined (got 'waiting'; example: met)",
        ),
        (
            ["--company", "Initech"],
            "company: no company matches 'Initech'; see `coffeechat company list`",
        ),
    ],
)
def test_list_refuses_an_unknown_filter(ccw, ada, options, error):
    assert error_line(ccw.fails("contact", "list", *options)) == f"Error: {error}"


# --- contact edit ----------------------------------------------------------------------


def test_edit_changes_only_what_is_given(ccw, ada):
    changed = ccw.json(
        "contact", "edit", "ada", "--title", "Engineering Manager", "--seniority", "lead"
    )
    assert changed == {**ada, "title": "Engineering Manager", "seniority": "lead"}
    assert ccw.json("contact", "show", "ada")["title"] == "Engineering Manager"


def test_edit_says_what_changed(ccw, ada):
    result = ccw("contact", "edit", "1", "--title", "CTO")
    assert result.stdout == "Updated Ada Lovelace, CTO at Acme (id 1), stage met.\n"


CLEARABLE = {
    "--title": "title",
    "--city": "city",
    "--met-at": "met_at",
    "--note": "note",
    "--phone": "phone",
    "--linkedin": "linkedin",
    "--seniority": "seniority",
    "--how-met": "how_met",
    "--met-on": "met_on",
    "--company": "company",
}


def test_an_empty_value_clears_a_field(ccw):
    full = ccw.json(
        "contact", "add", "Ada Lovelace", "--title", "CTO", "--city", "London",
        "--met-at", "PyData", "--note", "Nice", "--phone", "+44 20 7946 0000",
        "--linkedin", "ada", "--seniority", "lead", "--how-met", "online",
        "--met-on", "2026-11-20", "--company", "Acme",
    )  # fmt: skip
    assert all(full[field] is not None for field in CLEARABLE.values())
    cleared: list[str] = []
    for option, field in CLEARABLE.items():
        after = ccw.json("contact", "edit", "ada", option, "")
        cleared.append(field)
        # the field is gone, the ones not cleared yet are still there
        assert [f for f in CLEARABLE.values() if after[f] is None] == cleared
    assert after["name"] == "Ada Lovelace"


def test_clearing_the_company_keeps_the_company(ccw, ada):
    changed = ccw.json("contact", "edit", "ada", "--company", "")
    assert (changed["company"], changed["company_id"]) == (None, None)
    companies = ccw.json("company", "list")["companies"]
    assert [(c["name"], c["contacts"]) for c in companies] == [("Acme", [])]


def test_clearing_the_introducer(ccw):
    ccw("contact", "add", "Charles Babbage")
    ccw("contact", "add", "Ada Lovelace", "--introduced-by", "charles")
    assert ccw.json("contact", "edit", "ada", "--introduced-by", "")["introduced_by"] is None
    assert ccw.json("contact", "show", "charles")["introduced"] == []


def test_a_contact_cannot_introduce_themselves(ccw, ada):
    result = ccw.fails("contact", "edit", "ada", "--introduced-by", "1")
    assert error_line(result) == (
        "Error: introduced_by: a contact cannot introduce themselves (got '1'; example: 2)"
    )


def test_clearing_the_work_hours_restores_the_default(ccw):
    ccw("contact", "add", "Ada", "--work-hours", "Sat 10:00-14:00")
    assert ccw.json("contact", "edit", "ada", "--work-hours", "")["work_hours"] == (
        "Mon-Fri 09:00-17:00"
    )


def test_a_new_zone_brings_its_country(ccw, ada):
    assert ada["country"] == "GB"
    moved = ccw.json("contact", "edit", "ada", "--timezone", "Asia/Tokyo")
    assert (moved["timezone"], moved["country"]) == ("Asia/Tokyo", "JP")
    kept = ccw.json("contact", "edit", "ada", "--timezone", "Europe/Berlin", "--country", "AT")
    assert (kept["timezone"], kept["country"]) == ("Europe/Berlin", "AT")
    assert ccw.json("contact", "edit", "ada", "--country", "")["country"] == "DE"


def test_edit_renames(ccw, ada):
    assert ccw.json("contact", "edit", "ada", "--name", "Augusta Ada King")["name"] == (
        "Augusta Ada King"
    )
    assert ccw.json("contact", "show", "augusta")["id"] == 1
    result = ccw.fails("contact", "edit", "1", "--name", " ")
    assert error_line(result) == "Error: name: cannot be empty (got ' '; example: Ada Lovelace)"


def test_emails_and_tags_given_again_replace_the_lists(ccw, ada):
    changed = ccw.json(
        "contact", "edit", "ada", "--email", "ada@new.example", "--email", "a@b.example",
        "--tag", "mentor",
    )  # fmt: skip
    assert changed["emails"] == ["ada@new.example", "a@b.example"]
    assert changed["tags"] == ["mentor"]
    cleared = ccw.json("contact", "edit", "ada", "--email", "", "--tag", "")
    assert (cleared["emails"], cleared["tags"]) == ([], [])


def test_add_tag_and_remove_tag_keep_the_other_tags(ccw):
    ccw("contact", "add", "Ada", "--tag", "python", "--tag", "mentor")
    changed = ccw.json(
        "contact", "edit", "ada", "--add-tag", "Rust", "--add-tag", "python",
        "--remove-tag", "mentor", "--remove-tag", "not-there",
    )  # fmt: skip
    assert changed["tags"] == ["python", "rust"]
    assert names(ccw, "--tag", "rust") == ["Ada"]
    assert names(ccw, "--tag", "mentor") == []


def test_edit_without_options_changes_nothing(ccw, ada):
    assert ccw.json("contact", "edit", "ada") == ada


@pytest.mark.parametrize("stage", ["declined", "no-reply", "recapped", "scheduled"])
def test_the_stage_can_be_set_by_hand_and_given_back_to_the_log(ccw, ada, stage):
    ccw("log", "ada", "outreach", "--at", "2026-11-23T10:00")
    assert ccw.json("contact", "edit", "ada", "--stage", stage)["stage"] == stage
    assert names(ccw, "--stage", stage) == ["Ada Lovelace"]
    back = ccw.json("contact", "edit", "ada", "--stage", "AUTO")
    assert back["stage"] == "reached-out"
    assert back["stage_since"] == "2026-11-23T10:00:00-05:00"


def test_the_stage_set_by_hand_shows_on_the_timeline(ccw, ada):
    ccw("contact", "edit", "ada", "--stage", "declined")
    assert ccw("contact", "edit", "ada", "--title", "CTO").stdout == (
        "Updated Ada Lovelace, CTO at Acme (id 1), stage declined.\n"
    )
    timeline = ccw.json("contact", "show", "ada")["timeline"]
    assert [(e["kind"], e["value"], e["at"]) for e in timeline] == [("stage", "declined", NOW)]
    assert "stage set to declined" in ccw("contact", "show", "ada").stdout


def test_an_unknown_stage_is_refused(ccw, ada):
    before = snapshot(ccw)
    result = ccw.fails("contact", "edit", "ada", "--stage", "ghosted", "--title", "CTO")
    assert error_line(result) == (
        "Error: stage: must be one of met|intro-offered|reached-out|agreed|scheduling|"
        "scheduled|met-up|recapped|following-up|no-reply|declined (got 'ghosted'; example: met)"
    )
    assert snapshot(ccw) == before
    assert ccw.json("contact", "show", "ada")["timeline"] == []


# --- contact remove --------------------------------------------------------------------


def test_remove_needs_yes_off_a_terminal_and_deletes_nothing(ccw, ada):
    before = snapshot(ccw)
    result = ccw("contact", "remove", "ada", ok=False)
    assert result.exit_code == 2
    assert "Error: removing a contact needs --yes when not run in a terminal" in result.stderr
    assert snapshot(ccw) == before


@pytest.mark.parametrize("flag", ["--yes", "-y"])
def test_remove_with_yes_deletes_the_contact_and_its_timeline(ccw, ada, flag):
    ccw("contact", "add", "Grace Hopper")
    ccw("log", "ada", "note", "--note", "Talked about Babbage's engine")
    result = ccw("contact", "remove", "ada", flag)
    assert result.stdout == "Removed Ada Lovelace (id 1).\n"
    assert names(ccw) == ["Grace Hopper"]
    ccw.fails("contact", "show", "1")
    assert ccw.json("search", "babbage")["results"] == []
    assert ccw.json("search", "lovelace")["results"] == []
    # the company stays on the target list, without her
    assert ccw.json("company", "show", "acme")["contacts"] == []


def test_remove_json_prints_what_was_removed(ccw, ada):
    assert ccw.json("contact", "remove", "ada", "--yes") == {"removed": ada}


def test_removing_an_introducer_keeps_the_people_they_introduced(ccw, ada):
    ccw("contact", "add", "Grace Hopper", "--introduced-by", "ada")
    ccw("contact", "remove", "ada", "--yes")
    grace = ccw.json("contact", "show", "grace")
    assert grace["introduced_by"] is None
    assert grace["how_met"] == "introduced"


def test_remove_an_unknown_contact(ccw, ada):
    result = ccw.fails("contact", "remove", "grace", "--yes")
    assert error_line(result) == (
        "Error: contact: no contact matches 'grace'; "
        "see `coffeechat contact list` for ids and names"
    )
    assert names(ccw) == ["Ada Lovelace"]


@pytest.mark.parametrize(("answer", "kept"), [("y\n", []), ("n\n", ["Ada Lovelace"])])
def test_remove_in_a_terminal_asks_first(ccw, ada, monkeypatch, answer, kept):
    monkeypatch.setattr("coffeechat.cli.contacts.interactive", lambda: True)
    ccw("log", "ada", "outreach")
    result = ccw("contact", "remove", "ada", input=answer, ok=False)
    assert "Remove Ada Lovelace, Staff Engineer at Acme (id 1) and 1 timeline entry?" in (
        result.stdout
    )
    assert result.exit_code == (0 if answer == "y\n" else 1)
    assert names(ccw) == kept


def test_a_contacts_derived_country_follows_their_zone_and_a_chosen_one_stays(ccw):
    ccw("contact", "add", "Ada Lovelace", "--timezone", "Europe/London")
    assert ccw.json("contact", "edit", "ada", "--timezone", "UTC")["country"] is None
    ccw("contact", "add", "Grace Hopper", "--timezone", "America/New_York", "--country", "CA")
    assert ccw.json("contact", "edit", "grace", "--timezone", "Asia/Tokyo")["country"] == "CA"


def test_merge_keeps_both_timelines_and_fills_the_gaps(ccw):
    ccw("contact", "add", "Ada Lovelace", "--email", "ada@acme.example", "--tag", "python")
    ccw(
        "contact", "add", "A. Lovelace", "--email", "ada@home.example",
        "--phone", "+44 20 7946 0000", "--company", "Acme", "--tag", "data", "--note", "Met twice",
    )  # fmt: skip
    ccw("contact", "add", "Bob Chen", "--introduced-by", "2")
    ccw("log", "1", "outreach", "--at", "2026-11-20T10:00")
    ccw("log", "2", "note", "--note", "Speaks at PyData")
    ccw("note", "add", "2", "--topic", "journey", "Physics first")
    merged = ccw.json("contact", "merge", "1", "2")
    assert merged["emails"] == ["ada@acme.example", "ada@home.example"]
    assert merged["phone"] == "+44 20 7946 0000" and merged["company"] == "Acme"
    assert merged["tags"] == ["data", "python"] and merged["note"] == "Met twice"
    shown = ccw.json("contact", "show", "1")
    assert [e["kind"] for e in shown["timeline"]] == ["outreach", "note"]
    assert len(shown["conversations"]) == 1
    assert ccw.json("contact", "show", "bob")["introduced_by"]["id"] == 1
    assert [r["title"] for r in ccw.json("search", "pydata")["results"]] == ["Ada Lovelace: note"]
    assert len(ccw.json("contact", "list")["contacts"]) == 2
    ccw.fails("contact", "merge", "1", "1")
    ccw.fails("contact", "merge", "1", "99")
