"""The demo of a given size and seed, built once per store in a test process and copied back
for each later test that asks for the same one.

A build runs the generator, the importer, the levels, home care and the investigation (about
twelve seconds of processor time for 700 cases); copying back the ten thousand rows it wrote
takes a fraction of that. Each test still starts from an empty database holding exactly the
rows a build writes, so tests that change the demo keep their isolation. The tests of the
build itself (tests/demo/) call `build_demo`, not this, but for the test of a second build on
top of a first, which starts from this copy of the first.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable

from sqlalchemy import inspect, select, text

from episurv.db import Base, get_engine
from episurv.setup import build_demo

Rows = dict[str, list[dict]]


class DemoBuilds:
    """`build_demo(n_cases, seed, url=url)` on an empty database, the first time for real."""

    def __init__(self, empty: Callable[[str], None], static: set[str]) -> None:
        self._empty = empty
        self._static = static
        self._saved: dict[tuple, tuple[dict, Rows]] = {}

    def __call__(self, n_cases: int, seed: int, url: str) -> dict:
        self._empty(url)
        # The settings a build reads (the cut-off, the wave's start) are part of what it is.
        settings = tuple(sorted((k, v) for k, v in os.environ.items()
                                if k.startswith("EPISURV_") and k != "EPISURV_DATABASE_URL"))
        key = (url, n_cases, seed, settings)  # the url: a copy goes back where it was built
        if key not in self._saved:
            result = build_demo(n_cases, seed, url=url)
            self._saved[key] = (result, self._read(url))
            return copy.deepcopy(result)
        result, rows = self._saved[key]
        self._write(url, rows)
        return copy.deepcopy(result)

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
