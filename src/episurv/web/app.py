"""The application factory: API routers, pages, and the one error mapping."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import DBAPIError, OperationalError

from episurv import __version__
from episurv.errors import EpisurvError, InvalidInput


def create_app() -> FastAPI:
    app = FastAPI(title="episurv", version=__version__, docs_url="/api/docs",
                  redoc_url=None, openapi_url="/api/openapi.json")

    from episurv.web import (
        api,
        api_bulletins,
        api_national,
        api_outbreak,
        pages,
        pages_bulletins,
        pages_followup,
        pages_map,
        pages_national,
        pages_outbreak,
        pages_public,
    )
    from episurv.web.deps import SignInRequired

    @app.exception_handler(EpisurvError)
    def domain_error(request: Request, exc: EpisurvError) -> Response:
        if isinstance(exc, SignInRequired):
            return RedirectResponse(f"/signin?next={quote(str(exc))}", status_code=303)
        if not request.url.path.startswith("/api/"):
            return pages.render(request, "error.html", None, status=exc.http_status,
                                message=str(exc))
        body: dict = {"detail": str(exc)}
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
        message = "the database is not reachable at the moment; try again in a few seconds"
        if not request.url.path.startswith("/api/"):
            return pages.render(request, "error.html", None, status=503, message=message)
        return JSONResponse({"detail": message}, status_code=503, headers={"Retry-After": "5"})

    for module in (api, api_national, api_outbreak, api_bulletins, pages, pages_national,
                   pages_outbreak, pages_bulletins, pages_followup, pages_public, pages_map):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    return app
