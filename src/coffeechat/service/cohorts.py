"""Cohorts on the team server: a coach makes one (a name and a weekly goal) and invites
by link or code; seekers join, and leave (deactivate or delete); the coach's dashboard
and its CSV report; the seeker's sharing page, which shows them exactly what their
coaches see.

What a coach sees of a seeker is ``Cohorts.seeker_rows``: counts only, read from the
seeker's own rows with aggregate queries (store/cohorts.py), never a contact, a note or
a draft. The dashboard, its CSV, the API and the sharing page all come from it, so they
cannot differ (the digests reuse it too).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coffeechat.core import cohorts as rules
from coffeechat.core.accounts import text_field
from coffeechat.core.errors import CoffeechatError, InvalidValue, quoted
from coffeechat.core.stats import local_day
from coffeechat.store import accounts as account_store
from coffeechat.store import cohorts as store

if TYPE_CHECKING:
    from coffeechat.service.accounts import Accounts, User

CohortInfo = store.CohortInfo
Left = rules.Left
Member = store.Member
Submitted = store.Submitted

#: The two ways to leave a cohort.
LEAVE = ("deactivate", "delete")
#: The longest invite code anyone would type (a code is 12 characters).
CODE_LONGEST = 100


class UnknownInvite(CoffeechatError):
    """No cohort has that invite code."""

    def __init__(self, code: str) -> None:
        self.field = "code"
        super().__init__(
            f"no cohort has the invite code {quoted(code)}: check it with your coach "
            "(it is 12 letters, digits, - or _)"
        )


class NotASeeker(CoffeechatError):
    """Only seekers join cohorts."""

    def __init__(self, role: str) -> None:
        self.field = None
        super().__init__(
            f"only job seekers join cohorts, and this account is a {role}: sign in with a "
            "seeker's account to join"
        )


@dataclass(frozen=True)
class Dashboard:
    """A cohort's dashboard: a row per active seeker, and those who left."""

    cohort: CohortInfo
    rows: list[rules.SeekerRow]
    left: list[Left]
    now: dt.datetime


@dataclass(frozen=True)
class Shared:
    """One cohort of a seeker's sharing page: what its coach sees of them (their row
    while active; once they left, the ``Left`` entry) and the recaps they submitted."""

    cohort: CohortInfo
    status: str
    row: rules.SeekerRow | None
    left: Left | None
    recaps: list[Submitted]


@dataclass(frozen=True)
class Joined:
    """The outcome of joining: the cohort, and whether it was new (False: in already)."""

    cohort: CohortInfo
    added: bool


