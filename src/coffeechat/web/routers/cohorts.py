"""Cohorts in the web (team mode only; 404 on a local server): the list of one's
cohorts and, for a coach, the form that makes one; joining by invite link
(``/join/{code}``) or typed code (``/cohorts/join``); the coach's dashboard
(``/cohorts/{cohort_id}``, sorted and filtered by query parameters) and its CSV report;
the seeker's sharing page (``/sharing``), which shows what each of their coaches sees,
and leaving a cohort (deactivate or delete), confirmed on a page of its own.

Every number comes from ``Cohorts.seeker_rows`` (service/cohorts.py), the same for the
coach's row and the seeker's sharing page: one template draws both (_rows.html)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from coffeechat.core.errors import CoffeechatError
from coffeechat.web.security import access_of, check_csrf
from coffeechat.web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(check_csrf)])

#: How ``?sort=`` reads on the page.
SORT_LABELS = {
    "name": "Name",
    "week": "This week (fewest first)",
    "active": "Last active (longest ago first)",
    "attention": "Needs attention (most first)",
}


def cohorts_of(request: Request) -> Any:
    """The cohorts service of this request; 404 on a local server (no accounts)."""
    accounts = request.app.state.accounts
    if accounts is None:
        raise HTTPException(404)
    from coffeechat.service.cohorts import Cohorts

    return Cohorts(accounts)


def viewer_of(request: Request) -> Any:
    """The signed-in account."""
    user = access_of(request).user
    if user is None:
        raise HTTPException(404)
    return user


def invite_link(request: Request, code: str) -> str:
    """The invite link of a code, on the address the coach reached this server by."""
    return str(request.base_url).rstrip("/") + f"/join/{code}"


@dataclass(frozen=True)
class WeekView:
    """One week's numbers as the table shows them."""

    label: str
    short: str
    week: str
    monday: str
    conversations: int
    goal: int
    met: bool
    outreach: int
    replies: int
    recaps: int


@dataclass(frozen=True)
class RowView:
    """One seeker's row (dashboard and sharing page alike)."""

    name: str
    email: str
    zone: str
    week: WeekView
    previous: list[WeekView]
    overdue: int
    waiting: int
    last_active: str
    #: the exact instant, ISO 8601 in the seeker's zone (as the API and the CSV give it)
    last_active_at: str
    attention: list[tuple[str, str]]
    closed: bool = False


@dataclass(frozen=True)
class LeftView:
    """A seeker who left with deactivate: what the coach keeps (dashboard and sharing
    page alike), their numbers as they stood when they left."""

    name: str
    email: str
    zone: str
    recaps: int
    weeks: list[WeekView]
    overdue: int | None
    last_active: str
    last_active_at: str
    left_at: str


def _week(week: Any) -> WeekView:
    return WeekView(
        f"{week.week} (from {week.monday:%a %d %b})",
        week.week.split("-")[-1],
        week.week,
        week.monday.isoformat(),
        week.conversations,
        week.goal,
        week.met_goal,
        week.outreach,
        week.replies,
        week.recaps,
    )


def _when(at: dt.datetime | None, zone: str, now: dt.datetime) -> str:
    if at is None:
        return "not yet"
    local = at.astimezone(zoneinfo.ZoneInfo(zone))
    days = (now - at).days
    ago = "today" if days <= 0 else ("yesterday" if days == 1 else f"{days} days ago")
    offset = local.strftime("%z")
    utc = f"UTC{offset[0]}{offset[1:3]}:{offset[3:]}".replace("-", "\u2212")
    return f"{local:%a %d %b %Y}, {local:%H:%M} {utc} ({ago})"


def _exact(at: dt.datetime | None, zone: str) -> str:
    from coffeechat.formats.jsonout import instant

    return instant(at, zone) or ""


def row_view(row: Any, now: dt.datetime, coach: str | None = None) -> RowView:
    """A ``core.cohorts.SeekerRow`` as the table draws it (``coach``: for the seeker's
    sharing page, what needs attention worded for them, naming their coach)."""
    from coffeechat.core.cohorts import for_the_seeker

    attention = [a if coach is None else for_the_seeker(a, coach) for a in row.needs_attention]
    return RowView(
        row.name,
        row.email,
        row.zone,
        _week(row.week),
        [_week(w) for w in row.previous],
        row.overdue,
        row.waiting,
        _when(row.last_active, row.zone, now),
        _exact(row.last_active, row.zone),
        [(a.id, a.message) for a in attention],
        row.closed,
    )


def left_view(left: Any, now: dt.datetime) -> LeftView:
    """A ``core.cohorts.Left`` as the page draws it."""
    return LeftView(
        left.name,
        left.email,
        left.zone,
        left.recaps,
        [_week(w) for w in left.oldest_first],
        left.overdue,
        _when(left.last_active, left.zone, now) if left.weeks else "",
        _exact(left.last_active, left.zone),
        "" if left.left_at is None else f"{left.left_at.astimezone(_zone(left.zone)):%a %d %b %Y}",
    )


