"""Settings (``/settings``): each section a plain form checked by the service as
``coffeechat settings set`` checks it, the error beside its field and nothing saved; the
calendars, mail server, guides and templates; undo names each save like the command.

"Now" is Friday 27 November 2026, 09:00 in New York (conftest)."""

from __future__ import annotations

import html
import re
import sys
import types
from pathlib import Path
from typing import Any

import pytest

from coffeechat.service import Workspace
from conftest import CLI, WebClient

DATA = Path(__file__).parent / "data"
CALENDAR = DATA / "calendars" / "google.ics"
GUIDE = DATA / "guides" / "good-engineers.toml"

PROFILE = {
    "name": "Sam Rivera",
    "email": "sam@example.com",
    "phone": "",
    "timezone": "America/New_York",
    "signature": "",
    "paper": "",
}


def saved_notice(client: WebClient) -> str:
    page = client.get("/settings").text
    found = re.search(r'<p class="notice" role="status">(.*?)</p>', page)
    return found.group(1) if found else ""


def test_the_page_has_every_section_and_is_in_the_navigation(client: WebClient) -> None:
    page = client.get("/settings").text
    assert re.findall(r"<h1[^>]*>(.*?)</h1>", page) == ["Settings"]
    assert '<a href="/settings" aria-current="page">Settings</a>' in page
    for section in ("profile", "availability", "calendars", "mail", "feed", "guides", "templates"):
        assert f'id="{section}"' in page
    assert 'value="Sam Rivera"' in page and 'value="Mon-Fri 08:00-20:00"' in page
    assert "/agenda.ics?key=" in page and 'class="copy"' in page


def test_saving_the_profile_changes_only_what_changed(
    client: WebClient, workspace: Workspace
) -> None:
    response = client.post(
        "/settings/profile",
        data={**PROFILE, "timezone": "Europe/Berlin", "signature": "Sam\r\nBootcamp grad"},
    )
    assert response.status_code == 303 and response.headers["location"] == "/settings"
    now = workspace.get_settings()
    assert now.timezone == "Europe/Berlin" and now.signature == "Sam\nBootcamp grad"
    assert now.country == "DE"  # it follows the zone: the country field was not sent
    assert saved_notice(client) == "Saved: timezone, signature."
    assert saved_notice(client) == ""  # said once


def test_a_refused_value_is_shown_beside_its_field_and_nothing_is_saved(
    client: WebClient, workspace: Workspace
) -> None:
    response = client.post(
        "/settings/profile", data={**PROFILE, "email": "sam@new.example.com", "timezone": "Chicgo"}
    )
    assert response.status_code == 400
    page = response.text
    assert (
        'id="set-timezone" name="timezone" type="text" value="Chicgo" aria-invalid="true"' in page
    )
    assert re.search(r'id="set-timezone-error" role="alert">timezone: unknown time zone', page)
    assert "America/Chicago" in page  # the CLI's suggestion
    assert 'value="sam@new.example.com"' in page  # what was typed stays
    assert workspace.get_settings().email == "sam@example.com"  # all or nothing


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("availability", "Mon-Fri 17:30-2000", "HH:MM-HH:MM interval"),
        ("weekly_goal", "200", "weekly_goal"),
        ("country", "ZZ", "country"),
    ],
)
def test_availability_is_checked_as_the_cli_checks_it(
    client: WebClient, workspace: Workspace, same_cli: CLI, field: str, value: str, message: str
) -> None:
    data = {
        "availability": "Mon-Fri 08:00-20:00",
        "country": "US",
        "cities": "",
        "weekly_goal": "3",
    }
    response = client.post("/settings/availability", data={**data, field: value})
    assert response.status_code == 400
    error = re.search(rf'id="set-{field}-error" role="alert">([^<]*)<', response.text)
    assert error and message in error.group(1)
    cli = same_cli.fails("settings", "set", field, value)
    assert html.unescape(error.group(1)) in cli.output  # the same words
    assert workspace.get_settings().weekly_goal == 3


def test_saving_availability_is_one_change_named_like_the_command(
    client: WebClient, workspace: Workspace, same_cli: CLI
) -> None:
    data = {"availability": "mon-fri 9:00-17:00", "country": "US", "cities": "", "weekly_goal": "5"}
    assert client.post("/settings/availability", data=data).status_code == 303
    assert workspace.get_settings().availability == "Mon-Fri 09:00-17:00"
    assert workspace.get_settings().weekly_goal == 5
    undone = same_cli("undo")
    assert undone.exit_code == 0, undone.output
    assert "settings set" in undone.output
    assert workspace.get_settings().weekly_goal == 3


def test_nothing_changed_says_so(client: WebClient) -> None:
    assert client.post("/settings/profile", data=PROFILE).status_code == 303
    assert saved_notice(client) == "Nothing to save: no value changed."


