"""The checker's learned second reading (coffeechat.core.checker.learned): how it joins
the rules' findings, what its findings quote, and that the stored model is the one
scripts/train_checker.py makes from the corpus's tune part and the fresh cases."""

from __future__ import annotations

import datetime as dt
import importlib
import json
import sys
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from coffeechat.core.checker import check_message, learned

ROOT = Path(__file__).resolve().parent.parent
NOW = dt.datetime(2026, 11, 27, 10, 0, tzinfo=ZoneInfo("America/New_York"))


def script() -> Any:
    """scripts/train_checker.py, imported."""
    sys.path.insert(0, str(ROOT / "scripts"))
    return importlib.import_module("train_checker")


def with_model(monkeypatch: pytest.MonkeyPatch, models: dict[str, Any]) -> None:
    monkeypatch.setattr(learned, "model", lambda: {"models": models})


def rules(kind: str, text: str) -> dict[str, Any]:
    report = check_message(kind, text, now=NOW, zone="America/New_York")
    return {f.rule: f for f in report.findings}


KEEP_IN_TOUCH = "Hi Ada, congrats on the launch! The zebra crossing photo made my week. Sam"


def test_a_sure_model_raises_a_rule_and_quotes_the_sentence_that_weighed_most(monkeypatch):
    assert "asks-for-job" not in rules("keep-in-touch", KEEP_IN_TOUCH)
    with_model(monkeypatch, {"keep-in-touch/asks-for-job": {"bias": -1.0, "weights": {"zebra": 5}}})
    found = rules("keep-in-touch", KEEP_IN_TOUCH)["asks-for-job"]
    assert found.severity == "error"
    start, end = found.span
    assert KEEP_IN_TOUCH[start:end] == "The zebra crossing photo made my week."
    assert found.quotes == ("The zebra crossing photo made my week.",)
    assert "The zebra crossing photo made my week." in found.message


def test_a_model_short_of_sure_raises_nothing(monkeypatch):
    # sigmoid(-1 + 2) = 0.73, below FLAG
    with_model(monkeypatch, {"keep-in-touch/asks-for-job": {"bias": -1.0, "weights": {"zebra": 2}}})
    assert learned.FLAG > 0.74
    assert "asks-for-job" not in rules("keep-in-touch", KEEP_IN_TOUCH)


def test_a_rule_about_something_missing_is_raised_without_a_quote(monkeypatch):
    text = "Hi Ada, Thank you for the chat about zebra conservation last week. Best, Sam"
    with_model(monkeypatch, {"thank-you/specific-takeaway": {"bias": 3.0, "weights": {}}})
    found = rules("thank-you", text)["specific-takeaway"]
    assert found.severity == "error" and found.span is None and found.quotes == ()
    assert "{quote}" not in found.message and '("' not in found.message


def test_the_model_needs_more_to_overrule_a_thank_you_that_names_something(monkeypatch):
    """A thank-you naming something only this conversation could hold is never raised;
    one pointing at a named piece of advice only above FLAG_OVER_EVIDENCE."""
    named = "Hi Ada, Thank you for the chat. Your tip to join PyLadies Berlin was great. Sam"
    pointed = "Hi Ada, Thank you for the chat. The tip about joining the dbt slack was great. Sam"
    for bias in (2.0, 9.0):  # 0.88 and all but 1
        with_model(monkeypatch, {"thank-you/specific-takeaway": {"bias": bias, "weights": {}}})
        assert "specific-takeaway" not in rules("thank-you", named)
    with_model(monkeypatch, {"thank-you/specific-takeaway": {"bias": 2.0, "weights": {}}})
    assert learned.FLAG < 0.88 < learned.FLAG_OVER_EVIDENCE
    assert "specific-takeaway" not in rules("thank-you", pointed)
    with_model(monkeypatch, {"thank-you/specific-takeaway": {"bias": 3.0, "weights": {}}})
    assert "specific-takeaway" in rules("thank-you", pointed)  # 0.95


def test_cross_validation_deals_every_tune_file_once_kind_by_kind():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    cv = importlib.import_module("checker_cv")
    paths = [Path(f"{kind}-{n:03}-x.txt") for kind in ("outreach", "confirm") for n in range(11)]
    kind_of = {p.name: p.name.split("-")[0] for p in paths}
    folds = cv.folds(paths, 5, kind_of)
    dealt = [p for fold in folds for p in fold]
    assert sorted(dealt) == sorted(paths)
    for fold in folds:  # 11 of a kind in 5 folds: 2 or 3 each
        assert all(
            2 <= sum(kind_of[p.name] == k for p in fold) <= 3 for k in ("outreach", "confirm")
        )
    assert cv.folds(paths, 5, kind_of) == folds  # seeded


