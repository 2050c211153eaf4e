"""Companies (``/companies``): the LAMP table, each row's scores edited in place
(``coffeechat company edit``), a target toggle, the form that adds a company
(``coffeechat company add``), and a company's own page for its website and note
(``company edit --website --note``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from coffeechat.core.errors import CoffeechatError
from coffeechat.core.model import Company
from coffeechat.web import notice as notice_cookie
from coffeechat.web.notice import Undoable
from coffeechat.web.routers.deps import workspace_of
from coffeechat.web.security import check_csrf
from coffeechat.web.templating import is_htmx, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(check_csrf)])

#: What a write did, shown once on the page after its redirect (a cookie, not a query
#: parameter: a link could then put any words on the page).
NOTICE_COOKIE = "coffeechat_companies_notice"


@dataclass(frozen=True)
class CompanyRow:
    """A company in the LAMP table (the fields of ``company list --json``)."""

    id: int
    name: str
    rank: int | None
    motivation: int | None
    posting: int | None
    advocacy: bool | None
    active: bool
    target: bool
    contacts: int


@dataclass
class AddForm:
    """The add form: what was typed, and the error when the service refused it."""

    values: dict[str, str] = field(default_factory=dict)
    error: str | None = None


@dataclass(frozen=True)
class CompaniesPage:
    """The context of Companies."""

    title: str
    rows: list[CompanyRow]
    form: AddForm
    notice: str | None = None
    #: The row a refused edit is about, and why (the one-line error beside it).
    error_id: int | None = None
    error: str | None = None
    undo: Undoable | None = None


@dataclass(frozen=True)
class CompanyPage:
    """The context of a company's page: its website and note as shown (or as typed, when
    refused: ``field`` and ``error`` say which and why)."""

    title: str
    company: Company
    website: str
    note: str
    field: str | None = None
    error: str | None = None


def companies_page(
    request: Request,
    *,
    notice: str | None = None,
    form: AddForm | None = None,
    error_id: int | None = None,
    error: str | None = None,
    undo: Undoable | None = None,
) -> CompaniesPage:
    """The LAMP list, read from the service."""
    rows = [
        CompanyRow(
            c.id,
            c.name,
            c.rank,
            c.motivation,
            c.posting,
            c.advocacy,
            c.active,
            c.target,
            len(c.contacts),
        )
        for c in workspace_of(request).list_companies()
    ]
    return CompaniesPage("Companies", rows, form or AddForm(), notice, error_id, error, undo)


def _rank(rank: int | None) -> str:
    return f"rank {rank}" if rank is not None else "not on your target list"


def _done(request: Request, notice: str) -> Response:
    """Post-redirect-get for a plain form; the table (with the notice) for htmx."""
    if is_htmx(request):
        undo = notice_cookie.undo_now("/companies", NOTICE_COOKIE)
        page = companies_page(request, notice=notice, undo=undo)
        return render(request, "companies/index.html", page, block="lamp")
    return notice_cookie.redirect_with("/companies", NOTICE_COOKIE, notice)


def _refused(request: Request, page: CompaniesPage) -> Response:
    """The page again with the error where it belongs; nothing was written. htmx gets
    the table with a 200 (it swaps no 4xx answer), a plain form the page with a 400."""
    if is_htmx(request):
        return render(request, "companies/index.html", page, block="lamp")
    return render(request, "companies/index.html", page, status_code=400)


def _check_known(request: Request, company_id: int) -> None:
    """An id that is no company's must not match a company named by those digits."""
    if all(c.id != company_id for c in workspace_of(request).list_companies()):
        from coffeechat.core.errors import UnknownCompany

        raise UnknownCompany(str(company_id))


