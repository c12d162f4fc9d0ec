"""Migration 0014 gives the case register the outcome "transferred": on SQLite and PostgreSQL a
database at 0013 with cases keeps every row, then takes "transferred" and still refuses a word
outside the vocabulary; going back turns transferred cases active again."""

from __future__ import annotations

import pytest
from alembic import command
from pg_for_tests import fresh_schema
from sqlalchemy import text
from sqlalchemy.exc import DataError, IntegrityError

from episurv.db import get_engine
from episurv.migrations import alembic_config, upgrade

INSERT = text("INSERT INTO cases (province_code, case_id, report_date, report_day, detected_in, "
              "source, outcome, outcome_date, version) VALUES (1, :code, '2021-11-07', "
              "'2021-11-07', 'community', 'unknown', :outcome, :day, 1)")


@pytest.fixture(params=["sqlite", "postgresql"])
def at_0013(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path}/old.db"
        upgrade(url, "0013")
        yield url
        get_engine(url).dispose()
        return
    with fresh_schema("episurv_mig") as url:
        upgrade(url, "0013")
        yield url


def _outcomes(url: str) -> dict[str, tuple[str, str | None]]:
    with get_engine(url).connect() as conn:
        return {code: (outcome, str(day) if day else None) for code, outcome, day in
                conn.execute(text("SELECT case_id, outcome, outcome_date FROM cases"))}


def _insert(url: str, code: str, outcome: str, day: str | None = None) -> None:
    with get_engine(url).begin() as conn:
        conn.execute(INSERT, {"code": code, "outcome": outcome, "day": day})


def test_0014_allows_transferred_and_keeps_every_case(at_0013):
    _insert(at_0013, "BN1", "active")
    _insert(at_0013, "BN2", "died", "2021-11-10")
    # Before: not an outcome (PostgreSQL: nor does it fit the column).
    with pytest.raises((IntegrityError, DataError)):
        _insert(at_0013, "BN3", "transferred", "2021-11-09")
    upgrade(at_0013, "0014")
    assert _outcomes(at_0013) == {"BN1": ("active", None), "BN2": ("died", "2021-11-10")}
    _insert(at_0013, "BN3", "transferred", "2021-11-09")
    with pytest.raises(IntegrityError):
        _insert(at_0013, "BN4", "moved")
    assert _outcomes(at_0013)["BN3"] == ("transferred", "2021-11-09")

    command.downgrade(alembic_config(at_0013), "0013")
    assert _outcomes(at_0013) == {"BN1": ("active", None), "BN2": ("died", "2021-11-10"),
                                  "BN3": ("active", None)}
    with pytest.raises((IntegrityError, DataError)):
        _insert(at_0013, "BN5", "transferred")