JOB_ASK = "Hi Ada, Could you refer me for the analyst opening on your team? Thanks, Sam"


def test_a_rule_stands_unless_the_model_all_but_rules_it_out(monkeypatch):
    assert "asks-for-job" in rules("keep-in-touch", JOB_ASK)
    with_model(monkeypatch, {"keep-in-touch/asks-for-job": {"bias": -2.0, "weights": {}}})
    assert "asks-for-job" in rules("keep-in-touch", JOB_ASK)  # 0.12 is not sure enough
    with_model(monkeypatch, {"keep-in-touch/asks-for-job": {"bias": -6.0, "weights": {}}})
    assert "asks-for-job" not in rules("keep-in-touch", JOB_ASK)  # 0.0025 < CLEAR


def test_other_kinds_and_rules_are_left_alone(monkeypatch):
    with_model(monkeypatch, {"keep-in-touch/asks-for-job": {"bias": 9.0, "weights": {}}})
    assert "asks-for-job" not in rules("report-back", "Hi Ada, I rebuilt my portfolio as you said.")
    report = check_message("keep-in-touch", KEEP_IN_TOUCH, now=NOW, zone="America/New_York")
    assert [f.rule for f in report.findings].count("asks-for-job") == 1 and not report.ok


def test_features_are_lemmas_and_neighbour_pairs_sentence_by_sentence():
    from coffeechat.core.checker.base import read_message
    from coffeechat.core.message import read_body

    m = read_message("outreach", read_body("Referring me? Hired. 20 min"), NOW, "UTC", None)
    first, second, third = learned.message_features(m)
    assert {"refer", "i", "?", "refer i", "i ?"} <= first
    assert "hire" in second and "? hire" not in second  # no pair across sentences
    assert "<num>" in third


def test_every_learned_rule_has_its_texts_and_is_a_documented_error():
    from coffeechat.core.checker.base import RULES

    for key in learned.model()["models"]:
        kind, rule = key.split("/", 1)
        assert (kind, rule) in learned.TEXTS
        assert (RULES.get((kind, rule)) or RULES.get(("*", rule))) == "error", key


def test_the_stored_model_is_trained_on_the_current_tune_part_and_fresh_cases():
    train = script()
    stored = json.loads(learned.MODEL.read_text(encoding="utf-8"))
    assert stored["trained_on"]["digest"] == train.digest(train.sources(train.CORPUS, train.FRESH))
    assert train.main(["--check"]) == 0
    # never a held-out message: the digest is over tune files only
    tune = set(train.tune_files(train.CORPUS))
    held_out = [p for p in train.CORPUS.glob("*.txt") if p not in tune]
    assert held_out and all("\nsplit: held-out\n" in train.head(p) for p in held_out)


def test_check_refuses_a_stale_model(tmp_path: Path):
    train = script()
    stale = tmp_path / "learned.json"
    stale.write_text(json.dumps({"trained_on": {"digest": "0" * 64}}))
    assert train.main(["--check", "--out", str(stale)]) == 1


def test_retraining_gives_the_stored_weights(tmp_path: Path):
    train = script()
    out = tmp_path / "learned.json"
    assert train.main(["--out", str(out)]) == 0
    again = json.loads(out.read_text(encoding="utf-8"))["models"]
    stored = learned.model()["models"]
    assert again.keys() == stored.keys()
    for key, entry in stored.items():
        assert abs(again[key]["bias"] - entry["bias"]) < 1e-3, key
        weights = again[key]["weights"]
        drift = [f for f, w in entry["weights"].items() if abs(weights.get(f, 0.0) - w) > 2e-3]
        assert not drift, (key, drift[:5])


def test_the_model_ships_in_the_wheel():
    import fnmatch
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    globs = config["tool"]["setuptools"]["package-data"]["coffeechat"]
    inside = learned.MODEL.relative_to(ROOT / "src" / "coffeechat").as_posix()
    assert any(fnmatch.fnmatch(inside, g) for g in globs)
