"""The team server's daily digests, sent by ``coffeechat worker``: to each seeker what is
due on their agenda, to each coach the recaps waiting for review, once a day at the hour
each chose in their own zone (core/digests.py says when and what).

Once a day holds across restarts and several workers: a digest is taken before it is
sent, as a row per (user, day of their zone) that only one writer can add
(store/digests.take). A digest that fails to send is given back, for the next pass; one
that was taken by a worker that died before sending it is not sent again that day (at
most once, never twice). A digest with nothing in it is not sent.

The mail server is the server's, from the environment (``MailServer.from_env``), never
a user's own. Message bodies are never logged.

The worker writes a heartbeat at every pass; the web shows a warning on every page when
it is older than ``STALE_AFTER`` (``worker_last_run``), so a stopped worker is never
silent. It also writes down the outcome of each digest it tries (how many its pass sent
and failed, and the kind of the last error: a word, never an address or a text), and
the web warns as well while digests fail and none has gone out since (``worker_status``),
so a running worker whose mail server fails is never silent either."""

from __future__ import annotations

import datetime as dt
import os
import weakref
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coffeechat.config import BadEnvironment
from coffeechat.core import digests as rules
from coffeechat.core.errors import CoffeechatError, InvalidValue
from coffeechat.store import digests as store

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from coffeechat.service.accounts import Accounts
    from coffeechat.service.sending import SmtpSource

#: The heartbeat's name (store.beat).
HEARTBEAT = "digests"
#: The outcome of the digests tried, beside the heartbeat: the last pass's counts and
#: last error's kind ("pass=ID sent=N failed=N error=KIND"), when the last digest went
#: out, and when the last one failed (its detail: the error's kind).
PASS_BEAT = "digests.pass"
SENT_BEAT = "digests.sent"
FAILED_BEAT = "digests.failed"
#: The web warns when the worker has not run for this long.
STALE_AFTER = dt.timedelta(days=1)
#: A seeker's digest lists the conversations of this many days ahead.
COMING_DAYS = 2
#: How far a seeker's digest counts the items due ("of more than 100" beyond).
COUNTED = 100

HOST_ENV = "COFFEECHAT_SMTP_HOST"
PORT_ENV = "COFFEECHAT_SMTP_PORT"
SECURITY_ENV = "COFFEECHAT_SMTP_SECURITY"
USER_ENV = "COFFEECHAT_SMTP_USER"
PASSWORD_FILE_ENV = "COFFEECHAT_SMTP_PASSWORD_FILE"
PASSWORD_ENV = "COFFEECHAT_SMTP_PASSWORD"
FROM_ENV = "COFFEECHAT_SMTP_FROM"
URL_ENV = "COFFEECHAT_SERVER_URL"


def env_settings(where: str) -> SmtpSource:
    """The hints of a mail error of the team server: its environment variables (HOST_ENV...),
    in the environment of ``where`` (the command that read them)."""
    from coffeechat.service.sending import SmtpSource

    return SmtpSource(
        address=f"{HOST_ENV}, {PORT_ENV} and {SECURITY_ENV} in the environment of {where} "
        "(docs/configuration.md)",
        login=f"{USER_ENV} and the password in the file {PASSWORD_FILE_ENV} names (or "
        f"{PASSWORD_ENV}) in the environment of {where}",
        use_ssl=f"{SECURITY_ENV}=ssl (and {PORT_ENV}=465)",
    )


#: What the worker's mail errors name: its environment variables, never a user's own
#: settings (`coffeechat settings show` is not what the worker uses).
WORKER_SETTINGS = env_settings("`coffeechat worker`")
#: What the team server's other mail (reset links) names: the same variables, in the
#: environment of the command that sent it (`serve --team`, `admin reset-password`).
TEAM_SETTINGS = env_settings("the team server")

#: The kinds of mail error (SendError.kind) as the admins' warning says them.
ERROR_KINDS = {
    "connection": "the mail server cannot be reached",
    "login": "the mail server refused the login",
    "certificate": "the mail server's certificate cannot be trusted",
    "starttls": "the mail server does not offer STARTTLS",
    "sender": "the mail server refused the sender address",
    "recipient": "the mail server refused a recipient's address",
    "refused": "the mail server refused the message",
    "no-server": "no mail server is set",
    "other": "the digest could not be made or mailed",
}


