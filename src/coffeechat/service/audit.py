"""The team server's audit log, read by admins: a page of entries newest first, filtered
by action, by who did it and since when (``/admin/audit``), and the whole of it as CSV or
JSON (``/admin/audit.csv``, ``coffeechat admin audit``). Every export is itself written
in the log, with the filter it used: who took a copy of what, and when."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coffeechat.core import accounts as rules
from coffeechat.core.errors import InvalidValue
from coffeechat.store import accounts as account_store
from coffeechat.store import audit as store
from coffeechat.store.audit import AuditFilter, AuditRow

if TYPE_CHECKING:
    from coffeechat.service.accounts import Accounts

__all__ = ["PAGE", "AuditEntry", "AuditFilter", "AuditPage", "audit_export", "audit_page"]

#: Entries on a page of /admin/audit.
PAGE = 50
#: The columns of the CSV export, in order.
CSV_COLUMNS = ("id", "at", "actor_email", "actor_name", "action", "target", "detail")

AuditEntry = AuditRow


@dataclass(frozen=True)
class AuditPage:
    """One page of the log: its entries, where the next page starts (None: the last),
    and every action written so far (the filter's choices)."""

    entries: list[AuditEntry]
    offset: int
    next_offset: int | None
    actions: list[str]


#: The actions coffeechat writes in the log (``admin audit --action`` takes these, and
#: any other already in the log).
ACTIONS = (
    "audit.export",
    "cohort.add",
    "cohort.create",
    "cohort.export",
    "cohort.join",
    "cohort.leave",
    "data.export",
    "password.failed",
    "signin",
    "signin.failed",
    "signout.everywhere",
    "submission.comment",
    "submission.open",
    "submission.review",
    "submission.submit",
    "token.issue",
    "token.revoke",
    "user.create",
    "user.deactivate",
    "user.name",
    "user.password",
    "user.password-reset",
    "user.reset-link",
    "user.reset-request",
    "user.reset-request.limited",
    "user.role",
)


def known_actions(accounts: Accounts) -> list[str]:
    """The actions a filter may name, by name: those coffeechat writes, and any other
    written in the log so far."""
    with accounts.reading() as conn:
        found = store.actions(conn)
    return sorted(set(ACTIONS) | set(found))


def since_instant(value: str | None) -> dt.datetime | None:
    """``--since``: a day (``2026-11-27``: from its start, UTC) or an instant with its
    offset (``2026-11-27T09:00:00-05:00``); None when empty."""
    text = (value or "").strip()
    if not text:
        return None
    try:
        if len(text) == 10:
            day = dt.date.fromisoformat(text)
            return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
        instant = dt.datetime.fromisoformat(text)
    except ValueError:
        instant = None
    if instant is None or instant.tzinfo is None:
        raise InvalidValue("since", text, "give a day, or an instant with its offset", "2026-11-27")
    return instant


def audit_filter(
    action: str | None = None, actor: str | None = None, since: str | None = None
) -> AuditFilter:
    """The filter of a page or an export, checked: an action as written in the log, an
    account's e-mail address (any capitals), a day or an instant."""
    cleaned_action = " ".join((action or "").split()) or None
    if cleaned_action is not None and len(cleaned_action) > 40:
        raise InvalidValue("action", cleaned_action, "is not an action of the log", "signin")
    cleaned_actor = None
    if actor and actor.strip():
        try:
            cleaned_actor = rules.login_email(actor)
        except InvalidValue as problem:
            raise InvalidValue("actor", actor, problem.problem, problem.example) from None
    return AuditFilter(cleaned_action, cleaned_actor, since_instant(since))


def audit_page(
    accounts: Accounts, found: AuditFilter, offset: int = 0, limit: int = PAGE
) -> AuditPage:
    """A page of the entries ``found`` names, newest first."""
    with accounts.reading() as conn:
        rows = store.entries(conn, found, limit + 1, offset)
        actions = store.actions(conn)
    more = len(rows) > limit
    return AuditPage(rows[:limit], offset, offset + limit if more else None, actions)


def _described(found: AuditFilter, form: str) -> str:
    parts = [form]
    if found.action:
        parts.append(f"action={found.action}")
    if found.actor:
        parts.append(f"actor={found.actor}")
    if found.since is not None:
        parts.append(f"since={found.since.isoformat()}")
    return " ".join(parts)


def audit_export(
    accounts: Accounts, found: AuditFilter, *, form: str, actor: int | None = None
) -> list[AuditEntry]:
    """Every entry ``found`` names, newest first, for an export in ``form`` (csv,
    json...) by ``actor`` (None: an admin at the shell); the export is written in the
    log (after the entries are read: an export does not list itself)."""
    with accounts.writing(record=False) as conn:
        rows = store.entries(conn, found)
        account_store.audit(
            conn, accounts.now(), actor, "audit.export", None, _described(found, form)
        )
    return rows


def audit_csv(entries: list[AuditEntry]) -> str:
    """The entries as CSV (``CSV_COLUMNS``; instants in UTC, ISO 8601)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for e in entries:
        writer.writerow(
            [
                e.id,
                e.at.isoformat(),
                _cell(e.actor_email or ""),
                _cell(e.actor_name or ""),
                _cell(e.action),
                _cell(e.target or ""),
                _cell(e.detail or ""),
            ]
        )
    return out.getvalue()


def _cell(text: str) -> str:
    """A cell a spreadsheet will not run: one starting with = + - @ is given a quote
    first (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
