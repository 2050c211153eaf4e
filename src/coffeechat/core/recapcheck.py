"""The recap checker: what a recap still lacks before it is worth sharing with a coach.

``check_recap(recap)`` reads the structure; ``check_recap_text(text)`` reads a recap written
in Markdown (coffeechat's own, or one the user wrote or edited by hand) and returns a
``Report``. For a recap coffeechat wrote, both find the same things. Pure: no I/O, no
clock. Never raises on any text.

The rule ids and severities are a public contract:

=============== ======== ======================================================================
rule            severity triggers when
=============== ======== ======================================================================
topics-covered  error    an interview (or a chat with someone known) where no topic of the
                         guide has a note (all unnoted or skipped), or, without guide
                         topics, nothing was noted at all
topics-covered  warning  some topics are neither noted nor marked skipped (listed by key)
takeaways       error    no takeaway at all
next-step       error    no next contact date
promises-dated  warning  a promise of the user's, not yet done, has no due date (listed);
                         the contact's undated promises are fine
=============== ======== ======================================================================

``topics-covered`` does not apply to a reflection (no conversation took place). What
counts as written is the same on both sides (``says_something``): a note, takeaway or
promise that is blank, only punctuation or a placeholder ("TBD", "n/a", "None yet") is
absent, and a note that only says "Skipped" skips its topic (``marks_skipped``).

How the text is read (case-insensitive, any heading level, ``#`` or underlined headings,
or a line that is only bold text): sections are found by name — "What I learnt" (also
"What I learned", "Notes", "Topics", "Questions"), "Other notes", "Takeaways", "Introductions
offered", "Promises" (also "Commitments", "Action items"), "Next contact" (also "Next
steps"), "My reflection". Headings below a section are its parts: the topics under "What
I learnt" (a trailing ``(key)`` names the topic), the groups under "Takeaways", "I
promised" / "<Name> promised" under "Promises"; a heading naming a section starts that
section whatever its level, except as a topic or a takeaway group. Bullets may start with
``-``, ``*``, ``+`` or a number; a paragraph counts as a note too. Placeholders ("_No
notes._", "None yet", "TBD", "n/a") are not content; "Skipped" (a line, or in the topic's
heading) marks a topic skipped. A recap is a reflection when its title starts with
"Reflection" or its lead says no conversation took place. The next contact date is a date
in the "Next contact" section (its first ``Date:`` line when it has one) or on a line
``Next contact: <date>`` anywhere outside the reflection. A promise is dated when its
line holds a date in any form ``coffeechat.core.datetext`` reads (``2026-12-04``, "by Fri
4 Dec", "Dec 4", "Friday"); `` — no date`` says it has none; ``(done)``, ``[x]``, ``✓`` or
a struck-through line mark it done. Under "Promises" without "I promised" / "<Name>
promised" parts, a line is the user's unless it names someone else ("Ada will ...").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from coffeechat.core.checker import Finding, Report
from coffeechat.core.datetext import find_times
from coffeechat.core.message import count_words
from coffeechat.core.recap import PromiseBy, Recap, Variant

__all__ = [
    "RECAP_RULES",
    "check_recap",
    "check_recap_text",
    "marks_skipped",
    "says_something",
    "topic_noted",
]

#: rule -> its worst severity (topics-covered is a warning when only some topics lack notes).
RECAP_RULES: dict[str, str] = {
    "topics-covered": "error",
    "takeaways": "error",
    "next-step": "error",
    "promises-dated": "warning",
}

_TOPIC_HINT = (
    "Add what you learnt under each topic: coffeechat note add CONTACT --topic KEY TEXT "
    "(or mark one you did not ask: coffeechat note skip CONTACT KEY)"
)
_TAKEAWAY_HINT = (
    "Add one: coffeechat takeaway add CONTACT "
    "--kind insight|mentor|introduction|path|resource|advice TEXT"
)
_NEXT_HINT = "Set one: coffeechat recap CONTACT --next-contact DATE"
_PROMISE_HINT = (
    "Give it a date: coffeechat promise edit ID --due DATE (ids: coffeechat promise list CONTACT)"
)

#: How long a quoted promise or question may be in a message before it is cut.
_QUOTE_CHARS = 60


# --------------------------------------------------------------------------- the rules


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _QUOTE_CHARS else text[: _QUOTE_CHARS - 1].rstrip() + "…"


def _topics_finding(
    reflection: bool, topics: Sequence[tuple[str, bool, bool]], loose_notes: bool
) -> list[Finding]:
    """``topics`` as (label, noted, skipped); ``loose_notes``: notes outside any topic."""
    if reflection:
        return []
    if not topics:
        if loose_notes:
            return []
        return [
            Finding(
                "topics-covered",
                "error",
                "The recap has no notes from the conversation.",
                "Write down what you learnt: coffeechat note add CONTACT TEXT",
            )
        ]
    missing = [label for label, noted, skipped in topics if not noted and not skipped]
    noted = sum(1 for _label, was_noted, _skipped in topics if was_noted)
    listed = ", ".join(missing)
    if noted == 0:
        if missing:
            message = (
                f"No topic of the guide has a note; {len(missing)} of {len(topics)} are neither "
                f"noted nor marked skipped: {listed}."
            )
        else:
            message = f"No topic of the guide has a note: all {len(topics)} are marked skipped."
        return [Finding("topics-covered", "error", message, _TOPIC_HINT)]
    if missing:
        verb = "is" if len(missing) == 1 else "are"
        message = (
            f"{len(missing)} of {len(topics)} topics {verb} neither noted nor marked skipped: "
            f"{listed}."
        )
        return [Finding("topics-covered", "warning", message, _TOPIC_HINT)]
    return []


def _takeaways_finding(has_takeaway: bool) -> list[Finding]:
    if has_takeaway:
        return []
    return [Finding("takeaways", "error", "The recap has no takeaway.", _TAKEAWAY_HINT)]


def _next_step_finding(has_date: bool) -> list[Finding]:
    if has_date:
        return []
    return [Finding("next-step", "error", "No next contact date is set.", _NEXT_HINT)]


def _promises_finding(undated: Sequence[str], ids: Sequence[int | None] = ()) -> list[Finding]:
    """``ids``: the promises' ids in the workspace, when known, for a hint to paste."""
    if not undated:
        return []
    quoted = ", ".join(f'"{_quote(text)}"' for text in undated)
    known = [i for i in ids if i is not None]
    hint = _PROMISE_HINT
    if known and len(known) == len(undated):
        hint = "Give it a date: " + "; ".join(
            f"coffeechat promise edit {i} --due DATE" for i in known
        )
    if len(undated) == 1:
        message = f"Your promise {quoted} has no due date."
    else:
        message = f"{len(undated)} of your promises have no due date: {quoted}."
    return [Finding("promises-dated", "warning", message, hint)]


