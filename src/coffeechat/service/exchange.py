"""Export and import: the whole workspace as JSON (a lossless backup), contacts as CSV
and vCard for other tools."""

from __future__ import annotations

import datetime as dt
import io
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from sqlalchemy import Connection
from sqlalchemy.exc import StatementError

from coffeechat.core.errors import CoffeechatError
from coffeechat.core.model import Contact, EventKind
from coffeechat.service.contacts import ContactsMixin
from coffeechat.service.maintenance import MaintenanceMixin
from coffeechat.store import exchange as store
from coffeechat.store import undo as undo_store

#: How the tables read in the message that a workspace is not empty.
_LABELS = {
    "company": "companies",
    "contact": "contacts",
    "contact_email": "e-mail addresses",
    "contact_tag": "tags",
    "event": "timeline entries",
    "calendar_source": "calendars",
    "guide": "guides",
    "conversation": "conversations",
    "proposal": "proposals",
    "proposal_option": "offered times",
    "note": "notes",
    "takeaway": "takeaways",
    "promise": "promises",
    "introduction": "introductions",
    "followup_state": "follow-up decisions",
    "path": "paths",
    "path_step": "path steps",
    "search_doc": "search entries",
    "user": "users",
}


#: Rows read at a time when the search index is rebuilt after an import.
_INDEX_CHUNK = 5000


class WorkspaceNotEmpty(CoffeechatError):
    """A backup is restored only into a workspace that holds nothing but its owner."""

    def __init__(self, source: str, found: dict[str, int]) -> None:
        held = ", ".join(f"{_LABELS.get(table, table)}: {n}" for table, n in sorted(found.items()))
        super().__init__(
            f"{source}: not imported: this workspace already holds data ({held}); a backup "
            "is restored only into a new, empty workspace: point COFFEECHAT_HOME (or --home) "
            "at a new folder, run `coffeechat init --name NAME` there, then import again"
        )


