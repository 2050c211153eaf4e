"""How often the draft checker agrees with a coach, on the labelled corpus.

Runs ``coffeechat.core.checker.check_message`` over every message in
``tests/data/corpus/`` (format and labelling guide: its README) and compares what it
finds with the labels written before any checker was run: ``verdict`` (good/bad),
``expect`` (error-level rule ids) and ``warn`` (warning-level rule ids). For the ``tune``
part and the ``held-out`` part separately it prints:

- whole-message verdict agreement (checker ``ok`` == ``verdict: good``);
- per (kind, rule, level): true positives, false positives, false negatives, precision
  and recall; a finding counts only at the level it is labelled with (a thank-you with
  nothing specific is an *error* now, so a ``specific-takeaway`` warning is a miss);
- false errors: good messages the checker fails (``ok`` false), out of the good ones;

and a last line saying whether issue 16's targets hold on the held-out part: agreement
>= 0.9, recall >= 0.85 for every error-level rule with a positive case there, at most one
false error per 50 good messages. A kind the checker refuses (it raises) counts as a
disagreement with every label of that message. Lists the tune part's disagreements;
the held-out part's only with ``--show-held-out`` (it must not be used while tuning).
``--part tune`` runs the checker on the tune part only (the held-out messages are not even
read by it), for tuning rounds. Always exits 0.

    .venv/bin/python benchmarks/checker_accuracy.py [--json] [--show-held-out] [--part tune]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coffeechat.core.checker import Recipient, check_message

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "corpus"
PARTS = ("tune", "held-out")
AGREEMENT, RECALL, FALSE_ERRORS_PER = 0.9, 0.85, 50  # issue 16's targets

Key = tuple[str, str, str]  # (kind, rule, "error" | "warning")


def parse(path: Path) -> tuple[dict[str, str], str]:
    """(header, body) of one corpus file, as tests/test_checker.py reads its corpus."""
    head, _, body = path.read_text(encoding="utf-8").partition("\n\n")
    header: dict[str, str] = {}
    for line in head.splitlines():
        key, _, value = line.partition(":")
        header[key.strip()] = value.strip()
    return header, body


def ids(value: str) -> list[str]:
    return [r.strip() for r in value.split(",") if r.strip()]


def documented(readme: Path) -> set[Key]:
    """Every (kind, rule, level) the corpus README's labelling guide documents."""
    keys: set[Key] = set()
    kind = None
    for line in readme.read_text(encoding="utf-8").splitlines():
        if heading := re.match(r"### ([a-z-]+)", line):
            kind = heading.group(1)
        elif kind and (row := re.match(r"\| `([a-z-]+)`[^|]*\| ([^|]+)\|", line)):
            keys |= {(kind, row.group(1), lv) for lv in ("error", "warning") if lv in row[2]}
    return keys


@dataclass
class Result:
    name: str
    part: str
    kind: str
    good: bool  # the label
    ok: bool | None  # the checker's verdict; None when it refused the message
    want: set[Key]
    got: set[Key]
    refused: str = ""


def run(path: Path) -> Result:
    header, body = parse(path)
    kind = header["kind"]
    want = {(kind, r, "error") for r in ids(header["expect"])}
    want |= {(kind, r, "warning") for r in ids(header["warn"])}
    good = header["verdict"] == "good"
    result = Result(path.name, header["split"], kind, good, None, want, set())
    try:
        report = check_message(
            kind,
            body,
            now=dt.datetime.fromisoformat(header["now"]),
            zone=header["zone"],
            recipient=Recipient(header.get("recipient") or None, header.get("company") or None),
        )
    except Exception as error:  # a kind the checker refuses is a disagreement, not a crash
        result.refused = f"{type(error).__name__}: {error}"
        return result
    result.ok = report.ok
    result.got = {(kind, f.rule, f.severity) for f in report.findings}
    return result


