"""Would the checker's learned second reading have helped on batches it had not seen?

Replays the four blind batches of the corpus that were measured before they joined the
tune part (v4, v5, v6, v8; see tests/data/corpus/README.md) against the checker **as it was
when each was measured** (its source taken from git at the commit recorded below, run
in a subprocess), then joins to its findings the learned reading of
``coffeechat.core.checker.learned``, with models trained as scripts/train_checker.py
trains them but on the corpus files written **before** that batch only (plus the fresh
cases: see the caveat). Prints, over the three batches together and batch by batch, the
rules-only baseline and the rules with the learned reading: whole-message agreement,
false errors among good messages, error rules below 0.85 recall, and the ratio of
disagreements (with / without).

This is how ``FLAG`` and ``CLEAR`` were chosen. Caveat: the fresh cases
(tests/data/checker_fresh/) are in every fold's training set, and some were written
after a batch's disagreements had been read, so the gain is a little optimistic; the
held-out part (never used here) is the measure that counts.

    .venv/bin/python benchmarks/checker_replay.py      # needs git and the repository
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import io
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from coffeechat.core.checker import Recipient, learned
from coffeechat.core.checker.base import read_message
from coffeechat.core.message import read_body

ROOT = Path(__file__).resolve().parent.parent
#: (batch, the commit it was measured at, {kind: (first, last file number)}, or one range
#: for every kind)
V8 = {
    "outreach": (902, 999),
    "scheduling": (862, 961),
    "thank-you": (829, 898),
    "follow-up": (792, 851),
    "confirm": (779, 833),
    "intro-request": (779, 818),
    "report-back": (777, 806),
    "keep-in-touch": (777, 816),
}
BATCHES: tuple[tuple[str, str, dict[str, tuple[int, int]] | tuple[int, int]], ...] = (
    ("v4", "b4937f4", (300, 399)),
    ("v5", "e771a6f", (400, 499)),
    ("v6", "ee0472a", (500, 699)),
    ("v8", "a3e5d0a", V8),
)

Probs = dict[tuple[str, str], float]
Row = tuple[str, bool, set[str], set[str]]  # kind, good, rules labelled, rules found

_DUMP = """
import datetime as dt, json, sys
from pathlib import Path
import coffeechat.core.checker as checker
from coffeechat.core.checker import Recipient, check_message
if hasattr(checker, "second_reading"):  # the rules alone, as the baseline
    checker.second_reading = lambda _m, findings: findings
out = {}
for name in json.loads(sys.stdin.read()):
    text = (Path(sys.argv[1]) / name).read_text(encoding="utf-8")
    head, _, body = text.partition("\\n\\n")
    h = {k.strip(): v.strip() for k, _, v in (x.partition(":") for x in head.splitlines())}
    report = check_message(h["kind"], body, now=dt.datetime.fromisoformat(h["now"]),
        zone=h["zone"], recipient=Recipient(h.get("recipient") or None, h.get("company") or None))
    out[name] = sorted({f.rule for f in report.findings if f.severity == "error"})
