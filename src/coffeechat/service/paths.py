"""Paths into a company: record them step by step and compare the two kinds."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Connection

from coffeechat.core import validate
from coffeechat.core.errors import CoffeechatError, InvalidValue, UnknownCompany, quoted
from coffeechat.service.companies import CompaniesMixin
from coffeechat.store import users

if TYPE_CHECKING:  # loaded by the path commands only: `contact list` starts faster
    from coffeechat.core.paths import KindSummary, Path
    from coffeechat.store.paths import PathRow, StepRow


class CompanyToAdd(CoffeechatError):
    """A path names a company the workspace does not know yet."""

    def __init__(self, ref: str) -> None:
        super().__init__(
            f"company: no company matches {quoted(ref)}; add it first with "
            f"`coffeechat company add {_quoted(ref)}` (or see `coffeechat company list`)"
        )


def _quoted(text: str) -> str:
    return f'"{text}"' if not text.replace("-", "").isalnum() else text


@dataclass(frozen=True)
class PathComparison:
    """The user's paths, and each kind in numbers, with what they say."""

    kinds: list[KindSummary]
    paths: list[Path]
    verdict: str


def path_from_rows(row: PathRow, steps: list[StepRow]) -> Path:
    """A stored path and its steps as the domain sees them."""
    from coffeechat.core.paths import Path, PathKind, with_skips

    kind = PathKind.CONVENTIONAL if row.conventional else PathKind.CONTACT
    return Path(
        id=row.id,
        company_id=row.company_id,
        company=row.company,
        role=row.role,
        kind=kind,
        via_contact_id=row.via_contact_id,
        via_contact=row.via_contact,
        steps=tuple(with_skips(kind, ((s.step, s.on, s.note) for s in steps))),
        created_at=row.created_at,
    )


def _role(value: str) -> str:
    from coffeechat.core import limits

    cleaned = " ".join(value.split())
    if not cleaned or len(cleaned) > limits.NAME:
        raise InvalidValue(
            "role", value, f"give the job title, 1-{limits.NAME} characters", "Data Analyst"
        )
    return cleaned


class PathsMixin(CompaniesMixin):
    """Path use cases."""

    def _load_path(self, conn: Connection, path_id: int | str) -> Path:
        from coffeechat.core.paths import UnknownPath
        from coffeechat.store import paths as store

        ref = str(path_id).strip()
        row = store.get_path(conn, self.owner_id, int(ref)) if ref.isdigit() else None
        if row is None:
            raise UnknownPath(ref)
        return path_from_rows(row, store.steps_for(conn, self.owner_id, row.id))

    def _today(self, conn: Connection) -> dt.date:
        zone = users.get_settings(conn, self.owner_id).timezone
        return self.now().astimezone(zoneinfo.ZoneInfo(zone)).date()

    def add_path(self, company: str, role: str, via: str) -> Path:
        """Start a path into a known company for a role, ``via`` "conventional" or a contact."""
        from coffeechat.core.paths import PathKind
        from coffeechat.store import paths as store

        cleaned_role = _role(role)
        with self.writing() as conn:
            try:
                company_id = self._resolve_company(conn, company)
            except UnknownCompany:
                raise CompanyToAdd(company.strip()) from None
            ref = via.strip()
            if not ref:
                raise InvalidValue("via", via, "say conventional or name a contact", "conventional")
            contact_id = None
            if ref.lower() != PathKind.CONVENTIONAL.value:
                contact_id = self._resolve_contact(conn, ref)
            path_id = store.insert_path(
                conn, self.owner_id, company_id, cleaned_role, contact_id, self.now()
            )
            return self._load_path(conn, path_id)

    def add_path_step(
        self, path_id: int | str, step: str, on: str | None = None, note: str | None = None
    ) -> Path:
        """Record the next step a path took (``on``: YYYY-MM-DD, default today)."""
        from coffeechat.core.paths import check_step
        from coffeechat.store import paths as store

        with self.writing() as conn:
            found = self._load_path(conn, path_id)
            today = self._today(conn)
            day = validate.date(on, "on") if on else today
            key, _ = check_step(found, step, day, today)
            text = validate.text(note or "", "note")
            store.add_step(conn, self.owner_id, found.id, key, day, text, self.now())
            return self._load_path(conn, found.id)

    def show_path(self, path_id: int | str) -> Path:
        """One path with its steps."""
        with self.reading() as conn:
            return self._load_path(conn, path_id)

    def list_paths(self) -> list[Path]:
        """Every path, oldest first, with its steps."""
        from coffeechat.store import paths as store

        with self.reading() as conn:
            rows = store.list_paths(conn, self.owner_id)
            steps = store.steps_by_path(conn, self.owner_id)
        return [path_from_rows(r, steps.get(r.id, [])) for r in rows]

    def compare_paths(self) -> PathComparison:
        """Both kinds of path in numbers, from the user's own paths."""
        from coffeechat.core.paths import compare, verdict

        paths = self.list_paths()
        kinds = compare(paths)
        return PathComparison(kinds, paths, verdict(kinds))
