"""Use cases of the line list: upsert validated rows, read and edit one case.

Every write of rows goes through `Staging`, which keeps clusters, audit and daily counts
current in the same transaction: `upsert_rows` stages a frame at once, the importer
(`cases.importer`) a file batch by batch. SQLite takes the rows by executemany, PostgreSQL by
COPY, into a temporary staging table.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from functools import lru_cache

import polars as pl
from sqlalchemy import bindparam, func, select, text, tuple_
from sqlalchemy.orm import Session, SessionTransaction

from episurv.accounts import audit
from episurv.accounts.scope import Forbidden, Scope, scoped
from episurv.cases import vocabulary as V
from episurv.cases.counts import recount
from episurv.cases.models import Case
from episurv.cases.validation import ROW, Problem, one_row, validate_frame
from episurv.clusters.history import relink
from episurv.clusters.models import Cluster
from episurv.config import get_settings
from episurv.core.i18n import N_
from episurv.db import copy_writer
from episurv.errors import Conflict, InvalidInput, NotFound
from episurv.geo.names import plain_key
from episurv.geo.units import DISTRICT, PROVINCE, WARD, register

# Columns written by an upsert, in this order.
WRITE_COLUMNS = (
    "case_id", "province_code", "district_code", "ward_code", "report_date", "report_time",
    "report_day", "detected_in", "source", "cluster_id", "age", "sex", "onset_date",
    "sample_date", "vaccine_doses", "severity", "outcome", "outcome_date", "name", "phone",
    "address",
)
_UPDATED = [c for c in WRITE_COLUMNS if c != "case_id"]

Progress = Callable[[int, int | None], None]  # rows done, of how many (None: not known yet)


def _differs(dialect: str, old: str, new: str) -> str:
    """SQL true when a stored case row `old` differs from the row `new` in a written column."""
    op = "IS NOT" if dialect == "sqlite" else "IS DISTINCT FROM"
    return " OR ".join(f"{old}.{c} {op} {new}.{c}" for c in _UPDATED)


def _upsert_sql(dialect: str, source: str) -> str:
    differs = _differs(dialect, "cases", "excluded")
    assignments = ", ".join(f"{c} = excluded.{c}" for c in _UPDATED)
    columns = ", ".join(WRITE_COLUMNS)
    return (f"INSERT INTO cases ({columns}, version, created_at, updated_at) {source} "
            f"ON CONFLICT (province_code, case_id) DO UPDATE SET {assignments}, "
            f"version = cases.version + 1, "
            f"updated_at = excluded.updated_at WHERE {differs}")


def _foreign_keys() -> list[tuple[str, str, str]]:
    """(column, table referred to, column referred to) of every foreign key of cases."""
    return sorted((fk.parent.name, fk.column.table.name, fk.column.name)
                  for fk in Case.__table__.foreign_keys)


def _may_skip_key_triggers(cursor) -> bool:
    """Whether an INSERT into cases may run with session_replication_role = replica, which
    fires no trigger but those marked ALWAYS or REPLICA: only when the role may set it (a
    superuser, or granted SET on the parameter, PostgreSQL 15), and when the only triggers on
    cases and its partitions are those of foreign keys and the keys are exactly the model's,
    each of one column (the ones `Staging._check_keys` checks). Otherwise the triggers run."""
    superuser = cursor.execute("SELECT current_setting('is_superuser')").fetchone()[0] == "on"
    if not superuser and (cursor.connection.info.server_version < 150000 or not cursor.execute(
            "SELECT has_parameter_privilege('session_replication_role', 'SET')").fetchone()[0]):
        return False
    declared = cursor.execute(
        "SELECT a.attname, r.relname, ra.attname FROM pg_constraint c "
        "JOIN pg_class r ON r.oid = c.confrelid "
        "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
        "JOIN pg_attribute ra ON ra.attrelid = c.confrelid AND ra.attnum = c.confkey[1] "
        "WHERE c.contype = 'f' AND c.conrelid = 'cases'::regclass "
        "AND cardinality(c.conkey) = 1 AND c.confmatchtype = 's'").fetchall()
    keys = cursor.execute(
        "SELECT count(*) FROM pg_constraint WHERE contype = 'f' "
        "AND conrelid = 'cases'::regclass").fetchone()[0]
    if keys != len(declared) or sorted(declared) != _foreign_keys():
        return False
    others = cursor.execute(
        "SELECT count(*) FROM pg_trigger t WHERE t.tgrelid IN "
        "(SELECT relid FROM pg_partition_tree('cases')) AND NOT (t.tgisinternal AND EXISTS "
        "(SELECT 1 FROM pg_constraint c WHERE c.oid = t.tgconstraint AND c.contype = 'f'))"
    ).fetchone()[0]
    return others == 0


def cluster_keys(names: pl.Series, known: dict[str, str]) -> pl.Series:
    """The matching key of each cluster name (each distinct name folded once; `known` carries
    the names already folded from one batch to the next)."""
    for name in names.unique().drop_nulls().to_list():
        if name not in known:
            known[name] = plain_key(name)
    return names.replace_strict(known, default=None, return_dtype=pl.Utf8).alias("_key")


def outside_scope(typed: pl.DataFrame, scope: Scope) -> pl.Series:
    """Rows placed outside the caller's jurisdiction (a mask over `typed`)."""
    if scope.is_national and scope.district_code is None:
        return pl.Series([False] * typed.height)
    return pl.Series([not scope.allows(p, d, w) for p, d, w in typed.select(
        "province_code", "district_code", "ward_code").iter_rows()])


# Rows staged for an upsert: the written columns, the cluster as named and its matching key, and
# the row's number in the file (_n: new cases take their ids in file order).
_STAGE = "_import_cases"
_STAGE_COLUMNS = (*WRITE_COLUMNS, "cluster", "_key", "_n")
_FETCH = 10_000
# An import's lock on one province's new cases (`Staging._fresh`): keyed by the cases table's
# own id, so installations in other schemas of the same database never wait for each other.
_PROVINCE_LOCK = "SELECT pg_advisory_xact_lock('cases'::regclass::oid::int, %s)"
# New cases from which an INSERT goes without the per-row key triggers: below it they cost
# less than the catalog queries that tell whether it may (`_may_skip_key_triggers`).
SET_WISE_ROWS = 1_000


@dataclass
class NewCases:
    """What a write keeps of the rows it wrote straight into cases (`Staging._write_new`)."""

    savepoint: SessionTransaction | None = None  # taken back when the write is refused
    fresh: dict[int, bool] = field(default_factory=dict)  # province -> held no case at first
    places: list[pl.DataFrame] = field(default_factory=list)  # cluster places, per batch
    clusters: dict[tuple[int, str], tuple] = field(default_factory=dict)  # created: id, place
    days: set[tuple[int, date]] = field(default_factory=set)  # (province, day) to recount
    skip_triggers: bool | None = None  # `_may_skip_key_triggers`, asked once
    copy: ExitStack | None = None  # the COPY of the last batch, until it is stored


