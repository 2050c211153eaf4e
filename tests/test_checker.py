"""The draft checker (core/checker/) and the date/time reader (core/datetext.py)."""

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coffeechat.core.checker import (
    KINDS,
    RULES,
    Finding,
    Recipient,
    Report,
    check_message,
    count_words,
    find_times,
    split_body,
)

NY = "America/New_York"
NOW = dt.datetime(2026, 11, 27, 10, 0, tzinfo=ZoneInfo(NY))  # a Friday
CORPUS = Path(__file__).parent / "data" / "drafts"


def rules(kind, text, *, now=NOW, zone=NY, recipient=None):
    return {
        f.rule for f in check_message(kind, text, now=now, zone=zone, recipient=recipient).findings
    }


def times(text, *, now=NOW, zone=NY):
    return [(f.day, f.clock) for f in find_times(text, now=now, zone=zone)]


# ----------------------------------------------------------------- shared pieces


GOOD_OUTREACH = (
    "Hi Maria,\n\nWe met at the PyData meetup on Tuesday, where you talked about streaming. "
    "I'm moving into data engineering. Would you be open to a 20-minute chat next week? "
    "I'd love to hear how you got started.\n\nBest,\nAlex"
)
GOOD_SCHEDULING = (
    "Hi Maria,\n\nThank you for agreeing to chat! Would Tue 12/1 at noon, Wednesday, "
    "December 2 at 5:30pm, or any time on Friday work? Which works best for you? If none "
    "fit, I'm happy to suggest other times, and I can come to your office or we can do a "
    "call. Looking forward to it!\n\nBest,\nAlex"
)
GOOD_THANKS = (
    "Hi Maria,\n\nThank you for the chat today. Your advice on contributing to open source "
    "first was exactly what I needed. I'm going to pick an issue this week.\n\nBest,\nAlex"
)


def test_the_good_messages_pass_clean():
    for kind, text in (
        ("outreach", GOOD_OUTREACH),
        ("scheduling", GOOD_SCHEDULING),
        ("thank-you", GOOD_THANKS),
    ):
        report = check_message(kind, text, now=NOW, zone=NY)
        assert report.findings == [], (kind, report.findings)
        assert report.ok


def test_report_shape_and_contract():
    report = check_message("outreach", "I've attached my CV.", now=NOW, zone=NY)
    assert isinstance(report, Report)
    assert report.ok is False
    assert all(isinstance(f, Finding) for f in report.findings)
    for f in report.findings:
        assert f.severity in ("error", "warning")
        assert f.message and f.hint
    assert KINDS == (
        "outreach",
        "scheduling",
        "thank-you",
        "follow-up",
        "confirm",
        "intro-request",
        "report-back",
        "keep-in-touch",
    )
    assert {rule for _, rule in RULES} >= {"asks-for-job", "three-options", "specific-takeaway"}


def test_only_warnings_keep_ok_true():
    text = "Thank you so much!! Your advice to lead my portfolio with one case study was gold."
    report = check_message("thank-you", text, now=NOW, zone=NY)
    assert {f.rule for f in report.findings} == {"next-action"}
    assert report.ok


def test_other_kinds_get_the_generic_length_rule_only():
    long = "word " * 151
    findings = check_message("made-up-kind", long, now=NOW, zone=NY).findings
    assert [(f.rule, f.severity) for f in findings] == [("length", "warning")]
    assert rules("made-up-kind", "Just bumping this up.") == set()


def test_bad_zone_or_naive_now_is_a_caller_error():
    with pytest.raises(ValueError):
        check_message("outreach", "hi", now=NOW, zone="Mars/Olympus")
    with pytest.raises(ValueError):
        check_message("outreach", "hi", now=NOW.replace(tzinfo=None), zone=NY)


# ------------------------------------------------------------- words and signature


def test_signature_block_is_not_counted():
    body, signature = split_body("Hi Sam,\n\nOne two three.\n\nBest,\nAlex Kim\n555-0100")
    assert body == "Hi Sam,\n\nOne two three."
    assert signature.startswith("Best,")
    assert (
        check_message("x", "Hi Sam,\n\nOne two three.\n\nCheers,\nAlex", now=NOW, zone=NY).words
        == 5
    )


