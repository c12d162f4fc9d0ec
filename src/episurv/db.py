"""Engine, Session factory and Base. SQLite gets WAL and foreign keys on every connection."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    Engine,
    MetaData,
    PrimaryKeyConstraint,
    create_engine,
    event,
    inspect,
    make_url,
    text,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from episurv.config import get_settings
from episurv.errors import Conflict

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


@compiles(PrimaryKeyConstraint, "sqlite")
def _sqlite_province_key(element: PrimaryKeyConstraint, compiler, **kw) -> str:
    """A large table's key is (province_code, id) so PostgreSQL can partition and distribute it
    by province (docs/scaling.md). SQLite numbers rows only through an INTEGER PRIMARY KEY, so
    there the same key is written as PRIMARY KEY (id) plus UNIQUE (province_code, id): id alone
    is unique either way, and the composite foreign keys find their UNIQUE target."""
    columns = [c.name for c in element.columns]
    if len(columns) > 1 and "id" in columns:
        # Column order varies (a table rebuilt by a migration lists them as the table does).
        keyed = [c for c in columns if c != "id"] + ["id"]
        return f"PRIMARY KEY (id), UNIQUE ({', '.join(keyed)})"
    return compiler.visit_primary_key_constraint(element, **kw)


def is_sqlite(engine_or_url: Engine | str) -> bool:
    url = engine_or_url if isinstance(engine_or_url, str) else str(engine_or_url.url)
    return url.startswith("sqlite")


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # Transactions are begun by _sqlite_begin, not guessed by the driver, so that a write can
    # take the write lock at its start (BEGIN IMMEDIATE).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # A writer waits for the one before it rather than failing at once ("database is locked").
    cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms()}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Bulk imports touch several indexes at once: keep their pages in memory (64 MB).
    cursor.execute("PRAGMA cache_size=-65536")
    # Sorts and temporary tables larger than the cache spill to temporary files, not to the
    # process's memory: grouping a million rows must not grow the process by their size.
    cursor.execute("PRAGMA temp_store=FILE")
    cursor.close()


def busy_timeout_ms() -> int:
    """How long a writer waits for a lock (SQLite's database lock, PostgreSQL's row and table
    locks) before its write ends as a Conflict rather than waiting without end."""
    return int(os.environ.get("EPISURV_BUSY_TIMEOUT_MS", "30000"))


def _postgres_lock_timeout(dbapi_connection, _record) -> None:
    autocommit = dbapi_connection.autocommit
    dbapi_connection.autocommit = True
    with dbapi_connection.cursor() as cursor:
        cursor.execute(f"SET lock_timeout = {busy_timeout_ms()}")
    dbapi_connection.autocommit = autocommit


WRITE = "episurv_write"  # execution option: this unit of work will write

# Database connections a process keeps open, and how many more it may open for a moment. A
# server worker runs at most POOL_SIZE requests' database work at once (web.app limits its
# request threads to it), each holding one connection at a time, so none waits for one or opens
# one. With SQLAlchemy's default of 5 kept, every connection past the fifth was opened for one
# request and closed again as it came back (issue 11: about 600 new connections, each a
# PostgreSQL backend forked, in 15 s of the daily report API at 20 clients, and ~450 sockets
# left in TIME_WAIT). The ceiling per process, 15, is the default's (5 + 10).
POOL_SIZE, POOL_OVERFLOW = 10, 5


def _sqlite_begin(connection) -> None:
    """A unit of work that will write takes SQLite's write lock first: two writers then run one
    after the other, the second reading what the first committed (so a stale edit is a clean
    409), instead of both reading and the second failing to upgrade its stale snapshot."""
    write = connection.get_execution_options().get(WRITE)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def get_engine(url: str | None = None) -> Engine:
    """The engine of `url`, default the configured database; one engine (and pool) per URL."""
    return _engine(url or get_settings().database_url)


@lru_cache(maxsize=8)
def _engine(url: str) -> Engine:
    if is_sqlite(url):
        # A file's pool is a QueuePool as PostgreSQL's (kept the same size: each connection made
        # runs the pragmas below); an in-memory database has one connection per thread.
        sizes = ({} if make_url(url).database in (None, "", ":memory:")
                 else {"pool_size": POOL_SIZE, "max_overflow": POOL_OVERFLOW})
        engine = create_engine(url, connect_args={"check_same_thread": False}, **sizes)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    else:
        engine = create_engine(url, pool_pre_ping=True, pool_size=POOL_SIZE,
                               max_overflow=POOL_OVERFLOW)
        event.listen(engine, "connect", _postgres_lock_timeout)
    return engine


def session_factory(url: str | None = None, *, write: bool = False) -> sessionmaker[Session]:
    return _session_factory(url or get_settings().database_url, write)


@lru_cache(maxsize=16)
def _session_factory(url: str, write: bool) -> sessionmaker[Session]:
    # One factory per database and kind: a sessionmaker makes a new Session subclass, whose
    # event dispatch SQLAlchemy then builds on first use, which cost more than the whole
    # check-in's SQL when it was made afresh for every request.
    engine = get_engine(url)
    return sessionmaker(engine.execution_options(**{WRITE: True}) if write else engine,
                        expire_on_commit=False)


@contextmanager
def session_scope(url: str | None = None, *, write: bool = False) -> Iterator[Session]:
    """One unit of work: commits on success, rolls everything back on any error. A write that
    lost a race with another (a lock it waited too long for, a serialisation failure or
    deadlock on PostgreSQL) ends as a Conflict that says so, never as a driver's traceback."""
    url = url or get_settings().database_url
    session = session_factory(url, write=write)()
    session.info[_AFTERWARDS] = []
    if not write and not is_sqlite(url):
        session.info[_WITH_COMMIT] = []
    try:
        yield session
        if sent := session.info.get(_WITH_COMMIT):
            _commit_sending(session, sent)
        session.commit()
    except Exception as exc:
        session.rollback()
        if lost_race(exc):
            raise Conflict("another change to the same records was being saved at the same "
                           "time; nothing was saved, try again") from exc
        raise
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
    for write_after in session.info.pop(_AFTERWARDS, ()):
        write_after()