class Staging:
    """The rows of one write, staged in a temporary table of the session's transaction (COPY on
    PostgreSQL, executemany on SQLite) a batch at a time, then applied by `apply` in a few
    set-based statements: the diff against the stored cases is made in the database, so rows
    a file repeats unchanged are never read back into Python.

    Of each staged row only its patient code, province and row number stay in memory, as Arrow
    columns (under 20 bytes a row; the rest of the row leaves with its batch), with the
    distinct values of the keys the rows name: the patient codes given twice, the keys' check
    and the audit entries of an all-new write are worked out from them, where each was a pass
    over the stage in the database."""

    def __init__(self, session: Session, *, new_by_copy: bool = False) -> None:
        self.session = session
        connection = session.connection()
        self.dialect = connection.dialect.name
        self.raw = connection.connection.driver_connection
        self.cursor = self.raw.cursor()
        self.now = datetime.now(UTC)  # the moment of the whole write
        self.rows = 0  # rows taken: staged, or written as new cases (`_write_new`)
        self._staged = 0
        self._keys: dict[str, str] = {}
        self._stack = ExitStack()
        self._copy = None  # the COPY the batches go to (PostgreSQL), once open
        # (case_id, province_code, _n, new) of each batch taken (new: written by
        # `_write_new`), and the values of each key column the staged rows name (cluster_id:
        # the ids `_ensure_clusters` gave them).
        self._codes: list[pl.DataFrame] = []
        self._named: dict[str, set[int]] = {c: set() for c, _t, _r in _foreign_keys()}
        self._new = NewCases() if new_by_copy and self.dialect == "postgresql" else None
        if self._new is not None:
            # Rows go into cases as they are read: a file refused later takes them back.
            self._new.savepoint = session.begin_nested()
            session.connection()  # the SAVEPOINT is said when the connection is asked for
        columns = ", ".join(WRITE_COLUMNS)
        if self.dialect == "sqlite":
            # The column types of cases, without its constraints: rows are checked on the
            # upsert. A temporary table: its pages go to a temporary file (temp_store=FILE),
            # never through the database's write-ahead log, and not into the process's memory
            # whatever the size of the file. _n is the rowid: rows are read back in file order
            # without sorting.
            types = {r[1]: r[2] for r in self.cursor.execute("PRAGMA table_info(cases)")}
            self.cursor.execute(f"DROP TABLE IF EXISTS temp.{_STAGE}")
            self.cursor.execute(
                f"CREATE TEMP TABLE {_STAGE} (_n INTEGER PRIMARY KEY, "
                + ", ".join(f"{c} {types[c]}" for c in WRITE_COLUMNS)
                + ", cluster TEXT, _key TEXT)")
            self.mark = "?"
        else:
            self.cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS {_STAGE} ON COMMIT DROP AS "
                                f"SELECT {columns}, ''::text AS cluster, ''::text AS _key, "
                                f"0::bigint AS _n FROM cases WITH NO DATA")
            self.mark = "%s"
        self.cursor.execute(f"DELETE FROM {_STAGE}")

    def add(self, typed: pl.DataFrame) -> None:
        """Stage validated rows (the frame of `validate_frame`, good rows only)."""
        if typed.height == 0:
            return
        frame = typed.select(
            *[pl.lit(None, dtype=pl.Int64).alias(c) if c == "cluster_id" else pl.col(c)
              for c in WRITE_COLUMNS],
            pl.col("cluster"), cluster_keys(typed["cluster"], self._keys),
            pl.col(ROW).cast(pl.Int64).alias("_n"))
        new = pl.repeat(False, frame.height, dtype=pl.Boolean, eager=True).alias("new")
        if self._new is not None:
            new = frame["province_code"].is_in(self._fresh(frame["province_code"]))
            if new.any() and self._codes:
                new &= ~frame["case_id"].is_in(self._given_before(frame["case_id"].filter(new)))
        self._codes.append(frame.select(
            "case_id", pl.col("province_code").cast(pl.Int32), pl.col("_n").cast(pl.UInt32),
            new.alias("new")))
        if new.any():
            self._write_new(frame.filter(new))
            self.rows += int(new.sum())
            frame = frame.filter(~new)
            if frame.height == 0:
                return
        for column, named in self._named.items():
            if column != "cluster_id":
                named.update(frame[column].unique().drop_nulls().to_list())
        names = ", ".join(_STAGE_COLUMNS)
        if self.dialect == "sqlite":
            frame = frame.with_columns(pl.col(pl.Date).cast(pl.Utf8),
                                       pl.col(pl.Time).cast(pl.Utf8))
            self.cursor.executemany(
                f"INSERT INTO {_STAGE} ({names}) VALUES ({', '.join('?' * len(_STAGE_COLUMNS))})",
                frame.iter_rows())
        else:
            # Validation leaves no empty text (it becomes NULL), so CSV's empty field is NULL.
            data = io.BytesIO()
            frame.with_columns(pl.col(pl.Time).dt.strftime("%H:%M:%S")).write_csv(
                data, include_header=False)
            if self._copy is None:
                self._end_new_copy()  # the connection is this COPY's now
                # One COPY for every batch, fed by a thread of its own: the server stores a
                # batch while the next one is read and checked, where a COPY per batch waited
                # for it. Nothing else may use the connection until `flush`.
                self._copy = self._stack.enter_context(self.cursor.copy(
                    f"COPY {_STAGE} ({names}) FROM STDIN WITH (FORMAT csv)",
                    writer=copy_writer(self.cursor)))
            self._copy.write(data.getbuffer())  # no copy of the batch's text
        self.rows += frame.height
        self._staged += frame.height

    def flush(self) -> None:
        """Wait until the staged batches are stored, ending their COPY: before any other use of
        the connection, and when a file is refused (its rows stay in the temporary stage, and
        the transaction stays usable, as when each batch had a COPY of its own)."""
        self._end_new_copy()
        self._copy = None
        self._stack.close()

    def abandon(self) -> None:
        """End a write that is refused or failed: the batches' COPYs are ended and the new
        cases written so far taken back (the error that ended the write is the one said)."""
        try:
            with suppress(Exception):  # a COPY that failed says so again when ended
                self.flush()
        finally:
            if self._new is not None and self._new.savepoint is not None \
                    and self._new.savepoint.is_active:
                self._new.savepoint.rollback()

    def _staged_codes(self) -> pl.DataFrame:
        """case_id, province_code, _n and new of every row taken, in file order (one
        frame)."""
        if len(self._codes) != 1:
            # Not rechunked: each batch's frame is kept as a chunk of the whole, where a copy
            # of every code taken so far at each batch cost time and memory that grew with the
            # file.
            self._codes = [pl.concat(self._codes, rechunk=False) if self._codes else pl.DataFrame(
                schema={"case_id": pl.Utf8, "province_code": pl.Int32, "_n": pl.UInt32,
                        "new": pl.Boolean})]
        return self._codes[0]

    def _given_before(self, codes: pl.Series) -> pl.Series:
        """The patient codes of `codes` that rows taken before gave: such a row is not written
        (`duplicates` names it). The batch's codes are looked for among the earlier ones, not
        the other way round: a set of a batch's codes, where one of every code taken so far
        would cost memory that grows with the file."""
        seen = self._staged_codes()["case_id"]
        return seen.filter(seen.is_in(codes.implode())).implode()

    def _fresh(self, provinces: pl.Series) -> list[int]:
        """The provinces of which the register held no case when this write first named them:
        every row of theirs is a new case, or a code the write gives twice.

        Each province is asked under a lock of its own, held until the write commits: another
        import of the province that has written cases and not yet committed them would be
        unseen by the question, and this one would then write its cases again as new. The
        lock makes it wait for that import, then see its cases (`test_races`)."""
        fresh = self._new.fresh  # type: ignore[union-attr]
        for province in provinces.unique().to_list():
            if province not in fresh:
                self.flush()  # the connection is needed: the batches' COPYs end
                self.cursor.execute(_PROVINCE_LOCK, (province,))
                fresh[province] = not self.cursor.execute(
                    "SELECT EXISTS (SELECT 1 FROM cases WHERE province_code = %s)",
                    (province,)).fetchone()[0]
        return [p for p, empty in fresh.items() if empty]

    def _write_new(self, frame: pl.DataFrame) -> None:
        """Write rows that are new cases straight into cases by a COPY of their own, which the
        server stores while the next batch is read and checked (a first import makes no diff,
        so staging its rows first only wrote them twice). Their clusters are found or created
        now, each placed again when the write ends (`_place_new_clusters`); their keys are
        checked as the stage's are (`_check_keys`)."""
        new = self._new
        assert new is not None
        self.flush()
        places = frame.filter(pl.col("_key").is_not_null()).group_by(
            "province_code", "_key", "district_code", "ward_code").agg(
            pl.len().alias("n"), pl.col("_n").min().alias("first"),
            pl.col("cluster").sort_by("_n").first().alias("written"))
        new.places.append(places)
        ids = cluster_ids(self.session, places.drop("written").rows(), lambda firsts: dict(
            frame.filter(pl.col("_n").is_in(firsts)).select("_n", "cluster").rows()),
            created=new.clusters)
        if ids:
            found = pl.DataFrame([(p, k, i) for (p, k), i in ids.items()], orient="row",
                                 schema={"province_code": frame["province_code"].dtype,
                                         "_key": pl.Utf8, "_id": pl.Int64})
            frame = frame.join(found, on=["province_code", "_key"], how="left",
                               maintain_order="left").with_columns(cluster_id=pl.col("_id"))
        named = {column: set(frame[column].unique().drop_nulls().to_list())
                 for column in self._named}
        self._check_keys(named, among_staged=False)
        new.days.update(frame.select("province_code", "report_day").unique().iter_rows())
        if new.skip_triggers is None:
            new.skip_triggers = _may_skip_key_triggers(self.cursor)
        if new.skip_triggers:
            self.cursor.execute("SET LOCAL session_replication_role = replica")
        stamp = self.now.isoformat()
        data = io.BytesIO()
        frame.select(*WRITE_COLUMNS, version=pl.lit(1), created_at=pl.lit(stamp),
                     updated_at=pl.lit(stamp)).with_columns(
            pl.col(pl.Time).dt.strftime("%H:%M:%S")).write_csv(data, include_header=False)
        new.copy = ExitStack()
        copy = new.copy.enter_context(self.cursor.copy(
            f"COPY cases ({', '.join(WRITE_COLUMNS)}, version, created_at, updated_at) "
            f"FROM STDIN WITH (FORMAT csv)", writer=copy_writer(self.cursor)))
        copy.write(data.getbuffer())  # no copy of the batch's text

    def _end_new_copy(self) -> None:
        """Wait until the last batch of new cases is stored (before any other use of the
        connection), and let the key triggers fire again."""
        new = self._new
        if new is None or new.copy is None:
            return
        stack, new.copy = new.copy, None
        stack.close()
        if new.skip_triggers:
            self.cursor.execute("SET LOCAL session_replication_role = origin")

    def _place_new_clusters(self) -> None:
        """Place each cluster that `_write_new` created where most of its new cases are,
        counted over the whole write, and name it as its first case there wrote it
        (`cluster_ids`' rule), where the batch that first named it had placed it."""
        new = self._new
        if new is None or not new.clusters or not new.places:
            return
        places = pl.concat(new.places).sort("first").group_by(
            "province_code", "_key", "district_code", "ward_code", maintain_order=True).agg(
            pl.col("n").sum(), pl.col("first").first(), pl.col("written").first())
        written = {(p, k, first): name for p, k, first, name in places.select(
            "province_code", "_key", "first", "written").iter_rows()}
        best = _best_places(places.drop("written").rows())
        for (province, key), (district, ward, _n, first) in best.items():
            created = new.clusters.get((province, key))
            if created is not None and created[1:] != (district, ward):
                # The session holds the cluster it created: changed there, not behind it.
                cluster = self.session.get_one(Cluster, created[0])
                cluster.district_code, cluster.ward_code = district, ward
                cluster.name = written[(province, key, first)]
        self.session.flush()

    def duplicates(self) -> list[tuple[int, str, int]]:
        """(row, case_id, first row) of every staged row whose patient code an earlier row of
        the same write already gave (batches are checked one by one; this spans them)."""
        codes = self._staged_codes()
        again = codes.filter(pl.col("case_id").is_duplicated())
        if again.height == 0:
            return []
        return again.with_columns(first=pl.col("_n").min().over("case_id")).filter(
            pl.col("_n") != pl.col("first")).sort("_n").select(
            pl.col("_n").cast(pl.Int64), "case_id", pl.col("first").cast(pl.Int64)).rows()

    def drop(self, rows: list[int]) -> None:
        """Take back staged rows (rows of codes given again: never written as new cases)."""
        self._codes = [self._staged_codes().filter(~pl.col("_n").is_in(rows))]
        self.flush()
        for start in range(0, len(rows), 500):
            part = rows[start:start + 500]
            gone = self.cursor.execute(f"DELETE FROM {_STAGE} WHERE _n IN "
                                       f"({', '.join([self.mark] * len(part))})", part).rowcount
            self.rows -= gone
            self._staged -= gone

    def apply(self, *, scope: Scope, progress: Progress | None = None,
              origin: str = "api") -> dict:
        """Insert the new cases and update the changed ones; unchanged rows keep their version.
        Every created or changed case gets its audit entry, cluster moves their link history,
        and the counts of every touched (province, day) are rebuilt."""
        self.flush()
        session, cursor, dialect, mark = self.session, self.cursor, self.dialect, self.mark
        total = self.rows
        self._place_new_clusters()
        # The audit entries are the diff between the cases as read below and as written: a
        # concurrent write committed in between (a case another import created after this one
        # found it new, which this one then updated) would change a case with no entry. Audited
        # writers take the chain's lock before they commit, so holding it from here on means
        # every case read below is as the last audited write left it.
        audit.hold_chain(session)
        if dialect == "postgresql":
            # The sort that numbers new cases in file order stays in memory up to a few
            # hundred thousand rows.
            cursor.execute("SET LOCAL work_mem = '64MB'")
        self._ensure_clusters()
        now = self.now
        stamp: object = now.strftime("%Y-%m-%d %H:%M:%S.%f") if dialect == "sqlite" else now
        join = (f"{_STAGE} i JOIN cases c ON c.province_code = i.province_code "
                f"AND c.case_id = i.case_id")
        # Whether any staged row is a stored case: found at the first one (a re-import), or
        # after one look-up in the unique key per row when none is (a first import), which
        # then makes no diff against the stored cases and leaves the stage in file order.
        stored = bool(cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {join})").fetchone()[0])
        unchanged = 0
        before = (f"CREATE TEMP TABLE _import_before AS SELECT "
                  f"{', '.join('c.' + c for c in WRITE_COLUMNS)}, i._n AS _n FROM {join}")
        cursor.execute("DROP TABLE IF EXISTS _import_before")
        if not stored:
            cursor.execute(f"{before} WHERE 1 = 0")
        else:
            if dialect == "postgresql":
                # A temporary table is never analysed by autovacuum: without its statistics
                # the joins below are planned for a table of a few rows. Only the join keys:
                # the other columns' statistics would cost more than they help.
                cursor.execute(f"ANALYZE {_STAGE} (province_code, case_id, _key)")
            # The staged rows' clusters, for the diff (the INSERT of new cases joins them).
            cursor.execute(f"UPDATE {_STAGE} SET cluster_id = m.cluster_id FROM "
                           f"_import_clusters m WHERE m.province_code = {_STAGE}.province_code "
                           f"AND m._key = {_STAGE}._key")
            # Rows the store holds already as they are: nothing to write, audit or recount.
            # One pass over the stage; what is left is new or changed, and the upsert that
            # follows does not read cases (SQLite would copy the rows of a statement reading
            # the table it writes into memory first).
            unchanged = cursor.execute(
                f"DELETE FROM {_STAGE} WHERE EXISTS (SELECT 1 FROM cases c "
                f"WHERE c.province_code = {_STAGE}.province_code "
                f"AND c.case_id = {_STAGE}.case_id "
                f"AND NOT ({_differs(dialect, 'c', _STAGE)}))").rowcount
            # The stored rows this write changes, as they were: the diff of their audit
            # entries, their old counting day, their old cluster (kept in file order, _n).
            cursor.execute(f"{before} ORDER BY i._n")
        if not (scope.is_national and scope.district_code is None):
            _check_existing_in_scope(cursor.execute(
                "SELECT case_id, province_code, district_code, ward_code FROM _import_before"),
                scope)
        n_existing = unchanged + cursor.execute(
            "SELECT COUNT(*) FROM _import_before").fetchone()[0]
        staged = ", ".join("i." + c for c in WRITE_COLUMNS)
        # A new case's cluster comes from the clusters named by the write (`_ensure_clusters`);
        # the stage's own cluster_id was filled only for the diff of stored cases.
        staged_new = ", ".join(("m." if c == "cluster_id" else "i.") + c for c in WRITE_COLUMNS)
        matched = "EXISTS (SELECT 1 FROM _import_before b WHERE b._n = i._n)"
        self._check_keys(self._named)
        # The changed cases by the upsert; the new ones by a plain INSERT: the stage knows
        # they are new (no stored case matched them while the chain's lock was held), and a
        # speculative insert per row cost a fifth more of the server's time. A case another
        # writer created since would stop this INSERT on its unique key, never be updated
        # without an audit entry. New cases take their ids in file order.
        if n_existing > unchanged:
            cursor.execute(_upsert_sql(
                dialect, f"SELECT {staged}, 1, {mark}, {mark} FROM {_STAGE} i WHERE {matched} "
                f"ORDER BY i._n"), (stamp, stamp))
        with self._key_triggers_set_aside(self._staged - n_existing):
            cursor.execute(
                f"INSERT INTO cases ({', '.join(WRITE_COLUMNS)}, version, created_at, "
                f"updated_at) SELECT "
                f"{staged_new}, 1, {mark}, {mark} "
                f"FROM {_STAGE} i LEFT JOIN _import_clusters m ON m.province_code = "
                f"i.province_code AND m._key = i._key WHERE NOT {matched} ORDER BY i._n",
                (stamp, stamp))
        if progress:
            progress(total, total)
        moved = self._audit(scope, origin, all_new=n_existing == 0)
        for pk, province, old, new in moved:
            relink(session, pk, province, old, new, at=now, actor=scope.actor, reason=origin)
        # Only the days of new and changed cases (their old and new day) need counting again:
        # every row left in the stage was written, as it stands there.
        keys = cursor.execute(
            f"SELECT province_code, report_day FROM _import_before UNION "
            f"SELECT province_code, report_day FROM {_STAGE}").fetchall()
        if self._new is not None:
            keys += self._new.days
        # Dropped, not emptied: a DELETE of its rows cost a pass over them.
        cursor.execute(f"DROP TABLE temp.{_STAGE}" if dialect == "sqlite"
                       else f"DROP TABLE pg_temp.{_STAGE}")
        cursor.execute("DROP TABLE _import_before")
        cursor.execute("DROP TABLE _import_clusters")
        recount(session, sorted({(p, _as_date(d)) for p, d in keys}))
        if self._new is not None and self._new.savepoint is not None:
            self._new.savepoint.commit()
        return {"rows": total, "new": total - n_existing, "existing": n_existing}

    def _check_keys(self, named: dict[str, set[int]], *, among_staged: bool = True) -> None:
        """Refuse the write, naming the values, when a staged row names a unit or cluster that
        the table its foreign key refers to does not hold: one query per key over the distinct
        values the staged rows name (`add`, `_ensure_clusters`), where PostgreSQL's key triggers
        ask one query per row and key. On PostgreSQL the query locks the referred rows FOR KEY
        SHARE, as each of those queries locks its row: a concurrent delete of one waits for
        this transaction, then finds the cases referring to it.

        The values are those of every row staged, rows repeated unchanged and rows dropped
        since (`drop`) included: the rows of stored cases refer to existing rows already, and
        a value named only by a dropped row is looked for in the stage before it is called
        missing. `among_staged` false: the values are those of rows written straight into
        cases (`_write_new`), none dropped."""
        sqlite = self.dialect == "sqlite"
        lock = "" if sqlite else " FOR KEY SHARE OF r"
        # The values as one bound parameter (a list can hold every ward of the country).
        within = "IN (SELECT value FROM json_each(?))" if sqlite else "= ANY(%s)"
        each = ("SELECT value AS v FROM json_each(?)" if sqlite
                else "SELECT unnest(CAST(%s AS bigint[])) AS v")
        for column, table, referred in _foreign_keys():
            values = sorted(named[column])
            if not values:
                continue
            bound = json.dumps(values) if sqlite else values
            held = self.cursor.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM {table} r WHERE r.{referred} {within}"
                f"{lock}) l", (bound,)).fetchone()[0]
            if held == len(values):
                continue
            # The clusters' ids are those of the staged rows, none dropped since.
            staged = "" if column == "cluster_id" or not among_staged else (
                f" AND EXISTS (SELECT 1 FROM {_STAGE} i WHERE i.{column} = s.v)")
            missing = [v for (v,) in self.cursor.execute(
                f"SELECT s.v FROM ({each}) s WHERE NOT EXISTS "
                f"(SELECT 1 FROM {table} r WHERE r.{referred} = s.v){staged} "
                f"ORDER BY 1 LIMIT 10", (bound,)).fetchall()]
            if not missing:
                continue
            raise InvalidInput(
                N_("%(column)s %(values)s: not in %(table)s, which the register's key refers "
                   "to; nothing was written"), code="missing_key", column=column,
                values=", ".join(map(str, missing)), table=table)

    @contextmanager
    def _key_triggers_set_aside(self, new: int) -> Iterator[None]:
        """Run the INSERT of new cases without PostgreSQL's per-row key triggers when this
        connection may (`_may_skip_key_triggers`): `_check_keys` has checked every key of every
        staged row and locked the rows they refer to. The setting holds for this statement
        only (a savepoint takes it back if the statement fails); the keys stay declared and
        valid, and every other writer's rows are checked as before."""
        if (self.dialect != "postgresql" or new < SET_WISE_ROWS
                or not _may_skip_key_triggers(self.cursor)):
            yield
            return
        self.cursor.execute("SAVEPOINT episurv_new_cases")
        try:
            self.cursor.execute("SET LOCAL session_replication_role = replica")
            yield
            self.cursor.execute("SET LOCAL session_replication_role = origin")
        except BaseException:
            self.cursor.execute("ROLLBACK TO SAVEPOINT episurv_new_cases")
            raise
        self.cursor.execute("RELEASE SAVEPOINT episurv_new_cases")

    def _ensure_clusters(self) -> None:
        """The cluster_id of each staged row naming a cluster (`cluster_ids`), in a temporary
        table _import_clusters by (province_code, _key): joined by the statements that need
        it rather than written into every such staged row."""
        cursor = self.cursor
        cursor.execute("DROP TABLE IF EXISTS _import_clusters")
        cursor.execute("CREATE TEMP TABLE _import_clusters (province_code INTEGER, "
                       "_key TEXT, cluster_id BIGINT, PRIMARY KEY (province_code, _key))")
        places = cursor.execute(
            f"SELECT province_code, _key, district_code, ward_code, COUNT(*), MIN(_n) "
            f"FROM {_STAGE} WHERE _key IS NOT NULL GROUP BY province_code, _key, "
            f"district_code, ward_code").fetchall()
        if not places:
            return
        ids = cluster_ids(self.session, places, lambda firsts: dict(cursor.execute(
            f"SELECT _n, cluster FROM {_STAGE} WHERE _n IN "
            f"({', '.join([self.mark] * len(firsts))})", firsts).fetchall()))
        self._named["cluster_id"] = set(ids.values())
        cursor.executemany(f"INSERT INTO _import_clusters VALUES ({self.mark}, {self.mark}, "
                           f"{self.mark})", [(p, k, cid) for (p, k), cid in ids.items()])

    def _rows(self, sql: str, params: tuple = ()):
        """The rows of a query a few thousand at a time (a server-side cursor on PostgreSQL),
        so reading back a million written cases keeps memory flat."""
        if self.dialect == "sqlite":
            cursor = self.raw.cursor()
            cursor.execute(sql, params)
        else:
            cursor = self.raw.cursor(name="episurv_import_read")
            cursor.itersize = _FETCH
            cursor.execute(sql, params)
        try:
            while batch := cursor.fetchmany(_FETCH):
                yield from batch
        finally:
            cursor.close()

    def _audit(self, scope: Scope, origin: str, *, all_new: bool) -> list[tuple]:
        """One audit entry per created case and per changed case (with its diff, personal
        values hashed by the audit), written as they are read; returns the cases whose cluster
        changed: (id, province, old cluster, new cluster).

        The created cases are the rows no stored case matched: those written straight into the
        register (`_write_new`) and the staged rows `_import_before` does not hold (only their
        row numbers are read back, not joined to the million cases just written). Their codes
        are in memory (`_staged_codes`), so the entries, in file order, go to the audit's COPY
        while it hashes the next ones. The chain's lock, held since before the stored cases
        were read, means no audited write created one of them in between."""
        at = datetime.now(UTC)
        who = {"at": at, "actor": scope.actor, "address": scope.address, "entity": "case"}
        origin_only = {"origin": origin}  # one object: the audit encodes it once
        codes = self._staged_codes()
        if not all_new:
            created = pl.Series("_n", [n for (n,) in self._rows(
                f"SELECT i._n FROM {_STAGE} i WHERE NOT EXISTS "
                f"(SELECT 1 FROM _import_before b WHERE b._n = i._n)")], dtype=pl.UInt32)
            codes = codes.filter(pl.col("new") | pl.col("_n").is_in(created.implode()))
        if codes.height:
            audit.append(self.session, action="create", **who, connection_free=True, items=(
                (case_id, province, origin_only) for case_id, province in
                _in_file_order(codes).select("case_id", "province_code").iter_rows()))
        if all_new:
            return []
        moved: list[tuple] = []
        at_cluster = WRITE_COLUMNS.index("cluster_id")
        width = len(WRITE_COLUMNS)

        def changed():
            for row in self._rows(
                    f"SELECT {', '.join('b.' + c for c in WRITE_COLUMNS)}, "
                    f"{', '.join('c.' + c for c in WRITE_COLUMNS)}, c.id FROM _import_before b "
                    f"JOIN cases c ON c.province_code = b.province_code "
                    f"AND c.case_id = b.case_id ORDER BY b._n"):
                old, new = row[:width], row[width:2 * width]
                if old[at_cluster] != new[at_cluster]:
                    moved.append((row[-1], new[1], old[at_cluster], new[at_cluster]))
                changes = audit.diff(dict(zip(WRITE_COLUMNS, old, strict=True)),
                                     dict(zip(WRITE_COLUMNS, new, strict=True)))
                changes["origin"] = origin
                yield new[0], new[1], changes

        audit.append(self.session, action="update", **who, items=changed())
        return moved


