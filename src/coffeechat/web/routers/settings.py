"""Settings (``/settings``): your profile, availability, busy-time calendars, mail
server, guides and draft templates, and the agenda feed's address.

Each section is a plain form that posts to its own path; the service checks every value
as ``coffeechat settings set`` does (``Workspace.update_settings``) and a refused value
comes back beside its field, nothing saved. Only the values that changed are sent, so
saving a section never pins a value that follows another (the country follows the
zone until you choose one)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import Response

from coffeechat.core.errors import CoffeechatError
from coffeechat.web import notice as notice_cookie
from coffeechat.web.routers.deps import workspace_of
from coffeechat.web.routers.feed import current_feed_key, feed_url
from coffeechat.web.security import check_csrf
from coffeechat.web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(check_csrf)])

NOTICE_COOKIE = "coffeechat_settings_notice"

#: The fields of each settings section: (setting, label, input type, hint).
PROFILE = (
    ("name", "Your name", "text", "How you sign; it goes into the From: of your e-mails."),
    ("email", "E-mail", "email", ""),
    ("phone", "Phone", "tel", "For meeting confirmations, e.g. +1 212 555 0100."),
    ("timezone", "Time zone", "text", "A zone such as America/Chicago or Europe/Berlin."),
    ("signature", "Signature", "textarea", "The sign-off under your e-mails."),
    ("paper", "Paper size", "paper", "For the PDFs and Word documents coffeechat writes."),
)
AVAILABILITY = (
    ("availability", "When you can meet", "text", "e.g. Mon-Fri 08:00-20:00; Sat 10:00-14:00"),
    ("country", "Holidays of", "text", "A country code (US, DE, IN); empty: your zone's."),
    ("cities", "Cities where you meet in person", "text", "e.g. Chicago, Evanston"),
    ("weekly_goal", "New conversations a week", "number", "Your goal, 0 to 100."),
)
MAIL = (
    ("smtp_host", "Mail server", "text", "e.g. smtp.example.com"),
    ("smtp_port", "Port", "number", "Empty: 587, 465 or 25 by the security below."),
    ("smtp_security", "Security", "security", ""),
    ("smtp_user", "User name", "text", "Your login there, often your e-mail address."),
)
SECTIONS = {"profile": PROFILE, "availability": AVAILABILITY, "mail": MAIL}
#: On the team server a seeker's name is their account's (coaches know them by it), set
#: by an admin: not a field of the profile form there.
TEAM_SECTIONS = {**SECTIONS, "profile": tuple(f for f in PROFILE if f[0] != "name")}
#: What a changed name is told on the team server (web and API alike).
TEAM_NAME = (
    "is your account's on the team server, the name your coaches know you by: an admin changes it"
)


def sections_of(request: Request) -> dict[str, tuple[tuple[str, str, str, str], ...]]:
    """The settings sections the form shows here (no name field on the team server)."""
    return TEAM_SECTIONS if request.app.state.accounts is not None else SECTIONS


def refuse_team_rename(request: Request, changes: dict[str, str], current: str) -> None:
    """On the team server a new name is refused (InvalidValue, naming the field), so
    that no seeker shows on a coach's dashboard under another name."""
    given = changes.get("name")
    if request.app.state.accounts is None or given is None:
        return
    if " ".join(given.split()) != " ".join(current.split()):
        from coffeechat.core.errors import InvalidValue

        raise InvalidValue("name", given, TEAM_NAME, current)


@dataclass(frozen=True)
class CalendarRow:
    """A busy-time calendar as the page lists it."""

    id: int
    source: str
    kind: str
    read: str


@dataclass(frozen=True)
class GuideRow:
    """A guide as the page lists it."""

    name: str
    title: str
    builtin: bool
    questions: int


@dataclass(frozen=True)
class TemplateRow:
    """A draft template: yours or the one shipped, and where yours goes."""

    kind: str
    own: bool
    path: str
    own_path: str
    text: str


@dataclass(frozen=True)
class DigestView:
    """Team mode: the daily digest's choice, the zone its hour is in, and when the last
    one went out (None: never)."""

    enabled: bool
    hour: int
    zone: str
    last_sent: str | None


