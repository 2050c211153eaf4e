"""Recap review on the team server: a seeker submits the recap of a contact to the coach
of one of their cohorts, the coach reads it, comments and requests changes or approves,
the seeker replies and submits again.

Who may see what: a submission is seen by the seeker who made it and by the coach of
its cohort, and by no one else (an admin manages accounts, not content): to anyone
else it does not exist (``UnknownSubmission``, the same answer as an unknown id). A
coach reads only the snapshots submitted (``submission_version``): nothing here reads a
seeker's workspace on a coach's behalf; the seeker's own workspace is read only when the
seeker submits (``submit_contact``).

Writes go outside any undo change (``record=False``): a submission is shared with the
coach, so a seeker's ``undo`` must not take it back. Submissions, reviews, comments and
every time a coach opens a submission are written to the audit log.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Self

from coffeechat.core import review as rules
from coffeechat.core.errors import InvalidValue, UnknownContact
from coffeechat.service.base import WorkspaceBase
from coffeechat.store import accounts as audit_store
from coffeechat.store import review as store
from coffeechat.store import users

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from coffeechat.service.accounts import Accounts, User

#: The most submissions a list shows.
LIST_LIMIT = 200


@dataclass(frozen=True)
class Submitted:
    """What a submission made: its id, status and (new) version; or, when nothing
    changed since the latest version (``new`` False), that submission as it is."""

    id: int
    status: str
    version: int
    cohort: str
    #: False when the recap read the same as the latest version: none was made.
    new: bool = True


@dataclass(frozen=True)
class SubmissionItem:
    """A submission as the lists show it. ``waiting``: business days it has waited for
    the coach (None when it waits for no one), ``overdue`` past ANSWER_WITHIN;
    ``contact_id`` is the seeker's own contact (None for one sent from a local
    workspace), ``conversation_id`` its conversation there (None when not known), both
    shown to the seeker only."""

    id: int
    status: str
    version: int
    cohort_id: int
    cohort: str
    seeker_name: str
    seeker_email: str
    contact_id: int | None
    conversation_id: int | None
    title: str
    created_at: dt.datetime
    submitted_at: dt.datetime
    reviewed_at: dt.datetime | None
    waiting: int | None
    overdue: bool


@dataclass(frozen=True)
class Version:
    """One version as submitted: its Markdown, its ``recap --json`` document, the
    Markdown read into blocks for a page, and its topics (key, question)."""

    version: int
    title: str
    submitted_at: dt.datetime
    markdown: str
    document: dict[str, Any]
    blocks: list[rules.Block]
    topics: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Comment:
    """A comment in its thread: ``depth`` 0 for a comment, 1 and more for replies."""

    id: int
    version: int
    author: str
    author_role: str | None
    mine: bool
    parent: int | None
    topic: str | None
    text: str
    created_at: dt.datetime
    depth: int


@dataclass(frozen=True)
class SubmissionDetail:
    """A submission opened: the version shown (the latest unless asked), the list of
    versions, what changed since the version before it (None for the first), the
    comments in threads, and whether the viewer is its coach."""

    item: SubmissionItem
    shown: Version
    versions: list[tuple[int, str, dt.datetime]]
    changes: list[rules.DiffLine] | None
    comments: list[Comment]
    coach: bool


def threaded(found: list[store.CommentRow], viewer: int) -> list[Comment]:
    """Comments in reading order: each followed by its replies (oldest first), depth
    first; a reply whose parent is missing stands as a comment."""
    ids = {c.id for c in found}
    children: dict[int | None, list[store.CommentRow]] = {}
    for c in found:
        parent = c.parent_id if c.parent_id in ids else None
        children.setdefault(parent, []).append(c)
    ordered: list[Comment] = []

    def walk(parent: int | None, depth: int) -> None:
        for c in children.get(parent, []):
            ordered.append(
                Comment(
                    c.id,
                    c.version,
                    c.author_name or "a former account",
                    c.author_role,
                    c.author_id == viewer,
                    c.parent_id,
                    c.topic,
                    c.text,
                    c.created_at,
                    depth,
                )
            )
            walk(c.id, depth + 1)

    walk(None, 0)
    return ordered


class Review(WorkspaceBase):
    """Recap review over the accounts' database (made with ``Review.of(accounts)``; it
    shares their engine: never ``close()`` it)."""

    @classmethod
    def of(cls, accounts: Accounts) -> Self:
        """The review of the accounts' database, on their clock."""
        return cls(accounts.settings, accounts.engine, accounts.owner_id)

    # --- submitting ------------------------------------------------------------------------

    def cohorts_of(self, user: User) -> list[tuple[int, str]]:
        """The (id, name) of the cohorts ``user`` can submit to (active member of)."""
        with self.reading() as conn:
            return store.active_cohorts(conn, user.id)

    def left_cohorts_of(self, user: User) -> list[str]:
        """The names of the cohorts ``user`` was in and left."""
        with self.reading() as conn:
            return store.left_cohorts(conn, user.id)

    def submit_contact(
        self,
        user: User,
        contact_id: int,
        cohort: int | None = None,
        conversation: int | None = None,
    ) -> Submitted:
        """Submit the recap of one of the seeker's own contacts (as their recap page
        shows it) to ``cohort``, or to their only cohort: of ``conversation``, else of
        the latest conversation whose recap has something written (the next one may be
        scheduled already, its recap still empty). One submission per conversation:
        submitting the same one again makes its next version."""
        from coffeechat.core.errors import EmptyRecap
        from coffeechat.formats import jsonout
        from coffeechat.formats.recap import recap_markdown
        from coffeechat.service.workspace import Workspace

        self._cohort(user, cohort)  # checked before the recap is assembled
        mine = Workspace(self.settings, self.engine, user.id)
        if mine.show_contact(str(contact_id)).contact.id != contact_id:
            raise UnknownContact(str(contact_id))  # an id of no one matched part of a name
        if conversation is None:
            conversation = mine.latest_recap_conversation(str(contact_id))
        try:
            result = mine.preview_recap(str(contact_id), conversation)
        except EmptyRecap as empty:  # the team server's pages, not a local command's ids
            page = f"/contacts/{contact_id}/recap"
            raise EmptyRecap(empty.name, contact_id, empty.reflection, page=page) from None
        document = jsonout.recap_written(result, "md", None)
        title, markdown = rules.checked_document(document, recap_markdown(result.recap))
        key = (contact_id, result.conversation_id)
        return self._submit(user, key, title, markdown, document, cohort)

    def submit_document(
        self,
        user: User,
        document: object,
        markdown: object,
        contact_key: object,
        cohort: int | None = None,
    ) -> Submitted:
        """Submit a recap rendered elsewhere (``coffeechat recap submit`` on a local
        workspace): its ``recap --json`` document and Markdown, and a stable key of the
        contact there. The same key and the same conversation (the document's
        ``conversation``, the local one) make a new version of the same submission."""
        key = rules.contact_key(contact_key)
        title, text = rules.checked_document(document, markdown, strict=True)
        assert isinstance(document, dict)
        conversation = rules.document_conversation(document)
        return self._submit(
            user, (rules.contact_key_id(key), conversation), title, text, document, cohort
        )

    def _cohort(self, user: User, cohort: int | None) -> tuple[int, str]:
        with self.reading() as conn:
            return self._chosen(conn, user, cohort)

    def _chosen(self, conn: Connection, user: User, cohort: int | None) -> tuple[int, str]:
        if user.role != "seeker":  # a coach reviews, an admin manages accounts
            raise rules.NotInACohort(
                f"cohort: only job seekers submit recaps, and this account is a {user.role}"
                + (
                    ": the recaps of your cohorts wait at /submissions"
                    if user.role == "coach"
                    else ""
                )
            )
        mine = store.active_cohorts(conn, user.id)
        listed = ", ".join(f"{i} ({name})" for i, name in mine)
        if cohort is not None:
            for found in mine:
                if found[0] == cohort:
                    return found
            where = f"yours: {listed}" if mine else "you are in no cohort"
            raise rules.NotInACohort(f"cohort: {cohort} is not one of your cohorts ({where})")
        if not mine:
            left = store.left_cohorts(conn, user.id)
            if left:
                raise rules.NotInACohort(
                    f"cohort: you left {', '.join(left)} and are in no cohort now: join again "
                    "with its invite code (/cohorts/join) or ask your coach to add you, then "
                    "submit again"
                )
            raise rules.NotInACohort(
                "cohort: you are in no cohort yet: ask your coach to add you, then submit again"
            )
        if len(mine) > 1:
            raise rules.NotInACohort(
                f"cohort: you are in {len(mine)} cohorts: say which one gets it ({listed})"
            )
        return mine[0]

    def _submit(
        self,
        user: User,
        key: tuple[int, int],
        title: str,
        markdown: str,
        document: dict[str, Any],
        cohort: int | None,
    ) -> Submitted:
        text = json.dumps(document, ensure_ascii=False)
        now = self.now()
        with self.writing(record=False) as conn:
            cohort_id, name = self._chosen(conn, user, cohort)
            made, status, version, new = store.submit(
                conn,
                user.id,
                cohort_id,
                key,
                title,
                markdown,
                text,
                now,
                # the first version is submitted; every later one resubmitted, whatever
                # the review said (changes requested, approved, or nothing yet)
                (rules.SUBMITTED, rules.RESUBMITTED),
            )
            if new:  # nothing changed: no version made, nothing to audit
                detail = f"submission={made} version={version} cohort={name}"
                audit_store.audit(conn, now, user.id, "submission.submit", user.email, detail)
        return Submitted(made, status, version, name, new)

    # --- reading -----------------------------------------------------------------------------

    def _item(
        self, conn: Connection, row: store.SubmissionRow, viewer: User, clocks: dict[int, Any]
    ) -> SubmissionItem:
        waiting, overdue = None, False
        if row.status in rules.WAITING:
            waiting = self._waited(conn, row.coach_id, row.submitted_at, clocks)
            overdue = waiting > rules.ANSWER_WITHIN
        mine = row.seeker_id == viewer.id
        return SubmissionItem(
            row.id,
            row.status,
            row.version,
            row.cohort_id,
            row.cohort_name,
            row.seeker_name,
            row.seeker_email or "",
            row.contact_id if mine and row.contact_id > 0 else None,
            row.conversation_id if mine and row.conversation_id > 0 else None,
            row.title,
            row.created_at,
            row.submitted_at,
            row.reviewed_at,
            waiting,
            overdue,
        )

    def _waited(
        self, conn: Connection, coach_id: int, since: dt.datetime, clocks: dict[int, Any]
    ) -> int:
        """Business days a submission has waited, on its coach's calendar (their zone,
        their country's holidays)."""
        from coffeechat.core.businessdays import business_days_between
        from coffeechat.formats.zonetab import zone_countries
        from coffeechat.service.followups import holidays_around

        now = self.now()
        if coach_id not in clocks:
            coach = users.get_settings(conn, coach_id)
            country = coach.country or zone_countries().get(coach.timezone)
            clocks[coach_id] = (coach.timezone, holidays_around(country, now))
        zone, holidays = clocks[coach_id]
        return business_days_between(since, now, zone, holidays)

    def submissions(self, user: User, status: str | None = None) -> list[SubmissionItem]:
        """A coach's review queue (what waits for them, the oldest first), or with
        ``status`` their cohorts' submissions in that status, the latest first; a
        seeker's own submissions (all, or in ``status``), the latest first. An admin
        sees none."""
        if status is not None and status not in rules.STATUSES:
            raise InvalidValue("status", status, "one of " + ", ".join(rules.STATUSES), "approved")
        clocks: dict[int, Any] = {}
        with self.reading() as conn:
            if user.role == "coach":
                if status is None:
                    rows = store.of_coach(
                        conn, user.id, rules.WAITING, oldest_first=True, limit=LIST_LIMIT
                    )
                else:
                    rows = store.of_coach(
                        conn, user.id, (status,), oldest_first=False, limit=LIST_LIMIT
                    )
            elif user.role == "seeker":
                rows = store.of_seeker(
                    conn, user.id, None if status is None else (status,), LIST_LIMIT
                )
            else:
                rows = []
            return [self._item(conn, r, user, clocks) for r in rows]

    def _visible(self, conn: Connection, user: User, submission_id: int) -> store.SubmissionRow:
        """The submission if ``user`` may see it: its seeker, or the coach of its cohort
        while their role is coach (a coach made admin or seeker keeps no access to the
        recaps of the cohort they coached); UnknownSubmission for anyone else."""
        row = store.by_id(conn, submission_id)
        if row is None or not (row.seeker_id == user.id or _coaches(user, row)):
            raise rules.UnknownSubmission(submission_id)
        return row

    def show(self, user: User, submission_id: int, version: int | None = None) -> SubmissionDetail:
        """A submission as its seeker or coach sees it: ``version`` (default: the
        latest) with what changed since the one before, every version, the comments.
        Every time its coach opens it, the audit log says so."""
        with self.reading() as conn:
            row = self._visible(conn, user, submission_id)
            coach = _coaches(user, row) and row.seeker_id != user.id
            found = store.versions(conn, row.id)
            numbers = [v.version for v in found]
            wanted = row.version if version is None else version
            if wanted not in numbers:
                raise InvalidValue(
                    "version", version, f"this submission has versions 1 to {row.version}", "1"
                )
            item = self._item(conn, row, user, {})
            thread = threaded(store.comments(conn, row.id), user.id)
        if coach:  # written before the coach is shown anything
            with self.writing(record=False) as conn:
                detail = f"submission={row.id} version={wanted}"
                audit_store.audit(
                    conn, self.now(), user.id, "submission.open", row.seeker_email, detail
                )
        at = numbers.index(wanted)
        shown = _version(found[at], for_coach=coach)
        changes = None
        if at > 0:
            changes = rules.line_changes(found[at - 1].markdown, shown.markdown)
        listed = [(v.version, v.title, v.submitted_at) for v in found]
        return SubmissionDetail(item, shown, listed, changes, thread, coach)

    # --- reviewing -----------------------------------------------------------------------------

    def comment(
        self,
        user: User,
        submission_id: int,
        text: object,
        topic: str | None = None,
        parent: int | None = None,
    ) -> Comment:
        """A comment by the seeker or the coach, on the latest version: on one of its
        topics, on the whole recap (no topic), or a reply to ``parent`` (on the parent's
        topic)."""
        cleaned = rules.comment_text(text)
        if parent is not None and not 0 < parent <= rules.LARGEST_ID:
            raise InvalidValue(
                "parent", parent, "not a comment of this submission", "a comment's id"
            )
        now = self.now()
        with self.writing(record=False) as conn:
            row = self._visible(conn, user, submission_id)
            if parent is not None:
                known, topic = store.comment_topic(conn, row.id, parent)
                if not known:
                    raise InvalidValue(
                        "parent", parent, "not a comment of this submission", "a comment's id"
                    )
            else:
                latest = store.versions(conn, row.id)[-1]
                topics = tuple(k for k, _ in rules.topics_of(_parsed(latest.document)))
                topic = rules.comment_topic(topic, topics)
            made = store.add_comment(
                conn, row.id, row.version, user.id, parent, topic, cleaned, now
            )
            detail = f"submission={row.id} comment={made}"
            audit_store.audit(conn, now, user.id, "submission.comment", row.seeker_email, detail)
        return Comment(
            made, row.version, user.name, user.role, True, parent, topic, cleaned, now, 0
        )

    def set_status(self, user: User, submission_id: int, status: object) -> SubmissionItem:
        """The coach's review: ``changes-requested`` or ``approved`` (NotTheCoach for the
        seeker; UnknownSubmission for anyone else)."""
        now = self.now()
        with self.writing(record=False) as conn:
            row = self._visible(conn, user, submission_id)
            if not _coaches(user, row):
                raise rules.NotTheCoach
            chosen = rules.review_status(status)
            version = store.set_status(conn, row.id, chosen, now)
            detail = f"submission={row.id} version={version} status={chosen}"
            audit_store.audit(conn, now, user.id, "submission.review", row.seeker_email, detail)
            updated = store.by_id(conn, row.id)
            assert updated is not None
            return self._item(conn, updated, user, {})


def _coaches(user: User, row: store.SubmissionRow) -> bool:
    """Whether ``user`` is the coach of the submission's cohort, and a coach still."""
    return user.role == "coach" and user.active and row.coach_id == user.id


def _parsed(document: str) -> dict[str, Any]:
    try:
        found = json.loads(document)
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def _version(v: store.VersionRow, *, for_coach: bool = False) -> Version:
    document = _parsed(v.document)
    if for_coach:
        document = rules.without_workspace_ids(document)
    return Version(
        v.version,
        v.title,
        v.submitted_at,
        v.markdown,
        document,
        rules.markdown_blocks(v.markdown),
        rules.topics_of(document),
    )
