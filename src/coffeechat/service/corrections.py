"""Fixing mistakes: list, edit, move and remove what was written about a contact (notes,
takeaways, promises, introductions) and the entries of its timeline.

Every record is named by its database id: stable (it never changes when another record
is added or removed) and the same scheme for every kind; the list commands show them.
Stages, follow-ups and stats are derived from these rows, so they follow every change;
the stage cache's triggers drop a contact's cached stage when its events or
conversations change. Removing a meeting also undoes what logging it did to its
conversation (see ``_unhold``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from coffeechat.core import limits, validate
from coffeechat.core.errors import InvalidValue, UnknownRecord
from coffeechat.core.model import Contact, Event, EventKind
from coffeechat.service.conversations import ConversationsMixin, _text
from coffeechat.store import contacts as contact_store
from coffeechat.store import conversations as store
from coffeechat.store import events as event_store
from coffeechat.store import scheduling as scheduling_store
from coffeechat.store import search as search_store
from coffeechat.store.conversations import (
    CHAT_NOTE,
    IntroductionRow,
    NoteRow,
    PromiseRow,
    TakeawayRow,
)
from coffeechat.store.scheduling import ConversationRow

#: ``note edit|move --topic none``: the note stands on its own, under no topic.
NO_TOPIC = "none"


@dataclass(frozen=True)
class Notes:
    """A contact's notes, in the order written."""

    contact: Contact
    notes: list[NoteRow]


@dataclass(frozen=True)
class Timeline:
    """A contact's timeline, oldest first, each entry with its id."""

    contact: Contact
    events: list[Event]


@dataclass(frozen=True)
class Corrected:
    """A record changed or removed: what it was, what it is (None: removed), and the
    contact as it stands afterwards (its stage follows)."""

    kind: str  # note, takeaway, promise, introduction, event
    id: int
    before: Any  # the row: NoteRow, TakeawayRow, PromiseRow, IntroductionRow or Event
    after: Any
    contact: Contact
    #: what else changed, in words (a conversation no longer held, a link undone)
    also: tuple[str, ...] = ()


