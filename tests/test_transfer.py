"""A whole database moved: SQLite to PostgreSQL and back, backup and restore, each verified
table by table; a non-empty target is refused and left as it was."""

from __future__ import annotations

from contextlib import nullcontext

import pytest
from pg_for_tests import fresh_schema
from sqlalchemy import func, select, text
from typer.testing import CliRunner

from episurv.cases.models import Case
from episurv.cli import app
from episurv.db import session_scope
from episurv.errors import InvalidInput
from episurv.reporting.service import daily_report_for
from episurv.setup import build_demo
from episurv.transfer import backup, copy_database, database_checks, restore


@pytest.fixture(scope="module")
def demo_sqlite(tmp_path_factory):
    """A small synthetic outbreak in an SQLite file: cases, clusters, counts, audit, accounts;
    with its checks (`database_checks`), taken once: no test writes to it."""
    url = f"sqlite:///{tmp_path_factory.mktemp('src') / 'source.db'}"
    build_demo(400, 7, url=url)
    return url, database_checks(url)


@pytest.fixture(scope="module")
def copied_pg(demo_sqlite):
    """The demo copied into a fresh PostgreSQL schema, and what `copy_database` answered: made
    once for the module's tests, which leave it as it was (a rolled back insert, a refused
    copy)."""
    with fresh_schema("episurv_copy") as url:
        yield url, copy_database(demo_sqlite[0], url)


def _counts(url: str) -> dict[str, int]:
    return {c.table: c.rows for c in database_checks(url)}


def test_sqlite_to_postgresql_and_back_is_exact(demo_sqlite, copied_pg, tmp_path, monkeypatch):
    (demo_sqlite, source), (pg, result) = demo_sqlite, copied_pg
    counts = {c.table: c.rows for c in source}
    assert counts["cases"] == 400
    assert result["rows"] == sum(counts.values())
    assert database_checks(pg) == source

    # The reports read the same figures from both.
    day = "2021-11-07"
    monkeypatch.setenv("EPISURV_DATABASE_URL", demo_sqlite)
    before = daily_report_for("Hà Nội", day)
    monkeypatch.setenv("EPISURV_DATABASE_URL", pg)
    assert daily_report_for("Hà Nội", day) == before

    # New rows take ids past the copied ones (the sequences moved).
    with session_scope(pg) as s:
        top = s.scalar(select(func.max(Case.id)))
        s.execute(text("INSERT INTO cases (case_id, province_code, report_date, report_day, "
                       "detected_in, source, outcome, version) VALUES ('NEW1', 1, '2021-11-08', "
                       "'2021-11-08', 'community', 'unknown', 'active', 1)"))
        assert s.scalar(select(Case.id).where(Case.case_id == "NEW1")) == top + 1
        s.rollback()

    back = f"sqlite:///{tmp_path / 'back.db'}"
    copy_database(pg, back)
    assert database_checks(back) == source


def test_a_non_empty_target_is_refused_and_left_as_it_was(demo_sqlite, copied_pg):
    (demo_sqlite, _source), (target, _result) = demo_sqlite, copied_pg
    before = database_checks(target)
    with pytest.raises(InvalidInput, match=r"is not empty \(data in audit_log, "
                                           r"case_province_days, data_versions, "):
        copy_database(demo_sqlite, target)
    assert database_checks(target) == before


# The demo the web and browser tests share: one build for the group, under `--dist loadgroup`.
@pytest.mark.xdist_group("demo_700_5")
def test_backup_and_restore_round_trip(db, demo_builds, tmp_path):
    """On the backend of `db` (SQLite and PostgreSQL): backup, wipe, restore, compare."""
    demo_builds(700, 5, db)
    original = database_checks(db)
    file = tmp_path / "episurv-backup.db"
    backup(db, file)
    with pytest.raises(InvalidInput, match="exists already"):
        backup(db, file)

    with (nullcontext(f"sqlite:///{tmp_path / 'restored.db'}") if db.startswith("sqlite")
          else fresh_schema("episurv_restore")) as target:
        restore(file, target)
        assert database_checks(target) == original
        assert {c.table: c.rows for c in original}["cases"] == 700


def test_restore_refuses_what_is_not_a_backup(tmp_path, db):
    bogus = tmp_path / "notes.db"
    bogus.write_text("case_id,name\nBN1,someone\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["restore", str(bogus)])
    assert result.exit_code == 2
    assert "is not an episurv backup (not an SQLite database)" in result.output
    assert _counts(db)["cases"] == 0
