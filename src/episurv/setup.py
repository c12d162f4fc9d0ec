"""Bringing a database to a usable state: migrations, units, demo data."""

from __future__ import annotations

import tempfile
from pathlib import Path

from episurv.cases.service import Progress
from episurv.config import get_settings
from episurv.db import session_scope
from episurv.migrations import upgrade


def init_database(url: str | None = None) -> int:
    """Migrate to head and seed the administrative units; returns how many units were added."""
    from episurv.geo.service import seed_units

    url = url or get_settings().database_url
    upgrade(url)
    with session_scope(url) as session:
        return seed_units(session)


def build_demo(n_cases: int | None, seed: int, progress: Progress | None = None,
               url: str | None = None) -> dict:
    """Initialise the database and import a synthetic Hà Nội outbreak through the importer."""
    from episurv.cases.importer import import_cases
    from episurv.demo.generator import generate, write_csv

    init_database(url)
    rows = generate(n_cases, seed)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demo-cases.csv"
        write_csv(rows, path)
        with session_scope(url) as session:
            return import_cases(session, path, progress=progress)
