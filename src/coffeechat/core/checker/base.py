"""What every rule of the checker shares: the findings, the message as the rules read it
(sentences, words and their lemmas, where each was in the text as given), negation."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from coffeechat.core.message import Body, compile_patterns, count_words, sentence_spans

#: (kind, rule) -> severity. The length of an outreach message is an error above 150
#: words; "*" is every kind without rules of its own.
RULES: dict[tuple[str, str], str] = {
    ("outreach", "length"): "warning",
    ("outreach", "asks-for-job"): "error",
    ("outreach", "no-ask"): "error",
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
    ("thank-you", "specific-takeaway"): "error",
    ("thank-you", "next-action"): "warning",
    ("thank-you", "length"): "warning",
    ("follow-up", "restates-ask"): "error",
    ("follow-up", "guilt"): "error",
    ("follow-up", "easy-out"): "warning",
    ("follow-up", "asks-for-job"): "error",
    ("follow-up", "length"): "warning",
    ("confirm", "confirms-time"): "error",
    ("confirm", "thanks"): "warning",
    ("confirm", "length"): "warning",
    ("intro-request", "names-person"): "error",
    ("intro-request", "asks-for-job"): "error",
    ("intro-request", "why-them"): "warning",
    ("intro-request", "easy-out"): "warning",
    ("intro-request", "forwardable"): "warning",
    ("intro-request", "length"): "warning",
    ("report-back", "reports-outcome"): "error",
    ("report-back", "asks-for-job"): "error",
    ("report-back", "thanks"): "warning",
    ("report-back", "length"): "warning",
    ("keep-in-touch", "asks-for-job"): "error",
    ("keep-in-touch", "personal-touch"): "warning",
    ("keep-in-touch", "length"): "warning",
    ("*", "length"): "warning",
}

OUTREACH_IDEAL_WORDS = 75
OUTREACH_MAX_WORDS = 150
LONG_WORDS = 150
#: Above this many words a message of the kind reads as a chore (a warning).
LENGTHS: dict[str, int] = {"follow-up": 100, "confirm": 100, "keep-in-touch": 120}


@dataclass(frozen=True)
class Finding:
    """One thing to fix: a stable rule id, "error" or "warning", what and how; ``quotes``
    are the words of the text it is about, as written (empty when it is about something
    missing, or the whole text), for an editor to highlight; ``span`` is where the first
    of them is, ``[start, end)`` character offsets into the text as given to the checker
    (None when the finding is about something missing)."""

    rule: str
    severity: str
    message: str
    hint: str
    quotes: tuple[str, ...] = field(default=())
    span: tuple[int, int] | None = None


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


# ------------------------------------------------------------------------ words


@dataclass(frozen=True)
class Token:
    """A word (or a punctuation mark) of a sentence: as written, lower-cased, its lemma,
    and its offsets in the body."""

    text: str
    lower: str
    lemma: str
    start: int
    end: int

    @property
    def is_word(self) -> bool:
        """Whether it is a word rather than punctuation."""
        return self.lower[:1].isalnum()


_TOKEN = re.compile(r"[A-Za-z\u00c0-\u024f]+(?:'[A-Za-z]+)?|\d+|[^\w\s]")


#: Nouns simplemma reads as a verb form ("opening" -> "open").
_KEEP = {"opening": "opening", "openings": "opening"}


@lru_cache(maxsize=8192)
def lemma(word: str) -> str:
    """The dictionary form of an English word ("referred" -> "refer"), lower-case."""
    # simplemma is pure: its word lists are read from its own package on first use.
    import simplemma

    word = word.lower()
    if "'" in word:
        return word
    if word in _KEEP:
        return _KEEP[word]
    return str(simplemma.lemmatize(word, lang="en")).lower()


def tokens(text: str, offset: int = 0) -> list[Token]:
    """The tokens of ``text``, offsets shifted by ``offset``."""
    return [
        Token(
            m.group(0), m.group(0).lower(), lemma(m.group(0)), offset + m.start(), offset + m.end()
        )
        for m in _TOKEN.finditer(text)
    ]


@dataclass(frozen=True)
class Sentence:
    """A sentence of the body, where it starts in the body, and its tokens."""

    text: str
    start: int
    tokens: tuple[Token, ...]

    @property
    def end(self) -> int:
        """Where it ends in the body."""
        return self.start + len(self.text)

    @property
    def is_question(self) -> bool:
        """A question mark, or a first word that asks ("Would you...", "Could we...")."""
        return "?" in self.text or _QUESTION_START.match(self.text.lstrip("-*• ")) is not None


_QUESTION_START = re.compile(
    r"(?:would|could|can|may|might|will|are|do|is|any\s+chance|how\s+about|what\s+about)\b",
    re.IGNORECASE,
)

_NEGATORS = frozenset({"not", "never", "no", "nor", "neither", "without", "nobody", "nothing"})
_CLAUSE_BREAKS = frozenset({",", ";", ":", "—", "–", "(", ")", "but", "though", "although",
                            "however", "so", "because", "instead", "rather"})  # fmt: skip


def is_negator(token: Token) -> bool:
    """Whether the token negates what follows ("not", "won't", "never"...)."""
    return token.lower in _NEGATORS or token.lower.endswith("n't")


def negated(sentence: Sentence, at: int) -> bool:
    """Whether the words from the start of the clause up to body offset ``at`` hold a
    negation ("I'm not asking for a referral", "I won't be able to...")."""
    before = [t for t in sentence.tokens if t.end <= at]
    for token in reversed(before):
        if token.lower in _CLAUSE_BREAKS:
            return False
        if is_negator(token):
            return True
    return False


# ---------------------------------------------------------------------- message


@dataclass
class Message:
    """A message as the rules read it."""

    kind: str
    body: Body
    words: int
    sentences: list[Sentence]
    now: dt.datetime
    zone: str
    recipient: Recipient
    sender: str | None = None

    @property
    def text(self) -> str:
        """The body's text."""
        return self.body.text

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """Body offsets as offsets into the text as given."""
        return self.body.span(start, end)


