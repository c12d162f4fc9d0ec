"""How an error reaches whoever asked: a page in the reader's language, with the site's
navigation and a way home, for a browser; JSON with its English detail under /api/.

The router's own refusals (no such address, a method the address does not take) and a failure
of ours (500) are said here; a service's error (episurv.errors) is said by episurv.messages.said.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from episurv.web.i18n import N_, gettext_for

# What a reader is told for each status the router or the server answers by itself.
MESSAGES = {
    404: N_("There is no page at this address. It may have moved, or the link may be mistyped."),
    405: N_("This address does not take that kind of request."),
    500: N_("Something went wrong on our side, and nothing was changed. Try again in a "
            "moment; if it happens again, tell your administrator."),
}


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def page(request: Request, status: int, message: str, *, with_caller: bool = True
         ) -> HTMLResponse:
    """The error page: the message (already in the reader's language), the navigation of the
    signed-in user when there is one (`with_caller`: looked up, which reads the database), and
    a link home."""
    from episurv.web import pages
    from episurv.web.deps import signed_in_outside_route

    caller = signed_in_outside_route(request) if with_caller else None
    return pages.render(request, "error.html", caller,
                        status=status, message=message)


def router_error(request: Request, status: int, detail: str,
                 headers: dict[str, str] | None = None) -> Response:
    """The router's refusal (404, 405): JSON as FastAPI writes it under /api/, else the page."""
    if is_api(request) or status not in MESSAGES:
        return JSONResponse({"detail": detail}, status_code=status, headers=headers)
    from episurv.web.pages import lang_of

    response = page(request, status, gettext_for(lang_of(request))(MESSAGES[status]))
    for name, value in (headers or {}).items():  # a 405's Allow
        response.headers[name] = value
    return response


# A value of the address (a query parameter, a part of the path) the route cannot read.
UNREADABLE = N_("This address holds a value the page cannot read: %(values)s. Correct it, or "
                "open the page without it.")


def unreadable_address(request: Request, errors: list[dict]) -> HTMLResponse:
    """FastAPI's refusal of a malformed query or path value (422) on a page: the page in the
    reader's language naming each value, where the API answers its JSON."""
    from episurv.web.pages import lang_of

    values = ", ".join(f"{e['loc'][-1]}={e.get('input')!r}" if e.get("input") is not None
                       else str(e["loc"][-1]) for e in errors)
    message = gettext_for(lang_of(request))(UNREADABLE) % {"values": values}
    return page(request, 422, message)


def server_error(request: Request) -> Response:
    """A failure of ours: no detail of it leaves the server (it is in the log). The page does
    not read the database, which may be what failed."""
    if is_api(request):
        return JSONResponse({"detail": "Internal Server Error"}, status_code=500)
    from episurv.web.pages import lang_of

    return page(request, 500, gettext_for(lang_of(request))(MESSAGES[500]), with_caller=False)
