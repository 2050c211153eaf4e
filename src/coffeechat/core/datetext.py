"""Finding the days and times a person wrote in free text.

``find_times(text, now=..., zone=...)`` reads a message such as "Tue 12/1 at noon,
Wednesday, December 2 at 5:30pm, or any time on Friday" and returns one ``FoundTime`` per
distinct (day, time) written, in the order they appear. Pure: ``now`` is a parameter.

What it understands (case-insensitive unless said otherwise):

- **days**: weekday names and abbreviations ("Tuesday", "Tue", "tues", "thurs"; "Sat" and
  "Sun" only capitalised), "today", "tonight", "tomorrow" (also "tmrw"), "this/next/coming
  Tuesday"; month dates ("December 2", "Dec. 3rd", "30 Nov", with an optional year);
  weekday, month and part-of-the-day names in other languages, from the Unicode CLDR
  (``calendar_words.json``, written by ``scripts/calendar_words.py``): "5 de setembro",
  "17 kwietnia", "26 августа", "5. Mai", "Donnerstag ... um 12:30", "vormittags"; dates in
  Chinese, Japanese and Korean ("4月26日", "2월 17일"); "Friday mornings" is a habit;
  numeric dates "12/1" (month/day, read as day/month only when the first number is over
  12) with an optional year; ISO "2026-12-01" (with an optional "T12:30" or " 12:30").
  A weekday written next to a date ("Wednesday, December 2") is one day; the date wins
  when they disagree. A range of days ("from Tuesday 25 to Saturday 29 May", "Mon-Wed")
  is each of its days, with the times written for it ("at 12:30 every day from ...");
  a range ruled out is out from end to end. "last Tuesday" and "yesterday" are
  references to the past, not options, and are skipped.
- **times**: "5:30pm", "5 p.m.", "17:30", ranges "17:30-18:00" / "12-1pm" / "2-4pm" /
  "22:00-Thu 01:00" (the start is the option, the end is kept in ``until``), "noon",
  "midday", "at 3", "3 o'clock". A 24-hour time is read as written: a zero-padded
  "07:30" or "09:00" is morning, and so is "7:30" in a text that writes 24-hour times
  elsewhere ("7:30 or 14:00"). Any other clock without am/pm is read as a working-day
  time: 1-7 -> afternoon ("at 3" is 15:00), 8-11 -> morning, 12 -> noon, 13-23 as
  written. Times in words: "half past five", British "half five" (5:30), "quarter to
  one", "ten past nine", "at eleven thirty", "eight am", "at midnight"; "in the
  morning" / "in the evening" / "at night" after any clock settles its half of the day
  ("eight in the morning", "7:15 in the morning", "six in the evening"). "18h", "18h30",
  "12h00" are read as written; "12.30" only after "at" or before am/pm.
- **windows**: "any time 08:00-11:00" (also "whenever", "anywhere" before a range) is one
  option, flexible within its range: ``clock`` its start, ``until`` its end,
  ``part="any"``.
- **parts of a day**: "morning", "lunch", "afternoon", "evening", "after work", and
  "any time" / "anytime" / "whenever" / "all day" (``part="any"``); they qualify a day
  that has no clock time.
- **zones**: an abbreviation written in capitals next to a time (EST, EDT, ET, CST, CDT,
  CT, MST, MDT, MT, PST, PDT, PT, GMT, UTC, BST, CET, CEST, WET, EET, JST, AEST, AEDT) or
  "<place> time" ("New York time", "London time", "Eastern time"; also a bare capitalised
  "Eastern"/"Pacific"/"Central"/"Mountain"). A zone written next to an option applies to
  it; a zone written elsewhere ("all times London time") applies to every option that has
  none. The same instant written twice in two zones ("Tue noon ET / 9am PT") is one
  option. Regional abbreviations name the region's zone, so "EST" in July means New York
  time (the way people use it), and "GMT"/"UTC" mean UTC. Right after a clock, more are
  read (NZDT, NZST, HST, AKST, NST, NDT, AST, IST, SGT, HKT, KST, MSK, SAST, EAT, WAT,
  ACST, AWST, ...) and so are UTC offsets ("17:30 +14", "10:00 UTC+5:30"). An
  abbreviation the caller's ``zone`` goes by means that zone ("CST" to someone in
  Shanghai is China time, not Chicago time).
- **one option written twice**: a parenthesis right after an option that writes it again
  for the other person ("Fri 04 Dec, any time 08:00-11:00 EST (07:00-10:00 CST for me)",
  "(9am your time)", "(i.e. 14:00 GMT)", "(09:00 here in Dubai)", "(19:00 for me, as
  your clocks will have changed)") adds nothing, whatever its zone; so does the other
  side of a slash with a zone or a side named ("08:00 Mountain / 16:00 for me" keeps
  08:00; "17:00 my time / 16:00 yours" keeps 16:00).
- **days ruled out** are not options: a day in a clause with a negation or an absence
  ("I'm away on Monday, so that day won't work", "not Tuesday", "I won't be able to meet
  Monday", "I can't do Monday or Tuesday", "any day except Thursday", "any day but
  Monday", "Monday, sadly, won't work"). A negation in an "if" clause rules nothing out
  ("if Tuesday doesn't suit"), nor does "not free until Tuesday"; "can't wait" and "no
  problem" are not negations. A whole day ruled out with words that take an offer back
  ("actually", "scratch", "ignore", "just realised", a P.S.) also drops the times offered
  on it earlier ("Monday at 9 could work, or actually no, Monday is out").

How a weekday resolves: to the next such day strictly after today in ``zone`` (on a
Tuesday, "Tuesday" is a week away); "next Tuesday" and "this Tuesday" mean the same.
A month date without a year takes the year that puts it closest to ``now``.

How times attach to days: a time right after a day ("Tuesday at noon", "Thu 8am") belongs
to it; a time right before "on <day>" ("12:30pm on Thursday") belongs to that day;
otherwise a time belongs to the last day written earlier in the same sentence
("Tuesday at 9am, noon, or 4pm" is three times on Tuesday; a long list counts from the
day's last time, not from the day). A day with no time is one
flexible option. A day that has timed options is not also a bare option (so a later
"if Tuesday's no good" adds nothing). Times with no day at all are returned with
``day=None``.

Never raises on any text.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = ["FoundTime", "find_times", "other_time", "zone_info"]


@dataclass(frozen=True)
class FoundTime:
    """One day/time option written in a text.

    ``day`` is the resolved local date (None when only a clock time was written);
    ``clock`` the local start time (None for a bare or flexible day); ``until`` the end
    of a written range; ``part`` a part of the day ("morning", "lunch", "afternoon",
    "evening", "any") for a day without a clock time; ``zone`` the IANA zone the option
    is in (a written zone, else the caller's); ``text`` the words as written and
    ``start``/``end`` their offsets in the text.
    """

    text: str
    start: int
    end: int
    day: dt.date | None
    clock: dt.time | None
    until: dt.time | None
    part: str | None
    zone: str

    @property
    def flexible(self) -> bool:
        """True for a day without a clock time ("any time on Friday")."""
        return self.clock is None

    @property
    def at(self) -> dt.datetime | None:
        """The aware start instant, when both day and clock are known."""
        if self.day is None or self.clock is None:
            return None
        return dt.datetime.combine(self.day, self.clock, tzinfo=zone_info(self.zone))


_ZONE_ABBREVIATIONS = {
    "EST": "America/New_York",
    "EDT": "America/New_York",
    "ET": "America/New_York",
    "CST": "America/Chicago",
    "CDT": "America/Chicago",
    "CT": "America/Chicago",
    "MST": "America/Denver",
    "MDT": "America/Denver",
    "MT": "America/Denver",
    "PST": "America/Los_Angeles",
    "PDT": "America/Los_Angeles",
    "PT": "America/Los_Angeles",
    "GMT": "UTC",
    "UTC": "UTC",
    "BST": "Europe/London",
    "CET": "Europe/Paris",
    "CEST": "Europe/Paris",
    "WET": "Europe/Lisbon",
    "EET": "Europe/Athens",
    "JST": "Asia/Tokyo",
    "AEST": "Australia/Sydney",
    "AEDT": "Australia/Sydney",
}

#: Abbreviations read only right after a clock time ("06:30 NZDT"), since as words they
#: may mean other things; several are shared by two regions (see ``_zone_of``).
_CLOCK_ZONE_ABBREVIATIONS = {
    "NZST": "Pacific/Auckland",
    "NZDT": "Pacific/Auckland",
    "HST": "Pacific/Honolulu",
    "AKST": "America/Anchorage",
    "AKDT": "America/Anchorage",
    "NST": "America/St_Johns",
    "NDT": "America/St_Johns",
    "AST": "America/Halifax",
    "ADT": "America/Halifax",
    "IST": "Asia/Kolkata",
    "IDT": "Asia/Jerusalem",
    "SGT": "Asia/Singapore",
    "HKT": "Asia/Hong_Kong",
    "KST": "Asia/Seoul",
    "PKT": "Asia/Karachi",
    "WIB": "Asia/Jakarta",
    "MSK": "Europe/Moscow",
    "SAST": "Africa/Johannesburg",
    "EAT": "Africa/Nairobi",
    "WAT": "Africa/Lagos",
    "CAT": "Africa/Maputo",
    "ACST": "Australia/Adelaide",
    "ACDT": "Australia/Adelaide",
    "AWST": "Australia/Perth",
    "BRT": "America/Sao_Paulo",
    "ART": "America/Argentina/Buenos_Aires",
}

_ZONE_PLACES = {
    "new york": "America/New_York",
    "nyc": "America/New_York",
    "ny": "America/New_York",
    "eastern": "America/New_York",
    "toronto": "America/Toronto",
    "boston": "America/New_York",
    "central": "America/Chicago",
    "chicago": "America/Chicago",
    "austin": "America/Chicago",
    "mountain": "America/Denver",
    "denver": "America/Denver",
    "pacific": "America/Los_Angeles",
    "los angeles": "America/Los_Angeles",
    "la": "America/Los_Angeles",
    "san francisco": "America/Los_Angeles",
    "sf": "America/Los_Angeles",
    "seattle": "America/Los_Angeles",
    "london": "Europe/London",
    "uk": "Europe/London",
    "dublin": "Europe/Dublin",
    "paris": "Europe/Paris",
    "berlin": "Europe/Berlin",
    "amsterdam": "Europe/Amsterdam",
    "madrid": "Europe/Madrid",
    "tokyo": "Asia/Tokyo",
    "sydney": "Australia/Sydney",
    # cities people name whose zone goes by another city
    "mumbai": "Asia/Kolkata",
    "delhi": "Asia/Kolkata",
    "new delhi": "Asia/Kolkata",
    "bangalore": "Asia/Kolkata",
    "bengaluru": "Asia/Kolkata",
    "beijing": "Asia/Shanghai",
    "washington": "America/New_York",
    "dc": "America/New_York",
    "samoa": "Pacific/Apia",
}
#: Zone cities whose name before "time" means something else: "Christmas time", "Easter
#: time", "wake time", "reunion time", "center time", people's names ("Casey time").
_NOT_ZONE_PLACES = frozenset(
    {"christmas", "easter", "wake", "reunion", "midway", "center", "casey", "davis", "palmer"}
    | {"dawson", "stanley", "regina", "troll", "resolute", "macquarie", "norfolk", "mawson"}
)
#: "<city> time" for every city an IANA zone of a country is named after ("Auckland time",
#: "Lagos time", "Sao Paulo time"; the tz database's zone.tab, so no old alias such as
#: "Pacific/Samoa", which is American Samoa, not Samoa), beside the names above.
for _line in (
    resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text("utf-8").splitlines()
):
    if _line.strip() and not _line.startswith("#"):
        _zone = _line.split("\t")[2]
        _city = _zone.rpartition("/")[2].replace("_", " ").lower()
        if _city not in _NOT_ZONE_PLACES:
            _ZONE_PLACES.setdefault(_city, _zone)

_WEEKDAYS = {
    "mon": 0,
    "tue": 1,
    "wed": 2,
    "thu": 3,
    "fri": 4,
    "sat": 5,
    "sun": 6,
}

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}


def _trie(words: Iterable[str]) -> str:
    """One regex alternation of ``words`` as a trie ("ma(?:i|rs)"): hundreds of names are
    tried at each position of a text in a few steps, not one by one."""
    tree: dict[str, Any] = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict[str, Any]) -> str:
        ends = "" in node
        branches = [
            re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            # a longer name first, then the word that ends here
            return f"(?:{body})?" if len(branches) > 1 or len(body) > 1 else f"{body}?"
        return body

    return "(?:" + pattern(tree) + ")"


#: Weekday and month names in other languages, from the Unicode CLDR
#: (``scripts/calendar_words.py`` writes the file and says what it keeps).
_CALENDAR_WORDS = json.loads(
    Path(__file__).with_name("calendar_words.json").read_text(encoding="utf-8")
)
#: Month names in other languages, as written inside a date ("5 de setembro", "17
#: kwietnia", "26 августа", "5. Mai"): each to its number.
_FOREIGN_MONTHS: dict[str, int] = _CALENDAR_WORDS["months"]
#: Parts of the day in other languages ("vormittags", "du soir", "вечера").
_FOREIGN_PARTS: dict[str, str] = _CALENDAR_WORDS["parts"]
#: "or", in English and in the other languages read ("oder", "ou", "или"): between
#: choices.
OR = "(?:or|" + "|".join(map(re.escape, _CALENDAR_WORDS["or"])) + ")"
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|" + _trie(_FOREIGN_MONTHS) + ")"
)
#: The mark of a line of a list: "-", "*", "•", a dash, "2." or "2)".
BULLET = r"(?:[-*\u2022\u2013\u2014]|\d{1,2}[.)]|[a-hA-H]\))"
#: Weekdays in the languages people write to contacts abroad in ("vendredi 12 mars,
#: 12h30"): full words only, each to its index.
_FOREIGN_WEEKDAYS = {
    **_CALENDAR_WORDS["weekdays"],
    # typed without their accents, which the CLDR names carry
    **{"lunedi": 0, "martedi": 1, "miercoles": 2, "mercoledi": 2, "giovedi": 3, "venerdi": 4},
}
_WEEKDAY = (
    r"(?:mondays?|tuesdays?|wednesdays?|thursdays?|fridays?|saturdays?|sundays?"
    r"|mon|tues?|weds?|thu(?:rs?)?|fri|(?-i:Sat|Sun)|" + _trie(_FOREIGN_WEEKDAYS) + ")"
)
_ORD = r"(?:st|nd|rd|th)?"

_RE_WEEKDAY = re.compile(
    rf"\b(?:(?P<mod>next|this|coming|last)\s+)?(?P<wd>{_WEEKDAY})\b\.?(?!')", re.IGNORECASE
)
#: A weekday with its day of the month and no month: "Mon 30th", "Friday the 4th".
_RE_WEEKDAY_ORDINAL = re.compile(
    rf"\b(?P<wd>{_WEEKDAY})\.?,?\s+(?:the\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)\b"
    rf"(?!\s+(?:of\s+)?{_MONTH}\b)",
    re.IGNORECASE,
)
#: A day of the month alone, after "the": "the 13th at 12:30", "- the 2nd, any time".
_RE_ORDINAL_DAY = re.compile(
    rf"\bthe\s+(?P<d>[1-9]|[12]\d|3[01])(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?{_MONTH}\b)"
    # (not "the 3rd option", "the 2nd floor", "the 21st century", "the 5th-year review")
    r"(?![-\u2013]?[^\S\n]*(?:option|choice|one|floor|centur(?:y|ies)|time|place|round"
    r"|anniversar(?:y|ies)|birthday|grade|year|edition|percentile|amendment|attempt|try|draft"
    r"|version|item|slot|step|person|people|candidate|interview|call|meeting|week|month|day"
    r"|quarter|stage|level|row|line|point|paragraph|page|chapter|question|reason|thing"
    r"|generation|class|cohort|batch|term|semester|period|hour|minute|st|nd|rd|th"
    r"|arrondissement|district|ward|precinct|street|avenue|storey|story|borough|percent"
    # ("the 1st of many", "the 2nd of the three")
    r"|of)s?\b)",
    re.IGNORECASE,
)
_RE_WEEKDAY_POSSESSIVE = re.compile(rf"\b(?P<wd>{_WEEKDAY})'s\b", re.IGNORECASE)
_RE_RELATIVE = re.compile(
    r"\b(?P<rel>today|tonight|tomorrow|tmrw|tmr|tomorow|tommorow|tommorrow|yesterday)\b",
    re.IGNORECASE,
)
_RE_MONTH_DAY = re.compile(
    rf"\b(?P<mon>{_MONTH})\.?\s+(?P<d>\d{{1,2}}){_ORD}\b(?!\s*(?::|[ap]\.?m\b|%|-\s*\d))"
    r"(?:,?\s+(?P<y>(?:19|20)\d\d)\b)?",
    re.IGNORECASE,
)
_RE_DAY_MONTH = re.compile(
    # "30 Nov", "2nd of December", "5 de setembro de 2027", "5. Mai", "17 kwietnia"
    rf"\b(?P<d>\d{{1,2}})(?:{_ORD}|\.)\s*(?:(?:of|de|del|di)\s+)?(?<=[\s.])(?P<mon>{_MONTH})\b\.?"
    r"(?:,?\s+(?:de\s+)?(?P<y>(?:19|20)\d\d)\b)?",
    re.IGNORECASE,
)
#: A date in Chinese, Japanese or Korean: "3月16日", "2026年4月26日", "2월 17일".
_RE_CJK_DATE = re.compile(
    r"(?<!\d)(?:(?P<y>(?:19|20)\d\d)\s*[年년]\s*)?(?P<m>\d{1,2})\s*[月월]\s*(?P<d>\d{1,2})\s*[日일号號]"
)
_RE_NUMERIC = re.compile(
    r"(?<![\d/])(?P<a>\d{1,2})/(?P<b>\d{1,2})(?:/(?P<y>\d{4}|\d{2}))?(?![\d/])"
    r"(?!\s*(?:an?\s+)?(?:hour|hr|min))"
)
#: A day-first date with dots, the last dot written: "12.5.", "7.9.", "14.05.2027".
_RE_DOTTED = re.compile(
    r"(?<![\d.:])(?<!at )(?<!@ )(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4}|\d{2})?(?![\d:])"
)
_RE_ISO = re.compile(
    r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:[T ](?P<h>\d{2}):(?P<mi>\d{2}))?(?!\d)"
)

_AMPM = r"(?:a\.?m\.?|p\.?m\.?)(?![a-z])"
_RE_RANGE = re.compile(
    # (a dot between hours and minutes only with am/pm: "12.30pm - 1.30pm")
    rf"(?<![\d:/.$£€])(?P<h1>\d{{1,2}})(?:(?P<s1>[:h.])(?P<m1>[0-5]\d)|(?P<frh1>h))?[^\S\n]*"
    rf"(?P<ap1>{_AMPM})?"
    # one line only: "08:00\n- Fri 5 Mar" is a time and the next bullet, not a range
    r"[^\S\n]*(?:-|–|—|to|until|till|[~\u301c\uff5e])[^\S\n]*"
    rf"(?:{_WEEKDAY}\.?[^\S\n]+)?"
    # "9h–11h", "12h30-14h": the French way, 24-hour
    rf"(?P<h2>\d{{1,2}})(?:(?P<s2>[:h.])(?P<m2>[0-5]\d)|h(?![a-z]))?[^\S\n]*(?P<ap2>{_AMPM})?"
    r"(?!\s*(?:min|minute|hour|hr|people|person|week|day|option|time))",
    re.IGNORECASE,
)
#: A month just before a number: the number is its day ("June 5 — 12:00 to 1:00 pm").
_MONTH_BEFORE = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?[^\S\n]*$", re.I
)


def _clock_ranges(text: str) -> Iterator[re.Match[str]]:
    """The clock ranges of ``text``; one that would start at a date's day ("June 5 —
    12:00 to 1:00 pm", but not "22 May 1:00-1:30pm") is looked for again from its second
    number."""
    pos = 0
    while (m := _RE_RANGE.search(text, pos)) is not None:
        # "5", not "1:00", "1pm" or "9h"
        bare = m["m1"] is None and m["ap1"] is None and m["frh1"] is None
        if bare and _MONTH_BEFORE.search(text, max(0, m.start("h1") - 12), m.start("h1")):
            pos = m.start("h2")
            continue
        yield m
        pos = m.end()


#: "between 10 and 11am": a range, the "and" read as its dash.
_RE_BETWEEN = re.compile(
    # ("between 12h and 14h", "between 9h30 and 11h": the French way)
    rf"\bbetween[^\S\n]+(?P<h1>\d{{1,2}})(?![\d.])(?:[:h](?P<m1>[0-5]\d)|h(?![a-z]))?[^\S\n]*"
    rf"(?P<ap1>{_AMPM})?[^\S\n]+and[^\S\n]+"
    rf"(?P<h2>\d{{1,2}})(?![\d.])(?:[:h](?P<m2>[0-5]\d)|h(?![a-z]))?[^\S\n]*(?P<ap2>{_AMPM})?"
    r"(?!\s*(?:min|minute|hour|hr|people|person|week|day|option|time|%|year|yr|month|percent"
    r"|k\b|employee|of\b|and\b|or\b))",
    re.IGNORECASE,
)
#: A time that repeats the one written before it: "Thursday at the same time".
_RE_SAME_TIME = re.compile(r"\b(?:at\s+)?the\s+same\s+(?:time|hour)\b", re.IGNORECASE)
#: A range that starts or ends at noon: "noon-13:30", "12 noon to 2pm", "11:00 to midday".
_RANGE_SEP = r"[^\S\n]*(?:-|–|—|to|until|till)[^\S\n]*"
_RE_NOON_RANGE = re.compile(
    r"\b(?:12[^\S\n]+)?(?:noon|midday)"
    + _RANGE_SEP
    + rf"(?P<h2>\d{{1,2}})(?::(?P<m2>[0-5]\d))?[^\S\n]*(?P<ap2>{_AMPM})?"
    r"(?!\s*(?:min|minute|hour|hr|people|person|week|day|option|time))"
    r"|(?<![\d:/])(?P<h1>\d{1,2})(?::(?P<m1>[0-5]\d))?[^\S\n]*"
    rf"(?P<ap1>{_AMPM})?" + _RANGE_SEP + r"(?:12[^\S\n]+)?(?:noon|midday)\b",
    re.IGNORECASE,
)
_RE_CLOCK = re.compile(
    rf"(?<![\d:/.])(?P<h>\d{{1,2}})(?::(?P<m>[0-5]\d))?\s*(?P<ap>{_AMPM})", re.IGNORECASE
)
_RE_COLON = re.compile(r"(?<![\d:/.])(?P<h>\d{1,2}):(?P<m>[0-5]\d)(?![\d:])")
_RE_AT = re.compile(
    r"\b(?:at|around|@|from|after|before)\s+(?P<h>\d{1,2})\b(?!\s*(?:%|min|minute|hour|hr|people"
    r"|person|/|\.\d|:|st\b|nd\b|rd\b|th\b|o'?clock|years?\b|yrs?\b|days?\b|weeks?\b|months?\b"
    r"|-))",
    re.IGNORECASE,
)
_HOUR_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_RE_OCLOCK = re.compile(
    r"\b(?P<h>\d{1,2}|" + "|".join(_HOUR_WORDS) + r")\s*o'?clock\b", re.IGNORECASE
)
_RE_NOON = re.compile(r"\b(?:12\s+)?(?P<w>noon|midday)\b", re.IGNORECASE)
_RE_MIDNIGHT = re.compile(r"\b(?:at|around|from)\s+(?P<w>midnight)\b", re.IGNORECASE)
#: A 24-hour time without a colon, as the military and some public services write it,
#: after "at" and before a zone or "hours": "at 1030 Eastern", "at 1400 hrs".
_RE_MILITARY = re.compile(
    r"\b(?:at|from|@)\s+(?P<h>[01]\d|2[0-3])(?P<m>[0-5]\d)(?:\s*(?:hours|hrs|h)\b"
    r"|(?=\s+(?:Eastern|Central|Pacific|Mountain|local|[A-Z]{2,5}\b)))"
)

# --- clock times in words: "half past five", "half five", "quarter to one", "ten in the
# morning", "at eleven thirty", "18h30" -------------------------------------------------------

_HOUR = r"(?:" + "|".join(sorted(_HOUR_WORDS, key=len, reverse=True)) + r"|1[0-2]|0?[1-9])"
_MINUTE_WORDS = {
    "five": 5, "ten": 10, "fifteen": 15, "twenty": 20, "twenty-five": 25, "twenty five": 25,
    "thirty": 30, "forty": 40, "forty-five": 45, "forty five": 45, "fifty": 50,
    "fifty-five": 55, "fifty five": 55, "quarter": 15, "a quarter": 15, "half": 30,
}  # fmt: skip
_PAST_MINUTES = r"(?:twenty[-\s]five|twenty|ten|five|(?:a\s+)?quarter|half)"
#: What may follow an hour written in words for it to be a clock time: the end of a
#: phrase, a word that goes on about when ("at ten on Monday", "half five works", "at
#: eleven your time") or a capitalised word; not a noun ("at one point", "by two
#: colleagues", "ten to twelve people").
_TIME_FOLLOWS = (
    r"(?=[^\S\n]*(?:$|[.,;:!?)\]/\-\u2013\u2014\n]|(?:or|and|on|in|at|if|then|so|for|with"
    r"|your|my|our|their|that|this|tomorrow|today|tonight|sharp|ish|please|works?|would"
    r"|could|is|suits?|[ap]\.?m|o'?clock|until|till|to|before|after|every|each|next|would"
    r"|there|here|is|be|local|time|instead|again|as|should|'s)\b|(?-i:[A-Z])))"
)
#: Words after a clock time that say which half of the day it is in.
_RE_DAY_HALF = re.compile(
    r"[^\S\n]+(?:in\s+the\s+(?P<am>morning)|in\s+the\s+(?P<pm>afternoon|evening)"
    r"|(?P<night>at\s+night|tonight))\b",
    re.IGNORECASE,
)
_RE_WORD_CLOCK = re.compile(
    # "half past five", "quarter to one", "twenty past nine", "10 past 6"
    rf"\b(?P<mins>{_PAST_MINUTES}|\d{{1,2}}(?=\s+past))\s+(?P<dir>past|after|to)"
    rf"\s+(?P<h>{_HOUR})\b(?![:.]\d)"
    + _TIME_FOLLOWS
    +
    # British "half five" (5:30), not "half an hour" / "half the day"
    rf"|\bhalf\s+(?P<hh>{_HOUR})\b(?![:.]\d|\s*o'?clock)"
    + _TIME_FOLLOWS
    +
    # "at eleven thirty", "around ten", "by twelve"
    r"|\b(?:at|around|about|from|by|@)\s+(?P<ah>"
    + "|".join(sorted(_HOUR_WORDS, key=len, reverse=True))
    + r")(?:[-\s]+(?P<aw>oh[-\s]+five|fifteen|thirty|forty[-\s]five|forty|fifty|twenty|ten))?"
    r"\b(?!\s+(?:past|after|to)\b)"
    + _TIME_FOLLOWS
    # "eight in the morning", "six in the evening", "eight am"
    + r"|\b(?P<wh>"
    + "|".join(sorted(_HOUR_WORDS, key=len, reverse=True))
    + r")(?=[^\S\n]+(?:in\s+the\s+(?:morning|afternoon|evening)|at\s+night|[ap]\.?m\b))"
    # "5 in the afternoon"
    + r"|(?<![\d:/.,])(?P<wh2>1[0-2]|0?[1-9])(?=[^\S\n]+(?:in\s+the\s+(?:morning|afternoon"
    r"|evening)|at\s+night)\b)",
    re.IGNORECASE,
)
#: "18h", "18h30", "12h00", "9h15": the French way, read as written (24-hour); not a
#: duration ("a 2h call", "for 1h").
_RE_H_CLOCK = re.compile(
    r"(?<![\w:/.])(?<!\ba )(?<!\ban )(?<!\bfor )(?<!\bof )(?<!\bin )(?<!\bthan )"
    # ("17 h 30", as Québec writes it, with its spaces)
    r"(?<!\blast )(?<!\btakes )(?P<h>[01]?\d|2[0-3])(?:h|[^\S\n]h[^\S\n](?=\d))(?P<m>[0-5]\d)?\b"
    r"(?!\s*(?:call|chat|meeting|slot|session|drive|flight|trip|ride|walk|block|window|shift"
    r"|break|long|max|or\s+so))",
    re.IGNORECASE,
)
#: "at 12.30", "12.30pm": a dotted clock time, read only after "at"/"from" or before am/pm.
_RE_DOT_CLOCK = re.compile(
    r"(?:(?<=\bat )|(?<=\bfrom )|(?<=\baround )|(?<=@ )|(?<=\bby ))(?P<h>\d{1,2})\.(?P<m>[0-5]\d)\b"
    rf"(?!\.\d)(?:\s*(?P<ap>{_AMPM}))?"
    rf"|(?<![\d.:/])(?P<h2>\d{{1,2}})\.(?P<m2>[0-5]\d)\s*(?P<ap2>{_AMPM})"
    # a 24-hour one anywhere: "Tue 17.30", "09.15" (not "12.50", "£17.50", "v1.2.30")
    r"|(?<![\d.:/$£€,])(?P<h3>0\d|1[3-9]|2[0-3])\.(?P<m3>[0-5]\d)(?![\d.,]\d|[a-z%]|\s*(?:%|percent|euros?|dollars?|pounds?|francs?|eur|usd|gbp|chf|kg|km|miles?)\b)",
    re.IGNORECASE,
)


_RE_AMPM_AFTER = re.compile(rf"[^\S\n]*(?P<ap>{_AMPM})", re.IGNORECASE)


def _hour_number(word: str) -> int:
    return _HOUR_WORDS.get(word.lower()) or int(word)


def _day_half(text: str, end: int) -> tuple[str | None, int]:
    """ "am"/"pm" from words right after a clock ("in the morning", "in the evening", "at
    night") and where those words end; (None, end) when there are none."""
    m = _RE_DAY_HALF.match(text, end)
    if m is None:
        return None, end
    return ("am" if m["am"] else "pm"), m.end()


def _word_clock(m: re.Match[str], text: str) -> tuple[dt.time, int] | None:
    """The clock time of a ``_RE_WORD_CLOCK`` match and where it ends (with "in the
    morning" and the like); the hour follows the working-day reading unless the words
    say which half of the day."""
    ampm, end = _day_half(text, m.end())
    after = _RE_AMPM_AFTER.match(text, m.end())
    if after is not None and ampm is None:
        ampm, end = after["ap"], after.end()  # "eight am", "half five pm"
    if m["wh"] or m["wh2"]:
        base = _hour(_hour_number(m["wh"] or m["wh2"]), 0, ampm)
        return (base, end) if base is not None else None
    if m["hh"]:  # "half five"
        base = _hour(_hour_number(m["hh"]), 30, ampm)
        return (base, end) if base is not None else None
    if m["ah"]:
        minute = 0
        if m["aw"]:
            word = re.sub(r"[-\s]+", " ", m["aw"].lower())
            minute = 5 if word.startswith("oh") else _MINUTE_WORDS[word.replace(" ", "-")]
        base = _hour(_hour_number(m["ah"]), minute, ampm)
        return (base, end) if base is not None else None
    words = re.sub(r"\s+", " ", m["mins"].lower()).replace(" minutes", "")
    words = words.removeprefix("a ")
    minutes = int(words) if words.isdigit() else _MINUTE_WORDS[words.replace(" ", "-")]
    if not 0 < minutes < 60:
        return None
    base = _hour(_hour_number(m["h"]), 0, ampm)
    if base is None:
        return None
    stamp = dt.datetime.combine(dt.date(2000, 1, 2), base)
    if m["dir"].lower() == "to":
        stamp -= dt.timedelta(minutes=minutes)
    else:
        stamp += dt.timedelta(minutes=minutes)
    return stamp.time(), end


_RE_PART = re.compile(
    r"(?<!\w)(?P<p>mornings?|lunch(?:time)?|afternoons?|evenings?|after\s+work|any\s*time"
    r"|whenever|all\s+day|" + _trie(_FOREIGN_PARTS) + r")(?!\w)",
    re.IGNORECASE,
)
_RE_ZONE_ABBR = re.compile(r"\b(?P<z>" + "|".join(_ZONE_ABBREVIATIONS) + r")\b")
# Right after a clock: "08:00 NZDT", "9am IST", "17:30 +14", "10:00 UTC+5:30".
_AFTER_CLOCK = r"(?:(?<=\d)|(?<=\d )|(?<=[ap]m )|(?<=[AP]M )|(?<=m\.)|(?<=m\. ))"
_RE_ZONE_CLOCK_ABBR = re.compile(
    _AFTER_CLOCK + r"(?P<z>" + "|".join(_CLOCK_ZONE_ABBREVIATIONS) + r")\b"
)
_RE_ZONE_OFFSET = re.compile(
    r"(?:(?<=\d )(?P<bare>[+\-\u2212])(?P<bh>\d\d)(?P<bm>\d\d)?(?![\d:])"
    + r"|"
    + _AFTER_CLOCK
    + r"(?:UTC|GMT)(?P<sign>[+\-\u2212])(?P<h>\d{1,2})(?::?(?P<m>\d\d))?(?![\d:]))"
)
#: Zones for offsets that are not whole hours (whole hours are ``Etc/GMT-N``).
_ODD_OFFSETS = {
    330: "Asia/Kolkata",
    345: "Asia/Kathmandu",
    210: "Asia/Tehran",
    270: "Asia/Kabul",
    390: "Asia/Yangon",
    570: "Australia/Darwin",
    -210: "America/St_Johns",
    -570: "Pacific/Marquesas",
    525: "Australia/Eucla",
}
_RE_ZONE_PLACE = re.compile(r"\b(?P<z>" + _trie(_ZONE_PLACES) + r")\s+time\b", re.IGNORECASE)
#: "Eastern", "Pacific"... alone, of a time (not "the Pacific", "Central Park", "Pacific
#: Islands").
_RE_ZONE_BARE = re.compile(
    r"(?<!\bthe )(?<!\bThe )\b(?P<z>Eastern|Pacific|Central|Mountain)\b"
    r"(?!\s+(?:Park|time|Ocean|Islands?|Rim|Coast|Northwest|Europe|Asia|America|African)\b)"
)

_RE_WINDOW = re.compile(r"\b(?:any\s*time|whenever)\s*(?:between|from|in)?\s*$", re.IGNORECASE)
_BREAK = re.compile(r"[.!?;]\s|\n|[.!?;]$")
_TIGHT_BEFORE = re.compile(
    # "Monday 11/30: 10:00am", "Tue, at 3", "Wed (from 2pm)"
    r"^[^\S\n]*[:\u2013\u2014-]?[\s,()]*(?:(?:at|@|around|from|by|between|starting|after|before"
    r"|about|for|in the|over|any\s*time|whenever|until|till|up to"
    # "at" in the languages of the weekday names read: "Montag, 7. Juli um 17:30", "às
    # 12h30", "alle 12", "a las 5", "om 14.00", "kl. 14", "klo 12", "в 11:00", "saat 14"
    r"|um|ab|à|às|a\s+las?|alle|om|o|kl\.?|klo|в|saat|pukul|jam|vers|hacia|rond|ok\.|około"
    # "tomorrow (Thursday) morning around 9"
    r"|morning|afternoon|evening|lunchtime)\s*)*[\s,(]*$",
    re.IGNORECASE,
)
_ON_DAY = re.compile(
    r"\)?\s*(?:in\s+the\s+(?:morning|afternoon|evening)\s+)?(?:(?:on|this|next|coming)\s+"
    r"(?:the\s+)?|(?:every|each)\s+(?:day|weekday)\s+(?:from\s+)?)",
    re.IGNORECASE,
)
#: Between the two ends of a range of days: "Tuesday 25 to Saturday 29 May", "Mon-Thu".
_RE_DAY_RANGE_GAP = re.compile(
    r"[^\S\n]*(?:\d{1,2}(?:st|nd|rd|th)?[^\S\n]*)?(?:-|\u2013|\u2014|to|through|thru|until"
    r"|till)[^\S\n]*(?:the[^\S\n]+)?",
    re.IGNORECASE,
)
_RE_GAP_ZONE = re.compile(
    r"^\s*\(?(?:[A-Z]{2,5}|UTC[+-]\d{1,2}(?::\d\d)?"
    # "9 a.m. Pacific on Monday", "10:00 (London time) on Tuesday", "noon your time on Fri"
    r"|(?:Pacific|Eastern|Central|Mountain|Atlantic|Alaska|Hawaii)(?:\s+[Tt]ime)?"
    r"|(?:your|my|local|[A-Z][a-z]+)\s+time)\)?(?=\s)"
)
#: Between two days of one list: "Wednesday 13, Thursday 14 or Friday 15".
_RE_LIST_GAP = re.compile(
    rf"[^\S\n]*(?:\d{{1,2}}(?:st|nd|rd|th)?[^\S\n]*)?(?:,[^\S\n]*)?(?:(?:{OR}|and)[^\S\n]+)?"
    r"(?:on[^\S\n]+)?"
)
#: A time then its day on the same line: "10am on Tuesday", "3pm, Wednesday".
_TIGHT_AFTER = re.compile(
    r"^[^\S\n]*(?:,[^\S\n]*)?(?:(?:on|this|next|of|coming)[^\S\n]*)?\Z", re.IGNORECASE
)

_PARTS = {
    "morning": "morning",
    "mornings": "morning",
    "lunch": "lunch",
    "lunchtime": "lunch",
    "afternoon": "afternoon",
    "afternoons": "afternoon",
    "evening": "evening",
    "evenings": "evening",
}


#: Between a part of the day and a time it is not about: "the morning or 16:00"; a comma
#: too when the time is not in that part ("the morning, 12:30"; "afternoon, around 3pm"
#: is one option).
_RE_CHOICE_GAP = re.compile(rf"[;\n]|\b(?:{OR}|and)\b", re.IGNORECASE)
#: The hours a part of the day spans, [start, end).
PART_HOURS = {"morning": (5, 12), "lunch": (11, 15), "afternoon": (12, 18), "evening": (17, 24)}


def _free_parts(text: str, tokens: list[_Token], clocks: list[_Token]) -> list[_Token]:
    """The parts of the day among ``tokens`` that stand as choices of their own: not
    beside one of ``clocks`` ("lunchtime around 12:30", "16:00 in the afternoon"), and
    each part of the day once."""
    free: list[_Token] = []
    for token in tokens:
        if token.kind != "part" or token.part in (None, "any"):
            continue
        if any(p.part == token.part for p in free):
            continue
        before = text[max(0, token.start - 60) : token.start]
        if re.search(
            r"\b(?:if|when|because|as|my\s+(?:flight|train|bus|ferry|plane|shift|class|lecture"
            r"|appointment))\b[^,.;:!?\n]*$",
            before,
            re.I,
        ):
            # "or by phone if you're tired after work", "my flight home is in the evening":
            # a condition or the writer's own plans, not a choice
            continue
        low, high = PART_HOURS.get(token.part or "", (0, 24))
        if clocks and not any(
            _RE_CHOICE_GAP.search(text[min(token.end, c.end) : max(token.start, c.start)])
            for c in clocks
        ):
            # beside times of the day but offered as no choice of its own: "9:00 (16:00
            # Madrid) - in the afternoon there is the march and I want to go"
            continue
        beside = False
        for clock in clocks:
            a, b = sorted((token, clock), key=lambda t: t.start)
            gap = text[a.end : b.start]
            if _RE_CHOICE_GAP.search(gap):
                continue
            inside = clock.clock is not None and low <= clock.clock.hour < high
            # "12:30pm, which might work as a lunch break": the part says when the time is
            if (inside and len(gap) <= 60) or (len(gap) <= 24 and "," not in gap):
                beside = True
                break
        if not beside:
            free.append(token)
    return free


#: Between two parts of a day listed as choices: "the morning, lunch or the evening".
_RE_PARTS_GAP = re.compile(
    r"[\s,;/]*(?:(?:or|and)\b[\s,]*)?(?:(?:in|at|around|over|for|the|early|late|else)\s+)*",
    re.IGNORECASE,
)


def _listed_parts(text: str, parts: list[_Token]) -> bool:
    """Whether parts of one day are written as a list of choices ("the morning, lunch or
    after work"), not one choice and a remark ("any time in the morning, as I know the
    afternoon is short")."""
    ordered = sorted(parts, key=lambda t: t.start)
    return all(_RE_PARTS_GAP.fullmatch(text, a.end, b.start) for a, b in pairwise(ordered))


def zone_info(name: str) -> ZoneInfo:
    """The ZoneInfo for an IANA name; raises ValueError for an unknown one."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError, OSError) as error:
        raise ValueError(f"unknown time zone: {name!r}") from error


@dataclass
class _Token:
    kind: str  # "day" | "clock" | "part" | "zone"
    start: int
    end: int
    day: dt.date | None = None
    clock: dt.time | None = None
    until: dt.time | None = None
    part: str | None = None
    zone: str | None = None
    skip: bool = False  # a reference to the past, not an option
    whole: bool = False  # a weekday and its date, joined: a later weekday is another day
    out: bool = False  # a day the writer rules out ("Thursday is out")


def _hour(h: int, minute: int, ampm: str | None, as_written: bool = False) -> dt.time | None:
    """The clock time; without am/pm, 1-7 is read as afternoon unless ``as_written`` (a
    24-hour time: zero-padded, or in a text that writes 24-hour times)."""
    if minute > 59:
        return None
    if ampm:
        if not 1 <= h <= 12:
            return None
        pm = ampm.lower().startswith("p")
        hour = h % 12 + (12 if pm else 0)
        return dt.time(hour, minute)
    if h > 23:
        return None
    if 1 <= h <= 7 and not as_written:
        h += 12
    return dt.time(h, minute)


def _closest_date(today: dt.date, month: int, day: int) -> dt.date | None:
    best: dt.date | None = None
    for year in (today.year - 1, today.year, today.year + 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if best is None or abs((candidate - today).days) < abs((best - today).days):
            best = candidate
    return best


def _make_date(year: int | None, month: int, day: int, today: dt.date) -> dt.date | None:
    if year is None:
        return _closest_date(today, month, day)
    if year < 100:
        year += 2000
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _weekday_and_date(today: dt.date, weekday: int, dom: int) -> dt.date | None:
    """The date nearest ``today`` that falls on that weekday and day of the month ("Mon
    30th"); the first such day of the month from a week back when none is near."""
    for back in range(-7, 120):
        candidate = today + dt.timedelta(days=back)
        if candidate.day == dom and candidate.weekday() == weekday:
            return candidate
    return None


def _next_day_of_month(today: dt.date, dom: int) -> dt.date | None:
    """The first date from ``today`` on that day of the month ("the 13th"); one a few
    days back when it is that near ("the 1st", written on the 3rd, is two days ago)."""
    for back in range(-3, 93):
        candidate = today + dt.timedelta(days=back)
        if candidate.day == dom:
            return candidate
    return None


def _month_index(word: str) -> int:
    lowered = word.lower().rstrip(".")
    return _FOREIGN_MONTHS.get(lowered) or _MONTHS[lowered[:3]]


#: After a weekday, a part of the day in the plural: a habit ("Friday mornings").
_RE_PLURAL_PART = re.compile(
    r"[^\S\n]+(?:mornings|afternoons|evenings|nights|lunchtimes)\b", re.IGNORECASE
)


def _weekday_index(word: str) -> int:
    lowered = word.lower()
    return int(_FOREIGN_WEEKDAYS.get(lowered, _WEEKDAYS.get(lowered[:3], -1)))


#: A 24-hour time written in the text: a zero-padded hour or an hour from 13 on.
_RE_24_HOURS = re.compile(
    rf"(?<![\d:/.])(?:0\d|1[3-9]|2[0-3]):[0-5]\d(?!\d|\s*{_AMPM})", re.IGNORECASE
)


#: Zones where "8/12" is month first (the United States, Canada, the Philippines);
#: elsewhere a date written with numbers is day first ("8/12" is 8 December).
_MONTH_FIRST_PREFIXES = ("America/", "US/", "Canada/", "Pacific/Honolulu", "Asia/Manila")
_MONTH_FIRST_EXCEPTIONS = (
    "America/Argentina",
    "America/Sao_Paulo",
    "America/Bogota",
    "America/Lima",
    "America/Santiago",
    "America/Mexico_City",
    "America/Caracas",
    "America/Montevideo",
)
_RE_WEEKDAY_BEFORE = re.compile(rf"\b(?P<wd>{_WEEKDAY})\b\.?,?\s*$", re.IGNORECASE)


def _month_first(home: str) -> bool:
    return home.startswith(_MONTH_FIRST_PREFIXES) and not home.startswith(_MONTH_FIRST_EXCEPTIONS)


def _numeric_date(
    text: str, start: int, a: int, b: int, year: int | None, today: dt.date, home: str
) -> dt.date | None:
    """The date of "a/b": a number over 12 can only be the day; else the reading whose
    weekday matches a weekday written just before ("Tue 8/12"), else the only reading
    within two weeks of today, else the order of the reader's zone (month first in the
    US, day first in most of the world)."""
    if a > 12:
        return _make_date(year, b, a, today)
    if b > 12:
        return _make_date(year, a, b, today)
    month_first = _make_date(year, a, b, today)
    day_first = _make_date(year, b, a, today)
    before = _RE_WEEKDAY_BEFORE.search(text[max(0, start - 16) : start])
    if before is not None:
        index = _weekday_index(before["wd"])
        matching = [d for d in (month_first, day_first) if d is not None and d.weekday() == index]
        if len(matching) == 1:
            return matching[0]
    # a date proposed or recalled is near: "12/2" written on Nov 27 is Dec 2, not Feb 12
    near = [d for d in (month_first, day_first) if d is not None and abs((d - today).days) <= 14]
    if len(near) == 1:
        return near[0]
    return month_first if _month_first(home) else day_first


def _padded(digits: str | None) -> bool:
    return digits is not None and len(digits) == 2 and digits.startswith("0")


def _tokens(text: str, today: dt.date, home: str) -> list[_Token]:
    found: list[_Token] = []
    # A text that writes "07:30" or "14:00" uses the 24-hour clock: "7:30" there is 07:30.
    clock24 = _RE_24_HOURS.search(text) is not None

    for m in _RE_ISO.finditer(text):
        day = _make_date(int(m["y"]), int(m["m"]), int(m["d"]), today)
        if day is None:
            continue
        if m["h"] is not None:
            hour, minute = int(m["h"]), int(m["mi"])
            clock = dt.time(hour, minute) if hour < 24 and minute < 60 else None
            date_end = m.start("h") - 1
            found.append(_Token("day", m.start(), date_end, day=day))
            if clock is not None:
                found.append(_Token("clock", m.start("h"), m.end(), clock=clock))
        else:
            found.append(_Token("day", m.start(), m.end(), day=day))
    for m in _RE_MONTH_DAY.finditer(text):
        y = int(m["y"]) if m["y"] else None
        day = _make_date(y, _month_index(m["mon"]), int(m["d"]), today)
        if day is not None:
            found.append(_Token("day", m.start(), m.end(), day=day))
    for m in _RE_DAY_MONTH.finditer(text):
        y = int(m["y"]) if m["y"] else None
        day = _make_date(y, _month_index(m["mon"]), int(m["d"]), today)
        if day is not None:
            found.append(_Token("day", m.start(), m.end(), day=day))
    for m in _RE_CJK_DATE.finditer(text):
        y = int(m["y"]) if m["y"] else None
        day = _make_date(y, int(m["m"]), int(m["d"]), today)
        if day is not None:
            found.append(_Token("day", m.start(), m.end(), day=day))
    if not _month_first(home):
        for m in _RE_DOTTED.finditer(text):
            d, mo = int(m["d"]), int(m["m"])
            if not (1 <= d <= 31 and 1 <= mo <= 12):
                continue
            y = int(m["y"]) if m["y"] else None
            y = y + 2000 if y is not None and y < 100 else y
            day = _make_date(y, mo, d, today)
            if day is not None:
                found.append(_Token("day", m.start(), m.end(), day=day))
    for m in _RE_NUMERIC.finditer(text):
        a, b = int(m["a"]), int(m["b"])
        if (a, b) == (24, 7):
            continue
        y = int(m["y"]) if m["y"] else None
        day = _numeric_date(text, m.start(), a, b, y, today, home)
        if day is not None:
            found.append(_Token("day", m.start(), m.end(), day=day))
    for m in _RE_WEEKDAY.finditer(text):
        index = _weekday_index(m["wd"])
        mod = (m["mod"] or "").lower()
        if mod == "last":
            back = (today.weekday() - index - 1) % 7 + 1
            day = today - dt.timedelta(days=back)
            found.append(_Token("day", m.start(), m.end(), day=day, skip=True))
            continue
        ahead = (index - today.weekday() - 1) % 7 + 1
        if re.search(r"\ban?\s+$", text[max(0, m.start() - 3) : m.start()], re.I):
            continue  # "on a Saturday too", "a Monday person": no date
        # "practice on Tuesdays", "lab meeting every Tuesday afternoon": a weekday in the
        # plural, or every week's, is a habit, not a date
        # (and "Friday mornings": every Friday's morning)
        habit = (
            m["wd"].lower().endswith("days")
            or bool(
                re.search(r"\b(?:every|each)\s+$", text[max(0, m.start() - 8) : m.start()], re.I)
            )
            or bool(_RE_PLURAL_PART.match(text, m.end()))
        )
        found.append(
            _Token("day", m.start(), m.end(), day=today + dt.timedelta(days=ahead), skip=habit)
        )
    for m in _RE_WEEKDAY_ORDINAL.finditer(text):
        day = _weekday_and_date(today, _weekday_index(m["wd"]), int(m["d"]))
        if day is not None:
            found.append(_Token("day", m.start(), m.end(), day=day))
    weekday_dates = [(m.start("d"), m.end()) for m in _RE_WEEKDAY_ORDINAL.finditer(text)]
    for m in _RE_ORDINAL_DAY.finditer(text):
        if any(a <= m.start("d") < b for a, b in weekday_dates):
            continue  # "Thursday the 9th": read with its weekday
        if re.search(r"\bin\s+$", text[max(0, m.start() - 4) : m.start()]):
            continue  # "your office in the 11th": a district
        day = _next_day_of_month(today, int(m["d"]))
        if day is not None:
            found.append(_Token("day", m.start(), m.end(), day=day))
    for m in _RE_WEEKDAY_POSSESSIVE.finditer(text):
        ahead = (_weekday_index(m["wd"]) - today.weekday() - 1) % 7 + 1
        found.append(_Token("day", m.start(), m.end(), day=today + dt.timedelta(days=ahead)))
    for m in _RE_RELATIVE.finditer(text):
        rel = m["rel"].lower()
        if rel == "yesterday":
            found.append(
                _Token("day", m.start(), m.end(), day=today - dt.timedelta(days=1), skip=True)
            )
        elif rel in ("today", "tonight"):
            part = "evening" if rel == "tonight" else None
            found.append(_Token("day", m.start(), m.end(), day=today, part=part))
        else:
            found.append(_Token("day", m.start(), m.end(), day=today + dt.timedelta(days=1)))

    for m in [*_clock_ranges(text), *_RE_BETWEEN.finditer(text)]:
        between = m.re is _RE_BETWEEN
        # "9h–11h": 24-hour, as written (not "2h-3h", a length)
        french = not between and m["frh1"] is not None and int(m["h1"]) >= 6
        if not (between or french or m["m1"] or m["m2"] or m["ap1"] or m["ap2"]):
            continue
        if not between and "." in (m["s1"], m["s2"]) and not (m["ap1"] or m["ap2"]):
            continue  # "1.50-2.00": amounts, not times
        h1, h2 = int(m["h1"]), int(m["h2"])
        m1, m2 = int(m["m1"] or 0), int(m["m2"] or 0)
        ap2 = m["ap2"]
        ap1 = m["ap1"]
        if ap1 is None and ap2 is not None:
            # "12-1pm": the start shares the end's half of the day unless that would put
            # it after the end ("11-1pm" starts in the morning).
            pm = ap2.lower().startswith("p")
            start24 = h1 % 12 + (12 if pm else 0)
            end24 = h2 % 12 + (12 if pm else 0)
            ap1 = ap2 if start24 <= end24 else ("am" if pm else "pm")
        start = _hour(h1, m1, ap1, clock24 or french or _padded(m["h1"]))
        end = _hour(h2, m2, ap2, clock24 or french or _padded(m["h2"]))
        if start is None:
            continue
        found.append(_Token("clock", m.start("h1"), m.end(), clock=start, until=end))
    for m in _RE_NOON_RANGE.finditer(text):
        if m["h2"] is not None:
            end = _hour(int(m["h2"]), int(m["m2"] or 0), m["ap2"], clock24 or _padded(m["h2"]))
            found.append(_Token("clock", m.start(), m.end(), clock=dt.time(12, 0), until=end))
        else:
            # before noon: "11-noon" is 11:00, "9:30am to midday" 09:30
            start = _hour(int(m["h1"]), int(m["m1"] or 0), m["ap1"] or "am")
            if start is not None:
                found.append(_Token("clock", m.start(), m.end(), clock=start, until=dt.time(12)))
    for m in _RE_CLOCK.finditer(text):
        clock = _hour(int(m["h"]), int(m["m"] or 0), m["ap"])
        if clock is not None:
            found.append(_Token("clock", m.start(), m.end(), clock=clock))
    for m in _RE_COLON.finditer(text):
        # "7:15 in the morning": the words say which half of the day
        half, stop = _day_half(text, m.end())
        padded = clock24 or _padded(m["h"])
        clock = _hour(int(m["h"]), int(m["m"]), None if padded else half, padded)
        if clock is not None:
            found.append(_Token("clock", m.start(), stop, clock=clock))
    for m in _RE_AT.finditer(text):
        half, stop = _day_half(text, m.end())
        clock = _hour(int(m["h"]), 0, None if _padded(m["h"]) else half, _padded(m["h"]))
        if clock is not None:
            found.append(_Token("clock", m.start("h"), stop, clock=clock))
    for m in _RE_OCLOCK.finditer(text):
        half, stop = _day_half(text, m.end())
        clock = _hour(_hour_number(m["h"]), 0, half)
        if clock is not None:
            found.append(_Token("clock", m.start(), stop, clock=clock))
    for m in _RE_WORD_CLOCK.finditer(text):
        mins = (m["mins"] or "").lower()
        if (
            mins in _HOUR_WORDS
            and m["dir"].lower() == "to"
            and re.search(r"\b(?:from|between)\s+$", text[max(0, m.start() - 10) : m.start()])
        ):
            # "from ten to eleven" is a range, not 10:50
            first = _hour(_HOUR_WORDS[mins], 0, None)
            if first is not None:
                last = _hour(_hour_number(m["h"]), 0, None)
                found.append(_Token("clock", m.start(), m.end(), clock=first, until=last))
            continue
        read = _word_clock(m, text)
        if read is not None:
            begin = m.start("ah") if m["ah"] else m.start()
            found.append(_Token("clock", begin, read[1], clock=read[0]))
    for m in _RE_H_CLOCK.finditer(text):
        clock = _hour(int(m["h"]), int(m["m"] or 0), None, True)
        if clock is not None and (m["m"] or int(m["h"]) >= 1):
            found.append(_Token("clock", m.start(), m.end(), clock=clock))
    for m in _RE_DOT_CLOCK.finditer(text):
        if m["h3"]:
            if 1 <= int(m["m3"]) <= 12:
                continue  # "Thu 14.01" is 14 January
            h, mi, ap = m["h3"], m["m3"], None
        elif m["h"]:
            h, mi, ap = m["h"], m["m"], m["ap"]
        else:
            h, mi, ap = m["h2"], m["m2"], m["ap2"]
        half, stop = (None, m.end()) if ap else _day_half(text, m.end())
        clock = _hour(int(h), int(mi), ap or half, clock24 or _padded(h))
        if clock is not None:
            found.append(_Token("clock", m.start(), stop, clock=clock))
    for m in _RE_NOON.finditer(text):
        found.append(_Token("clock", m.start(), m.end(), clock=dt.time(12, 0)))
    for m in _RE_MILITARY.finditer(text):
        clock = dt.time(int(m["h"]), int(m["m"]))
        found.append(_Token("clock", m.start("h"), m.end(), clock=clock))
    for m in _RE_MIDNIGHT.finditer(text):
        found.append(_Token("clock", m.start("w"), m.end(), clock=dt.time(0, 0)))
    # "7:30am this Friday; failing that, the same time on Monday": the clock last written
    clocks = sorted((t for t in found if t.kind == "clock"), key=lambda t: t.start)
    for m in _RE_SAME_TIME.finditer(text):
        earlier = [t for t in clocks if t.end <= m.start() and m.start() - t.end <= 250]
        if earlier:
            # the longest of the last ones ("7:30am", not the "7:30" inside it)
            said = max(earlier, key=lambda t: (t.start, t.end - t.start))
            found.append(_Token("clock", m.start(), m.end(), clock=said.clock, until=said.until))
    for m in _RE_PART.finditer(text):
        word = re.sub(r"\s+", " ", m["p"].lower())
        part = (
            _PARTS.get(word)
            or _FOREIGN_PARTS.get(word)
            or ("evening" if word == "after work" else "any")
        )
        found.append(_Token("part", m.start(), m.end(), part=part))

    for m in _RE_ZONE_PLACE.finditer(text):
        found.append(_Token("zone", m.start(), m.end(), zone=_ZONE_PLACES[m["z"].lower()]))
    for m in _RE_ZONE_ABBR.finditer(text):
        found.append(_Token("zone", m.start(), m.end(), zone=_ZONE_ABBREVIATIONS[m["z"]]))
    for m in _RE_ZONE_BARE.finditer(text):
        found.append(_Token("zone", m.start(), m.end(), zone=_ZONE_PLACES[m["z"].lower()]))
    own = _own_abbreviations(home, today)
    for zone_token in found:
        # "CST" written to someone in Shanghai is China time, not Chicago time.
        if zone_token.kind == "zone" and text[zone_token.start : zone_token.end] in own:
            zone_token.zone = home
    for m in _RE_ZONE_CLOCK_ABBR.finditer(text):
        name = home if m["z"] in own else _CLOCK_ZONE_ABBREVIATIONS[m["z"]]
        found.append(_Token("zone", m.start(), m.end(), zone=name))
    for m in _RE_ZONE_OFFSET.finditer(text):
        offset = home if m[0].strip() in own else _offset_zone(m)
        if offset is not None:
            found.append(_Token("zone", m.start(), m.end(), zone=offset))
    _drop_restatements(text, found, home)

    # Keep the earliest, then longest, of overlapping matches.
    found.sort(key=lambda t: (t.start, -(t.end - t.start)))
    kept: list[_Token] = []
    for token in found:
        if kept and token.start < kept[-1].end:
            continue
        kept.append(token)
    merged = _merge_days(text, kept)
    _rule_out_days(text, merged)
    return merged


def _own_abbreviations(home: str, today: dt.date) -> frozenset[str]:
    """The abbreviations the home zone goes by this year ("NZDT", "NZST"; "+14")."""
    tz = zone_info(home)
    names = set()
    for months in (0, 3, 6, 9):
        day = today + dt.timedelta(days=30 * months)
        name = dt.datetime.combine(day, dt.time(12), tzinfo=tz).tzname()
        if name:
            names.add(name)
    return frozenset(names)


def _offset_zone(m: re.Match[str]) -> str | None:
    """The zone of a written UTC offset ("+14" -> Etc/GMT-14); None when unknown."""
    sign = m["bare"] or m["sign"]
    hours = int(m["bh"] or m["h"])
    minutes = int(m["bm"] or m["m"] or 0)
    if hours > 14 or minutes > 59:
        return None
    total = (hours * 60 + minutes) * (1 if sign == "+" else -1)
    if total % 60 == 0:
        # The Etc zones count the other way round: UTC+14 is "Etc/GMT-14".
        return "UTC" if total == 0 else f"Etc/GMT{-total // 60:+d}"
    return _ODD_OFFSETS.get(total)


#: What marks a parenthesis as the same option again, for the other person: "(07:00-10:00
#: CST for me)", "(9am your time)".
_RESTATED = re.compile(
    r"(?:\bfor (?:me|you|us)|\b(?:my|your|our|their) (?:time|end|side)|\bmine|\byours"
    r"|\blocal(?: time)?|\b(?:here|there)(?: in (?-i:[A-Z][\w-]*)(?: (?-i:[A-Z][\w-]*))?)?"
    # a place: "(09:00 Dubai)", "(14:00 in Berlin time)"; not a day ("(14:00 Tuesday)")
    rf"|\b(?:in )?(?!(?:{_WEEKDAY}|{_MONTH})\b)(?-i:[A-Z][\w-]+)(?: (?-i:[A-Z][\w-]+))?"
    r"(?: time)?)\W*$"
    r"|^\s*(?:i\.e\.|=|that's|that is)",
    re.IGNORECASE,
)
#: The writer's own side of one option written twice: "16:00 for me", "17:00 my time",
#: "09:00 here in Dubai".
_OWN_SIDE = re.compile(
    r"^[^\S\n]*(?:for (?:me|us)|(?:my|our) (?:time|end|side)|mine|local(?: time)?|here|where"
    r" I am|on my (?:side|end))\b",
    re.IGNORECASE,
)
#: Between the two writings of one option on a line: "08:00 Mountain / 16:00 for me",
#: "17:00 my time / 16:00 yours", "11:00 EST / 17:00 Madrid", "9am ET | 2pm UK".
_TWIN_GAP = re.compile(
    r"^[^\S\n]*(?P<label>(?:(?:for (?:me|us|you)|(?:my|our|your) (?:time|end|side)|mine|yours"
    r"|local(?: time)?|here|there|(?-i:[A-Z][\w-]*)(?: (?-i:[A-Z][\w-]*))?(?: time)?)"
    r"[^\S\n]*)?)(?:/|\||=|[\u2013\u2014]|,?[^\S\n]*(?:which\s+is|which's|that\s+is|that's"
    r"|i\.e\.))[^\S\n]*$",
    re.IGNORECASE,
)
#: The recipient's side of one option written twice: "16:00 yours", "9am your time".
_YOUR_SIDE = re.compile(
    r"^[^\S\n]*(?:for you|your (?:time|end|side)|yours|where you are)\b", re.IGNORECASE
)
_TWIN_LABEL_AFTER = re.compile(
    r"^[^\S\n]*(?:for (?:me|us|you)|(?:my|our|your) (?:time|end|side)|mine|yours|local"
    r"|here|there|(?-i:[A-Z][\w-]*)(?: time)?)\b",
    re.IGNORECASE,
)
_NEW_OPTION_WORDS = re.compile(r"\b(?:or|and|also|if|else|otherwise|plus)\b", re.IGNORECASE)


def _drop_restatements(text: str, tokens: list[_Token], home: str) -> None:
    """Drop the times in a parenthesis that writes the option before it again in another
    zone ("Fri 04 Dec, any time 08:00-11:00 EST (07:00-10:00 CST for me)")."""
    anchors = sorted(t.end for t in tokens if t.kind in ("clock", "day"))
    clock_starts = sorted(t.start for t in tokens if t.kind in ("clock", "day"))
    dropped: list[tuple[int, int]] = []
    for paren in re.finditer(r"\(([^()\n]{1,100})\)", text):
        inside = paren[1]
        i = bisect_left(clock_starts, paren.start())
        if i == len(clock_starts) or clock_starts[i] >= paren.end():
            continue  # no day or time in it: "(all times New York time)" is for all
        whole = _RESTATED.search(inside) is not None and not _NEW_OPTION_WORDS.search(inside)
        # "(19:00 for me, as your clocks will have changed by then)": the first part
        # writes the option again, the rest is a remark
        first = re.split(r",|;|\s[\u2013\u2014-]\s", inside, maxsplit=1)[0]
        first_end = paren.start() + 1 + len(first)
        restated_first = (
            first != inside
            and _RESTATED.search(first) is not None
            and not _NEW_OPTION_WORDS.search(first)
            and clock_starts[i] < first_end
        )
        if not whole and not restated_first:
            continue
        before = bisect_right(anchors, paren.start())  # the options ending before it
        if not before or not re.fullmatch(r"[^.!?;\n]*", text[anchors[before - 1] : paren.start()]):
            continue
        end = paren.end() if whole else first_end
        dropped.append((paren.start(), end))
    if dropped:
        starts = [a for a, _ in dropped]

        def inside_one(t: _Token) -> bool:
            i = bisect_right(starts, t.start) - 1
            return i >= 0 and t.start < dropped[i][1]

        tokens[:] = [t for t in tokens if not inside_one(t)]
    _drop_twins(text, tokens, home)


def _drop_twins(text: str, tokens: list[_Token], home: str) -> None:
    """One option written twice on a line, joined by a slash, with a zone or a side
    named ("08:00 Mountain / 16:00 for me", "17:00 my time / 16:00 yours"): keep the
    recipient's side ("yours", their zone), else a side in a zone the reader knows, else
    not the writer's own side, else the first; a zone written with the side dropped goes
    with it."""
    clocks = sorted((t for t in tokens if t.kind == "clock"), key=lambda t: t.start)
    zones = [t for t in tokens if t.kind == "zone"]

    def zone_after(clock: _Token) -> _Token | None:
        for z in zones:
            if clock.end <= z.start <= clock.end + 2 and not text[clock.end : z.start].strip():
                return z
        return None

    def theirs(label: str, zone: _Token | None) -> bool:
        return bool(_YOUR_SIDE.match(label)) or (zone is not None and zone.zone == home)

    drop: set[int] = set()
    for first, second in pairwise(clocks):
        if id(first) in drop:
            continue
        gap = _TWIN_GAP.match(text[first.end : second.start])
        if gap is None:
            continue
        after = text[second.end : second.end + 30]
        if not gap["label"].strip() and not _TWIN_LABEL_AFTER.match(after):
            continue  # "10:00/14:00": two times, no zone named
        zone1, zone2 = zone_after(first), zone_after(second)
        if theirs(after, zone2) and not theirs(gap["label"], zone1):
            loser = first
        elif theirs(gap["label"], zone1):
            loser = second
        elif zone2 is not None and zone1 is None and not _OWN_SIDE.match(after):
            loser = first  # "17:00 Warsaw / 16:00 London time": the zone known
        elif _OWN_SIDE.match(gap["label"]) and not _OWN_SIDE.match(after):
            loser = first
        else:
            loser = second
        drop.add(id(loser))
        zone = zone1 if loser is first else zone2
        if zone is not None:
            drop.add(id(zone))
    if drop:
        tokens[:] = [t for t in tokens if id(t) not in drop]


#: "Tomorrow, Friday": a day said by its distance from today, then by its weekday.
_RE_RELATIVE_WEEKDAY = re.compile(
    _RE_RELATIVE.pattern + r"[\s,]+" + _RE_WEEKDAY.pattern, re.IGNORECASE
)


def _merge_days(text: str, tokens: list[_Token]) -> list[_Token]:
    """Join a weekday and a date written side by side ("Wednesday, December 2")."""
    merged: list[_Token] = []
    for token in tokens:
        if merged and token.kind == "day" and merged[-1].kind == "day":
            previous = merged[-1]
            gap = text[previous.end : token.start]
            if re.fullmatch(r"[\s,(]*", gap) and not previous.skip and not token.skip:
                relative = _RE_RELATIVE.fullmatch(text, previous.start, previous.end)
                is_weekday = _RE_WEEKDAY.fullmatch(text[previous.start : previous.end])
                if relative and _RE_WEEKDAY.fullmatch(text[token.start : token.end]):
                    # "Tomorrow, Friday 31 October": the weekday (and the date after it) win
                    # over "tomorrow" (a writer a day behind across the date line)
                    merged[-1] = _Token(
                        "day",
                        previous.start,
                        token.end,
                        day=token.day,
                        part=previous.part or token.part,
                    )
                    continue
                if is_weekday and _RE_WEEKDAY.fullmatch(text[token.start : token.end]):
                    merged.append(token)  # two weekdays ("Monday. Friday") are two days
                    continue
                complete = previous.whole or _RE_WEEKDAY_ORDINAL.fullmatch(
                    text, previous.start, previous.end
                )
                if complete and _RE_WEEKDAY.match(text[token.start : token.end]):
                    # "Thursday 8 April, Friday 9 April", "Thursday the 9th, Monday the
                    # 13th": a day already complete, then the next one
                    merged.append(token)
                    continue
                # The written date wins over the weekday ("tomorrow, Friday" counts as one)
                weekday_ish = is_weekday or _RE_RELATIVE_WEEKDAY.fullmatch(
                    text, previous.start, previous.end
                )
                day = token.day if weekday_ish or relative else previous.day
                merged[-1] = _Token(
                    "day",
                    previous.start,
                    token.end,
                    day=day,
                    part=previous.part or token.part,
                    whole=bool(is_weekday or _RE_WEEKDAY.match(text[token.start : token.end])),
                )
                continue
        merged.append(token)
    return merged


# --- times that are not the meeting's ---------------------------------------------------

#: Just before a clock time, the end or start of the writer's own day, not the meeting's
#: time: "my shift ends at 5", "my class runs until 4", "I get off work at 6".
_OWN_HOURS = re.compile(
    r"\b(?:my\s+(?:[\w-]+\s+){0,4}?(?:ends?|finish(?:es)?|starts?|begins?|runs?|is\s+over"
    r"|wraps?\s+up|lets?\s+out)|i\s+(?:finish|get\s+off|get\s+out|clock\s+off|knock\s+off"
    r"|leave\s+work|start\s+work)"
    # the writer's own journey: "I fly out at 5pm", "I'm heading home around 6"
    r"|i(?:'m|\s+am)?\s+(?:fly|flying|leave|leaving|head|heading|depart|departing)"
    r"(?:\s+(?:out|off|home|back))?)\s+(?:[\w-]+\s+){0,2}?(?:at|by|around|until|till)\s+$",
    re.IGNORECASE,
)


#: Just before a clock time, the end of something else: "a class until 2pm", "in a
#: workshop till 3" (in a confirmation, any "until": the meeting is its start).
_UNTIL = re.compile(r"\b(?:until|till|til|up\s+to)\s+$", re.IGNORECASE)
#: ... and where options are offered, only the end of something the writer has on ("I
#: have a lecture until 2", "I'm in class till 3"), not a window ("any time until 3pm").
_BUSY_UNTIL = re.compile(
    r"\b(?:i\s+have|i've\s+got|i'm\s+(?:in|at|on|teaching|working|stuck|busy)|i\s+am\s+(?:in"
    r"|at|on|teaching|working|stuck|busy)|i\s+work|busy|tied\s+up|(?:a|an|my)\s+[\w-]+)"
    r"(?:\s+[\w-]+){0,3}?\s+(?:until|till|til)\s+$",
    re.IGNORECASE,
)

#: Just before a clock time, the time of something that is not the meeting: a journey or
#: another commitment with its own verb ("my train gets in at 9:40", "the bus leaves at
#: 8:05", "my flight lands tomorrow at 7").
_EVENTS = (
    r"(?:train|flight|plane|bus|coach|ferry|tram"
    r"|shuttle|boat|taxi|cab|uber|ride|connection|class|lecture|seminar|lesson|tutorial|shift"
    r"|exam|lab|appointment|workshop|training|school\s+run|site\s+visit|surgery|rehearsal"
    r"|practice|other\s+meeting|previous\s+meeting|earlier\s+meeting|stand-?up"
    r"|show|matinee|curtain|performance|concert|gig|match|game|keynote|mass)"
)
#: Just after a clock time, another event it is the time of: "the 2pm show", "the 5:40am
#: flight", "the 7:30 curtain".
_EVENT_AFTER = re.compile(
    r"\d{1,2}(?:[:.h]\d\d)?\s*(?:[ap]\.?m\.?)?\s+(?:[\w-]+\s+)?" + _EVENTS + r"s?\b",
    re.IGNORECASE,
)
_OTHER_EVENT = re.compile(
    r"\b(?:my|the|our|your|a|an)\s+(?:[\w-]+\s+){0,2}?" + _EVENTS + r"\b"
    r"(?:\s+[\w-]+){0,3}?\s+(?:gets?\s+in|gets?\s+back|arrives?|lands?|leaves?|departs?"
    r"|pulls?\s+in|is\s+due|comes?\s+in|ends?|finish(?:es)?|starts?|begins?|runs?|is|was)"
    r"(?:\s+[\w-]+){0,2}?\s+(?:(?:at|around|by|about)\s+)?$",
    re.IGNORECASE,
)

#: Just before a clock time, the old time of a meeting that moved: "moving our coffee from
#: Tuesday at 3", "instead of Tuesday at 4", "no longer at 10".
_OLD_TIME = re.compile(
    r"\b(?:instead\s+of|rather\s+than|no\s+longer|not)\s+(?:(?:on\s+)?[\w-]+\s+){0,2}?"
    r"(?:(?:at|around)\s+)?$",
    re.IGNORECASE,
)
_MOVED_FROM = re.compile(
    r"\b(?:mov\w*|shift\w*|push\w*|reschedul\w*|swap\w*|switch\w*|chang\w*|bring\w*"
    r"|brought|postpon\w*)\b[^.!?\n]*\bfrom\s+(?:(?:on\s+)?(?!(?:to|until|till)\b)[\w-]+\s+){0,2}?"
    r"(?:(?:at|around)\s+)?$",
    re.IGNORECASE,
)


def other_time(text: str, start: int, *, any_until: bool = False) -> bool:
    """Whether the clock time written at ``start`` is the time of something other than
    the meeting: the end or start of the writer's own day ("my shift ends at 5"), a
    journey or another commitment ("my train gets in at 9:40", "a lecture until 2"), or
    the old time of a meeting that moved ("moving our coffee from Tuesday at 3", "instead
    of 4pm"). With ``any_until``, any time after "until" is one (in a confirmation the
    meeting is given by its start)."""
    before = text[max(0, start - 120) : start]
    before = before[max(before.rfind(c) for c in ".!?\n") + 1 :]
    patterns = (_OWN_HOURS, _UNTIL if any_until else _BUSY_UNTIL, _OTHER_EVENT, _OLD_TIME)
    if re.search(r"\bthe\s+$", before) and _EVENT_AFTER.match(text, start):
        return True  # "the 2pm show", "the 5:40am flight"
    return any(p.search(before) for p in (*patterns, _MOVED_FROM))


# --- days ruled out -------------------------------------------------------------------------

#: Words that rule a day out when they share its clause: "I'm away on Monday", "not
#: Tuesday", "I won't be able to meet Monday", "any day except Thursday".
_RULING_OUT = re.compile(
    r"\b(?:not|never|cannot|can't|won't|don't|doesn't|isn't|aren't|wouldn't|couldn't|shan't"
    r"|unable|unavailable|away|busy|booked|travell?ing|except|excluding|other than|apart from"
    r"|out of (?:the )?(?:office|town|country)|is out|'s out|no good|ruled? out"
    r"|in (?:meetings|a meeting|back-to-back meetings|workshops?|training|court|surgery|class"
    r"|classes|lectures?|exams?)|tied up|fully booked|booked up|on (?:leave|holiday|vacation"
    r"|(?:\w+ )?shifts?|call|duty)|off work|day off"
    # an option withdrawn: "scratch Wednesday", "please ignore Friday", "strike Monday off"
    r"|scratch|strike|ignore|disregard|forget|cross (?:off|out)|take back)\b",
    re.IGNORECASE,
)
#: Negative words that rule nothing out.
_NOT_RULING_OUT = re.compile(
    r"\b(?:can't wait|cannot wait|don't hesitate|don't worry|no worries|not a problem"
    r"|no problem|not sure|not too|not long|won't take|don't mind|wouldn't mind"
    r"|doesn't matter|not only|never mind|if not|don't forget|do not forget|never forget"
    r"|won't forget|not forget"
    # a day the writer took off is free for the meeting: "I took a day off next
    # Wednesday, so that one is completely open", "Friday is my day off"
    r"|(?:took|take|taken|taking|booked|booking|got|requested|have|had)\s+(?:a|the)\s+day\s+off"
    r"|my\s+(?:only\s+|one\s+|next\s+|free\s+)?days?\s+off)\b",
    re.IGNORECASE,
)
#: A clause of its own that says the day before it is out: "Monday, sadly, won't work".
_VERDICT = re.compile(
    r"\b(?:won't|doesn't|does not|will not|wouldn't|isn't|is not) (?:work|suit|be possible"
    r"|be good|good|great|ideal)|\bno good\b|\bis out\b",
    re.IGNORECASE,
)
#: From a day to a time listed under it: the rest of the day's line ends with a colon,
#: and the time starts a line of a list (each line before it a time too).
_RE_UNDER_DAY = re.compile(
    rf"[^\n:]{{0,100}}:[^\S\n]*\n(?:[^\S\n]*\n)?(?:[^\S\n]*{BULLET}?[^\S\n]*"
    rf"\d{{1,2}}(?:[:.h]\d\d)?[^\n]{{0,40}}\n)*[^\S\n]*{BULLET}?[^\S\n]*"
)
#: A segment that is only a verdict on the day before it ("Monday, sadly, won't work",
#: "Tuesday, that's out"), not a clause with a subject of its own ("once school is out").
_VERDICT_AFTER = re.compile(
    r"\W*(?:(?:sadly|unfortunately|though|however|alas|but|so|and|that|that's|it|it's|this"
    r"|which|one|day|one's|i'm\s+afraid|i\s+fear|really|probably|definitely)\W+){0,4}?"
    r"(?:(?:(?:is|'s)\s+)?(?:out|no\s+good)\b|" + _VERDICT.pattern + ")",
    re.IGNORECASE,
)
#: Where a clause ends: sentence ends, and the words that turn a sentence round.
_CLAUSE_BREAK = re.compile(
    r"[.!?;:]\s|\n|[()\u2014\u2013]|\s-\s|\b(?:but|so|though|although|however|whereas|while"
    r"|instead|otherwise)\b"
    # a condition is a clause of its own: "I could also do Thursday over lunch | if the
    # earlier days are busy for you"
    r"|\s(?=(?:if|unless|in\s+case)\s)",
    re.IGNORECASE,
)
_CONDITIONAL = re.compile(r"^\W*(?:if|unless|in case|should|whether)\b", re.IGNORECASE)
#: A clause that only points back at the days before it and rules them out: "(so) those
#: days won't work", "(but) neither is possible", "both are out".
_BACK_VERDICT = re.compile(
    r"^\W*(?:so\s+|but\s+|and\s+|sadly\s+|unfortunately\s+)*"
    # "(so) please ignore that one", "scratch those"
    r"(?:(?:please\s+|just\s+)?(?:ignore|scratch|strike|disregard|forget|cross\s+(?:off|out)"
    r"|drop|skip)\s+(?:that|this|those|these|it|them|both)\b"
    r"|(?:those|these|that|this|both|either"
    r"|neither|they|it)\b(?:\s+(?:two|three|both|\d))?(?:\s+(?:days?|times?|ones?|slots?|dates?))?"
    r"\s+(?:\w+\s+)?(?:won't|doesn't"
    r"|don't|do not|does not|will not|wouldn't|can't|cannot|isn't|aren't|is not|are not|are out"
    r"|is out|are no good|is no good|are off|is off|(?:are|is)\s+(?:\w+\s+)?(?:out|impossible"
    r"|off the table))"
    # "(so) I've kept clear of that", "I'd rather avoid it", "I have avoided it", "I'm
    # leaving that out", "I've left them alone"
    r"|(?:i\s*(?:'ve|'d|'ll|'m|\s+have|\s+had|\s+will|\s+would|\s+am)?\s+)(?:\w+\s+)?"
    r"(?:kept|keep|keeping|steer(?:ed|ing)?|stay(?:ed|ing)?)\s+(?:well\s+)?clear\s+of\s+"
    r"(?:that|this|those|these|it|them|both)\b"
    r"|(?:i\s*(?:'ve|'d|'ll|'m|\s+have|\s+had|\s+will|\s+would|\s+am)?\s+)(?:\w+\s+)?"
    r"(?:(?:avoid(?:ed|ing)?|skipp(?:ed|ing)|skip|dropp(?:ed|ing)|drop)\s+"
    r"(?:that|this|those|these|it|them|both)\b(?!\s+(?:in|off|by|round|over)\b)"
    r"|(?:left|leaving|leave)\s+(?:that|this|those|these|it|them|both)(?:\s+(?:days?|ones?))?"
    r"\s+(?:out|alone|off)\b))",
    re.IGNORECASE,
)
_LIMIT_BEFORE = re.compile(
    r"\b(?:until|till|til|before|after|from|by|starting|as of)\s+(?:on\s+|next\s+|this\s+)?$",
    re.IGNORECASE,
)
_EXCEPT_BUT = re.compile(
    r"\b(?:any\s*(?:day|time)|anytime|whenever)\s+but\s+(?:on\s+)?$", re.IGNORECASE
)


def _clauses(text: str) -> list[tuple[int, int]]:
    """(start, end) of each clause of the text."""
    bounds = [0]
    for m in _CLAUSE_BREAK.finditer(text):
        bounds += [m.start(), m.end()]
    bounds.append(len(text))
    return [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds) - 1, 2)]


def _ruling_out(words: str) -> bool:
    cleaned = _NOT_RULING_OUT.sub(" ", words.replace("\u2019", "'"))
    return _RULING_OUT.search(cleaned) is not None


def _rule_out_days(text: str, tokens: list[_Token]) -> None:
    """Mark the days a writer rules out ("I'm away on Monday, so that day won't work",
    "not Tuesday") as not options. A negation in an "if" clause rules nothing out ("if
    Tuesday doesn't suit"), nor does "not free until Tuesday"."""
    days = [t for t in tokens if t.kind == "day" and not t.skip]
    for d in days:
        if _EXCEPT_BUT.search(text[max(0, d.start - 30) : d.start]):
            d.skip = d.out = True  # "any day but Monday"
    day_starts = [d.start for d in days]  # in order: the tokens are sorted

    def within(a: int, b: int) -> list[_Token]:
        return days[bisect_left(day_starts, a) : bisect_left(day_starts, b)]

    clauses = _clauses(text)
    for (a0, b0), (a1, b1) in pairwise(clauses):
        # "I'm on nights on Tuesday and Wednesday, so those days won't work": the days of
        # the clause before, in the same sentence
        if (
            not within(a1, b1)
            and _BACK_VERDICT.match(text[b0:b1])
            and not re.search(r"[.!?]\s|\n", text[b0:a1])
        ):
            for d in within(a0, b0):
                d.skip = d.out = True
    for start, end in clauses:
        in_clause = within(start, end)
        if not in_clause:
            continue
        # Comma-separated segments: "Monday doesn't work, Tuesday at 3 does".
        segments: list[tuple[int, int]] = []
        cut = start
        for comma in re.finditer(r",", text[start:end]):
            segments.append((cut, start + comma.start()))
            cut = start + comma.end()
        segments.append((cut, end))
        if _CONDITIONAL.match(text[start:end]):
            segments = segments[1:]  # the hypothetical part rules nothing out
        ruled_before = False
        for i, (a, b) in enumerate(segments):
            own = within(a, b)
            words = text[a:b]
            if _CONDITIONAL.match(words):
                ruled_before = False
                continue
            if own:
                rest = words
                for d in sorted(own, key=lambda t: t.start, reverse=True):
                    rest = rest[: d.start - a] + rest[d.end - a :]
                only_days = re.fullmatch(r"[\s,]*(?:(?:and|or|nor|on|the)\b[\s,]*)*", rest)
                out = _ruling_out(words) or bool(only_days and ruled_before)
                for d in own:
                    limited = _LIMIT_BEFORE.search(text[a : d.start])
                    if out and not limited:
                        d.skip = d.out = True
                ruled_before = out
            elif _VERDICT_AFTER.match(words) and i > 0:
                for pa, pb in reversed(segments[:i]):
                    earlier = within(pa, pb)
                    if earlier:
                        for d in earlier:
                            d.skip = d.out = True
                        break


#: Words that take back an option offered earlier.
_RE_RETRACTION = re.compile(
    r"\b(?:actually|scratch|strike|ignore|disregard|forget|cross(?:ed)?\s+(?:it\s+)?(?:off|out)"
    r"|withdraw\w*|take\s+(?:that\s+)?back|on\s+second\s+thoughts?|just\s+(?:reali[sz]ed"
    r"|remembered|noticed|found\s+out|been)|turns\s+out|after\s+all|no\s+longer|change\s+of"
    r"\s+plans?|P\.?\s?S\b)",
    re.IGNORECASE,
)


#: Words that point back at the day last named: "that morning", "the same day", "then".
_RE_THAT_DAY = re.compile(
    r"\b(?:that|the\s+same)\s+(?:day|morning|afternoon|evening|lunchtime)\b", re.IGNORECASE
)


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentence (or line) that holds ``text[start:end]``."""
    before = max(text.rfind("\n", 0, start), *(text.rfind(p, 0, start) for p in ".!?"))
    after = [i for i in (text.find(c, end) for c in ".!?\n") if i >= 0]
    return text[before + 1 : min(after) if after else len(text)]


def _same_sentence(text: str, start: int, end: int) -> bool:
    return _BREAK.search(text[start:end]) is None and end - start <= 80


def _expand_ranges(
    text: str, days: list[_Token], attached: dict[int, list[_Token]]
) -> list[_Token]:
    """Every day of a range ("from Tuesday 25 to Saturday 29 May", "Mon-Thu"), each with
    the times written for either end ("at 12:30 every day from Tuesday to Saturday");
    the days of a range span its words."""
    extra: list[_Token] = []
    for first, last in pairwise(days):
        if first.day is None or last.day is None:
            continue
        if not _RE_DAY_RANGE_GAP.fullmatch(text, first.end, last.start):
            continue
        if first.out or last.out:
            # "I'm away from Monday to Wednesday": the whole range is out
            first.skip = first.out = last.skip = last.out = True
            continue
        if first.skip or last.skip:
            continue
        length = (last.day - first.day).days
        if not 1 <= length <= 13:
            continue
        times = [*attached[id(first)], *attached[id(last)]]
        start, end = first.start, last.end
        for k in range(length + 1):
            day = first if k == 0 else last if k == length else None
            if day is None:
                day = _Token("day", start, end, day=first.day + dt.timedelta(days=k))
                extra.append(day)
            else:
                day.start, day.end = start, end
            attached[id(day)] = [
                t
                if t.kind != "clock"
                else _Token("clock", t.start, t.end, clock=t.clock, until=t.until)
                for t in times
            ]
    if not extra:
        return days
    return sorted([*days, *extra], key=lambda d: (d.start, d.day or dt.date.min))


def find_times(text: str, *, now: dt.datetime, zone: str) -> list[FoundTime]:
    """The days and times written in ``text``, resolved relative to ``now`` in ``zone``.

    ``now`` must be timezone-aware; ``zone`` an IANA name (ValueError otherwise).
    """
    home = zone_info(zone)
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    if not isinstance(text, str):
        return []
    today = now.astimezone(home).date()
    tokens = _tokens(text, today, zone)
    days = [t for t in tokens if t.kind == "day"]

    # Attach each clock/part to a day.
    attached: dict[int, list[_Token]] = {id(d): [] for d in days}
    loose: list[_Token] = []
    shared: list[tuple[_Token, int]] = []  # a time then "on <day>": (time, index of the day)
    day_starts = [d.start for d in days]  # in order, and they do not overlap
    day_ends = [d.end for d in days]
    last_end: dict[int, int] = {}  # where the last time attached to a day ends
    for token in tokens:
        if token.kind not in ("clock", "part"):
            continue
        before = bisect_right(day_ends, token.start)
        after = bisect_left(day_starts, token.end)
        prev = days[before - 1] if before else None
        nxt = days[after] if after < len(days) else None
        target: _Token | None = None
        # "10am on Tuesday, 3pm on Wednesday": a time followed by "on <day>" is that day's,
        # though the day before it is only a comma away.
        gap = text[token.end : nxt.start] if nxt is not None else ""
        gap = _RE_GAP_ZONE.sub("", gap, count=1)  # "18:00 IST on Thursday"
        on_next = nxt is not None and _ON_DAY.fullmatch(gap)
        bare_before = prev is None or re.fullmatch(r"[\s,;]*", text[prev.end : token.start])
        if on_next and bare_before:
            target = nxt
            if token.kind == "clock":
                shared.append((token, after))
        elif prev is not None and _TIGHT_BEFORE.match(text[prev.end : token.start]):
            target = prev
        elif nxt is not None and _TIGHT_AFTER.match(text[token.end : nxt.start]):
            target = nxt
        elif prev is not None and _same_sentence(
            text, last_end.get(id(prev), prev.end), token.start
        ):
            # measured from the day's last time: "on Friday I could meet you that morning
            # at 09:00, at lunchtime around 12:30, or after work at 17:30"
            target = prev
        elif (
            prev is not None
            and token.kind == "clock"
            and _RE_THAT_DAY.search(_sentence_around(text, token.start, token.end))
            and token.start - last_end.get(id(prev), prev.end) <= 300
        ):
            # "I'm in town on Friday. I could meet that morning at 9 or at 12:30."
            target = prev
        if (
            target is None
            and prev is not None
            and _RE_UNDER_DAY.fullmatch(text, prev.end, token.start)
        ):
            # "any of these on Friday, 29 October:\n- 09:00\n- 12:30": a list of times
            # under the line that names their day
            target = prev
        if target is None:
            if token.kind == "clock":
                loose.append(token)
        else:
            attached[id(target)].append(token)
            last_end[id(target)] = max(last_end.get(id(target), target.end), token.end)

    # "10:00 on Wednesday 13, Thursday 14 or Friday 15": the time is each listed day's.
    for clock, index in shared:
        for d_prev, d in pairwise(days[index:]):
            if attached[id(d)] or not _RE_LIST_GAP.fullmatch(text[d_prev.end : d.start]):
                break
            attached[id(d)].append(
                _Token("clock", d.start, d.end, clock=clock.clock, until=clock.until)
            )

    # "Tuesday 28, Wednesday 29 or Thursday 30 at 4 o'clock", "Thursday or Friday, any
    # time between 12 and 2": a time after a list of days is each listed day's.
    for index, d in enumerate(days):
        clocks = [t for t in attached[id(d)] if t.kind == "clock" and t.start > d.end]
        if not clocks:
            continue
        for later, earlier in pairwise(reversed(days[: index + 1])):
            if (
                attached[id(earlier)]
                or text[earlier.end - 1] == "."  # "Monday. Friday at 10am"
                or not _RE_LIST_GAP.fullmatch(text, earlier.end, later.start)
            ):
                break
            attached[id(earlier)].extend(
                _Token("clock", c.start, c.end, clock=c.clock, until=c.until) for c in clocks
            )

    # Zones: next to a time (or the day of a time) they belong to it; elsewhere, to all.
    zones = [t for t in tokens if t.kind == "zone"]
    global_zone: str | None = None
    zone_for: dict[int, str] = {}
    anchors = [t for t in tokens if t.kind in ("clock", "day", "part")]
    for z in zones:
        owner = None
        for anchor in reversed(anchors):
            if anchor.end <= z.start:
                if re.fullmatch(r"[\s,(\-–]*", text[anchor.end : z.start]):
                    owner = anchor
                break
        if owner is None:
            global_zone = global_zone or z.zone
        else:
            zone_for[id(owner)] = z.zone or zone

    results: list[FoundTime] = []
    seen: dict[tuple[object, ...], int] = {}  # key -> its index in results

    def emit(
        start: int,
        end: int,
        day: dt.date | None,
        clock: dt.time | None,
        until: dt.time | None,
        part: str | None,
        option_zone: str,
    ) -> None:
        key: tuple[object, ...] = (day, clock, part if clock is None else None)
        if day is not None and clock is not None:
            # The same instant written in two zones ("noon ET / 9am PT") is one option.
            instant = dt.datetime.combine(day, clock, tzinfo=zone_info(option_zone))
            key = (instant.astimezone(dt.UTC),)
        found = FoundTime(text[start:end].strip(), start, end, day, clock, until, part, option_zone)
        if key in seen:
            # a day named in passing and then offered ("Monday you have the visit ... -
            # Mon 15 Nov, any time"): the later, offered one is the one to judge
            index = seen[key]
            line = text[text.rfind("\n", 0, start) + 1 : start]
            listed = re.fullmatch(rf"\s*{BULLET}?\s*", line)
            if clock is None and results[index].clock is None and listed:
                results[index] = found
            return
        seen[key] = len(results)
        results.append(found)

    days = _expand_ranges(text, days, attached)
    timed_days = {
        d.day for d in days if not d.skip and any(t.kind == "clock" for t in attached[id(d)])
    }
    entries: list[tuple[int, _Token, _Token | None]] = []
    for d in days:
        if d.skip:
            continue
        clocks = [t for t in attached[id(d)] if t.kind == "clock"]
        # "free all day, so the morning, lunch or 16:00": parts of the day listed as
        # choices of their own are options; "the afternoon from 16:00" is one
        free = _free_parts(text, attached[id(d)], clocks)
        entries.extend((c.start, d, c) for c in clocks)
        if clocks or (len(free) >= 2 and _listed_parts(text, free)):
            entries.extend((p.start, d, p) for p in free)
        else:
            entries.append((d.start, d, None))
    entries.extend((c.start, c, None) for c in loose)
    entries.sort(key=lambda e: e[0])

    # A whole day ruled out takes back what was offered on it before ("I could do Thursday
    # morning, or actually, no, Thursday is out"; "P.S. Friday is Good Friday, so please
    # ignore that one"), and any bare mention of it.
    # A time offered on that day before is taken back only when the words say so ("actually",
    # "scratch", "ignore", "just realised"): "Tue at 12:00 ... I'm on early shifts on
    # Tuesday" may still mean noon.
    withdrawn: dict[dt.date, int] = {}
    retracted: dict[dt.date, int] = {}
    for d in days:
        if not d.out or d.day is None:
            continue
        if not attached[id(d)]:
            withdrawn[d.day] = max(withdrawn.get(d.day, 0), d.start)
        # "scratch the Wednesday, I'm opening the branch that morning": a part of the day
        # said with it does not narrow what is taken back
        line_start = text.rfind("\n", 0, d.start) + 1
        in_ps = re.match(r"\s*P\.?\s?S\b", text[line_start : d.start]) is not None
        if not any(t.kind == "clock" for t in attached[id(d)]) and (
            in_ps or _RE_RETRACTION.search(_sentence_around(text, d.start, d.end))
        ):
            retracted[d.day] = max(retracted.get(d.day, 0), d.start)

    for _, owner, clock_token in entries:
        if owner.kind == "day" and owner.day is not None:
            if owner.start < retracted.get(owner.day, -1):
                continue
            if owner.day in withdrawn and clock_token is None:
                continue
        if owner.kind == "clock":  # a time with no day
            option_zone = zone_for.get(id(owner)) or global_zone or zone
            emit(owner.start, owner.end, None, owner.clock, owner.until, None, option_zone)
            continue
        if clock_token is not None and clock_token.kind == "part":
            option_zone = zone_for.get(id(owner)) or global_zone or zone
            emit(
                clock_token.start,
                clock_token.end,
                owner.day,
                None,
                None,
                clock_token.part,
                option_zone,
            )
            continue
        if clock_token is not None:
            option_zone = (
                zone_for.get(id(clock_token)) or zone_for.get(id(owner)) or global_zone or zone
            )
            span = (min(owner.start, clock_token.start), max(owner.end, clock_token.end))
            if (
                span[1] - span[0]
                > (owner.end - owner.start) + (clock_token.end - clock_token.start) + 12
            ):
                span = (clock_token.start, clock_token.end)
            # "any time 08:00-11:00" is a window: one option, flexible within its range.
            window = _RE_WINDOW.search(text[max(0, clock_token.start - 24) : clock_token.start])
            part = "any" if window and clock_token.until is not None else None
            emit(*span, owner.day, clock_token.clock, clock_token.until, part, option_zone)
            continue
        if owner.day in timed_days:
            continue
        parts = [t.part for t in attached[id(owner)] if t.part and t.part != "any"]
        part = parts[0] if parts else (owner.part or "any")
        option_zone = zone_for.get(id(owner)) or global_zone or zone
        emit(owner.start, owner.end, owner.day, None, None, part, option_zone)
    return results