def _in_file_order(codes: pl.DataFrame) -> pl.DataFrame:
    """`codes` sorted by row number: they are taken in file order, so this sort (a copy of
    every code) is made only when they are not."""
    return codes if codes["_n"].is_sorted() else codes.sort("_n")


def cluster_ids(session: Session, places: list[tuple],
                names: Callable[[list[int]], dict[int, str]], *,
                created: dict[tuple[int, str], tuple] | None = None
                ) -> dict[tuple[int, str], int]:
    """The cluster id of every (province, cluster key) a write names, creating the clusters not
    yet known. `places`: (province, key, district, ward, cases, first row) per place the write
    gives a cluster's cases; `names`: the cluster as written in each of some first rows. A new
    cluster is placed where most of its cases are (not where the first one lives), counted over
    the whole write, ties to the place named first; new clusters are numbered in the order the
    write first names them. `created` receives (id, district, ward) of each cluster created."""
    best = _best_places(places)
    ids: dict[tuple[int, str], int] = {}
    by_province: dict[int, list[str]] = {}
    for province, key in best:
        by_province.setdefault(province, []).append(key)
    for province, keys in by_province.items():
        for start in range(0, len(keys), 500):
            for cid, key in session.execute(
                    select(Cluster.id, Cluster.name_key).where(
                        Cluster.province_code == province,
                        Cluster.name_key.in_(keys[start:start + 500]))).all():
                ids[(province, key)] = cid
    new = sorted((first, province, key, district, ward) for (province, key),
                 (district, ward, _n, first) in best.items() if (province, key) not in ids)
    for start in range(0, len(new), 500):
        part = new[start:start + 500]
        written = names([r[0] for r in part])
        for first, province, key, district, ward in part:
            cluster = Cluster(province_code=province, name=written[first], name_key=key,
                              district_code=district, ward_code=ward, kind="other")
            session.add(cluster)
            session.flush()
            ids[(province, key)] = cluster.id
            if created is not None:
                created[(province, key)] = (cluster.id, district, ward)
    return ids


