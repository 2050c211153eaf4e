"""Recap review in the web (team mode only; the local server answers 404):

- ``POST /contacts/{contact_id}/submissions``: the recap page's "Submit to coach";
- ``/submissions``: a seeker's own submissions with their statuses, or a coach's review
  queue (oldest first, with how long each has waited);
- ``/submissions/{submission_id}``: the recap as submitted (every text escaped), its
  versions and what changed since the one before, the comments in threads with a reply
  form, and the coach's "Request changes" and "Approve";
- ``POST /submissions/{submission_id}/comments`` and ``.../status``.

Plain forms (no script needed), each with the session's CSRF token. The service
(service/review.py) decides who sees what: a submission someone may not see is a 404."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import Response

from coffeechat.core.errors import CoffeechatError
from coffeechat.core.review import SECTIONS, UnknownSubmission
from coffeechat.web import notice as notice_cookie
from coffeechat.web.routers.api_review import review_of, team_only
from coffeechat.web.routers.deps import workspace_of
from coffeechat.web.security import check_csrf
from coffeechat.web.templating import render

if TYPE_CHECKING:
    from coffeechat.core.review import Block, DiffLine
    from coffeechat.service.review import SubmissionItem

router = APIRouter(include_in_schema=False, dependencies=[Depends(team_only), Depends(check_csrf)])

NOTICE_COOKIE = "coffeechat_review_notice"

#: How each status reads.
STATUS_WORDS = {
    "submitted": "Waiting for review",
    "resubmitted": "Resubmitted, waiting for review",
    "changes-requested": "Changes requested",
    "approved": "Approved",
}


@dataclass(frozen=True)
class SubmitBox:
    """The recap page's "Submit to coach": the cohorts to choose from (none: the seeker
    is in no cohort yet)."""

    cohorts: list[tuple[int, str]]
    #: The cohorts the seeker left (said when they are in none now).
    left: list[str] = field(default_factory=list)


def submit_box(request: Request) -> SubmitBox | None:
    """What the recap page offers to submit to, in team mode for a seeker; else None."""
    accounts = request.app.state.accounts
    user = getattr(getattr(request.state, "access", None), "user", None)
    if accounts is None or user is None or user.role != "seeker":
        return None
    from coffeechat.service.review import Review

    review = Review.of(accounts)
    cohorts = review.cohorts_of(user)
    return SubmitBox(cohorts, [] if cohorts else review.left_cohorts_of(user))


@dataclass(frozen=True)
class Row:
    """A submission in a list, its times written for the viewer."""

    id: int
    title: str
    status: str
    status_words: str
    version: int
    cohort: str
    seeker: str
    submitted: str
    waiting: str | None
    overdue: bool


@dataclass(frozen=True)
class ListPage:
    """``/submissions``: a coach's queue and what they reviewed lately, or a seeker's
    own submissions."""

    title: str
    coach: bool
    rows: list[Row]
    reviewed: list[Row] = field(default_factory=list)
    notice: str | None = None


@dataclass(frozen=True)
class CommentRow:
    """A comment in its thread."""

    id: int
    author: str
    role: str
    mine: bool
    topic: str | None
    text: str
    at: str
    version: int
    depth: int


@dataclass(frozen=True)
class DetailPage:
    """``/submissions/{id}``: one version as submitted, what changed, the comments."""

    title: str
    id: int
    row: Row
    coach: bool
    seeker_email: str
    version: int
    latest: int
    versions: list[tuple[int, str]]
    blocks: list[Block]
    changes: list[DiffLine] | None
    comments: list[CommentRow]
    topics: list[tuple[str, str]]
    notice: str | None = None
    error: str | None = None
    error_field: str | None = None
    text: str = ""
    #: For the seeker: the recap page of the conversation submitted, to edit it there.
    recap_link: str | None = None


def _when(at: dt.datetime, zone: str) -> str:
    local = at.astimezone(zoneinfo.ZoneInfo(zone))
    return f"{local:%a %d %b %Y, %H:%M}"


def _waiting(item: SubmissionItem) -> str | None:
    if item.waiting is None:
        return None
    days = "business day" if item.waiting == 1 else "business days"
    return f"{item.waiting} {days}" if item.waiting else "since today"


def _row(item: SubmissionItem, zone: str, coach: bool) -> Row:
    return Row(
        item.id,
        item.title,
        item.status,
        STATUS_WORDS.get(item.status, item.status),
        item.version,
        item.cohort,
        f"{item.seeker_name} ({item.seeker_email})" if coach else "",
        _when(item.submitted_at, zone),
        _waiting(item),
        item.overdue,
    )


@router.post("/contacts/{contact_id}/submissions")
def submit_recap(
    request: Request,
    contact_id: int,
    cohort: Annotated[int | None, Form()] = None,
    conversation: Annotated[int | None, Form()] = None,
) -> Response:
    """The recap page's "Submit to coach": the recap as the page shows it, submitted."""
    review, user = review_of(request)
    made = review.submit_contact(user, contact_id, cohort, conversation)
    said = f"Submitted to the coach of {made.cohort} (version {made.version})."
    if not made.new:
        said = f"Nothing changed since version {made.version}: nothing was submitted."
    return notice_cookie.redirect_with(f"/submissions/{made.id}", NOTICE_COOKIE, said)