def read_message(
    kind: str,
    body: Body,
    now: dt.datetime,
    zone: str,
    recipient: Recipient | None,
    sender: str | None = None,
) -> Message:
    """The message of ``body`` ready for the rules."""
    sentences = [
        Sentence(text, start, tuple(tokens(text, start)))
        for start, text in sentence_spans(body.text)
    ]
    return Message(
        kind, body, count_words(body.text), sentences, now, zone, recipient or Recipient(), sender
    )


Check = Callable[[Message], "list[Finding]"]


def finding(
    m: Message,
    rule: str,
    message: str,
    hint: str,
    *,
    at: tuple[int, int] | None = None,
    quotes: tuple[str, ...] | None = None,
    severity: str = "",
) -> Finding:
    """A finding of ``rule`` for the kind of ``m``; ``at`` is the body range it is about
    (quoted, and given as a span into the text as given)."""
    severity = severity or RULES.get((m.kind, rule)) or RULES.get(("*", rule)) or "warning"
    span = m.span(*at) if at else None
    if quotes is None:
        quotes = (m.text[at[0] : at[1]],) if at else ()
    return Finding(rule, severity, message, hint, quotes, span)


def first_match(
    m: Message, patterns: Iterable[re.Pattern[str]], *, skip_negated: bool = False
) -> tuple[int, int] | None:
    """The body range of the first match of any pattern, sentence by sentence."""
    for sentence in m.sentences:
        for pattern in patterns:
            for match in pattern.finditer(sentence.text):
                at = sentence.start + match.start()
                if skip_negated and negated(sentence, at):
                    continue
                return at, sentence.start + match.end()
    return None


def presence(
    m: Message, rule: str, patterns: Iterable[re.Pattern[str]], message: str, hint: str
) -> list[Finding]:
    """A finding of ``rule`` when none of the patterns occurs anywhere in the body."""
    if any(p.search(m.text) for p in patterns):
        return []
    return [finding(m, rule, message, hint)]


# ------------------------------------------------------------ shared rules


