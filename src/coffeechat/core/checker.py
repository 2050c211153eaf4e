"""The draft checker: what to fix in a message the user wrote themselves.

``check_message(kind, text, now=..., zone=...)`` returns a ``Report``: ``ok`` (no error
found), ``words`` (the body's word count) and ``findings``, each with a stable ``rule``
id, a ``severity``, a ``message`` saying what is wrong and a ``hint`` saying how to fix
it. Pure: no I/O, no clock (``now`` is a parameter). Never raises on any text.

The rule ids and severities are a public contract:

========== ================== ======== ===============================================
kind       rule               severity triggers when
========== ================== ======== ===============================================
outreach   length             warning  more than 75 words
outreach   length             error    more than 150 words
outreach   asks-for-job       error    a job, opening, position, hiring or referral is
                                       asked for outright (see below)
outreach   question-ask       warning  no request is phrased as a question
outreach   connection-first   warning  the first sentence does not say how you know
                                       each other (a "hope you're well" opener is
                                       skipped, the next sentence is then the first)
outreach   about-them         warning  more first-person (I, me, my...) than
                                       second-person (you, your...) references; the
                                       recipient's name and company count for them
outreach   attachment         error    an attachment or enclosure is mentioned
outreach   meeting-length     warning  no duration is asked ("20 minutes", "half an
                                       hour", "15-min call")
scheduling thanks             error    no thanks ("thank", "thanks", "appreciate",
                                       "grateful") in the body
scheduling three-options      error    fewer or more than three distinct options
scheduling ask-which          warning  no question asking which option suits them
scheduling varied-times       error    two or more options, all at the same clock time
                                       or all on the same day
scheduling within-week        error    an option before now, or on a day more than 7
                                       days after today (their local dates)
scheduling flexible-time      warning  no offer to find another day or time
scheduling flexible-place     warning  no offer to come to them or near them, or to
                                       call instead
scheduling enthusiasm         warning  no "looking forward" / "excited" / "can't wait"
scheduling length             warning  more than 150 words
thank-you  thanks             error    no thanks in the body
thank-you  specific-takeaway  warning  nothing concrete from the conversation ("your
                                       advice on", "when you mentioned", "you
                                       suggested", "for recommending", a quoted phrase)
thank-you  next-action        warning  no statement of what you will do next ("I
                                       will", "I'm going to", "I plan to", "I've
                                       signed up"); "I'll stay in touch" does not count
thank-you  length             warning  more than 150 words
(other)    length             warning  more than 150 words
========== ================== ======== ===============================================

``KINDS`` are the kinds with their own rules; any other kind (``follow-up``,
``confirm``...) is checked with the generic ``length`` rule only.

What the text is: quoted lines (starting with ">") and anything from an "On ... wrote:"
line on are a quoted reply and are ignored. A signature block is cut before counting and
checking: everything from a closing line ("Best,", "Thanks,", "Cheers,", "Kind regards",
"-- "...) among the last six lines, or a last paragraph that is only a short name ("Sam",
"- Kai", or ``sender``). So a "Thanks," sign-off does not count as thanking them. The
greeting ("Hi Maria,") counts as body words.

``asks-for-job`` counts only outright asks: "are you / is <team> hiring", "any openings /
open roles / positions", "could you refer me", "a referral", "pass my résumé to the hiring
manager", "consider me for", "apply for the ... role", "is the position still open",
"help me get a job". Stating your own search ("I'm moving into data engineering") and
questions about their hiring process ("how does your team's hiring process work?") do not
count, and neither does any phrase negated in its sentence ("I'm not asking for a job").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from coffeechat.core.datetext import FoundTime, find_times, zone_info
from coffeechat.core.message import (
    any_match,
    compile_patterns,
    count_words,
    split_body,
    split_sentences,
    strip_greeting,
)

__all__ = [
    "KINDS",
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

KINDS: tuple[str, ...] = ("outreach", "scheduling", "thank-you")

#: (kind, rule) -> severity; "length" of an outreach message is an error above 150 words.
RULES: dict[tuple[str, str], str] = {
    ("outreach", "length"): "warning",
    ("outreach", "asks-for-job"): "error",
    ("outreach", "question-ask"): "warning",
    ("outreach", "connection-first"): "warning",
    ("outreach", "about-them"): "warning",
    ("outreach", "attachment"): "error",
    ("outreach", "meeting-length"): "warning",
    ("scheduling", "thanks"): "error",
    ("scheduling", "three-options"): "error",
    ("scheduling", "ask-which"): "warning",
    ("scheduling", "varied-times"): "error",
    ("scheduling", "within-week"): "error",
    ("scheduling", "flexible-time"): "warning",
    ("scheduling", "flexible-place"): "warning",
    ("scheduling", "enthusiasm"): "warning",
    ("scheduling", "length"): "warning",
    ("thank-you", "thanks"): "error",
    ("thank-you", "specific-takeaway"): "warning",
    ("thank-you", "next-action"): "warning",
    ("thank-you", "length"): "warning",
    ("*", "length"): "warning",
}

OUTREACH_IDEAL_WORDS = 75
OUTREACH_MAX_WORDS = 150
LONG_WORDS = 150


@dataclass(frozen=True)
class Finding:
    """One thing to fix: a stable rule id, "error" or "warning", what and how; ``quotes``
    are the words of the text it is about, as written (empty when it is about something
    missing, or the whole text), for an editor to highlight."""

    rule: str
    severity: str
    message: str
    hint: str
    quotes: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class Recipient:
    """Who the message is for; the name and company count as words about them."""

    name: str | None = None
    company: str | None = None


@dataclass
class Report:
    """The checker's verdict: ``ok`` is False when any finding is an error."""

    ok: bool
    words: int
    findings: list[Finding]


