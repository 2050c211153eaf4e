"""The conversation: notes taken during the chat, takeaways, promises, introductions
offered, the interactive chat's saving, and the recap."""

from __future__ import annotations

import datetime as dt
import uuid
import zoneinfo
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from sqlalchemy import Connection

from coffeechat.core import limits, validate
from coffeechat.core.errors import CoffeechatError, InvalidValue, WorkspaceBusy, quoted
from coffeechat.core.model import Contact, Event, EventKind, HowMet
from coffeechat.service.guides import (
    DEFAULT_MINUTES,
    GuidesMixin,
    _length,
    current_conversation,
)
from coffeechat.store import contacts as contact_store
from coffeechat.store import conversations as store
from coffeechat.store import events as event_store
from coffeechat.store import scheduling as scheduling_store
from coffeechat.store import search as search_store
from coffeechat.store import users
from coffeechat.store.conversations import NoteRow
from coffeechat.store.scheduling import ConversationRow

if TYPE_CHECKING:
    from coffeechat.core.guides import Guide, Plan
    from coffeechat.core.recap import Recap

__all__ = ["ChatSession", "ConversationsMixin", "NoteRow"]

#: A chat reopened within this time resumes its clock; later, the clock starts again.
RESUME_WINDOW = dt.timedelta(hours=12)

#: When the introducer is asked for an introduction they offered: the day after.
ASK_FOR_INTRODUCTION_DAYS = 1


class UnknownConversation(CoffeechatError):
    """The conversation id given is not one of this contact's."""

    def __init__(self, ref: int, name: str, ids: list[int]) -> None:
        known = ", ".join(str(i) for i in ids) or "none yet"
        super().__init__(
            f"conversation: {name} has no conversation {ref} (theirs: {known}); "
            f"see `coffeechat contact show {name.split()[0].lower()}`"
        )


@dataclass
class ChatSession:
    """An interactive chat, opened or resumed."""

    contact: Contact
    conversation_id: int
    plan: Plan
    started_at: dt.datetime
    now: dt.datetime
    notes: list[NoteRow] = field(default_factory=list)
    skipped: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Written:
    """Something written on a conversation: what it was attached to."""

    contact: Contact
    conversation_id: int
    id: int
    started: bool  # a conversation was started for it


@dataclass(frozen=True)
class TopicText:
    """What is written under one topic, and when it last changed."""

    text: str
    updated_at: dt.datetime


@dataclass(frozen=True)
class TopicNotes:
    """The notes of a contact's current conversation, one text per topic key."""

    contact: Contact
    conversation_id: int | None  # None: no conversation yet
    topics: dict[str, TopicText]


@dataclass(frozen=True)
class TopicNoteSaved:
    """A topic's note set to a text: where, its id (None: none left), and what changed:
    "added", "edited", "removed" or "unchanged"."""

    contact: Contact
    conversation_id: int | None
    topic: str
    id: int | None
    outcome: str
    started: bool  # a conversation was started for it


@dataclass(frozen=True)
class IntroductionMade:
    """An introduction offered: the introducer, the person, and when to ask for it."""

    introducer: Contact
    person: Contact
    created: bool  # the person was new (else an existing contact was linked)
    introduction_id: int
    conversation_id: int
    ask_on: dt.date


@dataclass(frozen=True)
class RecapResult:
    """A recap written: the document's content and what writing it changed."""

    recap: Recap
    contact: Contact
    conversation_id: int
    first: bool  # this was the first recap of the conversation (the stage moved)
    findings: list[object] = field(default_factory=list)