def _best_places(places: list[tuple]) -> dict[tuple[int, str], tuple]:
    """(district, ward, cases, first row) of each (province, cluster key) of `places`: the
    place with most cases, ties to the one named first."""
    best: dict[tuple[int, str], tuple] = {}
    for province, key, district, ward, n, first in places:
        held = best.get((province, key))
        if held is None or (n, -first) > (held[2], -held[3]):
            best[(province, key)] = (district, ward, n, first)
    return best


def upsert_rows(session: Session, typed: pl.DataFrame, *, scope: Scope,
                progress: Progress | None = None, origin: str = "api") -> dict:
    """Insert new cases and update changed ones (case_id is the natural key); unchanged rows keep
    their version. Every created or changed case gets its audit entry. Returns counts of rows
    given, new cases and cases already present."""
    scope.require_write()
    if outside_scope(typed, scope).any():
        raise InvalidInput("rows outside your jurisdiction")
    staging = Staging(session)
    staging.add(typed)
    return staging.apply(scope=scope, progress=progress, origin=origin)


def _as_date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _check_existing_in_scope(rows, scope: Scope) -> None:
    foreign = [case_id for case_id, province, district, ward in rows
               if not scope.allows(province, district, ward)]
    if foreign:
        raise InvalidInput("case_id " + ", ".join(repr(c) for c in foreign[:10])
                           + " already registered by another jurisdiction; nothing was written")