# ----------------------------------------------------------------------- patterns

_NEGATION = re.compile(r"\b(?:not|never)\b|n't\b", re.IGNORECASE)

_JOB_ASKS = compile_patterns(
    r"\b(?:are|is|was)\s+(?:you|u|your\s+\w+|[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)?|the\s+\w+)"
    r"(?:\s+guys)?\s+(?:currently\s+|still\s+|now\s+|actively\s+)?hiring\b",
    r"\b(?:you're|you\s+are|your\s+\w+\s+is)\s+(?:currently\s+|still\s+)?hiring\b",
    r"\bhiring\s+(?:for|any|new|junior|senior|right\s+now|at\s+the\s+moment)\b",
    r"\b(?:refer|recommend)\s+me\b",
    r"\b(?:a|your|any)\s+referral\b",
    r"\breferral\s+(?:for|to)\b",
    r"\bput\s+in\s+a\s+(?:good\s+)?word\b",
    r"\b(?:pass|forward|send|share|hand|give)\s+(?:along\s+|on\s+)?my\s+(?:resume|résumé|cv"
    r"|application|portfolio)\b.{0,60}\b(?:hiring|recruit\w*|manager|hr)\b",
    r"\b(?:any|open|current|available)\s+(?:job\s+)?(?:openings?|positions?|roles?|vacanc\w+"
    r"|jobs?)\b",
    r"\bjob\s+(?:openings?|opportunit\w+|offers?)\b",
    r"\b(?:the|this|that)\s+(?:[\w-]+\s+){0,3}(?:position|role|job|opening|vacancy)\s+"
    r"(?:is\s+)?(?:still\s+)?(?:open|available|filled)\b",
    r"\b(?:apply|applying)\s+(?:for|to)\b.{0,40}\b(?:position|role|job|opening)\b",
    r"\bconsider(?:ed)?\s+(?:me\s+)?for\s+(?:a|the|any|an|your)\b",
    r"\b(?:get|land|find|getting|landing|finding)\s+(?:me\s+)?(?:a\s+)?(?:job|position|role)"
    r"\s+(?:at|with|on|in)\b",
    r"\bhelp\s+me\s+(?:get|land|find)\b.{0,30}\b(?:job|position|role)\b",
    r"\b(?:for|about)\s+(?:a|any)\s+(?:job|position|role)\b",
)