class ConversationsMixin(GuidesMixin):
    """Notes, takeaways, promises, introductions, the chat and the recap."""

    # --- which conversation ------------------------------------------------------------

    def _conversation(
        self, conn: Connection, contact: Contact, ref: int | None, *, start: bool
    ) -> tuple[ConversationRow | None, bool]:
        """The conversation to write on: ``ref``, else the current one, else (with
        ``start``) a new one. Returns it and whether it was started now."""
        conversations = scheduling_store.conversations_for(conn, self.owner_id, contact.id)
        if ref is not None:
            for c in conversations:
                if c.id == ref:
                    return c, False
            raise UnknownConversation(ref, contact.name, [c.id for c in conversations])
        current = current_conversation(conversations, self.now())
        if current is not None or not start:
            return current, False
        zone = contact.timezone or users.get_settings(conn, self.owner_id).timezone
        now = self.now()
        new_id = scheduling_store.add_conversation(
            conn,
            self.owner_id,
            {
                "contact_id": contact.id,
                "status": "open",
                "zone": zone,
                "reschedules": 0,
                "uid": f"{uuid.uuid4()}@coffeechat",
                "created_at": now,
                "updated_at": now,
            },
        )
        row = scheduling_store.get_conversation(conn, self.owner_id, new_id)
        assert row is not None
        return row, True

    def _contact(self, conn: Connection, ref: str) -> Contact:
        cid = self._resolve_contact(conn, ref)
        contact = contact_store.get_contact(conn, self.owner_id, cid)
        assert contact is not None
        return contact

    def _guide_of(self, conn: Connection, contact: Contact, row: ConversationRow) -> Guide:
        return self._tailored(conn, contact, row.guide, stored=True)

    # --- writing during and after the chat ---------------------------------------------

    def add_note(
        self,
        ref: str,
        text: str,
        topic: str | None = None,
        conversation: int | None = None,
        guide: str | None = None,
    ) -> Written:
        """A note on the contact's current conversation, under a topic of its guide (or
        ``reflection``, or none)."""
        cleaned = _text(text, "note", "Started in QA, moved to data after a bootcamp")
        with self.writing() as conn:
            contact = self._contact(conn, ref)
            row, started = self._conversation(conn, contact, conversation, start=True)
            assert row is not None
            if guide:
                chosen = self._tailored(conn, contact, guide)
                scheduling_store.update_conversation(
                    conn, self.owner_id, row.id, {"guide": chosen.name}
                )
                row = scheduling_store.get_conversation(conn, self.owner_id, row.id) or row
            key = self._topic(conn, contact, row, topic)
            note_id = store.add_note(
                conn, self.owner_id, row.id, contact.id, key, cleaned, self.now()
            )
            self._index_chat_note(conn, contact.name, note_id, key, cleaned)
            shown = self._staged_contact(conn, contact.id, replace(contact))
        return Written(shown, row.id, note_id, started)

    def topic_notes(self, ref: str) -> TopicNotes:
        """What is written under each topic of the contact's current conversation (the
        one notes attach to), as one text per topic: the notes taken line by line by
        ``coffeechat chat`` joined by line breaks, and when the topic last changed."""
        with self.reading() as conn:
            contact = self._contact(conn, ref)
            row, _ = self._conversation(conn, contact, None, start=False)
            notes = store.notes_for(conn, self.owner_id, row.id) if row is not None else []
        texts: dict[str, list[str]] = {}
        changed: dict[str, dt.datetime] = {}
        for n in notes:
            if n.topic is None:
                continue
            texts.setdefault(n.topic, []).append(n.text)
            changed[n.topic] = max(changed.get(n.topic, n.updated_at), n.updated_at)
        return TopicNotes(
            contact,
            row.id if row is not None else None,
            {key: TopicText("\n".join(lines), changed[key]) for key, lines in texts.items()},
        )

    def set_topic_note(
        self, ref: str, topic: str, text: str, conversation: int | None = None
    ) -> TopicNoteSaved:
        """The note of a topic becomes ``text``, whole: the web's chat page sends a
        topic's full text as it is typed, so saving the same text twice changes nothing
        and a later text replaces an earlier one (never appended). Several notes under
        the topic (taken line by line by ``coffeechat chat``) become this one; an empty
        text removes the topic's note."""
        cleaned = validate.text(text or "", "note", limits.NOTE) or ""
        if not topic or not topic.strip():
            raise InvalidValue("topic", topic, "give a topic of the guide", "journey")
        with self.writing() as conn:
            contact = self._contact(conn, ref)
            current, _ = self._conversation(conn, contact, conversation, start=False)
            if current is None and not cleaned:  # nothing to remove, nothing to start
                key = _topic_key(self._tailored(conn, contact, None), topic)
                return TopicNoteSaved(contact, None, key, None, "unchanged", False)
            # a topic the guide lacks raises below: the transaction, and with it a
            # conversation started for the note, is rolled back
            row, started = self._conversation(conn, contact, conversation, start=True)
            assert row is not None
            key = _topic_key(self._guide_of(conn, contact, row), topic)
            under = [n for n in store.notes_for(conn, self.owner_id, row.id) if n.topic == key]
            now = self.now()
            if not cleaned:
                for n in under:
                    store.delete_note(conn, self.owner_id, row.id, n.id)
                    search_store.unindex(conn, self.owner_id, store.CHAT_NOTE, n.id)
                outcome, note_id = ("removed" if under else "unchanged"), None
            elif not under:
                note_id = store.add_note(conn, self.owner_id, row.id, contact.id, key, cleaned, now)
                self._index_chat_note(conn, contact.name, note_id, key, cleaned)
                outcome = "added"
            else:
                first, *rest = under
                note_id = first.id
                for n in rest:
                    store.delete_note(conn, self.owner_id, row.id, n.id)
                    search_store.unindex(conn, self.owner_id, store.CHAT_NOTE, n.id)
                if first.text == cleaned and not rest:
                    outcome = "unchanged"
                else:
                    store.update_note(conn, self.owner_id, row.id, first.id, cleaned, now)
                    self._index_chat_note(conn, contact.name, first.id, key, cleaned)
                    outcome = "edited"
            shown = self._staged_contact(conn, contact.id)
        return TopicNoteSaved(shown, row.id, key, note_id, outcome, started)

    def _topic(
        self, conn: Connection, contact: Contact, row: ConversationRow, topic: str | None
    ) -> str | None:
        if topic is None or not topic.strip():
            return None
        return _topic_key(self._guide_of(conn, contact, row), topic)

    def add_takeaway(
        self, ref: str, kind: str, text: str, conversation: int | None = None
    ) -> Written:
        """A takeaway of a kind (insight, mentor, introduction, path, resource, advice)."""
        from coffeechat.core.recap import TakeawayKind

        chosen = validate.choice(TakeawayKind, kind, "kind")
        cleaned = _text(text, "takeaway", "Data teams there hire from support roles", limits.TEXT)
        with self.writing() as conn:
            contact = self._contact(conn, ref)
            row, started = self._conversation(conn, contact, conversation, start=True)
            assert row is not None
            tid = store.add_takeaway(
                conn, self.owner_id, row.id, contact.id, chosen.value, cleaned, self.now()
            )
            self._index_written(conn, contact.name, "takeaway", tid, chosen.value, cleaned)
            shown = self._staged_contact(conn, contact.id)
        return Written(shown, row.id, tid, started)

    def add_promise(
        self,
        ref: str,
        by: str,
        text: str,
        due: str | None = None,
        conversation: int | None = None,
    ) -> Written:
        """A promise by the user (``me``) or the contact (``them``), with its due date."""
        from coffeechat.core.recap import PromiseBy

        who = validate.choice(PromiseBy, by, "by")
        cleaned = _text(text, "promise", "Send my portfolio link", limits.TEXT)
        when = validate.date(due, "due") if due and due.strip() else None
        with self.writing() as conn:
            contact = self._contact(conn, ref)
            row, started = self._conversation(conn, contact, conversation, start=True)
            assert row is not None
            pid = store.add_promise(
                conn,
                self.owner_id,
                row.id,
                contact.id,
                {"by": who.value, "text": cleaned, "due": when, "created_at": self.now()},
            )
            self._index_written(conn, contact.name, "promise", pid, who.value, cleaned)
            shown = self._staged_contact(conn, contact.id)
        return Written(shown, row.id, pid, started)

    def add_introduction(
        self,
        ref: str,
        to: str,
        company: str | None = None,
        email: str | None = None,
        conversation: int | None = None,
    ) -> IntroductionMade:
        """The contact offered to introduce the user to someone: that person becomes a
        contact introduced by them (an existing contact of exactly that name is linked
        instead of duplicated), and the introduction is owed a follow-up."""
        name = validate.name(to, "to")
        now = self.now()
        with self.writing() as conn:
            introducer = self._contact(conn, ref)
            row, _ = self._conversation(conn, introducer, conversation, start=True)
            assert row is not None
            existing = _same_name(contact_store.contact_names(conn, self.owner_id), name)
            if existing == introducer.id:
                raise InvalidValue("to", to, "a contact cannot introduce themselves", "Bob Chen")
            if existing is not None:
                self._refuse_loop(conn, introducer.id, existing)
                person_id, created = existing, False
                current = contact_store.get_contact(conn, self.owner_id, person_id)
                assert current is not None
                if current.introduced_by_id is None:
                    contact_store.update_contact(
                        conn, self.owner_id, person_id, {"introduced_by_id": introducer.id}
                    )
            else:
                raw = {"name": name, "introduced_by": str(introducer.id)}
                if company:
                    raw["company"] = company
                values, emails, _ = self._contact_values(conn, raw, creating=True, current=None)
                if email and email.strip():
                    emails = [validate.email(email)]
                values["how_met"] = HowMet.INTRODUCED.value
                person_id = contact_store.insert_contact(
                    conn, self.owner_id, values, emails or [], [], now
                )
                self._index_contact(conn, person_id)
                created = True
            intro_id = store.add_introduction(
                conn,
                self.owner_id,
                {
                    "from_id": introducer.id,
                    "to_id": person_id,
                    "conversation_id": row.id,
                    "status": "offered",
                    "created_at": now,
                    "updated_at": now,
                },
            )
            zone = introducer.timezone or users.get_settings(conn, self.owner_id).timezone
        ask_on = now.astimezone(zoneinfo.ZoneInfo(zone)).date() + dt.timedelta(
            days=ASK_FOR_INTRODUCTION_DAYS
        )
        person = self.show_contact(str(person_id)).contact
        return IntroductionMade(
            self.show_contact(str(introducer.id)).contact,
            person,
            created,
            intro_id,
            row.id,
            ask_on,
        )

    def skip_topic(
        self, ref: str, topic: str, conversation: int | None = None, skipped: bool = True
    ) -> Written:
        """Mark a topic of the conversation's guide skipped (not asked), or not."""
        with self.writing() as conn:
            contact = self._contact(conn, ref)
            row, started = self._conversation(conn, contact, conversation, start=True)
            assert row is not None
            key = self._topic(conn, contact, row, topic)
            if key is None or key == "reflection":
                raise InvalidValue("topic", topic, "give a topic of the guide", "team")
            keys = [k for k in row.skipped if k != key] + ([key] if skipped else [])
            scheduling_store.update_conversation(
                conn, self.owner_id, row.id, {"skipped": " ".join(keys)}
            )
            shown = self._staged_contact(conn, contact.id)
        return Written(shown, row.id, 0, started)

    # --- the interactive chat ----------------------------------------------------------

    def start_chat(
        self,
        ref: str,
        *,
        conversation: int | None = None,
        minutes: int | None = None,
        guide: str | None = None,
    ) -> ChatSession:
        """Open (or resume) the chat: the fitted guide, when it began, what is written."""
        from coffeechat.core.guides import fit

        now = self.now()

        def start(conn: Connection) -> tuple[Contact, ConversationRow, Plan, list[NoteRow]]:
            contact = self._contact(conn, ref)
            row, _ = self._conversation(conn, contact, conversation, start=True)
            assert row is not None
            if guide:
                tailored = self._tailored(conn, contact, guide)
            else:
                tailored = self._tailored(conn, contact, row.guide, stored=True)
            length = minutes if minutes is not None else _length(row)
            plan = fit(tailored, length)
            changes: dict[str, object] = {"guide": tailored.name, "planned_minutes": length}
            # resumed the same day: the clock goes on; much later, it is another sitting
            stale = row.started_at is not None and now - row.started_at > RESUME_WINDOW
            if row.started_at is None or stale:
                changes["started_at"] = now
                row = replace(row, started_at=now)
            scheduling_store.update_conversation(conn, self.owner_id, row.id, changes)
            return contact, row, plan, store.notes_for(conn, self.owner_id, row.id)

        contact, row, plan, notes = self.write_patiently(start)
        return ChatSession(
            contact=self.show_contact(str(contact.id)).contact,
            conversation_id=row.id,
            plan=plan,
            started_at=row.started_at or now,
            now=now,
            notes=notes,
            skipped=set(row.skipped),
        )

    def _chat_row(self, conn: Connection, conversation_id: int) -> ConversationRow:
        row = scheduling_store.get_conversation(conn, self.owner_id, conversation_id)
        if row is None:
            raise InvalidValue("conversation", conversation_id, "no such conversation", "1")
        return row

    def save_note(
        self, conversation_id: int, topic: str | None, text: str, note_id: int | None = None
    ) -> int:
        """Save a note as it is typed: insert (``note_id`` None) or update its text.
        Each call is its own transaction, so what was typed survives a crash; one that
        finds the workspace locked by another command waits and tries again
        (``write_patiently``), and says what was not saved if it never gets its turn."""
        validate.text(text, "note", limits.NOTE)

        def save(conn: Connection) -> int:
            row = self._chat_row(conn, conversation_id)
            contact = contact_store.get_contact(conn, self.owner_id, row.contact_id)
            assert contact is not None
            saved = note_id
            if saved is None or not store.update_note(
                conn, self.owner_id, row.id, saved, text, self.now()
            ):
                saved = store.add_note(
                    conn, self.owner_id, row.id, row.contact_id, topic, text, self.now()
                )
            self._index_chat_note(conn, contact.name, saved, topic, text)
            return saved

        try:
            return self.write_patiently(save)
        except WorkspaceBusy as busy:
            raise WorkspaceBusy(busy.waited, _unsaved(f"the note {quoted(text)}")) from None

    def delete_note(self, conversation_id: int, note_id: int) -> None:
        """Remove a note (an emptied line)."""

        def delete(conn: Connection) -> None:
            if store.delete_note(conn, self.owner_id, conversation_id, note_id):
                search_store.unindex(conn, self.owner_id, store.CHAT_NOTE, note_id)

        try:
            self.write_patiently(delete)
        except WorkspaceBusy as busy:
            raise WorkspaceBusy(busy.waited, _unsaved("the emptied line")) from None

    def set_skipped(self, conversation_id: int, key: str, skipped: bool) -> None:
        """Mark a topic skipped (or not) in a conversation."""

        def mark(conn: Connection) -> None:
            row = self._chat_row(conn, conversation_id)
            keys = [k for k in row.skipped if k != key] + ([key] if skipped else [])
            scheduling_store.update_conversation(
                conn, self.owner_id, row.id, {"skipped": " ".join(keys)}
            )

        try:
            self.write_patiently(mark)
        except WorkspaceBusy as busy:
            what = f"{key} {'skipped' if skipped else 'brought back'}"
            raise WorkspaceBusy(busy.waited, _unsaved(what)) from None

    def finish_chat(self, conversation_id: int) -> Contact:
        """The chat took place: log the meeting (the contact is then `met-up`)."""

        def finish(conn: Connection) -> int:
            row = self._chat_row(conn, conversation_id)
            zone = users.get_settings(conn, self.owner_id).timezone
            now = self.now()
            at = (
                row.start if row.start is not None and row.start <= now else (row.started_at or now)
            )
            event_store.add_event(
                conn, self.owner_id, row.contact_id, EventKind.MEETING, at, zone, now,
                value=str(row.id),
            )  # fmt: skip
            self._held(conn, row, at, now)
            return row.contact_id

        try:
            contact_id = self.write_patiently(finish)
        except WorkspaceBusy as busy:
            what = "the meeting was not logged (every note is saved; finish again with /end)"
            raise WorkspaceBusy(busy.waited, what) from None
        return self.show_contact(str(contact_id)).contact

    def _held(
        self,
        conn: Connection,
        row: ConversationRow,
        at: dt.datetime,
        now: dt.datetime,
        minutes: int | None = None,
        fmt: str | None = None,
    ) -> None:
        """Mark a conversation as held at ``at`` (its length from the chat when known, or
        ``minutes`` when given; ``fmt``: how it was held)."""
        values: dict[str, object] = {"status": "held", "updated_at": now}
        start = row.start
        if row.start is None or row.start > now:
            values["start"] = start = at
            end = now if row.started_at and now > at else at + dt.timedelta(minutes=_length(row))
            values["end"] = end
        if minutes is not None and start is not None:
            values["end"] = start + dt.timedelta(minutes=minutes)
        if fmt is not None:
            values["format"] = fmt
        scheduling_store.update_conversation(conn, self.owner_id, row.id, values)

    def _logged(
        self,
        conn: Connection,
        contact_id: int,
        event: Event,
        minutes: int | None = None,
        fmt: str | None = None,
    ) -> int | None:
        """A meeting logged in the past holds the contact's current conversation (or one
        made for it, dated when it was recorded); returns that conversation's id."""
        now = event.recorded_at or self.now()
        if event.kind is not EventKind.MEETING or event.at > now:
            return None
        conversations = scheduling_store.conversations_for(conn, self.owner_id, contact_id)
        current = current_conversation(conversations, now)
        if current is not None and current.status in ("scheduled", "open"):
            self._held(conn, current, event.at, now, minutes, fmt)
            return current.id
        # a meeting with no conversation on record: it is one, held then
        return scheduling_store.add_conversation(
            conn,
            self.owner_id,
            {
                "contact_id": contact_id,
                "status": "held",
                "start": event.at,
                "end": event.at + dt.timedelta(minutes=minutes or DEFAULT_MINUTES),
                "zone": event.zone,
                "format": fmt,
                "reschedules": 0,
                "uid": f"{uuid.uuid4()}@coffeechat",
                "created_at": now,
                "updated_at": now,
            },
        )


def _topic_key(guide: Guide, topic: str) -> str:
    """A topic key of ``guide`` (or ``reflection``), or InvalidValue."""
    from coffeechat.core.recap import REFLECTION_TOPIC

    key = topic.strip().lower()
    if key == REFLECTION_TOPIC:
        return key
    keys = [q.key for q in guide.questions]
    if key not in keys:
        raise InvalidValue(
            "topic",
            topic,
            f"is not a topic of the {guide.name!r} guide ({', '.join(keys)}, or "
            f"{REFLECTION_TOPIC}); another guide: --guide NAME",
            keys[0],
        )
    return key


def _unsaved(what: str) -> str:
    return f"{what} was not saved, nor anything typed after it"


def _text(text: str, field_name: str, example: str, limit: int = limits.NOTE) -> str:
    cleaned = validate.text(text or "", field_name, limit)
    if not cleaned:
        raise InvalidValue(field_name, text, "is empty", example)
    return cleaned


def _same_name(candidates: list[tuple[int, str]], name: str) -> int | None:
    """The contact with exactly this name (case and spacing aside), if there is one."""
    key = " ".join(name.split()).casefold()
    for cid, other in candidates:
        if " ".join(other.split()).casefold() == key:
            return cid
    return None
