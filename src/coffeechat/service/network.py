"""The network of introductions: who introduced the user to whom, and what came of it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coffeechat.service.contacts import ContactsMixin
from coffeechat.store import conversations as conversation_store
from coffeechat.store import users

if TYPE_CHECKING:
    from coffeechat.core.network import Network as NetworkView


class NetworkMixin(ContactsMixin):
    """The introductions graph."""

    def network(self, ref: str | None = None) -> NetworkView:
        """Every chain of introductions from the user, with counts per introducer; with
        ``ref``, only the chains through that contact."""
        from coffeechat.core import network as core
        from coffeechat.core.introductions import introduction_status

        with self.reading() as conn:
            focus = self._resolve_contact(conn, ref) if ref is not None else None
            rows = conversation_store.introductions(conn, self.owner_id)
            timelines = self._timelines(conn)
            user_name = users.get_settings(conn, self.owner_id).name
        events = timelines.events
        contacts = {c.id: c for c in timelines.contacts}
        people = [
            core.Person(c.id, c.name, c.stage, c.company, c.introduced_by_id)
            for c in contacts.values()
        ]
        offers = [
            core.Offer(
                r.from_id,
                r.to_id,
                introduction_status(
                    r.created_at,
                    events.get(r.from_id, []),
                    events.get(r.to_id, []),
                    contacts[r.to_id].stage,
                ),
            )
            for r in rows
            if r.from_id in contacts and r.to_id in contacts
        ]
        return core.build(user_name, people, offers, focus)