def test_bare_name_and_sender_signatures_and_quoted_replies():
    assert split_body("Thanks for the chat today!\n\nkai")[0] == "Thanks for the chat today!"
    assert split_body("See you then.\nAlex Kim", sender="Alex Kim")[0] == "See you then."
    text = "Sounds good, Tuesday it is.\n\nOn Mon, Nov 30, Dana wrote:\n> Sure, let's chat"
    assert split_body(text)[0] == "Sounds good, Tuesday it is."
    # A one-line message is never mistaken for a signature.
    assert split_body("Thank you so much!!")[0] == "Thank you so much!!"


def test_count_words_ignores_bullets():
    assert count_words("- Tue 12/1 at noon\n- 5:30pm —") == 5


# ---------------------------------------------------------------------- outreach


def test_outreach_length_warning_and_error():
    filler = " ".join(["Your work on streaming is great."] * 14)  # 84 words

    def padded(extra):
        return GOOD_OUTREACH.replace("\n\nBest,", " " + extra + "\n\nBest,")

    warn = check_message("outreach", padded(filler), now=NOW, zone=NY)
    assert [(f.rule, f.severity) for f in warn.findings] == [("length", "warning")]
    error = check_message("outreach", padded(filler + " " + filler), now=NOW, zone=NY)
    assert ("length", "error") in [(f.rule, f.severity) for f in error.findings]
    assert not error.ok
    assert "length" not in rules("outreach", GOOD_OUTREACH)


@pytest.mark.parametrize(
    "sentence",
    [
        "Is your team hiring right now?",
        "Are you hiring junior developers?",
        "Could you refer me for the analyst role?",
        "Would you pass my resume along to the hiring manager?",
        "Do you have any open roles on your team?",
        "Is the analyst position still open?",
        "No pressure, but could you refer me?",
        "Would you consider me for a spot on your team?",
    ],
)
def test_asks_for_job_triggers_on_outright_asks(sentence):
    assert "asks-for-job" in rules(
        "outreach", GOOD_OUTREACH.replace("\n\nBest", " " + sentence + "\n\nBest")
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "I'm not asking for a job or a referral, just your story.",
        "How does your team's hiring process work?",
        "I'm moving into data engineering and looking at the field.",
        "What do you enjoy most about your job?",
    ],
)
def test_asks_for_job_ignores_negations_and_questions_about_their_path(sentence):
    assert "asks-for-job" not in rules(
        "outreach", GOOD_OUTREACH.replace("\n\nBest", " " + sentence + "\n\nBest")
    )


def test_question_ask():
    statement = GOOD_OUTREACH.replace(
        "Would you be open to a 20-minute chat next week?",
        "I'd love to get 20 minutes of your time next week.",
    )
    assert "question-ask" in rules("outreach", statement)
    # A request starting like a question counts even without the question mark.
    no_mark = GOOD_OUTREACH.replace("next week?", "next week.")
    assert "question-ask" not in rules("outreach", no_mark)


def test_connection_first():
    moved = (
        "Hi Maria,\n\nYour team builds great tools. We met at the PyData meetup on Tuesday. "
        "Would you be open to a 20-minute chat? I'd love to hear your story."
    )
    assert "connection-first" in rules("outreach", moved)
    introduced = moved.replace("Your team builds great tools.", "Dana Lee introduced us.")
    assert "connection-first" not in rules("outreach", introduced)
    pleasantry = moved.replace("Your team builds great tools.", "Hope you're well!")
    assert "connection-first" not in rules("outreach", pleasantry)
    inline = "Hey Jo, saw your post on onboarding. Could we chat for 15 minutes?"
    assert "connection-first" not in rules("outreach", inline)


def test_about_them_counts_first_and_second_person():
    me = (
        "We met at the meetup. I'm a nurse and I've been learning UX; my portfolio has my "
        "projects and I think I'd fit. Could we chat for 20 minutes?"
    )
    assert "about-them" in rules("outreach", me)
    them = "We met at the meetup. I loved your talk. Could you tell me about your path? 20 minutes?"
    assert "about-them" not in rules("outreach", them)


