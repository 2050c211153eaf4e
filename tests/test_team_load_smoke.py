"""benchmarks/team_load.py still runs: its quick mode (2 cohorts of 10 seekers, 20
simulated people for 5 s against ``serve --team --workers 2``) in a schema of its own in
the PostgreSQL test database, answering every request and keeping every write. A smoke
test of the benchmark, not a measurement: no time is asserted. About 20-30 s, so it runs
only with COFFEECHAT_TEST_DATABASE_URL (as in CI)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PG_ENV = "COFFEECHAT_TEST_DATABASE_URL"

pytestmark = [pytest.mark.postgres]


def test_the_quick_team_load_runs_without_errors_and_keeps_every_write(tmp_path: Path) -> None:
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"PostgreSQL: {PG_ENV} is not set")
    schema = f"t_load_{uuid.uuid4().hex[:12]}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("COFFEECHAT_")}
    env["PYTHONPATH"] = str(ROOT / "src")
    command = [
        sys.executable,
        str(ROOT / "benchmarks" / "team_load.py"),
        "--quick",
        "--json",
        "--database-url",
        base,
        "--schema",
        schema,
        "--max-seconds",
        "150",
    ]
    done = subprocess.run(
        command, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=200, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    summary = json.loads(done.stdout)
    assert "stopped" not in summary, done.stderr[-3000:]
    assert summary["users"] == 20
    assert summary["requests"] > 0
    assert summary["errors"] == 0, summary["error_samples"]
    assert summary["writes_made"] > 0
    assert summary["writes_found"] == summary["writes_made"]
    assert summary["writes_checked"] is True
    # each simulated seeker begins with a different kind of request: every kind ran
    seeker = {"today", "contacts", "api_contacts", "contact", "draft", "note", "event"}
    assert seeker | {"dashboard", "api_dashboard"} <= set(summary["kinds"]), summary["kinds"]
    # the schema is gone: the benchmark leaves the test database as it found it
    from sqlalchemy import create_engine, text

    engine = create_engine(base)
    with engine.connect() as conn:
        left = conn.execute(
            text("SELECT count(*) FROM information_schema.schemata WHERE schema_name = :s"),
            {"s": schema},
        ).scalar_one()
    engine.dispose()
    assert left == 0