# --- one case at a time (the API and the pages) -----------------------------------------

def _raise_problems(problems: list[Problem]) -> None:
    if problems:
        raise InvalidInput("; ".join(f"{p.column} {p.shown!r}: {p.message}" for p in problems),
                           [{"field": p.column, "value": p.shown, "message": p.message}
                            for p in problems], found=problems)


def get_case(session: Session, case_id: str, *, scope: Scope,
             province_code: int | None = None) -> Case:
    """The case, if it is inside the caller's jurisdiction; otherwise not found (its existence
    is not leaked). Codes are unique per province; a caller who sees several provinces and
    names no province gets the case of the lowest province code (`possible_duplicates` lists
    the codes used by more than one province)."""
    query = select(Case).where(Case.case_id == case_id)
    if province_code is not None:
        query = query.where(Case.province_code == province_code)
    case = session.scalar(scoped(query, scope, Case).order_by(Case.province_code).limit(1))
    if case is None:
        raise NotFound(N_("no case %(case)r"), code="no_case", case=case_id)
    return case


def find_case_values(session: Session, case_id: str, *, scope: Scope,
                     province_code: int | None = None) -> dict:
    """`case_values` of the case `get_case` finds (same scope, same choice among provinces),
    read as one row with its cluster's name joined: the API's lookup answers it without
    building the ORM object and without a second query for the cluster (issue 16)."""
    row = session.execute(_lookup_statement(_statement_scope(scope), province_code),
                          {"case_id": case_id}).first()
    if row is None:
        raise NotFound(N_("no case %(case)r"), code="no_case", case=case_id)
    return _values(register(), row, row.cluster_name)


