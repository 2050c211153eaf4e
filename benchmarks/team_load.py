"""The team server under load: `serve --team --workers 2` on PostgreSQL, 200 users for 60 s.

    .venv/bin/python benchmarks/team_load.py [--users 200] [--seconds 60] [--think 2]
                                             [--ramp 10,25,50,100,200,400,800] [--step 15]
                                             [--max-seconds 600] [--quick] [--json]
                                             [--database-url URL] [--schema NAME]

1. **A fresh database.** ``--database-url`` (default ``$COFFEECHAT_BENCH_DATABASE_URL``,
   else ``postgresql+psycopg://postgres@127.0.0.1:55433/coffeechat_team_load``) names a
   database of its own that is dropped and made again (its name must contain ``load``
   or ``bench``: nothing else is ever dropped). With ``--schema NAME`` the database is
   left as it is and a schema NAME is made in it instead (dropped first, and at the
   end): that is how the smoke test runs in the test database.
2. **The team, in bulk** (SQLAlchemy Core, a few seconds): 50 coaches, 50 cohorts of 20
   seekers, 50 contacts each (1,000 seekers, 50,000 contacts) with 2-4 timeline events
   each over the last five weeks (outreach, replies, follow-ups, meetings: Today and the
   dashboards have something to show), and 4 recaps waiting for review in each cohort
   (copies of one recap submitted through the service). One password hash for everyone
   (no one signs in with it); each account gets a web session and an API token written
   as rows (their SHA-256, as ``store/accounts.py`` keeps them).
3. **The server**: ``coffeechat serve --team --workers 2 --no-browser`` on 127.0.0.1, a
   child process (its own process group, stopped at the end, on Ctrl+C and on any error)
   with ``COFFEECHAT_DATABASE_URL`` and ``COFFEECHAT_HOME`` (a temporary folder).
4. **The load**: ``--users`` simulated people (a tenth of them coaches), each a
   keep-alive connection of its own, each starting at a random moment of one think time
   (as in a steady state: not all at once) and waiting a random think time (uniform
   around ``--think`` seconds, seeded) between requests, for ``--seconds``. A seeker opens
   Today (``/``), the contact list (``/contacts`` and ``/api/v1/contacts``), a contact, a
   draft (``/contacts/{id}/messages/outreach``), adds a note (``POST
   /api/v1/contacts/{id}/notes``) and logs an event (``POST .../events``); a coach opens
   their cohort's dashboard (``/cohorts/{id}`` and its API), the review queue
   (``/api/v1/submissions``), a submission (``/submissions/{id}``) and comments on it.
   Each person does each of these once first (beginning with a different one), then
   picks at random by weight. Pages use the session cookie, the API the bearer token.
   Before the measurement, each account opens its first page once (a day's first
   visit fills the caches: timed apart, 8 at a time).
5. **The figures**: requests/s, errors (anything but 2xx and 3xx, or a redirect to the
   sign-in page; target 0; the first distinct ones listed), p50 and p95 latency per kind
   of request and overall (target p95 <= 300 ms), p95 by 15 s of the run (the first
   window holds everyone's first page of each kind), the client's own event-loop lag (the
   load runs on the same cores as the server), and a check that every write answered
   201 is in the database (each note, event and comment carries a marker): PASS or FAIL.
6. **The ramp**: the same load with more and more users (``--ramp``, ``--step`` seconds
   each) until p95 passes 300 ms; prints that number of users (and checks the writes
   of each step as above).

Everything is bounded: ``--max-seconds`` (default 600) stops whatever runs and the
server with it. ``--quick`` is a smoke run (2 cohorts of 10 seekers with 20 contacts,
20 users for 5 s, no ramp); ``--json`` prints a summary as JSON on standard output (the
report goes to standard error). A measurement, not a test: it always exits 0 (but for
a database or server that cannot be reached, 1) and marks ABOVE TARGET / FAIL.

CI's cluster: ``.ci/run`` starts PostgreSQL on 127.0.0.1:55432 (``$PGPORT``) with trust
authentication, so ``COFFEECHAT_BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:55432/coffeechat_team_load``
runs the benchmark there while it is up.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harness import ROOT

ENV = "COFFEECHAT_BENCH_DATABASE_URL"
DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:55433/coffeechat_team_load"
TARGET_P95 = 0.300
#: The ramp's steps (simulated people), by default.
RAMP = "10,25,50,100,200,400,800"
ZONES = [
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "Europe/London",
    "Europe/Berlin",
    "Asia/Kolkata",
    "Australia/Sydney",
]
FIRST = ["Ada", "Grace", "Alan", "Barbara", "Edsger", "Frances", "Donald", "Radia", "Ken"]
LAST = ["Lovelace", "Hopper", "Turing", "Liskov", "Dijkstra", "Allen", "Knuth", "Perlman"]
#: Timelines (kinds in order); the first event 2 to 35 days ago, the next days later.
TIMELINES = [
    ("outreach",),
    ("outreach", "reply"),
    ("outreach", "follow-up"),
    ("outreach", "reply", "meeting"),
    ("outreach", "reply", "scheduling-email"),
    ("outreach", "follow-up", "reply"),
    ("outreach", "reply", "meeting", "thank-you"),
    ("note", "outreach"),
]
#: What a simulated person does, and how often (weights).
SEEKER = {
    "today": 4,
    "contacts": 2,
    "api_contacts": 1,
    "contact": 2,
    "draft": 1,
    "note": 1,
    "event": 1,
}
COACH = {"dashboard": 2, "api_dashboard": 1, "queue": 2, "submission": 2, "comment": 1}
WRITES = ("note", "event", "comment")
#: A table's id sequence moved past the ids written in bulk (names from this file only).
SETVAL = (
    "SELECT setval(pg_get_serial_sequence('\"{table}\"', '{column}'),"
    ' (SELECT max({column}) FROM "{table}"))'
)


@dataclass(frozen=True)
class Shape:
    """How big a team the benchmark builds."""

    cohorts: int
    seekers: int  # per cohort
    contacts: int  # per seeker
    waiting: int  # recaps waiting per cohort


FULL = Shape(cohorts=50, seekers=20, contacts=50, waiting=4)
QUICK = Shape(cohorts=2, seekers=10, contacts=20, waiting=2)


@dataclass
class Person:
    """A simulated person's account: who, and the secrets that sign them in."""

    user_id: int
    role: str
    session: str = ""
    token: str = ""
    contacts: list[int] = field(default_factory=list)  # a seeker's
    cohort: int = 0  # a coach's
    submissions: list[int] = field(default_factory=list)  # a coach's cohort's