class CorrectionsMixin(ConversationsMixin):
    """Listing, editing and removing notes, takeaways, promises, introductions and
    timeline entries."""

    # --- lists ---------------------------------------------------------------------------

    def list_notes(self, ref: str) -> Notes:
        """Every conversation note of a contact (topic, text, when), oldest first."""
        with self.reading() as conn:
            cid = self._resolve_contact(conn, ref)
            notes = store.notes_of_contact(conn, self.owner_id, cid)
        return Notes(self.show_contact(str(cid)).contact, notes)

    def list_events(self, ref: str) -> Timeline:
        """A contact's timeline with the ids ``remove_event`` takes."""
        detail = self.show_contact(ref)
        return Timeline(detail.contact, detail.timeline)

    # --- notes ---------------------------------------------------------------------------

    def note(self, note_id: int) -> NoteRow:
        """One note by id (UnknownRecord when there is none)."""
        with self.reading() as conn:
            found = store.get_note(conn, self.owner_id, note_id)
        if found is None:
            raise UnknownRecord("note", note_id, "note list")
        return found[0]

    def edit_note(
        self, note_id: int, text: str | None = None, topic: str | None = None
    ) -> Corrected:
        """Change a note's text, its topic (a key or the number of a question of the
        conversation's guide, ``reflection``, or ``none``), or both."""
        if text is None and topic is None:
            raise InvalidValue("note", "", "give the new text or --topic", "--topic journey")
        cleaned = _text(text, "note", "Moved to data in 2019") if text is not None else None
        with self.writing() as conn:
            found = store.get_note(conn, self.owner_id, note_id)
            if found is None:
                raise UnknownRecord("note", note_id, "note list")
            before, contact_id = found
            contact = contact_store.get_contact(conn, self.owner_id, contact_id)
            assert contact is not None
            values: dict[str, object] = {"updated_at": self.now()}
            key = before.topic
            if topic is not None:
                row = scheduling_store.get_conversation(conn, self.owner_id, before.conversation_id)
                assert row is not None
                key = self._topic_or_number(conn, contact, row, topic)
                values["topic"] = key
            if cleaned is not None:
                values["text"] = cleaned
            store.change_note(conn, self.owner_id, note_id, values)
            after = before._replace(topic=key, text=cleaned if cleaned is not None else before.text)
            self._index_chat_note(conn, contact.name, note_id, after.topic, after.text)
        return self._corrected("note", note_id, before, after, contact_id)

    def _topic_or_number(
        self, conn: Connection, contact: Contact, row: ConversationRow, topic: str
    ) -> str | None:
        """A topic key of the guide, or the number of its question (1 for the first)."""
        wanted = topic.strip().lower()
        if wanted == NO_TOPIC:
            return None
        if wanted.isdigit():
            keys = [q.key for q in self._guide_of(conn, contact, row).questions]
            number = int(wanted)
            if not 1 <= number <= len(keys):
                raise InvalidValue(
                    "topic", topic, f"the guide has questions 1 to {len(keys)}", keys[0]
                )
            return keys[number - 1]
        key = self._topic(conn, contact, row, topic)
        if key is None:
            raise InvalidValue("topic", topic, f"give a topic key, or {NO_TOPIC}", "journey")
        return key

    def remove_note(self, note_id: int) -> Corrected:
        """Delete a note (and its entry in the search index)."""
        with self.writing() as conn:
            found = store.get_note(conn, self.owner_id, note_id)
            if found is None:
                raise UnknownRecord("note", note_id, "note list")
            before, contact_id = found
            store.remove_row(conn, self.owner_id, "note", note_id)
            search_store.unindex(conn, self.owner_id, CHAT_NOTE, note_id)
        return self._corrected("note", note_id, before, None, contact_id)

    # --- takeaways -----------------------------------------------------------------------

    def edit_takeaway(
        self, takeaway_id: int, text: str | None = None, kind: str | None = None
    ) -> Corrected:
        """Change a takeaway's text, its kind, or both."""
        from coffeechat.core.recap import TakeawayKind

        if text is None and kind is None:
            raise InvalidValue("takeaway", "", "give the new text or --kind", "--kind advice")
        cleaned = (
            _text(text, "takeaway", "Data teams there hire from support roles", limits.TEXT)
            if text is not None
            else None
        )
        chosen = validate.choice(TakeawayKind, kind, "kind").value if kind is not None else None
        with self.writing() as conn:
            found = store.get_takeaway(conn, self.owner_id, takeaway_id)
            if found is None:
                raise UnknownRecord("takeaway", takeaway_id, "takeaway list")
            before, contact_id = found
            values: dict[str, Any] = {
                k: v for k, v in (("text", cleaned), ("kind", chosen)) if v is not None
            }
            store.change_takeaway(conn, self.owner_id, takeaway_id, values)
            after = before._replace(**values)
            self._reindex_written(conn, contact_id, "takeaway", takeaway_id, after.kind, after.text)
        return self._corrected("takeaway", takeaway_id, before, after, contact_id)

    def _reindex_written(
        self, conn: Connection, contact_id: int, kind: str, ref_id: int, detail: str, text: str
    ) -> None:
        """Search finds a takeaway or a promise as it now reads."""
        person = contact_store.get_contact(conn, self.owner_id, contact_id)
        assert person is not None
        self._index_written(conn, person.name, kind, ref_id, detail, text)

    def remove_takeaway(self, takeaway_id: int) -> Corrected:
        """Delete a takeaway."""
        with self.writing() as conn:
            found = store.get_takeaway(conn, self.owner_id, takeaway_id)
            if found is None:
                raise UnknownRecord("takeaway", takeaway_id, "takeaway list")
            before, contact_id = found
            store.remove_row(conn, self.owner_id, "takeaway", takeaway_id)
            search_store.unindex(conn, self.owner_id, "takeaway", takeaway_id)
        return self._corrected("takeaway", takeaway_id, before, None, contact_id)

    def list_takeaways(self, ref: str) -> tuple[Contact, list[TakeawayRow]]:
        """Every takeaway of a contact, oldest first."""
        with self.reading() as conn:
            cid = self._resolve_contact(conn, ref)
            rows = store.takeaways_of_contact(conn, self.owner_id, cid)
        return self.show_contact(str(cid)).contact, rows

    # --- promises ------------------------------------------------------------------------

    def edit_promise(
        self, promise_id: int, text: str | None = None, due: str | None = None
    ) -> Corrected:
        """Change a promise's text, its due date (``none`` takes the date away), or both.
        A date on one of your promises makes it a follow-up on that day."""
        if text is None and due is None:
            raise InvalidValue("promise", "", "give the new text or --due", "--due 2026-12-04")
        values: dict[str, Any] = {}
        if text is not None:
            values["text"] = _text(text, "promise", "Send my portfolio link", limits.TEXT)
        if due is not None:
            undated = due.strip().lower() in ("", NO_TOPIC)
            values["due"] = None if undated else validate.date(due, "due")
        with self.writing() as conn:
            before = store.get_promise(conn, self.owner_id, promise_id)
            if before is None:
                raise UnknownRecord("promise", promise_id, "promise list")
            store.change_promise(conn, self.owner_id, promise_id, values)
            after = before._replace(**values)
            self._reindex_written(
                conn, after.contact_id, "promise", promise_id, after.by, after.text
            )
        return self._corrected("promise", promise_id, before, after, before.contact_id)

    def remove_promise(self, promise_id: int) -> Corrected:
        """Delete a promise (its follow-up goes with it)."""
        with self.writing() as conn:
            before = store.get_promise(conn, self.owner_id, promise_id)
            if before is None:
                raise UnknownRecord("promise", promise_id, "promise list")
            store.remove_row(conn, self.owner_id, "promise", promise_id)
            search_store.unindex(conn, self.owner_id, "promise", promise_id)
        return self._corrected("promise", promise_id, before, None, before.contact_id)

    def list_promises(self, ref: str) -> tuple[Contact, list[PromiseRow]]:
        """Every promise made with a contact, by either side, oldest first."""
        with self.reading() as conn:
            cid = self._resolve_contact(conn, ref)
            rows = store.all_promises(conn, self.owner_id, [cid])
        return self.show_contact(str(cid)).contact, rows

    # --- introductions -------------------------------------------------------------------

    def remove_introduction(self, intro_id: int) -> Corrected:
        """Delete an offered introduction (and its follow-up). The person stays a contact;
        their "introduced by" goes when no other introduction from that contact remains."""
        also: list[str] = []
        with self.writing() as conn:
            before = store.get_introduction(conn, self.owner_id, intro_id)
            if before is None:
                raise UnknownRecord("introduction", intro_id, "intro list")
            store.remove_row(conn, self.owner_id, "introduction", intro_id)
            person = contact_store.get_contact(conn, self.owner_id, before.to_id)
            assert person is not None
            others = store.introductions_to(conn, self.owner_id, before.to_id)
            if person.introduced_by_id == before.from_id and not any(
                i.from_id == before.from_id for i in others
            ):
                # another introducer's offer still stands: they introduce the person now
                newer = others[-1].from_id if others else None
                contact_store.update_contact(
                    conn, self.owner_id, person.id, {"introduced_by_id": newer}
                )
            also.append(
                f"{person.name} stays a contact (remove them with "
                f"`coffeechat contact remove {person.id}`)"
            )
        return self._corrected("introduction", intro_id, before, None, before.from_id, also)

    def list_introductions(self, ref: str) -> tuple[Contact, list[IntroductionRow]]:
        """The introductions a contact offered, oldest first."""
        with self.reading() as conn:
            cid = self._resolve_contact(conn, ref)
            rows = store.introductions(conn, self.owner_id, from_id=cid)
        return self.show_contact(str(cid)).contact, rows

    # --- the timeline --------------------------------------------------------------------

    def edit_event(
        self, event_id: int, note: str | None = None, at: str | None = None
    ) -> Corrected:
        """Correct one entry of a timeline: its note ("" clears it), or when it happened
        (ISO 8601; without an offset, in your zone). A meeting's time follows its
        conversation and a stage set by hand is a choice, not a fact: their time is not
        edited here (remove the entry and log it again). The stage follows."""
        if note is None and at is None:
            raise InvalidValue("event", "", "give the new note or time", "--note 'Said yes'")
        with self.writing() as conn:
            before = event_store.get_event(conn, self.owner_id, event_id)
            if before is None:
                raise UnknownRecord("event", event_id, "log list")
            values: dict[str, Any] = {}
            if note is not None:
                values["note"] = validate.text(note, "note")
                if before.kind is EventKind.NOTE and not values["note"]:
                    raise InvalidValue("note", note, "a note needs text", "Likes Rust")
            if at is not None:
                zone = self._user_zone(conn)
                when = validate.instant(at, zone)
                if when != before.at:
                    if before.kind in (EventKind.MEETING, EventKind.STAGE):
                        raise InvalidValue(
                            "at",
                            at,
                            f"the time of a {before.kind.value} is not edited: remove it and "
                            "log it again",
                            f"coffeechat log remove {event_id}",
                        )
                    validate.not_later(when, self.local_now(conn), "at", at)
                    values["at"], values["zone"] = when, zone
            event_store.change_event(conn, self.owner_id, event_id, values)
            after = Event(
                before.id,
                before.contact_id,
                before.kind,
                values.get("at", before.at),
                values.get("zone", before.zone),
                values.get("note", before.note),
                value=before.value,
                recorded_at=before.recorded_at,
            )
            if after.note:
                contact = contact_store.get_contact(conn, self.owner_id, before.contact_id)
                assert contact is not None
                self._index_note(conn, contact.name, after)
            else:
                search_store.unindex(conn, self.owner_id, "event", event_id)
        return self._corrected("event", event_id, before, after, before.contact_id)

    def remove_event(self, event_id: int) -> Corrected:
        """Delete one entry of a timeline. A removed meeting no longer holds the
        conversation it held (``_unhold``); a removed recap leaves its conversation not
        recapped. The stage, follow-ups and stats are derived again from what is left."""
        also: list[str] = []
        with self.writing() as conn:
            before = event_store.get_event(conn, self.owner_id, event_id)
            if before is None:
                raise UnknownRecord("event", event_id, "log list")
            event_store.delete_event(conn, self.owner_id, event_id)
            search_store.unindex(conn, self.owner_id, "event", event_id)
            rest = event_store.events_for(conn, self.owner_id, before.contact_id)
            if before.kind is EventKind.MEETING:
                also += self._unhold(conn, before, rest)
            elif (
                before.kind is EventKind.RECAP
                and before.value
                and before.value.isdigit()
                and not any(e.kind is EventKind.RECAP and e.value == before.value for e in rest)
            ):
                scheduling_store.update_conversation(
                    conn, self.owner_id, int(before.value), {"recapped_at": None}
                )
        return self._corrected("event", event_id, before, None, before.contact_id, also)

    def _unhold(self, conn: Connection, meeting: Event, rest: list[Event]) -> list[str]:
        """Undo what logging ``meeting`` did to its conversation, when no other meeting
        stands for it: a conversation made for the meeting alone (nothing written on it,
        no recap) is removed; one confirmed with ``schedule confirm`` (it has a place) is
        scheduled again; any other is open again, undated."""
        conversations = scheduling_store.conversations_for(conn, self.owner_id, meeting.contact_id)
        row = _conversation_of(meeting, conversations)
        if row is None or row.status != "held":
            return []
        if any(
            e.kind is EventKind.MEETING and _conversation_of(e, [row]) is not None for e in rest
        ):
            return []
        now = self.now()
        made_for_it = row.created_at == meeting.recorded_at
        if (
            made_for_it
            and row.recapped_at is None
            and row.started_at is None
            and not store.conversation_has_content(conn, self.owner_id, row.id)
        ):
            scheduling_store.delete_conversation(conn, self.owner_id, row.id)
            return [f"its conversation ({row.id}) is removed too"]
        if row.place is not None:
            scheduling_store.update_conversation(
                conn, self.owner_id, row.id, {"status": "scheduled", "updated_at": now}
            )
            return [f"conversation {row.id} is scheduled again, no longer held"]
        scheduling_store.update_conversation(
            conn,
            self.owner_id,
            row.id,
            {"status": "open", "start": None, "end": None, "updated_at": now},
        )
        return [f"conversation {row.id} is open again, no longer held"]

    # --- shared ---------------------------------------------------------------------------

    def _corrected(
        self,
        kind: str,
        row_id: int,
        before: Any,
        after: Any,
        contact_id: int,
        also: list[str] | tuple[str, ...] = (),
    ) -> Corrected:
        contact = self.show_contact(str(contact_id)).contact
        return Corrected(kind, row_id, before, after, contact, tuple(also))


def _conversation_of(
    meeting: Event, conversations: list[ConversationRow]
) -> ConversationRow | None:
    """The conversation a meeting stands for: the one its value names, else the one held
    at its instant (meetings logged before they named their conversation)."""
    for row in conversations:
        if meeting.value is not None and meeting.value == str(row.id):
            return row
    if meeting.value is None:
        for row in conversations:
            if row.status == "held" and row.start == meeting.at:
                return row
    return None


__all__ = ["NO_TOPIC", "Corrected", "CorrectionsMixin", "Notes", "Timeline"]