def case_values(session: Session, case: Case) -> dict:
    """A case in the import vocabulary (places and cluster by name), as the API shows it. (A
    page of cases is read as rows with the clusters' names joined: `list_cases`.)"""
    cluster = (session.scalar(select(Cluster.name).where(Cluster.id == case.cluster_id))
               if case.cluster_id else None)
    return _values(register(), case, cluster)


def _values(reg, case, cluster: str | None) -> dict:
    """A case (an ORM object, or a row of the same columns) in the import vocabulary."""
    return {
        "case_id": case.case_id,
        "report_date": case.report_date, "report_time": case.report_time,
        "report_day": case.report_day,
        "province": reg.get(PROVINCE, case.province_code).short_name,
        "district": reg.get(DISTRICT, case.district_code).name if case.district_code else None,
        "ward": reg.get(WARD, case.ward_code).name if case.ward_code else None,
        "province_code": case.province_code, "district_code": case.district_code,
        "ward_code": case.ward_code,
        "detected_in": case.detected_in, "source": case.source,
        "cluster": cluster,
        "age": case.age, "sex": case.sex, "onset_date": case.onset_date,
        "sample_date": case.sample_date, "vaccine_doses": case.vaccine_doses,
        "severity": case.severity, "outcome": case.outcome, "outcome_date": case.outcome_date,
        "name": case.name, "phone": case.phone, "address": case.address,
        "version": case.version,
    }


def _as_text(value: object) -> object:
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return value


