"""Follow-ups: the dated actions owed to or about one contact, derived from its history.

The service gathers one contact's facts into a :class:`ContactHistory` (its timeline,
conversations, the user's promises to it, the introductions it offered, the user's
dismissals and snoozes) and :func:`follow_ups` returns the items still open, each with a
due date, a stable item id, a one-line reason and the command that acts on it. Nothing is
stored: an item disappears when the event that does it is logged.

What counts as known at ``now``: an event whose instant is not after ``now`` (and, when
it says when it was written down, written down by then). A ``meeting`` logged for a
later instant is a plan: it counts as a confirmed time, never as a meeting held.

The rules (DOMAIN.md, "Rules with numbers"; Dalton's 3B7 for the outreach rhythm). The
business-day rules count on the contact's clock (:mod:`coffeechat.core.businessdays`) and
their date is used as the due date as is; every other date is a day in the user's zone.

- ``second-contact`` (only when ``peer`` is set): no answer to the latest outreach; due 3
  business days after it. Done by an answer or by the follow-up being sent.
- ``follow-up``: no answer to the latest outreach; due 7 business days after it. Done by a
  ``follow-up`` event after the outreach. When that follow-up in turn goes unanswered for
  7 business days, the contact is no-reply (:func:`no_reply_at`) and no item remains.
  An answer is a ``reply``, ``scheduling-email`` or ``meeting`` after the outreach. Both
  items need the contact's stage to be ``reached-out`` (a contact already met, declined
  or marked no-reply is not chased).
- ``schedule``: the contact agreed (stage ``agreed`` or ``scheduling``: no confirmed
  time, no meeting); due 2 days after their latest reply, 1 day for a booster the user
  has not answered yet (no ``scheduling-email`` or ``meeting`` since). When every option
  offered passed unconfirmed, the item is instead due the day they passed.
- ``confirm``: a scheduled conversation still ahead; due the day before it on the
  contact's clock. Done by a ``note``, ``scheduling-email`` or ``follow-up`` logged from
  the day before the due day (their clock) until the start.
- ``recap``: a conversation held and not recapped; due the day it ended.
- ``thank-you``: a conversation held; due 24 hours after its end (``due_at``; ``due`` is
  that instant's day), overdue as soon as that instant has passed, even on the same day.
  Done by a ``thank-you`` event after its start.
- ``report-back``: a conversation held; due 7 days after its day. Done by a
  ``report-back`` event after its start.
- ``introduction``: an offer not yet asked for (due the day after the offer), asked but
  not made (a reminder 7 days after asking), made but the person not yet written to
  (due the day after it was made).
- ``promise``: each of the user's own promises with a date, not kept; due that date.
- ``keep-in-touch``: a contact met; due ``keep_in_touch_months`` after the last contact
  (same day of the month, clamped to its end), and never less than 365 days after the
  third most recent ``keep-in-touch`` (at most 3 a year). ``keep_in_touch_months <= 0``
  turns it off.

A conversation is held when its status is ``held`` or it was ``scheduled`` and its end
(else its start) has passed. A ``meeting`` event that belongs to no conversation (neither
its value nor its instant matches one) stands for a conversation of its own.

Dismissed items (and items marked done that no entry closes) are left out; a snoozed
item is due on the later of its date and the snooze date. Everything is a function of
the arguments: no clock is read.
"""

from __future__ import annotations

import calendar
import datetime as dt
import zoneinfo
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from coffeechat.core.businessdays import business_days_after, local_date
from coffeechat.core.model import Event, EventKind, Stage
from coffeechat.core.scheduling import confirm_day
from coffeechat.core.stages import derive_stage

__all__ = [
    "BOOSTER",
    "CURMUDGEON",
    "KINDS",
    "OBLIGATE",
    "ContactHistory",
    "ConversationFacts",
    "FollowUp",
    "IntroFacts",
    "ItemState",
    "PromiseFacts",
    "add_months",
    "agenda",
    "follow_ups",
    "is_overdue",
    "no_reply_at",
    "no_reply_until",
    "overdue_days",
    "responsiveness",
]

