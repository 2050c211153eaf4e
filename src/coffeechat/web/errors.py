"""Errors at the edge of the web: JSON ``{"error": {code, message, field}}`` for the
API, a short page for the rest."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from coffeechat.core.errors import CoffeechatError

#: Errors that mean "no such thing": 404 (the others are 400, a busy workspace 503).
NOT_FOUND = {
    "UnknownContact",
    "UnknownCompany",
    "UnknownRecord",
    "UnknownItem",
    "NoWorkspace",
    "UnknownImport",
    "UnknownSubmission",
    "NoSuchId",
}
BUSY = {"WorkspaceBusy"}
#: Seen, but not the caller's to do (a seeker reviewing their own recap): 403.
FORBIDDEN = {"NotTheCoach"}


def code_of(error: BaseException) -> str:
    """The error's class name in kebab case: ``UnknownContact`` → ``unknown-contact``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "-", type(error).__name__).lower()


def status_of(error: CoffeechatError) -> int:
    """The HTTP status of a domain error."""
    name = type(error).__name__
    if name in NOT_FOUND:
        return 404
    if name in BUSY:
        return 503
    if name in FORBIDDEN:
        return 403
    return 400


def error_document(code: str, message: str, field: str | None) -> dict[str, Any]:
    """The API's error shape (docs/json.md)."""
    return {"error": {"code": code, "message": message, "field": field}}


class ErrorDetail(BaseModel):
    """What went wrong: a code (``unknown-contact``), one line, and the field at fault."""

    code: str
    message: str
    field: str | None


class ErrorDocument(BaseModel):
    """Every error of the API: ``{"error": {"code", "message", "field"}}``."""

    error: ErrorDetail


#: The errors every route of /api/v1/ may answer, in its OpenAPI document (so that a
#: client, and schemathesis, knows their shape).
API_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorDocument, "description": description}
    for status, description in (
        (400, "Bad input: what is wrong, and where"),
        (401, "Not signed in: send Authorization: Bearer TOKEN"),
        (403, "Refused (a missing CSRF token, for a browser)"),
        (404, "No such thing here, or not yours"),
        (422, "A parameter or the body does not have the shape the route takes"),
        (503, "The workspace is busy: try again in a moment"),
    )
}


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def domain_response(request: Request, error: CoffeechatError) -> Response:
    """A domain error as the API's JSON or as a page."""
    from coffeechat.core.errors import EmptyRecap

    if isinstance(error, EmptyRecap) and getattr(request.app.state, "accounts", None):
        # the team server: its pages, not a local command with the server's ids
        page = f"/contacts/{error.contact_id}/recap"
        error = EmptyRecap(error.name, error.contact_id, error.reflection, page=page)
    status = status_of(error)
    field = getattr(error, "field", None)
    if _is_api(request):
        return JSONResponse(error_document(code_of(error), str(error), field), status)
    from coffeechat.web.templating import render

    return render(request, "error.html", ErrorPage(status, str(error)), status_code=status)


def http_response(request: Request, error: HTTPException) -> Response:
    """An HTTP error (403, 404, 413...) as JSON for the API, a page otherwise."""
    message = str(error.detail)
    if _is_api(request):
        code = re.sub(r"\W+", "-", message.lower()).strip("-") if error.status_code != 403 else ""
        code = {404: "not-found", 403: "forbidden", 413: "too-large", 405: "not-allowed"}.get(
            error.status_code, code or "error"
        )
        return JSONResponse(
            error_document(code, message, None), error.status_code, headers=error.headers
        )
    from coffeechat.web.templating import render

    return render(
        request, "error.html", ErrorPage(error.status_code, message), status_code=error.status_code
    )


def validation_response(request: Request, error: RequestValidationError) -> Response:
    """A request FastAPI could not read (a missing or mistyped field): 422, as JSON for
    the API, a page otherwise."""
    first = error.errors()[0] if error.errors() else {}
    if first.get("type") == "json_invalid":  # loc holds a character position, not a field
        message = "the body is not valid JSON: " + _json_problem(first, error.body)
        if _is_api(request):
            return JSONResponse(error_document("invalid-json", message, "body"), 400)
        from coffeechat.web.templating import render

        return render(request, "error.html", ErrorPage(400, message), status_code=400)
    where = [str(p) for p in first.get("loc", ()) if p not in ("body", "query", "path")]
    field = ".".join(where) or None
    message = f"{field or 'request'}: {first.get('msg', 'is not valid').lower()}"
    if _is_api(request):
        return JSONResponse(error_document("invalid-request", message, field), 422)
    from coffeechat.web.templating import render

    return render(request, "error.html", ErrorPage(422, message), status_code=422)


def _json_problem(found: Any, body: object) -> str:
    """What the JSON parser said, and where, as a line and a column of the body."""
    said = str((found.get("ctx") or {}).get("error") or "JSON decode error")
    loc = found.get("loc") or ()
    at = loc[-1] if loc else None
    if not isinstance(at, int) or isinstance(at, bool):
        return said
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    if not isinstance(text, str):
        return f"{said} at character {at + 1}"
    line = text.count("\n", 0, at) + 1
    column = at - text.rfind("\n", 0, at)
    return f"{said} at line {line} column {column}"


@dataclass(frozen=True)
class ErrorPage:
    """The context of the error page."""

    status: int
    message: str
    title: str = "Something is not right"