@dataclass(frozen=True)
class SettingsPage:
    """The context of Settings. ``values`` are what each field shows (what was typed,
    after a refused save); ``errors`` a refused value's message by field (or by form:
    ``calendar``, ``caldav``, ``guide``, ``password``)."""

    title: str
    sections: dict[str, tuple[tuple[str, str, str, str], ...]]
    values: dict[str, str]
    errors: dict[str, str]
    password_source: str | None
    calendars: list[CalendarRow]
    guides: list[GuideRow]
    templates: list[TemplateRow]
    feed_url: str
    feed_fetched: str | None
    notice: str | None = None
    warnings: list[str] = field(default_factory=list)
    #: A template's text as typed, by kind, when saving it was refused (shown again).
    template_drafts: dict[str, str] = field(default_factory=dict)
    #: Whether templates can be changed here (not on the team server: they are shared).
    templates_editable: bool = True
    #: team mode only: the daily digest section
    digest: DigestView | None = None


def _shown(value: Any) -> str:
    return "" if value is None else str(value)


def current_values(request: Request) -> dict[str, str]:
    """Every setting as its field shows it."""
    current = workspace_of(request).get_settings()
    return {k: _shown(getattr(current, k)) for _, fields in SECTIONS.items() for k, *_ in fields}


def fetched_text(request: Request, user_zone: str | None = None) -> str | None:
    """When the feed was last fetched and by what, in the user's zone (``user_zone``
    when the caller has read it); None: never. In team mode the feed row read with the
    key this request (``current_feed_key``) is used, else it is read."""
    from coffeechat.service import access

    accounts = request.app.state.accounts
    if accounts is not None:  # team mode: the signed-in user's own feed
        feed = getattr(request.state, "feed", None)
        if feed is not None:
            team_seen = None if feed.fetched_at is None else (feed.fetched_at, feed.agent or "")
        else:
            from coffeechat.service.feed import team_feed_seen

            team_seen = team_feed_seen(accounts, workspace_of(request).owner_id)
        seen = None if team_seen is None else (team_seen[0].isoformat(), team_seen[1])
    else:
        seen = access.feed_last_fetched(request.app.state.web.home)
    if seen is None:
        return None
    at, agent = seen
    zone = zoneinfo.ZoneInfo(user_zone or workspace_of(request).get_settings().timezone)
    try:
        when = f"{dt.datetime.fromisoformat(at).astimezone(zone):%a %d %b %Y, %H:%M}"
    except ValueError:
        when = at
    return f"{when} by {agent}" if agent else when


def settings_page(
    request: Request,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    notice: str | None = None,
    warnings: list[str] | None = None,
) -> SettingsPage:
    """Settings, read from the service."""
    from coffeechat.service.drafting import draft_templates
    from coffeechat.service.sending import password_source

    workspace = workspace_of(request)
    current = workspace.get_settings()
    zone = zoneinfo.ZoneInfo(current.timezone)
    home = request.app.state.web.home
    calendars = [
        CalendarRow(
            c.id,
            c.source,
            c.kind,
            f"{c.fetched_at.astimezone(zone):%a %d %b, %H:%M}" if c.fetched_at else "never",
        )
        for c in workspace.list_calendars()
    ]
    guides = [GuideRow(g.name, g.title, g.builtin, g.questions) for g in workspace.list_guides()]
    templates = [
        TemplateRow(t.kind, t.own, str(t.path), str(t.own_path), t.text)
        for t in draft_templates(home)
    ]
    return SettingsPage(
        title="Settings",
        sections=sections_of(request),
        values={**current_values(request), **(values or {})},
        errors=errors or {},
        password_source=password_source(current),
        calendars=calendars,
        guides=guides,
        templates=templates,
        feed_url=feed_url(request, current_feed_key(request)),
        feed_fetched=fetched_text(request),
        notice=notice,
        warnings=warnings or [],
        templates_editable=not request.app.state.web.team,
        digest=digest_view(request, current.timezone),
    )


