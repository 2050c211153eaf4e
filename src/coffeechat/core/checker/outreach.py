"""The rules of a first message (outreach): connection first, one clear ask for advice
put as a question, short, about them, no job ask, no attachment."""

from __future__ import annotations

import re

from coffeechat.core.checker.base import (
    Finding,
    Message,
    Sentence,
    finding,
    first_match,
    lemma_matches,
    lemma_patterns,
    negated,
)
from coffeechat.core.checker.jobs import job_ask
from coffeechat.core.message import compile_patterns, greeting_end, strip_greeting

# ------------------------------------------------------------------------ the ask

#: What a request for an informational interview asks for.
_REQUEST_WORDS = compile_patterns(
    r"\b(?:chat|chatting|coffee|call|talk|talking|speak|speaking|meet|meeting|conversation"
    r"|minutes?|mins?|time|zoom"
    r"|phone|advice|questions?|pick\s+your\s+brain|hear|learn|thoughts|perspective|insights?"
    r"|guidance|tips?|input|ask\s+you|walk\s+me\s+through|share|sharing|mentor\w*|feedback"
    r"|review|look\s+at|suggestions?|recommendations?|point\s+me|pointers?|tell\s+me"
    # their judgement asked for: "which of the two would you choose in my place?"
    r"|(?:would|do|did|should)\s+you\s+(?:choose|pick|recommend|suggest|advise|go\s+with"
    r"|prioriti[sz]e|focus\s+on|start\s+with)|in\s+your\s+(?:view|experience|opinion))\b",
)
_MODAL_REQUEST = compile_patterns(
    r"\b(?:would|could|can|may|might)\s+(?:you|u|we|i)\b",
    r"\bare\s+you\s+(?:open|free|available|up\s+for|willing)\b",
    r"\bdo\s+you\s+have\b",
    r"\bany\s+chance\b",
)
#: A request without a question mark: "I'd love 20 minutes of your time."
_STATED_REQUEST = compile_patterns(
    r"\b(?:i'd|i\s+would|i'll|we\s+could|i'm|i\s+am)\s+(?:\w+\s+){0,2}(?:love|like|appreciate"
    r"|welcome|value|grateful|thankful|be\s+(?:grateful|glad|thrilled|happy|keen|thankful)"
    r"|hoping|hope|wondering|keen)\b",
    r"\bi\s+(?:was|am)\s+(?:hoping|wondering)\b",
    # "I wondered whether you'd be up for a brief call", "I hoped you might..."
    r"\bi\s+(?:wondered|hoped)\s+(?:if|whether)?\s*(?:you|you'd|you'll)\b",
    r"\bif\s+you\s+(?:have|had|could|can|were|are|'d|would|might)\b",
    r"\b(?:please|kindly)\s+let\s+me\s+know\b",
    r"\blet\s+me\s+know\s+(?:if|whether|when)\b",
    r"\bwould\s+(?:really\s+|very\s+much\s+|greatly\s+|so\s+)?(?:love|be\s+grateful|appreciate"
    r"|value|welcome|like)\b",
    r"^(?:could|can|may)\s+i\b",
)
#: A vague "some day" that nobody can say yes to.
_VAGUE = compile_patterns(
    r"\b(?:sometime|some\s+time|one\s+day|someday|some\s+day|at\s+some\s+point|down\s+the"
    r"\s+(?:road|line)|one\s+of\s+these\s+days|in\s+the\s+future|ever"
    # (not "whenever suits you": a time left to them)
    r"|whenever(?!\s+(?:suits|works|is\s+(?:convenient|easiest|best|good)|it\s+suits"
    r"|you(?:'re|\s+are)\s+(?:free|available))))\b",
    r"\b(?:connect|connected|connecting|network|networking|keep\s+in\s+touch|stay\s+in\s+touch"
    r"|be\s+in\s+touch)\b",
    # "learn from you" with nothing to learn about
    r"\blearn\s+from\s+you\b(?!\s+(?:about|how|what|why|on|in|over)\b)",
)
_CONCRETE = compile_patterns(
    r"\b\d+\s*-?\s*(?:min|mins|minutes?|hours?)\b",
    r"\b(?:twenty|thirty|fifteen|ten|half)[\s-]+(?:an\s+)?(?:min|minutes?|hour)\b",
    r"\b(?:next|this|coming)\s+(?:week|month|few\s+weeks|couple)\b",
    r"\bquestions?\b",
    r"\badvice\b",
)
#: A sales pitch: what the sender sells ("our platform", "my rates"); see ``_OFFER``.
_SELLS = lemma_patterns(
    r"\bour (?:platform|product|service|solution|tool|software|app|offering|agency|team can"
    r"|client|customer|pricing|rate)\b",
    # (not "finishing my service" in the army)
    r"\bmy (?:rate|fee|package|agency|product|offering|pricing|price)\b",
    r"\b(?:offer|provide) (?:you )?(?:my|our) (?:\S+ )?service\b",
)
#: A sales pitch that offers or asks for a sale: a demo, a quote, a trial, "we help
#: companies...". Decisive: the learned reading never clears it.
_OFFER = lemma_patterns(
    r"\b(?:we|i|(?:firm|company|studio|agency|business|startup|consultancy) that) help (?:\S+ )?"
    r"(?:company|business|team|startup|organization|organisation|firm"
    r"|brand|retailer|client|practice|founder|store|shop)\b",
    # "20 minutes to hear about our services"
    r"\bhear (?:\S+ )?about (?:our|my) (?:service|product|platform|solution|offering|tool"
    r"|software|app|package|rate)\b",
    # the offer: "show you a 15-minute demo", "like a quote", "a free trial"
    r"\b(?:show|book|schedule|arrange|set up|see|get|give|walk|send|like|want|offer)"
    # (not an artist's "demo reel")
    r" (?:\S+ ){0,6}(?:demo(?! (?:reel|tape|track|video|cd|recording))|quote|estimate|free trial"
    r"|discount)\b",
    r"\b(?:free trial|cut your cost|save your team|book a call with our)\b",
    # a demo asked for or offered: "be open to a 15-minute demo", "show you a short demo"
    r"\b(?:open to|interested in|book|schedule|set up|arrange|show you|give you|try|do|have"
    r"|hop on|jump on|join) (?:\S+ ){0,4}(?:demo(?! (?:reel|tape|track|video|cd|recording))"
    r"|demonstration|product tour)\b",
)