def _zone(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name)


# --- the list, and making a cohort ----------------------------------------------------------


@dataclass(frozen=True)
class CohortForm:
    """The new-cohort form as typed, and what is wrong with it."""

    name: str = ""
    goal: str = "3"
    error: str | None = None
    field: str | None = None


@dataclass(frozen=True)
class CohortsPage:
    """Your cohorts: a coach's with the form to make one, a seeker's with the way to
    join, or every cohort for an admin."""

    title: str
    role: str
    cohorts: list[Any]
    form: CohortForm = field(default_factory=CohortForm)


def _cohorts_page(request: Request, form: CohortForm | None = None, status: int = 200) -> Response:
    service = cohorts_of(request)
    viewer = viewer_of(request)
    page = CohortsPage("Cohorts", viewer.role, service.visible(viewer), form or CohortForm())
    return render(request, "cohorts/index.html", page, status_code=status)


@router.get("/cohorts")
def cohorts_page(request: Request) -> Response:
    """Your cohorts."""
    return _cohorts_page(request)


@router.post("/cohorts")
def create_cohort(
    request: Request,
    name: Annotated[str, Form()] = "",
    goal: Annotated[str, Form()] = "3",
) -> Response:
    """A coach makes a cohort; its dashboard shows the invite link."""
    service = cohorts_of(request)
    viewer = viewer_of(request)
    if viewer.role != "coach":
        raise HTTPException(403, "Only coaches make cohorts.")
    try:
        weekly = int(goal.strip())
    except ValueError:
        form = CohortForm(name, goal, "The weekly goal is a whole number, such as 3.", "goal")
        return _cohorts_page(request, form, 400)
    try:
        made = service.create(viewer, name, weekly)
    except CoffeechatError as error:
        where = getattr(error, "field", None) or "name"
        return _cohorts_page(request, CohortForm(name, goal, str(error), where), 400)
    return RedirectResponse(f"/cohorts/{made.id}", status_code=303)


# --- joining ----------------------------------------------------------------------------


@dataclass(frozen=True)
class JoinPage:
    """Joining a cohort: by the code typed, or by an invite link's cohort (``cohort``)."""

    title: str
    code: str = ""
    cohort: Any = None
    error: str | None = None
    role: str = "seeker"


@router.get("/cohorts/join")
def join_form(request: Request) -> Response:
    """The form to type an invite code."""
    cohorts_of(request)
    viewer = viewer_of(request)
    return render(request, "cohorts/join.html", JoinPage("Join a cohort", role=viewer.role))


def _join(request: Request, code: str, invited: Any) -> Response:
    service = cohorts_of(request)
    viewer = viewer_of(request)
    try:
        joined = service.join(viewer, code)
    except CoffeechatError as error:
        title = "Join a cohort" if invited is None else f"Join {invited.name}"
        page = JoinPage(title, code, invited, str(error), viewer.role)
        return render(request, "cohorts/join.html", page, status_code=400)
    state = "joined" if joined.added else "already"
    return RedirectResponse(f"/sharing?{state}={joined.cohort.id}", status_code=303)


@router.post("/cohorts/join")
def join_by_code(request: Request, code: Annotated[str, Form()] = "") -> Response:
    """Join the cohort of the code typed."""
    return _join(request, code, None)


@router.get("/join/{code}")
def invite_page(request: Request, code: str) -> Response:
    """An invite link: the cohort it joins, and a button to join it."""
    service = cohorts_of(request)
    viewer = viewer_of(request)
    invited = service.invited(code)
    if invited is None:
        page = JoinPage(
            "Join a cohort",
            error="This invite link does not lead to a cohort: ask your coach for a new "
            "one, or type the code below.",
            role=viewer.role,
        )
        return render(request, "cohorts/join.html", page, status_code=404)
    page = JoinPage(f"Join {invited.name}", code, invited, role=viewer.role)
    return render(request, "cohorts/join.html", page)


@router.post("/join/{code}")
def join_by_link(request: Request, code: str) -> Response:
    """Join the cohort of an invite link."""
    return _join(request, code, cohorts_of(request).invited(code))


# --- the dashboard ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DashboardPage:
    """A cohort's dashboard: its invite, a row per seeker, who left."""

    title: str
    cohort: Any
    invite: str
    rows: list[RowView]
    left: list[LeftView]
    sort: str
    show: str
    sorts: list[tuple[str, str]]
    active: int
    flagged: int


