"""Cost follows the question: one contact, `status` and the lists at 1k, 10k and 100k.

    .venv/bin/python benchmarks/scale.py [--runs 3] [--sizes 1000,10000,100000]
                                         [--cache DIR] [--skip-rss] [--only status,...]

Builds (once, cached under ``--cache``, default a folder in the system's temp dir) three
SQLite workspaces of 1,000, 10,000 and 100,000 contacts with 2-3 timeline events each
(outreach, sometimes a reply or a follow-up, a meeting for some) and an e-mail each; in
every workspace one company holds a fifth of the contacts (20,000 of the 100k), the
others about twenty each. Then runs the real CLI, each command a fresh process
(`COFFEECHAT_HOME` pointing at the workspace, `COFFEECHAT_NOW` fixed), interleaved,
medians of ``--runs``, and prints the ratios of the issue (12, "Done when"):

| ratio | target |
|---|---|
| `contact show ID` of a contact at the big company, 100k / 1k | <= 1.5 |
| `status`, 100k / 1k | <= 2 |
| `agenda --json`, `contact list --json`, `export json`, 100k / 10k | <= 11 (linear) |
| peak RSS of `export json` and `contact list --json` at 100k | <= 250 MiB each |

Peak RSS is the child's VmHWM, read from /proc as it exits (not ``ru_maxrss``, which
also counts the parent's memory copied by fork). This is a measurement, not a
test: it always exits 0 and prints ABOVE TARGET where a number misses.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import tempfile
import time
from pathlib import Path

from harness import empty_workspace, run_cli

NOW = "2026-11-27T09:00:00-05:00"
#: Bump when the data set changes, so an old cache is rebuilt.
VERSION = 2
FIRST = ["Ada", "Grace", "Alan", "Barbara", "Edsger", "Frances", "Donald", "Radia", "Ken"]
LAST = ["Lovelace", "Hopper", "Turing", "Liskov", "Dijkstra", "Allen", "Knuth", "Perlman"]
ZONES = ["America/New_York", "Europe/London", "Europe/Berlin", "Asia/Tokyo", None]
#: Timelines of 2-3 events: (kinds, days between them).
TIMELINES = [
    ("outreach", "reply"),
    ("outreach", "follow-up"),
    ("outreach", "reply", "meeting"),
    ("outreach", "reply", "scheduling-email"),
    ("outreach", "follow-up", "reply"),
    ("note", "outreach"),
]


def build(home: Path, contacts: int, seed: int = 1912) -> None:
    """A workspace of ``contacts`` contacts, written with bulk inserts in one transaction."""
    from sqlalchemy import insert

    from coffeechat.config import parse_now
    from coffeechat.store.schema import company, contact, contact_email, event

    now = parse_now(NOW)
    workspace = empty_workspace(home, now)
    owner = workspace.owner_id
    rng = random.Random(seed)
    utc_now = now.astimezone(dt.UTC)
    big = contacts // 5
    small = max(1, (contacts - big) // 20)
    with workspace.writing() as conn:
        conn.execute(
            insert(company),
            [
                {
                    "id": i + 1,
                    "owner_id": owner,
                    "name": "Globex" if i == 0 else f"Company {i}",
                    "name_key": "globex" if i == 0 else f"company {i}",
                    "created_at": utc_now,
                }
                for i in range(small + 1)
            ],
        )
        people, emails, timeline = [], [], []
        for i in range(contacts):
            cid = i + 1
            # the big company's people are spread over the ids, as an import leaves them
            employer = 1 if i % 5 == 2 else 2 + rng.randrange(small)
            people.append(
                {
                    "id": cid,
                    "owner_id": owner,
                    "name": f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}",
                    "company_id": employer,
                    "title": "Engineer",
                    "timezone": rng.choice(ZONES),
                    "work_hours": "Mon-Fri 09:00-17:00",
                    "created_at": utc_now - dt.timedelta(days=200),
                }
            )
            emails.append(
                {
                    "owner_id": owner,
                    "contact_id": cid,
                    "email": f"p{cid}@example.com",
                    "position": 0,
                }
            )
            at = utc_now - dt.timedelta(days=rng.randint(3, 150), hours=rng.randint(0, 23))
            for kind in rng.choice(TIMELINES):
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
                at += dt.timedelta(days=rng.randint(1, 6), hours=rng.randint(0, 8))
        conn.execute(insert(contact), people)
        conn.execute(insert(contact_email), emails)
        conn.execute(insert(event), timeline)
    workspace.close()


def workspace_for(cache: Path, contacts: int) -> Path:
    """The cached workspace of that size, built when missing."""
    home = cache / f"v{VERSION}-{contacts}"
    done = home / "built"
    if not done.exists():
        if home.exists():
            for child in home.iterdir():
                child.unlink()
        home.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        build(home, contacts)
        done.write_text("ok\n")
        print(f"built {contacts:,} contacts in {time.perf_counter() - started:.1f} s", flush=True)
    return home


def big_company_contact(contacts: int) -> int:
    """The id of a contact at the big company, halfway through the ids."""
    i = contacts // 2
    return i - i % 5 + 3  # i % 5 == 2 (0-based) works at the big company


def run(home: Path, args: list[str]) -> tuple[float, int]:
    """One fresh CLI process: its wall time (s) and peak RSS (KiB); output discarded."""
    done = run_cli(args, {"COFFEECHAT_HOME": str(home), "COFFEECHAT_NOW": NOW})
    if done.returncode != 0:
        print(f"  ! coffeechat {' '.join(args)} exited {done.returncode}: {done.stderr[-300:]}")
    return done.seconds, done.peak_kib


def measure(
    homes: dict[int, Path], commands: dict[str, list[str]], sizes: list[int], runs: int
) -> dict[tuple[str, int], tuple[float, int]]:
    """Median time and peak RSS of each command at each size, interleaved."""
    times: dict[tuple[str, int], list[float]] = {}
    peaks: dict[tuple[str, int], int] = {}
    for n in range(runs + 1):  # the first round warms the caches up and is not counted
        for name, template in commands.items():
            for size in sizes:
                args = [str(big_company_contact(size)) if a == "{contact}" else a for a in template]
                elapsed, peak = run(homes[size], args)
                if n:
                    times.setdefault((name, size), []).append(elapsed)
                    peaks[(name, size)] = max(peaks.get((name, size), 0), peak)
    return {key: (statistics.median(v), peaks[key]) for key, v in times.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--cache", default=str(Path(tempfile.gettempdir()) / "coffeechat-scale"))
    parser.add_argument("--only", help="measure only these commands (comma-separated names)")
    args = parser.parse_args()
    only = set(args.only.split(",")) if args.only else None
    sizes = [int(s) for s in args.sizes.split(",")]
    small, middle, large = sizes[0], sizes[len(sizes) // 2], sizes[-1]
    cache = Path(args.cache)
    homes = {size: workspace_for(cache, size) for size in sizes}
    one = {
        "contact show": ["contact", "show", "{contact}"],
        "status": ["status"],
    }
    lists = {
        "agenda --json": ["agenda", "--json"],
        "contact list --json": ["contact", "list", "--json"],
        "export json": ["export", "json"],
    }
    if only is not None:
        one = {k: v for k, v in one.items() if k in only}
        lists = {k: v for k, v in lists.items() if k in only}
    results = measure(homes, one, [small, large], args.runs)
    results |= measure(homes, lists, [middle, large], args.runs)
    print(f"\nmedians of {args.runs} runs, each a fresh process (s); peak RSS (MiB)")
    for (name, size), (seconds, peak) in sorted(results.items()):
        print(f"  {name:22} {size:>8,}  {seconds:7.2f} s  {peak / 1024:7.0f} MiB")
    print()
    rows = [
        ("contact show (big company)", "contact show", large, small, 1.5),
        ("status", "status", large, small, 2.0),
        *[(name, name, large, middle, 11.0) for name in lists],
    ]
    for label, name, top, base, target in rows:
        if (name, top) not in results:
            continue
        ratio = results[(name, top)][0] / results[(name, base)][0]
        verdict = "ok" if ratio <= target else "ABOVE TARGET"
        print(
            f"  {label:27} {top:>7,} / {base:<7,} = {ratio:6.2f}  target <= {target:<4}  {verdict}"
        )
    for name in ("export json", "contact list --json"):
        if (name, large) not in results:
            continue
        mib = results[(name, large)][1] / 1024
        verdict = "ok" if mib <= 250 else "ABOVE TARGET"
        print(f"  peak RSS {name:18} {large:>7,}       {mib:6.0f} MiB  target <= 250  {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