def _asks(sentence: Sentence) -> bool:
    """Whether the sentence asks them for a conversation, a few questions or advice."""
    text = sentence.text
    if not any(p.search(text) for p in _REQUEST_WORDS):
        return False
    is_request = (sentence.is_question and any(p.search(text) for p in (*_REQUEST_WORDS,))) or any(
        p.search(text) for p in (*_MODAL_REQUEST, *_STATED_REQUEST)
    )
    if not is_request:
        return False
    direct = sentence.is_question and any(p.search(text) for p in _MODAL_REQUEST)
    # "let's get coffee sometime": nothing to say yes to
    vague = any(p.search(text) for p in _VAGUE) and not any(p.search(text) for p in _CONCRETE)
    return direct or not vague


def _ask_sentences(m: Message) -> list[Sentence]:
    return [s for s in m.sentences if _asks(s)]


def is_pitch(m: Message, *, offers: bool = False) -> tuple[int, int] | None:
    """Where the message pitches a product, a service or a demo, if it does (``offers``:
    only an offer or an ask for a sale, a demo, a quote, a trial)."""
    patterns = _OFFER if offers else (*_SELLS, *_OFFER)
    for sentence in m.sentences:
        for start, end, _f, _l in lemma_matches(sentence, patterns):
            return start, end
    return None