_REQUEST_WORDS = compile_patterns(
    r"\b(?:chat|coffee|call|talk|speak|meet|conversation|minutes?|min|time|zoom|phone"
    r"|advice|questions?|pick\s+your\s+brain|hear|learn)\b",
)
_QUESTION_START = compile_patterns(
    r"^(?:would|could|can|may|might|will|are|do|is|any\s+chance|how\s+about|what\s+about)\b",
)
_MODAL_REQUEST = compile_patterns(
    r"\b(?:would|could|can|may|might)\s+(?:you|u|we|i)\b",
    r"\bare\s+you\s+(?:open|free|available|up\s+for|willing)\b",
    r"\bdo\s+you\s+have\b",
    r"\bany\s+chance\b",
)

_CONNECTION = compile_patterns(
    r"\bmet\b",
    r"\bmeeting\s+(?:you|u)\b",
    r"\bintroduc\w*",
    r"\b(?:suggested|recommended|told\s+me)\s+(?:that\s+)?I\s+(?:reach|contact|get\s+in\s+touch"
    r"|write|email|connect|talk|speak)",
    r"\b(?:gave|passed\s+along|shared)\s+(?:me\s+)?your\s+(?:name|contact|email|details)\b",
    r"\b(?:saw|read|watched|heard|enjoyed|loved|liked|attended|caught|found)\b.{0,40}\byour\s+"
    r"(?:[\w-]+\s+){0,2}(?:post|talk|article|presentation|panel|workshop|podcast|newsletter"
    r"|blog|comment|thread|video|keynote|session|case\s+study|paper|book)",
    r"\byour\s+(?:lightning\s+)?(?:talk|presentation|panel|keynote|workshop|session)\b",
    r"\bwe\s+(?:spoke|talked|chatted|connected|were\s+both|both|sat)\b",
    r"\b(?:spoke|talked|chatted|speaking|talking|chatting)\s+(?:with|to)\s+(?:you|u)\b",
    r"\b(?:meetup|conference|summit|mixer|hackathon|career\s+fair|job\s+fair|panel|webinar"
    r"|happy\s+hour|networking|alumni|alumnus|alumna|alum|cohort|brunch|breakfast|meet-?up)\b",
    r"\b(?:fellow|mutual)\b",
    r"\bheard\s+(?:you|u)\s+(?:speak|talk|present)\b",
)
_PLEASANTRY = compile_patterns(
    r"^(?:i\s+)?hope\b.{0,60}\b(?:well|good|great|fine|week|day|weekend|month)\b",
    r"^i\s+trust\b",
    r"^happy\s+(?:monday|friday|new\s+year|holidays)\b",
)

_FIRST_PERSON = {"i", "i'm", "im", "i've", "ive", "i'd", "i'll", "me", "my", "mine", "myself"}
_SECOND_PERSON = {"you", "your", "yours", "yourself", "you're", "youre", "you've", "you'd",
                  "you'll", "u", "ur", "ya", "yall", "y'all"}  # fmt: skip

_ATTACHMENT = compile_patterns(r"\b(?:attach(?:ed|ing|ment|ments)?|enclos(?:ed|ing|ure))\b")

_DURATION = compile_patterns(
    r"\b\d{1,3}\s*(?:(?:-|–|to|or)\s*\d{1,3}\s*)?-?\s*(?:min|mins|minutes?|hours?|hrs?)\b",
    r"\b(?:half|quarter)[\s-]+(?:an?\s+)?hour\b",
    r"\bhalf-hour\b",
    r"\ban\s+hour\b",
    r"\b(?:five|ten|fifteen|twenty|thirty|forty|forty-five|sixty)(?:\s*(?:-|–|to|or)\s*"
    r"(?:fifteen|twenty|thirty|forty|forty-five|sixty))?[\s-]*(?:min|mins|minutes?)\b",
)

_THANKS = compile_patterns(
    r"\b(?:thanks?|thank\s*you|thx|thnx|thnks|thanx|tnx|appreciat\w*|grateful|gratitude)\b",
)

