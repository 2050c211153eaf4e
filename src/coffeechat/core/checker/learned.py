"""A second reading of the open-ended error rules, learned from the labelled corpus.

The pattern rules read what a message says by its structure; on batches of messages
they had never seen (the corpus README's blind batches) they held at about 0.88 of
whole-message agreement with a coach, and missed job asks, pressure and empty reports
worded in ways no pattern had foreseen. This module adds, for the rules whose meaning is
open-ended, one logistic model a (kind, rule) over the lemmas of the message (words and
pairs of neighbouring words, sentence by sentence), trained by
``scripts/train_checker.py`` on the corpus's tune part and the rules' hand-written fresh
cases (never the held-out part) and stored in ``learned.json`` beside this file
(weights, no code, no personal data).

How its reading joins the rules' (the thresholds were chosen with
``benchmarks/checker_replay.py``, which replays the blind batches v4-v6 against the
checkers that had not seen them, with models trained on the batches before each:
agreement 0.873 -> 0.899, false errors 48 -> 37 of 577, error rules below 0.85 recall
9 -> 6):

- a rule's error stands unless the model is all but sure it is wrong (probability
  below ``CLEAR``): then it is dropped;
- a rule that found nothing is raised when the model is fairly sure (probability above
  ``FLAG``); the finding quotes the sentence that weighed most, when the rule is about
  something said (a job ask, pressure), and nothing when it is about something missing.

Pure and deterministic: the model file is read once, on first use.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from coffeechat.core.checker.base import Finding, Message, Sentence, finding
from coffeechat.core.checker.outreach import is_pitch
from coffeechat.core.checker.thankyou import names_content, names_takeaway, placeholder

MODEL = Path(__file__).with_name("learned.json")

#: Above this the model raises a rule that found nothing; below ``CLEAR`` it drops one.
FLAG = 0.8
CLEAR = 0.05
#: Above this it raises a rule the rules found some evidence for (see ``evidence_floor``).
FLAG_OVER_EVIDENCE = 0.9

#: (kind, rule) -> (message, hint) for a finding the model raises. A rule about
#: something said quotes the sentence ({quote}); one about something missing does not.
TEXTS: dict[tuple[str, str], tuple[str, str]] = {}
_JOB = (
    'Read as a whole, it asks them to act for you at work or for a job ("{quote}"); a '
    "request like that before they know you usually goes unanswered.",
    "Ask for their advice and their story instead; a referral comes later, once they know you.",
)
for _kind in ("outreach", "follow-up", "report-back", "intro-request", "keep-in-touch"):
    TEXTS[(_kind, "asks-for-job")] = _JOB
TEXTS.update(
    {
        ("outreach", "no-ask"): (
            "Read as a whole, it asks for nothing they could say yes to: no clear request "
            "for a chat, a call, a few questions or their advice.",
            'End with one concrete ask, e.g. "Would you have 20 minutes for a call next week?"',
        ),
        ("follow-up", "guilt"): (
            'Read as a whole, it puts pressure on them ("{quote}"); a nudge that sounds '
            "like a reproach is easy to ignore.",
            "Keep it light: assume the note got buried, restate the ask, leave them an "
            "easy way to say no.",
        ),
        ("follow-up", "restates-ask"): (
            "Read as a whole, it does not say what you asked for, so they have to dig out "
            "your first message.",
            'Say the ask again in a few words, e.g. "a 20-minute call about your move into UX".',
        ),
        ("report-back", "reports-outcome"): (
            "Read as a whole, it does not say what you did with their advice or what came of it.",
            "Name the advice, what you did with it, and what happened since.",
        ),
        ("intro-request", "names-person"): (
            "Read as a whole, it does not name the person you would like to meet.",
            "Name one person and why them, so the introduction is easy to make.",
        ),
        ("thank-you", "specific-takeaway"): (
            "Read as a whole, it names nothing specific from the conversation, so it "
            "could have been sent to anyone.",
            "Name one thing they said and what you will do with it.",
        ),
    }
)
# (Confirm's ``confirms-time`` has no learned reading: whether a day and a time are
# restated is read from the times themselves, and a model of its words raised as many
# wrong findings as right ones out of fold, and five wrong of six on development batch d7.)
#: The rules about something said: their findings quote the sentence that weighed most.
SAID = frozenset({"asks-for-job", "guilt"})


def sentence_features(sentence: Sentence) -> frozenset[str]:
    """The lemmas of a sentence's words (numbers as ``<num>``, and ``?``) and each pair
    of neighbours ("refer me", "be hire")."""
    words = [
        "<num>" if t.lower.isdigit() else t.lemma
        for t in sentence.tokens
        if t.is_word or t.text == "?"
    ]
    return frozenset(words) | frozenset(f"{a} {b}" for a, b in itertools.pairwise(words))


def message_features(m: Message) -> list[frozenset[str]]:
    """The features of each sentence of ``m``; the message's are their union."""
    return [sentence_features(s) for s in m.sentences]