@router.get("/submissions")
def submissions(request: Request) -> Response:
    """A seeker's own submissions, or a coach's review queue."""
    review, user = review_of(request)
    zone = workspace_of(request).get_settings().timezone
    coach = user.role == "coach"
    rows = [_row(i, zone, coach) for i in review.submissions(user)]
    reviewed: list[Row] = []
    if coach:
        for status in ("changes-requested", "approved"):
            reviewed += [_row(i, zone, coach) for i in review.submissions(user, status)]
        reviewed.sort(key=lambda r: r.id, reverse=True)
    title = "Recaps to review" if coach else "Your submitted recaps"
    said = notice_cookie.told(request, NOTICE_COOKIE)
    page = ListPage(title, coach, rows, reviewed[:50], said)
    return notice_cookie.shown(request, render(request, "review/list.html", page), NOTICE_COOKIE)


def detail_page(
    request: Request,
    submission_id: int,
    version: int | None = None,
    *,
    notice: str | None = None,
    error: str | None = None,
    error_field: str | None = None,
    text: str = "",
) -> DetailPage:
    """The page of one submission (opening it as its coach is written to the audit
    log, by the service)."""
    review, user = review_of(request)
    zone = workspace_of(request).get_settings().timezone
    d = review.show(user, submission_id, version)
    topics = list(d.shown.topics) + [(s, s.replace("-", " ").capitalize()) for s in SECTIONS]
    questions = dict(topics)  # a comment names its topic as the form's choice does
    comments = [
        CommentRow(
            c.id,
            c.author,
            "coach" if c.author_role == "coach" else "seeker",
            c.mine,
            None if c.topic is None else questions.get(c.topic, c.topic),
            c.text,
            _when(c.created_at, zone),
            c.version,
            min(c.depth, 4),
        )
        for c in d.comments
    ]
    recap_link = None
    if not d.coach and d.item.contact_id is not None:
        recap_link = f"/contacts/{d.item.contact_id}/recap"
        if d.item.conversation_id is not None:
            recap_link += f"?conversation={d.item.conversation_id}"
    return DetailPage(
        title=f"Submitted recap: {d.item.title}",
        id=d.item.id,
        row=_row(d.item, zone, True),
        coach=d.coach,
        seeker_email=d.item.seeker_email,
        version=d.shown.version,
        latest=d.item.version,
        versions=[(n, _when(at, zone)) for n, _, at in d.versions],
        blocks=d.shown.blocks,
        changes=d.changes,
        comments=comments,
        topics=topics,
        notice=notice,
        error=error,
        error_field=error_field,
        text=text,
        recap_link=recap_link,
    )


@router.get("/submissions/{submission_id}")
def submission(
    request: Request, submission_id: int, version: Annotated[int | None, Query(ge=1)] = None
) -> Response:
    """One submission: the recap as submitted, what changed, the comments."""
    said = notice_cookie.told(request, NOTICE_COOKIE)
    page = detail_page(request, submission_id, version, notice=said)
    return notice_cookie.shown(request, render(request, "review/show.html", page), NOTICE_COOKIE)


@router.post("/submissions/{submission_id}/comments")
def comment(
    request: Request,
    submission_id: int,
    text: Annotated[str, Form()] = "",
    topic: Annotated[str, Form()] = "",
    parent: Annotated[int | None, Form()] = None,
) -> Response:
    """A comment or a reply, by the seeker or the coach."""
    review, user = review_of(request)
    try:
        made = review.comment(user, submission_id, text, topic or None, parent)
    except UnknownSubmission:
        raise
    except CoffeechatError as problem:  # said beside the field, what was typed kept
        where = getattr(problem, "field", None) or "text"
        page = detail_page(request, submission_id, error=str(problem), error_field=where, text=text)
        return render(request, "review/show.html", page, status_code=400)
    target = f"/submissions/{submission_id}#comment-{made.id}"
    return notice_cookie.redirect_with(target, NOTICE_COOKIE, "Comment added.")


@router.post("/submissions/{submission_id}/status")
def review_status(
    request: Request, submission_id: int, status: Annotated[str, Form()] = ""
) -> Response:
    """The coach's "Request changes" or "Approve"."""
    review, user = review_of(request)
    item = review.set_status(user, submission_id, status)
    said = "Approved." if item.status == "approved" else "Changes requested."
    return notice_cookie.redirect_with(f"/submissions/{submission_id}", NOTICE_COOKIE, said)
