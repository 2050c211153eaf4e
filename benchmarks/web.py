"""The web UI under load: req/s and p95 latency of `/contacts` and `/` against a bare app.

    .venv/bin/python benchmarks/web.py [--sizes 1000,10000,100000] [--clients 16]
                                       [--requests 400] [--seconds 20] [--cache DIR]

Builds (once, cached: the same workspaces as ``scale.py``) SQLite workspaces of 1,000,
10,000 and 100,000 contacts. Then, in the same run:

- starts ``coffeechat serve`` (one process, one worker) on the middle workspace and a
  bare Starlette + Jinja2 app that renders the same 50 rows of contacts straight from
  ``sqlite3`` with one template (the baseline: what any web page of 50 rows costs here);
- sends each page ``--requests`` requests from ``--clients`` concurrent clients
  (keep-alive connections, one thread each), stopping after ``--seconds`` whatever
  happens, and prints req/s and the ratio against the baseline (target >= 0.5);
- serves the smallest and the largest workspace and prints the p95 latency of each page
  at both, one request at a time, and their ratio (target <= 1.5): a page costs what it
  shows, not what the workspace holds.

The load runs on the same two cores as the servers: the client's own cost is in every
number, the same for both apps. A measurement, not a test: always exits 0, marks
ABOVE TARGET / BELOW TARGET where a number misses.
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from harness import ROOT
from scale import NOW, workspace_for

#: The baseline: Starlette and Jinja2 alone, 50 rows from sqlite3, one template.
BARE = r'''
import sqlite3, sys, threading
import jinja2, uvicorn
from starlette.applications import Starlette
from starlette.responses import HTMLResponse
from starlette.routing import Route

DB = sys.argv[1]
PAGE = jinja2.Environment(autoescape=True).from_string("""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Contacts</title></head><body>
<main><h1>Contacts</h1><table><tr><th>Name</th><th>Company</th></tr>
{% for name, company in rows %}<tr><td><a href="#">{{ name }}</a></td>
<td>{{ company or "" }}</td></tr>{% endfor %}</table></main></body></html>""")
local = threading.local()

def rows():
    if not hasattr(local, "db"):
        local.db = sqlite3.connect(DB)
    return local.db.execute(
        "SELECT contact.name, company.name FROM contact"
        " LEFT JOIN company ON company.id = contact.company_id"
        " WHERE contact.owner_id = 1"  # the list's index: not a sort of every contact
        " ORDER BY lower(contact.name), contact.id LIMIT 50"
    ).fetchall()

def contacts(request):  # a plain function: Starlette runs it in its thread pool, as ours
    return HTMLResponse(PAGE.render(rows=rows()))

app = Starlette(routes=[Route("/contacts", contacts)])
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning",
            access_log=False)
'''

PAGES = ("/contacts", "/")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(port: int, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"nothing answered on port {port} within {seconds:.0f} s")


@contextmanager
def server(command: list[str], port: int, env: dict[str, str]) -> Iterator[None]:
    process = subprocess.Popen(
        command,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src"), **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(port, process)
        yield
    finally:
        process.terminate()  # uvicorn finishes the requests in flight first
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def coffeechat(home: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """``coffeechat serve`` on ``home``: its port and the headers that sign in."""
    from coffeechat.service import access

    token = access.access_token(home)
    port = free_port()
    env = {"COFFEECHAT_HOME": str(home), "COFFEECHAT_NOW": NOW}
    env["COFFEECHAT_DATABASE_URL"] = f"sqlite:///{home / 'coffeechat.db'}"
    command = [sys.executable, "-m", "coffeechat", "serve", "--no-browser", "--port", str(port)]
    with server(command, port, env):
        yield port, {"Authorization": f"Bearer {token}", "Host": f"127.0.0.1:{port}"}


@contextmanager
def bare(home: Path) -> Iterator[tuple[int, dict[str, str]]]:
    port = free_port()
    with server([sys.executable, "-c", BARE, str(home / "coffeechat.db"), str(port)], port, {}):
        yield port, {}


def get(conn: http.client.HTTPConnection, path: str, headers: dict[str, str]) -> None:
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    if response.status != 200:
        raise RuntimeError(f"GET {path}: {response.status} {body[:200]!r}")


def throughput(
    port: int, headers: dict[str, str], path: str, clients: int, requests: int, seconds: float
) -> float:
    """Requests per second of ``path`` with ``clients`` concurrent keep-alive clients."""
    left = [requests]
    lock = threading.Lock()
    done = [0]
    errors: list[str] = []
    deadline = time.monotonic() + seconds

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            while time.monotonic() < deadline:
                with lock:
                    if left[0] <= 0:
                        return
                    left[0] -= 1
                get(conn, path, headers)
                with lock:
                    done[0] += 1
        except Exception as problem:  # reported below, the run goes on
            errors.append(str(problem))
        finally:
            conn.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        print(f"  ! {len(errors)} clients failed on {path}: {errors[0][:200]}")
    return done[0] / elapsed if elapsed else 0.0


def p95(port: int, headers: dict[str, str], path: str, requests: int) -> float:
    """The 95th percentile latency (s) of ``path``, one request at a time."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        for _ in range(3):  # warm-up: imports, caches
            get(conn, path, headers)
        times = []
        for _ in range(requests):
            started = time.perf_counter()
            get(conn, path, headers)
            times.append(time.perf_counter() - started)
    finally:
        conn.close()
    return statistics.quantiles(times, n=20)[-1]