#: The kinds of follow-up, in the order ties are broken on an agenda.
KINDS = (
    "second-contact",
    "follow-up",
    "schedule",
    "confirm",
    "recap",
    "thank-you",
    "introduction",
    "promise",
    "report-back",
    "keep-in-touch",
)

#: Contact types by how they answered the outreach (Dalton).
BOOSTER = "booster"
OBLIGATE = "obligate"
CURMUDGEON = "curmudgeon"

SECOND_CONTACT_DAYS = 3  # business days
FOLLOW_UP_DAYS = 7  # business days, also from the follow-up to no-reply
BOOSTER_DAYS = 3  # business days: a reply by then makes a booster
SCHEDULE_DAYS = 2
BOOSTER_SCHEDULE_DAYS = 1
THANK_YOU_HOURS = 24
REPORT_BACK_DAYS = 7
INTRO_ASK_DAYS = 1
INTRO_REMIND_DAYS = 7
INTRO_CONTACT_DAYS = 1
KEEP_IN_TOUCH_PER_YEAR = 3
YEAR_DAYS = 365

_ANSWERS = frozenset({EventKind.REPLY, EventKind.SCHEDULING_EMAIL, EventKind.MEETING})
_CONFIRMS = frozenset({EventKind.NOTE, EventKind.SCHEDULING_EMAIL, EventKind.FOLLOW_UP})
#: Everything that is contact with the person (not the user's own bookkeeping).
CONTACT_KINDS = frozenset(EventKind) - {EventKind.NOTE, EventKind.STAGE, EventKind.RECAP}
_UNCONFIRMED = frozenset(
    {Stage.MET, Stage.INTRO_OFFERED, Stage.REACHED_OUT, Stage.AGREED, Stage.SCHEDULING}
)
_AGREED = frozenset({Stage.AGREED, Stage.SCHEDULING})
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class ConversationFacts:
    """One conversation with the contact: ``status`` is "scheduled", "open" or "held"."""

    id: int
    status: str
    start: dt.datetime | None
    end: dt.datetime | None
    zone: str
    recapped: bool


@dataclass(frozen=True)
class PromiseFacts:
    """One of the user's own promises to the contact."""

    id: int
    text: str
    due: dt.date | None
    done: bool


@dataclass(frozen=True)
class IntroFacts:
    """An introduction the contact offered (status as in ``core.introductions``)."""

    id: int
    person_id: int
    person_name: str
    offered_at: dt.datetime
    status: str  # "offered" | "asked" | "made" | "met"
    asked_at: dt.datetime | None
    made_at: dt.datetime | None
    contacted: bool  # the user has written to the person


@dataclass(frozen=True)
class ItemState:
    """What the user decided about one item: "dismiss", "done", or "snooze" until a
    date."""

    item: str
    action: str
    until: dt.date | None


@dataclass(frozen=True)
class ContactHistory:
    """Everything about one contact the follow-up rules read."""

    contact_id: int
    name: str
    zone: str  # the contact's zone, else the user's
    holidays: frozenset[dt.date]  # of the contact's country (else the user's)
    user_zone: str
    events: tuple[Event, ...]  # the timeline, oldest first
    conversations: tuple[ConversationFacts, ...] = ()
    options_all_passed_at: dt.datetime | None = None  # the last open option's start
    promises: tuple[PromiseFacts, ...] = ()
    intros: tuple[IntroFacts, ...] = ()
    peer: str | None = None  # another person at the company, or "target"
    peer_id: int | None = None
    keep_in_touch_months: int = 3
    states: tuple[ItemState, ...] = ()
    company: str | None = None  # named in the second-contact item when peer is "target"
    intro_offered_at: dt.datetime | None = None  # an introduction to them first offered