@dataclass
class Part:
    name: str
    results: list[Result] = field(default_factory=list)

    def summary(self, keys: set[Key]) -> dict[str, Any]:
        tp: Counter[Key] = Counter()
        fp: Counter[Key] = Counter()
        fn: Counter[Key] = Counter()
        for r in self.results:
            for key in r.want & r.got:
                tp[key] += 1
            for key in r.got - r.want:
                fp[key] += 1
            for key in r.want - r.got:
                fn[key] += 1
        rules = []
        for key in sorted(keys | set(tp) | set(fp) | set(fn)):
            t, f, n = tp[key], fp[key], fn[key]
            rules.append(
                {
                    "kind": key[0],
                    "rule": key[1],
                    "level": key[2],
                    "tp": t,
                    "fp": f,
                    "fn": n,
                    "precision": round(t / (t + f), 3) if t + f else None,
                    "recall": round(t / (t + n), 3) if t + n else None,
                }
            )
        n = len(self.results)
        agree = sum(r.ok is not None and r.ok == r.good for r in self.results)
        good = [r for r in self.results if r.good]
        false_errors = [r.name for r in good if r.ok is not True]
        missed_bad = [r.name for r in self.results if not r.good and r.ok is not False]
        low = [
            f"{x['kind']}/{x['rule']}"
            for x in rules
            if x["level"] == "error" and x["recall"] is not None and x["recall"] < RECALL
        ]
        return {
            "part": self.name,
            "messages": n,
            "good": len(good),
            "bad": n - len(good),
            "agreement": round(agree / n, 3) if n else None,
            "false_errors": len(false_errors),
            "false_error_messages": false_errors,
            "passed_bad": len(missed_bad),
            "passed_bad_messages": missed_bad,
            "refused": sum(bool(r.refused) for r in self.results),
            "exact": sum(r.want == r.got for r in self.results),
            "rules": rules,
            "error_rules_below_recall": low,
            "targets_met": bool(n)
            and agree / n >= AGREEMENT
            and not low
            and len(false_errors) * FALSE_ERRORS_PER <= len(good),
            "disagreements": [
                {
                    "file": r.name,
                    "missed": sorted(f"{k[1]}:{k[2]}" for k in r.want - r.got),
                    "extra": sorted(f"{k[1]}:{k[2]}" for k in r.got - r.want),
                    **({"refused": r.refused} if r.refused else {}),
                }
                for r in self.results
                if r.want != r.got or r.refused
            ],
        }


def fmt(value: float | None) -> str:
    return "   -" if value is None else f"{value:.2f}"


def print_part(s: dict[str, Any], *, show: bool) -> None:
    print(f"\n== {s['part']}: {s['messages']} messages ({s['good']} good)")
    print(
        f"verdict agreement {fmt(s['agreement'])}; false errors on good messages: "
        f"{s['false_errors']} of {s['good']}; bad messages passed: "
        f"{s['passed_bad']} of {s['bad']}; exactly as labelled: {s['exact']}; "
        f"refused: {s['refused']}"
    )
    print(f"{'kind':<14}{'rule':<18}{'level':<8}{'TP':>4}{'FP':>4}{'FN':>4}  precision recall")
    for x in s["rules"]:
        mark = ""
        if x["level"] == "error" and x["recall"] is not None and x["recall"] < RECALL:
            mark = "  BELOW TARGET"
        elif x["tp"] + x["fn"] == 0:
            mark = "  (no labelled case)"
        print(
            f"{x['kind']:<14}{x['rule']:<18}{x['level']:<8}{x['tp']:>4}{x['fp']:>4}{x['fn']:>4}"
            f"  {fmt(x['precision']):>9} {fmt(x['recall']):>6}{mark}"
        )
    if show and s["disagreements"]:
        print("disagreements (rule:level):")
        for d in s["disagreements"]:
            extra = f"; refused: {d['refused']}" if "refused" in d else ""
            print(f"  {d['file']}: missed {d['missed'] or '-'}, extra {d['extra'] or '-'}{extra}")
    elif s["disagreements"]:
        print(f"({len(s['disagreements'])} disagreements not listed: --show-held-out)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Checker vs. the labelled corpus.")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--show-held-out",
        action="store_true",
        help="also list the held-out disagreements (for the final review, not for tuning)",
    )
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the corpus folder")
    parser.add_argument(
        "--part",
        choices=PARTS,
        help="check only this part's messages (tune while tuning: the checker never runs "
        "on the held-out part); the other part is reported empty",
    )
    args = parser.parse_args(argv)
    keys = documented(args.corpus / "README.md")
    parts = {name: Part(name) for name in PARTS}
    for path in sorted(args.corpus.glob("*.txt")):
        if args.part and parse(path)[0]["split"] != args.part:
            continue
        result = run(path)
        parts[result.part].results.append(result)
    summaries = {name: part.summary(keys) for name, part in parts.items()}
    held = summaries["held-out"]
    if args.json:
        if not args.show_held_out:
            held["disagreements"] = held["false_error_messages"] = []
            held["passed_bad_messages"] = []
        out = {
            "corpus": str(args.corpus),
            "targets": {
                "agreement": AGREEMENT,
                "error_recall": RECALL,
                "false_errors_per_good": 1 / FALSE_ERRORS_PER,
            },
            "parts": summaries,
            "held_out_targets_met": held["targets_met"],
        }
        print(json.dumps(out, indent=2))
        return 0
    total = sum(len(p.results) for p in parts.values())
    print(f"checker accuracy on {total} labelled messages in {args.corpus}")
    for name in PARTS:
        if args.part in (None, name):
            print_part(summaries[name], show=name == "tune" or args.show_held_out)
    if args.part == "tune":
        return 0
    allowed = held["good"] // FALSE_ERRORS_PER
    print(
        f"\nheld-out targets (agreement >= {AGREEMENT}, recall >= {RECALL} for every "
        f"error rule, false errors <= 1 per {FALSE_ERRORS_PER} good, so {allowed} of "
        f"{held['good']}): {'MET' if held['targets_met'] else 'NOT MET'} "
        f"(agreement {fmt(held['agreement'])}, false errors {held['false_errors']}, "
        f"error rules below recall: {', '.join(held['error_rules_below_recall']) or 'none'})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
