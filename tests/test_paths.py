"""Paths into a company: recording steps in order, and the referral/conventional comparison."""

from __future__ import annotations

import datetime as dt

import pytest

from coffeechat.core.errors import CoffeechatError, InvalidValue, UnknownContact
from coffeechat.core.paths import (
    Path,
    PathKind,
    StepRefused,
    UnknownPath,
    check_step,
    compare,
    next_steps,
    verdict,
    with_skips,
)
from coffeechat.service import Workspace
from coffeechat.service.paths import CompanyToAdd
from conftest import CLI


@pytest.fixture
def ws(workspace: Workspace) -> Workspace:
    """The conftest workspace (Sam Rivera, New York; today is Friday 2026-11-27)."""
    return workspace


TODAY = dt.date(2026, 11, 27)


def _path(kind: PathKind, *steps: tuple[str, str]) -> Path:
    rows = [(s, dt.date.fromisoformat(on), None) for s, on in steps]
    return Path(1, 1, "Acme", "Analyst", kind, steps=tuple(with_skips(kind, rows)))


# --- the rules (pure) -----------------------------------------------------------------------


def test_a_later_step_may_skip_earlier_ones_and_says_which() -> None:
    p = _path(PathKind.CONVENTIONAL, ("application", "2026-11-01"))
    key, skipped = check_step(p, "final-round", dt.date(2026, 11, 10), TODAY)
    assert key == "final-round"
    assert skipped == (
        "resume-screen",
        "phone-screen",
        "technical-challenge",
        "hiring-manager-review",
    )
    first = _path(PathKind.CONTACT)
    assert check_step(first, "Technical Challenge", TODAY, TODAY) == (
        "technical-challenge",
        ("introduction",),
    )


def test_steps_never_go_back_in_order_or_time_nor_into_the_future() -> None:
    p = _path(PathKind.CONVENTIONAL, ("application", "2026-11-01"), ("phone-screen", "2026-11-10"))
    with pytest.raises(StepRefused, match="resume-screen comes before phone-screen"):
        check_step(p, "resume-screen", TODAY, TODAY)
    with pytest.raises(StepRefused, match="phone-screen is already recorded"):
        check_step(p, "phone-screen", TODAY, TODAY)
    with pytest.raises(InvalidValue, match="before the previous step"):
        check_step(p, "final-round", dt.date(2026, 11, 9), TODAY)
    with pytest.raises(InvalidValue, match="in the future"):
        check_step(p, "final-round", dt.date(2026, 11, 28), TODAY)
    # the same day as the previous step is fine
    assert check_step(p, "final-round", dt.date(2026, 11, 10), TODAY)[0] == "final-round"


def test_an_unknown_step_lists_the_valid_ones() -> None:
    p = _path(PathKind.CONTACT)
    with pytest.raises(InvalidValue) as caught:
        check_step(p, "phone-screen", TODAY, TODAY)
    message = str(caught.value)
    assert "introduction|technical-challenge|final-round|offer|rejected|withdrawn" in message
    assert "phone-screen is a step of a path via the conventional route" in message
    with pytest.raises(InvalidValue, match="application\\|resume-screen"):
        check_step(_path(PathKind.CONVENTIONAL), "coffee", TODAY, TODAY)


def test_an_ended_path_takes_no_more_steps() -> None:
    for ending in ("offer", "rejected", "withdrawn"):
        p = _path(PathKind.CONTACT, ("introduction", "2026-11-01"), (ending, "2026-11-05"))
        assert p.outcome == ending
        assert next_steps(p) == ()
        with pytest.raises(StepRefused, match=f"ended with {ending}"):
            check_step(p, "final-round", TODAY, TODAY)


def test_outcomes_are_not_steps_taken() -> None:
    p = _path(PathKind.CONVENTIONAL, ("application", "2026-11-01"), ("rejected", "2026-11-08"))
    assert (p.steps_taken, p.days, p.days_to_offer, p.outcome) == (1, 7, None, "rejected")
    assert p.gaps() == [None, 7]
    assert next_steps(_path(PathKind.CONTACT, ("introduction", "2026-11-01")))[0] == (
        "technical-challenge"
    )