@pytest.fixture
def keyring(monkeypatch: pytest.MonkeyPatch) -> dict[tuple[str, str], str]:
    """A keyring in memory (this machine has no usable one)."""
    kept: dict[tuple[str, str], str] = {}
    fake = types.ModuleType("keyring")
    fake.set_password = lambda service, user, password: kept.__setitem__((service, user), password)  # type: ignore[attr-defined]
    fake.get_password = lambda service, user: kept.get((service, user))  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "keyring", fake)
    monkeypatch.delenv("COFFEECHAT_SMTP_PASSWORD", raising=False)
    return kept


MAIL = {"smtp_host": "smtp.example.com", "smtp_port": "", "smtp_security": "starttls"}


def test_the_mail_password_goes_to_the_keyring_and_is_never_shown(
    client: WebClient, workspace: Workspace, keyring: dict[tuple[str, str], str]
) -> None:
    data = {**MAIL, "smtp_user": "sam@example.com", "smtp_password": "s3cret-Pa55"}
    response = client.post("/settings/mail", data=data)
    assert response.status_code == 303
    assert keyring == {("coffeechat", "sam@example.com"): "s3cret-Pa55"}
    assert workspace.get_settings().smtp_host == "smtp.example.com"
    page = client.get("/settings").text
    assert "s3cret-Pa55" not in page
    assert "A password is kept in your keyring" in page
    assert 'name="smtp_password" type="password"' in page
    assert "s3cret-Pa55" not in repr(workspace.get_settings())  # not in the workspace


def test_a_password_without_a_keyring_is_refused_beside_its_field(
    client: WebClient, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = types.ModuleType("keyring")

    def refuse(*args: Any) -> None:
        raise RuntimeError("No recommended backend was available.")

    broken.set_password = refuse  # type: ignore[attr-defined]
    broken.get_password = lambda *args: None  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "keyring", broken)
    data = {**MAIL, "smtp_user": "sam@example.com", "smtp_password": "s3cret-Pa55"}
    response = client.post("/settings/mail", data=data)
    assert response.status_code == 400
    error = re.search(r'id="set-smtp_password-error" role="alert">([^<]*)<', response.text)
    assert error and "No recommended backend" in error.group(1)
    assert "COFFEECHAT_SMTP_PASSWORD" in error.group(1)
    assert "s3cret-Pa55" not in response.text


def test_a_bad_mail_setting_is_refused_as_the_cli_refuses_it(
    client: WebClient, workspace: Workspace
) -> None:
    data = {**MAIL, "smtp_port": "99999", "smtp_user": ""}
    response = client.post("/settings/mail", data=data)
    assert response.status_code == 400
    assert re.search(r'id="set-smtp_port-error" role="alert">smtp_port: must be', response.text)
    assert workspace.get_settings().smtp_host is None


def test_calendars_are_added_refreshed_and_removed(
    client: WebClient, workspace: Workspace, same_cli: CLI
) -> None:
    response = client.post("/settings/calendars", data={"source": str(CALENDAR)})
    assert response.status_code == 303
    [calendar] = workspace.list_calendars()
    assert calendar.source == str(CALENDAR)
    page = client.get("/settings").text
    assert f"Added calendar {calendar.id}" in page and str(CALENDAR) in page
    assert client.post("/settings/calendars/refresh").status_code == 303
    assert saved_notice(client) == "Read your 1 calendars again."
    response = client.post("/settings/calendars/remove", data={"calendar": str(calendar.id)})
    assert response.status_code == 303
    assert workspace.list_calendars() == []
    undone = same_cli("undo")
    assert "calendar remove" in undone.output
    assert len(workspace.list_calendars()) == 1


def test_a_calendar_that_cannot_be_read_is_refused_beside_its_field(
    client: WebClient, workspace: Workspace, tmp_path: Path
) -> None:
    bad = tmp_path / "notes.ics"
    bad.write_text("just some words\n")
    response = client.post("/settings/calendars", data={"source": str(bad)})
    assert response.status_code == 400
    assert re.search(r'id="calendar-error" role="alert">[^<]*notes\.ics', response.text)
    response = client.post("/settings/calendars", data={"caldav": "http://cloud.example.com/dav"})
    assert response.status_code == 400
    assert re.search(r'id="caldav-error" role="alert">[^<]*https', response.text)
    assert workspace.list_calendars() == []


def test_a_refresh_that_cannot_read_a_calendar_keeps_its_copy_and_says_so(
    client: WebClient, workspace: Workspace, tmp_path: Path
) -> None:
    copy = tmp_path / "work.ics"
    copy.write_bytes(CALENDAR.read_bytes())
    workspace.add_calendar(str(copy))
    copy.unlink()
    response = client.post("/settings/calendars/refresh")
    assert response.status_code == 200
    assert re.search(r'class="error" role="alert">[^<]*work\.ics[^<]*kept the copy', response.text)
    [calendar] = workspace.list_calendars()
    assert calendar.size == len(CALENDAR.read_bytes())


