"""A backup of a large workspace restores, exactly, with memory that does not grow.

    .venv/bin/python benchmarks/roundtrip.py [--contacts 100000] [--small 10000] [--keep DIR]

Builds a SQLite workspace of ``--contacts`` contacts (2-3 timeline entries each with a
note, one or two e-mails, tags, a company out of one per ten contacts, a note of a few
sentences), then, each command a fresh process whose peak memory (``ru_maxrss``) is read
from /proc (VmHWM):

1. ``coffeechat export json -o backup.json``;
2. ``coffeechat contact list --json`` (to /dev/null);
3. ``coffeechat init`` in a new folder and ``coffeechat import json backup.json``;
4. ``coffeechat export json -o again.json`` there;

and checks that the two documents are the same but for ``exported_at`` (byte for byte
after that line). The same runs on a ``--small`` workspace first, so the peaks can be
compared: they should be about the same (target for 100k: <= 250 MiB each for the two
exports and the list). A measurement, not a test: it always exits 0 and prints MISSED
where a target is not met.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

from harness import empty_workspace, run_cli

ROOT = Path(__file__).resolve().parent.parent
NOW = "2026-11-27T09:00:00-05:00"
TARGET_MIB = 250
FIRST = ["Ada", "Grace", "Priya", "Chen", "Amara", "Mateo", "Sofía", "Yuki", "Olu", "Zoë"]
LAST = ["Lovelace", "Hopper", "Natarajan", "Wei", "Okafor", "García", "Tanaka", "Müller"]
ZONES = ["America/New_York", "Europe/Berlin", "Asia/Tokyo", "America/Los_Angeles"]
KINDS = ["outreach", "reply", "scheduling-email", "meeting", "thank-you"]
WORDS = [
    "met", "at", "the", "data", "meetup,", "works", "on", "search", "ranking,", "happy", "to",
    "talk", "about", "the", "move", "from", "consulting", "into", "product", "teams,",
    "suggested", "reading", "the", "team's", "engineering", "blog", "first",
]  # fmt: skip


def build(home: Path, contacts: int, seed: int = 1815) -> str:
    """A workspace of ``contacts`` contacts at ``home``, filled in one transaction with bulk
    inserts (seconds for 100,000); returns its database URL."""
    from sqlalchemy import insert

    from coffeechat.store import exchange
    from coffeechat.store.schema import contact, contact_email, contact_tag, event

    now = dt.datetime.fromisoformat(NOW)
    utc = now.astimezone(dt.UTC)
    home.mkdir(parents=True, exist_ok=True)
    workspace = empty_workspace(home, now)
    owner = workspace.owner_id
    rng = random.Random(seed)
    with workspace.writing() as conn:
        companies = [
            {"id": n + 1, "name": f"Company {n}", "created_at": utc}
            for n in range(max(1, contacts // 10))
        ]
        exchange.insert_rows(conn, owner, "company", companies)
        people, emails, tags, timeline = [], [], [], []
        for n in range(contacts):
            cid = n + 1
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {n}"
            people.append(
                {
                    "id": cid,
                    "owner_id": owner,
                    "name": name,
                    "company_id": rng.randint(1, len(companies)),
                    "title": "Senior Engineer",
                    "seniority": rng.choice(["mid", "senior", None]),
                    "city": "Berlin",
                    "timezone": rng.choice(ZONES),
                    "work_hours": "Mon-Fri 09:00-17:00",
                    "how_met": rng.choice(["event", "online", None]),
                    "note": " ".join(rng.sample(WORDS, 18)),
                    "introduced_by_id": cid - 1 if n % 50 == 1 else None,
                    "created_at": utc - dt.timedelta(days=60),
                }
            )
            emails.append({"owner_id": owner, "contact_id": cid, "email": f"p{n}@example.com",
                           "position": 0})  # fmt: skip
            if n % 3 == 0:
                emails.append({"owner_id": owner, "contact_id": cid,
                               "email": f"p{n}@work.example", "position": 1})  # fmt: skip
            for tag in rng.sample(["python", "data", "design", "mentor"], rng.randint(1, 2)):
                tags.append({"owner_id": owner, "contact_id": cid, "tag": tag})
            at = utc - dt.timedelta(days=40)
            for kind in KINDS[: rng.randint(2, 3)]:
                at += dt.timedelta(days=rng.randint(1, 5), minutes=rng.randint(0, 600))
                timeline.append(
                    {
                        "owner_id": owner,
                        "contact_id": cid,
                        "kind": kind,
                        "at": at,
                        "zone": "America/New_York",
                        "note": " ".join(rng.sample(WORDS, 8)),
                        "created_at": at,
                    }
                )
        for table, rows in ((contact, people), (contact_email, emails), (contact_tag, tags),
                            (event, timeline)):  # fmt: skip
            for start in range(0, len(rows), 20_000):
                conn.execute(insert(table), rows[start : start + 20_000])
    workspace.close()
    return str(workspace.settings.database_url)


def run(args: list[str], home: Path, stdout: Path | None = None) -> tuple[float, float]:
    """Run ``coffeechat --home HOME ARGS`` in a fresh process: (seconds, peak MiB)."""
    done = run_cli(["--home", str(home), *args], {"COFFEECHAT_NOW": NOW}, stdout)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed: {done.stderr[-2000:]}")
    return done.seconds, done.peak_kib / 1024


def without_time(data: bytes) -> bytes:
    """The document without its ``exported_at`` line (the one that may differ)."""
    return b"\n".join(line for line in data.split(b"\n") if not line.startswith(b'  "exported_at"'))


def measure(folder: Path, contacts: int) -> dict[str, tuple[float, float]]:
    """Build, export, list, restore, export again; check the round trip; the numbers."""
    source, target = folder / f"source-{contacts}", folder / f"target-{contacts}"
    start = time.perf_counter()
    build(source, contacts)
    print(f"{contacts:>7} contacts built in {time.perf_counter() - start:.1f} s", flush=True)
    backup, again = folder / f"backup-{contacts}.json", folder / f"again-{contacts}.json"
    out = {
        "export json": run(["export", "json", "-o", str(backup)], source),
        "contact list --json": run(["contact", "list", "--json"], source),
    }
    run(["init", "--name", "Placeholder"], target)
    out["import json"] = run(["import", "json", str(backup)], target)
    out["export json (restored)"] = run(["export", "json", "-o", str(again)], target)
    first, second = backup.read_bytes(), again.read_bytes()
    same = without_time(first) == without_time(second)
    print(
        f"{contacts:>7} contacts: backup {len(first) / 1e6:,.1f} MB; round trip "
        f"{'IDENTICAL' if same else 'DIFFERENT'} (all but exported_at, byte for byte)",
        flush=True,
    )
    for name, (seconds, peak) in out.items():
        print(f"{'':>9}{name:<24} {seconds:7.1f} s  peak {peak:6.0f} MiB", flush=True)
    if not same:
        out["DIFFERENT"] = (0.0, 0.0)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    options = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    with tempfile.TemporaryDirectory() as temporary:
        folder = options.keep or Path(temporary)
        small = measure(folder, options.small)
        large = measure(folder, options.contacts)
    print(f"\nat {options.contacts:,} / at {options.small:,} contacts:")
    for name in small:
        (t_small, m_small), (t_large, m_large) = small[name], large[name]
        ratio = t_large / t_small if t_small else float("nan")
        mark = ""
        if name != "import json" and m_large > TARGET_MIB:
            mark = f"  MISSED (target <= {TARGET_MIB} MiB)"
        print(f"  {name:<24} time x{ratio:5.1f}   peak {m_small:5.0f} -> {m_large:5.0f} MiB{mark}")
    if "DIFFERENT" in large or "DIFFERENT" in small:
        print("  round trip: MISSED (the documents differ)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