def test_attachment():
    def add(sentence):
        return GOOD_OUTREACH.replace("\n\nBest", " " + sentence + "\n\nBest")

    assert "attachment" in rules("outreach", add("I've attached my résumé."))
    assert "attachment" in rules("outreach", add("Please find my CV enclosed."))
    assert "attachment" not in rules("outreach", add("My portfolio is online."))


@pytest.mark.parametrize(
    ("phrase", "flagged"),
    [
        ("a 20-minute chat", False),
        ("half an hour", False),
        ("a quick 15-min call", False),
        ("twenty minutes", False),
        ("20-30 minutes", False),
        ("a quick chat", True),
        ("a few minutes", True),
    ],
)
def test_meeting_length(phrase, flagged):
    text = GOOD_OUTREACH.replace("a 20-minute chat", phrase)
    assert ("meeting-length" in rules("outreach", text)) is flagged


# -------------------------------------------------------------------- scheduling


def sched(**swap):
    text = GOOD_SCHEDULING
    for old, new in swap.items():
        text = text.replace(old.replace("_", " "), new)
    return text


def test_scheduling_thanks():
    text = GOOD_SCHEDULING.replace("Thank you for agreeing to chat!", "Great!")
    assert "thanks" in rules("scheduling", text)
    assert check_message("scheduling", text, now=NOW, zone=NY).ok is False
    # A "Thanks," sign-off is not thanking them.
    assert "thanks" in rules("scheduling", text.replace("Best,", "Thanks,"))
    assert "thanks" not in rules("scheduling", text.replace("Great!", "I appreciate it!"))


def test_three_options():
    two = GOOD_SCHEDULING.replace(", or any time on Friday", "")
    assert "three-options" in rules("scheduling", two)
    four = GOOD_SCHEDULING.replace("any time on Friday", "Thursday at 8am, or Friday at 1pm")
    assert "three-options" in rules("scheduling", four)
    assert "three-options" not in rules("scheduling", GOOD_SCHEDULING)


def test_ask_which():
    text = GOOD_SCHEDULING.replace("Which works best for you? ", "")
    assert "ask-which" in rules("scheduling", text)
    told = GOOD_SCHEDULING.replace("Which works best for you?", "Let me know which you prefer.")
    assert "ask-which" not in rules("scheduling", told)


def test_varied_times():
    same_clock = GOOD_SCHEDULING.replace(
        "Tue 12/1 at noon, Wednesday, December 2 at 5:30pm, or any time on Friday",
        "Monday at 9am, Wednesday at 9am or Friday at 9am",
    )
    assert "varied-times" in rules("scheduling", same_clock)
    same_day = GOOD_SCHEDULING.replace(
        "Tue 12/1 at noon, Wednesday, December 2 at 5:30pm, or any time on Friday",
        "Tuesday at 9am, noon, or 4pm",
    )
    assert "varied-times" in rules("scheduling", same_day)
    assert "varied-times" not in rules("scheduling", GOOD_SCHEDULING)


def test_within_week():
    late = GOOD_SCHEDULING.replace("Wednesday, December 2", "Wednesday, December 9")
    assert "within-week" in rules("scheduling", late)
    past = GOOD_SCHEDULING.replace("Wednesday, December 2", "Wednesday, November 25")
    assert "within-week" in rules("scheduling", past)
    earlier_today = GOOD_SCHEDULING.replace("Wednesday, December 2 at 5:30pm", "today at 8am")
    assert "within-week" in rules("scheduling", earlier_today)
    assert "within-week" not in rules("scheduling", GOOD_SCHEDULING)


def test_flexible_time_and_place():
    text = GOOD_SCHEDULING.replace(
        "If none fit, I'm happy to suggest other times, and I can come to your office or we can "
        "do a call. ",
        "",
    )
    assert {"flexible-time", "flexible-place"} <= rules("scheduling", text)
    only_time = text.replace("Looking", "I'm flexible on timing. Looking")
    assert "flexible-time" not in rules("scheduling", only_time)
    assert "flexible-place" in rules("scheduling", only_time)
    by_phone = text.replace("Looking", "Happy to meet near your office or talk by phone. Looking")
    assert "flexible-place" not in rules("scheduling", by_phone)
    # A call (the one they agreed to) has no place to be flexible about (the corpus
    # README's rule, issue 16); a coffee does.
    agreed = text.replace("agreeing to chat", "agreeing to a call")
    assert "flexible-place" not in rules("scheduling", agreed)
    coffee = text.replace("agreeing to chat", "agreeing to a coffee")
    assert "flexible-place" in rules("scheduling", coffee)


