"""Opening and creating a workspace, its settings, and search."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import OperationalError

from coffeechat.config import Settings
from coffeechat.core import limits, paper, validate
from coffeechat.core.errors import InvalidValue, WorkspaceExists, WorkspaceNotCreated
from coffeechat.core.hours import normalize_hours
from coffeechat.core.model import UserSettings
from coffeechat.formats import zonetab
from coffeechat.service.base import _open_engine, _sqlite_path
from coffeechat.service.corrections import CorrectionsMixin
from coffeechat.service.exchange import ExchangeMixin
from coffeechat.service.followups import FollowupsMixin, check_agenda
from coffeechat.service.importjobs import ImportJobsMixin
from coffeechat.service.imports import ImportsMixin
from coffeechat.service.maintenance import MaintenanceMixin
from coffeechat.service.network import NetworkMixin
from coffeechat.service.paths import PathsMixin
from coffeechat.service.recaps import RecapsMixin
from coffeechat.service.stats import StatsMixin
from coffeechat.service.undo import UndoMixin
from coffeechat.store import conversations as conversation_store
from coffeechat.store import database, privacy, users
from coffeechat.store import events as event_store
from coffeechat.store import search as search_store

if TYPE_CHECKING:
    from coffeechat.core.followups import FollowUp
    from coffeechat.core.stats import WeekCount
    from coffeechat.service.contacts import ContactDetail
    from coffeechat.service.followups import Agenda
    from coffeechat.store.conversations import IntroductionRow, PromiseRow, TakeawayRow
    from coffeechat.store.scheduling import ConversationRow


def _problem(error: BaseException) -> str:
    """What went wrong creating a workspace, in a few words."""
    if isinstance(error, OSError):
        where = f" ({error.filename})" if error.filename else ""
        return f"{(error.strerror or type(error).__name__).lower()}{where}"
    orig = getattr(error, "orig", None)
    return str(orig or error).splitlines()[0]


#: Settings a user may change with ``settings set``.
SETTING_KEYS = tuple(f.name for f in fields(UserSettings))


@dataclass(frozen=True)
class SearchResult:
    """One search hit, with the contact it belongs to (for notes)."""

    kind: str
    id: int
    title: str
    snippet: str
    score: float
    contact_id: int | None


def validated_settings(current: UserSettings | None, raw: dict[str, Any]) -> UserSettings:
    """Check settings input; the country follows the zone unless the user chose one."""
    given = {k: v for k, v in raw.items() if v is not None}
    unknown = set(given) - set(SETTING_KEYS)
    if unknown:
        key = sorted(unknown)[0]
        raise InvalidValue("setting", key, "unknown setting", "|".join(SETTING_KEYS))
    base = current or UserSettings(name="")
    changes: dict[str, Any] = {}
    if "name" in given or current is None:
        # the name and the addresses go into e-mail headers: one line, no control character
        name = validate.name(given.get("name", ""), "name")
        changes["name"] = validate.header_safe(name, "name", "Sam Rivera")
    if "email" in given:
        changes["email"] = validate.email(given["email"]) if given["email"].strip() else None
    if "phone" in given:
        changes["phone"] = validate.phone(given["phone"]) if given["phone"].strip() else None
    if "timezone" in given:
        changes["timezone"] = zonetab.checked_zone(given["timezone"])
    if "availability" in given:
        hours = normalize_hours(given["availability"], "availability")
        changes["availability"] = validate.longest(hours, limits.HOURS, "availability")
    if "signature" in given:
        changes["signature"] = validate.text(str(given["signature"]), "signature", limits.TEXT)
    if "cities" in given:
        changes["cities"] = validate.line(str(given["cities"]), "cities", limits.CITIES)
    if "weekly_goal" in given:
        try:
            goal = int(given["weekly_goal"])
        except ValueError:
            raise InvalidValue("weekly_goal", given["weekly_goal"], "not a number", "3") from None
        changes["weekly_goal"] = validate.int_range(goal, 0, 100, "weekly_goal")
    if "smtp_host" in given:
        changes["smtp_host"] = validate.host(given["smtp_host"], "smtp_host") or None
    if "smtp_port" in given:
        changes["smtp_port"] = validate.score(given["smtp_port"], 1, 65535, "smtp_port")
    if "smtp_security" in given:
        security = str(given["smtp_security"]).strip().lower()
        if security not in {"starttls", "ssl", "none"}:
            raise InvalidValue("smtp_security", security, "must be starttls|ssl|none", "starttls")
        changes["smtp_security"] = security
    if "smtp_user" in given:
        user = validate.header_safe(str(given["smtp_user"]).strip(), "smtp_user", "sam")
        changes["smtp_user"] = validate.line(user, "smtp_user", limits.EMAIL)
    if "paper" in given:  # "" goes back to the size of your country
        given_paper = str(given["paper"] or "")
        changes["paper"] = paper.checked(given_paper) if given_paper.strip() else None
    if "timezone" in changes or "country" in given:
        changes["country"] = validate.country_after(
            current.timezone if current else None,
            base.country,
            changes.get("timezone", base.timezone),
            given.get("country"),
            zonetab.zone_countries(),
            zonetab.country_names(),
        )
    return replace(base, **changes)


@dataclass(frozen=True)
class TodayRead:
    """What Today shows, read at one instant (``Workspace.cached_today``)."""

    agenda: Agenda
    coming: list[tuple[ConversationRow, str]]
    week: WeekCount


@dataclass(frozen=True)
class ContactPageRead:
    """What a contact's page shows, read in one go (``Workspace.contact_page``)."""

    detail: ContactDetail
    followups: list[FollowUp]
    takeaways: list[TakeawayRow]
    promises: list[PromiseRow]
    introductions: list[tuple[IntroductionRow, str]]  # each offer, with the person's name
    zone: str  # the owner's


