"""Today (``/``): what is due, the conversations coming up, this week against the goal,
the agenda feed's address (and when a calendar app last fetched it); and the agenda's
actions (done, snooze, dismiss) as forms."""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool

from coffeechat.core.followups import is_overdue, overdue_days
from coffeechat.web import notice as notice_cookie
from coffeechat.web.notice import Undoable
from coffeechat.web.routers.deps import reads_inline, workspace_of
from coffeechat.web.routers.messages import draft_path
from coffeechat.web.security import check_csrf
from coffeechat.web.templating import ENV, is_htmx, render

if TYPE_CHECKING:
    from coffeechat.service.workspace import TodayRead

router = APIRouter(include_in_schema=False, dependencies=[Depends(check_csrf)])


class AgendaRow(NamedTuple):
    """One item of the agenda as Today shows it (a named tuple: 25 are made per visit,
    and each is the key of its remembered HTML)."""

    item: str
    contact_id: int
    contact_name: str
    kind: str
    when: str
    overdue: bool
    reason: str
    suggested_command: str
    #: The editor of the draft the item asks for (Messages), when it asks for one.
    draft_url: str | None = None
    #: On the team server, the page that takes the next step, with its link's words
    #: (``next_page``), in place of the command line: its ids are the server's, and its
    #: people work in the browser. None on a local server, which shows the command.
    next_url: str | None = None
    next_label: str | None = None


class ComingRow(NamedTuple):
    """A conversation coming up."""

    contact_id: int
    contact_name: str
    when: str
    place: str | None


@dataclass(frozen=True)
class TodayPage:
    """The context of Today."""

    title: str
    today: dt.date
    overdue: list[AgendaRow]
    due: list[AgendaRow]
    coming: list[ComingRow]
    week_count: int
    weekly_goal: int
    feed_url: str
    feed_fetched: str | None
    notice: str | None = None
    #: Which items of the agenda this page shows: ``offset`` on, ``PAGE`` of ``total``.
    total: int = 0
    offset: int = 0
    next_offset: int | None = None
    previous_offset: int | None = None
    next_count: int = 0
    total_capped: bool = False
    #: The Undo button beside the notice, when the write it tells of can be undone.
    undo: Undoable | None = None


@functools.lru_cache(maxsize=4096)
def next_page(contact_id: int, command: str) -> tuple[str, str]:
    """The page of the web app that takes an agenda item's next step (its
    ``suggested_command``, as the team server's digests link it: core/digests.page_of),
    and the words of a link to it. Remembered: Today asks for 25 at every visit, and
    reading a command line (shlex) is what costs."""
    from coffeechat.core.digests import page_of

    url = page_of(contact_id, command)
    path = url.split("?")[0]
    if "/messages/" in path:
        label = "Open the draft"
    elif path.endswith("/recap"):
        label = "Write the recap"
    elif path.endswith("/schedule"):
        label = "Propose times"
    elif path.startswith("/contacts#"):
        label = "Add the contact"
    else:
        label = "Open the contact"
    return url, label


def _row(item: Any, result: Any, team: bool = False) -> AgendaRow:
    late = is_overdue(item, result.now, result.today)
    if late:
        days = overdue_days(item, result.today)
        when = f"{days} days late" if days > 1 else "late"
    elif item.due == result.today:
        when = "today"
    else:
        when = f"{item.due:%a %d %b}"
    draft = draft_path(item.suggested_command)
    url = label = None
    if team:
        url, label = next_page(item.contact_id, item.suggested_command)
    return AgendaRow(
        item.item,
        item.contact_id,
        item.contact_name,
        item.kind,
        when,
        late,
        item.reason,
        item.suggested_command,
        draft,
        url,
        label,
    )


@functools.lru_cache(maxsize=4096)
def item_html(row: AgendaRow, csrf: str) -> Markup:
    """One item of the agenda as Today shows it, with its buttons (``today/_item.html``;
    the filter ``agenda_item`` in the templates). Remembered for the same item and form
    token: an item comes back on every visit until it changes, and rendering 25 items
    with their forms was a third of the page's cost."""
    module = ENV.get_template("today/_item.html").make_module({"csrf": csrf})
    macro = getattr(module, "item_row")  # noqa: B009 (a template's macro: no attribute to type)
    return Markup(str(macro(row)))  # rendered by the autoescaping environment


ENV.filters["agenda_item"] = item_html


#: How many items of the agenda a page of Today shows (most urgent first).
PAGE = 25
#: How far Today counts what is due ("of more than 100" beyond): counting costs a read
#: of each item counted, at every request, and a hundred says enough.
COUNTED = 100


