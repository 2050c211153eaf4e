"""Precision and recall of the draft checker on the hand-labelled corpus.

Runs ``coffeechat.core.checker.check_message`` over every message in
``tests/data/drafts/`` and compares the rule ids it reports with the ``expect:`` line a
human wrote for that message. Prints, per (kind, rule): true positives, false positives,
false negatives, precision and recall, and marks every error-severity rule below 0.9 on
either as BELOW TARGET. Lists the messages where the checker and the label disagree.
Always exits 0.

    .venv/bin/python benchmarks/checker_accuracy.py
"""

from __future__ import annotations

import datetime as dt
import sys
from collections import Counter
from pathlib import Path

from coffeechat.core.checker import RULES, Recipient, check_message

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "drafts"
TARGET = 0.9


def parse(path: Path) -> tuple[dict[str, str], str]:
    """(header, body) of one corpus file: ``key: value`` lines, a blank line, the body."""
    raw = path.read_text(encoding="utf-8")
    head, _, body = raw.partition("\n\n")
    header: dict[str, str] = {}
    for line in head.splitlines():
        key, _, value = line.partition(":")
        header[key.strip()] = value.strip()
    return header, body


def expected(header: dict[str, str]) -> set[str]:
    return {r.strip() for r in header.get("expect", "").split(",") if r.strip()}


def run(path: Path) -> tuple[str, set[str], set[str], dict[str, str]]:
    header, body = parse(path)
    report = check_message(
        header["kind"],
        body,
        now=dt.datetime.fromisoformat(header["now"]),
        zone=header["zone"],
        recipient=Recipient(header.get("recipient") or None, header.get("company") or None),
    )
    found = {f.rule for f in report.findings}
    severities = {f.rule: f.severity for f in report.findings}
    return header["kind"], expected(header), found, severities


def main() -> int:
    tp: Counter[tuple[str, str]] = Counter()
    fp: Counter[tuple[str, str]] = Counter()
    fn: Counter[tuple[str, str]] = Counter()
    misses: list[str] = []
    files = sorted(CORPUS.glob("*.txt"))
    for path in files:
        kind, want, got, _ = run(path)
        group = kind if kind in ("outreach", "scheduling", "thank-you") else "*"
        for rule in want & got:
            tp[group, rule] += 1
        for rule in got - want:
            fp[group, rule] += 1
        for rule in want - got:
            fn[group, rule] += 1
        if want != got:
            missed, extra = sorted(want - got) or "-", sorted(got - want) or "-"
            misses.append(f"  {path.name}: missed {missed}, extra {extra}")
    print(f"checker accuracy on {len(files)} messages in {CORPUS.relative_to(CORPUS.parents[2])}")
    print(f"{'kind':<11} {'rule':<18} {'severity':<8} {'TP':>3} {'FP':>3} {'FN':>3} "
          f"{'precision':>9} {'recall':>7}")  # fmt: skip
    below = 0
    for (kind, rule), severity in RULES.items():
        t, f, n = tp[kind, rule], fp[kind, rule], fn[kind, rule]
        precision = t / (t + f) if t + f else 1.0
        recall = t / (t + n) if t + n else 1.0
        is_error = severity == "error" or (kind, rule) == ("outreach", "length")
        mark = ""
        if is_error and (precision < TARGET or recall < TARGET):
            mark = "  BELOW TARGET"
            below += 1
        if t + f + n == 0:
            mark += "  (no positive case in the corpus)"
        if (kind, rule) == ("outreach", "length"):
            severity = "warn/err"
        print(f"{kind:<11} {rule:<18} {severity:<8} {t:>3} {f:>3} {n:>3} "
              f"{precision:>9.2f} {recall:>7.2f}{mark}")  # fmt: skip
    total_tp, total_fp, total_fn = sum(tp.values()), sum(fp.values()), sum(fn.values())
    print(f"overall: TP {total_tp}, FP {total_fp}, FN {total_fn}; "
          f"{len(files) - len(misses)}/{len(files)} messages exactly as labelled; "
          f"{below} error rule(s) below target {TARGET}")  # fmt: skip
    if misses:
        print("disagreements:")
        print("\n".join(misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
