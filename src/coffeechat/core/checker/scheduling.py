"""The rules of a scheduling reply: thanks, three varied options within the week, which
one suits, flexible on time and place, looking forward to it."""

from __future__ import annotations

import re

from coffeechat.core.checker.base import Finding, Message, finding, presence
from coffeechat.core.datetext import (
    BULLET,
    OR,
    PART_HOURS,
    FoundTime,
    find_times,
    other_time,
    zone_info,
)
from coffeechat.core.message import compile_patterns

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
    r"\bfit\s+(?:around|in\s+with)\b",
    r"\bflexib\w*",
    r"\bif\s+(?:none|neither)\b",
    r"\bif\s+(?:that|those|these|this|it|they|one|any)\s+(?:\w+\s+)?(?:doesn't|don't|does\s+not"
    r"|do\s+not|won't|isn't|aren't|can't)\b",
    # a day of them ruled out, another offered: "If Thursday doesn't work at all, let me know"
    r"\bif\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|the\s+\w+|that\s+day"
    r"|that\s+week)\s+(?:doesn't|does\s+not|won't|can't|isn't)\s+(?:\w+\s+)?(?:work|suit|fit|do"
    r"|possible|good)\b",
    r"\b(?:i'm|i\s+am|i'd\s+be|i\s+would\s+be)\s+also\s+(?:free|available|around|open|happy)\b",
    r"\balso\s+(?:free|available|open)\b",
    r"\b(?:fits?|suits?|around)\s+(?:your|ur)\s+(?:schedule|calendar|week|diary)\b",
    r"\bwhatever\s+(?:time\s+|day\s+)?(?:works|suits|is\s+easiest)\b",
    r"\bhappy\s+to\s+(?:adjust|move|shift|find)\b",
    # "If not, just let me know what suits you"
    r"\bif\s+not\b",
    r"\b(?:let\s+me\s+know|tell\s+me)\s+(?:what|when)\s+(?:else\s+)?(?:\w+\s+)?(?:suits|works"
    r"|would\s+(?:work|suit)|is\s+(?:better|easier))\b",
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
    # a call proposed: no place to be flexible about
    r"\b(?:phone|zoom|video|teams|google\s+meet|quick|short)\s+call\b",
    r"\bvideo\s+(?:call|chat)\b",
    r"\bwherever\b",
    r"\bnear\s+(?:you|u)\b",
    r"\b(?:happy|glad|able|can)\s+to\s+(?:call|phone|video|zoom)\b",
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
    r"\b(?:glad|happy)\s+(?:to\s+)?(?:be\s+)?(?:meet|meeting|chat|chatting|talk|talking|speak"
    r"|we\s+can)\b",
)


