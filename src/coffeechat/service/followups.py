"""Follow-ups: what is owed to whom, derived from every timeline; the agenda; dismissing
and snoozing items; the responsiveness of each contact."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import Connection

from coffeechat.bulk import gc_paused
from coffeechat.core import validate
from coffeechat.core.errors import CoffeechatError, InvalidValue, quoted
from coffeechat.core.model import Contact, Event, EventKind, UserSettings
from coffeechat.service.contacts import ContactsMixin, check_page
from coffeechat.store import agenda_cache, users
from coffeechat.store import companies as company_store
from coffeechat.store import contacts as contact_store
from coffeechat.store import conversations as conversation_store
from coffeechat.store import followups as store
from coffeechat.store import scheduling as scheduling_store
from coffeechat.store.scheduling import ConversationRow

if TYPE_CHECKING:
    from coffeechat.core.followups import ContactHistory, FollowUp

#: Items whose kind is done by logging one entry of that kind on the timeline.
DONE_BY_EVENT = {
    "follow-up": EventKind.FOLLOW_UP,
    "thank-you": EventKind.THANK_YOU,
    "report-back": EventKind.REPORT_BACK,
    "keep-in-touch": EventKind.KEEP_IN_TOUCH,
}

#: How far ahead the agenda looks by default.
DEFAULT_DAYS = 7


class UnknownItem(CoffeechatError):
    """No open follow-up has that id."""

    #: The field of the API's error document (``{"item": ID}`` in the request).
    field = "item"

    def __init__(self, item: str) -> None:
        super().__init__(
            f"follow-up: no open item {quoted(item)}; the ids are in `coffeechat agenda` "
            "(or `coffeechat agenda --json`, field item)"
        )


@dataclass(frozen=True)
class Agenda:
    """The items due up to a day, most urgent first, with "today" in the user's zone."""

    today: dt.date
    days: int
    items: list[FollowUp]
    user_zone: str
    #: How many items are due in all (``items`` may be one page of them).
    total: int = 0
    offset: int = 0
    limit: int | None = None
    #: The instant the agenda was made at (what an item due by an instant is late from).
    now: dt.datetime | None = None
    #: Whether ``total`` stopped counting at a cap (``agenda(count_up_to=N)``): then at
    #: least that many are due.
    total_capped: bool = False

    @property
    def next_offset(self) -> int | None:
        """Where the next page starts, or None when this page is the last."""
        end = self.offset + len(self.items)
        return end if end < self.total else None


@functools.cache
def _holidays(country: str | None, years: tuple[int, ...]) -> frozenset[dt.date]:
    from coffeechat.service.scheduling import holidays_for

    return holidays_for(country, years)


def check_agenda(days: int, limit: int | None, offset: int) -> None:
    """Refuse an agenda's horizon out of 0-366 days, or a bad page."""
    if days < 0 or days > 366:
        raise InvalidValue("days", days, "must be between 0 and 366", "7")
    check_page(limit, offset)


def holidays_around(country: str | None, now: dt.datetime) -> frozenset[dt.date]:
    """A country's public holidays from last year to next year (cached)."""
    return _holidays(country, (now.year - 1, now.year, now.year + 1))


#: How many contacts a list reads at a time (rows ordered by name and id, read by id).
CHUNK = 1000


@dataclass
class ChunkRows:
    """What ``_chunk_histories`` read of some contacts besides their histories."""

    proposals: dict[int, scheduling_store.ProposalRow] = field(default_factory=dict)
    promises: list[conversation_store.PromiseRow] = field(default_factory=list)
    offered: list[conversation_store.IntroductionRow] = field(default_factory=list)


