"""How well does the checker read messages its learned reading was not trained on?

Cross-validates the learned second reading (coffeechat.core.checker.learned) over the
corpus's **tune** part: the tune files are dealt into ``--folds`` folds (by kind, in a
seeded shuffle of their names); for each fold, models are trained as
scripts/train_checker.py trains them on the other folds and the fresh cases, and the
checker's rules, joined with those models' reading, are run on the fold. Prints, for the
whole tune part read that way, the rules-only baseline and the rules with the learned
reading: whole-message agreement, false errors among good messages, error rules below
0.85 recall, and the ratio of disagreements (with / without); by kind too.

Use it to choose the learned reading's settings (``--flag``, ``--clear``) and to find what
the rules and the model miss (``--list`` names the out-of-fold disagreements of tune
files). Caveat: the rules themselves were written with the whole tune part in view, so
the rules-only figures are in-sample; only the learned reading's part is out of fold.
It never reads the held-out part.

    .venv/bin/python benchmarks/checker_cv.py [--folds 5] [--flag 0.8] [--clear 0.05] [--list]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent))

import checker_replay

import coffeechat.core.checker as checker
from coffeechat.core.checker import (
    Recipient,
    check_message,
    learned,
)
from coffeechat.core.checker.base import Message, read_message
from coffeechat.core.message import read_body

Row = checker_replay.Row
SEED = 162026


def folds(paths: list[Path], k: int, kind_of: dict[str, str]) -> list[list[Path]]:
    """``paths`` dealt into ``k`` folds, kind by kind, in a seeded shuffle of the names."""
    rng = random.Random(SEED)
    out: list[list[Path]] = [[] for _ in range(k)]
    for kind in sorted(set(kind_of.values())):
        mine = sorted((p for p in paths if kind_of[p.name] == kind), key=lambda p: p.name)
        rng.shuffle(mine)
        for i, path in enumerate(mine):
            out[i % k].append(path)
    return out


def rule_findings(train: Any, path: Path) -> tuple[Message, set[str]]:
    """A corpus file read as a message, and the error rules the checker's rules alone
    find in it."""
    text = path.read_text(encoding="utf-8")
    h, body = train.header(text), text.partition("\n\n")[2]
    to = Recipient(h.get("recipient") or None, h.get("company") or None)
    now = dt.datetime.fromisoformat(h["now"])
    with mock.patch.object(checker, "second_reading", lambda _m, findings: findings):
        report = check_message(h["kind"], body, now=now, zone=h["zone"], recipient=to)
    message = read_message(h["kind"], read_body(body), now, h["zone"], to)
    return message, {f.rule for f in report.findings if f.severity == "error"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--flag", type=float, default=learned.FLAG)
    parser.add_argument("--clear", type=float, default=learned.CLEAR)
    parser.add_argument("--list", action="store_true", help="name the disagreements")
    args = parser.parse_args(argv)
    train = checker_replay.trainer()
    tune = train.tune_files(train.CORPUS)
    heads = {p.name: train.header(train.head(p)) for p in tune}
    rows: dict[str, list[Row]] = {"rules": [], "learned": []}
    names: list[str] = []
    moves: dict[tuple[str, str, str], Counter[bool]] = defaultdict(Counter)
    for fold in folds(tune, args.folds, {n: h["kind"] for n, h in heads.items()}):
        chosen = {p.name for p in fold}
        rest = [p for p in tune if p.name not in chosen]
        probs = checker_replay.probabilities(train, rest, fold)
        for path in fold:
            h = heads[path.name]
            want = {r.strip() for r in h["expect"].split(",") if r.strip()}
            message, rules = rule_findings(train, path)
            joined = set(rules)
            for kind, rule in train.RULES:
                if kind != h["kind"]:
                    continue
                p = probs[(path.name, rule)]
                found = rule in joined
                floor = learned.evidence_floor(message, rule)
                if learned.stands(found, p, floor, flag=args.flag, clear=args.clear) == found:
                    continue
                if found:
                    joined.discard(rule)
                    moves[(kind, rule, "cleared")][rule not in want] += 1
                else:
                    joined.add(rule)
                    moves[(kind, rule, "raised")][rule in want] += 1
            good = h["verdict"] == "good"
            rows["rules"].append((h["kind"], good, want, rules))
            rows["learned"].append((h["kind"], good, want, joined))
            names.append(path.name)
    title = f"tune, {args.folds}-fold ({len(names)} messages)"
    for mode in rows:
        checker_replay.report(title, mode, rows[mode])
    for kind in sorted({r[0] for r in rows["learned"]}):
        mine = [r for r in rows["learned"] if r[0] == kind]
        agreement, false, good, low = checker_replay.score(mine)
        print(
            f"  {kind:<14} agreement {agreement:.3f}; false errors {false} of {good}; "
            f"below 0.85: {', '.join(low) or '-'}"
        )
    print("the learned reading's changes (right / wrong):")
    for (kind, rule, move), count in sorted(moves.items()):
        print(f"  {kind}/{rule} {move}: {count[True]} / {count[False]}")
    wrong = [sum(bool(got) == good for _, good, _, got in rows[m]) for m in ("rules", "learned")]
    print(f"disagreements with the learned reading / rules only: {wrong[1] / wrong[0]:.2f}")
    if args.list:
        for name, (_, _good, want, got) in zip(names, rows["learned"], strict=True):
            if want != got:
                print(f"{name}: missed {sorted(want - got)} extra {sorted(got - want)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