def mark(ratio: float, target: float, above: bool) -> str:
    missed = ratio < target if above else ratio > target
    return ("  BELOW TARGET" if above else "  ABOVE TARGET") if missed else ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=400, help="per page, for req/s")
    parser.add_argument("--latency-requests", type=int, default=60, help="per page and size")
    parser.add_argument("--seconds", type=float, default=20, help="cap per page, for req/s")
    parser.add_argument("--cache", default=str(Path(tempfile.gettempdir()) / "coffeechat-scale"))
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    small, middle, large = sizes[0], sizes[len(sizes) // 2], sizes[-1]
    cache = Path(args.cache)
    homes = {size: workspace_for(cache, size) for size in sizes}

    print(f"\nreq/s with {args.clients} concurrent clients, {middle:,} contacts")
    with bare(homes[middle]) as (port, headers):
        throughput(port, headers, "/contacts", args.clients, 50, args.seconds)  # warm-up
        base = throughput(port, headers, "/contacts", args.clients, args.requests, args.seconds)
    print(f"  {'bare Starlette + Jinja2, 50 rows':<36} {base:8.1f}")
    with coffeechat(homes[middle]) as (port, headers):
        for path in PAGES:
            throughput(port, headers, path, args.clients, 50, args.seconds)  # warm-up
            ours = throughput(port, headers, path, args.clients, args.requests, args.seconds)
            ratio = ours / base if base else 0.0
            note = mark(ratio, 0.5, above=True)
            print(f"  {'coffeechat ' + path:<36} {ours:8.1f}   ratio {ratio:.2f} (>= 0.5){note}")

    print(f"\np95 latency, one request at a time (ms): {small:,} and {large:,} contacts")
    latency: dict[tuple[str, int], float] = {}
    for size in (small, large):
        with coffeechat(homes[size]) as (port, headers):
            for path in PAGES:
                latency[(path, size)] = p95(port, headers, path, args.latency_requests)
    for path in PAGES:
        a, b = latency[(path, small)], latency[(path, large)]
        ratio = b / a if a else 0.0
        note = mark(ratio, 1.5, above=False)
        print(f"  {path:<10} {a * 1000:8.1f} {b * 1000:8.1f}   ratio {ratio:.2f} (<= 1.5){note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
