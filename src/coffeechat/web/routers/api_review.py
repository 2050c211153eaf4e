"""The JSON API of recap review (team mode only; the local server answers 404):

- ``POST /api/v1/contacts/{contact_id}/submissions``: submit that contact's latest recap;
- ``POST /api/v1/submissions``: submit a recap rendered elsewhere (``coffeechat recap
  submit`` from a local workspace: the document and its Markdown, nothing else);
- ``GET /api/v1/submissions``: a seeker's own, or a coach's review queue;
- ``GET /api/v1/submissions/{submission_id}``: one, with ``recap`` and ``comments``;
- ``POST /api/v1/submissions/{submission_id}/comments`` and ``.../status``.

A submission someone may not see answers 404 exactly as an unknown id does.
docs/json.md is the contract."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from coffeechat.formats.jsonout import instant
from coffeechat.web.routers.deps import workspace_of
from coffeechat.web.security import access_of, check_csrf

if TYPE_CHECKING:
    from coffeechat.service.accounts import User
    from coffeechat.service.review import (
        Comment,
        Review,
        SubmissionDetail,
        SubmissionItem,
        Submitted,
    )


def team_only(request: Request) -> None:
    """Recap review exists on the team server only: 404 elsewhere."""
    if request.app.state.accounts is None:
        raise HTTPException(404, "Not Found")


router = APIRouter(
    prefix="/api/v1", tags=["api"], dependencies=[Depends(team_only), Depends(check_csrf)]
)


def review_of(request: Request) -> tuple[Review, User]:
    """The review service of this app, and who asks."""
    from coffeechat.service.review import Review

    user = access_of(request).user
    if user is None:
        raise HTTPException(401)
    return Review.of(request.app.state.accounts), user


class SubmitTo(BaseModel):
    """Where a contact's recap goes: a cohort's id (needed when the seeker is in
    several), and another of the contact's conversations than the current one."""

    model_config = ConfigDict(extra="forbid")

    cohort: int | None = None
    conversation: int | None = None


class SubmitDocument(BaseModel):
    """A recap rendered elsewhere: its ``recap --json`` document and Markdown, and a
    stable key of the contact where it was written (the same key: a new version)."""

    model_config = ConfigDict(extra="forbid")

    recap: dict[str, Any]
    markdown: str = Field(max_length=200_000)
    contact_key: str = Field(min_length=1, max_length=200)
    cohort: int | None = None


class NewComment(BaseModel):
    """A comment: its text, the topic it is on (none: the whole recap), or the comment
    it answers (``parent``: the reply takes its topic)."""

    model_config = ConfigDict(extra="forbid")

    # lengths and ranges are checked by the service: a 400 naming the field (docs/json.md)
    text: str
    topic: str | None = None
    parent: int | None = None


class NewStatus(BaseModel):
    """The coach's review."""

    model_config = ConfigDict(extra="forbid")

    status: str


# --- what the routes answer, for the OpenAPI description (docs/json.md is the contract;
# schemathesis checks each answer against these: tests/test_api_schema.py) ----------------