def no_ask(m: Message) -> list[Finding]:
    """``no-ask``: nothing they could say yes to, a vague "coffee sometime", or a pitch."""
    pitch = is_pitch(m)
    if pitch is not None:
        return [
            finding(
                m,
                "no-ask",
                "It reads as a sales pitch: it asks them to buy or book a demo, not for "
                "their advice.",
                "Drop the pitch; ask for their advice and their story in a short chat.",
                at=pitch,
            )
        ]
    if _ask_sentences(m) or job_ask(m) is not None:
        return []  # a job ask is an ask: asks-for-job says what is wrong with it
    return [
        finding(
            m,
            "no-ask",
            "It asks for nothing they could say yes to: no request for a chat, a call or "
            'their advice ("coffee sometime" is too vague to answer).',
            'Ask for one concrete thing, e.g. "Would you be open to a 20-minute call next week?"',
        )
    ]


#: An ask put as an indirect question: "I was wondering if you...", "let me know if...".
_INDIRECT_QUESTION = re.compile(
    r"\b(?:wondering|wonder|let\s+me\s+know|tell\s+me)\s+(?:if|whether)\b", re.IGNORECASE
)


def question_ask(m: Message) -> list[Finding]:
    """``question-ask``: there is an ask, but none of it is put as a question."""
    asks = _ask_sentences(m)
    if not asks or is_pitch(m) is not None:
        return []  # no-ask says it
    if any(s.is_question or _INDIRECT_QUESTION.search(s.text) for s in asks) or any(
        s.is_question and any(p.search(s.text) for p in _MODAL_REQUEST) for s in m.sentences
    ):
        return []
    job = job_ask(m)
    if job is not None and any(s.is_question and s.start <= job[0] < s.end for s in m.sentences):
        return []  # a request put as a question, though a wrong one: asks-for-job says so
    return [
        finding(
            m,
            "question-ask",
            "The request is not phrased as a question, so there is nothing for them to answer.",
            'Turn the ask into a question, e.g. "Would you be open to a 20-minute chat in the '
            'next couple of weeks?"',
            at=(asks[0].start, asks[0].end),
        )
    ]


_DURATION = compile_patterns(
    r"\b\d{1,3}\s*(?:(?:-|–|to|or)\s*\d{1,3}\s*)?-?\s*(?:min|mins|minutes?|hours?|hrs?)\b",
    r"\b(?:half|quarter)[\s-]+(?:an?\s+)?hour\b",
    r"\bhalf-hour\b",
    r"\ban\s+hour\b",
    r"\b(?:five|ten|fifteen|twenty|thirty|forty|forty-five|sixty)(?:\s*(?:-|–|to|or)\s*"
    r"(?:fifteen|twenty|thirty|forty|forty-five|sixty))?[\s-]*(?:min|mins|minutes?)\b",
)
_BY_EMAIL = compile_patterns(
    r"\bquestions?\b.{0,60}\b(?:by|over|via|in\s+an?)\s+e-?mail\b",
    r"\be-?mail\b.{0,40}\bquestions?\b",
)


def meeting_length(m: Message) -> list[Finding]:
    """``meeting-length``: an ask for a meeting that says not how long."""
    if any(p.search(m.text) for p in _DURATION):
        return []
    if is_pitch(m) is not None or not (_ask_sentences(m) or job_ask(m) is not None):
        return []  # no-ask says it
    if any(p.search(m.text) for p in _BY_EMAIL):
        return []  # a few questions by e-mail take no meeting
    return [
        finding(
            m,
            "meeting-length",
            "It does not say how long the conversation would take.",
            'Ask for a set, short time, e.g. "a 20-minute chat" or "half an hour of your time".',
        )
    ]


# ------------------------------------------------------------------ connection

