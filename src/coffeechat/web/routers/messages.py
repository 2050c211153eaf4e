"""Messages: every kind of draft for a contact, and an editor that checks the text as it
is typed (the rule, the words it is about, the hint); copy, open in the mail program,
download the .eml, send through the mail server, or say "I sent it" to log it."""

from __future__ import annotations

import functools
import re
import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from coffeechat.core.drafts import KINDS
from coffeechat.core.errors import CoffeechatError, UnknownContact
from coffeechat.web import notice as notice_cookie
from coffeechat.web.routers.contacts import CONTACT_NOTICE  # "I sent it" says so there
from coffeechat.web.routers.deps import relabel, workspace_of
from coffeechat.web.security import check_csrf
from coffeechat.web.templating import is_htmx, render

if TYPE_CHECKING:
    from coffeechat.core.model import Contact, UserSettings
    from coffeechat.service.workspace import Workspace

router = APIRouter(include_in_schema=False, dependencies=[Depends(check_csrf)])

#: What each kind of draft is for, in the order of the workflow.
KIND_NOTES = {
    "outreach": "A first message to someone you met or were introduced to.",
    "follow-up": "One friendly nudge when your outreach had no reply.",
    "second-contact": "To a second person at a company you target.",
    "scheduling": "Three times to meet, written in their time zone.",
    "confirm": "The day before: the time, the place and your number.",
    "reschedule": "New times, when the one you agreed no longer works.",
    "thank-you": "Within a day of the conversation: what you took away.",
    "report-back": "Tell them what came of their advice.",
    "keep-in-touch": "A short hello, a few months on.",
    "intro-request": "Ask them to introduce you to someone they know.",
}
assert set(KIND_NOTES) == set(KINDS), "every kind of draft has a line on the Messages page"

#: The kinds whose agenda item names a second person (``--to NAME``): the person to be
#: introduced to, or the second person at the company to write to.
NAMED = frozenset({"intro-request", "second-contact"})

#: How many contacts the Messages page offers to pick from.
CHOICES = 20


def kind_label(kind: str) -> str:
    """``thank-you`` → ``Thank-you``."""
    return kind[:1].upper() + kind[1:]


def editor_path(contact_id: int, kind: str, to: str | None = None) -> str:
    """The editor of a draft of ``kind`` for a contact."""
    path = f"/contacts/{contact_id}/messages/{kind}"
    return f"{path}?to={quote(to)}" if to else path


@functools.lru_cache(maxsize=4096)
def draft_path(command: str) -> str | None:
    """The editor for an agenda item's ``coffeechat draft KIND ID [--to NAME]`` (Today's
    "open the draft"); None for any other command. Remembered: Today asks it of each of
    its items at every request, and shlex takes its time."""
    try:
        words = shlex.split(command)
    except ValueError:
        return None
    if len(words) < 4 or words[:2] != ["coffeechat", "draft"] or words[2] not in KINDS:
        return None
    if not words[3].isdigit():
        return None
    to = words[words.index("--to") + 1] if "--to" in words[:-1] else None
    kind = words[2]
    return editor_path(int(words[3]), kind, to if kind in NAMED else None)


# --- the words a finding is about, marked in the text -----------------------------------


@dataclass(frozen=True)
class Segment:
    """A piece of the text: marked when a finding is about it."""

    text: str
    mark: bool


def _pattern(quote_text: str) -> re.Pattern[str] | None:
    words = quote_text.split()
    if not words:
        return None
    body = r"\s+".join(re.escape(w) for w in words)
    # a word is found as a word: "I" is not the i of "in"
    start = r"\b" if re.match(r"\w", words[0]) else ""
    end = r"\b" if re.search(r"\w$", words[-1]) else ""
    return re.compile(start + body + end, re.IGNORECASE)


def marked(text: str, quotes: list[str], spans: Sequence[tuple[int, int]] = ()) -> list[Segment]:
    """``text`` cut into segments: the ranges ``spans`` marked, and the words of
    ``quotes`` wherever they are."""
    spans = [(max(0, a), min(len(text), b)) for a, b in spans if b > a]
    for q in quotes:
        pattern = _pattern(q)
        if pattern is not None:
            spans += [m.span() for m in pattern.finditer(text) if m.end() > m.start()]
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    segments: list[Segment] = []
    at = 0
    for start, end in merged:
        if start > at:
            segments.append(Segment(text[at:start], False))
        segments.append(Segment(text[start:end], True))
        at = end
    if at < len(text):
        segments.append(Segment(text[at:], False))
    return segments


