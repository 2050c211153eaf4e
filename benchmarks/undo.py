"""What recording changes for ``undo`` costs a big import, and how long undoing it takes.

    .venv/bin/python benchmarks/undo.py [--runs 3] [--rows 100000]

Writes a LinkedIn export of ``--rows`` rows (as benchmarks/import.py does), then times,
interleaved, medians of ``--runs``, the import as ``coffeechat import linkedin`` runs it
into an empty workspace:

(a) the baseline: the same workspace with the undo triggers dropped (nothing recorded);
(b) the workspace as coffeechat makes it (every insert recorded, as id ranges).

It prints (b)/(a) (target <= 1.15), the database file's size after each (target: (b)
within 5% of (a)), how many undo entries the import left, and how long ``undo`` then
takes to remove every imported row. A measurement, not a test: it always exits 0 and
prints ABOVE TARGET where a number misses.
"""

from __future__ import annotations

import argparse
import importlib
import statistics
import tempfile
import time
from pathlib import Path

from coffeechat.bulk import gc_paused

TIME_TARGET = 1.15
SIZE_TARGET = 1.05

bench = importlib.import_module("import")  # benchmarks/import.py: the same data and steps


def without_triggers(home: Path) -> bytes:
    """An empty workspace whose undo triggers are dropped: imports record nothing."""
    from sqlalchemy import MetaData, Table

    from coffeechat.store import database, undo

    engine = database.open_engine(f"sqlite:///{home / 'coffeechat.db'}")
    with engine.begin() as conn:
        for table in undo.recorded_tables():
            undo.drop_triggers(conn, Table(table.name, MetaData(), autoload_with=conn))
    engine.dispose()
    return (home / "coffeechat.db").read_bytes()


def entries(home: Path) -> int:
    import sqlite3

    with sqlite3.connect(home / "coffeechat.db") as conn:
        return int(conn.execute("SELECT count(*) FROM undo_entry").fetchone()[0])


def undo_all(home: Path) -> tuple[float, int]:
    """Time ``undo`` of the import; how many contacts remain after it (0 expected)."""
    import sqlite3

    from coffeechat.service import Workspace

    workspace = Workspace.open(bench.settings_for(home))
    try:
        start = time.perf_counter()
        workspace.undo()
        took = time.perf_counter() - start
    finally:
        workspace.close()
    with sqlite3.connect(home / "coffeechat.db") as conn:
        left = int(conn.execute("SELECT count(*) FROM contact").fetchone()[0])
    return took, left


def size(home: Path) -> int:
    """The database's size, its write-ahead log checkpointed into it."""
    import sqlite3

    with sqlite3.connect(home / "coffeechat.db") as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return (home / "coffeechat.db").stat().st_size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        source = root / "Connections.csv"
        source.write_bytes(bench.export(args.rows))
        home = root / "home"
        home.mkdir()
        recorded = bench.empty_workspace(home)
        bare = without_triggers(home)
        times: dict[str, list[float]] = {"bare": [], "recorded": []}
        sizes: dict[str, int] = {}
        undos: list[float] = []
        count = left = 0
        for _ in range(args.runs):
            for name, template in (("bare", bare), ("recorded", recorded)):
                bench.fresh(home, template)
                with gc_paused():
                    start = time.perf_counter()
                    bench.coffeechat(source, home)
                    times[name].append(time.perf_counter() - start)
                sizes[name] = size(home)
                if name == "recorded":
                    count = entries(home)
                    took, left = undo_all(home)
                    undos.append(took)
    a, b = statistics.median(times["bare"]), statistics.median(times["recorded"])
    ratio, grown = b / a, sizes["recorded"] / sizes["bare"]
    print(f"import of {args.rows:,} LinkedIn rows, medians of {args.runs}:")
    print(f"  (a) no undo triggers   {a:8.2f} s   {sizes['bare']:>13,} bytes")
    print(f"  (b) recorded for undo  {b:8.2f} s   {sizes['recorded']:>13,} bytes")
    flag = "" if ratio <= TIME_TARGET else "  ABOVE TARGET"
    print(f"  (b)/(a) time {ratio:.2f} (target <= {TIME_TARGET}){flag}")
    flag = "" if grown <= SIZE_TARGET else "  ABOVE TARGET"
    print(f"  (b)/(a) size {grown:.3f} (target <= {SIZE_TARGET}){flag}")
    print(f"  undo entries after the import: {count:,}")
    print(f"  undo of the import: {statistics.median(undos):.2f} s; contacts left: {left}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
