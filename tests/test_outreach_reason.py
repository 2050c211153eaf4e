"""Why this person: `contact add|edit --reason`, kept everywhere a contact goes, and the
outreach draft that says it (or says what to add when nothing does).

"Now" is Friday 27 November 2026, 09:00 in New York (conftest).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from coffeechat.core.checker import Recipient, check_message
from coffeechat.core.drafts import WHY_PLACEHOLDER, headline_sentence, sign_off, why_them
from coffeechat.service import Workspace
from conftest import CLI, NOW_DT, WebClient

SIGNATURE = "Sam Rivera\nBootcamp graduate, full-stack developer"


def errors(body: str, name: str, company: str) -> list[str]:
    report = check_message(
        "outreach", body, now=NOW_DT, zone="America/New_York",
        recipient=Recipient(name, company), sender="Sam Rivera",
    )  # fmt: skip
    return [f.rule for f in report.findings if f.severity == "error"]


@pytest.fixture
def two(ccw: CLI) -> CLI:
    """Ada and Grace, met at the same meetup, with different reasons to talk."""
    ccw("settings", "set", "signature", SIGNATURE)
    for name, reason in (
        ("Ada Lovelace", "your talk on moving a team from batch to streaming"),
        ("Grace Hopper", "you moved from teaching into data engineering, the move I'm making"),
    ):
        ccw(
            "contact", "add", name, "--email", f"{name.split()[0].lower()}@example.com",
            "--company", "Analytical Engines", "--how-met", "event",
            "--met-at", "PyData NYC meetup", "--met-on", "2026-11-24", "--reason", reason,
        )  # fmt: skip
    return ccw


def test_two_contacts_with_different_reasons_get_different_drafts(two: CLI) -> None:
    ada = two("draft", "outreach", "ada")
    grace = two("draft", "outreach", "grace")
    assert "your talk on moving a team from batch to streaming." in ada.stdout
    assert "you moved from teaching into data engineering, the move I'm making." in grace.stdout
    assert "streaming" not in grace.stdout and "teaching" not in ada.stdout
    body = lambda text: text.split("\n", 2)[2].replace("Ada", "X").replace("Grace", "X")  # noqa: E731
    assert body(ada.stdout) != body(grace.stdout)  # not just the names
    assert "[" not in ada.stdout and ada.stderr == ""  # nothing to fill in, no warning
    for result, name in ((ada, "Ada Lovelace"), (grace, "Grace Hopper")):
        assert errors(result.stdout, name, "Analytical Engines") == []


def test_a_reason_written_as_a_sentence_is_kept_as_written(two: CLI) -> None:
    two("contact", "edit", "ada", "--reason", "Your post on Kafka stayed with me.")
    body = two("draft", "outreach", "ada").stdout
    assert "on Tuesday. I'm a bootcamp graduate" in body
    assert "developer.\n\nYour post on Kafka stayed with me. Would you have" in body


def test_the_sender_is_one_sentence_and_the_signature_does_not_repeat_it(two: CLI) -> None:
    body = two("draft", "outreach", "ada").stdout
    assert "I'm a bootcamp graduate and full-stack developer." in body
    assert "A bit about me" not in body and "Bootcamp graduate, full-stack" not in body
    assert body.rstrip().endswith("Best,\nSam Rivera")


def test_without_a_reason_the_draft_says_what_to_add(ccw: CLI) -> None:
    ccw("contact", "add", "Ada Lovelace", "--met-at", "PyData NYC", "--email", "a@example.com")
    result = ccw("draft", "outreach", "ada")
    assert WHY_PLACEHOLDER in result.stdout  # a line to fill in, never a made-up reason
    assert "Your path" not in result.stdout and "exactly what I'm hoping" not in result.stdout
    assert "Warning: nothing says why you want to talk to Ada Lovelace" in result.stderr
    assert 'coffeechat contact edit 1 --reason "' in result.stderr
    warnings = ccw.json("draft", "outreach", "ada")
    assert isinstance(warnings, dict)


def test_a_question_in_their_notes_is_the_reason(ccw: CLI) -> None:
    ccw(
        "contact", "add", "Ada Lovelace", "--email", "a@example.com",
        "--note", "Met by the coffee urn.\nHow did you get from physics into QA?",
    )  # fmt: skip
    result = ccw("draft", "outreach", "ada")
    assert "One thing I'd love to ask you: How did you get from physics into QA?" in result.stdout
    assert "coffee urn" not in result.stdout  # the rest of the note stays private
    assert "comes from your notes on Ada Lovelace" in result.stderr
    ccw("contact", "edit", "ada", "--reason", "your QA talk")  # a reason wins over notes
    assert "your QA talk." in ccw("draft", "outreach", "ada").stdout


def test_an_ask_about_note_on_the_timeline_is_the_reason(ccw: CLI) -> None:
    ccw("contact", "add", "Ada Lovelace", "--email", "a@example.com")
    ccw("log", "ada", "note", "--note", "Ask about the move to streaming")
    assert "I'd love to hear about the move to streaming." in ccw("draft", "outreach", "ada").stdout
    ccw("log", "ada", "note", "--note", "Ask her about her Berlin move")  # not said to her
    body = ccw("draft", "outreach", "ada").stdout
    assert "Berlin" not in body and "the move to streaming" in body


def test_the_web_draft_page_says_what_to_add(client: WebClient, workspace: Workspace) -> None:
    workspace.add_contact(name="Ada Lovelace", email="ada@example.com")
    page = client.get("/contacts/1/messages/outreach").text
    assert "nothing says why you want to talk to Ada Lovelace" in page
    workspace.edit_contact("1", reason="your talk on streaming")
    page = client.get("/contacts/1/messages/outreach").text
    assert "your talk on streaming." in page and "nothing says why" not in page


# --- the field ----------------------------------------------------------------------------


def test_reason_is_edited_cleared_and_shown(ccw: CLI) -> None:
    ccw("contact", "add", "Ada Lovelace", "--reason", "your talk")
    assert "reason" in ccw("contact", "show", "ada").stdout
    assert "your talk" in ccw("contact", "show", "ada").stdout
    assert ccw.json("contact", "edit", "ada", "--reason", "  your   post ")["reason"] == "your post"
    assert ccw.json("contact", "show", "ada")["reason"] == "your post"
    assert ccw.json("contact", "edit", "ada", "--reason", "")["reason"] is None
    before = ccw.json("contact", "show", "ada")
    refused = ccw.fails("contact", "edit", "ada", "--reason", "x" * 501)
    assert "reason" in refused.stderr and len(refused.stderr.strip().splitlines()) == 1
    assert ccw.json("contact", "show", "ada") == before


def restore(ccw: CLI, backup: Path, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Restore a backup into a new, empty workspace at ``home`` (and use it from now on)."""
    monkeypatch.setenv("COFFEECHAT_HOME", str(home))
    ccw("init", "--name", "Placeholder")
    ccw("import", "json", str(backup))


