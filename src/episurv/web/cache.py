"""What pages derive from the data (reports, chart specs, rendered SVG/PNG), cached per worker
process under the data version it was drawn from (episurv.dataversion), and the HTTP validators
of public pages (ETag, Cache-Control). A write moves the version on: the next request draws
afresh and older entries age out of the LRU."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from fastapi import Request, Response

from episurv import dataversion
from episurv.core.settings import get_settings
from episurv.db import get_engine

T = TypeVar("T")
MAX_ENTRIES = 512
# Public pages may be kept this long by browsers and proxies before asking again (with the
# ETag, a question answered 304 when the data did not change).
PUBLIC_MAX_AGE = 60

_entries: OrderedDict[Hashable, object] = OrderedDict()
_lock = threading.Lock()
_building: dict[Hashable, threading.Lock] = {}


def _in_store(key: Hashable) -> Hashable:
    """`key` under the database it was drawn from: two databases served by one process (a test
    run, a tool opening a second store) can both be at data version 0 and must not share."""
    return (get_settings().database_url, key)


def derived(key: Hashable, build: Callable[[], T]) -> T:
    """The value cached under `key` (which must hold the data version), else built and kept.
    Requests missing the same key at once wait for one build: 20 clients opening the dashboard
    after a write draw it once, not 20 times on two cores."""
    key = _in_store(key)
    with _lock:
        if key in _entries:
            _entries.move_to_end(key)
            return _entries[key]  # type: ignore[return-value]
        building = _building.setdefault(key, threading.Lock())
    with building:
        with _lock:
            if key in _entries:
                return _entries[key]  # type: ignore[return-value]
        value = build()
        with _lock:
            _entries[key] = value
            _building.pop(key, None)
            while len(_entries) > MAX_ENTRIES:
                _entries.popitem(last=False)
    return value


def peek(key: Hashable) -> object | None:
    """The value cached under `key`, or None: never builds (for a request answered on the event
    loop, which must not wait for a drawing)."""
    key = _in_store(key)
    with _lock:
        found = _entries.get(key)
        if found is not None:
            _entries.move_to_end(key)
        return found


# Province names as asked -> code, for requests answered on the event loop (`held_version`):
# resolving an unknown name suggests others (fuzzy matching), work for a thread, not the loop.
# Only names that resolved are kept, at most KNOWN_NAMES.
_known_provinces: dict[str, int] = {}
KNOWN_NAMES = 1_000


def remember_province(name: str, code: int) -> None:
    """`name` resolved to province `code` (in a thread): later requests may skip resolving it."""
    if len(_known_provinces) < KNOWN_NAMES:
        _known_provinces[name] = code


def held_version(province: str) -> tuple[int, int] | None:
    """(code, data version) of a province asked by name when this process knows both without a
    statement: the name resolved before (`remember_province`) and the version read less than
    dataversion.FRESH seconds ago; else None (read them in a thread)."""
    code = _known_provinces.get(province)
    if code is None:
        return None
    version = dataversion.recent(get_engine().url, code)
    return None if version is None else (code, version)


def clear() -> None:
    with _lock:
        _entries.clear()


def etag(*parts: object) -> str:
    return '"' + hashlib.sha256(repr(parts).encode()).hexdigest()[:32] + '"'


def public_headers(tag: str) -> dict[str, str]:
    return {"ETag": tag, "Cache-Control": f"public, max-age={PUBLIC_MAX_AGE}",
            "Vary": "Cookie, Accept-Language"}


def not_modified(request: Request, tag: str) -> Response | None:
    """304 when the client already holds this version of the page."""
    asked = request.headers.get("if-none-match", "")
    if tag in (t.strip() for t in asked.split(",")):
        return Response(status_code=304, headers=public_headers(tag))
    return None
