"""How fast the CLI starts and lists 1,000 contacts, against baselines run in the same go.

    .venv/bin/python benchmarks/cli_startup.py [--runs 15] [--contacts 1000]

Two ratios (medians of repeated runs, each command a fresh process):

1. ``coffeechat --help`` / ``python -c pass``: the price of starting the CLI at all
   (target <= 5: heavy imports must stay out of commands that do not need them).
2. ``coffeechat contact list --json`` / a script that imports the same database layer
   (``coffeechat.store.database``, ``.contacts``, ``.events``), runs the same queries for
   the first owner and prints them as JSON (target <= 1.3: what the CLI adds on top of
   the database work, i.e. click, the service, stage derivation and formatting, stays
   small).

This is a measurement, not a test: it always exits 0 and prints ABOVE TARGET where a
ratio misses. It never touches your own workspace (COFFEECHAT_HOME points at a
temporary folder).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NOW = "2026-11-27T09:00:00-05:00"

#: The baseline for ``contact list --json``: the database layer alone, same queries.
BASELINE_LIST = """
import json, sys
from coffeechat.store import contacts, database, events, scheduling, users
engine = database.open_engine(sys.argv[1])
with engine.connect() as conn:
    owner = users.first_owner_id(conn)
    people = contacts.list_contacts(conn, owner)
    timelines = events.events_by_contact(conn, owner)
    # a contact's stage also depends on its scheduled conversations
    planned = scheduling.conversations_by_contact(conn, owner)
print(json.dumps({"contacts": [
    {"id": c.id, "name": c.name, "emails": c.emails, "company": c.company, "title": c.title,
     "seniority": c.seniority, "timezone": c.timezone, "country": c.country,
     "work_hours": c.work_hours, "how_met": c.how_met, "tags": c.tags,
     "events": len(timelines.get(c.id, [])), "planned": len(planned.get(c.id, []))}
    for c in people
]}, indent=2, ensure_ascii=False, default=str))
"""

FIRST = ["Ada", "Grace", "Alan", "Barbara", "Edsger", "Frances", "Donald", "Radia", "Ken"]
LAST = ["Lovelace", "Hopper", "Turing", "Liskov", "Dijkstra", "Allen", "Knuth", "Perlman"]
ZONES = ["America/New_York", "Europe/London", "Europe/Berlin", "Asia/Tokyo", None]
KINDS = ["outreach", "reply", "scheduling-email", "meeting", "thank-you", "note"]


def build_workspace(home: Path, count: int) -> str:
    """A workspace with ``count`` contacts, companies and timelines; returns its URL."""
    from sqlalchemy import insert

    from coffeechat.config import Clock, Settings
    from coffeechat.core.model import EventKind
    from coffeechat.service import Workspace
    from coffeechat.store import companies, contacts, events
    from coffeechat.store.schema import search_doc

    now = dt.datetime.fromisoformat(NOW)
    settings = Settings(
        home=home, database_url=f"sqlite:///{home / 'coffeechat.db'}", clock=Clock(now)
    )
    workspace = Workspace.create(
        settings,
        name="Sam Rivera",
        email="sam@example.com",
        timezone="America/New_York",
        availability="Mon-Fri 08:00-20:00",
    )
    rng = random.Random(1815)
    owner = workspace.owner_id
    docs = []
    with workspace.writing() as conn:  # one transaction, store functions: seconds, not minutes
        company_ids = [
            companies.insert_company(conn, owner, {"name": f"Company {i}"}, now)
            for i in range(max(1, count // 20))
        ]
        for i in range(count):
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}"
            zone = rng.choice(ZONES)
            cid = contacts.insert_contact(
                conn,
                owner,
                {
                    "name": name,
                    "company_id": rng.choice(company_ids),
                    "title": "Engineer",
                    "seniority": rng.choice(["entry", "mid", "senior", None]),
                    "timezone": zone,
                    "work_hours": "Mon-Fri 09:00-17:00",
                    "how_met": rng.choice(["event", "online", None]),
                    "note": f"Met {name} at a meetup",
                },
                [f"person{i}@example.com"] + ([f"p{i}@work.example"] if i % 3 == 0 else []),
                rng.sample(["python", "rust", "data", "design", "mentor"], rng.randint(0, 3)),
                now,
            )
            docs.append({"owner_id": owner, "kind": "contact", "ref_id": cid, "title": name})
            at = now - dt.timedelta(days=40)
            for kind in KINDS[: rng.randint(0, len(KINDS))]:
                at += dt.timedelta(days=rng.randint(1, 5))
                events.add_event(
                    conn, owner, cid, EventKind(kind), at, "America/New_York", now, note=None
                )
        # the search index, in bulk (contact list never reads it; it makes the file real)
        conn.execute(insert(search_doc), [{**d, "body": d["title"]} for d in docs])
    workspace.close()
    return settings.database_url


def time_runs(commands: dict[str, list[str]], env: dict[str, str], runs: int) -> dict:
    """Wall-clock seconds of each command, ``runs`` times, interleaved to share the noise."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for argv in commands.values():  # warm the page cache and .pyc files
        for _ in range(2):
            subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, check=False)
    for _ in range(runs):
        for name, argv in commands.items():
            start = time.perf_counter()
            subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, check=False)
            times[name].append(time.perf_counter() - start)
    return times


