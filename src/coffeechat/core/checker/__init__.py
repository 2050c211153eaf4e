"""The draft checker: what to fix in a message the user wrote themselves.

``check_message(kind, text, now=..., zone=...)`` returns a ``Report``: ``ok`` (no error
found), ``words`` (the body's word count) and ``findings``, each with a stable ``rule``
id, a ``severity``, a ``message`` saying what is wrong, a ``hint`` saying how to fix it,
the ``quotes`` it is about and their ``span`` (character offsets ``[start, end)`` into
``text`` as given; None for a finding about something missing). Pure: no I/O, no clock
(``now`` is a parameter). Never raises on any text.

The rules read intents, not phrases: words are matched by their lemma (``simplemma``:
"referring", "referred" and "refer" are one word), patterns allow the words people put
in between, and a negated phrase ("I'm not asking for a referral", "I won't be able to
meet Monday") does not count. For the open-ended error rules a learned second reading
(``learned``: a logistic model a kind and rule over lemmas, trained on the labelled
corpus) raises a rule the patterns missed when it is sure, and drops a pattern's error
it all but rules out.

The rule ids and severities are a public contract:

============= ================= ======== =============================================
kind          rule              severity triggers when
============= ================= ======== =============================================
outreach      length            warning  more than 75 words
outreach      length            error    more than 150 words
outreach      asks-for-job      error    it asks them to act for you at work: a
                                         referral, hiring, an opening, a role, "pass my
                                         CV on", "put a good word in", "speak to your
                                         manager on my behalf", "keep me in mind",
                                         "work with you in any way", an introduction
                                         onward from someone who says they are job
                                         hunting (see below)
outreach      no-ask            error    nothing they could say yes to: no request for
                                         a chat, a call, a few questions or advice; a
                                         vague "coffee sometime"; a sales pitch
outreach      question-ask      warning  there is an ask, but none put as a question
outreach      connection-first  warning  the first sentence does not say how you came
                                         to them: where you met, who passed on their
                                         name, a shared employer, school or group, or
                                         their talk or post ("hope you're well" is
                                         skipped)
outreach      about-them        warning  mostly about you (5 or more references to
                                         yourself, over three times those to them) and
                                         nothing on why them: their work, path, team,
                                         talk or writing
outreach      attachment        error    an attachment or enclosure is mentioned
outreach      meeting-length    warning  an ask for a meeting with no duration ("20
                                         minutes", "half an hour"); not for a few
                                         questions by e-mail
scheduling    thanks            error    no thanks ("thank", "thanks", "appreciate",
                                         "grateful") in the body
scheduling    three-options     error    fewer or more than three distinct options
scheduling    ask-which         warning  no question asking which option suits them
scheduling    varied-times      error    two or more options, all at the same clock time
                                         or all on the same day
scheduling    within-week       error    an option before now, or on a day more than 7
                                         days after today (their local dates)
scheduling    flexible-time     warning  no offer of another day or time ("if that
                                         doesn't suit, I'm also free on..." counts)
scheduling    flexible-place    warning  no offer to come to them or near them, or to
                                         call instead (a phone or video call proposed
                                         has no place to be flexible about)
scheduling    enthusiasm        warning  no "looking forward" / "excited" / "can't wait"
scheduling    length            warning  more than 150 words
thank-you     thanks            error    no thanks in the body (thanks passed on to
                                         someone else does not count)
thank-you     specific-takeaway error    nothing specific from the conversation: their
                                         advice on something, what they said or walked
                                         you through, a resource they named, a point
                                         retold ("the bit about...", "I wouldn't have
                                         guessed that..."); a bare "thanks for sharing
                                         your expertise", "an eye-opening chat", "the
                                         book you recommended" with no title or "your
                                         tips on networking were so helpful" is not
thank-you     next-action       warning  nothing you will do next ("I'll look into the
                                         book you recommended", "I've signed up"); "I'll
                                         stay in touch", "I'll take your advice to
                                         heart" do not count
thank-you     length            warning  more than 150 words
follow-up     restates-ask      error    it does not say what was asked ("a quick call",
                                         "a few questions")
follow-up     guilt             error    guilt or pressure, however worded: their
                                         silence, repeated tries, a debt, the ask made
                                         small, a deadline or ultimatum, hurt or stakes
                                         as an appeal ("I haven't heard back", "as I
                                         said", "you must be busy but", "surely five
                                         minutes..."); not an easy out ("no reply
                                         needed") or owned words ("sorry for the
                                         second email")
follow-up     easy-out          warning  no easy way to say no or a smaller alternative
follow-up     asks-for-job      error    as for outreach
follow-up     length            warning  more than 100 words
confirm       confirms-time     error    the day and the clock time are not both given
confirm       thanks            warning  no thanks
confirm       length            warning  more than 100 words
intro-request names-person      error    no one is named ("anyone on your team")
intro-request asks-for-job      error    as for outreach (an introduction to be hired:
                                         "to your hiring manager", "an interview", "so
                                         he can bring me on", "since they're hiring")
intro-request why-them          warning  no reason to talk to that person
intro-request easy-out          warning  no easy way to say no
intro-request forwardable       warning  no short note they could forward, nor an offer
                                         to write one
intro-request length            warning  more than 150 words
report-back   reports-outcome   error    it does not say what you did with the advice
                                         ("I rewrote...", "I met Dana on Tuesday");
                                         plans, feelings and vague progress ("I've
                                         been exploring my options") are not
report-back   asks-for-job      error    as for outreach
report-back   thanks            warning  no thanks
report-back   length            warning  more than 150 words
keep-in-touch asks-for-job      error    as for outreach ("let me know if anything opens
                                         up")
keep-in-touch personal-touch    warning  nothing for this person only: their work, news,
                                         something they said, an article for them
keep-in-touch length            warning  more than 120 words
second-contact (all of outreach)         it is a first message to someone new
reschedule    (all of scheduling)        it offers new times
============= ================= ======== =============================================

``KINDS`` are the kinds with rules of their own; any other kind is checked with the
``length`` rule only (over 150 words, a warning).

What the text is: quoted lines (starting with ">") and anything from an "On ... wrote:"
line on are a quoted reply and are ignored. A signature block is cut before counting and
checking: everything from a closing line ("Best,", "Thanks,", "Cheers,", "Kind regards",
"-- "...) among the last six lines, or a last paragraph that is only a short name ("Sam",
"- Kai", or ``sender``). So a "Thanks," sign-off does not count as thanking them. A P.S.
after the signature is part of the message (an ask written there counts). The greeting
("Hi Maria,") counts as body words.

``asks-for-job`` counts asks however they are worded and in any word order ("put in a
good word" and "put a good word in"; "is anyone you know hiring?"; "could you pass my
CV on to your manager?"). Stating your own search ("I'm moving into data engineering",
"I'm job hunting") and questions about their hiring process ("how does your team's
hiring process work?") do not count, and neither does any ask negated in its clause
("I'm not asking for a job"), nor how you came to them ("Dana referred me to you").
"""