def test_no_paths_compare_to_nothing() -> None:
    kinds = compare([])
    assert [(k.kind.value, k.paths, k.offers, k.offer_rate, k.median_steps) for k in kinds] == [
        ("conventional", 0, 0, None, None),
        ("contact", 0, 0, None, None),
    ]
    assert "about 4 steps instead of 7" in verdict(kinds)


# --- the service ----------------------------------------------------------------------------


CONVENTIONAL_PATHS = [
    [
        ("application", "2026-09-01"),
        ("resume-screen", "2026-09-08"),
        ("phone-screen", "2026-09-15"),
        ("technical-challenge", "2026-09-22"),
        ("hiring-manager-review", "2026-09-29"),
        ("final-round", "2026-10-06"),
        ("offer", "2026-10-16"),
    ],
    [("application", "2026-09-10"), ("resume-screen", "2026-09-20"), ("rejected", "2026-09-25")],
    [
        ("application", "2026-10-01"),
        ("phone-screen", "2026-10-10"),
        ("technical-challenge", "2026-10-20"),
        ("final-round", "2026-11-01"),
        ("offer", "2026-11-11"),
    ],
]
REFERRAL_PATHS = [
    [
        ("introduction", "2026-10-01"),
        ("technical-challenge", "2026-10-08"),
        ("final-round", "2026-10-15"),
        ("offer", "2026-10-22"),
    ],
    [("introduction", "2026-10-10"), ("final-round", "2026-10-20"), ("withdrawn", "2026-10-25")],
]


def _five_paths(ws: Workspace) -> None:
    for name in ("Acme", "Globex", "Initech", "Umbrella", "Hooli"):
        ws.add_company(name)
    ws.add_contact(name="Ada Lovelace", company="Globex")
    ws.add_contact(name="Bo Chen", company="Hooli")
    companies = iter(["Acme", "Initech", "Umbrella"])
    for steps in CONVENTIONAL_PATHS:
        p = ws.add_path(next(companies), "Data Analyst", "conventional")
        for step, on in steps:
            ws.add_path_step(p.id, step, on=on)
    for via, company, steps in zip(("Ada", "Bo"), ("Globex", "Hooli"), REFERRAL_PATHS, strict=True):
        p = ws.add_path(company, "Data Analyst", via)
        for step, on in steps:
            ws.add_path_step(p.id, step, on=on, note=f"{step} note")


def test_the_comparison_in_the_users_own_numbers(ws: Workspace) -> None:
    _five_paths(ws)
    result = ws.compare_paths()
    conv, via = result.kinds
    assert (conv.kind, conv.paths, conv.offers, conv.offer_rate) == ("conventional", 3, 2, 0.667)
    assert (conv.median_steps, conv.median_steps_to_offer) == (5, 6)
    assert (conv.median_days_to_offer, conv.median_days) == (43, 41)
    assert (via.kind, via.paths, via.offers, via.offer_rate) == ("contact", 2, 1, 0.5)
    assert (via.median_steps, via.median_steps_to_offer) == (3, 4)
    assert (via.median_days_to_offer, via.median_days) == (21, 18)
    assert result.verdict == (
        "Through a contact, your offers came after a median of 4 steps and 21 days, against "
        "6 steps and 43 days the conventional way: 2 steps fewer and 22 days sooner. Offers "
        "came from 50% of your referral paths and 67% of your conventional ones."
    )
    [c1, c2, c3, r1, r2] = result.paths
    assert (c1.steps_taken, c1.days, c1.outcome) == (7, 45, "offer")
    assert (c2.steps_taken, c2.days, c2.outcome) == (2, 15, "rejected")
    assert c3.steps[1].skipped == ("resume-screen",)
    assert c3.steps[3].skipped == ("hiring-manager-review",)
    assert (r1.via_contact, r1.company, r1.days) == ("Ada Lovelace", "Globex", 21)
    assert (r2.outcome, r2.steps[1].skipped, r2.steps[0].note) == (
        "withdrawn",
        ("technical-challenge",),
        "introduction note",
    )


