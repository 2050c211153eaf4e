"""The rules of the later messages: a follow-up after no answer, the confirmation the
day before, an introduction request, the report-back and the keep-in-touch note."""

from __future__ import annotations

import re
from itertools import pairwise

from coffeechat.core.checker.base import (
    Finding,
    Message,
    Token,
    finding,
    first_match,
    is_negator,
    lemma_matches,
    lemma_patterns,
    negated,
    presence,
    their_words,
)
from coffeechat.core.checker.jobs import job_ask
from coffeechat.core.checker.outreach import WHY_THEM
from coffeechat.core.datetext import find_times, other_time
from coffeechat.core.message import compile_patterns, greeting_end, strip_greeting

# ------------------------------------------------------------------- follow-up

_ASK_NAMED = compile_patterns(
    r"\b(?:chat|coffee|call|talk|conversation|meet|meeting|minutes?|mins?|questions?|advice"
    # the same asks in the languages people write to contacts abroad in
    r"|minutos|minuten|minuti|videollamada|llamada|charla|videochamada|conversa|appel|entretien"
    r"|gespräch|telefonat|chiamata|videochiamata"
    r"|(?:half|quarter\s+of)\s+an\s+hour|(?:spare|for|give\s+me|take)\s+an\s+hour"
    r"|zoom|phone|catch\s+up|hear(?:ing)?\s+(?:about|how|more|your)|learn(?:ing)?\s+(?:about|how"
    r"|more|from)|ask\s+you|pick\s+your"
    r"\s+brain|(?:thoughts|perspective|take|views?|input|opinion|insights?)\s+on"
    # ...something named, not "any thoughts on what I sent over?", "your take on my email"
    r"(?!\s+(?:what\s+i\s+(?:sent|wrote|shared|asked|mentioned)|my\s+(?:last\s+|previous\s+"
    r"|earlier\s+|first\s+)?(?:email|e-mail|message|note|mail|request)|it|this|that|the\s+above"
    r"|the\s+(?:last|previous|earlier)\s+\w+)\b)"
    # other asks named: a referral, an introduction, feedback on something of mine
    r"|referral|refer\s+me|introduc\w+|put\s+me\s+in\s+touch|connect\s+me|feedback\s+on"
    r"|(?:(?:look|glance)\s+(?:at|over)|review)\s+my\s+(?!(?:last\s+|previous\s+|earlier\s+"
    r"|first\s+)?(?:email|e-mail|message|note|mail|request)s?\b)|submit\s+my\s+name)\b",
)
_GUILT = compile_patterns(
    # a nudge that counts the nudges: "bumping this to the top of your inbox again",
    # "it would be great to hear back this time"
    r"\b(?:bump\w*|push\w*|float\w*|nudg\w*|resurfac\w*)\s+(?:this|it|my\s+\w+)\b"
    r"[^.!?\n]{0,40}?\b(?:once\s+)?again\b",
    r"\b(?:hear\s+back|heard\s+back|a\s+reply|an\s+answer|a\s+response|reply|respond|answer)"
    r"\s+(?:from\s+you\s+)?this\s+time\b",
    # sarcasm that names the ignoring: "I'm sure you wouldn't just ignore them"
    r"\b(?:i'm|i\s+am)\s+sure\s+you\s+(?:wouldn't|would\s+not|didn't|did\s+not|haven't|have\s+not)"
    r"\s+(?:just\s+|simply\s+|deliberately\s+|really\s+)?(?:ignor|forg[eo]t|overlook|miss)\w*",
    r"\b(?:haven't|have\s+not|didn't|did\s+not|never)\s+(?:yet\s+)?(?:heard|had|got|gotten"
    r"|received|get|hear|receive|have|see|seen)\s+(?:back|a\s+(?:reply|response|word)|anything|from\s+you)\b",
    r"\bno\s+(?:reply|response|answer|word)\s+(?:yet|so\s+far|from\s+you)\b",
    r"\b(?:you\s+)?(?:must|probably|surely)\s+(?:be\s+)?(?:very\s+|so\s+|really\s+)?"
    r"(?:busy|swamped|slammed)\b",
    r"\bi\s+know\s+you(?:'re|\s+are)\s+(?:\w+\s+)?busy,?\s+but\b",
    # "I know you must get a lot of emails, but mine..."
    r"\bi\s+know\s+you\s+(?:must\s+|probably\s+)?(?:get|receive|have)\s+(?:a\s+lot|lots|loads"
    r"|tons|so\s+many|hundreds|plenty)\b[^.!?\n]{0,30}\bbut\b",
    r"\bas\s+i\s+(?:said|mentioned|wrote|noted|explained)\b",
    r"\bper\s+my\s+(?:last|previous|earlier)\b",
    r"\b(?:bump|bumping)\s+(?:this|my\s+\w+|it)\s+(?:up\s+)?(?:again|once\s+more|one\s+more)\b",
    r"\b(?:again|once\s+more)\s+(?:bumping|following\s+up|reaching\s+out|writing)\b",
    r"(?<!n't\s)(?<!not\s)\b(?:appreciate|like|need|expect)\s+(?:a|an|some|your)\s+(?:quick\s+|prompt\s+|timely\s+)?"
    r"(?:reply|response|answer)\b",
    r"\b(?:appreciate|need|expect)\s+(?:hearing|to\s+hear)\s+back\b",
    r"\b(?:did|have)\s+you\s+(?:get|got|had|have)\s+(?:a|the)\s+chance\s+to\s+(?:read|see|look\s+at"
    r"|review|open|reply\s+to|respond\s+to|answer)\s+my\b",
    # "just bumping this again", "following up yet again"; "I'm writing again about my
    # request" is a plain second note
    r"\b(?:following\s+up|bumping\s+(?:this|it)|checking\s+in|circling\s+back|nudging\s+you)\s+"
    r"(?:\w+\s+)?(?:again|once\s+more|one\s+more\s+time)\b",
    # a reply asked for in the passive, a message that "went unread", an appeal to memory
    r"\b(?:reply|response|answer)\b[^.!?\n]{0,25}\b(?:would\s+be|is)\s+(?:much\s+|greatly\s+|really\s+)?"
    r"appreciated\b",
    r"\bwent\s+unread\b|\bunanswered\b",
    # a reply pressed for: "appreciate it if you could take the time to answer this time"
    r"\bappreciate\s+it\s+if\s+you\s+(?:could|would)\s+(?:\w+\s+){0,5}(?:answer|reply|respond"
    r"|get\s+back)\b",
    r"\b(?:answer|reply|respond|get\s+back)\w*\s+(?:to\s+me\s+)?(?:this\s+time|for\s+once)\b",
    # their word held against them: "you said you'd help, so I'm holding you to it"
    r"\bhold(?:ing)?\s+you\s+to\b|\byou\s+promised\b",
    r"\byou\s+(?:remember|know|recall)\s+(?:how|what)\s+(?:\w+\s+)?(?:hard|tough|difficult|it's"
    r"\s+like)\b",
    r"\b(?:writing|reaching\s+out)\s+(?:yet\s+|once\s+)?again\b(?!,?\s+(?:\w+ly,?\s+)?(?:about|regarding|on|in\s+case"
    r"|to\s+(?:ask|see|follow)|with)\b)",
    # a reply that should have come: "I'd hoped to hear back from you by now"
    r"\b(?:hear|heard|reply|replied|response|answer|answered|back|respond|responded)\b"
    r"[^.!?\n]{0,30}\bby\s+now\b",
    r"\b(?:written|wrote|emailed|messaged|reached\s+out|tried)\s+(?:you\s+)?(?:several|multiple"
    r"|many|a\s+few|three|two|a\s+couple\s+of|numerous)\s+times\b",
    r"\b(?:second|third|fourth|final)\s+(?:time|attempt|try|email|message|reminder)\b"
    r"(?!'s\s+the\s+charm|\s+is\s+the\s+charm|\s+lucky)",
    # counting one's own messages: "I've emailed you twice now", "this is my third note"
    r"\b(?:emailed|e-mailed|written|wrote|messaged|contacted|pinged|reached\s+out|tried|sent"
    r"|followed\s+up|asked)\s+(?:to\s+)?(?:you\s+)?(?:(?:this|that)\s+)?(?:now\s+)?(?:twice|thrice|three\s+times"
    r"|repeatedly|again\s+and\s+again|over\s+and\s+over)\b",
    r"\b(?:this|that)\s+is\s+(?:now\s+)?my\s+(?:second|third|fourth|fifth|\d+(?:nd|rd|th))\b",
    # asking whether the earlier message arrived: "did you get my email?", "did my note reach you?"
    r"\b(?:did|have)\s+you\s+(?:even\s+|ever\s+)?(?:get|got|gotten|receive[d]?|see|seen|read)\s+"
    r"(?:my|the)\s+(?:last\s+|previous\s+|earlier\s+|first\s+|other\s+)?(?:message|email|e-mail"
    r"|note|mail|letter|invitation|request|messages|emails|notes)\b",
    r"\b(?:did|has|have|are|is)\s+(?:my|the)\s+(?:last\s+|previous\s+|earlier\s+)?(?:message|email"
    r"|e-mail|note|messages|emails|notes)\b(?:\s+[^\s.!?;]+){0,8}?\s+(?:even\s+)?(?:reach|reached|reaching|get\s+to"
    r"|got\s+to|getting\s+(?:to|through)|arrive|arrived|arriving)\b",
    r"\bnot\s+sure\s+(?:if\s+|whether\s+|that\s+)?(?:my|the)\s+(?:\w+\s+)?(?:messages?|e-?mails?"
    r"|notes?)\s+(?:are|is|were|was|have\s+been|has\s+been)\s+(?:even\s+)?(?:reaching|getting"
    r"|arriving|going\s+through)\b",
    r"\bsurely\s+you\b",
    r"\bstill\s+(?:waiting|haven't|have\s+not)\b",
    # "I'm still hoping for an answer", "surprised not to have heard anything"
    r"\bstill\s+(?:hoping|waiting|keen|hoping\s+to\s+hear)\s+(?:for|on|to\s+hear|to\s+get)\s+(?:an?\s+)?"
    r"(?:answer|reply|response|word|news|back|from)\b",
    r"\b(?:not|never)\s+(?:to\s+)?(?:have\s+)?(?:heard|had\s+(?:a\s+)?(?:reply|response|answer))\b",
    r"\bwaiting\s+(?:on|for)\s+(?:your|a)\s+(?:reply|response|answer)\b",
    r"\bjust\s+(?:5|five|ten|10)\s+minutes\s+of\s+your\s+time\s+is\s+all\b",
    r"\bonly\s+(?:takes?|need)\b.{0,20}\bminutes\b",
    # ignored, not "feel free to ignore this", "you can ignore this"
    r"(?<!free\sto\s)(?<!fine\sto\s)(?<!ok\sto\s)(?<!okay\sto\s)(?<!can\s)(?<!may\s)(?<!just\s)"
    r"\bignor(?:e|ed|ing)\b",
    r"\bhaven't\s+responded\b|\bnot\s+responded\b|\bnever\s+responded\b",
)
_EASY_OUT = compile_patterns(
    r"\bno\s+(?:worries|pressure|problem|obligation|hard\s+feelings|stress)\b",
    r"\b(?:totally|completely|fully|entirely|perfectly)\s+(?:understand|fine|ok|okay)\b",
    r"\b(?:i\s+)?understand\s+if\b",
    r"\bif\s+(?:now|it|this|that|a\s+call|the\s+timing|things)\s+(?:\w+\s+){0,3}(?:isn't|is\s+not"
    r"|'s\s+not|aren't|hard|tough|difficult|busy|bad|not)\b",
    r"\bif\s+you(?:'re|\s+are)\s+(?:\w+\s+)?(?:busy|swamped|not|short|stretched|unable)\b",
    # a smaller alternative: "if a meeting is hard to fit in, two lines by e-mail would do"
    r"\bif\s+(?:a|an|the|any)\s+(?:\w+\s+){0,2}(?:is|are|'s|feels?|seems?)\s+(?:\w+\s+)?(?:hard"
    r"|tough|difficult|too\s+(?:much|long|big|busy)|impossible|awkward|tricky)\b",
    r"\bif\s+you\s+(?:can't|cannot|don't|do\s+not|would\s+rather|prefer|'d\s+rather)\b",
    r"\bif\s+you'd\s+(?:rather|prefer)\b",
    r"\bunderstand\s+(?:completely|totally|entirely|perfectly)\b",
    r"\bfeel\s+free\s+to\s+(?:ignore|say\s+no|decline|pass|skip)\b",
    r"\b(?:don't|do\s+not|never)\s+feel\s+(?:you\s+(?:have|need)\s+to|obliged|obligated|any\s+(?:pressure"
    r"|obligation)|bad)\b",
    r"\bif\s+the\s+timing\s+(?:is|isn't|'s)\b",
    r"\bonly\s+if\b",
    r"\bif\s+not\b",
    r"\b(?:by|over|via|in\s+an?)\s+e-?mail\s+instead\b|\binstead\b",
    r"\bhappy\s+to\s+(?:wait|send|keep\s+it|write|circle\s+back)\b",
    r"\b(?:another|later|better)\s+(?:time|month|date|moment)\b",
    r"\bif\s+(?:it's|it\s+is)\s+(?:easier|simpler)\b",
    r"\bwhenever\s+(?:suits|works|is\s+convenient)\b",
    r"\b(?:if|whenever)\s+(?:you're|you\s+are|you\s+feel)\s+comfortable\b",
    r"\bcomfortable\b",
    r"\bno\s+need\b",
)


