"""The audit entries of reads, sent to PostgreSQL together (group commit).

Every audited read (a case looked up, a page of the case list) appends an entry to the audit
log's hash chain, and the chain has one writer at a time: its lock is held from the entry's
INSERT to the COMMIT that makes it durable, a flush of the write-ahead log. Taken once per read,
that lock was the ceiling of audited reads: on this project's 2-core machine, eight clients
appending one locked entry each got about 450 to 950 commits a second, where the same inserts
without the lock got 3,266 (pgbench, 2/12/2026), and case lookups at 500 a second queued on it
(issue 16).

So the reads of one server process that reach their commit while another read's entries are
being written wait for it, then go together: the next of them to lead sends all their entries
under one lock, in one transaction, with its own read's COMMIT (db.with_commit), and tells the
others when that COMMIT has ended. The chain's order is still the lock's, and each entry is
chained to the one before it by the server as before (audit._APPEND_AFTER_LAST). A read's answer
is sent only once its entry is durable. A read whose group failed (its leader's connection lost)
sends its own entries alone, on its own connection, as before grouping: another request's
failure never fails it, and its own failure does."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(eq=False)
class _Reads:
    """The entries of one unit of work, and what became of them."""

    values: list[tuple]
    ended: bool = False
    written: bool = False


@dataclass(eq=False)
class _Group:
    changed: threading.Condition = field(default_factory=threading.Condition)
    waiting: list[_Reads] = field(default_factory=list)
    leading: bool = False


_groups: dict[object, _Group] = {}
_groups_lock = threading.Lock()


def _group(key: object) -> _Group:
    with _groups_lock:
        return _groups.setdefault(key, _Group())


Write = Callable[[Any, list[tuple]], None]


def send(key: object, driver, values: list[tuple], write: Write
         ) -> Callable[[BaseException | None], None] | None:
    """A `db.with_commit` sender of the read entries `values` of one unit of work on the
    database `key`: `write(driver, values)` sends entries on a connection in pipeline mode,
    before its COMMIT. Returns, when this unit of work leads its group, what its COMMIT's end
    must be told (db._commit_sending tells it)."""
    group = _group(key)
    mine = _Reads(values)
    with group.changed:
        group.waiting.append(mine)
        while group.leading and not mine.ended:
            group.changed.wait()
        if not mine.ended:
            group.leading = True
            batch, group.waiting = group.waiting, []
    if mine.ended:
        if not mine.written:
            write(driver, values)
        return None
    try:
        write(driver, [v for reads in batch for v in reads.values])
    except BaseException:
        _end(group, batch, written=False)
        raise
    return lambda error: _end(group, batch, written=error is None)


def _end(group: _Group, batch: list[_Reads], *, written: bool) -> None:
    with group.changed:
        for reads in batch:
            reads.ended, reads.written = True, written
        group.leading = False
        group.changed.notify_all()
