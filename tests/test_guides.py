"""Question guides: the built-ins, fitting a guide to the time, tailoring, custom guides."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coffeechat.core.errors import InvalidValue
from coffeechat.core.guides import (
    BUILTIN,
    DEFAULT,
    TIARA,
    VARIANTS,
    Guide,
    GuideError,
    Question,
    band_of,
    drop_order,
    fill,
    fit,
    guide_from_mapping,
    guide_to_mapping,
    minimum_minutes,
    tailor,
)
from coffeechat.core.model import Seniority
from coffeechat.core.recap import REFLECTION_TOPIC

SENIORITIES = [s.value for s in Seniority]


def nowhere(path: tuple[str | int, ...]) -> str:
    return "test.toml"


# --- the built-in guides --------------------------------------------------------------


def test_the_default_guide_has_the_nine_topics_in_order():
    assert DEFAULT.keys == (
        "journey", "balance", "challenges", "workflow", "team",
        "advice", "break-in", "network", "stay-in-touch",
    )  # fmt: skip
    assert DEFAULT.closing == ("network", "stay-in-touch")
    assert all(q.text and q.purpose for q in DEFAULT.questions)


def test_tiara_is_trends_insights_advice_resources_assignments():
    assert TIARA.keys == ("trends", "insights", "advice", "resources", "assignments")
    assert TIARA.closing == ("resources", "assignments")
    assert BUILTIN == {"default": DEFAULT, "tiara": TIARA}


def test_the_reflection_key_is_never_a_question():
    for guide in BUILTIN.values():
        assert REFLECTION_TOPIC not in guide.keys


# --- fitting to the time --------------------------------------------------------------


def kept(minutes: int | None, guide: Guide = DEFAULT) -> tuple[str, ...]:
    return fit(guide, minutes).keys


def test_thirty_minutes_keep_all_nine_topics():
    plan = fit(DEFAULT, 30)
    assert plan.keys == DEFAULT.keys
    assert plan.skipped == ()
    assert plan.opening == 2
    assert [q.minutes for q in plan.questions] == [4, 4, 3, 3, 3, 3, 3, 2, 2]
    assert [q.start for q in plan.questions] == [2, 6, 10, 13, 16, 19, 22, 25, 27]
    assert plan.wrap_up == 1
    assert plan.total == 30
    # five minutes before the end: just when the closing questions start
    assert plan.cue_at == 25


def test_twenty_five_minutes_drop_the_middle_topic():
    assert fit(DEFAULT, 25).skipped == ("workflow",)


def test_twenty_minutes_drop_the_three_middle_topics():
    plan = fit(DEFAULT, 20)
    assert plan.keys == ("journey", "balance", "advice", "break-in", "network", "stay-in-touch")
    assert plan.skipped == ("challenges", "workflow", "team")
    assert [q.minutes for q in plan.questions] == [4, 4, 3, 3, 2, 2]
    assert (plan.opening, plan.wrap_up, plan.cue_at, plan.total) == (2, 0, 16, 20)


def test_fifteen_minutes_keep_rapport_balance_and_the_way_in():
    plan = fit(DEFAULT, 15)
    assert plan.keys == ("journey", "balance", "break-in", "network", "stay-in-touch")
    assert [q.minutes for q in plan.questions] == [4, 3, 3, 2, 2]
    assert (plan.opening, plan.cue_at, plan.total) == (1, 11, 15)


def test_ten_minutes_keep_the_first_question_and_the_closing_ones():
    plan = fit(DEFAULT, 10)
    assert plan.keys == ("journey", "network", "stay-in-touch")
    assert [q.minutes for q in plan.questions] == [5, 2, 2]
    assert plan.cue_at == 6


def test_the_shortest_chat_keeps_only_the_closing_questions():
    assert minimum_minutes(DEFAULT) == 5
    assert minimum_minutes(TIARA) == 5
    plan = fit(DEFAULT, 5)
    assert plan.keys == ("network", "stay-in-touch")
    assert plan.total == 5


@pytest.mark.parametrize("minutes", [0, -5])
def test_a_chat_needs_a_positive_length(minutes):
    with pytest.raises(InvalidValue) as caught:
        fit(DEFAULT, minutes)
    assert caught.value.field == "minutes"
    assert "positive" in str(caught.value)


def test_too_short_a_chat_says_the_minimum():
    with pytest.raises(InvalidValue) as caught:
        fit(DEFAULT, 4)
    message = str(caught.value)
    assert message.startswith("minutes: ")
    assert "a 'default' chat needs at least 5 minutes for its opening and closing" in message


def test_no_time_limit_keeps_everything_at_the_default_pace():
    plan = fit(DEFAULT, None)
    assert plan.keys == DEFAULT.keys
    assert plan.minutes is None
    assert plan.cue_at is None
    assert {q.minutes for q in plan.questions} == {3}
    assert plan.skipped == ()


def test_weight_gives_a_question_more_time():
    heavy = replace(
        DEFAULT, questions=(replace(DEFAULT.questions[0], weight=3), *DEFAULT.questions[1:])
    )
    plan = fit(heavy, 45)
    minutes = {q.key: q.minutes for q in plan.questions}
    assert minutes["journey"] > 2 * minutes["balance"] - 2
    assert minutes["journey"] > minutes["balance"]
    assert fit(heavy, None).questions[0].minutes == 9


def test_question_at_follows_the_plan():
    plan = fit(DEFAULT, 30)
    assert plan.question_at(0) == 0  # the opening: the first question is next
    assert plan.question_at(5.5) == 0
    assert plan.question_at(6) == 1
    assert plan.question_at(26) == 7
    assert plan.question_at(120) == 8


def test_drop_order_is_middle_first_with_the_ends_last():
    assert drop_order(7) == [3, 4, 2, 5, 1, 6, 0]
    assert drop_order(3) == [1, 2, 0]
    assert drop_order(4) == [2, 1, 3, 0]
    assert drop_order(1) == [0]


@st.composite
def guides(draw: st.DrawFn) -> Guide:
    """A random valid guide: 3 to 30 questions, the last few closing, weights 1-5."""
    count = draw(st.integers(3, 30))
    weights = draw(st.lists(st.integers(1, 5), min_size=count, max_size=count))
    questions = tuple(
        Question(f"q{i}", f"Question {i}?", f"Purpose {i}.", w) for i, w in enumerate(weights)
    )
    closing = draw(st.integers(1, min(count, 6)))
    return Guide("random", "Random", questions, tuple(q.key for q in questions[-closing:]))


def any_guide() -> st.SearchStrategy[Guide]:
    return st.one_of(st.sampled_from(list(BUILTIN.values())), guides())


def is_subsequence(part: tuple[str, ...], whole: tuple[str, ...]) -> bool:
    it = iter(whole)
    return all(key in it for key in part)


@settings(max_examples=300, deadline=None)
@given(guide=any_guide(), data=st.data())
def test_fitting_keeps_order_closing_and_time(guide, data):
    minutes = data.draw(st.one_of(st.none(), st.integers(minimum_minutes(guide), 240)))
    plan = fit(guide, minutes)
    # order never changes, nothing invented, nothing lost
    assert is_subsequence(plan.keys, guide.keys)
    assert is_subsequence(plan.skipped, guide.keys)
    assert sorted(plan.keys + plan.skipped) == sorted(guide.keys)
    assert set(guide.closing) <= set(plan.keys)
    # every kept question has time, and the times follow one another
    assert all(isinstance(q.minutes, int) and q.minutes >= 2 for q in plan.questions)
    start = plan.opening
    for q in plan.questions:
        assert q.start == start
        start += q.minutes
    assert plan.total == start + plan.wrap_up
    if minutes is None:
        assert plan.cue_at is None and plan.skipped == ()
        return
    assert plan.total <= minutes
    first_closing = next(q.start for q in plan.questions if q.key in guide.closing)
    assert plan.cue_at is not None
    assert 0 < plan.cue_at <= first_closing
    assert plan.cue_at >= min(minutes - 5, first_closing)
    # a longer chat never keeps fewer questions
    assert set(plan.keys) <= set(fit(guide, minutes + 1).keys)


@settings(max_examples=200, deadline=None)
@given(guide=any_guide(), data=st.data())
def test_the_middle_questions_go_first(guide, data):
    minutes = data.draw(st.integers(minimum_minutes(guide), 60))
    plan = fit(guide, minutes)
    body = [k for k in guide.keys if k not in guide.closing]
    order = [body[i] for i in drop_order(len(body))]
    dropped = [k for k in order if k in plan.skipped]
    # what is skipped is always the start of the drop order
    assert dropped == order[: len(dropped)]


@given(guide=any_guide())
def test_one_minute_short_of_the_minimum_is_refused(guide):
    with pytest.raises(InvalidValue):
        fit(guide, minimum_minutes(guide) - 1)
    fit(guide, minimum_minutes(guide))


# --- tailoring ------------------------------------------------------------------------


def journey(seniority: str | None, **kw: str | None) -> str:
    return tailor(DEFAULT, seniority=seniority, company="Acme", **kw).question("journey").text


@pytest.mark.parametrize("seniority", ["entry", "mid"])
def test_a_peer_is_asked_how_they_got_started_not_about_seniority(seniority):
    text = journey(seniority)
    assert "senior" not in text.lower()
    assert "first role" in text


@pytest.mark.parametrize("seniority", ["senior", "lead"])
def test_a_senior_contact_is_asked_how_they_got_to_a_senior_role(seniority):
    assert "senior role at Acme" in journey(seniority)


def test_an_executive_is_asked_how_they_build_teams():
    guide = tailor(DEFAULT, seniority="executive", company="Acme")
    assert "build your teams at Acme" in guide.question("team").text
    assert "senior" not in journey(None).lower()


def test_a_contact_no_more_senior_than_the_user_is_a_peer():
    assert band_of("senior", "lead") == "peer"
    assert band_of("senior", "mid") == "senior"
    assert band_of(None) is None
    assert "senior" not in journey("senior", user_seniority="senior")


def test_the_company_is_named_where_the_guide_mentions_it():
    guide = tailor(DEFAULT, seniority="mid", company="Acme")
    assert "best way into Acme" in guide.question("break-in").text
    assert "at Acme" in guide.question("balance").text


@pytest.mark.parametrize("guide", list(BUILTIN.values()), ids=lambda g: g.name)
@pytest.mark.parametrize("seniority", [*SENIORITIES, None])
@pytest.mark.parametrize("company", ["Acme", None])
def test_every_variant_fills_cleanly(guide, seniority, company):
    tailored = tailor(guide, seniority=seniority, company=company, title=None)
    assert tailored.keys == guide.keys
    for q in tailored.questions:
        for text in (q.text, q.purpose):
            assert "{" not in text and "}" not in text
            assert "None" not in text
            assert text[0].isupper() and text == text.strip() and "  " not in text
        if company is None:
            assert "Acme" not in q.text
    if company is None and guide is DEFAULT:
        assert "your company" in tailored.question("break-in").text


def test_every_variant_belongs_to_a_question_and_a_band():
    for name, by_key in VARIANTS.items():
        assert set(by_key) <= set(BUILTIN[name].keys)
        for by_band in by_key.values():
            assert set(by_band) <= {"peer", "senior", "executive"}


def test_custom_placeholders_are_filled():
    text = "Thanks, {name}! How did you become {title} at {company}?"
    values = {"name": "Ada", "title": "a data engineer", "company": "Acme"}
    assert fill(text, values) == "Thanks, Ada! How did you become a data engineer at Acme?"
    assert fill(text, {}) == "Thanks! How did you become your role at your company?"
    assert fill("{name}, how did you start?", {}) == "How did you start?"


def test_tailor_uses_the_first_name_in_a_custom_guide():
    guide = guide_from_mapping(
        {
            "title": "Mine",
            "questions": [
                {"key": "a", "text": "{name}, how did you start?", "purpose": "Story."},
                {"key": "b", "text": "What is {company} like?", "purpose": "Inside view."},
                {"key": "c", "text": "Who else?", "purpose": "Next."},
            ],
        },
        name="mine",
        where=nowhere,
    )
    tailored = tailor(guide, seniority="senior", company=None, name="Ada Lovelace")
    assert tailored.questions[0].text == "Ada, how did you start?"
    assert tailored.questions[1].text == "What is your company like?"


# --- custom guides --------------------------------------------------------------------


def three(**extra: object) -> dict[str, object]:
    """A minimal valid guide document."""
    doc: dict[str, object] = {
        "title": "Mine",
        "questions": [
            {"key": "start", "text": "How did you start?", "purpose": "Their story."},
            {"key": "day", "text": "What is a day like?", "purpose": "The inside view."},
            {"key": "next", "text": "Who else should I meet?", "purpose": "Next chats."},
        ],
    }
    doc.update(extra)
    return doc


def test_a_custom_guide_defaults_its_closing_to_the_last_two_questions():
    guide = guide_from_mapping(three(), name="mine", where=nowhere)
    assert guide.closing == ("day", "next")
    assert guide.name == "mine"


def where_line(path: tuple[str | int, ...]) -> str:
    return "my-guide.toml, line 12"


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (lambda d: d["questions"][2].update(purpose=" "), "questions[2].purpose", "is empty"),
        (lambda d: d["questions"][1].pop("text"), "questions[1].text", "is missing"),
        (lambda d: d["questions"][0].update(key="Start"), "questions[0].key", "not a valid key"),
        (lambda d: d["questions"][1].update(key="reflection"), "questions[1].key", "reserved"),
        (lambda d: d["questions"][2].update(key="start"), "questions[2].key", "used twice"),
        (lambda d: d["questions"][0].update(weight=7), "questions[0].weight", "1 to 5"),
        (lambda d: d["questions"][0].update(weight=True), "questions[0].weight", "1 to 5"),
        (lambda d: d["questions"][0].update(txt="x"), "questions[0].txt", 'did you mean "text"'),
        (lambda d: d.update(closing=["nope"]), "closing[0]", "not a question of this guide"),
        (lambda d: d.update(closing=["start"]), "closing[0]", "come at the end"),
        (lambda d: d.update(closing=[]), "closing", "list of question keys"),
        (lambda d: d.update(questions=d["questions"][:2]), "questions", "needs 3 to 30"),
        (lambda d: d.update(title=""), "title", "is empty"),
        (lambda d: d.update(colour="red"), "colour", "unknown field"),
        (
            lambda d: d["questions"][1].update(text="Hi {firm}?"),
            "questions[1].text",
            "unknown placeholder {firm}",
        ),
    ],
)
def test_a_bad_custom_guide_names_the_place_and_the_field(change, field, words):
    doc = three()
    change(doc)
    with pytest.raises(GuideError) as caught:
        guide_from_mapping(doc, name="mine", where=where_line)
    message = str(caught.value)
    assert message.startswith(f"my-guide.toml, line 12, {field}: "), message
    assert words in message
    assert "\n" not in message


def test_the_example_message_of_an_empty_purpose():
    doc = three()
    doc["questions"][2]["purpose"] = ""  # type: ignore[index]
    with pytest.raises(GuideError, match="write what the question is for"):
        guide_from_mapping(doc, name="mine", where=where_line)


@pytest.mark.parametrize("name", ["default", "tiara", "My Guide", "9lives", ""])
def test_a_custom_guide_cannot_take_a_builtin_or_odd_name(name):
    with pytest.raises(GuideError, match="name"):
        guide_from_mapping(three(), name=name, where=nowhere)


def test_the_callers_name_wins_and_one_is_needed():
    assert guide_from_mapping(three(name="doc"), name="given", where=nowhere).name == "given"
    assert guide_from_mapping(three(name="doc"), name=None, where=nowhere).name == "doc"
    with pytest.raises(GuideError, match="name: is missing"):
        guide_from_mapping(three(), name=None, where=nowhere)


def test_whitespace_in_wording_is_tidied():
    doc = three()
    doc["questions"][0]["text"] = "  How did\n  you start?\n"  # type: ignore[index]
    guide = guide_from_mapping(doc, name="mine", where=nowhere)
    assert guide.questions[0].text == "How did you start?"


@pytest.mark.parametrize("guide", list(BUILTIN.values()), ids=lambda g: g.name)
def test_a_builtin_guide_round_trips_under_another_name(guide):
    back = guide_from_mapping(guide_to_mapping(guide), name=f"my-{guide.name}", where=nowhere)
    assert back == replace(guide, name=f"my-{guide.name}")


@given(guide=guides())
def test_a_custom_guide_round_trips(guide):
    assert guide_from_mapping(guide_to_mapping(guide), name=None, where=nowhere) == guide