def save_case(session: Session, values: dict, *, scope: Scope,
              expected_version: int | None = None, must_exist: bool = False,
              must_be_new: bool = False) -> dict:
    """Validate one case by the import rules and upsert it. With `expected_version` a stale
    edit is refused rather than overwriting a newer one."""
    scope.require_write()
    case_id = values.get("case_id")
    current = None
    if case_id:
        current = session.scalar(scoped(select(Case).where(Case.case_id == case_id), scope,
                                        Case).with_for_update())
    if must_exist and current is None:
        raise NotFound(N_("no case %(case)r"), code="no_case", case=case_id)
    if current is not None and expected_version is not None and current.version != expected_version:
        raise Conflict(N_("case %(case)r was changed by someone else (version %(version)s, "
                          "your edit was made on version %(yours)s); reload it and apply your "
                          "change again"), code="case_changed", case=case_id,
                       version=current.version, yours=expected_version)
    frame = one_row({k: _as_text(v) for k, v in values.items() if k in V.COLUMNS})
    typed, problems = validate_frame(frame, cutoff=get_settings().cutoff)
    _raise_problems(problems)
    if outside_scope(typed, scope).any():
        raise InvalidInput("the case's place is outside your jurisdiction",
                           [{"field": "district", "value": values.get("district"),
                             "message": "outside your jurisdiction"}])
    province = typed["province_code"][0]
    # Codes are issued per province: only the province the case is written to is asked, so the
    # answer never tells whether the code exists in another province (docs/patient-codes.md).
    if must_be_new and case_id and session.scalar(select(Case.id).where(
            Case.province_code == province, Case.case_id == case_id)):
        raise Conflict(N_("case %(case)r exists already: change that record (PATCH it) "
                          "rather than enter it again"), code="case_exists", case=case_id)
    upsert_rows(session, typed, scope=scope, origin="edit" if current else "api")
    session.expire_all()
    return case_values(session, get_case(session, typed["case_id"][0], scope=scope,
                                         province_code=province))


def possible_duplicates(session: Session, *, scope: Scope, limit: int = 500) -> list[dict]:
    """Patient codes used by more than one province, for a national user to resolve (the same
    person registered twice, or two people given one code): per code, each province's record
    with what tells them apart (dates, units, age, sex; no personal data).

    Only a caller who sees every province may ask: the list is the one answer that says a code
    exists outside a province (docs/patient-codes.md)."""
    if not (scope.is_national and scope.district_code is None):
        raise Forbidden("possible duplicates across provinces are for national accounts")
    reg = register()
    codes = select(Case.case_id).group_by(Case.case_id).having(
        func.count(Case.province_code.distinct()) > 1).order_by(Case.case_id).limit(limit)
    rows = session.execute(select(
        Case.case_id, Case.province_code, Case.district_code, Case.report_date,
        Case.onset_date, Case.age, Case.sex).where(Case.case_id.in_(codes)).order_by(
        Case.case_id, Case.province_code)).all()
    out: dict[str, list[dict]] = {}
    for r in rows:
        out.setdefault(r.case_id, []).append({
            "province": reg.get(PROVINCE, r.province_code).short_name,
            "province_code": r.province_code,
            "district": reg.get(DISTRICT, r.district_code).short_name if r.district_code
            else None,
            "report_date": r.report_date.isoformat(),
            "onset_date": r.onset_date.isoformat() if r.onset_date else None,
            "age": r.age, "sex": r.sex})
    return [{"case_id": code, "records": records} for code, records in out.items()]


def patch_case(session: Session, case_id: str, changes: dict, *, scope: Scope,
               expected_version: int | None) -> dict:
    """Change some fields of a case edited on `expected_version`, which is required: an edit
    that does not say which version it was made on could overwrite a newer one unseen."""
    current = case_values(session, get_case(session, case_id, scope=scope))
    scope.require_write()
    if expected_version is None:
        raise InvalidInput("version is required: send the version you edited (the `version` "
                           "field, or an If-Match header)",
                           [{"field": "version", "value": "", "message": "required"}])
    if {"district", "province"} & changes.keys() and "ward" not in changes:
        current["ward"] = None  # a new district makes the old ward meaningless
    if "province" in changes and "district" not in changes:
        current["district"] = None
    merged = {**current, **changes, "case_id": case_id}
    check_outcome(current, merged)
    return save_case(session, merged, scope=scope, expected_version=expected_version,
                     must_exist=True)


def _day_or_none(value: object) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None  # a malformed date is named by the import rules (save_case)


def check_outcome(current: dict, merged: dict) -> None:
    """An edit that ends a case's course says when: setting the outcome to recovered or died
    needs its date, a date that has happened (not after today) and that follows the course
    of the case: a recovery not before the case was reported (as the import rule), a death not
    before its onset or sample (a death can be found by a test after it and reported later).
    Checked only when the outcome, its date or the dates it is measured from change, so that
    a record imported without an outcome date can still be edited in its other fields."""
    from episurv.core.time import local_today

    watched = ("outcome", "outcome_date", "report_date", "onset_date", "sample_date")
    if all(str(merged.get(k) or "") == str(current.get(k) or "") for k in watched):
        return
    outcome, raw = merged.get("outcome"), merged.get("outcome_date")
    day = _day_or_none(raw)
    if outcome not in ("recovered", "died") or (raw and day is None):
        return  # an active case with a date, or a malformed one, is named by the import rules

    def refuse(code: str, template: str, **params: object) -> None:
        # The API's problem names the field apart; its message is the rest of the sentence.
        message = (template % params).removeprefix("outcome_date: ")
        raise InvalidInput(template, [
            {"field": "outcome_date", "value": str(raw or ""), "message": message}],
            code=code, **params)

    if day is None:
        refuse("outcome_date_required", N_("outcome_date: required when the outcome is "
                                           "%(outcome)s: give the day the case %(outcome)s"),
               outcome=outcome)
    if day > local_today():
        refuse("outcome_date_future", N_("outcome_date: %(day)s is in the future"),
               day=day.isoformat())
    report = _day_or_none(merged.get("report_date"))
    if outcome == "recovered" and report and day < report:
        refuse("outcome_date_before_report",
               N_("outcome_date: %(day)s is before the report date %(report)s"),
               day=day.isoformat(), report=report.isoformat())
    first = min((d for d in (_day_or_none(merged.get("onset_date")),
                             _day_or_none(merged.get("sample_date"))) if d), default=None)
    if outcome == "died" and first and day < first:
        refuse("outcome_date_before_onset",
               N_("outcome_date: %(day)s is before the onset or sample date %(first)s"),
               day=day.isoformat(), first=first.isoformat())


@dataclass(frozen=True)
class CaseFilter:
    """What a person narrows the case list by; every field optional."""

    province_code: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    district_code: int | None = None
    ward_code: int | None = None
    cluster_id: int | None = None
    detected_in: str | None = None
    outcome: str | None = None
    case_id: str | None = None