def test_enthusiasm():
    text = GOOD_SCHEDULING.replace("Looking forward to it!", "")
    assert "enthusiasm" in rules("scheduling", text)
    excited = text.replace("Best,", "Excited to chat!\n\nBest,")
    assert "enthusiasm" not in rules("scheduling", excited)
    assert check_message("scheduling", text, now=NOW, zone=NY).ok


def test_scheduling_length():
    long = GOOD_SCHEDULING.replace("Looking forward", "It will be great. " * 25 + "Looking forward")
    assert "length" in rules("scheduling", long)
    assert "length" not in rules("scheduling", GOOD_SCHEDULING)


# --------------------------------------------------------------------- thank-you


def test_thank_you_thanks():
    text = GOOD_THANKS.replace("Thank you for the chat today.", "Great talking today!")
    assert "thanks" in rules("thank-you", text)
    assert "thanks" not in rules("thank-you", GOOD_THANKS)


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        ("It was great chatting and I learned a lot.", True),
        ("I'm so grateful you shared your time with me.", True),
        ("When you mentioned pairing on-call with a buddy, it clicked.", False),
        ('"Ship small things weekly" stuck with me.', False),
        ("Thanks for recommending that book on data systems.", False),
        ("Your suggestion to write a blog post was great.", False),
    ],
)
def test_specific_takeaway(sentence, flagged):
    text = f"Thank you for the chat today. {sentence} I will start on Monday."
    assert ("specific-takeaway" in rules("thank-you", text)) is flagged


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        ("Let's keep in touch!", True),
        ("I'll stay in touch!", True),
        ("I'll send you my rewrite by Friday.", False),
        ("I plan to read the first three chapters.", False),
        ("I've signed up for the webinar.", False),
        ("im going to rewrite my intro tonight", False),
    ],
)
def test_next_action(sentence, flagged):
    text = f"Thank you! When you mentioned open source, it clicked. {sentence}"
    assert ("next-action" in rules("thank-you", text)) is flagged


def test_thank_you_length():
    long = GOOD_THANKS.replace("I'm going", "It was great. " * 45 + "I'm going")
    assert "length" in rules("thank-you", long)
    assert "length" not in rules("thank-you", GOOD_THANKS)


# -------------------------------------------------------------------- find_times


@pytest.mark.parametrize(
    ("text", "day", "clock"),
    [
        ("Tue 12/1 at noon", dt.date(2026, 12, 1), dt.time(12)),
        ("Wednesday, December 2 at 5:30pm", dt.date(2026, 12, 2), dt.time(17, 30)),
        ("any time on Friday", dt.date(2026, 12, 4), None),
        ("Thursday 8am EST", dt.date(2026, 12, 3), dt.time(8)),
        ("Mon 30 Nov 17:30-18:00 GMT", dt.date(2026, 11, 30), dt.time(17, 30)),
        ("12:30pm on Thursday, Dec 3", dt.date(2026, 12, 3), dt.time(12, 30)),
        ("tomorrow at 3", dt.date(2026, 11, 28), dt.time(15)),
        ("next Tuesday morning", dt.date(2026, 12, 1), None),
        ("2026-12-01 12:30", dt.date(2026, 12, 1), dt.time(12, 30)),
        ("2026-12-01T12:30", dt.date(2026, 12, 1), dt.time(12, 30)),
        ("Dec. 3rd at 9 a.m.", dt.date(2026, 12, 3), dt.time(9)),
        ("12-1pm on Friday", dt.date(2026, 12, 4), dt.time(12)),
        ("thurs at 3 o'clock", dt.date(2026, 12, 3), dt.time(15)),
    ],
)
def test_find_times_formats(text, day, clock):
    assert times(text) == [(day, clock)]