def test_reason_goes_out_and_back_in_the_json_backup(
    ccw: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ccw("contact", "add", "Ada Lovelace", "--reason", "your talk on streaming")
    ccw("contact", "add", "Grace Hopper")
    backup = tmp_path / "backup.json"
    ccw("export", "json", "-o", str(backup))
    contacts = {c["name"]: c for c in json.loads(backup.read_text())["contacts"]}
    assert contacts["Ada Lovelace"]["reason"] == "your talk on streaming"
    assert contacts["Grace Hopper"]["reason"] is None
    restore(ccw, backup, tmp_path / "restored", monkeypatch)
    assert ccw.json("contact", "show", "ada")["reason"] == "your talk on streaming"
    csv = ccw("export", "csv").stdout.splitlines()
    assert ",reason,stage" in csv[0] and ",your talk on streaming,met" in csv[1]


def test_a_backup_without_reasons_restores(
    ccw: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ccw("contact", "add", "Ada Lovelace", "--reason", "your talk")
    backup = tmp_path / "backup.json"
    ccw("export", "json", "-o", str(backup))
    document = json.loads(backup.read_text())
    for c in document["contacts"]:
        del c["reason"]  # as issue 15 and earlier wrote it
    backup.write_text(json.dumps(document))
    restore(ccw, backup, tmp_path / "restored", monkeypatch)
    assert ccw.json("contact", "show", "ada")["reason"] is None


def test_undo_puts_the_reason_back(ccw: CLI) -> None:
    ccw("contact", "add", "Ada Lovelace", "--reason", "your talk")
    ccw("contact", "edit", "ada", "--reason", "your post")
    ccw("undo")
    assert ccw.json("contact", "show", "ada")["reason"] == "your talk"


def test_the_web_forms_take_the_reason(client: WebClient, same_cli: CLI) -> None:
    added = client.post("/contacts", data={"name": "Ada Lovelace", "reason": "your talk"})
    assert added.status_code == 303
    assert same_cli.json("contact", "show", "ada")["reason"] == "your talk"
    assert 'name="reason"' in client.get("/contacts").text
    page = client.get("/contacts/1/edit").text
    assert 'name="reason"' in page and 'value="your talk"' in page
    saved = client.post(
        "/contacts/1/edit", data={"name": "Ada Lovelace", "reason": "your post on Kafka"}
    )
    assert saved.status_code == 303
    assert same_cli.json("contact", "show", "ada")["reason"] == "your post on Kafka"
    assert "your post on Kafka" in client.get("/contacts/1").text
    too_long = client.post("/contacts/1/edit", data={"name": "Ada Lovelace", "reason": "x" * 501})
    assert too_long.status_code == 400 and 'id="edit-reason-error"' in too_long.text


def test_the_api_takes_the_reason(client: WebClient, same_cli: CLI) -> None:
    headers = {"X-CSRF-Token": client.csrf}
    made = client.http.post(
        "/api/v1/contacts", json={"name": "Ada Lovelace", "reason": "your talk"}, headers=headers
    )
    assert made.status_code == 201 and made.json()["reason"] == "your talk"
    changed = client.http.patch("/api/v1/contacts/1", json={"reason": ""}, headers=headers)
    assert changed.status_code == 200 and changed.json()["reason"] is None
    bad = client.http.patch("/api/v1/contacts/1", json={"reason": "x" * 501}, headers=headers)
    assert bad.status_code == 400 and bad.json()["error"]["field"] == "reason"


# --- the wording helpers --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headline", "sentence"),
    [
        ("Bootcamp graduate, full-stack developer", "I'm a bootcamp graduate and full-stack developer."),  # noqa: E501
        ("MBA student", "I'm an MBA student."),
        ("UX designer", "I'm a UX designer."),
        ("Python developer", "I'm a Python developer."),
        ("Former teacher, now learning data engineering", "I'm a former teacher, now learning data engineering."),  # noqa: E501
        ("I build data pipelines.", "I build data pipelines."),
        ("Data analyst | SQL, Python", "A bit about me: Data analyst | SQL, Python."),
    ],
)  # fmt: skip
def test_a_headline_becomes_a_sentence(headline: str, sentence: str) -> None:
    assert headline_sentence(headline) == sentence


def test_sign_off_and_why() -> None:
    assert sign_off(SIGNATURE, "Bootcamp graduate, full-stack developer") == "Sam Rivera"
    assert sign_off("Sam Rivera", None) == "Sam Rivera"
    assert why_them(None, []).sentence is None
    assert why_them(None, ["Hiring?", "Is she still at Acme?"]).sentence is None  # notes to self
    assert why_them("   ", ["Likes Rust"]).sentence is None  # a note is not a reason
    found = why_them("your talk", ["How did you start?"])
    assert (found.sentence, found.source) == (
        "What made me want to reach out: your talk.",
        "reason",
    )


def test_contact_json_has_reason(ccw: CLI) -> None:
    document: Any = ccw.json("contact", "add", "Ada Lovelace")
    assert "reason" in document and document["reason"] is None


def test_search_finds_a_contact_by_their_reason(ccw: CLI) -> None:
    ccw("contact", "add", "Ada Lovelace", "--reason", "your talk on streaming")
    assert [r["title"] for r in ccw.json("search", "streaming")["results"]] == ["Ada Lovelace"]
    ccw("contact", "edit", "ada", "--reason", "")
    assert ccw.json("search", "streaming")["results"] == []