_WHICH = compile_patterns(
    r"\bwhich\b",
    r"\bwhat\s+(?:time|day|works|suits|would\s+work)\b",
    r"\b(?:works?|suits?|fits?|is)\s+(?:you\s+|u\s+)?(?:best|better)\b",
    r"\b(?:works?|suits?)\s+(?:for\s+)?(?:you|u)\b",
    r"\bprefer\b",
)
_ASK_FRAME = compile_patterns(r"\?", r"\blet\s+me\s+know\b", r"\btell\s+me\b")

_FLEX_TIME = compile_patterns(
    r"\b(?:another|other|different|alternative|additional|more|new)\s+(?:times?|days?|slots?"
    r"|options?|dates?)\b",
    r"\bsuggest\b",
    r"\bwork\s+around\b",
    r"\bflexib\w*",
    r"\bif\s+(?:none|neither)\b",
    r"\b(?:fits?|suits?|around)\s+(?:your|ur)\s+(?:schedule|calendar)\b",
    r"\bwhatever\s+(?:time\s+|day\s+)?(?:works|suits|is\s+easiest)\b",
    r"\bhappy\s+to\s+(?:adjust|move|shift|find)\b",
)
_FLEX_PLACE = compile_patterns(
    r"\b(?:come|travel|head|stop|swing)\s+(?:to|by|over\s+to|over)\s+(?:you|your|ur|the\s+\w+)\b",
    r"\bcome\s+to\s+[A-Z]",
    r"\b(?:near|close\s+to|nearby|by)\s+(?:your|ur)\s+(?:office|work|place|building|studio"
    r"|campus)\b",
    r"\bnear\s*by\b",
    r"\bclose\s+by\b",
    # A call offered as the alternative ("or we can do a call"), not any mention of one.
    r"\b(?:do|hop\s+on|jump\s+on|have|set\s+up|make\s+it)\s+(?:a\s+)?(?:quick\s+)?"
    r"(?:video\s+|phone\s+|zoom\s+)?(?:call|zoom|video\s+chat|facetime)\b",
    r"\bor\s+(?:a\s+)?(?:quick\s+)?(?:video\s+|phone\s+|zoom\s+)?(?:call|zoom)\b",
    r"\b(?:by|over|via|on)\s+(?:the\s+)?(?:phone|zoom|video|teams|google\s+meet|facetime)\b",
    r"\bcall\s+instead\b",
    r"\bvideo\s+(?:call|chat)\b",
    r"\bwherever\b",
    r"\b(?:your|ur)\s+(?:office|neighbou?rhood|area)\b",
    r"\bmeet\s+(?:you|u)\s+(?:near|at|by)\b",
)
_ENTHUSIASM = compile_patterns(
    r"\blook(?:ing)?\s+(?:forward|fwd)\b",
    r"\bexcit\w*",
    r"\bcan'?t\s+wait\b",
    r"\beager\w*",
    r"\bthrilled\b",
    r"\bdelighted\b",
    r"\bkeen\b",
)

