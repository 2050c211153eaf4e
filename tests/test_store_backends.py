"""The workspace on each backend: schema, owner, round trips, search."""

from coffeechat.store.migrations import head_revision
from coffeechat.store.schema import SCHEMA_REVISION


def test_schema_revision_is_the_migration_head():
    assert head_revision() == SCHEMA_REVISION


def test_contact_round_trip(contacts, workspace):
    added = contacts.add(
        "Ada Lovelace",
        emails=["ada@example.com", "ada@acme.example"],
        company="Acme",
        timezone="Europe/London",
        tags=["python", "Mentor"],
        met_on="2026-11-20",
    )
    shown = workspace.show_contact("ada").contact
    assert shown.id == added.id
    assert shown.emails == ["ada@example.com", "ada@acme.example"]
    assert shown.company == "Acme"
    assert shown.country == "GB"
    assert shown.tags == ["mentor", "python"]
    assert shown.met_on.isoformat() == "2026-11-20"


def test_search_finds_contacts_companies_and_notes(contacts, workspace):
    contacts.add("Ada Lovelace", company="Acme Robotics", note="Loves analytical engines")
    contacts.log("ada", "note", note="Suggested the Rust meetup in Brooklyn")
    kinds = {r.kind for r in workspace.search("acme")}
    assert kinds == {"contact", "company"}
    notes = workspace.search("brook")
    assert [r.kind for r in notes] == ["note"]
    assert "Brooklyn" in notes[0].snippet