def digest_view(request: Request, zone: str) -> DigestView | None:
    """The daily digest section (team mode; None in local mode)."""
    accounts = request.app.state.accounts
    if accounts is None:
        return None
    from coffeechat.service.digests import choice

    chosen = choice(accounts, workspace_of(request).owner_id)
    last = chosen.last_sent
    shown = (
        None if last is None else f"{last.astimezone(zoneinfo.ZoneInfo(zone)):%a %d %b %Y, %H:%M}"
    )
    return DigestView(chosen.enabled, chosen.hour, zone, shown)


@router.get("/settings")
def settings(request: Request) -> Response:
    """Your settings, one form a section."""
    page = settings_page(request, notice=notice_cookie.told(request, NOTICE_COOKIE))
    return notice_cookie.shown(request, render(request, "settings/index.html", page), NOTICE_COOKIE)


def _saved(text: str) -> Response:
    return notice_cookie.redirect_with("/settings", NOTICE_COOKIE, text)


def _refused(
    request: Request, error: CoffeechatError, where: str, values: dict[str, str] | None = None
) -> Response:
    """The page again with the error beside its field (``where`` when the error names
    none of the form's), status 400."""
    name = getattr(error, "field", None)
    key = name if isinstance(name, str) and values is not None and name in values else where
    page = settings_page(request, values=values, errors={key: str(error)})
    return render(request, "settings/index.html", page, status_code=400)


async def _section(request: Request, section: str) -> Response:
    """Save the fields of one section that changed (``settings set`` for each, checked
    together: all or nothing)."""
    form = await request.form()
    fields = sections_of(request)[section]
    values = {k: str(form.get(k, "")).replace("\r\n", "\n") for k, *_ in fields}
    if "name" in form and section == "profile" and "name" not in values:
        values["name"] = str(form.get("name", ""))  # on the team server: refused if new
    return await _run(request, section, values)


async def _run(request: Request, section: str, values: dict[str, str]) -> Response:
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(_save, request, section, values)


def _save(request: Request, section: str, values: dict[str, str]) -> Response:
    workspace = workspace_of(request)
    before = current_values(request)
    changed = {k: v for k, v in values.items() if v.strip() != before.get(k, "").strip()}
    if not changed:
        return _saved("Nothing to save: no value changed.")
    try:
        refuse_team_rename(request, changed, before.get("name", ""))
        workspace.update_settings(**changed)
    except CoffeechatError as error:
        return _refused(request, error, next(iter(values)), values)
    names = ", ".join(k.replace("_", " ") for k in changed)
    return _saved(f"Saved: {names}.")


@router.post("/settings/profile")
async def set_profile(request: Request) -> Response:
    """Name, e-mail, phone, zone, signature, paper (``coffeechat settings set``)."""
    return await _section(request, "profile")


@router.post("/settings/availability")
async def set_availability(request: Request) -> Response:
    """When you can meet, whose holidays, where, and the weekly goal."""
    return await _section(request, "availability")


@router.post("/settings/mail")
async def set_mail(request: Request) -> Response:
    """The mail server; a password typed is kept in the system keyring (never in the
    workspace, never shown again), where ``coffeechat send`` reads it."""
    form = await request.form()
    values = {k: str(form.get(k, "")) for k, *_ in MAIL}
    password = str(form.get("smtp_password", ""))
    if not password:
        return await _run(request, "mail", values)

    def save_all() -> Response:
        from coffeechat.service.sending import store_password

        response = _save(request, "mail", values)
        if response.status_code >= 400:
            return response
        user = workspace_of(request).get_settings().smtp_user
        try:
            store_password(user, password)
        except CoffeechatError as error:  # the other values are saved: say so beside it
            page = settings_page(request, errors={"smtp_password": str(error)})
            return render(request, "settings/index.html", page, status_code=400)
        return _saved("Saved the mail server; the password is in your keyring.")

    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(save_all)