from __future__ import annotations

import datetime as dt

from coffeechat.core.checker.base import (
    LENGTHS,
    RULES,
    Check,
    Finding,
    Recipient,
    Report,
    length,
    read_message,
    thanks,
)
from coffeechat.core.checker.jobs import asks_for_job
from coffeechat.core.checker.later import (
    confirms_time,
    easy_out,
    forwardable,
    guilt,
    names_person,
    personal_touch,
    reports_outcome,
    restates_ask,
    why_them,
)
from coffeechat.core.checker.learned import second_reading
from coffeechat.core.checker.outreach import (
    about_them,
    attachment,
    connection_first,
    meeting_length,
    no_ask,
    question_ask,
)
from coffeechat.core.checker.scheduling import (
    ask_which,
    enthusiasm,
    flexible_place,
    flexible_time,
    scheduling_options,
)
from coffeechat.core.checker.thankyou import next_action, specific_takeaway, thanks_them
from coffeechat.core.datetext import FoundTime, find_times, zone_info
from coffeechat.core.message import count_words, read_body, split_body

__all__ = [
    "KINDS",
    "LENGTHS",
    "RULES",
    "Finding",
    "FoundTime",
    "Recipient",
    "Report",
    "check_message",
    "count_words",
    "find_times",
    "split_body",
]

_OUTREACH: tuple[Check, ...] = (
    length,
    asks_for_job,
    no_ask,
    question_ask,
    connection_first,
    about_them,
    attachment,
    meeting_length,
)
_SCHEDULING: tuple[Check, ...] = (
    thanks,
    scheduling_options,
    ask_which,
    flexible_time,
    flexible_place,
    enthusiasm,
    length,
)
_CHECKS: dict[str, tuple[Check, ...]] = {
    "outreach": _OUTREACH,
    "scheduling": _SCHEDULING,
    "thank-you": (thanks_them, specific_takeaway, next_action, length),
    "follow-up": (restates_ask, guilt, easy_out, asks_for_job, length),
    "confirm": (confirms_time, thanks, length),
    "intro-request": (names_person, asks_for_job, why_them, easy_out, forwardable, length),
    "report-back": (reports_outcome, asks_for_job, thanks, length),
    "keep-in-touch": (asks_for_job, personal_touch, length),
}
#: Kinds read with the rules of another: a second contact is a first message, a
#: reschedule offers new times.
_SAME_AS = {"second-contact": "outreach", "reschedule": "scheduling"}

#: The kinds with rules of their own.
KINDS: tuple[str, ...] = tuple(_CHECKS)


def check_message(
    kind: str,
    text: str,
    *,
    now: dt.datetime,
    zone: str,
    recipient: Recipient | None = None,
    sender: str | None = None,
) -> Report:
    """Check a message of ``kind`` written by the user.

    ``now`` (aware) and ``zone`` (IANA, the recipient's) place the dates written in the
    text; ``recipient`` names who the message is for; ``sender`` helps find the signature.
    Raises ValueError only for a naive ``now`` or an unknown ``zone``, never for the text.
    """
    zone_info(zone)
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    kind = (kind or "").strip().lower()
    kind = _SAME_AS.get(kind, kind)
    body = read_body(text if isinstance(text, str) else "", sender)
    message = read_message(kind, body, now, zone, recipient, sender)
    checks = _CHECKS.get(kind, (length,))
    findings = second_reading(message, [f for check in checks for f in check(message)])
    return Report(
        ok=not any(f.severity == "error" for f in findings), words=message.words, findings=findings
    )
