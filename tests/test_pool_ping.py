"""PostgreSQL's pooled connections are asked whether they work before being lent only when they
sat in the pool for db.PING_AFTER_IDLE seconds (issue 16: pool_pre_ping's round trip on every
unit of work, two per case lookup); a connection whose server process ended meanwhile is still
replaced before any request uses it."""

from __future__ import annotations

from sqlalchemy import text

from episurv import db as database
from episurv.db import get_engine


def _own_engine(url: str):
    """An engine made as get_engine makes them, with a pool of its own (this test's only
    connection in it)."""
    return database._engine.__wrapped__(url)


def _pings(engine, monkeypatch) -> list[int]:
    """The pings the pool sends from now on (each one still sent)."""
    sent: list[int] = []
    real = engine.dialect.do_ping

    def counted(dbapi_connection) -> bool:
        sent.append(1)
        return real(dbapi_connection)
    monkeypatch.setattr(engine.dialect, "do_ping", counted)
    return sent


def test_a_connection_lent_again_at_once_is_not_asked_an_idle_one_is(db, monkeypatch):
    if get_engine(db).dialect.name != "postgresql":
        return  # SQLite's connections are files of this process: nothing to ask
    engine = _own_engine(db)
    sent = _pings(engine, monkeypatch)
    for _ in range(3):
        with engine.connect() as connection:
            assert connection.execute(text("SELECT 2")).scalar() == 2
    assert sent == []
    monkeypatch.setattr(database, "PING_AFTER_IDLE", 0.0)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT 2")).scalar() == 2
    assert sent == [1]
    engine.dispose()


def test_a_connection_whose_server_process_ended_while_idle_is_replaced(db, monkeypatch):
    if get_engine(db).dialect.name != "postgresql":
        return
    engine = _own_engine(db)
    with engine.connect() as connection:
        before = connection.execute(text("SELECT pg_backend_pid()")).scalar()
    # Another connection (not the pool's) ends that server process, as a restart would.
    with engine.pool._creator() as other:
        other.autocommit = True
        other.execute("SELECT pg_terminate_backend(%s)", (before,))
    monkeypatch.setattr(database, "PING_AFTER_IDLE", 0.0)
    with engine.connect() as connection:
        after = connection.execute(text("SELECT pg_backend_pid()")).scalar()
    assert after != before
    engine.dispose()