_CONNECTION = compile_patterns(
    r"\bmet\b",
    r"\b(?:meeting|meet)\s+(?:you|u)\b",
    r"\bintroduc\w*",
    r"\b(?:suggested|recommended|told\s+me|thought|said|mentioned|advised|encouraged\s+me)"
    r"\s+(?:that\s+)?(?:I|you|we|me)\b",
    r"\b(?:gave|passed\s+(?:along|on)|shared|forwarded|sent)\s+(?:me\s+)?your\s+(?:name|contact"
    r"|email|details|info)",
    r"\b(?:got|have|received|found|was\s+given)\s+your\s+(?:name|contact|email|details|info)",
    r"\byour\s+name\s+(?:came\s+up|from)\b",
    r"\b(?:pointed|referred|sent|directed)\s+me\s+(?:to|your\s+way|toward)",
    r"\b(?:suggestion|recommendation)\s+of\b|\bat\s+\w+'s\s+(?:suggestion|recommendation)\b",
    r"\b(?:on|at)\s+(?:the\s+)?(?:suggestion|recommendation|advice)\b",
    r"\b(?:saw|read|watched|heard|enjoyed|loved|liked|attended|caught|found|came\s+across"
    r"|listened\s+to)\b.{0,50}\byour\s+(?!(?:linkedin\s+)?profile\b|name\b)",
    r"\byour\s+(?:[\w-]+\s+){0,2}(?:talk|presentation|panel|keynote|workshop|session|post"
    r"|article|podcast|blog|newsletter|paper|book|thread|video|episode|interview|comment|piece"
    r"|essay|tweet|research|answer|demo|repo|library|course|lecture|webinar|booth|stand|exhibit"
    r"|exhibition|installation|showcase|poster)s?\b",
    r"\b(?:through|via|in|from)\s+(?:the\s+|our\s+)?(?:[\w-]+\s+){1,4}(?:slack|community"
    r"|group|network|club|association|society|forum|discord|mailing\s+list)\b",
    r"\bwe\s+(?:spoke|talked|chatted|connected|were\s+both|both|sat|worked|studied|overlapped"
    r"|were\s+at|went)\b",
    r"\b(?:both|also)\s+(?:worked|studied|went|graduated|interned|served|work|study|attend)",
    r"\b(?:spoke|talked|chatted|speaking|talking|chatting)\s+(?:with|to)\s+(?:you|u)\b",
    r"\b(?:meetup|conference|summit|mixer|hackathon|career\s+fair|job\s+fair|panel|webinar"
    r"|happy\s+hour|networking|alumni|alumnus|alumna|alum|cohort|brunch|breakfast|meet-?up"
    r"|launch\s+party|fair|expo|festival|exhibition|trade\s+show|open\s+day|open\s+house"
    r"|design\s+week)\b",
    r"\bsame\s+(?:[\w-]+\s+){3,4}(?:bootcamp|slack|discord|community|group|club|chapter"
    r"|program|programme|course|class|cohort|team|meetup)\b",
    r"\b(?:same|your|the)\s+(?:[\w-]+\s+){0,2}(?:bootcamp|slack|discord|community|group|club"
    r"|chapter|program|programme|course|class)\b",
    r"\b(?:fellow|mutual|former|old)\b",
    r"\b(?:same|your\s+old|my\s+old)\s+(?:school|team|company|program|programme|bootcamp"
    r"|university|college|class|department|firm)\b",
    r"\bheard\s+(?:you|u)\s+(?:speak|talk|present|on)\b",
    r"\bsaw\s+(?:you|u)\b",
    r"\b(?:class|cohort)\s+of\s+'?\d{2,4}\b",
)
_PLEASANTRY = compile_patterns(
    r"^(?:i\s+)?hope\b.{0,60}\b(?:well|good|great|fine|week|day|weekend|month)\b",
    r"^i\s+trust\b",
    r"^happy\s+(?:monday|friday|new\s+year|holidays)\b",
    r"^(?:my\s+name\s+is|i'm|i\s+am)\s+[A-Z]\w+[.!]?$",
)


def _first_sentence(m: Message) -> Sentence | None:
    skip = greeting_end(m.text)
    for sentence in m.sentences:
        if sentence.end <= skip:
            continue
        if sentence.start < skip:
            # an inline greeting ("Hi Ada, we met..."): read what follows it
            sentence = Sentence(
                m.text[skip : sentence.end],
                skip,
                tuple(t for t in sentence.tokens if t.start >= skip),
            )
        if any(p.search(sentence.text) for p in _PLEASANTRY):
            continue
        return sentence
    return None