#: Minutes said of a reply, not of a meeting: "five minutes to reply", "it would take you
#: two minutes to answer", "whenever you have a minute".
_REPLY_MINUTES = re.compile(
    r"\b(?:minutes?|mins?|seconds?|moment)\b(?:\s+(?:of\s+your\s+time|tops|at\s+most))?"
    r"\s+to\s+(?:\w+\s+)?(?:reply|respond|answer|write\s+back|get\s+back|read|open|type)\b"
    r"|\b(?:reply|replying|respond|responding|answer|answering|response)\b[^.!?\n]{0,30}"
    r"\b(?:minutes?|mins?|seconds?)\b"
    # a courtesy, not an ask: "whenever you have a minute"
    r"|\b(?:whenever|when|if|once)\s+you\s+(?:have|get|find|can\s+spare)\s+a\s+(?:spare\s+|free\s+)?"
    r"(?:minute|moment|second|sec)\b",
    re.IGNORECASE,
)


def _ask_named(m: Message) -> bool:
    """Whether the message says what was asked (minutes it would take to reply are not
    an ask)."""
    for sentence in m.sentences:
        spans = [(r.start(), r.end()) for r in _REPLY_MINUTES.finditer(sentence.text)]
        for pattern in _ASK_NAMED:
            for match in pattern.finditer(sentence.text):
                if not any(a <= match.start() < b for a, b in spans):
                    return True
    return False


def restates_ask(m: Message) -> list[Finding]:
    """``restates-ask``: a follow-up that does not say what was asked."""
    if _ask_named(m):
        return []
    return [
        finding(
            m,
            "restates-ask",
            'It does not say what you asked for; "just following up" leaves them to dig out '
            "your first message.",
            'Restate the ask in a few words, e.g. "a 20-minute call about your move into UX".',
        )
    ]


