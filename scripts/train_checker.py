"""Train the checker's learned second reading (coffeechat.core.checker.learned).

Reads the labelled corpus's **tune** part only (tests/data/corpus/, files whose header
says ``split: tune``; a held-out message is never opened past its header) and the rules'
hand-written fresh cases (tests/data/checker_fresh/, labelled only for the rules each
case names), and fits, for each (kind, rule) of ``RULES``, an L2-regularised logistic
regression over the features ``learned.sentence_features`` gives (lemmas and pairs of
neighbouring lemmas): label 1 when the message's ``expect:`` line (or the case's "must"
list) names the rule. Features seen in fewer than two examples of the kind are left out.
Full-batch Adam from zero weights, a fixed number of steps: the same corpus gives the
same file, on any machine to within rounding.

Writes src/coffeechat/core/checker/learned.json with the weights (rounded, the smallest
left out), and a digest of the files it was trained on, which tests/test_learned.py
compares with the corpus and the fresh cases: a label changed or a message added without
retraining fails that test.

    .venv/bin/python scripts/train_checker.py            # retrain and write the model
    .venv/bin/python scripts/train_checker.py --check    # exit 1 if the model is stale
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import itertools
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from coffeechat.core.checker.base import Recipient, read_message
from coffeechat.core.checker.learned import MODEL, TEXTS, message_features
from coffeechat.core.message import read_body

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "corpus"
#: The rules' own hand-written cases (tests/test_checker_fresh.py): short messages the
#: corpus has few of, each with rules it must break and rules it must not.
FRESH = CORPUS.parent / "checker_fresh"
FRESH_NOW = dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
RULES = sorted(TEXTS)
L2, STEPS, RATE, MIN_DF, SMALLEST = 3.0, 400, 0.05, 2, 0.001


def header(text: str) -> dict[str, str]:
    head = text.partition("\n\n")[0]
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in head.splitlines())}


def head(path: Path) -> str:
    """A corpus file's header lines, read no further."""
    with path.open(encoding="utf-8") as f:
        return "".join(itertools.takewhile(str.strip, f))


def tune_files(corpus: Path) -> list[Path]:
    """The tune part's files, by name; held-out files are read up to their header only."""
    return [p for p in sorted(corpus.glob("*.txt")) if header(head(p)).get("split") == "tune"]


def digest(paths: list[Path]) -> str:
    """A digest of the names and contents of the files trained on."""
    h = hashlib.sha256()
    for path in paths:
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


Example = tuple[str, dict[str, bool], frozenset[str]]  # kind, {rule: broken?}, features


def features_of(kind: str, body: str, now: dt.datetime, zone: str, to: Recipient) -> frozenset[str]:
    m = read_message(kind, read_body(body), now, zone, to)
    return frozenset().union(*message_features(m))


def sources(corpus: Path, fresh: Path) -> list[Path]:
    """Every file the model is trained on: the corpus's tune part and the fresh cases."""
    return tune_files(corpus) + sorted(fresh.glob("*.txt"))


def examples(paths: list[Path]) -> list[Example]:
    """Each corpus message, labelled for every rule of its kind (named in ``expect:`` or not)."""
    out = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        h, body = header(text), text.partition("\n\n")[2]
        to = Recipient(h.get("recipient") or None, h.get("company") or None)
        feats = features_of(h["kind"], body, dt.datetime.fromisoformat(h["now"]), h["zone"], to)
        errors = {r.strip() for r in h.get("expect", "").split(",") if r.strip()}
        labels = {rule: rule in errors for kind, rule in RULES if kind == h["kind"]}
        out.append((h["kind"], labels, feats))
    return out


