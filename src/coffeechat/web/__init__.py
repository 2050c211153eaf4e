"""The web UI: ``create_app(settings)`` builds the FastAPI app over the service API.

Layers: the web calls ``coffeechat.service`` (and formats for the JSON shapes) and
nothing below it (tests/test_layers.py). Service calls are synchronous, so every route
that calls one is a plain ``def``: FastAPI runs it in its thread pool, never on the
event loop.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from coffeechat.web.settings import WebSettings

#: FastAPI's own OpenTelemetry hooks, all off: it would otherwise trace every request,
#: and log exception messages and stack traces (which can quote a person's notes), to
#: whatever OpenTelemetry provider the process has (``opentelemetry-instrument``, or
#: ``FASTAPI_OTEL_AUTO_CONFIGURE=true`` with an OTLP endpoint: another machine). Nothing
#: leaves the machine, whatever the environment; it also saves work on every request.
NO_TELEMETRY: TelemetryConfig = {
    "tracing": False,
    "metrics": False,
    "logs": False,
    "operation_spans": False,
    "auto_configure": False,
}

if TYPE_CHECKING:
    from fastapi import FastAPI
    from fastapi.telemetry import TelemetryConfig

    from coffeechat.service.accounts import Accounts
    from coffeechat.service.workspace import Workspace

__all__ = ["WebSettings", "create_app"]


def create_app(
    settings: WebSettings, workspace: Workspace | None, accounts: Accounts | None = None
) -> FastAPI:
    """The web app for ``workspace``, guarded as ``settings`` say; in team mode
    (``settings.team``) for the accounts of ``accounts``' database, each request in the
    workspace of whoever signed in (``workspace`` is then not used)."""
    from fastapi import Depends, FastAPI, Request
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import Response
    from fastapi.staticfiles import StaticFiles
    from starlette.exceptions import HTTPException

    from coffeechat.core.errors import CoffeechatError
    from coffeechat.web import errors
    from coffeechat.web.routers import (
        account,
        account_page,
        admin,
        api,
        api_chat,
        api_cohorts,
        api_contacts,
        api_messages,
        api_recap,
        api_review,
        api_scheduling,
        api_settings,
        auth,
        board,
        chat,
        cohorts,
        companies,
        contact_edit,
        contacts,
        data,
        feed,
        insights,
        messages,
        recaps,
        records,
        review,
        scheduling,
        today,
        undo,
    )
    from coffeechat.web.routers import (
        settings as settings_page,
    )
    from coffeechat.web.routers.deps import web_change
    from coffeechat.web.security import Guard
    from coffeechat.web.templating import HERE

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if settings.threads:  # per event loop: set once it runs
            import anyio.to_thread

            anyio.to_thread.current_default_thread_limiter().total_tokens = settings.threads
        if settings.warm:  # a server's worker: ready before its first request
            from coffeechat.web.warmup import warm_up

            await warm_up(_app)
        yield

    app = FastAPI(
        lifespan=lifespan,
        title="coffeechat",
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # the docs UI loads its script from a CDN: not here
        redoc_url=None,
        dependencies=[Depends(web_change)],  # every write is one change, named for undo
        telemetry=NO_TELEMETRY,
    )
    if settings.team and accounts is None:
        raise ValueError("team mode needs the accounts")
    app.state.web = settings
    app.state.workspace = workspace
    app.state.accounts = accounts if settings.team else None
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    for router in (
        auth.router,
        account.router,
        account.api_router,
        admin.router,
        today.router,
        contacts.router,
        contact_edit.router,
        records.router,
        undo.router,
        board.router,
        companies.router,
        messages.router,
        scheduling.router,
        data.router,
        settings_page.router,
        feed.router,
        chat.router,
        recaps.router,
        insights.router,
        cohorts.router,
        api.router,
        api_scheduling.router,
        api_messages.router,
        api_settings.router,
        api_chat.router,
        api_recap.router,
        api_contacts.router,
    ):
        in_api = router.prefix.startswith("/api/")  # their errors: JSON, in the document
        app.include_router(router, responses=errors.API_ERRORS if in_api else None)
    if settings.team:  # the team server's own pages and API (not in a local OpenAPI)
        app.include_router(review.router)
        app.include_router(api_review.router, responses=errors.API_ERRORS)
        app.include_router(api_cohorts.router, responses=errors.API_ERRORS)
        app.include_router(account_page.router)

    @app.exception_handler(CoffeechatError)
    def domain_error(request: Request, error: CoffeechatError) -> Response:
        return errors.domain_response(request, error)

    @app.exception_handler(HTTPException)
    def http_error(request: Request, error: HTTPException) -> Response:
        return errors.http_response(request, error)

    @app.exception_handler(RequestValidationError)
    def invalid_request(request: Request, error: RequestValidationError) -> Response:
        return errors.validation_response(request, error)

    app.add_middleware(
        Guard,
        home=settings.home,
        hosts=settings.allowed_hosts(),
        max_body=settings.max_body,
        accounts=app.state.accounts,
        public_only=settings.team and not settings.private_addresses,
    )
    return app