#: A time the writer rules out or moves away from ("I need to move our chat on Tuesday",
#: "I'm away on Monday, so that day won't work"): not an option.
_RULED_OUT = re.compile(
    r"\b(?:(?:need|have|had)\s+to\s+(?:move|reschedule|cancel|postpone)|move\s+our"
    r"|reschedul\w*|cancel\w*|postpon\w*|can't\s+make|cannot\s+make|won't\s+(?:work|be\s+able)"
    r"|doesn't\s+work|away|out\s+of\s+(?:the\s+)?(?:office|town)|unavailable|not\s+available"
    r"|not\s+free|can't\s+do|tied\s+up|travel(?:l)?ing|on\s+(?:holiday|vacation|leave)"
    # "Tuesday and Wednesday are out for me", "Monday's out."
    r"|(?:is|are|'s)\s+(?:out|off)\s+for\s+(?:me|us)"
    # (of a day, not "after 3:30pm (school's out)")
    r"|\b(?:that|it|this|which|both|those|these|one|[a-z]*day|mon|tue|wed|thu|fri|sat|sun)"
    r"(?:'s|\s+is|\s+are)\s+out(?=\s*[.;,)]|\s*$)"
    # "Monday is the Labour Day holiday there, so I've skipped it", "I'm busy on Monday"
    # (not "could we skip the coffee and call on Monday?")
    r"|skipped|I(?:'ve|'ll|'d|\s+will|\s+have)\s+skip|left\s+(?:it|that|them)\s+out|busy"
    r"|fully\s+booked|booked\s+up|no\s+good"
    # "I'm out Thursday and Friday"
    r"|\b(?:i'm|i\s+am|we're|we\s+are|i'll\s+be|i\s+will\s+be)\s+out\b(?!\s+(?:of\s+(?:work|my)|by|at))"
    # "which is why I have not offered it", "I've left Friday off the list"
    r"|(?:not|n't|never)\s+(?:been\s+)?(?:offered|offering|included|suggested|proposed|listed)"
    r"|left\s+\w+\s+off"
    # "Thursday and Friday are family time", "Friday's spoken for", "Monday is blocked"
    r"|(?:is|are|'s)\s+(?:probably\s+|likely\s+|all\s+)?(?:family\s+(?:time|days?)|off[\s-]limits"
    r"|spoken\s+for|taken|blocked(?:\s+out|\s+off)?|reserved|a\s+write-off|a\s+no-go)"
    # "I'll steer clear of Thursday", "I'd rather avoid Thursday"
    r"|(?:steer|steering|kept|keep|keeping|stay|staying)\s+(?:well\s+)?clear|avoid\w*"
    r"|(?:is|'s|are)\s+(?:a|the)\s+(?:[\w'-]+\s+){0,3}(?:holiday|day\s+off)"
    # "Thursday is Canada Day", "tomorrow is Good Friday", "Monday's Children's Day"
    r"|(?:is|'s|being|was)\s+(?-i:(?:the\s+)?(?:[A-Z][\w'\u2019-]*\s+){1,3}Day|Good\s+Friday|Easter"
    r"|Christmas|Boxing\s+Day|New\s+Year|Thanksgiving|Eid|Diwali|Chuseok|Passover|Yom\s+Kippur"
    r"|Rosh\s+Hashanah|Vesak|Waitangi|Anzac|ANZAC|Songkran|Nowruz))\b",
    re.IGNORECASE,
)
#: Just before a day, words that make it a remark, not an option: the day the clocks
#: change ("the clocks go forward on Sunday the 14th"), the day it is where the writer is
#: ("it's still Sunday afternoon here"), a flight or train ("fly back on Wednesday on the
#: 5:40am flight").
_REMARK_BEFORE = re.compile(
    r"(?:\bdaylight\s+sav(?:ing|ings)(?:\s+time)?\s+(?:starts|ends|begins|kicks\s+in|finishes)"
    r"|\bclocks?\s+(?:go|goes|went|change|changes|changed|jump|jumps|jumped|spring|springs"
    r"|sprang|fall|falls|fell|move|moves|moved|roll|rolls|rolled)(?:\s+(?:forward|back|ahead|over))?"
    r"|\bit(?:'s|\s+is|\s+was)\s+(?:still|already|now)"
    # "With Thanksgiving on Thursday", "Labour Day on Monday"
    r"|(?-i:(?:[A-Z][\w'\u2019-]*\s+){1,2}Day|Good\s+Friday|Easter|Christmas|Thanksgiving|Eid"
    r"|Diwali|Passover|Hanukkah|Ramadan)(?:\s+(?:is|falls|being))?"
    r"|\b(?:fly|flying|flew|fly\s+back|flying\s+back|flight|land|landing|arrive|arriving)"
    r"(?:\s+(?:back|home|out|in))?(?:\s+(?:to|into|from)\s+[\w'-]+(?:\s+[\w'-]+)?)?)"
    r"\s+(?:(?:on|this|next|early|late|in\s+the\s+night\s+of)\s+)*$",
    re.IGNORECASE,
)
#: Just after a day, words that make it a remark: "on Sunday the clocks go back".
_REMARK_AFTER = re.compile(
    r"[^\S\n]*,?[^\S\n]*(?:the\s+|our\s+|my\s+)?(?:clocks?\s+(?:go|goes|change|changes|jump|jumps|spring"
    r"|springs|fall|falls|move|moves|roll|rolls)|daylight\s+sav(?:ing|ings)(?:\s+time)?\s+"
    r"(?:starts|ends|begins|kicks\s+in|finishes))\b",
    re.IGNORECASE,
)
#: In the clause of a day before today, words that tell of what happened on it ("I
#: missed your call on Monday 1 September"): the day is told about, not offered.
_TOLD = re.compile(
    r"\b(?:missed|was|were|had|did|went|came|called|met|spoke|saw|heard|got|sent|wrote"
    r"|ago|yesterday|last)\b",
    re.IGNORECASE,
)
#: On a list's line, after the day: the writer striking it out ("- Wednesday, April 2:
#: sorry, dentist in the morning, so no").
_STRUCK = re.compile(
    r"\bso\s+no\b|[:,\u2013\u2014-]\s*no\b(?!\s+(?:problem|worries|rush|pressure|need|later|earlier"
    r"|sooner|more|less|longer|fixed|set)\b)",
    re.I,
)
#: Just before a day with no time, the writer's own standing commitment on it.
_COMMITMENT_ON = re.compile(
    r"\b(?:class|classes|lecture|lectures|seminar|lab\s+meeting|exam|exams|shift|shifts|practice"
    r"|rehearsal|appointment|training|surgery|clinic|duty|course|term|semester|contract"
    r"|internship|placement|job)"
    # "my course starts on Tuesday 29 February"
    r"(?:\s+(?:starts|begins|ends|finishes|resumes|is))?\s+(?:on|every)\s+$",
    re.IGNORECASE,
)
#: A day named as a boundary just before it: "from tomorrow", "until Friday".
_BOUNDARY = re.compile(r"\b(?:from|until|till|since|starting|before)\s+$", re.IGNORECASE)
#: A range of days, each of them an option: "from Monday to Wednesday", "Mon-Wed".
_DAY_RANGE = re.compile(r"\w\s*[-\u2013\u2014]\s*\w|\s(?:to|through|thru|until|till)\s", re.I)
_CLAUSE_END = re.compile(
    r"[;,]|\s(?:but|although|though|or|so|because|since)\s|[.!?](?:\s|$)|\n", re.IGNORECASE
)