@dataclass(frozen=True)
class MailServer:
    """The team server's mail server (from the environment), and the sender address."""

    host: str
    sender: str
    port: int | None = None
    security: str = "starttls"
    user: str | None = None
    password: str | None = field(default=None, repr=False)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> MailServer | None:
        """The mail server the environment names; None without COFFEECHAT_SMTP_HOST.
        BadEnvironment for a value that cannot work."""
        env = os.environ if environ is None else environ
        host = env.get(HOST_ENV, "").strip()
        if not host:
            return None
        sender = env.get(FROM_ENV, "").strip()
        if "@" not in sender:
            raise BadEnvironment(
                f"{FROM_ENV}: give the address digests come from, e.g. coffeechat@bootcamp.example"
            )
        port_text = env.get(PORT_ENV, "").strip()
        if port_text and not (port_text.isdigit() and 0 < int(port_text) < 65536):
            raise BadEnvironment(f"{PORT_ENV}: {port_text!r} is not a port (1-65535)")
        security = env.get(SECURITY_ENV, "starttls").strip().lower() or "starttls"
        if security not in {"starttls", "ssl", "none"}:
            raise BadEnvironment(f"{SECURITY_ENV}: {security!r} is not starttls, ssl or none")
        from coffeechat.service.sending import _is_loopback

        if security == "none" and not _is_loopback(host):
            raise BadEnvironment(
                f"{SECURITY_ENV}: none sends in clear text and is allowed only to this "
                f"computer, not {host}: use starttls or ssl"
            )
        user = env.get(USER_ENV, "").strip() or None
        password = None
        if user:
            password = _password(env)
        return cls(host, sender, int(port_text) if port_text else None, security, user, password)


def _password(env: Mapping[str, str]) -> str:
    path = env.get(PASSWORD_FILE_ENV, "").strip()
    if path:
        try:
            text = Path(path).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise BadEnvironment(
                f"{PASSWORD_FILE_ENV}: cannot read {path} ({error.strerror or error})"
            ) from None
        if text:
            return text
    given = env.get(PASSWORD_ENV, "")
    if given:
        return given
    raise BadEnvironment(
        f"{USER_ENV} is set but no password: put it in a file named by {PASSWORD_FILE_ENV}"
    )


@dataclass(frozen=True)
class Pass:
    """What one pass of the worker did: digests sent, empty (nothing due: not sent),
    and failed (given back for the next pass)."""

    sent: int = 0
    empty: int = 0
    failed: int = 0
    errors: tuple[str, ...] = ()
    #: The kind of the last error (SendError.kind), None when none failed.
    error_kind: str | None = None


