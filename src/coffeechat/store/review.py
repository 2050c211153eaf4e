"""Recap review: submissions, their versions (snapshots) and comments. SQL only: who may
see or do what is decided in service/review.py, the rules in core/review.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, and_, insert, select, update

from coffeechat.core.review import same_recap
from coffeechat.store.database import insert_new
from coffeechat.store.schema import (
    cohort,
    cohort_member,
    submission,
    submission_comment,
    submission_version,
    user,
)


@dataclass(frozen=True)
class SubmissionRow:
    """A submission, its cohort and coach, its seeker, and its latest version's title."""

    id: int
    status: str
    version: int
    cohort_id: int
    cohort_name: str
    coach_id: int
    seeker_id: int
    seeker_name: str
    seeker_email: str | None
    contact_id: int
    conversation_id: int
    title: str
    created_at: dt.datetime
    submitted_at: dt.datetime
    reviewed_at: dt.datetime | None


@dataclass(frozen=True)
class VersionRow:
    """One version of a submission, as submitted."""

    version: int
    title: str
    markdown: str
    document: str
    submitted_at: dt.datetime


@dataclass(frozen=True)
class CommentRow:
    """A comment, and who wrote it (None: their account is gone)."""

    id: int
    version: int
    author_id: int | None
    author_name: str | None
    author_role: str | None
    parent_id: int | None
    topic: str | None
    text: str
    created_at: dt.datetime


def active_cohorts(conn: Connection, seeker_id: int) -> list[tuple[int, str]]:
    """The (id, name) of the cohorts the seeker is an active member of, by name."""
    rows = conn.execute(
        select(cohort.c.id, cohort.c.name)
        .join(cohort_member, cohort_member.c.cohort_id == cohort.c.id)
        .where(cohort_member.c.user_id == seeker_id, cohort_member.c.status == "active")
        .order_by(cohort.c.name)
    )
    return [(int(r.id), r.name) for r in rows]


def left_cohorts(conn: Connection, seeker_id: int) -> list[str]:
    """The names of the cohorts the seeker was a member of and left, by name."""
    rows = conn.execute(
        select(cohort.c.name)
        .join(cohort_member, cohort_member.c.cohort_id == cohort.c.id)
        .where(cohort_member.c.user_id == seeker_id, cohort_member.c.status != "active")
        .order_by(cohort.c.name)
    )
    return [r.name for r in rows]


def submit(
    conn: Connection,
    seeker_id: int,
    cohort_id: int,
    key: tuple[int, int],
    title: str,
    markdown: str,
    document: str,
    now: dt.datetime,
    statuses: tuple[str, str],
) -> tuple[int, str, int, bool]:
    """A new version of the seeker's submission of ``key`` (the contact's id, the
    conversation's) to ``cohort_id``: the first (version 1, in the first of
    ``statuses``) or the next (in the second, the version counted up under the row's
    lock: two at once make two versions). When the latest version reads the same
    (the same Markdown but for the closing line's date: core/review.same_recap),
    nothing is written. (id, status, version, whether a version
    was made)."""
    contact_id, conversation_id = key
    where = (
        submission.c.seeker_id == seeker_id,
        submission.c.cohort_id == cohort_id,
        submission.c.contact_id == contact_id,
        submission.c.conversation_id == conversation_id,
    )
    found = conn.execute(
        select(submission.c.id, submission.c.status, submission.c.version)
        .where(*where)
        .with_for_update()
    ).first()
    if found is not None:
        latest = conn.execute(
            select(submission_version.c.markdown).where(
                submission_version.c.submission_id == found.id,
                submission_version.c.version == found.version,
            )
        ).scalar()
        if latest is not None and same_recap(str(latest), markdown):
            return int(found.id), str(found.status), int(found.version), False
    made = conn.execute(
        insert_new(conn, submission, "seeker_id", "cohort_id", "contact_id", "conversation_id")
        .values(
            seeker_id=seeker_id,
            cohort_id=cohort_id,
            contact_id=contact_id,
            conversation_id=conversation_id,
            status=statuses[0],
            version=1,
            created_at=now,
            submitted_at=now,
        )
        .returning(submission.c.id, submission.c.status, submission.c.version)
    ).first()
    if made is None:
        made = conn.execute(
            update(submission)
            .where(*where)
            .values(version=submission.c.version + 1, status=statuses[1], submitted_at=now)
            .returning(submission.c.id, submission.c.status, submission.c.version)
        ).one()
    conn.execute(
        insert(submission_version).values(
            submission_id=made.id,
            version=made.version,
            title=title,
            markdown=markdown,
            document=document,
            submitted_at=now,
        )
    )
    return int(made.id), str(made.status), int(made.version), True


