"""What every part of the workspace shares: the engine, the owner, the clock."""

from __future__ import annotations

import datetime as dt
import time
import unicodedata
import zoneinfo
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Self, TypeVar

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import ArgumentError

from coffeechat.config import BadEnvironment, Settings
from coffeechat.core.errors import (
    AmbiguousCompany,
    AmbiguousContact,
    CoffeechatError,
    DamagedWorkspace,
    NoSuchId,
    NotAWorkspace,
    NoWorkspace,
    SchemaTooNew,
    UnknownCompany,
    UnknownContact,
    WorkspaceBusy,
)
from coffeechat.core.model import UserSettings
from coffeechat.service import changes
from coffeechat.store import companies as company_store
from coffeechat.store import contacts as contact_store
from coffeechat.store import damage, database, users

T = TypeVar("T")

#: How many times ``write_patiently`` tries a write that finds the workspace locked, and
#: its first pause between two tries (doubled each time): with the busy timeout of each
#: try, about a minute and a half in all before it gives up.
WRITE_ATTEMPTS = 3
FIRST_PAUSE = 0.25

_URL_EXAMPLE = "postgresql+psycopg://user@localhost/coffeechat"


def _bad_url(error: Exception) -> BadEnvironment:
    # The URL itself is not repeated: it may hold a password.
    return BadEnvironment(f"COFFEECHAT_DATABASE_URL: {error} (example: {_URL_EXAMPLE})")


def _sqlite_path(settings: Settings) -> Path | None:
    """The SQLite file of the workspace, if it is one; a URL that cannot be read is a user error."""
    try:
        return database.sqlite_path(settings.database_url)
    except ArgumentError as error:
        raise _bad_url(error) from None


def _open_engine(settings: Settings) -> Engine:
    """An engine for the workspace's database; an unknown backend or driver is a user error."""
    try:
        return database.open_engine(settings.database_url)
    except (ArgumentError, ImportError) as error:
        raise _bad_url(error) from None


def _has_backups(settings: Settings) -> bool:
    """Whether the workspace folder holds coffeechat's backups: then a database file that
    SQLite no longer recognises is this workspace's, damaged, not some other file."""
    from coffeechat.service.maintenance import backups_folder

    folder = backups_folder(settings.home)
    return folder.is_dir() and any(folder.glob("*.db"))


def engine_at_head(settings: Settings, *, create: bool = False) -> Engine:
    """An engine on the workspace's database with its schema at this code's revision:
    upgraded when older (after an automatic backup of a SQLite file). A database with no
    schema yet is NoWorkspace, unless ``create``: then the schema is made (the team
    server's admin commands prepare an empty PostgreSQL database so)."""
    path = _sqlite_path(settings)
    if path is not None and not path.exists():
        if not create:
            raise NoWorkspace(settings.describe())
        from coffeechat.store import privacy

        privacy.make_folder(path.parent)
        privacy.create_file(path)
    if path is not None and damage.marked(path):  # found damaged before: not one more write
        raise DamagedWorkspace(settings.describe())
    engine = _open_engine(settings)
    try:
        found = database.current_revision(engine, settings.describe())
    except NotAWorkspace:
        engine.dispose()
        if path is not None and _has_backups(settings):  # ours, with page 1 lost
            raise DamagedWorkspace(settings.describe()) from None
        raise
    except BaseException:
        engine.dispose()
        raise
    if found is None:
        if not create:
            engine.dispose()
            raise NoWorkspace(settings.describe())
        with engine.begin() as conn:
            database.upgrade(conn)
        return engine
    if database.needs_upgrade(found):
        from coffeechat.store.migrations import known_revisions

        if found not in known_revisions():
            engine.dispose()
            raise SchemaTooNew(found)
        if path is not None:  # a copy first: an upgrade is a change of every table
            from coffeechat.service.maintenance import backups_folder
            from coffeechat.store.backup import auto_backup

            engine.dispose()  # nothing of ours in flight while the copy is read
            reason = f"before-upgrade-from-{found}"
            auto_backup(
                path,
                backups_folder(settings.home),
                reason,
                settings.clock.now(),
                settings.describe(),
            )
        with engine.begin() as conn:
            database.upgrade(conn)
    return engine


@contextmanager
def _ids_in_range() -> Iterator[None]:
    """An id past what the database's integers hold (``/contacts/99999999999`` on
    PostgreSQL) is no one's: NoSuchId (a 404 in the web), not a database error."""
    from sqlalchemy.exc import DataError

    try:
        yield
    except (DataError, OverflowError) as error:
        if not database.is_out_of_range(error):
            raise
        raise NoSuchId from None