@router.post("/settings/calendars")
def calendar_add(
    request: Request,
    source: Annotated[str, Form()] = "",
    caldav: Annotated[str, Form()] = "",
    user: Annotated[str, Form()] = "",
) -> Response:
    """Add a calendar file or URL, or a CalDAV calendar (``coffeechat calendar add``)."""
    where = "caldav" if caldav.strip() else "calendar"
    if not (source.strip() or caldav.strip()):
        from coffeechat.core.errors import InvalidValue

        error = InvalidValue(where, "", "give a file or an address", "~/Downloads/work.ics")
        return _refused(request, error, where)
    if request.app.state.web.team and not caldav.strip():
        lowered = source.strip().lower()
        if not lowered.startswith(("https://", "http://", "webcal://")):
            from coffeechat.core.errors import InvalidValue

            # a path would name a file of the server, not one of yours
            error = InvalidValue(
                where,
                source.strip(),
                "on the team server, give the calendar's address, not a file",
                "https://calendar.example.org/work.ics",
            )
            return _refused(request, error, where)
    try:
        if caldav.strip():
            added = workspace_of(request).add_calendar(
                caldav.strip(), caldav=True, user=user.strip() or None
            )
        else:
            added = workspace_of(request).add_calendar(source.strip())
    except CoffeechatError as error:
        return _refused(request, error, where)
    text = f"Added calendar {added.id}: {added.source}."
    if added.warnings:
        text += f" {len(added.warnings)} events could not be read fully."
    return _saved(text)


@router.post("/settings/calendars/upload")
def calendar_upload(
    request: Request, file: Annotated[UploadFile | None, File()] = None
) -> Response:
    """Upload a calendar file (.ics): kept in the workspace, read at each proposal;
    the same file name again replaces it. The team server's way to add a file."""
    from coffeechat.core.errors import InvalidValue
    from coffeechat.service.calendars import MAX_CALENDAR_BYTES

    data = file.file.read(MAX_CALENDAR_BYTES + 1) if file is not None else b""
    if file is None or (not (file.filename or "").strip() and not data):
        error = InvalidValue("upload", "", "choose an .ics file", "work.ics")
        return _refused(request, error, "upload")
    try:
        added, replaced = workspace_of(request).upload_calendar(file.filename or "", data)
    except CoffeechatError as error:
        return _refused(request, error, "upload")
    text = f"{'Replaced' if replaced else 'Added'} calendar {added.id}: {added.source}."
    if added.warnings:
        text += f" {len(added.warnings)} events could not be read fully."
    return _saved(text)


@router.post("/settings/calendars/remove")
def calendar_remove(request: Request, calendar: Annotated[str, Form()]) -> Response:
    """Stop using a calendar (``coffeechat calendar remove``)."""
    removed = workspace_of(request).remove_calendar(calendar)
    return _saved(f"Removed calendar {removed.id}: {removed.source}.")


@router.post("/settings/calendars/refresh")
def calendar_refresh(request: Request) -> Response:
    """Read every calendar again now (``coffeechat calendar refresh``)."""
    items, warnings = workspace_of(request).refresh_calendars()
    if warnings:
        page = settings_page(request, notice="Read your calendars again.", warnings=warnings)
        return render(request, "settings/index.html", page)
    return _saved(f"Read your {len(items)} calendars again." if items else "No calendars yet.")


#: The largest guide file taken (a guide is a page of questions).
GUIDE_LIMIT = 256 * 1024
GUIDE_SUFFIXES = (".toml", ".yaml", ".yml")


@router.post("/settings/guides")
def guide_add(
    request: Request,
    file: Annotated[UploadFile, File()],
    name: Annotated[str, Form()] = "",
) -> Response:
    """Add your own guide from a TOML or YAML file (``coffeechat guide add``)."""
    import re
    import tempfile
    from pathlib import Path

    from coffeechat.core.errors import InvalidValue

    # the name shows in errors and makes the guide's default name: plain characters only
    filename = re.sub(r"[^\w.\- ]", "_", Path(file.filename or "").name)[-100:]
    data = file.file.read(GUIDE_LIMIT + 1)
    problem = None
    if not filename.lower().endswith(GUIDE_SUFFIXES):
        problem = "choose a .toml, .yaml or .yml file"
    elif len(data) > GUIDE_LIMIT:
        problem = "is larger than 256 KB: a guide is a page of questions"
    if problem:
        return _refused(request, InvalidValue("guide", filename, problem, "my-guide.toml"), "guide")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / filename
        path.write_bytes(data)
        try:
            guide, replaced = workspace_of(request).add_guide(str(path), name.strip() or None)
        except CoffeechatError as error:
            message = str(error).replace(folder + "/", "")
            return _refused(request, CoffeechatError(message), "guide")
    return _saved(f"{'Replaced' if replaced else 'Added'} the guide {guide.name}.")