def _listing() -> Any:
    coach = cohort.c.coach_id
    return (
        select(
            submission,
            cohort.c.name.label("cohort_name"),
            coach.label("coach_id"),
            user.c.name.label("seeker_name"),
            user.c.login_email.label("seeker_email"),
            submission_version.c.title,
        )
        .join(cohort, cohort.c.id == submission.c.cohort_id)
        .join(user, user.c.id == submission.c.seeker_id)
        .join(
            submission_version,
            and_(
                submission_version.c.submission_id == submission.c.id,
                submission_version.c.version == submission.c.version,
            ),
        )
    )


def _row(r: Any) -> SubmissionRow:
    return SubmissionRow(
        int(r.id),
        r.status,
        int(r.version),
        int(r.cohort_id),
        r.cohort_name,
        int(r.coach_id),
        int(r.seeker_id),
        r.seeker_name,
        r.seeker_email,
        int(r.contact_id),
        int(r.conversation_id),
        r.title,
        r.created_at,
        r.submitted_at,
        r.reviewed_at,
    )


def by_id(conn: Connection, submission_id: int) -> SubmissionRow | None:
    """A submission (whoever may see it: the service decides)."""
    row = conn.execute(_listing().where(submission.c.id == submission_id)).first()
    return None if row is None else _row(row)


def of_seeker(
    conn: Connection, seeker_id: int, statuses: tuple[str, ...] | None, limit: int
) -> list[SubmissionRow]:
    """A seeker's own submissions, the latest submitted first."""
    query = _listing().where(submission.c.seeker_id == seeker_id)
    if statuses is not None:
        query = query.where(submission.c.status.in_(statuses))
    order = (submission.c.submitted_at.desc(), submission.c.id.desc())
    return [_row(r) for r in conn.execute(query.order_by(*order).limit(limit))]


def of_coach(
    conn: Connection, coach_id: int, statuses: tuple[str, ...], *, oldest_first: bool, limit: int
) -> list[SubmissionRow]:
    """The submissions of the coach's cohorts in ``statuses``: oldest first (the queue)
    or the latest first."""
    query = _listing().where(cohort.c.coach_id == coach_id, submission.c.status.in_(statuses))
    if oldest_first:
        order = (submission.c.submitted_at.asc(), submission.c.id.asc())
    else:
        order = (submission.c.submitted_at.desc(), submission.c.id.desc())
    return [_row(r) for r in conn.execute(query.order_by(*order).limit(limit))]


def versions(conn: Connection, submission_id: int) -> list[VersionRow]:
    """Every version of a submission, the first first."""
    rows = conn.execute(
        select(submission_version)
        .where(submission_version.c.submission_id == submission_id)
        .order_by(submission_version.c.version)
    )
    return [
        VersionRow(int(r.version), r.title, r.markdown, r.document, r.submitted_at) for r in rows
    ]


def comments(conn: Connection, submission_id: int) -> list[CommentRow]:
    """Every comment on a submission, in the order they were made."""
    rows = conn.execute(
        select(
            submission_comment,
            user.c.name.label("author_name"),
            user.c.role.label("author_role"),
        )
        .outerjoin(user, user.c.id == submission_comment.c.author_id)
        .where(submission_comment.c.submission_id == submission_id)
        .order_by(submission_comment.c.id)
    )
    return [
        CommentRow(
            int(r.id),
            int(r.version),
            None if r.author_id is None else int(r.author_id),
            r.author_name,
            r.author_role,
            None if r.parent_id is None else int(r.parent_id),
            r.topic,
            r.text,
            r.created_at,
        )
        for r in rows
    ]


def comment_topic(conn: Connection, submission_id: int, comment_id: int) -> tuple[bool, str | None]:
    """Whether ``comment_id`` is a comment on this submission, and its topic."""
    row = conn.execute(
        select(submission_comment.c.topic).where(
            submission_comment.c.id == comment_id,
            submission_comment.c.submission_id == submission_id,
        )
    ).first()
    return (False, None) if row is None else (True, row.topic)


def add_comment(
    conn: Connection,
    submission_id: int,
    version: int,
    author_id: int,
    parent_id: int | None,
    topic: str | None,
    text: str,
    now: dt.datetime,
) -> int:
    """A new comment; its id."""
    found = conn.execute(
        insert(submission_comment)
        .values(
            submission_id=submission_id,
            version=version,
            author_id=author_id,
            parent_id=parent_id,
            topic=topic,
            text=text,
            created_at=now,
        )
        .returning(submission_comment.c.id)
    ).scalar_one()
    return int(found)


def set_status(conn: Connection, submission_id: int, status: str, now: dt.datetime) -> int:
    """The coach's review: the new status, reviewed now; the version it was given on."""
    found = conn.execute(
        update(submission)
        .where(submission.c.id == submission_id)
        .values(status=status, reviewed_at=now)
        .returning(submission.c.version)
    ).scalar_one()
    return int(found)
