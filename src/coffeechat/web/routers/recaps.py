"""The recap of a conversation (``/contacts/{id}/recap``): the preview (the HTML that
``coffeechat recap --format html`` writes, in a sandboxed frame), the recap check's
findings beside it, the form that keeps what a recap adds (``coffeechat recap --variant
--reflection --next-contact --next-step``) and the downloads in md, html, pdf and docx.

Reading a recap (the page, the preview, a download) writes nothing: it is
``Workspace.preview_recap``. Saving the form is ``Workspace.write_recap``, as the CLI's
``recap`` is: the first recap of a conversation moves the contact to ``recapped``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import Response

from coffeechat.core.errors import CoffeechatError, EmptyRecap, UnknownContact
from coffeechat.web import notice as notice_cookie
from coffeechat.web.routers.deps import workspace_of
from coffeechat.web.routers.review import submit_box
from coffeechat.web.security import check_csrf
from coffeechat.web.templating import is_htmx, render

if TYPE_CHECKING:
    from coffeechat.service.conversations import RecapResult
    from coffeechat.service.workspace import Workspace

router = APIRouter(include_in_schema=False, dependencies=[Depends(check_csrf)])

NOTICE_COOKIE = "coffeechat_recap_notice"

#: The formats a recap downloads in, with what the button says.
DOWNLOADS = (("pdf", "PDF"), ("docx", "Word (.docx)"), ("md", "Markdown"), ("html", "HTML"))

#: The preview is a document of its own, in a sandboxed frame of the recap page: it may
#: use its own inline stylesheet, and nothing else (no script, no request anywhere).
PREVIEW_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "frame-ancestors 'self'; base-uri 'none'; form-action 'none'; sandbox"
)

#: The variants a recap can be written as (``recap --variant``), with how they read.
VARIANTS = (
    ("", "as the conversation says"),
    ("interview", "an informational interview"),
    ("known", "a chat with someone I already knew"),
    ("reflection", "my own reflection (no conversation)"),
)


@dataclass(frozen=True)
class FindingRow:
    """One finding of the recap check (``check --kind recap``)."""

    rule: str
    severity: str
    message: str
    hint: str


@dataclass
class RecapForm:
    """What the form keeps: as typed, and the field the service refused, if any."""

    values: dict[str, str] = field(default_factory=dict)
    error: str | None = None
    field: str | None = None


@dataclass(frozen=True)
class RecapPage:
    """The context of a recap page."""

    title: str
    contact_id: int
    contact_name: str
    #: The conversation the page is about (None: the contact's current one).
    conversation: int | None
    #: Nothing written yet: what to add (the recap is then not shown).
    empty: str | None
    findings: list[FindingRow]
    #: Saving would be the conversation's first recap (it then moves the stage).
    first: bool
    variant: str | None
    form: RecapForm
    query: str
    downloads: tuple[tuple[str, str], ...] = DOWNLOADS
    variants: tuple[tuple[str, str], ...] = VARIANTS
    notice: str | None = None
    #: Team mode, a seeker: "Submit to coach" (routers/review.py's SubmitBox).
    submit: object = None
    #: The conversation whose recap is shown (what "Submit to coach" submits).
    shown: int | None = None
    #: Nothing written here, but on an earlier conversation: its id, to link to it.
    written: int | None = None


def known_contact(workspace: Workspace, contact_id: int) -> str:
    """The contact's name; an id of no one must not match a name made of its digits."""
    contact = workspace.show_contact(str(contact_id)).contact
    if contact.id != contact_id:
        raise UnknownContact(str(contact_id))
    return contact.name


def _query(conversation: int | None) -> str:
    return f"?conversation={conversation}" if conversation is not None else ""


def recap_page(
    request: Request,
    contact_id: int,
    conversation: int | None,
    *,
    form: RecapForm | None = None,
    notice: str | None = None,
) -> RecapPage:
    """The recap as it would be written now, and the form filled with what it keeps."""
    workspace = workspace_of(request)
    name = known_contact(workspace, contact_id)
    result: RecapResult | None = None
    empty = None
    try:
        result = workspace.preview_recap(str(contact_id), conversation)
    except EmptyRecap as problem:  # nothing written yet: say what to add
        empty = str(problem)
    written = None
    if result is None:  # the next conversation is scheduled: link to the one recapped
        found = workspace.latest_recap_conversation(str(contact_id))
        written = found if found != conversation else None
    findings: list[FindingRow] = []
    values: dict[str, str] = {}
    if result is not None:
        findings = [
            FindingRow(f.rule, f.severity, f.message, f.hint)  # type: ignore[attr-defined]
            for f in result.findings
        ]
        r = result.recap
        values = {
            "variant": "",
            "reflection": r.reflection or "",
            "next_contact": r.next_contact.isoformat() if r.next_contact else "",
            "next_step": r.next_step or "",
        }
    if form is not None:
        values = {**values, **form.values}
    return RecapPage(
        title=f"Recap: {name}",
        contact_id=contact_id,
        contact_name=name,
        conversation=conversation,
        empty=empty,
        findings=findings,
        first=bool(result and result.first),
        variant=result.recap.variant.value if result else None,
        form=RecapForm(values, form.error if form else None, form.field if form else None),
        query=_query(conversation),
        notice=notice,
        submit=submit_box(request) if result is not None else None,
        shown=result.conversation_id if result is not None else None,
        written=written,
    )


