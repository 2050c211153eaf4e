"""Network, Paths and Stats: the pictures of a job search.

- ``/network``: who introduced you to whom (``coffeechat network``), drawn as an SVG tree
  whose people are links to their pages; ``?contact=`` narrows it to one person's chains.
- ``/paths``: applications into a company, referral against conventional (``coffeechat
  path show``), with the forms of ``path add`` and ``path step``.
- ``/stats``: the funnel and the weeks against the goal (``coffeechat stats``), as bar
  charts with the same numbers in tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from coffeechat.core.errors import CoffeechatError
from coffeechat.web import notice as notice_cookie
from coffeechat.web.drawings import (
    Chart,
    NetworkDrawing,
    funnel_chart,
    network_drawing,
    weeks_chart,
)
from coffeechat.web.routers.deps import workspace_of
from coffeechat.web.security import check_csrf
from coffeechat.web.templating import is_htmx, render

if TYPE_CHECKING:
    from coffeechat.core.paths import KindSummary, Path
    from coffeechat.core.stats import Progress

router = APIRouter(include_in_schema=False, dependencies=[Depends(check_csrf)])

PATHS_NOTICE = "coffeechat_paths_notice"


# --- Network --------------------------------------------------------------------------------


@dataclass(frozen=True)
class NetworkPage:
    """The context of Network."""

    title: str
    drawing: NetworkDrawing | None
    user_name: str
    #: The person the drawing is narrowed to (what was typed, and their name if found).
    contact: str
    focus_name: str | None
    error: str | None
    empty: bool


@router.get("/network")
def network(request: Request, contact: str = "") -> Response:
    """The network of introductions as a drawing; ``contact`` narrows it to their chains."""
    workspace = workspace_of(request)
    wanted = contact.strip()
    error = None
    try:
        view = workspace.network(wanted or None)
    except CoffeechatError as problem:  # no such person: the whole network, and why
        error = str(problem)
        view = workspace.network(None)
    focus = view.nodes.get(view.focus) if view.focus is not None else None
    page = NetworkPage(
        title="Network",
        drawing=None if view.empty else network_drawing(view),
        user_name=view.user_name,
        contact=contact,
        focus_name=focus.name if focus else None,
        error=error,
        empty=view.empty,
    )
    return render(request, "insights/network.html", page, status_code=400 if error else 200)


# --- Paths ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepRow:
    """One step a path took, worded."""

    label: str
    on: str
    since_previous: int | None
    note: str | None
    skipped: str


@dataclass(frozen=True)
class PathRow:
    """A path into a company, with its steps and the steps it may take next."""

    id: int
    company: str
    role: str
    via: str
    steps: list[StepRow]
    state: str
    next_steps: list[tuple[str, str]]


@dataclass(frozen=True)
class KindRow:
    """One kind's numbers (``path show``)."""

    kind: str
    paths: int
    offers: int
    offer_rate: str
    median_steps: str
    median_days: str


@dataclass
class PathsForm:
    """What a form held, and why the service refused it (``where`` names the form)."""

    values: dict[str, str] = field(default_factory=dict)
    error: str | None = None
    where: str | None = None


@dataclass(frozen=True)
class PathsPage:
    """The context of Paths."""

    title: str
    verdict: str
    kinds: list[KindRow]
    paths: list[PathRow]
    companies: list[str]
    form: PathsForm
    today: str
    notice: str | None = None


def _number(value: float | None, unit: str = "") -> str:
    return "—" if value is None else f"{value:g}{unit}"


def _path_row(p: Path) -> PathRow:
    from coffeechat.core.paths import LABELS, next_steps

    via = "conventional" if p.kind.value == "conventional" else f"via {p.via_contact or '?'}"
    steps = [
        StepRow(
            LABELS[s.step],
            s.on.isoformat(),
            gap,
            s.note,
            ", ".join(LABELS[k] for k in s.skipped),
        )
        for s, gap in zip(p.steps, p.gaps(), strict=True)
    ]
    state = f"ended: {LABELS[p.outcome]}" if p.outcome else "open"
    upcoming = [(key, LABELS[key]) for key in next_steps(p)] if p.outcome is None else []
    return PathRow(p.id, p.company, p.role, via, steps, state, upcoming)


def _kind_row(k: KindSummary) -> KindRow:
    name = "via a contact" if k.kind.value == "contact" else "conventional"
    rate = "—" if k.offer_rate is None else f"{k.offer_rate:.0%}"
    steps = k.median_steps_to_offer if k.offers else k.median_steps
    days = k.median_days_to_offer if k.offers else k.median_days
    return KindRow(name, k.paths, k.offers, rate, _number(steps), _number(days, " days"))


def paths_page(
    request: Request, *, form: PathsForm | None = None, notice: str | None = None
) -> PathsPage:
    """The comparison and every path, from the service."""
    workspace = workspace_of(request)
    result = workspace.compare_paths()
    return PathsPage(
        title="Paths",
        verdict=result.verdict,
        kinds=[_kind_row(k) for k in result.kinds],
        paths=[_path_row(p) for p in reversed(result.paths)],  # the newest first
        companies=[c.name for c in workspace.list_companies()],
        form=form or PathsForm(),
        today=workspace.local_now().date().isoformat(),
        notice=notice,
    )


