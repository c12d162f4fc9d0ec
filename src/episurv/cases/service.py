"""Use cases of the line list: upsert validated rows, read and edit one case.

Every write goes through `upsert_rows`, which keeps clusters and daily counts current in the same
transaction. SQLite takes the rows by executemany; PostgreSQL by COPY into a staging table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

import polars as pl
from sqlalchemy import func, select, text, tuple_
from sqlalchemy.orm import Session

from episurv.accounts import audit
from episurv.accounts.scope import Forbidden, Scope, scoped
from episurv.cases import vocabulary as V
from episurv.cases.counts import recount
from episurv.cases.models import Case
from episurv.cases.validation import Problem, one_row, validate_frame
from episurv.clusters.history import relink
from episurv.clusters.models import Cluster
from episurv.config import get_settings
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

Progress = Callable[[int, int], None]


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


def _cluster_keys(names: pl.Series) -> pl.Series:
    lookup = {n: plain_key(n) for n in names.unique().drop_nulls().to_list()}
    return names.replace_strict(lookup, default=None, return_dtype=pl.Utf8).alias("_key")


def ensure_clusters(session: Session, typed: pl.DataFrame) -> pl.DataFrame:
    """Give each row naming a cluster its cluster_id, creating the clusters not yet known."""
    named = typed.filter(pl.col("cluster").is_not_null() & pl.col("province_code").is_not_null())
    if named.height == 0:
        return typed.with_columns(pl.lit(None, dtype=pl.Int64).alias("cluster_id"))
    named = named.with_columns(_cluster_keys(named["cluster"]))
    # A new cluster is placed where most of its cases are (not where the first one lives).
    first = (named.group_by("province_code", "_key", "district_code", "ward_code")
             .agg(pl.len().alias("_n"), pl.col("cluster").first(), pl.col("__row").min())
             .sort("_n", "__row", descending=[True, False])
             .unique(["province_code", "_key"], keep="first", maintain_order=True))
    ids: dict[tuple[int, str], int] = {}
    for province in first["province_code"].unique().to_list():
        keys = first.filter(pl.col("province_code") == province)["_key"].to_list()
        for start in range(0, len(keys), 500):
            for cid, key in session.execute(
                    select(Cluster.id, Cluster.name_key).where(
                        Cluster.province_code == province,
                        Cluster.name_key.in_(keys[start:start + 500]))).all():
                ids[(province, key)] = cid
    for row in first.iter_rows(named=True):
        if (row["province_code"], row["_key"]) not in ids:
            cluster = Cluster(province_code=row["province_code"], name=row["cluster"],
                              name_key=row["_key"], district_code=row["district_code"],
                              ward_code=row["ward_code"], kind="other")
            session.add(cluster)
            session.flush()
            ids[(row["province_code"], row["_key"])] = cluster.id
    mapping = pl.DataFrame(
        {"province_code": [k[0] for k in ids], "_key": [k[1] for k in ids],
         "cluster_id": list(ids.values())},
        schema={"province_code": pl.Int64, "_key": pl.Utf8, "cluster_id": pl.Int64})
    keyed = typed.with_columns(_cluster_keys(typed["cluster"]))
    return keyed.join(mapping, on=["province_code", "_key"], how="left").drop("_key")


def outside_scope(typed: pl.DataFrame, scope: Scope) -> pl.Series:
    """Rows placed outside the caller's jurisdiction (a mask over `typed`)."""
    if scope.is_national and scope.district_code is None:
        return pl.Series([False] * typed.height)
    return pl.Series([not scope.allows(p, d, w) for p, d, w in typed.select(
        "province_code", "district_code", "ward_code").iter_rows()])