def say(*parts: object) -> None:
    print(*parts, file=OUT, flush=True)


OUT = sys.stdout


class OutOfTime(Exception):
    """The overall deadline (--max-seconds) passed."""


# --- the database ----------------------------------------------------------------------------


def fresh_database(url: str, schema: str | None) -> str:
    """A URL of an empty database (or schema) for the benchmark: the database of ``url``
    dropped and made again, or with ``schema`` a schema of that name made afresh in it."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if not parsed.drivername.startswith("postgresql"):
        raise SystemExit(f"--database-url: PostgreSQL only, not {parsed.drivername}")
    if schema:
        if not schema.replace("_", "").isalnum():
            raise SystemExit(f"--schema: letters, digits and _ only, not {schema!r}")
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        engine.dispose()
        sep = "&" if "?" in url else "?"
        return f"{url}{sep}options=-csearch_path%3D{schema}"
    name = parsed.database or ""
    if not ("load" in name or "bench" in name):
        raise SystemExit(
            f"--database-url: the benchmark drops and makes again the database it is given; "
            f"name one of its own (with 'load' or 'bench' in it), not {name!r}"
        )
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url


def analyze(url: str) -> None:
    """ANALYZE coffeechat's tables in the benchmark's database (or schema): fresh
    statistics for the planner."""
    from sqlalchemy import create_engine, text

    from coffeechat.store.schema import metadata, team_metadata

    every = [*metadata.sorted_tables, *team_metadata.sorted_tables]
    tables = ", ".join(sorted({f'"{t.name}"' for t in every}))
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(f"ANALYZE {tables}"))
    finally:
        engine.dispose()


def drop_schema(url: str, schema: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url.split("?options=")[0].split("&options=")[0])
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


def settings_at(url: str, home: Path) -> Any:
    from coffeechat.config import Clock, Settings

    return Settings(home=home, database_url=url, clock=Clock(None))


def build(url: str, home: Path, shape: Shape, seed: int) -> tuple[list[Person], list[Person]]:
    """The team, in bulk: the coaches and the seekers (with their contacts' ids)."""
    from sqlalchemy import insert, text

    from coffeechat.service.accounts import Accounts, hasher
    from coffeechat.service.review import Review
    from coffeechat.store.schema import (
        cohort,
        cohort_member,
        company,
        contact,
        event,
        submission,
        submission_version,
        user,
    )

    rng = random.Random(seed)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    password_hash = hasher().hash(secrets.token_urlsafe(16))  # once: no one signs in with it
    accounts = Accounts.open(settings_at(url, home))  # the schema made here
    users, companies, contacts, events, cohorts, members = [], [], [], [], [], []
    coaches: list[Person] = []
    seekers: list[Person] = []
    uid = cid = coid = 0
    for c in range(shape.cohorts):
        uid += 1
        coach_id = uid
        users.append(_user_row(coach_id, f"Coach {c + 1}", f"coach{c + 1}", "coach", rng, now))
        users[-1]["password_hash"] = password_hash
        coaches.append(Person(coach_id, "coach", cohort=c + 1))
        cohorts.append(
            {
                "id": c + 1,
                "name": f"Cohort {c + 1:02d}",
                "coach_id": coach_id,
                "weekly_goal": 3,
                "invite_code": secrets.token_urlsafe(9),
                "created_at": now - dt.timedelta(days=60),
            }
        )
        for s in range(shape.seekers):
            uid += 1
            name = f"{rng.choice(FIRST)} Seeker {c + 1}-{s + 1}"
            users.append(_user_row(uid, name, f"seeker{c + 1}-{s + 1}", "seeker", rng, now))
            users[-1]["password_hash"] = password_hash
            members.append(
                {
                    "cohort_id": c + 1,
                    "user_id": uid,
                    "status": "active",
                    "joined_at": now - dt.timedelta(days=50),
                }
            )
            person = Person(uid, "seeker")
            seekers.append(person)
            first_company = coid + 1
            for k in range(max(1, shape.contacts // 5)):
                coid += 1
                companies.append(
                    {
                        "id": coid,
                        "owner_id": uid,
                        "name": f"Company {k}",
                        "name_key": f"company {k}",
                        "created_at": now - dt.timedelta(days=45),
                    }
                )
            for _ in range(shape.contacts):
                cid += 1
                person.contacts.append(cid)
                contacts.append(
                    {
                        "id": cid,
                        "owner_id": uid,
                        "name": f"{rng.choice(FIRST)} {rng.choice(LAST)} {cid}",
                        "company_id": rng.randint(first_company, coid),
                        "title": "Engineer",
                        "timezone": rng.choice(ZONES),
                        "work_hours": "Mon-Fri 09:00-17:00",
                        "created_at": now - dt.timedelta(days=40),
                    }
                )
                at = now - dt.timedelta(days=rng.uniform(2, 35))
                for kind in rng.choice(TIMELINES):
                    if at >= now:
                        break
                    events.append(
                        {
                            "owner_id": uid,
                            "contact_id": cid,
                            "kind": kind,
                            "at": at,
                            "zone": "America/New_York",
                            "created_at": at,
                            **({"value": "30"} if kind == "meeting" else {}),
                        }
                    )
                    at += dt.timedelta(days=rng.uniform(1, 6))
    with accounts.engine.begin() as conn:
        conn.execute(insert(user), users)
        conn.execute(insert(company), companies)
        conn.execute(insert(contact), contacts)
        for start in range(0, len(events), 20_000):
            conn.execute(insert(event), events[start : start + 20_000])
        conn.execute(insert(cohort), cohorts)
        conn.execute(insert(cohort_member), members)
        for table, column in (
            ("user", "id"),
            ("company", "id"),
            ("contact", "id"),
            ("cohort", "id"),
        ):
            conn.execute(text(SETVAL.format(table=table, column=column)))
    # one recap submitted through the service, then copied: the recaps waiting for review
    first = seekers[0]
    mine = accounts.workspace_for(first.user_id)
    grace = mine.add_contact(name="Grace Hopper", company="Navy")
    mine.log(str(grace.id), "meeting", at=(now - dt.timedelta(days=3)).isoformat())
    mine.add_note(str(grace.id), "Started in QA, moved to data after a bootcamp", topic="journey")
    mine.add_takeaway(str(grace.id), "insight", "Data teams hire from support")
    account = accounts.get_user(first.user_id)
    assert account is not None
    made = Review.of(accounts).submit_contact(account, grace.id)
    with accounts.engine.begin() as conn:
        model = conn.execute(
            submission_version.select().where(submission_version.c.submission_id == made.id)
        ).one()
        rows, versions = [], []
        sid = made.id
        for c, coach in enumerate(coaches):
            members_of = seekers[c * shape.seekers : (c + 1) * shape.seekers]
            for s in range(shape.waiting):
                seeker = members_of[(s + 1) % len(members_of)]
                sid += 1
                at = now - dt.timedelta(days=rng.uniform(0.5, 6))
                rows.append(
                    {
                        "id": sid,
                        "seeker_id": seeker.user_id,
                        "cohort_id": coach.cohort,
                        "contact_id": seeker.contacts[s],
                        "status": "submitted",
                        "version": 1,
                        "created_at": at,
                        "submitted_at": at,
                    }
                )
                versions.append(
                    {
                        "submission_id": sid,
                        "version": 1,
                        "title": model.title,
                        "markdown": model.markdown,
                        "document": model.document,
                        "submitted_at": at,
                    }
                )
                coach.submissions.append(sid)
        conn.execute(insert(submission), rows)
        conn.execute(insert(submission_version), versions)
        conn.execute(text(SETVAL.format(table="submission", column="id")))
    accounts.close()
    return coaches, seekers


def _user_row(
    uid: int, name: str, login: str, role: str, rng: random.Random, now: dt.datetime
) -> dict[str, Any]:
    return {
        "id": uid,
        "name": name,
        "timezone": rng.choice(ZONES),
        "availability": "Mon-Fri 08:00-20:00",
        "weekly_goal": 3,
        "smtp_security": "starttls",
        "created_at": now - dt.timedelta(days=60),
        "login_email": f"{login}@bootcamp.example",
        "role": role,
        "active": True,
    }


def sign_everyone_in(url: str, home: Path, people: list[Person]) -> None:
    """A web session and an API token for each account, written as rows (their SHA-256,
    as the server keeps them): no password hashed 1,050 times."""
    from sqlalchemy import insert

    from coffeechat.service.accounts import SESSION_LIFETIME, TOKEN_PREFIX, Accounts, digest
    from coffeechat.store.schema import api_token, web_session

    now = dt.datetime.now(dt.UTC)
    sessions, tokens = [], []
    for person in people:
        person.session = secrets.token_urlsafe(32)
        person.token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        sessions.append(
            {
                "id": digest(person.session),
                "user_id": person.user_id,
                "created_at": now,
                "last_seen_at": now,
                "expires_at": now + SESSION_LIFETIME,
            }
        )
        tokens.append(
            {
                "user_id": person.user_id,
                "name": "team_load",
                "token_hash": digest(person.token),
                "created_at": now,
                "last_used_at": now,
            }
        )
    accounts = Accounts.open(settings_at(url, home))
    with accounts.engine.begin() as conn:
        conn.execute(insert(web_session), sessions)
        conn.execute(insert(api_token), tokens)
    accounts.close()


# --- the server ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def team_server(url: str, home: Path, workers: int, deadline: float) -> Iterator[int]:
    """``coffeechat serve --team --workers N`` on 127.0.0.1: its port. Stopped (its
    whole process group) when the block ends, however it ends."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("COFFEECHAT_")}
    env.update(
        PYTHONPATH=str(ROOT / "src"),
        COFFEECHAT_DATABASE_URL=url,
        COFFEECHAT_HOME=str(home),
    )
    log = open(home / "server.log", "wb")  # noqa: SIM115 (closed below)
    command = [
        sys.executable,
        "-m",
        "coffeechat",
        "serve",
        "--team",
        "--workers",
        str(workers),
        "--no-browser",
        "--port",
        str(port),
    ]
    process = subprocess.Popen(
        command,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        preexec_fn=_die_with_parent,  # before any thread runs here
    )
    SERVERS.append(process)
    try:
        wait_ready(port, process, min(deadline, time.monotonic() + 90), home / "server.log")
        yield port
    finally:
        stop(process)
        log.close()


#: The servers running (stopped by the SIGTERM handler).
SERVERS: list[subprocess.Popen[bytes]] = []


def _die_with_parent() -> None:
    """In the server's process, before it starts (Linux): SIGTERM when the benchmark
    dies, however it dies (even SIGKILL), so no server outlives it."""
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def wait_ready(port: int, process: subprocess.Popen[bytes], until: float, log: Path) -> None:
    import http.client

    while time.monotonic() < until:
        if process.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:]
            raise SystemExit(f"the server exited with {process.returncode}:\n{tail}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/welcome")
            ok = conn.getresponse().status == 200
            conn.close()
            if ok:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise OutOfTime(f"the server did not answer on port {port} in time")


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the server's process group (uvicorn finishes what is in flight), then
    SIGKILL after 10 s."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        pass


# --- the load --------------------------------------------------------------------------------


@dataclass
class Stats:
    """What one run of the load measured."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter[str] = field(default_factory=Counter)
    error_kinds: Counter[str] = field(default_factory=Counter)
    written: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    elapsed: float = 0.0
    lag: list[float] = field(default_factory=list)
    #: (when it started, from the client's clock; how long it took) of each answer
    timeline: list[tuple[float, float]] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return sum(len(v) for v in self.latencies.values()) + sum(self.error_kinds.values())

    @property
    def error_count(self) -> int:
        return sum(self.error_kinds.values())

    def all_latencies(self) -> list[float]:
        return [t for v in self.latencies.values() for t in v]


def quantile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


class Simulated:
    """One person at the keyboard: a keep-alive connection of their own."""

    def __init__(self, person: Person, base: str, rng: random.Random, marker: str) -> None:
        import httpx2 as httpx  # (the HTTP client coffeechat depends on: httpx2)

        self.person = person
        self.rng = rng
        self.marker = marker
        self.http = httpx.AsyncClient(
            base_url=base,
            timeout=httpx.Timeout(30.0),
            limits=httpx.Limits(max_connections=1, max_keepalive_connections=1),
            follow_redirects=False,
        )
        self.page = {"Cookie": f"coffeechat_session={person.session}"}
        self.api = {"Authorization": f"Bearer {person.token}"}
        actions = SEEKER if person.role == "seeker" else COACH
        self.kinds = list(actions)
        self.weights = list(actions.values())

    async def close(self) -> None:
        await self.http.aclose()

    def request(self, kind: str, n: int) -> tuple[str, str, dict[str, str], Any]:
        """(method, path, headers, json body) of one request of ``kind``."""
        p, rng = self.person, self.rng
        if kind == "today":
            return "GET", "/", self.page, None
        if kind == "contacts":
            return "GET", "/contacts", self.page, None
        if kind == "api_contacts":
            return "GET", "/api/v1/contacts?limit=50", self.api, None
        if kind == "contact":
            return "GET", f"/contacts/{rng.choice(p.contacts)}", self.page, None
        if kind == "draft":
            return "GET", f"/contacts/{rng.choice(p.contacts)}/messages/outreach", self.page, None
        if kind == "note":
            text = f"{self.marker} note {p.user_id}-{n}: asked about the team's hiring"
            return (
                "POST",
                f"/api/v1/contacts/{rng.choice(p.contacts)}/notes",
                self.api,
                {"text": text},
            )
        if kind == "event":
            text = f"{self.marker} event {p.user_id}-{n}: sent a short thank-you"
            body = {"kind": rng.choice(["note", "follow-up", "reply"]), "note": text}
            return "POST", f"/api/v1/contacts/{rng.choice(p.contacts)}/events", self.api, body
        if kind == "dashboard":
            return "GET", f"/cohorts/{p.cohort}", self.page, None
        if kind == "api_dashboard":
            return "GET", f"/api/v1/cohorts/{p.cohort}/dashboard", self.api, None
        if kind == "queue":
            return "GET", "/api/v1/submissions", self.api, None
        if kind == "submission":
            return "GET", f"/submissions/{rng.choice(p.submissions)}", self.page, None
        if kind == "comment":
            text = f"{self.marker} comment {p.user_id}-{n}: say what you will do next"
            path = f"/api/v1/submissions/{rng.choice(p.submissions)}/comments"
            return "POST", path, self.api, {"text": text}
        raise AssertionError(kind)

    async def one(self, kind: str, n: int, stats: Stats | None) -> None:
        import httpx2 as httpx  # (the HTTP client coffeechat depends on: httpx2)

        method, path, headers, body = self.request(kind, n)
        started = time.perf_counter()
        problem = None
        try:
            response = await self.http.request(method, path, headers=headers, json=body)
            took = time.perf_counter() - started
            status = response.status_code
            if status >= 400:
                problem = f"{status} {response.text[:160]!r}"
            elif status >= 300 and response.headers.get("location", "").startswith("/welcome"):
                problem = f"{status} to the sign-in page (the session was not taken)"
        except httpx.HTTPError as error:
            took = time.perf_counter() - started
            problem = f"{type(error).__name__} {error}"[:200]
        if stats is None:
            return
        if problem:
            template = "/".join("N" if part.isdigit() else part for part in path.split("/"))
            stats.errors[f"{kind}: {method} {template.split('?')[0]}: {problem}"] += 1
            stats.error_kinds[kind] += 1
        else:
            stats.latencies[kind].append(took)
            stats.timeline.append((started, took))
            if kind in WRITES:
                stats.written[kind].add(body["text"] if kind != "event" else body["note"])

    async def run(self, until: float, think: float, stats: Stats, turn: int) -> None:
        """Requests until ``until``: first each kind once, beginning with the ``turn``-th
        (so that every kind runs even in a short run), then at random by weight."""
        loop = asyncio.get_running_loop()
        # each person starts at a random moment of a think time, as in the steady state
        # (all 200 within a second would be a burst of twice the rate the rest runs at)
        await asyncio.sleep(self.rng.uniform(0, think))
        first = self.kinds[turn % len(self.kinds) :] + self.kinds[: turn % len(self.kinds)]
        n = 0
        while loop.time() < until:
            n += 1
            if n <= len(first):
                kind = first[n - 1]
            else:
                kind = self.rng.choices(self.kinds, self.weights)[0]
            await self.one(kind, n, stats)
            await asyncio.sleep(self.rng.uniform(0.5 * think, 1.5 * think))


def cast(coaches: list[Person], seekers: list[Person], users: int) -> list[Person]:
    """Who the ``users`` simulated people are: a tenth coaches (at most one per coach),
    the rest seekers spread over the cohorts (an account used twice when there are more
    people than accounts: two tabs)."""
    n_coaches = min(len(coaches), max(1, round(users / 10)))
    per = len(seekers) // max(1, len(coaches))
    spread = [seekers[c * per + s] for s in range(per) for c in range(len(coaches))]
    cast = coaches[:n_coaches]
    cast += [spread[i % len(spread)] for i in range(users - n_coaches)]
    return cast


async def load(
    base: str, people: list[Person], seconds: float, think: float, seed: int, marker: str
) -> Stats:
    """The simulated people for ``seconds``; then what they measured."""
    loop = asyncio.get_running_loop()
    stats = Stats()
    sims = [
        Simulated(p, base, random.Random(seed * 100_003 + i), marker) for i, p in enumerate(people)
    ]
    started = loop.time()
    until = started + seconds

    async def watch_lag() -> None:  # how late the client's own loop wakes up
        while loop.time() < until:
            before = loop.time()
            await asyncio.sleep(0.05)
            stats.lag.append(loop.time() - before - 0.05)

    try:
        await asyncio.gather(
            watch_lag(), *(s.run(until, think, stats, i) for i, s in enumerate(sims))
        )
    finally:
        stats.elapsed = loop.time() - started
        await asyncio.gather(*(s.close() for s in sims), return_exceptions=True)
    return stats


async def warm(
    base: str, people: list[Person], marker: str, seen: set[int], concurrency: int = 8
) -> list[float]:
    """Each account not in ``seen`` opens its first page once (Today, or a coach's
    dashboard): the caches that a day's first visit fills. Their latencies."""
    gate = asyncio.Semaphore(concurrency)
    times: list[float] = []

    async def first(person: Person) -> None:
        async with gate:
            sim = Simulated(person, base, random.Random(person.user_id), marker)
            try:
                started = time.perf_counter()
                await sim.one("today" if person.role == "seeker" else "dashboard", 0, None)
                times.append(time.perf_counter() - started)
            finally:
                await sim.close()

    unique = [p for p in people if not (p.user_id in seen or seen.add(p.user_id))]
    await asyncio.gather(*(first(p) for p in unique))
    return times


def check_writes(url: str, home: Path, marker: str, stats: Stats) -> dict[str, Any]:
    """Every note, event and comment answered 201: is it in the database?"""
    from sqlalchemy import select

    from coffeechat.service.accounts import Accounts
    from coffeechat.store.schema import event, note, submission_comment

    columns = {"note": note.c.text, "event": event.c.note, "comment": submission_comment.c.text}
    accounts = Accounts.open(settings_at(url, home))
    result: dict[str, Any] = {"made": 0, "found": 0, "missing": [], "kinds": {}}
    with accounts.engine.connect() as conn:
        for kind, column in columns.items():
            stored = set(
                conn.execute(select(column).where(column.like(f"{marker} {kind} %"))).scalars()
            )
            made = stats.written.get(kind, set())
            missing = sorted(made - stored)
            result["kinds"][kind] = {
                "made": len(made),
                "found": len(made & stored),
                "extra": len(stored - made),
            }
            result["made"] += len(made)
            result["found"] += len(made & stored)
            result["missing"] += missing[:5]
    accounts.close()
    result["ok"] = result["found"] == result["made"]
    return result


# --- the report ------------------------------------------------------------------------------


def summary(stats: Stats) -> dict[str, Any]:
    overall = stats.all_latencies()
    kinds = {}
    for kind in sorted(set(stats.latencies) | set(stats.error_kinds)):
        times = stats.latencies.get(kind, [])
        kinds[kind] = {
            "requests": len(times) + stats.error_kinds.get(kind, 0),
            "errors": stats.error_kinds.get(kind, 0),
            "p50_ms": round(quantile(times, 0.5) * 1000, 1),
            "p95_ms": round(quantile(times, 0.95) * 1000, 1),
        }
    return {
        "requests": stats.requests,
        "seconds": round(stats.elapsed, 1),
        "rps": round(stats.requests / stats.elapsed, 1) if stats.elapsed else 0.0,
        "errors": stats.error_count,
        "error_samples": [f"{n} x {e}" for e, n in stats.errors.most_common(5)],
        "p50_ms": round(quantile(overall, 0.5) * 1000, 1),
        "p95_ms": round(quantile(overall, 0.95) * 1000, 1),
        "client_lag_p95_ms": round(quantile(stats.lag, 0.95) * 1000, 1),
        "kinds": kinds,
        "p95_ms_by_window": by_window(stats.timeline, WINDOW),
    }


#: The width of the windows of the run that p95 is also given for (s).
WINDOW = 15.0


def by_window(timeline: list[tuple[float, float]], width: float) -> list[float]:
    """p95 (ms) of the answers to the requests sent in each ``width`` seconds of the run
    (the first window holds each person's first requests: where a slow start shows)."""
    if not timeline:
        return []
    start = min(s for s, _ in timeline)
    windows: dict[int, list[float]] = defaultdict(list)
    for s, took in timeline:
        windows[int((s - start) // width)].append(took)
    return [round(quantile(windows[w], 0.95) * 1000, 1) for w in sorted(windows)]


def report(found: dict[str, Any], users: int) -> None:
    say(
        f"\n{users} users, {found['seconds']} s: {found['requests']:,} requests, "
        f"{found['rps']} req/s"
    )
    errors = found["errors"]
    say(f"  errors: {errors} (target 0){'  ABOVE TARGET' if errors else ''}")
    for line in found["error_samples"]:
        say(f"    {line}")
    say(f"  {'request':<14} {'count':>7} {'errors':>7} {'p50 ms':>8} {'p95 ms':>8}")
    for kind, k in found["kinds"].items():
        mark = "  ABOVE TARGET" if k["p95_ms"] > TARGET_P95 * 1000 else ""
        say(
            f"  {kind:<14} {k['requests']:>7} {k['errors']:>7} {k['p50_ms']:>8} "
            f"{k['p95_ms']:>8}{mark}"
        )
    mark = "  ABOVE TARGET" if found["p95_ms"] > TARGET_P95 * 1000 else ""
    say(
        f"  {'overall':<14} {found['requests']:>7} {errors:>7} {found['p50_ms']:>8} "
        f"{found['p95_ms']:>8}{mark}  (target p95 <= {TARGET_P95 * 1000:.0f} ms)"
    )
    say(f"  the client's own event-loop lag, p95: {found['client_lag_p95_ms']} ms")
    windows = ", ".join(f"{p:.0f}" for p in found["p95_ms_by_window"])
    say(f"  p95 by {WINDOW:.0f} s of the run (ms): {windows}")


def main() -> int:
    global OUT
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, help="simulated people (default 200; quick 20)")
    parser.add_argument("--seconds", type=float, help="how long they work (default 60; quick 5)")
    parser.add_argument("--think", type=float, default=2.0, help="mean think time, s")
    parser.add_argument(
        "--ramp",
        default=None,
        help=f'people at each step of the ramp (default {RAMP}; with --quick or "": none)',
    )
    parser.add_argument("--step", type=float, default=15, help="seconds per step of the ramp")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--max-seconds", type=float, default=600, help="the hard deadline")
    parser.add_argument("--quick", action="store_true", help="a small smoke run, no ramp")
    parser.add_argument("--json", action="store_true", help="a JSON summary on stdout")
    parser.add_argument("--database-url", default=os.environ.get(ENV, DEFAULT_URL))
    parser.add_argument("--schema", help="a fresh schema in that database (not the database)")
    parser.add_argument("--seed", type=int, default=1912)
    args = parser.parse_args()
    if args.json:
        OUT = sys.stderr
    shape = QUICK if args.quick else FULL
    users = args.users or (20 if args.quick else 200)
    seconds = args.seconds or (5.0 if args.quick else 60.0)
    steps = args.ramp if args.ramp is not None else ("" if args.quick else RAMP)
    ramp = [int(n) for n in steps.split(",") if n.strip()]
    deadline = time.monotonic() + args.max_seconds
    marker = f"load-{secrets.token_hex(4)}"
    result: dict[str, Any] = {"users": users, "shape": shape.__dict__, "marker": marker}

    def interrupted(signum: int, frame: object) -> None:
        # stopped from outside (SIGTERM): the server first, whatever runs, then out
        for process in SERVERS:
            stop(process)
        say("stopped from outside: the server is stopped")
        os._exit(128 + signum)

    from sqlalchemy.exc import OperationalError

    signal.signal(signal.SIGTERM, interrupted)
    with tempfile.TemporaryDirectory(prefix="coffeechat-team-load-") as folder:
        home = Path(folder)
        url = None
        try:
            started = time.perf_counter()
            url = fresh_database(args.database_url, args.schema)
            coaches, seekers = build(url, home, shape, args.seed)
            sign_everyone_in(url, home, coaches + seekers)
            result["build_seconds"] = round(time.perf_counter() - started, 1)
            say(
                f"built {shape.cohorts} cohorts, {len(coaches)} coaches, {len(seekers):,} "
                f"seekers, {len(seekers) * shape.contacts:,} contacts in "
                f"{result['build_seconds']} s"
            )
            with team_server(url, home, args.workers, deadline) as port:
                base = f"http://127.0.0.1:{port}"
                result.update(
                    run_all(
                        base,
                        url,
                        home,
                        coaches,
                        seekers,
                        users,
                        seconds,
                        args.think,
                        args.step,
                        ramp,
                        args.seed,
                        marker,
                        deadline,
                    )
                )
        except OperationalError as error:
            say(f"the database cannot be reached: {str(error).splitlines()[0]}")
            return 1
        except OutOfTime as error:
            say(f"stopped: {error} (--max-seconds {args.max_seconds:.0f})")
            result["stopped"] = str(error)
        except KeyboardInterrupt:
            say("interrupted: the server is stopped")
            result["stopped"] = "interrupted"
        finally:
            if args.schema and url is not None:
                drop_schema(args.database_url, args.schema)
    if args.json:
        print(json.dumps(result, indent=2))
    return 0


def run_all(
    base: str,
    url: str,
    home: Path,
    coaches: list[Person],
    seekers: list[Person],
    users: int,
    seconds: float,
    think: float,
    step: float,
    ramp: list[int],
    seed: int,
    marker: str,
    deadline: float,
) -> dict[str, Any]:
    """The measured run, the write check and the ramp, within ``deadline``."""

    def left() -> float:
        remaining = deadline - time.monotonic()
        if remaining <= 1:
            raise OutOfTime("out of time")
        return remaining

    async def bounded(coroutine: Any) -> Any:
        try:
            return await asyncio.wait_for(coroutine, timeout=left())
        except TimeoutError:
            raise OutOfTime("out of time") from None

    out: dict[str, Any] = {}
    people = cast(coaches, seekers, users)
    seen: set[int] = set()
    warmed = asyncio.run(bounded(warm(base, people, marker, seen)))
    say(
        f"\nfirst visit of {len(warmed)} accounts (8 at a time; cold caches): "
        f"p50 {quantile(warmed, 0.5) * 1000:.0f} ms, p95 {quantile(warmed, 0.95) * 1000:.0f} ms"
    )
    out["first_visit_p95_ms"] = round(quantile(warmed, 0.95) * 1000, 1)
    analyze(url)  # what autovacuum does on a server that has run a while: the caches the
    # first visits filled (empty a minute ago) get their statistics before the minute
    stats = asyncio.run(bounded(load(base, people, min(seconds, left() - 5), think, seed, marker)))
    found = summary(stats)
    report(found, users)
    out.update(found)
    check = check_writes(url, home, marker, stats)
    out["writes_made"], out["writes_found"] = check["made"], check["found"]
    out["writes_checked"] = check["ok"]
    say(
        f"\nwrites answered 201 and found in the database: {check['found']:,} of "
        f"{check['made']:,}  {'PASS' if check['ok'] else 'FAIL'}"
    )
    for kind, k in check["kinds"].items():
        say(
            f"  {kind:<8} {k['found']:>6} of {k['made']:<6} (and {k['extra']} written by "
            f"requests that failed or timed out)"
        )
    for text in check["missing"]:
        say(f"  missing: {text}")
    if not ramp:
        return out
    say(f"\nramp: {step:.0f} s a step, until p95 passes {TARGET_P95 * 1000:.0f} ms")
    steps, passed_at, last_under = [], None, None
    checked: list[dict[str, Any]] = []
    for n in ramp:
        if left() < step + 10:
            say("  (the deadline is near: the ramp stops here)")
            break
        crowd = cast(coaches, seekers, n)
        asyncio.run(bounded(warm(base, crowd, marker, seen)))  # the new accounts
        ramp_marker = f"{marker}-ramp{n}"  # each step's writes checked on their own
        stats = asyncio.run(bounded(load(base, crowd, step, think, seed + n, ramp_marker)))
        checked.append(check_writes(url, home, ramp_marker, stats))
        found = summary(stats)
        steps.append(
            {
                "users": n,
                **{k: found[k] for k in ("rps", "p50_ms", "p95_ms", "errors", "client_lag_p95_ms")},
            }
        )
        say(
            f"  {n:>5} users: {found['rps']:>7} req/s, p50 {found['p50_ms']:>7} ms, "
            f"p95 {found['p95_ms']:>8} ms, {found['errors']} errors, client lag p95 "
            f"{found['client_lag_p95_ms']} ms"
        )
        if found["p95_ms"] > TARGET_P95 * 1000:
            passed_at = n
            break
        last_under = n
    out["ramp"] = steps
    out["p95_passes_300ms_at"] = passed_at
    if passed_at:
        say(
            f"p95 passes {TARGET_P95 * 1000:.0f} ms at {passed_at} users "
            f"(last step under it: {last_under or 'none'})"
        )
    else:
        say(f"p95 stayed under {TARGET_P95 * 1000:.0f} ms up to {last_under} users")
    made, kept = sum(c["made"] for c in checked), sum(c["found"] for c in checked)
    ok = all(c["ok"] for c in checked)
    say(f"writes of the ramp found in the database: {kept:,} of {made:,}  "
        f"{'PASS' if ok else 'FAIL'}")  # fmt: skip
    for c in checked:
        for text in c["missing"]:
            say(f"  missing: {text}")
    out["ramp_writes_made"], out["ramp_writes_found"] = made, kept
    out["writes_checked"] = out["writes_checked"] and ok
    return out


if __name__ == "__main__":
    raise SystemExit(main())
