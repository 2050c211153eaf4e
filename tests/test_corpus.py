"""The labelled corpus in tests/data/corpus/ is well-formed.

Checks the files, not the checker: every file parses, names a draft kind, carries a
split, a verdict that matches its labels and only rule ids the corpus README documents
for that kind at that level; scheduling dates fall on the weekday written; the retired
held-out v1 still replays from its seeded draws and is now tune; the held-out part is
exactly the held-out batches the README records as still held out, and at least a third.
How well the checker agrees with the labels is measured by benchmarks/checker_accuracy.py,
not asserted here.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib.util
import json
import re
import sys
from collections import Counter
from collections.abc import Callable
from functools import cache
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from coffeechat.core.drafts import KINDS as DRAFT_KINDS
from conftest import load_script

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "corpus"
README = CORPUS / "README.md"
FILES = sorted(CORPUS.glob("*.txt"))
#: The kinds the corpus covers (every kind issue 16 makes checkable).
KINDS = (
    "outreach",
    "follow-up",
    "scheduling",
    "confirm",
    "thank-you",
    "report-back",
    "keep-in-touch",
    "intro-request",
)
HEADER = ("kind", "now", "zone", "recipient", "company", "split", "verdict", "expect", "warn")


@cache
def _accuracy():
    spec = importlib.util.spec_from_file_location(
        "checker_accuracy", ROOT / "benchmarks" / "checker_accuracy.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["checker_accuracy"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def parse(path: Path) -> tuple[dict[str, str], str]:
    """(header, body): ``key: value`` lines, a blank line, the message (as the benchmark)."""
    return _accuracy().parse(path)


def ids(value: str) -> list[str]:
    return list(_accuracy().ids(value))


@cache
def documented_rules() -> dict[str, dict[str, set[str]]]:
    """{kind: {"error": ids, "warning": ids}} from the README's labelling-guide tables."""
    rules: dict[str, dict[str, set[str]]] = {}
    kind = None
    for line in README.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"### ([a-z-]+)", line)
        if heading:
            kind = heading.group(1)
            rules[kind] = {"error": set(), "warning": set()}
            continue
        row = re.match(r"\| `([a-z-]+)`[^|]*\| ([^|]+)\|", line)
        if kind and row:
            level = row.group(2)
            for severity in ("error", "warning"):
                if severity in level:
                    rules[kind][severity].add(row.group(1))
    return rules


WEEKDAYS = {
    name: i
    for i, names in enumerate(
        (
            ("mon", "monday"),
            ("tue", "tues", "tuesday"),
            ("wed", "wednesday"),
            ("thu", "thur", "thurs", "thursday"),
            ("fri", "friday"),
            ("sat", "saturday"),
            ("sun", "sunday"),
        )
    )
    for name in names
}
MONTHS = {
    name: i + 1
    for i, month in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
    )
    for name in (month, dt.date(2000, i + 1, 1).strftime("%B").lower())
}
_DAY = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
DATED = re.compile(
    rf"\b(?P<wd>{_DAY})\b\.?,?\s+(?:"
    rf"(?P<m1>\d{{1,2}})/(?P<d1>\d{{1,2}})\b"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_MONTH})\b"
    rf"|(?P<m3>{_MONTH})\.?\s+(?P<d3>\d{{1,2}})\b"
    rf"|(?P<iso>\d{{4}}-\d{{2}}-\d{{2}}))",
    re.IGNORECASE,
)
#: "Thursday afternoon (Jan 14)": a weekday with its date in brackets just after.
BRACKETED = re.compile(
    rf"\b(?P<wd>{_DAY})\b[^()\n]{{0,20}}\((?P<m>{_MONTH})\.?\s+(?P<d>\d{{1,2}})\)", re.I
)