@router.get("/companies")
def companies(request: Request) -> Response:
    """The LAMP table: targets by rank, the top five marked active."""
    said = notice_cookie.told(request, NOTICE_COOKIE)
    undo = notice_cookie.undo_offer(request, NOTICE_COOKIE)
    block = "lamp" if is_htmx(request) else None
    response = render(
        request,
        "companies/index.html",
        companies_page(request, notice=said, undo=undo),
        block=block,
    )
    return notice_cookie.shown(request, response, NOTICE_COOKIE)


@router.post("/companies")
def add_company(
    request: Request,
    name: Annotated[str, Form()] = "",
    motivation: Annotated[str, Form()] = "",
    posting: Annotated[str, Form()] = "",
    advocacy: Annotated[str, Form()] = "",
) -> Response:
    """Add a target company (``coffeechat company add``)."""
    values = {"name": name, "motivation": motivation, "posting": posting, "advocacy": advocacy}
    scores = {k: v for k, v in values.items() if k != "name" and v.strip()}
    try:
        created = workspace_of(request).add_company(name, **scores)
    except CoffeechatError as problem:
        page = companies_page(request, form=AddForm(values, str(problem)))
        return _refused(request, page)
    return _done(request, f"Added {created.name}, {_rank(created.rank)}.")


@router.post("/companies/{company_id}")
def edit_scores(
    request: Request,
    company_id: int,
    motivation: Annotated[str, Form()] = "",
    posting: Annotated[str, Form()] = "",
    advocacy: Annotated[str, Form()] = "",
) -> Response:
    """Change a company's LAMP scores (``coffeechat company edit --motivation --posting
    --advocacy``); an empty field clears its score."""
    _check_known(request, company_id)
    try:
        changed = workspace_of(request).edit_company(
            str(company_id), motivation=motivation, posting=posting, advocacy=advocacy
        )
    except CoffeechatError as problem:
        page = companies_page(request, error_id=company_id, error=str(problem))
        return _refused(request, page)
    return _done(request, f"Saved {changed.name}, {_rank(changed.rank)}.")


@router.post("/companies/{company_id}/target")
def set_target(
    request: Request, company_id: int, target: Annotated[str, Form()] = "yes"
) -> Response:
    """Put a company on the target list or take it off (``coffeechat company edit
    --target/--no-target``)."""
    _check_known(request, company_id)
    wanted = target.strip().lower() in {"yes", "true", "1"}
    changed = workspace_of(request).edit_company(str(company_id), target=wanted)
    if wanted:
        return _done(request, f"{changed.name} is a target now, {_rank(changed.rank)}.")
    return _done(request, f"{changed.name} is off your target list.")


@router.get("/companies/{company_id}")
def company(request: Request, company_id: int) -> Response:
    """A company's website and note, to change (``coffeechat company edit``)."""
    _check_known(request, company_id)
    found = workspace_of(request).show_company(str(company_id))
    page = CompanyPage(found.name, found, found.website or "", found.note or "")
    return render(request, "companies/show.html", page)


@router.post("/companies/{company_id}/details")
def edit_company(
    request: Request,
    company_id: int,
    website: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> Response:
    """Change a company's website and note (``coffeechat company edit --website
    --note``; empty clears them). A refused value comes back beside its field."""
    _check_known(request, company_id)
    workspace = workspace_of(request)
    found = workspace.show_company(str(company_id))
    given = {
        k: v
        for k, v in (("website", website.strip()), ("note", note.replace("\r\n", "\n").strip()))
        if v != ((found.website if k == "website" else found.note) or "")
    }
    if not given:
        return notice_cookie.redirect_with("/companies", NOTICE_COOKIE, "Nothing changed.")
    try:
        changed = workspace.edit_company(str(company_id), **given)
    except CoffeechatError as problem:
        where = getattr(problem, "field", None)
        page = CompanyPage(
            found.name,
            found,
            website,
            note,
            where if where in ("website", "note") else "website",
            str(problem),
        )
        return render(request, "companies/show.html", page, status_code=400)
    return notice_cookie.redirect_with("/companies", NOTICE_COOKIE, f"Saved {changed.name}.")
