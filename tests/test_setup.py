"""The README's two commands are the whole set-up: `make run` and `make test` check the
system packages first (scripts/system-deps), install them as root on Debian, or name
them with the exact command; `.ci/run` keeps no list of its own."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "system-deps"


def deps(purpose: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the check as an unprivileged user, so it names packages instead of installing."""
    command = [str(SCRIPT), purpose]
    if os.geteuid() == 0:
        command = ["runuser", "-u", "nobody", "--", *command]
    return subprocess.run(
        command, env={**os.environ, **env}, capture_output=True, text=True, check=False
    )


def test_this_machine_has_everything_the_tests_need() -> None:
    done = deps("test")
    assert (done.returncode, done.stderr) == (0, "")


def test_missing_libraries_are_named_with_the_command_that_installs_them() -> None:
    done = deps("test", LDCONFIG="/bin/true")  # no library found
    assert done.returncode == 1
    assert done.stdout == ""
    assert "libpango-1.0-0" in done.stderr and "libharfbuzz-subset0" in done.stderr
    command = re.search(r"sudo apt-get install -y ([\w .+-]+)\n", done.stderr)
    assert command is not None
    assert {"libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0"} <= set(
        command.group(1).split()
    )


def test_run_needs_no_test_tools() -> None:
    """Without poppler on PATH, `run` is content and `test` names poppler-utils."""
    scratch = Path("/tmp") / f"coffeechat-deps-{os.getpid()}"  # readable by nobody
    scratch.mkdir(exist_ok=True)
    try:
        for program in Path("/usr/bin").iterdir():  # the system's programs but poppler's
            if not program.name.startswith("pdfto"):
                (scratch / program.name).symlink_to(program)
        path = f"{scratch}:/usr/sbin:/sbin"
        run, test = deps("run", PATH=path), deps("test", PATH=path)
    finally:
        shutil.rmtree(scratch)
    assert run.returncode == 0, run.stderr
    assert test.returncode == 1 and "poppler-utils" in test.stderr


def test_unknown_purpose_is_a_usage_error() -> None:
    done = deps("deploy")
    assert done.returncode == 2 and "usage" in done.stderr


@pytest.mark.parametrize("target", ["run", "test"])
def test_make_checks_the_system_before_anything_else(target: str) -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(rf"^{target}: .*\n((?:\t.*\n)+)", makefile, re.M)
    assert recipe is not None
    assert recipe.group(1).splitlines()[0].strip() == f"@scripts/system-deps {target}"
    stamp = re.search(r"^\$\(STAMP\): .*\n((?:\t.*\n)+)", makefile, re.M)
    assert stamp is not None
    assert stamp.group(1).splitlines()[0].strip() == "@scripts/system-deps run"


def test_ci_relies_on_make_for_the_packages() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    installed = set(re.findall(r"need\+=\(([^)]*)\)", ci))
    assert installed == {"make", "postgresql"}  # the rest is make test's business
    assert re.search(r"^make test$", ci, re.M)