def written_dates(text: str, now: dt.date) -> list[tuple[str, dt.date]]:
    """(weekday as written, date) for every date written with its weekday; the year is the
    one that puts the date nearest to ``now``."""
    found = []
    for m in DATED.finditer(text):
        if m["iso"]:
            found.append((m["wd"], dt.date.fromisoformat(m["iso"])))
            continue
        month = int(m["m1"]) if m["m1"] else MONTHS[(m["m2"] or m["m3"]).lower()]
        day = int(m["d1"] or m["d2"] or m["d3"])
        found.append((m["wd"], nearest(month, day, now)))
    for m in BRACKETED.finditer(text):
        found.append((m["wd"], nearest(MONTHS[m["m"].lower()], int(m["d"]), now)))
    return found


def nearest(month: int, day: int, now: dt.date) -> dt.date:
    """The date with ``month`` and ``day`` nearest to ``now``. A year in which it does not
    exist is no candidate: 29 February is looked for up to four years away (the nearest
    leap year); a day no year has (31 April) raises ValueError. Any other date is found
    in the year before, the same or the next (a further year is never nearer)."""
    candidates = []
    for year in range(now.year - 4, now.year + 5):
        with contextlib.suppress(ValueError):
            candidates.append(dt.date(year, month, day))
    if not candidates:
        raise ValueError(f"month {month} has no day {day}")
    return min(candidates, key=lambda d: abs((d - now).days))


# ------------------------------------------------------------------------------- tests


def test_the_corpus_is_big_enough_and_covers_every_kind():
    assert len(FILES) >= 150
    kinds = Counter(parse(p)[0].get("kind") for p in FILES)
    for kind in KINDS:
        assert kinds[kind] >= 12, (kind, kinds[kind])
    assert set(KINDS) <= set(DRAFT_KINDS)


def test_the_readme_documents_every_kind():
    assert set(documented_rules()) == set(KINDS)


def named_kind(path: Path) -> str | None:
    """The kind a file's name starts with (``outreach-001-….txt``: outreach), if any."""
    found = re.match(r"([a-z-]+)-\d{3,4}-", path.name)
    return found.group(1) if found and found.group(1) in KINDS else None


def number(path: Path) -> int:
    """A file's number (``outreach-0042-…`` or ``outreach-1042-…``: 42 or 1042)."""
    found = re.match(r"[a-z-]+-(\d{3,4})-", path.name)
    assert found, path.name
    return int(found.group(1))


def files_named(kind: str) -> list[Path]:
    return [p for p in FILES if named_kind(p) == kind]


def files_of(kind: str) -> list[Path]:
    """The files whose header says ``kind``."""
    return [p for p in FILES if parse(p)[0].get("kind") == kind]


def problems(check: Callable[[Path], None], paths: list[Path]) -> str:
    """``check`` on every file: one line per file it fails on (the file's name and what is
    wrong), "" when none. An assertion's own message says what is wrong (only its first
    line: pytest's explanation after it may quote a whole header); any other exception (a
    header it cannot read) is what is wrong with that file too."""
    found = []
    for path in paths:
        try:
            check(path)
        except AssertionError as error:
            found.append(f"{path.name}: {str(error).splitlines()[0] if str(error) else '?'}")
        except Exception as error:
            found.append(f"{path.name}: {type(error).__name__}: {error}")
    return "\n".join(found)


# One test per kind, looping over its files (one pytest item per file cost more than the
# checks), each failure naming its file.


def test_every_file_is_named_for_a_kind():
    unnamed = [p.name for p in FILES if named_kind(p) is None]
    assert not unnamed, f"not <kind>-<nnn>-<words>.txt for a corpus kind: {unnamed}"