@dataclass(frozen=True)
class FollowUp:
    """One open item: what to do about whom, by when, why, and the command that does it."""

    contact_id: int
    contact_name: str
    kind: str
    due: dt.date
    item: str
    reason: str
    suggested_command: str
    #: The instant it is due by, for an item due by a time rather than a day (the
    #: thank-you, 24 hours after the conversation); None for the others.
    due_at: dt.datetime | None = None


@dataclass(frozen=True)
class _Chat:
    """A conversation as the rules see it (from a conversation or a bare meeting)."""

    key: str
    conversation_id: int | None
    start: dt.datetime
    end: dt.datetime
    zone: str
    held: bool
    recapped: bool


@dataclass(frozen=True)
class _Rhythm:
    """The latest outreach, the first answer to it and the first follow-up after it."""

    outreach: Event
    answer: Event | None
    follow_up: Event | None


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` months later, clamped to the end of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _order(event: Event) -> tuple[dt.datetime, int]:
    return (event.at, event.id)


class _Facts:
    """One history read at one instant: the known events, the conversations, the stage."""

    def __init__(self, history: ContactHistory, now: dt.datetime) -> None:
        if now.tzinfo is None or now.utcoffset() is None:
            raise ValueError(f"now must be an aware datetime, got {now}")
        self.h = history
        self.now = now
        #: The instants after ``now`` that a rule compared with it: until the first of
        #: them, the rules give the same items from the same history (the agenda cache).
        self.ahead: list[dt.datetime] = []
        known = sorted(
            (
                e
                for e in history.events
                if (e.recorded_at is None or e.recorded_at <= now)
                and (e.at <= now or e.kind is EventKind.MEETING)
            ),
            key=_order,
        )
        self.happened = [e for e in known if e.at <= now]
        for e in history.events:  # what becomes known later
            self.ahead += [t for t in (e.at, e.recorded_at) if t is not None and t > now]
        if history.intro_offered_at is not None and history.intro_offered_at > now:
            self.ahead.append(history.intro_offered_at)
        self.chats = self._chats(known)
        planned = [
            Event(0, history.contact_id, EventKind.MEETING, c.start, c.zone)
            for c in self.chats
            if c.conversation_id is not None
        ]
        self.stage = derive_stage([*known, *planned], now, history.intro_offered_at)
        self.rhythm = self._rhythm()

    def _chats(self, known: Sequence[Event]) -> list[_Chat]:
        h = self.h
        recaps = {e.value for e in self.happened if e.kind is EventKind.RECAP}
        chats: list[_Chat] = []
        for c in h.conversations:
            if c.start is None or c.status not in ("scheduled", "held"):
                continue
            end = c.end or c.start
            held = self.reached(c.start) if c.status == "held" else self.reached(end)
            recapped = c.recapped or str(c.id) in recaps
            chats.append(_Chat(f"conversation-{c.id}", c.id, c.start, end, c.zone, held, recapped))
        ids = {str(c.id) for c in h.conversations}
        starts = {c.start for c in h.conversations}
        for e in known:
            if e.kind is not EventKind.MEETING or e.value in ids or e.at in starts:
                continue
            recapped = any(
                r.kind is EventKind.RECAP and r.at >= e.at and r.value not in ids
                for r in self.happened
            )
            held = self.reached(e.at)
            chats.append(_Chat(f"meeting-{e.id}", None, e.at, e.at, h.zone, held, recapped))
        return sorted(chats, key=lambda c: (c.start, c.key))

    def _rhythm(self) -> _Rhythm | None:
        outreaches = [e for e in self.happened if e.kind is EventKind.OUTREACH]
        if not outreaches:
            return None
        outreach = outreaches[-1]
        after = [e for e in self.happened if _order(e) > _order(outreach)]
        answer = next((e for e in after if e.kind in _ANSWERS), None)
        follow_up = next((e for e in after if e.kind is EventKind.FOLLOW_UP), None)
        return _Rhythm(outreach, answer, follow_up)

    def reached(self, instant: dt.datetime) -> bool:
        """Whether ``instant`` is not after now; if it is, it is an instant at which
        what the rules say may change (kept in ``ahead``)."""
        if instant <= self.now:
            return True
        self.ahead.append(instant)
        return False

    # --- words ---------------------------------------------------------------------------

    def user_date(self, instant: dt.datetime) -> dt.date:
        """The day an instant falls on for the user."""
        return local_date(instant, self.h.user_zone)

    def day(self, day: dt.date | dt.datetime) -> str:
        """A day as the reasons say it: "Mon 30 Nov" (with the year when not this one)."""
        if isinstance(day, dt.datetime):
            day = self.user_date(day)
        text = f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}"
        return text if day.year == self.user_date(self.now).year else f"{text} {day.year}"

    def item(
        self,
        kind: str,
        due: dt.date,
        about: str,
        reason: str,
        command: str,
        due_at: dt.datetime | None = None,
    ) -> FollowUp:
        """A follow-up of this contact; its id is "CONTACT:KIND:ABOUT"."""
        h = self.h
        item = f"{h.contact_id}:{kind}:{about}"
        return FollowUp(h.contact_id, h.name, kind, due, item, reason, command, due_at)

    def business_days_after(self, instant: dt.datetime, n: int) -> dt.date:
        """``n`` business days after ``instant`` on the contact's clock."""
        return business_days_after(instant, n, self.h.zone, self.h.holidays)


def _quoted(text: str) -> str:
    """A shell word in double quotes."""
    escaped = "".join("\\" + ch if ch in '"\\$`' else ch for ch in text)
    return f'"{escaped}"'


