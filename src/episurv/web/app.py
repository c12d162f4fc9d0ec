"""The application factory: API routers, pages, and the one error mapping."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import DBAPIError, OperationalError
from starlette.exceptions import HTTPException

from episurv import __version__
from episurv.errors import EpisurvError, InvalidInput
from episurv.web import error_pages
from episurv.web.i18n import N_, gettext_for, said

SWAGGER_UI = "5.35.0"  # npm swagger-ui-dist, vendored in static/vendor


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    # A server worker draws its charts in a renderer process of its own: drawing holds the GIL
    # for as long as it takes, which would stop every other request of the worker (charts).
    import anyio.to_thread

    from episurv.db import POOL_SIZE
    from episurv.reporting.charts import start_renderer, stop_renderer

    # Routes and their dependencies are plain functions, run in this worker's threads (anyio's
    # default: 40). As many threads as connections kept (db.POOL_SIZE): a request beyond them
    # waits its turn in the limiter's queue, first come first served, instead of taking a
    # connection that is opened for it and closed after, or a thread that contends for the
    # GIL with the others.
    anyio.to_thread.current_default_thread_limiter().total_tokens = POOL_SIZE
    start_renderer()
    if getattr(app.state, "warm", False):
        from episurv.web.warmup import start_warming

        start_warming()
    yield
    stop_renderer()


def create_server_app() -> FastAPI:
    """The app of an `episurv serve` worker: as create_app, and it draws the current reports
    as it starts (web.warmup), before they are asked for."""
    app = create_app()
    app.state.warm = True
    return app


def create_app() -> FastAPI:
    # Swagger UI is served from our own static files (like htmx), so /api/docs works offline.
    app = FastAPI(title="episurv", version=__version__, docs_url=None,
                  redoc_url=None, openapi_url="/api/openapi.json", lifespan=_lifespan)

    @app.get("/api/docs", include_in_schema=False)
    def api_docs() -> Response:
        from fastapi.openapi.docs import get_swagger_ui_html

        return get_swagger_ui_html(
            openapi_url="/api/openapi.json", title="episurv API",
            swagger_js_url=f"/static/vendor/swagger-ui-{SWAGGER_UI}-bundle.js",
            swagger_css_url=f"/static/vendor/swagger-ui-{SWAGGER_UI}.css",
            swagger_favicon_url="/static/vendor/swagger-ui-favicon-32x32.png")

    from episurv.web import (
        api,
        api_bulletins,
        api_fhir,
        api_homecare,
        api_levels,
        api_national,
        api_outbreak,
        api_privacy,
        pages,
        pages_account,
        pages_bulletins,
        pages_followup,
        pages_homecare,
        pages_levels,
        pages_map,
        pages_national,
        pages_outbreak,
        pages_public,
    )
    from episurv.web.deps import PasswordChangeRequired, SignInRequired

    @app.exception_handler(EpisurvError)
    def domain_error(request: Request, exc: EpisurvError) -> Response:
        if isinstance(exc, SignInRequired):
            return RedirectResponse(f"/signin?next={quote(str(exc))}", status_code=303)
        if isinstance(exc, PasswordChangeRequired) and not error_pages.is_api(request):
            return RedirectResponse(f"/account/password?next={quote(str(exc))}", status_code=303)
        if not error_pages.is_api(request):
            return error_pages.page(request, exc.http_status, said(exc, pages.lang_of(request)))
        body: dict = {"detail": str(exc)}
        if exc.code is not None:
            body["code"] = exc.code
        if isinstance(exc, InvalidInput) and exc.problems:
            body["problems"] = exc.problems
        headers = {"WWW-Authenticate": "Bearer"} if exc.http_status == 401 else None
        return JSONResponse(body, status_code=exc.http_status, headers=headers)

    @app.exception_handler(DBAPIError)
    def database_unreachable(request: Request, exc: DBAPIError) -> Response:
        """A lost database connection (a restart, a failover) is "try again", never a 500: the
        write did not happen, the pool reconnects on the next request (pre-ping)."""
        if not exc.connection_invalidated and not isinstance(exc, OperationalError):
            raise exc
        message = N_("the database is not reachable at the moment; try again in a few seconds")
        if not error_pages.is_api(request):
            return error_pages.page(request, 503, gettext_for(pages.lang_of(request))(message),
                                    with_caller=False)
        return JSONResponse({"detail": message}, status_code=503, headers={"Retry-After": "5"})

    @app.exception_handler(HTTPException)
    def router_refusal(request: Request, exc: HTTPException) -> Response:
        """No route at the address (404) or not for this method (405)."""
        return error_pages.router_error(request, exc.status_code, str(exc.detail), exc.headers)

    @app.exception_handler(RequestValidationError)
    async def unreadable(request: Request, exc: RequestValidationError) -> Response:
        """A malformed query or path value: FastAPI's JSON under /api/, a page elsewhere."""
        if error_pages.is_api(request):
            return await request_validation_exception_handler(request, exc)
        return error_pages.unreadable_address(request, list(exc.errors()))

    @app.exception_handler(Exception)
    def failure(request: Request, _exc: Exception) -> Response:
        # Called once the error is on its way to the log (Starlette re-raises it after).
        return error_pages.server_error(request)


    for module in (api, api_national, api_outbreak, api_bulletins, api_fhir, api_homecare,
                   api_levels, api_privacy, pages, pages_account, pages_national,
                   pages_outbreak, pages_bulletins, pages_followup, pages_homecare, pages_levels,
                   pages_public, pages_map):
        app.include_router(module.router)
    from episurv.web.security import SecurityHeaders, keep_tokens_out_of_logs

    app.add_middleware(SecurityHeaders)
    from episurv.web.dates import VietnameseDates

    app.add_middleware(VietnameseDates)
    keep_tokens_out_of_logs()
    static = Path(__file__).parent / "static"

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> FileResponse:
        """Browsers ask for it on their own, on pages that name none (JSON, the personal
        check-in link): a 404 there is an error in every visitor's console."""
        return FileResponse(static / "favicon.svg", media_type="image/svg+xml",
                            headers={"Cache-Control": "public, max-age=86400"})

    app.mount("/static", StaticFiles(directory=static), name="static")
    return app
