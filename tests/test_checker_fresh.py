"""Messages written after the checker was fitted to the tune part of the corpus, to see
whether its rules hold on wordings they were not shaped by (issue 16). Each block of
tests/data/checker_fresh/*.txt is ``@@ kind|rules it must find|rules it must not find``
and the message; a round that found mistakes was fixed by a rule over the structure of
the sentence (not the phrase), and the round stays here as a regression test.
The held-out part of the corpus is measured by benchmarks/checker_accuracy.py."""

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from coffeechat.core.checker import check_message

DATA = Path(__file__).parent / "data" / "checker_fresh"
NY = "America/New_York"
NOW = dt.datetime(2026, 11, 27, 10, 0, tzinfo=ZoneInfo(NY))  # a Friday


def cases():
    for path in sorted(DATA.glob("*.txt")):
        for n, block in enumerate(path.read_text(encoding="utf-8").split("@@ ")[1:], 1):
            head, _, body = block.partition("\n")
            kind, want, absent = [*head.split("|"), "", ""][:3]
            yield pytest.param(
                kind.strip(),
                {r for r in want.strip().split(",") if r},
                {r for r in absent.strip().split(",") if r},
                body.strip(),
                id=f"{path.stem}-{n}",
            )


@pytest.mark.parametrize(("kind", "want", "absent", "text"), list(cases()))
def test_a_fresh_message(kind, want, absent, text):
    found = {f.rule for f in check_message(kind, text, now=NOW, zone=NY).findings}
    assert want <= found, want - found
    assert not absent & found, absent & found
