"""Network, Paths and Stats through the test client, on SQLite and PostgreSQL: the
network is an SVG whose people are links (capped, with a note), paths are added and
stepped through the service, and stats draw the CLI's numbers as bars and tables."""

from __future__ import annotations

import re

import pytest

from coffeechat.service import Workspace
from coffeechat.web import drawings
from conftest import CLI, WebClient


@pytest.fixture
def priya(workspace: Workspace) -> int:
    """Priya, who introduced the user to Grace and offered Lee (who is <b>bold</b>)."""
    priya = workspace.add_contact(name="Priya Natarajan", company="Initech")
    workspace.add_contact(name="Grace Kim", company="Acme", introduced_by=str(priya.id))
    workspace.add_introduction(str(priya.id), "Lee <b>Bold</b>", company="Globex")
    return priya.id


def _links(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<a href="(/contacts/\d+)" aria-label="([^"]*)"', html)


def test_the_network_is_an_svg_with_a_link_per_person(
    client: WebClient, priya: int, workspace: Workspace
) -> None:
    page = client.get("/network")
    assert page.status_code == 200
    html = page.text
    assert "<h1>Network</h1>" in html and "<svg" in html
    names = {c.id: c.name for c in workspace.contacts_page(None, None, None, limit=10).items}
    links = _links(html)
    assert sorted(href for href, _ in links) == sorted(f"/contacts/{i}" for i in names)
    labels = " ".join(label for _, label in links)
    assert "Priya Natarajan, Initech" in labels and "2 offered" in labels
    assert "Lee &lt;b&gt;Bold&lt;/b&gt;" in html and "<b>Bold</b>" not in html
    assert "not drawn" not in html


def test_a_big_network_is_capped_and_says_how_to_see_the_rest(
    client: WebClient, priya: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(drawings, "MAX_NODES", 2)
    html = client.get("/network").text
    assert len(_links(html)) == 2
    assert "1 more is not drawn" in html
    assert "coffeechat network" in html and 'name="contact"' in html


def test_the_network_narrows_to_one_person(client: WebClient, priya: int) -> None:
    html = client.get(f"/network?contact={priya}").text
    assert "The chains through Priya Natarajan" in html
    missing = client.get("/network?contact=nobody")
    assert missing.status_code == 400
    assert 'aria-invalid="true"' in missing.text and "nobody" in missing.text


def test_an_empty_network_says_what_to_do(client: WebClient) -> None:
    html = client.get("/network").text
    assert "No introductions yet" in html and "<svg" not in html


def test_the_navigation_has_network_paths_and_stats(client: WebClient) -> None:
    html = client.get("/stats").text
    for href, label in (("/network", "Network"), ("/paths", "Paths"), ("/stats", "Stats")):
        assert f'<a href="{href}"' in html and f">{label}</a>" in html
    assert '<a href="/stats" aria-current="page">' in html


# --- Paths -----------------------------------------------------------------------------------


def test_a_path_is_started_and_stepped_through_the_service(
    client: WebClient, priya: int, workspace: Workspace, same_cli: CLI
) -> None:
    workspace.add_company("Acme")
    sent = client.post(
        "/paths", data={"company": "Acme", "role": "Analyst", "via": "contact", "contact": "Priya"}
    )
    assert sent.status_code == 303 and sent.headers["location"] == "/paths"
    [path] = workspace.list_paths()
    assert path.via_contact == "Priya Natarajan"
    page = client.get("/paths").text
    assert "Started path" in page and "Acme: Analyst" in page and "via Priya Natarajan" in page
    assert 'value="introduction"' in page  # the next steps of a referral
    step = {"step": "introduction", "on": "2026-11-20"}
    stepped = client.post(f"/paths/{path.id}/steps", data=step)
    assert stepped.status_code == 303
    assert workspace.show_path(str(path.id)).steps[0].step == "introduction"
    assert same_cli.json("undo")["label"] == "path step"


def test_a_refused_path_says_why_and_writes_nothing(
    client: WebClient, workspace: Workspace
) -> None:
    sent = client.post("/paths", data={"company": "Nowhere", "role": "Analyst"})
    assert sent.status_code == 400 and 'class="error"' in sent.text
    assert workspace.list_paths() == []
    empty_contact = client.post("/paths", data={"company": "Acme", "role": "A", "via": "contact"})
    assert empty_contact.status_code == 400 and "name the contact" in empty_contact.text


def test_a_refused_step_is_shown_beside_its_path(client: WebClient, workspace: Workspace) -> None:
    workspace.add_company("Acme")
    path = workspace.add_path("Acme", "Analyst", "conventional")
    sent = client.post(f"/paths/{path.id}/steps", data={"step": "offer", "on": "2030-01-01"})
    assert sent.status_code == 400
    assert f'id="step-{path.id}-error"' in sent.text
    assert workspace.show_path(str(path.id)).steps == ()


def test_the_comparison_is_the_path_show_verdict(client: WebClient, same_cli: CLI) -> None:
    html = client.get("/paths").text
    said = same_cli("path", "show").stdout
    verdict = re.search(r"<p>(Record your paths[^<]*)</p>", html)
    assert verdict and " ".join(verdict.group(1).split()) in " ".join(said.split())


# --- Stats -----------------------------------------------------------------------------------


def test_stats_draw_the_funnel_and_the_weeks_with_tables(
    client: WebClient, priya: int, workspace: Workspace, same_cli: CLI
) -> None:
    workspace.update_settings(weekly_goal="2")
    workspace.log(str(priya), "outreach", at="2026-11-16T10:00")
    html = client.get("/stats").text
    assert "<h1>Stats</h1>" in html
    assert html.count('role="img"') == 2  # two charts, each with a title
    cli = same_cli.json("stats")
    bars = re.findall(r'class="value">(\d+)', html)
    funnel = [str(s["count"]) for s in cli["funnel"]]
    weeks = [str(w["conversations"]) for w in cli["weeks"]]
    assert bars == funnel + weeks  # each bar labelled with its number
    for stage in cli["funnel"]:
        assert f'<th scope="row">{stage["stage"].replace("-", " ")}</th>' in html
    assert "goal 2" in html and "<caption>" in html


def test_stats_since_a_bad_day_says_why(client: WebClient) -> None:
    got = client.get("/stats?since=2030-01-01")
    assert got.status_code == 400 and "is in the future" in got.text
    assert client.get("/stats?since=2026-11-01").status_code == 200


def test_the_pages_need_a_sign_in(stranger: WebClient) -> None:
    for url in ("/network", "/paths", "/stats"):
        assert stranger.get(url).status_code == 303


def test_the_forms_need_their_csrf_token(client: WebClient) -> None:
    assert client.post("/paths", csrf=False, data={"company": "Acme"}).status_code == 403
    assert client.post("/paths/1/steps", csrf=False, data={"step": "offer"}).status_code == 403