def connection_first(m: Message) -> list[Finding]:
    """``connection-first``: the first sentence does not say how they came to this person."""
    first = _first_sentence(m)
    if first is not None and any(p.search(first.text) for p in _CONNECTION):
        return []
    return [
        finding(
            m,
            "connection-first",
            "The first sentence does not say how you know each other.",
            'Open with the connection, e.g. "We met at the PyData meetup on Tuesday" or '
            '"Dana Lee suggested I get in touch."',
            at=(first.start, first.end) if first is not None else None,
        )
    ]


# --------------------------------------------------------------------- about them

#: Words that show why this person: their work, path, team, talk or writing.
WHY_THEM = compile_patterns(
    r"\byour\s+(?:[\w'-]+\s+){0,3}(?:work|team|talk|path|career|journey|move|switch|transition"
    r"|experience|role|post|article|writing|research|project|projects|book|podcast|blog"
    r"|newsletter|panel|presentation|keynote|workshop|company|startup|product|approach|story"
    r"|background|perspective|expertise|thread|paper|launch|design|designs|code|library"
    r"|open[\s-]source|advice|time\s+at|years?\s+at|focus|field|lab|group|session|video"
    r"|comment|portfolio|thoughts|views|insights?|take|organi[sz]ation|department|mission"
    r"|practice|firm|field|industry|promotion|episode|interview|recent|new)\b",
    r"\byou(?:'ve|\s+have)?\s+(?:[\w-]+\s+)?(?:built|wrote|written|led|lead|run|ran|moved"
    r"|switched|made|spoke|talked|presented|shared|posted|published|founded|started|grew"
    r"|scaled|launched|designed|work|worked|manage|managed|went|transitioned|pivoted|joined"
    r"|mentioned|described|explained|said|teach|taught|mentor|mentored|created|host|hosted"
    r"|organi[sz]e|organi[sz]ed|research|studied)\b",
    r"\byou(?:'re|\s+are)\s+(?:[\w-]+\s+){0,2}(?:at|working|leading|building|doing|on|in"
    r"|known|the\s+person|one\s+of)\b",
    r"\b(?:how|why|what|when)\s+(?:you|u)\s+(?:[\w-]+\s+)?(?:got|moved|became|made|built|switched"
    r"|went|started|ended|came|chose|decided|landed|broke|transitioned|pivoted|grew|found|did"
    r"|learned|learnt|handled|approached|approach|work|think\s+about\s+your|do\s+at|manage"
    r"|lead|run|balance|use|structure|hire|scale|built|wrote|kept)\b",
    r"\byour\s+(?:[\w-]+\s+){0,2}at\s+[A-Z]",
    r"\bcongrat\w*",
    r"\b[A-Z][\w&-]*'s\s+(?:[\w-]+\s+){0,2}(?:work|team|project|product|approach|launch"
    r"|research|design|platform|app|story|mission|culture|engineering)\b",
    r"\b(?:admire|admired|inspired\s+by|impressed\s+by|fan\s+of)\b",
)


_FIRST_PERSON = frozenset({"i", "i'm", "im", "i've", "ive", "i'd", "i'll", "me", "my", "mine",
                           "myself"})  # fmt: skip
_SECOND_PERSON = frozenset({"you", "your", "yours", "yourself", "you're", "youre", "you've",
                            "you'd", "you'll", "u", "ur"})  # fmt: skip


def _person_counts(text: str) -> tuple[int, int]:
    words = re.findall(r"[a-z]+(?:'[a-z]+)?", text.lower())
    return sum(w in _FIRST_PERSON for w in words), sum(w in _SECOND_PERSON for w in words)