class Digests:
    """The digests of the accounts of one database."""

    def __init__(
        self, accounts: Accounts, mail: MailServer | None = None, base_url: str | None = None
    ) -> None:
        self.accounts = accounts
        self.mail = mail
        self.base_url = base_url

    def due(self) -> list[tuple[int, dt.date]]:
        """The (user, day of their zone) whose digest is due now and not taken yet."""
        now = self.accounts.now()
        with self.accounts.reading() as conn:
            wanted: list[tuple[int, dt.date]] = []
            for person in store.recipients(conn):
                day = rules.due_day(now, person.timezone, person.hour) if person.enabled else None
                if day is not None:
                    wanted.append((person.id, day))
            if not wanted:
                return []
            taken = store.days_given(
                conn,
                [u for u, _ in wanted],
                min(d for _, d in wanted),
                max(d for _, d in wanted),
            )
        return [w for w in wanted if w not in taken]

    def compose(self, user_id: int) -> rules.Message | None:
        """The digest of ``user_id`` as of now (None: nothing in it, or no such
        recipient)."""
        with self.accounts.reading() as conn:
            person = store.recipient(conn, user_id)
            waiting = store.waiting_for(conn, user_id) if person and person.role == "coach" else []
        if person is None:
            return None
        if person.role == "coach":
            return self._coach(person, waiting)
        return self._seeker(person)

    def _seeker(self, person: store.Recipient) -> rules.Message | None:
        from coffeechat.core.followups import is_overdue, overdue_days

        workspace = self.accounts.workspace_for(person.id)
        agenda = workspace.agenda(0, limit=rules.SHOWN, count_up_to=COUNTED)
        now = agenda.now or self.accounts.now()
        due = [
            rules.DueItem(
                i.contact_name,
                i.reason,
                rules.page_of(i.contact_id, i.suggested_command),
                overdue_days(i, agenda.today) if is_overdue(i, now, agenda.today) else 0,
            )
            for i in agenda.items
        ]
        zone = rules.zone_of(agenda.user_zone)
        coming = [
            rules.ComingChat(name, row.start.astimezone(zone), row.place)
            for row, name in workspace.coming_conversations(COMING_DAYS)
            if row.start is not None
        ]
        return rules.seeker_digest(person.name, due, agenda.total, coming, self.base_url)

    def _coach(self, person: store.Recipient, waiting: list[store.Waiting]) -> rules.Message | None:
        from coffeechat.core.businessdays import business_days_between
        from coffeechat.service.followups import holidays_around

        now = self.accounts.now()
        zone = rules.zone_of(person.timezone).key
        holidays = holidays_around(person.country, now)
        recaps = [
            rules.WaitingRecap(
                w.id,
                w.title,
                w.seeker_name,
                w.cohort_name,
                business_days_between(w.submitted_at, now, zone, holidays),
                w.status == "resubmitted",
            )
            for w in waiting
        ]
        return rules.coach_digest(person.name, recaps, self.base_url)

    def send(self, user_id: int, day: dt.date, pass_id: str | None = None) -> str:
        """Send the digest of ``user_id`` for ``day`` (their zone's day) unless it was
        taken already or they changed their choice meanwhile: "sent", "empty" (nothing
        in it: not sent), "taken", "off" or "not due". SendError (the digest given back,
        for a later pass) when the mail server refuses it. Its outcome, sent or failed,
        counts in the pass ``pass_id`` (the worker's tick; this send alone when None)."""
        from coffeechat.service.sending import SendError

        now = self.accounts.now()
        with self.accounts.reading() as conn:
            person = store.recipient(conn, user_id)
        if person is None or not person.enabled:
            return "off"
        if rules.due_day(now, person.timezone, person.hour) != day:
            return "not due"  # they chose a later hour since, or that day is over
        if self.mail is None:
            error = SendError(
                f"no mail server: set {HOST_ENV} and {FROM_ENV} (docs/team.md)", "no-server"
            )
            with self.accounts.writing(record=False) as conn:
                _record(conn, pass_id or now.isoformat(), now, error.kind)
            raise error
        with self.accounts.writing(record=False) as conn:
            if not store.take(conn, user_id, day, now):
                return "taken"
        try:
            message = self.compose(user_id)
            if message is None:
                with self.accounts.writing(record=False) as conn:
                    store.finish(conn, user_id, day, "empty", 0, now)
                return "empty"
            _deliver(self.mail, person.email, message, now, source=WORKER_SETTINGS)
        except BaseException as error:
            with self.accounts.writing(record=False) as conn:
                store.give_back(conn, user_id, day)
                if isinstance(error, Exception):  # not a stop (Ctrl-C): a failure
                    kind = getattr(error, "kind", "other")
                    _record(conn, pass_id or now.isoformat(), self.accounts.now(), kind)
            raise
        with self.accounts.writing(record=False) as conn:
            sent_at = self.accounts.now()
            store.finish(conn, user_id, day, "sent", message.items, sent_at)
            _record(conn, pass_id or now.isoformat(), sent_at, None)
        return "sent"

    def beat(self, detail: str | None = None) -> None:
        """Write down that the worker ran now."""
        with self.accounts.writing(record=False) as conn:
            store.beat(conn, HEARTBEAT, self.accounts.now(), detail)

    def run_once(self) -> Pass:
        """One pass without a job queue: every digest due now, sent one after the other
        (``coffeechat worker --once``, e.g. from cron)."""
        self.beat()
        pass_id = self.accounts.now().isoformat()
        counts = {"sent": 0, "empty": 0}
        errors: list[str] = []
        kind: str | None = None
        for user_id, day in self.due():
            try:
                outcome = self.send(user_id, day, pass_id)
            except CoffeechatError as error:  # the mail server said no: the next pass
                errors.append(str(error))
                kind = getattr(error, "kind", "other")
                continue
            if outcome in counts:
                counts[outcome] += 1
        return Pass(counts["sent"], counts["empty"], len(errors), tuple(errors), kind)