# --- the outreach rhythm ---------------------------------------------------------------


def _chasing(f: _Facts) -> _Rhythm | None:
    """The rhythm when the outreach still waits for an answer and the contact is chased."""
    r = f.rhythm
    if r is None or r.answer is not None or f.stage.stage is not Stage.REACHED_OUT:
        return None
    return r


def _second_contact(f: _Facts) -> list[FollowUp]:
    r, h = _chasing(f), f.h
    if r is None or r.follow_up is not None or not h.peer:
        return []
    due = f.business_days_after(r.outreach.at, SECOND_CONTACT_DAYS)
    sent = f.day(r.outreach.at)
    if h.peer == "target":
        where = f"at {h.company}" if h.company else "at the same company"
        reason = f"No reply to your outreach of {sent}: find a second person {where}"
        command = "coffeechat contact add NAME" + (
            f" --company {_quoted(h.company)}" if h.company else ""
        )
    else:
        reason = f"No reply to your outreach of {sent}: write to {h.peer} at the same company"
        # the draft is addressed to the second person: CONTACT is them (by id when known)
        peer = str(h.peer_id) if h.peer_id is not None else _quoted(h.peer)
        command = f"coffeechat draft second-contact {peer}"
    return [f.item("second-contact", due, f"outreach-{r.outreach.id}", reason, command)]


def _follow_up(f: _Facts) -> list[FollowUp]:
    r, h = _chasing(f), f.h
    if r is None or r.follow_up is not None:
        return []
    due = f.business_days_after(r.outreach.at, FOLLOW_UP_DAYS)
    reason = (
        f"No reply to your outreach of {f.day(r.outreach.at)}: "
        "one follow-up is due 7 business days later"
    )
    command = f"coffeechat draft follow-up {h.contact_id}"
    return [f.item("follow-up", due, f"outreach-{r.outreach.id}", reason, command)]


def _no_reply_at(f: _Facts) -> dt.datetime | None:
    r = f.rhythm
    if r is None or r.answer is not None or r.follow_up is None:
        return None
    if f.stage.stage not in (Stage.REACHED_OUT, Stage.NO_REPLY):
        return None
    day = f.business_days_after(r.follow_up.at, FOLLOW_UP_DAYS)
    at = dt.datetime.combine(day, dt.time(0), tzinfo=zoneinfo.ZoneInfo(f.h.zone))
    return at if f.reached(at) else None