_TAKEAWAY = compile_patterns(
    r"\byour\s+(?:[\w-]+\s+){0,2}(?:advice|suggestion|tip|idea|point|recommendation|insight"
    r"|story|explanation|comment|take|thoughts?|perspective|description|framework|example"
    r"|line|reminder|warning|observation|breakdown)s?\s+(?:on|about|to|that|regarding|of|for"
    r"|around)\b",
    r"\b(?:when|where|how)\s+you\s+(?:mentioned|said|talked|described|explained|suggested|told"
    r"|recommended|pointed|shared|walked)\b",
    r"\byou\s+(?:mentioned|said|suggested|recommended|pointed\s+out|explained|told\s+me"
    r"|described|shared|noted|advised|emphasi[sz]ed|showed|mentionned|mentoined)\b"
    r"(?!\s+(?:your|the|so\s+much)?\s*time\b)",
    r"\bfor\s+(?:\w+\s+)?(?:recommending|suggesting|pointing\s+me|sharing|introducing"
    r"|connecting\s+me|offering\s+to\s+(?:introduce|connect))\b",
    r"\boffering\s+to\s+(?:introduce|connect)\b",
    r"\b(?:following|per|took|taking)\s+your\s+(?:advice|suggestion|tip|recommendation)\b",
    r'"[^"\n]{3,}"',
)
_NEXT_ACTION = compile_patterns(
    r"\bi\s*(?:will|'ll|ll)\s+(?P<rest>.{0,40})",
    r"\b(?:i'm|im|i\s+am)\s+(?:going\s+to|gonna|planning\s+to|starting|about\s+to)\b",
    r"\bi\s+(?:plan|intend|aim)\s+to\b",
    r"\bmy\s+(?:plan|next\s+step)\s+is\b",
    r"\bi(?:'ve|\s+have)\s+(?:already\s+|just\s+)?(?:enrolled|signed\s+up|ordered|applied"
    r"|started|reached\s+out|emailed|booked|registered|sent|updated|bought)\b",
    r"\bi\s+(?:already\s+|just\s+)?(?:ordered|enrolled|signed\s+up|registered|booked|bought)\b",
    r"\b(?:next\s+week|tomorrow|tonight|this\s+weekend)\s+i\b",
)
_VAGUE_FUTURE = re.compile(
    r"^(?:(?:definitely|certainly|surely)\s+)?(?:stay|keep|be)\s+in\s+touch|^keep\s+you\s+posted"
    r"|^talk\s+(?:to\s+you\s+)?soon|^see\s+you|^be\s+in\s+touch",
    re.IGNORECASE,
)


# -------------------------------------------------------------------------- rules

_Check = Callable[["_Message"], "list[Finding]"]


@dataclass
class _Message:
    kind: str
    body: str
    words: int
    sentences: list[str]
    now: dt.datetime
    zone: str
    recipient: Recipient


def _finding(
    kind: str,
    rule: str,
    message: str,
    hint: str,
    severity: str = "",
    quotes: tuple[str, ...] = (),
) -> Finding:
    severity = severity or RULES.get((kind, rule), RULES[("*", rule)] if rule == "length" else "")
    return Finding(rule, severity or "warning", message, hint, quotes)


def _length(m: _Message) -> list[Finding]:
    if m.kind == "outreach":
        if m.words > OUTREACH_MAX_WORDS:
            return [
                _finding(
                    m.kind,
                    "length",
                    f"The message has {m.words} words; a first message over "
                    f"{OUTREACH_MAX_WORDS} words is rarely read to the end.",
                    f"Cut it to {OUTREACH_IDEAL_WORDS} words or fewer: how you met, one line "
                    "on who you are, why them, and the question.",
                    severity="error",
                )
            ]
        if m.words > OUTREACH_IDEAL_WORDS:
            return [
                _finding(
                    m.kind,
                    "length",
                    f"The message has {m.words} words; a first message works best at "
                    f"{OUTREACH_IDEAL_WORDS} or fewer.",
                    f"Trim about {m.words - OUTREACH_IDEAL_WORDS} words: drop background they "
                    "do not need yet and keep one sentence about yourself.",
                )
            ]
        return []
    if m.words > LONG_WORDS:
        return [
            _finding(
                m.kind,
                "length",
                f"The message has {m.words} words; over {LONG_WORDS} words it reads as a chore.",
                f"Trim about {m.words - LONG_WORDS} words: keep what they need to act on and "
                "cut the rest.",
            )
        ]
    return []


def _negated_before(sentence: str, start: int) -> bool:
    return _NEGATION.search(sentence[max(0, start - 50) : start]) is not None


def _asks_for_job(m: _Message) -> list[Finding]:
    for sentence in m.sentences:
        for pattern in _JOB_ASKS:
            for match in pattern.finditer(sentence):
                if _negated_before(sentence, match.start()):
                    continue
                return [
                    _finding(
                        m.kind,
                        "asks-for-job",
                        f'It asks for a job or a referral outright ("{match.group(0).strip()}"); '
                        "a first message that asks for a job usually goes unanswered.",
                        "Ask for their advice and their story instead; a referral comes later, "
                        "once they know you.",
                        quotes=(match.group(0).strip(),),
                    )
                ]
    return []