@router.get("/cohorts/{cohort_id}")
def dashboard(request: Request, cohort_id: int, sort: str = "name", show: str = "all") -> Response:
    """The coach's dashboard (``?sort=name|week|active|attention``, ``?show=attention``
    for only those who need attention; another value is a 400 that names the allowed
    ones)."""
    from coffeechat.core.cohorts import SHOWS, SORTS, sort_rows

    service = cohorts_of(request)
    board = service.dashboard(viewer_of(request), cohort_id)
    if board is None:
        raise HTTPException(404)
    if sort not in SORTS:
        raise HTTPException(400, f"sort: unknown order {sort[:40]!r}; one of {', '.join(SORTS)}")
    if show not in SHOWS:
        raise HTTPException(400, f"show: unknown choice {show[:40]!r}; one of {', '.join(SHOWS)}")
    order, which = sort, show
    rows = sort_rows(board.rows, order)
    flagged = sum(1 for r in rows if r.needs_attention)
    if which == "attention":
        rows = [r for r in rows if r.needs_attention]
    page = DashboardPage(
        board.cohort.name,
        board.cohort,
        invite_link(request, board.cohort.invite_code),
        [row_view(r, board.now) for r in rows],
        [left_view(x, board.now) for x in board.left],
        order,
        which,
        [(k, SORT_LABELS[k]) for k in SORTS],
        len(board.rows),
        flagged,
    )
    return render(request, "cohorts/dashboard.html", page)


@router.get("/cohorts/{cohort_id}/report.csv")
def report(request: Request, cohort_id: int) -> Response:
    """The cohort's report, a line per seeker per week (written in the audit log)."""
    import re

    made = cohorts_of(request).report_csv(viewer_of(request), cohort_id)
    if made is None:
        raise HTTPException(404)
    cohort, text = made
    slug = re.sub(r"[^a-z0-9]+", "-", cohort.name.lower()).strip("-") or "cohort"
    return Response(
        text,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="cohort-{slug}.csv"'},
    )


# --- sharing and leaving -------------------------------------------------------------------------


@dataclass(frozen=True)
class SharedView:
    """One cohort on the sharing page."""

    cohort: Any
    status: str
    row: RowView | None
    left: LeftView | None
    recaps: list[Any]


@dataclass(frozen=True)
class SharingPage:
    """What each of your coaches sees of you, and the way out of a cohort."""

    title: str
    shared: list[SharedView]
    notice: str | None = None


_NOTICES = {
    "joined": "You joined {name}.",
    "already": "You are in {name} already.",
}


@router.get("/sharing")
def sharing(request: Request) -> Response:
    """The seeker's sharing page."""
    service = cohorts_of(request)
    viewer = viewer_of(request)
    now = service.accounts.now()
    shared = service.sharing(viewer)
    notice = None
    for key, words in _NOTICES.items():
        wanted = request.query_params.get(key, "")
        named = next((s.cohort.name for s in shared if str(s.cohort.id) == wanted), None)
        if named:
            notice = words.format(name=named)
    left = request.query_params.get("left")
    if left == "deactivate":
        notice = "You left the cohort. Your coach keeps the recaps you submitted."
    elif left == "delete":
        notice = "You left the cohort, and what you had submitted to it is deleted."
    views = [
        SharedView(
            s.cohort,
            s.status,
            None if s.row is None else row_view(s.row, now, s.cohort.coach_name),
            None if s.left is None else left_view(s.left, now),
            s.recaps,
        )
        for s in shared
    ]
    return render(request, "cohorts/sharing.html", SharingPage("Sharing", views, notice))


@dataclass(frozen=True)
class LeavePage:
    """Leaving a cohort: the two ways, each with what it does."""

    title: str
    cohort: Any
    status: str
    recaps: int


@router.get("/sharing/{cohort_id}/leave")
def leave_page(request: Request, cohort_id: int) -> Response:
    """Ask how to leave a cohort, and to confirm."""
    service = cohorts_of(request)
    viewer = viewer_of(request)
    found = next((s for s in service.sharing(viewer) if s.cohort.id == cohort_id), None)
    if found is None:
        raise HTTPException(404)
    page = LeavePage(f"Leave {found.cohort.name}", found.cohort, found.status, len(found.recaps))
    return render(request, "cohorts/leave.html", page)


@router.post("/sharing/{cohort_id}/leave")
def leave(request: Request, cohort_id: int, how: Annotated[str, Form()] = "") -> Response:
    """Leave a cohort: ``how`` is deactivate or delete."""
    from coffeechat.service.cohorts import LEAVE

    if how not in LEAVE:
        raise HTTPException(400, "Choose how to leave: deactivate or delete.")
    if cohorts_of(request).leave(viewer_of(request), cohort_id, how) is None:
        raise HTTPException(404)
    return RedirectResponse(f"/sharing?left={how}", status_code=303)
