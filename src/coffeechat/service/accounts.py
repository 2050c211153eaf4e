"""Accounts of the team server (``coffeechat serve --team``): users and their roles,
passwords, API tokens, web sessions, password resets, cohorts, and the audit log.

``Accounts`` opens the database without needing a workspace owner (an empty
PostgreSQL database gets its schema), and writes outside any undo change: nothing here
is the user's data, so nothing here is recorded for ``undo`` (a seeker's undo must never
bring back a revoked session or token, an old password or role). Each user's workspace
is ``Accounts.workspace_for(user_id)``: the same database, their own rows (owner_id).

Secrets: passwords are hashed with argon2id (``pwdlib``); API tokens, session ids and
reset links are random (256 bits) and stored as their SHA-256, so a copy of the
database signs no one in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Self

from coffeechat.config import Settings
from coffeechat.core import accounts as rules
from coffeechat.core.errors import (
    CohortExists,
    Deactivated,
    InvalidValue,
    PasswordRefused,
    UnknownCohort,
    UnknownUser,
    UserExists,
    WrongRole,
)
from coffeechat.service.base import WorkspaceBase, engine_at_head
from coffeechat.store import accounts as store
from coffeechat.store import database, users

if TYPE_CHECKING:
    from pwdlib import PasswordHash
    from sqlalchemy import Connection

    from coffeechat.service.workspace import Workspace

#: A web session lasts this long after it was last used.
SESSION_LIFETIME = dt.timedelta(days=14)
#: A session's "last seen" is written at most this often (a write per page is too many).
SESSION_TOUCH = dt.timedelta(minutes=5)
#: A password reset link works once, for this long.
RESET_LIFETIME = dt.timedelta(hours=24)
#: Failed sign-ins: at most this many per account, and per address, in the window.
FAILURES_PER_ACCOUNT = 5
FAILURES_PER_ADDRESS = 20
FAILURE_WINDOW = dt.timedelta(minutes=15)
#: Reset links asked for from the sign-in page ("Forgot your password?"): at most this
#: many per account, and per address, in FAILURE_WINDOW (counted apart from sign-ins, so
#: asking for a link never locks anyone out of signing in).
RESETS_PER_ACCOUNT = 3
RESETS_PER_ADDRESS = 20
#: The prefix of API tokens (so that a token found in a file or a log is recognised).
TOKEN_PREFIX = "cct_"
#: A token's label: at most this long.
TOKEN_NAME = 100


def digest(secret: str) -> str:
    """The SHA-256 of a random secret, as stored."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@cache
def common_passwords() -> frozenset[str]:
    """What passwords may not be (also with digits or signs added: core/accounts.py):
    the bundled list (service/data/common-passwords.txt) and the frequency lists the
    ``zxcvbn`` package ships, about 94,000 entries: the 30,000 passwords of leaked lists
    seen most, the 30,000 commonest words of the English Wikipedia, 19,000 of films and
    television, 10,000 surnames and 4,700 first names (cities, brands, seasons and
    months among them). Read once per process (about 0.1 s)."""
    from importlib import resources

    from zxcvbn.frequency_lists import FREQUENCY_LISTS  # type: ignore[import-untyped]

    text = resources.files("coffeechat.service").joinpath("data", "common-passwords.txt")
    lines = text.read_text(encoding="utf-8").splitlines()
    found = {s.strip().lower() for s in lines if s.strip() and not s.startswith("#")}
    for words in FREQUENCY_LISTS.values():
        found.update(str(w).lower() for w in words)
    return frozenset(found)


_HASHER: list[PasswordHash] = []


def hasher() -> PasswordHash:
    """argon2id with pwdlib's recommended parameters (made once)."""
    if not _HASHER:
        from pwdlib import PasswordHash

        _HASHER.append(PasswordHash.recommended())
    return _HASHER[0]


def checked_password(password: str, email: str = "") -> str:
    """``password`` when it follows the rules; PasswordRefused otherwise."""
    problem = rules.password_problem(password, common_passwords(), email=email)
    if problem:
        raise PasswordRefused(problem)
    return password