def well_formed(path: Path) -> None:
    assert re.fullmatch(r"[a-z-]+-\d{3,4}-[a-z0-9-]+\.txt", path.name), "the file name"
    header, body = parse(path)
    assert set(HEADER) <= set(header), f"header lacks {set(HEADER) - set(header)}"
    assert set(header) <= {*HEADER, "note"}, f"unknown header {set(header) - {*HEADER, 'note'}}"
    kind = header["kind"]
    assert kind in KINDS, f"kind {kind!r}"
    named = path.name.startswith(kind + "-") and path.name[len(kind) + 1].isdigit()
    assert named, f"the name does not start with its kind {kind!r}"
    now = dt.datetime.fromisoformat(header["now"])
    assert now.tzinfo is not None, f"now {header['now']!r} has no offset"
    ZoneInfo(header["zone"])
    assert header["split"] in ("tune", "held-out"), f"split {header['split']!r}"
    blank = not body.strip() or body.startswith("\n")
    assert not blank, "the body is empty or starts with a blank line"
    errors, warnings = ids(header["expect"]), ids(header["warn"])
    assert len(set(errors)) == len(errors), f"a rule twice in expect: {errors}"
    assert len(set(warnings)) == len(warnings), f"a rule twice in warn: {warnings}"
    documented = documented_rules()[kind]
    assert set(errors) <= documented["error"], (
        f"expect has rules not documented as errors: {set(errors) - documented['error']}"
    )
    assert set(warnings) <= documented["warning"], (
        f"warn has rules not documented as warnings: {set(warnings) - documented['warning']}"
    )
    verdict = "bad" if errors else "good"
    assert header["verdict"] == verdict, f"verdict {header['verdict']!r}, not {verdict!r}"


@pytest.mark.parametrize("kind", KINDS)
def test_every_file_is_well_formed(kind):
    paths = files_named(kind)
    assert paths, f"no {kind}-*.txt file"
    assert not (found := problems(well_formed, paths)), found


def test_about_half_the_messages_are_good():
    verdicts = Counter(parse(p)[0]["verdict"] for p in FILES)
    assert 0.35 <= verdicts["good"] / len(FILES) <= 0.65, verdicts


def dates_fall_on_their_weekday(path: Path) -> None:
    header, body = parse(path)
    now = dt.datetime.fromisoformat(header["now"]).astimezone(ZoneInfo(header["zone"]))
    wrong = [
        f"{weekday} {date} is a {date:%A}"
        for weekday, date in written_dates(body, now.date())
        if date.weekday() != WEEKDAYS[weekday.lower()]
    ]
    assert not wrong, "; ".join(wrong)


@pytest.mark.parametrize("kind", ["scheduling", "confirm"])
def test_dates_fall_on_the_weekday_written(kind):
    paths = files_of(kind)
    assert paths, f"no {kind} file"
    assert not (found := problems(dates_fall_on_their_weekday, paths)), found


def test_the_date_reader_of_this_test():
    now = dt.date(2026, 11, 27)
    text = "Tue 12/1, Wednesday, December 2, Fri 04 Dec, Thursday afternoon (Jan 14), "
    text += "Wed 2026-12-02"
    assert written_dates(text, now) == [
        ("Tue", dt.date(2026, 12, 1)),
        ("Wednesday", dt.date(2026, 12, 2)),
        ("Fri", dt.date(2026, 12, 4)),
        ("Wed", dt.date(2026, 12, 2)),
        ("Thursday", dt.date(2027, 1, 14)),
    ]


def test_the_date_reader_finds_29_february_in_the_nearest_leap_year():
    """A 29 February is looked for only in years that have one (dt.date(2027, 2, 29)
    raises): the nearest leap year, even when it is not the year before, the same or the
    next; a day that no year has is refused, never guessed."""
    assert nearest(2, 29, dt.date(2027, 11, 27)) == dt.date(2028, 2, 29)
    assert nearest(2, 29, dt.date(2025, 1, 10)) == dt.date(2024, 2, 29)
    assert nearest(2, 29, dt.date(2026, 11, 27)) == dt.date(2028, 2, 29)
    text = "Tue 2/29, Tuesday 29 Feb, Mon Feb 28"
    assert written_dates(text, dt.date(2027, 11, 27)) == [
        ("Tue", dt.date(2028, 2, 29)),
        ("Tuesday", dt.date(2028, 2, 29)),
        ("Mon", dt.date(2028, 2, 28)),
    ]
    with pytest.raises(ValueError, match="has no day 31"):
        nearest(4, 31, dt.date(2026, 11, 27))


def test_the_held_out_part_is_at_least_a_third_of_every_kind():
    splits: dict[str, Counter[str]] = {}
    for path in FILES:
        header, _ = parse(path)
        splits.setdefault(header["kind"], Counter())[header["split"]] += 1
    total = sum(sum(c.values()) for c in splits.values())
    held = sum(c["held-out"] for c in splits.values())
    assert held * 3 >= total, (held, total)
    for kind, counts in splits.items():
        assert counts["held-out"] * 3 >= sum(counts.values()) - 1, (kind, counts)
        assert counts["tune"] and counts["held-out"], kind