class _Answer(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SubmittedOut(_Answer):
    id: int
    status: str
    version: int


class SubmittedAnswer(_Answer):
    """``POST .../submissions``: the submission made (201), or as it was (200)."""

    submission: SubmittedOut
    unchanged: bool


class CohortRef(_Answer):
    id: int
    name: str


class SeekerRef(_Answer):
    name: str
    email: str


class SubmissionOut(_Answer):
    """A Submission (docs/json.md)."""

    id: int
    status: Literal["submitted", "changes-requested", "resubmitted", "approved"]
    version: int
    title: str
    cohort: CohortRef
    seeker: SeekerRef
    contact_id: int | None
    conversation_id: int | None
    created_at: str
    submitted_at: str
    reviewed_at: str | None
    waiting_business_days: int | None
    overdue: bool


class SubmissionList(_Answer):
    submissions: list[SubmissionOut]


class SubmissionAnswer(_Answer):
    submission: SubmissionOut


class AuthorOut(_Answer):
    name: str
    role: str | None


class CommentOut(_Answer):
    """A Comment (docs/json.md)."""

    id: int
    version: int
    parent: int | None
    topic: str | None
    text: str
    author: AuthorOut
    mine: bool
    created_at: str


class CommentAnswer(_Answer):
    comment: CommentOut


class VersionOut(_Answer):
    version: int
    title: str
    submitted_at: str


class ChangeOut(_Answer):
    kind: Literal["added", "removed", "same", "gap"]
    text: str


class SubmissionOpened(_Answer):
    """A submission opened (docs/json.md)."""

    submission: SubmissionOut
    version: int
    title: str
    submitted_at: str
    recap: dict[str, Any]
    markdown: str
    versions: list[VersionOut]
    changes: list[ChangeOut] | None
    comments: list[CommentOut]


def _answers(status: int, model: type[BaseModel]) -> dict[int | str, Any]:
    return {status: {"model": model}}


#: What submitting answers: 201 with a new version, 200 when nothing changed.
SUBMITTED: dict[int | str, Any] = {
    201: {"model": SubmittedAnswer},
    200: {
        "model": SubmittedAnswer,
        "description": "Nothing changed since the latest version: no version was made",
    },
}


def submitted(made: Submitted) -> JSONResponse:
    """``{"submission": {"id", "status", "version"}, "unchanged": false}``, 201; or 200
    with ``"unchanged": true`` and the submission as it is, when the recap read the same
    as its latest version (no version made: a double click makes one)."""
    body = {
        "submission": {"id": made.id, "status": made.status, "version": made.version},
        "unchanged": not made.new,
    }
    return JSONResponse(body, 201 if made.new else 200)


def item_json(item: SubmissionItem, zone: str) -> dict[str, Any]:
    """A submission in a list (docs/json.md)."""
    return {
        "id": item.id,
        "status": item.status,
        "version": item.version,
        "title": item.title,
        "cohort": {"id": item.cohort_id, "name": item.cohort},
        "seeker": {"name": item.seeker_name, "email": item.seeker_email},
        "contact_id": item.contact_id,
        "conversation_id": item.conversation_id,
        "created_at": instant(item.created_at, zone),
        "submitted_at": instant(item.submitted_at, zone),
        "reviewed_at": instant(item.reviewed_at, zone),
        "waiting_business_days": item.waiting,
        "overdue": item.overdue,
    }


def comment_json(c: Comment, zone: str) -> dict[str, Any]:
    """A comment (docs/json.md)."""
    return {
        "id": c.id,
        "version": c.version,
        "parent": c.parent,
        "topic": c.topic,
        "text": c.text,
        "author": {"name": c.author, "role": c.author_role},
        "mine": c.mine,
        "created_at": instant(c.created_at, zone),
    }


def detail_json(d: SubmissionDetail, zone: str) -> dict[str, Any]:
    """A submission opened (docs/json.md)."""
    return {
        "submission": item_json(d.item, zone),
        "version": d.shown.version,
        "title": d.shown.title,
        "submitted_at": instant(d.shown.submitted_at, zone),
        "recap": d.shown.document,
        "markdown": d.shown.markdown,
        "versions": [
            {"version": n, "title": title, "submitted_at": instant(at, zone)}
            for n, title, at in d.versions
        ],
        "changes": None
        if d.changes is None
        else [{"kind": line.kind, "text": line.text} for line in d.changes],
        "comments": [comment_json(c, zone) for c in d.comments],
    }


def _zone(request: Request) -> str:
    return workspace_of(request).get_settings().timezone


@router.post(
    "/contacts/{contact_id}/submissions", status_code=201, response_model=None, responses=SUBMITTED
)
def api_submit_contact(
    request: Request, contact_id: int, to: SubmitTo | None = None
) -> JSONResponse:
    """Submit the contact's latest recap (as ``GET .../recap`` shows it) to a coach:
    ``{"submission": {"id", "status", "version"}}``."""
    review, user = review_of(request)
    chosen = to or SubmitTo()
    return submitted(review.submit_contact(user, contact_id, chosen.cohort, chosen.conversation))


@router.post("/submissions", status_code=201, response_model=None, responses=SUBMITTED)
def api_submit_document(request: Request, sent: SubmitDocument) -> JSONResponse:
    """Submit a recap rendered elsewhere (``coffeechat recap submit``): the same answer."""
    review, user = review_of(request)
    made = review.submit_document(user, sent.recap, sent.markdown, sent.contact_key, sent.cohort)
    return submitted(made)


@router.get("/submissions", response_model=None, responses=_answers(200, SubmissionList))
def api_submissions(
    request: Request,
    status: str | None = Query(
        None, pattern="^(submitted|changes-requested|resubmitted|approved)$"
    ),
) -> dict[str, Any]:
    """A seeker's own submissions (the latest first), or a coach's review queue (what
    waits for them, the oldest first); with ``status``, those in that status."""
    review, user = review_of(request)
    zone = _zone(request)
    return {"submissions": [item_json(i, zone) for i in review.submissions(user, status)]}


@router.get(
    "/submissions/{submission_id}",
    response_model=None,
    responses=_answers(200, SubmissionOpened),
)
def api_submission(
    request: Request, submission_id: int, version: int | None = Query(None, ge=1)
) -> dict[str, Any]:
    """One submission: the version asked (default: the latest) as ``recap`` and
    ``markdown``, what changed since the one before, the versions, the comments."""
    review, user = review_of(request)
    return detail_json(review.show(user, submission_id, version), _zone(request))


@router.post(
    "/submissions/{submission_id}/comments",
    status_code=201,
    response_model=None,
    responses=_answers(201, CommentAnswer),
)
def api_comment(request: Request, submission_id: int, new: NewComment) -> dict[str, Any]:
    """Comment on a submission (its seeker or coach): ``{"comment": {...}}``."""
    review, user = review_of(request)
    made = review.comment(user, submission_id, new.text, new.topic, new.parent)
    return {"comment": comment_json(made, _zone(request))}


@router.post(
    "/submissions/{submission_id}/status",
    response_model=None,
    responses=_answers(200, SubmissionAnswer),
)
def api_status(request: Request, submission_id: int, new: NewStatus) -> dict[str, Any]:
    """The coach's review: ``changes-requested`` or ``approved`` (403 for the seeker)."""
    review, user = review_of(request)
    item = review.set_status(user, submission_id, new.status)
    return {"submission": item_json(item, _zone(request))}
