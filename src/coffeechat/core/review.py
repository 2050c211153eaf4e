"""Recap review (team mode): the rules of a submission, pure.

A seeker hands the recap of one contact to the coach of one of their cohorts: a
submission, whose versions are snapshots (the Markdown and the ``recap --json``
document as they were), with a status the coach moves, and comments threaded on the
version they were made on. Career centres aim to answer a submitted document within two
business days: the review queue marks what waited longer.

This module decides: the statuses and their moves, which topics a comment may be on,
what changed between two versions (a line diff of the Markdown), how a submitted
document is read back for a page (defensively: a document sent by a local workspace is
only as good as its sender), and the errors of the area. No I/O, no clock.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from coffeechat.core.errors import CoffeechatError, InvalidValue

#: The statuses of a submission, in the order of a review.
SUBMITTED = "submitted"
CHANGES_REQUESTED = "changes-requested"
RESUBMITTED = "resubmitted"
APPROVED = "approved"
STATUSES = (SUBMITTED, CHANGES_REQUESTED, RESUBMITTED, APPROVED)
#: What a coach may set.
REVIEWS = (CHANGES_REQUESTED, APPROVED)
#: Waiting for the coach.
WAITING = (SUBMITTED, RESUBMITTED)
#: Career centres answer a submitted document within this many business days.
ANSWER_WITHIN = 2

#: The parts of a recap a comment may be on, besides the topics of its guide.
SECTIONS = ("takeaways", "promises", "introductions", "next-contact", "reflection")
#: The longest comment, and the longest Markdown of a version.
COMMENT_LONGEST = 5000
MARKDOWN_LONGEST = 200_000
TITLE_LONGEST = 300
CONTACT_KEY_LONGEST = 200
#: The largest id a row can have (the database's integers: PostgreSQL's 32 bits).
LARGEST_ID = 2**31 - 1


class UnknownSubmission(CoffeechatError):
    """No submission of that id that the caller may see (the same answer for both)."""

    def __init__(self, submission_id: object) -> None:
        super().__init__(f"no submission {submission_id}")


class NotInACohort(CoffeechatError):
    """The seeker is in no cohort, or not in the one named."""

    field = "cohort"


class NotTheCoach(CoffeechatError):
    """Only the coach of the submission's cohort reviews it."""

    def __init__(self) -> None:
        super().__init__("only the coach of this cohort can request changes or approve")


def review_status(value: object) -> str:
    """A status a coach may set, checked."""
    if value not in REVIEWS:
        raise InvalidValue("status", value, "must be changes-requested or approved", "approved")
    return str(value)


def comment_text(value: object) -> str:
    """A comment's text: not empty, at most COMMENT_LONGEST characters."""
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        raise InvalidValue("text", value, "write something", "Add what they said about hiring")
    if len(text) > COMMENT_LONGEST:
        raise InvalidValue(
            "text", value, f"at most {COMMENT_LONGEST:,} characters", "a shorter comment"
        )
    return text


def comment_topic(value: str | None, topics: tuple[str, ...]) -> str | None:
    """The topic a comment is on: one of ``topics`` (the guide's of that version) or
    of SECTIONS; None or empty for the whole recap."""
    if value is None or not value.strip():
        return None
    topic = value.strip()
    choices = (*topics, *SECTIONS)
    if topic not in choices:
        raise InvalidValue(
            "topic", value, "not a topic of this recap: " + ", ".join(choices), choices[0]
        )
    return topic


def contact_key_id(key: str) -> int:
    """The ``contact_id`` a submission sent from a local workspace is kept under: a
    negative number made from its ``contact_key`` (a stable string), so that it never
    meets the id of a contact of the server (those are positive), and the same key
    always lands on the same submission."""
    import hashlib

    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return -(int.from_bytes(digest[:4], "big") & 0x7FFFFFFF) - 1