def test_guides_are_added_downloaded_and_removed(
    client: WebClient, workspace: Workspace, same_cli: CLI
) -> None:
    with GUIDE.open("rb") as stream:
        response = client.post(
            "/settings/guides",
            data={"name": "mine"},
            files={"file": ("good-engineers.toml", stream, "application/toml")},
        )
    assert response.status_code == 303, response.text
    assert "mine" in [g.name for g in workspace.list_guides()]
    page = client.get("/settings").text
    assert "Added the guide mine." in page
    toml = client.get("/settings/guides/mine.toml")
    assert toml.status_code == 200 and "attachment" in toml.headers["content-disposition"]
    assert toml.text == same_cli("guide", "show", "mine", "--toml").output
    assert client.get("/settings/guides/..%2Fetc.toml").status_code == 404  # names only
    response = client.post("/settings/guides/remove", data={"guide": "mine"})
    assert response.status_code == 303
    assert "mine" not in [g.name for g in workspace.list_guides()]
    assert "guide remove" in same_cli("undo").output
    assert "mine" in [g.name for g in workspace.list_guides()]


def test_a_bad_guide_file_is_refused_with_its_line(client: WebClient, workspace: Workspace) -> None:
    response = client.post(
        "/settings/guides",
        files={"file": ("broken.toml", b'title = "x"\nquestions = [\n', "application/toml")},
    )
    assert response.status_code == 400
    error = re.search(r'id="guide-error" role="alert">([^<]*)<', response.text)
    assert error and "broken.toml" in error.group(1) and "/tmp" not in error.group(1)
    response = client.post("/settings/guides", files={"file": ("guide.txt", b"x", "text/plain")})
    assert response.status_code == 400 and ".toml, .yaml or .yml" in response.text
    odd = ("../../a<b>\x00.toml", b'title = "x"\n', "application/toml")
    response = client.post("/settings/guides", files={"file": odd})
    assert response.status_code == 400
    assert re.search(r'id="guide-error" role="alert">a_b_\w*\.toml, questions', response.text)
    assert [g.builtin for g in workspace.list_guides()] == [True, True]


def test_templates_are_shown_with_where_yours_goes(client: WebClient, workspace: Workspace) -> None:
    home = workspace.settings.home
    (home / "templates").mkdir()
    (home / "templates" / "thank-you.txt").write_text(
        "Subject: Thanks!\n\nThank you, {{ first_name }}.\n"
    )
    page = client.get("/settings").text
    assert "<strong>thank-you</strong> · yours" in page
    assert "Thank you, {{ first_name }}." in page
    assert "<strong>outreach</strong> · built in" in page
    assert str(home / "templates" / "outreach.txt") in page


def test_every_settings_form_needs_its_csrf_token(client: WebClient) -> None:
    forms = ("profile", "availability", "mail", "calendars", "calendars/refresh", "feed")
    for path in (f"/settings/{form}" for form in forms):
        assert client.post(path, csrf=False, data={}).status_code == 403, path


def test_a_refresh_keeps_the_fresh_copy_which_is_no_change_to_undo(
    client: WebClient, workspace: Workspace, tmp_path: Path
) -> None:
    copy = tmp_path / "work.ics"
    copy.write_bytes(CALENDAR.read_bytes())
    workspace.add_calendar(str(copy))
    before = workspace.last_change()
    other = DATA / "calendars" / "outlook.ics"
    copy.write_bytes(other.read_bytes())
    assert client.post("/settings/calendars/refresh").status_code == 303
    assert workspace.list_calendars()[0].size == len(other.read_bytes())
    assert workspace.last_change() == before  # a copy is a cache: undo still means the add


def test_the_api_shows_and_sets_settings_as_the_cli_does(
    client: WebClient, workspace: Workspace, same_cli: CLI
) -> None:
    assert client.get("/api/v1/settings").json() == same_cli.json("settings", "show")
    response = client.http.patch(
        "/api/v1/settings",
        json={"weekly_goal": 5, "cities": "Chicago, Evanston"},
        headers={"X-CSRF-Token": client.csrf},
    )
    assert response.status_code == 200
    assert response.json() == same_cli.json("settings", "show")
    assert response.json()["weekly_goal"] == 5
    assert "settings set" in same_cli("undo").output
    refused = client.http.patch(
        "/api/v1/settings",
        json={"weekly_goal": 5, "timezone": "Chicgo"},
        headers={"X-CSRF-Token": client.csrf},
    )
    assert refused.status_code == 400
    assert refused.json()["error"]["field"] == "timezone"
    assert workspace.get_settings().weekly_goal == 3  # nothing saved
