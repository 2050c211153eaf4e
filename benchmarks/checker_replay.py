"""Would the checker's learned second reading have helped on batches it had not seen?

Replays the three blind batches of the corpus that were measured before they joined the
tune part (v4, v5, v6; see tests/data/corpus/README.md) against the checker **as it was
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

from coffeechat.core.checker import learned

ROOT = Path(__file__).resolve().parent.parent
#: (batch, the commit it was measured at, blind, first and last file number)
BATCHES = (("v4", "b4937f4", 300, 399), ("v5", "e771a6f", 400, 499), ("v6", "ee0472a", 500, 699))

Probs = dict[tuple[str, str], float]
Row = tuple[str, bool, set[str], set[str]]  # kind, good, rules labelled, rules found

_DUMP = """
import datetime as dt, json, sys
from pathlib import Path
from coffeechat.core.checker import Recipient, check_message
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


def main() -> int:
    train = trainer()
    corpus = train.CORPUS
    tune = train.tune_files(corpus)
    both: dict[str, list[Row]] = {"rules": [], "learned": []}
    with tempfile.TemporaryDirectory() as tmp:
        for name, commit, first, last in BATCHES:
            batch = [p for p in tune if first <= number(p) <= last]
            before = [p for p in tune if number(p) < first]
            old = old_findings(commit, [p.name for p in batch], corpus, Path(tmp))
            probs = probabilities(train, before, batch)
            rows: dict[str, list[Row]] = {
                "rules": [],
                "learned": [],
            }
            for path in batch:
                h = train.header(train.head(path))
                want = {r.strip() for r in h["expect"].split(",") if r.strip()}
                rules = set(old[path.name])
                joined = set(rules)
                for kind, rule in train.RULES:
                    if kind != h["kind"]:
                        continue
                    p = probs[(path.name, rule)]
                    if rule in joined and p < learned.CLEAR:
                        joined.discard(rule)
                    elif rule not in joined and p > learned.FLAG:
                        joined.add(rule)
                good = h["verdict"] == "good"
                rows["rules"].append((h["kind"], good, want, rules))
                rows["learned"].append((h["kind"], good, want, joined))
            for mode in rows:
                both[mode] += rows[mode]
                report(f"{name} ({len(batch)} messages, checker {commit})", mode, rows[mode])
    for mode in both:
        report("v4-v6 together", mode, both[mode])
    wrong = [sum(bool(got) == good for _, good, _, got in both[m]) for m in ("rules", "learned")]
    print(f"disagreements with the learned reading / rules only: {wrong[1] / wrong[0]:.2f}")
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