def document_conversation(document: dict[str, Any]) -> int:
    """The conversation a recap document is of (its ``conversation``, an id of the
    workspace it was written in), or 0 when it names none."""
    found = document.get("conversation")
    if isinstance(found, int) and not isinstance(found, bool) and 0 < found <= LARGEST_ID:
        return found
    return 0


def contact_key(value: object) -> str:
    """A ``contact_key``: 1 to CONTACT_KEY_LONGEST characters."""
    key = value.strip() if isinstance(value, str) else ""
    if not key or len(key) > CONTACT_KEY_LONGEST:
        raise InvalidValue(
            "contact_key", value, f"1 to {CONTACT_KEY_LONGEST} characters", "local-12"
        )
    return key


# --- a recap document sent whole ------------------------------------------------------------

#: The longest text of a field of a submitted document, and the most items of a list.
TEXT_LONGEST = 20_000
ITEMS_MOST = 1_000

# What each field of a ``recap --json`` document is (docs/json.md): a kind, or for an
# object its fields, or for a list what its items are. "?" after a kind: null allowed.
_SHORT = {"name": "text?", "title": "text?", "company": "text?", "seniority": "text?"}
_RECAP: dict[str, Any] = {
    "variant": ("interview", "known", "reflection"),
    "title": "text",
    "user": "text?",
    "who": _SHORT,
    "how_met": "text?",
    "met_at": "text?",
    "met_on": "date?",
    "introduced_by": "text?",
    "start": "instant?",
    "zone": "text?",
    "minutes": "count?",
    "format": "text?",
    "place": "text?",
    "guide": "text?",
    "topics": [{"key": "key", "question": "text?", "notes": ["text"], "skipped": "bool"}],
    "other_notes": ["text"],
    "takeaways": [{"kind": "text", "text": "text"}],
    "promises": [{"by": ("me", "them"), "text": "text", "due": "date?", "done": "bool"}],
    "introductions": [{"name": "text", "company": "text?", "status": "text?"}],
    "next_contact": "date?",
    "next_step": "text?",
    "reflection": "text?",
    "written_on": "date?",
}
_DOCUMENT: dict[str, Any] = {
    "contact": {"id": "id?", "name": "text?", "stage": "text?"},
    "conversation": "id?",
    "first": "bool",
    "format": "text?",
    "file": "text?",
    "recap": _RECAP,
    "findings": [{"rule": "text?", "severity": "text?", "message": "text?", "hint": "text?"}],
}
_EXAMPLES = {
    "text": "words",
    "key": "journey",
    "date": "2026-12-01",
    "instant": "2026-12-01T15:00:00+01:00",
    "count": "30",
    "id": "12",
    "bool": "true",
}


def _checked(value: object, kind: Any, field: str) -> None:
    """InvalidValue naming ``field`` (a path in the request's body) unless ``value`` is
    of ``kind``; a field left out of an object is fine, one it does not know too (a
    newer coffeechat may add some)."""
    import datetime as dt

    if isinstance(kind, dict):
        if not isinstance(value, dict):
            raise InvalidValue(field, value, "must be an object", "{…}")
        for key, inner in kind.items():
            if key in value:
                _checked(value[key], inner, f"{field}.{key}")
        return
    if isinstance(kind, list):
        if not isinstance(value, list):
            raise InvalidValue(field, value, "must be a list", "[…]")
        if len(value) > ITEMS_MOST:
            raise InvalidValue(field, "…", f"at most {ITEMS_MOST:,} items", "a shorter list")
        for i, item in enumerate(value):
            _checked(item, kind[0], f"{field}[{i}]")
        return
    if isinstance(kind, tuple):
        if value not in kind:
            raise InvalidValue(field, value, "must be one of " + ", ".join(kind), kind[0])
        return
    name = kind.rstrip("?")
    if value is None and kind.endswith("?"):
        return
    ok = False
    if name in ("text", "key", "date", "instant"):
        ok = isinstance(value, str) and len(value) <= TEXT_LONGEST
        if isinstance(value, str) and len(value) > TEXT_LONGEST:
            raise InvalidValue(field, "…", f"at most {TEXT_LONGEST:,} characters", "shorter")
        try:
            if ok and name == "date":
                dt.date.fromisoformat(str(value))
            elif ok and name == "instant":
                dt.datetime.fromisoformat(str(value))
        except ValueError:
            ok = False
        if ok and name == "key":
            ok = bool(str(value).strip()) and len(str(value)) <= 200
    elif name in ("count", "id"):
        if isinstance(value, int) and not isinstance(value, bool):
            lowest = 0 if name == "count" else 1
            ok = lowest <= value <= LARGEST_ID
    elif name == "bool":
        ok = isinstance(value, bool)
    if not ok:
        what = {
            "text": "a string",
            "key": "a topic key (1 to 200 characters)",
            "date": "a date (YYYY-MM-DD)",
            "instant": "an ISO 8601 date and time",
            "count": "a whole number, 0 or more",
            "id": "a positive whole number",
            "bool": "true or false",
        }[name]
        raise InvalidValue(
            field,
            value,
            f"must be {what}" + (" or null" if kind.endswith("?") else ""),
            _EXAMPLES[name],
        )


