"""The recap checker (core/recapcheck.py): on the structure and on Markdown text."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coffeechat.core.checker import Finding, Report
from coffeechat.core.recap import (
    Introduction,
    Promise,
    PromiseBy,
    Recap,
    Takeaway,
    TakeawayKind,
    TopicNotes,
    Variant,
)
from coffeechat.core.recapcheck import (
    RECAP_RULES,
    check_recap,
    check_recap_text,
    marks_skipped,
    says_something,
)
from coffeechat.formats.recap import recap_markdown

CORPUS = Path(__file__).parent / "data" / "recaps"
KEYS = ("path", "balance", "adapting", "workflow", "team", "advice", "way-in", "network")


def topic(key: str, *notes: str, skipped: bool = False) -> TopicNotes:
    return TopicNotes(key, f"What about {key}?", "why", tuple(notes), skipped)


def good(**changes) -> Recap:
    """A recap with nothing missing; ``changes`` take one part away at a time."""
    recap = Recap(
        variant=Variant.INTERVIEW,
        user_name="Sam Rivera",
        contact_name="Maria Chen",
        topics=tuple(topic(key, f"Something about {key}.") for key in KEYS),
        takeaways=(Takeaway(TakeawayKind.ADVICE, "Tell a story in the README."),),
        promises=(
            Promise(PromiseBy.ME, "Send the portfolio link", dt.date(2026, 12, 4)),
            Promise(PromiseBy.THEM, "Intro to Priya"),
        ),
        next_contact=dt.date(2026, 12, 10),
    )
    return dataclasses.replace(recap, **changes)


def found(recap: Recap) -> dict[str, str]:
    """rule -> severity of the findings, checked on the structure and on its Markdown."""
    findings = check_recap(recap)
    assert check_recap_text(recap_markdown(recap)).findings == findings
    return {f.rule: f.severity for f in findings}


def only(recap: Recap, rule: str) -> Finding:
    (finding,) = [f for f in check_recap(recap) if f.rule == rule]
    return finding


# --------------------------------------------------------------------------- the rules


def test_a_complete_recap_has_no_finding():
    assert found(good()) == {}
    assert check_recap_text(recap_markdown(good())).ok


def test_rules_and_severities_are_the_contract():
    assert RECAP_RULES == {
        "topics-covered": "error",
        "takeaways": "error",
        "next-step": "error",
        "promises-dated": "warning",
    }
    bare = good(
        topics=(topic("path"),),
        takeaways=(),
        next_contact=None,
        promises=(Promise(PromiseBy.ME, "Read the book"),),
    )
    findings = check_recap(bare)
    assert [f.rule for f in findings] == list(RECAP_RULES)
    for finding in findings:
        assert finding.severity == RECAP_RULES[finding.rule]
        assert "coffeechat " in finding.hint and finding.message.endswith(".")


def test_topics_covered_one_missing_is_a_warning_naming_it():
    topics = (*good().topics[:-1], topic("network"))
    assert found(good(topics=topics)) == {"topics-covered": "warning"}
    finding = only(good(topics=topics), "topics-covered")
    assert finding.message == "1 of 8 topics is neither noted nor marked skipped: network."
    assert "coffeechat note add CONTACT --topic KEY" in finding.hint


def test_topics_covered_a_skipped_topic_is_covered():
    topics = (*good().topics[:-1], topic("network", skipped=True))
    assert found(good(topics=topics)) == {}
    # A note that only says it was skipped skips it too.
    topics = (*good().topics[:-1], topic("network", "Skipped — no time"))
    assert found(good(topics=topics)) == {}


def test_topics_covered_one_note_is_enough_to_make_it_a_warning():
    topics = (topic("path", "One thing."), *(topic(key) for key in KEYS[1:]))
    assert found(good(topics=topics)) == {"topics-covered": "warning"}
    assert "7 of 8 topics are neither" in only(good(topics=topics), "topics-covered").message


def test_topics_covered_no_note_at_all_is_an_error():
    topics = tuple(topic(key) for key in KEYS)
    assert found(good(topics=topics)) == {"topics-covered": "error"}
    message = only(good(topics=topics), "topics-covered").message
    assert "No topic of the guide has a note" in message and ", ".join(KEYS) in message
    skipped = tuple(topic(key, skipped=True) for key in KEYS)
    assert found(good(topics=skipped)) == {"topics-covered": "error"}
    assert "all 8 are marked skipped" in only(good(topics=skipped), "topics-covered").message


def test_topics_covered_placeholders_and_blank_notes_are_no_notes():
    topics = (*good().topics[:-1], topic("network", "  ", "TBD", "n/a", "—"))
    assert found(good(topics=topics)) == {"topics-covered": "warning"}


def test_topics_covered_for_a_chat_with_someone_known_too():
    topics = (*good().topics[:-1], topic("network"))
    assert found(good(variant=Variant.KNOWN, topics=topics)) == {"topics-covered": "warning"}


def test_topics_covered_does_not_apply_to_a_reflection():
    assert found(good(variant=Variant.REFLECTION, topics=())) == {}
    missing = tuple(topic(key) for key in KEYS)
    assert "topics-covered" not in {
        f.rule for f in check_recap(good(variant=Variant.REFLECTION, topics=missing))
    }


def test_topics_covered_without_a_guide_needs_some_note():
    assert found(good(topics=())) == {"topics-covered": "error"}
    assert found(good(topics=(), other_notes=("We talked about dbt.",))) == {}


def test_takeaways_none_is_an_error_one_is_enough():
    assert found(good(takeaways=())) == {"takeaways": "error"}
    assert found(good(takeaways=(Takeaway(TakeawayKind.INSIGHT, "   "),))) == {"takeaways": "error"}
    hint = only(good(takeaways=()), "takeaways").hint
    assert hint.endswith(
        "coffeechat takeaway add CONTACT --kind insight|mentor|introduction|path|resource|advice "
        "TEXT"
    )
    assert found(good(takeaways=(Takeaway(TakeawayKind.RESOURCE, "The dbt Slack."),))) == {}


def test_next_step_needs_a_next_contact_date():
    assert found(good(next_contact=None, next_step="Report back")) == {"next-step": "error"}
    assert only(good(next_contact=None), "next-step").hint.endswith(
        "coffeechat recap CONTACT --next-contact DATE"
    )
    assert found(good(next_contact=dt.date(2026, 12, 1))) == {}


def test_promises_dated_mine_without_a_date_is_a_warning_saying_which():
    promises = (
        Promise(PromiseBy.ME, "Send the portfolio link", dt.date(2026, 12, 4)),
        Promise(PromiseBy.ME, "Read the dbt testing guide"),
    )
    assert found(good(promises=promises)) == {"promises-dated": "warning"}
    finding = only(good(promises=promises), "promises-dated")
    assert finding.message == 'Your promise "Read the dbt testing guide" has no due date.'
    # dated where it stands (`promise add` would make a second promise)
    assert finding.hint.endswith(
        "coffeechat promise edit ID --due DATE (ids: coffeechat promise list CONTACT)"
    )
    two = (*promises, Promise(PromiseBy.ME, "Watch the talk"))
    assert only(good(promises=two), "promises-dated").message == (
        '2 of your promises have no due date: "Read the dbt testing guide", "Watch the talk".'
    )


def test_promises_dated_theirs_done_ones_and_dated_ones_are_fine():
    promises = (
        Promise(PromiseBy.THEM, "Intro to Priya"),
        Promise(PromiseBy.ME, "Say thank you", done=True),
        Promise(PromiseBy.ME, "Send the link", dt.date(2026, 12, 4)),
    )
    assert found(good(promises=promises)) == {}
    assert found(good(promises=())) == {}


def test_a_long_promise_is_cut_in_the_message():
    text = "Rewrite the whole portfolio introduction " * 4
    message = only(good(promises=(Promise(PromiseBy.ME, text),)), "promises-dated").message
    assert "…" in message and len(message) < 120


def test_what_counts_as_written():
    assert says_something("Kafka") and says_something("3 months")
    for empty in ("", "  ", "—", "TBD", "n/a", "None yet.", "_No notes._", "?"):
        assert not says_something(empty), empty
    assert marks_skipped("Skipped") and marks_skipped("_Skipped._")
    assert marks_skipped("Not asked — ran out of time")
    assert not marks_skipped("Skipped the small talk and went straight to her path")


# --------------------------------------------------------------------------- reading text


def expectations(path: Path) -> tuple[dict[str, str], list[str]]:
    header = re.match(r"<!--\s*expect:(.*?)-->", path.read_text(encoding="utf-8"), re.S)
    assert header, f"{path.name} has no <!-- expect: ... --> line"
    rules, _, mentions = header.group(1).partition("mentions:")
    expected = {}
    for pair in re.split(r"[,;]", rules):
        if pair.strip():
            rule, severity = pair.strip().split("=")
            expected[rule] = severity
    return expected, [m.strip() for m in mentions.split(",") if m.strip()]


CORPUS_FILES = sorted(CORPUS.glob("*.md"))


def test_the_corpus_has_good_recaps_and_each_problem():
    assert len(CORPUS_FILES) >= 6
    seen = [expectations(path)[0] for path in CORPUS_FILES]
    assert {} in seen
    for rule in RECAP_RULES:
        assert any(rule in expected for expected in seen), rule


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_hand_written_recaps(path):
    expected, mentions = expectations(path)
    report = check_recap_text(path.read_text(encoding="utf-8"))
    assert {f.rule: f.severity for f in report.findings} == expected, report.findings
    messages = " ".join(f.message for f in report.findings)
    for words in mentions:
        assert words in messages
    assert report.ok == ("error" not in expected.values())
    assert report.words > 20


def test_report_counts_words():
    report = check_recap_text("# Recap\n\n## Takeaways\n\n- Two words\n")
    assert isinstance(report, Report) and report.words == 4  # "#" and "-" are not words


HEADER = "# Conversation with Maria\n\n"
TAIL = "\n## Takeaways\n\n- One.\n\n## Next contact\n\n2026-12-10\n"


def rules_of(text: str) -> dict[str, str]:
    return {f.rule: f.severity for f in check_recap_text(text).findings}


@pytest.mark.parametrize(
    "learnt",
    [
        "## What I learnt\n\n### Path (path)\n- A note.\n",
        "## What I learned\n\n#### Path (path)\n* A note.\n",
        "### NOTES:\n\n#### Path\n+ A note.\n",
        "Topics\n------\n\n### Path\n\n1. A note.\n",
        "**What I learned**\n\n### Path\n\nA paragraph is a note too.\n",
    ],
)
def test_learnt_section_synonyms_levels_and_bullets(learnt):
    assert rules_of(HEADER + learnt + TAIL) == {}
    empty = re.sub(r"(?m)^(?:[-*+]|1\.)? ?A (?:note|paragraph).*$", "_No notes._", learnt)
    assert rules_of(HEADER + empty + TAIL) == {"topics-covered": "error"}


def test_sections_may_be_top_level_headings():
    text = "# What I learned\n\n## Path (path)\n- A note.\n\n## Advice (advice)\n\n"
    text += "# Takeaways\n\n## Introductions\n- Priya.\n\n# Next contact\n\n2026-12-10\n"
    (finding,) = check_recap_text(text).findings
    assert finding.message == "1 of 2 topics is neither noted nor marked skipped: advice."


def test_topic_skipped_in_its_heading_or_a_line():
    base = "## Notes\n\n### Path (path)\n- A note.\n\n"
    for skipped in ("### Network (network) — skipped\n", "### Network (network)\nSkipped.\n"):
        assert rules_of(HEADER + base + skipped + TAIL) == {}
    message = check_recap_text(HEADER + base + "### Network (network)\n" + TAIL).findings[0]
    assert message.message == "1 of 2 topics is neither noted nor marked skipped: network."


@pytest.mark.parametrize(
    "next_contact",
    [
        "## Next contact\n\n**Date:** Thursday 10 December 2026\n",
        "## Next steps\n\n- Date: 10/12/2026\n",
        "## Next contact\n\nDec 10 — report back.\n",
        "Next contact: 2026-12-10\n",
        "**Next contact:** Thu 10 Dec\n",
    ],
)
def test_next_contact_date_forms(next_contact):
    text = HEADER + "## Notes\n\n- A note.\n\n## Takeaways\n\n- One.\n\n" + next_contact
    assert rules_of(text) == {}


@pytest.mark.parametrize(
    "next_contact",
    [
        "## Next contact\n\n**Date:** not set\n\nCall her on Friday.\n",
        "## Next contact\n\nTo be decided.\n",
        "## My reflection\n\nNext contact: 2026-12-10\n",  # inside the reflection: not a date
        "",
    ],
)
def test_next_contact_missing(next_contact):
    text = HEADER + "## Notes\n\n- A note.\n\n## Takeaways\n\n- One.\n\n" + next_contact
    assert rules_of(text) == {"next-step": "error"}


@pytest.mark.parametrize(
    "line",
    [
        "- Send the deck — by 2026-12-04",
        "- Send the deck by Fri 4 Dec",
        "- Send the deck (Dec 4)",
        "- Send the deck by Friday",
        "- [x] Send the deck",
        "- Send the deck (done)",
        "- ~~Send the deck~~",
    ],
)
def test_my_promise_dated_or_done(line):
    text = HEADER + "## Notes\n\n- A note.\n" + TAIL + "\n## Promises\n\n### I promised\n\n"
    assert rules_of(text + line + "\n") == {}


@pytest.mark.parametrize(
    ("promises", "undated"),
    [
        ("### I promised\n\n- Send the deck — no date\n", "Send the deck"),
        ("### Me\n\n- [ ] Send the deck\n", "Send the deck"),
        ("- I'll send the deck\n- Maria will intro me to Priya\n", "I'll send the deck"),
        ("### Maria promised\n- Intro to Priya\n\n### My promises\n- Send it\n", "Send it"),
    ],
)
def test_my_promise_without_a_date(promises, undated):
    text = HEADER + "## Notes\n\n- A note.\n" + TAIL + "\n## Promises\n\n" + promises
    (finding,) = check_recap_text(text).findings
    assert finding.rule == "promises-dated"
    assert finding.message == f'Your promise "{undated}" has no due date.'


def test_their_undated_promises_are_fine():
    text = HEADER + "## Notes\n\n- A note.\n" + TAIL
    text += "\n## Promises\n\n### Maria promised\n\n- Intro to Priya\n- She will send a list\n"
    assert rules_of(text) == {}


def test_a_reflection_is_known_by_its_title_or_its_lead():
    body = "\n## Takeaways\n\n- One.\n\nNext contact: 2026-12-10\n"
    assert rules_of("# Reflection: Omar\n" + body) == {}
    assert rules_of("# Omar\n\nNo conversation took place yet.\n" + body) == {}
    assert rules_of("# Omar\n\nWe had coffee.\n" + body) == {"topics-covered": "error"}


def test_fenced_code_and_comments_are_not_read():
    text = HEADER + "```\n## Takeaways\n- Not one.\n```\n<!-- ## Takeaways\n- Nor this. -->\n"
    text += "## Notes\n\n- A note.\n\nNext contact: 2026-12-10\n"
    assert rules_of(text) == {"takeaways": "error"}


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_gets_a_report(text):
    report = check_recap_text(text)
    assert isinstance(report, Report) and report.words >= 0
    assert {f.rule for f in report.findings} <= set(RECAP_RULES)


# --------------------------------------------------------------------------- text == structure

WORDS = (
    "coffee", "team", "pipeline", "Kafka", "résumé", "Zoë", "李雷", "#1", "(maybe)", "—", "*x*",
    "by", "Friday", "2026-12-04", "Dec 4", "tomorrow", "Next contact:", "Date:", "TBD", "n/a",
    "Skipped", "none", "?", "1.", "-", "done", "no date", ":", "&", "<b>", "O'Brien", "12:30",
    "**Takeaways**", "[x]", "```", "<!--", "-->", "~~", "(done)", "---",
)  # fmt: skip
words = st.lists(st.sampled_from(WORDS), max_size=6).map(" ".join)
lines = st.lists(words, min_size=1, max_size=3).map("\n".join)
dates = st.one_of(st.none(), st.dates(dt.date(2025, 1, 1), dt.date(2028, 12, 31)))
topics = st.lists(
    st.builds(
        TopicNotes,
        key=st.sampled_from((*KEYS, "stay-in-touch", "q10")),
        question=words.filter(str.strip),
        purpose=words,
        notes=st.lists(words, max_size=3).map(tuple),
        skipped=st.booleans(),
    ),
    max_size=9,
    unique_by=lambda t: t.key,
).map(tuple)
recaps = st.builds(
    Recap,
    variant=st.sampled_from(Variant),
    user_name=st.just("Sam Rivera"),
    contact_name=st.sampled_from(("Ada Lovelace", "Zoë Müller", "李雷", "Seán O'Brien")),
    title=st.one_of(st.none(), words),
    company=st.one_of(st.none(), words),
    how_met=st.one_of(st.none(), words),
    met_on=dates,
    start=st.one_of(st.none(), st.just(dt.datetime(2026, 12, 1, 17, tzinfo=dt.UTC))),
    zone=st.sampled_from((None, "America/New_York", "Asia/Shanghai")),
    minutes=st.one_of(st.none(), st.integers(1, 90)),
    format=st.one_of(st.none(), words),
    topics=topics,
    other_notes=st.lists(words, max_size=3).map(tuple),
    takeaways=st.lists(st.builds(Takeaway, st.sampled_from(TakeawayKind), words), max_size=4).map(
        tuple
    ),
    promises=st.lists(
        st.builds(Promise, st.sampled_from(PromiseBy), words, dates, st.booleans()), max_size=5
    ).map(tuple),
    introductions=st.lists(st.builds(Introduction, words), max_size=2).map(tuple),
    next_contact=dates,
    next_step=st.one_of(st.none(), lines),
    reflection=st.one_of(st.none(), st.lists(lines, max_size=3).map("\n\n".join)),
    written_on=dates,
    findings=st.lists(words, max_size=2).map(tuple),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(recaps)
def test_the_text_checker_agrees_with_the_structure_on_generated_recaps(recap):
    assert check_recap_text(recap_markdown(recap)).findings == check_recap(recap)