def upsert_rows(session: Session, typed: pl.DataFrame, *, scope: Scope,
                progress: Progress | None = None, origin: str = "api") -> dict:
    """Insert new cases and update changed ones (case_id is the natural key); unchanged rows keep
    their version. Every created or changed case gets its audit entry. Returns counts of rows
    given, new cases and cases already present."""
    scope.require_write()
    if outside_scope(typed, scope).any():
        raise InvalidInput("rows outside your jurisdiction")
    typed = ensure_clusters(session, typed)
    frame = typed.select(WRITE_COLUMNS)
    connection = session.connection()
    dialect = connection.dialect.name
    now = datetime.now(UTC)
    raw = connection.connection.driver_connection
    cursor = raw.cursor()
    total = frame.height
    columns = ", ".join(WRITE_COLUMNS)
    # The stored rows that this write changes, read through the staged rows: rows the file
    # repeats unchanged are neither read into Python, audited, relinked nor recounted.
    select_changed = (f"SELECT {', '.join('c.' + c for c in WRITE_COLUMNS)} FROM cases c "
                      f"JOIN {{staging}} i ON i.province_code = c.province_code "
                      f"AND i.case_id = c.case_id "
                      f"WHERE {_differs(dialect, 'c', 'i')}")
    if dialect == "sqlite":
        cursor.execute("CREATE TEMP TABLE IF NOT EXISTS _import_ids (province_code INTEGER, "
                       "case_id TEXT, PRIMARY KEY (province_code, case_id))")
        cursor.execute("DELETE FROM _import_ids")
        cursor.executemany("INSERT OR IGNORE INTO _import_ids VALUES (?, ?)",
                           frame.select("province_code", "case_id").iter_rows())
        existing_ids = [f"{p} {c}" for p, c in cursor.execute(
            "SELECT i.province_code, i.case_id FROM _import_ids i JOIN cases c "
            "ON c.province_code = i.province_code AND c.case_id = i.case_id")]
        stamp: object = now.strftime("%Y-%m-%d %H:%M:%S.%f")
        as_text = frame.with_columns(
            pl.col(pl.Date).cast(pl.Utf8), pl.col(pl.Time).cast(pl.Utf8),
            pl.lit(1).alias("_v"), pl.lit(stamp).alias("_c"), pl.lit(stamp).alias("_u"))
        existing = pl.concat_str("province_code", "case_id", separator=" ").is_in(existing_ids)
        # Rows of existing cases are staged with the column types of cases (no constraints)
        # and compared there; rows known to be new take a plain INSERT.
        cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS _import_rows AS "
                       f"SELECT {columns} FROM cases WHERE 0")
        cursor.execute("DELETE FROM _import_rows")
        marks = ", ".join("?" * len(WRITE_COLUMNS))
        done = 0
        chunk = 20_000
        for sql, part in ((f"INSERT INTO cases ({columns}, version, created_at, updated_at) "
                           f"VALUES ({marks}, ?, ?, ?)", as_text.filter(~existing)),
                          (f"INSERT INTO _import_rows ({columns}) VALUES ({marks})",
                           as_text.filter(existing).select(WRITE_COLUMNS))):
            for start in range(0, part.height, chunk):
                cursor.executemany(sql, part.slice(start, chunk).iter_rows())
                done += min(chunk, part.height - start)
                if progress:
                    progress(done, total)
        before = cursor.execute(select_changed.format(staging="_import_rows")).fetchall()
        _check_existing_in_scope(before, scope)
        staged = ", ".join("i." + c for c in WRITE_COLUMNS)
        cursor.execute(_upsert_sql("sqlite", f"SELECT {staged}, 1, ?, ? FROM _import_rows i "
                                   f"JOIN cases c ON c.province_code = i.province_code "
                                   f"AND c.case_id = i.case_id "
                                   f"WHERE {_differs('sqlite', 'c', 'i')}"), (stamp, stamp))
        cursor.execute("DELETE FROM _import_rows")
        n_existing = len(existing_ids)
        mark = "?"
    else:
        # The column types of cases without its constraints: rows are checked on the upsert.
        # _n keeps the file's order: new cases get their ids in it, whatever the join does.
        cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS _import_cases ON COMMIT DROP AS "
                       f"SELECT {columns}, 0::bigint AS _n FROM cases WITH NO DATA")
        cursor.execute("TRUNCATE _import_cases")
        done = 0
        with cursor.copy(f"COPY _import_cases ({columns}, _n) FROM STDIN") as copy:
            for row in frame.iter_rows():
                copy.write_row((*row, done))
                done += 1
                if progress and done % 20_000 == 0:
                    progress(done, total)
        cursor.execute("ANALYZE _import_cases")
        before = cursor.execute(select_changed.format(staging="_import_cases")).fetchall()
        _check_existing_in_scope(before, scope)
        n_existing = cursor.execute(
            "SELECT COUNT(*) FROM _import_cases i JOIN cases c ON c.province_code = "
            "i.province_code AND c.case_id = i.case_id").fetchone()[0]
        stamp = now
        cursor.execute(_upsert_sql(
            "postgresql", f"SELECT {', '.join('i.' + c for c in WRITE_COLUMNS)}, 1, %s, %s "
            f"FROM _import_cases i LEFT JOIN cases c ON c.province_code = i.province_code "
            f"AND c.case_id = i.case_id "
            f"WHERE c.case_id IS NULL OR {_differs('postgresql', 'c', 'i')} ORDER BY i._n"),
            (now, now))
        if progress:
            progress(total, total)
        mark = "%s"
    staging = "_import_ids" if dialect == "sqlite" else "_import_cases"
    _audit_writes(session, cursor, mark, stamp, scope, origin, before, staging)
    # Only the days of new and changed cases (their old and new day) need counting again.
    written = cursor.execute(
        f"SELECT DISTINCT c.province_code, c.report_day FROM {staging} i JOIN cases c "
        f"ON c.province_code = i.province_code AND c.case_id = i.case_id "
        f"WHERE c.updated_at = {mark}", (stamp,)).fetchall()
    cursor.execute(f"DELETE FROM {staging}")
    _record_relinks(session, frame, before, now, scope, origin)
    day_at = WRITE_COLUMNS.index("report_day")
    keys = {(row[1], _as_date(row[day_at])) for row in before}
    keys |= {(p, _as_date(d)) for p, d in written}
    recount(session, sorted(keys))
    return {"rows": total, "new": total - n_existing, "existing": n_existing}


