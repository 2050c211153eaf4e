"""Question guides: the built-in ones, the user's own, and a guide fitted to a contact."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection

from coffeechat.core.errors import CoffeechatError, InvalidValue, quoted
from coffeechat.core.model import Contact
from coffeechat.service.drafting import TemplatesMixin
from coffeechat.store import contacts as contact_store
from coffeechat.store import conversations as store
from coffeechat.store import scheduling as scheduling_store
from coffeechat.store.scheduling import ConversationRow

if TYPE_CHECKING:
    from coffeechat.core.guides import Guide, Plan

#: The length of a chat when nothing says otherwise (DOMAIN: 20-30 minutes).
DEFAULT_MINUTES = 30


class UnknownGuide(CoffeechatError):
    """No built-in or stored guide has that name, and it is not a guide file."""

    def __init__(self, name: str, known: list[str]) -> None:
        super().__init__(
            f"guide: no guide called {quoted(name)} (known: {', '.join(known)}); add one with "
            "`coffeechat guide add FILE.toml` or give the path of a .toml/.yaml file"
        )


@dataclass(frozen=True)
class GuideInfo:
    """A guide in the list: built in or the user's."""

    name: str
    title: str
    builtin: bool
    questions: int
    closing: tuple[str, ...]


@dataclass(frozen=True)
class GuideView:
    """A guide fitted to one contact and a length of time."""

    contact: Contact
    plan: Plan
    guide: Guide
    conversation: ConversationRow | None
    #: When the conversation is planned (aware, in its zone), if it is.
    when: dt.datetime | None


def current_conversation(
    conversations: list[ConversationRow], now: dt.datetime
) -> ConversationRow | None:
    """The conversation notes attach to: the scheduled one (the next, else the last one
    that started), else the latest of any status."""
    timed = [(c.start, c) for c in conversations if c.status == "scheduled" and c.start]
    started = [(start, c) for start, c in timed if start <= now]
    if started:
        return max(started, key=lambda pair: pair[0])[1]
    if timed:
        return min(timed, key=lambda pair: pair[0])[1]
    return conversations[-1] if conversations else None


