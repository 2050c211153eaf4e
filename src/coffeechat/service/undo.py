"""``undo``: revert the last change of the workspace (one level), exactly.

What a change writes is recorded by database triggers as it happens (store/undo.py);
the change boundaries come from ``Workspace.change`` (service/changes.py). Reverting
writes the rows back in one transaction, which is not itself recorded: right after an
undo, there is nothing to undo. Files a command wrote outside the database (drafts,
invites, PDFs) stay where they are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import Connection

from coffeechat.core.errors import UndoRefused
from coffeechat.service.base import WorkspaceBase
from coffeechat.store import undo as undo_store


@dataclass(frozen=True)
class Undone:
    """What undo reverted (or, in a dry run, would revert)."""

    change_id: int
    label: str
    created_at: dt.datetime | None
    records: int
    #: the names of (up to three of) the contacts it touched, and how many it touched
    contacts: list[str] = field(default_factory=list)
    contact_count: int = 0
    done: bool = True


class UndoMixin(WorkspaceBase):
    """The last change, and reverting it."""

    def last_change(self) -> Undone | None:
        """What ``undo`` would revert now (None: nothing)."""
        with self.reading() as conn:
            last = undo_store.last(conn, self.owner_id)
            if last is None:
                return None
            return _described(conn, last, undo_store.plan(conn, last.change_id), done=False)

    def undo(self, *, dry_run: bool = False, expected: int | None = None) -> Undone | None:
        """Revert the last change (None when there is nothing to undo); ``dry_run``: say
        what it would revert, changing nothing. ``expected`` (a change id shown before,
        e.g. by a web page) refuses with UndoRefused when another change came since."""
        if dry_run:
            found = self.last_change()
            if expected is not None and (found is None or found.change_id != expected):
                raise UndoRefused(f"change {expected}")
            return found
        with self.writing(record=False) as conn:
            last = undo_store.last(conn, self.owner_id, lock=True)
            if expected is not None and (last is None or last.change_id != expected):
                raise UndoRefused(f"change {expected}")
            if last is None:
                return None
            revert = undo_store.plan(conn, last.change_id)
            undone = _described(conn, last, revert, done=True)
            undo_store.revert(conn, revert)
            undo_store.forget(conn, self.owner_id)
            return undone

    def forget_changes(self) -> None:
        """Leave nothing to undo (after a repair or a restore of the whole workspace)."""
        with self.writing(record=False) as conn:
            undo_store.forget(conn, self.owner_id)


def _described(
    conn: Connection, last: undo_store.Last, revert: undo_store.Plan, *, done: bool
) -> Undone:
    names, count = undo_store.contacts_of(conn, revert)
    return Undone(
        change_id=last.change_id,
        label=last.label,
        created_at=last.created_at,
        records=revert.records(),
        contacts=names,
        contact_count=count,
        done=done,
    )
