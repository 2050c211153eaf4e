"""Follow-ups: what is owed to whom, derived from every timeline; the agenda; dismissing
and snoozing items; the responsiveness of each contact."""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Connection

from coffeechat.core import validate
from coffeechat.core.errors import CoffeechatError, InvalidValue, quoted
from coffeechat.core.model import Contact, Event, EventKind
from coffeechat.service.contacts import ContactsMixin
from coffeechat.store import companies as company_store
from coffeechat.store import conversations as conversation_store
from coffeechat.store import followups as store
from coffeechat.store import scheduling as scheduling_store
from coffeechat.store import users

if TYPE_CHECKING:
    from coffeechat.core.followups import ContactHistory, FollowUp

#: How far ahead the agenda looks by default.
DEFAULT_DAYS = 7


class UnknownItem(CoffeechatError):
    """No open follow-up has that id."""

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


@functools.cache
def _holidays(country: str | None, years: tuple[int, ...]) -> frozenset[dt.date]:
    from coffeechat.service.scheduling import holidays_for

    return holidays_for(country, years)


def holidays_around(country: str | None, now: dt.datetime) -> frozenset[dt.date]:
    """A country's public holidays from last year to next year (cached)."""
    return _holidays(country, (now.year - 1, now.year, now.year + 1))


class FollowupsMixin(ContactsMixin):
    """Follow-up rules over the whole workspace."""

    def _histories(
        self, conn: Connection, only: int | None = None
    ) -> tuple[dict[int, ContactHistory], dict[int, Contact]]:
        """Every contact's history (or one contact's), and the contacts with their stage."""
        from coffeechat.core.followups import (
            ContactHistory,
            ConversationFacts,
            IntroFacts,
            ItemState,
            PromiseFacts,
        )
        from coffeechat.core.introductions import contacted, introduction_status

        now = self.now()
        owner = users.get_settings(conn, self.owner_id)
        timelines = self._timelines(conn)
        contacts = {c.id: c for c in timelines.contacts}
        events, conversations = timelines.events, timelines.conversations
        proposals = scheduling_store.open_proposals(conn, self.owner_id)
        promises: dict[int, list[PromiseFacts]] = defaultdict(list)
        for p in conversation_store.all_promises(conn, self.owner_id):
            if p.by == "me":
                promises[p.contact_id].append(
                    PromiseFacts(p.id, p.text, p.due, p.done_at is not None)
                )
        intros: dict[int, list[IntroFacts]] = defaultdict(list)
        for i in conversation_store.introductions(conn, self.owner_id):
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
        for s in store.states(conn, self.owner_id):
            states[s.contact_id].append(ItemState(s.item, s.action, s.until))
        peers = _peers(contacts.values(), company_store.targets(conn, self.owner_id))
        histories = {}
        for c in contacts.values():
            if only is not None and c.id != only:
                continue
            zone = c.timezone or owner.timezone
            country = c.country if c.timezone else owner.country
            offered = proposals.get(c.id)
            passed = None
            if offered and offered.options and all(o.start <= now for o in offered.options):
                passed = max(o.start for o in offered.options)
            peer = peers.get(c.id)
            histories[c.id] = ContactHistory(
                contact_id=c.id,
                name=c.name,
                zone=zone,
                holidays=holidays_around(country, now),
                user_zone=owner.timezone,
                events=tuple(events.get(c.id, [])),
                conversations=tuple(
                    ConversationFacts(
                        v.id, v.status, v.start, v.end, v.zone, v.recapped_at is not None
                    )
                    for v in conversations.get(c.id, [])
                ),
                options_all_passed_at=passed,
                promises=tuple(promises.get(c.id, [])),
                intros=tuple(intros.get(c.id, [])),
                peer=peer[1] if peer else None,
                peer_id=peer[0] if peer else None,
                keep_in_touch_months=3 if c.keep_in_touch is None else c.keep_in_touch,
                states=tuple(states.get(c.id, [])),
                company=c.company,
            )
        return histories, contacts

    def follow_ups(self, ref: str | None = None) -> list[FollowUp]:
        """Every open follow-up item (of one contact, with ``ref``), soonest first."""
        from coffeechat.core.followups import follow_ups

        now = self.now()
        with self.reading() as conn:
            only = self._resolve_contact(conn, ref) if ref else None
            histories, _ = self._histories(conn, only)
        items = [item for h in histories.values() for item in follow_ups(h, now)]
        return sorted(items, key=lambda i: (i.due, i.contact_name, i.kind))

    def agenda(self, days: int = DEFAULT_DAYS) -> Agenda:
        """What is due today, overdue, and coming in the next ``days`` days."""
        from coffeechat.core.followups import agenda

        if days < 0 or days > 366:
            raise InvalidValue("days", days, "must be between 0 and 366", "7")
        items = self.follow_ups()
        with self.reading() as conn:
            zone = users.get_settings(conn, self.owner_id).timezone
        today = self.now().astimezone(zoneinfo.ZoneInfo(zone)).date()
        return Agenda(today, days, agenda(items, today, days), zone)

    def responsiveness_by_contact(self) -> dict[int, str | None]:
        """Each contact's responsiveness: booster, obligate, curmudgeon, or None."""
        from coffeechat.core.followups import responsiveness

        now = self.now()
        with self.reading() as conn:
            histories, _ = self._histories(conn)
        return {cid: responsiveness(h, now) for cid, h in histories.items()}

    def contact_followups(self, ref: str) -> tuple[str | None, list[FollowUp]]:
        """One contact's responsiveness and open follow-up items."""
        from coffeechat.core.followups import follow_ups, responsiveness

        now = self.now()
        with self.reading() as conn:
            cid = self._resolve_contact(conn, ref)
            histories, _ = self._histories(conn, cid)
        return responsiveness(histories[cid], now), follow_ups(histories[cid], now)

    def _open_item(self, item: str) -> FollowUp:
        cleaned = item.strip()
        for candidate in self.follow_ups():
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


def _peers(contacts: Iterable[Contact], targets: set[int]) -> dict[int, tuple[int | None, str]]:
    """Another person at each contact's company: a contact's (id, name), or (None,
    "target") when the company is on the target list with nobody else there."""
    by_company: dict[int, list[Contact]] = defaultdict(list)
    everyone = list(contacts)
    for c in everyone:
        if c.company_id is not None:
            by_company[c.company_id].append(c)
    out: dict[int, tuple[int | None, str]] = {}
    for c in everyone:
        if c.company_id is None:
            continue
        others = sorted((o for o in by_company[c.company_id] if o.id != c.id), key=lambda o: o.id)
        if others:
            out[c.id] = (others[0].id, others[0].name)
        elif c.company_id in targets:
            out[c.id] = (None, "target")
    return out
