"""Undo (``POST /undo``): the button beside a notice after a write reverts that write
(``coffeechat undo``), and the page it came from says what was undone."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from coffeechat.core.errors import CoffeechatError
from coffeechat.web import notice as notice_cookie
from coffeechat.web.routers.deps import workspace_of
from coffeechat.web.security import check_csrf

router = APIRouter(include_in_schema=False, dependencies=[Depends(check_csrf)])

#: The notice cookies a page may ask the answer to be carried in (ours all look so).
COOKIE_NAME = re.compile(r"coffeechat_[a-z_]{1,40}")
#: Where to go back to: a path of this site only (never another site, never "//host").
LOCAL_PATH = re.compile(r"/(?![/\\])[A-Za-z0-9/_.-]{0,200}")


def undone_words(label: str, records: int, contacts: list[str], count: int) -> str:
    """What an undo reverted, in one sentence: "Undid contact remove for Ada (9 records).\""""
    names = list(contacts)
    others = count - len(names)
    if names and others > 0:
        who = f"{', '.join(names)} and {others:,} other{'s' if others > 1 else ''}"
    elif len(names) > 1:
        who = f"{', '.join(names[:-1])} and {names[-1]}"
    elif names:
        who = names[0]
    else:
        who = ""
    counted = f"{records:,} record{'' if records == 1 else 's'}"
    return f"Undid {label}{f' for {who}' if who else ''} ({counted})."


@router.post("/undo")
def undo(
    request: Request,
    change: Annotated[str, Form()] = "",
    back: Annotated[str, Form()] = "/",
    notice: Annotated[str, Form()] = "coffeechat_notice",
) -> Response:
    """Revert the change a notice offered to undo (``coffeechat undo``), only if it is
    still the last one; then back to the page, which says what was undone. Undo itself
    is not a change: there is nothing to undo right after it."""
    back = back if LOCAL_PATH.fullmatch(back) else "/"
    cookie = notice if COOKIE_NAME.fullmatch(notice) else "coffeechat_notice"
    if not change.strip().isdigit():
        return notice_cookie.redirect_with(back, cookie, "Nothing was undone.")
    try:
        undone = workspace_of(request).undo(expected=int(change))
    except CoffeechatError:  # another change came since: that one would be reverted
        said = "Nothing was undone: something else changed since. Try `coffeechat undo --dry-run`."
        return notice_cookie.redirect_with(back, cookie, said)
    if undone is None:
        return notice_cookie.redirect_with(back, cookie, "Nothing to undo.")
    words = undone_words(undone.label, undone.records, undone.contacts, undone.contact_count)
    return notice_cookie.redirect_with(back, cookie, words)
