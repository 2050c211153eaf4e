"""Choose the held-out part of the labelled corpus (tests/data/corpus/), once, at random.

For each draft kind, the file names of that kind are sorted, shuffled with
``random.Random(SEED)`` (one generator for the whole run, kinds in sorted order) and the
first ``ceil(FRACTION * n)`` become ``held-out``; the rest are ``tune``. Stratifying by
kind keeps every kind in both parts; stratifying by kind only (not by verdict) means a
label corrected later never changes which part a message is in.

    python scripts/corpus_split.py           # show what would be chosen, change nothing
    python scripts/corpus_split.py --write   # write a `split:` line into files without one

``--write`` never changes a file that already has a ``split:`` line: the choice is made
once. This draw made "held-out v1" (draws 1 and 2 of the corpus README), which was
measured once and then joined the tune part; ``choose()`` still replays those draws, and
tests/test_corpus.py checks them.

``--part tune`` or ``--part held-out`` gives every new file that part instead of drawing:
"held-out v2" is a whole batch written fresh, none of it ever seen by the checker, so it
was marked with ``--part held-out``. Messages added to the corpus since are ``--part tune``
unless they form a new, unseen held-out batch (record it in the README).
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from collections import defaultdict
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "corpus"
SEED = 16_2026
FRACTION = 0.36


def header(path: Path) -> dict[str, str]:
    head = path.read_text(encoding="utf-8").partition("\n\n")[0]
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in head.splitlines())}


def choose(paths: list[Path]) -> dict[str, str]:
    """{file name: "held-out" | "tune"} for ``paths``, stratified by kind."""
    by_kind: dict[str, list[str]] = defaultdict(list)
    for path in paths:
        by_kind[header(path)["kind"]].append(path.name)
    rng = random.Random(SEED)
    split: dict[str, str] = {}
    for kind in sorted(by_kind):
        names = sorted(by_kind[kind])
        rng.shuffle(names)
        held = math.ceil(FRACTION * len(names))
        for i, name in enumerate(names):
            split[name] = "held-out" if i < held else "tune"
    return split


def write(path: Path, part: str) -> None:
    head, sep, body = path.read_text(encoding="utf-8").partition("\n\n")
    lines = head.splitlines()
    at = next((i for i, line in enumerate(lines) if line.startswith("verdict:")), len(lines))
    lines.insert(at, f"split: {part}")
    path.write_text("\n".join(lines) + sep + body, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write the split: lines")
    parser.add_argument(
        "--part",
        choices=("draw", "tune", "held-out"),
        default="draw",
        help="draw each new file's part at random (the default), or give them all this part",
    )
    args = parser.parse_args(argv)
    new = [p for p in sorted(CORPUS.glob("*.txt")) if "split" not in header(p)]
    split = choose(new) if args.part == "draw" else {p.name: args.part for p in new}
    for name, part in sorted(split.items()):
        print(f"{part:<8}  {name}")
        if args.write:
            write(CORPUS / name, part)
    held = sum(part == "held-out" for part in split.values())
    print(f"{len(split)} new file(s): {held} held-out, {len(split) - held} tune", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
