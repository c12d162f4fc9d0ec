"""The data version: a value per province (and 0 for the whole country) that every write
changing what the reports read moves on, in the writer's transaction. What is derived from the
data (a report, a chart, a rendered page) is cached under the version it was drawn from, so a
write invalidates it without anyone having to know the cache (issue 11).

Each process also remembers the versions it read, for FRESH seconds (`recent`), so that a
public output the cache holds (the daily report API, the public report page) is answered with
no statement and no thread at all: under load, each such request waited for a thread, a pool
connection, three round trips and the GIL between them, and a few waited for seconds (issue 11,
docs/scaling.md). What that costs in freshness:

- in the process that writes, a write is seen at once: `bump` forgets everything remembered, as
  the write begins and again once it has committed;
- in every other server process, within FRESH seconds of the commit. The outputs read this way
  are sent with `Cache-Control: public, max-age=60` (web.cache), so a browser or proxy may keep
  them far longer than that already; pages of signed-in users do not use `recent`.
"""

from __future__ import annotations

import functools
import secrets
import threading
import time
from collections.abc import Iterable

from sqlalchemy import BigInteger, Integer, event, text
from sqlalchemy.engine import URL
from sqlalchemy.orm import Mapped, Session, mapped_column

from episurv.db import Base

NATION = 0  # the row of the whole country: moved by a write anywhere
# Seconds a version read by this process is believed by `recent` (see the module's docstring).
FRESH = 1.0


class DataVersion(Base):
    __tablename__ = "data_versions"

    province_code: Mapped[int] = mapped_column(Integer, primary_key=True,
                                               autoincrement=False)
    version: Mapped[int] = mapped_column(BigInteger)


@functools.lru_cache(maxsize=16)
def _bump_statement(rows: int):
    # One statement for all the rows: a write moved a province and the country on with a
    # statement each, two round trips of every audited write on PostgreSQL. The rows are
    # inserted, and locked, in the order of VALUES.
    values = ", ".join(f"(:p{i}, :v{i})" for i in range(rows))
    return text(f"INSERT INTO data_versions (province_code, version) VALUES {values} "
                "ON CONFLICT (province_code) DO UPDATE SET version = excluded.version")


def bump(session: Session, provinces: Iterable[int | None]) -> None:
    """Move the versions of `provinces` and of the country on (committed with the write)."""
    codes = sorted({int(p) for p in provinces if p} | {NATION})
    # In code order: concurrent writers lock the rows in one order. A fresh random value rather
    # than version + 1: a database emptied and filled again (a test, a restore) never repeats a
    # version that a running server cached something under.
    values: dict[str, int] = {}
    for i, code in enumerate(codes):
        values[f"p{i}"], values[f"v{i}"] = code, secrets.randbits(62)
    session.execute(_bump_statement(len(codes)), values)
    # Forgotten now, and again at the commit: a request of this process that read the old
    # version meanwhile must not have it believed after the write is visible.
    forget()
    if not session.info.get(_FORGET_AT_COMMIT):
        session.info[_FORGET_AT_COMMIT] = True
        event.listen(session, "after_commit", _forget_committed, once=True)


def current(session: Session, province: int = NATION) -> int:
    """The committed version of a province's data (NATION: of the whole country), remembered
    for `recent` when the read sees the database as of now (a statement that opens its
    transaction, or any on PostgreSQL, whose statements each see what is committed)."""
    bind = session.get_bind()
    now_seen = bind.dialect.name == "postgresql" or not session.in_transaction()
    read_at, generation = time.monotonic(), _generation
    version = int(session.execute(text(
        "SELECT version FROM data_versions WHERE province_code = :p"),
        {"p": province}).scalar() or 0)
    if now_seen:
        with _lock:
            if generation == _generation:  # no write of this process began meanwhile
                _seen[(bind.url, province)] = (read_at, version)
    return version


def recent(url: URL, province: int = NATION) -> int | None:
    """The version of `province` in the database at `url` as this process read it less than
    FRESH seconds ago (taken from before the read), else None: ask the database (`current`)."""
    found = _seen.get((url, province))
    if found is None or time.monotonic() - found[0] >= FRESH:
        return None
    return found[1]


def forget() -> None:
    """Every version remembered is read again before it is believed."""
    global _generation
    with _lock:
        _generation += 1
        _seen.clear()


def _forget_committed(session: Session) -> None:
    session.info.pop(_FORGET_AT_COMMIT, None)
    forget()


_FORGET_AT_COMMIT = "episurv_forget_versions_at_commit"


# (database URL, province) -> (time.monotonic() before the read, version)
_seen: dict[tuple[URL, int], tuple[float, int]] = {}
_lock = threading.Lock()
_generation = 0
