"""Moving a whole database: from the embedded store to PostgreSQL, into a backup file and back.

A copy is exact or it does not happen: the target must be empty (no data in any table but the
administrative units, the secrets and the migration stamp, which `init` makes), both ends must
be at the same migration, everything is written in one transaction per table group, and every
table is verified afterwards by row count and a checksum of its rows in key order. The secrets
of the installation (the key of the personal-data hashes) travel with the data: without them
the hashes of the copy could not be checked.

Values are carried typed (through SQLAlchemy), so the same code serves SQLite and PostgreSQL in
both directions. SQLite keeps moments as naive UTC; PostgreSQL as aware moments: both are
compared, and written, as UTC.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Connection, DateTime, Engine, Table, func, insert, select, text
from sqlalchemy import inspect as sa_inspect

from episurv.accounts.audit_guard import guard, unguard
from episurv.db import Base, get_engine, is_sqlite
from episurv.errors import InvalidInput

# Made by `init` in every database: replaced by the source's, never counted as data.
SEEDED = ("admin_units", "provinces", "districts", "wards", "app_secrets")
NOT_COPIED = ("alembic_version",)
BATCH = 5_000

Progress = Callable[[str, int], None]


@dataclass(frozen=True)
class TableCheck:
    table: str
    rows: int
    checksum: str


def _tables() -> list[Table]:
    from episurv import models_registry  # noqa: F401 - every table registers itself

    return [t for t in Base.metadata.sorted_tables if t.name not in NOT_COPIED]


def _revision(conn: Connection) -> str | None:
    if not sa_inspect(conn).has_table("alembic_version"):
        return None
    heads = sorted(r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version")))
    return ",".join(heads) or None


def _order(table: Table) -> list:
    return list(table.primary_key.columns) or list(table.columns)


def _canonical(value: object) -> object:
    """One form per value whatever the backend: moments in UTC, exact decimals as text."""
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    return value


def _rows(conn: Connection, table: Table) -> Iterator[list[dict]]:
    result = conn.execution_options(stream_results=True, yield_per=BATCH).execute(
        select(table).order_by(*_order(table)))
    for batch in result.mappings().partitions(BATCH):
        yield [dict(row) for row in batch]


def table_check(conn: Connection, table: Table) -> TableCheck:
    """Row count and SHA-256 of the table's rows in key order, in canonical form."""
    digest = hashlib.sha256()
    count = 0
    names = [c.name for c in table.columns]
    for batch in _rows(conn, table):
        for row in batch:
            digest.update(json.dumps([_canonical(row[n]) for n in names], ensure_ascii=False,
                                     default=str).encode())
            digest.update(b"\n")
            count += 1
    return TableCheck(table.name, count, digest.hexdigest())


def database_checks(url: str) -> list[TableCheck]:
    with get_engine(url).connect() as conn:
        return [table_check(conn, t) for t in _tables()]


def _for_target(rows: list[dict], moments: list[str], to_sqlite: bool) -> list[dict]:
    """Moments as the target keeps them: naive UTC in SQLite, aware UTC in PostgreSQL."""
    for row in rows:
        for name in moments:
            value = row[name]
            if value is None:
                continue
            aware = value if value.tzinfo else value.replace(tzinfo=UTC)
            aware = aware.astimezone(UTC)
            row[name] = aware.replace(tzinfo=None) if to_sqlite else aware
    return rows


def _nonempty(conn: Connection) -> list[str]:
    existing = set(sa_inspect(conn).get_table_names())
    return [t.name for t in _tables() if t.name not in SEEDED and t.name in existing
            and conn.scalar(select(func.count()).select_from(t)) > 0]


def reset_sequences(conn: Connection, tables: list[Table]) -> None:
    """PostgreSQL hands out ids from sequences (serial or identity columns, also inside a
    composite key such as (province_code, id)): move each past the copied rows."""
    for table in tables:
        for column in table.columns:
            if column.type.python_type is not int:
                continue
            seq = conn.scalar(text("SELECT pg_get_serial_sequence(:t, :c)"),
                              {"t": table.name, "c": column.name})
            if seq:
                conn.execute(text(f"SELECT setval('{seq}', COALESCE((SELECT max({column.name}) "
                                  f"FROM {table.name}), 0) + 1, false)"))