#: A reply from them, as lemmas: "hear back", "a response", "get back to me".
_REPLY = (
    r"(?:hear(?:ing)? (?:back|anything|something|a word|from you)|reply|response|answer|respond"
    r"|get back to i|word (?:back|from you)|acknowledgement|acknowledgment|peep)"
)
#: Pressure said in other words than _GUILT's, as lemma patterns (see base.lemma_text).
_PRESSURE = lemma_patterns(
    # the reply held as owed: "finally get an answer", "the courtesy of a reply", "the least
    # I could expect", "a reply would mean a lot", "I really need to hear from you"
    rf"\bfinally (?:\S+ ){{0,3}}{_REPLY}\b",
    r"\bcourtesy\b",
    # worn down, waiting, trying since: "not sure it's worth asking again", "holding off
    # until I hear", "trying to book a call with you since September", "week after week"
    r"\bworth (?:ask|write|try|follow|bother)\w*(?: you)? again\b|\bnot sure (?:if |whether )?"
    r"(?:it's|it be) worth\b",
    r"\bhold off (?:[\w'-]+ ){0,6}until i hear\b|\bbe try to (?:book|arrange|schedule|set up|find)"
    r" (?:[\w'-]+ ){0,8}with you (?:[\w'-]+ ){0,2}since\b|\bbe try to (?:reach|contact) you\b",
    r"\bstill here ,? still\b",
    # "still awaiting your kind response", "kindly revert at the earliest"
    rf"\b(?:still )?await (?:your )?(?:\S+ )?{_REPLY}\b",
    r"\brevert (?:back )?(?:to i )?(?:at the early|asap|at once|immediately)\b",
    # "not to be left hanging", "I've kept my evenings free in case you wrote back"
    r"\b(?:be )?(?:left|leave) hang(?:ing)?\b"
    r"|\bkeep (?:my|the) (?:\S+ ){0,2}free (?:\S+ ){0,4}in case you\b",
    # read receipts: "I can see my last two messages were opened"
    r"\bsee (?:that )?(?:my (?:\S+ ){0,3}(?:message|email|e-mail|note|mail)s? (?:be|have be)"
    r" (?:open|read|see)|you (?:have )?(?:open|read|see) my)\b",
    r"\b(?:call|chat|reply|answer|meeting|response|time) (?:[\w'-]+ ){0,8}(?:be )?(?:so|this|that)"
    r" hard to (?:get|pin down|book)\b"
    r"|\bplease (?:just )?make (?:the )?time\b",
    r"\bi know you(?:'ve| have) (?:\S+ )?(?:see|read|receive|get|open) my\b",
    r"\bfinally (?:get|be) (?:read|see|notice|open|answer)\b|\bfavour of (?:a )?(?:reply|answer"
    r"|response)\b|\bfavor of (?:a )?(?:reply|answer|response)\b",
    r"\bbe wait (?:a while|a long time|for week|for month|for age|patiently|week|month|since)\b",
    # the reply that should have come, the dark I'm left in: "it would have been nice to get
    # some kind of reply, even just a no", "I'm still in the dark", "but so am I"
    rf"\bwould have be (?:nice|good|great|kind|polite|courteous) (?:[\w'-]+ ){{0,6}}{_REPLY}\b"
    r"|\bin the dark\b|\bbut so (?:be|am|is|are) (?:i|everyone|everybody|we|all of us)\b",
    r"\bkeep (?:chase|chasing|pester|pestering|nag|nagging|hound|hounding|bother|bothering) you\b"
    r"|\b(?:just|simply) (?:tell|give|send) i (?:a )?(?:yes or no|an answer|a reply|a response)\b",
    rf"\b{_REPLY} (?:[\w'-]+ ){{0,6}}would be (?:kind|nice|polite|decent)\b",
    r"\bat (?:least|less) (?:let|tell|say|send|reply|answer|give|acknowledge)\b",
    # comparing: "you replied to my classmate within a day"
    r"\byou (?:\S+ )?(?:reply|answer|respond|get back|write back) to (?:my|other|others|everyone"
    r"|someone|him|he|her|them|they)\b",
    # waiting on them, left sitting: "while waiting to hear from you", "sitting there for a month"
    r"(?<!happy to )(?<!glad to )(?<!fine to )(?<!content to )(?<!willing to )(?<!can )"
    r"\bwait (?:\S+ ){0,2}to hear\b|\bwait on you\b|\binto the void\b",
    r"\b(?:sit|sat|languish) (?:[\w'-]+ ){0,3}for (?:over |more than |almost |nearly )?(?:a|an|one"
    r"|two|three|four|several|many|\d+) (?:week|month)s?\b",
    r"\bat (?:least|less) (?:a |an )?(?:quick |short |simple )?(?:no|reply|answer|response"
    r"|acknowledg\w*|word|line)\b|\bso much as\b",
    r"\bexpect (?:you (?:to|would|'d)|at (?:least|less)|a |an |some |your |to hear|to get)",
    # wondering, hurt, others have answered: "I'm starting to wonder if...", "a little hurt
    # that my note went nowhere", "everyone else I asked has already answered"
    r"\b(?:start|begin) to wonder\b|\b(?:note|message|email|e-mail|request|mail|letter)s?"
    r" (?:[\w'-]+ ){0,8}?(?:go|get|lead) nowhere\b",
    r"\b(?:surprise|disappoint|hurt|frustrate|sadden|upset|puzzle|bother)\w* (?:[\w'-]+ ){0,4}?"
    r"(?:not|never|nothing|no|\w+n't|my (?:note|message|email|e-mail|request|mail|letter)"
    r"|nowhere|keep|again)\b",
    r"\b(?:everyone|everybody|the others|other people|all the other) (?:else )?(?:[\w'-]+ ){0,10}?"
    r"(?:have )?(?:already )?(?:answer|reply|respond|get back|write back)\b",
    # counting the time since I asked: "it's now been six weeks since I first asked"
    r"\b(?:it's|it have|it) (?:now )?be (?:now )?(?:over |more than |almost |nearly )?(?:two|three"
    r"|four|five|six|seven|eight|nine|ten|several|many|\d+|a couple of) (?:week|month)s? since"
    r" (?:i|my)\b",
    # the days counted without "it's been": "three weeks and counting since I asked"
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|several|many|\d+|a couple of) (?:day"
    r"|week|month)s? (?:and count\w*|now|already)(?: ,)? since (?:i|my)\b|\band count(?:ing)?\b",
    r"\bthe (?:least|less) (?:i|you) (?:could|can|would|might) (?:expect|do|ask)\b",
    rf"\b{_REPLY}(?: \S+){{0,5}} by (?:now|this point|this stage|this time)\b",
    rf"\b{_REPLY} (?:[\w'-]+ ){{0,6}}would (?:really |truly )?mean (?:a lot|so much|the world)\b",
    r"\bneed (?:to (?:hear|get) (?:back )?from you|to hear back|(?:a|an|your|some) (?:\S+ )?"
    r"(?:reply|answer|response))\b",
    # waiting on it: "checking my inbox every day for your answer"
    r"\b(?:check|refresh|watch|stare at) (?:my |the )?(?:inbox|email|e-mail|mail|phone)\b",
    r"\b(?:wait|hope|look|check)\w* (?:\S+ ){0,5}for (?:your|a|an|any|some) (?:\S+ )?"
    r"(?:reply|answer|response)\b",
    r"\bnothing (?:back |yet |at all )?from you\b|\b(?<!my )(?<!own )silence\b|\bcricket\b",
    # the time it has taken, given as the reason: "since it's been over a month"
    r"\b(?:since|as|given) (?:it's|it have|it) be (?:over |more than |almost |nearly |about |now )?"
    r"(?:a|an|one|two|three|four|five|six|several|a few|\d+) (?:week|month|fortnight)\b",
    # sarcasm and minimising: "must be nice", "too busy for people starting out", "surely
    # five minutes isn't too much to ask", "it only takes a minute to reply"
    r"\bmust be nice\b",
    r"\btoo (?:busy|important|senior|big|grand) (?:for|to)\b",
    r"\bsurely\b",
    r"\b(?:too|that|so) much to ask\b|\bnot (?:much|a lot|a big ask) to ask\b|\ba lot to ask\b"
    r"|\ball i (?:be )?(?:ask|want)\b",
    r"\b(?:only|just) (?:take|need) (?:\S+ ){0,2}(?:minute|moment|second)\b",
    # holding them to it: "I'm counting on you", "don't leave me hanging", "urgently"
    r"\bcount on you\b|\bleave i (?:hang|hanging)\b|\b(?:asap|urgent|urgently)\b"
    r"|\bas soon as possible\b",
    # lost again, and again: "I'd hate for this to slip through the cracks again"
    r"\b(?:slip|fall|get lose|get bury|go unnoticed|get miss|be miss|be overlook|be ignore)"
    r"(?: [\w'-]+){0,4} again\b|\bhere i be again\b|\byet again\b",
    # did they even read it: "did you actually open my last email?"
    r"\b(?:do|have) you (?:\S+ ){0,5}(?:read|open|see|get|receive|look at|notice|catch)"
    r" (?:my|the) (?:\S+ ){0,2}(?:message|email|e-mail|note|mail|letter|request|invitation|invite"
    r"|dm|inmail)\b",
)
_DAY = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tonight|noon|eod"
    r"|cob|the end of|end of|close of|next week|the weekend|this week|then|\d)"
)
#: Pressure by what it does, not by its words: the reader's silence, the sender's
#: waiting and repeated attempts, a debt or a promise held over them, the ask made small
#: or the reader mocked, a deadline imposed on the reply, the sender's hurt as an appeal.
_PRESSURE_KINDS = lemma_patterns(
    # their silence: "you've gone quiet", "not a single line back", "yet nothing"
    r"\byou(?:'ve| have| be|'re)? (?:\S+ ){0,2}(?:go|gan|gone|fall|stay|be|remain) (?:\S+ ){0,2}"
    r"(?:quiet|silent|mum)\b",
    r"\bnot (?:even )?(?:a|one) (?:single )?(?:line|word|reply|response|answer|peep|squeak)\b"
    r"(?! (?:need|necessary|require))",
    r"\b(?:yet|still|but|and) (?:still )?(?:nothing|no (?:reply|answer|response|word))\b"
    r"(?! (?:else|would|could|beat|compare|need))",
    # repeated attempts: "I've now tried LinkedIn, email and your form", "sent quite a few
    # notes", "reminder number three", "another week, another follow-up", "asked ages ago"
    r"\b(?:i've|i have|already|now) (?:\S+ ){0,2}(?:try|reach out|contact|message|write|ping)\w*"
    r" (?:you )?(?:on |via |by |through |over )?(?:\S+ ){0,2}(?:linkedin|email|e-mail|phone"
    r"|twitter|slack|text|instagram|dm) ?(?:,|and|or) ",
    r"\b(?:send|write|leave|drop|fire off)\w* (?:you )?(?:quite |now )?(?:a few|several|many"
    r"|multiple|a number of|a couple of|two|three|four|five|a string of|a bunch of|countless"
    r"|so many|a lot of|lot of) (?:\S+ )?(?:note|message|email|e-mail|follow - up|follow-up"
    r"|reminder|dm|inmail)s?\b",
    r"\b(?:reminder|attempt|follow - up|follow-up|nudge|note|email|message) (?:number|no \.?"
    r"|#) ?\w+\b",
    r"\banother (?:week|day|month|monday|friday|fortnight) ,? another\b",
    r"\b(?:ask|write|wrote|email|message|send|sent|reach out|contact|ping)\w* (?:\S+ ){0,12}"
    r"(?:age|forever|so long|such a long time|a long time) ago\b",
    r"\bi(?:'ve| have) be (?:\S+ ){0,2}patient\b|\bpatience (?:be )?(?:run|wear)",
    # a debt or a promise held over them: "return the favour", "you did say you'd help",
    # "I thought you cared about helping people", "you of all people should know", "I'd
    # hoped you were someone who helps", "people in tech are supposed to pay it forward"
    r"\breturn the (?:favour|favor)\b|(?<!n't feel )(?<!not feel )(?<!never feel )(?<!n't think )"
    r"\byou owe\b(?! i nothing| nothing)",
    r"\byou (?:do|did) (?:say|promise|offer|tell i)\b",
    r"\bi (?:thought|assume|assumed|would have think|'d have think) (?:that )?(?:you|people|folk"
    r"|senior \S+|someone in your) (?:\S+ ){0,3}(?:care|help each other|pay it forward|give back"
    r"|be generous|be the type|be different|be better)\b",
    r"\bof all people\b|\byou (?:should|ought to|must) (?:\S+ )?(?:know|understand|remember"
    r"|realise|realize) (?:how|what|better|more than)\b|\byou (?:should|ought to) (?:\S+ )?"
    r"(?:reply|answer|respond|make time)\b",
    r"\bi(?:'d| had)? (?:\S+ )?(?:hope|thought|assume|believe|expect)\w* (?:that )?you"
    r" (?:be|'re|would be) (?:someone|somebody|the kind|the type|a person|one of those|different"
    r"|more)\b",
    r"\b(?:you|people|everyone|folk|mentor|alum\w*) (?:\S+ ){0,3}(?:be|were) (?:suppose|supposed)"
    r" to\b",
    # it was seen, and they are active elsewhere: "I know you saw my message", "LinkedIn
    # shows it as read", "you've posted three times since my message", "you clearly have
    # a spare moment"
    r"\bi know (?:that )?you(?:'ve| have)? (?:\S+ )?(?:see|saw|read|open|notice) (?:my|it\b)",
    r"\b(?:show|mark)\w* (?:it |my \S+ |them |they )?as (?:read|seen)\b|\bread receipt\b",
    r"\byou(?:'ve| have)? (?:\S+ ){0,2}(?:post|comment|share|tweet|publish|be active|be online)"
    r"\w* (?:\S+ ){0,6}since (?:my (?:\S+ )?(?:message|note|email|e-mail|request|dm|inmail)|i"
    r" (?:write|wrote|ask|email|message|reach out|send|sent))\b",
    r"\byou (?:clearly|obviously|evidently|apparently) (?:have|find|get|be) (?:\S+ ){0,2}(?:time"
    r"|moment|minute|spare|online|active|not|n't)\b",
    # the ask made small or the reader mocked: "literally twenty minutes", "would hardly
    # ruin your week", "isn't a big favour", "really that much trouble?", "I guess you're
    # too important", "would take you ten seconds", "it's only 15 minutes of your time",
    # "I'm sure you can squeeze it in", "I'm sure you wouldn't want to leave me hanging"
    r"\bliterally (?:just |only )?(?:a|an|one|two|three|five|ten|fifteen|twenty|thirty|\d+|a few)"
    r" (?:\S+ )?(?:minute|min|second|line|word|email|question|moment|reply)s?\b",
    r"\bhardly (?:a|an|too|that|much|ruin|take|hurt|cost|big|asking|demanding|a lot)\b",
    r"\b(?:isn't|be not|not|n't|hardly) (?:\S+ ){0,2}(?:a )?(?:big|huge|large|massive|major|great)"
    r" (?:favour|favor|ask|deal|request|imposition|effort)\b",
    r"(?<!not )(?<!n't )\b(?:really|that|so) (?:much )?(?:much trouble|much effort|much hassle"
    r"|much bother|much work|hard|difficult|much to)\b(?=[^.!]*\?)",
    r"\b(?:that|so|too) much (?:trouble|effort|hassle|bother)\b(?=[^.!]*\?)",
    r"\bi (?:guess|suppose) (?:\S+ ){0,3}(?:not|n't|too|nobody|no one|never|silence)\b"
    r"|\b(?:apparently|clearly|obviously|evidently) (?:you(?:'re|'ve| be| have| do)? )?(?:\S+ )?"
    r"(?:not|n't|don't|nobody|no one|too|never)\b",
    r"\btoo (?:busy|important|senior|big|grand|famous|successful)\b(?: \S+){0,3} (?:for|to)\b",
    r"\btake you (?:\S+ ){0,2}(?:second|a minute|one minute|a moment|no time)\b",
    r"\b(?:it's|it be|that's|that be|it would be|it'd be|it'll be|it will be|it take|it would"
    r" take) (?:only|just|merely|literally|barely) (?:\S+ ){0,2}(?:minute|min|second|moment)s?\b",
    r"\b(?:i'm|i be|i am) (?:sure|certain|confident) you (?:can|could|will|'ll) (?:\S+ )?(?:squeeze"
    r"|fit|find|spare|make|manage|carve|free)\b",
    r"\b(?:i'm|i be|i am) sure you (?:wouldn't|would not|don't|do not|won't|will not) want\b",
    r"\bleave (?:\S+ ){0,3}hang(?:ing)?\b",
    # a deadline or an urgency of mine: "I need this before then", "running out of time"
    r"\bneed (?:\S+ ){0,6}before (?:then|monday|tuesday|wednesday|thursday|friday|next|the end"
    r"|end of|my)\b|\btime - sensitive\b|\btime sensitive\b",
    r"\bplease (?:just )?(?:answer|reply|respond|get back|write back)\b"
    r"|\b(?:can|could|would|will) you (?:please )?just (?:answer|reply|respond|get back"
    r"|write back)\b",
    # what it costs me, as an appeal: "I'm getting discouraged", "I feel invisible", "I'm
    # running out of savings", "I've already kept every lunch hour free", "I was counting
    # on it", "made my week harder", "I'm a little hurt", "shouting into the wind"
    r"\b(?:i|i'm|i've|i'd|feel|feeling|it's|it be|this be) (?:\S+ ){0,4}(?:discourage|dishearten"
    r"|demoralise|demoralize|deflate|invisible|desperate|hopeless|gutted|heartbroken|crush"
    r"|let down|unheard|unseen|brush off|snub|sting|rude|disrespect|hurt|upset|frustrate"
    r"|disappoint|annoy|irritate)\w*\b(?! to (?:hear|miss|see you go))",
    r"\brun(?:ning)? out of (?:time|money|savings|saving|option|hope|road)\b",
    r"\bi(?:'ve| have) already (?:\S+ ){0,2}(?:keep|kept|clear|block|set aside|rearrange"
    r"|reschedule|cancel|turn down|take off)\b",
    r"\b(?:count|rely|bank)(?:ing)? on (?:you|the|this|that|our|your|it)\b",
    r"\b(?:make|made) (?:my|this|thing|things) (?:\S+ ){0,2}(?:hard|harder|worse|tough|tougher"
    r"|difficult)\b",
    r"\b(?:shout|scream|talk|speak|write) (?:\S+ ){0,2}into (?:the )?(?:wind|void|abyss|ether"
    r"|nothing|a wall)\b|\bto a (?:brick )?wall\b",
    r"\b(?:nobody|no one|no-one) (?:in \S+ (?:\S+ )?|here |ever |seem to |bother to |ever seem to"
    r" )?(?:reply|answer|respond|get back|write back|bother)\b",
    # others did it, so should they: "three other engineers have already made time"
    r"\b(?:other|others|everyone|everybody|most people) (?:\S+ ){0,6}(?:have )?(?:already )?"
    r"(?:make|made|find|found|take|took|give|gave) (?:the )?time\b|\byou(?:'ll| will| would|'d)"
    r" do the same\b",
    # my part done, theirs outstanding; following up relentlessly
    r"\bball (?:\S+ ){0,3}in your court\b|\b(?:do|done) (?:everything|all) i can (?:on|from) my"
    r" (?:end|side)\b",
    r"\bi(?:'ll| will) keep (?:on )?(?:follow|write|email|message|ping|nudge|chase|remind|bug)\w*"
    r"\b",
    # their time taken for granted: "just hit accept", "I'll call your office tomorrow",
    # "someone as successful as you must have 20 minutes", "I'd hate to think you're
    # avoiding me", "how long does it take to answer one email?"
    r"\bjust (?:hit|click|press|tap) accept\b|\bi(?:'ll| will) (?:call|ring|phone|drop by|stop by"
    r"|come by|visit) your (?:office|desk|phone|team|mobile)\b",
    r"\b(?:someone|somebody|a person|people) (?:as|so) (?:\S+ ){1,2}as you\b",
    r"\bavoid\w* i\b|\bhate to think\b|\btake (?:it|this|that) personally\b",
    r"\bhow (?:long|hard|difficult|much effort) (?:\S+ ){1,3}to (?:answer|reply|respond|write back"
    r"|send)\b",
    r"\ball i(?:'m| be| am)? (?:ask|want)\b|\bdo the same for i\b",
    # the stakes and the people watching: "my whole career change depends on this call",
    # "you're the only person who can help", "don't make me look bad", "I've told my mentor
    # I'd be speaking with you", "Dana will be disappointed", "it would be a real shame"
    r"\b(?:everything|so much|a lot|my (?:\S+ ){0,2}(?:career|future|plan|change|search|decision"
    r"|hunt|application|move|chance)) (?:\S+ ){0,2}(?:depend|ride|hinge|hang) on\b",
    r"\byou(?:'re| be| are) (?:\S+ )?(?:the only|my only|my last|my one) (?:\S+ )?(?:hope|chance"
    r"|option|lifeline|person who can|one who can|person that can|one that can)\b",
    r"\b(?:make|let) i look (?:bad|silly|foolish|stupid)\b|\bi've (?:already )?(?:tell|told)"
    r" (?:\S+ ){0,3}(?:that )?(?:i'd|i would|i'll|we'd|we'll) (?:be )?(?:speak|talk|meet|chat)",
    r"\b(?:will|would) be (?:\S+ )?(?:disappoint|upset|sad)\w*\b(?! to miss)",
    r"\b(?:would|'d) be (?:a )?(?:real |such a |a great |a big )?shame\b(?! to miss)",
    # persistence announced, a day given up: "I won't give up", "I gave up my Saturday"
    r"\b(?:won't|will not|not go to|never) give up(?: on (?:you|this|our|it))?\b(?! on)",
    r"\b(?:give|gave|given) up my (?:\S+ )?(?:saturday|sunday|weekend|evening|morning|lunch"
    r"|day|time|holiday)\b",
    # a seventh look: "you've found time to comment on other people's posts", "would it
    # kill you", "most mentors I've written to got back within a day", "I've rearranged
    # my whole week around you", "you leave me no choice", "people like me aren't worth
    # your time"
    r"\byou(?:'ve| have) (?:\S+ )?(?:find|found) (?:the )?time to (?:comment|post|like|share|tweet"
    r"|write|reply|answer|respond|attend|speak)\b",
    r"\bwould it kill you\b|\bkill you to\b",
    r"\b(?:most|other|others) (?:\S+ ){0,6}(?:get back|got back|reply|answer|respond|write back)"
    r"\w* (?:\S+ ){0,2}(?:within|already|straight away|the same day)\b",
    r"\bi(?:'ve| have) (?:already )?(?:\S+ )?(?:rearrange|reschedule|cancel|clear|block|turn down"
    r"|move) my (?:\S+ ){0,2}(?:week|day|diary|calendar|schedule|plan|afternoon|morning|evening"
    r"|weekend|shift)s?\b",
    r"\bleave i no (?:choice|option|alternative)\b|\bno choice but\b",
    r"(?:not|n't|never) (?:\S+ )?worth your (?:time|while|attention|reply)\b|\b(?:shall|should) i"
    r" take it\b",
    # an eighth look: "I trust a response will be forthcoming", "I'm being ghosted", "I'd
    # have thought a yes or no was the professional thing to do", "was it something I
    # said?", "to keep writing without any sign you've seen these", "a waste of time",
    # "really shouldn't be hard", "I expected better", "been asking since the autumn", "I
    # need you to get back to me"
    r"\bforthcoming\b|\btrust (?:that )?(?:a|an|your) (?:\S+ )?(?:reply|response|answer)\b",
    r"\b(?:be|get) ghost\b|\bghosting\b|\bghosted\b",
    r"\b(?:i'd|i would) have (?:think|thought|expect|assume|hope)\b|\bthe (?:professional|polite"
    r"|courteous|decent|respectful) thing\b",
    r"\bsomething i (?:say|said|do|did|write|wrote)\b(?=[^.!]*\?)",
    r"\bwithout (?:any |a )?(?:sign|word|reply|response|acknowledg\w*|answer)\b|\bkeep (?:write"
    r"|writing|email|emailing|message|messaging|chase|chasing) (?:\S+ )?(?:you|without"
    r"|into)\b",
    r"(?<!n't be )(?<!not be )(?<!never be )(?<!isn't )(?<!wasn't )(?<!won't )\ba waste of"
    r" (?:my |our )?time\b",
    r"\bshould(?:n't| not) (?:be (?:\S+ )?(?:hard|difficult|a problem|too much|a big)"
    r"|take (?:\S+ )?(?:long|more than|much))\b",
    r"\bexpect\w* (?:better|good|more) (?:from|of)\b",
    r"\b(?:be|have be|i've be|who's be) (?:ask|wait|chase)\w* (?:\S+ ){0,10}since\b",
    r"\bneed you to (?:get back|reply|answer|respond|confirm|let i know|write back)\b",
    # a ninth look: "I've turned down two other calls to keep Thursday open", "you're a
    # hard woman to reach", "stuck in some queue of yours", "not sure what more I can
    # do", "such a tiny thing to ask", "I've given you plenty of time"
    r"\bi(?:'ve| have) (?:already )?turn down\b|\bto keep (?:\S+ ){0,3}(?:open|free|clear) for"
    r" (?:you|our|the|your)\b",
    r"\byou(?:'re| be| are) (?:a |an )?(?:\S+ )?(?:hard|difficult|tough|impossible|tricky)"
    r" (?:\S+ )?to (?:reach|get hold of|pin down|get through to|track down|contact)\b",
    r"\b(?:stuck|stick) in (?:\S+ ){0,2}(?:queue|pile|backlog|limbo)\b",
    r"\bwhat (?:more|else) (?:i )?(?:can|could|should|do) (?:i )?(?:do|try|say)\b",
    r"\bsuch a (?:tiny|small|little|simple|easy|minor) (?:thing|favour|favor|request|ask)\b"
    r"|\b(?:tiny|small|little|simple|easy|minor) (?:thing|favour|favor|request|ask) to ask\b",
    r"\bgive you (?:plenty of|enough|a lot of|lots of|ample) time\b",
    # a tenth look: "this is getting a bit ridiculous", "how hard can it be?", "I'll go
    # through your assistant if I must", "my emails aren't a priority for you", "left on
    # read", "forgive my frustration", "doesn't seem like much", "I don't get it", "I'm
    # begging you", "the least a mentor can do", "people in your position forget where
    # they came from", "I've had to put my applications on hold while I wait"
    r"\b(?:getting|get|be) (?:a bit |a little |rather |quite |frankly |really )?(?:ridiculous"
    r"|absurd|tiresome|embarrassing)\b|\bnot one to complain\b",
    r"\bhow (?:hard|difficult) can it be\b|\bif i (?:must|have to)\b|\bgo (?:over|around|through)"
    r" your (?:head|assistant|boss|manager|pa)\b",
    r"(?:not|n't|never) (?:\S+ )?(?:a |your |much of a )?priority (?:for|to) you\b"
    r"|\b(?:left|leave) (?:i )?on"
    r" (?:read|seen)\b",
    r"\bmy (?:frustration|disappointment|impatience|annoyance)\b",
    r"\b(?:reply|answer|response|call|chat|minute|ask|request)\b(?: \S+){0,8} (?:not|n't) (?:seem"
    r"|look|sound) (?:like )?(?:much|a lot|too much|a big)\b",
    r"\bi (?:don't|do not|just don't) get it\b|\bbeg (?:you|of you)\b",
    r"\bthe (?:least|less) (?!i )(?:\S+ ){1,2}(?:could|can|would|might) (?:do|expect|ask|offer)\b",
    r"\bforget where (?:you|they|we) (?:come|came) from\b|\bpeople (?:in|at|like) your"
    r" (?:position|level|shoes)\b",
    r"\bon hold (?:\S+ ){0,3}(?:while|until) (?:i|we) (?:wait|hear)\b|\b(?:i've|i have)"
    r" (?:have|had) to (?:put|cancel|delay|postpone|turn down|stop)\b",
    # others were quicker: "your colleagues Sameer and Leela both got back to me within a
    # day", "two of your teammates have already replied", "my other contacts answered
    # straight away"
    rf"\b(?:colleague|teammate|coworker|co-worker|peer|other|others|everyone|everybody|both"
    rf"|all|\w+ and \w+)\b(?: [\w'-]+){{0,4}} (?:have |have already |already |all |both )?"
    rf"(?:get back|reply|answer|respond|write back|{_REPLY}|make time|find time|make the time)"
    r"\b(?: [\w'-]+){0,4} (?:within|in (?:a|an|one|two|under|less than) (?:day|hour|minute)"
    r"|straight away|right away|immediately|the same (?:day|morning|afternoon|week)|promptly"
    r"|quickly|in no time|overnight)\b"
    r"|\b(?:colleague|teammate|coworker|co-worker|peer|other contact|others)s? (?:[\w'-]+ ){0,5}"
    r"(?:have |have all |have both )?already (?:get back|reply|answer|respond|write back)\b",
)
#: The message said with certainty to be buried or ignored (not "in case my note got
#: buried"): "I'm sure my first email is at the very bottom of a tall pile", "no doubt my
#: note went straight to the bin".
_CERTAIN_BURIED = lemma_patterns(
    r"\b(?:i'm (?:sure|certain|convinced)|i be (?:sure|certain|convinced)|i am (?:sure|certain"
    r"|convinced)|no doubt|i bet|doubtless|clearly|obviously|evidently) (?:that )?(?:my|the)"
    r" (?:\S+ )?(?:email|e-mail|message|note|mail|request|letter|dm|inmail)s? (?:\S+ ){0,9}"
    r"(?:bottom|rot|gather dust|bury|buried|lose|lost|pile|heap|stack|bin|trash|spam|junk"
    r"|ignore|forget|forgotten|graveyard|abyss|void|black hole|sink)\b",
)
#: Pressure that a condition does not soften: an ultimatum ("unless I hear from you by
#: Thursday, I'll assume you're not interested"), a threat ("if we can't fit it in, I'll
#: have to tell our alumni group you weren't available"), a meeting imposed ("unless you
#: tell me otherwise, I'll expect you there").
_ULTIMATUM = lemma_patterns(
    rf"\b(?:get back to i|reply|respond|answer|hear back|hear from you|let i know|write back"
    rf"|an answer|a reply|a response|word) (?:\S+ ){{0,6}}(?:by|before) {_DAY}",
    r"\bi(?:'ll| will) (?:just |have to )?(?:assume|take it|take that|conclude|gather) (?:that )?"
    r"you(?:'re| be| are| do|'ve| have| don't| aren't| can't| won't| weren't)? (?:\S+ )?(?:not"
    r"|n't|unwilling|uninterested|too|never)\b",
    r"\bi(?:'ll| will)(?: have to)? (?:tell|let|inform|mention to|report to) (?:\S+ ){0,4}"
    r"(?:that )?you (?:be|were|weren't|wasn't|didn't|did not|couldn't|can't|won't|be not|never)\b",
    # a meeting taken as agreed: "since you haven't said no, I'll assume the call is on"
    r"\bi(?:'ll| will) (?:just )?(?:assume|take it) (?:that )?(?:the|our|we|it|this) (?:\S+ ){0,8}"
    r"(?:be )?(?:on|confirmed|go ahead|happening)\b|\b(?:since|as) you (?:haven't|have not"
    r"|didn't|did not) (?:say|said|reply|replied|object|decline)\b",
    r"\bi(?:'ll| will) (?:\S+ )?expect you\b|\bunless you tell i otherwise\b|\bput (?:us|you)"
    r" down for\b",
    # going over their head: "I'll take it up with your manager instead", "I'll have to
    # write to your director", "I'll escalate this"
    r"\bi(?:'ll| will|'d| would| be go to| be going to| have to| may have to| might have to)"
    r"(?: (?:just|then|simply|have to|need to|be force to|be forced to|go ahead and))?"
    r" (?:take (?:it|this|that|the matter|my request|my question) up with|go (?:straight |directly"
    r" )?to|escalate (?:it |this |that )?to|raise (?:it|this|that) with|complain to|contact"
    r"|reach out to|write to|email|e-mail|message|speak (?:to|with)|talk (?:to|with)|call|ring"
    r"|ask|let|tell|approach|go through) your (?:\S+ )?(?:manager|boss|supervisor|director"
    r"|superior|line manager|head of|ceo|hr|human resource|department head|higher-up|higher up"
    r"|management|senior leadership)\b"
    r"|\bover your head\b|\bi(?:'ll| will|'d| would| have to) (?:\S+ )?escalate\b"
    r"|\b(?:i'm|i be|i am) (?:\S+ )?(?:writing|emailing|e-mailing|messaging|contacting|calling"
    r"|ringing|going|escalating|complaining|taking (?:it|this|that) up|reaching out) (?:to |with"
    r" |over )?your (?:\S+ )?(?:manager|boss|supervisor|director|superior|head of|ceo|hr"
    r"|management)\b",
    r"\bneed (?:this|the|that|our|a|your|it) (?:\S+ ){0,8}(?:to happen|this week|today|tomorrow"
    r"|asap|right away|now)\b",
)
_PRESSURE = (*_PRESSURE, *_PRESSURE_KINDS, *_CERTAIN_BURIED)