def about_them(m: Message) -> list[Finding]:
    """``about-them``: nothing says why this person (their work, path, team, talk or
    writing); pronoun counts alone decide nothing. A message with no ask (a hello, a
    pitch) is left to ``no-ask``: there is no request to say why them for."""
    if is_pitch(m) is not None or not (_ask_sentences(m) or job_ask(m) is not None):
        return []
    rest = strip_greeting(m.text)
    if any(p.search(rest) for p in WHY_THEM):
        return []
    first, second = _person_counts(rest)
    if first < 5 or first <= 3 * second:
        return []  # not mostly about the sender
    mine = re.search(r"\b(?:I|I'm|my|me|I've)\b", m.text)
    return [
        finding(
            m,
            "about-them",
            "Nothing in it says why you chose them: it is all about you, nothing about their "
            "work, path or team.",
            "Add one sentence on why them: their talk, their team, their move into the field.",
            at=(mine.start(), mine.end()) if mine else None,
        )
    ]


_DOCUMENT = (
    r"(?:cv|c\.v\.|résumé|resume|portfolio|cover\s+letter|pdf|file|document|doc|transcript"
    r"|samples?|deck|slides|one-pager|bio|references?)"
)
_ATTACHMENT = compile_patterns(
    # attached / enclosed, said of a document or used as a noun ("see attached")
    rf"\b(?:at{{1,2}}at?ch(?:ed|ing)?|enclos(?:e|es|ed|ing)|includ(?:ed|ing)|add(?:ed|ing)?)\b"
    r"[^.!?\n]{0,40}"
    rf"\b{_DOCUMENT}\b(?!\s+(?:link|url|site|website|page))",
    rf"\b{_DOCUMENT}\b[^.!?\n]{{0,30}}\b(?:attached|enclosed|as\s+an?\s+(?:attachment|pdf|file"
    r"|word\s+doc)|included\s+(?:below|here|with|in)|in\s+(?:this|the)\s+(?:e-?mail|message))\b",
    # not the psychology ("talk on attachment in foster placements", "attachment research")
    r"\b(?:attachments?|enclosures?)\b(?!\s+(?:in|to|theory|theories|style|styles|research"
    r"|parenting|disorder|disorders|bond|bonds|issues|patterns|figures?|work|and\s+loss)\b)"
    r"(?!-based|-focused|-informed)",
    r"\b(?:see|find|please\s+find|i've|i\s+have|i)\s+(?:(?!not\b|never\b|[\w']*n't\b)[\w']+\s+)?"
    r"(?:attached|enclosed)\b"
    # posted to a team, not a file: "I've been attached to a mobile clinic team"
    r"(?!\s+to\s+(?:a|an|the|his|her|their|our|your|my)\s+(?!(?:e-?mail|message|note|mail)\b))",
    r"\b(?:attached|enclosed)\s+(?:is|are|you'll\s+find|please\s+find)\b",
)
#: The papers of an application, as sent in a message (narrower than ``_DOCUMENT``: "here's
#: my bio" or "the slides" of their talk is no file).
_PAPERS = (
    r"(?:cv|c\.v\.|résumé|resume|portfolio(?:\s+deck)?|deck|cover\s+letter|pdf|transcript"
    r"|(?:writing|work)\s+samples?|(?:demo\s+|show\s*)reel|showreel)"
    r"(?!\s+(?:link|url|site|website|page))"
)
_THIS_MESSAGE = r"(?:this|my)\s+(?:e-?mail|message|note|mail)"
#: A file sent otherwise than "attached" ("here's my CV", "my résumé is below this note",
#: "I've popped my CV on the end of this message"); a sentence with a link is not one.
_SENT_IN = compile_patterns(
    rf"\bhere(?:'s|\s+is|\s+are)\s+(?:a\s+copy\s+of\s+)?my\s+(?:[\w-]+\s+)?{_PAPERS}\b",
    rf"\b{_PAPERS}\b(?:\s+[\w-]+){{0,3}}\s+(?:is|are)\s+(?:below|underneath|at\s+the\s+"
    rf"(?:end|bottom))\b",
    r"\b(?:sent|sending|send|forward(?:ed|ing)?|upload(?:ed|ing)?|popped|pop|put|stuck|dropped)\b"
    rf"[^.!?\n]{{0,40}}\b{_PAPERS}\b[^.!?\n]{{0,30}}\b(?:with|along\s+with|on|in|to|under|below"
    r"|at\s+the\s+end"
    rf"\s+of|on\s+the\s+end\s+of)\s+{_THIS_MESSAGE}\b",
    rf"\byou(?:'ll|\s+will|\s+can)\s+(?:also\s+)?find\s+(?:my|a\s+copy\s+of\s+my)\b"
    rf"[^.!?\n]{{0,40}}\b{_PAPERS}\b[^.!?\n]{{0,20}}\b(?:with|in|below|under|attached|enclosed)\b",
    # "my résumé is in the PDF with this email", "my deck travels with this note"
    rf"\b{_PAPERS}\b[^.!?\n]{{0,40}}\b(?:with|alongside|along\s+with|below|under|inside)\s+"
    rf"{_THIS_MESSAGE}\b",
    # "I send you my CV in annex", "annexed"
    rf"\b{_PAPERS}\b[^.!?\n]{{0,30}}\b(?:in|as)\s+(?:an?\s+)?annexe?\b|\bannexed\b",
    # "please find herewith my CV", "herewith my certificates"
    r"\bherewith\b",
    # "the two files in this mail are my résumé and a project summary"
    rf"\b(?:files?|documents?|pdfs?)\s+(?:in|with|on|attached\s+to)\s+{_THIS_MESSAGE}\b",
    # a file sent beside the message: "I'm sending my portfolio as a separate email", "I've
    # shared my resume file with your work email through Google Drive"
    r"\b(?:sent|sending|send|shared|sharing|share|forward(?:ed|ing)?|emailed|emailing"
    r"|e-mailed|dropped|popped)\b"
    rf"[^.!?\n]{{0,40}}\b{_PAPERS}\b[^.!?\n]{{0,50}}\b(?:(?:a\s+)?separate(?:ly|\s+e-?mail"
    r"|\s+message|\s+mail|\s+file|\s+attachment|\s+pdf)|(?:google\s+)?drive|dropbox|onedrive|one\s+drive|wetransfer|box\.com"
    r"|to\s+your\s+(?:[\w-]+\s+)?(?:e-?mail|inbox|address)|with\s+your\s+(?:[\w-]+\s+)?e-?mail)\b",
)
_LINKED = re.compile(r"https?://|www\.|\blink\b|\burl\b", re.IGNORECASE)
_URL = re.compile(r"https?://|www\.", re.IGNORECASE)