# --- the pages' contexts -----------------------------------------------------------------


@dataclass(frozen=True)
class FindingView:
    """One finding: the rule, error or warning, what and how, and the words it is about."""

    rule: str
    severity: str
    message: str
    hint: str
    quotes: tuple[str, ...]


@dataclass(frozen=True)
class Findings:
    """The checker's report on the text, and the text with the words marked."""

    title: str
    kind: str
    ok: bool
    words: int
    findings: list[FindingView]
    preview: list[Segment]
    error: str | None = None

    @property
    def marks(self) -> bool:
        """Whether any words of the text are marked."""
        return any(s.mark for s in self.preview)


@dataclass(frozen=True)
class KindLink:
    """A kind of draft on the Messages page."""

    kind: str
    label: str
    note: str
    url: str
    #: Why it is due now (an item of the agenda asks for it), or None.
    due: str | None = None


@dataclass(frozen=True)
class Choice:
    """A contact to pick on the Messages page."""

    id: int
    name: str
    company: str | None


@dataclass(frozen=True)
class MessagesPage:
    """The context of Messages."""

    title: str
    query: str
    choices: list[Choice]
    contact: Contact | None
    kinds: list[KindLink]
    error: str | None = None


@dataclass(frozen=True)
class EditorPage:
    """The context of a draft's editor."""

    title: str
    contact: Contact
    kind: str
    to: str
    subject: str
    body: str
    to_email: str | None
    mailto: str
    warnings: list[str]
    findings: Findings
    action: str
    smtp: bool
    smtp_password: bool
    problem: str | None = None
    send_error: str | None = None

    @property
    def kind_label(self) -> str:
        """The kind as a heading word."""
        return kind_label(self.kind)


# --- helpers -----------------------------------------------------------------------------


def _contact(workspace: Workspace, contact_id: int) -> Contact:
    contact = workspace.show_contact(str(contact_id)).contact
    if contact.id != contact_id:  # an id of no one that matched part of a name
        raise UnknownContact(str(contact_id))
    return contact


def _kind(kind: str) -> str:
    cleaned = kind.strip().lower()
    if cleaned not in KINDS:
        from starlette.exceptions import HTTPException

        raise HTTPException(404, f"There is no draft called {kind!r}.")
    return cleaned


def findings_of(
    workspace: Workspace,
    kind: str,
    body: str,
    contact_id: int,
    read: tuple[Contact, UserSettings] | None = None,
) -> Findings:
    """What the checker finds in ``body`` (the same call as ``coffeechat check --kind KIND
    --contact ID``), with the words it is about marked. ``read``: the contact and the
    settings, when the caller has them."""
    from coffeechat.service.checking import check_in

    text = body.replace("\r\n", "\n")
    try:
        checked = check_in(
            workspace, kind, text.encode("utf-8"), "the message", str(contact_id), read=read
        )
    except CoffeechatError as problem:  # a text that cannot be read as a message
        return Findings("Findings", kind, False, 0, [], [Segment(text, False)], str(problem))
    report = checked.report
    views = [FindingView(f.rule, f.severity, f.message, f.hint, f.quotes) for f in report.findings]
    if checked.text == text:
        # the words each finding is about, where it found them (several options of a
        # scheduling finding: each of them)
        spans = [f.span for f in report.findings if f.span is not None]
        quotes = [q for f in report.findings if len(f.quotes) > 1 for q in f.quotes]
    else:  # an e-mail pasted whole: its body is found by its words
        spans, quotes = [], [q for f in report.findings for q in f.quotes]
    segments = marked(text, quotes, spans)
    return Findings("Findings", kind, report.ok, report.words, views, segments)


def _mailto(email: str | None, subject: str, body: str) -> str:
    from coffeechat.core.drafts import mailto

    return mailto(email, subject, body)