@dataclass(frozen=True)
class User:
    """An account as the admin commands and ``/api/v1/me`` show it."""

    id: int
    email: str
    name: str
    role: str
    active: bool
    created_at: dt.datetime


@dataclass(frozen=True)
class Cohort:
    """A cohort as ``admin cohort list`` shows it."""

    name: str
    coach_email: str
    coach_name: str
    weekly_goal: int
    invite_code: str
    members: int
    created_at: dt.datetime


@dataclass(frozen=True)
class Membership:
    """A seeker put in a cohort (``admin cohort add``): both as stored, and whether
    they were added (False: in it already)."""

    cohort: str
    email: str
    added: bool


@dataclass(frozen=True)
class Token:
    """An API token as ``admin tokens`` shows it: its label and dates."""

    name: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None

    @property
    def active(self) -> bool:
        """Whether it still signs in (not revoked; a deactivated account's are revoked)."""
        return self.revoked_at is None


@dataclass(frozen=True)
class SignedIn:
    """A new web session: the cookie's value (shown once) and whose it is."""

    session_id: str
    user: User


class BadSignIn(Exception):
    """Wrong e-mail or password (the same answer for both: no hint of which)."""


class TooManyAttempts(Exception):
    """Too many failed sign-ins: wait ``minutes``."""

    def __init__(self, minutes: int) -> None:
        self.minutes = minutes
        super().__init__(f"too many failed sign-ins: try again in {minutes} minutes")


def _given(email: str) -> str:
    """The address typed at sign-in, as its attempts are counted (an invalid one too,
    under what was typed)."""
    try:
        return rules.login_email(email)
    except InvalidValue:
        return " ".join(email.split()).lower()[:300]


def _keys(prefix: str, given: str, address: str | None) -> list[str]:
    """The keys an attempt counts against: the account's, and its network address's
    (an IPv6 client by its /64: ``rules.network``)."""
    account = f"{prefix}:{given}"[:400]
    where = "reset-address" if prefix == "reset" else "address"
    return [account] + ([f"{where}:{rules.network(address)}"[:400]] if address else [])


def _limited(conn: Connection, keys: list[str], limits: list[int], now: dt.datetime) -> bool:
    """Whether any of ``keys`` has its limit of attempts in the window already."""
    since = now - FAILURE_WINDOW
    return any(
        store.failures(conn, key, since) >= limit for key, limit in zip(keys, limits, strict=False)
    )


def _user(account: store.Account) -> User:
    return User(
        account.id,
        account.email or "",
        account.name,
        account.role,
        account.active,
        account.created_at,
    )