class ImportRefused(CoffeechatError):
    """The database refused a row of a backup that looked right (one line, the reason)."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: not imported: the database refused it ({reason})")


@dataclass(frozen=True)
class ImportSummary:
    """What an import restored: rows per section of the document, and whose export it was."""

    source: str
    owner: str
    schema: str
    exported_at: dt.datetime
    counts: dict[str, int] = field(default_factory=dict)


class ExchangeMixin(MaintenanceMixin, ContactsMixin):
    """The JSON backup (export and import), and contacts as CSV and vCard."""

    def _export(self, conn: Connection, counts: dict[str, int]) -> dict[str, Any]:
        """The export document over ``conn`` (already a snapshot), each section a
        generator that reads its rows chunk by chunk as it is written."""
        from coffeechat.formats import exportjson
        from coffeechat.store.schema import SCHEMA_REVISION

        owner = store.owner_row(conn, self.owner_id)

        def chunks(section: exportjson.Section) -> Iterator[exportjson.Chunk]:
            kids = [(f.table, f.parent) for f in section.fields if f.table and f.parent]
            for rows in store.chunks(conn, self.owner_id, section.table):
                ids = [r["id"] for r in rows]
                yield rows, {t: store.children(conn, self.owner_id, t, p, ids) for t, p in kids}

        sections = {s.key: chunks(s) for s in exportjson.SECTIONS}
        return exportjson.document(owner, sections, SCHEMA_REVISION, self.now(), counts)

    def export_document(self) -> dict[str, Any]:
        """The whole workspace as the export document (docs/export.md), whole in memory:
        for a small workspace or a test; ``write_export_json`` streams it."""
        with self.reading() as conn:
            whole = self._export(store.snapshot(conn), {})
            return {k: list(v) if isinstance(v, Iterator) else v for k, v in whole.items()}

    def write_export_json(self, stream: BinaryIO) -> dict[str, int]:
        """Write the export document (what ``coffeechat export json`` writes) onto a
        binary stream as it is read, a chunk of rows at a time, from one snapshot of the
        database: memory does not grow with the workspace. Returns the number of objects
        of each list of the document."""
        from coffeechat.formats import exportjson

        counts: dict[str, int] = {}
        with self.reading() as conn:
            exportjson.write(stream, self._export(store.snapshot(conn), counts))
        return counts

    def export_json(self) -> bytes:
        """The export document as UTF-8 bytes (``write_export_json`` into memory)."""
        out = io.BytesIO()
        self.write_export_json(out)
        return out.getvalue()

    def import_json(self, data: bytes | BinaryIO, source: str = "the file") -> ImportSummary:
        """Restore an export into this workspace, which must hold nothing but its owner:
        everything lands, ids kept and the owner's settings replaced, or nothing does.

        ``data`` is the file's bytes or a binary stream, read as it comes (at most
        ``exportjson.MAX_BYTES`` of it): each object is checked and inserted a batch at a
        time inside one transaction, which any problem rolls back, so memory does not grow
        with the backup. ``source`` names the file in messages."""
        from coffeechat.formats import exportjson
        from coffeechat.formats.files import BoundedReader

        stream = BoundedReader(
            io.BytesIO(data) if isinstance(data, bytes) else data,
            source,
            exportjson.MAX_BYTES,
            "a JSON export",
        )
        with self.reading() as conn:
            found = store.occupied(conn)
        if found:
            raise WorkspaceNotEmpty(source, found)
        self.auto_backup("before-import-json")
        try:
            with self.writing() as conn:
                found = store.occupied(conn)
                if found:
                    raise WorkspaceNotEmpty(source, found)
                introducers: list[tuple[int, int]] = []
                filled: set[str] = set()

                def sink(table: str, rows: list[dict[str, Any]]) -> None:
                    introducers.extend(store.insert_rows(conn, self.owner_id, table, rows))
                    filled.add(table)

                ranged, cascaded = undo_store.keyed_tables()
                with undo_store.bulk_inserts(conn, ranged, cascaded):  # undo: delete them all
                    restored = exportjson.read(stream, source, sink)
                    store.replace_owner(conn, self.owner_id, restored.settings)
                    store.set_introducers(conn, introducers)
                    store.continue_sequences(conn, [t for t in store.TABLES if t in filled])
                    self._reindex(conn)
        except StatementError as error:
            reason = str(error.orig).strip().splitlines()[0] if error.orig else type(error).__name__
            raise ImportRefused(source, reason) from None
        return ImportSummary(
            source,
            restored.settings["name"],
            restored.schema,
            # shown as a day: the day it was where the restored owner lives
            restored.exported_at.astimezone(zoneinfo.ZoneInfo(restored.settings["timezone"])),
            restored.counts,
        )

    def _reindex(self, conn: Connection) -> None:
        """Put every restored company, contact and note in the search index, in bulk and a
        chunk at a time: the same documents as ``_index_company``, ``_index_contact``,
        ``_index_note`` and ``_index_chat_note`` write one by one (the round-trip test
        compares the two)."""
        from coffeechat.service.contacts import search_body
        from coffeechat.store import search as search_store
        from coffeechat.store.conversations import CHAT_NOTE

        def index(docs: list[tuple[str, int, str, str]]) -> None:
            search_store.index_many(conn, self.owner_id, docs)

        for rows in store.chunks(conn, self.owner_id, "company", _INDEX_CHUNK):
            index(
                [
                    (
                        "company",
                        r["id"],
                        r["name"],
                        " ".join(p for p in (r["website"], r["note"]) if p),
                    )
                    for r in rows
                ]
            )
        for batch in store.contacts_in_chunks(conn, self.owner_id, False, _INDEX_CHUNK):
            index([("contact", c.id, c.name, search_body(c)) for c in batch])
        for rows in store.chunks(conn, self.owner_id, "event", _INDEX_CHUNK):
            noted = [r for r in rows if r["note"]]
            names = store.names_of(conn, self.owner_id, [r["contact_id"] for r in noted])
            index(
                [
                    (
                        "event",
                        r["id"],
                        f"{names[r['contact_id']]}: {EventKind(r['kind']).value}",
                        r["note"],
                    )
                    for r in noted
                ]
            )
        for rows in store.chunks(conn, self.owner_id, "note", _INDEX_CHUNK):
            written = [r for r in rows if r["text"].strip()]
            names = store.names_of(conn, self.owner_id, [r["contact_id"] for r in written])
            index(
                [
                    (
                        CHAT_NOTE,
                        r["id"],
                        f"{names[r['contact_id']]}: {r['topic'] or 'conversation'}",
                        r["text"],
                    )
                    for r in written
                ]
            )
        for kind, detail in (("takeaway", "kind"), ("promise", "by")):
            for rows in store.chunks(conn, self.owner_id, kind, _INDEX_CHUNK):
                names = store.names_of(conn, self.owner_id, [r["contact_id"] for r in rows])
                index(
                    [
                        (
                            kind,
                            r["id"],
                            search_store.written_title(names[r["contact_id"]], kind, r[detail]),
                            r["text"],
                        )
                        for r in rows
                    ]
                )

    def _contacts_with_stages(self, conn: Connection) -> Iterator[Contact]:
        """Every contact by name, each with its stage (as ``list_contacts``), read a chunk
        at a time with the timelines of that chunk only."""
        from coffeechat.service.contacts import staged

        zone = self._user_zone(conn)
        now = self.now()
        for batch in store.contacts_in_chunks(conn, self.owner_id):
            events, talks = store.timelines_of(conn, self.owner_id, [c.id for c in batch])
            for c in batch:
                yield staged(c, events.get(c.id, []), talks.get(c.id, []), now, zone)

    def write_contacts_csv(self, stream: BinaryIO) -> int:
        """Every contact as a CSV row (UTF-8 with a BOM, CRLF), for spreadsheets, written
        as read; returns how many."""
        from coffeechat.formats import exportcontacts

        with self.reading() as conn:
            return exportcontacts.write_csv(stream, self._contacts_with_stages(conn))

    def write_vcard(self, stream: BinaryIO) -> int:
        """Every contact as a vCard 4.0 card, for address books, written as read; returns
        how many."""
        from coffeechat.formats import exportcontacts

        with self.reading() as conn:
            return exportcontacts.write_vcard(stream, self._contacts_with_stages(conn))

    def export_contacts_csv(self) -> bytes:
        """``write_contacts_csv`` into memory."""
        out = io.BytesIO()
        self.write_contacts_csv(out)
        return out.getvalue()

    def export_vcard(self) -> bytes:
        """``write_vcard`` into memory."""
        out = io.BytesIO()
        self.write_vcard(out)
        return out.getvalue()