@router.get("/paths")
def paths(request: Request) -> Response:
    """Referral against conventional in your own numbers, and your paths."""
    said = notice_cookie.told(request, PATHS_NOTICE)
    block = "paths" if is_htmx(request) else None
    response = render(request, "insights/paths.html", paths_page(request, notice=said), block=block)
    return notice_cookie.shown(request, response, PATHS_NOTICE)


def _paths_done(request: Request, notice: str) -> Response:
    if is_htmx(request):
        page = paths_page(request, notice=notice)
        return render(request, "insights/paths.html", page, block="paths")
    return notice_cookie.redirect_with("/paths", PATHS_NOTICE, notice)


def _paths_refused(request: Request, form: PathsForm) -> Response:
    page = paths_page(request, form=form)
    if is_htmx(request):
        return render(request, "insights/paths.html", page, block="paths")
    return render(request, "insights/paths.html", page, status_code=400)


@router.post("/paths")
def add_path(
    request: Request,
    company: Annotated[str, Form()] = "",
    role: Annotated[str, Form()] = "",
    via: Annotated[str, Form()] = "conventional",
    contact: Annotated[str, Form()] = "",
) -> Response:
    """Start a path into a company (``coffeechat path add COMPANY --role --via``)."""
    values = {"company": company, "role": role, "via": via, "contact": contact}
    through = "conventional" if via != "contact" else contact.strip()
    try:
        if not through:
            from coffeechat.core.errors import InvalidValue

            raise InvalidValue(
                "via", contact, "is empty: name the contact who introduces you", "Ada Lovelace"
            )
        created = workspace_of(request).add_path(company, role, through)
    except CoffeechatError as problem:
        return _paths_refused(request, PathsForm(values, str(problem), "add"))
    return _paths_done(request, f"Started path {created.id}: {created.company}, {created.role}.")


@router.post("/paths/{path_id}/steps")
def add_path_step(
    request: Request,
    path_id: int,
    step: Annotated[str, Form()] = "",
    on: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> Response:
    """Record the next step of a path (``coffeechat path step PATH STEP --on --note``)."""
    from coffeechat.core.paths import LABELS

    values = {"step": step, "on": on, "note": note}
    try:
        changed = workspace_of(request).add_path_step(
            str(path_id), step, on=on.strip() or None, note=note.strip() or None
        )
    except CoffeechatError as problem:
        return _paths_refused(request, PathsForm(values, str(problem), f"step-{path_id}"))
    last = changed.steps[-1]
    return _paths_done(
        request, f"Path {changed.id}: {LABELS.get(last.step, last.step)} on {last.on}."
    )


# --- Stats ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FunnelRow:
    """One stage of the funnel, worded."""

    stage: str
    count: int
    rate: str


@dataclass(frozen=True)
class StatsPage:
    """The context of Stats."""

    title: str
    since: str
    error: str | None
    window: str
    funnel: list[FunnelRow]
    funnel_chart: Chart | None
    weeks_chart: Chart | None
    weeks: list[tuple[str, int, str]]
    weekly_goal: int
    goal_met: str
    medians: str
    booster: str


def _days(value: float | None) -> str:
    return "—" if value is None else f"{value:g} day" + ("" if value == 1 else "s")


def stats_page(progress: Progress, since: str, error: str | None) -> StatsPage:
    """Progress worded and drawn."""
    from coffeechat.core.stats import STAGE_LABELS

    funnel = []
    previous = None
    for s in progress.funnel:
        rate = "—"
        if s.rate is not None and previous is not None:
            rate = f"{s.rate:.0%} of {STAGE_LABELS[previous.stage]}"
        funnel.append(FunnelRow(STAGE_LABELS[s.stage], s.count, rate))
        previous = s
    goal = progress.weekly_goal
    weeks = [
        (w.week, w.conversations, ("yes" if w.conversations >= goal else "no") if goal else "")
        for w in progress.weeks
    ]
    hit = sum(1 for w in progress.weeks if goal and w.conversations >= goal)
    answered = progress.boosters + progress.obligates
    booster = (
        "no replies yet"
        if progress.booster_rate is None
        else f"{progress.booster_rate:.0%} ({progress.boosters} of {answered} replies came "
        "within 3 business days)"
    )
    return StatsPage(
        title="Stats",
        since=since,
        error=error,
        window=f"since {progress.since}" if progress.since else "all time",
        funnel=funnel,
        funnel_chart=funnel_chart(progress) if progress.funnel else None,
        weeks_chart=weeks_chart(progress) if progress.weeks else None,
        weeks=weeks,
        weekly_goal=goal,
        goal_met=f"Goal met in {hit} of {len(progress.weeks)} weeks." if goal and weeks else "",
        medians=(
            f"From an outreach to the reply: {_days(progress.median_days_to_reply)}; "
            f"to the meeting: {_days(progress.median_days_to_meeting)} (medians)."
        ),
        booster=booster,
    )


@router.get("/stats")
def stats(request: Request, since: str = "") -> Response:
    """Your progress in numbers: the funnel, reply times, conversations per week."""
    workspace = workspace_of(request)
    error = None
    try:
        progress = workspace.progress(since.strip() or None)
    except CoffeechatError as problem:
        error = str(problem)
        progress = workspace.progress(None)
    page = stats_page(progress, since, error)
    return render(request, "insights/stats.html", page, status_code=400 if error else 200)