def _is_question(sentence: str) -> bool:
    s = sentence.strip()
    return s.endswith("?") or "?" in s or any_match(_QUESTION_START, s)


def _question_ask(m: _Message) -> list[Finding]:
    for sentence in m.sentences:
        if _is_question(sentence) and (
            any_match(_REQUEST_WORDS, sentence) or any_match(_MODAL_REQUEST, sentence)
        ):
            return []
    return [
        _finding(
            m.kind,
            "question-ask",
            "The request is not phrased as a question, so there is nothing for them to answer.",
            'Turn the ask into a question, e.g. "Would you be open to a 20-minute chat in the '
            'next couple of weeks?"',
        )
    ]


def _first_sentence(body: str) -> str:
    for sentence in split_sentences(strip_greeting(body)):
        if any_match(_PLEASANTRY, sentence):
            continue
        return sentence
    return ""


def _connection_first(m: _Message) -> list[Finding]:
    first = _first_sentence(m.body)
    if first and any_match(_CONNECTION, first):
        return []
    return [
        _finding(
            m.kind,
            "connection-first",
            "The first sentence does not say how you know each other.",
            'Open with the connection, e.g. "We met at the PyData meetup on Tuesday" or '
            '"Dana Lee suggested I get in touch."',
            quotes=(first,) if first else (),
        )
    ]


def _name_words(recipient: Recipient) -> list[str]:
    titles = {"dr", "mr", "mrs", "ms", "prof", "professor", "sir", "madam"}
    words: list[str] = []
    for value in (recipient.name, recipient.company):
        if value:
            words.extend(
                w for w in re.findall(r"[\w'-]+", value.lower()) if w not in titles and len(w) > 1
            )
    return words


def _person_tokens(m: _Message) -> list[str]:
    return re.findall(r"[a-z]+(?:'[a-z]+)?", strip_greeting(m.body).lower())


def _is_first_person(token: str) -> bool:
    return token in _FIRST_PERSON or token == "id"


def _first_person_words(m: _Message) -> tuple[str, ...]:
    """The words about the writer (I, me, my...) as written, each once."""
    found: dict[str, str] = {}
    for word in re.findall(r"[A-Za-z]+(?:'[A-Za-z]+)?", strip_greeting(m.body)):
        if _is_first_person(word.lower()):
            found.setdefault(word.lower(), word)
    return tuple(found.values())


def _person_counts(m: _Message) -> tuple[int, int]:
    tokens = _person_tokens(m)
    first = sum(1 for t in tokens if _is_first_person(t))
    second = sum(1 for t in tokens if t in _SECOND_PERSON)
    names = set(_name_words(m.recipient))
    if names:
        # "Acme's", "Acme Analytics": one mention per run of name words.
        previous_was_name = False
        for token in tokens:
            bare = token.removesuffix("'s")
            is_name = bare in names
            if is_name and not previous_was_name:
                second += 1
            previous_was_name = is_name
    return first, second


def _about_them(m: _Message) -> list[Finding]:
    first, second = _person_counts(m)
    if first > second:
        return [
            _finding(
                m.kind,
                "about-them",
                f"The message is more about you ({first} references to yourself) than about "
                f"them ({second} to them or their company).",
                "Cut a sentence about your background and add one about their work: their "
                "talk, their team, their path.",
                quotes=_first_person_words(m),
            )
        ]
    return []


def _attachment(m: _Message) -> list[Finding]:
    for sentence in m.sentences:
        match = _ATTACHMENT[0].search(sentence)
        if match and not _negated_before(sentence, match.start()):
            return [
                _finding(
                    m.kind,
                    "attachment",
                    "It mentions an attachment; a first message with a résumé attached reads "
                    "as a job application.",
                    "Remove the attachment and the sentence about it; offer your résumé later "
                    "if they ask.",
                    quotes=(match.group(0),),
                )
            ]
    return []