class Accounts(WorkspaceBase):
    """The accounts of a database (any user's workspace opens from here)."""

    #: Its writes are the accounts' (sessions, tokens, cohorts, reviews), not a workspace's.
    locks_feeds = False

    @classmethod
    def open(cls, settings: Settings) -> Self:
        """Open the database at ``settings`` (its schema made or upgraded first)."""
        engine = engine_at_head(settings, create=True)
        with database.reading(engine) as conn:
            owner = users.first_owner_id(conn)
        return cls(settings, engine, owner or 0)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def on_sqlite(self) -> bool:
        """Whether the database is SQLite (fine for a trial; a team needs PostgreSQL)."""
        return self.engine.dialect.name == "sqlite"

    def workspace_for(self, user_id: int) -> Workspace:
        """The workspace of ``user_id``: this database, their rows. It shares this
        engine: never ``close()`` it."""
        from coffeechat.service.workspace import Workspace

        folder = self.settings.home / "users" / str(user_id)
        return Workspace(self.settings, self.engine, user_id, folder)

    def _account(self, conn: Connection, email: str) -> store.Account:
        found = store.by_email(conn, rules.login_email(email))
        if found is None:
            raise UnknownUser(email.strip())
        return found

    # --- users ----------------------------------------------------------------------------

    def check_new_user(self, email: str, name: str, role: str) -> str:
        """Check what ``create_user`` needs besides the password (the address valid and
        not taken, the name, the role) before anyone is asked for one; the address as
        it will be stored."""
        address = rules.login_email(email)
        rules.role(role)
        from coffeechat.service.workspace import validated_settings

        validated_settings(None, {"name": name, "email": address})
        with self.reading() as conn:
            if store.by_email(conn, address) is not None:
                raise UserExists(address)
        return address

    def create_user(
        self, email: str, name: str, role: str, password: str | None, *, actor: int | None = None
    ) -> User:
        """A new account. Everything is checked before anything is written; an address
        taken (even by another admin at the same instant) is UserExists."""
        address = rules.login_email(email)
        cleaned_role = rules.role(role)
        from coffeechat.service.workspace import validated_settings

        settings = validated_settings(None, {"name": name, "email": address})
        hashed = None
        if password is not None:
            hashed = hasher().hash(checked_password(password, address))
        now = self.now()
        with self.writing(record=False) as conn:
            made = store.create_user(conn, settings, address, cleaned_role, hashed, now)
            if made is None:
                raise UserExists(address)
            store.audit(conn, now, actor, "user.create", address, f"role={cleaned_role}")
            account = store.by_id(conn, made)
        assert account is not None
        return _user(account)

    def list_users(self) -> list[User]:
        """Every account, by e-mail address."""
        with self.reading() as conn:
            return [_user(a) for a in store.accounts(conn)]

    def get_user(self, user_id: int) -> User | None:
        """The account of ``user_id`` (None: no account)."""
        with self.reading() as conn:
            found = store.by_id(conn, user_id)
        return None if found is None or not found.email else _user(found)

    def user_by_email(self, email: str) -> User:
        """The account of an e-mail address (UnknownUser: none)."""
        with self.reading() as conn:
            return _user(self._account(conn, email))

    def set_role(self, email: str, role: str, *, actor: int | None = None) -> User:
        """Give an account another role (written in the audit log)."""
        cleaned = rules.role(role)
        with self.writing(record=False) as conn:
            account = self._account(conn, email)
            if account.role != cleaned:
                store.set_account(conn, account.id, role=cleaned)
                store.audit(
                    conn,
                    self.now(),
                    actor,
                    "user.role",
                    account.email,
                    f"{account.role}->{cleaned}",
                )
            found = store.by_id(conn, account.id)
        assert found is not None
        return _user(found)

    def set_name(self, email: str, name: str, *, actor: int | None = None) -> User:
        """Give an account another name (the one coaches know it by, and its drafts are
        signed with; written in the audit log with the name before)."""
        cleaned = rules.text_field(name, "name", example="Ada Lovelace")
        with self.writing(record=False) as conn:
            account = self._account(conn, email)
            if account.name != cleaned:
                store.set_account(conn, account.id, name=cleaned)
                store.audit(conn, self.now(), actor, "user.name", account.email, account.name)
            found = store.by_id(conn, account.id)
        assert found is not None
        return _user(found)

    def cohorts_led(self, email: str) -> list[str]:
        """The names of the cohorts the account leads as their coach."""
        with self.reading() as conn:
            return store.led_cohorts(conn, self._account(conn, email).id)

    def deactivate(self, email: str, *, actor: int | None = None) -> User:
        """Close an account: it can no longer sign in, and every session and API token
        of it ends now. Its data stays."""
        now = self.now()
        with self.writing(record=False) as conn:
            account = self._account(conn, email)
            store.set_account(conn, account.id, active=False)
            sessions = store.revoke_sessions(conn, account.id, now)
            tokens = store.revoke_tokens(conn, account.id, now)
            store.audit(
                conn,
                now,
                actor,
                "user.deactivate",
                account.email,
                f"sessions={sessions} tokens={tokens}",
            )
            found = store.by_id(conn, account.id)
        assert found is not None
        return _user(found)

    def set_password(self, email: str, password: str, *, actor: int | None = None) -> User:
        """Give an account a new password (checked against the rules); every session of
        it ends (whoever knew the old one is signed out), so does every reset link of it
        not used yet, and its failed sign-ins are forgotten (a locked-out account opens
        with the new password)."""
        address = rules.login_email(email)
        hashed = hasher().hash(checked_password(password, address))
        now = self.now()
        with self.writing(record=False) as conn:
            account = self._account(conn, address)
            store.set_account(conn, account.id, password_hash=hashed)
            store.revoke_sessions(conn, account.id, now)
            store.end_resets(conn, account.id, now)
            store.forget_failures(conn, f"account:{address}", now - FAILURE_WINDOW * 4)
            store.audit(conn, now, actor, "user.password", account.email)
        return _user(account)

    # --- password resets ------------------------------------------------------------------

    def reset_password(self, email: str, *, actor: int | None = None) -> str:
        """A one-use password reset token for the account (its link is /reset/TOKEN),
        valid for RESET_LIFETIME. Shown once; stored as its SHA-256. Deactivated for a
        deactivated account (its link would open nothing)."""
        token = secrets.token_urlsafe(32)
        now = self.now()
        with self.writing(record=False) as conn:
            account = self._account(conn, email)
            if not account.active or not account.email:
                raise Deactivated(
                    account.email or email.strip(), "it gets no reset link (it cannot sign in)"
                )
            store.add_reset(conn, digest(token), account.id, now, now + RESET_LIFETIME)
            store.audit(conn, now, actor, "user.reset-link", account.email)
        return token

    def request_reset(self, email: str, *, address: str | None) -> tuple[User, str] | None:
        """A reset link asked for by someone not signed in ("Forgot your password?"): the
        account and its new token when the address is an active account's, None
        otherwise (the caller answers the same either way). Every request counts, known
        address or not, per account and per network address: TooManyAttempts past
        RESETS_PER_ACCOUNT or RESETS_PER_ADDRESS in FAILURE_WINDOW (counted and written
        down in one step, under the keys' locks: requests at once cannot pass the
        limits together). Audited."""
        now = self.now()
        given = _given(email)
        keys = _keys("reset", given, address)
        limits = [RESETS_PER_ACCOUNT, RESETS_PER_ADDRESS]
        token = secrets.token_urlsafe(32)
        with self.writing(record=False) as conn:
            store.lock_attempts(conn, keys)
            limited = _limited(conn, keys, limits, now)
            if limited:  # written down, then refused (outside: a raise would undo it)
                store.audit(conn, now, None, "user.reset-request.limited", given, address)
                account = None
            else:
                store.add_failure(conn, keys, now)
                store.forget_failures(conn, None, now - FAILURE_WINDOW * 4)
                account = store.by_email(conn, given)
                known = account is not None and account.active and bool(account.email)
                store.audit(
                    conn, now, None, "user.reset-request", given, f"{address or '-'} known={known}"
                )
                if account is not None and known:
                    store.add_reset(conn, digest(token), account.id, now, now + RESET_LIFETIME)
                    store.audit(
                        conn, now, account.id, "user.reset-link", account.email, "by e-mail"
                    )
                else:
                    account = None
        if limited:
            raise TooManyAttempts(int(FAILURE_WINDOW.total_seconds() // 60))
        return None if account is None else (_user(account), token)

    def reset_account(self, token: str) -> User | None:
        """Whose reset link ``token`` is, while it is unused and not expired."""
        with self.reading() as conn:
            user_id = store.reset_user(conn, digest(token), self.now())
            found = None if user_id is None else store.by_id(conn, user_id)
        return None if found is None or not found.active else _user(found)

    def use_reset(self, token: str, password: str) -> User | None:
        """Set a new password through a reset link, which is used up, and so is every
        other link of the account; the account's failed sign-ins are forgotten (the
        link is the way out of a lockout). None when the link is unknown, used or
        expired (PasswordRefused, the link kept, when the password does not follow the
        rules)."""
        account = self.reset_account(token)
        if account is None:
            return None
        hashed = hasher().hash(checked_password(password, account.email))
        now = self.now()
        with self.writing(record=False) as conn:
            user_id = store.use_reset(conn, digest(token), now)
            if user_id is None:  # used meanwhile by another request
                return None
            store.set_account(conn, user_id, password_hash=hashed)
            store.revoke_sessions(conn, user_id, now)
            store.end_resets(conn, user_id, now)
            store.forget_failures(conn, f"account:{account.email}", now - FAILURE_WINDOW * 4)
            store.audit(conn, now, user_id, "user.password-reset", account.email)
        return account

    def audit(
        self, actor: int | None, action: str, target: str | None = None, detail: str | None = None
    ) -> None:
        """Write down in the audit log that ``actor`` did ``action`` (to ``target``)."""
        with self.writing(record=False) as conn:
            store.audit(conn, self.now(), actor, action, target, detail)

    # --- API tokens -----------------------------------------------------------------------

    def issue_token(self, email: str, name: str, *, actor: int | None = None) -> str:
        """A new API token for the account, labelled ``name``: returned once, stored as
        its SHA-256."""
        label = rules.text_field(name, "name", TOKEN_NAME, "laptop sync")
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        now = self.now()
        with self.writing(record=False) as conn:
            account = self._account(conn, email)
            if not account.active:
                raise Deactivated(account.email or email.strip(), "it gets no new token")
            store.add_token(conn, account.id, label, digest(token), now)
            store.audit(conn, now, actor, "token.issue", account.email, label)
        return token

    def revoke_token(self, email: str, name: str, *, actor: int | None = None) -> int:
        """Revoke the account's live tokens labelled ``name``; how many (0: none of that
        name, and nothing is written)."""
        now = self.now()
        with self.writing(record=False) as conn:
            account = self._account(conn, email)
            count = store.revoke_tokens(conn, account.id, now, name.strip())
            if count:
                store.audit(conn, now, actor, "token.revoke", account.email, name.strip())
        return count

    def list_tokens(self, email: str) -> list[Token]:
        """The account's API tokens, live and revoked, oldest first (never the secret:
        only its SHA-256 is kept)."""
        with self.reading() as conn:
            account = self._account(conn, email)
            rows = store.tokens(conn, account.id)
        return [Token(r.name, r.created_at, r.last_used_at, r.revoked_at) for r in rows]

    def token_user(self, token: str) -> User | None:
        """Whose live API token ``token`` is (None: unknown, revoked, or the account is
        deactivated). Its last use is written down, at most once every SESSION_TOUCH."""
        key = digest(token.strip())
        now = self.now()
        with self.reading() as conn:
            seen = store.token_account(conn, key)
        if seen is None:
            return None
        if seen.last_seen_at is None or now - seen.last_seen_at >= SESSION_TOUCH:
            with self.writing(record=False) as conn:
                store.touch_token(conn, key, now)
        return _user(seen.account)

    # --- web sessions ---------------------------------------------------------------------

    def sign_in(
        self, email: str, password: str, *, address: str | None, user_agent: str | None
    ) -> SignedIn:
        """Check an e-mail and password and open a new session (a new id every time:
        a session id someone planted before the sign-in is never the one signed in).
        BadSignIn for a wrong pair, TooManyAttempts when this account or this address
        failed too often lately (checked first: while limited, even the right password
        does not open). The attempt is counted before the password is checked, in the
        same step as the count (under the keys' locks), and taken back when it
        succeeds: of any number of attempts at once, at most FAILURES_PER_ACCOUNT
        passwords of one account are ever checked in the window."""
        now = self.now()
        given = _given(email)  # an invalid address counted all the same, as typed
        account_key, *_ = keys = _keys("account", given, address)
        limits = [FAILURES_PER_ACCOUNT, FAILURES_PER_ADDRESS]
        with self.writing(record=False) as conn:
            store.lock_attempts(conn, keys)
            limited = _limited(conn, keys, limits, now)
            if not limited:  # counted before the check: checks at once count each other
                reserved = store.add_failure(conn, keys, now)
            account = store.by_email(conn, given)
        if limited:
            raise TooManyAttempts(int(FAILURE_WINDOW.total_seconds() // 60))
        ok, new_hash = False, None
        if account is not None and account.active and account.password_hash:
            ok, new_hash = hasher().verify_and_update(password, account.password_hash)
        else:  # the same work for an unknown address: no hint in the time it takes
            hasher().verify(password, _dummy_hash())
        if not ok or account is None:
            with self.writing(record=False) as conn:  # the attempt stays counted
                store.forget_failures(conn, None, now - FAILURE_WINDOW * 4)
                store.audit(conn, now, None, "signin.failed", given, address)
            raise BadSignIn
        session_id = secrets.token_urlsafe(32)
        with self.writing(record=False) as conn:
            if new_hash:  # the hashing parameters moved on: the new ones from now
                store.set_account(conn, account.id, password_hash=new_hash)
            store.add_session(
                conn,
                digest(session_id),
                account.id,
                now,
                now + SESSION_LIFETIME,
                (user_agent or "")[:200] or None,
                (address or "")[:45] or None,
            )
            store.drop_attempts(conn, reserved)  # not a failure (the address's too)
            store.forget_failures(conn, account_key, now - FAILURE_WINDOW * 4)
            store.audit(conn, now, account.id, "signin", account.email, address)
        return SignedIn(session_id, _user(account))

    def session_user(self, session_id: str) -> User | None:
        """Whose live session ``session_id`` is (None: unknown, expired, signed out, or
        the account is deactivated); a session in use lives on (SESSION_LIFETIME after
        its last use)."""
        key = digest(session_id)
        now = self.now()
        with self.reading() as conn:
            seen = store.session_account(conn, key, now)
        if seen is None:
            return None
        if seen.last_seen_at is None or now - seen.last_seen_at >= SESSION_TOUCH:
            with self.writing(record=False) as conn:
                store.touch_session(conn, key, now, now + SESSION_LIFETIME)
        return _user(seen.account)

    def sign_out(self, session_id: str) -> None:
        """End this session."""
        with self.writing(record=False) as conn:
            store.revoke_session(conn, digest(session_id), self.now())

    def sign_out_everywhere(self, user_id: int) -> int:
        """End every session of the user (every browser); how many there were."""
        now = self.now()
        with self.writing(record=False) as conn:
            count = store.revoke_sessions(conn, user_id, now)
            account = store.by_id(conn, user_id)
            store.audit(
                conn, now, user_id, "signout.everywhere", account.email if account else None
            )
        return count

    # --- cohorts --------------------------------------------------------------------------

    def cohort_create(
        self, name: str, coach_email: str, goal: int = 3, *, actor: int | None = None
    ) -> str:
        """A new cohort led by a coach, with a weekly goal (conversations a week);
        returns its invite code."""
        cleaned = rules.text_field(name, "name", example="Spring 2027")
        from coffeechat.core.cohorts import check_goal

        check_goal(goal)
        code = secrets.token_urlsafe(9)
        now = self.now()
        with self.writing(record=False) as conn:
            coach = self._account(conn, coach_email)
            if coach.role != "coach":
                raise WrongRole(coach.email or coach_email, coach.role, "coach")
            if not coach.active:
                raise Deactivated(coach.email or coach_email, "they cannot lead a cohort", "coach")
            made = store.create_cohort(conn, cleaned, coach.id, goal, code, now)
            if made is None:
                raise CohortExists(cleaned)
            store.audit(conn, now, actor, "cohort.create", cleaned, f"coach={coach.email}")
        return code

    def cohort_add(self, name: str, seeker_email: str, *, actor: int | None = None) -> bool:
        """Put a seeker in a cohort; False when they were in it already."""
        return self.cohort_add_member(name, seeker_email, actor=actor).added

    def cohort_add_member(
        self, name: str, seeker_email: str, *, actor: int | None = None
    ) -> Membership:
        """Put an active seeker in a cohort: the cohort's name and the seeker's address
        as stored, and whether they were added (False: in it already)."""
        cleaned = " ".join(name.split())
        now = self.now()
        with self.writing(record=False) as conn:
            found = store.cohort_id(conn, cleaned)
            if found is None:
                raise UnknownCohort(cleaned)
            stored = store.cohort_name(conn, found)
            seeker = self._account(conn, seeker_email)
            if seeker.role != "seeker":
                raise WrongRole(seeker.email or seeker_email, seeker.role, "seeker")
            if not seeker.active:
                raise Deactivated(seeker.email or seeker_email, "they cannot join a cohort")
            added = store.add_member(conn, found, seeker.id, now)
            if added:
                store.audit(conn, now, actor, "cohort.add", seeker.email, stored)
        return Membership(stored, seeker.email or "", added)

    def cohort_list(self) -> list[Cohort]:
        """Every cohort, by name."""
        with self.reading() as conn:
            return [
                Cohort(
                    c.name,
                    c.coach_email or "",
                    c.coach_name,
                    c.weekly_goal,
                    c.invite_code,
                    c.members,
                    c.created_at,
                )
                for c in store.cohorts(conn)
            ]

    # --- your own account (the web's Account page) ---------------------------------------

    def tokens_of(self, user_id: int) -> list[store.OwnToken]:
        """The user's live API tokens, newest first (names and dates, never a token)."""
        with self.reading() as conn:
            return store.live_tokens(conn, user_id)

    def issue_own_token(self, user_id: int, name: str) -> str:
        """A new API token the user makes for themselves (``recap submit`` from their
        own computer, a script): returned once, stored as its SHA-256."""
        with self.reading() as conn:
            account = store.by_id(conn, user_id)
        if account is None or account.email is None:
            raise UnknownUser(str(user_id))
        return self.issue_token(account.email, name, actor=user_id)

    def revoke_own_token(self, user_id: int, token_id: int) -> str | None:
        """Revoke one of the user's own tokens; its name (None: no such token of theirs)."""
        now = self.now()
        with self.writing(record=False) as conn:
            name = store.revoke_token_id(conn, user_id, token_id, now)
            account = store.by_id(conn, user_id)
            if name is not None and account is not None:
                store.audit(conn, now, user_id, "token.revoke", account.email, name)
        return name

    def change_password(
        self,
        user_id: int,
        current: str,
        new: str,
        *,
        address: str | None,
        user_agent: str | None,
    ) -> SignedIn:
        """Change one's own password: the current one first (a wrong one counts as a
        failed sign-in, and the same limits hold), then the new one against the rules.
        Every session of the account ends, and this browser gets a new one."""
        with self.reading() as conn:
            account = store.by_id(conn, user_id)
        if account is None or account.email is None:
            raise UnknownUser(str(user_id))
        checked_password(new, account.email)  # before the slow check: a clear refusal
        now = self.now()
        keys = _keys("account", account.email, address)
        limits = [FAILURES_PER_ACCOUNT, FAILURES_PER_ADDRESS]
        with self.writing(record=False) as conn:  # counted before the check, as sign_in
            store.lock_attempts(conn, keys)
            limited = _limited(conn, keys, limits, now)
            if not limited:
                reserved = store.add_failure(conn, keys, now)
        if limited:
            raise TooManyAttempts(int(FAILURE_WINDOW.total_seconds() // 60))
        if not (account.password_hash and hasher().verify(current, account.password_hash)):
            with self.writing(record=False) as conn:  # the attempt stays counted
                store.audit(conn, now, user_id, "password.failed", account.email, address)
            raise BadSignIn
        with self.writing(record=False) as conn:
            store.drop_attempts(conn, reserved)
        self.set_password(account.email, new, actor=user_id)  # ends every session
        return self.sign_in(account.email, new, address=address, user_agent=user_agent)


@cache
def _dummy_hash() -> str:
    return hasher().hash(secrets.token_urlsafe(16))
