"""The weekday, month and part-of-the-day names the time reader uses in other languages
are CLDR's, as ``scripts/calendar_words.py`` writes them (nothing edited by hand)."""

from __future__ import annotations

import json

import pytest

from conftest import REPO, load_script

WORDS = REPO / "src" / "coffeechat" / "core" / "calendar_words.json"


def test_the_stored_names_are_what_the_script_writes():
    babel = pytest.importorskip("babel")
    stored = json.loads(WORDS.read_text(encoding="utf-8"))
    if f"Babel {babel.__version__};" not in stored["source"]:
        pytest.skip(f"written with another Babel ({stored['source']}); rerun the script")
    collected = load_script("scripts/calendar_words.py").collect()
    assert collected == {k: stored[k] for k in ("parts", "or", "weekdays", "months")}


def test_no_stored_name_is_an_english_word_or_means_two_things():
    stored = json.loads(WORDS.read_text(encoding="utf-8"))
    for key in ("weekdays", "months", "parts"):
        for word in stored[key]:
            assert word == word.lower() and word.strip() == word, (key, word)
    # the words that made English text misread
    for word in ("may", "mars bars", "this", "morgen", "este", "minggu"):
        assert word not in stored["weekdays"] and word not in stored["parts"], word
