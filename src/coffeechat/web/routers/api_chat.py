"""The JSON API of the conversation: notes, takeaways, promises, introductions and the
timeline's events, as ``coffeechat note|takeaway|promise|intro add --json`` and ``log
CONTACT KIND --json`` print them (the same service calls, the same formats/jsonout.py;
docs/json.md is the contract). ``PUT .../notes/{topic}`` sets a topic's note whole: the
chat page sends it as the user types."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict

from coffeechat.core.errors import UnknownContact
from coffeechat.formats import jsonout
from coffeechat.web.routers.deps import relabel, workspace_of
from coffeechat.web.security import check_csrf

router = APIRouter(prefix="/api/v1", tags=["api"], dependencies=[Depends(check_csrf)])


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class NewNote(_Body):
    """A note (``note add``): under a topic of the guide, ``reflection``, or none."""

    text: str
    topic: str | None = None
    conversation: int | None = None


class TopicNote(_Body):
    """A topic's whole note, as typed so far (empty: remove it)."""

    text: str
    conversation: int | None = None


class NewTakeaway(_Body):
    """A takeaway (``takeaway add``)."""

    kind: str
    text: str
    conversation: int | None = None


class NewPromise(_Body):
    """A promise (``promise add``): ``by`` is me or them."""

    by: str
    text: str
    due: str | None = None
    conversation: int | None = None


class NewIntroduction(_Body):
    """An introduction offered (``intro add``)."""

    to: str
    company: str | None = None
    email: str | None = None
    conversation: int | None = None


class NewEvent(_Body):
    """An event of the timeline (``log CONTACT KIND``): ``at`` ISO 8601 (default now),
    ``minutes`` and ``format`` for a meeting held, ``future`` for one far ahead."""

    kind: str
    at: str | None = None
    note: str | None = None
    minutes: int | None = None
    format: str | None = None
    future: bool = False


def _ref(request: Request, contact_id: int) -> str:
    """The contact's reference for the service; an id that is no one's is a 404 (never
    someone whose name holds those digits)."""
    if not workspace_of(request).contact_exists(contact_id):
        raise UnknownContact(str(contact_id))
    return str(contact_id)


@router.post("/contacts/{contact_id}/notes", status_code=201)
def api_note_add(request: Request, contact_id: int, new: NewNote) -> dict[str, Any]:
    """Add a note to the contact's conversation (= ``note add --json``)."""
    ref = _ref(request, contact_id)
    written = workspace_of(request).add_note(
        ref, new.text, topic=new.topic, conversation=new.conversation
    )
    topic = new.topic.strip().lower() if new.topic and new.topic.strip() else None
    return jsonout.written(written, "note", {"topic": topic})


@router.put("/contacts/{contact_id}/notes/{topic}")
def api_note_set(request: Request, contact_id: int, topic: str, note: TopicNote) -> dict[str, Any]:
    """Set a topic's note to this whole text (replaced, never appended; empty removes
    it): the shape of ``note add --json``, with what it did as ``outcome``."""
    ref = _ref(request, contact_id)
    workspace = workspace_of(request)
    stored = workspace.topic_notes(ref).topics
    relabel("note edit" if topic.strip().lower() in stored else "note add")
    saved = workspace.set_topic_note(ref, topic, note.text, conversation=note.conversation)
    document = jsonout.written(saved, "note", {"topic": saved.topic})
    document["outcome"] = saved.outcome
    return document


@router.post("/contacts/{contact_id}/takeaways", status_code=201)
def api_takeaway_add(request: Request, contact_id: int, new: NewTakeaway) -> dict[str, Any]:
    """Add a takeaway (= ``takeaway add --json``)."""
    ref = _ref(request, contact_id)
    written = workspace_of(request).add_takeaway(
        ref, new.kind, new.text, conversation=new.conversation
    )
    return jsonout.written(written, "takeaway", {"kind": new.kind.strip().lower()})


@router.post("/contacts/{contact_id}/promises", status_code=201)
def api_promise_add(request: Request, contact_id: int, new: NewPromise) -> dict[str, Any]:
    """Add a promise (= ``promise add --json``)."""
    ref = _ref(request, contact_id)
    written = workspace_of(request).add_promise(
        ref, new.by, new.text, due=new.due, conversation=new.conversation
    )
    due = new.due.strip() if new.due and new.due.strip() else None
    return jsonout.written(written, "promise", {"by": new.by.strip().lower(), "due": due})


@router.post("/contacts/{contact_id}/introductions", status_code=201)
def api_intro_add(request: Request, contact_id: int, new: NewIntroduction) -> dict[str, Any]:
    """Record an introduction the contact offered (= ``intro add --json``)."""
    ref = _ref(request, contact_id)
    workspace = workspace_of(request)
    made = workspace.add_introduction(
        ref, new.to, company=new.company, email=new.email, conversation=new.conversation
    )
    return jsonout.introduction_made(made, workspace.get_settings().timezone)


@router.post("/contacts/{contact_id}/events", status_code=201)
def api_log(request: Request, contact_id: int, new: NewEvent) -> dict[str, Any]:
    """Log an event on the contact's timeline (= ``log CONTACT KIND --json``)."""
    ref = _ref(request, contact_id)
    relabel(f"log {new.kind.strip().lower()}")
    workspace = workspace_of(request)
    event = workspace.log(
        ref,
        new.kind,
        at=new.at,
        note=new.note,
        minutes=new.minutes,
        format=new.format,
        ask_ahead=not new.future,
    )
    return jsonout.logged(event, workspace.staged_contact(contact_id))