def test_find_times_details():
    (found,) = find_times("Mon 30 Nov 17:30-18:00 GMT", now=NOW, zone=NY)
    assert found.zone == "UTC" and found.until == dt.time(18)
    assert found.at == dt.datetime(2026, 11, 30, 17, 30, tzinfo=dt.UTC)
    (morning,) = find_times("next Tuesday morning", now=NOW, zone=NY)
    assert morning.part == "morning" and morning.flexible and morning.at is None
    (friday,) = find_times("any time on Friday", now=NOW, zone=NY)
    assert friday.part == "any"


def test_find_times_lists_and_distinct_options():
    text = "Tue 12/1 at noon, Wed 12/2 at 5:30pm, or any time Friday 12/4. If Tuesday's bad, say."
    assert times(text) == [
        (dt.date(2026, 12, 1), dt.time(12)),
        (dt.date(2026, 12, 2), dt.time(17, 30)),
        (dt.date(2026, 12, 4), None),
    ]
    assert len(times("Tuesday at 9am, noon, or 4pm")) == 3
    assert times("Tuesday at noon. See you Tuesday at noon!") == [
        (dt.date(2026, 12, 1), dt.time(12))
    ]


def test_the_same_instant_in_two_zones_is_one_option():
    found = find_times("Tue 12/1 at noon ET (9am PT)", now=NOW, zone=NY)
    assert [(f.day, f.clock, f.zone) for f in found] == [(dt.date(2026, 12, 1), dt.time(12), NY)]


def test_find_times_skips_the_past_and_non_times():
    assert times("Last Tuesday we met; yesterday was fun.") == []
    assert times("a 20-30 minute chat, a 15-min call, 24/7 support, 3 options") == []


def test_weekdays_resolve_after_today_in_the_given_zone():
    tuesday = dt.datetime(2026, 12, 1, 9, 0, tzinfo=ZoneInfo(NY))
    assert times("Tuesday at noon", now=tuesday) == [(dt.date(2026, 12, 8), dt.time(12))]
    # 02:00 UTC on Saturday is still Friday evening in New York: "Saturday" is tomorrow.
    late = dt.datetime(2026, 11, 28, 2, 0, tzinfo=dt.UTC)
    assert times("Saturday at 10am", now=late) == [(dt.date(2026, 11, 28), dt.time(10))]
    assert times("Saturday at 10am", now=late, zone="Europe/London") == [
        (dt.date(2026, 12, 5), dt.time(10))
    ]


def test_month_dates_take_the_nearest_year():
    december = dt.datetime(2026, 12, 30, 9, 0, tzinfo=ZoneInfo(NY))
    assert times("Jan 4 at 9am", now=december) == [(dt.date(2027, 1, 4), dt.time(9))]
    assert times("1/4 at 9am", now=december) == [(dt.date(2027, 1, 4), dt.time(9))]
    assert times("30/11 at 9am") == [(dt.date(2026, 11, 30), dt.time(9))]


