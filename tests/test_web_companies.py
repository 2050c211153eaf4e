"""The Companies page: the LAMP table of `coffeechat company list`, scores edited in
place through `company edit`, the target toggle, and the add form (`company add`)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from coffeechat.service import Workspace
from conftest import WebClient, watch


def h1s(page: str) -> list[str]:
    return re.findall(r"<h1[^>]*>(.*?)</h1>", page, re.S)


def names_in_order(page: str) -> list[str]:
    return re.findall(r'<th scope="row" data-label="Company">(.*?)</th>', page)


def ranks(workspace: Workspace) -> dict[str, int | None]:
    return {c.name: c.rank for c in workspace.list_companies()}


def test_the_table_ranks_escapes_and_marks_the_top_five_active(
    client: WebClient, workspace: Workspace
) -> None:
    for i in range(6):
        workspace.add_company(f"Firm {i}", motivation=3 - min(i, 3), posting=2)
    workspace.add_company("<b>Evil</b> & Co", motivation=0)
    workspace.add_contact(name="Ada Lovelace", company="Acme")  # an employer, not a target
    page = client.get("/companies").text
    assert h1s(page) == ["Companies"]
    assert "&lt;b&gt;Evil&lt;/b&gt; &amp; Co" in page and "<b>Evil</b>" not in page
    expected = [c.name for c in workspace.list_companies()]
    assert [
        n.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
        for n in names_in_order(page)
    ] == expected
    assert expected[-1] == "Acme"
    assert page.count('class="mark-active">active<') == 5
    assert page.count('<tr class="active">') == 5
    assert 'href="/companies" aria-current="page"' in page
    assert 'action="/companies/1"' in page and 'name="motivation"' in page


def test_an_empty_list_says_what_to_do(client: WebClient) -> None:
    page = client.get("/companies").text
    assert "No companies yet" in page
    assert 'action="/companies"' in page


def test_saving_scores_is_company_edit_and_the_ranking_follows(
    client: WebClient, workspace: Workspace
) -> None:
    acme = workspace.add_company("Acme", motivation=3, posting=3)
    globex = workspace.add_company("Globex", motivation=1)
    assert ranks(workspace) == {"Acme": 1, "Globex": 2}
    response = client.post(
        f"/companies/{globex.id}",
        data={"motivation": "3", "posting": "3", "advocacy": "yes"},
    )
    assert response.status_code == 303 and response.headers["location"] == "/companies"
    assert ranks(workspace) == {"Globex": 1, "Acme": 2}
    shown = workspace.show_company(str(globex.id))
    assert (shown.motivation, shown.posting, shown.advocacy) == (3, 3, True)
    page = client.get("/companies").text
    assert "Saved Globex, rank 1." in page
    assert names_in_order(page) == ["Globex", "Acme"]
    assert "Saved Globex" not in client.get("/companies").text  # said once
    # an empty field clears its score, as `company edit --posting ""` does
    client.post(f"/companies/{acme.id}", data={"motivation": "3", "posting": "", "advocacy": ""})
    assert workspace.show_company(str(acme.id)).posting is None


def test_an_invalid_score_is_a_notice_beside_the_row_and_nothing_is_written(
    client: WebClient, workspace: Workspace
) -> None:
    acme = workspace.add_company("Acme", motivation=2, posting=2)
    before = workspace.show_company(str(acme.id))
    for data in (
        {"motivation": "7", "posting": "1", "advocacy": "yes"},
        {"motivation": "1", "posting": "0", "advocacy": "yes"},
        {"motivation": "two", "posting": "1", "advocacy": "yes"},
        {"motivation": "1", "posting": "1", "advocacy": "maybe"},
    ):
        response = client.post(f"/companies/{acme.id}", data=data)
        assert response.status_code == 400
        [error] = re.findall(
            r'<p class="error" id="edit-(\d+)-error" role="alert">(.*?)</p>', response.text
        )
        assert error[0] == str(acme.id)
        assert "\n" not in error[1] and "must be" in error[1]
        assert workspace.show_company(str(acme.id)) == before
    fragment = client.htmx("POST", f"/companies/{acme.id}", data={"motivation": "9"})
    assert fragment.status_code == 200  # htmx swaps no 4xx answer
    assert not fragment.text.startswith("<!doctype") and "motivation: must be" in fragment.text
    assert workspace.show_company(str(acme.id)) == before


def test_htmx_gets_the_table_fragment(client: WebClient, workspace: Workspace) -> None:
    acme = workspace.add_company("Acme", motivation=1)
    fragment = client.htmx(
        "POST", f"/companies/{acme.id}", data={"motivation": "2", "posting": "", "advocacy": ""}
    )
    assert fragment.status_code == 200
    assert fragment.text.lstrip().startswith('<section id="lamp"')
    assert "<h1>" not in fragment.text and "Saved Acme, rank 1." in fragment.text
    assert workspace.show_company(str(acme.id)).motivation == 2


def test_the_target_toggle_is_company_edit_target(client: WebClient, workspace: Workspace) -> None:
    workspace.add_contact(name="Ada Lovelace", company="Initech")
    [initech] = workspace.list_companies()
    assert initech.rank is None
    page = client.get("/companies").text
    assert "Make target" in page
    response = client.post(f"/companies/{initech.id}/target", data={"target": "yes"})
    assert response.status_code == 303
    assert ranks(workspace) == {"Initech": 1}
    assert "Initech is a target now, rank 1." in client.get("/companies").text
    client.post(f"/companies/{initech.id}/target", data={"target": "no"})
    assert ranks(workspace) == {"Initech": None}
    assert "Initech is off your target list." in client.get("/companies").text


def test_adding_a_company_is_company_add(client: WebClient, workspace: Workspace) -> None:
    response = client.post(
        "/companies", data={"name": "Acme", "motivation": "3", "posting": "2", "advocacy": "no"}
    )
    assert response.status_code == 303
    [acme] = workspace.list_companies()
    assert (acme.name, acme.motivation, acme.posting, acme.advocacy, acme.rank) == (
        "Acme",
        3,
        2,
        False,
        1,
    )
    assert "Added Acme, rank 1." in client.get("/companies").text
    again = client.post("/companies", data={"name": "Acme"})
    assert again.status_code == 400
    assert "already in the workspace" in again.text and 'id="add-error"' in again.text
    bad = client.post("/companies", data={"name": "Globex", "motivation": "5"})
    assert bad.status_code == 400 and 'value="Globex"' in bad.text
    assert [c.name for c in workspace.list_companies()] == ["Acme"]


def test_an_unknown_company_is_404_even_when_a_name_has_those_digits(
    client: WebClient, workspace: Workspace
) -> None:
    workspace.add_company("1999 Studios", motivation=1)
    response = client.post("/companies/1999", data={"motivation": "3"})
    assert response.status_code == 404
    assert workspace.list_companies()[0].motivation == 1


def test_writes_need_the_csrf_token(client: WebClient, workspace: Workspace) -> None:
    acme = workspace.add_company("Acme", motivation=1)
    for path, data in (
        (f"/companies/{acme.id}", {"motivation": "3"}),
        (f"/companies/{acme.id}/target", {"target": "no"}),
        ("/companies", {"name": "Globex"}),
    ):
        assert client.post(path, csrf=False, data=data).status_code == 403
    assert [(c.name, c.motivation, c.target) for c in workspace.list_companies()] == [
        ("Acme", 1, True)
    ]


def test_a_stranger_is_sent_to_sign_in(stranger: WebClient, workspace: Workspace) -> None:
    acme = workspace.add_company("Acme", motivation=1)
    for method, path in (("GET", "/companies"), ("POST", f"/companies/{acme.id}")):
        response = stranger.http.request(method, path, data={"motivation": "3"})
        assert response.status_code == 303
        assert response.headers["location"].startswith("/welcome?next=")
    assert workspace.list_companies()[0].motivation == 1


@pytest.mark.browser
def test_in_a_phone_browser_the_table_scrolls_and_edits_in_place(
    request: pytest.FixtureRequest,
) -> None:
    """375 px wide: the page does not scroll sideways (the table does, in its box);
    "Make target" and "Save" swap the table in place with no console error."""
    from playwright.sync_api import expect

    sign_in: str = request.getfixturevalue("served")  # conftest's browser fixtures
    chromium: Any = request.getfixturevalue("browser")
    page = chromium.new_page(viewport={"width": 375, "height": 812})
    problems = watch(page)
    page.goto(sign_in)
    page.get_by_role("link", name="Companies", exact=True).click()
    page.wait_for_url("**/companies")
    assert page.locator("h1").inner_text() == "Companies"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.get_by_role("button", name="Make a target: Acme").click()
    expect(page.locator("#lamp .notice")).to_have_text("Acme is a target now, rank 1.")
    assert page.url.endswith("/companies")  # swapped in place, no reload
    page.get_by_label("Motivation for Acme (0-3)").fill("7")
    page.get_by_role("button", name="Save the scores of Acme").click()
    expect(page.locator("#lamp .error")).to_contain_text("motivation: must be")
    page.get_by_label("Motivation for Acme (0-3)").fill("3")
    page.get_by_role("button", name="Save the scores of Acme").click()
    expect(page.locator("#lamp .notice")).to_have_text("Saved Acme, rank 1.")
    expect(page.locator(".mark-active")).to_have_count(1)
    assert problems == []