def list_cases(session: Session, *, scope: Scope, filters: CaseFilter = CaseFilter(),
               limit: int = 50, after: tuple[date, int] | None = None
               ) -> tuple[list[dict], tuple[date, int] | None]:
    """A page of cases as `case_values` (newest reporting day first), and the cursor of the
    next page.

    Keyset pagination on (report_day, id): a page costs the same at the millionth case as at
    the first, where OFFSET would scan everything before it. A province's list reads its
    (province_code, report_day, id) index; a list over every province reads the
    (report_day, id) index (migration 0021), on PostgreSQL one per partition merged in order,
    so the register is never sorted whole. (It used to take the first rows of each of the 63
    provinces and merge them: a union that cost far more to plan and run than the rows it
    read; benchmarks/bench_scale.py measures the first national page.)

    The rows are read with their clusters' names joined, in one query, and made into values
    directly: building an ORM object per case and reading the clusters by a second query took
    most of the case list API's time in its process (issue 11, py-spy of a server worker)."""
    query = _page_statement(_statement_scope(scope), filters, limit, after is not None)
    rows = session.execute(query, {"after_day": after[0], "after_id": after[1]}
                           if after is not None else {}).all()
    cursor = (rows[limit - 1].report_day, rows[limit - 1].id) if len(rows) > limit else None
    reg = register()
    return [_values(reg, row, row.cluster_name) for row in rows[:limit]], cursor


# The columns of a case that `_values` reads, with its id (the list's cursor).
_VALUE_COLUMNS = [c for c in Case.__table__.columns if c.name not in ("created_at", "updated_at")]


def _value_rows(scope: Scope, filters: CaseFilter):
    """The query of cases as rows of `_VALUE_COLUMNS` and their cluster's name (`cluster_name`),
    in the caller's scope and narrowed by the filters, not yet ordered."""
    return _filtered(select(*_VALUE_COLUMNS, Cluster.name.label("cluster_name")).outerjoin(
        Cluster, Cluster.id == Case.cluster_id), scope, filters)


# The lookup's and the list's statements, built once per jurisdiction and filters, the case
# code and the list's cursor as parameters: built afresh with their values in them, they cost
# a lookup more CPU than its reading of the row (SQLAlchemy's construction and cache key:
# 0.45 of 0.8 ms a statement, measured on this machine; issue 16). Kept per jurisdiction
# (`_statement_scope`), not per caller.
STATEMENTS_KEPT = 256


def _statement_scope(scope: Scope) -> Scope:
    """What of `scope` a statement depends on (its units): the same for every caller of one
    jurisdiction."""
    return Scope(role="viewer", province_code=scope.province_code,
                 district_code=scope.district_code, ward_codes=scope.ward_codes)


@lru_cache(maxsize=STATEMENTS_KEPT)
def _lookup_statement(scope: Scope, province_code: int | None):
    return (_value_rows(scope, CaseFilter(province_code=province_code))
            .where(Case.case_id == bindparam("case_id"))
            .order_by(Case.province_code).limit(1))


@lru_cache(maxsize=STATEMENTS_KEPT)
def _page_statement(scope: Scope, filters: CaseFilter, limit: int, after: bool):
    query = _value_rows(scope, filters)
    if after:
        query = query.where(tuple_(Case.report_day, Case.id)
                            < tuple_(bindparam("after_day"), bindparam("after_id")))
    return query.order_by(Case.report_day.desc(), Case.id.desc()).limit(limit + 1)


STREAM_ROWS = 1000  # rows fetched at a time by `stream_case_values`
SQLITE_DEFAULT_CACHE = -2000  # KiB: SQLite's own default page cache


def stream_case_values(session: Session, *, scope: Scope, filters: CaseFilter = CaseFilter(),
                       limit: int | None = None) -> Iterator[dict]:
    """`case_values` of every case `list_cases` would list (same filters, same order: newest
    reporting day first), read by one query a thousand rows at a time (a server-side cursor
    on PostgreSQL) with its cluster's name joined in: memory stays flat whatever the number
    of cases, where paging re-ran the query (and its sort) once per page."""
    reg = register()
    query = _value_rows(scope, filters).order_by(Case.report_day.desc(), Case.id.desc())
    if limit is not None:
        query = query.limit(limit)
    connection = session.connection()
    cache = None
    if connection.dialect.name == "sqlite":
        # Each page is read once: SQLite's default cache (2 MB), not the 64 MB kept for bulk
        # writes, which a large register would fill and keep for the rest of the process.
        cache = connection.exec_driver_sql("PRAGMA cache_size").scalar()
        connection.exec_driver_sql(f"PRAGMA cache_size={SQLITE_DEFAULT_CACHE}")
    try:
        for row in session.execute(query.execution_options(yield_per=STREAM_ROWS)):
            yield _values(reg, row, row.cluster_name)
    finally:
        if cache is not None:
            connection.exec_driver_sql(f"PRAGMA cache_size={int(cache)}")


def _filtered(query, scope: Scope, f: CaseFilter):
    """`query` over cases narrowed to the caller's scope and the filters."""
    query = scoped(query, scope, Case)
    for column, value in ((Case.province_code, f.province_code),
                          (Case.district_code, f.district_code), (Case.ward_code, f.ward_code),
                          (Case.cluster_id, f.cluster_id), (Case.detected_in, f.detected_in),
                          (Case.outcome, f.outcome)):
        if value is not None:
            query = query.where(column == value)
    if f.date_from is not None:
        query = query.where(Case.report_day >= f.date_from)
    if f.date_to is not None:
        query = query.where(Case.report_day <= f.date_to)
    if f.case_id:
        query = query.where(Case.case_id.startswith(f.case_id))  # spelled by PatientCode
    return query


def latest_entry(session: Session, *, scope: Scope, until: datetime | None = None
                 ) -> datetime | None:
    """When the newest case the caller may see was entered (up to `until`): part of a report's
    version, so a page shows which data it reflects."""
    query = scoped(select(func.max(Case.created_at)), scope, Case)
    if until is not None:
        query = query.where(Case.created_at <= until)
    return session.scalar(query)


def apply_cutoff(session: Session, cutoff: time) -> None:
    """Recompute every case's counting day for a new cut-off hour, then the counts."""
    from episurv.cases.counts import rebuild_all

    dialect = session.connection().dialect.name
    next_day = ("date(report_date, '+1 day')" if dialect == "sqlite"
                else "report_date + 1")
    session.execute(text(f"UPDATE cases SET report_day = CASE WHEN report_time > :cutoff "
                         f"THEN {next_day} ELSE report_date END"),
                    {"cutoff": cutoff.strftime("%H:%M:%S") if dialect == "sqlite" else cutoff})
    rebuild_all(session)


def counts_by_unit(session: Session, *, scope: Scope, province_code: int, level: str,
                   first_day: date, last_day: date) -> dict[int, int]:
    """Cases per district or ward (code) counted in the reporting days first_day..last_day,
    inside the caller's scope; cases without that unit are left out."""
    column = Case.district_code if level == DISTRICT else Case.ward_code
    query = scoped(select(column, func.count()).where(
        Case.province_code == province_code, Case.report_day >= first_day,
        Case.report_day <= last_day, column.is_not(None)).group_by(column), scope, Case)
    return {code: int(n) for code, n in session.execute(query)}
