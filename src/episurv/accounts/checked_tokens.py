"""API tokens this process has checked lately, believed for RECHECK without asking the database
again.

A case lookup at 500 requests a second spent two of its four queries on its token (issue 16).
What a token grants changes rarely (revoked, its account disabled or moved) and is read on
every request, so each process keeps what it read for a short while:

- the token's expiry is kept and compared with the clock on every use: expiry is exact;
- a revocation, a disabled account or a changed jurisdiction takes effect within RECHECK in
  every server process, and at once in the process that made it (the service forgets what it
  held);
- a token that was refused is never kept: a wrong token always asks the database.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, replace
from datetime import datetime

from episurv.accounts.scope import Scope

RECHECK = 30.0  # seconds a checked token is believed before the database is asked again
MAX_KEPT = 10_000  # tokens in use at once are far fewer; the oldest checked go first


@dataclass(frozen=True)
class Checked:
    token_id: int
    scope: Scope  # without the caller's address, which is the request's
    expires_at: datetime
    last_used_at: datetime | None


_kept: OrderedDict[str, tuple[float, Checked]] = OrderedDict()
_lock = threading.Lock()


def recall(token_hash: str) -> Checked | None:
    """What was read of this token less than RECHECK seconds ago, else None."""
    with _lock:
        found = _kept.get(token_hash)
        if found is None:
            return None
        if time.monotonic() - found[0] >= RECHECK:
            del _kept[token_hash]
            return None
        return found[1]


def keep(token_hash: str, checked: Checked, *, read_at: float | None = None) -> None:
    """Keep what was read of a valid token (`read_at`: when, by time.monotonic; default now)."""
    with _lock:
        _kept[token_hash] = (time.monotonic() if read_at is None else read_at, checked)
        _kept.move_to_end(token_hash)
        while len(_kept) > MAX_KEPT:
            _kept.popitem(last=False)


def used(token_hash: str, at: datetime) -> None:
    """The token's last use, as this process is writing it (the time it was read stays)."""
    with _lock:
        found = _kept.get(token_hash)
        if found is not None:
            _kept[token_hash] = (found[0], replace(found[1], last_used_at=at))


def forget_all() -> None:
    """After a revocation or a change of an account: the next use of any token asks again."""
    with _lock:
        _kept.clear()
