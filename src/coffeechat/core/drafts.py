"""The wording decisions behind drafts: pure helpers, no I/O, no clock (``today`` is given).

The templates (``coffeechat/templates/drafts/<kind>.txt``) hold the sentences; these
helpers turn what the workspace knows (how the user met a contact, their title, the notes
on the timeline) into the phrases the templates drop in.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote

from coffeechat.core.errors import CoffeechatError
from coffeechat.core.model import Event, EventKind, HowMet

#: Every kind of draft, in the order of the workflow.
KINDS: tuple[str, ...] = (
    "outreach",
    "follow-up",
    "second-contact",
    "scheduling",
    "confirm",
    "reschedule",
    "thank-you",
    "report-back",
    "keep-in-touch",
    "intro-request",
)

#: The kinds that need a note on the timeline to say something specific.
NEEDS_TAKEAWAY: frozenset[str] = frozenset({"thank-you", "report-back"})


class NoTakeaway(CoffeechatError):
    """No takeaway written down for the conversation, and the draft names one."""

    def __init__(self, kind: str, name: str, ref: int) -> None:
        super().__init__(
            f"{kind}: nothing you took away from talking with {name} is written down, and "
            f"this draft names it; add one first: coffeechat takeaway add {ref} --kind advice "
            '"what you learnt"'
        )


class NotMetYet(CoffeechatError):
    """A draft about a conversation (thank-you, report-back) for someone not yet met."""

    def __init__(self, kind: str, name: str, ref: int) -> None:
        super().__init__(
            f"{kind}: no conversation with {name} is on the timeline, and this draft thanks "
            f"them for one; once you have talked, log it: coffeechat log {ref} meeting"
        )


def first_name(name: str) -> str:
    """``Ada`` from ``Ada Lovelace`` (titles such as ``Dr`` are kept with the surname)."""
    words = name.split()
    if not words:
        return name
    if words[0].rstrip(".").lower() in {"dr", "prof", "mr", "mrs", "ms"} and len(words) > 1:
        return f"{words[0]} {words[-1]}"
    return words[0]


def relative_day(day: dt.date, today: dt.date) -> str:
    """How a past or coming day reads in a message: ``yesterday``, ``on Tuesday``,
    ``last Tuesday``, ``earlier this month``, ``in October``; ``tomorrow``, ``on Mon 30 Nov``."""
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    if delta > 1:
        return f"on {day:%a} {day.day:02d} {day:%b}"
    if delta >= -6:
        return f"on {day:%A}" if day.weekday() < today.weekday() else f"last {day:%A}"
    this_monday = today - dt.timedelta(days=today.weekday())
    if day >= this_monday - dt.timedelta(days=7):
        return "last week"
    if day.year == today.year and day.month == today.month:
        return "earlier this month"
    return f"in {day:%B}" if day.year == today.year or delta > -300 else f"in {day:%B %Y}"


def _the(place: str) -> str:
    """``the PyData NYC meetup`` for an event name; names that read as proper nouns as is."""
    words = place.split()
    lowered = place.lower()
    if lowered.startswith(("the ", "a ", "an ")):
        return place
    events = ("meetup", "conference", "mixer", "fair", "summit", "hackathon", "talk", "panel",
              "workshop", "webinar", "q&a", "discord", "slack", "forum", "group", "bootcamp",
              "happy hour", "breakfast", "dinner", "course", "class", "event")  # fmt: skip
    if len(words) > 1 and any(lowered.endswith(e) for e in events):
        return f"the {place}"
    return place


def connection_sentence(
    how_met: HowMet | None,
    met_at: str | None,
    met_on: dt.date | None,
    introduced_by: str | None,
    today: dt.date,
) -> str:
    """The opening line that says how the user and the contact know each other."""
    when = f" {relative_day(met_on, today)}" if met_on else ""
    where = _the(met_at) if met_at else None
    if introduced_by or how_met is HowMet.INTRODUCED:
        who = introduced_by or "A friend"
        return f"{who} suggested I get in touch with you."
    if how_met is HowMet.ALREADY_KNOWN:
        return (
            f"It's been a while since we talked at {where}."
            if where
            else "It's been a while since we talked."
        )
    if how_met is HowMet.ONLINE:
        return f"We connected online in {where}{when}." if where else f"We connected online{when}."
    if where:
        return f"We met at {where}{when}."
    return f"We met{when or ' recently'}."


def subject_connection(
    how_met: HowMet | None, met_at: str | None, introduced_by: str | None
) -> str:
    """A short subject line built on the connection."""
    if introduced_by:
        return f"{introduced_by} suggested I reach out"
    if met_at and how_met is not HowMet.ALREADY_KNOWN:
        return f"Following up from {_the(met_at)}"
    return "A quick question"


_SENIORITY_WORDS = {"senior", "sr", "junior", "jr", "lead", "staff", "principal", "head", "chief",
                    "associate", "assistant", "intern", "i", "ii", "iii", "iv"}  # fmt: skip
_FIELD_ENDINGS = (
    ("engineer", "engineering"),
    ("developer", "development"),
    ("designer", "design"),
    ("manager", "management"),
    ("scientist", "science"),
    ("analyst", "analytics"),
    ("architect", "architecture"),
    ("researcher", "research"),
    ("consultant", "consulting"),
    ("marketer", "marketing"),
    ("recruiter", "recruiting"),
    ("writer", "writing"),
)
_ACRONYM_FIELDS = {"cto": "technology leadership", "cfo": "finance", "ceo": "running a company",
                   "cmo": "marketing", "cpo": "product leadership", "vp": "leadership",
                   "pm": "product management", "ux": "UX design", "qa": "quality assurance",
                   "sre": "site reliability engineering"}  # fmt: skip


#: Names that keep their capital inside a field ("Python development").
_PROPER = {"python", "java", "javascript", "typescript", "ruby", "rails", "rust", "kotlin",
           "swift", "scala", "android", "apple", "google", "microsoft", "azure", "salesforce",
           "oracle", "linux", "windows", "unity", "unreal", "shopify", "react", "angular",
           "django", "flutter", "excel", "tableau", "figma", "php", "go", "golang"}  # fmt: skip


def field_of(title: str | None) -> str | None:
    """The field a job title belongs to: ``Senior Backend Engineer`` -> ``backend
    engineering``; None when the title says nothing useful."""
    if not title:
        return None
    head = re.split(r"[,(/|]| at ", title)[0].strip()
    words = [w for w in head.split() if w.lower().strip(".") not in _SENIORITY_WORDS]
    if not words:
        return None
    if len(words) == 1 and words[0].lower() in _ACRONYM_FIELDS:
        return _ACRONYM_FIELDS[words[0].lower()]
    last = words[-1].lower()

    def lower(word: str) -> str:
        # Only a capital that title-casing gave ("Data"): "iOS", "DevOps", "SQL" and
        # names ("Python") are written as the title has them.
        if not word[:1].isupper() or not word[1:].islower() or word.lower() in _PROPER:
            return word
        return word.lower()

    for ending, field in _FIELD_ENDINGS:
        if last == ending:
            rest = " ".join(lower(w) for w in words[:-1])
            return f"{rest} {field}".strip() if rest else field
        if last == f"{ending[:-2]}ing":
            return " ".join(lower(w) for w in words)
    return None


def headline_of(signature: str | None) -> str | None:
    """The user's one-line description: the second line of their signature, if any
    (``Bootcamp graduate, full-stack developer``)."""
    if not signature:
        return None
    lines = [line.strip() for line in signature.splitlines() if line.strip()]
    if len(lines) < 2:
        return None
    line = lines[1].rstrip(".")
    if "@" in line or re.fullmatch(r"[+\d\s().-]+", line) or "http" in line or "www." in line:
        return None
    return line


def lower_first(text: str) -> str:
    """``video call`` from ``Video call``; acronyms (``MBA student``) kept. Only for our own
    phrases: a text the user wrote is never changed (see ``about_me``)."""
    if len(text) > 1 and text[1].isupper():  # an acronym: "MBA student"
        return text
    return text[:1].lower() + text[1:]


def full_stop(text: str) -> str:
    """``text`` ending a sentence: a full stop added unless it already ends with one (or
    with ``!``, ``?``, ``…``); the text itself as written."""
    return text if text.rstrip().endswith((".", "!", "?", "…")) else f"{text}."


#: Words that start a headline's last part that is not one more title ("Former teacher,
#: now learning data"): no "and" is put before them.
_NOT_A_TITLE = {"now", "currently", "recently", "looking", "learning", "moving", "seeking",
                "based", "with", "who", "and", "but", "previously", "formerly", "ex",
                "open", "passionate", "focused", "into", "from", "at", "in"}  # fmt: skip
_SOUNDS_LIKE_A_VOWEL = re.compile(r"^(?:[aeio]|u(?!ni|s[eu])|[FHLMNRSX](?:[A-Z]|\b)|hour|honest)")


def _article(phrase: str) -> str:
    """``a`` or ``an`` before a phrase ("an MBA student", "a UX designer")."""
    return "an" if _SOUNDS_LIKE_A_VOWEL.match(phrase) else "a"


def headline_sentence(headline: str, subject: str = "I'm", label: str = "A bit about me") -> str:
    """The user's headline as a complete sentence: ``Bootcamp graduate, full-stack
    developer`` -> ``I'm a bootcamp graduate and full-stack developer.`` (``subject``
    "Sam is" for a note about them). Only the capital a title gave the first word is
    lowered (not an acronym, not a name such as "Python" or "Google"). A headline that is
    already a first-person sentence ("I build data pipelines.") is kept as written, and
    so is one that does not read as a title ("Data analyst | SQL"): after ``label`` and a
    colon then."""
    text = " ".join(headline.split()).rstrip(".")
    first = text.split()[0] if text.split() else ""
    first_person = re.match(r"(?:I|I'm|I've|I am|My|Me)\b", text) is not None
    if first_person and subject == "I'm":
        return full_stop(text)
    if first_person or not first or re.search(r"[|·•;/@()]", text):
        return f"{label}: {full_stop(text)}"
    if (
        first[:1].isupper()
        and first[1:] == first[1:].lower()
        and first.lower().strip(",") not in _PROPER
    ):
        text = text[:1].lower() + text[1:]
    parts = text.rsplit(", ", 1)
    if len(parts) == 2 and " and " not in text:
        last_word = parts[1].split()[0].lower() if parts[1].split() else ""
        if last_word not in _NOT_A_TITLE:
            text = f"{parts[0]} and {parts[1]}"
    if not re.match(r"(?:a|an|the)\b", text, re.IGNORECASE):
        text = f"{_article(text)} {text}"
    return f"{subject} {text}."


def about_me(headline: str | None) -> str:
    """The "who I am" sentence of an outreach message, from the user's headline (the
    second line of their signature): ``I'm a bootcamp graduate and full-stack
    developer.``; a general one without a headline."""
    if headline:
        return headline_sentence(headline)
    return "I'm exploring where to take my career next and learning from people in the field."


def sign_off(signature: str, headline: str | None) -> str:
    """The signature under a draft that already says the headline in a sentence: the
    signature without that line (no "who I am" twice)."""
    if not headline:
        return signature
    lines = signature.splitlines()
    kept = [line for line in lines if line.strip().rstrip(".") != headline]
    return "\n".join(kept).strip() or signature


# --- why this person ------------------------------------------------------------------------

#: The bracketed line an outreach leaves when nothing says why the user writes to them.
WHY_PLACEHOLDER = (
    "[Why them, in one line: a talk, a post or a move of theirs you would like to hear about.]"
)
_THIRD_PERSON = re.compile(r"\b(?:she|he|her|his|him|hers|they|their|them)\b", re.IGNORECASE)
_SECOND_PERSON = re.compile(r"\b(?:you|your|yours)\b", re.IGNORECASE)
_ASK_ABOUT = re.compile(r"^ask (?:(?:them|her|him) )?about (?P<what>.+)$", re.IGNORECASE)


@dataclass(frozen=True)
class Why:
    """Why the user writes to this person: the sentence an outreach says it in (None when
    nothing is known) and where it came from ("reason", "question", "note", or None)."""

    sentence: str | None
    source: str | None


def _sentences(text: str) -> list[str]:
    pieces = re.split(r"(?<=[.!?])\s+|\n+", text)
    return [" ".join(p.split()) for p in pieces if p.strip()]


def why_them(reason: str | None, notes: Sequence[str]) -> Why:
    """The line of an outreach that says why this person: the user's reason (``contact
    --reason``) after a lead-in, or as written when it is a sentence; else a question put
    to them in their notes (``How did you move from physics into QA?``: one with "you"),
    kept as written;
    else a note "Ask about X" (``I'd love to hear about X.``, unless X speaks of them in
    the third person). Never made up: ``Why(None, None)`` when none of these is there."""
    if reason and reason.strip():
        text = " ".join(reason.split())
        if text[:1].isupper() and text.endswith((".", "!", "?")):
            return Why(text, "reason")
        return Why(f"What made me want to reach out: {full_stop(text)}", "reason")
    sentences = [sentence for note in notes if note for sentence in _sentences(note)]
    for sentence in sentences:
        # a question put to them ("How did you...?"), not a note to self ("Hiring?")
        if (
            sentence.endswith("?")
            and _SECOND_PERSON.search(sentence)
            and not _THIRD_PERSON.search(sentence)
        ):
            return Why(f"One thing I'd love to ask you: {sentence}", "question")
    for sentence in sentences:
        asked = _ASK_ABOUT.match(sentence.rstrip("."))
        if asked and not _THIRD_PERSON.search(asked["what"]):
            return Why(f"I'd love to hear about {asked['what']}.", "note")
    return Why(None, None)


def and_list(names: Sequence[str]) -> str:
    """``Grace``, ``Grace and Linus``, ``Grace, Linus and Ada``."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