def says_something(text: str) -> bool:
    """True when a note, takeaway or promise says something: it has a letter or a digit and
    is not a placeholder ("TBD", "n/a", "None yet", "No notes.")."""
    plain = _plain(" ".join(text.split()))
    return any(ch.isalnum() for ch in plain) and _PLACEHOLDER.fullmatch(plain) is None


def marks_skipped(text: str) -> bool:
    """True for a note that only says its topic was skipped ("Skipped", "Not asked — no
    time")."""
    return _SKIPPED.fullmatch(_plain(" ".join(text.split()))) is not None


def topic_noted(notes: Sequence[str]) -> bool:
    """True when one of a topic's notes says something (a "Skipped" note does not)."""
    return any(says_something(note) and not marks_skipped(note) for note in notes)


def check_recap(recap: Recap) -> list[Finding]:
    """What the recap lacks, in rule order (see the module's table)."""
    topics = [
        (t.key, topic_noted(t.notes), t.skipped or any(marks_skipped(n) for n in t.notes))
        for t in recap.topics
    ]
    undated = [
        p
        for p in recap.promises_by(PromiseBy.ME)
        if says_something(p.text) and p.due is None and not p.done
    ]
    return [
        *_topics_finding(
            recap.variant is Variant.REFLECTION,
            topics,
            any(says_something(n) for n in recap.other_notes),
        ),
        *_takeaways_finding(any(says_something(t.text) for t in recap.takeaways)),
        *_next_step_finding(recap.next_contact is not None),
        *_promises_finding([p.text for p in undated], [p.id for p in undated]),
    ]


# --------------------------------------------------------------------------- reading text

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_BOLD_LINE = re.compile(r"^\s*(?:\*\*|__)(.+?)(?:\*\*|__)\s*:?\s*$")
_BULLET = re.compile(r"^(\s*)(?:[-*+•]|\d{1,3}[.)])\s+(.*)$")
_CHECKBOX = re.compile(r"^\[( |x|X)\]\s*")
_FENCE = re.compile(r"^\s*(```|~~~)")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)

