"""LAMP ranking, input validation and contact references (core and service rules)."""

import datetime as dt

import pytest

from coffeechat.core import validate
from coffeechat.core.errors import AmbiguousContact, InvalidValue, UnknownContact
from coffeechat.core.lamp import rank_companies
from coffeechat.core.model import Company, Seniority
from coffeechat.service.base import resolve


def company(name, advocacy=None, motivation=None, posting=None, target=True):
    return Company(
        0, name, advocacy=advocacy, motivation=motivation, posting=posting, target=target
    )


def test_lamp_ranks_motivation_then_posting_then_advocacy():
    ranked = rank_companies(
        [
            company("Low", True, 1, 3),
            company("NoAdvocate", False, 3, 2),
            company("Advocate", True, 3, 2),
            company("Unknown", None, 3, 2),
            company("BestPosting", False, 3, 3),
            company("Unscored"),
            company("Mid", None, 2, 1),
        ]
    )
    assert [c.name for c in ranked] == [
        "BestPosting",
        "Advocate",
        "Unknown",
        "NoAdvocate",
        "Mid",
        "Low",
        "Unscored",
    ]
    assert [c.rank for c in ranked] == [1, 2, 3, 4, 5, 6, 7]
    assert [c.active for c in ranked] == [True] * 5 + [False] * 2


def test_lamp_ranks_only_targets_and_lists_the_other_companies_after():
    ranked = rank_companies(
        [company("Grubhub, Inc.", target=False), company("Zeta"), company("acme", target=False)]
    )
    assert [(c.name, c.rank, c.active) for c in ranked] == [
        ("Zeta", 1, True),
        ("acme", None, False),
        ("Grubhub, Inc.", None, False),
    ]


def test_lamp_ties_break_by_name_whatever_the_capitals():
    ranked = rank_companies([company("beta", True, 2, 2), company("Alpha", True, 2, 2)])
    assert [c.name for c in ranked] == ["Alpha", "beta"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("ada@Example.COM", "ada@example.com"), (" a.b+c@sub.example.org ", "a.b+c@sub.example.org")],
)
def test_valid_emails(value, expected):
    assert validate.email(value) == expected


@pytest.mark.parametrize(
    "value", ["ada", "ada@", "@example.com", "ada@example", "a b@x.com", "a@x..com"]
)
def test_invalid_emails(value):
    with pytest.raises(
        InvalidValue, match=r"^email: not an e-mail address .*example: ada@example.com"
    ):
        validate.email(value)


def test_timezones():
    assert validate.timezone("Pacific/Auckland") == "Pacific/Auckland"
    assert validate.timezone("UTC") == "UTC"
    assert validate.timezone("Etc/GMT+5") == "Etc/GMT+5"
    for bad in ["Mars/Olympus", "", "../etc/passwd", "/etc/localtime", "EST", "CET", "EST5EDT"]:
        with pytest.raises(InvalidValue, match=r"^timezone: not an IANA time zone"):
            validate.timezone(bad)


def test_linkedin_handles_become_urls():
    assert validate.linkedin("ada-l") == "https://www.linkedin.com/in/ada-l"
    assert validate.linkedin("linkedin.com/in/ada") == "https://linkedin.com/in/ada"
    with pytest.raises(InvalidValue, match=r"^linkedin:"):
        validate.linkedin("https://example.com/ada")


def test_choices_are_case_insensitive_and_list_the_options():
    assert validate.choice(Seniority, "Senior", "seniority") is Seniority.SENIOR
    with pytest.raises(InvalidValue, match=r"must be one of entry\|mid\|senior\|lead\|executive"):
        validate.choice(Seniority, "intern", "seniority")


def test_instants_without_offset_are_read_in_the_given_zone():
    # 30 March 2026: Europe/Paris has just moved to summer time (UTC+2)
    at = validate.instant("2026-03-30T09:00", "Europe/Paris")
    assert at == dt.datetime(2026, 3, 30, 7, 0, tzinfo=dt.UTC)
    assert validate.instant("2026-03-30T09:00+00:00", "Europe/Paris").hour == 9
    with pytest.raises(InvalidValue, match=r"^at: not an ISO 8601 date-time"):
        validate.instant("next tuesday", "UTC")


def test_dates_and_ranges():
    assert validate.date("2026-11-20", "met_on") == dt.date(2026, 11, 20)
    with pytest.raises(InvalidValue, match=r"^met_on: not a date \(YYYY-MM-DD\)"):
        validate.date("20/11/2026", "met_on")
    with pytest.raises(InvalidValue, match=r"^motivation: must be between 0 and 3"):
        validate.int_range(4, 0, 3, "motivation")


PEOPLE = [
    (1, "Ada Lovelace"),
    (2, "Ada Byron"),
    (3, "Grace Hopper"),
    (4, "Alan Kay"),
    (5, "Kay"),
    (6, "Tomás Herrera"),
]


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("3", 3),
        ("grace", 3),
        ("hopper", 3),
        ("ada love", 1),
        ("ADA BYRON", 2),
        ("kay", 5),  # an exact name wins over partial matches
        ("  Grace   Hopper ", 3),
        ("tomas", 6),  # accents are ignored
        ("TOMÁS HERRERA", 6),
    ],
)
def test_references_by_id_or_part_of_the_name(ref, expected):
    assert resolve(PEOPLE, ref, UnknownContact, AmbiguousContact) == expected


def test_an_ambiguous_reference_lists_the_candidates():
    with pytest.raises(AmbiguousContact) as info:
        resolve(PEOPLE, "ada", UnknownContact, AmbiguousContact)
    assert str(info.value) == (
        "contact: 'ada' matches 2 contacts: Ada Lovelace (id 1), Ada Byron (id 2); "
        "give the id or more of the name"
    )


@pytest.mark.parametrize("ref", ["99", "race", "", "zed"])
def test_unknown_references(ref):
    with pytest.raises(UnknownContact):
        resolve(PEOPLE, ref, UnknownContact, AmbiguousContact)


ZONES = {"America/New_York": "US", "Europe/Paris": "FR", "Asia/Tokyo": "JP"}
CODES = {"US", "FR", "JP", "DE"}


@pytest.mark.parametrize(
    ("old_zone", "old_country", "new_zone", "given", "expected"),
    [
        (None, None, "Europe/Paris", None, "FR"),  # a first zone gives its country
        ("America/New_York", "US", "Europe/Paris", None, "FR"),  # derived: follows the zone
        ("America/New_York", "DE", "Europe/Paris", None, "DE"),  # chosen: kept
        ("America/New_York", "US", "UTC", None, None),  # a zone without a country
        ("America/New_York", "US", None, None, None),  # zone cleared
        ("America/New_York", "US", "America/New_York", None, "US"),  # nothing changed
        ("America/New_York", "DE", "America/New_York", "", "US"),  # "" re-derives
        ("America/New_York", "US", "Asia/Tokyo", "de", "DE"),  # given wins
    ],
)
def test_the_country_follows_the_zone_unless_chosen(
    old_zone, old_country, new_zone, given, expected
):
    assert validate.country_after(old_zone, old_country, new_zone, given, ZONES, CODES) == expected


def test_an_unknown_country_names_the_field():
    with pytest.raises(InvalidValue, match=r"^country: not an ISO 3166 country code"):
        validate.country_after(None, None, None, "XX", ZONES, CODES)
