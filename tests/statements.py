"""The SQL statements a call sends, for tests that assert how many reads a page or route costs."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import event

from episurv.db import get_engine


def statements(db: str, call: Callable[[], object]) -> list[str]:
    """Each statement sent to the database at `db` while `call` runs, its whitespace folded to
    single spaces."""
    seen: list[str] = []

    def count(conn, cursor, statement, *args):
        seen.append(" ".join(statement.split()))
    engine = get_engine(db)
    event.listen(engine, "before_cursor_execute", count)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return seen