_SECTIONS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "learnt",
        re.compile(
            r"(?:what i (?:learnt|learned|heard)|(?:my |conversation |meeting )?notes"
            r"|topics(?: covered)?|questions(?: (?:and|&) answers)?|q ?& ?a"
            r"|what we (?:discussed|talked about)|conversation)"
        ),
    ),
    (
        "other",
        re.compile(r"(?:other|unplanned|extra|more|additional) notes|other|also discussed"),
    ),
    ("takeaways", re.compile(r"(?:key |my )?take-?aways?|what i take away")),
    (
        "introductions",
        re.compile(r"(?:introductions?|intros?)(?: offered)?|people to (?:meet|contact)"),
    ),
    ("promises", re.compile(r"promises?(?: made)?|commitments|action items|to-?dos?")),
    (
        "next",
        re.compile(r"next(?: contact| steps?| touch ?point| check-?in| follow-?up)?(?: date)?"),
    ),
    ("reflection", re.compile(r"(?:my |personal )?reflections?|what i think")),
)

_PLACEHOLDER = re.compile(
    r"(?:none(?: yet| recorded| so far)?|nothing(?: yet)?|no notes?|n/?a|tbd|tbc|to ?do|todo"
    r"|not (?:set|written|recorded)(?: yet)?|no (?:date|takeaways?|promises?)(?: yet| set)?"
    r"|no guide topics|pending|[-—–?]+)",
    re.IGNORECASE,
)
_SKIPPED = re.compile(
    r"(?:skipped|not asked|did ?n[o']t ask|(?:we )?ran out of time)(?:\s*[—–:(-].*)?",
    re.IGNORECASE,
)
_HEADING_SKIPPED = re.compile(r"\s*(?:[—–-]\s*skipped|\(skipped\)|\[skipped\])\s*$", re.I)
_KEY = re.compile(r"\s*\(([^()\s]+)\)\s*$")
_NEXT_LINE = re.compile(
    r"^\s*next (?:contact|touch ?point|check-?in|follow-?up)(?: date)?\s*[:—–]\s*(.*)$", re.I
)
_DATE_LINE = re.compile(r"^\s*(?:date|when|on)\s*:\s*(.*)$", re.IGNORECASE)
_NO_CONVERSATION = re.compile(
    r"\bno (?:conversation|meeting|chat|interview)\b|\bwithout a conversation\b", re.I
)
_MINE = re.compile(
    r"^(?:i|me|my|mine|myself|by me|from me|what i (?:promised|owe|will do)|i promised"
    r"|i will|i'll|my (?:promises|commitments|side|part))\b",
    re.IGNORECASE,
)
_MINE_ITEM = re.compile(r"^(?:i|i'll|i will|i'm|i am|me|my|myself)\b|^(?:me|i)\s*:", re.I)
_THEIRS_ITEM = re.compile(
    r"^(?:(?i:she|he|they)\b|[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)?\s*(?::|will\b|['’]ll\b"
    r"|promised\b|offered\b|is going to\b|said\b))"
)
_DONE = re.compile(r"\s*(?:\((?:done|✓)\)|[—–-]\s*done|✓|✔|☑)\s*$", re.IGNORECASE)
_NO_DATE = re.compile(r"\s+[—–-]\s+no (?:date|due date)\s*$", re.IGNORECASE)
_BY_ISO = re.compile(r"\s+[—–-]\s+by\s+\d{4}-\d{2}-\d{2}\s*$")
#: Any instant: only whether a date is written matters, not which one.
_READ_AT = dt.datetime(2026, 1, 1, 12, 0, tzinfo=dt.UTC)


@dataclass
class _Item:
    text: str
    checked: bool = False


@dataclass
class _Part:
    heading: str
    items: list[_Item] = field(default_factory=list)


@dataclass
class _Section:
    kind: str  # a key of _SECTIONS, or "" for a section we do not read
    heading: str
    items: list[_Item] = field(default_factory=list)
    parts: list[_Part] = field(default_factory=list)


def _plain(text: str) -> str:
    """Heading or line text without emphasis, trailing colon and numbering, lower case."""
    text = re.sub(r"[*_`~]+", "", text).strip()
    text = re.sub(r"^(?:\d{1,2}[.)]\s*)", "", text)
    return text.rstrip(" :.").strip().lower()


def _section_kind(heading: str) -> str | None:
    plain = _plain(heading)
    for kind, pattern in _SECTIONS:
        if pattern.fullmatch(plain):
            return kind
    return None


