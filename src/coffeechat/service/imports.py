"""Bringing contacts in from files: duplicates matched, nothing overwritten, all or nothing.

A record matches an existing contact (or one created earlier in the same file) by any
e-mail, by LinkedIn URL, or by name and company compared without case, accents or extra
spaces. A match keeps every field it has and gets only the empty ones filled (and new
e-mails and tags added); a record with no match becomes a new contact. The whole import
is one transaction, after an automatic backup: killed halfway, the workspace holds all of
it or none of it. A dry run does the same work and rolls it back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection

from coffeechat.core import validate
from coffeechat.core.errors import InvalidValue
from coffeechat.core.model import Contact
from coffeechat.service.base import folded
from coffeechat.service.contacts import DEFAULT_WORK_HOURS, ContactsMixin, search_body
from coffeechat.service.maintenance import MaintenanceMixin
from coffeechat.store import companies as company_store
from coffeechat.store import contacts as contact_store
from coffeechat.store import search as search_store

if TYPE_CHECKING:
    from coffeechat.formats.imported import ImportedContact, ReadResult

#: Fields filled on a match when the contact has none (record attribute → column).
_FILLED = ("phone", "linkedin", "title", "city", "met_on", "how_met", "note")


@dataclass(frozen=True)
class RowOutcome:
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


@dataclass
class _Pending:
    """A contact about to be created, merged with later rows of the same file."""

    values: dict[str, Any]
    emails: list[str]
    tags: list[str]
    company: str | None
    lines: list[int]


class ImportsMixin(MaintenanceMixin, ContactsMixin):
    """Imports of contact files."""

    def import_contacts(
        self,
        read: ReadResult,
        source: str,
        kind: str,
        dry_run: bool = False,
        progress: Callable[[int, int], None] | None = None,
    ) -> ImportSummary:
        """Import what a reader found in a file (see the module docstring)."""
        summary = ImportSummary(source, kind, dry_run, total=read.total)
        summary.warnings = [(w.line, w.reason) for w in read.warnings]
        summary.rows = [RowOutcome(s.line, "", "skipped", None, s.reason) for s in read.skipped]
        if not dry_run and read.records:
            summary.backup = self.auto_backup(f"before-import-{kind}")
        with self.engine.connect() as conn:
            transaction = conn.begin()
            try:
                self._import(conn, read.records, summary, progress)
            except BaseException:
                transaction.rollback()
                raise
            if dry_run:
                transaction.rollback()
            else:
                transaction.commit()
        summary.rows.sort(key=lambda r: r.line)
        return summary

    def _import(
        self,
        conn: Connection,
        records: Iterable[ImportedContact],
        summary: ImportSummary,
        progress: Callable[[int, int], None] | None,
    ) -> None:
        now = self.now()
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
        pending: list[_Pending] = []
        # new contacts are keyed by negative numbers until they have ids
        changed: dict[int, dict[str, Any]] = {}
        added_emails: dict[int, list[str]] = {}
        added_tags: dict[int, list[str]] = {}
        records = list(records)
        for n, record in enumerate(records, 1):
            if progress is not None and n % 500 == 0:
                progress(n, len(records))
            try:
                values, emails, tags = _clean(record)
            except InvalidValue as error:
                summary.rows.append(
                    RowOutcome(record.line, record.name, "skipped", None, str(error))
                )
                continue
            keys_email = [e.casefold() for e in emails]
            link = values.get("linkedin")
            name_key = (folded(values["name"]), folded(record.company))
            match = next((by_email[e] for e in keys_email if e in by_email), None)
            if match is None and link:
                match = by_link.get(link.casefold())
            if match is None:
                match = by_name.get(name_key)
            if match is None:
                pending.append(_Pending(values, emails, tags, record.company, [record.line]))
                match = -len(pending)
                action = "created"
            elif match < 0:
                _merge_pending(pending[-match - 1], values, emails, tags, record)
                action = "merged"
            else:
                person = existing[match]
                fill = _fill(person, values, record.company, changed.setdefault(match, {}))
                new_emails = [
                    e for e in emails if e.casefold() not in {x.casefold() for x in person.emails}
                ]
                new_tags = [t for t in tags if t not in person.tags]
                added_emails.setdefault(match, [])
                added_tags.setdefault(match, [])
                new_emails = [e for e in new_emails if e not in added_emails[match]]
                new_tags = [t for t in new_tags if t not in added_tags[match]]
                added_emails[match] += new_emails
                added_tags[match] += new_tags
                action = "updated" if fill or new_emails or new_tags else "unchanged"
            for e in keys_email:
                by_email.setdefault(e, match)
            if link:
                by_link.setdefault(link.casefold(), match)
            by_name.setdefault(name_key, match)
            summary.rows.append(RowOutcome(record.line, values["name"], action, match))
        ids = self._create(conn, pending, now)
        summary.rows = [
            RowOutcome(r.line, r.name, r.action, ids[-r.contact_id - 1], r.reason)
            if r.contact_id is not None and r.contact_id < 0
            else r
            for r in summary.rows
        ]
        self._update(conn, existing, changed, added_emails, added_tags)
        if progress is not None:
            progress(len(records), len(records))

    def _company_ids(self, conn: Connection, names: Iterable[str | None]) -> dict[str, int]:
        """Company ids by folded name, creating (in bulk) the companies not seen before."""
        known = {folded(n): i for i, n in company_store.company_names(conn, self.owner_id)}
        new: dict[str, str] = {}
        for name in names:
            cleaned = " ".join((name or "").split())
            if cleaned and folded(cleaned) not in known:
                new.setdefault(folded(cleaned), validate.name(cleaned, "company"))
        if new:
            created = list(new.values())
            ids = company_store.insert_companies(conn, self.owner_id, created, self.now())
            known.update(zip(new, ids, strict=True))
            docs = [("company", i, n, "") for i, n in zip(ids, created, strict=True)]
            search_store.index_many(conn, self.owner_id, docs)
        return known

    def _create(self, conn: Connection, pending: list[_Pending], now: Any) -> list[int]:
        """Insert the new contacts in bulk, and index them; their ids in order."""
        if not pending:
            return []
        companies = self._company_ids(conn, (p.company for p in pending))
        rows = []
        for p in pending:
            row = {**p.values, "work_hours": DEFAULT_WORK_HOURS}
            if p.company:
                row["company_id"] = companies.get(folded(p.company))
            rows.append(row)
        ids = contact_store.insert_many(
            conn, self.owner_id, rows, [p.emails for p in pending], [p.tags for p in pending], now
        )
        docs = []
        for cid, p, row in zip(ids, pending, rows, strict=True):
            shown = Contact(
                id=cid,
                name=row["name"],
                emails=p.emails,
                company=p.company,
                title=row.get("title"),
                city=row.get("city"),
                tags=p.tags,
                note=row.get("note"),
            )
            docs.append(("contact", cid, shown.name, search_body(shown)))
        search_store.index_many(conn, self.owner_id, docs)
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
                values["company_id"] = companies.get(folded(company_name))
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


def _clean(record: ImportedContact) -> tuple[dict[str, Any], list[str], list[str]]:
    """A record's values checked the way `contact add` checks them."""
    values: dict[str, Any] = {"name": validate.name(record.name)}
    # the readers checked and normalised e-mails and LinkedIn URLs with the same rules
    emails = list(dict.fromkeys(e for e in record.emails if e.strip()))
    if record.phones:
        values["phone"] = validate.phone(record.phones[0])
    if record.linkedin:
        values["linkedin"] = record.linkedin
    for key in ("title", "city", "note"):
        text = getattr(record, key)
        if text and text.strip():
            values[key] = text.strip() if key == "note" else " ".join(text.split())
    if record.met_on:
        values["met_on"] = record.met_on
    if record.how_met:
        values["how_met"] = record.how_met
    tags = sorted({validate.tag(t) for t in record.tags if t.strip()})
    return values, emails, tags


def _merge_pending(
    into: _Pending,
    values: dict[str, Any],
    emails: list[str],
    tags: list[str],
    record: ImportedContact,
) -> None:
    for key, value in values.items():
        if into.values.get(key) in (None, "") and value not in (None, ""):
            into.values[key] = value
    into.emails += [e for e in emails if e.casefold() not in {x.casefold() for x in into.emails}]
    into.tags = sorted({*into.tags, *tags})
    if not into.company and record.company:
        into.company = record.company
    into.lines.append(record.line)


def _fill(
    person: Contact, values: dict[str, Any], company: str | None, out: dict[str, Any]
) -> bool:
    """Record in ``out`` the values that fill an existing contact's empty fields."""
    filled = False
    for key in _FILLED:
        value = values.get(key)
        current = getattr(person, key)
        if value not in (None, "") and current in (None, "") and key not in out:
            out[key] = value
            filled = True
    if company and person.company_id is None and "_company" not in out:
        out["_company"] = company
        filled = True
    return filled