class WorkspaceBase:
    """An open workspace: one database, one owner, one clock."""

    def __init__(
        self, settings: Settings, engine: Engine, owner_id: int, folder: Path | None = None
    ) -> None:
        self.settings = settings
        self.engine = engine
        self.owner_id = owner_id
        #: Where this workspace keeps files of its own (import jobs, invites): the
        #: workspace folder; on the team server, a folder of each account's under it,
        #: so no one's files meet another's (Accounts.workspace_for).
        self.folder = folder or settings.home

    @property
    def reads_never_wait(self) -> bool:
        """Whether a read answers without waiting on anything: SQLite (embedded, in WAL
        mode, where a reader never waits for a writer, and no network). The web answers
        its read-only pages in its event loop then, without handing them to a thread."""
        return self.engine.dialect.name == "sqlite"

    @classmethod
    def open(cls, settings: Settings) -> Self:
        """Open an existing workspace, upgrading its schema when it is older (after an
        automatic backup). Any class of the mixin chain opens one: a command that only
        lists contacts opens the small one, and starts faster."""
        engine = engine_at_head(settings)
        with database.reading(engine) as conn:
            owner = users.first_owner_id(conn)
        if owner is None:
            engine.dispose()
            raise NoWorkspace(settings.describe())
        return cls(settings, engine, owner)

    def get_settings(self) -> UserSettings:
        """The owner's settings."""
        with self.reading() as conn:
            return users.get_settings(conn, self.owner_id)

    def now(self) -> dt.datetime:
        """The current instant (UTC), from the one clock."""
        return self.settings.clock.now()

    def local_now(self, conn: Connection | None = None) -> dt.datetime:
        """The current instant in the owner's zone: for what shows a date to the user
        (a backup's name, "exported on"), so that it is their day, not Greenwich's. Inside
        a transaction, give its ``conn`` (the owner's zone is read there)."""
        if conn is not None:
            zone = users.get_settings(conn, self.owner_id).timezone
        else:
            zone = self.get_settings().timezone
        return self.now().astimezone(zoneinfo.ZoneInfo(zone))

    def paper_size(self, given: str | None = None) -> str:
        """The paper to print on (``a4`` or ``letter``): ``given`` (``--paper``), else the
        owner's ``paper`` setting, else the size of their country (``core.paper``): the
        ``country`` setting, else the country of their zone in the tz database's zone.tab."""
        from coffeechat.core.paper import checked, paper_for
        from coffeechat.formats.zonetab import zone_countries

        if given:  # checked before the settings are read
            return checked(given)
        owner = self.get_settings()
        country = owner.country or zone_countries().get(owner.timezone)
        return paper_for(None, owner.paper, country)

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection for reads only: on SQLite its transaction begins deferred and runs
        beside a writer. Anything that writes goes through ``writing()``."""
        with database.reading(self.engine) as conn, _ids_in_range():
            yield conn

    #: Make every write transaction inside one change that ``undo`` reverts whole:
    #: ``with Workspace.change("log meeting"): ...`` (see service/changes.py).
    change = staticmethod(changes.change)

    #: Whether this class's writes are writes of the owner's workspace, which take the
    #: owner's feeds lock (``database.lock_owner_feeds``); the accounts' are not.
    locks_feeds = True

    @contextmanager
    def writing(
        self,
        *,
        keep: bool = True,
        label: str | None = None,
        record: bool = True,
        refresh: bool = False,
    ) -> Iterator[Connection]:
        """A write transaction: everything inside lands together or not at all (never,
        with ``keep`` false: a dry run, rolled back). On SQLite it takes the write lock as
        it begins (``BEGIN IMMEDIATE``), waiting up to ``database.BUSY_TIMEOUT`` for
        another writer to finish; WorkspaceBusy after that.

        What it writes is recorded for ``undo`` as part of the change open around it
        (``Workspace.change``), or as a change of its own named ``label``; not at all
        with ``record`` false (maintenance, and ``undo`` itself).

        On PostgreSQL it holds the owner's feeds lock (``database.lock_owner_feeds``)
        until it ends: shared, so the owner's writes run side by side; exclusive with
        ``refresh``, for a transaction that caches what their writes feed."""
        from sqlalchemy.exc import OperationalError

        from coffeechat.store import undo as undo_store

        current = None
        if record:
            current = changes.active() or changes.Change(label or changes.DEFAULT_LABEL)
        recorded = False
        try:
            with _ids_in_range(), self.engine.connect() as conn, conn.begin() as transaction:
                if self.locks_feeds:
                    database.lock_owner_feeds(conn, self.owner_id, exclusive=refresh)
                change_id = None if current is None else undo_store.begin(conn, current.id)
                yield conn
                if not keep:
                    transaction.rollback()
                elif current is not None and change_id is not None:
                    recorded = undo_store.finish(
                        conn,
                        change_id,
                        current.label,
                        self.now(),
                        continued=current.recorded,
                        owner_id=self.owner_id,
                    )
            if recorded and current is not None:  # committed: later transactions join it
                current.recorded, current.id = True, change_id
        except OperationalError as error:
            if not database.is_locked(error):
                raise
            waited = database.BUSY_TIMEOUT if self.engine.dialect.name == "sqlite" else 0.0
            raise WorkspaceBusy(waited) from None

    def write_patiently(
        self, work: Callable[[Connection], T], *, attempts: int = WRITE_ATTEMPTS
    ) -> T:
        """``work`` in a write transaction, tried again when the workspace stays locked
        past the busy timeout (another command writing for long, e.g. a big import):
        rolled back, then tried again after a pause that doubles, ``attempts`` times in
        all; then WorkspaceBusy. For writes that must not be lost, such as the notes of a
        chat, saved as they are typed."""
        pause, waited = FIRST_PAUSE, 0.0
        for attempt in range(1, attempts + 1):
            try:
                with self.writing() as conn:
                    return work(conn)
            except WorkspaceBusy as busy:
                waited += busy.waited
                if attempt == attempts:
                    raise WorkspaceBusy(waited) from None
            time.sleep(pause)
            waited += pause
            pause *= 2
        raise AssertionError("unreachable")  # pragma: no cover

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    def contact_exists(self, contact_id: int) -> bool:
        """Whether the owner has a contact with this id (one row read)."""
        with self.reading() as conn:
            return contact_store.contact_name(conn, self.owner_id, contact_id) is not None

    def _resolve_contact(self, conn: Connection, ref: str) -> int:
        """A contact id from an id or an unambiguous part of the name."""
        cleaned = ref.strip()
        is_id = cleaned.isascii() and cleaned.isdigit() and len(cleaned) < 19
        if is_id and contact_store.contact_name(conn, self.owner_id, int(cleaned)) is not None:
            return int(cleaned)  # an id: one row read, not every name
        return resolve(
            contact_store.contact_names(conn, self.owner_id), ref, UnknownContact, AmbiguousContact
        )

    def _resolve_company(self, conn: Connection, ref: str) -> int:
        """A company id from an id or an unambiguous part of the name."""
        return resolve(
            company_store.company_names(conn, self.owner_id), ref, UnknownCompany, AmbiguousCompany
        )


def resolve(
    candidates: list[tuple[int, str]],
    ref: str,
    unknown: Callable[[str], CoffeechatError],
    ambiguous: Callable[[str, list[tuple[int, str]]], CoffeechatError],
) -> int:
    """Pick one (id, name) by id, exact name, or unambiguous part of the name.

    An exact (case-insensitive) name wins over partial matches; a part of the name must
    match from the start of a word ("ada" finds "Ada Lovelace", not "Canada").
    """
    ref = ref.strip()
    if ref.isdigit():
        for cid, _ in candidates:
            if cid == int(ref):
                return cid
    key = folded(ref)
    exact = [(cid, n) for cid, n in candidates if folded(n) == key]
    if len(exact) == 1:
        return exact[0][0]
    matches = exact or [(cid, n) for cid, n in candidates if key and _word_prefix(folded(n), key)]
    if not matches:
        raise unknown(ref)
    if len(matches) > 1:
        raise ambiguous(ref, matches)
    return matches[0][0]


def folded(name: str | None) -> str:
    """A name as references and duplicate checks compare it: spaces collapsed, case and
    accents ignored ("tomas" finds "Tomás")."""
    spaced = " ".join((name or "").split()).casefold()
    if spaced.isascii():  # most names: nothing to decompose
        return spaced
    return unicodedata.normalize("NFKD", spaced).translate(_NO_MARKS)


class _Marks(dict[int, int | None]):
    """A str.translate table dropping combining marks, filled in as characters are met
    (a whole-Unicode table would take longer to build than most imports take)."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_NO_MARKS = _Marks()


def _word_prefix(name: str, key: str) -> bool:
    words = name.split()
    return any(" ".join(words[i:]).startswith(key) for i in range(len(words)))