@dataclass
class _Heading:
    line: int
    level: int  # 0 for a bold line standing as a heading
    text: str


def _headings(lines: list[str]) -> tuple[list[_Heading], set[int]]:
    """The headings, and the lines that are setext underlines or inside code fences."""
    found: list[_Heading] = []
    skip: set[int] = set()
    fenced = False
    for i, line in enumerate(lines):
        if _FENCE.match(line):
            fenced = not fenced
            skip.add(i)
            continue
        if fenced:
            skip.add(i)
            continue
        atx = _ATX.match(line)
        if atx:
            found.append(_Heading(i, len(atx.group(1)), (atx.group(2) or "").strip()))
            continue
        underline = _SETEXT.match(line)
        if underline and i > 0 and i - 1 not in skip:
            above = lines[i - 1]
            if above.strip() and not _BULLET.match(above) and not _ATX.match(above):
                if found and found[-1].line == i - 1:
                    continue
                found.append(_Heading(i - 1, 1 if underline.group(1)[0] == "=" else 2, above))
                skip.add(i)
                continue
        bold = _BOLD_LINE.match(line)
        if bold and _section_kind(bold.group(1)) is not None:
            found.append(_Heading(i, 0, bold.group(1)))
    return found, skip


@dataclass
class _Document:
    title: str
    #: The lines before the first section the checker reads (title, lead, facts).
    lead: list[str]
    sections: list[_Section]
    lines: list[str]
    #: line number -> the kind of section it is in: "lead" before the first section, ""
    #: in one the checker does not read (headings, code and underlines are left out).
    where: dict[int, str]


def _parse(text: str) -> _Document:
    text = _COMMENT.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = text.split("\n")
    headings, skip = _headings(lines)
    levels = [h.level for h in headings if h.level and _section_kind(h.text) is not None]
    section_level = min(levels) if levels else 2
    title = ""
    at_line = {h.line: h for h in headings}
    sections: list[_Section] = []
    current: _Section | None = None
    part: _Part | None = None
    lead_end = len(lines)
    items: list[_Item] = []  # where the next line of content goes
    previous_kind = ""  # "bullet", "text" or "" (after a blank line)
    where: dict[int, str] = {}
    for i, line in enumerate(lines):
        if i in skip:
            continue
        heading = at_line.get(i)
        if heading is not None:
            kind = _section_kind(heading.text)
            if not title and not sections and kind is None and heading.level in (1, 2):
                title = _plain(heading.text)  # the first heading that names no section
                continue
            # A heading naming a section starts it, even one level too deep, unless it
            # can be a part: a topic ("Next steps") or a takeaway group ("Introductions").
            free_parts = current is not None and current.kind in ("learnt", "takeaways")
            if heading.level in range(section_level + 1) or (kind and not free_parts):
                if kind:
                    lead_end = min(lead_end, i)
                current = _Section(kind or "", heading.text)
                sections.append(current)
                part, items, previous_kind = None, current.items, ""
            elif current is not None:
                part = _Part(heading.text)
                current.parts.append(part)
                items, previous_kind = part.items, ""
            continue
        where[i] = current.kind if current is not None else "lead"
        if current is None:
            continue
        if not line.strip():
            previous_kind = ""
            continue
        bullet = _BULLET.match(line)
        if bullet:
            content = bullet.group(2).strip()
            box = _CHECKBOX.match(content)
            checked = bool(box and box.group(1) in "xX")
            if box:
                content = content[box.end() :]
            items.append(_Item(_unescape(content), checked))
            previous_kind = "bullet"
        elif previous_kind and items:
            items[-1].text += " " + line.strip()  # a wrapped line of the same item
        else:
            items.append(_Item(_unescape(line.strip().lstrip(">").strip())))
            previous_kind = "text"
    lead = [line for i, line in enumerate(lines[:lead_end]) if i not in skip]
    return _Document(title, lead, sections, lines, where)


def _unescape(text: str) -> str:
    """Undo the escapes coffeechat writes so user text is not read as Markdown syntax."""
    text = text.replace("<\\!--", "<!--")
    return text[1:] if re.match(r"\\\[[ xX]\]", text) else text


def _content(items: Sequence[_Item]) -> list[_Item]:
    return [item for item in items if says_something(item.text)]


def _sections(doc: _Document, kind: str) -> list[_Section]:
    return [section for section in doc.sections if section.kind == kind]