def _responsiveness(f: _Facts) -> str | None:
    r = f.rhythm
    if r is None:
        return None
    if r.answer is not None:
        by = f.business_days_after(r.outreach.at, BOOSTER_DAYS)
        return BOOSTER if local_date(r.answer.at, f.h.zone) <= by else OBLIGATE
    return CURMUDGEON if _no_reply_at(f) is not None else None


# --- scheduling ------------------------------------------------------------------------


def _schedule(f: _Facts) -> list[FollowUp]:
    h, stage = f.h, f.stage.stage
    passed = h.options_all_passed_at
    if passed is not None and f.reached(passed) and stage in _UNCONFIRMED:
        due = f.user_date(passed)
        about = "options-" + passed.astimezone(dt.UTC).strftime("%Y%m%dT%H%MZ")
        reason = f"All the times you offered {h.name} passed unconfirmed on {f.day(due)}: "
        reason += "propose new ones"
        return [
            f.item("schedule", due, about, reason, f"coffeechat schedule propose {h.contact_id}")
        ]
    if stage not in _AGREED:
        return []
    replies = [e for e in f.happened if e.kind is EventKind.REPLY]
    if replies:
        reply = replies[-1]
        anchor, about = reply.at, f"reply-{reply.id}"
    elif f.stage.since is not None:
        anchor = f.stage.since
        about = f"agreed-{f.user_date(anchor).isoformat()}"
    else:
        return []
    answered = any(
        e.kind in (EventKind.SCHEDULING_EMAIL, EventKind.MEETING) and e.at > anchor
        for e in f.happened
    )
    quick = bool(replies) and not answered and _responsiveness(f) == BOOSTER
    due = f.user_date(anchor) + dt.timedelta(days=BOOSTER_SCHEDULE_DAYS if quick else SCHEDULE_DAYS)
    reason = f"{h.name} agreed to talk on {f.day(anchor)}: "
    if quick:
        reason += "a booster, answer within 24 hours with three times to choose from"
    elif answered:
        reason += "no time is confirmed yet; get it on the calendar this week"
    else:
        reason += "send three times to choose from"
    return [f.item("schedule", due, about, reason, f"coffeechat draft scheduling {h.contact_id}")]


def _confirm(f: _Facts) -> list[FollowUp]:
    items = []
    for chat in f.chats:
        if chat.held or f.reached(chat.start):
            continue
        due = confirm_day(chat.start, chat.zone)
        since = due - dt.timedelta(days=1)
        if any(
            e.kind in _CONFIRMS and local_date(e.at, chat.zone) >= since and e.at < chat.start
            for e in f.happened
        ):
            continue
        local = chat.start.astimezone(zoneinfo.ZoneInfo(chat.zone))
        when = f"{f.day(local.date())} {local:%H:%M} ({chat.zone})"
        reason = f"Confirm your conversation of {when} the day before: place, time zone, phone"
        about = f"{chat.key}-{local.date().isoformat()}"
        items.append(
            f.item("confirm", due, about, reason, f"coffeechat draft confirm {f.h.contact_id}")
        )
    return items


# --- after the conversation ------------------------------------------------------------


def _after(f: _Facts, kind: EventKind, chat: _Chat) -> bool:
    return any(e.kind is kind and e.at > chat.start for e in f.happened)


