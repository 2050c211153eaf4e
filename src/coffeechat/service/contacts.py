"""Contacts: add, edit, show, list, remove; each call validates everything before writing."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection

from coffeechat.bulk import gc_paused
from coffeechat.core import limits, validate
from coffeechat.core.errors import IntroductionCycle, InvalidValue, UnknownContact
from coffeechat.core.hours import normalize_hours
from coffeechat.core.model import Contact, Event, EventKind, HowMet, Seniority, Stage
from coffeechat.core.stages import derive_stage
from coffeechat.formats import zonetab
from coffeechat.service.base import WorkspaceBase
from coffeechat.store import companies as company_store
from coffeechat.store import contacts as contact_store
from coffeechat.store import conversations as conversation_store
from coffeechat.store import events as event_store
from coffeechat.store import scheduling as scheduling_store
from coffeechat.store import search as search_store
from coffeechat.store.scheduling import ConversationRow, OptionRow, ProposalRow

DEFAULT_WORK_HOURS = "Mon-Fri 09:00-17:00"

# Optional one-line text fields and their limits: spaces collapsed, "" clears them on edit.
_LINE_FIELDS = {
    "title": limits.NAME,
    "city": limits.NAME,
    "met_at": limits.MET_AT,
    "reason": limits.REASON,
}


@dataclass
class ContactDetail:
    """A contact with its timeline, the people it introduced the user to, its
    conversations and the options currently offered to it."""

    contact: Contact
    timeline: list[Event] = field(default_factory=list)
    introduced: list[tuple[int, str]] = field(default_factory=list)
    conversations: list[ConversationRow] = field(default_factory=list)
    proposal: ProposalRow | None = None

    @property
    def offered(self) -> list[OptionRow]:
        """The options currently on offer (held until one is confirmed)."""
        return list(self.proposal.options) if self.proposal else []

    def needs_new_options(self, now: dt.datetime) -> bool:
        """Whether every option on offer has passed unconfirmed."""
        return bool(self.offered) and all(o.start <= now for o in self.offered)


#: How many contacts a list reads at a time.
CHUNK = 1000
#: The largest ``offset`` of a page (a bigger one is an error, not an overflow).
OFFSET_MAX = 1_000_000_000


def check_page(limit: int | None, offset: int) -> None:
    """A page's bounds: ``limit`` 1 to ``validate.LIMIT_MAX`` (None: no limit), ``offset``
    0 to ``OFFSET_MAX``."""
    if limit is not None and not 1 <= limit <= validate.LIMIT_MAX:
        raise InvalidValue("limit", limit, f"must be between 1 and {validate.LIMIT_MAX}", "50")
    if not 0 <= offset <= OFFSET_MAX:
        raise InvalidValue("offset", offset, f"must be between 0 and {OFFSET_MAX}", "0")


@dataclass
class ContactPage:
    """One page of contacts: where it starts, its size, and where the next one starts
    (None on the last page)."""

    items: list[Contact]
    offset: int
    limit: int
    next_offset: int | None


@dataclass(frozen=True)
class MergePreview:
    """What ``merge_contacts(keep, other)`` would do, changing nothing: the fields of
    ``keep`` it fills in from ``other`` (name and value as shown), the e-mails and tags
    joined, and how much history moves over."""

    keep: Contact
    other: Contact
    filled: list[tuple[str, str]]
    emails: list[str]
    tags: list[str]
    events: int
    conversations: int


@dataclass
class Timelines:
    """Contacts with their stages, and the timelines and conversations they came from."""

    contacts: list[Contact]
    events: dict[int, list[Event]]
    conversations: dict[int, list[ConversationRow]]


def planned_meetings(conversations: Sequence[ConversationRow]) -> list[Event]:
    """Scheduled conversations as meeting events, for deriving the stage: a confirmed time
    is a plan that may still move, so it lives on the conversation, not on the timeline."""
    return [
        Event(0, c.contact_id, EventKind.MEETING, c.start, c.zone, recorded_at=c.updated_at)
        for c in conversations
        if c.status == "scheduled" and c.start is not None
    ]


def staged(
    contact: Contact,
    events: Sequence[Event],
    conversations: Sequence[ConversationRow],
    now: dt.datetime,
    user_zone: str,
) -> Contact:
    """The one way a contact gets the stage every output shows: derived from its timeline,
    its scheduled conversations (``planned_meetings``) and the introductions offered to
    it (``contact.intro_offered_at``, read with the contact). Every command that shows a
    contact's stage goes through here (``ContactsMixin._staged_contact`` for one contact,
    the chunked readers for many), so two outputs at the same moment agree."""
    return apply_stage(contact, [*events, *planned_meetings(conversations)], now, user_zone)


def apply_stage(
    contact: Contact, events: Sequence[Event], now: dt.datetime, user_zone: str
) -> Contact:
    """Fill a contact's derived stage, when it entered it, and its last activity."""
    _apply_stage(contact, events, now, user_zone)
    return contact


