"""Scheduling use cases: propose times, confirm one (with an invite), reschedule, calendars."""

from __future__ import annotations

import datetime as dt
import re
import uuid
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection

from coffeechat.core import validate
from coffeechat.core.errors import AlreadyScheduled, CoffeechatError, InvalidValue
from coffeechat.core.hours import parse_hours
from coffeechat.core.model import Contact
from coffeechat.service.calendars import (
    CalendarUnavailable,
    Source,
    describe_age,
    parse_source,
    read_source,
)
from coffeechat.service.pipeline import PipelineMixin
from coffeechat.store import contacts as contact_store
from coffeechat.store import scheduling as store
from coffeechat.store import users
from coffeechat.store.scheduling import CalendarRow, ConversationRow, OptionRow, ProposalRow

if TYPE_CHECKING:
    from coffeechat.core.scheduling import Interval

# The engine (core.scheduling, core.places) is imported inside the methods that use it:
# every command opens a Workspace, and most never schedule anything.
FLEXIBLE = "flexible"

#: How long before the meeting the reminder alarm of an invite rings.
ALARM_MINUTES = 30


class NothingToConfirm(CoffeechatError):
    """`schedule confirm` without options on offer, or with a bad choice."""


class NothingToMove(CoffeechatError):
    """`schedule reschedule` for a contact without a scheduled conversation."""


@dataclass
class ProposalView:
    """The options offered to a contact (stored until one is confirmed)."""

    contact: Contact
    contact_zone: str
    user_zone: str
    duration_min: int
    options: list[OptionRow]
    warnings: list[str] = field(default_factory=list)
    proposal_id: int = 0


@dataclass
class Confirmation:
    """A confirmed conversation, where its invite was written, and what follows from it."""

    contact: Contact
    conversation: ConversationRow
    user_zone: str
    invite: Path
    rescheduled: bool
    confirm_on: dt.date
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Invite:
    """A scheduled conversation's invite: a file name, the iCalendar bytes, and the
    conversation it is for."""

    filename: str
    data: bytes
    conversation: ConversationRow


@dataclass(frozen=True)
class CalendarInfo:
    """A stored busy-time source and the state of its copy."""

    id: int
    source: str
    is_url: bool
    fetched_at: dt.datetime | None
    size: int
    #: What could not be read in it (an event left out or counted once), when it was read.
    warnings: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        """``file``, ``url`` or ``caldav``."""
        return Source(self.source, self.is_url).kind


def holidays_for(country: str | None, years: Sequence[int]) -> frozenset[dt.date]:
    """Public holidays of ``country`` in ``years`` (empty when unknown to the holidays data)."""
    if not country:
        return frozenset()
    import holidays

    try:
        found = holidays.country_holidays(country, years=list(years))
    except NotImplementedError:
        return frozenset()
    return frozenset(found.keys())


@dataclass(frozen=True)
class Calendar:
    """A calendar read for a proposal: its bytes (None: unreadable, and no copy), and the
    id of the stored calendar whose copy they renew (None: nothing to store)."""

    source: str
    data: bytes | None
    fresh: int | None