def _record_relinks(session: Session, frame: pl.DataFrame, before: list[tuple],
                    at: datetime, scope: Scope, origin: str) -> None:
    """Cases whose cluster this write changed get the change in the link history, as a move
    through the cluster service would, so the report as published stays true."""
    at_cluster = WRITE_COLUMNS.index("cluster_id")
    # Patient codes are unique per province: (province_code, case_id) names a case.
    old = {(row[1], row[0]): row[at_cluster] for row in before}
    if not old:
        return
    new = {(p, c): cluster for c, p, cluster in frame.select(
        "case_id", "province_code", "cluster_id").iter_rows() if (p, c) in old}
    moved = [key for key, cluster in old.items() if new.get(key) != cluster]
    for start in range(0, len(moved), 500):
        part = moved[start:start + 500]
        for pk, case_id, province in session.execute(
                select(Case.id, Case.case_id, Case.province_code).where(
                    tuple_(Case.province_code, Case.case_id).in_(part))).all():
            relink(session, pk, province, old[(province, case_id)],
                   new.get((province, case_id)), at=at, actor=scope.actor, reason=origin)


def _as_date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _check_existing_in_scope(before: list[tuple], scope: Scope) -> None:
    at = {c: WRITE_COLUMNS.index(c) for c in ("province_code", "district_code", "ward_code")}
    foreign = [row[0] for row in before if not scope.allows(
        row[at["province_code"]], row[at["district_code"]], row[at["ward_code"]])]
    if foreign:
        raise InvalidInput("case_id " + ", ".join(repr(c) for c in foreign[:10])
                           + " already registered by another jurisdiction; nothing was written")


