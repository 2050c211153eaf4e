"""Companies and the LAMP target list."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError

from coffeechat.core import limits, validate
from coffeechat.core.errors import CompanyExists
from coffeechat.core.lamp import rank_companies
from coffeechat.core.model import Company
from coffeechat.service.contacts import ContactsMixin
from coffeechat.store import companies as company_store
from coffeechat.store import contacts as contact_store


class CompaniesMixin(ContactsMixin):
    """Company use cases."""

    def _company_values(self, raw: dict[str, Any]) -> dict[str, Any]:
        given = {k: v for k, v in raw.items() if v is not None}
        values: dict[str, Any] = {}
        if "name" in given:
            values["name"] = validate.name(given["name"], "name")
        if "advocacy" in given:
            a = given["advocacy"]
            values["advocacy"] = validate.yes_no(a, "advocacy") if str(a).strip() else None
        if "motivation" in given:
            values["motivation"] = validate.score(given["motivation"], 0, 3, "motivation")
        if "posting" in given:
            values["posting"] = validate.score(given["posting"], 1, 3, "posting")
        if "website" in given:
            w = given["website"]
            values["website"] = validate.url(w, "website") if w.strip() else None
        if "note" in given:
            values["note"] = validate.text(given["note"], "note", limits.NOTE)
        if any(values.get(k) is not None for k in ("advocacy", "motivation", "posting")):
            values["target"] = True  # a score puts a company on the list
        if "target" in given:  # said outright, it wins
            values["target"] = bool(given["target"])
        return values

    def add_company(self, name: str, **raw: Any) -> Company:
        """Add a target company (on the LAMP list unless ``target=False``)."""
        values = self._company_values({"target": True, **raw, "name": name})
        with self.writing() as conn:
            found = company_store.find_company_by_name(conn, self.owner_id, values["name"])
            if found is not None:
                known = company_store.get_company(conn, self.owner_id, found)
                if known is None or known.target:
                    raise CompanyExists(values["name"])
                # an employer of a contact, put on the list now: it keeps its own name
                del values["name"]
                company_store.update_company(conn, self.owner_id, found, values)
                self._index_company(conn, found)
                return self._show_company(conn, found)
            cid = company_store.insert_company(conn, self.owner_id, values, self.now())
            if cid is None:  # another command created it meanwhile
                raise CompanyExists(values["name"])
            self._index_company(conn, cid)
        return self.show_company(str(cid))

    def edit_company(self, ref: str, **raw: Any) -> Company:
        """Change a company's fields or LAMP scores."""
        values = self._company_values(raw)
        with self.writing() as conn:
            cid = self._resolve_company(conn, ref)
            if "name" in values:
                other = company_store.find_company_by_name(conn, self.owner_id, values["name"])
                if other is not None and other != cid:
                    raise CompanyExists(values["name"])
            try:
                company_store.update_company(conn, self.owner_id, cid, values)
            except IntegrityError:  # the name, taken meanwhile by another command
                if "name" not in values:
                    raise
                raise CompanyExists(values["name"]) from None
            self._index_company(conn, cid)
            if "name" in values:  # contacts are found by their company's name too
                for contact_id, _ in contact_store.contacts_at_companies(conn, self.owner_id).get(
                    cid, []
                ):
                    self._index_contact(conn, contact_id)
        return self.show_company(str(cid))

    def _ranked(self, conn: Connection) -> list[Company]:
        companies = company_store.list_companies(conn, self.owner_id)
        people = contact_store.contacts_at_companies(conn, self.owner_id)
        for c in companies:
            c.contacts = people.get(c.id, [])
        return rank_companies(companies)

    def list_companies(self) -> list[Company]:
        """Companies in LAMP order, the top five marked active."""
        with self.reading() as conn:
            return self._ranked(conn)

    def show_company(self, ref: str) -> Company:
        """One company with its rank and contacts."""
        with self.reading() as conn:
            return self._show_company(conn, self._resolve_company(conn, ref))

    def _show_company(self, conn: Connection, company_id: int) -> Company:
        return next(c for c in self._ranked(conn) if c.id == company_id)
