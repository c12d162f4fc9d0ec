"""Days as Vietnamese people write them (dd/mm/yyyy), read by the pages as well as ISO.

The Vietnamese pages show their date fields as dd/mm/yyyy (static/js/datefield.js sends ISO in
a hidden field); a browser without script, a bookmarked address or a hand-made request may send
"7/11/2021" instead. This middleware rewrites such a value of a date field, in the query and in
a posted form, to ISO (2021-11-07) before any page reads it, so every page and service keeps one
way of reading a day. A value that is not a real day is left as it was, for the page to refuse
with its own message.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from episurv.core.days import day_month_year

# The date fields of the pages' forms (their <input type="date">), and any name ending "_date".
DATE_FIELDS = frozenset({"date", "date_from", "date_to", "since", "last_day", "positive_on",
                         "valid_from", "valid_to", "identified_on", "fix:date"})
# A posted form larger than this is passed on untouched (no date form comes near it).
_MAX_BODY = 2 * 1024 * 1024


def iso_day(text: str) -> str | None:
    """"7/11/2021" or "07/11/2021" as "2021-11-07"; None when it is not written so or is no
    real day (31/6/2021)."""
    day = day_month_year(text)
    return None if day is None else day.isoformat()


def is_date_field(name: str) -> bool:
    return name in DATE_FIELDS or name.endswith("_date")


def rewritten(encoded: str) -> str | None:
    """The urlencoded `encoded` with its dd/mm/yyyy date fields in ISO; None when none was."""
    pairs = parse_qsl(encoded, keep_blank_values=True)
    changed = False
    out = []
    for name, value in pairs:
        iso = iso_day(value) if is_date_field(name) else None
        if iso is not None:
            value, changed = iso, True
        out.append((name, value))
    return urlencode(out) if changed else None


class VietnameseDates:
    """Pure ASGI middleware: dd/mm/yyyy in the date fields of a page's query or posted form
    becomes ISO. The API (/api/) is left as it is: its contract is ISO."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(("/api/", "/static/")):
            await self.app(scope, receive, send)
            return
        query = scope.get("query_string", b"").decode("latin-1")
        if "%2F" in query or "/" in query:
            better = rewritten(query)
            if better is not None:
                scope = dict(scope, query_string=better.encode("latin-1"))
        content_type = dict(scope.get("headers") or []).get(b"content-type", b"")
        if scope["method"] != "POST" or not content_type.startswith(
                b"application/x-www-form-urlencoded"):
            await self.app(scope, receive, send)
            return
        held: list[Message] = []
        size = 0
        while True:
            message = await receive()
            held.append(message)
            size += len(message.get("body", b""))
            if message["type"] != "http.request" or not message.get("more_body") \
                    or size > _MAX_BODY:
                break
        if size <= _MAX_BODY and all(m["type"] == "http.request" for m in held):
            body = b"".join(m.get("body", b"") for m in held)
            better = rewritten(body.decode("latin-1")) if b"%2F" in body or b"/" in body \
                else None
            if better is not None:
                body = better.encode("latin-1")
                # The length the server was told no longer holds.
                scope = dict(scope, headers=[(k, v) for k, v in scope["headers"]
                                             if k != b"content-length"]
                             + [(b"content-length", str(len(body)).encode())])
            held = [{"type": "http.request", "body": body, "more_body": False}]

        async def replay() -> Message:
            return held.pop(0) if held else await receive()

        await self.app(scope, replay, send)