def fresh_examples(folder: Path) -> list[Example]:
    """The hand-written cases, labelled only for the rules they name (``@@ kind|must|
    must-not`` before each, as tests/test_checker_fresh.py reads them)."""
    out = []
    for path in sorted(folder.glob("*.txt")):
        for block in path.read_text(encoding="utf-8").split("@@ ")[1:]:
            head, _, body = block.partition("\n")
            kind, must, must_not = (part.strip() for part in [*head.split("|"), "", ""][:3])
            labels = {r: True for r in must.split(",") if (kind, r) in TEXTS}
            labels |= {r: False for r in must_not.split(",") if (kind, r) in TEXTS}
            if labels:
                feats = features_of(kind, body.strip(), FRESH_NOW, "America/New_York", Recipient())
                out.append((kind, labels, feats))
    return out


def fit(x: Any, y: Any) -> tuple[Any, float]:
    """Weights and bias of an L2-regularised logistic regression (full-batch Adam)."""
    n, d = x.shape
    w, b = np.zeros(d), 0.0
    mw, vw, mb, vb = np.zeros(d), np.zeros(d), 0.0, 0.0
    for t in range(1, STEPS + 1):
        p = 1.0 / (1.0 + np.exp(-(x @ w + b)))
        gw = x.T @ (p - y) / n + L2 * w / n
        gb = float((p - y).mean())
        mw, vw = 0.9 * mw + 0.1 * gw, 0.999 * vw + 0.001 * gw * gw
        mb, vb = 0.9 * mb + 0.1 * gb, 0.999 * vb + 0.001 * gb * gb
        c1, c2 = 1 - 0.9**t, 1 - 0.999**t
        w -= RATE * (mw / c1) / (np.sqrt(vw / c2) + 1e-8)
        b -= RATE * (mb / c1) / (np.sqrt(vb / c2) + 1e-8)
    return w, b


def train(corpus: Path, fresh: Path = FRESH) -> dict[str, Any]:
    paths = tune_files(corpus)
    data = examples(paths) + fresh_examples(fresh)
    models: dict[str, Any] = {}
    for kind, rule in RULES:
        rows = [(labels[rule], feats) for k, labels, feats in data if k == kind and rule in labels]
        df = Counter(f for _, feats in rows for f in feats)
        vocab = sorted(f for f, c in df.items() if c >= MIN_DF)
        index = {f: i for i, f in enumerate(vocab)}
        x = np.zeros((len(rows), len(vocab)))
        for i, (_, feats) in enumerate(rows):
            x[i, [index[f] for f in feats if f in index]] = 1.0
        y = np.array([broken for broken, _ in rows], dtype=float)
        w, b = fit(x, y)
        kept = {f: round(float(v), 4) for f, v in zip(vocab, w, strict=True) if abs(v) >= SMALLEST}
        models[f"{kind}/{rule}"] = {
            "bias": round(float(b), 4),
            "weights": kept,
            "examples": len(rows),
            "broken": int(y.sum()),
        }
    return {
        "about": "coffeechat checker, learned second reading: scripts/train_checker.py",
        "trained_on": {"files": len(paths), "digest": digest(sources(corpus, fresh))},
        "settings": {"l2": L2, "steps": STEPS, "rate": RATE, "min_df": MIN_DF},
        "models": models,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--fresh", type=Path, default=FRESH)
    parser.add_argument("--out", type=Path, default=MODEL)
    parser.add_argument("--check", action="store_true", help="exit 1 if the model is stale")
    args = parser.parse_args(argv)
    if args.check:
        stored = json.loads(args.out.read_text(encoding="utf-8"))["trained_on"]["digest"]
        if stored != digest(sources(args.corpus, args.fresh)):
            print(f"{args.out}: stale; run scripts/train_checker.py", file=sys.stderr)
            return 1
        return 0
    model = train(args.corpus, args.fresh)
    args.out.write_text(json.dumps(model, sort_keys=True, separators=(",", ":")) + "\n")
    sizes = ", ".join(f"{k} {len(v['weights'])}" for k, v in model["models"].items())
    print(f"wrote {args.out} ({model['trained_on']['files']} tune messages; weights: {sizes})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
