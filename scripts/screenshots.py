"""Photograph every page of the web UI for the docs: docs/screenshots/NAME-desktop.png
(1280x800, light) and NAME-phone.png (375x812, dark), from the browser tests' walk over
the demo workspace (tests/test_web_a11y.py, which also checks each page with axe-core).

    .venv/bin/python scripts/screenshots.py        # or: make screenshots
    .venv/bin/python scripts/screenshots.py -k contacts   # some pages only

The pictures show the viewport, not the page's whole length. Without
COFFEECHAT_SCREENSHOTS=1, which this script sets, the tests never write them.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    env = {**os.environ, "COFFEECHAT_SCREENSHOTS": "1"}
    command = [
        sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
        "tests/test_web_a11y.py::test_page_is_accessible_and_error_free", *sys.argv[1:],
    ]  # fmt: skip
    done = subprocess.run(command, cwd=ROOT, env=env, check=False)
    if done.returncode == 0:
        pictures = sorted((ROOT / "docs" / "screenshots").glob("*.png"))
        print(f"{len(pictures)} screenshots in docs/screenshots/")
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
