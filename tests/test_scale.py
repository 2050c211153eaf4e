"""Cost follows the question (issue 12): one contact's follow-ups read that contact's rows
(and one peer at its company, through an index), lists read in chunks and page with
--limit/--offset in a stable order."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import event as sa_event

from coffeechat.core.errors import InvalidValue
from coffeechat.core.followups import KINDS
from coffeechat.service import followups as followups_service
from coffeechat.store import contacts as contact_store
from coffeechat.store import events as event_store


def _company(contacts: Any, size: int, company: str = "Globex") -> None:
    """``size`` people at one company, each reached out to (so each is chased)."""
    for i in range(size):
        added = contacts.add(
            f"Person {i:03}" + ("" if company == "Globex" else f" {company}"), company=company
        )
        contacts.log(str(added.id), "outreach", at="2026-11-16T10:00")


class Built:
    """Counts the rows turned into contacts and events while it is active."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.contacts = self.events = 0
        to_contact, to_event = contact_store._to_contact, event_store._to_event

        def counted_contact(*args: Any) -> Any:
            self.contacts += 1
            return to_contact(*args)

        def counted_event(*args: Any) -> Any:
            self.events += 1
            return to_event(*args)

        monkeypatch.setattr(contact_store, "_to_contact", counted_contact)
        monkeypatch.setattr(event_store, "_to_event", counted_event)


class Statements:
    """Counts the SQL statements a workspace's engine runs."""

    def __init__(self, workspace: Any) -> None:
        self.count = 0
        self.engine = workspace.engine
        sa_event.listen(self.engine, "before_cursor_execute", self._seen)

    def _seen(self, *args: Any) -> None:
        self.count += 1

    def close(self) -> None:
        sa_event.remove(self.engine, "before_cursor_execute", self._seen)


def test_one_contacts_follow_ups_read_only_that_contacts_rows(workspace, contacts, monkeypatch):
    _company(contacts, 30)
    target = contacts.add("Zed Last", company="Globex")
    contacts.log(str(target.id), "outreach", at="2026-11-16T10:00")
    built = Built(monkeypatch)
    responsiveness, items = workspace.contact_followups(str(target.id))
    assert responsiveness is None
    second = next(i for i in items if i.kind == "second-contact")
    assert "write to Person 000" in second.reason  # the peer: the lowest id at Globex
    assert built.events == 1  # Zed's one outreach, not the 30 others'
    assert built.contacts == 1  # Zed; the peer is one (id, name) row


def test_show_and_follow_ups_of_one_contact_do_not_grow_with_the_company(
    workspace, contacts, monkeypatch
):
    """The same statements, the same rows, with 3 or 40 colleagues at the company."""
    counts = []
    for size in (3, 40):
        company = f"Company {size}"
        _company(contacts, size, company)
        target = contacts.add(f"Target {size}", company=company)
        contacts.log(str(target.id), "outreach", at="2026-11-16T10:00")
        statements = Statements(workspace)
        built = Built(monkeypatch)
        workspace.show_contact(str(target.id))
        workspace.contact_followups(str(target.id))
        workspace.follow_ups(str(target.id))
        statements.close()
        counts.append((statements.count, built.contacts, built.events))
    assert counts[0] == counts[1]


def test_dismissing_an_item_reads_only_its_contact(workspace, contacts, monkeypatch):
    _company(contacts, 10)
    [item] = [i for i in workspace.follow_ups("Person 004") if i.kind == "second-contact"]
    built = Built(monkeypatch)
    assert workspace.dismiss(item.item).item == item.item
    assert built.events == 1
    assert all(i.item != item.item for i in workspace.follow_ups("Person 004"))


@pytest.mark.parametrize("chunk", [1, 2, 1000])
def test_the_workspace_in_chunks_gives_what_each_contact_gives(
    workspace, contacts, monkeypatch, chunk
):
    """Every path agrees: the agenda and `follow_ups()` read in chunks (of any size, an
    introduction crossing chunks), `follow_ups(contact)` one contact at a time."""
    _company(contacts, 6)
    contacts.add("Solo Target", company="Initech")
    contacts.log("Solo Target", "outreach", at="2026-11-16T10:00")
    workspace.edit_company("Initech", motivation="3")
    workspace.add_introduction("Person 000", "Person 005")
    contacts.log("Person 001", "meeting", at="2026-11-20T10:00")
    monkeypatch.setattr(followups_service, "CHUNK", chunk)
    everything = workspace.follow_ups()
    one_by_one = [i for c in workspace.list_contacts() for i in workspace.follow_ups(str(c.id))]
    assert sorted(everything, key=lambda i: i.item) == sorted(one_by_one, key=lambda i: i.item)
    kinds = {i.kind for i in everything}
    assert {"second-contact", "introduction", "thank-you"} <= kinds
    assert any("second person at Initech" in i.reason for i in everything)
    result = workspace.agenda(30)
    horizon = result.today + dt.timedelta(days=30)
    assert result.items == sorted(
        [i for i in everything if i.due <= horizon],
        key=lambda i: (i.due, KINDS.index(i.kind), i.contact_name, i.item),
    )


