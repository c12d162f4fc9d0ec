"""Builds the synthetic national outbreak into the database, chunk by chunk: each chunk of the
line list (`national.numbered_chunks`) is checked and typed by the import rules
(`cases.validation.validate_frame`: codes of the places, reporting day by the cut-off), its
clusters found or made by the importer's rule (`cases.service.cluster_ids`), and written
straight to `cases` in bulk (COPY on PostgreSQL) with ids taken in chunk order; its contacts
(`national_contacts`) and home care (`national_homecare`) are drawn from the same typed
columns, not read back, and written beside it in the same transaction. When a province's last
chunk is in, its daily counts are rebuilt once (`cases.counts.recount`, the one rebuild) and
its daily figures (`national_figures`) sent. Memory holds one chunk and a few counters per
province and day, whatever the size. On PostgreSQL the foreign keys of the tables written in
bulk are dropped for the build and added back at its end (`db.foreign_keys_set_aside`), which
checks every row in one join per partition instead of by a query per row.

THE DATA IS SYNTHETIC: the build writes one audit entry for the whole of it (who, what, how
many rows of each table, which seed), not one per generated case as an import of real records
does.

Same seed, size and empty database: the same rows (every draw comes from a generator seeded by
(seed, part, chunk number), and the ids are taken in chunk order). The rows are those the
line-list importer makes of the same chunk, but for the audit.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import numpy as np
import polars as pl
from sqlalchemy.orm import Session

from episurv.accounts import audit
from episurv.accounts.scope import SYSTEM
from episurv.aggregates.service import submit
from episurv.cases.counts import recount
from episurv.cases.models import Case
from episurv.cases.service import WRITE_COLUMNS, cluster_ids, cluster_keys
from episurv.cases.validation import ROW, Memo, validate_frame
from episurv.cases.vocabulary import COLUMNS
from episurv.config import get_settings
from episurv.db import bulk_insert, foreign_keys_set_aside, reserve_ids, session_scope
from episurv.demo.national import numbered_chunks, province_places
from episurv.demo.national_contacts import FLUSH_ROWS, write_contacts
from episurv.demo.national_figures import ProvinceFigures
from episurv.demo.national_homecare import write_homecare

Progress = Callable[[int, int], None]
SOURCE = "demo national (synthetic)"
CASE_COLUMNS = ("id", *WRITE_COLUMNS, "version", "created_at", "updated_at")
# The tables written in bulk, whose foreign keys are checked once at the end of the build
# (db.foreign_keys_set_aside) rather than by a query per row.
BULK_TABLES = ("cases", "contacts", "contact_tests", "contact_checks", "homecare_households",
               "homecare_people", "homecare_checkins", "homecare_tests", "homecare_releases")
_NUMERIC = ("id", "province_code", "district_code", "ward_code", "age", "vaccine_doses")


def _write_cases(session: Session, columns: dict[str, list[str]], memo: Memo,
                 keys: dict[str, str]) -> dict[str, np.ndarray]:
    """Type the chunk by the import rules, write it to `cases`, and return its columns as the
    register now holds them (for the contacts, home care and figures drawn from it)."""
    frame = pl.DataFrame(columns, schema={c: pl.Utf8 for c in COLUMNS})
    typed, problems = validate_frame(frame, cutoff=get_settings().cutoff, memo=memo,
                                     normalised=True)
    if problems:  # the generator broke a rule of the register: stop before writing anything
        raise ValueError("synthetic rows break the import rules: " + "; ".join(
            f"row {p.row} {p.column} {p.shown!r}: {p.message}" for p in problems[:5]))
    typed = typed.with_columns(cluster_keys(typed["cluster"], keys))
    places = typed.filter(pl.col("_key").is_not_null()).group_by(
        "province_code", "_key", "district_code", "ward_code").agg(
        pl.len(), pl.col(ROW).min()).rows()
    named = dict(zip(typed[ROW].to_list(), typed["cluster"].to_list(), strict=True)) \
        if places else {}
    ids = cluster_ids(session, places, lambda firsts: {f: named[f] for f in firsts})
    cluster_id = pl.Series([ids.get((p, k)) if k is not None else None for p, k in zip(
        typed["province_code"].to_list(), typed["_key"].to_list(), strict=True)],
        dtype=pl.Int64)
    n = typed.height
    now = datetime.now(UTC)
    typed = typed.with_columns(
        pl.Series("id", np.arange(n, dtype=np.int64) + reserve_ids(session, "cases", n)),
        cluster_id.alias("cluster_id"), pl.lit(1).alias("version"))
    connection = session.connection()
    sqlite = connection.dialect.name == "sqlite"
    stored = typed.select(CASE_COLUMNS[:-2])
    if sqlite:
        # As the importer's staging stores them on SQLite (cases.service.Staging): times as
        # "HH:MM:SS" and moments as SQLAlchemy writes them, where the Time type would write
        # "HH:MM:SS.ffffff", which text comparisons with the cut-off would read differently.
        stored = stored.with_columns(pl.col(pl.Date).cast(pl.Utf8), pl.col(pl.Time).cast(pl.Utf8))
        stamp: object = now.strftime("%Y-%m-%d %H:%M:%S.%f")
        cursor = connection.connection.driver_connection.cursor()
        insert = (f"INSERT INTO cases ({', '.join(CASE_COLUMNS)}) "
                  f"VALUES ({', '.join('?' * len(CASE_COLUMNS))})")
    for start in range(0, n, FLUSH_ROWS):
        rows = (row + (stamp, stamp) if sqlite else row + (now, now)
                for row in stored.slice(start, FLUSH_ROWS).iter_rows())
        if sqlite:
            cursor.executemany(insert, rows)
        else:
            bulk_insert(session, Case.__table__, CASE_COLUMNS, rows)
    cases = {}
    for name in ("id", "case_id", "province_code", "district_code", "ward_code",
                 "report_date", "report_day", "detected_in", "age", "sex", "vaccine_doses",
                 "severity", "outcome", "outcome_date", "name", "phone", "address"):
        cases[name] = (typed[name].to_numpy().astype(np.int64) if name in _NUMERIC
                       else np.array(typed[name].to_list(), dtype=object))
    return cases


def build(n_cases: int, seed: int, url: str | None = None,
          progress: Progress | None = None) -> dict[str, int]:
    """Write the national outbreak; returns the rows written per table."""
    written: dict[str, int] = {"cases": 0, "contacts": 0, "contact_tests": 0,
                               "contact_checks": 0, "homecare_people": 0,
                               "homecare_checkins": 0, "homecare_releases": 0, "figures": 0}
    with foreign_keys_set_aside(url, BULK_TABLES):
        _build_chunks(n_cases, seed, url, progress, written)
    with session_scope(url) as session:
        audit.append(session, at=datetime.now(UTC), actor=SYSTEM.actor, address=None,
                     action="create", entity="demo",
                     items=[("national", None, {"origin": SOURCE, "seed": seed, **written})])
    return written


def _build_chunks(n_cases: int, seed: int, url: str | None, progress: Progress | None,
                  written: dict[str, int]) -> None:
    figures: ProvinceFigures | None = None
    days: set[date] = set()
    memo, keys = Memo(), {}
    for k, code, chunk in numbered_chunks(n_cases, seed):
        if figures is not None and figures.province_code != code:
            written["figures"] += _close(figures, days, seed, url)
            figures, days = None, set()
        figures = figures or ProvinceFigures(code)
        with session_scope(url) as session:
            cases = _write_cases(session, chunk, memo, keys)
            figures.add(cases)
            days.update(cases["report_day"].tolist())
            places = province_places(code)
            done = write_contacts(session, np.random.default_rng([seed, 2, k]), cases,
                                  places.ward_codes, places.district_codes,
                                  places.ward_full, places.rural)
            done |= write_homecare(session, np.random.default_rng([seed, 3, k]), cases)
        written["cases"] += len(chunk["case_id"])
        for name, n in done.items():
            written[name] += n
        if progress:
            progress(written["cases"], n_cases)
    if figures is not None:
        written["figures"] += _close(figures, days, seed, url)


def _close(figures: ProvinceFigures, days: set[date], seed: int, url: str | None) -> int:
    """A province's last chunk is in: rebuild its counts once, then send its figures."""
    with session_scope(url) as session:
        recount(session, [(figures.province_code, day) for day in days])
    return _send(figures, seed, url)


def _send(figures: ProvinceFigures, seed: int, url: str | None) -> int:
    with session_scope(url) as session:
        return submit(session, figures.figures(seed), scope=SYSTEM, source=SOURCE)["new"]
