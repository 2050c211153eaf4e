"""The recap of a conversation, assembled from what was written during and after it.

A recap is the detailed, shareable record of one informational interview (DOMAIN.md,
step 6): who, how the user met them, when, how long and in what format; the notes under
each topic of the guide in the guide's order (skipped topics marked); the takeaways
grouped by kind; the promises of both sides with their dates; the next contact date;
and the user's own reflection. Two fallback variants exist: a conversation with someone
the user already knows (``known``), and a written reflection without a conversation
(``reflection``).

This module holds the words (enums, dataclasses) and the assembly; rendering to
Markdown, HTML, PDF and DOCX lives in ``coffeechat.formats.recap``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum


class Variant(StrEnum):
    """Which kind of recap: an interview, a chat with someone known, or a reflection."""

    INTERVIEW = "interview"
    KNOWN = "known"
    REFLECTION = "reflection"


class TakeawayKind(StrEnum):
    """What a takeaway is about (the groups of a recap, in this order)."""

    INSIGHT = "insight"
    MENTOR = "mentor"
    INTRODUCTION = "introduction"
    PATH = "path"
    RESOURCE = "resource"
    ADVICE = "advice"


#: The heading of each takeaway group, in recap order.
TAKEAWAY_HEADINGS: dict[TakeawayKind, str] = {
    TakeawayKind.INSIGHT: "Industry insight",
    TakeawayKind.MENTOR: "Mentoring",
    TakeawayKind.INTRODUCTION: "Introductions",
    TakeawayKind.PATH: "Path into the company",
    TakeawayKind.RESOURCE: "Resources",
    TakeawayKind.ADVICE: "Advice",
}


class PromiseBy(StrEnum):
    """Who made a promise: the user or the contact."""

    ME = "me"
    THEM = "them"


#: The topic key of notes that are the user's reflection rather than the contact's words.
REFLECTION_TOPIC = "reflection"


@dataclass(frozen=True)
class TopicNotes:
    """What was learnt under one topic of the guide."""

    key: str
    question: str
    purpose: str
    notes: tuple[str, ...] = ()
    skipped: bool = False


@dataclass(frozen=True)
class Takeaway:
    """One thing the user takes away, of a kind."""

    kind: TakeawayKind
    text: str


@dataclass(frozen=True)
class Promise:
    """A promise made by one side, with the date it is due (if one was given)."""

    by: PromiseBy
    text: str
    due: dt.date | None = None
    done: bool = False
    #: its id in the workspace, when it comes from one (None: read from a document)
    id: int | None = None


@dataclass(frozen=True)
class Introduction:
    """Someone the contact offered to introduce the user to."""

    name: str
    company: str | None = None
    status: str = "offered"


@dataclass(frozen=True)
class Recap:
    """Everything a recap says, ready to render."""

    variant: Variant
    user_name: str
    contact_name: str
    title: str | None = None
    company: str | None = None
    seniority: str | None = None
    how_met: str | None = None
    met_at: str | None = None
    met_on: dt.date | None = None
    introduced_by: str | None = None
    #: When the conversation started (aware, in ``zone``); None for a reflection.
    start: dt.datetime | None = None
    zone: str | None = None
    #: The user's zone and the contact's: "When" is shown in each that reads differently.
    user_zone: str | None = None
    contact_zone: str | None = None
    minutes: int | None = None
    format: str | None = None
    place: str | None = None
    guide: str | None = None
    topics: tuple[TopicNotes, ...] = ()
    #: Notes not under any topic of the guide (unplanned, in the order written).
    other_notes: tuple[str, ...] = ()
    takeaways: tuple[Takeaway, ...] = ()
    promises: tuple[Promise, ...] = ()
    introductions: tuple[Introduction, ...] = ()
    next_contact: dt.date | None = None
    next_step: str | None = None
    reflection: str | None = None
    written_on: dt.date | None = None
    #: Extra lines of findings (missing parts); filled by the checker, not by assembly.
    findings: tuple[str, ...] = field(default=())

    @property
    def title_line(self) -> str:
        """The document's title."""
        if self.variant is Variant.REFLECTION:
            return f"Reflection: {self.contact_name}"
        return f"Conversation with {self.contact_name}"

    @property
    def contact_first_name(self) -> str:
        """What the recap calls the contact in short: their first name (the whole name
        when it is one word, e.g. "李雷")."""
        words = self.contact_name.split()
        return words[0] if words else self.contact_name

    @property
    def end(self) -> dt.datetime | None:
        """When the conversation ended: ``start`` plus ``minutes`` (None unless both known)."""
        if self.start is None or self.minutes is None:
            return None
        return self.start + dt.timedelta(minutes=self.minutes)

    def takeaway_groups(self) -> list[tuple[TakeawayKind, str, list[str]]]:
        """The takeaways grouped by kind, in recap order; empty groups left out."""
        return group_takeaways(self.takeaways)

    def promises_by(self, by: PromiseBy) -> list[Promise]:
        """One side's promises, dated ones first by date, then the undated ones."""
        mine = [p for p in self.promises if p.by is by]
        return sorted(mine, key=lambda p: (p.due is None, p.due or dt.date.min))


def group_takeaways(
    takeaways: Sequence[Takeaway],
) -> list[tuple[TakeawayKind, str, list[str]]]:
    """Takeaways grouped by kind in the order of ``TAKEAWAY_HEADINGS``."""
    groups = []
    for kind, heading in TAKEAWAY_HEADINGS.items():
        texts = [t.text for t in takeaways if t.kind is kind]
        if texts:
            groups.append((kind, heading, texts))
    return groups