def _record(conn: Connection, pass_id: str, now: dt.datetime, error_kind: str | None) -> None:
    """Count one digest tried in the pass ``pass_id``: sent (``error_kind`` None) or
    failed, with the kind of its error (a word: never an address, never a text)."""
    kept = store.beats(conn, [PASS_BEAT], lock=True).get(PASS_BEAT)
    counts = _pass_counts(kept[1] if kept else None)
    if counts.get("pass") != pass_id:
        counts = {"pass": pass_id, "sent": "0", "failed": "0"}
    if error_kind is None:
        counts["sent"] = str(int(counts.get("sent", "0")) + 1)
        store.beat(conn, SENT_BEAT, now)
    else:
        kind = error_kind if error_kind in ERROR_KINDS else "other"
        counts["failed"] = str(int(counts.get("failed", "0")) + 1)
        counts["error"] = kind
        store.beat(conn, FAILED_BEAT, now, kind)
    keys = ("pass", "sent", "failed", "error")
    detail = " ".join(f"{k}={counts[k]}" for k in keys if k in counts)
    store.beat(conn, PASS_BEAT, now, detail[:200])


def last_pass(accounts: Accounts, pass_id: str) -> Pass:
    """The digests the pass ``pass_id`` sent and failed (none when another pass tried
    one since)."""
    with accounts.reading() as conn:
        kept = store.beats(conn, [PASS_BEAT]).get(PASS_BEAT)
    counts = _pass_counts(kept[1] if kept else None)
    if counts.get("pass") != pass_id:
        return Pass()
    sent, failed = counts.get("sent", "0"), counts.get("failed", "0")
    return Pass(
        sent=int(sent) if sent.isdigit() else 0,
        failed=int(failed) if failed.isdigit() else 0,
        error_kind=counts.get("error"),
    )


def _pass_counts(detail: str | None) -> dict[str, str]:
    """The ``key=value`` words of a pass's detail."""
    words = (detail or "").split()
    return dict(w.split("=", 1) for w in words if "=" in w)


def _deliver(
    mail: MailServer,
    to: str,
    message: rules.Message,
    now: dt.datetime,
    *,
    source: SmtpSource | None = None,
) -> None:
    """Hand one message to the mail server (the body is never logged); the hints of its
    errors name the settings of ``source`` (the caller says where its settings come from:
    ``WORKER_SETTINGS`` for the digests, ``env_settings(...)`` for another command of the
    team server; by default the team server's environment, ``TEAM_SETTINGS``: a reset
    link's mail, for one)."""
    import email.utils
    from email.message import EmailMessage

    from coffeechat.core.model import UserSettings
    from coffeechat.service.sending import _deliver as deliver

    mailed = EmailMessage()
    mailed["From"] = mail.sender
    mailed["To"] = to
    mailed["Subject"] = message.subject
    mailed["Date"] = email.utils.format_datetime(now)
    mailed["Message-ID"] = email.utils.make_msgid(domain=mail.sender.rpartition("@")[2])
    mailed["Auto-Submitted"] = "auto-generated"  # no out-of-office replies, please
    mailed.set_content(message.text)
    server = UserSettings(
        name="coffeechat",
        smtp_host=mail.host,
        smtp_port=mail.port,
        smtp_security=mail.security,
        smtp_user=mail.user,
    )
    hints = TEAM_SETTINGS if source is None else source
    deliver(server, mailed, mail.sender, [to], mail.password, source=hints)


# --- what the web shows and changes -------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    """A user's digest choice, and when their last digest went out (None: never)."""

    enabled: bool
    hour: int
    last_sent: dt.datetime | None


def choice(accounts: Accounts, user_id: int) -> Choice:
    """The user's digest choice (the default, on at 08:00, until they choose)."""
    with accounts.reading() as conn:
        enabled, hour = store.choice(conn, user_id)
        last = store.last_sent(conn, user_id)
    return Choice(enabled, hour, last)