def _apply_stage(
    contact: Contact, events: Sequence[Event], now: dt.datetime, user_zone: str
) -> bool:
    """``apply_stage``; True when the no-reply calendar was consulted (``_no_reply_since``
    went past its cheap test)."""
    state = derive_stage(events, now, contact.intro_offered_at)
    contact.stage = state.stage
    contact.stage_since = state.since or _first_seen(contact, user_zone)
    consulted = False
    if state.stage is Stage.REACHED_OUT:
        silent = _no_reply_since(contact, events, now, user_zone)
        consulted = _chased_long_ago(events, now)
        if silent is not None:
            contact.stage, contact.stage_since = Stage.NO_REPLY, silent
    logged = [e.at for e in events if e.kind is not EventKind.STAGE]
    contact.last_event_at = max(logged) if logged else None
    return consulted


#: A validity of one instant: the derivation is cached for exactly this ``now``.
_INSTANT = dt.timedelta(microseconds=1)


def apply_stage_valid(
    contact: Contact, events: Sequence[Event], now: dt.datetime, user_zone: str
) -> tuple[dt.datetime | None, dt.datetime | None]:
    """``apply_stage``, and the interval ``[from, until)`` of instants (None: unbounded)
    at which the derivation gives the same stage and ``stage_since`` from these events,
    this contact and ``user_zone``: the stage cache's validity.

    The derivation reads ``now`` only through comparisons with the events' instants and
    logging instants (``event.at <= now``, ``min(recorded_at, now)``) and, for a contact
    followed up and silent, through ``_no_reply_since``: 9 days after a follow-up it
    consults the calendar (holidays of ``now``'s year and the two beside it). So:
    between two consecutive such instants nothing changes. Where the calendar says "not
    yet", nothing changes before its 7th business day begins (that instant ends the
    interval). Where ``now`` itself would be the answer (logged after ``now``: a clock
    set back), the interval is the instant ``now`` alone."""
    consulted = _apply_stage(contact, events, now, user_zone)
    alone = (now, now + _INSTANT)
    if any(e.at > now and e.recorded_at is not None and e.recorded_at > now for e in events):
        return alone  # _entered gave now itself
    thresholds = [e.at for e in events]
    if contact.intro_offered_at is not None:  # the offer counts from its instant on
        thresholds.append(contact.intro_offered_at)
    thresholds += [e.recorded_at for e in events if e.recorded_at is not None]
    thresholds += [e.at + _SEVEN_BUSINESS_DAYS for e in events if e.kind is EventKind.FOLLOW_UP]
    earliest: dt.datetime | None = None
    latest: dt.datetime | None = None
    if consulted:
        if contact.stage is not Stage.NO_REPLY or contact.stage_since is None:
            # not yet no-reply: the same until the calendar's 7th business day comes
            coming = _no_reply_until(contact, events, now, user_zone)[1]
            if coming is None:
                return alone
            thresholds.append(coming)
        else:
            thresholds.append(contact.stage_since)  # became no-reply then, by that calendar
        year = dt.datetime(now.astimezone(dt.UTC).year, 1, 1, tzinfo=dt.UTC)
        earliest, latest = year, year.replace(year=year.year + 1)  # holidays by year
    past = [t for t in thresholds if t <= now]
    future = [t for t in thresholds if t > now]
    start = max(past, default=None)
    end = min(future, default=None)
    if earliest is not None:
        start = earliest if start is None else max(start, earliest)
    if latest is not None:
        end = latest if end is None else min(end, latest)
    return start, end