@cache
def model() -> dict[str, Any]:
    """The stored model (read once)."""
    data: dict[str, Any] = json.loads(MODEL.read_text(encoding="utf-8"))
    return data


def probability(weights: dict[str, float], bias: float, features: Iterable[str]) -> float:
    """The logistic model's probability for a set of features."""
    z = bias + sum(weights.get(f, 0.0) for f in features)
    return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))


def evidence_floor(m: Message, rule: str) -> float:
    """How sure, at least, the model must be to overrule the rules' reading of ``rule``,
    whatever ``FLAG`` is: more when the rules found evidence for their reading, and
    ``math.inf`` (never) when that evidence is decisive. A thank-you that names something
    only this conversation could hold (a tool, a book, a person, a count) is never
    flagged, one that points at a named piece of advice ("the tip about joining the dbt
    Slack") only above ``FLAG_OVER_EVIDENCE``; a template's placeholder left in a
    thank-you, and a first message that offers a sale (a demo, a quote, "we help
    companies..."), are never cleared; otherwise 0."""
    if (m.kind, rule) == ("thank-you", "specific-takeaway"):
        if placeholder(m) is not None or names_content(m):
            return math.inf
        if names_takeaway(m):
            return FLAG_OVER_EVIDENCE
    if (m.kind, rule) == ("outreach", "no-ask") and is_pitch(m, offers=True) is not None:
        return math.inf
    return 0.0


def stands(
    found: bool, p: float, floor: float = 0.0, *, flag: float = FLAG, clear: float = CLEAR
) -> bool:
    """Whether a rule is broken once the model's probability ``p`` joins the rules'
    reading (``found``): an error stands unless ``p`` is below ``clear``; a rule that found
    nothing is raised above ``flag`` (and the evidence ``floor``); with decisive evidence
    (an infinite ``floor``) the rules' reading stands. The checker and the benchmarks that
    choose the thresholds decide with this one function."""
    if floor == math.inf:
        return found
    if found:
        return p >= clear
    return p > max(flag, floor)


def second_reading(m: Message, findings: list[Finding]) -> list[Finding]:
    """``findings`` with the learned reading joined in (see the module's docstring)."""
    models: dict[str, Any] = model()["models"]
    if not any(key.startswith(m.kind + "/") for key in models):
        return findings
    per_sentence = message_features(m)
    every = frozenset().union(*per_sentence)
    out = list(findings)
    for key, entry in models.items():
        kind, rule = key.split("/", 1)
        if kind != m.kind:
            continue
        weights, bias = entry["weights"], entry["bias"]
        p = probability(weights, bias, every)
        found = [f for f in out if f.rule == rule and f.severity == "error"]
        # the floor is read only when it could matter: when the model would overrule
        floor = evidence_floor(m, rule) if (p < CLEAR if found else p > FLAG) else 0.0
        if stands(bool(found), p, floor) != bool(found):
            if found:
                out = [f for f in out if f not in found]
            else:
                out.append(_raised(m, kind, rule, weights, per_sentence))
    return out


def _raised(
    m: Message,
    kind: str,
    rule: str,
    weights: dict[str, float],
    per_sentence: list[frozenset[str]],
) -> Finding:
    message, hint = TEXTS[(kind, rule)]
    if rule not in SAID or not m.sentences:
        return finding(m, rule, message.replace(' ("{quote}")', ""), hint, severity="error")
    scores = [sum(weights.get(f, 0.0) for f in fs) for fs in per_sentence]
    best = m.sentences[max(range(len(scores)), key=scores.__getitem__)]
    text = best.text.strip()
    start = best.start + best.text.index(text) if text else best.start
    return finding(
        m,
        rule,
        message.format(quote=text),
        hint,
        at=(start, start + len(text)),
        severity="error",
    )
