"""What every part of the workspace shares: the engine, the owner, the clock."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine

from coffeechat.config import Settings
from coffeechat.core.errors import (
    AmbiguousCompany,
    AmbiguousContact,
    CoffeechatError,
    UnknownCompany,
    UnknownContact,
)
from coffeechat.store import companies as company_store
from coffeechat.store import contacts as contact_store


class WorkspaceBase:
    """An open workspace: one database, one owner, one clock."""

    def __init__(self, settings: Settings, engine: Engine, owner_id: int) -> None:
        self.settings = settings
        self.engine = engine
        self.owner_id = owner_id

    def now(self) -> dt.datetime:
        """The current instant (UTC), from the one clock."""
        return self.settings.clock.now()

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection for reads."""
        with self.engine.connect() as conn:
            yield conn

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """A transaction: everything inside lands together or not at all."""
        with self.engine.begin() as conn:
            yield conn

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    def _resolve_contact(self, conn: Connection, ref: str) -> int:
        """A contact id from an id or an unambiguous part of the name."""
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
    key = _folded(ref)
    exact = [(cid, n) for cid, n in candidates if _folded(n) == key]
    if len(exact) == 1:
        return exact[0][0]
    matches = exact or [(cid, n) for cid, n in candidates if key and _word_prefix(_folded(n), key)]
    if not matches:
        raise unknown(ref)
    if len(matches) > 1:
        raise ambiguous(ref, matches)
    return matches[0][0]


def _folded(name: str) -> str:
    """A name as references match it: spaces collapsed, case and accents ignored
    ("tomas" finds "Tomás")."""
    decomposed = unicodedata.normalize("NFKD", " ".join(name.split()).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _word_prefix(name: str, key: str) -> bool:
    words = name.split()
    return any(" ".join(words[i:]).startswith(key) for i in range(len(words)))
