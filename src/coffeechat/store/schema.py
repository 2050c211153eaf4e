"""The tables. Every owned row carries ``owner_id``; instants are UTC with their zone."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.sql.expression import false, true
from sqlalchemy.types import TypeDecorator

#: The Alembic revision this code writes; a workspace at an older one is upgraded.
SCHEMA_REVISION = "0020_cohort_left"

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """An aware instant stored as naive UTC (the zone it was meant in sits beside it)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if not isinstance(value, dt.datetime) or value.tzinfo is None:
            raise ValueError(f"expected an aware datetime, got {value!r}")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        assert isinstance(value, dt.datetime)
        return value.replace(tzinfo=dt.UTC)


def _owner() -> Column[int]:
    return Column("owner_id", Integer, ForeignKey("user.id", ondelete="CASCADE"), nullable=False)


user = Table(
    "user",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("email", String(320)),
    Column("timezone", String(64), nullable=False),
    Column("country", String(2)),
    Column("availability", String(200), nullable=False),
    Column("signature", Text),
    Column("phone", String(40)),
    Column("weekly_goal", Integer, nullable=False, default=3),
    Column("smtp_host", String(255)),
    Column("smtp_port", Integer),
    Column("smtp_security", String(10), nullable=False, server_default="starttls"),
    Column("smtp_user", String(320)),
    Column("cities", String(500)),
    Column("paper", String(10)),
    Column("created_at", UTCDateTime, nullable=False),
    # the account (0016; team mode): who signs in with what, and may do what. None of it
    # is the user's data: not exported, and never written back by ``undo``
    # (store/undo.ACCOUNT_COLUMNS). ``login_email`` is normalised (trimmed, lower case);
    # the local owner has none.
    Column("login_email", String(320), index=True, unique=True),
    Column("role", String(10), nullable=False, server_default="seeker"),
    Column("password_hash", String(255)),
    Column("active", Boolean, nullable=False, server_default=true()),
)

#: The columns of ``user`` that are its account, not the user's data (0016): not in the
#: export, and never written back by ``undo``.
ACCOUNT_COLUMNS = frozenset({"login_email", "role", "password_hash", "active"})

company = Table(
    "company",
    metadata,
    Column("id", Integer, primary_key=True),
    _owner(),
    Column("name", String(200), nullable=False),
    # casefolded name: one company per name and owner, whatever the capitals
    Column("name_key", String(200), nullable=False),
    Column("website", String(500)),
    Column("advocacy", Boolean),
    Column("motivation", Integer),
    Column("posting", Integer),
    Column("note", Text),
    Column("created_at", UTCDateTime, nullable=False),
    # on the LAMP target list: added with `company add`, scored, or marked (0009); an
    # employer created by a contact or an import is not
    Column("target", Boolean, nullable=False, server_default=false()),
    UniqueConstraint("owner_id", "name_key", name="uq_company_owner_name"),
)

contact = Table(
    "contact",
    metadata,
    Column("id", Integer, primary_key=True),
    _owner(),
    Column("name", String(200), nullable=False),
    Column("phone", String(40)),
    Column("linkedin", String(500)),
    Column("company_id", Integer, ForeignKey("company.id", ondelete="SET NULL")),
    Column("title", String(200)),
    Column("seniority", String(20)),
    Column("city", String(200)),
    Column("timezone", String(64)),
    Column("work_hours", String(200), nullable=False),
    Column("country", String(2)),
    Column("how_met", String(20)),
    Column("met_at", String(300)),
    Column("met_on", Date),
    Column("introduced_by_id", Integer, ForeignKey("contact.id", ondelete="SET NULL")),
    Column("note", Text),
    Column("created_at", UTCDateTime, nullable=False),
    # months between keep-in-touch notes for this contact (0005; none: the default, 3)
    Column("keep_in_touch", Integer),
    # why the user wants to talk to this person, for the outreach draft (0014)
    Column("reason", Text),
    Index("ix_contact_owner_id", "owner_id"),
    Index("ix_contact_company_id", "company_id"),
    # a contact's peer at their company: the lowest id there but theirs (0007)
    Index("ix_contact_owner_id_company_id_id", "owner_id", "company_id", "id"),
    Index("ix_contact_introduced_by_id", "introduced_by_id"),  # 0007
)