def editor_page(
    request: Request,
    contact_id: int,
    kind: str,
    to: str,
    text: tuple[str, str] | None = None,
    send_error: str | None = None,
) -> EditorPage:
    """The editor: the draft filled in (or the text as typed, ``text`` = subject, body),
    the checker's findings on it, and what can be done with it."""
    workspace = workspace_of(request)
    detail = workspace.show_contact(str(contact_id))
    contact = detail.contact
    if contact.id != contact_id:  # an id of no one that matched part of a name
        raise UnknownContact(str(contact_id))
    owner = workspace.get_settings()
    warnings: list[str] = []
    problem = None
    to_email = contact.emails[0] if contact.emails else None
    if text is None:
        from coffeechat.service.changes import change

        try:
            # a scheduling draft may hold new options: named like the command, for undo
            with change(f"draft {kind}"):
                draft = workspace.draft(kind, str(contact_id), to=to or None, read=(detail, owner))
        except CoffeechatError as refused:  # nothing to draft from yet: say what is missing
            problem = str(refused)
            subject, body = "", ""
        else:
            subject, body, warnings = draft.subject, draft.body, list(draft.warnings)
    else:
        subject, body = text
    body = body.replace("\r\n", "\n")
    return EditorPage(
        title=f"{kind_label(kind)} for {contact.name}",
        contact=contact,
        kind=kind,
        to=to,
        subject=subject,
        body=body,
        to_email=to_email,
        mailto=_mailto(to_email, subject, body),
        warnings=warnings,
        findings=findings_of(workspace, kind, body, contact_id, (contact, owner)),
        action=editor_path(contact_id, kind),
        smtp=bool(owner.smtp_host),
        smtp_password=bool(owner.smtp_user),
        problem=problem,
        send_error=send_error,
    )


def _eml(workspace: Workspace, contact: Contact, kind: str, subject: str, body: str) -> bytes:
    """The text as an .eml, as ``coffeechat draft --eml`` writes it."""
    from coffeechat.formats.eml import write_eml

    owner = workspace.get_settings()
    return write_eml(
        sender=(owner.name, owner.email),
        recipient=(contact.name, contact.emails[0] if contact.emails else None),
        subject=subject,
        body=body.replace("\r\n", "\n"),
        kind=kind,
        contact_id=contact.id,
    )


def _kinds(workspace: Workspace, contact: Contact) -> list[KindLink]:
    """Every kind of draft for a contact, those the agenda asks for marked as due."""
    _, items = workspace.contact_followups(str(contact.id))
    return draft_links(contact.id, items)


def draft_links(contact_id: int, items: list[Any]) -> list[KindLink]:
    """Every kind of draft for a contact, in the order of ``KINDS``, those its open
    follow-up ``items`` ask for marked as due (with the first such item's reason, and
    its editor: the person to be introduced to filled in)."""
    due: dict[str, tuple[str, str]] = {}
    for item in items:
        path = draft_path(item.suggested_command)
        kind = path.split("?")[0].rsplit("/", 1)[1] if path else None
        if path and kind and kind not in due:
            due[kind] = (path, item.reason)
    return [
        KindLink(
            k,
            kind_label(k),
            KIND_NOTES[k],
            due[k][0] if k in due else editor_path(contact_id, k),
            due[k][1] if k in due else None,
        )
        for k in KINDS
    ]


# --- routes ------------------------------------------------------------------------------


@router.get("/messages")
def messages(request: Request, contact: int | None = None, q: str = "") -> Response:
    """Pick a contact, then the kind of message to write them."""
    workspace = workspace_of(request)
    chosen = _contact(workspace, contact) if contact is not None else None
    error = None
    choices: list[Choice] = []
    if chosen is None:
        try:
            if q.strip():
                hits = workspace.search(q, limit=CHOICES)
                choices = [Choice(h.id, h.title, None) for h in hits if h.kind == "contact"]
            else:
                first = workspace.contact_list(limit=CHOICES)
                choices = [Choice(c.id, c.name, c.company) for c in first.items]
        except CoffeechatError as problem:  # a query of punctuation only
            error = str(problem)
    kinds = _kinds(workspace, chosen) if chosen is not None else []
    page = MessagesPage("Messages", q, choices, chosen, kinds, error)
    block = "choices" if is_htmx(request) and chosen is None else None
    return render(request, "messages/index.html", page, block=block)


