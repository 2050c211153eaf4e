"""The chat (``/contacts/{id}/chat``), built first for a phone held during the coffee:
the question guide fitted to the minutes (``coffeechat guide CONTACT --minutes N``), a
timer with the cue of the moment (static/chat.js), one note field per topic saved as it
is typed (the script sends each topic's full text to ``PUT /api/v1/contacts/{id}/notes/
{topic}``; without script the fields are a form with a Save button), and takeaways,
promises and introductions added in place (``takeaway add``, ``promise add``, ``intro
add``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from coffeechat.core.errors import CoffeechatError, InvalidValue, UnknownContact
from coffeechat.web import notice as notice_cookie
from coffeechat.web.routers.deps import relabel, workspace_of
from coffeechat.web.security import check_csrf
from coffeechat.web.templating import is_htmx, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(check_csrf)])

NOTICE_COOKIE = "coffeechat_chat_notice"

#: The lengths offered by the minutes selector (the conversation's own is added).
MINUTES = (10, 15, 20, 30, 45, 60)
TAKEAWAY_KINDS = ("insight", "mentor", "introduction", "path", "resource", "advice")
#: The form field of a topic's note, without script: ``note-journey``.
NOTE_FIELD = "note-"


@dataclass(frozen=True)
class Topic:
    """A question of the fitted guide with the note written under it."""

    key: str
    number: int
    question: str
    purpose: str
    minutes: int
    start: int
    note: str
    #: When the note last changed, in milliseconds since 1970 (0: none yet): the script
    #: keeps a text typed offline only when it is newer.
    updated_ms: int
    #: Kept though the guide left it out for time: it holds a note.
    left_out: bool = False


@dataclass(frozen=True)
class Takeaway:
    kind: str
    text: str


@dataclass(frozen=True)
class Promise:
    by: str
    text: str
    due: str | None
    done: bool


@dataclass(frozen=True)
class Introduction:
    name: str
    company: str | None
    status: str


@dataclass
class FormState:
    """A small form refused by the service: which one, the field, what was typed."""

    form: str = ""
    #: The field the error is about (the service's ``field``).
    about: str | None = None
    error: str | None = None
    values: dict[str, str] = field(default_factory=dict)

    def value(self, form: str, name: str, default: str = "") -> str:
        return self.values.get(name, default) if self.form == form else default

    def error_of(self, form: str) -> str | None:
        return self.error if self.form == form else None


@dataclass(frozen=True)
class ChatPage:
    """The context of the chat page."""

    title: str
    contact_id: int
    name: str
    company: str | None
    minutes: int | None
    choices: tuple[int, ...]
    guide: str
    opening: int
    cue_at: int | None
    wrap_up: int
    topics: list[Topic]
    takeaways: list[Takeaway]
    promises: list[Promise]
    introductions: list[Introduction]
    kinds: tuple[str, ...] = TAKEAWAY_KINDS
    notice: str | None = None
    #: The part of the page the notice is about: notes, takeaways, promises, introductions.
    notice_in: str = ""
    minutes_error: str | None = None
    state: FormState = field(default_factory=FormState)

    @property
    def query(self) -> str:
        """The page's address, keeping the chosen minutes."""
        base = f"/contacts/{self.contact_id}/chat"
        return f"{base}?minutes={self.minutes}" if self.minutes else base


def _ms(value: object) -> int:
    import datetime as dt

    return int(value.timestamp() * 1000) if isinstance(value, dt.datetime) else 0


def _minutes(raw: str | None) -> int | None:
    """The minutes asked for in the address (None: as planned)."""
    if raw is None or not raw.strip():
        return None
    cleaned = raw.strip()
    if not cleaned.isdigit() or not 1 <= int(cleaned) <= 600:
        raise InvalidValue("minutes", raw, "give a number of minutes, 1 to 600", "30")
    return int(cleaned)


