"""What every response and every request's origin must satisfy before go-live: security headers
(OWASP Secure Headers Project), where a client really is (X-Forwarded-For only from configured
proxies), whether it came over TLS, and which redirect targets are ours.

Behind a reverse proxy, list the proxy in EPISURV_TRUSTED_PROXIES (addresses or networks,
comma-separated): its X-Forwarded-For and X-Forwarded-Proto are then believed, and only then.
"""

from __future__ import annotations

import ipaddress
import logging
import re
from functools import lru_cache
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from episurv.config import get_settings

# No inline script anywhere: htmx is loaded from /static and needs no eval. Inline style
# attributes remain (bars of charts), which run nothing.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; "
       "frame-ancestors 'none'")
# The interactive API documentation: Swagger UI from our own static files (vendored), started by
# an inline script; it draws its icons as data: images. Nothing is loaded from elsewhere.
DOCS_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline'; "
            "style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; "
            "base-uri 'self'; frame-ancestors 'none'")
HEADERS = [(b"x-frame-options", b"DENY"), (b"x-content-type-options", b"nosniff"),
           (b"referrer-policy", b"same-origin")]
PERSONAL_HEADERS = [*HEADERS[:2], (b"referrer-policy", b"no-referrer")]

# Paths that held a personal check-in token before it moved to the link's fragment: a printed
# link of that time, or a phone still sending a queued check-in to the old address.
_TOKEN_IN_PATH = re.compile(r"^(/c/\d+/|/api/v1/public/checkins/\d+/)[^/?#\s]+")


class LinkTokens(logging.Filter):
    """Writes "[token]" in the access log where a personal check-in token was in the path."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(_TOKEN_IN_PATH.sub(r"\1[token]", a) if isinstance(a, str) else a
                                for a in record.args)
        return True


def keep_tokens_out_of_logs() -> None:
    """Install LinkTokens on uvicorn's access log (once per process)."""
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, LinkTokens) for f in access.filters):
        access.addFilter(LinkTokens())


def _added(personal: bool, docs: bool, tls: bool) -> tuple[tuple[bytes, bytes], ...]:
    return (*(PERSONAL_HEADERS if personal else HEADERS),
            (b"content-security-policy", (DOCS_CSP if docs else CSP).encode()),
            *([(b"strict-transport-security", b"max-age=31536000")] if tls else []))


# Every combination, encoded once: a response only appends one of them (issue 16: the headers
# were built and encoded again for every response, a request object made to ask about TLS).
_ADDED = {(p, d, t): _added(p, d, t) for p in (False, True) for d in (False, True)
          for t in (False, True)}


class SecurityHeaders:
    """Pure ASGI middleware (no per-request task, unlike BaseHTTPMiddleware): adds the headers
    to every HTTP response, HSTS too when the request came over TLS."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        # The personal check-in page sends no Referer at all (its link is a credential).
        added = _ADDED[path.startswith("/c/"), path == "/api/docs", _scope_tls(scope)]

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), *added]
            await send(message)

        await self.app(scope, receive, with_headers)


@lru_cache(maxsize=8)
def _networks(spec: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    try:
        return tuple(ipaddress.ip_network(part.strip(), strict=False)
                     for part in spec.split(",") if part.strip())
    except ValueError as exc:
        raise ValueError(f"EPISURV_TRUSTED_PROXIES: {exc}") from None


def _trusted(address: str | None) -> bool:
    networks = _networks(get_settings().trusted_proxies)
    if not address or not networks:
        return False
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in networks)


def client_address(request: Request) -> str:
    """The client's address: the peer's, or, when the peer is a trusted proxy, the nearest
    address in X-Forwarded-For that is not itself a trusted proxy."""
    peer = request.client.host if request.client else None
    if not _trusted(peer):
        return peer or "unknown"
    hops = [h.strip() for h in request.headers.get("x-forwarded-for", "").split(",") if h.strip()]
    for hop in reversed(hops):
        if not _trusted(hop):
            return hop[:64]
    return peer or "unknown"


def is_tls(request: Request) -> bool:
    """Whether the client reached us over TLS: directly, or through a trusted proxy that says so
    (X-Forwarded-Proto: https). The scheme is read from the ASGI scope, not `request.url`,
    which builds the whole address."""
    if request.scope.get("scheme") == "https":
        return True
    peer = request.client.host if request.client else None
    return _trusted(peer) and request.headers.get("x-forwarded-proto", "").lower() == "https"


def _scope_tls(scope: Scope) -> bool:
    """is_tls of the request of `scope`, without making a request object: every response asks
    it (SecurityHeaders), and the headers are looked at only when the peer is a trusted
    proxy."""
    if scope.get("scheme") == "https":
        return True
    client = scope.get("client")
    if not _trusted(client[0] if client else None):
        return False
    return Request(scope).headers.get("x-forwarded-proto", "").lower() == "https"


def same_site_path(target: str | None, default: str = "/") -> str:
    """A redirect target only if it is a path of this site: "/cases?x=1" yes; "//evil.example",
    "/\\evil.example", "https://evil.example", "javascript:..." no (then `default`)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return default
    if any(ord(ch) < 32 or ch == "\\" for ch in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target