def _chased_long_ago(events: Sequence[Event], now: dt.datetime) -> bool:
    """Whether ``_no_reply_since`` goes past its cheap test (and reads the calendar)."""
    outreach = [e.at for e in events if e.kind is EventKind.OUTREACH]
    if not outreach:
        return False
    chased = [e for e in events if e.kind is EventKind.FOLLOW_UP and e.at >= max(outreach)]
    return bool(chased) and now - chased[-1].at >= _SEVEN_BUSINESS_DAYS


def _first_seen(contact: Contact, user_zone: str) -> dt.datetime | None:
    """When a contact with an empty timeline entered `met`: the day met, else when added."""
    if contact.met_on is not None:
        # noon of that day where the user lives, so the date reads the same for them
        met = dt.datetime.combine(contact.met_on, dt.time(12), zoneinfo.ZoneInfo(user_zone))
        if contact.created_at is None or met < contact.created_at:
            return met
    return contact.created_at


def search_body(c: Contact) -> str:
    """What search reads of a contact besides the name (one rule for every indexer)."""
    notes = "\n".join(part for part in (c.note, c.reason) if part) or None  # reason: 0014
    return search_text(c.emails, c.company, c.title, c.city, c.met_at, c.seniority, c.tags, notes)


def search_text(
    emails: Iterable[str],
    company: str | None,
    title: str | None,
    city: str | None,
    met_at: str | None,
    seniority: str | None,
    tags: Iterable[str],
    note: str | None,
) -> str:
    """``search_body`` from the values themselves (bulk imports have no ``Contact``)."""
    parts = (*emails, company, title, city, met_at, seniority, " ".join(tags), note)
    return " ".join([part for part in parts if part])  # a Seniority joins as its value


#: 7 business days are at least this many calendar days: no need to look sooner.
_SEVEN_BUSINESS_DAYS = dt.timedelta(days=9)


def _no_reply_since(
    contact: Contact, events: Sequence[Event], now: dt.datetime, user_zone: str
) -> dt.datetime | None:
    """When a contact who was followed up and stayed silent became `no-reply` (7 business
    days after the follow-up, on their clock; DOMAIN's 3B7), if they did."""
    outreach = [e.at for e in events if e.kind is EventKind.OUTREACH]
    if not outreach:
        return None
    chased = [e for e in events if e.kind is EventKind.FOLLOW_UP and e.at >= max(outreach)]
    if not chased or now - chased[-1].at < _SEVEN_BUSINESS_DAYS:
        return None  # cheap: most contacts stop here, before any calendar is loaded
    return _no_reply_until(contact, events, now, user_zone)[0]


def _no_reply_until(
    contact: Contact, events: Sequence[Event], now: dt.datetime, user_zone: str
) -> tuple[dt.datetime | None, dt.datetime | None]:
    """``core.followups.no_reply_until`` on the contact's clock: when they became
    no-reply by ``now`` (if they did), and the next instant at which that may change."""
    from coffeechat.core.followups import ContactHistory, no_reply_until
    from coffeechat.service.followups import holidays_around

    zone = contact.timezone or user_zone
    country = contact.country if contact.timezone else zonetab.zone_countries().get(user_zone)
    history = ContactHistory(
        contact_id=contact.id,
        name=contact.name,
        zone=zone,
        holidays=holidays_around(country, now),
        user_zone=user_zone,
        events=tuple(events),
        intro_offered_at=contact.intro_offered_at,
    )
    return no_reply_until(history, now)


#: (Contact attribute, column) filled from the other contact in a merge when empty.
_MERGED_FIELDS = (
    ("phone", "phone"),
    ("linkedin", "linkedin"),
    ("company_id", "company_id"),
    ("title", "title"),
    ("seniority", "seniority"),
    ("city", "city"),
    ("timezone", "timezone"),
    ("country", "country"),
    ("how_met", "how_met"),
    ("met_at", "met_at"),
    ("met_on", "met_on"),
    ("introduced_by_id", "introduced_by_id"),
    ("note", "note"),
    ("keep_in_touch", "keep_in_touch"),
    ("reason", "reason"),
)


