"""The rules of one conversation: which variant its recap is, which topics were covered,
when to contact the person next, and the assembly of the recap from what was written.

Pure: the service reads the rows and passes them in; nothing here touches the database.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass

from coffeechat.core.guides import Guide
from coffeechat.core.model import Contact, HowMet
from coffeechat.core.recap import (
    REFLECTION_TOPIC,
    Introduction,
    Promise,
    PromiseBy,
    Recap,
    Takeaway,
    TakeawayKind,
    TopicNotes,
    Variant,
)

#: Report back 1-2 weeks after the conversation: the next contact date unless one is set.
REPORT_BACK_DAYS = 7

#: The words for how the user met someone, as a recap says them.
HOW_MET_WORDS = {
    HowMet.EVENT: "at an event",
    HowMet.ONLINE: "online",
    HowMet.INTRODUCED: "through an introduction",
    HowMet.ALREADY_KNOWN: "someone I already know",
    HowMet.OTHER: "other",
}


@dataclass(frozen=True)
class Written:
    """What was written about one conversation, as plain values."""

    notes: Sequence[tuple[str | None, str]] = ()  # (topic key or None, text), in order
    takeaways: Sequence[tuple[str, str]] = ()  # (kind, text)
    promises: Sequence[Promise] = ()
    introductions: Sequence[Introduction] = ()
    skipped: Sequence[str] = ()


@dataclass(frozen=True)
class Held:
    """The facts of the conversation itself (None throughout for a reflection)."""

    start: dt.datetime | None = None
    end: dt.datetime | None = None
    zone: str | None = None
    format: str | None = None
    place: str | None = None
    held: bool = False


def choose_variant(contact: Contact, held: bool, notes: int) -> Variant:
    """The recap variant when the user does not choose one: a reflection when nothing took
    place (not held, no notes), a chat with someone known when the user already knew them,
    else an interview."""
    if not held and notes == 0:
        return Variant.REFLECTION
    if contact.how_met is HowMet.ALREADY_KNOWN:
        return Variant.KNOWN
    return Variant.INTERVIEW


def default_next_contact(
    held_on: dt.date | None, promises: Sequence[Promise], today: dt.date
) -> dt.date | None:
    """The next time to contact them: the user's earliest open promise to them, else the
    report-back a week after the conversation; never before ``today`` (a recap written
    late, or a promise already overdue, means: today). None when nothing took place and
    nothing was promised."""
    mine = [p.due for p in promises if p.by is PromiseBy.ME and p.due and not p.done]
    candidates = list(mine)
    if held_on is not None:
        candidates.append(held_on + dt.timedelta(days=REPORT_BACK_DAYS))
    return max(min(candidates), today) if candidates else None


def default_next_step(next_contact: dt.date | None, promises: Sequence[Promise]) -> str | None:
    """What the next contact is for: a promise due that day, else the report-back."""
    if next_contact is None:
        return None
    for p in promises:
        if p.by is PromiseBy.ME and p.due == next_contact and not p.done:
            return p.text
    return "Report back on what I did with their advice"


def topics_of(guide: Guide, written: Written, dropped: Sequence[str] = ()) -> list[TopicNotes]:
    """Every topic of the guide in its order, with its notes; a topic the user skipped, or
    one left out of the plan for time and never noted, is marked skipped."""
    out = []
    for q in guide.questions:
        texts = tuple(text for key, text in written.notes if key == q.key)
        skipped = q.key in written.skipped or (q.key in dropped and not texts)
        out.append(TopicNotes(q.key, q.text, q.purpose, texts, skipped))
    return out


def assemble(
    *,
    variant: Variant,
    user_name: str,
    contact: Contact,
    guide: Guide | None,
    held: Held,
    written: Written,
    dropped: Sequence[str] = (),
    reflection: str | None = None,
    next_contact: dt.date | None = None,
    next_step: str | None = None,
    written_on: dt.date | None = None,
    user_zone: str | None = None,
) -> Recap:
    """The recap of a conversation from its facts and what was written about it."""
    keys = {q.key for q in guide.questions} if guide else set()
    topics = (
        topics_of(guide, written, dropped) if guide and variant is not Variant.REFLECTION else []
    )
    reflections = [text for key, text in written.notes if key == REFLECTION_TOPIC]
    if reflection:
        reflections.insert(0, reflection)
    other = [
        text if key is None else f"{key}: {text}"
        for key, text in written.notes
        if key != REFLECTION_TOPIC and (key is None or key not in keys or not topics)
    ]
    start = (
        held.start.astimezone(zoneinfo.ZoneInfo(held.zone)) if held.start and held.zone else None
    )
    minutes = None
    if held.start and held.end and held.end > held.start:
        minutes = max(1, round((held.end - held.start).total_seconds() / 60))
    reflect = variant is Variant.REFLECTION
    return Recap(
        variant=variant,
        user_name=user_name,
        contact_name=contact.name,
        title=contact.title,
        company=contact.company,
        seniority=contact.seniority.value if contact.seniority else None,
        how_met=HOW_MET_WORDS.get(contact.how_met) if contact.how_met else None,
        met_at=contact.met_at,
        met_on=contact.met_on,
        introduced_by=contact.introduced_by,
        start=None if reflect else start,
        zone=None if reflect else held.zone,
        user_zone=None if reflect else user_zone,
        contact_zone=None if reflect else contact.timezone,
        minutes=None if reflect else minutes,
        format=None if reflect else held.format,
        place=None if reflect else held.place,
        guide=None if reflect or guide is None else guide.title,
        topics=tuple(topics),
        other_notes=tuple(other),
        takeaways=tuple(Takeaway(TakeawayKind(k), t) for k, t in written.takeaways),
        promises=tuple(written.promises),
        introductions=tuple(written.introductions),
        next_contact=next_contact,
        next_step=next_step,
        reflection="\n\n".join(reflections) or None,
        written_on=written_on,
    )
