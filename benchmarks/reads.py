"""The reads every page makes: ``store/prepared.py`` against SQLAlchemy's execution layer.

    .venv/bin/python benchmarks/reads.py [--database-url URL] [--runs 2000]

Makes a workspace of 50 contacts (two e-mails, a tag, three timeline events, a
conversation, a promise and an offer of an introduction each) on SQLite in a temporary
folder, or with ``--database-url`` (default ``$COFFEECHAT_BENCH_DATABASE_URL``) on
PostgreSQL, in a database of its own that is dropped and made again (its name must
contain ``bench`` or ``load``: nothing else is ever dropped). Then, for each statement a
page of the team server runs through ``prepared.rows`` (the session, the settings, a page
of contacts with their e-mails, tags, timelines, conversations, open proposals,
promises, offers and follow-up states), it runs it ``--runs`` times with
``conn.execute(statement, values).all()`` (the baseline: the same statement, built once,
through SQLAlchemy's execution layer) and with ``prepared.rows`` (straight on the
driver), on one connection, and prints the processor time per run of each (this
process's, the client side: what a worker of the server spends) and their ratio
(target <= 0.7 on PostgreSQL: the layer is what the change removes; the database's own
time is in both. On SQLite a list of ids is an ``IN (...)`` whose SQL changes with the
list, so those reads take ``conn.execute`` there, and only the one-row reads gain).

A measurement, not a test: always exits 0, marks ABOVE TARGET where the ratio misses.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from harness import ROOT

sys.path.insert(0, str(ROOT / "src"))

NOW = dt.datetime(2026, 11, 27, 15, 0, tzinfo=dt.UTC)
TARGET = 0.7


def workspace_at(url: str | None, home: Path) -> Any:
    """A workspace of 50 contacts with something in every part of their pages."""
    from coffeechat.config import Clock, Settings
    from coffeechat.service import Workspace

    if url is None:
        url = f"sqlite:///{home / 'coffeechat.db'}"
    else:
        from team_load import fresh_database

        fresh_database(url, None)
    settings = Settings(home=home, database_url=url, clock=Clock(NOW))
    workspace = Workspace.create(
        settings, name="Sam Rivera", timezone="America/New_York", availability="Mon-Fri 08:00-20:00"
    )
    for n in range(50):
        c = workspace.add_contact(
            name=f"Person {n:02d}",
            company=f"Company {n % 7}",
            email=f"p{n}@example.org, p{n}@work.example",
            tags="data" if n % 2 else "design",
        )
        ref = str(c.id)
        workspace.log(ref, "outreach", at="2026-11-02T10:00")
        workspace.log(ref, "reply", at="2026-11-04T10:00")
        workspace.log(ref, "meeting", at="2026-11-10T12:30")
        workspace.add_promise(ref, "me", "Send the case study", due="2026-11-30")
        workspace.add_introduction(ref, f"Friend {n:02d}", company="Orbis")
    return workspace


def statements(
    dialect: str, owner_id: int, ids: list[int], digest: str
) -> list[tuple[str, Any, dict[str, Any]]]:
    """(name, statement, values) of the reads a page runs through ``prepared.rows``."""
    from coffeechat.store import accounts, contacts, events, prepared, scheduling, users
    from coffeechat.store.schema import followup_state, introduction, promise

    some = {"owner_id": owner_id, "ids": ids}
    by_contact = {"owner_id": owner_id, "contact_id": ids}
    return [
        ("session", accounts._SESSION_ACCOUNT, {"digest": digest, "now": NOW}),
        ("settings", users._SETTINGS, {"owner_id": owner_id}),
        ("contacts", contacts._contacts_by(dialect, True), some),
        ("e-mails", contacts._details_of(dialect, "email"), some),
        ("tags", contacts._details_of(dialect, "tag"), some),
        ("timelines", events._timeline_of(dialect, many=True), by_contact),
        ("conversations", scheduling._conversations_of(dialect, many=True), by_contact),
        ("proposals", scheduling._open_of(dialect, many=True), {**by_contact, "status": "open"}),
        (
            "promises",
            prepared.owned(dialect, promise, ("id",), ("contact_id", True)),
            {"owner_id": owner_id, "contact_id": ids},
        ),
        (
            "offers",
            prepared.owned(dialect, introduction, ("id",), ("from_id", True)),
            {"owner_id": owner_id, "from_id": ids},
        ),
        (
            "states",
            prepared.owned(dialect, followup_state, ("id",), ("contact_id", True)),
            {"owner_id": owner_id, "contact_id": ids},
        ),
    ]


def per_run(f: Any, runs: int) -> float:
    """Processor time of one call of ``f``, in microseconds (after a warm-up)."""
    for _ in range(min(50, runs)):
        f()
    started = time.process_time()
    for _ in range(runs):
        f()
    return (time.process_time() - started) / runs * 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("COFFEECHAT_BENCH_DATABASE_URL"))
    parser.add_argument("--runs", type=int, default=2000)
    args = parser.parse_args()
    from coffeechat.store import prepared

    with tempfile.TemporaryDirectory() as home:
        workspace = workspace_at(args.database_url, Path(home))
        try:
            ids = [c.id for c in workspace.list_contacts()][:25]
            with workspace.reading() as conn:
                dialect = conn.dialect.name
                print(f"{dialect}, {args.runs} runs of each, a page of {len(ids)} contacts")
                print(f"{'read':14} {'conn.execute':>13} {'prepared.rows':>14} {'ratio':>6}")
                total_slow = total_fast = 0.0
                for name, statement, values in statements(dialect, workspace.owner_id, ids, "x"):
                    slow = per_run(
                        lambda s=statement, v=values: conn.execute(s, v).all(), args.runs
                    )
                    fast = per_run(
                        lambda s=statement, v=values: prepared.rows(conn, s, v), args.runs
                    )
                    total_slow, total_fast = total_slow + slow, total_fast + fast
                    print(f"{name:14} {slow:10.0f} us {fast:11.0f} us {fast / slow:6.2f}")
                ratio = total_fast / total_slow
                mark = "" if ratio <= TARGET else "  ABOVE TARGET"
                if dialect == "sqlite":  # an IN list's SQL changes with it: conn.execute
                    mark = (
                        "  (SQLite: the lists of ids take conn.execute; the target is PostgreSQL's)"
                    )
                print(
                    f"{'all':14} {total_slow:10.0f} us {total_fast:11.0f} us {ratio:6.2f}"
                    f"  (target <= {TARGET}){mark}"
                )
        finally:
            workspace.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