THANKS = compile_patterns(
    r"\b(?:thanks?|thank\s*you|thankful|thx|thnx|thnks|thanx|tnx|appreciat\w*|grateful|gratitude"
    r"|cheers\s+(?:for|so\s+much|heaps|mate\s+for)|ta\s+(?:very\s+much|for)"
    r"|(?:much|most|highly|very|deeply)\s+obliged)\b",
    # thanks in the contact's own language, as people open a note to someone abroad
    # ("Vinaka vakalevu for agreeing to meet!"); words that are English too ("tack",
    # "toda", "cam on") are left out
    r"(?<![\w'])(?:merci|gracias|grazie|grazas|gr[aà]cies|danke|dank\s+(?:je|u)\b|obrigad[oa]"
    # ("Bula vinaka" is Fiji's hello)
    r"|arigat[oō]u?|mahalo|(?<!bula\s)vinaka|fa'?afetai|m[aā]uruuru|xi[eè]\s*xi[eè]|谢谢|shukran|asante"
    r"|spasibo|спасибо|terima\s+kasih|salamat|[kg]amsahamnida|감사합니다|dhanyava?a?d|sh?ukriya"
    r"|ありがとう|teşekkür\w*|tesekkur\w*|köszönöm|koszonom|dziękuję|dziekuje|děkuji|dekuji"
    r"|efharisto|ευχαριστώ|hvala|mul[tț]umesc|diolch|todah|kiitos|takk|cảm\s+ơn|eskerrik\s+asko"
    r"|go\s+raibh\s+maith\s+agat|ngiyabonga|enkosi|dankie|mersi|bedankt|hartelijk\s+dank"
    r"|tusen\s+takk|tack\s+så\s+mycket|mange\s+tak|tankyu|(?:vielen|herzlichen|besten|tausend)"
    r"\s+dank)(?![\w'])",
)


def their_words(m: Message) -> set[str]:
    """The words of the recipient's name, their company and the sender's name, lowered:
    a capitalised word among them names no one else."""
    words: set[str] = set()
    for value in (m.recipient.name, m.recipient.company, m.sender):
        if value:
            words.update(w.lower() for w in re.findall(r"[\w'-]+", value))
    return words


#: "Thanks to" a cause or a third person thanks no one here: "thanks to the cold snap my
#: week is free", "it was thanks to my cousin Ali that I found your name".
_THANKS_TO = re.compile(
    r"(?i:thanks\s+(?:again\s+|also\s+|so\s+much\s+|a\s+lot\s+)?to)\s+(?:(?i:the|a|an|my|our|this|that"
    r"|his|her|their|its)\b|[A-Z])"
)


#: Words of thanks that thank no one here, read from the start of their sentence up to
#: the word: "no need to thank me", "you told me not to thank you", "I'd appreciate it if
#: you could", "I owe her a thank-you", "I appreciate that you're busy", "grateful the
#: weather held".
_NOT_THANKING_BEFORE = re.compile(
    r"(?i:\b(?:no\s+need\s+to|don't|do\s+not|not\s+to)\s+(?:need\s+to\s+)?"
    r"|\b(?:i'?d|i\s+would|we'?d|would)\s+(?:be\s+)?(?:really\s+|greatly\s+|so\s+|very\s+much\s+)?"
    # "I owe her a big thank-you for putting us in touch": thanks owed to someone else
    r"|\bowe\s+(?!you\b)\w+(?:\s+\w+)?\s+(?:a\s+)?(?:big\s+|huge\s+|massive\s+)?"
    # "you'll appreciate that my free periods are random": they will understand
    r"|\byou(?:'ll|\s+will|'d|\s+would|\s+may|\s+might|\s+can|\s+probably)?\s+)$"
)
_NOT_THANKING_AFTER = re.compile(
    r"(?i:\s+(?:that\s+)?(?:you(?:'re|\s+are)\s+(?:busy|swamped|stretched)|how\s+busy)"
    r"|(?<=rateful|hankful)\s+(?:that\s+)?(?:the|it|its|it's|my|our)\b"
    # "I appreciate much better why grid operators...": understand, not thank
    r"|(?<=appreciate)\s+(?:(?:much|far|a\s+lot|so\s+much)\s+)?(?:better|more\s+(?:clearly|fully))"
    r"|(?<=appreciate)\s+(?:(?:now\s+)?why|now\s+how|what\s+(?!you))\b"
    # "I appreciate that August is a quiet month": understood, not thanked
    r"|(?<=appreciate)\s+(?:that|how)\s+(?!(?:you|your|it|so|very|a|all|this|everything)\b)"
    r"(?:(?!you\b|your\b)[\w'-]+\s+){1,7}(?:is|are|was|were|will|can|may|might|must|has|have"
    r"|gets?|tends?)\b"
    # "a pile of thank-you notes": a thing, not thanks
    r"|(?<=hank)[\s-]you[\s-]+(?:notes?|cards?|e-?mails?|letters?|messages?|gifts?)\b"
    # "Thank goodness my exams are over": relief, not thanks
    r"|(?<=thank)\s+(?:goodness|god|heavens|the\s+lord|the\s+stars|my\s+lucky\s+stars)\b)"
)


