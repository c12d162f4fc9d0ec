"""Builds the synthetic national outbreak into the database, chunk by chunk: each chunk of the
line list (`national.numbered_chunks`) goes through the line-list importer, is read back from
the register (its ids, reporting days and places as the importer decided them), and its
contacts (`national_contacts`) and home care (`national_homecare`) are written beside it in the
same transaction. Each province's daily figures (`national_figures`) are sent once its last
chunk is in. Memory holds one chunk and a few counters per province and day, whatever the size.

Same seed, size and empty database: the same rows (every draw comes from a generator seeded by
(seed, part, chunk number), and the ids are taken in chunk order).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
from sqlalchemy import text
from sqlalchemy.orm import Session

from episurv.accounts.scope import SYSTEM
from episurv.aggregates.service import submit
from episurv.cases.importer import import_cases
from episurv.db import session_scope
from episurv.demo.generator import write_columns_csv
from episurv.demo.national import numbered_chunks, province_places
from episurv.demo.national_contacts import write_contacts
from episurv.demo.national_figures import ProvinceFigures
from episurv.demo.national_homecare import write_homecare

Progress = Callable[[int, int], None]
READ_BACK = ("id", "case_id", "province_code", "district_code", "ward_code", "report_date",
             "report_day", "detected_in", "age", "sex", "vaccine_doses", "severity", "outcome",
             "outcome_date", "name", "phone", "address")
SOURCE = "demo national (synthetic)"


def _chunk_cases(session: Session, province: int, first: str, last: str
                 ) -> dict[str, np.ndarray]:
    """The chunk's cases as the register holds them, in case code order (one index range)."""
    rows = session.execute(text(
        f"SELECT {', '.join(READ_BACK)} FROM cases WHERE province_code = :p "
        "AND case_id BETWEEN :first AND :last ORDER BY case_id"),
        {"p": province, "first": first, "last": last}).all()
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(READ_BACK)
    out = {}
    for name, values in zip(READ_BACK, columns, strict=True):
        numeric = name in ("id", "province_code", "district_code", "ward_code", "age",
                           "vaccine_doses")
        out[name] = np.array(values, dtype=np.int64 if numeric else object)
    # Dates come back as text from SQLite and as dates from PostgreSQL: one kind for the rules.
    for name in ("report_date", "report_day", "outcome_date"):
        out[name] = np.array([_date(v) for v in out[name]], dtype=object)
    return out


def _date(value):
    from datetime import date

    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def build(n_cases: int, seed: int, url: str | None = None,
          progress: Progress | None = None) -> dict[str, int]:
    """Write the national outbreak; returns the rows written per table."""
    written: dict[str, int] = {"cases": 0, "contacts": 0, "contact_tests": 0,
                               "contact_checks": 0, "homecare_people": 0,
                               "homecare_checkins": 0, "homecare_releases": 0, "figures": 0}
    figures: ProvinceFigures | None = None
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demo-national.csv"
        for k, code, chunk in numbered_chunks(n_cases, seed):
            if figures is not None and figures.province_code != code:
                written["figures"] += _send(figures, seed, url)
                figures = None
            figures = figures or ProvinceFigures(code)
            write_columns_csv(chunk, path)
            with session_scope(url) as session:
                import_cases(session, path, scope=SYSTEM)
                cases = _chunk_cases(session, code, chunk["case_id"][0], chunk["case_id"][-1])
                figures.add(cases)
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
            written["figures"] += _send(figures, seed, url)
    return written


def _send(figures: ProvinceFigures, seed: int, url: str | None) -> int:
    with session_scope(url) as session:
        return submit(session, figures.figures(seed), scope=SYSTEM, source=SOURCE)["new"]
