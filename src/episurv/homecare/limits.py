"""Rate limits of the personal check-in link, the one unauthenticated write of care at home.

Per token: EPISURV_CHECKINS_PER_TOKEN_HOUR (default 30; a person checks in 2-4 times a day,
and an offline queue may flush a dozen at once). Per network address:
EPISURV_CHECKINS_PER_ADDRESS_MINUTE (default 600: mobile carriers put many phones behind one
address, so this limit is there to stop a flood, not a household). Counted before the token is
checked, so guessing tokens costs attempts.

Kept in the server process's memory (a sliding window per key): the check-in path must sustain
hundreds of submissions a second, and a counter row per attempt would double its writes. `episurv
serve` runs one worker process per core by default and each enforces the limits on its own, so
a token or an address can get up to that many times the limit through. Addresses are kept only
as keys of the window, never written anywhere.
"""

from __future__ import annotations

import os
import threading
import time
from collections import deque

from episurv.core.i18n import N_
from episurv.errors import EpisurvError


class TooManyRequests(EpisurvError):
    http_status = 429


class SlidingWindow:
    def __init__(self, limit: int, seconds: float):
        self.limit, self.seconds = limit, seconds
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str, now: float | None = None) -> bool:
        """Count one attempt for `key`; False when it is over the limit (not counted then)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - self.seconds:
                hits.popleft()
            if len(hits) >= self.limit:
                return False
            hits.append(now)
            if len(self._hits) > 100_000:  # forget idle keys so memory stays bounded
                for k in [k for k, v in self._hits.items() if not v or v[-1] <= now - self.seconds]:
                    del self._hits[k]
            return True


_windows: dict[str, SlidingWindow] = {}


def _window(name: str, env: str, default: int, seconds: float) -> SlidingWindow:
    limit = int(os.environ.get(env, str(default)))
    window = _windows.get(name)
    if window is None or window.limit != limit:
        window = _windows[name] = SlidingWindow(limit, seconds)
    return window


def check(token_key: str, address: str) -> None:
    """Refuse (429) a submission over either limit."""
    by_address = _window("address", "EPISURV_CHECKINS_PER_ADDRESS_MINUTE", 600, 60)
    if not by_address.hit(address):
        raise TooManyRequests(N_("too many check-ins from your network (at most %(limit)s a "
                                 "minute); your check-in is kept on the phone and sent again "
                                 "later"), code="checkins_per_address", limit=by_address.limit)
    by_token = _window("token", "EPISURV_CHECKINS_PER_TOKEN_HOUR", 30, 3600)
    if not by_token.hit(token_key):
        raise TooManyRequests(N_("too many check-ins on this link (at most %(limit)s an hour); "
                                 "call your station if you feel unwell"),
                              code="checkins_per_link", limit=by_token.limit)



def reset() -> None:
    """Forget every count (tests; a restart does the same)."""
    _windows.clear()
