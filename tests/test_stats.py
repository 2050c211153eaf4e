"""Progress: the funnel, reply times, conversations per week, the booster rate, charts."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from coffeechat.core.errors import InvalidValue
from coffeechat.core.stats import STAGES, iso_week, rates
from coffeechat.formats.charts import progress_chart
from coffeechat.service import Workspace
from conftest import CLI


@pytest.fixture
def ws(workspace: Workspace) -> Workspace:
    """The conftest workspace (Sam Rivera, New York; today is Friday 2026-11-27)."""
    return workspace


LAST_EIGHT = [f"2026-W{n}" for n in range(41, 49)]


def _timeline(ws: Workspace) -> None:
    """Five people, two conversations, an introduction, two paths (one a referral)."""
    ws.update_settings(weekly_goal="2")
    ws.add_contact(name="Ada Lovelace", met_on="2026-11-02", company="Acme")
    ws.add_contact(name="Bo Chen", met_on="2026-11-02")
    ws.add_contact(name="Cy Diaz", met_on="2026-11-05")
    ws.add_contact(name="Di Ewa", met_on="2026-10-01")
    ws.log("Ada", "outreach", at="2026-11-03T10:00")
    ws.log("Ada", "reply", at="2026-11-04T10:00")  # the next business day: a booster
    ws.log("Ada", "meeting", at="2026-11-10T12:00")  # also holds a conversation: one meeting
    ws.log("Bo", "outreach", at="2026-11-03T10:00")
    ws.log("Bo", "reply", at="2026-11-17T10:00")  # two weeks later: an obligate
    ws.log("Bo", "meeting", at="2026-11-24T12:30")
    ws.log("Bo", "meeting", at="2026-12-03T12:30")  # planned: not held yet
    ws.log("Cy", "outreach", at="2026-11-05T10:00")
    ws.add_introduction("Ada", "Ed Park")  # Ed: a new contact (today), introduced by Ada
    referral = ws.add_path("Acme", "Analyst", "Ada")
    ws.add_path_step(referral.id, "introduction", on="2026-11-12")
    ws.add_path_step(referral.id, "offer", on="2026-11-20")
    conventional = ws.add_path("Acme", "Engineer", "conventional")
    ws.add_path_step(conventional.id, "application", on="2026-11-01")
    ws.add_path_step(conventional.id, "offer", on="2026-11-25")  # not the funnel's: no referral


def _funnel(p: object) -> list[tuple[str, int, float | None]]:
    return [(s.stage, s.count, s.rate) for s in p.funnel]  # type: ignore[attr-defined]


def test_the_funnel_medians_weeks_and_boosters(ws: Workspace) -> None:
    _timeline(ws)
    p = ws.progress()
    assert _funnel(p) == [
        ("met", 5, None),
        ("reached-out", 3, 0.6),
        ("replied", 2, 0.667),
        ("met-up", 2, 1.0),
        ("introductions", 1, 0.5),
        ("referrals", 1, 1.0),
        ("offers", 1, 1.0),
    ]
    assert (p.median_days_to_reply, p.median_days_to_meeting) == (7.5, 14.0)
    assert [(w.week, w.conversations, w.goal) for w in p.weeks] == [
        (week, {"2026-W46": 1, "2026-W48": 1}.get(week, 0), 2) for week in LAST_EIGHT
    ]
    assert (p.weekly_goal, p.boosters, p.obligates, p.booster_rate) == (2, 1, 1, 0.5)


def test_since_narrows_the_window(ws: Workspace) -> None:
    _timeline(ws)
    p = ws.progress("2026-11-11")
    assert p.since is not None and p.since.isoformat() == "2026-11-11"
    assert _funnel(p) == [
        ("met", 1, None),  # Ed, added today
        ("reached-out", 0, 0.0),
        ("replied", 1, None),  # nobody reached out in the window: no rate
        ("met-up", 1, 1.0),
        ("introductions", 1, 0.0),  # Ada, who offered it, met up before the window
        ("referrals", 1, 1.0),
        ("offers", 1, 1.0),
    ]
    assert (p.median_days_to_reply, p.median_days_to_meeting, p.booster_rate) == (None,) * 3
    assert [(w.week, w.conversations) for w in p.weeks] == [
        ("2026-W46", 0),  # Ada's meeting on the 10th is before the window
        ("2026-W47", 0),
        ("2026-W48", 1),
    ]
    wider = ws.progress("2026-11-03")
    assert [s.count for s in wider.funnel][:2] == [2, 3]
    # more reached out than met in the window; of those met in it, Cy reached out (not Ed)
    assert (wider.funnel[1].rate, wider.funnel[1].through) == (0.5, 1)
    assert [w.week for w in wider.weeks] == ["2026-W45", "2026-W46", "2026-W47", "2026-W48"]


def test_since_must_be_a_past_date(ws: Workspace) -> None:
    with pytest.raises(InvalidValue, match="since: is in the future"):
        ws.progress("2026-11-28")
    with pytest.raises(InvalidValue, match="not a date"):
        ws.progress("last week")
    assert ws.progress("2026-11-27").weeks[-1].week == "2026-W48"


def test_an_empty_workspace_divides_by_nothing(ws: Workspace) -> None:
    p = ws.progress()
    assert _funnel(p) == [(stage, 0, None) for stage in STAGES]
    assert (p.median_days_to_reply, p.median_days_to_meeting, p.booster_rate) == (None,) * 3
    assert [(w.week, w.conversations, w.goal) for w in p.weeks] == [
        (week, 0, 3) for week in LAST_EIGHT
    ]


def test_rates_and_weeks() -> None:
    assert [s.rate for s in rates([("a", 4), ("b", 3), ("c", 0), ("d", 2)])] == [
        None,
        0.75,
        0.0,
        None,
    ]
    assert iso_week(dt.date(2026, 1, 1)) == "2026-W01"
    assert iso_week(dt.date(2027, 1, 1)) == "2026-W53"


# --- charts ---------------------------------------------------------------------------------


def test_charts_are_valid_svg_and_png(ws: Workspace) -> None:
    _timeline(ws)
    for p in (ws.progress(), ws.progress("2025-01-01")):
        svg = progress_chart(p, "svg")
        root = ET.fromstring(svg)
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert svg == progress_chart(p, "svg"), "SVG output is deterministic"
        assert progress_chart(p, "png").startswith(b"\x89PNG\r\n\x1a\n")
    with pytest.raises(ValueError):
        progress_chart(ws.progress(), "gif")


def test_charts_of_an_empty_workspace(ws: Workspace) -> None:
    p = ws.progress()
    ET.fromstring(progress_chart(p, "svg"))
    assert progress_chart(p, "png")[:4] == b"\x89PNG"


# --- the command line -----------------------------------------------------------------------


def test_cli_stats(ccw: CLI, tmp_path: Path) -> None:
    ccw("settings", "set", "weekly_goal", "2")
    ccw("contact", "add", "Ada Lovelace", "--met-on", "2026-11-02")
    ccw("log", "ada", "outreach", "--at", "2026-11-03T10:00")
    ccw("log", "ada", "reply", "--at", "2026-11-04T10:00")
    ccw("log", "ada", "meeting", "--at", "2026-11-24T12:00")
    document = ccw.json("stats")
    assert set(document) == {
        "since",
        "funnel",
        "median_days_to_reply",
        "median_days_to_meeting",
        "weeks",
        "weekly_goal",
        "booster_rate",
    }
    assert document["funnel"][:4] == [
        {"stage": "met", "count": 1, "rate": None, "through": None},
        {"stage": "reached-out", "count": 1, "rate": 1.0, "through": 1},
        {"stage": "replied", "count": 1, "rate": 1.0, "through": 1},
        {"stage": "met-up", "count": 1, "rate": 1.0, "through": 1},
    ]
    assert document["weeks"][-1] == {"week": "2026-W48", "conversations": 1, "goal": 2}
    assert (document["median_days_to_reply"], document["booster_rate"]) == (1.0, 1.0)
    assert ccw.json("stats", "--since", "2026-11-20")["since"] == "2026-11-20"
    text = ccw("stats").stdout
    assert "reached out" in text and "100% of met" in text and "█·" in text
    svg, png = tmp_path / "p.svg", tmp_path / "p.png"
    ccw("stats", "--format", "svg", "-o", str(svg))
    ET.fromstring(svg.read_bytes())
    written = json.loads(ccw("stats", "--format", "png", "-o", str(png), "--json").stdout)
    assert written == document
    assert png.read_bytes().startswith(b"\x89PNG")
    assert ET.fromstring(ccw("stats", "--format", "svg").stdout_bytes).tag.endswith("svg")


def test_cli_stats_errors_are_one_line(ccw: CLI) -> None:
    assert "in the future" in ccw.fails("stats", "--since", "2027-01-01").stderr
    assert "-o FILE.svg" in ccw.fails("stats", "--format", "svg", "--json").stderr


def test_the_chart_format_follows_the_file_extension(ccw, tmp_path):
    for suffix, magic in ((".png", b"\x89PNG"), (".svg", b"<?xml")):
        target = tmp_path / f"progress{suffix}"
        ccw("stats", "-o", str(target))
        assert target.read_bytes().startswith(magic)
    text = tmp_path / "progress.txt"
    ccw("stats", "-o", str(text))
    assert text.read_text().startswith("Progress")
