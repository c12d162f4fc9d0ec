"""The application factory: API routers, pages, and the one error mapping."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from episurv import __version__
from episurv.errors import EpisurvError, InvalidInput


def create_app() -> FastAPI:
    app = FastAPI(title="episurv", version=__version__, docs_url="/api/docs",
                  redoc_url=None, openapi_url="/api/openapi.json")

    @app.exception_handler(EpisurvError)
    def domain_error(_request: Request, exc: EpisurvError) -> JSONResponse:
        body: dict = {"detail": str(exc)}
        if isinstance(exc, InvalidInput) and exc.problems:
            body["problems"] = exc.problems
        return JSONResponse(body, status_code=exc.http_status)

    from episurv.web import api, pages

    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    return app