#: A negated reply ("not to hear back", "no response") that is an easy out, not a
#: reproach: "no reply needed", "no need to reply", "if I don't hear back".
_LIFTED = frozenset(
    {"need", "feel", "obliged", "obligated", "pressure", "rush", "hurry", "worry",
     "must", "expect", "necessary"}
)  # fmt: skip
_CONDITION = frozenset({"if", "unless", "whether", "case", "when", "whenever", "until"})
_NO_REPLY = lemma_patterns(rf"\b{_REPLY}\b")


def _no_reply(m: Message) -> tuple[int, int] | None:
    """A reply said to be missing: "I keep getting no response", "I was surprised not to
    hear back", "without a word from you"; not "no reply needed", "if I don't hear back",
    "I didn't reply"."""
    for sentence in m.sentences:
        tokens = sentence.tokens
        for start, end, first, last in lemma_matches(sentence, _NO_REPLY):
            if not negated(sentence, start):
                continue
            clause: list[Token] = []
            for token in reversed(tokens[:first]):
                if token.lower in {",", ";", ":", "—", "–", "but", "so", "because", "though"}:
                    break
                clause.insert(0, token)
            lemmas = {t.lemma for t in clause} | {t.lower for t in clause}
            if lemmas & _CONDITION or lemmas & _LIFTED:
                continue
            if any(a.lemma == "have" and b.lower == "to" for a, b in pairwise(clause)):
                continue  # "you don't have to reply"
            if lemmas & {"please", "trouble", "bother", "worry", "feel", "obliged"}:
                continue  # "please do not trouble yourself to reply": an easy out
            after = tokens[last + 1].lemma if last + 1 < len(tokens) else ""
            if after in {"need", "necessary", "require", "expect", "needed", "required"}:
                continue
            negator = max((i for i, t in enumerate(clause) if is_negator(t)), default=0)
            mine = negator > 0 and clause[negator - 1].lower in {"i", "i've", "i'd", "i'll"}
            if mine and tokens[first].lemma in {"reply", "respond", "answer"}:
                continue  # "I didn't reply": the sender's own silence
            return start, end
    return None


