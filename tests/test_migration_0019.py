"""Migration 0019 gives every column naming a unit a foreign key to the unit tables: on SQLite and
PostgreSQL the demo's database at 0018 moves with the same rows and the same reports, the
database then refuses a case in a ward no unit carries (and a home care status outside its
vocabulary), and an older database holding such a code stops the upgrade, names the code and
changes nothing."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from alembic import command
from pg_for_tests import blank_database
from sqlalchemy import func, inspect, select, text
from sqlalchemy.exc import IntegrityError

from episurv import models_registry  # noqa: F401
from episurv.db import Base, get_engine
from episurv.migrations import alembic_config, upgrade

sys.path.insert(0, str(Path(__file__).parent / "reporting"))
from test_demo_reports_unchanged import demo_reports  # noqa: E402

# Phúc Xá (ward 1) of Ba Đình (district 1), Hà Nội (province 1); no ward has code 99999.
CASE = text("INSERT INTO cases (province_code, district_code, ward_code, case_id, report_date, "
            "report_day, detected_in, source, outcome, version) VALUES (1, 1, :ward, :code, "
            "'2021-11-07', '2021-11-07', 'community', 'unknown', 'active', 1)")


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    with blank_database(request.param, tmp_path, "episurv_units") as blank:
        yield blank


def _counts(url: str) -> dict[str, int]:
    with get_engine(url).connect() as conn:
        return {t.name: conn.execute(select(func.count()).select_from(t)).scalar()
                for t in Base.metadata.sorted_tables
                if t.name not in ("provinces", "districts", "wards", "case_province_days")}


def _version(url: str) -> str:
    with get_engine(url).connect() as conn:
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _insert_case(url: str, code: str, ward: int) -> None:
    with get_engine(url).begin() as conn:
        conn.execute(CASE, {"code": code, "ward": ward})


def _set_care_status(url: str, status: str, was: str = "home") -> None:
    """The care status of the demo's first person whose status is `was`."""
    with get_engine(url).begin() as conn:
        conn.execute(text("UPDATE homecare_people SET care_status = :s WHERE id = (SELECT "
                          "min(id) FROM homecare_people WHERE care_status = :was)"),
                     {"s": status, "was": was})


# One build of the demo for this test and the other migration tests of the same demo.
@pytest.mark.xdist_group("demo_400_2021")
def test_the_demo_moves_to_unit_keys_and_an_unknown_ward_is_refused(demo_of_its_own,
                                                                     monkeypatch):
    url = demo_of_its_own(400, 2021)
    monkeypatch.setenv("EPISURV_DATABASE_URL", url)
    reports, counts = demo_reports(url), _counts(url)
    assert counts["cases"] == 400 and counts["admin_units"] == 11366

    command.downgrade(alembic_config(url), "0018")
    assert _counts(url) == counts
    _insert_case(url, "BN-OLD", 99999)  # before: nothing stops it
    _set_care_status(url, "holiday")  # nor a care status outside the vocabulary
    with get_engine(url).begin() as conn:
        conn.execute(text("DELETE FROM cases WHERE case_id = 'BN-OLD'"))
    _set_care_status(url, "home", was="holiday")

    command.upgrade(alembic_config(url), "0019")
    assert _version(url) == "0019"
    assert _counts(url) == counts
    assert demo_reports(url) == reports
    with get_engine(url).connect() as conn:
        keys = [conn.execute(text(f"SELECT count(*) FROM {t}")).scalar()
                for t in ("provinces", "districts", "wards")]
    assert keys == [63, 705, 10598]  # the 2021 register: 63 + 705 + 10,598 = 11,366 units

    _insert_case(url, "BN-P1", 1)
    with pytest.raises(IntegrityError, match="(?i)foreign key"):
        _insert_case(url, "BN-X", 99999)
    with get_engine(url).connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM cases WHERE case_id LIKE 'BN-%'")) \
            .scalar() == 1
    with pytest.raises(IntegrityError, match="(?i)check"):
        _set_care_status(url, "holiday")


def test_an_old_database_with_an_unknown_ward_stops_the_upgrade_and_names_it(url):
    upgrade(url, "0018")
    with get_engine(url).begin() as conn:
        conn.execute(text("INSERT INTO admin_units (level, code, name, short_name, "
                          "division_type, parent_code, province_code) VALUES ('province', 1, "
                          "'Thành phố Hà Nội', 'Hà Nội', 'thành phố trung ương', NULL, 1), "
                          "('district', 1, 'Quận Ba Đình', 'Ba Đình', 'quận', 1, 1), "
                          "('ward', 1, 'Phường Phúc Xá', 'Phúc Xá', 'phường', 1, 1)"))
    _insert_case(url, "BN1", 1)
    _insert_case(url, "BN2", 99999)
    _insert_case(url, "BN3", 99999)
    with pytest.raises(Exception, match=r"cases\.ward_code holds codes no ward has: "
                                        r"99999 \(2 rows\)"):
        upgrade(url)
    assert _version(url) == "0018"
    with get_engine(url).connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM cases")).scalar() == 3
        tables = set(inspect(conn).get_table_names())
    assert "wards" not in tables