# --- paging ------------------------------------------------------------------------------


def test_list_contacts_pages_in_a_stable_order(workspace, contacts):
    for name in ["bea", "Ada", "ada", "Cy", "Ada", "dee", "Eve"]:
        contacts.add(name)
    everyone = [(c.id, c.name) for c in workspace.list_contacts()]
    assert [n.lower() for _, n in everyone] == sorted(n.lower() for _, n in everyone)
    adas = [i for i, n in everyone if n.lower() == "ada"]
    assert adas == sorted(adas)  # same name: by id
    pages, offset = [], 0
    while offset is not None:
        page = workspace.contacts_page(limit=3, offset=offset)
        pages.append([(c.id, c.name) for c in page.items])
        offset = page.next_offset
    assert [len(p) for p in pages] == [3, 3, 1]
    assert [c for p in pages for c in p] == everyone
    assert [(c.id, c.name) for c in workspace.list_contacts(limit=2, offset=5)] == everyone[5:]
    assert workspace.list_contacts(limit=5, offset=70) == []


def test_paging_with_a_stage_filter(workspace, contacts):
    for i in range(7):
        contacts.add(f"P{i}")
        if i % 2:
            contacts.log(f"P{i}", "outreach")
    reached = [c.name for c in workspace.list_contacts(stage="reached-out")]
    assert reached == ["P1", "P3", "P5"]
    page = workspace.contacts_page(stage="reached-out", limit=2, offset=1)
    assert [c.name for c in page.items] == ["P3", "P5"] and page.next_offset is None
    page = workspace.contacts_page(stage="met", limit=2)
    assert [c.name for c in page.items] == ["P0", "P2"] and page.next_offset == 2


@pytest.mark.parametrize(("limit", "offset"), [(0, 0), (-1, 0), (10_001, 0), (5, -1)])
def test_the_service_refuses_a_page_out_of_bounds(workspace, limit, offset):
    with pytest.raises(InvalidValue):
        workspace.list_contacts(limit=limit, offset=offset)
    with pytest.raises(InvalidValue):
        workspace.agenda(7, limit=limit, offset=offset)


@pytest.mark.parametrize("command", [["contact", "list"], ["agenda"]])
@pytest.mark.parametrize(
    "option", [["--limit", "0"], ["--limit", "-1"], ["--limit", "99999999999999999999"],
               ["--limit", "10001"], ["--offset", "-1"], ["--offset", "99999999999999999999"]]
)  # fmt: skip
def test_paging_bounds_are_usage_errors(ccw, command, option):
    result = ccw(*command, *option, ok=False)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_contact_list_json_pages(ccw):
    for name in ["Ada", "Bea", "Cy", "Dee", "Eve"]:
        ccw("contact", "add", name)
    assert list(ccw.json("contact", "list")) == ["contacts"]  # unpaged: as before
    first = ccw.json("contact", "list", "--limit", "2")
    assert list(first) == ["contacts", "next_offset"]
    assert [c["name"] for c in first["contacts"]] == ["Ada", "Bea"]
    assert first["next_offset"] == 2
    last = ccw.json("contact", "list", "--limit", "2", "--offset", "4")
    assert [c["name"] for c in last["contacts"]] == ["Eve"] and last["next_offset"] is None
    text = ccw("contact", "list", "--limit", "2", "--offset", "2").stdout
    assert "Cy" in text and "Dee" in text and "Eve" not in text
    assert text.rstrip().endswith("More: --offset 4")


def test_agenda_json_pages(ccw):
    for name in ["Ada", "Bea", "Cy"]:
        ccw("contact", "add", name, "--company", "Acme")
        ccw("log", name, "outreach", "--at", "2026-11-10T10:00")
    whole = ccw.json("agenda")
    assert set(whole) == {"today", "days", "items"}  # unpaged: as before
    items = whole["items"]
    assert len(items) >= 4
    seen, offset = [], 0
    while offset is not None:
        page = ccw.json("agenda", "--limit", "3", "--offset", str(offset))
        assert set(page) == {"today", "days", "items", "total", "next_offset"}
        assert page["total"] == len(items)
        seen += page["items"]
        offset = page["next_offset"]
    assert seen == items


@pytest.mark.parametrize("chunk", [1, 1000])
def test_agenda_pages_are_slices_of_the_whole(workspace, contacts, monkeypatch, chunk):
    _company(contacts, 5)
    contacts.log("Person 002", "meeting", at="2026-11-20T10:00")
    monkeypatch.setattr(followups_service, "CHUNK", chunk)
    whole = workspace.agenda(30)
    assert len(whole.items) >= 8 and whole.next_offset is None
    for limit in (1, 3, 100):
        for offset in (0, 2, 7, 50):
            page = workspace.agenda(30, limit=limit, offset=offset)
            assert page.items == whole.items[offset : offset + limit]
            assert page.total == len(whole.items)
            end = offset + len(page.items)
            assert page.next_offset == (end if end < len(whole.items) else None)