def _sent_in(m: Message) -> tuple[int, int] | None:
    """Where a file is sent in the message otherwise than "attached" (not negated, and
    not in a sentence that gives a link)."""
    for sentence in m.sentences:
        if _LINKED.search(sentence.text):
            continue
        for pattern in _SENT_IN:
            for match in pattern.finditer(sentence.text):
                at, end = sentence.start + match.start(), sentence.start + match.end()
                # "Here's my portfolio:" with the address on the next line is a link too
                if not negated(sentence, at) and not _URL.search(m.text, end, end + 100):
                    return at, end
    return None


def attachment(m: Message) -> list[Finding]:
    """``attachment``: an attachment or enclosure is mentioned (not negated)."""
    at = first_match(m, _ATTACHMENT, skip_negated=True) or _sent_in(m)
    if at is None:
        return []
    # quote the verb ("attached"), not the whole phrase, when there is one
    verb = re.search(
        r"\b(?:attach\w*|enclos\w*|includ\w*|added|adding)\b", m.text[at[0] : at[1]], re.IGNORECASE
    )
    if verb is not None:
        at = (at[0] + verb.start(), at[0] + verb.end())
    return [
        finding(
            m,
            "attachment",
            "It mentions an attachment; a first message with a résumé attached reads as a "
            "job application.",
            "Remove the attachment and the sentence about it; offer your résumé later if they ask.",
            at=at,
        )
    ]