@router.get("/contacts/{contact_id}/recap")
def recap(request: Request, contact_id: int, conversation: int | None = None) -> Response:
    """The recap page: the preview, the check's findings, the form and the downloads."""
    said = notice_cookie.told(request, NOTICE_COOKIE)
    page = recap_page(request, contact_id, conversation, notice=said)
    response = render(request, "recaps/show.html", page)
    return notice_cookie.shown(request, response, NOTICE_COOKIE)


@router.get("/contacts/{contact_id}/recap/preview")
def recap_preview(request: Request, contact_id: int, conversation: int | None = None) -> Response:
    """The recap as ``coffeechat recap --format html`` writes it, for the page's frame."""
    from coffeechat.formats.recap import recap_html

    workspace = workspace_of(request)
    known_contact(workspace, contact_id)
    result = workspace.preview_recap(str(contact_id), conversation)
    html = recap_html(result.recap, workspace.paper_size())
    headers = {"Content-Security-Policy": PREVIEW_POLICY, "X-Frame-Options": "SAMEORIGIN"}
    return Response(html, media_type="text/html; charset=utf-8", headers=headers)


def recap_file(
    workspace: Workspace, contact_id: int, conversation: int | None, fmt: str
) -> Response:
    """The recap as a file to download, in ``fmt`` (as ``coffeechat recap -o``)."""
    from coffeechat.formats.recap import MEDIA_TYPES, recap_filename, render_recap

    known_contact(workspace, contact_id)
    result = workspace.preview_recap(str(contact_id), conversation)
    data = render_recap(result.recap, fmt, workspace.paper_size())
    name = recap_filename(result.recap, fmt)
    plain = name.encode("ascii", "replace").decode().replace("?", "_")
    disposition = f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(name)}"
    return Response(data, media_type=MEDIA_TYPES[fmt], headers={"Content-Disposition": disposition})


@router.get("/contacts/{contact_id}/recap/download")
def recap_download(
    request: Request,
    contact_id: int,
    format: Annotated[str, Query(pattern="^(md|html|pdf|docx)$")] = "pdf",
    conversation: int | None = None,
) -> Response:
    """The recap as a file: PDF, Word, Markdown or HTML."""
    return recap_file(workspace_of(request), contact_id, conversation, format)


@router.post("/contacts/{contact_id}/recap")
def write_recap(
    request: Request,
    contact_id: int,
    variant: Annotated[str, Form()] = "",
    reflection: Annotated[str, Form()] = "",
    next_contact: Annotated[str, Form()] = "",
    next_step: Annotated[str, Form()] = "",
    conversation: Annotated[int | None, Form()] = None,
) -> Response:
    """Write the recap (``coffeechat recap --variant --reflection --next-contact
    --next-step``): what is given is kept; the first recap moves the stage."""
    workspace = workspace_of(request)
    known_contact(workspace, contact_id)
    values = {
        "variant": variant,
        "reflection": reflection,
        "next_contact": next_contact,
        "next_step": next_step,
    }
    try:
        result = workspace.write_recap(
            str(contact_id),
            conversation=conversation,
            variant=variant.strip() or None,
            reflection=reflection.strip() or None,
            next_contact=next_contact.strip() or None,
            next_step=next_step.strip() or None,
        )
    except CoffeechatError as problem:
        where = getattr(problem, "field", None) or "reflection"
        form = RecapForm(values, str(problem), where)
        page = recap_page(request, contact_id, conversation, form=form)
        if is_htmx(request):
            return render(request, "recaps/show.html", page, block="recap")
        return render(request, "recaps/show.html", page, status_code=400)
    said = "Recap saved."
    if result.first:
        said = f"Recap saved: {result.contact.name} is now {result.contact.stage.value}."
    if is_htmx(request):
        page = recap_page(request, contact_id, conversation, notice=said)
        return render(request, "recaps/show.html", page, block="recap")
    target = f"/contacts/{contact_id}/recap{_query(conversation)}"
    return notice_cookie.redirect_with(target, NOTICE_COOKIE, said)
