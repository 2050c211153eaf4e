"""Board (``/board``): the contacts in columns by stage with how long each has waited
(``coffeechat board``); moving a card asks what happened and logs that event
(``coffeechat log``), so the stage stays derived from the timeline."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from coffeechat.core.errors import CoffeechatError
from coffeechat.core.model import LOGGABLE_KINDS, EventKind
from coffeechat.web import notice as notice_cookie
from coffeechat.web.notice import Undoable
from coffeechat.web.routers.deps import relabel, workspace_of
from coffeechat.web.security import check_csrf
from coffeechat.web.templating import is_htmx, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(check_csrf)])

#: What can have happened to move a card: the kinds ``coffeechat log`` takes, but a note
#: (a note moves no one).
MOVES = tuple(k.value for k in LOGGABLE_KINDS if k is not EventKind.NOTE)

#: The cookie that carries the outcome of a move to the page after its redirect, once:
#: "ok:" or "error:" and the words (a cookie, not a query parameter, so that a link cannot
#: put words on the page).
NOTICE_COOKIE = "coffeechat_board_notice"

#: How a meeting happened (``log meeting --format``).
FORMATS = ("coffee", "lunch", "phone", "video")


@dataclass(frozen=True)
class Card:
    """A contact on the board."""

    id: int
    name: str
    company: str | None
    waited: str


@dataclass(frozen=True)
class Column:
    """One stage and its cards, longest waiting first."""

    stage: str
    cards: list[Card]


@dataclass(frozen=True)
class BoardPage:
    """The context of Board."""

    title: str
    columns: list[Column]
    moves: tuple[str, ...] = MOVES
    notice: str | None = None
    error: str | None = None
    undo: Undoable | None = None
    formats: tuple[str, ...] = FORMATS


def waited_words(days: float) -> str:
    """How long a card has waited, in words: "today", "1 day", "12 days"."""
    whole = int(days)
    if whole < 1:
        return "today"
    return "1 day" if whole == 1 else f"{whole} days"


def board_page(
    request: Request,
    notice: str | None = None,
    error: str | None = None,
    undo: Undoable | None = None,
) -> BoardPage:
    """The board, read from the service (the columns of ``coffeechat board --json``)."""
    from coffeechat.service.pipeline import waited

    workspace = workspace_of(request)
    now = workspace.now()
    columns = [
        Column(
            col.stage.value,
            [
                Card(
                    c.id,
                    c.name,
                    c.company,
                    waited_words(waited(c, now).total_seconds() / 86400),
                )
                for c in col.contacts
            ],
        )
        for col in workspace.board()
    ]
    return BoardPage("Board", columns, notice=notice, error=error, undo=undo)


@router.get("/board")
def board(request: Request) -> Response:
    """Every stage with its contacts and how long each has waited."""
    told = notice_cookie.told(request, NOTICE_COOKIE) or ""
    error = told.removeprefix("error:") if told.startswith("error:") else None
    said = None if error is not None else told.removeprefix("ok:") or None
    undo = notice_cookie.undo_offer(request, NOTICE_COOKIE) if said else None
    page = board_page(request, notice=said, error=error, undo=undo)
    return notice_cookie.shown(request, render(request, "board/index.html", page), NOTICE_COOKIE)


@router.post("/board/move")
def move(
    request: Request,
    contact: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = "",
    at: Annotated[str, Form()] = "",
    minutes: Annotated[str, Form()] = "",
    format: Annotated[str, Form()] = "",
) -> Response:
    """Log what happened with a contact (``coffeechat log CONTACT KIND``, with ``--at``,
    and for a meeting ``--minutes --format``): the card moves to the stage the timeline
    now gives. A kind, contact or detail the service refuses is a one-line notice, and
    nothing is written."""
    said = error = None
    try:
        if not contact.strip().isdigit():
            from coffeechat.core.errors import UnknownContact

            raise UnknownContact(contact)
        if kind.strip().lower() not in MOVES:
            from coffeechat.core.errors import InvalidValue

            raise InvalidValue("kind", kind, f"must be one of {'|'.join(MOVES)}", "reply")
        length = None
        if minutes.strip():
            if not minutes.strip().isdigit():
                from coffeechat.core.errors import InvalidValue

                raise InvalidValue("minutes", minutes, "give a number of minutes", "45")
            length = int(minutes.strip())
        relabel(f"log {kind.strip().lower()}")
        workspace = workspace_of(request)
        event = workspace.log(
            contact.strip(),
            kind,
            at=at.strip() or None,
            minutes=length,
            format=format.strip() or None,
        )
    except CoffeechatError as problem:
        error = str(problem).splitlines()[0] if str(problem) else "That did not work."
    else:
        page = board_page(request)
        where = {c.id: (c.name, col.stage) for col in page.columns for c in col.cards}
        name, stage = where.get(event.contact_id, ("them", ""))
        said = f"Logged {event.kind.value} for {name}" + (f": now {stage}." if stage else ".")
    if is_htmx(request):
        undo = notice_cookie.undo_now("/board", NOTICE_COOKIE)
        page = board_page(request, notice=said, error=error, undo=undo)
        return render(request, "board/index.html", page, block="board")
    outcome = f"error:{error}" if error else f"ok:{said}"
    return notice_cookie.redirect_with("/board", NOTICE_COOKIE, outcome)