def _meeting_length(m: _Message) -> list[Finding]:
    if any_match(_DURATION, m.body):
        return []
    return [
        _finding(
            m.kind,
            "meeting-length",
            "It does not say how long the conversation would take.",
            'Ask for a set, short time, e.g. "a 20-minute chat" or "half an hour of your time".',
        )
    ]


def _thanks(m: _Message) -> list[Finding]:
    if any_match(_THANKS, m.body):
        return []
    what = "for agreeing to meet" if m.kind == "scheduling" else "for their time"
    return [
        _finding(
            m.kind,
            "thanks",
            f"The message never thanks them {what}.",
            'Start with a thank-you, e.g. "Thank you so much for making time for me."'
            if m.kind == "scheduling"
            else 'Open with "Thank you for taking the time to talk with me."',
        )
    ]


def _options(m: _Message) -> list[FoundTime]:
    return [f for f in find_times(m.body, now=m.now, zone=m.zone) if f.day is not None]


def _describe(option: FoundTime) -> str:
    assert option.day is not None
    day = f"{option.day:%a} {option.day:%b} {option.day.day}"
    if option.clock is None:
        return f"{day} (any time)" if option.part in (None, "any") else f"{day} {option.part}"
    return f"{day} {option.clock:%H:%M}"


def _texts(options: list[FoundTime]) -> tuple[str, ...]:
    """The options as written, each once."""
    return tuple(dict.fromkeys(o.text for o in options))


def _three_options(m: _Message, options: list[FoundTime]) -> list[Finding]:
    n = len(options)
    if n == 3:
        return []
    listed = ", ".join(_describe(o) for o in options) or "none"
    if n < 3:
        message = f"It offers {n} day/time option{'s' if n != 1 else ''} ({listed}); offer three."
        hint = (
            "Add options until there are three, e.g. a lunch slot, an after-work slot and one "
            'open day ("any time Friday that suits you").'
        )
    else:
        message = f"It offers {n} day/time options ({listed}); more than three is hard to answer."
        hint = "Keep the three best-spread options and drop the rest."
    return [_finding(m.kind, "three-options", message, hint, quotes=_texts(options))]


def _varied_times(m: _Message, options: list[FoundTime]) -> list[Finding]:
    if len(options) < 2:
        return []
    home = zone_info(m.zone)
    # Clock times compared in the recipient's zone.
    clocks = {o.at.astimezone(home).time() if o.at is not None else o.clock for o in options}
    days = {o.day for o in options}
    if len(days) == 1:
        return [
            _finding(
                m.kind,
                "varied-times",
                "All the options are on the same day; if that day fails, none works.",
                "Spread the options over three different days.",
                quotes=_texts(options),
            )
        ]
    if len(clocks) == 1 and None not in clocks:
        only = next(iter(clocks))
        assert only is not None
        return [
            _finding(
                m.kind,
                "varied-times",
                f"All the options are at the same time ({only:%H:%M}); someone busy at that "
                "hour can take none of them.",
                "Vary the times: e.g. one around lunch (12:00), one after work (17:30) and one "
                "open slot.",
                quotes=_texts(options),
            )
        ]
    return []


def _within_week(m: _Message, options: list[FoundTime]) -> list[Finding]:
    past: list[str] = []
    late: list[str] = []
    past_options: list[FoundTime] = []
    late_options: list[FoundTime] = []
    for option in options:
        assert option.day is not None
        local_now = m.now.astimezone(zone_info(option.zone))
        instant = option.at
        if (instant is not None and instant < m.now) or option.day < local_now.date():
            past.append(_describe(option))
            past_options.append(option)
        elif (option.day - local_now.date()).days > 7:
            late.append(_describe(option))
            late_options.append(option)
    findings: list[Finding] = []
    if past:
        findings.append(
            _finding(
                m.kind,
                "within-week",
                f"An option is already in the past: {', '.join(past)}.",
                "Check the dates against the calendar and offer days within the coming week.",
                quotes=_texts(past_options),
            )
        )
    if late:
        findings.append(
            _finding(
                m.kind,
                "within-week",
                f"An option is more than a week away: {', '.join(late)}.",
                "Offer days within the next seven days so it gets on the calendar while it is "
                "fresh.",
                quotes=_texts(late_options),
            )
        )
    return findings[:1]