class Workspace(
    ImportJobsMixin,
    ExchangeMixin,
    ImportsMixin,
    MaintenanceMixin,
    StatsMixin,
    PathsMixin,
    FollowupsMixin,
    NetworkMixin,
    CorrectionsMixin,
    RecapsMixin,
    UndoMixin,
):
    """A job seeker's workspace: the library API the CLI and web call."""

    def contact_page(self, contact_id: int) -> ContactPageRead:
        """A contact's page: what ``show_contact``, ``contact_followups``,
        ``list_takeaways``, ``list_promises`` and ``list_introductions`` each give, read
        on one connection with each row read once (a page of the team server makes one
        round trip to the database per statement). UnknownContact for an id of no one."""
        from coffeechat.core.errors import UnknownContact
        from coffeechat.core.followups import follow_ups
        from coffeechat.service.contacts import ContactDetail
        from coffeechat.service.followups import ChunkRows
        from coffeechat.store import contacts as contact_store

        now = self.now()
        with self.reading() as conn:
            owner = users.get_settings(conn, self.owner_id)
            people = self._staged(conn, [contact_id], owner.timezone, now)
            if not people:
                raise UnknownContact(str(contact_id))
            contact, timeline, conversations = people[0]
            read = ChunkRows()  # its open proposal, promises and offers: read once
            histories = self._chunk_histories(conn, people, owner, now, None, None, read)
            detail = ContactDetail(
                contact,
                timeline,
                contact_store.introduced_by(conn, self.owner_id, contact_id),
                conversations,
                read.proposals.get(contact_id),
            )
            takeaways = conversation_store.takeaways_of_contact(conn, self.owner_id, contact_id)
            promises, offered = read.promises, read.offered
            names = {
                i.to_id: contact_store.contact_name(conn, self.owner_id, i.to_id) or ""
                for i in offered
            }
        return ContactPageRead(
            detail,
            follow_ups(histories[contact_id], now),
            takeaways,
            promises,
            [(i, names[i.to_id]) for i in offered],
            owner.timezone,
        )

    def cached_today(
        self,
        days: int = 7,
        limit: int | None = None,
        offset: int = 0,
        count_up_to: int | None = None,
    ) -> TodayRead | None:
        """What Today shows, in one read transaction with one read of the settings: one
        page of the agenda (as ``agenda`` reads it), the conversations coming in ``days``
        days (``coming_conversations``) and this week against the goal (``this_week``).
        None when the agenda cache needs writing first (then call each of those)."""
        import datetime as dt

        from coffeechat.store import scheduling as scheduling_store

        check_agenda(days, limit, offset)
        now = self.now()
        with self.reading() as conn:
            zone, goal = users.zone_and_goal(conn, self.owner_id)
            agenda, words = self._agenda_in(conn, days, limit, offset, count_up_to, now, zone)
            if agenda is None or words:  # stale, or rows cached before 0014: `agenda`
                return None  # derives them and writes what it derived
            until = now + dt.timedelta(days=days)
            coming = scheduling_store.coming(conn, self.owner_id, now, until)
            week = self._week_in(conn, now, zone, goal)
        return TodayRead(agenda, coming, week)

    @classmethod
    def refuse_existing(cls, settings: Settings) -> None:
        """Raise WorkspaceExists (or NotAWorkspace) unless ``init`` may create one here."""
        path = _sqlite_path(settings)
        if path is not None and not path.exists():
            return
        engine = _open_engine(settings)
        try:
            if database.current_revision(engine, settings.describe()) is not None:
                raise WorkspaceExists(settings.describe())
        finally:
            engine.dispose()

    @classmethod
    def create(cls, settings: Settings, **raw: Any) -> Workspace:
        """Create the workspace and its owner (``init``)."""
        owner_settings = validated_settings(None, raw)
        path = _sqlite_path(settings)
        engine = _open_engine(settings)
        made: list[Path] = []
        created = False
        try:
            if path is not None:  # private: the folder 0700, the file (so -wal, -shm) 0600
                made = privacy.make_folder(path.parent)
                if not path.exists():
                    privacy.create_file(path)
                    created = True
            # a database holding other tables raises NotAWorkspace here
            if database.current_revision(engine, settings.describe()) is not None:
                raise WorkspaceExists(settings.describe())
            with engine.begin() as conn:  # schema and owner land together or not at all
                database.upgrade(conn)
                if users.first_owner_id(conn) is not None:  # another init, just before
                    raise WorkspaceExists(settings.describe())
                owner = users.create_owner(conn, owner_settings, settings.clock.now())
        except BaseException as error:
            engine.dispose()
            if created and path is not None:  # nothing left behind
                for suffix in ("", "-wal", "-shm", "-journal"):
                    path.with_name(path.name + suffix).unlink(missing_ok=True)
            privacy.remove_folders(made)
            if path is not None and isinstance(error, OSError | OperationalError):
                raise WorkspaceNotCreated(settings.describe(), _problem(error)) from None
            raise
        return cls(settings, engine, owner)

    def update_settings(self, **raw: Any) -> UserSettings:
        """Change settings; everything is checked before anything is written."""
        with self.writing() as conn:
            current = users.get_settings(conn, self.owner_id)
            new = validated_settings(current, raw)
            changes = {
                k: getattr(new, k) for k in SETTING_KEYS if getattr(new, k) != getattr(current, k)
            }
            if changes:
                users.update_settings(conn, self.owner_id, changes)
        return new

    def search(self, query: str, limit: int = 20) -> list[SearchResult]:
        """Contacts, companies, notes, takeaways and promises matching every word of
        ``query``, best first."""
        if not search_store.words(query):
            raise InvalidValue("query", query, "give at least one word to look for", "acme")
        validate.int_range(limit, 1, validate.LIMIT_MAX, "limit")
        written: dict[tuple[str, int], int] = {}
        with self.reading() as conn:
            hits = search_store.search(conn, self.owner_id, query, limit)
            owners = event_store.contacts_of_events(
                conn, self.owner_id, [h.ref_id for h in hits if h.kind == "event"]
            )
            writers = conversation_store.note_owners(
                conn,
                self.owner_id,
                [h.ref_id for h in hits if h.kind == conversation_store.CHAT_NOTE],
            )
            for kind in search_store.WRITTEN_KINDS:  # takeaways and promises: whose
                writers_of = conversation_store.written_owners(
                    conn, self.owner_id, kind, [h.ref_id for h in hits if h.kind == kind]
                )
                written.update({(kind, k): v for k, v in writers_of.items()})
        kinds = {"event": "note", conversation_store.CHAT_NOTE: "conversation-note"}
        return [
            SearchResult(
                kind=kinds.get(h.kind, h.kind),
                id=h.ref_id,
                title=h.title,
                snippet=h.snippet,
                score=round(-h.score, 6),
                contact_id=(
                    h.ref_id
                    if h.kind == "contact"
                    else writers.get(h.ref_id)
                    if h.kind == conversation_store.CHAT_NOTE
                    else written.get((h.kind, h.ref_id))
                    if h.kind in search_store.WRITTEN_KINDS
                    else owners.get(h.ref_id)
                ),
            )
            for h in hits
        ]
