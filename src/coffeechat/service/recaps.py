"""Writing the recap of a conversation (and what writing it changes: the stage)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy import Connection

from coffeechat.core import validate
from coffeechat.core.errors import EmptyRecap
from coffeechat.core.model import Contact, EventKind
from coffeechat.service.conversations import ConversationsMixin, RecapResult
from coffeechat.service.guides import DEFAULT_MINUTES
from coffeechat.store import contacts as contact_store
from coffeechat.store import conversations as store
from coffeechat.store import events as event_store
from coffeechat.store import scheduling as scheduling_store
from coffeechat.store import users
from coffeechat.store.scheduling import ConversationRow

if TYPE_CHECKING:
    from coffeechat.core.recap import Recap, Variant


class RecapsMixin(ConversationsMixin):
    """The recap."""

    def write_recap(
        self,
        ref: str,
        conversation: int | None = None,
        variant: str | None = None,
        reflection: str | None = None,
        next_contact: str | None = None,
        next_step: str | None = None,
        deliver: Callable[[Recap], object] | None = None,
    ) -> RecapResult:
        """Assemble the recap of the contact's current (or given) conversation.

        What is given here (reflection, next contact date and step, variant) is kept on
        the conversation. The first recap of a conversation moves the contact to
        `recapped`; writing it again (in another format, after more notes) does not
        move it again. A reflection (the `reflection` variant: no conversation took
        place) records the user's own thoughts, not a meeting: it never moves the stage,
        so no thank-you or report-back is owed for it. A recap with nothing in it (no
        note, takeaway, promise, introduction or reflection) is refused with what to
        add (``EmptyRecap``), and nothing changes. ``deliver`` (render and write the
        document) runs before anything is saved: when it fails, nothing changes.
        """
        from coffeechat.core import limits
        from coffeechat.core.recap import Variant
        from coffeechat.core.recapcheck import check_recap

        chosen = validate.choice(Variant, variant, "variant") if variant else None
        validate.text(reflection or "", "reflection", limits.NOTE)
        validate.text(next_step or "", "next_step", limits.TEXT)
        wanted_date = validate.date(next_contact, "next_contact") if next_contact else None
        now = self.now()
        with self.writing() as conn:
            contact = self._contact(conn, ref)
            row, _ = self._conversation(conn, contact, conversation, start=True)
            assert row is not None
            reflection_text = reflection.strip() if reflection and reflection.strip() else None
            recap = self._assemble_recap(
                conn, contact, row, chosen, reflection_text, wanted_date, next_step
            )
            kind = recap.variant
            # a reflection is no meeting: it leaves the stage (and what it owes) alone
            first = row.recapped_at is None and kind is not Variant.REFLECTION
            changes: dict[str, object] = {
                "variant": kind.value,
                "next_contact": recap.next_contact,
                "next_step": recap.next_step,
                "updated_at": now,
            }
            if reflection_text:
                changes["reflection"] = reflection_text
            if row.recapped_at is None:
                changes["recapped_at"] = now
            if first:
                owner = users.get_settings(conn, self.owner_id)
                event_store.add_event(
                    conn, self.owner_id, contact.id, EventKind.RECAP, now, owner.timezone, now,
                    value=str(row.id),
                )  # fmt: skip
            scheduling_store.update_conversation(conn, self.owner_id, row.id, changes)
            if deliver is not None:
                deliver(recap)
        findings = check_recap(recap)
        return RecapResult(
            recap, self.show_contact(str(contact.id)).contact, row.id, first, list(findings)
        )

    def preview_recap(
        self, ref: str, conversation: int | None = None, variant: str | None = None
    ) -> RecapResult:
        """The recap ``write_recap`` would write now, with nothing saved: no conversation
        started, no stage moved (the web's preview and downloads, ``GET .../recap``).
        ``first`` says whether writing it would be the conversation's first recap. With no
        conversation yet, or nothing written, ``EmptyRecap`` says what to add."""
        from coffeechat.core.conversation import choose_variant
        from coffeechat.core.recap import Variant
        from coffeechat.core.recapcheck import check_recap

        chosen = validate.choice(Variant, variant, "variant") if variant else None
        with self.reading() as conn:
            contact = self._contact(conn, ref)
            row, _ = self._conversation(conn, contact, conversation, start=False)
            if row is None:
                kind = chosen or choose_variant(contact, False, 0)
                raise EmptyRecap(contact.name, contact.id, kind is Variant.REFLECTION)
            recap = self._assemble_recap(conn, contact, row, chosen, None, None, None)
        first = row.recapped_at is None and recap.variant is not Variant.REFLECTION
        findings = check_recap(recap)
        shown = self.show_contact(str(contact.id)).contact  # with its stage derived
        return RecapResult(recap, shown, row.id, first, list(findings))

    def latest_recap_conversation(self, ref: str) -> int | None:
        """The latest of the contact's conversations whose recap has something written
        (a note, takeaway, promise, introduction or reflection): the recap to hand in
        once the next conversation is already scheduled (its recap still empty). None
        when no recap has anything in it."""
        with self.reading() as conn:
            contact = self._contact(conn, ref)
            rows = scheduling_store.conversations_for(conn, self.owner_id, contact.id)
            intros = {
                i.conversation_id
                for i in store.introductions(conn, self.owner_id, from_id=contact.id)
            }
            for row in reversed(rows):
                if (
                    (row.reflection or "").strip()
                    or row.id in intros
                    or any(n.text.strip() for n in store.notes_for(conn, self.owner_id, row.id))
                    or store.takeaways_for(conn, self.owner_id, row.id)
                    or store.promises_for(conn, self.owner_id, row.id)
                ):
                    return row.id
        return None

    def _assemble_recap(
        self,
        conn: Connection,
        contact: Contact,
        row: ConversationRow,
        chosen: Variant | None,
        reflection_text: str | None,
        wanted_date: dt.date | None,
        next_step: str | None,
    ) -> Recap:
        """The recap of ``row`` from what is written on it, with the given variant,
        reflection, next contact date and step in place of the kept ones; ``EmptyRecap``
        when nothing at all is written."""
        from coffeechat.core.conversation import (
            Held,
            Written,
            assemble,
            choose_variant,
            default_next_contact,
            default_next_step,
        )
        from coffeechat.core.guides import fit
        from coffeechat.core.recap import Introduction, Promise, PromiseBy, Variant

        now = self.now()
        owner = users.get_settings(conn, self.owner_id)
        timeline = event_store.events_for(conn, self.owner_id, contact.id)
        notes = store.notes_for(conn, self.owner_id, row.id)
        met = [e for e in timeline if e.kind is EventKind.MEETING and e.at <= now]
        held_flag = row.status == "held" or (
            row.status == "scheduled" and row.start is not None and row.start <= now
        )
        start, end = row.start, row.end
        if start is None and met:  # met before conversations were recorded
            start, held_flag = met[-1].at, True
            end = start + dt.timedelta(minutes=DEFAULT_MINUTES)
        kind = chosen or (
            Variant(row.variant) if row.variant else choose_variant(contact, held_flag, len(notes))
        )
        guide = self._guide_of(conn, contact, row)
        dropped = fit(guide, row.planned_minutes).skipped if row.planned_minutes else ()
        promises = [
            Promise(PromiseBy(p.by), p.text, p.due, p.done_at is not None, p.id)
            for p in store.promises_for(conn, self.owner_id, row.id)
        ]
        intros = [
            Introduction(
                contact_store.contact_name(conn, self.owner_id, i.to_id) or "?",
                _company(conn, self.owner_id, i.to_id),
                i.status,
            )
            for i in store.introductions(conn, self.owner_id, from_id=contact.id)
            if i.conversation_id == row.id
        ]
        zone = row.zone or contact.timezone or owner.timezone
        held_on = (
            start.astimezone(zoneinfo.ZoneInfo(zone)).date()
            if start is not None and kind is not Variant.REFLECTION
            else None
        )
        takeaways = store.takeaways_for(conn, self.owner_id, row.id)
        if not (
            any(n.text.strip() for n in notes)
            or takeaways
            or promises
            or intros
            or reflection_text
            or row.reflection
        ):
            raise EmptyRecap(contact.name, contact.id, kind is Variant.REFLECTION)
        today = now.astimezone(zoneinfo.ZoneInfo(owner.timezone)).date()
        date = wanted_date or row.next_contact or default_next_contact(held_on, promises, today)
        step = (next_step or "").strip() or row.next_step or default_next_step(date, promises)
        written = Written(
            notes=[(n.topic, n.text) for n in notes if n.text.strip()],
            takeaways=[(t.kind, t.text) for t in takeaways],
            promises=promises,
            introductions=intros,
            skipped=row.skipped,
        )
        return assemble(
            variant=kind,
            user_name=owner.name,
            contact=contact,
            guide=guide,
            held=Held(start, end, zone, row.format, row.place, held_flag),
            written=written,
            dropped=dropped,
            reflection=reflection_text or row.reflection,
            next_contact=date,
            next_step=step,
            written_on=today,
            user_zone=owner.timezone,
        )


def _company(conn: Connection, owner_id: int, contact_id: int) -> str | None:
    person = contact_store.get_contact(conn, owner_id, contact_id)
    return person.company if person else None
