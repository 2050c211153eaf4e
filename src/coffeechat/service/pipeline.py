"""The pipeline: logging what happened, the board, and where the user stands."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace

from sqlalchemy import Connection

from coffeechat.bulk import gc_paused
from coffeechat.core import validate
from coffeechat.core.errors import FarAhead, InvalidValue
from coffeechat.core.model import (
    BOARD_ORDER,
    LOGGABLE_KINDS,
    Contact,
    Event,
    EventKind,
    Stage,
)
from coffeechat.service.companies import CompaniesMixin
from coffeechat.service.contacts import (
    CHUNK,
    apply_stage_valid,
    check_page,
    planned_meetings,
    staged,
)
from coffeechat.store import companies as company_store
from coffeechat.store import contacts as contact_store
from coffeechat.store import events as event_store
from coffeechat.store import scheduling as scheduling_store
from coffeechat.store import stage_cache, users

#: A meeting logged further ahead than this asks whether it is meant (``--future``).
FAR_AHEAD = dt.timedelta(days=1)

#: The length a meeting held may be given, in minutes.
MINUTES_MIN, MINUTES_MAX = 5, 600


@dataclass
class BoardColumn:
    """The contacts in one stage, longest waiting first."""

    stage: Stage
    contacts: list[Contact] = field(default_factory=list)


@dataclass
class Status:
    """Where the user stands: counts by stage and the next things to do."""

    owner: str
    where: str
    contacts: int
    companies: int
    by_stage: dict[Stage, int]
    next_steps: list[str]


def waited(contact: Contact, now: dt.datetime) -> dt.timedelta:
    """How long a contact has been in its stage (a new contact: since the day you met)."""
    return max(now - (contact.stage_since or now), dt.timedelta(0))


@dataclass(frozen=True)
class ListedPage:
    """One page of ``contact_list``: where it starts, its size, and where the next one
    starts (None on the last page)."""

    items: list[stage_cache.Listed]
    offset: int
    limit: int
    next_offset: int | None

    @classmethod
    def of(cls, found: list[stage_cache.Listed], limit: int, offset: int) -> ListedPage:
        """The page of ``found``: ``limit`` rows read with one more, to tell a next."""
        more = len(found) > limit
        return cls(found[:limit], offset, limit, offset + limit if more else None)


class PipelineMixin(CompaniesMixin):
    """Logging and the board."""

    def log(
        self,
        ref: str,
        kind: str,
        at: str | None = None,
        note: str | None = None,
        *,
        minutes: int | None = None,
        format: str | None = None,
        ask_ahead: bool = False,
    ) -> Event:
        """Log an event on a contact's timeline (``at`` defaults to now).

        A meeting held can say how long it lasted (``minutes``) and how it went
        (``format``: coffee, lunch, phone, video); its conversation keeps both. With
        ``ask_ahead`` (the CLI without ``--future``), a meeting more than a day ahead is
        refused with FarAhead, for the caller to ask whether it is meant."""
        from coffeechat.core.places import Format

        loggable = {k.value: k for k in LOGGABLE_KINDS}  # `stage` is set with contact edit
        chosen = loggable.get(kind.strip().lower())
        if chosen is None:
            raise InvalidValue("kind", kind, f"must be one of {'|'.join(loggable)}", "outreach")
        described = minutes is not None or (format is not None and bool(format.strip()))
        if described and chosen is not EventKind.MEETING:
            field_name = "minutes" if minutes is not None else "format"
            raise InvalidValue(
                field_name,
                minutes if minutes is not None else format,
                "only a meeting has a length and a format",
                f"coffeechat log {ref} meeting --minutes 60 --format lunch",
            )
        if minutes is not None:
            validate.int_range(minutes, MINUTES_MIN, MINUTES_MAX, "minutes")
        fmt = validate.choice(Format, format, "format").value if format and format.strip() else None
        with self.writing() as conn:
            cid = self._resolve_contact(conn, ref)
            zone = users.get_settings(conn, self.owner_id).timezone
            now = self.now()
            when = validate.instant(at, zone) if at else now
            if chosen is not EventKind.MEETING:  # a meeting may be logged ahead, as planned
                local = now.astimezone(zoneinfo.ZoneInfo(zone))
                validate.not_later(when, local, "at", at)  # the rest has happened
            elif ask_ahead and when > now + FAR_AHEAD:
                local = when.astimezone(zoneinfo.ZoneInfo(zone))
                raise FarAhead(chosen.value, f"{local:%a %Y-%m-%d %H:%M} ({zone})")
            if described and when > now:
                raise InvalidValue(
                    "minutes" if minutes is not None else "format",
                    minutes if minutes is not None else format,
                    "a meeting ahead is a plan: give its length and format when you log it "
                    "held, or with `coffeechat schedule confirm`",
                    f"coffeechat schedule confirm {ref} --at {at} --format video",
                )
            text = validate.text(note or "", "note")
            if chosen is EventKind.NOTE and not text:
                raise InvalidValue("note", note or "", "a note needs text", "--note 'Likes Rust'")
            planned = Event(0, cid, chosen, when, zone, text, recorded_at=now)
            held = self._logged(conn, cid, planned, minutes, fmt)
            value = str(held) if held is not None else None
            eid = event_store.add_event(
                conn, self.owner_id, cid, chosen, when, zone, now, note=text, value=value
            )
            event = Event(eid, cid, chosen, when, zone, text, value=value, recorded_at=now)
            name = contact_store.contact_name(conn, self.owner_id, cid)
            assert name is not None
            self._index_note(conn, name, event)
        return event

    def _logged(
        self,
        conn: Connection,
        contact_id: int,
        event: Event,
        minutes: int | None = None,
        fmt: str | None = None,
    ) -> int | None:
        """What else a logged event changes (a held meeting holds its conversation); the
        id of the conversation it holds, if any."""
        return None

    @gc_paused()
    def board(self) -> list[BoardColumn]:
        """Every stage with its contacts, longest waiting first."""
        now = self.now()
        columns = {stage: BoardColumn(stage) for stage in BOARD_ORDER}
        for contact in self.list_contacts():
            columns[contact.stage].contacts.append(contact)
        for column in columns.values():
            column.contacts.sort(key=lambda c: waited(c, now), reverse=True)
        return list(columns.values())

    @gc_paused()
    def status(self) -> Status:
        """Counts by stage and the next steps worth taking.

        Read from the stage cache (store/stage_cache.py): the contacts whose row is
        missing or no longer valid at now are derived again and cached first, so the cost
        follows the changes since the last status, not the workspace. The answer is the
        one ``_status_derived`` gives; when the cache cannot be written (a read-only
        workspace, a long lock), that derivation answers."""
        from sqlalchemy.exc import InternalError, OperationalError, ProgrammingError

        from coffeechat.core.errors import WorkspaceBusy

        now = self.now()
        with self.reading() as conn:
            zone = self._user_zone(conn)
            # a valid row per contact (rows go with their contact): nothing is stale
            counted = stage_cache.counts(conn, self.owner_id, now, zone)
            if sum(counted.values()) == stage_cache.contact_count(conn, self.owner_id):
                return self._status_cached(conn, now, zone, counted)
        try:
            with self.writing(refresh=True) as conn:
                stage_cache.lock_feeds(conn, self.owner_id)
                zone = self._user_zone(conn)
                self._refresh_stages(conn, now, zone)
                counted = stage_cache.counts(conn, self.owner_id, now, zone)
                return self._status_cached(conn, now, zone, counted)
        except (OperationalError, InternalError, ProgrammingError, WorkspaceBusy):
            # a read-only file (SQLite), a read-only transaction or role (PostgreSQL), or
            # another writer holding on: answer all the same, uncached
            return self._status_derived()

    def _refresh_stages(self, conn: Connection, now: dt.datetime, zone: str) -> None:
        """Derive and cache the stage of every contact without a valid row, by chunks."""
        stage_cache.drop_orphans(conn, self.owner_id)
        self._cache_stages(conn, stage_cache.stale_ids(conn, self.owner_id, now, zone), now, zone)

    def _cache_stages(
        self, conn: Connection, ids: Sequence[int], now: dt.datetime, zone: str
    ) -> None:
        """Derive and cache the stage of these contacts, by chunks (in a transaction that
        holds ``stage_cache.lock_feeds``)."""
        for start in range(0, len(ids), CHUNK):
            rows = []
            for c, mine, talks in self._timelines_of(conn, ids[start : start + CHUNK], False):
                # as ``staged`` derives it (the same inputs), with its validity
                timeline = mine + planned_meetings(talks)
                valid_from, valid_until = apply_stage_valid(c, timeline, now, zone)
                rows.append(stage_cache.Row(c.id, c.stage, c.stage_since, valid_from, valid_until))
            stage_cache.save(conn, self.owner_id, zone, rows)

    def contact_list(
        self,
        stage: str | None = None,
        tag: str | None = None,
        company: str | None = None,
        *,
        limit: int,
        offset: int = 0,
    ) -> ListedPage:
        """``contacts_page`` as a list shows it: each contact's id, name, company and stage
        only, the same contacts in the same order with the same stages.

        One read from the stage cache (as ``status``): the contacts of the page whose row
        is missing or no longer valid at now are derived and cached first (with a stage
        asked for, every stale contact: the page is chosen by stage). When the cache
        cannot be written, those few are derived uncached (``contacts_page`` answers for
        a stage)."""
        found = self._contact_list(stage, tag, company, limit, offset, refresh=True)
        assert found is not None  # refreshed when it had to be
        return found

    def cached_contact_list(
        self,
        stage: str | None = None,
        tag: str | None = None,
        company: str | None = None,
        *,
        limit: int,
        offset: int = 0,
    ) -> ListedPage | None:
        """``contact_list`` when the stage cache answers it as it stands: one read, nothing
        written, so nothing to wait for; None when a row of the page is stale (then
        ``contact_list`` refreshes it)."""
        return self._contact_list(stage, tag, company, limit, offset, refresh=False)

    def _contact_list(
        self,
        stage: str | None,
        tag: str | None,
        company: str | None,
        limit: int,
        offset: int,
        refresh: bool,
    ) -> ListedPage | None:
        from sqlalchemy.exc import InternalError, OperationalError, ProgrammingError

        from coffeechat.core.errors import WorkspaceBusy

        wanted_stage = validate.choice(Stage, stage, "stage") if stage else None
        wanted_tag = validate.tag(tag) if tag else None
        check_page(limit, offset)
        now = self.now()

        def page(
            conn: Connection, zone: str | None, company_id: int | None
        ) -> list[stage_cache.Listed]:
            return stage_cache.listed(
                conn,
                self.owner_id,
                now,
                zone,
                tag=wanted_tag,
                company_id=company_id,
                stage=wanted_stage,
                limit=limit + 1,
                offset=offset,
            )

        with self.reading() as conn:
            company_id = self._resolve_company(conn, company) if company else None
            if wanted_stage is None:  # the user's zone read by the same query
                found = page(conn, None, company_id)
                # (the one row more tells whether a next page exists: its stage is unshown)
                fresh = all(r.stage is not None for r in found[:limit])
            else:  # a page chosen by stage: right only when no row is stale
                zone = self._user_zone(conn)
                fresh = not stage_cache.stale_ids(conn, self.owner_id, now, zone, limit=1)
                found = page(conn, zone, company_id) if fresh else []
            if fresh:
                return ListedPage.of(found, limit, offset)
        if not refresh:
            return None
        try:
            with self.writing(record=False, refresh=True) as conn:  # a cache, not a change
                stage_cache.lock_feeds(conn, self.owner_id)
                zone = self._user_zone(conn)
                if wanted_stage is None:
                    stale = [r.id for r in page(conn, zone, company_id)[:limit] if r.stage is None]
                    self._cache_stages(conn, stale, now, zone)
                else:
                    self._refresh_stages(conn, now, zone)
                found = self._derive_listed(conn, page(conn, zone, company_id), now, zone, limit)
        except (OperationalError, InternalError, ProgrammingError, WorkspaceBusy):
            # a read-only workspace or another writer holding on: answer all the same
            if wanted_stage is not None:
                full = self.contacts_page(stage, tag, company, limit=limit, offset=offset)
                items = [stage_cache.Listed(c.id, c.name, c.company, c.stage) for c in full.items]
                return ListedPage(items, offset, limit, full.next_offset)
            with self.reading() as conn:
                zone = self._user_zone(conn)
                found = self._derive_listed(conn, page(conn, zone, company_id), now, zone, limit)
        return ListedPage.of(found, limit, offset)

    def _derive_listed(
        self,
        conn: Connection,
        found: list[stage_cache.Listed],
        now: dt.datetime,
        zone: str,
        limit: int,
    ) -> list[stage_cache.Listed]:
        """``found`` with the stage of those without one derived (``staged``), uncached;
        the row past ``limit`` (read to tell a next page) is left as it is."""
        missing = [r.id for r in found[:limit] if r.stage is None]
        if not missing:
            return found
        derived = {
            c.id: staged(c, mine, talks, now, zone).stage
            for c, mine, talks in self._timelines_of(conn, missing, False)
        }
        return [r if r.id not in derived else replace(r, stage=derived[r.id]) for r in found]

    def _status_cached(
        self, conn: Connection, now: dt.datetime, zone: str, counted: dict[Stage, int]
    ) -> Status:
        """``status`` from a cache valid at ``now`` for every contact (``counted``: its
        rows by stage)."""
        owner = users.get_settings(conn, self.owner_id).name
        offered = scheduling_store.open_proposals(conn, self.owner_id)
        companies = company_store.count_companies(conn, self.owner_id)
        expired = [
            cid
            for cid, p in offered.items()
            if p.options and all(o.start <= now for o in p.options)
        ]
        by_stage = {stage: counted.get(stage, 0) for stage in BOARD_ORDER}

        def staged(row: stage_cache.Cached) -> Contact:
            return Contact(row.contact_id, row.name, stage=row.stage, stage_since=row.since)

        firsts = {
            stage: [
                staged(r)
                for r in stage_cache.longest_waiting(conn, self.owner_id, stage, now, zone, 2)
            ]
            for stage in _SHOWN
        }
        lapsed = [
            staged(r) for r in stage_cache.of_contacts(conn, self.owner_id, expired, now, zone)
        ]
        total = sum(by_stage.values())
        intros = self._introduction_steps(conn, firsts[Stage.INTRO_OFFERED])
        targets = company_store.count_companies(conn, self.owner_id, targets_only=True)
        return Status(
            owner=owner,
            where=self.settings.describe(),
            contacts=total,
            companies=companies,
            by_stage=by_stage,
            next_steps=_steps(lapsed, total > 0, targets, firsts, now, intros),
        )

    def _introduction_steps(self, conn: Connection, people: list[Contact]) -> list[str]:
        """What to do next about these contacts at `intro-offered` (the one that waited
        longest first): the step the introduction is at, as the agenda says it."""
        from coffeechat.core.introductions import introduction_status
        from coffeechat.store import conversations as conversation_store

        if not people:
            return []
        offers = conversation_store.introductions(
            conn, self.owner_id, to_ids=[c.id for c in people]
        )
        first: dict[int, conversation_store.IntroductionRow] = {}
        for offer in offers:  # oldest first: the offer that set the stage
            first.setdefault(offer.to_id, offer)
        ids = {c.id for c in people} | {o.from_id for o in first.values()}
        events = event_store.events_by_contact(conn, self.owner_id, sorted(ids))
        steps = []
        for person in people:
            found = first.get(person.id)
            if found is None:
                continue
            by_id = found.from_id
            by = contact_store.contact_name(conn, self.owner_id, by_id) or "them"
            status = introduction_status(
                found.created_at, events.get(by_id, []), events.get(person.id, []), person.stage
            )
            ask = f'coffeechat draft intro-request {by_id} --to "{person.name}"'
            if status == "offered":
                steps.append(
                    f"Ask {by} for the introduction to {person.name} they offered: {ask} "
                    f"(once asked: coffeechat log {by_id} intro-request)"
                )
            elif status == "asked":
                steps.append(
                    f"Wait for {by} to introduce you to {person.name} (once they have: "
                    f"coffeechat log {person.id} introduced); a gentle reminder after a week: "
                    f"{ask}"
                )
            else:
                steps.append(
                    f"{by} introduced you to {person.name}: write to them with "
                    f"coffeechat draft outreach {person.id} "
                    f"(once sent: coffeechat log {person.id} outreach)"
                )
        return steps

    @gc_paused()
    def _status_derived(self) -> Status:
        """``status`` derived from every timeline, without the cache (what the cache must
        equal, and the answer when it cannot be written)."""
        now = self.now()
        with self.reading() as conn:
            owner = users.get_settings(conn, self.owner_id).name
            offered = scheduling_store.open_proposals(conn, self.owner_id)
            companies = company_store.count_companies(conn, self.owner_id)
        expired = {
            cid
            for cid, p in offered.items()
            if p.options and all(o.start <= now for o in p.options)
        }
        # every stage is derived from its timeline: no e-mails or tags, 1,000 at a time
        contacts = list(self._contacts_by_chunk(None, None, None, None, 0, details=False))
        by_stage = {stage: 0 for stage in BOARD_ORDER}
        for c in contacts:
            by_stage[c.stage] += 1
        waiting = sorted(
            (c for c in contacts if c.stage is Stage.INTRO_OFFERED),
            key=lambda c: waited(c, now),
            reverse=True,
        )[:2]
        with self.reading() as conn:
            intros = self._introduction_steps(conn, waiting)
            targets = company_store.count_companies(conn, self.owner_id, targets_only=True)
        return Status(
            owner=owner,
            where=self.settings.describe(),
            contacts=len(contacts),
            companies=companies,
            by_stage=by_stage,
            next_steps=next_steps(contacts, targets, now, expired, intros),
        )


#: The stages whose longest-waiting contacts the next steps name (two of each).
_SHOWN = (
    Stage.AGREED,
    Stage.INTRO_OFFERED,
    Stage.MET,
    Stage.REACHED_OUT,
    Stage.SCHEDULED,
    Stage.MET_UP,
    Stage.RECAPPED,
)


def next_steps(
    contacts: list[Contact],
    companies: int,
    now: dt.datetime,
    expired: AbstractSet[int] = frozenset(),
    intros: Sequence[str] = (),
) -> list[str]:
    """Plain suggestions, most useful first, each with the command that does it.

    ``contacts``: every contact, in list order (name, id), with its stage. ``companies``:
    how many target companies there are. ``expired``: ids of contacts whose offered
    times have all passed unconfirmed. ``intros``: the steps of the introductions
    offered (see ``PipelineMixin._introduction_steps``).
    """

    def first(stage: Stage) -> list[Contact]:
        return sorted(
            (c for c in contacts if c.stage is stage), key=lambda c: waited(c, now), reverse=True
        )[:2]

    lapsed = [c for c in contacts if c.id in expired]
    firsts = {stage: first(stage) for stage in _SHOWN}
    return _steps(lapsed, bool(contacts), companies, firsts, now, intros)


def _steps(
    lapsed: list[Contact],
    any_contacts: bool,
    companies: int,
    firsts: dict[Stage, list[Contact]],
    now: dt.datetime,
    intros: Sequence[str] = (),
) -> list[str]:
    """``next_steps`` from what it reads: the contacts whose offered times all passed (in
    list order), whether there are contacts, and for each stage of ``_SHOWN`` the two that
    waited longest (ties in list order). A warm introduction comes before writing to
    people met (cold, or imported) out of the blue."""
    steps: list[str] = [
        f"Every time you offered {c.name} has passed: "
        f"offer new ones with coffeechat schedule propose {c.id}"
        for c in lapsed
        if c.stage in (Stage.AGREED, Stage.SCHEDULING)
    ]
    if not any_contacts:
        steps.append('Record someone you met: coffeechat contact add "Ada Lovelace" --company Acme')
    if not companies:
        steps.append("List the employers you target: coffeechat company add Acme --motivation 3")

    def first(stage: Stage) -> list[Contact]:
        return firsts[stage][:2]

    for contact in first(Stage.AGREED)[:2]:
        steps.append(
            f"{contact.name} agreed to chat: offer three times with "
            f"coffeechat draft scheduling {contact.id}"
        )
    steps.extend(intros)
    for contact in first(Stage.MET)[:2]:
        steps.append(
            f"Reach out to {contact.name}: coffeechat draft outreach {contact.id} "
            f"(once sent: coffeechat log {contact.id} outreach)"
        )
    for contact in first(Stage.REACHED_OUT)[:2]:
        days = waited(contact, now).days
        if days >= 3:
            steps.append(
                f"{contact.name} has not answered in {days} days: when they do, "
                f"coffeechat log {contact.id} reply"
                + (f"; a nudge: coffeechat draft follow-up {contact.id}" if days >= 7 else "")
            )
    for contact in first(Stage.SCHEDULED)[:2]:
        steps.append(
            f"Prepare for {contact.name}: coffeechat guide {contact.id} "
            f"(during the chat: coffeechat chat {contact.id})"
        )
    for contact in first(Stage.MET_UP)[:2]:
        steps.append(
            f"You met {contact.name}: write it up today with coffeechat recap {contact.id}"
        )
    for contact in [*first(Stage.MET_UP)[:2], *first(Stage.RECAPPED)[:2]]:
        # met-up since the meeting began, recapped since the recap (after the meeting):
        # a day in either is more than a day since the conversation
        late = waited(contact, now) >= dt.timedelta(hours=24)
        when = "today: your conversation was more than a day ago" if late else "within 24 hours"
        steps.append(
            f"Thank {contact.name} {when}: coffeechat draft thank-you {contact.id} "
            f"(once sent: coffeechat log {contact.id} thank-you)"
        )
    if any_contacts:
        steps.append("Everything owed, today and this week: coffeechat agenda")
        steps.append("See every relationship by stage: coffeechat board")
    return steps
