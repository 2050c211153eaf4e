"""How long importing a LinkedIn export takes, against the csv module and one executemany.

    .venv/bin/python benchmarks/import.py [--runs 3] [--rows 30000]

Writes a LinkedIn "Connections" export of ``--rows`` rows as LinkedIn makes it (a BOM,
notes before the header, quoted commas, empty e-mails on one row in four, non-ASCII
names, 1,500 companies), then times in this process, interleaved (medians of ``--runs``):

(a) the baseline: reading the file with the ``csv`` module (after the notes) and
    inserting the rows with one ``executemany`` into a bare SQLite table with the same
    seven text columns, committed;
(b) ``coffeechat import linkedin`` as the CLI runs it, into an empty workspace made
    beforehand (``coffeechat init``; put back before each run, untimed): opening the
    workspace, the reader (header search, checks, dates), duplicate matching,
    companies, contacts, e-mails, the search index, the automatic backup, one
    transaction, closing;
(c) the floor: the same rows read with ``csv`` and written to the same tables as (b)
    writes them (WAL, foreign keys, the FTS5 trigger), with no checks, no matching, no
    backup and no SQLAlchemy: what any import into this schema costs at least.

It prints the medians, the ratio (b)/(a) against the target (<= 3), and (c)/(a) and
(b)/(c), which say how much of (b) the schema's own writes take. The cyclic garbage
collector is paused for all three, as the import pauses it for itself. This is a
measurement, not a test: it always exits 0 and prints ABOVE TARGET where the ratio
misses.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
import shutil
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from coffeechat.bulk import gc_paused

TARGET = 3.0
FIRST = ["Ada", "Zoë", "José", "Grace", "Alan", "Priya", "Li", "Amara", "Tomás", "Ngozi"]
LAST = ["Lovelace", "Chen", "García", "Hopper", "Turing", "Natarajan", "Wei", "Okafor"]


def export(rows: int, seed: int = 1815) -> bytes:
    """A Connections.csv as LinkedIn writes it."""
    rng = random.Random(seed)
    out = io.StringIO()
    out.write("\ufeffNotes:\r\n")
    out.write('"When exporting your connection data, you may notice that some of the email ')
    out.write("addresses are missing. You will only see email addresses for connections who ")
    out.write('have allowed their connections to see or download their email address."\r\n\r\n')
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
    )
    for i in range(rows):
        first, last = rng.choice(FIRST), f"{rng.choice(LAST)}{i}"
        day = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randint(0, 2500))
        writer.writerow(
            [
                first,
                last,
                f"https://www.linkedin.com/in/{first.lower()}-{last.lower()}-{i}",
                "" if i % 4 == 0 else f"person{i}@example.com",
                f"Company {rng.randint(1, 1500)}, Inc.",
                "Senior Engineer, Platform",
                day.strftime("%d %b %Y"),
            ]
        )
    return out.getvalue().encode()


def baseline(path: Path, db: Path) -> int:
    """csv reading plus one executemany into a bare table."""
    db.unlink(missing_ok=True)
    text = path.read_text(encoding="utf-8-sig")
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("First Name"))
    reader = csv.reader(lines[start + 1 :])
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE c (first, last, url, email, company, position, connected)")
    with conn:
        conn.executemany("INSERT INTO c VALUES (?, ?, ?, ?, ?, ?, ?)", reader)
    count = int(conn.execute("SELECT count(*) FROM c").fetchone()[0])
    conn.close()
    return count


def floor(path: Path, home: Path, search: bool = True, journal: str = "WAL") -> int:
    """What any import into the workspace's tables costs at least: the rows read with
    the csv module and written as (b) writes them (companies, contacts, e-mails, search
    documents through the FTS5 trigger in one statement, one transaction), with no checks,
    no duplicate matching, no backup and no SQLAlchemy. ``search=False`` leaves the search
    index out and ``journal="DELETE"`` writes without the WAL (``--floors``: how much of
    the floor each takes; the workspace itself does neither)."""
    text = path.read_text(encoding="utf-8-sig")
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("First Name"))
    conn = sqlite3.connect(home / "coffeechat.db", isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA journal_mode = {journal}")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("BEGIN IMMEDIATE")
    owner = conn.execute("SELECT min(id) FROM user").fetchone()[0]
    rows = list(csv.reader(lines[start + 1 :]))
    names = sorted({r[4] for r in rows})
    conn.executemany(
        f"INSERT INTO company (owner_id, name, name_key, created_at) "  # noqa: S608
        f"VALUES ({owner}, ?, lower(?1), '2026-11-27 14:00:00')",
        [(n,) for n in names],
    )
    companies = dict(conn.execute("SELECT name, id FROM company"))
    first = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM contact").fetchone()[0]
    conn.executemany(
        "INSERT INTO contact (id, owner_id, name, linkedin, company_id, title, met_on, how_met, "  # noqa: S608
        f"work_hours, created_at) VALUES (?, {owner}, ?, ?, ?, ?, ?, 'online', "
        "'Mon-Fri 09:00-17:00', '2026-11-27 14:00:00')",
        [
            (first + i, f"{r[0]} {r[1]}", r[2], companies[r[4]], r[5], r[6])
            for i, r in enumerate(rows)
        ],
    )
    conn.executemany(
        "INSERT INTO contact_email (owner_id, contact_id, email, position) "  # noqa: S608
        f"VALUES ({owner}, ?, ?, 0)",
        [(first + i, r[3]) for i, r in enumerate(rows) if r[3]],
    )
    if search:
        conn.execute("CREATE TEMP TABLE staging (ref_id, title, body)")
        conn.executemany(
            "INSERT INTO temp.staging VALUES (?, ?, ?)",
            [(first + i, f"{r[0]} {r[1]}", f"{r[3]} {r[4]} {r[5]}") for i, r in enumerate(rows)],
        )
        conn.execute(
            "INSERT INTO search_doc (owner_id, kind, ref_id, title, body) "  # noqa: S608
            f"SELECT {owner}, 'contact', ref_id, title, body FROM temp.staging"
        )
    conn.execute("COMMIT")
    conn.close()
    return len(rows)


def settings_for(home: Path) -> Any:
    """The settings of a workspace in ``home``, on a fixed clock."""
    from coffeechat.config import Clock, Settings

    return Settings(
        home=home,
        database_url=f"sqlite:///{home / 'coffeechat.db'}",
        clock=Clock(dt.datetime(2026, 11, 27, 14, tzinfo=dt.UTC)),
    )


def empty_workspace(home: Path) -> bytes:
    """A new, empty workspace, as ``coffeechat init`` makes it; the bytes of its file."""
    from coffeechat.service import Workspace

    workspace = Workspace.create(
        settings_for(home),
        name="Sam Rivera",
        timezone="America/New_York",
        availability="Mon-Fri 08:00-20:00",
    )
    workspace.close()
    return (home / "coffeechat.db").read_bytes()


def fresh(home: Path, template: bytes) -> None:
    """Put the empty workspace back (and no backups): not timed."""
    shutil.rmtree(home)
    home.mkdir()
    (home / "coffeechat.db").write_bytes(template)


def coffeechat(path: Path, home: Path) -> int:
    """The import as ``coffeechat import linkedin`` runs it: open the workspace, read
    the file, import (automatic backup, one transaction), close."""
    from coffeechat.formats.linkedin import read_linkedin
    from coffeechat.service import Workspace

    workspace = Workspace.open(settings_for(home))
    try:
        found = read_linkedin(path.read_bytes(), path.name)
        summary = workspace.import_contacts(found, path.name, "linkedin")
        return summary.count("created")
    finally:
        workspace.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rows", type=int, default=30_000)
    parser.add_argument(
        "--floors",
        action="store_true",
        help="also time the floor without the search index, and without the WAL",
    )
    args = parser.parse_args()
    variants = {"no search index": {"search": False}, "no WAL": {"journal": "DELETE"}}
    extra: dict[str, list[float]] = {name: [] for name in variants} if args.floors else {}
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        path = root / "Connections.csv"
        path.write_bytes(export(args.rows))
        home = root / "home"
        home.mkdir()
        template = empty_workspace(home)
        assert baseline(path, root / "bare.db") == args.rows
        fresh(home, template)
        created = coffeechat(path, home)
        print(f"{args.rows:,} rows; the import created {created:,} contacts")
        fresh(home, template)
        assert floor(path, home) == args.rows
        base, measured, least = [], [], []
        with gc_paused():  # for (a) and (c) as for (b), which pauses it itself
            for _ in range(args.runs):
                start = time.perf_counter()
                baseline(path, root / "bare.db")
                base.append(time.perf_counter() - start)
                fresh(home, template)
                start = time.perf_counter()
                coffeechat(path, home)
                measured.append(time.perf_counter() - start)
                fresh(home, template)
                start = time.perf_counter()
                floor(path, home)
                least.append(time.perf_counter() - start)
                for name, times in extra.items():
                    fresh(home, template)
                    start = time.perf_counter()
                    floor(path, home, **variants[name])  # type: ignore[arg-type]
                    times.append(time.perf_counter() - start)
    a, b, c = statistics.median(base), statistics.median(measured), statistics.median(least)
    ratio = b / a
    print(f"(a) csv + executemany      {a * 1000:8.0f} ms (median of {args.runs})")
    print(f"(b) coffeechat import      {b * 1000:8.0f} ms")
    print(f"(c) floor: same writes     {c * 1000:8.0f} ms (no checks, no matching)")
    verdict = "ok" if ratio <= TARGET else "ABOVE TARGET"
    print(f"ratio (b)/(a) = {ratio:.2f}  target <= {TARGET}  {verdict}")
    print(f"ratio (c)/(a) = {c / a:.2f}  (the least the workspace's tables allow)")
    print(f"ratio (b)/(c) = {b / c:.2f}  (what coffeechat adds on top of its writes)")
    for name, times in extra.items():
        f = statistics.median(times)
        print(f"floor with {name + ':':17s} {f * 1000:6.0f} ms, {f / a:.2f} x (a)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
