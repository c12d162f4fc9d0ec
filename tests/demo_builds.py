"""The demo of a given size and seed, built once per store in a test process and copied back
for each later test that asks for the same one.

A build runs the generator, the importer, the levels, home care and the investigation (about
twelve seconds of processor time for 700 cases); copying back the ten thousand rows it wrote
takes a fraction of that. Each test still starts from an empty database holding exactly the
rows a build writes, so tests that change the demo keep their isolation. The tests of the
build itself (tests/demo/) call `build_demo`, not this, but for the test of a second build on
top of a first, which starts from this copy of the first.

On PostgreSQL the demo is the SQLite build's rows written there, not a build of its own: a
build writes the same rows on either store (tests/demo/test_national_investigation.py checks
it for the national build; `episurv transfer` copies one store's rows to the other, checked
table by table in tests/test_transfer.py), and the PostgreSQL build of the 2,000-case demo took
twice the SQLite one's time. The builds on PostgreSQL itself are tests/demo/'s.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable
from datetime import UTC

from sqlalchemy import DateTime, inspect, select, text

from episurv.db import Base, get_engine
from episurv.setup import build_demo
from episurv.transfer import reset_sequences

Rows = dict[str, list[dict]]


class DemoBuilds:
    """`build_demo(n_cases, seed, url=url)` on an empty database, the first time for real."""

    def __init__(self, empty: Callable[[str], None], static: set[str],
                 sqlite_url: Callable[[], str]) -> None:
        self._empty = empty
        self._static = static
        self._sqlite_url = sqlite_url  # the process's SQLite database, where builds are made
        self._saved: dict[tuple, tuple[dict, Rows]] = {}

    def __call__(self, n_cases: int, seed: int, url: str) -> dict:
        # The settings a build reads (the cut-off, the wave's start) are part of what it is.
        settings = tuple(sorted((k, v) for k, v in os.environ.items()
                                if k.startswith("EPISURV_") and k != "EPISURV_DATABASE_URL"))
        key = (url, n_cases, seed, settings)  # the url: a copy goes back where it was built
        if key not in self._saved and not url.startswith("sqlite"):
            # The SQLite build's rows, as PostgreSQL keeps its moments (aware, in UTC); its
            # sequences then moved past them, as `episurv transfer` moves them.
            result, rows = self._built(self._sqlite_url(), n_cases, seed, settings)
            self._empty(url)
            self._write(url, _aware(rows))
            with get_engine(url).begin() as conn:
                reset_sequences(conn, self._tables(conn))
            self._saved[key] = (result, self._read(url))
            return copy.deepcopy(result)
        return copy.deepcopy(self._built(url, n_cases, seed, settings)[0])

    def _built(self, url: str, n_cases: int, seed: int, settings: tuple) -> tuple[dict, Rows]:
        """The build on `url`, made there the first time, copied back afterwards."""
        self._empty(url)
        key = (url, n_cases, seed, settings)
        if key not in self._saved:
            result = build_demo(n_cases, seed, url=url)
            self._saved[key] = (result, self._read(url))
        else:
            self._write(url, self._saved[key][1])
        return self._saved[key]

    def _tables(self, conn):
        existing = set(inspect(conn).get_table_names())
        return [t for t in Base.metadata.sorted_tables
                if t.name not in self._static and t.name in existing]

    def _read(self, url: str) -> Rows:
        with get_engine(url).connect() as conn:
            rows = {t.name: [dict(r) for r in conn.execute(
                select(t).order_by(*t.primary_key.columns)).mappings()]
                for t in self._tables(conn)}
            # The one thing of the static tables a build changes: the wards' populations.
            rows["admin_units"] = [dict(r) for r in conn.execute(text(
                "SELECT code, population, population_source FROM admin_units "
                "WHERE level = 'ward' AND population IS NOT NULL")).mappings()]
        return rows

    def _write(self, url: str, rows: Rows) -> None:
        with get_engine(url).begin() as conn:
            # The same ids as the build's: PostgreSQL's sequences, which gave them out in this
            # same schema, are past them already.
            for table in self._tables(conn):
                if rows[table.name]:
                    conn.execute(table.insert(), rows[table.name])
            if rows["admin_units"]:
                conn.execute(text(
                    "UPDATE admin_units SET population = :population, "
                    "population_source = :population_source WHERE level = 'ward' AND code = :code"),
                    rows["admin_units"])


def _aware(rows: Rows) -> Rows:
    """`rows` read from SQLite, whose moments are naive UTC, with their moments aware."""
    moments = {table.name: [c.name for c in table.columns if isinstance(c.type, DateTime)]
               for table in Base.metadata.sorted_tables}
    return {name: [{k: (v.replace(tzinfo=UTC) if k in moments.get(name, ()) and v is not None
                        and v.tzinfo is None else v) for k, v in row.items()}
                   for row in table_rows]
            for name, table_rows in rows.items()}