# --- time since the last conversation -----------------------------------------------------

_NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
            "ten", "eleven", "twelve")  # fmt: skip


def time_since(day: dt.date, today: dt.date) -> str | None:
    """How long ago ``day`` was, in words, once it is a week or more: ``a week``,
    ``three weeks``, ``about a month``, ``five months``, ``over a year``; None for less
    than a week (say the day itself then: ``relative_day``)."""
    days = (today - day).days
    if days < 7:
        return None
    if days < 14:
        return "a week"
    if days < 28:
        return f"{_NUMBERS[days // 7]} weeks"
    if days < 45:
        return "about a month"
    if days < 365:
        months = min(11, round(days / 30.4))
        return f"{_NUMBERS[months]} months"
    if days < 730:
        return "over a year"
    return f"over {_NUMBERS[min(12, days // 365)]} years"


def report_opening(met: dt.date | None, today: dt.date) -> str:
    """The report-back's first sentence, from the real gap since the conversation: one
    time phrase, never two that disagree."""
    if met is None:
        return "I wanted to let you know what came of our conversation."
    since = time_since(met, today)
    if since:
        return f"It's been {since} since we talked, and I wanted to let you know what came of it."
    return f"I wanted to let you know what came of our conversation {relative_day(met, today)}."


def catch_up_opening(met: dt.date | None, today: dt.date) -> str:
    """The keep-in-touch's opening, up to the news, from the real gap since the last
    conversation (no "a few months" two weeks after)."""
    if met is None:
        return "It's been a while since we last talked, and I wanted to share some news:"
    since = time_since(met, today)
    if since:
        return f"It's been {since} since we last talked, and I wanted to share some news:"
    return f"I wanted to share some news since we talked {relative_day(met, today)}:"