def test_written_zones_override_and_dst_is_respected():
    (pst,) = find_times("Tuesday 10am PST", now=NOW, zone=NY)
    assert pst.zone == "America/Los_Angeles"
    assert pst.at is not None and pst.at.astimezone(ZoneInfo(NY)).hour == 13
    (london,) = find_times("Thursday at 9am London time", now=NOW, zone=NY)
    assert london.zone == "Europe/London"
    # "All times New York time" written elsewhere applies to every option.
    options = find_times("Mon at 9am or Tue at noon (all times New York time)", now=NOW, zone="UTC")
    assert {o.zone for o in options} == {NY}
    # Across the March DST change, the offset is the one of the option's own day.
    march = dt.datetime(2027, 3, 12, 10, 0, tzinfo=ZoneInfo(NY))
    (after,) = find_times("Monday 3/15 at 9am", now=march, zone=NY)
    assert after.at is not None and after.at.utcoffset() == dt.timedelta(hours=-4)
    (before,) = find_times("Saturday 3/13 at 9am", now=march, zone=NY)
    assert before.at is not None and before.at.utcoffset() == dt.timedelta(hours=-5)
    # "EST" written in July still means New York time (then on daylight time).
    july = dt.datetime(2027, 7, 1, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
    (est,) = find_times("Friday 8am EST", now=july, zone="Europe/Paris")
    assert est.at is not None and est.at.utcoffset() == dt.timedelta(hours=-4)


# -------------------------------------------------------------------- robustness

NOISE_WORDS = (
    "Tue 12/1 at noon on Thursday, Dec 3 31 2/30 17:30-18:00 GMT tomorrow next last any time "
    "morning 99:99 0/0 24/7 2026-02-30 2026-12-01T25:61 Sat 13pm 12-1pm NYC . 12:60 0:00 23:59"
)
NOISE = [*NOISE_WORDS.split(), "New York time", "any time", "12 noon", "Dec. 3rd", "half past"]


@settings(max_examples=200, deadline=None)
@given(
    kind=st.sampled_from([*KINDS, "follow-up", "", "NOPE"]),
    text=st.lists(
        st.one_of(
            st.text(max_size=12),
            st.sampled_from(["am", "pm", "Tue", "Dec", "EST", "12/1", ":", "?", "\n", "Best,"]),
        ),
        max_size=40,
    ).map("".join),
)
def test_any_text_gives_a_report(kind, text):
    report = check_message(kind, text, now=NOW, zone=NY, recipient=Recipient("A B", "C"))
    assert isinstance(report, Report)
    assert report.words >= 0
    assert report.ok == (not any(f.severity == "error" for f in report.findings))
    for found in find_times(text, now=NOW, zone=NY):
        assert found.day is None or isinstance(found.day, dt.date)


@settings(max_examples=200, deadline=None)
@given(
    words=st.lists(
        st.sampled_from(NOISE),
        max_size=25,
    )
)
def test_date_like_noise_never_raises(words):
    text = " ".join(words)
    find_times(text, now=NOW, zone=NY)
    check_message("scheduling", text, now=NOW, zone=NY)


# ------------------------------------------------------------------------ corpus


def parse(path):
    head, _, body = path.read_text(encoding="utf-8").partition("\n\n")
    header = {}
    for line in head.splitlines():
        key, _, value = line.partition(":")
        header[key.strip()] = value.strip()
    return header, body


CORPUS_FILES = sorted(CORPUS.glob("*.txt"))


def test_the_corpus_is_big_enough():
    kinds = [parse(p)[0]["kind"] for p in CORPUS_FILES]
    assert len(CORPUS_FILES) >= 36
    for kind in ("outreach", "scheduling", "thank-you"):
        assert kinds.count(kind) >= 12, kind


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_corpus_message(path):
    header, body = parse(path)
    expected = {r.strip() for r in header["expect"].split(",") if r.strip()}
    report = check_message(
        header["kind"],
        body,
        now=dt.datetime.fromisoformat(header["now"]),
        zone=header["zone"],
        recipient=Recipient(header.get("recipient") or None, header.get("company") or None),
    )
    assert {f.rule for f in report.findings} == expected, report.findings


# ----------------------------------------------------------------- the words a finding is about


def quotes(kind, text, rule, **options):
    found = check_message(kind, text, now=NOW, zone=NY, **options).findings
    return [f.quotes for f in found if f.rule == rule]


def test_a_finding_names_the_words_it_is_about_as_written():
    text = "Hi Ada,\n\nI love data. Are you hiring? I attached my CV."
    assert quotes("outreach", text, "asks-for-job") == [("Are you hiring",)]
    assert quotes("outreach", text, "attachment") == [("attached",)]
    assert quotes("outreach", text, "connection-first") == [("I love data.",)]


def test_the_options_a_scheduling_finding_is_about_are_quoted():
    text = "Thank you! Could we meet Monday at 12:00 or Tuesday at 12:00?"
    (varied,) = quotes("scheduling", text, "varied-times")
    assert all(q in text for q in varied) and len(varied) == 2
    (late,) = quotes("scheduling", "Thanks! How about Friday 18 December at 10am?", "within-week")
    assert late and "December" in late[0]


def test_a_finding_about_something_missing_quotes_nothing():
    assert quotes("thank-you", "See you soon.", "thanks") == [()]
    assert quotes("outreach", "Hi Ada, we met at PyData.", "no-ask") == [()]