def _ask_which(m: _Message) -> list[Finding]:
    for sentence in m.sentences:
        if any_match(_WHICH, sentence) and any_match(_ASK_FRAME, sentence):
            return []
    return [
        _finding(
            m.kind,
            "ask-which",
            "It does not ask them which option works best.",
            'Ask them to choose: "Which of these works best for you?"',
        )
    ]


def _presence(
    m: _Message, rule: str, patterns: tuple[re.Pattern[str], ...], message: str, hint: str
) -> list[Finding]:
    return [] if any_match(patterns, m.body) else [_finding(m.kind, rule, message, hint)]


def _flexible_time(m: _Message) -> list[Finding]:
    return _presence(
        m,
        "flexible-time",
        _FLEX_TIME,
        "It does not offer to find another day or time if none of these suits them.",
        'Add "If none of these works, I\'m happy to work around your schedule."',
    )


def _flexible_place(m: _Message) -> list[Finding]:
    return _presence(
        m,
        "flexible-place",
        _FLEX_PLACE,
        "It does not offer to come to them or to talk by phone or video instead.",
        'Add "I can come to your office or somewhere near it, or we can do a call if '
        "that's easier.\"",
    )


def _enthusiasm(m: _Message) -> list[Finding]:
    return _presence(
        m,
        "enthusiasm",
        _ENTHUSIASM,
        "It does not say you are looking forward to the conversation.",
        'End with "Looking forward to it!"',
    )


def _specific_takeaway(m: _Message) -> list[Finding]:
    return _presence(
        m,
        "specific-takeaway",
        _TAKEAWAY,
        "It names nothing specific from the conversation, so it could have been sent to anyone.",
        'Name one thing they said and what it changed for you, e.g. "Your advice to '
        'contribute to an open-source project first really stuck with me."',
    )


def _next_action(m: _Message) -> list[Finding]:
    for pattern in _NEXT_ACTION:
        for match in pattern.finditer(m.body):
            rest = match.groupdict().get("rest")
            if rest is not None and _VAGUE_FUTURE.match(rest.strip()):
                continue
            return []
    return [
        _finding(
            m.kind,
            "next-action",
            "It does not say what you will do next with their advice.",
            "Add one concrete step with a time, e.g. \"I'm going to rewrite my portfolio "
            'intro this week and will let you know how it lands."',
        )
    ]


def _scheduling_options(m: _Message) -> list[Finding]:
    options = _options(m)
    return [
        *_three_options(m, options),
        *_varied_times(m, options),
        *_within_week(m, options),
    ]


_OUTREACH: tuple[_Check, ...] = (
    _length,
    _asks_for_job,
    _question_ask,
    _connection_first,
    _about_them,
    _attachment,
    _meeting_length,
)
_SCHEDULING: tuple[_Check, ...] = (
    _thanks,
    _scheduling_options,
    _ask_which,
    _flexible_time,
    _flexible_place,
    _enthusiasm,
    _length,
)
_THANK_YOU: tuple[_Check, ...] = (_thanks, _specific_takeaway, _next_action, _length)
_CHECKS: dict[str, tuple[_Check, ...]] = {
    "outreach": _OUTREACH,
    "scheduling": _SCHEDULING,
    "thank-you": _THANK_YOU,
}


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
    body, _signature = split_body(text if isinstance(text, str) else "", sender)
    message = _Message(
        kind=kind,
        body=body,
        words=count_words(body),
        sentences=split_sentences(body),
        now=now,
        zone=zone,
        recipient=recipient or Recipient(),
    )
    checks = _CHECKS.get(kind, (_length,))
    findings = [finding for check in checks for finding in check(message)]
    return Report(
        ok=not any(f.severity == "error" for f in findings), words=message.words, findings=findings
    )
