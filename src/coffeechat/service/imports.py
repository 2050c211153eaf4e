"""Bringing contacts in from files: duplicates matched, nothing overwritten, all or nothing.

A record matches an existing contact (or one created earlier in the same file) by any
e-mail, by LinkedIn URL, or by name and company compared without case, accents or extra
spaces. A match keeps every field it has and gets only the empty ones filled (and new
e-mails and tags added); a record with no match becomes a new contact. The whole import
is one transaction, after an automatic backup: killed halfway, the workspace holds all of
it or none of it. A dry run does the same work and rolls it back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import Connection

from coffeechat.bulk import gc_paused
from coffeechat.core import validate
from coffeechat.core.model import Contact
from coffeechat.service.base import folded
from coffeechat.service.contacts import DEFAULT_WORK_HOURS, ContactsMixin, search_text
from coffeechat.service.maintenance import MaintenanceMixin
from coffeechat.store import companies as company_store
from coffeechat.store import contacts as contact_store
from coffeechat.store import search as search_store
from coffeechat.store import undo as undo_store

if TYPE_CHECKING:
    from coffeechat.formats.imported import ImportedContact, ReadResult

#: New contacts are written this many at a time (and the progress bar moves after each).
WRITE_CHUNK = 5_000
#: Fields filled on a match when the contact has none (record attribute → column).
_FILLED = ("phone", "linkedin", "title", "city", "met_on", "how_met", "note")


class RowOutcome(NamedTuple):
    """What became of one record of the file."""

    line: int
    name: str
    action: str  # created | updated | merged | unchanged | skipped
    contact_id: int | None = None
    reason: str = ""


@dataclass
class ImportSummary:
    """The result of an import (or of a dry run: what it would do)."""

    source: str
    kind: str
    dry_run: bool
    total: int = 0
    rows: list[RowOutcome] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)
    backup: Path | None = None

    def count(self, action: str) -> int:
        """How many rows had this outcome."""
        return sum(1 for r in self.rows if r.action == action)


class ImportsMixin(MaintenanceMixin, ContactsMixin):
    """Imports of contact files."""

    @gc_paused()
    def import_contacts(
        self,
        read: ReadResult,
        source: str,
        kind: str,
        dry_run: bool = False,
        progress: Callable[[int, int], None] | None = None,
    ) -> ImportSummary:
        """Import what a reader found in a file (see the module docstring).

        The records are as the readers return them: every value already checked with
        ``core.validate`` (the rules ``contact add`` applies). ``progress(done, total)``
        is called as the records are matched (the first half of ``total``) and as the
        new contacts are written, ``WRITE_CHUNK`` at a time (the second half).
        """
        summary = ImportSummary(source, kind, dry_run, total=read.total)
        summary.warnings = [(w.line, w.reason) for w in read.warnings]
        self._no_future_meetings(read.records, summary)
        summary.rows = [RowOutcome(s.line, "", "skipped", None, s.reason) for s in read.skipped]
        if not dry_run and read.records:
            reason = f"before-import-{kind}"
            summary.backup = self.auto_backup(reason) or self.server_backup(reason)
        with self.writing(keep=not dry_run) as conn:
            self._import(conn, read.records, summary, progress)
        summary.rows.sort(key=_line)
        return summary

    def _no_future_meetings(self, records: list[ImportedContact], summary: ImportSummary) -> None:
        """A day met later than tomorrow has not happened (a typo in the year): dropped
        from its record with a warning, like any value a reader cannot use."""
        from coffeechat.core import limits

        latest = (self.now() + limits.FUTURE_SLACK).date()
        found = False
        for n, record in enumerate(records):
            if record.met_on is not None and record.met_on > latest:
                found = True
                summary.warnings.append(
                    (
                        record.line,
                        f"met_on: {record.met_on.isoformat()} is in the future; "
                        "imported without it",
                    )
                )
                records[n] = record._replace(met_on=None)
        if found:
            summary.warnings.sort(key=lambda w: w[0])

    def server_backup(self, reason: str) -> Path | None:
        """The automatic backup of a server database (PostgreSQL), which ``backup`` cannot
        copy as a file: the workspace as a JSON export (what ``export json`` writes, and
        ``import json`` restores), in ``backups/auto-<stamp>-<reason>.json``, readable by
        its owner alone (0600); the newest ``KEEP`` of them are kept. None on SQLite,
        whose automatic backup is a copy of the file (``auto_backup``)."""
        from coffeechat.formats import files
        from coffeechat.service.exchange import ExchangeMixin
        from coffeechat.service.maintenance import backups_folder
        from coffeechat.store import backup as backup_store
        from coffeechat.store import database

        if database.sqlite_path(self.settings.database_url) is not None:
            return None
        if not isinstance(self, ExchangeMixin):  # a Workspace is both
            return None
        folder = backups_folder(self.settings.home)
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in reason)[:40]
        stem = f"{backup_store.AUTO_PREFIX}{backup_store.stamp(self.local_now())}-{safe}"
        target = folder / f"{stem}.json"
        n = 1
        while target.exists():  # two in the same second
            n += 1
            target = folder / f"{stem}-{n}.json"
        files.write_bytes(target, self.export_json(), mode=0o600)
        saved = sorted(folder.glob(f"{backup_store.AUTO_PREFIX}*.json"))
        for old in saved[: max(0, len(saved) - backup_store.KEEP)]:
            old.unlink(missing_ok=True)
        return target

    def _import(
        self,
        conn: Connection,
        records: Sequence[ImportedContact],
        summary: ImportSummary,
        progress: Callable[[int, int], None] | None,
    ) -> None:
        existing = {c.id: c for c in contact_store.list_contacts(conn, self.owner_id)}
        by_email: dict[str, int] = {}
        by_link: dict[str, int] = {}
        by_name: dict[tuple[str, str], int] = {}
        for c in existing.values():
            for e in c.emails:
                by_email.setdefault(e.casefold(), c.id)
            if c.linkedin:
                by_link.setdefault(c.linkedin.casefold(), c.id)
            by_name.setdefault((folded(c.name), folded(c.company)), c.id)
        # new contacts, merged with later rows of the file; keyed -1, -2, ... until they
        # have ids
        pending: list[ImportedContact] = []
        changed: dict[int, dict[str, Any]] = {}
        added_emails: dict[int, list[str]] = {}
        added_tags: dict[int, list[str]] = {}
        outcomes: list[tuple[int, str, str, int]] = []  # line, name, action, key
        company_keys: dict[str | None, str] = {}  # exports repeat companies: fold each once
        total = len(records)
        for n, record in enumerate(records, 1):
            if progress is not None and n % 500 == 0:
                progress(n, 2 * total)
            emails = [e.casefold() for e in record.emails]
            link = record.linkedin.casefold() if record.linkedin else None
            company = company_keys.get(record.company)
            if company is None:
                company = company_keys[record.company] = folded(record.company)
            name_key = (folded(record.name), company)
            match = None
            for e in emails:
                if e in by_email:
                    match = by_email[e]
                    break
            if match is None and link:
                match = by_link.get(link)
            if match is None:
                match = by_name.get(name_key)
            if match is None:
                pending.append(record)
                match = -len(pending)
                action = "created"
            elif match < 0:
                pending[-match - 1] = _merged(pending[-match - 1], record)
                action = "merged"
            else:
                action = _match_existing(
                    existing[match],
                    record,
                    changed.setdefault(match, {}),
                    added_emails.setdefault(match, []),
                    added_tags.setdefault(match, []),
                )
            for e in emails:
                by_email.setdefault(e, match)
            if link:
                by_link.setdefault(link, match)
            by_name.setdefault(name_key, match)
            outcomes.append((record.line, record.name, action, match))

        def written(n: int) -> None:
            if progress is not None:
                progress(total + n * total // len(pending), 2 * total)

        ids = self._create(conn, pending, written)
        summary.rows += [
            RowOutcome(line, name, action, ids[-key - 1] if key < 0 else key)
            for line, name, action, key in outcomes
        ]
        self._update(conn, existing, changed, added_emails, added_tags)
        if progress is not None:
            progress(2 * total, 2 * total)

    def _company_ids(self, conn: Connection, names: Iterable[str | None]) -> dict[str, int]:
        """Company ids by name as given, creating (in bulk) the companies not seen before;
        names are compared folded, as ``contact add`` compares them."""
        given = {name: folded(name) for name in names if name and name.strip()}  # in order
        known = {folded(n): i for i, n in company_store.company_names(conn, self.owner_id)}
        new: dict[str, str] = {}
        for name, key in given.items():
            if key not in known and key not in new:
                new[key] = validate.name(name, "company")
        if new:
            created = list(new.values())
            ids, inserted = company_store.insert_companies(conn, self.owner_id, created, self.now())
            known.update(zip(new, ids, strict=True))
            docs = [
                ("company", i, n, "") for i, n in zip(ids, created, strict=True) if i in inserted
            ]
            search_store.index_many(conn, self.owner_id, docs)
        return {name: known[key] for name, key in given.items()}

    def _create(
        self,
        conn: Connection,
        pending: list[ImportedContact],
        written: Callable[[int], None] | None = None,
    ) -> list[int]:
        """Insert the new contacts in bulk, ``WRITE_CHUNK`` at a time, and index them;
        their ids in order. ``written(n)`` says how many are in after each chunk."""
        if not pending:
            return []
        # undo deletes these rows by id range (their tags go with the contacts)
        with undo_store.bulk_inserts(
            conn, ("company", "contact", "contact_email", "search_doc"), ("contact_tag",)
        ):
            return self._create_bulk(conn, pending, written)

    def _create_bulk(
        self,
        conn: Connection,
        pending: list[ImportedContact],
        written: Callable[[int], None] | None = None,
    ) -> list[int]:
        companies = self._company_ids(conn, (p.company for p in pending))  # in file order
        ids: list[int] = []
        for start in range(0, len(pending), WRITE_CHUNK):
            chunk = pending[start : start + WRITE_CHUNK]
            rows = [
                (
                    p.name,
                    p.phones[0] if p.phones else None,
                    p.linkedin,
                    companies.get(p.company) if p.company else None,
                    p.title,
                    p.city,
                    p.met_on,
                    p.how_met,
                    p.note,
                    DEFAULT_WORK_HOURS,
                )
                for p in chunk
            ]
            tags = [sorted(p.tags) if len(p.tags) > 1 else p.tags for p in chunk]
            new = contact_store.insert_many(
                conn, self.owner_id, rows, [p.emails for p in chunk], tags, self.now()
            )
            docs = [
                (
                    "contact",
                    cid,
                    p.name,
                    search_text(p.emails, p.company, p.title, p.city, None, None, t, p.note),
                )
                for cid, p, t in zip(new, chunk, tags, strict=True)
            ]
            search_store.index_many(conn, self.owner_id, docs)
            ids += new
            if written is not None:
                written(len(ids))
        return ids

    def _update(
        self,
        conn: Connection,
        existing: dict[int, Contact],
        changed: dict[int, dict[str, Any]],
        added_emails: dict[int, list[str]],
        added_tags: dict[int, list[str]],
    ) -> None:
        """Fill the empty fields of matched contacts and add their new e-mails and tags."""
        touched = {cid for cid, v in changed.items() if v} | {
            cid for cid, e in added_emails.items() if e
        } | {cid for cid, t in added_tags.items() if t}  # fmt: skip
        if not touched:
            return
        companies = self._company_ids(conn, [v.get("_company") for v in changed.values()])
        for cid in sorted(touched):
            person = existing[cid]
            values = dict(changed.get(cid, {}))
            company_name = values.pop("_company", None)
            if company_name:
                values["company_id"] = companies.get(company_name)
            if values:
                contact_store.update_contact(conn, self.owner_id, cid, values)
            if added_emails.get(cid):
                contact_store.set_emails(
                    conn, self.owner_id, cid, [*person.emails, *added_emails[cid]]
                )
            if added_tags.get(cid):
                contact_store.set_tags(
                    conn, self.owner_id, cid, sorted({*person.tags, *added_tags[cid]})
                )
            self._index_contact(conn, cid)


def _line(row: RowOutcome) -> int:
    return row.line


def _merged(into: ImportedContact, record: ImportedContact) -> ImportedContact:
    """A new contact with a later row of the same file merged in: empty fields filled,
    new e-mails and tags added."""
    filled = {
        key: getattr(record, key)
        for key in ("phones", "linkedin", "title", "city", "met_on", "how_met", "note", "company")
        if getattr(into, key) in (None, "", ()) and getattr(record, key) not in (None, "", ())
    }
    known = {e.casefold() for e in into.emails}
    emails = (*into.emails, *(e for e in record.emails if e.casefold() not in known))
    tags = tuple(sorted({*into.tags, *record.tags}))
    return into._replace(emails=emails, tags=tags, **filled)


def _match_existing(
    person: Contact,
    record: ImportedContact,
    out: dict[str, Any],
    added_emails: list[str],
    added_tags: list[str],
) -> str:
    """Note what a record adds to an existing contact (empty fields, e-mails, tags):
    "updated", or "unchanged" when it adds nothing."""
    values = {
        "phone": record.phones[0] if record.phones else None,
        "linkedin": record.linkedin,
        "title": record.title,
        "city": record.city,
        "met_on": record.met_on,
        "how_met": record.how_met,
        "note": record.note,
    }
    filled = False
    for key in _FILLED:
        value = values[key]
        if value not in (None, "") and getattr(person, key) in (None, "") and key not in out:
            out[key] = value
            filled = True
    if record.company and person.company_id is None and "_company" not in out:
        out["_company"] = record.company
        filled = True
    known = {x.casefold() for x in person.emails} | {x.casefold() for x in added_emails}
    new_emails = [e for e in record.emails if e.casefold() not in known]
    new_tags = [
        t for t in dict.fromkeys(record.tags) if t not in person.tags and t not in added_tags
    ]
    added_emails += new_emails
    added_tags += new_tags
    return "updated" if filled or new_emails or new_tags else "unchanged"