def held_out_batches() -> dict[str, tuple[set[str], bool]]:
    """{"v2": (file names, retired), ...}: the batches the README's "### Held-out vN"
    sections record in a first/last table, one row a kind it holds (v1 was a draw,
    recorded by the draw tables);
    a batch whose heading says "now part of tune" is retired."""
    text = README.read_text(encoding="utf-8")
    batches = {}
    for heading, rest in re.findall(
        r"^### Held-out (v\d+[^\n]*)\n(.*?)(?=^#{2,4} |\Z)", text, re.M | re.S
    ):
        rows = re.findall(r"^\| ([a-z-]+) \| (\d+) \| (\d+) \| (\d+) \|$", rest, re.M)
        if not rows:
            continue
        names = set()
        for kind, first, last, count in rows:
            numbered = [
                p.name
                for p in FILES
                if p.name.startswith(kind + "-") and int(first) <= number(p) <= int(last)
            ]
            assert len(numbered) == int(count), (kind, first, last, count, len(numbered))
            names |= set(numbered)
        # a batch may be written for a few kinds only (v13: scheduling and thank-you)
        kinds = [kind for kind, *_ in rows]
        assert len(set(kinds)) == len(kinds) and set(kinds) <= set(KINDS), kinds
        batches[heading.split()[0]] = (names, "now part of tune" in heading)
    return batches


def test_the_held_out_part_is_the_batches_the_readme_records():
    """Held-out v1 joined tune after its one measurement; a retired batch ("now part of
    tune") is all tune; the held-out part is exactly the other batches' files."""
    batches = held_out_batches()
    assert {"v2", "v3"} <= set(batches)
    splits = {p.name: parse(p)[0]["split"] for p in FILES}
    held = set()
    for names, retired in batches.values():
        assert {splits[name] for name in names} == {"tune" if retired else "held-out"}
        if not retired:
            held |= names
    assert {name for name, part in splits.items() if part == "held-out"} == held


# ------------------------------------------------------- benchmarks/checker_accuracy.py