def _has_date(text: str) -> bool:
    return any(found.day is not None for found in find_times(text, now=_READ_AT, zone="UTC"))


def _text_topics(doc: _Document) -> tuple[list[tuple[str, bool, bool]], bool]:
    topics: list[tuple[str, bool, bool]] = []
    loose = False
    for section in _sections(doc, "learnt"):
        loose = loose or topic_noted([item.text for item in section.items])
        for part in section.parts:
            heading = part.heading.strip()
            skipped = False
            marker = _HEADING_SKIPPED.search(heading)
            if marker:
                heading, skipped = heading[: marker.start()], True
            key = _KEY.search(heading)
            label = key.group(1) if key else _quote(re.sub(r"[*_`]+", "", heading).strip())
            notes = [item.text for item in part.items]
            skipped = skipped or any(marks_skipped(note) for note in notes)
            topics.append((label, topic_noted(notes), skipped))
    for section in _sections(doc, "other"):
        loose = loose or bool(
            _content(section.items) or any(_content(p.items) for p in section.parts)
        )
    return topics, loose


def _text_has_takeaway(doc: _Document) -> bool:
    return any(
        _content(section.items) or any(_content(part.items) for part in section.parts)
        for section in _sections(doc, "takeaways")
    )


def _labelled(texts: Sequence[str], label: re.Pattern[str]) -> list[str]:
    return [m.group(1) for m in (label.match(re.sub(r"[*_]+", "", t)) for t in texts) if m]


def _text_has_next_date(doc: _Document) -> bool:
    for section in _sections(doc, "next"):
        texts = [item.text for item in section.items]
        texts += [item.text for part in section.parts for item in part.items]
        # The first "Date:" line is the date; else the first "Next contact:"; else any line.
        lines = (_labelled(texts, _DATE_LINE) or _labelled(texts, _NEXT_LINE))[:1] or texts
        if any(_has_date(line) for line in lines):
            return True
    # "Next contact: <date>" as a line of its own anywhere else (the user's reflection is
    # their own words, and the "Next contact" section was read above).
    loose = [
        line
        for i, line in enumerate(doc.lines)
        if doc.where.get(i) not in (None, "next", "reflection") and not _BULLET.match(line)
    ]
    return any(_has_date(line) for line in _labelled(loose, _NEXT_LINE))


def _promise_state(text: str, checked: bool) -> tuple[str, bool, bool]:
    """(the promise's words, dated, done) of one promise line."""
    text = text.strip()
    done = checked
    struck = re.fullmatch(r"~~(.*)~~", text)
    if struck:
        text, done = struck.group(1).strip(), True
    marker = _DONE.search(text)
    if marker:
        text, done = text[: marker.start()], True
    undated = _NO_DATE.search(text)
    if undated:
        return text[: undated.start()], False, done
    dated = _BY_ISO.search(text)
    if dated:
        return text[: dated.start()], True, done
    return text, _has_date(text), done


def _text_undated_promises(doc: _Document) -> list[str]:
    undated: list[str] = []
    for section in _sections(doc, "promises"):
        # Loose lines are the user's unless they name someone else ("Ada will ...").
        mine = [
            item
            for item in _content(section.items)
            if _MINE_ITEM.match(_plain(item.text)) or not _THEIRS_ITEM.match(item.text.strip())
        ]
        for part in section.parts:
            if _MINE.match(_plain(part.heading)):
                mine += _content(part.items)
        for item in mine:
            text, dated, done = _promise_state(item.text, item.checked)
            if not dated and not done and says_something(text):
                undated.append(text)
    return undated


def _is_reflection(doc: _Document) -> bool:
    if doc.title.startswith("reflection"):
        return True
    if doc.title.startswith("conversation with"):
        return False
    return any(_NO_CONVERSATION.search(line) for line in doc.lead)


def check_recap_text(text: str) -> Report:
    """Check a recap written in Markdown: the same rules as ``check_recap``, read from text."""
    if not isinstance(text, str):
        text = ""
    doc = _parse(text)
    topics, loose = _text_topics(doc)
    findings = [
        *_topics_finding(_is_reflection(doc), topics, loose),
        *_takeaways_finding(_text_has_takeaway(doc)),
        *_next_step_finding(_text_has_next_date(doc)),
        *_promises_finding(_text_undated_promises(doc)),
    ]
    return Report(
        ok=not any(f.severity == "error" for f in findings),
        words=count_words(text),
        findings=findings,
    )
