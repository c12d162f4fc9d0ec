"""Engine, Session factory and Base. SQLite gets WAL and foreign keys on every connection."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from sqlalchemy import Engine, MetaData, PrimaryKeyConstraint, create_engine, event
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from episurv.config import get_settings

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
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Bulk imports touch several indexes at once: keep their pages in memory (64 MB).
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.execute("PRAGMA temp_store=MEMORY")
    cursor.close()


def get_engine(url: str | None = None) -> Engine:
    """The engine of `url`, default the configured database; one engine (and pool) per URL."""
    return _engine(url or get_settings().database_url)


@lru_cache(maxsize=8)
def _engine(url: str) -> Engine:
    if is_sqlite(url):
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    return engine


def session_factory(url: str | None = None) -> sessionmaker[Session]:
    return sessionmaker(get_engine(url), expire_on_commit=False)


@contextmanager
def session_scope(url: str | None = None) -> Iterator[Session]:
    """One unit of work: commits on success, rolls everything back on any error."""
    session = session_factory(url)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