_AFTERWARDS = "episurv_afterwards"
_WITH_COMMIT = "episurv_with_commit"


def with_commit(session: Session, send: Callable[[Any], Callable | None]) -> bool:
    """Have `send(driver_connection)` send its statements at the end of the unit of work
    `session`, in one pipeline with its COMMIT, on the connection the unit of work already
    holds: bookkeeping a read must leave (who read which records) at the cost of no checkout,
    no ping and no round trip of its own. `send` may return a callable, which is told how the
    COMMIT ended (None when it succeeded, else the error), once, whatever happened after
    `send` returned. Only a read-only unit of work on PostgreSQL takes
    them (False otherwise: the caller uses `afterwards`): it holds no row lock, so a lock its
    bookkeeping takes last can wait for no one who waits for it; SQLite's reader cannot become
    a writer midway without failing when another wrote meanwhile. Dropped when the unit of work
    fails; a failure to send them fails it."""
    if not takes_with_commit(session):
        return False
    session.info[_WITH_COMMIT].append(send)
    return True


def takes_with_commit(session: Session) -> bool:
    """Whether `with_commit` would take statements for the unit of work `session` (asked first
    by a caller whose statements cost work to prepare)."""
    return session.info.get(_WITH_COMMIT) is not None


def _commit_sending(session: Session, sent: list[Callable[[Any], None]]) -> None:
    import psycopg

    session.flush()
    connection = session.connection()
    driver = connection.connection.driver_connection
    told: list[Callable[[BaseException | None], None]] = []
    ended: BaseException | None = None
    try:
        with driver.pipeline():
            for send in sent:
                if (tell := send(driver)) is not None:
                    told.append(tell)
            driver.commit()
    except psycopg.Error as exc:
        ended = exc
        # Said as SQLAlchemy says a failed statement, so that a connection lost here is the
        # same "try again" (web.app) as one lost at any other statement of the request.
        lost = driver.closed or driver.broken
        if lost:
            connection.invalidate()
        raise DBAPIError.instance(None, None, exc, psycopg.Error,
                                  connection_invalidated=lost) from exc
    except BaseException as exc:
        ended = exc
        raise
    finally:
        for tell in told:
            tell(ended)
    # The session's own COMMIT that follows finds no transaction open and sends nothing.


