"""What the benchmarks share: an empty workspace to fill in bulk, and one coffeechat
command in a fresh process, timed, with its peak memory."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def empty_workspace(home: Path, now: Any) -> Any:
    """A new SQLite workspace at ``home`` (Sam Rivera in New York, "now" fixed at
    ``now``), open, for a benchmark to fill with bulk inserts."""
    from coffeechat.config import Clock, Settings
    from coffeechat.service import Workspace

    settings = Settings(
        home=home, database_url=f"sqlite:///{home / 'coffeechat.db'}", clock=Clock(now)
    )
    return Workspace.create(
        settings, name="Sam Rivera", timezone="America/New_York", availability="Mon-Fri 08:00-20:00"
    )


#: Runs coffeechat's main, then writes the process's peak memory (VmHWM, KiB) to the file
#: named by $PEAK_FILE. Not ru_maxrss: that also counts the parent's memory, copied into
#: the child by fork before exec (a benchmark may hold a 100k build in memory).
PEAK = """
import os, runpy, sys
sys.argv = ["coffeechat", *sys.argv[1:]]
try:
    runpy.run_module("coffeechat", run_name="__main__")
finally:
    with open("/proc/self/status") as status:
        peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    with open(os.environ["PEAK_FILE"], "w") as out:
        out.write(peak)
"""


@dataclass(frozen=True)
class Run:
    """What one command did: wall time (s), peak RSS (KiB), exit code and its stderr."""

    seconds: float
    peak_kib: int
    returncode: int
    stderr: str


def run_cli(args: list[str], env: dict[str, str], stdout: Path | None = None) -> Run:
    """``coffeechat ARGS`` in a fresh interpreter with ``env`` added to the environment
    (the sources of this checkout first, no COFFEECHAT_DATABASE_URL); stdout goes to
    ``stdout`` or nowhere."""
    with tempfile.NamedTemporaryFile(suffix=".peak") as peak:
        full = {**os.environ, "PYTHONPATH": str(ROOT / "src"), **env, "PEAK_FILE": peak.name}
        full.pop("COFFEECHAT_DATABASE_URL", None)
        command = [sys.executable, "-c", PEAK, *args]
        with open(stdout or os.devnull, "wb") as out:
            started = time.perf_counter()
            child = subprocess.run(command, env=full, stdout=out, stderr=subprocess.PIPE)
            seconds = time.perf_counter() - started
        text = Path(peak.name).read_text().strip()
    return Run(
        seconds,
        int(text) if text.isdigit() else 0,
        child.returncode,
        child.stderr.decode(errors="replace").strip(),
    )