def test_adding_a_path_and_its_steps(ws: Workspace) -> None:
    ws.add_company("Acme")
    p = ws.add_path("acme", "  Data   Analyst ", "conventional")
    assert (p.company, p.role, p.kind, p.steps) == ("Acme", "Data Analyst", "conventional", ())
    p = ws.add_path_step(p.id, "application")  # today, in the user's zone
    assert p.steps[0].on == TODAY
    assert ws.show_path(str(p.id)) == p
    assert ws.list_paths() == [p]


def test_bad_input_changes_nothing(ws: Workspace) -> None:
    ws.add_company("Acme")
    with pytest.raises(CompanyToAdd, match="coffeechat company add Globex"):
        ws.add_path("Globex", "Analyst", "conventional")
    with pytest.raises(UnknownContact):
        ws.add_path("Acme", "Analyst", "Nobody")
    with pytest.raises(InvalidValue, match="role"):
        ws.add_path("Acme", "  ", "conventional")
    assert ws.list_paths() == []
    p = ws.add_path("Acme", "Analyst", "conventional")
    ws.add_path_step(p.id, "phone-screen", on="2026-11-10")
    for step, on in [
        ("coffee", None),
        ("application", "2026-11-11"),
        ("offer", "2026-11-09"),
        ("offer", "2026-12-01"),
        ("offer", "27/11/2026"),
    ]:
        with pytest.raises(CoffeechatError):
            ws.add_path_step(p.id, step, on=on)
    with pytest.raises(UnknownPath, match="coffeechat path list"):
        ws.add_path_step(99, "offer")
    assert [s.step for s in ws.show_path(p.id).steps] == ["phone-screen"]


# --- the command line -----------------------------------------------------------------------


def test_cli_paths(ccw: CLI) -> None:
    ccw("company", "add", "Acme")
    ccw("contact", "add", "Ada Lovelace", "--company", "Acme")
    added = ccw.json("path", "add", "Acme", "--role", "Data Analyst", "--via", "ada")
    assert added == {
        "id": 1,
        "company": "Acme",
        "company_id": 1,
        "role": "Data Analyst",
        "via": {"id": 1, "name": "Ada Lovelace"},
        "steps": [],
        "steps_taken": 0,
        "outcome": None,
        "days": None,
    }
    ccw("path", "step", "1", "introduction", "--on", "2026-11-02", "--note", "Ada sent my CV")
    stepped = ccw.json("path", "step", "1", "final-round", "--on", "2026-11-16")
    assert stepped["steps"] == [
        {
            "step": "introduction",
            "on": "2026-11-02",
            "note": "Ada sent my CV",
            "skipped": [],
            "since_previous": None,
        },
        {
            "step": "final-round",
            "on": "2026-11-16",
            "note": None,
            "skipped": ["technical-challenge"],
            "since_previous": 14,
        },
    ]
    assert stepped["days"] == 14
    out = ccw("path", "show", "1").stdout
    assert "skipped: technical challenge" in out and "+14d" in out
    shown = ccw.json("path", "show")
    assert [k["via"] for k in shown["kinds"]] == ["conventional", "contact"]
    assert shown["kinds"][1]["median_steps"] == 2
    assert ccw.json("path", "list")["paths"] == [stepped]
    assert "So far" in ccw("path", "show").stdout


def test_cli_path_errors_are_one_line(ccw: CLI) -> None:
    assert (
        "coffeechat company add Acme"
        in ccw.fails("path", "add", "Acme", "--role", "Analyst", "--via", "conventional").stderr
    )
    ccw("company", "add", "Acme")
    ccw("path", "add", "Acme", "--role", "Analyst", "--via", "conventional")
    assert "resume-screen|phone-screen" in ccw.fails("path", "step", "1", "lunch").stderr
    assert "in the future" in ccw.fails("path", "step", "1", "offer", "--on", "2026-11-28").stderr
    assert "coffeechat path list" in ccw.fails("path", "step", "7", "offer").stderr
    assert ccw.json("path", "list")["paths"][0]["steps"] == []
