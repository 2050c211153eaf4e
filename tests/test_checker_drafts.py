"""Every draft coffeechat writes passes its own checker, for every kind (docs/drafts.md)."""

from __future__ import annotations

import json

import pytest

from coffeechat.core.drafts import KINDS
from conftest import CLI


@pytest.fixture
def cc(engines: CLI) -> CLI:
    """Ada (London, met at PyData), Grace (New York, same company), a conversation had."""
    return engines


def _history(cc: CLI, kind: str) -> list[str]:
    cc("log", "ada", "outreach", "--at", "2026-11-17T10:00")
    if kind in ("thank-you", "report-back", "keep-in-touch", "intro-request"):
        cc("log", "ada", "meeting", "--at", "2026-11-20T10:00")
        cc(
            "log",
            "ada",
            "note",
            "--note",
            "Suggested I write up my pipeline project as a case study",
        )
    if kind in ("confirm", "reschedule"):
        cc("schedule", "confirm", "ada", "--at", "2026-12-01T12:30")
    if kind == "intro-request":
        return ["--to", "Grace Hopper"]
    return []


@pytest.mark.parametrize("kind", KINDS)
def test_every_draft_passes_its_own_checker(cc: CLI, kind: str) -> None:
    args = _history(cc, kind)
    contact = "grace" if kind == "second-contact" else "ada"
    body = str(cc.json("draft", kind, contact, *args)["body"])
    result = cc("check", "--kind", kind, "--contact", contact, "--json", input=body)
    report = json.loads(result.stdout)
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    assert errors == [], body
