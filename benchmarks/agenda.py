"""How long the agenda takes for a large workspace, against reading its rows alone.

    .venv/bin/python benchmarks/agenda.py [--runs 5] [--contacts 10000] [--events 100000]

Builds a SQLite workspace with ``--contacts`` contacts in a dozen time zones (so a dozen
countries' holidays) and ``--events`` timeline events spread over the last four months
in realistic sequences (outreach, sometimes a follow-up, a reply, a scheduling e-mail, a
meeting, a thank-you, a report-back, keep-in-touch notes), a held conversation for every
meeting, some introductions and promises. Then times in this process, interleaved,
after a warm-up (medians of ``--runs``):

(a) the baseline: reading the rows the agenda needs with the store's own queries
    (contacts, timelines, conversations, proposals, promises, introductions, states);
(b) ``Workspace.agenda(days=7)``: the same reads, every contact's stage, business days
    on each contact's clock, the ten follow-up rules, and the sort.

It prints the medians and the ratio (b)/(a): target <= 2. This is a measurement, not a
test: it always exits 0 and prints ABOVE TARGET where the ratio misses.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from harness import empty_workspace

TARGET = 2.0
NOW = dt.datetime.fromisoformat("2026-11-27T09:00:00-05:00")
ZONES = [
    "America/New_York", "America/Chicago", "America/Los_Angeles", "Europe/London",
    "Europe/Berlin", "Europe/Paris", "Asia/Tokyo", "Asia/Kolkata", "Australia/Sydney",
    "Pacific/Auckland", "America/Sao_Paulo", "Africa/Lagos",
]  # fmt: skip
SEQUENCE = [
    "outreach", "follow-up", "reply", "scheduling-email", "meeting", "thank-you",
    "report-back", "keep-in-touch", "note", "keep-in-touch",
]  # fmt: skip


def build(home: Path, contacts: int, events: int, seed: int = 1815) -> object:
    """The workspace, filled in one transaction with bulk inserts; returns it open."""
    from sqlalchemy import insert

    from coffeechat.store import companies
    from coffeechat.store.schema import contact, conversation, event, introduction, promise

    workspace = empty_workspace(home, NOW)
    owner = workspace.owner_id
    rng = random.Random(seed)
    per_contact = max(1, events // contacts)
    utc_now = NOW.astimezone(dt.UTC)
    with workspace.writing() as conn:
        company_ids = [
            companies.insert_company(conn, owner, {"name": f"Company {i}"}, utc_now)
            for i in range(max(1, contacts // 10))
        ]
        rows = []
        for i in range(contacts):
            zone = rng.choice(ZONES)
            rows.append(
                {
                    "id": i + 1,
                    "owner_id": owner,
                    "name": f"Person {i}",
                    "company_id": rng.choice(company_ids),
                    "timezone": zone,
                    "country": None,
                    "work_hours": "Mon-Fri 09:00-17:00",
                    "created_at": utc_now - dt.timedelta(days=130),
                }
            )
        conn.execute(insert(contact), rows)
        timeline, talks, intros, promises = [], [], [], []
        for i in range(contacts):
            cid = i + 1
            at = utc_now - dt.timedelta(days=rng.randint(5, 120), hours=rng.randint(0, 23))
            steps = SEQUENCE[: rng.randint(1, len(SEQUENCE))]
            steps = (steps * (per_contact // len(steps) + 1))[:per_contact]
            for kind in steps:
                timeline.append(
                    {
                        "owner_id": owner,
                        "contact_id": cid,
                        "kind": kind,
                        "at": at,
                        "zone": "America/New_York",
                        "created_at": at,
                    }
                )
                if kind == "meeting":
                    talks.append(
                        {
                            "owner_id": owner,
                            "contact_id": cid,
                            "status": "held",
                            "start": at,
                            "end": at + dt.timedelta(minutes=30),
                            "zone": rows[i]["timezone"],
                            "reschedules": 0,
                            "uid": f"{cid}@bench",
                            "created_at": at,
                            "updated_at": at,
                            "skipped": "",
                        }
                    )
                at += dt.timedelta(days=rng.randint(1, 9), hours=rng.randint(0, 8))
            if i % 25 == 0 and i + 1 < contacts:
                intros.append(
                    {
                        "owner_id": owner,
                        "from_id": cid,
                        "to_id": cid + 1,
                        "status": "offered",
                        "created_at": at,
                        "updated_at": at,
                    }
                )
        conn.execute(insert(event), timeline)
        conn.execute(insert(conversation), talks)
        ids = [r[0] for r in conn.exec_driver_sql("SELECT id, contact_id FROM conversation")]
        owners = dict(conn.exec_driver_sql("SELECT id, contact_id FROM conversation").all())
        for n, conversation_id in enumerate(ids[::10]):
            promises.append(
                {
                    "owner_id": owner,
                    "conversation_id": conversation_id,
                    "contact_id": owners[conversation_id],
                    "by": "me",
                    "text": "Send the article",
                    "due": (NOW + dt.timedelta(days=n % 20 - 10)).date(),
                    "created_at": utc_now,
                }
            )
        if intros:
            conn.execute(insert(introduction), intros)
        if promises:
            conn.execute(insert(promise), promises)
    return workspace


def read_rows(workspace: object) -> int:
    """The baseline: the rows the agenda reads, with the store's queries."""
    from coffeechat.store import contacts, conversations, events, followups, scheduling

    ws = workspace
    with ws.reading() as conn:  # type: ignore[attr-defined]
        owner = ws.owner_id  # type: ignore[attr-defined]
        people = contacts.list_contacts(conn, owner)
        timelines = events.events_by_contact(conn, owner)
        talks = scheduling.conversations_by_contact(conn, owner)
        offered = scheduling.open_proposals(conn, owner)
        promised = conversations.all_promises(conn, owner)
        intros = conversations.introductions(conn, owner)
        states = followups.states(conn, owner)
    return (
        len(people)
        + sum(map(len, timelines.values()))
        + len(talks)
        + len(offered)
        + len(promised)
        + len(intros)
        + len(states)
    )


def agenda(workspace: object) -> int:
    """What is measured: the agenda for the next seven days."""
    return len(workspace.agenda(7).items)  # type: ignore[attr-defined]


def timed(f: Callable[[], int]) -> float:
    start = time.perf_counter()
    f()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--events", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        workspace = build(Path(folder), args.contacts, args.events)
        print(
            f"built {args.contacts:,} contacts and {args.events:,} events "
            f"in {time.perf_counter() - started:.1f} s"
        )
        rows = read_rows(workspace)
        items = agenda(workspace)  # warm-up: holidays per country are loaded once
        print(f"rows read: {rows:,}; agenda items: {items:,}")
        base, measured = [], []
        for _ in range(args.runs):
            base.append(timed(lambda: read_rows(workspace)))
            measured.append(timed(lambda: agenda(workspace)))
        workspace.close()  # type: ignore[attr-defined]
    a, b = statistics.median(base), statistics.median(measured)
    ratio = b / a
    print(f"(a) reading the rows        {a * 1000:8.0f} ms (median of {args.runs})")
    print(f"(b) agenda(days=7)          {b * 1000:8.0f} ms")
    verdict = "ok" if ratio <= TARGET else "ABOVE TARGET"
    print(f"ratio (b)/(a) = {ratio:.2f}  target <= {TARGET}  {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