def _clause(text: str, start: int, end: int) -> str:
    """The clause of ``text`` around ``[start, end)``."""
    before = [m.end() for m in _CLAUSE_END.finditer(text, 0, start)]
    # from its last character: a time read with the full stop after it ends there
    after = _CLAUSE_END.search(text, max(start, end - 1))
    return text[before[-1] if before else 0 : after.start() if after else len(text)]


#: Their own suggestion, just before a day: "You kindly offered Saturday morning".
_THEIR_SUGGESTION = re.compile(
    r"\byou(?:'d|\s+had|\s+have|'ve)?\s+(?:\w+\s+)?(?:suggested|offered|proposed|mentioned"
    r"|asked\s+about|floated)\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)
#: After it in its sentence, a refusal: "but I coach netball then", "unfortunately...".
_REFUSED_AFTER = re.compile(
    r"\b(?:but|unfortunately|sadly|however|alas|i'm\s+afraid|can't|cannot|won't|isn't|doesn't)\b",
    re.IGNORECASE,
)


def _declined(text: str, found: FoundTime) -> bool:
    """Whether ``found`` is the contact's own suggestion, turned down in its sentence."""
    if not _THEIR_SUGGESTION.search(text, max(0, found.start - 40), found.start):
        return False
    end = min((i for i in (text.find(c, found.end) for c in ".!?\n") if i >= 0), default=len(text))
    return _REFUSED_AFTER.search(text, found.end, end) is not None


def _struck(text: str, found: FoundTime) -> bool:
    """Whether ``found`` is on a line of a list that strikes it out after it ("- Wed 2
    April: sorry, dentist, so no")."""
    line_start = text.rfind("\n", 0, found.start) + 1
    if not _LIST_ITEM.match(text, line_start):
        return False
    line_end = text.find("\n", found.end)
    rest = text[found.end : line_end if line_end >= 0 else len(text)]
    # (not the reasons a day is free: "(I'm on leave that day so fully free)")
    return _STRUCK.search(rest) is not None


#: Words that offer a day now, whatever else the clause tells: "could", "how about".
_OFFER_NOW = re.compile(
    r"\b(?:could|can|would|how\s+about|what\s+about|free|available|works?|suits?)\b", re.I
)


#: Between an option and the writer's own clock for it: "12:30 pm (", "9:00am NZDT (".
_OWN_CLOCK_AFTER = re.compile(
    r"[\s,;:]*(?:[A-Z]{2,5}[+-]?\d{0,2}\s*)?\(\s*(?:(?:my|mine|for\s+me|i\.e\.|=)\s*)?"
)


def _options(m: Message) -> list[FoundTime]:
    """The options offered: a day with or without a time, not one ruled out; one day
    written twice side by side ("Thursday afternoon (Jan 14)", one time in two zones)
    is one option."""
    options: list[FoundTime] = []
    today = m.now.astimezone(zone_info(m.zone)).date()
    for found in find_times(m.text, now=m.now, zone=m.zone):
        if found.day is None:
            continue
        clause = _clause(m.text, found.start, found.end)
        # a condition after the day is about something else: "I could also do Thursday
        # the 21st over lunch if the earlier days are busy for you"
        own = clause[: clause.index(found.text) + len(found.text)] if found.text in clause else ""
        own += re.split(r"\s(?:if|unless|in\s+case)\s", clause[len(own) :], maxsplit=1)[0]
        if _RULED_OUT.search(own) or _struck(m.text, found):
            continue
        if found.day < today and _TOLD.search(clause) and not _OFFER_NOW.search(clause):
            continue  # "apologies that I missed your call on Monday 1 September"
        if _REMARK_AFTER.match(m.text, found.end):
            continue  # "on Sunday the clocks go back one hour"
        if _declined(m.text, found):
            continue  # "You suggested Wednesday at 10, but I'm at the hospital that morning"
        if found.clock is None and _COMMITMENT_ON.search(
            m.text, max(0, found.start - 40), found.start
        ):
            continue  # "teaching assistant class on Thursday morning": the writer's own plans
        if _REMARK_BEFORE.search(m.text, max(0, found.start - 50), found.start):
            continue  # "the clocks go forward on Sunday the 14th, so that's 5:30 daylight time"
        if found.clock is not None and other_time(m.text, found.start):
            continue  # "my shift ends at six", "my train gets in at 9:40 on Monday"
        if (
            found.clock is None
            and _BOUNDARY.search(m.text, 0, found.start)
            and not _DAY_RANGE.search(found.text)
        ):
            continue  # "I'm back from tomorrow": where the options start, not one of them
        if options:
            last = options[-1]
            if _same_row(m.text, last.end - 1, found.end - 1):
                continue  # a table's row is one option: "| Mon 18 Feb | 12:30 | 07:30 |"
            # "13:00 EST (12:00 CST for me)", "12:00 CET / 15:00 Dubai"
            # (a found time may start at its day, before the last one's end)
            # the words from the last option to this one's time ("13:00 (09:00)": this
            # one may start at its day, before the last one's end)
            between = m.text[last.end : max(found.end, last.end)]
            slashed = m.text[last.end : found.end].lstrip(" \t")
            # inside brackets opened since the last option ("13:00 (12:00 CST)"), not
            # after a bracket that closed ("3:00 pm (after Asr)\n- 6:30 pm")
            aside = ("(" in between and ")" not in between.rsplit("(", 1)[1]) or (
                # "12:00 CET / 15:00 Dubai", "19:30 北京时间 / 22:30 Sydney"
                re.match(
                    r"(?:(?:noon|midday)\s+)?(?:[A-Z]{2,5}|[A-Z][a-z]+(?:\s[A-Z][a-z]+)?"
                    r"|[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]+)?\s*/",
                    slashed,
                )
                is not None
                and "\n" not in slashed
            )
            same = (
                aside
                or (last.at is not None and last.at == found.at)
                or ((last.clock is None or found.clock is None) and not _other_part(last, found))
            )
            if last.day == found.day and same and found.start - last.end <= 25:
                continue
            # "Monday 21 June, 5pm (I close from my shift at 4)": a time in brackets after
            # an option, in words that offer nothing, is about the writer's day
            bracket = _bracket(m.text, found.start, found.end)
            if (
                bracket is not None
                and last.day == found.day
                and m.text.rfind("(", 0, found.start) >= last.end
                and not _OFFER.search(bracket.replace(found.text, " "))
            ):
                continue
            # "12:30 pm (23:30 Thursday, I'm a night owl)": the writer's own clock for the
            # option before, in brackets right after it (a zone between), whatever day it
            # falls on there
            if found.clock is not None and _OWN_CLOCK_AFTER.fullmatch(
                m.text, last.end, max(last.end, found.start)
            ):
                continue
            # "after 18h, any moment until 20h": the end of the window before, not a time
            if (
                found.clock is not None
                and last.day == found.day
                and last.clock is not None
                and found.start - last.end <= 30
                and re.search(
                    r"\b(?:until|till|til|up\s+to|to|and)\s*$", m.text[last.end : found.start]
                )
            ):
                continue
        options.append(found)
    return _without_asides(m, options)


def _other_part(a: FoundTime, b: FoundTime) -> bool:
    """Whether two times of one day are different choices by their part of the day: "the
    morning, lunch or after 5", "the morning, or 16:00" (but "Thursday afternoon (3pm)"
    is one)."""
    parts = [o.part for o in (a, b) if o.clock is None and o.part not in (None, "any")]
    if len(parts) == 2:
        return parts[0] != parts[1]
    timed = b if a.clock is None else a
    if not parts or timed.clock is None:
        return False
    low, high = PART_HOURS[parts[0]]
    return not low <= timed.clock.hour < high


def _same_row(text: str, a: int, b: int) -> bool:
    """Whether ``a`` and ``b`` fall in different cells of one row of a table written
    with bars ("| Mon 18 Feb | 12:30 | 07:30 |": one time in two zones, or a start and an
    end, are one option; two times in one cell stay two)."""
    start = text.rfind("\n", 0, a) + 1
    if text.rfind("\n", 0, b) + 1 != start:
        return False
    end = text.find("\n", start)
    line = text[start : end if end >= 0 else len(text)]
    if not line.lstrip().startswith("|") or line.count("|") < 3:
        return False
    return text.count("|", a, b) > 0


#: Words that offer a day: "Thursday is also fine", "I could do Monday", "or Friday".
_OFFER = re.compile(
    r"\b(?:free|available|could|can|works|suits?|fine|open|ok|okay|how\s+about"
    r"|what\s+about|would|also|too|either|any\s*time|anytime|prefer|happy|possible"
    rf"|{OR}"
    r"|good(?!\s+friday)"
    r"|options?|slots?|do|meet|call|chat|coffee"
    # "Tuesday lunchtime works, as does Wednesday after five"
    r"|as\s+(?:does|do|would|could|is))\b",
    re.IGNORECASE,
)


#: Between two days of one list: "Thursday or Friday", "Monday, Tuesday and on Friday".
_LIST_GAP = re.compile(rf"[\s,/&]*(?:(?:{OR}|and|nor)\b[\s,]*)?(?:on\s+)?", re.IGNORECASE)


def _without_asides(m: Message, options: list[FoundTime]) -> list[FoundTime]:
    """A bare day in brackets that offer nothing ("(the clocks go back on Sunday)") is a
    remark, not an option; so, with two options or more at a time of day (a clock time
    or a part of the day), is one in a clause that offers nothing ("The clocks go back
    here on Sunday, ...", "I'll steer clear of Thursday since it's Canada Day"), unless
    it is listed with the option before it ("any time on Thursday or Friday")."""
    # a time of day ("12:30", "in the morning") makes an option; a bare day may be a remark
    timed = [o for o in options if o.clock is not None or o.part not in (None, "any")]
    kept: list[FoundTime] = []
    for option in options:
        bare = option.clock is None and option.part in (None, "any")
        if bare and not _listed(m.text, option, options):
            aside = _bracket(m.text, option.start, option.end)
            if aside is not None and not _OFFER.search(aside):
                continue  # "(the clocks go back on Sunday)": a remark, however many options
            clause = aside or _clause(m.text, option.start, option.end)
            joined = kept and _LIST_GAP.fullmatch(m.text, kept[-1].end, option.start)
            if (
                len(timed) >= 2
                and not joined
                and not _OFFER.search(clause)
                and not any(o is not option and o.text in clause for o in timed)
            ):
                continue
        kept.append(option)
    return kept


#: A line of a list ("- Thursday, June 22, any time", "2. Friday"), or a whole day
#: offered ("Friday, any time", "Friday (all day)").
_LIST_ITEM = re.compile(rf"[^\S\n]*{BULLET}[^\S\n]+")
_WHOLE_DAY = re.compile(
    r"[^\S\n]*[,(\u2013\u2014-]?[^\S\n]*(?:(?:pretty\s+much|just\s+about|basically|really"
    r"|honestly|practically)\s+)?(?:any\s*time|anything|all\s+day|whenever|flexible"
    r"|(?:i've\s+kept\s+)?(?:the\s+)?whole\s+day)\b",
    re.I,
)


def _listed(text: str, option: FoundTime, others: list[FoundTime] | None = None) -> bool:
    """Whether a bare day is offered as such: on a line of a list of its own (a bullet,
    or a short line starting with it beside a line starting with another of ``others``),
    or as a whole day ("Wednesday 7/12, any time")."""
    line_start = text.rfind("\n", 0, option.start) + 1
    item = _LIST_ITEM.match(text, line_start)
    # "- Tue 3 March", or a word the reader does not know as a weekday before the date:
    # "• quinta, 5 de setembro"
    if item is not None and (
        item.end() >= option.start - 1
        or re.fullmatch(r"[^\W\d][\w-]*\.?,[^\S\n]+", text[item.end() : option.start])
    ):
        return True
    if not text[line_start : option.start].strip() and others:
        # a short line of its own next to another line that starts with an option:
        # "Thursday the 15th, first thing" under "Monday the 12th at noon"
        line_end = text.find("\n", option.start)
        line_end = len(text) if line_end < 0 else line_end
        near = {text.rfind("\n", 0, max(0, line_start - 1)) + 1, line_end + 1}
        starts = {
            start
            for o in others
            if o is not option
            and not text[(start := text.rfind("\n", 0, o.start) + 1) : o.start].strip()
        }
        if len(text[line_start:line_end].split()) <= 10 and starts & near:
            return True
    return _WHOLE_DAY.match(text, option.end) is not None


def _bracket(text: str, start: int, end: int) -> str | None:
    """The words of the brackets ``[start, end)`` is in, on its line ("(the clocks go
    back on Sunday)" is a remark of its own, whatever the sentence around it offers)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    opened = text.rfind("(", line_start, start)
    if opened < 0 or text.rfind(")", opened, start) >= 0:
        return None
    closed = text.find(")", end, line_end)
    return text[opened + 1 : closed] if closed >= 0 else None


def _describe(option: FoundTime) -> str:
    assert option.day is not None
    day = f"{option.day:%a} {option.day:%b} {option.day.day}"
    if option.clock is None:
        return f"{day} (any time)" if option.part in (None, "any") else f"{day} {option.part}"
    return f"{day} {option.clock:%H:%M}"


def _texts(options: list[FoundTime]) -> tuple[str, ...]:
    """The options as written, each once."""
    return tuple(dict.fromkeys(o.text for o in options))


def _at(options: list[FoundTime]) -> tuple[int, int] | None:
    return (options[0].start, options[0].end) if options else None


#: Words before a day that offer all of it: "any time on Friday", "all day Thursday".
_WHOLE_BEFORE = re.compile(
    r"\b(?:any\s*time|whenever|all\s+day|(?:free|open|clear)\s+all)\s+(?:on\s+)?$", re.I
)


def _bare(m: Message, option: FoundTime, options: list[FoundTime]) -> bool:
    """Whether an option is only a day named in passing: no time, no part of the day, not
    on a line of its own, not offered whole ("any time Friday") or in words that offer it
    ("Friday is also fine"). Such a day may be a remark the reader did not see as one, so
    it never makes more than three."""
    if option.clock is not None or option.part not in (None, "any"):
        return False
    whole = _WHOLE_BEFORE.search(m.text, max(0, option.start - 30), option.start)
    if whole or _listed(m.text, option, options):
        return False
    if _OFFER.search(_clause(m.text, option.start, option.end).replace(option.text, " ")):
        return False  # "Friday is also fine", "(Friday works too)"
    # "any time on Thursday or Friday": listed with the option before it
    index = options.index(option)
    if index and _LIST_GAP.fullmatch(m.text, options[index - 1].end, option.start):
        return _bare(m, options[index - 1], options)
    return True


#: A line of a list of options: a bullet or a number, or a table's row with a number in
#: it ("| Tue | 11 Jan | 6:00 PM |", not its "|---|" rule).
_ITEM_LINE = re.compile(rf"[^\S\n]*(?:{BULLET}[^\S\n]+\S|\|[^\n]*\d)")


def _list_of_three(m: Message) -> list[tuple[int, int]] | None:
    """The lines of the one list of exactly three items in the message, each with a day or
    a time of its own, if there is one: the writer's own count of the options. An item is
    a line with a bullet, a number or a table's bars, or a short line of its own with a
    day in it ("Wednesday 16 May, 12:30pm")."""
    found = find_times(m.text, now=m.now, zone=m.zone)
    days = [f.start for f in found if f.day is not None]
    runs: list[list[tuple[int, int]]] = []
    position = 0
    for line in m.text.split("\n"):
        span = (position, position + len(line))
        position += len(line) + 1
        dated = any(span[0] <= start < span[1] for start in days)
        if _ITEM_LINE.match(line) or (dated and len(line.split()) <= 10):
            if runs and runs[-1] and runs[-1][-1][1] + 1 == span[0]:
                runs[-1].append(span)
            else:
                runs.append([span])
    threes = [run for run in runs if len(run) == 3]
    if len(threes) != 1 or any(len(run) > 3 for run in runs):
        return None
    for start, end in threes[0]:
        if not any(start <= f.start < end for f in found) and not _DAY_WORD.search(
            m.text, start, end
        ):
            return None
    return threes[0]


#: A word that names a day or a time of day, read or not: a weekday, a date, a clock.
_DAY_WORD = re.compile(r"\d|\b(?:first\s+thing|lunch|morning|afternoon|evening|noon)\b", re.I)


#: Words that make a day named outside a list of three one more option: it is said to be
#: free or to suit, or proposed ("I'm also free Friday", "Thursday would work too", "or
#: Friday at 3"); "also" or "too" alone do not ("I'm also driving to Pueblo on Saturday").
_AVAILABLE = re.compile(
    r"\b(?:free|available|around|open|works|work\s+(?:too|as\s+well|for)|(?:would|could|might)"
    r"\s+(?:also\s+)?work|suits?|fine|ok|okay|possible|how\s+about|what\s+about|prefer"
    r"|(?:could|can|would|happy\s+to|glad\s+to)\s+(?:also\s+)?(?:do|make|meet|manage|fit)"
    rf"|alternatively|instead|as\s+well|another\s+option|back-?up|{OR})\b",
    re.IGNORECASE,
)


def _outside_list(m: Message, options: list[FoundTime]) -> bool:
    """Whether, with a list of three items (``_list_of_three``) holding three options,
    every option outside it is only mentioned: in a clause that does not offer it
    (``_AVAILABLE``)."""
    lines = _list_of_three(m)
    if lines is None:
        return False
    inside = [o for o in options if any(a <= o.start < b for a, b in lines)]
    if len(inside) != 3:
        return False
    return not any(
        _AVAILABLE.search(_clause(m.text, o.start, o.end).replace(o.text, " "))
        for o in options
        if o not in inside
    )


def three_options(m: Message, options: list[FoundTime]) -> list[Finding]:
    """``three-options``: not exactly three distinct options; with a list of three items
    holding three options, a day or time named outside it in words that offer nothing is
    a remark ("my flight lands on Tuesday at 7")."""
    n = len(options)
    if n == 3 or len([o for o in options if not _bare(m, o, options)]) <= 3 < n:
        return []
    if n > 3 and _outside_list(m, options):
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
    return [finding(m, "three-options", message, hint, at=_at(options), quotes=_texts(options))]


def varied_times(m: Message, options: list[FoundTime]) -> list[Finding]:
    """``varied-times``: every option at one clock time, or all on one day."""
    if len(options) < 2:
        return []
    home = zone_info(m.zone)
    # Clock times compared in the recipient's zone.
    clocks = {o.at.astimezone(home).time() if o.at is not None else o.clock for o in options}
    days = {o.day for o in options}
    if len(days) == 1:
        return [
            finding(
                m,
                "varied-times",
                "All the options are on the same day; if that day fails, none works.",
                "Spread the options over three different days.",
                at=_at(options),
                quotes=_texts(options),
            )
        ]
    # "Monday lunchtime, Wednesday lunchtime or Friday over lunch": one clock time (~12:00)
    # in words; a morning or an evening is a window, not one time
    if len(options) >= 3 and clocks == {None} and {o.part for o in options} == {"lunch"}:
        return [
            finding(
                m,
                "varied-times",
                "All the options are at lunchtime; someone busy then can take none of them.",
                "Vary the times: e.g. one around lunch (12:00), one after work (17:30) and "
                "one open slot.",
                at=_at(options),
                quotes=_texts(options),
            )
        ]
    if len(clocks) == 1 and None not in clocks:
        only = next(iter(clocks))
        assert only is not None
        return [
            finding(
                m,
                "varied-times",
                f"All the options are at the same time ({only:%H:%M}); someone busy at that "
                "hour can take none of them.",
                "Vary the times: e.g. one around lunch (12:00), one after work (17:30) and one "
                "open slot.",
                at=_at(options),
                quotes=_texts(options),
            )
        ]
    return []


def within_week(m: Message, options: list[FoundTime]) -> list[Finding]:
    """``within-week``: an option in the past, or more than 7 days ahead."""
    past: list[FoundTime] = []
    late: list[FoundTime] = []
    for option in options:
        assert option.day is not None
        local_now = m.now.astimezone(zone_info(option.zone))
        instant = option.at
        if (instant is not None and instant < m.now) or option.day < local_now.date():
            past.append(option)
        elif (option.day - local_now.date()).days > 7:
            late.append(option)
    if past:
        return [
            finding(
                m,
                "within-week",
                f"An option is already in the past: {', '.join(map(_describe, past))}.",
                "Check the dates against the calendar and offer days within the coming week.",
                at=_at(past),
                quotes=_texts(past),
            )
        ]
    if late:
        return [
            finding(
                m,
                "within-week",
                f"An option is more than a week away: {', '.join(map(_describe, late))}.",
                "Offer days within the next seven days so it gets on the calendar while it is "
                "fresh.",
                at=_at(late),
                quotes=_texts(late),
            )
        ]
    return []


def scheduling_options(m: Message) -> list[Finding]:
    """The rules on the options offered."""
    options = _options(m)
    return [*three_options(m, options), *varied_times(m, options), *within_week(m, options)]


def ask_which(m: Message) -> list[Finding]:
    """``ask-which``: nothing asks which option suits them."""
    for sentence in m.sentences:
        if any(p.search(sentence.text) for p in _WHICH) and any(
            p.search(sentence.text) for p in _ASK_FRAME
        ):
            return []
    return [
        finding(
            m,
            "ask-which",
            "It does not ask them which option works best.",
            'Ask them to choose: "Which of these works best for you?"',
        )
    ]


def flexible_time(m: Message) -> list[Finding]:
    """``flexible-time``: no offer of other times."""
    return presence(
        m,
        "flexible-time",
        _FLEX_TIME,
        "It does not offer to find another day or time if none of these suits them.",
        'Add "If none of these works, I\'m happy to work around your schedule."',
    )


#: The meeting is a call: "agreeing to a call", "work for a video call", "I could call you",
#: "we can use Teams, Zoom or the phone".
_CALL = compile_patterns(
    r"\b(?:a|the|our|for|to)\s+(?:quick\s+|short\s+|brief\s+)?(?:phone\s+|video\s+|zoom\s+"
    r"|teams\s+)?call\b",
    r"\bcall\s+(?:you|u)\b",
    r"\b(?:zoom|teams|google\s+meet|skype|webex|facetime|the\s+phone|phone|video)\b",
)
#: A place to meet in person, where being flexible about the place matters.
_IN_PERSON = compile_patterns(
    r"\b(?:coffee|caf[eé]|office|in\s+person|lunch|breakfast|restaurant|bar|pub|building"
    r"|studio|campus|lobby|downtown|meet\s+(?:you\s+)?(?:at|near|by|in)|come\s+(?:to|by)"
    r"|visit|walk|drink|tea|bakery|library|park)\b",
)


def flexible_place(m: Message) -> list[Finding]:
    """``flexible-place``: no offer to come to them, or to call instead; a message that
    proposes only a call has no place to be flexible about."""
    call = any(p.search(m.text) for p in _CALL)
    if call and not any(p.search(m.text) for p in _IN_PERSON):
        return []
    return presence(
        m,
        "flexible-place",
        _FLEX_PLACE,
        "It does not offer to come to them or to talk by phone or video instead.",
        'Add "I can come to your office or somewhere near it, or we can do a call if '
        "that's easier.\"",
    )


def enthusiasm(m: Message) -> list[Finding]:
    """``enthusiasm``: no "looking forward"."""
    return presence(
        m,
        "enthusiasm",
        _ENTHUSIASM,
        "It does not say you are looking forward to the conversation.",
        'End with "Looking forward to it!"',
    )