class Cohorts:
    """Cohort use cases over the accounts' database."""

    def __init__(self, accounts: Accounts) -> None:
        self.accounts = accounts

    # --- what each role sees ---------------------------------------------------------------

    def visible(self, viewer: User) -> list[CohortInfo]:
        """The cohorts ``viewer`` may see listed: a coach's own, a seeker's (left ones
        included), every cohort for an admin (without their content)."""
        with self.accounts.reading() as conn:
            if viewer.role == "coach":
                return store.led_by(conn, viewer.id)
            if viewer.role == "admin":
                return store.led_by(conn, None)
            return store.joined_by(conn, viewer.id)

    def led(self, viewer: User, cohort_id: int) -> CohortInfo | None:
        """The cohort when ``viewer`` is its coach; None otherwise, as for a cohort that
        does not exist (an admin manages accounts, not content: None too)."""
        with self.accounts.reading() as conn:
            found = store.by_id(conn, cohort_id)
        if found is None or viewer.role != "coach" or found.coach_id != viewer.id:
            return None
        return found

    def invited(self, code: str) -> CohortInfo | None:
        """The cohort an invite code joins (None: no such code)."""
        cleaned = code.strip()
        if not cleaned or len(cleaned) > CODE_LONGEST:
            return None
        with self.accounts.reading() as conn:
            return store.by_code(conn, cleaned)

    # --- making, joining, leaving -------------------------------------------------------------

    def create(self, viewer: User, name: str, goal: int) -> CohortInfo:
        """A new cohort led by ``viewer`` (a coach), written in the audit log."""
        if viewer.role != "coach":
            from coffeechat.core.errors import WrongRole

            raise WrongRole(viewer.email, viewer.role, "coach")
        cleaned = text_field(name, "name")
        rules.check_goal(goal)
        self.accounts.cohort_create(cleaned, viewer.email, goal, actor=viewer.id)
        with self.accounts.reading() as conn:
            found = store.by_name(conn, cleaned)
        assert found is not None
        return found

    def join(self, viewer: User, code: str) -> Joined:
        """Join the cohort of an invite code (a seeker only; twice is harmless; back in,
        after leaving with deactivate); written in the audit log."""
        if viewer.role != "seeker":
            raise NotASeeker(viewer.role)
        cleaned = code.strip()
        if not cleaned:
            raise InvalidValue(
                "code", code, "is empty: type the code your coach gave", "Ab3dE-fG7hJk"
            )
        now = self.accounts.now()
        with self.accounts.writing(record=False) as conn:
            found = store.by_code(conn, cleaned[:CODE_LONGEST])
            if found is None:
                raise UnknownInvite(cleaned[:40])
            added = account_store.add_member(conn, found.id, viewer.id, now)
            if added:
                store.rejoined(conn, found.id, viewer.id)
                account_store.audit(conn, now, viewer.id, "cohort.join", viewer.email, found.name)
        return Joined(found, added)

    def leave(self, viewer: User, cohort_id: int, how: str) -> CohortInfo | None:
        """Leave a cohort: ``deactivate`` (the coach keeps what was submitted, and sees no
        new numbers) or ``delete`` (the membership and every submission to that cohort
        go); written in the audit log. None when ``viewer`` is not in it."""
        if how not in LEAVE:
            raise InvalidValue("how", how, "must be deactivate or delete", "deactivate")
        now = self.accounts.now()
        frozen = self._freeze(cohort_id, viewer.id, now) if how == "deactivate" else None
        with self.accounts.writing(record=False) as conn:
            found = store.by_id(conn, cohort_id)
            status = store.membership(conn, cohort_id, viewer.id)
            if found is None or status is None:
                return None
            if how == "deactivate":
                if status == "active" and frozen is not None:
                    store.deactivate(conn, cohort_id, viewer.id, frozen, now)
                detail = f"{found.name}: deactivate"
            else:
                gone = store.remove(conn, cohort_id, viewer.id)
                detail = f"{found.name}: delete ({gone} submissions)"
            account_store.audit(conn, now, viewer.id, "cohort.leave", viewer.email, detail)
        return found

    def _freeze(self, cohort_id: int, user_id: int, now: dt.datetime) -> str | None:
        """A seeker's numbers in a cohort as they stand at ``now`` (``core.cohorts
        .freeze``): every week from the one they joined in to this one, as the
        dashboard counts them, overdue follow-ups, last active, recaps submitted. None
        when they are not an active seeker of it."""
        with self.accounts.reading() as conn:
            found = store.by_id(conn, cohort_id)
            mine = store.members(conn, cohort_id, user_id)
        if found is None or not mine or mine[0].status != "active":
            return None
        member = mine[0]
        weeks = rules.weeks_since(member.joined_at, now, member.zone)
        [row] = self.seeker_rows(found, [member], weeks=weeks)
        with self.accounts.reading() as conn:
            recaps = store.recap_totals(conn, cohort_id, [user_id]).get(user_id, 0)
        return rules.freeze(row, recaps, now)

    # --- the numbers -----------------------------------------------------------------------

    def seeker_rows(
        self, cohort: CohortInfo, members: list[Member], *, weeks: int = rules.WEEKS
    ) -> list[rules.SeekerRow]:
        """What the coach of ``cohort`` sees of each of ``members`` (their active
        seekers), in the order given: this week's and the four weeks before's counts
        against the goal (``weeks`` in all), overdue follow-ups, last active and what
        needs attention. Counted in a few statements for all of them (store/cohorts.py),
        whatever their number; each seeker's weeks in their own zone. The one source of
        the dashboard, its CSV, the API, the sharing page and the digests (and of what
        the coach keeps of one who leaves)."""
        if not members:
            return []
        now = self.accounts.now()
        ids = [m.user_id for m in members]
        todays = {m.user_id: local_day(now, m.zone) for m in members}
        zones: dict[str, list[int]] = {}
        for m in members:
            zones.setdefault(m.zone, []).append(m.user_id)
        groups = [
            store.ZoneGroup(owners, rules.midnights(now, zone, weeks))
            for zone, owners in zones.items()
        ]
        stale_counts = self._refresh_agendas(ids, now, todays)
        with self.accounts.reading() as conn:
            activity = store.activity(conn, cohort.id, groups, now)
            seen = store.last_active(conn, ids)
            waiting = store.waiting(conn, cohort.id, ids)
            overdue = store.overdue(
                conn, {k: v for k, v in todays.items() if k not in stale_counts}, now
            )
        overdue.update(stale_counts)
        found = []
        for m in members:
            counts = activity[m.user_id].weeks
            numbers = tuple(
                rules.week_numbers(monday, counts.get(k, {}), cohort.weekly_goal)
                for k, monday in enumerate(rules.mondays(now, m.zone, weeks))
            )
            late, queued = overdue.get(m.user_id, 0), waiting.get(m.user_id, 0)
            last = seen.get(m.user_id)
            found.append(
                rules.SeekerRow(
                    m.user_id,
                    m.email,
                    m.name,
                    m.zone,
                    numbers,
                    late,
                    queued,
                    last,
                    rules.needs_attention(now, last, m.joined_at, late, queued, not m.active),
                    not m.active,
                )
            )
        return found

    def _refresh_agendas(
        self, ids: list[int], now: dt.datetime, todays: dict[int, dt.date]
    ) -> dict[int, int]:
        """Bring the agenda cache of the seekers whose cache is stale up to date, as
        their own agenda would (only what changed is derived again); the overdue counts
        of those seekers, from that agenda (right even when the cache could not be
        written)."""
        from coffeechat.core.followups import is_overdue

        with self.accounts.reading() as conn:
            stale = store.stale_owners(conn, ids, now)
        counts = {}
        for owner in sorted(stale):
            agenda = self.accounts.workspace_for(owner).agenda(days=0)
            counts[owner] = sum(1 for i in agenda.items if is_overdue(i, now, todays[owner]))
        return counts

    def _left(self, cohort: CohortInfo, members: list[Member]) -> list[Left]:
        if not members:
            return []
        with self.accounts.reading() as conn:
            totals = store.recap_totals(conn, cohort.id, [m.user_id for m in members])
        return [
            rules.thaw(
                m.user_id,
                m.email,
                m.name,
                m.left_numbers,
                m.left_at,
                totals.get(m.user_id, 0),
            )
            for m in members
        ]

    def dashboard(self, viewer: User, cohort_id: int) -> Dashboard | None:
        """The dashboard of a cohort ``viewer`` leads (None otherwise: no such cohort,
        or not theirs)."""
        found = self.led(viewer, cohort_id)
        if found is None:
            return None
        with self.accounts.reading() as conn:
            everyone = store.members(conn, cohort_id)
        active = [m for m in everyone if m.status == "active"]
        left = [m for m in everyone if m.status != "active"]
        return Dashboard(
            found, self.seeker_rows(found, active), self._left(found, left), self.accounts.now()
        )

    def report_csv(self, viewer: User, cohort_id: int) -> tuple[CohortInfo, str] | None:
        """The cohort's report as CSV text (formats/cohort_report.py), written in the
        audit log; None when ``viewer`` does not lead the cohort."""
        from coffeechat.formats import cohort_report

        board = self.dashboard(viewer, cohort_id)
        if board is None:
            return None
        text = cohort_report.csv_text(board.cohort.name, board.rows, board.left)
        now = self.accounts.now()
        with self.accounts.writing(record=False) as conn:
            account_store.audit(
                conn,
                now,
                viewer.id,
                "cohort.export",
                board.cohort.name,
                f"csv: {len(board.rows)} active, {len(board.left)} left",
            )
        return board.cohort, text

    def sharing(self, viewer: User) -> list[Shared]:
        """For each cohort a seeker is in (or left keeping their submissions), exactly
        what its coach sees of them, from ``seeker_rows`` as the dashboard, and the
        recaps they submitted to it."""
        with self.accounts.reading() as conn:
            joined = store.joined_by(conn, viewer.id)
            mine = {c.id: store.members(conn, c.id, viewer.id) for c in joined}
            recaps = store.submitted(conn, viewer.id)
        shared = []
        for c in joined:
            members = mine[c.id]
            if not members:  # left meanwhile
                continue
            row = left = None
            if members[0].status == "active":
                row = self.seeker_rows(c, members)[0]
            else:
                left = self._left(c, members)[0]
            shared.append(
                Shared(
                    c,
                    members[0].status,
                    row,
                    left,
                    [r for r in recaps if r.cohort_id == c.id],
                )
            )
        return shared