@router.get("/contacts/{contact_id}/messages/{kind}")
def editor(request: Request, contact_id: int, kind: str, to: str = "") -> Response:
    """The draft of ``kind`` for a contact, in the editor (``coffeechat draft KIND ID``)."""
    kind = _kind(kind)
    if kind == "second-contact" and to.strip():
        # the agenda names the second person at the company: the message is to them
        peer = workspace_of(request).show_contact(to.strip()).contact
        return RedirectResponse(editor_path(peer.id, kind), status_code=303)
    page = editor_page(request, contact_id, kind, to.strip())
    return render(request, "messages/editor.html", page)


@router.post("/contacts/{contact_id}/messages/{kind}/check")
def check(
    request: Request,
    contact_id: int,
    kind: str,
    subject: Annotated[str, Form()] = "",
    body: Annotated[str, Form()] = "",
    to: Annotated[str, Form()] = "",
) -> Response:
    """The findings on the text as typed (``coffeechat check``): the findings alone for
    htmx (as you type), the whole editor again for a plain form."""
    kind = _kind(kind)
    if is_htmx(request):
        workspace = workspace_of(request)
        _contact(workspace, contact_id)
        found = findings_of(workspace, kind, body, contact_id)
        return render(request, "messages/_findings.html", found)
    page = editor_page(request, contact_id, kind, to.strip(), (subject, body))
    return render(request, "messages/editor.html", page)


@router.post("/contacts/{contact_id}/messages/{kind}/eml")
def download_eml(
    request: Request,
    contact_id: int,
    kind: str,
    subject: Annotated[str, Form()] = "",
    body: Annotated[str, Form()] = "",
) -> Response:
    """The text as an .eml file to open in a mail program (``coffeechat draft --eml``)."""
    kind = _kind(kind)
    workspace = workspace_of(request)
    contact = _contact(workspace, contact_id)
    data = _eml(workspace, contact, kind, subject, body)
    name = f"{kind}-{contact.id}.eml"
    return Response(
        data,
        media_type="message/rfc822",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.post("/contacts/{contact_id}/messages/{kind}/send")
def send(
    request: Request,
    contact_id: int,
    kind: str,
    subject: Annotated[str, Form()] = "",
    body: Annotated[str, Form()] = "",
    to: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
) -> Response:
    """Send the text through the mail server and log it (``coffeechat send``); the editor
    again, with what went wrong, when it cannot be sent (nothing is logged then)."""
    from coffeechat.service.sending import send_message

    kind = _kind(kind)
    workspace = workspace_of(request)
    contact = _contact(workspace, contact_id)
    data = _eml(workspace, contact, kind, subject, body)
    try:
        sent = send_message(workspace, data, "the message", password or None)
    except CoffeechatError as refused:
        page = editor_page(request, contact_id, kind, to.strip(), (subject, body), str(refused))
        return render(request, "messages/editor.html", page, status_code=400)
    told = f"Sent “{sent.subject}” to {', '.join(sent.to)} and logged {sent.logged.value}."
    if sent.refused:
        told += f" The server refused {', '.join(sent.refused)}."
    return notice_cookie.redirect_with(f"/contacts/{contact.id}", CONTACT_NOTICE, told)


@router.post("/contacts/{contact_id}/messages/{kind}/sent")
def log_sent(
    request: Request,
    contact_id: int,
    kind: str,
    subject: Annotated[str, Form()] = "",
) -> Response:
    """ "I sent it": log the message sent from the user's own mail program on the
    timeline, as ``send`` would (outreach → ``log outreach``...)."""
    from coffeechat.service.sending import event_kind
    from coffeechat.service.sending import log_sent as log_it

    kind = _kind(kind)
    workspace = workspace_of(request)
    contact = _contact(workspace, contact_id)
    event = event_kind(kind)
    relabel(f"log {event.value}")
    log_it(workspace, contact.id, event, subject)
    told = f"Logged {event.value} with {contact.name}: {kind} sent."
    return notice_cookie.redirect_with(f"/contacts/{contact.id}", CONTACT_NOTICE, told)


def notice_for_contact(request: Request) -> str | None:
    """What Send or "I sent it" told the contact's page, if anything."""
    return notice_cookie.told(request, CONTACT_NOTICE)