contact_email = Table(
    "contact_email",
    metadata,
    Column("id", Integer, primary_key=True),
    _owner(),
    Column("contact_id", Integer, ForeignKey("contact.id", ondelete="CASCADE"), nullable=False),
    Column("email", String(320), nullable=False),
    Column("position", Integer, nullable=False),
    Index("ix_contact_email_owner_id_contact_id", "owner_id", "contact_id"),
    Index("ix_contact_email_email", "email"),
    # a removed contact's e-mails, found by the ON DELETE CASCADE (0009: undoing a big
    # import removes 100,000 contacts)
    Index("ix_contact_email_contact_id", "contact_id"),
)

contact_tag = Table(
    "contact_tag",
    metadata,
    _owner(),
    Column("contact_id", Integer, ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True),
    Column("tag", String(50), primary_key=True),
    Index("ix_contact_tag_owner_id", "owner_id"),
    Index("ix_contact_tag_owner_id_tag", "owner_id", "tag"),  # 0007
)

event = Table(
    "event",
    metadata,
    Column("id", Integer, primary_key=True),
    _owner(),
    Column("contact_id", Integer, ForeignKey("contact.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(30), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("zone", String(64), nullable=False),
    Column("note", Text),
    Column("value", String(100)),
    Column("created_at", UTCDateTime, nullable=False),
    Index("ix_event_contact_id_at", "contact_id", "at"),
    Index("ix_event_owner_id", "owner_id"),
    # the timelines of some contacts: without it SQLite reads the owner's every event (0007)
    Index("ix_event_owner_id_contact_id_at", "owner_id", "contact_id", "at"),
)

# One row per searchable thing (a contact, a company, a logged note). SQLite indexes it
# with an FTS5 table kept in step by triggers; PostgreSQL with a GIN expression index.
search_doc = Table(
    "search_doc",
    metadata,
    Column("id", Integer, primary_key=True),
    _owner(),
    Column("kind", String(20), nullable=False),
    Column("ref_id", Integer, nullable=False),
    Column("title", Text, nullable=False),
    Column("body", Text, nullable=False),
    # title and body case- and accent-folded, which PostgreSQL's index reads (0006; empty
    # on SQLite, whose FTS5 table folds by itself)
    Column("folded", Text),
    UniqueConstraint("kind", "ref_id", name="uq_search_doc_kind_ref"),
    Index("ix_search_doc_owner_id", "owner_id"),
)

# --- scheduling (0002) -------------------------------------------------------------------

# A busy-time calendar: a file or an http(s)/webcal URL, with the last copy read.
calendar_source = Table(
    "calendar_source",
    metadata,
    Column("id", Integer, primary_key=True),
    _owner(),
    Column("source", String(2000), nullable=False),
    Column("is_url", Boolean, nullable=False),
    Column("cached", LargeBinary),
    Column("fetched_at", UTCDateTime),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("owner_id", "source", name="uq_calendar_source_owner_source"),
)

# One informational interview with a contact, from the confirmed time on.
conversation = Table(
    "conversation",
    metadata,
    Column("id", Integer, primary_key=True),
    _owner(),
    Column("contact_id", Integer, ForeignKey("contact.id", ondelete="CASCADE"), nullable=False),
    Column("status", String(20), nullable=False),
    Column("start", UTCDateTime),
    Column("end", UTCDateTime),
    Column("zone", String(64), nullable=False),
    Column("place", Text),
    Column("format", String(20)),
    Column("reschedules", Integer, nullable=False, default=0),
    Column("uid", String(200), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    # --- the conversation itself (0004) ---
    Column("guide", String(40)),
    Column("planned_minutes", Integer),
    # when the chat began in `coffeechat chat` (kept when it is resumed)
    Column("started_at", UTCDateTime),
    # topic keys the user skipped, space-separated, in the order skipped
    Column("skipped", Text, nullable=False, server_default=""),
    Column("reflection", Text),
    Column("next_contact", Date),
    Column("next_step", Text),
    Column("variant", String(20)),
    Column("recapped_at", UTCDateTime),
    # the video link of the meeting (0009: `schedule confirm --link`)
    Column("link", String(2000)),
    Index("ix_conversation_owner_id_contact_id", "owner_id", "contact_id"),
)

# A set of offered options, held until one is confirmed (or a newer set replaces it).
proposal = Table(
    "proposal",
    metadata,
    Column("id", Integer, primary_key=True),
    _owner(),
    Column("contact_id", Integer, ForeignKey("contact.id", ondelete="CASCADE"), nullable=False),
    Column("conversation_id", Integer, ForeignKey("conversation.id", ondelete="SET NULL")),
    Column("status", String(20), nullable=False),
    Column("zone", String(64), nullable=False),
    Column("duration_min", Integer, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Index("ix_proposal_owner_id_contact_id", "owner_id", "contact_id"),
)

proposal_option = Table(
    "proposal_option",
    metadata,
    Column("id", Integer, primary_key=True),
    _owner(),
    Column("proposal_id", Integer, ForeignKey("proposal.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("start", UTCDateTime, nullable=False),
    Column("end", UTCDateTime, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("format", String(20), nullable=False),
    Column("place", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Index("ix_proposal_option_proposal_id", "proposal_id"),
)


# --- the conversation (0004) -------------------------------------------------------------


def _conversation_ref() -> Column[int]:
    return Column(
        "conversation_id",
        Integer,
        ForeignKey("conversation.id", ondelete="CASCADE"),
        nullable=False,
    )


def _contact_ref() -> Column[int]:
    return Column(
        "contact_id", Integer, ForeignKey("contact.id", ondelete="CASCADE"), nullable=False
    )


# A note taken during (or right after) a conversation, under a topic of its guide or none.
note = Table(
    "note",
    metadata,
    Column("id", Integer, primary_key=True),
    _owner(),
    _conversation_ref(),
    _contact_ref(),
    Column("topic", String(40)),
    Column("text", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Index("ix_note_conversation_id", "conversation_id"),
    Index("ix_note_owner_id", "owner_id"),
)

takeaway = Table(
    "takeaway",
    metadata,
    Column("id", Integer, primary_key=True),
    _owner(),
    _conversation_ref(),
    _contact_ref(),
    Column("kind", String(20), nullable=False),
    Column("text", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Index("ix_takeaway_conversation_id", "conversation_id"),
    Index("ix_takeaway_owner_id", "owner_id"),
)

promise = Table(
    "promise",
    metadata,
    Column("id", Integer, primary_key=True),
    _owner(),
    _conversation_ref(),
    _contact_ref(),
    Column("by", String(10), nullable=False),
    Column("text", Text, nullable=False),
    Column("due", Date),
    Column("done_at", UTCDateTime),
    Column("created_at", UTCDateTime, nullable=False),
    Index("ix_promise_conversation_id", "conversation_id"),
    Index("ix_promise_owner_id_contact_id", "owner_id", "contact_id"),  # 0007
)

# Contact A (``from``) offered to introduce the user to person B (``to``).
introduction = Table(
    "introduction",
    metadata,
    Column("id", Integer, primary_key=True),
    _owner(),
    Column("from_id", Integer, ForeignKey("contact.id", ondelete="CASCADE"), nullable=False),
    Column("to_id", Integer, ForeignKey("contact.id", ondelete="CASCADE"), nullable=False),
    Column("conversation_id", Integer, ForeignKey("conversation.id", ondelete="SET NULL")),
    Column("status", String(20), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Index("ix_introduction_owner_id_from_id", "owner_id", "from_id"),  # 0007
    Index("ix_introduction_from_id", "from_id"),
    Index("ix_introduction_to_id", "to_id"),  # 0007
)

# A guide the user wrote; the built-in ones live in code. ``definition`` is JSON.
guide = Table(
    "guide",
    metadata,
    Column("id", Integer, primary_key=True),
    _owner(),
    Column("name", String(40), nullable=False),
    Column("title", String(200), nullable=False),
    Column("definition", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    UniqueConstraint("owner_id", "name", name="uq_guide_owner_name"),
)


# (0007 replaced the owner-only indexes of promise, introduction and followup_state with
# ones that begin with the owner: SQLite picked those for their rowid order, reading
# every row of the owner to find one contact's.)

# --- follow-ups and paths (0005) ----------------------------------------------------------

# What the user decided about one follow-up item: dismissed, or snoozed until a date.
# Items are derived from the timeline; ``item`` is the stable id the agenda gives them.
followup_state = Table(
    "followup_state",
    metadata,
    Column("id", Integer, primary_key=True),
    _owner(),
    _contact_ref(),
    Column("item", String(120), nullable=False),
    Column("action", String(10), nullable=False),
    Column("until", Date),
    Column("created_at", UTCDateTime, nullable=False),
    Index("ix_followup_state_owner_id_contact_id", "owner_id", "contact_id"),  # 0007
)

# How an application into a company runs: conventional, or through a contact.
path = Table(
    "path",
    metadata,
    Column("id", Integer, primary_key=True),
    _owner(),
    Column("company_id", Integer, ForeignKey("company.id", ondelete="CASCADE"), nullable=False),
    Column("role", String(200), nullable=False),
    Column("via_contact_id", Integer, ForeignKey("contact.id", ondelete="SET NULL")),
    Column("conventional", Boolean, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Index("ix_path_owner_id", "owner_id"),
)

path_step = Table(
    "path_step",
    metadata,
    Column("id", Integer, primary_key=True),
    _owner(),
    Column("path_id", Integer, ForeignKey("path.id", ondelete="CASCADE"), nullable=False),
    Column("step", String(40), nullable=False),
    Column("on", Date, nullable=False),
    Column("note", Text),
    Column("created_at", UTCDateTime, nullable=False),
    Index("ix_path_step_path_id", "path_id"),
)


# A cache of each contact's derived stage (core/stages.py: the timeline is the fact; this
# is a copy of its derivation, 0008). A row holds while "now" stays in [valid_from,
# valid_until) (None: unbounded) and the user's zone is ``user_zone``; triggers on
# event, conversation, contact and introduction (0009) delete a contact's row whenever
# what feeds it changes.
stage_cache = Table(
    "stage_cache",
    metadata,
    _owner(),
    Column("contact_id", Integer, ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True),
    Column("stage", String(20), nullable=False),
    Column("since", UTCDateTime),
    Column("user_zone", String(64), nullable=False),
    Column("valid_from", UTCDateTime),
    Column("valid_until", UTCDateTime),
    Index("ix_stage_cache_owner_id_stage_since", "owner_id", "stage", "since"),
)

# The agenda cache (0013): the due day of each open follow-up item of a contact as the
# rules derived them, valid while valid_from <= now < valid_until (None: unbounded) for
# ``user_zone``; a contact with no open item has one row with ``due`` None. Triggers
# delete a contact's rows whenever what feeds its items changes. ``id`` orders nothing.
agenda_cache = Table(
    "agenda_cache",
    metadata,
    Column("id", Integer, primary_key=True),
    _owner(),
    Column("contact_id", Integer, ForeignKey("contact.id", ondelete="CASCADE"), nullable=False),
    Column("due", Date),
    # the rest of the agenda's order (core/followups.agenda): a page's rows come from SQL
    Column("due_at", UTCDateTime),
    Column("kind_rank", Integer),
    Column("name", String(200)),
    Column("item", String(120)),
    Column("user_zone", String(64), nullable=False),
    Column("valid_from", UTCDateTime),
    Column("valid_until", UTCDateTime),
    # the item's words as the rules gave them (0014), so a page derives nothing: None in
    # rows cached before, whose contacts a read derives again
    Column("reason", Text),
    Column("command", Text),
    Index(
        "ix_agenda_cache_owner_id_due_valid",
        "owner_id",
        "due",
        "user_zone",
        "valid_from",
        "valid_until",
    ),
    Index("ix_agenda_cache_contact_id", "contact_id"),
    Index("ix_agenda_cache_owner_id_valid_until", "owner_id", "valid_until"),
    Index("ix_agenda_cache_owner_id_valid_from", "owner_id", "valid_from"),
)

# The contact list's order, a page at a time (0013); and a week's meetings (0013).
Index(
    "ix_contact_owner_id_lower_name_id",
    contact.c.owner_id,
    func.lower(contact.c.name),
    contact.c.id,
)
Index(
    "ix_event_owner_id_kind_at_contact_id",
    event.c.owner_id,
    event.c.kind,
    event.c.at,
    event.c.contact_id,
)
Index(
    "ix_conversation_owner_id_status_start_contact_id",
    conversation.c.owner_id,
    conversation.c.status,
    conversation.c.start,
    conversation.c.contact_id,
)


# --- the team server's own tables (0016) ---------------------------------------------------
#
# Accounts, sessions, tokens, cohorts and the audit log: they belong to the server, not to
# one person's workspace, so they sit in a MetaData of their own: not exported, not
# recorded for ``undo`` (a seeker's undo never brings back a revoked session or token),
# and not walked by the checks that every owned table is exported.
team_metadata = MetaData(naming_convention=metadata.naming_convention)


def _user_ref(
    name: str = "user_id", *, nullable: bool = False, ondelete: str = "CASCADE"
) -> Column[int]:
    return Column(name, Integer, ForeignKey(user.c.id, ondelete=ondelete), nullable=nullable)


# A signed-in browser: the cookie holds a random id, ``id`` is its SHA-256 (a copy of
# this table signs no one in).
web_session = Table(
    "web_session",
    team_metadata,
    Column("id", String(64), primary_key=True),
    _user_ref(),
    Column("created_at", UTCDateTime, nullable=False),
    Column("last_seen_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("user_agent", String(200)),
    Column("ip", String(45)),
    Column("revoked_at", UTCDateTime),
    Index("ix_web_session_user_id", "user_id"),
)

# A named API token of a user (``Authorization: Bearer``), kept as its SHA-256.
api_token = Table(
    "api_token",
    team_metadata,
    Column("id", Integer, primary_key=True),
    _user_ref(),
    Column("name", String(100), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True, index=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("last_used_at", UTCDateTime),
    Column("revoked_at", UTCDateTime),
    Index("ix_api_token_user_id", "user_id"),
)

# A failed sign-in, by what it is counted against: ``account:EMAIL`` or ``address:IP``.
login_attempt = Table(
    "login_attempt",
    team_metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(400), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Index("ix_login_attempt_key_at", "key", "at"),
)

# A password reset link (one use, until ``expires_at``), kept as its token's SHA-256.
password_reset = Table(
    "password_reset",
    team_metadata,
    Column("token_hash", String(64), primary_key=True),
    _user_ref(),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("used_at", UTCDateTime),
    Index("ix_password_reset_user_id", "user_id"),
)

# A coach's cohort, its weekly goal (conversations a week) and the code that joins it.
cohort = Table(
    "cohort",
    team_metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    _user_ref("coach_id", ondelete="RESTRICT"),
    Column("weekly_goal", Integer, nullable=False),
    Column("invite_code", String(40), nullable=False, unique=True),
    Column("created_at", UTCDateTime, nullable=False),
)
# (0020) names differ by more than case: "alpha" is "Alpha"
Index("uq_cohort_name_lower", func.lower(cohort.c.name), unique=True)

cohort_member = Table(
    "cohort_member",
    team_metadata,
    Column("cohort_id", Integer, ForeignKey(cohort.c.id, ondelete="CASCADE"), primary_key=True),
    Column("user_id", Integer, ForeignKey(user.c.id, ondelete="CASCADE"), primary_key=True),
    Column("status", String(10), nullable=False, server_default="active"),
    Column("joined_at", UTCDateTime, nullable=False),
    # (0020) leaving with deactivate: when, and the numbers the coach keeps, frozen then
    # (JSON: core.cohorts.freeze); None while active and for those who left before 0020
    Column("left_at", UTCDateTime),
    Column("left_numbers", Text),
    Index("ix_cohort_member_user_id", "user_id"),
)

# Who did what to whom: sign-ins, role changes, tokens issued and revoked... ``actor_id``
# None: an admin at the shell (``coffeechat admin``) or someone not signed in.
audit_log = Table(
    "audit_log",
    team_metadata,
    Column("id", Integer, primary_key=True),
    Column("at", UTCDateTime, nullable=False),
    _user_ref("actor_id", nullable=True, ondelete="SET NULL"),
    Column("action", String(40), nullable=False),
    Column("target", String(320)),
    Column("detail", Text),
    Index("ix_audit_log_at", "at"),
)


# --- recap review (0017) -------------------------------------------------------------------
#
# A seeker's recap of one conversation with a contact (0019: per conversation) handed to
# one cohort's coach: a snapshot per version (the coach keeps it even when the contact is
# removed, so ``contact_id`` is no foreign key), the latest version's status, and comments
# threaded by ``parent_id``.
submission = Table(
    "submission",
    team_metadata,
    Column("id", Integer, primary_key=True),
    _user_ref("seeker_id"),
    Column("cohort_id", Integer, ForeignKey(cohort.c.id, ondelete="CASCADE"), nullable=False),
    Column("contact_id", Integer, nullable=False),
    # the conversation recapped, in the seeker's workspace (0019; 0: not known)
    Column("conversation_id", Integer, nullable=False, server_default="0"),
    # submitted, changes-requested, resubmitted or approved
    Column("status", String(20), nullable=False),
    Column("version", Integer, nullable=False),  # the latest version's number
    Column("created_at", UTCDateTime, nullable=False),
    Column("submitted_at", UTCDateTime, nullable=False),  # of the latest version
    Column("reviewed_at", UTCDateTime),
    UniqueConstraint(
        "seeker_id", "cohort_id", "contact_id", "conversation_id", name="uq_submission_seeker_id"
    ),
    Index("ix_submission_cohort_id_status_submitted_at", "cohort_id", "status", "submitted_at"),
)

submission_version = Table(
    "submission_version",
    team_metadata,
    Column(
        "submission_id", Integer, ForeignKey(submission.c.id, ondelete="CASCADE"), primary_key=True
    ),
    Column("version", Integer, primary_key=True),
    Column("title", String(300), nullable=False),
    Column("markdown", Text, nullable=False),  # the recap as Markdown, as submitted
    Column("document", Text, nullable=False),  # its ``recap --json`` document
    Column("submitted_at", UTCDateTime, nullable=False),
)

submission_comment = Table(
    "submission_comment",
    team_metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "submission_id", Integer, ForeignKey(submission.c.id, ondelete="CASCADE"), nullable=False
    ),
    Column("version", Integer, nullable=False),  # the version it was made on
    _user_ref("author_id", nullable=True, ondelete="SET NULL"),
    Column("parent_id", Integer, ForeignKey("submission_comment.id", ondelete="CASCADE")),
    Column("topic", String(200)),  # None: on the whole recap
    Column("text", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Index("ix_submission_comment_submission_id", "submission_id"),
)


# --- daily digests and the agenda feed of the team server (0018) ----------------------------
#
# Each user's choice of digest (on or off, at which hour of their own zone; no row: on,
# at DEFAULT_DIGEST_HOUR), one row per digest a user was given on a day of their zone
# (the unique (user, day) makes "once a day" hold across restarts and several workers),
# the worker's heartbeat (the web warns when it is old), and each user's agenda feed key.

#: A digest goes out at this hour of the user's zone unless they chose another.
DEFAULT_DIGEST_HOUR = 8

digest_setting = Table(
    "digest_setting",
    team_metadata,
    Column("user_id", Integer, ForeignKey(user.c.id, ondelete="CASCADE"), primary_key=True),
    Column("enabled", Boolean, nullable=False),
    Column("hour", Integer, nullable=False),
)

# ``status``: sending (taken by a worker), sent, or empty (nothing was due: no mail).
digest = Table(
    "digest",
    team_metadata,
    Column("id", Integer, primary_key=True),
    _user_ref(),
    Column("local_date", Date, nullable=False),
    Column("status", String(10), nullable=False),
    Column("items", Integer, nullable=False, server_default="0"),
    Column("created_at", UTCDateTime, nullable=False),
    Column("sent_at", UTCDateTime),
    UniqueConstraint("user_id", "local_date", name="uq_digest_user_id"),
)

# When a worker last ran (``name``: what ran, e.g. "digests").
worker_heartbeat = Table(
    "worker_heartbeat",
    team_metadata,
    Column("name", String(40), primary_key=True),
    Column("at", UTCDateTime, nullable=False),
    Column("detail", String(200)),
)

# A user's agenda feed (``/agenda.ics?key=…``). The key is kept as given, not as a
# digest: the settings page shows the address again for the copy button, and the key
# reads only what a copy of this database holds anyway (that person's agenda).
feed_key = Table(
    "feed_key",
    team_metadata,
    Column("user_id", Integer, ForeignKey(user.c.id, ondelete="CASCADE"), primary_key=True),
    Column("key", String(64), nullable=False, unique=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("fetched_at", UTCDateTime),
    Column("agent", String(120)),
)