def _aftercare(f: _Facts) -> list[FollowUp]:
    h, cid = f.h, f.h.contact_id
    several = len([c for c in f.chats if c.held]) > 1
    items = []
    for chat in f.chats:
        if not chat.held:
            continue
        held = f.day(chat.start)
        if not chat.recapped:
            command = f"coffeechat recap {cid}"
            if several and chat.conversation_id is not None:
                command += f" --conversation {chat.conversation_id}"
            reason = f"Write up your conversation of {held} with {h.name} while it is fresh"
            items.append(f.item("recap", f.user_date(chat.end), chat.key, reason, command))
        if not _after(f, EventKind.THANK_YOU, chat):
            by = chat.end + dt.timedelta(hours=THANK_YOU_HOURS)
            if not f.reached(by):
                reason = f"Thank {h.name} within 24 hours of your conversation of {held}, "
            else:
                reason = f"Thank {h.name} for your conversation of {held}: the 24 hours have "
                reason += "passed, so write today, "
            reason += "naming one takeaway"
            command = f"coffeechat draft thank-you {cid}"
            items.append(f.item("thank-you", f.user_date(by), chat.key, reason, command, by))
        if not _after(f, EventKind.REPORT_BACK, chat):
            due = f.user_date(chat.start) + dt.timedelta(days=REPORT_BACK_DAYS)
            reason = f"Tell {h.name} what you did with their advice from {held} (1-2 weeks on)"
            command = f"coffeechat draft report-back {cid}"
            items.append(f.item("report-back", due, chat.key, reason, command))
    return items


def _introductions(f: _Facts) -> list[FollowUp]:
    h, items = f.h, []
    for intro in h.intros:
        if not f.reached(intro.offered_at):
            continue
        person = intro.person_name
        ask = f"coffeechat draft intro-request {h.contact_id} --to {_quoted(person)}"
        if intro.status == "offered":
            due = f.user_date(intro.offered_at) + dt.timedelta(days=INTRO_ASK_DAYS)
            reason = f"Ask {h.name} for the introduction to {person}"
            reason += f" offered on {f.day(intro.offered_at)}"
            items.append(f.item("introduction", due, f"intro-{intro.id}-ask", reason, ask))
        elif intro.status == "asked":
            asked = intro.asked_at or intro.offered_at
            due = f.user_date(asked) + dt.timedelta(days=INTRO_REMIND_DAYS)
            reason = f"You asked {h.name} on {f.day(asked)} for the introduction to {person}: "
            reason += "a gentle reminder"
            items.append(f.item("introduction", due, f"intro-{intro.id}-remind", reason, ask))
        elif intro.status == "made" and not intro.contacted:
            made = intro.made_at or intro.offered_at
            due = f.user_date(made) + dt.timedelta(days=INTRO_CONTACT_DAYS)
            reason = f"{h.name} introduced you to {person} on {f.day(made)}: write to {person}"
            command = f"coffeechat draft outreach {intro.person_id}"
            items.append(f.item("introduction", due, f"intro-{intro.id}-contact", reason, command))
    return items


def _promises(f: _Facts) -> list[FollowUp]:
    h, items = f.h, []
    for p in h.promises:
        if p.done or p.due is None:
            continue
        reason = f"You promised {h.name}: {p.text}"
        command = (
            f"coffeechat contact show {h.contact_id}; when kept: coffeechat promise done {p.id}"
        )
        items.append(f.item("promise", p.due, f"promise-{p.id}", reason, command))
    return items


def _keep_in_touch(f: _Facts) -> list[FollowUp]:
    h = f.h
    months = h.keep_in_touch_months
    held = [c for c in f.chats if c.held]
    if months <= 0 or not held:
        return []
    touches = [(e.at, f"event-{e.id}") for e in f.happened if e.kind in CONTACT_KINDS]
    touches += [(c.start, c.key) for c in held]
    last, about = max(touches)
    due = add_months(f.user_date(last), months)
    reason = f"Keep in touch with {h.name}: last contact {f.day(last)}, every {months} months"
    sent = [e.at for e in f.happened if e.kind is EventKind.KEEP_IN_TOUCH]
    if len(sent) >= KEEP_IN_TOUCH_PER_YEAR:
        cap = f.user_date(sent[-KEEP_IN_TOUCH_PER_YEAR]) + dt.timedelta(days=YEAR_DAYS)
        if cap > due:
            due = cap
            reason += f" (at most {KEEP_IN_TOUCH_PER_YEAR} a year: not before {f.day(cap)})"
    command = f"coffeechat draft keep-in-touch {h.contact_id}"
    return [f.item("keep-in-touch", due, about, reason, command)]


_RULES = (
    _second_contact,
    _follow_up,
    _schedule,
    _confirm,
    _aftercare,
    _introductions,
    _promises,
    _keep_in_touch,
)