def _run(module, capsys, *args):
    assert module.main(["--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_the_benchmark_reports_the_two_parts_apart(capsys, monkeypatch):
    module = _accuracy()
    # The second run differs from the first only in what it shows: the checker's answer
    # for a message is the first run's (it is deterministic; a refusal is asked again).
    answers: dict[tuple[str, str, str], object] = {}
    check = module.check_message

    def once(kind, text, **options):
        key = (kind, text, repr(sorted(options.items())))
        if key not in answers:
            answers[key] = check(kind, text, **options)
        return answers[key]

    monkeypatch.setattr(module, "check_message", once)
    out = _run(module, capsys)
    assert answers, "the benchmark no longer asks check_message"
    splits = Counter(parse(p)[0]["split"] for p in FILES)
    assert {name: part["messages"] for name, part in out["parts"].items()} == {
        name: splits[name] for name in ("tune", "held-out")
    }
    held = out["parts"]["held-out"]
    assert held["disagreements"] == [] and held["false_error_messages"] == []
    rows = {(r["kind"], r["rule"], r["level"]) for r in held["rules"]}
    for kind, levels in documented_rules().items():
        for level, rules in levels.items():
            assert {(kind, rule, level) for rule in rules} <= rows
    assert isinstance(out["held_out_targets_met"], bool)
    shown = _run(module, capsys, "--show-held-out")["parts"]["held-out"]
    assert len(shown["disagreements"]) == held["messages"] - held["exact"]


def _tiny_corpus(tmp_path):
    (tmp_path / "README.md").write_text(README.read_text(encoding="utf-8"), encoding="utf-8")
    names = ("outreach-001-good-met-at-meetup.txt", "outreach-022-bad-speak-to-manager.txt")
    for name in names:
        text = (CORPUS / name).read_text(encoding="utf-8")
        (tmp_path / name).write_text(re.sub(r"split: \S+", "split: held-out", text))
    return tmp_path


def test_the_benchmark_targets_and_a_refused_kind(tmp_path, capsys, monkeypatch):
    module = _accuracy()
    corpus = _tiny_corpus(tmp_path)

    def agreeing(kind, text, **_):
        bad = "speak to your manager" in text
        finding = SimpleNamespace(rule="asks-for-job", severity="error")
        return SimpleNamespace(ok=not bad, findings=[finding] if bad else [])

    monkeypatch.setattr(module, "check_message", agreeing)
    held = _run(module, capsys, "--corpus", str(corpus))["parts"]["held-out"]
    assert (held["agreement"], held["false_errors"], held["targets_met"]) == (1.0, 0, True)

    def refusing(kind, text, **_):
        raise ValueError(f"unknown kind {kind}")

    monkeypatch.setattr(module, "check_message", refusing)
    out = _run(module, capsys, "--corpus", str(corpus), "--show-held-out")
    held = out["parts"]["held-out"]
    assert (held["agreement"], held["refused"], held["targets_met"]) == (0.0, 2, False)
    assert held["false_errors"] == 1 and held["passed_bad"] == 1
    assert all("refused" in d for d in held["disagreements"])
    assert out["held_out_targets_met"] is False


def test_the_benchmark_can_leave_the_held_out_part_unread(tmp_path, capsys, monkeypatch):
    """--part tune: the checker never runs on a held-out message (for tuning rounds)."""
    module = _accuracy()
    corpus = _tiny_corpus(tmp_path)
    tuned = corpus / "outreach-001-good-met-at-meetup.txt"
    tuned.write_text(tuned.read_text().replace("split: held-out", "split: tune"))
    seen = []

    def recording(kind, text, **_):
        seen.append(text)
        return SimpleNamespace(ok=True, findings=[])

    monkeypatch.setattr(module, "check_message", recording)
    out = _run(module, capsys, "--corpus", str(corpus), "--part", "tune")
    assert len(seen) == 1 and "speak to your manager" not in seen[0]
    assert out["parts"]["tune"]["messages"] == 1
    assert out["parts"]["held-out"]["messages"] == 0


# ------------------------------------------------------------------ scripts/corpus_split.py


def _splitter():
    return load_script("scripts/corpus_split.py")


def _section(text: str) -> str:
    """``text`` up to its next heading."""
    return re.split(r"^#{2,4} ", text, maxsplit=1, flags=re.M)[0]


def _draws() -> list[dict[str, int]]:
    """[{kind: messages}] per draw, in order, from the README's "#### Draw N" tables."""
    sections = re.split(r"^#### Draw \d+$", README.read_text(encoding="utf-8"), flags=re.M)
    return [
        {
            kind: int(n)
            for kind, n in re.findall(r"^\| ([a-z-]+) \| (\d+) \| \d+ \|$", _section(s), re.M)
        }
        for s in sections[1:]
    ]


#: The number of messages held-out v1 had (README), measured once and now part of tune.
HELD_OUT_V1 = 88


def test_the_recorded_draws_still_replay_and_held_out_v1_is_now_tune():
    """Each draw took the next files of each kind (as the README's tables count them);
    replaying it with the seeded choice picks the held-out v1 files the README counts,
    and every file of the two draws, those included, is now ``tune``."""
    draws = _draws()
    assert len(draws) == 2 and all(set(d) == set(KINDS) for d in draws)
    by_kind = {kind: [p for p in FILES if parse(p)[0]["kind"] == kind] for kind in KINDS}
    v1 = []
    for draw in draws:
        drawn = []
        for kind in KINDS:
            assert len(by_kind[kind]) >= draw[kind], kind
            drawn += by_kind[kind][: draw[kind]]
            by_kind[kind] = by_kind[kind][draw[kind] :]
        chosen = _splitter().choose(drawn)
        v1 += [name for name, part in chosen.items() if part == "held-out"]
        assert {parse(p)[0]["split"] for p in drawn} == {"tune"}
    assert len(v1) == HELD_OUT_V1
    text = README.read_text(encoding="utf-8")
    assert f"Held-out v1 was {HELD_OUT_V1} messages" in text
    # every file after the two draws is newer than them (held-out v2 or later)
    later = [p.name for files in by_kind.values() for p in files]
    assert not set(later) & set(v1)


def test_the_split_script_only_fills_files_without_a_part(tmp_path, monkeypatch, capsys):
    module = _splitter()
    monkeypatch.setattr(module, "CORPUS", tmp_path)
    for i in range(6):
        body = "kind: confirm\nnow: x\nverdict: good\n\nHi.\n"
        (tmp_path / f"confirm-00{i}-x.txt").write_text(body)
    old = "kind: confirm\nsplit: tune\nverdict: good\n\nHi.\n"
    (tmp_path / "confirm-009-x.txt").write_text(old)
    assert module.main([]) == 0
    assert "split:" not in (tmp_path / "confirm-000-x.txt").read_text()
    assert module.main(["--write"]) == 0
    parts = Counter(parse(p)[0]["split"] for p in tmp_path.glob("*.txt"))
    assert parts == {"held-out": 3, "tune": 4}  # ceil(0.36 * 6) of the six new ones
    assert (tmp_path / "confirm-009-x.txt").read_text().startswith("kind: confirm\nsplit: tune")
    text = (tmp_path / "confirm-000-x.txt").read_text()
    assert re.match(r"kind: confirm\nnow: x\nsplit: (tune|held-out)\nverdict: good\n\nHi.\n$", text)
    capsys.readouterr()
    assert module.main(["--write"]) == 0
    assert "0 new file(s)" in capsys.readouterr().err
    for i in range(3):
        (tmp_path / f"confirm-01{i}-x.txt").write_text(body)
    assert module.main(["--write", "--part", "held-out"]) == 0
    for i in range(3):
        assert "split: held-out\n" in (tmp_path / f"confirm-01{i}-x.txt").read_text()
    assert (tmp_path / "confirm-009-x.txt").read_text().startswith("kind: confirm\nsplit: tune")


def _words(body: str) -> int:
    """Body words as the README counts them: from the greeting to the sign-off, plus a
    P.S. after the signature."""
    closing = re.compile(
        r"^(best|thanks|thank you|cheers|kind regards|regards|warm regards|warmly|all the best"
        r"|sincerely|many thanks|best wishes|thanks so much|thanks again|with thanks"
        r"|best regards|thanks a lot|thanks very much|thank you for considering it"
        r"|with thanks|obrigada|danke|viele grüße)[,!.]?$",
        re.I,
    )
    kept, in_signature = [], False
    for line in body.strip().splitlines():
        if closing.match(line.strip()):
            in_signature = True
        elif in_signature and line.strip().lower().startswith("p.s"):
            in_signature = False
        if not in_signature:
            kept.append(line)
    return sum(bool(re.search(r"\w", token)) for token in " ".join(kept).split())


LENGTHS = {
    "outreach": (75, 150),
    "scheduling": (150,),
    "thank-you": (150,),
    "follow-up": (100,),
    "confirm": (100,),
    "intro-request": (150,),
    "report-back": (150,),
    "keep-in-touch": (120,),
}


def length_labels_match(path: Path) -> None:
    header, body = parse(path)
    kind, words = header["kind"], _words(body)
    thresholds = LENGTHS[kind]
    assert all(abs(words - t) > 5 for t in thresholds), (
        f"{words} words: within 5 of a threshold {thresholds}"
    )
    over = [t for t in thresholds if words > t]
    errors, warnings = ids(header["expect"]), ids(header["warn"])
    if kind == "outreach":
        assert ("length" in errors) == (words > 150), f"{words} words: length error?"
        assert ("length" in warnings) == (75 < words <= 150), f"{words} words: length warning?"
    else:
        assert ("length" in warnings) == bool(over), f"{words} words: length warning?"


@pytest.mark.parametrize("kind", KINDS)
def test_length_labels_match_the_word_count_with_a_margin(kind):
    paths = files_named(kind)
    assert paths, f"no {kind}-*.txt file"
    assert not (found := problems(length_labels_match, paths)), found