class SchedulingMixin(PipelineMixin):
    """Proposals, confirmation, rescheduling and busy-time calendars."""

    # --- calendars ----------------------------------------------------------------------

    def add_calendar(
        self, source: str, caldav: bool = False, user: str | None = None
    ) -> CalendarInfo:
        """Store a busy-time source after reading it once (bad files are refused).

        ``caldav`` (or a ``caldav+https://`` address) makes it a CalDAV calendar of
        ``user`` (or the user named in the address); its password is read from the
        environment or the keyring, never stored.
        """
        from coffeechat.core import limits

        parsed = parse_source(source, caldav=caldav, user=user)
        validate.longest(parsed.text, limits.SOURCE, "calendar", source)
        now = self.now()
        data = read_source(parsed, now)
        said: list[str] = []
        with self.writing() as conn:
            zone = users.get_settings(conn, self.owner_id).timezone
            self._parse_busy(data, parsed.text, now, now + dt.timedelta(days=1), zone, said)
            if any(c.source == parsed.text for c in store.list_calendars(conn, self.owner_id)):
                raise InvalidValue(
                    "calendar", source, "is already added", "coffeechat calendar list"
                )
            cid = store.add_calendar(
                conn, self.owner_id, parsed.text, parsed.is_url, data, now, now
            )
            if cid is None:  # added meanwhile by another command
                raise InvalidValue(
                    "calendar", source, "is already added", "coffeechat calendar list"
                )
        return CalendarInfo(cid, parsed.text, parsed.is_url, now, len(data), tuple(said))

    def upload_calendar(self, filename: str, data: bytes) -> tuple[CalendarInfo, bool]:
        """Keep a calendar file uploaded on the web (``upload:FILENAME``): its bytes are
        the calendar, read at each proposal; uploading a file of the same name again
        replaces it. Refused unless it reads as a calendar. Whether it replaced one."""
        from coffeechat.core import limits
        from coffeechat.service.calendars import MAX_CALENDAR_BYTES, UPLOAD_PREFIX

        name = " ".join(Path(filename.replace("\\", "/")).name.split())
        if not name:
            raise InvalidValue("calendar", filename, "choose an .ics file", "work.ics")
        source = UPLOAD_PREFIX + name
        validate.longest(source, limits.SOURCE, "calendar", name)
        if len(data) > MAX_CALENDAR_BYTES:
            raise InvalidValue(
                "calendar", name, f"is larger than {MAX_CALENDAR_BYTES // 2**20} MB", "work.ics"
            )
        now = self.now()
        said: list[str] = []
        with self.writing() as conn:
            zone = users.get_settings(conn, self.owner_id).timezone
            self._parse_busy(data, name, now, now + dt.timedelta(days=1), zone, said)
            same = [c for c in store.list_calendars(conn, self.owner_id) if c.source == source]
            if same:
                cid = same[0].id
                store.cache_calendar(conn, self.owner_id, cid, data, now)
            else:
                added = store.add_calendar(conn, self.owner_id, source, False, data, now, now)
                if added is None:  # added meanwhile by another request
                    raise InvalidValue("calendar", name, "is being added", "try again")
                cid = added
        return CalendarInfo(cid, source, False, now, len(data), tuple(said)), bool(same)

    def list_calendars(self) -> list[CalendarInfo]:
        """The stored busy-time sources."""
        with self.reading() as conn:
            rows = store.list_calendars(conn, self.owner_id)
        return [
            CalendarInfo(r.id, r.source, r.is_url, r.fetched_at, len(r.cached or b"")) for r in rows
        ]

    def remove_calendar(self, ref: str) -> CalendarInfo:
        """Forget a busy-time source, by id or as it was added."""
        with self.writing() as conn:
            rows = store.list_calendars(conn, self.owner_id)
            wanted = ref.strip()
            found = [
                r for r in rows if str(r.id) == wanted or r.source in (wanted, _as_source(wanted))
            ]
            if not found:
                raise InvalidValue("calendar", ref, "no such calendar", "coffeechat calendar list")
            row = found[0]
            store.remove_calendar(conn, self.owner_id, row.id)
        return CalendarInfo(row.id, row.source, row.is_url, row.fetched_at, len(row.cached or b""))

    def refresh_calendars(self) -> tuple[list[CalendarInfo], list[str]]:
        """Read every stored calendar again now and keep the fresh copies (``calendar
        refresh``). One that cannot be read, or is no longer a calendar, keeps its last
        copy and is named in the warnings. Downloads happen before the write."""
        now = self.now()
        with self.reading() as conn:
            rows = store.list_calendars(conn, self.owner_id)
            zone = users.get_settings(conn, self.owner_id).timezone
        fresh: dict[int, bytes] = {}
        warnings: list[str] = []
        for row in rows:
            if Source(row.source, row.is_url).is_upload:  # nothing to read again
                continue
            try:
                data = read_source(Source(row.source, row.is_url), now)
                self._parse_busy(data, row.source, now, now + dt.timedelta(days=1), zone, [])
            except CoffeechatError as error:
                kept = describe_age(row.fetched_at, now) if row.cached is not None else None
                warnings.append(
                    f"{error}; " + (f"kept the copy read {kept}" if kept else "no copy")
                )
                continue
            fresh[row.id] = data
        if fresh:
            with self.writing() as conn:
                for cid, data in fresh.items():
                    store.cache_calendar(conn, self.owner_id, cid, data, now)
        return self.list_calendars(), warnings

    def _parse_busy(
        self,
        data: bytes,
        source: str,
        start: dt.datetime,
        end: dt.datetime,
        zone: str,
        warnings: list[str],
    ) -> list[Interval]:
        """Busy time of a calendar; what could not be read in it is said in ``warnings``."""
        from coffeechat.formats.ical import CalendarWarning, read_busy

        said: list[CalendarWarning] = []
        busy = read_busy(data, source, start, end, zone, said)
        warnings.extend(str(warning) for warning in said)
        return busy

    def _read_calendars(self, extra: Sequence[str], warnings: list[str]) -> list[Calendar]:
        """Read the stored calendars (fresh when possible, else their last copy) and the
        extra sources given for this proposal (which must be readable). Before the write
        transaction, never inside it: a download may take seconds, and every other
        writer would wait for it."""
        with self.reading() as conn:
            rows = store.list_calendars(conn, self.owner_id)
        read = [self._fresh_or_cached(row, warnings) for row in rows]
        for text in extra:
            parsed = parse_source(text)
            read.append(Calendar(parsed.text, read_source(parsed, self.now()), None))
        return read

    def _busy(
        self,
        conn: Connection,
        calendars: Sequence[Calendar],
        start: dt.datetime,
        end: dt.datetime,
        zone: str,
        warnings: list[str],
    ) -> list[Interval]:
        """Busy time from the calendars read; a fresh copy of a stored one is kept; what
        could not be read in them is said in ``warnings``."""
        busy: list[Interval] = []
        for calendar in calendars:
            if calendar.data is None:
                continue
            if calendar.fresh is not None:
                store.cache_calendar(conn, self.owner_id, calendar.fresh, calendar.data, self.now())
            busy += self._parse_busy(calendar.data, calendar.source, start, end, zone, warnings)
        return busy

    def _fresh_or_cached(self, row: CalendarRow, warnings: list[str]) -> Calendar:
        if Source(row.source, row.is_url).is_upload:  # its stored copy is the calendar
            return Calendar(row.source, row.cached, None)
        try:
            data = read_source(Source(row.source, row.is_url), self.now())
        except CalendarUnavailable as error:
            if row.cached is None:
                warnings.append(f"{error}; no earlier copy, so its busy time is not counted")
                return Calendar(row.source, None, None)
            age = describe_age(row.fetched_at, self.now())
            warnings.append(f"{error}; used the copy read {age}")
            return Calendar(row.source, row.cached, None)
        return Calendar(row.source, data, row.id if data != row.cached else None)

    # --- proposals ----------------------------------------------------------------------

    def propose_slots(
        self,
        ref: str,
        count: int = 3,
        days: int = 7,
        duration: int = 30,
        busy: Sequence[str] = (),
        format: str | None = None,
    ) -> ProposalView:
        """Choose varied times in the next days for a contact, and hold them as a proposal."""
        return self._propose(ref, count, days, duration, busy, format, reschedule=False)

    def reschedule(
        self,
        ref: str,
        count: int = 3,
        days: int = 7,
        duration: int | None = None,
        busy: Sequence[str] = (),
        format: str | None = None,
    ) -> ProposalView:
        """New options to move a scheduled conversation (warns when it was moved before)."""
        return self._propose(ref, count, days, duration, busy, format, reschedule=True)

    def _propose(
        self,
        ref: str,
        count: int,
        days: int,
        duration: int | None,
        busy: Sequence[str],
        format: str | None,
        reschedule: bool,
    ) -> ProposalView:
        from coffeechat.core.places import Format, home_cities, meeting_format, place_text
        from coffeechat.core.scheduling import ProposalRequest, Side, propose

        validate.int_range(count, 1, 5, "count")
        validate.int_range(days, 1, 60, "days")
        requested = validate.choice(Format, format, "format") if format else None
        now = self.now()
        warnings: list[str] = []
        unread: list[str] = []  # about calendars, said after what is said about the contact
        calendars = self._read_calendars(busy, unread)
        with self.writing() as conn:
            cid = self._resolve_contact(conn, ref)
            contact = self._staged_contact(conn, cid)  # shown: with its stage
            owner = users.get_settings(conn, self.owner_id)
            upcoming = self._upcoming(conn, cid, now)
            if reschedule and upcoming is None:
                raise NothingToMove(
                    f"{contact.name} has no scheduled conversation to move; offer times with "
                    f"`coffeechat schedule propose {cid}`"
                )
            if reschedule and upcoming is not None and upcoming.reschedules >= 1:
                warnings.append(
                    f"This conversation was already moved {upcoming.reschedules} time(s); "
                    "moving it again risks the meeting: apologise, and keep it if you can"
                )
            if not reschedule and upcoming is not None and upcoming.start is not None:
                when = _local(upcoming.start, upcoming.zone)
                warnings.append(
                    f"{contact.name} already has a conversation on {when}; to move it, use "
                    f"`coffeechat schedule reschedule {cid}`"
                )
            minutes = duration or (_minutes(upcoming) if reschedule and upcoming else 30)
            validate.int_range(minutes, 10, 240, "duration")
            contact_zone = contact.timezone or owner.timezone
            if not contact.timezone:
                warnings.append(
                    f"{contact.name} has no time zone; assumed yours ({owner.timezone}). "
                    f"Set it with `coffeechat contact edit {cid} --timezone ZONE`"
                )
            warnings += unread
            end = now + dt.timedelta(days=days)
            busy_time = self._busy(conn, calendars, now, end, owner.timezone, warnings)
            years = range(now.year - 1, end.year + 2)
            request = ProposalRequest(
                now=now,
                user=Side(
                    owner.timezone,
                    parse_hours(owner.availability, "availability"),
                    holidays_for(owner.country, years),
                ),
                contact=Side(
                    contact_zone,
                    parse_hours(contact.work_hours, "work_hours"),
                    holidays_for(contact.country, years),
                ),
                busy=tuple(
                    busy_time
                    + self._booked(conn, now, moving=upcoming if reschedule else None)
                    + (_whole_day(upcoming) if reschedule and upcoming else [])
                ),
                count=count,
                days=days,
                duration=dt.timedelta(minutes=minutes),
            )
            chosen = propose(request)
            cities = home_cities(owner.cities, owner.timezone)
            warnings += chosen.warnings
            rows = []
            for number, option in enumerate(chosen.options, start=1):
                fmt = meeting_format(option.kind, contact.city, cities, requested)
                rows.append(
                    OptionRow(
                        number,
                        option.start,
                        option.end,
                        option.kind.value,
                        fmt.value,
                        place_text(fmt, contact.city, contact.company),
                        option.reason,
                    )
                )
            pid = store.add_proposal(
                conn,
                self.owner_id,
                cid,
                upcoming.id if reschedule and upcoming else None,
                contact_zone,
                minutes,
                rows,
                now,
            )
        return ProposalView(
            contact=contact,
            contact_zone=contact_zone,
            user_zone=owner.timezone,
            duration_min=minutes,
            options=rows,
            warnings=warnings,
            proposal_id=pid,
        )

    def _booked(
        self, conn: Connection, now: dt.datetime, moving: ConversationRow | None
    ) -> list[Interval]:
        """The user's own scheduled conversations: busy time too (but the one being moved)."""
        from coffeechat.core.scheduling import Interval

        return [
            Interval(c.start, c.end)
            for c in store.scheduled_after(conn, self.owner_id, now)
            if c.start is not None and c.end is not None and (moving is None or c.id != moving.id)
        ]

    def coming_conversations(self, days: int = 7) -> list[tuple[ConversationRow, str]]:
        """The scheduled conversations that have not ended and start within ``days``
        days, soonest first, each with the contact's name (the web UI's Today)."""
        validate.int_range(days, 0, 366, "days")
        now = self.now()
        until = now + dt.timedelta(days=days)
        with self.reading() as conn:
            return store.coming(conn, self.owner_id, now, until)

    def _upcoming(
        self, conn: Connection, contact_id: int, now: dt.datetime
    ) -> ConversationRow | None:
        """The contact's scheduled conversation that has not started yet, if any."""
        found = [
            c
            for c in store.conversations_for(conn, self.owner_id, contact_id)
            if c.status == "scheduled" and c.start is not None and c.start > now
        ]
        return found[-1] if found else None

    # --- confirmation -------------------------------------------------------------------

    def confirm(
        self,
        ref: str,
        option: int | None = None,
        at: str | None = None,
        place: str | None = None,
        format: str | None = None,
        ics: str | Path | None = None,
        link: str | None = None,
        move: bool = False,
    ) -> Confirmation:
        """Record the chosen time as the conversation, write its invite, and note the
        confirmation due the day before.

        A contact has one scheduled conversation at a time. When one is ahead already,
        ``move`` moves it (as ``reschedule`` then ``confirm`` would: the same invite UID,
        the next SEQUENCE, so calendars replace the old time); without ``move`` the call
        raises ``AlreadyScheduled`` and nothing changes. ``link``: a video link, kept on
        the conversation and written into the invite."""
        from coffeechat.core.places import Format, home_cities, meeting_format, place_text
        from coffeechat.core.scheduling import OptionKind, confirm_day

        if (option is None) == (at is None):
            raise InvalidValue("option", option, "give either --option N or --at TIME", "1")
        chosen_format = validate.choice(Format, format, "format") if format else None
        video_link = validate.link(link) if link is not None else None
        now = self.now()
        with self.writing() as conn:
            cid = self._resolve_contact(conn, ref)
            contact = contact_store.get_contact(conn, self.owner_id, cid)
            assert contact is not None
            owner = users.get_settings(conn, self.owner_id)
            offered = store.open_proposal(conn, self.owner_id, cid)
            upcoming = self._upcoming(conn, cid, now)
            if upcoming is not None and upcoming.start is not None:
                # moving it is said outright: --move, or options offered by `reschedule`
                said = move or (offered is not None and offered.conversation_id == upcoming.id)
                if not said:
                    when = _local(upcoming.start, upcoming.zone)
                    raise AlreadyScheduled(contact.name, cid, when)
            zone = offered.zone if offered else (contact.timezone or owner.timezone)
            minutes = offered.duration_min if offered else 30
            picked: OptionRow | None = None
            if option is not None:
                picked = self._pick(offered, option, contact, now)
                if picked.kind == FLEXIBLE:
                    window = f"{_local(picked.start, zone)}-{_local(picked.end, zone, '%H:%M')}"
                    raise NothingToConfirm(
                        f"option {option} is a window ({window}) for {contact.name} to choose "
                        "in: give the time they chose with --at, e.g. --at "
                        f"{picked.start.astimezone(zoneinfo.ZoneInfo(zone)):%Y-%m-%dT%H:%M}"
                    )
                start = picked.start
            else:
                assert at is not None
                start = validate.instant(at, zone, "at")
                if start <= now:
                    raise InvalidValue("at", at, "is not in the future", _example_at(now, zone))
            end = start + dt.timedelta(minutes=minutes)
            if picked is not None and picked.kind != FLEXIBLE:
                end = picked.end
            # The option's format and place unless the user says otherwise.
            if chosen_format is None and picked is not None:
                fmt, where = Format(picked.format), picked.place
            else:
                fmt = chosen_format or meeting_format(
                    OptionKind.FLEXIBLE,
                    contact.city,
                    home_cities(owner.cities, owner.timezone),
                )
                where = place_text(fmt, contact.city, contact.company)
            if place and place.strip():
                from coffeechat.core import limits

                where = validate.text(place, "place", limits.TEXT) or where
            moving = upcoming
            if video_link is None and fmt is Format.VIDEO and moving is not None:
                video_link = moving.link  # a moved video call keeps its link
            if moving is not None:
                values = {
                    "start": start,
                    "end": end,
                    "zone": zone,
                    "place": where,
                    "format": fmt.value,
                    "link": video_link,
                    "reschedules": moving.reschedules + 1,
                    "updated_at": now,
                }
                store.update_conversation(conn, self.owner_id, moving.id, values)
                conversation_id = moving.id
            else:
                conversation_id = store.add_conversation(
                    conn,
                    self.owner_id,
                    {
                        "contact_id": cid,
                        "status": "scheduled",
                        "start": start,
                        "end": end,
                        "zone": zone,
                        "place": where,
                        "format": fmt.value,
                        "link": video_link,
                        "reschedules": 0,
                        "uid": f"{uuid.uuid4()}@coffeechat",
                        "created_at": now,
                        "updated_at": now,
                    },
                )
            if offered is not None:
                store.set_proposal_status(conn, self.owner_id, offered.id, "confirmed")
            conversation = next(
                c
                for c in store.conversations_for(conn, self.owner_id, cid)
                if c.id == conversation_id
            )
            invite = self._write_invite(contact, owner.name, owner.email, conversation, ics, now)
        confirm_on = confirm_day(start, zone)
        warnings = []
        if not contact.emails:
            warnings.append(
                f"{contact.name} has no e-mail, so the invite is a plain calendar event "
                f"without attendees: add one with `coffeechat contact edit {cid} --email ...`"
            )
        if not owner.email:
            warnings.append(
                "you have no e-mail in your settings, so the invite has no organizer: "
                "`coffeechat settings set email you@example.com`"
            )
        return Confirmation(
            contact=self.show_contact(str(cid)).contact,
            conversation=conversation,
            user_zone=owner.timezone,
            invite=invite,
            rescheduled=moving is not None,
            confirm_on=confirm_on,
            warnings=warnings,
        )

    def _pick(
        self, offered: ProposalRow | None, number: int, contact: Contact, now: dt.datetime
    ) -> OptionRow:
        if offered is None or not offered.options:
            raise NothingToConfirm(
                f"no times are on offer to {contact.name}: first run "
                f"`coffeechat schedule propose {contact.id}` (or confirm with --at TIME)"
            )
        found = [o for o in offered.options if o.number == number]
        if not found:
            raise InvalidValue(
                "option", number, f"must be between 1 and {len(offered.options)}", "1"
            )
        if found[0].end <= now:
            raise NothingToConfirm(
                f"option {number} has passed: offer new times with "
                f"`coffeechat schedule propose {contact.id}`"
            )
        return found[0]

    def invite(self, ref: str) -> Invite | None:
        """The invite of the contact's scheduled conversation still ahead, as ``schedule
        confirm`` wrote it (None when nothing is scheduled): the same bytes, its DTSTAMP
        the instant of the last confirmation, so a calendar sees the same invite again.
        For the web UI's download; the CLI has the file already."""
        now = self.now()
        with self.reading() as conn:
            cid = self._resolve_contact(conn, ref)
            contact = contact_store.get_contact(conn, self.owner_id, cid)
            assert contact is not None
            owner = users.get_settings(conn, self.owner_id)
            upcoming = self._upcoming(conn, cid, now)
        if upcoming is None:
            return None
        data = self._invite_data(contact, owner.name, owner.email, upcoming, upcoming.updated_at)
        return Invite(_invite_path(self.folder, contact, upcoming).name, data, upcoming)

    def _invite_data(
        self,
        contact: Contact,
        owner_name: str,
        owner_email: str | None,
        conversation: ConversationRow,
        now: dt.datetime,
    ) -> bytes:
        """The iCalendar REQUEST of a scheduled conversation (DTSTAMP ``now``)."""
        from coffeechat.formats.invite import write_invite

        assert conversation.start is not None and conversation.end is not None
        minutes = int((conversation.end - conversation.start).total_seconds() // 60)
        link = conversation.link
        return write_invite(
            uid=conversation.uid,
            start=conversation.start,
            end=conversation.end,
            zone=conversation.zone,
            summary=f"Coffee chat: {owner_name} and {contact.name}",
            description=(
                f"An informational conversation of {minutes} minutes"
                + (f" about {contact.company}" if contact.company else "")
                + f". {conversation.place or ''}".rstrip()
                + (f"\nJoin: {link}" if link else "")
            ),
            location=link or conversation.place,
            url=link,
            organizer=(owner_name, owner_email),
            attendee=(contact.name, contact.emails[0] if contact.emails else None),
            now=now,
            sequence=conversation.reschedules,
            alarm_minutes=ALARM_MINUTES,
        )

    def _write_invite(
        self,
        contact: Contact,
        owner_name: str,
        owner_email: str | None,
        conversation: ConversationRow,
        ics: str | Path | None,
        now: dt.datetime,
    ) -> Path:
        from coffeechat.formats import files
        from coffeechat.store.privacy import FILE_MODE, make_folder

        data = self._invite_data(contact, owner_name, owner_email, conversation, now)
        if ics is None:
            path = _invite_path(self.folder, contact, conversation)
            try:
                make_folder(path.parent)
            except OSError as error:
                problem = f"cannot be made ({error.strerror})"
                raise files.FileTrouble(str(path.parent), problem) from None
        else:
            path = Path(ics).expanduser()
        # An invite kept in the workspace folder is private like the rest of it.
        files.write_bytes(path, data, FILE_MODE if ics is None else None)
        return path


def _invite_path(home: Path, contact: Contact, conversation: ConversationRow) -> Path:
    """Where ``schedule confirm`` keeps an invite in the workspace: invites/DAY-NAME.ics,
    the day in the conversation's zone."""
    assert conversation.start is not None
    local = conversation.start.astimezone(zoneinfo.ZoneInfo(conversation.zone))
    slug = re.sub(r"[^a-z0-9]+", "-", contact.name.lower()).strip("-") or "contact"
    return home / "invites" / f"{local:%Y-%m-%d}-{slug}.ics"


def _whole_day(conversation: ConversationRow) -> list[Interval]:
    """The contact's whole local day of a conversation being moved: it was moved because
    that day no longer works, so no new option falls on it."""
    from coffeechat.core.scheduling import Interval

    assert conversation.start is not None
    tz = zoneinfo.ZoneInfo(conversation.zone)
    day = conversation.start.astimezone(tz).date()
    start = dt.datetime.combine(day, dt.time(0), tz)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tz)
    return [Interval(start.astimezone(dt.UTC), end.astimezone(dt.UTC))]


def _minutes(conversation: ConversationRow) -> int:
    if conversation.start is None or conversation.end is None:
        return 30
    return int((conversation.end - conversation.start).total_seconds() // 60)


def _local(instant: dt.datetime, zone: str, fmt: str = "%a %d %b %H:%M") -> str:
    return instant.astimezone(zoneinfo.ZoneInfo(zone)).strftime(fmt)


def _example_at(now: dt.datetime, zone: str) -> str:
    return (
        (now + dt.timedelta(days=2)).astimezone(zoneinfo.ZoneInfo(zone)).strftime("%Y-%m-%dT12:30")
    )


def _as_source(text: str) -> str:
    try:
        return parse_source(text).text
    except InvalidValue:
        return text