# --- who the user has been in touch with --------------------------------------------------

#: Timeline entries that mean the user has been in touch with a person (an outreach or
#: anything after it); a note, a recap or an introduction offered do not.
IN_TOUCH: frozenset[EventKind] = frozenset(
    {
        EventKind.OUTREACH,
        EventKind.REPLY,
        EventKind.FOLLOW_UP,
        EventKind.SCHEDULING_EMAIL,
        EventKind.MEETING,
        EventKind.THANK_YOU,
        EventKind.INTRO_REQUEST,
        EventKind.REPORT_BACK,
        EventKind.KEEP_IN_TOUCH,
    }
)


def in_touch(timeline: Sequence[Event], now: dt.datetime) -> bool:
    """Whether the timeline shows the user has been in touch with the person by ``now``."""
    return any(e.kind in IN_TOUCH and e.at <= now for e in timeline)


# --- takeaways ----------------------------------------------------------------------------

_INTRO_WORDS = re.compile(r"\b(?:introduc\w*|intro|connect\w*|put me in touch)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Takeaway:
    """One specific thing from a conversation: the note as the user wrote it, the sentence
    that leads into it in a thank-you, the one that leads into it in a report-back, and
    what the user will do with it. The note is never worked into a sentence (that would
    change its words or capitals): the drafts set it apart, on a line of its own."""

    note: str
    sentence: str
    action: str
    report: str
    is_introduction: bool


def choose_note(
    timeline: Sequence[Event], kinds: Sequence[EventKind] = (EventKind.NOTE, EventKind.MEETING)
) -> str | None:
    """The note to draw a takeaway from: the latest ``note`` entry, else the latest meeting
    note (the first of ``kinds`` that has one)."""
    for kind in kinds:
        notes = [e for e in timeline if e.kind is kind and e.note and e.note.strip()]
        if notes:
            latest = max(notes, key=lambda e: e.at)
            assert latest.note is not None
            return " ".join(latest.note.split())
    return None


def takeaway(note: str) -> Takeaway:
    """The sentences around a note such as ``Suggested I learn dbt before applying`` or
    ``Offered to introduce me to their team lead``, and the next action it calls for."""
    text = " ".join(note.split())
    intro = bool(_INTRO_WORDS.search(text))
    sentence = "The point from it I noted down and keep coming back to:"
    report = "Here is what I noted at the time:"
    if intro:
        action = (
            "I will send you a short note about myself that you can pass along, "
            "so the introduction takes you no time."
        )
    else:
        action = "I'm putting that into practice this week and will tell you what comes of it."
    return Takeaway(text, sentence, action, report, intro)


# --- mailto -------------------------------------------------------------------------------


def mailto(address: str | None, subject: str, body: str) -> str:
    """A ``mailto:`` link (RFC 6068): every field percent-encoded as UTF-8, line breaks as
    CRLF."""

    def encode(text: str) -> str:
        return quote(text.replace("\r\n", "\n").replace("\n", "\r\n"), safe="")

    to = quote(address, safe="@") if address else ""
    return f"mailto:{to}?subject={encode(subject)}&body={encode(body)}"