def _quoted(text: str, start: int) -> bool:
    """Whether ``start`` falls inside double quotes opened on its line (their words
    quoted back: 'You said, "thanks for coming in with real questions"')."""
    line = text[text.rfind("\n", 0, start) + 1 : start]
    straight = line.count('"') % 2 == 1
    curly = line.count("\u201c") > line.count("\u201d")
    return straight or curly


def thanking(m: Message) -> list[re.Match[str]]:
    """The thanks in the body, less "thanks to" a cause or someone else, thanks said
    in the negative or as a request ("no need to thank me", "I'd appreciate it if..."),
    "grateful the weather held", and their own words quoted back."""
    return [
        match
        for pattern in THANKS
        for match in pattern.finditer(m.text)
        if not _THANKS_TO.match(m.text, match.start())
        and not _NOT_THANKING_BEFORE.search(m.text, max(0, match.start() - 40), match.start())
        and not _NOT_THANKING_AFTER.match(m.text, match.end())
        and not _quoted(m.text, match.start())
    ]


def thanks(m: Message) -> list[Finding]:
    """``thanks``: no thanks in the body (a "Thanks," sign-off is signature)."""
    if thanking(m):
        return []
    if m.kind == "scheduling":
        what, hint = (
            "for agreeing to meet",
            'Start with a thank-you, e.g. "Thank you so much for making time for me."',
        )
    elif m.kind == "confirm":
        what, hint = "for making the time", 'Add "Thanks again for making the time."'
    elif m.kind == "report-back":
        what, hint = "for their advice", 'Add "Thanks again for your advice."'
    else:
        what, hint = "for their time", 'Open with "Thank you for taking the time to talk with me."'
    return [finding(m, "thanks", f"The message never thanks them {what}.", hint)]


def length(m: Message) -> list[Finding]:
    """``length``: over the words a message of the kind should take."""
    if m.kind == "outreach":
        if m.words > OUTREACH_MAX_WORDS:
            return [
                finding(
                    m,
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
                finding(
                    m,
                    "length",
                    f"The message has {m.words} words; a first message works best at "
                    f"{OUTREACH_IDEAL_WORDS} or fewer.",
                    f"Trim about {m.words - OUTREACH_IDEAL_WORDS} words: drop background they "
                    "do not need yet and keep one sentence about yourself.",
                )
            ]
        return []
    limit = LENGTHS.get(m.kind, LONG_WORDS)
    if m.words > limit:
        return [
            finding(
                m,
                "length",
                f"The message has {m.words} words; over {limit} words it reads as a chore.",
                f"Trim about {m.words - limit} words: keep what they need to act on and "
                "cut the rest.",
            )
        ]
    return []


# ------------------------------------------------------------ lemma patterns


def lemma_text(sentence: Sentence) -> tuple[str, list[int]]:
    """The sentence as its lemmas joined by spaces ("me" is "i", "hiring" is "hire",
    "took" is "take"), and where each token starts in that string: patterns over it
    match any inflection of a word."""
    parts: list[str] = []
    starts: list[int] = []
    at = 0
    for token in sentence.tokens:
        starts.append(at)
        parts.append(token.lemma)
        at += len(token.lemma) + 1
    return " ".join(parts), starts


def lemma_matches(
    sentence: Sentence, patterns: Iterable[re.Pattern[str]]
) -> Iterable[tuple[int, int, int, int]]:
    """(body start, body end, first token index, last token index) of every match of the
    lemma patterns in the sentence."""
    text, starts = lemma_text(sentence)
    if not sentence.tokens:
        return
    for pattern in patterns:
        for match in pattern.finditer(text):
            first = max(i for i, s in enumerate(starts) if s <= match.start())
            last = max(i for i, s in enumerate(starts) if s < max(match.end(), match.start() + 1))
            yield sentence.tokens[first].start, sentence.tokens[last].end, first, last


def lemma_patterns(*sources: str) -> tuple[re.Pattern[str], ...]:
    """Patterns over lemma text (see ``lemma_text``)."""
    return tuple(re.compile(p) for p in sources)