class GuidesMixin(TemplatesMixin):
    """Guides: built-in and the user's own, and fitting one to a contact."""

    def _find_guide(self, conn: Connection, name: str) -> Guide:
        """A guide by name (built-in, then stored), or read from a .toml/.yaml path."""
        from coffeechat.core.guides import BUILTIN, guide_from_mapping

        cleaned = name.strip()
        if cleaned.lower() in BUILTIN:
            return BUILTIN[cleaned.lower()]
        row = store.get_guide(conn, self.owner_id, cleaned.lower())
        if row is not None:
            return guide_from_mapping(
                json.loads(row.definition), name=row.name, where=lambda path: f"guide {row.name}"
            )
        path = Path(cleaned).expanduser()
        if path.suffix.lower() in (".toml", ".yaml", ".yml") and path.is_file():
            return _read_guide_file(path)
        known = [*BUILTIN, *(g.name for g in store.list_guides(conn, self.owner_id))]
        raise UnknownGuide(cleaned, known)

    def get_guide(self, name: str) -> Guide:
        """A guide by name or path."""
        with self.reading() as conn:
            return self._find_guide(conn, name)

    def list_guides(self) -> list[GuideInfo]:
        """The built-in guides, then the user's."""
        from coffeechat.core.guides import BUILTIN

        out = [
            GuideInfo(g.name, g.title, True, len(g.questions), g.closing) for g in BUILTIN.values()
        ]
        with self.reading() as conn:
            for row in store.list_guides(conn, self.owner_id):
                guide = self._find_guide(conn, row.name)
                out.append(
                    GuideInfo(guide.name, guide.title, False, len(guide.questions), guide.closing)
                )
        return out

    def add_guide(self, path: str, name: str | None = None) -> tuple[Guide, bool]:
        """Store a guide read from a TOML or YAML file (replacing one of the same name);
        returns it and whether it replaced one."""
        from coffeechat.core.guides import BUILTIN, guide_to_mapping

        guide = _read_guide_file(Path(path).expanduser(), name)
        if guide.name in BUILTIN:
            raise InvalidValue("name", guide.name, "is the name of a built-in guide", "my-guide")
        definition = json.dumps(guide_to_mapping(guide), ensure_ascii=False)
        with self.writing() as conn:
            replaced = store.save_guide(
                conn, self.owner_id, guide.name, guide.title, definition, self.now()
            )
        return guide, replaced

    def remove_guide(self, name: str) -> str:
        """Delete one of the user's guides; returns its name."""
        from coffeechat.core.guides import BUILTIN

        cleaned = name.strip().lower()
        if cleaned in BUILTIN:
            raise InvalidValue("guide", name, "built-in guides cannot be removed", "my-guide")
        with self.writing() as conn:
            if not store.remove_guide(conn, self.owner_id, cleaned):
                known = [g.name for g in store.list_guides(conn, self.owner_id)]
                raise UnknownGuide(cleaned, known or ["none of your own yet"])
        return cleaned

    def _tailored(
        self, conn: Connection, contact: Contact, name: str | None, *, stored: bool = False
    ) -> Guide:
        """A guide tailored to a contact. ``stored``: the name comes from a conversation,
        and a guide removed since then falls back to the default."""
        from coffeechat.core.guides import tailor

        try:
            guide = self._find_guide(conn, name or "default")
        except UnknownGuide:
            if not stored:
                raise
            guide = self._find_guide(conn, "default")
        return tailor(
            guide,
            seniority=contact.seniority.value if contact.seniority else None,
            company=contact.company,
            title=contact.title,
        )

    def guide_for(
        self, ref: str, minutes: int | None = None, guide: str | None = None
    ) -> GuideView:
        """The guide for a chat with a contact, tailored to them and fitted to the time.

        The guide is the one given, else the one chosen for their current conversation,
        else the default; the time is ``minutes``, else the conversation's length, else 30.
        Choosing a guide here remembers it for the contact's current conversation.
        """
        from coffeechat.core.guides import fit

        now = self.now()
        with self.writing() as conn:
            cid = self._resolve_contact(conn, ref)
            contact = contact_store.get_contact(conn, self.owner_id, cid)
            assert contact is not None
            conversation = current_conversation(
                scheduling_store.conversations_for(conn, self.owner_id, cid), now
            )
            if guide:
                tailored = self._tailored(conn, contact, guide)
            else:
                stored = conversation.guide if conversation else None
                tailored = self._tailored(conn, contact, stored, stored=True)
            length = minutes if minutes is not None else _length(conversation)
            plan = fit(tailored, length)
            if conversation is not None and guide and conversation.guide != tailored.name:
                scheduling_store.update_conversation(
                    conn, self.owner_id, conversation.id, {"guide": tailored.name}
                )
        when = None
        if conversation is not None and conversation.start is not None:
            import zoneinfo

            when = conversation.start.astimezone(zoneinfo.ZoneInfo(conversation.zone))
        return GuideView(contact, plan, tailored, conversation, when)


def _length(conversation: ConversationRow | None) -> int:
    """A conversation's planned length in minutes (30 when nothing says)."""
    if conversation is None:
        return DEFAULT_MINUTES
    if conversation.planned_minutes:
        return conversation.planned_minutes
    if conversation.start and conversation.end and conversation.end > conversation.start:
        return round((conversation.end - conversation.start).total_seconds() / 60)
    return DEFAULT_MINUTES


def _read_guide_file(path: Path, name: str | None = None) -> Guide:
    """Read a guide file, with one clear line when it cannot be read."""
    from coffeechat.formats import files
    from coffeechat.formats.guidefile import read_guide

    try:
        data = files.read_bytes(path, files.TEXT_LIMIT, "a guide")
    except files.TooLarge:
        raise
    except files.FileTrouble as exc:
        raise InvalidValue(
            "file", str(path), f"cannot be read ({exc.problem})", "guide.toml"
        ) from None
    stem = "-".join(path.stem.lower().replace("_", " ").split())
    return read_guide(data, path.name, name=name, default_name=stem)