def set_choice(accounts: Accounts, user_id: int, enabled: bool, hour: int) -> None:
    """Keep the user's digest choice: on or off, at ``hour`` (0-23) of their zone."""
    if not isinstance(hour, int) or not 0 <= hour <= 23:
        raise InvalidValue("hour", hour, "must be an hour from 0 to 23", "8")
    with accounts.writing(record=False) as conn:
        store.set_choice(conn, user_id, enabled, hour)


def worker_last_run(accounts: Accounts) -> dt.datetime | None:
    """When the digest worker last ran (None: never)."""
    with accounts.reading() as conn:
        return store.last_beat(conn, HEARTBEAT)


def worker_stopped(last_run: dt.datetime | None, now: dt.datetime) -> bool:
    """Whether the worker has not run for STALE_AFTER (or never has)."""
    return last_run is None or now - last_run >= STALE_AFTER


@dataclass(frozen=True)
class WorkerStatus:
    """Whether the digest worker has stopped (not run for STALE_AFTER, or never), and
    when it last ran; whether its digests are failing (one failed and none has gone out
    since), and what the admins' warning says of it."""

    stopped: bool
    last_run: dt.datetime | None
    failing: bool = False
    #: When the last digest failed, and its error's kind (ERROR_KINDS).
    failed_at: dt.datetime | None = None
    error_kind: str | None = None
    #: When the last digest went out (None: never).
    last_sent: dt.datetime | None = None
    #: The counts of the last pass that tried a digest.
    pass_sent: int = 0
    pass_failed: int = 0


@dataclass(frozen=True)
class _Beats:
    """What the status is made of, as read from the database."""

    last_run: dt.datetime | None = None
    last_sent: dt.datetime | None = None
    failed_at: dt.datetime | None = None
    error_kind: str | None = None
    pass_detail: str | None = None


def _read_beats(accounts: Accounts) -> _Beats:
    with accounts.reading() as conn:
        found = store.beats(conn, [HEARTBEAT, SENT_BEAT, FAILED_BEAT, PASS_BEAT])
    failed = found.get(FAILED_BEAT)
    return _Beats(
        found[HEARTBEAT][0] if HEARTBEAT in found else None,
        found[SENT_BEAT][0] if SENT_BEAT in found else None,
        failed[0] if failed else None,
        failed[1] if failed else None,
        found[PASS_BEAT][1] if PASS_BEAT in found else None,
    )


def digests_failing(last_sent: dt.datetime | None, failed_at: dt.datetime | None) -> bool:
    """Whether the digests are failing: one failed, and none has gone out since."""
    return failed_at is not None and (last_sent is None or last_sent < failed_at)


#: How long the pages of one server go by the heartbeat one of them read (seconds).
BEAT_REUSED_FOR = 30.0

#: The heartbeats last read, per engine: (when they were read, time.monotonic; them).
_beats: weakref.WeakKeyDictionary[Any, tuple[float, _Beats]] = weakref.WeakKeyDictionary()


def worker_status(accounts: Accounts) -> WorkerStatus:
    """The digest worker's status for the banner of every page; "running" when the
    database cannot be read (a banner never breaks a page, an error page included).

    Every page asks, so the heartbeats read for one page serve the pages of the next
    BEAT_REUSED_FOR seconds; the status is still worked out at each request's own clock.
    A worker that has just started again takes that long to clear the banner."""
    import time

    from sqlalchemy.exc import SQLAlchemyError

    kept = _beats.get(accounts.engine)
    if kept is not None and time.monotonic() - kept[0] < BEAT_REUSED_FOR:
        beats = kept[1]
    else:
        try:
            beats = _read_beats(accounts)
        except SQLAlchemyError:
            return WorkerStatus(False, None)
        _beats[accounts.engine] = (time.monotonic(), beats)
    counts = _pass_counts(beats.pass_detail)
    return WorkerStatus(
        worker_stopped(beats.last_run, accounts.now()),
        beats.last_run,
        digests_failing(beats.last_sent, beats.failed_at),
        beats.failed_at,
        beats.error_kind,
        beats.last_sent,
        int(counts["sent"]) if counts.get("sent", "").isdigit() else 0,
        int(counts["failed"]) if counts.get("failed", "").isdigit() else 0,
    )