def afterwards(session: Session, write: Callable[[], None]) -> bool:
    """Run `write` once the unit of work `session` has committed and given its connection back:
    bookkeeping (when a token was last used, who read which records) that must neither hold a
    lock through the rest of the request, nor take a second connection while the request holds
    one. Dropped when the unit of work fails. Only a session_scope's session runs them: False
    (nothing kept) for any other, whose caller then writes in its own transaction."""
    waiting = session.info.get(_AFTERWARDS)
    if waiting is None:
        return False
    waiting.append(write)
    return True


def lost_race(exc: BaseException) -> bool:
    """Whether a database error means only that a concurrent write got there first. Bulk
    writes use the driver's cursor, so its own errors come here unwrapped as well."""
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    # 40001 serialization_failure, 40P01 deadlock_detected, 55P03 lock_not_available
    if getattr(orig, "sqlstate", None) in ("40001", "40P01", "55P03"):
        return True
    return type(orig).__name__ == "OperationalError" and "database is locked" in str(orig)


def uninitialised(exc: BaseException | None = None, url: str | None = None) -> str | None:
    """What to tell a person whose command failed with `exc` (or is about to start, without
    one) on the database `url` (default the configured one) because `episurv init` never ran
    on it, or ran with an older episurv that lacks a table `exc` names; None when the database
    is set up, or cannot be reached to tell, and `exc` stays the error it is. Any error
    qualifies when no table was ever made: whatever a command tripped on first (a missing
    table, a column list read from the catalog), the cause is the same."""
    url = url or get_settings().database_url
    try:
        with get_engine(url).connect() as connection:
            revision = (connection.execute(text("SELECT version_num FROM alembic_version"))
                        .scalar() if inspect(connection).has_table("alembic_version") else None)
    except DBAPIError:
        return None
    shown = make_url(url).render_as_string(hide_password=True)
    if revision is None:
        return f"the database {shown} has no episurv tables yet: run `episurv init` first"
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    # 42P01 undefined_table; SQLite's driver says so in words
    if exc is not None and getattr(orig, "sqlstate", None) == "42P01" or (
            type(orig).__name__ == "OperationalError" and str(orig).startswith("no such table")):
        return (f"the database {shown} was set up by an older episurv (revision {revision}): "
                f"run `episurv init` to bring it up to date")
    return None


def is_database_error(exc: BaseException) -> bool:
    """Whether `exc` came from the database (a lost race, a lost connection), for layers that
    must say so without knowing the driver."""
    return isinstance(exc, DBAPIError)


def reserve_ids(session: Session, table: str, n: int) -> int:
    """The first of `n` consecutive ids taken for rows about to be written with their ids
    given (bulk writes that must link rows to one another before the database sees them).
    PostgreSQL moves the table's sequence past them, so later ordinary inserts number on;
    the two statements are not one atomic step, so this is for a single writer (the demo
    builder). SQLite numbers on from the largest id, under the write lock of the session's
    transaction."""
    if n <= 0:
        raise ValueError(f"ids to reserve must be at least 1, got {n}")
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        return int(connection.exec_driver_sql(
            f"SELECT coalesce(max(id), 0) + 1 FROM {table}").scalar_one())
    sequence = connection.exec_driver_sql(
        f"SELECT coalesce(pg_get_serial_sequence('{table}', 'id'), '{table}_id_seq')"
    ).scalar_one()
    last = connection.exec_driver_sql(
        f"SELECT setval('{sequence}', nextval('{sequence}') + {n - 1})").scalar_one()
    return int(last) - n + 1


