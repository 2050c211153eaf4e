"""What routes get from the app: the workspace (passed in at ``create_app``), and the
undo change every write request is made in."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from fastapi import Request

if TYPE_CHECKING:
    from coffeechat.service.workspace import Workspace

#: How ``coffeechat undo`` names what a web route wrote, by the route's function name:
#: the words of the command that does the same. Others are named by their function.
LABELS = {
    "dismiss": "followup dismiss",
    "snooze": "followup snooze",
    "add_contact": "contact add",
    "move": "log",
    "add_company": "company add",
    "edit_scores": "company edit",
    "set_target": "company edit",
    "schedule_propose": "schedule propose",
    "schedule_reschedule": "schedule reschedule",
    "schedule_confirm": "schedule confirm",
    "api_schedule_propose": "schedule propose",
    "api_schedule_confirm": "schedule confirm",
    "check_import": "import",
    "start_import": "import",
    "backup": "backup",
    "doctor_fix": "doctor --fix",
    "log_sent": "log",  # named "log outreach"... by the route, before it writes
    "done": "followup done",
    "set_profile": "settings set",
    "set_availability": "settings set",
    "set_mail": "settings set",
    "calendar_add": "calendar add",
    "calendar_remove": "calendar remove",
    "calendar_upload": "calendar add",
    "new_token": "token",
    "revoke_token": "token revoke",
    "change_password": "password",
    "template_save": "template save",
    "template_reset": "template reset",
    "guide_add": "guide add",
    "guide_remove": "guide remove",
    "api_settings_set": "settings set",
    "api_followup_done": "followup done",
    "api_followup_dismiss": "followup dismiss",
    "api_followup_snooze": "followup snooze",
    # the chat page and its API (a note set whole is relabelled "note add" when new)
    "note_edit": "note edit",
    "takeaway_add": "takeaway add",
    "promise_add": "promise add",
    "intro_add": "intro add",
    "api_note_add": "note add",
    "api_note_set": "note edit",
    "api_takeaway_add": "takeaway add",
    "api_promise_add": "promise add",
    "api_intro_add": "intro add",
    "api_log": "log",
    "write_recap": "recap",
    "add_path": "path add",
    "add_path_step": "path step",
    "edit_contact": "contact edit",
    "remove_contact": "contact remove",
    "merge_contact": "contact merge",
    "edit_company": "company edit",
    # records.py's routes are named like their commands: log_remove is "log remove"...
}

#: Requests that change nothing.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def reads_inline(request: Request) -> bool:
    """Whether a page that only reads may answer in the event loop, without a thread:
    when the workspace's reads never wait (SQLite). A request handed to a thread pays
    for the hop and for the two threads taking turns at the interpreter: about as much
    as the page itself. PostgreSQL reads cross a network: they stay in threads."""
    return workspace_of(request).reads_never_wait


def workspace_of(request: Request) -> Workspace:
    """The workspace this request works in: the one this app serves; in team mode, the
    signed-in user's own (their rows, by owner_id), made once per request."""
    accounts = request.app.state.accounts
    if accounts is None:
        workspace: Workspace = request.app.state.workspace
        return workspace
    made = getattr(request.state, "workspace", None)
    if made is None:
        from fastapi import HTTPException

        user = getattr(getattr(request.state, "access", None), "user", None)
        if user is None:  # the Guard lets no one through without an account
            raise HTTPException(401)
        made = accounts.workspace_for(user.id)
        request.state.workspace = made
    return made  # type: ignore[no-any-return]


async def web_change(request: Request) -> AsyncIterator[None]:
    """Every state-changing request is one change that ``coffeechat undo`` reverts whole,
    named like the command that does the same (``LABELS``); a route that knows better
    names it with ``relabel`` before it writes. An app-wide dependency: every write of the
    web gets its label here, once."""
    if request.method in SAFE_METHODS:
        yield
        return
    from coffeechat.service.changes import change

    name = getattr(request.scope.get("route"), "name", "") or "web"
    # its own change: the requests of `coffeechat serve` run inside that command's
    with change(LABELS.get(name, name.replace("_", " ")), own=True):
        yield


def relabel(label: str) -> None:
    """Name the change of this request ``label`` (e.g. "log reply"), before it writes."""
    from coffeechat.service.changes import active

    current = active()
    if current is not None and not current.recorded:
        current.label = label