def _audit_writes(session: Session, cursor, mark: str, stamp: object, scope: Scope,
                  origin: str, before: list[tuple], staging: str) -> None:
    """One audit entry per created case and per changed case (with its diff, personal values
    hashed by the audit).

    Cases written by this call are found through the staging table of their ids, so the cost
    follows the size of the import, not of the line list."""
    at = datetime.now(UTC)
    created = cursor.execute(
        f"SELECT c.case_id, c.province_code FROM {staging} i JOIN cases c "
        f"ON c.province_code = i.province_code AND c.case_id = i.case_id "
        f"WHERE c.created_at = {mark} ORDER BY c.id", (stamp,)).fetchall()
    origin_only = {"origin": origin}
    entries = [{"at": at, "actor": scope.actor, "address": scope.address, "action": "create",
                "entity": "case", "entity_id": case_id, "province_code": province,
                "changes": origin_only} for case_id, province in created]
    if before:
        old = {(row[1], row[0]): dict(zip(WRITE_COLUMNS, row, strict=False)) for row in before}
        changed = cursor.execute(
            f"SELECT {', '.join('c.' + c for c in WRITE_COLUMNS)} FROM {staging} i "
            f"JOIN cases c ON c.province_code = i.province_code AND c.case_id = i.case_id "
            f"WHERE c.updated_at = {mark} AND c.created_at <> {mark} ORDER BY c.id",
            (stamp, stamp)).fetchall()
        for row in changed:
            new = dict(zip(WRITE_COLUMNS, row, strict=False))
            changes = audit.diff(old.get((new["province_code"], new["case_id"])), new)
            changes["origin"] = origin
            entries.append({"at": at, "actor": scope.actor, "address": scope.address,
                            "action": "update", "entity": "case",
                            "entity_id": new["case_id"], "province_code": new["province_code"],
                            "changes": changes})
    audit.append(session, entries)


# --- one case at a time (the API and the pages) -----------------------------------------

def _raise_problems(problems: list[Problem]) -> None:
    if problems:
        raise InvalidInput("; ".join(f"{p.column} {p.shown!r}: {p.message}" for p in problems),
                           [{"field": p.column, "value": p.shown, "message": p.message}
                            for p in problems])


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
        raise NotFound(f"no case {case_id!r}")
    return case


def case_values(session: Session, case: Case) -> dict:
    """A case in the import vocabulary (places and cluster by name), as the API shows it."""
    reg = register()
    cluster = session.get(Cluster, case.cluster_id) if case.cluster_id else None
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
        "cluster": cluster.name if cluster else None,
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
        raise NotFound(f"no case {case_id!r}")
    if current is not None and expected_version is not None and current.version != expected_version:
        raise Conflict(f"case {case_id!r} was changed by someone else (version "
                       f"{current.version}, your edit was made on version {expected_version}); "
                       "reload it and apply your change again")
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
        raise Conflict(f"case {case_id!r} exists already; PATCH it to change it")
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

    def refuse(message: str) -> None:
        raise InvalidInput(f"outcome_date: {message}", [
            {"field": "outcome_date", "value": str(raw or ""), "message": message}])

    if day is None:
        refuse(f"required when the outcome is {outcome}: give the day the case {outcome}")
    if day > local_today():
        refuse(f"{day.isoformat()} is in the future")
    report = _day_or_none(merged.get("report_date"))
    if outcome == "recovered" and report and day < report:
        refuse(f"{day.isoformat()} is before the report date {report.isoformat()}")
    first = min((d for d in (_day_or_none(merged.get("onset_date")),
                             _day_or_none(merged.get("sample_date"))) if d), default=None)
    if outcome == "died" and first and day < first:
        refuse(f"{day.isoformat()} is before the onset or sample date {first.isoformat()}")


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
               ) -> tuple[list[Case], tuple[date, int] | None]:
    """A page of cases, newest reporting day first, and the cursor of the next page.

    Keyset pagination on (report_day, id): a page costs the same at the millionth case as at
    the first, where OFFSET would scan everything before it."""
    query = scoped(select(Case), scope, Case)
    f = filters
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
        query = query.where(Case.case_id.startswith(f.case_id.strip().upper()))
    if after is not None:
        query = query.where(tuple_(Case.report_day, Case.id) < tuple_(*after))
    rows = session.scalars(query.order_by(Case.report_day.desc(), Case.id.desc())
                           .limit(limit + 1)).all()
    page = list(rows[:limit])
    cursor = (page[-1].report_day, page[-1].id) if len(rows) > limit else None
    return page, cursor


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