# Pieces of a COPY (each at most psycopg's 128 KB) waiting for the thread that sends them: a
# bound on the memory a COPY fed faster than the server stores it can take (psycopg's own
# bound is 1,024 pieces, 128 MB).
COPY_QUEUE = 64


def copy_writer(cursor):
    """A writer for `cursor.copy(..., writer=...)` that sends the data from a thread of its
    own, so the caller makes the next rows while the server stores these; at most COPY_QUEUE
    pieces (8 MB) wait, then the caller waits for the server."""
    from queue import Queue

    from psycopg.copy import QueuedLibpqWriter

    writer = QueuedLibpqWriter(cursor)
    writer._queue = Queue(maxsize=COPY_QUEUE)  # noqa: SLF001 - psycopg has no setting for it
    return writer


def bulk_insert(session: Session, table, columns: tuple[str, ...], rows) -> int:
    """Write rows (tuples in the order of `columns`) into `table` (a SQLAlchemy Table) in the
    session's transaction: COPY on PostgreSQL, one executemany on SQLite (through the table's
    column types, so dates and times are stored as the ORM stores them). Returns the rows
    written. Nothing is checked here but by the database's own constraints.

    `rows` may also be a polars DataFrame with those columns: on PostgreSQL it goes to COPY as
    CSV written by polars, with no Python object per row (null is an empty field, so it holds
    no empty text)."""
    import polars as pl
    from sqlalchemy import insert

    connection = session.connection()
    frame = rows.select(columns) if isinstance(rows, pl.DataFrame) else None
    if connection.dialect.name == "sqlite":
        batch = [dict(zip(columns, row, strict=True))
                 for row in (frame.iter_rows() if frame is not None else rows)]
        if batch:
            connection.execute(insert(table), batch)
        return len(batch)
    n = 0
    cursor = connection.connection.driver_connection.cursor()
    if frame is not None:
        with cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN (FORMAT csv)"
                         ) as copy:
            copy.write(frame.write_csv(include_header=False))
        return frame.height
    with cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            n += 1
    return n


@contextmanager
def foreign_keys_set_aside(url: str | None, tables: tuple[str, ...]) -> Iterator[None]:
    """Drop the foreign keys of `tables` for a bulk write and add them back when it ends.

    PostgreSQL checks a foreign key by one query per inserted row, even under COPY; on the
    partitioned tables that query finds its partition each time, and at national scale the
    checks took most of the build (docs/scaling.md, "10,000,000 cases"). Adding a key back
    checks every row in one join per partition, so the guarantee is the same: a row the build
    wrote with no parent stops it there, naming the key, and the key is not added. The keys
    are put back even when the write fails, for the rows already committed; only a process
    killed outright leaves them dropped (build into a new database then). Each step commits on
    its own. Nothing is done on SQLite, whose checks cost a lookup in the same file.
    For one writer that owns the database while it runs (the demo builder): with the keys
    dropped, another writer's rows would not be checked until the end."""
    engine = get_engine(url)
    if engine.dialect.name == "sqlite":
        yield
        return
    with session_scope(url) as session:
        keys = session.execute(text(
            "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) "
            "FROM pg_constraint c WHERE c.contype = 'f' AND c.conparentid = 0 "
            "AND c.conrelid = ANY(CAST(:tables AS regclass[])) ORDER BY 1, 2"),
            {"tables": list(tables)}).all()
        for table, name, _ in keys:
            session.execute(text(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"'))
    try:
        yield
    finally:
        # Every key is tried, so one broken by the rows leaves no other dropped with it.
        broken = []
        for table, name, definition in keys:
            try:
                with session_scope(url) as session:
                    session.execute(text(
                        f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'))
            except DBAPIError as exc:
                if getattr(exc.orig, "sqlstate", None) != "23503":  # not foreign_key_violation
                    raise
                broken.append(f"the rows written to {table} break its key {name} "
                              f"({definition}); the key is not in place")
        if broken:
            raise ValueError("; ".join(broken))