@router.post("/settings/guides/remove")
def guide_remove(request: Request, guide: Annotated[str, Form()]) -> Response:
    """Remove one of your guides (``coffeechat guide remove``)."""
    removed = workspace_of(request).remove_guide(guide)
    return _saved(f"Removed the guide {removed}.")


@router.get("/settings/guides/{name}.toml")
def guide_file(request: Request, name: str) -> Response:
    """A guide as a TOML file to edit and add again (``guide show NAME --toml``)."""
    from coffeechat.formats.guidefile import dump_toml

    workspace = workspace_of(request)
    if name not in {g.name for g in workspace.list_guides()}:  # a name, never a path
        raise HTTPException(404)
    text = dump_toml(workspace.get_guide(name))
    return Response(
        text,
        media_type="application/toml; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.toml"'},
    )


@router.post("/settings/feed")
def renew_feed(request: Request) -> Response:
    """A new key for the agenda feed (``coffeechat serve --new-feed``): the old
    address stops working at once."""
    current_feed_key(request, renew=True)
    return _saved("The feed has a new address: subscribe your calendar app to it again.")


def _own_templates(request: Request) -> None:
    """Templates are files of the workspace folder: on the team server that folder is
    the server's, shared by everyone, so no one changes them from the web there."""
    if request.app.state.web.team:
        raise HTTPException(404)


@router.post("/settings/templates/{kind}")
def template_save(request: Request, kind: str, text: Annotated[str, Form()] = "") -> Response:
    """Save your version of a draft's template (``templates/KIND.txt``), checked first."""
    _own_templates(request)
    try:
        saved = workspace_of(request).save_template(kind, text)
    except CoffeechatError as error:
        from coffeechat.core.drafts import KINDS

        key = f"template-{kind}" if kind in KINDS else "template"  # beside its field
        page = settings_page(request, errors={key: str(error)})
        page.template_drafts[kind] = text
        return render(request, "settings/index.html", page, status_code=400)
    return _saved(f"Saved your {saved.kind} template: the next {saved.kind} draft uses it.")


@router.post("/settings/templates/{kind}/reset")
def template_reset(request: Request, kind: str) -> Response:
    """Go back to the built-in template of a kind of draft."""
    _own_templates(request)
    if workspace_of(request).reset_template(kind):
        return _saved(f"The {kind} draft uses the built-in template again.")
    return _saved(f"The {kind} draft already uses the built-in template.")


@router.post("/settings/digest")
async def set_digest(request: Request) -> Response:
    """Team mode: the daily digest on or off, and its hour in your zone."""
    from starlette.concurrency import run_in_threadpool

    from coffeechat.core.errors import InvalidValue
    from coffeechat.service.digests import set_choice

    accounts = request.app.state.accounts
    if accounts is None:
        raise HTTPException(404)
    form = await request.form()
    enabled = form.get("digest_on") == "on"
    given = str(form.get("digest_hour", "")).strip()

    def save() -> Response:
        try:
            if not given.isdigit():
                raise InvalidValue("digest_hour", given, "must be an hour from 0 to 23", "8")
            set_choice(accounts, workspace_of(request).owner_id, enabled, int(given))
        except CoffeechatError as error:
            return _refused(request, error, "digest_hour")
        if not enabled:
            return _saved("Saved: no daily digest.")
        return _saved(f"Saved: your daily digest comes at {int(given):02d}:00.")

    return await run_in_threadpool(save)