class FollowupsMixin(ContactsMixin):
    """Follow-up rules over the whole workspace, or over one contact."""

    def _histories(
        self, conn: Connection, only: int | None = None
    ) -> tuple[dict[int, ContactHistory], dict[int, Contact]]:
        """Every contact's history (or one contact's), and the contacts with their stage,
        in list order (by name, then id)."""
        histories: dict[int, ContactHistory] = {}
        contacts: dict[int, Contact] = {}
        chunks = [[only]] if only is not None else None
        for part, people in self._history_chunks(conn, chunks):
            histories |= part
            contacts |= people
        return histories, contacts

    def _history_chunks(
        self,
        conn: Connection,
        chunks: Iterable[Sequence[int]] | None = None,
        people_of: list[tuple[Contact, list[Event], list[ConversationRow]]] | None = None,
    ) -> Iterator[tuple[dict[int, ContactHistory], dict[int, Contact]]]:
        """The histories of the contacts of each chunk of ids (by default every contact,
        ``CHUNK`` at a time, in list order), each chunk read with queries on its ids: the
        cost of one contact does not grow with the workspace, and a list's memory does
        not grow with it either. With ``chunks`` given, a company's peer is read through
        its index for each contact; otherwise the first two of every company are read
        once. ``people_of``, when given, is filled with each chunk's contacts (staged),
        timelines and conversations."""
        now = self.now()
        owner = users.get_settings(conn, self.owner_id)
        peers: dict[int, list[tuple[int, str]]] | None = None
        targets: set[int] | None = None
        every = chunks is None
        if chunks is None:
            ids = contact_store.contact_ids(conn, self.owner_id)
            chunks = (ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK))
        if every or people_of is not None:  # many contacts: peers read once
            peers = contact_store.first_two_at_companies(conn, self.owner_id)
            targets = company_store.targets(conn, self.owner_id)
        for chunk in chunks:
            people = self._staged(conn, chunk, owner.timezone, now)
            if not people:
                continue
            if people_of is not None:
                people_of[:] = people
            histories = self._chunk_histories(conn, people, owner, now, peers, targets)
            yield histories, {c.id: c for c, _, _ in people}

    def _staged(
        self, conn: Connection, ids: Sequence[int], user_zone: str, now: dt.datetime
    ) -> list[tuple[Contact, list[Event], list[ConversationRow]]]:
        """These contacts (in the order given) with their stage, timeline and
        conversations."""
        from coffeechat.service.contacts import staged

        out = []
        for c, mine, talks in self._timelines_of(conn, ids):
            staged(c, mine, talks, now, user_zone)
            out.append((c, mine, talks))
        return out

    def _chunk_histories(
        self,
        conn: Connection,
        people: list[tuple[Contact, list[Event], list[ConversationRow]]],
        owner: UserSettings,
        now: dt.datetime,
        peers: dict[int, list[tuple[int, str]]] | None,
        targets: set[int] | None,
        read: ChunkRows | None = None,
    ) -> dict[int, ContactHistory]:
        """The histories of some contacts (staged), reading only their rows and those of
        the people they offered to introduce; ``read`` gets the rows it read of their
        open proposals, promises and offers of introductions (a contact's page shows
        them: not read twice)."""
        from coffeechat.core.followups import (
            ContactHistory,
            ConversationFacts,
            IntroFacts,
            ItemState,
            PromiseFacts,
        )
        from coffeechat.core.introductions import contacted, introduction_status

        if peers is None:  # a few contacts: their companies' first two, read at once
            companies = {c.company_id for c, _, _ in people if c.company_id is not None}
            peers = contact_store.first_two_at(conn, self.owner_id, companies)
            targets = {t for t in company_store.targets(conn, self.owner_id) if t in companies}
        ids = [c.id for c, _, _ in people]
        contacts = {c.id: c for c, _, _ in people}
        events = {c.id: mine for c, mine, _ in people}
        proposals = scheduling_store.open_proposals(conn, self.owner_id, ids)
        promises: dict[int, list[PromiseFacts]] = defaultdict(list)
        promise_rows = conversation_store.all_promises(conn, self.owner_id, ids)
        for p in promise_rows:
            if p.by == "me":
                promises[p.contact_id].append(
                    PromiseFacts(p.id, p.text, p.due, p.done_at is not None)
                )
        offered = conversation_store.introductions(conn, self.owner_id, from_ids=ids)
        if read is not None:
            read.proposals, read.promises, read.offered = proposals, promise_rows, offered
        strangers = sorted({i.to_id for i in offered} - contacts.keys())
        for c, mine, _ in self._staged(conn, strangers, owner.timezone, now):
            contacts[c.id], events[c.id] = c, mine
        intros: dict[int, list[IntroFacts]] = defaultdict(list)
        for i in offered:
            person = contacts.get(i.to_id)
            if person is None:
                continue
            mine, theirs = events.get(i.from_id, []), events.get(i.to_id, [])
            status = introduction_status(i.created_at, mine, theirs, person.stage)
            intros[i.from_id].append(
                IntroFacts(
                    id=i.id,
                    person_id=person.id,
                    person_name=person.name,
                    offered_at=i.created_at,
                    status=status,
                    asked_at=_first(mine, EventKind.INTRO_REQUEST, i.created_at),
                    made_at=_first([*mine, *theirs], EventKind.INTRODUCED, i.created_at),
                    contacted=contacted(theirs),
                )
            )
        states: dict[int, list[ItemState]] = defaultdict(list)
        for s in store.states(conn, self.owner_id, ids):
            states[s.contact_id].append(ItemState(s.item, s.action, s.until))
        histories = {}
        for c, mine, talks in people:
            zone = c.timezone or owner.timezone
            country = c.country if c.timezone else owner.country
            offer = proposals.get(c.id)
            # when the last option offered starts: the rules compare it with now
            passed = max(o.start for o in offer.options) if offer and offer.options else None
            peer = self._peer(conn, c, peers, targets)
            histories[c.id] = ContactHistory(
                contact_id=c.id,
                name=c.name,
                zone=zone,
                holidays=holidays_around(country, now),
                user_zone=owner.timezone,
                events=tuple(mine),
                conversations=tuple(
                    ConversationFacts(
                        v.id, v.status, v.start, v.end, v.zone, v.recapped_at is not None
                    )
                    for v in talks
                ),
                options_all_passed_at=passed,
                promises=tuple(promises.get(c.id, [])),
                intros=tuple(intros.get(c.id, [])),
                peer=peer[1] if peer else None,
                peer_id=peer[0] if peer else None,
                keep_in_touch_months=3 if c.keep_in_touch is None else c.keep_in_touch,
                states=tuple(states.get(c.id, [])),
                company=c.company,
                intro_offered_at=c.intro_offered_at,
            )
        return histories

    def _peer(
        self,
        conn: Connection,
        c: Contact,
        peers: dict[int, list[tuple[int, str]]] | None,
        targets: set[int] | None,
    ) -> tuple[int | None, str] | None:
        """Another person at the contact's company: the one with the lowest id, or (None,
        "target") when the company is on the target list with nobody else there. From
        the first two of every company when given, else one indexed query."""
        if c.company_id is None:
            return None
        if peers is not None:
            other = next((p for p in peers.get(c.company_id, []) if p[0] != c.id), None)
        else:
            other = contact_store.first_peer(conn, self.owner_id, c.company_id, c.id)
        if other is not None:
            return other
        if targets is not None:
            target = c.company_id in targets
        else:
            target = company_store.is_target(conn, self.owner_id, c.company_id)
        return (None, "target") if target else None

    @gc_paused()
    def follow_ups(self, ref: str | None = None) -> list[FollowUp]:
        """Every open follow-up item (of one contact, with ``ref``), soonest first."""
        from coffeechat.core.followups import follow_ups

        now = self.now()
        items: list[FollowUp] = []
        with self.reading() as conn:
            chunks = [[self._resolve_contact(conn, ref)]] if ref else None
            for histories, _ in self._history_chunks(conn, chunks):
                items.extend(item for h in histories.values() for item in follow_ups(h, now))
        return sorted(items, key=lambda i: (i.due, i.contact_name, i.kind))

    @gc_paused()
    def agenda(
        self,
        days: int = DEFAULT_DAYS,
        limit: int | None = None,
        offset: int = 0,
        count_up_to: int | None = None,
    ) -> Agenda:
        """What is due today, overdue, and coming in the next ``days`` days; one page of
        it with ``limit``/``offset`` (the order is total: due, kind, name, item id).

        Read through the agenda cache (store/agenda_cache.py): the contacts whose rows
        are missing or no longer valid are derived and cached first, so the cost follows
        the changes since the last agenda and the size of the page, not the workspace.
        When the cache cannot be written (a read-only workspace, a long lock), every
        contact is derived, as ``_agenda_derived`` does. With ``count_up_to`` (and a
        ``limit``), ``total`` counts no further than that many (or the page's end)."""
        from sqlalchemy.exc import InternalError, OperationalError, ProgrammingError

        from coffeechat.core.errors import WorkspaceBusy

        now = self.now()
        found, words = self._agenda_read(days, limit, offset, count_up_to, now)
        if found is not None:
            self._keep_words(words)
            return found
        try:
            with self.writing(refresh=True) as conn:
                agenda_cache.lock_feeds(conn, self.owner_id)
                zone = users.get_settings(conn, self.owner_id).timezone
                self._refresh_agenda(conn, now, zone)
                return self._agenda_cached(conn, days, limit, offset, now, zone, count_up_to)
        except (OperationalError, InternalError, ProgrammingError, WorkspaceBusy):
            # a read-only file (SQLite), a read-only transaction or role (PostgreSQL), or
            # another writer holding on: answer all the same, uncached
            return self._agenda_derived(days, limit, offset, now)

    def _agenda_read(
        self,
        days: int,
        limit: int | None,
        offset: int,
        count_up_to: int | None,
        now: dt.datetime,
    ) -> tuple[Agenda | None, list[tuple[int, str, str]]]:
        """The agenda at ``now`` from the cache if no contact's rows are stale (else
        None), and the words derived for rows cached without them (row id, reason,
        command)."""
        check_agenda(days, limit, offset)
        with self.reading() as conn:
            zone = users.timezone_of(conn, self.owner_id)
            return self._agenda_in(conn, days, limit, offset, count_up_to, now, zone)

    def _agenda_in(
        self,
        conn: Connection,
        days: int,
        limit: int | None,
        offset: int,
        count_up_to: int | None,
        now: dt.datetime,
        zone: str,
    ) -> tuple[Agenda | None, list[tuple[int, str, str]]]:
        """``_agenda_read`` on ``conn``, the user's ``zone`` read already."""
        words: list[tuple[int, str, str]] = []
        if agenda_cache.stale_ids(conn, self.owner_id, now, zone):
            return None, words
        return self._agenda_cached(conn, days, limit, offset, now, zone, count_up_to, words), words

    def _keep_words(self, words: list[tuple[int, str, str]]) -> None:
        """Write the words a page derived for rows cached without them (before 0014), so
        the next read derives nothing; a cache: given up when it cannot be written."""
        if not words:
            return
        from sqlalchemy.exc import InternalError, OperationalError, ProgrammingError

        from coffeechat.core.errors import WorkspaceBusy

        refused = (OperationalError, InternalError, ProgrammingError, WorkspaceBusy)
        with contextlib.suppress(*refused), self.writing(record=False) as conn:
            agenda_cache.set_words(conn, words)

    def _refresh_agenda(self, conn: Connection, now: dt.datetime, zone: str) -> None:
        """Derive and cache the open items of every contact without valid rows."""
        from coffeechat.core.followups import KINDS, follow_ups_until
        from coffeechat.service.contacts import apply_stage_valid, planned_meetings

        stale = agenda_cache.stale_ids(conn, self.owner_id, now, zone)
        chunks = [stale[i : i + CHUNK] for i in range(0, len(stale), CHUNK)]
        people: list[tuple[Contact, list[Event], list[ConversationRow]]] = []
        year = now.astimezone(dt.UTC).year
        # the holidays read are those of now's year and the two beside it: one year,
        # whatever the zone (UTC-12 to UTC+14), bounds the validity of every row
        earliest = dt.datetime(year, 1, 1, tzinfo=dt.UTC) + dt.timedelta(hours=14)
        latest = dt.datetime(year + 1, 1, 1, tzinfo=dt.UTC) - dt.timedelta(hours=14)
        instant = now + dt.timedelta(microseconds=1)  # valid at now only: derived each time
        if not earliest <= now < latest:  # the turn of the year somewhere on Earth
            latest = instant
        for histories, _ in self._history_chunks(conn, chunks, people_of=people):
            rows = []
            for c, mine, talks in people:
                history = histories[c.id]
                items, until = follow_ups_until(history, now)
                _, stage_until = apply_stage_valid(c, mine + planned_meetings(talks), now, zone)
                ends = [t for t in (until, stage_until, latest) if t is not None]
                end = min(ends)
                if history.intros:
                    # what came of an introduction follows the other person's stage,
                    # which time can change: derived again at every read
                    end = instant
                dues = tuple(
                    agenda_cache.Due(
                        i.due,
                        i.due_at,
                        KINDS.index(i.kind),
                        i.contact_name,
                        i.item,
                        i.reason,
                        i.suggested_command,
                    )
                    for i in items
                )
                rows.append(agenda_cache.Derived(c.id, dues, now, end))
            agenda_cache.save(conn, self.owner_id, zone, rows)

    def _agenda_cached(
        self,
        conn: Connection,
        days: int,
        limit: int | None,
        offset: int,
        now: dt.datetime,
        zone: str,
        count_up_to: int | None = None,
        words: list[tuple[int, str, str]] | None = None,
    ) -> Agenda:
        """The agenda from a cache valid at ``now`` for every contact: the page's items
        are read in SQL, in the agenda's order, with their words; the rules run again
        only for the contacts of rows cached without words (before 0014), whose words
        are added to ``words`` (row id, reason, command) when given."""
        from coffeechat.core.followups import KINDS, FollowUp, agenda, follow_ups

        today = now.astimezone(zoneinfo.ZoneInfo(zone)).date()
        horizon = today + dt.timedelta(days=days)
        cap = None
        if count_up_to is not None and limit is not None:
            cap = max(count_up_to, offset + limit + 1)
        total = agenda_cache.count_due(conn, self.owner_id, horizon, now, zone, cap)
        rows = agenda_cache.page(conn, self.owner_id, horizon, today, now, zone, offset, limit)
        items = [
            FollowUp(
                r.contact_id,
                r.due.name,
                KINDS[r.due.kind_rank],
                r.due.due,
                r.due.item,
                r.due.reason,
                r.due.command,
                r.due.due_at,
            )
            for r in rows
            if r.due.reason is not None and r.due.command is not None
        ]
        wordless = {
            r.due.item: r.row for r in rows if r.due.reason is None or r.due.command is None
        }
        ids = sorted({r.contact_id for r in rows if r.due.item in wordless})
        chunks = [ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK)]
        # (none, mostly: then not even the settings the histories are read with)
        for histories, _ in self._history_chunks(conn, chunks) if chunks else ():
            for h in histories.values():
                for item in follow_ups(h, now):
                    if item.item in wordless:
                        items.append(item)
                        if words is not None:
                            words.append((wordless[item.item], item.reason, item.suggested_command))
        capped = cap is not None and total >= cap
        return Agenda(
            today, days, agenda(items, today, days, now), zone, total, offset, limit, now, capped
        )

    def _agenda_derived(
        self, days: int, limit: int | None, offset: int, now: dt.datetime
    ) -> Agenda:
        """The agenda derived from every contact's history, without the cache."""
        from coffeechat.core.followups import agenda, follow_ups

        due: list[FollowUp] = []
        total = 0
        with self.reading() as conn:
            zone = users.get_settings(conn, self.owner_id).timezone
            today = now.astimezone(zoneinfo.ZoneInfo(zone)).date()
            for histories, _ in self._history_chunks(conn):
                items = [item for h in histories.values() for item in follow_ups(h, now)]
                chunk = agenda(items, today, days, now)  # only what is due by the horizon
                total += len(chunk)
                if limit is None:
                    due.extend(chunk)
                else:  # a page keeps only the items up to its end
                    due = agenda([*due, *chunk], today, days, now)[: offset + limit]
        if limit is None:
            due = agenda(due, today, days, now)
        return Agenda(today, days, due[offset:], zone, total, offset, limit, now)

    def responsiveness_by_contact(self) -> dict[int, str | None]:
        """Each contact's responsiveness: booster, obligate, curmudgeon, or None."""
        from coffeechat.core.followups import responsiveness

        now = self.now()
        out: dict[int, str | None] = {}
        with self.reading() as conn:
            for histories, _ in self._history_chunks(conn):
                out |= {cid: responsiveness(h, now) for cid, h in histories.items()}
        return out

    def contact_followups(self, ref: str) -> tuple[str | None, list[FollowUp]]:
        """One contact's responsiveness and open follow-up items: reads that contact's
        rows (and one peer at its company), whatever the size of the workspace."""
        from coffeechat.core.followups import follow_ups, responsiveness

        now = self.now()
        with self.reading() as conn:
            cid = self._resolve_contact(conn, ref)
            histories, _ = self._histories(conn, cid)
        return responsiveness(histories[cid], now), follow_ups(histories[cid], now)

    def _open_item(self, item: str) -> FollowUp:
        """The open item of that id ("CONTACT:KIND:ABOUT"), from its contact's items."""
        from coffeechat.core.followups import follow_ups

        cleaned = item.strip()
        head = cleaned.split(":", 1)[0]
        if not (head.isascii() and head.isdigit() and len(head) < 19):
            raise UnknownItem(cleaned)
        now = self.now()
        with self.reading() as conn:
            for histories, _ in self._history_chunks(conn, [[int(head)]]):
                for candidate in follow_ups(histories[int(head)], now):
                    if candidate.item == cleaned:
                        return candidate
        raise UnknownItem(cleaned)

    def dismiss(self, item: str) -> FollowUp:
        """Drop an item for good (it is not owed after all)."""
        found = self._open_item(item)
        with self.writing() as conn:
            store.add_state(
                conn, self.owner_id, found.contact_id, found.item, "dismiss", None, self.now()
            )
        return found

    def snooze(self, item: str, until: str | None = None, days: int | None = None) -> FollowUp:
        """Move an item to a later day (``until``, or ``days`` from today)."""
        if (until is None) == (days is None):
            raise InvalidValue("until", until, "give either --until DATE or --days N", "3")
        with self.reading() as conn:
            zone = users.get_settings(conn, self.owner_id).timezone
        today = self.now().astimezone(zoneinfo.ZoneInfo(zone)).date()
        if until is not None:
            day = validate.date(until, "until")
        else:
            assert days is not None
            day = today + dt.timedelta(days=validate.int_range(days, 1, 366, "days"))
        if day <= today:
            raise InvalidValue("until", until or days, "must be after today", str(today))
        found = self._open_item(item)
        with self.writing() as conn:
            store.add_state(
                conn, self.owner_id, found.contact_id, found.item, "snooze", day, self.now()
            )
        return found

    def done(self, item: str) -> FollowUp:
        """Mark an item done: what it asks is logged when it is one entry of the
        timeline (a follow-up, thank-you, report-back or keep-in-touch sent now), a
        promise is kept; any other item (a recap, a confirmation...) is recorded done,
        like a dismissal. One transaction."""
        from coffeechat.store import events as event_store

        found = self._open_item(item)
        now = self.now()
        with self.writing() as conn:
            kind = DONE_BY_EVENT.get(found.kind)
            if kind is not None:
                zone = users.get_settings(conn, self.owner_id).timezone
                event_store.add_event(conn, self.owner_id, found.contact_id, kind, now, zone, now)
            elif found.kind == "promise":
                promise_id = int(found.item.rsplit("promise-", 1)[1])
                conversation_store.mark_promise_done(conn, self.owner_id, promise_id, now)
            else:
                store.add_state(
                    conn, self.owner_id, found.contact_id, found.item, "done", None, now
                )
        return found

    def promise_done(self, promise_id: int) -> str:
        """Mark one of your promises kept; returns its text."""
        with self.writing() as conn:
            text = conversation_store.mark_promise_done(conn, self.owner_id, promise_id, self.now())
        if text is None:
            raise InvalidValue("promise", promise_id, "no promise with that id", "1")
        return text


def _first(events: Iterable[Event], kind: EventKind, after: dt.datetime) -> dt.datetime | None:
    """The first event of a kind at or after an instant."""
    times = [e.at for e in events if e.kind is kind and e.at >= after]
    return min(times) if times else None