print(json.dumps(out))
"""


def trainer() -> Any:
    """scripts/train_checker.py, imported."""
    sys.path.insert(0, str(ROOT / "scripts"))
    return importlib.import_module("train_checker")


def in_batch(path: Path, ranges: dict[str, tuple[int, int]] | tuple[int, int]) -> bool:
    kind = re.sub(r"-\d{3,4}-.*", "", path.name)
    first, last = ranges if isinstance(ranges, tuple) else ranges.get(kind, (0, -1))
    return first <= number(path) <= last


def low(ranges: dict[str, tuple[int, int]] | tuple[int, int]) -> int:
    """The lowest file number of a batch (for v8, which follows v7 kind by kind, every
    later batch is held out, so any tune file outside it came before)."""
    return ranges[0] if isinstance(ranges, tuple) else 10_000


def number(path: Path) -> int:
    found = re.search(r"-(\d{3,4})-", path.name)
    return int(found.group(1)) if found else 0


def old_findings(commit: str, names: list[str], corpus: Path, tmp: Path) -> dict[str, list[str]]:
    """Error rules the checker at ``commit`` finds in each named file."""
    src = tmp / commit
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", commit, "src"], check=True, capture_output=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(src, filter="data")
    done = subprocess.run(
        [sys.executable, "-c", _DUMP, str(corpus)],
        input=json.dumps(names),
        env={"PYTHONPATH": str(src / "src"), "PATH": "/usr/bin:/bin"},
        check=True,
        capture_output=True,
        text=True,
    )
    found: dict[str, list[str]] = json.loads(done.stdout)
    return found


def probabilities(
    train: Any, before: list[Path], batch: list[Path]
) -> dict[tuple[str, str], float]:
    """(file name, rule) -> the probability of models trained on ``before`` and the
    fresh cases."""
    data = train.examples(before) + train.fresh_examples(train.FRESH)
    tested = list(zip(batch, train.examples(batch), strict=True))
    out: Probs = {}
    for kind, rule in train.RULES:
        rows = [(labels[rule], f) for k, labels, f in data if k == kind and rule in labels]
        vocab = sorted(f for f, c in Counter(f for _, fs in rows for f in fs).items() if c >= 2)
        index = {f: i for i, f in enumerate(vocab)}
        x = np.zeros((len(rows), len(vocab)))
        for i, (_, fs) in enumerate(rows):
            x[i, [index[f] for f in fs if f in index]] = 1.0
        w, b = train.fit(x, np.array([broken for broken, _ in rows], dtype=float))
        weights = dict(zip(vocab, (float(v) for v in w), strict=True))
        for path, (k, _, fs) in tested:
            if k == kind:
                out[(path.name, rule)] = learned.probability(weights, float(b), fs)
    return out


def score(rows: list[Row]) -> tuple[float, int, int, list[str]]:
    """Agreement, false errors, good messages, error rules below 0.85 recall."""
    agree = sum(bool(got) != good for _, good, _, got in rows)
    good = [got for _, g, _, got in rows if g]
    pos: Counter[tuple[str, str]] = Counter()
    hit: Counter[tuple[str, str]] = Counter()
    for kind, _, want, got in rows:
        for rule in want:
            pos[(kind, rule)] += 1
            hit[(kind, rule)] += rule in got
    low = sorted(f"{k}/{r} {hit[k, r]}/{n}" for (k, r), n in pos.items() if hit[k, r] < 0.85 * n)
    return agree / len(rows), sum(bool(g) for g in good), len(good), low


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--flag", type=float, nargs="+", default=[learned.FLAG])
    parser.add_argument("--clear", type=float, nargs="+", default=[learned.CLEAR])
    args = parser.parse_args(argv)
    train = trainer()
    corpus = train.CORPUS
    tune = train.tune_files(corpus)
    # (batch, kind, good, rules labelled, rules found, {rule: (probability, evidence floor)})
    cases: list[tuple[str, str, bool, set[str], set[str], dict[str, tuple[float, float]]]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, commit, ranges in BATCHES:
            batch = [p for p in tune if in_batch(p, ranges)]
            # what was written before it: for v8, every other tune file (v7, written
            # before it, is held out and not in tune)
            before = [p for p in tune if not in_batch(p, ranges) and number(p) < low(ranges)]
            old = old_findings(commit, [p.name for p in batch], corpus, Path(tmp))
            probs = probabilities(train, before, batch)
            for path in batch:
                text = path.read_text(encoding="utf-8")
                h = train.header(text)
                to = Recipient(h.get("recipient") or None, h.get("company") or None)
                now = dt.datetime.fromisoformat(h["now"])
                m = read_message(
                    h["kind"], read_body(text.partition("\n\n")[2]), now, h["zone"], to
                )
                model = {
                    rule: (probs[(path.name, rule)], learned.evidence_floor(m, rule))
                    for kind, rule in train.RULES
                    if kind == h["kind"]
                }
                want = {r.strip() for r in h["expect"].split(",") if r.strip()}
                good = h["verdict"] == "good"
                cases.append((name, h["kind"], good, want, set(old[path.name]), model))
    names = [name for name, *_ in BATCHES]
    first = True
    for flag in args.flag:
        for clear in args.clear:
            rows: dict[str, list[Row]] = {"rules": [], "learned": []}
            by_batch: dict[tuple[str, str], list[Row]] = {}
            for name, kind, good, want, rules, model in cases:
                joined = set(rules)
                for rule, (p, floor) in model.items():
                    if not learned.stands(rule in rules, p, floor, flag=flag, clear=clear):
                        joined.discard(rule)
                    else:
                        joined.add(rule)
                for mode, got in (("rules", rules), ("learned", joined)):
                    rows[mode].append((kind, good, want, got))
                    by_batch.setdefault((name, mode), []).append((kind, good, want, got))
            if first:
                for name in names:
                    for mode in rows:
                        batch_rows = by_batch[(name, mode)]
                        report(f"{name} ({len(batch_rows)} messages)", mode, batch_rows)
                report("v4-v8 together", "rules", rows["rules"])
                wrongly: Counter[str] = Counter(
                    f"{kind}/{rule}"
                    for kind, good, _, got in rows["learned"]
                    if good
                    for rule in got
                )
                print("  false errors by rule (rules + learned):", dict(wrongly.most_common()))
                first = False
            report(f"v4-v8, flag {flag} clear {clear}", "learned", rows["learned"])
            wrong = [
                sum(bool(got) == good for _, good, _, got in rows[m]) for m in ("rules", "learned")
            ]
            print(
                f"  disagreements with the learned reading / rules only: {wrong[1] / wrong[0]:.2f}"
            )
    return 0


def report(title: str, mode: str, rows: list[Row]) -> None:
    agreement, false, good, low = score(rows)
    label = "rules only" if mode == "rules" else "rules + learned"
    print(
        f"{title:<34} {label:<16} agreement {agreement:.3f}; false errors {false} of {good}; "
        f"error rules below 0.85: {len(low)} {', '.join(low)}"
    )


if __name__ == "__main__":
    raise SystemExit(main())