def check_outputs(commands: dict[str, list[str]], env: dict[str, str], count: int) -> list[str]:
    """Run each command once for real; return problems (a failed command, a short list)."""
    problems = []
    for name, argv in commands.items():
        done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            problems.append(f"{name}: exit {done.returncode}: {done.stderr.strip()[-300:]}")
        elif name in ("contact list --json", "baseline list"):
            listed = len(json.loads(done.stdout)["contacts"])
            if listed != count:
                problems.append(f"{name}: listed {listed} contacts, expected {count}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs per command")
    parser.add_argument("--contacts", type=int, default=1000, help="contacts in the workspace")
    args = parser.parse_args()

    python = sys.executable
    coffeechat = str(Path(python).with_name("coffeechat"))
    with tempfile.TemporaryDirectory(prefix="coffeechat-bench-") as tmp:
        home = Path(tmp)
        built = time.perf_counter()
        url = build_workspace(home, args.contacts)
        built = time.perf_counter() - built
        env = {k: v for k, v in os.environ.items() if not k.startswith("COFFEECHAT_")}
        env.update(COFFEECHAT_HOME=str(home), COFFEECHAT_NOW=NOW)
        commands = {
            "python -c pass": [python, "-c", "pass"],
            "coffeechat --help": [coffeechat, "--help"],
            "baseline list": [python, "-c", BASELINE_LIST, url],
            "contact list --json": [coffeechat, "contact", "list", "--json"],
        }
        print(f"workspace: {args.contacts} contacts, built in {built:.1f} s; {args.runs} runs each")
        problems = check_outputs(commands, env, args.contacts)
        for problem in problems:
            print(f"ERROR {problem}")
        times = time_runs(commands, env, args.runs)

    median = {name: statistics.median(t) for name, t in times.items()}
    best = {name: min(t) for name, t in times.items()}
    print()
    print(f"{'command':<22}{'median ms':>11}{'min ms':>9}")
    for name in commands:
        print(f"{name:<22}{median[name] * 1000:>11.1f}{best[name] * 1000:>9.1f}")
    print()
    print(f"{'ratio':<44}{'median':>8}{'min':>7}{'target':>8}")
    for label, cmd, base, target in [
        ("coffeechat --help / python -c pass", "coffeechat --help", "python -c pass", 5.0),
        ("contact list --json / baseline list", "contact list --json", "baseline list", 1.3),
    ]:
        ratio = median[cmd] / median[base]
        ratio_min = best[cmd] / best[base]
        verdict = "ok" if ratio <= target else "ABOVE TARGET"
        print(f"{label:<44}{ratio:>8.2f}{ratio_min:>7.2f}{'<= ' + str(target):>8}  {verdict}")
    if problems:
        print("\nERROR: some commands failed; the numbers above do not mean much")
    return 0


if __name__ == "__main__":
    sys.exit(main())