def _pressure(m: Message) -> tuple[int, int] | None:
    """The first pressure of _PRESSURE outside a condition ("if you're too busy for a
    call" is an easy out, "if it's not too much to ask" a courtesy)."""
    for sentence in m.sentences:
        for start, end, first, _last in lemma_matches(sentence, _PRESSURE):
            before = [t.lower for t in sentence.tokens[:first]]
            clause = before[max((i for i, w in enumerate(before) if w in {",", ";", ":"}),
                                default=-1) + 1 :]  # fmt: skip
            if {"if", "unless", "whether", "case"} & set(clause):
                continue
            if {"sorry", "apologies"} & set(clause) or re.search(
                r"\bi (?:know|realise|realize) (?:that )?(?:it|it's|i|i've|i'm|i'd|this|my)\b",
                " ".join(clause + [t.lower for t in sentence.tokens[first : first + 2]]),
            ):
                continue  # "I know it's been a few weeks since my note": owning it
            if sentence.tokens[first].lemma in {"expect", "urgent", "rush", "hurry"} and negated(
                sentence, start
            ):
                continue  # "I don't expect a reply", "it is not urgent", "no rush"
            return start, end
    return None


def _owned_or_excused(m: Message, at: tuple[int, int], silence: bool) -> bool:
    """Whether the words at ``at`` are owned ("sorry for the second email", "I know it's
    been a while"; not "I know you must be busy, but") or, for a reply said to be
    missing, excused in the same sentence ("I haven't heard back, which I take to mean
    you're busy, so no pressure at all")."""
    for sentence in m.sentences:
        if not sentence.start <= at[0] < sentence.end:
            continue
        before = sentence.text[: at[0] - sentence.start].lower()
        clause = re.split(r"[,;:]", before)[-1]
        rest = sentence.text[at[0] - sentence.start :].lower()
        if re.search(r"\b(?:sorry|apolog\w*)\b", clause) or re.search(
            r"\bi\s+(?:know|realise|realize)\s+(?:that\s+)?(?:it|it's|i|i've|i'm|i'd|this|my)\b",
            clause + rest[: at[1] - at[0]],
        ):
            return True
        after = sentence.text[at[1] - sentence.start :]
        return silence and any(p.search(after) for p in _EASY_OUT)
    return False


def _ultimatum(m: Message) -> tuple[int, int] | None:
    """The first ultimatum, deadline or threat, in a condition or not."""
    for sentence in m.sentences:
        polite = "?" in sentence.text and re.search(
            r"(?:^|[,:]\s*)(?:could|would|can|might)\s+you\b", sentence.text, re.IGNORECASE
        )
        for start, end, _first, _last in lemma_matches(sentence, _ULTIMATUM):
            if negated(sentence, start):
                continue
            if polite and re.search(r"\b(?:by|before)\b", m.text[start:end]):
                continue  # "could you let me know by Friday which day suits?": a question
            return start, end
    return None