def chat_page(
    request: Request,
    contact_id: int,
    minutes: str | None = None,
    *,
    notice: str | None = None,
    notice_in: str = "",
    state: FormState | None = None,
) -> ChatPage:
    """The page, read from the service: the guide as ``coffeechat guide`` fits it, the
    notes of the current conversation, and what it yielded so far."""
    workspace = workspace_of(request)
    minutes_error = None
    try:
        view = workspace.guide_for(str(contact_id), minutes=_minutes(minutes))
    except InvalidValue as problem:
        if problem.field != "minutes":
            raise
        minutes_error = str(problem)
        view = workspace.guide_for(str(contact_id))
    if view.contact.id != contact_id:  # digits of no one's id that matched a name
        raise UnknownContact(str(contact_id))
    plan = view.plan
    written = workspace.topic_notes(str(contact_id))
    topics = [
        Topic(
            q.key,
            n,
            q.text,
            q.purpose,
            q.minutes,
            q.start,
            written.topics[q.key].text if q.key in written.topics else "",
            _ms(written.topics[q.key].updated_at) if q.key in written.topics else 0,
        )
        for n, q in enumerate(plan.questions, 1)
    ]
    # a question the guide left out for time keeps its field when it holds a note
    for q in view.guide.questions:
        if q.key in written.topics and q.key not in plan.keys:
            t = written.topics[q.key]
            topics.append(
                Topic(
                    q.key,
                    len(topics) + 1,
                    q.text,
                    q.purpose,
                    0,
                    0,
                    t.text,
                    _ms(t.updated_at),
                    left_out=True,
                )
            )
    conversation = written.conversation_id
    takeaways: list[Takeaway] = []
    promises: list[Promise] = []
    introductions: list[Introduction] = []
    if conversation is not None:
        _, rows = workspace.list_takeaways(str(contact_id))
        takeaways = [Takeaway(t.kind, t.text) for t in rows if t.conversation_id == conversation]
        _, made = workspace.list_promises(str(contact_id))
        promises = [
            Promise(p.by, p.text, p.due.isoformat() if p.due else None, p.done_at is not None)
            for p in made
            if p.conversation_id == conversation and p.contact_id == contact_id
        ]
        _, offered = workspace.list_introductions(str(contact_id))
        for i in offered:
            if i.conversation_id == conversation:
                person = workspace.show_contact(str(i.to_id)).contact
                introductions.append(Introduction(person.name, person.company, i.status))
    choices = tuple(sorted({*MINUTES, *([plan.minutes] if plan.minutes else [])}))
    return ChatPage(
        title=f"Chat with {view.contact.name}",
        contact_id=contact_id,
        name=view.contact.name,
        company=view.contact.company,
        minutes=plan.minutes,
        choices=choices,
        guide=plan.title,
        opening=plan.opening,
        cue_at=plan.cue_at,
        wrap_up=plan.wrap_up,
        topics=topics,
        takeaways=takeaways,
        promises=promises,
        introductions=introductions,
        notice=notice,
        notice_in=notice_in,
        minutes_error=minutes_error,
        state=state or FormState(),
    )


def _known(request: Request, contact_id: int) -> None:
    """A contact id that is no one's must not write on someone named with its digits."""
    if workspace_of(request).topic_notes(str(contact_id)).contact.id != contact_id:
        raise UnknownContact(str(contact_id))


def _back(request: Request, contact_id: int, minutes: str, block: str, notice: str) -> Response:
    """Post-redirect-get for a plain form; the updated part of the page for htmx."""
    if is_htmx(request):
        page = chat_page(request, contact_id, minutes, notice=notice, notice_in=block)
        return render(request, "chat/page.html", page, block=block)
    where = f"/contacts/{contact_id}/chat" + (f"?minutes={minutes}" if minutes.strip() else "")
    where += f"#{block}"
    return notice_cookie.redirect_with(where, NOTICE_COOKIE, f"{block}:{notice}")


def _refused(
    request: Request, contact_id: int, minutes: str, block: str, state: FormState
) -> Response:
    """The page again with the error beside the field; nothing was written. htmx gets
    the part with a 200 (it swaps no 4xx answer), a plain form the page with a 400."""
    page = chat_page(request, contact_id, minutes, state=state)
    if is_htmx(request):
        return render(request, "chat/page.html", page, block=block)
    return render(request, "chat/page.html", page, status_code=400)


@router.get("/contacts/{contact_id}/chat")
def chat(request: Request, contact_id: int, minutes: str | None = None) -> Response:
    """The chat page, its guide fitted to ``minutes`` (default: as planned, else 30)."""
    block, _, said = (notice_cookie.told(request, NOTICE_COOKIE) or "").partition(":")
    page = chat_page(request, contact_id, minutes, notice=said or None, notice_in=block)
    return notice_cookie.shown(request, render(request, "chat/page.html", page), NOTICE_COOKIE)