def checked_document(
    document: object, markdown: object, *, strict: bool = False
) -> tuple[str, str]:
    """The title and Markdown of a recap sent whole (``recap --json`` document and
    its Markdown), checked enough to be shown: InvalidValue otherwise. ``strict`` (a
    document sent from elsewhere): every field it has is checked against docs/json.md
    (types, dates, lengths), field names given as in the request (``recap.recap.who``),
    and a title over TITLE_LONGEST characters is refused rather than cut."""
    example = "the document `coffeechat recap CONTACT --json` prints"
    recap = document.get("recap") if isinstance(document, dict) else None
    if not isinstance(recap, dict):
        raise InvalidValue("recap", "…", "must be a recap document with a recap object", example)
    title = recap.get("title")
    if not isinstance(title, str) or not title.strip():
        field = "recap.recap.title" if strict else "recap"
        raise InvalidValue(field, title, "the recap has no title", example)
    if strict:
        _checked(document, _DOCUMENT, "recap")
        if len(" ".join(title.split())) > TITLE_LONGEST:
            raise InvalidValue(
                "recap.recap.title", "…", f"at most {TITLE_LONGEST} characters", "a shorter title"
            )
    topics = recap.get("topics", [])
    if not isinstance(topics, list) or not all(
        isinstance(t, dict) and isinstance(t.get("key"), str) for t in topics
    ):
        raise InvalidValue("recap", "…", "its topics must be objects with a key", example)
    if not isinstance(markdown, str) or not markdown.strip():
        raise InvalidValue("markdown", markdown, "the recap's Markdown is empty", "# Recap…")
    if len(markdown) > MARKDOWN_LONGEST:
        raise InvalidValue(
            "markdown", markdown, f"at most {MARKDOWN_LONGEST:,} characters", "a shorter recap"
        )
    return " ".join(title.split())[:TITLE_LONGEST], markdown


def without_workspace_ids(document: dict[str, Any]) -> dict[str, Any]:
    """A submitted document as its coach gets it: the ids of the seeker's own workspace
    (``contact.id``, ``conversation``) and any file path of theirs (``file``) set to
    null: they open nothing for anyone but the seeker. The seeker's copy keeps them."""
    shown = dict(document)
    for key in ("conversation", "file"):
        if key in shown:
            shown[key] = None
    contact = shown.get("contact")
    if isinstance(contact, dict) and "id" in contact:
        shown["contact"] = {**contact, "id": None}
    return shown


def topics_of(document: Any) -> tuple[tuple[str, str], ...]:
    """The (key, question) of each topic of a submitted document, in its order."""
    recap = document.get("recap") if isinstance(document, dict) else None
    topics = recap.get("topics") if isinstance(recap, dict) else None
    found: list[tuple[str, str]] = []
    for t in topics if isinstance(topics, list) else []:
        if isinstance(t, dict) and isinstance(t.get("key"), str):
            question = t.get("question")
            found.append((t["key"], question if isinstance(question, str) else t["key"]))
    return tuple(found)