def guilt(m: Message) -> list[Finding]:
    """``guilt``: guilt or pressure ("I haven't heard back", "as I said", "a reply would
    mean a lot", "I keep getting no response", "surely five minutes...", "you of all
    people should know", "unless I hear from you by Thursday")."""
    found = [
        at
        for at, silence in (
            (first_match(m, _GUILT), True),
            (_no_reply(m), True),
            (_pressure(m), False),
            (_ultimatum(m), False),
        )
        if at is not None and not _owned_or_excused(m, at, silence)
    ]
    if not found:
        return []
    at = min(found)
    return [
        finding(
            m,
            "guilt",
            f'It puts pressure on them ("{m.text[at[0] : at[1]].strip()}"); a nudge that '
            "sounds like a reproach is easy to ignore.",
            'Keep it light: "In case my note got buried..." and restate the ask.',
            at=at,
        )
    ]


def easy_out(m: Message) -> list[Finding]:
    """``easy-out``: no easy way to say no, or a smaller alternative."""
    return presence(
        m,
        "easy-out",
        _EASY_OUT,
        "It gives them no easy way to say no or to help in a smaller way.",
        'Add an easy out, e.g. "No worries if now isn\'t a good time" or "if a call is hard '
        'to fit in, I could send two questions by e-mail."',
    )


# --------------------------------------------------------------------- confirm

#: A clock time the date reader may not take as one ("12.30", "half past five").
_CLOCK = re.compile(
    r"\b(?:\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)|\d{1,2}[:.h]\d{2}|noon|midday"
    r"|(?:half|quarter)\s+(?:past|to)\s+\w+|\w+\s+o'clock"
    # an hour in words: "at ten", "at eleven thirty" (not "at one point")
    r"|(?:at|around|from|by)\s+(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven"
    r"|twelve)\b(?!\s+(?:of|point|time|stage|another|end|side|place|more|or\s+two|day|week"
    r"|month|year|minute|hour|person|people|thing)s?\b))",
    re.I,
)


def confirms_time(m: Message) -> list[Finding]:
    """``confirms-time``: the day and the time of the meeting are not both restated."""
    found = find_times(m.text, now=m.now, zone=m.zone)
    # not a train's arrival, a class until two or the old time of a meeting that moved
    clock = any(
        f.clock is not None and not other_time(m.text, f.start, any_until=True) for f in found
    ) or any(not other_time(m.text, c.start(), any_until=True) for c in _CLOCK.finditer(m.text))
    if any(f.day is not None for f in found) and clock:
        return []  # "tomorrow at 3pm", or "tomorrow! ... 12:30pm at the café"
    return [
        finding(
            m,
            "confirms-time",
            "It does not restate the day and the time of the meeting, so a mix-up goes unnoticed.",
            'Restate both, with the zone: "Confirming tomorrow, Tuesday Dec 1, at 12:30 ET."',
        )
    ]


# ---------------------------------------------------------- introduction request

_NOT_NAMES_WORDS = (
    "I I'm I'd I'll I've A An The This That These Those It Its If In On At For From To "
    "With Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mon Tue Wed Thu Fri "
    "Sat Sun January February March April May June July August September October November "
    "December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec LinkedIn Zoom Slack "
    "English Python Thanks Thank Hi Hello Dear Hey Best Cheers Regards P.S PS No Would "
    "Could Can Do Does Is Are We You Your My Our Their His Her She He They Just Also And "
    "But Or So Happy Here Hope Any Anyone Someone Would Let Please Since Because As When "
    "What Why How Who Totally Only Either Both Sure Of Not Also "
)
_NOT_NAMES = frozenset(_NOT_NAMES_WORDS.split())
_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zß-öø-ÿ"
#: A run of capitalised words ("Grace Kim", "Data Platform", "María José Pérez").
#: A capitalised name, with the prefixes of "O'Brien", "D'Souza", "McNeil", "MacKay".
_CAP_WORD = rf"(?:O'|D'|Mc|Mac)?[{_UPPER}][{_LOWER}]+(?:[-'][{_UPPER}][{_LOWER}]+)?"
_CAP_RUN = re.compile(rf"(?<![\w']){_CAP_WORD}(?:\s+{_CAP_WORD})*\b")
_NAME_BEFORE = re.compile(
    r"\b(?:at|from|in|for|on|of|about|like|using|into|the|your|our|their|a|an|any|some|or"
    r"|and)\s+$",
    re.I,
)


#: After a name, what only a person does: "Fiona Marsh, who leads...", "Sipho, whose
#: team...", "Dana Ruiz leads the data team".
_PERSON_AFTER = re.compile(
    r"\s*,?\s*(?:who|whose)\b|\s+(?:(?:also|now|still|once|just)\s+)?(?:leads|led|runs|ran|moved"
    r"|switched|manages|managed|heads|headed|mentors|mentored|transitioned|retrained)\b"
)
#: Before a name, words that make it a person's: "someone like Dana Reyes", "a recruiter
#: named Tom".
_PERSON_BEFORE = re.compile(
    r"\b(?:(?:someone|somebody|anyone|people|a\s+person|colleagues?|friends?|folks|ones?)\s+"
    r"(?:like|such\s+as)|named|called)\s+$",
    re.I,
)
#: Before a name, the words of a place or an organisation: "at", "from", "in".
_PLACE_BEFORE = re.compile(r"\b(?:at|from|in|on|into|using|the|a|an|any|some)\s+$", re.I)
#: The last word of an organisation's name: "Kestrel Analytics", "Maple Health".
_ORG_WORDS_TEXT = (
    "analytics health logistics bank group inc ltd llc plc trust university college labs lab"
    " systems studio studios council agency partners consulting foundation institute school"
    " hospital clinic press media capital ventures technologies tech solutions services"
    " company co corp corporation association network society club team"
)
_ORG_WORDS = frozenset(_ORG_WORDS_TEXT.split())


def named_person(m: Message) -> tuple[int, int] | None:
    """The body range of a person's name the message gives (a capitalised word that is
    not the first of a sentence, a day, a month, the recipient or their company, nor a
    place or company after "at", "from"...)."""
    theirs = their_words(m)
    greeting = greeting_end(m.text)
    for sentence in m.sentences:
        for match in _CAP_RUN.finditer(sentence.text):
            words = [w for w in match.group(0).split() if w not in _NOT_NAMES]
            if match.start() == 0 or sentence.start + match.start() < greeting:
                continue  # the first word of a sentence, "Hi Ada,"
            if not words or all(w.lower() in theirs for w in words):
                continue
            before = sentence.text[: match.start()]
            if re.search(r"\b(?:Dr|Mr|Mrs|Ms|Mx|Prof|Professor)\.?\s+$", before):
                return sentence.start + match.start(), sentence.start + match.end()
            after = sentence.text[match.end() :]
            # "at Google", "the Data Platform team", a quoted note's first word; but a person
            # said to be one: "about Fiona Marsh, who leads...", "one name you dropped: Sipho
            # Dlamini, who moved..."
            skipped = _NAME_BEFORE.search(before) or re.search(r"[.!?:]\s*[\"']?\s*$|^\W*$", before)
            if skipped and (
                _PLACE_BEFORE.search(before)
                or not (_PERSON_AFTER.match(after) or _PERSON_BEFORE.search(before))
                or words[-1].lower() in _ORG_WORDS
            ):
                continue
            at = sentence.start + match.start()
            return at, sentence.start + match.end()
    return None


def names_person(m: Message) -> list[Finding]:
    """``names-person``: it does not name who you want to meet."""
    if named_person(m) is not None:
        return []
    return [
        finding(
            m,
            "names-person",
            'It does not name the person you want to meet; "anyone at your company" '
            "leaves them to do the work.",
            'Name one person: "Could you introduce me to Grace Kim on your data team?"',
        )
    ]


_WHY_PERSON = compile_patterns(
    # what only they could do for the sender: "the best person to explain how...", "I'm
    # hoping she can tell me...", "I'd like to get my application in front of them"
    r"\b(?:best|right|ideal|perfect|obvious)\s+(?:person|people|one)\s+to\b",
    r"\b(?:hoping|hope|so\s+(?:that\s+)?)\s*(?:she|he|they)\s+(?:might|can|could|will|would)\b",
    r"\bi(?:'d|\s+would)\s+(?:like|love|hope)\s+to\s+(?:[\w'-]+\s+){0,6}(?:them|him|her)\b",
    r"\b(?:explain|show|tell|walk)\w*\s+(?:me\s+|you\s+)?(?:\w+\s+)?(?:how|why|what|whether)\b",
    r"\b(?:her|his|their)\s+(?:[\w'-]+\s+){0,3}(?:work|team|talk|path|career|move|switch"
    r"|transition|experience|role|post|article|research|project|book|podcast|approach|story"
    r"|background|expertise|focus|time|years?|field)\b",
    r"\b(?:she|he|they)\s+(?:[\w'-]+\s+){0,2}(?:built|wrote|leads?|led|runs?|ran|moved"
    r"|switched|made|spoke|works?|worked|manages?|managed|went|joined|started|founded|knows"
    r"|is|was|has|had|did|does|transitioned|designs?|designed|teaches|taught|mentors?"
    r"|hires|handles)\b",
    r"\bbecause\b|\bsince\s+(?:she|he|they|i)\b|\bas\s+(?:she|he|they|i)\b",
    r"\b(?:hear|learn|ask|understand|know)\s+(?:\w+\s+){0,2}(?:about|how|why|what|whether)\b",
    r"\b(?:curious|wondering|interested)\s+(?:about|in|how|whether|to)\b",
    r"\bquestions?\s+(?:about|on|for)\b",
    # a purpose: "so I can...", "so she could..."
    r"\bso\s+(?:that\s+)?(?:I|she|he|they|we)\s+(?:can|could|might)\b",
    # a topic for the talk: "willing to talk about construction tech"
    r"\b(?:talk|talking|chat|chatting|speak|speaking)\s+(?:\w+\s+){0,2}(?:about|on)\s+(?!it\b|this"
    r"\b|that\b|things\b|anything\b|everything\b)\w",
    r"\b(?:who|that)\s+(?:\w+\s+){0,2}(?:leads?|led|runs?|ran|built|works|worked|moved"
    r"|switched|manages?|wrote|made|went|joined|started|spent)\b",
)
_FORWARDABLE = compile_patterns(
    r"\b(?:short|brief|quick|little)\s+(?:\w+\s+)?(?:note|blurb|paragraph|intro|bio|summary"
    r"|message|version|description)\b",
    r"\b(?:forward|pass\s+(?:on|along)|paste|copy)\b",
    r"\b(?:happy|glad)\s+to\s+(?:write|send|draft|put\s+together)\b",
    r"\b(?:below|here's|here\s+is)\b.{0,40}\b(?:note|blurb|paragraph|intro|bio|summary"
    r"|about\s+me)\b",
    r"\bforwardable\b",
)


def why_them(m: Message) -> list[Finding]:
    """``why-them``: no reason for wanting to talk to that person."""
    return presence(
        m,
        "why-them",
        _WHY_PERSON,
        "It does not say why you want to talk to that person.",
        'Give one reason: "her move from QA into product is the path I\'m weighing."',
    )