def _merged_values(keep: Contact, other: Contact) -> dict[str, Any]:
    """The columns of ``keep`` a merge fills in from ``other``: its empty fields, and the
    two notes joined (refused when together they are too long to store)."""
    values: dict[str, Any] = {}
    for field_name, column in _MERGED_FIELDS:
        mine, theirs = getattr(keep, field_name), getattr(other, field_name)
        if mine in (None, "") and theirs not in (None, ""):
            values[column] = theirs.value if hasattr(theirs, "value") else theirs
    if keep.note and other.note and other.note not in keep.note:
        note = f"{keep.note}\n\n{other.note}"
        if len(note) > limits.NOTE:  # what is stored must read back (import json)
            raise InvalidValue(
                "note",
                note,
                f"the two notes together are longer than {limits.NOTE:,} characters: "
                "shorten one first (contact edit --note)",
                "a shorter note",
            )
        values["note"] = note
    if values.get("introduced_by_id") == keep.id:
        del values["introduced_by_id"]
    return values


class ContactsMixin(WorkspaceBase):
    """Contact use cases."""

    def _contact_values(
        self, conn: Connection, raw: dict[str, Any], *, creating: bool, current: Contact | None
    ) -> tuple[dict[str, Any], list[str] | None, list[str] | None]:
        """Validate raw CLI/web input into column values, e-mails and tags."""
        values: dict[str, Any] = {}
        given = {k: v for k, v in raw.items() if v is not None}
        if "name" in given or creating:
            values["name"] = validate.name(given.get("name", ""))
        for key, limit in _LINE_FIELDS.items():
            if key in given:
                values[key] = validate.line(str(given[key]), key, limit)
        if "note" in given:  # notes keep their line breaks
            values["note"] = validate.text(str(given["note"]), "note", limits.NOTE)
        if "phone" in given:
            values["phone"] = validate.phone(given["phone"]) if given["phone"].strip() else None
        if "keep_in_touch" in given:
            months = str(given["keep_in_touch"]).strip()
            values["keep_in_touch"] = validate.score(months, 0, 12, "keep_in_touch")
        if "linkedin" in given:
            link = given["linkedin"]
            values["linkedin"] = validate.linkedin(link) if link.strip() else None
        if "seniority" in given:
            s = given["seniority"]
            values["seniority"] = validate.choice(Seniority, s, "seniority").value if s else None
        if "how_met" in given:
            h = given["how_met"]
            values["how_met"] = validate.choice(HowMet, h, "how_met").value if h else None
        if "met_on" in given:
            values["met_on"] = validate.date(given["met_on"], "met_on") if given["met_on"] else None
            if values["met_on"] is not None:  # a day you met someone has happened
                noon = dt.datetime.combine(values["met_on"], dt.time(12), dt.UTC)
                validate.not_later(noon, self.local_now(conn), "met_on", given["met_on"])
        if "work_hours" in given or creating:
            hours = normalize_hours(given.get("work_hours") or DEFAULT_WORK_HOURS, "work_hours")
            values["work_hours"] = validate.longest(hours, limits.HOURS, "work_hours")
        if "timezone" in given:
            zone = given["timezone"].strip()
            values["timezone"] = zonetab.checked_zone(zone) if zone else None
        if "timezone" in given or "country" in given:
            old_zone = current.timezone if current else None
            values["country"] = validate.country_after(
                old_zone,
                current.country if current else None,
                values.get("timezone", old_zone),
                given.get("country"),
                zonetab.zone_countries(),
                zonetab.country_names(),
            )
        if "introduced_by" in given:
            ref = given["introduced_by"].strip()
            if not ref:
                values["introduced_by_id"] = None
            else:
                try:
                    introducer = self._resolve_contact(conn, ref)
                except UnknownContact:
                    raise InvalidValue(
                        "introduced_by", ref, "no contact by that name or id", "Ada Lovelace"
                    ) from None
                if current is not None and introducer == current.id:
                    raise InvalidValue(
                        "introduced_by", ref, "a contact cannot introduce themselves", "2"
                    )
                if current is not None and introducer != current.introduced_by_id:
                    self._refuse_loop(conn, introducer, current.id)
                values["introduced_by_id"] = introducer
                if "how_met" not in given and (current is None or current.how_met is None):
                    values["how_met"] = HowMet.INTRODUCED.value
        if "company" in given:
            values["company_id"] = self._company_for(conn, given["company"])
        emails = None
        if "emails" in given:
            emails = list(dict.fromkeys(validate.email(e) for e in given["emails"] if e.strip()))
            validate.count(emails, limits.EMAILS, "email", "ada@example.com")
        tags = None
        if "tags" in given:
            tags = sorted({validate.tag(t) for t in given["tags"] if t.strip()})
        if current is not None and (given.get("add_tags") or given.get("remove_tags")):
            base = set(tags if tags is not None else current.tags)
            base |= {validate.tag(t) for t in given.get("add_tags") or []}
            base -= {validate.tag(t) for t in given.get("remove_tags") or []}
            tags = sorted(base)
        if tags is not None:
            validate.count(tags, limits.TAGS, "tags", "fintech")
        return values, emails, tags

    def _loop(self, conn: Connection, introducer: int, person: int) -> list[int] | None:
        """The loop of introductions that ``introducer`` → ``person`` would close, if any."""
        from coffeechat.core.introductions import cycle_made

        return cycle_made(contact_store.introduction_edges(conn, self.owner_id), introducer, person)

    def _refuse_loop(self, conn: Connection, introducer: int, person: int) -> None:
        """Raise IntroductionCycle when ``introducer`` → ``person`` would close a loop."""
        loop = self._loop(conn, introducer, person)
        if loop is not None:
            names = dict(contact_store.contact_names(conn, self.owner_id))
            raise IntroductionCycle([names.get(i, str(i)) for i in loop])

    def _company_for(self, conn: Connection, name: str) -> int | None:
        """The id of the company named ``name``, created (unscored) when new."""
        cleaned = " ".join(name.split())
        if not cleaned:
            return None
        found = company_store.find_company_by_name(conn, self.owner_id, cleaned)
        if found is not None:
            return found
        cleaned = validate.name(cleaned, "company")
        cid = company_store.insert_company(conn, self.owner_id, {"name": cleaned}, self.now())
        if cid is None:  # another command created it meanwhile (PostgreSQL): use theirs
            return company_store.find_company_by_name(conn, self.owner_id, cleaned)
        self._index_company(conn, cid)
        return cid

    def _index_contact(self, conn: Connection, contact_id: int) -> None:
        c = contact_store.get_contact(conn, self.owner_id, contact_id)
        assert c is not None
        search_store.index(conn, self.owner_id, "contact", contact_id, c.name, search_body(c))

    def _index_note(self, conn: Connection, contact_name: str, event: Event) -> None:
        """Index a timeline entry's note under the contact's name and the entry's kind."""
        if event.note:
            title = f"{contact_name}: {event.kind.value}"
            search_store.index(conn, self.owner_id, "event", event.id, title, event.note)

    def _index_chat_note(
        self, conn: Connection, contact_name: str, note_id: int, topic: str | None, text: str
    ) -> None:
        """Index a conversation note under the contact's name and its topic."""
        from coffeechat.store.conversations import CHAT_NOTE

        if not text.strip():
            search_store.unindex(conn, self.owner_id, CHAT_NOTE, note_id)
            return
        title = f"{contact_name}: {topic or 'conversation'}"
        search_store.index(conn, self.owner_id, CHAT_NOTE, note_id, title, text)

    def _index_written(
        self, conn: Connection, contact_name: str, kind: str, ref_id: int, detail: str, text: str
    ) -> None:
        """Index a takeaway (``kind`` "takeaway", ``detail`` its kind) or a promise
        ("promise", who promised) under the contact's name. Whoever edits one calls this
        again; whoever removes one calls ``search_store.unindex(conn, owner, kind, id)``."""
        title = search_store.written_title(contact_name, kind, detail)
        search_store.index(conn, self.owner_id, kind, ref_id, title, text)

    def _index_company(self, conn: Connection, company_id: int) -> None:
        c = company_store.get_company(conn, self.owner_id, company_id)
        assert c is not None
        body = " ".join(p for p in (c.website, c.note) if p)
        search_store.index(conn, self.owner_id, "company", company_id, c.name, body)

    def add_contact(self, **raw: Any) -> Contact:
        """Record a new contact; returns it with its stage."""
        with self.writing() as conn:
            values, emails, tags = self._contact_values(conn, raw, creating=True, current=None)
            cid = contact_store.insert_contact(
                conn, self.owner_id, values, emails or [], tags or [], self.now()
            )
            self._index_contact(conn, cid)
            return self._staged_contact(conn, cid)

    def edit_contact(self, ref: str, **raw: Any) -> Contact:
        """Change a contact's fields; a value of "" clears an optional field."""
        stage = raw.pop("stage", None)
        with self.writing() as conn:
            cid = self._resolve_contact(conn, ref)
            current = contact_store.get_contact(conn, self.owner_id, cid)
            assert current is not None
            values, emails, tags = self._contact_values(conn, raw, creating=False, current=current)
            if stage is not None:
                self._set_stage(conn, cid, stage)
            contact_store.update_contact(conn, self.owner_id, cid, values)
            if emails is not None:
                contact_store.set_emails(conn, self.owner_id, cid, emails)
            if tags is not None:
                contact_store.set_tags(conn, self.owner_id, cid, tags)
            self._index_contact(conn, cid)
            if values.get("name", current.name) != current.name:  # note titles carry it
                for event in event_store.events_for(conn, self.owner_id, cid):
                    self._index_note(conn, values["name"], event)
                for n in conversation_store.notes_of_contact(conn, self.owner_id, cid):
                    self._index_chat_note(conn, values["name"], n.id, n.topic, n.text)
                for w in conversation_store.written_of_contact(conn, self.owner_id, cid):
                    self._index_written(conn, values["name"], w.kind, w.id, w.detail, w.text)
        return self.show_contact(str(cid)).contact

    def _set_stage(self, conn: Connection, contact_id: int, stage: str) -> None:
        """Record the user's explicit choice of stage (``auto`` returns to the derived one)."""
        cleaned = stage.strip().lower()
        if cleaned != "auto":
            cleaned = validate.choice(Stage, cleaned, "stage").value
        event_store.add_event(
            conn,
            self.owner_id,
            contact_id,
            EventKind.STAGE,
            self.now(),
            self._user_zone(conn),
            self.now(),
            value=cleaned,
        )

    def _user_zone(self, conn: Connection) -> str:
        from coffeechat.store import users

        return users.timezone_of(conn, self.owner_id)

    def show_contact(self, ref: str) -> ContactDetail:
        """A contact with its timeline."""
        with self.reading() as conn:
            cid = self._resolve_contact(conn, ref)
            contact = contact_store.get_contact(conn, self.owner_id, cid)
            assert contact is not None
            timeline = event_store.events_for(conn, self.owner_id, cid)
            introduced = contact_store.introduced_by(conn, self.owner_id, cid)
            conversations = scheduling_store.conversations_for(conn, self.owner_id, cid)
            proposal = scheduling_store.open_proposal(conn, self.owner_id, cid)
            zone = self._user_zone(conn)
        staged(contact, timeline, conversations, self.now(), zone)
        return ContactDetail(contact, timeline, introduced, conversations, proposal)

    def staged_contact(self, contact_id: int) -> Contact:
        """One contact with its stage (as ``show_contact`` gives it, without the rest of
        its page); UnknownContact for an id of no one."""
        with self.reading() as conn:
            contact = contact_store.get_contact(conn, self.owner_id, contact_id)
            if contact is None:
                raise UnknownContact(str(contact_id))
            return self._staged_contact(conn, contact_id, contact)

    def _staged_contact(
        self, conn: Connection, contact_id: int, contact: Contact | None = None
    ) -> Contact:
        """One contact with its stage as every output shows it (``staged``), read on
        ``conn`` (inside a write: as that write leaves it); ``contact``: its row, when
        the caller read it on ``conn`` already."""
        if contact is None:
            contact = contact_store.get_contact(conn, self.owner_id, contact_id)
        assert contact is not None
        timeline = event_store.events_for(conn, self.owner_id, contact_id)
        conversations = scheduling_store.conversations_for(conn, self.owner_id, contact_id)
        return staged(contact, timeline, conversations, self.now(), self._user_zone(conn))

    def _timelines(
        self, conn: Connection, keep: Callable[[Contact], bool] | None = None
    ) -> Timelines:
        """Every contact (those ``keep`` accepts), by name, with its stage derived from
        its timeline and conversations, read once for whoever needs them all."""
        contacts = contact_store.list_contacts(conn, self.owner_id)
        events = event_store.events_by_contact(conn, self.owner_id)
        conversations = scheduling_store.conversations_by_contact(conn, self.owner_id)
        zone = self._user_zone(conn)
        now = self.now()
        kept = [c for c in contacts if keep is None or keep(c)]
        for c in kept:
            staged(c, events.get(c.id, []), conversations.get(c.id, []), now, zone)
        return Timelines(kept, events, conversations)

    def list_contacts(
        self,
        stage: str | None = None,
        tag: str | None = None,
        company: str | None = None,
        *,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Contact]:
        """All contacts by name (then id), each with its stage; optionally filtered, and
        one page of them with ``limit`` and ``offset``."""
        return list(self.iter_contacts(stage, tag, company, limit=limit, offset=offset))

    def contacts_page(
        self,
        stage: str | None = None,
        tag: str | None = None,
        company: str | None = None,
        *,
        limit: int,
        offset: int = 0,
    ) -> ContactPage:
        """One page of ``list_contacts``, and where the next one starts."""
        found = list(self.iter_contacts(stage, tag, company, limit=limit + 1, offset=offset))
        more = len(found) > limit
        return ContactPage(found[:limit], offset, limit, offset + limit if more else None)

    def iter_contacts(
        self,
        stage: str | None = None,
        tag: str | None = None,
        company: str | None = None,
        *,
        limit: int | None = None,
        offset: int = 0,
    ) -> Iterator[Contact]:
        """``list_contacts`` as it is read: the arguments are checked now, then contacts
        come ``CHUNK`` at a time (rows read by id for each chunk), so memory does not grow
        with the workspace. Without ``stage`` only the page's rows are read; a stage is
        derived, so with it the contacts before the page are read too (and dropped)."""
        wanted_stage = validate.choice(Stage, stage, "stage") if stage else None
        wanted_tag = validate.tag(tag) if tag else None
        check_page(limit, offset)
        with self.reading() as conn:
            company_id = self._resolve_company(conn, company) if company else None
        return self._contacts_by_chunk(wanted_stage, wanted_tag, company_id, limit, offset)

    def _contacts_by_chunk(
        self,
        stage: Stage | None,
        tag: str | None,
        company_id: int | None,
        limit: int | None,
        offset: int,
        *,
        details: bool = True,
    ) -> Iterator[Contact]:
        """The contacts that pass the filters, in list order, with their stage (and,
        with ``details``, their e-mails and tags), ``CHUNK`` at a time."""
        now = self.now()
        # many small objects and no cycles: the cyclic collector would only walk them
        with gc_paused(), self.reading() as conn:
            zone = self._user_zone(conn)
            if stage is None:  # the page itself, in SQL
                ids = contact_store.contact_ids(
                    conn, self.owner_id, tag=tag, company_id=company_id, limit=limit, offset=offset
                )
                skip, left = 0, None
            else:
                ids = contact_store.contact_ids(conn, self.owner_id, tag=tag, company_id=company_id)
                skip, left = offset, limit
            for start in range(0, len(ids), CHUNK):
                for c, mine, talks in self._timelines_of(conn, ids[start : start + CHUNK], details):
                    staged(c, mine, talks, now, zone)
                    if stage is not None and c.stage is not stage:
                        continue
                    if skip:
                        skip -= 1
                        continue
                    yield c
                    if left is not None:
                        left -= 1
                        if not left:
                            return

    def _timelines_of(
        self, conn: Connection, ids: Sequence[int], details: bool = True
    ) -> Iterator[tuple[Contact, list[Event], list[ConversationRow]]]:
        """Each of these contacts (in ``ids``' order; ids of no contact are skipped) with
        its events and its conversations, what its stage is derived from (the scheduled
        ones count as meetings: ``planned_meetings``). Three reads for the lot."""
        contacts = contact_store.contacts_by_ids(conn, self.owner_id, ids, details=details)
        events = event_store.events_by_contact(conn, self.owner_id, ids)
        talks = scheduling_store.conversations_by_contact(conn, self.owner_id, ids)
        for c in contacts:
            yield c, events.get(c.id, []), talks.get(c.id, [])

    def merge_contacts(self, keep_ref: str, other_ref: str) -> Contact:
        """Merge ``other`` into ``keep``: its empty fields filled from the other, e-mails
        and tags joined, both timelines (and conversations, notes, introductions...) kept
        under ``keep``; ``other`` is removed. One transaction."""
        with self.writing() as conn:
            keep_id = self._resolve_contact(conn, keep_ref)
            other_id = self._resolve_contact(conn, other_ref)
            if keep_id == other_id:
                raise InvalidValue("contact", other_ref, "is the same contact", "2")
            keep = contact_store.get_contact(conn, self.owner_id, keep_id)
            other = contact_store.get_contact(conn, self.owner_id, other_id)
            assert keep is not None and other is not None
            values = _merged_values(keep, other)
            timeline = event_store.events_for(conn, self.owner_id, other_id)
            chat_notes = conversation_store.notes_of_contact(conn, self.owner_id, other_id)
            contact_store.reassign(conn, self.owner_id, other_id, keep_id)
            by = values.get("introduced_by_id")
            if by is not None and self._loop(conn, by, keep_id):  # filled in, not chosen:
                del values["introduced_by_id"]  # a loop is left out rather than refused
            contact_store.update_contact(conn, self.owner_id, keep_id, values)
            emails = list(dict.fromkeys([*keep.emails, *other.emails]))
            contact_store.set_emails(conn, self.owner_id, keep_id, emails)
            contact_store.set_tags(conn, self.owner_id, keep_id, sorted({*keep.tags, *other.tags}))
            search_store.unindex(conn, self.owner_id, "contact", other_id)
            contact_store.delete_contact(conn, self.owner_id, other_id)
            self._index_contact(conn, keep_id)
            for e in timeline:
                self._index_note(conn, keep.name, e)
            for n in chat_notes:
                self._index_chat_note(conn, keep.name, n.id, n.topic, n.text)
            for w in conversation_store.written_of_contact(conn, self.owner_id, keep_id):
                self._index_written(conn, keep.name, w.kind, w.id, w.detail, w.text)
        return self.show_contact(str(keep_id)).contact

    def merge_preview(self, keep_ref: str, other_ref: str) -> MergePreview:
        """What merging ``other`` into ``keep`` would do (the same rules as
        ``merge_contacts``, read only): a dry run."""
        with self.reading() as conn:
            keep_id = self._resolve_contact(conn, keep_ref)
            other_id = self._resolve_contact(conn, other_ref)
            if keep_id == other_id:
                raise InvalidValue("contact", other_ref, "is the same contact", "2")
            keep = contact_store.get_contact(conn, self.owner_id, keep_id)
            other = contact_store.get_contact(conn, self.owner_id, other_id)
            assert keep is not None and other is not None
            values = _merged_values(keep, other)
            events = len(event_store.events_for(conn, self.owner_id, other_id))
            talks = len(scheduling_store.conversations_for(conn, self.owner_id, other_id))
        shown = {"company_id": "company", "introduced_by_id": "introduced_by"}
        filled = []
        for _, column in _MERGED_FIELDS:
            if column in values:
                name = shown.get(column, column)
                value = getattr(other, name)
                filled.append((name, str(getattr(value, "value", value))))
        return MergePreview(
            keep,
            other,
            filled,
            list(dict.fromkeys([*keep.emails, *other.emails])),
            sorted({*keep.tags, *other.tags}),
            events,
            talks,
        )

    def remove_contact(self, ref: str) -> Contact:
        """Delete a contact and its timeline; returns what was removed."""
        with self.writing() as conn:
            cid = self._resolve_contact(conn, ref)
            contact = contact_store.get_contact(conn, self.owner_id, cid)
            assert contact is not None
            timeline = event_store.events_for(conn, self.owner_id, cid)
            talks = scheduling_store.conversations_for(conn, self.owner_id, cid)
            zone = self._user_zone(conn)
            for event in timeline:
                search_store.unindex(conn, self.owner_id, "event", event.id)
            for n in conversation_store.notes_of_contact(conn, self.owner_id, cid):
                search_store.unindex(conn, self.owner_id, conversation_store.CHAT_NOTE, n.id)
            for w in conversation_store.written_of_contact(conn, self.owner_id, cid):
                search_store.unindex(conn, self.owner_id, w.kind, w.id)
            search_store.unindex(conn, self.owner_id, "contact", cid)
            contact_store.delete_contact(conn, self.owner_id, cid)
        return staged(contact, timeline, talks, self.now(), zone)


class ContactsView(ContactsMixin):
    """The contacts alone, for commands that only read them: it opens like a Workspace
    without loading every other use case, so `contact list` starts faster."""