def _key(item: FollowUp) -> tuple[dt.date, int, str, str]:
    return (item.due, KINDS.index(item.kind), item.contact_name, item.item)


def follow_ups(history: ContactHistory, now: dt.datetime) -> list[FollowUp]:
    """The open items of one contact as of ``now``, sorted by due date: dismissed items
    left out, snoozed ones due on the later of their date and the snooze date."""
    return _items(_Facts(history, now))


def follow_ups_until(
    history: ContactHistory, now: dt.datetime
) -> tuple[list[FollowUp], dt.datetime | None]:
    """``follow_ups``, and the first instant after ``now`` at which the rules compared
    something with the time (None: none): until then the same history gives the same
    items with the same due days. Not counted here: what ``now`` changes through the
    stage (the caller bounds it by the stage's validity, as the stage cache does) and
    the words of the reasons (the year of a date)."""
    facts = _Facts(history, now)
    items = _items(facts)
    _responsiveness(facts)  # read by the service beside the items: its instants count
    return items, min(facts.ahead, default=None)


def _items(facts: _Facts) -> list[FollowUp]:
    history = facts.h
    states = {s.item: s for s in history.states}  # the last decision about an item wins
    items = []
    for rule in _RULES:
        for item in rule(facts):
            state = states.get(item.item)
            if state is not None and state.action in ("dismiss", "done"):
                continue
            until = state.until if state is not None and state.action == "snooze" else None
            if until is not None and until > item.due:  # due that day, no longer by an instant
                item = replace(item, due=until, due_at=None)
            items.append(item)
    return sorted(items, key=_key)


def responsiveness(history: ContactHistory, now: dt.datetime) -> str | None:
    """How the contact answered the latest outreach: "booster" (answered by the third
    business day after it, on their clock), "obligate" (later), "curmudgeon" (no answer
    and no-reply reached, see :func:`no_reply_at`), else None (no outreach, or waiting)."""
    return _responsiveness(_Facts(history, now))


def no_reply_at(history: ContactHistory, now: dt.datetime) -> dt.datetime | None:
    """When the contact became no-reply, if they have by ``now``: the start (00:00, their
    zone) of the 7th business day after the follow-up, with no answer to the outreach
    since. That day is the one a user acts on, as for the follow-up itself."""
    return _no_reply_at(_Facts(history, now))


def no_reply_until(
    history: ContactHistory, now: dt.datetime
) -> tuple[dt.datetime | None, dt.datetime | None]:
    """``no_reply_at``, and the first instant after ``now`` at which its answer may
    change from these events (None: none): the 7th business day, while it is ahead."""
    facts = _Facts(history, now)
    return _no_reply_at(facts), min(facts.ahead, default=None)


def overdue_days(item: FollowUp, today: dt.date) -> int:
    """How many days past due an item is on ``today`` (0 when due today or later)."""
    return max(0, (today - item.due).days)


def is_overdue(item: FollowUp, now: dt.datetime, today: dt.date) -> bool:
    """Whether an item is past due at ``now`` (``today``, the user's day): its day is
    past, or the instant it was due by (``due_at``) has passed, even earlier today."""
    return item.due < today or (item.due_at is not None and item.due_at <= now)


def agenda(
    items: Iterable[FollowUp], today: dt.date, days: int, now: dt.datetime | None = None
) -> list[FollowUp]:
    """The items due by ``today + days``, most urgent first: the most overdue first, then
    (with ``now``) those of today already past their instant, then the rest of today,
    then the coming ones by date; ties by kind (``KINDS`` order), then contact name."""
    horizon = today + dt.timedelta(days=days)

    def key(item: FollowUp) -> tuple[dt.date, bool, int, str, str]:
        late = now is not None and is_overdue(item, now, today)
        return (item.due, not late, KINDS.index(item.kind), item.contact_name, item.item)

    return sorted((i for i in items if i.due <= horizon), key=key)