def forwardable(m: Message) -> list[Finding]:
    """``forwardable``: no short note about you they could forward as is."""
    return presence(
        m,
        "forwardable",
        _FORWARDABLE,
        "It gives them nothing to forward, so the introduction is work for them.",
        "Add a short note about you they can pass on as is, or offer to write one.",
    )


# ----------------------------------------------------------------- report-back

#: Past forms that are not an action taken ("I wanted to say", "it was great").
_NOT_DONE = frozenset(
    [
        # a feeling, not an action: "I'm really motivated now"
        "motivated",
        "inspired",
        "excited",
        "interested",
        "encouraged",
        "determined",
        "energised",
        "energized",
        "reassured",
        "relieved",
        "thrilled",
        "delighted",
        "pleased",
        "surprised",
        "amazed",
        "touched",
        "impressed",
        "overwhelmed",
        "stuck",
        "tired",
        "busy",
        "focused",
        # keeping it for later is not doing it
        "bookmarked",
        "saved",
        "noted",
        "shortlisted",
        "wishlisted",
        "want",
        "wanted",
        "hope",
        "hoped",
        "think",
        "thought",
        "feel",
        "felt",
        "love",
        "loved",
        "enjoy",
        "enjoyed",
        "appreciate",
        "appreciated",
        "wonder",
        "wondered",
        "mean",
        "meant",
        "was",
        "were",
        "be",
        "been",
        "had",
        "have",
        "did",
        "seemed",
        "seem",
        "liked",
        "like",
        "learned",
        "learnt",
        "needed",
        "realised",
        "realized",
        "knew",
        "found-out",
        "stayed",
        "kept",
        "suggested",
        "recommended",
        "mentioned",
        "said",
        "told",
        "advised",
    ]
)
_IRREGULAR_PAST = frozenset(
    [
        "met",
        "took",
        "wrote",
        "rewrote",
        "built",
        "rebuilt",
        "spoke",
        "sent",
        "began",
        "got",
        "went",
        "made",
        "found",
        "gave",
        "heard",
        "ran",
        "sat",
        "led",
        "read",
        "put",
        "set",
        "cut",
        "sold",
        "won",
        "paid",
        "brought",
        "bought",
        "caught",
        "chose",
        "drove",
        "flew",
        "held",
        "left",
        "lost",
        "shut",
        "taught",
        "threw",
        "understood",
        "undertook",
        "upheld",
        "withdrew",
        "redid",
        "overhauled",
        "dropped",
        "swapped",
        "started",
    ]
)
#: Words that tie the report to their advice or introduction.
_THEIR_ADVICE = compile_patterns(
    r"\byour\s+(?:[\w-]+\s+)?(?:advice|suggestion|tip|idea|nudge|recommendation|push|point"
    r"|intro|introduction|feedback|pointer|encouragement|input|help|guidance|steer|lead|example"
    r"|story|approach|method|template|checklist|framework|playbook|lesson|words|rule|trick"
    r"|reminder|warning)s?\b",
    r"\byou\s+(?:had\s+)?(?:suggested|recommended|mentioned|said|pointed|advised|proposed"
    r"|introduced|connected|told|encouraged|flagged|put\s+me)\b",
    r"\b(?:the\s+way|as|like)\s+you\b",
    r"\bintroduc\w+|\bthanks\s+to\s+you\b|\byour\s+way\b",
    # "for connecting me with Jun", "for putting us in touch"
    r"\bconnect(?:ing|ed)\s+(?:me|us)\s+(?:with|to)\b|\bput(?:ting)?\s+(?:me|us)\s+in\s+touch\b",
    r"\b(?:since|after)\s+(?:we\s+(?:spoke|talked|met)|our\s+(?:chat|call|conversation"
    r"|coffee))\b.{0,80}\b(?:i|I've)\b",
)


#: The meeting itself and the words said of it: thanks for these tie nothing to advice.
_MEETING = (
    r"(?:chat|call|coffee|conversation|time|meeting|talk|lunch|catch|catch-up|zoom|video|phone"
    r"|meet|chatting|talking|speaking|other|day|week|month|year|opportunity|chance|kind"
    r"|lovely|great|nice|good|wonderful|generous|helpful|insightful|quick|brief|long|short"
    r"|warm|inspiring|valuable|in|on|at|with|last|yesterday|and|you|i|it|this|that)"
)
#: Verbs of giving advice or a lead, as lemmas: "you told me about", "thank you for
#: pointing me to", "the course you recommended".
_ADVISE = (
    r"(?:tell|recommend|suggest|point|introduce|mention|share|send|connect|put|advise|propose"
    r"|encourage|flag|nudge|push|steer|direct|refer|show|link|give|walk|name|list|help|warn"
    r"|teach|explain|describe|offer"
    # work they did on mine: "the portfolio you critiqued", "the answers you drilled me on"
    r"|critique|review|look over|read over|proofread|edit|mark up|comment on|coach|mentor|drill"
    r"|quiz|prep|rehearse|draft|sketch)"
)
_THEIR_ADVICE_LEMMAS = lemma_patterns(
    # thanked for an act of advice: "thanks for telling me about", "grateful for pointing me to"
    rf"\b(?:thank|thanks|grateful|appreciate|gratitude)\b(?: \S+){{0,6}} for {_ADVISE}\b",
    # "you (had / have) recommended", "you once told me"
    rf"\byou (?:have |had |once |kindly |\S+ly )?{_ADVISE}\b",
    # thanked for their tip, lead or introduction: "thanks again for the tip about..."
    # thanked for something they gave ("the tip about...", "the reading list"), not for
    # the meeting itself ("thanks for the coffee in October")
    r"\b(?:thank|thanks|grateful|appreciate)\b(?: \S+){0,4} for (?:the|that|those|these|your"
    rf"|all the) (?:(?!{_MEETING}\b)[a-z-]+ ){{0,2}}(?!{_MEETING}\b)[a-z]+\b"
    rf"(?! (?:{_MEETING})\b)",
    # "you were right about the portfolio"
    r"\byou be (?:so |completely |totally |absolutely )?right\b",
    # the conversation as the starting point: "following our call", "since we spoke"
    r"\b(?:after|since|follow|following|per)(?: up)?(?: on)? (?:our|we|my) (?:\S+ ){0,2}"
    r"(?:chat|call|conversation|coffee|talk|meeting|meet|lunch|speak|discussion|catch-up)\b",
    # what they worked through together: "the answers we worked on"
    r"\bwe (?:discuss|work on|talk about|go over|go through|cover|come up with|sketch"
    r"|plan|map out|practise|practice)\b",
)


def _refers_to_advice(m: Message) -> bool:
    """Whether the message ties itself to the contact's advice, lead or introduction."""
    if any(p.search(m.text) for p in _THEIR_ADVICE):
        return True
    return any(
        not negated(s, start)
        for s in m.sentences
        for start, *_ in lemma_matches(s, _THEIR_ADVICE_LEMMAS)
    )


#: Kept for later by me, but a result when done to me: "I was shortlisted".
_KEPT = frozenset({"bookmarked", "saved", "noted", "shortlisted", "wishlisted"})
_PASSIVE = frozenset({"was", "were", "been", "got", "get", "be", "being", "am", "is", "i'm"})


def _done(token_lower: str, token_lemma: str, before: str = "") -> bool:
    """Whether the word is a verb in the past: an action taken."""
    if token_lower in _KEPT and before in _PASSIVE:
        return True
    if token_lower in _NOT_DONE or token_lemma in _NOT_DONE:
        return False
    if token_lower in _IRREGULAR_PAST:
        return True
    return token_lower.endswith("ed") and token_lower != token_lemma


#: Subjects that are not the sender: the advice or the conversation did it.
_NOT_ME = frozenset(
    {"it", "it's", "that", "that's", "this", "which", "advice", "words", "conversation", "chat",
     "call", "talk", "suggestion", "suggestions", "tips", "tip", "encouragement", "insight",
     "insights", "story", "you", "u", "you've", "they"}
)  # fmt: skip
_FILLERS = frozenset({"has", "have", "had", "already", "so", "just", "truly", "also", "both"})


def _advice_did_it(before: list[Token]) -> bool:
    """Whether the subject just before a past verb is the advice, not the sender."""
    for token in reversed(before):
        if token.lower in _FILLERS or token.lower.endswith("ly"):
            continue
        return token.lower in _NOT_ME
    return False


#: Words before a past participle that make it a state or a thing, not an action:
#: "getting licensed", "feel more settled", "so inspired", "the revised CV".
_STATE_BEFORE = frozenset(
    {"get", "gets", "getting", "being", "feel", "feels", "feeling", "become", "becoming",
     "stay", "staying", "seem", "seems", "look", "looks", "remain", "remains", "more", "less",
     "very", "so", "too", "quite", "rather", "fairly", "bit", "most", "much", "well",
     "better", "worse",
     # a participle as an adjective: "the tip about structured interviews", "my revised CV"
     "the", "a", "an", "my", "your", "our", "their", "his", "her", "these", "those", "about",
     "of", "for", "in", "on", "with", "from", "into", "newly", "recently"}
)  # fmt: skip
#: A clause that has not happened: "once I've done them", "I'll write when I've heard".
_NOT_YET = re.compile(
    r"\b(?:once|when|whenever|after|until|till|if|before|unless|as\s+soon\s+as)\s+(?:(?:i|we)"
    r"(?:'ve|\s+have)\s+(?:\w+\s+){0,2})?$"
    r"|\b(?:i'll|i\s+will|i\s+would|i'm\s+going\s+to|i\s+plan\s+to|i\s+hope\s+to"
    r"|i\s+intend\s+to|i\s+want\s+to)\b"
    # ...to the end of its clause: "I'll keep you posted but I've already sent it" is done
    r"(?:(?!\b(?:but|and|so|because|although|though|while|since|as)\b)[^,;:.])*$",
    re.IGNORECASE,
)
#: Said of oneself, these tell a feeling or an opinion, not an action: "I feel like I'm
#: heading the right way", "I think I've found my niche".
_OPINION_BEFORE = re.compile(
    r"\b(?:feel|feels|felt|feeling|think|thinks|hope|hoping|guess|suppose|believe|sense"
    r"|realise|realize|realised|realized|realising|realizing)"
    r"\s+(?:like\s+|as\s+if\s+|as\s+though\s+|that\s+)?(?:(?:i|we)(?:'ve|'m|\s+have|\s+am)?\s+)?"
    r"(?:\w+ly\s+|now\s+|already\s+)?$",
    re.IGNORECASE,
)

