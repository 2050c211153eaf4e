"""How long importing a LinkedIn export takes, against the csv module and one executemany.

    .venv/bin/python benchmarks/import.py [--runs 3] [--rows 30000]

Writes a LinkedIn "Connections" export of ``--rows`` rows as LinkedIn makes it (a BOM,
notes before the header, quoted commas, empty e-mails on one row in four, non-ASCII
names, 1,500 companies), then times in this process, interleaved (medians of ``--runs``):

(a) the baseline: reading the file with the ``csv`` module (after the notes) and
    inserting the rows with one ``executemany`` into a bare SQLite table with the same
    seven text columns, committed;
(b) ``coffeechat import linkedin`` as the CLI runs it, into a fresh workspace: the
    reader (header search, checks, dates), duplicate matching, companies, contacts,
    e-mails, the search index, one transaction (the automatic backup of an empty
    workspace included).

It prints the medians and the ratio (b)/(a): target <= 3. This is a measurement, not a
test: it always exits 0 and prints ABOVE TARGET where the ratio misses.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

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


def coffeechat(path: Path, home: Path) -> int:
    """The import as the CLI runs it, into a fresh workspace."""
    from coffeechat.config import Clock, Settings
    from coffeechat.formats.linkedin import read_linkedin
    from coffeechat.service import Workspace

    for old in home.glob("*"):
        if old.is_dir():
            for f in old.glob("*"):
                f.unlink()
            old.rmdir()
        else:
            old.unlink()
    settings = Settings(
        home=home,
        database_url=f"sqlite:///{home / 'coffeechat.db'}",
        clock=Clock(dt.datetime(2026, 11, 27, 14, tzinfo=dt.UTC)),
    )
    workspace = Workspace.create(
        settings, name="Sam Rivera", timezone="America/New_York", availability="Mon-Fri 08:00-20:00"
    )
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
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        path = root / "Connections.csv"
        path.write_bytes(export(args.rows))
        home = root / "home"
        home.mkdir()
        assert baseline(path, root / "bare.db") == args.rows
        created = coffeechat(path, home)
        print(f"{args.rows:,} rows; the import created {created:,} contacts")
        base, measured = [], []
        for _ in range(args.runs):
            start = time.perf_counter()
            baseline(path, root / "bare.db")
            base.append(time.perf_counter() - start)
            start = time.perf_counter()
            coffeechat(path, home)
            measured.append(time.perf_counter() - start)
    a, b = statistics.median(base), statistics.median(measured)
    ratio = b / a
    print(f"(a) csv + executemany      {a * 1000:8.0f} ms (median of {args.runs})")
    print(f"(b) coffeechat import      {b * 1000:8.0f} ms")
    verdict = "ok" if ratio <= TARGET else "ABOVE TARGET"
    print(f"ratio (b)/(a) = {ratio:.2f}  target <= {TARGET}  {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