@router.post("/contacts/{contact_id}/chat/notes")
async def note_edit(request: Request, contact_id: int) -> Response:
    """Save every topic's note as typed (the form without script): each topic's note
    becomes its field's text (``coffeechat note add`` for a new one, ``note edit``)."""
    form = await request.form()
    texts = {
        # a form sends line breaks as CRLF: stored as the script sends them, LF
        str(name)[len(NOTE_FIELD) :]: value.replace("\r\n", "\n")
        for name, value in form.multi_items()
        if str(name).startswith(NOTE_FIELD) and isinstance(value, str)
    }
    minutes = form.get("minutes")
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(
        _save_notes, request, contact_id, texts, minutes if isinstance(minutes, str) else ""
    )


def _save_notes(request: Request, contact_id: int, texts: dict[str, str], minutes: str) -> Response:
    workspace = workspace_of(request)
    _known(request, contact_id)
    stored = workspace.topic_notes(str(contact_id)).topics
    changed = {
        key: text
        for key, text in texts.items()
        if text.strip() != (stored[key].text if key in stored else "")
    }
    if not changed:
        return _back(request, contact_id, minutes, "notes", "Nothing new to save.")
    relabel("note edit" if any(key in stored for key in changed) else "note add")
    try:
        for key, text in changed.items():
            workspace.set_topic_note(str(contact_id), key, text)
    except CoffeechatError as problem:
        state = FormState("notes", getattr(problem, "field", None), str(problem))
        return _refused(request, contact_id, minutes, "notes", state)
    return _back(request, contact_id, minutes, "notes", "Notes saved.")


@router.post("/contacts/{contact_id}/chat/takeaways")
def takeaway_add(
    request: Request,
    contact_id: int,
    kind: Annotated[str, Form()] = "",
    text: Annotated[str, Form()] = "",
    minutes: Annotated[str, Form()] = "",
) -> Response:
    """Add a takeaway to the conversation (``coffeechat takeaway add``)."""
    _known(request, contact_id)
    try:
        workspace_of(request).add_takeaway(str(contact_id), kind, text)
    except CoffeechatError as problem:
        state = FormState(
            "takeaway", getattr(problem, "field", None), str(problem), {"kind": kind, "text": text}
        )
        return _refused(request, contact_id, minutes, "takeaways", state)
    return _back(request, contact_id, minutes, "takeaways", f"Takeaway added ({kind.strip()}).")


@router.post("/contacts/{contact_id}/chat/promises")
def promise_add(
    request: Request,
    contact_id: int,
    by: Annotated[str, Form()] = "",
    text: Annotated[str, Form()] = "",
    due: Annotated[str, Form()] = "",
    minutes: Annotated[str, Form()] = "",
) -> Response:
    """Add a promise, yours or theirs (``coffeechat promise add``)."""
    _known(request, contact_id)
    try:
        workspace_of(request).add_promise(str(contact_id), by, text, due=due or None)
    except CoffeechatError as problem:
        values = {"by": by, "text": text, "due": due}
        state = FormState("promise", getattr(problem, "field", None), str(problem), values)
        return _refused(request, contact_id, minutes, "promises", state)
    who = "Your promise" if by.strip() == "me" else "Their promise"
    return _back(request, contact_id, minutes, "promises", f"{who} is written down.")


@router.post("/contacts/{contact_id}/chat/introductions")
def intro_add(
    request: Request,
    contact_id: int,
    to: Annotated[str, Form()] = "",
    company: Annotated[str, Form()] = "",
    email: Annotated[str, Form()] = "",
    minutes: Annotated[str, Form()] = "",
) -> Response:
    """Record an introduction they offered (``coffeechat intro add``)."""
    _known(request, contact_id)
    try:
        made = workspace_of(request).add_introduction(
            str(contact_id), to, company=company or None, email=email or None
        )
    except CoffeechatError as problem:
        values = {"to": to, "company": company, "email": email}
        state = FormState("intro", getattr(problem, "field", None), str(problem), values)
        return _refused(request, contact_id, minutes, "introductions", state)
    said = f"{made.person.name} added: ask for the introduction on {made.ask_on:%a %d %b}."
    return _back(request, contact_id, minutes, "introductions", said)