def copy_database(source: str, target: str, progress: Progress | None = None) -> dict:
    """Copy every table of `source` into the empty database `target` (initialised here), then
    verify both by row count and checksum per table. Refuses a non-empty target."""
    from episurv.setup import init_database

    if source == target:
        raise InvalidInput("the source and the target are the same database")
    src_engine = get_engine(source)
    with src_engine.connect() as conn:
        src_revision = _revision(conn)
    if src_revision is None:
        raise InvalidInput(f"{_shown(source)} is not an episurv database (no migration stamp): "
                           "nothing to copy")
    init_database(target)
    dst_engine = get_engine(target)
    with dst_engine.connect() as conn:
        dst_revision = _revision(conn)
        busy = _nonempty(conn)
    if busy:
        raise InvalidInput(f"the target {_shown(target)} is not empty (data in "
                           f"{', '.join(busy[:5])}{', ...' if len(busy) > 5 else ''}): "
                           "episurv copies only into an empty database")
    if src_revision != dst_revision:
        raise InvalidInput(f"the source is at migration {src_revision} and the target at "
                           f"{dst_revision}: run `episurv init` on the source first")
    tables = _tables()
    copied = _copy(src_engine, dst_engine, tables, progress)
    checks = verify(source, target)
    return {"tables": len(tables), "rows": sum(copied.values()), "copied": copied,
            "verified": [c.__dict__ for c in checks]}


def _copy(src_engine: Engine, dst_engine: Engine, tables: list[Table],
          progress: Progress | None) -> dict[str, int]:
    to_sqlite = is_sqlite(dst_engine)
    dialect = dst_engine.dialect.name
    copied: dict[str, int] = {}
    with src_engine.connect() as src, dst_engine.begin() as dst:
        # The audit log refuses DELETE; the seeded tables are replaced, not the log.
        for statement in unguard(dialect):
            dst.execute(text(statement))
        for table in reversed(tables):
            if table.name in SEEDED:
                dst.execute(table.delete())
        for table in tables:
            moments = [c.name for c in table.columns if isinstance(c.type, DateTime)]
            n = 0
            for batch in _rows(src, table):
                dst.execute(insert(table), _for_target(batch, moments, to_sqlite))
                n += len(batch)
                if progress:
                    progress(table.name, n)
            copied[table.name] = n
        for statement in guard(dialect):
            dst.execute(text(statement))
        if not to_sqlite:
            reset_sequences(dst, tables)
    return copied


def verify(source: str, target: str) -> list[TableCheck]:
    """Both databases table by table; raises naming every table that differs."""
    mine, theirs = database_checks(source), database_checks(target)
    wrong = [f"{a.table} ({a.rows} rows in the source, {b.rows} in the target"
             + (", same count but different content" if a.rows == b.rows else "") + ")"
             for a, b in zip(mine, theirs, strict=True) if a != b]
    if wrong:
        raise InvalidInput("the copy differs from the source: " + "; ".join(wrong))
    return theirs


def backup(source: str, file: Path, progress: Progress | None = None) -> dict:
    """The whole database into a new SQLite file, verified: episurv's backup format is an
    episurv database, readable by `restore`, by `sqlite3` and by episurv itself."""
    if file.exists():
        raise InvalidInput(f"{file} exists already: a backup never overwrites a file")
    return copy_database(source, f"sqlite:///{file.resolve()}", progress)


def restore(file: Path, target: str, progress: Progress | None = None) -> dict:
    """A backup file into the empty database `target`, verified."""
    if not file.is_file():
        raise InvalidInput(f"{file}: no such backup file")
    with file.open("rb") as fh:
        if fh.read(16) != b"SQLite format 3\x00":
            raise InvalidInput(f"{file} is not an episurv backup (not an SQLite database)")
    return copy_database(f"sqlite:///{file.resolve()}", target, progress)


def _shown(url: str) -> str:
    """A database URL without its password, for messages."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - a malformed URL is shown as given
        return url