# --- what changed ------------------------------------------------------------------------


@dataclass(frozen=True)
class DiffLine:
    """A line of a diff: ``added``, ``removed``, ``same`` (context), or ``gap`` (that
    many unchanged lines left out, in ``text``)."""

    kind: str
    text: str


#: A recap's closing line, which carries the day it was rendered (formats/recap.py:
#: "_Written on 27 November 2026 with coffeechat._"), not anything the seeker wrote.
_FOOTER = re.compile(r"^_Written(?: on [^_\n]*)? with coffeechat\._$", re.M)


def same_recap(old: str, new: str) -> bool:
    """Whether two versions of a recap say the same: their Markdown equal but for the
    closing line's date, so an unchanged recap sent again on a later day makes no new
    version."""
    return old == new or _FOOTER.sub("", old) == _FOOTER.sub("", new)


def line_changes(old: str, new: str, context: int = 2) -> list[DiffLine]:
    """What changed from ``old`` to ``new``, line by line (difflib): removed and added
    lines, with ``context`` unchanged lines around them; longer unchanged runs become a
    ``gap``. Empty when nothing changed."""
    before, after = old.splitlines(), new.splitlines()
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    lines: list[DiffLine] = []
    for group in matcher.get_grouped_opcodes(context):
        if lines or group[0][1] > 0:
            lines.append(DiffLine("gap", "…"))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines += [DiffLine("same", s) for s in before[i1:i2]]
                continue
            lines += [DiffLine("removed", s) for s in before[i1:i2]]
            lines += [DiffLine("added", s) for s in after[j1:j2]]
    if lines and matcher.get_opcodes()[-1][0] == "equal":
        last = matcher.get_opcodes()[-1]
        if last[2] - last[1] > context:
            lines.append(DiffLine("gap", "…"))
    return lines


# --- reading a recap back --------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """A block of a recap's Markdown as a page shows it (its text escaped there):
    ``title``, ``section``, ``topic`` (with its ``key``), ``item``, ``text`` or ``rule``."""

    kind: str
    text: str
    key: str | None = None


_TOPIC = re.compile(r"^(?P<question>.*) \((?P<key>[a-z0-9][a-z0-9-]*)\)$")
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|~])")


def _plain(text: str) -> str:
    """Markdown's emphasis and escapes taken out: the words as written."""
    text = text.replace("**", "")
    if len(text) > 1 and text.startswith("_") and text.endswith("_"):
        text = text[1:-1]
    return _ESCAPED.sub(r"\1", text)


def markdown_blocks(markdown: str) -> list[Block]:
    """A recap's Markdown (as ``recap`` writes it) read into blocks for a page: headings,
    bullets, paragraphs. Never HTML: the page escapes every text. Anything else reads as
    a paragraph of its own words."""
    blocks: list[Block] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(Block("text", _plain(" ".join(paragraph))))
            paragraph.clear()

    for raw in markdown.splitlines():
        line = raw.rstrip()
        if not line.strip():
            flush()
        elif line.startswith("### "):
            flush()
            found = _TOPIC.match(line[4:])
            if found:
                blocks.append(Block("topic", _plain(found["question"]), found["key"]))
            else:
                blocks.append(Block("topic", _plain(line[4:])))
        elif line.startswith("## "):
            flush()
            blocks.append(Block("section", _plain(line[3:])))
        elif line.startswith("# "):
            flush()
            blocks.append(Block("title", _plain(line[2:])))
        elif line.startswith(("- ", "* ")):
            flush()
            blocks.append(Block("item", _plain(line[2:])))
        elif line.strip() == "---":
            flush()
            blocks.append(Block("rule", ""))
        else:
            paragraph.append(line.strip())
    flush()
    return blocks