def today_page(
    request: Request,
    notice: str | None = None,
    offset: int = 0,
    undo: Undoable | None = None,
    read: TodayRead | None = None,
) -> TodayPage:
    """Today, read from the service: one page of the agenda, the conversations coming,
    the week (``read`` when they were read already, in one transaction), so that the
    page costs what it shows whatever the size of the workspace (the agenda cache does
    the rest)."""
    workspace = workspace_of(request)
    if read is not None:
        result, booked, week = read.agenda, read.coming, read.week
    else:
        result = workspace.agenda(7, limit=PAGE, offset=offset, count_up_to=COUNTED)
        booked = workspace.coming_conversations(7)
        week = workspace.this_week()  # this week's meetings only, not every timeline
    team = request.app.state.accounts is not None
    rows = [_row(i, result, team) for i in result.items]
    zone = zoneinfo.ZoneInfo(result.user_zone)
    coming = [
        ComingRow(
            c.contact_id,
            name,
            f"{c.start.astimezone(zone):%a %d %b, %H:%M}" if c.start else "",
            c.place,
        )
        for c, name in booked
    ]
    from coffeechat.web.routers.feed import current_feed_key, feed_url
    from coffeechat.web.routers.settings import fetched_text

    key = current_feed_key(request)
    return TodayPage(
        title="Today",
        today=result.today,
        overdue=[r for r in rows if r.overdue],
        due=[r for r in rows if not r.overdue],
        coming=coming,
        week_count=week.conversations,
        weekly_goal=week.goal,
        feed_url=feed_url(request, key),
        feed_fetched=fetched_text(request, result.user_zone),
        notice=notice,
        total=result.total,
        offset=offset,
        next_offset=result.next_offset,
        previous_offset=max(offset - PAGE, 0) if offset else None,
        next_count=min(result.total - (result.next_offset or 0), PAGE),
        total_capped=result.total_capped,
        undo=undo,
    )


#: A cookie that carries what an action did to the page after its redirect, once (not a
#: query parameter: a link could then put any words on the page).
NOTICE_COOKIE = "coffeechat_notice"


async def today(request: Request) -> Response:
    """The page that answers "what do I do next?" (``?offset=``: a later page of it). On
    SQLite, with the agenda cache as it stands, it answers in the event loop; else (a
    refresh to write, PostgreSQL) in a thread.

    A plain Starlette route (``add_route`` below), not a FastAPI one: the most visited
    page has one query parameter and no dependency to solve, and FastAPI's solving of
    the app's dependencies and the router's, for a GET that needs neither, cost a tenth
    of the page. Everything else of the app (the Guard, the error pages) is the same."""
    offset = max(_offset(request), 0)
    if reads_inline(request):
        read = _cached(request, offset)
        if read is not None:
            return _today(request, offset, read)
        return await run_in_threadpool(_today, request, offset)  # a refresh to write
    return await run_in_threadpool(lambda: _today(request, offset, _cached(request, offset)))


def _cached(request: Request, offset: int) -> TodayRead | None:
    """Today's three reads in one, while the agenda cache stands (``cached_today``)."""
    return workspace_of(request).cached_today(7, limit=PAGE, offset=offset, count_up_to=COUNTED)


router.add_route("/", today, methods=["GET"], name="today", include_in_schema=False)


def _offset(request: Request) -> int:
    """The ``offset`` query parameter (0 when absent); a 422 as FastAPI gives when it is
    not a whole number."""
    given = request.query_params.get("offset")
    if given is None:
        return 0
    try:
        return int(given)
    except ValueError:
        from fastapi.exceptions import RequestValidationError

        raise RequestValidationError(
            [
                {
                    "type": "int_parsing",
                    "loc": ("query", "offset"),
                    "msg": "Input should be a valid integer, unable to parse string as an integer",
                    "input": given,
                }
            ]
        ) from None


def _today(request: Request, offset: int, read: TodayRead | None = None) -> Response:
    said = notice_cookie.told(request, NOTICE_COOKIE)
    undo = notice_cookie.undo_offer(request, NOTICE_COOKIE) if said else None
    page = today_page(request, said, offset, undo, read)
    return notice_cookie.shown(request, render(request, "today/index.html", page), NOTICE_COOKIE)


def _after(request: Request, notice: str) -> Response:
    """Post-redirect-get for a plain form; the agenda block for htmx."""
    if is_htmx(request):
        undo = notice_cookie.undo_now("/", NOTICE_COOKIE)
        page = today_page(request, notice, undo=undo)
        return render(request, "today/index.html", page, block="agenda")
    return notice_cookie.redirect_with("/", NOTICE_COOKIE, notice)


@router.post("/followups/done")
def done(request: Request, item: Annotated[str, Form()]) -> Response:
    """Mark an item done (``coffeechat followup done``): what it asks is logged."""
    found = workspace_of(request).done(item)
    return _after(request, f"Done: {found.kind} for {found.contact_name}.")


@router.post("/followups/dismiss")
def dismiss(request: Request, item: Annotated[str, Form()]) -> Response:
    """Drop an item for good (``coffeechat followup dismiss``)."""
    found = workspace_of(request).dismiss(item)
    return _after(request, f"Dismissed {found.kind} for {found.contact_name}.")


@router.post("/followups/snooze")
def snooze(
    request: Request, item: Annotated[str, Form()], days: Annotated[int, Form()] = 7
) -> Response:
    """Move an item to a later day (``coffeechat followup snooze --days N``)."""
    found = workspace_of(request).snooze(item, days=days)
    return _after(request, f"Snoozed {found.kind} for {found.contact_name} by {days} days.")