#: After a past verb, what makes it no deed: the advice passed on to others ("I've shared
#: it with my whole cohort", "told everyone about your story"), a start of believing ("I've
#: started to believe I can").
_NO_DEED_AFTER = re.compile(
    r"(?:shared|told|passed|forwarded|recommended|mentioned|raved|talked|spoke|bragged"
    r"|repeated|quoted)\s+(?:(?:on|along|about)\s+)?(?:it|this|that|them|your\s+\w+"
    r"|the\s+(?:advice|tips?|story|stories|chat|conversation|call|ideas?)|everyone|everybody"
    r"|people|friends|all\s+my|my\s+(?:friends|cohort|classmates|colleagues|family|team"
    r"|partner|parents|mum|mom|dad|flatmates|housemates|whole))\b"
    r"|(?:started|begun|began|starting)\s+to\s+(?:believe|think|feel|see|realise|realize"
    r"|understand|wonder|trust|hope|imagine|picture|consider|doubt|question|appreciate)\b",
    re.IGNORECASE,
)
#: A quantity as the object: "I took so much from our chat", "got a lot out of it".
_GAINED = re.compile(
    r"\s+(?:so\s+much|a\s+lot|lots|plenty|a\s+great\s+deal|loads|heaps|tons|something"
    r"|away|home)\b(?!\s+(?:of\s+)?(?:my|the|a|an)\s+\w)",
    re.IGNORECASE,
)


#: Life news framed as busyness: "Since then life has been a whirlwind: we moved...",
#: "Things have been hectic: I started a new shift pattern".
_BUSY_FRAME = re.compile(
    r"\b(?:life|things|it|work|everything|the\s+last\s+few\s+weeks|the\s+past\s+month)"
    r"(?:'s|\s+has|\s+have|\s+is|\s+are|\s+was|\s+were)?\s+(?:been\s+)?(?:\w+\s+)?"
    r"(?:a\s+whirlwind|hectic|busy|crazy|chaotic|mad|manic|a\s+blur|non-stop|full\s+on"
    r"|eventful|a\s+rollercoaster|a\s+roller\s+coaster)\b",
    re.IGNORECASE,
)


def _not_yet(sentence_text: str, at: int) -> bool:
    """Whether the words at ``at`` of a sentence are in a clause of the future or a
    condition, or an opinion of the sender's, or life news framed as busyness, not a
    report of something done with the advice."""
    before = sentence_text[:at]
    if _NOT_YET.search(before) or _OPINION_BEFORE.search(before):
        return True
    busy = [b.end() for b in _BUSY_FRAME.finditer(before)]
    # "things have been hectic, but I rewrote my CV": the deed after "but" counts
    return bool(busy) and not re.search(
        r"\b(?:but|yet|still|though|although|nonetheless|anyway|even\s+so)\b",
        before[busy[-1] :],
        re.IGNORECASE,
    )


#: Under way with nothing named or done, as "-ing" words: the mind ("thinking",
#: "reflecting", "keeping it in mind"), progress said in general ("heading the right way",
#: "chipping away", "exploring my options"), talk about the advice ("telling my friends
#: about it") and a new way of seeing ("rethinking things").
_VAGUE_ING = (
    r"(?:thinking|planning|hoping|trying|wondering|considering|looking\s+forward|going\s+to"
    r"|still|reflecting|mulling|meaning|waiting|figuring|working\s+on\s+(?:things|it|that|this|\w+ing)"
    r"|pondering|turning\s+(?:over|it|that|this|what)|chewing|digesting|processing|absorbing"
    r"|heading|moving\s+(?:along|forward|ahead|in)|chipping|plugging|inching|edging|settling"
    r"|getting\s+(?:closer|there|somewhere|round|around)|making\s+(?:progress|headway|strides)"
    r"|growing|exploring|weighing|researching|looking\s+(?:into|at|around)"
    r"|(?:keeping|bearing|holding)\s+(?:[\w']+\s+){0,5}in\s+mind|chasing"
    r"|(?:telling|talking|chatting|raving|bragging|gushing|sharing)\s+(?:\w+\s+){0,3}(?:about|with)"
    r"|telling\s+(?:everyone|everybody|people|friends|my)"
    r"|seeing|viewing|feeling|rethinking|reconsidering|questioning|leaning|tempted|torn)\b"
)
_DONE_OR_UNDER_WAY = re.compile(
    r"\b(?:i've|i\s+have|we've)\s+(?:now\s+|already\s+|since\s+|finally\s+)?"
    # been, and no more: "I've been busy" (a result in the passive, "I've been offered a
    # trial", is read word by word)
    rf"(?!had\b|been\s+(?!\w+ing\b)|been\s+{_VAGUE_ING}|got\s+to\b"
    r"|(?:bookmarked|saved|noted|shortlisted|wishlisted)\b"
    # thought about it, nothing done: "I've thought about our chat every day"
    r"|(?:thought|reflected|mulled|pondered|wondered|considered|dwelt|dwelled"
    r"|kept\s+thinking)\b"
    # a feeling or a knowing, nothing done: "I've felt far better prepared"
    r"|(?:felt|known|realised|realized|learned|learnt|noticed|understood|wanted|hoped|loved"
    r"|enjoyed|appreciated|grown|become|stayed|remained)\b"
    r"|yet\b|not\b)\w+"
    r"|\bi\s+(?:start|begin)\b|\bi'm\s+now\b"
    # under way: "Priya and I are meeting every other week", "I'm doing a problem a day"
    # (not "I'm thinking about it", "I'm planning to")
    r"|\b(?:i'm|i\s+am|we're|we\s+are|and\s+i\s+are)\s+(?:now\s+|already\s+|also\s+)?"
    rf"(?!{_VAGUE_ING}|working\s+(?:\w+\s+)?(?:on|away|at)\b|working\s+hard\b"
    r"|questioning\s+(?:things|it|that|this|putting|applying|implementing|acting|taking"
    r"|following))[a-z]+ing\b",
    re.IGNORECASE,
)


def _outcome(m: Message) -> tuple[int, int] | None:
    """Where the message says what the sender did with the advice, or what came of it."""
    if _refers_to_advice(m):
        for sentence in m.sentences:
            words = [t for t in sentence.tokens if t.is_word]
            for n, token in enumerate(words):
                before = words[n - 1].lower if n else ""
                if before in {"you", "u", "to"} or not _done(token.lower, token.lemma, before):
                    continue
                if before in _STATE_BEFORE:
                    continue  # "getting licensed", "feel more settled": a state
                if _not_yet(sentence.text, token.start - sentence.start):
                    continue  # "I'll report back once I've done them"
                if _GAINED.match(sentence.text, token.end - sentence.start):
                    continue  # "I took so much from our chat": what it gave, not an act
                if _NO_DEED_AFTER.match(sentence.text, token.start - sentence.start):
                    continue  # "I've shared it with my cohort": passed on, not acted on
                if _advice_did_it(words[:n]):
                    continue  # "it really shaped how I think": the advice acted, not me
                if before == "we" and token.lower in {"spoke", "talked", "met", "chatted"}:
                    continue  # "since we spoke": the conversation, not what came of it
                if negated(sentence, token.start):
                    continue
                return token.start, token.end
            # "I've rewritten...", "I start the trial in January": done or under way
            for done in _DONE_OR_UNDER_WAY.finditer(sentence.text):
                verb = re.search(r"\S+$", done.group(0))
                if verb and _NO_DEED_AFTER.match(sentence.text, done.start() + verb.start()):
                    continue
                if not _not_yet(sentence.text, done.start()):
                    return sentence.start + done.start(), sentence.start + done.end()
    return None


def reports_outcome(m: Message) -> list[Finding]:
    """``reports-outcome``: it does not say what you did with their advice (or their
    introduction), and what came of it."""
    if _outcome(m) is not None:
        return []
    return [
        finding(
            m,
            "reports-outcome",
            "It does not say what you did with their advice, or what came of it.",
            'Say what you did and what happened: "I rewrote my portfolio around two case '
            'studies, as you suggested; a recruiter called the next week."',
        )
    ]


# --------------------------------------------------------------- keep in touch

_PERSONAL = compile_patterns(
    r"\bthought\s+of\s+(?:you|your|our)\b|\bthinking\s+(?:of|about)\s+you\b",
    # something they said, remembered: "you were right about...", "I still remember you
    # saying...", "you warned me", "our conversation about..."
    r"\byou\s+(?:were|was)\s+(?:so\s+|completely\s+|totally\s+|absolutely\s+|quite\s+)?right\b",
    r"\b(?:hear|heard|remember|recall|recalled|remembered)\s+you\s+(?:say|saying|said|mention"
    r"|telling|describe|describing|explain|explaining)\b",
    r"\byou\s+(?:warned|promised|predicted|told|taught|showed|reminded)\s+me\b",
    r"\bour\s+(?:\w+\s+)?(?:conversation|chat|call|talk|coffee|lunch)\s+(?:about|on|in|last)\b",
    r"\bwhat\s+you\s+(?:make|think)\s+of\b",
    r"\b(?:reminded|made)\s+me\s+(?:of|think)\b",
    r"\bsaw\s+(?:that\s+)?(?:you|your)\b",
    r"\b(?:since|when|after)\s+(?:we\s+(?:spoke|talked|met|chatted)|our\s+(?:chat|call"
    r"|conversation|coffee))\b",
    r"\byour\s+(?:advice|suggestion|tip|recommendation)\b",
    r"\byou\s+(?:recommended|suggested|mentioned|said|told|shared|sent|introduced|pointed)\b",
    r"\b(?:article|post|podcast|talk|book|event|meetup|paper|report|piece)\b.{0,60}\b(?:you|your)\b",
)


#: Well-wishing any note could hold: "hope you're doing well", "hoping you're keeping
#: well", "hope all is well".
_PLEASANTRY = re.compile(
    r"\b(?:hope|hoping|trust)\s+(?:that\s+)?(?:you're|you\s+are|all\s+is|things\s+are|you've\s+been)"
    r"\s+(?:\w+\s+)?(?:doing|keeping|going)?\s*(?:well|good|great|fine|ok|okay|alright|brilliantly)\b",
    re.IGNORECASE,
)


def personal_touch(m: Message) -> list[Finding]:
    """``personal-touch``: nothing specific to this person (well-wishing any note could
    hold does not count, nor their company named only in a job ask)."""
    rest = _PLEASANTRY.sub(" ", strip_greeting(m.text))
    if any(p.search(rest) for p in (*WHY_THEM, *_PERSONAL)):
        return []
    company = m.recipient.company
    ask = job_ask(m)
    if company:
        for sentence in m.sentences:
            if ask and sentence.start <= ask[0] < sentence.end:
                continue  # "If a role comes up at Kestrel, would you refer me?"
            if re.search(rf"\b{re.escape(company.split()[0])}", sentence.text, re.IGNORECASE):
                return []
    return [
        finding(
            m,
            "personal-touch",
            "Nothing in it is for this person only: not their work, their news or something "
            "they said.",
            "Add one line for them: their team's launch, an article on something they "
            "mentioned, or what you did with their advice.",
        )
    ]
